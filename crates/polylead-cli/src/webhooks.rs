//! `polylead webhooks …`: register, list and remove the URLs decision events are POSTed to,
//! through the same checks as the API (`polylead_server::webhooks`), or through a server's API
//! with `--server` (an admin's token).

use anyhow::Context;
use clap::{Args, Subcommand};
use polylead_server::api::webhooks::{CreatedWebhookView, WebhookRequest, WebhookView};
use polylead_server::flow;
use polylead_server::webhooks::{NewWebhook, register, unregister};

use crate::Source;
use crate::remote::encode;

#[derive(Args)]
pub struct WebhooksArgs {
    #[command(subcommand)]
    command: WebhookCommand,
    /// Print JSON (the API's shapes) instead of text.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Register URL (http://…): from now on, decision events are POSTed to it, signed with a
    /// secret shown once (header Polylead-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
    /// "<t>.<body>">), and retried with backoff until it answers 2xx.
    Add {
        url: String,
        /// Event kinds to send, comma-separated (e.g. decided,escalated); all when absent.
        #[arg(long, value_delimiter = ',')]
        events: Vec<String>,
        /// The signing secret (16 to 200 characters); a random one when absent.
        #[arg(long)]
        secret: Option<String>,
    },
    /// List the webhooks (never their secrets).
    List,
    /// Remove a webhook; its pending deliveries are dropped.
    Remove { id: String },
}

pub async fn run(source: &Source, args: WebhooksArgs) -> anyhow::Result<()> {
    match args.command {
        WebhookCommand::Add { url, events, secret } => {
            let created = match source {
                Source::Database(state) => {
                    let webhook = register(&state.store, NewWebhook { url, events, secret }, flow::now())
                        .await
                        .context("registering the webhook")?;
                    CreatedWebhookView { webhook: WebhookView::from(&webhook), secret: webhook.secret }
                }
                Source::Server(remote) => remote.post("/webhooks", &WebhookRequest { url, events, secret }).await?,
            };
            if args.json {
                let mut value = serde_json::to_value(&created.webhook)?;
                value["secret"] = created.secret.clone().into();
                println!("{value}");
            } else {
                println!("{}", line(&created.webhook));
                println!("secret: {}", created.secret);
                eprintln!("Keep the secret now: it is not shown again. Receivers check Polylead-Signature with it.");
            }
        }
        WebhookCommand::List => {
            let webhooks: Vec<WebhookView> = match source {
                Source::Database(state) => {
                    state.store.webhooks().await.context("listing webhooks")?.iter().map(WebhookView::from).collect()
                }
                Source::Server(remote) => remote.get("/webhooks").await?,
            };
            for view in &webhooks {
                if args.json {
                    println!("{}", serde_json::to_string(view)?);
                } else {
                    println!("{}", line(view));
                }
            }
        }
        WebhookCommand::Remove { id } => {
            match source {
                Source::Database(state) => {
                    unregister(&state.store, &id).await.with_context(|| format!("removing webhook {id}"))?;
                }
                Source::Server(remote) => remote.delete(&format!("/webhooks/{}", encode(&id))).await?,
            }
            println!("removed {id}");
        }
    }
    Ok(())
}

fn line(view: &WebhookView) -> String {
    let state = if view.active { "" } else { " (inactive)" };
    format!("{:<20} {} events={}{state}", view.id, view.url, view.events.join(","))
}
