-- Erasing a person (polylead_core::erasure): the one sanctioned exception to the append-only
-- history and audit log. An erasure runs in one transaction: it records itself here as open,
-- replaces the person's id and personal fields everywhere with a pseudonym, then closes its
-- row. While a row is open, which only that transaction can see, the triggers let history and
-- audit rows be rewritten, but never their position, time, kind, entity or decision, and
-- never deleted. Times are unix milliseconds; actor is the admin who erased.

CREATE TABLE erasures (
    pseudonym TEXT NOT NULL PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    actor TEXT NOT NULL,
    open BIGINT NOT NULL CHECK (open IN (0, 1))
);

CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
BEGIN
    SELECT RAISE(ABORT, 'erasures are kept: rows cannot be deleted');
END;

CREATE TRIGGER erasures_only_close BEFORE UPDATE ON erasures
WHEN NOT (OLD.open = 1 AND NEW.open = 0 AND NEW.pseudonym = OLD.pseudonym AND NEW.at_ms = OLD.at_ms
          AND NEW.actor = OLD.actor)
BEGIN
    SELECT RAISE(ABORT, 'an erasure can only be closed');
END;

DROP TRIGGER history_no_update;
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE open = 1)
    OR NEW.seq IS NOT OLD.seq OR NEW.at_ms IS NOT OLD.at_ms OR NEW.entity IS NOT OLD.entity
    OR NEW.action IS NOT OLD.action OR NEW.decision_id IS NOT OLD.decision_id
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE open = 1)
    OR NEW.seq IS NOT OLD.seq OR NEW.at_ms IS NOT OLD.at_ms OR NEW.action IS NOT OLD.action
    OR NEW.detail IS NOT OLD.detail
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be updated');
END;
