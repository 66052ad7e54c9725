//! Signing in and out: a password checked against the account, failures counted toward a
//! temporary lockout, and a session stored in the database (so every server on one database
//! knows it).

use jiff::{SignedDuration, Timestamp};
use polylead_core::ids::PersonId;
use polylead_store::Store;
use tokio::sync::OnceCell;

use super::password::{hash_password, verify_password};
use super::secret::{hash_secret, new_secret};
use crate::error::ApiError;

/// How long a session lasts.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins in a row that lock an account…
const LOCKOUT_THRESHOLD: u32 = 5;
/// … for this long.
const LOCKOUT: SignedDuration = SignedDuration::from_mins(15);

/// A new session: the secret for the cookie, and whose it is.
pub struct SignedIn {
    pub secret: String,
    pub person: PersonId,
}

/// Signs in with a person id or e-mail address and a password at `at`.
///
/// A wrong login and a wrong password get the same answer in about the same time, so the
/// answer does not tell which people have accounts.
pub async fn sign_in(store: &Store, login: &str, password: String, at: Timestamp) -> Result<SignedIn, ApiError> {
    let account = match find_person(store, login).await? {
        Some(person) => store.account(&person).await?,
        None => None,
    };
    let Some(account) = account else {
        let _ = verify_password(password, dummy_hash().await?.to_owned()).await?;
        return Err(ApiError::SignInRefused);
    };
    if let Some(until) = account.locked_until.filter(|until| *until > at) {
        return Err(ApiError::Locked { until });
    }
    if !verify_password(password, account.password_hash).await? {
        let until = at.checked_add(LOCKOUT).unwrap_or(at);
        store.record_failed_sign_in(&account.person, LOCKOUT_THRESHOLD, until).await?;
        return Err(ApiError::SignInRefused);
    }
    store.record_sign_in(&account.person).await?;
    let secret = new_secret("pls_")?;
    let csrf_token = new_secret("")?;
    let expires = at.checked_add(SignedDuration::from_hours(24 * SESSION_DAYS)).unwrap_or(at);
    store.add_session(&hash_secret(&secret), &account.person, &csrf_token, at, expires).await?;
    Ok(SignedIn { secret, person: account.person })
}

/// Ends the session of `secret` (and any that expired).
pub async fn sign_out(store: &Store, secret: &str, at: Timestamp) -> Result<(), ApiError> {
    Ok(store.end_session(&hash_secret(secret), at).await?)
}

async fn find_person(store: &Store, login: &str) -> Result<Option<PersonId>, ApiError> {
    let login = login.trim();
    if login.contains('@') {
        return Ok(store.person_with_email(login).await?);
    }
    Ok(PersonId::parse(login).ok())
}

/// A hash to check passwords against when there is no account, so that both paths cost the same.
async fn dummy_hash() -> Result<&'static str, ApiError> {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_try_init(|| hash_password("no account has this password".to_owned())).await.map(String::as_str)
}
