//! Running a meeting over HTTP: attendance, live mode, a decision refused for too many votes
//! (input kept), a task, ending the meeting, minutes made final (then locked) and their
//! exports — the public version without the internal item — and a decision's stable page.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use crate::support::{
    DEMO_PASSWORD, TestApp, app_with, error_field, form, get_as, login, post_form,
};
use axum::http::StatusCode;
use chrono::Utc;
use gremium::domain::agenda::ItemDraft;
use gremium::domain::audit::Actor;
use gremium::store::{agenda, decisions, meetings};
use serde_json::Value;

async fn load(app: &TestApp, meeting: i64, cookie: &str) -> Value {
    let (response, text) = post_form(
        app,
        "/api/sitzung/laden",
        &form(&[("meeting", &meeting.to_string())]),
        Some(cookie),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn ok(response: &axum::http::Response<()>, text: &str) {
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}: {text}",
        response.status()
    );
}

#[tokio::test]
async fn a_meeting_is_run_minuted_and_exported() {
    let app = app_with(&[("GREMIUM_AUTH_RATE_PER_MINUTE", "100000")], false).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let committee = gremium::store::committees::default_id(&app.db)
        .await
        .unwrap();
    let meeting = meetings::open_for_topics(&app.db, committee, Utc::now())
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.public)
        .unwrap()
        .id;
    let (_, version) = agenda::items(&app.db, meeting).await.unwrap();
    agenda::add(
        &app.db,
        meeting,
        version,
        &ItemDraft {
            title: "Personalangelegenheit Vertraulich".into(),
            presenter: None,
            minutes: 10,
            public: false,
        },
        &Actor::system(),
    )
    .await
    .unwrap();
    // The invitation goes out: the public follows the published agenda (never the working rows).
    let (_, version) = agenda::items(&app.db, meeting).await.unwrap();
    agenda::publish(
        &app.db,
        meeting,
        version,
        &agenda::InvitationNote {
            title: "Einladung".into(),
            body: "Die Tagesordnung ist veröffentlicht.".into(),
            link: format!("/sitzungen/{meeting}/tagesordnung"),
        },
        None,
        &Actor::system(),
    )
    .await
    .unwrap();

    // Attendance: every seat holder present.
    let view = load(&app, meeting, &chair).await;
    let seats: Vec<&Value> = view["roster"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["seat"].is_null())
        .collect();
    assert!(!seats.is_empty());
    for row in &seats {
        let (response, text) = post_form(
            &app,
            "/api/sitzung/anwesenheit",
            &form(&[
                ("meeting", &meeting.to_string()),
                ("membership", &row["membership_id"].to_string()),
                ("seen", ""),
                ("presence", "present"),
                ("note", ""),
            ]),
            Some(&chair),
        )
        .await;
        ok(&response, &text);
    }
    let view = load(&app, meeting, &chair).await;
    let voting = view["quorum"]["voting"].as_u64().unwrap();
    assert_eq!(voting, seats.len() as u64);
    // Members see only their own attendance rows.
    let mine = load(&app, meeting, &member).await;
    assert!(mine["roster"].as_array().unwrap().len() < view["roster"].as_array().unwrap().len());

    // Live mode: begin with the first item.
    let items: Vec<i64> = view["live"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let live_version = view["live"]["version"].to_string();
    let (response, text) = post_form(
        &app,
        "/api/sitzung/punkt",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("version", &live_version),
            ("item", &items[0].to_string()),
        ]),
        Some(&chair),
    )
    .await;
    ok(&response, &text);
    // A second chair with the same live version is told.
    let (response, _) = post_form(
        &app,
        "/api/sitzung/punkt",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("version", &live_version),
            ("item", &items[1].to_string()),
        ]),
        Some(&chair),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    // A vote with more votes than seats present is refused at the field, input kept.
    let too_many = (voting + 1).to_string();
    let decision = |yes: &str, item: i64| {
        form(&[
            ("meeting", &meeting.to_string()),
            ("item", &item.to_string()),
            ("kind", "resolution"),
            ("text", "Das Gremium empfiehlt die gemeinsame Beschaffung."),
            ("yes", yes),
            ("no", "0"),
            ("abstain", "0"),
        ])
    };
    let (response, text) = post_form(
        &app,
        "/api/beschluesse/neu",
        &decision(&too_many, items[0]),
        Some(&chair),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("too_many_votes"), "{text}");
    assert!(text.contains("gemeinsame Beschaffung"), "{text}");
    let (response, text) = post_form(
        &app,
        "/api/beschluesse/neu",
        &decision(&voting.to_string(), items[0]),
        Some(&chair),
    )
    .await;
    ok(&response, &text);
    let internal = *items.last().unwrap();
    let internal = view["live"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["public"] == false)
        .map_or(internal, |i| i["id"].as_i64().unwrap());
    let (response, text) = post_form(
        &app,
        "/api/beschluesse/neu",
        &decision("", internal),
        Some(&chair),
    )
    .await;
    ok(&response, &text);
    let taken = decisions::for_meeting(&app.db, meeting).await.unwrap();
    assert_eq!(taken.len(), 2);
    let public_decision = taken.iter().find(|d| d.item_id == items[0]).unwrap();
    let internal_decision = taken.iter().find(|d| d.item_id == internal).unwrap();
    assert!(
        public_decision.number.ends_with("/1"),
        "{}",
        public_decision.number
    );

    // A task for the member, due in a week.
    let member_id = view["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap_or_default().contains("Kiel"))
        .map(|r| r["user_id"].as_i64().unwrap())
        .unwrap();
    let due = (Utc::now() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let (response, text) = post_form(
        &app,
        "/api/aufgaben/neu",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("decision", &public_decision.id.to_string()),
            ("title", "Bedarf der Kommunen erheben"),
            ("owner", &format!("user:{member_id}")),
            ("due", &due),
        ]),
        Some(&chair),
    )
    .await;
    ok(&response, &text);
    let (_, tasks) = post_form(&app, "/api/aufgaben/laden", "", Some(&member)).await;
    assert!(tasks.contains("Bedarf der Kommunen erheben"), "{tasks}");

    // Minutes become final only once the meeting was held.
    let (response, text) = post_form(
        &app,
        "/api/niederschrift/endgueltig",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("version", "0"),
            ("confirm", "yes"),
        ]),
        Some(&chair),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "finalise").as_deref(),
        Some("minutes_not_held")
    );

    // End the meeting (only once confirmed: it cannot be undone); the draft is the chair's.
    let view = load(&app, meeting, &chair).await;
    let version = view["live"]["version"].to_string();
    let end = |confirm: &str| {
        form(&[
            ("meeting", &meeting.to_string()),
            ("version", &version),
            ("confirm", confirm),
        ])
    };
    let (response, text) = post_form(&app, "/api/sitzung/beenden", &end(""), Some(&chair)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "confirm").as_deref(),
        Some("confirm_required")
    );
    assert_eq!(
        load(&app, meeting, &chair).await["live"]["version"].to_string(),
        version,
        "nothing changed"
    );
    let (response, text) = post_form(&app, "/api/sitzung/beenden", &end("yes"), Some(&chair)).await;
    ok(&response, &text);
    let page = format!("/sitzungen/{meeting}/niederschrift");
    let (response, _) = get_as(&app, &page, Some(&member)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (response, html) = get_as(&app, &page, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains(&public_decision.number));

    // Final: locked, exported.
    let (_, minutes) = post_form(
        &app,
        "/api/niederschrift/laden",
        &form(&[("meeting", &meeting.to_string())]),
        Some(&chair),
    )
    .await;
    let minutes: Value = serde_json::from_str(&minutes).unwrap();
    let (response, text) = post_form(
        &app,
        "/api/niederschrift/endgueltig",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("version", &minutes["version"].to_string()),
            ("confirm", "yes"),
        ]),
        Some(&chair),
    )
    .await;
    ok(&response, &text);
    let (response, text) = post_form(
        &app,
        "/api/niederschrift/speichern",
        &form(&[
            ("meeting", &meeting.to_string()),
            ("version", "1"),
            ("opening", "Nachträglich"),
            ("closing", ""),
        ]),
        Some(&chair),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert!(text.contains("minutes_locked"), "{text}");

    let (response, public_md) = get_as(&app, &format!("{page}.md"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(public_md.contains(&format!("### Beschluss {}", public_decision.number)));
    assert!(public_md.contains("Bedarf der Kommunen erheben"));
    assert!(!public_md.contains("Personalangelegenheit"));
    assert!(!public_md.contains(&internal_decision.number));
    let (_, full_md) = get_as(&app, &format!("{page}.md"), Some(&member)).await;
    assert!(full_md.contains("Personalangelegenheit Vertraulich"));
    let (_, asked_public) = get_as(
        &app,
        &format!("{page}.md?fassung=oeffentlich"),
        Some(&member),
    )
    .await;
    assert!(!asked_public.contains("Personalangelegenheit"));
    let (response, html) = get_as(&app, &format!("{page}.html"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains("<html lang=\"de\">"));
    assert!(!html.contains("Personalangelegenheit"));
    let (response, pdf) = get_as(&app, &format!("{page}.pdf"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(pdf.starts_with("%PDF-"));

    // Decisions have stable pages; an internal item's decision is not there for the public.
    let (response, html) =
        get_as(&app, &format!("/beschluesse/{}", public_decision.id), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains(&public_decision.number));
    let (response, _) = get_as(
        &app,
        &format!("/beschluesse/{}", internal_decision.id),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
