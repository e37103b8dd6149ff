//! The GET form of a list page's search and filters.

use leptos::prelude::*;

/// A search form: a plain GET to the list's own address, so a result is a link to share.
#[component]
pub fn SearchForm(action: &'static str, children: Children) -> impl IntoView {
    view! {
        <form method="get" action=action class="filters" role="search">
            {children()}
        </form>
    }
}
