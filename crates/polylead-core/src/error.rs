//! The one error type of the core: a value that failed validation.

/// Why a raw value was refused at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ValidationError {
    /// What is wrong, written for the person who typed the value.
    pub reason: String,
}

impl ValidationError {
    pub fn new(reason: impl Into<String>) -> ValidationError {
        ValidationError { reason: reason.into() }
    }
}
