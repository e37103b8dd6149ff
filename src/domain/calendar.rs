//! Session series and sessions: formats, the recurrence a series follows, the status a session
//! moves through, and the checks a series or a single session must pass before it is saved.
//! Expanding a rule into dates lives in `recurrence` (server side: it needs the time-zone data).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::form::{FormErrors, Problem, required_text};

pub const TITLE_MAX: usize = 200;
pub const PLACE_MAX: usize = 500;
pub const REASON_MAX: usize = 1000;
/// How far ahead sessions of a series exist as rows (the rolling horizon).
pub const HORIZON_MONTHS: u32 = 12;
/// A series that yields nothing within this many months of its first date is refused.
pub const RULE_CHECK_MONTHS: u32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionFormat {
    Virtual,
    InPerson,
    Hybrid,
}

impl SessionFormat {
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

/// planned → invited (agenda published) → in progress → held → minutes approved; a session that
/// has not begun can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Planned,
    Invited,
    InProgress,
    Held,
    MinutesApproved,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [Self; 6] = [
        Self::Planned,
        Self::Invited,
        Self::InProgress,
        Self::Held,
        Self::MinutesApproved,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Invited => "invited",
            Self::InProgress => "in_progress",
            Self::Held => "held",
            Self::MinutesApproved => "minutes_approved",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The statuses this one may move to. Steps go forward one at a time (a session can be
    /// held without a published agenda); only a session that has not begun can be cancelled.
    pub fn next(self) -> &'static [Self] {
        match self {
            Self::Planned => &[Self::Invited, Self::InProgress, Self::Held, Self::Cancelled],
            Self::Invited => &[Self::InProgress, Self::Held, Self::Cancelled],
            Self::InProgress => &[Self::Held],
            Self::Held => &[Self::MinutesApproved],
            Self::MinutesApproved | Self::Cancelled => &[],
        }
    }

    pub fn may_become(self, next: Self) -> bool {
        self.next().contains(&next)
    }

    /// Whether the date, place or link may still change.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Planned | Self::Invited)
    }
}

/// What a chair does to a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingAction {
    /// A new date and time.
    Reschedule,
    /// Format, video link and place.
    ChangePlace,
    Cancel,
    /// One step along the status path (planned → invited → in progress → held → minutes
    /// approved).
    Advance(SessionStatus),
}

/// A change the meeting lifecycle refuses, with what was tried ("Eine Sitzung im Status
/// „abgehalten“ kann nicht mehr verlegt werden").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRefused {
    pub status: SessionStatus,
    pub action: MeetingAction,
}

impl std::fmt::Display for MeetingRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a meeting with status {} cannot take {:?}",
            self.status.as_str(),
            self.action
        )
    }
}

/// The meeting lifecycle's one transition: the status after `action`, or the refusal. Date,
/// place and link change only before the meeting begins; cancelling is a step of its own.
pub fn transition(
    status: SessionStatus,
    action: MeetingAction,
) -> Result<SessionStatus, MeetingRefused> {
    let allowed = match action {
        MeetingAction::Reschedule | MeetingAction::ChangePlace => status.is_open(),
        MeetingAction::Cancel => status.may_become(SessionStatus::Cancelled),
        MeetingAction::Advance(SessionStatus::Cancelled) => false,
        MeetingAction::Advance(next) => status.may_become(next),
    };
    match (allowed, action) {
        (false, _) => Err(MeetingRefused { status, action }),
        (true, MeetingAction::Reschedule | MeetingAction::ChangePlace) => Ok(status),
        (true, MeetingAction::Cancel) => Ok(SessionStatus::Cancelled),
        (true, MeetingAction::Advance(next)) => Ok(next),
    }
}

/// Monday = 0 … Sunday = 6, as chrono's `num_days_from_monday`.
pub type WeekdayIndex = u8;

