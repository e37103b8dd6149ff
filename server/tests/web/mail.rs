//! E-mail through the outbox, against a real SMTP server (aiosmtpd, started by the test):
//! a message is delivered once; with the mail server down the request still succeeds and the
//! message follows when the server is back; a refused message is kept, shown to the admins and
//! sent again on their word.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use gremium::domain::preferences::DIGEST_FROM;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use axum::http::{StatusCode, header};
use gremium::domain::outbox::{Delivery, MailKind};
use gremium::domain::page::PageRequest;
use gremium::store::outbox::{self, Letter};
use gremium_server::delivery::{Round, deliver_due};
use gremium_server::mail::{Smtp, Transport};

use crate::support::{DEMO_PASSWORD, TestApp, app_with_transport, form, get_as, login, post_form};

const ADMIN: &str = "admin@gremium.example";

/// A real SMTP server in a child process, writing each accepted message into a directory.
struct SmtpSink {
    child: Child,
    directory: tempfile::TempDir,
}

impl SmtpSink {
    /// Starts the server on `port`; `reject` refuses every recipient with a permanent 550.
    fn start(port: u16, reject: bool) -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = root.join("end2end/.venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run scripts/setup (it installs aiosmtpd)",
            python.display()
        );
        let directory = tempfile::tempdir().unwrap();
        let mut command = Command::new(python);
        command
            .arg(root.join("server/tests/smtp_sink.py"))
            .arg(port.to_string())
            .arg(directory.path())
            .stdout(Stdio::piped());
        if reject {
            command.arg("--reject");
        }
        let mut child = command.spawn().unwrap();
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP test server did not start");
        Self { child, directory }
    }

    /// Every accepted message, as its raw text, in the order they came.
    fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.directory.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (for now).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The app with e-mail going to the SMTP server at `port`, and that transport.
async fn app_mailing_to(port: u16) -> (TestApp, Arc<dyn Transport>) {
    let transport: Arc<dyn Transport> = Arc::new(
        Smtp::new(
            &format!("smtp://127.0.0.1:{port}"),
            "Gremium <gremium@localhost>",
        )
        .unwrap(),
    );
    let app = app_with_transport(&[], Some(transport.clone()), Arc::default()).await;
    (app, transport)
}

async fn deliver(app: &TestApp, transport: &Arc<dyn Transport>, after_seconds: i64) -> Round {
    let at = gremium::store::now() + chrono::Duration::seconds(after_seconds);
    deliver_due(&app.db, transport.as_ref(), &app.public_url, at)
        .await
        .unwrap()
}

