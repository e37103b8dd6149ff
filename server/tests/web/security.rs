//! Sign-in, sessions and request security through the router.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use crate::support::{
    DEMO_PASSWORD, app, app_with, assert_done, get, get_as, login, post_form, send, session_cookie,
    table_rows,
};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gremium::domain::audit::{AuditFilter, action};
use gremium::domain::page::PageRequest;

const KARL: &str = "kiel@gremium.example";
const ADA: &str = "admin@gremium.example";

#[tokio::test]
async fn signing_in_starts_a_session_and_signing_out_ends_it() {
    let app = app().await;
    let (_, body) = post_form(&app, "/api/konto/ich", "", None).await;
    assert_eq!(body, "null", "the public is nobody");

    let cookie = login(&app, KARL, DEMO_PASSWORD).await;
    let (_, body) = post_form(&app, "/api/konto/ich", "", Some(&cookie)).await;
    assert!(body.contains("\"display_name\":\"Karl Kiel\""), "{body}");

    let (response, html) = get_as(&app, "/gremium", Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        html.contains("Karl Kiel") && html.contains("Städte"),
        "members page"
    );
    assert_eq!(
        response.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store",
        "personal pages are not cached"
    );

    let (response, _) = post_form(&app, "/api/abmelden", "", Some(&cookie)).await;
    assert!(response.status().is_success());
    let (_, body) = post_form(&app, "/api/konto/ich", "", Some(&cookie)).await;
    assert_eq!(body, "null", "the old cookie no longer signs in");
    let (response, _) = get_as(&app, "/gremium", Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_new_session_id_is_issued_at_sign_in() {
    let app = app().await;
    // Signing in again from a signed-in session also gets a new id.
    let first = login(&app, KARL, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    let (response, _) = post_form(&app, "/api/anmelden", &body, Some(&first)).await;
    let second = session_cookie(&response).expect("a new cookie");
    assert_ne!(first, second, "session fixation: the id changes at sign-in");
}

#[tokio::test]
async fn wrong_passwords_get_one_generic_answer_and_are_slowed_and_logged() {
    let app = app_with(&[("GREMIUM_AUTH_RATE_PER_MINUTE", "1000")], false).await;
    let wrong =
        serde_urlencoded::to_string([("email", KARL), ("password", "falsches passwort")]).unwrap();
    let unknown =
        serde_urlencoded::to_string([("email", "niemand@kiel.de"), ("password", "x")]).unwrap();
    let (r1, b1) = post_form(&app, "/api/anmelden", &wrong, None).await;
    let (r2, b2) = post_form(&app, "/api/anmelden", &unknown, None).await;
    assert_eq!(r1.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r2.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        b1.replace(KARL, "…"),
        b2.replace("niemand@kiel.de", "…"),
        "no hint whether the account exists"
    );

    let mut statuses = Vec::new();
    for _ in 0..19 {
        let (response, _) = post_form(&app, "/api/anmelden", &wrong, None).await;
        statuses.push(response.status());
    }
    // Five free attempts, then each failure makes the next attempt wait (1 s, 2 s, 4 s …): how
    // many of the later ones fall inside a wait depends on the machine's speed, so the test
    // counts instead of expecting each answer.
    assert!(
        statuses[..4].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    let failed = 1 + statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(failed + throttled, 20, "{statuses:?}");
    assert!(throttled >= 10, "most attempts wait: {statuses:?}");
    // After twelve failures the wait is minutes: even the right password waits now.
    let guesser = gremium::domain::audit::Actor::system();
    for _ in failed..12 {
        gremium::store::users::record_login_failure(&app.db, KARL, "", false, &guesser)
            .await
            .unwrap();
    }
    let right =
        serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    let (response, _) = post_form(&app, "/api/anmelden", &right, None).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);

    let log = |action: &str| {
        let db = app.db.clone();
        let action = action.to_owned();
        async move {
            gremium::store::audit::list(
                &db,
                &AuditFilter {
                    action: Some(action),
                    actor: Some(KARL.into()),
                },
                PageRequest::new(None, None),
            )
            .await
            .unwrap()
            .total
        }
    };
    assert_eq!(
        log(action::LOGIN_FAILED).await,
        u64::try_from(failed).unwrap()
    );
    assert_eq!(
        log(action::LOGIN_THROTTLED).await,
        u64::try_from(throttled).unwrap() + 1
    );
}

#[tokio::test]
async fn sign_in_requests_are_rate_limited_per_address() {
    let app = app().await;
    let wrong = serde_urlencoded::to_string([("email", "a@kiel.de"), ("password", "x")]).unwrap();
    let mut limited = None;
    for attempt in 1..=12 {
        let (response, _) = post_form(&app, "/api/anmelden", &wrong, None).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS
            && response.headers().contains_key(header::RETRY_AFTER)
        {
            limited = Some(attempt);
            break;
        }
    }
    assert_eq!(limited, Some(11), "ten per minute, then Retry-After");
}

/// The README's limits on the reset and invitation endpoints: together they take ten requests
/// per minute and client address, whatever each answers, then 429 with `Retry-After` — so
/// neither a flood of reset mails nor a guess at invitation or reset tokens runs unchecked.
#[tokio::test]
async fn reset_and_invitation_requests_are_rate_limited_per_address() {
    let app = app().await;
    let requests = [
        ("/api/passwort/vergessen", "email=karl%40kiel.de"),
        ("/api/einladung/info", "token=grm_geraten"),
        (
            "/api/passwort/neu",
            "token=grm_geraten&password=x&confirm=x",
        ),
    ];
    let mut answers = Vec::new();
    for (path, body) in requests.iter().cycle().take(10) {
        let (response, _) = post_form(&app, path, body, None).await;
        answers.push((*path, response.status()));
    }
    assert!(
        answers
            .iter()
            .all(|(_, status)| *status != StatusCode::TOO_MANY_REQUESTS),
        "the first ten are answered: {answers:?}"
    );
    for (path, body) in requests {
        let (response, _) = post_form(&app, path, body, None).await;
        assert_eq!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{path}: the eleventh request waits"
        );
        assert!(
            response.headers().contains_key(header::RETRY_AFTER),
            "{path}"
        );
    }
}

/// The staff of a town hall share one address: their successful sign-ins do not use up the
/// address's quota, only failures do.
#[tokio::test]
async fn only_failed_sign_ins_count_against_an_address() {
    let app = app().await;
    let right =
        serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    for attempt in 1..=15 {
        let (response, text) = post_form(&app, "/api/anmelden", &right, None).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "sign-in {attempt}: {} {text}",
            response.status()
        );
    }
    // Ten guesses at ten addresses (so no account's own throttle answers first).
    for guess in 0..10 {
        let email = format!("raten{guess}@kiel.de");
        let wrong =
            serde_urlencoded::to_string([("email", email.as_str()), ("password", "x")]).unwrap();
        let (response, _) = post_form(&app, "/api/anmelden", &wrong, None).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let (response, _) = post_form(&app, "/api/anmelden", &right, None).await;
    assert_eq!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "ten failures block the address for a while, whatever comes next"
    );

    // Every attempt, successful or not, still counts against a ten times larger quota: a burst
    // cannot run unchecked. At one failure a minute: ten sign-ins, then a wait.
    let strict = app_with(&[("GREMIUM_AUTH_RATE_PER_MINUTE", "1")], false).await;
    for attempt in 1..=10 {
        let (response, _) = post_form(&strict, "/api/anmelden", &right, None).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "sign-in {attempt}: {}",
            response.status()
        );
    }
    let (response, _) = post_form(&strict, "/api/anmelden", &right, None).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = app().await;
    let body = serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let request = Request::post("/api/anmelden")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(name, value)
            .body(Body::from(body.clone()))
            .unwrap();
        let (response, text) = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {text}");
        assert!(session_cookie(&response).is_none());
    }
    let same_site = Request::post("/api/anmelden")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let (response, _) = send(&app, same_site).await;
    assert!(response.status().is_success());
}

