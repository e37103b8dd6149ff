//! Endpoints and middleware outside Leptos: OParl, Atom and iCalendar feeds, invitation and minutes downloads, health check, the no-JavaScript language switch,
//! and request security.

pub mod api;
pub mod api_docs;
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

use gremium::domain::visibility::Reader;
use gremium::store::{Db, StoreResult, committees};
use gremium_app::auth::AuthSession;

/// The reader of a request outside Leptos (the session's person, or the public), for the core's
/// use cases, which decide what they see.
pub(crate) async fn reader(db: &Db, auth: &AuthSession) -> StoreResult<Reader> {
    let committee = committees::default_id(db).await?;
    Ok(Reader::new(
        auth.user.as_ref().map(|u| u.principal.clone()),
        committee,
    ))
}
