//! A server function called with arguments it cannot decode (a field missing, a number that
//! is not one) answers 400, not 500. Leptos answers every server function error with 500 unless
//! the function set a status, and a decoding error comes before the function runs.

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

pub async fn refused_arguments(request: Request, next: Next) -> Response {
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
    if let Ok(AppError::ServerFn(error)) = serde_json::from_slice::<AppError>(&bytes) {
        tracing::debug!(%error, "server function arguments refused");
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
