//! `GET /roles/{id}`: a role's team, purpose, accountabilities, contribution types, who fills
//! it and the decision domains it holds.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use polylead_core::domain::Holder;
use polylead_core::ids::RoleId;
use polylead_core::record::Entity;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::party::{Link, parse_id};
use crate::pages::{Chrome, PageError, Section, Viewer};

pub fn routes() -> Router<AppState> {
    Router::new().route("/roles/{id}", get(show_role))
}

#[derive(Template, WebTemplate)]
#[template(path = "role.html")]
struct RolePage {
    chrome: Chrome,
    name: String,
    team: Link,
    purpose: Option<String>,
    accountabilities: Vec<String>,
    contributions: Vec<&'static str>,
    critical: bool,
    fillers: Vec<(Link, Option<String>)>,
    domains: Vec<Link>,
}

async fn show_role(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<RolePage, PageError> {
    let id = parse_id(&raw, Entity::Role, RoleId::parse)?;
    let organisation = state.structure.current(&state.store).await?;
    let role = organisation.role(&id).ok_or_else(|| PageError(ApiError::not_found(Entity::Role, raw.as_str())))?;
    let fillers = organisation
        .fillers(&id)
        .iter()
        .map(|person| {
            let left = organisation.person(person).and_then(|person| person.left).map(|day| format!("left {day}"));
            (Link::person(&organisation, person), left)
        })
        .collect();
    let held = Holder::Role(id.clone());
    Ok(RolePage {
        chrome: Chrome::new(format!("Role {}", role.name), Section::Organisation, Some(viewer)),
        name: role.name.to_string(),
        team: Link::team(&organisation, &role.team),
        purpose: role.purpose.clone(),
        accountabilities: role.accountabilities.clone(),
        contributions: role.contributions.iter().map(|kind| kind.as_str()).collect(),
        critical: role.critical,
        fillers,
        domains: organisation
            .domains()
            .filter(|domain| domain.holder == held)
            .map(|domain| Link::domain(&organisation, &domain.id))
            .collect(),
    })
}
