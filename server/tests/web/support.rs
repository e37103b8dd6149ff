//! The app on a fresh database with the demo content, driven through its router without a
//! socket; helpers to send requests and to sign in.
//!
//! The database is SQLite, or PostgreSQL when `GREMIUM_TEST_HTTP_DATABASE=postgres` (a fresh
//! database per test on the server at `GREMIUM_TEST_POSTGRES_URL`, dropped afterwards):
//! `scripts/test` runs this binary once on each.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]
#![allow(
    dead_code,
    reason = "shared helpers: not every test binary uses each one"
)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use gremium::store::{Db, DbOptions};
use gremium_server::config::Config;
use gremium_server::demo;
use gremium_server::mail::{Sending, Transport};
use gremium_server::startup::{AppState, router};
use http_body_util::BodyExt;
use sqlx::Connection;
use tower::ServiceExt;

pub const DEMO_PASSWORD: &str = demo::DEMO_PASSWORD;

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub outbox: Arc<CapturingTransport>,
    pub public_url: String,
    /// The database's URL, for a second server on the same database.
    pub database_url: String,
    _database: TestDatabase,
}

impl TestApp {
    /// Lets the outbox worker send what is due now, and returns every message the mail
    /// server has accepted so far: (to, subject, text).
    pub async fn mail(&self) -> Vec<(String, String, String)> {
        gremium_server::delivery::deliver_due(
            &self.db,
            self.outbox.as_ref(),
            &self.public_url,
            gremium::store::now(),
        )
        .await
        .expect("outbox");
        self.outbox.sent.lock().unwrap().clone()
    }
}

/// Where a test's data lives; dropping it removes the data.
enum TestDatabase {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A fresh SQLite file in a directory of its own, and its URL.
    fn sqlite() -> (Self, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("http.db").display());
        (Self::Sqlite(dir), url)
    }

    /// A fresh, empty database of the kind `GREMIUM_TEST_HTTP_DATABASE` names, and its URL.
    async fn create() -> (Self, String) {
        match std::env::var("GREMIUM_TEST_HTTP_DATABASE").as_deref() {
            Ok("postgres") => {
                let admin_url = std::env::var("GREMIUM_TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
                let name = format!("gremium_http_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url}: {e}"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                let (server, query) = admin_url
                    .split_once('?')
                    .map_or((admin_url.as_str(), None), |(b, q)| (b, Some(q)));
                let server = server.rsplit_once('/').map_or(server, |(s, _)| s);
                let url = match query {
                    Some(q) => format!("{server}/{name}?{q}"),
                    None => format!("{server}/{name}"),
                };
                (Self::Postgres { admin_url, name }, url)
            }
            Ok("sqlite") | Err(_) => Self::sqlite(),
            Ok(other) => panic!("GREMIUM_TEST_HTTP_DATABASE={other}: use sqlite or postgres"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Self::Postgres { admin_url, name } = self else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            });
        });
        let _ = dropped.join();
    }
}

/// A mail server that accepts everything and keeps it for the test to read.
#[derive(Default)]
pub struct CapturingTransport {
    pub sent: Mutex<Vec<(String, String, String)>>,
}

impl Transport for CapturingTransport {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> Sending<'a> {
        self.sent
            .lock()
            .unwrap()
            .push((to.to_owned(), subject.to_owned(), body.to_owned()));
        Box::pin(async { Ok(()) })
    }
}

/// The app with default settings plus `vars` (as environment variables); with `smtp`, e-mail
/// is on and goes to a capturing mail server (`TestApp::mail`).
pub async fn app_with(vars: &[(&str, &str)], smtp: bool) -> TestApp {
    let outbox = Arc::new(CapturingTransport::default());
    let transport: Option<Arc<dyn Transport>> = smtp.then(|| outbox.clone() as Arc<dyn Transport>);
    app_with_transport(vars, transport, outbox).await
}

/// The app with e-mail handed to `transport` (a real SMTP server in the mail tests).
pub async fn app_with_transport(
    vars: &[(&str, &str)],
    transport: Option<Arc<dyn Transport>>,
    outbox: Arc<CapturingTransport>,
) -> TestApp {
    build(TestDatabase::create().await, vars, transport, outbox).await
}

/// The app on a fresh SQLite file whatever `GREMIUM_TEST_HTTP_DATABASE` says: for what only
/// SQLite has (its file and the file's lock).
pub async fn sqlite_app() -> TestApp {
    build(TestDatabase::sqlite(), &[], None, Arc::default()).await
}

