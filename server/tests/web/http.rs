//! The axum router end to end, without a socket: real SQLite database with the demo register,
//! real server-side rendering.

use crate::support::{app, get, send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

/// The first link to an organization's page in a rendered list.
fn first_detail_link(html: &str) -> String {
    let start = html.find("href=\"/organisationen/").expect("a detail link") + 6;
    let end = start + html[start..].find('"').expect("closing quote");
    html[start..end].to_owned()
}

#[tokio::test]
async fn health_reports_the_database_and_fails_when_it_is_gone() {
    let app = app().await;
    let (response, body) = get(&app, "/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let backend = match app.db.backend() {
        gremium::store::Backend::Sqlite => "\"sqlite\"",
        gremium::store::Backend::Postgres => "\"postgres\"",
    };
    assert!(body.contains(backend), "{body}");

    app.db.close().await;
    let (response, _) = get(&app, "/healthz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn without_the_database_every_surface_says_503_and_why() {
    let app = app().await;
    let member =
        crate::support::login(&app, "kiel@gremium.example", crate::support::DEMO_PASSWORD).await;
    app.db.close().await;
    // A signed-in reader too: the login session cannot be read either.
    let (response, html) = crate::support::get_as(&app, "/bedarfe", Some(&member)).await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "signed in: {html}"
    );
    let page = |uri: &'static str| {
        Request::get(uri)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap()
    };
    for uri in ["/bedarfe", "/sitzungen", "/organisationen?q=kiel"] {
        let (response, html) = send(&app, page(uri)).await;
        assert_eq!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {html}"
        );
        assert!(
            html.contains("Vorübergehend nicht erreichbar"),
            "{uri} says why: {html}"
        );
    }
    let (response, body) = get(&app, "/api/v1/demands").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("nicht-erreichbar"), "{body}");
    for uri in [
        gremium_server::http::calendar::PUBLIC_FEED_PATH,
        gremium_server::http::feeds::DEMANDS_FEED_PATH,
    ] {
        let (response, _) = get(&app, uri).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(response.headers()[header::RETRY_AFTER], "30", "{uri}");
    }
    let (response, body) = get(&app, gremium_server::http::oparl::BODIES_PATH).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{body}");
}

/// Another process holds the SQLite file's write lock (a backup tool, a stuck script): writes
/// wait the busy timeout and then answer 503 with the reason, never a 500 or a panic; reads
/// go on (WAL); once the lock is gone the same write is taken.
#[tokio::test]
async fn a_locked_sqlite_file_refuses_writes_with_503_and_still_serves_reads() {
    use sqlx::Connection;
    let app = crate::support::sqlite_app().await;
    let member =
        crate::support::login(&app, "kiel@gremium.example", crate::support::DEMO_PASSWORD).await;
    let mut other = sqlx::SqliteConnection::connect(&app.database_url)
        .await
        .expect("a second connection");
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut other)
        .await
        .expect("the write lock");

    let (response, html) = get(&app, "/bedarfe").await;
    assert_eq!(response.status(), StatusCode::OK, "reads go on: {html}");
    let raise = crate::support::form(&[
        ("title", "Gesperrte Datei"),
        ("problem", "Die Datenbank ist gesperrt."),
        ("outcome", "Eine klare Antwort."),
        ("category", "2"),
        ("tags", ""),
        ("urgency", "low"),
        ("links", ""),
        ("public", "on"),
    ]);
    let (response, body) =
        crate::support::post_form(&app, "/api/bedarfe/neu", &raise, Some(&member)).await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a write while locked: {body}"
    );

    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("unlock");
    let (response, body) =
        crate::support::post_form(&app, "/api/bedarfe/neu", &raise, Some(&member)).await;
    crate::support::assert_done(&response, &body);
}

