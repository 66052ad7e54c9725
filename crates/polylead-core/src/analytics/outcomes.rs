//! M20 outcomes named in the brief (activity distribution itself is M1–M3 and M17):
//! - capability across levels: the share of acts and of decisions taken at formal level ≥ 2
//!   (people without a declared level are left out), and the emergence rate per act type;
//! - speed of response to challenges, with Kaplan–Meier as in M11;
//! - engagement: the share of the eligible population with ≥ 1 act;
//! - a before/after comparison (30 days either side by default) of any windowed series, and the
//!   recovery time of the 7-day median latency after a transition.
//!
//! Trends over periods: evaluate a measure per window and fit [`super::regression::ols`].

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::days_between;
use super::population::{PeopleIndex, Window, kind_position};
use super::survival::{self, Duration};
use crate::act::Act;
use crate::decision::Decision;
use crate::ids::PersonId;
use crate::metric::{Metric, Undefined};
use crate::person::Person;
use crate::role::Contribution;

fn levels(people: &[Person]) -> BTreeMap<&PersonId, u8> {
    people.iter().filter_map(|person| Some((&person.id, person.level?))).collect()
}

fn share(part: usize, whole: usize, none: Undefined) -> Metric<f64> {
    if whole == 0 { Err(none) } else { Ok(part as f64 / whole as f64) }
}

/// Share of acts started in `window` whose actor's formal level is ≥ `min_level` (METRICS.md: 2).
pub fn acts_at_level(acts: &[Act], people: &[Person], window: &Window, min_level: u8) -> Metric<f64> {
    let levels = levels(people);
    let known: Vec<u8> = acts
        .iter()
        .filter(|act| window.contains(act.started_at))
        .filter_map(|act| levels.get(&act.actor).copied())
        .collect();
    share(known.iter().filter(|&&level| level >= min_level).count(), known.len(), Undefined::NoActs)
}

/// Share of decisions decided in `window` whose decider's formal level is ≥ `min_level`.
pub fn decisions_at_level(decisions: &[Decision], people: &[Person], window: &Window, min_level: u8) -> Metric<f64> {
    let levels = levels(people);
    let known: Vec<u8> = decisions
        .iter()
        .filter(|decision| decision.decided_at.is_some_and(|at| window.contains(at)))
        .filter_map(|decision| levels.get(decision.decider.as_ref()?).copied())
        .collect();
    share(known.iter().filter(|&&level| level >= min_level).count(), known.len(), Undefined::NoActs)
}

/// Emergence rate per act type ([`Contribution::ALL`] order): people of the eligible population
/// whose first act of that type ever (`acts` is the whole history) falls in `window`, divided by N.
pub fn emergence_rates(index: &PeopleIndex, acts: &[Act], window: &Window) -> [Metric<f64>; 5] {
    if index.is_empty() {
        return [Err(Undefined::Empty); 5];
    }
    let mut first: [Vec<Option<Timestamp>>; 5] = std::array::from_fn(|_| vec![None; index.len()]);
    for act in acts {
        let Some(person) = index.index_of(&act.actor) else { continue };
        let slot = &mut first[kind_position(act.kind)][person as usize];
        if slot.is_none_or(|earliest| act.started_at < earliest) {
            *slot = Some(act.started_at);
        }
    }
    first.map(|firsts| {
        let emerged = firsts.iter().filter(|at| at.is_some_and(|at| window.contains(at))).count();
        Ok(emerged as f64 / index.len() as f64)
    })
}

/// Engagement: the share of the eligible population with at least one act (`values` as in M1).
pub fn engagement(values: &[f64]) -> Metric<f64> {
    share(values.iter().filter(|&&value| value > 0.0).count(), values.len(), Undefined::Empty)
}

/// Speed of response to challenges, in days.
#[derive(Clone, PartialEq, Debug)]
pub struct ResponseSpeed {
    pub challenges: usize,
    pub answered: usize,
    /// Kaplan–Meier median, unanswered challenges censored at `now`.
    pub km_median: Metric<f64>,
    /// Median over answered challenges only (R type 7).
    pub answered_median: Metric<f64>,
}

