//! Demands over HTTP: raising with refused input kept, public and internal visibility,
//! co-signing only for one's own organization (twice counts once), the chair's status change
//! with what forwarding needs, a stale form, the followers' e-mail, similar demands, and the CSV
//! export read back by a CSV parser.

use crate::support::{
    DEMO_PASSWORD, app_with, assert_done, error_field, form, get_as, kept, login,
    post_browser_form, post_form, post_json,
};
use axum::http::{StatusCode, header};
use gremium::domain::demands::DemandStatus;
use gremium::domain::preferences::DIGEST_FROM;
use gremium::store::demands;
use serde_json::Value;

fn vars() -> [(&'static str, &'static str); 2] {
    [
        ("GREMIUM_AUTH_RATE_PER_MINUTE", "100000"),
        ("GREMIUM_PUBLIC_URL", "https://gremium.example"),
    ]
}

const TITLE: &str = "Schnittstelle \"XWohngeld\"; für Anträge";

fn demand_form(title: &str, public: bool) -> Vec<(&str, &str)> {
    let mut pairs = vec![
        ("title", title),
        (
            "problem",
            "Die Fachverfahren haben keine Schnittstelle,\nalles wird abgetippt.",
        ),
        ("outcome", "Ein XÖV-Standard für alle."),
        ("category", "2"),
        ("tags", "XWohngeld, Fachverfahren"),
        ("urgency", "high"),
        ("links", ""),
    ];
    if public {
        pairs.push(("public", "on"));
    }
    pairs
}

