//! `/healthz`: 200 when the database answers, 503 when it does not.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gremium::store::Db;
use serde_json::{Value, json};

pub async fn healthz(State(db): State<Db>) -> (StatusCode, Json<Value>) {
    let backend = format!("{:?}", db.backend()).to_lowercase();
    match db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": backend })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": backend })),
            )
        }
    }
}
