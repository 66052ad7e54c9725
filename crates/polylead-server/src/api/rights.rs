//! `/api/v1/who-decides`: who decides a decision, whom to ask, by when, and why.

use axum::extract::State;
use polylead_core::condition::Attributes;
use polylead_core::ids::{DomainId, PersonId, TeamId};
use polylead_core::rights::resolve::{Verdict, Via};
use polylead_core::rights::{Answer, Organisation, Question, resolve};
use polylead_core::text::Keyword;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};
use crate::extract::Json;
use crate::flow;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ask_who_decides))
        .routes(routes!(route_text))
        .routes(routes!(find_experts))
        .routes(routes!(get_raci))
}

/// A decision someone is about to take.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionRequest {
    /// The domain it belongs to.
    #[schema(example = "rota")]
    pub domain: String,
    /// Money involved, zero or more.
    pub amount: Option<f64>,
    /// The team it affects.
    pub scope: Option<String>,
    /// Tags; a tag that is a keyword of another domain brings that domain's holders in as advisors.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who asks; the answer then says whether they may decide it themselves.
    pub asker: Option<String>,
}

impl QuestionRequest {
    pub fn attributes(&self) -> Result<Attributes, ApiError> {
        Ok(Attributes {
            amount: self.amount,
            scope: self.scope.as_deref().map(TeamId::parse).transpose()?,
            tags: self.tags.iter().map(|tag| Keyword::parse(tag)).collect::<Result<_, _>>()?,
        })
    }
}

/// A person in an answer, with their name.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeciderView {
    pub person: PersonRef,
    /// Where the right comes from: `rule` (through the party in `party`) or `delegation`.
    #[schema(example = "rule")]
    pub via: String,
    pub party: Option<String>,
    pub delegation: Option<String>,
    pub delegated_by: Option<String>,
    /// When the delegation ends.
    pub until: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AdvisorView {
    pub person: PersonRef,
    /// Why they must be asked.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckView {
    pub rule: String,
    pub position: u32,
    pub condition: String,
    /// `matched`, `skipped` or `not_tried`.
    pub verdict: String,
    /// Why a skipped rule did not apply.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FindingView {
    /// Stable code: `no_rules`, `no_rule_matches`, `nobody_to_decide`, `conflicting_delegations`,
    /// `vacant_party`, `no_escalation_path`, `scope_outside_domain` or `tag_too_broad`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EscalationView {
    pub to: String,
    pub people: Vec<PersonRef>,
}

/// The answer: the matching rule, the people, the deadline and the explanation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerView {
    pub domain: String,
    /// The rule that applies; null when none does (see `findings`).
    pub rule: Option<String>,
    /// `autonomous`, `advice` or `consent`.
    pub process: Option<String>,
    pub deciders: Vec<DeciderView>,
    /// Whom the decider must ask first.
    pub advisors: Vec<AdvisorView>,
    pub informed: Vec<PersonRef>,
    /// When advice or consent closes, if the rule has a time limit (RFC 3339).
    pub deadline: Option<String>,
    pub escalation: Option<EscalationView>,
    pub asker_may_decide: Option<bool>,
    /// Why: every rule in order and whether it applied.
    pub explanation: Vec<String>,
    pub checks: Vec<CheckView>,
    /// Gaps and conflicts in the rights.
    pub findings: Vec<FindingView>,
}

impl AnswerView {
    pub fn new(answer: &Answer, organisation: &Organisation) -> AnswerView {
        let person = |id: &PersonId| PersonRef {
            id: id.to_string(),
            name: organisation.person(id).map_or_else(|| id.to_string(), |person| person.name.to_string()),
        };
        AnswerView {
            domain: answer.domain.to_string(),
            rule: answer.rule.as_ref().map(ToString::to_string),
            process: answer.process.map(|process| process.as_str().to_owned()),
            deciders: answer
                .deciders
                .iter()
                .map(|decider| match &decider.via {
                    Via::Rule(party) => DeciderView {
                        person: person(&decider.person),
                        via: "rule".into(),
                        party: Some(party.to_string()),
                        delegation: None,
                        delegated_by: None,
                        until: None,
                    },
                    Via::Delegation { id, by, until } => DeciderView {
                        person: person(&decider.person),
                        via: "delegation".into(),
                        party: None,
                        delegation: Some(id.to_string()),
                        delegated_by: by.as_ref().map(ToString::to_string),
                        until: Some(until.to_string()),
                    },
                })
                .collect(),
            advisors: answer
                .advisors
                .iter()
                .map(|advisor| AdvisorView { person: person(&advisor.person), reasons: advisor.reasons.clone() })
                .collect(),
            informed: answer.informed.iter().map(person).collect(),
            deadline: answer.deadline.map(|deadline| deadline.to_string()),
            escalation: answer.escalation.as_ref().map(|escalation| EscalationView {
                to: escalation.to.to_string(),
                people: escalation.people.iter().map(person).collect(),
            }),
            asker_may_decide: answer.asker_may_decide,
            explanation: answer.explanation(),
            checks: answer
                .checks
                .iter()
                .map(|check| CheckView {
                    rule: check.rule.to_string(),
                    position: check.position,
                    condition: check.condition.clone(),
                    verdict: match check.verdict {
                        Verdict::Matched => "matched",
                        Verdict::Skipped(_) => "skipped",
                        Verdict::NotTried => "not_tried",
                    }
                    .into(),
                    reason: match &check.verdict {
                        Verdict::Skipped(why) => Some(why.clone()),
                        _ => None,
                    },
                })
                .collect(),
            findings: answer
                .findings
                .iter()
                .map(|finding| FindingView { code: finding.code().into(), message: finding.to_string() })
                .collect(),
        }
    }
}

