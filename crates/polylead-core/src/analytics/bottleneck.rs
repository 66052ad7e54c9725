//! M13 bottlenecks: each decider as a single-server queue over a window W.
//!
//! For decider j (durations in days, rates per day):
//! - `λ` = items assigned to j that arrived in W, divided by W's length;
//! - `μ` = 1 / the mean gap between consecutive completions in W while j still had open items right
//!   after the earlier completion (in a busy single server, inter-departure time = service time);
//!   when there is no such gap (or it averages 0), `μ` = the most completions in one 7-day bin of W
//!   (bins start at W's start), divided by 7 — the maximum sustained weekly throughput;
//! - `ρ = λ/μ`; ρ ≥ 1 is **unstable** (no finite expected wait);
//! - Little's law: `λ·W̄` (W̄ = mean time in system of the items completed in W) against the observed
//!   time-averaged number of open items in W;
//! - the open-items trend: OLS of the open count at the end of each whole day of W on the day number;
//! - the waiting share: j's open item-days inside W over everyone's, against j's share of the items
//!   open at some time in W;
//! - Kingman: `W_q ≈ (ρ/(1−ρ))·((c_a²+c_s²)/2)·(1/μ)`, with c² the squared coefficient of variation
//!   (sample variance / mean²) of j's inter-arrival times in W and of the busy gaps; a c² that
//!   cannot be estimated (fewer than 2 samples, or μ from the throughput fall-back) is taken as 1,
//!   the exponential value, and reported as undefined.
//!
//! Flags (thresholds configurable, defaults from METRICS.md, echoed in the result): ρ ≥ 0.8; trend
//! slope > 0 with two-sided p < .05; waiting share ≥ 2 × item share. Fewer than 5 completions in W
//! → `N_TOO_SMALL` for that decider.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::days_between;
use super::population::Window;
use super::regression::{Trend, ols};
use crate::decision::{Decision, DecisionStatus};
use crate::ids::{DecisionId, PersonId};
use crate::metric::{Metric, Undefined};

/// One decision waiting on (or decided by) a decider.
#[derive(Clone, PartialEq, Debug)]
pub struct QueueItem {
    pub decider: PersonId,
    pub arrived: Timestamp,
    pub completed: Option<Timestamp>,
}

/// Queue items from decisions: the decider is the one who decided, else the assignee the caller
/// routed the open decision to. Drafts, withdrawn decisions and decisions with nobody to wait on
/// are left out.
pub fn queue_items(decisions: &[Decision], assignees: &BTreeMap<DecisionId, PersonId>) -> Vec<QueueItem> {
    decisions
        .iter()
        .filter(|decision| {
            decision.decided_at.is_some()
                || !matches!(decision.status, DecisionStatus::Draft | DecisionStatus::Withdrawn)
        })
        .filter_map(|decision| {
            let decider = decision.decider.as_ref().or_else(|| assignees.get(&decision.id))?;
            Some(QueueItem { decider: decider.clone(), arrived: decision.created_at, completed: decision.decided_at })
        })
        .collect()
}

/// The flag rules' thresholds.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct BottleneckThresholds {
    /// Flag when ρ ≥ this (0.8).
    pub utilisation: f64,
    /// Flag a positive open-items trend when its p-value is below this (0.05).
    pub trend_p_value: f64,
    /// Flag when waiting share ≥ this × item share (2).
    pub waiting_ratio: f64,
    /// Fewer completions in W than this → undefined (5).
    pub min_completions: usize,
}

impl Default for BottleneckThresholds {
    fn default() -> BottleneckThresholds {
        BottleneckThresholds { utilisation: 0.8, trend_p_value: 0.05, waiting_ratio: 2.0, min_completions: 5 }
    }
}

/// Where μ came from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ServiceRateSource {
    /// Inter-completion gaps while busy.
    BusyGaps,
    /// The fall-back: the most completions in a 7-day bin, per day.
    WeeklyThroughput,
}

/// Why a decider is flagged.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Flag {
    HighUtilisation,
    GrowingQueue,
    DisproportionateWaiting,
}

