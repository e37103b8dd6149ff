//! Use cases: what a reader or actor does, in one function each, taking the principal (as a
//! [`Reader`](crate::domain::visibility::Reader)) and returning only what they may see. Pages,
//! server functions, REST, OParl, feeds and exports call these instead of the store, so no
//! adapter repeats a rule. The rules themselves are pure functions in
//! [`domain::visibility`](crate::domain::visibility).

pub mod agenda;
pub mod attendance;
pub mod committees;
pub mod decisions;
pub mod demands;
pub mod live;
pub mod meetings;
pub mod minutes;
pub mod planning;
mod refusal;
pub mod series;
pub mod tasks;
pub mod topics;

pub use refusal::{Refusal, confirmed};
