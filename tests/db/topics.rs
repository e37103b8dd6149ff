//! Topics and agendas on SQLite and PostgreSQL: submission and triage, the agenda's order and
//! version check, publishing with notifications, and re-tabling unhandled items.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{DateTime, TimeZone, Utc};
use gremium::domain::agenda::{AgendaRefused, ItemDraft, Move, Outcome, StandardItem, numbers};
use gremium::domain::audit::Actor;
use gremium::domain::calendar::MeetingStatus;
use gremium::domain::topics::{
    Target, TopicAction, TopicDraft, TopicEventKind, TopicRefused, TopicState,
};
use gremium::store::agenda::{self, InvitationNote, Reorder};
use gremium::store::{Db, StoreError, committees, meetings, notifications, topics, users};

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

async fn meeting(db: &Db, committee: i64, month: u32) -> i64 {
    let title = format!("Sitzung {month}/2031");
    let (starts, deadline) = (utc(2031, month, 12, 9), utc(2031, month, 5, 9));
    crate::support::meeting(db, committee, &title, starts, deadline).await
}

async fn person(db: &Db, email: &str) -> Actor {
    crate::support::person(db, email, None).await
}

fn draft(title: &str, minutes: u32) -> TopicDraft {
    TopicDraft {
        title: title.into(),
        description: "Beschreibung".into(),
        target: Target::Next,
        presenter: Some("Kiel".into()),
        minutes,
        public: true,
        links: vec!["https://example.org/papier".into()],
    }
}

async fn titles(db: &Db, meeting: i64) -> Vec<String> {
    let (items, _) = agenda::items(db, meeting).await.unwrap();
    items.into_iter().map(|i| i.title).collect()
}

