//! A region that keeps itself up to date (the members' live view).

use leptos::prelude::*;

/// Every `seconds` the page is fetched again and the region with id `region` takes the fresh
/// content. Without JavaScript the reader reloads with a link instead: an automatic reload
/// would take control away from them (WCAG 2.2.1).
#[island]
pub fn Refresh(region: String, seconds: u64) -> impl IntoView {
    Effect::new(move || {
        let region = region.clone();
        let _ = set_interval_with_handle(
            move || {
                let region = region.clone();
                leptos::task::spawn_local(async move {
                    let here = window().location().href().unwrap_or_default();
                    if let Some(html) = super::dom::fetch_region(&here, &region).await {
                        super::dom::replace_inner(&region, &html);
                    }
                });
            },
            std::time::Duration::from_secs(seconds),
        );
    });
}
