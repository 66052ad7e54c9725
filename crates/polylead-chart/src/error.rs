//! The one error type of this crate: input a chart cannot draw, named by what and where.

use std::fmt;

/// Input that cannot be drawn. Every variant names the offending item so the caller can say
/// which row of which table was wrong; drawing never panics and never prints `NaN`.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartError {
    /// A number was not finite, or negative where only values ≥ 0 make sense.
    BadNumber {
        /// Which value, e.g. `value 3 of series "Acts"`.
        place: String,
        /// The value given.
        value: f64,
        /// What was expected, e.g. `a finite number ≥ 0`.
        expected: &'static str,
    },
    /// A list's length does not match the list it pairs with.
    LengthMismatch {
        /// Which list, e.g. `values of series "Acts"`.
        place: String,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// An index points past the end of the list it refers to.
    UnknownIndex {
        /// Which reference, e.g. `edge 4 (to)`.
        place: String,
        /// The index given.
        index: usize,
        /// How many items there are.
        count: usize,
    },
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::BadNumber { place, value, expected } => {
                write!(f, "{place} must be {expected}, got {value}")
            }
            ChartError::LengthMismatch { place, expected, found } => {
                write!(f, "{place} has {found} entries, expected {expected}")
            }
            ChartError::UnknownIndex { place, index, count } => {
                write!(f, "{place} refers to index {index}, but there are only {count}")
            }
        }
    }
}

impl std::error::Error for ChartError {}

/// Checks that `value` is finite and not negative.
pub(crate) fn non_negative(value: f64, place: impl FnOnce() -> String) -> Result<f64, ChartError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(ChartError::BadNumber { place: place(), value, expected: "a finite number ≥ 0" })
    }
}

/// Checks that `value` is finite.
pub(crate) fn finite(value: f64, place: impl FnOnce() -> String) -> Result<f64, ChartError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ChartError::BadNumber { place: place(), value, expected: "a finite number" })
    }
}
