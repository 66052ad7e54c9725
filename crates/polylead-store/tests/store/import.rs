//! Imports are all-or-nothing; streams insert in chunks and report progress.

use std::sync::Mutex;

use polylead_core::act::Act;
use polylead_core::dataset::{Counts, Dataset};
use polylead_core::person::Person;
use polylead_core::record::{Entity, Value};
use polylead_core::team::Team;
use polylead_store::{Store, StoreError};

use crate::TestDb;
use crate::data::{organisation, row, text, time};
use crate::on_both_backends;

/// Everything a failed write must leave as it was.
async fn state(store: &Store) -> (Counts, u64, Vec<Person>, Vec<Team>) {
    (
        store.counts().await.unwrap(),
        store.history(0, 1).await.unwrap().total,
        store.page::<Person>(0, 100).await.unwrap().items,
        store.page::<Team>(0, 100).await.unwrap().items,
    )
}

fn team(id: &str, parent: Option<&str>) -> Team {
    row(vec![text(id), text(&format!("Team {id}")), Value::Null, parent.map_or(Value::Null, text)])
}

async fn a_repeated_key_fails_the_whole_import(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let before = state(store).await;
    // New rows first, so that the repeated person fails the import half-way.
    let mut batch = Dataset { teams: vec![team("t9", Some("t1"))], ..Dataset::default() };
    batch.people.push(row(vec![
        text("p1"),
        text("Someone else"),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
    ]));
    let error = store.import(&batch, "tester", &|_, _| {}).await.unwrap_err();
    let StoreError::Conflict { entity, reason } = &error else { panic!("expected a conflict, got {error:?}") };
    assert_eq!(*entity, "person");
    assert!(reason.contains("already exists in the database"), "{reason}");
    assert_eq!(state(store).await, before);
}
on_both_backends!(a_repeated_key_fails_the_whole_import);

async fn a_missing_reference_fails_the_whole_import(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let before = state(store).await;
    let batch = Dataset { teams: vec![team("t8", None), team("t9", Some("nowhere"))], ..Dataset::default() };
    let error = store.import(&batch, "tester", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
    assert!(error.to_string().contains("does not exist"), "{error}");
    assert_eq!(state(store).await, before);
    // The store is still usable after the failed commit.
    store.import(&Dataset { teams: vec![team("t8", None)], ..Dataset::default() }, "tester", &|_, _| {}).await.unwrap();
    assert_eq!(store.count(Entity::Team).await.unwrap(), 3);
}
on_both_backends!(a_missing_reference_fails_the_whole_import);

async fn a_rule_position_is_unique_per_domain(db: &TestDb) {
    let store = &db.store;
    let mut data = organisation();
    store.import(&Dataset { rules: Vec::new(), ..data.clone() }, "tester", &|_, _| {}).await.unwrap();
    let before = state(store).await;
    data.rules[0].position = 1;
    let batch = Dataset { rules: data.rules, ..Dataset::default() };
    let error = store.import(&batch, "tester", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict { entity: "rule", .. }), "{error:?}");
    assert_eq!(state(store).await, before);
}
on_both_backends!(a_rule_position_is_unique_per_domain);

fn act(n: u64) -> Act {
    row(vec![
        text(&format!("a{n:06}")),
        text(if n.is_multiple_of(2) { "p1" } else { "p2" }),
        Value::Null,
        Value::List(vec!["p3".to_owned()]),
        Value::Null,
        text("execution_delivery"),
        Value::Null,
        Value::Null,
        time("2025-01-01T00:00:00Z"),
        Value::Int(n as i64),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        text("system"),
    ])
}