/// Who decides this, by which process, whom to ask and inform, by when, where it escalates —
/// and why (which rule matched, and why the earlier ones did not).
#[utoipa::path(
    post,
    path = "/who-decides",
    tag = "decisions",
    request_body = QuestionRequest,
    responses(
        (status = OK, body = AnswerView),
        (status = NOT_FOUND, description = "No such domain", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad amount, scope, tag or id", body = ErrorView),
    )
)]
async fn ask_who_decides(
    State(state): State<AppState>,
    Json(request): Json<QuestionRequest>,
) -> Result<axum::Json<AnswerView>, ApiError> {
    let organisation = state.structure.current(&state.store).await?;
    let domain = DomainId::parse(&request.domain)?;
    if organisation.domain(&domain).is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Domain, domain.to_string()));
    }
    let asker = request.asker.as_deref().map(PersonId::parse).transpose()?;
    let question = Question { domain, attributes: request.attributes()?, asker, at: flow::now() };
    let answer = resolve(&organisation, &question)?;
    Ok(axum::Json(AnswerView::new(&answer, &organisation)))
}

/// Which RACI export to make.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RaciQuery {
    /// Only the domains of this team and the teams nested in it; all when absent.
    pub team: Option<String>,
    /// `md` (a Markdown matrix, the default) or `csv` (a line per rule).
    pub format: Option<String>,
}

/// The decision rights as a RACI matrix: for every rule, who decides (R), who holds the
/// domain (A), who is consulted (C) and who is informed (I), as of now.
#[utoipa::path(
    get,
    path = "/raci",
    tag = "decisions",
    params(RaciQuery),
    responses(
        (status = OK, description = "The matrix as Markdown (`format=md`) or CSV (`format=csv`)", content(
            (String = "text/markdown"),
            (String = "text/csv"),
        )),
        (status = NOT_FOUND, description = "No such team", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad format or id", body = ErrorView),
    )
)]
async fn get_raci(
    State(state): State<AppState>,
    crate::extract::Query(query): crate::extract::Query<RaciQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let format = match query.format.as_deref().unwrap_or("md") {
        "md" => RaciFormat::Markdown,
        "csv" => RaciFormat::Csv,
        other => return Err(ApiError::Invalid(format!("format {other:?} is not md or csv"))),
    };
    let body = raci_export(&state, query.team.as_deref(), format).await?;
    let content_type = match format {
        RaciFormat::Markdown => "text/markdown; charset=utf-8",
        RaciFormat::Csv => "text/csv; charset=utf-8",
    };
    Ok(([(axum::http::header::CONTENT_TYPE, content_type)], body).into_response())
}

/// The two forms of the RACI export.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RaciFormat {
    /// A Markdown matrix titled with the team's or the organisation's name.
    Markdown,
    /// One CSV line per rule.
    Csv,
}

/// The RACI export of `team` (and the teams nested in it), or of the whole organisation, as
/// of now (shared by `GET /api/v1/raci` and `polylead raci`).
pub async fn raci_export(state: &AppState, team: Option<&str>, format: RaciFormat) -> Result<String, ApiError> {
    use polylead_core::rights::raci::{raci, to_csv, to_markdown};
    let organisation = state.structure.current(&state.store).await?;
    let team = team.map(TeamId::parse).transpose()?;
    let team_name = match &team {
        Some(id) => Some(
            organisation
                .team(id)
                .ok_or_else(|| ApiError::not_found(polylead_core::record::Entity::Team, id.to_string()))?
                .name
                .to_string(),
        ),
        None => None,
    };
    let rows = raci(&organisation, team.as_ref(), flow::now());
    Ok(match format {
        RaciFormat::Csv => to_csv(&rows, &organisation),
        RaciFormat::Markdown => {
            let title = match team_name {
                Some(name) => name,
                None => state
                    .store
                    .setting(polylead_core::setting::ORGANISATION_NAME)
                    .await?
                    .unwrap_or_else(|| "the organisation".to_owned()),
            };
            to_markdown(&rows, &organisation, &title)
        }
    })
}

