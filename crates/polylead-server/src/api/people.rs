//! `/api/v1/people`: members of the organisation, past and present.

use axum::Json;
use axum::extract::State;
use polylead_core::ids::PersonId;
use polylead_core::person::Person;
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
    OpenApiRouter::new().routes(routes!(list_people)).routes(routes!(get_person))
}

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    #[schema(example = "p7")]
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    /// Skills and expertise keywords, lower case.
    pub skills: Vec<String>,
    /// Reporting steps below the top of the organisation (0 = head).
    pub level: Option<u8>,
    /// Id of the formal superior.
    pub superior_id: Option<String>,
    /// Id of the primary team.
    pub team_id: Option<String>,
    /// ISO date (`YYYY-MM-DD`) the person joined.
    #[schema(example = "2021-04-01")]
    pub joined_on: Option<String>,
    /// ISO date the person left; null while a member.
    pub left_on: Option<String>,
}

impl From<Person> for PersonView {
    fn from(person: Person) -> PersonView {
        PersonView {
            id: person.id.to_string(),
            name: person.name.to_string(),
            email: person.email.map(|email| email.to_string()),
            skills: person.skills.iter().map(ToString::to_string).collect(),
            level: person.level,
            superior_id: person.superior.map(|id| id.to_string()),
            team_id: person.team.map(|id| id.to_string()),
            joined_on: person.joined.map(|date| date.to_string()),
            left_on: person.left.map(|date| date.to_string()),
        }
    }
}

/// People in id order, one page at a time.
#[utoipa::path(
    get,
    path = "/people",
    tag = "people",
    params(PageQuery),
    responses(
        (status = OK, body = PageView<PersonView>),
        (status = UNPROCESSABLE_ENTITY, description = "Bad offset or limit", body = ErrorView),
    )
)]
async fn list_people(
    State(store): State<Store>,
    Query(query): Query<PageQuery>,
) -> Result<Json<PageView<PersonView>>, ApiError> {
    Ok(Json(list::<Person, _>(&store, &query, PersonView::from).await?))
}

/// One person.
#[utoipa::path(
    get,
    path = "/people/{id}",
    tag = "people",
    params(("id" = String, Path, description = "Person id", example = "p7")),
    responses(
        (status = OK, body = PersonView),
        (status = NOT_FOUND, description = "No such person", body = ErrorView),
        (status = UNPROCESSABLE_ENTITY, description = "Not a valid id", body = ErrorView),
    )
)]
async fn get_person(State(store): State<Store>, Path(id): Path<String>) -> Result<Json<PersonView>, ApiError> {
    let id = PersonId::parse(&id)?;
    Ok(Json(fetch::<Person>(&store, id.as_str()).await?.into()))
}
