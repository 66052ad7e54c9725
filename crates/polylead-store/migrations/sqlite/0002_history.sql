-- The append-only record of changes, and the organisation's settings.
-- history.decision_id names the decision that caused a change; it has no foreign key so
-- that the history outlives the rows it talks about.

CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms BIGINT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
    before_json TEXT,
    after_json TEXT,
    decision_id TEXT
);
CREATE INDEX history_entity_key ON history (entity, key);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted');
END;

CREATE TABLE settings (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
