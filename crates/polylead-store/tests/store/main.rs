//! The store's tests, each run on SQLite (a temporary file) and on PostgreSQL (a fresh
//! database from `POLYLEAD_TEST_POSTGRES_URL`; skipped when unset, except under CI=true).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod data;
mod decisions;
mod erasure;
mod history;
mod import;
mod read;
mod schema;
mod webhooks;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use polylead_store::Store;
use sqlx::Connection;

/// A migrated store on a database of its own, dropped at the end.
pub struct TestDb {
    pub store: Store,
    /// A URL that reaches the same database, for raw SQL the store does not offer.
    pub url: String,
    /// SQLite: the folder holding the file.
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the server URL to drop the database from, and its name.
    postgres: Option<(String, String)>,
}

const POSTGRES_VAR: &str = "POLYLEAD_TEST_POSTGRES_URL";

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("polylead.db");
        let url = format!("sqlite://{}", path.display());
        let store = Store::connect(path.to_str().unwrap()).await.unwrap();
        store.migrate().await.unwrap();
        TestDb { store, url, _dir: Some(dir), postgres: None }
    }

    /// `None` (with a note) when PostgreSQL is not configured, outside CI.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(server) = std::env::var(POSTGRES_VAR) else {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!(
                    "{POSTGRES_VAR} is not set, and CI=true requires the PostgreSQL tests: set it to a \
                     server URL whose user may create databases, e.g. \
                     {POSTGRES_VAR}=postgres://postgres@127.0.0.1:5432/postgres"
                );
            }
            eprintln!("note: {POSTGRES_VAR} is not set; skipping the PostgreSQL case");
            return None;
        };
        let name = format!("test_{:016x}", RandomState::new().build_hasher().finish());
        let mut admin = sqlx::postgres::PgConnection::connect(&server).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        let url = with_database(&server, &name);
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestDb { store, url, _dir: None, postgres: Some((server, name)) })
    }

    /// Runs `case` on this database, then drops the database even when the case panicked.
    pub async fn run<F, Fut>(self, case: F)
    where
        F: FnOnce(TestDb) -> Fut,
        Fut: Future<Output = TestDb>,
    {
        let store = self.store.clone();
        let postgres = self.postgres.clone();
        let outcome = AssertUnwindSafe(case(self)).catch_unwind().await;
        store.close().await;
        if let Some((server, name)) = postgres {
            let mut admin = sqlx::postgres::PgConnection::connect(&server).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut admin)
                .await
                .unwrap();
        }
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }

    /// A raw connection to the same database.
    pub async fn raw(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&self.url).await.unwrap()
    }
}

/// `server` with its database name replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').map_or((server, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs `async fn case(db: &TestDb)` on SQLite and on PostgreSQL (R8).
#[macro_export]
macro_rules! on_both_backends {
    ($case:ident) => {
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                $crate::TestDb::sqlite()
                    .await
                    .run(|db| async move {
                        super::$case(&db).await;
                        db
                    })
                    .await
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::TestDb::postgres().await else { return };
                db.run(|db| async move {
                    super::$case(&db).await;
                    db
                })
                .await
            }
        }
    };
}
