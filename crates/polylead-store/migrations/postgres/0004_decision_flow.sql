-- What running decisions needs beside the decision rows themselves.
-- decision_versions: a counter per decision that every change compares and increments, so
-- that of two people (or two schedulers) acting on the same state exactly one succeeds.
-- A decision without a row is at version 0 (imported or created, never changed).
-- decision_events: what happened to each decision and whom to tell, in order: the source of
-- notifications and webhooks. Append-only like the history.

CREATE TABLE decision_versions (
    decision_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    version BIGINT NOT NULL
);

CREATE TABLE decision_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    decision_id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT,
    at_ms BIGINT NOT NULL,
    notify TEXT NOT NULL
);
CREATE INDEX decision_events_decision ON decision_events (decision_id, seq);
CREATE INDEX decisions_status ON decisions (status);
CREATE INDEX history_entity_seq ON history (entity, seq);
