//! `GET /people/{id}`: a person's team, superior, roles, the domains they hold or have been
//! delegated, and — for themselves and admins only (person-level analytics are private) —
//! their leadership profile, the advice they gave and sought, and their API tokens.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use polylead_chart::{Caption, StackLayer, StackedBarChart, render_stacked_bars};
use polylead_core::domain::Holder;
use polylead_core::erasure::ERASED_NAME;
use polylead_core::ids::PersonId;
use polylead_core::person::Person;
use polylead_core::record::Entity;
use polylead_core::rights::Organisation;
use polylead_core::role::Contribution;

use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::erasure::{self, EraseSection};
use crate::pages::party::{Link, parse_id};
use crate::pages::tokens::{self, TokensSection};
use crate::pages::{Chrome, PageError, Section, Viewer};
use crate::{AppState, flow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people/{id}", get(show_person))
        .route("/people/{id}/tokens", post(tokens::create_token))
        .route("/people/{id}/tokens/{token_id}/revoke", post(tokens::revoke_token))
        .route("/people/{id}/erase", post(erasure::erase_person))
}

/// Months in the leadership profile, the current one included.
const PROFILE_MONTHS: i64 = 12;

/// A domain the person may decide in, and why.
pub struct HeldDomain {
    pub domain: Link,
    /// "as Rota coordinator", "as a member of Ward 3" or "delegated by Ana until …".
    pub how: String,
}

/// People someone gave advice to or sought it from, with how many ties.
pub struct AdviceLink {
    pub person: Link,
    pub ties: usize,
}

/// What only the person and admins see.
pub struct PrivateSection {
    pub profile_svg: String,
    pub acts: usize,
    pub given: Vec<AdviceLink>,
    pub sought: Vec<AdviceLink>,
    pub given_ties: usize,
    pub sought_ties: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    chrome: Chrome,
    id: String,
    name: String,
    team: Option<Link>,
    superior: Option<Link>,
    membership: String,
    roles: Vec<Link>,
    domains: Vec<HeldDomain>,
    is_self: bool,
    private: Option<PrivateSection>,
    tokens: TokensSection,
    /// Whether the person was erased: this page is their pseudonym's.
    erased: bool,
    pub erase: EraseSection,
}

