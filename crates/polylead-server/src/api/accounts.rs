//! `/api/v1/accounts/{id}/reset-link`: an admin issues a single-use password-reset link.

use axum::extract::State;
use axum::http::StatusCode;
use polylead_core::ids::PersonId;
use polylead_store::Store;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::tokens::{RESET_LINK_HOURS, issue_reset_link};
use crate::error::{ApiError, ErrorView};
use crate::extract::{Admin, Path};
use crate::flow;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_reset_link))
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
