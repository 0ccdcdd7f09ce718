//! Exports of any filtered list (incidents, findings, reports) as CSV in
//! Truce's columns, CSV in ACLED's column order, GeoJSON (RFC 7946) or JSON
//! Lines. One implementation for `truce export` and the API: rows are
//! pulled from the store a page at a time by keyset (the lists' cursors) and
//! written to any `io::Write` as they come, so memory stays bounded whatever
//! the export's size. Every column is explained in docs/export.md.
//!
//! What a viewer sees follows the lists exactly: the filters carry the
//! viewer's visibility, the public gets coarsened coordinates and no
//! report text, link or extra columns.

use crate::filters::Filters;
use crate::{Error, Reference, Result};
use std::collections::BTreeMap;
use std::io::Write;
use truce_model::{GeoPrecision, LatLon, Status, public_point};
use truce_store::prelude::*;
use truce_store::{FindingFilter, FindingKey, FindingRow, IncidentRow, ReportRow, Visibility};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Incidents,
    Findings,
    Reports,
}

impl Kind {
    pub const ALL: [&'static str; 3] = ["incidents", "findings", "reports"];

    pub fn parse(s: &str) -> Result<Kind> {
        match s.trim() {
            "incidents" => Ok(Kind::Incidents),
            "findings" => Ok(Kind::Findings),
            "reports" => Ok(Kind::Reports),
            other => Err(Error::Filter(crate::filters::FilterError {
                field: "list".into(),
                message: format!("no list \"{other}\""),
                allowed: Kind::ALL.iter().map(|s| s.to_string()).collect(),
            })),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incidents => "incidents",
            Kind::Findings => "findings",
            Kind::Reports => "reports",
        }
    }
}

/// Which layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Truce's own columns.
    Csv,
    /// ACLED's columns in ACLED's order, then Truce's.
    Acled,
    /// RFC 7946 FeatureCollection with flat properties.
    GeoJson,
    /// One JSON object a line, Truce's columns.
    JsonLines,
}

impl Format {
    pub const ALL: [&'static str; 4] = ["csv", "acled", "geojson", "jsonl"];

    pub fn parse(s: &str) -> Result<Format> {
        match s.trim() {
            "csv" => Ok(Format::Csv),
            "acled" => Ok(Format::Acled),
            "geojson" => Ok(Format::GeoJson),
            "jsonl" => Ok(Format::JsonLines),
            other => Err(Error::Filter(crate::filters::FilterError {
                field: "format".into(),
                message: format!("no export format \"{other}\""),
                allowed: Format::ALL.iter().map(|s| s.to_string()).collect(),
            })),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv | Format::Acled => "text/csv; charset=utf-8",
            Format::GeoJson => "application/geo+json",
            Format::JsonLines => "application/jsonl",
        }
    }

    /// The file name ending a download gets.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Acled => "acled.csv",
            Format::GeoJson => "geojson",
            Format::JsonLines => "jsonl",
        }
    }
}

/// What to export, for whom.
#[derive(Debug, Clone)]
pub struct Export {
    pub kind: Kind,
    pub format: Format,
    pub filters: Filters,
    pub viewer: Visibility,
    /// Rows read from the store at a time (memory grows with it, not with
    /// the export).
    pub page: u64,
}

/// Rows read at a time by default.
pub const PAGE: u64 = 1000;

/// One value of a row: typed for JSON, written plainly in CSV.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Cell {
    fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Str(s.to_string()))
    }

    fn s(s: impl Into<String>) -> Cell {
        Cell::Str(s.into())
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Null => "".into(),
            Cell::Str(s) => s.as_str().into(),
            Cell::Int(n) => n.to_string().into(),
            // Rust prints the shortest text that reads back as the same
            // number: a rounded coordinate prints as written (45.05).
            // A whole number keeps its point (45.0), as JSON writers print it.
            Cell::Float(x) if x.fract() == 0.0 && x.is_finite() => format!("{x:.1}").into(),
            Cell::Float(x) => x.to_string().into(),
            Cell::Bool(b) => if *b { "true" } else { "false" }.into(),
        }
    }

    fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Cell::Null => out.write_all(b"null"),
            Cell::Str(s) => serde_json::to_writer(&mut *out, s).map_err(std::io::Error::other),
            Cell::Int(n) => write!(out, "{n}"),
            Cell::Float(x) if x.is_finite() => out.write_all(self.text().as_bytes()),
            Cell::Float(_) => out.write_all(b"null"),
            Cell::Bool(b) => out.write_all(if *b { b"true" } else { b"false" }),
        }
    }
}

