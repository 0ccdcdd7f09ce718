//! Truce's storage, behind traits by aggregate: agreements, reports and
//! rejections, results (incidents and findings), the evidence log, review
//! and publication, accounts and sessions, ship tracks from AIS, and the
//! audit of projections against the log. No database driver here: each backend is a crate of its
//! own (`truce-store-sqlite`, the embedded default) that implements [`Store`]
//! and passes the [`conformance`] suite.

pub mod accounts;
pub mod agreements;
pub mod audit;
pub mod conformance;
pub mod log;
pub mod placement;
pub mod reports;
pub mod results;
pub mod review;
pub mod statements;
pub mod vessels;
pub mod webhooks;

pub use accounts::{AccountStore, Role, User};
pub use agreements::{AgreementStore, StoredAgreement};
pub use audit::{AuditAgreement, AuditHistory, AuditPartyKey, AuditReport, AuditStore};
pub use log::{LogStore, StoredCheckpoint, StoredCosignature};
pub use placement::{IndexChunk, IndexChunkWrite, Placed, PlacementStore, PlacementWrite};
pub use reports::{
    IngestCounts, IngestResult, NewReport, RejectionFile, ReportFilter, ReportRow, ReportStore,
    SourceDefault, StoredRejection, TextQuery, Visibility,
};
pub use results::{
    DailyCount, EvaluationInfo, FindingFilter, FindingKey, FindingRow, IncidentRow, OPEN_RANK_SQL,
    OPEN_STATUSES, QueueAssigned, QueueFilter, QueueItem, QueueOrder, ResultStore,
    open_status_of_rank,
};
pub use review::{ASSIGNMENT_SECONDS, Decision, Effect, NewDecision, Note, ReviewStore};
pub use statements::{
    CandidateReview, CandidateRow, CandidateStatus, NewStatement, StatementStore, StoredStatement,
};
pub use truce_ledger::Hash;
pub use vessels::{VesselInfo, VesselObservation, VesselPosition, VesselStore, VesselTrack};
pub use webhooks::{Delivery, NewWebhook, Webhook, WebhookEvent, WebhookStore};

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
    /// The database failed; the backend says how, in its words.
    #[error("database error: {0}")]
    Backend(String),
    #[error("log: {0}")]
    Log(#[from] truce_ledger::TreeError),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a writer waits for another process's write to finish.
pub const WRITE_WAIT_SECONDS: u64 = 600;

/// Everything Truce needs from a database. A workspace moves between
/// threads (the server's pool), so every backend is `Send`.
pub trait Store:
    AgreementStore
    + ReportStore
    + ResultStore
    + PlacementStore
    + LogStore
    + ReviewStore
    + AccountStore
    + AuditStore
    + VesselStore
    + StatementStore
    + WebhookStore
    + Send
{
    /// Where the workspace is, in words for people ("demo.db").
    fn location(&self) -> String;

    /// Leaves the copying of the write-ahead log into the database to
    /// [`Store::checkpoint`], which the caller runs off its request path
    /// (the server, every second), instead of to whichever write fills the
    /// log. A backend without such a log does nothing.
    fn defer_checkpoints(&mut self) -> Result<()> {
        Ok(())
    }

    /// Copies what the write-ahead log holds into the database, without
    /// waiting for readers or writers (what cannot be copied now is copied
    /// next time).
    fn checkpoint(&self) -> Result<()> {
        Ok(())
    }
}

/// The traits, for `use truce_store::prelude::*`.
pub mod prelude {
    pub use crate::{
        AccountStore, AgreementStore, AuditStore, LogStore, PlacementStore, ReportStore,
        ResultStore, ReviewStore, StatementStore, Store, VesselStore, WebhookStore,
    };
}
