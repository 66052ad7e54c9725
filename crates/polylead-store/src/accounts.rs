//! Sign-in: accounts (a person's permission role and password hash), browser sessions and
//! API tokens.
//!
//! Sessions and tokens are found by the SHA-256 of their secret, computed by the caller: the
//! store never sees a secret, so a copy of the database lets nobody sign in. Every function is
//! one statement (atomic on its own) or a read.

use jiff::Timestamp;
use polylead_core::account::{AccountRole, TokenScope};
use polylead_core::ids::PersonId;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Store, StoreError};

/// A person who may sign in.
#[derive(Clone, PartialEq, Debug)]
pub struct Account {
    pub person: PersonId,
    pub role: AccountRole,
    /// The argon2id PHC string; never sent anywhere.
    pub password_hash: String,
    /// Failed sign-ins since the last success.
    pub failed_sign_ins: u32,
    /// Sign-in is refused until then, after too many failures.
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// A signed-in browser: who, and the token its forms must carry.
#[derive(Clone, PartialEq, Debug)]
pub struct Session {
    pub person: PersonId,
    pub role: AccountRole,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// An API token as listed (never with its secret, which is shown once when created).
#[derive(Clone, PartialEq, Debug)]
pub struct ApiToken {
    /// Public id, for listing and revoking.
    pub id: String,
    pub person: PersonId,
    /// What the holder called it ("laptop CLI").
    pub name: String,
    pub scope: TokenScope,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A token presented with a request, found valid: whose it is and what it may do.
#[derive(Clone, PartialEq, Debug)]
pub struct TokenGrant {
    pub token_id: String,
    pub person: PersonId,
    pub role: AccountRole,
    pub scope: TokenScope,
}

/// How finely a token's last use is recorded.
const LAST_USE_RESOLUTION_MS: i64 = 60_000;

const ACCOUNT_COLUMNS: &str = "person_id, role, password_hash, failed_sign_ins, locked_until, created_at";
const TOKEN_COLUMNS: &str = "id, person_id, name, scope, created_at, expires_at, last_used_at, revoked_at";

impl Store {
    /// Creates the account of `person`; [`StoreError::Conflict`] if there is one already,
    /// [`StoreError::Invalid`] if the person does not exist.
    pub async fn add_account(
        &self,
        person: &PersonId,
        role: AccountRole,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO accounts (person_id, role, password_hash, failed_sign_ins, created_at) \
             VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(person.as_str())
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now.as_millisecond())
        .execute(&self.writer)
        .await
        .map_err(crate::error::on_write("account"))?;
        Ok(())
    }

    /// Creates an account with `password_hash` and the given role for every person in
    /// `people` who has none; returns how many it created.
    pub async fn add_missing_accounts(
        &self,
        people: &[(PersonId, AccountRole)],
        password_hash: &str,
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let mut created = 0;
        for (person, role) in people {
            let done = sqlx::query(
                "INSERT INTO accounts (person_id, role, password_hash, failed_sign_ins, created_at) \
                 VALUES ($1, $2, $3, 0, $4) ON CONFLICT (person_id) DO NOTHING",
            )
            .bind(person.as_str())
            .bind(role.as_str())
            .bind(password_hash)
            .bind(now.as_millisecond())
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(crate::error::on_write("account")(e)))?;
            created += done.rows_affected();
        }
        tx.commit().await?;
        Ok(created)
    }

    /// The account of `person`, if any.
    pub async fn account(&self, person: &PersonId) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE person_id = $1");
        let row = sqlx::query(AssertSqlSafe(sql)).bind(person.as_str()).fetch_optional(&self.writer).await?;
        row.as_ref().map(decode_account).transpose()
    }

