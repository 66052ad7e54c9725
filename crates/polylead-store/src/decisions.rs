//! Running decisions: reading a decision with its responses and version, creating one, and
//! recording a lifecycle step — the decision, its responses, the leadership acts, the history
//! and the event — in one transaction that succeeds only if nobody changed the decision since
//! it was read.

use polylead_core::act::Act;
use polylead_core::dataset::Dataset;
use polylead_core::decision::{Decision, DecisionStatus, Response};
use polylead_core::ids::{DecisionId, DomainId, PersonId};
use polylead_core::lifecycle::Transition;
use polylead_core::record::{Entity, Record, Value};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{AssertSqlSafe, Row};

use crate::history::{self, entry};
use crate::import::insert_values;
use crate::row::{bind, column_list, decode, reusable, select_columns};
use crate::{Page, Store, StoreError, Tx, error, now};

/// A decision as stored, with its responses (in the order given) and its version.
#[derive(Clone, PartialEq, Debug)]
pub struct StoredDecision {
    pub decision: Decision,
    pub responses: Vec<Response>,
    /// Incremented by every recorded step; a step must name the version it was computed from.
    pub version: i64,
}

/// Which decisions to list; empty fields do not filter.
#[derive(Clone, Default, Debug)]
pub struct DecisionFilter {
    pub statuses: Vec<DecisionStatus>,
    pub domain: Option<DomainId>,
    /// Decisions this person proposed or decided.
    pub person: Option<PersonId>,
    /// Decisions whose title contains this text, ignoring case (ASCII letters).
    pub title: Option<String>,
}

/// One recorded event of a decision.
#[derive(Clone, PartialEq, Debug)]
pub struct DecisionEvent {
    pub seq: i64,
    pub decision: String,
    pub kind: String,
    pub actor: Option<String>,
    pub at: jiff::Timestamp,
    pub notify: Vec<String>,
}

/// The entities that make up the structure: what decision rights are resolved from.
const STRUCTURE: [Entity; 8] = [
    Entity::Setting,
    Entity::Team,
    Entity::Person,
    Entity::Role,
    Entity::RoleFiller,
    Entity::Domain,
    Entity::Rule,
    Entity::Delegation,
];

impl Store {
    /// The organisation's structure (settings, teams, people, roles, fillers, domains, rules,
    /// delegations), without decisions, acts or ties.
    pub async fn structure(&self) -> Result<Dataset, StoreError> {
        Ok(Dataset {
            settings: self.all().await?,
            teams: self.all().await?,
            people: self.all().await?,
            roles: self.all().await?,
            fillers: self.all().await?,
            domains: self.all().await?,
            rules: self.all().await?,
            delegations: self.all().await?,
            ..Dataset::default()
        })
    }

    /// The position of the latest history entry that changed the structure (0 when there is
    /// none): caches of the structure compare it to know they are current. One index lookup
    /// per structure table (`history_entity_seq`).
    pub async fn last_structure_change(&self) -> Result<i64, StoreError> {
        let per_table: Vec<String> = STRUCTURE
            .iter()
            .map(|entity| format!("SELECT MAX(seq) AS seq FROM history WHERE entity = '{}'", entity.table()))
            .collect();
        let sql = format!("SELECT MAX(seq) FROM ({}) AS latest", per_table.join(" UNION ALL "));
        let seq: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(&self.reader).await?;
        Ok(seq.unwrap_or(0))
    }

    /// The position of the latest history entry of any kind (0 when there is none).
    pub async fn last_change(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM history").fetch_one(&self.reader).await?;
        Ok(seq.unwrap_or(0))
    }

    /// The decision `id` with its responses and version. The decision and its version are
    /// read in one statement, so they belong together; responses are read after them and so
    /// can only be newer, which the version check of the next step then catches.
    pub async fn decision(&self, id: &DecisionId) -> Result<StoredDecision, StoreError> {
        let sql = format!(
            "SELECT {}, COALESCE((SELECT version FROM decision_versions WHERE decision_id = decisions.id), 0) \
             FROM decisions WHERE \"id\" = $1",
            column_list(Decision::COLUMNS.iter().map(|column| column.name))
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.reader)
            .await?
            .ok_or_else(|| StoreError::NotFound { entity: "decision", key: id.to_string() })?;
        let decision = decode::<Decision>(&row)?;
        let version: i64 = row.try_get(Decision::COLUMNS.len())?;
        let sql = format!("{} WHERE \"decision_id\" = $1 ORDER BY \"given_at\", \"id\"", select_columns::<Response>());
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(id.as_str()).fetch_all(&self.reader).await?;
        let responses = rows.iter().map(decode::<Response>).collect::<Result<Vec<_>, _>>()?;
        Ok(StoredDecision { decision, responses, version })
    }

