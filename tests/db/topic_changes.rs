//! Changing a topic through the core's use cases, on SQLite and PostgreSQL: who may submit,
//! edit, withdraw and triage one is decided there once, and a refusal names what was tried and
//! leaves the topic as it was.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{Duration, Utc};
use gremium::domain::audit::Actor;
use gremium::domain::form::Problem;
use gremium::domain::topics::{TopicAction, TopicInput, TopicRefused, TopicState};
use gremium::domain::visibility::Reader;
use gremium::store::{Db, StoreError, committees, topics};
use gremium::usecases::Refusal;
use gremium::usecases::topics::{accept, edit, merge, reject, submit, withdraw};

use crate::support::{Roles, meeting, reader};

/// A signed-in person: `member` holds a seat, `chair` chairs the committee.
async fn person(db: &Db, email: &str, member: bool, chair: bool) -> (Reader, Actor) {
    let actor = crate::support::person(db, email, None).await;
    let committee = committees::default_id(db).await.unwrap();
    let roles = Roles {
        member,
        chair,
        ..Roles::default()
    };
    (reader(&actor, committee, roles), actor)
}

async fn open_meeting(db: &Db, committee: i64, days: i64) -> i64 {
    let starts = Utc::now() + Duration::days(days);
    let title = format!("Sitzung in {days} Tagen");
    meeting(db, committee, &title, starts, starts - Duration::days(3)).await
}

fn input(title: &str, meeting: i64) -> TopicInput {
    TopicInput {
        title: title.into(),
        description: "Worum es geht.".into(),
        meeting: meeting.to_string(),
        presenter: "Kiel".into(),
        minutes: "20".into(),
        public: true,
        links: String::new(),
    }
}

fn refused_for(refusal: Result<impl std::fmt::Debug, Refusal>, action: TopicAction) -> bool {
    matches!(
        refusal,
        Err(Refusal::Store(StoreError::TopicRefused(TopicRefused::NotYours(a)))) if a == action
    )
}

async fn who_may_change_a_topic(db: &Db) {
    let committee = committees::default_id(db).await.unwrap();
    let meeting = open_meeting(db, committee, 30).await;
    let (kiel, kiel_actor) = person(db, "kiel@example.org", true, false).await;
    let (koeln, koeln_actor) = person(db, "koeln@example.org", true, false).await;
    let (outsider, outsider_actor) = person(db, "aussen@example.org", false, false).await;
    let (chair, chair_actor) = person(db, "vorsitz@example.org", false, true).await;
    let anonymous = Reader::new(None, committee);

    // Only members (and chairs) submit; the public is asked to sign in.
    let refused = submit(db, &anonymous, &input("A", meeting), &Actor::system()).await;
    assert!(matches!(refused, Err(Refusal::SignIn)), "{refused:?}");
    let refused = submit(db, &outsider, &input("A", meeting), &outsider_actor).await;
    assert!(matches!(refused, Err(Refusal::Forbidden)), "{refused:?}");
    // A refused form keeps what was typed and names the field.
    let refused = submit(db, &kiel, &input("", meeting), &kiel_actor).await;
    let Err(Refusal::Invalid(form)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(form.problem("title"), Some(Problem::Required));
    assert!(form.input.contains(&("minutes".into(), "20".into())));
    let id = submit(db, &kiel, &input("Schnittstellen", meeting), &kiel_actor)
        .await
        .unwrap();
    let other = submit(db, &koeln, &input("Register", meeting), &koeln_actor)
        .await
        .unwrap();

    // Only the submitter edits or withdraws; only the chair triages.
    let version = topics::get(db, id).await.unwrap().version;
    let refused = edit(
        db,
        &koeln,
        id,
        version,
        &input("Fremd", meeting),
        &koeln_actor,
    )
    .await;
    assert!(refused_for(refused, TopicAction::Edit));
    let refused = withdraw(db, &chair, id, version, true, &chair_actor).await;
    assert!(refused_for(refused, TopicAction::Withdraw));
    let refused = accept(db, &kiel, id, version, &kiel_actor).await;
    assert!(refused_for(refused, TopicAction::Accept));
    let refused = reject(db, &koeln, id, version, "Nein", true, &koeln_actor).await;
    assert!(refused_for(refused, TopicAction::Reject));
    let topic = topics::get(db, id).await.unwrap();
    assert_eq!(
        (topic.title.as_str(), topic.version),
        ("Schnittstellen", version)
    );

    // Irreversible steps wait for a confirmation, and nothing changes meanwhile.
    let refused = withdraw(db, &kiel, id, version, false, &kiel_actor).await;
    let Err(Refusal::Invalid(form)) = refused else {
        panic!("{refused:?}")
    };
    assert!(form.awaits_confirmation());
    let refused = reject(db, &chair, other, 1, "  ", true, &chair_actor).await;
    let Err(Refusal::Invalid(form)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(form.problem("reason"), Some(Problem::Required));
    let refused = merge(db, &chair, other, 1, &other.to_string(), true, &chair_actor).await;
    let Err(Refusal::Invalid(form)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(form.problem("into"), Some(Problem::Required));
    assert_eq!(
        topics::get(db, other).await.unwrap().state,
        TopicState::Submitted
    );

    // A topic that does not exist is not found, for anyone.
    let refused = accept(db, &chair, id + 1000, 1, &chair_actor).await;
    assert!(matches!(refused, Err(Refusal::NotFound)), "{refused:?}");

    // The chair accepts; after that the submitter can no longer edit, and is told why.
    accept(db, &chair, id, version, &chair_actor).await.unwrap();
    let version = topics::get(db, id).await.unwrap().version;
    let refused = edit(db, &kiel, id, version, &input("Neu", meeting), &kiel_actor).await;
    assert!(
        matches!(
            refused,
            Err(Refusal::Store(StoreError::TopicRefused(
                TopicRefused::Closed {
                    state: TopicState::Accepted,
                    action: TopicAction::Edit
                }
            )))
        ),
        "{refused:?}"
    );
    // A stale version is a conflict, not an overwrite.
    let version = topics::get(db, other).await.unwrap().version;
    let refused = merge(
        db,
        &chair,
        other,
        version + 1,
        &id.to_string(),
        true,
        &chair_actor,
    )
    .await;
    assert!(
        matches!(refused, Err(Refusal::Store(StoreError::Conflict))),
        "{refused:?}"
    );
    merge(
        db,
        &chair,
        other,
        version,
        &id.to_string(),
        true,
        &chair_actor,
    )
    .await
    .unwrap();
    assert_eq!(topics::get(db, other).await.unwrap().merged_into, Some(id));
}
on_both_databases!(who_may_change_topics, who_may_change_a_topic);
