//! Bar charts: labelled horizontal bars (coverage of the contribution types), a one-bar
//! sparkline for table cells, and stacked columns per period with a legend.

use crate::axis::{Plot, category_x, write_category_axis, write_value_axis};
use crate::error::{ChartError, non_negative};
use crate::scale::LinearScale;
use crate::svg::{
    Caption, FONT_SIZE, LegendEntry, Svg, escape, fit_label, legend_height, num, text_width, value_text, write_legend,
};

/// One horizontal bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bar {
    /// Shown left of the bar (shortened with an ellipsis when long; the tooltip has it whole).
    pub label: String,
    /// The bar's length, ≥ 0.
    pub value: f64,
    /// Shown after the bar instead of the number, e.g. `40 %` or `3 of 5`.
    pub value_text: Option<String>,
    /// The row links here when given.
    pub href: Option<String>,
    /// The bar's colour class, e.g. `contribution-vision_direction`; `series-1` when `None`.
    pub class: Option<String>,
}

/// Horizontal bars, one row each, in the given order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BarChart {
    /// The rows.
    pub bars: Vec<Bar>,
    /// The value of a full-length bar (e.g. 1 for shares); the largest value when `None`.
    pub max: Option<f64>,
}

/// One layer of a stacked column chart (such as one contribution type).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackLayer {
    /// The layer's name, in the legend and tooltips.
    pub label: String,
    /// The colour class, e.g. `contribution-vision_direction`; `series-N` when `None`.
    pub class: Option<String>,
    /// One value ≥ 0 per period of [`StackedBarChart::periods`].
    pub values: Vec<f64>,
}

/// Stacked columns: per period, the layers' values stacked bottom to top in layer order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackedBarChart {
    /// The x axis labels (such as months `2026-03`).
    pub periods: Vec<String>,
    /// The layers, bottom first.
    pub layers: Vec<StackLayer>,
    /// The y axis label, e.g. `acts`; may be empty.
    pub value_label: String,
}

const WIDTH: f64 = 400.0;
const ROW: f64 = 26.0;

