//! `GET /decisions/{id}`: a decision with its rights, advice, objections, timeline and what
//! happens next, and the forms the viewer may use now; `POST /decisions/{id}/steps` takes a
//! step (`flow::step`) and comes back, or shows the refusal next to the form with what was typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::Timestamp;
use polylead_core::account::Need;
use polylead_core::decision::{DecisionStatus, ResponseKind};
use polylead_core::domain::Process;
use polylead_core::ids::{DecisionId, PersonId};
use polylead_core::lifecycle::Case;
use polylead_core::record::Entity;
use polylead_core::rights::{Answer, Organisation};
use polylead_store::StoredDecision;
use serde::Deserialize;

use crate::AppState;
use crate::api::decisions::{DecisionView, StepRequest, decision_view, next_step};
use crate::api::rights::AnswerView;
use crate::error::ApiError;
use crate::extract::Path;
use crate::flow;
use crate::pages::decisions::{name_of, state_text};
use crate::pages::moment::Moment;
use crate::pages::who_decides::{RightsPanel, VerdictText};
use crate::pages::{Chrome, PageError, Section, Viewer, url_encode};

pub fn routes() -> Router<AppState> {
    Router::new().route("/decisions/{id}", get(show_decision)).route("/decisions/{id}/steps", post(take_step))
}

/// The step form as sent; every field kept as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    objection: String,
    #[serde(default)]
    proposal: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    review_due: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    learned: String,
}

impl StepForm {
    /// The step as the API would read it; empty optional fields are left out.
    fn request(&self) -> Result<StepRequest, ApiError> {
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        Ok(match self.action.as_str() {
            "open" => StepRequest::Open,
            "advise" => StepRequest::Advise { text: self.text.clone() },
            "consent" => StepRequest::Consent { text: optional(&self.text) },
            "object" => StepRequest::Object { reason: self.reason.clone() },
            "integrate" => {
                StepRequest::Integrate { objection: self.objection.clone(), proposal: self.proposal.clone() }
            }
            "withdraw_objection" => StepRequest::WithdrawObjection { objection: self.objection.clone() },
            "escalate_objection" => StepRequest::EscalateObjection { objection: self.objection.clone() },
            "decide" => {
                StepRequest::Decide { rationale: self.rationale.clone(), review_due: review_due(&self.review_due)? }
            }
            "withdraw" => StepRequest::Withdraw { reason: optional(&self.reason) },
            "review" => StepRequest::Review { outcome: self.outcome.clone(), learned: self.learned.clone() },
            other => return Err(ApiError::Invalid(format!("unknown action {other:?}"))),
        })
    }
}

/// A review date from a date field (`2026-06-01`, midnight UTC) or an RFC 3339 time.
fn review_due(text: &str) -> Result<Option<String>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        let at = date.to_zoned(jiff::tz::TimeZone::UTC).map_err(|e| ApiError::Invalid(format!("review date: {e}")))?;
        return Ok(Some(at.timestamp().to_string()));
    }
    Ok(Some(text.to_owned()))
}

/// A refused step: which form, and why.
#[derive(Debug)]
struct Refused {
    form: StepForm,
    message: String,
}

/// An objection the viewer can act on.
#[derive(Debug)]
struct ObjectionItem {
    id: String,
    person: String,
    name: String,
    reason: String,
}

/// The forms the viewer may use now (the step still checks; a refusal is shown by the form).
#[derive(Debug, Default)]
struct Offers {
    open: bool,
    advise: bool,
    consent: bool,
    object: bool,
    integrate: Vec<ObjectionItem>,
    withdraw_objection: Vec<ObjectionItem>,
    escalate_objection: Vec<ObjectionItem>,
    /// The decide form's button label, when offered.
    decide: Option<&'static str>,
    withdraw: bool,
    review: bool,
}

