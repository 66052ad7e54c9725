//! `polylead audit`: the audit log, newest first (admins; see `polylead_server::api::audit`).

use clap::Args;
use polylead_server::api::audit::{AuditPageView, AuditQuery, audit_page};

use crate::Source;
use crate::remote::query;

#[derive(Args)]
pub struct AuditArgs {
    /// Only entries about this subject: a person id, a token id or an API path.
    #[arg(long)]
    subject: Option<String>,
    /// How many entries, 1 to 1000.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Only entries before this position (the "older:" line of the previous page).
    #[arg(long)]
    before: Option<i64>,
    /// Print JSON (the API's shape) instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(source: &Source, args: AuditArgs) -> anyhow::Result<()> {
    let audit = AuditQuery { subject: args.subject, before: args.before, limit: Some(args.limit) };
    let page: AuditPageView = match source {
        Source::Database(state) => audit_page(&state.store, &audit).await?,
        Source::Server(remote) => {
            let pairs = [
                ("subject", audit.subject),
                ("before", audit.before.map(|seq| seq.to_string())),
                ("limit", audit.limit.map(|limit| limit.to_string())),
            ];
            remote.get(&format!("/audit{}", query(&pairs))).await?
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    if page.entries.is_empty() {
        println!("No audit entries.");
    }
    for entry in &page.entries {
        let at = entry.at.get(..16).unwrap_or(&entry.at).replace('T', " ");
        let subject = entry.subject.as_deref().map_or_else(String::new, |subject| format!(" [{subject}]"));
        println!("{:>6}  {at} UTC  {}  {}{subject}: {}", entry.seq, entry.actor, entry.action, entry.detail);
    }
    if let Some(before) = page.next_before {
        println!("older: polylead audit --before {before}");
    }
    Ok(())
}
