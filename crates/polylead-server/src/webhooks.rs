//! Outbound webhooks: every decision event is POSTed as JSON to each active webhook that
//! wants its kind, signed with the webhook's secret, and retried with backoff until the
//! receiver answers 2xx.
//!
//! # What a receiver gets
//! `POST <url>` with `Content-Type: application/json` and the body
//! ```json
//! { "delivery": "wh3f…9a.42", "event": "decided", "seq": 42, "at": "2026-03-01T09:00:00Z",
//!   "actor": "ana", "notify": ["ben", "cleo"],
//!   "decision": { "id": "d…", "title": "…", "domain": "rota", "status": "decided", … } }
//! ```
//! `actor` is null when time took the step (the scheduler). `decision` is the decision as it
//! is when the delivery is sent (a retry may show a later state); `event` and `at` say what
//! happened and when.
//!
//! Headers:
//! - `Polylead-Event: <kind>`;
//! - `Polylead-Delivery: <id>`: the same on every retry of one (webhook, event). Delivery is
//!   at least once, so receivers dedupe by it.
//! - `Polylead-Signature: t=<unix seconds>,v1=<hex>` where `<hex>` is the HMAC-SHA256, keyed
//!   with the webhook's secret, of the bytes `<t>.<body>`. To check it: recompute the HMAC
//!   over the received `t`, a `.` and the raw body, compare in constant time, and refuse a `t`
//!   too far from your clock (say 5 minutes) so an old request cannot be replayed. (The
//!   scheme is Stripe's; [`verify`] is the reference.)
//!
//! # Retries
//! A delivery that fails (no connection, a timeout after [`TIMEOUT`], or a status other than
//! 2xx) is tried again after 30 s × 2^(attempts − 1), capped at 6 hours, ±10% jitter; after
//! [`MAX_ATTEMPTS`] attempts (about 4¼ hours) it is marked failed.
//!
//! # Transport
//! `http://` and `https://` (rustls with the public web roots from `webpki-roots`; the
//! receiver's certificate must be valid for its host name). [`Sender::trusting`] adds
//! other roots, such as an internal CA.
//!
//! # Several servers
//! Every server runs [`run`]. Deliveries are claimed with a lease in the database (see
//! `polylead_store` `webhooks.rs`), so each is attempted by one server at a time; the lease
//! ([`LEASE`]) outlasts a round of attempts, which run concurrently and time out after
//! [`TIMEOUT`].

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Request, Uri, header};
use futures_util::future::join_all;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use jiff::{SignedDuration, Timestamp};
use polylead_core::ids::{DecisionId, check_id};
use polylead_core::lifecycle::EventKind;
use polylead_store::{AttemptOutcome, Delivery, Store, StoreError, Webhook, add_webhook, remove_webhook};
use rustls::pki_types::CertificateDer;
use serde_json::json;
use sha2::Sha256;

use crate::AppState;
use crate::api::decisions::DecisionSummaryView;
use crate::error::ApiError;
use crate::flow;

pub const SIGNATURE_HEADER: &str = "Polylead-Signature";
pub const EVENT_HEADER: &str = "Polylead-Event";
pub const DELIVERY_HEADER: &str = "Polylead-Delivery";

/// How often a server looks for deliveries to make.
pub const PERIOD: Duration = Duration::from_secs(5);
/// How long one attempt may take (connecting, sending, reading the answer).
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a server holds the deliveries it claimed: well over [`TIMEOUT`], since a
/// round's attempts run at the same time.
pub const LEASE: SignedDuration = SignedDuration::from_secs(60);
/// Attempts before a delivery is marked failed.
pub const MAX_ATTEMPTS: u32 = 10;
/// Deliveries claimed per round.
pub const BATCH: u32 = 20;

const FIRST_RETRY: SignedDuration = SignedDuration::from_secs(30);
const LONGEST_WAIT: SignedDuration = SignedDuration::from_secs(6 * 3600);

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The HTTP client deliveries go through (keeps connections to receivers open).
#[derive(Clone)]
pub struct Sender {
    client: HttpClient,
}

