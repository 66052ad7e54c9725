//! The simulated year and when people work in it. Times are whole unix seconds (UTC) inside
//! the generator and become [`Timestamp`]s only on the way out.

use jiff::Timestamp;
use jiff::civil::Date;
use rand::Rng;

use crate::error::ValidationError;

pub(super) const HOUR: i64 = 3_600;
pub(super) const DAY: i64 = 86_400;
pub(super) const YEAR_DAYS: i64 = 365;

/// The year before `until`: every event the demo records happens in `lo..hi`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Year {
    pub lo: i64,
    pub hi: i64,
}

impl Year {
    /// The year ending at `until`; refuses an `until` so close to the ends of time that the
    /// demo's history (up to 40 years of tenure) or its schedules (a year ahead) fall outside.
    pub fn ending(until: Timestamp) -> Result<Year, ValidationError> {
        // The last whole second at or before `until`.
        let hi = until.as_second() - i64::from(until.subsec_nanosecond() < 0);
        let earliest = hi - 41 * YEAR_DAYS * DAY;
        let latest = hi + 2 * YEAR_DAYS * DAY;
        if Timestamp::from_second(earliest).is_err() || Timestamp::from_second(latest).is_err() {
            return Err(ValidationError::new(format!("until {until} is too close to the limits of the calendar")));
        }
        // Events start one second into the year so they stay inside it for any sub-second `until`.
        Ok(Year { lo: hi - YEAR_DAYS * DAY + 1, hi })
    }

    pub fn first_day(self) -> i64 {
        self.lo.div_euclid(DAY)
    }

    pub fn last_day(self) -> i64 {
        (self.hi - 1).div_euclid(DAY)
    }
}

/// When a profile's people work: the days and hours acts and decisions fall on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Rhythm {
    /// Home care: every day, early to late shifts.
    Shifts,
    /// School: weekdays in term time, the school day.
    Term,
    /// Office hours on weekdays.
    Office,
}

impl Rhythm {
    /// How likely work happens on unix day `day` (relative weight 0..=1).
    fn day_weight(self, day: i64) -> f64 {
        let weekend = weekday(day) >= 5;
        match self {
            Rhythm::Shifts if weekend => 0.55,
            Rhythm::Shifts => 1.0,
            Rhythm::Office if weekend => 0.03,
            Rhythm::Office => 1.0,
            Rhythm::Term if weekend => 0.02,
            Rhythm::Term if school_holiday(day) => 0.06,
            Rhythm::Term => 1.0,
        }
    }

    /// The working part of the day, in seconds after midnight.
    fn hours(self) -> (i64, i64) {
        match self {
            Rhythm::Shifts => (7 * HOUR, 22 * HOUR),
            Rhythm::Term => (7 * HOUR + 30 * 60, 17 * HOUR + 30 * 60),
            Rhythm::Office => (8 * HOUR, 18 * HOUR + 30 * 60),
        }
    }

    /// A moment in `lo..hi` (seconds) at a plausible working time. `hi > lo` is required.
    pub fn moment(self, rng: &mut impl Rng, lo: i64, hi: i64) -> i64 {
        if hi - lo < 2 * DAY {
            return rng.random_range(lo..hi.max(lo + 1));
        }
        let (first, last) = (lo.div_euclid(DAY), (hi - 1).div_euclid(DAY));
        let (start, end) = self.hours();
        for _ in 0..12 {
            let day = rng.random_range(first..=last);
            if rng.random::<f64>() >= self.day_weight(day) {
                continue;
            }
            let at = day * DAY + rng.random_range(start..end);
            if (lo..hi).contains(&at) {
                return at;
            }
        }
        rng.random_range(lo..hi)
    }

    /// The first working moment at or after `at` (a decision taken overnight is recorded the
    /// next morning), with a few minutes of jitter.
    pub fn next_working(self, rng: &mut impl Rng, at: i64) -> i64 {
        let (start, end) = self.hours();
        let mut day = at.div_euclid(DAY);
        let second = at.rem_euclid(DAY);
        if second < start {
            return day * DAY + start + rng.random_range(0..45 * 60);
        }
        if second < end && self.day_weight(day) >= 0.5 {
            return at;
        }
        day += 1;
        while self.day_weight(day) < 0.5 && day < at.div_euclid(DAY) + 20 {
            day += 1;
        }
        day * DAY + start + rng.random_range(0..90 * 60)
    }
}

/// 0 = Monday … 6 = Sunday, for a unix day (1970-01-01 was a Thursday).
pub(super) fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// An English school's holidays, approximately: summer, Christmas, Easter and half-terms.
fn school_holiday(day: i64) -> bool {
    let (_, month, date) = civil(day);
    matches!(
        (month, date),
        (7, 22..=31) | (8, _) | (9, 1..=3) | (12, 20..=31) | (1, 1..=3) | (2, 12..=18) | (4, 1..=14) | (10, 24..=31)
    )
}

/// The civil date (year, month, day) of a unix day (Howard Hinnant's algorithm).
pub(super) fn civil(day: i64) -> (i64, u8, u8) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(super) fn date(day: i64) -> Result<Date, ValidationError> {
    let (year, month, day_of_month) = civil(day);
    let year = i16::try_from(year).map_err(|_| ValidationError::new(format!("year {year} is out of range")))?;
    Date::new(year, month as i8, day_of_month as i8).map_err(|e| ValidationError::new(e.to_string()))
}

pub(super) fn timestamp(second: i64) -> Result<Timestamp, ValidationError> {
    Timestamp::from_second(second).map_err(|e| ValidationError::new(e.to_string()))
}

/// The unix day of a date.
pub(super) fn day_of(date: Date) -> i64 {
    // Inverse of `civil` (days_from_civil).
    let (y, m, d) = (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A survey wave label such as `2025-spring` for the season a unix day falls in.
pub(super) fn season_label(day: i64) -> String {
    let (year, month, _) = civil(day);
    let (year, season) = match month {
        3..=5 => (year, "spring"),
        6..=8 => (year, "summer"),
        9..=11 => (year, "autumn"),
        12 => (year + 1, "winter"),
        _ => (year, "winter"),
    };
    format!("{year}-{season}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_and_match_jiff() {
        for day in [-800_000, -1, 0, 59, 10_957, 20_000, 2_000_000] {
            let date = date(day).unwrap();
            assert_eq!(day_of(date), day);
            let via_jiff = Timestamp::from_second(day * DAY).unwrap().to_zoned(jiff::tz::TimeZone::UTC).date();
            assert_eq!(date, via_jiff);
        }
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
    }
}
