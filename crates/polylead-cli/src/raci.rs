//! `polylead raci`: the decision rights as a RACI matrix, per team or for the organisation.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use polylead_core::ids::TeamId;
use polylead_core::rights::raci::{raci, to_csv, to_markdown};
use polylead_server::flow;
use polylead_store::Store;

#[derive(Args)]
pub struct RaciArgs {
    /// Only the domains of this team and the teams nested in it.
    #[arg(long)]
    team: Option<String>,
    #[arg(long, value_enum, default_value_t = RaciFormat::Md)]
    format: RaciFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RaciFormat {
    /// A Markdown matrix: a line per rule, a column per person.
    Md,
    /// One CSV line per rule with the people of each letter.
    Csv,
}

pub async fn run(store: &Store, args: RaciArgs) -> anyhow::Result<()> {
    let organisation = flow::Structure::default().current(store).await.context("reading the organisation")?;
    let team = args.team.as_deref().map(TeamId::parse).transpose()?;
    let title = match &team {
        Some(id) => organisation
            .team(id)
            .with_context(|| format!("there is no team {id}; `polylead export` lists them in teams.csv"))?
            .name
            .to_string(),
        None => store.setting(polylead_core::setting::ORGANISATION_NAME).await?.unwrap_or("the organisation".into()),
    };
    let rows = raci(&organisation, team.as_ref(), flow::now());
    let text = match args.format {
        RaciFormat::Md => to_markdown(&rows, &organisation, &title),
        RaciFormat::Csv => to_csv(&rows, &organisation),
    };
    match args.out {
        Some(path) => std::fs::write(&path, text).with_context(|| format!("writing {}", crate::shown(&path)))?,
        None => print!("{text}"),
    }
    Ok(())
}
