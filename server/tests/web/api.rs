//! The REST API: tokens made and revoked on the account page, every documented endpoint called
//! (the test fails when the OpenAPI document lists one it did not call), problem details for
//! refusals, a representative's token co-signing only for its own organization, rate limits.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{
    DEMO_PASSWORD, TestApp, app_with, assert_done, call_api, form, login, post_form,
};

const WEB: &str = "https://gremium.example";

/// Makes a token on the account page (as a browser would) and reads it from the page's data,
/// where it is shown once.
async fn token(app: &TestApp, cookie: &str, name: &str, write: bool) -> String {
    let mut fields = vec![("name", name), ("read", "on"), ("lifetime", "90")];
    if write {
        fields.push(("write", "on"));
    }
    let (response, text) = post_form(
        app,
        "/api/konto/api-schluessel-neu",
        &form(&fields),
        Some(cookie),
    )
    .await;
    assert_done(&response, &text);
    let (_, page) = post_form(app, "/api/konto/api-schluessel", "", Some(cookie)).await;
    let page: Value = serde_json::from_str(&page).unwrap();
    let fresh = page["fresh"].as_str().unwrap().to_owned();
    assert!(fresh.starts_with("grm_"));
    let (_, again) = post_form(app, "/api/konto/api-schluessel", "", Some(cookie)).await;
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["fresh"], Value::Null, "shown once");
    fresh
}

fn is_problem(response: &axum::http::Response<()>, text: &str, status: StatusCode) -> Value {
    assert_eq!(response.status(), status, "{text}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json",
        "{text}"
    );
    let problem: Value = serde_json::from_str(text).unwrap();
    assert_eq!(problem["status"], status.as_u16());
    assert!(problem["type"].as_str().unwrap().starts_with("https://"));
    assert!(!problem["title"].as_str().unwrap().is_empty());
    problem
}