/// M13 for one decider.
#[derive(Clone, PartialEq, Debug)]
pub struct Load {
    pub arrivals: usize,
    pub completions: usize,
    /// λ, items per day.
    pub arrival_rate: f64,
    /// μ, items per day.
    pub service_rate: f64,
    pub service_rate_source: ServiceRateSource,
    /// ρ = λ/μ.
    pub utilisation: f64,
    /// ρ ≥ 1.
    pub unstable: bool,
    /// Mean time in system (days) of the items completed in W.
    pub mean_time_in_system: f64,
    /// Little's law: λ·W̄.
    pub little_wip: f64,
    /// Time-averaged number of open items in W.
    pub observed_wip: f64,
    pub open_trend: Metric<Trend>,
    pub waiting_share: Metric<f64>,
    pub item_share: Metric<f64>,
    pub arrival_cv2: Metric<f64>,
    pub service_cv2: Metric<f64>,
    /// Kingman's W_q in days; `None` when unstable.
    pub expected_wait: Option<f64>,
    pub flags: Vec<Flag>,
}

/// M13 for every decider with items open in W, with the thresholds used.
#[derive(Clone, PartialEq, Debug)]
pub struct Bottlenecks {
    pub window: Window,
    pub thresholds: BottleneckThresholds,
    pub by_decider: BTreeMap<PersonId, Metric<Load>>,
}

/// An M/M/1 queue's steady state.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Queue {
    pub utilisation: f64,
    /// W_q.
    pub wait_in_queue: f64,
    /// W.
    pub time_in_system: f64,
    /// L.
    pub in_system: f64,
    /// L_q.
    pub in_queue: f64,
}

/// The M/M/1 closed forms; `None` when ρ ≥ 1 (unstable) or a rate is not positive.
pub fn mm1(arrival_rate: f64, service_rate: f64) -> Option<Queue> {
    let utilisation = arrival_rate / service_rate;
    if arrival_rate <= 0.0 || service_rate <= 0.0 || utilisation >= 1.0 {
        return None;
    }
    let time_in_system = 1.0 / (service_rate - arrival_rate);
    let wait_in_queue = utilisation / (service_rate - arrival_rate);
    Some(Queue {
        utilisation,
        wait_in_queue,
        time_in_system,
        in_system: arrival_rate * time_in_system,
        in_queue: arrival_rate * wait_in_queue,
    })
}

/// Kingman's approximation of the expected wait in queue; `None` when ρ ≥ 1 or μ ≤ 0.
pub fn kingman_wait(utilisation: f64, arrival_cv2: f64, service_cv2: f64, service_rate: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&utilisation) || service_rate <= 0.0 {
        return None;
    }
    Some(utilisation / (1.0 - utilisation) * (arrival_cv2 + service_cv2) / 2.0 / service_rate)
}

/// Squared coefficient of variation (sample variance / mean²); `N_TOO_SMALL` under 2 samples or a zero mean.
fn cv2(samples: &[f64]) -> Metric<f64> {
    if samples.len() < 2 {
        return Err(Undefined::NTooSmall);
    }
    let n = samples.len() as f64;
    let mean = samples.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return Err(Undefined::NTooSmall);
    }
    let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Ok(variance / (mean * mean))
}

/// Days of `[arrived, completed)` inside the window.
fn open_days_in(item: &QueueItem, window: &Window) -> f64 {
    let start = item.arrived.max(window.from());
    let end = item.completed.map_or(window.to(), |completed| completed.min(window.to()));
    if start < end { days_between(start, end) } else { 0.0 }
}

/// M13 over `items` for `window`.
pub fn bottlenecks(items: &[QueueItem], window: &Window, thresholds: BottleneckThresholds) -> Bottlenecks {
    let mut by_person: BTreeMap<&PersonId, Vec<&QueueItem>> = BTreeMap::new();
    for item in items {
        by_person.entry(&item.decider).or_default().push(item);
    }
    let (mut total_waiting, mut total_items) = (0.0, 0usize);
    let mut exposure: BTreeMap<&PersonId, (f64, usize)> = BTreeMap::new();
    for (&person, items) in &by_person {
        let waiting: f64 = items.iter().map(|item| open_days_in(item, window)).sum();
        let touching = items.iter().filter(|item| open_days_in(item, window) > 0.0).count();
        total_waiting += waiting;
        total_items += touching;
        exposure.insert(person, (waiting, touching));
    }
    let by_decider = by_person
        .into_iter()
        .filter(|(person, _)| exposure.get(person).is_some_and(|&(_, touching)| touching > 0))
        .map(|(person, items)| {
            let (waiting, touching) = exposure.get(person).copied().unwrap_or_default();
            let shares = (
                if total_waiting > 0.0 { Ok(waiting / total_waiting) } else { Err(Undefined::NoActs) },
                if total_items > 0 { Ok(touching as f64 / total_items as f64) } else { Err(Undefined::NoActs) },
            );
            (person.clone(), decider_load(&items, window, thresholds, shares))
        })
        .collect();
    Bottlenecks { window: *window, thresholds, by_decider }
}