#[tokio::test]
async fn pages_carry_a_csp_with_the_nonce_of_their_scripts() {
    let app = app().await;
    let (response, html) = get(&app, "/").await;
    let policy = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .expect("CSP")
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16);
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries it"
    );
    assert!(!policy.contains("unsafe-inline"));
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    let (again, _) = get(&app, "/").await;
    assert_ne!(
        again
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap(),
        policy,
        "a fresh nonce per response"
    );
    // No HSTS over plain http; with an https public address it is sent.
    assert!(
        response
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let https = app_with(
        &[("GREMIUM_PUBLIC_URL", "https://gremium.example.org")],
        false,
    )
    .await;
    let (response, _) = get(&https, "/").await;
    assert!(
        response
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_some()
    );
    assert!(
        response
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .is_some(),
        "and the cookie is then __Host- prefixed and Secure"
    );
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix() {
    let app = app_with(
        &[("GREMIUM_PUBLIC_URL", "https://gremium.example.org")],
        false,
    )
    .await;
    let body = serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    let (response, _) = post_form(&app, "/api/anmelden", &body, None).await;
    let set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("__Host-gremium="))
        .expect("__Host- cookie");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Domain="), "{set_cookie}");
}

#[tokio::test]
async fn an_invited_person_sets_a_password_and_is_signed_in() {
    let app = app().await;
    let admin = login(&app, ADA, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([
        ("email", "neu@kiel.de"),
        ("display_name", "Nora Neu"),
        ("organization", "Kiel, Landeshauptstadt"),
    ])
    .unwrap();
    let (response, _) = post_form(&app, "/api/admin/einladen", &body, Some(&admin)).await;
    assert!(response.status().is_success());
    // Without SMTP the admin is sent to a page that shows the link once; the link is never
    // in a URL.
    let location = response
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(location, "/admin/einladen?eingeladen=neu%40kiel.de");
    let (_, fresh) = post_form(
        &app,
        "/api/admin/einladung-link",
        "email=neu%40kiel.de",
        Some(&admin),
    )
    .await;
    let fresh: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    assert_eq!(fresh["email"], "neu@kiel.de");
    let link = fresh["link"].as_str().unwrap().to_owned();
    // Only to the admin who invited, only for the address invited last.
    let (_, other) = post_form(
        &app,
        "/api/admin/einladung-link",
        "email=andere%40kiel.de",
        Some(&admin),
    )
    .await;
    assert_eq!(other, "null");
    let second_admin = login(&app, ADA, DEMO_PASSWORD).await;
    let (_, elsewhere) = post_form(
        &app,
        "/api/admin/einladung-link",
        "email=neu%40kiel.de",
        Some(&second_admin),
    )
    .await;
    assert_eq!(elsewhere, "null", "another session never gets it");
    let token = url_param(&link, "t");

    let (response, html) = get(&app, &format!("/einladung?t={token}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains("Nora Neu"), "greets the invitee");

    let weak = serde_urlencoded::to_string([
        ("token", token.as_str()),
        ("password", "passwort1234"),
        ("password_repeat", "passwort1234"),
    ])
    .unwrap();
    let (response, text) = post_form(&app, "/api/einladung/annehmen", &weak, None).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("password_common"), "{text}");

    let good = serde_urlencoded::to_string([
        ("token", token.as_str()),
        ("password", "Förde, Leuchtturm und Regen"),
        ("password_repeat", "Förde, Leuchtturm und Regen"),
    ])
    .unwrap();
    let (response, _) = post_form(&app, "/api/einladung/annehmen", &good, None).await;
    assert!(response.status().is_success());
    let cookie = session_cookie(&response).expect("signed in");
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&cookie)).await;
    assert!(
        me.contains("Nora Neu") && me.contains("Kiel, Landeshauptstadt"),
        "{me}"
    );
    // Single use.
    let (response, _) = post_form(&app, "/api/einladung/annehmen", &good, None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn with_smtp_the_invitation_is_mailed_not_shown() {
    let app = app_with(&[], true).await;
    let admin = login(&app, ADA, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([
        ("email", "post@kiel.de"),
        ("display_name", "Post"),
        ("organization", ""),
    ])
    .unwrap();
    let (response, _) = post_form(&app, "/api/admin/einladen", &body, Some(&admin)).await;
    let location = response
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(!location.contains("link="), "{location}");
    let sent = app.mail().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "post@kiel.de");
    assert!(sent[0].2.contains("/einladung?t="));
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    let app = app().await;
    let karl = login(&app, KARL, DEMO_PASSWORD).await;
    let admin = login(&app, ADA, DEMO_PASSWORD).await;
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&karl)).await;
    let id: serde_json::Value = serde_json::from_str(&me).unwrap();
    let body = format!("user_id={}&disabled=true", id["user_id"]);
    let (response, _) = post_form(&app, "/api/admin/person-sperren", &body, Some(&admin)).await;
    assert!(response.status().is_success());
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&karl)).await;
    assert_eq!(me, "null");
    let retry =
        serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    let (response, _) = post_form(&app, "/api/anmelden", &retry, None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn people_see_and_end_their_own_sessions_only() {
    let app = app().await;
    let laptop = login(&app, KARL, DEMO_PASSWORD).await;
    let phone = login(&app, KARL, DEMO_PASSWORD).await;
    let (_, list) = post_form(&app, "/api/konto/sitzungen", "", Some(&laptop)).await;
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(sessions.len(), 2, "{list}");
    assert!(
        !list.contains(laptop.split('=').nth(1).unwrap()),
        "ids are not revealed"
    );
    let other = sessions.iter().find(|s| s["current"] == false).unwrap();
    let key = other["key"].as_str().unwrap();

    // Someone else cannot end it.
    let ada = login(&app, ADA, DEMO_PASSWORD).await;
    let (response, _) = post_form(
        &app,
        "/api/konto/sitzung-beenden",
        &format!("key={key}"),
        Some(&ada),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let (response, _) = post_form(
        &app,
        "/api/konto/sitzung-beenden",
        &format!("key={key}"),
        Some(&laptop),
    )
    .await;
    assert!(response.status().is_success());
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&phone)).await;
    assert_eq!(me, "null", "the phone is signed out");
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&laptop)).await;
    assert_ne!(me, "null", "the laptop is not");
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = app().await;
    let here = login(&app, KARL, DEMO_PASSWORD).await;
    let elsewhere = login(&app, KARL, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([
        ("current_password", DEMO_PASSWORD),
        ("password", "Holstentor im Morgennebel"),
        ("password_repeat", "Holstentor im Morgennebel"),
    ])
    .unwrap();
    let (response, text) = post_form(&app, "/api/konto/passwort", &body, Some(&here)).await;
    assert!(response.status().is_success(), "{text}");
    let here = session_cookie(&response).unwrap_or(here);
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&here)).await;
    assert_ne!(me, "null");
    let (_, me) = post_form(&app, "/api/konto/ich", "", Some(&elsewhere)).await;
    assert_eq!(me, "null");
}