/// The dates a series falls on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    /// The `nth` weekday of every `interval`-th month (`nth` −1 = the last one), leaving out
    /// the months in `skip_months` (1–12), e.g. those with an in-person session.
    MonthlyByWeekday {
        interval: u8,
        nth: i8,
        weekday: WeekdayIndex,
        skip_months: Vec<u8>,
    },
    /// Explicitly listed dates, as for in-person sessions agreed a year ahead.
    Dates(Vec<NaiveDate>),
}

/// A series as it is saved: everything that is needed to generate its sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDraft {
    pub title: String,
    pub format: SessionFormat,
    pub recurrence: Recurrence,
    pub first_date: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Local time in Europe/Berlin.
    pub start_time: NaiveTime,
    pub duration_minutes: u32,
    pub video_url: Option<String>,
    pub location: Option<String>,
    /// Topics can be submitted until this many days before a session.
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
    /// Sessions of this series from today on.
    pub upcoming: i64,
}

/// A session as the pages show it; times are given in Europe/Berlin (converted on the server,
/// so the browser needs no time-zone data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: i64,
    pub committee_id: i64,
    pub series_id: Option<i64>,
    pub title: String,
    pub format: SessionFormat,
    pub status: SessionStatus,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// Only for those who take part; never for the public.
    pub video_url: Option<String>,
    pub location: Option<String>,
    pub deadline: NaiveDateTime,
    pub public: bool,
    /// The original start when the session was moved.
    pub moved_from: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub version: i64,
}

impl Session {
    /// Whole days from `now` (local) until the topic deadline; negative once it has passed.
    pub fn days_to_deadline(&self, now: NaiveDateTime) -> i64 {
        (self.deadline.date() - now.date()).num_days()
    }
}

/// A session as stored: times in UTC, with what a calendar feed needs beyond the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: i64,
    pub committee_id: i64,
    pub series_id: Option<i64>,
    pub uid: String,
    pub title: String,
    pub format: SessionFormat,
    pub status: SessionStatus,
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

/// A new one-off session, in UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub title: String,
    pub format: SessionFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub video_url: Option<String>,
    pub location: Option<String>,
    pub public: bool,
}

/// What a form for a series sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesInput {
    pub title: String,
    pub format: String,
    /// "monthly" or "dates".
    pub rule: String,
    pub interval: String,
    pub nth: String,
    pub weekday: String,
    pub skip_months: String,
    pub dates: String,
    pub first_date: String,
    pub until: String,
    pub start_time: String,
    pub end_time: String,
    pub video_url: String,
    pub location: String,
    pub deadline_days: String,
    pub public: bool,
}

impl SeriesInput {
    /// The form's fields and values, to show again after a refusal.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("title", &self.title)
            .keep("format", &self.format)
            .keep("rule", &self.rule)
            .keep("interval", &self.interval)
            .keep("nth", &self.nth)
            .keep("weekday", &self.weekday)
            .keep("skip_months", &self.skip_months)
            .keep("dates", &self.dates)
            .keep("first_date", &self.first_date)
            .keep("until", &self.until)
            .keep("start_time", &self.start_time)
            .keep("end_time", &self.end_time)
            .keep("video_url", &self.video_url)
            .keep("location", &self.location)
            .keep("deadline_days", &self.deadline_days)
            .keep("public", if self.public { "on" } else { "" })
    }

    /// The form filled from a saved series.
    pub fn from_draft(draft: &SeriesDraft) -> Self {
        let (rule, interval, nth, weekday, skip, dates) = match &draft.recurrence {
            Recurrence::MonthlyByWeekday {
                interval,
                nth,
                weekday,
                skip_months,
            } => (
                "monthly",
                interval.to_string(),
                nth.to_string(),
                weekday.to_string(),
                skip_months
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                String::new(),
            ),
            Recurrence::Dates(dates) => (
                "dates",
                "1".to_owned(),
                "1".to_owned(),
                "2".to_owned(),
                String::new(),
                dates
                    .iter()
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        };
        Self {
            title: draft.title.clone(),
            format: draft.format.as_str().to_owned(),
            rule: rule.to_owned(),
            interval,
            nth,
            weekday,
            skip_months: skip,
            dates,
            first_date: draft.first_date.format("%Y-%m-%d").to_string(),
            until: draft
                .until
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            start_time: draft.start_time.format("%H:%M").to_string(),
            end_time: draft.end_time().format("%H:%M").to_string(),
            video_url: draft.video_url.clone().unwrap_or_default(),
            location: draft.location.clone().unwrap_or_default(),
            deadline_days: draft.deadline_days.to_string(),
            public: draft.public,
        }
    }
}

