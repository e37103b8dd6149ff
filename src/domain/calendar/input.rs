//! The series and meeting forms as typed, checked into drafts: days, times, links, months and
//! the deadline before a meeting.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{MeetingFormat, PLACE_MAX, Recurrence, SeriesDraft, TITLE_MAX};
use crate::domain::form::{FormErrors, Problem, required_text};

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
    #[serde(default, deserialize_with = "crate::domain::form::checkbox")]
    pub public: bool,
}

/// A one-off meeting's form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingInput {
    pub title: String,
    pub format: String,
    #[serde(flatten)]
    pub times: TimesInput,
    pub video_url: String,
    pub location: String,
    #[serde(default, deserialize_with = "crate::domain::form::checkbox")]
    pub public: bool,
}

/// A meeting's day, times and topic deadline, as typed (Berlin time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimesInput {
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub deadline: String,
}

/// A meeting's format, video link and place, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceInput {
    pub format: String,
    pub video_url: String,
    pub location: String,
}

impl MeetingInput {
    /// The refused form with everything the chair typed.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        self.times
            .keep(form)
            .keep("title", &self.title)
            .keep("format", &self.format)
            .keep("video_url", &self.video_url)
            .keep("location", &self.location)
            .keep("public", if self.public { "on" } else { "" })
    }
}

impl TimesInput {
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("date", &self.date)
            .keep("start_time", &self.start_time)
            .keep("end_time", &self.end_time)
            .keep("deadline", &self.deadline)
    }
}

impl PlaceInput {
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("format", &self.format)
            .keep("video_url", &self.video_url)
            .keep("location", &self.location)
    }
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

/// A time of day to the minute: HH:MM, or HH:MM:SS as some browsers send it. The seconds (a
/// leap second too) are dropped, as the store keeps whole minutes: otherwise 10:00–10:00:30
/// would pass as a meeting that ends after it begins and last 0 minutes.
pub fn parse_time(value: &str) -> Result<NaiveTime, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .ok()
        .and_then(|time| NaiveTime::from_hms_opt(time.hour(), time.minute(), 0))
        .ok_or(Problem::InvalidTime)
}

pub(super) fn parse_number<T: std::str::FromStr + PartialOrd>(
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
pub(super) fn parse_months(value: &str) -> Result<Vec<u8>, Problem> {
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
pub(super) fn parse_dates(value: &str) -> Result<Vec<NaiveDate>, Problem> {
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
        MeetingFormat::parse(&input.format).ok_or(Problem::Required),
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
            form.add("deadline_days", Problem::DeadlineAfterMeeting);
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

/// A single meeting's date and times (an extra meeting, or a move), in local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingTimes {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub deadline: NaiveDateTime,
}

/// Checks date, start and end time and the topic deadline (a date; the deadline is the end of
/// that day) of one meeting. `now` is local: a meeting cannot be put into the past.
pub fn check_meeting_times(
    form: &mut FormErrors,
    date: &str,
    start: &str,
    end: &str,
    deadline: &str,
    now: NaiveDateTime,
) -> Option<MeetingTimes> {
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
        // A deadline on the day itself is the moment the meeting begins.
        starts
    } else {
        deadline
    };
    if deadline_day > day {
        form.add("deadline", Problem::DeadlineAfterMeeting);
        return None;
    }
    Some(MeetingTimes {
        starts,
        ends: starts + Duration::minutes(i64::from(minutes)),
        deadline,
    })
}

/// The topic deadline of a series meeting: the end of the day `days` before it (the meeting's
/// start itself when `days` is 0).
pub fn deadline_for(starts: NaiveDateTime, days: u32) -> NaiveDateTime {
    if days == 0 {
        return starts;
    }
    let day = starts.date() - Duration::days(i64::from(days));
    day.and_hms_opt(23, 59, 0).unwrap_or(starts)
}
