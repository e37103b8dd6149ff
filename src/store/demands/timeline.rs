//! A demand's timeline as a reader may see it, the digest of changes, the moves a decision
//! made and the public change feed.

use chrono::{DateTime, Utc};

use crate::domain::decisions::DemandMove;
use crate::domain::demands::{Change, DemandEvent, DemandStatus, EventKind, Visibility};
use crate::domain::recurrence::utc_to_berlin;
use crate::store::sql::query_as;
use crate::store::stored::Stored;
use crate::store::{Db, StoreResult};

#[derive(sqlx::FromRow)]
pub(super) struct EventRow {
    at: DateTime<Utc>,
    actor_label: String,
    kind: Stored<EventKind>,
    from_status: Option<Stored<DemandStatus>>,
    to_status: Option<Stored<DemandStatus>>,
    comment: Option<String>,
    organization_name: Option<String>,
    meeting_id: Option<i64>,
    meeting_title: Option<String>,
    decision_id: Option<i64>,
    decision_period: Option<String>,
    decision_seq: Option<i64>,
    other_demand_id: Option<i64>,
    demand_id: i64,
    demand_title: String,
    meeting_public: Option<bool>,
    item_public: Option<bool>,
}

pub(super) const EVENT_SELECT: &str = "SELECT e.at, COALESCE(au.display_name, e.actor_label) AS actor_label, e.kind, e.from_status, e.to_status, \
     e.comment, o.name AS organization_name, e.meeting_id, s.title AS meeting_title, \
     e.decision_id, de.period AS decision_period, de.seq AS decision_seq, e.other_demand_id, \
     e.demand_id, dm.title AS demand_title, s.public AS meeting_public, ai.public AS item_public \
     FROM demand_events e \
     JOIN demands dm ON dm.id = e.demand_id LEFT JOIN users au ON au.id = e.actor_id LEFT JOIN organizations o ON o.id = e.organization_id \
     LEFT JOIN meetings s ON s.id = e.meeting_id LEFT JOIN decisions de ON de.id = e.decision_id \
     LEFT JOIN agenda_items ai ON ai.id = de.item_id";

/// The demand's status and its visibility to a reader with `visibility`, as an SQL condition
/// on the demand aliased `alias` (`$internal`, `$own` are the reader's flag and organization).
pub(super) fn seen_sql(alias: &str, internal: &str, own: &str) -> String {
    format!(
        "(({alias}.status <> 'draft' AND ({alias}.public OR {internal})) \
         OR {alias}.organization_id = {own})"
    )
}

/// An event as `visibility` may see it: a meeting only if the reader sees that meeting, a
/// decision only if the reader also sees its item (internal meetings and decision numbers
/// never reach public demands' timelines).
pub(super) fn event_for(visibility: Visibility, mut row: EventRow) -> Option<DemandEvent> {
    if !visibility.internal {
        if row.meeting_public != Some(true) {
            row.meeting_id = None;
            row.decision_id = None;
        }
        if row.item_public != Some(true) {
            row.decision_id = None;
        }
    }
    event(row)
}

pub(super) fn event(row: EventRow) -> Option<DemandEvent> {
    Some(DemandEvent {
        at: row.at,
        at_local: utc_to_berlin(row.at),
        actor: row.actor_label,
        kind: row.kind.0,
        from: row.from_status.map(|s| s.0),
        to: row.to_status.map(|s| s.0),
        comment: row.comment,
        organization: row.organization_name,
        meeting: row.meeting_id.zip(row.meeting_title),
        decision: row.decision_id.zip(
            row.decision_period
                .zip(row.decision_seq)
                .map(|(p, s)| crate::domain::decisions::number(&p, s)),
        ),
        other_demand: row.other_demand_id,
    })
}

/// The demand's timeline, oldest first.
pub(super) fn change(visibility: Visibility, row: EventRow) -> Option<Change> {
    let (demand_id, title) = (row.demand_id, row.demand_title.clone());
    Some(Change {
        demand_id,
        title,
        event: event_for(visibility, row)?,
    })
}

