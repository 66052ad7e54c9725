//! The OpenAPI document describes every endpoint the router serves.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

/// Paths and the method each serves (documented with a 200, 201 or 204 response).
const PATHS: [(&str, &str); 34] = [
    ("/api/v1/me", "get"),
    ("/api/v1/audit", "get"),
    ("/api/v1/people/{id}/data", "get"),
    ("/api/v1/people/{id}/erasure", "post"),
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

/// Paths anyone may call without signing in.
const PUBLIC_PATHS: [&str; 2] = ["/api/v1/health", "/api/v1/openapi.json"];

#[tokio::test]
async fn every_operation_documents_the_errors_the_guard_and_the_extractors_give() {
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    for (path, method) in PATHS {
        let operation = &document["paths"][path][method];
        let responses = &operation["responses"];
        let guarded = !PUBLIC_PATHS.contains(&path);
        for status in ["401", "403"] {
            assert_eq!(responses[status].is_object(), guarded, "{method} {path}: {status} documented? {responses}");
        }
        let takes_input = operation["requestBody"].is_object()
            || operation["parameters"].as_array().is_some_and(|parameters| !parameters.is_empty());
        if takes_input {
            assert!(responses["422"].is_object(), "{method} {path} takes input but documents no 422");
        }
        if operation["requestBody"].is_object() {
            for status in ["400", "413", "415"] {
                assert!(responses[status].is_object(), "{method} {path} takes a JSON body but documents no {status}");
            }
        }
    }
    // A refused path id is one of them: 422, in the documented error shape.
    let response = app.request("GET", "/api/v1/decisions/%C3%A8%09").await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.body);
    assert_eq!(response.json()["code"], "invalid");
}

#[tokio::test]
async fn the_what_if_measures_and_the_governance_outcome_have_schemas_of_their_own() {
    // Both were `ChangeView`, so the document described the measures as governance outcomes.
    let app = TestApp::ward(false).await.unwrap();
    let document = app.openapi().await.json();
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["LeaveView"]["properties"]["fragmentation"]["$ref"], "#/components/schemas/MetricChangeView");
    assert!(schemas["ChangeView"]["properties"]["outcome"].is_object(), "{}", schemas["ChangeView"]);
    let documented: Vec<&str> =
        schemas["MetricChangeView"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    let body = app.send("POST", "/api/v1/what-if", None, &serde_json::json!({"leave": ["ana"]})).await.json();
    let served: Vec<&str> = body["leave"]["fragmentation"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(served, documented);
}

#[tokio::test]
async fn a_proposal_body_is_one_object_that_a_body_can_satisfy() {
    // It was `allOf` of the question and the proposal, each forbidding the other's fields.
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    let schema = &document["components"]["schemas"]["ProposalRequest"];
    assert!(schema["allOf"].is_null(), "{schema}");
    assert_eq!(schema["additionalProperties"], false);
    let mut properties: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    properties.sort_unstable();
    assert_eq!(properties, ["amount", "asker", "domain", "open", "proposal", "scope", "tags", "title"]);
    let mut required: Vec<&str> =
        schema["required"].as_array().unwrap().iter().map(|name| name.as_str().unwrap()).collect();
    required.sort_unstable();
    assert_eq!(required, ["domain", "title"]);
}

#[tokio::test]
async fn raci_documents_the_content_types_it_serves() {
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    let content = document["paths"]["/api/v1/raci"]["get"]["responses"]["200"]["content"].as_object().unwrap();
    let mut documented: Vec<&str> = content.keys().map(String::as_str).collect();
    documented.sort_unstable();
    assert_eq!(documented, ["text/csv", "text/markdown"]);
    for (format, expected) in [("md", "text/markdown"), ("csv", "text/csv")] {
        let response = app.get(&format!("/api/v1/raci?format={format}")).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert!(response.content_type.starts_with(expected), "format={format} served {}", response.content_type);
    }
}

#[tokio::test]
async fn no_operation_asks_for_the_acting_person_in_a_header() {
    // The actor is the signed-in person; a `Polylead-Person` header was documented (required)
    // but never read, so a client could believe it acted as someone else.
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    for (path, method) in PATHS {
        let parameters = document["paths"][path][method]["parameters"].as_array().cloned().unwrap_or_default();
        let headers: Vec<&Value> = parameters.iter().filter(|parameter| parameter["in"] == "header").collect();
        assert!(headers.is_empty(), "{method} {path} documents headers {headers:?}");
    }
    assert!(!document.to_string().to_lowercase().contains("polylead-person"));
}