impl Offers {
    fn new(case: &Case<'_>, viewer: &PersonId, organisation: &Organisation) -> Offers {
        let decision = case.decision;
        let rights: &Answer = case.rights;
        let proposer = &decision.proposer == viewer;
        let may_decide = rights.may_decide(viewer);
        let answered = case.responses.iter().any(|response| &response.person == viewer);
        let status = decision.status;
        let open = status == DecisionStatus::Open;
        let escalation_people = rights.escalation.as_ref().map_or(&[][..], |escalation| &escalation.people[..]);
        let objections = |keep: &dyn Fn(&PersonId) -> bool| -> Vec<ObjectionItem> {
            case.open_objections()
                .filter(|objection| open && keep(&objection.person))
                .map(|objection| ObjectionItem {
                    id: objection.id.to_string(),
                    person: objection.person.to_string(),
                    name: name_of(organisation, &objection.person),
                    reason: objection.text.clone().unwrap_or_default(),
                })
                .collect()
        };
        // The proposer amends or withdraws their proposal rather than consenting to it.
        let consulted = (rights.is_advisor(viewer) || may_decide) && !proposer;
        let consented =
            case.responses.iter().any(|response| &response.person == viewer && response.kind == ResponseKind::Consent);
        Offers {
            open: status == DecisionStatus::Draft && proposer,
            advise: open
                && decision.process == Process::Advice
                && rights.is_advisor(viewer)
                && !may_decide
                && !answered,
            consent: open && decision.process == Process::Consent && consulted && !consented,
            object: open && decision.process == Process::Consent && consulted,
            integrate: if proposer || may_decide { objections(&|_| true) } else { Vec::new() },
            withdraw_objection: objections(&|objector| objector == viewer),
            escalate_objection: if escalation_people.is_empty() {
                Vec::new()
            } else {
                objections(&|objector| proposer || may_decide || objector == viewer)
            },
            decide: match status {
                DecisionStatus::Escalated if escalation_people.contains(viewer) => {
                    Some("Decide the escalated decision")
                }
                DecisionStatus::Open if may_decide && decision.process == Process::Consent => Some("Adopt now"),
                DecisionStatus::Open if may_decide => Some("Decide"),
                _ => None,
            },
            withdraw: proposer
                && matches!(status, DecisionStatus::Draft | DecisionStatus::Open | DecisionStatus::Escalated),
            review: matches!(status, DecisionStatus::Decided | DecisionStatus::Adopted | DecisionStatus::ReviewDue)
                && (decision.decider.as_ref() == Some(viewer) || proposer || may_decide),
        }
    }

    fn any(&self) -> bool {
        self.open
            || self.advise
            || self.consent
            || self.object
            || !self.integrate.is_empty()
            || !self.withdraw_objection.is_empty()
            || !self.escalate_objection.is_empty()
            || self.decide.is_some()
            || self.withdraw
            || self.review
    }

    /// Whether the form for `action` (and `objection`, for the objection forms) is on the page.
    fn has(&self, action: &str, objection: &str) -> bool {
        let listed = |items: &[ObjectionItem]| items.iter().any(|item| item.id == objection);
        match action {
            "open" => self.open,
            "advise" => self.advise,
            "consent" => self.consent,
            "object" => self.object,
            "integrate" => listed(&self.integrate),
            "withdraw_objection" => listed(&self.withdraw_objection),
            "escalate_objection" => listed(&self.escalate_objection),
            "decide" => self.decide.is_some(),
            "withdraw" => self.withdraw,
            "review" => self.review,
            _ => false,
        }
    }
}

/// A required advisor and whether they answered.
#[derive(Debug)]
struct AdvisorLine {
    person: String,
    name: String,
    reasons: String,
    /// e.g. "gave advice", "consented", "objected"; `None` while awaited.
    answer: Option<String>,
}

/// One line of the timeline.
#[derive(Debug)]
struct TimelineEntry {
    at: Moment,
    /// The person who did it; `None` when time did.
    person: Option<(String, String)>,
    what: String,
    /// The advice, objection or consent text given with it.
    text: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "decision.html")]
struct DecisionPage {
    chrome: Chrome,
    view: DecisionView,
    /// What happens next, with names and dates.
    next: String,
    domain_name: String,
    proposer_name: String,
    decider_name: Option<String>,
    state: String,
    state_text: String,
    /// How the review said it worked out, in words.
    outcome_text: String,
    rights: RightsPanel,
    advisors: Vec<AdvisorLine>,
    timeline: Vec<TimelineEntry>,
    review_due: Option<Moment>,
    offers: Offers,
    refused: Option<Refused>,
    /// A refusal for a form that is not on the page.
    refused_elsewhere: Option<String>,
}

