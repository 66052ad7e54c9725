//! Outbound webhooks: where decision events are sent, and one delivery row per (webhook,
//! event) that records each attempt.
//!
//! Delivery runs in every server on the same database, so:
//! - [`Store::enqueue_deliveries`] may run anywhere, any number of times, concurrently: it only
//!   inserts the (webhook, event) pairs not yet enqueued, and a pair is unique in the table.
//! - [`Store::lease_due`] claims due deliveries with one `UPDATE … WHERE leased_until <= now`:
//!   of two servers claiming the same row, exactly one wins (SQLite runs one writer at a time;
//!   PostgreSQL locks the row, skips rows another server is claiming, and re-checks the lease
//!   after waiting). Each delivery is therefore attempted by one server at a time, as long as
//!   an attempt ends within its lease.
//! - [`Store::record_attempt`] only counts for the server that still holds the lease.
//!
//! Delivery is at least once: a server that delivers and then dies before recording it will
//! have the delivery sent again once the lease runs out. Receivers dedupe by delivery id.
//!
//! Every function here is one statement (or reads), atomic on its own: no [`Tx`] is needed
//! except to add or remove a webhook.

use jiff::{SignedDuration, Timestamp};
use polylead_core::lifecycle::EventKind;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::decisions::decode_event;
use crate::{Backend, DecisionEvent, Store, StoreError, Tx};

/// A registered webhook.
#[derive(Clone, PartialEq, Debug)]
pub struct Webhook {
    pub id: String,
    /// Where events are POSTed (`http://` or `https://`, checked by the caller).
    pub url: String,
    /// The key of the HMAC signature; shown once when the webhook is created.
    pub secret: String,
    /// The event kinds sent; `None` for all of them.
    pub events: Option<Vec<EventKind>>,
    pub created_at: Timestamp,
    /// Inactive webhooks get no new deliveries and no attempts.
    pub active: bool,
}

