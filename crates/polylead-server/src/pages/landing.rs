//! `GET /`: the organisation at a glance and where to start.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use polylead_core::record::Entity;
use polylead_core::setting::ORGANISATION_NAME;
use polylead_store::Store;

use crate::AppState;
use crate::pages::{Chrome, PageError, Section, Viewer};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(show_landing))
}

/// The entities shown on the page, with their plural labels.
const SHOWN: [(Entity, &str); 6] = [
    (Entity::Person, "People"),
    (Entity::Team, "Teams"),
    (Entity::Role, "Roles"),
    (Entity::Domain, "Decision domains"),
    (Entity::Rule, "Decision rules"),
    (Entity::Decision, "Decisions"),
];

/// Where a member usually goes next: (href, label, what it answers).
const STARTS: [(&str, &str, &str); 5] = [
    ("/decisions/inbox", "Waiting on me", "Decisions that need your advice, consent or decision."),
    ("/who-decides", "Who decides?", "Describe a decision: who decides it, whom to ask, by when, and why."),
    ("/org", "The organisation", "Teams, roles and who fills them, as a map, a tree or a list."),
    ("/analytics", "Analytics", "How leadership is spread, where decisions wait, what breaks when someone leaves."),
    ("/api/v1/openapi.json", "The API", "Everything here is also a JSON API; create a token on your person page."),
];

#[derive(Template, WebTemplate)]
#[template(path = "landing.html")]
struct Landing {
    chrome: Chrome,
    viewer: Viewer,
    organisation: String,
    counts: Vec<(&'static str, u64)>,
    starts: &'static [(&'static str, &'static str, &'static str)],
}

async fn show_landing(viewer: Viewer, State(store): State<Store>) -> Result<Landing, PageError> {
    let organisation = store.setting(ORGANISATION_NAME).await?.unwrap_or_else(|| "Your organisation".to_owned());
    let counts = store.counts().await?;
    let counts = SHOWN
        .iter()
        .map(|(entity, label)| (*label, counts.iter().find(|(counted, _)| counted == entity).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(Landing {
        chrome: Chrome::new(organisation.clone(), Section::Home, Some(viewer.clone())),
        viewer,
        organisation,
        counts,
        starts: &STARTS,
    })
}
