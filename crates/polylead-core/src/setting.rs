//! Organisation settings (its name, …): text values by key, exported and imported like any
//! other entity so that a round trip keeps them.

use crate::record::{Column, Entity, FieldError, Fields, Kind, Record, Value, col};
use crate::text::Keyword;

/// The key of the organisation's display name.
pub const ORGANISATION_NAME: &str = "organisation_name";

#[derive(Clone, PartialEq, Debug)]
pub struct Setting {
    pub key: Keyword,
    pub value: String,
}

impl Record for Setting {
    const ENTITY: Entity = Entity::Setting;
    const COLUMNS: &'static [Column] = &[
        col("key", Kind::Text, true, "Setting name, e.g. organisation_name."),
        col("value", Kind::Text, true, "Its value."),
    ];
    const KEY: &'static [&'static str] = &["key"];

    fn values(&self) -> Vec<Value> {
        vec![self.key.as_str().into(), self.value.as_str().into()]
    }

    fn from_fields(fields: &mut Fields<'_>) -> Result<Setting, FieldError> {
        Ok(Setting {
            key: fields.parse()?,
            value: fields.opt_text()?.ok_or_else(|| Fields::refuse("value", "is required"))?,
        })
    }

    fn key(&self) -> String {
        self.key.to_string()
    }
}
