//! `/admin/…`: people (invite, disable), and the audit log. Admins only; the server checks.

use gremium::domain::account::{DISPLAY_NAME_MAX, EMAIL_MAX, UserSummary};
use gremium::domain::audit::{AuditEntry, AuditFilter, action};
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::admin::{
    AuditQuery, Invite, SetUserDisabled, audit_log, fresh_invitation, list_users,
};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome};
use crate::components::layout::use_current_user;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::set_status;

mod mail;
pub use mail::MailPage;

#[component]
pub(crate) fn AdminNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav" aria-label=move || t_string!(i18n, admin_title).to_string()>
            <ul>
                <li><a href="/admin/personen">{t!(i18n, admin_people)}</a></li>
                <li><a href="/admin/einladen">{t!(i18n, admin_invite)}</a></li>
                <li><a href="/admin/protokoll">{t!(i18n, admin_audit)}</a></li>
                <li><a href="/admin/e-mail">{t!(i18n, admin_mail)}</a></li>
                <li><a href="/admin/themenfelder">{t!(i18n, admin_categories)}</a></li>
            </ul>
        </nav>
    }
}

fn page_param() -> Option<u32> {
    use_query_map()
        .read_untracked()
        .get("seite")
        .and_then(|p| p.parse().ok())
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let page = page_param();
    let people = Resource::new(move || page, list_users);
    let invited = use_query_map().read_untracked().get("eingeladen");
    view! {
        <PageTitle text=move || t_string!(i18n, admin_people).to_string() />
        <h1>{t!(i18n, admin_people)}</h1>
        <AdminNav />
        {invited.map(|email| view! {
            <p class="notice notice--success" role="status">
                {t_string!(i18n, invite_sent, email = email.clone()).to_string()}
            </p>
        })}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(page) => view! { <PeopleTable page /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleTable(page: Page<UserSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page.page_count();
    let current = page.page;
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t!(i18n, people_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, invite_name)}</th>
                    <th scope="col">{t!(i18n, people_email)}</th>
                    <th scope="col">{t!(i18n, account_roles)}</th>
                    <th scope="col">{t!(i18n, people_status)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, people_disable)}</span></th>
                </tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|user| {
                    let label = if user.disabled {
                        t_string!(i18n, people_enable_label, name = user.display_name.clone()).to_string()
                    } else {
                        t_string!(i18n, people_disable_label, name = user.display_name.clone()).to_string()
                    };
                    let roles = [
                        user.is_admin.then(|| t_string!(i18n, role_admin).to_string()),
                        user.organization.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                    view! {
                        <tr>
                            <td>{user.display_name.clone()}</td>
                            <td>{user.email.clone()}</td>
                            <td>{roles}</td>
                            <td>
                                {if user.disabled {
                                    t_string!(i18n, people_disabled).to_string()
                                } else {
                                    t_string!(i18n, people_active).to_string()
                                }}
                            </td>
                            <td>
                                <form method="post" action=SetUserDisabled::PATH>
                                    <input type="hidden" name="user_id" value=user.id.to_string() />
                                    <input type="hidden" name="disabled" value=(!user.disabled).to_string() />
                                    <button type="submit" class="button--secondary" aria-label=label>
                                        {if user.disabled {
                                            t_string!(i18n, people_enable).to_string()
                                        } else {
                                            t_string!(i18n, people_disable).to_string()
                                        }}
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager page=current pages url=Callback::new(|p: u32| format!("/admin/personen?seite={p}")) />
    }
}

/// The invitation form is only shown to admins (the server function checks again).
#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <PageTitle text=move || t_string!(i18n, admin_invite).to_string() />
        <h1>{t!(i18n, admin_invite)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let refused = match user.await {
                    Ok(Some(user)) if user.may_administer() => None,
                    Ok(Some(_)) => Some(AppError::Forbidden),
                    Ok(None) => Some(AppError::Unauthorized),
                    Err(error) => Some(error),
                };
                match refused {
                    None => view! { <InviteForm /> }.into_any(),
                    Some(error) => {
                        set_status(error.status().as_u16());
                        view! { <AccessNotice error /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn InviteForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Invite>::new();
    let (error, form) = outcome(action.value().get_untracked());
    // Keyed on the address just invited: the redirect after inviting comes back here.
    let invited = use_query_map();
    let fresh = Resource::new(move || invited.read().get("eingeladen"), fresh_invitation);
    view! {
        <AdminNav />
        <Suspense>
            {move || Suspend::new(async move {
                fresh.await.ok().flatten().map(|fresh| view! {
                    <div class="notice notice--success" role="status">
                        <p>{t_string!(i18n, invite_link_intro, email = fresh.email.clone()).to_string()}</p>
                        <p><a class="invitation-link" href=fresh.link.clone()>{fresh.link.clone()}</a></p>
                    </div>
                })
            })}
        </Suspense>
        <FormAlert error=error />
        <form class="form" method="post" action=Invite::PATH novalidate>
            <Field
                id="invite-email"
                name="email"
                kind="email"
                label=t_string!(i18n, invite_email).to_string()
                value=form.value("email").unwrap_or_default().to_owned()
                autocomplete="off"
                required=true
                maxlength=EMAIL_MAX as u32
                problem=form.problem("email")
            />
            <Field
                id="invite-name"
                name="display_name"
                label=t_string!(i18n, invite_name).to_string()
                value=form.value("display_name").unwrap_or_default().to_owned()
                autocomplete="off"
                required=true
                maxlength=DISPLAY_NAME_MAX as u32
                problem=form.problem("display_name")
            />
            <Field
                id="invite-organization"
                name="organization"
                label=t_string!(i18n, invite_organization).to_string()
                hint=t_string!(i18n, invite_organization_hint).to_string()
                value=form.value("organization").unwrap_or_default().to_owned()
                autocomplete="off"
                maxlength=200
                problem=form.problem("organization")
            />
            <div class="field field--check">
                <input id="invite-admin" type="checkbox" name="admin" value="1" />
                <label for="invite-admin">{t!(i18n, invite_admin)}</label>
            </div>
            <div class="field field--check">
                <input id="invite-chair" type="checkbox" name="chair" value="1" />
                <label for="invite-chair">{t!(i18n, invite_chair)}</label>
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, invite_submit)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        AuditQuery {
            filter: AuditFilter {
                action: params.get("aktion").filter(|a| !a.is_empty()),
                actor: params.get("wer").filter(|a| !a.is_empty()),
            },
            page: params.get("seite").and_then(|p| p.parse().ok()),
        }
    });
    let entries = Resource::new(move || query.get(), audit_log);
    let initial = query.get_untracked();
    view! {
        <PageTitle text=move || t_string!(i18n, admin_audit).to_string() />
        <h1>{t!(i18n, admin_audit)}</h1>
        <AdminNav />
        <form class="filters" method="get" action="/admin/protokoll" role="search">
            <div class="field">
                <label for="audit-action">{t!(i18n, audit_filter_action)}</label>
                <select id="audit-action" name="aktion">
                    <option value="">{t!(i18n, org_all)}</option>
                    {action::ALL.iter().map(|a| {
                        let selected = initial.filter.action.as_deref() == Some(*a);
                        view! { <option value=*a selected=selected>{*a}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-actor">{t!(i18n, audit_filter_actor)}</label>
                <input id="audit-actor" type="search" name="wer" value=initial.filter.actor.clone().unwrap_or_default() />
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, audit_filter_submit)}</button>
            </div>
        </form>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(page) => view! { <AuditTable page query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditTable(page: Page<AuditEntry>, query: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, audit_empty)}</p> }.into_any();
    }
    let pages = page.page_count();
    let current = page.page;
    let url = Callback::new(move |p: u32| {
        let mut pairs = vec![("seite", p.to_string())];
        if let Some(a) = &query.filter.action {
            pairs.push(("aktion", a.clone()));
        }
        if let Some(w) = &query.filter.actor {
            pairs.push(("wer", w.clone()));
        }
        format!(
            "/admin/protokoll?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    });
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t!(i18n, audit_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, audit_when)}</th>
                    <th scope="col">{t!(i18n, audit_actor)}</th>
                    <th scope="col">{t!(i18n, audit_action)}</th>
                    <th scope="col">{t!(i18n, audit_object)}</th>
                    <th scope="col">{t!(i18n, audit_summary)}</th>
                </tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|e| view! {
                    <tr>
                        <td>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                        <td>{e.actor_label}{e.ip.map(|ip| format!(" ({ip})"))}</td>
                        <td>{e.action}</td>
                        <td>{e.object}</td>
                        <td>{e.summary}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager page=current pages url />
    }
    .into_any()
}
