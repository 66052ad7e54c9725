//! The Lorenz curve of a non-negative quantity per person (acts per person), with the Gini
//! coefficient in the chart's description.

use std::fmt::Write;

use crate::error::{ChartError, non_negative};
use crate::scale::LinearScale;
use crate::svg::{Caption, Svg, num};

/// The Lorenz curve: points (share of people, share of the total) from (0, 0) to (1, 1),
/// people sorted from least to most. Empty, single-person or all-zero input has no curve and
/// gives no points.
pub fn lorenz_points(values: &[f64]) -> Result<Vec<(f64, f64)>, ChartError> {
    let Some(sorted) = sorted_if_drawable(values)? else { return Ok(Vec::new()) };
    let total: f64 = sorted.iter().sum();
    let n = sorted.len() as f64;
    let mut points = Vec::with_capacity(sorted.len() + 1);
    points.push((0.0, 0.0));
    let mut cumulative = 0.0;
    for (i, value) in sorted.iter().enumerate() {
        cumulative += value;
        points.push(((i + 1) as f64 / n, cumulative / total));
    }
    Ok(points)
}

/// The Gini coefficient `G = 2Σ i·x₍ᵢ₎/(NΣx) − (N+1)/N` and its normalised form
/// `G* = G·N/(N−1)` (as `polylead_core::analytics::gini`), or `None` when undefined
/// (no people, one person, or nothing to share).
pub fn gini(values: &[f64]) -> Result<Option<(f64, f64)>, ChartError> {
    let Some(sorted) = sorted_if_drawable(values)? else { return Ok(None) };
    let total: f64 = sorted.iter().sum();
    let n = sorted.len() as f64;
    let weighted: f64 = sorted.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    let g = 2.0 * weighted / (n * total) - (n + 1.0) / n;
    Ok(Some((g, g * n / (n - 1.0))))
}

/// Draws the Lorenz curve of `values` (one per person, in any order, zeros included): the
/// equality diagonal, the curve, the gap between them shaded, axes "share of people" and
/// "share of acts" with ticks every 25 %. The description gets the Gini appended. With no
/// people, one person or no acts, the chart shows a sentence saying so instead.
///
/// Errors when a value is negative or not finite (named by its position).
pub fn render_lorenz(caption: &Caption, values: &[f64]) -> Result<String, ChartError> {
    const WIDTH: f64 = 400.0;
    const HEIGHT: f64 = 380.0;
    let (left, right, top, bottom) = (56.0, 24.0, 12.0, 330.0);
    let empty = empty_reason(values)?;
    let description = match (gini(values)?, empty) {
        (Some((g, normalised)), _) => format!(
            "{} Gini coefficient {:.2} (normalised {:.2}; 0 means everyone the same, 1 one person doing everything).",
            caption.description, g, normalised
        ),
        (None, reason) => format!("{} Gini coefficient undefined: {}", caption.description, reason.unwrap_or_default()),
    };
    let mut svg = Svg::open(caption, "lorenz", WIDTH, HEIGHT, description.trim_start(), false);
    let x = LinearScale { domain: (0.0, 1.0), range: (left, WIDTH - right) };
    let y = LinearScale { domain: (0.0, 1.0), range: (bottom, top) };

    // Axes and ticks.
    svg.raw(r#"<g class="axis">"#);
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let label = format!("{}%", (tick * 100.0) as u32);
        svg.line((x.map(tick), bottom), (x.map(tick), bottom + 5.0), "tick");
        svg.text(x.map(tick), bottom + 18.0, "middle", "tick-label", &label);
        svg.line((left - 5.0, y.map(tick)), (left, y.map(tick)), "tick");
        svg.text(left - 8.0, y.map(tick) + 4.0, "end", "tick-label", &label);
        svg.grid_line((left, y.map(tick)), (WIDTH - right, y.map(tick)));
    }
    svg.line((left, bottom), (WIDTH - right, bottom), "axis-line");
    svg.line((left, bottom), (left, top), "axis-line");
    svg.text((left + WIDTH - right) / 2.0, HEIGHT - 8.0, "middle", "axis-label", "share of people");
    svg.raw(&format!(
        r#"<text transform="translate(14 {}) rotate(-90)" text-anchor="middle" class="axis-label">share of acts</text>"#,
        num((top + bottom) / 2.0)
    ));
    svg.raw("</g>");

    if let Some(reason) = empty {
        svg.text((left + WIDTH - right) / 2.0, (top + bottom) / 2.0, "middle", "chart-empty", reason);
        return Ok(svg.finish());
    }
    let points = thin(&lorenz_points(values)?);
    let mut curve = String::new();
    for (share_people, share_acts) in &points {
        let _ = write!(curve, "{},{} ", num(x.map(*share_people)), num(y.map(*share_acts)));
    }
    let curve = curve.trim_end();
    svg.raw(&format!(
        r#"<polygon points="{curve} {},{}" class="lorenz-gap series-1" fill="currentColor" fill-opacity="0.15"/>"#,
        num(x.map(0.0)),
        num(y.map(0.0))
    ));
    svg.raw(&format!(
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="lorenz-equality" stroke="currentColor" stroke-dasharray="4 3"/>"#,
        num(x.map(0.0)),
        num(y.map(0.0)),
        num(x.map(1.0)),
        num(y.map(1.0))
    ));
    svg.raw(&format!(
        r#"<polyline points="{curve}" class="lorenz-curve series-1" fill="none" stroke="currentColor" stroke-width="2"/>"#
    ));
    Ok(svg.finish())
}

