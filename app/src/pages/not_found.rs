//! The 404 page; also sets the status on the server.

use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::i18n::*;

/// Sets the HTTP status of the page being rendered on the server; does nothing in the browser.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found_title).to_string() />
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><a href="/">{t!(i18n, not_found_home)}</a></p>
    }
}

/// Shown when a server function failed for a reason the reader cannot fix.
#[component]
pub fn ErrorNotice() -> impl IntoView {
    set_status(500);
    let i18n = use_i18n();
    view! {
        <div class="notice notice--error" role="alert">
            <h2>{t!(i18n, error_title)}</h2>
            <p>{t!(i18n, error_text)}</p>
        </div>
    }
}
