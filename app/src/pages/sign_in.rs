//! Signing in, accepting an invitation, and resetting a forgotten password. Every form is a
//! plain HTML form posting to its server function, so it works the same with and without
//! JavaScript; a refused submission comes back to the form with the errors and the input.

use gremium::domain::account::{EMAIL_MAX, PASSWORD_MAX};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::account::{
    AcceptInvitation, Login, RequestPasswordReset, ResetPassword, load_invitation,
};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome};
use crate::components::layout::use_current_user;
use crate::components::page_title::PageTitle;
use crate::i18n::*;

fn query_value(name: &str) -> Option<String> {
    use_query_map()
        .read_untracked()
        .get(name)
        .filter(|v| !v.is_empty())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let next = query_value("next").unwrap_or_default();
    let reset_done = query_value("passwort").is_some();
    let user = use_current_user();
    view! {
        <PageTitle text=move || t_string!(i18n, login_title).to_string() />
        <h1>{t!(i18n, login_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|user| view! {
                    <p class="notice" role="status">
                        {t_string!(i18n, login_already, name = user.display_name.clone()).to_string()}
                    </p>
                })
            })}
        </Suspense>
        {reset_done.then(|| view! {
            <p class="notice notice--success" role="status">{t!(i18n, login_password_reset_done)}</p>
        })}
        <FormAlert error=error />
        <form class="form" method="post" action=Login::PATH novalidate>
            <Field
                id="login-email"
                name="email"
                kind="email"
                label=t_string!(i18n, login_email).to_string()
                value=form.value("email").unwrap_or_default().to_owned()
                autocomplete="username"
                required=true
                maxlength=EMAIL_MAX as u32
                problem=form.problem("email")
            />
            <Field
                id="login-password"
                name="password"
                kind="password"
                label=t_string!(i18n, login_password).to_string()
                autocomplete="current-password"
                required=true
                maxlength=PASSWORD_MAX as u32
                problem=form.problem("password")
            />
            <input type="hidden" name="next" value=next />
            <div class="actions">
                <button type="submit">{t!(i18n, login_submit)}</button>
                <a href="/passwort/vergessen">{t!(i18n, login_forgot)}</a>
            </div>
        </form>
    }
}

/// The two fields for a new password (invitation, reset, password change).
#[component]
pub fn NewPasswordFields(form: gremium::domain::form::FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field
            id="password-new"
            name="password"
            kind="password"
            label=t_string!(i18n, password_new).to_string()
            hint=t_string!(i18n, password_hint).to_string()
            autocomplete="new-password"
            required=true
            maxlength=PASSWORD_MAX as u32
            problem=form.problem("password")
        />
        <Field
            id="password-repeat"
            name="password_repeat"
            kind="password"
            label=t_string!(i18n, password_repeat).to_string()
            autocomplete="new-password"
            required=true
            maxlength=PASSWORD_MAX as u32
            problem=form.problem("password_repeat")
        />
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AcceptInvitation>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let token = query_value("t").unwrap_or_default();
    let invitation = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_invitation,
    );
    view! {
        <PageTitle text=move || t_string!(i18n, invitation_title).to_string() />
        <h1>{t!(i18n, invitation_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                let token = token.clone();
                let error = error.clone();
                let form = form.clone();
                Suspend::new(async move {
                    match invitation.await {
                        Ok(info) => view! {
                            <p>
                                {t_string!(i18n, invitation_greeting, name = info.display_name.clone(), email = info.email.clone()).to_string()}
                            </p>
                            <FormAlert error=error />
                            <form class="form" method="post" action=AcceptInvitation::PATH novalidate>
                                <input type="hidden" name="token" value=token />
                                <input type="hidden" name="username" autocomplete="username" value=info.email.clone() />
                                <NewPasswordFields form />
                                <div class="actions">
                                    <button type="submit">{t!(i18n, invitation_submit)}</button>
                                </div>
                            </form>
                        }
                        .into_any(),
                        Err(error) => view! { <AccessNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let sent = query_value("gesendet").is_some();
    view! {
        <PageTitle text=move || t_string!(i18n, forgot_title).to_string() />
        <h1>{t!(i18n, forgot_title)}</h1>
        {sent.then(|| view! {
            <p class="notice notice--success" role="status">{t!(i18n, forgot_sent)}</p>
        })}
        <p>{t!(i18n, forgot_text)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=RequestPasswordReset::PATH novalidate>
            <Field
                id="forgot-email"
                name="email"
                kind="email"
                label=t_string!(i18n, login_email).to_string()
                value=form.value("email").unwrap_or_default().to_owned()
                autocomplete="username"
                required=true
                maxlength=EMAIL_MAX as u32
                problem=form.problem("email")
            />
            <div class="actions">
                <button type="submit">{t!(i18n, forgot_submit)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let token = query_value("t").unwrap_or_default();
    view! {
        <PageTitle text=move || t_string!(i18n, reset_title).to_string() />
        <h1>{t!(i18n, reset_title)}</h1>
        <FormAlert error=error />
        <form class="form" method="post" action=ResetPassword::PATH novalidate>
            <input type="hidden" name="token" value=token />
            <NewPasswordFields form />
            <div class="actions">
                <button type="submit">{t!(i18n, reset_submit)}</button>
            </div>
        </form>
    }
}
