//! Endpoints outside Leptos: health check and the no-JavaScript language switch.

pub mod health;
pub mod language;
