//! Store stories, each run on SQLite and on PostgreSQL. One test binary for all of them.

#[macro_use]
mod support;

mod accounts;
mod calendar;
mod changes;
mod demands;
mod meetings;
mod outbox;
mod schema;
mod store;
mod topic_changes;
mod topics;