/// What a daily-digest reader missed in `[since, until)` on the demands they follow: status
/// changes, decisions, merges and topics, not their own doing; by demand, oldest first.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user), err(level = "debug"))]
pub async fn digest(
    db: &Db,
    user: i64,
    visibility: Visibility,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<Change>> {
    // Only demands the reader still sees: one made internal after they followed it drops out.
    let seen = seen_sql("dm", "$4", "$5");
    let rows: Vec<EventRow> = query_as(format!(
            "{EVENT_SELECT} JOIN demand_follows f ON f.demand_id = e.demand_id AND f.user_id = $1 \
             WHERE e.at >= $2 AND e.at < $3 AND (e.actor_id IS NULL OR e.actor_id <> $1) \
             AND {seen} \
             AND e.kind IN ('status', 'decision', 'merged_in', 'topic') ORDER BY e.demand_id, e.id LIMIT 500"
        ))
        .bind(user)
        .bind(since)
        .bind(until)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| change(visibility, r))
        .collect())
}

/// The demand's timeline as `visibility` may see it (the caller checked the demand itself).
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn timeline(db: &Db, id: i64, visibility: Visibility) -> StoreResult<Vec<DemandEvent>> {
    let rows: Vec<EventRow> = query_as(format!(
        "{EVENT_SELECT} WHERE e.demand_id = $1 ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| event_for(visibility, r))
        .collect())
}

/// The demands `decision` moved, from what to what.
#[tracing::instrument(level = "debug", skip_all, fields(decision = ?decision), err(level = "debug"))]
pub async fn moved_by(db: &Db, decision: i64) -> StoreResult<Vec<DemandMove>> {
    moves(db, "e.decision_id = $1", decision).await
}

/// The demands the decisions of `meeting` moved, in the order they were moved.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn moved_in(db: &Db, meeting: i64) -> StoreResult<Vec<DemandMove>> {
    moves(db, "de.meeting_id = $1", meeting).await
}

/// Read from the demands' timelines, which keep the status before and after each move.
pub(super) async fn moves(db: &Db, filter: &str, id: i64) -> StoreResult<Vec<DemandMove>> {
    type Row = (i64, i64, String, Stored<DemandStatus>, Stored<DemandStatus>);
    let rows: Vec<Row> = query_as(format!(
        "SELECT e.decision_id, d.id, d.title, e.from_status, e.to_status \
             FROM demand_events e JOIN demands d ON d.id = e.demand_id \
             JOIN decisions de ON de.id = e.decision_id \
             WHERE {filter} AND e.from_status IS NOT NULL AND e.to_status IS NOT NULL \
             ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(decision_id, demand_id, title, from, to)| DemandMove {
            decision_id,
            demand_id,
            title,
            from: from.0,
            to: to.0,
        })
        .collect())
}

/// A status change of a public demand, as the public feed shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicChange {
    pub event_id: i64,
    pub demand_id: i64,
    pub title: String,
    pub category: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

/// The newest status changes (including decisions and merges) of public demands, newest first;
/// optionally of one category, or of demands one organization raised or co-signed.
#[tracing::instrument(level = "debug", skip_all, fields(limit = ?limit), err(level = "debug"))]
pub async fn public_changes(
    db: &Db,
    category: Option<i64>,
    organization: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<PublicChange>> {
    Ok(query_as(
        "SELECT e.id AS event_id, d.id AS demand_id, d.title, c.name AS category, e.kind, \
             e.from_status, e.to_status, e.comment, e.at FROM demand_events e \
             JOIN demands d ON d.id = e.demand_id \
             JOIN demand_categories c ON c.id = d.category_id \
             WHERE d.public = $1 AND d.status <> 'draft' \
             AND e.kind IN ('status', 'decision', 'merged_in') \
             AND ($2 IS NULL OR d.category_id = $2) \
             AND ($3 IS NULL OR d.organization_id = $3 OR EXISTS (SELECT 1 FROM \
             demand_cosignatures s WHERE s.demand_id = d.id AND s.organization_id = $3)) \
             ORDER BY e.id DESC LIMIT $4",
    )
    .bind(true)
    .bind(category)
    .bind(organization)
    .bind(limit)
    .fetch_all(db)
    .await?)
}
