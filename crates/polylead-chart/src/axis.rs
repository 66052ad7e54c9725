//! Shared pieces of charts with a category x axis and a value y axis (line and stacked bars).

use crate::scale::{LinearScale, format_tick, nice_ticks};
use crate::svg::{FONT_SIZE, Svg, fit_label, text_width};

/// The plot area inside a chart's viewBox.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plot {
    pub(crate) left: f64,
    pub(crate) right: f64,
    pub(crate) top: f64,
    pub(crate) bottom: f64,
}

/// Draws y ticks, grid lines and the y axis label for values from `min` to `max`, and returns
/// the scale onto the plot (covering the rounded tick range).
pub(crate) fn write_value_axis(svg: &mut Svg, plot: Plot, min: f64, max: f64, label: &str) -> LinearScale {
    let ticks = nice_ticks(min, max, 5);
    let step = if ticks.len() > 1 { ticks[1] - ticks[0] } else { 1.0 };
    let low = ticks.first().copied().unwrap_or(0.0);
    let high = ticks.last().copied().unwrap_or(1.0);
    let scale = LinearScale { domain: (low, high), range: (plot.bottom, plot.top) };
    svg.raw(r#"<g class="axis axis-y">"#);
    for &tick in &ticks {
        let y = scale.map(tick);
        if tick == 0.0 {
            svg.line((plot.left, y), (plot.right, y), "axis-line");
        } else {
            svg.grid_line((plot.left, y), (plot.right, y));
        }
        svg.text(plot.left - 6.0, y + 4.0, "end", "tick-label", &format_tick(tick, step));
    }
    if !label.is_empty() {
        svg.text(plot.left - 6.0, plot.top - 10.0, "start", "axis-label", label);
    }
    svg.raw("</g>");
    scale
}

/// The x position of category `index` of `count`, each in the middle of an equal slot.
pub(crate) fn category_x(plot: Plot, index: usize, count: usize) -> f64 {
    let slot = (plot.right - plot.left) / count.max(1) as f64;
    plot.left + slot * (index as f64 + 0.5)
}

/// Draws the category labels under the plot, skipping some so they do not collide.
pub(crate) fn write_category_axis(svg: &mut Svg, plot: Plot, labels: &[String]) {
    if labels.is_empty() {
        return;
    }
    let widest = labels.iter().map(|label| label.chars().count()).max().unwrap_or(1);
    let slot = (plot.right - plot.left) / labels.len() as f64;
    let label_width = text_width(widest.min(12), FONT_SIZE) + 4.0;
    let every = (label_width / slot).ceil().max(1.0) as usize;
    svg.raw(r#"<g class="axis axis-x">"#);
    svg.line((plot.left, plot.bottom), (plot.right, plot.bottom), "axis-line");
    for (i, label) in labels.iter().enumerate() {
        let x = category_x(plot, i, labels.len());
        if i % every != 0 {
            continue;
        }
        svg.line((x, plot.bottom), (x, plot.bottom + 4.0), "tick");
        if let Some(text) = fit_label(label, label_width.max(slot * every as f64) - 4.0, FONT_SIZE) {
            svg.text(x, plot.bottom + 17.0, "middle", "tick-label", &text);
        }
    }
    svg.raw("</g>");
}
