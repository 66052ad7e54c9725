//! Webhooks end to end: a real receiver (axum on 127.0.0.1:0) records what it gets and
//! refuses each delivery's first attempt with 500; two delivery workers (two stores on one
//! database, as two servers) run rounds at explicit times.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use jiff::{SignedDuration, Timestamp};
use polylead_server::flow;
use polylead_server::webhooks::{Round, Sender, deliver_due, verify};
use polylead_store::Store;
use serde_json::{Value, json};

use crate::{TestApp, on_both_backends};

/// One request the receiver got, and what it answered.
#[derive(Clone, Debug)]
struct Received {
    delivery: String,
    event: String,
    signature: String,
    body: String,
    answered: u16,
}

#[derive(Clone, Default)]
struct Receiver {
    log: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn log(&self) -> Vec<Received> {
        self.log.lock().unwrap().clone()
    }
}

/// Answers 500 to the first request of each delivery id, 200 to the others.
async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let mut log = receiver.log.lock().unwrap();
    let delivery = header("polylead-delivery");
    let answered = if log.iter().any(|seen| seen.delivery == delivery) { 200 } else { 500 };
    log.push(Received {
        delivery,
        event: header("polylead-event"),
        signature: header("polylead-signature"),
        body,
        answered,
    });
    StatusCode::from_u16(answered).unwrap()
}

/// The same receiver behind TLS with a fresh self-signed certificate for 127.0.0.1; returns
/// its URL, the receiver and the certificate (to trust it).
async fn start_tls_receiver() -> (String, Receiver, rustls::pki_types::CertificateDer<'static>) {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::service::TowerToHyperService;
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let certificate = generated.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(generated.signing_key.serialize_der().into());
    let config =
        rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(vec![certificate.clone()], key).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let receiver = Receiver::default();
    let app = Router::new().route("/hook", post(receive)).with_state(receiver.clone());
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A client that does not trust the certificate hangs up during the handshake.
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let service = TowerToHyperService::new(app);
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    (format!("https://{addr}/hook"), receiver, certificate)
}

async fn start_receiver() -> (String, Receiver) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let receiver = Receiver::default();
    let app = Router::new().route("/hook", post(receive)).with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), receiver)
}

fn total(rounds: [Round; 2]) -> (usize, usize, usize) {
    let [a, b] = rounds;
    (a.delivered + b.delivered, a.retried + b.retried, a.failed + b.failed)
}

const SECRET: &str = "a-shared-secret-for-tests";

