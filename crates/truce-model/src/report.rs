//! Reports (one claim from one source), incidents (reports of one real event)
//! and findings (an incident judged against one commitment reading).

use crate::geometry::LatLon;
use crate::time::Period;
use crate::vocab::{
    Act, Confidence, Credibility, GeoPrecision, Means, Reliability, Stance, Status, TargetClass,
    TimePrecision,
};
use serde::{Deserialize, Serialize};

/// How a report got its coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Located {
    /// The source gave latitude and longitude.
    Given,
    /// The place name was found in the gazetteer.
    Gazetteer,
    /// Neither coordinates nor a known place: kept, but not on the map.
    Unlocated,
}

impl Located {
    pub const fn as_str(self) -> &'static str {
        match self {
            Located::Given => "given",
            Located::Gazetteer => "gazetteer",
            Located::Unlocated => "unlocated",
        }
    }

    pub fn parse(s: &str) -> Option<Located> {
        match s {
            "given" => Some(Located::Given),
            "gazetteer" => Some(Located::Gazetteer),
            "unlocated" => Some(Located::Unlocated),
            _ => None,
        }
    }
}

/// One claim from one source about one event, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub source: String,
    pub external_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<i64>,
    /// The instant as given (a bare date is its local midnight).
    pub occurred_at: i64,
    pub time_precision: TimePrecision,
    /// The interval the event lies in, from `occurred_at` and its precision.
    pub occurred: Period,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LatLon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub geo_precision: GeoPrecision,
    pub located: Located,
    pub act: Act,
    pub means: Means,
    /// The weapon as the source named it ("Shahed-136"), when it differs from the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means_text: Option<String>,
    pub target_class: TargetClass,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perpetrator: Option<String>,
    /// The party or organisation behind the source; two sources with the same
    /// claimant are one voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Credibility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Columns the canonical format does not define, kept as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<String>>))]
    pub extra: Vec<(String, String)>,
}

impl Report {
    /// Who speaks through this report: its claimant, or else its source.
    pub fn voice(&self) -> &str {
        self.claimant.as_deref().unwrap_or(&self.source)
    }

    /// Whether its grading lets it count towards corroboration (not E/F, not 5/6).
    /// Ungraded reports count; their grade is simply unknown.
    pub fn adequately_graded(&self) -> bool {
        !self.reliability.is_some_and(Reliability::is_weak)
            && !self.credibility.is_some_and(Credibility::is_weak)
    }
}

/// A report named the way people and other systems name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRef {
    pub source: String,
    pub external_id: String,
}

/// Reports that describe the same real event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable across replays: derived from the first report that formed it.
    pub id: String,
    /// Indices into the report list the incident was built from, in order.
    pub reports: Vec<usize>,
    /// When the event happened, as narrowed by all its reports.
    pub occurred: Period,
    /// The best-known place: that of its most precise located report.
    pub location: Option<LatLon>,
    pub geo_precision: GeoPrecision,
    pub place: Option<String>,
    pub act: Act,
    pub means: Means,
    pub target_class: TargetClass,
    pub target_name: Option<String>,
    /// Country and first-level region of the incident's place (ISO-style ids
    /// such as `UA` and `UA-63`), when it is on land the reference data covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// One step of the reasoning behind a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceStep {
    /// What was checked: `period`, `act`, `means`, `target`, `zone`, `party`,
    /// `sources`, `status`.
    pub check: String,
    /// `pass`, `fail` or `unknown`.
    pub outcome: String,
    /// The explanation in English: the record, as exported and logged.
    pub detail: String,
    /// The same explanation as messages an interface can put in its
    /// reader's language (each a Fluent identifier with its values, joined
    /// by "; "). Not serialised: `detail` is the record; this is only how a
    /// page says it.
    #[serde(skip)]
    pub said: Vec<Said>,
}

impl TraceStep {
    pub fn new(check: &str, outcome: Outcome, detail: impl Into<String>) -> TraceStep {
        TraceStep {
            check: check.to_string(),
            outcome: outcome.as_str().to_string(),
            detail: detail.into(),
            said: Vec::new(),
        }
    }

    /// The step with its explanation as messages, for translation.
    pub fn saying(mut self, said: impl IntoIterator<Item = Said>) -> TraceStep {
        self.said = said.into_iter().collect();
        self
    }
}

/// One message of an explanation: its identifier in the interface's message
/// files (`trace-…`) and its named values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Said {
    pub fn new(id: &'static str) -> Said {
        Said {
            id,
            args: Vec::new(),
        }
    }

    /// With one more value.
    pub fn arg(mut self, name: &'static str, value: Arg) -> Said {
        self.args.push((name, value));
        self
    }
}

/// A value in an explanation, typed so that an interface can say it in its
/// reader's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: an identifier, a name, a number already formatted.
    Text(String),
    /// A count, which also picks a message's plural form.
    Count(u64),
    /// Vocabulary values of one kind (`act`, `means`, `target`, `status`,
    /// `confidence`, `check`), each said as its label.
    Codes(&'static str, Vec<String>),
    /// Scope patterns over one kind of vocabulary (`means`, `target`).
    Patterns(&'static str, Vec<crate::Pattern>),
    /// Parties by id, or other voices (sources) by name.
    Voices(Vec<String>),
    /// A commitment of the agreement, by id: said by its title.
    Commitment(String),
    /// A reading (commitment id, reading id): said by its title.
    Reading(String, String),
    /// A zone of the agreement, by id: said by its name.
    Zone(String),
    /// A moment (Unix seconds), said in the reader's time zone.
    Time(i64),
    /// Messages of their own, joined by "; ".
    Parts(Vec<Said>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Unknown,
}

impl Outcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
        }
    }
}

/// An incident judged against one reading of one commitment, for one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub incident_id: String,
    pub commitment_id: String,
    pub reading_id: String,
    /// The party alleged responsible (a party id), or `unknown`.
    pub party: String,
    pub status: Status,
    pub confidence: Confidence,
    /// The reports that counted, by source and external id.
    pub reports: Vec<ReportRef>,
    pub trace: Vec<TraceStep>,
}

/// A row that could not be accepted, kept so that nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub file: String,
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    pub value: Option<String>,
    pub reason: String,
    /// The row as it was read.
    pub raw: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.reason)
    }
}
