//! Remote mode: the `polylead` binary with `--server URL --token TOKEN` against a real
//! `polylead serve` of the ward, compared with the same commands on the database.

use std::process::{Command, Output};

use super::server::Server;
use super::{Db, path, repo};

/// The ward served, with accounts for its people (dita an admin) and their tokens.
struct Ward {
    db: Db,
    server: Server,
}

impl Ward {
    fn start() -> Ward {
        let db = Db::sqlite();
        db.ok(&["import", path(&repo("fixtures/ward"))]);
        db.ok(&["init", "--name", "Ward 3 | nights"]);
        for (person, role) in [("ana", "member"), ("ben", "member"), ("cleo", "member"), ("dita", "admin")] {
            db.ok(&["accounts", "add", person, "--role", role]);
        }
        let server = Server::start(&db);
        Ward { db, server }
    }

    /// A new token of `person` with `scope`: (id, secret).
    fn token(&self, person: &str, scope: &str) -> (String, String) {
        let created: serde_json::Value =
            serde_json::from_str(&self.db.ok(&["tokens", "create", person, "--scope", scope, "--json"])).unwrap();
        (created["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
    }

    fn url(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    /// `polylead --server … --token SECRET ARGS`, with a database URL in the environment that
    /// cannot be opened: remote mode must not touch it.
    fn remote(&self, secret: &str, args: &[&str]) -> Output {
        remote(&["--server", &self.url(), "--token", secret], args)
    }

    /// [`Ward::remote`] insisting on success; stdout.
    fn remote_ok(&self, secret: &str, args: &[&str]) -> String {
        let output = self.remote(secret, args);
        assert!(
            output.status.success(),
            "polylead --server {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

fn remote(global: &[&str], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polylead"))
        .args(global)
        .args(args)
        .env("POLYLEAD_DATABASE_URL", "sqlite:///nonexistent-directory/polylead.db")
        .env_remove("POLYLEAD_SERVER")
        .env_remove("POLYLEAD_TOKEN")
        .output()
        .unwrap()
}

/// Exit code 1 and `expected` on stderr, each of them.
fn refused(output: &Output, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
    for expected in expected {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
}

/// The report's JSON without its `window` object.
fn without_window(report: &str) -> String {
    let start = report.find("\"window\": {").unwrap();
    let end = start + report[start..].find('}').unwrap();
    format!("{}{}", &report[..start], &report[end..])
}

#[test]
fn remote_answers_print_as_local_ones() {
    let ward = Ward::start();
    let (_, ben) = ward.token("ben", "read");
    let (_, dita) = ward.token("dita", "write");
    let id = {
        let proposed = ward.db.ok(&["decisions", "propose", "--as", "cleo", "--domain", "rota", "--title", "Two"]);
        proposed.split_whitespace().next().unwrap().to_owned()
    };
    let same = |secret: &str, args: &[&str]| {
        let local = ward.db.ok(args);
        assert!(!local.is_empty(), "{args:?} printed nothing");
        assert_eq!(ward.remote_ok(secret, args), local, "{args:?}");
    };
    // Answers that do not depend on the second they are asked in (no time limit).
    same(&ben, &["who-decides", "--domain", "hiring", "--as", "ben"]);
    same(&ben, &["who-decides", "--domain", "budget", "--amount", "300", "--json"]);
    same(&ben, &["who-decides", "--text", "hiring a recruiter"]);
    same(&ben, &["decisions", "list"]);
    same(&ben, &["decisions", "list", "--json", "--status", "open", "--domain", "rota"]);
    same(&ben, &["decisions", "show", &id]);
    same(&ben, &["decisions", "inbox", "--as", "ben"]);
    same(&ben, &["decisions", "inbox", "--as", "ben", "--json"]);
    same(&ben, &["experts", "rota planning"]);
    same(&ben, &["raci"]);
    same(&ben, &["raci", "--team", "ward3", "--format", "csv"]);
    same(&dita, &["what-if", "--leave", "ana"]);
    same(&dita, &["what-if", "--move-domain", "rota", "--to", "lead"]);
    ward.remote_ok(&dita, &["webhooks", "add", "http://127.0.0.1:9/hook", "--events", "decided"]);
    same(&dita, &["webhooks", "list", "--json"]);

    // Without --as, the token says who: ben's inbox as above.
    assert_eq!(ward.remote_ok(&ben, &["decisions", "inbox"]), ward.db.ok(&["decisions", "inbox", "--as", "ben"]));
    // The report: a member sees it without names, and is told what was left out.
    let report = ward.remote_ok(&ben, &["analyze"]);
    assert!(report.starts_with("Leadership report: ") && report.contains("Left out for privacy: "), "{report}");
    // An admin sees it whole, as on the database; only the window's ends (now) may differ.
    let args = ["analyze", "--format", "json"];
    let (local, remote) = (without_window(&ward.db.ok(&args)), without_window(&ward.remote_ok(&dita, &args)));
    assert_eq!(remote, local);
    assert!(local.contains("\"hidden\": null") && local.contains("\"value\": 0."), "{local}");
    ward.server.stop();
}

#[test]
fn a_members_write_token_takes_decisions_within_their_rights() {
    let ward = Ward::start();
    let (_, cleo) = ward.token("cleo", "write");
    let (_, ben) = ward.token("ben", "write");
    let (_, ana) = ward.token("ana", "write");

    let proposed: serde_json::Value = serde_json::from_str(
        &ward.remote_ok(&cleo, &["decisions", "propose", "--json", "--domain", "rota", "--title", "Two per night"]),
    )
    .unwrap();
    let id = proposed["id"].as_str().unwrap().to_owned();
    assert_eq!(proposed["proposer"], serde_json::json!("cleo"));
    assert_eq!(proposed["awaiting"], serde_json::json!(["ben"]));
    let inbox = ward.remote_ok(&ben, &["decisions", "inbox"]);
    assert!(inbox.starts_with(&format!("{id:<20} advice requested")), "{inbox}");

    // Ana decides the rota, but not before Ben's advice: the server's refusal, as locally.
    let early = ward.remote(&ana, &["decisions", "decide", &id, "--rationale", "now"]);
    refused(&early, &["error: cannot decide yet: waiting for advice from ben"]);
    let advised = ward.remote_ok(&ben, &["decisions", "advise", &id, "--as", "ben", "--text", "Start in March"]);
    assert!(advised.contains(" ben advice: Start in March"), "{advised}");
    // Ben may advise but not decide.
    let refusal = ward.remote(&ben, &["decisions", "decide", &id, "--rationale", "mine"]);
    refused(
        &refusal,
        &[
            "error: ben does not hold the right to decide this; ana can",
            "hint: the token's scope (read or write), your account's role or your decision rights",
        ],
    );
    let decided = ward.remote_ok(&ana, &["decisions", "decide", &id, "--rationale", "Safer nights"]);
    assert!(decided.contains("status:  decided (advice process, domain rota)"), "{decided}");

    // The database holds it, taken by the tokens' people.
    let shown = ward.db.ok(&["decisions", "show", &id]);
    assert!(shown.contains("decided by ana: Safer nights") && shown.contains(" ben advice: Start in March"), "{shown}");
    assert_eq!(ward.remote_ok(&cleo, &["decisions", "show", &id]), shown);

    // A change to the structure, proposed from CSV files.
    let change = super::write_files(&[("roles.csv", "id,team_id,name\nfacilitator,ward3,Facilitator\n")]);
    let proposed =
        ward.remote_ok(&ben, &["decisions", "propose-change", path(change.path()), "--title", "A facilitator"]);
    assert!(proposed.contains("status:  open (consent process, domain gov-ward3)"), "{proposed}");
    assert!(ward.db.ok(&["decisions", "list", "--person", "ben"]).contains("A facilitator"));
    // Applied at once only by an admin.
    let scribe = super::write_files(&[("roles.csv", "id,team_id,name\nscribe,ward3,Scribe\n")]);
    let args = ["decisions", "propose-change", path(scribe.path()), "--title", "A scribe", "--apply"];
    refused(&ward.remote(&ben, &args), &["only admins apply a structure change at once"]);
    let (_, dita) = ward.token("dita", "write");
    let applied = ward.remote_ok(&dita, &args);
    assert_eq!(applied, "Applied at once, and recorded in the history and the audit log.\n");
    let dir = tempfile::tempdir().unwrap();
    ward.db.ok(&["export", path(&dir.path().join("export"))]);
    let roles = std::fs::read_to_string(dir.path().join("export/roles.csv")).unwrap();
    assert!(roles.contains("scribe,ward3,Scribe"), "{roles}");
    ward.server.stop();
}

#[test]
fn refusals_say_what_to_do() {
    let ward = Ward::start();
    let (_, read) = ward.token("cleo", "read");
    let (revoked_id, revoked) = ward.token("cleo", "write");
    ward.db.ok(&["tokens", "revoke", &revoked_id]);
    let url = ward.url();

    refused(
        &ward.remote(&read, &["decisions", "propose", "--domain", "rota", "--title", "Two"]),
        &[
            "this token has the read scope",
            "hint: the token's scope (read or write), your account's role or your decision rights",
        ],
    );
    refused(
        &ward.remote(&revoked, &["decisions", "list"]),
        &["unknown, revoked or expired", "hint: ", "polylead tokens create", "person page"],
    );
    refused(
        &ward.remote(&read, &["decisions", "inbox", "--as", "ben"]),
        &["--as ben does not match the token, which belongs to cleo"],
    );
    refused(&ward.remote(&read, &["stats"]), &["`polylead stats` works on the database directly; drop --server"]);
    refused(
        &ward.remote(&read, &["decisions", "tick"]),
        &["`polylead decisions tick` works on the database directly; drop --server"],
    );
    refused(&ward.remote(&read, &["decisions", "show", "d-nope"]), &["error: decision d-nope not found"]);
    refused(
        &remote(&["--server", &url], &["decisions", "list"]),
        &["--server needs an API token", "polylead tokens create"],
    );
    refused(
        &remote(&["--server", &url, "--token", &read, "--database-url", "sqlite://x.db"], &["decisions", "list"]),
        &["give --server or --database-url, not both"],
    );
    refused(&remote(&["--server", "127.0.0.1:1", "--token", &read], &["raci"]), &["must start with http://"]);
    ward.server.stop();

    // Nobody listens on the port any more.
    refused(
        &remote(&["--server", &url, "--token", &read], &["decisions", "list"]),
        &[&format!("cannot reach {url}: ")],
    );
}

#[test]
fn an_admin_erases_people_remotely_and_locally() {
    let ward = Ward::start();
    let (_, ben) = ward.token("ben", "write");
    let (_, dita) = ward.token("dita", "write");
    refused(&ward.remote(&ben, &["erase", "cleo", "--yes"]), &["does not allow administration", "hint:"]);
    refused(&ward.remote(&dita, &["erase", "cleo"]), &["cannot be undone", "--yes"]);

    let erased = ward.remote_ok(&dita, &["erase", "cleo", "--yes"]);
    assert!(erased.starts_with("Erased cleo: they are now erased-"), "{erased}");
    assert!(erased.contains("Removed: their account, sessions and tokens"), "{erased}");
    refused(&ward.remote(&dita, &["erase", "cleo", "--yes"]), &["person cleo not found"]);

    // On the database directly, with the JSON the API gives.
    let erased: serde_json::Value = serde_json::from_str(&ward.db.ok(&["erase", "ana", "--yes", "--json"])).unwrap();
    assert_eq!(erased["removed_fillings"], serde_json::json!(["rota"]), "{erased}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    ward.db.ok(&["export", path(&out)]);
    let people = std::fs::read_to_string(out.join("people.csv")).unwrap();
    assert!(!people.contains("Cleo") && !people.contains("\nana,") && !people.contains("Ana,"), "{people}");
    assert_eq!(people.matches("Erased person").count(), 2, "{people}");

    // The audit log says so, remotely for an admin and on the database; a member is refused.
    let audit = ward.remote_ok(&dita, &["audit", "--limit", "3"]);
    assert!(audit.contains("  dita  erased_person [erased-"), "{audit}");
    assert!(
        audit.contains("  ben  refused [/api/v1/people/cleo/erasure]: POST /api/v1/people/cleo/erasure"),
        "{audit}"
    );
    assert_eq!(ward.db.ok(&["audit", "--limit", "3"]), audit, "the same on the database");
    refused(&ward.remote(&ben, &["audit"]), &["does not allow administration"]);
}
