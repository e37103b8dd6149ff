//! SQL for topics and their history: submission, the submitter's edits and withdrawal, and the
//! chair's triage (accept onto the agenda, defer, reject, merge). Every change writes a history
//! entry and an audit entry in the same transaction, and checks the topic's version.

use chrono::{DateTime, Utc};

use super::agenda::topic_event;
use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::recurrence::utc_to_berlin;
use crate::domain::topics::{
    self, MeetingRef, Topic, TopicAction, TopicDraft, TopicEvent, TopicEventKind, TopicState,
};

mod triage;

pub use triage::{accept, defer, merge, reject, withdraw};

#[derive(sqlx::FromRow)]
struct TopicRow {
    id: i64,
    committee_id: i64,
    meeting_id: Option<i64>,
    meeting_title: Option<String>,
    meeting_starts: Option<DateTime<Utc>>,
    title: String,
    description: String,
    presenter: Option<String>,
    minutes: i32,
    public: bool,
    links: String,
    state: Stored<TopicState>,
    late: bool,
    retabled: bool,
    reject_reason: Option<String>,
    merged_into: Option<i64>,
    submitted_by: i64,
    submitter_name: String,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT t.id, t.committee_id, t.meeting_id, s.title AS meeting_title, \
     s.starts_at AS meeting_starts, t.title, t.description, t.presenter, t.minutes, t.public, \
     t.links, t.state, t.late, t.retabled, t.reject_reason, t.merged_into, t.submitted_by, \
     u.display_name AS submitter_name, t.version, t.created_at, t.updated_at \
     FROM topics t LEFT JOIN meetings s ON s.id = t.meeting_id \
     JOIN users u ON u.id = t.submitted_by";

fn meeting_ref(
    id: Option<i64>,
    title: Option<String>,
    starts: Option<DateTime<Utc>>,
) -> Option<MeetingRef> {
    match (id, title, starts) {
        (Some(id), Some(title), Some(starts)) => Some(MeetingRef {
            id,
            title,
            starts: utc_to_berlin(starts),
        }),
        _ => None,
    }
}

impl From<TopicRow> for Topic {
    fn from(row: TopicRow) -> Self {
        Topic {
            id: row.id,
            committee_id: row.committee_id,
            meeting: meeting_ref(row.meeting_id, row.meeting_title, row.meeting_starts),
            title: row.title,
            description: row.description,
            presenter: row.presenter,
            minutes: u32::try_from(row.minutes).unwrap_or(1),
            public: row.public,
            links: row.links.lines().map(str::to_owned).collect(),
            state: row.state.0,
            late: row.late,
            retabled: row.retabled,
            reject_reason: row.reject_reason,
            merged_into: row.merged_into,
            submitted_by: row.submitted_by,
            submitter_name: row.submitter_name,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// The meeting of a topic if it is at `version` (`Conflict` otherwise) and its state lets
/// `$action` happen (`TopicRefused` otherwise).
async fn open_topic(
    tx: &mut Tx,
    id: i64,
    version: i64,
    action: TopicAction,
) -> StoreResult<Option<i64>> {
    let row: Option<(Stored<TopicState>, i64, Option<i64>)> =
        query_as("SELECT state, version, meeting_id FROM topics WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((_, current, _)) if current != version => return Err(StoreError::Conflict),
        Some((state, _, meeting)) => {
            topics::transition(state.0, action).map_err(StoreError::TopicRefused)?;
            meeting
        }
    })
}

/// Saves a new topic for `meeting_id` (None: the next meeting that will be planned).
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(committee_id, late),
    err(level = "debug")
)]
pub async fn create(
    db: &Db,
    committee_id: i64,
    draft: &TopicDraft,
    meeting_id: Option<i64>,
    late: bool,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let submitter = actor.user_id.ok_or(StoreError::NotAllowed)?;
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(
        "INSERT INTO topics (committee_id, meeting_id, title, description, presenter, \
             minutes, public, links, late, submitted_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(committee_id)
    .bind(meeting_id)
    .bind(&draft.title)
    .bind(&draft.description)
    .bind(&draft.presenter)
    .bind(i32::try_from(draft.minutes).unwrap_or(1))
    .bind(draft.public)
    .bind(draft.links.join("\n"))
    .bind(late)
    .bind(submitter)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    topic_event(
        &mut tx,
        id,
        actor,
        TopicEventKind::Submitted,
        meeting_id,
        late.then_some("late"),
        at,
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::TOPIC_SUBMITTED,
            object: format!("topic:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<Topic> {
    let row: Option<TopicRow> = query_as(format!("{SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: DateTime<Utc>,
    actor_label: String,
    kind: Stored<TopicEventKind>,
    meeting_id: Option<i64>,
    meeting_title: Option<String>,
    meeting_starts: Option<DateTime<Utc>>,
    note: Option<String>,
}

/// The topic's history, oldest first.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn events(db: &Db, id: i64) -> StoreResult<Vec<TopicEvent>> {
    let rows: Vec<EventRow> = query_as(
        "SELECT e.at, COALESCE(u.display_name, e.actor_label) AS actor_label, e.kind, \
             e.meeting_id, s.title AS meeting_title, s.starts_at AS meeting_starts, e.note \
             FROM topic_events e LEFT JOIN meetings s ON s.id = e.meeting_id \
             LEFT JOIN users u ON u.id = e.actor_id WHERE e.topic_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TopicEvent {
            at: r.at,
            at_local: utc_to_berlin(r.at),
            actor: r.actor_label,
            kind: r.kind.0,
            meeting: meeting_ref(r.meeting_id, r.meeting_title, r.meeting_starts),
            note: r.note,
        })
        .collect())
}

/// The chair's triage board: every topic of meetings that have not ended yet, and those
/// waiting for the next meeting, by meeting date.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn board(db: &Db, committee_id: i64, at: DateTime<Utc>) -> StoreResult<Vec<Topic>> {
    let rows: Vec<TopicRow> = query_as(format!(
        "{SELECT} WHERE t.committee_id = $1 AND (s.id IS NULL OR s.ends_at >= $2) \
             ORDER BY s.starts_at IS NULL, s.starts_at, t.id"
    ))
    .bind(committee_id)
    .bind(at)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Topics one person submitted, latest first.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn by_submitter(db: &Db, user_id: i64) -> StoreResult<Vec<Topic>> {
    let rows: Vec<TopicRow> = query_as(format!(
        "{SELECT} WHERE t.submitted_by = $1 ORDER BY t.id DESC LIMIT 200"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The submitter's edit of an untriaged topic.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    draft: &TopicDraft,
    meeting_id: Option<i64>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    open_topic(&mut tx, id, version, TopicAction::Edit).await?;
    query(
        "UPDATE topics SET meeting_id = $1, title = $2, description = $3, presenter = $4, \
             minutes = $5, public = $6, links = $7, version = version + 1, updated_at = $8 \
             WHERE id = $9",
    )
    .bind(meeting_id)
    .bind(&draft.title)
    .bind(&draft.description)
    .bind(&draft.presenter)
    .bind(i32::try_from(draft.minutes).unwrap_or(1))
    .bind(draft.public)
    .bind(draft.links.join("\n"))
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    topic_event(
        &mut tx,
        id,
        actor,
        TopicEventKind::Edited,
        meeting_id,
        None,
        at,
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::TOPIC_EDITED,
            object: format!("topic:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
