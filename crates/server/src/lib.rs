//! `prequal-server`: the reference MFO intake API (issue 6; contract.md, "Intake API").
//!
//! It never trusts the browser: every application is re-checked with the rules engine
//! (`prequal-rules`, the very code the widget runs) against the server's own copy of the
//! partner's configuration, stored exactly once (idempotency key = application id), durably
//! (201 only after the commit), with its personal data sealed. Partners are authenticated by
//! publishable key + origin (browser) or by signed requests (server-to-server); statuses flow
//! back to partners through an outbox of postbacks.
//!
//! What it deliberately does not do: re-implement any rule, log personal data, or keep rate
//! limits or idempotency state only in one process's memory (several instances may share one
//! PostgreSQL database). See ARCHITECTURE.md for the code map.

pub mod api;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod openapi;
pub mod outbox;
pub mod problem;
pub mod retention;
pub mod serve;
pub mod settings;
pub mod state;
pub mod static_files;
pub mod store;

pub use api::app;
pub use settings::{Resolved, Settings};
pub use state::AppState;

use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// Runs a whole server on `listener` until `shutdown` resolves: the API, the outbox worker and
/// the retention job. On shutdown it stops accepting, drains in-flight requests, stops the
/// workers and lets the database commit what is queued before returning.
pub async fn run(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let outbox = tokio::spawn(outbox::run(state.clone(), stop_rx.clone()));
    let retention = tokio::spawn(retention::run(state.clone(), stop_rx));
    let s = state.settings();
    let options = serve::ServeOptions {
        header_timeout: Duration::from_millis(s.header_timeout_ms.max(1)),
        max_connections: s.max_connections,
        drain: Duration::from_millis(s.request_timeout_ms.max(1) + 1000),
    };
    let marker = state.clone();
    serve::serve(listener, app(state.clone()), options, async move {
        shutdown.await;
        marker.set_shutting_down();
        tracing::info!("shutting down: draining in-flight requests");
    })
    .await;
    let _ = stop_tx.send(true);
    let _ = outbox.await;
    let _ = retention.await;
    let db = state.db().clone();
    let _ = tokio::task::spawn_blocking(move || db.close()).await;
    tracing::info!("stopped");
}