    /// Every decision in one of `statuses`, with responses and versions, in id order: the
    /// work the scheduler and the inboxes look at.
    pub async fn decisions_in(&self, statuses: &[DecisionStatus]) -> Result<Vec<StoredDecision>, StoreError> {
        let filter = DecisionFilter { statuses: statuses.to_vec(), ..DecisionFilter::default() };
        let page = self.decision_page(&filter, 0, u64::MAX).await?;
        let mut stored = Vec::with_capacity(page.items.len());
        for decision in page.items {
            stored.push(self.decision(&decision.id).await?);
        }
        Ok(stored)
    }

    /// Decisions matching `filter`, newest first, and how many match.
    pub async fn decision_page(
        &self,
        filter: &DecisionFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Decision>, StoreError> {
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if !filter.statuses.is_empty() {
            let placeholders: Vec<String> = filter
                .statuses
                .iter()
                .map(|status| {
                    binds.push(status.as_str().to_owned());
                    format!("${}", binds.len())
                })
                .collect();
            conditions.push(format!("\"status\" IN ({})", placeholders.join(", ")));
        }
        if let Some(domain) = &filter.domain {
            binds.push(domain.to_string());
            conditions.push(format!("\"domain_id\" = ${}", binds.len()));
        }
        if let Some(person) = &filter.person {
            binds.push(person.to_string());
            conditions.push(format!("(\"proposer_id\" = ${0} OR \"decider_id\" = ${0})", binds.len()));
        }
        if let Some(title) = filter.title.as_deref().map(str::trim).filter(|title| !title.is_empty()) {
            binds.push(crate::history::like_pattern(title));
            conditions.push(format!("LOWER(\"title\") LIKE ${} ESCAPE '\\'", binds.len()));
        }
        let select = select_columns::<Decision>();
        let order = "\"created_at\" DESC, \"id\"";
        let (rows, total) = self.filtered_page(&select, "decisions", &conditions, order, &binds, offset, limit).await?;
        let items = rows.iter().map(decode::<Decision>).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total })
    }

    /// The events of a decision, oldest first.
    pub async fn decision_events(&self, id: &DecisionId) -> Result<Vec<DecisionEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, decision_id, kind, actor, at_ms, notify FROM decision_events \
             WHERE decision_id = $1 ORDER BY seq",
        )
        .bind(id.as_str())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(decode_event).collect()
    }
}

/// A `decision_events` row (columns seq, decision_id, kind, actor, at_ms, notify).
pub(crate) fn decode_event(row: &AnyRow) -> Result<DecisionEvent, StoreError> {
    let at_ms: i64 = row.try_get("at_ms")?;
    let notify: String = row.try_get("notify")?;
    Ok(DecisionEvent {
        seq: row.try_get("seq")?,
        decision: row.try_get("decision_id")?,
        kind: row.try_get("kind")?,
        actor: row.try_get("actor")?,
        at: jiff::Timestamp::from_millisecond(at_ms)
            .map_err(|e| StoreError::Corrupt(format!("decision event time {at_ms}: {e}")))?,
        notify: notify.split(';').filter(|id| !id.is_empty()).map(str::to_owned).collect(),
    })
}

/// Stores a new decision (usually a draft) and its history entry.
pub async fn create_decision(tx: &mut Tx, decision: &Decision, actor: &str) -> Result<(), StoreError> {
    insert_values(tx, "decision", "decisions", Decision::COLUMNS, std::iter::once(decision.values()), |_| {}).await?;
    let mut change = entry(now(), actor, "decisions", decision.key(), "create", decision.to_json());
    change[7] = decision.id.as_str().into();
    history::append(tx, std::iter::once(change)).await?;
    Ok(())
}

