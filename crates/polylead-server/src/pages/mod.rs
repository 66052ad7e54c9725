//! Server-rendered HTML pages: one module per page, a shared layout and stylesheet, and
//! [`PageError`], which renders an [`ApiError`] as a page instead of JSON.
//!
//! Pages are plain HTML built with `format!`; every value from the store goes through
//! [`escape`]. No external assets and no JavaScript.

pub mod landing;

use std::fmt::Write as _;

use axum::Router;
use axum::extract::OriginalUri;
use axum::http::Method;
use axum::response::{Html, IntoResponse, Response};
use polylead_store::StoreError;

use crate::AppState;
use crate::error::ApiError;

/// The page routes; a wrong method answers with an HTML page.
pub fn router() -> Router<AppState> {
    Router::new().merge(landing::routes()).method_not_allowed_fallback(method_not_allowed)
}

/// A failed page: the status of the [`ApiError`] with a short HTML explanation.
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

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let message = self.0.view().message;
        let title = status.canonical_reason().unwrap_or("Error");
        let body = format!(
            "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">Back to the start page</a></p>",
            escape(title),
            escape(&message)
        );
        (status, Html(layout(title, &body))).into_response()
    }
}

/// The answer for a path outside the API that no page serves.
pub fn page_not_found(path: &str) -> PageError {
    PageError(ApiError::NotFound { entity: "page", id: path.to_owned() })
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> PageError {
    PageError(ApiError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() })
}

/// Escapes text for HTML element content and double-quoted attribute values.
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

/// A whole HTML document around `main`, which must already be escaped.
pub fn layout(title: &str, main: &str) -> String {
    let mut page = String::with_capacity(STYLE.len() + main.len() + 1024);
    let _ = write!(
        page,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · polylead</title>
<style>{STYLE}</style>
</head>
<body>
<header class="site"><div class="wrap"><a class="brand" href="/">polylead</a></div></header>
<main class="wrap">
{main}
</main>
<footer class="wrap">polylead {version} · <a href="/api/v1/openapi.json">API description</a></footer>
</body>
</html>
"#,
        title = escape(title),
        version = env!("CARGO_PKG_VERSION"),
    );
    page
}

/// The one stylesheet, inlined in every page.
const STYLE: &str = r#"
:root {
  color-scheme: light dark;
  --fg: #1d2430; --muted: #5a6473; --bg: #f7f6f2; --card: #ffffff; --line: #dcd8cd; --accent: #23695a;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e9e7e2; --muted: #a4abb5; --bg: #15181c; --card: #1e2328; --line: #343b44; --accent: #7fc8b2; }
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
.wrap { max-width: 56rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { border-bottom: 1px solid var(--line); padding: .9rem 0; }
.brand { font-weight: 700; letter-spacing: .03em; text-decoration: none; }
main { padding-bottom: 2rem; }
h1 { font-size: clamp(1.8rem, 3vw + 1rem, 2.7rem); line-height: 1.15; margin: 2rem 0 .75rem; }
h2 { font-size: 1.15rem; margin: 2.25rem 0 .75rem; }
p { max-width: 42rem; }
.lede { font-size: 1.12rem; color: var(--muted); }
a { color: var(--accent); text-underline-offset: .15em; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .75rem; margin: 0; }
.stats div { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: .85rem 1rem; }
.stats dt { color: var(--muted); font-size: .9rem; }
.stats dd { margin: 0; font-size: 1.75rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.links { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
.links li { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: .7rem 1rem; }
.links a { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .95rem; word-break: break-all; }
.links span { display: block; color: var(--muted); font-size: .9rem; }
footer { color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); padding-top: 1rem; padding-bottom: 2rem; }
"#;
