//! `GET/POST /reset-password/{secret}`: the page of a single-use reset link issued by an
//! admin, where a person sets a new password without being signed in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use crate::AppState;
use crate::auth::secret::hash_secret;
use crate::auth::tokens::reset_password;
use crate::error::ApiError;
use crate::extract::Path;
use crate::flow::now;
use crate::pages::sign_in::{signed_out_csrf, with_cookie};
use crate::pages::{Chrome, PageError, Section};

pub fn routes() -> Router<AppState> {
    Router::new().route("/reset-password/{secret}", get(show).post(reset))
}

#[derive(Template, WebTemplate)]
#[template(path = "reset_password.html")]
struct ResetPage {
    chrome: Chrome,
    usable: bool,
    person: String,
    secret: String,
    csrf: String,
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    page(&state, &headers, secret, None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct ResetForm {
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, PageError> {
    match reset_password(&state.store, &secret, form.password, now()).await {
        Ok(_) => Ok(Redirect::to("/sign-in").into_response()),
        Err(ApiError::Invalid(message)) => {
            page(&state, &headers, secret, Some(message), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

async fn page(
    state: &AppState,
    headers: &HeaderMap,
    secret: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let person = state.store.password_reset(&hash_secret(&secret), now()).await?;
    let (csrf, cookie) = signed_out_csrf(headers)?;
    let status = if person.is_none() { StatusCode::GONE } else { status };
    let page = ResetPage {
        chrome: Chrome::new("Set a new password", Section::None, None),
        usable: person.is_some(),
        person: person.map(|person| person.to_string()).unwrap_or_default(),
        secret,
        csrf,
        error,
    };
    Ok(with_cookie((status, page).into_response(), cookie))
}
