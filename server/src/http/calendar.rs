//! iCalendar (RFC 5545) for sessions: one session as a download, the public feed of public
//! sessions, and each person's feed behind a secret link. Times are written in UTC, so no
//! VTIMEZONE is needed and every client places them right across daylight-saving switches.
//! UIDs never change; SEQUENCE rises with every change, and a cancelled session stays in the
//! feed with STATUS:CANCELLED, so subscribed clients update or strike it on their next refresh.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use gremium::domain::calendar::{SessionFormat, SessionRecord, SessionStatus};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::{Db, StoreError, committees, sessions, users};
use gremium_app::auth::AuthSession;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::config::Config;

pub const SESSION_ICS_PATH: &str = "/sitzungen/{id}/kalender.ics";
pub const PUBLIC_FEED_PATH: &str = "/kalender/oeffentlich.ics";
pub const PERSONAL_FEED_PATH: &str = "/kalender/{file}";

/// How far back and ahead a feed reaches.
const FEED_PAST_DAYS: i64 = 400;
const FEED_FUTURE_DAYS: i64 = 800;

fn format_name(format: SessionFormat) -> &'static str {
    match format {
        SessionFormat::Virtual => "Videokonferenz",
        SessionFormat::InPerson => "Präsenzsitzung",
        SessionFormat::Hybrid => "Hybrid",
    }
}

/// One session as a VEVENT. `show_link`: the video link goes only to those who take part.
fn event(session: &SessionRecord, base_url: &str, show_link: bool) -> Event {
    let page = format!("{base_url}/sitzungen/{}", session.id);
    let video = session.video_url.as_deref().filter(|_| show_link);
    let location = match (session.location.as_deref(), video) {
        (Some(place), Some(link)) => format!("{place} / {link}"),
        (Some(place), None) => place.to_owned(),
        (None, Some(link)) => link.to_owned(),
        (None, None) => format_name(session.format).to_owned(),
    };
    let deadline = utc_to_berlin(session.deadline_at).format("%d.%m.%Y %H:%M");
    let mut description = format!(
        "{}\nThemenvorschläge bis {deadline} (deutsche Zeit).\n",
        format_name(session.format)
    );
    if let Some(link) = video {
        description.push_str(&format!("Videokonferenz: {link}\n"));
    }
    if let Some(from) = session.moved_from {
        let from = utc_to_berlin(from).format("%d.%m.%Y %H:%M");
        description.push_str(&format!("Verschoben, ursprünglich {from}.\n"));
    }
    if let Some(reason) = &session.cancel_reason {
        description.push_str(&format!("Abgesagt: {reason}\n"));
    }
    description.push_str(&format!("Sitzungsseite: {page}"));
    let cancelled = session.status == SessionStatus::Cancelled;
    let summary = if cancelled {
        format!("Abgesagt: {}", session.title)
    } else {
        session.title.clone()
    };
    Event::new()
        .uid(&session.uid)
        .timestamp(session.updated_at)
        .created(session.created_at)
        .last_modified(session.updated_at)
        .sequence(u32::try_from(session.sequence).unwrap_or(0))
        .summary(&summary)
        .description(&description)
        .starts(session.starts_at)
        .ends(session.ends_at)
        .location(&location)
        .url(&page)
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .done()
}

/// A whole VCALENDAR. Clients that honour them refresh hourly.
pub fn render(name: &str, sessions: &[SessionRecord], base_url: &str, show_link: bool) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Gremium//Sitzungskalender//DE"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-TIMEZONE", "Europe/Berlin"))
        .name(name)
        .ttl(&Duration::hours(1));
    for session in sessions {
        calendar.push(event(session, base_url, show_link));
    }
    calendar.done().to_string()
}

fn ics_response(body: String, filename: Option<&str>) -> Response {
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        )],
        body,
    )
        .into_response();
    if let Some(name) = filename
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn failed(error: &StoreError) -> Response {
    super::store_failed(error, "calendar feed")
}

async fn feed_sessions(
    db: &Db,
    committee: i64,
    public_only: bool,
) -> Result<Vec<SessionRecord>, StoreError> {
    let now = Utc::now();
    sessions::between(
        db,
        Some(committee),
        now - Duration::days(FEED_PAST_DAYS),
        now + Duration::days(FEED_FUTURE_DAYS),
        public_only,
    )
    .await
}

/// One session as an .ics download: public sessions for everyone (without the video link),
/// internal ones only for the committee's people.
pub async fn session_ics(
    Path(id): Path<String>,
    State(db): State<Db>,
    State(config): State<Config>,
    auth: AuthSession,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let session = match sessions::get(&db, id).await {
        Ok(session) => session,
        Err(StoreError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failed(&error),
    };
    let insider = auth
        .user
        .as_ref()
        .is_some_and(|u| u.principal.may_see_internal(session.committee_id));
    if !session.public && !insider {
        return StatusCode::NOT_FOUND.into_response();
    }
    let filename = format!(
        "sitzung-{}.ics",
        utc_to_berlin(session.starts_at).format("%Y-%m-%d")
    );
    let body = render(
        &session.title,
        std::slice::from_ref(&session),
        &config.public_url,
        insider,
    );
    ics_response(body, Some(&filename))
}

/// The public sessions, for anyone to subscribe to.
pub async fn public_feed(State(db): State<Db>, State(config): State<Config>) -> Response {
    let result = async {
        let committee = committees::default_id(&db).await?;
        feed_sessions(&db, committee, true).await
    }
    .await;
    match result {
        Ok(list) => ics_response(
            render("Sitzungen (öffentlich)", &list, &config.public_url, false),
            None,
        ),
        Err(error) => failed(&error),
    }
}

/// A person's feed: `/kalender/{token}.ics`. An unknown or replaced token is a 404.
pub async fn personal_feed(
    Path(file): Path<String>,
    State(db): State<Db>,
    State(config): State<Config>,
) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| !t.is_empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hash = gremium::secret::hash_token(token);
    let result = async {
        let Some(user_id) = users::by_calendar_token(&db, &hash).await? else {
            return Ok(None);
        };
        let Some((principal, _)) = users::principal(&db, user_id).await? else {
            return Ok(None);
        };
        let committee = committees::default_id(&db).await?;
        let insider = principal.may_see_internal(committee);
        let list = feed_sessions(&db, committee, !insider).await?;
        Ok::<_, StoreError>(Some((list, insider)))
    }
    .await;
    match result {
        Ok(Some((list, insider))) => ics_response(
            render("Sitzungen", &list, &config.public_url, insider),
            None,
        ),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failed(&error),
    }
}
