//! Backing up and restoring an SQLite database file.
//!
//! A backup is `VACUUM INTO` a temporary file beside the destination: one read transaction,
//! so it is a consistent snapshot while the server keeps writing (WAL lets both run). The
//! copy is synced, checked and only then renamed to its name, so a crash never leaves a
//! half-written backup under that name.
//!
//! A restore first copies the backup to a temporary file beside the target and checks that
//! copy (SQLite's `integrity_check`, a polylead schema no newer than this build, data that
//! loads and passes [`Dataset::check`]); only then does it sync the copy and rename it over
//! the target, so the target is either the old database or the restored one, never a mix.
//! The server must be stopped during a restore: one that still has the target open is
//! detected (it holds a lock on the file) and the restore refuses.
//!
//! PostgreSQL has its own tools (`pg_dump`, `pg_restore`); both functions say how to use them.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use polylead_core::dataset::{Counts, Dataset, Known};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteLockingMode};
use sqlx::{Connection, Row};

use crate::{Backend, Store, StoreError};

/// How to back up and restore PostgreSQL, for the errors of [`Store::backup_to`] and
/// [`restore`] (docs/backup.md says the same).
pub const POSTGRES_BACKUP_HOWTO: &str = "polylead backup and polylead restore handle SQLite files; \
     for PostgreSQL use its own tools, which make a consistent online backup: \
     `pg_dump --format=custom --file=polylead.dump \"$POLYLEAD_DATABASE_URL\"` to back up, and \
     with the server stopped `pg_restore --clean --if-exists --no-owner --dbname=\"$POLYLEAD_DATABASE_URL\" polylead.dump` \
     to restore (see docs/backup.md)";

/// What a checked backup holds.
#[derive(Clone, PartialEq, Debug)]
pub struct BackupSummary {
    /// Rows per entity.
    pub counts: Counts,
    /// The latest schema migration applied to it (see [`crate::migration_files`]).
    pub schema_version: i64,
}

impl Store {
    /// Writes a consistent copy of this SQLite database to `file`, replacing any file of that
    /// name, while other connections may keep reading and writing. Returns what the copy
    /// holds. On PostgreSQL: [`StoreError::Invalid`] naming `pg_dump`.
    pub async fn backup_to(&self, file: &Path) -> Result<BackupSummary, StoreError> {
        if self.backend == Backend::Postgres {
            return Err(StoreError::Invalid(POSTGRES_BACKUP_HOWTO.to_owned()));
        }
        let temporary = temporary_beside(file)?;
        if let Some(directory) = file.parent().filter(|parent| !parent.as_os_str().is_empty())
            && !directory.is_dir()
        {
            return Err(StoreError::Invalid(format!(
                "the directory {} does not exist; create it first",
                directory.display()
            )));
        }
        remove_if_present(&temporary)?;
        let written = async {
            sqlx::query("VACUUM INTO $1")
                .bind(temporary.to_string_lossy().into_owned())
                .execute(&self.reader)
                .await
                .map_err(|e| StoreError::Invalid(format!("writing the backup {}: {e}", temporary.display())))?;
            sync_file(&temporary)?;
            check_copy(file, &temporary).await
        }
        .await;
        let summary = match written {
            Ok(summary) => summary,
            Err(error) => {
                remove_with_logs(&temporary);
                return Err(error);
            }
        };
        std::fs::rename(&temporary, file).map_err(|e| io_error("renaming the backup into place", file, e))?;
        sync_directory_of(file)?;
        Ok(summary)
    }
}

/// The SQLite file a database URL names (`sqlite://PATH`, `sqlite:PATH` or a bare path).
/// A PostgreSQL URL is [`StoreError::Invalid`] saying to use `pg_dump`/`pg_restore`.
pub fn sqlite_file(url: &str) -> Result<PathBuf, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(StoreError::Invalid(POSTGRES_BACKUP_HOWTO.to_owned()));
    }
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)?;
        return Ok(options.get_filename().to_path_buf());
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return Err(StoreError::Invalid(format!(
            "unsupported database URL scheme {scheme:?}; use sqlite://PATH or a file path"
        )));
    }
    Ok(PathBuf::from(url))
}

