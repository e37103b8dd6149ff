//! Gremium's web interface: routes, pages, components and the server functions they call.
//! Compiled twice: with `ssr` into the server, with `hydrate` into the browser's wasm.

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
#[cfg(feature = "ssr")]
pub mod mail;
pub mod notice;
pub mod pages;
pub mod plurals;
pub mod query;

pub use app::{App, shell};

/// The browser entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    plurals::install();
    leptos::mount::hydrate_body(App);
    // A marker for end-to-end tests and scripts: event handlers are attached from here on.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
