//! A request that panics gets a 500 error page instead of a dropped connection (issue 19).
//!
//! `CatchPanicLayer::custom(panic_page)` turns the panic into the response; the panic itself is
//! logged once, by the hook `telemetry::init` installs, inside the request's span (so with its
//! id). The panic handler sees no request, so the id reaches the page through a task-local.

use std::any::Any;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Response, StatusCode, header};
use axum::middleware::Next;

/// The header `SetRequestIdLayer` fills in.
pub const REQUEST_ID: &str = "x-request-id";

tokio::task_local! {
    /// The id of the request being handled, for [`panic_page`].
    static CURRENT_ID: Option<String>;
}

/// Keeps the request's id at hand while it is handled; layered between `SetRequestIdLayer` and
/// the `CatchPanicLayer`.
pub async fn remember_request_id(request: Request, next: Next) -> axum::response::Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        // A client may send its own id: only a plain token goes into the page.
        .filter(|id| id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned);
    CURRENT_ID.scope(id, next.run(request)).await
}

/// The response to a panic: 500, a short German page naming the request id, never cached.
pub fn panic_page(_panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let id = CURRENT_ID.try_with(Clone::clone).ok().flatten();
    let reference = id
        .map(|id| {
            format!(
                "<p>Wenn Sie den Fehler melden, nennen Sie bitte die Fehlernummer \
                 <code>{id}</code>.</p>"
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Interner Fehler – Gremium</title></head><body><main>\
         <h1>Interner Fehler</h1>\
         <p>Die Seite konnte wegen eines Fehlers im Server nicht angezeigt werden. \
         Bitte versuchen Sie es gleich noch einmal.</p>{reference}\
         <p><a href=\"/\">Zur Startseite</a></p></main></body></html>\n"
    );
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {

    use axum::Router;
    use axum::http::HeaderName;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::{ServiceBuilder, ServiceExt};
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

    use super::*;

    async fn bug() -> &'static str {
        panic!("a bug")
    }

    /// The layers in the order `startup::router` stacks them.
    fn app() -> Router {
        let id = HeaderName::from_static(REQUEST_ID);
        Router::new().route("/", get(bug)).layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(id.clone(), MakeRequestUuid))
                .layer(PropagateRequestIdLayer::new(id))
                .layer(axum::middleware::from_fn(remember_request_id))
                .layer(CatchPanicLayer::custom(panic_page)),
        )
    }

    async fn call(id: Option<&str>) -> (Response<()>, String) {
        let mut request = axum::http::Request::get("/");
        if let Some(id) = id {
            request = request.header(REQUEST_ID, id);
        }
        let response = app()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let text = body.collect().await.unwrap().to_bytes();
        (
            Response::from_parts(parts, ()),
            String::from_utf8(text.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_with_the_request_id() {
        let (response, body) = call(None).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = response.headers()[REQUEST_ID].to_str().unwrap();
        assert_eq!(id.len(), 36, "a UUID: {id}");
        assert!(body.contains(&format!("<code>{id}</code>")), "{body}");
        assert!(body.contains("Interner Fehler"));
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }

    #[tokio::test]
    async fn a_client_id_that_is_not_a_plain_token_stays_out_of_the_page() {
        let (response, body) = call(Some("<script>alert(1)</script>")).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.contains("<script>"), "{body}");
        assert!(!body.contains("Fehlernummer"), "{body}");
    }
}
