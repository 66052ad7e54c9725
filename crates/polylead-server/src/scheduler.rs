//! The scheduler inside every server: each round applies what time does to decisions
//! (consent adopted at its deadline, stalled or blocked decisions escalated, reviews falling
//! due). Its state is the database: it survives restarts, and with several servers on one
//! PostgreSQL each change is recorded exactly once (see `flow::run_due`).

use std::time::Duration;

use crate::AppState;
use crate::flow;

/// How often a server looks for due decisions.
pub const PERIOD: Duration = Duration::from_secs(30);

/// Runs a round every `period` until the task is aborted; a failed round is logged and the
/// next one tries again.
pub async fn run(state: AppState, period: Duration) {
    let mut interval = tokio::time::interval(period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match flow::run_due(&state.store, &state.structure, flow::now()).await {
            Ok(0) => {}
            Ok(changed) => tracing::info!(changed, "scheduler round"),
            Err(error) => tracing::warn!(%error, "scheduler round failed; retrying next round"),
        }
    }
}
