//! The stored projections as they are, row by row, for checking them against
//! the log they are projections of (`truce log verify`).

use crate::Result;
use truce_model::Report;

/// A current report row, with what it records beside the report.
#[derive(Debug, Clone)]
pub struct AuditReport {
    pub id: i64,
    pub log_index: Option<u64>,
    pub fingerprint: Vec<u8>,
    pub file: String,
    pub line: u64,
    pub filer: String,
    pub report: Report,
}

/// An earlier version of a report, kept when a new one superseded it.
#[derive(Debug, Clone)]
pub struct AuditHistory {
    pub report_id: i64,
    pub log_index: Option<u64>,
    pub fingerprint: Vec<u8>,
    pub file: String,
    pub line: u64,
    /// The report as it was (JSON).
    pub json: String,
}

/// A stored agreement version.
#[derive(Debug, Clone)]
pub struct AuditAgreement {
    pub version: i64,
    pub sha256: String,
    pub text: String,
    pub log_index: Option<u64>,
}

/// A registered party key.
#[derive(Debug, Clone)]
pub struct AuditPartyKey {
    pub name: String,
    pub party: String,
    pub vkey: String,
    pub log_index: u64,
}

/// Every projection, row by row, as stored.
pub trait AuditStore {
    /// Every current report, in log order, until `f` returns false.
    fn audit_reports(&self, f: &mut dyn FnMut(AuditReport) -> bool) -> Result<()>;
    /// Every superseded version, in log order.
    fn audit_history(&self, f: &mut dyn FnMut(AuditHistory) -> bool) -> Result<()>;
    fn audit_agreements(&self) -> Result<Vec<AuditAgreement>>;
    fn audit_party_keys(&self) -> Result<Vec<AuditPartyKey>>;
    /// Every decision row, oldest first.
    fn audit_decisions(&self) -> Result<Vec<crate::Decision>>;
    /// Published reports as (report id, decision id).
    fn audit_published_reports(&self) -> Result<Vec<(i64, i64)>>;
    /// Incidents whose publication disagrees with the published reports
    /// they hold: (incident, what is wrong).
    fn audit_publications(&self) -> Result<Vec<(String, String)>>;
    /// Verdicts as (finding, status).
    fn audit_verdicts(&self) -> Result<Vec<(String, String)>>;
}