/// A date as the form sends it: ISO (the date input) or German (typed by hand).
pub fn parse_day(value: &str) -> Result<NaiveDate, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .map_err(|_| Problem::InvalidDate)
}

pub fn parse_time(value: &str) -> Result<NaiveTime, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .map_err(|_| Problem::InvalidTime)
}

fn parse_number<T: std::str::FromStr + PartialOrd>(
    value: &str,
    min: T,
    max: T,
) -> Result<T, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    match value.parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(Problem::InvalidNumber),
    }
}

/// An optional link: empty, or http(s) with a host.
pub fn parse_url(value: &str) -> Result<Option<String>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && value.chars().count() <= PLACE_MAX
                && !value.chars().any(char::is_whitespace) =>
        {
            Ok(Some(value.to_owned()))
        }
        _ => Err(Problem::InvalidUrl),
    }
}

/// An optional free text of at most `max` characters.
pub fn optional_text(value: &str, max: usize) -> Result<Option<String>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        Ok(None)
    } else if value.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(Some(value.to_owned()))
    }
}

/// Month numbers, separated by commas or spaces ("5, 11").
fn parse_months(value: &str) -> Result<Vec<u8>, Problem> {
    let mut months = Vec::new();
    for part in value.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        match part.parse::<u8>() {
            Ok(m @ 1..=12) if !months.contains(&m) => months.push(m),
            Ok(1..=12) => {}
            _ => return Err(Problem::InvalidNumber),
        }
    }
    months.sort_unstable();
    if months.len() == 12 {
        return Err(Problem::NoDates);
    }
    Ok(months)
}

/// One date per line (or separated by commas), sorted, without repeats.
fn parse_dates(value: &str) -> Result<Vec<NaiveDate>, Problem> {
    let mut dates = value
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(parse_day)
        .collect::<Result<Vec<_>, _>>()?;
    dates.sort_unstable();
    dates.dedup();
    if dates.is_empty() {
        return Err(Problem::NoDates);
    }
    Ok(dates)
}

/// Start and end time of day: the end must come after the start on the same day.
pub fn check_times(form: &mut FormErrors, start: &str, end: &str) -> Option<(NaiveTime, u32)> {
    let start = form.check("start_time", parse_time(start));
    let end = form.check("end_time", parse_time(end));
    let (start, end) = (start?, end?);
    if end <= start {
        form.add("end_time", Problem::EndBeforeStart);
        return None;
    }
    u32::try_from((end - start).num_minutes())
        .ok()
        .map(|minutes| (start, minutes))
}

