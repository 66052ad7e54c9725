//! The append-only history of changes: who changed which row, when, from what to what.
//! Triggers on both backends refuse UPDATE and DELETE on the table.

use jiff::Timestamp;
use polylead_core::record::{Column, Kind, Value, col};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::import::insert_values;
use crate::{Page, Store, StoreError, Tx};

/// One history entry.
#[derive(Clone, PartialEq, Debug)]
pub struct Change {
    /// Position in the history; later changes have larger numbers.
    pub seq: i64,
    pub at: Timestamp,
    /// Who made the change (a user name, or `import` tooling's name).
    pub actor: String,
    /// The table changed (`Entity::table()`).
    pub entity: String,
    /// The row's key (`Record::key()`), or `*` for a bulk import summary.
    pub key: String,
    /// `create`, `update`, `delete` or `import`.
    pub action: String,
    /// The row before, as `Record::to_json()`; `None` for a creation.
    pub before: Option<String>,
    /// The row after, as `Record::to_json()`; `None` for a deletion. An import summary holds
    /// `{"rows":N}`.
    pub after: Option<String>,
    /// The decision that caused the change, if any.
    pub decision: Option<String>,
}

/// The columns written on insert (`seq` is assigned by the database).
pub(crate) const WRITTEN: &[Column] = &[
    col("at_ms", Kind::Int, true, ""),
    col("actor", Kind::Text, true, ""),
    col("entity", Kind::Text, true, ""),
    col("key", Kind::Text, true, ""),
    col("action", Kind::Text, true, ""),
    col("before_json", Kind::Text, false, ""),
    col("after_json", Kind::Text, false, ""),
    col("decision_id", Kind::Text, false, ""),
];

/// A history row to write, in [`WRITTEN`] order.
pub(crate) fn entry(at: Timestamp, actor: &str, entity: &str, key: String, action: &str, after: String) -> Vec<Value> {
    vec![
        Value::Int(at.as_millisecond()),
        actor.into(),
        entity.into(),
        Value::Text(key),
        action.into(),
        Value::Null,
        Value::Text(after),
        Value::Null,
    ]
}

/// Appends entries (built with [`entry`]) to the history.
pub(crate) async fn append(tx: &mut Tx, entries: impl Iterator<Item = Vec<Value>>) -> Result<u64, StoreError> {
    insert_values(tx, "history entry", "history", WRITTEN, entries, |_| {}).await
}

/// Appends the summary of a bulk insert: key `*`, action `import`, `{"rows":N}`.
pub(crate) async fn append_summary(
    tx: &mut Tx,
    at: Timestamp,
    actor: &str,
    table: &str,
    rows: u64,
) -> Result<(), StoreError> {
    let summary = entry(at, actor, table, "*".to_owned(), "import", format!("{{\"rows\":{rows}}}"));
    append(tx, std::iter::once(summary)).await?;
    Ok(())
}

fn change(row: &AnyRow) -> Result<Change, StoreError> {
    let at_ms: i64 = row.try_get("at_ms")?;
    Ok(Change {
        seq: row.try_get("seq")?,
        at: Timestamp::from_millisecond(at_ms)
            .map_err(|e| StoreError::Corrupt(format!("history entry has an impossible time {at_ms} ms: {e}")))?,
        actor: row.try_get("actor")?,
        entity: row.try_get("entity")?,
        key: row.try_get("key")?,
        action: row.try_get("action")?,
        before: row.try_get("before_json")?,
        after: row.try_get("after_json")?,
        decision: row.try_get("decision_id")?,
    })
}

/// Which history entries to list; empty fields do not filter.
#[derive(Clone, Default, Debug)]
pub struct HistoryFilter {
    /// Only this table (`Entity::table()`, e.g. `teams`).
    pub entity: Option<String>,
    /// Text found (case-insensitively) in the row's key or its after-image.
    pub text: Option<String>,
    /// Only changes made by this actor.
    pub actor: Option<String>,
    /// Only these rows, as (table, key) pairs; an empty list does not filter.
    pub rows: Vec<(String, String)>,
}

/// `%text%` in lower case with `%`, `_` and `\` escaped, for a case-insensitive
/// `LOWER(column) LIKE … ESCAPE '\'` that finds `text` anywhere.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// History entries matching `filter`, newest first, and how many match.
    pub async fn history_page(
        &self,
        filter: &HistoryFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Change>, StoreError> {
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        let bind = |value: String, binds: &mut Vec<String>| {
            binds.push(value);
            format!("${}", binds.len())
        };
        if let Some(entity) = &filter.entity {
            conditions.push(format!("entity = {}", bind(entity.clone(), &mut binds)));
        }
        if let Some(text) = &filter.text {
            let pattern = bind(like_pattern(text), &mut binds);
            conditions.push(format!(
                "(LOWER(\"key\") LIKE {pattern} ESCAPE '\\' OR LOWER(COALESCE(after_json, '')) LIKE {pattern} ESCAPE '\\')"
            ));
        }
        if let Some(actor) = &filter.actor {
            conditions.push(format!("actor = {}", bind(actor.clone(), &mut binds)));
        }
        if !filter.rows.is_empty() {
            let rows: Vec<String> = filter
                .rows
                .iter()
                .map(|(entity, key)| {
                    let entity = bind(entity.clone(), &mut binds);
                    format!("(entity = {entity} AND \"key\" = {})", bind(key.clone(), &mut binds))
                })
                .collect();
            conditions.push(format!("({})", rows.join(" OR ")));
        }
        let select =
            "SELECT seq, at_ms, actor, entity, \"key\", action, before_json, after_json, decision_id FROM history";
        let (rows, total) =
            self.filtered_page(select, "history", &conditions, "seq DESC", &binds, offset, limit).await?;
        let items = rows.iter().map(change).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total })
    }

    /// History entries, newest first, and how many there are in all.
    pub async fn history(&self, offset: u64, limit: u64) -> Result<Page<Change>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at_ms, actor, entity, \"key\", action, before_json, after_json, decision_id \
             FROM history ORDER BY seq DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await?;
        let items = rows.iter().map(change).collect::<Result<Vec<_>, _>>()?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM history").fetch_one(&self.reader).await?;
        Ok(Page { items, total: total.max(0) as u64 })
    }
}
