//! `polylead accounts …` and `polylead tokens …`: who may sign in with which role, and their
//! API tokens. Run on the server's machine (they open the database directly), so they are how
//! the first admin is made.

use std::io::Read;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use polylead_core::account::{AccountRole, TokenScope};
use polylead_core::ids::PersonId;
use polylead_server::api::tokens::TokenView;
use polylead_server::auth::tokens::{
    NewToken, change_password, create_account, create_token, generate_password, issue_reset_link,
};
use polylead_server::flow;
use polylead_store::Store;

#[derive(Args)]
#[command(after_help = "\
Examples:
  polylead accounts add ana --role admin          # prints a new password for Ana
  polylead accounts add ben --password-stdin < pw.txt
  polylead accounts set-role ben observer
  polylead accounts password ana                  # a new password; signs Ana out everywhere
  polylead accounts reset-link ana --base-url https://polylead.example.org
  polylead accounts list")]
pub struct AccountsArgs {
    #[command(subcommand)]
    command: AccountCommand,
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Let PERSON sign in (with their person id or e-mail address) with ROLE.
    Add {
        person: PersonId,
        /// admin (everything, including structure changes and accounts), member (acts within
        /// the decision rights) or observer (reads only).
        #[arg(long, default_value = "member")]
        role: AccountRole,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts with their roles and lockouts.
    List,
    /// Change the role of PERSON's account.
    SetRole { person: PersonId, role: AccountRole },
    /// Give PERSON a new password (generated, or from standard input) and sign them out.
    Password {
        person: PersonId,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a single-use link (valid 24 hours) where PERSON sets a new password themselves.
    ResetLink {
        person: PersonId,
        /// The address people open polylead at.
        #[arg(long, env = "POLYLEAD_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
}

pub async fn accounts(store: &Store, args: AccountsArgs) -> anyhow::Result<()> {
    match args.command {
        AccountCommand::Add { person, role, password_stdin } => {
            let (password, generated) = password(password_stdin)?;
            create_account(store, &person, role, password.clone(), flow::now())
                .await
                .with_context(|| format!("creating the account of {person}"))?;
            println!("{person} may now sign in as {role}.");
            if generated {
                println!("password: {password}");
                eprintln!("Give the password to {person} in person or by a private channel; it is not shown again.");
            }
        }
        AccountCommand::List => {
            for account in store.accounts().await.context("listing accounts")? {
                let locked = match account.locked_until {
                    Some(until) if until > flow::now() => format!("  locked until {until}"),
                    _ => String::new(),
                };
                println!("{:<20} {:<9}{locked}", account.person.as_str(), account.role.as_str());
            }
        }
        AccountCommand::SetRole { person, role } => {
            store.set_account_role(&person, role).await.with_context(|| format!("changing the role of {person}"))?;
            println!("{person} is now {role}.");
        }
        AccountCommand::Password { person, password_stdin } => {
            let (password, generated) = password(password_stdin)?;
            change_password(store, &person, password.clone())
                .await
                .with_context(|| format!("changing the password of {person}"))?;
            println!("{person} has a new password and was signed out everywhere.");
            if generated {
                println!("password: {password}");
            }
        }
        AccountCommand::ResetLink { person, base_url } => {
            let path = issue_reset_link(store, &person, "cli", flow::now())
                .await
                .with_context(|| format!("issuing a reset link for {person}"))?;
            println!("{}{path}", base_url.trim_end_matches('/'));
            eprintln!("Send the link to {person} privately: it works once, for 24 hours.");
        }
    }
    Ok(())
}

/// The password from standard input (first line), or a generated one.
fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((generate_password()?, true));
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).context("reading the password from standard input")?;
    let line = text.lines().next().unwrap_or_default().to_owned();
    if line.is_empty() {
        bail!(
            "standard input held no password; pipe one in, e.g. `polylead accounts add ana --password-stdin < pw.txt`"
        );
    }
    Ok((line, false))
}

#[derive(Args)]
#[command(after_help = "\
Examples:
  polylead tokens create ana --name \"laptop CLI\" --scope read --days 30
  curl -H \"Authorization: Bearer plt_…\" http://127.0.0.1:8080/api/v1/people
  polylead tokens list ana
  polylead tokens revoke tok_3f2a9c0d1e4b5a6c")]
pub struct TokensArgs {
    #[command(subcommand)]
    command: TokenCommand,
    /// Print JSON (the API's shapes) instead of text.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for PERSON; the secret is printed once.
    Create {
        person: PersonId,
        /// What it is for.
        #[arg(long, default_value = "command line")]
        name: String,
        /// read (GET requests only) or write (everything the account's role allows).
        #[arg(long, default_value = "read")]
        scope: TokenScope,
        /// Days until it expires (1 to 365).
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// List PERSON's tokens (never their secrets).
    List { person: PersonId },
    /// Revoke a token: it is refused from now on.
    Revoke { id: String },
}

pub async fn tokens(store: &Store, args: TokensArgs) -> anyhow::Result<()> {
    match args.command {
        TokenCommand::Create { person, name, scope, days } => {
            let (token, secret) = create_token(store, NewToken { person, name, scope, days }, flow::now())
                .await
                .context("creating the token")?;
            if args.json {
                let mut value = serde_json::to_value(TokenView::from(&token))?;
                value["secret"] = secret.into();
                println!("{value}");
            } else {
                println!("{}  {}  {}  expires {}", token.id, token.scope, token.name, token.expires_at);
                println!("secret: {secret}");
                eprintln!("Keep the secret now: it is not shown again. Send it as `Authorization: Bearer <secret>`.");
            }
        }
        TokenCommand::List { person } => {
            for token in store.tokens(&person).await.context("listing tokens")? {
                if args.json {
                    println!("{}", serde_json::to_string(&TokenView::from(&token))?);
                    continue;
                }
                let state = match (token.revoked_at, token.expires_at <= flow::now()) {
                    (Some(at), _) => format!("revoked {at}"),
                    (None, true) => "expired".to_owned(),
                    (None, false) => format!("expires {}", token.expires_at),
                };
                let used = token.last_used_at.map_or("never used".to_owned(), |at| format!("last used {at}"));
                println!("{}  {:<5}  {}  {state}, {used}", token.id, token.scope.as_str(), token.name);
            }
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(&id, flow::now()).await.with_context(|| format!("revoking token {id}"))?;
            println!("{id} is revoked.");
        }
    }
    Ok(())
}
