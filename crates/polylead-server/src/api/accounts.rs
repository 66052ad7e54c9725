//! `GET /api/v1/me`: who the caller is; `/api/v1/accounts/{id}/reset-link`: an admin issues a
//! single-use password-reset link.

use axum::extract::State;
use axum::http::StatusCode;
use polylead_core::ids::PersonId;
use polylead_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::tokens::{RESET_LINK_HOURS, issue_reset_link};
use crate::auth::{Identity, Via};
use crate::error::{ApiError, ErrorView};
use crate::extract::{Admin, Path};
use crate::flow;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_me)).routes(routes!(create_reset_link))
}

/// Who is calling, and how they proved it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeView {
    /// The person's id.
    #[schema(example = "ana")]
    pub person: String,
    pub name: String,
    /// `admin`, `member` or `observer`.
    pub role: String,
    /// `session` (a signed-in browser) or `token`.
    pub via: String,
    /// The API token's id and scope (`read` or `write`), when called with one.
    pub token_id: Option<String>,
    pub scope: Option<String>,
}

/// Who the caller is: the person, their role, and the session or token used.
#[utoipa::path(get, path = "/me", tag = "accounts", responses((status = OK, body = MeView)))]
async fn get_me(identity: Identity, State(state): State<AppState>) -> Result<axum::Json<MeView>, ApiError> {
    let organisation = state.structure.current(&state.store).await?;
    let name =
        organisation.person(&identity.person).map_or_else(|| identity.person.to_string(), |p| p.name.to_string());
    let (via, token_id, scope) = match &identity.via {
        Via::Session { .. } => ("session", None, None),
        Via::Token { id, scope } => ("token", Some(id.clone()), Some(scope.to_string())),
    };
    Ok(axum::Json(MeView {
        person: identity.person.to_string(),
        name,
        role: identity.role.to_string(),
        via: via.to_owned(),
        token_id,
        scope,
    }))
}

/// A password-reset link: send it to the person privately.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetLinkView {
    /// The page where the person sets a new password, relative to the site's address.
    #[schema(example = "/reset-password/5b0c…")]
    pub path: String,
    /// How long it works (once).
    pub valid_hours: i64,
}

/// Issues a single-use password-reset link for a person's account (admins only; audited).
#[utoipa::path(
    post,
    path = "/accounts/{id}/reset-link",
    tag = "accounts",
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = CREATED, body = ResetLinkView),
        (status = UNPROCESSABLE_ENTITY, description = "The person has no account", body = ErrorView),
    )
)]
async fn create_reset_link(
    Admin(admin): Admin,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<(StatusCode, axum::Json<ResetLinkView>), ApiError> {
    let person = PersonId::parse(&id)?;
    let path = issue_reset_link(&store, &person, admin.person.as_str(), flow::now()).await?;
    Ok((StatusCode::CREATED, axum::Json(ResetLinkView { path, valid_hours: RESET_LINK_HOURS })))
}
