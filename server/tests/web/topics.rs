//! Topics and agenda over HTTP: a member's submission (script in Markdown shown as text,
//! refused input kept at the field, closed meetings refused), the chair's triage and agenda
//! moves, two chairs editing at once (409 with the input kept), publishing into the inbox and
//! the mail outbox, and the invitation files.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use crate::support::{
    DEMO_PASSWORD, TestApp, app_with, assert_done, error_field, form, get_as, kept, login,
    post_form,
};
use axum::http::{StatusCode, header};
use chrono::Utc;
use gremium::domain::audit::Actor;
use gremium::domain::calendar::MeetingRecord;
use gremium::store::{agenda, meetings, topics};
use serde_json::Value;

fn app_vars() -> [(&'static str, &'static str); 2] {
    [
        ("GREMIUM_AUTH_RATE_PER_MINUTE", "100000"),
        ("GREMIUM_PUBLIC_URL", "https://gremium.example"),
    ]
}

/// The next public meeting members may still submit to.
async fn open_meeting(app: &TestApp) -> MeetingRecord {
    let committee = gremium::store::committees::default_id(&app.db)
        .await
        .unwrap();
    let now = Utc::now();
    meetings::open_for_topics(&app.db, committee, now)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.deadline_at > now && s.public)
        .unwrap()
}

