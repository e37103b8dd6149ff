//! `/organisationen`: search by name or key, filter by Land and kind, paginated on the server.
//! The form is a plain GET form, so it works without JavaScript; with it, the list follows the
//! search field as the reader types (`islands::search`).

use gremium::domain::organization::{OrganizationKind, OrganizationSummary};
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::organizations::{get_organization, list_lands, list_organizations};
use crate::components::access::AccessNotice;
use crate::components::kind_label::{KindLabel, kind_text};
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::search_form::SearchForm;
use crate::format;
use crate::i18n::*;
use crate::islands::search::SearchAsYouType;
use crate::query::organizations::{LIST_PATH, OrganizationQuery};

/// The id of the region the search field refreshes while typing.
const RESULTS: &str = "org-results";

/// Kinds offered in the filter, in the order of the register.
const KIND_FILTER: [OrganizationKind; 6] = [
    OrganizationKind::Land,
    OrganizationKind::Kreis,
    OrganizationKind::Gemeindeverband,
    OrganizationKind::Gemeinde,
    OrganizationKind::Association,
    OrganizationKind::Body,
];

#[component]
pub fn OrganizationListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| OrganizationQuery::from_params(&params.read()));
    let results = Resource::new(move || query.get(), list_organizations);
    let lands = Resource::new(|| (), |()| list_lands());
    let initial = query.get_untracked();

    view! {
        <PageTitle text=move || t_string!(i18n, org_title).to_string() />
        <h1>{t!(i18n, org_title)}</h1>
        <SearchForm action=LIST_PATH>
            <fieldset>
                <legend class="visually-hidden">{t!(i18n, org_search_legend)}</legend>
                <div class="field field--wide">
                    <label for="org-q">{t!(i18n, org_search_label)}</label>
                    <input
                        id="org-q"
                        type="search"
                        name="q"
                        maxlength="100"
                        autocomplete="off"
                        aria-describedby="org-q-hint"
                        value=initial.q.clone().unwrap_or_default()
                    />
                    <p id="org-q-hint" class="hint">{t!(i18n, org_search_hint)}</p>
                </div>
                <div class="field">
                    <label for="org-land">{t!(i18n, org_land_label)}</label>
                    <Suspense fallback=|| view! { <select id="org-land" name="land" disabled=true></select> }>
                        {move || Suspend::new(async move {
                            let selected = query.get_untracked().land_id();
                            let options = lands.await.unwrap_or_default().into_iter().map(|land| {
                                view! {
                                    <option value=land.id.to_string() selected=selected == Some(land.id)>
                                        {land.name}
                                    </option>
                                }
                            }).collect_view();
                            view! {
                                <select id="org-land" name="land">
                                    <option value="">{t!(i18n, org_all)}</option>
                                    {options}
                                </select>
                            }
                        })}
                    </Suspense>
                </div>
                <div class="field">
                    <label for="org-kind">{t!(i18n, org_kind_label)}</label>
                    <select id="org-kind" name="art">
                        <option value="">{t!(i18n, org_all)}</option>
                        {KIND_FILTER.into_iter().map(|kind| {
                            let selected = initial.kind() == Some(kind);
                            view! {
                                <option value=kind.as_str() selected=selected>
                                    {move || kind_text(i18n, kind)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                {initial.within.clone().map(|id| view! { <input type="hidden" name="in" value=id /> })}
                <div class="actions">
                    <button type="submit">{t!(i18n, org_search_button)}</button>
                    <a href=LIST_PATH>{t!(i18n, org_reset)}</a>
                </div>
            </fieldset>
        </SearchForm>
        <SearchAsYouType input="org-q".to_owned() region=RESULTS.to_owned() />
        <div id=RESULTS>
            {move || query.get().within_id().map(|id| view! { <WithinNotice id query=query.get() /> })}
            <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(page) => view! { <Results page query=query.get_untracked() /> }.into_any(),
                        Err(error) => view! { <AccessNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Results(page: Page<OrganizationSummary>, query: OrganizationQuery) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <p class="notice" role="status">{t!(i18n, org_no_results)}</p>
        }
        .into_any();
    }
    let (first, last, total) = (page.first_index(), page.last_index(), page.total);
    let (current, pages) = (page.page, page.page_count());
    let locale = move || i18n.get_locale();
    let pager_query = query.clone();
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
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, org_table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, org_col_name)}</th>
                        <th scope="col">{t!(i18n, org_col_kind)}</th>
                        <th scope="col">{t!(i18n, org_col_ags)}</th>
                        <th scope="col">{t!(i18n, org_col_land)}</th>
                        <th scope="col" class="numeric">{t!(i18n, org_col_population)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|org| view! {
                        <tr>
                            <th scope="row">
                                <a href=format!("{LIST_PATH}/{}", org.id)>{org.name}</a>
                                {org.short_name.map(|s| view! { " (" <abbr>{s}</abbr> ")" })}
                            </th>
                            <td>
                                <KindLabel kind=org.kind />
                                {org.designation.map(|d| view! { <span class="designation">{d.label()}</span> })}
                            </td>
                            <td class="key">{org.ags}</td>
                            <td>{org.land_name}</td>
                            <td class="numeric">
                                {org.population.map(|p| move || format::integer(locale(), p))}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager
            page=current
            pages=pages
            url=Callback::new(move |n| pager_query.url_for_page(n))
        />
    }
    .into_any()
}

/// Says which organization the list is narrowed to (the `in` parameter) and how to widen it.
#[component]
fn WithinNotice(id: i64, query: OrganizationQuery) -> impl IntoView {
    let i18n = use_i18n();
    let parent = Resource::new(move || id, get_organization);
    let without = OrganizationQuery {
        within: None,
        seite: None,
        ..query
    }
    .url();
    view! {
        <p class="notice">
            {t!(i18n, org_within)} " "
            <Suspense fallback=|| "…">
                {move || Suspend::new(async move {
                    parent.await.ok().map(|org| view! {
                        <a href=format!("{LIST_PATH}/{}", org.id)>{org.name}</a>
                    })
                })}
            </Suspense>
            " · " <a href=without>{t!(i18n, org_within_clear)}</a>
        </p>
    }
}
