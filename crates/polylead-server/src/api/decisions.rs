//! `/api/v1/decisions`: proposing decisions, taking them through advice or consent, and the
//! "waiting on you" inbox. Every step names the acting person (see [`Actor`]).

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use polylead_core::account::AccountRole;
use polylead_core::decision::{Decision, DecisionStatus, Outcome, Proposal, Response};
use polylead_core::domain::Process;
use polylead_core::ids::{DecisionId, DomainId, PersonId, ResponseId};
use polylead_core::lifecycle::{Action, Case, Waiting};
use polylead_store::{DecisionEvent, DecisionFilter, StoredDecision};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api::rights::{AnswerView, QuestionRequest};
use crate::api::{PageQuery, PageView};
use crate::auth::Identity;
use crate::error::{ApiError, ErrorView};
use crate::extract::{Actor, Json, Path, Query};
use crate::flow;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(propose_decision, list_decisions))
        .routes(routes!(get_decision))
        .routes(routes!(take_step))
        .routes(routes!(get_inbox))
        .routes(routes!(propose_change))
}

/// A new proposal.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalRequest {
    pub title: String,
    pub proposal: Option<String>,
    #[serde(flatten)]
    pub question: QuestionRequest,
    /// Open it at once (the default); `false` keeps it a draft.
    #[serde(default = "yes")]
    pub open: bool,
}

fn yes() -> bool {
    true
}

/// One object with [`QuestionRequest`]'s fields and the proposal's own. The derived schema
/// would be `allOf` of the two, which no body satisfies: each part forbids the other's fields
/// (`additionalProperties: false`, from `deny_unknown_fields`).
impl PartialSchema for ProposalRequest {
    fn schema() -> RefOr<Schema> {
        let mut object = match QuestionRequest::schema() {
            RefOr::T(Schema::Object(object)) => object,
            other => return other,
        };
        object.description = Some("A new proposal.".to_owned());
        object.required.insert(0, "title".to_owned());
        let title = ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("What is proposed, 1 to 300 characters."))
            .examples(["Two nurses on every night shift"]);
        let proposal = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some("The proposal's text."));
        let open = ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .description(Some("Open it at once (the default); `false` keeps it a draft."))
            .default(Some(true.into()));
        object.properties.insert("title".to_owned(), title.into());
        object.properties.insert("proposal".to_owned(), proposal.into());
        object.properties.insert("open".to_owned(), open.into());
        RefOr::T(Schema::Object(object))
    }
}

impl ToSchema for ProposalRequest {}

/// A step on a decision, by the signed-in person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepRequest {
    /// Draft → open.
    Open,
    /// Give advice (advice process).
    Advise { text: String },
    /// Consent (consent process).
    Consent { text: Option<String> },
    /// Object, with a reason (consent process).
    Object { reason: String },
    /// Amend the proposal so that the objection no longer stands.
    Integrate { objection: String, proposal: String },
    /// Withdraw your own objection.
    WithdrawObjection { objection: String },
    /// Escalate an objection that cannot be integrated.
    EscalateObjection { objection: String },
    /// Decide (advice, autonomous or escalated) or adopt early (consent); optionally set a review date (RFC 3339).
    Decide { rationale: String, review_due: Option<String> },
    /// Withdraw your proposal.
    Withdraw { reason: Option<String> },
    /// Review the outcome: `worked`, `partly` or `did_not`, and what was learned.
    Review { outcome: String, learned: String },
}

impl StepRequest {
    pub fn action(self) -> Result<Action, ApiError> {
        let objection = |id: &str| ResponseId::parse(id);
        Ok(match self {
            StepRequest::Open => Action::Open,
            StepRequest::Advise { text } => Action::Advise { text },
            StepRequest::Consent { text } => Action::Consent { text },
            StepRequest::Object { reason } => Action::Object { reason },
            StepRequest::Integrate { objection: id, proposal } => {
                Action::Integrate { objection: objection(&id)?, proposal }
            }
            StepRequest::WithdrawObjection { objection: id } => {
                Action::WithdrawObjection { objection: objection(&id)? }
            }
            StepRequest::EscalateObjection { objection: id } => {
                Action::EscalateObjection { objection: objection(&id)? }
            }
            StepRequest::Decide { rationale, review_due } => Action::Decide {
                rationale,
                review_due: review_due
                    .map(|text| {
                        text.parse::<Timestamp>()
                            .map_err(|e| ApiError::Invalid(format!("review_due {text:?} is not an RFC 3339 time: {e}")))
                    })
                    .transpose()?,
            },
            StepRequest::Withdraw { reason } => Action::Withdraw { reason },
            StepRequest::Review { outcome, learned } => {
                Action::Review { outcome: outcome.parse::<Outcome>()?, learned }
            }
        })
    }
}

