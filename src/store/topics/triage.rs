//! The chair's triage of a topic and the submitter's withdrawal: closing, merging, deferring
//! and accepting onto an agenda.

use super::open_topic;
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::topics::{TopicAction, TopicEventKind, TopicState};
use crate::store::agenda::{insert_slot, start_agenda, topic_event};
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Db, StoreError, StoreResult, now};

/// Changes state (and what goes with it) of an open topic; shared by withdraw, reject, merge.
pub(super) async fn close(
    db: &Db,
    id: i64,
    version: i64,
    state: TopicState,
    reason: Option<&str>,
    merged_into: Option<i64>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let (kind, audit_action, topic_action) = match state {
        TopicState::Withdrawn => (
            TopicEventKind::Withdrawn,
            action::TOPIC_WITHDRAWN,
            TopicAction::Withdraw,
        ),
        TopicState::Rejected => (
            TopicEventKind::Rejected,
            action::TOPIC_REJECTED,
            TopicAction::Reject,
        ),
        _ => (
            TopicEventKind::Merged,
            action::TOPIC_MERGED,
            TopicAction::Merge,
        ),
    };
    let mut tx = db.begin().await?;
    let meeting = open_topic(&mut tx, id, version, topic_action).await?;
    if let Some(target) = merged_into {
        let target_state: Option<Stored<TopicState>> =
            query_scalar("SELECT state FROM topics WHERE id = $1 AND id <> $2")
                .bind(target)
                .bind(id)
                .fetch_optional(&mut tx)
                .await?;
        match target_state.map(|s| s.0) {
            Some(TopicState::Submitted | TopicState::Accepted) => {}
            _ => return Err(StoreError::NotFound),
        }
    }
    query(
        "UPDATE topics SET state = $1, reject_reason = $2, merged_into = $3, \
             version = version + 1, updated_at = $4 WHERE id = $5",
    )
    .bind(state.as_str())
    .bind(reason)
    .bind(merged_into)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    let note = merged_into.map(|t| format!("#{t}"));
    topic_event(
        &mut tx,
        id,
        actor,
        kind,
        meeting,
        reason.or(note.as_deref()),
        at,
    )
    .await?;
    if let Some(target) = merged_into {
        let from = format!("#{id}");
        topic_event(
            &mut tx,
            target,
            actor,
            TopicEventKind::Merged,
            None::<i64>,
            Some(from.as_str()),
            at,
        )
        .await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: audit_action,
            object: format!("topic:{id}"),
            summary: reason.map(str::to_owned).or(note).unwrap_or_default(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn withdraw(db: &Db, id: i64, version: i64, actor: &Actor) -> StoreResult<()> {
    close(db, id, version, TopicState::Withdrawn, None, None, actor).await
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn reject(
    db: &Db,
    id: i64,
    version: i64,
    reason: &str,
    actor: &Actor,
) -> StoreResult<()> {
    close(
        db,
        id,
        version,
        TopicState::Rejected,
        Some(reason),
        None,
        actor,
    )
    .await
}

/// Folds the topic into `into` (an open or accepted topic); `NotFound` when there is no such.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(id, version, into),
    err(level = "debug")
)]
pub async fn merge(db: &Db, id: i64, version: i64, into: i64, actor: &Actor) -> StoreResult<()> {
    close(db, id, version, TopicState::Merged, None, Some(into), actor).await
}

/// Moves an untriaged topic to a later meeting, where it waits for triage again.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(id, version, to_meeting),
    err(level = "debug")
)]
pub async fn defer(
    db: &Db,
    id: i64,
    version: i64,
    to_meeting: i64,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    open_topic(&mut tx, id, version, TopicAction::Defer).await?;
    query(
        "UPDATE topics SET meeting_id = $1, version = version + 1, updated_at = $2 \
             WHERE id = $3",
    )
    .bind(to_meeting)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    topic_event(
        &mut tx,
        id,
        actor,
        TopicEventKind::Deferred,
        Some(to_meeting),
        None,
        at,
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::TOPIC_DEFERRED,
            object: format!("topic:{id}"),
            summary: format!("meeting:{to_meeting}"),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Accepts a topic onto its meeting's agenda (before "Verschiedenes"). The agenda's version is
/// raised, so a chair editing the agenda at the same time is told instead of overwriting.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn accept(db: &Db, id: i64, version: i64, actor: &Actor) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let meeting = open_topic(&mut tx, id, version, TopicAction::Accept)
        .await?
        .ok_or(StoreError::NotFound)?;
    start_agenda(&mut tx, meeting, at).await?;
    let (title, presenter, minutes, public, late, retabled): (
        String,
        Option<String>,
        i32,
        bool,
        bool,
        bool,
    ) = query_as(
        "SELECT title, presenter, minutes, public, late, retabled FROM topics WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut tx)
    .await?;
    let position = insert_slot(&mut tx, meeting).await?;
    let item: i64 = query_scalar(
        "INSERT INTO agenda_items (meeting_id, topic_id, position, title, presenter, \
             minutes, public, late, retabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(meeting)
    .bind(id)
    .bind(position)
    .bind(&title)
    .bind(&presenter)
    .bind(minutes)
    .bind(public)
    .bind(late)
    .bind(retabled)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    query(
        "UPDATE meetings SET agenda_version = agenda_version + 1, updated_at = $1 \
             WHERE id = $2",
    )
    .bind(at)
    .bind(meeting)
    .execute(&mut tx)
    .await?;
    query(
        "UPDATE topics SET state = 'accepted', version = version + 1, updated_at = $1 \
             WHERE id = $2",
    )
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    topic_event(
        &mut tx,
        id,
        actor,
        TopicEventKind::Accepted,
        Some(meeting),
        None,
        at,
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::TOPIC_ACCEPTED,
            object: format!("topic:{id}"),
            summary: format!("meeting:{meeting}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}
