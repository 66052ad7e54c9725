//! `polylead`, the one shipped binary: it parses the command line, reads the environment and
//! files, and drives the store and server. The only crate that may use `anyhow`.

mod accounts;
mod analyze;
mod audit;
mod backup;
mod decisions;
mod demo;
mod erase;
mod export;
mod import;
mod network_export;
mod progress;
mod raci;
mod remote;
mod serve;
mod stats;
mod trends;
mod webhooks;
mod what_if;
mod who_decides;

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use polylead_core::setting::ORGANISATION_NAME;
use polylead_server::AppState;
use polylead_store::Store;

use crate::remote::Remote;

const EXAMPLES: &str = "\
Examples:
  polylead demo                              create a demo organisation in polylead.db and serve it
  polylead demo --profile school --people 800 --no-serve
  polylead init --name \"Riverside Care\"      create an empty database
  polylead import data/                      import people.csv, teams.csv, … (all or nothing)
  polylead import --study fixtures/krackhardt-hightech --team-column department
  polylead export backup/                    write every entity to backup/*.csv
  polylead backup polylead-backup.db         a consistent copy while serving (restore: polylead restore)
  polylead network-export advice.gexf        the advice network for Gephi (or .graphml)
  polylead stats                             what the database holds
  polylead who-decides --domain budget --amount 800 --scope ward3 --as cleo
  polylead decisions propose --as cleo --domain rota --title \"Two nurses every night\"
  polylead decisions inbox --as ben          what waits on ben
  polylead raci --team ward3 --format csv    who is responsible, accountable, consulted, informed
  polylead decisions advise d1a2b3 --as ben --text \"Start in March\"
  polylead webhooks add http://hooks.example.org/polylead --events decided,escalated
  polylead analyze --window 12w --team ward3  the leadership report (--format json|csv|html)
  polylead trends --months 24 --format csv   the activity figures per month
  polylead what-if --leave ana,dita          what breaks if they leave (--move-domain rota --to lead,
                                             --key-players 3; --json)
  polylead serve --addr 0.0.0.0:8080         serve the web app and the JSON API
  polylead erase cleo --yes                  erase a person: a pseudonym everywhere, history included
  polylead audit --subject ana               who viewed or was refused what (admins)
  polylead --server https://lead.example.org --token plt_… decisions inbox   ask a server instead

The database is polylead.db (SQLite) unless --database-url or POLYLEAD_DATABASE_URL names
another file or a PostgreSQL server (postgres://user@host/db). With --server (POLYLEAD_SERVER)
and an API token (--token, POLYLEAD_TOKEN), who-decides, experts, decisions, raci, analyze,
trends, what-if, webhooks, erase and audit ask that server's API instead, as the token's person.
CSV columns are documented in docs/csv.md.";

/// polylead: who decides, whom to ask, and how leadership is really distributed.
#[derive(Parser)]
#[command(name = "polylead", version, after_help = EXAMPLES)]
struct Cli {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    remote: RemoteArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct DatabaseArgs {
    /// The database: an SQLite file (sqlite://polylead.db, or a path) or postgres://user@host/db.
    #[arg(long, global = true, env = "POLYLEAD_DATABASE_URL", default_value = "sqlite://polylead.db")]
    database_url: String,
}

#[derive(Args)]
struct RemoteArgs {
    /// Ask this polylead server's API (http://host:port or https://…) instead of opening the
    /// database; needs --token.
    #[arg(long, global = true, env = "POLYLEAD_SERVER", value_name = "URL")]
    server: Option<String>,
    /// The API token (plt_…) for --server, from `polylead tokens create` or your person page;
    /// you act as its person.
    #[arg(long, global = true, env = "POLYLEAD_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database (or bring its schema up to date) and name the organisation.
    Init {
        /// The organisation's name, shown on every page.
        #[arg(long)]
        name: Option<String>,
    },
    /// Import an organisation from CSV files; nothing is stored unless every row is valid.
    Import(import::ImportArgs),
    /// Write every entity to one CSV file each in DIR, ready to import elsewhere.
    Export(export::ExportArgs),
    /// Create a realistic demo organisation with a year of history, then serve it.
    Demo(demo::DemoArgs),
    /// Serve the web app and the JSON API (/api/v1) until Ctrl-C.
    Serve(ServeArgs),
    /// Show what the database holds.
    Stats(stats::StatsArgs),
    /// Who decides a decision, by which process, whom to ask and inform, by when, and why.
    WhoDecides(who_decides::WhoDecidesArgs),
    /// Who knows about a subject: people ranked by skills, roles, and the decisions and advice
    /// they took part in, each with the reasons.
    Experts(who_decides::ExpertsArgs),
    /// Propose, list, show and take decisions (advice, consent, objections, review).
    Decisions(decisions::DecisionsArgs),
    /// Export the decision rights as a RACI matrix (Markdown or CSV), per team or for all.
    Raci(raci::RaciArgs),
    /// Send decision events to other systems: signed HTTP POSTs, retried with backoff.
    Webhooks(webhooks::WebhooksArgs),
    /// Diagnose how leadership is distributed: headline figures with what each means, bottleneck
    /// people, single points of failure, teams missing contribution types, informal vs formal.
    Analyze(analyze::AnalyzeArgs),
    /// The headline activity figures (N_eff, Gini*, engagement, decision latency) per month.
    Trends(trends::TrendsArgs),
    /// Write the advice network as GraphML or GEXF with person and team attributes.
    NetworkExport(network_export::NetworkExportArgs),
    /// What breaks if people leave, what changes if a domain moves to another role, and whose
    /// leaving fragments the organisation most.
    WhatIf(what_if::WhatIfArgs),
    /// Write a consistent copy of the SQLite database to FILE, also while it is being served.
    Backup(backup::BackupArgs),
    /// Check a backup, then replace the SQLite database with it (stop the server first).
    Restore(backup::RestoreArgs),
    /// Who may sign in, with which role (admin, member, observer); new passwords.
    Accounts(accounts::AccountsArgs),
    /// API tokens: create (shown once), list, revoke.
    Tokens(accounts::TokensArgs),
    /// The audit log, newest first: views of person-level analytics, refusals, reset links,
    /// erasures and structure changes made without a decision.
    Audit(audit::AuditArgs),
    /// Erase a person (privacy): their id becomes a pseudonym and their name, e-mail and skills
    /// go from every row, the history and the audit log; decisions, acts and ties stay.
    Erase(erase::EraseArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; use 0.0.0.0:8080 to accept connections from other machines.
    #[arg(long, env = "POLYLEAD_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let database_url_given = matches.value_source("database_url") == Some(ValueSource::CommandLine);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, database_url_given)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where a command that works both ways gets its answers: the database, or a server's API.
pub enum Source {
    Database(AppState),
    Server(Remote),
}

async fn run(cli: Cli, database_url_given: bool) -> anyhow::Result<()> {
    let url = cli.database.database_url;
    if let Some(server) = cli.remote.server {
        if database_url_given {
            bail!("give --server or --database-url, not both: with --server the server's own database is used");
        }
        if let Some(name) = cli.command.database_only() {
            bail!("`polylead {name}` works on the database directly; drop --server");
        }
        let remote = Remote::new(&server, cli.remote.token.as_deref())?;
        return cli.command.run_on(&Source::Server(remote)).await;
    }
    match cli.command {
        Command::Init { name } => {
            let store = open(&url).await?;
            if let Some(name) = name {
                let mut tx = store.begin().await?;
                polylead_store::set_setting(&mut tx, ORGANISATION_NAME, &name, "cli").await?;
                tx.commit().await.context("saving the organisation's name")?;
            }
            println!("Database ready: {}", describe(&url));
            Ok(())
        }
        Command::Import(args) => import::run(&open(&url).await?, args).await,
        Command::Export(args) => export::run(&open(&url).await?, args).await,
        Command::Demo(args) => demo::run(&url, args).await,
        Command::Serve(args) => serve::run(open(&url).await?, args.addr).await,
        Command::Stats(args) => stats::run(&open(&url).await?, &url, args).await,
        Command::NetworkExport(args) => network_export::run(&open(&url).await?, args).await,
        Command::Backup(args) => backup::backup(&url, args).await,
        Command::Restore(args) => backup::restore(&url, args).await,
        Command::Accounts(args) => accounts::accounts(&open(&url).await?, args).await,
        Command::Tokens(args) => accounts::tokens(&open(&url).await?, args).await,
        command => command.run_on(&Source::Database(AppState::new(open(&url).await?))).await,
    }
}

impl Command {
    /// The name of a command that only works on the database (no API covers it), if this is one.
    fn database_only(&self) -> Option<&'static str> {
        match self {
            Command::Init { .. } => Some("init"),
            Command::Import(_) => Some("import"),
            Command::Export(_) => Some("export"),
            Command::Demo(_) => Some("demo"),
            Command::Serve(_) => Some("serve"),
            Command::Stats(_) => Some("stats"),
            Command::NetworkExport(_) => Some("network-export"),
            Command::Backup(_) => Some("backup"),
            Command::Restore(_) => Some("restore"),
            Command::Accounts(_) => Some("accounts"),
            Command::Tokens(_) => Some("tokens"),
            Command::Decisions(args) => args.database_only(),
            Command::WhoDecides(_)
            | Command::Webhooks(_)
            | Command::Experts(_)
            | Command::Raci(_)
            | Command::Analyze(_)
            | Command::Trends(_)
            | Command::WhatIf(_)
            | Command::Erase(_)
            | Command::Audit(_) => None,
        }
    }

    /// Runs a command that works on the database and on a server alike.
    async fn run_on(self, source: &Source) -> anyhow::Result<()> {
        match self {
            Command::WhoDecides(args) => who_decides::run(source, args).await,
            Command::Experts(args) => who_decides::experts(source, args).await,
            Command::Decisions(args) => decisions::run(source, args).await,
            Command::Webhooks(args) => webhooks::run(source, args).await,
            Command::Raci(args) => raci::run(source, args).await,
            Command::Analyze(args) => analyze::run(source, args).await,
            Command::Trends(args) => trends::run(source, args).await,
            Command::WhatIf(args) => what_if::run(source, args).await,
            Command::Erase(args) => erase::run(source, args).await,
            Command::Audit(args) => audit::run(source, args).await,
            other => {
                let name = other.database_only().unwrap_or("this command");
                bail!("`polylead {name}` works on the database directly; drop --server")
            }
        }
    }
}

/// Connects and brings the schema up to date.
async fn open(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url).await.with_context(|| format!("opening the database {}", describe(url)))?;
    store.migrate().await.with_context(|| format!("updating the schema of {}", describe(url)))?;
    Ok(store)
}

/// The database URL without any password, for messages.
fn describe(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) if rest.contains('@') => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            let user = rest.split(['@', ':']).next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        _ => url.to_owned(),
    }
}

/// A path given on the command line, for messages.
fn shown(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// Starts logging for long-running commands (`serve`, `demo`). `RUST_LOG` overrides the level;
/// `POLYLEAD_LOG_FORMAT=json` writes one JSON object per line.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if std::env::var("POLYLEAD_LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