/// A decision in a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DecisionSummaryView {
    pub id: String,
    pub domain: String,
    pub title: String,
    pub proposer: String,
    pub decider: Option<String>,
    pub process: String,
    /// draft, open, decided, adopted, withdrawn, escalated, review_due or reviewed.
    pub status: String,
    pub created_at: String,
    pub deadline: Option<String>,
    pub decided_at: Option<String>,
}

impl From<&Decision> for DecisionSummaryView {
    fn from(decision: &Decision) -> DecisionSummaryView {
        DecisionSummaryView {
            id: decision.id.to_string(),
            domain: decision.domain.to_string(),
            title: decision.title.clone(),
            proposer: decision.proposer.to_string(),
            decider: decision.decider.as_ref().map(ToString::to_string),
            process: decision.process.as_str().into(),
            status: decision.status.as_str().into(),
            created_at: decision.created_at.to_string(),
            deadline: decision.deadline.map(|t| t.to_string()),
            decided_at: decision.decided_at.map(|t| t.to_string()),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResponseView {
    pub id: String,
    pub person: String,
    /// advice, consent or objection.
    pub kind: String,
    pub text: Option<String>,
    pub given_at: String,
    /// For objections: integrated, withdrawn or escalated; null while open.
    pub resolution: Option<String>,
}

impl From<&Response> for ResponseView {
    fn from(response: &Response) -> ResponseView {
        ResponseView {
            id: response.id.to_string(),
            person: response.person.to_string(),
            kind: response.kind.as_str().into(),
            text: response.text.clone(),
            given_at: response.given_at.to_string(),
            resolution: response.resolution.map(|r| r.as_str().into()),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventView {
    pub kind: String,
    /// Null when time took the step (the scheduler).
    pub actor: Option<String>,
    pub at: String,
    pub notified: Vec<String>,
}

impl From<DecisionEvent> for EventView {
    fn from(event: DecisionEvent) -> EventView {
        EventView { kind: event.kind, actor: event.actor, at: event.at.to_string(), notified: event.notify }
    }
}

/// A decision with its advice and objections, its timeline, and what the rights say now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DecisionView {
    #[serde(flatten)]
    pub summary: DecisionSummaryView,
    pub proposal: Option<String>,
    pub amount: Option<f64>,
    pub scope: Option<String>,
    pub tags: Vec<String>,
    pub rationale: Option<String>,
    pub review_due: Option<String>,
    pub outcome: Option<String>,
    pub learned: Option<String>,
    /// Increases with every step.
    pub version: i64,
    pub responses: Vec<ResponseView>,
    pub timeline: Vec<EventView>,
    /// Who decides it, whom to ask and why, as of now.
    pub rights: AnswerView,
    /// Required advisors who have not answered yet.
    pub awaiting: Vec<String>,
    /// What happens next, in one sentence.
    pub next: String,
}

/// Decisions newest first, filtered by status, domain or person (proposer or decider).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    /// Only decisions in this status.
    pub status: Option<String>,
    pub domain: Option<String>,
    /// Only decisions this person proposed or decided.
    pub person: Option<String>,
    pub offset: Option<u64>,
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WaitingView {
    pub decision: DecisionSummaryView,
    /// advice_requested, consent_open, objection_to_resolve, ready_to_decide, overdue,
    /// escalated or review_due.
    pub reason: String,
    /// When it must be done by.
    pub by: Option<String>,
}

pub async fn decision_view(state: &AppState, stored: StoredDecision) -> Result<DecisionView, ApiError> {
    let organisation = state.structure.current(&state.store).await?;
    let at = flow::now().max(stored.decision.created_at);
    let rights = flow::rights_of(&organisation, &stored.decision, at)?;
    let case = Case { decision: &stored.decision, responses: &stored.responses, rights: &rights };
    let awaiting: Vec<String> = case.awaited().into_iter().map(ToString::to_string).collect();
    let next = next_step(&case, &|person| person.to_string(), &|at| at.to_string());
    let timeline = state.store.decision_events(&stored.decision.id).await?.into_iter().map(EventView::from).collect();
    let decision = &stored.decision;
    Ok(DecisionView {
        summary: DecisionSummaryView::from(decision),
        proposal: decision.proposal.clone(),
        amount: decision.amount,
        scope: decision.scope.as_ref().map(ToString::to_string),
        tags: decision.tags.iter().map(ToString::to_string).collect(),
        rationale: decision.rationale.clone(),
        review_due: decision.review_due.map(|t| t.to_string()),
        outcome: decision.outcome.map(|o| o.as_str().into()),
        learned: decision.learned.clone(),
        version: stored.version,
        responses: stored.responses.iter().map(ResponseView::from).collect(),
        timeline,
        rights: AnswerView::new(&rights, &organisation),
        awaiting,
        next,
    })
}

/// What happens next to the decision, in one sentence, with people named by `name` and times
/// written by `when` (ids and RFC 3339 in the API; names and dates on the pages).
pub fn next_step(case: &Case<'_>, name: &dyn Fn(&PersonId) -> String, when: &dyn Fn(Timestamp) -> String) -> String {
    let decision = case.decision;
    let names = |people: &mut dyn Iterator<Item = &PersonId>| people.map(name).collect::<Vec<_>>();
    let deciders = names(&mut case.rights.deciders.iter().map(|d| &d.person)).join(" or ");
    let deadline = decision.deadline.map_or_else(|| "no deadline".into(), when);
    let awaiting = case.awaited();
    match (decision.status, decision.process) {
        (DecisionStatus::Draft, _) => "the proposer opens it when ready".into(),
        (DecisionStatus::Open, Process::Consent) => match case.open_objections().next() {
            Some(objection) => format!(
                "the objection of {} blocks adoption until it is integrated, withdrawn or escalated; at {deadline} it escalates",
                name(&objection.person)
            ),
            None => format!("adopted at {deadline} unless someone consulted objects"),
        },
        (DecisionStatus::Open, _) if !awaiting.is_empty() => format!(
            "waiting for advice from {} until {deadline}; then {deciders} decides",
            names(&mut awaiting.into_iter()).join(", ")
        ),
        (DecisionStatus::Open, _) => format!("{deciders} can decide now"),
        (DecisionStatus::Escalated, _) => {
            let to = names(&mut case.rights.escalation.iter().flat_map(|e| e.people.iter()));
            format!("escalated: {} decides", to.join(" or "))
        }
        (DecisionStatus::Decided | DecisionStatus::Adopted, _) => match decision.review_due {
            Some(due) => format!("its outcome is to be reviewed at {}", when(due)),
            None => "done; a review can be recorded at any time".into(),
        },
        (DecisionStatus::ReviewDue, _) => "its review is due".into(),
        (DecisionStatus::Withdrawn | DecisionStatus::Reviewed, _) => "nothing: it is closed".into(),
    }
}

/// Proposes a decision as the signed-in person (session or API token) and, unless
/// `open` is false, opens it: an autonomous decision by a decider is decided at once.
#[utoipa::path(
    post,
    path = "/decisions",
    tag = "decisions",
    request_body = ProposalRequest,
    responses(
        (status = CREATED, body = DecisionView),
        (status = NOT_FOUND, description = "No such domain or person", body = ErrorView),
        (status = CONFLICT, description = "It cannot be opened: no rule covers it, or nobody may decide it", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad field", body = ErrorView),
    )
)]
async fn propose_decision(
    State(state): State<AppState>,
    Actor(proposer): Actor,
    Json(request): Json<ProposalRequest>,
) -> Result<(StatusCode, axum::Json<DecisionView>), ApiError> {
    let stored = propose(&state, proposer, request).await?;
    Ok((StatusCode::CREATED, axum::Json(decision_view(&state, stored).await?)))
}

/// A decision's title, trimmed: 1 to 300 characters.
fn title(raw: &str) -> Result<&str, ApiError> {
    let title = raw.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(ApiError::Invalid("title must be 1 to 300 characters".into()));
    }
    Ok(title)
}

/// Stores the proposal as a new draft by `proposer` and opens it unless asked not to.
pub async fn propose(
    state: &AppState,
    proposer: PersonId,
    request: ProposalRequest,
) -> Result<StoredDecision, ApiError> {
    let title = title(&request.title)?;
    let attributes = request.question.attributes()?;
    let decision = Decision::draft(Proposal {
        id: DecisionId::parse(&flow::fresh_id("d"))?,
        domain: DomainId::parse(&request.question.domain)?,
        title: title.to_owned(),
        text: request.proposal.filter(|text| !text.trim().is_empty()),
        proposer,
        attributes,
        created_at: flow::now(),
    });
    flow::propose(&state.store, &state.structure, decision, request.open).await
}

/// Decisions newest first.
#[utoipa::path(
    get,
    path = "/decisions",
    tag = "decisions",
    params(DecisionQuery),
    responses(
        (status = OK, body = PageView<DecisionSummaryView>),
        (status = UNPROCESSABLE_ENTITY, description = "A bad filter", body = ErrorView),
    )
)]
async fn list_decisions(
    State(state): State<AppState>,
    Query(query): Query<DecisionQuery>,
) -> Result<axum::Json<PageView<DecisionSummaryView>>, ApiError> {
    let window = PageQuery { offset: query.offset, limit: query.limit }.window()?;
    let filter = DecisionFilter {
        statuses: query.status.as_deref().map(str::parse::<DecisionStatus>).transpose()?.into_iter().collect(),
        domain: query.domain.as_deref().map(DomainId::parse).transpose()?,
        person: query.person.as_deref().map(PersonId::parse).transpose()?,
        title: None,
    };
    let page = state.store.decision_page(&filter, window.offset, window.limit).await?;
    Ok(axum::Json(PageView {
        items: page.items.iter().map(DecisionSummaryView::from).collect(),
        total: page.total,
        offset: window.offset,
        limit: window.limit,
    }))
}

/// One decision with its responses, timeline, rights and next step.
#[utoipa::path(
    get,
    path = "/decisions/{id}",
    tag = "decisions",
    params(("id" = String, Path, description = "Decision id")),
    responses(
        (status = OK, body = DecisionView),
        (status = NOT_FOUND, description = "No such decision", body = ErrorView),
    )
)]
async fn get_decision(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<DecisionView>, ApiError> {
    let stored = state.store.decision(&DecisionId::parse(&id)?).await?;
    Ok(axum::Json(decision_view(&state, stored).await?))
}

/// Takes a step on a decision as the signed-in person (session or API token).
#[utoipa::path(
    post,
    path = "/decisions/{id}/steps",
    tag = "decisions",
    request_body = StepRequest,
    params(
        ("id" = String, Path, description = "Decision id"),
    ),
    responses(
        (status = OK, body = DecisionView),
        (status = FORBIDDEN, description = "The person lacks the right to take this step", body = ErrorView),
        (status = NOT_FOUND, description = "No such decision or person", body = ErrorView),
        (status = CONFLICT, description = "Not possible in the decision's state, or someone changed it first", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad field", body = ErrorView),
    )
)]
async fn take_step(
    State(state): State<AppState>,
    Actor(actor): Actor,
    Path(id): Path<String>,
    Json(request): Json<StepRequest>,
) -> Result<axum::Json<DecisionView>, ApiError> {
    let id = DecisionId::parse(&id)?;
    let stored = flow::step(&state.store, &state.structure, &id, &actor, request.action()?).await?;
    Ok(axum::Json(decision_view(&state, stored).await?))
}

