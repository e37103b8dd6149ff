//! Reordering the agenda by drag and drop.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::agenda::drop_item;

/// Items of the list with id `list` carry `data-item` (their id) and `draggable`; dropping one
/// onto another puts it before that one (the server computes the new order) and reloads the
/// page. A refused move says `failed` here. The move buttons of each item do the same without
/// JavaScript and without a pointer.
#[island]
pub fn AgendaDrag(list: String, meeting: i64, version: i64, failed: String) -> impl IntoView {
    let refused = RwSignal::new(false);
    Effect::new(move || {
        let Some(element) = super::dom::by_id::<web_sys::HtmlElement>(&list) else {
            return;
        };
        let dragged = Rc::new(Cell::new(None::<i64>));
        let from = dragged.clone();
        super::dom::listen(&element, "dragstart", move |ev: web_sys::DragEvent| {
            from.set(item(&ev));
        });
        super::dom::listen(&element, "dragover", |ev: web_sys::DragEvent| {
            ev.prevent_default();
        });
        super::dom::listen(&element, "drop", move |ev: web_sys::DragEvent| {
            ev.prevent_default();
            let (Some(moving), Some(before)) = (dragged.get(), item(&ev)) else {
                return;
            };
            if moving == before {
                return;
            }
            leptos::task::spawn_local(async move {
                match drop_item(meeting, version, moving, Some(before)).await {
                    Ok(()) => {
                        let _ = window().location().reload();
                    }
                    Err(_) => refused.set(true),
                }
            });
        });
    });
    move || {
        refused.get().then(|| {
            view! { <div class="notice notice--error" role="alert"><p>{failed.clone()}</p></div> }
        })
    }
}

fn item(event: &web_sys::DragEvent) -> Option<i64> {
    super::dom::data_above(event, "item")?.parse().ok()
}
