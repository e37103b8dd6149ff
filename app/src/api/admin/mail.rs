//! Undelivered e-mail for the admins: what the outbox could not send, why, and "send again".

use gremium::domain::outbox::{Delivery, MailKind};
use gremium::domain::page::Page;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::page::PageRequest,
    gremium::domain::recurrence::utc_to_berlin,
    gremium::store::outbox,
};

/// One undelivered message, its times in German time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailRow {
    pub id: i64,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub created: chrono::NaiveDateTime,
    pub attempts: i32,
    pub delivery: Delivery,
    /// The next attempt, or when it was given up.
    pub at: chrono::NaiveDateTime,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailOverview {
    /// Whether this server sends e-mail at all (SMTP configured).
    pub enabled: bool,
    /// Messages waiting for their first or next attempt.
    pub waiting: i64,
    pub undelivered: Page<MailRow>,
}

#[server(endpoint = "admin/e-mail")]
pub async fn undelivered_mail(page: Option<u32>) -> Result<MailOverview, AppError> {
    auth::require(|p| p.may_administer()).await?;
    let db = db()?;
    let mail = use_context::<crate::mail::MailContext>().ok_or(AppError::Internal)?;
    let found = outbox::undelivered(&db, PageRequest::new(page, None)).await?;
    let undelivered = Page {
        items: found
            .items
            .into_iter()
            .map(|m| MailRow {
                id: m.id,
                kind: m.kind,
                recipient: m.recipient,
                subject: m.subject,
                created: utc_to_berlin(m.created_at),
                attempts: m.attempts,
                delivery: m.delivery,
                at: utc_to_berlin(m.at),
                reason: m.reason,
            })
            .collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    };
    Ok(MailOverview {
        enabled: mail.enabled,
        waiting: outbox::waiting(&db).await?,
        undelivered,
    })
}

/// Sends a given-up message again (a fresh set of attempts, starting now).
#[server(endpoint = "admin/e-mail-erneut")]
pub async fn send_mail_again(id: i64) -> Result<(), AppError> {
    let principal = auth::require(|p| p.may_administer()).await?;
    let db = db()?;
    // A message that was delivered meanwhile (or never failed) is not there to send again.
    outbox::send_again(&db, id, &actor(Some(&principal), ""))
        .await
        .map_err(|error| fail(error.into()))?;
    crate::mail::wake();
    leptos_axum::redirect("/admin/e-mail?erneut=1");
    Ok(())
}