/// Draws horizontal bars with their labels on the left and values on the right, over a faint
/// track showing the full length. Each row has a `<title>` with label and value and links to
/// its `href`. No bars give an empty-state sentence.
///
/// Errors when a value or the maximum is negative or not finite (named by the bar's label).
pub fn render_bar_chart(caption: &Caption, chart: &BarChart) -> Result<String, ChartError> {
    for bar in &chart.bars {
        non_negative(bar.value, || format!("value of bar {:?}", bar.label))?;
    }
    let max = match chart.max {
        Some(max) => non_negative(max, || "maximum of the bar chart".to_owned())?,
        None => chart.bars.iter().map(|bar| bar.value).fold(0.0, f64::max),
    };
    let height = (chart.bars.len().max(1) as f64) * ROW + 8.0;
    let mut svg =
        Svg::open(caption, "bar", WIDTH, height, &caption.description, chart.bars.iter().any(|bar| bar.href.is_some()));
    if chart.bars.is_empty() {
        svg.empty_state(WIDTH, height, "Nothing to show yet.");
        return Ok(svg.finish());
    }
    let widest_label = chart.bars.iter().map(|bar| bar.label.chars().count()).max().unwrap_or(0);
    let label_width = text_width(widest_label, FONT_SIZE).clamp(40.0, 150.0);
    let texts: Vec<String> =
        chart.bars.iter().map(|bar| bar.value_text.clone().unwrap_or_else(|| value_text(bar.value))).collect();
    let widest_value = texts.iter().map(|text| text.chars().count()).max().unwrap_or(0);
    let value_width = text_width(widest_value, FONT_SIZE) + 8.0;
    let start = 4.0 + label_width + 8.0;
    let end = WIDTH - 4.0 - value_width;
    let scale = LinearScale { domain: (0.0, if max > 0.0 { max } else { 1.0 }), range: (start, end) };
    for (i, (bar, text)) in chart.bars.iter().zip(&texts).enumerate() {
        let top = 4.0 + i as f64 * ROW;
        let (open, close) = match &bar.href {
            Some(href) => (format!(r#"<a href="{}" class="bar-row">"#, escape(href)), "</a>"),
            None => (r#"<g class="bar-row">"#.to_owned(), "</g>"),
        };
        svg.raw(&open);
        svg.raw(&format!("<title>{}</title>", escape(&format!("{}: {}", bar.label, text))));
        let label = fit_label(&bar.label, label_width, FONT_SIZE).unwrap_or_default();
        svg.text(4.0, top + ROW / 2.0 + 4.0, "start", "bar-label", &label);
        svg.raw(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="bar-track" fill="currentColor" fill-opacity="0.08"/>"#,
            num(start),
            num(top + 5.0),
            num(end - start),
            num(ROW - 10.0),
        ));
        let length = (scale.map(bar.value.min(scale.domain.1)) - start).max(0.0);
        svg.raw(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="bar {}" fill="currentColor"/>"#,
            num(start),
            num(top + 5.0),
            num(length),
            num(ROW - 10.0),
            escape(bar.class.as_deref().unwrap_or("series-1")),
        ));
        svg.text(end + 6.0, top + ROW / 2.0 + 4.0, "start", "bar-value", text);
        svg.raw(close);
    }
    Ok(svg.finish())
}

/// A one-bar sparkline for a table cell: `value` out of `max` on a faint track, in a
/// 100×12 viewBox. Errors when either number is negative or not finite.
pub fn render_spark_bar(caption: &Caption, value: f64, max: f64) -> Result<String, ChartError> {
    let value = non_negative(value, || "value of the spark bar".to_owned())?;
    let max = non_negative(max, || "maximum of the spark bar".to_owned())?;
    let length = if max > 0.0 { (value / max).min(1.0) * 100.0 } else { 0.0 };
    let mut svg = Svg::open(caption, "spark-bar", 100.0, 12.0, &caption.description, false);
    svg.raw(r#"<rect x="0" y="2" width="100" height="8" rx="2" class="bar-track" fill="currentColor" fill-opacity="0.12"/>"#);
    svg.raw(&format!(
        r#"<rect x="0" y="2" width="{}" height="8" rx="2" class="bar series-1" fill="currentColor"/>"#,
        num(length)
    ));
    Ok(svg.finish())
}

/// Draws one column per period with the layers stacked bottom to top (each segment has a
/// `<title>` "period — layer: value"), y ticks in nice steps from 0, and a legend of the
/// layers. No periods give an empty-state sentence; all zeros draw an empty plot.
///
/// Errors when a layer has a different number of values than there are periods, or a value
/// is negative or not finite (named by layer and period).
pub fn render_stacked_bars(caption: &Caption, chart: &StackedBarChart) -> Result<String, ChartError> {
    for layer in &chart.layers {
        if layer.values.len() != chart.periods.len() {
            return Err(ChartError::LengthMismatch {
                place: format!("values of layer {:?}", layer.label),
                expected: chart.periods.len(),
                found: layer.values.len(),
            });
        }
        for (i, value) in layer.values.iter().enumerate() {
            non_negative(*value, || format!("value {} ({:?}) of layer {:?}", i + 1, chart.periods[i], layer.label))?;
        }
    }
    let classes: Vec<String> = chart
        .layers
        .iter()
        .enumerate()
        .map(|(i, layer)| layer.class.clone().unwrap_or_else(|| format!("series-{}", i + 1)))
        .collect();
    let entries: Vec<LegendEntry<'_>> =
        chart.layers.iter().zip(&classes).map(|(layer, class)| LegendEntry { class, label: &layer.label }).collect();
    let plot = Plot { left: 48.0, right: WIDTH - 12.0, top: 24.0, bottom: 214.0 };
    let height = plot.bottom + 28.0 + legend_height(&entries, WIDTH - 16.0) + 8.0;
    let mut svg = Svg::open(caption, "stacked-bar", WIDTH, height, &caption.description, false);
    if chart.periods.is_empty() {
        svg.empty_state(WIDTH, height, "Nothing to show yet.");
        return Ok(svg.finish());
    }
    let totals: Vec<f64> =
        (0..chart.periods.len()).map(|i| chart.layers.iter().map(|layer| layer.values[i]).sum()).collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let y = write_value_axis(&mut svg, plot, 0.0, max, &chart.value_label);
    write_category_axis(&mut svg, plot, &chart.periods);
    let slot = (plot.right - plot.left) / chart.periods.len() as f64;
    let column = (slot * 0.7).min(40.0);
    for (i, period) in chart.periods.iter().enumerate() {
        let x = category_x(plot, i, chart.periods.len()) - column / 2.0;
        let mut base = 0.0;
        svg.raw(r#"<g class="stack">"#);
        for (layer, class) in chart.layers.iter().zip(&classes) {
            let value = layer.values[i];
            if value <= 0.0 {
                continue;
            }
            let (top, bottom) = (y.map(base + value), y.map(base));
            svg.raw(&format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" class="stack-segment {}" fill="currentColor"><title>{}</title></rect>"#,
                num(x),
                num(top),
                num(column),
                num((bottom - top).max(0.0)),
                escape(class),
                escape(&format!("{period} — {}: {}", layer.label, value_text(value))),
            ));
            base += value;
        }
        svg.raw("</g>");
    }
    write_legend(&mut svg, &entries, 8.0, plot.bottom + 32.0, WIDTH - 16.0);
    Ok(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_valid_chart;

    fn caption() -> Caption {
        Caption { id: "bars".into(), title: "Coverage".into(), description: "Five contribution types.".into() }
    }

    fn bar(label: &str, value: f64) -> Bar {
        Bar { label: label.into(), value, ..Bar::default() }
    }

    #[test]
    fn bars_are_proportional_and_labels_escaped() {
        let chart = BarChart {
            bars: vec![
                Bar {
                    class: Some("contribution-vision_direction".into()),
                    href: Some("/t?a=1&b=2".into()),
                    ..bar("R&D <core>", 2.0)
                },
                bar("Sales", 1.0),
                Bar { value_text: Some("0 %".into()), ..bar("Nobody", 0.0) },
            ],
            max: None,
        };
        let svg = render_bar_chart(&caption(), &chart).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains("R&amp;D &lt;core&gt;") && svg.contains("href=\"/t?a=1&amp;b=2\""));
        assert!(svg.contains("bar contribution-vision_direction"));
        let document = roxmltree::Document::parse(&svg).unwrap();
        let widths: Vec<f64> = document
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar ")))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect();
        assert_eq!(widths.len(), 3);
        assert!((widths[0] / widths[1] - 2.0).abs() < 0.01, "{widths:?}");
        assert_eq!(widths[2], 0.0);
        assert!(svg.contains(">0 %<"));
    }

    #[test]
    fn a_fixed_maximum_caps_the_bars_and_bad_values_are_named() {
        let chart = BarChart { bars: vec![bar("A", 0.5), bar("B", 2.0)], max: Some(1.0) };
        assert_valid_chart(&render_bar_chart(&caption(), &chart).unwrap());
        let error = render_bar_chart(&caption(), &BarChart { bars: vec![bar("Broken", -1.0)], max: None }).unwrap_err();
        assert!(error.to_string().contains("\"Broken\""), "{error}");
        let empty = render_bar_chart(&caption(), &BarChart::default()).unwrap();
        assert_valid_chart(&empty);
        assert!(empty.contains("Nothing to show"));
    }

    #[test]
    fn spark_bar_fills_its_share() {
        let svg = render_spark_bar(&caption(), 3.0, 4.0).unwrap();
        assert_valid_chart(&svg);
        assert!(svg.contains("width=\"75\""));
        assert!(render_spark_bar(&caption(), 3.0, 0.0).unwrap().contains("width=\"0\""));
        assert!(render_spark_bar(&caption(), f64::NAN, 1.0).is_err());
    }

    #[test]
    fn stacked_columns_add_up_and_have_a_legend() {
        let chart = StackedBarChart {
            periods: vec!["2026-01".into(), "2026-02".into(), "2026-03".into()],
            layers: vec![
                StackLayer {
                    label: "Vision & direction".into(),
                    class: Some("contribution-vision_direction".into()),
                    values: vec![1.0, 0.0, 3.0],
                },
                StackLayer { label: "Care".into(), class: None, values: vec![2.0, 0.0, 1.0] },
            ],
            value_label: "acts".into(),
        };
        let svg = render_stacked_bars(&caption(), &chart).unwrap();
        assert_valid_chart(&svg);
        assert_eq!(svg.matches("class=\"stack-segment").count(), 4);
        assert!(svg.contains("2026-03 — Vision &amp; direction: 3"));
        assert!(svg.contains("legend-swatch series-2") && svg.contains("legend-swatch contribution-vision_direction"));
        let document = roxmltree::Document::parse(&svg).unwrap();
        let heights: Vec<f64> = document
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("stack-segment")))
            .map(|n| n.attribute("height").unwrap().parse().unwrap())
            .collect();
        assert!((heights[0] * 2.0 - heights[1]).abs() < 0.02, "{heights:?}");
    }

    #[test]
    fn stacked_errors_name_layer_and_period() {
        let chart = StackedBarChart {
            periods: vec!["2026-01".into()],
            layers: vec![StackLayer { label: "Care".into(), class: None, values: vec![f64::INFINITY] }],
            value_label: String::new(),
        };
        let error = render_stacked_bars(&caption(), &chart).unwrap_err();
        assert!(error.to_string().contains("value 1 (\"2026-01\") of layer \"Care\""), "{error}");
        let empty = render_stacked_bars(&caption(), &StackedBarChart::default()).unwrap();
        assert_valid_chart(&empty);
    }
}
