//! Server functions that change one meeting: adding, moving, cancelling, format and place,
//! status. Each calls its use case in `gremium::usecases::planning`, which decides who may.

use gremium::domain::calendar::{MeetingInput, PlaceInput, TimesInput};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::viewer;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{actor, db, refused},
    gremium::domain::form::FormErrors,
    gremium::usecases::planning,
};

/// Adds a one-off meeting (not part of any series).
#[server(endpoint = "sitzungen/neu")]
pub async fn add_meeting(#[server(flatten)] input: MeetingInput) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    let id = planning::add(&db, &reader, &input, gremium::store::now(), &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::MeetingCreated).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves one meeting to a new date and time; the old date stays on record.
#[server(endpoint = "sitzungen/verschieben")]
pub async fn move_meeting(
    id: i64,
    version: i64,
    #[server(flatten)] input: TimesInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    planning::reschedule(
        &db,
        &reader,
        id,
        version,
        &input,
        gremium::store::now(),
        &actor,
    )
    .await
    .map_err(|r| refused(r, input.keep(FormErrors::new()), "date"))?;
    crate::notice::tell(Notice::MeetingMoved).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Cancels one meeting; the reason is required and shown to everyone who sees the meeting.
#[server(endpoint = "sitzungen/absagen")]
pub async fn cancel_meeting(id: i64, version: i64, reason: String) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    planning::cancel(&db, &reader, id, version, &reason, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new().keep("reason", &reason), "reason"))?;
    crate::notice::tell(Notice::MeetingCancelled).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Changes format, video link or place of one meeting.
#[server(endpoint = "sitzungen/ort")]
pub async fn change_place(
    id: i64,
    version: i64,
    #[server(flatten)] input: PlaceInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    planning::change_place(&db, &reader, id, version, &input, &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "format"))?;
    crate::notice::tell(Notice::MeetingPlaceChanged).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves a meeting along its status path (held, minutes approved …).
#[server(endpoint = "sitzungen/status")]
pub async fn set_meeting_status(id: i64, version: i64, status: String) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    let next = planning::set_status(&db, &reader, id, version, &status, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new().keep("status", &status), "status"))?;
    crate::notice::tell(Notice::MeetingStatus(next)).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}
