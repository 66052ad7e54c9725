//! The store's one error type. Messages say what to do where the store can tell.

use sqlx::error::ErrorKind;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{entity} {key} not found")]
    NotFound { entity: &'static str, key: String },
    /// A row would repeat a stored key (or a unique pair such as a rule's domain and position).
    #[error("{reason}")]
    Conflict { entity: &'static str, reason: String },
    /// Data the store refuses: a reference to a row that does not exist, a missing value, an
    /// unsupported database URL.
    #[error("{0}")]
    Invalid(String),
    /// Data already stored that no longer validates (a fault of the database, not the request).
    #[error("{0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(
        "database migration failed: {0}. If the database was written by a newer polylead, \
         upgrade polylead; if a migration was edited after it ran, restore it and add a new one"
    )]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The detail PostgreSQL attaches to constraint errors ("Key (id)=(p1) already exists.");
/// SQLite has none.
fn detail(error: &dyn sqlx::error::DatabaseError) -> Option<String> {
    error.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().and_then(|pg| pg.detail()).map(str::to_owned)
}

/// Maps constraint violations on inserting `entity` rows to errors that say how to fix them;
/// everything else stays a database error. SQLite reports no constraint names, so this
/// matches the kind of violation, not its name.
pub(crate) fn on_write(entity: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => {
                let what = detail(db.as_ref()).unwrap_or_else(|| db.message().to_owned());
                StoreError::Conflict {
                    entity,
                    reason: format!(
                        "a {entity} in this batch already exists in the database ({what}); \
                         remove or rename the repeated ids and try again"
                    ),
                }
            }
            ErrorKind::ForeignKeyViolation => foreign_key(db.as_ref()),
            ErrorKind::NotNullViolation | ErrorKind::CheckViolation => StoreError::Invalid(format!(
                "a {entity} row was refused by the database: {}; check the batch with polylead's import checks",
                detail(db.as_ref()).unwrap_or_else(|| db.message().to_owned())
            )),
            _ => error.into(),
        },
        _ => error.into(),
    }
}

/// Maps a failed commit: foreign keys are checked then (they are deferred).
pub(crate) fn on_commit(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation => foreign_key(db.as_ref()),
        _ => error.into(),
    }
}

fn foreign_key(db: &dyn sqlx::error::DatabaseError) -> StoreError {
    let what = detail(db).unwrap_or_else(|| db.message().to_owned());
    StoreError::Invalid(format!(
        "a row refers to a row that does not exist ({what}); nothing was saved. \
         Check the batch (polylead's import checks name the row and column) and add the missing rows first"
    ))
}
