//! The organisation's settings (its name, …): text values by key.

use polylead_core::record::{Record, Value};
use polylead_core::setting::Setting;
use polylead_core::text::Keyword;

use crate::history::{self, entry};
use crate::{Store, StoreError, Tx, now};

impl Store {
    /// The value of setting `key`, if set.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE \"key\" = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?)
    }
}

/// Sets (or replaces) setting `key` inside `tx`, recording the change in the history:
/// `set_setting(&mut tx, "organisation_name", "Ward 3", "cli")`.
pub async fn set_setting(tx: &mut Tx, key: &str, value: &str, actor: &str) -> Result<(), StoreError> {
    let setting = Setting {
        key: Keyword::parse(key).map_err(|e| StoreError::Invalid(format!("setting key: {e}")))?,
        value: value.to_owned(),
    };
    let before: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE \"key\" = $1")
        .bind(setting.key.as_str())
        .fetch_optional(&mut *tx.tx)
        .await?;
    sqlx::query(
        "INSERT INTO settings (\"key\", value) VALUES ($1, $2) \
         ON CONFLICT (\"key\") DO UPDATE SET value = excluded.value",
    )
    .bind(setting.key.as_str())
    .bind(value)
    .execute(&mut *tx.tx)
    .await?;
    let action = if before.is_some() { "update" } else { "create" };
    let mut change = entry(now(), actor, "settings", setting.key(), action, setting.to_json());
    if let Some(before) = before {
        let old = Setting { key: setting.key.clone(), value: before };
        change[5] = Value::Text(old.to_json());
    }
    history::append(tx, std::iter::once(change)).await?;
    Ok(())
}
