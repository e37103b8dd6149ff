//! Pages about one object named by the `:id` in the route: its loading, and what they show when
//! it is refused (404 status for a missing object, sign-in or not-allowed notices otherwise).

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::error::AppError;
use crate::pages::not_found::set_status;

/// Loads the object whose id is in the route; an id that is not a number is not found.
pub fn route_resource<T, Fut>(
    load: impl Fn(i64) -> Fut + Copy + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    Resource::new(
        move || id.get(),
        move |id| async move {
            match id {
                Some(id) => load(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// The page's heading and the notice for a refused object; a missing one answers 404.
#[component]
pub fn RefusedPage(title: String, error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        set_status(404);
    }
    view! {
        <PageTitle text=title.clone() />
        <h1>{title}</h1>
        <AccessNotice error />
    }
}
