//! iCalendar (RFC 5545) for meetings: one meeting as a download, the public feed of public
//! meetings, and each person's feed behind a secret link. Times are written in UTC, so no
//! VTIMEZONE is needed and every client places them right across daylight-saving switches.
//! UIDs never change; SEQUENCE rises with every change, and a cancelled meeting stays in the
//! feed with STATUS:CANCELLED, so subscribed clients update or strike it on their next refresh.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use gremium::domain::calendar::{MeetingFormat, MeetingRecord, MeetingStatus};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::{Db, StoreError, committees, meetings, users};
use gremium_app::auth::AuthSession;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::config::Config;

pub const MEETING_ICS_PATH: &str = "/sitzungen/{id}/kalender.ics";
pub const PUBLIC_FEED_PATH: &str = "/kalender/oeffentlich.ics";
pub const PERSONAL_FEED_PATH: &str = "/kalender/{file}";

/// How far back and ahead a feed reaches.
const FEED_PAST_DAYS: i64 = 400;
const FEED_FUTURE_DAYS: i64 = 800;

fn format_name(format: MeetingFormat) -> &'static str {
    match format {
        MeetingFormat::Virtual => "Videokonferenz",
        MeetingFormat::InPerson => "Präsenzsitzung",
        MeetingFormat::Hybrid => "Hybrid",
    }
}

/// Text as an iCalendar TEXT value may hold it: line ends as `\n` (which the writer escapes)
/// and no control character but the tab (RFC 5545, 3.3.11). Titles and places are trimmed,
/// not filtered, so a pasted carriage return would otherwise end the content line.
fn ical_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// Folds content lines at 75 octets, the continuation's leading space included (RFC 5545,
/// 3.1): the `icalendar` crate counts 75 octets after that space. A fold is put where it does
/// not leave a space or tab at either side of it where it can be, since lenient readers trim
/// the ends of physical lines.
fn fold(ics: &str) -> String {
    const LIMIT: usize = 75;
    // Text is escaped and carries no line break (`ical_text`): every CRLF is a line end or
    // one of the crate's folds.
    let unfolded = ics.replace("\r\n ", "");
    let mut folded = String::with_capacity(unfolded.len() + unfolded.len() / 32);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = LIMIT;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let blank = |cut: usize| {
                rest[..cut].ends_with([' ', '\t']) || rest[cut..].starts_with([' ', '\t'])
            };
            if let Some(better) = rest[..cut]
                .char_indices()
                .rev()
                .take(8)
                .map(|(i, _)| i)
                .find(|&i| i > 0 && !blank(i))
                .filter(|_| blank(cut))
            {
                cut = better;
            }
            folded.push_str(&rest[..cut]);
            folded.push_str("\r\n ");
            rest = &rest[cut..];
            limit = LIMIT - 1;
        }
        folded.push_str(rest);
        folded.push_str("\r\n");
    }
    folded
}

/// One meeting as a VEVENT. `show_link`: the video link goes only to those who take part.
fn event(meeting: &MeetingRecord, base_url: &str, show_link: bool) -> Event {
    let page = format!("{base_url}/sitzungen/{}", meeting.id);
    let video = meeting.video_url.as_deref().filter(|_| show_link);
    let location = match (meeting.location.as_deref(), video) {
        (Some(place), Some(link)) => format!("{place} / {link}"),
        (Some(place), None) => place.to_owned(),
        (None, Some(link)) => link.to_owned(),
        (None, None) => format_name(meeting.format).to_owned(),
    };
    let deadline = utc_to_berlin(meeting.deadline_at).format("%d.%m.%Y %H:%M");
    let mut description = format!(
        "{}\nThemenvorschläge bis {deadline} (deutsche Zeit).\n",
        format_name(meeting.format)
    );
    if let Some(link) = video {
        description.push_str(&format!("Videokonferenz: {link}\n"));
    }
    if let Some(from) = meeting.moved_from {
        let from = utc_to_berlin(from).format("%d.%m.%Y %H:%M");
        description.push_str(&format!("Verschoben, ursprünglich {from}.\n"));
    }
    if let Some(reason) = &meeting.cancel_reason {
        description.push_str(&format!("Abgesagt: {reason}\n"));
    }
    description.push_str(&format!("Sitzungsseite: {page}"));
    let cancelled = meeting.status == MeetingStatus::Cancelled;
    let summary = if cancelled {
        format!("Abgesagt: {}", meeting.title)
    } else {
        meeting.title.clone()
    };
    Event::new()
        .uid(&meeting.uid)
        .timestamp(meeting.updated_at)
        .created(meeting.created_at)
        .last_modified(meeting.updated_at)
        .sequence(u32::try_from(meeting.sequence).unwrap_or(0))
        .summary(&ical_text(&summary))
        .description(&ical_text(&description))
        .starts(meeting.starts_at)
        .ends(meeting.ends_at)
        .location(&ical_text(&location))
        .url(&page)
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .done()
}

