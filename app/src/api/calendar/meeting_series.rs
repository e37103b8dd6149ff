//! Server functions for meeting series: their list, one series, creating and changing one.

use chrono::NaiveDate;
use gremium::domain::calendar::{Series, SeriesInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{now_local, viewer};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, refused},
    gremium::domain::form::FormErrors,
    gremium::store::series,
    gremium::usecases,
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

/// Creates a series and its meetings for the coming twelve months.
#[server(endpoint = "sitzungen/serie-neu")]
pub async fn create_series(#[server(flatten)] input: SeriesInput) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::series::create(&db, &reader, &input, gremium::store::now(), &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
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
    #[server(flatten)] input: SeriesInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::series::update(
        &db,
        &reader,
        id,
        version,
        &input,
        gremium::store::now(),
        &actor,
    )
    .await
    .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/sitzungen/serien");
    Ok(())
}