/// A delivery claimed by a worker: what to send, where, and how often it was tried before.
#[derive(Clone, PartialEq, Debug)]
pub struct Delivery {
    /// Stable across retries: `<webhook id>.<event seq>`. Receivers dedupe by it.
    pub id: String,
    pub webhook: Webhook,
    pub event: DecisionEvent,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// How an attempt went, and what happens next.
#[derive(Clone, PartialEq, Debug)]
pub enum AttemptOutcome {
    /// The receiver answered with a 2xx status: done.
    Delivered { status: u16 },
    /// It failed (`status` when the receiver answered at all); try again at `retry_at`.
    Retry { status: Option<u16>, error: String, retry_at: Timestamp },
    /// It failed and no attempt is left: the delivery is marked failed.
    GaveUp { status: Option<u16>, error: String },
}

/// A delivery row as stored, for listings and checks.
#[derive(Clone, PartialEq, Debug)]
pub struct StoredDelivery {
    pub id: String,
    pub webhook: String,
    pub event_seq: i64,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    /// The worker holding (or that last held) the lease, until the attempt is recorded.
    pub leased_by: Option<String>,
}

const WEBHOOK_COLUMNS: &str = "w.id AS webhook_id, w.url, w.secret, w.events, w.created_at, w.active";

impl Store {
    /// Every webhook, oldest first.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w ORDER BY w.created_at, w.id");
        let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&self.reader).await?;
        rows.iter().map(decode_webhook).collect()
    }

    /// The webhook `id`.
    pub async fn webhook(&self, id: &str) -> Result<Webhook, StoreError> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(&self.reader).await?;
        match row {
            Some(row) => decode_webhook(&row),
            None => Err(StoreError::NotFound { entity: "webhook", key: id.to_owned() }),
        }
    }

    /// Inserts a delivery for every (active webhook, event of a kind it wants, recorded after
    /// the webhook was created) that has none yet, due at `now`. Returns how many it inserted.
    /// Idempotent, and safe to run concurrently from several servers.
    pub async fn enqueue_deliveries(&self, now: Timestamp) -> Result<u64, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO webhook_deliveries \
               (id, webhook_id, event_seq, enqueued_at, attempts, next_attempt_at, leased_until) \
             SELECT w.id || '.' || CAST(e.seq AS TEXT), w.id, e.seq, $1, 0, $1, 0 \
             FROM webhooks w JOIN decision_events e ON e.seq > w.from_seq \
             WHERE w.active = 1 \
               AND (w.events = '*' OR (';' || w.events || ';') LIKE ('%;' || e.kind || ';%')) \
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d \
                               WHERE d.webhook_id = w.id AND d.event_seq = e.seq) \
             ON CONFLICT DO NOTHING",
        )
        .bind(now.as_millisecond())
        .execute(&self.writer)
        .await?;
        Ok(inserted.rows_affected())
    }

    /// Claims up to `limit` deliveries due at `now` (not delivered, not failed, next attempt
    /// reached, no lease running) for `worker`, until `now + lease_for`, oldest due first.
    /// A row claimed here is not returned to another worker before its lease ends.
    pub async fn lease_due(
        &self,
        now: Timestamp,
        lease_for: SignedDuration,
        worker: &str,
        limit: u32,
    ) -> Result<Vec<Delivery>, StoreError> {
        // PostgreSQL: lock the candidates and skip rows another server is claiming, so that
        // two servers take different rows instead of queueing on the same ones. The outer
        // WHERE repeats the lease check, which PostgreSQL re-evaluates on the latest row
        // after any wait. SQLite runs one write at a time, so the statement is atomic there.
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE webhook_deliveries SET leased_until = $1, leased_by = $2 \
             WHERE id IN (SELECT d.id FROM webhook_deliveries d \
                          WHERE d.delivered_at IS NULL AND d.failed_at IS NULL \
                            AND d.next_attempt_at <= $3 AND d.leased_until <= $3 \
                            AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.active = 1) \
                          ORDER BY d.next_attempt_at, d.id LIMIT $4{lock}) \
               AND leased_until <= $3 AND delivered_at IS NULL AND failed_at IS NULL \
             RETURNING id"
        );
        let until = now.saturating_add(lease_for).unwrap_or(now);
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(until.as_millisecond())
            .bind(worker)
            .bind(now.as_millisecond())
            .bind(i64::from(limit))
            .fetch_all(&self.writer)
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT d.id, d.attempts, {WEBHOOK_COLUMNS}, \
                    e.seq, e.decision_id, e.kind, e.actor, e.at_ms, e.notify \
             FROM webhook_deliveries d \
             JOIN webhooks w ON w.id = d.webhook_id \
             JOIN decision_events e ON e.seq = d.event_seq \
             WHERE d.id IN ({}) ORDER BY d.next_attempt_at, d.id",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in &ids {
            query = query.bind(id.clone());
        }
        // Through the writer: on SQLite it has just seen the claim.
        let rows = query.fetch_all(&self.writer).await?;
        rows.iter()
            .map(|row| {
                Ok(Delivery {
                    id: row.try_get("id")?,
                    webhook: decode_webhook(row)?,
                    event: decode_event(row)?,
                    attempts: count(row.try_get("attempts")?),
                })
            })
            .collect()
    }

    /// Records an attempt of delivery `id` made by `worker` at `at`, and releases the lease.
    /// Returns false (and records nothing) when `worker` no longer holds the lease, or the
    /// delivery is already done or gone.
    pub async fn record_attempt(
        &self,
        id: &str,
        worker: &str,
        at: Timestamp,
        outcome: &AttemptOutcome,
    ) -> Result<bool, StoreError> {
        let at_ms = at.as_millisecond();
        let (status, error, delivered_at, failed_at, next): (Option<u16>, Option<&str>, _, _, Option<i64>) =
            match outcome {
                AttemptOutcome::Delivered { status } => (Some(*status), None, Some(at_ms), None, None),
                AttemptOutcome::Retry { status, error, retry_at } => {
                    (*status, Some(error.as_str()), None, None, Some(retry_at.as_millisecond()))
                }
                AttemptOutcome::GaveUp { status, error } => (*status, Some(error.as_str()), None, Some(at_ms), None),
            };
        let updated = sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, \
               delivered_at = $3, failed_at = $4, next_attempt_at = COALESCE($5, next_attempt_at), \
               leased_until = 0, leased_by = NULL \
             WHERE id = $6 AND leased_by = $7 AND delivered_at IS NULL AND failed_at IS NULL",
        )
        .bind(status.map(i64::from))
        .bind(error.map(|e| truncate(e, 1000)))
        .bind(delivered_at)
        .bind(failed_at)
        .bind(next)
        .bind(id)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// The deliveries of webhook `id`, in event order.
    pub async fn webhook_deliveries(&self, id: &str) -> Result<Vec<StoredDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, webhook_id, event_seq, attempts, next_attempt_at, delivered_at, failed_at, \
                    last_status, last_error, leased_by \
             FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY event_seq",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                let status: Option<i64> = row.try_get("last_status")?;
                Ok(StoredDelivery {
                    id: row.try_get("id")?,
                    webhook: row.try_get("webhook_id")?,
                    event_seq: row.try_get("event_seq")?,
                    attempts: count(row.try_get("attempts")?),
                    next_attempt_at: instant(row.try_get("next_attempt_at")?)?,
                    delivered_at: row.try_get::<Option<i64>, _>("delivered_at")?.map(instant).transpose()?,
                    failed_at: row.try_get::<Option<i64>, _>("failed_at")?.map(instant).transpose()?,
                    last_status: status.and_then(|s| u16::try_from(s).ok()),
                    last_error: row.try_get("last_error")?,
                    leased_by: row.try_get("leased_by")?,
                })
            })
            .collect()
    }
}

