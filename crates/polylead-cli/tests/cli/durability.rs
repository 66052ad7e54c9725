//! Durability under SIGKILL: `polylead serve` is killed again and again while eight writers
//! propose and take decisions over HTTP; after every kill each write that got a 2xx answer
//! must be stored whole, and the database must be consistent.
//!
//! The kill comes after a random number of acknowledged writes (a seeded RNG; the seed is
//! printed, and `POLYLEAD_DURABILITY_SEED` replays it), while the other writers are mid-request.

use std::collections::BTreeMap;
use std::sync::mpsc;

use polylead_core::dataset::Known;
use polylead_store::Store;
use sqlx::{Connection, Row};

use super::server::Server;
use super::{Db, path, repo};

/// Kills per backend.
const KILLS: usize = 20;
/// Concurrent writers.
const WRITERS: usize = 8;
/// The kill comes after this many acknowledged writes at most (at least 1).
const MOST_WRITES_BEFORE_KILL: u64 = 60;

/// How far a writer got with one decision, each stage acknowledged by a 2xx answer.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Stage {
    /// Proposed and opened by cleo: version 1, status open, awaiting ben's advice.
    Proposed = 1,
    /// Ben advised: version 2, a response from ben.
    Advised = 2,
    /// Ana decided: version 3, status decided.
    Decided = 3,
}

/// SplitMix64: a small seeded generator, enough to pick kill moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 1..=most.
    fn up_to(&mut self, most: u64) -> u64 {
        1 + self.next() % most
    }
}

/// `POLYLEAD_DURABILITY_SEED`, or a fresh random seed (from std's per-process hash keys).
fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::env::var("POLYLEAD_DURABILITY_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| std::collections::hash_map::RandomState::new().build_hasher().finish())
}

#[test]
fn acknowledged_writes_survive_sigkill_on_sqlite() {
    survive_kills(&Db::sqlite(), "sqlite");
}

#[test]
fn acknowledged_writes_survive_sigkill_on_postgres() {
    let Some(db) = Db::postgres() else { return };
    survive_kills(&db, "postgres");
}

fn survive_kills(db: &Db, backend: &str) {
    let seed = seed();
    println!("durability ({backend}): seed {seed} (replay with POLYLEAD_DURABILITY_SEED={seed})");
    let mut rng = Rng(seed);
    db.ok(&["import", path(&repo("fixtures/ward"))]);
    super::server::sign_up(db, &["ana", "ben", "cleo"]);
    let mut acknowledged: BTreeMap<String, Stage> = BTreeMap::new();
    let mut writes = 0;
    let mut unanswered = 0;
    for round in 0..KILLS {
        let server = Server::start(db);
        let kill_after = rng.up_to(MOST_WRITES_BEFORE_KILL);
        let (sender, acks) = mpsc::channel::<(String, Stage)>();
        std::thread::scope(|scope| {
            for writer in 0..WRITERS {
                let sender = sender.clone();
                let addr = server.addr.clone();
                scope.spawn(move || write_until_refused(&addr, &format!("r{round}w{writer}"), &sender));
            }
            drop(sender);
            let mut server = Some(server);
            let mut this_round = 0;
            // Every ack counts, also those read just after the kill: their answer was sent,
            // so their transaction had committed.
            for (id, stage) in acks {
                writes += 1;
                this_round += 1;
                let known = acknowledged.entry(id).or_insert(stage);
                *known = (*known).max(stage);
                if this_round == kill_after
                    && let Some(server) = server.take()
                {
                    server.kill();
                }
            }
            if let Some(server) = server.take() {
                server.kill();
            }
        });
        unanswered = check(db, &acknowledged, round, seed);
    }
    let line = format!(
        "durability ({backend}): {KILLS} SIGKILLs during {WRITERS} concurrent writers, {writes} acknowledged writes \
         ({} decisions), all present, integrity ok; {unanswered} more committed without an answer (seed {seed})",
        acknowledged.len()
    );
    println!("{line}");
    if let Ok(dir) = std::env::var("POLYLEAD_TEST_SUMMARY_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(format!("durability-{backend}.txt")), format!("{line}\n"))
            .unwrap();
    }
}

