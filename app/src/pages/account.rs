//! `/konto`: one's roles, password and settings; `/konto/sitzungen`: one's signed-in devices.

use gremium::domain::account::{PASSWORD_MAX, Principal, Role};
use gremium::domain::preferences::{DemandMail, Preferences};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::account::{
    ChangePassword, EndSession, SavePreferences, SessionInfo, load_preferences, my_sessions,
};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome};
use crate::components::layout::use_current_user;
use crate::components::page_title::PageTitle;
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
        <PageTitle text=move || t_string!(i18n, account_title).to_string() />
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
        <p><a href="/konto/api-schluessel">{t!(i18n, account_tokens_link)}</a></p>
        <PreferencesSection />
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

/// E-mail about followed demands and consent to publication, with its own Suspense so the
/// password form above never waits for it.
#[component]
fn PreferencesSection() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| load_preferences());
    view! {
        <h2 id="benachrichtigungen">{t!(i18n, prefs_title)}</h2>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(current) => view! { <PreferencesForm current /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn mail_text(i18n: I18nContext<Locale>, mail: DemandMail) -> String {
    match mail {
        DemandMail::Immediate => t_string!(i18n, prefs_mail_immediate).to_string(),
        DemandMail::Daily => t_string!(i18n, prefs_mail_daily).to_string(),
        DemandMail::Off => t_string!(i18n, prefs_mail_off).to_string(),
    }
}

#[component]
fn PreferencesForm(current: Preferences) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SavePreferences>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let saved = use_query_map()
        .read_untracked()
        .get("einstellungen")
        .is_some();
    // After a refusal the form shows what was sent, not what is stored.
    let refused = error.is_some();
    let chosen = form
        .value("demand_mail")
        .filter(|_| refused)
        .map(str::to_owned)
        .unwrap_or_else(|| current.demand_mail.as_str().to_owned());
    let publish = if refused {
        form.value("publish").is_some_and(|v| !v.is_empty())
    } else {
        current.publish
    };
    view! {
        {saved.then(|| view! {
            <p class="notice notice--success" role="status">{t!(i18n, prefs_saved)}</p>
        })}
        <FormAlert error=error />
        <form class="form" method="post" action=SavePreferences::PATH novalidate>
            <input type="hidden" name="version" value=current.version.to_string() />
            <fieldset class="field">
                <legend>{t!(i18n, prefs_mail_legend)}</legend>
                {DemandMail::ALL.into_iter().map(|mail| {
                    let id = format!("prefs-mail-{}", mail.as_str());
                    view! {
                        <div class="field--check">
                            <input id=id.clone() type="radio" name="demand_mail" value=mail.as_str()
                                checked=chosen == mail.as_str() />
                            <label for=id>{mail_text(i18n, mail)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field field--check">
                <input id="prefs-publish" type="checkbox" name="publish" value="on" checked=publish
                    aria-describedby="prefs-publish-hint" />
                <label for="prefs-publish">{t!(i18n, prefs_publish)}</label>
                <p id="prefs-publish-hint" class="hint">{t!(i18n, prefs_publish_hint)}</p>
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, prefs_save)}</button>
            </div>
        </form>
    }
    .into_any()
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new(|| (), |()| my_sessions());
    view! {
        <PageTitle text=move || t_string!(i18n, sessions_title).to_string() />
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
        <PageTitle text=move || t_string!(i18n, calendar_link_title).to_string() />
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
