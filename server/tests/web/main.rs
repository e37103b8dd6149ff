//! The HTTP tests: the axum router without a socket, a real database (SQLite, or PostgreSQL
//! with `GREMIUM_TEST_HTTP_DATABASE=postgres`) with the demo content, real server-side rendering.
//! One test binary, since each would link the whole app.

mod api;
mod authorization;
mod calendar;
mod canary;
mod concurrency;
mod demands;
mod feeds;
mod hostile;
mod http;
mod lifetimes;
mod mail;
mod meeting;
mod oparl;
mod oparl_schema;
mod security;
mod snapshots;
mod support;
mod topics;
