//! The flat, typed shape every stored entity has: one list of columns that both the CSV
//! files and the database tables use, so the two can never drift apart.
//!
//! An entity turns itself into [`Value`]s in [`Record::COLUMNS`] order and is rebuilt from
//! them through a [`Fields`] reader, which validates each value and names the column at fault.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::error::ValidationError;

/// The entity kinds polylead stores, in dependency order (an entity only refers to kinds
/// before it, except people's superiors and teams' parents, which refer to their own kind).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Entity {
    Setting,
    Team,
    Person,
    Role,
    RoleFiller,
    Domain,
    Rule,
    Delegation,
    Decision,
    Response,
    Act,
    AdviceTie,
}

impl Entity {
    pub const ALL: [Entity; 12] = [
        Entity::Setting,
        Entity::Team,
        Entity::Person,
        Entity::Role,
        Entity::RoleFiller,
        Entity::Domain,
        Entity::Rule,
        Entity::Delegation,
        Entity::Decision,
        Entity::Response,
        Entity::Act,
        Entity::AdviceTie,
    ];

    /// The database table, and the CSV file without `.csv`.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Setting => "settings",
            Entity::Team => "teams",
            Entity::Person => "people",
            Entity::Role => "roles",
            Entity::RoleFiller => "role_fillers",
            Entity::Domain => "domains",
            Entity::Rule => "domain_rules",
            Entity::Delegation => "delegations",
            Entity::Decision => "decisions",
            Entity::Response => "decision_responses",
            Entity::Act => "acts",
            Entity::AdviceTie => "advice_ties",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.csv", self.table())
    }

    /// A singular noun for messages ("person p7 not found").
    pub fn noun(self) -> &'static str {
        match self {
            Entity::Setting => "setting",
            Entity::Team => "team",
            Entity::Person => "person",
            Entity::Role => "role",
            Entity::RoleFiller => "role filler",
            Entity::Domain => "domain",
            Entity::Rule => "rule",
            Entity::Delegation => "delegation",
            Entity::Decision => "decision",
            Entity::Response => "decision response",
            Entity::Act => "leadership act",
            Entity::AdviceTie => "advice tie",
        }
    }

    /// Whether each row is recorded in the history one by one. Bulk facts (acts, advice
    /// ties, responses) are recorded as one history entry per import instead.
    pub fn is_structure(self) -> bool {
        matches!(
            self,
            Entity::Setting
                | Entity::Team
                | Entity::Person
                | Entity::Role
                | Entity::RoleFiller
                | Entity::Domain
                | Entity::Rule
                | Entity::Delegation
                | Entity::Decision
        )
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table())
    }
}

/// How a column's values are typed, in files and in the database.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Free text or an identifier. Database: TEXT.
    Text,
    /// A whole number. Database: BIGINT.
    Int,
    /// A decimal number. Database: DOUBLE PRECISION.
    Float,
    /// `true` or `false`. Database: BIGINT 0/1 (portable through sqlx's Any driver).
    Bool,
    /// An instant, RFC 3339 in files (`2025-03-01T09:30:00Z`). Database: BIGINT unix milliseconds.
    Time,
    /// A calendar date, `YYYY-MM-DD`. Database: TEXT.
    Date,
    /// Items separated by `;`. Database: TEXT.
    List,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Int => "whole number",
            Kind::Float => "number",
            Kind::Bool => "true or false",
            Kind::Time => "RFC 3339 instant, e.g. 2025-03-01T09:30:00Z",
            Kind::Date => "date, YYYY-MM-DD",
            Kind::List => "list separated by ';'",
        }
    }
}

/// One column of an entity's file and table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// One line for `docs/csv.md`: what the column holds and its allowed values.
    pub doc: &'static str,
}

/// Shorthand for column tables.
pub const fn col(name: &'static str, kind: Kind, required: bool, doc: &'static str) -> Column {
    Column { name, kind, required, doc }
}

/// One typed cell.
#[derive(Clone, PartialEq, Debug)]
pub enum Value {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(Timestamp),
    Date(Date),
    List(Vec<String>),
}

pub const LIST_SEPARATOR: char = ';';

