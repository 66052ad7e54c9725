//! How large a request body may be: 1 MiB, except where a request carries files (a governance
//! change holds whole CSV files), which may have 16 MiB.
//!
//! [`limit_body`] is the one place that sets the limit: it refuses a declared `Content-Length`
//! over the limit at once and caps the body otherwise, so the [`Json`](crate::extract::Json)
//! extractor stops reading at the limit and answers 413 `too_large` naming it.

use std::fmt;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;

use crate::error::ApiError;

/// The largest body a request to a path may carry, in bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BodyLimit(pub usize);

impl BodyLimit {
    /// Every endpoint but those in [`LARGE_BODY_PATHS`].
    pub const DEFAULT: BodyLimit = BodyLimit(1 << 20);
    /// Endpoints whose requests carry whole CSV files.
    pub const FILES: BodyLimit = BodyLimit(16 << 20);

    pub fn for_path(path: &str) -> BodyLimit {
        if LARGE_BODY_PATHS.contains(&path) { BodyLimit::FILES } else { BodyLimit::DEFAULT }
    }
}

impl Default for BodyLimit {
    fn default() -> BodyLimit {
        BodyLimit::DEFAULT
    }
}

impl fmt::Display for BodyLimit {
    /// `1 MiB`, `16 MiB`, or bytes when not a whole number of MiB.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MIB: usize = 1 << 20;
        if self.0.is_multiple_of(MIB) { write!(f, "{} MiB", self.0 / MIB) } else { write!(f, "{} bytes", self.0) }
    }
}

/// Paths whose requests carry CSV files and get [`BodyLimit::FILES`].
pub const LARGE_BODY_PATHS: &[&str] = &["/api/v1/governance/changes"];

/// Middleware: refuses a body declared larger than the path's limit, caps the rest, and
/// leaves the [`BodyLimit`] in the request's extensions for the error message.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let limit = BodyLimit::for_path(request.uri().path());
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit.0 as u64) {
        return ApiError::TooLarge { limit }.into_response();
    }
    let (mut parts, body) = request.into_parts();
    parts.extensions.insert(limit);
    next.run(Request::from_parts(parts, Body::new(Limited::new(body, limit.0)))).await
}