impl Default for Sender {
    /// A sender that trusts the public web roots.
    fn default() -> Sender {
        Sender::trusting(&[])
    }
}

impl Sender {
    /// A sender that trusts the public web roots and `extra_roots` (DER certificates, such
    /// as an internal CA's); a root that does not parse is logged and skipped.
    pub fn trusting(extra_roots: &[CertificateDer<'static>]) -> Sender {
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for root in extra_roots {
            if let Err(error) = roots.add(root.clone()) {
                tracing::warn!(%error, "an extra webhook root certificate was refused");
            }
        }
        let tls = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(TIMEOUT));
        http.enforce_http(false);
        let connector =
            HttpsConnectorBuilder::new().with_tls_config(tls).https_or_http().enable_http1().wrap_connector(http);
        Sender { client: Client::builder(TokioExecutor::new()).build(connector) }
    }
}

/// What one round did.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Round {
    pub enqueued: u64,
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
}

/// The `Polylead-Signature` value for `body` sent at unix second `t`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(mac(secret, t, body).finalize().into_bytes()))
}

/// Whether `signature` (a `Polylead-Signature` value) signs `body` with `secret` and its `t`
/// is within `tolerance` of `now`: what a receiver should check.
pub fn verify(secret: &str, signature: &str, body: &[u8], now: Timestamp, tolerance: SignedDuration) -> bool {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in signature.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now.as_second() - t).abs() > tolerance.as_secs() {
        return false;
    }
    v1.iter().any(|code| mac(secret, t, body).verify_slice(code).is_ok())
}

fn mac(secret: &str, t: i64, body: &[u8]) -> Hmac<Sha256> {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The wait after `attempts` failed attempts, or `None` when it is time to give up.
/// `jitter` in [-1, 1] moves the wait by up to ±10%.
pub fn backoff(attempts: u32, jitter: f64) -> Option<SignedDuration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts.saturating_sub(1).min(20);
    let wait = FIRST_RETRY.checked_mul(1 << doublings).unwrap_or(LONGEST_WAIT).min(LONGEST_WAIT);
    Some(wait.mul_f64(1.0 + 0.1 * jitter.clamp(-1.0, 1.0)))
}

/// A number in [-1, 1] that differs between calls, so that retries of deliveries that failed
/// together spread out.
fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_i128(flow::now().as_nanosecond());
    (hasher.finish() % 2001) as f64 / 1000.0 - 1.0
}

/// The JSON body of `delivery` (see the module docs).
pub async fn payload(store: &Store, delivery: &Delivery) -> Result<Vec<u8>, StoreError> {
    let event = &delivery.event;
    let decision = match DecisionId::parse(&event.decision) {
        Ok(id) => match store.decision(&id).await {
            Ok(stored) => Some(DecisionSummaryView::from(&stored.decision)),
            Err(StoreError::NotFound { .. }) => None,
            Err(error) => return Err(error),
        },
        Err(_) => None,
    };
    let body = json!({
        "delivery": delivery.id,
        "event": event.kind,
        "seq": event.seq,
        "at": event.at.to_string(),
        "actor": event.actor,
        "notify": event.notify,
        "decision": decision,
    });
    Ok(body.to_string().into_bytes())
}

impl Sender {
    /// POSTs `body` for `delivery`, signed at `now`: the status of a 2xx answer, or why not.
    pub async fn send(&self, delivery: &Delivery, body: Vec<u8>, now: Timestamp) -> Result<u16, (Option<u16>, String)> {
        let uri: Uri = delivery.webhook.url.parse().map_err(|e| (None, format!("bad webhook URL: {e}")))?;
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, concat!("polylead-webhooks/", env!("CARGO_PKG_VERSION")))
            .header(EVENT_HEADER, delivery.event.kind.as_str())
            .header(DELIVERY_HEADER, delivery.id.as_str())
            .header(SIGNATURE_HEADER, sign(&delivery.webhook.secret, now.as_second(), &body))
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| (None, format!("cannot build the request: {e}")))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| (None, describe(&e)))?;
            let status = response.status();
            // Read (and drop) the answer so the connection can be reused.
            let _ = response.into_body().collect().await;
            Ok::<_, (Option<u16>, String)>(status)
        };
        let status = tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| (None, format!("no answer within {} s", TIMEOUT.as_secs())))??;
        if status.is_success() {
            Ok(status.as_u16())
        } else {
            Err((Some(status.as_u16()), format!("the receiver answered {status}")))
        }
    }
}