/// Checks a series form. `today` is the server's date in Berlin: a new series may not start in
/// the past (`is_new`); an edited one keeps its first date. Whether the rule yields any date is
/// checked by the caller with the recurrence expansion.
pub fn check_series(
    input: &SeriesInput,
    today: NaiveDate,
    is_new: bool,
) -> Result<SeriesDraft, FormErrors> {
    let mut form = FormErrors::new();
    let title = form.check("title", required_text(&input.title, TITLE_MAX));
    let format = form.check(
        "format",
        SessionFormat::parse(&input.format).ok_or(Problem::Required),
    );
    let recurrence = match input.rule.as_str() {
        "dates" => form
            .check("dates", parse_dates(&input.dates))
            .map(Recurrence::Dates),
        _ => {
            let interval = form.check("interval", parse_number::<u8>(&input.interval, 1, 12));
            let nth = form
                .check("nth", parse_number::<i8>(&input.nth, -1, 5))
                .filter(|n| {
                    if *n == 0 {
                        form.add("nth", Problem::InvalidNumber);
                    }
                    *n != 0
                });
            let weekday = form.check("weekday", parse_number::<u8>(&input.weekday, 0, 6));
            let skip = form.check("skip_months", parse_months(&input.skip_months));
            match (interval, nth, weekday, skip) {
                (Some(interval), Some(nth), Some(weekday), Some(skip_months)) => {
                    Some(Recurrence::MonthlyByWeekday {
                        interval,
                        nth,
                        weekday,
                        skip_months,
                    })
                }
                _ => None,
            }
        }
    };
    let first_date = match &recurrence {
        // Explicit dates start with the first of them; the field is not shown for them.
        Some(Recurrence::Dates(dates)) if input.first_date.trim().is_empty() => {
            dates.first().copied()
        }
        _ => form.check("first_date", parse_day(&input.first_date)),
    };
    if let Some(first) = first_date
        && is_new
        && first < today
    {
        form.add("first_date", Problem::InPast);
    }
    if let (Some(Recurrence::Dates(dates)), true) = (&recurrence, is_new)
        && dates.iter().any(|d| *d < today)
    {
        form.add("dates", Problem::InPast);
    }
    let until = match input.until.trim() {
        "" => None,
        text => form.check("until", parse_day(text)),
    };
    if let (Some(first), Some(until)) = (first_date, until)
        && until < first
    {
        form.add("until", Problem::EndBeforeStart);
    }
    let times = check_times(&mut form, &input.start_time, &input.end_time);
    let video_url = form
        .check("video_url", parse_url(&input.video_url))
        .flatten();
    let location = form
        .check("location", optional_text(&input.location, PLACE_MAX))
        .flatten();
    let deadline_days = match input.deadline_days.trim().parse::<i64>() {
        Ok(days) if days < 0 => {
            form.add("deadline_days", Problem::DeadlineAfterSession);
            None
        }
        Ok(days) if days <= 365 => u32::try_from(days).ok(),
        Ok(_) => {
            form.add("deadline_days", Problem::InvalidNumber);
            None
        }
        Err(_) if input.deadline_days.trim().is_empty() => {
            form.add("deadline_days", Problem::Required);
            None
        }
        Err(_) => {
            form.add("deadline_days", Problem::InvalidNumber);
            None
        }
    };
    match (title, format, recurrence, first_date, times, deadline_days) {
        (
            Some(title),
            Some(format),
            Some(recurrence),
            Some(first_date),
            Some((start_time, duration_minutes)),
            Some(deadline_days),
        ) if form.is_empty() => Ok(SeriesDraft {
            title,
            format,
            recurrence,
            first_date,
            until,
            start_time,
            duration_minutes,
            video_url,
            location,
            deadline_days,
            public: input.public,
        }),
        _ => Err(input.keep(form)),
    }
}

/// A single session's date and times (an extra session, or a move), in local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTimes {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub deadline: NaiveDateTime,
}

/// Checks date, start and end time and the topic deadline (a date; the deadline is the end of
/// that day) of one session. `now` is local: a session cannot be put into the past.
pub fn check_session_times(
    form: &mut FormErrors,
    date: &str,
    start: &str,
    end: &str,
    deadline: &str,
    now: NaiveDateTime,
) -> Option<SessionTimes> {
    let day = form.check("date", parse_day(date));
    let times = check_times(form, start, end);
    let deadline_day = form.check("deadline", parse_day(deadline));
    let (day, (start, minutes), deadline_day) = (day?, times?, deadline_day?);
    let starts = day.and_time(start);
    if starts < now {
        form.add("date", Problem::InPast);
        return None;
    }
    let deadline = deadline_day.and_time(NaiveTime::from_hms_opt(23, 59, 0)?);
    let deadline = if deadline_day == day {
        // A deadline on the day itself is the moment the session begins.
        starts
    } else {
        deadline
    };
    if deadline_day > day {
        form.add("deadline", Problem::DeadlineAfterSession);
        return None;
    }
    Some(SessionTimes {
        starts,
        ends: starts + Duration::minutes(i64::from(minutes)),
        deadline,
    })
}