    /// The person whose e-mail address is `email` (ignoring case), if exactly one has it.
    pub async fn person_with_email(&self, email: &str) -> Result<Option<PersonId>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM people WHERE LOWER(email) = LOWER($1) LIMIT 2")
            .bind(email.trim())
            .fetch_all(&self.reader)
            .await?;
        match ids.as_slice() {
            [id] => {
                Ok(Some(PersonId::parse(id).map_err(|e| StoreError::Corrupt(format!("stored person id {id:?}: {e}")))?))
            }
            _ => Ok(None),
        }
    }

    /// Every account, by person id.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY person_id");
        let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&self.reader).await?;
        rows.iter().map(decode_account).collect()
    }

    /// Sets the role of `person`'s account.
    pub async fn set_account_role(&self, person: &PersonId, role: AccountRole) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE accounts SET role = $1 WHERE person_id = $2")
            .bind(role.as_str())
            .bind(person.as_str())
            .execute(&self.writer)
            .await?;
        found(done.rows_affected(), person)
    }

    /// Replaces the password of `person`, clears failures and lockout, and signs out every
    /// session of theirs.
    pub async fn set_password(&self, person: &PersonId, password_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE accounts SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL WHERE person_id = $2",
        )
        .bind(password_hash)
        .bind(person.as_str())
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person.as_str())
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(e))?;
        found(done.rows_affected(), person)?;
        tx.commit().await
    }

    /// Counts a failed sign-in of `person`; at `threshold` failures the account is locked
    /// until `lock_until` (and the count starts again).
    pub async fn record_failed_sign_in(
        &self,
        person: &PersonId,
        threshold: u32,
        lock_until: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE accounts SET \
               locked_until = CASE WHEN failed_sign_ins + 1 >= $1 THEN $2 ELSE locked_until END, \
               failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $1 THEN 0 ELSE failed_sign_ins + 1 END \
             WHERE person_id = $3",
        )
        .bind(i64::from(threshold))
        .bind(lock_until.as_millisecond())
        .bind(person.as_str())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Clears the failure count of `person` after a successful sign-in.
    pub async fn record_sign_in(&self, person: &PersonId) -> Result<(), StoreError> {
        sqlx::query("UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE person_id = $1")
            .bind(person.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Stores a password-reset link for `person`, issued by `issued_by` (an admin's id, or `cli`).
    pub async fn add_password_reset(
        &self,
        secret_hash: &str,
        person: &PersonId,
        issued_by: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO password_resets (secret_hash, person_id, issued_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secret_hash)
        .bind(person.as_str())
        .bind(issued_by)
        .bind(now.as_millisecond())
        .bind(expires_at.as_millisecond())
        .execute(&self.writer)
        .await
        .map_err(crate::error::on_write("password reset"))?;
        Ok(())
    }

    /// The person a reset link is for, if it is unused and unexpired at `now`.
    pub async fn password_reset(&self, secret_hash: &str, now: Timestamp) -> Result<Option<PersonId>, StoreError> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT person_id FROM password_resets WHERE secret_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(secret_hash)
        .bind(now.as_millisecond())
        .fetch_optional(&self.writer)
        .await?;
        id.map(|id| PersonId::parse(&id).map_err(|e| StoreError::Corrupt(format!("stored person id {id:?}: {e}"))))
            .transpose()
    }

    /// Uses a reset link: in one transaction marks it used (only if unused and unexpired at
    /// `now`), sets the new password, clears failures and lockout, and ends every session of
    /// the person. Returns the person, or `None` when the link was not usable.
    pub async fn reset_password(
        &self,
        secret_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Option<PersonId>, StoreError> {
        let mut tx = self.begin().await?;
        let id: Option<String> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 \
             WHERE secret_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING person_id",
        )
        .bind(now.as_millisecond())
        .bind(secret_hash)
        .fetch_optional(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
        let Some(id) = id else { return Ok(None) };
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL WHERE person_id = $2",
        )
        .bind(password_hash)
        .bind(id.as_str())
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| tx.fail(e))?;
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(id.as_str())
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| tx.fail(e))?;
        tx.commit().await?;
        Ok(Some(PersonId::parse(&id).map_err(|e| StoreError::Corrupt(format!("stored person id {id:?}: {e}")))?))
    }

    /// Stores a new session of `person`.
    pub async fn add_session(
        &self,
        secret_hash: &str,
        person: &PersonId,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (secret_hash, person_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secret_hash)
        .bind(person.as_str())
        .bind(csrf_token)
        .bind(now.as_millisecond())
        .bind(expires_at.as_millisecond())
        .execute(&self.writer)
        .await
        .map_err(crate::error::on_write("session"))?;
        Ok(())
    }

    /// The session whose secret hashes to `secret_hash`, if it has not expired at `now`.
    pub async fn session(&self, secret_hash: &str, now: Timestamp) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT s.person_id, a.role, s.csrf_token, s.expires_at \
             FROM sessions s JOIN accounts a ON a.person_id = s.person_id \
             WHERE s.secret_hash = $1 AND s.expires_at > $2",
        )
        .bind(secret_hash)
        .bind(now.as_millisecond())
        .fetch_optional(&self.writer)
        .await?;
        row.map(|row| {
            Ok(Session {
                person: person(&row)?,
                role: parse(&row, "role")?,
                csrf_token: row.try_get("csrf_token")?,
                expires_at: instant(row.try_get("expires_at")?)?,
            })
        })
        .transpose()
    }

    /// Ends the session whose secret hashes to `secret_hash` (nothing if there is none), and
    /// removes sessions that expired before `now`.
    pub async fn end_session(&self, secret_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE secret_hash = $1 OR expires_at <= $2")
            .bind(secret_hash)
            .bind(now.as_millisecond())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Stores a new API token; its secret's hash is `secret_hash`.
    pub async fn add_token(&self, token: &ApiToken, secret_hash: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, person_id, name, secret_hash, scope, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token.id.as_str())
        .bind(token.person.as_str())
        .bind(token.name.as_str())
        .bind(secret_hash)
        .bind(token.scope.as_str())
        .bind(token.created_at.as_millisecond())
        .bind(token.expires_at.as_millisecond())
        .execute(&self.writer)
        .await
        .map_err(crate::error::on_write("token"))?;
        Ok(())
    }

    /// The token whose secret hashes to `secret_hash`, if it is neither revoked nor expired at
    /// `now`. Its last use is recorded when the one recorded is over a minute old: writing it
    /// on every request made every API call a write, queued on the token's row.
    pub async fn use_token(&self, secret_hash: &str, now: Timestamp) -> Result<Option<TokenGrant>, StoreError> {
        let row = sqlx::query(
            "SELECT t.id, t.person_id, t.scope, t.last_used_at, a.role FROM api_tokens t \
             JOIN accounts a ON a.person_id = t.person_id \
             WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2",
        )
        .bind(secret_hash)
        .bind(now.as_millisecond())
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let grant = TokenGrant {
            token_id: row.try_get("id")?,
            person: person(&row)?,
            role: parse(&row, "role")?,
            scope: parse(&row, "scope")?,
        };
        let last_used: Option<i64> = row.try_get("last_used_at")?;
        if last_used.is_none_or(|at| now.as_millisecond() - at >= LAST_USE_RESOLUTION_MS) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.as_millisecond())
                .bind(grant.token_id.as_str())
                .execute(&self.writer)
                .await?;
        }
        Ok(Some(grant))
    }

    /// The tokens of `person`, newest first (revoked and expired ones included).
    pub async fn tokens(&self, person: &PersonId) -> Result<Vec<ApiToken>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE person_id = $1 ORDER BY created_at DESC, id");
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(person.as_str()).fetch_all(&self.reader).await?;
        rows.iter().map(decode_token).collect()
    }

    /// The token `id`.
    pub async fn token(&self, id: &str) -> Result<ApiToken, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(&self.writer).await?;
        match row {
            Some(row) => decode_token(&row),
            None => Err(StoreError::NotFound { entity: "token", key: id.to_owned() }),
        }
    }

    /// The token whose secret has the SHA-256 `secret_hash`, whatever its state (to say whose
    /// revoked or expired token was used).
    pub async fn token_with_secret(&self, secret_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE secret_hash = $1");
        let row = sqlx::query(AssertSqlSafe(sql)).bind(secret_hash).fetch_optional(&self.reader).await?;
        row.as_ref().map(decode_token).transpose()
    }

    /// Revokes token `id` at `now` (a revoked token stays revoked at its first time).
    pub async fn revoke_token(&self, id: &str, now: Timestamp) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
            .bind(now.as_millisecond())
            .bind(id)
            .execute(&self.writer)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { entity: "token", key: id.to_owned() });
        }
        Ok(())
    }
}

