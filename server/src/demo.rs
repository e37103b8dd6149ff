//! Demo content for `gremium serve --demo`: a handful of real municipalities, typed in from the
//! Destatis register (© Statistisches Bundesamt (Destatis), Datenlizenz Deutschland 2.0), so a
//! newcomer sees a living app without importing the whole register. Every later capability adds
//! its own demo content here.

use chrono::NaiveDate;
use gremium::domain::audit::Actor;
use gremium::domain::calendar::{MeetingFormat, NewMeeting};
use gremium::domain::committee::NewMembership;
use gremium::domain::demands::{DemandDraft, DemandStatus, Standing, Transition, Urgency};
use gremium::domain::organization::{OrganizationFilter, OrganizationKind};
use gremium::domain::topics::{Target, TopicDraft};
use gremium::register::{RegisterFile, import_register};
use gremium::store::agenda::{self, InvitationNote};
use gremium::store::users::NewUser;
use gremium::store::{Db, committees, demands, meetings, organizations, outbox, topics, users};

/// The password of every demo account (documented in the README; demo databases only).
pub const DEMO_PASSWORD: &str = "Gremium-Demo-2026";

/// Demo people: e-mail, name, admin?, organization searched by this key (ARS or name), and
/// their place in the Kommunalgremium: (bench position, seat) or chair.
struct DemoPerson {
    email: &'static str,
    name: &'static str,
    admin: bool,
    organization: Option<&'static str>,
    seat: DemoSeat,
}

