//! Personal API tokens on the account page: list, create (shown once), revoke.

use gremium::domain::api_tokens::ApiToken;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::api_tokens::{Scope, check_new},
    gremium::domain::form::FormErrors,
    gremium::store::api_tokens,
};

/// Where a new token waits in the session until its page has shown it once.
#[cfg(feature = "ssr")]
const FRESH_TOKEN: &str = "gremium.api_token";

/// Tokens start with this, so secret scanners and people recognise them.
#[cfg(feature = "ssr")]
const PREFIX: &str = "grm_";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenOverview {
    pub tokens: Vec<ApiToken>,
    /// When the page was made: which tokens have expired.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The token just made: shown this once, then never again.
    pub fresh: Option<String>,
    /// Whether the person acts for an organization (writing needs one).
    pub represents: bool,
}

#[server(endpoint = "konto/api-schluessel")]
pub async fn token_page() -> Result<TokenOverview, AppError> {
    let principal = auth::require_user().await?;
    let session = auth::auth_session().await?;
    let fresh: Option<String> = session.session.remove(FRESH_TOKEN).await.ok().flatten();
    Ok(TokenOverview {
        tokens: api_tokens::list(&db()?, principal.user_id).await?,
        now: chrono::Utc::now(),
        fresh,
        represents: principal.organization.is_some(),
    })
}

/// Creates a token; it is shown on the next page load only.
#[server(endpoint = "konto/api-schluessel-neu")]
pub async fn create_token(
    name: String,
    read: Option<String>,
    write: Option<String>,
    lifetime: Option<String>,
) -> Result<(), AppError> {
    use gremium::domain::api_tokens::Lifetime;
    // A client that leaves the field out gets the form's default.
    let lifetime = lifetime.unwrap_or_else(|| Lifetime::default().as_str().to_owned());
    let principal = auth::require_user().await?;
    let scopes: Vec<Scope> = [
        read.is_some().then_some(Scope::ReadDemands),
        write.is_some().then_some(Scope::WriteDemands),
    ]
    .into_iter()
    .flatten()
    .collect();
    let kept = |form: FormErrors| {
        form.keep("name", &name)
            .keep("read", read.as_deref().unwrap_or_default())
            .keep("write", write.as_deref().unwrap_or_default())
            .keep("lifetime", &lifetime)
    };
    let checked =
        check_new(&name, &scopes, &lifetime).map_err(|form| fail(AppError::Invalid(kept(form))))?;
    let (secret, _) = gremium::secret::new_token();
    let token = format!("{PREFIX}{secret}");
    let hash = gremium::secret::hash_token(&token);
    let id = api_tokens::create(
        &db()?,
        principal.user_id,
        &checked,
        &hash,
        &actor(Some(&principal), ""),
    )
    .await?;
    let session = auth::auth_session().await?;
    session
        .session
        .insert(FRESH_TOKEN, token)
        .await
        .map_err(|error| {
            tracing::error!(?error, "cannot keep the new API token in the session");
            AppError::Internal
        })?;
    leptos_axum::redirect(&format!("/konto/api-schluessel?neu={id}"));
    Ok(())
}

/// Revokes one of the caller's own tokens; it stops working at once.
#[server(endpoint = "konto/api-schluessel-widerrufen")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    api_tokens::revoke(&db()?, principal.user_id, id, &actor(Some(&principal), ""))
        .await
        .map_err(|e| auth::refusal(e, FormErrors::new(), "id"))?;
    leptos_axum::redirect("/konto/api-schluessel");
    Ok(())
}
