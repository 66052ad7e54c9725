//! Password hashes: argon2id with the library's default parameters (19 MiB, 2 passes), as
//! PHC strings that carry their own salt and parameters. Hashing takes tens of milliseconds
//! on purpose, so it runs on the blocking pool.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password's length; the message says what to do.
pub fn check_new_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::Invalid(format!(
            "password: use at least {MIN_PASSWORD_CHARS} characters (a few words make a good one)"
        )));
    }
    Ok(())
}

/// The argon2id PHC string of `password`, with a fresh random salt.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("password hashing task: {e}")))?
}

/// Whether `password` matches the PHC string `hash`. A malformed stored hash matches nothing.
pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            tracing::error!("a stored password hash is not a PHC string");
            return false;
        };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
    .map_err(|e| ApiError::Internal(format!("password check task: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery".to_owned()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".to_owned(), hash.clone()).await.unwrap());
        assert!(!verify_password("correct horse battery!".to_owned(), hash).await.unwrap());
        assert!(!verify_password("x".to_owned(), "not a hash".to_owned()).await.unwrap());
        assert!(check_new_password("short").is_err());
    }
}
