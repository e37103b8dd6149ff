//! Server functions, one module per resource. Each is thin: check who asks, read the request,
//! call the core, map the error. Every one is a public HTTP endpoint and checks its own input
//! and permission.

pub mod account;
pub mod admin;
pub mod agenda;
pub mod calendar;
pub mod committee;
pub mod demands;
pub mod meeting;
pub mod minutes;
pub mod organizations;
pub mod tokens;
pub mod topics;
