//! SQL for a meeting's agenda: its items, the chair's edits and moves, publishing frozen
//! versions (which invites the committee), and re-tabling what a meeting did not deal with.
//!
//! Every change checks and raises `meetings.agenda_version`, so of two chairs editing at once
//! the second is told instead of silently overwriting the first. The macros here run inside a
//! transaction that other entities' changes open (accepting a topic, holding a meeting).

use chrono::{DateTime, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::agenda::{
    AgendaAction, AgendaItem, AgendaRefused, ItemDraft, Move, Outcome, StandardItem, apply_move,
    transition as agenda_transition,
};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::MeetingStatus;
use crate::domain::topics::TopicEventKind;

mod publish;
mod shared;

pub use publish::{InvitationNote, Recipient, publish, versions};
pub(crate) use shared::insert_slot;
pub(crate) use shared::retable;
pub(crate) use shared::start_agenda;
pub(crate) use shared::topic_event;

/// The status of a meeting whose agenda is at `version`; `Conflict` when it moved on,
/// `AgendaRefused` when the meeting no longer takes agenda changes.
async fn agenda_locked(
    tx: &mut Tx,
    meeting: i64,
    version: i64,
    action: AgendaAction,
) -> StoreResult<MeetingStatus> {
    let row: Option<(crate::store::stored::Stored<MeetingStatus>, i64)> =
        query_as("SELECT status, agenda_version FROM meetings WHERE id = $1")
            .bind(meeting)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((_, current)) if current != version => return Err(StoreError::Conflict),
        Some((status, _)) => {
            let status = status.0;
            agenda_transition(status, action).map_err(StoreError::AgendaRefused)?;
            status
        }
    })
}

/// Records a change of the agenda: raises its version (so a chair working from the old one is
/// told) and writes the audit entry, `summary` saying what changed.
async fn agenda_changed(
    tx: &mut Tx,
    meeting: i64,
    actor: &Actor,
    summary: String,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query("UPDATE meetings SET agenda_version = agenda_version + 1, updated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(meeting)
        .execute(&mut *tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{meeting}"),
            summary,
        },
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    topic_id: Option<i64>,
    level: i32,
    title: String,
    presenter: Option<String>,
    minutes: i32,
    public: bool,
    standard: Option<Stored<StandardItem>>,
    late: bool,
    retabled: bool,
    outcome: Option<Stored<Outcome>>,
}

impl From<ItemRow> for AgendaItem {
    fn from(row: ItemRow) -> Self {
        AgendaItem {
            id: row.id,
            topic_id: row.topic_id,
            level: u8::from(row.level > 0),
            title: row.title,
            presenter: row.presenter,
            minutes: u32::try_from(row.minutes).unwrap_or(1),
            public: row.public,
            standard: row.standard.map(|s| s.0),
            late: row.late,
            retabled: row.retabled,
            outcome: row.outcome.map(|o| o.0),
        }
    }
}

/// The agenda in order, with the version a change must name.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn items(db: &Db, meeting: i64) -> StoreResult<(Vec<AgendaItem>, i64)> {
    let (rows, version): (Vec<ItemRow>, Option<i64>) = {
        let rows = query_as(
            "SELECT id, topic_id, level, title, presenter, minutes, public, standard, late, \
             retabled, outcome FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id",
        )
        .bind(meeting)
        .fetch_all(db)
        .await?;
        let version = query_scalar("SELECT agenda_version FROM meetings WHERE id = $1")
            .bind(meeting)
            .fetch_optional(db)
            .await?;
        (rows, version)
    };
    Ok((
        rows.into_iter().map(Into::into).collect(),
        version.ok_or(StoreError::NotFound)?,
    ))
}

/// Adds an item of the chair's own (not from a topic) before "Verschiedenes".
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn add(
    db: &Db,
    meeting: i64,
    version: i64,
    item: &ItemDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, meeting, version, AgendaAction::Add).await?;
    start_agenda(&mut tx, meeting, at).await?;
    let position = insert_slot(&mut tx, meeting).await?;
    let id: i64 = query_scalar(
        "INSERT INTO agenda_items (meeting_id, position, title, presenter, minutes, public, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(meeting)
    .bind(position)
    .bind(&item.title)
    .bind(&item.presenter)
    .bind(i32::try_from(item.minutes).unwrap_or(1))
    .bind(item.public)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    agenda_changed(&mut tx, meeting, actor, format!("+ {}", item.title), at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes title, presenter, minutes or visibility of one item.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, item_id),
    err(level = "debug")
)]
pub async fn edit(
    db: &Db,
    meeting: i64,
    version: i64,
    item_id: i64,
    item: &ItemDraft,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, meeting, version, AgendaAction::Edit).await?;
    let changed = query(
        "UPDATE agenda_items SET title = $1, presenter = $2, minutes = $3, public = $4 \
             WHERE id = $5 AND meeting_id = $6",
    )
    .bind(&item.title)
    .bind(&item.presenter)
    .bind(i32::try_from(item.minutes).unwrap_or(1))
    .bind(item.public)
    .bind(item_id)
    .bind(meeting)
    .execute(&mut tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    agenda_changed(&mut tx, meeting, actor, format!("~ {}", item.title), at).await?;
    tx.commit().await?;

    Ok(())
}

