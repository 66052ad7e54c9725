//! `GET /`: what polylead is, the organisation at a glance, and where the API lives.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use polylead_core::record::Entity;
use polylead_core::setting::ORGANISATION_NAME;
use polylead_store::Store;

use crate::AppState;
use crate::pages::{PageError, escape, layout};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(show_landing))
}

async fn show_landing(State(store): State<Store>) -> Result<Html<String>, PageError> {
    let organisation = store.setting(ORGANISATION_NAME).await?;
    let counts = store.counts().await?;
    Ok(Html(render_landing(organisation.as_deref(), &counts)))
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

/// The endpoints listed on the page, with what each answers.
const LINKS: [(&str, &str); 6] = [
    ("/api/v1/health", "Health: version, database and row counts."),
    ("/api/v1/openapi.json", "The OpenAPI 3.1 document describing every endpoint."),
    ("/api/v1/people", "People, 50 at a time (?offset=0&limit=50)."),
    ("/api/v1/teams", "Teams and how they nest."),
    ("/api/v1/roles", "Roles, their accountabilities and contributions."),
    ("/api/v1/domains", "Decision domains with their rules: who decides, how, whom to consult."),
];

/// The landing page for an organisation named `organisation` (if set) with `counts` rows.
pub fn render_landing(organisation: Option<&str>, counts: &[(Entity, u64)]) -> String {
    let title = organisation.unwrap_or("Your organisation");
    let mut main = String::new();
    let _ = write!(
        main,
        r#"<h1>{title}</h1>
<p class="lede">polylead makes distributed leadership visible and workable: who holds which roles in
which nested teams, who may take which decisions, and under which rules: who decides, by which
process, whom to consult and inform, and when a decision escalates.
This server offers that model as a JSON API.</p>
<section aria-labelledby="glance">
<h2 id="glance">At a glance</h2>
<dl class="stats">
"#,
        title = escape(title),
    );
    for (entity, label) in SHOWN {
        let count = counts.iter().find(|(counted, _)| *counted == entity).map_or(0, |(_, n)| *n);
        let _ = writeln!(main, "<div><dt>{label}</dt><dd>{count}</dd></div>");
    }
    main.push_str(
        r#"</dl>
</section>
<section aria-labelledby="api">
<h2 id="api">The API</h2>
<ul class="links">
"#,
    );
    for (href, what) in LINKS {
        let _ = writeln!(main, r#"<li><a href="{href}">{href}</a><span>{}</span></li>"#, escape(what));
    }
    main.push_str("</ul>\n</section>");
    layout(title, &main)
}
