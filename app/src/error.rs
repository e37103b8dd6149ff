//! The error every server function returns. It crosses the wire typed, so pages can tell "not
//! found" from a failure; internal detail is logged on the server and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
impl From<gremium::store::StoreError> for AppError {
    fn from(error: gremium::store::StoreError) -> Self {
        match error {
            gremium::store::StoreError::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}
