//! Measures bulk insert speed: N advice ties, then N leadership acts, each streamed into one
//! transaction with `insert_stream`, among 1,000 people. Needs an empty database.
//!
//! `cargo run --release -p polylead-store --example import_speed -- <url> <rows>`

use std::time::Instant;

use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::dataset::Dataset;
use polylead_core::person::Person;
use polylead_core::record::{Record, Value};
use polylead_store::{Store, StoreError, insert_stream};

const PEOPLE: u64 = 1000;

fn text(raw: String) -> Value {
    Value::Text(raw)
}

fn build<T: Record>(values: Vec<Value>) -> Result<T, StoreError> {
    T::from_values(&values).map_err(|e| StoreError::Invalid(format!("generated {}: {e}", T::ENTITY)))
}

fn person(n: u64) -> Result<Person, StoreError> {
    let mut values = vec![Value::Null; Person::COLUMNS.len()];
    values[0] = text(format!("p{n}"));
    values[1] = text(format!("Person {n}"));
    build(values)
}

fn tie(n: u64) -> Result<AdviceTie, StoreError> {
    let seeker = n % PEOPLE;
    build(vec![
        text(format!("k{n}")),
        text(format!("p{seeker}")),
        text(format!("p{}", (seeker + 1 + n / PEOPLE % (PEOPLE - 1)) % PEOPLE)),
        Value::Text("rota".to_owned()),
        Value::Int((n % 5 + 1) as i64),
        Value::Int((n % 4 + 1) as i64),
        Value::Text("survey".to_owned()),
        Value::Text("2025-spring".to_owned()),
    ])
}

fn act(n: u64) -> Result<Act, StoreError> {
    let at =
        jiff::Timestamp::from_second(1_735_689_600 + n as i64 * 60).map_err(|e| StoreError::Invalid(e.to_string()))?;
    build(vec![
        text(format!("a{n}")),
        text(format!("p{}", n % PEOPLE)),
        Value::Null,
        Value::List(vec![format!("p{}", (n + 7) % PEOPLE), format!("p{}", (n + 13) % PEOPLE)]),
        Value::Null,
        Value::Text("execution_delivery".to_owned()),
        Value::Null,
        Value::Null,
        Value::Time(at),
        Value::Int(900),
        Value::Bool(n.is_multiple_of(3)),
        Value::Text("meeting".to_owned()),
        Value::Int((n % 4 + 1) as i64),
        Value::Null,
        Value::Null,
        Value::Text("self_log".to_owned()),
    ])
}

/// Streams `rows` in one transaction and prints the rate, commit included.
async fn measure<T: Record>(
    store: &Store,
    rows: u64,
    make: fn(u64) -> Result<T, StoreError>,
) -> Result<(), StoreError> {
    let started = Instant::now();
    let mut tx = store.begin().await?;
    // Generation errors cannot happen with these fixed shapes; skip rather than unwrap.
    let n = insert_stream(&mut tx, (0..rows).filter_map(|n| make(n).ok()), "bench", &|_, _| {}).await?;
    let inserted = started.elapsed();
    tx.commit().await?;
    let total = started.elapsed();
    println!(
        "{:<12} {n:>10} rows  {:>8.2} s  {:>9.0} rows/s  (commit {:.2} s)",
        T::ENTITY.table(),
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        (total - inserted).as_secs_f64()
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), StoreError> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(rows)) = (args.next(), args.next().and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: import_speed <database url> <rows>");
        std::process::exit(2);
    };
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    if !store.is_empty().await? {
        eprintln!("{url} already holds data: give an empty database");
        std::process::exit(2);
    }
    let people = (0..PEOPLE).map(person).collect::<Result<Vec<_>, _>>()?;
    store.import(&Dataset { people, ..Dataset::default() }, "bench", &|_, _| {}).await?;
    println!("{:?}, {PEOPLE} people", store.backend());
    measure::<AdviceTie>(&store, rows, tie).await?;
    measure::<Act>(&store, rows, act).await?;
    Ok(())
}
