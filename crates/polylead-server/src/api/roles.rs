//! `/api/v1/roles`: roles in teams and the leadership contributions they carry.

use axum::Json;
use axum::extract::State;
use polylead_core::ids::RoleId;
use polylead_core::role::Role;
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
    OpenApiRouter::new().routes(routes!(list_roles)).routes(routes!(get_role))
}

/// A role as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleView {
    #[schema(example = "r3")]
    pub id: String,
    /// Id of the team the role lives in.
    pub team_id: String,
    pub name: String,
    /// Why the role exists.
    pub purpose: Option<String>,
    /// Ongoing activities the role performs.
    pub accountabilities: Vec<String>,
    /// Leadership contribution types carried: `vision_direction`, `execution_delivery`,
    /// `relationship_culture`, `technical_expertise`, `challenge_critique`.
    pub contributions: Vec<String>,
    /// Flagged critical for succession planning.
    pub critical: bool,
}

impl From<Role> for RoleView {
    fn from(role: Role) -> RoleView {
        RoleView {
            id: role.id.to_string(),
            team_id: role.team.to_string(),
            name: role.name.to_string(),
            purpose: role.purpose,
            accountabilities: role.accountabilities,
            contributions: role.contributions.iter().map(|c| c.as_str().to_owned()).collect(),
            critical: role.critical,
        }
    }
}

/// Roles in id order, one page at a time.
#[utoipa::path(
    get,
    path = "/roles",
    tag = "roles",
    params(PageQuery),
    responses(
        (status = OK, body = PageView<RoleView>),
        (status = UNPROCESSABLE_ENTITY, description = "Bad offset or limit", body = ErrorView),
    )
)]
async fn list_roles(
    State(store): State<Store>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<RoleView>>, ApiError> {
    Ok(Json(list::<Role, _>(&store, &query, RoleView::from).await?))
}

/// One role.
#[utoipa::path(
    get,
    path = "/roles/{id}",
    tag = "roles",
    params(("id" = String, Path, description = "Role id", example = "r3")),
    responses(
        (status = OK, body = RoleView),
        (status = NOT_FOUND, description = "No such role", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "Not a valid id", body = ErrorView),
    )
)]
async fn get_role(State(store): State<Store>, Path(id): Path<String>) -> Result<Json<RoleView>, ApiError> {
    let id = RoleId::parse(&id)?;
    Ok(Json(fetch::<Role>(&store, id.as_str()).await?.into()))
}
