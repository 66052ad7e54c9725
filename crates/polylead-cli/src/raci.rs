//! `polylead raci`: the decision rights as a RACI matrix, per team or for the organisation.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use polylead_server::api::rights::raci_export;

use crate::Source;
use crate::remote::query;

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

pub async fn run(source: &Source, args: RaciArgs) -> anyhow::Result<()> {
    let text = match source {
        Source::Database(state) => {
            let format = match args.format {
                RaciFormat::Md => polylead_server::api::rights::RaciFormat::Markdown,
                RaciFormat::Csv => polylead_server::api::rights::RaciFormat::Csv,
            };
            raci_export(state, args.team.as_deref(), format).await?
        }
        Source::Server(remote) => {
            let format = match args.format {
                RaciFormat::Md => "md",
                RaciFormat::Csv => "csv",
            };
            remote
                .get_text(&format!("/raci{}", query(&[("team", args.team), ("format", Some(format.to_owned()))])))
                .await?
        }
    };
    match args.out {
        Some(path) => std::fs::write(&path, text).with_context(|| format!("writing {}", crate::shown(&path)))?,
        None => print!("{text}"),
    }
    Ok(())
}
