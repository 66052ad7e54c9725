//! `POST /api/v1/what-if` and `GET /api/v1/key-players` on the ward: what Ana's leaving
//! orphans, moving the rota to the regional lead, and 404/422 for unknown or bad input.

use axum::http::StatusCode;
use serde_json::json;

use crate::TestApp;

#[tokio::test]
async fn ana_leaving_orphans_the_rota() {
    let app = TestApp::ward(false).await.unwrap();
    let response = app.send("POST", "/api/v1/what-if", None, &json!({"leave": ["ana"]})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    assert!(body["move_domain"].is_null());
    let leave = &body["leave"];
    assert_eq!(leave["leaving"], json!(["ana"]));
    assert_eq!(leave["orphaned_roles"], json!(["rota"]));
    assert_eq!(leave["orphaned_domains"][0]["domain_id"], "rota");
    assert_eq!(leave["orphaned_domains"][0]["rules"], json!(["rota-1"]));
    assert_eq!(leave["teams_affected"][0]["team_id"], "ward3");
    // No ties in the fixture: F is undefined with a reason, never 0.
    for measure in ["fragmentation", "distance_fragmentation", "truck_factor"] {
        let change = &leave[measure];
        assert_ne!(change["before"].is_null(), change["undefined_before"].is_null(), "{measure}: {change}");
    }
}

#[tokio::test]
async fn moving_the_rota_to_the_lead_hands_it_to_dita() {
    let app = TestApp::ward(false).await.unwrap();
    let body = app.send("POST", "/api/v1/what-if", None, &json!({"move_domain": "rota", "to": "lead"})).await.json();
    let moved = &body["move_domain"];
    assert_eq!(
        (moved["holder_before"].as_str(), moved["holder_after"].as_str()),
        (Some("role:rota"), Some("role:lead"))
    );
    assert_eq!(moved["rules"][0]["before"], json!(["ana"]));
    assert_eq!(moved["rules"][0]["after"], json!(["dita"]));
    assert_eq!(moved["accountable_after"], json!(["dita"]));
}

#[tokio::test]
async fn key_players_are_labelled_with_their_search() {
    let app = TestApp::ward(false).await.unwrap();
    let response = app.get("/api/v1/key-players?k=2").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    assert_eq!(body["k"], 2);
    // The ward has no ties, so both searches say why there is nothing to find.
    assert_eq!(body["by_fragmentation"]["undefined"]["code"], "NO_TIES");
}

#[tokio::test]
async fn unknown_and_bad_input_is_refused() {
    let app = TestApp::ward(false).await.unwrap();
    for (body, status) in [
        (json!({"leave": ["zed"]}), StatusCode::NOT_FOUND),
        (json!({"move_domain": "nowhere", "to": "lead"}), StatusCode::NOT_FOUND),
        (json!({"move_domain": "rota", "to": "nobody"}), StatusCode::NOT_FOUND),
        (json!({"leave": []}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"leave": ["ana"], "move_domain": "rota", "to": "lead"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"move_domain": "rota"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"leave": ["not an id!"]}), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = app.send("POST", "/api/v1/what-if", None, &body).await;
        assert_eq!(response.status, status, "{body}: {}", response.body);
    }
    for k in ["0", "4", "many"] {
        let response = app.get(&format!("/api/v1/key-players?k={k}")).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "k={k}");
    }
}
