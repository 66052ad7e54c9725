-- Password-reset links issued by an admin: single use (used_at), expiring. Only the SHA-256
-- (hex) of the link's secret is kept. Times are unix milliseconds.

CREATE TABLE password_resets (
    secret_hash TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
    issued_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_person ON password_resets (person_id);