#[tokio::test]
async fn nothing_secret_is_stored_in_clear_text() {
    let app = app().await;
    let admin = login(&app, ADA, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([
        ("email", "geheim@kiel.de"),
        ("display_name", "G"),
        ("organization", ""),
    ])
    .unwrap();
    post_form(&app, "/api/admin/einladen", &body, Some(&admin)).await;
    // The link waits in the admin's server-side session for ten minutes (the session store is
    // left out of the scan: the link must reach the admin somehow), never in the app's tables.
    let (_, fresh) = post_form(
        &app,
        "/api/admin/einladung-link",
        "email=geheim%40kiel.de",
        Some(&admin),
    )
    .await;
    let fresh: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    let token = url_param(fresh["link"].as_str().unwrap(), "t");
    let reset = serde_urlencoded::to_string([("email", ADA)]).unwrap();
    post_form(&app, "/api/passwort/vergessen", &reset, None).await;

    for (table, rows) in table_rows(&app.db, &["tower_sessions"]).await {
        let text = rows.concat();
        assert!(
            !text.contains(&token),
            "the invitation token is stored in clear in {table}"
        );
        assert!(
            !text.contains(DEMO_PASSWORD),
            "a password is stored in clear in {table}"
        );
    }
}

fn url_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_the_mailed_link_once() {
    let app = app_with(&[], true).await;
    let body = serde_urlencoded::to_string([("email", KARL)]).unwrap();
    let (response, _) = post_form(&app, "/api/passwort/vergessen", &body, None).await;
    assert!(response.status().is_success());
    // Unknown addresses get the same answer and no message.
    let unknown = serde_urlencoded::to_string([("email", "niemand@kiel.de")]).unwrap();
    let (other, _) = post_form(&app, "/api/passwort/vergessen", &unknown, None).await;
    assert_eq!(other.status(), response.status());
    assert_eq!(
        other.headers().get(header::LOCATION),
        response.headers().get(header::LOCATION)
    );
    let sent = app.mail().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, KARL);
    let link = sent[0]
        .2
        .lines()
        .find(|l| l.contains("/passwort/neu?t="))
        .unwrap()
        .trim()
        .to_owned();
    let token = url_param(&link, "t");
    let reset = serde_urlencoded::to_string([
        ("token", token.as_str()),
        ("password", "Regen über der Kieler Förde"),
        ("password_repeat", "Regen über der Kieler Förde"),
    ])
    .unwrap();
    let (response, _) = post_form(&app, "/api/passwort/neu", &reset, None).await;
    assert!(response.status().is_success());
    let (again, _) = post_form(&app, "/api/passwort/neu", &reset, None).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "single use");
    login(&app, KARL, "Regen über der Kieler Förde").await;
    let old = serde_urlencoded::to_string([("email", KARL), ("password", DEMO_PASSWORD)]).unwrap();
    let (response, _) = post_form(&app, "/api/anmelden", &old, None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn concurrent_committee_edits_do_not_overwrite_each_other() {
    let app = app().await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let (_, overview) = post_form(&app, "/api/gremium/mitglieder", "", Some(&chair)).await;
    let overview: serde_json::Value = serde_json::from_str(&overview).unwrap();
    let version = overview["version"].as_i64().unwrap();
    let first = format!(
        "committee_id=1&version={version}&name=Erste+%C3%84nderung&chair_organization=FITKO"
    );
    let (response, text) = post_form(&app, "/api/gremium/bearbeiten", &first, Some(&chair)).await;
    assert!(response.status().is_success(), "{text}");
    // A second editor with the same, now stale, version: 409 and the input comes back.
    let second = format!("committee_id=1&version={version}&name=Zweite&chair_organization=FITKO");
    let (response, text) = post_form(&app, "/api/gremium/bearbeiten", &second, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(text.contains("Zweite"), "the input is kept: {text}");
    let (_, overview) = post_form(&app, "/api/gremium/mitglieder", "", Some(&chair)).await;
    assert!(overview.contains("Erste Änderung"), "{overview}");
}

/// After signing in, `next` is followed only to a path on this site: a tab, line break or
/// backslash (which browsers drop or read as a slash) never makes it `//evil.example`.
#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = app_with(&[("GREMIUM_AUTH_RATE_PER_MINUTE", "100000")], false).await;
    for (next, expected) in [
        ("/%09/evil.example", "/sitzungen"),
        ("/%0A/evil.example", "/sitzungen"),
        ("/%5Cevil.example", "/sitzungen"),
        ("//evil.example", "/sitzungen"),
        ("https://evil.example", "/sitzungen"),
        ("/bedarfe%3Fq%3DAkte", "/bedarfe?q=Akte"),
    ] {
        let body = format!("email=kiel%40gremium.example&password={DEMO_PASSWORD}&next={next}");
        let request = Request::post("/api/anmelden")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(Body::from(body))
            .unwrap();
        let (response, _) = send(&app, request).await;
        assert!(
            response.status().is_redirection(),
            "{next}: {}",
            response.status()
        );
        assert_eq!(
            response.headers().get(header::LOCATION).unwrap(),
            expected,
            "next={next}"
        );
    }
}

/// A demand titled like a spreadsheet formula is exported as text (OWASP CSV injection).
#[tokio::test]
async fn csv_cells_that_look_like_formulas_are_text() {
    let app = app().await;
    let kiel = login(&app, KARL, DEMO_PASSWORD).await;
    let (_, form_data) = post_form(&app, "/api/bedarfe/formular", "", Some(&kiel)).await;
    let form_data: serde_json::Value = serde_json::from_str(&form_data).unwrap();
    let category = form_data["categories"][0]["id"].as_i64().unwrap();
    let title = r#"=HYPERLINK("http://evil.example","x")"#;
    let body = crate::support::form(&[
        ("title", title),
        ("problem", "+1 Problem"),
        ("outcome", "@SUM(A1)"),
        ("category", &category.to_string()),
        ("tags", ""),
        ("links", ""),
        ("urgency", "normal"),
        ("public", "on"),
    ]);
    let (response, text) = post_form(&app, "/api/bedarfe/neu", &body, Some(&kiel)).await;
    assert_done(&response, &text);
    let (response, csv) = get(&app, "/bedarfe.csv?q=HYPERLINK").await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[1].contains("HYPERLINK"))
        .expect("the demand in the export");
    assert_eq!(&row[1], format!("'{title}"));
    assert_eq!(&row[12], "'+1 Problem");
    assert_eq!(&row[13], "'@SUM(A1)");
}

