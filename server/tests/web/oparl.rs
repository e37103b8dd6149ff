//! OParl 1.1: a client crawls the whole interface from `/oparl/v1/system` and finds no dangling
//! link, every object valid by the 1.1 schema, nothing internal and no person without consent;
//! then the filters, pagination edges, bad parameters and deleted objects.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::{StatusCode, header};
use gremium::domain::agenda::ItemDraft;
use gremium::domain::audit::Actor;
use gremium::domain::demands::{DemandFilter, Visibility};
use gremium::domain::page::PageRequest;
use gremium::domain::preferences::{DemandMail, Preferences};
use gremium::domain::topics::{Target, TopicDraft};
use gremium::store::agenda::{self, InvitationNote};
use gremium::store::{committees, demands, meetings, topics, users};
use serde_json::Value;

use crate::oparl_schema::check;
use crate::support::{TestApp, app_with, get_as};

const WEB: &str = "https://gremium.example";
const ROOT: &str = "https://gremium.example/oparl/v1";
pub(crate) const SECRET_ITEM: &str = "Personalangelegenheit Vertraulich";

pub(crate) async fn actor(app: &TestApp, email: &str) -> (i64, Actor) {
    let id = users::login_record(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    (
        id,
        Actor {
            user_id: Some(id),
            label: email.to_owned(),
            ip: None,
        },
    )
}

/// The next public meeting gets a topic raised from a public demand (accepted), an internal
/// item, and a published agenda; Kiel's representative agrees to publication. Returns the
/// meeting, the public item of the topic and the internal item.
pub(crate) async fn publish_a_meeting(app: &TestApp) -> (i64, i64, i64) {
    let db = &app.db;
    let committee = committees::default_id(db).await.unwrap();
    let now = chrono::Utc::now();
    let meeting = meetings::open_for_topics(db, committee, now)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.public && s.deadline_at > now)
        .unwrap()
        .id;
    let (kiel_id, kiel) = actor(app, "kiel@gremium.example").await;
    let (_, chair) = actor(app, "vorsitz@gremium.example").await;
    let everyone = Visibility {
        internal: false,
        organization_id: None,
    };
    let demand = demands::list(
        db,
        &DemandFilter::default(),
        everyone,
        PageRequest::new(None, None),
    )
    .await
    .unwrap()
    .items[0]
        .id;
    let topic = topics::create(
        db,
        committee,
        &TopicDraft {
            title: "Gemeinsame Schnittstelle für E-Rechnungen".into(),
            description: "Aus dem Bedarf".into(),
            target: Target::Meeting(meeting),
            presenter: Some("Karl Kiel".into()),
            minutes: 15,
            public: true,
            links: vec![],
        },
        Some(meeting),
        false,
        &kiel,
    )
    .await
    .unwrap();
    demands::link_topic(db, demand, topic, Some(meeting), &chair)
        .await
        .unwrap();
    let version = topics::get(db, topic).await.unwrap().version;
    let item = topics::accept(db, topic, version, &chair).await.unwrap();
    let (_, version) = agenda::items(db, meeting).await.unwrap();
    let secret = agenda::add(
        db,
        meeting,
        version,
        &ItemDraft {
            title: SECRET_ITEM.into(),
            presenter: None,
            minutes: 10,
            public: false,
        },
        &chair,
    )
    .await
    .unwrap();
    let (_, version) = agenda::items(db, meeting).await.unwrap();
    let note = InvitationNote {
        title: "Einladung".into(),
        body: "Bitte".into(),
        link: format!("/sitzungen/{meeting}/tagesordnung"),
    };
    agenda::publish(db, meeting, version, &note, None, &chair)
        .await
        .unwrap();
    let settings = users::preferences(db, kiel_id).await.unwrap();
    users::set_preferences(
        db,
        kiel_id,
        &Preferences {
            demand_mail: DemandMail::Immediate,
            publish: true,
            version: settings.version,
        },
        &kiel,
    )
    .await
    .unwrap();
    (meeting, item, secret)
}

/// GETs an OParl URL and checks what every answer must be: 200, JSON without BOM, CORS open.
async fn fetch(app: &TestApp, url: &str) -> Value {
    let path = url.strip_prefix(WEB).unwrap_or(url);
    let (response, text) = get_as(app, path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{url}: {text}");
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "*",
        "{url}"
    );
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{url}"
    );
    assert!(!text.starts_with('\u{feff}'), "{url}: no BOM");
    serde_json::from_str(&text).unwrap()
}

/// Every string in the value that points into the interface.
fn links(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.starts_with(ROOT) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| links(v, out)),
        Value::Object(map) => map.values().for_each(|v| links(v, out)),
        _ => {}
    }
}