/// A whole VCALENDAR. Clients that honour them refresh hourly.
pub fn render(name: &str, meetings: &[MeetingRecord], base_url: &str, show_link: bool) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Gremium//Sitzungskalender//DE"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-TIMEZONE", "Europe/Berlin"))
        .name(name)
        .ttl(&Duration::hours(1));
    for meeting in meetings {
        calendar.push(event(meeting, base_url, show_link));
    }
    fold(&calendar.done().to_string())
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

async fn feed_meetings(
    db: &Db,
    committee: i64,
    public_only: bool,
) -> Result<Vec<MeetingRecord>, StoreError> {
    let now = Utc::now();
    meetings::between(
        db,
        Some(committee),
        now - Duration::days(FEED_PAST_DAYS),
        now + Duration::days(FEED_FUTURE_DAYS),
        public_only,
    )
    .await
}

/// One meeting as an .ics download: public meetings for everyone (without the video link),
/// internal ones only for the committee's people.
pub async fn meeting_ics(
    Path(id): Path<String>,
    State(db): State<Db>,
    State(config): State<Config>,
    auth: AuthSession,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let meeting = match meetings::get(&db, id).await {
        Ok(meeting) => meeting,
        Err(StoreError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failed(&error),
    };
    let insider = auth
        .user
        .as_ref()
        .is_some_and(|u| u.principal.may_see_internal(meeting.committee_id));
    if !meeting.public && !insider {
        return StatusCode::NOT_FOUND.into_response();
    }
    let filename = format!(
        "sitzung-{}.ics",
        utc_to_berlin(meeting.starts_at).format("%Y-%m-%d")
    );
    let body = render(
        &meeting.title,
        std::slice::from_ref(&meeting),
        &config.public_url,
        insider,
    );
    ics_response(body, Some(&filename))
}

/// The public meetings, for anyone to subscribe to.
pub async fn public_feed(State(db): State<Db>, State(config): State<Config>) -> Response {
    let result = async {
        let committee = committees::default_id(&db).await?;
        feed_meetings(&db, committee, true).await
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
        let list = feed_meetings(&db, committee, !insider).await?;
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

#[cfg(test)]
mod tests {
    use calcard::icalendar::{
        ICalendar, ICalendarComponentType, ICalendarProperty, ICalendarValue,
    };
    use chrono::{DateTime, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;

    /// What a form may have stored: any characters, trimmed (titles, places and reasons are
    /// trimmed, not filtered), with the ones iCalendar must escape or fold around often.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                3 => any::<char>().prop_filter("no NUL (never stored)", |c| *c != '\0'),
                2 => prop::sample::select(vec![',', ';', ':', '\\', '"', '\n', '\r', '\t', ' ']),
                2 => prop::sample::select(vec!['ä', 'ß', '€', '😀', '\u{7f}', '\u{1b}']),
            ],
            0..120,
        )
        .prop_map(|chars| chars.into_iter().collect::<String>().trim().to_owned())
    }

    fn time(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
    }

    prop_compose! {
        fn meeting()(
            id in 1..100_000i64,
            title in text(),
            location in prop::option::of(text()),
            video_url in prop::option::of(text()),
            cancel_reason in prop::option::of(text()),
            start in 0..10_000_000i64,
            length in 1..600i64,
            moved in prop::option::of(0..10_000_000i64),
            cancelled in any::<bool>(),
            sequence in 0..1_000i32,
        ) -> MeetingRecord {
            MeetingRecord {
                id,
                committee_id: 1,
                series_id: None,
                uid: format!("{id}@gremium.example"),
                title,
                format: MeetingFormat::Hybrid,
                status: if cancelled { MeetingStatus::Cancelled } else { MeetingStatus::Planned },
                starts_at: time(start),
                ends_at: time(start + length),
                deadline_at: time(start - 7 * 24 * 60),
                video_url,
                location,
                public: true,
                moved_from: moved.map(time),
                cancel_reason,
                sequence,
                version: 1,
                created_at: time(0),
                updated_at: time(start / 2),
            }
        }
    }

    /// What a calendar can show of a stored text: line ends as `\n`, no other control
    /// characters than tabs (RFC 5545 allows no others in TEXT).
    fn shown(text: &str) -> String {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect()
    }

    proptest! {
        /// Whatever the meetings hold, the feed is lines of at most 75 octets and an
        /// independent parser (the `ical` crate) reads back each meeting: its UID, times,
        /// sequence, status, and title, place and reason as they were stored.
        #[test]
        fn the_feed_reads_back_as_it_was_stored(
            meetings in prop::collection::vec(meeting(), 0..5),
            show_link in any::<bool>(),
        ) {
            let ics = render("Gremium", &meetings, "https://gremium.example", show_link);
            prop_assert!(ics.ends_with("\r\n"));
            for line in ics.split_terminator("\r\n") {
                prop_assert!(line.len() <= 75, "longer than 75 octets: {line:?}");
                prop_assert!(!line.contains(['\r', '\n']), "a bare line end: {line:?}");
                prop_assert!(
                    !line.chars().any(|c| c.is_control() && c != '\t'),
                    "a control character: {line:?}"
                );
            }
            let calendar = ICalendar::parse(&ics)
                .map_err(|e| TestCaseError::fail(format!("{e:?}: {ics}")))?;
            let events: Vec<_> = calendar
                .components
                .iter()
                .filter(|c| c.component_type == ICalendarComponentType::VEvent)
                .collect();
            prop_assert_eq!(events.len(), meetings.len());
            let utc = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
            for (meeting, event) in meetings.iter().zip(events) {
                let value = |name: ICalendarProperty| {
                    let found: Vec<_> = event.entries.iter().filter(|e| e.name == name).collect();
                    assert_eq!(found.len(), 1, "{name:?} in {:?}", event.entries);
                    match &found[0].values[..] {
                        [] => String::new(),
                        [ICalendarValue::Text(text)] => text.clone(),
                        [ICalendarValue::Integer(n)] => n.to_string(),
                        [ICalendarValue::Status(status)] => format!("{status:?}"),
                        [ICalendarValue::PartialDateTime(at)] => {
                            let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) =
                                (at.year, at.month, at.day, at.hour, at.minute, at.second)
                            else {
                                panic!("{name:?} is not a date and time: {at:?}");
                            };
                            let zone = if at.tz_hour == Some(0) && at.tz_minute == Some(0) { "Z" } else { "?" };
                            format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}{zone}")
                        }
                        other => panic!("{name:?} holds {other:?}"),
                    }
                };
                let cancelled = meeting.status == MeetingStatus::Cancelled;
                prop_assert_eq!(value(ICalendarProperty::Uid), meeting.uid.clone());
                prop_assert_eq!(value(ICalendarProperty::Dtstart), utc(meeting.starts_at));
                prop_assert_eq!(value(ICalendarProperty::Dtend), utc(meeting.ends_at));
                prop_assert_eq!(value(ICalendarProperty::Sequence), meeting.sequence.to_string());
                prop_assert_eq!(value(ICalendarProperty::Status), if cancelled { "Cancelled" } else { "Confirmed" });
                let title = shown(&meeting.title);
                let summary = if cancelled { format!("Abgesagt: {title}") } else { title };
                prop_assert_eq!(value(ICalendarProperty::Summary), summary);
                let location = value(ICalendarProperty::Location);
                if let Some(place) = &meeting.location {
                    prop_assert!(location.starts_with(&shown(place)), "{location:?}");
                }
                let description = value(ICalendarProperty::Description);
                if let Some(reason) = &meeting.cancel_reason {
                    prop_assert!(description.contains(&shown(reason)), "{description:?}");
                }
                // The video link only for those who take part.
                if let Some(link) = &meeting.video_url {
                    let line = format!("\nVideokonferenz: {}\n", shown(link));
                    prop_assert_eq!(description.contains(&line), show_link, "{:?}", description);
                }
                let page = format!("Sitzungsseite: https://gremium.example/sitzungen/{}", meeting.id);
                prop_assert!(description.ends_with(&page), "{:?}", description);
            }
        }
    }
}
