//! Errors of the REST API as RFC 9457 problem details.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gremium::domain::form::FormErrors;
use gremium::store::StoreError;
use gremium::usecases::demands::Refusal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A problem detail: what went wrong, for people (`title`, `detail`) and programs (`type`,
/// `status`, and `errors` per field).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields that were refused, with a code per field (`required`, `too_long` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

pub(super) fn problem(
    status: StatusCode,
    kind: &str,
    title: &str,
    detail: Option<String>,
) -> Response {
    problem_with(status, kind, title, detail, Vec::new())
}

pub(super) fn problem_with(
    status: StatusCode,
    kind: &str,
    title: &str,
    detail: Option<String>,
    errors: Vec<FieldProblem>,
) -> Response {
    let body = Problem {
        kind: format!("https://gremium.example/probleme/{kind}"),
        title: title.to_owned(),
        status: status.as_u16(),
        detail,
        errors,
    };
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

pub(super) fn unauthorized() -> Response {
    let mut response = problem(
        StatusCode::UNAUTHORIZED,
        "token-fehlt",
        "Ein gültiger API-Schlüssel wird gebraucht.",
        Some("Authorization: Bearer <Schlüssel>; Schlüssel erstellen Sie unter /konto/api-schluessel.".into()),
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

pub(super) fn forbidden(detail: &str) -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "nicht-erlaubt",
        "Das darf dieser Schlüssel nicht.",
        Some(detail.to_owned()),
    )
}

pub(super) fn not_found() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "nicht-gefunden",
        "Diesen Bedarf gibt es nicht.",
        None,
    )
}

pub(super) fn failed(error: &StoreError) -> Response {
    let status = crate::http::store_status(error, "api");
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return problem(
            status,
            "nicht-erreichbar",
            "Die Datenbank ist gerade nicht erreichbar. Bitte später noch einmal versuchen.",
            None,
        );
    }
    problem(
        status,
        "serverfehler",
        "Die Anfrage konnte nicht bearbeitet werden.",
        None,
    )
}

pub(super) fn invalid(form: &FormErrors) -> Response {
    let errors = form
        .errors
        .iter()
        .map(|e| FieldProblem {
            field: e.field.clone(),
            // A problem with details (`{"demand_move": {…}}`) is named by its key.
            problem: serde_json::to_value(e.problem)
                .ok()
                .and_then(|v| match v {
                    serde_json::Value::String(code) => Some(code),
                    serde_json::Value::Object(map) => map.keys().next().cloned(),
                    _ => None,
                })
                .unwrap_or_default(),
        })
        .collect();
    problem_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        "ungueltige-eingabe",
        "Die Eingabe wurde abgelehnt.",
        None,
        errors,
    )
}

pub(super) fn closed() -> Response {
    problem(
        StatusCode::CONFLICT,
        "keine-mitzeichnung",
        "Dieser Bedarf nimmt keine Mitzeichnung an.",
        Some(
            "Er ist abgeschlossen, ein Entwurf, oder Ihre Organisation hat ihn eingereicht.".into(),
        ),
    )
}

/// A use case's refusal as a problem: the caller's standing, a missing demand, refused fields,
/// or a demand that takes no co-signature in its state.
pub(super) fn refused(refusal: &Refusal) -> Response {
    match refusal {
        Refusal::SignIn => unauthorized(),
        Refusal::Forbidden => {
            forbidden("Nur wer eine Organisation vertritt, reicht ein und zeichnet mit.")
        }
        Refusal::NotFound => not_found(),
        Refusal::Invalid(form) => invalid(form),
        Refusal::Store(StoreError::NotAllowed) => closed(),
        Refusal::Store(error) => failed(error),
    }
}
