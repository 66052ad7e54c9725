//! `GET /api/v1/network.graphml` and `GET /api/v1/network.gexf`: the advice network (seeker →
//! source) with person and team attributes, for Gephi, yEd, networkx or igraph. The writers are
//! `polylead_core::network_export`; `polylead network-export` writes the same files.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use polylead_core::analytics::Window;
use polylead_core::network_export::{to_gexf, to_graphml};
use polylead_store::Store;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::analytics::{MAX_WINDOW_DAYS, load_dataset};
use crate::AppState;
use crate::auth::Identity;
use crate::error::{ApiError, ErrorView};
use crate::extract::Query;
use crate::flow::now;

pub const GRAPHML_CONTENT_TYPE: &str = "application/graphml+xml; charset=utf-8";
pub const GEXF_CONTENT_TYPE: &str = "application/gexf+xml; charset=utf-8";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_graphml)).routes(routes!(get_gexf))
}

/// Which people and acts the export covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkQuery {
    /// Only people who were members in the window of this many days ending now, with their acts
    /// in it (1 to 3650). Default: everyone, every act.
    #[param(minimum = 1, maximum = 3650)]
    pub window_days: Option<u32>,
}

/// The window of `window_days` ending at `at`, after checking its length.
pub fn window(window_days: Option<u32>, at: jiff::Timestamp) -> Result<Option<Window>, ApiError> {
    window_days
        .map(|days| {
            if (1..=MAX_WINDOW_DAYS).contains(&days) {
                Ok(Window::ending(at, i64::from(days)))
            } else {
                Err(ApiError::Invalid(format!("window_days must be between 1 and {MAX_WINDOW_DAYS}, got {days}")))
            }
        })
        .transpose()
}

async fn export(
    store: &Store,
    query: &NetworkQuery,
    write: fn(&polylead_core::dataset::Dataset, Option<&Window>) -> String,
) -> Result<String, ApiError> {
    let window = window(query.window_days, now())?;
    let data = load_dataset(store).await?;
    tokio::task::spawn_blocking(move || write(&data, window.as_ref()))
        .await
        .map_err(|error| ApiError::Internal(format!("the network export failed: {error}")))
}

fn file(content_type: &'static str, name: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, name)], body).into_response()
}

/// The advice network as GraphML: people with name, team, team_name, level, superior, joined,
/// left, acts and advice_in_degree; directed ties seeker → source with weight, subject and wave.
#[utoipa::path(
    get,
    path = "/network.graphml",
    tag = "analytics",
    params(NetworkQuery),
    responses(
        (status = OK, description = "GraphML", content_type = "application/graphml+xml", body = String),
        (status = FORBIDDEN, description = "Not an admin: the network is person-level data", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "window_days out of range", body = ErrorView),
    )
)]
async fn get_graphml(
    identity: Identity,
    State(store): State<Store>,
    Query(query): Query<NetworkQuery>,
) -> Result<Response, ApiError> {
    crate::privacy::require_everyone(&store, &identity, "the advice network with every tie").await?;
    let body = export(&store, &query, to_graphml).await?;
    Ok(file(GRAPHML_CONTENT_TYPE, "attachment; filename=\"advice.graphml\"", body))
}

/// The advice network as GEXF 1.3, with the same attributes declared (node label = name).
#[utoipa::path(
    get,
    path = "/network.gexf",
    tag = "analytics",
    params(NetworkQuery),
    responses(
        (status = OK, description = "GEXF 1.3", content_type = "application/gexf+xml", body = String),
        (status = FORBIDDEN, description = "Not an admin: the network is person-level data", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "window_days out of range", body = ErrorView),
    )
)]
async fn get_gexf(
    identity: Identity,
    State(store): State<Store>,
    Query(query): Query<NetworkQuery>,
) -> Result<Response, ApiError> {
    crate::privacy::require_everyone(&store, &identity, "the advice network with every tie").await?;
    let body = export(&store, &query, to_gexf).await?;
    Ok(file(GEXF_CONTENT_TYPE, "attachment; filename=\"advice.gexf\"", body))
}
