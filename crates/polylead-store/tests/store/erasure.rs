//! Erasing a person: the identity goes from every table, the history and the audit log; the
//! rows, links and times stay; the append-only guards hold again afterwards.

use std::collections::BTreeMap;

use jiff::Timestamp;
use polylead_core::account::AccountRole;
use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::dataset::{Dataset, Known};
use polylead_core::decision::{Decision, Response};
use polylead_core::domain::{Delegation, Domain, Rule};
use polylead_core::erasure::{ERASED_NAME, pseudonym};
use polylead_core::ids::{DecisionId, PersonId};
use polylead_core::person::Person;
use polylead_core::role::{Role, RoleFiller};
use polylead_core::setting::Setting;
use polylead_core::team::Team;
use polylead_store::{StoreError, apply_rows, erase_person, save_change_files};
use sqlx::Row;

use crate::TestDb;
use crate::data::{organisation, row, text};
use crate::on_both_backends;

/// Every table the store has.
const TABLES: &[&str] = &[
    "settings",
    "teams",
    "people",
    "roles",
    "role_fillers",
    "domains",
    "domain_rules",
    "delegations",
    "decisions",
    "decision_responses",
    "acts",
    "advice_ties",
    "history",
    "decision_versions",
    "decision_events",
    "webhooks",
    "webhook_deliveries",
    "governance_change_files",
    "accounts",
    "sessions",
    "api_tokens",
    "audit_log",
    "password_resets",
    "erasures",
];

/// Every cell of every table, as text, per table.
async fn dump(db: &TestDb) -> BTreeMap<&'static str, Vec<String>> {
    let mut raw = db.raw().await;
    let mut tables = BTreeMap::new();
    for table in TABLES {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&mut raw).await.unwrap();
        let cells = rows
            .iter()
            .map(|row| {
                let cells = (0..row.columns().len()).map(|i| {
                    row.try_get::<Option<String>, _>(i)
                        .map(|cell| cell.unwrap_or_default())
                        .or_else(|_| {
                            row.try_get::<Option<i64>, _>(i).map(|n| n.map(|n| n.to_string()).unwrap_or_default())
                        })
                        .or_else(|_| {
                            row.try_get::<Option<f64>, _>(i).map(|n| n.map(|n| n.to_string()).unwrap_or_default())
                        })
                        .unwrap()
                });
                cells.collect::<Vec<_>>().join("|")
            })
            .collect();
        tables.insert(*table, cells);
    }
    tables
}

/// The organisation, with more places that name Cy Dube (p3): a role filled through a
/// governance change that p3 made, its CSV file, an account with a token, audit entries and a
/// decision event.
async fn organisation_naming_p3(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "ana", &|_, _| {}).await.unwrap();
    let p3 = PersonId::parse("p3").unwrap();
    let mut tx = store.begin().await.unwrap();
    let filling: RoleFiller = row(vec![text("r1"), text("p3"), text("days, mostly")]);
    apply_rows(&mut tx, &Dataset { fillers: vec![filling], ..Dataset::default() }, "p3", None).await.unwrap();
    let files = BTreeMap::from([(
        "role_fillers.csv".to_owned(),
        b"role_id,person_id,focus\nr1,p3,\"days, mostly\"\nr2,p1,\n".to_vec(),
    )]);
    save_change_files(&mut tx, &DecisionId::parse("c2").unwrap(), &files).await.unwrap();
    tx.commit().await.unwrap();
    let now = Timestamp::from_second(1_750_000_000).unwrap();
    store.add_account(&p3, AccountRole::Member, "$argon2id$fake", now).await.unwrap();
    store.audit(now, "p1", "viewed_person_analytics", Some("p3"), "viewed key players").await.unwrap();
    store.audit(now, "p3", "issued_reset_link", Some("p2"), "issued a link").await.unwrap();
    let mut raw = db.raw().await;
    sqlx::query(
        "INSERT INTO decision_events (decision_id, kind, actor, at_ms, notify) VALUES ('c2', 'objected', 'p3', 1, 'p1;p3')",
    )
    .execute(&mut raw)
    .await
    .unwrap();
}

