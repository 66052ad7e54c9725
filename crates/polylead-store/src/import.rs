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
use crate::row::{bind, insert_sql};
use crate::{Backend, Store, StoreError, Tx, error, now};

/// The most rows one INSERT carries. Beyond a few hundred rows a statement saves no more
/// round trips worth having, and smaller statements are cheaper to prepare and bind.
const ROWS_PER_STATEMENT: usize = 1000;

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
    let mut total = 0u64;
    loop {
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
        if n == 0 {
            break;
        }
        let sql: Arc<str> = if n == per_statement {
            full_sql.get_or_insert_with(|| insert_sql(table, columns, per_statement).into()).clone()
        } else {
            insert_sql(table, columns, n).into()
        };
        sqlx::query_with(AssertSqlSafe(sql), args).execute(&mut *tx.tx).await.map_err(error::on_write(noun))?;
        total += n as u64;
        done(total);
        if n < per_statement {
            break;
        }
    }
    Ok(total)
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
    let n = insert_values(tx, T::ENTITY.noun(), table, T::COLUMNS, rows.iter().map(Record::values), |done| {
        progress(T::ENTITY, done)
    })
    .await?;
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
    let n = insert_values(tx, T::ENTITY.noun(), T::ENTITY.table(), T::COLUMNS, rows.map(|row| row.values()), |done| {
        progress(T::ENTITY, done)
    })
    .await?;
    history::append_summary(tx, now(), actor, T::ENTITY.table(), n).await?;
    Ok(n)
}
