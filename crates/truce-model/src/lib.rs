//! Truce's data model: the vocabularies, the agreement format, time intervals,
//! and the report, incident and finding records. Pure: no I/O, so every other
//! crate (and any party replaying the log) reads the same data the same way.

pub mod agreement;
pub mod fields;
pub mod geojson_layer;
pub mod geometry;
pub mod reason;
pub mod report;
pub mod time;
pub mod vocab;

pub use agreement::{
    Agreement, Commitment, CommitmentStatus, Diagnostic, Party, PartyResolver, Pattern, Reading,
    Scope, Translations, parse_agreement, text_in,
};
pub use geometry::{
    BBox, EARTH_MEAN_RADIUS_KM, LatLon, Polygon, Ring, Zone, public_point, public_step,
};
pub use report::{
    Arg, Finding, Incident, Located, Outcome, Rejection, Report, ReportRef, Said, TraceStep,
};
pub use time::{Period, PeriodRelation};
pub use vocab::{
    Act, Confidence, Credibility, GeoPrecision, Means, Reliability, Stance, Status, TargetClass,
    TimePrecision, UnknownTerm, alias_key, closest,
};
