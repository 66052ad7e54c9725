//! `GET /api/v1/people/{id}/data`: everything polylead stores about a person, as one JSON
//! document they (or an admin, audited) can download: their record, account, tokens (never
//! secrets), roles filled, delegations, decisions, responses, leadership acts, advice ties,
//! the history entries they made or that concern their record, and the audit entries about
//! them.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use polylead_core::decision::Response as DecisionResponse;
use polylead_core::domain::Delegation;
use polylead_core::ids::PersonId;
use polylead_core::person::Person;
use polylead_core::record::{Entity, Record};
use polylead_core::role::RoleFiller;
use polylead_store::{DecisionFilter, HistoryFilter, Store};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api::tokens::TokenView;
use crate::auth::Identity;
use crate::error::{ApiError, ErrorView};
use crate::extract::Path;
use crate::flow::now;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(download))
}

/// The most rows of one kind a download holds (a person with more acts than this gets the
/// most recent ones, and the document says so).
const MOST_ROWS: u64 = 100_000;

/// Everything stored about a person, as a JSON attachment. Only the person themselves and
/// admins may download it; an admin's download is written to the audit log.
#[utoipa::path(
    get,
    path = "/people/{id}/data",
    tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = OK, description = "Everything stored about the person", content_type = "application/json", body = Object),
        (status = FORBIDDEN, description = "Neither this person nor an admin", body = ErrorView),
        (status = NOT_FOUND, description = "No such person", body = ErrorView),
    )
)]
async fn download(
    identity: Identity,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let person = PersonId::parse(&id)?;
    if identity.person != person && !crate::privacy::sees_everyone(&identity) {
        return Err(ApiError::Denied("only this person and admins may download their data".to_owned()));
    }
    let document = personal_data(&store, &person).await?;
    if identity.person != person {
        crate::privacy::audit(&store, &identity, "everything stored about the person", Some(person.as_str())).await?;
    }
    let disposition = format!("attachment; filename=\"polylead-{person}.json\"");
    Ok((
        [(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        document.to_string(),
    )
        .into_response())
}

/// The document of everything stored about `person`.
pub async fn personal_data(store: &Store, person: &PersonId) -> Result<Value, ApiError> {
    let record = store
        .get::<Person>(person.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found(Entity::Person, person.as_str()))?;
    let account = store.account(person).await?.map(|account| {
        json!({
            "role": account.role.as_str(),
            "created_at": account.created_at.to_string(),
            "failed_sign_ins": account.failed_sign_ins,
            "locked_until": account.locked_until.map(|at| at.to_string()),
        })
    });
    let tokens: Vec<TokenView> = store.tokens(person).await?.iter().map(TokenView::from).collect();
    let fillers: Vec<RoleFiller> = store.all().await?;
    let delegations: Vec<Delegation> = store.all().await?;
    let responses: Vec<DecisionResponse> = store.all().await?;
    let decisions = store
        .decision_page(&DecisionFilter { person: Some(person.clone()), ..DecisionFilter::default() }, 0, MOST_ROWS)
        .await?;
    let acts = store.acts_by(person, jiff::Timestamp::UNIX_EPOCH).await?;
    let ties = store.advice_ties_of(person).await?;
    let made = store
        .history_page(&HistoryFilter { actor: Some(person.to_string()), ..HistoryFilter::default() }, 0, MOST_ROWS)
        .await?;
    let about = store
        .history_page(
            &HistoryFilter { rows: vec![("people".to_owned(), person.to_string())], ..HistoryFilter::default() },
            0,
            MOST_ROWS,
        )
        .await?;
    let audit = store.audit_entries(Some(person.as_str()), 10_000).await?;
    let change = |change: &polylead_store::Change| {
        json!({
            "at": change.at.to_string(),
            "actor": change.actor,
            "table": change.entity,
            "key": change.key,
            "action": change.action,
            "before": change.before.as_deref().and_then(|text| serde_json::from_str::<Value>(text).ok()),
            "after": change.after.as_deref().and_then(|text| serde_json::from_str::<Value>(text).ok()),
        })
    };
    Ok(json!({
        "person": row(&record),
        "downloaded_at": now().to_string(),
        "account": account,
        "api_tokens": tokens,
        "roles_filled": fillers.iter().filter(|filler| &filler.person == person).map(row).collect::<Vec<_>>(),
        "delegations": delegations
            .iter()
            .filter(|delegation| &delegation.delegate == person || delegation.delegated_by.as_ref() == Some(person))
            .map(row)
            .collect::<Vec<_>>(),
        "decisions_proposed_or_decided": decisions.items.iter().map(row).collect::<Vec<_>>(),
        "responses": responses.iter().filter(|response| &response.person == person).map(row).collect::<Vec<_>>(),
        "leadership_acts": acts.iter().map(row).collect::<Vec<_>>(),
        "advice_ties": ties.iter().map(row).collect::<Vec<_>>(),
        "history_made_by_them": made.items.iter().map(change).collect::<Vec<_>>(),
        "history_of_their_record": about.items.iter().map(change).collect::<Vec<_>>(),
        "audit_entries_about_them": audit
            .iter()
            .map(|entry| json!({"at": entry.at.to_string(), "actor": entry.actor, "action": entry.action, "detail": entry.detail}))
            .collect::<Vec<_>>(),
    }))
}

/// A record as a JSON object of its columns (the history's shape).
fn row<T: Record>(record: &T) -> Value {
    serde_json::from_str(&record.to_json()).unwrap_or(Value::Null)
}