/// An error and its causes, on one line.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// One round at `now` as `worker`: enqueues new events, claims due deliveries, attempts them
/// all at once, and records each outcome (a retry time or, after [`MAX_ATTEMPTS`], failure).
pub async fn deliver_due(store: &Store, sender: &Sender, worker: &str, now: Timestamp) -> Result<Round, StoreError> {
    let enqueued = store.enqueue_deliveries(now).await?;
    let due = store.lease_due(now, LEASE, worker, BATCH).await?;
    let attempts = due.iter().map(|delivery| async move {
        let result = match payload(store, delivery).await {
            Ok(body) => sender.send(delivery, body, now).await,
            Err(error) => Err((None, format!("cannot build the payload: {error}"))),
        };
        let outcome = match result {
            Ok(status) => AttemptOutcome::Delivered { status },
            Err((status, error)) => match backoff(delivery.attempts + 1, jitter()) {
                Some(wait) => {
                    AttemptOutcome::Retry { status, error, retry_at: now.saturating_add(wait).unwrap_or(now) }
                }
                None => AttemptOutcome::GaveUp { status, error },
            },
        };
        let recorded = store.record_attempt(&delivery.id, worker, now, &outcome).await;
        (delivery, outcome, recorded)
    });
    let mut round = Round { enqueued, ..Round::default() };
    for (delivery, outcome, recorded) in join_all(attempts).await {
        match recorded {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(delivery = %delivery.id, "the lease ran out before the attempt was recorded");
                continue;
            }
            Err(error) => {
                tracing::warn!(delivery = %delivery.id, %error, "cannot record a webhook attempt");
                continue;
            }
        }
        match outcome {
            AttemptOutcome::Delivered { .. } => round.delivered += 1,
            AttemptOutcome::Retry { error, retry_at, .. } => {
                round.retried += 1;
                tracing::info!(delivery = %delivery.id, url = %delivery.webhook.url, %error, %retry_at, "webhook delivery failed; will retry");
            }
            AttemptOutcome::GaveUp { error, .. } => {
                round.failed += 1;
                tracing::warn!(delivery = %delivery.id, url = %delivery.webhook.url, %error, "webhook delivery failed for good");
            }
        }
    }
    Ok(round)
}

/// Runs a delivery round every `period` until the task is aborted (beside the scheduler);
/// a failed round is logged and the next one tries again.
pub async fn run(state: AppState, period: Duration) {
    let sender = Sender::default();
    let worker = flow::fresh_id("worker-");
    let mut interval = tokio::time::interval(period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match deliver_due(&state.store, &sender, &worker, flow::now()).await {
            Ok(Round { delivered: 0, retried: 0, failed: 0, .. }) => {}
            Ok(round) => tracing::info!(?round, "webhook round"),
            Err(error) => tracing::warn!(%error, "webhook round failed; retrying next round"),
        }
    }
}

/// A webhook to register.
#[derive(Clone, Debug, Default)]
pub struct NewWebhook {
    pub url: String,
    /// Event kinds; empty (or `*`) for all.
    pub events: Vec<String>,
    /// The signing secret; generated when absent.
    pub secret: Option<String>,
}

/// Checks `new`, stores it as an active webhook created at `now`, and returns it with its
/// secret (the only time the secret is shown).
pub async fn register(store: &Store, new: NewWebhook, now: Timestamp) -> Result<Webhook, ApiError> {
    let webhook = Webhook {
        id: flow::fresh_id("wh"),
        url: check_url(&new.url)?,
        secret: match new.secret {
            Some(secret) => check_secret(secret)?,
            None => new_secret()?,
        },
        events: parse_events(&new.events)?,
        created_at: now,
        active: true,
    };
    let mut tx = store.begin().await?;
    add_webhook(&mut tx, &webhook).await?;
    tx.commit().await?;
    Ok(webhook)
}

