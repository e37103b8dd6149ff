//! Meeting series and meetings on SQLite and PostgreSQL: generation for the horizon, moving and
//! cancelling one meeting, regenerating a series without losing meetings that hold content.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use gremium::domain::audit::Actor;
use gremium::domain::calendar::{
    MeetingAction, MeetingFormat, MeetingRecord, MeetingRefused, MeetingStatus, NewMeeting,
    Recurrence, SeriesDraft,
};
use gremium::domain::page::PageRequest;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::meetings::{MeetingQuery, SyncReport, When};
use gremium::store::{Db, StoreError, committees, meetings, series};

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn draft(nth: i8, hour: u32) -> SeriesDraft {
    SeriesDraft {
        title: "Videokonferenz Test".into(),
        format: MeetingFormat::Virtual,
        recurrence: Recurrence::MonthlyByWeekday {
            interval: 1,
            nth,
            weekday: 2,
            skip_months: vec![],
        },
        first_date: day(2027, 1, 1),
        until: None,
        start_time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        duration_minutes: 90,
        video_url: Some("https://video.example/raum".into()),
        location: None,
        deadline_days: 7,
        public: true,
    }
}

async fn of_series(db: &Db, series_id: i64) -> Vec<MeetingRecord> {
    let committee = committees::default_id(db).await.unwrap();
    meetings::between(
        db,
        Some(committee),
        utc(2026, 1, 1, 0),
        utc(2030, 1, 1, 0),
        false,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|s| s.series_id == Some(series_id))
    .collect()
}

/// "Now" for these stories: the first of January 2027, noon.
const YEAR: i32 = 2027;

async fn series_meetings_survive_regeneration(db: &Db) {
    let now = utc(YEAR, 1, 1, 12);
    let actor = Actor::system();
    let committee = committees::default_id(db).await.unwrap();
    let id = series::create(db, committee, &draft(2, 10), &actor)
        .await
        .unwrap();

    // Twelve months ahead: the second Wednesdays of January to December 2027.
    let report = meetings::sync_series(db, id, now).await.unwrap();
    assert_eq!(report.created, 12, "{report:?}");
    assert_eq!(
        meetings::sync_series(db, id, now).await.unwrap(),
        SyncReport::default(),
        "a second run changes nothing"
    );
    let all = of_series(db, id).await;
    assert_eq!(all.len(), 12);
    assert_eq!(
        utc_to_berlin(all[0].starts_at),
        day(2027, 1, 13).and_hms_opt(10, 0, 0).unwrap()
    );
    // Summer time: 10:00 in Berlin is 08:00 UTC in July.
    assert_eq!(all[6].starts_at, utc(2027, 7, 14, 8));
    let uids: std::collections::BTreeSet<_> = all.iter().map(|s| s.uid.clone()).collect();
    assert_eq!(uids.len(), 12, "every meeting has its own UID");

    // Move March to the Thursday; a second, stale save is refused.
    let march = &all[2];
    meetings::reschedule(
        db,
        march.id,
        march.version,
        utc(YEAR, 3, 11, 13),
        utc(YEAR, 3, 11, 15),
        utc(YEAR, 3, 4, 22),
        &actor,
    )
    .await
    .unwrap();
    let stale = meetings::reschedule(
        db,
        march.id,
        march.version,
        utc(YEAR, 3, 12, 13),
        utc(YEAR, 3, 12, 15),
        utc(YEAR, 3, 4, 22),
        &actor,
    )
    .await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    let moved = meetings::get(db, march.id).await.unwrap();
    assert_eq!(moved.moved_from, Some(march.starts_at));
    assert_eq!(moved.starts_at, utc(YEAR, 3, 11, 13));
    assert_eq!(moved.sequence, march.sequence + 1);
    assert_eq!(moved.uid, march.uid, "the UID never changes");

    // Cancel April with a reason; mark May as invited (its agenda is published).
    let april = &all[3];
    meetings::cancel(db, april.id, april.version, "Ferien", &actor)
        .await
        .unwrap();
    let cancelled = meetings::get(db, april.id).await.unwrap();
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Ferien"));
    assert_eq!(cancelled.sequence, april.sequence + 1);
    let refused = meetings::reschedule(
        db,
        april.id,
        cancelled.version,
        utc(YEAR, 4, 20, 8),
        utc(YEAR, 4, 20, 9),
        utc(YEAR, 4, 13, 8),
        &actor,
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::MeetingRefused(MeetingRefused {
                status: MeetingStatus::Cancelled,
                action: MeetingAction::Reschedule,
            }))
        ),
        "{refused:?}"
    );
    let may = &all[4];
    meetings::set_status(db, may.id, may.version, MeetingStatus::Invited, &actor)
        .await
        .unwrap();

    // The series moves to 14:00: plain meetings follow, the three others stay as they are.
    let mut later = draft(2, 14);
    let current = series::get(db, id).await.unwrap();
    series::update(db, id, current.version, &later, &actor)
        .await
        .unwrap();
    let stale = series::update(db, id, current.version, &later, &actor).await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    let report = meetings::sync_series(db, id, now).await.unwrap();
    assert_eq!(
        report,
        SyncReport {
            created: 0,
            updated: 9,
            removed: 0
        }
    );
    let after = of_series(db, id).await;
    assert_eq!(after.len(), 12);
    let june = after.iter().find(|s| s.id == all[5].id).unwrap();
    assert_eq!(june.starts_at, utc(YEAR, 6, 9, 12));
    assert_eq!(june.sequence, all[5].sequence + 1);
    assert_eq!(meetings::get(db, march.id).await.unwrap(), moved);
    assert_eq!(meetings::get(db, april.id).await.unwrap(), cancelled);
    assert_eq!(
        meetings::get(db, may.id).await.unwrap().starts_at,
        may.starts_at
    );

    // Now the third Wednesday: the nine plain meetings go, twelve new dates come, and the moved,
    // cancelled and invited meetings are still there.
    later.recurrence = Recurrence::MonthlyByWeekday {
        interval: 1,
        nth: 3,
        weekday: 2,
        skip_months: vec![],
    };
    let current = series::get(db, id).await.unwrap();
    series::update(db, id, current.version, &later, &actor)
        .await
        .unwrap();
    let report = meetings::sync_series(db, id, now).await.unwrap();
    assert_eq!(
        report,
        SyncReport {
            created: 12,
            updated: 0,
            removed: 9
        }
    );
    let after = of_series(db, id).await;
    assert_eq!(after.len(), 15);
    for kept in [march.id, april.id, may.id] {
        assert!(
            after.iter().any(|s| s.id == kept),
            "meeting {kept} was lost"
        );
    }
    assert_eq!(
        meetings::get(db, may.id).await.unwrap().status,
        MeetingStatus::Invited
    );
}

