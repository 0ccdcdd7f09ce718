//! The review workflow: monitors merge and split incidents, correct reports
//! and propose statuses; two different adjudicators confirm or reject a
//! violation (four eyes); adjudicators publish. A decision is parsed into
//! its type ([`Decision`]), checked against the actor's role, and taken by
//! its own module, which writes it to the log together with its effect in
//! one transaction; a signed checkpoint then covers it.

mod correct;
mod merge;
mod propose;
mod publish;
mod split;
mod vote;

use crate::{Error, Reference, Result};
use serde::{Deserialize, Serialize};
use truce_model::{ReportRef, Status};
use truce_store::prelude::*;
use truce_store::{Effect, NewDecision, Role};

pub use publish::published_by;
pub use vote::four_eyes;

/// Every action a decision can take, with the roles that may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Merge,
    Split,
    Correct,
    Propose,
    Confirm,
    Reject,
    Publish,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Merge,
        Action::Split,
        Action::Correct,
        Action::Propose,
        Action::Confirm,
        Action::Reject,
        Action::Publish,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Merge => "merge",
            Action::Split => "split",
            Action::Correct => "correct",
            Action::Propose => "propose",
            Action::Confirm => "confirm",
            Action::Reject => "reject",
            Action::Publish => "publish",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Who may take it: monitors prepare, adjudicators decide.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            Action::Merge | Action::Split | Action::Correct | Action::Propose => {
                &[Role::Monitor, Role::Adjudicator]
            }
            Action::Confirm | Action::Reject | Action::Publish => &[Role::Adjudicator],
        }
    }
}

/// The longest reason kept.
pub const MAX_REASON: usize = 4000;

/// A decision as asked for, through the API or a form: the wire form, one
/// object for every action.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Action))]
    pub action: String,
    /// The incident acted on (merge: the first; split, publish).
    #[serde(default)]
    pub incident: Option<String>,
    /// Merge: the other incidents joined to it.
    #[serde(default)]
    pub incidents: Vec<String>,
    /// Split: the reports (database ids) that form an incident of their own.
    #[serde(default, deserialize_with = "integral_list")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<u64>))]
    pub reports: Vec<i64>,
    /// Correct: the report corrected, and its new values.
    #[serde(default, deserialize_with = "integral")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub report: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Correction))]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Propose, confirm, reject: the finding.
    #[serde(default)]
    pub finding: Option<String>,
    /// Propose: `confirmed` or `rejected`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Proposed>))]
    pub status: Option<String>,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub reason: String,
}

/// Correct: new values of a report's classification, as the API's schema
/// describes them (an empty value leaves a field as it is).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Correction {
    act: Option<truce_model::Act>,
    means: Option<truce_model::Means>,
    target_class: Option<truce_model::TargetClass>,
    #[schema(max_length = 2000)]
    target_name: Option<String>,
    #[schema(max_length = 2000)]
    perpetrator: Option<String>,
}

/// The statuses a proposal may name.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Proposed {
    Confirmed,
    Rejected,
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Action {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(Action::ALL.map(Action::as_str)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Action {}

/// A decision, typed: one variant per action, with what that action needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Merge {
        incidents: Vec<String>,
    },
    Split {
        incident: String,
        reports: Vec<i64>,
    },
    Correct {
        report: i64,
        fields: serde_json::Map<String, serde_json::Value>,
    },
    Propose {
        finding: String,
        status: Status,
    },
    /// Confirm or reject: a vote towards the four-eyes verdict.
    Vote {
        finding: String,
        verdict: Status,
    },
    Publish {
        incident: String,
    },
}

fn needs(what: &str) -> Error {
    Error::Unprocessable(what.to_string())
}

