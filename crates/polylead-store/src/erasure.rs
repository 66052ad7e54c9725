//! Erasing a person: one transaction that replaces their id with a pseudonym in every row,
//! history entry, decision event, governance file and audit entry, empties their personal
//! fields, and ends what they held (their account, role fillings and delegations not yet
//! ended). It runs under the one sanctioned exception to the append-only history and audit
//! log, recorded in `erasures` (see `migrations/*/0010_erasures.sql`).

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use polylead_core::dataset::columns;
use polylead_core::domain::{Delegation, Rule};
use polylead_core::erasure::{ERASED_NAME, PERSON_REFERENCES, PERSONAL_COLUMNS, Reference, person_columns};
use polylead_core::ids::PersonId;
use polylead_core::person::Person;
use polylead_core::record::{Entity, Record, Value, json_string};
use polylead_core::role::RoleFiller;
use serde_json::value::RawValue;
use sqlx::{AssertSqlSafe, Row};

use crate::governance::{current, upsert};
use crate::history::{self, entry};
use crate::records::key_columns;
use crate::row::{column_list, decode, order_by_key, select_columns};
use crate::{StoreError, Tx, now};

/// What an erasure changed.
#[derive(Clone, PartialEq, Debug)]
pub struct Erasure {
    /// The id the person's rows, history and acts now carry.
    pub pseudonym: PersonId,
    /// Cells renamed, per table and column (`acts.actor_id`), including the person's own row.
    pub renamed: BTreeMap<String, u64>,
    /// History entries rewritten.
    pub history_entries: u64,
    /// Audit entries rewritten (before the erasure's own entry was added).
    pub audit_entries: u64,
    /// The roles the person no longer fills.
    pub removed_fillings: Vec<String>,
    /// The delegations to the person that had not ended, removed.
    pub removed_delegations: Vec<String>,
}

