//! Running a meeting on SQLite and PostgreSQL: attendance and quorum, live mode with one
//! writer, decisions with their numbers, tasks and the overdue list, and minutes from draft to
//! approval.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gremium::domain::agenda::{AgendaAction, AgendaRefused};
use gremium::domain::attendance::{Presence, quorum};
use gremium::domain::audit::Actor;
use gremium::domain::calendar::MeetingStatus;
use gremium::domain::committee::NewMembership;
use gremium::domain::decisions::{DecisionDraft, DecisionForm, DecisionKind, Votes};
use gremium::domain::minutes::{MinutesRefused, MinutesState, to_markdown};
use gremium::domain::tasks::{TaskDraft, TaskOwner, TaskStatus};
use gremium::domain::visibility::Reader;
use gremium::store::attendance::{self, Record};
use gremium::store::{
    Db, StoreError, agenda, committees, decisions, live, meetings, minutes, tasks,
};
use gremium::usecases::{self, Refusal};

use crate::support::Roles;

/// What every change to final minutes is refused with.
const FINAL_LOCKED: MinutesRefused = MinutesRefused::Locked(MinutesState::Final);

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

async fn meeting(db: &Db, committee: i64, month: u32, day: u32) -> i64 {
    let title = format!("Sitzung {day}.{month}.2031");
    let (starts, deadline) = (utc(2031, month, day, 9), utc(2031, month, day - 3, 9));
    crate::support::meeting(db, committee, &title, starts, deadline).await
}

async fn person(db: &Db, email: &str) -> i64 {
    crate::support::person(db, email, None)
        .await
        .user_id
        .unwrap()
}

fn actor(id: i64, label: &str) -> Actor {
    Actor {
        user_id: Some(id),
        label: label.to_owned(),
        ip: None,
    }
}

/// A committee of its own with three seats (one with a deputy); yields (committee, seat
/// holders' memberships, the deputy's membership, the first holder's user id).
async fn committee_with_seats(db: &Db) -> (i64, Vec<i64>, i64, i64) {
    let system = Actor::system();
    let committee = committees::default_id(db).await.unwrap();
    let bench = committees::add_bench(db, committee, "Sitzungsbank", 3, &system)
        .await
        .unwrap();
    let from = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let mut holders = Vec::new();
    let mut first_user = 0;
    for seat in 1..=3 {
        let user = person(db, &format!("sitz{seat}@example.org")).await;
        if seat == 1 {
            first_user = user;
        }
        holders.push(
            committees::add_membership(
                db,
                &NewMembership {
                    bench_id: bench,
                    user_id: user,
                    seat: Some(seat),
                    deputy_of: None,
                    valid_from: from,
                    valid_until: None,
                },
                &system,
            )
            .await
            .unwrap(),
        );
    }
    let deputy_user = person(db, "vertretung@example.org").await;
    let deputy = committees::add_membership(
        db,
        &NewMembership {
            bench_id: bench,
            user_id: deputy_user,
            seat: None,
            deputy_of: Some(holders[1]),
            valid_from: from,
            valid_until: None,
        },
        &system,
    )
    .await
    .unwrap();
    (committee, holders, deputy, first_user)
}

fn presence_change(membership: i64, seen: Option<Presence>, presence: Presence) -> Record {
    Record {
        membership_id: membership,
        seen,
        presence,
        represented_by: None,
        note: None,
    }
}

