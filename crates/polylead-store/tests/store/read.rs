//! An imported organisation reads back equal through every read path.

use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::dataset::Dataset;
use polylead_core::decision::{Decision, Response};
use polylead_core::domain::{Delegation, Domain, Rule};
use polylead_core::ids::DomainId;
use polylead_core::person::Person;
use polylead_core::record::{Entity, Record};
use polylead_core::role::{Role, RoleFiller};
use polylead_core::team::Team;
use polylead_store::{Store, StoreError};

use crate::TestDb;
use crate::data::{in_key_order, organisation};
use crate::on_both_backends;

async fn reads_back<T: Record + Clone + PartialEq + std::fmt::Debug>(store: &Store, expected: &[T]) {
    let expected = in_key_order(expected);
    let page = store.page::<T>(0, 1000).await.unwrap();
    assert_eq!(page.items, expected, "page of {}", T::ENTITY);
    assert_eq!(page.total, expected.len() as u64);

    let mut streamed = Vec::new();
    let n = store
        .for_each::<T>(|row| {
            streamed.push(row);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(streamed, expected, "for_each of {}", T::ENTITY);
    assert_eq!(n, expected.len() as u64);

    for row in &expected {
        assert_eq!(store.get::<T>(&row.key()).await.unwrap().as_ref(), Some(row), "get {}", row.key());
    }
}

async fn an_organisation_reads_back_equal(db: &TestDb) {
    let store = &db.store;
    assert!(store.is_empty().await.unwrap());
    let data = organisation();
    assert!(data.check(&store.known().await.unwrap()).is_empty());
    store.import(&data, "tester", &|_, _| {}).await.unwrap();
    assert!(!store.is_empty().await.unwrap());

    reads_back::<Team>(store, &data.teams).await;
    reads_back::<Person>(store, &data.people).await;
    reads_back::<Role>(store, &data.roles).await;
    reads_back::<RoleFiller>(store, &data.fillers).await;
    reads_back::<Domain>(store, &data.domains).await;
    reads_back::<Rule>(store, &data.rules).await;
    reads_back::<Delegation>(store, &data.delegations).await;
    reads_back::<Decision>(store, &data.decisions).await;
    reads_back::<Response>(store, &data.responses).await;
    reads_back::<Act>(store, &data.acts).await;
    reads_back::<AdviceTie>(store, &data.ties).await;
}
on_both_backends!(an_organisation_reads_back_equal);

async fn missing_rows_are_none(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    assert_eq!(store.get::<Person>("nobody").await.unwrap(), None);
    // A composite key is written role/person, as Record::key() does.
    assert_eq!(store.get::<RoleFiller>("r1").await.unwrap(), None);
    assert_eq!(store.get::<RoleFiller>("r1/p3").await.unwrap(), None);
    assert!(store.get::<RoleFiller>("r1/p2").await.unwrap().is_some());
}
on_both_backends!(missing_rows_are_none);

async fn rules_come_in_position_order(db: &TestDb) {
    let store = &db.store;
    let data = organisation();
    store.import(&data, "tester", &|_, _| {}).await.unwrap();
    let rules = store.rules_of(&DomainId::parse("d1").unwrap()).await.unwrap();
    let ids: Vec<&str> = rules.iter().map(|rule| rule.id.as_str()).collect();
    assert_eq!(ids, ["ru1", "ru2"]);
    assert_eq!(rules[0], data.rules[1]);
    assert!(store.rules_of(&DomainId::parse("nope").unwrap()).await.unwrap().is_empty());
}
on_both_backends!(rules_come_in_position_order);

async fn pages_slice_in_key_order_and_count_all(db: &TestDb) {
    let store = &db.store;
    store.import(&organisation(), "tester", &|_, _| {}).await.unwrap();
    let ids = |page: &polylead_store::Page<Person>| page.items.iter().map(|p| p.id.to_string()).collect::<Vec<_>>();
    let first = store.page::<Person>(0, 2).await.unwrap();
    assert_eq!((ids(&first), first.total), (vec!["p1".to_owned(), "p2".to_owned()], 3));
    let second = store.page::<Person>(2, 2).await.unwrap();
    assert_eq!((ids(&second), second.total), (vec!["p3".to_owned()], 3));
    let beyond = store.page::<Person>(10, 2).await.unwrap();
    assert_eq!((beyond.items.len(), beyond.total), (0, 3));
    let none = store.page::<Person>(0, 0).await.unwrap();
    assert_eq!((none.items.len(), none.total), (0, 3));
    let fillers = store.page::<RoleFiller>(0, 10).await.unwrap();
    let keys: Vec<String> = fillers.items.iter().map(Record::key).collect();
    assert_eq!(keys, ["r1/p1", "r1/p2", "r2/p3"]);
}
on_both_backends!(pages_slice_in_key_order_and_count_all);

async fn counts_and_known_ids_match_the_data(db: &TestDb) {
    let store = &db.store;
    let empty: Vec<(Entity, u64)> = Entity::ALL.iter().map(|entity| (*entity, 0)).collect();
    assert_eq!(store.counts().await.unwrap(), empty);
    let data = organisation();
    store.import(&data, "tester", &|_, _| {}).await.unwrap();
    assert_eq!(store.counts().await.unwrap(), data.counts());

    let known = store.known().await.unwrap();
    let keys = |entity: Entity| -> Vec<String> {
        known.ids.get(&entity).map(|ids| ids.iter().cloned().collect()).unwrap_or_default()
    };
    assert_eq!(keys(Entity::Team), ["t1", "t2"]);
    assert_eq!(keys(Entity::Person), ["p1", "p2", "p3"]);
    assert_eq!(keys(Entity::RoleFiller), ["r1/p1", "r1/p2", "r2/p3"]);
    assert_eq!(keys(Entity::Rule), ["ru1", "ru2"]);
    assert_eq!(keys(Entity::Response), ["s1", "s2"]);
    assert!(!known.ids.contains_key(&Entity::Act));
    assert!(!known.ids.contains_key(&Entity::AdviceTie));
    // The same batch again is refused by core's check, row by row.
    assert_eq!(data.check(&known).len(), 19);
}
on_both_backends!(counts_and_known_ids_match_the_data);

async fn a_stored_row_that_no_longer_validates_is_named(db: &TestDb) {
    let store = &db.store;
    store.import(&Dataset { teams: organisation().teams, ..Dataset::default() }, "tester", &|_, _| {}).await.unwrap();
    let mut raw = db.raw().await;
    sqlx::query("INSERT INTO people (id, name, level) VALUES ('p9', 'Di', 99)").execute(&mut raw).await.unwrap();
    let error = store.page::<Person>(0, 10).await.unwrap_err();
    assert!(matches!(error, StoreError::Corrupt(_)), "{error:?}");
    let message = error.to_string();
    for part in ["people", "p9", "level", "99"] {
        assert!(message.contains(part), "{message:?} should mention {part}");
    }
}
on_both_backends!(a_stored_row_that_no_longer_validates_is_named);

async fn settings_are_set_replaced_and_read(db: &TestDb) {
    let store = &db.store;
    assert_eq!(store.setting("organisation_name").await.unwrap(), None);
    let mut tx = store.begin().await.unwrap();
    polylead_store::set_setting(&mut tx, "organisation_name", "Ward 3", "test").await.unwrap();
    polylead_store::set_setting(&mut tx, "organisation_name", "Ward 3 & 4", "test").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.setting("organisation_name").await.unwrap().as_deref(), Some("Ward 3 & 4"));
    let mut tx = store.begin().await.unwrap();
    polylead_store::set_setting(&mut tx, "organisation_name", "dropped", "test").await.unwrap();
    drop(tx);
    assert_eq!(store.setting("organisation_name").await.unwrap().as_deref(), Some("Ward 3 & 4"));
}
on_both_backends!(settings_are_set_replaced_and_read);

async fn a_persons_acts_and_advice_ties_read_back(db: &TestDb) {
    use polylead_core::ids::PersonId;
    let store = &db.store;
    let data = organisation();
    store.import(&data, "test", &|_, _| {}).await.unwrap();
    let p1 = PersonId::parse("p1").unwrap();
    let early = jiff::Timestamp::from_second(0).unwrap();
    let acts = store.acts_by(&p1, early).await.unwrap();
    assert_eq!(acts, data.acts.iter().filter(|act| act.actor == p1).cloned().collect::<Vec<_>>());
    assert_eq!(acts.len(), 1);
    let after = "2025-02-01T09:30:00.124Z".parse().unwrap();
    assert!(store.acts_by(&p1, after).await.unwrap().is_empty(), "acts before `from` are left out");

    let t1 = polylead_core::ids::TeamId::parse("t1").unwrap();
    let in_team = store.acts_in_team(&t1, early).await.unwrap();
    assert_eq!(in_team.iter().map(|act| act.id.as_str()).collect::<Vec<_>>(), ["a1"]);
    assert!(store.acts_in_team(&t1, after).await.unwrap().is_empty());

    let p2 = PersonId::parse("p2").unwrap();
    let ties = store.advice_ties_of(&p2).await.unwrap();
    assert_eq!(ties.iter().map(|tie| tie.id.as_str()).collect::<Vec<_>>(), ["k1", "k2"], "as seeker and as source");
    assert_eq!(ties, in_key_order(&data.ties));
    assert!(store.advice_ties_of(&PersonId::parse("nobody").unwrap()).await.unwrap().is_empty());
}
on_both_backends!(a_persons_acts_and_advice_ties_read_back);
