//! Similar demands suggested while a new one is typed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// As the title and problem of the form with id `form` grow by a word (of more than three
/// letters), the page is asked for what it lists for them — the same GET that "Ähnliche suchen"
/// sends without JavaScript — and the region with id `region` (inside a polite live region)
/// takes the answer. A slower, older answer never replaces a newer one.
#[island]
pub fn SimilarAsYouType(form: String, region: String) -> impl IntoView {
    Effect::new(move || {
        let Some(element) = super::dom::by_id::<web_sys::HtmlFormElement>(&form) else {
            return;
        };
        let asked = Rc::new(RefCell::new(String::new()));
        let latest = Rc::new(Cell::new(0_u32));
        let region = region.clone();
        let action = element.get_attribute("data-similar").unwrap_or_default();
        super::dom::listen(&element.clone(), "input", move |_: web_sys::Event| {
            let title = value(&element, "title");
            let problem = value(&element, "problem");
            let words = words(&format!("{title} {problem}"));
            if *asked.borrow() == words {
                return;
            }
            asked.replace(words);
            let query = web_sys::UrlSearchParams::new().expect("URLSearchParams");
            query.append("title", &title);
            query.append("problem", &problem);
            let url = format!("{action}?{}", String::from(query.to_string()));
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

/// The words that count for the suggestions: longer than three letters.
fn words(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn value(form: &web_sys::HtmlFormElement, name: &str) -> String {
    let Ok(Some(field)) = form.query_selector(&format!("[name='{name}']")) else {
        return String::new();
    };
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}