fn decider_load(
    items: &[&QueueItem],
    window: &Window,
    thresholds: BottleneckThresholds,
    (waiting_share, item_share): (Metric<f64>, Metric<f64>),
) -> Metric<Load> {
    let mut arrivals_all: Vec<Timestamp> = items.iter().map(|item| item.arrived).collect();
    arrivals_all.sort_unstable();
    let mut completions_all: Vec<Timestamp> = items.iter().filter_map(|item| item.completed).collect();
    completions_all.sort_unstable();
    let completions: Vec<Timestamp> = completions_all.iter().copied().filter(|&at| window.contains(at)).collect();
    if completions.len() < thresholds.min_completions {
        return Err(Undefined::NTooSmall);
    }
    let arrivals: Vec<Timestamp> = arrivals_all.iter().copied().filter(|&at| window.contains(at)).collect();
    let open_after = |at: Timestamp| {
        arrivals_all.partition_point(|&arrived| arrived <= at) as i64
            - completions_all.partition_point(|&completed| completed <= at) as i64
    };
    let busy_gaps: Vec<f64> = completions
        .windows(2)
        .filter(|pair| open_after(pair[0]) > 0)
        .map(|pair| days_between(pair[0], pair[1]))
        .collect();
    let mean_gap = busy_gaps.iter().sum::<f64>() / busy_gaps.len().max(1) as f64;
    let (service_rate, service_rate_source, service_cv2) = if mean_gap > 0.0 {
        (1.0 / mean_gap, ServiceRateSource::BusyGaps, cv2(&busy_gaps))
    } else {
        let mut weeks: BTreeMap<i64, usize> = BTreeMap::new();
        for &completed in &completions {
            *weeks.entry((days_between(window.from(), completed) / 7.0).floor() as i64).or_default() += 1;
        }
        let busiest = weeks.values().copied().max().unwrap_or(0);
        (busiest as f64 / 7.0, ServiceRateSource::WeeklyThroughput, Err(Undefined::NTooSmall))
    };
    let arrival_rate = arrivals.len() as f64 / window.days();
    let utilisation = arrival_rate / service_rate;
    let inter_arrivals: Vec<f64> = arrivals.windows(2).map(|pair| days_between(pair[0], pair[1])).collect();
    let arrival_cv2 = cv2(&inter_arrivals);
    let sojourns: Vec<f64> = items
        .iter()
        .filter_map(|item| item.completed.filter(|&at| window.contains(at)).map(|at| days_between(item.arrived, at)))
        .collect();
    let mean_time_in_system = sojourns.iter().sum::<f64>() / sojourns.len() as f64;
    let observed_wip = items.iter().map(|item| open_days_in(item, window)).sum::<f64>() / window.days();
    let days = window.days().floor() as i64;
    let (x, y): (Vec<f64>, Vec<f64>) = (1..=days)
        .map(|day| {
            let at = window.from().saturating_add(jiff::SignedDuration::from_hours(24 * day)).unwrap_or(window.to());
            (day as f64, open_after(at) as f64)
        })
        .unzip();
    let open_trend = ols(&x, &y);
    let expected_wait = kingman_wait(
        utilisation,
        *arrival_cv2.as_ref().unwrap_or(&1.0),
        *service_cv2.as_ref().unwrap_or(&1.0),
        service_rate,
    );
    let mut flags = Vec::new();
    if utilisation >= thresholds.utilisation {
        flags.push(Flag::HighUtilisation);
    }
    if open_trend.is_ok_and(|trend| trend.slope > 0.0 && trend.p_value < thresholds.trend_p_value) {
        flags.push(Flag::GrowingQueue);
    }
    if let (Ok(waiting), Ok(items)) = (waiting_share, item_share)
        && waiting >= thresholds.waiting_ratio * items
    {
        flags.push(Flag::DisproportionateWaiting);
    }
    Ok(Load {
        arrivals: arrivals.len(),
        completions: completions.len(),
        arrival_rate,
        service_rate,
        service_rate_source,
        utilisation,
        unstable: utilisation >= 1.0,
        mean_time_in_system,
        little_wip: arrival_rate * mean_time_in_system,
        observed_wip,
        open_trend,
        waiting_share,
        item_share,
        arrival_cv2,
        service_cv2,
        expected_wait,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::at;

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn mm1_hand_case() {
        let queue = mm1(1.5, 2.0).unwrap();
        close(queue.utilisation, 0.75);
        close(queue.wait_in_queue, 1.5);
        close(queue.time_in_system, 2.0);
        close(queue.in_system, 3.0);
        close(queue.in_queue, 2.25);
        // Kingman is exact for M/M/1 (c_a² = c_s² = 1).
        close(kingman_wait(0.75, 1.0, 1.0, 2.0).unwrap(), 1.5);
        assert_eq!(mm1(2.0, 2.0), None);
        assert_eq!(kingman_wait(1.0, 1.0, 1.0, 2.0), None);
        assert_eq!(kingman_wait(1.3, 1.0, 1.0, 2.0), None);
    }

    fn item(decider: &str, arrived: i64, completed: Option<i64>) -> QueueItem {
        QueueItem { decider: decider.parse().unwrap(), arrived: at(arrived), completed: completed.map(at) }
    }

    #[test]
    fn a_steady_decider_and_an_overloaded_one() {
        // calm: one item a day on days 0..=9, each done the next day.
        // swamped: six items on day 0, one done every 2 days; one more arrives each day 1..=13.
        // quick: two items a day, each done the next day (dilutes the waiting shares).
        let mut items: Vec<QueueItem> = (0..10).map(|day| item("calm", day, Some(day + 1))).collect();
        items.extend((0..6).map(|k| item("swamped", 0, Some(2 * k + 2))));
        items.extend((1..14).map(|day| item("swamped", day, None)));
        items.extend((0..28).map(|k| item("quick", k / 2, Some(k / 2 + 1))));
        items.push(item("rare", 1, Some(2)));
        let window = Window::new(at(0), at(14)).unwrap();
        let result = bottlenecks(&items, &window, BottleneckThresholds::default());
        assert_eq!(result.thresholds, BottleneckThresholds::default());
        let load = |id: &str| result.by_decider[&id.parse::<PersonId>().unwrap()].clone();
        assert_eq!(load("rare"), Err(Undefined::NTooSmall));

        let calm = load("calm").unwrap();
        // Completions on days 1..=10, each as the next item arrives: busy gaps of 1 day.
        assert_eq!((calm.arrivals, calm.completions), (10, 10));
        assert_eq!(calm.service_rate_source, ServiceRateSource::BusyGaps);
        close(calm.service_rate, 1.0);
        close(calm.arrival_rate, 10.0 / 14.0);
        close(calm.utilisation, 10.0 / 14.0);
        close(calm.mean_time_in_system, 1.0);
        close(calm.observed_wip, 10.0 / 14.0);
        close(calm.little_wip, calm.observed_wip);
        close(calm.waiting_share.unwrap(), 10.0 / 172.0);
        close(calm.item_share.unwrap(), 10.0 / 58.0);
        assert_eq!(calm.flags, []);
        assert!(!calm.unstable);
        close(calm.expected_wait.unwrap(), kingman_wait(calm.utilisation, 0.0, 0.0, 1.0).unwrap());

        let swamped = load("swamped").unwrap();
        assert_eq!((swamped.arrivals, swamped.completions), (19, 6));
        close(swamped.service_rate, 0.5);
        close(swamped.utilisation, 19.0 / 7.0);
        assert!(swamped.unstable);
        assert_eq!(swamped.expected_wait, None);
        assert_eq!(swamped.service_cv2, Ok(0.0));
        close(swamped.waiting_share.unwrap(), 133.0 / 172.0);
        let trend = swamped.open_trend.unwrap();
        assert!(trend.slope > 0.0 && trend.p_value < 0.001, "{trend:?}");
        assert_eq!(swamped.flags, [Flag::HighUtilisation, Flag::GrowingQueue, Flag::DisproportionateWaiting]);
    }

    #[test]
    fn service_rate_falls_back_to_weekly_throughput_when_never_busy() {
        // Each item done the day after it arrives, with idle days between: never busy after a completion.
        let items: Vec<QueueItem> = [0, 2, 4, 8, 20].iter().map(|&day| item("solo", day, Some(day + 1))).collect();
        let window = Window::new(at(0), at(28)).unwrap();
        let load = bottlenecks(&items, &window, BottleneckThresholds::default()).by_decider
            [&"solo".parse::<PersonId>().unwrap()]
            .clone()
            .unwrap();
        assert_eq!(load.service_rate_source, ServiceRateSource::WeeklyThroughput);
        close(load.service_rate, 3.0 / 7.0);
        assert_eq!(load.service_cv2, Err(Undefined::NTooSmall));
        let strict = BottleneckThresholds { min_completions: 6, ..BottleneckThresholds::default() };
        let result = bottlenecks(&items, &window, strict);
        assert_eq!(result.by_decider[&"solo".parse::<PersonId>().unwrap()], Err(Undefined::NTooSmall));
        assert_eq!(result.thresholds.min_completions, 6);
    }
}
