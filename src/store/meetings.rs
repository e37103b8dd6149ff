//! SQL for meetings (Sitzungen): generated from their series for a rolling horizon, changed one
//! by one, listed and searched. Every change a calendar client must see raises `sequence`.

use chrono::{DateTime, Utc};

use super::agenda::start_agenda;
use super::sql::{query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::{MeetingFormat, MeetingRecord, MeetingStatus, NewMeeting};
use crate::domain::page::{Page, PageRequest};
use crate::domain::text::{escape_like, fold_for_search};

mod lifecycle;
mod series;

pub use lifecycle::{cancel, reschedule, set_status, update_place};
use series::new_uid;
pub use series::{SyncReport, sync_all, sync_series};

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    committee_id: i64,
    series_id: Option<i64>,
    uid: String,
    title: String,
    format: Stored<MeetingFormat>,
    status: Stored<MeetingStatus>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    deadline_at: DateTime<Utc>,
    video_url: Option<String>,
    location: Option<String>,
    public: bool,
    moved_from: Option<DateTime<Utc>>,
    cancel_reason: Option<String>,
    sequence: i32,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, committee_id, series_id, uid, title, format, status, starts_at, \
     ends_at, deadline_at, video_url, location, public, moved_from, cancel_reason, sequence, \
     version, created_at, updated_at";

impl From<MeetingRow> for MeetingRecord {
    fn from(row: MeetingRow) -> Self {
        MeetingRecord {
            id: row.id,
            committee_id: row.committee_id,
            series_id: row.series_id,
            uid: row.uid,
            title: row.title,
            format: row.format.0,
            status: row.status.0,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            deadline_at: row.deadline_at,
            video_url: row.video_url,
            location: row.location,
            public: row.public,
            moved_from: row.moved_from,
            cancel_reason: row.cancel_reason,
            sequence: row.sequence,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn search_text(title: &str, location: Option<&str>) -> String {
    fold_for_search(&format!("{title} {}", location.unwrap_or_default()))
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<MeetingRecord> {
    let row: Option<MeetingRow> = query_as(format!("SELECT {COLUMNS} FROM meetings WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into())
}

/// Meetings that still take topics or deferrals: planned or invited, not begun, soonest first.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn open_for_topics(
    db: &Db,
    committee_id: i64,
    at: DateTime<Utc>,
) -> StoreResult<Vec<MeetingRecord>> {
    let rows: Vec<MeetingRow> = query_as(format!(
        "SELECT {COLUMNS} FROM meetings WHERE committee_id = $1 \
             AND status IN ('planned', 'invited') AND starts_at > $2 \
             ORDER BY starts_at, id LIMIT 24"
    ))
    .bind(committee_id)
    .bind(at)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Upcoming (not yet ended, soonest first) or past (latest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Upcoming,
    Past,
}

#[derive(Clone, Debug)]
pub struct MeetingQuery {
    pub committee_id: i64,
    pub when: When,
    /// Words from title or place.
    pub text: Option<String>,
    /// Only public meetings (for readers outside the committee).
    pub public_only: bool,
    pub page: PageRequest,
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn list(
    db: &Db,
    query: &MeetingQuery,
    at: DateTime<Utc>,
) -> StoreResult<Page<MeetingRecord>> {
    let (time, order) = match query.when {
        When::Upcoming => ("ends_at >= $3", "starts_at, id"),
        When::Past => ("ends_at < $3", "starts_at DESC, id DESC"),
    };
    let pattern = format!(
        "%{}%",
        escape_like(&fold_for_search(query.text.as_deref().unwrap_or_default()))
    );
    let filter = format!(
        "WHERE committee_id = $1 AND (NOT $2 OR public) AND {time} \
         AND search_text LIKE $4 ESCAPE '\\'"
    );
    let (total, rows): (i64, Vec<MeetingRow>) = {
        let total = query_scalar(format!("SELECT COUNT(*) FROM meetings {filter}"))
            .bind(query.committee_id)
            .bind(query.public_only)
            .bind(at)
            .bind(&pattern)
            .fetch_one(db)
            .await?;
        let rows = query_as(format!(
            "SELECT {COLUMNS} FROM meetings {filter} ORDER BY {order} LIMIT $5 OFFSET $6"
        ))
        .bind(query.committee_id)
        .bind(query.public_only)
        .bind(at)
        .bind(&pattern)
        .bind(query.page.limit())
        .bind(query.page.offset())
        .fetch_all(db)
        .await?;
        (total, rows)
    };
    Ok(Page::new(
        rows.into_iter().map(Into::into).collect(),
        u64::try_from(total).unwrap_or(0),
        query.page,
    ))
}

/// Meetings starting in `[from, to)`, for the month view and the calendar feeds.
#[tracing::instrument(level = "debug", skip_all, fields(public_only = ?public_only), err(level = "debug"))]
pub async fn between(
    db: &Db,
    committee_id: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    public_only: bool,
) -> StoreResult<Vec<MeetingRecord>> {
    let rows: Vec<MeetingRow> = query_as(format!(
        "SELECT {COLUMNS} FROM meetings WHERE ($1 IS NULL OR committee_id = $1) \
             AND (NOT $2 OR public) AND starts_at >= $3 AND starts_at < $4 \
             ORDER BY starts_at, id"
    ))
    .bind(committee_id)
    .bind(public_only)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Adds a one-off meeting outside any series.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn create(
    db: &Db,
    committee_id: i64,
    new: &NewMeeting,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(
        "INSERT INTO meetings (committee_id, uid, title, format, starts_at, ends_at, \
             deadline_at, video_url, location, public, search_text, detached, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE, $12, $12) \
             RETURNING id",
    )
    .bind(committee_id)
    .bind(new_uid())
    .bind(&new.title)
    .bind(new.format.as_str())
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.deadline_at)
    .bind(&new.video_url)
    .bind(&new.location)
    .bind(new.public)
    .bind(search_text(&new.title, new.location.as_deref()))
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    start_agenda(&mut tx, id, at).await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEETING_CREATED,
            object: format!("meeting:{id}"),
            summary: format!("{} {}", new.title, new.starts_at.to_rfc3339()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
