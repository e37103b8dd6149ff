//! The outbox: a message exists only if its change was committed; each is claimed by one
//! worker at a time; failures wait longer each time and are kept when given up; an admin
//! sends one again.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::Duration;
use gremium::domain::audit::Actor;
use gremium::domain::outbox::{Delivery, MAX_AGE, MailKind, retry_at};
use gremium::domain::page::PageRequest;
use gremium::store::outbox::{self, Letter};
use gremium::store::{Db, StoreError, now};

fn letter(to: &str) -> Letter {
    Letter {
        kind: MailKind::Notification,
        to: to.to_owned(),
        subject: format!("An {to}"),
        body: "Geheimer Link: /passwort/neu?t=abc".to_owned(),
        link: Some("/bedarfe/1".to_owned()),
    }
}

async fn write(db: &Db, to: &str, commit: bool) {
    let mut tx = db.begin().await.unwrap();
    outbox::enqueue(&mut tx, now(), &letter(to)).await.unwrap();
    if commit {
        tx.commit().await.unwrap();
    }
}

async fn undelivered(db: &Db) -> Vec<gremium::domain::outbox::Undelivered> {
    outbox::undelivered(db, PageRequest::new(None, None))
        .await
        .unwrap()
        .items
}

async fn only_committed_mail_is_sent_and_each_once(db: &Db) {
    write(db, "verworfen@example.org", false).await;
    assert!(
        outbox::claim(db, now(), Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty(),
        "a rolled-back change leaves no e-mail"
    );

    for n in 0..40 {
        write(db, &format!("person{n}@example.org"), true).await;
    }
    assert_eq!(outbox::waiting(db).await.unwrap(), 40);
    // Four workers claim at once: every message goes to exactly one of them.
    let at = now();
    let claim = || outbox::claim(db, at, Duration::minutes(5), 7);
    let (a, b, c, d) = tokio::join!(claim(), claim(), claim(), claim());
    let claims = [a, b, c, d];
    let mut first_round: Vec<i64> = Vec::new();
    for claimed in claims {
        first_round.extend(claimed.unwrap().iter().map(|m| m.id));
    }
    let mut rest = Vec::new();
    loop {
        let claimed = outbox::claim(db, at, Duration::minutes(5), 7)
            .await
            .unwrap();
        if claimed.is_empty() {
            break;
        }
        rest.extend(claimed.iter().map(|m| m.id));
    }
    let mut all: Vec<i64> = first_round.iter().chain(&rest).copied().collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(count, 40, "each message claimed once");
    assert_eq!(all.len(), 40, "no message claimed twice");

    // A claim holds until its lease runs out; a worker that died is then replaced.
    let again = outbox::claim(db, at + Duration::minutes(6), Duration::minutes(5), 100)
        .await
        .unwrap();
    assert_eq!(again.len(), 40, "expired claims are claimed again");
    assert!(again.iter().all(|m| m.attempts == 2));
    for mail in &again {
        outbox::delivered(db, mail.id, at).await.unwrap();
    }
    assert_eq!(outbox::waiting(db).await.unwrap(), 0);
    assert!(
        outbox::claim(db, at + Duration::days(1), Duration::minutes(5), 100)
            .await
            .unwrap()
            .is_empty(),
        "a delivered message is never sent again"
    );
    assert!(undelivered(db).await.is_empty());
}
on_both_databases!(committed_once, only_committed_mail_is_sent_and_each_once);

async fn failures_wait_longer_and_are_kept_when_given_up(db: &Db) {
    write(db, "langsam@example.org", true).await;
    let start = now();
    let mail = outbox::claim(db, start, Duration::minutes(5), 10)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(mail.attempts, 1);
    assert_eq!(mail.body, "Geheimer Link: /passwort/neu?t=abc");
    let retry = retry_at(start, mail.attempts, false);
    outbox::not_delivered(db, mail.id, start, "Verbindung abgelehnt", retry)
        .await
        .unwrap();
    let listed = undelivered(db).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].delivery, Delivery::Retrying);
    assert_eq!(listed[0].reason, "Verbindung abgelehnt");
    assert_eq!(listed[0].at, start + Duration::seconds(30));
    assert!(
        outbox::claim(db, start + Duration::seconds(29), Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty(),
        "not before its retry time"
    );
    let mail = outbox::claim(db, start + Duration::seconds(30), Duration::minutes(5), 10)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(mail.attempts, 2);
    outbox::not_delivered(db, mail.id, start, "550 unbekannt", None)
        .await
        .unwrap();
    let listed = undelivered(db).await;
    assert_eq!(listed[0].delivery, Delivery::Failed);
    assert_eq!(listed[0].reason, "550 unbekannt");
    assert!(
        outbox::claim(db, start + Duration::days(1), Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty(),
        "a given-up message is not tried again by itself"
    );

    let admin = Actor::system();
    outbox::send_again(db, mail.id, &admin).await.unwrap();
    assert!(matches!(
        outbox::send_again(db, mail.id, &admin).await,
        Err(StoreError::NotFound)
    ));
    let mail = outbox::claim(db, now(), Duration::minutes(5), 10)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(mail.attempts, 1, "a fresh set of attempts");
    outbox::delivered(db, mail.id, now()).await.unwrap();
    assert!(undelivered(db).await.is_empty());

    // Too old to be useful: given up at the next look, with the reason.
    write(db, "spaet@example.org", true).await;
    let later = now() + MAX_AGE + Duration::minutes(1);
    assert!(
        outbox::claim(db, later, Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let listed = undelivered(db).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].recipient, "spaet@example.org");
    assert_eq!(listed[0].delivery, Delivery::Failed);
    assert!(listed[0].reason.contains("älter als zwei Tage"));
}
on_both_databases!(given_up, failures_wait_longer_and_are_kept_when_given_up);

async fn a_nul_character_is_dropped_not_refused(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    let mut odd = letter("nul@example.org");
    odd.subject = "Be\0trifft".to_owned();
    outbox::enqueue(&mut tx, now(), &odd).await.unwrap();
    tx.commit().await.unwrap();
    let claimed = outbox::claim(db, now(), Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(claimed[0].subject, "Betrifft");
}
on_both_databases!(nul, a_nul_character_is_dropped_not_refused);
