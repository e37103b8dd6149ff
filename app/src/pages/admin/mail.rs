//! `/admin/e-mail`: the messages the outbox could not deliver, with their reason and "send
//! again". Admins only; the server checks.

use gremium::domain::outbox::{Delivery, MailKind};
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, page_param};
use crate::api::admin::{MailOverview, MailRow, SendMailAgain, undelivered_mail};
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::i18n::*;

#[component]
pub fn MailPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = page_param();
    let overview = Resource::new(move || page, undelivered_mail);
    let resent = use_query_map().read_untracked().get("erneut").is_some();
    view! {
        <PageTitle text=move || t_string!(i18n, mail_title).to_string() />
        <h1>{t!(i18n, mail_title)}</h1>
        <AdminNav />
        {resent.then(|| view! {
            <p class="notice notice--success" role="status">{t!(i18n, mail_resent)}</p>
        })}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: MailOverview) -> impl IntoView {
    let i18n = use_i18n();
    let MailOverview {
        enabled,
        waiting,
        undelivered,
    } = overview;
    view! {
        {(!enabled).then(|| view! {
            <p class="notice" role="status">{t!(i18n, mail_disabled)}</p>
        })}
        <p>{t!(i18n, mail_intro)}</p>
        <p>{t_string!(i18n, mail_waiting, count = waiting).to_string()}</p>
        <MailTable page=undelivered />
    }
}

fn kind_label(i18n: I18nContext<Locale>, kind: MailKind) -> String {
    match kind {
        MailKind::Invitation => t_string!(i18n, mail_kind_invitation).to_string(),
        MailKind::PasswordReset => t_string!(i18n, mail_kind_password_reset).to_string(),
        MailKind::Notification => t_string!(i18n, mail_kind_notification).to_string(),
        MailKind::Digest => t_string!(i18n, mail_kind_digest).to_string(),
    }
}

#[component]
fn MailTable(page: Page<MailRow>) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, mail_empty)}</p> }.into_any();
    }
    let pages = page.page_count();
    let current = page.page;
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t!(i18n, mail_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, mail_created)}</th>
                    <th scope="col">{t!(i18n, mail_kind)}</th>
                    <th scope="col">{t!(i18n, mail_recipient)}</th>
                    <th scope="col">{t!(i18n, mail_subject)}</th>
                    <th scope="col">{t!(i18n, mail_state)}</th>
                    <th scope="col">{t!(i18n, mail_reason)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, mail_send_again)}</span></th>
                </tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|mail| {
                    let at = mail.at.format("%d.%m.%Y %H:%M").to_string();
                    let attempts = mail.attempts;
                    let state = match mail.delivery {
                        Delivery::Retrying => t_string!(i18n, mail_retrying, attempts, at).to_string(),
                        Delivery::Failed => t_string!(i18n, mail_failed, at, attempts).to_string(),
                    };
                    let label = t_string!(i18n, mail_send_again_label, to = mail.recipient.clone()).to_string();
                    view! {
                        <tr>
                            <td>{mail.created.format("%d.%m.%Y %H:%M").to_string()}</td>
                            <td>{kind_label(i18n, mail.kind)}</td>
                            <td>{mail.recipient.clone()}</td>
                            <td>{mail.subject.clone()}</td>
                            <td>{state}</td>
                            <td>{mail.reason.clone()}</td>
                            <td>
                                {(mail.delivery == Delivery::Failed).then(|| view! {
                                    <form method="post" action=SendMailAgain::PATH>
                                        <input type="hidden" name="id" value=mail.id.to_string() />
                                        <button type="submit" class="button--secondary" aria-label=label>
                                            {t!(i18n, mail_send_again)}
                                        </button>
                                    </form>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager page=current pages url=Callback::new(|p: u32| format!("/admin/e-mail?seite={p}")) />
    }
    .into_any()
}
