//! The `gremium` server: configuration, the axum router with its layers, non-Leptos endpoints and
//! the command line tasks. `startup::router` builds the whole app, for `serve` and for tests.

pub mod backup;
pub mod cli;
pub mod config;
pub mod delivery;
pub mod demo;
pub mod digest;
pub mod horizon;
pub mod http;
pub mod login_sessions;
pub mod mail;
pub mod pdf;
pub mod startup;
pub mod telemetry;
