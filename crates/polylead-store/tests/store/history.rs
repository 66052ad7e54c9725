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

async fn the_history_filters_by_table_text_actor_and_rows_and_pages(db: &TestDb) {
    use polylead_store::HistoryFilter;
    let store = &db.store;
    store.import(&organisation(), "ana", &|_, _| {}).await.unwrap();
    let all = store.history(0, 1000).await.unwrap();

    let unfiltered = store.history_page(&HistoryFilter::default(), 0, 1000).await.unwrap();
    assert_eq!(unfiltered.items, all.items);
    assert_eq!(unfiltered.total, all.total);

    let teams = HistoryFilter { entity: Some("teams".to_owned()), ..HistoryFilter::default() };
    let page = store.history_page(&teams, 0, 1).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].key, "t1", "newest first: t1 was imported after t2");
    assert_eq!(store.history_page(&teams, 1, 1).await.unwrap().items[0].key, "t2");

    // Case-insensitive text in the key or the after-image; LIKE wildcards are taken literally.
    let text = |text: &str| HistoryFilter { text: Some(text.to_owned()), ..HistoryFilter::default() };
    let night = store.history_page(&text("NIGHT SHIFT"), 0, 100).await.unwrap();
    assert!(night.items.iter().any(|c| c.entity == "teams" && c.key == "t2"), "{:?}", night.items);
    assert!(night.items.iter().all(|c| c.after.as_deref().unwrap_or("").to_lowercase().contains("night shift")));
    assert!(night.total < all.total);
    let by_key = store.history_page(&text("p3"), 0, 100).await.unwrap();
    assert!(by_key.items.iter().any(|c| c.entity == "people" && c.key == "p3"), "{:?}", by_key.items);
    assert_eq!(store.history_page(&text("%"), 0, 100).await.unwrap().total, 0);
    assert_eq!(store.history_page(&text("nig_t"), 0, 100).await.unwrap().total, 0);

    let actor = HistoryFilter { actor: Some("nobody".to_owned()), ..HistoryFilter::default() };
    assert_eq!(store.history_page(&actor, 0, 100).await.unwrap().total, 0);
    let actor = HistoryFilter { actor: Some("ana".to_owned()), ..HistoryFilter::default() };
    assert_eq!(store.history_page(&actor, 0, 100).await.unwrap().total, all.total);

    let rows = HistoryFilter {
        rows: vec![("teams".to_owned(), "t2".to_owned()), ("people".to_owned(), "p1".to_owned())],
        entity: None,
        ..HistoryFilter::default()
    };
    let found = store.history_page(&rows, 0, 100).await.unwrap();
    let mut keys: Vec<_> = found.items.iter().map(|c| (c.entity.as_str(), c.key.as_str())).collect();
    keys.sort();
    assert_eq!(keys, [("people", "p1"), ("teams", "t2")]);
    let both = HistoryFilter { entity: Some("people".to_owned()), ..rows };
    assert_eq!(store.history_page(&both, 0, 100).await.unwrap().total, 1);
}
on_both_backends!(the_history_filters_by_table_text_actor_and_rows_and_pages);
