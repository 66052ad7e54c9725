//! The one generic mapping between a record's [`Value`]s and SQL, by column [`Kind`]:
//! Text/Date/List as TEXT (a list joined by `;`, an empty list as NULL), Int as BIGINT,
//! Bool as BIGINT 0/1, Time as BIGINT unix milliseconds, Float as DOUBLE PRECISION (REAL).
//! sqlx's `Any` driver carries only bools, integers, floats, text and bytes, which is why.

use jiff::Timestamp;
use jiff::civil::Date;
use polylead_core::record::{Column, Kind, LIST_SEPARATOR, Record, Value};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Arguments, Row};

use crate::{Backend, StoreError};

/// Appends `value` for `column` of `table` to `args`, typed by the column's kind (a NULL too:
/// PostgreSQL refuses a text NULL for a BIGINT column).
pub(crate) fn bind(args: &mut AnyArguments, table: &str, column: &Column, value: Value) -> Result<(), StoreError> {
    let added = match (column.kind, value) {
        (Kind::Int | Kind::Bool | Kind::Time, Value::Null) => args.add(None::<i64>),
        (Kind::Float, Value::Null) => args.add(None::<f64>),
        (Kind::Text | Kind::Date | Kind::List, Value::Null) => args.add(None::<String>),
        (Kind::Text, Value::Text(text)) => args.add(text),
        (Kind::Date, Value::Date(date)) => args.add(date.to_string()),
        (Kind::List, Value::List(items)) if items.is_empty() => args.add(None::<String>),
        (Kind::List, Value::List(items)) => args.add(items.join(";")),
        (Kind::Int, Value::Int(number)) => args.add(number),
        (Kind::Bool, Value::Bool(flag)) => args.add(i64::from(flag)),
        (Kind::Time, Value::Time(at)) => args.add(at.as_millisecond()),
        (Kind::Float, Value::Float(number)) => args.add(number),
        (Kind::Float, Value::Int(number)) => args.add(number as f64),
        (kind, value) => {
            return Err(StoreError::Invalid(format!(
                "{table}.{}: expected a {} value, got {value:?} (a bug in the record's values())",
                column.name,
                kind.describe()
            )));
        }
    };
    added.map_err(|e| StoreError::Db(sqlx::Error::Encode(e)))
}

/// Decodes a row selected with [`select_columns`] into `T`. A stored value that does not
/// decode or validate is [`StoreError::Invalid`] naming the table, the row's key and the column.
pub(crate) fn decode<T: Record>(row: &AnyRow) -> Result<T, StoreError> {
    let mut values = Vec::with_capacity(T::COLUMNS.len());
    for (index, column) in T::COLUMNS.iter().enumerate() {
        let value = cell(row, index, column.kind).map_err(|reason| invalid::<T>(row, column.name, &reason))?;
        values.push(value);
    }
    T::from_values(&values).map_err(|e| invalid::<T>(row, e.column, &e.reason))
}

fn invalid<T: Record>(row: &AnyRow, column: &str, reason: &str) -> StoreError {
    let key: Vec<String> = T::KEY
        .iter()
        .map(|name| row.try_get::<Option<String>, _>(*name).ok().flatten().unwrap_or_else(|| "?".to_owned()))
        .collect();
    StoreError::Corrupt(format!(
        "stored row {} of table {} is invalid in column {column}: {reason}; correct it in the database or re-import it",
        key.join("/"),
        T::ENTITY.table()
    ))
}

fn cell(row: &AnyRow, index: usize, kind: Kind) -> Result<Value, String> {
    let text = || row.try_get::<Option<String>, _>(index).map_err(|e| e.to_string());
    let int = || row.try_get::<Option<i64>, _>(index).map_err(|e| e.to_string());
    Ok(match kind {
        Kind::Text => text()?.map_or(Value::Null, Value::Text),
        Kind::Date => match text()? {
            None => Value::Null,
            Some(raw) => Value::Date(raw.parse::<Date>().map_err(|e| format!("{raw:?} is not a date: {e}"))?),
        },
        Kind::List => match text()? {
            None => Value::Null,
            Some(raw) => Value::List(
                raw.split(LIST_SEPARATOR).map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect(),
            ),
        },
        Kind::Int => int()?.map_or(Value::Null, Value::Int),
        Kind::Bool => match int()? {
            None => Value::Null,
            Some(0) => Value::Bool(false),
            Some(1) => Value::Bool(true),
            Some(other) => return Err(format!("{other} is not a boolean (0 or 1)")),
        },
        Kind::Time => match int()? {
            None => Value::Null,
            Some(ms) => Value::Time(Timestamp::from_millisecond(ms).map_err(|e| format!("{ms} ms: {e}"))?),
        },
        // SQLite may hand back a whole REAL as an integer.
        Kind::Float => match row.try_get::<Option<f64>, _>(index) {
            Ok(number) => number.map_or(Value::Null, Value::Float),
            Err(_) => int()?.map_or(Value::Null, |number| Value::Float(number as f64)),
        },
    })
}

/// Whether a statement binding `columns` may be prepared once and reused. Not on PostgreSQL
/// when a column is a float: sqlx's Any driver declares a NULL float parameter with another
/// type than a float value, and PostgreSQL then refuses the value on a statement first
/// prepared with a NULL ("incorrect binary data format").
pub(crate) fn reusable(backend: Backend, columns: &[Column]) -> bool {
    backend == Backend::Sqlite || !columns.iter().any(|column| column.kind == Kind::Float)
}

/// `"a", "b", "c"`: column names quoted, so words such as `position` or `key` are safe.
pub(crate) fn column_list(columns: impl IntoIterator<Item = &'static str>) -> String {
    columns.into_iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ")
}

/// `SELECT <all columns> FROM <table>`.
pub(crate) fn select_columns<T: Record>() -> String {
    format!("SELECT {} FROM {}", column_list(T::COLUMNS.iter().map(|c| c.name)), T::ENTITY.table())
}

/// ` ORDER BY <key columns>`.
pub(crate) fn order_by_key<T: Record>() -> String {
    format!(" ORDER BY {}", column_list(T::KEY.iter().copied()))
}

/// `INSERT INTO <table> (<columns>) VALUES ($1, …), (…)` for `rows` rows.
///
/// The one place with backend-specific SQL: on SQLite the placeholders are plain `?`.
/// sqlx binds each numbered SQLite parameter by asking SQLite for its name, which SQLite
/// finds by a linear scan, so binding n numbered parameters costs O(n²): 30 times slower
/// for a statement of 8,000 parameters. Plain `?` parameters have no name and bind in O(n).
pub(crate) fn insert_sql(backend: Backend, table: &str, columns: &[Column], rows: usize) -> String {
    let width = columns.len();
    let verb = match backend {
        Backend::Sqlite => "INSERT OR FAIL",
        Backend::Postgres => "INSERT",
    };
    let mut sql = format!("{verb} INTO {table} ({}) VALUES ", column_list(columns.iter().map(|c| c.name)));
    sql.reserve(rows * width * 8);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(row * width + column + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}
