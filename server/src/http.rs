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
