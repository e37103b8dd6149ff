//! A server function's error answers with the status its `AppError` stands for. Leptos answers
//! every server function error with 500 unless the function set a status: a decoding error (a
//! field missing, a number that is not one) comes before the function runs, and an error passed
//! on with `?` (the database is locked or unreachable) sets none. So arguments it cannot decode
//! answer 400 and an unavailable database 503, never 500.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gremium_app::error::AppError;

/// The header leptos marks a server function's error answer with.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

/// Error answers are small; a larger one is left as it is.
const LARGEST: usize = 64 * 1024;

pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let AppError::ServerFn(refused) = &error {
            tracing::debug!(%refused, "server function arguments refused");
        }
        parts.status = error.status();
        if parts.status == StatusCode::SERVICE_UNAVAILABLE {
            parts.headers.insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(super::RETRY_AFTER_SECONDS),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