impl DecisionPage {
    /// What was typed into `field` of the form for `action` (and `objection`), if it was refused.
    fn kept(&self, action: &str, objection: &str, field: &str) -> String {
        let Some(refused) = self.refused.as_ref().filter(|refused| refused.form.action == action) else {
            return String::new();
        };
        if !objection.is_empty() && refused.form.objection != objection {
            return String::new();
        }
        let form = &refused.form;
        match field {
            "text" => &form.text,
            "reason" => &form.reason,
            "proposal" => &form.proposal,
            "rationale" => &form.rationale,
            "review_due" => &form.review_due,
            "outcome" => &form.outcome,
            "learned" => &form.learned,
            _ => "",
        }
        .to_owned()
    }

    /// The refusal of the form for `action` (and `objection`), if that form was refused.
    fn error(&self, action: &str, objection: &str) -> Option<&str> {
        self.refused
            .as_ref()
            .filter(|refused| {
                refused.form.action == action && (objection.is_empty() || refused.form.objection == objection)
            })
            .map(|refused| refused.message.as_str())
    }

    /// The proposal text an integrate form starts with: what was typed, or the current proposal.
    fn integrate_text(&self, objection: &str) -> String {
        match self.refused.as_ref().filter(|r| r.form.action == "integrate" && r.form.objection == objection) {
            Some(refused) => refused.form.proposal.clone(),
            None => self.view.proposal.clone().unwrap_or_default(),
        }
    }
}

async fn show_decision(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let stored = load(&state, &id).await?;
    render(&state, viewer, stored, None, StatusCode::OK).await
}

async fn take_step(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    viewer.identity.require(Need::Act)?;
    let stored = load(&state, &id).await?;
    let actor = PersonId::parse(&viewer.person).map_err(ApiError::from)?;
    let outcome = match form.request().and_then(StepRequest::action) {
        Ok(action) => flow::step(&state.store, &state.structure, &stored.decision.id, &actor, action).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/decisions/{}", url_encode(stored.decision.id.as_str()))).into_response()),
        Err(error) if is_refusal(&error) => {
            let status = error.status();
            let refused = Refused { form, message: error.to_string() };
            let stored = state.store.decision(&stored.decision.id).await?;
            render(&state, viewer, stored, Some(refused), status).await
        }
        Err(error) => Err(error.into()),
    }
}

/// Refusals shown next to the form: a wrong value, no right, the wrong state, or someone
/// else's step first.
fn is_refusal(error: &ApiError) -> bool {
    matches!(error.status(), StatusCode::FORBIDDEN | StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY)
}

/// The decision `id`; a malformed or unknown id is "not found".
async fn load(state: &AppState, id: &str) -> Result<StoredDecision, PageError> {
    let not_found = || PageError(ApiError::not_found(Entity::Decision, id));
    let id = DecisionId::parse(id).map_err(|_| not_found())?;
    match state.store.decision(&id).await {
        Ok(stored) => Ok(stored),
        Err(polylead_store::StoreError::NotFound { .. }) => Err(not_found()),
        Err(error) => Err(error.into()),
    }
}

