//! SQL for sessions (Sitzungen): generated from their series for a rolling horizon, changed one
//! by one, listed and searched. Every change a calendar client must see raises `sequence`.

use chrono::{DateTime, NaiveDate, Utc};

use super::agenda::{retable, start_agenda};
use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::{
    self, MeetingAction, NewSession, SessionFormat, SessionRecord, SessionStatus,
};
use crate::domain::page::{Page, PageRequest};
use crate::domain::recurrence::{berlin_today, horizon_end, occurrences};
use crate::domain::text::{escape_like, fold_for_search};

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    committee_id: i64,
    series_id: Option<i64>,
    uid: String,
    title: String,
    format: Stored<SessionFormat>,
    status: Stored<SessionStatus>,
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

/// Whether a session holds anything that regenerating its series must not destroy: any status
/// beyond "planned" (an agenda was published, it was held, it was cancelled), any change made to
/// it alone, topics meant for it, and an agenda the chair has changed (the standard items alone
/// do not count; they go with the session).
const KEEP_ON_REGENERATE: &str = "(detached OR status <> 'planned' OR agenda_version > 1 \
     OR EXISTS (SELECT 1 FROM topics WHERE topics.session_id = sessions.id))";

impl From<SessionRow> for SessionRecord {
    fn from(row: SessionRow) -> Self {
        SessionRecord {
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

fn new_uid() -> String {
    let (_, random) = crate::secret::new_token();
    format!("{}@gremium", &random[..32])
}

/// What `sync_series` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub created: u32,
    pub updated: u32,
    pub removed: u32,
}

/// Brings the future sessions of a series in line with it, up to the rolling horizon: missing
/// dates are created, plain generated sessions follow changed times, place or title, and those
/// whose date the series no longer has are removed — unless they hold content or were changed
/// one by one (`KEEP_ON_REGENERATE`), which are never touched. Past sessions are never touched.
/// Idempotent: running it twice changes nothing the second time.
pub async fn sync_series(db: &Db, series_id: i64, at: DateTime<Utc>) -> StoreResult<SyncReport> {
    let series = super::series::get(db, series_id).await?;
    let draft = &series.draft;
    let today = berlin_today(at);
    let wanted: Vec<_> = occurrences(draft, today, horizon_end(today))
        .into_iter()
        .filter(|o| o.starts_at > at)
        .collect();
    let changed_at = now();
    let search = search_text(&draft.title, draft.location.as_deref());
    let mut report = SyncReport::default();
    let mut tx = db.begin().await?;
    // Every date the series has a session for, kept or not, past or future.
    let taken: Vec<(Option<NaiveDate>,)> =
        query_as("SELECT occurrence FROM sessions WHERE series_id = $1")
            .bind(series_id)
            .fetch_all(&mut tx)
            .await?;
    let taken: Vec<NaiveDate> = taken.into_iter().filter_map(|(d,)| d).collect();
    let plain: Vec<(i64, Option<NaiveDate>)> = query_as(format!(
        "SELECT id, occurrence FROM sessions \
                 WHERE series_id = $1 AND starts_at > $2 AND NOT {KEEP_ON_REGENERATE}"
    ))
    .bind(series_id)
    .bind(at)
    .fetch_all(&mut tx)
    .await?;
    for (id, occurrence) in plain {
        match wanted.iter().find(|o| Some(o.date) == occurrence) {
            Some(o) => {
                let updated = query(
                    "UPDATE sessions SET title = $1, format = $2, starts_at = $3, \
                         ends_at = $4, deadline_at = $5, video_url = $6, location = $7, \
                         public = $8, search_text = $9, sequence = sequence + 1, \
                         version = version + 1, updated_at = $10 \
                         WHERE id = $11 AND (title <> $1 OR format <> $2 OR starts_at <> $3 \
                         OR ends_at <> $4 OR deadline_at <> $5 \
                         OR COALESCE(video_url, '') <> COALESCE($6, '') \
                         OR COALESCE(location, '') <> COALESCE($7, '') OR public <> $8)",
                )
                .bind(&draft.title)
                .bind(draft.format.as_str())
                .bind(o.starts_at)
                .bind(o.ends_at)
                .bind(o.deadline_at)
                .bind(&draft.video_url)
                .bind(&draft.location)
                .bind(draft.public)
                .bind(&search)
                .bind(changed_at)
                .bind(id)
                .execute(&mut tx)
                .await?
                .rows_affected();
                if updated > 0 {
                    report.updated += 1;
                }
            }
            None => {
                query("DELETE FROM agenda_items WHERE session_id = $1")
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
                query("DELETE FROM sessions WHERE id = $1")
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
                report.removed += 1;
            }
        }
    }
    for o in wanted.iter().filter(|o| !taken.contains(&o.date)) {
        let id: i64 = query_scalar(
            "INSERT INTO sessions (committee_id, series_id, occurrence, uid, title, format, \
                 starts_at, ends_at, deadline_at, video_url, location, public, search_text, \
                 created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
                 RETURNING id",
        )
        .bind(series.committee_id)
        .bind(series_id)
        .bind(o.date)
        .bind(new_uid())
        .bind(&draft.title)
        .bind(draft.format.as_str())
        .bind(o.starts_at)
        .bind(o.ends_at)
        .bind(o.deadline_at)
        .bind(&draft.video_url)
        .bind(&draft.location)
        .bind(draft.public)
        .bind(&search)
        .bind(changed_at)
        .fetch_one(&mut tx)
        .await?;
        start_agenda(&mut tx, id, changed_at).await?;
        report.created += 1;
    }
    tx.commit().await?;

    Ok(report)
}

/// Extends every series to the horizon (at start and once a day).
pub async fn sync_all(db: &Db, at: DateTime<Utc>) -> StoreResult<SyncReport> {
    let mut total = SyncReport::default();
    for id in super::series::all_ids(db).await? {
        let report = sync_series(db, id, at).await?;
        total.created += report.created;
        total.updated += report.updated;
        total.removed += report.removed;
    }
    Ok(total)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<SessionRecord> {
    let row: Option<SessionRow> = query_as(format!("SELECT {COLUMNS} FROM sessions WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into())
}

/// Sessions that still take topics or deferrals: planned or invited, not begun, soonest first.
pub async fn open_for_topics(
    db: &Db,
    committee_id: i64,
    at: DateTime<Utc>,
) -> StoreResult<Vec<SessionRecord>> {
    let rows: Vec<SessionRow> = query_as(format!(
        "SELECT {COLUMNS} FROM sessions WHERE committee_id = $1 \
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
pub struct SessionQuery {
    pub committee_id: i64,
    pub when: When,
    /// Words from title or place.
    pub text: Option<String>,
    /// Only public sessions (for readers outside the committee).
    pub public_only: bool,
    pub page: PageRequest,
}

pub async fn list(
    db: &Db,
    query: &SessionQuery,
    at: DateTime<Utc>,
) -> StoreResult<Page<SessionRecord>> {
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
    let (total, rows): (i64, Vec<SessionRow>) = {
        let total = query_scalar(format!("SELECT COUNT(*) FROM sessions {filter}"))
            .bind(query.committee_id)
            .bind(query.public_only)
            .bind(at)
            .bind(&pattern)
            .fetch_one(db)
            .await?;
        let rows = query_as(format!(
            "SELECT {COLUMNS} FROM sessions {filter} ORDER BY {order} LIMIT $5 OFFSET $6"
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

/// Sessions starting in `[from, to)`, for the month view and the calendar feeds.
pub async fn between(
    db: &Db,
    committee_id: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    public_only: bool,
) -> StoreResult<Vec<SessionRecord>> {
    let rows: Vec<SessionRow> = query_as(format!(
        "SELECT {COLUMNS} FROM sessions WHERE ($1 IS NULL OR committee_id = $1) \
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

/// Adds a one-off session outside any series.
pub async fn create(
    db: &Db,
    committee_id: i64,
    new: &NewSession,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(
        "INSERT INTO sessions (committee_id, uid, title, format, starts_at, ends_at, \
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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::SESSION_CREATED,
            object: format!("meeting:{id}"),
            summary: format!("{} {}", new.title, new.starts_at.to_rfc3339()),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The status of a session if it is at `version`: `Conflict` when someone changed it since,
/// `NotFound` when it does not exist.
async fn locked_status(tx: &mut Tx, id: i64, version: i64) -> StoreResult<SessionStatus> {
    let row: Option<(Stored<SessionStatus>, i64)> =
        query_as("SELECT status, version FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((_, current)) if current != version => return Err(StoreError::Conflict),
        Some((status, _)) => status.0,
    })
}

/// Moves a session to a new date and time. The first original start is kept in `moved_from`;
/// the session leaves its series' control so later series changes do not move it back.
pub async fn reschedule(
    db: &Db,
    id: i64,
    version: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    deadline_at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Reschedule).map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE sessions SET moved_from = COALESCE(moved_from, starts_at), starts_at = $1, \
             ends_at = $2, deadline_at = $3, detached = TRUE, sequence = sequence + 1, \
             version = version + 1, updated_at = $4 WHERE id = $5",
    )
    .bind(starts_at)
    .bind(ends_at)
    .bind(deadline_at)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::SESSION_MOVED,
            object: format!("meeting:{id}"),
            summary: starts_at.to_rfc3339(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Cancels a session that has not begun; the reason is shown on its page and in calendars.
pub async fn cancel(
    db: &Db,
    id: i64,
    version: i64,
    reason: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Cancel).map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE sessions SET status = 'cancelled', cancel_reason = $1, detached = TRUE, \
             sequence = sequence + 1, version = version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    retable(&mut tx, id, actor, at).await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::SESSION_CANCELLED,
            object: format!("meeting:{id}"),
            summary: reason.to_owned(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Changes format, video link and place of one session.
pub async fn update_place(
    db: &Db,
    id: i64,
    version: i64,
    format: SessionFormat,
    video_url: Option<&str>,
    location: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::ChangePlace).map_err(StoreError::MeetingRefused)?;
    let title: String = query_scalar("SELECT title FROM sessions WHERE id = $1")
        .bind(id)
        .fetch_one(&mut tx)
        .await?;
    query(
        "UPDATE sessions SET format = $1, video_url = $2, location = $3, search_text = $4, \
             detached = TRUE, sequence = sequence + 1, version = version + 1, updated_at = $5 \
             WHERE id = $6",
    )
    .bind(format.as_str())
    .bind(video_url)
    .bind(location)
    .bind(search_text(&title, location))
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::SESSION_CHANGED,
            object: format!("meeting:{id}"),
            summary: format!(
                "{} {} {}",
                format.as_str(),
                location.unwrap_or_default(),
                video_url.unwrap_or_default()
            ),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Moves a session along its status path (planned → invited → … ; see `SessionStatus::next`).
pub async fn set_status(
    db: &Db,
    id: i64,
    version: i64,
    next: SessionStatus,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let status = locked_status(&mut tx, id, version).await?;
    calendar::transition(status, MeetingAction::Advance(next))
        .map_err(StoreError::MeetingRefused)?;
    query(
        "UPDATE sessions SET status = $1, sequence = sequence + 1, version = version + 1, \
             updated_at = $2 WHERE id = $3",
    )
    .bind(next.as_str())
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    if next == SessionStatus::Held {
        retable(&mut tx, id, actor, at).await?;
    }
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::SESSION_STATUS,
            object: format!("meeting:{id}"),
            summary: format!("{} → {}", status.as_str(), next.as_str()),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
