//! `polylead import`: entity CSV files, or a network study, into the database — all or nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use polylead_core::csv_file::{FileProblem, read_dataset};
use polylead_core::dataset::Dataset;
use polylead_core::network_study::{StudyMapping, read_study};
use polylead_core::record::Entity;
use polylead_store::Store;

use crate::{progress, shown};

#[derive(Args)]
#[command(after_help = "\
Entity mode (default) reads any of: teams.csv, people.csv, roles.csv, role_fillers.csv,
domains.csv, domain_rules.csv, delegations.csv, decisions.csv, decision_responses.csv,
acts.csv, advice_ties.csv (columns in docs/csv.md). Rows may refer to rows already stored.

Study mode (--study) reads a network study: people.csv with an id column plus attributes,
and advice.csv with from,to (from seeks advice from to). For example:
  polylead import --study fixtures/krackhardt-hightech --team-column department \\
                  --level-column level --superior-column reports_to --id-prefix kr-
  polylead import --study fixtures/lazega-lawfirm --team-column office --level-column status --id-prefix lz-

Every problem is listed as file:line: column — reason, and nothing is stored until all are fixed.")]
pub struct ImportArgs {
    /// Directory holding the CSV files.
    dir: PathBuf,
    /// Read DIR as a network study (people.csv plus tie files) instead of entity files.
    #[arg(long)]
    study: bool,
    /// Study mode: the people column whose values become teams (e.g. department, office).
    #[arg(long, requires = "study")]
    team_column: Option<String>,
    /// Study mode: the people column with the formal level, 1 = top.
    #[arg(long, requires = "study")]
    level_column: Option<String>,
    /// Study mode: the people column with the id of the formal superior.
    #[arg(long, requires = "study")]
    superior_column: Option<String>,
    /// Study mode: a prefix for every id, so several studies fit in one database.
    #[arg(long, requires = "study", default_value = "")]
    id_prefix: String,
    /// Study mode: the survey wave written on each tie (default: the directory's name).
    #[arg(long, requires = "study")]
    wave: Option<String>,
}

pub async fn run(store: &Store, args: ImportArgs) -> anyhow::Result<()> {
    let files = read_csv_files(&args.dir)?;
    let spinner = progress::spinner("checking every row");
    let data = if args.study {
        let wave = args.wave.clone().or_else(|| args.dir.file_name().map(|name| name.to_string_lossy().into_owned()));
        let mapping = StudyMapping {
            id_prefix: args.id_prefix.clone(),
            level_column: args.level_column.clone(),
            superior_column: args.superior_column.clone(),
            team_column: args.team_column.clone(),
            wave,
        };
        let study = read_study(&files, &mapping).map_err(|problems| refuse(&args.dir, &problems))?;
        for file in &study.skipped {
            eprintln!("note: skipped {file}: polylead imports advice ties only");
        }
        study.data
    } else {
        let known = store.known().await.context("reading the ids already stored")?;
        read_dataset(&files, &known).map_err(|problems| refuse(&args.dir, &problems))?
    };
    spinner.finish_and_clear();
    store_dataset(store, &data, "import").await?;
    println!("Imported from {}: {}", shown(&args.dir), summary(&data));
    Ok(())
}

/// Stores a checked dataset in one transaction, with a progress bar.
pub async fn store_dataset(store: &Store, data: &Dataset, actor: &str) -> anyhow::Result<()> {
    let total: u64 = data.counts().iter().map(|(_, n)| n).sum();
    let bar = progress::bar(total, "storing");
    let done_before = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let report = |entity, done| {
        if let Ok(mut done_per_entity) = done_before.lock() {
            done_per_entity.insert(entity, done);
            bar.set_position(done_per_entity.values().sum());
        }
    };
    let result = store.import(data, actor, &report).await;
    bar.finish_and_clear();
    result.context("storing the rows; nothing was stored")
}

/// "21 people, 5 teams, 190 advice ties" (kinds with rows only).
pub fn summary(data: &Dataset) -> String {
    let parts: Vec<String> = data
        .counts()
        .into_iter()
        .filter(|(entity, n)| *n > 0 && *entity != Entity::Setting)
        .map(|(entity, n)| format!("{n} {}", entity.table().replace('_', " ")))
        .collect();
    if parts.is_empty() { "nothing (no rows)".to_owned() } else { parts.join(", ") }
}

fn refuse(dir: &Path, problems: &[FileProblem]) -> anyhow::Error {
    let mut message = format!("{} problem(s) in {}; nothing was stored:", problems.len(), shown(dir));
    for problem in problems.iter().take(200) {
        message.push_str(&format!("\n  {problem}"));
    }
    if problems.len() > 200 {
        message.push_str(&format!("\n  … and {} more", problems.len() - 200));
    }
    anyhow::anyhow!(message)
}

/// Every `*.csv` directly in `dir`, by file name.
pub fn read_csv_files(dir: &Path) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading the directory {}; give a directory holding the CSV files", shown(dir)))?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let path = entry.with_context(|| format!("listing {}", shown(dir)))?.path();
        if path.is_file() && path.extension().is_some_and(|extension| extension == "csv") {
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", shown(&path)))?;
            files.insert(name, bytes);
        }
    }
    if files.is_empty() {
        bail!("{} holds no .csv files; see docs/csv.md for the file names", shown(dir));
    }
    Ok(files)
}
