//! The series form and a single meeting's dates and times, as typed, through the checks and
//! the expansion into meetings (Berlin time to UTC, the `rrule` crate): nothing panics; an
//! accepted series keeps its rules, shows again in the edit form as what it is, and yields
//! meetings that can be stored (each inside its series' range, on its rule's weekday, ending
//! after it starts, its deadline not after its start).

#![no_main]

use arbitrary::Arbitrary;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use gremium::domain::calendar::{
    MeetingFormat, PLACE_MAX, Recurrence, SeriesDraft, SeriesInput, TITLE_MAX, check_meeting_times,
    check_series,
};
use gremium::domain::form::FormErrors;
use gremium::domain::recurrence::{
    berlin_to_utc, horizon_end, occurrences, utc_to_berlin, yields_dates,
};
use gremium_fuzz::{DayText, NumberText, TimeText, WordText, is_field};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Form {
    Series {
        title: String,
        format: WordText,
        rule: WordText,
        interval: NumberText,
        nth: NumberText,
        weekday: NumberText,
        skip_months: Vec<NumberText>,
        dates: Vec<DayText>,
        first_date: DayText,
        until: DayText,
        start_time: TimeText,
        end_time: TimeText,
        video_url: String,
        location: String,
        deadline_days: NumberText,
        public: bool,
        today: u16,
        is_new: bool,
    },
    Meeting {
        date: DayText,
        start: TimeText,
        end: TimeText,
        deadline: DayText,
        now: u16,
        minute: u16,
    },
}

/// A day from 2000 on: what the server's "today" can be.
fn today(offset: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|day| day.checked_add_days(Days::new(u64::from(offset))))
        .unwrap_or_default()
}

fn check_draft(draft: &SeriesDraft, today: NaiveDate, is_new: bool) {
    assert!(is_field(&draft.title, TITLE_MAX), "{draft:?}");
    assert!(
        draft
            .location
            .as_ref()
            .is_none_or(|l| is_field(l, PLACE_MAX))
    );
    assert!(
        draft
            .video_url
            .as_ref()
            .is_none_or(|u| u.starts_with("https://") || u.starts_with("http://"))
    );
    assert!(draft.duration_minutes > 0, "{draft:?}");
    assert!(draft.end_time() > draft.start_time, "{draft:?}");
    assert!(draft.deadline_days <= 365);
    assert!(draft.until.is_none_or(|until| until >= draft.first_date));
    if is_new {
        assert!(draft.first_date >= today, "{draft:?}");
    }
    match &draft.recurrence {
        Recurrence::Dates(dates) => {
            assert!(!dates.is_empty() && dates.windows(2).all(|w| w[0] < w[1]));
            assert!(!is_new || dates.iter().all(|d| *d >= today));
        }
        Recurrence::MonthlyByWeekday {
            interval,
            nth,
            weekday,
            skip_months,
        } => {
            assert!((1..=12).contains(interval));
            assert!((-1..=5).contains(nth) && *nth != 0);
            assert!(*weekday <= 6);
            assert!(skip_months.len() < 12 && skip_months.windows(2).all(|w| w[0] < w[1]));
            assert!(skip_months.iter().all(|m| (1..=12).contains(m)));
        }
    }
}

/// The meetings of the rolling horizon, as the store would write them.
fn check_meetings(draft: &SeriesDraft, today: NaiveDate) {
    let horizon = horizon_end(today);
    let meetings = occurrences(draft, today, horizon);
    let from = today.max(draft.first_date);
    let to = draft.until.map_or(horizon, |until| until.min(horizon));
    for pair in meetings.windows(2) {
        assert!(pair[0].date < pair[1].date, "{meetings:?}");
    }
    for meeting in &meetings {
        assert!(
            (from..=to).contains(&meeting.date),
            "{meeting:?} of {draft:?}"
        );
        match &draft.recurrence {
            Recurrence::Dates(dates) => assert!(dates.contains(&meeting.date)),
            Recurrence::MonthlyByWeekday {
                weekday,
                skip_months,
                ..
            } => {
                let day = meeting.date;
                assert_eq!(day.weekday().num_days_from_monday(), u32::from(*weekday));
                assert!(!skip_months.contains(&u8::try_from(day.month()).unwrap_or(0)));
            }
        }
        // The database refuses a meeting that does not end after it starts.
        assert!(
            meeting.ends_at > meeting.starts_at,
            "{meeting:?} of {draft:?}"
        );
        assert!(meeting.deadline_at <= meeting.starts_at, "{meeting:?}");
        assert_eq!(utc_to_berlin(meeting.starts_at).date(), meeting.date);
    }
}

fn series(form: Form) {
    let Form::Series {
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
        public,
        today: offset,
        is_new,
    } = form
    else {
        return;
    };
    let formats: Vec<&str> = MeetingFormat::ALL.iter().map(|f| f.as_str()).collect();
    let input = SeriesInput {
        title,
        format: format.text(&formats),
        rule: rule.text(&["monthly", "dates"]),
        interval: interval.text(),
        nth: nth.text(),
        weekday: weekday.text(),
        skip_months: skip_months
            .iter()
            .map(NumberText::text)
            .collect::<Vec<_>>()
            .join(", "),
        dates: dates
            .iter()
            .map(DayText::text)
            .collect::<Vec<_>>()
            .join("\n"),
        first_date: first_date.text(),
        until: until.text(),
        start_time: start_time.text(),
        end_time: end_time.text(),
        video_url,
        location,
        deadline_days: deadline_days.text(),
        public,
    };
    let today = today(offset);
    match check_series(&input, today, is_new) {
        Ok(draft) => {
            check_draft(&draft, today, is_new);
            // The edit form shows the saved series; sent back unchanged, it is the same series.
            let again = SeriesInput::from_draft(&draft);
            assert_eq!(
                check_series(&again, today, is_new),
                Ok(draft.clone()),
                "{again:?}"
            );
            yields_dates(&draft);
            check_meetings(&draft, today);
        }
        Err(form) => refused(&form, &input),
    }
}

fn refused(form: &FormErrors, input: &SeriesInput) {
    assert!(!form.is_empty(), "refused without a reason: {form:?}");
    assert_eq!(form.value("title"), Some(input.title.as_str()));
    assert_eq!(form.value("dates"), Some(input.dates.as_str()));
}

fn meeting(form: Form) {
    let Form::Meeting {
        date,
        start,
        end,
        deadline,
        now,
        minute,
    } = form
    else {
        return;
    };
    let now: NaiveDateTime = today(now).and_time(NaiveTime::MIN)
        + chrono::Duration::minutes(i64::from(minute % (24 * 60)));
    let mut form = FormErrors::new();
    let checked = check_meeting_times(
        &mut form,
        &date.text(),
        &start.text(),
        &end.text(),
        &deadline.text(),
        now,
    );
    match checked {
        Some(times) => {
            assert!(form.is_empty(), "{form:?}");
            assert!(times.starts >= now && times.ends > times.starts);
            assert_eq!(times.ends.date(), times.starts.date());
            assert!(times.deadline <= times.starts);
            // As the store writes it.
            let (starts, ends) = (berlin_to_utc(times.starts), berlin_to_utc(times.ends));
            assert!(ends > starts, "{times:?}: {starts} to {ends}");
            assert!(berlin_to_utc(times.deadline) <= starts, "{times:?}");
            let _ = utc_to_berlin(starts).minute();
        }
        None => assert!(!form.is_empty(), "refused without a reason"),
    }
}

fuzz_target!(|form: Form| {
    if matches!(form, Form::Series { .. }) {
        series(form);
    } else {
        meeting(form);
    }
});
