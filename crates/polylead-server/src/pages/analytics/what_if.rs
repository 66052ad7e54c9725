//! `GET /analytics/what-if?leave=ana,ben`: what breaks if these people leave now — orphaned
//! roles and domains, pending decisions left without a decider, the change in fragmentation
//! (F, DF) and in the truck factor, the teams affected. The answer is the API's
//! ([`load_what_if`]); an unknown or malformed person id is shown next to the field (422).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use polylead_core::ids::{DomainId, PersonId, RoleId, TeamId};
use polylead_core::person::Person;
use polylead_core::rights::Organisation;
use serde::Deserialize;

use super::format::{Choice, PersonLink, change_text, count_change_text};
use super::{MAX_SUGGESTED_PEOPLE, people_choices_of};
use crate::AppState;
use crate::api::what_if::{LeaveView, WhatIfRequest, load_what_if};
use crate::error::ApiError;
use crate::extract::Query;
use crate::flow::now;
use crate::pages::{Chrome, PageError, Section, Viewer};

#[derive(Debug, Default, Deserialize)]
pub(super) struct WhatIfParams {
    leave: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics_what_if.html")]
struct WhatIfPage {
    chrome: Chrome,
    leave: String,
    leave_error: Option<String>,
    people: Vec<Choice>,
    result: Option<LeaveResult>,
}

/// A link to an entity's page with its name.
#[derive(Debug)]
struct Link {
    href: String,
    name: String,
}

/// A domain left without a decider.
#[derive(Debug)]
struct OrphanedDomainRow {
    domain: Link,
    holder_vacant: bool,
    rules: String,
}

/// A pending decision nobody may take any more.
#[derive(Debug)]
struct StrandedRow {
    href: String,
    id: String,
    status: String,
    domain: Link,
    before: Vec<PersonLink>,
    findings: String,
}

/// A team touched by the departures.
#[derive(Debug)]
struct TeamRow {
    team: Link,
    leaving: Vec<PersonLink>,
    orphaned_roles: usize,
    orphaned_domains: usize,
}

/// The answer, ready to print.
#[derive(Debug)]
struct LeaveResult {
    leaving: Vec<PersonLink>,
    orphaned_roles: Vec<Link>,
    orphaned_domains: Vec<OrphanedDomainRow>,
    vacant_escalations: Vec<String>,
    stranded: Vec<StrandedRow>,
    fragmentation: String,
    distance_fragmentation: String,
    distance_note: Option<String>,
    truck_factor: String,
    teams: Vec<TeamRow>,
}

pub(super) async fn show_what_if(
    viewer: Viewer,
    State(state): State<AppState>,
    query: Result<Query<WhatIfParams>, ApiError>,
) -> Result<Response, PageError> {
    let Query(params) = query?;
    let people: Vec<Person> = state.store.page::<Person>(0, MAX_SUGGESTED_PEOPLE as u64).await?.items;
    let mut page = WhatIfPage {
        chrome: Chrome::new("What if people leave?", Section::Analytics, Some(viewer)),
        leave: params.leave.clone().unwrap_or_default(),
        leave_error: None,
        people: people_choices_of(&people, now()),
        result: None,
    };
    let Some(raw) = params.leave else { return Ok(page.into_response()) };
    let ids = person_ids(&raw);
    if ids.is_empty() {
        page.leave_error = Some("Give at least one person id, for example: ana, ben".to_owned());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let request = WhatIfRequest { leave: Some(ids), ..WhatIfRequest::default() };
    match load_what_if(&state.store, request, now()).await {
        Ok(answer) => {
            let organisation = state.structure.current(&state.store).await?;
            page.result = answer.leave.as_ref().map(|leave| LeaveResult::new(leave, &organisation));
            Ok(page.into_response())
        }
        Err(error) if matches!(error.status(), StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY) => {
            page.leave_error = Some(error.view().message);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The ids in a comma-separated list, trimmed, blanks and repeats left out, in order.
fn person_ids(raw: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in raw.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_owned());
        }
    }
    ids
}

impl LeaveResult {
    fn new(leave: &LeaveView, organisation: &Organisation) -> LeaveResult {
        let person = |id: &str| PersonLink {
            href: format!("/people/{id}"),
            name: PersonId::parse(id)
                .ok()
                .and_then(|id| organisation.person(&id).map(|p| p.name.to_string()))
                .unwrap_or_else(|| id.to_owned()),
        };
        let domain = |id: &str| Link {
            href: format!("/domains/{id}"),
            name: DomainId::parse(id)
                .ok()
                .and_then(|id| organisation.domain(&id).map(|d| d.name.to_string()))
                .unwrap_or_else(|| id.to_owned()),
        };
        let role = |id: &str| Link {
            href: format!("/roles/{id}"),
            name: RoleId::parse(id)
                .ok()
                .and_then(|id| organisation.role(&id).map(|r| r.name.to_string()))
                .unwrap_or_else(|| id.to_owned()),
        };
        let team = |id: &str| Link {
            href: format!("/teams/{id}"),
            name: TeamId::parse(id)
                .ok()
                .and_then(|id| organisation.team(&id).map(|t| t.name.to_string()))
                .unwrap_or_else(|| id.to_owned()),
        };
        LeaveResult {
            leaving: leave.leaving.iter().map(|id| person(id)).collect(),
            orphaned_roles: leave.orphaned_roles.iter().map(|id| role(id)).collect(),
            orphaned_domains: leave
                .orphaned_domains
                .iter()
                .map(|d| OrphanedDomainRow {
                    domain: domain(&d.domain_id),
                    holder_vacant: d.holder_vacant,
                    rules: d.rules.join(", "),
                })
                .collect(),
            vacant_escalations: leave
                .vacant_escalations
                .iter()
                .map(|v| {
                    format!(
                        "{} (rule {}): escalation to {} reaches nobody",
                        domain(&v.domain_id).name,
                        v.rule_id,
                        v.party
                    )
                })
                .collect(),
            stranded: leave
                .stranded_decisions
                .iter()
                .map(|s| StrandedRow {
                    href: format!("/decisions/{}", s.decision_id),
                    id: s.decision_id.clone(),
                    status: s.status.clone(),
                    domain: domain(&s.domain_id),
                    before: s.before.iter().map(|id| person(id)).collect(),
                    findings: s.findings.iter().map(|f| f.replace('_', " ")).collect::<Vec<_>>().join(", "),
                })
                .collect(),
            fragmentation: change_text(&leave.fragmentation),
            distance_fragmentation: change_text(&leave.distance_fragmentation),
            distance_note: leave.distance_fragmentation.note.clone(),
            truck_factor: count_change_text(&leave.truck_factor),
            teams: leave
                .teams_affected
                .iter()
                .map(|t| TeamRow {
                    team: team(&t.team_id),
                    leaving: t.leaving.iter().map(|id| person(id)).collect(),
                    orphaned_roles: t.orphaned_roles.len(),
                    orphaned_domains: t.orphaned_domains.len(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_split_on_commas_trimmed_and_deduplicated() {
        assert_eq!(person_ids(" ana, ben,,ana , "), ["ana", "ben"]);
        assert!(person_ids(" , ").is_empty());
    }
}
