//! `polylead accounts` and `polylead tokens` against a served organisation: a token works
//! until it is revoked; a read token cannot write; an observer cannot act.

use super::server::Server;
use super::{Db, path, repo};

#[test]
fn tokens_work_until_revoked_and_follow_their_scope_and_role() {
    let db = Db::sqlite();
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    let added = db.ok(&["accounts", "add", "ben"]);
    assert!(added.contains("password: "), "{added}");
    db.ok(&["accounts", "add", "cleo", "--role", "observer"]);
    let refused = db.run(&["accounts", "add", "nobody"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("person nobody not found"));
    let listed = db.ok(&["accounts", "list"]);
    assert!(listed.contains("ben") && listed.contains("observer"), "{listed}");

    let token = |person: &str, scope: &str| {
        let created: serde_json::Value =
            serde_json::from_str(&db.ok(&["tokens", "create", person, "--scope", scope, "--json"])).unwrap();
        (created["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
    };
    let (write_id, write) = token("ben", "write");
    let (_, read) = token("ben", "read");
    let (_, observer) = token("cleo", "write");

    let server = Server::start(&db);
    let call = |method: &str, uri: &str, secret: &str, body: Option<&str>| {
        super::server::request_with_token(&server.addr, method, uri, secret, body).unwrap()
    };
    let proposal = r#"{"title": "New chairs", "domain": "budget", "amount": 800, "scope": "ward3"}"#;
    assert_eq!(call("GET", "/api/v1/people/ana", &read, None).0, 200);
    let (status, body) = call("POST", "/api/v1/decisions", &read, Some(proposal));
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("read scope"), "{body}");
    let (status, body) = call("POST", "/api/v1/decisions", &observer, Some(proposal));
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("observer"), "{body}");
    assert_eq!(call("POST", "/api/v1/decisions", &write, Some(proposal)).0, 201);

    db.ok(&["tokens", "revoke", &write_id]);
    let (status, body) = call("GET", "/api/v1/people/ana", &write, None);
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("revoked"), "{body}");
    let listed = db.ok(&["tokens", "list", "ben"]);
    assert!(listed.contains("revoked") && listed.contains("last used"), "{listed}");
    server.stop();
}
