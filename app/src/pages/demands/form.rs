//! `/bedarfe/neu`: raise a demand for one's organization, or save it as a draft. While the
//! title and problem are typed, similar demands are suggested (a polite live region), so the
//! representative co-signs instead of duplicating. The same fields edit a draft.

use gremium::domain::demands::{Category, Demand, TAG_MAX, TEXT_MAX, TITLE_MAX, Urgency};
use gremium::domain::form::FormErrors;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::labels::{StatusBadge, urgency_text};
use crate::api::demands::{RaiseDemand, demand_form, similar_demands};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::islands::similar::SimilarAsYouType;

/// This page's path: "Ähnliche suchen" sends the form here by GET.
const NEW_PATH: &str = "/bedarfe/neu";
/// The ids of the demand form and of the list of similar demands in it.
const FORM: &str = "demand-form";
const SIMILAR: &str = "similar-demands";

#[component]
pub fn NewDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| demand_form());
    view! {
        <PageTitle text=move || t_string!(i18n, demand_new).to_string() />
        <p><a href="/bedarfe">{t!(i18n, demand_back)}</a></p>
        <h1>{t!(i18n, demand_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! {
                        <p class="hint">{t!(i18n, demand_new_hint, name = data.organization.name.clone())}</p>
                        <NewDemandForm categories=data.categories />
                    }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewDemandForm(categories: Vec<Category>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RaiseDemand>::new();
    let (error, mut form) = outcome(action.value().get_untracked());
    // "Ähnliche suchen" without JavaScript sends the form here by GET: keep what was typed.
    if form.input.is_empty() {
        for (field, value) in use_query_map().get_untracked() {
            form = form.keep(&field, &value);
        }
    }
    // What has been typed so far, for the suggestions (with JavaScript they follow the typing).
    let typed_field = |field: &str| form.value(field).unwrap_or_default().to_owned();
    let typed = format!("{} {}", typed_field("title"), typed_field("problem"));
    view! {
        <FormAlert error=error />
        <SimilarAsYouType form=FORM.to_owned() region=SIMILAR.to_owned() />
        <form class="form" id=FORM method="post" action=RaiseDemand::PATH novalidate
            data-similar=NEW_PATH>
            <DemandFields form demand=None categories />
            <Suggestions typed />
            <div class="actions">
                <button type="submit">{t!(i18n, demand_submit)}</button>
                <button type="submit" name="save_draft" value="on" class="button--secondary">
                    {t!(i18n, demand_save_draft)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// Similar demands for what was typed, at most five. "Ähnliche suchen" sends the form to this
/// page by GET and the server lists them; with JavaScript the list is fetched the same way as
/// the text grows by a word (`islands::similar`).
#[component]
fn Suggestions(typed: String) -> impl IntoView {
    let i18n = use_i18n();
    let words = typed
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect::<Vec<_>>()
        .join(" ");
    let nothing_typed = words.is_empty();
    let found = Resource::new(
        move || words.clone(),
        |text| async move {
            if text.is_empty() {
                Ok(Vec::new())
            } else {
                similar_demands(text, None).await
            }
        },
    );
    view! {
        <section class="suggestions" aria-labelledby="aehnliche" aria-live="polite">
            <h2 id="aehnliche">{t!(i18n, demand_similar_title)}</h2>
            <div id=SIMILAR>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let hits = found.await.unwrap_or_default();
                    if nothing_typed {
                        return view! { <p class="hint">{t!(i18n, demand_similar_waiting)}</p> }.into_any();
                    }
                    if hits.is_empty() {
                        return view! { <p class="hint">{t!(i18n, demand_similar_none)}</p> }.into_any();
                    }
                    view! {
                        <p class="hint">{t!(i18n, demand_similar_hint)}</p>
                        <ul class="suggestion-list">
                            {hits.into_iter().map(|hit| view! {
                                <li>
                                    <a href=format!("/bedarfe/{}", hit.id)>{hit.title.clone()}</a> " "
                                    <StatusBadge status=hit.status /> " · "
                                    {t_string!(i18n, demand_cosigned_by_count, count = hit.cosignatures).to_string()}
                                    {hit.decided_in.clone().map(|(id, title)| view! {
                                        " · " {t!(i18n, demand_decided_in)} " "
                                        <a href=format!("/sitzungen/{id}")>{title}</a>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
            </div>
            <button type="submit" formaction=NEW_PATH formmethod="get" formnovalidate
                class="button--secondary">{t!(i18n, demand_similar_search)}</button>
        </section>
    }
}

/// The fields of a demand, filled from the kept input or the demand being edited.
#[component]
pub fn DemandFields(
    form: FormErrors,
    demand: Option<Demand>,
    categories: Vec<Category>,
) -> impl IntoView {
    let i18n = use_i18n();
    let from = |f: fn(&Demand) -> String| demand.as_ref().map(f).unwrap_or_default();
    let value = |field: &str, default: String| form.value(field).map_or(default, str::to_owned);
    let title = value("title", from(|d| d.title.clone()));
    let problem = value("problem", from(|d| d.problem.clone()));
    let outcome_text = value("outcome", from(|d| d.outcome.clone()));
    let category = value("category", from(|d| d.category.id.to_string()));
    let tags = value("tags", from(|d| d.tags.join(", ")));
    let urgency = value(
        "urgency",
        demand
            .as_ref()
            .map_or("normal".to_owned(), |d| d.urgency.as_str().to_owned()),
    );
    let links = value("links", from(|d| d.links.join("\n")));
    let public = match form.value("public") {
        Some(v) => !v.is_empty(),
        None => demand.as_ref().is_none_or(|d| d.public),
    };
    let area = |id: &'static str,
                name: &'static str,
                label: String,
                hint: String,
                text: String,
                rows: &'static str| {
        let problem = form.problem(name);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = if problem.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            hint_id.clone()
        };
        view! {
            <div class="field" class:field--error=problem.is_some()>
                <label for=id>{label}</label>
                <p id=hint_id class="hint">{hint}</p>
                {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
                <textarea id=id name=name rows=rows maxlength=TEXT_MAX.to_string()
                    aria-invalid=problem.map(|_| "true") aria-describedby=described>
                    {textarea_text(&text)}
                </textarea>
            </div>
        }
    };
    let category_problem = form.problem("category");
    view! {
        <Field id="demand-title" name="title" required=true
            label=t_string!(i18n, demand_field_title).to_string()
            value=title maxlength=TITLE_MAX as u32 problem=form.problem("title") />
        {area("demand-problem", "problem", t_string!(i18n, demand_field_problem).to_string(),
            t_string!(i18n, demand_field_problem_hint).to_string(), problem, "6")}
        {area("demand-outcome", "outcome", t_string!(i18n, demand_field_outcome).to_string(),
            t_string!(i18n, demand_field_outcome_hint).to_string(), outcome_text, "4")}
        <div class="field" class:field--error=category_problem.is_some()>
            <label for="demand-category-field">{t!(i18n, demand_field_category)}</label>
            {category_problem.map(|p| view! { <p id="demand-category-field-error" class="field-error">{problem_text(i18n, p)}</p> })}
            <select id="demand-category-field" name="category" aria-invalid=category_problem.map(|_| "true")
                aria-describedby=category_problem.map(|_| "demand-category-field-error")>
                <option value="">{t!(i18n, demand_choose)}</option>
                {categories.into_iter().map(|c| {
                    let id = c.id.to_string();
                    view! { <option value=id.clone() selected=category == id>{c.name}</option> }
                }).collect_view()}
            </select>
        </div>
        <Field id="demand-tags" name="tags"
            label=t_string!(i18n, demand_field_tags).to_string()
            hint=t_string!(i18n, demand_field_tags_hint, max = TAG_MAX).to_string()
            value=tags problem=form.problem("tags") />
        <fieldset class="field">
            <legend>{t!(i18n, demand_field_urgency)}</legend>
            {Urgency::ALL.into_iter().map(|u| {
                let id = format!("demand-urgency-{}", u.as_str());
                view! {
                    <div class="field--check">
                        <input id=id.clone() type="radio" name="urgency" value=u.as_str() checked=urgency == u.as_str() />
                        <label for=id>{urgency_text(i18n, u)}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        {area("demand-links", "links", t_string!(i18n, topic_field_links).to_string(),
            t_string!(i18n, topic_field_links_hint).to_string(), links, "3")}
        <div class="field field--check">
            <input id="demand-public" type="checkbox" name="public" value="on" checked=public />
            <label for="demand-public">{t!(i18n, demand_field_public)}</label>
        </div>
    }
    .into_any()
}
