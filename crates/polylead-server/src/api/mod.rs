//! The JSON API under `/api/v1`: one module per resource, the shared paging shapes, and the
//! OpenAPI document generated from the handlers' `#[utoipa::path]` annotations.

pub mod accounts;
pub mod analytics;
pub mod audit;
pub mod decisions;
pub mod domains;
pub mod erasure;
pub mod health;
pub mod network;
pub mod people;
pub mod personal_data;
pub mod rights;
pub mod roles;
pub mod teams;
pub mod tokens;
pub mod webhooks;
pub mod what_if;

use std::sync::LazyLock;

use axum::extract::OriginalUri;
use axum::http::{Method, StatusCode};
use axum::{Json, Router};
use polylead_core::record::Record;
use polylead_store::{Page, Store};
use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};

/// Where the API lives; bump the version segment only for incompatible changes.
pub const PREFIX: &str = "/api/v1";

/// The largest `limit` a list endpoint accepts.
pub const MAX_LIMIT: u64 = 500;
/// The `limit` used when the request gives none.
pub const DEFAULT_LIMIT: u64 = 50;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "polylead API",
        description = "An organisation modelled by polylead: people, nested teams, roles and \
                       decision domains with their rules; who decides what, and decisions taken \
                       through advice and consent. Errors are \
                       `{ \"code\": …, \"message\": … }` with a stable `code`."
    ),
    tags(
        (name = "meta", description = "Health and this document."),
        (name = "people", description = "Members of the organisation, past and present."),
        (name = "teams", description = "Teams (circles), possibly nested."),
        (name = "roles", description = "Roles in teams."),
        (name = "domains", description = "Decision domains and their ordered rules."),
        (name = "analytics", description = "The analysis report: how leadership is distributed, what it hinges on, and what each figure means (METRICS.md)."),
        (name = "decisions", description = "Who decides, and decisions through advice, consent, escalation and review. \
                                            Proposals and steps are taken by the signed-in person (the session's or the API token's)."),
        (name = "webhooks", description = "Decision events POSTed to your URLs, signed with \
                                           `Polylead-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">` \
                                           and retried with backoff; dedupe by `Polylead-Delivery`."),
    ),
    components(schemas(ErrorView))
)]
struct ApiDoc;

/// The API routes with their OpenAPI description, mounted under [`PREFIX`].
pub fn routes() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(get_openapi))
        .merge(health::routes())
        .merge(people::routes())
        .merge(teams::routes())
        .merge(roles::routes())
        .merge(domains::routes())
        .merge(rights::routes())
        .merge(decisions::routes())
        .merge(webhooks::routes())
        .merge(tokens::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(personal_data::routes())
        .merge(erasure::routes())
        .merge(analytics::routes())
        .merge(network::routes())
        .merge(what_if::routes());
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(PREFIX, v1)
}

/// The API as an axum router; wrong paths and methods answer with JSON errors.
pub fn router() -> Router<AppState> {
    let (router, _) = routes().split_for_parts();
    router.method_not_allowed_fallback(method_not_allowed)
}

/// The OpenAPI 3.1 document describing every endpoint under [`PREFIX`].
pub fn openapi() -> Document {
    let mut document = routes().into_openapi();
    document_common_errors(&mut document);
    document
}

/// The API paths anyone may call without signing in (the guard's list in `auth`).
const PUBLIC_PATHS: [&str; 2] = ["/api/v1/health", "/api/v1/openapi.json"];

/// Adds the error responses the guard and the extractors give to every operation that does
/// not document them itself: 401 and 403 on every guarded one, 422 on every one that takes
/// parameters or a body (a path id, query value or body the server refuses), and 400, 413
/// and 415 on every one that takes a JSON body (not JSON, too large, not declared JSON).
fn document_common_errors(document: &mut Document) {
    for (path, item) in document.paths.paths.iter_mut() {
        let guarded = !PUBLIC_PATHS.contains(&path.as_str());
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            let takes_input = operation.request_body.is_some()
                || operation.parameters.as_ref().is_some_and(|parameters| !parameters.is_empty());
            let mut common = Vec::new();
            if guarded {
                common.push((
                    StatusCode::UNAUTHORIZED,
                    "No session and no API token, or a token that is unknown, revoked or expired",
                ));
                common.push((
                    StatusCode::FORBIDDEN,
                    "The account's role or the token's scope does not allow it, or a browser session \
                     sent no CSRF token",
                ));
            }
            if takes_input {
                common.push((StatusCode::UNPROCESSABLE_ENTITY, "A path id, query value or body the server refuses"));
            }
            if operation.request_body.is_some() {
                common.push((StatusCode::BAD_REQUEST, "The body is not JSON (the message gives line and column)"));
                common.push((StatusCode::PAYLOAD_TOO_LARGE, "The body is over the endpoint's size limit"));
                common.push((StatusCode::UNSUPPORTED_MEDIA_TYPE, "The body is not declared as application/json"));
            }
            for (status, description) in common {
                operation.responses.responses.entry(status.as_u16().to_string()).or_insert_with(|| {
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorView"))).build(),
                        )
                        .build()
                        .into()
                });
            }
        }
    }
}

static DOCUMENT: LazyLock<Document> = LazyLock::new(openapi);

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = OK, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
async fn get_openapi() -> Json<&'static Document> {
    Json(&DOCUMENT)
}

/// Whether `path` belongs to the API (any version), so a miss there answers in JSON.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The answer for a path under `/api` that no endpoint serves.
pub fn route_not_found(method: &Method, path: &str) -> ApiError {
    ApiError::NoRoute { method: method.to_string(), path: path.to_owned() }
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() }
}

/// Paging parameters of the list endpoints.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items to skip, in key order. Default 0.
    #[param(minimum = 0, default = 0)]
    pub offset: Option<u64>,
    /// How many items to return, 1 to 500. Default 50.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u64>,
}

/// A checked [`PageQuery`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Window {
    pub offset: u64,
    pub limit: u64,
}

impl PageQuery {
    pub fn window(&self) -> Result<Window, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::Invalid(format!("limit must be between 1 and {MAX_LIMIT}, got {limit}")));
        }
        Ok(Window { offset: self.offset.unwrap_or(0), limit })
    }
}

/// One page of a list, in key order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PageView<T> {
    pub items: Vec<T>,
    /// How many items there are in all.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}

impl<T> PageView<T> {
    fn new<R>(page: Page<R>, window: Window, view: impl FnMut(R) -> T) -> PageView<T> {
        PageView {
            items: page.items.into_iter().map(view).collect(),
            total: page.total,
            offset: window.offset,
            limit: window.limit,
        }
    }
}

/// One page of `R` records as views, for the list endpoints.
async fn list<R: Record, T>(
    store: &Store,
    query: &PageQuery,
    view: impl FnMut(R) -> T,
) -> Result<PageView<T>, ApiError> {
    let window = query.window()?;
    let page = store.page::<R>(window.offset, window.limit).await?;
    Ok(PageView::new(page, window, view))
}

/// The `R` record with key `id`, or a 404 naming it.
async fn fetch<R: Record>(store: &Store, id: &str) -> Result<R, ApiError> {
    store.get::<R>(id).await?.ok_or_else(|| ApiError::not_found(R::ENTITY, id))
}
