//! Gremium's web interface: routes, pages, components and the server functions they call.
//! Compiled twice: with `ssr` into the server, with `hydrate` into the browser's wasm, which
//! holds only the islands (`islands`).

// Leptos views are nested types; the month table's async hydration type passes the default
// depth of 128 in the release wasm build. Large components also end in `.into_any()`.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod auth;
pub mod components;
pub mod error;
pub mod format;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod notice;
pub mod pages;
pub mod plurals;
pub mod query;

pub use app::{App, shell};

/// The browser entry point: wakes the islands (see `islands`); the rest of the page is the
/// server's HTML and needs no code.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker for end-to-end tests and scripts: the page's loader (`islands::loader`) wakes
    // the islands right after this function returns, within the current task, so a task
    // queued now runs once every island's event handlers are attached.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
