//! Signing in and out, invitations, passwords and one's own sessions.

use chrono::{DateTime, Utc};
use gremium::domain::account::Principal;
use gremium::domain::preferences::Preferences;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, Credentials, SESSION_SINCE, actor, db, fail},
    gremium::domain::account::{login_delay, normalize_email},
    gremium::domain::audit::action,
    gremium::domain::form::{FormErrors, Problem},
    gremium::domain::outbox::MailKind,
    gremium::domain::password::check_new_password,
    gremium::domain::preferences::DemandMail,
    gremium::secret,
    gremium::store::{audit, invitations, login_sessions, password_resets, users},
};

/// How long a password reset link stays valid.
pub const RESET_MINUTES: i64 = 60;

/// The signed-in person, or `None` for the public.
#[server(endpoint = "konto/ich")]
pub async fn current_user() -> Result<Option<Principal>, AppError> {
    auth::current().await
}

/// Only a path on this site is a valid place to return to after signing in.
pub fn safe_next(next: Option<&str>) -> &str {
    // Members land on the upcoming sessions.
    next.and_then(gremium::domain::text::local_path)
        .unwrap_or("/sitzungen")
}

#[server(endpoint = "anmelden")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let typed = email.clone();
    let invalid = |problem| {
        let mut form = FormErrors::new().keep("email", &typed);
        form.add("email", problem);
        fail(AppError::Invalid(form))
    };
    let email = normalize_email(&email).map_err(invalid)?;
    if password.is_empty() {
        return Err(invalid(Problem::Required));
    }
    let db = db()?;
    let who = actor(None, &email);
    // Failures count per account *and* client address: an attacker elsewhere cannot keep the
    // person out who knows their password (README, "Accounts and security").
    let client = who.ip.clone().unwrap_or_default();
    let (failures, last) = users::login_failures(&db, &email, &client).await?;
    let delay = chrono::Duration::from_std(login_delay(failures)).unwrap_or_default();
    if let Some(last) = last
        && Utc::now() < last + delay
    {
        users::record_login_failure(&db, &email, &client, true, &who).await?;
        let wait = (last + delay - Utc::now()).num_seconds().max(1);
        tracing::warn!(
            failures,
            wait,
            "sign-in refused: too many failures for this address"
        );
        return Err(fail(AppError::TooManyAttempts(
            u64::try_from(wait).unwrap_or(1),
            FormErrors::new().keep("email", &typed),
        )));
    }
    let mut session = auth::auth_session().await?;
    let user = session
        .authenticate(Credentials {
            email: email.clone(),
            password,
        })
        .await
        .map_err(|error| {
            tracing::error!(?error, "authentication failed with an error");
            AppError::Internal
        })?;
    let Some(user) = user else {
        let failures = users::record_login_failure(&db, &email, &client, false, &who).await?;
        if failures >= gremium::domain::account::FREE_LOGIN_FAILURES {
            tracing::warn!(failures, "repeated failed sign-ins for one address");
        }
        return Err(fail(AppError::LoginFailed(
            FormErrors::new().keep("email", &typed),
        )));
    };
    let user_id = user.principal.user_id;
    // A new session id at every sign-in, also from an already signed-in session (fixation).
    session.session.cycle_id().await.map_err(|error| {
        tracing::error!(?error, "cannot renew the session id");
        AppError::Internal
    })?;
    session.login(&user).await.map_err(|error| {
        tracing::error!(?error, "cannot start the session");
        AppError::Internal
    })?;
    remember_session(&db, &session, user_id).await?;
    users::record_login_success(&db, user_id, &email, &actor(Some(&user.principal), "")).await?;
    auth::SignInOutcome::note_success();
    leptos_axum::redirect(safe_next(next.as_deref()));
    Ok(())
}

/// Stamps the new session with its start (for the absolute timeout) and indexes it under its
/// owner, so they can see and end it.
#[cfg(feature = "ssr")]
async fn remember_session(
    db: &gremium::store::Db,
    session: &auth::AuthSession,
    user_id: i64,
) -> Result<(), AppError> {
    let internal = |error: tower_sessions::session::Error| {
        tracing::error!(?error, "session store failed");
        AppError::Internal
    };
    session
        .session
        .insert(SESSION_SINCE, Utc::now().timestamp())
        .await
        .map_err(internal)?;
    session.session.save().await.map_err(internal)?;
    let agent = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    if let Some(id) = session.session.id() {
        login_sessions::record(db, &id.to_string(), user_id, &agent).await?;
    }
    Ok(())
}

#[server(endpoint = "abmelden")]
pub async fn logout() -> Result<(), AppError> {
    let mut session = auth::auth_session().await?;
    let db = db()?;
    let id = session.session.id().map(|id| id.to_string());
    if let Some(user) = session.user.clone() {
        audit::record(
            &db,
            action::LOGOUT,
            format!("user:{}", user.principal.user_id),
            String::new(),
            &actor(Some(&user.principal), ""),
        )
        .await?;
    }
    session.logout().await.map_err(|error| {
        tracing::error!(?error, "cannot end the session");
        AppError::Internal
    })?;
    if let Some(id) = id {
        login_sessions::remove(&db, &id).await?;
    }
    leptos_axum::redirect("/");
    Ok(())
}

