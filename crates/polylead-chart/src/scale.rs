//! Axis scales and "nice" tick values (steps of 1, 2 or 5 × 10ⁿ).

/// Maps a domain interval linearly onto a range interval (for example values onto pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    /// The input interval; a zero-width domain maps everything to the range's start.
    pub domain: (f64, f64),
    /// The output interval (may be reversed, as y axes are).
    pub range: (f64, f64),
}

impl LinearScale {
    /// The position of `value`.
    pub fn map(&self, value: f64) -> f64 {
        let span = self.domain.1 - self.domain.0;
        if span == 0.0 || !span.is_finite() {
            return self.range.0;
        }
        self.range.0 + (value - self.domain.0) / span * (self.range.1 - self.range.0)
    }
}

/// A step of 1, 2 or 5 × 10ⁿ that cuts `span` into at most about `max_count` intervals.
pub fn nice_step(span: f64, max_count: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / max_count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Tick values from a multiple of the step at or below `min` to one at or above `max`.
/// A zero-width interval is widened to include 0 (or to `[0, 1]` for zeros), so there are
/// always at least two ticks.
pub fn nice_ticks(min: f64, max: f64, max_count: usize) -> Vec<f64> {
    let (min, max) = if !(min.is_finite() && max.is_finite()) {
        (0.0, 1.0)
    } else if max > min {
        (min, max)
    } else if min == 0.0 {
        (0.0, 1.0)
    } else {
        (min.min(0.0), min.max(0.0))
    };
    let step = nice_step(max - min, max_count);
    let first = (min / step).floor() as i64;
    let last = (max / step - 1e-9).ceil() as i64;
    (first..=last.max(first + 1)).map(|i| clean(i as f64 * step)).collect()
}

/// Removes floating-point dust such as 0.30000000000000004.
fn clean(value: f64) -> f64 {
    if value.abs() >= 1e9 {
        return value;
    }
    let rounded = (value * 1e9).round() / 1e9;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `value` written with as many decimals as `step` needs (0.25 → 2, 5 → 0).
pub fn format_tick(value: f64, step: f64) -> String {
    let decimals = (0..6)
        .find(|&d| {
            let factor = 10f64.powi(d);
            ((step * factor).round() - step * factor).abs() < 1e-6
        })
        .unwrap_or(6) as usize;
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let text = format!("{:.*}", decimals, value);
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { "0".to_owned() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five() {
        assert_eq!(nice_step(10.0, 5), 2.0);
        assert_eq!(nice_step(1.0, 4), 0.5);
        assert_eq!(nice_step(730.0, 5), 200.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
    }

    #[test]
    fn ticks_cover_the_data() {
        assert_eq!(nice_ticks(0.0, 9.3, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(0.0, 0.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(-3.0, 7.0, 5), vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 10), vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
        assert_eq!(nice_ticks(5.0, 5.0, 5), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn ticks_are_written_with_the_decimals_the_step_needs() {
        assert_eq!(format_tick(0.5, 0.5), "0.5");
        assert_eq!(format_tick(0.25, 0.25), "0.25");
        assert_eq!(format_tick(200.0, 200.0), "200");
        assert_eq!(format_tick(-0.0, 1.0), "0");
    }

    #[test]
    fn scale_maps_and_survives_a_zero_domain() {
        let scale = LinearScale { domain: (0.0, 10.0), range: (100.0, 0.0) };
        assert_eq!(scale.map(5.0), 50.0);
        let flat = LinearScale { domain: (3.0, 3.0), range: (1.0, 2.0) };
        assert_eq!(flat.map(3.0), 1.0);
    }
}
