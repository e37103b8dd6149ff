//! Gremium's core: the domain (pure Rust, compiled for the server and for the browser) and, with
//! the `ssr` feature, the store over SQLite or PostgreSQL and the importer of the Destatis register
//! (the `markdown`, `recurrence`, `register` and `search` features give the parts of it that need
//! no database on their own, for the fuzz targets in fuzz/).

pub mod domain;
#[cfg(feature = "register")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod usecases;
