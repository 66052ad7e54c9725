//! Who is asking, and may they: accounts, browser sessions, API tokens and CSRF.
//!
//! Every request outside a short public list passes a guard ([`api_guard`] for `/api`,
//! [`page_guard`] for pages) that finds the [`Identity`] — from `Authorization: Bearer <token>`
//! or the session cookie — checks what the request needs against the account's role and the
//! token's scope, checks the CSRF token of cookie-authenticated writes, and puts the identity
//! in the request's extensions for the handlers ([`crate::extract::Actor`],
//! [`crate::extract::Admin`]). A route added later is therefore guarded without doing anything.

mod cookie;
pub mod password;
pub mod rate_limit;
pub mod secret;
mod sign_in;
pub mod tokens;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use polylead_core::account::{AccountRole, Need, TokenScope};
use polylead_core::ids::PersonId;

pub use cookie::{CSRF_COOKIE, SESSION_COOKIE, cookie_value, set_cookie};
pub use sign_in::{SESSION_DAYS, SignedIn, sign_in, sign_out};

use crate::AppState;
use crate::error::{ApiError, Refused};
use crate::flow::now;

/// The header a browser script sends its session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field every page form carries its CSRF token in.
pub const CSRF_FIELD: &str = "csrf";

/// The signed-in person making a request, and how they proved it.
#[derive(Clone, Debug)]
pub struct Identity {
    pub person: PersonId,
    pub role: AccountRole,
    pub via: Via,
}

#[derive(Clone, Debug)]
pub enum Via {
    /// A browser session; forms and scripts must echo its CSRF token.
    Session { csrf_token: String },
    /// An API token of this scope.
    Token { id: String, scope: TokenScope },
}

impl Identity {
    /// Refuses what the account's role or the token's scope does not allow.
    pub fn require(&self, need: Need) -> Result<(), ApiError> {
        if !self.role.allows(need) {
            return Err(ApiError::Denied(format!(
                "{} has the {} role, which does not allow {}; an admin can change the role",
                self.person,
                self.role,
                describe(need)
            )));
        }
        if let Via::Token { scope, .. } = &self.via
            && !scope.allows(need)
        {
            return Err(ApiError::Denied(format!(
                "this token has the {scope} scope, which does not allow {}; create a token with the write scope",
                describe(need)
            )));
        }
        Ok(())
    }

    /// The CSRF token forms of this identity must carry (sessions only).
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf_token } => Some(csrf_token),
            Via::Token { .. } => None,
        }
    }
}

fn describe(need: Need) -> &'static str {
    match need {
        Need::Read => "reading",
        Need::Act => "changing anything",
        Need::Administer => "administration",
    }
}

/// API paths anyone may call without signing in.
const PUBLIC_API: [&str; 2] = ["/api/v1/health", "/api/v1/openapi.json"];

/// API routes that are POSTed but only read (the question is too big for a query string).
const READING_POSTS: [&str; 3] = ["/api/v1/who-decides", "/api/v1/route", "/api/v1/what-if"];

/// The guard of `/api`: identifies the caller and checks what the method needs. Refusals for
/// want of a right, and uses of a revoked or expired token, are written to the audit log.
pub async fn api_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if PUBLIC_API.contains(&path.as_str()) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let identity = match identify(&state, request.headers()).await {
        Ok(Some(identity)) => identity,
        Ok(None) => return ApiError::Unauthenticated.into_response(),
        Err(error) => {
            if let ApiError::TokenRefused(_) = error {
                audit_refused_token(&state, request.headers(), &method, &path).await;
            }
            return error.into_response();
        }
    };
    let response = api_checks(identity.clone(), request, next).await;
    if let Some(reason) = refusal_of(&response) {
        audit_refusal(&state, &identity, &method, &path, reason).await;
    }
    response
}

/// What the method needs, checked against the role, the token's scope and (for sessions) the
/// CSRF token; then the route.
async fn api_checks(identity: Identity, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let need = if request.method().is_safe() || READING_POSTS.contains(&path) { Need::Read } else { Need::Act };
    if let Err(error) = identity.require(need) {
        return error.into_response();
    }
    if need != Need::Read
        && let Some(expected) = identity.csrf_token()
    {
        let sent = request.headers().get(CSRF_HEADER).and_then(|value| value.to_str().ok()).unwrap_or("");
        if !secret::same_secret(sent, expected) {
            return ApiError::Denied(format!(
                "a browser session must send its CSRF token in the {CSRF_HEADER} header for changes"
            ))
            .into_response();
        }
    }
    request.extensions_mut().insert(identity);
    next.run(request).await
}

/// Why `response` refuses the request, if it is marked [`Refused`].
fn refusal_of(response: &Response) -> Option<String> {
    response.extensions().get::<Refused>().map(|Refused(reason)| reason.clone())
}

