-- Sign-in: accounts, browser sessions and API tokens. Times are unix milliseconds.
-- accounts: one per person who may sign in, with the permission role (admin, member or
-- observer) and an argon2id password hash (PHC string). failed_sign_ins counts failures since
-- the last success; locked_until is set when they reach the lockout threshold.
-- sessions and api_tokens keep only the SHA-256 (hex) of the secret the client holds, so a
-- copy of the database does not let anyone sign in. A session also holds its CSRF token.
-- api_tokens: scope is read or write; a token is usable while not revoked and not expired.

CREATE TABLE accounts (
    person_id TEXT NOT NULL PRIMARY KEY REFERENCES people (id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_sign_ins BIGINT NOT NULL,
    locked_until BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    secret_hash TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);