/// Time from each challenge (a `challenge_critique` act started in `window`, at or before `now`) to
/// the first later act by someone else in the same routine (else decision) up to `now`. Challenges
/// linked to neither are left out.
pub fn response_speed(acts: &[Act], window: &Window, now: Timestamp) -> Metric<ResponseSpeed> {
    let mut durations = Vec::new();
    let mut sorted: Vec<&Act> = Vec::new();
    super::forms::for_each_group(acts.iter().filter(|act| act.started_at <= now), |group| {
        sorted.clear();
        sorted.extend_from_slice(group);
        sorted.sort_by_key(|act| act.started_at);
        for challenge in
            sorted.iter().filter(|act| act.kind == Contribution::ChallengeCritique && window.contains(act.started_at))
        {
            let later = sorted.partition_point(|act| act.started_at <= challenge.started_at);
            let response = sorted[later..].iter().find(|act| act.actor != challenge.actor).map(|act| act.started_at);
            durations.push(match response {
                Some(at) => Duration { days: days_between(challenge.started_at, at), event: true },
                None => Duration { days: days_between(challenge.started_at, now), event: false },
            });
        }
    });
    if durations.is_empty() {
        return Err(Undefined::NoActs);
    }
    let answered: Vec<f64> = durations.iter().filter(|d| d.event).map(|d| d.days).collect();
    Ok(ResponseSpeed {
        challenges: durations.len(),
        answered: answered.len(),
        km_median: survival::median(&durations),
        answered_median: super::inequality::percentile(&answered, 0.5),
    })
}

/// A measure before and after a date.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct BeforeAfter {
    pub before: Metric<f64>,
    pub after: Metric<f64>,
    /// after − before.
    pub change: Metric<f64>,
}

/// Evaluates `series` on `[at − days, at)` and `[at, at + days)` (METRICS.md: 30 days, around a
/// departure or re-org).
pub fn before_after(at: Timestamp, days: i64, series: impl Fn(&Window) -> Metric<f64>) -> BeforeAfter {
    let before = series(&Window::ending(at, days));
    let after = series(&Window::starting(at, days));
    BeforeAfter { before, after, change: before.and_then(|before| after.map(|after| after - before)) }
}

/// The default span either side of a transition.
pub const TRANSITION_DAYS: i64 = 30;

/// Median latency (days, R type 7) of the decisions decided in `window`; `EMPTY` when none.
pub fn median_latency_decided_in(decisions: &[Decision], window: &Window) -> Metric<f64> {
    let latencies: Vec<f64> = decisions
        .iter()
        .filter_map(|decision| {
            let decided = decision.decided_at.filter(|&at| window.contains(at))?;
            Some(days_between(decision.created_at, decided))
        })
        .collect();
    super::inequality::percentile(&latencies, 0.5)
}

/// Recovery after a transition at `at`: the baseline is the median latency of decisions decided in
/// the [`TRANSITION_DAYS`] before it; recovery is the first whole day d (1 ≤ d ≤ `horizon_days`)
/// whose trailing 7-day median latency, over `[at + d − 7 days, at + d)`, is within 10% of the
/// baseline. `Ok(None)`: not recovered within the horizon (days without decisions are skipped);
/// an undefined baseline is passed on.
pub fn recovery_days(decisions: &[Decision], at: Timestamp, horizon_days: u32) -> Metric<Option<u32>> {
    let baseline = median_latency_decided_in(decisions, &Window::ending(at, TRANSITION_DAYS))?;
    Ok((1..=horizon_days).find(|&day| {
        let window = Window::ending(shift_days(at, i64::from(day)), 7);
        median_latency_decided_in(decisions, &window)
            .is_ok_and(|median| (median - baseline).abs() <= 0.1 * baseline.abs() + 1e-12)
    }))
}

