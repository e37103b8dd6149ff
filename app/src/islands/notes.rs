//! The chair's notes on the current item: kept in the browser until the server has them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::api::meeting::save_notes;
use crate::error::AppError;

/// What is typed in the form with id `form` is kept in the browser (under `key`) until the
/// server has it, so notes survive a lost connection and a reload; they come back into the
/// field with the notice `restored`. Saving is sent in the background: a lost connection is
/// retried every five seconds (`retrying` says so), success reloads the page, and a refusal
/// sends the form the plain way, so the server shows why with what was typed.
/// What the notes island needs: the form, the browser storage key, the notes the server has,
/// which item of which meeting version, and its two texts.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NotesSetup {
    pub form: String,
    pub key: String,
    pub server_notes: String,
    pub meeting: i64,
    pub version: i64,
    pub item: i64,
    pub restored: String,
    pub retrying: String,
}

#[island]
pub fn NotesKeeper(setup: NotesSetup) -> impl IntoView {
    let was_restored = RwSignal::new(false);
    let is_retrying = RwSignal::new(false);
    let NotesSetup {
        restored, retrying, ..
    } = setup.clone();
    Effect::new(move || {
        let Some(element) = super::dom::by_id::<web_sys::HtmlFormElement>(&setup.form) else {
            return;
        };
        let Some(field) = notes_field(&element) else {
            return;
        };
        let storage = window().local_storage().ok().flatten();
        if let Some(storage) = &storage
            && let Ok(Some(kept)) = storage.get_item(&setup.key)
        {
            if kept == setup.server_notes {
                let _ = storage.remove_item(&setup.key);
            } else {
                field.set_value(&kept);
                was_restored.set(true);
            }
        }
        {
            let (key, storage) = (setup.key.clone(), storage.clone());
            super::dom::listen(&field.clone(), "input", move |_: web_sys::Event| {
                if let Some(storage) = &storage {
                    let _ = storage.set_item(&key, &field.value());
                }
            });
        }
        let (plain, setup) = (element.clone(), setup.clone());
        super::dom::listen(&element, "submit", move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            send(plain.clone(), setup.clone(), is_retrying);
        });
    });
    view! {
        {move || was_restored.get().then(|| view! { <p class="notice" role="status">{restored.clone()}</p> })}
        {move || is_retrying.get().then(|| view! { <p class="notice notice--error" role="alert">{retrying.clone()}</p> })}
    }
}

fn notes_field(form: &web_sys::HtmlFormElement) -> Option<web_sys::HtmlTextAreaElement> {
    form.query_selector("textarea[name='notes']")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
}

fn send(form: web_sys::HtmlFormElement, setup: NotesSetup, retrying: RwSignal<bool>) {
    let notes = notes_field(&form).map(|f| f.value()).unwrap_or_default();
    leptos::task::spawn_local(async move {
        match save_notes(setup.meeting, setup.version, setup.item, notes).await {
            Ok(()) => {
                if let Ok(Some(storage)) = window().local_storage() {
                    let _ = storage.remove_item(&setup.key);
                }
                let _ = window().location().reload();
            }
            Err(AppError::ServerFn(_)) => {
                retrying.set(true);
                set_timeout(
                    move || send(form, setup, retrying),
                    std::time::Duration::from_secs(5),
                );
            }
            // `submit()` fires no submit event: the server answers as without JavaScript.
            Err(_) => {
                let _ = form.submit();
            }
        }
    });
}
