//! `polylead network-export`: the advice network (seeker → source) as GraphML or GEXF 1.3 with
//! person and team attributes — the files `/api/v1/network.graphml` and `.gexf` serve. Kept
//! apart from `polylead export`, which writes the importable CSV files.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use polylead_core::network_export::{to_gexf, to_graphml};
use polylead_server::api::analytics::load_dataset;
use polylead_server::api::network::window;
use polylead_server::flow;
use polylead_store::Store;

use crate::shown;

#[derive(Args)]
pub struct NetworkExportArgs {
    /// The file to write (`-` for standard output).
    file: PathBuf,
    /// graphml or gexf; by default from FILE's extension (.graphml, .gexf).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Only people who were members in the window ending now, with their acts in it: days (90d),
    /// weeks (12w), months of 30 days (6m) or years (1y). Default: everyone, every act.
    #[arg(long, value_parser = crate::analyze::parse_window)]
    window: Option<u32>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Graphml,
    Gexf,
}

pub async fn run(store: &Store, args: NetworkExportArgs) -> anyhow::Result<()> {
    let to_stdout = args.file.as_os_str() == "-";
    let format = match (args.format, args.file.extension().and_then(|e| e.to_str())) {
        (Some(format), _) => format,
        (None, Some(ext)) if ext.eq_ignore_ascii_case("graphml") => Format::Graphml,
        (None, Some(ext)) if ext.eq_ignore_ascii_case("gexf") => Format::Gexf,
        (None, _) => bail!(
            "cannot tell the format of {}: name it .graphml or .gexf, or add --format graphml|gexf",
            shown(&args.file)
        ),
    };
    if !to_stdout && !args.force && args.file.exists() {
        bail!("{} already exists; add --force to overwrite it", shown(&args.file));
    }
    let window = match window(args.window, flow::now()) {
        Ok(window) => window,
        Err(error) => bail!("{error}"),
    };
    let data = load_dataset(store).await.context("reading the organisation")?;
    let (people, ties) = (data.people.len(), data.ties.len());
    let body = match format {
        Format::Graphml => to_graphml(&data, window.as_ref()),
        Format::Gexf => to_gexf(&data, window.as_ref()),
    };
    if to_stdout {
        print!("{body}");
    } else {
        std::fs::write(&args.file, body).with_context(|| format!("writing {}", shown(&args.file)))?;
        let scope = if window.is_some() { "members in the window" } else { "people" };
        println!("Wrote the advice network to {} ({people} {scope} at most, {ties} ties at most)", shown(&args.file));
    }
    Ok(())
}