/// The ACLED columns, in ACLED's order (as the adapter reads them).
pub use truce_ingest::acled::API_COLUMNS as ACLED_COLUMNS;

/// The place and time columns shared by incidents and findings.
const INCIDENT_COLUMNS: [&str; 14] = [
    "start",
    "end",
    "lat",
    "lon",
    "geo_precision",
    "coarsened",
    "place",
    "country",
    "region",
    "act",
    "means",
    "target_class",
    "target_name",
    "report_count",
];

const FINDING_COLUMNS: [&str; 9] = [
    "id",
    "incident_id",
    "commitment_id",
    "reading_id",
    "perpetrator",
    "status",
    "rules_status",
    "decided_status",
    "confidence",
];

const REPORT_COLUMNS: [&str; 32] = [
    "id",
    "source",
    "external_id",
    "reported_at",
    "occurred_at",
    "start",
    "end",
    "time_precision",
    "lat",
    "lon",
    "geo_precision",
    "coarsened",
    "place",
    "located",
    "act",
    "means",
    "means_text",
    "target_class",
    "target_name",
    "perpetrator",
    "claimant",
    "stance",
    "reliability",
    "credibility",
    "killed",
    "injured",
    "text",
    "url",
    "extra",
    "incident_id",
    "log_index",
    "ingested_at",
];

/// Every commitment reading of the agreement, in its order.
fn readings(reference: &Reference) -> Vec<(String, String)> {
    reference
        .agreement
        .commitments
        .iter()
        .flat_map(|c| c.readings.iter().map(|r| (c.id.clone(), r.id.clone())))
        .collect()
}

/// Truce's own columns of a list, in order.
pub fn columns(kind: Kind, reference: &Reference) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    match kind {
        Kind::Incidents => {
            out.push("id".into());
            out.extend(INCIDENT_COLUMNS.iter().map(|s| s.to_string()));
            out.push("perpetrator".into());
            out.push("status".into());
            for (c, r) in readings(reference) {
                out.push(format!("rules.{c}.{r}"));
                out.push(format!("decided.{c}.{r}"));
            }
        }
        Kind::Findings => {
            out.extend(FINDING_COLUMNS.iter().map(|s| s.to_string()));
            out.extend(INCIDENT_COLUMNS.iter().map(|s| s.to_string()));
        }
        Kind::Reports => out.extend(REPORT_COLUMNS.iter().map(|s| s.to_string())),
    }
    out
}

/// All the columns a format writes.
pub fn header(kind: Kind, format: Format, reference: &Reference) -> Vec<String> {
    let own = columns(kind, reference);
    match format {
        // Truce's columns follow ACLED's, prefixed so that no name is
        // written twice (both have `country`, `region`, `geo_precision`).
        Format::Acled => ACLED_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .chain(own.into_iter().map(|c| format!("truce_{c}")))
            .collect(),
        _ => own,
    }
}

/// Writes the export; returns the number of rows written.
pub fn write(
    store: &dyn Store,
    reference: &Reference,
    ex: &Export,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut sink = Sink::new(ex.format, header(ex.kind, ex.format, reference), out)?;
    let mut ctx = Ctx {
        store,
        reference,
        viewer: &ex.viewer,
        public: ex.viewer == Visibility::Published,
        readings: readings(reference),
        evaluated_at: store.last_evaluation()?.map(|e| e.at),
        explained: None,
        sources: None,
    };
    let page = ex.page.max(1);
    match ex.kind {
        Kind::Incidents => {
            let mut f = FindingFilter {
                limit: Some(page),
                after: None,
                ..ex.filters.findings.clone()
            };
            loop {
                let rows = store.incidents(&f)?;
                for row in &rows {
                    let cells = ctx.incident_row(row, ex.format)?;
                    sink.row(&cells, ctx.point(row))?;
                }
                match rows.last() {
                    Some(last) if rows.len() as u64 == page => {
                        f.after = Some((last.incident.occurred.start, last.seq));
                    }
                    _ => break,
                }
            }
        }
        Kind::Findings => {
            let mut f = FindingFilter {
                limit: Some(page),
                after_finding: None,
                ..ex.filters.findings.clone()
            };
            // The incident of the previous row: findings of one incident
            // come together.
            let mut current: Option<IncidentRow> = None;
            loop {
                let rows = store.findings(&f)?;
                for row in &rows {
                    if current
                        .as_ref()
                        .is_none_or(|c| c.incident.id != row.incident_id)
                    {
                        current = store.incident(&row.incident_id)?;
                    }
                    let Some(inc) = current.as_ref() else {
                        // Gone between two reads (a concurrent evaluation).
                        continue;
                    };
                    let cells = ctx.finding_row(row, inc, ex.format)?;
                    sink.row(&cells, ctx.point(inc))?;
                }
                match (rows.last(), current.as_ref()) {
                    (Some(last), Some(inc)) if rows.len() as u64 == page => {
                        f.after_finding = Some(finding_key(last, inc));
                    }
                    _ => break,
                }
            }
        }
        Kind::Reports => {
            let mut f = truce_store::ReportFilter {
                limit: Some(page),
                before_id: None,
                ..ex.filters.reports.clone()
            };
            loop {
                let rows = store.reports_page(&f, &ex.viewer)?;
                for row in &rows {
                    let cells = ctx.report_row(row, ex.format);
                    sink.row(&cells, ctx.report_point(row))?;
                }
                match rows.last() {
                    Some(last) if rows.len() as u64 == page => f.before_id = Some(last.id),
                    _ => break,
                }
            }
        }
    }
    sink.finish()
}

