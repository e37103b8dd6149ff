//! The lifetimes the README promises, checked where they are kept: a login session ends after
//! 30 minutes without requests and 12 hours after sign-in, however active; a password-reset link
//! lives 60 minutes and an invitation 7 days.
//!
//! Time is not waited for: the test ages a session through the same session store the server
//! uses, then asks the server who is signed in.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::str::FromStr;

use chrono::{DateTime, Utc};
use gremium::store::sql::query_as;
use gremium_server::login_sessions::AnyStore;
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

use crate::support::{DEMO_PASSWORD, TestApp, app, app_with, login, post_form};

const KARL: &str = "kiel@gremium.example";
const ADA: &str = "admin@gremium.example";

/// Whether the cookie still signs Karl in.
async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let (_, me) = post_form(app, "/api/konto/ich", "", Some(cookie)).await;
    me.contains("Karl Kiel")
}

/// The stored record of the session behind a cookie (`name=id`).
async fn record(store: &AnyStore, cookie: &str) -> Record {
    let id = Id::from_str(cookie.split_once('=').unwrap().1).unwrap();
    store.load(&id).await.unwrap().expect("a stored session")
}

#[tokio::test]
async fn a_login_session_ends_after_30_minutes_without_requests() {
    let app = app().await;
    let store = AnyStore::new(&app.db).await.unwrap();
    let cookie = login(&app, KARL, DEMO_PASSWORD).await;
    let left = record(&store, &cookie).await.expiry_date - OffsetDateTime::now_utc();
    assert!(
        left > Duration::minutes(29) && left <= Duration::minutes(30),
        "idle timeout after sign-in: {left}"
    );

    // A request in the last minute keeps it alive for another 30 minutes.
    let mut aged = record(&store, &cookie).await;
    aged.expiry_date = OffsetDateTime::now_utc() + Duration::minutes(1);
    store.save(&aged).await.unwrap();
    assert!(signed_in(&app, &cookie).await);
    let left = record(&store, &cookie).await.expiry_date - OffsetDateTime::now_utc();
    assert!(
        left > Duration::minutes(29),
        "renewed by the request: {left}"
    );

    // Thirty minutes without a request: gone.
    let mut idle = record(&store, &cookie).await;
    idle.expiry_date = OffsetDateTime::now_utc() - Duration::seconds(1);
    store.save(&idle).await.unwrap();
    assert!(!signed_in(&app, &cookie).await);
}

#[tokio::test]
async fn a_login_session_ends_12_hours_after_sign_in_however_active() {
    let app = app().await;
    let store = AnyStore::new(&app.db).await.unwrap();
    let cookie = login(&app, KARL, DEMO_PASSWORD).await;
    let signed_in_since =
        |hours: i64, minutes: i64| Utc::now().timestamp() - hours * 3600 - minutes * 60;

    let mut record_then = record(&store, &cookie).await;
    record_then
        .data
        .insert("gremium.since".into(), signed_in_since(11, 50).into());
    store.save(&record_then).await.unwrap();
    assert!(
        signed_in(&app, &cookie).await,
        "eleven hours and fifty minutes are within the limit"
    );

    let mut record_then = record(&store, &cookie).await;
    record_then
        .data
        .insert("gremium.since".into(), signed_in_since(12, 1).into());
    store.save(&record_then).await.unwrap();
    assert!(
        !signed_in(&app, &cookie).await,
        "twelve hours after sign-in the session ends, though it was just used"
    );
}

#[tokio::test]
async fn a_reset_link_lives_60_minutes_and_an_invitation_7_days() {
    // With SMTP: without it no reset link is made (it could reach no one).
    let app = app_with(&[], true).await;
    post_form(
        &app,
        "/api/passwort/vergessen",
        "email=kiel%40gremium.example",
        None,
    )
    .await;
    let resets: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        query_as("SELECT created_at, expires_at FROM password_resets")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(resets.len(), 1, "one link for one request");
    let (created, expires) = resets[0];
    assert_eq!((expires - created).num_minutes(), 60);

    let admin = login(&app, ADA, DEMO_PASSWORD).await;
    let body = serde_urlencoded::to_string([
        ("email", "neu@kiel.de"),
        ("display_name", "Neu"),
        ("organization", ""),
    ])
    .unwrap();
    post_form(&app, "/api/admin/einladen", &body, Some(&admin)).await;
    let invitations: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        query_as("SELECT created_at, expires_at FROM invitations WHERE email = $1")
            .bind("neu@kiel.de")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(invitations.len(), 1, "{invitations:?}");
    let (created, expires) = invitations[0];
    assert_eq!((expires - created).num_days(), 7);
}
