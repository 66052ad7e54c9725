//! The schema migrations, embedded in the binary. Each file exists in `migrations/sqlite/`
//! and `migrations/postgres/` under the same name; the tests check that both folders and
//! this list agree. To add one: write both files, then add a line to [`FILES`].
//!
//! Embedded with `include_str!` rather than `sqlx::migrate!`, which needs sqlx's `macros`
//! feature: that feature builds sqlx's drivers (and the bundled SQLite C library) a second
//! time for the proc-macro, and turns on sqlx's offline (serde) support for the whole
//! workspace. The applied migrations are recorded in `_sqlx_migrations` exactly as
//! `migrate!` would (same versions and checksums), so switching later changes nothing.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::Backend;

/// (file name, SQLite SQL, PostgreSQL SQL), in order.
const FILES: &[(&str, &str, &str)] = &[
    (
        "0001_organisation.sql",
        include_str!("../migrations/sqlite/0001_organisation.sql"),
        include_str!("../migrations/postgres/0001_organisation.sql"),
    ),
    (
        "0002_history.sql",
        include_str!("../migrations/sqlite/0002_history.sql"),
        include_str!("../migrations/postgres/0002_history.sql"),
    ),
    (
        "0003_reference_indexes.sql",
        include_str!("../migrations/sqlite/0003_reference_indexes.sql"),
        include_str!("../migrations/postgres/0003_reference_indexes.sql"),
    ),
    (
        "0004_decision_flow.sql",
        include_str!("../migrations/sqlite/0004_decision_flow.sql"),
        include_str!("../migrations/postgres/0004_decision_flow.sql"),
    ),
    (
        "0005_webhooks.sql",
        include_str!("../migrations/sqlite/0005_webhooks.sql"),
        include_str!("../migrations/postgres/0005_webhooks.sql"),
    ),
    (
        "0006_governance_changes.sql",
        include_str!("../migrations/sqlite/0006_governance_changes.sql"),
        include_str!("../migrations/postgres/0006_governance_changes.sql"),
    ),
    (
        "0007_accounts.sql",
        include_str!("../migrations/sqlite/0007_accounts.sql"),
        include_str!("../migrations/postgres/0007_accounts.sql"),
    ),
    (
        "0008_audit.sql",
        include_str!("../migrations/sqlite/0008_audit.sql"),
        include_str!("../migrations/postgres/0008_audit.sql"),
    ),
    (
        "0009_password_resets.sql",
        include_str!("../migrations/sqlite/0009_password_resets.sql"),
        include_str!("../migrations/postgres/0009_password_resets.sql"),
    ),
    (
        "0010_erasures.sql",
        include_str!("../migrations/sqlite/0010_erasures.sql"),
        include_str!("../migrations/postgres/0010_erasures.sql"),
    ),
];

/// The migration file names this build embeds, in order.
pub fn migration_files() -> Vec<&'static str> {
    FILES.iter().map(|(name, _, _)| *name).collect()
}

/// The migrator for `backend`: version = the file name's leading number, description = the
/// rest of the name (as `sqlx::migrate!` derives them).
pub(crate) fn migrator(backend: Backend) -> Migrator {
    let migrations = FILES
        .iter()
        .map(|(name, sqlite, postgres)| {
            let stem = name.trim_end_matches(".sql");
            let (version, description) = stem.split_once('_').unwrap_or((stem, ""));
            let sql = match backend {
                Backend::Sqlite => *sqlite,
                Backend::Postgres => *postgres,
            };
            Migration::new(
                version.parse().unwrap_or(0),
                Cow::Owned(description.replace('_', " ")),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}
