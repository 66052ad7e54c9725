//! The headline activity figures per calendar month (UTC) over the organisation's history, for
//! the dashboard: N_eff (M3) and Gini* (M1) of acts, engagement (M20) and the median decision
//! latency (M11), each over that month's window exactly as [`super::Report::build`] computes
//! them for a window (eligible population with zeros; decisions decided in the month or open at
//! its end). The series runs from the month of the first act or decision to the month holding
//! `now`; that last month ends at `now`.
//!
//! Advice in-degree centralization (M4) is not in the series: advice ties carry a survey wave,
//! not a date, so they cannot be placed in a month ([`Trends::omitted`] says so).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::build::decisions_alive_in;
use crate::analytics::inequality::{entropy, gini};
use crate::analytics::latency::decision_latency;
use crate::analytics::outcomes::engagement;
use crate::analytics::{ActivityCounts, Credit, PeopleIndex, Window};
use crate::dataset::Dataset;
use crate::metric::Metric;

/// One month's figures; an undefined value keeps its reason.
#[derive(Clone, PartialEq, Debug)]
pub struct MonthTrend {
    /// The month's first day.
    pub month: Date,
    /// `[first instant of the month, first of the next)`, or up to `now` for the current month.
    pub window: Window,
    /// Members at any time in the month (the eligible population).
    pub population: usize,
    /// Acts started in the month.
    pub acts: u64,
    /// Decisions decided in the month.
    pub decided: usize,
    /// `effective_leaders` (M3).
    pub effective_leaders: Metric<f64>,
    /// `gini` (M1, normalised Gini*).
    pub gini: Metric<f64>,
    /// `engagement` (M20): share of the population with at least one act.
    pub engagement: Metric<f64>,
    /// `latency_median_days` (M11).
    pub latency_median_days: Metric<f64>,
}

/// A headline figure left out of the series, and why.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Omitted {
    pub key: &'static str,
    pub reason: &'static str,
}

/// The monthly series, oldest month first.
#[derive(Clone, PartialEq, Debug)]
pub struct Trends {
    pub months: Vec<MonthTrend>,
    pub omitted: Vec<Omitted>,
}

/// The figures of every month from the first act or decision to the month holding `now`, or of
/// the last `last_months` of them. No acts and no decisions (or all after `now`): no months.
pub fn trends(data: &Dataset, now: Timestamp, last_months: Option<u32>) -> Trends {
    let omitted = vec![Omitted {
        key: "in_centralization",
        reason: "advice ties carry a survey wave, not a date, so they cannot be placed in a month",
    }];
    let first = data.acts.iter().map(|act| act.started_at).chain(data.decisions.iter().map(|d| d.created_at)).min();
    let Some(first) = first.filter(|first| *first < now) else {
        return Trends { months: Vec::new(), omitted };
    };
    let mut starts = Vec::new();
    let mut month = first.to_zoned(TimeZone::UTC).date().first_of_month();
    while midnight(month).is_some_and(|start| start < now) {
        starts.push(month);
        let Ok(next) = month.checked_add(1.month()) else { break };
        month = next;
    }
    if let Some(keep) = last_months {
        let skip = starts.len().saturating_sub(keep as usize);
        starts.drain(..skip);
    }
    let months = starts
        .into_iter()
        .filter_map(|month| {
            let from = midnight(month)?;
            let next = month.checked_add(1.month()).ok().and_then(midnight).unwrap_or(Timestamp::MAX);
            let window = Window::new(from, next.min(now)).ok()?;
            Some(month_trend(data, month, window))
        })
        .collect();
    Trends { months, omitted }
}

fn midnight(day: Date) -> Option<Timestamp> {
    day.to_zoned(TimeZone::UTC).ok().map(|zoned| zoned.timestamp())
}

fn month_trend(data: &Dataset, month: Date, window: Window) -> MonthTrend {
    let eligible = PeopleIndex::members(&data.people, &window);
    let counts = ActivityCounts::count(&eligible, &data.acts, &window, Credit::Actor);
    let values = counts.totals();
    let decisions = decisions_alive_in(&data.decisions, &window);
    let latency = decision_latency(&decisions, window.to());
    MonthTrend {
        month,
        window,
        population: eligible.len(),
        acts: counts.acts_in_window,
        decided: latency.as_ref().map(|l| l.decided).unwrap_or(0),
        effective_leaders: entropy(&values).map(|e| e.effective_leaders),
        gini: gini(&values).map(|g| g.normalised),
        engagement: engagement(&values),
        latency_median_days: latency.as_ref().map_err(|u| *u).and_then(|l| l.median),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::population::tests::{act, at, person};
    use crate::metric::Undefined;
    use crate::role::Contribution;

    fn close(actual: Metric<f64>, expected: f64) {
        let actual = actual.unwrap();
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    /// Four people; January: a does 2, b does 2 (N_eff 2); February: a does 4 (N_eff 1);
    /// March: one act each (N_eff 4). Day 0 is 1970-01-01.
    fn three_months() -> Dataset {
        let k = Contribution::VisionDirection;
        Dataset {
            people: ["a", "b", "c", "d"].map(person).into(),
            acts: vec![
                act("j1", "a", k, 1),
                act("j2", "a", k, 2),
                act("j3", "b", k, 3),
                act("j4", "b", k, 30),
                act("f1", "a", k, 31),
                act("f2", "a", k, 40),
                act("f3", "a", k, 50),
                act("f4", "a", k, 58),
                act("m1", "a", k, 59),
                act("m2", "b", k, 60),
                act("m3", "c", k, 70),
                act("m4", "d", k, 89),
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn each_month_has_its_own_effective_leaders_and_gini() {
        let trends = trends(&three_months(), at(100), None);
        let months: Vec<String> = trends.months.iter().map(|m| m.month.to_string()).collect();
        assert_eq!(months, ["1970-01-01", "1970-02-01", "1970-03-01", "1970-04-01"]);
        let [jan, feb, mar, apr] = &trends.months[..] else { panic!("four months") };
        assert_eq!((jan.population, jan.acts, feb.acts, mar.acts, apr.acts), (4, 4, 4, 4, 0));
        close(jan.effective_leaders, 2.0);
        close(feb.effective_leaders, 1.0);
        close(mar.effective_leaders, 4.0);
        // Gini* = G·n/(n−1): Jan 2,2,0,0 → G 0.5 → 2/3; Feb 4,0,0,0 → 1; Mar even → 0.
        close(jan.gini, 2.0 / 3.0);
        close(feb.gini, 1.0);
        close(mar.gini, 0.0);
        close(jan.engagement, 0.5);
        close(feb.engagement, 0.25);
        close(mar.engagement, 1.0);
        assert_eq!(apr.effective_leaders, Err(Undefined::NoActs));
        assert_eq!(apr.window.to(), at(100), "the current month ends now");
        assert_eq!(jan.latency_median_days, Err(Undefined::Empty));
        assert_eq!(trends.omitted[0].key, "in_centralization");
    }

    #[test]
    fn last_months_keeps_the_most_recent() {
        let trends = trends(&three_months(), at(100), Some(2));
        let months: Vec<String> = trends.months.iter().map(|m| m.month.to_string()).collect();
        assert_eq!(months, ["1970-03-01", "1970-04-01"]);
    }

    #[test]
    fn an_empty_organisation_has_no_months() {
        let trends = trends(&Dataset::default(), at(100), Some(12));
        assert!(trends.months.is_empty());
        let only_people = Dataset { people: vec![person("a")], ..Dataset::default() };
        assert!(super::trends(&only_people, at(100), None).months.is_empty());
    }
}