/// What waits on a person: advice requested, consent windows open, objections to resolve,
/// decisions ready or overdue, escalations and reviews due — earliest date first.
#[utoipa::path(
    get,
    path = "/people/{id}/inbox",
    tag = "decisions",
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = OK, body = Vec<WaitingView>),
        (status = NOT_FOUND, description = "No such person", body = ErrorView),
    )
)]
async fn get_inbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<WaitingView>>, ApiError> {
    Ok(axum::Json(inbox(&state, &PersonId::parse(&id)?).await?))
}

/// What waits on `person`, earliest date first (shared by `GET /api/v1/people/{id}/inbox` and
/// `polylead decisions inbox`).
pub async fn inbox(state: &AppState, person: &PersonId) -> Result<Vec<WaitingView>, ApiError> {
    let waiting = flow::inbox(&state.store, &state.structure, person).await?;
    let mut views = Vec::with_capacity(waiting.len());
    for Waiting { decision, reason, by } in waiting {
        let stored = state.store.decision(&decision).await?;
        views.push(WaitingView {
            decision: DecisionSummaryView::from(&stored.decision),
            reason: reason.as_str().into(),
            by: by.map(|t| t.to_string()),
        });
    }
    Ok(views)
}

/// A change to the structure: CSV files as for `polylead import` (teams.csv, roles.csv,
/// role_fillers.csv, domains.csv, domain_rules.csv, delegations.csv), whose rows are created
/// or replace the rows with the same id.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRequest {
    #[schema(example = "A facilitator role for Ward 3")]
    pub title: String,
    pub proposal: Option<String>,
    /// File name → CSV text.
    pub files: std::collections::BTreeMap<String, String>,
    /// Apply the change at once instead of proposing it: admins only. Recorded in the history
    /// under the admin and in the audit log.
    #[serde(default)]
    pub apply: bool,
}

