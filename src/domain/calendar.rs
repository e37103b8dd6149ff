//! Meeting series and meetings: formats, the recurrence a series follows, the status a meeting
//! moves through, and the checks a series or a single meeting must pass before it is saved.
//! Expanding a rule into dates lives in `recurrence` (server side: it needs the time-zone data).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

mod input;
mod status;

pub use input::{
    MeetingInput, MeetingTimes, PlaceInput, SeriesInput, TimesInput, check_meeting_times,
    check_series, check_times, deadline_for, optional_text, parse_day, parse_time, parse_url,
};
pub use status::{MeetingAction, MeetingRefused, MeetingStatus, transition};

pub const TITLE_MAX: usize = 200;
pub const PLACE_MAX: usize = 500;
pub const REASON_MAX: usize = 1000;
/// How far ahead meetings of a series exist as rows (the rolling horizon).
pub const HORIZON_MONTHS: u32 = 12;
/// A series that yields nothing within this many months of its first date is refused.
pub const RULE_CHECK_MONTHS: u32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingFormat {
    Virtual,
    InPerson,
    Hybrid,
}

impl MeetingFormat {
    pub const ALL: [Self; 3] = [Self::Virtual, Self::InPerson, Self::Hybrid];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Virtual => "virtual",
            Self::InPerson => "in_person",
            Self::Hybrid => "hybrid",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == value)
    }
}

/// Monday = 0 … Sunday = 6, as chrono's `num_days_from_monday`.
pub type WeekdayIndex = u8;

/// The dates a series falls on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    /// The `nth` weekday of every `interval`-th month (`nth` −1 = the last one), leaving out
    /// the months in `skip_months` (1–12), e.g. those with an in-person meeting.
    MonthlyByWeekday {
        interval: u8,
        nth: i8,
        weekday: WeekdayIndex,
        skip_months: Vec<u8>,
    },
    /// Explicitly listed dates, as for in-person meetings agreed a year ahead.
    Dates(Vec<NaiveDate>),
}

/// A series as it is saved: everything that is needed to generate its meetings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDraft {
    pub title: String,
    pub format: MeetingFormat,
    pub recurrence: Recurrence,
    pub first_date: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Local time in Europe/Berlin.
    pub start_time: NaiveTime,
    pub duration_minutes: u32,
    pub video_url: Option<String>,
    pub location: Option<String>,
    /// Topics can be submitted until this many days before a meeting.
    pub deadline_days: u32,
    pub public: bool,
}

impl SeriesDraft {
    pub fn end_time(&self) -> NaiveTime {
        self.start_time + Duration::minutes(i64::from(self.duration_minutes))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub id: i64,
    pub committee_id: i64,
    pub version: i64,
    pub draft: SeriesDraft,
    /// Meetings of this series from today on.
    pub upcoming: i64,
}

/// A meeting as the pages show it; times are given in Europe/Berlin (converted on the server,
/// so the browser needs no time-zone data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub committee_id: i64,
    pub series_id: Option<i64>,
    pub title: String,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// Only for those who take part; never for the public.
    pub video_url: Option<String>,
    pub location: Option<String>,
    pub deadline: NaiveDateTime,
    pub public: bool,
    /// The original start when the meeting was moved.
    pub moved_from: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub version: i64,
}

impl Meeting {
    /// Whole days from `now` (local) until the topic deadline; negative once it has passed.
    pub fn days_to_deadline(&self, now: NaiveDateTime) -> i64 {
        (self.deadline.date() - now.date()).num_days()
    }
}

/// A meeting as stored: times in UTC, with what a calendar feed needs beyond the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    pub id: i64,
    pub committee_id: i64,
    pub series_id: Option<i64>,
    pub uid: String,
    pub title: String,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub video_url: Option<String>,
    pub location: Option<String>,
    pub public: bool,
    pub moved_from: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// iCalendar SEQUENCE: raised on every change that a calendar client must pick up.
    pub sequence: i32,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new one-off meeting, in UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMeeting {
    pub title: String,
    pub format: MeetingFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub video_url: Option<String>,
    pub location: Option<String>,
    pub public: bool,
}

#[cfg(test)]
mod tests;
