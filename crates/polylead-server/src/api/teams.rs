//! `/api/v1/teams`: teams (circles), possibly nested in one another.

use axum::Json;
use axum::extract::State;
use polylead_core::ids::TeamId;
use polylead_core::team::Team;
use polylead_store::Store;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api::{PageQuery, PageView, fetch, list};
use crate::error::{ApiError, ErrorView};
use crate::extract::{Path, Query};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_teams)).routes(routes!(get_team))
}

/// A team as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamView {
    #[schema(example = "t1")]
    pub id: String,
    pub name: String,
    /// Why the team exists.
    pub purpose: Option<String>,
    /// Id of the team this one is nested in; null at the top.
    pub parent_id: Option<String>,
}

impl From<Team> for TeamView {
    fn from(team: Team) -> TeamView {
        TeamView {
            id: team.id.to_string(),
            name: team.name.to_string(),
            purpose: team.purpose,
            parent_id: team.parent.map(|id| id.to_string()),
        }
    }
}

/// Teams in id order, one page at a time.
#[utoipa::path(
    get,
    path = "/teams",
    tag = "teams",
    params(PageQuery),
    responses(
        (status = OK, body = PageView<TeamView>),
        (status = UNPROCESSABLE_ENTITY, description = "Bad offset or limit", body = ErrorView),
    )
)]
async fn list_teams(
    State(store): State<Store>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<TeamView>>, ApiError> {
    Ok(Json(list::<Team, _>(&store, &query, TeamView::from).await?))
}

/// One team.
#[utoipa::path(
    get,
    path = "/teams/{id}",
    tag = "teams",
    params(("id" = String, Path, description = "Team id", example = "t1")),
    responses(
        (status = OK, body = TeamView),
        (status = NOT_FOUND, description = "No such team", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "Not a valid id", body = ErrorView),
    )
)]
async fn get_team(State(store): State<Store>, Path(id): Path<String>) -> Result<Json<TeamView>, ApiError> {
    let id = TeamId::parse(&id)?;
    Ok(Json(fetch::<Team>(&store, id.as_str()).await?.into()))
}