/// Every object in the value, embedded ones included.
fn objects<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| objects(v, out)),
        Value::Object(map) => {
            if map.contains_key("type") && map.contains_key("id") {
                out.push(value);
            }
            map.values().for_each(|v| objects(v, out));
        }
        _ => {}
    }
}

/// Crawls from the system object; returns every answer by URL (list pages under their URL).
pub(crate) async fn crawl(app: &TestApp) -> BTreeMap<String, Value> {
    let mut seen = BTreeMap::new();
    let mut queue = VecDeque::from([format!("{ROOT}/system")]);
    while let Some(url) = queue.pop_front() {
        if seen.contains_key(&url) {
            continue;
        }
        let value = fetch(app, &url).await;
        let mut found = Vec::new();
        links(&value, &mut found);
        queue.extend(found.into_iter().filter(|u| !seen.contains_key(u)));
        seen.insert(url, value);
        assert!(seen.len() < 2000, "the crawl does not end");
    }
    seen
}

#[tokio::test]
async fn a_client_crawls_everything_without_a_dangling_link() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (meeting, item, secret) = publish_a_meeting(&app).await;
    let answers = crawl(&app).await;

    // Every object validates; list pages have data, pagination and links.
    let mut types = BTreeSet::new();
    let mut listed = BTreeSet::new();
    for (url, value) in &answers {
        let text = value.to_string();
        assert!(!text.contains(SECRET_ITEM), "{url} shows the internal item");
        assert!(
            !text.contains("Köln"),
            "{url} names a person without consent"
        );
        if let Some(data) = value.get("data") {
            assert!(value["pagination"].is_object(), "{url}");
            assert!(value["links"].is_object(), "{url}");
            for object in data.as_array().unwrap() {
                listed.insert(object["id"].as_str().unwrap().to_owned());
            }
        }
        let mut all = Vec::new();
        objects(value, &mut all);
        for object in all {
            assert_eq!(check(object), Vec::<String>::new(), "{url}");
            types.insert(object["type"].as_str().unwrap().to_owned());
            let id = object["id"].as_str().unwrap();
            let standalone = answers
                .get(id)
                .unwrap_or_else(|| panic!("{id} not fetched"));
            assert_eq!(standalone["id"], id, "the object answers at its id");
        }
    }
    for name in [
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
    ] {
        assert!(
            types.contains(&format!("https://schema.oparl.org/1.1/{name}")),
            "no {name} in {types:?}"
        );
    }
    // Every object found anywhere is also in a list (a client that syncs by lists misses none).
    for (url, value) in &answers {
        if value.get("data").is_none() && !url.ends_with("/system") {
            assert!(listed.contains(url), "{url} is in no list");
        }
    }

    // The published meeting, its public item with the consultation of the demand's topic.
    let meeting = &answers[&format!("{ROOT}/meeting/{meeting}")];
    assert_eq!(meeting["meetingState"], "eingeladen");
    let items = meeting["agendaItem"].as_array().unwrap();
    let ours = items
        .iter()
        .find(|i| i["id"] == format!("{ROOT}/agenda-item/{item}"))
        .unwrap();
    assert!(ours["consultation"].as_str().unwrap().ends_with("-thema"));
    assert!(
        items
            .iter()
            .enumerate()
            .all(|(order, i)| i["order"] == order),
        "order counts the published items from 0"
    );
    assert!(!answers.contains_key(&format!("{ROOT}/agenda-item/{secret}")));
    let (response, text) = get_as(&app, &format!("/oparl/v1/agenda-item/{secret}"), None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "{text}");
    let error: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(error["type"], "https://schema.oparl.org/1.1/Error");
    let person = answers
        .values()
        .find(|v| v["type"] == "https://schema.oparl.org/1.1/Person")
        .unwrap();
    assert_eq!(person["membership"][0]["role"], "Mitglied");

    // The invitation: shown at accessUrl, saved at downloadUrl.
    let file = &meeting["invitation"];
    let access = file["accessUrl"]
        .as_str()
        .unwrap()
        .strip_prefix(WEB)
        .unwrap();
    let (response, body) = get_as(&app, access, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body.starts_with("%PDF"));
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("inline"), "{disposition}");
    let download = file["downloadUrl"]
        .as_str()
        .unwrap()
        .strip_prefix(WEB)
        .unwrap();
    let (response, _) = get_as(&app, download, None).await;
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename="),
        "{disposition}"
    );
}