/// Proposes decisions in the rota domain (cleo), advises on them (ben) and decides them (ana),
/// sending each acknowledged stage, until a request fails (the server was killed). Any
/// whole answer that is not a success is a bug and fails the test.
fn write_until_refused(addr: &str, name: &str, acks: &mpsc::Sender<(String, Stage)>) {
    for n in 0.. {
        let proposal = format!(r#"{{"domain":"rota","title":"Night rota {name} n{n}"}}"#);
        let Some(body) = write(addr, "/api/v1/decisions", "cleo", &proposal, 201) else { return };
        let decision: serde_json::Value = serde_json::from_str(&body).unwrap();
        let id = decision["id"].as_str().unwrap().to_owned();
        assert_eq!(decision["status"], "open", "{body}");
        let _ = acks.send((id.clone(), Stage::Proposed));
        let steps = format!("/api/v1/decisions/{id}/steps");
        if write(addr, &steps, "ben", r#"{"action":"advise","text":"Fine by me"}"#, 200).is_none() {
            return;
        }
        let _ = acks.send((id.clone(), Stage::Advised));
        if write(addr, &steps, "ana", r#"{"action":"decide","rationale":"Advice taken"}"#, 200).is_none() {
            return;
        }
        let _ = acks.send((id, Stage::Decided));
    }
}

/// POSTs `body` as `person`; the answer's body on `expected`, `None` when the request failed.
fn write(addr: &str, path: &str, person: &str, body: &str, expected: u16) -> Option<String> {
    let (status, answer) = super::server::request(addr, "POST", path, Some(person), Some(body)).ok()?;
    assert_eq!(status, expected, "POST {path} as {person}: {answer}");
    Some(answer)
}

/// With the server down: every acknowledged stage is stored whole, and the database is
/// consistent. Returns how many writes were stored without their answer reaching the
/// writer (the kill came between commit and answer): evidence that kills hit writes in flight.
fn check(db: &Db, acknowledged: &BTreeMap<String, Stage>, round: usize, seed: u64) -> i64 {
    let context = format!("after kill {} (seed {seed})", round + 1);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut unanswered = 0;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        if db.postgres.is_none() {
            let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{context}: the database is damaged: {e}"));
            assert_eq!(integrity, ["ok"], "{context}");
            let dangling = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut conn).await.unwrap();
            assert!(dangling.is_empty(), "{context}: {} rows refer to missing rows", dangling.len());
        }
        // Every decision: one create in the history, and each recorded step moved its version
        // by one, with one history update and one event.
        let rows = sqlx::query(
            "SELECT d.id, d.status, COALESCE(v.version, 0), \
             (SELECT COUNT(*) FROM decision_events e WHERE e.decision_id = d.id), \
             (SELECT COUNT(*) FROM history h WHERE h.entity = 'decisions' AND h.key = d.id AND h.action = 'update'), \
             (SELECT COUNT(*) FROM history h WHERE h.entity = 'decisions' AND h.key = d.id AND h.action = 'create'), \
             (SELECT COUNT(*) FROM decision_responses r WHERE r.decision_id = d.id AND r.person_id = 'ben') \
             FROM decisions d LEFT JOIN decision_versions v ON v.decision_id = d.id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut stored = BTreeMap::new();
        for row in &rows {
            let id: String = row.try_get(0).unwrap();
            let status: String = row.try_get(1).unwrap();
            let [version, events, updates, creates, advice]: [i64; 5] =
                std::array::from_fn(|i| row.try_get(i + 2).unwrap());
            assert_eq!((events, updates, creates), (version, version, 1), "{context}: decision {id} is incomplete");
            assert!(status == "draft" || version >= 1, "{context}: decision {id} is {status} at version 0");
            // Steps stored beyond the acknowledged stage, and a draft (proposed, not yet opened).
            let answered = acknowledged.get(&id).map_or(0, |stage| *stage as i64);
            unanswered += version - answered + i64::from(status == "draft");
            stored.insert(id, (status, version, advice));
        }
        for (id, stage) in acknowledged {
            let Some((status, version, advice)) = stored.get(id) else {
                panic!("{context}: acknowledged decision {id} ({stage:?}) is missing");
            };
            assert!(
                *version >= *stage as i64,
                "{context}: decision {id} acknowledged {stage:?} is at version {version}"
            );
            match stage {
                Stage::Proposed => assert_ne!(status, "draft", "{context}: {id}"),
                Stage::Advised => assert_eq!(*advice, 1, "{context}: ben's advice on {id}"),
                Stage::Decided => assert_eq!((status.as_str(), *advice), ("decided", 1), "{context}: {id}"),
            }
        }
        conn.close().await.unwrap();

        let store = Store::connect(&db.url).await.unwrap();
        let mut data = store.structure().await.unwrap();
        data.decisions = store.all().await.unwrap();
        data.responses = store.all().await.unwrap();
        data.acts = store.all().await.unwrap();
        data.ties = store.all().await.unwrap();
        store.close().await;
        let problems = data.check(&Known::default());
        assert!(problems.is_empty(), "{context}: the stored data fails the checks: {problems:?}");
        unanswered
    })
}