/// Why there is no curve, if there is none.
fn empty_reason(values: &[f64]) -> Result<Option<&'static str>, ChartError> {
    Ok(match sorted_if_drawable(values)? {
        Some(_) => None,
        None if values.is_empty() => Some("No people to compare yet."),
        None if values.len() == 1 => Some("Only one person: a curve needs at least two."),
        None => Some("No acts recorded yet: nothing to compare."),
    })
}

/// The values sorted ascending, or `None` when there is no curve to draw.
fn sorted_if_drawable(values: &[f64]) -> Result<Option<Vec<f64>>, ChartError> {
    for (i, &value) in values.iter().enumerate() {
        non_negative(value, || format!("value {} (person {})", value, i + 1))?;
    }
    let total: f64 = values.iter().sum();
    if !total.is_finite() {
        return Err(ChartError::BadNumber {
            place: "sum of the values".to_owned(),
            value: total,
            expected: "a finite number",
        });
    }
    if values.len() < 2 || total <= 0.0 {
        return Ok(None);
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(Some(sorted))
}

/// At most about 400 points, always keeping the first and the last (the curve is drawn
/// with straight segments, so this changes it by less than a pixel).
fn thin(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    const MAX_POINTS: usize = 400;
    if points.len() <= MAX_POINTS {
        return points.to_vec();
    }
    let step = points.len().div_ceil(MAX_POINTS);
    let mut kept: Vec<(f64, f64)> = points.iter().step_by(step).copied().collect();
    if let Some(&last) = points.last()
        && kept.last() != Some(&last)
    {
        kept.push(last);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_valid_chart;

    fn caption() -> Caption {
        Caption { id: "lorenz".into(), title: "Who leads <most>".into(), description: "Acts per person.".into() }
    }

    #[test]
    fn points_run_from_origin_to_one_one_in_unsorted_input() {
        let points = lorenz_points(&[3.0, 0.0, 1.0]).unwrap();
        assert_eq!(points.len(), 4);
        assert_eq!(points[0], (0.0, 0.0));
        assert_eq!(points[1].1, 0.0);
        assert!((points[2].1 - 0.25).abs() < 1e-12);
        assert_eq!(points[3], (1.0, 1.0));
    }

    #[test]
    fn gini_matches_hand_computed_values() {
        let (g, normalised) = gini(&[0.0, 0.0, 0.0, 10.0]).unwrap().unwrap();
        assert!((g - 0.75).abs() < 1e-12);
        assert!((normalised - 1.0).abs() < 1e-12);
        assert_eq!(gini(&[2.0, 2.0]).unwrap(), Some((0.0, 0.0)));
        assert_eq!(gini(&[5.0]).unwrap(), None);
    }

    #[test]
    fn the_chart_shows_the_curve_and_the_gini() {
        let svg = render_lorenz(&caption(), &[5.0, 1.0, 0.0, 2.0]).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains("Gini coefficient 0.50 (normalised 0.67"), "{svg}");
        assert!(svg.contains("lorenz-curve") && svg.contains("lorenz-equality"));
        assert!(svg.contains("share of people") && svg.contains("share of acts") && svg.contains("75%"));
        assert!(svg.contains("Who leads &lt;most&gt;"));
    }

    #[test]
    fn empty_single_and_all_zero_input_explain_themselves() {
        for (values, message) in
            [(vec![], "No people"), (vec![4.0], "Only one person"), (vec![0.0, 0.0, 0.0], "No acts recorded")]
        {
            let svg = render_lorenz(&caption(), &values).unwrap();
            assert_valid_chart(&svg);
            assert!(svg.contains(message), "{svg}");
            assert!(svg.contains("Gini coefficient undefined"));
            assert!(!svg.contains("lorenz-curve"));
        }
    }

    #[test]
    fn negative_or_nan_values_are_errors_naming_the_person() {
        let error = render_lorenz(&caption(), &[1.0, -2.0]).unwrap_err();
        assert!(error.to_string().contains("person 2"), "{error}");
        assert!(render_lorenz(&caption(), &[f64::NAN, 1.0]).is_err());
        assert!(render_lorenz(&caption(), &[f64::MAX, f64::MAX]).is_err());
    }

    #[test]
    fn many_people_are_thinned_to_a_few_hundred_points() {
        let values: Vec<f64> = (0..10_000).map(|i| (i % 17) as f64).collect();
        let svg = render_lorenz(&caption(), &values).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.len() < 20_000, "{} bytes", svg.len());
    }
}
