//! Changing a demand through the core's use cases, on SQLite and PostgreSQL: who may raise,
//! co-sign and move one is decided there once, for the web forms and the REST API alike, and a
//! refusal leaves nothing behind.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::NaiveDate;
use gremium::domain::account::OrganizationLink;
use gremium::domain::audit::Actor;
use gremium::domain::demands::{DemandInput, DemandStatus, TransitionInput};
use gremium::domain::form::Problem;
use gremium::domain::organization::{OrganizationFilter, OrganizationKind};
use gremium::domain::visibility::Reader;
use gremium::store::{Db, StoreError, committees, demands};
use gremium::usecases::demands::{Refusal, cosign, move_status, raise, withdraw_cosignature};

use crate::support::{Roles, reader};

/// A signed-in person of the seeded association `short` (none for `None`), as a reader of the
/// committee and as the actor the audit log names.
async fn person(db: &Db, email: &str, short: Option<&str>) -> (Reader, Actor) {
    let organization = match short {
        Some(short) => Some(seeded(db, short).await),
        None => None,
    };
    let actor = crate::support::person(db, email, organization.as_ref().map(|o| o.id)).await;
    let committee = committees::default_id(db).await.unwrap();
    let roles = Roles {
        organization,
        ..Roles::default()
    };
    (reader(&actor, committee, roles), actor)
}

/// A seeded association by its abbreviation (KGSt, Vitako).
async fn seeded(db: &Db, short: &str) -> OrganizationLink {
    let filter = OrganizationFilter {
        kind: Some(OrganizationKind::Association),
        ..Default::default()
    };
    let all = gremium::store::organizations::search(db, &filter)
        .await
        .unwrap();
    let found = all
        .items
        .into_iter()
        .find(|o| o.short_name.as_deref() == Some(short))
        .unwrap();
    OrganizationLink {
        id: found.id,
        name: found.name,
    }
}

async fn input(db: &Db, title: &str, public: bool) -> DemandInput {
    DemandInput {
        title: title.into(),
        problem: "Jede Kommune baut die Schnittstelle selbst.".into(),
        outcome: "Eine gemeinsame Schnittstelle.".into(),
        category: demands::categories(db).await.unwrap()[0].id.to_string(),
        tags: "XWohngeld".into(),
        urgency: "high".into(),
        links: String::new(),
        public,
    }
}

const TODAY: fn() -> NaiveDate = || NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();

async fn who_may_change_a_demand(db: &Db) {
    let committee = committees::default_id(db).await.unwrap();
    let (kgst, kgst_actor) = person(db, "kgst@example.org", Some("KGSt")).await;
    let (vitako, vitako_actor) = person(db, "vitako@example.org", Some("Vitako")).await;
    let (nobody, nobody_actor) = person(db, "ohne@example.org", None).await;
    let anonymous = Reader::anonymous(committee);

    // Raising: only a representative, and only valid input; a refusal keeps what was typed.
    let public = input(db, "Gemeinsame Schnittstelle", true).await;
    let refused = raise(db, &anonymous, &public, true, &Actor::system()).await;
    assert!(matches!(refused, Err(Refusal::SignIn)), "{refused:?}");
    let refused = raise(db, &nobody, &public, true, &nobody_actor).await;
    assert!(matches!(refused, Err(Refusal::Forbidden)), "{refused:?}");
    let mut untitled = public.clone();
    untitled.title = "   ".into();
    match raise(db, &kgst, &untitled, true, &kgst_actor).await {
        Err(Refusal::Invalid(form)) => {
            assert_eq!(form.problem("title"), Some(Problem::Required));
            assert_eq!(form.value("problem"), Some(public.problem.as_str()));
        }
        other => panic!("an empty title must be refused at its field: {other:?}"),
    }
    let open = raise(db, &kgst, &public, true, &kgst_actor).await.unwrap();
    let internal = input(db, "Nur intern", false).await;
    let hidden = raise(db, &kgst, &internal, true, &kgst_actor)
        .await
        .unwrap();

    // Co-signing: not what the reader may not see, not without a reason, not one's own.
    let refused = cosign(db, &vitako, hidden, "Brauchen wir auch.", &vitako_actor).await;
    assert!(matches!(refused, Err(Refusal::NotFound)), "{refused:?}");
    match cosign(db, &vitako, open, "  ", &vitako_actor).await {
        Err(Refusal::Invalid(form)) => assert_eq!(form.problem("reason"), Some(Problem::Required)),
        other => panic!("an empty reason must be refused: {other:?}"),
    }
    let refused = cosign(db, &kgst, open, "Unser eigener.", &kgst_actor).await;
    assert!(
        matches!(refused, Err(Refusal::Store(StoreError::NotAllowed))),
        "{refused:?}"
    );
    assert!(demands::cosignatures(db, open).await.unwrap().is_empty());
    assert_eq!(demands::get(db, hidden).await.unwrap().cosignatures, 0);
    assert!(
        cosign(db, &vitako, open, "Brauchen wir auch.", &vitako_actor)
            .await
            .unwrap()
    );
    assert!(
        !cosign(db, &vitako, open, "Noch einmal.", &vitako_actor)
            .await
            .unwrap()
    );
    assert_eq!(demands::get(db, open).await.unwrap().cosignatures, 1);
    assert!(
        withdraw_cosignature(db, &vitako, open, &vitako_actor)
            .await
            .unwrap()
    );
    assert!(
        !withdraw_cosignature(db, &vitako, open, &vitako_actor)
            .await
            .unwrap()
    );
    let refused = withdraw_cosignature(db, &vitako, hidden, &vitako_actor).await;
    assert!(matches!(refused, Err(Refusal::NotFound)), "{refused:?}");

    // Moving: someone else's demand is refused before the input is even looked at; the raiser
    // withdraws their own; a stale version is a conflict.
    let version = demands::get(db, open).await.unwrap().version;
    let empty = TransitionInput::default();
    let refused = move_status(db, &vitako, open, version, &empty, TODAY(), &vitako_actor).await;
    assert!(matches!(refused, Err(Refusal::Forbidden)), "{refused:?}");
    let withdraw = TransitionInput {
        to: "withdrawn".into(),
        ..TransitionInput::default()
    };
    let refused = move_status(
        db,
        &kgst,
        open,
        version + 1,
        &withdraw,
        TODAY(),
        &kgst_actor,
    )
    .await;
    assert!(
        matches!(refused, Err(Refusal::Store(StoreError::Conflict))),
        "{refused:?}"
    );
    assert_eq!(
        demands::get(db, open).await.unwrap().status,
        DemandStatus::Submitted
    );
    let moved = move_status(db, &kgst, open, version, &withdraw, TODAY(), &kgst_actor)
        .await
        .unwrap();
    assert_eq!(moved.to, DemandStatus::Withdrawn);
    assert_eq!(
        demands::get(db, open).await.unwrap().status,
        DemandStatus::Withdrawn
    );
    // A raiser does not review: moving their own demand into review is the chair's.
    let review = TransitionInput {
        to: "in_review".into(),
        ..TransitionInput::default()
    };
    let version = demands::get(db, hidden).await.unwrap().version;
    let refused = move_status(db, &kgst, hidden, version, &review, TODAY(), &kgst_actor).await;
    assert!(
        matches!(refused, Err(Refusal::Store(StoreError::DemandMove(_)))),
        "{refused:?}"
    );
    assert_eq!(
        demands::get(db, hidden).await.unwrap().status,
        DemandStatus::Submitted
    );
}
on_both_databases!(who_may_change, who_may_change_a_demand);
