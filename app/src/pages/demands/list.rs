//! `/bedarfe`: full-text search (German stemming) and filters, sorted and paginated on the
//! server, every filter in the URL. A plain GET form, so it works without JavaScript; the CSV
//! export takes the same filters.

use gremium::domain::demands::{Demand, DemandSort, DemandStatus, OrgClass};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::labels::{StatusBadge, class_text, status_text};
use crate::api::demands::{DemandList, list_demands};
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::search_form::SearchForm;
use crate::format;
use crate::i18n::*;
use crate::query::demands::{DemandQuery, LIST_PATH};

#[component]
pub fn DemandListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| DemandQuery::from_params(&params.read()));
    let results = Resource::new(move || query.get(), list_demands);
    view! {
        <PageTitle text=move || t_string!(i18n, demand_list_title).to_string() />
        <h1>{t!(i18n, demand_list_title)}</h1>
        <p class="hint">{t!(i18n, demand_list_intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(list) => view! { <ListView list query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ListView(list: DemandList, query: DemandQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filter = query.to_filter();
    let selected = |value: Option<&String>, option: &str| value.is_some_and(|v| v == option);
    let sort = filter.sort;
    let results = view! { <Results list=list.clone() query=query.clone() /> };
    view! {
        {list.may_raise.then(|| view! {
            <p class="actions">
                <a class="button" href="/bedarfe/neu">{t!(i18n, demand_new)}</a>
                <a href="/unsere-bedarfe">{t!(i18n, demand_dashboard_title)}</a>
            </p>
        })}
        <SearchForm action=LIST_PATH>
            <fieldset>
                <legend class="visually-hidden">{t!(i18n, demand_filter_legend)}</legend>
                <div class="field field--wide">
                    <label for="demand-q">{t!(i18n, demand_search_label)}</label>
                    <input id="demand-q" type="search" name="q" maxlength="200" autocomplete="off"
                        aria-describedby="demand-q-hint" value=query.q.clone().unwrap_or_default() />
                    <p id="demand-q-hint" class="hint">{t!(i18n, demand_search_hint)}</p>
                </div>
                <div class="field">
                    <label for="demand-status">{t!(i18n, demand_field_status)}</label>
                    <select id="demand-status" name="status">
                        <option value="">{t!(i18n, org_all)}</option>
                        {DemandStatus::ALL.into_iter().filter(|s| *s != DemandStatus::Draft).map(|s| view! {
                            <option value=s.as_str() selected=selected(query.status.as_ref(), s.as_str())>
                                {status_text(i18n, s)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="demand-category">{t!(i18n, demand_field_category)}</label>
                    <select id="demand-category" name="kategorie">
                        <option value="">{t!(i18n, org_all)}</option>
                        {list.categories.iter().map(|c| view! {
                            <option value=c.id.to_string() selected=selected(query.kategorie.as_ref(), &c.id.to_string())>
                                {c.name.clone()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="demand-land">{t!(i18n, org_land_label)}</label>
                    <select id="demand-land" name="land">
                        <option value="">{t!(i18n, org_all)}</option>
                        {list.lands.iter().map(|l| view! {
                            <option value=l.id.to_string() selected=selected(query.land.as_ref(), &l.id.to_string())>
                                {l.name.clone()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="demand-class">{t!(i18n, demand_field_class)}</label>
                    <select id="demand-class" name="art">
                        <option value="">{t!(i18n, org_all)}</option>
                        {OrgClass::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=selected(query.art.as_ref(), c.as_str())>
                                {class_text(i18n, c)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="demand-from">{t!(i18n, demand_field_from)}</label>
                    <input id="demand-from" type="date" name="von" value=query.von.clone().unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="demand-until">{t!(i18n, demand_field_until)}</label>
                    <input id="demand-until" type="date" name="bis" value=query.bis.clone().unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="demand-sort">{t!(i18n, demand_field_sort)}</label>
                    <select id="demand-sort" name="sortierung">
                        <option value="neu" selected=sort == DemandSort::Recent>{t!(i18n, demand_sort_recent)}</option>
                        <option value="unterstuetzung" selected=sort == DemandSort::Support>{t!(i18n, demand_sort_support)}</option>
                        <option value="relevanz" selected=sort == DemandSort::Relevance>{t!(i18n, demand_sort_relevance)}</option>
                    </select>
                </div>
                {list.own_organization.clone().map(|o| {
                    let checked = query.org.as_deref() == Some(o.id.to_string().as_str());
                    view! {
                        <div class="field field--check">
                            <input id="demand-own" type="checkbox" name="org" value=o.id.to_string() checked=checked />
                            <label for="demand-own">{t!(i18n, demand_filter_own, name = o.name.clone())}</label>
                        </div>
                    }
                })}
                <div class="actions">
                    <button type="submit">{t!(i18n, org_search_button)}</button>
                    <a href=LIST_PATH>{t!(i18n, org_reset)}</a>
                </div>
            </fieldset>
        </SearchForm>
        {results}
    }
    .into_any()
}

#[component]
fn Results(list: DemandList, query: DemandQuery) -> impl IntoView {
    let i18n = use_i18n();
    let page = list.page;
    let locale = move || i18n.get_locale();
    let csv = query.csv_url(false);
    let csv_semicolon = query.csv_url(true);
    let feed = query.feed_url();
    let downloads = view! {
        <p class="downloads">
            <a href=csv download="">{t!(i18n, demand_csv)}</a> " · "
            <a href=csv_semicolon download="">{t!(i18n, demand_csv_semicolon)}</a> " · "
            <a href=feed type="application/atom+xml">{t!(i18n, demand_feed)}</a>
        </p>
    };
    if page.items.is_empty() {
        return view! {
            <p class="notice" role="status">{t!(i18n, demand_no_results)}</p>
        }
        .into_any();
    }
    let (first, last, total) = (page.first_index(), page.last_index(), page.total);
    let (current, pages) = (page.page, page.page_count());
    view! {
        <p class="result-count" role="status">
            {move || t_string!(
                i18n,
                org_results,
                first = format::integer(locale(), first as i64),
                last = format::integer(locale(), last as i64),
                total = format::integer(locale(), total as i64)
            ).to_string()}
        </p>
        {downloads}
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, demand_list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, demand_field_title)}</th>
                        <th scope="col">{t!(i18n, demand_field_status)}</th>
                        <th scope="col">{t!(i18n, demand_field_category)}</th>
                        <th scope="col">{t!(i18n, demand_raised_by)}</th>
                        <th scope="col" class="numeric">{t!(i18n, demand_cosignatures)}</th>
                        <th scope="col">{t!(i18n, demand_raised_on)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|d| view! { <Row demand=d /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager page=current pages=pages url=Callback::new(move |n| query.url_for_page(n)) />
    }
    .into_any()
}

#[component]
fn Row(demand: Demand) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let day = demand.created_local.date();
    view! {
        <tr>
            <th scope="row"><a href=format!("/bedarfe/{}", demand.id)>{demand.title.clone()}</a></th>
            <td><StatusBadge status=demand.status /></td>
            <td>{demand.category.name.clone()}</td>
            <td>{demand.organization_name.clone()}</td>
            <td class="numeric">{format::integer(locale, demand.cosignatures)}</td>
            <td>{format::date(locale, day)}</td>
        </tr>
    }
}
