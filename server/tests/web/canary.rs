//! The canary crawl: each kind of non-public thing carries a unique string; anonymous, a
//! representative without a seat and a member then request every surface — pages, server
//! functions, REST, OParl (every object reachable from the system), feeds, iCalendar, CSV and
//! exports — and a canary found where that reader may not see it fails the test. Every served
//! route has a row in `SURFACES`, so a new surface without one fails too (as the authorization
//! matrix does).

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use gremium::domain::agenda::ItemDraft;
use gremium::domain::decisions::{DecisionDraft, DecisionKind};
use gremium::domain::demands::{DemandDraft, TransitionInput, Urgency};
use gremium::domain::topics::{Target, TopicDraft};
use gremium::store::{agenda, committees, decisions, demands, live, meetings, topics};
use serde_json::Value;

use crate::authorization::served_routes;
use crate::calendar::outsider;
use crate::oparl::{actor, publish_a_meeting};
use crate::support::*;

/// Who may see a canary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Anonymous,
    Outsider,
    Member,
}

/// (canary, the least role that may see it; `None`: none of the three).
const SERIES: &str = "KANARIE-SERIE";
const SERIES_VIDEO: &str = "kanarie-video.example";
const NOTES: &str = "KANARIE-NOTIZ";
const UNPUBLISHED: &str = "KANARIE-UNVEROEFFENTLICHT";
const INTERNAL_DEMAND: &str = "KANARIE-INTERNER-BEDARF";
const TOPIC_ON_INTERNAL: &str = "KANARIE-THEMA-INTERNE-SITZUNG";
const INTERNAL_MEETING: &str = "Vorbesprechung des Vorsitzes";
const CANARIES: &[(&str, Option<Role>)] = &[
    (SERIES, Some(Role::Member)),
    (SERIES_VIDEO, Some(Role::Member)),
    (NOTES, None),
    (UNPUBLISHED, Some(Role::Member)),
    (INTERNAL_DEMAND, Some(Role::Member)),
    (TOPIC_ON_INTERNAL, Some(Role::Member)),
    (crate::oparl::SECRET_ITEM, Some(Role::Member)),
    // People who did not consent to publication, and an account's address.
    // The demo's internal meeting, named on a public demand's timeline through a topic.
    (INTERNAL_MEETING, Some(Role::Member)),
    ("Clara Vorsitz", Some(Role::Member)),
    ("Katrin K\u{f6}ln", Some(Role::Member)),
    ("vorsitz@gremium.example", Some(Role::Member)),
];

