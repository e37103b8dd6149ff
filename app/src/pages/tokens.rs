//! `/konto/api-schluessel`: personal API tokens for the REST API. A new token is shown once,
//! right after it was made; only its hash is kept.

use gremium::domain::api_tokens::{Lifetime, NAME_MAX, Scope};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::tokens::{CreateToken, RevokeToken, TokenOverview, token_page};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos_i18n::I18nContext;

fn lifetime_text(i18n: I18nContext<Locale>, lifetime: Lifetime) -> String {
    match lifetime {
        Lifetime::Days30 => t_string!(i18n, tokens_lifetime_30).to_string(),
        Lifetime::Days90 => t_string!(i18n, tokens_lifetime_90).to_string(),
        Lifetime::Year => t_string!(i18n, tokens_lifetime_365).to_string(),
        Lifetime::Unlimited => t_string!(i18n, tokens_lifetime_unlimited).to_string(),
    }
}

fn scope_text(i18n: I18nContext<Locale>, scope: Scope) -> String {
    match scope {
        Scope::ReadDemands => t_string!(i18n, tokens_scope_read).to_string(),
        Scope::WriteDemands => t_string!(i18n, tokens_scope_write).to_string(),
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    // Keyed on the token just made (`?neu=ID`): the redirect after making one comes back here.
    let made = leptos_router::hooks::use_query_map();
    let page = Resource::new(move || made.read().get("neu"), |_| token_page());
    view! {
        <PageTitle text=move || t_string!(i18n, tokens_title).to_string() />
        <h1>{t!(i18n, tokens_title)}</h1>
        <p>{t!(i18n, tokens_intro)} " " <a href="/api/v1/docs">{t!(i18n, tokens_docs)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Tokens page /> }.into_any(),
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
fn Tokens(page: TokenOverview) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateToken>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let checked = |field: &str, default: bool| {
        if error.is_some() {
            form.value(field).is_some_and(|v| !v.is_empty())
        } else {
            default
        }
    };
    let read = checked("read", true);
    let write = checked("write", false);
    let lifetime = form
        .value("lifetime")
        .and_then(Lifetime::parse)
        .unwrap_or_default();
    let now = page.now;
    view! {
        {page.fresh.clone().map(|token| view! {
            <div class="notice notice--success" role="status">
                <p>{t!(i18n, tokens_fresh)}</p>
                <p><label for="fresh-token">{t!(i18n, tokens_fresh_label)}</label></p>
                <input id="fresh-token" type="text" readonly value=token class="copy-field" />
            </div>
        })}
        <h2>{t!(i18n, tokens_list)}</h2>
        {if page.tokens.is_empty() {
            view! { <p>{t!(i18n, tokens_none)}</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, tokens_list)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, tokens_name)}</th>
                            <th scope="col">{t!(i18n, tokens_scopes)}</th>
                            <th scope="col">{t!(i18n, tokens_created)}</th>
                            <th scope="col">{t!(i18n, tokens_used)}</th>
                            <th scope="col">{t!(i18n, tokens_expires)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, tokens_revoke)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.tokens.into_iter().map(|token| {
                            let label = t_string!(i18n, tokens_revoke_label, name = token.name.clone()).to_string();
                            let scopes = token.scopes.iter().map(|s| scope_text(i18n, *s)).collect::<Vec<_>>().join(", ");
                            let expires = match token.expires_at {
                                None => t_string!(i18n, tokens_expires_never).to_string(),
                                Some(at) if token.expired(now) => t_string!(i18n, tokens_expired, at = at.format("%Y-%m-%d %H:%M UTC").to_string()).to_string(),
                                Some(at) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{token.name.clone()}</th>
                                    <td>{scopes}</td>
                                    <td>{token.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                                    <td>{token.last_used_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                                    <td>{expires}</td>
                                    <td>
                                        <form method="post" action=RevokeToken::PATH>
                                            <input type="hidden" name="id" value=token.id.to_string() />
                                            <button type="submit" class="button--secondary" aria-label=label>
                                                {t!(i18n, tokens_revoke)}
                                            </button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2>{t!(i18n, tokens_new)}</h2>
        <FormAlert error=error.clone() />
        <form class="form" method="post" action=CreateToken::PATH novalidate>
            <Field
                id="token-name"
                name="name"
                label=t_string!(i18n, tokens_name).to_string()
                hint=t_string!(i18n, tokens_name_hint).to_string()
                required=true
                maxlength=NAME_MAX as u32
                value=form.value("name").unwrap_or_default().to_owned()
                problem=form.problem("name")
            />
            <fieldset class="field" class:field--error=form.problem("scopes").is_some()>
                <legend>{t!(i18n, tokens_scopes)}</legend>
                {form.problem("scopes").map(|_| view! {
                    <p class="field-error">{t!(i18n, tokens_scope_required)}</p>
                })}
                <div class="field--check">
                    <input id="token-read" type="checkbox" name="read" value="on" checked=read />
                    <label for="token-read">{scope_text(i18n, Scope::ReadDemands)}</label>
                </div>
                <div class="field--check">
                    <input id="token-write" type="checkbox" name="write" value="on" checked=write />
                    <label for="token-write">{scope_text(i18n, Scope::WriteDemands)}</label>
                </div>
                {(!page.represents).then(|| view! {
                    <p class="hint">{t!(i18n, tokens_write_hint)}</p>
                })}
            </fieldset>
            <div class="field">
                <label for="token-lifetime">{t!(i18n, tokens_lifetime)}</label>
                <p class="hint" id="token-lifetime-hint">{t!(i18n, tokens_lifetime_hint)}</p>
                <select id="token-lifetime" name="lifetime" aria-describedby="token-lifetime-hint">
                    {Lifetime::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=option == lifetime>
                            {lifetime_text(i18n, option)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, tokens_create)}</button>
            </div>
        </form>
    }
    .into_any()
}
