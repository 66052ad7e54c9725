//! `polylead demo`: generates a realistic organisation with a year of history, stores it, and
//! serves it.

use std::net::SocketAddr;

use anyhow::{Context, bail};
use clap::Args;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use polylead_core::account::AccountRole;
use polylead_core::dataset::Dataset;
use polylead_core::demo::{self, DemoSpec, Profile};
use polylead_core::ids::PersonId;
use polylead_core::setting::{ORGANISATION_NAME, Setting};
use polylead_core::text::Keyword;
use polylead_server::auth::password::{check_new_password, hash_password};
use polylead_server::auth::tokens::generate_password;
use polylead_store::Store;

use crate::import::{store_dataset, summary};
use crate::{describe, open, progress, serve};

#[derive(Args)]
#[command(after_help = "\
Profiles:
  care     self-managing nursing teams of 10-12 with coaches and a small back office
  school   a leadership team, departments, year teams and teacher leaders
  lattice  project teams with sponsors and guilds; people in several teams

The same --seed and --until always give the same organisation. --people up to 100000
(about 1M advice ties and 10M leadership acts) takes a few minutes.")]
pub struct DemoArgs {
    /// Kind of organisation: care, school or lattice.
    #[arg(long, default_value = "care")]
    profile: Profile,
    /// Number of people.
    #[arg(long, default_value_t = 240, value_parser = clap::value_parser!(u32).range(5..=1_000_000))]
    people: u32,
    /// Seed for the generator; the same seed gives the same organisation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The generated year of history ends as this day begins, YYYY-MM-DD (default: today).
    #[arg(long)]
    until: Option<Date>,
    /// Delete the SQLite database file first, if it exists.
    #[arg(long)]
    fresh: bool,
    /// Create the organisation and exit instead of serving it.
    #[arg(long)]
    no_serve: bool,
    /// Address to serve on.
    #[arg(long, env = "POLYLEAD_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The password of every demo account (at least 10 characters); a random one when absent.
    /// Everyone who has not left gets an account; the person at the top is admin.
    #[arg(long, env = "POLYLEAD_DEMO_PASSWORD")]
    password: Option<String>,
}

pub async fn run(url: &str, args: DemoArgs) -> anyhow::Result<()> {
    if args.fresh {
        delete_sqlite_file(url)?;
    }
    let store = open(url).await?;
    if store.is_empty().await.context("checking whether the database is empty")? {
        let data = create(&store, &args).await?;
        sign_up(&store, &data, args.password.clone(), args.addr).await?;
    } else {
        println!(
            "{} already holds an organisation; showing it as it is (add --fresh to create a new demo).",
            describe(url)
        );
        println!(
            "Sign in with the password printed when it was created, or give someone a new one: \
             polylead accounts password PERSON"
        );
    }
    if args.no_serve {
        return Ok(());
    }
    serve::run(store, args.addr).await
}

async fn create(store: &Store, args: &DemoArgs) -> anyhow::Result<Dataset> {
    let until = match args.until {
        Some(day) => day.to_zoned(TimeZone::UTC).context("converting --until")?.timestamp(),
        None => today(),
    };
    let spec = DemoSpec { profile: args.profile, people: args.people, seed: args.seed, until };
    let spinner = progress::spinner("generating the organisation");
    let mut data = demo::generate(&spec).context("generating the demo organisation")?;
    let name = Keyword::parse(ORGANISATION_NAME)?;
    data.settings.push(Setting { key: name, value: demo::organisation_name(&spec) });
    spinner.finish_and_clear();
    store_dataset(store, &data, "demo").await?;
    let bar = progress::bar(demo::expected_acts(&spec), "leadership acts");
    let mut tx = store.begin().await?;
    let acts =
        polylead_store::insert_stream(&mut tx, demo::acts(&spec, &data), "demo", &|_, done| bar.set_position(done))
            .await
            .context("storing the leadership acts")?;
    tx.commit().await.context("committing the leadership acts")?;
    bar.finish_and_clear();
    println!(
        "Created {} ({} profile, seed {}): {}, {acts} leadership acts.",
        demo::organisation_name(&spec),
        args.profile,
        args.seed,
        summary(&data)
    );
    Ok(data)
}

/// Gives everyone in `data` who has not left an account with one password (the person at the
/// top is admin) and prints how to sign in.
async fn sign_up(store: &Store, data: &Dataset, password: Option<String>, addr: SocketAddr) -> anyhow::Result<()> {
    let password = match password {
        Some(password) => password,
        None => generate_password()?,
    };
    check_new_password(&password)?;
    let admin = data.people.iter().find(|person| person.superior.is_none() && person.left.is_none());
    let people: Vec<(PersonId, AccountRole)> = data
        .people
        .iter()
        .filter(|person| person.left.is_none())
        .map(|person| {
            let is_admin = admin.is_some_and(|admin| admin.id == person.id);
            (person.id.clone(), if is_admin { AccountRole::Admin } else { AccountRole::Member })
        })
        .collect();
    let hash = hash_password(password.clone()).await?;
    let created = store.add_missing_accounts(&people, &hash, polylead_server::flow::now()).await?;
    if let Some(admin) = admin {
        println!(
            "Sign in at http://{addr}/sign-in as {} ({}, admin), or as any of the {created} people by their id, \
             with the password: {password}",
            admin.id, admin.name
        );
    }
    Ok(())
}

/// The start of today, UTC: the demo's history ends here unless --until says otherwise.
/// The one place the CLI reads the clock.
#[allow(clippy::disallowed_methods)]
fn today() -> Timestamp {
    let now = Timestamp::now();
    now.to_zoned(TimeZone::UTC).start_of_day().map(|start| start.timestamp()).unwrap_or(now)
}

fn delete_sqlite_file(url: &str) -> anyhow::Result<()> {
    if url.starts_with("postgres") {
        bail!(
            "--fresh only deletes SQLite files; for PostgreSQL, create a new empty database and point --database-url at it"
        );
    }
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{path}{suffix}");
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error).with_context(|| format!("deleting {file}")),
        }
    }
    Ok(())
}
