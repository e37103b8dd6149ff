//! The outbox worker: sends the e-mail that changes wrote into the outbox, retries with a
//! growing wait, and keeps what cannot be delivered for the admins. Any number of server
//! processes may run it on one database: each message is claimed before it is sent.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use gremium::domain::outbox::retry_at;
use gremium::store::outbox::{self, Claimed};
use gremium::store::{Db, StoreResult};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::mail::{SMTP_TIMEOUT, Transport};

/// How many messages one claim takes.
const BATCH: i64 = 5;

/// How long a claim holds: long enough to send a whole batch at the slowest, so no other
/// worker takes a message that is still being sent.
fn lease() -> chrono::Duration {
    let per_message = chrono::Duration::from_std(SMTP_TIMEOUT).unwrap_or(chrono::Duration::MAX);
    per_message * i32::try_from(BATCH).unwrap_or(i32::MAX) + chrono::Duration::minutes(1)
}

/// How often the worker looks without being woken (mail written by another process).
const LOOK_EVERY: Duration = Duration::from_secs(5);

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// The text that is sent: the body, and the message's link on this site below it.
pub fn text(mail: &Claimed, public_url: &str) -> String {
    match &mail.link {
        Some(link) => format!("{}\n{public_url}{link}\n", mail.body.trim_end()),
        None => mail.body.clone(),
    }
}

/// Sends everything that is due at `now`, batch by batch, until nothing due is left.
pub async fn deliver_due(
    db: &Db,
    transport: &dyn Transport,
    public_url: &str,
    now: DateTime<Utc>,
) -> StoreResult<Round> {
    let mut round = Round::default();
    loop {
        let batch = outbox::claim(db, now, lease(), BATCH).await?;
        if batch.is_empty() {
            return Ok(round);
        }
        for mail in batch {
            let body = text(&mail, public_url);
            match transport.send(&mail.to, &mail.subject, &body).await {
                Ok(()) => {
                    outbox::delivered(db, mail.id, gremium::store::now()).await?;
                    round.sent += 1;
                }
                Err(refused) => {
                    let at = gremium::store::now();
                    let again = retry_at(at, mail.attempts, refused.permanent);
                    tracing::warn!(
                        id = mail.id,
                        kind = mail.kind.as_str(),
                        attempts = mail.attempts,
                        permanent = refused.permanent,
                        reason = %refused.reason,
                        retry_at = ?again,
                        "e-mail not delivered"
                    );
                    outbox::not_delivered(db, mail.id, at, &refused.reason, again).await?;
                    match again {
                        Some(_) => round.retrying += 1,
                        None => round.failed += 1,
                    }
                }
            }
        }
    }
}

/// Runs the worker until `stop` turns true; a round that has begun is finished first, so a
/// message being sent is marked as sent (or not) before the process ends.
pub fn spawn(
    db: Db,
    transport: Arc<dyn Transport>,
    public_url: String,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_due(&db, transport.as_ref(), &public_url, gremium::store::now()).await {
                Ok(round) if round != Round::default() => {
                    tracing::info!(
                        sent = round.sent,
                        retrying = round.retrying,
                        failed = round.failed,
                        "outbox round"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "cannot work through the outbox"),
            }
            let wait = match outbox::next_due(&db).await {
                Ok(Some(due)) => (due - gremium::store::now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .clamp(Duration::from_millis(200), LOOK_EVERY),
                _ => LOOK_EVERY,
            };
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
            if *stop.borrow() {
                return;
            }
        }
    })
}
