//! The schema matches the records, and both migration folders stay in step.

use std::path::Path;

use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::decision::{Decision, Response};
use polylead_core::domain::{Delegation, Domain, Rule};
use polylead_core::person::Person;
use polylead_core::record::Record;
use polylead_core::role::{Role, RoleFiller};
use polylead_core::team::Team;
use polylead_store::{Backend, migration_files};
use sqlx::Row;

use crate::TestDb;
use crate::on_both_backends;

fn sql_files(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_migration_folders_hold_the_same_files_and_all_are_embedded() {
    let sqlite = sql_files("sqlite");
    assert_eq!(
        sqlite,
        sql_files("postgres"),
        "migrations/sqlite and migrations/postgres must hold the same file names"
    );
    assert_eq!(sqlite, migration_files(), "add every migration file to FILES in src/migrations.rs");
}

/// (name, NOT NULL, position in the primary key or 0) per column, in table order.
async fn table_columns(db: &TestDb, table: &str) -> Vec<(String, bool, i64)> {
    let mut raw = db.raw().await;
    let rows = match db.store.backend() {
        Backend::Sqlite => sqlx::query("SELECT name, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid")
            .bind(table)
            .fetch_all(&mut raw)
            .await
            .unwrap(),
        Backend::Postgres => sqlx::query(
            "SELECT c.column_name::text AS name,
                    CASE WHEN c.is_nullable::text = 'NO' THEN 1 ELSE 0 END::bigint AS \"notnull\",
                    COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k
                              JOIN information_schema.table_constraints t
                                ON t.constraint_name = k.constraint_name AND t.table_schema = k.table_schema
                              WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema
                                AND k.table_name = c.table_name AND k.column_name = c.column_name), 0)::bigint AS pk
             FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.table_name = $1
             ORDER BY c.ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut raw)
        .await
        .unwrap(),
    };
    rows.iter()
        .map(|row| (row.get::<String, _>("name"), row.get::<i64, _>("notnull") != 0, row.get::<i64, _>("pk")))
        .collect()
}

async fn matches_record<T: Record>(db: &TestDb) {
    let expected: Vec<(String, bool, i64)> = T::COLUMNS
        .iter()
        .map(|column| {
            let pk = T::KEY.iter().position(|key| *key == column.name).map_or(0, |i| i as i64 + 1);
            (column.name.to_owned(), column.required || pk > 0, pk)
        })
        .collect();
    assert_eq!(table_columns(db, T::ENTITY.table()).await, expected, "table {}", T::ENTITY.table());
}

async fn every_table_has_exactly_its_records_columns(db: &TestDb) {
    matches_record::<Team>(db).await;
    matches_record::<Person>(db).await;
    matches_record::<Role>(db).await;
    matches_record::<RoleFiller>(db).await;
    matches_record::<Domain>(db).await;
    matches_record::<Rule>(db).await;
    matches_record::<Delegation>(db).await;
    matches_record::<Decision>(db).await;
    matches_record::<Response>(db).await;
    matches_record::<Act>(db).await;
    matches_record::<AdviceTie>(db).await;
}
on_both_backends!(every_table_has_exactly_its_records_columns);

async fn migrating_twice_changes_nothing(db: &TestDb) {
    db.store.migrate().await.unwrap();
    assert!(db.store.is_empty().await.unwrap());
}
on_both_backends!(migrating_twice_changes_nothing);
