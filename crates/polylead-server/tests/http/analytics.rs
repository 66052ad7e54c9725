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

/// Nobody can sign in to an empty organisation, so its report is built as the API builds it.
#[tokio::test]
async fn an_empty_organisation_answers_with_undefined_figures() {
    let app = TestApp::empty().await;
    assert_eq!(app.get("/api/v1/analytics").await.status, StatusCode::UNAUTHORIZED);
    let report =
        polylead_server::api::analytics::load_report(&app.store, 90, None, polylead_server::flow::now()).await.unwrap();
    assert_eq!(report.population, 0);
    assert!(report.figures.iter().all(|figure| figure.value.is_err()));
    let leaders = report.figure("effective_leaders").unwrap();
    assert_eq!(leaders.value.as_ref().unwrap_err().code(), "EMPTY");
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

/// The test organisation plus two acts in January 2025, one in February, and an advice tie.
async fn with_acts() -> TestApp {
    use polylead_core::act::{Act, ActSource};
    use polylead_core::advice::{AdviceTie, TieOrigin};
    use polylead_core::role::Contribution;
    let app = TestApp::new().await;
    let act = |id: &str, actor: &str, at: &str| Act {
        id: id.parse().unwrap(),
        actor: actor.parse().unwrap(),
        co_actors: vec![],
        targets: vec![],
        initiator: None,
        kind: Contribution::VisionDirection,
        domain: None,
        team: None,
        started_at: at.parse().unwrap(),
        duration_s: None,
        planned: None,
        channel: None,
        influence: None,
        routine: None,
        decision: None,
        source: ActSource::SelfLog,
    };
    let facts = polylead_core::dataset::Dataset {
        acts: vec![
            act("a1", "p1", "2025-01-10T10:00:00Z"),
            act("a2", "p2", "2025-01-20T10:00:00Z"),
            act("a3", "p1", "2025-02-03T10:00:00Z"),
        ],
        ties: vec![AdviceTie {
            id: "x1".parse().unwrap(),
            seeker: "p2".parse().unwrap(),
            source: "p1".parse().unwrap(),
            subject: Some("rota & <nights>".into()),
            frequency: Some(4),
            influence: Some(2),
            origin: TieOrigin::Survey,
            wave: None,
        }],
        ..polylead_core::dataset::Dataset::default()
    };
    app.store.import(&facts, "test", &|_, _| {}).await.unwrap();
    app
}

#[tokio::test]
async fn trends_give_each_month_its_figures_from_the_first_act() {
    let app = with_acts().await;
    let response = app.get("/api/v1/analytics/trends?months=600").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let trends = response.json();
    let months = trends["months"].as_array().unwrap();
    assert_eq!(months[0]["month"], "2025-01");
    assert_eq!(months[1]["month"], "2025-02");
    let value = |month: &Value, key: &str| {
        month["figures"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap().clone()
    };
    assert_eq!((months[0]["acts"].as_u64(), months[0]["population"].as_u64()), (Some(2), Some(3)));
    let n_eff = value(&months[0], "effective_leaders")["value"].as_f64().unwrap();
    assert!((n_eff - 2.0).abs() < 1e-9, "{n_eff}");
    assert_eq!(value(&months[1], "effective_leaders")["value"], 1.0);
    assert_eq!(value(&months[1], "gini")["value"], 1.0);
    assert_eq!(value(&months[2], "gini")["undefined"]["code"], "NO_ACTS");
    assert_eq!(value(&months[0], "latency_median_days")["undefined"]["code"], "EMPTY");
    assert_eq!(trends["omitted"][0]["key"], "in_centralization");
    let last_two = app.get("/api/v1/analytics/trends?months=2").await.json();
    assert_eq!(last_two["months"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn trends_of_an_empty_organisation_are_empty_and_bad_months_are_refused() {
    let app = TestApp::empty().await;
    let trends =
        polylead_server::api::analytics::load_trends(&app.store, 24, polylead_server::flow::now()).await.unwrap();
    assert!(trends.months.is_empty());
    assert!(trends.omitted[0].reason.contains("date"));
    let app = TestApp::ward(false).await.unwrap();
    for uri in ["/api/v1/analytics/trends?months=0", "/api/v1/analytics/trends?months=601"] {
        let response = app.get(uri).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(response.json()["code"], "invalid");
    }
}

#[tokio::test]
async fn the_network_downloads_as_graphml_and_gexf() {
    let app = with_acts().await;
    let graphml = app.get("/api/v1/network.graphml").await;
    assert_eq!(graphml.status, StatusCode::OK, "{}", graphml.body);
    assert_eq!(graphml.content_type, "application/graphml+xml; charset=utf-8");
    assert!(graphml.headers["content-disposition"].to_str().unwrap().contains("advice.graphml"));
    assert_eq!(graphml.body.matches("<node id=").count(), 3);
    assert!(graphml.body.contains(r#"<edge id="x1" source="p2" target="p1">"#));
    assert!(graphml.body.contains("<data key=\"e_subject\">rota &amp; &lt;nights&gt;</data>"));
    assert!(graphml.body.contains("<data key=\"e_weight\">8</data>"));
    let gexf = app.get("/api/v1/network.gexf?window_days=30").await;
    assert_eq!(gexf.status, StatusCode::OK, "{}", gexf.body);
    assert_eq!(gexf.content_type, "application/gexf+xml; charset=utf-8");
    assert!(gexf.body.contains(r#"<gexf xmlns="http://gexf.net/1.3""#));
    assert!(gexf.body.contains(r#"weight="8""#));
    let bad = app.get("/api/v1/network.gexf?window_days=0").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
