//! The rolling horizon: every series keeps its meetings generated twelve months ahead. Runs at
//! start and then every six hours; generation is idempotent, so a restart or a second server
//! does no harm.

use std::time::Duration;

use gremium::store::{Db, meetings};

const EVERY: Duration = Duration::from_secs(6 * 3600);

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        loop {
            interval.tick().await;
            match meetings::sync_all(&db, gremium::store::now()).await {
                Ok(report) => tracing::info!(
                    created = report.created,
                    updated = report.updated,
                    removed = report.removed,
                    "meeting horizon extended"
                ),
                Err(error) => tracing::error!(%error, "cannot extend the meeting horizon"),
            }
        }
    });
}