/// The finding list's cursor at a row.
pub fn finding_key(row: &FindingRow, inc: &IncidentRow) -> FindingKey {
    FindingKey {
        start: inc.incident.occurred.start,
        seq: inc.seq,
        commitment: row.commitment_id.clone(),
        reading: row.reading_id.clone(),
        party: row.party.clone(),
    }
}

/// A place as a viewer may see it: the point, its precision as shown, and
/// whether it was coarsened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown {
    pub point: Option<LatLon>,
    pub precision: GeoPrecision,
    pub coarsened: bool,
}

/// Where a viewer may see a place. The public gets the agreement's grid
/// (never finer than the place's own precision); the precision shown is
/// then that of the grid cell, so a coarsened point is never called exact.
/// Coordinates are rounded to the decimals the precision supports.
pub fn shown(p: Option<LatLon>, precision: GeoPrecision, public: bool, public_deg: f64) -> Shown {
    let Some(p) = p else {
        return Shown {
            point: None,
            precision,
            coarsened: false,
        };
    };
    if !public {
        let d = decimals(precision);
        return Shown {
            point: Some(LatLon::new(round(p.lat, d), round(p.lon, d))),
            precision,
            coarsened: false,
        };
    }
    let c = public_point(p, public_deg, precision.radius_km());
    // The cell's half-width in kilometres, from the snapped point's grid.
    let step = truce_model::public_step(public_deg, precision.radius_km());
    let half_km = step * 111.0 / 2.0;
    let coarse = [
        GeoPrecision::Settlement,
        GeoPrecision::NearSettlement,
        GeoPrecision::Region,
        GeoPrecision::Country,
    ]
    .into_iter()
    .find(|g| g.radius_km() >= half_km)
    .unwrap_or(GeoPrecision::Country);
    // Never finer than the place's own precision.
    let shown_precision = if precision.radius_km() > coarse.radius_km() {
        precision
    } else {
        coarse
    };
    // The grid's centres need one decimal more than the step has.
    let d = step_decimals(step);
    Shown {
        point: Some(LatLon::new(round(c.lat, d), round(c.lon, d))),
        precision: shown_precision,
        coarsened: true,
    }
}

fn step_decimals(step: f64) -> i32 {
    let mut d = 0;
    while d < 8 && ((step * 10f64.powi(d)).fract()).abs() > 1e-9 {
        d += 1;
    }
    d + 1
}

/// Decimals of a degree a precision supports: about a metre for an exact
/// point, a hundred metres for a settlement, a kilometre near one, ten
/// kilometres for a region, a hundred for a country.
pub fn decimals(p: GeoPrecision) -> i32 {
    match p {
        GeoPrecision::Exact => 5,
        GeoPrecision::Settlement => 3,
        GeoPrecision::NearSettlement => 2,
        GeoPrecision::Region => 1,
        GeoPrecision::Country => 0,
    }
}

/// Rounds to `d` decimals; the result prints as that decimal (45.05, not
/// 45.050000000000004), since it is the double nearest to it.
pub fn round(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    (x * m).round() / m
}

fn instant(t: i64) -> Cell {
    Cell::s(truce_model::time::format_instant(t))
}

struct Ctx<'a> {
    store: &'a dyn Store,
    reference: &'a Reference,
    viewer: &'a Visibility,
    public: bool,
    readings: Vec<(String, String)>,
    evaluated_at: Option<i64>,
    /// The last incident explained (for the rules' status of a finding with
    /// a verdict): its id and each finding's rules' status.
    explained: Option<(String, BTreeMap<String, Status>)>,
    /// The last incident's sources and ACLED fatalities, as the viewer may
    /// see its reports.
    sources: Option<(String, String, u32)>,
}

