//! `/healthz`: 200 when the database answers, 503 when it does not or when the server has been
//! told to stop (so a load balancer sends nothing new to a server about to close its port).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gremium::store::Db;

use crate::startup::Stopping;
use serde_json::{Value, json};

pub async fn healthz(
    State(db): State<Db>,
    State(stopping): State<Stopping>,
) -> (StatusCode, Json<Value>) {
    let backend = format!("{:?}", db.backend()).to_lowercase();
    if stopping.is_set() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "stopping", "database": backend })),
        );
    }
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
