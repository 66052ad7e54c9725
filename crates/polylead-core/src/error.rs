//! The one error type of the core: a value or a step that was refused, and why.

/// What kind of refusal it is, so the shells can answer fittingly (422, 403, 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Refusal {
    /// The value itself is wrong.
    #[default]
    Invalid,
    /// The person lacks the right to take this step.
    Forbidden,
    /// The step is not allowed in the record's current state.
    WrongState,
}

/// Why a raw value or a step was refused at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ValidationError {
    /// What is wrong, written for the person who typed the value or took the step.
    pub reason: String,
    pub refusal: Refusal,
}

impl ValidationError {
    pub fn new(reason: impl Into<String>) -> ValidationError {
        ValidationError { reason: reason.into(), refusal: Refusal::Invalid }
    }

    pub fn forbidden(reason: impl Into<String>) -> ValidationError {
        ValidationError { reason: reason.into(), refusal: Refusal::Forbidden }
    }

    pub fn wrong_state(reason: impl Into<String>) -> ValidationError {
        ValidationError { reason: reason.into(), refusal: Refusal::WrongState }
    }
}
