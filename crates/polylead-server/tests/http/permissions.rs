//! Who may call what: every API route × every kind of caller, in one table. A route added
//! without an entry here fails `every_route_has_a_permission_entry`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use polylead_core::account::{AccountRole, TokenScope};
use polylead_server::auth::secret::hash_secret;
use polylead_store::ApiToken;

use crate::{TestApp, token_of};

/// What a route needs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Needs {
    /// Nothing: anyone, signed in or not.
    Nothing,
    /// Any signed-in account, any token scope.
    Read,
    /// A member or admin, with a write token.
    Act,
    /// An admin with a write token.
    Admin,
    /// Ben (the person in the path) with any token, or an admin.
    BenOrAdmin,
}

/// (method, documented path, a concrete request path, JSON body, what it needs). Write
/// requests use ids that do not exist where the decision rights would otherwise refuse, so
/// that only the permissions decide between allowed and refused.
const ROUTES: &[(&str, &str, &str, &str, Needs)] = &[
    ("get", "/api/v1/health", "/api/v1/health", "", Needs::Nothing),
    ("get", "/api/v1/openapi.json", "/api/v1/openapi.json", "", Needs::Nothing),
    ("get", "/api/v1/people", "/api/v1/people", "", Needs::Read),
    ("get", "/api/v1/people/{id}", "/api/v1/people/ana", "", Needs::Read),
    ("get", "/api/v1/people/{id}/data", "/api/v1/people/ben/data", "", Needs::BenOrAdmin),
    ("get", "/api/v1/people/{id}/inbox", "/api/v1/people/ana/inbox", "", Needs::Read),
    ("get", "/api/v1/teams", "/api/v1/teams", "", Needs::Read),
    ("get", "/api/v1/teams/{id}", "/api/v1/teams/ward3", "", Needs::Read),
    ("get", "/api/v1/roles", "/api/v1/roles", "", Needs::Read),
    ("get", "/api/v1/roles/{id}", "/api/v1/roles/nope", "", Needs::Read),
    ("get", "/api/v1/domains", "/api/v1/domains", "", Needs::Read),
    ("get", "/api/v1/domains/{id}", "/api/v1/domains/rota", "", Needs::Read),
    ("post", "/api/v1/who-decides", "/api/v1/who-decides", r#"{"domain": "rota"}"#, Needs::Read),
    ("post", "/api/v1/route", "/api/v1/route", r#"{"text": "night shift rota"}"#, Needs::Read),
    ("get", "/api/v1/experts", "/api/v1/experts?q=rota", "", Needs::Read),
    ("get", "/api/v1/raci", "/api/v1/raci", "", Needs::Read),
    ("post", "/api/v1/decisions", "/api/v1/decisions", r#"{"title": "x", "domain": "nope"}"#, Needs::Act),
    ("get", "/api/v1/decisions", "/api/v1/decisions", "", Needs::Read),
    ("get", "/api/v1/decisions/{id}", "/api/v1/decisions/nope", "", Needs::Read),
    ("post", "/api/v1/decisions/{id}/steps", "/api/v1/decisions/nope/steps", r#"{"action": "open"}"#, Needs::Act),
    ("post", "/api/v1/governance/changes", "/api/v1/governance/changes", r#"{"title": "x", "files": {}}"#, Needs::Act),
    ("get", "/api/v1/analytics", "/api/v1/analytics", "", Needs::Read),
    ("get", "/api/v1/analytics/trends", "/api/v1/analytics/trends", "", Needs::Read),
    ("get", "/api/v1/network.graphml", "/api/v1/network.graphml", "", Needs::Admin),
    ("get", "/api/v1/network.gexf", "/api/v1/network.gexf", "", Needs::Admin),
    ("post", "/api/v1/what-if", "/api/v1/what-if", r#"{"leave": ["ana"]}"#, Needs::Read),
    ("get", "/api/v1/key-players", "/api/v1/key-players", "", Needs::Admin),
    ("get", "/api/v1/webhooks", "/api/v1/webhooks", "", Needs::Admin),
    ("post", "/api/v1/webhooks", "/api/v1/webhooks", r#"{"url": "ftp://x"}"#, Needs::Admin),
    ("delete", "/api/v1/webhooks/{id}", "/api/v1/webhooks/nope", "", Needs::Admin),
    ("get", "/api/v1/tokens", "/api/v1/tokens", "", Needs::Read),
    ("get", "/api/v1/me", "/api/v1/me", "", Needs::Read),
    ("get", "/api/v1/audit", "/api/v1/audit?limit=5", "", Needs::Admin),
    ("post", "/api/v1/people/{id}/erasure", "/api/v1/people/nobody/erasure", "", Needs::Admin),
    ("post", "/api/v1/accounts/{id}/reset-link", "/api/v1/accounts/nobody/reset-link", "", Needs::Admin),
    ("post", "/api/v1/tokens", "/api/v1/tokens", r#"{"name": "x", "scope": "nope"}"#, Needs::Act),
    ("delete", "/api/v1/tokens/{id}", "/api/v1/tokens/nope", "", Needs::Act),
];

/// The kinds of caller, and what each may do.
#[derive(Clone, Copy, Debug)]
enum Caller {
    Anonymous,
    /// A member using a read-scope token.
    ReadToken,
    Observer,
    Member,
    Admin,
}

impl Caller {
    const ALL: [Caller; 5] = [Caller::Anonymous, Caller::ReadToken, Caller::Observer, Caller::Member, Caller::Admin];

    fn token(self) -> Option<String> {
        match self {
            Caller::Anonymous => None,
            Caller::ReadToken => Some("plt_test_read_ben".to_owned()),
            Caller::Observer => Some(token_of("cleo")),
            Caller::Member => Some(token_of("ben")),
            Caller::Admin => Some(token_of("finn")),
        }
    }

    fn may(self, needs: Needs) -> bool {
        match (self, needs) {
            (_, Needs::Nothing) => true,
            (Caller::ReadToken | Caller::Member | Caller::Admin, Needs::BenOrAdmin) => true,
            (_, Needs::BenOrAdmin) => false,
            (Caller::Anonymous, _) => false,
            (_, Needs::Read) => true,
            (Caller::ReadToken | Caller::Observer, _) => false,
            (Caller::Member, Needs::Act) => true,
            (Caller::Member, Needs::Admin) => false,
            (Caller::Admin, _) => true,
        }
    }
}

#[tokio::test]
async fn every_route_has_a_permission_entry() {
    let app = TestApp::new().await;
    let document = app.openapi().await.json();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, methods) in document["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut listed: Vec<(String, String)> =
        ROUTES.iter().map(|(method, path, ..)| ((*method).to_owned(), (*path).to_owned())).collect();
    listed.sort();
    assert_eq!(documented, listed, "add every new route to ROUTES with what it needs");
}

async fn every_caller_gets_exactly_what_their_role_and_scope_allow(app: &TestApp) {
    app.store.set_account_role(&"cleo".parse().unwrap(), AccountRole::Observer).await.unwrap();
    let now = jiff::Timestamp::from_second(1_767_225_600).unwrap();
    let read = ApiToken {
        id: "tok-read-ben".to_owned(),
        person: "ben".parse().unwrap(),
        name: "read".to_owned(),
        scope: TokenScope::Read,
        created_at: now,
        expires_at: jiff::Timestamp::from_second(4_102_444_800).unwrap(),
        last_used_at: None,
        revoked_at: None,
    };
    app.store.add_token(&read, &hash_secret("plt_test_read_ben")).await.unwrap();
    let mut wrong = Vec::new();
    for (method, _, uri, body, needs) in ROUTES {
        for caller in Caller::ALL {
            let mut request = Request::builder().method(method.to_uppercase().as_str()).uri(*uri);
            if let Some(token) = caller.token() {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            if !body.is_empty() {
                request = request.header(header::CONTENT_TYPE, "application/json");
            }
            let response = app.call(request.body(Body::from(*body)).unwrap()).await;
            let refused = response.status == StatusCode::UNAUTHORIZED || response.status == StatusCode::FORBIDDEN;
            let expected = if caller.may(*needs) { "allowed" } else { "refused" };
            if refused == caller.may(*needs) || response.status.is_server_error() {
                wrong.push(format!(
                    "{method} {uri} as {caller:?}: expected {expected}, got {} {}",
                    response.status, response.body
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
crate::on_both_backends!(every_caller_gets_exactly_what_their_role_and_scope_allow);
