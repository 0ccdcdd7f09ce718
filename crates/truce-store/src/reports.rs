//! Reports and rejections, as adapters hand them in and as the lists show
//! them.

use crate::{Hash, Result};
use serde::Serialize;
use truce_model::{Rejection, Report, ReportRef};

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
    /// The entry as the log keeps it at rest ([`log::pack_entry`]), also
    /// made by the caller, for the same reason.
    pub stored: &'a [u8],
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

/// A kept rejection, with when it was recorded.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredRejection {
    pub id: i64,
    pub at: i64,
    #[serde(flatten)]
    pub rejection: Rejection,
}

/// The grading a source's rows get at intake when they carry none (the
/// Admiralty scale: reliability A–F, credibility 1–6), set by an
/// administrator; rows already stored keep theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceDefault {
    pub source: String,
    pub reliability: Option<truce_model::Reliability>,
    pub credibility: Option<truce_model::Credibility>,
    pub note: String,
    pub updated_by: String,
    pub updated_at: i64,
}

/// A file (or feed, or API submission) some of whose rows were refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectionFile {
    pub file: String,
    pub rows: u64,
    /// When its latest refused row was stored (Unix seconds).
    pub latest: i64,
}

/// Whose view a query answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// The mission's staff: everything.
    All,
    /// A party's liaison: its own party's reports and everything published.
    Party(String),
    /// Anyone: published incidents only.
    Published,
}

impl Visibility {
    /// What an account may see (none: the public): the one rule, for a
    /// request's viewer and a webhook's audience alike.
    pub fn of(user: Option<&crate::User>) -> Visibility {
        match user {
            Some(u) if u.role.is_staff() => Visibility::All,
            Some(u) => Visibility::Party(u.party.clone().unwrap_or_default()),
            None => Visibility::Published,
        }
    }
}

/// A stored report with what the web shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    pub id: i64,
    #[serde(flatten)]
    pub report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
    pub ingested_at: i64,
}

