//! `polylead backup` while the server writes, `polylead restore` of good and bad files.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use tempfile::TempDir;

use super::server::Server;
use super::{Db, path, read_dir, repo};

/// An SQLite `Db` whose file is `file` (which need not exist yet).
fn db_at(file: &Path) -> Db {
    Db { url: format!("sqlite://{}", file.display()), _dir: TempDir::new().unwrap(), postgres: None }
}

fn export(db: &Db) -> std::collections::BTreeMap<String, String> {
    let dir = TempDir::new().unwrap();
    db.ok(&["export", path(dir.path())]);
    read_dir(dir.path())
}

fn fails_with(db: &Db, args: &[&str], message: &str) {
    let output = db.run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "polylead {args:?} succeeded");
    assert!(stderr.contains(message), "polylead {args:?}: {message:?} not in:\n{stderr}");
}

#[test]
fn a_backup_taken_while_serving_restores_the_same_data() {
    let db = Db::sqlite();
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    super::server::sign_up(&db, &["ana", "ben", "cleo"]);
    let backups = TempDir::new().unwrap();
    let online = backups.path().join("online.db");

    // Four writers propose decisions while the backup runs; every decision acknowledged
    // before the backup started must be in it.
    let server = Server::start(&db);
    let stop = AtomicBool::new(false);
    let (sender, acks) = mpsc::channel::<String>();
    let before_backup = std::thread::scope(|scope| {
        for writer in 0..4 {
            let (sender, server, stop) = (sender.clone(), &server, &stop);
            scope.spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let body = format!(r#"{{"domain":"rota","title":"Backup {writer} n{n}"}}"#);
                    let (status, answer) =
                        server.request("POST", "/api/v1/decisions", Some("cleo"), Some(&body)).unwrap();
                    assert_eq!(status, 201, "{answer}");
                    let _ = sender.send(answer);
                }
            });
        }
        drop(sender);
        let before_backup = acks.iter().take(10).count();
        let answer = db.ok(&["backup", path(&online)]);
        assert!(answer.starts_with("Backed up ") && answer.contains("decisions "), "{answer}");
        stop.store(true, Ordering::Relaxed);
        before_backup
    });
    fails_with(&db, &["backup", path(&online)], "already exists; choose another name or add --force");

    let restored = db_at(&backups.path().join("restored-online.db"));
    let answer = restored.ok(&["restore", path(&online)]);
    assert!(answer.starts_with("Restored "), "{answer}");
    let decisions = export(&restored)["decisions.csv"].lines().count() - 1;
    assert!(decisions >= before_backup, "{decisions} decisions in the backup, {before_backup} acknowledged before it");

    // Quiet now: a backup restored elsewhere exports exactly the same files.
    server.stop();
    let quiet = backups.path().join("quiet.db");
    db.ok(&["backup", path(&quiet)]);
    db.ok(&["backup", "--force", path(&quiet)]);
    assert!(db.ok(&["restore", "--check", path(&quiet)]).contains("is a sound backup"));
    let copy = db_at(&backups.path().join("copy.db"));
    copy.ok(&["restore", path(&quiet)]);
    assert!(export(&copy) == export(&db), "the restored backup exports differently from the original");

    // A restore refuses while the database is open, and replaces it once the server stopped.
    let server = Server::start(&copy);
    fails_with(&copy, &["restore", path(&online)], "is in use");
    server.stop();
    copy.ok(&["restore", path(&online)]);
    assert!(export(&copy) == export(&restored));
}

#[test]
fn restore_refuses_bad_backups_and_leaves_the_database_alone() {
    let db = Db::sqlite();
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    super::server::sign_up(&db, &["ana", "ben", "cleo"]);
    let dir = TempDir::new().unwrap();
    let good = dir.path().join("good.db");
    db.ok(&["backup", path(&good)]);
    let target = db_at(&dir.path().join("target.db"));
    target.ok(&["restore", path(&good)]);
    let target_file = dir.path().join("target.db");
    let before = std::fs::read(&target_file).unwrap();

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "this is not a database, just some text that is long enough to look like one ".repeat(80))
        .unwrap();
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    // The start of page 2, a table's b-tree page: its header and cell pointers (damage in the
    // middle of the file can land in text that no structural check reads).
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    bytes[page_size..page_size + 64].fill(0xA5);
    std::fs::write(&damaged, bytes).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let options =
            sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("foreign.db")).create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    });
    let foreign_file = dir.path().join("foreign.db");

    for (file, message) in [
        (dir.path().join("missing.db"), "cannot read the backup"),
        (garbage, "is not an SQLite database"),
        (damaged, "is damaged"),
        (foreign_file, "is an SQLite database but not a polylead one"),
    ] {
        fails_with(&target, &["restore", path(&file)], message);
        fails_with(&target, &["restore", path(&file)], "the database was not changed");
        assert!(std::fs::read(&target_file).unwrap() == before, "restoring {} changed the database", file.display());
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");

    let postgres =
        Db { url: "postgres://nobody@127.0.0.1:1/polylead".into(), _dir: TempDir::new().unwrap(), postgres: None };
    fails_with(&postgres, &["backup", "x.db"], "pg_dump --format=custom");
    fails_with(&postgres, &["restore", path(&good)], "pg_restore");
    fails_with(&Db::sqlite(), &["backup", "x.db"], "nothing to back up");
    fails_with(&db, &["backup", path(&dir.path().join("no/such/dir/x.db"))], "does not exist; create it first");
    let help = db.ok(&["backup", "--help"]);
    assert!(help.contains("Examples:") && help.contains("polylead backup backups/"), "{help}");
}