/// Checks the SQLite file `file` without changing it: SQLite's integrity check, that it is a
/// polylead database with a schema this build knows, and that its data loads and passes
/// [`Dataset::check`]. Works on a private copy, so neither the file nor a live `-wal` log
/// beside it is touched.
pub async fn check_backup(file: &Path) -> Result<BackupSummary, StoreError> {
    let temporary = temporary_beside(&std::env::temp_dir().join(file_name(file)?))?;
    copy_backup(file, &temporary)?;
    let summary = check_copy(file, &temporary).await;
    remove_with_logs(&temporary);
    summary
}

/// Replaces the SQLite database `target` with the backup `backup`, after checking the backup
/// (as [`check_backup`] does). On any error the target is left as it was. Refuses while
/// another process has the target open.
pub async fn restore(backup: &Path, target: &Path) -> Result<BackupSummary, StoreError> {
    let temporary = temporary_beside(target)?;
    remove_with_logs(&temporary);
    let restored = async {
        copy_backup(backup, &temporary)?;
        let summary = check_copy(backup, &temporary).await?;
        sync_file(&temporary)?;
        release_target(target).await?;
        Ok(summary)
    }
    .await;
    let summary = match restored {
        Ok(summary) => summary,
        Err(error) => {
            remove_with_logs(&temporary);
            return Err(error);
        }
    };
    for log in logs_of(target) {
        remove_if_present(&log)?;
    }
    std::fs::rename(&temporary, target)
        .map_err(|e| io_error("renaming the restored database into place", target, e))?;
    sync_directory_of(target)?;
    Ok(summary)
}

/// Copies `backup` to `copy`, refusing a missing file and a live database (one with a
/// non-empty `-wal` log beside it, whose latest changes the file alone lacks).
fn copy_backup(backup: &Path, copy: &Path) -> Result<(), StoreError> {
    let metadata = std::fs::metadata(backup).map_err(|e| {
        StoreError::Invalid(format!("cannot read the backup {}: {e}; check the path", backup.display()))
    })?;
    if !metadata.is_file() {
        return Err(StoreError::Invalid(format!("the backup {} is not a file", backup.display())));
    }
    let [wal, _] = logs_of(backup);
    if std::fs::metadata(&wal).is_ok_and(|log| log.len() > 0) {
        return Err(StoreError::Invalid(format!(
            "{} has a write-ahead log {} beside it: it is a database in use, not a backup; \
             make a backup of it with polylead backup and restore that",
            backup.display(),
            wal.display()
        )));
    }
    std::fs::copy(backup, copy).map_err(|e| io_error("copying the backup", copy, e))?;
    Ok(())
}

/// Checks the private copy `copy` of `backup` (named in messages).
async fn check_copy(backup: &Path, copy: &Path) -> Result<BackupSummary, StoreError> {
    let shown = backup.display();
    let options = SqliteConnectOptions::new().filename(copy).create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|e| unreadable(backup, e))?;
    let checked = check_schema(&mut conn, backup).await;
    conn.close().await?;
    let schema_version = checked?;
    let store = Store::connect(&copy.to_string_lossy()).await?;
    let loaded = load(&store).await;
    store.close().await;
    let data = loaded.map_err(|e| {
        StoreError::Corrupt(format!("{shown} is damaged: its data does not load ({e}); use another backup"))
    })?;
    let problems = data.check(&Known::default());
    if let Some(first) = problems.first() {
        return Err(StoreError::Corrupt(format!(
            "{shown} is inconsistent: {} problem(s), the first in {} row {}: {} — {}; use another backup",
            problems.len(),
            first.entity.table(),
            first.index + 1,
            first.column,
            first.reason
        )));
    }
    Ok(BackupSummary { counts: data.counts(), schema_version })
}

/// SQLite's integrity check and polylead's schema version, on a connection to a copy of
/// `backup`.
async fn check_schema(conn: &mut SqliteConnection, backup: &Path) -> Result<i64, StoreError> {
    let shown = backup.display();
    let damaged = |detail: String| {
        StoreError::Corrupt(format!("{shown} is damaged: SQLite's integrity check says {detail}; use another backup"))
    };
    // The first read: a file that is not SQLite fails here ("file is not a database").
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| unreadable(backup, e))?;
    let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(20)")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| damaged(e.to_string()))?;
    if report != ["ok"] {
        return Err(damaged(report.join("; ")));
    }
    let violations = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await?;
    if let Some(row) = violations.first() {
        let table: String = row.try_get(0)?;
        return Err(damaged(format!("{} row(s) refer to missing rows, the first in table {table}", violations.len())));
    }
    if !tables.iter().any(|name| name == "_sqlx_migrations") || !tables.iter().any(|name| name == "decisions") {
        return Err(StoreError::Invalid(format!(
            "{shown} is an SQLite database but not a polylead one (it has no polylead schema); \
             give a file written by polylead backup"
        )));
    }
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut *conn).await?;
    let known = latest_migration();
    match applied {
        Some(version) if version > known => Err(StoreError::Invalid(format!(
            "{shown} was written by a newer polylead (schema version {version}; this polylead knows up to \
             {known}); restore it with that version of polylead or upgrade"
        ))),
        Some(version) => Ok(version),
        None => Err(StoreError::Invalid(format!(
            "{shown} is an SQLite database but not a polylead one (no schema migration was ever applied); \
             give a file written by polylead backup"
        ))),
    }
}

