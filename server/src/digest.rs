//! The daily digest of followed demands for people who chose it on their account page: checked
//! every quarter hour, written once per Berlin day from 07:00 (`GREMIUM_DIGEST_FROM`) into the
//! outbox, which sends it.
//! Each digest is claimed in the database together with its message, so two servers or a
//! restart never write one twice.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use gremium::domain::demands::Visibility;
use gremium::domain::outbox::MailKind;
use gremium::domain::preferences::digest_due;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::{Db, StoreResult, committees, demands, users};
use gremium_app::mail::{MailContext, digest_text};

const EVERY: Duration = Duration::from_secs(15 * 60);

/// How far back a first digest looks.
const FIRST_WINDOW: chrono::Duration = chrono::Duration::days(1);

pub fn spawn(db: Db, mail: MailContext, from: NaiveTime) {
    if !mail.enabled {
        return;
    }
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        loop {
            interval.tick().await;
            match send_due(&db, &mail, gremium::store::now(), from).await {
                Ok(0) => {}
                Ok(sent) => {
                    tracing::info!(sent, "daily demand digests written");
                    (mail.wake)();
                }
                Err(error) => tracing::error!(%error, "cannot send the daily demand digests"),
            }
        }
    });
}

/// Writes every digest that is due at `now` and has something in it into the outbox; returns
/// how many. A reader whose digest is due but empty is claimed too (nothing to say today).
pub async fn send_due(
    db: &Db,
    mail: &MailContext,
    now: DateTime<Utc>,
    from: NaiveTime,
) -> StoreResult<usize> {
    let mut sent = 0;
    for reader in users::digest_readers(db).await? {
        let last = reader.last_sent.map(utc_to_berlin);
        if !digest_due(last, utc_to_berlin(now), from) {
            continue;
        }
        let since = reader.last_sent.unwrap_or(now - FIRST_WINDOW);
        // What the reader sees today (an account may have lost its seat since it followed).
        let Some((principal, _)) = users::principal(db, reader.user_id).await? else {
            continue;
        };
        let visibility = Visibility::of(Some(&principal), committees::default_id(db).await?);
        let changes = demands::digest(db, reader.user_id, visibility, since, now).await?;
        let letter = (!changes.is_empty())
            .then(|| {
                mail.letter(
                    MailKind::Digest,
                    &reader.email,
                    digest_text(&reader.display_name, &changes, &mail.public_url),
                )
            })
            .flatten();
        let written = letter.is_some();
        if users::claim_digest(db, reader.user_id, reader.last_sent, now, letter.as_ref()).await?
            && written
        {
            sent += 1;
        }
    }
    Ok(sent)
}
