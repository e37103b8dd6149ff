//! SQL for live mode: the item under discussion, the time booked per item, notes, and ending the
//! meeting. Every change names `meetings.live_version`, so of two chairs driving at once one
//! wins and the other is told (`Conflict`) instead of the state jumping under them.

use chrono::{DateTime, Utc};

use super::agenda::retable;
use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::agenda::{Outcome, numbers};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::MeetingStatus;
use crate::domain::live::{LiveItem, LiveState, elapsed};
use crate::domain::minutes::{MinutesState, may_edit};

type ItemRow = (
    i64,
    i32,
    String,
    Option<String>,
    i32,
    bool,
    String,
    i32,
    Option<Stored<Outcome>>,
);

/// status, live_item_id, live_since, live_version of a meeting.
type Head = (
    Stored<MeetingStatus>,
    Option<i64>,
    Option<DateTime<Utc>>,
    i64,
);

/// The live state as of now.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn state(db: &Db, meeting: i64) -> StoreResult<LiveState> {
    let at = now();
    let (head, rows): (Option<Head>, Vec<ItemRow>) = {
        let head = query_as(
            "SELECT status, live_item_id, live_since, live_version FROM meetings WHERE id = $1",
        )
        .bind(meeting)
        .fetch_optional(db)
        .await?;
        let rows = query_as(
            "SELECT id, level, title, presenter, minutes, public, notes, spent_seconds, \
                 outcome FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id",
        )
        .bind(meeting)
        .fetch_all(db)
        .await?;
        (head, rows)
    };
    let (status, current, since, version) = head.ok_or(StoreError::NotFound)?;
    let levels: Vec<u8> = rows
        .iter()
        .map(|r| u8::try_from(r.1).unwrap_or(0))
        .collect();
    let items = rows
        .into_iter()
        .zip(numbers(&levels))
        .map(
            |((id, _, title, presenter, minutes, public, notes, spent, outcome), number)| {
                let running = if current == Some(id) { since } else { None };
                LiveItem {
                    id,
                    number,
                    title,
                    presenter,
                    minutes: u32::try_from(minutes).unwrap_or(0),
                    public,
                    notes,
                    elapsed: elapsed(i64::from(spent), running, at),
                    outcome: outcome.map(|o| o.0),
                }
            },
        )
        .collect();
    Ok(LiveState {
        meeting_id: meeting,
        status: status.0,
        current,
        since,
        version,
        items,
    })
}

/// Checks the live version inside the transaction and books the running stretch onto the
/// current item, marking it dealt with. Yields the meeting's status.
async fn leave_current(
    tx: &mut Tx,
    meeting: i64,
    expected: i64,
    at: DateTime<Utc>,
) -> StoreResult<MeetingStatus> {
    let row: Option<Head> = query_as(
        "SELECT status, live_item_id, live_since, live_version FROM meetings WHERE id = $1",
    )
    .bind(meeting)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, current, since, version) = row.ok_or(StoreError::NotFound)?;
    if version != expected {
        return Err(StoreError::Conflict);
    }
    let status = status.0;
    if !matches!(
        status,
        MeetingStatus::Planned | MeetingStatus::Invited | MeetingStatus::InProgress
    ) {
        return Err(StoreError::NotAllowed);
    }
    if let Some(current) = current {
        let seconds = i32::try_from(elapsed(0, since, at)).unwrap_or(i32::MAX);
        query(
            "UPDATE agenda_items SET spent_seconds = spent_seconds + $1, \
             outcome = COALESCE(outcome, 'handled') WHERE id = $2",
        )
        .bind(seconds)
        .bind(current)
        .execute(&mut *tx)
        .await?;
    }

    Ok(status)
}

/// Takes up `item` (the meeting begins with its first one). The item left is booked and
/// counted as dealt with.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, item),
    err(level = "debug")
)]
pub async fn go_to(
    db: &Db,
    meeting: i64,
    version: i64,
    item: i64,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let on_agenda: Option<String> =
        query_scalar("SELECT title FROM agenda_items WHERE id = $1 AND meeting_id = $2")
            .bind(item)
            .bind(meeting)
            .fetch_optional(&mut tx)
            .await?;
    let title = on_agenda.ok_or(StoreError::NotFound)?;
    let status = leave_current(&mut tx, meeting, version, at).await?;
    query(
        "UPDATE meetings SET live_item_id = $1, live_since = $2, \
             live_version = live_version + 1, status = 'in_progress', \
             version = version + CASE WHEN status = 'in_progress' THEN 0 ELSE 1 END, \
             updated_at = $2 WHERE id = $3",
    )
    .bind(item)
    .bind(at)
    .bind(meeting)
    .execute(&mut tx)
    .await?;
    // An item taken up again is open once more.
    query("UPDATE agenda_items SET outcome = NULL WHERE id = $1")
        .bind(item)
        .execute(&mut tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::LIVE_CHANGED,
            object: format!("meeting:{meeting}"),
            summary: if status == MeetingStatus::InProgress {
                format!("→ {title}")
            } else {
                format!("begun: {title}")
            },
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Ends the meeting: the current item is booked, the meeting is held, and accepted topics not
/// dealt with move on to the next meeting.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn finish(db: &Db, meeting: i64, version: i64, actor: &Actor) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    leave_current(&mut tx, meeting, version, at).await?;
    query(
        "UPDATE meetings SET live_item_id = NULL, live_since = NULL, \
             live_version = live_version + 1, status = 'held', sequence = sequence + 1, \
             version = version + 1, updated_at = $1 WHERE id = $2",
    )
    .bind(at)
    .bind(meeting)
    .execute(&mut tx)
    .await?;
    retable(&mut tx, meeting, actor, at).await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_STATUS,
            object: format!("meeting:{meeting}"),
            summary: "in_progress → held".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Saves the notes on one item. Refused once the minutes are final.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, item),
    err(level = "debug")
)]
pub async fn save_notes(
    db: &Db,
    meeting: i64,
    version: i64,
    item: i64,
    notes: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let row: Option<(i64, Option<Stored<MinutesState>>)> = query_as(
        "SELECT s.live_version, m.state FROM meetings s \
             LEFT JOIN minutes m ON m.meeting_id = s.id WHERE s.id = $1",
    )
    .bind(meeting)
    .fetch_optional(&mut tx)
    .await?;
    let (current, minutes) = row.ok_or(StoreError::NotFound)?;
    may_edit(minutes.map(|m| m.0)).map_err(StoreError::MinutesRefused)?;
    if current != version {
        return Err(StoreError::Conflict);
    }
    let changed = query("UPDATE agenda_items SET notes = $1 WHERE id = $2 AND meeting_id = $3")
        .bind(notes)
        .bind(item)
        .bind(meeting)
        .execute(&mut tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    query("UPDATE meetings SET live_version = live_version + 1 WHERE id = $1")
        .bind(meeting)
        .execute(&mut tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MINUTES_CHANGED,
            object: format!("meeting:{meeting}"),
            summary: format!("notes on item {item}"),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
