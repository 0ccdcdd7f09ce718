//! The review workflow: monitors merge and split incidents, correct reports
//! and propose statuses; two different adjudicators confirm or reject a
//! violation (four eyes); adjudicators publish. Every decision is attributed,
//! timed, reasoned and appended to the evidence log before it takes effect.
//! New reports (from the API or the form) are stored and logged, and a
//! background evaluation folds them into incidents.

use crate::app::{AppError, AppState};
use crate::auth::Viewer;
use crate::pipeline::{self, CORRECT, CORRECTABLE, MERGE, SPLIT};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use truce_model::{ReportRef, Status};
use truce_store::prelude::*;
use truce_store::{Decision, Effect, NewDecision, Role};
use truce_store_sqlite::SqliteStore;

pub const PROPOSE: &str = "propose";
pub const CONFIRM: &str = "confirm";
pub const REJECT: &str = "reject";
pub const PUBLISH: &str = "publish";

/// Every action, with the roles that may take it.
pub const ACTIONS: [(&str, &[Role]); 7] = [
    (MERGE, &[Role::Monitor, Role::Adjudicator]),
    (SPLIT, &[Role::Monitor, Role::Adjudicator]),
    (CORRECT, &[Role::Monitor, Role::Adjudicator]),
    (PROPOSE, &[Role::Monitor, Role::Adjudicator]),
    (CONFIRM, &[Role::Adjudicator]),
    (REJECT, &[Role::Adjudicator]),
    (PUBLISH, &[Role::Adjudicator]),
];

/// The longest reason kept.
pub const MAX_REASON: usize = 4000;

/// A decision as asked for, through the API or a form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DecisionRequest {
    pub action: String,
    /// The incident acted on (merge: the first; split, publish).
    #[serde(default)]
    pub incident: Option<String>,
    /// Merge: the other incidents joined to it.
    #[serde(default)]
    pub incidents: Vec<String>,
    /// Split: the reports (database ids) that form an incident of their own.
    #[serde(default)]
    #[serde(deserialize_with = "integral_list")]
    pub reports: Vec<i64>,
    /// Correct: the report corrected, and its new values.
    #[serde(default)]
    #[serde(deserialize_with = "integral")]
    pub report: Option<i64>,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Propose, confirm, reject: the finding.
    #[serde(default)]
    pub finding: Option<String>,
    /// Propose: `confirmed` or `rejected`.
    #[serde(default)]
    pub status: Option<String>,
    pub reason: String,
}

/// A whole number as JSON may write it (`42` or `42.0`).
fn whole<E: serde::de::Error>(v: serde_json::Value) -> Result<i64, E> {
    match &v {
        serde_json::Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .ok_or_else(|| E::custom(format!("{n} is not a report id"))),
        other => Err(E::custom(format!("{other} is not a report id"))),
    }
}

fn integral<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => whole(v).map(Some),
    }
}

fn integral_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    Vec::<serde_json::Value>::deserialize(d)?
        .into_iter()
        .map(whole)
        .collect()
}

/// What a decision did.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionOutcome {
    pub decision: Decision,
    /// Merge, split, correct: the incidents that now hold the reports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<String>,
    /// Confirm, reject: the finding's status once two adjudicators agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Status>,
    /// Confirm, reject: what is still needed, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
}

/// The four-eyes rule: a finding is confirmed (or rejected) once two
/// different adjudicators' latest votes agree. Votes are taken in order; the
/// first verdict reached stands.
pub fn four_eyes(votes: &[Decision]) -> Option<Status> {
    let mut latest: Vec<(&str, &str)> = Vec::new();
    for d in votes {
        if d.role != Role::Adjudicator.as_str() || !(d.action == CONFIRM || d.action == REJECT) {
            continue;
        }
        match latest.iter_mut().find(|(who, _)| *who == d.actor) {
            Some(slot) => slot.1 = d.action.as_str(),
            None => latest.push((d.actor.as_str(), d.action.as_str())),
        }
        for verdict in [CONFIRM, REJECT] {
            if latest.iter().filter(|(_, v)| *v == verdict).count() >= 2 {
                return Some(if verdict == CONFIRM {
                    Status::Confirmed
                } else {
                    Status::Rejected
                });
            }
        }
    }
    None
}

/// A request the API's schema refuses too (a value outside a vocabulary, a
/// field that does not exist).
fn bad(m: impl Into<String>) -> AppError {
    AppError::BadRequest(m.into())
}

/// A well-formed decision that cannot be taken on what it names.
fn cannot(m: impl Into<String>) -> AppError {
    AppError::Unprocessable(m.into())
}

