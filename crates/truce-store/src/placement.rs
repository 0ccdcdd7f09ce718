//! What incremental placement reads and writes: reports as they were last
//! placed (with their correlation group), the ones that wait, and the
//! incidents a batch rebuilt, written in one transaction.

use crate::{EvaluationInfo, Result};
use truce_model::{Finding, Incident, Report};

/// A report as the last placement saw it, with its correlation group (the
/// database id of the group's first report in the sweep, before merges and
/// splits).
#[derive(Debug, Clone)]
pub struct Placed {
    pub id: i64,
    pub report: Report,
    pub group: i64,
    /// The log index of the version stored now: at or above the placement
    /// mark, the report changed since and the version placed is elsewhere
    /// ([`PlacementStore::placed_version`]).
    pub log_index: u64,
}

/// A chunk of the placement index: its span class and bucket, and its
/// bytes (the engine's encoding, `truce_engine::index`; opaque to stores).
pub type IndexChunk = ((i64, i64), Vec<u8>);

/// A chunk a placement rewrites: None deletes it.
pub type IndexChunkWrite = ((i64, i64), Option<Vec<u8>>);

/// The incidents a placement rebuilt. The store replaces every incident
/// that held one of `report_ids` (or `removed`) with `incidents`.
#[derive(Debug, Clone, Copy)]
pub struct PlacementWrite<'a> {
    /// The placement mark the placement started from: the write is refused
    /// (None) when another placement moved it meanwhile.
    pub since: u64,
    pub report_ids: &'a [i64],
    /// Each report's correlation group, beside `report_ids`.
    pub groups: &'a [i64],
    pub incidents: &'a [Incident],
    pub findings: &'a [Finding],
    pub removed: &'a [i64],
    /// Reports the batch brought in for the first time (for the counts).
    pub new_reports: u64,
    /// Chunks of the placement index to write; None deletes the chunk.
    pub chunks: &'a [IndexChunkWrite],
}

/// Reads and writes of incremental placement.
pub trait PlacementStore {
    /// The log size below which every report entry is placed, when the
    /// stored incidents can be placed into; None when only a full
    /// evaluation can bring them up to date (a new workspace, a schema
    /// upgrade, a correction).
    fn placement_mark(&self) -> Result<Option<u64>>;
    /// Makes the next evaluation a full one (a correction changed what
    /// correlation sees of a placed report).
    fn forget_placement(&mut self) -> Result<()>;
    /// Reports whose current version's entry is at or after `from`, lean
    /// (without text, link and extra), with their database ids.
    fn reports_logged_since(&self, from: u64) -> Result<Vec<(i64, Report)>>;
    /// The version of a report stored before log index `below`, and its
    /// group, if that version was placed.
    fn placed_version(&self, id: i64, below: u64) -> Result<Option<(Report, i64)>>;
    /// The chunks of the placement index of span class `class` whose
    /// buckets lie in `from..=to`, in bucket order.
    fn index_chunks(&self, class: i64, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>)>>;
    /// The last bucket of any chunk of the placement index (very long
    /// reports' class aside), if there is one.
    fn index_last_bucket(&self) -> Result<Option<i64>>;
    /// Holds one consistent view for the questions that follow, until
    /// [`PlacementStore::end_snapshot`] (a no-op where views are free).
    fn begin_snapshot(&self) -> Result<()>;
    fn end_snapshot(&self) -> Result<()>;
    /// Every placed report of these groups.
    fn placed_members(&self, groups: &[i64]) -> Result<Vec<Placed>>;
    /// These reports, where they are placed.
    fn placed_reports(&self, ids: &[i64]) -> Result<Vec<Placed>>;
    /// Replaces the incidents of a placement and the index chunks it
    /// rewrote, and records an evaluation (`info.log_size` becomes the
    /// placement mark), in one transaction.
    /// Incident ids that vanish become aliases of the incident that holds
    /// their first report; verdicts follow them. Returns the findings
    /// stored, or None when the mark moved meanwhile.
    fn apply_placement(
        &mut self,
        w: &PlacementWrite<'_>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>>;
    /// The incident an id names now: itself, or the incident an alias
    /// (an id merged away) resolves to.
    fn resolve_incident(&self, id: &str) -> Result<Option<String>>;
}
