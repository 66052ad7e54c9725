//! Extractors that wrap axum's own so a rejected request gets our JSON error body
//! (`{ "code": "invalid", … }`, status 422, or the status [`Json`] names) instead of axum's
//! plain-text rejection.

use axum::extract::FromRequestParts;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody, JsonRejection};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use polylead_core::account::Need;

use crate::auth::Identity;
use crate::error::ApiError;
use crate::limits::BodyLimit;

/// The query string deserialized into `T`; a refused value is an [`ApiError::Invalid`].
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Query<T>, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(ApiError::Invalid(rejection.body_text())),
        }
    }
}

/// Path parameters deserialized into `T`; a refused value is an [`ApiError::Invalid`].
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::Invalid(rejection.body_text())),
        }
    }
}

/// A JSON request body deserialized into `T`. A refused body says what is wrong and where:
/// not JSON is 400 `malformed_json` (with line and column), a value that does not fit is
/// 422 `invalid` (naming the field), a body over the endpoint's [`BodyLimit`] is 413
/// `too_large`, and a missing or other content type is 415 `unsupported_media_type`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Json<T>, ApiError> {
        let limit = request.extensions().get::<BodyLimit>().copied().unwrap_or_default();
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_error(rejection, limit)),
        }
    }
}

fn json_error(rejection: JsonRejection, limit: BodyLimit) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
        JsonRejection::JsonSyntaxError(_) => ApiError::MalformedJson(rejection.body_text()),
        JsonRejection::BytesRejection(BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_))) => {
            ApiError::TooLarge { limit }
        }
        JsonRejection::BytesRejection(_) => ApiError::MalformedJson(rejection.body_text()),
        _ => ApiError::Invalid(rejection.body_text()),
    }
}

/// The signed-in person a request acts as (from its session or API token, found by the
/// guards in [`crate::auth`]). The guard has already checked that the role and scope allow
/// the request; the decision rights are checked by the step itself.
pub struct Actor(pub polylead_core::ids::PersonId);

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Actor, ApiError> {
        Ok(Actor(identity(parts)?.person))
    }
}

/// The signed-in person, with their role and how they signed in.
impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Identity, ApiError> {
        identity(parts)
    }
}

/// A signed-in admin; anyone else is refused with 403.
pub struct Admin(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Admin, ApiError> {
        let identity = identity(parts)?;
        identity.require(Need::Administer)?;
        Ok(Admin(identity))
    }
}

fn identity(parts: &Parts) -> Result<Identity, ApiError> {
    parts.extensions.get::<Identity>().cloned().ok_or(ApiError::Unauthenticated)
}