/// Checks who may take a decision and that it is well formed; then takes it.
pub async fn decide(
    state: &Arc<AppState>,
    viewer: &Viewer,
    req: DecisionRequest,
) -> Result<DecisionOutcome, AppError> {
    let roles = ACTIONS
        .iter()
        .find(|(a, _)| *a == req.action)
        .map(|(_, r)| *r)
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "unknown action \"{}\"; expected one of: {}",
                req.action,
                ACTIONS.map(|(a, _)| a).join(", ")
            ))
        })?;
    let user = viewer.require(roles)?.clone();
    let reason = req.reason.trim().to_string();
    if reason.is_empty() {
        return Err(AppError::BadRequest("a decision needs a reason".into()));
    }
    if reason.len() > MAX_REASON {
        return Err(AppError::BadRequest(format!(
            "the reason is too long ({} bytes; at most {MAX_REASON})",
            reason.len()
        )));
    }
    state
        .write(move |store, st| {
            let out = take(store, st, &user.name, user.role, &req, &reason)?;
            // A signed checkpoint covers the decision at once, so its
            // inclusion can be proven against a signed tree head.
            let db = store.path().to_string();
            if crate::workspace::log_key_path(&db).exists() {
                crate::workspace::sign_checkpoint(store, &db)?;
            }
            Ok(out)
        })
        .await
}

fn finding_of(store: &SqliteStore, id: &str) -> Result<truce_store::FindingRow, AppError> {
    store
        .finding_by_id(id)?
        .ok_or_else(|| AppError::NotFound(format!("no finding {id}")))
}