async fn render(
    state: &AppState,
    viewer: Viewer,
    stored: StoredDecision,
    refused: Option<Refused>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let organisation = state.structure.current(&state.store).await?;
    let person = PersonId::parse(&viewer.person).map_err(ApiError::from)?;
    let now = flow::now();
    let rights = flow::rights_of(&organisation, &stored.decision, now.max(stored.decision.created_at))?;
    let case = Case { decision: &stored.decision, responses: &stored.responses, rights: &rights };
    let offers = Offers::new(&case, &person, &organisation);
    let advisors = advisor_lines(&case, &organisation);
    let next = next_step(&case, &|person| name_of(&organisation, person), &|at| {
        let moment = Moment::new(at, now);
        format!("{} ({})", moment.text, moment.relative)
    });
    let decision = &stored.decision;
    let domain_name =
        organisation.domain(&decision.domain).map_or_else(|| decision.domain.to_string(), |d| d.name.to_string());
    let proposer_name = name_of(&organisation, &decision.proposer);
    let decider_name = decision.decider.as_ref().map(|decider| name_of(&organisation, decider));
    let review_due = decision.review_due.map(|due| Moment::new(due, now));
    let view = decision_view(state, stored.clone()).await?;
    let mut panel = RightsPanel::new(AnswerView::new(&rights, &organisation), &organisation, now);
    panel.viewer_may_decide = Some(rights.may_decide(&person));
    // The decision's own deadline (set when it opened), not one computed as of now.
    panel.deadline = decision.deadline.map(|deadline| Moment::new(deadline, now));
    let timeline = timeline(&stored, &view, &organisation, now);
    let refused_elsewhere = refused
        .as_ref()
        .filter(|refused| !offers.has(&refused.form.action, &refused.form.objection))
        .map(|refused| refused.message.clone());
    let page = DecisionPage {
        chrome: Chrome::new(decision.title.clone(), Section::Decisions, Some(viewer)),
        state: decision.status.as_str().to_owned(),
        state_text: state_text(decision.status.as_str()),
        outcome_text: decision.outcome.map(|outcome| state_text(outcome.as_str())).unwrap_or_default(),
        view,
        next,
        domain_name,
        proposer_name,
        decider_name,
        rights: panel,
        advisors,
        timeline,
        review_due,
        offers,
        refused,
        refused_elsewhere,
    };
    Ok((status, page).into_response())
}

fn advisor_lines(case: &Case<'_>, organisation: &Organisation) -> Vec<AdvisorLine> {
    case.rights
        .advisors
        .iter()
        .map(|advisor| {
            let answer =
                case.responses.iter().rev().find(|response| response.person == advisor.person).map(|response| {
                    match response.kind {
                        ResponseKind::Advice => "gave advice",
                        ResponseKind::Consent => "consented",
                        ResponseKind::Objection => "objected",
                    }
                    .to_owned()
                });
            AdvisorLine {
                person: advisor.person.to_string(),
                name: name_of(organisation, &advisor.person),
                reasons: advisor.reasons.join("; "),
                answer,
            }
        })
        .collect()
}

/// What an event kind says happened.
fn event_text(kind: &str, process: &str) -> String {
    match kind {
        "opened" => format!("opened it for {process}"),
        "advice_given" => "gave advice".into(),
        "consent_given" => "consented".into(),
        "objection_raised" => "objected".into(),
        "objection_integrated" => "amended the proposal to integrate an objection".into(),
        "objection_withdrawn" => "withdrew an objection".into(),
        "escalated" => "escalated it".into(),
        "decided" => "decided".into(),
        "adopted" => "adopted it".into(),
        "withdrawn" => "withdrew the proposal".into(),
        "review_due" => "its review became due".into(),
        "reviewed" => "reviewed the outcome".into(),
        other => other.replace('_', " "),
    }
}

/// The proposal, then every recorded event oldest first, with the text of the advice,
/// consent or objection the event recorded.
fn timeline(
    stored: &StoredDecision,
    view: &DecisionView,
    organisation: &Organisation,
    now: Timestamp,
) -> Vec<TimelineEntry> {
    let decision = &stored.decision;
    let who = |id: &str| match PersonId::parse(id) {
        Ok(person) => (id.to_owned(), name_of(organisation, &person)),
        Err(_) => (id.to_owned(), id.to_owned()),
    };
    let mut entries = vec![TimelineEntry {
        at: Moment::new(decision.created_at, now),
        person: Some(who(decision.proposer.as_str())),
        what: "proposed it".into(),
        text: None,
    }];
    for event in &view.timeline {
        let Some(at) = event.at.parse::<Timestamp>().ok() else { continue };
        let kind = match event.kind.as_str() {
            "advice_given" => Some(ResponseKind::Advice),
            "consent_given" => Some(ResponseKind::Consent),
            "objection_raised" => Some(ResponseKind::Objection),
            _ => None,
        };
        let text = kind.and_then(|kind| {
            stored
                .responses
                .iter()
                .find(|r| r.kind == kind && r.given_at == at && Some(r.person.as_str()) == event.actor.as_deref())
                .and_then(|r| r.text.clone())
        });
        entries.push(TimelineEntry {
            at: Moment::new(at, now),
            person: event.actor.as_deref().map(who),
            what: event_text(&event.kind, decision.process.as_str()),
            text,
        });
    }
    entries
}
