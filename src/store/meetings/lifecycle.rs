//! Changing one meeting: rescheduling, cancelling, format and place, status.

use chrono::{DateTime, Utc};

use super::search_text;
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::{self, MeetingAction, MeetingFormat, MeetingStatus};
use crate::store::agenda::retable;
use crate::store::sql::{Tx, query, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Db, StoreError, StoreResult, now};

/// The status of a meeting if it is at `version`: `Conflict` when someone changed it since,
/// `NotFound` when it does not exist.
pub(super) async fn locked_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
) -> StoreResult<MeetingStatus> {
    let row: Option<(Stored<MeetingStatus>, i64)> =
        query_as("SELECT status, version FROM meetings WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((_, current)) if current != version => return Err(StoreError::Conflict),
        Some((status, _)) => status.0,
    })
}

/// Moves a meeting to a new date and time. The first original start is kept in `moved_from`;
/// the meeting leaves its series' control so later series changes do not move it back.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn reschedule(
    db: &Db,
    id: i64,
    version: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    deadline_at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Reschedule).map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE meetings SET moved_from = COALESCE(moved_from, starts_at), starts_at = $1, \
             ends_at = $2, deadline_at = $3, detached = TRUE, sequence = sequence + 1, \
             version = version + 1, updated_at = $4 WHERE id = $5",
    )
    .bind(starts_at)
    .bind(ends_at)
    .bind(deadline_at)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_MOVED,
            object: format!("meeting:{id}"),
            summary: starts_at.to_rfc3339(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Cancels a meeting that has not begun; the reason is shown on its page and in calendars.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn cancel(
    db: &Db,
    id: i64,
    version: i64,
    reason: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Cancel).map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE meetings SET status = 'cancelled', cancel_reason = $1, detached = TRUE, \
             sequence = sequence + 1, version = version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    retable(&mut tx, id, actor, at).await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_CANCELLED,
            object: format!("meeting:{id}"),
            summary: reason.to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Changes format, video link and place of one meeting.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn update_place(
    db: &Db,
    id: i64,
    version: i64,
    format: MeetingFormat,
    video_url: Option<&str>,
    location: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::ChangePlace).map_err(StoreError::MeetingRefused)?;
    let title: String = query_scalar("SELECT title FROM meetings WHERE id = $1")
        .bind(id)
        .fetch_one(&mut tx)
        .await?;
    query(
        "UPDATE meetings SET format = $1, video_url = $2, location = $3, search_text = $4, \
             detached = TRUE, sequence = sequence + 1, version = version + 1, updated_at = $5 \
             WHERE id = $6",
    )
    .bind(format.as_str())
    .bind(video_url)
    .bind(location)
    .bind(search_text(&title, location))
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_CHANGED,
            object: format!("meeting:{id}"),
            summary: format!(
                "{} {} {}",
                format.as_str(),
                location.unwrap_or_default(),
                video_url.unwrap_or_default()
            ),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Moves a meeting along its status path (planned → invited → … ; see `MeetingStatus::next`).
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn set_status(
    db: &Db,
    id: i64,
    version: i64,
    next: MeetingStatus,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Advance(next))
        .map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE meetings SET status = $1, sequence = sequence + 1, version = version + 1, \
             updated_at = $2 WHERE id = $3",
    )
    .bind(next.as_str())
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    if next == MeetingStatus::Held {
        retable(&mut tx, id, actor, at).await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_STATUS,
            object: format!("meeting:{id}"),
            summary: format!("{} → {}", status.as_str(), next.as_str()),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
