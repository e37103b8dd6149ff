//! SQL for meeting series. Saving a series does not touch its meetings; `meetings::sync_series`
//! brings them in line afterwards (and again every day, for the rolling horizon).

use chrono::{NaiveDate, NaiveTime};

use super::sql::{query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::{MeetingFormat, Recurrence, Series, SeriesDraft};

#[derive(sqlx::FromRow)]
struct SeriesRow {
    id: i64,
    committee_id: i64,
    title: String,
    format: Stored<MeetingFormat>,
    rule: String,
    interval_months: i32,
    nth: i32,
    weekday: i32,
    skip_months: String,
    dates: String,
    first_date: NaiveDate,
    until_date: Option<NaiveDate>,
    start_time: String,
    duration_minutes: i32,
    video_url: Option<String>,
    location: Option<String>,
    deadline_days: i32,
    public: bool,
    version: i64,
}

const COLUMNS: &str = "id, committee_id, title, format, rule, interval_months, nth, weekday, \
     skip_months, dates, first_date, until_date, start_time, duration_minutes, video_url, location, \
     deadline_days, public, version";

impl SeriesRow {
    fn into_series(self, upcoming: i64) -> Series {
        let recurrence = if self.rule == "dates" {
            Recurrence::Dates(
                self.dates
                    .split(',')
                    .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                    .collect(),
            )
        } else {
            Recurrence::MonthlyByWeekday {
                interval: u8::try_from(self.interval_months).unwrap_or(1),
                nth: i8::try_from(self.nth).unwrap_or(1),
                weekday: u8::try_from(self.weekday).unwrap_or(0),
                skip_months: self
                    .skip_months
                    .split(',')
                    .filter_map(|m| m.trim().parse().ok())
                    .collect(),
            }
        };
        Series {
            id: self.id,
            committee_id: self.committee_id,
            version: self.version,
            upcoming,
            draft: SeriesDraft {
                title: self.title,
                format: self.format.0,
                recurrence,
                first_date: self.first_date,
                until: self.until_date,
                start_time: NaiveTime::parse_from_str(&self.start_time, "%H:%M")
                    .unwrap_or_default(),
                duration_minutes: u32::try_from(self.duration_minutes).unwrap_or(60),
                video_url: self.video_url,
                location: self.location,
                deadline_days: u32::try_from(self.deadline_days).unwrap_or(0),
                public: self.public,
            },
        }
    }
}

/// The columns a draft is stored in: rule, interval, nth, weekday, skip months, dates.
fn rule_columns(recurrence: &Recurrence) -> (&'static str, i32, i32, i32, String, String) {
    match recurrence {
        Recurrence::MonthlyByWeekday {
            interval,
            nth,
            weekday,
            skip_months,
        } => (
            "monthly",
            i32::from(*interval),
            i32::from(*nth),
            i32::from(*weekday),
            skip_months
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(","),
            String::new(),
        ),
        Recurrence::Dates(dates) => (
            "dates",
            1,
            1,
            0,
            String::new(),
            dates
                .iter()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// Every series of a committee with the number of its meetings from `from` on.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn list(
    db: &Db,
    committee_id: i64,
    from: chrono::DateTime<chrono::Utc>,
) -> StoreResult<Vec<Series>> {
    let rows: Vec<(SeriesRow, i64)> = {
        let rows: Vec<SeriesRow> = query_as(format!(
            "SELECT {COLUMNS} FROM meeting_series WHERE committee_id = $1 ORDER BY id"
        ))
        .bind(committee_id)
        .fetch_all(db)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let upcoming: i64 = query_scalar(
                "SELECT COUNT(*) FROM meetings WHERE series_id = $1 AND starts_at >= $2",
            )
            .bind(row.id)
            .bind(from)
            .fetch_one(db)
            .await?;
            out.push((row, upcoming));
        }
        out
    };
    Ok(rows
        .into_iter()
        .map(|(row, upcoming)| row.into_series(upcoming))
        .collect())
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<Series> {
    let row: Option<SeriesRow> = query_as(format!(
        "SELECT {COLUMNS} FROM meeting_series WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into_series(0))
}

/// Every series, for the daily extension of the horizon.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn all_ids(db: &Db) -> StoreResult<Vec<i64>> {
    Ok(query_scalar("SELECT id FROM meeting_series ORDER BY id")
        .fetch_all(db)
        .await?)
}

#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn create(
    db: &Db,
    committee_id: i64,
    draft: &SeriesDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let (rule, interval, nth, weekday, skip, dates) = rule_columns(&draft.recurrence);
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(
        "INSERT INTO meeting_series (committee_id, title, format, rule, interval_months, nth, \
             weekday, skip_months, dates, first_date, until_date, start_time, duration_minutes, \
             video_url, location, deadline_days, public, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $18) RETURNING id",
    )
    .bind(committee_id)
    .bind(&draft.title)
    .bind(draft.format.as_str())
    .bind(rule)
    .bind(interval)
    .bind(nth)
    .bind(weekday)
    .bind(&skip)
    .bind(&dates)
    .bind(draft.first_date)
    .bind(draft.until)
    .bind(draft.start_time.format("%H:%M").to_string())
    .bind(i32::try_from(draft.duration_minutes).unwrap_or(i32::MAX))
    .bind(&draft.video_url)
    .bind(&draft.location)
    .bind(i32::try_from(draft.deadline_days).unwrap_or(0))
    .bind(draft.public)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::SERIES_CREATED,
            object: format!("series:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves a changed series against the version it was loaded with.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    draft: &SeriesDraft,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let (rule, interval, nth, weekday, skip, dates) = rule_columns(&draft.recurrence);
    let mut tx = db.begin().await?;
    let changed = query(
        "UPDATE meeting_series SET title = $1, format = $2, rule = $3, interval_months = $4, \
             nth = $5, weekday = $6, skip_months = $7, dates = $8, first_date = $9, \
             until_date = $10, start_time = $11, duration_minutes = $12, video_url = $13, \
             location = $14, deadline_days = $15, public = $16, updated_at = $17, \
             version = version + 1 WHERE id = $18 AND version = $19",
    )
    .bind(&draft.title)
    .bind(draft.format.as_str())
    .bind(rule)
    .bind(interval)
    .bind(nth)
    .bind(weekday)
    .bind(&skip)
    .bind(&dates)
    .bind(draft.first_date)
    .bind(draft.until)
    .bind(draft.start_time.format("%H:%M").to_string())
    .bind(i32::try_from(draft.duration_minutes).unwrap_or(i32::MAX))
    .bind(&draft.video_url)
    .bind(&draft.location)
    .bind(i32::try_from(draft.deadline_days).unwrap_or(0))
    .bind(draft.public)
    .bind(at)
    .bind(id)
    .bind(version)
    .execute(&mut tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let exists: Option<i64> = query_scalar("SELECT id FROM meeting_series WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
        return Err(if exists.is_some() {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        });
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::SERIES_CHANGED,
            object: format!("series:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
