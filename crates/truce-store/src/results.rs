//! Incidents and findings: what evaluations store, and the lists over them.

use crate::Result;
use serde::Serialize;
use truce_model::{Finding, Incident, Status};

/// Filters shared by the listing commands and the API. Conditions on
/// findings (`commitment`, `reading`, `party`, `status`) hold for one and the
/// same finding; an incident matches when one of its findings does.
/// Conditions on reports (`source`, `claimant`) match an incident holding
/// such a report (one published, with `published_only`).
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
    /// Match `bbox` against places as the public sees them: snapped to this
    /// grid (degrees) as `truce_model::public_point` snaps them, so that a
    /// box never selects by more precision than its caller is shown.
    pub bbox_grid: Option<f64>,
    /// Only incidents holding a report from this source.
    pub source: Option<String>,
    /// Only incidents holding a report filed on behalf of this claimant.
    pub claimant: Option<String>,
    /// Only incidents holding a report whose words match (`q=`); outside
    /// the mission only a published report counts, as for `source`.
    pub text: Option<crate::TextQuery>,
    /// Only incidents a monitor has published (what parties and the public see).
    pub published_only: bool,
    /// Newest first, starting after this (start time, seq) key when given.
    pub newest_first: bool,
    pub after: Option<(i64, i64)>,
    /// The finding list's cursor: after this finding (its incident's start
    /// and seq, then commitment, reading and party, which run in ascending
    /// order within an incident whichever way incidents run).
    pub after_finding: Option<FindingKey>,
    /// Incidents starting after this. Not a filter of its own: the store sets
    /// it from `from` and the longest incident, so that a time-ordered scan
    /// has a lower end.
    pub starts_after: Option<i64>,
}

/// Where a finding stands in the finding list: its incident's start time
/// and seq, its commitment, reading and party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingKey {
    pub start: i64,
    pub seq: i64,
    pub commitment: String,
    pub reading: String,
    pub party: String,
}

/// A finding as stored (without its trace, which is recomputed on demand from
/// the same pure evaluation).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// When this evaluation placed waiting reports into the stored
    /// incidents instead of evaluating everything: how many reports had
    /// their incident rebuilt. Not stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed: Option<u64>,
}

/// Finding counts of one commitment reading, party, status and day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyCount {
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    pub status: Status,
    /// Days since 1970-01-01 (in the offset given to the query).
    pub day: i64,
    pub count: u64,
}

/// Incidents that wait for a monitor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub incident_id: String,
    pub occurred_start: i64,
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub act: String,
    pub means: String,
    pub target_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    pub report_count: u64,
    /// Findings that may be violations and have no verdict yet (of those
    /// the filter asks for).
    pub open_findings: u64,
    /// The most serious status among them (corroborated before disputed
    /// before alleged); None for a lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The parties they run against, sorted.
    pub parties: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// A lead: fire detected at a protected site, and no report of it yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
}

/// The statuses that wait for review, most serious first.
pub const OPEN_STATUSES: [Status; 3] = [Status::Corroborated, Status::Disputed, Status::Alleged];

/// Which incidents of the queue, in which order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    /// Incidents with an open finding of this status (one of
    /// [`OPEN_STATUSES`]).
    pub status: Option<Status>,
    /// … against this party.
    pub party: Option<String>,
    /// … under this commitment.
    pub commitment: Option<String>,
    pub assigned: QueueAssigned,
    pub order: QueueOrder,
    pub limit: u64,
}

impl QueueFilter {
    /// Whether a condition on findings is set (leads have none and drop out).
    pub fn on_findings(&self) -> bool {
        self.status.is_some() || self.party.is_some() || self.commitment.is_some()
    }
}

/// Whose incidents: anyone's, those held by one person, or those nobody holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum QueueAssigned {
    #[default]
    Any,
    To(String),
    Nobody,
}

/// The queue's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QueueOrder {
    /// Oldest event first: what has waited longest.
    #[default]
    Oldest,
    Newest,
    /// Corroborated first, then disputed, then alleged; oldest first within.
    Serious,
    /// Most reports first.
    Reports,
}

