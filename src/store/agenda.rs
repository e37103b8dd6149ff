//! SQL for a session's agenda: its items, the chair's edits and moves, publishing frozen
//! versions (which invites the committee), and re-tabling what a session did not deal with.
//!
//! Every change checks and raises `sessions.agenda_version`, so of two chairs editing at once
//! the second is told instead of silently overwriting the first. The macros here run inside a
//! transaction that other entities' changes open (accepting a topic, holding a session).

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::agenda::{
    AgendaAction, AgendaItem, AgendaRefused, ItemDraft, Move, Outcome, PublishedAgenda,
    PublishedItem, StandardItem, apply_move, snapshot, transition as agenda_transition,
};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::SessionStatus;
use crate::domain::topics::TopicEventKind;

/// Writes one entry of a topic's history inside the open transaction.
pub(crate) async fn topic_event(
    tx: &mut Tx,
    topic: i64,
    actor: &Actor,
    kind: TopicEventKind,
    session: Option<i64>,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query(
        "INSERT INTO topic_events (topic_id, at, actor_id, actor_label, kind, session_id, \
             note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(topic)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(kind.as_str())
    .bind(session)
    .bind(note)
    .execute(&mut *tx)
    .await?;

    Ok(())
}

/// Gives a session's agenda its standard items when the session is created (and, for sessions
/// from before that rule, when its agenda is first worked on): welcome and approval of the last
/// minutes first, other business last. Never again after that, so the chair can remove them for
/// good.
pub(crate) async fn start_agenda(tx: &mut Tx, session: i64, at: DateTime<Utc>) -> StoreResult<()> {
    let first =
        query("UPDATE sessions SET agenda_started = TRUE WHERE id = $1 AND NOT agenda_started")
            .bind(session)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if first > 0 {
        query("UPDATE agenda_items SET position = position + 2 WHERE session_id = $1")
            .bind(session)
            .execute(&mut *tx)
            .await?;
        let last: i32 = query_scalar(
            "SELECT COALESCE(MAX(position), 2) FROM agenda_items WHERE session_id = $1",
        )
        .bind(session)
        .fetch_one(&mut *tx)
        .await?;
        for (standard, position) in [
            (crate::domain::agenda::StandardItem::Welcome, 1),
            (crate::domain::agenda::StandardItem::MinutesApproval, 2),
            (crate::domain::agenda::StandardItem::Other, last + 1),
        ] {
            query(
                "INSERT INTO agenda_items (session_id, position, title, minutes, public, \
                     standard, created_at) VALUES ($1, $2, $3, $4, TRUE, $5, $6)",
            )
            .bind(session)
            .bind(position)
            .bind(standard.title())
            .bind(i32::try_from(standard.minutes()).unwrap_or(5))
            .bind(standard.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// The position for a new item (before "Verschiedenes" when the agenda has it, else last);
/// later items move down one.
pub(crate) async fn insert_slot(tx: &mut Tx, session: i64) -> StoreResult<i32> {
    let other: Option<i32> = query_scalar(
        "SELECT position FROM agenda_items WHERE session_id = $1 AND standard = 'other' \
             AND level = 0 ORDER BY position DESC LIMIT 1",
    )
    .bind(session)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match other {
        Some(position) => {
            query(
                "UPDATE agenda_items SET position = position + 1 \
                     WHERE session_id = $1 AND position >= $2",
            )
            .bind(session)
            .bind(position)
            .execute(&mut *tx)
            .await?;
            position
        }
        None => {
            let last: i32 = query_scalar(
                "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE session_id = $1",
            )
            .bind(session)
            .fetch_one(&mut *tx)
            .await?;
            last + 1
        }
    })
}

/// Moves the accepted topics a session did not deal with on to the committee's next open
/// session (vertagt): the old item is marked re-tabled, the topic moves with its history, and
/// the next agenda gains the item. Without a next session the topic waits for triage.
pub(crate) async fn retable(
    tx: &mut Tx,
    session: i64,
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let open: Vec<(i64, i64)> = query_as(
        "SELECT id, topic_id FROM agenda_items WHERE session_id = $1 \
             AND topic_id IS NOT NULL AND outcome IS NULL ORDER BY position",
    )
    .bind(session)
    .fetch_all(&mut *tx)
    .await?;
    if !open.is_empty() {
        let next: Option<i64> = query_scalar(
            "SELECT n.id FROM sessions n JOIN sessions s ON s.id = $1 \
                 WHERE n.committee_id = s.committee_id AND n.id <> s.id \
                 AND n.status IN ('planned', 'invited') AND n.starts_at > s.starts_at \
                 ORDER BY n.starts_at, n.id LIMIT 1",
        )
        .bind(session)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(next) = next {
            start_agenda(tx, next, at).await?;
        }
        for (item, topic) in open {
            query("UPDATE agenda_items SET outcome = 'retabled' WHERE id = $1")
                .bind(item)
                .execute(&mut *tx)
                .await?;
            query(
                "UPDATE topics SET session_id = $1, retabled = TRUE, \
                     state = CASE WHEN $1 IS NULL THEN 'submitted' ELSE state END, \
                     version = version + 1, updated_at = $2 WHERE id = $3",
            )
            .bind(next)
            .bind(at)
            .bind(topic)
            .execute(&mut *tx)
            .await?;
            if let Some(next) = next {
                let position = insert_slot(tx, next).await?;
                query(
                    "INSERT INTO agenda_items (session_id, topic_id, position, title, \
                         presenter, minutes, public, late, retabled, created_at) \
                         SELECT $1, id, $2, title, presenter, minutes, public, FALSE, TRUE, $3 \
                         FROM topics WHERE id = $4",
                )
                .bind(next)
                .bind(position)
                .bind(at)
                .bind(topic)
                .execute(&mut *tx)
                .await?;
                query("UPDATE sessions SET agenda_version = agenda_version + 1 WHERE id = $1")
                    .bind(next)
                    .execute(&mut *tx)
                    .await?;
            }
            topic_event(
                tx,
                topic,
                actor,
                crate::domain::topics::TopicEventKind::Retabled,
                next,
                None,
                at,
            )
            .await?;
        }
    }
    Ok(())
}

/// The status of a session whose agenda is at `version`; `Conflict` when it moved on,
/// `AgendaRefused` when the session no longer takes agenda changes.
async fn agenda_locked(
    tx: &mut Tx,
    session: i64,
    version: i64,
    action: AgendaAction,
) -> StoreResult<SessionStatus> {
    let row: Option<(crate::store::stored::Stored<SessionStatus>, i64)> =
        query_as("SELECT status, agenda_version FROM sessions WHERE id = $1")
            .bind(session)
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

/// Raises the agenda's version after a change.
async fn agenda_changed(tx: &mut Tx, session: i64, at: DateTime<Utc>) -> StoreResult<()> {
    query(
        "UPDATE sessions SET agenda_version = agenda_version + 1, updated_at = $1 \
             WHERE id = $2",
    )
    .bind(at)
    .bind(session)
    .execute(&mut *tx)
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
pub async fn items(db: &Db, session: i64) -> StoreResult<(Vec<AgendaItem>, i64)> {
    let (rows, version): (Vec<ItemRow>, Option<i64>) = {
        let rows = query_as(
            "SELECT id, topic_id, level, title, presenter, minutes, public, standard, late, \
             retabled, outcome FROM agenda_items WHERE session_id = $1 ORDER BY position, id",
        )
        .bind(session)
        .fetch_all(db)
        .await?;
        let version = query_scalar("SELECT agenda_version FROM sessions WHERE id = $1")
            .bind(session)
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
pub async fn add(
    db: &Db,
    session: i64,
    version: i64,
    item: &ItemDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, session, version, AgendaAction::Add).await?;
    start_agenda(&mut tx, session, at).await?;
    let position = insert_slot(&mut tx, session).await?;
    let id: i64 = query_scalar(
        "INSERT INTO agenda_items (session_id, position, title, presenter, minutes, public, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(session)
    .bind(position)
    .bind(&item.title)
    .bind(&item.presenter)
    .bind(i32::try_from(item.minutes).unwrap_or(1))
    .bind(item.public)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    agenda_changed(&mut tx, session, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{session}"),
            summary: format!("+ {}", item.title),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes title, presenter, minutes or visibility of one item.
pub async fn edit(
    db: &Db,
    session: i64,
    version: i64,
    item_id: i64,
    item: &ItemDraft,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, session, version, AgendaAction::Edit).await?;
    let changed = query(
        "UPDATE agenda_items SET title = $1, presenter = $2, minutes = $3, public = $4 \
             WHERE id = $5 AND session_id = $6",
    )
    .bind(&item.title)
    .bind(&item.presenter)
    .bind(i32::try_from(item.minutes).unwrap_or(1))
    .bind(item.public)
    .bind(item_id)
    .bind(session)
    .execute(&mut tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    agenda_changed(&mut tx, session, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{session}"),
            summary: format!("~ {}", item.title),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Takes an item off the agenda; a topic's item sends the topic back to triage.
pub async fn remove(
    db: &Db,
    session: i64,
    version: i64,
    item_id: i64,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, session, version, AgendaAction::Remove).await?;
    let row: Option<(Option<i64>, String)> =
        query_as("SELECT topic_id, title FROM agenda_items WHERE id = $1 AND session_id = $2")
            .bind(item_id)
            .bind(session)
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
            Some(session),
            Some("removed from the agenda"),
            at,
        )
        .await?;
    }
    agenda_changed(&mut tx, session, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{session}"),
            summary: format!("- {title}"),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Writes a new order (ids with levels) computed from the current one.
async fn write_order(tx: &mut Tx, session: i64, order: &[(i64, u8)]) -> StoreResult<()> {
    for (position, (id, level)) in order.iter().enumerate() {
        query(
            "UPDATE agenda_items SET position = $1, level = $2 WHERE id = $3 \
                 AND session_id = $4",
        )
        .bind(i32::try_from(position).unwrap_or(i32::MAX) + 1)
        .bind(i32::from(*level))
        .bind(id)
        .bind(session)
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
pub async fn reorder(
    db: &Db,
    session: i64,
    version: i64,
    change: &Reorder,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, session, version, AgendaAction::Reorder).await?;
    let rows: Vec<(i64, i32)> =
        query_as("SELECT id, level FROM agenda_items WHERE session_id = $1 ORDER BY position, id")
            .bind(session)
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
    write_order(&mut tx, session, &new_order).await?;
    agenda_changed(&mut tx, session, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{session}"),
            summary: format!("{change:?}"),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Marks an item dealt with (or not), which decides whether it is re-tabled.
pub async fn set_outcome(
    db: &Db,
    session: i64,
    version: i64,
    item_id: i64,
    outcome: Option<Outcome>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    agenda_locked(&mut tx, session, version, AgendaAction::Mark).await?;
    let changed = query("UPDATE agenda_items SET outcome = $1 WHERE id = $2 AND session_id = $3")
        .bind(outcome.map(Outcome::as_str))
        .bind(item_id)
        .bind(session)
        .execute(&mut tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    agenda_changed(&mut tx, session, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_CHANGED,
            object: format!("meeting:{session}"),
            summary: format!(
                "item {item_id}: {}",
                outcome.map_or("open", Outcome::as_str)
            ),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

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
/// planned session to "invited" and puts the invitation into the inbox of every current
/// member, deputy and chair of the committee. Returns the version number and the recipients
/// (for e-mail, which is sent after the commit).
pub async fn publish(
    db: &Db,
    session: i64,
    version: i64,
    note: &InvitationNote,
    actor: &Actor,
) -> StoreResult<(i64, Vec<Recipient>)> {
    let at = now();
    let today: NaiveDate = at.date_naive();
    let mut tx = db.begin().await?;
    let status = agenda_locked(&mut tx, session, version, AgendaAction::Publish).await?;
    let rows: Vec<ItemRow> = query_as(
        "SELECT id, topic_id, level, title, presenter, minutes, public, standard, late, \
             retabled, outcome FROM agenda_items WHERE session_id = $1 ORDER BY position, id",
    )
    .bind(session)
    .fetch_all(&mut tx)
    .await?;
    let items: Vec<AgendaItem> = rows.into_iter().map(Into::into).collect();
    let frozen = serde_json::to_string(&snapshot(&items))
        .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
    let number: i32 = query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM agenda_versions WHERE session_id = $1",
    )
    .bind(session)
    .fetch_one(&mut tx)
    .await?;
    query(
        // The publisher by name, as everywhere else (the label is the address).
        "INSERT INTO agenda_versions (session_id, number, published_at, published_by, items) \
             VALUES ($1, $2, $3, COALESCE((SELECT display_name FROM users WHERE id = $6), $4), \
             $5)",
    )
    .bind(session)
    .bind(number)
    .bind(at)
    .bind(&actor.label)
    .bind(&frozen)
    .bind(actor.user_id)
    .execute(&mut tx)
    .await?;
    if status == SessionStatus::Planned {
        query(
            "UPDATE sessions SET status = 'invited', sequence = sequence + 1, \
                 version = version + 1, updated_at = $1 WHERE id = $2",
        )
        .bind(at)
        .bind(session)
        .execute(&mut tx)
        .await?;
    }
    let recipients: Vec<Recipient> = query_as(
        "SELECT u.id, u.email, u.display_name FROM users u \
             JOIN sessions s ON s.id = $1 \
             WHERE u.disabled_at IS NULL AND (u.id IN (SELECT m.user_id FROM memberships m \
                 JOIN benches b ON b.id = m.bench_id WHERE b.committee_id = s.committee_id \
                 AND m.valid_from <= $2 AND (m.valid_until IS NULL OR m.valid_until >= $2)) \
               OR u.id IN (SELECT c.user_id FROM committee_chairs c \
                 WHERE c.committee_id = s.committee_id)) \
             ORDER BY u.id",
    )
    .bind(session)
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
    }
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::AGENDA_PUBLISHED,
            object: format!("meeting:{session}"),
            summary: format!("version {number}, {} recipients", recipients.len()),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok((i64::from(number), recipients))
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i32,
    published_at: DateTime<Utc>,
    published_by: String,
    items: String,
}

/// Published versions, newest first.
pub async fn versions(db: &Db, session: i64) -> StoreResult<Vec<PublishedAgenda>> {
    let rows: Vec<VersionRow> = query_as(
        "SELECT number, published_at, published_by, items FROM agenda_versions \
             WHERE session_id = $1 ORDER BY number DESC",
    )
    .bind(session)
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
