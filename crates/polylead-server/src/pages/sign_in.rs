//! `GET/POST /sign-in` and `POST /sign-out`.
//!
//! Before signing in there is no session to hold a CSRF token, so the sign-in form echoes the
//! token of a `polylead_csrf` cookie set with the form (checked by the page guard).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use polylead_core::setting::ORGANISATION_NAME;
use serde::Deserialize;

use crate::auth::{self, CSRF_COOKIE, SESSION_COOKIE, cookie_value, over_tls, set_cookie};
use crate::error::ApiError;
use crate::extract::Query;
use crate::flow::now;
use crate::pages::{Chrome, PageError, Section};
use crate::{AppState, auth::secret::new_secret};

pub fn routes() -> Router<AppState> {
    Router::new().route("/sign-in", get(show_form).post(sign_in)).route("/sign-out", post(sign_out))
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    organisation: Option<String>,
    csrf: String,
    next: String,
    login: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn show_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Result<Response, PageError> {
    let next = safe_next(query.next.as_deref());
    form(&state, &headers, next, String::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct SignInForm {
    login: String,
    password: String,
    next: Option<String>,
}

async fn sign_in(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form_data): Form<SignInForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form_data.next.as_deref());
    let attempt = state.sign_in_limiter.attempt(client.map(|Extension(ConnectInfo(address))| address.ip()), now());
    let signed_in = match attempt {
        Ok(()) => auth::sign_in(&state.store, &form_data.login, form_data.password, now()).await,
        Err(error) => Err(error),
    };
    match signed_in {
        Ok(signed_in) => {
            let secure = over_tls(&headers);
            let max_age = auth::SESSION_DAYS * 24 * 3600;
            let cookies = AppendHeaders([
                (header::SET_COOKIE, set_cookie(SESSION_COOKIE, &signed_in.secret, max_age, secure)),
                (header::SET_COOKIE, set_cookie(CSRF_COOKIE, "", 0, secure)),
            ]);
            Ok((cookies, Redirect::to(&next)).into_response())
        }
        Err(error @ (ApiError::SignInRefused | ApiError::Locked { .. } | ApiError::RateLimited(_))) => {
            let status = error.status();
            form(&state, &headers, next, form_data.login, Some(error.to_string()), status).await
        }
        Err(error) => Err(error.into()),
    }
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(secret) = cookie_value(&headers, SESSION_COOKIE) {
        auth::sign_out(&state.store, &secret, now()).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", 0, over_tls(&headers));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
}

/// The sign-in form, keeping what was typed; sets the CSRF cookie when the browser has none.
async fn form(
    state: &AppState,
    headers: &HeaderMap,
    next: String,
    login: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let organisation = state.store.setting(ORGANISATION_NAME).await?;
    let (csrf, new_cookie) = signed_out_csrf(headers)?;
    let page =
        SignInPage { chrome: Chrome::new("Sign in", Section::None, None), organisation, csrf, next, login, error };
    Ok(with_cookie((status, page).into_response(), new_cookie))
}

/// The CSRF token a form shown before signing in carries: the `polylead_csrf` cookie's, or a
/// new one with the `Set-Cookie` value that stores it.
pub(crate) fn signed_out_csrf(headers: &HeaderMap) -> Result<(String, Option<String>), ApiError> {
    match cookie_value(headers, CSRF_COOKIE).filter(|token| token.len() == 64) {
        Some(token) => Ok((token, None)),
        None => {
            let token = new_secret("")?;
            let cookie = set_cookie(CSRF_COOKIE, &token, 3600 * 12, over_tls(headers));
            Ok((token, Some(cookie)))
        }
    }
}

/// `response` with `cookie` set, if any.
pub(crate) fn with_cookie(mut response: Response, cookie: Option<String>) -> Response {
    if let Some(cookie) = cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Where to go after signing in: a path on this site, never another site (`//host`, `https:`).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(safe_next(Some("/decisions?x=1")), "/decisions?x=1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "evil"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
