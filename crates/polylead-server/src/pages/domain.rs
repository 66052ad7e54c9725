//! `GET /domains/{id}`: a decision domain — its holder, its rules in plain words, the
//! delegations in force, who is responsible, accountable, consulted and informed (RACI), and
//! its history.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::tz::TimeZone;
use polylead_core::ids::{DomainId, PersonId};
use polylead_core::record::{Entity, Record};
use polylead_core::rights::Organisation;
use polylead_core::rights::raci::raci_of_domain;
use polylead_store::{DecisionFilter, HistoryFilter};

use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::history::ChangeRow;
use crate::pages::party::{Link, parse_id, rule_in_words};
use crate::pages::{Chrome, PageError, Section, Viewer};
use crate::{AppState, flow};

pub fn routes() -> Router<AppState> {
    Router::new().route("/domains/{id}", get(show_domain))
}

/// The history entries shown, and the most recent decisions whose changes they include.
const HISTORY_SHOWN: u64 = 30;
const DECISIONS_IN_HISTORY: u64 = 50;

/// A delegation in force.
pub struct DelegationRow {
    pub delegate: Link,
    pub by: Option<Link>,
    pub until: String,
    pub note: Option<String>,
}

/// One RACI row: a rule with its people.
pub struct RaciLine {
    pub rule: String,
    pub responsible: Vec<Link>,
    pub accountable: Vec<Link>,
    pub consulted: Vec<Link>,
    pub informed: Vec<Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "domain.html")]
struct DomainPage {
    chrome: Chrome,
    name: String,
    description: Option<String>,
    keywords: Vec<String>,
    holder: Link,
    team: Option<Link>,
    rules: Vec<String>,
    delegations: Vec<DelegationRow>,
    raci: Vec<RaciLine>,
    rows: Vec<ChangeRow>,
    history_total: u64,
}

fn people(organisation: &Organisation, ids: &[PersonId]) -> Vec<Link> {
    ids.iter().map(|id| Link::person(organisation, id)).collect()
}

async fn show_domain(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<DomainPage, PageError> {
    let id = parse_id(&raw, Entity::Domain, DomainId::parse)?;
    let organisation = state.structure.current(&state.store).await?;
    let domain =
        organisation.domain(&id).ok_or_else(|| PageError(ApiError::not_found(Entity::Domain, raw.as_str())))?;
    let now = flow::now();
    let rules = organisation.rules(&id);
    let delegations = organisation
        .delegations_in_force(&id, now)
        .into_iter()
        .map(|delegation| DelegationRow {
            delegate: Link::person(&organisation, &delegation.delegate),
            by: delegation.delegated_by.as_ref().map(|by| Link::person(&organisation, by)),
            until: delegation.ends_at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC").to_string(),
            note: delegation.note.clone(),
        })
        .collect();
    let raci = raci_of_domain(&organisation, domain, now)
        .into_iter()
        .map(|row| RaciLine {
            rule: if row.rule.condition.is_always() {
                "Always".to_owned()
            } else {
                row.rule.condition.in_words(|team| crate::pages::party::team_name(&organisation, team))
            },
            responsible: people(&organisation, &row.responsible),
            accountable: people(&organisation, &row.accountable),
            consulted: people(&organisation, &row.consulted),
            informed: people(&organisation, &row.informed),
        })
        .collect();
    let mut keys = vec![(Entity::Domain.table().to_owned(), domain.key())];
    keys.extend(rules.iter().map(|rule| (Entity::Rule.table().to_owned(), rule.key())));
    keys.extend(
        organisation
            .delegations(&id)
            .iter()
            .map(|delegation| (Entity::Delegation.table().to_owned(), delegation.key())),
    );
    let decisions = DecisionFilter { domain: Some(id.clone()), ..DecisionFilter::default() };
    let recent = state.store.decision_page(&decisions, 0, DECISIONS_IN_HISTORY).await?;
    keys.extend(recent.items.iter().map(|decision| (Entity::Decision.table().to_owned(), decision.key())));
    let filter = HistoryFilter { rows: keys, ..HistoryFilter::default() };
    let history = state.store.history_page(&filter, 0, HISTORY_SHOWN).await?;
    Ok(DomainPage {
        chrome: Chrome::new(format!("Domain {}", domain.name), Section::Organisation, Some(viewer)),
        name: domain.name.to_string(),
        description: domain.description.clone(),
        keywords: domain.keywords.iter().map(ToString::to_string).collect(),
        holder: Link::holder(&organisation, &domain.holder),
        team: organisation.team_of(domain).map(|team| Link::team(&organisation, team)),
        rules: rules.iter().map(|rule| rule_in_words(&organisation, rule)).collect(),
        delegations,
        raci,
        rows: history.items.iter().map(|change| ChangeRow::new(change, &organisation)).collect(),
        history_total: history.total,
    })
}
