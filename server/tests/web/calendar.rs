//! Meetings over HTTP: who sees which meeting and link, the chair's changes reaching the
//! iCalendar output (SEQUENCE, STATUS:CANCELLED), the personal feed behind its secret link, and
//! refused series forms that change nothing.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use crate::support::{
    DEMO_PASSWORD, TestApp, app_with, error_field, get_as, login, post_form, post_json,
};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use gremium::domain::calendar::MeetingRecord;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::users::NewUser;
use gremium::store::{meetings, organizations, series, users};
use serde_json::Value;

async fn upcoming(app: &TestApp) -> Vec<MeetingRecord> {
    let now = Utc::now();
    meetings::between(&app.db, None, now, now + Duration::days(400), false)
        .await
        .unwrap()
}

/// A representative of Hungen who holds no seat: signed in, but outside the committee.
pub(crate) async fn outsider(app: &TestApp) -> String {
    let hungen = organizations::search(
        &app.db,
        &gremium::domain::organization::OrganizationFilter {
            query: Some("Hungen".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .items[0]
        .id;
    users::create(
        &app.db,
        &NewUser {
            email: "hungen@gremium.example",
            display_name: "Hanna Hungen",
            password_hash: &gremium::secret::hash_password(DEMO_PASSWORD),
            is_admin: false,
            organization_id: Some(hungen),
        },
        &gremium::domain::audit::Actor::system(),
    )
    .await
    .unwrap();
    login(app, "hungen@gremium.example", DEMO_PASSWORD).await
}

fn app_vars() -> [(&'static str, &'static str); 2] {
    [
        ("GREMIUM_AUTH_RATE_PER_MINUTE", "100000"),
        ("GREMIUM_PUBLIC_URL", "https://gremium.example"),
    ]
}

#[tokio::test]
async fn internal_meetings_and_video_links_stay_inside_the_committee() {
    let app = app_with(&app_vars(), false).await;
    let all = upcoming(&app).await;
    let internal = all.iter().find(|s| !s.public).unwrap();
    assert!(internal.video_url.is_some());
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let outsider = outsider(&app).await;

    for (who, cookie, sees) in [
        ("anonymous", None, false),
        ("outsider", Some(outsider.as_str()), false),
        ("member", Some(member.as_str()), true),
    ] {
        let (response, _) = get_as(&app, &format!("/sitzungen/{}", internal.id), cookie).await;
        let expected = if sees {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(response.status(), expected, "meeting page for {who}");
        let (response, _) = get_as(
            &app,
            &format!("/sitzungen/{}/kalender.ics", internal.id),
            cookie,
        )
        .await;
        assert_eq!(response.status(), expected, ".ics for {who}");
        let (_, list) = post_json(
            &app,
            "/api/sitzungen/liste",
            r#"{"query":{"past":false,"q":"Vorbesprechung","page":null}}"#,
            cookie,
        )
        .await;
        let list: Value = serde_json::from_str(&list).unwrap();
        assert_eq!(
            list["page"]["total"],
            u64::from(sees),
            "list for {who}: {list}"
        );
    }

    // The chair gives a public meeting a video link: members see it, the public does not.
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let public = all.iter().find(|s| s.public).unwrap();
    let body = format!(
        "id={}&version={}&format=hybrid&video_url=https%3A%2F%2Fvideo.example%2Fkg&location=Berlin",
        public.id, public.version
    );
    let (response, text) = post_form(&app, "/api/sitzungen/ort", &body, Some(&chair)).await;
    assert!(response.status().is_success(), "{text}");
    for (cookie, link) in [(None, false), (Some(member.as_str()), true)] {
        let (_, detail) = post_form(
            &app,
            "/api/sitzungen/eintrag",
            &format!("id={}", public.id),
            cookie,
        )
        .await;
        let detail: Value = serde_json::from_str(&detail).unwrap();
        assert_eq!(detail["meeting"]["video_url"].is_string(), link, "{detail}");
        let (_, ics) = get_as(
            &app,
            &format!("/sitzungen/{}/kalender.ics", public.id),
            cookie,
        )
        .await;
        assert_eq!(ics.contains("video.example/kg"), link, "{ics}");
        assert!(ics.contains("LOCATION:Berlin"), "{ics}");
    }
    let (_, feed) = get_as(&app, "/kalender/oeffentlich.ics", None).await;
    assert!(
        !feed.contains(&internal.uid),
        "internal meeting in the public feed"
    );
    assert!(!feed.contains("video."), "a video link in the public feed");
    assert!(feed.contains(&public.uid));
}

/// The value of one property of the event in a one-event calendar.
fn property<'a>(ics: &'a str, name: &str) -> Option<&'a str> {
    ics.lines()
        .find(|l| l.starts_with(&format!("{name}:")) || l.starts_with(&format!("{name};")))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim_end())
}

#[tokio::test]
async fn moving_and_cancelling_reach_the_calendar() {
    let app = app_with(&app_vars(), false).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let all: Vec<_> = upcoming(&app)
        .await
        .into_iter()
        .filter(|s| s.public && s.series_id.is_some())
        .collect();
    let (first, second) = (&all[0], &all[1]);
    let path = format!("/sitzungen/{}/kalender.ics", first.id);
    let (response, before) = get_as(&app, &path, Some(&member)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert!(before.starts_with("BEGIN:VCALENDAR\r\n"), "{before}");
    assert_eq!(property(&before, "UID"), Some(first.uid.as_str()));
    assert_eq!(property(&before, "SEQUENCE"), Some("0"));
    assert_eq!(
        property(&before, "URL"),
        Some(format!("https://gremium.example/sitzungen/{}", first.id).as_str())
    );

    // Move it a day later, 14:00–16:00 German time.
    let day = utc_to_berlin(first.starts_at).date() + Duration::days(1);
    let body = format!(
        "id={}&version={}&date={day}&start_time=14%3A00&end_time=16%3A00&deadline={day}",
        first.id, first.version
    );
    let (response, text) = post_form(&app, "/api/sitzungen/verschieben", &body, Some(&chair)).await;
    assert!(response.status().is_success(), "{text}");
    // The same form again, with the version it was loaded with: refused, input kept.
    let (response, text) = post_form(&app, "/api/sitzungen/verschieben", &body, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "{text}");
    assert!(text.contains("14:00"), "{text}");
    let (_, moved) = get_as(&app, &path, Some(&member)).await;
    assert_eq!(property(&moved, "UID"), Some(first.uid.as_str()));
    assert_eq!(property(&moved, "SEQUENCE"), Some("1"));
    let moved_record = meetings::get(&app.db, first.id).await.unwrap();
    assert_eq!(
        property(&moved, "DTSTART"),
        Some(
            moved_record
                .starts_at
                .format("%Y%m%dT%H%M%SZ")
                .to_string()
                .as_str()
        )
    );
    assert_eq!(
        utc_to_berlin(moved_record.starts_at)
            .format("%H:%M")
            .to_string(),
        "14:00"
    );
    assert_eq!(moved_record.moved_from, Some(first.starts_at));

    // Cancel the next one: it stays in the feed, cancelled, with a higher SEQUENCE.
    let body = format!(
        "id={}&version={}&reason=Terminkollision+mit+dem+IT-Planungsrat",
        second.id, second.version
    );
    let (response, text) = post_form(&app, "/api/sitzungen/absagen", &body, Some(&chair)).await;
    assert!(response.status().is_success(), "{text}");
    let (_, feed) = get_as(&app, "/kalender/oeffentlich.ics", None).await;
    let event = feed
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&second.uid))
        .unwrap();
    assert!(event.contains("STATUS:CANCELLED"), "{event}");
    assert!(event.contains("SEQUENCE:1"), "{event}");
    // A cancelled meeting is not moved: the refusal names its status and the attempt.
    let cancelled = meetings::get(&app.db, second.id).await.unwrap();
    let body = format!(
        "id={}&version={}&date={day}&start_time=14%3A00&end_time=16%3A00&deadline={day}",
        cancelled.id, cancelled.version
    );
    let (response, text) = post_form(&app, "/api/sitzungen/verschieben", &body, Some(&chair)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "date").as_deref(),
        Some("meeting_change")
    );
    // A cancellation without a reason is refused at the field.
    let third = &all[2];
    let (response, text) = post_form(
        &app,
        "/api/sitzungen/absagen",
        &format!("id={}&version={}&reason=+", third.id, third.version),
        Some(&chair),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert!(text.contains("reason"), "{text}");
    // Members cannot move meetings.
    let (response, _) = post_form(
        &app,
        "/api/sitzungen/verschieben",
        &format!(
            "id={}&version={}&date={day}&start_time=10%3A00&end_time=11%3A00&deadline={day}",
            third.id, third.version
        ),
        Some(&member),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_personal_feed_is_behind_a_link_that_can_be_replaced() {
    let app = app_with(&app_vars(), false).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let (_, info) = post_form(&app, "/api/konto/kalender", "", Some(&member)).await;
    let info: Value = serde_json::from_str(&info).unwrap();
    assert!(
        info["since"].is_null() && info["fresh_url"].is_null(),
        "{info}"
    );

    let (response, _) = post_form(&app, "/api/konto/kalender-neu", "", Some(&member)).await;
    assert!(response.status().is_success());
    let (_, info) = post_form(&app, "/api/konto/kalender", "", Some(&member)).await;
    let info: Value = serde_json::from_str(&info).unwrap();
    let url = info["fresh_url"].as_str().unwrap().to_owned();
    let path = url
        .strip_prefix("https://gremium.example")
        .unwrap()
        .to_owned();
    // Shown once only.
    let (_, again) = post_form(&app, "/api/konto/kalender", "", Some(&member)).await;
    let again: Value = serde_json::from_str(&again).unwrap();
    assert!(
        again["fresh_url"].is_null() && again["since"].is_string(),
        "{again}"
    );

    // The feed needs no cookie, holds internal meetings with their links for a member.
    let (response, feed) = get_as(&app, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let internal = upcoming(&app)
        .await
        .into_iter()
        .find(|s| !s.public)
        .unwrap();
    assert!(feed.contains(&internal.uid));
    assert!(feed.contains("video.gremium.example/vorsitz"));
    // The token is not stored in clear.
    let token = path
        .strip_prefix("/kalender/")
        .and_then(|p| p.strip_suffix(".ics"))
        .unwrap();
    assert_eq!(
        users::by_calendar_token(&app.db, token).await.unwrap(),
        None
    );

    // A new link replaces the old one at once.
    post_form(&app, "/api/konto/kalender-neu", "", Some(&member)).await;
    let (response, _) = get_as(&app, &path, None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refused_series_forms_change_nothing() {
    let app = app_with(&app_vars(), false).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let committee = gremium::store::committees::default_id(&app.db)
        .await
        .unwrap();
    let before = series::list(&app.db, committee, Utc::now()).await.unwrap();
    let meetings_before = upcoming(&app).await.len();
    let cases = [
        // A first date in the past.
        (
            "first_date=2020-01-01&until=&deadline_days=7&start_time=10%3A00&end_time=12%3A00&nth=2",
            "first_date",
            "in_past",
        ),
        // An end before the start.
        (
            "first_date=2099-01-01&until=2098-01-01&deadline_days=7&start_time=10%3A00&end_time=12%3A00&nth=2",
            "until",
            "end_before_start",
        ),
        (
            "first_date=2099-01-01&until=&deadline_days=7&start_time=10%3A00&end_time=09%3A00&nth=2",
            "end_time",
            "end_before_start",
        ),
        // A deadline after the meeting.
        (
            "first_date=2099-01-01&until=&deadline_days=-3&start_time=10%3A00&end_time=12%3A00&nth=2",
            "deadline_days",
            "deadline_after_meeting",
        ),
        // A rule without a single date: the fifth Monday, only in February, within two years.
        (
            "first_date=2099-01-01&until=2099-12-31&deadline_days=7&start_time=10%3A00&end_time=12%3A00&nth=5&weekday=0&skip_months=1,3,4,5,6,7,8,9,10,11,12",
            "nth",
            "no_dates",
        ),
    ];
    for (fields, field, problem) in cases {
        let mut body = format!(
            "title=Test&format=virtual&rule=monthly&interval=1&dates=&video_url=&location=&{fields}"
        );
        if !fields.contains("weekday=") {
            body.push_str("&weekday=2");
        }
        if !fields.contains("skip_months=") {
            body.push_str("&skip_months=");
        }
        let (response, text) =
            post_form(&app, "/api/sitzungen/serie-neu", &body, Some(&chair)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields}: {text}"
        );
        let error: Value = serde_json::from_str(&text).unwrap();
        let errors = &error["Invalid"]["errors"];
        assert!(
            errors
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field && e["problem"] == problem),
            "{fields}: expected {field} {problem}, got {error}"
        );
        assert!(text.contains("\"Test\""), "the input comes back: {text}");
    }
    assert_eq!(
        series::list(&app.db, committee, Utc::now()).await.unwrap(),
        before
    );
    assert_eq!(upcoming(&app).await.len(), meetings_before);
}

/// The one-off meeting form as a browser without JavaScript sends it: the ticked "public"
/// checkbox arrives as `public=on`, an unticked one not at all; a refused form comes back
/// with everything typed and adds nothing.
#[tokio::test]
async fn a_one_off_meeting_is_public_only_when_ticked_and_a_refusal_keeps_the_input() {
    let app = app_with(&app_vars(), false).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let day = (Utc::now() + Duration::days(60)).date_naive();
    let deadline = day - Duration::days(7);
    let form = |title: &str, public: &str| {
        format!(
            "title={title}&format=in_person&date={day}&start_time=10%3A00&end_time=12%3A00\
             &deadline={deadline}&video_url=&location=Kiel{public}"
        )
    };
    for (title, public, expected) in [
        ("Sondersitzung", "&public=on", true),
        ("Interne+Klausur", "", false),
    ] {
        let (response, text) = post_form(
            &app,
            "/api/sitzungen/neu",
            &form(title, public),
            Some(&chair),
        )
        .await;
        assert!(
            response.status().is_redirection() || response.status().is_success(),
            "{text}"
        );
        let title = title.replace('+', " ");
        let made = upcoming(&app)
            .await
            .into_iter()
            .find(|m| m.title == title)
            .unwrap_or_else(|| panic!("{title} was not added"));
        assert_eq!(made.public, expected, "{title}");
        assert_eq!(made.location.as_deref(), Some("Kiel"));
    }

    let before = upcoming(&app).await.len();
    let refused = form("", "&public=on").replace("start_time=10%3A00", "start_time=25%3A00");
    let (response, text) = post_form(&app, "/api/sitzungen/neu", &refused, Some(&chair)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "title").as_deref(),
        Some("required"),
        "{text}"
    );
    assert!(error_field(&text, "start_time").is_some(), "{text}");
    assert!(
        text.contains("\"25:00\"") && text.contains("\"Kiel\""),
        "kept: {text}"
    );
    assert_eq!(upcoming(&app).await.len(), before);

    // A member may not plan meetings, however well the form is filled in.
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let (response, _) = post_form(
        &app,
        "/api/sitzungen/neu",
        &form("Heimlich", ""),
        Some(&member),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(upcoming(&app).await.len(), before);
}