/// The first read of `backup` failed: SQLite says the file is damaged (SQLITE_CORRUPT) or
/// that it is not a database at all.
fn unreadable(backup: &Path, error: sqlx::Error) -> StoreError {
    const SQLITE_CORRUPT: i64 = 11;
    let code = match &error {
        sqlx::Error::Database(db) => db.code().and_then(|code| code.parse::<i64>().ok()).map(|code| code & 0xff),
        _ => None,
    };
    if code == Some(SQLITE_CORRUPT) {
        return StoreError::Corrupt(format!("{} is damaged ({error}); use another backup", backup.display()));
    }
    StoreError::Invalid(format!(
        "{} is not an SQLite database ({error}); give a file written by polylead backup",
        backup.display()
    ))
}

/// The whole organisation, as [`check_backup`] checks it.
async fn load(store: &Store) -> Result<Dataset, StoreError> {
    let mut data = store.structure().await?;
    data.decisions = store.all().await?;
    data.responses = store.all().await?;
    data.acts = store.all().await?;
    data.ties = store.all().await?;
    Ok(data)
}

/// The number of the newest migration this build embeds.
fn latest_migration() -> i64 {
    crate::migration_files()
        .iter()
        .filter_map(|name| name.split('_').next().and_then(|number| number.parse().ok()))
        .max()
        .unwrap_or(0)
}

/// Makes sure no other process has `target` open, and folds its write-ahead log into the
/// file so that removing the log loses nothing. A missing target is fine.
async fn release_target(target: &Path) -> Result<(), StoreError> {
    if !target.exists() {
        return Ok(());
    }
    let shown = target.display();
    // In WAL mode every open connection holds a shared lock on the file for its whole life,
    // so an exclusive lock is only granted when nobody else has the database open.
    let options = SqliteConnectOptions::new()
        .filename(target)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|e| {
        StoreError::Invalid(format!("cannot open the target {shown} ({e}); it must be an SQLite database or absent"))
    })?;
    let released = async {
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await?;
        sqlx::query("COMMIT").execute(&mut conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await?;
        Ok::<(), sqlx::Error>(())
    }
    .await;
    conn.close().await?;
    released.map_err(|e| {
        StoreError::Invalid(format!(
            "the target {shown} is in use ({e}); stop polylead serve (and anything else using it), then restore again"
        ))
    })
}

/// `path` with a temporary name in the same directory (so renaming it over `path` is atomic).
fn temporary_beside(path: &Path) -> Result<PathBuf, StoreError> {
    let name = file_name(path)?;
    Ok(path.with_file_name(format!(".{name}.{}.partial", std::process::id())))
}

fn file_name(path: &Path) -> Result<String, StoreError> {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| StoreError::Invalid(format!("{} does not name a file", path.display())))
}

/// The `-wal` and `-shm` files SQLite keeps beside a database in WAL mode.
fn logs_of(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("removing", path, e)),
    }
}

/// Removes a temporary database and its logs, ignoring what is already gone.
fn remove_with_logs(path: &Path) {
    let _ = std::fs::remove_file(path);
    for log in logs_of(path) {
        let _ = std::fs::remove_file(log);
    }
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    File::open(path).and_then(|file| file.sync_all()).map_err(|e| io_error("syncing", path, e))
}

/// Syncs the directory holding `path`, so that a rename into it survives a power loss.
fn sync_directory_of(path: &Path) -> Result<(), StoreError> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(directory).and_then(|dir| dir.sync_all()).map_err(|e| io_error("syncing the directory", directory, e))
}

fn io_error(what: &str, path: &Path, error: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("{what} {}: {error}", path.display()))
}
