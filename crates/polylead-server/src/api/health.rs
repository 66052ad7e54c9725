//! `GET /api/v1/health`: the server runs and its database answers.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use polylead_store::{Backend, Store};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_health))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    /// Always `ok` when the database answered.
    #[schema(example = "ok")]
    pub status: String,
    /// The server's version.
    #[schema(example = "0.1.0")]
    pub version: String,
    /// The database in use: `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub backend: String,
    /// Stored rows per entity, keyed by table name (`people`, `teams`, …).
    pub counts: BTreeMap<String, u64>,
}

/// Whether the server and its database answer, with row counts.
#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses(
        (status = OK, body = HealthView),
        (status = INTERNAL_SERVER_ERROR, description = "The database does not answer", body = ErrorView),
    )
)]
async fn get_health(State(store): State<Store>) -> Result<Json<HealthView>, ApiError> {
    let counts = store.counts().await?;
    Ok(Json(HealthView {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: backend_name(store.backend()).to_owned(),
        counts: counts.into_iter().map(|(entity, count)| (entity.table().to_owned(), count)).collect(),
    }))
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}
