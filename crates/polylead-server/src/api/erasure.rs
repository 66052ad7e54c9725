//! `POST /api/v1/people/{id}/erasure`: an admin erases a person. The history and the acts keep
//! their shape but lose the identity: see [`crate::privacy::erase`].

use std::collections::BTreeMap;

use axum::extract::State;
use polylead_core::ids::PersonId;
use polylead_store::{Erasure, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};
use crate::extract::{Admin, Path};
use crate::privacy::erase;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_erasure))
}

/// What an erasure changed. The person's former id is not kept anywhere.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErasureView {
    /// The id the person's rows, history and acts now carry.
    #[schema(example = "erased-3f9a2c1b7d4e6a08")]
    pub pseudonym: String,
    /// Cells now naming the pseudonym, per table and column (`acts.actor_id`).
    pub renamed: BTreeMap<String, u64>,
    /// History entries rewritten.
    pub history_entries: u64,
    /// Audit entries rewritten.
    pub audit_entries: u64,
    /// Roles the person no longer fills.
    pub removed_fillings: Vec<String>,
    /// Delegations to the person that had not ended, removed.
    pub removed_delegations: Vec<String>,
}

impl From<Erasure> for ErasureView {
    fn from(erasure: Erasure) -> ErasureView {
        ErasureView {
            pseudonym: erasure.pseudonym.to_string(),
            renamed: erasure.renamed,
            history_entries: erasure.history_entries,
            audit_entries: erasure.audit_entries,
            removed_fillings: erasure.removed_fillings,
            removed_delegations: erasure.removed_delegations,
        }
    }
}

/// Erases a person (admins only; audited): their id becomes a pseudonym and their name,
/// e-mail address and skills are removed everywhere, the history and audit log included;
/// their account, sessions, tokens, role fillings and delegations not yet ended go. Every
/// decision, response, act and advice tie stays, under the pseudonym. Refused while the person
/// is named in a rule: change the rule by a governance decision first.
#[utoipa::path(
    post,
    path = "/people/{id}/erasure",
    tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = OK, body = ErasureView),
        (status = NOT_FOUND, description = "No such person", body = ErrorView),
        (status = CONFLICT, description = "The person is named in the decision rights", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "An admin cannot erase themselves", body = ErrorView),
    )
)]
async fn create_erasure(
    Admin(admin): Admin,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<axum::Json<ErasureView>, ApiError> {
    let person = PersonId::parse(&id)?;
    Ok(axum::Json(erase(&store, &person, admin.person.as_str()).await?.into()))
}
