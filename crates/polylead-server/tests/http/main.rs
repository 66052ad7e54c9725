//! HTTP tests of polylead-server: each test gets a fresh SQLite store in a temporary
//! directory with a small organisation imported, and calls the router in process
//! (`router(state).oneshot(request)`); `serve.rs` runs once over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analytics;
mod analytics_pages;
mod api;
mod audit;
mod decision_pages;
mod decisions;
mod hostile;
mod openapi;
mod org_pages;
mod pages;
mod permissions;
mod privacy;
mod serve;
mod webhooks;
mod what_if;

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use polylead_core::account::{AccountRole, TokenScope};
use polylead_core::condition::Condition;
use polylead_core::dataset::Dataset;
use polylead_core::domain::{Domain, Party, Process, Rule};
use polylead_core::person::Person;
use polylead_core::role::{Contribution, Role};
use polylead_core::team::Team;
use polylead_server::auth::password::hash_password;
use polylead_server::auth::secret::hash_secret;
use polylead_server::{AppState, router};
use polylead_store::ApiToken;
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
    /// Whom requests act as when they name nobody (after [`TestApp::sign_up_everyone`]).
    admin: std::sync::Mutex<Option<String>>,
}

/// Every test account's password.
pub const PASSWORD: &str = "correct horse battery staple";
/// The admin of the Ward organisation (Finn, from HR).
pub const WARD_ADMIN: &str = "finn";

/// The secret of `person`'s test API token.
pub fn token_of(person: &str) -> String {
    format!("plt_test_{person}")
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
        app.sign_up_everyone("p1").await;
        app
    }

    /// Gives every person a member account (`admin` an admin one) with the password
    /// [`PASSWORD`] and a write token whose secret is [`token_of`] their id.
    pub async fn sign_up_everyone(&self, admin: &str) {
        static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let hash = HASH.get_or_init(|| async { hash_password(PASSWORD.to_owned()).await.unwrap() }).await;
        let now = jiff::Timestamp::from_second(1_767_225_600).unwrap();
        let people: Vec<Person> = self.store.all().await.unwrap();
        for person in people {
            let role = if person.id.as_str() == admin { AccountRole::Admin } else { AccountRole::Member };
            self.store.add_account(&person.id, role, hash, now).await.unwrap();
            let token = ApiToken {
                id: format!("tok-{}", person.id),
                person: person.id.clone(),
                name: "tests".to_owned(),
                scope: TokenScope::Write,
                created_at: now,
                expires_at: jiff::Timestamp::from_second(4_102_444_800).unwrap(),
                last_used_at: None,
                revoked_at: None,
            };
            self.store.add_token(&token, &hash_secret(&token_of(person.id.as_str()))).await.unwrap();
        }
        *self.admin.lock().unwrap() = Some(admin.to_owned());
    }

    pub async fn empty() -> TestApp {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("polylead.db");
        let url = path.to_str().unwrap().to_owned();
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        TestApp {
            state: AppState::new(store.clone()),
            store,
            url,
            _dir: Some(dir),
            postgres: None,
            admin: Default::default(),
        }
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
        Some(TestApp {
            state: AppState::new(store.clone()),
            store,
            url,
            _dir: None,
            postgres: Some((server, name)),
            admin: Default::default(),
        })
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
        app.sign_up_everyone(WARD_ADMIN).await;
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

    /// `POST` (or another method) with a JSON body, acting as `person` (by their API token),
    /// or as the organisation's admin when `None`.
    pub async fn send(&self, method: &str, uri: &str, person: Option<&str>, body: &Value) -> TestResponse {
        let request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        let request = self.authorised(request, person);
        self.call(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A request without any session or token.
    pub async fn send_anonymously(&self, method: &str, uri: &str, body: &Value) -> TestResponse {
        let request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        self.call(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A request without a body, as the organisation's admin.
    pub async fn request(&self, method: &str, uri: &str) -> TestResponse {
        let request = self.authorised(Request::builder().method(method).uri(uri), None);
        self.call(request.body(Body::empty()).unwrap()).await
    }

    /// `request` with the API token of `person`, or of the admin (if there is one).
    pub fn authorised(
        &self,
        request: axum::http::request::Builder,
        person: Option<&str>,
    ) -> axum::http::request::Builder {
        let admin = self.admin.lock().unwrap().clone();
        match person.map(str::to_owned).or(admin) {
            Some(person) => request.header(header::AUTHORIZATION, format!("Bearer {}", token_of(&person))),
            None => request,
        }
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

    /// Signs `person` in through the sign-in form, as a browser does.
    pub async fn sign_in(&self, person: &str) -> Browser {
        let form = self.call(Request::get("/sign-in").body(Body::empty()).unwrap()).await;
        let csrf_cookie = set_cookie_of(&form, "polylead_csrf").expect("the sign-in form sets a CSRF cookie");
        let csrf = hidden_field(&form.body, "csrf");
        let body = format!("login={person}&password={}&csrf={csrf}&next=/", PASSWORD.replace(' ', "+"));
        let request = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("polylead_csrf={csrf_cookie}"))
            .body(Body::from(body))
            .unwrap();
        let signed_in = self.call(request).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
        let session = set_cookie_of(&signed_in, "polylead_session").expect("signing in sets the session cookie");
        let mut browser = Browser { cookie: format!("polylead_session={session}"), csrf: String::new() };
        browser.csrf = hidden_field(&self.page(&browser, "/").await.body, "csrf");
        browser
    }

    /// `GET path` in `browser`.
    pub async fn page(&self, browser: &Browser, path: &str) -> TestResponse {
        let request = Request::get(path).header(header::COOKIE, &browser.cookie).body(Body::empty()).unwrap();
        self.call(request).await
    }

    /// Sends a form to `path` in `browser`, with its CSRF token unless `fields` has one.
    pub async fn submit(&self, browser: &Browser, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        if !fields.iter().any(|(name, _)| *name == "csrf") {
            fields.push(("csrf", &browser.csrf));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let request = Request::post(path)
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.call(request).await
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

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// The value `response` sets for cookie `name`.
pub fn set_cookie_of(response: &TestResponse, name: &str) -> Option<String> {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next()?.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The value of the first `<input name="{name}" value="…">` in `page`.
pub fn hidden_field(page: &str, name: &str) -> String {
    let start = page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no field {name} in {page}"));
    let value = &page[start + name.len() + 15..];
    value[..value.find('"').unwrap()].to_owned()
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