/// Who an invitation is for, to greet them on the page where they set their password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub email: String,
    pub display_name: String,
    pub expires_at: DateTime<Utc>,
}

#[server(endpoint = "einladung/info")]
pub async fn load_invitation(token: String) -> Result<InvitationInfo, AppError> {
    let pending = invitations::pending(&db()?, &secret::hash_token(&token))
        .await?
        .ok_or_else(|| fail(AppError::LinkInvalid))?;
    Ok(InvitationInfo {
        email: pending.email,
        display_name: pending.display_name,
        expires_at: pending.expires_at,
    })
}

/// Checks a new password and its repetition; the errors name the fields.
#[cfg(feature = "ssr")]
fn check_password_pair(password: &str, repeat: &str, context: &[&str]) -> Result<(), AppError> {
    let mut form = FormErrors::new();
    form.check("password", check_new_password(password, context));
    if form.is_empty() && password != repeat {
        form.add("password_repeat", Problem::PasswordMismatch);
    }
    if form.is_empty() {
        Ok(())
    } else {
        Err(fail(AppError::Invalid(form)))
    }
}

/// Sets the password of an invited person, creates the account and signs them in.
#[server(endpoint = "einladung/annehmen")]
pub async fn accept_invitation(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let db = db()?;
    let token_hash = secret::hash_token(&token);
    let pending = invitations::pending(&db, &token_hash)
        .await?
        .ok_or_else(|| fail(AppError::LinkInvalid))?;
    check_password_pair(
        &password,
        &password_repeat,
        &[&pending.email, &pending.display_name],
    )?;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)?;
    let user_id = match invitations::accept(&db, &token_hash, &hash).await {
        Ok(id) => id,
        Err(gremium::store::StoreError::NotFound) => return Err(fail(AppError::LinkInvalid)),
        Err(other) => return Err(other.into()),
    };
    let mut session = auth::auth_session().await?;
    let user = axum_login::AuthnBackend::get_user(&session.backend, &user_id)
        .await?
        .ok_or(AppError::Internal)?;
    session.login(&user).await.map_err(|error| {
        tracing::error!(?error, "cannot start the session");
        AppError::Internal
    })?;
    remember_session(&db, &session, user_id).await?;
    leptos_axum::redirect("/gremium");
    Ok(())
}

#[server(endpoint = "konto/passwort")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let record = users::login_record(&db, &principal.email)
        .await?
        .ok_or(AppError::Internal)?;
    let stored = record.password_hash;
    let verified =
        tokio::task::spawn_blocking(move || secret::verify_password(&current_password, &stored))
            .await
            .unwrap_or(false);
    if !verified {
        let mut form = FormErrors::new();
        form.add("current_password", Problem::WrongPassword);
        return Err(fail(AppError::Invalid(form)));
    }
    check_password_pair(
        &password,
        &password_repeat,
        &[&principal.email, &principal.display_name],
    )?;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)?;
    users::set_password(&db, principal.user_id, &hash, &actor(Some(&principal), "")).await?;
    // The new hash ends every session; this one continues under the new password.
    let mut session = auth::auth_session().await?;
    if let Some(user) =
        axum_login::AuthnBackend::get_user(&session.backend, &principal.user_id).await?
    {
        session.login(&user).await.map_err(|_| AppError::Internal)?;
    }
    leptos_axum::redirect("/konto?passwort=geaendert");
    Ok(())
}

/// Sends a reset link if the address belongs to an enabled account. The answer is the same
/// either way, so the form cannot be used to find out who has an account.
#[server(endpoint = "passwort/vergessen")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let typed = email.clone();
    let email = normalize_email(&email).map_err(|problem| {
        let mut form = FormErrors::new().keep("email", &typed);
        form.add("email", problem);
        fail(AppError::Invalid(form))
    })?;
    let db = db()?;
    let mail = use_context::<crate::mail::MailContext>().ok_or(AppError::Internal)?;
    if let Some(record) = users::login_record(&db, &email).await?
        && !record.disabled
    {
        if !mail.enabled {
            // A link that cannot be mailed is not made: it would reach no one but a log.
            tracing::warn!(
                user_id = record.id,
                "password reset asked for, but SMTP is not configured: no link sent \
                 (an operator can make one with `gremium reset-link`)"
            );
        } else {
            let (token, token_hash) = secret::new_token();
            let expires = Utc::now() + chrono::Duration::minutes(RESET_MINUTES);
            let link = format!("{}/passwort/neu?t={token}", mail.public_url);
            let name = users::principal(&db, record.id)
                .await?
                .map(|(p, _)| p.display_name)
                .unwrap_or_default();
            let letter = mail.letter(
                MailKind::PasswordReset,
                &email,
                crate::mail::reset_text(&name, &link, RESET_MINUTES),
            );
            password_resets::create(
                &db,
                record.id,
                &token_hash,
                expires,
                letter.as_ref(),
                &actor(None, &email),
            )
            .await?;
            (mail.wake)();
        }
    }
    leptos_axum::redirect("/passwort/vergessen?gesendet=1");
    Ok(())
}

