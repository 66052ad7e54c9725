//! Webhooks and their deliveries: enqueueing is idempotent, a lease is won by one store at a
//! time (two stores on one database stand for two servers), attempts are recorded only by
//! the lease holder.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};
use polylead_core::lifecycle::EventKind;
use polylead_store::{AttemptOutcome, Store, StoreError, Webhook, add_webhook, remove_webhook};

use crate::TestDb;
use crate::on_both_backends;

const T0: i64 = 1_780_000_000_000;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_millisecond(T0 + seconds * 1000).unwrap()
}

const LEASE: SignedDuration = SignedDuration::from_secs(60);

fn webhook(id: &str, events: Option<Vec<EventKind>>, active: bool) -> Webhook {
    Webhook {
        id: id.to_owned(),
        url: format!("http://127.0.0.1:9/{id}"),
        secret: format!("secret-{id}"),
        events,
        created_at: at(0),
        active,
    }
}

async fn add(store: &Store, hook: &Webhook) {
    let mut tx = store.begin().await.unwrap();
    add_webhook(&mut tx, hook).await.unwrap();
    tx.commit().await.unwrap();
}

/// Appends a decision event as `record_step` would (the table has no foreign keys).
async fn event(db: &TestDb, decision: &str, kind: EventKind) {
    let mut raw = db.raw().await;
    sqlx::query("INSERT INTO decision_events (decision_id, kind, actor, at_ms, notify) VALUES ($1, $2, $3, $4, $5)")
        .bind(decision)
        .bind(kind.as_str())
        .bind("ana")
        .bind(T0)
        .bind("ben;cleo")
        .execute(&mut raw)
        .await
        .unwrap();
}

async fn enqueueing_is_idempotent_and_follows_each_webhooks_kinds(db: &TestDb) {
    let store = &db.store;
    event(db, "d0", EventKind::Opened).await; // before any webhook: never sent
    add(store, &webhook("all", None, true)).await;
    add(store, &webhook("decided", Some(vec![EventKind::Decided, EventKind::Escalated]), true)).await;
    add(store, &webhook("off", None, false)).await;
    event(db, "d1", EventKind::Opened).await;
    event(db, "d1", EventKind::Decided).await;
    event(db, "d1", EventKind::AdviceGiven).await;

    // Two servers enqueueing at once insert each pair once.
    let other = Store::connect(&db.url).await.unwrap();
    let (a, b) = tokio::join!(store.enqueue_deliveries(at(1)), other.enqueue_deliveries(at(1)));
    assert_eq!(a.unwrap() + b.unwrap(), 3 + 1);
    assert_eq!(store.enqueue_deliveries(at(2)).await.unwrap(), 0);
    other.close().await;

    let all = store.webhook_deliveries("all").await.unwrap();
    let kinds: Vec<i64> = all.iter().map(|d| d.event_seq).collect();
    assert_eq!(kinds, [2, 3, 4]);
    assert_eq!(all[0].id, "all.2");
    assert_eq!((all[0].attempts, all[0].next_attempt_at, all[0].delivered_at), (0, at(1), None));
    let decided = store.webhook_deliveries("decided").await.unwrap();
    assert_eq!(decided.iter().map(|d| d.event_seq).collect::<Vec<_>>(), [3]);
    assert!(store.webhook_deliveries("off").await.unwrap().is_empty());

    let listed: Vec<(String, Option<Vec<EventKind>>)> =
        store.webhooks().await.unwrap().into_iter().map(|w| (w.id, w.events)).collect();
    assert_eq!(
        listed,
        [
            ("all".to_owned(), None),
            ("decided".to_owned(), Some(vec![EventKind::Decided, EventKind::Escalated])),
            ("off".to_owned(), None)
        ]
    );
    assert_eq!(store.webhook("decided").await.unwrap().secret, "secret-decided");
}
on_both_backends!(enqueueing_is_idempotent_and_follows_each_webhooks_kinds);

