//! Truce's store: the projections of reports, incidents and findings that the
//! commands and the server read. Storage sits behind the [`Store`] trait so that
//! the engine never depends on a particular database; SQLite (one file, WAL
//! mode) is the embedded default.

pub mod log;
mod schema;
pub mod sqlite;

use serde::Serialize;
use truce_model::{Agreement, Finding, Incident, Rejection, Report, Status};

pub use log::{StoredCheckpoint, StoredCosignature};
pub use sqlite::{SqliteStore, web};
pub use truce_ledger::Hash;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database {path} cannot be opened: {reason}")]
    Open { path: String, reason: String },
    #[error("no workspace in {path}: run `truce init --agreement FILE` first")]
    NotInitialised { path: String },
    #[error(
        "the workspace in {path} was made by a newer version of Truce (schema {found}, this version knows up to {known})"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("the stored {what} is damaged: {reason}")]
    Corrupt { what: String, reason: String },
    /// Another process held the workspace's write lock for too long.
    #[error(
        "the workspace is busy: another process has been writing to it for {seconds} s; nothing of this step was stored, run it again when that process is done"
    )]
    Busy { seconds: u64 },
    /// The store refused a write, for the reason given.
    #[error("{0}")]
    Refused(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("log: {0}")]
    Log(#[from] truce_ledger::TreeError),
}

/// How long a writer waits for another process's write to finish.
pub const WRITE_WAIT_SECONDS: u64 = 600;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy {
                    seconds: WRITE_WAIT_SECONDS,
                }
            }
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One report as it arrives from an adapter.
pub struct NewReport<'a> {
    pub report: &'a Report,
    pub fingerprint: [u8; 32],
    pub file: &'a str,
    pub line: u64,
    /// Its log entry ([`log::report_entry`]) and the entry's leaf hash
    /// (`truce_ledger::leaf_hash(entry)`), made by the caller so that encoding
    /// and hashing can run in parallel with storage.
    pub entry: &'a [u8],
    pub leaf: Hash,
    /// Who files it: a party id, or [`log::MISSION`]. A report may be
    /// superseded only by its own filer.
    pub filer: &'a str,
}

/// What a batch did, with the rows the store itself refused (a supersession
/// by someone other than the report's filer), which it also keeps as
/// rejections.
#[derive(Debug, Clone, Default)]
pub struct IngestResult {
    pub counts: IngestCounts,
    pub refused: Vec<Rejection>,
}

/// What happened to each report of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestCounts {
    pub accepted: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub superseded: u64,
}

impl std::ops::AddAssign for IngestCounts {
    fn add_assign(&mut self, o: Self) {
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        self.duplicates += o.duplicates;
        self.superseded += o.superseded;
    }
}

/// A stored agreement version.
#[derive(Debug, Clone)]
pub struct StoredAgreement {
    pub version: i64,
    pub sha256: String,
    pub loaded_at: i64,
    pub text: String,
    pub agreement: Agreement,
}

/// A kept rejection, with when it was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct StoredRejection {
    pub id: i64,
    pub at: i64,
    #[serde(flatten)]
    pub rejection: Rejection,
}

/// Filters shared by the listing commands and the API.
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    pub commitment: Option<String>,
    pub reading: Option<String>,
    pub party: Option<String>,
    pub status: Option<Status>,
    /// Unix seconds; incidents whose event interval ends after this.
    pub from: Option<i64>,
    /// Unix seconds; incidents whose event interval starts before this.
    pub to: Option<i64>,
    pub incident: Option<String>,
    /// A region id (`UA-63`) or country code (`RU`).
    pub region: Option<String>,
    pub limit: Option<u64>,
    /// `[min_lon, min_lat, max_lon, max_lat]`: incidents placed inside.
    pub bbox: Option<[f64; 4]>,
    /// Only incidents a monitor has published (what parties and the public see).
    pub published_only: bool,
    /// Newest first, starting after this (start time, seq) key when given.
    pub newest_first: bool,
    pub after: Option<(i64, i64)>,
    /// Incidents starting after this. Not a filter of its own: the store sets
    /// it from `from` and the longest incident, so that a time-ordered scan
    /// has a lower end.
    pub starts_after: Option<i64>,
}

/// A finding as stored (without its trace, which is recomputed on demand from
/// the same pure evaluation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingRow {
    pub id: String,
    pub incident_id: String,
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    pub status: Status,
    pub confidence: truce_model::Confidence,
}

/// An incident as stored, with its report count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    #[serde(flatten)]
    pub incident: Incident,
    pub report_count: u64,
    /// Position in its evaluation: with the start time, the key lists are
    /// ordered and paged by.
    #[serde(skip)]
    pub seq: i64,
}

