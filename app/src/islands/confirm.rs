//! The confirmation step of an irreversible action, made modal.

use leptos::prelude::*;

/// Without JavaScript the question is an open dialog in the page; with it the same dialog
/// becomes modal (focus moves into it, to "cancel", the safe choice) and Escape leaves the
/// page as it was before the question.
#[island]
pub fn ModalConfirm(dialog: String, cancel_href: String) -> impl IntoView {
    Effect::new(move || {
        let Some(element) = super::dom::by_id::<web_sys::HtmlDialogElement>(&dialog) else {
            return;
        };
        element.close();
        if let Err(error) = element.show_modal() {
            leptos::logging::warn!("the confirmation stays in the page: {error:?}");
        }
        let back = cancel_href.clone();
        super::dom::listen(&element, "cancel", move |_: web_sys::Event| {
            let _ = window().location().assign(&back);
        });
    });
}
