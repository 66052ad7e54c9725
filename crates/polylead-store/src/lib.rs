//! polylead's storage: every [`Record`](polylead_core::record::Record) of the core in one table
//! of the same name and columns, on SQLite (the default, one file) or PostgreSQL (at scale),
//! through one set of portable SQL over sqlx's `Any` driver.
//!
//! Entry point: [`Store`]. Reads go through `&Store`; writes go through a [`Tx`] that the use
//! case opens with [`Store::begin`] and ends with [`Tx::commit`] (dropping it rolls back).
//!
//! Invariants:
//! - Every SQL statement runs unchanged on SQLite and PostgreSQL (`$1` placeholders, types
//!   TEXT, BIGINT and DOUBLE PRECISION/REAL only), and every public function is tested on both.
//! - Table and column names are `Entity::table()` and `Record::COLUMNS`; one generic encoder
//!   and one generic decoder turn rows into records (`row.rs`), so there is no per-entity SQL.
//! - The `history` table and the audit log are append-only, enforced by triggers on both
//!   backends. The one exception is erasing a person (`erasure.rs`), recorded in `erasures`.
//! - Foreign keys are checked at commit, so a batch may refer to rows later in the same batch.
//! - A webhook delivery is attempted by one server at a time: workers claim it with a lease
//!   (`webhooks.rs`); delivery is at least once.

mod accounts;
mod audit;
mod backup;
mod decisions;
mod erasure;
mod error;
mod governance;
mod history;
mod import;
mod migrations;
mod records;
mod row;
mod settings;
mod webhooks;

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

pub use accounts::{Account, ApiToken, Session, TokenGrant};
pub use audit::AuditEntry;
pub use backup::{BackupSummary, POSTGRES_BACKUP_HOWTO, check_backup, restore, sqlite_file};
pub use decisions::{DecisionEvent, DecisionFilter, StoredDecision, create_decision, record_step};
pub use erasure::{Erasure, erase_person};
pub use error::StoreError;
pub use governance::{apply_rows, save_change_files};
pub use history::{Change, HistoryFilter};
pub use import::insert_stream;
pub use migrations::migration_files;
pub use settings::set_setting;
pub use webhooks::{AttemptOutcome, Delivery, StoredDelivery, Webhook, add_webhook, remove_webhook};

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: a pool for reads and a pool for writes (the same pool on PostgreSQL).
#[derive(Clone)]
pub struct Store {
    /// Reads. On SQLite, several connections that read in parallel with the writer (WAL).
    reader: AnyPool,
    /// Writes. On SQLite exactly one connection (see [`Store::connect`]).
    writer: AnyPool,
    backend: Backend,
}

/// An open write transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    /// A write failed. PostgreSQL then refuses everything until rollback; SQLite would let
    /// the rows before the failure commit (bulk inserts use `INSERT OR FAIL`), so the store
    /// refuses to commit on both.
    failed: bool,
}

/// One page of rows and the number of rows in all pages.
#[derive(Clone, PartialEq, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// How long a write waits for the SQLite writer connection while another write (such as a
/// large import) holds it, before failing with a pool timeout.
const WRITER_WAIT: Duration = Duration::from_secs(120);

/// SQLite settings for the writer connection: WAL (set once, kept in the file); a page cache
/// of up to 256 MiB so that a large import does not spill half-written index pages to the
/// WAL and read them back (memory is only taken as pages are used); statement journals in
/// memory. Together these make bulk inserts about three times faster.
const SQLITE_WRITER_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;";

/// SQLite settings for every connection.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

impl Store {
    /// Connects to `url`: `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite://PATH`,
    /// `sqlite:PATH` or a bare file path for SQLite (the file is created when missing).
    /// Does not migrate: call [`Store::migrate`].
    ///
    /// SQLite runs in WAL mode with foreign keys on, a 5 s busy timeout and
    /// `synchronous=NORMAL`. SQLite allows one writer at a time, and a transaction that reads
    /// before it writes cannot wait for the lock (it fails with "database is locked" at once,
    /// whatever the busy timeout). So all writes go through a pool of exactly one connection:
    /// concurrent writers queue in the pool (up to two minutes) instead of failing, while
    /// reads use a separate pool of four connections, which WAL lets run during a write.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = AnyPoolOptions::new().max_connections(10).connect(url).await?;
            return Ok(Store { reader: pool.clone(), writer: pool, backend: Backend::Postgres });
        }
        let options = if url.starts_with("sqlite:") {
            url.parse::<SqliteConnectOptions>()?
        } else if let Some((scheme, _)) = url.split_once("://") {
            return Err(StoreError::Invalid(format!(
                "unsupported database URL scheme {scheme:?}; use postgres://…, sqlite://PATH or a file path"
            )));
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        // Through a URL because AnyConnectOptions is only built from one; the pragmas are
        // not part of that URL, so they are set after connecting.
        let options = AnyConnectOptions::from_url(&options.create_if_missing(true).to_url_lossy())?;
        let writer = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(WRITER_WAIT)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_WRITER_PRAGMAS).await?;
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        let reader = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            })
            .connect_lazy_with(options);
        Ok(Store { reader, writer, backend: Backend::Sqlite })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrations::migrator(self.backend).run(&self.writer).await?;
        Ok(())
    }

    /// Opens a write transaction. On SQLite this waits while another write is open.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(Tx { tx: self.writer.begin().await?, backend: self.backend, failed: false })
    }

    /// Closes both pools, waiting for open connections to be returned.
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

/// The time written into the history. The one place the store reads the clock: a write's
/// time is when it happens, and the API others build on takes no time parameter.
#[allow(clippy::disallowed_methods)]
pub(crate) fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

impl Tx {
    /// Makes the transaction's writes permanent. Foreign keys are checked here: a row that
    /// refers to a missing row fails the commit with [`StoreError::Invalid`] and nothing stays.
    /// A transaction in which a write failed cannot commit: it is rolled back and the
    /// commit returns [`StoreError::Invalid`].
    pub async fn commit(self) -> Result<(), StoreError> {
        if self.failed {
            self.tx.rollback().await?;
            return Err(StoreError::Invalid(
                "a write in this transaction failed, so nothing of it was saved; fix the error reported then and try again"
                    .to_owned(),
            ));
        }
        self.tx.commit().await.map_err(error::on_commit)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Marks the transaction failed and passes `error` on.
    pub(crate) fn fail(&mut self, error: impl Into<StoreError>) -> StoreError {
        self.failed = true;
        error.into()
    }
}
