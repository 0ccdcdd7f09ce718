//! Statements the parties publish, kept with the candidate reports read from
//! them until a monitor accepts or rejects each one. Candidates are not
//! reports: they are not evaluated, not in incidents and not in any list
//! but the mission's review. An accepted candidate becomes a report through
//! the ordinary intake ([`crate::ReportStore::ingest`]); this store only
//! keeps the statement, its candidates and what became of each.
//!
//! Both the statement and every review are on the log. The caller encodes
//! the entries (kinds [`crate::log::KIND_STATEMENT`] and
//! [`crate::log::KIND_STATEMENT_REVIEW`]); a backend appends them in the
//! same transaction as the rows, as for reports and decisions.

use crate::Result;
use serde::Serialize;

/// A statement about to be stored, with its candidates.
pub struct NewStatement<'a> {
    /// SHA-256 of what identifies the statement (its source, publication
    /// time and text): a statement with a stored key is a duplicate, and
    /// nothing of it is written again.
    pub key: [u8; 32],
    pub source: &'a str,
    /// When it was published, in Unix seconds.
    pub published_at: i64,
    /// `en`, `uk` or `ru`.
    pub lang: &'a str,
    pub url: Option<&'a str>,
    pub text: &'a str,
    /// Where it was read: a file's name (never a path) and line.
    pub file: &'a str,
    pub line: u64,
    /// Its log entry, of kind [`crate::log::KIND_STATEMENT`].
    pub entry: &'a [u8],
    /// The candidates read from it, in the statement's order: the proposed
    /// fields with their spans and basis, as JSON objects (opaque to the
    /// store).
    pub candidates: &'a [serde_json::Value],
}

/// A stored statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredStatement {
    pub id: i64,
    /// The index of its entry on the log.
    pub log_index: u64,
    pub source: String,
    pub published_at: i64,
    pub lang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub text: String,
    pub file: String,
    pub line: u64,
    pub ingested_at: i64,
}

/// Where a candidate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CandidateStatus {
    Pending,
    Accepted,
    Rejected,
}

impl CandidateStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            CandidateStatus::Pending => "pending",
            CandidateStatus::Accepted => "accepted",
            CandidateStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<CandidateStatus> {
        [
            CandidateStatus::Pending,
            CandidateStatus::Accepted,
            CandidateStatus::Rejected,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// A stored candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateRow {
    pub id: i64,
    pub statement_id: i64,
    /// Its place among the statement's candidates, from 0.
    pub ordinal: u32,
    /// The fields as proposed, with `spans` and `basis` (as stored).
    pub proposed: serde_json::Value,
    pub status: CandidateStatus,
    /// Accepted: the report it became.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_id: Option<i64>,
    /// Accepted or rejected: the review's log entry, and when it was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_log_index: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<i64>,
}

/// A monitor's review of one candidate, about to be recorded.
pub struct CandidateReview<'a> {
    pub candidate: i64,
    /// [`CandidateStatus::Accepted`] or [`CandidateStatus::Rejected`].
    pub status: CandidateStatus,
    /// Accepted: the report it became (stored already).
    pub report_id: Option<i64>,
    pub at: i64,
    /// Its log entry, of kind [`crate::log::KIND_STATEMENT_REVIEW`].
    pub entry: &'a [u8],
}

/// Statements and their candidates.
pub trait StatementStore {
    /// Appends the statement's entry to the log and keeps the statement and
    /// its candidates (all pending), in one transaction; returns its id.
    /// `None` when a statement with the same key is stored already: then
    /// nothing is written, not even to the log.
    fn add_statement(&mut self, s: &NewStatement<'_>) -> Result<Option<i64>>;
    fn statement(&self, id: i64) -> Result<Option<StoredStatement>>;
    /// Statements by id, those after `after` (an id), at most `limit`.
    fn statements(&self, after: Option<i64>, limit: u64) -> Result<Vec<StoredStatement>>;
    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>>;
    /// Candidates of one status (every status when `None`), by id, those
    /// after `after` (an id), at most `limit`.
    fn candidates(
        &self,
        status: Option<CandidateStatus>,
        after: Option<i64>,
        limit: u64,
    ) -> Result<Vec<CandidateRow>>;
    fn candidate_count(&self, status: CandidateStatus) -> Result<u64>;
    /// Appends the review's entry to the log and sets the candidate's status
    /// (and report), in one transaction; returns the entry's index. Refuses
    /// ([`crate::StoreError::Refused`]) a review of a candidate that is not
    /// pending, or that does not exist, and writes nothing then: a candidate
    /// is reviewed once.
    fn review_candidate(&mut self, r: &CandidateReview<'_>) -> Result<u64>;
}