impl Ctx<'_> {
    fn place(&self, inc: &IncidentRow) -> Shown {
        shown(
            inc.incident.location,
            inc.incident.geo_precision,
            self.public,
            self.reference.agreement.public_precision_deg,
        )
    }

    fn point(&self, inc: &IncidentRow) -> Option<LatLon> {
        self.place(inc).point
    }

    fn report_place(&self, r: &ReportRow) -> Shown {
        shown(
            r.report.location,
            r.report.geo_precision,
            self.public,
            self.reference.agreement.public_precision_deg,
        )
    }

    fn report_point(&self, r: &ReportRow) -> Option<LatLon> {
        self.report_place(r).point
    }

    /// The rules' status and the decided one (when two adjudicators
    /// agreed) of a stored finding. Without a verdict the stored status is
    /// the rules'; with one, the rules' is recomputed from the evaluation's
    /// own inputs, as the incident page does.
    fn statuses(&mut self, f: &FindingRow) -> Result<(Status, Option<Status>)> {
        let Some(decided) = self.store.verdict(&f.id)? else {
            return Ok((f.status, None));
        };
        if self
            .explained
            .as_ref()
            .is_none_or(|(id, _)| *id != f.incident_id)
        {
            let map = crate::findings::explain(self.store, self.reference, &f.incident_id)?
                .map(|(_, xs)| xs.into_iter().map(|x| (x.id, x.evaluated)).collect())
                .unwrap_or_default();
            self.explained = Some((f.incident_id.clone(), map));
        }
        let rules = self
            .explained
            .as_ref()
            .and_then(|(_, m)| m.get(&f.id).copied())
            .unwrap_or(f.status);
        Ok((rules, Some(decided)))
    }

    fn incident_cells(&self, inc: &IncidentRow, out: &mut Vec<Cell>) {
        let i = &inc.incident;
        let s = self.place(inc);
        out.extend([
            instant(i.occurred.start),
            instant(i.occurred.end),
            s.point.map_or(Cell::Null, |p| Cell::Float(p.lat)),
            s.point.map_or(Cell::Null, |p| Cell::Float(p.lon)),
            Cell::s(s.precision.as_str()),
            Cell::Bool(s.coarsened),
            Cell::opt(i.place.as_deref()),
            Cell::opt(i.country.as_deref()),
            Cell::opt(i.region.as_deref()),
            Cell::s(i.act.as_str()),
            Cell::s(i.means.as_str()),
            Cell::s(i.target_class.as_str()),
            Cell::opt(i.target_name.as_deref()),
            Cell::Int(inc.report_count as i64),
        ]);
    }

    fn incident_row(&mut self, inc: &IncidentRow, format: Format) -> Result<Vec<Cell>> {
        // All of the incident's findings, whatever the filter selected it
        // by: the row says how it stands under every reading.
        let findings = self.store.findings(&FindingFilter {
            incident: Some(inc.incident.id.clone()),
            ..FindingFilter::default()
        })?;
        let mut parties: Vec<String> = findings.iter().map(|f| f.party.clone()).collect();
        parties.sort();
        parties.dedup();
        let mut worst: Option<Status> = None;
        let mut by_reading: BTreeMap<(String, String), PartyStatuses> = BTreeMap::new();
        for f in &findings {
            if worst.is_none_or(|w| rank(f.status) < rank(w)) {
                worst = Some(f.status);
            }
            let (rules, decided) = self.statuses(f)?;
            by_reading
                .entry((f.commitment_id.clone(), f.reading_id.clone()))
                .or_default()
                .push((f.party.clone(), rules, decided));
        }
        let mut out = Vec::new();
        if format == Format::Acled {
            let perpetrators: Vec<&str> = parties.iter().map(String::as_str).collect();
            self.acled_event(inc, &perpetrators, &mut out)?;
        }
        out.push(Cell::s(&inc.incident.id));
        self.incident_cells(inc, &mut out);
        out.push(Cell::s(parties.join(";")));
        out.push(worst.map_or(Cell::Null, |s| Cell::s(s.as_str())));
        for key in &self.readings {
            let xs = by_reading.get(key);
            out.push(statuses_cell(xs, |x| Some(x.1)));
            out.push(statuses_cell(xs, |x| x.2));
        }
        Ok(out)
    }

    fn finding_row(
        &mut self,
        f: &FindingRow,
        inc: &IncidentRow,
        format: Format,
    ) -> Result<Vec<Cell>> {
        let (rules, decided) = self.statuses(f)?;
        let mut out = Vec::new();
        if format == Format::Acled {
            self.acled_event(inc, &[f.party.as_str()], &mut out)?;
        }
        out.extend([
            Cell::s(&f.id),
            Cell::s(&f.incident_id),
            Cell::s(&f.commitment_id),
            Cell::s(&f.reading_id),
            Cell::s(&f.party),
            Cell::s(f.status.as_str()),
            Cell::s(rules.as_str()),
            decided.map_or(Cell::Null, |s| Cell::s(s.as_str())),
            Cell::s(f.confidence.as_str()),
        ]);
        self.incident_cells(inc, &mut out);
        Ok(out)
    }

    fn report_row(&self, row: &ReportRow, format: Format) -> Vec<Cell> {
        let r = &row.report;
        let s = self.report_place(row);
        let mut out = Vec::new();
        if format == Format::Acled {
            self.acled_report(row, &s, &mut out);
        }
        let hide = self.public;
        let extra = if hide || r.extra.is_empty() {
            Cell::Null
        } else {
            let m: serde_json::Map<String, serde_json::Value> = r
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            Cell::s(serde_json::Value::Object(m).to_string())
        };
        out.extend([
            Cell::Int(row.id),
            Cell::s(&r.source),
            Cell::s(&r.external_id),
            r.reported_at.map_or(Cell::Null, instant),
            instant(r.occurred_at),
            instant(r.occurred.start),
            instant(r.occurred.end),
            Cell::s(r.time_precision.as_str()),
            s.point.map_or(Cell::Null, |p| Cell::Float(p.lat)),
            s.point.map_or(Cell::Null, |p| Cell::Float(p.lon)),
            Cell::s(s.precision.as_str()),
            Cell::Bool(s.coarsened),
            Cell::opt(r.place.as_deref()),
            Cell::s(r.located.as_str()),
            Cell::s(r.act.as_str()),
            Cell::s(r.means.as_str()),
            Cell::opt(r.means_text.as_deref()),
            Cell::s(r.target_class.as_str()),
            Cell::opt(r.target_name.as_deref()),
            Cell::opt(r.perpetrator.as_deref()),
            Cell::opt(r.claimant.as_deref()),
            Cell::s(r.stance.as_str()),
            Cell::opt(r.reliability.map(|x| x.as_str())),
            Cell::opt(r.credibility.map(|x| x.as_str())),
            r.killed.map_or(Cell::Null, |n| Cell::Int(i64::from(n))),
            r.injured.map_or(Cell::Null, |n| Cell::Int(i64::from(n))),
            if hide {
                Cell::Null
            } else {
                Cell::opt(r.text.as_deref())
            },
            if hide {
                Cell::Null
            } else {
                Cell::opt(r.url.as_deref())
            },
            extra,
            Cell::opt(row.incident_id.as_deref()),
            row.log_index.map_or(Cell::Null, |n| Cell::Int(n as i64)),
            instant(row.ingested_at),
        ]);
        out
    }

    /// ACLED's columns for an incident (or a finding's incident), with the
    /// reports the viewer may see for sources and fatalities.
    fn acled_event(
        &mut self,
        inc: &IncidentRow,
        perpetrators: &[&str],
        out: &mut Vec<Cell>,
    ) -> Result<()> {
        let i = &inc.incident;
        // An incident's findings come together: its reports are read once.
        if self.sources.as_ref().is_none_or(|(id, _, _)| *id != i.id) {
            let reports = self.store.incident_report_rows(&i.id, self.viewer)?;
            let mut sources: Vec<&str> = reports.iter().map(|r| r.report.source.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            // ACLED keeps the most conservative count its sources give.
            let fatalities = reports
                .iter()
                .filter_map(|r| r.report.killed)
                .min()
                .unwrap_or(0);
            self.sources = Some((i.id.clone(), sources.join("; "), fatalities));
        }
        let (sources, fatalities) = match &self.sources {
            Some((_, s, f)) => (s.clone(), *f),
            None => (String::new(), 0),
        };
        let days = (i.occurred.end - i.occurred.start) as f64 / 86_400.0;
        let precision = if days <= 1.0 {
            1
        } else if days <= 7.0 {
            2
        } else {
            3
        };
        let s = self.place(inc);
        let notes = {
            let mut n = format!("{} on {}", i.act.as_str(), i.target_class.as_str());
            if let Some(t) = &i.target_name {
                n.push_str(&format!(" ({t})"));
            }
            if let Some(p) = &i.place {
                n.push_str(&format!(" at {p}"));
            }
            n.push_str(&format!("; means {}", i.means.as_str()));
            n
        };
        let acled = AcledEvent {
            id: i.id.clone(),
            start: i.occurred.start,
            time_precision: precision,
            act: i.act,
            means: i.means,
            target: i.target_class,
            perpetrators,
            country: i.country.as_deref(),
            region: i.region.as_deref(),
            place: i.place.as_deref(),
            shown: s,
            sources,
            notes,
            fatalities: i64::from(fatalities),
            timestamp: self.evaluated_at.unwrap_or(0),
        };
        self.acled_cells(&acled, out);
        Ok(())
    }

    fn acled_report(&self, row: &ReportRow, s: &Shown, out: &mut Vec<Cell>) {
        let r = &row.report;
        let perpetrators: Vec<&str> = r.perpetrator.as_deref().into_iter().collect();
        // Reports have no region of their own: the gazetteer's place of
        // their point is not stored, so admin1 and country stay empty.
        let acled = AcledEvent {
            id: format!("{}:{}", r.source, r.external_id),
            start: r.occurred.start,
            time_precision: r.time_precision.acled_code(),
            act: r.act,
            means: r.means,
            target: r.target_class,
            perpetrators: &perpetrators,
            country: None,
            region: None,
            place: r.place.as_deref(),
            shown: *s,
            sources: r.source.clone(),
            notes: if self.public {
                String::new()
            } else {
                r.text.clone().unwrap_or_default()
            },
            fatalities: r.killed.map_or(0, i64::from),
            timestamp: row.ingested_at,
        };
        self.acled_cells(&acled, out);
    }

    fn acled_cells(&self, e: &AcledEvent<'_>, out: &mut Vec<Cell>) {
        let tz = self.reference.timezone();
        let date = jiff::Timestamp::from_second(e.start)
            .map(|t| t.to_zoned(tz).date())
            .ok();
        let (event_type, sub_event_type) = acled_type(e.act, e.means);
        let disorder = if event_type == "Strategic developments" {
            "Strategic developments"
        } else {
            "Political violence"
        };
        let party_name = |id: &str| {
            self.reference
                .agreement
                .parties
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
        };
        let named: Vec<String> = e
            .perpetrators
            .iter()
            .filter_map(|p| party_name(p))
            .collect();
        let actor1 = named.first().cloned().unwrap_or_default();
        let assoc1 = named.iter().skip(1).cloned().collect::<Vec<_>>().join("; ");
        let inter1 = if actor1.is_empty() {
            ""
        } else {
            "State forces"
        };
        let civilian = e.target.as_str().starts_with("civilian.");
        let country_name = e
            .country
            .and_then(|c| self.reference.gazetteer.get(c))
            .map(|p| p.name.clone());
        let (actor2, inter2) = if civilian {
            (
                match &country_name {
                    Some(c) => format!("Civilians ({c})"),
                    None => "Civilians".to_string(),
                },
                "Civilians",
            )
        } else {
            (String::new(), "")
        };
        let interaction = match (inter1, inter2) {
            ("", _) => String::new(),
            (a, "") => format!("{a} only"),
            (a, b) => format!("{a}-{b}"),
        };
        let admin1 = e
            .region
            .and_then(|r| self.reference.gazetteer.get(r))
            .map(|p| p.name.clone());
        out.extend([
            Cell::s(&e.id),
            date.map_or(Cell::Null, |d| Cell::s(d.to_string())),
            date.map_or(Cell::Null, |d| Cell::Int(i64::from(d.year()))),
            Cell::Int(i64::from(e.time_precision)),
            Cell::s(disorder),
            Cell::s(event_type),
            Cell::s(sub_event_type),
            Cell::s(actor1),
            Cell::s(assoc1),
            Cell::s(inter1),
            Cell::s(actor2),
            Cell::s(""),
            Cell::s(inter2),
            Cell::s(interaction),
            Cell::s(if civilian { "Civilian targeting" } else { "" }),
            e.country
                .and_then(iso_numeric)
                .map_or(Cell::Null, |n| Cell::Int(i64::from(n))),
            Cell::s(if e.country.is_some_and(|c| c == "UA" || c == "RU") {
                "Europe"
            } else {
                ""
            }),
            Cell::opt(country_name.as_deref()),
            Cell::opt(admin1.as_deref()),
            Cell::s(""),
            Cell::s(""),
            Cell::opt(e.place),
            e.shown.point.map_or(Cell::Null, |p| Cell::Float(p.lat)),
            e.shown.point.map_or(Cell::Null, |p| Cell::Float(p.lon)),
            Cell::Int(i64::from(e.shown.precision.acled_code())),
            Cell::s(&e.sources),
            Cell::s(""),
            Cell::s(&e.notes),
            Cell::Int(e.fatalities),
            Cell::s(""),
            Cell::Int(e.timestamp),
        ]);
    }
}

