//! Atom feeds read by a feed parser (feed-rs): new public decisions and status changes of public
//! demands, all and per Themenfeld and organization; nothing internal; bad filters refused.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use axum::http::{StatusCode, header};
use gremium::domain::decisions::{DecisionDraft, DecisionKind};
use gremium::store::{decisions, demands, live};

use crate::oparl::{actor, publish_a_meeting};
use crate::support::{TestApp, app_with, get_as};

const WEB: &str = "https://gremium.example";

async fn parse(app: &TestApp, uri: &str) -> feed_rs::model::Feed {
    let (response, body) = get_as(app, uri, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}: {body}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{uri}");
    assert!(feed.links.iter().any(|l| l.rel.as_deref() == Some("self")));
    feed
}

#[tokio::test]
async fn feed_readers_get_public_decisions_and_demand_changes() {
    let app = app_with(&[("GREMIUM_PUBLIC_URL", WEB)], false).await;
    let (meeting, item, secret) = publish_a_meeting(&app).await;
    let (_, chair) = actor(&app, "vorsitz@gremium.example").await;
    let state = live::state(&app.db, meeting).await.unwrap();
    live::go_to(&app.db, meeting, state.version, item, &chair)
        .await
        .unwrap();
    let draft = |text: &str| DecisionDraft {
        kind: DecisionKind::Resolution,
        text: text.into(),
        votes: None,
    };
    let public = decisions::create(
        &app.db,
        meeting,
        item,
        &draft("Die Schnittstelle wird gebaut."),
        None,
        &chair,
    )
    .await
    .unwrap();
    decisions::create(
        &app.db,
        meeting,
        secret,
        &draft("Geheime Personalsache"),
        None,
        &chair,
    )
    .await
    .unwrap();

    let feed = parse(&app, "/beschluesse.atom").await;
    assert_eq!(feed.entries.len(), 1, "only the public item's decision");
    let entry = &feed.entries[0];
    assert_eq!(entry.id, format!("{WEB}/beschluesse/{}", public.id));
    assert!(
        entry
            .title
            .as_ref()
            .unwrap()
            .content
            .starts_with("Beschluss ")
    );
    assert_eq!(
        entry.content.as_ref().unwrap().body.as_deref(),
        Some("Die Schnittstelle wird gebaut.")
    );
    let (_, body) = get_as(&app, "/beschluesse.atom", None).await;
    assert!(!body.contains("Geheime"));

    // The demo has a demand in review (a status change); the internal demand never shows.
    let feed = parse(&app, "/bedarfe.atom").await;
    assert!(!feed.entries.is_empty());
    let first = &feed.entries[0];
    assert!(
        first
            .title
            .as_ref()
            .unwrap()
            .content
            .contains("→ in Prüfung"),
        "{first:?}"
    );
    let demand: i64 = first.links[0]
        .href
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let reviewed = demands::get(&app.db, demand).await.unwrap();
    assert!(reviewed.public);
    let category = parse(
        &app,
        &format!("/bedarfe.atom?themenfeld={}", reviewed.category.id),
    )
    .await;
    assert!(category.entries.iter().any(|e| e.id == first.id));
    let raiser = parse(
        &app,
        &format!("/bedarfe.atom?organisation={}", reviewed.organization_id),
    )
    .await;
    assert!(raiser.entries.iter().any(|e| e.id == first.id));
    let elsewhere = parse(&app, "/bedarfe.atom?organisation=1").await;
    assert!(elsewhere.entries.iter().all(|e| e.id != first.id));
    let (response, _) = get_as(&app, "/bedarfe.atom?themenfeld=abc", None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}
