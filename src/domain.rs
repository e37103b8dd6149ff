//! Domain types and rules. No I/O here: everything compiles to wasm and is tested without a database.

pub mod account;
pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod calendar;
pub mod committee;
pub mod decisions;
pub mod demands;
pub mod form;
pub mod live;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod minutes;
pub mod notification;
pub mod organization;
pub mod page;
#[cfg(feature = "ssr")]
pub mod password;
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod recurrence;
#[cfg(feature = "ssr")]
pub mod search;
pub mod tasks;
pub mod text;
pub mod topics;
