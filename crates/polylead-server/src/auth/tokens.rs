//! Creating API tokens and accounts: the use cases the CLI, the API and the pages share.

use jiff::{SignedDuration, Timestamp};
use polylead_core::account::{AccountRole, TokenScope};
use polylead_core::ids::PersonId;
use polylead_store::{ApiToken, Store};

use super::password::{check_new_password, hash_password};
use super::secret::{hash_secret, new_secret};
use crate::error::ApiError;
use crate::flow::fresh_id;

/// The longest a token may live.
pub const MAX_TOKEN_DAYS: u32 = 365;

/// What to create a token with.
pub struct NewToken {
    pub person: PersonId,
    pub name: String,
    pub scope: TokenScope,
    pub days: u32,
}

/// Creates a token; returns it with its secret, which is shown this once and never stored.
pub async fn create_token(store: &Store, new: NewToken, now: Timestamp) -> Result<(ApiToken, String), ApiError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::Invalid(
            "name: give the token a name of 1 to 100 characters, e.g. \"laptop CLI\"".into(),
        ));
    }
    if !(1..=MAX_TOKEN_DAYS).contains(&new.days) {
        return Err(ApiError::Invalid(format!("days: a token lives 1 to {MAX_TOKEN_DAYS} days, not {}", new.days)));
    }
    if store.account(&new.person).await?.is_none() {
        return Err(ApiError::Invalid(format!(
            "{} has no account; create one with `polylead accounts add`",
            new.person
        )));
    }
    let secret = new_secret("plt_")?;
    let token = ApiToken {
        id: fresh_id("tok_"),
        person: new.person,
        name: name.to_owned(),
        scope: new.scope,
        created_at: now,
        expires_at: now.checked_add(SignedDuration::from_hours(24 * i64::from(new.days))).unwrap_or(now),
        last_used_at: None,
        revoked_at: None,
    };
    store.add_token(&token, &hash_secret(&secret)).await?;
    Ok((token, secret))
}

/// A password for someone who has none yet: 16 random hex digits in groups of four.
pub fn generate_password() -> Result<String, ApiError> {
    let secret = new_secret("")?;
    Ok(secret.as_bytes()[..16]
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-"))
}

/// Creates the account of `person` with `password`.
pub async fn create_account(
    store: &Store,
    person: &PersonId,
    role: AccountRole,
    password: String,
    now: Timestamp,
) -> Result<(), ApiError> {
    check_new_password(&password)?;
    if store.get::<polylead_core::person::Person>(person.as_str()).await?.is_none() {
        return Err(ApiError::not_found(polylead_core::record::Entity::Person, person.as_str()));
    }
    let hash = hash_password(password).await?;
    Ok(store.add_account(person, role, &hash, now).await?)
}

/// How long a password-reset link works.
pub const RESET_LINK_HOURS: i64 = 24;

/// Issues a single-use password-reset link for `person` (by the admin `by`, or `cli`); returns the path
/// of the page that sets the new password (`/reset-password/<secret>`). Audited.
pub async fn issue_reset_link(store: &Store, person: &PersonId, by: &str, now: Timestamp) -> Result<String, ApiError> {
    if store.account(person).await?.is_none() {
        return Err(ApiError::Invalid(format!("{person} has no account; create one with `polylead accounts add`")));
    }
    let secret = new_secret("")?;
    let expires = now.checked_add(SignedDuration::from_hours(RESET_LINK_HOURS)).unwrap_or(now);
    store.add_password_reset(&hash_secret(&secret), person, by, now, expires).await?;
    let detail = format!("issued a password-reset link valid for {RESET_LINK_HOURS} hours");
    store.audit(now, by, "issued_reset_link", Some(person.as_str()), &detail).await?;
    Ok(format!("/reset-password/{secret}"))
}

/// Sets a new password through the reset link `secret` (once); returns whose it was.
pub async fn reset_password(
    store: &Store,
    secret: &str,
    password: String,
    now: Timestamp,
) -> Result<PersonId, ApiError> {
    check_new_password(&password)?;
    let hash = hash_password(password).await?;
    store.reset_password(&hash_secret(secret), &hash, now).await?.ok_or_else(|| {
        ApiError::Invalid("this reset link was used already or has expired; ask an admin for a new one".to_owned())
    })
}

/// Replaces the password of `person` (signing out their sessions).
pub async fn change_password(store: &Store, person: &PersonId, password: String) -> Result<(), ApiError> {
    check_new_password(&password)?;
    let hash = hash_password(password).await?;
    Ok(store.set_password(person, &hash).await?)
}