#[tokio::test]
async fn searching_kiel_lists_kiel_and_its_page_shows_the_land() {
    let app = app().await;
    let (response, html) = get(&app, "/organisationen?q=kiel").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains("<html lang=\"de\""), "German by default");
    assert!(html.contains("Kiel, Landeshauptstadt"));
    assert!(!html.contains("Köln"), "only matches are listed");

    // Kiel is listed twice, as kreisfreie Stadt (Kreis, listed first) and as Gemeinde: the row
    // with the Gemeinde's key.
    let row = html
        .find(r#"<td class="key">01002000</td>"#)
        .expect("the Gemeinde's row");
    let (response, html) = get(
        &app,
        &first_detail_link(&html[..row][html[..row].rfind("<tr").expect("its row")..]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains("<h1>Kiel, Landeshauptstadt</h1>"), "{html}");
    assert!(html.contains("Schleswig-Holstein"));
    assert!(html.contains("01002000"), "the AGS");
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let app = app().await;
    // Five Länder in the demo register; filtered by kind only they are listed.
    let (_, html) = get(&app, "/organisationen?art=land").await;
    for land in [
        "Schleswig-Holstein",
        "Nordrhein-Westfalen",
        "Hessen",
        "Bayern",
        "Brandenburg",
    ] {
        assert!(html.contains(land), "{land} missing");
    }
    assert!(!html.contains("Unterhaching"));
    // Umlauts folded: "muenchen" finds München.
    let (_, html) = get(&app, "/organisationen?q=muenchen&art=gemeinde").await;
    assert!(html.contains("München, Landeshauptstadt"));
    assert!(!html.contains("Unterhaching"));
}

#[tokio::test]
async fn unknown_pages_and_organizations_are_404() {
    let app = app().await;
    for uri in [
        "/gibt-es-nicht",
        "/organisationen/999999",
        "/organisationen/abc",
    ] {
        let (response, html) = get(&app, uri).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert!(
            html.contains("nicht gefunden"),
            "{uri}: a German explanation"
        );
    }
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let app = app().await;
    let (response, _) = get(&app, "/").await;
    let headers = response.headers();
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap_or_default()
            .contains("frame-ancestors 'none'")
    );
    assert!(headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn the_language_switch_sets_the_cookie_and_returns_to_the_page() {
    let app = app().await;
    let request = Request::post("/sprache")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("lang=en&zurueck=%2Forganisationen%3Fq%3Dkiel"))
        .expect("request");
    let (response, _) = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/organisationen?q=kiel"
    );
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("i18n_pref_locale=en"), "{cookie}");

    let cookie_pair = cookie.split(';').next().expect("name=value").to_owned();
    let request = Request::get("/organisationen?q=kiel")
        .header(header::COOKIE, cookie_pair)
        .body(Body::empty())
        .expect("request");
    let (_, html) = send(&app, request).await;
    assert!(
        html.contains("<html lang=\"en\""),
        "English after the switch"
    );
    assert!(html.contains("Organizations"));

    // A foreign redirect target is never followed.
    let request = Request::post("/sprache")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("lang=de&zurueck=https%3A%2F%2Fevil.example"))
        .expect("request");
    let (response, _) = send(&app, request).await;
    assert_eq!(response.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn the_list_is_paginated_on_the_server_keeping_the_filters() {
    let app = app().await;
    // The demo register plus the seeded bodies are more than one page of 25.
    let (_, first) = get(&app, "/organisationen").await;
    assert!(
        first.contains("href=\"/organisationen?seite=2\""),
        "a link to page 2"
    );
    let (response, second) = get(&app, "/organisationen?seite=2").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(first_detail_link(&first), first_detail_link(&second));
    assert!(second.contains("rel=\"prev\""));

    let (_, html) = get(&app, "/organisationen?q=stadt&art=gemeinde").await;
    assert!(
        !html.contains("seite=2"),
        "one page of matches needs no pager"
    );
}

#[tokio::test]
async fn the_list_narrowed_to_a_parent_names_it_and_offers_the_way_back() {
    let app = app().await;
    let (_, html) = get(&app, "/organisationen?q=rendsburg-eckern&art=kreis").await;
    let kreis = first_detail_link(&html);
    let kreis_id = kreis.rsplit('/').next().expect("an id");
    let (response, html) = get(&app, &format!("/organisationen?in={kreis_id}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains("Nur Untergliederungen von"), "{html}");
    assert!(
        html.contains("Rendsburg, Stadt"),
        "the Kreis's municipality is listed"
    );
    assert!(
        !html.contains("Kiel, Landeshauptstadt"),
        "nothing outside the Kreis"
    );
}

#[tokio::test]
async fn the_list_server_function_answers_an_empty_query() {
    let app = app().await;
    for body in [r#"{"query":{}}"#, r#"{"query":{"q":"kiel","seite":"1"}}"#] {
        let request = Request::post("/api/organisationen/liste")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request");
        let (response, json) = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::OK, "{body}: {json}");
        assert!(json.contains("\"total\""), "{json}");
    }
}
