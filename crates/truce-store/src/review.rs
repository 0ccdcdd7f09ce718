//! The review workflow as stored: decisions (each on the log), verdicts,
//! publication, assignments and notes.

use crate::{Result, Role};
use serde::Serialize;
use truce_model::{Finding, Incident, Status};

/// How long taking an incident holds it for others (a working day).
pub const ASSIGNMENT_SECONDS: i64 = 8 * 3600;

/// One decision, as kept and as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding_id: Option<String>,
    /// What the action needs: reports merged or split, fields corrected, a status.
    pub body: serde_json::Value,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// A decision about to be taken.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub actor: &'a str,
    pub role: Role,
    pub action: &'a str,
    pub incident_id: Option<&'a str>,
    pub finding_id: Option<&'a str>,
    pub body: serde_json::Value,
    pub reason: &'a str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    pub id: i64,
    pub incident_id: String,
    pub author: String,
    pub at: i64,
    pub text: String,
}

/// What a decision does to the projections, written in the same transaction
/// as the decision and its log entry: a decision is on the log if and only
/// if it took effect.
#[derive(Debug, Clone, Copy)]
pub enum Effect<'a> {
    /// Nothing beyond the decision itself (a proposal, a first vote).
    None,
    /// Two adjudicators agreed: the finding's decided status.
    Verdict { finding: &'a str, status: Status },
    /// The reports (database ids) a publication covers.
    Publish { reports: &'a [i64] },
    /// A merge, split or correction: the old incidents give way to these,
    /// built from the same reports (`report_ids[i]` is report `i`).
    Regroup {
        old: &'a [&'a str],
        report_ids: &'a [i64],
        incidents: &'a [Incident],
        findings: &'a [Finding],
    },
}

/// Decisions, verdicts, publication, assignments and notes.
pub trait ReviewStore {
    /// The name a decision's taker goes by outside the mission: stable for
    /// one account, unlinkable to its name without the workspace's secret.
    fn pseudonym(&self, actor: &str) -> Result<String>;
    /// Appends a decision to the log, keeps it, and applies its effect, in
    /// one transaction. The log names the taker by its pseudonym.
    fn record_decision(&mut self, d: &NewDecision<'_>, effect: Effect<'_>) -> Result<Decision>;
    /// Keeps a decision read back from the log (replay), at its log index.
    fn insert_logged_decision(&mut self, index: u64, body: &[u8]) -> Result<()>;
    /// Decisions on this incident or its findings, oldest first.
    fn decisions_for(&self, incident: &str) -> Result<Vec<Decision>>;
    fn decisions_on_finding(&self, finding: &str) -> Result<Vec<Decision>>;
    /// Decisions of the given actions, oldest first (for re-evaluation).
    fn decisions_of(&self, actions: &[&str]) -> Result<Vec<Decision>>;
    /// Decisions newest first, before the given id, limited to published
    /// incidents unless `all`.
    fn decisions_page(&self, all: bool, before: Option<i64>, limit: u64) -> Result<Vec<Decision>>;
    /// The decision a log entry holds, if it holds one.
    fn decision_of_log_entry(&self, index: u64) -> Result<Option<Decision>>;
    /// Sets a finding's decided status, now and after every re-evaluation.
    fn set_verdict(&mut self, finding: &str, status: Status) -> Result<()>;
    fn verdict(&self, finding: &str) -> Result<Option<Status>>;
    /// Publishes the given reports (database ids) by a decision.
    fn publish_reports(&mut self, reports: &[i64], decision_id: i64) -> Result<()>;
    /// Database ids of an incident's reports that are not published yet.
    fn unpublished_reports(&self, incident: &str) -> Result<Vec<i64>>;
    /// When an incident was first published, if it is.
    fn published_at(&self, incident: &str) -> Result<Option<i64>>;
    /// Assigns an incident to a user unless someone else holds it; returns
    /// the holder. An assignment older than [`ASSIGNMENT_SECONDS`] lapses.
    fn assign(&mut self, incident: &str, user: &str) -> Result<String>;
    /// Releases an assignment held by `user` (or by anyone when `force`).
    fn release(&mut self, incident: &str, user: &str, force: bool) -> Result<bool>;
    fn assignee(&self, incident: &str) -> Result<Option<String>>;
    fn add_note(&mut self, incident: &str, author: &str, text: &str) -> Result<i64>;
    fn notes(&self, incident: &str) -> Result<Vec<Note>>;
}
