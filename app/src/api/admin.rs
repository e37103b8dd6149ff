//! Administration: inviting people, the list of accounts, disabling them, the audit log.

use gremium::domain::audit::{AuditEntry, AuditFilter};
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::account::{DISPLAY_NAME_MAX, normalize_email},
    gremium::domain::form::{FormErrors, Problem, required_text},
    gremium::domain::organization::{OrganizationFilter, OrganizationKind},
    gremium::domain::outbox::MailKind,
    gremium::domain::page::PageRequest,
    gremium::domain::text::fold_for_search,
    gremium::store::invitations::NewInvitation,
    gremium::store::{StoreError, audit, committees, invitations, login_sessions, users},
};

pub use gremium::domain::account::UserSummary;

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// Where an invitation link that could not be mailed waits in the inviting admin's session,
/// for `SHOWN_FOR` at most: never in a URL, where proxies and browser histories would keep it.
#[cfg(feature = "ssr")]
const FRESH_INVITATION: &str = "gremium.invitation";

/// How long the page shows a link that could not be mailed (a reload or a second render still
/// shows it; after that it is gone from the session too).
pub const SHOWN_FOR: chrono::Duration = chrono::Duration::minutes(10);

/// An invitation that was not mailed: the admin passes the link on themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub email: String,
    pub link: String,
    pub made_at: chrono::DateTime<chrono::Utc>,
}

impl InvitationLink {
    /// Whether the page may still show it at `at`, and to the one who asks for `email`.
    pub fn shown(&self, email: &str, at: chrono::DateTime<chrono::Utc>) -> bool {
        self.email.eq_ignore_ascii_case(email.trim()) && at - self.made_at < SHOWN_FOR
    }
}

