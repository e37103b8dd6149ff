//! `/admin/themenfelder`: the demand categories (seeded with the 14 OZG Themenfelder), renamed
//! or added by admins. Categories are never deleted: demands keep theirs.

use gremium::domain::demands::Category;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::demands::{SaveCategory, load_categories};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::pages::admin::AdminNav;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_categories());
    view! {
        <PageTitle text=move || t_string!(i18n, admin_categories).to_string() />
        <h1>{t!(i18n, admin_categories)}</h1>
        <AdminNav />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(categories) => view! { <Categories categories /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Categories(categories: Vec<Category>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveCategory>::new();
    let (error, form) = outcome(action.value().get_untracked());
    view! {
        <FormAlert error=error />
        <p class="hint">{t!(i18n, categories_hint)}</p>
        <ul class="plain-list">
            {categories.into_iter().map(|c| {
                let field = format!("name-{}", c.id);
                let value = form.value(&field).map_or(c.name.clone(), str::to_owned);
                let problem = form.problem(&field);
                let id = format!("category-{}", c.id);
                let error_id = format!("{id}-error");
                view! {
                    <li>
                        <form class="form form--inline" method="post" action=SaveCategory::PATH>
                            <input type="hidden" name="id" value=c.id.to_string() />
                            <div class="field" class:field--error=problem.is_some()>
                                <label for=id.clone()>{t!(i18n, categories_rename, name = c.name.clone())}</label>
                                {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
                                <input id=id name="name" value=value maxlength="120"
                                    aria-invalid=problem.map(|_| "true")
                                    aria-describedby=problem.map(|_| error_id.clone()) />
                            </div>
                            <button type="submit" aria-label=t_string!(i18n, categories_save_named, name = c.name.clone()).to_string()>
                                {t!(i18n, categories_save)}
                            </button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{t!(i18n, categories_add)}</h2>
        <form class="form" method="post" action=SaveCategory::PATH>
            <Field id="category-new" name="name" maxlength=120 required=true
                value=form.value("name").unwrap_or_default().to_owned() problem=form.problem("name")
                label=t_string!(i18n, categories_name).to_string() />
            <div class="actions"><button type="submit">{t!(i18n, categories_add)}</button></div>
        </form>
    }
    .into_any()
}