async fn decision_events_are_delivered_signed_retried_and_once(app: &TestApp) {
    let (url, receiver) = start_receiver().await;
    let created = app
        .send(
            "POST",
            "/api/v1/webhooks",
            None,
            &json!({"url": url, "secret": SECRET, "events": ["opened", "advice_given"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let hook = created.json();
    assert_eq!(hook["secret"], SECRET);
    assert_eq!(hook["events"], json!(["opened", "advice_given"]));
    let hook_id = hook["id"].as_str().unwrap().to_owned();

    // Three events it wants (two openings, one advice) and one it does not (the decision).
    let propose = |title: &'static str| async move {
        let response =
            app.send("POST", "/api/v1/decisions", Some("cleo"), &json!({"title": title, "domain": "rota"})).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        response.json()["id"].as_str().unwrap().to_owned()
    };
    let first = propose("Two nurses every night").await;
    let second = propose("A quiet room").await;
    let advice = json!({"action": "advise", "text": "Start in March"});
    let advised = app.send("POST", &format!("/api/v1/decisions/{first}/steps"), Some("ben"), &advice).await;
    assert_eq!(advised.status, StatusCode::OK, "{}", advised.body);
    let decide = json!({"action": "decide", "rationale": "Safer nights"});
    let decided = app.send("POST", &format!("/api/v1/decisions/{first}/steps"), Some("ana"), &decide).await;
    assert_eq!(decided.json()["status"], "decided", "{}", decided.body);

    // Two servers deliver at once: each delivery is attempted once, and refused.
    let other = Store::connect(&app.url).await.unwrap();
    let sender = Sender::default();
    let round = |now: Timestamp| {
        let (store, other, sender) = (&app.store, &other, &sender);
        async move {
            let (a, b) =
                tokio::join!(deliver_due(store, sender, "server-a", now), deliver_due(other, sender, "server-b", now));
            total([a.unwrap(), b.unwrap()])
        }
    };
    let t0 = flow::now();
    assert_eq!(round(t0).await, (0, 3, 0));
    let log = receiver.log();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|r| r.answered == 500));

    // Not before the backoff (30 s ± 10%) …
    assert_eq!(round(t0 + SignedDuration::from_secs(26)).await, (0, 0, 0));
    assert_eq!(receiver.log().len(), 3);
    // … then each one again, under the same delivery id, accepted once.
    let t1 = t0 + SignedDuration::from_secs(34);
    assert_eq!(round(t1).await, (3, 0, 0));
    assert_eq!(round(t1 + SignedDuration::from_hours(24)).await, (0, 0, 0));
    let log = receiver.log();
    assert_eq!(log.len(), 6);
    let mut per_delivery: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
    for received in &log {
        per_delivery.entry(received.delivery.as_str()).or_default().push(received.answered);
    }
    assert_eq!(per_delivery.len(), 3);
    assert!(per_delivery.values().all(|answers| answers == &[500, 200]), "{per_delivery:?}");

    // Every request is signed with the secret at the time of its round.
    let five_minutes = SignedDuration::from_mins(5);
    for (received, sent_at) in log.iter().zip([t0, t0, t0, t1, t1, t1]) {
        assert!(received.signature.starts_with(&format!("t={},v1=", sent_at.as_second())), "{}", received.signature);
        assert!(verify(SECRET, &received.signature, received.body.as_bytes(), sent_at, five_minutes));
        assert!(!verify(
            "another-secret-entirely",
            &received.signature,
            received.body.as_bytes(),
            sent_at,
            five_minutes
        ));
    }

    // The payload says what happened to which decision.
    let bodies: Vec<Value> = log[3..].iter().map(|r| serde_json::from_str(&r.body).unwrap()).collect();
    let mut seen: Vec<(String, String, String)> = bodies
        .iter()
        .map(|b| {
            (
                b["decision"]["id"].as_str().unwrap().to_owned(),
                b["event"].as_str().unwrap().to_owned(),
                b["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    let mut expected = vec![
        (first.clone(), "opened".to_owned(), "cleo".to_owned()),
        (first.clone(), "advice_given".to_owned(), "ben".to_owned()),
        (second.clone(), "opened".to_owned(), "cleo".to_owned()),
    ];
    expected.sort();
    assert_eq!(seen, expected);
    for (received, body) in log[3..].iter().zip(&bodies) {
        assert_eq!(body["delivery"], received.delivery.as_str());
        assert_eq!(body["event"], received.event.as_str());
        assert_eq!(received.delivery, format!("{hook_id}.{}", body["seq"]));
        assert_eq!(body["decision"]["domain"], "rota");
        // The decision as it is when the delivery is sent.
        let status = if body["decision"]["id"] == first.as_str() { "decided" } else { "open" };
        assert_eq!(body["decision"]["status"], status);
        assert!(body["at"].as_str().unwrap().parse::<Timestamp>().is_ok());
    }
    let stored = app.store.webhook_deliveries(&hook_id).await.unwrap();
    assert!(stored.iter().all(|d| d.attempts == 2 && d.delivered_at == Some(t1) && d.last_status == Some(200)));
    other.close().await;
}
on_both_backends!(decision_events_are_delivered_signed_retried_and_once);

async fn webhooks_are_listed_without_secrets_and_removed(app: &TestApp) {
    let created = app.send("POST", "/api/v1/webhooks", None, &json!({"url": "http://127.0.0.1:9/hook"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let hook = created.json();
    let secret = hook["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_") && secret.len() == 6 + 64, "{secret}");
    assert_eq!(hook["events"], json!(["*"]));
    let id = hook["id"].as_str().unwrap().to_owned();

    let listed = app.get("/api/v1/webhooks").await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed = listed.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["url"], "http://127.0.0.1:9/hook");
    assert!(listed[0].get("secret").is_none(), "{listed}");
    assert!(!listed.to_string().contains(secret));

    assert_eq!(app.request("DELETE", &format!("/api/v1/webhooks/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/webhooks").await.json(), json!([]));
    let again = app.request("DELETE", &format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    assert_eq!(again.json()["message"], format!("webhook {id} not found"));
}
on_both_backends!(webhooks_are_listed_without_secrets_and_removed);

async fn deliveries_go_over_https_and_check_the_certificate(app: &TestApp) {
    let (url, receiver, certificate) = start_tls_receiver().await;
    let created = app.send("POST", "/api/v1/webhooks", None, &json!({"url": url, "secret": SECRET})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let proposed =
        app.send("POST", "/api/v1/decisions", Some("cleo"), &json!({"title": "TLS", "domain": "rota"})).await;
    assert_eq!(proposed.status, StatusCode::CREATED, "{}", proposed.body);

    // A sender that trusts only the public roots refuses the self-signed certificate …
    let t0 = flow::now();
    let refused = deliver_due(&app.store, &Sender::default(), "server-a", t0).await.unwrap();
    assert_eq!((refused.delivered, refused.retried), (0, 1));
    assert!(receiver.log().is_empty());
    // … one that trusts it delivers (the receiver answers 500 first, then 200).
    let trusting = Sender::trusting(&[certificate]);
    let t1 = t0 + SignedDuration::from_secs(40);
    assert_eq!(deliver_due(&app.store, &trusting, "server-a", t1).await.unwrap().retried, 1);
    let t2 = t1 + SignedDuration::from_secs(80);
    assert_eq!(deliver_due(&app.store, &trusting, "server-a", t2).await.unwrap().delivered, 1);
    let log = receiver.log();
    assert_eq!(log.len(), 2);
    let last = &log[1];
    assert_eq!(last.event, "opened");
    assert!(verify(SECRET, &last.signature, last.body.as_bytes(), t2, SignedDuration::from_mins(5)));
}
on_both_backends!(deliveries_go_over_https_and_check_the_certificate);

#[tokio::test]
async fn bad_webhooks_are_refused_with_a_422_that_says_why() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"url": "ftp://example.org/hook"}), "must start with http://"),
        (json!({"url": "example.org/hook"}), "is not a URL"),
        (json!({"url": "/hook"}), "must start with http://"),
        (json!({"url": "http:///hook"}), "is not a URL"),
        (json!({"url": "https:///hook"}), "is not a URL"),
        (json!({"url": "http://example.org/", "events": ["decided", "sneezed"]}), "events: \"sneezed\" is not one of"),
        (json!({"url": "http://example.org/", "secret": "short"}), "secret must be 16 to 200 characters"),
        (json!({"url": "http://example.org/", "colour": "red"}), "unknown field `colour`"),
    ];
    for (request, message) in cases {
        let response = app.send("POST", "/api/v1/webhooks", None, &request).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{request}: {}", response.body);
        let body = response.json();
        assert_eq!(body["code"], "invalid");
        assert!(body["message"].as_str().unwrap().contains(message), "{request}: {}", body["message"]);
    }
    assert_eq!(app.get("/api/v1/webhooks").await.json(), json!([]));
}
