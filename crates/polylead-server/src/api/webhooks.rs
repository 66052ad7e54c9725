//! `/api/v1/webhooks`: where decision events are POSTed (see [`crate::webhooks`] for the
//! payload, the `Polylead-Signature` scheme and the retries). A webhook's secret is returned
//! once, when it is created, and never listed.

use axum::extract::State;
use axum::http::StatusCode;
use polylead_store::{Store, Webhook};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorView};
use crate::extract::{Admin, Json, Path};
use crate::flow;
use crate::webhooks::{NewWebhook, register, unregister};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_webhook, list_webhooks)).routes(routes!(delete_webhook))
}

/// A webhook to register.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// Where to POST events: an `http://` URL (https needs a TLS-terminating proxy for now).
    #[schema(example = "http://hooks.example.org:8080/polylead")]
    pub url: String,
    /// Event kinds to send (opened, advice_given, consent_given, objection_raised,
    /// objection_integrated, objection_withdrawn, escalated, decided, adopted, withdrawn,
    /// review_due, reviewed); absent, empty or `["*"]` for all.
    #[serde(default)]
    #[schema(example = json!(["decided", "escalated"]))]
    pub events: Vec<String>,
    /// The signing secret, 16 to 200 characters; a random one is made when absent.
    pub secret: Option<String>,
}

/// A registered webhook (without its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookView {
    #[schema(example = "wh3f2a9c0d1e4b5a6c")]
    pub id: String,
    pub url: String,
    /// The event kinds sent, or `["*"]` for all.
    pub events: Vec<String>,
    pub created_at: String,
    pub active: bool,
}

/// A webhook just created, with its secret: store it now, it is never shown again.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedWebhookView {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// Key of the HMAC-SHA256 in `Polylead-Signature: t=<unix seconds>,v1=<hex of HMAC("<t>.<body>")>`.
    #[schema(example = "whsec_5b0c…")]
    pub secret: String,
}

impl From<&Webhook> for WebhookView {
    fn from(webhook: &Webhook) -> WebhookView {
        WebhookView {
            id: webhook.id.clone(),
            url: webhook.url.clone(),
            events: match &webhook.events {
                None => vec!["*".to_owned()],
                Some(kinds) => kinds.iter().map(|kind| kind.as_str().to_owned()).collect(),
            },
            created_at: webhook.created_at.to_string(),
            active: webhook.active,
        }
    }
}

/// Registers a webhook: from now on, every decision event of the kinds asked for is POSTed to
/// its URL, signed, and retried with backoff until it is accepted.
#[utoipa::path(
    post,
    path = "/webhooks",
    tag = "webhooks",
    request_body = WebhookRequest,
    responses(
        (status = CREATED, body = CreatedWebhookView),
        (status = UNPROCESSABLE_ENTITY, description = "A bad URL, event kind or secret", body = ErrorView),
    )
)]
async fn create_webhook(
    _admin: Admin,
    State(store): State<Store>,
    Json(request): Json<WebhookRequest>,
) -> Result<(StatusCode, axum::Json<CreatedWebhookView>), ApiError> {
    let new = NewWebhook { url: request.url, events: request.events, secret: request.secret };
    let webhook = register(&store, new, flow::now()).await?;
    let view = CreatedWebhookView { webhook: WebhookView::from(&webhook), secret: webhook.secret };
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// Every webhook, oldest first; secrets are never listed.
#[utoipa::path(
    get,
    path = "/webhooks",
    tag = "webhooks",
    responses((status = OK, body = Vec<WebhookView>))
)]
async fn list_webhooks(_admin: Admin, State(store): State<Store>) -> Result<axum::Json<Vec<WebhookView>>, ApiError> {
    Ok(axum::Json(store.webhooks().await?.iter().map(WebhookView::from).collect()))
}

/// Removes a webhook; its pending deliveries are dropped.
#[utoipa::path(
    delete,
    path = "/webhooks/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "Webhook id")),
    responses(
        (status = NO_CONTENT, description = "Removed"),
        (status = NOT_FOUND, description = "No such webhook", body = ErrorView),
    )
)]
async fn delete_webhook(
    _admin: Admin,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    unregister(&store, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