/// Shift a timestamp by whole days (negative = earlier), saturating.
pub fn shift_days(at: Timestamp, days: i64) -> Timestamp {
    at.saturating_add(SignedDuration::from_hours(24 * days)).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::ActivityCounts;
    use crate::analytics::population::Credit;
    use crate::analytics::population::tests::{act, at, person};

    #[test]
    fn capability_across_levels_and_emergence() {
        let people = [
            Person { level: Some(0), ..person("ceo") },
            Person { level: Some(2), ..person("nurse") },
            Person { level: Some(3), ..person("aide") },
            person("temp"),
        ];
        let window = Window::new(at(10), at(20)).unwrap();
        let acts = [
            act("1", "ceo", Contribution::VisionDirection, 11),
            act("2", "nurse", Contribution::VisionDirection, 12),
            act("3", "aide", Contribution::ChallengeCritique, 12),
            act("4", "temp", Contribution::VisionDirection, 12),
            act("5", "nurse", Contribution::ChallengeCritique, 2), // before W
            act("6", "nurse", Contribution::ChallengeCritique, 13),
        ];
        assert_eq!(acts_at_level(&acts, &people, &window, 2), Ok(0.75));
        assert_eq!(acts_at_level(&[], &people, &window, 2), Err(Undefined::NoActs));
        let index = PeopleIndex::members(&people, &window);
        let rates = emergence_rates(&index, &acts, &window);
        // Vision: ceo, nurse, temp first act in W → 3/4; challenge: aide only (nurse's first was earlier).
        assert_eq!(rates[0], Ok(0.75));
        assert_eq!(rates[4], Ok(0.25));
        assert_eq!(rates[1], Ok(0.0));
        assert_eq!(emergence_rates(&PeopleIndex::default(), &acts, &window)[0], Err(Undefined::Empty));
        let counts = ActivityCounts::count(&index, &acts, &window, Credit::Actor);
        assert_eq!(engagement(&counts.totals()), Ok(1.0));
        assert_eq!(engagement(&[0.0, 2.0]), Ok(0.5));
        assert_eq!(engagement(&[]), Err(Undefined::Empty));

        let decided = |id: &str, decider: &str, day: i64| Decision {
            decider: Some(decider.parse().unwrap()),
            ..crate::analytics::latency::tests::decision(id, "d", 0, Some(day))
        };
        let decisions = [decided("a", "ceo", 11), decided("b", "aide", 12), decided("c", "aide", 30)];
        assert_eq!(decisions_at_level(&decisions, &people, &window, 2), Ok(0.5));
    }

    #[test]
    fn challenges_are_answered_by_someone_else_later() {
        let linked = |id: &str, actor: &str, kind: Contribution, day: i64, routine: &str| Act {
            routine: Some(routine.into()),
            ..act(id, actor, kind, day)
        };
        let acts = [
            linked("1", "ann", Contribution::ChallengeCritique, 10, "r1"),
            linked("2", "ann", Contribution::ExecutionDelivery, 11, "r1"), // same person: not a response
            linked("3", "bob", Contribution::ExecutionDelivery, 13, "r1"),
            linked("4", "bob", Contribution::ChallengeCritique, 12, "r2"), // never answered
            linked("5", "cy", Contribution::ChallengeCritique, 14, "r3"),
            linked("6", "dee", Contribution::RelationshipCulture, 15, "r3"),
            act("7", "eve", Contribution::ChallengeCritique, 12), // unlinked
        ];
        let window = Window::new(at(0), at(30)).unwrap();
        let speed = response_speed(&acts, &window, at(20)).unwrap();
        assert_eq!((speed.challenges, speed.answered), (3, 2));
        // 1, 3, 8+: S(1) = 2/3, S(3) = 1/3 → 3.
        assert_eq!(speed.km_median, Ok(3.0));
        assert_eq!(speed.answered_median, Ok(2.0));
        assert_eq!(response_speed(&acts, &Window::new(at(25), at(30)).unwrap(), at(30)), Err(Undefined::NoActs));
    }

    #[test]
    fn before_after_splits_around_a_date() {
        let acts: Vec<Act> =
            (0..60).map(|day| act(&day.to_string(), "a", Contribution::VisionDirection, day)).collect();
        let busier_after = |window: &Window| {
            let count = acts.iter().filter(|act| window.contains(act.started_at)).count();
            if count == 0 { Err(Undefined::NoActs) } else { Ok(count as f64) }
        };
        let result = before_after(at(50), TRANSITION_DAYS, busier_after);
        assert_eq!((result.before, result.after, result.change), (Ok(30.0), Ok(10.0), Ok(-20.0)));
        let result = before_after(at(100), TRANSITION_DAYS, busier_after);
        assert_eq!(result.change, Err(Undefined::NoActs));
        assert_eq!(shift_days(at(5), -2), at(3));
    }

    #[test]
    fn recovery_is_the_first_day_the_weekly_median_is_back_near_baseline() {
        let decided = |id: &str, created: i64, decided: i64| {
            crate::analytics::latency::tests::decision(id, "d", created, Some(decided))
        };
        // Baseline (days 20..50): latencies 2, 2, 2. After the transition at day 50: 6 (decided day 52),
        // 4 (day 56), then 2 (day 60) and 2 (day 61).
        let decisions = [
            decided("a", 20, 22),
            decided("b", 30, 32),
            decided("c", 40, 42),
            decided("d", 46, 52),
            decided("e", 52, 56),
            decided("f", 58, 60),
            decided("g", 59, 61),
        ];
        // Day 11 (window [54, 61)): 4, 2 → 3; day 12 ([55, 62)): 4, 2, 2 → 2 → recovered.
        assert_eq!(recovery_days(&decisions, at(50), 60), Ok(Some(12)));
        assert_eq!(recovery_days(&decisions, at(50), 11), Ok(None));
        assert_eq!(recovery_days(&decisions, at(10), 60), Err(Undefined::Empty));
    }
}
