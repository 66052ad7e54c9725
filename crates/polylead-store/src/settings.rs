//! The organisation's settings (its name, …): text values by key.

use crate::{Store, StoreError, Tx};

impl Store {
    /// The value of setting `key`, if set.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE \"key\" = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?)
    }
}

/// Sets (or replaces) setting `key` inside `tx`:
/// `set_setting(&mut tx, "organisation_name", "Ward 3")`.
pub async fn set_setting(tx: &mut Tx, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (\"key\", value) VALUES ($1, $2) \
         ON CONFLICT (\"key\") DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}
