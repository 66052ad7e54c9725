//! The checks the trust issue names: reading someone else's person-level data as a member,
//! deciding without the right, reusing a revoked token, and malformed or oversized requests are
//! each refused with a clear message, and leave no trace but the audit entry of a refusal.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::{TestApp, on_both_backends, token_of};

/// How much is stored besides the audit log: history rows and decisions.
async fn stored(app: &TestApp) -> (u64, u64) {
    let history = app.store.history(0, 1).await.unwrap().total;
    let decisions = app.store.decision_page(&Default::default(), 0, 1).await.unwrap().total;
    (history, decisions)
}

async fn refusals_are_clear_and_leave_only_an_audit_entry(app: &TestApp) {
    let proposed =
        app.send("POST", "/api/v1/decisions", Some("cleo"), &json!({"title": "Two nurses", "domain": "rota"})).await;
    assert_eq!(proposed.status, StatusCode::CREATED, "{}", proposed.body);
    let decision = proposed.json()["id"].as_str().unwrap().to_owned();
    let before = stored(app).await;

    let data = app.send("GET", "/api/v1/people/cleo/data", Some("ben"), &json!(null)).await;
    assert_eq!(data.status, StatusCode::FORBIDDEN);
    assert_eq!(data.json()["message"], "only this person and admins may download their data");
    let players = app.send("GET", "/api/v1/key-players", Some("ben"), &json!(null)).await;
    assert_eq!(players.status, StatusCode::FORBIDDEN);
    let step = json!({"action": "decide", "rationale": "Yes"});
    let decided = app.send("POST", &format!("/api/v1/decisions/{decision}/steps"), Some("dita"), &step).await;
    assert_eq!(decided.status, StatusCode::FORBIDDEN);
    assert_eq!(decided.json()["message"], "dita does not hold the right to decide this; ana can");

    app.store.revoke_token("tok-ben", jiff::Timestamp::from_second(1_767_225_600).unwrap()).await.unwrap();
    let reused = app.send("GET", "/api/v1/teams", Some("ben"), &json!(null)).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert!(reused.json()["message"].as_str().unwrap().contains("unknown, revoked or expired"));
    let unknown = app
        .call(
            Request::get("/api/v1/teams")
                .header(header::AUTHORIZATION, "Bearer plt_nobody")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    let malformed = Request::post("/api/v1/decisions")
        .header(header::AUTHORIZATION, format!("Bearer {}", token_of("cleo")))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"title\": "))
        .unwrap();
    assert_eq!(app.call(malformed).await.status, StatusCode::BAD_REQUEST);
    let oversized = Request::post("/api/v1/decisions")
        .header(header::AUTHORIZATION, format!("Bearer {}", token_of("cleo")))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(vec![b' '; 2 << 20]))
        .unwrap();
    assert_eq!(app.call(oversized).await.status, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(stored(app).await, before, "nothing stored but the audit entries");
    let mut audit = app.store.audit_entries(None, 20).await.unwrap();
    audit.reverse();
    let entries: Vec<(&str, &str, Option<&str>)> =
        audit.iter().map(|entry| (entry.actor.as_str(), entry.action.as_str(), entry.subject.as_deref())).collect();
    let steps = format!("/api/v1/decisions/{decision}/steps");
    assert_eq!(
        entries,
        [
            ("ben", "refused", Some("/api/v1/people/cleo/data")),
            ("ben", "refused", Some("/api/v1/key-players")),
            ("dita", "refused", Some(steps.as_str())),
            ("ben", "refused_token", Some("tok-ben")),
        ],
        "one entry per refusal; none for an unknown token, malformed or oversized requests"
    );
    assert_eq!(audit[2].detail, format!("POST {steps}: dita does not hold the right to decide this; ana can"));
    assert!(
        audit[3].detail.starts_with("GET /api/v1/teams with the token \"tests\", revoked at "),
        "{}",
        audit[3].detail
    );
}
on_both_backends!(refusals_are_clear_and_leave_only_an_audit_entry);

async fn admins_read_the_audit_log_in_pages_and_anyone_reads_who_they_are(app: &TestApp) {
    for person in ["ben", "cleo", "dita"] {
        let refused = app.send("GET", "/api/v1/key-players", Some(person), &json!(null)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let first = app.get("/api/v1/audit?limit=2").await.json();
    let actors: Vec<&str> = first["entries"].as_array().unwrap().iter().map(|e| e["actor"].as_str().unwrap()).collect();
    assert_eq!(actors, ["dita", "cleo"], "newest first: {first}");
    assert_eq!(first["entries"][0]["action"], "refused");
    assert_eq!(first["entries"][0]["subject"], "/api/v1/key-players");
    let before = first["next_before"].as_i64().unwrap();
    let second = app.get(&format!("/api/v1/audit?limit=2&before={before}")).await.json();
    assert_eq!(second["entries"][0]["actor"], "ben");
    assert!(second["next_before"].is_null(), "the last page: {second}");
    let about = app.get("/api/v1/audit?subject=/api/v1/key-players").await.json();
    assert_eq!(about["entries"].as_array().unwrap().len(), 3);
    assert_eq!(app.get("/api/v1/audit?limit=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let me = app.send("GET", "/api/v1/me", Some("ben"), &json!(null)).await.json();
    assert_eq!(
        me,
        json!({"person": "ben", "name": "Ben", "role": "member", "via": "token", "token_id": "tok-ben", "scope": "write"})
    );
    let browser = app.sign_in("cleo").await;
    let me =
        app.call(Request::get("/api/v1/me").header(header::COOKIE, &browser.cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(me.json()["via"], "session");
    assert!(me.json()["token_id"].is_null());
}
on_both_backends!(admins_read_the_audit_log_in_pages_and_anyone_reads_who_they_are);

#[tokio::test]
async fn a_refused_page_is_audited_too() {
    let app = TestApp::ward(false).await.unwrap();
    let ben = app.sign_in("ben").await;
    let refused = app.submit(&ben, "/people/cleo/erase", &[("confirm", "cleo")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let audit = app.store.audit_entries(None, 5).await.unwrap();
    assert_eq!((audit.len(), audit[0].actor.as_str(), audit[0].action.as_str()), (1, "ben", "refused"));
    assert!(audit[0].detail.starts_with("POST /people/cleo/erase: only admins may erase"), "{}", audit[0].detail);
}
