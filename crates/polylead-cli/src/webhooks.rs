//! `polylead webhooks …`: register, list and remove the URLs decision events are POSTed to,
//! through the same checks as the API (`polylead_server::webhooks`).

use anyhow::Context;
use clap::{Args, Subcommand};
use polylead_server::api::webhooks::WebhookView;
use polylead_server::flow;
use polylead_server::webhooks::{NewWebhook, register, unregister};
use polylead_store::Store;

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

pub async fn run(store: &Store, args: WebhooksArgs) -> anyhow::Result<()> {
    match args.command {
        WebhookCommand::Add { url, events, secret } => {
            let webhook = register(store, NewWebhook { url, events, secret }, flow::now())
                .await
                .context("registering the webhook")?;
            let view = WebhookView::from(&webhook);
            if args.json {
                let mut value = serde_json::to_value(&view)?;
                value["secret"] = webhook.secret.clone().into();
                println!("{value}");
            } else {
                println!("{}", line(&view));
                println!("secret: {}", webhook.secret);
                eprintln!("Keep the secret now: it is not shown again. Receivers check Polylead-Signature with it.");
            }
        }
        WebhookCommand::List => {
            for webhook in store.webhooks().await.context("listing webhooks")? {
                let view = WebhookView::from(&webhook);
                if args.json {
                    println!("{}", serde_json::to_string(&view)?);
                } else {
                    println!("{}", line(&view));
                }
            }
        }
        WebhookCommand::Remove { id } => {
            unregister(store, &id).await.with_context(|| format!("removing webhook {id}"))?;
            println!("removed {id}");
        }
    }
    Ok(())
}

fn line(view: &WebhookView) -> String {
    let state = if view.active { "" } else { " (inactive)" };
    format!("{:<20} {} events={}{state}", view.id, view.url, view.events.join(","))
}