impl QueueOrder {
    pub const ALL: [(&'static str, QueueOrder); 4] = [
        ("oldest", QueueOrder::Oldest),
        ("newest", QueueOrder::Newest),
        ("serious", QueueOrder::Serious),
        ("reports", QueueOrder::Reports),
    ];

    pub fn parse(s: &str) -> Option<QueueOrder> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, o)| *o)
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map_or("oldest", |(n, _)| n)
    }

    /// The ORDER BY of a queue query whose rows have `i` (incidents) and
    /// `worst` (the rank of the most serious open status, 1 to 3).
    pub fn sql(self) -> &'static str {
        match self {
            QueueOrder::Oldest => "i.occurred_start, i.seq",
            QueueOrder::Newest => "i.occurred_start DESC, i.seq DESC",
            QueueOrder::Serious => "worst, i.occurred_start, i.seq",
            QueueOrder::Reports => "i.report_count DESC, i.occurred_start, i.seq",
        }
    }
}

/// The SQL rank of a finding's status among [`OPEN_STATUSES`] (1 is the
/// most serious), NULL for others: one expression for both backends.
pub const OPEN_RANK_SQL: &str =
    "CASE f.status WHEN 'corroborated' THEN 1 WHEN 'disputed' THEN 2 WHEN 'alleged' THEN 3 END";

/// The status of a rank of [`OPEN_RANK_SQL`].
pub fn open_status_of_rank(rank: Option<i64>) -> Option<Status> {
    rank.and_then(|r| {
        OPEN_STATUSES
            .get(usize::try_from(r).ok()?.checked_sub(1)?)
            .copied()
    })
}

/// Incidents and findings.
pub trait ResultStore {
    /// Replaces all incidents and findings with a new evaluation's, in one
    /// transaction. Findings are streamed (a million of them need not be held
    /// in memory); writing is fastest when they arrive grouped by incident, in
    /// the order of `incidents`. Returns the number of findings stored, which is also
    /// what the evaluation record says (whatever `info.findings` held).
    /// An evaluation older than the stored one (`info.log_size` below the
    /// stored evaluation's, because another process evaluated newer reports
    /// meanwhile) is not written: returns None.
    /// `groups[i]` is the correlation group of report `report_ids[i]`, as
    /// [`crate::Placed::group`] reads it back, and `index` the whole
    /// placement index made from them; the evaluation's log size becomes
    /// the placement mark.
    fn replace_results(
        &mut self,
        report_ids: &[i64],
        groups: &[i64],
        index: &[crate::IndexChunk],
        incidents: &[Incident],
        findings: &mut dyn Iterator<Item = Finding>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>>;
    /// Replaces some incidents (and their findings) with others built from
    /// the same reports, in one transaction. `report_ids[i]` is the database
    /// id of report `i` that the new incidents' member indices point at.
    /// Verdicts are kept for findings whose ids survive; publication follows
    /// the reports.
    fn replace_incidents(
        &mut self,
        old: &[&str],
        report_ids: &[i64],
        incidents: &[Incident],
        findings: &[Finding],
    ) -> Result<()>;
    fn incidents(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>>;
    fn incident(&self, id: &str) -> Result<Option<IncidentRow>>;
    fn findings(&self, filter: &FindingFilter) -> Result<Vec<FindingRow>>;
    fn finding_by_id(&self, id: &str) -> Result<Option<FindingRow>>;
    /// The statuses of the findings of these incidents.
    fn finding_statuses(&self, incidents: &[String]) -> Result<Vec<(String, Status)>>;
    fn last_evaluation(&self) -> Result<Option<EvaluationInfo>>;
    /// Findings per commitment reading, party, status and day of the
    /// incident's start (days counted at `offset_seconds` from UTC).
    fn daily_counts(&self, published_only: bool, offset_seconds: i64) -> Result<Vec<DailyCount>>;
    /// Incidents with findings that may be violations and no verdict yet,
    /// oldest first.
    /// Incidents waiting for review: those with findings that may be
    /// violations and no verdict, and leads (fire at a protected site with no
    /// report), filtered and ordered as asked.
    fn queue(&self, filter: &QueueFilter) -> Result<Vec<QueueItem>>;
    /// Whether an incident exists, and whether it is published.
    fn incident_published(&self, incident: &str) -> Result<Option<bool>>;
}
