use super::*;
use crate::domain::form::{FormErrors, Problem};

/// Every status × action, against the lifecycle written out as a table.
#[test]
fn the_meeting_lifecycle_over_every_status_and_action() {
    use MeetingStatus::*;
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
    .chain(MeetingStatus::ALL.map(MeetingAction::Advance));
    let mut checked = 0;
    for action in actions {
        for status in MeetingStatus::ALL {
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
        Some(Problem::DeadlineAfterMeeting)
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
fn meeting_times_refuse_the_past_and_late_deadlines() {
    let now = day(2026, 11, 25).and_hms_opt(9, 0, 0).unwrap_or_default();
    let mut form = FormErrors::new();
    let times = check_meeting_times(&mut form, "2026-12-09", "10:00", "12:00", "2026-12-02", now);
    assert_eq!(times.map(|t| (t.ends - t.starts).num_minutes()), Some(120));
    let mut form = FormErrors::new();
    assert!(
        check_meeting_times(&mut form, "2026-11-24", "10:00", "12:00", "2026-11-20", now).is_none()
    );
    assert_eq!(form.problem("date"), Some(Problem::InPast));
    let mut form = FormErrors::new();
    assert!(
        check_meeting_times(&mut form, "2026-12-09", "10:00", "12:00", "2026-12-10", now).is_none()
    );
    assert_eq!(
        form.problem("deadline"),
        Some(Problem::DeadlineAfterMeeting)
    );
    let mut form = FormErrors::new();
    assert!(
        check_meeting_times(&mut form, "2026-12-09", "10:00", "09:30", "2026-12-02", now).is_none()
    );
    assert_eq!(form.problem("end_time"), Some(Problem::EndBeforeStart));
}

/// Found by the fuzz target `recurrence`: 00:00 to 00:00:60 (a leap second) passed as a
/// meeting that ends after it begins, lasting 0 whole minutes, which the database refuses.
#[test]
fn seconds_are_dropped_so_a_meeting_lasts_at_least_a_minute() {
    assert_eq!(parse_time("10:15:59"), parse_time("10:15"));
    assert_eq!(parse_time("23:59:60"), parse_time("23:59"));
    let now = day(2026, 11, 25).and_hms_opt(9, 0, 0).unwrap_or_default();
    for (start, end) in [("00:00", "00:00:60"), ("10:00:00", "10:00:30")] {
        let mut form = FormErrors::new();
        assert_eq!(
            check_meeting_times(&mut form, "2026-12-09", start, end, "2026-12-02", now),
            None
        );
        assert_eq!(form.problem("end_time"), Some(Problem::EndBeforeStart));
        let mut input = monthly_input();
        (input.start_time, input.end_time) = (start.into(), end.into());
        let form = check_series(&input, day(2026, 11, 25), true).unwrap_err();
        assert_eq!(form.problem("end_time"), Some(Problem::EndBeforeStart));
    }
}

#[test]
fn status_moves_forward_and_only_open_meetings_are_cancelled() {
    use MeetingStatus::*;
    assert!(Planned.may_become(Invited));
    assert!(Invited.may_become(Cancelled));
    assert!(Held.may_become(MinutesApproved));
    assert!(!Held.may_become(Cancelled));
    assert!(!Cancelled.may_become(Planned));
    assert!(!MinutesApproved.may_become(Held));
    for status in MeetingStatus::ALL {
        assert_eq!(MeetingStatus::parse(status.as_str()), Some(status));
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
