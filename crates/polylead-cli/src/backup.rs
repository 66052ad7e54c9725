//! `polylead backup` and `polylead restore`: a consistent copy of the SQLite database while it
//! is served, and putting one back after checking it. PostgreSQL has its own tools; both
//! commands say which (docs/backup.md).

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use polylead_store::{BackupSummary, sqlite_file};

use crate::{describe, open, shown};

#[derive(Args)]
#[command(after_help = "\
Examples:
  polylead backup backups/polylead-2026-11-22.db    while polylead serve keeps running
  polylead backup --force backups/latest.db         replace an older backup
  polylead --database-url sqlite://care.db backup care-backup.db

The backup is one consistent snapshot (SQLite's VACUUM INTO), written beside FILE under a
temporary name, synced, checked with SQLite's integrity check, and only then named FILE.
Restore it with polylead restore FILE. PostgreSQL: use pg_dump --format=custom (docs/backup.md).")]
pub struct BackupArgs {
    /// The backup file to write.
    file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
#[command(after_help = "\
Examples:
  polylead restore backups/polylead-2026-11-22.db    replace polylead.db with the backup
  polylead restore --check backups/latest.db         only check the backup; change nothing
  polylead --database-url sqlite://care.db restore care-backup.db

Stop polylead serve first: a restore refuses a database that is still open.
The backup is checked before anything changes: SQLite's integrity check, a polylead schema no
newer than this polylead, and data that loads and passes the import checks. Then it replaces
the database in one rename, so the database is either the old one or the restored one; a
refused backup leaves it untouched. PostgreSQL: use pg_restore (docs/backup.md).")]
pub struct RestoreArgs {
    /// The backup file to restore (written by polylead backup).
    file: PathBuf,
    /// Only check FILE and say what it holds; change nothing.
    #[arg(long)]
    check: bool,
}

pub async fn backup(url: &str, args: BackupArgs) -> anyhow::Result<()> {
    let source = sqlite_file(url)?;
    if !source.exists() {
        bail!("there is no database at {}, so nothing to back up; check --database-url", shown(&source));
    }
    if !args.force && args.file.exists() {
        bail!("{} already exists; choose another name or add --force to replace it", shown(&args.file));
    }
    let store = open(url).await?;
    let summary = store
        .backup_to(&args.file)
        .await
        .with_context(|| format!("backing up {} to {}", describe(url), shown(&args.file)))?;
    store.close().await;
    println!("Backed up {} to {}: {}", describe(url), shown(&args.file), holds(&summary));
    Ok(())
}

pub async fn restore(url: &str, args: RestoreArgs) -> anyhow::Result<()> {
    if args.check {
        let summary = polylead_store::check_backup(&args.file)
            .await
            .with_context(|| format!("checking the backup {}", shown(&args.file)))?;
        println!("{} is a sound backup: {}", shown(&args.file), holds(&summary));
        return Ok(());
    }
    let target = sqlite_file(url)?;
    let summary = polylead_store::restore(&args.file, &target).await.with_context(|| {
        format!("restoring {} into {} (the database was not changed)", shown(&args.file), shown(&target))
    })?;
    println!("Restored {} into {}: {}", shown(&args.file), shown(&target), holds(&summary));
    Ok(())
}

/// "1234 rows (people 6, teams 3, …), schema version 6"
fn holds(summary: &BackupSummary) -> String {
    let total: u64 = summary.counts.iter().map(|(_, n)| n).sum();
    let parts: Vec<String> = summary
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(entity, n)| format!("{} {n}", entity.table().replace('_', " ")))
        .collect();
    format!("{total} rows ({}), schema version {}", parts.join(", "), summary.schema_version)
}