async fn show_person(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<PersonPage, PageError> {
    let person = find_person(&state, &raw).await?;
    let section = tokens::section(&state, &viewer, &person, None).await?;
    person_page(&state, viewer, &person, section).await
}

/// The person `raw` names, or the 404 page.
pub async fn find_person(state: &AppState, raw: &str) -> Result<PersonId, PageError> {
    let id = parse_id(raw, Entity::Person, PersonId::parse)?;
    let organisation = state.structure.current(&state.store).await?;
    match organisation.person(&id) {
        Some(_) => Ok(id),
        None => Err(PageError(ApiError::not_found(Entity::Person, raw))),
    }
}

/// Whether `viewer` may see `person`'s person-level analytics and tokens.
pub fn may_see_private(viewer: &Viewer, person: &PersonId) -> bool {
    viewer.is_admin || viewer.person == person.as_str()
}

/// The person page with the given tokens section.
pub async fn person_page(
    state: &AppState,
    viewer: Viewer,
    id: &PersonId,
    tokens: TokensSection,
) -> Result<PersonPage, PageError> {
    let organisation = state.structure.current(&state.store).await?;
    let person = organisation.person(id).ok_or_else(|| PageError(ApiError::not_found(Entity::Person, id.as_str())))?;
    let now = flow::now();
    let roles: Vec<&polylead_core::role::Role> =
        organisation.roles().filter(|role| organisation.fillers(&role.id).contains(id)).collect();
    let erased = person.name.as_str() == ERASED_NAME;
    // An erased person has no account, so no tokens.
    let tokens = if erased { TokensSection::default() } else { tokens };
    let private = if may_see_private(&viewer, id) {
        if viewer.person != id.as_str() {
            let what = "the leadership profile and advice ties of a person";
            crate::privacy::audit(&state.store, &viewer.identity, what, Some(id.as_str())).await?;
        }
        Some(private_section(state, &organisation, person, now).await?)
    } else {
        None
    };
    Ok(PersonPage {
        chrome: Chrome::new(person.name.to_string(), Section::None, Some(viewer.clone())),
        id: id.to_string(),
        name: person.name.to_string(),
        team: person.team.as_ref().map(|team| Link::team(&organisation, team)),
        superior: person.superior.as_ref().map(|superior| Link::person(&organisation, superior)),
        membership: membership(person),
        roles: roles.iter().map(|role| Link::role(&organisation, &role.id)).collect(),
        domains: held_domains(&organisation, person, &roles, now),
        is_self: viewer.person == id.as_str(),
        private,
        tokens,
        erased,
        erase: EraseSection::for_viewer(&viewer, id.as_str()),
    })
}

fn membership(person: &Person) -> String {
    match (person.joined, person.left) {
        (Some(joined), Some(left)) => format!("Member from {joined} to {left}."),
        (None, Some(left)) => format!("Left on {left}."),
        (Some(joined), None) => format!("Member since {joined}."),
        (None, None) => String::new(),
    }
}

/// The domains the person holds through a role they fill or the team that is theirs, and those
/// delegated to them that have not ended yet; none for someone who has left or not yet joined.
fn held_domains(
    organisation: &Organisation,
    person: &Person,
    roles: &[&polylead_core::role::Role],
    now: Timestamp,
) -> Vec<HeldDomain> {
    let mut held = Vec::new();
    if !person.is_member_on(now.to_zoned(TimeZone::UTC).date()) {
        return held;
    }
    for domain in organisation.domains() {
        let how = match &domain.holder {
            Holder::Role(role) => {
                roles.iter().find(|filled| &filled.id == role).map(|filled| format!("as {}", filled.name))
            }
            Holder::Team(team) if person.team.as_ref() == Some(team) => {
                Some(format!("as a member of {}", Link::team(organisation, team).label))
            }
            Holder::Team(_) => None,
        };
        if let Some(how) = how {
            held.push(HeldDomain { domain: Link::domain(organisation, &domain.id), how });
        }
        for delegation in organisation.delegations(&domain.id) {
            if delegation.delegate == person.id && delegation.ends_at > now {
                let by = delegation
                    .delegated_by
                    .as_ref()
                    .map_or_else(String::new, |by| format!(" by {}", Link::person(organisation, by).label));
                let until = delegation.ends_at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC");
                let from = if delegation.starts_at > now {
                    format!(" from {}", delegation.starts_at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC"))
                } else {
                    String::new()
                };
                held.push(HeldDomain {
                    domain: Link::domain(organisation, &domain.id),
                    how: format!("delegated{by}{from} until {until}"),
                });
            }
        }
    }
    held
}

async fn private_section(
    state: &AppState,
    organisation: &Organisation,
    person: &Person,
    now: Timestamp,
) -> Result<PrivateSection, PageError> {
    let this_month = now.to_zoned(TimeZone::UTC).date().first_of_month();
    let months: Vec<jiff::civil::Date> =
        (0..PROFILE_MONTHS).rev().filter_map(|back| this_month.checked_sub(Span::new().months(back)).ok()).collect();
    let since = months
        .first()
        .and_then(|first| first.to_zoned(TimeZone::UTC).ok())
        .map_or(now - SignedDuration::from_hours(24 * 366), |start| start.timestamp());
    let acts = state.store.acts_by(&person.id, since).await?;
    let periods: Vec<String> = months.iter().map(|month| month.strftime("%Y-%m").to_string()).collect();
    let layers = Contribution::ALL
        .iter()
        .map(|kind| {
            let mut values = vec![0.0; periods.len()];
            for act in acts.iter().filter(|act| act.kind == *kind) {
                let month = act.started_at.to_zoned(TimeZone::UTC).date().strftime("%Y-%m").to_string();
                if let Some(position) = periods.iter().position(|period| *period == month) {
                    values[position] += 1.0;
                }
            }
            StackLayer {
                label: kind.as_str().to_owned(),
                class: Some(format!("contribution-{}", kind.as_str())),
                values,
            }
        })
        .collect();
    let chart = StackedBarChart { periods, layers, value_label: "acts".to_owned() };
    let caption = Caption {
        id: "leadership-profile".to_owned(),
        title: format!("Leadership acts of {} per month", person.name),
        description: "Acts per month over the last twelve months, stacked by contribution type.".to_owned(),
    };
    let profile_svg = render_stacked_bars(&caption, &chart)
        .map_err(|error| PageError(ApiError::Internal(format!("drawing the profile failed: {error}"))))?;
    let ties = state.store.advice_ties_of(&person.id).await?;
    let mut given: BTreeMap<&PersonId, usize> = BTreeMap::new();
    let mut sought: BTreeMap<&PersonId, usize> = BTreeMap::new();
    for tie in &ties {
        if tie.source == person.id {
            *given.entry(&tie.seeker).or_default() += 1;
        }
        if tie.seeker == person.id {
            *sought.entry(&tie.source).or_default() += 1;
        }
    }
    let links = |counts: BTreeMap<&PersonId, usize>| -> Vec<AdviceLink> {
        counts.into_iter().map(|(id, ties)| AdviceLink { person: Link::person(organisation, id), ties }).collect()
    };
    Ok(PrivateSection {
        profile_svg,
        acts: acts.len(),
        given_ties: given.values().sum(),
        sought_ties: sought.values().sum(),
        given: links(given),
        sought: links(sought),
    })
}
