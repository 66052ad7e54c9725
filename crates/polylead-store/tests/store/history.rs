//! The history records imports and refuses to be rewritten.

use polylead_core::dataset::Dataset;
use polylead_core::record::Record;

use crate::TestDb;
use crate::data::organisation;
use crate::on_both_backends;

async fn an_import_writes_one_entry_per_structure_row_and_summaries(db: &TestDb) {
    let store = &db.store;
    let data = organisation();
    store.import(&data, "ana", &|_, _| {}).await.unwrap();
    let page = store.history(0, 1000).await.unwrap();
    let mut expected: Vec<(String, String, String, Option<String>)> = Vec::new();
    let mut created = |entity: &str, rows: Vec<(String, String)>| {
        for (key, json) in rows {
            expected.push((entity.to_owned(), key, "create".to_owned(), Some(json)));
        }
    };
    fn rows<T: Record>(rows: &[T]) -> Vec<(String, String)> {
        rows.iter().map(|row| (row.key(), row.to_json())).collect()
    }
    created("settings", rows(&data.settings));
    created("teams", rows(&data.teams));
    created("people", rows(&data.people));
    created("roles", rows(&data.roles));
    created("role_fillers", rows(&data.fillers));
    created("domains", rows(&data.domains));
    created("domain_rules", rows(&data.rules));
    created("delegations", rows(&data.delegations));
    created("decisions", rows(&data.decisions));
    for table in ["decision_responses", "acts", "advice_ties"] {
        expected.push((table.to_owned(), "*".to_owned(), "import".to_owned(), Some(r#"{"rows":2}"#.to_owned())));
    }
    expected.reverse(); // newest first
    let actual: Vec<_> =
        page.items.iter().map(|c| (c.entity.clone(), c.key.clone(), c.action.clone(), c.after.clone())).collect();
    assert_eq!(actual, expected);
    assert_eq!(page.total, expected.len() as u64);
    assert!(page.items.windows(2).all(|pair| pair[0].seq > pair[1].seq));
    assert!(page.items.iter().all(|c| c.actor == "ana" && c.before.is_none() && c.decision.is_none()));
    assert!(page.items.iter().all(|c| c.at == page.items[0].at));

    let second = store.history(1, 2).await.unwrap();
    assert_eq!(second.items, page.items[1..3]);
    assert_eq!(second.total, page.total);
}
on_both_backends!(an_import_writes_one_entry_per_structure_row_and_summaries);

async fn the_history_refuses_updates_and_deletes(db: &TestDb) {
    let store = &db.store;
    store.import(&Dataset { teams: organisation().teams, ..Dataset::default() }, "ana", &|_, _| {}).await.unwrap();
    let mut raw = db.raw().await;
    for sql in ["UPDATE history SET actor = 'mallory'", "DELETE FROM history", "DELETE FROM history WHERE seq = 1"] {
        let error = sqlx::query(sql).execute(&mut raw).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
    let page = store.history(0, 10).await.unwrap();
    assert_eq!(page.total, 2);
    assert!(page.items.iter().all(|c| c.actor == "ana"));
}
on_both_backends!(the_history_refuses_updates_and_deletes);
