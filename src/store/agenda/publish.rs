//! Publishing an agenda: a frozen version, the recipients of the invitation, and the versions
//! published so far.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ItemRow, agenda_locked};
use crate::domain::agenda::{AgendaAction, AgendaItem, PublishedAgenda, PublishedItem, snapshot};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::MeetingStatus;
use crate::domain::outbox::MailKind;
use crate::store::outbox::{self, Letter};
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::{Db, StoreError, StoreResult, now};

/// Someone to tell about a published agenda.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

/// What a published invitation says, for the notification and the e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationNote {
    pub title: String,
    pub body: String,
    pub link: String,
}

/// Freezes the agenda as a new published version and, in the same transaction, moves a
/// planned meeting to "invited" and puts the invitation into the inbox of every current
/// member, deputy and chair of the committee, and `mail` (the invitation's e-mail text, when
/// e-mail is on) into the outbox for each of them. Returns the version number and the
/// recipients.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn publish(
    db: &Db,
    meeting: i64,
    version: i64,
    note: &InvitationNote,
    mail: Option<&str>,
    actor: &Actor,
) -> StoreResult<(i64, Vec<Recipient>)> {
    let at = now();
    let today: NaiveDate = at.date_naive();
    let mut tx = db.begin().await?;
    let status = agenda_locked(&mut tx, meeting, version, AgendaAction::Publish).await?;
    let rows: Vec<ItemRow> = query_as(
        "SELECT id, topic_id, level, title, presenter, minutes, public, standard, late, \
             retabled, outcome FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id",
    )
    .bind(meeting)
    .fetch_all(&mut tx)
    .await?;
    let items: Vec<AgendaItem> = rows.into_iter().map(Into::into).collect();
    let frozen = serde_json::to_string(&snapshot(&items))
        .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
    let number: i32 = query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM agenda_versions WHERE meeting_id = $1",
    )
    .bind(meeting)
    .fetch_one(&mut tx)
    .await?;
    query(
        // The publisher by name, as everywhere else (the label is the address).
        "INSERT INTO agenda_versions (meeting_id, number, published_at, published_by, items) \
             VALUES ($1, $2, $3, COALESCE((SELECT display_name FROM users WHERE id = $6), $4), \
             $5)",
    )
    .bind(meeting)
    .bind(number)
    .bind(at)
    .bind(&actor.label)
    .bind(&frozen)
    .bind(actor.user_id)
    .execute(&mut tx)
    .await?;
    if status == MeetingStatus::Planned {
        query(
            "UPDATE meetings SET status = 'invited', sequence = sequence + 1, \
                 version = version + 1, updated_at = $1 WHERE id = $2",
        )
        .bind(at)
        .bind(meeting)
        .execute(&mut tx)
        .await?;
    }
    let recipients: Vec<Recipient> = query_as(
        "SELECT u.id, u.email, u.display_name FROM users u \
             JOIN meetings s ON s.id = $1 \
             WHERE u.disabled_at IS NULL AND (u.id IN (SELECT m.user_id FROM memberships m \
                 JOIN benches b ON b.id = m.bench_id WHERE b.committee_id = s.committee_id \
                 AND m.valid_from <= $2 AND (m.valid_until IS NULL OR m.valid_until >= $2)) \
               OR u.id IN (SELECT c.user_id FROM committee_chairs c \
                 WHERE c.committee_id = s.committee_id)) \
             ORDER BY u.id",
    )
    .bind(meeting)
    .bind(today)
    .fetch_all(&mut tx)
    .await?;
    for recipient in &recipients {
        query(
            "INSERT INTO notifications (user_id, at, title, body, link) \
                 VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(recipient.id)
        .bind(at)
        .bind(&note.title)
        .bind(&note.body)
        .bind(&note.link)
        .execute(&mut tx)
        .await?;
        if let Some(body) = mail {
            let letter = Letter {
                kind: MailKind::Notification,
                to: recipient.email.clone(),
                subject: note.title.clone(),
                body: body.to_owned(),
                link: Some(note.link.clone()),
            };
            outbox::enqueue(&mut tx, at, &letter).await?;
        }
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::AGENDA_PUBLISHED,
            object: format!("meeting:{meeting}"),
            summary: format!("version {number}, {} recipients", recipients.len()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((i64::from(number), recipients))
}

#[derive(sqlx::FromRow)]
pub(super) struct VersionRow {
    pub(super) number: i32,
    pub(super) published_at: DateTime<Utc>,
    pub(super) published_by: String,
    pub(super) items: String,
}

/// Published versions, newest first.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn versions(db: &Db, meeting: i64) -> StoreResult<Vec<PublishedAgenda>> {
    let rows: Vec<VersionRow> = query_as(
        "SELECT number, published_at, published_by, items FROM agenda_versions \
             WHERE meeting_id = $1 ORDER BY number DESC",
    )
    .bind(meeting)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PublishedAgenda {
            number: i64::from(row.number),
            published_at: row.published_at,
            published_local: crate::domain::recurrence::utc_to_berlin(row.published_at),
            published_by: row.published_by,
            items: serde_json::from_str::<Vec<PublishedItem>>(&row.items).unwrap_or_default(),
        })
        .collect())
}
