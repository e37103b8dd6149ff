//! `/unsere-bedarfe`: one organization's demands — raised and co-signed — and what changed on
//! them since the reader last looked.

use gremium::domain::demands::Demand;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::detail::EventLine;
use super::labels::StatusBadge;
use crate::api::demands::{MarkDashboardSeen, OrganizationDashboard, load_dashboard};
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::format;
use crate::i18n::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_dashboard());
    view! {
        <PageTitle text=move || t_string!(i18n, demand_dashboard_title).to_string() />
        <h1>{t!(i18n, demand_dashboard_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <DashboardView data /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(data: OrganizationDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let board = data.dashboard;
    let org = data.organization;
    view! {
        <p class="lead">{org.name.clone()}</p>
        <p class="actions">
            <a class="button" href="/bedarfe/neu">{t!(i18n, demand_new)}</a>
            <a href=format!("/bedarfe?org={}", org.id)>{t!(i18n, demand_dashboard_all)}</a>
        </p>
        <section aria-labelledby="aenderungen">
            <h2 id="aenderungen">{t!(i18n, demand_dashboard_changes)}</h2>
            {if board.changes.is_empty() {
                view! { <p>{t!(i18n, demand_dashboard_no_changes)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=MarkDashboardSeen::PATH>
                        <button type="submit" class="button--secondary">{t!(i18n, demand_dashboard_seen)}</button>
                    </form>
                    <ol class="timeline">
                        {board.changes.into_iter().map(|c| view! {
                            <li>
                                <a href=format!("/bedarfe/{}", c.demand_id)>{c.title.clone()}</a> ": "
                                <EventLine event=c.event />
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <DemandTable id="erhoben" title=t_string!(i18n, demand_dashboard_raised).to_string() demands=board.raised />
        <DemandTable id="mitgezeichnet" title=t_string!(i18n, demand_dashboard_cosigned).to_string() demands=board.cosigned />
    }
    .into_any()
}

#[component]
fn DemandTable(id: &'static str, title: String, demands: Vec<Demand>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title.clone()}</h2>
            {if demands.is_empty() {
                view! { <p>{t!(i18n, demand_no_results)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption class="visually-hidden">{title}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, demand_field_title)}</th>
                                <th scope="col">{t!(i18n, demand_field_status)}</th>
                                <th scope="col" class="numeric">{t!(i18n, demand_cosignatures)}</th>
                                <th scope="col">{t!(i18n, demand_raised_on)}</th>
                            </tr></thead>
                            <tbody>
                                {demands.into_iter().map(|d| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/bedarfe/{}", d.id)>{d.title.clone()}</a></th>
                                        <td><StatusBadge status=d.status /></td>
                                        <td class="numeric">{format::integer(locale, d.cosignatures)}</td>
                                        <td>{format::date(locale, d.created_local.date())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