/// Refuses a file name that is not a plain name (`teams.csv`): one with `/`, `\`, `..`, a
/// NUL or another control character is named in a 422 before anything reads it. Which names a
/// change may hold is then `governance::read_change`'s to say.
pub fn check_file_names<'a>(names: impl IntoIterator<Item = &'a String>) -> Result<(), ApiError> {
    let unsafe_names: Vec<String> = names
        .into_iter()
        .filter(|name| name.contains(['/', '\\']) || name.contains("..") || name.chars().any(char::is_control))
        .map(|name| format!("{name:?}"))
        .collect();
    if unsafe_names.is_empty() {
        return Ok(());
    }
    Err(ApiError::Invalid(format!(
        "files: {} {} not a plain file name such as teams.csv (no /, \\, .., NUL or control characters)",
        unsafe_names.join(", "),
        if unsafe_names.len() == 1 { "is" } else { "are" }
    )))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangeView {
    /// `proposed` (a decision in the team's governance domain) or `applied` (the
    /// organisation's `governance` setting is `direct`).
    pub outcome: String,
    pub decision: Option<DecisionView>,
}

/// Proposes a change to teams, roles, domains, rules or delegations. It is checked at once
/// and then decided by consent in the governance domain of the team it concerns; when
/// adopted it is applied all at once, with history entries naming the decision.
#[utoipa::path(
    post,
    path = "/governance/changes",
    tag = "decisions",
    request_body = ChangeRequest,
    responses(
        (status = CREATED, body = ChangeView),
        (status = NOT_FOUND, description = "No such person", body = ErrorView),
        (status = CONFLICT, description = "The team has no governance domain", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad file, row or reference (each named)", body = ErrorView),
    )
)]
async fn propose_change(
    State(state): State<AppState>,
    identity: Identity,
    Json(request): Json<ChangeRequest>,
) -> Result<(StatusCode, axum::Json<ChangeView>), ApiError> {
    check_file_names(request.files.keys())?;
    if request.apply && identity.role != AccountRole::Admin {
        return Err(ApiError::Denied(
            "only admins apply a structure change at once; leave out apply, and the change is decided by consent \
             in the governance domain of the team it concerns"
                .to_owned(),
        ));
    }
    let files = request.files.into_iter().map(|(name, text)| (name, text.into_bytes())).collect();
    let (title, proposal) = (&request.title, request.proposal);
    let view = propose_governance_change(&state, &identity.person, title, proposal, &files, request.apply).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// Proposes (or, when `apply` or governance is direct, applies) the change in `files` as
/// `proposer` (shared by `POST /api/v1/governance/changes` and `polylead decisions
/// propose-change`); the caller checks that whoever asks to `apply` may.
pub async fn propose_governance_change(
    state: &AppState,
    proposer: &PersonId,
    title_text: &str,
    proposal: Option<String>,
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    apply: bool,
) -> Result<ChangeView, ApiError> {
    let title = title(title_text)?;
    let (store, structure) = (&state.store, &state.structure);
    let outcome = flow::propose_change(store, structure, proposer, title, proposal, files, apply).await?;
    Ok(match outcome {
        flow::ChangeOutcome::Applied => ChangeView { outcome: "applied".into(), decision: None },
        flow::ChangeOutcome::Proposed(stored) => {
            ChangeView { outcome: "proposed".into(), decision: Some(decision_view(state, *stored).await?) }
        }
    })
}
