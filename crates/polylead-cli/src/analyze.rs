//! `polylead analyze`: the analysis report as a short diagnosis (text), the API's JSON, one CSV
//! row per figure, or a self-contained HTML page.

use std::fmt::Write as _;
use std::io::IsTerminal;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use polylead_server::api::analytics::{FigureView, MAX_WINDOW_DAYS, ReportView, load_report};
use polylead_server::pages::escape;
use polylead_server::{AppState, flow};

use crate::remote::query;
use crate::{Source, progress};

#[derive(Args)]
pub struct AnalyzeArgs {
    /// The window ending now: days (90d), weeks (12w), months of 30 days (6m) or years of 365 (1y).
    #[arg(long, default_value = "90d", value_parser = parse_window)]
    window: u32,
    /// Restrict the activity figures to this team and the teams nested in it.
    #[arg(long)]
    team: Option<String>,
    /// text: a short diagnosis; json: the API's report; csv: one row per figure; html: a page.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    Html,
}

/// `90d`, `12w`, `6m`, `1y` (or a bare number of days) → days.
pub(crate) fn parse_window(raw: &str) -> Result<u32, String> {
    let raw = raw.trim();
    let bad = || {
        format!("{raw:?} is not a window; write a number of days, weeks, months or years such as 90d, 12w, 6m or 1y")
    };
    let (number, unit) = match raw.char_indices().last() {
        Some((at, unit)) if unit.is_ascii_alphabetic() => (&raw[..at], unit.to_ascii_lowercase()),
        Some(_) => (raw, 'd'),
        None => return Err(bad()),
    };
    let number: u32 = number.trim().parse().map_err(|_| bad())?;
    let per_unit = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return Err(bad()),
    };
    let days = number.checked_mul(per_unit).ok_or_else(bad)?;
    if !(1..=MAX_WINDOW_DAYS).contains(&days) {
        return Err(format!("the window must be from 1 to {MAX_WINDOW_DAYS} days, got {days}"));
    }
    Ok(days)
}

pub async fn run(source: &Source, args: AnalyzeArgs) -> anyhow::Result<()> {
    let spinner = std::io::stderr().is_terminal().then(|| progress::spinner("analysing"));
    let view = match source {
        Source::Database(state) => report(state, &args).await,
        Source::Server(remote) => {
            let query = query(&[("window_days", Some(args.window.to_string())), ("team", args.team.clone())]);
            remote.get(&format!("/analytics{query}")).await
        }
    };
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    print(&view?, args.format)
}

/// The report built from the database, as the API's view.
async fn report(state: &AppState, args: &AnalyzeArgs) -> anyhow::Result<ReportView> {
    match load_report(&state.store, args.window, args.team.as_deref(), flow::now()).await {
        Ok(report) => Ok(ReportView::from(&report)),
        Err(error) if error.status().is_server_error() => Err(anyhow::Error::new(error)).context("building the report"),
        Err(error) => bail!("{error}"),
    }
}

fn print(view: &ReportView, format: Format) -> anyhow::Result<()> {
    let output = match format {
        Format::Text => text(view),
        Format::Json => serde_json::to_string_pretty(view).context("writing the report as JSON")? + "\n",
        Format::Csv => csv(view)?,
        Format::Html => html(view),
    };
    print!("{output}");
    Ok(())
}

fn value(figure: &FigureView) -> String {
    match (&figure.value, &figure.undefined) {
        (Some(value), _) if value.fract() == 0.0 && value.abs() < 1e9 => format!("{value:.0}"),
        (Some(value), _) => format!("{value:.4}"),
        (None, Some(undefined)) => undefined.code.clone(),
        (None, None) => "-".to_owned(),
    }
}

/// The text form lists at most this many entries per section (JSON, CSV and HTML have them all).
const LIST_LIMIT: usize = 20;

fn more(out: &mut String, total: usize) {
    if total > LIST_LIMIT {
        let _ = writeln!(out, "  … and {} more (--format json lists them all)", total - LIST_LIMIT);
    }
}

