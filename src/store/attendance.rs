//! SQL for who attended a meeting: the roster (every seat holder and deputy whose membership
//! covers the meeting's day) with what was recorded, recording it, and a member's excuse.
//!
//! A change names the presence the form showed; when someone else changed it meanwhile the
//! change is refused (`Conflict`) rather than overwriting what they recorded.

use chrono::{DateTime, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::attendance::{AttendanceRow, Presence, check_presence};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::MeetingStatus;
use crate::domain::minutes::{MinutesState, may_edit};
use crate::domain::recurrence::utc_to_berlin;

type RosterRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<i32>,
    Option<i64>,
    Option<Stored<Presence>>,
    Option<i64>,
    Option<String>,
    bool,
);

/// The roster of a meeting and the committee's quorum setting (percent).
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn roster(db: &Db, meeting: i64) -> StoreResult<(Vec<AttendanceRow>, u32)> {
    let rows: (Vec<RosterRow>, Option<i32>) = {
        let head: Option<(chrono::DateTime<chrono::Utc>, i32)> = query_as(
            "SELECT s.starts_at, c.quorum_percent FROM meetings s \
             JOIN committees c ON c.id = s.committee_id WHERE s.id = $1",
        )
        .bind(meeting)
        .fetch_optional(db)
        .await?;
        let Some((starts_at, percent)) = head else {
            return Err(StoreError::NotFound);
        };
        let day = utc_to_berlin(starts_at).date();
        let rows = query_as(
            "SELECT m.id, u.id, u.display_name, o.id, o.name, b.name, m.seat, m.deputy_of, \
                    a.presence, a.represented_by, a.note, u.publish_consent \
             FROM meetings s \
             JOIN benches b ON b.committee_id = s.committee_id \
             JOIN memberships m ON m.bench_id = b.id \
             JOIN users u ON u.id = m.user_id \
             LEFT JOIN organizations o ON o.id = u.organization_id \
             LEFT JOIN memberships h ON h.id = m.deputy_of \
             LEFT JOIN attendance a ON a.meeting_id = s.id AND a.membership_id = m.id \
             WHERE s.id = $1 AND m.valid_from <= $2 \
               AND (m.valid_until IS NULL OR m.valid_until >= $2) \
             ORDER BY b.position, COALESCE(m.seat, h.seat), m.seat IS NULL, m.id",
        )
        .bind(meeting)
        .bind(day)
        .fetch_all(db)
        .await?;
        (rows, Some(percent))
    };
    let (rows, percent) = rows;
    Ok((
        rows.into_iter()
            .map(
                |(
                    membership_id,
                    user_id,
                    name,
                    organization_id,
                    organization,
                    bench,
                    seat,
                    deputy_of,
                    presence,
                    represented_by,
                    note,
                    published,
                )| {
                    AttendanceRow {
                        membership_id,
                        user_id,
                        name,
                        organization_id,
                        organization,
                        bench,
                        seat: seat.map(i64::from),
                        deputy_of,
                        presence: presence.map(|p| p.0),
                        represented_by,
                        note,
                        published,
                    }
                },
            )
            .collect(),
        percent.and_then(|p| u32::try_from(p).ok()).unwrap_or(50),
    ))
}

/// Attendance may be recorded until the minutes are final, never for a cancelled meeting.
async fn attendance_open(tx: &mut Tx, meeting: i64) -> StoreResult<MeetingStatus> {
    let row: Option<(Stored<MeetingStatus>, Option<Stored<MinutesState>>)> = query_as(
        "SELECT s.status, m.state FROM meetings s \
             LEFT JOIN minutes m ON m.meeting_id = s.id WHERE s.id = $1",
    )
    .bind(meeting)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((status, minutes)) => {
            if status.0 == MeetingStatus::Cancelled {
                return Err(StoreError::NotAllowed);
            }
            may_edit(minutes.map(|m| m.0)).map_err(StoreError::MinutesRefused)?;
            status.0
        }
    })
}

/// One person's presence as it is written.
struct Entry<'a> {
    membership: i64,
    presence: Presence,
    deputy: Option<i64>,
    note: Option<&'a str>,
}