/// Wrong passwords from one address slow down that address only: the person who knows the
/// password signs in from their own address at once (no lockout by anyone who knows the name).
#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_a_person_out() {
    let app = app_with(
        &[
            ("GREMIUM_AUTH_RATE_PER_MINUTE", "1000"),
            ("GREMIUM_TRUST_PROXY", "true"),
        ],
        false,
    )
    .await;
    let attempt = |password: &str, from: &'static str| {
        let body = serde_urlencoded::to_string([("email", KARL), ("password", password)]).unwrap();
        Request::post("/api/anmelden")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            // The client claims an address; the proxy appends the one it saw.
            .header("x-forwarded-for", format!("10.9.9.9, {from}"))
            .body(Body::from(body))
            .unwrap()
    };
    // Twelve wrong passwords from the attacker's address: its next attempt waits minutes.
    for _ in 0..5 {
        let (response, _) = send(&app, attempt("falsches passwort", "203.0.113.66")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let guesser = gremium::domain::audit::Actor::system();
    for _ in 5..12 {
        gremium::store::users::record_login_failure(&app.db, KARL, "203.0.113.66", false, &guesser)
            .await
            .unwrap();
    }
    let (response, _) = send(&app, attempt(DEMO_PASSWORD, "203.0.113.66")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let (response, _) = send(&app, attempt(DEMO_PASSWORD, "198.51.100.7")).await;
    assert!(
        response.status().is_success(),
        "the right password from the person's own address: {}",
        response.status()
    );
    // The attacker's address still waits, even with a different claimed client.
    let (response, _) = send(&app, attempt("noch falscher", "203.0.113.66")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}
