//! The review workflow over HTTP: who is asking, then `truce-app` takes the
//! decision. And the background evaluation that folds submitted reports in.

use crate::app::{AppError, AppState};
use crate::auth::Viewer;
use std::sync::Arc;

pub use truce_app::review::{DecisionOutcome, DecisionRequest, MAX_REASON};

/// Takes a decision for the signed-in viewer (401 for the public; the role
/// is checked by the action).
pub async fn decide(
    state: &Arc<AppState>,
    viewer: &Viewer,
    req: DecisionRequest,
) -> Result<DecisionOutcome, AppError> {
    let user = viewer.user.clone().ok_or(AppError::Unauthorized)?;
    state
        .write(move |store, st| {
            let actor = truce_app::review::Actor {
                name: &user.name,
                role: user.role,
            };
            Ok(truce_app::review::decide(
                store,
                &st.reference,
                actor,
                &req,
            )?)
        })
        .await
}

/// Folds newly submitted reports into incidents: waits to be woken, lets a
/// burst of submissions settle, then runs the whole evaluation.
pub async fn background_evaluation(state: Arc<AppState>) {
    // Reports stored but never evaluated (a run killed between the two, or
    // another process) are folded in at start, not left out for good.
    let waiting = state.read(|s| Ok(s.pending_reports()?)).await.unwrap_or(0);
    if waiting > 0 {
        tracing::info!(reports = waiting, "evaluating reports stored earlier");
        state.reevaluate.notify_one();
    }
    loop {
        state.reevaluate.notified().await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let r = state
            .write(|store, _| {
                truce_app::pipeline::evaluate(store, &|_| {}).map_err(AppError::from_anyhow)
            })
            .await;
        match r {
            Ok(info) => tracing::info!(
                reports = info.reports,
                incidents = info.incidents,
                findings = info.findings,
                "re-evaluated"
            ),
            Err(e) => tracing::error!(error = %e.message(), "re-evaluation failed"),
        }
    }
}
