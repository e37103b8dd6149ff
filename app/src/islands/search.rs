//! A list that follows its search field as the reader types.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// While the field with id `input` is typed in, the list's URL is built from its form (empty
/// filters and the page number left out), put in the address bar, and the region with id
/// `region` is taken from the page the server renders for it. A slower, older answer never
/// replaces a newer one. Without JavaScript the form's button sends the same GET.
#[island]
pub fn SearchAsYouType(input: String, region: String) -> impl IntoView {
    Effect::new(move || {
        let Some(field) = super::dom::by_id::<web_sys::HtmlInputElement>(&input) else {
            return;
        };
        let latest = Rc::new(Cell::new(0_u32));
        let region = region.clone();
        super::dom::listen(&field.clone(), "input", move |_: web_sys::Event| {
            let Some(form) = field.form() else { return };
            let url = form_url(&form);
            let _ = window().history().and_then(|history| {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            });
            let turn = latest.get().wrapping_add(1);
            latest.set(turn);
            let (latest, region) = (latest.clone(), region.clone());
            leptos::task::spawn_local(async move {
                let html = super::dom::fetch_region(&url, &region).await;
                if let Some(html) = html.filter(|_| latest.get() == turn) {
                    super::dom::replace_inner(&region, &html);
                }
            });
        });
    });
}

/// The GET URL the form would send, without empty fields and without the page number.
fn form_url(form: &web_sys::HtmlFormElement) -> String {
    let query = web_sys::UrlSearchParams::new().expect("URLSearchParams");
    if let Ok(fields) = form.query_selector_all("input[name], select[name]") {
        for index in 0..fields.length() {
            let Some(node) = fields.item(index) else {
                continue;
            };
            let (name, value) = if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                (input.name(), input.value())
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                (select.name(), select.value())
            } else {
                continue;
            };
            if !value.trim().is_empty() && name != "seite" {
                query.append(&name, &value);
            }
        }
    }
    let action = form.get_attribute("action").unwrap_or_default();
    let query = String::from(query.to_string());
    if query.is_empty() {
        action
    } else {
        format!("{action}?{query}")
    }
}
