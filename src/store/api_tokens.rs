//! Personal API tokens: stored as SHA-256 hashes, listed to their owner, revoked by them.

use chrono::{DateTime, Utc};

use super::{Db, StoreError, StoreResult, now};
use crate::domain::api_tokens::{ApiToken, Scope};
use crate::domain::audit::{Actor, NewAuditEntry, action};

/// Stores a new token (its hash) for `user`; returns its id.
pub async fn create(
    db: &Db,
    user: i64,
    name: &str,
    token_hash: &str,
    scopes: &[Scope],
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    Ok(transaction!(db, |tx| {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user)
        .bind(name)
        .bind(token_hash)
        .bind(Scope::join(scopes))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        audit!(
            tx,
            NewAuditEntry {
                actor,
                action: action::API_TOKEN_CREATED,
                object: format!("api_token:{id}"),
                summary: format!("{name} ({})", Scope::join(scopes)),
            },
            at
        );
        id
    }))
}

type Row = (i64, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// The person's tokens that still work, newest first.
pub async fn list(db: &Db, user: i64) -> StoreResult<Vec<ApiToken>> {
    let rows: Vec<Row> = read!(db, |pool| {
        sqlx::query_as(
            "SELECT id, name, scopes, created_at, last_used_at FROM api_tokens \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
        )
        .bind(user)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, name, scopes, created_at, last_used_at)| ApiToken {
            id,
            name,
            scopes: Scope::parse_list(&scopes),
            created_at,
            last_used_at,
        })
        .collect())
}

/// Revokes one of the person's own tokens (`NotFound` for anyone else's or a revoked one).
pub async fn revoke(db: &Db, user: i64, id: i64, actor: &Actor) -> StoreResult<()> {
    let at = now();
    transaction!(db, |tx| {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 \
             AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(id)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit!(
            tx,
            NewAuditEntry {
                actor,
                action: action::API_TOKEN_REVOKED,
                object: format!("api_token:{id}"),
                summary: String::new(),
            },
            at
        );
    });
    Ok(())
}

/// The owner and scopes of a working token (its owner's account enabled), noting the use.
pub async fn authenticate(db: &Db, token_hash: &str) -> StoreResult<Option<(i64, Vec<Scope>)>> {
    let at = now();
    let found: Option<(i64, String)> = transaction!(db, |tx| {
        let found: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT t.id, t.user_id, t.scopes FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, _, _)) = &found {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        found.map(|(_, user, scopes)| (user, scopes))
    });
    Ok(found.map(|(user, scopes)| (user, Scope::parse_list(&scopes))))
}
