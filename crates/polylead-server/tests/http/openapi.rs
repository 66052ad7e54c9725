//! The OpenAPI document describes every endpoint the router serves.

use axum::http::StatusCode;

use crate::TestApp;

/// Paths and the method each serves (documented with a 200, 201 or 204 response).
const PATHS: [(&str, &str); 31] = [
    ("/api/v1/people/{id}/data", "get"),
    ("/api/v1/accounts/{id}/reset-link", "post"),
    ("/api/v1/tokens", "post"),
    ("/api/v1/tokens/{id}", "delete"),
    ("/api/v1/analytics", "get"),
    ("/api/v1/analytics/trends", "get"),
    ("/api/v1/network.graphml", "get"),
    ("/api/v1/network.gexf", "get"),
    ("/api/v1/what-if", "post"),
    ("/api/v1/key-players", "get"),
    ("/api/v1/health", "get"),
    ("/api/v1/openapi.json", "get"),
    ("/api/v1/people", "get"),
    ("/api/v1/people/{id}", "get"),
    ("/api/v1/teams", "get"),
    ("/api/v1/teams/{id}", "get"),
    ("/api/v1/roles", "get"),
    ("/api/v1/roles/{id}", "get"),
    ("/api/v1/domains", "get"),
    ("/api/v1/domains/{id}", "get"),
    ("/api/v1/who-decides", "post"),
    ("/api/v1/decisions", "post"),
    ("/api/v1/decisions/{id}", "get"),
    ("/api/v1/decisions/{id}/steps", "post"),
    ("/api/v1/people/{id}/inbox", "get"),
    ("/api/v1/raci", "get"),
    ("/api/v1/governance/changes", "post"),
    ("/api/v1/route", "post"),
    ("/api/v1/experts", "get"),
    ("/api/v1/webhooks", "post"),
    ("/api/v1/webhooks/{id}", "delete"),
];

#[tokio::test]
async fn openapi_json_is_openapi_3_1_and_lists_every_path() {
    let app = TestApp::new().await;
    let response = app.openapi().await;
    assert_eq!(response.status, StatusCode::OK);
    let document = response.json();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    let mut paths: Vec<&str> = document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    paths.sort_unstable();
    let mut expected: Vec<&str> = PATHS.iter().map(|(path, _)| *path).collect();
    expected.sort_unstable();
    assert_eq!(paths, expected);
    for (path, method) in PATHS {
        let responses = &document["paths"][path][method]["responses"];
        let success = ["200", "201", "204"].iter().any(|status| responses[*status].is_object());
        assert!(success, "{method} {path} documents no success");
    }
}

#[tokio::test]
async fn openapi_documents_parameters_and_schemas() {
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    let list = &document["paths"]["/api/v1/people"]["get"];
    let names: Vec<&str> = list["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["offset", "limit"]);
    let one = &document["paths"]["/api/v1/domains/{id}"]["get"];
    assert_eq!(one["parameters"][0]["name"], "id");
    assert_eq!(one["parameters"][0]["in"], "path");
    assert!(one["responses"]["404"].is_object());
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in ["PersonView", "TeamView", "RoleView", "DomainView", "RuleView", "HealthView", "ErrorView"] {
        assert!(schemas.contains_key(schema), "{schema} missing from {:?}", schemas.keys());
    }
}

#[tokio::test]
async fn the_served_document_is_the_public_one() {
    let app = TestApp::new().await;
    let served = app.openapi().await.json();
    let public = serde_json::to_value(polylead_server::openapi()).unwrap();
    assert_eq!(served, public);
}
