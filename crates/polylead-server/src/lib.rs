//! polylead's HTTP server: the JSON API under `/api/v1` (described by an OpenAPI 3.1
//! document at `/api/v1/openapi.json`) and the server-rendered HTML pages.
//!
//! Invariants: only this crate knows HTTP and JSON; the wire shapes are the `<Noun>View`
//! types here, never the core entities; every failure leaves through [`ApiError`], which
//! maps it to a status and a stable `code` and hides the details of 5xx errors.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod flow;
pub mod limits;
pub mod pages;
pub mod privacy;
pub mod scheduler;
pub mod webhooks;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{Method, Request, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Router, middleware};
use polylead_store::Store;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use crate::api::openapi;
pub use crate::error::{ApiError, ServerError};

/// What every handler may extract.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The organisation's structure, cached and reloaded when it changes.
    pub structure: flow::Structure,
    /// Sign-in attempts per client address.
    pub sign_in_limiter: auth::rate_limit::SignInLimiter,
    /// The analytics page's recent analyses.
    pub analytics: pages::analytics::AnalyticsCache,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            structure: flow::Structure::default(),
            sign_in_limiter: Default::default(),
            analytics: Default::default(),
        }
    }
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}

/// The whole application: API, pages and request logging.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router().layer(middleware::from_fn_with_state(state.clone(), auth::api_guard)))
        .merge(pages::router().layer(middleware::from_fn_with_state(state.clone(), auth::page_guard)))
        .fallback(not_found)
        // Body limits per path (`limits`), in place of axum's one default limit.
        .layer(axum::middleware::from_fn(limits::limit_body))
        .layer(DefaultBodyLimit::disable())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(|response: &Response, latency: Duration, _span: &Span| {
                    tracing::info!(
                        status = response.status().as_u16(),
                        latency_ms = latency.as_secs_f64() * 1000.0,
                        "served"
                    );
                }),
        )
        .with_state(state)
}

/// A miss: JSON under `/api`, an HTML page elsewhere.
async fn not_found(method: Method, uri: Uri) -> Response {
    if api::is_api_path(uri.path()) {
        api::route_not_found(&method, uri.path()).into_response()
    } else {
        pages::page_not_found(uri.path()).into_response()
    }
}

/// Binds `addr`; port 0 picks a free port (read it back with `local_addr`).
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, ServerError> {
    TcpListener::bind(addr).await.map_err(|source| ServerError::Bind { addr, source })
}

/// Serves the application on `listener` until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve_on(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let addr = listener.local_addr().map_err(ServerError::Serve)?;
    tracing::info!(url = %format!("http://{addr}/"), "polylead is listening");
    let state = AppState::new(store);
    let scheduler = tokio::spawn(scheduler::run(state.clone(), scheduler::PERIOD));
    let deliveries = tokio::spawn(webhooks::run(state.clone(), webhooks::PERIOD));
    let served = axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    scheduler.abort();
    deliveries.abort();
    served.map_err(ServerError::Serve)?;
    tracing::info!("polylead stopped");
    Ok(())
}

/// Binds `addr` and serves until `shutdown` completes.
pub async fn serve(
    store: Store,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    serve_on(bind(addr).await?, store, shutdown).await
}
