//! `polylead export`: every entity to one CSV file each, streamed in key order, so that an
//! import into an empty database gives back exactly the same files.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use indicatif::ProgressBar;
use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::csv_file::{cells, header};
use polylead_core::decision::{Decision, Response};
use polylead_core::domain::{Delegation, Domain, Rule};
use polylead_core::person::Person;
use polylead_core::record::{Entity, Record};
use polylead_core::role::{Role, RoleFiller};
use polylead_core::setting::Setting;
use polylead_core::team::Team;
use polylead_store::{Store, StoreError};

use crate::{progress, shown};

#[derive(Args)]
pub struct ExportArgs {
    /// Directory to write the CSV files to (created if missing).
    dir: PathBuf,
    /// Overwrite CSV files already in DIR.
    #[arg(long)]
    force: bool,
}

pub async fn run(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.dir).with_context(|| format!("creating {}", shown(&args.dir)))?;
    if !args.force {
        let existing: Vec<String> =
            Entity::ALL.iter().map(|entity| entity.file_name()).filter(|name| args.dir.join(name).exists()).collect();
        if !existing.is_empty() {
            bail!(
                "{} already holds {}; choose an empty directory or add --force to overwrite",
                shown(&args.dir),
                existing.join(", ")
            );
        }
    }
    let counts = store.counts().await.context("counting rows")?;
    let total = counts.iter().map(|(_, n)| n).sum();
    let bar = progress::bar(total, "exporting");
    write::<Setting>(store, &args.dir, &bar).await?;
    write::<Team>(store, &args.dir, &bar).await?;
    write::<Person>(store, &args.dir, &bar).await?;
    write::<Role>(store, &args.dir, &bar).await?;
    write::<RoleFiller>(store, &args.dir, &bar).await?;
    write::<Domain>(store, &args.dir, &bar).await?;
    write::<Rule>(store, &args.dir, &bar).await?;
    write::<Delegation>(store, &args.dir, &bar).await?;
    write::<Decision>(store, &args.dir, &bar).await?;
    write::<Response>(store, &args.dir, &bar).await?;
    write::<Act>(store, &args.dir, &bar).await?;
    write::<AdviceTie>(store, &args.dir, &bar).await?;
    bar.finish_and_clear();
    println!("Exported {total} rows to {} ({} files)", shown(&args.dir), Entity::ALL.len());
    Ok(())
}

async fn write<T: Record>(store: &Store, dir: &Path, bar: &ProgressBar) -> anyhow::Result<()> {
    let path = dir.join(T::ENTITY.file_name());
    let file = File::create(&path).with_context(|| format!("creating {}", shown(&path)))?;
    let mut writer = csv::Writer::from_writer(BufWriter::new(file));
    writer.write_record(header::<T>()).with_context(|| format!("writing {}", shown(&path)))?;
    store
        .for_each(|row: T| {
            bar.inc(1);
            writer
                .write_record(cells(&row))
                .map_err(|error| StoreError::Invalid(format!("writing {}: {error}", shown(&path))))
        })
        .await
        .with_context(|| format!("exporting {}", T::ENTITY))?;
    writer.flush().with_context(|| format!("writing {}", shown(&path)))?;
    Ok(())
}
