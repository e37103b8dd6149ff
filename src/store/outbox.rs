//! SQL for the outbox: e-mail written in the transaction of the change that causes it, claimed by
//! one worker at a time, and kept with its reason when it cannot be delivered.
//!
//! A claim is a lease (`claimed_until`): a worker that dies while sending leaves the message to
//! be claimed again once the lease has run out. On PostgreSQL claims skip rows another worker
//! holds (`FOR UPDATE SKIP LOCKED`), on SQLite the single writer makes each claim exclusive,
//! so any number of server processes send each message once.

use chrono::{DateTime, Duration, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Backend, Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::outbox::{Delivery, MAX_AGE, MailKind, Undelivered};
use crate::domain::page::{Page, PageRequest};

/// One message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// A path on this site, written below the body as a full address when the message is sent.
    pub link: Option<String>,
}

/// A message a worker has claimed and now sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    /// Including this one.
    pub attempts: i32,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    kind: Stored<MailKind>,
    recipient: String,
    subject: String,
    body: String,
    link: Option<String>,
    attempts: i32,
}

#[derive(sqlx::FromRow)]
struct UndeliveredRow {
    id: i64,
    kind: Stored<MailKind>,
    recipient: String,
    subject: String,
    created_at: DateTime<Utc>,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    failed_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

/// Puts a message into the outbox, inside the caller's transaction: it is sent if and only if
/// the change that caused it is committed.
pub async fn enqueue(tx: &mut Tx, at: DateTime<Utc>, letter: &Letter) -> StoreResult<()> {
    query(
        "INSERT INTO outbox (kind, recipient, subject, body, link, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(letter.kind.as_str())
    .bind(&letter.to)
    .bind(&letter.subject)
    .bind(&letter.body)
    .bind(&letter.link)
    .bind(at)
    .execute(tx)
    .await?;
    Ok(())
}

/// Claims up to `limit` messages that are due at `at`, for `lease`; each claim counts as an
/// attempt. Messages older than [`MAX_AGE`] are given up instead of claimed.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn claim(
    db: &Db,
    at: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> StoreResult<Vec<Claimed>> {
    let mut tx = db.begin().await?;
    query(
        "UPDATE outbox SET failed_at = $1, \
             last_error = COALESCE(last_error || ' – ', '') || $2 \
         WHERE sent_at IS NULL AND failed_at IS NULL AND created_at < $3",
    )
    .bind(at)
    .bind("nicht mehr gesendet: älter als zwei Tage")
    .bind(at - MAX_AGE)
    .execute(&mut tx)
    .await?;
    let skip_locked = match tx.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let rows: Vec<ClaimRow> = query_as(format!(
        "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
               AND (claimed_until IS NULL OR claimed_until <= $1) \
             ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
         RETURNING id, kind, recipient, subject, body, link, attempts"
    ))
    .bind(at)
    .bind(at + lease)
    .bind(limit)
    .fetch_all(&mut tx)
    .await?;
    tx.commit().await?;
    let mut claimed: Vec<Claimed> = rows
        .into_iter()
        .map(|row| Claimed {
            id: row.id,
            kind: row.kind.0,
            to: row.recipient,
            subject: row.subject,
            body: row.body,
            link: row.link,
            attempts: row.attempts,
        })
        .collect();
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// The message reached the mail server. Its text goes: it may hold a secret link, and the
/// database keeps only that it was sent, to whom and when.
#[tracing::instrument(level = "debug", skip_all, fields(id), err(level = "debug"))]
pub async fn delivered(db: &Db, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    query(
        "UPDATE outbox SET sent_at = $2, claimed_until = NULL, body = '', last_error = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(at)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The attempt failed: tried again at `retry_at`, or given up (`None`), keeping the reason.
#[tracing::instrument(level = "debug", skip_all, fields(id), err(level = "debug"))]
pub async fn not_delivered(
    db: &Db,
    id: i64,
    at: DateTime<Utc>,
    reason: &str,
    retry_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    // Tried again later, or given up now: either way the claim ends and the reason is kept.
    let (column, when) = match retry_at {
        Some(retry_at) => ("next_attempt_at", retry_at),
        None => ("failed_at", at),
    };
    let mut tx = db.begin().await?;
    query(format!(
        "UPDATE outbox SET {column} = $2, claimed_until = NULL, last_error = $3 \
         WHERE id = $1 AND sent_at IS NULL"
    ))
    .bind(id)
    .bind(when)
    .bind(reason)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// When the next message falls due, if any waits (the worker sleeps until then).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn next_due(db: &Db) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(query_scalar(
        "SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(db)
    .await?)
}

/// Messages that failed at least once and were not delivered since, newest first.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn undelivered(db: &Db, page: PageRequest) -> StoreResult<Page<Undelivered>> {
    const WHERE: &str = "sent_at IS NULL AND (failed_at IS NOT NULL OR attempts > 0)";
    let total: i64 = query_scalar(format!("SELECT COUNT(*) FROM outbox WHERE {WHERE}"))
        .fetch_one(db)
        .await?;
    let rows: Vec<UndeliveredRow> = query_as(format!(
        "SELECT id, kind, recipient, subject, created_at, attempts, next_attempt_at, failed_at, \
         last_error FROM outbox WHERE {WHERE} ORDER BY id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| Undelivered {
            id: row.id,
            kind: row.kind.0,
            recipient: row.recipient,
            subject: row.subject,
            created_at: row.created_at,
            attempts: row.attempts,
            delivery: if row.failed_at.is_some() {
                Delivery::Failed
            } else {
                Delivery::Retrying
            },
            at: row.failed_at.unwrap_or(row.next_attempt_at),
            reason: row.last_error.unwrap_or_default(),
        })
        .collect();
    Ok(Page::new(items, u64::try_from(total).unwrap_or(0), page))
}

/// How many messages wait to be sent (not yet delivered, not given up).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn waiting(db: &Db) -> StoreResult<i64> {
    Ok(
        query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            .fetch_one(db)
            .await?,
    )
}

/// Drops every message not yet sent (the demo content's own, on a database just seeded).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn discard_unsent(db: &Db) -> StoreResult<u64> {
    let mut tx = db.begin().await?;
    let done = query("DELETE FROM outbox WHERE sent_at IS NULL")
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// An admin sends a given-up message again: it gets a fresh set of attempts, due now, and
/// counts its age from now. `NotFound` unless the message exists and was given up.
#[tracing::instrument(level = "debug", skip_all, fields(id), err(level = "debug"))]
pub async fn send_again(db: &Db, id: i64, actor: &Actor) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let recipient: Option<String> = query_scalar(
        "UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = $2, \
             created_at = $2, claimed_until = NULL \
         WHERE id = $1 AND sent_at IS NULL AND failed_at IS NOT NULL RETURNING recipient",
    )
    .bind(id)
    .bind(at)
    .fetch_optional(&mut tx)
    .await?;
    let Some(recipient) = recipient else {
        return Err(StoreError::NotFound);
    };
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MAIL_RESENT,
            object: format!("mail:{id}"),
            summary: recipient,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