async fn erasing_a_person_removes_their_identity_and_keeps_the_shape(db: &TestDb) {
    organisation_naming_p3(db).await;
    let store = &db.store;
    let before = dump(db).await;
    let named = |tables: &BTreeMap<&str, Vec<String>>| -> Vec<String> {
        let mut found = Vec::new();
        for (table, rows) in tables {
            for cell in rows {
                if ["p3", "Cy Dube", "budget\"]"].iter().any(|mark| cell.contains(mark)) {
                    found.push(format!("{table}: {cell}"));
                }
            }
        }
        found
    };
    assert!(named(&before).len() > 15, "the fixture names p3 in many places: {:?}", named(&before));

    let p3 = PersonId::parse("p3").unwrap();
    let alias = pseudonym(0x5eed);
    let mut tx = store.begin().await.unwrap();
    let erasure = erase_person(&mut tx, &p3, &alias, "p1").await.unwrap();
    tx.commit().await.unwrap();

    let after = dump(db).await;
    assert_eq!(named(&after), Vec::<String>::new(), "nothing names Cy Dube any more");
    assert_eq!(erasure.removed_fillings, ["r1", "r2"]);
    assert!(erasure.removed_delegations.is_empty());
    assert!(erasure.history_entries >= 6, "{erasure:?}");
    assert_eq!(erasure.audit_entries, 2);
    for place in ["people.id", "people.superior_id", "acts.actor_id", "acts.target_ids", "decisions.proposer_id"] {
        assert_eq!(erasure.renamed.get(place), Some(&1), "{place} in {:?}", erasure.renamed);
    }

    // The shape: the same rows everywhere, less the role fillings and the account; the
    // history and audit log grow by what the erasure did.
    for (table, rows) in &before {
        let expected = match *table {
            "role_fillers" => rows.len() - 2,
            "accounts" => rows.len() - 1,
            "history" => rows.len() + 3, // two fillings removed, the person's row changed
            "audit_log" | "erasures" => rows.len() + 1,
            _ => rows.len(),
        };
        assert_eq!(after[table].len(), expected, "{table}");
    }
    let people: Vec<Person> = store.all().await.unwrap();
    let erased = people.iter().find(|person| person.id == alias).unwrap();
    assert_eq!(erased.name.as_str(), ERASED_NAME);
    assert_eq!((erased.email.as_ref(), erased.skills.len()), (None, 0));
    assert_eq!(
        erased.left.map(|date| date.to_string()).as_deref(),
        Some("2024-12-31"),
        "an earlier leaving date stays"
    );
    assert_eq!(erased.superior.as_ref().map(PersonId::as_str), Some("p1"));
    let bo = people.iter().find(|person| person.id.as_str() == "p2").unwrap();
    assert_eq!(bo.superior.as_ref(), Some(&alias));
    let acts: Vec<Act> = store.all().await.unwrap();
    assert_eq!(acts[0].targets, [alias.clone(), PersonId::parse("p2").unwrap()]);
    assert_eq!(acts[1].actor, alias);
    let ties: Vec<AdviceTie> = store.all().await.unwrap();
    assert_eq!(ties[1].seeker, alias);

    // Everything still reads, and the organisation is consistent.
    let everything = Dataset {
        settings: store.all::<Setting>().await.unwrap(),
        teams: store.all::<Team>().await.unwrap(),
        people,
        roles: store.all::<Role>().await.unwrap(),
        fillers: store.all::<RoleFiller>().await.unwrap(),
        domains: store.all::<Domain>().await.unwrap(),
        rules: store.all::<Rule>().await.unwrap(),
        delegations: store.all::<Delegation>().await.unwrap(),
        decisions: store.all::<Decision>().await.unwrap(),
        responses: store.all::<Response>().await.unwrap(),
        acts,
        ties,
    };
    assert_eq!(everything.check(&Known::default()), Vec::new());

    // The history names the pseudonym where it named p3, in the same places.
    let history = store.history(0, 100).await.unwrap().items;
    let own = history.iter().filter(|change| change.entity == "people" && change.key == alias.as_str());
    let images: Vec<&str> =
        own.flat_map(|change| change.before.iter().chain(&change.after)).map(String::as_str).collect();
    assert_eq!(images.len(), 3, "created, then changed by the erasure: {images:?}");
    assert!(images.iter().all(|image| {
        image.starts_with(&format!(r#"{{"id":"{alias}","name":"Erased person","email":null,"skills":null"#))
    }));
    assert!(history.iter().any(|change| change.entity == "role_fillers"
        && change.key == format!("r1/{alias}")
        && change.actor == alias.as_str()));
    let audit = store.audit_entries(Some(alias.as_str()), 10).await.unwrap();
    assert_eq!(audit[0].action, "erased_person");
    assert_eq!(audit[0].actor, "p1");
    assert!(audit.iter().any(|entry| entry.action == "viewed_person_analytics"));
    assert!(store.account(&p3).await.unwrap().is_none());
    assert!(after["governance_change_files"].iter().any(|file| file.contains(&format!("r1,{alias},\"days, mostly\""))));

    // The exception is closed: the history, the audit log and the erasure record refuse
    // changes again.
    let mut raw = db.raw().await;
    for sql in [
        "UPDATE history SET actor = 'mallory'",
        "UPDATE audit_log SET subject = 'mallory'",
        "UPDATE erasures SET open = 1",
        "DELETE FROM erasures",
    ] {
        let error = sqlx::query(sql).execute(&mut raw).await.unwrap_err();
        assert!(error.to_string().contains("append-only") || error.to_string().contains("erasure"), "{sql}: {error}");
    }
}
on_both_backends!(erasing_a_person_removes_their_identity_and_keeps_the_shape);

async fn erasure_is_refused_while_the_person_is_named_in_the_rights(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "ana", &|_, _| {}).await.unwrap();
    let before = dump(db).await;
    let mut tx = store.begin().await.unwrap();
    let error = erase_person(&mut tx, &PersonId::parse("p1").unwrap(), &pseudonym(1), "p2").await.unwrap_err();
    drop(tx);
    let message = error.to_string();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error:?}");
    for part in ["rule ru1 of domain d1 (escalate_to)", "rule ru2 of domain d1 (decider)", "governance change first"] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert_eq!(dump(db).await, before, "nothing changed");

    let mut tx = store.begin().await.unwrap();
    let error = erase_person(&mut tx, &PersonId::parse("nobody").unwrap(), &pseudonym(1), "p2").await.unwrap_err();
    assert_eq!(error.to_string(), "person nobody not found");
}
on_both_backends!(erasure_is_refused_while_the_person_is_named_in_the_rights);
