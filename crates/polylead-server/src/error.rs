//! The server's errors: [`ApiError`] for a failed request (the one place that maps errors to
//! HTTP statuses and hides 5xx details) and [`ServerError`] for a server that cannot run.

use std::io;
use std::net::SocketAddr;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use polylead_core::ValidationError;
use polylead_core::error::Refusal;
use polylead_core::record::Entity;
use polylead_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::limits::BodyLimit;

/// Why a request failed. Rendered as `{ "code": …, "message": … }` with a matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A request value (id, query parameter) was refused.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// A request value was refused with a message written here (e.g. a bad query string).
    #[error("{0}")]
    Invalid(String),
    /// The request body is not JSON (what the parser says, with line and column).
    #[error("{0}")]
    MalformedJson(String),
    /// The request body is over the endpoint's limit.
    #[error("the request body is too large: the limit is {limit} for this endpoint")]
    TooLarge { limit: BodyLimit },
    /// A JSON endpoint was sent something that does not say it is JSON.
    #[error("the request body must be JSON: send Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    /// No API endpoint at this path.
    #[error("no endpoint {method} {path}; see /api/v1/openapi.json for the list")]
    NoRoute { method: String, path: String },
    #[error("method {method} is not allowed on {path}")]
    MethodNotAllowed { method: String, path: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] polylead_search::SearchError),
    /// No session cookie and no API token.
    #[error(
        "sign in first: send Authorization: Bearer <token> (create one with `polylead tokens create` or on your \
         person page), or sign in at /sign-in"
    )]
    Unauthenticated,
    /// An API token that is unknown, revoked or expired.
    #[error("{0}")]
    TokenRefused(String),
    /// A wrong login or password (which one is not said).
    #[error("the person id or e-mail address and the password do not match")]
    SignInRefused,
    /// Too many failed sign-ins in a row.
    #[error(
        "too many failed sign-ins: this account is locked until {until} (UTC); wait, or ask an admin for a reset link"
    )]
    Locked { until: jiff::Timestamp },
    /// Too many attempts from one address.
    #[error("{0}")]
    RateLimited(String),
    /// The account's role or the token's scope does not allow the request.
    #[error("{0}")]
    Denied(String),
    /// A failure inside the server (e.g. a background computation that panicked); logged, never sent.
    #[error("{0}")]
    Internal(String),
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorView {
    /// Stable machine-readable code: `unauthenticated` (no or a refused session or token),
    /// `sign_in_refused`, `locked` (too many failed sign-ins), `rate_limited`, `not_found`,
    /// `invalid`, `forbidden` (no right to take the step, or the role or token scope does not
    /// allow it), `wrong_state` (not possible in the record's current state), `conflict`
    /// (someone else changed it first, or a repeated id), `method_not_allowed`,
    /// `malformed_json` (the body is not JSON), `too_large` (the body is over the
    /// endpoint's limit: 1 MiB, 16 MiB for governance changes), `unsupported_media_type`
    /// (send `Content-Type: application/json`) or `internal`.
    #[schema(example = "not_found")]
    pub code: String,
    /// What went wrong, for people. Internal errors only say `internal error`.
    #[schema(example = "person p9 not found")]
    pub message: String,
}

impl ApiError {
    pub fn not_found(entity: Entity, id: impl Into<String>) -> ApiError {
        ApiError::NotFound { entity: entity.noun(), id: id.into() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(error) => match error.refusal {
                Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                Refusal::Forbidden => StatusCode::FORBIDDEN,
                Refusal::WrongState => StatusCode::CONFLICT,
            },
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Search(polylead_search::SearchError::EmptyText) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Search(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::NotFound { .. } | ApiError::NoRoute { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unauthenticated | ApiError::TokenRefused(_) | ApiError::SignInRefused => StatusCode::UNAUTHORIZED,
            ApiError::Locked { .. } | ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Denied(_) => StatusCode::FORBIDDEN,
            ApiError::Store(error) => match error {
                StoreError::NotFound { .. } => StatusCode::NOT_FOUND,
                StoreError::Conflict { .. } => StatusCode::CONFLICT,
                StoreError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                // A stored row that no longer validates is the server's fault, not the client's.
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// A stable string clients can match on; it never changes for a given kind of failure.
    pub fn code(&self) -> &'static str {
        if let ApiError::Validation(ValidationError { refusal: Refusal::WrongState, .. }) = self {
            return "wrong_state";
        }
        match self {
            ApiError::SignInRefused => return "sign_in_refused",
            ApiError::Locked { .. } => return "locked",
            ApiError::RateLimited(_) => return "rate_limited",
            _ => {}
        }
        match self.status() {
            StatusCode::UNAUTHORIZED => "unauthenticated",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid",
            StatusCode::CONFLICT => "conflict",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::BAD_REQUEST => "malformed_json",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            _ => "internal",
        }
    }

    /// The body sent to the client: 5xx details are logged here and replaced.
    pub fn view(&self) -> ErrorView {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
            "internal error".to_owned()
        } else {
            self.to_string()
        };
        ErrorView { code: self.code().to_owned(), message }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(self.view())).into_response();
        self.mark_refusal(&mut response);
        response
    }
}

/// Why a request was refused for want of a right (a 403), carried in the response's
/// extensions so that the guards can write it to the audit log.
#[derive(Clone, Debug)]
pub struct Refused(pub String);

impl ApiError {
    /// Marks `response` [`Refused`] when this error is a refusal.
    pub fn mark_refusal(&self, response: &mut Response) {
        if self.status() == StatusCode::FORBIDDEN {
            response.extensions_mut().insert(Refused(self.to_string()));
        }
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "cannot listen on {addr}: {source}; choose another address with --addr HOST:PORT \
         (port 0 picks a free port)"
    )]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("the server stopped with an error: {0}")]
    Serve(#[source] io::Error),
}
