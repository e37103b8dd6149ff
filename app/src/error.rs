//! The error every server function returns. It crosses the wire typed, so pages can tell "not
//! found" from "not allowed" from a refused field; internal detail is logged on the server and
//! never sent.

use gremium::domain::form::FormErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Not signed in.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Fields refused; the form shows them with the user's input.
    #[error("invalid input")]
    Invalid(FormErrors),
    /// Address or password wrong: deliberately not saying which. Carries the typed address
    /// back to the form.
    #[error("sign-in failed")]
    LoginFailed(FormErrors),
    /// Too many failed sign-ins; try again after this many seconds.
    #[error("too many attempts")]
    TooManyAttempts(u64, FormErrors),
    /// An invitation or reset link that is unknown, used or expired.
    #[error("link invalid or expired")]
    LinkInvalid,
    /// Someone else changed the record first; the user's input comes back to the form.
    #[error("conflict")]
    Conflict(FormErrors),
    /// The database cannot be reached or takes no changes just now; try again later.
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    /// The HTTP status for API clients.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound | AppError::LinkInvalid => StatusCode::NOT_FOUND,
            AppError::Unauthorized | AppError::LoginFailed(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyAttempts(..) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::ServerFn(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The refused fields and the kept input, when the error is about a form.
    pub fn form(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(form)
            | AppError::LoginFailed(form)
            | AppError::TooManyAttempts(_, form)
            | AppError::Conflict(form) => Some(form),
            _ => None,
        }
    }
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
        use gremium::store::StoreError;
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict(FormErrors::default()),
            other if other.is_unavailable() => {
                tracing::warn!(error = %other, "the database is unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}