/// What one evaluation ran on, so that it can be replayed and compared.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationInfo {
    pub at: i64,
    pub agreement_version: i64,
    pub reference_data: String,
    pub reports: u64,
    pub incidents: u64,
    pub findings: u64,
    /// The log's size when the reports were read: every report entry below
    /// it is covered. None for evaluations recorded before it was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_size: Option<u64>,
}

/// The operations Truce needs from a database.
pub trait Store {
    /// Records a new agreement version (a version with the same text is not
    /// duplicated) and returns its number.
    fn put_agreement(&mut self, text: &str, agreement: &Agreement) -> Result<i64>;
    /// The latest agreement version.
    fn agreement(&self) -> Result<StoredAgreement>;
    /// All agreement versions, oldest first (without their text).
    fn agreement_versions(&self) -> Result<Vec<(i64, String, i64)>>;

    /// Stores a batch of reports and rejections in one transaction. A
    /// changed report supersedes the stored one only when both have the same
    /// filer; otherwise the row is refused and kept as a rejection.
    fn ingest(
        &mut self,
        reports: &[NewReport<'_>],
        rejections: &[Rejection],
    ) -> Result<IngestResult>;
    /// Every current report, in storage order, with its database id. Without
    /// `full`, the free text, link and extra columns are left out (what the
    /// engine needs, in less memory).
    fn reports(&self, full: bool) -> Result<(Vec<i64>, Vec<Report>)>;
    /// The reports of one incident, in storage order.
    fn incident_reports(&self, incident: &str) -> Result<Vec<Report>>;
    fn report_count(&self) -> Result<u64>;
    fn rejections(&self, limit: Option<u64>) -> Result<Vec<StoredRejection>>;
    fn rejection_count(&self) -> Result<u64>;

    /// Replaces all incidents and findings with a new evaluation's, in one
    /// transaction. Findings are streamed (a million of them need not be held
    /// in memory); writing is fastest when they arrive grouped by incident in
    /// incident-id order. Returns the number of findings stored, which is also
    /// what the evaluation record says (whatever `info.findings` held).
    /// An evaluation older than the stored one (`info.log_size` below the
    /// stored evaluation's, because another process evaluated newer reports
    /// meanwhile) is not written: returns None.
    fn replace_results(
        &mut self,
        report_ids: &[i64],
        incidents: &[Incident],
        findings: &mut dyn Iterator<Item = Finding>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>>;
    fn incidents(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>>;
    fn incident(&self, id: &str) -> Result<Option<IncidentRow>>;
    fn findings(&self, filter: &FindingFilter) -> Result<Vec<FindingRow>>;
    fn last_evaluation(&self) -> Result<Option<EvaluationInfo>>;
    /// Reports stored since the last evaluation read them (after an
    /// interrupted run, or by another process): they wait for evaluation.
    fn pending_reports(&self) -> Result<u64>;

    // The evidence log.

    /// Number of entries in the log.
    fn log_size(&self) -> Result<u64>;
    /// Appends one entry in its own transaction; returns its index.
    fn log_append(&mut self, kind: &str, entry: &[u8]) -> Result<u64>;
    /// Appends entries of one kind in one transaction (one fsync); returns the
    /// index of the first.
    fn log_append_batch(&mut self, kind: &str, entries: &[Vec<u8>]) -> Result<u64>;
    /// Entries from `from` on, in order, with their index and kind, until `f`
    /// returns false.
    fn log_scan(&self, from: u64, f: &mut dyn FnMut(u64, &str, &[u8]) -> bool) -> Result<()>;
    /// Every stored subtree hash, as (level, index, hash), level by level.
    fn log_nodes(&self, f: &mut dyn FnMut(u32, u64, &[u8]) -> bool) -> Result<()>;
    /// The root of the tree of the first `size` entries.
    fn log_root(&self, size: u64) -> Result<Hash>;
    fn log_inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>>;
    fn log_consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>>;
    fn put_checkpoint(&mut self, size: u64, note: &str) -> Result<i64>;
    fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>>;
    fn put_cosignature(&mut self, c: &StoredCosignature) -> Result<()>;
    fn cosignatures(&self) -> Result<Vec<StoredCosignature>>;
    /// Registers a party's submission key (`name+id+key`), on the log too.
    fn add_party_key(&mut self, party: &str, name: &str, vkey: &str) -> Result<u64>;
    /// Registered keys as (party, verifier key string).
    fn party_keys(&self) -> Result<Vec<(String, String)>>;
    fn meta(&self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
}
