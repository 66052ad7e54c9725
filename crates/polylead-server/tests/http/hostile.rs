//! Hostile requests: oversized bodies, wrong content types, malformed and deeply nested JSON,
//! unknown fields, path traversal in file names and huge query values each get a clear 4xx
//! with our JSON error body, and nothing is stored.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::stream;
use polylead_store::DecisionFilter;
use serde_json::json;

use crate::{TestApp, TestResponse, on_both_backends};

/// Asserts the status and `code` and returns the message.
fn refused(response: &TestResponse, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.body);
    let body = response.json();
    assert_eq!(body["code"], code, "{}", response.body);
    body["message"].as_str().unwrap().to_owned()
}

/// How much is stored: history rows, decisions and webhooks.
async fn stored(app: &TestApp) -> (u64, u64, usize) {
    let history = app.store.history(0, 1).await.unwrap().total;
    let decisions = app.store.decision_page(&DecisionFilter::default(), 0, 1).await.unwrap().total;
    (history, decisions, app.store.webhooks().await.unwrap().len())
}

/// A POST of `body` as is, with `content_type` when given, acting as cleo.
async fn post_raw(app: &TestApp, uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> TestResponse {
    // As the admin, who may also post to the webhooks.
    let token = crate::token_of(crate::WARD_ADMIN);
    let mut request = Request::builder().method("POST").uri(uri).header("authorization", format!("Bearer {token}"));
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    app.call(request.body(body.into()).unwrap()).await
}

const JSON: Option<&str> = Some("application/json");
const MIB: usize = 1 << 20;

/// A proposal whose title pads the body to `size` bytes.
fn proposal_of_size(size: usize) -> String {
    let frame = json!({"title": "", "domain": "budget"}).to_string();
    json!({"title": "x".repeat(size - frame.len()), "domain": "budget"}).to_string()
}

async fn a_body_over_the_limit_is_413_naming_the_limit(app: &TestApp) {
    let before = stored(app).await;
    let body = proposal_of_size(MIB + 1);
    assert_eq!(body.len(), MIB + 1);

    // Declared too large: refused before the body is read.
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/decisions")
        .header("authorization", format!("Bearer {}", crate::token_of("cleo")))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body.clone()))
        .unwrap();
    let message = refused(&app.call(request).await, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    assert_eq!(message, "the request body is too large: the limit is 1 MiB for this endpoint");

    // Sent in chunks without a length: refused when the limit is crossed.
    let chunks = body.into_bytes().chunks(64 * 1024).map(|chunk| Ok::<_, std::io::Error>(chunk.to_vec())).collect();
    let streamed = post_raw(app, "/api/v1/decisions", JSON, Body::from_stream(stream::iter::<Vec<_>>(chunks))).await;
    assert!(refused(&streamed, StatusCode::PAYLOAD_TOO_LARGE, "too_large").contains("the limit is 1 MiB"));

    // Just under the limit, the body is read and its title refused for what it is.
    let under = post_raw(app, "/api/v1/decisions", JSON, proposal_of_size(MIB)).await;
    assert_eq!(refused(&under, StatusCode::UNPROCESSABLE_ENTITY, "invalid"), "title must be 1 to 300 characters");
    assert_eq!(stored(app).await, before);
}
on_both_backends!(a_body_over_the_limit_is_413_naming_the_limit);

