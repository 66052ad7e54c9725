//! `polylead stats`: what the database holds.

use anyhow::Context;
use clap::Args;
use polylead_core::record::json_string;
use polylead_core::setting::ORGANISATION_NAME;
use polylead_store::Store;

use crate::describe;

#[derive(Args)]
pub struct StatsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(store: &Store, url: &str, args: StatsArgs) -> anyhow::Result<()> {
    let counts = store.counts().await.context("counting rows")?;
    let name = store.setting(ORGANISATION_NAME).await.context("reading the organisation's name")?;
    if args.json {
        let members: Vec<String> = counts.iter().map(|(entity, n)| format!("\"{}\":{n}", entity.table())).collect();
        let name = name.map_or("null".to_owned(), |name| json_string(&name));
        println!("{{\"organisation\":{name},\"counts\":{{{}}}}}", members.join(","));
        return Ok(());
    }
    println!("{}", name.as_deref().unwrap_or("(unnamed organisation)"));
    println!("database: {}", describe(url));
    for (entity, n) in counts {
        println!("  {:<20} {n:>12}", entity.table().replace('_', " "));
    }
    Ok(())
}
