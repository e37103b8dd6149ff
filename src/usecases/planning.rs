//! Planning single meetings: adding a one-off meeting, moving, cancelling one, changing its
//! format and place, moving it along its status path. Only the committee's chairs and admins
//! may ([`planner`]); the store checks the version and whether the meeting's state allows it.

use chrono::{DateTime, Utc};

use crate::domain::account::Principal;
use crate::domain::audit::Actor;
use crate::domain::calendar::{
    MeetingFormat, MeetingInput, MeetingStatus, MeetingTimes, NewMeeting, PLACE_MAX, PlaceInput,
    REASON_MAX, TITLE_MAX, TimesInput, check_meeting_times, optional_text, parse_url,
};
use crate::domain::form::{FormErrors, Problem, required_text};
use crate::domain::recurrence::{berlin_to_utc, utc_to_berlin};
use crate::domain::visibility::Reader;
use crate::store::{Db, meetings};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

/// The checked times; a deadline or start in the past is refused against `at`.
fn checked_times(
    input: &TimesInput,
    form: &mut FormErrors,
    at: DateTime<Utc>,
) -> Option<MeetingTimes> {
    check_meeting_times(
        form,
        &input.date,
        &input.start_time,
        &input.end_time,
        &input.deadline,
        utc_to_berlin(at),
    )
}

/// The reader, if they may plan the meetings of `committee` (a chair of it, or an admin): the
/// one rule for series and single meetings alike.
pub(crate) fn planner(reader: &Reader, committee: i64) -> Result<&Principal, Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    if principal.may_manage_committee(committee) {
        Ok(principal)
    } else {
        Err(Refusal::Forbidden)
    }
}

/// Adds a one-off meeting (not part of any series) to the reader's committee; returns its id.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn add(
    db: &Db,
    reader: &Reader,
    input: &MeetingInput,
    at: DateTime<Utc>,
    actor: &Actor,
) -> Result<i64, Refusal> {
    planner(reader, reader.committee)?;
    let mut form = input.keep(FormErrors::new());
    let title = form.check("title", required_text(&input.title, TITLE_MAX));
    let format = form.check(
        "format",
        MeetingFormat::parse(&input.format).ok_or(Problem::Required),
    );
    let times = checked_times(&input.times, &mut form, at);
    let video_url = form.check("video_url", parse_url(&input.video_url));
    let location = form.check("location", optional_text(&input.location, PLACE_MAX));
    let (Some(title), Some(format), Some(times), Some(video_url), Some(location)) =
        (title, format, times, video_url, location)
    else {
        return Err(Refusal::Invalid(form));
    };
    if !form.is_empty() {
        return Err(Refusal::Invalid(form));
    }
    let new = NewMeeting {
        title,
        format,
        starts_at: berlin_to_utc(times.starts),
        ends_at: berlin_to_utc(times.ends),
        deadline_at: berlin_to_utc(times.deadline),
        video_url,
        location,
        public: input.public,
    };
    Ok(meetings::create(db, reader.committee, &new, actor).await?)
}

/// Moves one meeting to a new date and time; the old date stays on record.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn reschedule(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &TimesInput,
    at: DateTime<Utc>,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, id).await?;
    let mut form = input.keep(FormErrors::new());
    let Some(times) = checked_times(input, &mut form, at) else {
        return Err(Refusal::Invalid(form));
    };
    let (starts, ends, deadline) = (
        berlin_to_utc(times.starts),
        berlin_to_utc(times.ends),
        berlin_to_utc(times.deadline),
    );
    Ok(meetings::reschedule(db, id, version, starts, ends, deadline, actor).await?)
}

/// Cancels one meeting; the reason is required and shown to everyone who sees the meeting.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn cancel(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    reason: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, id).await?;
    let mut form = FormErrors::new().keep("reason", reason);
    let Some(reason) = form.check("reason", required_text(reason, REASON_MAX)) else {
        return Err(Refusal::Invalid(form));
    };
    Ok(meetings::cancel(db, id, version, &reason, actor).await?)
}

/// Changes format, video link or place of one meeting.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn change_place(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &PlaceInput,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, id).await?;
    let mut form = input.keep(FormErrors::new());
    let format = form.check(
        "format",
        MeetingFormat::parse(&input.format).ok_or(Problem::Required),
    );
    let video_url = form.check("video_url", parse_url(&input.video_url));
    let location = form.check("location", optional_text(&input.location, PLACE_MAX));
    let (Some(format), Some(video_url), Some(location)) = (format, video_url, location) else {
        return Err(Refusal::Invalid(form));
    };
    let (video_url, location) = (video_url.as_deref(), location.as_deref());
    Ok(meetings::update_place(db, id, version, format, video_url, location, actor).await?)
}

/// Moves a meeting along its status path (held, minutes approved …); cancelling has its own
/// use case, since it needs a reason. Returns the new status.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn set_status(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    status: &str,
    actor: &Actor,
) -> Result<MeetingStatus, Refusal> {
    chaired(db, reader, id).await?;
    let Some(next) = MeetingStatus::parse(status).filter(|s| *s != MeetingStatus::Cancelled) else {
        let mut form = FormErrors::new().keep("status", status);
        form.add("status", Problem::Required);
        return Err(Refusal::Invalid(form));
    };
    meetings::set_status(db, id, version, next, actor).await?;
    Ok(next)
}
