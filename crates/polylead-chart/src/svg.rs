//! Writing SVG text: XML escaping, numbers that are never `NaN`, the accessible chart frame,
//! labels that fit, legends and the empty state.

use std::fmt::Write;

/// The accessible name of a chart: its `<title>` and `<desc>`, and the id they hang from.
///
/// `id` must be unique on the page: the chart's root gets `id="{id}"`, the title
/// `{id}-title` and the description `{id}-desc` (`aria-labelledby` points at both).
/// Characters other than ASCII letters, digits, `-` and `_` are replaced by `-`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Caption {
    /// A page-unique id, e.g. `org-map` or `lorenz-team-3`.
    pub id: String,
    /// A short name, read first by screen readers.
    pub title: String,
    /// One or two sentences on what the chart shows; charts may append a computed summary.
    pub description: String,
}

/// Escapes text for XML content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate for SVG: at most two decimals, no trailing zeros, never `NaN` or `inf`
/// (a non-finite number, which the layouts never produce, is written as `0`).
pub(crate) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        return "0".to_owned();
    }
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A value for people to read: integers without decimals, others with up to two.
pub(crate) fn value_text(value: f64) -> String {
    num(value)
}

/// `id` reduced to characters safe in an XML id and a CSS selector.
pub(crate) fn safe_id(id: &str) -> String {
    let cleaned: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    match cleaned.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => cleaned,
        _ => format!("chart-{cleaned}"),
    }
}

/// The font size (viewBox units) of ordinary chart text; with a 400-unit-wide viewBox it is
/// about 11 px on a 360 px phone.
pub(crate) const FONT_SIZE: f64 = 12.0;

/// A rough width of `chars` characters of sans-serif text at `font_size`.
pub(crate) fn text_width(chars: usize, font_size: f64) -> f64 {
    chars as f64 * font_size * 0.6
}

/// `label` shortened with an ellipsis to fit `width` at `font_size`, or `None` when not even
/// three characters and the ellipsis fit.
pub(crate) fn fit_label(label: &str, width: f64, font_size: f64) -> Option<String> {
    let count = label.chars().count();
    if text_width(count, font_size) <= width {
        return Some(label.to_owned());
    }
    let room = (width / (font_size * 0.6)).floor() as usize;
    if room < 4 {
        return None;
    }
    let kept: String = label.chars().take(room - 1).collect();
    Some(format!("{}…", kept.trim_end()))
}

/// An SVG document being written.
pub(crate) struct Svg {
    out: String,
    id: String,
}

impl Svg {
    /// Opens `<svg>` with a viewBox of `width`×`height` (no fixed size: CSS sizes it), the
    /// caption's `<title>` and `<desc>` (`description` replaces the caption's own text), and
    /// `role="img"`, or `role="group"` when the chart holds `links` (an image cannot contain
    /// interactive content, so screen readers and keyboards would skip the links).
    pub(crate) fn open(caption: &Caption, kind: &str, width: f64, height: f64, description: &str, links: bool) -> Svg {
        let id = safe_id(&caption.id);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="{role}" aria-labelledby="{id}-title {id}-desc" id="{id}" class="chart chart-{kind}" font-size="{fs}" fill="currentColor">"#,
            w = num(width),
            h = num(height),
            fs = num(FONT_SIZE),
            role = if links { "group" } else { "img" },
        );
        let _ = write!(
            out,
            r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(&caption.title),
            escape(description),
        );
        Svg { out, id }
    }

    /// The chart's sanitised id, for ids of inner elements (`{id}-arrow`).
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// Appends markup that the caller built from escaped text and [`num`] numbers.
    pub(crate) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Appends a `<text>` element; `content` is escaped here.
    pub(crate) fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, content: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" class="{class}">{}</text>"#,
            num(x),
            num(y),
            escape(content),
        );
    }

    /// Appends a `<line>` with the given class, stroked in `currentColor`.
    pub(crate) fn line(&mut self, from: (f64, f64), to: (f64, f64), class: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{class}" stroke="currentColor"/>"#,
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
        );
    }

    /// Appends a faint grid line across the plot.
    pub(crate) fn grid_line(&mut self, from: (f64, f64), to: (f64, f64)) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid" stroke="currentColor" stroke-opacity="0.15"/>"#,
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
        );
    }

    /// Appends a centred message for a chart with nothing to show.
    pub(crate) fn empty_state(&mut self, width: f64, height: f64, message: &str) {
        self.text(width / 2.0, height / 2.0, "middle", "chart-empty", message);
    }

    /// Closes the document.
    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// One entry of a legend: the colour class and the label.