/// Stores a new webhook. It is sent the events recorded from now on, not the past ones.
pub async fn add_webhook(tx: &mut Tx, webhook: &Webhook) -> Result<(), StoreError> {
    let events = match &webhook.events {
        None => "*".to_owned(),
        Some(kinds) => kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(";"),
    };
    sqlx::query(
        "INSERT INTO webhooks (id, url, secret, events, created_at, active, from_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(seq), 0) FROM decision_events))",
    )
    .bind(webhook.id.as_str())
    .bind(webhook.url.as_str())
    .bind(webhook.secret.as_str())
    .bind(events)
    .bind(webhook.created_at.as_millisecond())
    .bind(i64::from(webhook.active))
    .execute(&mut *tx.tx)
    .await
    .map_err(|e| tx.fail(crate::error::on_write("webhook")(e)))?;
    Ok(())
}

/// Removes webhook `id` and its deliveries (pending ones are never sent).
pub async fn remove_webhook(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    let removed = sqlx::query("DELETE FROM webhooks WHERE id = $1")
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
    if removed.rows_affected() == 0 {
        return Err(tx.fail(StoreError::NotFound { entity: "webhook", key: id.to_owned() }));
    }
    Ok(())
}

fn decode_webhook(row: &AnyRow) -> Result<Webhook, StoreError> {
    let events: String = row.try_get("events")?;
    let events = if events == "*" {
        None
    } else {
        let kinds = events
            .split(';')
            .filter(|kind| !kind.is_empty())
            .map(|kind| kind.parse::<EventKind>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Corrupt(format!("webhook events {events:?}: {e}")))?;
        Some(kinds)
    };
    let active: i64 = row.try_get("active")?;
    Ok(Webhook {
        id: row.try_get("webhook_id")?,
        url: row.try_get("url")?,
        secret: row.try_get("secret")?,
        events,
        created_at: instant(row.try_get("created_at")?)?,
        active: active != 0,
    })
}

fn instant(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt(format!("webhook time {ms}: {e}")))
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The first `max` characters of `text`.
fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