/// Removes webhook `id` and its pending deliveries.
pub async fn unregister(store: &Store, id: &str) -> Result<(), ApiError> {
    check_id(id)?;
    let mut tx = store.begin().await?;
    remove_webhook(&mut tx, id).await.map_err(|error| match error {
        StoreError::NotFound { .. } => ApiError::NotFound { entity: "webhook", id: id.to_owned() },
        other => other.into(),
    })?;
    tx.commit().await?;
    Ok(())
}

/// `url` trimmed, if it is an `http://` or `https://` URL with a host.
pub fn check_url(url: &str) -> Result<String, ApiError> {
    let url = url.trim();
    let uri: Uri = url.parse().map_err(|e| {
        ApiError::Invalid(format!("url {url:?} is not a URL ({e}); write it like http://host:port/path"))
    })?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(ApiError::Invalid(format!("url {url:?} must start with http:// or https://")));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(ApiError::Invalid(format!("url {url:?} has no host")));
    }
    Ok(url.to_owned())
}

fn check_secret(secret: String) -> Result<String, ApiError> {
    let length = secret.chars().count();
    if !(16..=200).contains(&length) || secret.trim() != secret {
        return Err(ApiError::Invalid(
            "secret must be 16 to 200 characters without surrounding spaces; leave it out to get a random one".into(),
        ));
    }
    Ok(secret)
}

/// A random secret: `whsec_` and 64 hex digits (256 bits from the operating system).
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::Store(StoreError::Invalid(format!("no randomness for a secret: {e}"))))?;
    Ok(format!("whsec_{}", hex::encode(bytes)))
}

/// Event kinds from a list (each may itself be comma-separated); empty or `*` means all.
pub fn parse_events(events: &[String]) -> Result<Option<Vec<EventKind>>, ApiError> {
    let names: Vec<&str> = events.iter().flat_map(|e| e.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    if names.is_empty() || names == ["*"] {
        return Ok(None);
    }
    let mut kinds = names
        .iter()
        .map(|name| name.parse::<EventKind>().map_err(|e| ApiError::Invalid(format!("events: {}", e.reason))))
        .collect::<Result<Vec<_>, _>>()?;
    kinds.sort();
    kinds.dedup();
    Ok(Some(kinds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_30_seconds_and_gives_up_after_ten_attempts() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS).map(|n| backoff(n, 0.0).unwrap().as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3840, 7680]);
        assert_eq!(backoff(MAX_ATTEMPTS, 0.0), None);
        assert_eq!(backoff(1, 1.0).unwrap().as_secs(), 33);
        assert_eq!(backoff(1, -1.0).unwrap().as_secs(), 27);
        assert!((-1.0..=1.0).contains(&jitter()));
    }

    #[test]
    fn a_signature_verifies_only_with_its_secret_body_and_a_fresh_time() {
        let now = Timestamp::from_second(1_780_000_000).unwrap();
        let header = sign("s3cret", now.as_second(), b"{}");
        assert!(header.starts_with("t=1780000000,v1="));
        let five_minutes = SignedDuration::from_mins(5);
        assert!(verify("s3cret", &header, b"{}", now, five_minutes));
        assert!(!verify("other", &header, b"{}", now, five_minutes));
        assert!(!verify("s3cret", &header, b"{ }", now, five_minutes));
        assert!(!verify("s3cret", &header, b"{}", now + SignedDuration::from_mins(6), five_minutes));
    }

    #[test]
    fn only_http_urls_with_a_host_are_accepted() {
        assert_eq!(check_url(" http://127.0.0.1:9000/hook ").unwrap(), "http://127.0.0.1:9000/hook");
        for bad in ["ftp://x/", "example.org/hook", "http:///x", "https:///x", "not a url"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