/// Erases `person` for `actor` (an admin): see the module documentation. Refused while the
/// person is named in a rule (who decides, is consulted, informed or escalated to), because
/// that would change the decision rights: those change by governance first.
pub async fn erase_person(
    tx: &mut Tx,
    person: &PersonId,
    pseudonym: &PersonId,
    actor: &str,
) -> Result<Erasure, StoreError> {
    let at = now();
    let Some(stored) = current::<Person>(tx, person.as_str()).await? else {
        return Err(StoreError::NotFound { entity: "person", key: person.to_string() });
    };
    if current::<Person>(tx, pseudonym.as_str()).await?.is_some() {
        return Err(StoreError::Conflict { entity: "person", reason: format!("the pseudonym {pseudonym} is taken") });
    }
    refuse_if_named_in_rules(tx, person).await?;
    sqlx::query("INSERT INTO erasures (pseudonym, at_ms, actor, open) VALUES ($1, $2, $3, 1)")
        .bind(pseudonym.as_str())
        .bind(at.as_millisecond())
        .bind(actor)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    // Sessions, API tokens and reset links go with the account (ON DELETE CASCADE).
    execute(tx, "DELETE FROM accounts WHERE person_id = $1", &[person.as_str()]).await?;

    let fillings: Vec<RoleFiller> = rows_where(tx, "person_id = $1", &[person.as_str()]).await?;
    let mut delegations: Vec<Delegation> = rows_where(tx, "delegate_id = $1", &[person.as_str()]).await?;
    delegations.retain(|delegation| delegation.ends_at > at);
    delete_with_history(tx, &fillings, actor).await?;
    delete_with_history(tx, &delegations, actor).await?;
    erase_personal_fields(tx, &stored, actor).await?;

    let mut renamed = BTreeMap::new();
    for (entity, column, reference) in PERSON_REFERENCES {
        let count = rename_column(tx, *entity, column, *reference, person, pseudonym).await?;
        renamed.insert(format!("{entity}.{column}"), count);
    }
    for (place, count) in rename_decision_events(tx, person, pseudonym).await? {
        renamed.insert(place.to_owned(), count);
    }
    renamed.insert("governance_change_files.contents".to_owned(), rename_change_files(tx, person, pseudonym).await?);
    renamed.retain(|_, count| *count > 0);
    let history_entries = rename_history(tx, person, pseudonym).await?;
    let audit_entries =
        execute(tx, "UPDATE audit_log SET actor = $1 WHERE actor = $2", &[pseudonym.as_str(), person.as_str()]).await?
            + execute(
                tx,
                "UPDATE audit_log SET subject = $1 WHERE subject = $2",
                &[pseudonym.as_str(), person.as_str()],
            )
            .await?;

    let erasure = Erasure {
        pseudonym: pseudonym.clone(),
        renamed,
        history_entries,
        audit_entries,
        removed_fillings: fillings.iter().map(|filling| filling.role.to_string()).collect(),
        removed_delegations: delegations.iter().map(|delegation| delegation.id.to_string()).collect(),
    };
    let detail = format!(
        "erased a person; now naming the pseudonym: cells {}, history entries {history_entries}, audit entries \
         {audit_entries}; removed: role fillings {}, delegations {}",
        erasure.renamed.values().sum::<u64>(),
        erasure.removed_fillings.len(),
        erasure.removed_delegations.len()
    );
    sqlx::query(
        "INSERT INTO audit_log (at_ms, actor, action, subject, detail) VALUES ($1, $2, 'erased_person', $3, $4)",
    )
    .bind(at.as_millisecond())
    .bind(actor)
    .bind(pseudonym.as_str())
    .bind(detail)
    .execute(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    execute(tx, "UPDATE erasures SET open = 0 WHERE pseudonym = $1", &[pseudonym.as_str()]).await?;
    Ok(erasure)
}

/// Runs `sql` with text parameters; returns the rows affected.
async fn execute(tx: &mut Tx, sql: &str, params: &[&str]) -> Result<u64, StoreError> {
    let mut query = sqlx::query(AssertSqlSafe(sql.to_owned()));
    for param in params {
        query = query.bind(param.to_string());
    }
    let done = query.execute(&mut *tx.tx).await.map_err(|e| tx.fail(e))?;
    Ok(done.rows_affected())
}

async fn rows_where<T: Record>(tx: &mut Tx, condition: &str, params: &[&str]) -> Result<Vec<T>, StoreError> {
    let sql = format!("{} WHERE {condition}{}", select_columns::<T>(), order_by_key::<T>());
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for param in params {
        query = query.bind(param.to_string());
    }
    let rows = query.fetch_all(&mut *tx.tx).await.map_err(|e| tx.fail(e))?;
    rows.iter().map(decode::<T>).collect()
}

async fn refuse_if_named_in_rules(tx: &mut Tx, person: &PersonId) -> Result<(), StoreError> {
    let pattern = like_pattern(&format!("person:{person}"));
    let condition: Vec<String> =
        person_columns(Entity::Rule).map(|(column, _)| format!("\"{column}\" LIKE $1 ESCAPE '\\'")).collect();
    let rules: Vec<Rule> = rows_where(tx, &condition.join(" OR "), &[&pattern]).await?;
    let mut named = Vec::new();
    for rule in &rules {
        for (column, value) in Rule::COLUMNS.iter().zip(rule.values()) {
            let reference = person_columns(Entity::Rule).find(|(name, _)| *name == column.name);
            if let Some((_, reference)) = reference
                && reference.rename(&value.render(), person, person).is_some()
            {
                named.push(format!("rule {} of domain {} ({})", rule.id, rule.domain, column.name));
            }
        }
    }
    if named.is_empty() {
        return Ok(());
    }
    Err(StoreError::Conflict {
        entity: "person",
        reason: format!(
            "{person} is named in the decision rights: {}. Erasing them would change who decides; \
             replace those rules by a governance change first, then erase",
            named.join(", ")
        ),
    })
}

/// `%text%` for a case-sensitive `LIKE … ESCAPE '\'` (SQLite's LIKE ignores ASCII case, which
/// only selects more rows: every match is checked exactly afterwards).
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

async fn delete_with_history<T: Record>(tx: &mut Tx, rows: &[T], actor: &str) -> Result<(), StoreError> {
    let at = now();
    let table = T::ENTITY.table();
    let condition: Vec<String> =
        T::KEY.iter().enumerate().map(|(i, name)| format!("\"{name}\" = ${}", i + 1)).collect();
    let sql = format!("DELETE FROM {table} WHERE {}", condition.join(" AND "));
    for row in rows {
        let key = row.key();
        let parts: Vec<&str> = key.splitn(T::KEY.len(), '/').collect();
        execute(tx, &sql, &parts).await?;
        let mut change = entry(at, actor, table, key, "delete", String::new());
        change[5] = Value::Text(row.to_json());
        change[6] = Value::Null;
        history::append(tx, std::iter::once(change)).await?;
    }
    Ok(())
}

/// Empties the person's name, e-mail and skills and marks them as left (today, unless they
/// left before), recorded in the history like any change.
async fn erase_personal_fields(tx: &mut Tx, stored: &Person, actor: &str) -> Result<(), StoreError> {
    let today = now().to_zoned(TimeZone::UTC).date();
    let left = stored.left.unwrap_or(today).max(stored.joined.unwrap_or(today));
    let mut values = stored.values();
    for (column, value) in Person::COLUMNS.iter().zip(values.iter_mut()) {
        match column.name {
            "name" => *value = ERASED_NAME.into(),
            "left_on" => *value = Value::Date(left),
            name if PERSONAL_COLUMNS.contains(&name) => *value = Value::Null,
            _ => {}
        }
    }
    let erased = Person::from_values(&values)
        .map_err(|e| StoreError::Corrupt(format!("the erased row of {} is invalid: {e}", stored.id)))?;
    upsert(tx, &erased).await?;
    let mut change = entry(now(), actor, Entity::Person.table(), erased.key(), "update", erased.to_json());
    change[5] = Value::Text(stored.to_json());
    history::append(tx, std::iter::once(change)).await?;
    Ok(())
}

/// Renames `from` to `to` in one column of an entity's table; returns the cells changed.
async fn rename_column(
    tx: &mut Tx,
    entity: Entity,
    column: &str,
    reference: Reference,
    from: &PersonId,
    to: &PersonId,
) -> Result<u64, StoreError> {
    let table = entity.table();
    if reference == Reference::Id {
        let sql = format!("UPDATE {table} SET \"{column}\" = $1 WHERE \"{column}\" = $2");
        return execute(tx, &sql, &[to.as_str(), from.as_str()]).await;
    }
    let keys = key_columns(entity);
    let sql = format!(
        "SELECT {}, \"{column}\" FROM {table} WHERE \"{column}\" LIKE $1 ESCAPE '\\'",
        column_list(keys.iter().copied())
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(like_pattern(from.as_str()))
        .fetch_all(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    let condition: Vec<String> = keys.iter().enumerate().map(|(i, name)| format!("\"{name}\" = ${}", i + 2)).collect();
    let update = format!("UPDATE {table} SET \"{column}\" = $1 WHERE {}", condition.join(" AND "));
    let mut count = 0;
    for row in rows {
        let stored: String = row.try_get(keys.len())?;
        let Some(renamed) = reference.rename(&stored, from, to) else { continue };
        let mut params = vec![renamed];
        for index in 0..keys.len() {
            params.push(row.try_get(index)?);
        }
        count += execute(tx, &update, &params.iter().map(String::as_str).collect::<Vec<_>>()).await?;
    }
    Ok(count)
}

/// Renames `from` in the decision events: who acted, and whom each event notifies.
async fn rename_decision_events(
    tx: &mut Tx,
    from: &PersonId,
    to: &PersonId,
) -> Result<[(&'static str, u64); 2], StoreError> {
    let actors =
        execute(tx, "UPDATE decision_events SET actor = $1 WHERE actor = $2", &[to.as_str(), from.as_str()]).await?;
    let rows = sqlx::query("SELECT seq, notify FROM decision_events WHERE notify LIKE $1 ESCAPE '\\'")
        .bind(like_pattern(from.as_str()))
        .fetch_all(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    let mut notified = 0;
    for row in rows {
        let seq: i64 = row.try_get(0)?;
        let Some(renamed) = Reference::IdList.rename(&row.try_get::<String, _>(1)?, from, to) else { continue };
        notified += sqlx::query("UPDATE decision_events SET notify = $1 WHERE seq = $2")
            .bind(renamed)
            .bind(seq)
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(e))?
            .rows_affected();
    }
    Ok([("decision_events.actor", actors), ("decision_events.notify", notified)])
}

/// Renames `from` in the CSV files of governance changes (proposed or adopted).
async fn rename_change_files(tx: &mut Tx, from: &PersonId, to: &PersonId) -> Result<u64, StoreError> {
    let rows = sqlx::query(
        "SELECT decision_id, file_name, contents FROM governance_change_files WHERE contents LIKE $1 ESCAPE '\\'",
    )
    .bind(like_pattern(from.as_str()))
    .fetch_all(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    let mut count = 0;
    for row in rows {
        let (decision, file_name, contents): (String, String, String) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let Some(entity) = Entity::ALL.into_iter().find(|entity| entity.file_name() == file_name) else { continue };
        let Some(renamed) = rename_in_csv(entity, &contents, from, to)? else { continue };
        count += execute(
            tx,
            "UPDATE governance_change_files SET contents = $1 WHERE decision_id = $2 AND file_name = $3",
            &[&renamed, &decision, &file_name],
        )
        .await?;
    }
    Ok(count)
}

fn rename_in_csv(entity: Entity, contents: &str, from: &PersonId, to: &PersonId) -> Result<Option<String>, StoreError> {
    let corrupt =
        |e: csv::Error| StoreError::Corrupt(format!("a stored {} file does not parse: {e}", entity.file_name()));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(contents.as_bytes());
    let headers = reader.headers().map_err(corrupt)?.clone();
    let references: Vec<Option<Reference>> = headers
        .iter()
        .map(|header| person_columns(entity).find(|(name, _)| *name == header.trim()).map(|(_, reference)| reference))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).map_err(corrupt)?;
    let mut changed = false;
    for record in reader.records() {
        let record = record.map_err(corrupt)?;
        let cells: Vec<String> = record
            .iter()
            .zip(references.iter().chain(std::iter::repeat(&None)))
            .map(|(cell, reference)| match reference.and_then(|reference| reference.rename(cell, from, to)) {
                Some(renamed) => {
                    changed = true;
                    renamed
                }
                None => cell.to_owned(),
            })
            .collect();
        writer.write_record(&cells).map_err(corrupt)?;
    }
    let bytes = writer.into_inner().map_err(|e| StoreError::Corrupt(format!("writing a CSV file: {e}")))?;
    Ok(changed.then(|| String::from_utf8_lossy(&bytes).into_owned()))
}

/// Rewrites every history entry that names `from`: its actor, its key, and its before and
/// after images (where the person's own row also loses their name, e-mail and skills).
async fn rename_history(tx: &mut Tx, from: &PersonId, to: &PersonId) -> Result<u64, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, actor, entity, key, before_json, after_json FROM history \
         WHERE actor = $1 OR key LIKE $2 ESCAPE '\\' OR before_json LIKE $2 ESCAPE '\\' OR after_json LIKE $2 ESCAPE '\\'",
    )
    .bind(from.as_str())
    .bind(like_pattern(from.as_str()))
    .fetch_all(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    let mut count = 0;
    for row in rows {
        let seq: i64 = row.try_get(0)?;
        let actor: String = row.try_get(1)?;
        let table: String = row.try_get(2)?;
        let key: String = row.try_get(3)?;
        let before: Option<String> = row.try_get(4)?;
        let after: Option<String> = row.try_get(5)?;
        let entity = Entity::ALL.into_iter().find(|entity| entity.table() == table);
        let new_actor = if actor == from.as_str() { to.to_string() } else { actor.clone() };
        let (new_key, new_before, new_after) = match entity {
            Some(entity) => (
                rename_key(entity, &key, from, to),
                rename_document(entity, before.as_deref(), from, to)?,
                rename_document(entity, after.as_deref(), from, to)?,
            ),
            None => (key.clone(), before.clone(), after.clone()),
        };
        if (&new_actor, &new_key, &new_before, &new_after) == (&actor, &key, &before, &after) {
            continue;
        }
        count +=
            sqlx::query("UPDATE history SET actor = $1, key = $2, before_json = $3, after_json = $4 WHERE seq = $5")
                .bind(new_actor)
                .bind(new_key)
                .bind(new_before)
                .bind(new_after)
                .bind(seq)
                .execute(&mut *tx.tx)
                .await
                .map_err(|e| tx.fail(e))?
                .rows_affected();
    }
    Ok(count)
}

/// A row key (`r1/p7`) with the parts that are person references renamed.
fn rename_key(entity: Entity, key: &str, from: &PersonId, to: &PersonId) -> String {
    let keys = key_columns(entity);
    let parts = key.splitn(keys.len(), '/').zip(keys).map(|(part, column)| {
        person_columns(entity)
            .find(|(name, _)| name == column)
            .and_then(|(_, reference)| reference.rename(part, from, to))
            .unwrap_or_else(|| part.to_owned())
    });
    parts.collect::<Vec<_>>().join("/")
}

/// A history image (`Record::to_json()`) with `from` renamed in its person columns, in the
/// record's column order; the person's own image also loses their personal fields.
fn rename_document(
    entity: Entity,
    document: Option<&str>,
    from: &PersonId,
    to: &PersonId,
) -> Result<Option<String>, StoreError> {
    let Some(document) = document else { return Ok(None) };
    let corrupt =
        |e: serde_json::Error| StoreError::Corrupt(format!("a history image of {entity} does not parse: {e}"));
    let Ok(mut members) = serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(document) else {
        return Ok(Some(document.to_owned()));
    };
    let mut changed = false;
    for (column, reference) in person_columns(entity) {
        let Some(raw) = members.get(column) else { continue };
        let renamed = if reference.is_list() {
            let items: Option<Vec<String>> = serde_json::from_str(raw.get()).map_err(corrupt)?;
            let items = items.unwrap_or_default();
            let renamed: Vec<Option<String>> = items.iter().map(|item| reference.rename_item(item, from, to)).collect();
            renamed.iter().any(Option::is_some).then(|| {
                let items = items
                    .iter()
                    .zip(renamed)
                    .map(|(item, renamed)| json_string(&renamed.unwrap_or_else(|| item.clone())));
                format!("[{}]", items.collect::<Vec<_>>().join(","))
            })
        } else {
            let item: Option<String> = serde_json::from_str(raw.get()).map_err(corrupt)?;
            item.and_then(|item| reference.rename_item(&item, from, to)).map(|renamed| json_string(&renamed))
        };
        let Some(renamed) = renamed else { continue };
        changed = true;
        if entity == Entity::Person && column == "id" {
            members.insert("name".to_owned(), raw_json(&json_string(ERASED_NAME))?);
            for personal in PERSONAL_COLUMNS {
                members.insert((*personal).to_owned(), raw_json("null")?);
            }
        }
        members.insert(column.to_owned(), raw_json(&renamed)?);
    }
    if !changed {
        return Ok(Some(document.to_owned()));
    }
    let mut out = Vec::with_capacity(members.len());
    for column in columns(entity) {
        if let Some(raw) = members.remove(column.name) {
            out.push(format!("{}:{}", json_string(column.name), raw.get()));
        }
    }
    // Members of columns the record no longer has stay as they were.
    out.extend(members.iter().map(|(name, raw)| format!("{}:{}", json_string(name), raw.get())));
    Ok(Some(format!("{{{}}}", out.join(","))))
}

fn raw_json(json: &str) -> Result<Box<RawValue>, StoreError> {
    RawValue::from_string(json.to_owned()).map_err(|e| StoreError::Corrupt(format!("building a history image: {e}")))
}
