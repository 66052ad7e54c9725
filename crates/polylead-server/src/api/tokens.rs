//! `/api/v1/tokens`: the signed-in person's API tokens — create (the secret is shown once),
//! list, revoke.

use axum::extract::State;
use axum::http::StatusCode;
use polylead_core::account::{AccountRole, TokenScope};
use polylead_store::{ApiToken, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Identity;
use crate::auth::tokens::{NewToken, create_token};
use crate::error::{ApiError, ErrorView};
use crate::extract::{Json, Path};
use crate::flow;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(revoke))
}

/// A token to create for yourself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// What you will use it for.
    #[schema(example = "laptop CLI")]
    pub name: String,
    /// `read` (GET requests only) or `write` (everything your role allows).
    #[schema(example = "read")]
    pub scope: String,
    /// Days until it expires, 1 to 365 (default 90).
    pub days: Option<u32>,
}

/// An API token (never with its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    #[schema(example = "tok_3f2a9c0d1e4b5a6c")]
    pub id: String,
    pub person: String,
    pub name: String,
    pub scope: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A token just created, with its secret: store it now, it is never shown again.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedTokenView {
    #[serde(flatten)]
    pub token: TokenView,
    /// Send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

impl From<&ApiToken> for TokenView {
    fn from(token: &ApiToken) -> TokenView {
        TokenView {
            id: token.id.clone(),
            person: token.person.to_string(),
            name: token.name.clone(),
            scope: token.scope.to_string(),
            created_at: token.created_at.to_string(),
            expires_at: token.expires_at.to_string(),
            last_used_at: token.last_used_at.map(|at| at.to_string()),
            revoked_at: token.revoked_at.map(|at| at.to_string()),
        }
    }
}

/// Creates an API token for the signed-in person.
#[utoipa::path(
    post,
    path = "/tokens",
    tag = "tokens",
    request_body = TokenRequest,
    responses(
        (status = CREATED, body = CreatedTokenView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad name, scope or lifetime", body = ErrorView),
    )
)]
async fn create(
    identity: Identity,
    State(store): State<Store>,
    Json(request): Json<TokenRequest>,
) -> Result<(StatusCode, axum::Json<CreatedTokenView>), ApiError> {
    let scope: TokenScope = request.scope.parse()?;
    let new = NewToken { person: identity.person, name: request.name, scope, days: request.days.unwrap_or(90) };
    let (token, secret) = create_token(&store, new, flow::now()).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedTokenView { token: TokenView::from(&token), secret })))
}

/// The signed-in person's tokens, newest first (revoked and expired ones included).
#[utoipa::path(get, path = "/tokens", tag = "tokens", responses((status = OK, body = Vec<TokenView>)))]
async fn list(identity: Identity, State(store): State<Store>) -> Result<axum::Json<Vec<TokenView>>, ApiError> {
    Ok(axum::Json(store.tokens(&identity.person).await?.iter().map(TokenView::from).collect()))
}

/// Revokes a token of yours (admins: anyone's). A revoked token is refused from then on.
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "tokens",
    params(("id" = String, Path, description = "Token id")),
    responses(
        (status = NO_CONTENT, description = "Revoked"),
        (status = NOT_FOUND, description = "No such token of yours", body = ErrorView),
    )
)]
async fn revoke(
    identity: Identity,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let token = store.token(&id).await?;
    if token.person != identity.person && identity.role != AccountRole::Admin {
        return Err(ApiError::NotFound { entity: "token", id });
    }
    store.revoke_token(&id, flow::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
