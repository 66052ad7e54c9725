//! M11 decision latency: `τ = decided_at − created_at`, in days, for the organisation or grouped
//! by domain, decider or team (the decision's scope team).
//!
//! Which decisions count:
//! - **decided**: `decided_at` is set (any status); τ is an observed event;
//! - **open**: no `decided_at`, status not `draft` (not yet proposed) nor `withdrawn` (will never be
//!   decided), and created at or before `now`; right-censored at `now − created_at`;
//! - everything else is left out.
//!
//! τ < 0 is refused at ingest ([`Decision`]'s record rules), so it is not checked here.
//! Open decisions usually have no decider yet: grouped by decider they fall under `None` (unassigned).

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::days_between;
use super::inequality::percentile_of_sorted;
use super::survival::{self, Duration};
use crate::decision::{Decision, DecisionStatus};
use crate::metric::{Metric, Undefined};

/// How to group decisions for [`latency_by`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LatencyScope {
    Domain,
    Decider,
    /// The decision's scope team.
    Team,
}

/// M11 for one group. Durations in days.
#[derive(Clone, PartialEq, Debug)]
pub struct Latency {
    /// Decided decisions (observed τ).
    pub decided: usize,
    /// Median, mean, P90 and IQR (P75 − P25) of the observed τ, R type 7; `EMPTY` with none decided.
    pub median: Metric<f64>,
    pub mean: Metric<f64>,
    pub p90: Metric<f64>,
    pub iqr: Metric<f64>,
    /// Kaplan–Meier median with open decisions censored ([`survival::median`]): `N_TOO_SMALL`
    /// when survival stays above 0.5.
    pub km_median: Metric<f64>,
    /// Open decisions and their age at `now`.
    pub open: usize,
    pub open_age_median: Metric<f64>,
    pub open_age_max: Metric<f64>,
}

/// Latency of a decision: observed (decided), censored (open) or not counted.
fn duration(decision: &Decision, now: Timestamp) -> Option<Duration> {
    match decision.decided_at {
        Some(decided) => Some(Duration { days: days_between(decision.created_at, decided), event: true }),
        None if matches!(decision.status, DecisionStatus::Draft | DecisionStatus::Withdrawn) => None,
        None if decision.created_at > now => None,
        None => Some(Duration { days: days_between(decision.created_at, now), event: false }),
    }
}

/// M11 over the given durations; `EMPTY` when there are none.
pub fn summarise(durations: &[Duration]) -> Metric<Latency> {
    if durations.is_empty() {
        return Err(Undefined::Empty);
    }
    let mut decided: Vec<f64> = durations.iter().filter(|d| d.event).map(|d| d.days).collect();
    decided.sort_unstable_by(f64::total_cmp);
    let mut open: Vec<f64> = durations.iter().filter(|d| !d.event).map(|d| d.days).collect();
    open.sort_unstable_by(f64::total_cmp);
    let quantile = |q: f64| percentile_of_sorted(&decided, q);
    Ok(Latency {
        decided: decided.len(),
        median: quantile(0.5),
        mean: if decided.is_empty() {
            Err(Undefined::Empty)
        } else {
            Ok(decided.iter().sum::<f64>() / decided.len() as f64)
        },
        p90: quantile(0.9),
        iqr: quantile(0.75).and_then(|p75| quantile(0.25).map(|p25| p75 - p25)),
        km_median: survival::median(durations),
        open: open.len(),
        open_age_median: percentile_of_sorted(&open, 0.5),
        open_age_max: open.last().copied().ok_or(Undefined::Empty),
    })
}

/// M11 for the whole organisation.
pub fn decision_latency(decisions: &[Decision], now: Timestamp) -> Metric<Latency> {
    let durations: Vec<Duration> = decisions.iter().filter_map(|decision| duration(decision, now)).collect();
    summarise(&durations)
}