/// Records a lifecycle step computed from `before`. Fails with [`StoreError::Conflict`] (and
/// writes nothing) when the decision changed since `before` was read.
pub async fn record_step(
    tx: &mut Tx,
    before: &StoredDecision,
    transition: &Transition,
    actor: &str,
) -> Result<(), StoreError> {
    let decision = &transition.decision;
    claim_version(tx, &decision.id, before.version).await?;
    update_decision(tx, decision).await?;
    let at = now();
    let mut changes = Vec::new();
    let mut change = |entity: &str, key: String, action: &str, before: Option<String>, after: String| {
        let mut row = entry(at, actor, entity, key, action, after);
        if let Some(before) = before {
            row[5] = Value::Text(before);
        }
        row[7] = decision.id.as_str().into();
        changes.push(row);
    };
    change("decisions", decision.key(), "update", Some(before.decision.to_json()), decision.to_json());
    for response in &transition.responses {
        let previous = before.responses.iter().find(|stored| stored.id == response.id);
        upsert_response(tx, response).await?;
        let action = if previous.is_some() { "update" } else { "create" };
        change("decision_responses", response.key(), action, previous.map(Response::to_json), response.to_json());
    }
    for act in &transition.acts {
        change("acts", act.key(), "create", None, act.to_json());
    }
    insert_values(tx, "act", "acts", Act::COLUMNS, transition.acts.iter().map(Act::values), |_| {}).await?;
    history::append(tx, changes.into_iter()).await?;
    let event = &transition.event;
    let notify: Vec<&str> = event.notify.iter().map(PersonId::as_str).collect();
    sqlx::query("INSERT INTO decision_events (decision_id, kind, actor, at_ms, notify) VALUES ($1, $2, $3, $4, $5)")
        .bind(decision.id.as_str())
        .bind(event.kind.as_str())
        .bind(event.actor.as_ref().map(PersonId::to_string))
        .bind(event.at.as_millisecond())
        .bind(notify.join(";"))
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    Ok(())
}

/// Moves the decision from `version` to `version + 1`, or fails with a conflict when another
/// step got there first. On PostgreSQL a concurrent step waits here for the first one's
/// commit and then sees the new version.
async fn claim_version(tx: &mut Tx, id: &DecisionId, version: i64) -> Result<(), StoreError> {
    let claimed = sqlx::query(
        "INSERT INTO decision_versions (decision_id, version) VALUES ($1, 1) \
         ON CONFLICT (decision_id) DO UPDATE SET version = decision_versions.version + 1 \
         WHERE decision_versions.version = $2",
    )
    .bind(id.as_str())
    .bind(version)
    .execute(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(e))?;
    if claimed.rows_affected() != 1 || (version != 0 && !was_updated_from(tx, id, version).await?) {
        return Err(tx.fail(StoreError::Conflict {
            entity: "decision",
            reason: format!(
                "decision {id} was changed by someone else while you were acting on it; \
                 reload it and try again"
            ),
        }));
    }
    Ok(())
}

/// After the upsert: true when the row now holds `version + 1` (an insert at version 0 when
/// a row already existed would otherwise go unnoticed).
async fn was_updated_from(tx: &mut Tx, id: &DecisionId, version: i64) -> Result<bool, StoreError> {
    let now: i64 = sqlx::query_scalar("SELECT version FROM decision_versions WHERE decision_id = $1")
        .bind(id.as_str())
        .fetch_one(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    Ok(now == version + 1)
}

async fn update_decision(tx: &mut Tx, decision: &Decision) -> Result<(), StoreError> {
    let columns = &Decision::COLUMNS[1..];
    let assignments: Vec<String> =
        columns.iter().enumerate().map(|(i, column)| format!("\"{}\" = ${}", column.name, i + 1)).collect();
    let sql = format!("UPDATE decisions SET {} WHERE \"id\" = ${}", assignments.join(", "), columns.len() + 1);
    let mut args = AnyArguments::default();
    let mut values = decision.values().into_iter();
    let id = values.next().unwrap_or(Value::Null);
    for (column, value) in columns.iter().zip(values) {
        bind(&mut args, "decisions", column, value).map_err(|e| tx.fail(e))?;
    }
    bind(&mut args, "decisions", &Decision::COLUMNS[0], id).map_err(|e| tx.fail(e))?;
    sqlx::query_with(AssertSqlSafe(sql), args)
        .persistent(reusable(tx.backend, Decision::COLUMNS))
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(error::on_write("decision")(e)))?;
    Ok(())
}

async fn upsert_response(tx: &mut Tx, response: &Response) -> Result<(), StoreError> {
    let columns = Response::COLUMNS;
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO decision_responses ({}) VALUES ({}) \
         ON CONFLICT (\"id\") DO UPDATE SET \"resolution\" = excluded.\"resolution\"",
        column_list(columns.iter().map(|c| c.name)),
        placeholders.join(", ")
    );
    let mut args = AnyArguments::default();
    for (column, value) in columns.iter().zip(response.values()) {
        bind(&mut args, "decision_responses", column, value).map_err(|e| tx.fail(e))?;
    }
    sqlx::query_with(AssertSqlSafe(sql), args)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(error::on_write("decision response")(e)))?;
    Ok(())
}