async fn topics_become_an_agenda(db: &Db) {
    let committee = committees::default_id(db).await.unwrap();
    let march = meeting(db, committee, 3).await;
    let april = meeting(db, committee, 4).await;
    let member = person(db, "mitglied@example.org").await;
    let chair = person(db, "vorsitz@example.org").await;
    committees::add_chair(db, committee, chair.user_id.unwrap(), false)
        .await
        .unwrap();

    // A member submits two topics and edits one; a third is withdrawn.
    let a = topics::create(
        db,
        committee,
        &draft("Schnittstellen", 30),
        Some(march),
        false,
        &member,
    )
    .await
    .unwrap();
    let b = topics::create(
        db,
        committee,
        &draft("Cloud", 20),
        Some(march),
        false,
        &member,
    )
    .await
    .unwrap();
    let c = topics::create(
        db,
        committee,
        &draft("Doppelt", 10),
        Some(march),
        false,
        &member,
    )
    .await
    .unwrap();
    let topic_b = topics::get(db, b).await.unwrap();
    topics::update(
        db,
        b,
        topic_b.version,
        &draft("Cloud-Strategie", 25),
        Some(march),
        &member,
    )
    .await
    .unwrap();
    let stale = topics::update(db, b, topic_b.version, &draft("x", 5), Some(march), &member).await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");

    // Triage: accept A and B, merge C into A, reject a fourth, defer a fifth to April.
    topics::accept(db, a, 1, &chair).await.unwrap();
    topics::accept(db, b, 2, &chair).await.unwrap();
    topics::merge(db, c, 1, a, &chair).await.unwrap();
    let d = topics::create(
        db,
        committee,
        &draft("Abgelehnt", 10),
        Some(march),
        false,
        &member,
    )
    .await
    .unwrap();
    topics::reject(db, d, 1, "Nicht zuständig", &chair)
        .await
        .unwrap();
    let e = topics::create(
        db,
        committee,
        &draft("Später", 10),
        Some(march),
        false,
        &member,
    )
    .await
    .unwrap();
    topics::defer(db, e, 1, april, &chair).await.unwrap();
    let again = topics::accept(db, a, 2, &chair).await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict | StoreError::TopicRefused(_))
        ),
        "{again:?}"
    );

    let rejected = topics::get(db, d).await.unwrap();
    assert_eq!(rejected.state, TopicState::Rejected);
    assert_eq!(rejected.reject_reason.as_deref(), Some("Nicht zuständig"));
    // A topic that left triage says so, naming its state and what was tried.
    let late = topics::withdraw(db, d, rejected.version, &member).await;
    assert!(
        matches!(
            late,
            Err(StoreError::TopicRefused(TopicRefused::Closed {
                state: TopicState::Rejected,
                action: TopicAction::Withdraw,
            }))
        ),
        "{late:?}"
    );
    let merged = topics::get(db, c).await.unwrap();
    assert_eq!(
        (merged.state, merged.merged_into),
        (TopicState::Merged, Some(a))
    );
    let deferred = topics::get(db, e).await.unwrap();
    assert_eq!(deferred.meeting.as_ref().map(|s| s.id), Some(april));
    assert_eq!(deferred.state, TopicState::Submitted);
    let history: Vec<_> = topics::events(db, e)
        .await
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        history,
        [TopicEventKind::Submitted, TopicEventKind::Deferred]
    );
    let board = topics::board(db, committee, utc(2031, 1, 1, 0))
        .await
        .unwrap();
    assert_eq!(board.len(), 5);

    // The agenda: standard items around the accepted topics.
    assert_eq!(
        titles(db, march).await,
        [
            StandardItem::Welcome.title(),
            StandardItem::MinutesApproval.title(),
            "Schnittstellen",
            "Cloud-Strategie",
            StandardItem::Other.title(),
        ]
    );
    let (items, version) = agenda::items(db, march).await.unwrap();
    // Keyboard moves: B up, then B becomes a sub-item of … no: A is first of the two now.
    let cloud = items[3].id;
    agenda::reorder(db, march, version, &Reorder::Move(cloud, Move::Up), &chair)
        .await
        .unwrap();
    // A second chair with the old version is told, nothing is lost.
    let lost = agenda::reorder(
        db,
        march,
        version,
        &Reorder::Move(cloud, Move::Down),
        &chair,
    )
    .await;
    assert!(matches!(lost, Err(StoreError::Conflict)), "{lost:?}");
    let (items, version) = agenda::items(db, march).await.unwrap();
    assert_eq!(items[2].title, "Cloud-Strategie");
    agenda::reorder(
        db,
        march,
        version,
        &Reorder::Move(items[3].id, Move::Indent),
        &chair,
    )
    .await
    .unwrap();
    let (items, version) = agenda::items(db, march).await.unwrap();
    let levels: Vec<u8> = items.iter().map(|i| i.level).collect();
    assert_eq!(numbers(&levels), ["1", "2", "3", "3.1", "4"]);
    let first_move = agenda::reorder(
        db,
        march,
        version,
        &Reorder::Move(items[0].id, Move::Up),
        &chair,
    )
    .await;
    assert!(
        matches!(
            first_move,
            Err(StoreError::AgendaRefused(AgendaRefused::CannotMove))
        ),
        "{first_move:?}"
    );

    // Publish: the meeting is invited and everyone in the committee gets the invitation.
    let note = InvitationNote {
        title: "Einladung".into(),
        body: "Tagesordnung".into(),
        link: format!("/sitzungen/{march}/tagesordnung"),
    };
    let (number, recipients) = agenda::publish(db, march, version, &note, None, &chair)
        .await
        .unwrap();
    assert_eq!(number, 1);
    assert_eq!(
        recipients.len(),
        1,
        "the chair (no members in this committee yet)"
    );
    assert_eq!(
        meetings::get(db, march).await.unwrap().status,
        MeetingStatus::Invited
    );
    assert_eq!(
        notifications::unread(db, chair.user_id.unwrap())
            .await
            .unwrap(),
        1
    );

    // A late item and a second version.
    let late = ItemDraft {
        title: "Dringlich".into(),
        presenter: None,
        minutes: 15,
        public: false,
    };
    agenda::add(db, march, version, &late, &chair)
        .await
        .unwrap();
    let (_, version) = agenda::items(db, march).await.unwrap();
    let (number, _) = agenda::publish(db, march, version, &note, None, &chair)
        .await
        .unwrap();
    assert_eq!(number, 2);
    let versions = agenda::versions(db, march).await.unwrap();
    assert_eq!(versions.len(), 2);
    let changes = gremium::domain::agenda::diff(&versions[1].items, &versions[0].items);
    assert_eq!(
        changes.len(),
        2,
        "Dringlich added, Verschiedenes renumbered: {changes:?}"
    );
}

