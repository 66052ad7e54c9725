//! The shared shape of every analytics result: a value, or the reason it is undefined
//! (METRICS.md §0: an undefined metric is never reported as 0).

use std::fmt;

/// Why a metric has no value.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Undefined {
    /// Nobody (or nothing) to measure.
    Empty,
    /// People, but no leadership acts (or no decisions) in the window.
    NoActs,
    /// Too few people, nodes or events for the measure to mean anything.
    NTooSmall,
    /// A graph with no ties (or no reachable pairs).
    NoTies,
    /// A domain nobody is accountable for (METRICS.md M12): itself a finding.
    UndefinedRights,
}

impl Undefined {
    /// The stable, machine-readable code (METRICS.md §0).
    pub fn code(self) -> &'static str {
        match self {
            Undefined::Empty => "EMPTY",
            Undefined::NoActs => "NO_ACTS",
            Undefined::NTooSmall => "N_TOO_SMALL",
            Undefined::NoTies => "NO_TIES",
            Undefined::UndefinedRights => "UNDEFINED_RIGHTS",
        }
    }

    /// One line a reader of a report understands.
    pub fn explanation(self) -> &'static str {
        match self {
            Undefined::Empty => "there is nobody to measure",
            Undefined::NoActs => "there are no recorded acts or decisions in the window",
            Undefined::NTooSmall => "there are too few people or events for this measure",
            Undefined::NoTies => "there are no ties to measure",
            Undefined::UndefinedRights => "nobody is accountable for this domain",
        }
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.explanation())
    }
}

/// A metric's value, or why it has none.
pub type Metric<T = f64> = Result<T, Undefined>;
