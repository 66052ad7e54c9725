//! Writing many records fast: multi-row `INSERT … VALUES (…), (…)` statements as large as
//! the backend's bind-parameter limit allows (capped, see [`ROWS_PER_STATEMENT`]), with the
//! SQL text of a full chunk built once and reused, so each backend prepares it only once.

use std::sync::Arc;

use jiff::Timestamp;
use polylead_core::dataset::Dataset;
use polylead_core::record::{Column, Entity, Record, Value};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyArguments;

use crate::history::{self, entry};
use crate::row::{bind, insert_sql, reusable};
use crate::{Backend, Store, StoreError, Tx, error, now};

/// The most rows one INSERT carries. Beyond a few hundred rows a statement saves no more
/// round trips worth having, and smaller statements are cheaper to prepare and bind.
const ROWS_PER_STATEMENT: usize = 1000;

/// From how many rows a load into an empty table rebuilds its indexes afterwards.
const BULK_ROWS: usize = 10_000;

/// Bind parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER and the
/// PostgreSQL protocol's 16-bit parameter count.
fn max_binds(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 32_766,
        Backend::Postgres => 65_535,
    }
}

/// Inserts `rows` (values in `columns` order) into `table` in chunks, calling `done` with
/// the rows inserted so far after each chunk. `noun` names the entity in conflict messages.
/// The next chunk's values are bound while the database executes the current one.
/// On error the transaction is marked failed, so that it can no longer commit.
pub(crate) async fn insert_values(
    tx: &mut Tx,
    noun: &'static str,
    table: &str,
    columns: &'static [Column],
    mut rows: impl Iterator<Item = Vec<Value>>,
    mut done: impl FnMut(u64),
) -> Result<u64, StoreError> {
    let per_statement = (max_binds(tx.backend) / columns.len()).clamp(1, ROWS_PER_STATEMENT);
    let mut full_sql: Option<Arc<str>> = None;
    let reusable = reusable(tx.backend, columns);
    let mut total = 0u64;
    let mut chunk = next_chunk(&mut rows, table, columns, per_statement);
    loop {
        let (args, n) = match chunk {
            Ok((_, 0)) => break,
            Ok(built) => built,
            Err(error) => return Err(tx.fail(error)),
        };
        let sql: Arc<str> = if n == per_statement {
            full_sql.get_or_insert_with(|| insert_sql(tx.backend, table, columns, per_statement).into()).clone()
        } else {
            insert_sql(tx.backend, table, columns, n).into()
        };
        let last = n < per_statement;
        let execute = sqlx::query_with(AssertSqlSafe(sql), args).persistent(reusable).execute(&mut *tx.tx);
        let build = async {
            if last { Ok((AnyArguments::default(), 0)) } else { next_chunk(&mut rows, table, columns, per_statement) }
        };
        let (executed, built) = futures_util::join!(execute, build);
        if let Err(error) = executed {
            return Err(tx.fail(error::on_write(noun)(error)));
        }
        total += n as u64;
        done(total);
        chunk = built;
    }
    Ok(total)
}

/// Binds up to `per_statement` rows; returns the arguments and the number of rows.
fn next_chunk(
    rows: &mut impl Iterator<Item = Vec<Value>>,
    table: &str,
    columns: &'static [Column],
    per_statement: usize,
) -> Result<(AnyArguments, usize), StoreError> {
    let mut args = AnyArguments::default();
    let mut n = 0;
    while n < per_statement {
        let Some(values) = rows.next() else { break };
        if values.len() != columns.len() {
            return Err(StoreError::Invalid(format!(
                "{table}: a row has {} values for {} columns (a bug in the record's values())",
                values.len(),
                columns.len()
            )));
        }
        for (column, value) in columns.iter().zip(values) {
            bind(&mut args, table, column, value)?;
        }
        n += 1;
    }
    Ok((args, n))
}

