//! `GET /api/v1/audit`: the audit log for admins, newest first, in pages — views of
//! person-level analytics, refusals, reset links, erasures, structure changes made at once.

use axum::extract::State;
use polylead_store::{AuditEntry, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};
use crate::extract::{Admin, Query};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

/// The most entries one page holds, and how many it holds unless asked.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries about this subject (a person id, a token id, a path).
    pub subject: Option<String>,
    /// Only entries before this position (the `next_before` of the previous page).
    pub before: Option<i64>,
    /// How many entries, 1 to 1000. Default 100.
    pub limit: Option<u32>,
}

/// One audit entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntryView {
    /// Its position: later entries have larger numbers.
    pub seq: i64,
    /// When, RFC 3339.
    pub at: String,
    /// Who did it (a person id, or `cli`).
    pub actor: String,
    /// `viewed_person_analytics`, `refused`, `refused_token`, `issued_reset_link`,
    /// `erased_person` or `applied_structure_change`.
    pub action: String,
    /// What it concerned, if one thing.
    pub subject: Option<String>,
    pub detail: String,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> AuditEntryView {
        AuditEntryView {
            seq: entry.seq,
            at: entry.at.to_string(),
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            detail: entry.detail,
        }
    }
}

/// A page of the audit log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPageView {
    pub entries: Vec<AuditEntryView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

/// The audit log, newest first (admins only).
#[utoipa::path(
    get,
    path = "/audit",
    tag = "accounts",
    params(AuditQuery),
    responses(
        (status = OK, body = AuditPageView),
        (status = UNPROCESSABLE_ENTITY, description = "A limit out of range", body = ErrorView),
    )
)]
async fn list_audit(
    Admin(_admin): Admin,
    State(store): State<Store>,
    Query(query): Query<AuditQuery>,
) -> Result<axum::Json<AuditPageView>, ApiError> {
    Ok(axum::Json(audit_page(&store, &query).await?))
}

/// A page of the audit log (shared with `polylead audit`).
pub async fn audit_page(store: &Store, query: &AuditQuery) -> Result<AuditPageView, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::Invalid(format!("limit must be 1 to {MAX_LIMIT}, got {limit}")));
    }
    let entries = store.audit_entries_before(query.subject.as_deref(), query.before, limit).await?;
    let next_before = (entries.len() == limit as usize).then(|| entries.last().map(|entry| entry.seq)).flatten();
    Ok(AuditPageView { entries: entries.into_iter().map(AuditEntryView::from).collect(), next_before })
}