/// Writes one person's presence inside the open transaction.
async fn upsert_presence(
    tx: &mut Tx,
    meeting: i64,
    entry: Entry<'_>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let Entry {
        membership,
        presence,
        deputy,
        note,
    } = entry;
    query(
        "INSERT INTO attendance (meeting_id, membership_id, presence, represented_by, note, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (meeting_id, membership_id) DO UPDATE SET presence = $3, \
             represented_by = $4, note = $5, recorded_by = $6, recorded_at = $7",
    )
    .bind(meeting)
    .bind(membership)
    .bind(presence.as_str())
    .bind(deputy)
    .bind(note)
    .bind(&actor.label)
    .bind(at)
    .execute(&mut *tx)
    .await?;

    Ok(())
}

/// What the chair records for one person. `seen` is the presence the form showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub membership_id: i64,
    pub seen: Option<Presence>,
    pub presence: Presence,
    pub represented_by: Option<i64>,
    pub note: Option<String>,
}

/// Records one person's presence. A represented seat marks its deputy present as well.
/// `Conflict` when the presence changed since the form was shown; `NotAllowed` for a deputy
/// who does not deputise for that seat, a cancelled meeting or final minutes.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn record(db: &Db, meeting: i64, change: &Record, actor: &Actor) -> StoreResult<()> {
    let (roster, _) = roster(db, meeting).await?;
    let row = roster
        .iter()
        .find(|r| r.membership_id == change.membership_id)
        .ok_or(StoreError::NotFound)?;
    let deputy = match change.represented_by {
        Some(id) => Some(
            roster
                .iter()
                .find(|r| r.membership_id == id)
                .ok_or(StoreError::NotFound)?,
        ),
        None => None,
    };
    check_presence(row, change.presence, deputy).map_err(|_| StoreError::NotAllowed)?;
    let at = now();
    let mut tx = db.begin().await?;
    attendance_open(&mut tx, meeting).await?;
    let current: Option<Stored<Presence>> = query_scalar(
        "SELECT presence FROM attendance WHERE meeting_id = $1 AND membership_id = $2",
    )
    .bind(meeting)
    .bind(change.membership_id)
    .fetch_optional(&mut tx)
    .await?;
    if current.map(|p| p.0) != change.seen {
        return Err(StoreError::Conflict);
    }
    upsert_presence(
        &mut tx,
        meeting,
        Entry {
            membership: change.membership_id,
            presence: change.presence,
            deputy: change.represented_by,
            note: change.note.as_deref(),
        },
        actor,
        at,
    )
    .await?;
    if let Some(deputy) = change.represented_by {
        upsert_presence(
            &mut tx,
            meeting,
            Entry {
                membership: deputy,
                presence: Presence::Present,
                deputy: None,
                note: None,
            },
            actor,
            at,
        )
        .await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::ATTENDANCE_RECORDED,
            object: format!("meeting:{meeting}"),
            summary: format!("{}: {}", row.name, change.presence.as_str()),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// A member excuses themself in advance (only before the meeting begins). Every seat or deputy
/// role the person holds on the committee is marked excused.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, user_id),
    err(level = "debug")
)]
pub async fn excuse(
    db: &Db,
    meeting: i64,
    user_id: i64,
    note: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    let (roster, _) = roster(db, meeting).await?;
    let own: Vec<i64> = roster
        .iter()
        .filter(|r| r.user_id == user_id)
        .map(|r| r.membership_id)
        .collect();
    if own.is_empty() {
        return Err(StoreError::NotFound);
    }
    let at = now();
    let mut tx = db.begin().await?;
    let status = attendance_open(&mut tx, meeting).await?;
    if !status.is_open() {
        return Err(StoreError::NotAllowed);
    }
    for membership in &own {
        upsert_presence(
            &mut tx,
            meeting,
            Entry {
                membership: *membership,
                presence: Presence::Excused,
                deputy: None,
                note,
            },
            actor,
            at,
        )
        .await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::ATTENDANCE_RECORDED,
            object: format!("meeting:{meeting}"),
            summary: "excused".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