/// A step of the story: who moves a task along (the core's use case) — its owner or a chair,
/// nobody else; a refusal leaves the task as it was.
async fn only_its_owner_or_a_chair_moves_a_task(
    db: &Db,
    committee: i64,
    task: i64,
    first_user: i64,
    chair: &Actor,
) {
    let reader = |user: i64, chair: bool| {
        let roles = Roles {
            member: true,
            chair,
            ..Roles::default()
        };
        crate::support::reader(&actor(user, "Mitglied"), committee, roles)
    };
    let stranger = person(db, "fremd@example.org").await;
    let owner = actor(first_user, "Erste");
    let version = tasks::get(db, task).await.unwrap().version;
    let refused = usecases::tasks::set_status(
        db,
        &reader(stranger, false),
        task,
        version,
        "done",
        &actor(stranger, "Fremd"),
    )
    .await;
    assert!(matches!(refused, Err(Refusal::Forbidden)), "{refused:?}");
    let anonymous = Reader::new(None, committee);
    let refused =
        usecases::tasks::set_status(db, &anonymous, task, version, "done", &Actor::system()).await;
    assert!(matches!(refused, Err(Refusal::SignIn)), "{refused:?}");
    let refused = usecases::tasks::set_status(
        db,
        &reader(first_user, false),
        task,
        version,
        "fertig",
        &owner,
    )
    .await;
    assert!(matches!(refused, Err(Refusal::Invalid(_))), "{refused:?}");
    assert_eq!(tasks::get(db, task).await.unwrap().status, TaskStatus::Open);
    usecases::tasks::set_status(
        db,
        &reader(first_user, false),
        task,
        version,
        "in_progress",
        &owner,
    )
    .await
    .unwrap();
    let version = tasks::get(db, task).await.unwrap().version;
    usecases::tasks::set_status(db, &reader(stranger, true), task, version, "open", chair)
        .await
        .unwrap();
    assert_eq!(tasks::get(db, task).await.unwrap().status, TaskStatus::Open);
}

