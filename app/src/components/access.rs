//! What a page shows when its data was refused: sign in, not allowed, gone, or failed.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::ErrorNotice;

#[component]
pub fn AccessNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    match error {
        AppError::Unauthorized => {
            let here = location.pathname.get_untracked();
            let href = format!(
                "/anmelden?{}",
                serde_urlencoded::to_string([("next", here)]).unwrap_or_default()
            );
            view! {
                <div class="notice" role="status">
                    <p>{t!(i18n, error_unauthorized)}</p>
                    <p><a href=href>{t!(i18n, nav_login)}</a></p>
                </div>
            }
            .into_any()
        }
        AppError::Forbidden => view! {
            <div class="notice notice--error" role="alert">
                <p>{t!(i18n, error_forbidden)}</p>
            </div>
        }
        .into_any(),
        AppError::NotFound | AppError::LinkInvalid => view! {
            <div class="notice notice--error" role="alert">
                <p>{crate::components::form::error_text(i18n, &error)}</p>
            </div>
        }
        .into_any(),
        AppError::Unavailable => {
            crate::pages::not_found::set_status(503);
            view! {
                <div class="notice notice--error" role="alert">
                    <h2>{t!(i18n, error_unavailable_title)}</h2>
                    <p>{t!(i18n, error_unavailable)}</p>
                </div>
            }
            .into_any()
        }
        _ => view! { <ErrorNotice /> }.into_any(),
    }
}
