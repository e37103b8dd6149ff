//! Endpoints and middleware outside Leptos: OParl, Atom and iCalendar feeds, invitation and minutes downloads, health check, the no-JavaScript language switch,
//! and request security.

pub mod api;
pub mod api_docs;
pub mod arguments;
pub mod calendar;
pub mod demands;
pub mod feeds;
pub mod health;
pub mod invitation;
pub mod language;
pub mod minutes;
pub mod oparl;
pub mod panic;
pub mod security;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gremium::domain::visibility::Reader;
use gremium::store::{Db, StoreError, StoreResult, committees};
use gremium_app::auth::AuthSession;

/// How long a client is asked to wait when the database is unavailable.
pub(crate) const RETRY_AFTER_SECONDS: &str = "30";

/// The status of a failed store call: 503 while the database is unavailable (it may come
/// back), 500 for anything else. Logged either way, with `what` was asked.
pub(crate) fn store_status(error: &StoreError, what: &'static str) -> StatusCode {
    if error.is_unavailable() {
        tracing::warn!(%error, what, "the database is unavailable");
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        tracing::error!(%error, what, "store error");
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

/// A failed store call as a bare answer (feeds, downloads), with `Retry-After` on a 503.
pub(crate) fn store_failed(error: &StoreError, what: &'static str) -> Response {
    let status = store_status(error, what);
    let mut response = status.into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
    response
}

/// The reader of a request outside Leptos (the meeting's person, or the public), for the core's
/// use cases, which decide what they see.
pub(crate) async fn reader(db: &Db, auth: &AuthSession) -> StoreResult<Reader> {
    let committee = committees::default_id(db).await?;
    Ok(Reader::new(
        auth.user.as_ref().map(|u| u.principal.clone()),
        committee,
    ))
}
