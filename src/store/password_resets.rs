//! SQL for password resets: a single-use link with an expiry.

use chrono::{DateTime, Utc};

use super::outbox::{self, Letter};
use super::sql::{query, query_scalar};
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};

/// Stores a reset link for an account and logs the request; `letter` (the link by e-mail) goes
/// into the outbox with it.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn create(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    letter: Option<&Letter>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    if let Some(letter) = letter {
        outbox::enqueue(&mut tx, at, letter).await?;
    }
    query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(at)
    .bind(expires_at)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::PASSWORD_RESET_REQUESTED,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Whether a reset link can still be used.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn is_valid(db: &Db, token_hash: &str) -> StoreResult<bool> {
    let found: Option<i64> = query_scalar(
        "SELECT r.id FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
               AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Uses a reset link: sets the new password and burns every open link of that account.
/// `NotFound` when the link is unknown, used or expired. The account's API tokens end with the
/// old password. Returns the account's id.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn consume(db: &Db, token_hash: &str, password_hash: &str) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let user_id: Option<i64> = query_scalar(
        "UPDATE password_resets SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
               AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) \
             RETURNING user_id",
    )
    .bind(token_hash)
    .bind(at)
    .fetch_optional(&mut tx)
    .await?;
    let Some(user_id) = user_id else {
        return Err(StoreError::NotFound);
    };
    query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .bind(at)
        .execute(&mut tx)
        .await?;
    query(
        "UPDATE users SET password_hash = $1, updated_at = $2, version = version + 1 \
             WHERE id = $3",
    )
    .bind(password_hash)
    .bind(at)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    // A token made with the old password must not outlive it.
    query(super::api_tokens::REVOKE_ALL)
        .bind(at)
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    let email: String = query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut tx)
        .await?;
    // Whoever holds the mailed link is the account's owner: earlier failures are forgiven.
    query("DELETE FROM login_failures WHERE email = $1")
        .bind(&email)
        .execute(&mut tx)
        .await?;
    let actor = Actor {
        user_id: Some(user_id),
        label: email,
        ip: None,
    };
    tx.audit(
        at,
        NewAuditEntry {
            actor: &actor,
            action: action::PASSWORD_RESET,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
