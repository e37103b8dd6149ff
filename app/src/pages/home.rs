//! The landing page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, home_title).to_string() />
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_intro)}</p>
        <section class="card" aria-labelledby="home-meetings">
            <h2 id="home-meetings">{t!(i18n, home_meetings_title)}</h2>
            <p>{t!(i18n, home_meetings_text)}</p>
            <p><a href="/sitzungen">{t!(i18n, home_meetings_link)}</a></p>
        </section>
        <section class="card" aria-labelledby="home-directory">
            <h2 id="home-directory">{t!(i18n, home_directory_title)}</h2>
            <p>{t!(i18n, home_directory_text)}</p>
            <p><a href="/organisationen">{t!(i18n, home_directory_link)}</a></p>
        </section>
    }
}
