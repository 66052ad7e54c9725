//! HTTP tests of polylead-server: each test gets a fresh SQLite store in a temporary
//! directory with a small organisation imported, and calls the router in process
//! (`router(state).oneshot(request)`); `serve.rs` runs once over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analytics;
mod api;
mod decisions;
mod hostile;
mod openapi;
mod pages;
mod serve;
mod webhooks;
mod what_if;

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
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use tempfile::TempDir;
use tower::ServiceExt;

/// The organisation name the test store is given.
pub const ORGANISATION: &str = "Ward <3> & Co";

/// A migrated store holding [`dataset`], and one method per endpoint.
pub struct TestApp {
    pub store: Store,
    /// The same state for every request, as in a running server.
    pub state: AppState,
    /// How to reach the same database again (a second server).
    pub url: String,
    _dir: Option<TempDir>,
    /// PostgreSQL: the server URL to drop the database from, and its name.
    postgres: Option<(String, String)>,
}

const POSTGRES_VAR: &str = "POLYLEAD_TEST_POSTGRES_URL";

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
        let url = path.to_str().unwrap().to_owned();
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        TestApp { state: AppState::new(store.clone()), store, url, _dir: Some(dir), postgres: None }
    }

    /// An empty migrated store in a fresh PostgreSQL database; `None` (with a note) when
    /// PostgreSQL is not configured, outside CI.
    pub async fn empty_postgres() -> Option<TestApp> {
        use sqlx::Connection;
        let Ok(server) = std::env::var(POSTGRES_VAR) else {
            assert!(
                std::env::var("CI").map_or(true, |ci| ci != "true"),
                "{POSTGRES_VAR} is not set, and CI=true requires the PostgreSQL tests"
            );
            eprintln!("note: {POSTGRES_VAR} is not set; skipping the PostgreSQL case");
            return None;
        };
        let name = format!("test_{:016x}", RandomState::new().build_hasher().finish());
        let mut admin = sqlx::postgres::PgConnection::connect(&server).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        let (base, _) = server.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}");
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestApp { state: AppState::new(store.clone()), store, url, _dir: None, postgres: Some((server, name)) })
    }

    /// The Ward organisation of `fixtures/ward/` on `backend`.
    pub async fn ward(postgres: bool) -> Option<TestApp> {
        let app = if postgres { TestApp::empty_postgres().await? } else { TestApp::empty().await };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ward");
        let files = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                (path.file_name().unwrap().to_str().unwrap().to_owned(), std::fs::read(&path).unwrap())
            })
            .collect();
        let data = polylead_core::csv_file::read_dataset(&files, &Default::default()).unwrap();
        app.store.import(&data, "test", &|_, _| {}).await.unwrap();
        Some(app)
    }

    /// Runs `case` on this app, then drops its PostgreSQL database even if the case panicked.
    pub async fn run<F, Fut>(self, case: F)
    where
        F: FnOnce(TestApp) -> Fut,
        Fut: Future<Output = TestApp>,
    {
        use futures_util::FutureExt;
        use sqlx::Connection;
        let store = self.store.clone();
        let postgres = self.postgres.clone();
        let outcome = std::panic::AssertUnwindSafe(case(self)).catch_unwind().await;
        store.close().await;
        if let Some((server, name)) = postgres {
            let mut admin = sqlx::postgres::PgConnection::connect(&server).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut admin)
                .await
                .unwrap();
        }
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }

    /// `POST` (or another method) with a JSON body, acting as `person` when given.
    pub async fn send(&self, method: &str, uri: &str, person: Option<&str>, body: &Value) -> TestResponse {
        let mut request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(person) = person {
            request = request.header("polylead-person", person);
        }
        self.call(request.body(Body::from(body.to_string())).unwrap()).await
    }

    pub async fn request(&self, method: &str, uri: &str) -> TestResponse {
        let request = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        self.call(request).await
    }

    pub async fn call(&self, request: Request<Body>) -> TestResponse {
        let response = router(self.state.clone()).oneshot(request).await.unwrap();
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

/// Runs `async fn case(app: &TestApp)` on the Ward organisation on SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($case:ident) => {
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                let app = $crate::TestApp::ward(false).await.unwrap();
                app.run(|app| async move {
                    super::$case(&app).await;
                    app
                })
                .await
            }

            #[tokio::test]
            async fn postgres() {
                let Some(app) = $crate::TestApp::ward(true).await else { return };
                app.run(|app| async move {
                    super::$case(&app).await;
                    app
                })
                .await
            }
        }
    };
}