#[tokio::test]
async fn demands_are_raised_cosigned_moved_and_exported() {
    let app = app_with(&vars(), true).await;
    let kiel = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let unterhaching = login(&app, "unterhaching@gremium.example", DEMO_PASSWORD).await;
    let koeln = login(&app, "koeln@gremium.example", DEMO_PASSWORD).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let admin = login(&app, "admin@gremium.example", DEMO_PASSWORD).await;

    // Refused at the field, with everything typed kept; the public may not raise at all.
    let mut refused = demand_form("  ", true);
    refused.retain(|(k, _)| *k != "urgency");
    let (response, text) = post_form(&app, "/api/bedarfe/neu", &form(&refused), Some(&kiel)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(error_field(&text, "title").as_deref(), Some("required"));
    assert_eq!(error_field(&text, "urgency").as_deref(), Some("required"));
    assert_eq!(
        kept(&text, "problem").as_deref(),
        Some("Die Fachverfahren haben keine Schnittstelle,\nalles wird abgetippt.")
    );
    let (response, _) = post_form(
        &app,
        "/api/bedarfe/neu",
        &form(&demand_form(TITLE, true)),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (response, _) = post_form(
        &app,
        "/api/bedarfe/neu",
        &form(&demand_form(TITLE, true)),
        Some(&admin),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "no organization, no demand"
    );

    let (response, text) = post_form(
        &app,
        "/api/bedarfe/neu",
        &form(&demand_form(TITLE, true)),
        Some(&kiel),
    )
    .await;
    assert_done(&response, &text);
    let (response, text) = post_form(
        &app,
        "/api/bedarfe/neu",
        &form(&demand_form("Internes Anliegen", false)),
        Some(&kiel),
    )
    .await;
    assert_done(&response, &text);
    let (_, list) = post_json(&app, "/api/bedarfe/liste", r#"{"query":{}}"#, Some(&kiel)).await;
    let list: Value = serde_json::from_str(&list).unwrap();
    let items = list["page"]["items"].as_array().unwrap();
    let id_of = |title: &str| {
        items
            .iter()
            .find(|d| d["title"] == title)
            .and_then(|d| d["id"].as_i64())
            .unwrap()
    };
    let (public_id, internal_id) = (id_of(TITLE), id_of("Internes Anliegen"));

    // Visibility: the public sees the public demand only; members see the internal one too.
    let (response, page) = get_as(&app, &format!("/bedarfe/{public_id}"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(page.contains("XWohngeld"));
    assert!(
        !page.contains("kiel@gremium.example") && !page.contains("Karl Kiel"),
        "the public sees the organization, not the person"
    );
    let (response, _) = get_as(&app, &format!("/bedarfe/{internal_id}"), None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (response, _) = get_as(&app, &format!("/bedarfe/{internal_id}"), Some(&koeln)).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Similar demands: another word form of the title finds it.
    let (_, similar) = post_form(
        &app,
        "/api/bedarfe/aehnliche",
        &form(&[("text", "Schnittstellen Wohngeldanträge")]),
        Some(&unterhaching),
    )
    .await;
    let similar: Value = serde_json::from_str(&similar).unwrap();
    // Found, not necessarily first: both demands share the problem text, and the two databases
    // rank ties differently (titles are not weighted above the text yet).
    let found: Vec<i64> = similar
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_i64())
        .collect();
    assert!(found.contains(&public_id), "{similar}");

    // Co-signing: for one's own organization, twice counts once; not without one.
    let cosign = form(&[
        ("id", &public_id.to_string()),
        ("reason", "Betrifft uns auch"),
    ]);
    for _ in 0..2 {
        let (response, text) = post_form(
            &app,
            "/api/bedarfe/mitzeichnen",
            &cosign,
            Some(&unterhaching),
        )
        .await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{}: {text}",
            response.status()
        );
    }
    assert_eq!(
        demands::get(&app.db, public_id).await.unwrap().cosignatures,
        1
    );
    // A browser's form post leaves a notice for the page it is sent back to, shown once; a
    // script's call (above) leaves none.
    let page_url = format!("/bedarfe/{public_id}");
    let (_, page) = get_as(&app, &page_url, Some(&unterhaching)).await;
    assert!(
        !page.contains("mitgezeichnet.</p>"),
        "no notice after a script's call"
    );
    let (response, _) = post_browser_form(
        &app,
        "/api/bedarfe/mitzeichnen",
        &cosign,
        Some(&unterhaching),
    )
    .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let (_, page) = get_as(&app, &page_url, Some(&unterhaching)).await;
    assert!(
        page.contains(r#"aria-live="polite""#) && page.contains(" mitgezeichnet.</p>"),
        "the page after the post says what happened"
    );
    let (_, page) = get_as(&app, &page_url, Some(&unterhaching)).await;
    assert!(
        !page.contains("mitgezeichnet.</p>"),
        "the notice is shown once"
    );
    let (response, _) = post_form(&app, "/api/bedarfe/mitzeichnen", &cosign, Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (response, _) = post_form(&app, "/api/bedarfe/mitzeichnen", &cosign, None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let empty = form(&[("id", &public_id.to_string()), ("reason", " ")]);
    let (response, text) = post_form(&app, "/api/bedarfe/mitzeichnen", &empty, Some(&koeln)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&text, "reason").as_deref(), Some("required"));

    // Status: a member is refused; forwarding needs body, reference and date; a stale form 409.
    let version = demands::get(&app.db, public_id)
        .await
        .unwrap()
        .version
        .to_string();
    let id = public_id.to_string();
    let review = form(&[
        ("id", &id),
        ("version", &version),
        ("to", "accepted"),
        ("comment", ""),
    ]);
    let (response, _) = post_form(&app, "/api/bedarfe/status", &review, Some(&koeln)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let incomplete = form(&[
        ("id", &id),
        ("version", &version),
        ("to", "forwarded"),
        ("comment", "Zuständig ist der IT-Planungsrat"),
        ("body", "IT-Planungsrat"),
        ("reference", ""),
        ("follow_up", ""),
    ]);
    let (response, text) = post_form(&app, "/api/bedarfe/status", &incomplete, Some(&chair)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(error_field(&text, "reference").as_deref(), Some("required"));
    assert_eq!(error_field(&text, "follow_up").as_deref(), Some("required"));
    assert_eq!(kept(&text, "body").as_deref(), Some("IT-Planungsrat"));
    let (response, text) = post_form(&app, "/api/bedarfe/status", &review, Some(&chair)).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{} {text}",
        response.status()
    );
    let (response, text) = post_form(&app, "/api/bedarfe/status", &review, Some(&chair)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "{text}");
    assert_eq!(
        demands::get(&app.db, public_id).await.unwrap().status,
        DemandStatus::Accepted
    );
    // Followers (the raiser and the co-signer) are told by e-mail; the chair who acted is not.
    let sent = app.mail().await;
    let told: Vec<&str> = sent
        .iter()
        .filter(|(_, subject, _)| subject == &format!("Bedarf #{public_id}: angenommen"))
        .map(|(to, _, _)| to.as_str())
        .collect();
    assert_eq!(
        told,
        ["kiel@gremium.example", "unterhaching@gremium.example"],
        "{sent:?}"
    );

    // CSV: the filtered list with a BOM, read back by a CSV parser field for field.
    let (response, body) = get_as(
        &app,
        "/bedarfe.csv?q=Schnittstellen&trennzeichen=semikolon",
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let body = body.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[1], "Titel");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        1,
        "the internal demand is not exported to the public"
    );
    assert_eq!(&rows[0][0], id.as_str());
    assert_eq!(&rows[0][1], TITLE, "quotes and semicolons survive");
    assert_eq!(&rows[0][2], "angenommen");
    assert_eq!(&rows[0][6], "1");
    assert_eq!(
        &rows[0][12],
        "Die Fachverfahren haben keine Schnittstelle,\nalles wird abgetippt."
    );
    let count = |body: &str| {
        let body = body.strip_prefix('\u{feff}').unwrap().to_owned();
        csv::Reader::from_reader(body.as_bytes()).records().count()
    };
    let (_, members) = get_as(&app, "/bedarfe.csv?q=Internes", Some(&koeln)).await;
    assert_eq!(
        count(&members),
        1,
        "members export internal demands (comma by default)"
    );
    let (_, public) = get_as(&app, "/bedarfe.csv?q=Internes", None).await;
    assert_eq!(count(&public), 0, "the public does not");
}

/// Settings on the account page: the daily digest instead of a mail per change, a stale form
/// refused with the choice kept, and one digest the next morning with the change in it.
#[tokio::test]
async fn a_follower_who_chose_the_daily_digest_gets_one_mail_a_day() {
    use chrono::{Days, NaiveTime};
    use gremium::domain::recurrence::{berlin_to_utc, berlin_today};
    use gremium::store::users;
    use gremium_app::mail::MailContext;

    let app = app_with(&vars(), true).await;
    let kiel = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let unterhaching = login(&app, "unterhaching@gremium.example", DEMO_PASSWORD).await;
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;

    let (response, text) = post_form(&app, "/api/konto/einstellungen", "", None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{text}");
    let (_, text) = post_form(&app, "/api/konto/einstellungen", "", Some(&unterhaching)).await;
    let settings: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(settings["demand_mail"], "Immediate", "{text}");
    assert_eq!(settings["publish"], false, "publication needs consent");
    let version = settings["version"].to_string();

    let (response, text) = post_form(
        &app,
        "/api/konto/einstellungen-speichern",
        &form(&[("demand_mail", "stuendlich"), ("version", &version)]),
        Some(&unterhaching),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );
    assert_eq!(
        error_field(&text, "demand_mail").as_deref(),
        Some("required")
    );
    // Timestamps have whole seconds: the demo's own changes must lie before the switch.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let daily = form(&[
        ("demand_mail", "daily"),
        ("publish", "on"),
        ("version", &version),
    ]);
    let (response, text) = post_form(
        &app,
        "/api/konto/einstellungen-speichern",
        &daily,
        Some(&unterhaching),
    )
    .await;
    assert_done(&response, &text);
    let (response, text) = post_form(
        &app,
        "/api/konto/einstellungen-speichern",
        &daily,
        Some(&unterhaching),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::CONFLICT,
        "a stale form: {text}"
    );
    assert_eq!(kept(&text, "demand_mail").as_deref(), Some("daily"));
    let user = users::login_record(&app.db, "unterhaching@gremium.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let stored = users::preferences(&app.db, user).await.unwrap();
    assert!(stored.publish);

    // Kiel raises, Unterhaching co-signs (and so follows), the chair reviews.
    let (response, text) = post_form(
        &app,
        "/api/bedarfe/neu",
        &form(&demand_form("Digitale Hundesteuer", true)),
        Some(&kiel),
    )
    .await;
    assert_done(&response, &text);
    let (_, list) = post_json(
        &app,
        "/api/bedarfe/liste",
        r#"{"query":{"q":"Hundesteuer"}}"#,
        Some(&kiel),
    )
    .await;
    let list: Value = serde_json::from_str(&list).unwrap();
    let id = list["page"]["items"][0]["id"]
        .as_i64()
        .expect("the new demand");
    let (response, text) = post_form(
        &app,
        "/api/bedarfe/mitzeichnen",
        &form(&[("id", &id.to_string()), ("reason", "Betrifft uns auch")]),
        Some(&unterhaching),
    )
    .await;
    assert_done(&response, &text);
    let version = demands::get(&app.db, id).await.unwrap().version.to_string();
    let review = form(&[
        ("id", &id.to_string()),
        ("version", &version),
        ("to", "in_review"),
        ("comment", "Wir prüfen"),
    ]);
    let (response, text) = post_form(&app, "/api/bedarfe/status", &review, Some(&chair)).await;
    assert_done(&response, &text);
    let mailed: Vec<String> = app
        .mail()
        .await
        .iter()
        .filter(|(_, subject, _)| subject.starts_with(&format!("Bedarf #{id}:")))
        .map(|(to, _, _)| to.clone())
        .collect();
    assert_eq!(
        mailed,
        ["kiel@gremium.example"],
        "no single mail for the digest reader"
    );

    // The next morning at 08:00 Berlin: one digest with the change, and only once.
    let mail = MailContext {
        enabled: true,
        public_url: "https://gremium.example".into(),
        wake: std::sync::Arc::new(|| {}),
    };
    let tomorrow = berlin_today(gremium::store::now())
        .checked_add_days(Days::new(1))
        .unwrap();
    let morning = berlin_to_utc(tomorrow.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap()));
    let sent = gremium_server::digest::send_due(&app.db, &mail, morning, DIGEST_FROM)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let again = gremium_server::digest::send_due(&app.db, &mail, morning, DIGEST_FROM)
        .await
        .unwrap();
    assert_eq!(again, 0, "one digest a day");
    let outbox = app.mail().await;
    let (to, subject, body) = outbox.last().unwrap();
    assert_eq!(to, "unterhaching@gremium.example");
    assert_eq!(subject, "Gremium: Neues zu 1 Bedarf");
    assert!(body.contains("„Digitale Hundesteuer“"), "{body}");
    assert!(body.contains("Status eingereicht → in Prüfung"), "{body}");
    assert!(body.contains("Wir prüfen"), "{body}");
    assert!(
        body.contains(&format!("https://gremium.example/bedarfe/{id}")),
        "{body}"
    );
}
