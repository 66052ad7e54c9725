//! `polylead trends`: the headline activity figures per calendar month (the API's
//! `/api/v1/analytics/trends`) as a table, JSON or CSV (one row per month and figure).

use std::fmt::Write as _;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use polylead_server::api::analytics::{
    DEFAULT_TREND_MONTHS, MAX_TREND_MONTHS, TrendValueView, TrendsView, load_trends,
};
use polylead_server::flow;

use crate::Source;

#[derive(Args)]
pub struct TrendsArgs {
    /// The most recent months to show (the current month included), 1 to 600.
    #[arg(long, default_value_t = DEFAULT_TREND_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_TREND_MONTHS)))]
    months: u32,
    /// text: a table; json: the API's series; csv: one row per month and figure.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

pub async fn run(source: &Source, args: TrendsArgs) -> anyhow::Result<()> {
    let view: TrendsView = match source {
        Source::Database(state) => match load_trends(&state.store, args.months, flow::now()).await {
            Ok(trends) => TrendsView::from(&trends),
            Err(error) if error.status().is_server_error() => {
                return Err(anyhow::Error::new(error)).context("computing the trends");
            }
            Err(error) => bail!("{error}"),
        },
        Source::Server(remote) => remote.get(&format!("/analytics/trends?months={}", args.months)).await?,
    };
    let output = match args.format {
        Format::Text => text(&view),
        Format::Json => serde_json::to_string_pretty(&view).context("writing the trends as JSON")? + "\n",
        Format::Csv => csv(&view)?,
    };
    print!("{output}");
    Ok(())
}

fn cell(figure: &TrendValueView) -> String {
    match (&figure.value, &figure.undefined) {
        (Some(value), _) => format!("{value:.2}"),
        (None, Some(undefined)) => undefined.code.clone(),
        (None, None) => "-".to_owned(),
    }
}

/// One line per month: people, acts, decided, then each figure (or its undefined code).
fn text(view: &TrendsView) -> String {
    let mut out = String::new();
    if view.months.is_empty() {
        out.push_str("No months to show: there are no leadership acts or decisions yet.\n");
    } else {
        let _ = writeln!(
            out,
            "{:<8} {:>7} {:>6} {:>7} {:>12} {:>12} {:>12} {:>20}",
            "month", "people", "acts", "decided", "N_eff (M3)", "Gini* (M1)", "engaged", "median latency (d)"
        );
        for month in &view.months {
            let figures: Vec<String> = month.figures.iter().map(cell).collect();
            let _ = writeln!(
                out,
                "{:<8} {:>7} {:>6} {:>7} {:>12} {:>12} {:>12} {:>20}",
                month.month,
                month.population,
                month.acts,
                month.decided,
                figures.first().map_or("-", String::as_str),
                figures.get(1).map_or("-", String::as_str),
                figures.get(2).map_or("-", String::as_str),
                figures.get(3).map_or("-", String::as_str),
            );
        }
    }
    for omitted in &view.omitted {
        let _ = writeln!(out, "Not shown: {} ({}).", omitted.key, omitted.reason);
    }
    out
}

fn csv(view: &TrendsView) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["month", "population", "acts", "decided", "key", "value", "undefined_code"])?;
    for month in &view.months {
        for figure in &month.figures {
            let value = figure.value.map(|v| v.to_string()).unwrap_or_default();
            let code = figure.undefined.as_ref().map(|u| u.code.as_str()).unwrap_or("");
            writer.write_record([
                month.month.as_str(),
                &month.population.to_string(),
                &month.acts.to_string(),
                &month.decided.to_string(),
                &figure.key,
                &value,
                code,
            ])?;
        }
    }
    let bytes = writer.into_inner().context("writing CSV")?;
    String::from_utf8(bytes).context("writing CSV")
}
