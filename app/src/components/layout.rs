//! The frame of every page: skip link, header with navigation and language switch, main
//! landmark, footer with the data attribution.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

use gremium::domain::account::Principal;

use crate::api::account::{Logout, current_user};
use crate::error::AppError;
use crate::i18n::*;

/// Who is signed in: fetched once per page by the layout and shared with the pages below it.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<Principal>, AppError>>);

/// The layout's current-user resource (a page rendered outside the layout fetches its own).
pub fn use_current_user() -> Resource<Result<Option<Principal>, AppError>> {
    use_context::<CurrentUser>()
        .map(|c| c.0)
        .unwrap_or_else(|| Resource::new_blocking(|| (), |()| current_user()))
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Blocking: the page is sent only once it is known who is signed in, so the header is
    // right without JavaScript on every route (streamed fallbacks need scripts to be replaced).
    let user = Resource::new_blocking(|| (), |()| current_user());
    provide_context(CurrentUser(user));
    view! {
        <a class="skip-link" href="#inhalt">{t!(i18n, skip_link)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href="/">{t!(i18n, app_name)}</a>
                <nav aria-label=move || t_string!(i18n, nav_label).to_string()>
                    <ul class="nav-list">
                        <li><NavLink href="/">{t!(i18n, nav_home)}</NavLink></li>
                        <li><NavLink href="/sitzungen">{t!(i18n, nav_meetings)}</NavLink></li>
                        <li><NavLink href="/bedarfe">{t!(i18n, nav_demands)}</NavLink></li>
                        <li><NavLink href="/organisationen">{t!(i18n, nav_organizations)}</NavLink></li>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let user = user.await.ok().flatten()?;
                                Some(view! {
                                    <li><NavLink href="/themen">{t!(i18n, nav_topics)}</NavLink></li>
                                    <li><NavLink href="/eingang">{t!(i18n, nav_inbox)}</NavLink></li>
                                    <li><NavLink href="/aufgaben">{t!(i18n, nav_tasks)}</NavLink></li>
                                    <li><NavLink href="/gremium">{t!(i18n, nav_committee)}</NavLink></li>
                                    {user.is_admin.then(|| view! {
                                        <li><NavLink href="/admin">{t!(i18n, nav_admin)}</NavLink></li>
                                    })}
                                })
                            })}
                        </Suspense>
                    </ul>
                </nav>
                <Suspense>
                    {move || Suspend::new(async move {
                        match user.await.ok().flatten() {
                            Some(user) => view! {
                                <div class="account-menu">
                                    <a href="/konto" title=t_string!(i18n, nav_signed_in_as, name = user.display_name.clone()).to_string()>
                                        {t!(i18n, nav_account)}
                                    </a>
                                    <form method="post" action=Logout::PATH>
                                        <button type="submit">{t!(i18n, nav_logout)}</button>
                                    </form>
                                </div>
                            }.into_any(),
                            None => view! {
                                <div class="account-menu">
                                    <a href="/anmelden">{t!(i18n, nav_login)}</a>
                                </div>
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <LanguageSwitch />
            </div>
        </header>
        <main id="inhalt" tabindex="-1">
            <crate::notice::NoticeRegion />
            {children()}
        </main>
        <footer class="site-footer" aria-label=move || t_string!(i18n, footer_label).to_string()>
            <p>{t!(i18n, footer_about)}</p>
            <p>{t!(i18n, footer_data)}</p>
        </footer>
    }
}

/// A navigation link that marks the current section with `aria-current="page"`.
#[component]
fn NavLink(href: &'static str, children: Children) -> impl IntoView {
    let location = use_location();
    let current = move || {
        let path = location.pathname.get();
        let active = if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        };
        active.then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// A plain form that posts to the server, which stores the choice in a cookie and sends the
/// reader back to the same page: works with and without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let target = move || match i18n.get_locale() {
        Locale::de => "en",
        Locale::en => "de",
    };
    let target_lang = move || match i18n.get_locale() {
        Locale::de => "en",
        Locale::en => "de",
    };
    view! {
        <form class="language-switch" method="post" action="/sprache">
            <input type="hidden" name="zurueck" value=back />
            <button
                type="submit"
                name="lang"
                value=target
                lang=target_lang
                title=move || t_string!(i18n, language_switch_title).to_string()
            >
                {t!(i18n, language_switch)}
            </button>
        </form>
    }
}
