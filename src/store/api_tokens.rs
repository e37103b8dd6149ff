//! Personal API tokens: stored as SHA-256 hashes, listed to their owner, revoked by them or by
//! a change of their password, and ended by their expiry.

use chrono::{DateTime, Utc};

use super::sql::{query, query_as, query_scalar};
use super::{Db, StoreError, StoreResult, now};
use crate::domain::api_tokens::{ApiToken, NewToken, Scope};
use crate::domain::audit::{Actor, NewAuditEntry, action};

/// Ends every working token of a person; run in the transaction that changes their password.
pub(super) const REVOKE_ALL: &str =
    "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";

/// Stores a new token (its hash) for `user`; returns its id.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user), err(level = "debug"))]
pub async fn create(
    db: &Db,
    user: i64,
    token: &NewToken,
    token_hash: &str,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let NewToken {
        name,
        scopes,
        lifetime,
    } = token;
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user)
    .bind(name)
    .bind(token_hash)
    .bind(Scope::join(scopes))
    .bind(at)
    .bind(lifetime.expires(at))
    .fetch_one(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::API_TOKEN_CREATED,
            object: format!("api_token:{id}"),
            summary: format!("{name} ({})", Scope::join(scopes)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

type Row = (
    i64,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// The person's tokens not revoked, newest first (expired ones too, marked by `expires_at`).
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user), err(level = "debug"))]
pub async fn list(db: &Db, user: i64) -> StoreResult<Vec<ApiToken>> {
    let rows: Vec<Row> = query_as(
        "SELECT id, name, scopes, created_at, last_used_at, expires_at FROM api_tokens \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(user)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, scopes, created_at, last_used_at, expires_at)| ApiToken {
                id,
                name,
                scopes: Scope::parse_list(&scopes),
                created_at,
                last_used_at,
                expires_at,
            },
        )
        .collect())
}

/// Revokes one of the person's own tokens (`NotFound` for anyone else's or a revoked one).
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user, id = ?id), err(level = "debug"))]
pub async fn revoke(db: &Db, user: i64, id: i64, actor: &Actor) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 \
             AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .bind(user)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::API_TOKEN_REVOKED,
            object: format!("api_token:{id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// A working token, as `authenticate` finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authenticated {
    pub id: i64,
    pub user_id: i64,
    pub scopes: Vec<Scope>,
    /// The last use is older than a minute: the caller should `note_use` it, outside the
    /// request.
    pub stale: bool,
}

/// A working token (not revoked, not expired, its owner's account enabled). Only reads:
/// checking a token never waits for SQLite's one writer.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn authenticate(db: &Db, token_hash: &str) -> StoreResult<Option<Authenticated>> {
    type Row = (i64, i64, String, Option<DateTime<Utc>>);
    let found: Option<Row> = query_as(
        "SELECT t.id, t.user_id, t.scopes, t.last_used_at FROM api_tokens t \
             JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL \
               AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(db)
    .await?;
    let stale = |last: Option<DateTime<Utc>>| last.is_none_or(|l| now() - l >= USE_NOTED_EVERY);
    Ok(found.map(|(id, user_id, scopes, last)| Authenticated {
        id,
        user_id,
        scopes: Scope::parse_list(&scopes),
        stale: stale(last),
    }))
}

/// How often a token's `last_used_at` is written at most.
pub const USE_NOTED_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// Notes that a token was used now.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn note_use(db: &Db, id: i64) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;

    Ok(())
}