on_both_databases!(regeneration, series_meetings_survive_regeneration);

/// The README's rolling horizon: the server's periodic run (`sync_all`) keeps every series
/// twelve months ahead as time passes, keeps the meetings already held, and does nothing when
/// run again.
async fn the_horizon_moves_with_time(db: &Db) {
    let committee = committees::default_id(db).await.unwrap();
    let id = series::create(db, committee, &draft(2, 10), &Actor::system())
        .await
        .unwrap();
    let dates = |meetings: Vec<MeetingRecord>| {
        meetings
            .into_iter()
            .map(|s| utc_to_berlin(s.starts_at).date())
            .collect::<Vec<_>>()
    };

    meetings::sync_all(db, utc(YEAR, 1, 1, 12)).await.unwrap();
    let first = dates(of_series(db, id).await);
    assert_eq!(first.len(), 12, "{first:?}");
    assert_eq!(first.last(), Some(&day(2027, 12, 8)));

    // Three months on: January to March 2028 join; January to March 2027 stay.
    let later = utc(YEAR, 4, 1, 12);
    let report = meetings::sync_all(db, later).await.unwrap();
    assert!(report.created >= 3, "{report:?}");
    let extended = dates(of_series(db, id).await);
    assert_eq!(extended.len(), 15, "{extended:?}");
    assert_eq!(&extended[..12], &first[..]);
    assert_eq!(
        &extended[12..],
        &[day(2028, 1, 12), day(2028, 2, 9), day(2028, 3, 8)]
    );

    // Every six hours the same run again: nothing to do.
    let again = meetings::sync_all(db, later).await.unwrap();
    assert_eq!(again, SyncReport::default());
    assert_eq!(of_series(db, id).await.len(), 15);
}
on_both_databases!(horizon, the_horizon_moves_with_time);

async fn meetings_are_listed_searched_and_filtered(db: &Db) {
    let now = utc(YEAR, 1, 1, 12);
    let actor = Actor::system();
    let committee = committees::default_id(db).await.unwrap();
    let id = series::create(db, committee, &draft(2, 10), &actor)
        .await
        .unwrap();
    meetings::sync_series(db, id, now).await.unwrap();
    let extra = NewMeeting {
        title: "Sondersitzung Registermodernisierung".into(),
        format: MeetingFormat::InPerson,
        starts_at: utc(YEAR, 2, 20, 9),
        ends_at: utc(YEAR, 2, 20, 15),
        deadline_at: utc(YEAR, 2, 13, 22),
        video_url: None,
        location: Some("Frankfurt am Main, FITKO".into()),
        public: false,
    };
    let extra_id = meetings::create(db, committee, &extra, &actor)
        .await
        .unwrap();

    let query = |text: Option<&str>, public_only, when| MeetingQuery {
        committee_id: committee,
        when,
        text: text.map(str::to_owned),
        public_only,
        page: PageRequest::new(Some(1), Some(5)),
    };
    let first = meetings::list(db, &query(None, false, When::Upcoming), now)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 5);
    let ours: Vec<_> = first.items.iter().map(|s| s.starts_at).collect();
    assert!(ours.windows(2).all(|w| w[0] <= w[1]), "soonest first");
    let found = meetings::list(db, &query(Some("frankfurt"), false, When::Upcoming), now)
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        [extra_id]
    );
    let public = meetings::list(db, &query(Some("frankfurt"), true, When::Upcoming), now)
        .await
        .unwrap();
    assert_eq!(public.total, 0, "internal meetings are not public");
    // A year later the same meetings are past, latest first.
    let past = meetings::list(
        db,
        &query(Some("Videokonferenz Test"), false, When::Past),
        utc(YEAR + 1, 6, 1, 0),
    )
    .await
    .unwrap();
    assert_eq!(past.total, 12);
    assert!(past.items[0].starts_at > past.items[1].starts_at);
}

on_both_databases!(listing, meetings_are_listed_searched_and_filtered);