#[tokio::test]
async fn a_member_submits_and_the_chair_accepts_orders_and_publishes() {
    let app = app_with(&app_vars(), true).await;
    let meeting = open_meeting(&app).await;
    let sid = meeting.id.to_string();
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;

    // Refused: empty title, zero minutes, a javascript: link — each at its field, input kept.
    let (response, text) = post_form(
        &app,
        "/api/themen/neu",
        &form(&[
            ("title", "   "),
            ("description", "Beschreibung bleibt"),
            ("meeting", &sid),
            ("presenter", ""),
            ("minutes", "0"),
            ("links", "javascript:alert(1)"),
        ]),
        Some(&member),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(error_field(&text, "title").as_deref(), Some("required"));
    assert_eq!(
        error_field(&text, "minutes").as_deref(),
        Some("invalid_number")
    );
    assert_eq!(error_field(&text, "links").as_deref(), Some("invalid_url"));
    assert_eq!(
        kept(&text, "description").as_deref(),
        Some("Beschreibung bleibt")
    );

    // Accepted: the script in the description is shown as text on the topic page.
    let (response, text) = post_form(
        &app,
        "/api/themen/neu",
        &form(&[
            ("title", "Schnittstelle XÖV-Meldewesen"),
            (
                "description",
                "Wir brauchen **eine** Lösung.\n\n</textarea><script>alert('x')</script>",
            ),
            ("meeting", &sid),
            ("presenter", "Kiel"),
            ("minutes", "20"),
            ("public", "on"),
            ("links", "https://example.org/papier.pdf"),
        ]),
        Some(&member),
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{text}"
    );
    let (_, mine) = post_form(&app, "/api/themen/liste", "", Some(&member)).await;
    let mine: Value = serde_json::from_str(&mine).unwrap();
    let id = mine["mine"][0]["id"].as_i64().unwrap();
    let topic = topics::get(&app.db, id).await.unwrap();
    assert_eq!(topic.title, "Schnittstelle XÖV-Meldewesen");
    assert_eq!(topic.meeting.as_ref().map(|s| s.id), Some(meeting.id));
    assert!(!topic.late);
    let (response, page) = get_as(&app, &format!("/themen/{}", topic.id), Some(&member)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(page.contains("<strong>eine</strong>"), "markdown rendered");
    assert!(
        !page.contains("<script>alert"),
        "script never reaches the page as markup"
    );
    assert!(page.contains("&lt;script&gt;alert"), "script shown as text");
    assert!(
        !page.contains("</textarea><script>"),
        "typed text never closes the edit field"
    );
    // The public never sees topics; another member may not triage.
    let (response, _) = get_as(&app, &format!("/themen/{}", topic.id), None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body = form(&[
        ("id", &topic.id.to_string()),
        ("version", &topic.version.to_string()),
    ]);
    let (response, _) = post_form(&app, "/api/themen/annehmen", &body, Some(&member)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The chair accepts it: it becomes an item before "Verschiedenes".
    let (response, text) = post_form(&app, "/api/themen/annehmen", &body, Some(&chair)).await;
    assert_done(&response, &text);
    let (items, version) = agenda::items(&app.db, meeting.id).await.unwrap();
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Begrüßung und Feststellung der Beschlussfähigkeit",
            "Genehmigung der Niederschrift der letzten Sitzung",
            "Schnittstelle XÖV-Meldewesen",
            "Verschiedenes"
        ]
    );
    let ours = items[2].id.to_string();

    // Accepted, the topic can no longer be withdrawn; the refusal names its state and the
    // attempt, and it is refused to anyone but the submitter first.
    let accepted = topics::get(&app.db, topic.id).await.unwrap();
    let body = form(&[
        ("id", &topic.id.to_string()),
        ("version", &accepted.version.to_string()),
    ]);
    let (response, _) = post_form(&app, "/api/themen/zurueckziehen", &body, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (response, text) = post_form(&app, "/api/themen/zurueckziehen", &body, Some(&member)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "withdraw").as_deref(),
        Some("topic_closed")
    );

    // Two chairs at once: the first move wins, the second (same version) gets 409.
    let step = |action: &str, version: i64| {
        form(&[
            ("meeting", &sid),
            ("version", &version.to_string()),
            ("item", &ours),
            ("action", action),
        ])
    };
    let (response, text) = post_form(
        &app,
        "/api/tagesordnung/verschieben",
        &step("up", version),
        Some(&chair),
    )
    .await;
    assert_done(&response, &text);
    let (response, text) = post_form(
        &app,
        "/api/tagesordnung/verschieben",
        &step("down", version),
        Some(&chair),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "{text}");
    let edit = form(&[
        ("meeting", &sid),
        ("version", &version.to_string()),
        ("item", &ours),
        ("title", "Mein geänderter Titel"),
        ("presenter", ""),
        ("minutes", "25"),
    ]);
    let (response, text) =
        post_form(&app, "/api/tagesordnung/punkt-aendern", &edit, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "{text}");
    assert_eq!(
        kept(&text, "title").as_deref(),
        Some("Mein geänderter Titel")
    );
    let (items, version) = agenda::items(&app.db, meeting.id).await.unwrap();
    assert_eq!(items[1].title, "Schnittstelle XÖV-Meldewesen");
    // The first item cannot go further up: refused at the item, nothing changes.
    let first = items[0].id.to_string();
    let (response, text) = post_form(
        &app,
        "/api/tagesordnung/verschieben",
        &form(&[
            ("meeting", &sid),
            ("version", &version.to_string()),
            ("item", &first),
            ("action", "up"),
        ]),
        Some(&chair),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(error_field(&text, "item").as_deref(), Some("cannot_move"));

    // Publish: the meeting is invited, every member and chair has the invitation in the inbox,
    // and (SMTP configured) an e-mail.
    let unread = |inbox: &str| {
        serde_json::from_str::<Value>(inbox).unwrap()["unread"]
            .as_i64()
            .unwrap()
    };
    let (_, inbox) = post_form(&app, "/api/eingang/liste", "", Some(&member)).await;
    let unread_before = unread(&inbox);
    let (response, text) = post_form(
        &app,
        "/api/tagesordnung/veroeffentlichen",
        &form(&[("meeting", &sid), ("version", &version.to_string())]),
        Some(&chair),
    )
    .await;
    assert_done(&response, &text);
    assert_eq!(
        meetings::get(&app.db, meeting.id).await.unwrap().status,
        gremium::domain::calendar::MeetingStatus::Invited
    );
    let (_, inbox) = post_form(&app, "/api/eingang/liste", "", Some(&member)).await;
    assert_eq!(unread(&inbox), unread_before + 1);
    let inbox: Value = serde_json::from_str(&inbox).unwrap();
    let note = &inbox["page"]["items"][0];
    assert!(note["title"].as_str().unwrap().starts_with("Einladung:"));
    assert!(
        note["body"]
            .as_str()
            .unwrap()
            .contains("TOP 2 Schnittstelle XÖV-Meldewesen")
    );
    let sent = app.mail().await;
    assert!(
        sent.iter()
            .any(|(to, subject, _)| to == "kiel@gremium.example"
                && subject.starts_with("Einladung:"))
    );
    // The demo's chair and its five members and deputies; not the admin, who holds no seat.
    assert_eq!(sent.len(), 6, "{sent:?}");
    assert!(sent.iter().all(|(to, _, _)| to != "admin@gremium.example"));
    assert!(
        sent.iter()
            .any(|(to, _, _)| to == "vorsitz@gremium.example")
    );

    // The invitation files: HTML and PDF, for the public too (public meeting, public items).
    let (response, html) = get_as(&app, &format!("/sitzungen/{sid}/einladung.html"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        html.contains("TOP 2</td><th scope=\"row\">Schnittstelle XÖV-Meldewesen"),
        "{html}"
    );
    let (response, pdf) = get_as(&app, &format!("/sitzungen/{sid}/einladung.pdf"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.starts_with("%PDF-"));

    // A second version names what changed.
    let (items, version) = agenda::items(&app.db, meeting.id).await.unwrap();
    agenda::remove(&app.db, meeting.id, version, items[0].id, &Actor::system())
        .await
        .unwrap();
    let (_, version) = agenda::items(&app.db, meeting.id).await.unwrap();
    let (response, text) = post_form(
        &app,
        "/api/tagesordnung/veroeffentlichen",
        &form(&[("meeting", &sid), ("version", &version.to_string())]),
        Some(&chair),
    )
    .await;
    assert_done(&response, &text);
    let (_, view) = post_form(
        &app,
        "/api/tagesordnung/laden",
        &format!("meeting={sid}"),
        Some(&member),
    )
    .await;
    let view: Value = serde_json::from_str(&view).unwrap();
    assert_eq!(view["published"].as_array().unwrap().len(), 2);
    let changes = view["changes"].to_string();
    assert!(changes.contains("Removed"), "{changes}");
    assert!(changes.contains("Renumbered"), "{changes}");
    // Members do not get the chair's working copy.
    assert_eq!(view["rows"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn topics_for_closed_meetings_are_refused() {
    let app = app_with(&app_vars(), false).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let meeting = open_meeting(&app).await;
    // Cancel it: a topic for it is refused at the meeting field, the input kept.
    let (response, text) = post_form(
        &app,
        "/api/sitzungen/absagen",
        &form(&[
            ("id", &meeting.id.to_string()),
            ("version", &meeting.version.to_string()),
            ("reason", "Krankheit"),
        ]),
        Some(&chair),
    )
    .await;
    assert_done(&response, &text);
    let submit = |sid: String| {
        form(&[
            ("title", "Zu spät"),
            ("description", ""),
            ("meeting", &sid),
            ("presenter", ""),
            ("minutes", "10"),
            ("links", ""),
        ])
    };
    let (response, text) = post_form(
        &app,
        "/api/themen/neu",
        &submit(meeting.id.to_string()),
        Some(&member),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "meeting").as_deref(),
        Some("meeting_closed")
    );
    assert_eq!(kept(&text, "title").as_deref(), Some("Zu spät"));

    // An overlong title is refused at the field.
    let long = "x".repeat(201);
    let (response, text) = post_form(
        &app,
        "/api/themen/neu",
        &form(&[
            ("title", &long),
            ("description", ""),
            ("meeting", "next"),
            ("presenter", ""),
            ("minutes", "10"),
            ("links", ""),
        ]),
        Some(&member),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(error_field(&text, "title").as_deref(), Some("too_long"));
}

/// The topic deadline (README: "after it only the chair can, and the topic is marked
/// nachgereicht"): a meeting next week whose deadline passed yesterday refuses a member's topic
/// at the meeting field, keeping what was typed, and takes the chair's, marked late.
#[tokio::test]
async fn after_the_deadline_only_the_chair_adds_a_topic_and_it_is_marked_late() {
    let app = app_with(&app_vars(), true).await;
    let committee = gremium::store::committees::default_id(&app.db)
        .await
        .unwrap();
    let now = Utc::now();
    let chair_actor = Actor {
        user_id: None,
        label: "test".into(),
        ip: None,
    };
    let meeting = meetings::create(
        &app.db,
        committee,
        &gremium::domain::calendar::NewMeeting {
            title: "Sondersitzung".into(),
            format: gremium::domain::calendar::MeetingFormat::Virtual,
            starts_at: now + chrono::Duration::days(7),
            ends_at: now + chrono::Duration::days(7) + chrono::Duration::hours(2),
            deadline_at: now - chrono::Duration::days(1),
            video_url: None,
            location: None,
            public: true,
        },
        &chair_actor,
    )
    .await
    .unwrap();
    let sid = meeting.to_string();
    let topic = |title: &'static str| {
        form(&[
            ("title", title),
            ("description", "Nach Fristende"),
            ("meeting", &sid),
            ("presenter", ""),
            ("minutes", "10"),
            ("links", ""),
        ])
    };

    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let (response, text) =
        post_form(&app, "/api/themen/neu", &topic("Zu spät"), Some(&member)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "meeting").as_deref(),
        Some("deadline_passed")
    );
    assert_eq!(kept(&text, "title").as_deref(), Some("Zu spät"));

    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let (response, text) = post_form(
        &app,
        "/api/themen/neu",
        &topic("Nachgereicht vom Vorsitz"),
        Some(&chair),
    )
    .await;
    assert_done(&response, &text);
    let late: Vec<_> = topics::board(&app.db, committee, now)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.meeting.as_ref().is_some_and(|s| s.id == meeting))
        .collect();
    assert_eq!(late.len(), 1, "only the chair's topic");
    assert_eq!(late[0].title, "Nachgereicht vom Vorsitz");
    assert!(late[0].late, "marked nachgereicht");
}
