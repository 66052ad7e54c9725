//! Kaplan–Meier estimation for right-censored durations (M11 open decisions, M20 unanswered
//! challenges).
//!
//! The median is the smallest observed time at which the survival estimate S(t) drops to 0.5 or
//! below (lifelines' `median_survival_time_`; R's `survfit` would average with the next event time
//! when S(t) is exactly 0.5). When S(t) stays above 0.5 the median is undefined:
//! [`Undefined::NTooSmall`] (too few finished items to place it).
//! At tied times, events are processed before censorings (censored items are at risk at their time).

use crate::metric::{Metric, Undefined};

/// One duration: finished (`event`) or still running when last seen (censored).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Duration {
    pub days: f64,
    pub event: bool,
}

/// A step of the Kaplan–Meier curve: survival just after `days`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Step {
    pub days: f64,
    pub at_risk: usize,
    pub events: usize,
    pub survival: f64,
}

/// The Kaplan–Meier curve: one step per distinct event time, ascending.
pub fn kaplan_meier(durations: &[Duration]) -> Vec<Step> {
    let mut sorted = durations.to_vec();
    // Events before censorings at the same time.
    sorted.sort_by(|a, b| a.days.total_cmp(&b.days).then(b.event.cmp(&a.event)));
    let mut at_risk = sorted.len();
    let mut survival = 1.0;
    let mut steps = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let days = sorted[i].days;
        let mut j = i;
        let mut events = 0;
        while j < sorted.len() && sorted[j].days == days {
            events += usize::from(sorted[j].event);
            j += 1;
        }
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            steps.push(Step { days, at_risk, events, survival });
        }
        at_risk -= j - i;
        i = j;
    }
    steps
}

/// The Kaplan–Meier median: `EMPTY` without durations, `N_TOO_SMALL` when survival stays above 0.5.
pub fn median(durations: &[Duration]) -> Metric<f64> {
    if durations.is_empty() {
        return Err(Undefined::Empty);
    }
    kaplan_meier(durations)
        .iter()
        .find(|step| step.survival <= 0.5 + 1e-12)
        .map(|step| step.days)
        .ok_or(Undefined::NTooSmall)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(days: f64) -> Duration {
        Duration { days, event: true }
    }

    fn open(days: f64) -> Duration {
        Duration { days, event: false }
    }

    #[test]
    fn kaplan_meier_matches_a_hand_computed_curve() {
        // 1, 2+, 3, 3, 4+, 5: S(1) = 5/6, S(3) = 5/6 · (1 − 2/4) = 5/12, S(5) = 0.
        let steps = kaplan_meier(&[done(1.0), open(2.0), done(3.0), done(3.0), open(4.0), done(5.0)]);
        let survival: Vec<(f64, f64)> = steps.iter().map(|step| (step.days, step.survival)).collect();
        assert_eq!(survival.len(), 3);
        assert!((survival[0].1 - 5.0 / 6.0).abs() < 1e-12);
        assert!((survival[1].1 - 5.0 / 12.0).abs() < 1e-12);
        assert_eq!(survival[2], (5.0, 0.0));
        assert_eq!(median(&[done(1.0), open(2.0), done(3.0), done(3.0), open(4.0), done(5.0)]), Ok(3.0));
    }

    #[test]
    fn median_is_first_time_survival_reaches_half() {
        assert_eq!(median(&[done(1.0), done(2.0), done(3.0), done(4.0)]), Ok(2.0));
        assert_eq!(median(&[done(4.0), open(1.0), open(1.0), open(9.0)]), Ok(4.0));
        assert_eq!(median(&[done(4.0), open(1.0), open(9.0), open(9.0)]), Err(Undefined::NTooSmall));
        assert_eq!(median(&[open(1.0)]), Err(Undefined::NTooSmall));
        assert_eq!(median(&[]), Err(Undefined::Empty));
        // A censoring tied with an event is still at risk at that time.
        assert_eq!(median(&[done(2.0), open(2.0), open(2.0)]), Err(Undefined::NTooSmall));
    }
}
