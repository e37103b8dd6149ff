//! Endpoints and middleware outside Leptos: iCalendar feeds, invitation downloads, health check, the no-JavaScript language switch,
//! and request security.

pub mod calendar;
pub mod health;
pub mod invitation;
pub mod language;
pub mod security;
