//! `/konto`: one's roles and password; `/konto/sitzungen`: one's signed-in devices.

use gremium::domain::account::{PASSWORD_MAX, Principal, Role};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{ChangePassword, EndSession, SessionInfo, my_sessions};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome};
use crate::components::layout::use_current_user;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::sign_in::NewPasswordFields;
use leptos_i18n::I18nContext;

fn role_text(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, role_admin).to_string(),
        Role::Chair => t_string!(i18n, role_chair).to_string(),
        Role::Member => t_string!(i18n, role_member).to_string(),
        Role::Representative => t_string!(i18n, role_representative).to_string(),
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <Title text=move || t_string!(i18n, account_title).to_string() />
        <h1>{t!(i18n, account_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await.and_then(|u| u.ok_or(AppError::Unauthorized)) {
                    Ok(principal) => view! { <AccountDetails principal /> }.into_any(),
                    Err(error) => {
                        crate::pages::not_found::set_status(error.status().as_u16());
                        view! { <AccessNotice error /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountDetails(principal: Principal) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let changed = use_query_map().read_untracked().get("passwort").is_some();
    let roles = principal.roles();
    view! {
        <dl class="facts">
            <dt>{t!(i18n, login_email)}</dt>
            <dd>{principal.email.clone()}</dd>
            <dt>{t!(i18n, account_roles)}</dt>
            <dd>
                {if roles.is_empty() {
                    t_string!(i18n, role_none).to_string()
                } else {
                    roles.into_iter().map(|r| role_text(i18n, r)).collect::<Vec<_>>().join(", ")
                }}
            </dd>
            {principal.organization.clone().map(|org| view! {
                <dt>{t!(i18n, account_organization)}</dt>
                <dd><a href=format!("/organisationen/{}", org.id)>{org.name}</a></dd>
            })}
        </dl>
        <p><a href="/konto/sitzungen">{t!(i18n, account_sessions_link)}</a></p>
        <h2 id="passwort">{t!(i18n, account_change_password)}</h2>
        {changed.then(|| view! {
            <p class="notice notice--success" role="status">{t!(i18n, account_password_changed)}</p>
        })}
        <FormAlert error=error />
        <form class="form" method="post" action=ChangePassword::PATH novalidate>
            <input type="hidden" name="username" autocomplete="username" value=principal.email.clone() />
            <Field
                id="current-password"
                name="current_password"
                kind="password"
                label=t_string!(i18n, account_current_password).to_string()
                autocomplete="current-password"
                required=true
                maxlength=PASSWORD_MAX as u32
                problem=form.problem("current_password")
            />
            <NewPasswordFields form=form.clone() />
            <div class="actions">
                <button type="submit">{t!(i18n, account_change_password)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new(|| (), |()| my_sessions());
    view! {
        <Title text=move || t_string!(i18n, sessions_title).to_string() />
        <h1>{t!(i18n, sessions_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) => view! { <SessionTable list /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionTable(list: Vec<SessionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t!(i18n, sessions_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, sessions_since)}</th>
                    <th scope="col">{t!(i18n, sessions_device)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, sessions_end)}</span></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|s| {
                    let since = s.created_at.format("%Y-%m-%d %H:%M UTC").to_string();
                    let label = t_string!(i18n, sessions_end_label, since = since.clone()).to_string();
                    view! {
                        <tr>
                            <td>{since}</td>
                            <td>
                                {s.user_agent.clone()}
                                {s.current.then(|| view! { " " <strong>"(" {t!(i18n, sessions_this)} ")"</strong> })}
                            </td>
                            <td>
                                <form method="post" action=EndSession::PATH>
                                    <input type="hidden" name="key" value=s.key.clone() />
                                    <button type="submit" class="button--secondary" aria-label=label>
                                        {t!(i18n, sessions_end)}
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/konto/kalender`: the personal calendar feed. Its secret link is shown once, right after it
/// was made; making a new one ends the old.
#[component]
pub fn CalendarLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let link = Resource::new(|| (), |()| crate::api::calendar::calendar_link());
    view! {
        <Title text=move || t_string!(i18n, calendar_link_title).to_string() />
        <h1>{t!(i18n, calendar_link_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(link) => view! { <CalendarLinkView link /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CalendarLinkView(link: crate::api::calendar::CalendarLinkInfo) -> impl IntoView {
    use crate::api::calendar::ResetCalendarLink;
    let i18n = use_i18n();
    let since = link
        .since
        .map(|s| s.format("%Y-%m-%d %H:%M UTC").to_string());
    view! {
        <p>{t!(i18n, calendar_link_intro)}</p>
        {link.fresh_url.clone().map(|url| view! {
            <div class="notice" role="status">
                <p>{t!(i18n, calendar_link_fresh)}</p>
                <p><label for="calendar-url">{t!(i18n, calendar_link_label)}</label></p>
                <input id="calendar-url" type="text" readonly value=url class="copy-field" />
            </div>
        })}
        {match (since, link.fresh_url.is_some()) {
            (Some(since), false) => view! { <p>{t_string!(i18n, calendar_link_since, since = since).to_string()}</p> }.into_any(),
            (None, _) => view! { <p>{t!(i18n, calendar_link_none)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <form method="post" action=ResetCalendarLink::PATH>
            <button type="submit">{t!(i18n, calendar_link_reset)}</button>
        </form>
        <h2>{t!(i18n, calendar_public_feed)}</h2>
        <p><a href=link.public_url.clone()>{link.public_url.clone()}</a></p>
    }
}
