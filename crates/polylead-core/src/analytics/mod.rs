//! Activity and decision analytics (METRICS.md M1–M3, M11–M14, M16–M20): pure, deterministic
//! functions over slices of the model's records and maps passed in as parameters.
//! The graph metrics (M4–M10, M15) live in `crate::network`.
//!
//! Invariants:
//! - No I/O, no clock, no randomness: windows and "now" are parameters.
//! - Every measure returns [`Metric`](crate::metric::Metric); an undefined value carries a reason and is never 0.
//! - Per-entity results are `BTreeMap`s or sorted `Vec`s, so output order never depends on hashing.
//! - The eligible population N includes members with zero acts ([`population`]).
//! - Hot loops over acts map person ids to dense `u32` indices once ([`PeopleIndex`]) and count into `Vec`s;
//!   they neither allocate per act nor clone strings.
//! - Durations are reported in days (`f64`).
//! - Configurable thresholds (M13, M16, M17, M19) are echoed in the results that use them.

pub mod appropriateness;
pub mod bottleneck;
pub mod coverage;
pub mod forms;
pub mod inequality;
pub mod latency;
pub mod outcomes;
pub mod population;
pub mod quadrant;
pub mod regression;
pub mod succession;
pub mod survival;
pub mod truck_factor;

pub use population::{ActivityCounts, Credit, PeopleIndex, Window};

/// Milliseconds in a day, the unit every duration is reported in.
pub(crate) const DAY_MS: f64 = 86_400_000.0;

/// Days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: jiff::Timestamp, to: jiff::Timestamp) -> f64 {
    (to.as_millisecond() - from.as_millisecond()) as f64 / DAY_MS
}
