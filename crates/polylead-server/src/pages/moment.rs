//! A point in time as pages show it: machine-readable for `<time datetime>`, a UTC date and
//! time for people, and how far it is from now ("in 2 days", "3 hours ago").

use jiff::Timestamp;

/// A time shown on a page.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// RFC 3339, for the `datetime` attribute.
    pub iso: String,
    /// Date and time in UTC, e.g. `2026-03-01 14:00 UTC`.
    pub text: String,
    /// Relative to the page's time, e.g. `in 2 days`, `3 hours ago`, `now`.
    pub relative: String,
}

impl Moment {
    pub fn new(at: Timestamp, now: Timestamp) -> Moment {
        Moment { iso: at.to_string(), text: at.strftime("%Y-%m-%d %H:%M UTC").to_string(), relative: relative(at, now) }
    }

    /// A stored RFC 3339 time (as the API views carry it); `None` when it does not parse.
    pub fn parse(text: &str, now: Timestamp) -> Option<Moment> {
        text.parse::<Timestamp>().ok().map(|at| Moment::new(at, now))
    }
}

/// How far `at` is from `now`, in the largest whole unit (rounded): "in 2 days", "5 minutes ago".
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let seconds = at.as_second() - now.as_second();
    let distance = seconds.unsigned_abs();
    let (count, unit) = [(86_400, "day"), (3_600, "hour"), (60, "minute")]
        .into_iter()
        .find(|(size, _)| distance >= *size)
        .map_or((0, "minute"), |(size, unit)| ((distance + size / 2) / size, unit));
    if count == 0 {
        return "now".to_owned();
    }
    let amount = format!("{count} {unit}{}", if count == 1 { "" } else { "s" });
    if seconds > 0 { format!("in {amount}") } else { format!("{amount} ago") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).unwrap()
    }

    #[test]
    fn distances_read_in_the_largest_whole_unit() {
        let now = at(1_767_225_600);
        let cases = [
            (0, "now"),
            (30, "now"),
            (90, "in 2 minutes"),
            (-3_600, "1 hour ago"),
            (2 * 86_400, "in 2 days"),
            (2 * 86_400 - 60, "in 2 days"),
            (-86_400 * 10, "10 days ago"),
        ];
        for (offset, expected) in cases {
            assert_eq!(relative(at(now.as_second() + offset), now), expected, "{offset}");
        }
    }

    #[test]
    fn a_moment_has_a_machine_and_a_human_form() {
        let moment = Moment::new(at(1_767_225_600 + 14 * 3_600), at(1_767_225_600));
        assert_eq!(moment.iso, "2026-01-01T14:00:00Z");
        assert_eq!(moment.text, "2026-01-01 14:00 UTC");
        assert_eq!(moment.relative, "in 14 hours");
    }
}
