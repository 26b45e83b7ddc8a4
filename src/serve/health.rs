//! `GET /healthz`, for load balancers and systemd watchdogs: whether the
//! store reads, its tip, and whether decisions wait to be pushed to the
//! remote. It must say nothing secret (no remote URL, no names, no tokens)
//! and never fetch: a health check must not reach the remote.

use std::sync::Arc;

use axum::extract::State as AxState;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{App, remote};
use crate::error::Result;

/// `GET /healthz`: whether the store reads, its tip, and whether decisions
/// wait to be pushed. Nothing secret: no remote URL, no names.
pub(super) async fn healthz(AxState(app): AxState<Arc<App>>) -> Response {
    let health = tokio::task::spawn_blocking(move || -> Result<(Option<String>, bool)> {
        let ledger = app.ledger()?;
        let tip = ledger.store.tip()?;
        let pending = match &app.remote {
            Some(r) => remote::unpushed(&ledger.store, &r.name)?,
            None => false,
        };
        Ok((tip, pending))
    })
    .await;
    let (status, body) = match health {
        Ok(Ok((tip, pending))) => (
            StatusCode::OK,
            serde_json::json!({
                "ok": true,
                "tip": tip.map(|t| t[..t.len().min(12)].to_string()),
                "push_pending": pending,
            }),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({ "ok": false }),
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
