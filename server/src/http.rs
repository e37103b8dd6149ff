//! Endpoints and middleware outside Leptos: health check, the no-JavaScript language switch,
//! and request security.

pub mod health;
pub mod language;
pub mod security;
