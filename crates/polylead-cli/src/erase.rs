//! `polylead erase`: an admin erases a person (see `polylead_server::privacy::erase`).

use anyhow::bail;
use clap::Args;
use polylead_core::ids::PersonId;
use polylead_server::api::erasure::ErasureView;

use crate::Source;
use crate::remote::encode;

#[derive(Args)]
pub struct EraseArgs {
    /// The id of the person to erase.
    person: String,
    /// Confirm: an erasure cannot be undone (a backup made before it still holds the person).
    #[arg(long)]
    yes: bool,
    /// Print what changed as JSON (the API's shape).
    #[arg(long)]
    json: bool,
}

pub async fn run(source: &Source, args: EraseArgs) -> anyhow::Result<()> {
    let person = PersonId::parse(&args.person)?;
    if !args.yes {
        bail!(
            "erasing {person} replaces their id, name, e-mail and skills everywhere, the history included, and \
             cannot be undone; run again with --yes to erase them"
        );
    }
    let erasure: ErasureView = match source {
        Source::Database(state) => polylead_server::privacy::erase(&state.store, &person, "cli").await?.into(),
        Source::Server(remote) => remote.post(&format!("/people/{}/erasure", encode(person.as_str())), &()).await?,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&erasure)?);
        return Ok(());
    }
    let listed = |items: &[String]| if items.is_empty() { "none".to_owned() } else { items.join(", ") };
    println!("Erased {person}: they are now {} (\"Erased person\").", erasure.pseudonym);
    println!(
        "Rewritten: {} cells, {} history entries, {} audit entries.",
        erasure.renamed.values().sum::<u64>(),
        erasure.history_entries,
        erasure.audit_entries
    );
    println!(
        "Removed: their account, sessions and tokens; role fillings: {}; delegations to them: {}.",
        listed(&erasure.removed_fillings),
        listed(&erasure.removed_delegations)
    );
    println!("Free text that names them (decision titles, advice, rationales) is kept as written; edit it if needed.");
    Ok(())
}