/// Writes a refusal of `identity`'s request to the audit log. A failure to write it is
/// logged; the answer stays the refusal.
async fn audit_refusal(state: &AppState, identity: &Identity, method: &Method, path: &str, reason: String) {
    let detail = format!("{method} {path}: {reason}");
    if let Err(error) = state.store.audit(now(), identity.person.as_str(), "refused", Some(path), &detail).await {
        tracing::error!(%error, %detail, "could not audit a refusal");
    }
}

/// Writes the use of a revoked or expired token to the audit log, as its person's.
async fn audit_refused_token(state: &AppState, headers: &HeaderMap, method: &Method, path: &str) {
    let Some(secret) = bearer_token(headers) else { return };
    let token = match state.store.token_with_secret(&secret::hash_secret(secret)).await {
        Ok(Some(token)) => token,
        Ok(None) => return, // unknown: nobody to name
        Err(error) => return tracing::error!(%error, "could not look up a refused token"),
    };
    let state_now = match token.revoked_at {
        Some(revoked) => format!("revoked at {revoked}"),
        None => format!("expired at {}", token.expires_at),
    };
    let detail = format!("{method} {path} with the token \"{}\", {state_now}", token.name);
    let audited = state.store.audit(now(), token.person.as_str(), "refused_token", Some(&token.id), &detail).await;
    if let Err(error) = audited {
        tracing::error!(%error, %detail, "could not audit a refused token");
    }
}

/// Pages anyone may open without signing in (and `/reset-password/<secret>`).
const PUBLIC_PAGES: [&str; 3] = ["/sign-in", "/static/app.css", "/static/app.js"];

/// The guard of the pages: a visitor without a session is sent to the sign-in page (and back
/// afterwards); every form sent must carry the session's CSRF token (or, on the sign-in page,
/// the token of the CSRF cookie).
pub async fn page_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let identity = match session_identity(&state, request.headers()).await {
        Ok(identity) => identity,
        Err(error) => return crate::pages::PageError(error).into_response(),
    };
    let response = page_checks(identity.clone(), request, next).await;
    if let (Some(identity), Some(reason)) = (&identity, refusal_of(&response)) {
        audit_refusal(&state, identity, &method, &path, reason).await;
    }
    response
}

/// The sign-in redirect and the CSRF check of a page request; then the page.
async fn page_checks(identity: Option<Identity>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let public = PUBLIC_PAGES.contains(&path) || path.starts_with("/reset-password/");
    let expected = match &identity {
        Some(identity) => identity.csrf_token().map(str::to_owned),
        None if public => cookie_value(request.headers(), CSRF_COOKIE),
        None => {
            let next_path = request.uri().path_and_query().map_or("/", |p| p.as_str());
            return Redirect::to(&format!("/sign-in?next={}", crate::pages::url_encode(next_path))).into_response();
        }
    };
    if !request.method().is_safe() {
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => bytes,
            Err(_) => {
                return crate::pages::PageError(ApiError::Invalid(format!(
                    "the form is larger than {} KiB",
                    FORM_LIMIT / 1024
                )))
                .into_response();
            }
        };
        let sent = form_field(&bytes, CSRF_FIELD);
        if !matches!((&sent, &expected), (Some(sent), Some(expected)) if secret::same_secret(sent, expected)) {
            return crate::pages::PageError(ApiError::Denied(
                "this form has expired or did not come from this site; reload the page and send it again".to_owned(),
            ))
            .into_response();
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    if let Some(identity) = identity {
        request.extensions_mut().insert(identity);
    }
    next.run(request).await
}

/// The largest form a page accepts.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The first value of `name` in a URL-encoded form body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
}

/// The identity of a request: its bearer token if it sends one, else its session cookie.
/// `Err` when a token is sent but is unknown, revoked or expired.
pub async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Option<Identity>, ApiError> {
    if !headers.contains_key(header::AUTHORIZATION) {
        return session_identity(state, headers).await;
    }
    let token = bearer_token(headers).ok_or(ApiError::Unauthenticated)?;
    let grant = state.store.use_token(&secret::hash_secret(token), now()).await?;
    let grant = grant.ok_or_else(|| {
        ApiError::TokenRefused("this API token is unknown, revoked or expired; create a new one".to_owned())
    })?;
    Ok(Some(Identity {
        person: grant.person,
        role: grant.role,
        via: Via::Token { id: grant.token_id, scope: grant.scope },
    }))
}

/// The secret of an `Authorization: Bearer <token>` header.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// The identity of the session cookie, if it names a live session.
async fn session_identity(state: &AppState, headers: &HeaderMap) -> Result<Option<Identity>, ApiError> {
    let Some(secret) = cookie_value(headers, SESSION_COOKIE) else { return Ok(None) };
    let session = state.store.session(&secret::hash_secret(&secret), now()).await?;
    Ok(session.map(|session| Identity {
        person: session.person,
        role: session.role,
        via: Via::Session { csrf_token: session.csrf_token },
    }))
}

/// Whether a request reached us over TLS (directly or, as usual, through a proxy that says so).
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}
