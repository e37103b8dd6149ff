//! Demands on SQLite and PostgreSQL, over the real register: raising, German full-text search
//! and similar demands, one co-signature per organization under concurrent clicks, the
//! transition table with versions, merging without double counting, the decision hook, filters
//! and an organization's dashboard.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{NaiveDate, TimeZone, Utc};
use gremium::domain::audit::Actor;
use gremium::domain::calendar::{MeetingFormat, NewMeeting};
use gremium::domain::decisions::{DecisionDraft, DecisionKind};
use gremium::domain::demands::{
    Breakdown, DemandDraft, DemandFilter, DemandSort, DemandStatus, EventKind, MoveRefused,
    OrgClass, Standing, Transition, TransitionInput, Urgency, Visibility,
};
use gremium::domain::organization::{OrganizationFilter, OrganizationKind};
use gremium::domain::page::PageRequest;
use gremium::domain::preferences::DemandMail;
use gremium::register::{RegisterFile, import_register};
use gremium::store::{
    Db, StoreError, committees, decisions, demands, live, meetings, notifications, organizations,
    users,
};

async fn import(db: &Db) {
    let bytes = std::fs::read(crate::support::register_path()).unwrap();
    import_register(db, RegisterFile::parse(&bytes).unwrap(), |_| {})
        .await
        .unwrap();
}