fn take(
    store: &mut SqliteStore,
    st: &AppState,
    actor: &str,
    role: Role,
    req: &DecisionRequest,
    reason: &str,
) -> Result<DecisionOutcome, AppError> {
    let record = |store: &mut SqliteStore,
                  action: &str,
                  incident: Option<&str>,
                  finding: Option<&str>,
                  body: serde_json::Value|
     -> Result<Decision, AppError> {
        Ok(store.record_decision(
            &NewDecision {
                actor,
                role,
                action,
                incident_id: incident,
                finding_id: finding,
                body,
                reason,
            },
            Effect::None,
        )?)
    };
    let outcome = |decision: Decision| DecisionOutcome {
        decision,
        incidents: Vec::new(),
        verdict: None,
        pending: None,
    };
    match req.action.as_str() {
        MERGE => {
            let mut ids: Vec<String> = req.incident.iter().cloned().collect();
            ids.extend(req.incidents.iter().cloned());
            ids.sort();
            ids.dedup();
            if ids.len() < 2 {
                return Err(cannot("a merge needs at least two different incidents"));
            }
            for id in &ids {
                if store.incident_published(id)?.is_none() {
                    return Err(AppError::NotFound(format!("no incident {id}")));
                }
            }
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let (_, reports) = store.reports_of_incidents(&refs)?;
            let body = serde_json::json!({
                "incidents": ids,
                "reports": reports.iter().map(report_ref).collect::<Vec<_>>(),
            });
            let d = record(store, MERGE, Some(&ids[0]), None, body)?;
            let new = rebuild(store, st, &refs, &d)?;
            Ok(DecisionOutcome {
                incidents: new,
                ..outcome(d)
            })
        }
        SPLIT => {
            let inc = req
                .incident
                .as_deref()
                .ok_or_else(|| cannot("a split needs the incident"))?;
            if store.incident_published(inc)?.is_none() {
                return Err(AppError::NotFound(format!("no incident {inc}")));
            }
            let (ids, reports) = store.reports_of_incidents(&[inc])?;
            let mut picked = Vec::new();
            for r in &req.reports {
                match ids.iter().position(|x| x == r) {
                    Some(i) => picked.push(report_ref(&reports[i])),
                    None => {
                        return Err(cannot(format!("report {r} is not part of incident {inc}")));
                    }
                }
            }
            picked.sort();
            picked.dedup();
            if picked.is_empty() {
                return Err(bad(
                    "choose some, but not all, of the incident's reports to split off",
                ));
            }
            if picked.len() == ids.len() {
                return Err(cannot(
                    "choose some, but not all, of the incident's reports to split off",
                ));
            }
            let d = record(
                store,
                SPLIT,
                Some(inc),
                None,
                serde_json::json!({ "reports": picked }),
            )?;
            let new = rebuild(store, st, &[inc], &d)?;
            Ok(DecisionOutcome {
                incidents: new,
                ..outcome(d)
            })
        }
        CORRECT => {
            let rid = req
                .report
                .ok_or_else(|| cannot("a correction needs the report"))?;
            let row = store
                .report_row(rid, &truce_store::Visibility::All)?
                .ok_or_else(|| AppError::NotFound(format!("no report {rid}")))?;
            let mut fields = serde_json::Map::new();
            for (k, v) in &req.fields {
                if !CORRECTABLE.contains(&k.as_str()) {
                    return Err(bad(format!(
                        "\"{k}\" cannot be corrected; these can: {}",
                        CORRECTABLE.join(", ")
                    )));
                }
                // Empty form fields mean "leave as it is".
                if v.as_str().is_some_and(|s| !s.trim().is_empty()) {
                    fields.insert(k.clone(), v.clone());
                }
            }
            if fields.is_empty() {
                return Err(cannot("a correction needs at least one new value"));
            }
            let fields = serde_json::Value::Object(fields);
            let mut probe = row.report.clone();
            let wrong = pipeline::correct(&mut probe, &fields);
            if !wrong.is_empty() {
                return Err(bad(format!(
                    "not a value Truce knows for: {}",
                    wrong.join(", ")
                )));
            }
            let original = serde_json::json!({
                "act": row.report.act.as_str(),
                "means": row.report.means.as_str(),
                "target_class": row.report.target_class.as_str(),
                "target_name": row.report.target_name,
                "perpetrator": row.report.perpetrator,
            });
            let d = record(
                store,
                CORRECT,
                row.incident_id.as_deref(),
                None,
                serde_json::json!({
                    "report": report_ref(&row.report),
                    "report_id": rid,
                    "fields": fields,
                    "original": original,
                }),
            )?;
            let mut new = Vec::new();
            if let Some(inc) = row.incident_id.as_deref() {
                new = rebuild(store, st, &[inc], &d)?;
            }
            Ok(DecisionOutcome {
                incidents: new,
                ..outcome(d)
            })
        }
        PROPOSE => {
            let fid = req
                .finding
                .as_deref()
                .ok_or_else(|| cannot("a proposal needs the finding"))?;
            let f = finding_of(store, fid)?;
            let status = req.status.as_deref().unwrap_or("");
            if status != "confirmed" && status != "rejected" {
                return Err(bad("propose the status \"confirmed\" or \"rejected\""));
            }
            let d = record(
                store,
                PROPOSE,
                Some(&f.incident_id),
                Some(fid),
                serde_json::json!({ "status": status }),
            )?;
            Ok(outcome(d))
        }
        CONFIRM | REJECT => {
            let fid = req
                .finding
                .as_deref()
                .ok_or_else(|| cannot("confirming or rejecting needs the finding"))?;
            let f = finding_of(store, fid)?;
            if let Some(v) = store.verdict(fid)? {
                return Err(AppError::Conflict(format!(
                    "finding {fid} is already {v}; it was decided by two adjudicators"
                )));
            }
            let votes = store.decisions_on_finding(fid)?;
            let mine = votes
                .iter()
                .rev()
                .find(|d| d.actor == actor && (d.action == CONFIRM || d.action == REJECT));
            if mine.is_some_and(|d| d.action == req.action) {
                return Err(AppError::Conflict(format!(
                    "you have already voted to {} finding {fid}; a second adjudicator must do the same",
                    req.action
                )));
            }
            let action = if req.action == CONFIRM {
                CONFIRM
            } else {
                REJECT
            };
            // The vote and the verdict it completes are written together.
            let mut all = votes;
            all.push(Decision {
                id: 0,
                at: 0,
                actor: actor.to_string(),
                role: role.as_str().to_string(),
                action: action.to_string(),
                incident_id: None,
                finding_id: Some(fid.to_string()),
                body: serde_json::json!({}),
                reason: reason.to_string(),
                log_index: None,
            });
            let verdict = four_eyes(&all);
            let d = store.record_decision(
                &NewDecision {
                    actor,
                    role,
                    action,
                    incident_id: Some(&f.incident_id),
                    finding_id: Some(fid),
                    body: serde_json::json!({}),
                    reason,
                },
                match verdict {
                    Some(status) => Effect::Verdict {
                        finding: fid,
                        status,
                    },
                    None => Effect::None,
                },
            )?;
            Ok(DecisionOutcome {
                verdict,
                pending: verdict.is_none().then(|| {
                    format!(
                        "a second adjudicator must also {} before the finding changes",
                        req.action
                    )
                }),
                ..outcome(d)
            })
        }
        PUBLISH => {
            let inc = req
                .incident
                .as_deref()
                .ok_or_else(|| cannot("publishing needs the incident"))?;
            if store.incident_published(inc)?.is_none() {
                return Err(AppError::NotFound(format!("no incident {inc}")));
            }
            // A publication covers the reports the incident holds now;
            // reports that join it later wait for the next one.
            let ids = store.unpublished_reports(inc)?;
            if ids.is_empty() {
                return Err(AppError::Conflict(format!(
                    "incident {inc} and all its reports are already published"
                )));
            }
            let mut refs = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some(r) = store.report_row(*id, &truce_store::Visibility::All)? {
                    refs.push(report_ref(&r.report));
                }
            }
            let d = store.record_decision(
                &NewDecision {
                    actor,
                    role,
                    action: PUBLISH,
                    incident_id: Some(inc),
                    finding_id: None,
                    body: serde_json::json!({ "reports": refs }),
                    reason,
                },
                Effect::Publish { reports: &ids },
            )?;
            Ok(outcome(d))
        }
        other => Err(bad(format!("unknown action \"{other}\""))),
    }
}

