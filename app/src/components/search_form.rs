//! The GET form of a list page's search and filters.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Form;

/// A search form that works without JavaScript (a plain GET) and keeps the URL clean with it:
/// Leptos's `<Form>` adds the nameless submit button to the query as a stray `&=`, which is
/// dropped here before navigating.
#[component]
pub fn SearchForm(action: &'static str, children: Children) -> impl IntoView {
    let drop_unnamed: Arc<dyn Fn(&web_sys::FormData)> = Arc::new(|data| data.delete(""));
    view! {
        <Form method="GET" action=action on_form_data=drop_unnamed attr:class="filters"
            attr:role="search">
            {children()}
        </Form>
    }
}
