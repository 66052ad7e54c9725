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

CREATE FUNCTION erasures_only_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.open = 1 AND NEW.open = 0 AND NEW.pseudonym = OLD.pseudonym
       AND NEW.at_ms = OLD.at_ms AND NEW.actor = OLD.actor THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'erasures are kept: an erasure can only be closed';
END;
$$;

CREATE TRIGGER erasures_only_close BEFORE UPDATE OR DELETE ON erasures
    FOR EACH ROW EXECUTE FUNCTION erasures_only_close();

CREATE TRIGGER erasures_no_truncate BEFORE TRUNCATE ON erasures
    FOR EACH STATEMENT EXECUTE FUNCTION erasures_only_close();

CREATE OR REPLACE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM erasures WHERE open = 1)
       AND NEW.seq = OLD.seq AND NEW.at_ms = OLD.at_ms AND NEW.entity = OLD.entity
       AND NEW.action = OLD.action AND NEW.decision_id IS NOT DISTINCT FROM OLD.decision_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'history is append-only: rows cannot be %d', lower(TG_OP);
END;
$$;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM erasures WHERE open = 1)
       AND NEW.seq = OLD.seq AND NEW.at_ms = OLD.at_ms AND NEW.action = OLD.action
       AND NEW.detail = OLD.detail THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: rows cannot be %d', lower(TG_OP);
END;
$$;