/// Inserts `T` rows (as values). When `many` rows may come and the table is empty, the
/// table's secondary indexes (and on PostgreSQL its foreign keys) are dropped first and
/// created again at the end, inside the same transaction: building an index by sorting, and
/// checking a foreign key with one join, is far faster than millions of single-row index
/// inserts and checks (see BENCH.md). SQLite keeps the indexes of tables that foreign keys
/// refer to (see [`is_referenced`]). Nothing changes for readers on SQLite (WAL shows them
/// the last commit); on PostgreSQL they wait for that (empty) table until the commit.
/// Foreign keys re-added on PostgreSQL are checked at once, not at commit, so a bulk load
/// must come after the rows it refers to (as `Entity::ALL` order guarantees).
async fn insert_records<T: Record>(
    tx: &mut Tx,
    rows: impl Iterator<Item = Vec<Value>>,
    many: bool,
    progress: &(dyn Fn(Entity, u64) + Sync),
) -> Result<u64, StoreError> {
    let table = T::ENTITY.table();
    let bulk =
        many && is_empty(tx, table).await? && (tx.backend == Backend::Postgres || !is_referenced(tx, table).await?);
    let rebuild = if bulk { drop_indexes(tx, table).await? } else { Vec::new() };
    let n = insert_values(tx, T::ENTITY.noun(), table, T::COLUMNS, rows, |done| progress(T::ENTITY, done)).await?;
    for sql in rebuild {
        let created = sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx.tx).await;
        created.map_err(|e| tx.fail(error::on_write(T::ENTITY.noun())(e)))?;
    }
    Ok(n)
}

/// Whether a foreign key refers to `table` (SQLite). While a deferred violation is pending,
/// SQLite looks up the children of every row inserted into a referenced table, through the
/// child columns' indexes, so those must stay (for people, whose superiors are people).
async fn is_referenced(tx: &mut Tx, table: &str) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT 1 FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f \
         WHERE m.type = 'table' AND f.\"table\" = $1 LIMIT 1",
    )
    .bind(table)
    .fetch_optional(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    Ok(row.is_some())
}

async fn is_empty(tx: &mut Tx, table: &str) -> Result<bool, StoreError> {
    let sql = format!("SELECT 1 FROM {table} LIMIT 1");
    let row = sqlx::query(AssertSqlSafe(sql)).fetch_optional(&mut *tx.tx).await.map_err(|e| tx.fail(e))?;
    Ok(row.is_none())
}

/// Drops the declared indexes of `table` (not its primary key) and, on PostgreSQL, its
/// foreign keys; returns the SQL that creates them again, indexes first. On PostgreSQL the
/// checks deferred so far are run first, so rows already written must be complete.
async fn drop_indexes(tx: &mut Tx, table: &str) -> Result<Vec<String>, StoreError> {
    // (name, SQL that creates it)
    let found: Vec<(String, String)> = match tx.backend {
        Backend::Sqlite => sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL ORDER BY name",
        ),
        Backend::Postgres => sqlx::query_as(
            "SELECT indexname::text, indexdef::text FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename = $1
               AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::text::regclass)
             ORDER BY indexname",
        ),
    }
    .bind(table)
    .fetch_all(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    let mut steps: Vec<(String, String)> =
        found.into_iter().map(|(name, create)| (format!("DROP INDEX \"{name}\""), create)).collect();
    if tx.backend == Backend::Postgres {
        // PostgreSQL refuses to alter a table (this one, or one it refers to) while deferred
        // checks on it are pending: run them now. Constraints are deferred again afterwards.
        sqlx::query("SET CONSTRAINTS ALL IMMEDIATE")
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(error::on_commit(e)))?;
        let keys: Vec<(String, String)> = sqlx::query_as(
            "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = $1::text::regclass AND contype = 'f' ORDER BY conname",
        )
        .bind(table)
        .fetch_all(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
        steps.extend(keys.into_iter().map(|(name, definition)| {
            (
                format!("ALTER TABLE {table} DROP CONSTRAINT \"{name}\""),
                format!("ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}"),
            )
        }));
    }
    let restore = match tx.backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some("SET CONSTRAINTS ALL DEFERRED".to_owned()),
    };
    let mut rebuild = Vec::with_capacity(steps.len());
    for (drop, create) in steps {
        sqlx::query(AssertSqlSafe(drop)).execute(&mut *tx.tx).await.map_err(|e| tx.fail(e))?;
        rebuild.push(create);
    }
    rebuild.extend(restore);
    Ok(rebuild)
}

