//! `GET /decisions` (the filterable list), `GET /decisions/inbox` ("waiting on me") and
//! `POST /decisions` (start a decision from the "Who decides?" answer).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use jiff::Timestamp;
use polylead_core::account::Need;
use polylead_core::decision::{Decision, DecisionStatus, Proposal};
use polylead_core::ids::{DecisionId, DomainId, PersonId};
use polylead_core::lifecycle::{self, Action, Case, WaitingReason};
use polylead_core::rights::Organisation;
use polylead_store::DecisionFilter;
use serde::Deserialize;

use crate::AppState;
use crate::api::rights::AnswerView;
use crate::error::ApiError;
use crate::extract::Query;
use crate::flow;
use crate::pages::moment::Moment;
use crate::pages::who_decides::{AttributeFields, FieldErrors, RightsPanel, VerdictText, team_choices};
use crate::pages::{Chrome, PageError, Section, Viewer, url_encode};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/decisions", get(list_decisions).post(start_decision))
        .route("/decisions/inbox", get(show_inbox))
}

/// Decisions per page of the list.
const PAGE_SIZE: u64 = 50;

/// A person's name, or their id when they are not in the organisation any more.
pub fn name_of(organisation: &Organisation, id: &PersonId) -> String {
    organisation.person(id).map_or_else(|| id.to_string(), |person| person.name.to_string())
}

/// A decision in a list or the inbox.
#[derive(Debug)]
pub struct DecisionRow {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub domain_name: String,
    pub state: &'static str,
    pub state_text: String,
    pub proposer: String,
    pub proposer_name: String,
    pub deadline: Option<Moment>,
}

impl DecisionRow {
    pub fn new(decision: &Decision, organisation: &Organisation, now: Timestamp) -> DecisionRow {
        DecisionRow {
            id: decision.id.to_string(),
            title: decision.title.clone(),
            domain: decision.domain.to_string(),
            domain_name: organisation
                .domain(&decision.domain)
                .map_or_else(|| decision.domain.to_string(), |domain| domain.name.to_string()),
            state: decision.status.as_str(),
            state_text: state_text(decision.status.as_str()),
            proposer: decision.proposer.to_string(),
            proposer_name: name_of(organisation, &decision.proposer),
            deadline: decision.deadline.map(|deadline| Moment::new(deadline, now)),
        }
    }
}

/// A decision state in words.
pub fn state_text(state: &str) -> String {
    state.replace('_', " ")
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    q: String,
    page: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "decisions.html")]