async fn of_two_stores_leasing_at_once_each_delivery_goes_to_one(db: &TestDb) {
    let store = &db.store;
    add(store, &webhook("w1", None, true)).await;
    add(store, &webhook("w2", None, true)).await;
    for n in 0..10 {
        event(db, &format!("d{n}"), EventKind::Opened).await;
    }
    assert_eq!(store.enqueue_deliveries(at(0)).await.unwrap(), 20);
    let other = Store::connect(&db.url).await.unwrap();
    for round in 0..3 {
        // Each round starts after the previous leases ran out.
        let now = at(round * 61);
        let (a, b) =
            tokio::join!(store.lease_due(now, LEASE, "server-a", 15), other.lease_due(now, LEASE, "server-b", 15));
        let (a, b) = (a.unwrap(), b.unwrap());
        let a_ids: BTreeSet<String> = a.iter().map(|d| d.id.clone()).collect();
        let b_ids: BTreeSet<String> = b.iter().map(|d| d.id.clone()).collect();
        assert!(a_ids.is_disjoint(&b_ids), "both servers claimed {:?}", a_ids.intersection(&b_ids));
        assert_eq!(a_ids.len() + b_ids.len(), 20, "round {round}: {} + {}", a_ids.len(), b_ids.len());
        // While the leases run, nobody gets them again.
        assert!(store.lease_due(now + SignedDuration::from_secs(59), LEASE, "server-c", 50).await.unwrap().is_empty());
    }
    other.close().await;

    let leased = store.lease_due(at(1000), LEASE, "server-a", 1).await.unwrap();
    let delivery = &leased[0];
    assert_eq!(delivery.webhook.url, "http://127.0.0.1:9/w1");
    assert_eq!(delivery.webhook.secret, "secret-w1");
    assert_eq!(delivery.event.kind, "opened");
    assert_eq!(delivery.event.decision, "d0");
    assert_eq!(delivery.event.notify, ["ben", "cleo"]);
    assert_eq!(delivery.attempts, 0);
}
on_both_backends!(of_two_stores_leasing_at_once_each_delivery_goes_to_one);

async fn attempts_are_recorded_by_the_lease_holder_only(db: &TestDb) {
    let store = &db.store;
    add(store, &webhook("w", None, true)).await;
    event(db, "d1", EventKind::Opened).await;
    event(db, "d1", EventKind::Decided).await;
    store.enqueue_deliveries(at(0)).await.unwrap();
    let leased = store.lease_due(at(0), LEASE, "a", 10).await.unwrap();
    assert_eq!(leased.len(), 2);
    let (first, second) = (&leased[0].id, &leased[1].id);

    let retry = AttemptOutcome::Retry { status: Some(500), error: "HTTP 500".into(), retry_at: at(30) };
    assert!(!store.record_attempt(first, "b", at(1), &retry).await.unwrap(), "b holds no lease");
    assert!(store.record_attempt(first, "a", at(1), &retry).await.unwrap());
    assert!(!store.record_attempt(first, "a", at(1), &retry).await.unwrap(), "the lease was released");
    assert!(store.record_attempt(second, "a", at(1), &AttemptOutcome::Delivered { status: 204 }).await.unwrap());

    // Not due before its retry time; then the same delivery again, once.
    assert!(store.lease_due(at(29), LEASE, "b", 10).await.unwrap().is_empty());
    let again = store.lease_due(at(30), LEASE, "b", 10).await.unwrap();
    assert_eq!(again.iter().map(|d| (&d.id, d.attempts)).collect::<Vec<_>>(), [(first, 1)]);
    let gave_up = AttemptOutcome::GaveUp { status: None, error: "connection refused".into() };
    assert!(store.record_attempt(first, "b", at(31), &gave_up).await.unwrap());
    assert!(store.lease_due(at(100_000), LEASE, "b", 10).await.unwrap().is_empty());

    let rows = store.webhook_deliveries("w").await.unwrap();
    assert_eq!(rows[0].attempts, 2);
    assert_eq!((rows[0].failed_at, rows[0].delivered_at), (Some(at(31)), None));
    assert_eq!((rows[0].last_status, rows[0].last_error.as_deref()), (None, Some("connection refused")));
    assert_eq!((rows[1].attempts, rows[1].delivered_at, rows[1].last_status), (1, Some(at(1)), Some(204)));
    assert_eq!(rows[1].leased_by, None);
}
on_both_backends!(attempts_are_recorded_by_the_lease_holder_only);

async fn removing_a_webhook_drops_its_pending_deliveries(db: &TestDb) {
    let store = &db.store;
    add(store, &webhook("w", None, true)).await;
    event(db, "d1", EventKind::Opened).await;
    store.enqueue_deliveries(at(0)).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    remove_webhook(&mut tx, "w").await.unwrap();
    tx.commit().await.unwrap();
    assert!(store.webhooks().await.unwrap().is_empty());
    assert!(store.webhook_deliveries("w").await.unwrap().is_empty());
    assert!(store.lease_due(at(0), LEASE, "a", 10).await.unwrap().is_empty());

    let mut tx = store.begin().await.unwrap();
    let missing = remove_webhook(&mut tx, "w").await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { entity: "webhook", .. }), "{missing:?}");
    drop(tx);
    let duplicate = webhook("x", None, true);
    add(store, &duplicate).await;
    let mut tx = store.begin().await.unwrap();
    let conflict = add_webhook(&mut tx, &duplicate).await.unwrap_err();
    assert!(matches!(conflict, StoreError::Conflict { .. }), "{conflict:?}");
}
on_both_backends!(removing_a_webhook_drops_its_pending_deliveries);