/// Rebuilds the incidents a decision changes. Publication follows the
/// reports: a merge or split never makes a report visible that was not.
fn rebuild(
    store: &mut SqliteStore,
    st: &AppState,
    old: &[&str],
    d: &Decision,
) -> Result<Vec<String>, AppError> {
    Ok(pipeline::rebuild_incidents(store, &st.agreement, old, d)?)
}

fn report_ref(r: &truce_model::Report) -> ReportRef {
    ReportRef {
        source: r.source.clone(),
        external_id: r.external_id.clone(),
    }
}

/// Re-derives verdicts and publications from the decisions kept (after a
/// replay of the log into a fresh store, once it is evaluated).
pub fn restore_decided(store: &mut SqliteStore) -> anyhow::Result<()> {
    let all = store.decisions_of(&[CONFIRM, REJECT, PUBLISH])?;
    let mut by_finding: std::collections::BTreeMap<&str, Vec<Decision>> = Default::default();
    for d in &all {
        if let Some(f) = d.finding_id.as_deref() {
            by_finding.entry(f).or_default().push(d.clone());
        }
    }
    for (f, votes) in by_finding {
        if let Some(v) = four_eyes(&votes) {
            store.set_verdict(f, v)?;
        }
    }
    for d in all.iter().filter(|d| d.action == PUBLISH) {
        let ids = published_by(store, d)?;
        store.publish_reports(&ids, d.id)?;
    }
    Ok(())
}

/// The reports (database ids) a publish decision covered: those it names,
/// or, for decisions taken before publications named their reports, those
/// its incident holds.
pub fn published_by(store: &SqliteStore, d: &Decision) -> anyhow::Result<Vec<i64>> {
    match d.body.get("reports") {
        Some(_) => Ok(store.report_ids(&pipeline::decision_reports(d))?),
        None => match d.incident_id.as_deref() {
            Some(i) => Ok(store.reports_of_incidents(&[i])?.0),
            None => Ok(Vec::new()),
        },
    }
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
            .write(|store, _| pipeline::evaluate(store, &|_| {}).map_err(AppError::from_anyhow))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(actor: &str, role: Role, action: &str) -> Decision {
        Decision {
            id: 0,
            at: 0,
            actor: actor.into(),
            role: role.as_str().into(),
            action: action.into(),
            incident_id: None,
            finding_id: Some("F-1".into()),
            body: serde_json::json!({}),
            reason: "seen".into(),
            log_index: None,
        }
    }

    #[test]
    fn four_eyes_needs_two_different_adjudicators() {
        use Role::*;
        let a = |x| vote("ann", Adjudicator, x);
        let b = |x| vote("bob", Adjudicator, x);
        assert_eq!(four_eyes(&[a(CONFIRM)]), None);
        // The same person twice is still one pair of eyes.
        assert_eq!(four_eyes(&[a(CONFIRM), a(CONFIRM)]), None);
        assert_eq!(
            four_eyes(&[a(CONFIRM), b(CONFIRM)]),
            Some(Status::Confirmed)
        );
        assert_eq!(four_eyes(&[a(REJECT), b(REJECT)]), Some(Status::Rejected));
        // Disagreement waits for a third; a changed mind counts as the latest vote.
        assert_eq!(four_eyes(&[a(CONFIRM), b(REJECT)]), None);
        assert_eq!(
            four_eyes(&[a(CONFIRM), b(REJECT), a(REJECT)]),
            Some(Status::Rejected)
        );
        let c = |x| vote("cat", Adjudicator, x);
        assert_eq!(
            four_eyes(&[a(CONFIRM), b(REJECT), c(CONFIRM)]),
            Some(Status::Confirmed)
        );
        // Monitors' votes do not count.
        assert_eq!(four_eyes(&[a(CONFIRM), vote("mo", Monitor, CONFIRM)]), None);
    }
}
