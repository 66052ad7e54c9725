//! The audit log: append-only rows saying who viewed or did what (person-level analytics,
//! admin actions), for the organisation to account for them.

use jiff::Timestamp;
use sqlx::Row;

use crate::{Store, StoreError};

/// One audit entry.
#[derive(Clone, PartialEq, Debug)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Timestamp,
    /// The person who did it.
    pub actor: String,
    /// What kind of thing, e.g. `viewed_person_analytics`.
    pub action: String,
    /// What it concerned (a person id), if one thing.
    pub subject: Option<String>,
    pub detail: String,
}

impl Store {
    /// Appends an audit entry.
    pub async fn audit(
        &self,
        at: Timestamp,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at_ms, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(at.as_millisecond())
            .bind(actor)
            .bind(action)
            .bind(subject)
            .bind(detail)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The newest `limit` audit entries, newest first; only those about `subject` when given.
    pub async fn audit_entries(&self, subject: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries_before(subject, None, limit).await
    }

    /// As [`Store::audit_entries`], from the entries before position `before` (the next page
    /// of a listing starts before the last entry of the previous one).
    pub async fn audit_entries_before(
        &self,
        subject: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at_ms, actor, action, subject, detail FROM audit_log \
             WHERE ($1 IS NULL OR subject = $1) AND ($2 IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3",
        )
        .bind(subject)
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.writer)
        .await?;
        rows.iter()
            .map(|row| {
                let at: i64 = row.try_get("at_ms")?;
                Ok(AuditEntry {
                    seq: row.try_get("seq")?,
                    at: Timestamp::from_millisecond(at)
                        .map_err(|e| StoreError::Corrupt(format!("audit time {at}: {e}")))?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    subject: row.try_get("subject")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect()
    }
}
