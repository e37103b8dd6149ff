//! Meeting series: reading them as the reader may, and planning them (creating and changing a
//! series and with it its future meetings), which only the committee's chairs and admins may.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::audit::Actor;
use crate::domain::calendar::{Recurrence, Series, SeriesDraft, SeriesInput, check_series};
use crate::domain::form::{FormErrors, Problem};
use crate::domain::recurrence::{berlin_today, yields_dates};
use crate::domain::visibility::Reader;
use crate::store::{Db, StoreResult, meetings, series};
use crate::usecases::Refusal;
use crate::usecases::planning::planner;

/// The committee's series the reader may see: internal ones only for insiders, video links only
/// for those who take part.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn list(db: &Db, reader: &Reader, from: DateTime<Utc>) -> StoreResult<Vec<Series>> {
    let mut all = series::list(db, reader.committee, from).await?;
    all.retain(|s| reader.sees(s.draft.public));
    if !reader.sees_video_link() {
        for s in &mut all {
            s.draft.video_url = None;
        }
    }
    Ok(all)
}

/// The title of a meeting's series, if the reader may see that series.
#[tracing::instrument(level = "debug", skip_all, fields(series = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn title(db: &Db, reader: &Reader, id: i64) -> StoreResult<Option<String>> {
    let found = series::get(db, id).await?;
    Ok(reader.sees(found.draft.public).then_some(found.draft.title))
}

/// The series form checked into a draft, with a refusal at the rule's field when the rule
/// yields no date at all (e.g. every 5th Monday of February only).
fn checked(input: &SeriesInput, today: NaiveDate, is_new: bool) -> Result<SeriesDraft, Refusal> {
    let draft = check_series(input, today, is_new).map_err(Refusal::Invalid)?;
    if yields_dates(&draft) {
        return Ok(draft);
    }
    let field = match draft.recurrence {
        Recurrence::Dates(_) => "dates",
        Recurrence::MonthlyByWeekday { .. } => "nth",
    };
    let mut form = input.keep(FormErrors::new());
    form.add(field, Problem::NoDates);
    Err(Refusal::Invalid(form))
}

/// Creates a series in the reader's committee and its meetings for the coming twelve months.
/// Returns the series' id.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn create(
    db: &Db,
    reader: &Reader,
    input: &SeriesInput,
    at: DateTime<Utc>,
    actor: &Actor,
) -> Result<i64, Refusal> {
    planner(reader, reader.committee)?;
    let draft = checked(input, berlin_today(at), true)?;
    let id = series::create(db, reader.committee, &draft, actor).await?;
    meetings::sync_series(db, id, at).await?;
    Ok(id)
}

/// Saves a changed series against the version it was loaded with, then regenerates its future
/// meetings (those with content or changed one by one stay as they are).
#[tracing::instrument(level = "debug", skip_all, fields(series = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn update(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &SeriesInput,
    at: DateTime<Utc>,
    actor: &Actor,
) -> Result<(), Refusal> {
    let existing = series::get(db, id).await.map_err(Refusal::about)?;
    planner(reader, existing.committee_id)?;
    let draft = checked(input, berlin_today(at), false)?;
    series::update(db, id, version, &draft, actor).await?;
    meetings::sync_series(db, id, at).await?;
    Ok(())
}
