//! `GET /history`: the organisation's change log, newest first, 50 entries a page, filtered by
//! table, by text in the row's key or contents, and by who made the change.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiff::tz::TimeZone;
use polylead_core::ids::PersonId;
use polylead_core::record::Entity;
use polylead_core::rights::Organisation;
use polylead_store::{Change, HistoryFilter};
use serde::Deserialize;

use crate::AppState;
use crate::extract::Query;
use crate::pages::party::Link;
use crate::pages::{Chrome, PageError, Section, Viewer, url_encode};

pub fn routes() -> Router<AppState> {
    Router::new().route("/history", get(show_history))
}

/// Entries per page.
const PAGE_SIZE: u64 = 50;
/// The longest summary of a row's contents shown.
const SUMMARY_CHARS: usize = 160;

/// One history entry as the pages show it.
pub struct ChangeRow {
    pub when: String,
    /// The person who made it (linked) or the tool's name.
    pub who: Link,
    pub who_is_person: bool,
    pub entity: String,
    pub key: String,
    pub action: String,
    /// The row's contents after the change, shortened.
    pub summary: String,
    pub decision: Option<Link>,
}

impl ChangeRow {
    pub fn new(change: &Change, organisation: &Organisation) -> ChangeRow {
        let person = PersonId::parse(&change.actor).ok().filter(|id| organisation.person(id).is_some());
        let who = match &person {
            Some(id) => Link::person(organisation, id),
            None => Link { href: String::new(), label: change.actor.clone() },
        };
        let contents = change.after.as_deref().or(change.before.as_deref()).unwrap_or("");
        let mut summary: String = contents.chars().take(SUMMARY_CHARS).collect();
        if contents.chars().count() > SUMMARY_CHARS {
            summary.push('…');
        }
        ChangeRow {
            when: change.at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC").to_string(),
            who,
            who_is_person: person.is_some(),
            entity: change.entity.clone(),
            key: change.key.clone(),
            action: change.action.clone(),
            summary,
            decision: change
                .decision
                .as_ref()
                .map(|id| Link { href: format!("/decisions/{}", url_encode(id)), label: id.clone() }),
        }
    }
}

#[derive(Debug, Deserialize)]
struct HistoryQuery {
    entity: Option<String>,
    q: Option<String>,
    person: Option<String>,
    page: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    /// (table, label, selected) for the entity select.
    entities: Vec<(&'static str, &'static str, bool)>,
    q: String,
    person: String,
    rows: Vec<ChangeRow>,
    total: u64,
    page: u64,
    pages: u64,
    previous: Option<String>,
    next: Option<String>,
    /// A bad filter value, shown next to its field: (field, message).
    error: Option<(&'static str, String)>,
}

impl HistoryPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().filter(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }
}

fn filled(value: Option<&String>) -> Option<String> {
    value.map(|raw| raw.trim().to_owned()).filter(|raw| !raw.is_empty())
}

async fn show_history(
    viewer: Viewer,
    State(state): State<AppState>,
    Query(query): Query<HistoryQuery>,
) -> Result<(axum::http::StatusCode, HistoryPage), PageError> {
    let organisation = state.structure.current(&state.store).await?;
    let entity = filled(query.entity.as_ref());
    let mut error = None;
    if let Some(table) = &entity
        && !Entity::ALL.iter().any(|known| known.table() == table)
    {
        error = Some(("entity", format!("{table:?} is not a kind of record")));
    }
    let page = match filled(query.page.as_ref()) {
        Some(raw) => match raw.parse::<u64>() {
            Ok(number) if number >= 1 => number,
            _ => {
                error = Some(("page", format!("page must be a whole number from 1, got {raw:?}")));
                1
            }
        },
        None => 1,
    };
    let filter = HistoryFilter {
        entity: entity.clone().filter(|_| error.is_none()),
        text: filled(query.q.as_ref()),
        actor: filled(query.person.as_ref()),
        rows: Vec::new(),
    };
    let found = state.store.history_page(&filter, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let pages = found.total.div_ceil(PAGE_SIZE).max(1);
    let mut params = Vec::new();
    for (name, value) in [("entity", &filter.entity), ("q", &filter.text), ("person", &filter.actor)] {
        if let Some(value) = value {
            params.push(format!("{name}={}", url_encode(value)));
        }
    }
    let link = |number: u64| {
        let mut all = params.clone();
        all.push(format!("page={number}"));
        format!("/history?{}", all.join("&"))
    };
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((
        status,
        HistoryPage {
            chrome: Chrome::new("History", Section::History, Some(viewer)),
            entities: Entity::ALL
                .iter()
                .map(|known| (known.table(), known.noun(), entity.as_deref() == Some(known.table())))
                .collect(),
            q: query.q.clone().unwrap_or_default(),
            person: query.person.clone().unwrap_or_default(),
            rows: found.items.iter().map(|change| ChangeRow::new(change, &organisation)).collect(),
            total: found.total,
            page,
            pages,
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
            error,
        },
    ))
}