impl Decision {
    /// Parses the wire form: a missing field the action needs is a request
    /// that cannot be taken (422); a value outside the action's vocabulary is
    /// malformed (400).
    pub fn parse(action: Action, req: &DecisionRequest) -> Result<Decision> {
        Ok(match action {
            Action::Merge => {
                let mut ids: Vec<String> = req.incident.iter().cloned().collect();
                ids.extend(req.incidents.iter().cloned());
                ids.sort();
                ids.dedup();
                if ids.len() < 2 {
                    return Err(needs("a merge needs at least two different incidents"));
                }
                Decision::Merge { incidents: ids }
            }
            Action::Split => Decision::Split {
                incident: req
                    .incident
                    .clone()
                    .ok_or_else(|| needs("a split needs the incident"))?,
                reports: req.reports.clone(),
            },
            Action::Correct => Decision::Correct {
                report: req
                    .report
                    .ok_or_else(|| needs("a correction needs the report"))?,
                fields: req.fields.clone(),
            },
            Action::Propose => Decision::Propose {
                finding: req
                    .finding
                    .clone()
                    .ok_or_else(|| needs("a proposal needs the finding"))?,
                status: match req.status.as_deref() {
                    Some("confirmed") => Status::Confirmed,
                    Some("rejected") => Status::Rejected,
                    None => return Err(needs("a proposal needs the status it proposes")),
                    Some(_) => {
                        return Err(Error::BadRequest(
                            "propose the status \"confirmed\" or \"rejected\"".into(),
                        ));
                    }
                },
            },
            Action::Confirm | Action::Reject => Decision::Vote {
                finding: req
                    .finding
                    .clone()
                    .ok_or_else(|| needs("confirming or rejecting needs the finding"))?,
                verdict: if action == Action::Confirm {
                    Status::Confirmed
                } else {
                    Status::Rejected
                },
            },
            Action::Publish => Decision::Publish {
                incident: req
                    .incident
                    .clone()
                    .ok_or_else(|| needs("publishing needs the incident"))?,
            },
        })
    }
}

/// Who takes a decision.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub name: &'a str,
    pub role: Role,
}

/// What a decision did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionOutcome {
    pub decision: truce_store::Decision,
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

impl DecisionOutcome {
    fn of(decision: truce_store::Decision) -> DecisionOutcome {
        DecisionOutcome {
            decision,
            incidents: Vec::new(),
            verdict: None,
            pending: None,
        }
    }
}

/// What every action's module works with.
struct Taking<'a> {
    store: &'a mut dyn Store,
    reference: &'a Reference,
    actor: Actor<'a>,
    action: Action,
    reason: &'a str,
}

impl Taking<'_> {
    /// Records the decision with its effect, in one transaction.
    fn record(
        &mut self,
        incident: Option<&str>,
        finding: Option<&str>,
        body: serde_json::Value,
        effect: Effect<'_>,
    ) -> Result<truce_store::Decision> {
        Ok(self.store.record_decision(
            &NewDecision {
                actor: self.actor.name,
                role: self.actor.role,
                action: self.action.as_str(),
                incident_id: incident,
                finding_id: finding,
                body,
                reason: self.reason,
            },
            effect,
        )?)
    }
}

impl Taking<'_> {
    /// Records a merge, split or correction with the incidents it rebuilt,
    /// in one transaction; the outcome names the incidents that now hold
    /// the reports.
    fn record_regroup(
        &mut self,
        incident: Option<&str>,
        body: serde_json::Value,
        old: &[&str],
        built: crate::pipeline::Rebuilt,
    ) -> Result<DecisionOutcome> {
        let d = self.record(
            incident,
            None,
            body,
            Effect::Regroup {
                old,
                report_ids: &built.report_ids,
                incidents: &built.incidents,
                findings: &built.findings,
            },
        )?;
        Ok(DecisionOutcome {
            incidents: built.incidents.into_iter().map(|i| i.id).collect(),
            ..DecisionOutcome::of(d)
        })
    }
}

/// Reads a decision's body (`POST /api/v1/decisions`).
pub fn read_request(body: &[u8]) -> Result<DecisionRequest> {
    serde_json::from_slice(body)
        .map_err(|e| Error::BadRequest(format!("the body is not a decision: {e}")))
}

/// What can be checked of a decision before the store is read: a known
/// action, a role that may take it, and a reason (trimmed) of the allowed
/// length.
pub fn check(role: Role, req: &DecisionRequest) -> Result<(Action, &str)> {
    let action = Action::parse(&req.action).ok_or_else(|| {
        Error::BadRequest(format!(
            "unknown action \"{}\"; expected one of: {}",
            req.action,
            Action::ALL.map(Action::as_str).join(", ")
        ))
    })?;
    if !action.roles().contains(&role) {
        return Err(Error::Forbidden(format!(
            "a {} may not {}",
            role.as_str(),
            action.as_str()
        )));
    }
    let reason = req.reason.trim();
    if reason.is_empty() {
        return Err(Error::BadRequest("a decision needs a reason".into()));
    }
    if reason.len() > MAX_REASON {
        return Err(Error::BadRequest(format!(
            "the reason is too long ({} bytes; at most {MAX_REASON})",
            reason.len()
        )));
    }
    Ok((action, reason))
}

