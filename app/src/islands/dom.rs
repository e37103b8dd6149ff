//! Small DOM helpers shared by the islands (they run in the browser only, from effects).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

/// The element with this id, as the type asked for.
pub fn by_id<T: JsCast>(id: &str) -> Option<T> {
    leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<T>().ok())
}

/// Calls `handler` for every `event` on `target`, for the life of the page.
pub fn listen<E: JsCast>(
    target: &web_sys::EventTarget,
    event: &str,
    mut handler: impl FnMut(E) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Ok(event) = event.dyn_into::<E>() {
            handler(event);
        }
    });
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // The listener lives as long as the page: an island is never unmounted.
    closure.forget();
}

/// Fetches `url` (with the reader's cookies) and returns the inner HTML of the element with
/// this id in the page the server sent; `None` when the request or the page failed.
pub async fn fetch_region(url: &str, id: &str) -> Option<String> {
    let response = JsFuture::from(leptos::prelude::window().fetch_with_str(url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    let page = web_sys::DomParser::new()
        .ok()?
        .parse_from_string(&text, web_sys::SupportedType::TextHtml)
        .ok()?;
    Some(page.get_element_by_id(id)?.inner_html())
}

/// Replaces what the element with this id holds.
pub fn replace_inner(id: &str, html: &str) {
    if let Some(element) = by_id::<web_sys::Element>(id) {
        element.set_inner_html(html);
    }
}

/// The nearest element at or above the event's target that carries `data-{name}`, and its value.
pub fn data_above(event: &web_sys::Event, name: &str) -> Option<String> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let found = target.closest(&format!("[data-{name}]")).ok()??;
    found.get_attribute(&format!("data-{name}"))
}
