//! Server-side SVG charts and layouts for polylead's web pages: plain data in, a `String` of
//! SVG out, no JavaScript needed.
//!
//! - [`pack`] / [`render_pack`]: circle packing of a hierarchy (the org map).
//! - [`layout_network`] / [`render_network`]: a seeded force-directed layout (the advice map).
//! - [`render_lorenz`]: the Lorenz curve of acts per person, with the Gini in its description.
//! - [`render_line_chart`]: series over time, with gaps.
//! - [`render_bar_chart`], [`render_spark_bar`], [`render_stacked_bars`]: bars.
//!
//! Every chart is an `<svg role="img">` (`role="group"` when it holds links) with a `viewBox` and no fixed size (CSS sizes it, e.g.
//! `width: 100%`), labelled by its `<title>` and `<desc>` ([`Caption`]). Text is XML-escaped.
//! Colours are never written as values: shapes paint with `currentColor` and carry classes
//! (`series-N`, `team-N`, `depth-N`, or a class the caller passes such as
//! `contribution-vision_direction`), so the site's stylesheet sets `color` per class.
//! Sizes are in viewBox units chosen so 12-unit text stays readable on a 360 px phone.
//!
//! **Invariant:** pure and deterministic: no I/O, no clock, no global randomness (the force
//! layout takes a seed); the same input gives the same bytes. Output never contains `NaN`;
//! input that cannot be drawn is a [`ChartError`] naming the item, never a panic.

mod axis;
mod bar;
mod enclose;
mod error;
mod force;
mod line;
mod lorenz;
mod pack;
mod random;
mod scale;
mod svg;

pub use bar::{Bar, BarChart, StackLayer, StackedBarChart, render_bar_chart, render_spark_bar, render_stacked_bars};
pub use enclose::{Circle, enclose, pack_siblings};
pub use error::ChartError;
pub use force::{ForceSettings, Network, NetworkEdge, NetworkNode, Point, layout_network, render_network};
pub use line::{LineChart, LineSeries, render_line_chart};
pub use lorenz::{gini, lorenz_points, render_lorenz};
pub use pack::{PackNode, PackSettings, PackedCircle, pack, render_pack};
pub use scale::{LinearScale, format_tick, nice_step, nice_ticks};
pub use svg::{Caption, escape};

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks what every chart promises: well-formed XML, an `<svg role="img">` with a viewBox
    /// and no fixed size, labelled by its title and description, no `NaN`, no colour values.
    pub(crate) fn assert_valid_chart(svg: &str) {
        let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let role = root.attribute("role");
        assert!(role == Some("img") || (role == Some("group") && svg.contains("<a ")), "role {role:?}");
        assert!(root.attribute("viewBox").is_some());
        assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
        let labelled_by = root.attribute("aria-labelledby").unwrap();
        let ids: Vec<&str> = labelled_by.split(' ').collect();
        assert_eq!(ids.len(), 2);
        let title = root.first_element_child().unwrap();
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(title.attribute("id"), Some(ids[0]));
        let desc = title.next_sibling_element().unwrap();
        assert_eq!(desc.tag_name().name(), "desc");
        assert_eq!(desc.attribute("id"), Some(ids[1]));
        for bad in ["NaN", "inf", "=\"#"] {
            assert!(!svg.contains(bad), "output contains {bad}:\n{svg}");
        }
    }

    #[test]
    fn degenerate_input_never_prints_nan() {
        let caption = Caption { id: "x".into(), title: "t".into(), description: "d".into() };
        let one_period = vec!["2026-01".to_owned()];
        let mut charts = vec![
            render_line_chart(
                &caption,
                &LineChart {
                    periods: one_period.clone(),
                    series: vec![LineSeries { label: "zero".into(), values: vec![Some(0.0)] }],
                    value_label: String::new(),
                },
            ),
            render_line_chart(
                &caption,
                &LineChart {
                    periods: one_period.clone(),
                    series: vec![LineSeries { label: "huge".into(), values: vec![Some(1e300)] }],
                    value_label: String::new(),
                },
            ),
            render_stacked_bars(
                &caption,
                &StackedBarChart {
                    periods: one_period,
                    layers: vec![StackLayer { label: "zero".into(), class: None, values: vec![0.0] }],
                    value_label: String::new(),
                },
            ),
            render_bar_chart(
                &caption,
                &BarChart { bars: vec![Bar { label: "zero".into(), ..Bar::default() }], max: None },
            ),
            render_bar_chart(
                &caption,
                &BarChart { bars: vec![Bar { label: "zero".into(), ..Bar::default() }], max: Some(0.0) },
            ),
            render_spark_bar(&caption, 0.0, 0.0),
            render_lorenz(&caption, &[1e300, 1e300]),
            render_lorenz(&caption, &[0.0, 0.0]),
            render_pack(
                &caption,
                &[PackNode { id: "a".into(), ..PackNode::default() }],
                &PackSettings { diameter: 0.0, padding: f64::NAN, max_depth: None },
            ),
        ];
        let pair = Network {
            nodes: vec![NetworkNode::default(), NetworkNode::default()],
            edges: vec![NetworkEdge { from: 0, to: 1, weight: 0.0 }, NetworkEdge { from: 1, to: 1, weight: 1.0 }],
            groups: vec![String::new()],
        };
        charts.push(render_network(
            &caption,
            &pair,
            &ForceSettings { width: f64::NAN, iterations: 0, ..ForceSettings::default() },
        ));
        for chart in charts {
            assert_valid_chart(&chart.unwrap());
        }
    }
}
