//! Reading meeting series.

use chrono::{DateTime, Utc};

use crate::domain::calendar::Series;
use crate::domain::visibility::Reader;
use crate::store::{Db, StoreResult, series};

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