struct AcledEvent<'a> {
    id: String,
    start: i64,
    time_precision: u8,
    act: truce_model::Act,
    means: truce_model::Means,
    target: truce_model::TargetClass,
    perpetrators: &'a [&'a str],
    country: Option<&'a str>,
    region: Option<&'a str>,
    place: Option<&'a str>,
    shown: Shown,
    sources: String,
    notes: String,
    fatalities: i64,
    timestamp: i64,
}

/// ACLED's event type and sub-event type for an act by its means (the
/// inverse of the ACLED adapter's reading, where one exists).
pub fn acled_type(
    act: truce_model::Act,
    means: truce_model::Means,
) -> (&'static str, &'static str) {
    use truce_model::Act;
    let m = means.as_str();
    let missile = m.starts_with("missile.") || m.starts_with("rocket.") || m == "artillery";
    match act {
        Act::Strike | Act::NavalOperation if missile => (
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        Act::Strike | Act::NavalOperation => ("Explosions/Remote violence", "Air/drone strike"),
        Act::Shelling => (
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        Act::Sabotage => (
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        Act::GroundAttack => ("Battles", "Armed clash"),
        Act::Interception => ("Strategic developments", "Disrupted weapons use"),
        Act::Launch | Act::Fire | Act::Other => ("Strategic developments", "Other"),
    }
}

/// ISO 3166-1 numeric codes of the countries the agreements concern.
fn iso_numeric(alpha2: &str) -> Option<u16> {
    Some(match alpha2 {
        "UA" => 804,
        "RU" => 643,
        "BY" => 112,
        "MD" => 498,
        "RO" => 642,
        "PL" => 616,
        "GE" => 268,
        "TR" => 792,
        "US" => 840,
        _ => return None,
    })
}

/// Most serious first, as the API ranks statuses.
fn rank(s: Status) -> usize {
    const ORDER: [Status; 8] = [
        Status::Confirmed,
        Status::Corroborated,
        Status::Disputed,
        Status::Alleged,
        Status::Insufficient,
        Status::Rejected,
        Status::OutsidePeriod,
        Status::NotCovered,
    ];
    ORDER.iter().position(|x| *x == s).unwrap_or(ORDER.len())
}

/// Under one reading: each party judged, the rules' status and the decided one.
type PartyStatuses = Vec<(String, Status, Option<Status>)>;

/// The statuses of one reading's findings: the status alone when one party
/// is judged, `party=status` pairs (by party) when several are.
fn statuses_cell(
    xs: Option<&PartyStatuses>,
    pick: impl Fn(&(String, Status, Option<Status>)) -> Option<Status>,
) -> Cell {
    let Some(xs) = xs else { return Cell::Null };
    let mut xs: Vec<&(String, Status, Option<Status>)> = xs.iter().collect();
    xs.sort_by(|a, b| a.0.cmp(&b.0));
    if let [one] = xs.as_slice() {
        return pick(one).map_or(Cell::Null, |s| Cell::s(s.as_str()));
    }
    let parts: Vec<String> = xs
        .iter()
        .filter_map(|x| pick(x).map(|s| format!("{}={}", x.0, s.as_str())))
        .collect();
    if parts.is_empty() {
        Cell::Null
    } else {
        Cell::s(parts.join(";"))
    }
}

/// Writes rows in one format.
struct Sink<'w> {
    format: Format,
    columns: Vec<String>,
    out: Out<'w>,
    rows: u64,
}

enum Out<'w> {
    // Boxed: the csv writer carries its own state, far larger than a buffer.
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Json(std::io::BufWriter<&'w mut dyn Write>),
}

impl<'w> Sink<'w> {
    fn new(format: Format, columns: Vec<String>, out: &'w mut dyn Write) -> Result<Sink<'w>> {
        let out = match format {
            // The csv crate buffers and quotes what needs it.
            Format::Csv | Format::Acled => Out::Csv(Box::new(
                csv::WriterBuilder::new()
                    .has_headers(false)
                    .buffer_capacity(64 * 1024)
                    .from_writer(out),
            )),
            Format::GeoJson | Format::JsonLines => {
                Out::Json(std::io::BufWriter::with_capacity(64 * 1024, out))
            }
        };
        let mut s = Sink {
            format,
            columns,
            out,
            rows: 0,
        };
        match &mut s.out {
            Out::Csv(w) => w.write_record(&s.columns).map_err(csv_error)?,
            Out::Json(o) if format == Format::GeoJson => o
                .write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")
                .map_err(io)?,
            Out::Json(_) => {}
        }
        Ok(s)
    }

    fn row(&mut self, cells: &[Cell], point: Option<LatLon>) -> Result<()> {
        let first = self.rows == 0;
        match &mut self.out {
            Out::Csv(w) => {
                for c in cells {
                    w.write_field(c.text().as_bytes()).map_err(csv_error)?;
                }
                w.write_record(None::<&[u8]>).map_err(csv_error)?;
            }
            Out::Json(o) => {
                if self.format == Format::GeoJson {
                    if !first {
                        o.write_all(b",\n").map_err(io)?;
                    }
                    o.write_all(b"{\"type\":\"Feature\",\"geometry\":")
                        .map_err(io)?;
                    match point {
                        // RFC 7946: longitude first.
                        Some(p) => write!(
                            o,
                            "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                            Cell::Float(p.lon).text(),
                            Cell::Float(p.lat).text()
                        )
                        .map_err(io)?,
                        None => o.write_all(b"null").map_err(io)?,
                    }
                    o.write_all(b",\"properties\":").map_err(io)?;
                    object(o, &self.columns, cells).map_err(io)?;
                    o.write_all(b"}").map_err(io)?;
                } else {
                    object(o, &self.columns, cells).map_err(io)?;
                    o.write_all(b"\n").map_err(io)?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(self) -> Result<u64> {
        match self.out {
            Out::Csv(mut w) => w.flush().map_err(io)?,
            Out::Json(mut o) => {
                if self.format == Format::GeoJson {
                    o.write_all(b"\n]}\n").map_err(io)?;
                }
                o.flush().map_err(io)?;
            }
        }
        Ok(self.rows)
    }
}

/// One row as a flat JSON object, in column order.
fn object(out: &mut dyn Write, columns: &[String], cells: &[Cell]) -> std::io::Result<()> {
    out.write_all(b"{")?;
    for (i, (name, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, name).map_err(std::io::Error::other)?;
        out.write_all(b":")?;
        cell.write_json(out)?;
    }
    out.write_all(b"}")
}

fn csv_error(e: csv::Error) -> Error {
    Error::Other(anyhow::Error::new(e).context("writing the export"))
}

fn io(e: std::io::Error) -> Error {
    Error::Other(anyhow::Error::new(e).context("writing the export"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounded_coordinates_print_as_decimals() {
        assert_eq!(round(45.050000000000004, 2).to_string(), "45.05");
        assert_eq!(round(30.523456789, 5).to_string(), "30.52346");
        assert_eq!(Cell::Float(round(0.1 + 0.2, 3)).text(), "0.3");
    }

    #[test]
    fn a_coarsened_point_is_never_exact() {
        let p = Some(LatLon::new(50.4501234, 30.5234567));
        let s = shown(p, GeoPrecision::Exact, true, 0.1);
        assert!(s.coarsened);
        assert_ne!(s.precision, GeoPrecision::Exact);
        assert_ne!(s.precision, GeoPrecision::Settlement);
        let pt = s.point.expect("point");
        assert_eq!(pt.lat.to_string(), "50.45");
        assert_eq!(pt.lon.to_string(), "30.55");
        // A region-wide place stays region-wide.
        let r = shown(p, GeoPrecision::Region, true, 0.1);
        assert_eq!(r.precision, GeoPrecision::Region);
        // The mission sees the place as precise as it is, without noise.
        let m = shown(p, GeoPrecision::Settlement, false, 0.1);
        assert!(!m.coarsened);
        assert_eq!(m.point.expect("point").lat.to_string(), "50.45");
    }

    #[test]
    fn acled_types_follow_the_means() {
        use truce_model::{Act, Means};
        assert_eq!(
            acled_type(Act::Strike, Means::MissileCruise).1,
            "Shelling/artillery/missile attack"
        );
        assert_eq!(
            acled_type(Act::Strike, Means::DroneLongRange).1,
            "Air/drone strike"
        );
        assert_eq!(
            acled_type(Act::Interception, Means::Unknown).0,
            "Strategic developments"
        );
    }
}
