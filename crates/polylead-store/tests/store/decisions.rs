//! Recording decision steps: a step computed from a version that is no longer current
//! conflicts and writes nothing.

use polylead_core::decision::{Decision, DecisionStatus};
use polylead_core::domain::Process;
use polylead_core::ids::DecisionId;
use polylead_core::lifecycle::{Event, EventKind, Transition};
use polylead_store::{DecisionFilter, StoreError, create_decision, record_step};

use crate::{TestDb, on_both_backends};

fn draft(proposer: &str, domain: &str) -> Decision {
    Decision {
        id: DecisionId::parse("dx").unwrap(),
        domain: domain.parse().unwrap(),
        title: "A test decision".into(),
        proposal: None,
        proposer: proposer.parse().unwrap(),
        decider: None,
        process: Process::Advice,
        status: DecisionStatus::Draft,
        amount: None,
        scope: None,
        tags: Vec::new(),
        created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        deadline: None,
        decided_at: None,
        rationale: None,
        review_due: None,
        outcome: None,
        learned: None,
    }
}

fn to(decision: &Decision, status: DecisionStatus) -> Transition {
    let mut next = decision.clone();
    next.status = status;
    let event = Event { kind: EventKind::Opened, actor: None, at: decision.created_at, notify: Vec::new() };
    Transition { decision: next, responses: Vec::new(), acts: Vec::new(), event }
}

async fn a_step_from_a_stale_version_conflicts_and_writes_nothing(db: &TestDb) {
    db.store.import(&crate::data::organisation(), "test", &|_, _| {}).await.unwrap();
    let data = crate::data::organisation();
    let decision = draft(data.people[0].id.as_str(), data.domains[0].id.as_str());
    let mut tx = db.store.begin().await.unwrap();
    create_decision(&mut tx, &decision, "test").await.unwrap();
    tx.commit().await.unwrap();

    for (first, second) in
        [(DecisionStatus::Open, DecisionStatus::Withdrawn), (DecisionStatus::Decided, DecisionStatus::Withdrawn)]
    {
        let before = db.store.decision(&decision.id).await.unwrap();
        let mut tx = db.store.begin().await.unwrap();
        record_step(&mut tx, &before, &to(&before.decision, first), "a").await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.begin().await.unwrap();
        let stale = record_step(&mut tx, &before, &to(&before.decision, second), "b").await;
        assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
        assert!(tx.commit().await.is_err());
        let now = db.store.decision(&decision.id).await.unwrap();
        assert_eq!((now.decision.status, now.version), (first, before.version + 1));
    }
    assert_eq!(db.store.decision_events(&decision.id).await.unwrap().len(), 2);
}
on_both_backends!(a_step_from_a_stale_version_conflicts_and_writes_nothing);

/// sqlx's Any driver types a NULL float differently from a float; a statement first prepared
/// with a NULL amount must still take an amount (regression: PostgreSQL refused it).
async fn an_amount_after_a_decision_without_one_is_stored(db: &TestDb) {
    let data = crate::data::organisation();
    db.store.import(&data, "test", &|_, _| {}).await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    for (id, amount) in [("n1", None), ("n2", Some(12.5)), ("n3", None), ("n4", Some(7.0))] {
        let mut decision = draft(data.people[0].id.as_str(), data.domains[0].id.as_str());
        decision.id = DecisionId::parse(id).unwrap();
        decision.amount = amount;
        create_decision(&mut tx, &decision, "test").await.unwrap();
    }
    tx.commit().await.unwrap();
    let stored = db.store.decision(&DecisionId::parse("n4").unwrap()).await.unwrap();
    assert_eq!(stored.decision.amount, Some(7.0));
}
on_both_backends!(an_amount_after_a_decision_without_one_is_stored);

/// The title filter ignores case and takes `%`, `_` and `\` literally.
async fn decisions_are_found_by_words_of_their_title(db: &TestDb) {
    let data = crate::data::organisation();
    db.store.import(&data, "test", &|_, _| {}).await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    for (id, title) in [("t1", "Night ROTA for May"), ("t2", "Spend 100% of_it"), ("t3", r"A\B test")] {
        let mut decision = draft(data.people[0].id.as_str(), data.domains[0].id.as_str());
        decision.id = DecisionId::parse(id).unwrap();
        decision.title = title.to_owned();
        create_decision(&mut tx, &decision, "test").await.unwrap();
    }
    tx.commit().await.unwrap();
    for (words, expected) in [
        ("rota", vec!["t1"]),
        ("%", vec!["t2"]),
        ("0% of_", vec!["t2"]),
        ("_", vec!["t2"]),
        (r"a\b", vec!["t3"]),
        ("  ", vec!["t1", "t2", "t3"]),
    ] {
        let filter = DecisionFilter { title: Some(words.to_owned()), ..DecisionFilter::default() };
        let page = db.store.decision_page(&filter, 0, 100).await.unwrap();
        let ours = ["t1", "t2", "t3"];
        let mut found: Vec<&str> =
            page.items.iter().map(|decision| decision.id.as_str()).filter(|id| ours.contains(id)).collect();
        found.sort();
        assert_eq!(found, expected, "{words:?}");
        assert_eq!(page.total as usize, page.items.len(), "{words:?}");
    }
}
on_both_backends!(decisions_are_found_by_words_of_their_title);