/// Takes an item off the agenda; a topic's item sends the topic back to triage.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, item_id),
    err(level = "debug")
)]
pub async fn remove(
    db: &Db,
    meeting: i64,
    version: i64,
    item_id: i64,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, meeting, version, AgendaAction::Remove).await?;
    let row: Option<(Option<i64>, String)> =
        query_as("SELECT topic_id, title FROM agenda_items WHERE id = $1 AND meeting_id = $2")
            .bind(item_id)
            .bind(meeting)
            .fetch_optional(&mut tx)
            .await?;
    let Some((topic, title)) = row else {
        return Err(StoreError::NotFound);
    };
    query("DELETE FROM agenda_items WHERE id = $1")
        .bind(item_id)
        .execute(&mut tx)
        .await?;
    if let Some(topic) = topic {
        query(
            "UPDATE topics SET state = 'submitted', version = version + 1, updated_at = $1 \
                 WHERE id = $2",
        )
        .bind(at)
        .bind(topic)
        .execute(&mut tx)
        .await?;
        topic_event(
            &mut tx,
            topic,
            actor,
            TopicEventKind::Edited,
            Some(meeting),
            Some("removed from the agenda"),
            at,
        )
        .await?;
    }
    agenda_changed(&mut tx, meeting, actor, format!("- {title}"), at).await?;
    tx.commit().await?;

    Ok(())
}

/// Writes a new order (ids with levels) computed from the current one.
async fn write_order(tx: &mut Tx, meeting: i64, order: &[(i64, u8)]) -> StoreResult<()> {
    for (position, (id, level)) in order.iter().enumerate() {
        query(
            "UPDATE agenda_items SET position = $1, level = $2 WHERE id = $3 \
                 AND meeting_id = $4",
        )
        .bind(i32::try_from(position).unwrap_or(i32::MAX) + 1)
        .bind(i32::from(*level))
        .bind(id)
        .bind(meeting)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// How the chair reorders: a move of one item (buttons) or a whole new order (drag and drop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reorder {
    Move(i64, Move),
    /// Put the item before another, or last.
    Drop(i64, Option<i64>),
}

/// Reorders the agenda; `AgendaRefused::CannotMove` when the move is not possible (first item
/// up …).
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version),
    err(level = "debug")
)]
pub async fn reorder(
    db: &Db,
    meeting: i64,
    version: i64,
    change: &Reorder,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, meeting, version, AgendaAction::Reorder).await?;
    let rows: Vec<(i64, i32)> =
        query_as("SELECT id, level FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id")
            .bind(meeting)
            .fetch_all(&mut tx)
            .await?;
    let order: Vec<(i64, u8)> = rows
        .into_iter()
        .map(|(id, level)| (id, u8::from(level > 0)))
        .collect();
    let new_order = match change {
        Reorder::Move(id, action) => {
            let index = order
                .iter()
                .position(|(i, _)| i == id)
                .ok_or(StoreError::NotFound)?;
            apply_move(&order, index, *action)
        }
        Reorder::Drop(id, before) => crate::domain::agenda::drop_before(&order, *id, *before),
    }
    .ok_or(StoreError::AgendaRefused(AgendaRefused::CannotMove))?;
    write_order(&mut tx, meeting, &new_order).await?;
    agenda_changed(&mut tx, meeting, actor, format!("{change:?}"), at).await?;
    tx.commit().await?;

    Ok(())
}

/// Marks an item dealt with (or not), which decides whether it is re-tabled.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(meeting, version, item_id),
    err(level = "debug")
)]
pub async fn set_outcome(
    db: &Db,
    meeting: i64,
    version: i64,
    item_id: i64,
    outcome: Option<Outcome>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, meeting, version, AgendaAction::Mark).await?;
    let changed = query("UPDATE agenda_items SET outcome = $1 WHERE id = $2 AND meeting_id = $3")
        .bind(outcome.map(Outcome::as_str))
        .bind(item_id)
        .bind(meeting)
        .execute(&mut tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    agenda_changed(
        &mut tx,
        meeting,
        actor,
        format!(
            "item {item_id}: {}",
            outcome.map_or("open", Outcome::as_str)
        ),
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
