//! Server functions for meeting series: their list, one series, creating and changing one.

use chrono::NaiveDate;
use gremium::domain::calendar::Series;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{now_local, viewer};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::calendar::{SeriesInput, check_series},
    gremium::domain::form::{FormErrors, Problem},
    gremium::domain::recurrence::yields_dates,
    gremium::store::meetings::{self},
    gremium::store::{StoreError, committees, series},
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesOverview {
    pub series: Vec<Series>,
    pub manages: bool,
    pub today: NaiveDate,
}

#[server(endpoint = "sitzungen/serien")]
pub async fn list_series() -> Result<SeriesOverview, AppError> {
    auth::require_user().await?;
    let db = db()?;
    let viewer = viewer(&db).await?;
    Ok(SeriesOverview {
        series: gremium::usecases::series::list(&db, &viewer, gremium::store::now()).await?,
        manages: viewer.manages(),
        today: now_local().date(),
    })
}

#[server(endpoint = "sitzungen/serie")]
pub async fn load_series(id: i64) -> Result<Series, AppError> {
    let db = db()?;
    let found = series::get(&db, id).await.map_err(auth::not_found)?;
    auth::require(|p| p.may_manage_committee(found.committee_id)).await?;
    Ok(found)
}

/// Checks a series form; also that the rule yields at least one date.
#[cfg(feature = "ssr")]
pub(super) fn checked_series(
    input: &SeriesInput,
    is_new: bool,
) -> Result<gremium::domain::calendar::SeriesDraft, AppError> {
    let draft = check_series(input, now_local().date(), is_new)
        .map_err(|form| fail(AppError::Invalid(form)))?;
    if !yields_dates(&draft) {
        let mut form = FormErrors::new();
        form.add(
            if matches!(
                draft.recurrence,
                gremium::domain::calendar::Recurrence::Dates(_)
            ) {
                "dates"
            } else {
                "nth"
            },
            Problem::NoDates,
        );
        return Err(fail(AppError::Invalid(input.keep(form))));
    }
    Ok(draft)
}

/// Creates a series and its meetings for the coming twelve months.
#[server(endpoint = "sitzungen/serie-neu")]
pub async fn create_series(
    title: String,
    format: String,
    rule: String,
    interval: String,
    nth: String,
    weekday: String,
    skip_months: String,
    dates: String,
    first_date: String,
    until: String,
    start_time: String,
    end_time: String,
    video_url: String,
    location: String,
    deadline_days: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let principal = auth::require(|p| p.may_manage_committee(committee)).await?;
    let input = SeriesInput {
        title,
        format,
        rule,
        interval,
        nth,
        weekday,
        skip_months,
        dates,
        first_date,
        until,
        start_time,
        end_time,
        video_url,
        location,
        deadline_days,
        public: public.is_some(),
    };
    let draft = checked_series(&input, true)?;
    let id = series::create(&db, committee, &draft, &actor(Some(&principal), "")).await?;
    meetings::sync_series(&db, id, gremium::store::now()).await?;
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/sitzungen/serien");
    Ok(())
}

/// Saves a changed series against the version it was loaded with, then regenerates its future
/// meetings (those with content or changed one by one stay as they are).
#[server(endpoint = "sitzungen/serie-aendern")]
pub async fn update_series(
    id: i64,
    version: i64,
    title: String,
    format: String,
    rule: String,
    interval: String,
    nth: String,
    weekday: String,
    skip_months: String,
    dates: String,
    first_date: String,
    until: String,
    start_time: String,
    end_time: String,
    video_url: String,
    location: String,
    deadline_days: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let existing = series::get(&db, id).await?;
    let principal = auth::require(|p| p.may_manage_committee(existing.committee_id)).await?;
    let input = SeriesInput {
        title,
        format,
        rule,
        interval,
        nth,
        weekday,
        skip_months,
        dates,
        first_date,
        until,
        start_time,
        end_time,
        video_url,
        location,
        deadline_days,
        public: public.is_some(),
    };
    let draft = checked_series(&input, false)?;
    match series::update(&db, id, version, &draft, &actor(Some(&principal), "")).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(fail(AppError::Conflict(input.keep(FormErrors::new()))));
        }
        Err(other) => return Err(other.into()),
    }
    meetings::sync_series(&db, id, gremium::store::now()).await?;
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/sitzungen/serien");
    Ok(())
}