struct ListPage {
    chrome: Chrome,
    state: String,
    domain: String,
    q: String,
    /// (value, label) of each state.
    states: Vec<(&'static str, String)>,
    domains: Vec<(String, String)>,
    errors: FieldErrors,
    rows: Vec<DecisionRow>,
    /// "Showing 51–100 of 120".
    range: String,
    previous: Option<String>,
    next: Option<String>,
}

async fn list_decisions(
    viewer: Viewer,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let organisation = state.structure.current(&state.store).await?;
    let mut errors = FieldErrors::default();
    let mut filter = DecisionFilter { title: Some(query.q.trim().to_owned()), ..DecisionFilter::default() };
    if !query.state.is_empty() {
        match query.state.parse::<DecisionStatus>() {
            Ok(status) => filter.statuses.push(status),
            Err(error) => errors.add("state", format!("unknown state: {error}")),
        }
    }
    if !query.domain.is_empty() {
        match DomainId::parse(&query.domain).ok().filter(|domain| organisation.domain(domain).is_some()) {
            Some(domain) => filter.domain = Some(domain),
            None => errors.add("domain", format!("there is no domain {:?}; choose one from the list", query.domain)),
        }
    }
    let page_number = match query.page.as_deref().map(str::parse::<u64>) {
        None => 1,
        Some(Ok(number)) if number >= 1 => number,
        Some(_) => return Err(ApiError::Invalid("page must be a whole number from 1".into()).into()),
    };
    let (rows, total) = if errors.is_empty() {
        let offset = (page_number - 1).saturating_mul(PAGE_SIZE);
        let page = state.store.decision_page(&filter, offset, PAGE_SIZE).await?;
        let now = flow::now();
        (page.items.iter().map(|decision| DecisionRow::new(decision, &organisation, now)).collect(), page.total)
    } else {
        (Vec::new(), 0)
    };
    let href = |number: u64| {
        format!(
            "/decisions?state={}&domain={}&q={}&page={number}",
            url_encode(&query.state),
            url_encode(&query.domain),
            url_encode(&query.q)
        )
    };
    let first = (page_number - 1) * PAGE_SIZE + 1;
    let range = match rows.len() as u64 {
        0 => String::new(),
        shown => format!("Showing {first}–{} of {total}", first + shown - 1),
    };
    let mut domains: Vec<(String, String)> =
        organisation.domains().map(|domain| (domain.id.to_string(), domain.name.to_string())).collect();
    domains.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ListPage {
        chrome: Chrome::new("Decisions", Section::Decisions, Some(viewer)),
        previous: (page_number > 1).then(|| href(page_number - 1)),
        next: (page_number.saturating_mul(PAGE_SIZE) < total).then(|| href(page_number + 1)),
        state: query.state,
        domain: query.domain,
        q: query.q,
        states: DecisionStatus::ALL.iter().map(|status| (status.as_str(), state_text(status.as_str()))).collect(),
        domains,
        errors,
        rows,
        range,
    };
    Ok((status, page).into_response())
}

/// One item of "waiting on me".
#[derive(Debug)]
struct InboxItem {
    decision: DecisionRow,
    reason: &'static str,
    /// What the reason asks of the viewer.
    ask: &'static str,
    by: Option<Moment>,
}

/// A waiting reason as a label and what it asks.
fn reason_text(reason: WaitingReason) -> (&'static str, &'static str) {
    match reason {
        WaitingReason::AdviceRequested => ("Advice requested", "You are a required advisor: give your advice."),
        WaitingReason::ConsentOpen => ("Consent open", "You are consulted: consent, or object with a reason."),
        WaitingReason::ObjectionToResolve => {
            ("Objection to resolve", "Someone objected to your proposal: integrate it or escalate it.")
        }
        WaitingReason::ReadyToDecide => ("Ready to decide", "Advice is complete: you can decide now."),
        WaitingReason::Overdue => ("Overdue", "It is past its deadline and you may decide it."),
        WaitingReason::Escalated => ("Escalated", "It was escalated to you: decide it."),
        WaitingReason::ReviewDue => ("Review due", "Say how it worked out and what was learned."),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    items: Vec<InboxItem>,
}

async fn show_inbox(viewer: Viewer, State(state): State<AppState>) -> Result<InboxPage, PageError> {
    let person = PersonId::parse(&viewer.person).map_err(ApiError::from)?;
    let organisation = state.structure.current(&state.store).await?;
    let now = flow::now();
    let mut items = Vec::new();
    for waiting in flow::inbox(&state.store, &state.structure, &person).await? {
        let stored = state.store.decision(&waiting.decision).await?;
        let (reason, ask) = reason_text(waiting.reason);
        items.push(InboxItem {
            decision: DecisionRow::new(&stored.decision, &organisation, now),
            reason,
            ask,
            by: waiting.by.map(|by| Moment::new(by, now)),
        });
    }
    Ok(InboxPage { chrome: Chrome::new("Waiting on me", Section::Decisions, Some(viewer)), items })
}

/// The "Start this decision" form.
#[derive(Debug, Default, Deserialize)]
struct StartForm {
    #[serde(default)]
    domain: String,
    #[serde(flatten)]
    attributes: AttributeFields,
    #[serde(default)]
    title: String,
    #[serde(default)]
    proposal: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "decision_new.html")]
struct StartPage {
    chrome: Chrome,
    domain: String,
    domain_name: String,
    form: StartForm,
    teams: Vec<(String, String)>,
    errors: FieldErrors,
    /// Why it cannot be started, when no single field is to blame.
    refusal: Option<String>,
    rights: Option<RightsPanel>,
}

async fn start_decision(
    viewer: Viewer,
    State(state): State<AppState>,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    viewer.identity.require(Need::Act)?;
    let organisation = state.structure.current(&state.store).await?;
    let proposer = PersonId::parse(&viewer.person).map_err(ApiError::from)?;
    let domain = DomainId::parse(&form.domain)
        .ok()
        .filter(|domain| organisation.domain(domain).is_some())
        .ok_or_else(|| ApiError::not_found(polylead_core::record::Entity::Domain, form.domain.clone()))?;
    let mut errors = FieldErrors::default();
    let attributes = form.attributes.parse(&organisation, &mut errors);
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        errors.add("title", "the title must be 1 to 300 characters");
    }
    let now = flow::now();
    let Some(attributes) = attributes.filter(|_| errors.is_empty()) else {
        return start_form(viewer, &organisation, form, errors, None, None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let decision = Decision::draft(Proposal {
        id: DecisionId::parse(&flow::fresh_id("d")).map_err(ApiError::from)?,
        domain,
        title: title.to_owned(),
        text: Some(form.proposal.trim().to_owned()).filter(|text| !text.is_empty()),
        proposer: proposer.clone(),
        attributes,
        created_at: now,
    });
    // Opening is tried on the draft first, so a refused start stores nothing.
    let rights = flow::rights_of(&organisation, &decision, now)?;
    let case = Case { decision: &decision, responses: &[], rights: &rights };
    let panel = RightsPanel::new(AnswerView::new(&rights, &organisation), &organisation, now);
    if let Err(refusal) = lifecycle::take(case, &proposer, Action::Open, now, "s-check") {
        let message = refusal.to_string();
        let status = ApiError::from(refusal).status();
        return start_form(viewer, &organisation, form, errors, Some(message), Some(panel), status);
    }
    match flow::propose(&state.store, &state.structure, decision, true).await {
        Ok(stored) => {
            Ok(Redirect::to(&format!("/decisions/{}", url_encode(stored.decision.id.as_str()))).into_response())
        }
        Err(error @ ApiError::Validation(_)) => {
            let status = error.status();
            start_form(viewer, &organisation, form, errors, Some(error.to_string()), Some(panel), status)
        }
        Err(error) => Err(error.into()),
    }
}

fn start_form(
    viewer: Viewer,
    organisation: &Organisation,
    form: StartForm,
    errors: FieldErrors,
    refusal: Option<String>,
    rights: Option<RightsPanel>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let domain_name = DomainId::parse(&form.domain)
        .ok()
        .and_then(|domain| organisation.domain(&domain).map(|domain| domain.name.to_string()))
        .unwrap_or_else(|| form.domain.clone());
    let page = StartPage {
        chrome: Chrome::new("Start a decision", Section::WhoDecides, Some(viewer)),
        domain: form.domain.clone(),
        domain_name,
        teams: team_choices(organisation),
        form,
        errors,
        refusal,
        rights,
    };
    Ok((status, page).into_response())
}
