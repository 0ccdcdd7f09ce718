//! One decision in words: who took it (as the viewer may see them), what,
//! when, on which incident and finding, and its log entry with the way to
//! check it.

use super::{Frame, PageResult, St, fmt_time, html, viewer_tz};
use crate::api;
use crate::app::{AppError, P};
use crate::auth::Viewer;
use askama::Template;
use axum::extract::State;

#[derive(Template)]
#[template(path = "decision.html")]
struct DecisionPage {
    f: Frame,
    incident: String,
    d: truce_store::Decision,
    when: String,
    /// What the action took, as JSON, for the record.
    body: String,
}

pub(super) async fn decision(
    State(state): St,
    viewer: Viewer,
    P((id, n)): P<(String, i64)>,
) -> PageResult {
    // The incident's own reading decides what the viewer may see, and
    // gives the actors as pseudonyms to those outside the mission.
    let detail = api::incident_detail(&state, &viewer, id).await?;
    let d = detail
        .decisions
        .into_iter()
        .find(|x| x.id == n)
        .ok_or_else(|| AppError::NotFound(format!("no decision {n} on this incident")))?;
    let title = viewer
        .lang
        .args("decision-title", &[("n", n.to_string().into())]);
    html(DecisionPage {
        f: Frame::new(&state, &viewer, title, "incidents"),
        incident: detail.incident.id,
        when: fmt_time(d.at, &viewer_tz(&state, &viewer)),
        body: if d.body.is_null() || d.body == serde_json::json!({}) {
            String::new()
        } else {
            serde_json::to_string_pretty(&d.body).unwrap_or_default()
        },
        d,
    })
}