async fn a_stream_inserts_in_chunks_and_reports_progress(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let reports = Mutex::new(Vec::new());
    let mut tx = store.begin().await.unwrap();
    let n = polylead_store::insert_stream(&mut tx, (0..2500).map(act), "generator", &|entity, done| {
        reports.lock().unwrap().push((entity, done));
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(n, 2500);
    assert_eq!(store.count(Entity::Act).await.unwrap(), 2502);
    let reports = reports.into_inner().unwrap();
    assert!(reports.len() >= 3, "{reports:?}");
    assert!(reports.iter().all(|(entity, _)| *entity == Entity::Act));
    assert!(reports.windows(2).all(|pair| pair[0].1 < pair[1].1), "{reports:?}");
    assert_eq!(reports.last().map(|(_, done)| *done), Some(2500));

    let latest = &store.history(0, 1).await.unwrap().items[0];
    assert_eq!(
        (latest.actor.as_str(), latest.entity.as_str(), latest.key.as_str(), latest.action.as_str()),
        ("generator", "acts", "*", "import")
    );
    assert_eq!(latest.after.as_deref(), Some(r#"{"rows":2500}"#));

    let mut seen = 0;
    store
        .for_each::<Act>(|row| {
            if row.id.as_str().starts_with("a0") {
                assert_eq!(row, act(seen));
                seen += 1;
            }
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(seen, 2500);
}
on_both_backends!(a_stream_inserts_in_chunks_and_reports_progress);

async fn a_dropped_stream_leaves_nothing(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let before = state(store).await;
    let mut tx = store.begin().await.unwrap();
    // The last act repeats a stored id: the stream fails in its second chunk.
    let acts = (0..1500).map(act).chain(std::iter::once(organisation().acts[0].clone()));
    let error = polylead_store::insert_stream(&mut tx, acts, "generator", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict { entity: "leadership act", .. }), "{error:?}");
    drop(tx);
    assert_eq!(state(store).await, before);
}
on_both_backends!(a_dropped_stream_leaves_nothing);

async fn an_error_in_for_each_stops_it(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let mut calls = 0;
    let error = store
        .for_each::<Person>(|_| {
            calls += 1;
            Err(StoreError::Invalid("stop".to_owned()))
        })
        .await
        .unwrap_err();
    assert_eq!((calls, error.to_string()), (1, "stop".to_owned()));
}
on_both_backends!(an_error_in_for_each_stops_it);

async fn a_transaction_whose_write_failed_cannot_commit(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let before = state(store).await;
    let mut tx = store.begin().await.unwrap();
    // The repeated id sits in the second chunk: on SQLite the first chunk's rows would stay.
    let acts = (0..1500).map(act).chain(std::iter::once(organisation().acts[0].clone()));
    polylead_store::insert_stream(&mut tx, acts, "generator", &|_, _| {}).await.unwrap_err();
    let error = tx.commit().await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
    assert_eq!(state(store).await, before);
}
on_both_backends!(a_transaction_whose_write_failed_cannot_commit);

/// The names of `table`'s declared indexes.
async fn indexes(db: &TestDb, table: &str) -> Vec<String> {
    let sql = match db.store.backend() {
        polylead_store::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL ORDER BY name"
        }
        polylead_store::Backend::Postgres => {
            "SELECT indexname::text FROM pg_indexes WHERE tablename = $1 AND indexname NOT LIKE '%pkey' ORDER BY indexname"
        }
    };
    sqlx::query_scalar(sql).bind(table).fetch_all(&mut db.raw().await).await.unwrap()
}

async fn a_large_stream_into_an_empty_table_keeps_its_indexes(db: &TestDb) {
    let store = &db.store;
    store.import(&Dataset { acts: Vec::new(), ..organisation() }, "tester", &|_, _| {}).await.unwrap();
    let declared = indexes(db, "acts").await;
    assert_eq!(
        declared,
        ["acts_actor_started", "acts_decision", "acts_domain", "acts_initiator", "acts_started", "acts_team"]
    );

    // A stream of unknown length into an empty table takes the bulk path; a failure in it
    // leaves the table and its indexes as they were.
    let mut n = 0;
    let failing = std::iter::from_fn(|| {
        n += 1;
        (n <= 20_001).then(|| if n == 20_001 { act(7) } else { act(n) })
    });
    let mut tx = store.begin().await.unwrap();
    polylead_store::insert_stream(&mut tx, failing, "generator", &|_, _| {}).await.unwrap_err();
    drop(tx);
    assert_eq!((store.count(Entity::Act).await.unwrap(), indexes(db, "acts").await), (0, declared.clone()));

    let mut n = 0;
    let acts = std::iter::from_fn(|| {
        n += 1;
        (n <= 20_000).then(|| act(n))
    });
    let mut tx = store.begin().await.unwrap();
    assert_eq!(polylead_store::insert_stream(&mut tx, acts, "generator", &|_, _| {}).await.unwrap(), 20_000);
    tx.commit().await.unwrap();
    assert_eq!((store.count(Entity::Act).await.unwrap(), indexes(db, "acts").await), (20_000, declared));
    assert_eq!(store.get::<Act>("a012345").await.unwrap(), Some(act(12345)));

    // The foreign keys still hold after the bulk path.
    let mut stray = act(99_999);
    stray.actor = "nobody".parse().unwrap();
    let error =
        store.import(&Dataset { acts: vec![stray], ..Dataset::default() }, "tester", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
    assert_eq!(store.count(Entity::Act).await.unwrap(), 20_000);
}
on_both_backends!(a_large_stream_into_an_empty_table_keeps_its_indexes);

async fn concurrent_writers_queue_instead_of_failing(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let writer = store.clone();
        tasks.push(tokio::spawn(async move {
            let store = writer;
            // Read, then write, in one transaction: the pattern that fails at once with
            // "database is locked" when two SQLite connections write.
            let mut tx = store.begin().await?;
            polylead_store::set_setting(&mut tx, &format!("key{i}"), "value", "test").await?;
            polylead_store::insert_stream(
                &mut tx,
                std::iter::once(team(&format!("c{i}"), Some("t1"))),
                "tester",
                &|_, _| {},
            )
            .await?;
            tx.commit().await?;
            store.counts().await.map(|_| ())
        }));
        let reader = store.clone();
        tasks.push(tokio::spawn(async move { reader.page::<Team>(0, 100).await.map(|_| ()) }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(store.count(Entity::Team).await.unwrap(), 10);
    assert_eq!(store.setting("key7").await.unwrap().as_deref(), Some("value"));
}
on_both_backends!(concurrent_writers_queue_instead_of_failing);

fn person(n: usize, superior: Option<usize>) -> Person {
    row(vec![
        text(&format!("q{n:05}")),
        text(&format!("Person {n}")),
        Value::Null,
        Value::Null,
        Value::Null,
        superior.map_or(Value::Null, |s| text(&format!("q{s:05}"))),
        text(if n.is_multiple_of(2) { "t1" } else { "t2" }),
        Value::Null,
        Value::Null,
    ])
}

async fn a_large_import_takes_the_bulk_path_for_every_big_table(db: &TestDb) {
    let store = &db.store;
    let mut data = organisation();
    // Superiors later in the batch, and teams whose own foreign-key checks are still pending.
    data.people.extend((0..12_000).map(|n| person(n, (n < 11_999).then_some(n + 1))));
    data.acts.extend((0..12_000).map(act));
    store.import(&data, "tester", &|_, _| {}).await.unwrap();
    assert_eq!(store.counts().await.unwrap(), data.counts());
    assert_eq!(store.get::<Person>("q00005").await.unwrap(), Some(person(5, Some(6))));

    // A big batch into the now non-empty tables takes the ordinary path and still checks.
    let more = Dataset { people: (20_000..32_000).map(|n| person(n, Some(99_999))).collect(), ..Dataset::default() };
    let error = store.import(&more, "tester", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
    assert_eq!(store.counts().await.unwrap(), data.counts());
}
on_both_backends!(a_large_import_takes_the_bulk_path_for_every_big_table);

async fn a_bulk_load_with_a_missing_reference_fails_whole(db: &TestDb) {
    let store = &db.store;
    let mut data = organisation();
    data.people.extend((0..12_000).map(|n| person(n, Some(if n == 11_000 { 99_999 } else { n + 1 }))));
    let error = store.import(&data, "tester", &|_, _| {}).await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
    assert!(store.is_empty().await.unwrap());
    assert_eq!(store.history(0, 1).await.unwrap().total, 0);
}
on_both_backends!(a_bulk_load_with_a_missing_reference_fails_whole);
