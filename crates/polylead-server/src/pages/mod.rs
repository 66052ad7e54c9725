//! Server-rendered HTML pages: one module per page with its askama template in `templates/`,
//! the frame every page shares ([`Chrome`]), the stylesheet and script under `/static`, and
//! [`PageError`], which renders an [`ApiError`] as a page instead of JSON.
//!
//! Every page works without JavaScript; `static/app.js` only enhances. Templates escape every
//! value (askama's HTML escaping); SVG charts come from `polylead-chart`, which escapes its own.

pub mod analytics;
pub mod chrome;
pub mod decision;
pub mod decisions;
pub mod domain;
pub mod erasure;
pub mod history;
pub mod landing;
pub mod moment;
pub mod org_map;
pub mod party;
pub mod person;
pub mod reset_password;
pub mod role;
pub mod sign_in;
pub mod team;
pub mod tokens;
pub mod who_decides;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::OriginalUri;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use polylead_store::StoreError;

pub use chrome::{Chrome, Section, Viewer};

use crate::AppState;
use crate::error::ApiError;

/// The page routes; a wrong method answers with an HTML page.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(landing::routes())
        .merge(analytics::routes())
        .merge(sign_in::routes())
        .merge(reset_password::routes())
        .merge(who_decides::routes())
        .merge(decisions::routes())
        .merge(decision::routes())
        .merge(org_map::routes())
        .merge(team::routes())
        .merge(role::routes())
        .merge(domain::routes())
        .merge(history::routes())
        .merge(person::routes())
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/app.css")) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/app.js")) }),
        )
        .method_not_allowed_fallback(method_not_allowed)
}

/// A file compiled into the binary; browsers may keep it for an hour.
fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// A failed page: the status of the [`ApiError`] with a short explanation.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> PageError {
        PageError(error.into())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let message = self.0.view().message;
        let title = match status.as_u16() {
            404 => "Not found",
            401 => "Please sign in",
            403 => "Not allowed",
            _ => status.canonical_reason().unwrap_or("Error"),
        };
        let mut response =
            (status, ErrorPage { chrome: Chrome::new(title, Section::None, None), message }).into_response();
        self.0.mark_refusal(&mut response);
        response
    }
}

/// The answer for a path outside the API that no page serves.
pub fn page_not_found(path: &str) -> PageError {
    PageError(ApiError::NotFound { entity: "page", id: path.to_owned() })
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> PageError {
    PageError(ApiError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() })
}

/// Percent-encodes `text` for a query-string value.
pub fn url_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).map(|pair| pair[1..].to_owned()).unwrap_or_default()
}

/// Escapes text for HTML element content and double-quoted attribute values (for HTML written
/// outside templates, such as `polylead analyze --format html`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
