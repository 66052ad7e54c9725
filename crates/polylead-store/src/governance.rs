//! Governance changes: the CSV files a change was proposed with, kept with its decision, and
//! applying a change's rows — each created or replaced, with its history under the decision.

use std::collections::BTreeMap;

use polylead_core::dataset::Dataset;
use polylead_core::ids::DecisionId;
use polylead_core::record::{Record, Value};
use sqlx::any::AnyArguments;
use sqlx::{AssertSqlSafe, Row};

use crate::history::{self, entry};
use crate::row::{bind, column_list, decode, reusable, select_columns};
use crate::{Store, StoreError, Tx, error, now};

/// Keeps the files of a proposed change with its decision.
pub async fn save_change_files(
    tx: &mut Tx,
    decision: &DecisionId,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<(), StoreError> {
    for (name, contents) in files {
        let text = String::from_utf8_lossy(contents).into_owned();
        sqlx::query("INSERT INTO governance_change_files (decision_id, file_name, contents) VALUES ($1, $2, $3)")
            .bind(decision.as_str())
            .bind(name.as_str())
            .bind(text)
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(error::on_write("governance change")(e)))?;
    }
    Ok(())
}

impl Store {
    /// The files of the change a decision carries; empty for an ordinary decision.
    pub async fn change_files(&self, decision: &DecisionId) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        let rows = sqlx::query(
            "SELECT file_name, contents FROM governance_change_files WHERE decision_id = $1 ORDER BY file_name",
        )
        .bind(decision.as_str())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(|row| Ok((row.try_get::<String, _>(0)?, row.try_get::<String, _>(1)?.into_bytes()))).collect()
    }
}

/// Creates or replaces every row of `rows` (structure entities), writing a `create` or
/// `update` history entry for each, under `decision` when the change was decided.
pub async fn apply_rows(
    tx: &mut Tx,
    rows: &Dataset,
    actor: &str,
    decision: Option<&DecisionId>,
) -> Result<(), StoreError> {
    upsert_all(tx, &rows.teams, actor, decision).await?;
    upsert_all(tx, &rows.roles, actor, decision).await?;
    upsert_all(tx, &rows.fillers, actor, decision).await?;
    upsert_all(tx, &rows.domains, actor, decision).await?;
    upsert_all(tx, &rows.rules, actor, decision).await?;
    upsert_all(tx, &rows.delegations, actor, decision).await
}

async fn upsert_all<T: Record>(
    tx: &mut Tx,
    rows: &[T],
    actor: &str,
    decision: Option<&DecisionId>,
) -> Result<(), StoreError> {
    let table = T::ENTITY.table();
    let at = now();
    for row in rows {
        let before = current::<T>(tx, &row.key()).await?;
        upsert(tx, row).await?;
        let action = if before.is_some() { "update" } else { "create" };
        let mut change = entry(at, actor, table, row.key(), action, row.to_json());
        if let Some(before) = before {
            change[5] = Value::Text(before.to_json());
        }
        if let Some(decision) = decision {
            change[7] = decision.as_str().into();
        }
        history::append(tx, std::iter::once(change)).await?;
    }
    Ok(())
}

/// The stored row with `key`, read inside the transaction.
pub(crate) async fn current<T: Record>(tx: &mut Tx, key: &str) -> Result<Option<T>, StoreError> {
    let parts: Vec<&str> = key.splitn(T::KEY.len(), '/').collect();
    let condition: Vec<String> =
        T::KEY.iter().enumerate().map(|(i, name)| format!("\"{name}\" = ${}", i + 1)).collect();
    let sql = format!("{} WHERE {}", select_columns::<T>(), condition.join(" AND "));
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for part in parts {
        query = query.bind(part);
    }
    let row = query.fetch_optional(&mut *tx.tx).await.map_err(|e| tx.fail(e))?;
    row.map(|row| decode::<T>(&row)).transpose()
}

/// `INSERT … ON CONFLICT (key) DO UPDATE SET` every other column: portable on both backends.
pub(crate) async fn upsert<T: Record>(tx: &mut Tx, row: &T) -> Result<(), StoreError> {
    let columns = T::COLUMNS;
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let updates: Vec<String> = columns
        .iter()
        .filter(|column| !T::KEY.contains(&column.name))
        .map(|column| format!("\"{0}\" = excluded.\"{0}\"", column.name))
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        T::ENTITY.table(),
        column_list(columns.iter().map(|c| c.name)),
        placeholders.join(", "),
        column_list(T::KEY.iter().copied()),
        updates.join(", ")
    );
    let mut args = AnyArguments::default();
    for (column, value) in columns.iter().zip(row.values()) {
        bind(&mut args, T::ENTITY.table(), column, value).map_err(|e| tx.fail(e))?;
    }
    sqlx::query_with(AssertSqlSafe(sql), args)
        .persistent(reusable(tx.backend, T::COLUMNS))
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(error::on_write(T::ENTITY.noun())(e)))?;
    Ok(())
}