/// A decision described in words, with its attributes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    /// What the decision is about, in a few words.
    #[schema(example = "we want to change the night-shift rota")]
    pub text: String,
    pub amount: Option<f64>,
    pub scope: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub asker: Option<String>,
    /// How many domains to return, 1 to 20 (default 5).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoutedView {
    pub domain: String,
    pub name: String,
    /// BM25 relevance; higher is better, comparable within one answer only.
    pub score: f32,
    /// Which fields matched which words, e.g. `name: night, shift, rota`.
    pub matched: Vec<String>,
    /// Who decides it in that domain, and why.
    pub answer: AnswerView,
}

/// The domains a decision described in words most likely belongs to, best first, each
/// resolved as `who-decides` would.
#[utoipa::path(
    post,
    path = "/route",
    tag = "decisions",
    request_body = RouteRequest,
    responses(
        (status = OK, body = Vec<RoutedView>),
        (status = UNPROCESSABLE_ENTITY, description = "Empty text, or a bad amount, scope, tag or limit", body = ErrorView),
    )
)]
async fn route_text(
    State(state): State<AppState>,
    Json(request): Json<RouteRequest>,
) -> Result<axum::Json<Vec<RoutedView>>, ApiError> {
    let limit = request.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::Invalid(format!("limit must be between 1 and 20, got {limit}")));
    }
    let question = QuestionRequest {
        domain: String::new(),
        amount: request.amount,
        scope: request.scope,
        tags: request.tags,
        asker: request.asker,
    };
    let attributes = question.attributes()?;
    let asker = question.asker.as_deref().map(PersonId::parse).transpose()?;
    Ok(axum::Json(route(&state, &request.text, &attributes, asker.as_ref(), limit).await?))
}

/// The `limit` domains `text` most likely belongs to, best first, each resolved now with
/// `attributes` for `asker` (shared by `POST /api/v1/route` and the "Who decides?" page).
pub async fn route(
    state: &AppState,
    text: &str,
    attributes: &Attributes,
    asker: Option<&PersonId>,
    limit: usize,
) -> Result<Vec<RoutedView>, ApiError> {
    let organisation = state.structure.current(&state.store).await?;
    let index = state.structure.domain_index(&state.store).await?;
    let at = flow::now();
    let mut routed = Vec::new();
    for found in index.route(text, limit)? {
        let Some(domain) = organisation.domain(&found.domain) else { continue };
        let question =
            Question { domain: found.domain.clone(), attributes: attributes.clone(), asker: asker.cloned(), at };
        let answer = resolve(&organisation, &question)?;
        routed.push(RoutedView {
            domain: found.domain.to_string(),
            name: domain.name.to_string(),
            score: found.score,
            matched: found.matched.iter().map(ToString::to_string).collect(),
            answer: AnswerView::new(&answer, &organisation),
        });
    }
    Ok(routed)
}

/// Who knows about a subject.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpertQuery {
    /// The subject, in a few words.
    pub q: String,
    /// How many people to return, 1 to 50 (default 10).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExpertView {
    pub person: PersonRef,
    pub score: f32,
    /// Why: skills, roles filled, decisions and advice taken part in.
    pub reasons: Vec<String>,
}

/// People ranked by how much they know about a subject: their skills, the roles they fill,
/// and the decisions and advice they took part in on it. Past members are left out.
#[utoipa::path(
    get,
    path = "/experts",
    tag = "decisions",
    params(ExpertQuery),
    responses(
        (status = OK, body = Vec<ExpertView>),
        (status = UNPROCESSABLE_ENTITY, description = "Empty subject or bad limit", body = ErrorView),
    )
)]
async fn find_experts(
    State(state): State<AppState>,
    crate::extract::Query(query): crate::extract::Query<ExpertQuery>,
) -> Result<axum::Json<Vec<ExpertView>>, ApiError> {
    let limit = query.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::Invalid(format!("limit must be between 1 and 50, got {limit}")));
    }
    Ok(axum::Json(experts(&state, &query.q, limit).await?))
}

/// The `limit` present members who know most about `subject`, best first (shared by
/// `GET /api/v1/experts` and `polylead experts`).
pub async fn experts(state: &AppState, subject: &str, limit: usize) -> Result<Vec<ExpertView>, ApiError> {
    let organisation = state.structure.current(&state.store).await?;
    let index = state.structure.expert_index(&state.store).await?;
    let today = flow::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let views = index
        .experts(subject, limit.saturating_mul(2).max(1))?
        .into_iter()
        .filter_map(|found| {
            let person = organisation.person(&found.person).filter(|person| person.is_member_on(today))?;
            Some(ExpertView {
                person: PersonRef { id: person.id.to_string(), name: person.name.to_string() },
                score: found.score,
                reasons: found.reasons,
            })
        })
        .take(limit)
        .collect();
    Ok(views)
}
