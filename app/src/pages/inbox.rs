//! Each person's inbox (Eingang): invitations and, later, decisions and demand changes.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::agenda::{MarkInboxRead, load_inbox};
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::format;
use crate::i18n::*;

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let page = Memo::new(move |_| {
        params
            .read()
            .get("seite")
            .and_then(|p| p.parse::<u32>().ok())
    });
    let inbox = Resource::new(move || page.get(), load_inbox);
    view! {
        <PageTitle text=move || t_string!(i18n, inbox_title).to_string() />
        <h1>{t!(i18n, inbox_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => {
                        let locale = i18n.get_locale_untracked();
                        let pages = inbox.page.page_count();
                        let empty = inbox.page.items.is_empty();
                        let url = Callback::new(|page: u32| format!("/eingang?seite={page}"));
                        view! {
                            <p role="status" class="muted">
                                {t_string!(i18n, inbox_unread, count = inbox.unread).to_string()}
                            </p>
                            {(inbox.unread > 0).then(|| view! {
                                <form method="post" action=MarkInboxRead::PATH>
                                    <button type="submit" class="button--secondary">{t!(i18n, inbox_mark_read)}</button>
                                </form>
                            })}
                            {empty.then(|| view! { <p>{t!(i18n, inbox_none)}</p> })}
                            <ul class="inbox">
                                {inbox.page.items.into_iter().map(|n| {
                                    let at = n.at;
                                    let unread = n.unread;
                                    view! {
                                        <li class="inbox__item" class:inbox__item--unread=unread>
                                            <h2 class="inbox__title">
                                                <a href=n.link.clone()>{n.title.clone()}</a>
                                                {unread.then(|| view! { " " <span class="badge">{t!(i18n, inbox_new)}</span> })}
                                            </h2>
                                            <p class="muted">{format::moment(locale, at)}</p>
                                            <pre class="inbox__body">{n.body.clone()}</pre>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Pager page=inbox.page.page pages url />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
