//! Snapshots (insta) of what outside clients parse: one OParl object of every type, the REST
//! demand list and one demand, the public iCalendar feed and the CSV export. A change to any of
//! them shows as a diff to review (`cargo insta review`, or accept with `INSTA_UPDATE=always`).
//!
//! The demo data is dated relative to today, so dates, times, years, month names and generated
//! identifiers are masked; everything else — keys, order, texts, links — is pinned.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::Value;

use crate::oparl::{crawl, publish_a_meeting};
use crate::support::{app_with, call_api, get};

const WEB: &str = "https://gremium.example";

/// Masks what moves with the calendar; the rest of the text is compared as is.
fn masked() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    for (pattern, mask) in [
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
            "[zeit]",
        ),
        (r"\d{8}T\d{6}Z?", "[zeit]"),
        (r"\d{4}-\d{2}-\d{2}", "[datum]"),
        (r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b", "[datum]"),
        (
            r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b",
            "[datum]",
        ),
        (
            r"\b(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b",
            "[monat]",
        ),
        (
            r"\b(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b",
            "[tag]",
        ),
        (r"\b20\d{2}\b", "[jahr]"),
        (r"\b\d{1,2}:\d{2}\b", "[uhr]"),
        (r"UID:[^\r\n]+", "UID:[uid]"),
        // The demo's agenda items depend on today's date (how many of a series' meetings lie
        // ahead), so the ids of the items added after it do too.
        (r"/agenda-item/\d+", "/agenda-item/[id]"),
        (r"/consultation/\d+-", "/consultation/[id]-"),
    ] {
        settings.add_filter(pattern, mask);
    }
    settings
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// Keeps the first element of every array: how many meetings or years there are depends on
/// today's date, the shape of an element does not.
fn first_of_each_list(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.truncate(1);
            items.iter_mut().for_each(first_of_each_list);
        }
        Value::Object(map) => map.values_mut().for_each(first_of_each_list),
        _ => {}
    }
}

#[tokio::test]
async fn oparl_objects_of_every_type() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    publish_a_meeting(&app).await;
    let answers = crawl(&app).await;
    // The first object of each type, by URL: a stable pick from a stable crawl.
    let mut first: BTreeMap<String, Value> = BTreeMap::new();
    for (url, value) in &answers {
        if value.get("data").is_some() {
            continue;
        }
        let kind = value["type"].as_str().unwrap().to_owned();
        first.entry(kind).or_insert_with(|| {
            assert_eq!(value["id"].as_str(), Some(url.as_str()));
            let mut value = value.clone();
            first_of_each_list(&mut value);
            value
        });
    }
    assert!(first.len() >= 10, "{:?}", first.keys());
    masked().bind(|| {
        for (kind, object) in &first {
            let name = kind.rsplit('/').next().unwrap();
            insta::assert_snapshot!(format!("oparl_{name}"), pretty(object));
        }
    });
}

#[tokio::test]
async fn rest_demand_list_and_one_demand() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (response, list) = call_api(&app, "GET", "/api/v1/demands", "", None, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{list}");
    let list: Value = serde_json::from_str(&list).unwrap();
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (response, one) = call_api(
        &app,
        "GET",
        &format!("/api/v1/demands/{id}"),
        "",
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{one}");
    let one: Value = serde_json::from_str(&one).unwrap();
    masked().bind(|| {
        insta::assert_snapshot!("rest_demand_list", pretty(&list));
        insta::assert_snapshot!("rest_demand", pretty(&one));
    });
}

#[tokio::test]
async fn public_calendar_feed() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (response, feed) = get(&app, "/kalender/oeffentlich.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    // The calendar and its first event: how many follow depends on today's date.
    let feed = feed.replace("\r\n", "\n");
    let first = feed.find("END:VEVENT\n").unwrap() + "END:VEVENT\n".len();
    let shown = format!("{}END:VCALENDAR\n", &feed[..first]);
    assert!(feed.ends_with("END:VCALENDAR\n"), "{feed}");
    masked().bind(|| insta::assert_snapshot!("ical_public_feed", shown));
}

#[tokio::test]
async fn demand_csv_export() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (response, csv) = get(&app, "/bedarfe.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    masked().bind(|| insta::assert_snapshot!("csv_demands", csv.replace("\r\n", "\n")));
}
