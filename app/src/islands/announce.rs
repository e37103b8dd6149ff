//! The live region that says what the last action did ("Gespeichert.").

use leptos::prelude::*;

/// A screen reader announces what changes in a live region, not what it held when the page
/// loaded: once the page runs, the sentence is taken out and put in again.
#[island]
pub fn Announce(text: String) -> impl IntoView {
    let spoken = RwSignal::new(true);
    Effect::new(move || {
        spoken.set(false);
        set_timeout(
            move || spoken.set(true),
            std::time::Duration::from_millis(120),
        );
    });
    view! {
        <div class="notice-region" aria-live="polite" aria-atomic="true">
            {move || spoken.get().then(|| view! {
                <p class="notice notice--success">{text.clone()}</p>
            })}
        </div>
    }
}
