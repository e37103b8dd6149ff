//! Hostile input over HTTP, as property tests: any query string on the lists, feeds, exports,
//! the REST API and OParl, and any form body on the server functions gets an answer — a 2xx,
//! a redirect or a 4xx that says what was refused — and never a 5xx.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use axum::http::StatusCode;
use proptest::prelude::*;

use crate::support::{DEMO_PASSWORD, TestApp, app, get, get_as, login, post_form};

/// Text with what breaks decoders: markup, quotes, delimiters, huge and negative numbers,
/// dates that are not, control characters.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "-?[0-9]{1,25}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:]{0,12}(Z|[+-][0-9:]{0,6})?)?",
        "[<>\"'&;,=?#%/\\\\ a-zA-Z0-9äöüß\u{0}\u{202e}]{0,80}",
        Just(String::new()),
    ]
}

/// A query string or form body: real parameter names and invented ones, with hostile values.
fn hostile_pairs() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "seite",
            "q",
            "status",
            "land",
            "klasse",
            "kategorie",
            "sortierung",
            "page",
            "per_page",
            "modified_since",
            "modified_until",
            "created_since",
            "created_until",
            "limit",
            "since",
            "id",
            "version",
            "to",
            "title",
            "problem",
            "outcome",
            "category",
            "tags",
            "urgency",
            "links",
            "public",
            "meeting",
            "minutes",
            "reason",
            "comment",
            "merge_into",
            "trennzeichen",
            "monat",
            "jahr",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,12}",
    ];
    proptest::collection::vec((name, hostile_value()), 0..8)
        .prop_map(|pairs| serde_urlencoded::to_string(pairs).unwrap())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The OParl lists of the first body, as paths.
async fn oparl_lists(app: &TestApp) -> Vec<String> {
    let (_, body) = get(app, gremium_server::http::oparl::BODIES_PATH).await;
    let bodies: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = &bodies["data"][0];
    ["paper", "meeting", "organization", "person"]
        .iter()
        .filter_map(|list| first[*list].as_str())
        .map(|url| {
            let start = url.find("/oparl/").unwrap();
            url[start..].to_owned()
        })
        .collect()
}

#[test]
fn any_query_string_gets_an_answer_never_a_5xx() {
    let runtime = runtime();
    let (app, member, mut paths) = runtime.block_on(async {
        let app = app().await;
        let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
        let paths = oparl_lists(&app).await;
        (app, member, paths)
    });
    assert!(paths.len() >= 3, "OParl lists to try: {paths:?}");
    paths.extend(
        [
            "/api/v1/demands",
            gremium_server::http::oparl::BODIES_PATH,
            "/bedarfe",
            "/organisationen",
            "/sitzungen",
            "/sitzungen/monat",
            "/unsere-bedarfe",
            gremium_server::http::demands::CSV_PATH,
            gremium_server::http::feeds::DEMANDS_FEED_PATH,
            gremium_server::http::feeds::DECISIONS_FEED_PATH,
            gremium_server::http::calendar::PUBLIC_FEED_PATH,
        ]
        .map(str::to_owned),
    );
    let paths = std::sync::Arc::new(paths);
    proptest!(config(), |(which in 0usize..64, query in hostile_pairs(), signed_in: bool)| {
        let path = &paths[which % paths.len()];
        let uri = format!("{path}?{query}");
        let cookie = signed_in.then_some(member.as_str());
        let (response, body) = runtime.block_on(get_as(&app, &uri, cookie));
        let status = response.status();
        prop_assert!(
            !status.is_server_error(),
            "{uri}: {status} {}",
            body.chars().take(300).collect::<String>()
        );
    });
}

#[test]
fn any_form_body_on_a_server_function_is_refused_or_taken_never_a_5xx() {
    let runtime = runtime();
    let (app, member, chair) = runtime.block_on(async {
        let app = app().await;
        let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
        let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
        (app, member, chair)
    });
    let endpoints = [
        "/api/bedarfe/neu",
        "/api/bedarfe/aendern",
        "/api/bedarfe/mitzeichnen",
        "/api/bedarfe/status",
        "/api/bedarfe/folgen",
        "/api/themen/neu",
        "/api/themen/annehmen",
        "/api/konto/einstellungen-speichern",
        "/api/passwort/vergessen",
        "/api/anmelden",
    ];
    proptest!(config(), |(which in 0usize..64, body in hostile_pairs(), as_chair: bool)| {
        let endpoint = endpoints[which % endpoints.len()];
        let cookie = if as_chair { &chair } else { &member };
        let (response, text) = runtime.block_on(post_form(&app, endpoint, &body, Some(cookie)));
        let status = response.status();
        prop_assert!(
            !status.is_server_error(),
            "{endpoint} {body}: {status} {}",
            text.chars().take(300).collect::<String>()
        );
        prop_assert!(
            status.is_success() || status.is_client_error() || status.is_redirection(),
            "{endpoint}: {status}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            prop_assert!(text.contains("Invalid"), "a refusal names its fields: {text}");
        }
    });
}
