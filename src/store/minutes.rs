//! SQL for the minutes (Niederschrift): the draft's own text, the document built from the
//! meeting, making it final (the document is frozen as JSON) and its approval by a later meeting.

use chrono::{DateTime, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{
    Db, StoreError, StoreResult, attendance, decisions, demands, live, meetings, now, tasks,
};
use crate::domain::attendance::{Presence, quorum};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::demands::status_label;
use crate::domain::minutes::{
    AttendanceLine, MinutesAction, MinutesDecision, MinutesDemand, MinutesDocument, MinutesItem,
    MinutesState, MinutesTask, may_edit, transition,
};
use crate::domain::recurrence::utc_to_berlin;

/// The minutes of one meeting as stored; a meeting without a row has an empty draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinutesRecord {
    pub meeting_id: i64,
    pub state: MinutesState,
    pub opening: String,
    pub closing: String,
    /// The frozen document once final.
    pub document: Option<MinutesDocument>,
    pub finalised_at: Option<DateTime<Utc>>,
    pub finalised_by: Option<String>,
    pub approved_in: Option<i64>,
    pub approved_at: Option<DateTime<Utc>>,
    /// 0 while no row exists.
    pub version: i64,
}

type Row = (
    Stored<MinutesState>,
    String,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<i64>,
    Option<DateTime<Utc>>,
    i64,
);

#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn get(db: &Db, meeting: i64) -> StoreResult<MinutesRecord> {
    let row: Option<Row> = query_as(
        "SELECT state, opening, closing, document, finalised_at, finalised_by, approved_in, \
             approved_at, version FROM minutes WHERE meeting_id = $1",
    )
    .bind(meeting)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => MinutesRecord {
            meeting_id: meeting,
            state: MinutesState::Draft,
            opening: String::new(),
            closing: String::new(),
            document: None,
            finalised_at: None,
            finalised_by: None,
            approved_in: None,
            approved_at: None,
            version: 0,
        },
        Some((
            state,
            opening,
            closing,
            document,
            finalised_at,
            finalised_by,
            approved_in,
            approved_at,
            version,
        )) => MinutesRecord {
            meeting_id: meeting,
            state: state.0,
            opening,
            closing,
            document: document.and_then(|d| serde_json::from_str(&d).ok()),
            finalised_at,
            finalised_by,
            approved_in,
            approved_at,
            version,
        },
    })
}

/// Checks the minutes' version inside the transaction; yields their state (a missing row is
/// a draft at version 0).
async fn minutes_locked(tx: &mut Tx, meeting: i64, version: i64) -> StoreResult<MinutesState> {
    let row: Option<(Stored<MinutesState>, i64)> =
        query_as("SELECT state, version FROM minutes WHERE meeting_id = $1")
            .bind(meeting)
            .fetch_optional(&mut *tx)
            .await?;
    let (state, current) = row.unwrap_or((Stored(MinutesState::Draft), 0));
    if current != version {
        return Err(StoreError::Conflict);
    }
    Ok(state.0)
}

/// Saves the draft's opening and closing text. Refused once final.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn save(
    db: &Db,
    meeting: i64,
    version: i64,
    opening: &str,
    closing: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    may_edit(Some(minutes_locked(&mut tx, meeting, version).await?))
        .map_err(StoreError::MinutesRefused)?;
    query(
        "INSERT INTO minutes (meeting_id, opening, closing, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (meeting_id) DO UPDATE SET \
             opening = $2, closing = $3, version = minutes.version + 1, updated_at = $4",
    )
    .bind(meeting)
    .bind(opening)
    .bind(closing)
    .bind(at)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MINUTES_CHANGED,
            object: format!("meeting:{meeting}"),
            summary: "opening/closing".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Makes the minutes final: the document as it stands is frozen and nothing in it may change