/// M11 per group; the key is the domain, decider or team id, `None` when the decision has none.
/// Only groups with at least one counted decision appear.
pub fn latency_by(decisions: &[Decision], now: Timestamp, scope: LatencyScope) -> BTreeMap<Option<String>, Latency> {
    let mut groups: BTreeMap<Option<&str>, Vec<Duration>> = BTreeMap::new();
    for decision in decisions {
        let Some(duration) = duration(decision, now) else { continue };
        let key = match scope {
            LatencyScope::Domain => Some(decision.domain.as_str()),
            LatencyScope::Decider => decision.decider.as_ref().map(|id| id.as_str()),
            LatencyScope::Team => decision.scope.as_ref().map(|id| id.as_str()),
        };
        groups.entry(key).or_default().push(duration);
    }
    groups
        .into_iter()
        .filter_map(|(key, durations)| Some((key.map(str::to_owned), summarise(&durations).ok()?)))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analytics::population::tests::at;
    use crate::domain::Process;

    pub(crate) fn decision(id: &str, domain: &str, created: i64, decided: Option<i64>) -> Decision {
        Decision {
            id: id.parse().unwrap(),
            domain: domain.parse().unwrap(),
            title: "t".into(),
            proposal: None,
            proposer: "proposer".parse().unwrap(),
            decider: decided.map(|_| "boss".parse().unwrap()),
            process: Process::Autonomous,
            status: if decided.is_some() { DecisionStatus::Decided } else { DecisionStatus::Open },
            amount: None,
            scope: None,
            tags: vec![],
            created_at: at(created),
            deadline: None,
            decided_at: decided.map(at),
            rationale: None,
            review_due: None,
            outcome: None,
            learned: None,
        }
    }

    fn close(actual: Metric<f64>, expected: f64) {
        let actual = actual.unwrap();
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn latency_summarises_decided_and_censors_open_decisions() {
        let mut withdrawn = decision("w", "budget", 0, None);
        withdrawn.status = DecisionStatus::Withdrawn;
        let mut draft = decision("x", "budget", 0, None);
        draft.status = DecisionStatus::Draft;
        let decisions = [
            decision("a", "budget", 0, Some(1)),
            decision("b", "budget", 0, Some(2)),
            decision("c", "budget", 10, Some(13)),
            decision("d", "hiring", 0, Some(4)),
            decision("e", "hiring", 15, None),
            decision("f", "hiring", 21, None),
            withdrawn,
            draft,
        ];
        let now = at(20);
        let latency = decision_latency(&decisions, now).unwrap();
        assert_eq!((latency.decided, latency.open), (4, 1));
        close(latency.median, 2.5);
        close(latency.mean, 2.5);
        close(latency.p90, 3.7);
        close(latency.iqr, 3.25 - 1.75);
        // 1, 2, 3, 4, 5+: S(2) = 3/5, S(3) = 2/5 → 3.
        close(latency.km_median, 3.0);
        close(latency.open_age_median, 5.0);
        close(latency.open_age_max, 5.0);

        let by_domain = latency_by(&decisions, now, LatencyScope::Domain);
        assert_eq!(by_domain.keys().cloned().collect::<Vec<_>>(), [Some("budget".into()), Some("hiring".into())]);
        let hiring = &by_domain[&Some("hiring".to_owned())];
        assert_eq!((hiring.decided, hiring.open), (1, 1));
        // 4 and 5+: S(4) = 1/2.
        close(hiring.km_median, 4.0);
        let by_decider = latency_by(&decisions, now, LatencyScope::Decider);
        assert_eq!(by_decider[&None].open, 1);
        assert_eq!(by_decider[&Some("boss".to_owned())].decided, 4);
    }

    #[test]
    fn latency_edge_cases_are_undefined_not_zero() {
        assert_eq!(decision_latency(&[], at(0)), Err(Undefined::Empty));
        let only_open = decision_latency(&[decision("e", "d", 0, None), decision("f", "d", 1, None)], at(10)).unwrap();
        assert_eq!(only_open.median, Err(Undefined::Empty));
        assert_eq!(only_open.mean, Err(Undefined::Empty));
        assert_eq!(only_open.km_median, Err(Undefined::NTooSmall));
        close(only_open.open_age_max, 10.0);
    }
}