async fn a_governance_change_may_carry_16_mib_of_files(app: &TestApp) {
    let before = stored(app).await;
    let rows = "x,ward9,X\n".repeat(2 * MIB / 10);
    let change =
        |rows: &str| json!({"title": "Many roles", "files": {"roles.csv": format!("id,team_id,name\n{rows}")}});
    let two_mib = app.send("POST", "/api/v1/governance/changes", Some("cleo"), &change(&rows)).await;
    let message = refused(&two_mib, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert!(message.starts_with("roles.csv: "), "{message}");

    let huge = "x".repeat(16 * MIB);
    let too_much = app.send("POST", "/api/v1/governance/changes", Some("cleo"), &change(&huge)).await;
    assert_eq!(
        refused(&too_much, StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        "the request body is too large: the limit is 16 MiB for this endpoint"
    );
    assert_eq!(stored(app).await, before);
}
on_both_backends!(a_governance_change_may_carry_16_mib_of_files);

async fn a_body_that_is_not_declared_json_is_415(app: &TestApp) {
    let before = stored(app).await;
    let body = json!({"title": "Rota", "domain": "budget"}).to_string();
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("json")] {
        let response = post_raw(app, "/api/v1/decisions", content_type, body.clone()).await;
        let message = refused(&response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        assert!(message.contains("send Content-Type: application/json"), "{content_type:?}: {message}");
    }
    let webhook = post_raw(app, "/api/v1/webhooks", Some("text/csv"), "url\nhttp://localhost/\n").await;
    refused(&webhook, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    // JSON with a charset, or a +json type, is JSON.
    for content_type in ["application/json; charset=utf-8", "application/vnd.polylead+json"] {
        let response = post_raw(app, "/api/v1/who-decides", Some(content_type), r#"{"domain": "budget"}"#).await;
        assert_eq!(response.status, StatusCode::OK, "{content_type}: {}", response.body);
    }
    assert_eq!(stored(app).await, before);
}
on_both_backends!(a_body_that_is_not_declared_json_is_415);

async fn malformed_json_is_400_with_line_and_column(app: &TestApp) {
    let before = stored(app).await;
    for (body, place) in [
        ("{\"title\": \"Rota\",\n \"domain\": }", "line 2 column 12"),
        ("{\"title\": \"Rota\", \"domain\": \"budget\"} trailing", "line 1 column 39"),
        ("", "line 1 column 0"),
        ("{\"title\": \"\u{0}\"}", "line 1 column 12"),
    ] {
        let response = post_raw(app, "/api/v1/decisions", JSON, body).await;
        let message = refused(&response, StatusCode::BAD_REQUEST, "malformed_json");
        assert!(message.contains(place), "{body:?}: {message}");
    }
    let not_utf8 = post_raw(app, "/api/v1/decisions", JSON, vec![b'{', b'"', 0xff, b'"', b'}']).await;
    refused(&not_utf8, StatusCode::BAD_REQUEST, "malformed_json");
    assert_eq!(stored(app).await, before);
}
on_both_backends!(malformed_json_is_400_with_line_and_column);

async fn deeply_nested_json_is_refused_without_a_crash(app: &TestApp) {
    let before = stored(app).await;
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    for (uri, body) in [
        // Buffered whole (the proposal's question is a flattened map): the parser's depth limit.
        ("/api/v1/decisions", format!(r#"{{"title": "Rota", "domain": "budget", "extra": {deep}}}"#)),
        ("/api/v1/decisions", deep.clone()),
        ("/api/v1/governance/changes", format!(r#"{{"title": "T", "files": {deep}}}"#)),
        ("/api/v1/webhooks", format!(r#"{{"url": "http://localhost/", "events": {deep}}}"#)),
        ("/api/v1/what-if", format!(r#"{{"leave": {deep}}}"#)),
        ("/api/v1/who-decides", format!(r#"{{"domain": "budget", "unknown": {deep}}}"#)),
    ] {
        let response = post_raw(app, uri, JSON, body).await;
        assert!(
            matches!(response.status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY),
            "{uri}: {} {}",
            response.status,
            response.body
        );
        let code = if response.status == StatusCode::BAD_REQUEST { "malformed_json" } else { "invalid" };
        let message = refused(&response, response.status, code);
        assert!(message.contains("line 1 column"), "{uri}: {message}");
    }
    let flattened = format!(r#"{{"title": "Rota", "domain": "budget", "extra": {deep}}}"#);
    let response = post_raw(app, "/api/v1/decisions", JSON, flattened).await;
    assert!(refused(&response, StatusCode::BAD_REQUEST, "malformed_json").contains("recursion limit exceeded"));
    assert_eq!(stored(app).await, before);
}
on_both_backends!(deeply_nested_json_is_refused_without_a_crash);

async fn an_unknown_field_is_422_naming_it(app: &TestApp) {
    let before = stored(app).await;
    for (uri, body, field) in [
        ("/api/v1/decisions", json!({"title": "Rota", "domain": "budget", "amout": 5}), "amout"),
        ("/api/v1/webhooks", json!({"url": "http://localhost/", "secrett": "s"}), "secrett"),
        ("/api/v1/governance/changes", json!({"title": "T", "files": {}, "file": {}}), "file"),
        ("/api/v1/what-if", json!({"leave": ["ana"], "when": "now"}), "when"),
    ] {
        // Webhooks are for admins.
        let person = if uri.contains("webhooks") { crate::WARD_ADMIN } else { "cleo" };
        let response = app.send("POST", uri, Some(person), &body).await;
        let message = refused(&response, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert!(message.contains(&format!("unknown field `{field}`")), "{uri}: {message}");
    }
    let step = app
        .send("POST", "/api/v1/decisions/d1/steps", Some("cleo"), &json!({"action": "advise", "text": "t", "x": 1}))
        .await;
    assert!(refused(&step, StatusCode::UNPROCESSABLE_ENTITY, "invalid").contains("unknown field `x`"));
    let wrong_type = app.send("POST", "/api/v1/decisions", Some("cleo"), &json!({"title": 5, "domain": "b"})).await;
    assert!(refused(&wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "invalid").contains("title: invalid type"));
    assert_eq!(stored(app).await, before);
}
on_both_backends!(an_unknown_field_is_422_naming_it);

async fn a_file_name_that_is_not_a_plain_csv_name_is_422_naming_it(app: &TestApp) {
    let before = stored(app).await;
    let csv = "id,team_id,name\nscribe,ward3,Scribe\n";
    for name in ["../roles.csv", "/etc/passwd", "roles\\..\\x.csv", "a/roles.csv", "roles.csv\u{0}.txt", ".."] {
        let change = json!({"title": "Sneaky", "files": {name: csv}});
        let response = app.send("POST", "/api/v1/governance/changes", Some("cleo"), &change).await;
        let message = refused(&response, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert!(message.contains(&format!("{name:?}")), "{name:?}: {message}");
        assert!(message.contains("not a plain file name such as teams.csv"), "{message}");
    }
    for name in ["people.csv", "secrets.txt", "roles.CSV"] {
        let change = json!({"title": "Not structure", "files": {name: csv}});
        let response = app.send("POST", "/api/v1/governance/changes", Some("cleo"), &change).await;
        let message = refused(&response, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert!(message.starts_with(&format!("{name}: is not part of a governance change")), "{message}");
    }
    assert_eq!(stored(app).await, before);
}
on_both_backends!(a_file_name_that_is_not_a_plain_csv_name_is_422_naming_it);

async fn huge_query_values_are_refused_or_bounded(app: &TestApp) {
    let before = stored(app).await;
    // The longest URI a request can have is 64 KiB; beyond it the HTTP layer refuses it.
    let huge = "x".repeat(60_000);
    for uri in [
        format!("/api/v1/decisions?status={huge}"),
        format!("/api/v1/decisions?person={huge}"),
        "/api/v1/people?limit=99999999999999999999999999".to_owned(),
        format!("/api/v1/people?offset={}", "9".repeat(10_000)),
        format!("/api/v1/analytics?window_days={huge}"),
    ] {
        let response = app.get(&uri).await;
        let message = refused(&response, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert!(!message.is_empty(), "{}", &uri[..60]);
    }
    // Free text is cut to its first words, not refused.
    let words = "rota ".repeat(12_000);
    let experts = app.get(&format!("/api/v1/experts?q={}", words.replace(' ', "+"))).await;
    assert_eq!(experts.status, StatusCode::OK, "{}", experts.body);
    assert_eq!(stored(app).await, before);
}
on_both_backends!(huge_query_values_are_refused_or_bounded);