/// any more. Only for a held meeting.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn finalise(db: &Db, meeting: i64, version: i64, actor: &Actor) -> StoreResult<()> {
    let record = meetings::get(db, meeting).await?;
    let state = get(db, meeting).await?.state;
    transition(state, record.status, MinutesAction::Finalise)
        .map_err(StoreError::MinutesRefused)?;
    let mut document = document(db, meeting).await?;
    document.state = MinutesState::Final;
    let frozen = serde_json::to_string(&document).map_err(|e| {
        StoreError::Database(sqlx::Error::Protocol(format!("minutes as JSON: {e}")))
    })?;
    let at = now();
    let mut tx = db.begin().await?;
    let state = minutes_locked(&mut tx, meeting, version).await?;
    transition(state, record.status, MinutesAction::Finalise)
        .map_err(StoreError::MinutesRefused)?;
    query(
        "INSERT INTO minutes (meeting_id, state, document, finalised_at, finalised_by, \
             created_at, updated_at) VALUES ($1, 'final', $2, $3, $4, $3, $3) \
             ON CONFLICT (meeting_id) DO UPDATE SET state = 'final', document = $2, \
             finalised_at = $3, finalised_by = $4, version = minutes.version + 1, updated_at = $3",
    )
    .bind(meeting)
    .bind(&frozen)
    .bind(at)
    .bind(&actor.label)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MINUTES_FINALISED,
            object: format!("meeting:{meeting}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Records that meeting `approving` (a later one of the same committee) approved the final
/// minutes of `meeting`; the meeting's status becomes "minutes approved".
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, approving),
    err(level = "debug")
)]
pub async fn approve(
    db: &Db,
    meeting: i64,
    version: i64,
    approving: i64,
    actor: &Actor,
) -> StoreResult<()> {
    let earlier = meetings::get(db, meeting).await?;
    let later = meetings::get(db, approving).await?;
    if later.committee_id != earlier.committee_id || later.starts_at <= earlier.starts_at {
        return Err(StoreError::NotAllowed);
    }
    let at = now();
    let approval = format!(
        "Genehmigt in der Sitzung „{}“ vom {}.",
        later.title,
        utc_to_berlin(later.starts_at).format("%d.%m.%Y")
    );
    let record = get(db, meeting).await?;
    transition(record.state, earlier.status, MinutesAction::Approve)
        .map_err(StoreError::MinutesRefused)?;
    let mut document = record.document.ok_or(StoreError::NotFound)?;
    document.state = MinutesState::Approved;
    document.approval = Some(approval);
    let frozen = serde_json::to_string(&document).map_err(|e| {
        StoreError::Database(sqlx::Error::Protocol(format!("minutes as JSON: {e}")))
    })?;
    let mut tx = db.begin().await?;
    let state = minutes_locked(&mut tx, meeting, version).await?;
    transition(state, earlier.status, MinutesAction::Approve)
        .map_err(StoreError::MinutesRefused)?;
    query(
        "UPDATE minutes SET state = 'approved', document = $1, approved_in = $2, \
             approved_at = $3, version = version + 1, updated_at = $3 WHERE meeting_id = $4",
    )
    .bind(&frozen)
    .bind(approving)
    .bind(at)
    .bind(meeting)
    .execute(&mut tx)
    .await?;
    query(
        "UPDATE meetings SET status = 'minutes_approved', version = version + 1, \
             updated_at = $1 WHERE id = $2 AND status = 'held'",
    )
    .bind(at)
    .bind(meeting)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MINUTES_APPROVED,
            object: format!("meeting:{meeting}"),
            summary: format!("in meeting:{approving}"),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// The minutes document as the meeting stands now (the draft's view).
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn document(db: &Db, meeting: i64) -> StoreResult<MinutesDocument> {
    let record = meetings::get(db, meeting).await?;
    let committee: String = query_scalar("SELECT name FROM committees WHERE id = $1")
        .bind(record.committee_id)
        .fetch_one(db)
        .await?;
    let minutes = get(db, meeting).await?;
    let (roster, percent) = attendance::roster(db, meeting).await?;
    let state = live::state(db, meeting).await?;
    let decisions = decisions::for_meeting(db, meeting).await?;
    let tasks = tasks::for_meeting(db, meeting).await?;
    let mut moved = Vec::new();
    for m in demands::moved_in(db, meeting).await? {
        let public = demands::get(db, m.demand_id).await?.public;
        moved.push((m, public));
    }

    let deputy = |id: Option<i64>| id.and_then(|id| roster.iter().find(|r| r.membership_id == id));
    let attendance = roster
        .iter()
        .filter(|r| !r.is_deputy() || r.presence == Some(Presence::Present))
        .map(|r| {
            let (presence, public_presence) = match r.presence {
                Some(Presence::Represented) => {
                    let by = deputy(r.represented_by);
                    let name = by.map(|d| d.name.clone()).unwrap_or_default();
                    let public = if by.is_some_and(|d| d.published) {
                        format!("vertreten durch {name}")
                    } else {
                        "vertreten".to_owned()
                    };
                    (format!("vertreten durch {name}"), public)
                }
                Some(p) if r.is_deputy() => {
                    let text = format!("{} (Stellvertretung)", p.german());
                    (text.clone(), text)
                }
                Some(p) => (p.german().to_owned(), p.german().to_owned()),
                None => ("nicht erfasst".to_owned(), "nicht erfasst".to_owned()),
            };
            AttendanceLine {
                name: r.name.clone(),
                organization: r.organization.clone(),
                presence,
                published: r.published,
                public_presence: Some(public_presence),
            }
        })
        .collect();
    let q = quorum(&roster, percent);
    let quorum_line = format!(
        "{}: {} von {} Sitzen anwesend oder vertreten (erforderlich: {}).",
        if q.reached() {
            "Beschlussfähig"
        } else {
            "Nicht beschlussfähig"
        },
        q.voting,
        q.seats,
        q.required
    );
    let items = state
        .items
        .iter()
        .map(|item| MinutesItem {
            number: format!("TOP {}", item.number),
            title: item.title.clone(),
            public: item.public,
            notes: item.notes.clone(),
            decisions: decisions
                .iter()
                .filter(|d| d.item_id == item.id)
                .map(|d| MinutesDecision {
                    number: d.number.clone(),
                    kind: d.kind,
                    text: d.text.clone(),
                    votes: d.votes,
                    tasks: tasks
                        .iter()
                        .filter(|t| t.decision_id == d.id)
                        .map(|t| MinutesTask {
                            title: t.title.clone(),
                            owner: t.owner_label.clone(),
                            owner_published: t.owner_public,
                            due: t.due.format("%d.%m.%Y").to_string(),
                        })
                        .collect(),
                    demands: moved
                        .iter()
                        .filter(|(m, _)| m.decision_id == d.id)
                        .map(|(m, public)| MinutesDemand {
                            id: m.demand_id,
                            title: m.title.clone(),
                            from: status_label(m.from).to_owned(),
                            to: status_label(m.to).to_owned(),
                            public: *public,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let starts = utc_to_berlin(record.starts_at);
    let ends = utc_to_berlin(record.ends_at);
    Ok(MinutesDocument {
        committee,
        meeting_title: record.title.clone(),
        when: format!(
            "{}, {}–{} Uhr",
            starts.format("%d.%m.%Y"),
            starts.format("%H:%M"),
            ends.format("%H:%M")
        ),
        place: record.location.clone(),
        attendance,
        quorum: quorum_line,
        opening: minutes.opening,
        items,
        closing: minutes.closing,
        state: minutes.state,
        approval: None,
    })
}
