//! `/organisationen/{id}`: name, kind, keys, population, parents and children.

use gremium::domain::organization::{OrganizationDetail, OrganizationKind, OrganizationRef};
use leptos::prelude::*;

use crate::api::organizations::get_organization;
use crate::components::access::AccessNotice;
use crate::components::kind_label::KindLabel;
use crate::components::page_title::PageTitle;
use crate::components::routed::route_resource;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_status;
use crate::query::organizations::{LIST_PATH, OrganizationQuery};

#[component]
pub fn OrganizationDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let organization = route_resource(get_organization);
    view! {
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match organization.await {
                    Ok(org) => view! { <Detail org /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_status(404);
                        view! {
                            <PageTitle text=move || t_string!(i18n, not_found_title).to_string() />
                            <h1>{t!(i18n, not_found_title)}</h1>
                            <p>{t!(i18n, org_not_found)}</p>
                            <p><a href=LIST_PATH>{t!(i18n, detail_back)}</a></p>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn org_link(org: OrganizationRef) -> impl IntoView {
    view! { <a href=format!("{LIST_PATH}/{}", org.id)>{org.name}</a> }
}

#[component]
fn Detail(org: OrganizationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let title = org.name.clone();
    let children_query = OrganizationQuery {
        within: (org.kind != OrganizationKind::Land).then(|| org.id.to_string()),
        land: (org.kind == OrganizationKind::Land).then(|| org.id.to_string()),
        art: (org.kind == OrganizationKind::Land)
            .then(|| OrganizationKind::Kreis.as_str().to_owned()),
        ..Default::default()
    };
    let has_parents = org.land.is_some() || org.kreis.is_some() || org.gemeindeverband.is_some();
    let children_total = org.children_total;
    let shown = org.children.len() as u64;
    view! {
        <PageTitle text=title />
        <p class="breadcrumb"><a href=LIST_PATH>{t!(i18n, detail_back)}</a></p>
        <h1>{org.name.clone()}</h1>
        <section aria-labelledby="facts">
            <h2 id="facts">{t!(i18n, detail_facts)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, detail_kind)}</dt>
                <dd><KindLabel kind=org.kind /></dd>
                {org.designation.map(|d| view! {
                    <dt>{t!(i18n, detail_designation)}</dt>
                    <dd>{d.label()}</dd>
                })}
                {org.short_name.map(|s| view! {
                    <dt>{t!(i18n, detail_short_name)}</dt>
                    <dd>{s}</dd>
                })}
                {org.ags.map(|ags| view! {
                    <dt>{t!(i18n, detail_ags)}</dt>
                    <dd class="key">{ags}</dd>
                })}
                {org.ars.map(|ars| view! {
                    <dt>{t!(i18n, detail_ars)}</dt>
                    <dd class="key">{ars}</dd>
                })}
                {org.population.map(|p| view! {
                    <dt>{t!(i18n, detail_population)}</dt>
                    <dd>{move || format::integer(locale(), p)}</dd>
                })}
                {org.area_km2.map(|a| view! {
                    <dt>{t!(i18n, detail_area)}</dt>
                    <dd>{move || format!("{} km²", format::decimal(locale(), a))}</dd>
                })}
                {org.postal_code.map(|p| view! {
                    <dt>{t!(i18n, detail_postal_code)}</dt>
                    <dd>{p}</dd>
                })}
                {org.website.map(|w| view! {
                    <dt>{t!(i18n, detail_website)}</dt>
                    <dd><a href=w.clone() rel="noopener">{w.clone()}</a></dd>
                })}
            </dl>
        </section>
        {has_parents.then(|| view! {
            <section aria-labelledby="parents">
                <h2 id="parents">{t!(i18n, detail_parents)}</h2>
                <dl class="facts">
                    {org.land.map(|land| view! {
                        <dt>{t!(i18n, detail_land)}</dt>
                        <dd>{org_link(land)}</dd>
                    })}
                    {org.kreis.map(|kreis| view! {
                        <dt>{t!(i18n, detail_kreis)}</dt>
                        <dd>{org_link(kreis)}</dd>
                    })}
                    {org.gemeindeverband.map(|v| view! {
                        <dt>{t!(i18n, detail_gemeindeverband)}</dt>
                        <dd>{org_link(v)}</dd>
                    })}
                </dl>
            </section>
        })}
        {(!org.children.is_empty()).then(|| view! {
            <section aria-labelledby="children">
                <h2 id="children">{t!(i18n, detail_children)}</h2>
                <ul class="child-list">
                    {org.children.into_iter().map(|child| view! {
                        <li>
                            <a href=format!("{LIST_PATH}/{}", child.id)>{child.name}</a>
                            " (" <KindLabel kind=child.kind /> ")"
                        </li>
                    }).collect_view()}
                </ul>
                {(children_total > shown).then(|| view! {
                    <p>
                        <a href=children_query.url()>
                            {move || t_string!(i18n, detail_children_all, count = format::integer(locale(), children_total as i64)).to_string()}
                        </a>
                    </p>
                })}
            </section>
        })}
    }
}
