//! Expanding a series into dates, and converting between Europe/Berlin and UTC. The monthly rule
//! is expanded by the `rrule` crate (RFC 5545) in the Berlin zone, so a meeting stays at 10:00
//! local time across the daylight-saving switches; the database keeps UTC.
//!
//! Server side only: the time-zone tables would make the browser's download much larger, and
//! the pages receive times already converted.

use chrono::{DateTime, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use rrule::{Frequency, NWeekday, RRule, Tz};

use super::calendar::{Meeting, MeetingRecord, Recurrence, SeriesDraft, deadline_for};

/// One generated meeting date of a series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The local date it falls on: the key that ties a meeting row to its place in the series.
    pub date: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
}

/// A local Berlin time as UTC. A time that does not exist (skipped at the spring switch) is
/// moved forward by the gap; an ambiguous one (repeated in autumn) takes the first, summer time.
pub fn berlin_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match Berlin.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = local + Duration::hours(1);
            Berlin
                .from_local_datetime(&later)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
        }
    }
}

pub fn utc_to_berlin(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Berlin).naive_local()
}

/// A stored meeting as a page shows it: local times; the video link only for those who take
/// part (`show_link`).
pub fn local_view(record: &MeetingRecord, show_link: bool) -> Meeting {
    Meeting {
        id: record.id,
        committee_id: record.committee_id,
        series_id: record.series_id,
        title: record.title.clone(),
        format: record.format,
        status: record.status,
        starts: utc_to_berlin(record.starts_at),
        ends: utc_to_berlin(record.ends_at),
        video_url: record.video_url.clone().filter(|_| show_link),
        location: record.location.clone(),
        deadline: utc_to_berlin(record.deadline_at),
        public: record.public,
        moved_from: record.moved_from.map(utc_to_berlin),
        cancel_reason: record.cancel_reason.clone(),
        version: record.version,
    }
}

/// Today's date in Berlin.
pub fn berlin_today(now: DateTime<Utc>) -> NaiveDate {
    utc_to_berlin(now).date()
}

fn weekday(index: u8) -> chrono::Weekday {
    match index {
        0 => chrono::Weekday::Mon,
        1 => chrono::Weekday::Tue,
        2 => chrono::Weekday::Wed,
        3 => chrono::Weekday::Thu,
        4 => chrono::Weekday::Fri,
        5 => chrono::Weekday::Sat,
        _ => chrono::Weekday::Sun,
    }
}

/// The local dates of a series between `from` and `to` (both inclusive), also bounded by the
/// series' own first date and end.
pub fn dates(draft: &SeriesDraft, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let from = from.max(draft.first_date);
    let to = draft.until.map_or(to, |until| until.min(to));
    if to < from {
        return Vec::new();
    }
    match &draft.recurrence {
        Recurrence::Dates(list) => list
            .iter()
            .copied()
            .filter(|d| (from..=to).contains(d))
            .collect(),
        Recurrence::MonthlyByWeekday {
            interval,
            nth,
            weekday: day,
            skip_months,
        } => {
            let tz = Tz::Tz(Berlin);
            // Noon avoids any daylight-saving edge; only the dates are used.
            let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
            let Some(start) = tz
                .from_local_datetime(&draft.first_date.and_time(noon))
                .earliest()
            else {
                return Vec::new();
            };
            let months: Vec<chrono::Month> = (1..=12u8)
                .filter(|m| !skip_months.contains(m))
                .filter_map(|m| chrono::Month::try_from(m).ok())
                .collect();
            let rule = RRule::new(Frequency::Monthly)
                .interval(u16::from(*interval))
                .by_weekday(vec![NWeekday::Nth(i16::from(*nth), weekday(*day))])
                .by_month(&months);
            let Ok(set) = rule.build(start) else {
                return Vec::new();
            };
            let (Some(after), Some(before)) = (
                tz.from_local_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default())
                    .earliest(),
                tz.from_local_datetime(&to.and_hms_opt(23, 59, 59).unwrap_or_default())
                    .earliest(),
            ) else {
                return Vec::new();
            };
            // At most one date a month: a few hundred cover any horizon we ask for.
            set.after(after)
                .before(before)
                .all(1000)
                .dates
                .into_iter()
                .map(|d| d.date_naive())
                .collect()
        }
    }
}

/// The meetings a series yields between `from` and `to`, with times in UTC.
pub fn occurrences(draft: &SeriesDraft, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
    dates(draft, from, to)
        .into_iter()
        .map(|date| {
            let starts = date.and_time(draft.start_time);
            let ends = starts + Duration::minutes(i64::from(draft.duration_minutes));
            Occurrence {
                date,
                starts_at: berlin_to_utc(starts),
                ends_at: berlin_to_utc(ends),
                deadline_at: berlin_to_utc(deadline_for(starts, draft.deadline_days)),
            }
        })
        .collect()
}

/// Whether the series yields any date at all in its first `RULE_CHECK_MONTHS` months.
pub fn yields_dates(draft: &SeriesDraft) -> bool {
    let to = draft
        .first_date
        .checked_add_months(Months::new(super::calendar::RULE_CHECK_MONTHS))
        .unwrap_or(draft.first_date);
    !dates(draft, draft.first_date, to).is_empty()
}