enum DemoSeat {
    None,
    Chair,
    Holder(usize, u32),
    DeputyOf(&'static str),
}

const DEMO_PEOPLE: [DemoPerson; 7] = [
    DemoPerson {
        email: "admin@gremium.example",
        name: "Ada Admin",
        admin: true,
        organization: None,
        seat: DemoSeat::None,
    },
    DemoPerson {
        email: "vorsitz@gremium.example",
        name: "Clara Vorsitz",
        admin: false,
        organization: Some("FITKO"),
        seat: DemoSeat::Chair,
    },
    DemoPerson {
        email: "kiel@gremium.example",
        name: "Karl Kiel",
        admin: false,
        organization: Some("010020000000"),
        seat: DemoSeat::Holder(1, 1),
    },
    DemoPerson {
        email: "koeln@gremium.example",
        name: "Katrin Köln",
        admin: false,
        organization: Some("053150000000"),
        seat: DemoSeat::Holder(1, 2),
    },
    DemoPerson {
        email: "rd-eck@gremium.example",
        name: "Rainer Rendsburg",
        admin: false,
        organization: Some("01058"),
        seat: DemoSeat::Holder(0, 1),
    },
    DemoPerson {
        email: "unterhaching@gremium.example",
        name: "Ulla Unterhaching",
        admin: false,
        organization: Some("091840148148"),
        seat: DemoSeat::Holder(2, 1),
    },
    DemoPerson {
        email: "potsdam@gremium.example",
        name: "Paul Potsdam",
        admin: false,
        organization: Some("120540000000"),
        seat: DemoSeat::DeputyOf("kiel@gremium.example"),
    },
];

const DEMO_REGISTER: &str = "\
satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad
10,,01,,,,,Schleswig-Holstein,,,,,,,,
40,41,01,0,02,,,\"Kiel, Landeshauptstadt\",,,,,,,,
50,50,01,0,02,0000,,\"Kiel, Landeshauptstadt\",,,,,,,,
60,61,01,0,02,0000,000,\"Kiel, Landeshauptstadt\", 118.65, 246 794, 120 198, 126 596, 2 080,24103,\"10,13727\",\"54,321775\"
40,43,01,0,58,,,Rendsburg-Eckernförde,,,,,,,,
50,50,01,0,58,0135,,\"Rendsburg, Stadt\",,,,,,,,
60,63,01,0,58,0135,135,\"Rendsburg, Stadt\", 23.75, 28 896, 14 496, 14 400, 1 217,24768,\"9,663206\",\"54,306495\"
10,,05,,,,,Nordrhein-Westfalen,,,,,,,,
40,41,05,3,15,,,\"Köln, Stadt\",,,,,,,,
50,50,05,3,15,0000,,\"Köln, Stadt\",,,,,,,,
60,61,05,3,15,0000,000,\"Köln, Stadt\", 405.01,1 087 863, 530 473, 557 390, 2 686,50667,\"6,957068\",\"50,938107\"
10,,06,,,,,Hessen,,,,,,,,
40,44,06,5,31,,,Gießen,,,,,,,,
60,63,06,5,31,0005,005,\"Gießen, Universitätsstadt\", 72.55, 89 802, 43 882, 45 920, 1 238,35390,\"8,674877\",\"50,586195\"
50,50,06,5,31,0008,,\"Hungen, Stadt\",,,,,,,,
60,63,06,5,31,0008,008,\"Hungen, Stadt\", 86.78, 12 596, 6 219, 6 377,  145,35410,\"8,901404\",\"50,475592\"
10,,09,,,,,Bayern,,,,,,,,
40,41,09,1,62,,,\"München, Landeshauptstadt\",,,,,,,,
50,50,09,1,62,0000,,\"München, Landeshauptstadt\",,,,,,,,
60,61,09,1,62,0000,000,\"München, Landeshauptstadt\", 310.70,1 484 226, 723 663, 760 563, 4 777,80313,\"11,575997\",\"48,137683\"
40,44,09,1,84,,,München,,,,,,,,
50,50,09,1,84,0148,,Unterhaching,,,,,,,,
60,64,09,1,84,0148,148,Unterhaching, 10.37, 25 285, 12 257, 13 028, 2 438,82008,\"11,617404\",\"48,065859\"
10,,12,,,,,Brandenburg,,,,,,,,
40,41,12,0,54,,,\"Potsdam, Stadt\",,,,,,,,
50,50,12,0,54,0000,,\"Potsdam, Stadt\",,,,,,,,
60,61,12,0,54,0000,000,\"Potsdam, Stadt\", 188.24, 180 334, 87 158, 93 176,  958,14469,\"13,05358\",\"52,400355\"
";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Register(#[from] gremium::register::RegisterError),
    #[error(transparent)]
    Store(#[from] gremium::store::StoreError),
}

/// Fills an empty database: municipalities when there are none, people and memberships when
/// there are no accounts. Returns whether anything was added.
pub async fn seed(db: &Db) -> Result<bool, DemoError> {
    let mut added = false;
    let counts = organizations::count_by_kind(db).await?;
    if counts.get(&OrganizationKind::Land).copied().unwrap_or(0) == 0 {
        let file = RegisterFile::parse(DEMO_REGISTER.as_bytes())?;
        import_register(db, file, |_| {}).await?;
        added = true;
    }
    let fresh = users::count(db).await? == 0;
    if fresh {
        seed_people(db).await?;
        seed_internal_meeting(db).await?;
        added = true;
    }
    // The seeded series get their meetings now, not only when the server's horizon task runs.
    meetings::sync_all(db, gremium::store::now()).await?;
    if fresh {
        seed_topics(db).await?;
        seed_demands(db).await?;
        seed_open_data(db).await?;
        // The demo's people are made up: what its changes told them by e-mail is not sent.
        outbox::discard_unsent(db).await?;
    }
    Ok(added)
}

/// An internal preparatory meeting of the chairs, two weeks ahead: shows what the public and
/// representatives outside the committee do not see.
async fn seed_internal_meeting(db: &Db) -> Result<(), DemoError> {
    let starts = gremium::store::now() + chrono::Duration::days(14);
    let committee = committees::default_id(db).await?;
    meetings::create(
        db,
        committee,
        &NewMeeting {
            title: "Vorbesprechung des Vorsitzes".into(),
            format: MeetingFormat::Virtual,
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(1),
            deadline_at: starts - chrono::Duration::days(2),
            video_url: Some("https://video.gremium.example/vorsitz".into()),
            location: None,
            public: false,
        },
        &Actor::system(),
    )
    .await?;
    Ok(())
}

/// The person behind a demo address, as the actor of what the demo does in their name.
async fn demo_actor(db: &Db, email: &str) -> Result<Actor, DemoError> {
    let id = users::login_record(db, email)
        .await?
        .map(|r| r.id)
        .ok_or(gremium::store::StoreError::NotFound)?;
    Ok(Actor {
        user_id: Some(id),
        label: email.to_owned(),
        ip: None,
    })
}

/// Topics from Kiel waiting for the chair (one for the next meeting, one for whenever), and the
/// chairs' internal meeting with a published agenda, so inboxes and the triage board show life.
async fn seed_topics(db: &Db) -> Result<(), DemoError> {
    let committee = committees::default_id(db).await?;
    let now = gremium::store::now();
    let open = meetings::open_for_topics(db, committee, now).await?;
    let kiel = demo_actor(db, "kiel@gremium.example").await?;
    let next = open
        .iter()
        .find(|s| s.public && s.deadline_at > now)
        .map(|s| s.id);
    for (title, description, meeting) in [
        (
            "Digitale Meldebescheinigung: gemeinsame Schnittstelle",
            "Mehrere Kommunen brauchen eine **einheitliche Schnittstelle** zum Melderegister.",
            next,
        ),
        (
            "Erfahrungsaustausch E-Akte",
            "Was hat sich bei der Einführung der E-Akte bewährt?",
            None,
        ),
    ] {
        let draft = TopicDraft {
            title: title.to_owned(),
            description: description.to_owned(),
            target: Target::Next,
            presenter: Some("Karl Kiel".to_owned()),
            minutes: 20,
            public: true,
            links: Vec::new(),
        };
        topics::create(db, committee, &draft, meeting, false, &kiel).await?;
    }
    if let Some(internal) = open.iter().find(|s| !s.public) {
        let chair = demo_actor(db, "vorsitz@gremium.example").await?;
        let (_, version) = agenda::items(db, internal.id).await?;
        let note = InvitationNote {
            title: format!("Einladung: {}", internal.title),
            body: "Die Tagesordnung ist veröffentlicht.".to_owned(),
            link: format!("/sitzungen/{}/tagesordnung", internal.id),
        };
        agenda::publish(db, internal.id, version, &note, None, &chair).await?;
    }
    Ok(())
}

/// A demo person as actor, with the organization they represent.
async fn representative(db: &Db, email: &str) -> Result<(Actor, i64), DemoError> {
    let actor = demo_actor(db, email).await?;
    let user = actor.user_id.unwrap_or_default();
    let organization = users::principal(db, user)
        .await?
        .and_then(|(p, _)| p.organization.map(|o| o.id))
        .ok_or(gremium::store::StoreError::NotFound)?;
    Ok((actor, organization))
}

/// Three demands: one co-signed by two others, one internal, one in review.
async fn seed_demands(db: &Db) -> Result<(), DemoError> {
    let categories = demands::categories(db).await?;
    let category = |name: &str| {
        categories
            .iter()
            .find(|c| c.name.starts_with(name))
            .map_or(1, |c| c.id)
    };
    let (kiel, kiel_org) = representative(db, "kiel@gremium.example").await?;
    let (koeln, koeln_org) = representative(db, "koeln@gremium.example").await?;
    let (rd, rd_org) = representative(db, "rd-eck@gremium.example").await?;
    let (unterhaching, unterhaching_org) =
        representative(db, "unterhaching@gremium.example").await?;
    let draft =
        |title: &str, problem: &str, outcome: &str, category: i64, public: bool| DemandDraft {
            title: title.to_owned(),
            problem: problem.to_owned(),
            outcome: outcome.to_owned(),
            category_id: category,
            tags: vec!["E-Rechnung".to_owned()],
            urgency: Urgency::Normal,
            links: Vec::new(),
            public,
        };
    let invoices = demands::create(
        db,
        kiel_org,
        &draft(
            "E-Rechnung: ein gemeinsamer Eingangskanal für Kommunen",
            "Jede Kommune betreibt ihr eigenes Postfach für elektronische Rechnungen.",
            "Ein gemeinsamer, kostenfreier Eingangskanal mit Weiterleitung in die Kassenverfahren.",
            category("Querschnitt"),
            true,
        ),
        true,
        &kiel,
    )
    .await?;
    demands::cosign(
        db,
        invoices,
        koeln_org,
        "Wir betreiben heute drei Kanäle.",
        &koeln,
    )
    .await?;
    demands::cosign(
        db,
        invoices,
        rd_org,
        "Auch für die kreisangehörigen Gemeinden.",
        &rd,
    )
    .await?;
    demands::create(
        db,
        kiel_org,
        &draft(
            "Schulungskonzept E-Akte",
            "Für die Einführung der E-Akte fehlt ein abgestimmtes Schulungskonzept.",
            "Ein Konzept, das alle Mitgliedskommunen nutzen können.",
            category("Bildung"),
            false,
        ),
        true,
        &kiel,
    )
    .await?;
    let forms = demands::create(
        db,
        unterhaching_org,
        &draft(
            "Barrierefreie PDF-Formulare",
            "Viele Formulare sind nicht barrierefrei ausfüllbar.",
            "Formulare nach BITV 2.0 in allen Fachverfahren.",
            category("Querschnitt"),
            true,
        ),
        true,
        &unterhaching,
    )
    .await?;
    let chair = demo_actor(db, "vorsitz@gremium.example").await?;
    let version = demands::get(db, forms).await?.version;
    let review = Transition {
        to: DemandStatus::InReview,
        comment: Some("Wird in der nächsten Sitzung beraten.".to_owned()),
        body: None,
        reference: None,
        follow_up: None,
        reason: None,
        merge_into: None,
    };
    demands::transition(db, forms, version, &review, Standing::Chair, &chair).await?;
    Ok(())
}

async fn organization_id(db: &Db, key: &str) -> Result<Option<i64>, DemoError> {
    let filter = OrganizationFilter {
        query: Some(key.to_owned()),
        ..Default::default()
    };
    let found = organizations::search(db, &filter).await?;
    Ok(found
        .items
        .iter()
        .find(|o| o.ars.as_deref() == Some(key) || o.short_name.as_deref() == Some(key))
        .map(|o| o.id))
}

async fn seed_people(db: &Db) -> Result<(), DemoError> {
    let actor = Actor::system();
    let hash = gremium::secret::hash_password(DEMO_PASSWORD);
    let committee = committees::default_id(db).await?;
    let benches = committees::benches(db, committee).await?;
    let since = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut holders: Vec<(&str, i64, i64)> = Vec::new();
    for person in &DEMO_PEOPLE {
        let organization_id = match person.organization {
            Some(key) => organization_id(db, key).await?,
            None => None,
        };
        let user_id = users::create(
            db,
            &NewUser {
                email: person.email,
                display_name: person.name,
                password_hash: &hash,
                is_admin: person.admin,
                organization_id,
            },
            &actor,
        )
        .await?;
        let membership =
            match person.seat {
                DemoSeat::None => None,
                DemoSeat::Chair => {
                    committees::add_chair(db, committee, user_id, false).await?;
                    None
                }
                DemoSeat::Holder(bench, seat) => benches.get(bench).map(|b| NewMembership {
                    bench_id: b.id,
                    user_id,
                    seat: Some(seat),
                    deputy_of: None,
                    valid_from: since,
                    valid_until: None,
                }),
                DemoSeat::DeputyOf(email) => holders.iter().find(|(e, _, _)| *e == email).map(
                    |(_, bench_id, membership_id)| NewMembership {
                        bench_id: *bench_id,
                        user_id,
                        seat: None,
                        deputy_of: Some(*membership_id),
                        valid_from: since,
                        valid_until: None,
                    },
                ),
            };
        if let Some(new) = membership {
            let id = committees::add_membership(db, &new, &actor).await?;
            holders.push((person.email, new.bench_id, id));
        }
    }
    Ok(())
}

/// Open data to look at: the fourth public meeting (the earlier ones stay untouched for the
/// tests of planning) gets a published agenda with a topic raised
/// from the public e-invoice demand (a Paper with its Consultation in OParl), and Karl Kiel
/// agrees to publication (a Person with memberships).
async fn seed_open_data(db: &Db) -> Result<(), DemoError> {
    let committee = committees::default_id(db).await?;
    let now = gremium::store::now();
    let Some(meeting) = meetings::open_for_topics(db, committee, now)
        .await?
        .into_iter()
        .filter(|s| s.public && s.deadline_at > now)
        .nth(3)
    else {
        return Ok(());
    };
    let kiel = demo_actor(db, "kiel@gremium.example").await?;
    let chair = demo_actor(db, "vorsitz@gremium.example").await?;
    let everyone = gremium::domain::demands::Visibility {
        internal: false,
        organization_id: None,
    };
    let filter = gremium::domain::demands::DemandFilter {
        query: Some("E-Rechnung".to_owned()),
        ..Default::default()
    };
    let page = gremium::domain::page::PageRequest::new(None, None);
    if let Some(invoices) = demands::list(db, &filter, everyone, page)
        .await?
        .items
        .first()
    {
        let draft = TopicDraft {
            title: invoices.title.clone(),
            description: "Aus dem Bedarf der Landeshauptstadt Kiel.".to_owned(),
            target: Target::Meeting(meeting.id),
            presenter: Some("Karl Kiel".to_owned()),
            minutes: 20,
            public: true,
            links: Vec::new(),
        };
        let topic = topics::create(db, committee, &draft, Some(meeting.id), false, &kiel).await?;
        demands::link_topic(db, invoices.id, topic, Some(meeting.id), &chair).await?;
        let version = topics::get(db, topic).await?.version;
        topics::accept(db, topic, version, &chair).await?;
    }
    let (_, version) = agenda::items(db, meeting.id).await?;
    let note = InvitationNote {
        title: format!("Einladung: {}", meeting.title),
        body: "Die Tagesordnung ist veröffentlicht.".to_owned(),
        link: format!("/sitzungen/{}/tagesordnung", meeting.id),
    };
    agenda::publish(db, meeting.id, version, &note, None, &chair).await?;
    let user = kiel.user_id.unwrap_or_default();
    let settings = users::preferences(db, user).await?;
    users::set_preferences(
        db,
        user,
        &gremium::domain::preferences::Preferences {
            publish: true,
            ..settings
        },
        &kiel,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
