//! Previous / next links and the position, for any server-paginated list.

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn Pager(
    page: u32,
    pages: u32,
    /// The URL of a given page, with every filter kept.
    url: Callback<u32, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, pager_label).to_string()>
                {(page > 1).then(|| view! {
                    <a href=url.run(page - 1) rel="prev">{t!(i18n, pager_previous)}</a>
                })}
                <span class="pager__status">
                    {move || t_string!(i18n, pager_status, page = page, pages = pages).to_string()}
                </span>
                {(page < pages).then(|| view! {
                    <a href=url.run(page + 1) rel="next">{t!(i18n, pager_next)}</a>
                })}
            </nav>
        }
    })
}