/// An internal note on an incident, as the API takes it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteBody {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub text: String,
}

/// Reads a note's body (`POST /api/v1/incidents/{id}/notes`).
pub fn read_note(body: &[u8]) -> Result<NoteBody> {
    serde_json::from_slice(body).map_err(|e| {
        Error::BadRequest(format!(
            "the body is not a note ({{\"text\": \"...\"}}): {e}"
        ))
    })
}

impl NoteBody {
    /// The note's text, trimmed, of 1 to [`MAX_REASON`] bytes.
    pub fn text(&self) -> Result<&str> {
        let text = self.text.trim();
        if text.is_empty() || text.len() > MAX_REASON {
            return Err(Error::BadRequest(format!(
                "a note needs 1 to {MAX_REASON} bytes of text"
            )));
        }
        Ok(text)
    }
}

/// Checks who may take a decision and that it is well formed; then takes
/// it, and signs a checkpoint that covers it.
pub fn decide(
    store: &mut dyn Store,
    reference: &Reference,
    actor: Actor<'_>,
    req: &DecisionRequest,
) -> Result<DecisionOutcome> {
    let (action, reason) = check(actor.role, req)?;
    // An incident merged away is named by its alias: the decision is taken
    // on the incident that holds its reports now.
    let mut resolved = req.clone();
    for id in resolved
        .incident
        .iter_mut()
        .chain(resolved.incidents.iter_mut())
    {
        if let Some(now) = store.resolve_incident(id)? {
            *id = now;
        }
    }
    let decision = Decision::parse(action, &resolved)?;
    let mut t = Taking {
        store,
        reference,
        actor,
        action,
        reason,
    };
    let out = match decision {
        Decision::Merge { incidents } => merge::take(&mut t, &incidents),
        Decision::Split { incident, reports } => split::take(&mut t, &incident, &reports),
        Decision::Correct { report, fields } => correct::take(&mut t, report, &fields),
        Decision::Propose { finding, status } => propose::take(&mut t, &finding, status),
        Decision::Vote { finding, verdict } => vote::take(&mut t, &finding, verdict),
        Decision::Publish { incident } => publish::take(&mut t, &incident),
    }?;
    crate::workspace::sign_checkpoint_if_keyed(t.store)?;
    Ok(out)
}

fn report_ref(r: &truce_model::Report) -> ReportRef {
    ReportRef {
        source: r.source.clone(),
        external_id: r.external_id.clone(),
    }
}

/// Re-derives verdicts and publications from the decisions kept (after a
/// replay of the log into a fresh store, once it is evaluated).
pub fn restore_decided(store: &mut dyn Store) -> anyhow::Result<()> {
    let all = store.decisions_of(&[
        Action::Confirm.as_str(),
        Action::Reject.as_str(),
        Action::Publish.as_str(),
    ])?;
    let mut by_finding: std::collections::BTreeMap<&str, Vec<truce_store::Decision>> =
        Default::default();
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
    for d in all.iter().filter(|d| d.action == Action::Publish.as_str()) {
        let ids = published_by(store, d)?;
        store.publish_reports(&ids, d.id)?;
    }
    Ok(())
}

/// A whole number as JSON may write it (`42` or `42.0`).
fn whole<E: serde::de::Error>(v: serde_json::Value) -> std::result::Result<i64, E> {
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

fn integral<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => whole(v).map(Some),
    }
}

fn integral_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<i64>, D::Error> {
    Vec::<serde_json::Value>::deserialize(d)?
        .into_iter()
        .map(whole)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzz target `api_decision`: a 31-digit number in a
    /// correction's fields was read one step off the nearest double, so
    /// the decision written back (as the log keeps it) read differently.
    #[test]
    fn fuzz_a_decision_with_a_long_number_reads_back_the_same() {
        let body = br#"{"action":"correct","report":11,"fields":{"n":1155000000000497554224488149446},"reason":"r"}"#;
        let req = read_request(body).expect("a decision");
        let written = serde_json::to_vec(&req).expect("JSON");
        assert_eq!(read_request(&written).expect("a decision"), req);
    }
}
