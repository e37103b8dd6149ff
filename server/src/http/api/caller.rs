//! Who calls the REST API: a bearer token (or none), its rate limit, and what it may read and
//! write.

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use gremium::domain::account::Principal;
use gremium::domain::api_tokens::Scope;
use gremium::domain::demands::Visibility;
use gremium::domain::visibility::Reader;
use gremium::secret::hash_token;
use gremium::store::{Db, StoreError, api_tokens, committees, users};
use gremium::usecases;
use gremium_app::auth::ClientIp;

use super::problem::{failed, forbidden, problem, refused, unauthorized};

/// Requests per minute and key (token, or address without one).
#[derive(Clone)]
pub struct ApiLimiter(Arc<DefaultKeyedRateLimiter<String>>);

impl ApiLimiter {
    pub fn new(per_minute: u32) -> Self {
        let rate = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self(Arc::new(RateLimiter::keyed(Quota::per_minute(rate))))
    }

    /// Counts one request for `key`. Every so often the keys whose quota has refilled are
    /// dropped, so addresses and tokens seen once do not pile up in memory.
    fn allows(&self, key: String) -> bool {
        let allowed = self.0.check_key(&key).is_ok();
        if self.0.len() > PRUNE_ABOVE {
            self.0.retain_recent();
            self.0.shrink_to_fit();
        }
        allowed
    }
}

/// Limiter keys kept before the ones at full quota are dropped.
pub(super) const PRUNE_ABOVE: usize = 10_000;

/// The caller: nobody (public), or a token's person with its scopes. Extracting it reads the
/// bearer token and applies the rate limit; a refusal is the answer to send.
pub struct Caller {
    pub(super) principal: Option<Principal>,
    pub(super) scopes: Vec<Scope>,
    pub(super) ip: Option<ClientIp>,
}

impl<S> FromRequestParts<S> for Caller
where
    Db: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let db = Db::from_ref(state);
        let Some(limiter) = parts.extensions.get::<ApiLimiter>().cloned() else {
            tracing::error!("the API's rate limiter is not installed");
            return Err(failed(&StoreError::NotAllowed));
        };
        let ip = parts.extensions.get::<ClientIp>().cloned();
        caller(&db, &limiter, &parts.headers, ip).await
    }
}

/// Reads the bearer token (if any) and applies the rate limit. `Err` is the answer to send.
pub(super) async fn caller(
    db: &Db,
    limiter: &ApiLimiter,
    headers: &HeaderMap,
    ip: Option<ClientIp>,
) -> Result<Caller, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").map(str::trim));
    let hash = match token {
        None => None,
        Some(Some(token)) if !token.is_empty() => Some(hash_token(token)),
        Some(_) => return Err(unauthorized()),
    };
    // A known token has its own quota; the public and unknown tokens share their address's,
    // so guessing tokens does not buy fresh quota.
    let found = match &hash {
        Some(hash) => match api_tokens::authenticate(db, hash).await {
            Ok(found) => found,
            Err(error) => return Err(failed(&error)),
        },
        None => None,
    };
    let key = match &found {
        Some(found) => format!("token:{}", found.id),
        None => format!("ip:{}", ip.as_ref().map_or("unbekannt", |ip| ip.0.as_str())),
    };
    if !limiter.allows(key) {
        let mut response = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "zu-viele-anfragen",
            "Zu viele Anfragen.",
            Some("Bitte warten Sie eine Minute.".into()),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return Err(response);
    }
    let found = match (hash, found) {
        (None, _) => {
            return Ok(Caller {
                principal: None,
                scopes: vec![Scope::ReadDemands],
                ip,
            });
        }
        (Some(_), None) => return Err(unauthorized()),
        (Some(_), Some(found)) => found,
    };
    let (token, user, scopes) = (found.id, found.user_id, found.scopes);
    if found.stale {
        // Noted outside the request's path: the answer never waits for the database's writer.
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(error) = api_tokens::note_use(&db, token).await {
                tracing::warn!(%error, token, "cannot note the token's use");
            }
        });
    }
    match users::principal(db, user).await {
        Ok(Some((principal, _))) => Ok(Caller {
            principal: Some(principal),
            scopes,
            ip,
        }),
        Ok(None) => Err(unauthorized()),
        Err(error) => Err(failed(&error)),
    }
}

pub(super) async fn visibility(db: &Db, caller: &Caller) -> Result<Visibility, Response> {
    let committee = committees::default_id(db).await.map_err(|e| failed(&e))?;
    Ok(Visibility::of(caller.principal.as_ref(), committee))
}

/// A caller that may write: a token with the write scope whose person represents an
/// organization (the core's rule, `usecases::demands::representative`). Yields the caller as
/// a reader of the committee, for the use case.
pub(super) async fn writer(db: &Db, caller: &Caller) -> Result<Reader, Response> {
    if caller.principal.is_none() {
        return Err(unauthorized());
    }
    if !caller.scopes.contains(&Scope::WriteDemands) {
        return Err(forbidden(
            "Der Schlüssel hat die Berechtigung „bedarfe:schreiben“ nicht.",
        ));
    }
    let committee = committees::default_id(db).await.map_err(|e| failed(&e))?;
    let reader = Reader::new(caller.principal.clone(), committee);
    usecases::demands::representative(&reader).map_err(|r| refused(&r))?;
    Ok(reader)
}

#[expect(
    clippy::result_large_err,
    reason = "an early answer is a ready response; boxing it adds nothing"
)]
pub(super) fn reader_allowed(caller: &Caller) -> Result<(), Response> {
    if caller.scopes.contains(&Scope::ReadDemands) {
        Ok(())
    } else {
        Err(forbidden(
            "Der Schlüssel hat die Berechtigung „bedarfe:lesen“ nicht.",
        ))
    }
}

/// The writer (see `writer`) as named in the audit log: their address, marked as the API's.
pub(super) fn actor_of(reader: &Reader, caller: &Caller) -> gremium::domain::audit::Actor {
    gremium::domain::audit::Actor {
        user_id: reader.user_id(),
        label: reader
            .principal
            .as_ref()
            .map(|p| format!("{} (API)", p.email))
            .unwrap_or_default(),
        ip: caller.ip.as_ref().map(|ip| ip.0.clone()),
    }
}