async fn build(
    (database, url): (TestDatabase, String),
    vars: &[(&str, &str)],
    transport: Option<Arc<dyn Transport>>,
    outbox: Arc<CapturingTransport>,
) -> TestApp {
    let db = Db::connect(&url, &DbOptions::default())
        .await
        .expect("database");
    demo::seed(&db).await.expect("demo data");
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let config =
        Config::from_sources(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .expect("config");
    let state = AppState::with_transport(&config, db.clone(), transport)
        .await
        .expect("state");
    TestApp {
        router: router(state),
        db,
        outbox,
        public_url: config.public_url.clone(),
        database_url: url,
        _database: database,
    }
}

pub async fn app() -> TestApp {
    app_with(&[], false).await
}

pub async fn send(app: &TestApp, request: Request<Body>) -> (Response<()>, String) {
    let response = app.router.clone().oneshot(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    (
        Response::from_parts(parts, ()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

pub async fn get(app: &TestApp, uri: &str) -> (Response<()>, String) {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

/// A GET with the session cookie, if any.
pub async fn get_as(app: &TestApp, uri: &str, cookie: Option<&str>) -> (Response<()>, String) {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

/// A form POST as an API client would send it (no `Accept: text/html`, so no redirect).
pub async fn post_form(
    app: &TestApp,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
) -> (Response<()>, String) {
    post_form_accepting(app, uri, body, cookie, "application/json").await
}

/// A form POST that asks for `accept` in return.
async fn post_form_accepting(
    app: &TestApp,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
    accept: &str,
) -> (Response<()>, String) {
    let mut request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, accept);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(
        app,
        request.body(Body::from(body.to_owned())).expect("request"),
    )
    .await
}

/// The call succeeded: 2xx, or a redirect back to a page. A refusal (4xx) fails it, and so does
/// a server error (500), which `!is_client_error()` would let pass.
#[track_caller]
pub fn assert_done(response: &Response<()>, text: &str) {
    let status = response.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {text}"
    );
}

/// A form POST as a browser sends it without our script (`Accept: text/html`): answered with a
/// redirect back to a page.
pub async fn post_browser_form(
    app: &TestApp,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
) -> (Response<()>, String) {
    post_form_accepting(app, uri, body, cookie, "text/html,application/xhtml+xml").await
}

/// A JSON POST (server functions declared with `input = Json`).
pub async fn post_json(
    app: &TestApp,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
) -> (Response<()>, String) {
    let mut request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(
        app,
        request.body(Body::from(body.to_owned())).expect("request"),
    )
    .await
}

/// The `name=value` of the session cookie a response sets.
pub fn session_cookie(response: &Response<()>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gremium=") || v.starts_with("__Host-gremium="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// Signs in and returns the session cookie.
pub async fn login(app: &TestApp, email: &str, password: &str) -> String {
    let body = serde_urlencoded::to_string([("email", email), ("password", password)]).unwrap();
    let (response, text) = post_form(app, "/api/anmelden", &body, None).await;
    assert!(
        response.status().is_success(),
        "sign-in of {email}: {} {text}",
        response.status()
    );
    session_cookie(&response).expect("a meeting cookie")
}

/// A form body, URL-encoded.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

/// The problem the server put at `field` of a refused form (422 or 409 body).
pub fn error_field(text: &str, field: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let form = value.get("Invalid").or_else(|| value.get("Conflict"))?;
    form["errors"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .map(|e| match &e["problem"] {
            // A problem with details (`{"topic_closed": {…}}`) is named by its key.
            serde_json::Value::Object(details) => {
                details.keys().next().cloned().unwrap_or_default()
            }
            code => code.as_str().unwrap_or_default().to_owned(),
        })
}

/// The input the server handed back for `field` of a refused form.
pub fn kept(text: &str, field: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let form = value.get("Invalid").or_else(|| value.get("Conflict"))?;
    form["input"]
        .as_array()?
        .iter()
        .find(|pair| pair[0] == field)
        .map(|pair| pair[1].as_str().unwrap_or_default().to_owned())
}

/// A REST API call: any method, a JSON body (empty: none), a bearer token and/or a cookie.
pub async fn call_api(
    app: &TestApp,
    method: &str,
    uri: &str,
    body: &str,
    token: Option<&str>,
    cookie: Option<&str>,
) -> (Response<()>, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if !body.is_empty() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(
        app,
        request.body(Body::from(body.to_owned())).expect("request"),
    )
    .await
}

/// Every row of every table that holds the committee's data, as text and sorted, by table;
/// `except` names tables to leave out (besides the database's own and full-text indexes).
pub async fn table_rows(db: &Db, except: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    match db {
        Db::Sqlite { reader, .. } => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
            )
            .fetch_all(reader)
            .await
            .unwrap();
            for table in tables.into_iter().filter(|t| !except.contains(&t.as_str())) {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(reader)
                        .await
                        .unwrap();
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let mut rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT {row} FROM \"{table}\""))
                        .fetch_all(reader)
                        .await
                        .unwrap();
                rows.sort();
                out.insert(table, rows);
            }
        }
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables.into_iter().filter(|t| !except.contains(&t.as_str())) {
                let mut rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT t::text FROM \"{table}\" t"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                rows.sort();
                out.insert(table, rows);
            }
        }
    }
    out
}