/// The last day of the rolling horizon that starts `today`.
pub fn horizon_end(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(super::calendar::HORIZON_MONTHS))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::MeetingFormat;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn series(recurrence: Recurrence, first: NaiveDate) -> SeriesDraft {
        SeriesDraft {
            title: "Kommunalgremium".into(),
            format: MeetingFormat::Virtual,
            recurrence,
            first_date: first,
            until: None,
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_minutes: 120,
            video_url: None,
            location: None,
            deadline_days: 7,
            public: true,
        }
    }

    fn monthly(nth: i8, weekday: u8, skip: &[u8]) -> Recurrence {
        Recurrence::MonthlyByWeekday {
            interval: 1,
            nth,
            weekday,
            skip_months: skip.to_vec(),
        }
    }

    #[test]
    fn second_wednesday_for_a_whole_year() {
        let draft = series(monthly(2, 2, &[]), day(2027, 1, 1));
        let got = dates(&draft, day(2027, 1, 1), day(2027, 12, 31));
        let expected = [
            day(2027, 1, 13),
            day(2027, 2, 10),
            day(2027, 3, 10),
            day(2027, 4, 14),
            day(2027, 5, 12),
            day(2027, 6, 9),
            day(2027, 7, 14),
            day(2027, 8, 11),
            day(2027, 9, 8),
            day(2027, 10, 13),
            day(2027, 11, 10),
            day(2027, 12, 8),
        ];
        assert_eq!(got, expected);
        for d in &got {
            assert_eq!(chrono::Datelike::weekday(d), chrono::Weekday::Wed);
        }
    }

    #[test]
    fn last_friday_every_six_months_without_skipped_months() {
        let draft = series(
            Recurrence::MonthlyByWeekday {
                interval: 6,
                nth: -1,
                weekday: 4,
                skip_months: vec![],
            },
            day(2027, 5, 1),
        );
        assert_eq!(
            dates(&draft, day(2027, 1, 1), day(2028, 12, 31)),
            [
                day(2027, 5, 28),
                day(2027, 11, 26),
                day(2028, 5, 26),
                day(2028, 11, 24)
            ]
        );
        let skipping = series(monthly(2, 2, &[5, 11]), day(2027, 1, 1));
        let got = dates(&skipping, day(2027, 1, 1), day(2027, 12, 31));
        assert_eq!(got.len(), 10);
        assert!(!got.contains(&day(2027, 5, 12)));
        assert!(!got.contains(&day(2027, 11, 10)));
    }

    /// 10:00 in Berlin is 09:00 UTC in winter and 08:00 UTC in summer; the switches happen on
    /// the last Sundays of March and October.
    #[test]
    fn local_time_holds_across_daylight_saving_switches() {
        // Sundays on the switch days and the days around them.
        let draft = series(
            Recurrence::Dates(vec![
                day(2027, 3, 27),
                day(2027, 3, 28),
                day(2027, 3, 29),
                day(2027, 10, 30),
                day(2027, 10, 31),
                day(2027, 11, 1),
            ]),
            day(2027, 3, 1),
        );
        let hours: Vec<(NaiveDate, u32)> = occurrences(&draft, day(2027, 1, 1), day(2027, 12, 31))
            .into_iter()
            .map(|o| (o.date, chrono::Timelike::hour(&o.starts_at)))
            .collect();
        assert_eq!(
            hours,
            [
                (day(2027, 3, 27), 9),
                (day(2027, 3, 28), 8),
                (day(2027, 3, 29), 8),
                (day(2027, 10, 30), 8),
                (day(2027, 10, 31), 9),
                (day(2027, 11, 1), 9),
            ]
        );
        // The monthly rule through both switches: always 10:00 local.
        let monthly = series(monthly(-1, 6, &[]), day(2027, 1, 1));
        for o in occurrences(&monthly, day(2027, 1, 1), day(2027, 12, 31)) {
            assert_eq!(
                utc_to_berlin(o.starts_at).time(),
                NaiveTime::from_hms_opt(10, 0, 0).unwrap()
            );
        }
        let march = occurrences(&monthly, day(2027, 3, 1), day(2027, 3, 31));
        assert_eq!(march[0].date, day(2027, 3, 28));
        assert_eq!(chrono::Timelike::hour(&march[0].starts_at), 8);
    }

    #[test]
    fn times_in_the_spring_gap_and_the_autumn_repeat() {
        // 02:30 does not exist on 28 March 2027; it becomes 03:30 summer time (01:30 UTC).
        let gap = berlin_to_utc(day(2027, 3, 28).and_hms_opt(2, 30, 0).unwrap());
        assert_eq!(gap, Utc.with_ymd_and_hms(2027, 3, 28, 1, 30, 0).unwrap());
        // 02:30 happens twice on 31 October 2027; the first (summer time) is taken.
        let repeat = berlin_to_utc(day(2027, 10, 31).and_hms_opt(2, 30, 0).unwrap());
        assert_eq!(
            repeat,
            Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap()
        );
    }

    #[test]
    fn rules_without_dates_are_recognised() {
        // A fifth Monday in February only occurs in leap years starting on a Monday: none in
        // 2027–2028 when only February is left.
        let none = series(
            monthly(5, 0, &[1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            day(2027, 1, 1),
        );
        assert!(!yields_dates(&none));
        assert!(yields_dates(&series(monthly(2, 2, &[]), day(2027, 1, 1))));
        let mut ended = series(monthly(2, 2, &[]), day(2027, 1, 1));
        ended.until = Some(day(2027, 1, 5));
        assert!(!yields_dates(&ended));
    }

    #[test]
    fn deadlines_and_horizon() {
        let draft = series(monthly(2, 2, &[]), day(2027, 1, 1));
        let first = &occurrences(&draft, day(2027, 1, 1), day(2027, 1, 31))[0];
        assert_eq!(
            utc_to_berlin(first.deadline_at),
            day(2027, 1, 6).and_hms_opt(23, 59, 0).unwrap()
        );
        assert_eq!(horizon_end(day(2026, 11, 25)), day(2027, 11, 25));
    }
}