/// The link of the admin's last invitation, if it went to `email` and could not be mailed.
/// Reading does not remove it: a page that renders twice, or a reload, still shows it.
#[server(endpoint = "admin/einladung-link")]
pub async fn fresh_invitation(email: Option<String>) -> Result<Option<InvitationLink>, AppError> {
    auth::require(|p| p.may_administer()).await?;
    let Some(email) = email else {
        return Ok(None);
    };
    let session = auth::auth_session().await?;
    let kept: Option<InvitationLink> = session.session.get(FRESH_INVITATION).await.ok().flatten();
    let now = chrono::Utc::now();
    if kept
        .as_ref()
        .is_some_and(|kept| now - kept.made_at >= SHOWN_FOR)
    {
        let _ = session
            .session
            .remove::<InvitationLink>(FRESH_INVITATION)
            .await;
        return Ok(None);
    }
    Ok(kept.filter(|kept| kept.shown(&email, now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unmailed_link_is_shown_for_its_address_and_for_a_while_only() {
        let made_at = "2026-12-03T10:00:00Z".parse().unwrap();
        let link = InvitationLink {
            email: "neu@kiel.de".to_owned(),
            link: "https://gremium.example/einladung?t=x".to_owned(),
            made_at,
        };
        assert!(link.shown(" NEU@kiel.de", made_at));
        assert!(!link.shown("andere@kiel.de", made_at));
        assert!(link.shown(
            "neu@kiel.de",
            made_at + SHOWN_FOR - chrono::Duration::seconds(1)
        ));
        assert!(!link.shown("neu@kiel.de", made_at + SHOWN_FOR));
    }
}

/// Finds the organization a representative acts for: an exact key (AGS), or a name that
/// matches exactly one organization (or exactly by name among several).
#[cfg(feature = "ssr")]
pub(crate) async fn resolve_organization(
    db: &gremium::store::Db,
    text: &str,
) -> Result<Option<i64>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let filter = OrganizationFilter {
        query: Some(text.to_owned()),
        page: PageRequest::new(Some(1), Some(20)),
        ..Default::default()
    };
    let found = gremium::store::organizations::search(db, &filter)
        .await
        .map_err(|_| Problem::NotFound)?;
    if found.items.len() == 1 {
        return Ok(Some(found.items[0].id));
    }
    let folded = fold_for_search(text);
    let exact: Vec<_> = found
        .items
        .iter()
        .filter(|o| {
            fold_for_search(&o.name) == folded
                || o.short_name.as_deref().map(fold_for_search).as_deref() == Some(folded.as_str())
                || o.ags.as_deref() == Some(text)
        })
        .collect();
    // A kreisfreie Stadt is listed as Kreis and as Gemeinde under one name: the Gemeinde is
    // the municipality that acts.
    let gemeinden: Vec<_> = exact
        .iter()
        .filter(|o| o.kind == OrganizationKind::Gemeinde)
        .collect();
    match (exact.as_slice(), gemeinden.as_slice()) {
        ([only], _) => Ok(Some(only.id)),
        (_, [gemeinde]) => Ok(Some(gemeinde.id)),
        _ => Err(Problem::NotFound),
    }
}

/// Invites a person by e-mail. Without SMTP the admin is sent to a page that shows the link.
#[server(endpoint = "admin/einladen")]
pub async fn invite(
    email: String,
    display_name: String,
    organization: String,
    admin: Option<String>,
    chair: Option<String>,
) -> Result<(), AppError> {
    let principal = auth::require(|p| p.may_administer()).await?;
    let db = db()?;
    let mut form = FormErrors::new()
        .keep("email", &email)
        .keep("display_name", &display_name)
        .keep("organization", &organization);
    let address = form.check("email", normalize_email(&email));
    let name = form.check(
        "display_name",
        required_text(&display_name, DISPLAY_NAME_MAX),
    );
    let organization_id = form
        .check(
            "organization",
            resolve_organization(&db, &organization).await,
        )
        .flatten();
    let (Some(address), Some(name)) = (address, name) else {
        return Err(fail(AppError::Invalid(form)));
    };
    if !form.is_empty() {
        return Err(fail(AppError::Invalid(form)));
    }
    let chair_of = if chair.is_some() {
        Some(committees::default_id(&db).await?)
    } else {
        None
    };
    let (token, token_hash) = gremium::secret::new_token();
    let mail = use_context::<crate::mail::MailContext>().ok_or(AppError::Internal)?;
    let link = format!("{}/einladung?t={token}", mail.public_url);
    let letter = mail.letter(
        MailKind::Invitation,
        &address,
        crate::mail::invitation_text(&name, &principal.display_name, &link, INVITATION_DAYS),
    );
    let created = invitations::create(
        &db,
        &NewInvitation {
            email: &address,
            display_name: &name,
            is_admin: admin.is_some(),
            chair_of,
            organization_id,
            token_hash: &token_hash,
            expires_at: chrono::Utc::now() + chrono::Duration::days(INVITATION_DAYS),
        },
        letter.as_ref(),
        &actor(Some(&principal), ""),
    )
    .await;
    match created {
        Ok(_) => {}
        Err(StoreError::Duplicate) => {
            form.add("email", Problem::EmailTaken);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(other) => return Err(other.into()),
    }
    // Queued with the invitation: the worker sends it, and an undelivered one is listed for
    // the admins with its reason.
    let sent = letter.is_some();
    if sent {
        (mail.wake)();
    }
    if sent {
        leptos_axum::redirect(&format!(
            "/admin/personen?eingeladen={}",
            urlencode(&address)
        ));
    } else {
        // The link is a secret: shown to the admin who invited, never written to the log.
        tracing::warn!("invitation not e-mailed (SMTP not configured): shown to the admin");
        let session = auth::auth_session().await?;
        let fresh = InvitationLink {
            email: address.clone(),
            link,
            made_at: chrono::Utc::now(),
        };
        session
            .session
            .insert(FRESH_INVITATION, fresh)
            .await
            .map_err(|error| {
                tracing::error!(?error, "cannot keep the invitation link in the session");
                AppError::Internal
            })?;
        // The address (not secret) makes the URL new, so the page fetches the link.
        leptos_axum::redirect(&format!(
            "/admin/einladen?eingeladen={}",
            urlencode(&address)
        ));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

#[server(endpoint = "admin/personen")]
pub async fn list_users(page: Option<u32>) -> Result<Page<UserSummary>, AppError> {
    auth::require(|p| p.may_administer()).await?;
    Ok(users::list(&db()?, PageRequest::new(page, None)).await?)
}

/// Disables an account and ends all its sessions, or enables it again.
#[server(endpoint = "admin/person-sperren")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    let principal = auth::require(|p| p.may_administer()).await?;
    if principal.user_id == user_id && disabled {
        // Locking oneself out would leave the installation without this admin.
        return Err(fail(AppError::Forbidden));
    }
    let db = db()?;
    users::set_disabled(&db, user_id, disabled, &actor(Some(&principal), "")).await?;
    if disabled {
        for entry in login_sessions::for_user(&db, user_id).await? {
            crate::api::account::end_stored_session(&db, &entry.session_id).await?;
        }
    }
    leptos_axum::redirect("/admin/personen");
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub filter: AuditFilter,
    pub page: Option<u32>,
}

#[server(endpoint = "admin/protokoll", input = Json)]
pub async fn audit_log(query: AuditQuery) -> Result<Page<AuditEntry>, AppError> {
    auth::require(|p| p.may_administer()).await?;
    Ok(audit::list(&db()?, &query.filter, PageRequest::new(query.page, None)).await?)
}

mod mail;
pub use mail::{MailOverview, MailRow, SendMailAgain, send_mail_again, undelivered_mail};
