//! Runs the built `polylead` binary as a user would, against SQLite files and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

mod accounts;
mod backup;
mod durability;
mod remote;
mod server;

/// A database for one test: an SQLite file, or a fresh PostgreSQL database (dropped at the end).
struct Db {
    url: String,
    _dir: TempDir,
    /// PostgreSQL: the server URL to drop the database from, and its name.
    postgres: Option<(String, String)>,
}

const POSTGRES_VAR: &str = "POLYLEAD_TEST_POSTGRES_URL";

/// Runs one SQL statement on the PostgreSQL server at `server`.
fn postgres_admin(server: &str, sql: String) {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut admin = sqlx::postgres::PgConnection::connect(server).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
    });
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            postgres_admin(server, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl Db {
    fn sqlite() -> Db {
        let dir = TempDir::new().unwrap();
        let url = format!("sqlite://{}", dir.path().join("polylead.db").display());
        Db { url, _dir: dir, postgres: None }
    }

    /// `None` when PostgreSQL is not configured, outside CI (under CI=true that fails the test).
    fn postgres() -> Option<Db> {
        let Ok(server) = std::env::var(POSTGRES_VAR) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{POSTGRES_VAR} is not set, and CI=true requires the PostgreSQL tests"
            );
            eprintln!("note: {POSTGRES_VAR} is not set; skipping the PostgreSQL case");
            return None;
        };
        let dir = TempDir::new().unwrap();
        let name = format!(
            "test_cli_{}",
            dir.path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "")
        );
        postgres_admin(&server, format!("CREATE DATABASE {name}"));
        let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
        Some(Db { url: format!("{base}/{name}"), _dir: dir, postgres: Some((server, name)) })
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_polylead"))
            .args(args)
            .env("POLYLEAD_DATABASE_URL", &self.url)
            .output()
            .unwrap()
    }

    /// Runs and insists on success, returning stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "polylead {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn counts(&self) -> String {
        self.ok(&["stats", "--json"])
    }
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn write_files(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn docs_csv_md_is_generated_from_the_columns() {
    let expected = polylead_core::csv_file::reference();
    let file = repo("docs/csv.md");
    if std::env::var("UPDATE_DOCS").is_ok() {
        std::fs::write(&file, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(actual == expected, "docs/csv.md is out of date; run UPDATE_DOCS=1 cargo test -p polylead-cli docs");
}

#[test]
fn help_teaches_with_examples() {
    let db = Db::sqlite();
    let help = db.ok(&["--help"]);
    assert!(help.contains("Examples:") && help.contains("polylead import data/"), "{help}");
    let import_help = db.ok(&["import", "--help"]);
    assert!(import_help.contains("file:line: column — reason"), "{import_help}");
}

#[test]
fn a_bad_import_lists_every_problem_and_stores_nothing() {
    let db = Db::sqlite();
    let good =
        write_files(&[("teams.csv", "id,name\nt1,Ward 3\n"), ("people.csv", "id,name,team_id\np1,Ana Silva,t1\n")]);
    db.ok(&["import", path(good.path())]);
    let before = db.counts();
    let bad = write_files(&[
        ("teams.csv", "id,name,parent_id\nt2,Ward 4,t3\nt3,Ward 5,t2\n"),
        ("people.csv", "id,name,team_id,joined_on\np2,Bo,t2,2024-13-01\np3,,t2,\n"),
        ("acts.csv", "id,actor_id,act_type,started_at,source\na1,p1,vision,2025-01-01T00:00:00Z,self_log\n"),
    ]);
    let output = db.run(&["import", path(bad.path())]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "3 problem(s)",
        "nothing was stored",
        "acts.csv:2: act_type — \"vision\" is not one of vision_direction, execution_delivery",
        "people.csv:2: joined_on — \"2024-13-01\" is not a date (write YYYY-MM-DD)",
        "people.csv:3: name — is required",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    let cycle = write_files(&[
        ("teams.csv", "id,name,parent_id\nt2,Ward 4,t3\nt3,Ward 5,t2\nt1,Again,\n"),
        ("people.csv", "id,name,superior_id\np2,Bo,p9\n"),
    ]);
    let stderr = String::from_utf8(db.run(&["import", path(cycle.path())]).stderr).unwrap();
    for expected in [
        "people.csv:2: superior_id — unknown person p9",
        "teams.csv:2: parent_id — cycle in team nesting through team t2",
        "teams.csv:4: id — team t1 already exists in the database",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    assert_eq!(db.counts(), before);
}

fn round_trip(db: &Db, empty: &Db) {
    db.ok(&["demo", "--people", "60", "--seed", "3", "--until", "2026-06-30", "--no-serve"]);
    let first = TempDir::new().unwrap();
    db.ok(&["export", path(first.path())]);
    empty.ok(&["import", path(first.path())]);
    let second = TempDir::new().unwrap();
    empty.ok(&["export", path(second.path())]);
    let (a, b) = (read_dir(first.path()), read_dir(second.path()));
    assert_eq!(a.len(), 12);
    for (name, text) in &a {
        assert!(text.lines().count() > 1, "{name} is empty");
        assert!(b[name] == *text, "{name} differs after export → import → export");
    }
    assert_eq!(db.counts(), empty.counts());
}

#[test]
fn export_then_import_round_trips_exactly_on_sqlite() {
    round_trip(&Db::sqlite(), &Db::sqlite());
}

#[test]
fn export_then_import_round_trips_exactly_on_postgres() {
    let (Some(db), Some(empty)) = (Db::postgres(), Db::postgres()) else { return };
    round_trip(&db, &empty);
}

#[test]
fn the_demo_is_deterministic_for_a_seed() {
    let exports: Vec<BTreeMap<String, String>> = (0..2)
        .map(|_| {
            let db = Db::sqlite();
            db.ok(&[
                "demo",
                "--profile",
                "lattice",
                "--people",
                "40",
                "--seed",
                "9",
                "--until",
                "2026-01-31",
                "--no-serve",
            ]);
            let dir = TempDir::new().unwrap();
            db.ok(&["export", path(dir.path())]);
            read_dir(dir.path())
        })
        .collect();
    assert!(exports[0] == exports[1], "two demos with the same seed differ");
}

#[test]
fn export_refuses_to_overwrite_without_force() {
    let db = Db::sqlite();
    db.ok(&["init"]);
    let dir = TempDir::new().unwrap();
    db.ok(&["export", path(dir.path())]);
    let output = db.run(&["export", path(dir.path())]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    db.ok(&["export", "--force", path(dir.path())]);
}

fn study_counts(args: &[&str]) -> String {
    let db = Db::sqlite();
    let mut command = vec!["import", "--study"];
    command.extend_from_slice(args);
    db.ok(&command);
    db.counts()
}

#[test]
fn the_krackhardt_and_lazega_studies_import_with_their_counts() {
    let krackhardt = repo("fixtures/krackhardt-hightech");
    let counts = study_counts(&[
        path(&krackhardt),
        "--team-column",
        "department",
        "--level-column",
        "level",
        "--superior-column",
        "reports_to",
        "--id-prefix",
        "kr-",
    ]);
    for expected in ["\"people\":21", "\"teams\":5", "\"advice_ties\":190"] {
        assert!(counts.contains(expected), "{expected} not in {counts}");
    }
    let lazega = repo("fixtures/lazega-lawfirm");
    let counts = study_counts(&[path(&lazega), "--team-column", "office", "--level-column", "status"]);
    for expected in ["\"people\":71", "\"teams\":3", "\"advice_ties\":892"] {
        assert!(counts.contains(expected), "{expected} not in {counts}");
    }
}

/// The README's main job: `demo` creates the organisation, serves it, answers over HTTP, and
/// stops gracefully on SIGTERM.
#[test]
fn demo_serves_the_organisation_and_stops_gracefully() {
    use std::io::{BufRead, BufReader, Read, Write};
    let db = Db::sqlite();
    let mut child = Command::new(env!("CARGO_BIN_EXE_polylead"))
        .args(["demo", "--people", "30", "--until", "2026-01-31", "--addr", "127.0.0.1:0"])
        .env("POLYLEAD_DATABASE_URL", &db.url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = None;
    for line in stdout.by_ref().lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("polylead is serving http://") {
            url = rest.split('/').next().map(str::to_owned);
            break;
        }
    }
    let addr = url.expect("the demo printed the URL it serves");
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /api/v1/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"people\":30"), "{response}");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success(), "polylead did not exit cleanly on SIGTERM");
}

#[test]
fn who_decides_and_a_decision_from_the_command_line() {
    let db = Db::sqlite();
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    let answer = db.ok(&["who-decides", "--domain", "budget", "--amount", "800", "--scope", "ward3", "--as", "cleo"]);
    assert!(
        answer.starts_with("Decides:   Ana (ana), Ben (ben), Cleo (cleo) — consent process (rule budget-mid)"),
        "{answer}"
    );
    assert!(answer.contains("You:       you may decide this yourself"), "{answer}");
    assert!(
        answer.contains(
            "  - rule budget-small (position 1) does not apply: `amount <= 500` does not hold for amount 800"
        )
    );

    let json: serde_json::Value = serde_json::from_str(&db.ok(&[
        "decisions",
        "propose",
        "--json",
        "--as",
        "cleo",
        "--domain",
        "rota",
        "--title",
        "Two per night",
    ]))
    .unwrap();
    let id = json["id"].as_str().unwrap();
    assert_eq!(json["awaiting"], serde_json::json!(["ben"]));
    assert_eq!(db.ok(&["decisions", "inbox", "--as", "ben"]).split_whitespace().nth(1), Some("advice"));

    let refused = db.run(&["decisions", "decide", id, "--as", "ana", "--rationale", "now"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.starts_with("error: cannot decide yet: waiting for advice from ben"), "{stderr}");

    db.ok(&["decisions", "advise", id, "--as", "ben", "--text", "Start in March"]);
    let decided = db.ok(&["decisions", "decide", id, "--as", "ana", "--rationale", "Safer nights"]);
    assert!(decided.contains("status:  decided (advice process, domain rota)"), "{decided}");
    let listed = db.ok(&["decisions", "list", "--status", "decided"]);
    assert!(listed.starts_with(id), "{listed}");

    let raci = db.ok(&["raci", "--team", "ward3", "--format", "csv"]);
    assert!(raci.starts_with("domain_id,domain,rule_id,position,condition,process,responsible,"), "{raci}");
    assert_eq!(raci.lines().count(), 6, "{raci}");

    let routed = db.ok(&["who-decides", "--text", "we want to change the night-shift rota"]);
    assert!(routed.starts_with("Best matching domains:\n  rota "), "{routed}");
    assert!(routed.contains("Decides:   Ana (ana) — advice process (rule rota-1)"), "{routed}");

    let change = write_files(&[("roles.csv", "id,team_id,name\nfacilitator,ward3,Facilitator\n")]);
    let proposed =
        db.ok(&["decisions", "propose-change", path(change.path()), "--as", "cleo", "--title", "A facilitator"]);
    assert!(proposed.contains("status:  open (consent process, domain gov-ward3)"), "{proposed}");

    let experts = db.ok(&["experts", "rota planning"]);
    assert!(experts.starts_with("Ana (ana) — "), "{experts}");
    assert!(experts.contains("skill: rota planning"), "{experts}");

    let unknown = db.run(&["who-decides", "--domain", "nope"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no domain nope"));
}

#[test]
fn webhooks_are_added_listed_and_removed_from_the_command_line() {
    let db = Db::sqlite();
    let added = db.ok(&["webhooks", "add", "http://127.0.0.1:9/hook", "--events", "decided,escalated"]);
    let mut lines = added.lines();
    let first = lines.next().unwrap();
    assert!(first.ends_with(" http://127.0.0.1:9/hook events=escalated,decided"), "{added}");
    let id = first.split_whitespace().next().unwrap().to_owned();
    let secret = lines.next().unwrap().strip_prefix("secret: whsec_").unwrap();
    assert_eq!(secret.len(), 64, "{added}");

    let listed = db.ok(&["webhooks", "list"]);
    assert_eq!(listed.lines().count(), 1);
    assert!(listed.starts_with(&id) && !listed.contains(secret), "{listed}");
    let json: serde_json::Value = serde_json::from_str(db.ok(&["webhooks", "list", "--json"]).trim()).unwrap();
    assert_eq!(json["events"], serde_json::json!(["escalated", "decided"]));
    assert!(json.get("secret").is_none());

    let refused = db.run(&["webhooks", "add", "ftp://example.org/hook"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with("error: registering the webhook: url \"ftp://example.org/hook\" must start with http://"),
        "{stderr}"
    );

    assert_eq!(db.ok(&["webhooks", "remove", &id]).trim(), format!("removed {id}"));
    assert_eq!(db.ok(&["webhooks", "list"]), "");
    let gone = db.run(&["webhooks", "remove", &id]);
    assert!(String::from_utf8_lossy(&gone.stderr).contains(&format!("webhook {id} not found")));
}

/// `analyze` on an imported study reproduces METRICS.md's Krackhardt values; on an empty
/// database every figure is undefined with its reason, in every format.
#[test]
fn analyze_reports_a_study_and_explains_an_empty_database() {
    let db = Db::sqlite();
    let krackhardt = repo("fixtures/krackhardt-hightech");
    db.ok(&[
        "import",
        "--study",
        path(&krackhardt),
        "--team-column",
        "department",
        "--level-column",
        "level",
        "--superior-column",
        "reports_to",
    ]);
    let report: serde_json::Value = serde_json::from_str(&db.ok(&["analyze", "--format", "json"])).unwrap();
    let value = |report: &serde_json::Value, key: &str| {
        report["headline"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap().clone()
    };
    let close = |key: &str, expected: f64| {
        let actual = value(&report, key)["value"].as_f64().unwrap();
        assert!((actual - expected).abs() < 5e-5, "{key}: {actual} != {expected}");
    };
    close("advice_in_centralization", 0.4700);
    close("reciprocity", 0.4737);
    close("ei_index", 0.5158);
    close("level_pearson", -0.6515);
    assert_eq!(value(&report, "gini")["undefined"]["code"], "NO_ACTS");
    let text = db.ok(&["analyze", "--window", "12w"]);
    assert!(text.contains("Informal leadership follows the org chart"), "{text}");
    assert!(text.contains("Reciprocity of advice (M7)"), "{text}");

    let empty = Db::sqlite();
    let report: serde_json::Value = serde_json::from_str(&empty.ok(&["analyze", "--format", "json"])).unwrap();
    assert_eq!(report["population"], 0);
    assert!(report["headline"].as_array().unwrap().iter().all(|f| f["undefined"]["code"].is_string()));
    let csv = empty.ok(&["analyze", "--format", "csv"]);
    assert!(csv.starts_with("key,label,value,undefined_code,meaning\n"), "{csv}");
    assert!(csv.contains("effective_leaders,") && csv.contains(",EMPTY,"), "{csv}");
    let html = empty.ok(&["analyze", "--format", "html"]);
    assert!(html.starts_with("<!doctype html>") && html.contains("<table>"), "{html}");
    assert!(empty.ok(&["analyze"]).contains("not measured"));

    for (args, message) in [
        (&["analyze", "--window", "ninety"][..], "is not a window"),
        (&["analyze", "--window", "0d"][..], "from 1 to 3650 days"),
        (&["analyze", "--team", "nosuchteam"][..], "team nosuchteam not found"),
    ] {
        let output = empty.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// `network-export` writes the Krackhardt advice network as GraphML and GEXF (read back by
/// networkx when `POLYLEAD_ORACLE_PYTHON` is set), keeps `export`'s CSVs apart, and refuses an
/// unknown format or an existing file without --force.
#[test]
fn network_export_writes_graphml_and_gexf() {
    let db = Db::sqlite();
    let krackhardt = repo("fixtures/krackhardt-hightech");
    db.ok(&[
        "import",
        "--study",
        path(&krackhardt),
        "--team-column",
        "department",
        "--level-column",
        "level",
        "--superior-column",
        "reports_to",
    ]);
    let dir = TempDir::new().unwrap();
    let graphml = dir.path().join("advice.graphml");
    let gexf = dir.path().join("advice.gexf");
    assert!(db.ok(&["network-export", path(&graphml)]).contains("Wrote the advice network"));
    db.ok(&["network-export", path(&gexf)]);
    let graphml_text = std::fs::read_to_string(&graphml).unwrap();
    assert_eq!(graphml_text.matches("<node id=").count(), 21);
    assert_eq!(graphml_text.matches("<edge id=").count(), 190);
    assert!(std::fs::read_to_string(&gexf).unwrap().contains(r#"<attribute id="team_name" title="team_name""#));
    let stdout = db.ok(&["network-export", "-", "--format", "gexf", "--window", "1y"]);
    assert!(stdout.starts_with("<?xml"), "{stdout}");
    if let Ok(python) = std::env::var("POLYLEAD_ORACLE_PYTHON") {
        let script = "import sys, networkx as nx\n\
                      a = nx.read_graphml(sys.argv[1]); b = nx.read_gexf(sys.argv[2])\n\
                      print(a.number_of_nodes(), a.number_of_edges(), b.number_of_nodes(), b.number_of_edges())";
        let output = Command::new(python).args(["-c", script, path(&graphml), path(&gexf)]).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "21 190 21 190", "{output:?}");
    }
    for (args, message) in [
        (&["network-export", path(&graphml)][..], "add --force"),
        (&["network-export", "advice.txt"][..], "name it .graphml or .gexf"),
        (&["network-export", "-", "--format", "graphml", "--window", "0d"][..], "from 1 to 3650 days"),
    ] {
        let output = db.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains(message), "{args:?}: {stderr}");
    }
    db.ok(&["network-export", path(&graphml), "--force"]);
}

/// `trends` on a demo gives a month per row with the four figures; on an empty database it
/// says there is nothing yet.
#[test]
fn trends_list_the_figures_per_month() {
    let db = Db::sqlite();
    db.ok(&["demo", "--people", "30", "--seed", "3", "--no-serve"]);
    let trends: serde_json::Value = serde_json::from_str(&db.ok(&["trends", "--format", "json"])).unwrap();
    let months = trends["months"].as_array().unwrap();
    assert_eq!(months.len(), 12, "{trends}");
    assert!(months.iter().any(|m| m["acts"].as_u64().unwrap() > 0));
    for month in months {
        assert_eq!(month["figures"].as_array().unwrap().len(), 4, "{month}");
    }
    let csv = db.ok(&["trends", "--months", "3", "--format", "csv"]);
    assert!(csv.starts_with("month,population,acts,decided,key,value,undefined_code\n"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 3 * 4, "{csv}");
    let text = db.ok(&["trends"]);
    assert!(text.contains("N_eff (M3)") && text.contains("Not shown: in_centralization"), "{text}");

    let empty = Db::sqlite();
    assert!(empty.ok(&["trends"]).contains("No months to show"));
    let output = empty.run(&["trends", "--months", "0"]);
    assert!(!output.status.success());
}

/// `what-if` on the ward: Ana's leaving orphans the rota, the rota can move to the lead, unknown
/// people are named; key players on Krackhardt's managers are exact (M15).
#[test]
fn what_if_explains_departures_moves_and_key_players() {
    let db = Db::sqlite();
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    let text = db.ok(&["what-if", "--leave", "ana"]);
    assert!(text.contains("Roles left without a filler: rota"), "{text}");
    assert!(text.contains("rota: the holder is vacant; nobody decides under rota-1"), "{text}");
    assert!(text.contains("Teams affected: ward3"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&db.ok(&["what-if", "--leave", "dita", "--json"])).unwrap();
    assert_eq!(json["leave"]["orphaned_roles"], serde_json::json!(["lead"]));
    let moved = db.ok(&["what-if", "--move-domain", "rota", "--to", "lead"]);
    assert!(moved.contains("rota-1 (holder decides): ana -> dita"), "{moved}");
    let output = db.run(&["what-if", "--leave", "zed"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("person zed not found"), "{stderr}");

    let study = Db::sqlite();
    study.ok(&["import", "--study", path(&repo("fixtures/krackhardt-hightech")), "--team-column", "department"]);
    let json: serde_json::Value =
        serde_json::from_str(&study.ok(&["what-if", "--key-players", "1", "--json"])).unwrap();
    let best = &json["by_distance_fragmentation"]["sets"][0];
    assert_eq!((&best["people"], &best["search"]), (&serde_json::json!(["15"]), &serde_json::json!("exhaustive")));
    let delta = best["distance_fragmentation"]["delta"].as_f64().unwrap();
    assert!((delta - (0.1711 - 0.1548)).abs() < 5e-5, "{delta}");
    assert!(study.ok(&["what-if", "--key-players", "2"]).contains("[exact]"));
}

/// `what-if` text caps each list at 10 entries and says how many more `--json` has: Ana fills
/// 12 extra roles on the ward, each holding a domain.
#[test]
fn what_if_text_caps_long_lists() {
    let mut files = read_dir(&repo("fixtures/ward"));
    for (name, text) in &mut files {
        for i in 0..12 {
            match name.as_str() {
                "roles.csv" => *text += &format!("extra{i:02},ward3,Extra {i},,,,false\n"),
                "role_fillers.csv" => *text += &format!("extra{i:02},ana,\n"),
                "domains.csv" => *text += &format!("d-extra{i:02},Extra {i},,,role:extra{i:02}\n"),
                _ => {}
            }
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let dir = write_files(&files);
    let db = Db::sqlite();
    db.ok(&["import", path(dir.path())]);
    let text = db.ok(&["what-if", "--leave", "ana"]);
    // 13 roles: extra00..extra11 and rota, sorted; the first 10 shown.
    assert!(
        text.contains("Roles left without a filler: extra00, extra01, extra02, extra03, extra04, extra05, extra06, extra07, extra08, extra09, … and 3 more (use --json for all)\n"),
        "{text}"
    );
    assert!(text.contains("  d-extra09: the holder is vacant\n  … and 3 more (use --json for all)\n"), "{text}");
    assert!(!text.contains("d-extra10"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&db.ok(&["what-if", "--leave", "ana", "--json"])).unwrap();
    assert_eq!(json["leave"]["orphaned_roles"].as_array().unwrap().len(), 13);
    assert_eq!(json["leave"]["orphaned_domains"].as_array().unwrap().len(), 13);
}