#[tokio::test]
async fn every_documented_endpoint_works_with_tokens() {
    let app = app_with(
        &[
            ("GREMIUM_PUBLIC_URL", WEB),
            ("GREMIUM_AUTH_RATE_PER_MINUTE", "100000"),
            ("GREMIUM_API_RATE_PER_MINUTE", "100000"),
        ],
        false,
    )
    .await;
    let mut called: BTreeSet<(String, String)> = BTreeSet::new();
    let mut note = |method: &str, path: &str| {
        called.insert((method.to_lowercase(), path.to_owned()));
    };
    let kiel = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let koeln = login(&app, "koeln@gremium.example", DEMO_PASSWORD).await;
    let kiel_token = token(&app, &kiel, "Fachverfahren Kiel", true).await;
    let koeln_token = token(&app, &koeln, "Skript Köln", true).await;
    let reader = token(&app, &koeln, "Nur lesen", false).await;
    let (response, text) = post_form(
        &app,
        "/api/konto/api-schluessel-neu",
        &form(&[("name", "  ")]),
        Some(&kiel),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{text}"
    );

    // Reading: public demands without a token; the internal one with Kiel's.
    note("get", "/api/v1/demands");
    let (response, text) = call_api(&app, "GET", "/api/v1/demands", "", None, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let public: Value = serde_json::from_str(&text).unwrap();
    let (_, text) = call_api(&app, "GET", "/api/v1/demands", "", Some(&kiel_token), None).await;
    let insider: Value = serde_json::from_str(&text).unwrap();
    assert!(
        insider["total"].as_u64() > public["total"].as_u64(),
        "{insider}"
    );
    let internal = insider["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["public"] == false)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (response, text) = call_api(
        &app,
        "GET",
        &format!("/api/v1/demands/{internal}"),
        "",
        None,
        None,
    )
    .await;
    is_problem(&response, &text, StatusCode::NOT_FOUND);
    for query in [
        "status=unbekannt",
        "von=2026-13-01",
        "kategorie=abc",
        "sortierung=zufall",
    ] {
        let (response, text) = call_api(
            &app,
            "GET",
            &format!("/api/v1/demands?{query}"),
            "",
            None,
            None,
        )
        .await;
        let problem = is_problem(&response, &text, StatusCode::BAD_REQUEST);
        let name = query.split('=').next().unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains(name),
            "{problem}"
        );
    }
    let (response, text) =
        call_api(&app, "GET", "/api/v1/demands", "", Some("grm_falsch"), None).await;
    is_problem(&response, &text, StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");

    // Raising: a token with the write scope, for its person's organization.
    note("post", "/api/v1/demands");
    let new = json!({
        "title": "Digitale Sperrmüllanmeldung",
        "problem": "Nur per Telefon.",
        "outcome": "Ein Online-Dienst für alle.",
        "category": 1,
        "tags": ["Abfall"],
        "urgency": "normal",
        "links": [],
        "public": true
    })
    .to_string();
    let (response, text) = call_api(&app, "POST", "/api/v1/demands", &new, None, None).await;
    is_problem(&response, &text, StatusCode::UNAUTHORIZED);
    let (response, text) =
        call_api(&app, "POST", "/api/v1/demands", &new, Some(&reader), None).await;
    is_problem(&response, &text, StatusCode::FORBIDDEN);
    let empty = json!({"title": " ", "problem": "x", "outcome": "y", "category": 1,
        "urgency": "sofort", "public": true})
    .to_string();
    let (response, text) = call_api(
        &app,
        "POST",
        "/api/v1/demands",
        &empty,
        Some(&kiel_token),
        None,
    )
    .await;
    let problem = is_problem(&response, &text, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"urgency"),
        "{problem}"
    );
    let (response, text) = call_api(
        &app,
        "POST",
        "/api/v1/demands",
        "{kein json",
        Some(&kiel_token),
        None,
    )
    .await;
    is_problem(&response, &text, StatusCode::BAD_REQUEST);
    let (response, text) = call_api(
        &app,
        "POST",
        "/api/v1/demands",
        &new,
        Some(&kiel_token),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED, "{text}");
    let raised: Value = serde_json::from_str(&text).unwrap();
    let id = raised["id"].as_i64().unwrap();
    assert!(
        raised["organization"]["name"]
            .as_str()
            .unwrap()
            .contains("Kiel"),
        "{raised}"
    );
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("{WEB}/api/v1/demands/{id}").as_str()
    );

    // One demand with its timeline.
    note("get", "/api/v1/demands/{id}");
    let (response, text) = call_api(
        &app,
        "GET",
        &format!("/api/v1/demands/{id}"),
        "",
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let detail: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(detail["demand"]["title"], "Digitale Sperrmüllanmeldung");
    assert_eq!(detail["timeline"][0]["kind"], "raised");

    // Co-signing: Köln's token signs for Köln, once; it cannot name another organization;
    // Kiel cannot co-sign its own demand.
    note("put", "/api/v1/demands/{id}/cosignature");
    let cosign = format!("/api/v1/demands/{id}/cosignature");
    let reason = json!({"reason": "Betrifft uns auch"}).to_string();
    let (response, text) = call_api(&app, "PUT", &cosign, &reason, Some(&koeln_token), None).await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let signed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (signed["counted"].as_bool(), signed["cosignatures"].as_i64()),
        (Some(true), Some(1))
    );
    let koeln_org = signed["organization"].as_i64().unwrap();
    let (_, text) = call_api(&app, "PUT", &cosign, &reason, Some(&koeln_token), None).await;
    let again: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (again["counted"].as_bool(), again["cosignatures"].as_i64()),
        (Some(false), Some(1))
    );
    let signers = gremium::store::demands::cosignatures(&app.db, id)
        .await
        .unwrap();
    assert_eq!(signers.len(), 1);
    assert_eq!(signers[0].organization_id, koeln_org);
    let elsewhere = json!({"reason": "x", "organization": 1}).to_string();
    let (response, text) =
        call_api(&app, "PUT", &cosign, &elsewhere, Some(&koeln_token), None).await;
    is_problem(&response, &text, StatusCode::BAD_REQUEST);
    let (response, text) = call_api(&app, "PUT", &cosign, &reason, Some(&kiel_token), None).await;
    is_problem(&response, &text, StatusCode::CONFLICT);
    let (response, text) = call_api(&app, "PUT", &cosign, &reason, Some(&reader), None).await;
    is_problem(&response, &text, StatusCode::FORBIDDEN);
    let (response, text) = call_api(&app, "PUT", &cosign, &reason, None, Some(&koeln)).await;
    is_problem(&response, &text, StatusCode::UNAUTHORIZED);

    note("delete", "/api/v1/demands/{id}/cosignature");
    let (response, text) = call_api(&app, "DELETE", &cosign, "", Some(&koeln_token), None).await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let withdrawn: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(withdrawn["cosignatures"], 0);

    // A revoked token stops at once.
    let (_, page) = post_form(&app, "/api/konto/api-schluessel", "", Some(&koeln)).await;
    let page: Value = serde_json::from_str(&page).unwrap();
    let script = page["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Skript Köln")
        .unwrap()["id"]
        .to_string();
    let (_, page) = post_form(&app, "/api/konto/api-schluessel", "", Some(&kiel)).await;
    assert!(!page.contains("Skript Köln"), "one's own tokens only");
    let (response, _) = post_form(
        &app,
        "/api/konto/api-schluessel-widerrufen",
        &form(&[("id", &script)]),
        Some(&kiel),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not Kiel's to revoke"
    );
    post_form(
        &app,
        "/api/konto/api-schluessel-widerrufen",
        &form(&[("id", &script)]),
        Some(&koeln),
    )
    .await;
    let (response, text) = call_api(&app, "PUT", &cosign, &reason, Some(&koeln_token), None).await;
    is_problem(&response, &text, StatusCode::UNAUTHORIZED);

    // The document lists exactly what was called here; the docs page shows every path.
    let (response, text) = call_api(&app, "GET", "/api/v1/openapi.json", "", None, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().get(..2), Some("3."));
    assert_eq!(doc["servers"][0]["url"], WEB);
    let mut documented = BTreeSet::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, operation) in methods.as_object().unwrap() {
            documented.insert((method.clone(), path.clone()));
            // A path parameter must appear in the path (the filters are query parameters).
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                match parameter["in"].as_str().unwrap() {
                    "path" => assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: {name}"
                    ),
                    place => assert_eq!(place, "query", "{method} {path}: {name}"),
                }
            }
        }
    }
    assert_eq!(documented, called, "every documented endpoint is exercised");
    let (response, page) = call_api(&app, "GET", "/api/v1/docs", "", None, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.starts_with("default-src 'none'"),
        "no scripts on the docs page: {policy}"
    );
    for (method, path) in &documented {
        assert!(
            page.contains(&format!("{} {path}", method.to_uppercase())),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn requests_beyond_the_rate_get_429() {
    let app = app_with(&[("GREMIUM_API_RATE_PER_MINUTE", "3")], false).await;
    for _ in 0..3 {
        let (response, _) = call_api(&app, "GET", "/api/v1/demands", "", None, None).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (response, text) = call_api(&app, "GET", "/api/v1/demands", "", None, None).await;
    is_problem(&response, &text, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[header::RETRY_AFTER], "60");
    // Unknown tokens share the address's allowance: guessing buys no fresh quota.
    for guess in ["grm_unbekannt", "grm_geraten", "grm_nochmal"] {
        let (response, text) =
            call_api(&app, "GET", "/api/v1/demands", "", Some(guess), None).await;
        is_problem(&response, &text, StatusCode::TOO_MANY_REQUESTS);
    }
    // A working token has its own, and is held to it too.
    let kiel = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let working = token(&app, &kiel, "Skript", false).await;
    for _ in 0..3 {
        let (response, _) =
            call_api(&app, "GET", "/api/v1/demands", "", Some(&working), None).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (response, text) = call_api(&app, "GET", "/api/v1/demands", "", Some(&working), None).await;
    is_problem(&response, &text, StatusCode::TOO_MANY_REQUESTS);
    // Another token has an allowance of its own.
    let other = token(&app, &kiel, "Zweites Skript", false).await;
    let (response, _) = call_api(&app, "GET", "/api/v1/demands", "", Some(&other), None).await;
    assert_eq!(response.status(), StatusCode::OK);
}
