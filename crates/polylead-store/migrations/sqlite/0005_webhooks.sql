-- Outbound webhooks for decision events.
-- webhooks: where to POST which events, and the secret that signs them. Times are unix
-- milliseconds; `active` is 0 or 1; `events` is '*' or kinds separated by ';'. A webhook is
-- sent the events recorded after it was created (seq > from_seq).
-- webhook_deliveries: one row per (webhook, event), created by enqueueing (idempotent through
-- the unique pair) and claimed by one server at a time through its lease (leased_until,
-- leased_by). A row is done when delivered_at or failed_at is set.

CREATE TABLE webhooks (
    id TEXT NOT NULL PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    active BIGINT NOT NULL,
    from_seq BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id TEXT NOT NULL PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    enqueued_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_status BIGINT,
    last_error TEXT,
    leased_until BIGINT NOT NULL,
    leased_by TEXT,
    UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