async fn invite(app: &TestApp, email: &str) {
    let admin = login(app, ADMIN, DEMO_PASSWORD).await;
    let body = form(&[
        ("email", email),
        ("display_name", "Post"),
        ("organization", ""),
    ]);
    let (response, text) = post_form(app, "/api/admin/einladen", &body, Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/admin/personen"), "{location}");
}

/// Puts a notification to `to` into the outbox, as a committed change would.
async fn write(db: &gremium::store::Db, to: &str, subject: &str) {
    let mut tx = db.begin().await.unwrap();
    let letter = Letter {
        kind: MailKind::Notification,
        to: to.to_owned(),
        subject: subject.to_owned(),
        body: "Text".to_owned(),
        link: None,
    };
    outbox::enqueue(&mut tx, gremium::store::now(), &letter)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A message the outbox has given up on, for tests that need one: its id.
pub async fn given_up(app: &TestApp, to: &str) -> i64 {
    write(&app.db, to, "Eine Nachricht").await;
    let now = gremium::store::now();
    let claimed = outbox::claim(&app.db, now, chrono::Duration::minutes(1), 100)
        .await
        .unwrap();
    let mail = claimed.into_iter().find(|m| m.to == to).unwrap();
    outbox::not_delivered(&app.db, mail.id, now, "550 gibt es nicht", None)
        .await
        .unwrap();
    mail.id
}

#[tokio::test]
async fn an_invitation_reaches_a_real_mail_server_once() {
    let port = free_port();
    let sink = SmtpSink::start(port, false);
    let (app, transport) = app_mailing_to(port).await;
    invite(&app, "post@kiel.de").await;
    assert!(
        sink.messages().is_empty(),
        "the request itself sends nothing"
    );

    let round = deliver(&app, &transport, 0).await;
    assert_eq!(round.sent, 1, "{round:?}");
    assert_eq!(
        deliver(&app, &transport, 3600).await,
        Round::default(),
        "nothing is sent twice"
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: post@kiel.de"), "{}", messages[0]);
    assert!(
        messages[0].contains("/einladung?t="),
        "the link: {}",
        messages[0]
    );
}

#[tokio::test]
async fn with_the_mail_server_down_a_reset_is_still_answered_and_mailed_when_it_is_back() {
    let port = free_port();
    let (app, transport) = app_mailing_to(port).await;
    let body = form(&[("email", "kiel@gremium.example")]);
    let (response, text) = post_form(&app, "/api/passwort/vergessen", &body, None).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{} {text}",
        response.status()
    );

    let round = deliver(&app, &transport, 0).await;
    assert_eq!((round.sent, round.retrying), (0, 1), "{round:?}");
    let waiting = outbox::undelivered(&app.db, PageRequest::new(None, None))
        .await
        .unwrap();
    assert_eq!(waiting.items.len(), 1);
    assert_eq!(waiting.items[0].delivery, Delivery::Retrying);
    assert!(
        !waiting.items[0].reason.is_empty(),
        "the reason is kept for the admins"
    );

    let sink = SmtpSink::start(port, false);
    assert_eq!(
        deliver(&app, &transport, 0).await,
        Round::default(),
        "not before its retry time"
    );
    let round = deliver(&app, &transport, 31).await;
    assert_eq!(round.sent, 1, "{round:?}");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("/passwort/neu?t="), "{}", messages[0]);
    assert!(
        outbox::undelivered(&app.db, PageRequest::new(None, None))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn a_refused_message_is_shown_to_the_admins_and_sent_again_on_their_word() {
    let port = free_port();
    let refusing = SmtpSink::start(port, true);
    let (app, transport) = app_mailing_to(port).await;
    invite(&app, "abgelehnt@kiel.de").await;
    let round = deliver(&app, &transport, 0).await;
    assert_eq!(round.failed, 1, "a 550 is permanent: {round:?}");
    assert!(refusing.messages().is_empty());
    drop(refusing);

    let admin = login(&app, ADMIN, DEMO_PASSWORD).await;
    let (response, page) = get_as(&app, "/admin/e-mail", Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(page.contains("abgelehnt@kiel.de"), "{page}");
    assert!(page.contains("550"), "the reason is shown: {page}");
    assert!(page.contains("Erneut senden"), "{page}");

    let failed = outbox::undelivered(&app.db, PageRequest::new(None, None))
        .await
        .unwrap()
        .items[0]
        .id;
    let accepting = SmtpSink::start(port, false);
    let (response, text) = post_form(
        &app,
        "/api/admin/e-mail-erneut",
        &form(&[("id", &failed.to_string())]),
        Some(&admin),
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{} {text}",
        response.status()
    );
    let round = deliver(&app, &transport, 0).await;
    assert_eq!(round.sent, 1, "{round:?}");
    assert_eq!(accepting.messages().len(), 1);
    let (again, again_text) = post_form(
        &app,
        "/api/admin/e-mail-erneut",
        &form(&[("id", &failed.to_string())]),
        Some(&admin),
    )
    .await;
    assert_eq!(
        again.status(),
        StatusCode::NOT_FOUND,
        "a delivered message is not sent again: {again_text}"
    );
}

#[tokio::test]
async fn two_servers_on_one_database_send_each_message_and_digest_once() {
    use gremium::domain::preferences::DemandMail;
    use gremium::store::{Db, DbOptions, users};
    use gremium_app::mail::MailContext;

    let app = crate::support::app_with(&[], true).await;
    // The second server: its own connections to the same database, its own mail server.
    let other_db = Db::connect(&app.database_url, &DbOptions::default())
        .await
        .unwrap();
    let other: Arc<crate::support::CapturingTransport> = Arc::default();

    for n in 0..60 {
        write(
            &app.db,
            &format!("person{n}@example.org"),
            &format!("Nachricht {n}"),
        )
        .await;
    }
    let now = gremium::store::now();
    let (first, second) = tokio::join!(
        deliver_due(&app.db, app.outbox.as_ref(), &app.public_url, now),
        deliver_due(&other_db, other.as_ref(), &app.public_url, now),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.sent + second.sent, 60, "{first:?} {second:?}");
    let mut subjects: Vec<String> = app
        .outbox
        .sent
        .lock()
        .unwrap()
        .iter()
        .chain(other.sent.lock().unwrap().iter())
        .map(|(_, subject, _)| subject.clone())
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 60, "no message sent by both servers");

    // The daily digest: a reader with something new, both servers looking at once.
    let reader = users::login_record(&app.db, "unterhaching@gremium.example")
        .await
        .unwrap()
        .unwrap();
    let mut preferences = users::preferences(&app.db, reader.id).await.unwrap();
    preferences.demand_mail = DemandMail::Daily;
    users::set_preferences(
        &app.db,
        reader.id,
        &preferences,
        &gremium::domain::audit::Actor::system(),
    )
    .await
    .unwrap();
    // Something to tell: a demand the reader follows moves on.
    let demand = gremium::store::demands::list(
        &app.db,
        &gremium::domain::demands::DemandFilter::default(),
        gremium::domain::demands::Visibility {
            internal: false,
            organization_id: None,
        },
        PageRequest::new(None, None),
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .find(|d| d.status == gremium::domain::demands::DemandStatus::Submitted)
    .unwrap();
    gremium::store::demands::set_following(&app.db, demand.id, reader.id, true)
        .await
        .unwrap();
    let chair = login(&app, "vorsitz@gremium.example", DEMO_PASSWORD).await;
    let (response, text) = post_form(
        &app,
        "/api/bedarfe/status",
        &form(&[
            ("id", &demand.id.to_string()),
            ("version", &demand.version.to_string()),
            ("to", "in_review"),
            ("comment", "Wir prüfen"),
        ]),
        Some(&chair),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{text}");
    let mail = MailContext {
        enabled: true,
        public_url: app.public_url.clone(),
        wake: Arc::new(|| {}),
    };
    let tomorrow = gremium::domain::recurrence::berlin_today(gremium::store::now())
        .checked_add_days(chrono::Days::new(1))
        .unwrap();
    let morning = gremium::domain::recurrence::berlin_to_utc(
        tomorrow.and_time(chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()),
    );
    let (a, b) = tokio::join!(
        gremium_server::digest::send_due(&app.db, &mail, morning, DIGEST_FROM),
        gremium_server::digest::send_due(&other_db, &mail, morning, DIGEST_FROM),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a + b,
        1,
        "one digest, written by one of the servers: {a} + {b}"
    );
    let claimed = outbox::claim(
        &app.db,
        gremium::store::now(),
        chrono::Duration::minutes(1),
        100,
    )
    .await
    .unwrap();
    let digests = claimed
        .iter()
        .filter(|m| m.kind == MailKind::Digest)
        .count();
    assert_eq!(digests, a + b, "what was written is what waits");
    other_db.close().await;
}