async fn a_meeting_is_run_and_minuted(db: &Db) {
    let (committee, holders, deputy, first_user) = committee_with_seats(db).await;
    let chair = actor(first_user, "Vorsitz");
    let march = meeting(db, committee, 3, 12).await;
    let april = meeting(db, committee, 4, 9).await;

    // Attendance: the first holder excuses themself in advance, then is recorded present; the
    // second seat is represented by its deputy; a stale form is refused.
    attendance::excuse(db, march, first_user, Some("Termin"), &chair)
        .await
        .unwrap();
    attendance::record(
        db,
        march,
        &presence_change(holders[0], Some(Presence::Excused), Presence::Present),
        &chair,
    )
    .await
    .unwrap();
    let stale = attendance::record(
        db,
        march,
        &presence_change(holders[0], None, Presence::Absent),
        &chair,
    )
    .await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let wrong_deputy = attendance::record(
        db,
        march,
        &Record {
            represented_by: Some(deputy),
            ..presence_change(holders[2], None, Presence::Represented)
        },
        &chair,
    )
    .await;
    assert!(matches!(wrong_deputy, Err(StoreError::NotAllowed)));
    attendance::record(
        db,
        march,
        &Record {
            represented_by: Some(deputy),
            ..presence_change(holders[1], None, Presence::Represented)
        },
        &chair,
    )
    .await
    .unwrap();
    let (roster, percent) = attendance::roster(db, march).await.unwrap();
    let ours: Vec<_> = roster
        .iter()
        .filter(|r| holders.contains(&r.membership_id) || r.membership_id == deputy)
        .cloned()
        .collect();
    assert_eq!(ours.len(), 4);
    assert_eq!(
        ours.iter()
            .find(|r| r.membership_id == deputy)
            .unwrap()
            .presence,
        Some(Presence::Present)
    );
    let q = quorum(&ours, percent);
    assert_eq!(
        (q.seats, q.voting, q.required, q.reached()),
        (3, 2, 2, true)
    );

    // Live mode: two chairs with the same version; the first wins, the second is told.
    let state = live::state(db, march).await.unwrap();
    let first = state.next_item().unwrap();
    live::go_to(db, march, state.version, first, &chair)
        .await
        .unwrap();
    let second_chair = live::go_to(db, march, state.version, first, &chair).await;
    assert!(matches!(second_chair, Err(StoreError::Conflict)));
    let state = live::state(db, march).await.unwrap();
    assert_eq!(state.status, MeetingStatus::InProgress);
    assert_eq!(state.current, Some(first));
    live::save_notes(
        db,
        march,
        state.version,
        first,
        "Begrüßung durch den Vorsitz.",
        &chair,
    )
    .await
    .unwrap();
    let state = live::state(db, march).await.unwrap();
    let second = state.next_item().unwrap();
    live::go_to(db, march, state.version, second, &chair)
        .await
        .unwrap();

    // Decisions: votes may not exceed the two voting seats; numbers count on per month.
    let form = |yes: &str| DecisionForm {
        kind: "resolution".into(),
        text: "Die Niederschrift wird genehmigt.".into(),
        yes: yes.into(),
        no: "0".into(),
        abstain: "1".into(),
    };
    assert!(form("2").check(q.voting).is_err());
    let draft = form("1").check(q.voting).unwrap();
    let d1 = decisions::create(db, march, second, &draft, None, &chair)
        .await
        .unwrap();
    assert_eq!(d1.number, "2031-03/1");
    let notice = DecisionDraft {
        kind: DecisionKind::Notice,
        text: "Bericht zur Kenntnis genommen.".into(),
        votes: None,
    };
    let d2 = decisions::create(db, march, second, &notice, None, &chair)
        .await
        .unwrap();
    assert_eq!(d2.number, "2031-03/2");
    assert_eq!(
        d1.votes,
        Some(Votes {
            yes: 1,
            no: 0,
            abstain: 1
        })
    );
    // Decisions belong to a running or held meeting: not yet in April.
    let early = decisions::create(db, april, second, &notice, None, &chair).await;
    assert!(matches!(early, Err(StoreError::NotAllowed)));

    // Tasks: one overdue once its date passed, one done.
    let due = NaiveDate::from_ymd_opt(2031, 3, 31).unwrap();
    let task = tasks::create(
        db,
        d1.id,
        &TaskDraft {
            title: "Konzept vorlegen".into(),
            owner: TaskOwner::Person(first_user),
            due,
        },
        &chair,
    )
    .await
    .unwrap();
    let other = tasks::create(
        db,
        d1.id,
        &TaskDraft {
            title: "Termin abstimmen".into(),
            owner: TaskOwner::Person(first_user),
            due,
        },
        &chair,
    )
    .await
    .unwrap();
    let done = tasks::get(db, other).await.unwrap();
    tasks::set_status(db, other, done.version, TaskStatus::Done, &chair)
        .await
        .unwrap();
    let stale = tasks::set_status(db, other, done.version, TaskStatus::Open, &chair).await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let done = tasks::get(db, other).await.unwrap();
    assert_eq!(done.done_by.as_deref(), Some("Vorsitz"));
    assert!(done.done_at.is_some());
    let before = tasks::overdue(db, committee, due).await.unwrap();
    assert!(before.is_empty());
    let after = tasks::overdue(db, committee, due.succ_opt().unwrap())
        .await
        .unwrap();
    assert_eq!(after.iter().map(|t| t.id).collect::<Vec<_>>(), vec![task]);
    let mine = tasks::for_owner(db, first_user, None).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].id, task, "open tasks first");
    only_its_owner_or_a_chair_moves_a_task(db, committee, task, first_user, &chair).await;

    // The meeting ends: held, the current item dealt with.
    let state = live::state(db, march).await.unwrap();
    live::finish(db, march, state.version, &chair)
        .await
        .unwrap();
    let state = live::state(db, march).await.unwrap();
    assert_eq!(state.status, MeetingStatus::Held);
    assert_eq!(state.current, None);
    assert!(state.items[1].outcome.is_some());
    // Held, its agenda is part of the record: a change is refused, saying what was tried.
    let (held_items, agenda_version) = agenda::items(db, march).await.unwrap();
    let removed = agenda::remove(db, march, agenda_version, held_items[1].id, &chair).await;
    assert!(
        matches!(
            removed,
            Err(StoreError::AgendaRefused(AgendaRefused::Closed {
                status: MeetingStatus::Held,
                action: AgendaAction::Remove
            }))
        ),
        "{removed:?}"
    );
    assert_eq!(agenda::items(db, march).await.unwrap().0, held_items);

    // Minutes: draft text, final (locked), approved by the April meeting.
    minutes::save(db, march, 0, "Die Sitzung beginnt um 9 Uhr.", "", &chair)
        .await
        .unwrap();
    let stale = minutes::save(db, march, 0, "überschrieben", "", &chair).await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let draft = minutes::document(db, march).await.unwrap();
    let text = to_markdown(&draft);
    assert!(text.contains("Die Sitzung beginnt um 9 Uhr."));
    assert!(text.contains("Begrüßung durch den Vorsitz."));
    assert!(text.contains("### Beschluss 2031-03/1"));
    assert!(text.contains("Abstimmung: Ja 1 · Nein 0 · Enthaltung 1"));
    assert!(text.contains("Konzept vorlegen"));
    assert!(text.contains("vertreten durch vertretung@example.org"));
    let record = minutes::get(db, march).await.unwrap();
    minutes::finalise(db, march, record.version, &chair)
        .await
        .unwrap();
    let record = minutes::get(db, march).await.unwrap();
    assert_eq!(record.state, MinutesState::Final);
    assert_eq!(
        record.document.as_ref().map(|d| d.state),
        Some(MinutesState::Final)
    );
    // Final minutes refuse every change to what they contain.
    let locked = minutes::save(db, march, record.version, "neu", "", &chair).await;
    assert!(
        matches!(locked, Err(StoreError::MinutesRefused(FINAL_LOCKED))),
        "{locked:?}"
    );
    let state = live::state(db, march).await.unwrap();
    let locked = live::save_notes(db, march, state.version, first, "neu", &chair).await;
    assert!(
        matches!(locked, Err(StoreError::MinutesRefused(FINAL_LOCKED))),
        "{locked:?}"
    );
    let locked = decisions::create(db, march, second, &notice, None, &chair).await;
    assert!(
        matches!(locked, Err(StoreError::MinutesRefused(FINAL_LOCKED))),
        "{locked:?}"
    );
    let locked = attendance::record(
        db,
        march,
        &presence_change(holders[2], None, Presence::Absent),
        &chair,
    )
    .await;
    assert!(
        matches!(locked, Err(StoreError::MinutesRefused(FINAL_LOCKED))),
        "{locked:?}"
    );

    // Approval needs a later meeting of the committee: the final minutes at their version,
    // named as approved by their own meeting, are refused and stay final.
    let own = minutes::approve(db, march, record.version, march, &chair).await;
    assert!(matches!(own, Err(StoreError::NotAllowed)), "{own:?}");
    assert_eq!(
        minutes::get(db, march).await.unwrap().state,
        MinutesState::Final
    );
    minutes::approve(db, march, record.version, april, &chair)
        .await
        .unwrap();
    let record = minutes::get(db, march).await.unwrap();
    assert_eq!(record.state, MinutesState::Approved);
    assert_eq!(record.approved_in, Some(april));
    let approved = to_markdown(record.document.as_ref().unwrap());
    assert!(approved.contains("Genehmigt in der Sitzung „Sitzung 9.4.2031“ vom 09.04.2031."));
    assert_eq!(
        meetings::get(db, march).await.unwrap().status,
        MeetingStatus::MinutesApproved
    );

    // April's decisions go on with April's count.
    let state = live::state(db, april).await.unwrap();
    let item = state.next_item().unwrap();
    live::go_to(db, april, state.version, item, &chair)
        .await
        .unwrap();
    let d = decisions::create(db, april, item, &notice, None, &chair)
        .await
        .unwrap();
    assert_eq!(d.number, "2031-04/1");
}
on_both_databases!(meeting, a_meeting_is_run_and_minuted);