/// How a surface is read. Templates name `{MEETING}`, `{DEMAND}`, `{TOPIC}`, `{DECISION}`,
/// `{SERIES}`; a request is made for every id of that kind.
enum Read {
    Get(&'static str),
    Form(&'static str, &'static str),
    Json(&'static str, &'static str),
    /// Changes state and shows nothing beyond what the reading surfaces show.
    Write,
    /// Followed from `/oparl/v1/system` by the crawl.
    Oparl,
}

use Read::{Form, Get, Json, Oparl, Write};

const SURFACES: &[(&str, Read)] = &[
    ("/", Get("/")),
    ("/organisationen", Get("/organisationen?q=kiel")),
    ("/organisationen/{id}", Get("/organisationen/1")),
    ("/anmelden", Get("/anmelden")),
    ("/einladung", Get("/einladung?t=unbekannt")),
    ("/passwort/vergessen", Get("/passwort/vergessen")),
    ("/passwort/neu", Get("/passwort/neu?t=unbekannt")),
    ("/konto", Get("/konto")),
    ("/konto/sitzungen", Get("/konto/sitzungen")),
    ("/konto/kalender", Get("/konto/kalender")),
    ("/konto/api-schluessel", Get("/konto/api-schluessel")),
    ("/gremium", Get("/gremium")),
    ("/sitzungen", Get("/sitzungen")),
    ("/sitzungen/monat", Get("/sitzungen/monat")),
    ("/sitzungen/neu", Get("/sitzungen/neu")),
    ("/sitzungen/serien", Get("/sitzungen/serien")),
    ("/sitzungen/serien/{id}", Get("/sitzungen/serien/{SERIES}")),
    ("/sitzungen/{id}", Get("/sitzungen/{MEETING}")),
    (
        "/sitzungen/{id}/tagesordnung",
        Get("/sitzungen/{MEETING}/tagesordnung"),
    ),
    (
        "/sitzungen/{id}/einladung",
        Get("/sitzungen/{MEETING}/einladung"),
    ),
    (
        "/sitzungen/{id}/leitung",
        Get("/sitzungen/{MEETING}/leitung"),
    ),
    ("/sitzungen/{id}/live", Get("/sitzungen/{MEETING}/live")),
    (
        "/sitzungen/{id}/niederschrift",
        Get("/sitzungen/{MEETING}/niederschrift"),
    ),
    (
        "/sitzungen/{id}/kalender.ics",
        Get("/sitzungen/{MEETING}/kalender.ics"),
    ),
    (
        "/sitzungen/{id}/einladung.html",
        Get("/sitzungen/{MEETING}/einladung.html"),
    ),
    (
        "/sitzungen/{id}/einladung.pdf",
        Get("/sitzungen/{MEETING}/einladung.pdf"),
    ),
    (
        "/sitzungen/{id}/niederschrift.md",
        Get("/sitzungen/{MEETING}/niederschrift.md"),
    ),
    (
        "/sitzungen/{id}/niederschrift.html",
        Get("/sitzungen/{MEETING}/niederschrift.html"),
    ),
    (
        "/sitzungen/{id}/niederschrift.pdf",
        Get("/sitzungen/{MEETING}/niederschrift.pdf"),
    ),
    (
        "/kalender/oeffentlich.ics",
        Get("/kalender/oeffentlich.ics"),
    ),
    ("/kalender/{file}", Get("/kalender/unbekannt.ics")),
    ("/beschluesse/{id}", Get("/beschluesse/{DECISION}")),
    ("/aufgaben", Get("/aufgaben")),
    ("/bedarfe", Get("/bedarfe")),
    ("/bedarfe/neu", Get("/bedarfe/neu")),
    ("/bedarfe/{id}", Get("/bedarfe/{DEMAND}")),
    ("/unsere-bedarfe", Get("/unsere-bedarfe")),
    ("/bedarfe.csv", Get("/bedarfe.csv")),
    ("/bedarfe.atom", Get("/bedarfe.atom")),
    ("/beschluesse.atom", Get("/beschluesse.atom")),
    ("/themen", Get("/themen")),
    ("/themen/neu", Get("/themen/neu")),
    ("/themen/{id}", Get("/themen/{TOPIC}")),
    ("/eingang", Get("/eingang")),
    ("/admin", Get("/admin")),
    ("/admin/personen", Get("/admin/personen")),
    ("/admin/einladen", Get("/admin/einladen")),
    (
        "/api/admin/einladung-link",
        Form("/api/admin/einladung-link", ""),
    ),
    ("/admin/protokoll", Get("/admin/protokoll")),
    ("/admin/e-mail", Get("/admin/e-mail")),
    ("/api/admin/e-mail", Form("/api/admin/e-mail", "")),
    ("/admin/themenfelder", Get("/admin/themenfelder")),
    ("/healthz", Get("/healthz")),
    ("/sprache", Write),
    ("/api/v1/openapi.json", Get("/api/v1/openapi.json")),
    ("/api/v1/docs", Get("/api/v1/docs")),
    ("/api/v1/demands", Get("/api/v1/demands?per_page=100")),
    ("/api/v1/demands/{id}", Get("/api/v1/demands/{DEMAND}")),
    ("/api/v1/demands/{id}/cosignature", Write),
    ("/oparl/v1/system", Oparl),
    ("/oparl/v1/bodies", Oparl),
    ("/oparl/v1/body/{id}", Oparl),
    ("/oparl/v1/body/{id}/{list}", Oparl),
    ("/oparl/v1/{kind}/{key}", Oparl),
    // Server functions that read.
    (
        "/api/organisationen/liste",
        Json("/api/organisationen/liste", r#"{"query":{}}"#),
    ),
    (
        "/api/organisationen/laender",
        Form("/api/organisationen/laender", ""),
    ),
    (
        "/api/organisationen/eintrag",
        Form("/api/organisationen/eintrag", "id=1"),
    ),
    ("/api/konto/ich", Form("/api/konto/ich", "")),
    ("/api/meldung", Form("/api/meldung", "")),
    ("/api/konto/sitzungen", Form("/api/konto/sitzungen", "")),
    (
        "/api/konto/einstellungen",
        Form("/api/konto/einstellungen", ""),
    ),
    ("/api/konto/kalender", Form("/api/konto/kalender", "")),
    (
        "/api/konto/api-schluessel",
        Form("/api/konto/api-schluessel", ""),
    ),
    (
        "/api/gremium/mitglieder",
        Form("/api/gremium/mitglieder", ""),
    ),
    ("/api/gremium/auswahl", Form("/api/gremium/auswahl", "")),
    (
        "/api/sitzungen/liste",
        Json(
            "/api/sitzungen/liste",
            r#"{"query":{"past":false,"q":null,"page":null}}"#,
        ),
    ),
    (
        "/api/sitzungen/eintrag",
        Form("/api/sitzungen/eintrag", "id={MEETING}"),
    ),
    ("/api/sitzungen/monat", Form("/api/sitzungen/monat", "")),
    ("/api/sitzungen/serien", Form("/api/sitzungen/serien", "")),
    (
        "/api/sitzungen/serie",
        Form("/api/sitzungen/serie", "id={SERIES}"),
    ),
    ("/api/themen/liste", Form("/api/themen/liste", "")),
    ("/api/themen/formular", Form("/api/themen/formular", "")),
    (
        "/api/themen/eintrag",
        Form("/api/themen/eintrag", "id={TOPIC}"),
    ),
    (
        "/api/tagesordnung/laden",
        Form("/api/tagesordnung/laden", "meeting={MEETING}"),
    ),
    (
        "/api/sitzung/laden",
        Form("/api/sitzung/laden", "meeting={MEETING}"),
    ),
    (
        "/api/niederschrift/laden",
        Form("/api/niederschrift/laden", "meeting={MEETING}"),
    ),
    (
        "/api/beschluesse/laden",
        Form("/api/beschluesse/laden", "id={DECISION}"),
    ),
    ("/api/aufgaben/laden", Form("/api/aufgaben/laden", "")),
    (
        "/api/aufgaben/uebersicht",
        Form("/api/aufgaben/uebersicht", ""),
    ),
    (
        "/api/bedarfe/liste",
        Json("/api/bedarfe/liste", r#"{"query":{}}"#),
    ),
    (
        "/api/bedarfe/aehnliche",
        Form(
            "/api/bedarfe/aehnliche",
            "text=KANARIE+Rechnung+Schnittstelle",
        ),
    ),
    ("/api/bedarfe/formular", Form("/api/bedarfe/formular", "")),
    (
        "/api/bedarfe/eintrag",
        Form("/api/bedarfe/eintrag", "id={DEMAND}"),
    ),
    ("/api/bedarfe/unsere", Form("/api/bedarfe/unsere", "")),
    (
        "/api/bedarfe/nachfassen",
        Form("/api/bedarfe/nachfassen", ""),
    ),
    (
        "/api/bedarfe/themenfelder",
        Form("/api/bedarfe/themenfelder", ""),
    ),
    ("/api/eingang/liste", Form("/api/eingang/liste", "")),
    ("/api/admin/personen", Form("/api/admin/personen", "")),
    (
        "/api/admin/protokoll",
        Json(
            "/api/admin/protokoll",
            r#"{"query":{"filter":{},"page":null}}"#,
        ),
    ),
    (
        "/api/einladung/info",
        Form("/api/einladung/info", "token=unbekannt"),
    ),
    // Server functions that only change state.
    ("/api/anmelden", Write),
    ("/api/abmelden", Write),
    ("/api/einladung/annehmen", Write),
    ("/api/passwort/vergessen", Write),
    ("/api/passwort/neu", Write),
    ("/api/konto/passwort", Write),
    ("/api/konto/sitzung-beenden", Write),
    ("/api/konto/einstellungen-speichern", Write),
    ("/api/konto/kalender-neu", Write),
    ("/api/konto/api-schluessel-neu", Write),
    ("/api/konto/api-schluessel-widerrufen", Write),
    ("/api/admin/einladen", Write),
    ("/api/admin/person-sperren", Write),
    ("/api/admin/e-mail-erneut", Write),
    ("/api/gremium/mitgliedschaft", Write),
    ("/api/gremium/bearbeiten", Write),
    ("/api/gremium/bank-neu", Write),
    ("/api/gremium/bank-sitze", Write),
    ("/api/sitzungen/serie-neu", Write),
    ("/api/sitzungen/serie-aendern", Write),
    ("/api/sitzungen/neu", Write),
    ("/api/sitzungen/verschieben", Write),
    ("/api/sitzungen/absagen", Write),
    ("/api/sitzungen/ort", Write),
    ("/api/sitzungen/status", Write),
    ("/api/tagesordnung/punkt-neu", Write),
    ("/api/tagesordnung/punkt-aendern", Write),
    ("/api/tagesordnung/punkt-entfernen", Write),
    ("/api/tagesordnung/verschieben", Write),
    ("/api/tagesordnung/ordnen", Write),
    ("/api/tagesordnung/behandelt", Write),
    ("/api/tagesordnung/veroeffentlichen", Write),
    ("/api/eingang/gelesen", Write),
    ("/api/sitzung/anwesenheit", Write),
    ("/api/sitzung/entschuldigen", Write),
    ("/api/sitzung/punkt", Write),
    ("/api/sitzung/beenden", Write),
    ("/api/sitzung/notizen", Write),
    ("/api/beschluesse/neu", Write),
    ("/api/aufgaben/neu", Write),
    ("/api/aufgaben/status", Write),
    ("/api/niederschrift/speichern", Write),
    ("/api/niederschrift/endgueltig", Write),
    ("/api/niederschrift/genehmigen", Write),
    ("/api/bedarfe/themenfeld", Write),
    ("/api/bedarfe/neu", Write),
    ("/api/bedarfe/aendern", Write),
    ("/api/bedarfe/mitzeichnen", Write),
    ("/api/bedarfe/mitzeichnung-zurueckziehen", Write),
    ("/api/bedarfe/status", Write),
    ("/api/bedarfe/folgen", Write),
    ("/api/bedarfe/gesehen", Write),
    ("/api/bedarfe/als-thema", Write),
    ("/api/themen/neu", Write),
    ("/api/themen/aendern", Write),
    ("/api/themen/zurueckziehen", Write),
    ("/api/themen/annehmen", Write),
    ("/api/themen/vertagen", Write),
    ("/api/themen/ablehnen", Write),
    ("/api/themen/zusammenfuehren", Write),
];

#[tokio::test]
async fn every_surface_has_a_canary_row() {
    let listed: BTreeSet<String> = SURFACES.iter().map(|(r, _)| (*r).to_owned()).collect();
    let served = served_routes();
    let missing: Vec<_> = served.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "surfaces without a canary row: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        stale.is_empty(),
        "canary rows for surfaces that do not exist: {stale:?}"
    );
}

/// Plants one canary of each kind, through the store as the chair and members would.
async fn plant(app: &TestApp) -> (i64, i64) {
    let db = &app.db;
    let committee = committees::default_id(db).await.unwrap();
    let (public_meeting, _, _) = publish_a_meeting(app).await;
    let (_, chair) = actor(app, "vorsitz@gremium.example").await;
    let (_, kiel) = actor(app, "kiel@gremium.example").await;

    // An internal series with a video link (its meetings carry its title).
    let chair_cookie = login(app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let first = (Utc::now() + Duration::days(20))
        .format("%Y-%m-%d")
        .to_string();
    let body = format!(
        "title={SERIES}&format=virtual&rule=monthly&interval=1&nth=2&weekday=2&skip_months=\
         &dates=&first_date={first}&until=&start_time=10%3A00&end_time=12%3A00\
         &video_url=https%3A%2F%2F{SERIES_VIDEO}%2Fraum&location=&deadline_days=7"
    );
    let (response, text) =
        post_form(app, "/api/sitzungen/serie-neu", &body, Some(&chair_cookie)).await;
    assert!(
        response.status().is_redirection() || response.status().is_success(),
        "{text}"
    );

    // The chair's notes on the published public meeting's first item, and an item added to
    // its working agenda after publication.
    let state = live::state(db, public_meeting).await.unwrap();
    let first_item = state.items.iter().find(|i| i.public).unwrap().id;
    live::save_notes(db, public_meeting, state.version, first_item, NOTES, &chair)
        .await
        .unwrap();
    let (_, version) = agenda::items(db, public_meeting).await.unwrap();
    agenda::add(
        db,
        public_meeting,
        version,
        &ItemDraft {
            title: UNPUBLISHED.into(),
            presenter: None,
            minutes: 5,
            public: true,
        },
        &chair,
    )
    .await
    .unwrap();

    // An internal demand of Kiel's.
    let kiel_org = gremium::store::users::principal(db, kiel.user_id.unwrap())
        .await
        .unwrap()
        .unwrap()
        .0
        .organization
        .unwrap()
        .id;
    let internal_demand = demands::create(
        db,
        kiel_org,
        &DemandDraft {
            title: format!("{INTERNAL_DEMAND} E-Rechnung Schnittstelle"),
            problem: format!("{INTERNAL_DEMAND} Problem"),
            outcome: "Ergebnis".into(),
            category_id: 1,
            tags: vec![],
            urgency: Urgency::Normal,
            links: vec![],
            public: false,
        },
        true,
        &kiel,
    )
    .await
    .unwrap();

    // A public topic accepted onto the internal meeting: not public there.
    let internal_meeting = meetings::open_for_topics(db, committee, Utc::now())
        .await
        .unwrap()
        .into_iter()
        .find(|s| !s.public && s.title == INTERNAL_MEETING)
        .expect("the demo's internal meeting")
        .id;
    let topic = topics::create(
        db,
        committee,
        &TopicDraft {
            title: TOPIC_ON_INTERNAL.into(),
            description: "Öffentlich gemeint".into(),
            target: Target::Meeting(internal_meeting),
            presenter: None,
            minutes: 10,
            public: true,
            links: vec![],
        },
        Some(internal_meeting),
        false,
        &kiel,
    )
    .await
    .unwrap();
    // Raised from a public demand: the demand's timeline names the (internal) meeting.
    let public_demand = demands::list(
        db,
        &gremium::domain::demands::DemandFilter::default(),
        gremium::domain::demands::Visibility {
            internal: false,
            organization_id: None,
        },
        gremium::domain::page::PageRequest::new(None, None),
    )
    .await
    .unwrap()
    .items[0]
        .id;
    demands::link_topic(db, public_demand, topic, Some(internal_meeting), &chair)
        .await
        .unwrap();
    let version = topics::get(db, topic).await.unwrap().version;
    topics::accept(db, topic, version, &chair).await.unwrap();
    let (_, version) = agenda::items(db, internal_meeting).await.unwrap();
    agenda::publish(
        db,
        internal_meeting,
        version,
        &gremium::store::agenda::InvitationNote {
            title: "Einladung".into(),
            body: "Bitte".into(),
            link: format!("/sitzungen/{internal_meeting}/tagesordnung"),
        },
        None,
        &chair,
    )
    .await
    .unwrap();

    // The internal meeting decides on a public demand: similar-demand suggestions may name it
    // only to insiders.
    let decided = demands::create(
        db,
        kiel_org,
        &DemandDraft {
            title: "Schnittstelle für die E-Rechnung der Kommunen".into(),
            problem: "Rechnungen kommen auf Papier.".into(),
            outcome: "Eine gemeinsame Schnittstelle".into(),
            category_id: 1,
            tags: vec![],
            urgency: Urgency::Normal,
            links: vec![],
            public: true,
        },
        true,
        &kiel,
    )
    .await
    .unwrap();
    let state = live::state(db, internal_meeting).await.unwrap();
    let item = state.next_item().unwrap();
    live::go_to(db, internal_meeting, state.version, item, &chair)
        .await
        .unwrap();
    let accept = TransitionInput {
        to: "accepted".into(),
        ..Default::default()
    }
    .check(Utc::now().date_naive())
    .unwrap();
    decisions::create(
        db,
        internal_meeting,
        item,
        &DecisionDraft {
            kind: DecisionKind::Resolution,
            text: "Angenommen.".into(),
            votes: None,
        },
        Some((decided, &accept)),
        &chair,
    )
    .await
    .unwrap();
    (public_meeting, internal_demand)
}

/// The ids each template placeholder stands for.
async fn ids(app: &TestApp) -> BTreeMap<&'static str, Vec<i64>> {
    let committee = committees::default_id(&app.db).await.unwrap();
    let now = Utc::now();
    let meetings: Vec<i64> = meetings::between(
        &app.db,
        Some(committee),
        now - Duration::days(7),
        now + Duration::days(80),
        false,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|s| s.id)
    .collect();
    BTreeMap::from([
        ("{MEETING}", meetings),
        ("{DEMAND}", (1..=8).collect()),
        ("{TOPIC}", (1..=8).collect()),
        ("{DECISION}", (1..=3).collect()),
        ("{SERIES}", (1..=4).collect()),
    ])
}

fn expand(template: &str, ids: &BTreeMap<&'static str, Vec<i64>>) -> Vec<String> {
    for (placeholder, values) in ids {
        if template.contains(placeholder) {
            return values
                .iter()
                .map(|id| template.replace(placeholder, &id.to_string()))
                .collect();
        }
    }
    vec![template.to_owned()]
}

fn forbidden(role: Role) -> Vec<&'static str> {
    CANARIES
        .iter()
        .filter(|(_, least)| least.is_none_or(|least| role < least))
        .map(|(canary, _)| *canary)
        .collect()
}

/// Every URL of this site (`https://gremium.example/…`) in an OParl answer.
fn oparl_links(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Some(path) = s.strip_prefix("https://gremium.example")
                && path.starts_with("/oparl/")
            {
                out.push(path.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| oparl_links(v, out)),
        Value::Object(map) => map.values().for_each(|v| oparl_links(v, out)),
        _ => {}
    }
}

/// The demo install the crawls read, with limits no crawl reaches (the canaries come from
/// `plant`).
async fn planted_app() -> TestApp {
    app_with(
        &[
            ("GREMIUM_AUTH_RATE_PER_MINUTE", "100000"),
            ("GREMIUM_API_RATE_PER_MINUTE", "100000"),
            ("GREMIUM_PUBLIC_URL", "https://gremium.example"),
        ],
        false,
    )
    .await
}

#[tokio::test]
async fn no_canary_reaches_a_reader_who_may_not_see_it() {
    let app = planted_app().await;
    let (public_meeting, internal_demand) = plant(&app).await;
    let outsider = outsider(&app).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let ids = ids(&app).await;
    assert!(ids["{MEETING}"].contains(&public_meeting));
    assert!(ids["{DEMAND}"].contains(&internal_demand));

    let mut report = Vec::new();
    let mut leaks = Vec::new();
    let mut seen_by_member: BTreeSet<&str> = BTreeSet::new();
    for (role, cookie) in [
        (Role::Anonymous, None),
        (Role::Outsider, Some(outsider.as_str())),
        (Role::Member, Some(member.as_str())),
    ] {
        let banned = forbidden(role);
        let mut requests = 0usize;
        let mut surfaces = 0usize;
        let mut check = |what: &str, status: StatusCode, body: &str| {
            assert!(
                !status.is_server_error(),
                "{role:?} {what}: {status} {body}"
            );
            for canary in &banned {
                if body.contains(canary) {
                    leaks.push(format!("{role:?} sees {canary:?} in {what}"));
                }
            }
            if role == Role::Member {
                for (canary, _) in CANARIES {
                    if body.contains(canary) {
                        seen_by_member.insert(canary);
                    }
                }
            }
        };
        for (_, read) in SURFACES {
            match read {
                Get(template) => {
                    surfaces += 1;
                    for uri in expand(template, &ids) {
                        let (response, body) = get_as(&app, &uri, cookie).await;
                        requests += 1;
                        check(&format!("GET {uri}"), response.status(), &body);
                    }
                }
                Form(path, template) => {
                    surfaces += 1;
                    for body in expand(template, &ids) {
                        let (response, text) = post_form(&app, path, &body, cookie).await;
                        requests += 1;
                        check(&format!("POST {path} {body}"), response.status(), &text);
                    }
                }
                Json(path, body) => {
                    surfaces += 1;
                    let (response, text) = post_json(&app, path, body, cookie).await;
                    requests += 1;
                    check(&format!("POST {path} {body}"), response.status(), &text);
                }
                Write | Oparl => {}
            }
        }
        // OParl: everything reachable from the system object.
        let mut queue = VecDeque::from(["/oparl/v1/system".to_owned()]);
        let mut visited = BTreeSet::new();
        while let Some(path) = queue.pop_front() {
            if !visited.insert(path.clone()) || visited.len() > 3000 {
                continue;
            }
            let (response, body) = get_as(&app, &path, cookie).await;
            requests += 1;
            check(&format!("GET {path}"), response.status(), &body);
            if let Ok(json) = serde_json::from_str::<Value>(&body) {
                let mut links = Vec::new();
                oparl_links(&json, &mut links);
                queue.extend(links.into_iter().filter(|l| !visited.contains(l)));
            }
        }
        report.push(format!(
            "{role:?}: {surfaces} surfaces, {} OParl objects and lists, {requests} requests",
            visited.len()
        ));
    }
    // The similar-demand path that names a deciding meeting is exercised, not just unseen.
    let similar = "text=KANARIE+Rechnung+Schnittstelle";
    let (_, suggested) = post_form(&app, "/api/bedarfe/aehnliche", similar, Some(&member)).await;
    assert!(
        suggested.contains(INTERNAL_MEETING),
        "a member sees which meeting decided: {suggested}"
    );
    println!("canary crawl:\n{}", report.join("\n"));
    assert!(leaks.is_empty(), "canaries leaked:\n{}", leaks.join("\n"));
    // The crawl can see: every canary a member may read shows up somewhere for them.
    for (canary, least) in CANARIES {
        if *least == Some(Role::Member) && !canary.contains('@') && !canary.contains(' ') {
            assert!(
                seen_by_member.contains(canary),
                "the member never saw {canary:?}: the crawl misses its surface"
            );
        }
    }
}

/// Every row of every table that holds the committee's data, as text: two equal fingerprints
/// mean nothing was written. Left out are the login-session tables, which a request may touch
/// to keep a meeting alive.
async fn fingerprint(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    table_rows(&app.db, &["tower_sessions", "login_sessions"]).await
}

/// Nothing changes state on GET: every page, feed and export is read by the admin, the chair
/// (who may see and manage most), a municipality's representative and anonymously, and the
/// database is the same after.
#[tokio::test]
async fn reading_any_page_changes_nothing() {
    let app = planted_app().await;
    plant(&app).await;
    let ids = ids(&app).await;
    let admin = login(&app, "admin@gremium.example", DEMO_PASSWORD).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let before = fingerprint(&app).await;
    let mut requests = 0;
    for cookie in [&admin, &chair, &member]
        .map(|c| Some(c.as_str()))
        .into_iter()
        .chain([None])
    {
        for (_, read) in SURFACES {
            if let Get(template) = read {
                for uri in expand(template, &ids) {
                    let (response, body) = get_as(&app, &uri, cookie).await;
                    assert!(!response.status().is_server_error(), "GET {uri}: {body}");
                    requests += 1;
                }
            }
        }
    }
    let after = fingerprint(&app).await;
    for (table, rows) in &before {
        assert_eq!(
            Some(rows),
            after.get(table),
            "{requests} GET requests changed the table {table}"
        );
    }
    assert_eq!(before.len(), after.len());
    assert!(requests > 100, "{requests}");
}