impl Value {
    /// Parses a cell as written in a file; an empty cell is `Null`.
    pub fn parse(kind: Kind, raw: &str) -> Result<Value, ValidationError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Value::Null);
        }
        let bad = |what: &str| ValidationError::new(format!("{raw:?} is not a {what}"));
        Ok(match kind {
            Kind::Text => Value::Text(raw.to_owned()),
            Kind::Int => Value::Int(raw.parse().map_err(|_| bad("whole number"))?),
            Kind::Float => {
                let number: f64 = raw.parse().map_err(|_| bad("number"))?;
                if !number.is_finite() {
                    return Err(bad("finite number"));
                }
                Value::Float(number)
            }
            Kind::Bool => match raw {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(bad("boolean (write true or false)")),
            },
            Kind::Time => {
                Value::Time(raw.parse().map_err(|_| bad("RFC 3339 instant (write e.g. 2025-03-01T09:30:00Z)"))?)
            }
            Kind::Date => Value::Date(raw.parse().map_err(|_| bad("date (write YYYY-MM-DD)"))?),
            Kind::List => Value::List(
                raw.split(LIST_SEPARATOR).map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect(),
            ),
        })
    }

    /// The cell as written to a file; `parse` reads it back to the same value.
    pub fn render(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(text) => text.clone(),
            Value::Int(number) => number.to_string(),
            Value::Float(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            Value::Time(at) => at.to_string(),
            Value::Date(date) => date.to_string(),
            Value::List(items) => items.join(";"),
        }
    }

    /// The value as a JSON literal, for the history's before/after documents.
    pub fn to_json(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Int(number) => number.to_string(),
            Value::Float(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|item| json_string(item)).collect();
                format!("[{}]", items.join(","))
            }
            other => json_string(&other.render()),
        }
    }
}

/// A JSON string literal for `text`.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}
impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}
impl From<i64> for Value {
    fn from(number: i64) -> Value {
        Value::Int(number)
    }
}
impl From<u8> for Value {
    fn from(number: u8) -> Value {
        Value::Int(number.into())
    }
}
impl From<u32> for Value {
    fn from(number: u32) -> Value {
        Value::Int(number.into())
    }
}
impl From<f64> for Value {
    fn from(number: f64) -> Value {
        Value::Float(number)
    }
}
impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}
impl From<Timestamp> for Value {
    fn from(at: Timestamp) -> Value {
        Value::Time(at)
    }
}
impl From<Date> for Value {
    fn from(date: Date) -> Value {
        Value::Date(date)
    }
}
impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Value {
        Value::List(items)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

/// A value refused, with the column it came from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FieldError {
    pub column: &'static str,
    pub reason: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.column, self.reason)
    }
}

/// An entity that is stored as one row of [`Record::COLUMNS`].
pub trait Record: Sized {
    const ENTITY: Entity;
    const COLUMNS: &'static [Column];
    /// Columns that identify a row; exports sort by them.
    const KEY: &'static [&'static str] = &["id"];

    /// The row's values in `COLUMNS` order.
    fn values(&self) -> Vec<Value>;
    /// Rebuilds and validates the entity from values in `COLUMNS` order.
    fn from_fields(fields: &mut Fields<'_>) -> Result<Self, FieldError>;
    /// The row's key, for messages and history (`p7`, or `r1/p7` for a composite key).
    fn key(&self) -> String;

    fn from_values(values: &[Value]) -> Result<Self, FieldError> {
        Self::from_fields(&mut Fields::new(Self::COLUMNS, values))
    }

    /// The row as a JSON object, for the history.
    fn to_json(&self) -> String {
        let members: Vec<String> = Self::COLUMNS
            .iter()
            .zip(self.values())
            .map(|(column, value)| format!("{}:{}", json_string(column.name), value.to_json()))
            .collect();
        format!("{{{}}}", members.join(","))
    }
}

/// Reads values in column order, validating each and naming the column in errors.
pub struct Fields<'a> {
    columns: &'static [Column],
    values: &'a [Value],
    next: usize,
}

