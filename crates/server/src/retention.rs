//! The retention job: erases the personal data of applications that went nowhere (never
//! issued) once they are older than `retention_days`; their counts and statuses stay. Also
//! forgets old rate-limit windows. Runs on every instance; the work is idempotent.

use crate::clock::now_ms;
use crate::state::AppState;
use crate::store;
use std::time::Duration;

const STEP: i64 = 500;

/// One pass; returns how many applications it erased.
pub async fn run_once(state: &AppState) -> Result<u64, crate::db::DbError> {
    let days = state.settings().retention_days.max(1);
    let mut total = 0;
    loop {
        let now = now_ms();
        let cutoff = now - days * 86_400_000;
        let n = state
            .db()
            .write(move |c| store::erase_expired(c, cutoff, STEP, now))
            .await?;
        total += n;
        if n < STEP as u64 {
            break;
        }
    }
    let window_ms = state.settings().rate_limit.window_secs.max(1) * 1000;
    let before = now_ms() - (2 * window_ms).max(3_600_000);
    state
        .db()
        .write(move |c| store::prune_rate_limits(c, before))
        .await?;
    if total > 0 {
        tracing::info!(
            erased = total,
            "retention: erased personal data of expired applications"
        );
    }
    Ok(total)
}

pub async fn run(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let every = Duration::from_secs(state.settings().retention_interval_secs.max(1));
    loop {
        if let Err(e) = run_once(&state).await {
            tracing::warn!(error = %e, "retention pass failed");
        }
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
