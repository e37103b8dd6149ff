//! Keeping a series' meetings in step with its rule: generating, moving and removing planned
//! meetings inside the horizon.

use chrono::{DateTime, NaiveDate, Utc};

use super::search_text;
use crate::domain::recurrence::{berlin_today, horizon_end, occurrences};
use crate::store::agenda::start_agenda;
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::{Db, StoreResult, now};

/// Whether a meeting holds anything that regenerating its series must not destroy: any status
/// beyond "planned" (an agenda was published, it was held, it was cancelled), any change made to
/// it alone, topics meant for it, and an agenda the chair has changed (the standard items alone
/// do not count; they go with the meeting).
pub(super) const KEEP_ON_REGENERATE: &str = "(detached OR status <> 'planned' OR agenda_version > 1 \
     OR EXISTS (SELECT 1 FROM topics WHERE topics.meeting_id = meetings.id))";

pub(super) fn new_uid() -> String {
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

/// Brings the future meetings of a series in line with it, up to the rolling horizon: missing
/// dates are created, plain generated meetings follow changed times, place or title, and those
/// whose date the series no longer has are removed — unless they hold content or were changed
/// one by one (`KEEP_ON_REGENERATE`), which are never touched. Past meetings are never touched.
/// Idempotent: running it twice changes nothing the second time.
#[tracing::instrument(level = "debug", skip_all, fields(series_id = ?series_id), err(level = "debug"))]
pub async fn sync_series(db: &Db, series_id: i64, at: DateTime<Utc>) -> StoreResult<SyncReport> {
    let series = crate::store::series::get(db, series_id).await?;
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
    // Two servers extending the horizon at once take turns per series (on SQLite the single
    // writer does that already): the second sees the first one's meetings and adds none.
    if tx.backend() == crate::store::Backend::Postgres {
        query("SELECT id FROM meeting_series WHERE id = $1 FOR UPDATE")
            .bind(series_id)
            .execute(&mut tx)
            .await?;
    }
    // Every date the series has a meeting for, kept or not, past or future.
    let taken: Vec<(Option<NaiveDate>,)> =
        query_as("SELECT occurrence FROM meetings WHERE series_id = $1")
            .bind(series_id)
            .fetch_all(&mut tx)
            .await?;
    let taken: Vec<NaiveDate> = taken.into_iter().filter_map(|(d,)| d).collect();
    let plain: Vec<(i64, Option<NaiveDate>)> = query_as(format!(
        "SELECT id, occurrence FROM meetings \
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
                    "UPDATE meetings SET title = $1, format = $2, starts_at = $3, \
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
                query("DELETE FROM agenda_items WHERE meeting_id = $1")
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
                query("DELETE FROM meetings WHERE id = $1")
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
                report.removed += 1;
            }
        }
    }
    for o in wanted.iter().filter(|o| !taken.contains(&o.date)) {
        let id: i64 = query_scalar(
            "INSERT INTO meetings (committee_id, series_id, occurrence, uid, title, format, \
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
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn sync_all(db: &Db, at: DateTime<Utc>) -> StoreResult<SyncReport> {
    let mut total = SyncReport::default();
    for id in crate::store::series::all_ids(db).await? {
        let report = sync_series(db, id, at).await?;
        total.created += report.created;
        total.updated += report.updated;
        total.removed += report.removed;
    }
    Ok(total)
}