#[tokio::test]
async fn filters_pages_bad_input_and_deleted_objects() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (meeting, item, _) = publish_a_meeting(&app).await;
    let body = committees::default_id(&app.db).await.unwrap();
    let papers = format!("/oparl/v1/body/{body}/papers");

    // Pages of one, the filter carried into every link, to the end and beyond.
    let since = "2000-01-01T00:00:00+01:00";
    let first = fetch(&app, &format!("{papers}?created_since={since}&limit=1")).await;
    let total = first["pagination"]["totalElements"].as_u64().unwrap();
    assert!(total >= 3, "three public demands and the topic: {first}");
    let mut next = first["links"]["next"].as_str().unwrap().to_owned();
    assert!(
        next.contains("created_since=2000-01-01T00%3A00%3A00%2B01%3A00")
            && next.contains("limit=1"),
        "{next}"
    );
    let mut ids = BTreeSet::from([first["data"][0]["id"].as_str().unwrap().to_owned()]);
    loop {
        let page = fetch(&app, &next).await;
        assert_eq!(page["data"].as_array().unwrap().len(), 1);
        ids.insert(page["data"][0]["id"].as_str().unwrap().to_owned());
        match page["links"]["next"].as_str() {
            Some(url) => next = url.to_owned(),
            None => break,
        }
    }
    assert_eq!(
        ids.len() as u64,
        total,
        "every paper once, in a stable order"
    );
    let beyond = fetch(&app, &format!("{papers}?page={}", total + 5)).await;
    assert_eq!(beyond["data"], serde_json::json!([]));
    assert!(beyond["links"].get("next").is_none());
    let future = fetch(
        &app,
        &format!("{papers}?created_since=2999-01-01T00:00:00%2B01:00"),
    )
    .await;
    assert_eq!(future["pagination"]["totalElements"], 0);

    // Bad values: 400 with an OParl error naming the parameter.
    for query in [
        "created_since=gestern",
        "modified_until=2026-02-30T00:00:00%2B01:00",
        "limit=0",
        "omit_internal=vielleicht",
        "page=x",
    ] {
        let (response, text) = get_as(&app, &format!("{papers}?{query}"), None).await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{query}: {text}"
        );
        let error: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(error["type"], "https://schema.oparl.org/1.1/Error");
        let name = query.split('=').next().unwrap();
        assert_eq!(error["debug"], name);
    }
    let (response, _) = get_as(&app, "/oparl/v1/meeting/0012", None).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "one spelling per object"
    );

    // omit_internal leaves the embedded items out of the meeting list.
    let meetings = fetch(
        &app,
        &format!("/oparl/v1/body/{body}/meetings?omit_internal=true"),
    )
    .await;
    assert!(meetings["data"][0].get("agendaItem").is_none());

    // Deleted: the item leaves the agenda, the person withdraws consent.
    let before = chrono::Utc::now() - chrono::Duration::minutes(1);
    let since = gremium::domain::oparl::format_date_time(before).replace('+', "%2B");
    let (_, chair) = actor(&app, "vorsitz@gremium.example").await;
    let (_, version) = agenda::items(&app.db, meeting).await.unwrap();
    agenda::remove(&app.db, meeting, version, item, &chair)
        .await
        .unwrap();
    let (kiel_id, kiel) = actor(&app, "kiel@gremium.example").await;
    let settings = users::preferences(&app.db, kiel_id).await.unwrap();
    users::set_preferences(
        &app.db,
        kiel_id,
        &Preferences {
            publish: false,
            ..settings
        },
        &kiel,
    )
    .await
    .unwrap();
    let gone = fetch(&app, &format!("/oparl/v1/agenda-item/{item}")).await;
    assert_eq!(gone["deleted"], true);
    assert_eq!(check(&gone), Vec::<String>::new());
    let person = fetch(&app, &format!("/oparl/v1/person/{kiel_id}")).await;
    assert_eq!(person["deleted"], true);
    assert!(person.get("name").is_none(), "nothing but the tombstone");
    let items = fetch(&app, &format!("/oparl/v1/body/{body}/agenda-items")).await;
    assert!(
        !items.to_string().contains("\"deleted\":true"),
        "deleted objects only for modified_since"
    );
    let changes = fetch(
        &app,
        &format!("/oparl/v1/body/{body}/agenda-items?modified_since={since}"),
    )
    .await;
    assert!(
        changes["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == format!("{ROOT}/agenda-item/{item}") && o["deleted"] == true),
        "{changes}"
    );
    let people = fetch(
        &app,
        &format!("/oparl/v1/body/{body}/people?modified_since={since}"),
    )
    .await;
    assert_eq!(people["data"][0]["deleted"], true, "{people}");
    let memberships = fetch(
        &app,
        &format!("/oparl/v1/body/{body}/memberships?modified_since={since}"),
    )
    .await;
    assert!(
        memberships["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["deleted"] == true),
        "{memberships}"
    );
}
