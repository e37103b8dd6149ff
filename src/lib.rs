//! Gremium's core: the domain (pure Rust, compiled for the server and for the browser) and, with
//! the `ssr` feature, the store over SQLite or PostgreSQL and the importer of the Destatis register.

pub mod domain;
#[cfg(feature = "ssr")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod usecases;
