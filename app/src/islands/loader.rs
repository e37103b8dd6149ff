//! The script that wakes the islands, written for pages that mostly have none.

use leptos::prelude::*;

/// Loads the wasm only on a page that holds an island, after the page is parsed, and wakes each
/// island with its props; a page without islands downloads no code at all. (Leptos's own
/// `HydrationScripts` preloads the wasm on every page at high priority, where it competes with
/// the stylesheet for the first paint.) Either way the body gets `data-hydrated` once every
/// island's handlers are attached: the marker end-to-end tests wait for.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // As Leptos's islands mode does: the server renders no hydration state outside islands.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = format!(
        "if (!document.querySelector('leptos-island')) {{\
           document.body.setAttribute('data-hydrated', 'true');\
         }} else {{\
           const mod = await import('{pkg}.js');\
           await mod.default({{ module_or_path: '{pkg}_bg.wasm' }});\
           mod.hydrate();\
           for (const island of document.querySelectorAll('leptos-island')) {{\
             const wake = mod[island.dataset.component];\
             if (wake) wake(island); else console.warn('no code for island', island.dataset.component);\
           }}\
         }}"
    );
    view! { <script type="module" nonce=use_nonce()>{script}</script> }
}