/// The short diagnosis.
fn text(view: &ReportView) -> String {
    let mut out = String::new();
    let scope = view.team.as_ref().map_or_else(String::new, |team| format!(", team {team}"));
    let _ = writeln!(out, "Leadership report: {} to {}{scope}", view.window.from, view.window.to);
    let _ = writeln!(
        out,
        "{} people in the activity figures, {} in the advice network.\n",
        view.population, view.network_people
    );
    for figure in &view.headline {
        let _ = writeln!(out, "{:<62} {:>10}", figure.label, value(figure));
        let _ = writeln!(out, "    {}", figure.meaning);
        if let Some(note) = &figure.note {
            let _ = writeln!(out, "    ({note})");
        }
    }
    let _ = writeln!(out, "\nBottleneck people");
    if view.bottlenecks.is_empty() {
        let _ = writeln!(out, "  none flagged");
    }
    for b in view.bottlenecks.iter().take(LIST_LIMIT) {
        let wait = b.expected_wait_days.map_or_else(|| "unbounded".to_owned(), |days| format!("{days:.1} days"));
        let _ = writeln!(
            out,
            "  {} ({}): utilisation {:.2}, expected wait {wait}; {}",
            b.person.name,
            b.person.id,
            b.utilisation,
            b.flags.join(", ")
        );
    }
    more(&mut out, view.bottlenecks.len());
    let _ = writeln!(out, "\nSingle points of failure");
    if view.single_points.is_empty() {
        let _ = writeln!(out, "  none: every active domain has more than one person who knows it");
    }
    for s in view.single_points.iter().take(LIST_LIMIT) {
        let who = s.person.as_ref().map_or_else(|| "one person".to_owned(), |p| format!("{} ({})", p.name, p.id));
        let _ = writeln!(out, "  {} ({}) depends on {who}", s.domain_name, s.domain_id);
    }
    more(&mut out, view.single_points.len());
    let _ = writeln!(out, "\nTeams missing contribution types");
    if view.teams_missing_types.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for t in view.teams_missing_types.iter().take(LIST_LIMIT) {
        let _ = writeln!(out, "  {} ({}, {} members): no {}", t.team_name, t.team_id, t.members, t.missing.join(", "));
    }
    more(&mut out, view.teams_missing_types.len());
    let leadership = &view.informal_leadership;
    let _ = writeln!(out, "\nInformal leadership and the org chart\n  {}", leadership.verdict);
    for s in leadership.sought.iter().take(LIST_LIMIT) {
        let formal = if s.formal { "formal position" } else { "no formal role or right" };
        let _ = writeln!(out, "  {} ({}): sought by {}, {formal}", s.person.name, s.person.id, s.in_degree);
    }
    more(&mut out, leadership.sought.len());
    if let Some(hidden) = &view.hidden {
        let _ = writeln!(out, "\nLeft out for privacy: {hidden}");
    }
    out
}

/// One row per figure: key, label, value, undefined_code, meaning.
fn csv(view: &ReportView) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["key", "label", "value", "undefined_code", "meaning"])?;
    for figure in &view.headline {
        let value = figure.value.map(|v| v.to_string()).unwrap_or_default();
        let code = figure.undefined.as_ref().map(|u| u.code.as_str()).unwrap_or("");
        writer.write_record([figure.key.as_str(), &figure.label, &value, code, &figure.meaning])?;
    }
    let bytes = writer.into_inner().context("writing CSV")?;
    String::from_utf8(bytes).context("writing CSV")
}

/// A self-contained page: the figures in a table, then the flagged lists.
fn html(view: &ReportView) -> String {
    let mut out = String::new();
    let title = format!("Leadership report {} to {}", view.window.from, view.window.to);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}}td.v{{text-align:right;white-space:nowrap}}</style></head><body>\n<h1>{}</h1>\n<p>{} people in the activity figures, {} in the advice network.</p>\n<table><thead><tr><th>Figure</th><th>Value</th><th>Meaning</th></tr></thead><tbody>\n",
        escape(&title),
        escape(&title),
        view.population,
        view.network_people
    );
    for figure in &view.headline {
        let note = figure.note.as_ref().map_or_else(String::new, |note| format!("<br><small>{}</small>", escape(note)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"v\">{}</td><td>{}{note}</td></tr>",
            escape(&figure.label),
            escape(&value(figure)),
            escape(&figure.meaning)
        );
    }
    out.push_str("</tbody></table>\n");
    let mut list = |heading: &str, items: Vec<String>| {
        let _ = writeln!(out, "<h2>{}</h2>", escape(heading));
        if items.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", escape(&item));
            }
            out.push_str("</ul>\n");
        }
    };
    list(
        "Bottleneck people",
        view.bottlenecks
            .iter()
            .map(|b| {
                format!("{} ({}): utilisation {:.2}; {}", b.person.name, b.person.id, b.utilisation, b.flags.join(", "))
            })
            .collect(),
    );
    list(
        "Single points of failure",
        view.single_points
            .iter()
            .map(|s| {
                let who =
                    s.person.as_ref().map_or_else(|| "one person".to_owned(), |p| format!("{} ({})", p.name, p.id));
                format!("{} depends on {who}", s.domain_name)
            })
            .collect(),
    );
    list(
        "Teams missing contribution types",
        view.teams_missing_types.iter().map(|t| format!("{}: no {}", t.team_name, t.missing.join(", "))).collect(),
    );
    list("Informal leadership and the org chart", vec![view.informal_leadership.verdict.clone()]);
    if let Some(hidden) = &view.hidden {
        let _ = writeln!(out, "<p><small>Left out for privacy: {}</small></p>", escape(hidden));
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_in_days_weeks_months_and_years() {
        assert_eq!(parse_window("90d"), Ok(90));
        assert_eq!(parse_window("12w"), Ok(84));
        assert_eq!(parse_window("6m"), Ok(180));
        assert_eq!(parse_window("1y"), Ok(365));
        assert_eq!(parse_window("30"), Ok(30));
        for bad in ["", "d", "9x", "-3d", "0d", "11y", "ninety"] {
            assert!(parse_window(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
