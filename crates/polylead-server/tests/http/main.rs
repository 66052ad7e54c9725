//! HTTP tests of polylead-server: each test gets a fresh SQLite store in a temporary
//! directory with a small organisation imported, and calls the router in process
//! (`router(state).oneshot(request)`); `serve.rs` runs once over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod openapi;
mod pages;
mod serve;

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use polylead_core::condition::Condition;
use polylead_core::dataset::Dataset;
use polylead_core::domain::{Domain, Party, Process, Rule};
use polylead_core::person::Person;
use polylead_core::role::{Contribution, Role};
use polylead_core::team::Team;
use polylead_server::{AppState, router};
use polylead_store::Store;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// The organisation name the test store is given.
pub const ORGANISATION: &str = "Ward <3> & Co";

/// A migrated store holding [`dataset`], and one method per endpoint.
pub struct TestApp {
    pub store: Store,
    _dir: TempDir,
}

/// A response read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "expected JSON, got {:?}: {}",
            self.content_type,
            self.body
        );
        serde_json::from_str(&self.body).unwrap()
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        let app = TestApp::empty().await;
        app.store.import(&dataset(), "test", &|_, _| {}).await.unwrap();
        let mut tx = app.store.begin().await.unwrap();
        polylead_store::set_setting(&mut tx, "organisation_name", ORGANISATION, "test").await.unwrap();
        tx.commit().await.unwrap();
        app
    }

    pub async fn empty() -> TestApp {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("polylead.db");
        let store = Store::connect(path.to_str().unwrap()).await.unwrap();
        store.migrate().await.unwrap();
        TestApp { store, _dir: dir }
    }

    pub async fn request(&self, method: &str, uri: &str) -> TestResponse {
        let request = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        let response = router(AppState::new(self.store.clone())).oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        TestResponse { status, content_type, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.request("GET", uri).await
    }

    pub async fn health(&self) -> TestResponse {
        self.get("/api/v1/health").await
    }

    /// `GET /api/v1/{noun}?{query}`.
    pub async fn list(&self, noun: &str, query: &str) -> TestResponse {
        self.get(&format!("/api/v1/{noun}?{query}")).await
    }

    /// `GET /api/v1/{noun}/{id}`.
    pub async fn one(&self, noun: &str, id: &str) -> TestResponse {
        self.get(&format!("/api/v1/{noun}/{id}")).await
    }

    pub async fn openapi(&self) -> TestResponse {
        self.get("/api/v1/openapi.json").await
    }

    pub async fn landing(&self) -> TestResponse {
        self.get("/").await
    }
}

/// Two nested teams, three people, one role and a domain with two rules.
pub fn dataset() -> Dataset {
    let team = |id: &str, name: &str, parent: Option<&str>| Team {
        id: id.parse().unwrap(),
        name: name.parse().unwrap(),
        purpose: Some(format!("{name} purpose")),
        parent: parent.map(|id| id.parse().unwrap()),
    };
    let person = |id: &str, name: &str, superior: Option<&str>| Person {
        id: id.parse().unwrap(),
        name: name.parse().unwrap(),
        email: Some(format!("{id}@example.org").parse().unwrap()),
        skills: vec!["rota planning".parse().unwrap()],
        level: Some(if superior.is_some() { 1 } else { 0 }),
        superior: superior.map(|id| id.parse().unwrap()),
        team: Some("t2".parse().unwrap()),
        joined: Some("2021-04-01".parse().unwrap()),
        left: None,
    };
    let rule = |id: &str, position: u32, condition: &str, process: Process| Rule {
        id: id.parse().unwrap(),
        domain: "d1".parse().unwrap(),
        position,
        condition: Condition::parse(condition).unwrap(),
        decider: Party::Holder,
        process,
        consulted: vec!["team:t2".parse().unwrap()],
        informed: vec!["person:p1".parse().unwrap()],
        time_limit_hours: Some(48),
        escalate_to: Some("person:p1".parse().unwrap()),
    };
    Dataset {
        teams: vec![team("t1", "Hospital", None), team("t2", "Ward 3", Some("t1"))],
        people: vec![
            person("p1", "Ana Lima", None),
            person("p2", "Ben Okafor", Some("p1")),
            person("p3", "Chen Wei", Some("p1")),
        ],
        roles: vec![Role {
            id: "r1".parse().unwrap(),
            team: "t2".parse().unwrap(),
            name: "Rota keeper".parse().unwrap(),
            purpose: None,
            accountabilities: vec!["Publishing the rota".to_owned()],
            contributions: vec![Contribution::ExecutionDelivery],
            critical: true,
        }],
        domains: vec![Domain {
            id: "d1".parse().unwrap(),
            name: "Spending from the ward budget".parse().unwrap(),
            description: None,
            keywords: vec!["budget".parse().unwrap()],
            holder: "role:r1".parse().unwrap(),
        }],
        // Listed out of order: the API must return them by position.
        rules: vec![
            rule("d1-large", 2, "always", Process::Consent),
            rule("d1-small", 1, "amount <= 5000", Process::Autonomous),
        ],
        ..Dataset::default()
    }
}