/// Filters of the report list. The conditions on findings and incidents
/// (`commitment`, `reading`, `party`, `status`, `region`) match a report
/// whose incident matches them as in [`crate::FindingFilter`] (for any
/// viewer but the mission's staff, only an incident published); `bbox`
/// matches the report's own point.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub commitment: Option<String>,
    pub reading: Option<String>,
    pub party: Option<String>,
    pub status: Option<truce_model::Status>,
    /// A region id (`UA-63`) or country code (`RU`) of the report's incident.
    pub region: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`: reports placed inside.
    pub bbox: Option<[f64; 4]>,
    /// As [`crate::FindingFilter::bbox_grid`].
    pub bbox_grid: Option<f64>,
    pub source: Option<String>,
    /// Only reports of this act (an identifier such as `launch`).
    pub act: Option<String>,
    pub claimant: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub incident: Option<String>,
    /// Reports with a database id below this (the list runs newest first).
    pub before_id: Option<i64>,
    pub limit: Option<u64>,
    /// Reports whose words match (`q=`).
    pub text: Option<TextQuery>,
}

/// Reports and rejections.
pub trait ReportStore {
    /// Stores a batch of reports and rejections in one transaction, with the
    /// reports' log entries. A changed report supersedes the stored one only
    /// when both have the same filer, and not when both say when they were
    /// reported and the new one is older (a late-arriving old version);
    /// otherwise the row is refused and kept as a rejection. The same
    /// rejection is kept once however often it recurs.
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
    /// Database ids of every report of these incidents, and the reports.
    fn reports_of_incidents(&self, incidents: &[&str]) -> Result<(Vec<i64>, Vec<Report>)>;
    fn report_count(&self) -> Result<u64>;
    /// Whether any current report's act is `act` (an identifier such as `fire`).
    fn has_act(&self, act: &str) -> Result<bool>;
    /// Refused rows, oldest first.
    fn rejections(&self, limit: Option<u64>) -> Result<Vec<StoredRejection>>;
    /// Refused rows newest first, of one file if given, older than the row
    /// `before` if given (the next page).
    fn rejections_newest(
        &self,
        file: Option<&str>,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StoredRejection>>;
    /// Each file with refused rows: its name, how many, and when the latest
    /// was refused; the most recent first.
    fn rejection_files(&self) -> Result<Vec<RejectionFile>>;
    fn rejection_count(&self) -> Result<u64>;
    /// The gradings the mission gives a source's rows that carry none.
    fn source_defaults(&self) -> Result<Vec<SourceDefault>>;
    /// Sets (or, with neither grade, clears) a source's default grading.
    fn set_source_default(&mut self, d: &SourceDefault) -> Result<()>;
    /// Each source with stored reports, and how many: (source, reports).
    fn source_counts(&self) -> Result<Vec<(String, u64)>>;
    /// Reports stored since the last evaluation read them (after an
    /// interrupted run, or by another process): they wait for evaluation.
    fn pending_reports(&self) -> Result<u64>;
    /// Reports newest first (by database id), as the viewer may see them.
    fn reports_page(&self, f: &ReportFilter, v: &Visibility) -> Result<Vec<ReportRow>>;
    /// One report by database id, if the viewer may see it.
    fn report_row(&self, id: i64, v: &Visibility) -> Result<Option<ReportRow>>;
    /// The reports of one incident, with their ids, that the viewer may see.
    fn incident_report_rows(&self, incident: &str, v: &Visibility) -> Result<Vec<ReportRow>>;
    /// The database id of the report with this key, if any.
    fn report_id(&self, source: &str, external_id: &str) -> Result<Option<i64>>;
    /// Database ids of the reports named (those that exist), in the order named.
    fn report_ids(&self, refs: &[ReportRef]) -> Result<Vec<i64>>;
    /// Reports by source and claimant, as the viewer may see them.
    fn sources(&self, v: &Visibility) -> Result<Vec<(String, Option<String>, u64)>>;
    /// Whether the viewer may see a report from this source (a filter's
    /// check; a backend answers from an index rather than [`Self::sources`]).
    fn has_source(&self, source: &str, v: &Visibility) -> Result<bool> {
        Ok(self.sources(v)?.iter().any(|(s, _, _)| s == source))
    }
    /// Whether the viewer may see a report filed for this claimant.
    fn has_claimant(&self, claimant: &str, v: &Visibility) -> Result<bool> {
        Ok(self
            .sources(v)?
            .iter()
            .any(|(_, c, _)| c.as_deref() == Some(claimant)))
    }
    /// The incident a report belongs to in the current evaluation.
    fn incident_of_report(&self, report_id: i64) -> Result<Option<String>>;
}

/// Words to find in reports (`q=`): every word must begin a word of the
/// report's text, place or target name, in any case, so that a stem finds
/// the inflected forms Ukrainian and Russian give a noun ("обстріл" finds
/// "обстрілу"). Only letters and digits are kept: the query reaches the
/// full-text index as data, never as its syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    /// Lower-cased, at most [`TextQuery::MAX_WORDS`].
    pub words: Vec<String>,
    /// Search only the names the public is shown (place and target), not
    /// the free text it is not.
    pub names_only: bool,
}

impl TextQuery {
    pub const MAX_WORDS: usize = 8;
    pub const MAX_CHARS: usize = 200;
    /// A word shorter than this matches too much to be useful as a prefix.
    pub const MIN_WORD_CHARS: usize = 2;

    /// The words of `q`, or None when it has none; an error (in words)
    /// when it is too long or has too many words.
    pub fn parse(q: &str, names_only: bool) -> std::result::Result<Option<TextQuery>, String> {
        if q.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "a search may have at most {} characters",
                Self::MAX_CHARS
            ));
        }
        let words: Vec<String> = q
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= Self::MIN_WORD_CHARS)
            .map(str::to_lowercase)
            .collect();
        if words.len() > Self::MAX_WORDS {
            return Err(format!(
                "a search may have at most {} words",
                Self::MAX_WORDS
            ));
        }
        if words.is_empty() {
            return Ok(None);
        }
        Ok(Some(TextQuery { words, names_only }))
    }

    /// The query in SQLite FTS5's syntax: each word a quoted prefix, all
    /// required, in the name columns only when `names_only`.
    pub fn fts5(&self) -> String {
        let terms: Vec<String> = self.words.iter().map(|w| format!("\"{w}\"*")).collect();
        let all = terms.join(" AND ");
        if self.names_only {
            format!("{{place target_name}} : ({all})")
        } else {
            all
        }
    }

    /// The query as PostgreSQL's `to_tsquery('simple', …)` reads it.
    pub fn tsquery(&self) -> String {
        let terms: Vec<String> = self.words.iter().map(|w| format!("{w}:*")).collect();
        terms.join(" & ")
    }
}

#[cfg(test)]
mod text_query_tests {
    use super::TextQuery;

    #[test]
    fn keeps_letters_and_digits_of_any_script_only() {
        let q = TextQuery::parse("Обстріл \"x\" OR near(Sumy) -- 2025*", false)
            .unwrap()
            .unwrap();
        assert_eq!(q.words, ["обстріл", "or", "near", "sumy", "2025"]);
        assert_eq!(
            q.fts5(),
            "\"обстріл\"* AND \"or\"* AND \"near\"* AND \"sumy\"* AND \"2025\"*"
        );
        assert_eq!(q.tsquery(), "обстріл:* & or:* & near:* & sumy:* & 2025:*");
        let names = TextQuery::parse("Суджа", true).unwrap().unwrap();
        assert_eq!(names.fts5(), "{place target_name} : (\"суджа\"*)");
    }

    #[test]
    fn nothing_to_search_is_none_and_too_much_is_an_error() {
        assert_eq!(TextQuery::parse("  -- ! a ", false), Ok(None));
        assert!(
            TextQuery::parse(&"a b ".repeat(5), false)
                .unwrap()
                .is_none()
        );
        assert!(TextQuery::parse("aa bb cc dd ee ff gg hh ii", false).is_err());
        assert!(TextQuery::parse(&"x".repeat(201), false).is_err());
    }
}
