//! Line charts over time: one line per series over shared period labels, with gaps.

use std::fmt::Write;

use crate::axis::{Plot, category_x, write_category_axis, write_value_axis};
use crate::error::{ChartError, finite};
use crate::svg::{Caption, LegendEntry, Svg, escape, legend_height, num, value_text, write_legend};

/// One line: a value per period, `None` where there is no value (drawn as a gap).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSeries {
    /// The series' name, in the legend and tooltips.
    pub label: String,
    /// One entry per period of [`LineChart::periods`].
    pub values: Vec<Option<f64>>,
}

/// Series over shared periods (such as months `2026-03`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineChart {
    /// The x axis labels, in order; some are skipped when they would not fit.
    pub periods: Vec<String>,
    /// The lines, coloured by class `series-1`, `series-2`, … in this order.
    pub series: Vec<LineSeries>,
    /// The y axis label, e.g. `acts`; may be empty.
    pub value_label: String,
}

const WIDTH: f64 = 400.0;

/// Draws the series as lines with a marker at every value (a `<title>` gives period, series
/// and value), a gap wherever a value is `None`, y ticks in nice rounded steps (from 0 unless
/// values are negative) and a legend when there is more than one series.
///
/// Errors when a series has a different number of values than there are periods, or a value
/// is not finite. No periods or no values at all give an empty-state sentence.
pub fn render_line_chart(caption: &Caption, chart: &LineChart) -> Result<String, ChartError> {
    for series in &chart.series {
        if series.values.len() != chart.periods.len() {
            return Err(ChartError::LengthMismatch {
                place: format!("values of series {:?}", series.label),
                expected: chart.periods.len(),
                found: series.values.len(),
            });
        }
        for (i, value) in series.values.iter().enumerate() {
            if let Some(value) = value {
                finite(*value, || format!("value {} ({:?}) of series {:?}", i + 1, chart.periods[i], series.label))?;
            }
        }
    }
    let labels: Vec<String> = (1..=chart.series.len()).map(|n| format!("series-{n}")).collect();
    let entries: Vec<LegendEntry<'_>> =
        chart.series.iter().zip(&labels).map(|(series, class)| LegendEntry { class, label: &series.label }).collect();
    let legend = if chart.series.len() > 1 { legend_height(&entries, WIDTH - 16.0) + 8.0 } else { 0.0 };
    let plot = Plot { left: 48.0, right: WIDTH - 12.0, top: 24.0, bottom: 214.0 };
    let height = plot.bottom + 28.0 + legend;
    let mut svg = Svg::open(caption, "line", WIDTH, height, &caption.description, false);

    let values = chart.series.iter().flat_map(|series| series.values.iter().flatten().copied());
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if chart.periods.is_empty() || !min.is_finite() {
        svg.empty_state(WIDTH, height, "No values to show yet.");
        return Ok(svg.finish());
    }
    let y = write_value_axis(&mut svg, plot, min.min(0.0), max.max(0.0), &chart.value_label);
    write_category_axis(&mut svg, plot, &chart.periods);

    for (series, class) in chart.series.iter().zip(&labels) {
        let mut path = String::new();
        let mut pen_down = false;
        for (i, value) in series.values.iter().enumerate() {
            match value {
                Some(value) => {
                    let command = if pen_down { 'L' } else { 'M' };
                    let x = category_x(plot, i, chart.periods.len());
                    let _ = write!(path, "{command}{},{} ", num(x), num(y.map(*value)));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        svg.raw(&format!(r#"<g class="line-series {class}">"#));
        svg.raw(&format!(
            r#"<path d="{}" class="line" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>"#,
            path.trim_end()
        ));
        for (i, value) in series.values.iter().enumerate() {
            let Some(value) = value else { continue };
            svg.raw(&format!(
                r#"<circle cx="{}" cy="{}" r="3" class="line-point" fill="currentColor"><title>{}</title></circle>"#,
                num(category_x(plot, i, chart.periods.len())),
                num(y.map(*value)),
                escape(&format!("{} — {}: {}", chart.periods[i], series.label, value_text(*value))),
            ));
        }
        svg.raw("</g>");
    }
    if chart.series.len() > 1 {
        write_legend(&mut svg, &entries, 8.0, plot.bottom + 32.0, WIDTH - 16.0);
    }
    Ok(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_valid_chart;

    fn months(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{}-{:02}", 2026 + i / 12, i % 12 + 1)).collect()
    }

    fn caption() -> Caption {
        Caption { id: "trend".into(), title: "Acts per month".into(), description: "Two teams.".into() }
    }

    #[test]
    fn gaps_break_the_line_and_points_carry_their_value() {
        let chart = LineChart {
            periods: months(5),
            series: vec![
                LineSeries {
                    label: "R&D <core>".into(),
                    values: vec![Some(1.0), Some(2.5), None, Some(4.0), Some(3.0)],
                },
                LineSeries { label: "Sales".into(), values: vec![None, Some(7.0), Some(6.0), None, None] },
            ],
            value_label: "acts".into(),
        };
        let svg = render_line_chart(&caption(), &chart).unwrap();
        assert_valid_chart(&svg);
        let document = roxmltree::Document::parse(&svg).unwrap();
        let paths: Vec<&str> =
            document.descendants().filter(|n| n.has_tag_name("path")).filter_map(|n| n.attribute("d")).collect();
        assert_eq!(paths[0].matches('M').count(), 2, "{}", paths[0]);
        assert_eq!(paths[1].matches('M').count(), 1);
        assert_eq!(svg.matches("class=\"line-point\"").count(), 6);
        assert!(svg.contains("2026-02 — R&amp;D &lt;core&gt;: 2.5"));
        assert!(svg.contains("class=\"legend\""));
        assert!(svg.contains(">8<"), "nice ticks up to 8: {svg}");
    }

    #[test]
    fn long_periods_skip_labels_to_fit() {
        let chart = LineChart {
            periods: months(36),
            series: vec![LineSeries { label: "Acts".into(), values: (0..36).map(|i| Some(i as f64)).collect() }],
            value_label: String::new(),
        };
        let svg = render_line_chart(&caption(), &chart).unwrap();
        assert_valid_chart(&svg);
        let shown = svg.matches("\"tick-label\">202").count();
        assert!((6..36).contains(&shown), "{shown} labels");
        assert!(!svg.contains("class=\"legend\""));
    }

    #[test]
    fn empty_and_all_gaps_show_a_sentence() {
        for chart in [
            LineChart::default(),
            LineChart {
                periods: months(3),
                series: vec![LineSeries { label: "A".into(), values: vec![None; 3] }],
                value_label: String::new(),
            },
        ] {
            let svg = render_line_chart(&caption(), &chart).unwrap();
            assert_valid_chart(&svg);
            assert!(svg.contains("No values"));
        }
    }

    #[test]
    fn a_flat_or_negative_series_still_has_ticks() {
        let chart = LineChart {
            periods: months(2),
            series: vec![
                LineSeries { label: "A".into(), values: vec![Some(0.0), Some(0.0)] },
                LineSeries { label: "B".into(), values: vec![Some(-3.0), Some(2.0)] },
            ],
            value_label: String::new(),
        };
        let svg = render_line_chart(&caption(), &chart).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains(">-4<") || svg.contains(">-3<"), "{svg}");
    }

    #[test]
    fn mismatched_lengths_and_nan_are_errors() {
        let mut chart = LineChart {
            periods: months(2),
            series: vec![LineSeries { label: "A".into(), values: vec![Some(1.0)] }],
            value_label: String::new(),
        };
        let error = render_line_chart(&caption(), &chart).unwrap_err();
        assert!(error.to_string().contains("series \"A\" has 1 entries, expected 2"), "{error}");
        chart.series[0].values = vec![Some(1.0), Some(f64::NAN)];
        let error = render_line_chart(&caption(), &chart).unwrap_err();
        assert!(error.to_string().contains("value 2 (\"2026-02\")"), "{error}");
    }
}