/// The first organization of `kind` whose name matches.
async fn org(db: &Db, name: &str, kind: OrganizationKind) -> i64 {
    let page = organizations::search(
        db,
        &OrganizationFilter {
            query: Some(name.into()),
            kind: Some(kind),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    page.items.first().unwrap().id
}

/// A representative of `organization`, as (user id, actor).
async fn representative(db: &Db, email: &str, organization: Option<i64>) -> (i64, Actor) {
    let actor = crate::support::person(db, email, organization).await;
    (actor.user_id.unwrap(), actor)
}

fn draft(title: &str, problem: &str, category: i64) -> DemandDraft {
    DemandDraft {
        title: title.into(),
        problem: problem.into(),
        outcome: "Eine gemeinsame Lösung für alle Kommunen.".into(),
        category_id: category,
        tags: vec!["XWohngeld".into()],
        urgency: Urgency::High,
        links: vec![],
        public: true,
    }
}

const EVERYONE: Visibility = Visibility {
    internal: false,
    organization_id: None,
};

fn search(text: &str) -> DemandFilter {
    DemandFilter {
        query: Some(text.into()),
        ..Default::default()
    }
}

async fn found(db: &Db, filter: &DemandFilter) -> Vec<i64> {
    demands::list(db, filter, EVERYONE, PageRequest::new(None, None))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|d| d.id)
        .collect()
}

fn to(status: &str) -> Transition {
    TransitionInput {
        to: status.into(),
        ..Default::default()
    }
    .check(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    .unwrap()
}

async fn a_demand_goes_from_raising_to_a_decision(db: &Db) {
    import(db).await;
    let kiel = org(db, "Kiel", OrganizationKind::Kreis).await;
    let kreis = org(db, "Rendsburg-Eckernförde", OrganizationKind::Kreis).await;
    let gemeinde = org(db, "Alt Duvenstedt", OrganizationKind::Gemeinde).await;
    let fourth = org(db, "Flensburg", OrganizationKind::Kreis).await;
    let (_, a) = representative(db, "kiel@example.org", Some(kiel)).await;
    let (b_user, b) = representative(db, "altduvenstedt@example.org", Some(gemeinde)).await;
    let (_, c) = representative(db, "kreis@example.org", Some(kreis)).await;
    let (_, e) = representative(db, "flensburg@example.org", Some(fourth)).await;
    let (_, chair) = representative(db, "vorsitz@example.org", None).await;
    let categories = demands::categories(db).await.unwrap();
    assert_eq!(categories.len(), 14, "the OZG Themenfelder are seeded");
    let category = categories[1].id;

    // A raises; a draft stays invisible to others until submitted.
    let first = demands::create(
        db,
        kiel,
        &draft(
            "Schnittstelle für Wohngeldanträge",
            "Die Fachverfahren haben keine Schnittstelle zum Antragsportal.",
            category,
        ),
        true,
        &a,
    )
    .await
    .unwrap();
    let hidden = demands::create(
        db,
        kiel,
        &draft("Entwurf Schnittstelle", "noch nicht fertig", category),
        false,
        &a,
    )
    .await
    .unwrap();
    assert_eq!(found(db, &search("Entwurf")).await, Vec::<i64>::new());

    // German stemming: the plural finds the singular, a word being typed finds it by prefix.
    assert_eq!(found(db, &search("Schnittstellen")).await, vec![first]);
    assert_eq!(found(db, &search("wohngeld schnittst")).await, vec![first]);
    assert_eq!(
        found(db, &search("Baugenehmigung")).await,
        Vec::<i64>::new()
    );
    let similar = demands::similar(
        db,
        "Fehlende Schnittstellen im Wohngeldverfahren",
        EVERYONE,
        None,
        5,
    )
    .await
    .unwrap();
    assert_eq!(similar.first().map(|s| s.id), Some(first));
    assert!(similar.iter().all(|s| s.id != hidden));

    // One co-signature per organization: a double click and concurrent clicks count once.
    assert!(
        demands::cosign(db, first, gemeinde, "Wir auch", &b)
            .await
            .unwrap()
    );
    assert!(
        !demands::cosign(db, first, gemeinde, "Wir auch", &b)
            .await
            .unwrap()
    );
    let clicks = (0..6).map(|_| {
        let db = db.clone();
        let c = c.clone();
        tokio::spawn(async move { demands::cosign(&db, first, kreis, "Ebenso", &c).await })
    });
    let mut signed = 0;
    for click in clicks {
        if click.await.unwrap().unwrap() {
            signed += 1;
        }
    }
    assert_eq!(signed, 1, "exactly one of the concurrent clicks signs");
    assert_eq!(demands::get(db, first).await.unwrap().cosignatures, 2);
    assert!(matches!(
        demands::cosign(db, first, kiel, "eigener", &a).await,
        Err(StoreError::NotAllowed)
    ));
    let breakdown = Breakdown::of(&demands::cosignatures(db, first).await.unwrap());
    assert_eq!(
        breakdown.by_class,
        vec![(OrgClass::Kreis, 1), (OrgClass::Gemeinde, 1)]
    );
    assert_eq!(
        breakdown.by_land,
        vec![(Some("Schleswig-Holstein".to_owned()), 2)]
    );

    // Filters: the raiser's class and Land, and "raised or co-signed by".
    let stadt = DemandFilter {
        class: Some(OrgClass::Stadt),
        ..Default::default()
    };
    assert_eq!(found(db, &stadt).await, vec![first]);
    let by_gemeinde = DemandFilter {
        organization_id: Some(gemeinde),
        ..Default::default()
    };
    assert_eq!(found(db, &by_gemeinde).await, vec![first]);
    let gemeinden = DemandFilter {
        class: Some(OrgClass::Gemeinde),
        ..Default::default()
    };
    assert_eq!(found(db, &gemeinden).await, Vec::<i64>::new());

    // The transition table with versions: the raiser may not accept; a stale form conflicts.
    let version = demands::get(db, first).await.unwrap().version;
    assert!(matches!(
        demands::transition(db, first, version, &to("accepted"), Standing::Raiser, &a).await,
        Err(StoreError::DemandMove(MoveRefused {
            from: DemandStatus::Submitted,
            to: DemandStatus::Accepted
        }))
    ));
    demands::transition(
        db,
        first,
        version,
        &to("in_review"),
        Standing::Chair,
        &chair,
    )
    .await
    .unwrap();
    assert!(matches!(
        demands::transition(db, first, version, &to("accepted"), Standing::Chair, &chair).await,
        Err(StoreError::Conflict)
    ));

    // Merge: E's demand, co-signed by B and C, goes into the first; only E is new there.
    let second = demands::create(
        db,
        fourth,
        &draft("Wohngeld digital", "Schnittstelle fehlt", category),
        true,
        &e,
    )
    .await
    .unwrap();
    demands::cosign(db, second, gemeinde, "dito", &b)
        .await
        .unwrap();
    demands::cosign(db, second, kreis, "dito", &c)
        .await
        .unwrap();
    let version = demands::get(db, second).await.unwrap().version;
    let merge = TransitionInput {
        to: "merged".into(),
        merge_into: first.to_string(),
        ..Default::default()
    }
    .check(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    .unwrap();
    demands::transition(db, second, version, &merge, Standing::Chair, &chair)
        .await
        .unwrap();
    let merged = demands::get(db, first).await.unwrap();
    assert_eq!(merged.cosignatures, 3, "B and C once, E added");
    assert_eq!(demands::cosignatures(db, first).await.unwrap().len(), 3);
    assert_eq!(
        demands::get(db, second).await.unwrap().status,
        DemandStatus::Merged
    );

    // The decision hook: a decision forwards the demand; the timeline cites it; followers
    // (the raiser and every signer) are told.
    let committee = committees::default_id(db).await.unwrap();
    let starts = Utc.with_ymd_and_hms(2031, 5, 7, 9, 0, 0).unwrap();
    let meeting = meetings::create(
        db,
        committee,
        &NewMeeting {
            title: "Sitzung Mai".into(),
            format: MeetingFormat::Virtual,
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            deadline_at: starts - chrono::Duration::days(3),
            video_url: None,
            location: None,
            public: true,
        },
        &Actor::system(),
    )
    .await
    .unwrap();
    let state = live::state(db, meeting).await.unwrap();
    let item = state.next_item().unwrap();
    live::go_to(db, meeting, state.version, item, &chair)
        .await
        .unwrap();
    let forward = TransitionInput {
        to: "forwarded".into(),
        body: "IT-Planungsrat".into(),
        reference: "ITPLR-2031-04".into(),
        follow_up: "2031-09-01".into(),
        ..Default::default()
    }
    .check(NaiveDate::from_ymd_opt(2031, 5, 7).unwrap())
    .unwrap();
    let before = notifications::unread(db, b_user).await.unwrap();
    let decision = decisions::create(
        db,
        meeting,
        item,
        &DecisionDraft {
            kind: DecisionKind::Resolution,
            text: "Der Bedarf wird an den IT-Planungsrat weitergeleitet.".into(),
            votes: None,
        },
        Some((first, &forward)),
        &chair,
    )
    .await
    .unwrap();
    let moved = demands::get(db, first).await.unwrap();
    assert_eq!(moved.status, DemandStatus::Forwarded);
    assert_eq!(moved.reference.as_deref(), Some("ITPLR-2031-04"));
    assert_eq!(moved.forwarded_to.as_deref(), Some("IT-Planungsrat"));
    assert!(moved.follow_up_due(NaiveDate::from_ymd_opt(2031, 9, 1).unwrap()));
    let timeline = demands::timeline(db, first, EVERYONE).await.unwrap();
    let last = timeline.last().unwrap();
    assert_eq!(last.kind, EventKind::Status);
    assert_eq!(
        (last.from, last.to),
        (Some(DemandStatus::InReview), Some(DemandStatus::Forwarded))
    );
    assert_eq!(
        last.decision.as_ref().map(|d| d.1.as_str()),
        Some(decision.number.as_str())
    );
    assert_eq!(
        last.meeting.as_ref().map(|s| s.0),
        Some(meeting),
        "the timeline names the meeting"
    );
    assert!(notifications::unread(db, b_user).await.unwrap() > before);
    // The inbox names the demand by number and title.
    let inbox = notifications::list(db, b_user, PageRequest::new(None, None))
        .await
        .unwrap();
    assert_eq!(
        inbox.items.first().map(|n| n.title.clone()),
        Some(format!("Bedarf #{first} „{}“: weitergeleitet", moved.title))
    );
    // The decision's page and the minutes read the move, from what to what.
    let moves = vec![gremium::domain::decisions::DemandMove {
        decision_id: decision.id,
        demand_id: first,
        title: moved.title.clone(),
        from: DemandStatus::InReview,
        to: DemandStatus::Forwarded,
    }];
    assert_eq!(demands::moved_by(db, decision.id).await.unwrap(), moves);
    assert_eq!(demands::moved_in(db, meeting).await.unwrap(), moves);
    assert!(
        timeline.iter().any(|e| e.kind == EventKind::MergedIn),
        "the merge is on the target's timeline"
    );

    // A decision cannot move a closed demand: the whole decision is refused, and nothing of it
    // is left behind (no decision, no move, no line on the demand's timeline).
    let decisions_before = decisions::for_meeting(db, meeting).await.unwrap();
    let timeline_before = demands::timeline(db, second, EVERYONE).await.unwrap();
    let refused = decisions::create(
        db,
        meeting,
        item,
        &DecisionDraft {
            kind: DecisionKind::Notice,
            text: "Kenntnisnahme".into(),
            votes: None,
        },
        Some((second, &to("resolved"))),
        &chair,
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::DemandMove(MoveRefused {
                from: DemandStatus::Merged,
                to: DemandStatus::Resolved
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(
        decisions::for_meeting(db, meeting).await.unwrap(),
        decisions_before
    );
    assert_eq!(
        demands::timeline(db, second, EVERYONE).await.unwrap(),
        timeline_before
    );
    assert_eq!(
        demands::get(db, second).await.unwrap().status,
        DemandStatus::Merged
    );
    assert_eq!(demands::moved_in(db, meeting).await.unwrap(), moves);

    // The dashboard: B sees the co-signed demand and the changes, then nothing new.
    let board = demands::dashboard(db, gemeinde, b_user, EVERYONE)
        .await
        .unwrap();
    let mut cosigned: Vec<i64> = board.cosigned.iter().map(|d| d.id).collect();
    cosigned.sort_unstable();
    assert_eq!(cosigned, vec![first, second]);
    assert!(board.changes.iter().any(|c| c.demand_id == first));
    let reread = demands::dashboard(db, gemeinde, b_user, EVERYONE)
        .await
        .unwrap();
    assert_eq!(reread.changes, board.changes, "reading records nothing");
    demands::mark_dashboard_seen(db, b_user).await.unwrap();
    let again = demands::dashboard(db, gemeinde, b_user, EVERYONE)
        .await
        .unwrap();
    assert!(
        again.changes.is_empty(),
        "nothing changed since it was marked as seen"
    );
    assert!(again.last_visit.is_some());

    // Sorting by support puts the most co-signed first.
    let by_support = DemandFilter {
        sort: DemandSort::Support,
        ..Default::default()
    };
    assert_eq!(found(db, &by_support).await.first(), Some(&first));
}

on_both_databases!(demand_story, a_demand_goes_from_raising_to_a_decision);

/// A follower who chose the daily digest gets no mail per change but finds the change in the
/// digest window (not their own co-signature); the digest is claimed once; stale settings conflict.
async fn a_daily_reader_gets_changes_in_the_digest(db: &Db) {
    import(db).await;
    let kiel = org(db, "Kiel", OrganizationKind::Kreis).await;
    let gemeinde = org(db, "Alt Duvenstedt", OrganizationKind::Gemeinde).await;
    let (_, a) = representative(db, "kiel@example.org", Some(kiel)).await;
    let (b_user, b) = representative(db, "altduvenstedt@example.org", Some(gemeinde)).await;
    let (chair_user, chair) = representative(db, "vorsitz@example.org", None).await;
    let category = demands::categories(db).await.unwrap()[0].id;
    let id = demands::create(
        db,
        kiel,
        &draft(
            "Digitale Hundesteuer",
            "Anmeldung nur auf Papier.",
            category,
        ),
        true,
        &a,
    )
    .await
    .unwrap();
    demands::cosign(db, id, gemeinde, "Betrifft uns auch", &b)
        .await
        .unwrap();

    let mut settings = users::preferences(db, b_user).await.unwrap();
    assert_eq!(settings.demand_mail, DemandMail::Immediate, "the default");
    assert!(!settings.publish, "publication needs consent");
    settings.demand_mail = DemandMail::Daily;
    users::set_preferences(db, b_user, &settings, &b)
        .await
        .unwrap();
    assert!(
        matches!(
            users::set_preferences(db, b_user, &settings, &b).await,
            Err(StoreError::Conflict)
        ),
        "a second tab's stale form conflicts"
    );

    let version = demands::get(db, id).await.unwrap().version;
    demands::transition(db, id, version, &to("in_review"), Standing::Chair, &chair)
        .await
        .unwrap();
    assert_eq!(
        mailed_about(db, id).await,
        ["kiel@example.org"],
        "the digest reader gets no mail per change"
    );
    let readers = users::digest_readers(db).await.unwrap();
    assert_eq!(readers.len(), 1);
    assert_eq!(readers[0].user_id, b_user);
    let since = readers[0]
        .last_sent
        .expect("choosing the digest starts its window");

    let until = since + chrono::Duration::days(1);
    let changes = demands::digest(db, b_user, EVERYONE, since, until)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1, "the chair's status change");
    assert_eq!(changes[0].demand_id, id);
    assert_eq!(changes[0].event.to, Some(DemandStatus::InReview));
    assert!(
        demands::digest(db, chair_user, EVERYONE, since, until)
            .await
            .unwrap()
            .is_empty(),
        "only followed demands, and not one's own change"
    );
    assert!(
        demands::digest(
            db,
            b_user,
            EVERYONE,
            until,
            until + chrono::Duration::days(1)
        )
        .await
        .unwrap()
        .is_empty(),
        "the next window starts where this one ended"
    );

    assert!(
        users::claim_digest(db, b_user, Some(since), until, None)
            .await
            .unwrap()
    );
    assert!(
        !users::claim_digest(db, b_user, Some(since), until, None)
            .await
            .unwrap(),
        "a second server finds it claimed"
    );
    let last = users::digest_readers(db).await.unwrap()[0].last_sent;
    assert_eq!(last, Some(until));
}

on_both_databases!(digest_story, a_daily_reader_gets_changes_in_the_digest);

/// OParl's demand papers: only public, submitted demands, filtered by the time window; a demand
/// made internal leaves a tombstone, made public again it loses it.
async fn public_demands_are_papers_with_tombstones(db: &Db) {
    use gremium::store::oparl::{self, Window};
    import(db).await;
    let kiel = org(db, "Kiel", OrganizationKind::Kreis).await;
    let (_, a) = representative(db, "kiel@example.org", Some(kiel)).await;
    let category = demands::categories(db).await.unwrap()[0].id;
    let public = demands::create(
        db,
        kiel,
        &draft("Digitale Parkausweise", "Papier.", category),
        true,
        &a,
    )
    .await
    .unwrap();
    let unsent = demands::create(
        db,
        kiel,
        &draft("Entwurf", "Noch nicht.", category),
        false,
        &a,
    )
    .await
    .unwrap();
    let all = Window::default();
    let (total, rows) = oparl::demand_papers(db, &all, 0, 10).await.unwrap();
    assert_eq!(total, 1, "drafts are not published");
    assert_eq!(rows[0].id, public);
    assert_eq!(rows[0].organization_id, Some(kiel));
    assert!(oparl::demand_paper(db, unsent).await.unwrap().is_none());
    let later = Window {
        created_since: Some(Utc::now() + chrono::Duration::hours(1)),
        ..Window::default()
    };
    assert_eq!(oparl::demand_papers(db, &later, 0, 10).await.unwrap().0, 0);
    let earlier = Window {
        modified_until: Some(Utc::now() - chrono::Duration::hours(1)),
        ..Window::default()
    };
    assert_eq!(
        oparl::demand_papers(db, &earlier, 0, 10).await.unwrap().0,
        0
    );
    let (_, beyond) = oparl::demand_papers(db, &all, 5, 10).await.unwrap();
    assert!(beyond.is_empty());
    let originators = oparl::originators(db, committees::default_id(db).await.unwrap())
        .await
        .unwrap();
    assert_eq!(
        originators.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![kiel]
    );

    let mut internal = draft("Digitale Parkausweise", "Papier.", category);
    internal.public = false;
    let version = demands::get(db, public).await.unwrap().version;
    demands::update(db, public, version, &internal, &a)
        .await
        .unwrap();
    let object = format!("paper/bedarf-{public}");
    let stone = oparl::tombstone(db, &object)
        .await
        .unwrap()
        .expect("a tombstone");
    assert!(stone.deleted_at >= stone.created_at);
    assert_eq!(oparl::tombstones(db, "paper").await.unwrap().len(), 1);
    assert_eq!(oparl::demand_papers(db, &all, 0, 10).await.unwrap().0, 0);
    let version = demands::get(db, public).await.unwrap().version;
    demands::update(
        db,
        public,
        version,
        &draft("Digitale Parkausweise", "Papier.", category),
        &a,
    )
    .await
    .unwrap();
    assert!(
        oparl::tombstone(db, &object).await.unwrap().is_none(),
        "public again"
    );
}

on_both_databases!(oparl_papers, public_demands_are_papers_with_tombstones);

/// What became internal stays inside: a co-signer outside the committee who follows a demand
/// gets no inbox message, mail or dashboard entry once it is internal; merging an internal demand
/// into a public one never copies its problem text into a public co-signature.
async fn what_became_internal_stays_inside(db: &Db) {
    import(db).await;
    let kiel = org(db, "Kiel", OrganizationKind::Kreis).await;
    let gemeinde = org(db, "Alt Duvenstedt", OrganizationKind::Gemeinde).await;
    let (_, a) = representative(db, "kiel@example.org", Some(kiel)).await;
    let (b_user, b) = representative(db, "altduvenstedt@example.org", Some(gemeinde)).await;
    let (_, chair) = representative(db, "vorsitz@example.org", None).await;
    let category = demands::categories(db).await.unwrap()[0].id;
    let outsider = Visibility {
        internal: false,
        organization_id: Some(gemeinde),
    };

    let shared = demands::create(
        db,
        kiel,
        &draft("Digitale Hundesteuer", "Papierbescheide.", category),
        true,
        &a,
    )
    .await
    .unwrap();
    assert!(
        demands::cosign(db, shared, gemeinde, "Auch bei uns.", &b)
            .await
            .unwrap()
    );
    let board = demands::dashboard(db, gemeinde, b_user, outsider)
        .await
        .unwrap();
    assert_eq!(board.cosigned.len(), 1, "co-signed and public");

    // Kiel makes it internal; the chair moves it on.
    let mut internal = draft("Digitale Hundesteuer", "Papierbescheide.", category);
    internal.public = false;
    let version = demands::get(db, shared).await.unwrap().version;
    demands::update(db, shared, version, &internal, &a)
        .await
        .unwrap();
    let version = demands::get(db, shared).await.unwrap().version;
    demands::transition(
        db,
        shared,
        version,
        &to("in_review"),
        Standing::Chair,
        &chair,
    )
    .await
    .unwrap();
    let inbox = notifications::list(db, b_user, PageRequest::new(None, None))
        .await
        .unwrap();
    assert!(
        inbox
            .items
            .iter()
            .all(|n| !n.title.contains(&format!("#{shared}"))),
        "no message about an internal demand: {:?}",
        inbox.items
    );
    assert_eq!(
        mailed_about(db, shared).await,
        ["kiel@example.org"],
        "the raiser is told, the outside co-signer is not"
    );
    let board = demands::dashboard(db, gemeinde, b_user, outsider)
        .await
        .unwrap();
    assert!(
        board.cosigned.is_empty(),
        "gone from the outsider's dashboard"
    );
    assert!(board.changes.iter().all(|c| c.demand_id != shared));
    let since = Utc::now() - chrono::Duration::days(1);
    let until = Utc::now() + chrono::Duration::days(1);
    assert!(
        demands::digest(db, b_user, outsider, since, until)
            .await
            .unwrap()
            .iter()
            .all(|c| c.demand_id != shared)
    );

    // An internal demand merged into a public one: its problem stays internal.
    let mut secret = draft("Interne Aktenablage", "GEHEIMES PROBLEM", category);
    secret.public = false;
    let source = demands::create(db, kiel, &secret, true, &a).await.unwrap();
    let target = demands::create(
        db,
        gemeinde,
        &draft(
            "Gemeinsame Aktenablage",
            "Öffentlich beschrieben.",
            category,
        ),
        true,
        &b,
    )
    .await
    .unwrap();
    let merge = TransitionInput {
        to: "merged".into(),
        merge_into: target.to_string(),
        ..Default::default()
    }
    .check(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    .unwrap();
    let version = demands::get(db, source).await.unwrap().version;
    demands::transition(db, source, version, &merge, Standing::Chair, &chair)
        .await
        .unwrap();
    let signatures = demands::cosignatures(db, target).await.unwrap();
    assert!(
        signatures.iter().any(|c| c.organization_id == kiel),
        "Kiel co-signs"
    );
    assert!(
        signatures.iter().all(|c| !c.reason.contains("GEHEIM")),
        "{signatures:?}"
    );
}

on_both_databases!(internal_stays_inside, what_became_internal_stays_inside);

/// A value the database holds that this version does not know (written by a newer version, or
/// by hand) is an error that names it — never read as some default, never silently dropped.
async fn an_unknown_stored_status_is_an_error(db: &Db) {
    let sql = |db: &Db, statement: &'static str, id: i64| {
        let db = db.clone();
        async move {
            match &db {
                Db::Sqlite { writer, .. } => sqlx::query(statement)
                    .bind(id)
                    .execute(writer)
                    .await
                    .map(|done| done.rows_affected()),
                Db::Postgres(pool) => sqlx::query(statement)
                    .bind(id)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected()),
            }
            .unwrap()
        }
    };
    let kgst: i64 = match db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE slug = 'kgst'")
                .fetch_one(reader)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE slug = 'kgst'")
                .fetch_one(pool)
                .await
        }
    }
    .unwrap();
    let (_, raiser) = representative(db, "kgst@example.org", Some(kgst)).await;
    let category = demands::categories(db).await.unwrap()[0].id;
    let id = demands::create(
        db,
        kgst,
        &draft("Ein neuer Status", "Von einer neueren Version.", category),
        true,
        &raiser,
    )
    .await
    .unwrap();
    assert!(
        !demands::timeline(db, id, EVERYONE)
            .await
            .unwrap()
            .is_empty()
    );
    let changed = sql(
        db,
        "UPDATE demand_events SET to_status = 'archived' WHERE demand_id = $1",
        id,
    )
    .await;
    assert!(changed > 0);
    let error = demands::timeline(db, id, EVERYONE).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unknown demand status \"archived\""),
        "{error}"
    );
}
on_both_databases!(unknown_status, an_unknown_stored_status_is_an_error);

/// Who the outbox mails about demand `id` since the last look (its followers who want each
/// change by mail, in the transaction of the change).
async fn mailed_about(db: &Db, id: i64) -> Vec<String> {
    crate::support::mailed(db)
        .await
        .into_iter()
        .filter(|(_, subject)| subject.starts_with(&format!("Bedarf #{id}:")))
        .map(|(to, _)| to)
        .collect()
}