async fn unhandled_items_are_retabled(db: &Db) {
    let committee = committees::default_id(db).await.unwrap();
    let may = meeting(db, committee, 5).await;
    let june = meeting(db, committee, 6).await;
    let member = person(db, "mitglied@example.org").await;
    let chair = Actor::system();
    let done = topics::create(
        db,
        committee,
        &draft("Erledigt", 10),
        Some(may),
        false,
        &member,
    )
    .await
    .unwrap();
    let open = topics::create(
        db,
        committee,
        &draft("Offen", 10),
        Some(may),
        false,
        &member,
    )
    .await
    .unwrap();
    topics::accept(db, done, 1, &chair).await.unwrap();
    topics::accept(db, open, 1, &chair).await.unwrap();
    let (items, version) = agenda::items(db, may).await.unwrap();
    let handled = items.iter().find(|i| i.topic_id == Some(done)).unwrap().id;
    agenda::set_outcome(db, may, version, handled, Some(Outcome::Handled), &chair)
        .await
        .unwrap();

    let held = meetings::get(db, may).await.unwrap();
    meetings::set_status(db, may, held.version, MeetingStatus::Held, &chair)
        .await
        .unwrap();

    // The open topic moved to June with its history, marked re-tabled; the handled one stayed.
    let moved = topics::get(db, open).await.unwrap();
    assert_eq!(moved.meeting.as_ref().map(|s| s.id), Some(june));
    assert!(moved.retabled);
    assert_eq!(moved.state, TopicState::Accepted);
    let history: Vec<_> = topics::events(db, open)
        .await
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        history,
        [
            TopicEventKind::Submitted,
            TopicEventKind::Accepted,
            TopicEventKind::Retabled
        ]
    );
    assert_eq!(
        topics::get(db, done).await.unwrap().meeting.map(|s| s.id),
        Some(may)
    );
    let (june_items, _) = agenda::items(db, june).await.unwrap();
    let carried = june_items
        .iter()
        .find(|i| i.topic_id == Some(open))
        .unwrap();
    assert!(carried.retabled);
    assert_eq!(
        june_items.last().unwrap().standard,
        Some(StandardItem::Other)
    );
    let (may_items, _) = agenda::items(db, may).await.unwrap();
    let old = may_items.iter().find(|i| i.topic_id == Some(open)).unwrap();
    assert_eq!(
        old.outcome,
        Some(Outcome::Retabled),
        "the old agenda keeps the item"
    );
    // The June board shows it.
    let board = topics::board(db, committee, utc(2031, 6, 1, 0))
        .await
        .unwrap();
    assert!(board.iter().any(|t| t.id == open && t.retabled));

    // A cancelled meeting re-tables as well.
    let july = meeting(db, committee, 7).await;
    let _ = july;
    let june_record = meetings::get(db, june).await.unwrap();
    meetings::cancel(db, june, june_record.version, "Krankheit", &chair)
        .await
        .unwrap();
    assert_eq!(
        topics::get(db, open).await.unwrap().meeting.map(|s| s.id),
        Some(july)
    );
}

on_both_databases!(topics_and_agenda, topics_become_an_agenda);
on_both_databases!(retabling, unhandled_items_are_retabled);

