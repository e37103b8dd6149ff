//! Server functions that change one meeting: adding, moving, cancelling, format and place,
//! status.

#[cfg(feature = "ssr")]
use gremium::domain::calendar::MeetingStatus;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::now_local;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::calendar::{
        MeetingFormat, NewMeeting, PLACE_MAX, REASON_MAX, TITLE_MAX, check_meeting_times,
        optional_text, parse_url,
    },
    gremium::domain::form::{FormErrors, Problem, required_text},
    gremium::domain::recurrence::berlin_to_utc,
    gremium::store::meetings::{self},
    gremium::store::{Db, committees},
};

/// The meeting and the principal if they may change it.
#[cfg(feature = "ssr")]
pub(super) async fn managed_meeting(
    db: &Db,
    id: i64,
) -> Result<
    (
        gremium::domain::calendar::MeetingRecord,
        gremium::domain::account::Principal,
    ),
    AppError,
> {
    let record = meetings::get(db, id).await?;
    let principal = auth::require(|p| p.may_manage_committee(record.committee_id)).await?;
    Ok((record, principal))
}

/// Adds a one-off meeting (not part of any series).
#[server(endpoint = "sitzungen/neu")]
pub async fn add_meeting(
    title: String,
    format: String,
    date: String,
    start_time: String,
    end_time: String,
    deadline: String,
    video_url: String,
    location: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let principal = auth::require(|p| p.may_manage_committee(committee)).await?;
    let mut form = FormErrors::new()
        .keep("title", &title)
        .keep("format", &format)
        .keep("date", &date)
        .keep("start_time", &start_time)
        .keep("end_time", &end_time)
        .keep("deadline", &deadline)
        .keep("video_url", &video_url)
        .keep("location", &location)
        .keep("public", public.as_deref().unwrap_or_default());
    let title = form.check("title", required_text(&title, TITLE_MAX));
    let format = form.check(
        "format",
        MeetingFormat::parse(&format).ok_or(Problem::Required),
    );
    let times = check_meeting_times(
        &mut form,
        &date,
        &start_time,
        &end_time,
        &deadline,
        now_local(),
    );
    let video_url = form.check("video_url", parse_url(&video_url)).flatten();
    let location = form
        .check("location", optional_text(&location, PLACE_MAX))
        .flatten();
    let (Some(title), Some(format), Some(times)) = (title, format, times) else {
        return Err(fail(AppError::Invalid(form)));
    };
    if !form.is_empty() {
        return Err(fail(AppError::Invalid(form)));
    }
    let new = NewMeeting {
        title,
        format,
        starts_at: berlin_to_utc(times.starts),
        ends_at: berlin_to_utc(times.ends),
        deadline_at: berlin_to_utc(times.deadline),
        video_url,
        location,
        public: public.is_some(),
    };
    let id = meetings::create(&db, committee, &new, &actor(Some(&principal), "")).await?;
    crate::notice::tell(Notice::MeetingCreated).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves one meeting to a new date and time; the old date stays on record.
#[server(endpoint = "sitzungen/verschieben")]
pub async fn move_meeting(
    id: i64,
    version: i64,
    date: String,
    start_time: String,
    end_time: String,
    deadline: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_meeting(&db, id).await?;
    let mut form = FormErrors::new()
        .keep("date", &date)
        .keep("start_time", &start_time)
        .keep("end_time", &end_time)
        .keep("deadline", &deadline);
    let Some(times) = check_meeting_times(
        &mut form,
        &date,
        &start_time,
        &end_time,
        &deadline,
        now_local(),
    ) else {
        return Err(fail(AppError::Invalid(form)));
    };
    meetings::reschedule(
        &db,
        id,
        version,
        berlin_to_utc(times.starts),
        berlin_to_utc(times.ends),
        berlin_to_utc(times.deadline),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| auth::refusal(e, form, "date"))?;
    crate::notice::tell(Notice::MeetingMoved).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Cancels one meeting; the reason is required and shown to everyone who sees the meeting.
#[server(endpoint = "sitzungen/absagen")]
pub async fn cancel_meeting(id: i64, version: i64, reason: String) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_meeting(&db, id).await?;
    let mut form = FormErrors::new().keep("reason", &reason);
    let Some(reason) = form.check("reason", required_text(&reason, REASON_MAX)) else {
        return Err(fail(AppError::Invalid(form)));
    };
    meetings::cancel(&db, id, version, &reason, &actor(Some(&principal), ""))
        .await
        .map_err(|e| auth::refusal(e, form, "reason"))?;
    crate::notice::tell(Notice::MeetingCancelled).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Changes format, video link or place of one meeting.
#[server(endpoint = "sitzungen/ort")]
pub async fn change_place(
    id: i64,
    version: i64,
    format: String,
    video_url: String,
    location: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_meeting(&db, id).await?;
    let mut form = FormErrors::new()
        .keep("format", &format)
        .keep("video_url", &video_url)
        .keep("location", &location);
    let format = form.check(
        "format",
        MeetingFormat::parse(&format).ok_or(Problem::Required),
    );
    let video_url = form.check("video_url", parse_url(&video_url));
    let location = form.check("location", optional_text(&location, PLACE_MAX));
    let (Some(format), Some(video_url), Some(location)) = (format, video_url, location) else {
        return Err(fail(AppError::Invalid(form)));
    };
    meetings::update_place(
        &db,
        id,
        version,
        format,
        video_url.as_deref(),
        location.as_deref(),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| auth::refusal(e, form, "format"))?;
    crate::notice::tell(Notice::MeetingPlaceChanged).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves a meeting along its status path (held, minutes approved …).
#[server(endpoint = "sitzungen/status")]
pub async fn set_meeting_status(id: i64, version: i64, status: String) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_meeting(&db, id).await?;
    let form = FormErrors::new().keep("status", &status);
    let Some(next) = MeetingStatus::parse(&status).filter(|s| *s != MeetingStatus::Cancelled)
    else {
        let mut form = form;
        form.add("status", Problem::Required);
        return Err(fail(AppError::Invalid(form)));
    };
    meetings::set_status(&db, id, version, next, &actor(Some(&principal), ""))
        .await
        .map_err(|e| auth::refusal(e, form, "status"))?;
    crate::notice::tell(Notice::MeetingStatus(next)).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}