#[server(endpoint = "passwort/neu")]
pub async fn reset_password(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let db = db()?;
    let token_hash = secret::hash_token(&token);
    if !password_resets::is_valid(&db, &token_hash).await? {
        return Err(fail(AppError::LinkInvalid));
    }
    check_password_pair(&password, &password_repeat, &[])?;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)?;
    match password_resets::consume(&db, &token_hash, &hash).await {
        Ok(_) => {}
        Err(gremium::store::StoreError::NotFound) => return Err(fail(AppError::LinkInvalid)),
        Err(other) => return Err(other.into()),
    }
    leptos_axum::redirect("/anmelden?passwort=neu");
    Ok(())
}

/// One of the signed-in person's sessions. `key` names it without revealing the session id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub key: String,
    pub created_at: DateTime<Utc>,
    pub user_agent: String,
    pub current: bool,
}

#[server(endpoint = "konto/sitzungen")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let session = auth::auth_session().await?;
    let current = session.session.id().map(|id| id.to_string());
    let store = session_store()?;
    let mut alive = Vec::new();
    for entry in login_sessions::for_user(&db, principal.user_id).await? {
        if session_is_alive(&store, &entry.session_id).await {
            alive.push(SessionInfo {
                key: secret::hash_token(&entry.session_id),
                created_at: entry.created_at,
                user_agent: entry.user_agent,
                current: current.as_deref() == Some(entry.session_id.as_str()),
            });
        } else {
            login_sessions::remove(&db, &entry.session_id).await?;
        }
    }
    Ok(alive)
}

#[server(endpoint = "konto/sitzung-beenden")]
pub async fn end_session(key: String) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let entry = login_sessions::for_user(&db, principal.user_id)
        .await?
        .into_iter()
        .find(|e| secret::hash_token(&e.session_id) == key)
        .ok_or_else(|| fail(AppError::NotFound))?;
    end_stored_session(&db, &entry.session_id).await?;
    audit::record(
        &db,
        action::SESSION_ENDED,
        format!("user:{}", principal.user_id),
        entry.user_agent.chars().take(80).collect(),
        &actor(Some(&principal), ""),
    )
    .await?;
    leptos_axum::redirect("/konto/sitzungen");
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) fn session_store() -> Result<std::sync::Arc<dyn tower_sessions::SessionStore>, AppError>
{
    use_context::<std::sync::Arc<dyn tower_sessions::SessionStore>>().ok_or_else(|| {
        tracing::error!("no session store in the server context");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
async fn session_is_alive(
    store: &std::sync::Arc<dyn tower_sessions::SessionStore>,
    id: &str,
) -> bool {
    match id.parse::<tower_sessions::session::Id>() {
        Ok(id) => matches!(store.load(&id).await, Ok(Some(_))),
        Err(_) => false,
    }
}

/// Deletes a session from the session store and from the index.
#[cfg(feature = "ssr")]
pub(crate) async fn end_stored_session(
    db: &gremium::store::Db,
    session_id: &str,
) -> Result<(), AppError> {
    let store = session_store()?;
    if let Ok(id) = session_id.parse::<tower_sessions::session::Id>() {
        store.delete(&id).await.map_err(|error| {
            tracing::error!(?error, "cannot delete a session");
            AppError::Internal
        })?;
    }
    login_sessions::remove(db, session_id).await?;
    Ok(())
}

/// The signed-in person's own settings (demand e-mail, publication consent).
#[server(endpoint = "konto/einstellungen")]
pub async fn load_preferences() -> Result<Preferences, AppError> {
    let principal = auth::require_user().await?;
    Ok(users::preferences(&db()?, principal.user_id).await?)
}

/// Saves the settings form. `publish` is a checkbox (absent when unticked); a form from before
/// another change of the settings gets 409 with the choice kept.
#[server(endpoint = "konto/einstellungen-speichern")]
pub async fn save_preferences(
    demand_mail: Option<String>,
    publish: Option<String>,
    version: i64,
) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let typed = demand_mail.unwrap_or_default();
    let form = FormErrors::new()
        .keep("demand_mail", &typed)
        .keep("publish", publish.as_deref().unwrap_or_default());
    let Some(mail) = DemandMail::parse(&typed) else {
        let mut form = form;
        form.add("demand_mail", Problem::Required);
        return Err(fail(AppError::Invalid(form)));
    };
    let preferences = Preferences {
        demand_mail: mail,
        publish: publish.is_some(),
        version,
    };
    users::set_preferences(
        &db()?,
        principal.user_id,
        &preferences,
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| auth::refusal(e, form, "demand_mail"))?;
    leptos_axum::redirect("/konto?einstellungen=gespeichert#benachrichtigungen");
    Ok(())
}
