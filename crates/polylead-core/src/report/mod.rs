//! The analysis report (`polylead analyze`, `GET /api/v1/analytics`): the headline figures of
//! METRICS.md, each with what it means for this organisation, plus the flagged lists —
//! bottleneck people, single points of failure, teams missing contribution types, and whether
//! informal leadership follows the org chart.
//!
//! Pure: [`Report::build`] reads a [`Dataset`] and [`ReportSettings`] (the caller passes the time)
//! and assembles results of `crate::analytics` and `crate::network`; it computes nothing new.
//!
//! Scope:
//! - Activity figures (M1–M3, M20 engagement, M17 coverage, M18 forms) count the eligible
//!   population of the window — restricted to the team and its nested teams with
//!   [`ReportSettings::team`].
//! - Network figures (M4–M8, M10, M15) run on the advice network of everyone who was a member in
//!   the window (ties are seeker → source); decision figures (M11–M14) on the whole
//!   organisation's decisions alive in the window.
//! - An undefined figure keeps its reason ([`Undefined`]) and its meaning says why; it is never 0.

mod build;
mod meaning;
#[cfg(test)]
mod tests;
mod trends;

pub use build::acts_per_eligible_person;
pub(crate) use build::{accountable, networks, search_note, sole_owners};

use jiff::Timestamp;

pub(crate) use build::advice_graph;
pub use trends::{MonthTrend, Trends, trends};

use crate::analytics::Window;
use crate::analytics::bottleneck::Flag;
use crate::ids::{DomainId, PersonId, TeamId};
use crate::metric::Metric;
use crate::network::Sampling;
use crate::role::Contribution;

/// What a report covers and how the costly parts are computed.
#[derive(Clone, Debug)]
pub struct ReportSettings {
    /// The end of the window (exclusive): usually now.
    pub window_end: Timestamp,
    /// The window's length in days (METRICS.md §0: 90).
    pub window_days: u32,
    /// Restrict the activity figures to this team and the teams nested in it.
    pub team: Option<TeamId>,
    /// When betweenness and distance fragmentation are sampled.
    pub sampling: Sampling,
    /// Search every single key player up to this many people (M15: 40); greedy swap above.
    pub key_player_exhaustive_up_to: usize,
    /// How DF is computed for each candidate in the key-player search (many evaluations, so
    /// sampled sooner than the headline figures).
    pub key_player_sampling: Sampling,
}

impl ReportSettings {
    pub const DEFAULT_WINDOW_DAYS: u32 = 90;

    /// The defaults for a window ending at `window_end`.
    pub fn ending(window_end: Timestamp) -> ReportSettings {
        ReportSettings {
            window_end,
            window_days: Self::DEFAULT_WINDOW_DAYS,
            team: None,
            sampling: Sampling::default(),
            key_player_exhaustive_up_to: 40,
            key_player_sampling: Sampling { exact_up_to: 500, pivots: 64, ..Sampling::default() },
        }
    }
}

impl ReportSettings {
    /// The same settings with the sampled searches spread over `threads` threads (the result
    /// does not depend on it).
    pub fn on_threads(mut self, threads: usize) -> ReportSettings {
        self.sampling.threads = threads;
        self.key_player_sampling.threads = threads;
        self
    }
}

/// One headline figure.
#[derive(Clone, PartialEq, Debug)]
pub struct Figure {
    /// Stable machine-readable key, e.g. `effective_leaders`.
    pub key: &'static str,
    /// Short label for people, e.g. `Effective number of leaders (M3)`.
    pub label: &'static str,
    pub value: Metric<f64>,
    /// One line on what this value means here (or why there is none).
    pub meaning: String,
    /// How the value was obtained when that matters (sampling, search heuristics, thresholds).
    pub note: Option<String>,
}

/// A person named in a report.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
}

/// A decider flagged as a bottleneck (M13).
#[derive(Clone, PartialEq, Debug)]
pub struct Bottleneck {
    pub person: PersonRef,
    /// ρ = λ/μ.
    pub utilisation: f64,
    pub unstable: bool,
    /// Kingman's expected wait in days; `None` when unstable.
    pub expected_wait_days: Option<f64>,
    pub flags: Vec<Flag>,
}

/// A decision domain that depends on one person (truck factor 1, M14).
#[derive(Clone, PartialEq, Debug)]
pub struct SinglePoint {
    pub domain: DomainId,
    pub domain_name: String,
    /// The person whose departure leaves the domain without anyone who knows it.
    pub person: Option<PersonRef>,
}

/// A team whose acts in the window miss some contribution types (M17).
#[derive(Clone, PartialEq, Debug)]
pub struct TeamGap {
    pub team: TeamId,
    pub team_name: String,
    pub members: usize,
    pub coverage: f64,
    pub missing: Vec<Contribution>,
}

/// Someone sought out for advice far more than average (M10d).
#[derive(Clone, PartialEq, Debug)]
pub struct SoughtPerson {
    pub person: PersonRef,
    pub in_degree: usize,
    /// Holds a formal role, a decision right, or has people reporting to them.
    pub formal: bool,
}

/// Whether informal leadership follows the org chart (M10).
#[derive(Clone, PartialEq, Debug)]
pub struct InformalLeadership {
    /// `mean + 1 SD` of advice in-degree.
    pub cutoff: Metric<f64>,
    /// Everyone at or above the cut-off: informal leaders first, then the most sought out.
    pub sought: Vec<SoughtPerson>,
    /// One sentence: follows the chart, runs against it, or cannot tell (and why).
    pub verdict: String,
}

/// The whole report.
#[derive(Clone, PartialEq, Debug)]
pub struct Report {
    pub window: Window,
    pub team: Option<TeamId>,
    /// The eligible population of the activity figures (members in the window, in the team).
    pub population: usize,
    /// Nodes of the advice network (members in the window).
    pub network_people: usize,
    pub figures: Vec<Figure>,
    pub bottlenecks: Vec<Bottleneck>,
    pub single_points: Vec<SinglePoint>,
    pub teams_missing_types: Vec<TeamGap>,
    pub informal_leadership: InformalLeadership,
}

impl Report {
    /// Builds the report of `data` (no I/O; `settings.window_end` is the time).
    pub fn build(data: &crate::dataset::Dataset, settings: &ReportSettings) -> Report {
        build::build(data, settings)
    }

    /// The figure with `key`, if the report has it.
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.iter().find(|figure| figure.key == key)
    }
}
