//! `GET /teams/{id}`: a team's purpose, place in the organisation, roles and who fills them,
//! members, how its roles cover the five contribution types, and the decisions in its domains.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::tz::TimeZone;
use polylead_chart::{Bar, BarChart, Caption, render_bar_chart};
use std::collections::BTreeMap;

use polylead_core::analytics::coverage::{Threshold, coverage_by_team};
use polylead_core::analytics::latency::decision_latency;
use polylead_core::analytics::population::Window;
use polylead_core::decision::{Decision, DecisionStatus};
use polylead_core::ids::TeamId;
use polylead_core::record::Entity;
use polylead_core::role::Contribution;
use polylead_store::DecisionFilter;

use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::party::{Link, parse_id};
use crate::pages::{Chrome, PageError, Section, Viewer};
use crate::{AppState, flow};

pub fn routes() -> Router<AppState> {
    Router::new().route("/teams/{id}", get(show_team))
}

/// The most members listed by name.
const MEMBERS_SHOWN: usize = 200;
/// The most domains whose decisions are read, and decisions read per domain.
const DOMAINS_READ: usize = 50;
const DECISIONS_PER_DOMAIN: u64 = 500;

/// A role of the team with the people filling it.
pub struct RoleRow {
    pub role: Link,
    pub contributions: Vec<&'static str>,
    pub fillers: Vec<Link>,
}

/// An open decision in one of the team's domains.
pub struct OpenDecision {
    pub link: Link,
    pub domain: Link,
    pub status: &'static str,
    pub created: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "team.html")]
struct TeamPage {
    chrome: Chrome,
    id: String,
    name: String,
    purpose: Option<String>,
    parent: Option<Link>,
    sub_teams: Vec<Link>,
    roles: Vec<RoleRow>,
    members: Vec<Link>,
    members_total: usize,
    coverage_svg: String,
    missing: Vec<&'static str>,
    /// Coverage in practice: the team's acts per type over the last 90 days (METRICS.md M17).
    practice: Practice,
    domains: Vec<Link>,
    /// The median days from proposal to decision, or why there is none.
    latency: String,
    decided: usize,
    open: Vec<OpenDecision>,
}