fn found(rows: u64, person: &PersonId) -> Result<(), StoreError> {
    if rows == 0 {
        return Err(StoreError::NotFound { entity: "account", key: person.to_string() });
    }
    Ok(())
}

fn decode_account(row: &AnyRow) -> Result<Account, StoreError> {
    let failed: i64 = row.try_get("failed_sign_ins")?;
    Ok(Account {
        person: person(row)?,
        role: parse(row, "role")?,
        password_hash: row.try_get("password_hash")?,
        failed_sign_ins: u32::try_from(failed).unwrap_or(u32::MAX),
        locked_until: row.try_get::<Option<i64>, _>("locked_until")?.map(instant).transpose()?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

fn decode_token(row: &AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        person: person(row)?,
        name: row.try_get("name")?,
        scope: parse(row, "scope")?,
        created_at: instant(row.try_get("created_at")?)?,
        expires_at: instant(row.try_get("expires_at")?)?,
        last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(instant).transpose()?,
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(instant).transpose()?,
    })
}

fn person(row: &AnyRow) -> Result<PersonId, StoreError> {
    let id: String = row.try_get("person_id")?;
    PersonId::parse(&id).map_err(|e| StoreError::Corrupt(format!("stored person id {id:?}: {e}")))
}

fn parse<T: std::str::FromStr<Err = polylead_core::ValidationError>>(
    row: &AnyRow,
    column: &str,
) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse().map_err(|e| StoreError::Corrupt(format!("stored {column} {text:?}: {e}")))
}

fn instant(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt(format!("stored time {ms}: {e}")))
}
