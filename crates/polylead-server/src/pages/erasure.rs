//! Erasing a person from their page: admins only, never oneself, confirmed by typing the
//! person's id (see [`crate::privacy::erase`]).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use polylead_store::StoreError;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::Path;
use crate::pages::person::{find_person, person_page};
use crate::pages::{PageError, Viewer, tokens};
use crate::{AppState, privacy};

/// The erase form of a person page.
#[derive(Default)]
pub struct EraseSection {
    /// Whether the viewer may erase this person (an admin, not themselves).
    pub offered: bool,
    /// What was typed in the confirmation field, and why the erasure was refused.
    pub typed: String,
    pub error: Option<String>,
}

impl EraseSection {
    pub fn for_viewer(viewer: &Viewer, person: &str) -> EraseSection {
        EraseSection { offered: viewer.is_admin && viewer.person != person, ..EraseSection::default() }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub confirm: String,
}

/// `POST /people/{id}/erase`: erases the person, then shows the page of their pseudonym.
pub async fn erase_person(
    viewer: Viewer,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<EraseForm>,
) -> Result<Response, PageError> {
    let person = find_person(&state, &raw).await?;
    if !EraseSection::for_viewer(&viewer, person.as_str()).offered {
        return Err(PageError(ApiError::Denied(
            "only admins may erase a person, and never themselves; ask another admin".to_owned(),
        )));
    }
    let refusal = if form.confirm.trim() != person.as_str() {
        format!("Type {person} exactly to confirm; an erasure cannot be undone.")
    } else {
        match privacy::erase(&state.store, &person, &viewer.person).await {
            Ok(erasure) => return Ok(Redirect::to(&format!("/people/{}", erasure.pseudonym)).into_response()),
            Err(ApiError::Store(StoreError::Conflict { reason, .. })) => reason,
            Err(error) => return Err(error.into()),
        }
    };
    let tokens = tokens::section(&state, &viewer, &person, None).await?;
    let mut page = person_page(&state, viewer, &person, tokens).await?;
    page.erase.typed = form.confirm;
    page.erase.error = Some(refusal);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
