//! A person's API tokens on their page: create one (its secret shown once), list them, revoke
//! one. Only the person themselves and admins see or use these forms.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use polylead_core::account::TokenScope;
use polylead_core::ids::PersonId;
use polylead_store::StoreError;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::person::{find_person, may_see_private, person_page};
use crate::pages::{PageError, Viewer};
use crate::{AppState, flow};

/// How long a new token lasts unless the form says otherwise, and the longest it may.
const DEFAULT_DAYS: u32 = 90;
const MAX_DAYS: u32 = crate::auth::tokens::MAX_TOKEN_DAYS;
const MAX_NAME_CHARS: usize = 100;

/// Errors of a refused form: (field, message), in field order.
pub type FieldErrors = Vec<(&'static str, String)>;

/// A token request that passed the checks.
struct NewToken {
    name: String,
    scope: TokenScope,
    days: u32,
}

/// One listed token.
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub scope: &'static str,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub revoked: Option<String>,
    pub expired: bool,
}

/// The create form's values as typed, and their errors.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub expires_days: String,
}

/// The tokens part of a person page.
#[derive(Default)]
pub struct TokensSection {
    /// Whether the viewer may see this person's tokens at all.
    pub visible: bool,
    pub tokens: Vec<TokenRow>,
    /// The secret of the token just created: shown once, never again.
    pub new_secret: Option<String>,
    pub form: TokenForm,
    /// (field, message) for a refused form.
    pub errors: FieldErrors,
}

impl TokensSection {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    /// The scope the form shows selected.
    pub fn scope_is(&self, scope: &str) -> bool {
        if self.form.scope.is_empty() { scope == "read" } else { self.form.scope == scope }
    }

    /// The expiry the form shows.
    pub fn days(&self) -> String {
        if self.form.expires_days.is_empty() { DEFAULT_DAYS.to_string() } else { self.form.expires_days.clone() }
    }
}

fn when(at: jiff::Timestamp) -> String {
    at.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M").to_string()
}

/// The tokens section of `person`'s page for `viewer`, with a form as given (or empty).
pub async fn section(
    state: &AppState,
    viewer: &Viewer,
    person: &PersonId,
    form: Option<(TokenForm, FieldErrors)>,
) -> Result<TokensSection, PageError> {
    if !may_see_private(viewer, person) {
        return Ok(TokensSection::default());
    }
    let now = flow::now();
    let tokens = state
        .store
        .tokens(person)
        .await?
        .into_iter()
        .map(|token| TokenRow {
            name: token.name,
            scope: token.scope.as_str(),
            created: when(token.created_at),
            expires: when(token.expires_at),
            last_used: token.last_used_at.map_or_else(|| "never".to_owned(), when),
            revoked: token.revoked_at.map(when),
            expired: token.expires_at <= now,
            id: token.id,
        })
        .collect();
    let (form, errors) = form.unwrap_or_default();
    Ok(TokensSection { visible: true, tokens, new_secret: None, form, errors })
}

fn refuse_unless_allowed(viewer: &Viewer, person: &PersonId) -> Result<(), PageError> {
    if may_see_private(viewer, person) {
        Ok(())
    } else {
        Err(PageError(ApiError::Denied("only this person and admins may manage their API tokens".to_owned())))
    }
}

/// The form's values checked: name, scope and days, or each field's error.
fn check(form: &TokenForm) -> Result<NewToken, FieldErrors> {
    let mut errors = Vec::new();
    let name = form.name.trim().to_owned();
    if name.is_empty() {
        errors.push(("name", "Give the token a name, such as \"laptop CLI\".".to_owned()));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(("name", format!("The name is too long: at most {MAX_NAME_CHARS} characters.")));
    }
    let scope = form.scope.trim().parse::<TokenScope>().map_err(|_| {
        errors.push(("scope", format!("The scope must be read or write, not {:?}.", form.scope.trim())));
    });
    let raw_days = form.expires_days.trim();
    let days = if raw_days.is_empty() {
        Ok(DEFAULT_DAYS)
    } else {
        match raw_days.parse::<u32>() {
            Ok(days) if (1..=MAX_DAYS).contains(&days) => Ok(days),
            _ => {
                errors.push((
                    "expires_days",
                    format!("The token must expire in 1 to {MAX_DAYS} days, not {raw_days:?}."),
                ));
                Err(())
            }
        }
    };
    match (scope, days) {
        (Ok(scope), Ok(days)) if errors.is_empty() => Ok(NewToken { name, scope, days }),
        _ => Err(errors),
    }
}

/// `POST /people/{id}/tokens`: creates a token and shows its secret once.
pub async fn create_token(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let person = find_person(&state, &raw).await?;
    refuse_unless_allowed(&viewer, &person)?;
    let NewToken { name, scope, days } = match check(&form) {
        Ok(checked) => checked,
        Err(errors) => {
            let section = section(&state, &viewer, &person, Some((form, errors))).await?;
            let page = person_page(&state, viewer, &person, section).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let new = crate::auth::tokens::NewToken { person: person.clone(), name, scope, days };
    let (_, secret) = crate::auth::tokens::create_token(&state.store, new, flow::now()).await?;
    let mut section = section(&state, &viewer, &person, None).await?;
    section.new_secret = Some(secret);
    let page = person_page(&state, viewer, &person, section).await?;
    Ok((StatusCode::CREATED, page).into_response())
}

/// `POST /people/{id}/tokens/{token_id}/revoke`: revokes the token, back to the page.
pub async fn revoke_token(
    viewer: Viewer,
    State(state): State<AppState>,
    Path((raw, token_id)): Path<(String, String)>,
) -> Result<Redirect, PageError> {
    let person = find_person(&state, &raw).await?;
    refuse_unless_allowed(&viewer, &person)?;
    let not_found = || PageError(ApiError::NotFound { entity: "token", id: token_id.clone() });
    let token = state.store.token(&token_id).await.map_err(|error| match error {
        StoreError::NotFound { .. } => not_found(),
        other => other.into(),
    })?;
    if token.person != person {
        return Err(not_found());
    }
    state.store.revoke_token(&token_id, flow::now()).await?;
    Ok(Redirect::to(&format!("/people/{person}#tokens")))
}
