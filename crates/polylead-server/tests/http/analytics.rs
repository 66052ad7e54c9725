//! `GET /api/v1/analytics`: the report's shape, undefined figures with reasons, and 4xx for bad
//! parameters.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

fn figure<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["headline"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap_or_else(|| panic!("no {key}"))
}

#[tokio::test]
async fn the_report_of_the_ward_has_every_section_and_says_why_figures_are_undefined() {
    let app = TestApp::ward(false).await.unwrap();
    let response = app.get("/api/v1/analytics?window_days=30").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let report = response.json();
    assert!(report["population"].as_u64().unwrap() > 0);
    assert_eq!(report["window"]["days"], 30.0);
    for section in ["bottlenecks", "single_points", "teams_missing_types"] {
        assert!(report[section].is_array(), "{section}");
    }
    assert!(report["informal_leadership"]["verdict"].is_string());
    let headline = report["headline"].as_array().unwrap();
    assert!(headline.len() > 20);
    for figure in headline {
        for field in ["key", "label", "meaning"] {
            assert!(figure[field].is_string(), "{figure}");
        }
        // A value, or the reason there is none: never both, never neither.
        assert_ne!(figure["value"].is_null(), figure["undefined"].is_null(), "{figure}");
    }
    // The fixture has people but no acts: activity figures say so instead of reporting 0.
    let gini = figure(&report, "gini");
    assert_eq!(gini["undefined"]["code"], "NO_ACTS");
    assert!(gini["undefined"]["explanation"].is_string());
    assert_eq!(figure(&report, "engagement")["value"], 0.0);
}

#[tokio::test]
async fn an_empty_organisation_answers_with_undefined_figures() {
    let app = TestApp::empty().await;
    let report = app.get("/api/v1/analytics").await.json();
    assert_eq!(report["population"], 0);
    assert_eq!(report["window"]["days"], 90.0);
    assert!(report["headline"].as_array().unwrap().iter().all(|f| f["value"].is_null()));
    assert_eq!(figure(&report, "effective_leaders")["undefined"]["code"], "EMPTY");
}

#[tokio::test]
async fn bad_parameters_are_refused() {
    let app = TestApp::ward(false).await.unwrap();
    for (uri, status) in [
        ("/api/v1/analytics?window_days=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/analytics?window_days=3651", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/analytics?window_days=soon", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/analytics?team=nosuchteam", StatusCode::NOT_FOUND),
    ] {
        let response = app.get(uri).await;
        assert_eq!(response.status, status, "{uri}: {}", response.body);
        let code = if status == StatusCode::NOT_FOUND { "not_found" } else { "invalid" };
        assert_eq!(response.json()["code"], code, "{uri}");
    }
}