/// Inserts records and their history: one `create` entry per row for structure entities,
/// one `import` summary otherwise. Nothing for an empty slice.
async fn import_rows<T: Record>(
    tx: &mut Tx,
    rows: &[T],
    actor: &str,
    at: Timestamp,
    progress: &(dyn Fn(Entity, u64) + Sync),
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let table = T::ENTITY.table();
    let many = rows.len() >= BULK_ROWS;
    let n = insert_records::<T>(tx, rows.iter().map(Record::values), many, progress).await?;
    if T::ENTITY.is_structure() {
        let entries = rows.iter().map(|row| entry(at, actor, table, row.key(), "create", row.to_json()));
        history::append(tx, entries).await?;
    } else {
        history::append_summary(tx, at, actor, table, n).await?;
    }
    Ok(())
}

impl Store {
    /// Stores every row of `data` in one transaction, in `Entity::ALL` order, with its
    /// history (see [`Entity::is_structure`]): on any error nothing stays. `progress(entity,
    /// rows_done)` is called after each chunk. Check the batch first with
    /// `data.check(&store.known().await?)`: the database only catches repeated keys and
    /// missing references, and names the row less precisely.
    pub async fn import(
        &self,
        data: &Dataset,
        actor: &str,
        progress: &(dyn Fn(Entity, u64) + Sync),
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        import_rows(&mut tx, &data.settings, actor, at, progress).await?;
        import_rows(&mut tx, &data.teams, actor, at, progress).await?;
        import_rows(&mut tx, &data.people, actor, at, progress).await?;
        import_rows(&mut tx, &data.roles, actor, at, progress).await?;
        import_rows(&mut tx, &data.fillers, actor, at, progress).await?;
        import_rows(&mut tx, &data.domains, actor, at, progress).await?;
        import_rows(&mut tx, &data.rules, actor, at, progress).await?;
        import_rows(&mut tx, &data.delegations, actor, at, progress).await?;
        import_rows(&mut tx, &data.decisions, actor, at, progress).await?;
        import_rows(&mut tx, &data.responses, actor, at, progress).await?;
        import_rows(&mut tx, &data.acts, actor, at, progress).await?;
        import_rows(&mut tx, &data.ties, actor, at, progress).await?;
        tx.commit().await
    }
}

/// Streams `rows` into the open transaction `tx` without holding them all (the demo's
/// millions of acts), then appends one history summary (`*`, `import`, `{"rows":N}`).
/// A free function over the caller's transaction (R6: the use case owns it):
/// `insert_stream(&mut tx, rows, actor, &progress)`, then `tx.commit()`.
/// Returns the number of rows inserted.
pub async fn insert_stream<T: Record>(
    tx: &mut Tx,
    rows: impl Iterator<Item = T>,
    actor: &str,
    progress: &(dyn Fn(Entity, u64) + Sync),
) -> Result<u64, StoreError> {
    let (at_least, at_most) = rows.size_hint();
    let many = at_least >= BULK_ROWS || at_most.is_none_or(|at_most| at_most >= BULK_ROWS);
    let n = insert_records::<T>(tx, rows.map(|row| row.values()), many, progress).await?;
    history::append_summary(tx, now(), actor, T::ENTITY.table(), n).await?;
    Ok(n)
}
