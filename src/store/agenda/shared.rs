//! What other entities' transactions do to an agenda: a topic's history entry, the standard
//! items, the slot for a new item and re-tabling what a meeting did not deal with.

use chrono::{DateTime, Utc};

use crate::domain::audit::Actor;
use crate::domain::topics::TopicEventKind;
use crate::store::StoreResult;
use crate::store::sql::{Tx, query, query_as, query_scalar};

/// Writes one entry of a topic's history inside the open transaction.
pub(crate) async fn topic_event(
    tx: &mut Tx,
    topic: i64,
    actor: &Actor,
    kind: TopicEventKind,
    meeting: Option<i64>,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query(
        "INSERT INTO topic_events (topic_id, at, actor_id, actor_label, kind, meeting_id, \
             note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(topic)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(kind.as_str())
    .bind(meeting)
    .bind(note)
    .execute(&mut *tx)
    .await?;

    Ok(())
}

/// Gives a meeting's agenda its standard items when the meeting is created (and, for meetings
/// from before that rule, when its agenda is first worked on): welcome and approval of the last
/// minutes first, other business last. Never again after that, so the chair can remove them for
/// good.
pub(crate) async fn start_agenda(tx: &mut Tx, meeting: i64, at: DateTime<Utc>) -> StoreResult<()> {
    let first =
        query("UPDATE meetings SET agenda_started = TRUE WHERE id = $1 AND NOT agenda_started")
            .bind(meeting)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if first > 0 {
        query("UPDATE agenda_items SET position = position + 2 WHERE meeting_id = $1")
            .bind(meeting)
            .execute(&mut *tx)
            .await?;
        let last: i32 = query_scalar(
            "SELECT COALESCE(MAX(position), 2) FROM agenda_items WHERE meeting_id = $1",
        )
        .bind(meeting)
        .fetch_one(&mut *tx)
        .await?;
        for (standard, position) in [
            (crate::domain::agenda::StandardItem::Welcome, 1),
            (crate::domain::agenda::StandardItem::MinutesApproval, 2),
            (crate::domain::agenda::StandardItem::Other, last + 1),
        ] {
            query(
                "INSERT INTO agenda_items (meeting_id, position, title, minutes, public, \
                     standard, created_at) VALUES ($1, $2, $3, $4, TRUE, $5, $6)",
            )
            .bind(meeting)
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
pub(crate) async fn insert_slot(tx: &mut Tx, meeting: i64) -> StoreResult<i32> {
    let other: Option<i32> = query_scalar(
        "SELECT position FROM agenda_items WHERE meeting_id = $1 AND standard = 'other' \
             AND level = 0 ORDER BY position DESC LIMIT 1",
    )
    .bind(meeting)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match other {
        Some(position) => {
            query(
                "UPDATE agenda_items SET position = position + 1 \
                     WHERE meeting_id = $1 AND position >= $2",
            )
            .bind(meeting)
            .bind(position)
            .execute(&mut *tx)
            .await?;
            position
        }
        None => {
            let last: i32 = query_scalar(
                "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = $1",
            )
            .bind(meeting)
            .fetch_one(&mut *tx)
            .await?;
            last + 1
        }
    })
}

/// Moves the accepted topics a meeting did not deal with on to the committee's next open
/// meeting (vertagt): the old item is marked re-tabled, the topic moves with its history, and
/// the next agenda gains the item. Without a next meeting the topic waits for triage.
pub(crate) async fn retable(
    tx: &mut Tx,
    meeting: i64,
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let open: Vec<(i64, i64)> = query_as(
        "SELECT id, topic_id FROM agenda_items WHERE meeting_id = $1 \
             AND topic_id IS NOT NULL AND outcome IS NULL ORDER BY position",
    )
    .bind(meeting)
    .fetch_all(&mut *tx)
    .await?;
    if !open.is_empty() {
        let next: Option<i64> = query_scalar(
            "SELECT n.id FROM meetings n JOIN meetings s ON s.id = $1 \
                 WHERE n.committee_id = s.committee_id AND n.id <> s.id \
                 AND n.status IN ('planned', 'invited') AND n.starts_at > s.starts_at \
                 ORDER BY n.starts_at, n.id LIMIT 1",
        )
        .bind(meeting)
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
                "UPDATE topics SET meeting_id = $1, retabled = TRUE, \
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
                    "INSERT INTO agenda_items (meeting_id, topic_id, position, title, \
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
                query("UPDATE meetings SET agenda_version = agenda_version + 1 WHERE id = $1")
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
