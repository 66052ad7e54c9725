//! The JSON API: shapes, paging, lookups and errors.

use axum::http::StatusCode;
use serde_json::json;

use crate::TestApp;

#[tokio::test]
async fn health_reports_ok_version_backend_and_counts() {
    let app = TestApp::new().await;
    let response = app.health().await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["backend"], "sqlite");
    assert_eq!(body["counts"]["people"], 3);
    assert_eq!(body["counts"]["teams"], 2);
    assert_eq!(body["counts"]["domain_rules"], 2);
}

#[tokio::test]
async fn lists_page_in_id_order_with_the_total() {
    let app = TestApp::new().await;
    let body = app.list("people", "offset=1&limit=1").await.json();
    assert_eq!(body["total"], 3);
    assert_eq!(body["offset"], 1);
    assert_eq!(body["limit"], 1);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "p2");

    let defaults = app.list("people", "").await.json();
    assert_eq!((defaults["offset"].clone(), defaults["limit"].clone()), (json!(0), json!(50)));
    let ids: Vec<_> = defaults["items"].as_array().unwrap().iter().map(|p| p["id"].clone()).collect();
    assert_eq!(ids, [json!("p1"), json!("p2"), json!("p3")]);

    let past_the_end = app.list("teams", "offset=10").await.json();
    assert_eq!(past_the_end["items"], json!([]));
    assert_eq!(past_the_end["total"], 2);
}

#[tokio::test]
async fn every_list_answers() {
    let app = TestApp::new().await;
    for (noun, total) in [("people", 3), ("teams", 2), ("roles", 1), ("domains", 1)] {
        let response = app.list(noun, "limit=500").await;
        assert_eq!(response.status, StatusCode::OK, "{noun}: {}", response.body);
        assert_eq!(response.json()["total"], total, "{noun}");
    }
}

#[tokio::test]
async fn gets_a_person_by_id() {
    let app = TestApp::new().await;
    let response = app.one("people", "p2").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.json(),
        json!({
            "id": "p2",
            "name": "Ben Okafor",
            "email": "p2@example.org",
            "skills": ["rota planning"],
            "level": 1,
            "superior_id": "p1",
            "team_id": "t2",
            "joined_on": "2021-04-01",
            "left_on": null,
        })
    );
}

#[tokio::test]
async fn gets_a_team_and_a_role_by_id() {
    let app = TestApp::new().await;
    let team = app.one("teams", "t2").await.json();
    assert_eq!(team, json!({ "id": "t2", "name": "Ward 3", "purpose": "Ward 3 purpose", "parent_id": "t1" }));
    let role = app.one("roles", "r1").await.json();
    assert_eq!(
        role,
        json!({
            "id": "r1",
            "team_id": "t2",
            "name": "Rota keeper",
            "purpose": null,
            "accountabilities": ["Publishing the rota"],
            "contributions": ["execution_delivery"],
            "critical": true,
        })
    );
}

#[tokio::test]
async fn a_domain_carries_its_rules_in_order() {
    let app = TestApp::new().await;
    let domain = app.one("domains", "d1").await.json();
    assert_eq!(domain["holder"], "role:r1");
    assert_eq!(domain["keywords"], json!(["budget"]));
    assert_eq!(
        domain["rules"],
        json!([
            {
                "id": "d1-small",
                "position": 1,
                "condition": "amount <= 5000",
                "decider": "holder",
                "process": "autonomous",
                "consulted": ["team:t2"],
                "informed": ["person:p1"],
                "time_limit_hours": 48,
                "escalate_to": "person:p1",
            },
            {
                "id": "d1-large",
                "position": 2,
                "condition": "always",
                "decider": "holder",
                "process": "consent",
                "consulted": ["team:t2"],
                "informed": ["person:p1"],
                "time_limit_hours": 48,
                "escalate_to": "person:p1",
            },
        ])
    );
    let listed = app.list("domains", "").await.json();
    assert_eq!(listed["items"][0], domain);
}

#[tokio::test]
async fn a_missing_entity_is_a_json_404() {
    let app = TestApp::new().await;
    for (noun, id, message) in [
        ("people", "p9", "person p9 not found"),
        ("teams", "t9", "team t9 not found"),
        ("roles", "r9", "role r9 not found"),
        ("domains", "d9", "domain d9 not found"),
    ] {
        let response = app.one(noun, id).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{noun}");
        assert_eq!(response.json(), json!({ "code": "not_found", "message": message }));
    }
}

#[tokio::test]
async fn a_malformed_id_is_a_json_422() {
    let app = TestApp::new().await;
    let response = app.one("people", "-p1").await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.json();
    assert_eq!(body["code"], "invalid");
    assert!(body["message"].as_str().unwrap().contains("must start with a letter or digit"), "{body}");
}

#[tokio::test]
async fn bad_paging_is_a_json_422_that_says_what_is_wrong() {
    let app = TestApp::new().await;
    for (query, expected) in [
        ("limit=0", "limit must be between 1 and 500, got 0"),
        ("limit=501", "limit must be between 1 and 500, got 501"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
    ] {
        let response = app.list("people", query).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body = response.json();
        assert_eq!(body["code"], "invalid", "{query}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(expected), "{query}: {message}");
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = TestApp::new().await;
    for path in ["/api/v1/nope", "/api/v1/people/p1/roles", "/api/v1", "/api/v1/", "/api/v2/people"] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        let body = response.json();
        assert_eq!(body["code"], "not_found", "{path}");
        assert!(body["message"].as_str().unwrap().contains(path), "{body}");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = TestApp::new().await;
    let response = app.request("DELETE", "/api/v1/people/p1").await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers["allow"], "GET,HEAD");
    assert_eq!(response.json()["code"], "method_not_allowed");
}

#[tokio::test]
async fn an_empty_store_answers_health_and_asks_everything_else_to_sign_in() {
    let app = TestApp::empty().await;
    let refused = app.list("domains", "").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["code"], "unauthenticated");
    assert_eq!(app.health().await.json()["counts"]["people"], 0);
}