pub(crate) struct LegendEntry<'a> {
    pub(crate) class: &'a str,
    pub(crate) label: &'a str,
}

/// Row height of a legend.
pub(crate) const LEGEND_ROW: f64 = 18.0;

/// How tall a legend of `entries` is when it wraps within `width`.
pub(crate) fn legend_height(entries: &[LegendEntry<'_>], width: f64) -> f64 {
    legend_positions(entries, width).last().map_or(0.0, |&(_, row)| (row + 1) as f64 * LEGEND_ROW)
}

fn legend_item_width(label: &str) -> f64 {
    14.0 + text_width(label.chars().count(), FONT_SIZE) + 14.0
}

/// Left offset and row of each entry, flowing left to right and wrapping within `width`.
fn legend_positions(entries: &[LegendEntry<'_>], width: f64) -> Vec<(f64, usize)> {
    let mut positions = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (0.0, 0);
    for entry in entries {
        let item = legend_item_width(entry.label).min(width);
        if x > 0.0 && x + item > width {
            x = 0.0;
            row += 1;
        }
        positions.push((x, row));
        x += item;
    }
    positions
}

/// Writes a legend (a swatch and a label per entry) starting at (`left`, `top`) and wrapping
/// within `width`.
pub(crate) fn write_legend(svg: &mut Svg, entries: &[LegendEntry<'_>], left: f64, top: f64, width: f64) {
    if entries.is_empty() {
        return;
    }
    svg.raw(r#"<g class="legend">"#);
    for (entry, (x, row)) in entries.iter().zip(legend_positions(entries, width)) {
        let y = top + row as f64 * LEGEND_ROW;
        let label = fit_label(entry.label, width - 14.0, FONT_SIZE).unwrap_or_default();
        svg.raw(&format!(
            r#"<g class="legend-item"><rect x="{x}" y="{y}" width="10" height="10" rx="2" class="legend-swatch {class}" fill="currentColor"/>"#,
            class = escape(entry.class),
            x = num(left + x),
            y = num(y + 3.0),
        ));
        svg.raw(&format!(
            r#"<text x="{}" y="{}" class="legend-label">{}</text></g>"#,
            num(left + x + 14.0),
            num(y + 12.0),
            escape(&label),
        ));
    }
    svg.raw("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_xml_characters() {
        assert_eq!(escape(r#"R&D <core> "x" 'y'"#), "R&amp;D &lt;core&gt; &quot;x&quot; &apos;y&apos;");
    }

    #[test]
    fn num_is_short_and_never_nan() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(120.5), "120.5");
        assert_eq!(num(1e300), "1e300");
        assert_eq!(num(f64::MAX).parse::<f64>().unwrap(), f64::MAX);
    }

    #[test]
    fn ids_are_made_safe() {
        assert_eq!(safe_id("org map/1"), "org-map-1");
        assert_eq!(safe_id("3d"), "chart-3d");
        assert_eq!(safe_id(""), "chart-");
    }

    #[test]
    fn labels_are_shortened_to_fit() {
        assert_eq!(fit_label("Team", 100.0, 12.0).as_deref(), Some("Team"));
        assert_eq!(fit_label("Engineering platform", 50.0, 12.0).as_deref(), Some("Engin…"));
        assert_eq!(fit_label("Engineering", 10.0, 12.0), None);
    }
}
