//! Signing in: the login record, failed attempts per address and their lock.

use chrono::{DateTime, Utc};

use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::{Db, StoreResult, now};

/// What sign-in needs to know about an address.
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
    pub disabled: bool,
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn login_record(db: &Db, email: &str) -> StoreResult<Option<LoginRecord>> {
    let row: Option<(i64, String, Option<DateTime<Utc>>)> =
        query_as("SELECT id, password_hash, disabled_at FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, password_hash, disabled_at)| LoginRecord {
        id,
        password_hash,
        disabled: disabled_at.is_some(),
    }))
}

/// Failed sign-ins in a row for an address, and when the last one was.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn login_failures(
    db: &Db,
    email: &str,
    client: &str,
) -> StoreResult<(u32, Option<DateTime<Utc>>)> {
    let row: Option<(i64, DateTime<Utc>)> = query_as(
        "SELECT failures, last_failure_at FROM login_failures WHERE email = $1 AND client = $2",
    )
    .bind(email)
    .bind(client)
    .fetch_optional(db)
    .await?;
    // Failures older than the window are forgotten: the count starts afresh.
    Ok(match row {
        Some((n, at)) if at > now() - FAILURE_WINDOW => {
            (u32::try_from(n).unwrap_or(u32::MAX), Some(at))
        }
        _ => (0, None),
    })
}

/// How long failed sign-ins are remembered (as long as the longest delay).
pub(super) const FAILURE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// Counts a failed sign-in (also for unknown addresses) and logs it; returns the new count.
/// `throttled` marks an attempt refused because it came too soon after the previous failure.
#[tracing::instrument(level = "debug", skip_all, fields(throttled = ?throttled), err(level = "debug"))]
pub async fn record_login_failure(
    db: &Db,
    email: &str,
    client: &str,
    throttled: bool,
    actor: &Actor,
) -> StoreResult<u32> {
    let at = now();
    let mut tx = db.begin().await?;
    let failures: i64 = if throttled {
        query_scalar("SELECT failures FROM login_failures WHERE email = $1 AND client = $2")
            .bind(email)
            .bind(client)
            .fetch_optional(&mut tx)
            .await?
            .unwrap_or(0)
    } else {
        query_scalar(
            "INSERT INTO login_failures (email, client, failures, last_failure_at) \
                 VALUES ($1, $2, 1, $3) ON CONFLICT (email, client) DO UPDATE \
                 SET failures = CASE WHEN login_failures.last_failure_at < $4 THEN 1 \
                   ELSE login_failures.failures + 1 END, \
                 last_failure_at = excluded.last_failure_at \
                 RETURNING failures",
        )
        .bind(email)
        .bind(client)
        .bind(at)
        .bind(at - FAILURE_WINDOW)
        .fetch_one(&mut tx)
        .await?
    };
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: if throttled {
                action::LOGIN_THROTTLED
            } else {
                action::LOGIN_FAILED
            },
            object: format!("login:{email}"),
            summary: format!("{failures} failed in a row"),
        },
    )
    .await?;
    let failures: i64 = failures;
    tx.commit().await?;

    Ok(u32::try_from(failures).unwrap_or(u32::MAX))
}

/// A successful sign-in: the failure count of this client address starts over.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn record_login_success(
    db: &Db,
    user_id: i64,
    email: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    // Only this client's failures: someone else's guesses elsewhere keep their delay.
    query("DELETE FROM login_failures WHERE email = $1 AND client = $2")
        .bind(email)
        .bind(actor.ip.as_deref().unwrap_or_default())
        .execute(&mut tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::LOGIN_SUCCEEDED,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
