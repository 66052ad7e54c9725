//! Secrets handed to clients (session cookies, API tokens, CSRF tokens) and their stored
//! hashes. A secret is 32 random bytes from the operating system, in hex; the store keeps
//! only its SHA-256, which is enough to find it and useless for signing in.

use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// A new random secret: `prefix` and 64 hex digits.
pub fn new_secret(prefix: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("no randomness from the system: {e}")))?;
    Ok(format!("{prefix}{}", hex::encode(bytes)))
}

/// The hex SHA-256 of `secret`, as stored.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_fresh_and_hashed_stably() {
        let a = new_secret("plt_").unwrap();
        let b = new_secret("plt_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret("ab", "abc"));
    }
}
