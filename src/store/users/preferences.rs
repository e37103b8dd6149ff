//! A person's settings: calendar token, notification preferences, the digest and publishing
//! consent.

use chrono::{DateTime, Utc};

use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::preferences::{DemandMail, Preferences};
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Db, StoreError, StoreResult, now};

/// Replaces a person's calendar-feed link: only the hash of the new token is stored, so the old
/// link stops working at once and the new one is shown only this time.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn reset_calendar_token(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done =
        query("UPDATE users SET calendar_token_hash = $1, calendar_token_at = $2 WHERE id = $3")
            .bind(token_hash)
            .bind(at)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::CALENDAR_LINK_RESET,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// When the person's current calendar link was made, if they have one.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn calendar_token_since(db: &Db, user_id: i64) -> StoreResult<Option<DateTime<Utc>>> {
    let since: Option<Option<DateTime<Utc>>> =
        query_scalar("SELECT calendar_token_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(since.flatten())
}

/// The (enabled) person a calendar-feed token belongs to.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn by_calendar_token(db: &Db, token_hash: &str) -> StoreResult<Option<i64>> {
    Ok(
        query_scalar("SELECT id FROM users WHERE calendar_token_hash = $1 AND disabled_at IS NULL")
            .bind(token_hash)
            .fetch_optional(db)
            .await?,
    )
}

/// The person's own settings with the version the form must send back.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn preferences(db: &Db, user_id: i64) -> StoreResult<Preferences> {
    let row: Option<(Stored<DemandMail>, bool, i64)> =
        query_as("SELECT demand_mail, publish_consent, version FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    let (mail, publish, version) = row.ok_or(StoreError::NotFound)?;
    Ok(Preferences {
        demand_mail: mail.0,
        publish,
        version,
    })
}

/// Saves the person's settings if nothing changed them since the form was shown (`Conflict`
/// otherwise, so a second tab's choice is not silently replaced). Choosing the daily digest
/// starts its window now: what came before was already mailed one by one.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn set_preferences(
    db: &Db,
    user_id: i64,
    preferences: &Preferences,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET demand_mail = $1, publish_consent = $2, updated_at = $3, \
             version = version + 1, digest_sent_at = CASE WHEN demand_mail <> 'daily' \
             AND $1 = 'daily' THEN $3 ELSE digest_sent_at END WHERE id = $4 AND version = $5",
    )
    .bind(preferences.demand_mail.as_str())
    .bind(preferences.publish)
    .bind(at)
    .bind(user_id)
    .bind(preferences.version)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict);
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::PREFERENCES_CHANGED,
            object: format!("user:{user_id}"),
            summary: format!(
                "demand_mail={} publish={}",
                preferences.demand_mail.as_str(),
                preferences.publish
            ),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Someone who asked for the daily digest of followed demands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestReader {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub last_sent: Option<DateTime<Utc>>,
}

/// Everyone (enabled) who gets the daily digest, with when their last one went out.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn digest_readers(db: &Db) -> StoreResult<Vec<DigestReader>> {
    let rows: Vec<(i64, String, String, Option<DateTime<Utc>>)> = query_as(
        "SELECT id, email, display_name, digest_sent_at FROM users \
             WHERE demand_mail = 'daily' AND disabled_at IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, email, display_name, last_sent)| DigestReader {
            user_id,
            email,
            display_name,
            last_sent,
        })
        .collect())
}

/// Marks the digest as sent at `at` and puts `letter` (the digest, if it has anything in it)
/// into the outbox — only if `last_sent` is still what the caller read, so two servers (or a
/// restart) never send the same digest twice. Whether this caller won.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn claim_digest(
    db: &Db,
    user_id: i64,
    last_sent: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
    letter: Option<&crate::store::outbox::Letter>,
) -> StoreResult<bool> {
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET digest_sent_at = $1 WHERE id = $2 \
             AND (digest_sent_at = $3 OR (digest_sent_at IS NULL AND $4))",
    )
    .bind(at)
    .bind(user_id)
    .bind(last_sent)
    .bind(last_sent.is_none())
    .execute(&mut tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    if let Some(letter) = letter {
        // Written now, whatever day the digest covers.
        crate::store::outbox::enqueue(&mut tx, crate::store::now(), letter).await?;
    }
    tx.commit().await?;

    Ok(true)
}

/// Everyone who agreed to their name being published (and is not disabled).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn consenting(db: &Db) -> StoreResult<std::collections::BTreeSet<i64>> {
    let ids: Vec<i64> = query_scalar(
        "SELECT id FROM users WHERE publish_consent = $1 AND disabled_at IS NULL ORDER BY id",
    )
    .bind(true)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().collect())
}