/// The topic deadline of a series session: the end of the day `days` before it (the session's
/// start itself when `days` is 0).
pub fn deadline_for(starts: NaiveDateTime, days: u32) -> NaiveDateTime {
    if days == 0 {
        return starts;
    }
    let day = starts.date() - Duration::days(i64::from(days));
    day.and_hms_opt(23, 59, 0).unwrap_or(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status × action, against the lifecycle written out as a table.
    #[test]
    fn the_meeting_lifecycle_over_every_status_and_action() {
        use SessionStatus::*;
        // (from, to) steps a chair may take with `Advance`.
        let steps = [
            (Planned, Invited),
            (Planned, InProgress),
            (Planned, Held),
            (Invited, InProgress),
            (Invited, Held),
            (InProgress, Held),
            (Held, MinutesApproved),
        ];
        let actions = [
            MeetingAction::Reschedule,
            MeetingAction::ChangePlace,
            MeetingAction::Cancel,
        ]
        .into_iter()
        .chain(SessionStatus::ALL.map(MeetingAction::Advance));
        let mut checked = 0;
        for action in actions {
            for status in SessionStatus::ALL {
                let before_it_begins = matches!(status, Planned | Invited);
                let expected = match action {
                    MeetingAction::Reschedule | MeetingAction::ChangePlace if before_it_begins => {
                        Ok(status)
                    }
                    MeetingAction::Cancel if before_it_begins => Ok(Cancelled),
                    MeetingAction::Advance(to) if steps.contains(&(status, to)) => Ok(to),
                    _ => Err(MeetingRefused { status, action }),
                };
                assert_eq!(
                    transition(status, action),
                    expected,
                    "{status:?} {action:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 6 * 9);
    }

    fn monthly_input() -> SeriesInput {
        SeriesInput {
            title: "Monatliche Videokonferenz".into(),
            format: "virtual".into(),
            rule: "monthly".into(),
            interval: "1".into(),
            nth: "2".into(),
            weekday: "2".into(),
            skip_months: "5, 11".into(),
            dates: String::new(),
            first_date: "2027-01-01".into(),
            until: String::new(),
            start_time: "10:00".into(),
            end_time: "12:00".into(),
            video_url: "https://video.example/kg".into(),
            location: String::new(),
            deadline_days: "7".into(),
            public: true,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_complete_series_form_is_accepted() {
        let draft = check_series(&monthly_input(), day(2026, 11, 25), true).unwrap_or_else(|e| {
            panic!("refused: {e:?}");
        });
        assert_eq!(draft.duration_minutes, 120);
        assert_eq!(
            draft.recurrence,
            Recurrence::MonthlyByWeekday {
                interval: 1,
                nth: 2,
                weekday: 2,
                skip_months: vec![5, 11]
            }
        );
        assert_eq!(SeriesInput::from_draft(&draft).end_time, "12:00");
    }

    #[test]
    fn bad_input_is_refused_at_the_field_and_kept() {
        let mut input = monthly_input();
        input.first_date = "2026-01-01".into();
        input.until = "2025-12-31".into();
        input.end_time = "09:00".into();
        input.deadline_days = "-2".into();
        input.video_url = "javascript:alert(1)".into();
        input.title = " ".into();
        let form = check_series(&input, day(2026, 11, 25), true).unwrap_err();
        assert_eq!(form.problem("first_date"), Some(Problem::InPast));
        assert_eq!(form.problem("until"), Some(Problem::EndBeforeStart));
        assert_eq!(form.problem("end_time"), Some(Problem::EndBeforeStart));
        assert_eq!(
            form.problem("deadline_days"),
            Some(Problem::DeadlineAfterSession)
        );
        assert_eq!(form.problem("video_url"), Some(Problem::InvalidUrl));
        assert_eq!(form.problem("title"), Some(Problem::Required));
        assert_eq!(form.value("video_url"), Some("javascript:alert(1)"));
        // An edited series keeps its first date even when that has passed.
        let mut edited = monthly_input();
        edited.first_date = "2026-01-01".into();
        assert!(check_series(&edited, day(2026, 11, 25), false).is_ok());
    }

    #[test]
    fn explicit_dates_are_sorted_and_checked() {
        let mut input = monthly_input();
        input.rule = "dates".into();
        input.first_date = String::new();
        input.dates = "12.11.2027\n2027-05-12\n2027-05-12".into();
        let draft = check_series(&input, day(2026, 11, 25), true).unwrap_or_else(|e| {
            panic!("refused: {e:?}");
        });
        assert_eq!(
            draft.recurrence,
            Recurrence::Dates(vec![day(2027, 5, 12), day(2027, 11, 12)])
        );
        assert_eq!(draft.first_date, day(2027, 5, 12));
        input.dates = "   ".into();
        let form = check_series(&input, day(2026, 11, 25), true).unwrap_err();
        assert_eq!(form.problem("dates"), Some(Problem::NoDates));
        input.dates = "2026-05-12".into();
        let form = check_series(&input, day(2026, 11, 25), true).unwrap_err();
        assert_eq!(form.problem("dates"), Some(Problem::InPast));
    }

    #[test]
    fn skipping_every_month_leaves_no_dates() {
        let mut input = monthly_input();
        input.skip_months = "1,2,3,4,5,6,7,8,9,10,11,12".into();
        let form = check_series(&input, day(2026, 11, 25), true).unwrap_err();
        assert_eq!(form.problem("skip_months"), Some(Problem::NoDates));
    }

    #[test]
    fn session_times_refuse_the_past_and_late_deadlines() {
        let now = day(2026, 11, 25).and_hms_opt(9, 0, 0).unwrap_or_default();
        let mut form = FormErrors::new();
        let times =
            check_session_times(&mut form, "2026-12-09", "10:00", "12:00", "2026-12-02", now);
        assert_eq!(times.map(|t| (t.ends - t.starts).num_minutes()), Some(120));
        let mut form = FormErrors::new();
        assert!(
            check_session_times(&mut form, "2026-11-24", "10:00", "12:00", "2026-11-20", now)
                .is_none()
        );
        assert_eq!(form.problem("date"), Some(Problem::InPast));
        let mut form = FormErrors::new();
        assert!(
            check_session_times(&mut form, "2026-12-09", "10:00", "12:00", "2026-12-10", now)
                .is_none()
        );
        assert_eq!(
            form.problem("deadline"),
            Some(Problem::DeadlineAfterSession)
        );
        let mut form = FormErrors::new();
        assert!(
            check_session_times(&mut form, "2026-12-09", "10:00", "09:30", "2026-12-02", now)
                .is_none()
        );
        assert_eq!(form.problem("end_time"), Some(Problem::EndBeforeStart));
    }

    #[test]
    fn status_moves_forward_and_only_open_sessions_are_cancelled() {
        use SessionStatus::*;
        assert!(Planned.may_become(Invited));
        assert!(Invited.may_become(Cancelled));
        assert!(Held.may_become(MinutesApproved));
        assert!(!Held.may_become(Cancelled));
        assert!(!Cancelled.may_become(Planned));
        assert!(!MinutesApproved.may_become(Held));
        for status in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn deadline_is_the_end_of_the_day_before() {
        let starts = day(2026, 12, 9).and_hms_opt(10, 0, 0).unwrap_or_default();
        assert_eq!(
            deadline_for(starts, 7),
            day(2026, 12, 2).and_hms_opt(23, 59, 0).unwrap_or_default()
        );
        assert_eq!(deadline_for(starts, 0), starts);
    }
}