impl<'a> Fields<'a> {
    pub fn new(columns: &'static [Column], values: &'a [Value]) -> Fields<'a> {
        Fields { columns, values, next: 0 }
    }

    fn take(&mut self) -> (&'static str, &'a Value) {
        let index = self.next;
        self.next += 1;
        let name = self.columns.get(index).map_or("?", |column| column.name);
        (name, self.values.get(index).unwrap_or(&Value::Null))
    }

    fn error(column: &'static str, reason: impl Into<String>) -> FieldError {
        FieldError { column, reason: reason.into() }
    }

    fn wrong_kind(column: &'static str, value: &Value, wanted: &str) -> FieldError {
        Self::error(column, format!("expected {wanted}, found {value:?}"))
    }

    /// An optional value parsed from text (ids, names, enums).
    pub fn opt_parse<T>(&mut self) -> Result<Option<T>, FieldError>
    where
        T: std::str::FromStr<Err = ValidationError>,
    {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (column, Value::Text(text)) => {
                text.parse().map(Some).map_err(|e: ValidationError| Self::error(column, e.reason))
            }
            (column, other) => Err(Self::wrong_kind(column, other, "text")),
        }
    }

    /// A required value parsed from text.
    pub fn parse<T>(&mut self) -> Result<T, FieldError>
    where
        T: std::str::FromStr<Err = ValidationError>,
    {
        let column = self.peek_name();
        self.opt_parse()?.ok_or_else(|| Self::error(column, "is required"))
    }

    pub fn opt_text(&mut self) -> Result<Option<String>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Text(text)) => Ok(Some(text.clone())),
            (column, other) => Err(Self::wrong_kind(column, other, "text")),
        }
    }

    pub fn opt_int(&mut self) -> Result<Option<i64>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Int(number)) => Ok(Some(*number)),
            (column, other) => Err(Self::wrong_kind(column, other, "a whole number")),
        }
    }

    /// An optional whole number within `range`.
    pub fn opt_int_in(&mut self, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>, FieldError> {
        let column = self.peek_name();
        match self.opt_int()? {
            Some(number) if !range.contains(&number) => {
                Err(Self::error(column, format!("{number} is outside {}..={}", range.start(), range.end())))
            }
            other => Ok(other),
        }
    }

    pub fn opt_float(&mut self) -> Result<Option<f64>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Float(number)) => Ok(Some(*number)),
            (_, Value::Int(number)) => Ok(Some(*number as f64)),
            (column, other) => Err(Self::wrong_kind(column, other, "a number")),
        }
    }

    pub fn opt_bool(&mut self) -> Result<Option<bool>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Bool(flag)) => Ok(Some(*flag)),
            (column, other) => Err(Self::wrong_kind(column, other, "true or false")),
        }
    }

    pub fn opt_time(&mut self) -> Result<Option<Timestamp>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Time(at)) => Ok(Some(*at)),
            (column, other) => Err(Self::wrong_kind(column, other, "an instant")),
        }
    }

    pub fn time(&mut self) -> Result<Timestamp, FieldError> {
        let column = self.peek_name();
        self.opt_time()?.ok_or_else(|| Self::error(column, "is required"))
    }

    pub fn opt_date(&mut self) -> Result<Option<Date>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(None),
            (_, Value::Date(date)) => Ok(Some(*date)),
            (column, other) => Err(Self::wrong_kind(column, other, "a date")),
        }
    }

    /// A list, each item parsed; an empty cell is an empty list.
    pub fn list<T>(&mut self) -> Result<Vec<T>, FieldError>
    where
        T: std::str::FromStr<Err = ValidationError>,
    {
        match self.take() {
            (_, Value::Null) => Ok(Vec::new()),
            (column, Value::List(items)) => items
                .iter()
                .map(|item| item.parse().map_err(|e: ValidationError| Self::error(column, e.reason)))
                .collect(),
            (column, other) => Err(Self::wrong_kind(column, other, "a list")),
        }
    }

    /// A list of free-text items; an empty cell is an empty list.
    pub fn text_list(&mut self) -> Result<Vec<String>, FieldError> {
        match self.take() {
            (_, Value::Null) => Ok(Vec::new()),
            (_, Value::List(items)) => Ok(items.clone()),
            (column, other) => Err(Self::wrong_kind(column, other, "a list")),
        }
    }

    /// The name of the column the next read will take, for errors found after reading.
    pub fn peek_name(&self) -> &'static str {
        self.columns.get(self.next).map_or("?", |column| column.name)
    }

    /// An error about a column read earlier (cross-field checks).
    pub fn refuse(column: &'static str, reason: impl Into<String>) -> FieldError {
        Self::error(column, reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_renders_to_text_that_parses_back_to_the_same_value() {
        let cases = [
            (Kind::Text, Value::Text("Ward 3, night shift".into())),
            (Kind::Int, Value::Int(-42)),
            (Kind::Float, Value::Float(1234.5)),
            (Kind::Bool, Value::Bool(true)),
            (Kind::Time, Value::Time("2025-03-01T09:30:00.123Z".parse().unwrap())),
            (Kind::Date, Value::Date("2025-03-01".parse().unwrap())),
            (Kind::List, Value::List(vec!["rota".into(), "night shift".into()])),
        ];
        for (kind, value) in cases {
            assert_eq!(Value::parse(kind, &value.render()), Ok(value));
        }
    }

    #[test]
    fn bad_cells_say_what_was_expected() {
        let error = Value::parse(Kind::Date, "01/03/2025").unwrap_err();
        assert!(error.reason.contains("YYYY-MM-DD"), "{error}");
        assert!(Value::parse(Kind::Float, "NaN").is_err());
        assert!(Value::parse(Kind::Bool, "yes").is_err());
    }

    #[test]
    fn json_escapes_quotes_and_control_characters() {
        assert_eq!(Value::Text("a\"b\n".into()).to_json(), r#""a\"b\n""#);
        assert_eq!(Value::List(vec!["x".into()]).to_json(), r#"["x"]"#);
    }
}