async fn show_team(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<TeamPage, PageError> {
    let id = parse_id(&raw, Entity::Team, TeamId::parse)?;
    let organisation = state.structure.current(&state.store).await?;
    let team = organisation.team(&id).ok_or_else(|| PageError(ApiError::not_found(Entity::Team, raw.as_str())))?;
    let now = flow::now();
    let today = now.to_zoned(TimeZone::UTC).date();
    let is_current = |person: &polylead_core::ids::PersonId| {
        organisation.person(person).is_some_and(|person| person.is_member_on(today))
    };
    let roles: Vec<&polylead_core::role::Role> = organisation.roles().filter(|role| role.team == id).collect();
    let role_rows = roles
        .iter()
        .map(|role| RoleRow {
            role: Link::role(&organisation, &role.id),
            contributions: role.contributions.iter().map(|kind| kind.as_str()).collect(),
            fillers: organisation
                .fillers(&role.id)
                .iter()
                .filter(|person| is_current(person))
                .map(|person| Link::person(&organisation, person))
                .collect(),
        })
        .collect();
    let members: Vec<Link> = organisation
        .people()
        .filter(|person| person.team.as_ref() == Some(&id) && person.is_member_on(today))
        .map(|person| Link::person(&organisation, &person.id))
        .collect();
    let (coverage_svg, missing) = coverage(&roles, team.name.as_str())?;
    let practice = practice(&state, &organisation, &id, now).await?;
    let domains: Vec<&polylead_core::domain::Domain> =
        organisation.domains().filter(|domain| organisation.team_of(domain) == Some(&id)).collect();
    let mut decisions: Vec<Decision> = Vec::new();
    for domain in domains.iter().take(DOMAINS_READ) {
        let filter = DecisionFilter { domain: Some(domain.id.clone()), ..DecisionFilter::default() };
        decisions.extend(state.store.decision_page(&filter, 0, DECISIONS_PER_DOMAIN).await?.items);
    }
    let latency = decision_latency(&decisions, now);
    let (latency_text, decided) = match &latency {
        Ok(latency) => match latency.median {
            Ok(days) => (format!("{days:.1} days"), latency.decided),
            Err(reason) => (format!("undefined: {reason}"), latency.decided),
        },
        Err(reason) => (format!("undefined: {reason}"), 0),
    };
    let mut open: Vec<OpenDecision> = decisions
        .iter()
        .filter(|decision| {
            matches!(decision.status, DecisionStatus::Open | DecisionStatus::Escalated | DecisionStatus::Draft)
        })
        .map(|decision| OpenDecision {
            link: Link { href: format!("/decisions/{}", decision.id), label: decision.title.clone() },
            domain: Link::domain(&organisation, &decision.domain),
            status: decision.status.as_str(),
            created: decision.created_at.to_zoned(TimeZone::UTC).date().to_string(),
        })
        .collect();
    open.sort_by(|a, b| b.created.cmp(&a.created));
    Ok(TeamPage {
        chrome: Chrome::new(format!("Team {}", team.name), Section::Organisation, Some(viewer)),
        id: id.to_string(),
        name: team.name.to_string(),
        purpose: team.purpose.clone(),
        parent: team.parent.as_ref().map(|parent| Link::team(&organisation, parent)),
        sub_teams: organisation
            .teams()
            .filter(|child| child.parent.as_ref() == Some(&id))
            .map(|child| Link::team(&organisation, &child.id))
            .collect(),
        roles: role_rows,
        members_total: members.len(),
        members: members.into_iter().take(MEMBERS_SHOWN).collect(),
        coverage_svg,
        missing,
        practice,
        domains: domains.iter().map(|domain| Link::domain(&organisation, &domain.id)).collect(),
        latency: latency_text,
        decided,
        open,
    })
}

/// M17 coverage of the team over the last [`Window::DEFAULT_DAYS`] days, from its acts.
pub struct Practice {
    /// "4 of 5 types", or why it is undefined.
    pub coverage: String,
    /// (type, acts) in [`Contribution::ALL`] order.
    pub acts: Vec<(&'static str, u64)>,
    pub missing: Vec<&'static str>,
}

async fn practice(
    state: &AppState,
    organisation: &polylead_core::rights::Organisation,
    team: &TeamId,
    now: jiff::Timestamp,
) -> Result<Practice, PageError> {
    let window = Window::ending(now, Window::DEFAULT_DAYS);
    let since = now - jiff::SignedDuration::from_hours(24 * Window::DEFAULT_DAYS);
    let acts = state.store.acts_in_team(team, since).await?;
    let people: Vec<polylead_core::person::Person> =
        organisation.people().filter(|person| person.team.as_ref() == Some(team)).cloned().collect();
    let coverage = coverage_by_team(&people, &acts, &window, &BTreeMap::new(), Threshold::default());
    Ok(match coverage.get(team) {
        Some(Ok(measured)) => Practice {
            coverage: format!("{} of 5 types", (measured.coverage * 5.0).round()),
            acts: Contribution::ALL.iter().map(|kind| kind.as_str()).zip(measured.acts).collect(),
            missing: Contribution::ALL
                .iter()
                .zip(measured.acts)
                .filter(|(_, count)| *count == 0)
                .map(|(kind, _)| kind.as_str())
                .collect(),
        },
        Some(Err(reason)) => {
            Practice { coverage: format!("undefined: {reason}"), acts: Vec::new(), missing: Vec::new() }
        }
        None => Practice {
            coverage: "undefined: no members and no acts in the window".to_owned(),
            acts: Vec::new(),
            missing: Vec::new(),
        },
    })
}

/// The bar chart of how many of the team's roles carry each contribution type, and the types
/// no role carries.
fn coverage(roles: &[&polylead_core::role::Role], team: &str) -> Result<(String, Vec<&'static str>), PageError> {
    let counts: Vec<(Contribution, usize)> = Contribution::ALL
        .iter()
        .map(|kind| (*kind, roles.iter().filter(|role| role.contributions.contains(kind)).count()))
        .collect();
    let missing = counts.iter().filter(|(_, count)| *count == 0).map(|(kind, _)| kind.as_str()).collect();
    let chart = BarChart {
        bars: counts
            .iter()
            .map(|(kind, count)| Bar {
                label: kind.as_str().replace('_', " & "),
                value: *count as f64,
                value_text: Some(if *count == 1 { "1 role".to_owned() } else { format!("{count} roles") }),
                class: Some(format!("contribution-{}", kind.as_str())),
                ..Bar::default()
            })
            .collect(),
        max: Some(counts.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1) as f64),
    };
    let caption = Caption {
        id: "team-coverage".to_owned(),
        title: format!("Contribution types covered by the roles of {team}"),
        description: "For each of the five leadership contribution types, how many of the team's roles carry it."
            .to_owned(),
    };
    let svg = render_bar_chart(&caption, &chart)
        .map_err(|error| PageError(ApiError::Internal(format!("drawing the coverage chart failed: {error}"))))?;
    Ok((svg, missing))
}
