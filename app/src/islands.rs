//! The only parts of a page that run in the browser (Leptos islands). Everything else is
//! rendered on the server and ships no code: pages work without JavaScript, and an island only
//! adds to what the server already sent. Islands take their texts as props, translated on the
//! server, so no translation table is shipped; where an island shows fresh data it fetches the
//! server-rendered page again and takes one region of it (`dom::fetch_region`), so no page is
//! rendered twice in two languages of code.

pub mod announce;
pub mod confirm;
mod dom;
pub mod drag;
pub mod loader;
pub mod notes;
pub mod refresh;
pub mod search;
pub mod shortcuts;
pub mod similar;