/// OParl's read model of a committee: a public meeting appears once its agenda is published,
/// with its public items; deleting an item, hiding the meeting and withdrawing consent leave
/// tombstones (written by triggers on both databases).
async fn published_meetings_and_their_tombstones(db: &Db) {
    use gremium::domain::preferences::Preferences;
    use gremium::store::oparl;
    let committee = committees::default_id(db).await.unwrap();
    let march = meeting(db, committee, 3).await;
    let chair = person(db, "vorsitz@example.org").await;
    committees::add_chair(db, committee, chair.user_id.unwrap(), false)
        .await
        .unwrap();
    let (_, version) = agenda::items(db, march).await.unwrap();
    let item = |title: &str, public: bool| ItemDraft {
        title: title.into(),
        presenter: None,
        minutes: 10,
        public,
    };
    let open = agenda::add(db, march, version, &item("Bericht", true), &chair)
        .await
        .unwrap();
    let (_, version) = agenda::items(db, march).await.unwrap();
    let closed = agenda::add(db, march, version, &item("Personalien", false), &chair)
        .await
        .unwrap();
    let body = oparl::body(db, committee).await.unwrap().unwrap();
    assert!(
        body.meetings.is_empty(),
        "not before the agenda is published"
    );
    let (_, version) = agenda::items(db, march).await.unwrap();
    let note = InvitationNote {
        title: "Einladung".into(),
        body: "Bitte".into(),
        link: "/".into(),
    };
    agenda::publish(db, march, version, &note, None, &chair)
        .await
        .unwrap();
    let body = oparl::body(db, committee).await.unwrap().unwrap();
    assert_eq!(
        body.meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![march]
    );
    let public: Vec<i64> = body
        .items
        .iter()
        .filter(|i| i.public)
        .map(|i| i.id)
        .collect();
    assert!(public.contains(&open) && !public.contains(&closed));
    assert!(oparl::body(db, 999_999).await.unwrap().is_none());

    let (_, version) = agenda::items(db, march).await.unwrap();
    agenda::remove(db, march, version, open, &chair)
        .await
        .unwrap();
    let (_, version) = agenda::items(db, march).await.unwrap();
    agenda::remove(db, march, version, closed, &chair)
        .await
        .unwrap();
    let stones: Vec<String> = oparl::tombstones(db, "agenda-item")
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.object)
        .collect();
    assert_eq!(
        stones,
        vec![format!("agenda-item/{open}")],
        "internal items were never published"
    );

    let user = chair.user_id.unwrap();
    let bench = committees::benches(db, committee).await.unwrap()[0].id;
    let membership = committees::add_membership(
        db,
        &gremium::domain::committee::NewMembership {
            bench_id: bench,
            user_id: user,
            seat: Some(1),
            deputy_of: None,
            valid_from: chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap(),
            valid_until: None,
        },
        &chair,
    )
    .await
    .unwrap();
    let body = oparl::body(db, committee).await.unwrap().unwrap();
    assert!(body.persons.is_empty(), "no consent, no person");
    let settings = users::preferences(db, user).await.unwrap();
    users::set_preferences(
        db,
        user,
        &Preferences {
            publish: true,
            ..settings
        },
        &chair,
    )
    .await
    .unwrap();
    let body = oparl::body(db, committee).await.unwrap().unwrap();
    assert_eq!(
        body.persons.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![user]
    );
    assert_eq!(body.memberships[0].seat, Some(1));
    assert!(
        oparl::tombstone(db, &format!("person/{user}"))
            .await
            .unwrap()
            .is_none()
    );
    let settings = users::preferences(db, user).await.unwrap();
    users::set_preferences(
        db,
        user,
        &Preferences {
            publish: false,
            ..settings
        },
        &chair,
    )
    .await
    .unwrap();
    assert!(
        oparl::tombstone(db, &format!("person/{user}"))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        oparl::tombstone(db, &format!("membership/{membership}"))
            .await
            .unwrap()
            .is_some(),
        "the memberships go with the person"
    );
    let settings = users::preferences(db, user).await.unwrap();
    users::set_preferences(
        db,
        user,
        &Preferences {
            publish: true,
            ..settings
        },
        &chair,
    )
    .await
    .unwrap();
    assert!(
        oparl::tombstone(db, &format!("person/{user}"))
            .await
            .unwrap()
            .is_none()
    );
}

on_both_databases!(oparl_meetings, published_meetings_and_their_tombstones);
