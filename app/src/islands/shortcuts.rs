//! The chair's keyboard shortcuts in live mode.

use leptos::prelude::*;

/// Alt+Shift+N next item, Alt+Shift+P previous item, Alt+Shift+E end the meeting,
/// Alt+Shift+K focus the notes. Each presses (or focuses) the visible control with that id, so
/// a shortcut can do nothing the page's buttons cannot.
#[island]
pub fn ChairShortcuts() -> impl IntoView {
    Effect::new(move || {
        super::dom::listen(&window(), "keydown", |ev: web_sys::KeyboardEvent| {
            if !(ev.alt_key() && ev.shift_key()) {
                return;
            }
            let target = match ev.code().as_str() {
                "KeyN" => "live-next",
                "KeyP" => "live-previous",
                "KeyE" => "live-finish",
                "KeyK" => "live-notes",
                _ => return,
            };
            if let Some(element) = super::dom::by_id::<web_sys::HtmlElement>(target) {
                ev.prevent_default();
                if target == "live-notes" {
                    let _ = element.focus();
                } else {
                    element.click();
                }
            }
        });
    });
}
