//! Statements under review: what the parties publish is stored with the
//! candidate reports read from it (the statement on the log, so that anyone
//! who reads the log can check which words a report was built from), and a
//! monitor accepts each candidate (with corrections) or rejects it. An
//! accepted candidate becomes a report through the one intake
//! ([`crate::ingest::Intake`]) and is placed like any other; its review entry
//! names the statement's entry, the spans, the proposed and the accepted
//! values. Candidates are never evaluated, listed or published before that.

use crate::{Error, Reference, Result};
use serde::Serialize;
use sha2::Digest;
use std::collections::BTreeMap;
use truce_ingest::canonical::Accepted;
use truce_ingest::statements::{Candidate, Extraction, Field, Span};
use truce_model::{
    Act, Credibility, GeoPrecision, LatLon, Located, Means, Reliability, Report, Stance,
    TargetClass, TimePrecision,
};
use truce_store::log::{KIND_STATEMENT, KIND_STATEMENT_REVIEW, MISSION, encode_entry};
use truce_store::prelude::*;
use truce_store::{CandidateReview, CandidateRow, CandidateStatus, NewStatement, Role};

/// Who may see and review candidates: the mission's reviewers. Liaisons and
/// the public never see a candidate.
pub const REVIEWERS: [Role; 2] = [Role::Monitor, Role::Adjudicator];

/// The fields a reviewer may correct before accepting, in the order a form
/// shows them.
pub const EDITABLE: [&str; 10] = [
    "place",
    "occurred_at",
    "time_precision",
    "act",
    "means",
    "target_class",
    "target_name",
    "perpetrator",
    "stance",
    "claimant",
];

/// What storing a batch of statements did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoredCounts {
    pub statements: u64,
    pub candidates: u64,
    /// Statements stored before (nothing written again).
    pub duplicates: u64,
}

/// The key by which a statement is known again: its source, publication
/// instant and text.
pub fn statement_key(source: &str, published_at: i64, text: &str) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    h.update(source.as_bytes());
    h.update([0x1f]);
    h.update(published_at.to_string().as_bytes());
    h.update([0x1f]);
    h.update(text.as_bytes());
    h.finalize().into()
}

/// Stores one statement read from `file` (a file's name, never a path) at
/// `line`, with its candidates awaiting review; `Ok(None)` when it is stored
/// already. Its entry holds the statement as published, salted like every
/// entry that only the mission may read.
pub fn store_statement(
    store: &mut dyn Store,
    reference: &Reference,
    e: &Extraction,
    file: &str,
    line: u64,
) -> Result<Option<i64>> {
    let st = &e.statement;
    let published_at = truce_model::time::parse_instant(&st.published_at, &reference.timezone())
        .map_err(|why| Error::BadRequest(format!("published_at: {why}")))?;
    let lang = e.lang.as_str();
    let body = serde_json::json!({
        "source": st.source,
        "published_at": truce_model::time::format_instant(published_at),
        "lang": lang,
        "url": st.url,
        "text": st.text,
        "file": file,
        "line": line,
        "span_unit": truce_ingest::statements::SPAN_UNIT,
        "salt": truce_store::log::salt(),
    });
    let entry = encode_entry(KIND_STATEMENT, body.to_string().as_bytes());
    truce_store::log::check_entry_len(&entry).map_err(Error::BadRequest)?;
    let candidates: Vec<serde_json::Value> = e
        .candidates
        .iter()
        .map(serde_json::to_value)
        .collect::<std::result::Result<_, _>>()
        .map_err(|err| Error::Other(err.into()))?;
    Ok(store.add_statement(&NewStatement {
        key: statement_key(&st.source, published_at, &st.text),
        source: &st.source,
        published_at,
        lang,
        url: st.url.as_deref(),
        text: &st.text,
        file,
        line,
        entry: &entry,
        candidates: &candidates,
    })?)
}

/// A candidate with its statement, as the review shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateView {
    #[serde(flatten)]
    pub candidate: CandidateRow,
    pub statement: truce_store::StoredStatement,
    /// The candidate's incident, once it is accepted and placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
}

fn may_review(role: Role) -> Result<()> {
    if REVIEWERS.contains(&role) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "only monitors and adjudicators review statements".into(),
        ))
    }
}

/// One candidate with its statement, for a reviewer.
pub fn view(store: &dyn Store, role: Role, id: i64) -> Result<CandidateView> {
    may_review(role)?;
    let candidate = store
        .candidate(id)?
        .ok_or_else(|| Error::NotFound(format!("there is no candidate {id}")))?;
    let statement = store.statement(candidate.statement_id)?.ok_or_else(|| {
        Error::Other(anyhow::anyhow!(
            "candidate {id} names a statement that is not stored"
        ))
    })?;
    let incident_id = match candidate.report_id {
        Some(r) => store.incident_of_report(r)?,
        None => None,
    };
    Ok(CandidateView {
        candidate,
        statement,
        incident_id,
    })
}

/// Candidates of one status, oldest first, after `after`, for a reviewer.
pub fn list(
    store: &dyn Store,
    role: Role,
    status: Option<CandidateStatus>,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<CandidateView>> {
    may_review(role)?;
    let rows = store.candidates(status, after, limit)?;
    let mut statements: BTreeMap<i64, truce_store::StoredStatement> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let statement = match statements.get(&c.statement_id) {
            Some(s) => s.clone(),
            None => {
                let s = store.statement(c.statement_id)?.ok_or_else(|| {
                    Error::Other(anyhow::anyhow!(
                        "candidate {} names a statement that is not stored",
                        c.id
                    ))
                })?;
                statements.insert(c.statement_id, s.clone());
                s
            }
        };
        let incident_id = match c.report_id {
            Some(r) => store.incident_of_report(r)?,
            None => None,
        };
        out.push(CandidateView {
            candidate: c,
            statement,
            incident_id,
        });
    }
    Ok(out)
}

/// A piece of a statement's text, and the fields read from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub fields: Vec<&'static str>,
}

/// The candidate's spans, as stored, that lie within `text` on character
/// boundaries (any other is left out rather than cut a character).
pub fn spans_of(proposed: &serde_json::Value, text: &str) -> Vec<(Field, Span)> {
    let Some(map) = proposed.get("spans").and_then(|s| s.as_object()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let (Ok(field), Ok(span)) = (
            serde_json::from_value::<Field>(serde_json::Value::String(k.clone())),
            serde_json::from_value::<Span>(v.clone()),
        ) else {
            continue;
        };
        if span.start < span.end && text.get(span.range()).is_some() {
            out.push((field, span));
        }
    }
    out
}

/// Cuts `text` at every span's ends, so that each piece is read from the
/// same fields throughout (spans may overlap: a count inside a tally's
/// words).
pub fn pieces<'a>(text: &'a str, spans: &[(Field, Span)]) -> Vec<Piece<'a>> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (_, s) in spans {
        cuts.push(s.start);
        cuts.push(s.end);
    }
    // A cut inside a character would lose text: such a span is not cut at.
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let fields = spans
            .iter()
            .filter(|(_, s)| s.start <= a && b <= s.end)
            .map(|(f, _)| f.as_str())
            .collect();
        out.push(Piece {
            text: piece,
            fields,
        });
    }
    out
}

/// An instant as the extractor writes a candidate's time: RFC 3339 in the
/// agreement's zone, so that an unchanged time compares equal.
pub fn local_rfc3339(t: i64, tz: &jiff::tz::TimeZone) -> String {
    match jiff::Timestamp::from_second(t) {
        Ok(ts) => ts
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Err(_) => t.to_string(),
    }
}

/// The proposed value of an editable field, as a form shows it.
pub fn proposed_value(c: &Candidate, field: &str) -> String {
    match field {
        "place" => c.place.clone().unwrap_or_default(),
        "occurred_at" => c.occurred_at.clone(),
        "time_precision" => c.time_precision.as_str().to_string(),
        "act" => c.act.as_str().to_string(),
        "means" => c.means.as_str().to_string(),
        "target_class" => c.target_class.as_str().to_string(),
        "target_name" => c.target_name.clone().unwrap_or_default(),
        "perpetrator" => c.perpetrator.clone().unwrap_or_default(),
        "stance" => c.stance.as_str().to_string(),
        "claimant" => c.claimant.clone(),
        _ => String::new(),
    }
}

/// The candidate as proposed, read back from what is stored.
pub fn proposed(row: &CandidateRow) -> Result<Candidate> {
    serde_json::from_value(row.proposed.clone()).map_err(|e| {
        Error::Other(anyhow::anyhow!(
            "the stored candidate {} cannot be read: {e}",
            row.id
        ))
    })
}

/// Applies a reviewer's values to a candidate: a value equal to the
/// proposed one, or an empty one for a vocabulary field, changes nothing.
/// Returns the fields changed; refuses an unknown field or value in words.
pub fn apply_corrections(
    c: &mut Candidate,
    given: &serde_json::Map<String, serde_json::Value>,
    reference: &Reference,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    for (k, v) in given {
        let Some(&field) = EDITABLE.iter().find(|f| **f == k.as_str()) else {
            return Err(Error::BadRequest(format!(
                "\"{k}\" cannot be corrected; these can: {}",
                EDITABLE.join(", ")
            )));
        };
        let value = match v {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Null => String::new(),
            other => {
                return Err(Error::BadRequest(format!(
                    "the {} must be text, not {other}",
                    label(field)
                )));
            }
        };
        // A vocabulary field left empty stays as proposed, as in a
        // correction; an empty place, name or perpetrator means none.
        const VOCABULARY: [&str; 5] = ["time_precision", "act", "means", "target_class", "stance"];
        if value == proposed_value(c, field) || (value.is_empty() && VOCABULARY.contains(&field)) {
            continue;
        }
        // A value outside a vocabulary is malformed (400); a name or time
        // that is well formed but names nothing known cannot be done (422).
        let bad = |what: String| Error::BadRequest(format!("{}: {what}", label(field)));
        let unknown = |what: String| Error::Unprocessable(format!("{}: {what}", label(field)));
        match field {
            "place" => {
                if value.is_empty() {
                    c.place = None;
                    c.place_id = None;
                    c.latitude = None;
                    c.longitude = None;
                    c.geo_precision = GeoPrecision::Country;
                } else {
                    let lookup = reference.gazetteer.lookup(&value, None);
                    // A gazetteer id names one place where a name names several.
                    let by_id = reference.gazetteer.get(&value);
                    let found = match (by_id, &lookup.resolution) {
                        (Some(p), _) => p,
                        (None, truce_geo::Resolution::Found(p)) => *p,
                        (None, truce_geo::Resolution::Ambiguous(many)) => {
                            // Each region once, by the name people know it by.
                            let mut regions: Vec<String> = Vec::new();
                            for p in many.iter() {
                                let name = p
                                    .region
                                    .as_deref()
                                    .and_then(|r| reference.gazetteer.get(r))
                                    .map_or_else(|| p.country.clone(), |r| r.name.clone());
                                if !regions.contains(&name) {
                                    regions.push(name);
                                }
                            }
                            let example = regions.first().cloned().unwrap_or_default();
                            if regions.len() == 1 || lookup.area.is_some() {
                                let ids: Vec<&str> =
                                    many.iter().take(6).map(|p| p.id.as_str()).collect();
                                return Err(unknown(format!(
                                    "\"{value}\" names several places in {example}; give the gazetteer id of the one meant: {}",
                                    ids.join(", ")
                                )));
                            }
                            regions.truncate(5);
                            return Err(unknown(format!(
                                "\"{value}\" names places in several regions ({}); add the region, as in \"{value}, {example}\"",
                                regions.join(", ")
                            )));
                        }
                        (None, truce_geo::Resolution::NotFound) => {
                            return Err(unknown(format!(
                                "the gazetteer has no place called \"{value}\""
                            )));
                        }
                    };
                    c.place = Some(found.name.clone());
                    c.place_id = Some(found.id.clone());
                    c.latitude = Some(found.point.lat);
                    c.longitude = Some(found.point.lon);
                    c.geo_precision = found.precision();
                }
            }
            "occurred_at" => {
                let t = truce_model::time::parse_instant(&value, &reference.timezone())
                    .map_err(unknown)?;
                let again = local_rfc3339(t, &reference.timezone());
                if again == c.occurred_at {
                    // The same instant written otherwise is no correction.
                    continue;
                }
                c.occurred_at = again;
            }
            "time_precision" => {
                c.time_precision = TimePrecision::parse(&value).map_err(|e| bad(e.to_string()))?
            }
            "act" => c.act = Act::parse(&value).map_err(|e| bad(e.to_string()))?,
            "means" => c.means = Means::parse(&value).map_err(|e| bad(e.to_string()))?,
            "target_class" => {
                c.target_class = TargetClass::parse(&value).map_err(|e| bad(e.to_string()))?
            }
            "stance" => c.stance = Stance::parse(&value).map_err(|e| bad(e.to_string()))?,
            "target_name" => c.target_name = (!value.is_empty()).then_some(value),
            "perpetrator" => {
                if !value.is_empty() && !reference.agreement.parties.iter().any(|p| p.id == value) {
                    return Err(unknown(format!(
                        "\"{value}\" is not a party of the agreement ({})",
                        party_ids(reference)
                    )));
                }
                c.perpetrator = (!value.is_empty()).then_some(value)
            }
            "claimant" => {
                if value.is_empty() {
                    return Err(unknown("say who makes the claim".into()));
                }
                c.claimant = value
            }
            _ => {}
        }
        changed.push(field);
    }
    Ok(changed)
}

fn party_ids(reference: &Reference) -> String {
    reference
        .agreement
        .parties
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field as people name it.
pub fn label(field: &str) -> &'static str {
    match field {
        "place" => "place",
        "occurred_at" => "time",
        "time_precision" => "time precision",
        "act" => "act",
        "means" => "means",
        "target_class" => "target",
        "target_name" => "target's name",
        "perpetrator" => "perpetrator",
        "stance" => "stance",
        "claimant" => "claimant",
        "launched" => "launched",
        "destroyed" => "destroyed",
        _ => "field",
    }
}

/// The grading a source's reports get by default: how the mission graded
/// the source's reports so far (the most frequent grade among its latest),
/// else, for a party's own statement, "fairly reliable, possibly true" (C3,
/// as for the other party-speaking sources), else none.
pub fn default_grading(
    store: &dyn Store,
    reference: &Reference,
    source: &str,
    claimant: &str,
) -> Result<(Option<Reliability>, Option<Credibility>)> {
    // What an administrator set for the source comes first.
    if let Some(d) = store
        .source_defaults()?
        .into_iter()
        .find(|d| d.source == source)
    {
        return Ok((d.reliability, d.credibility));
    }
    let rows = store.reports_page(
        &truce_store::ReportFilter {
            source: Some(source.to_string()),
            limit: Some(200),
            ..Default::default()
        },
        &truce_store::Visibility::All,
    )?;
    let mut count: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &rows {
        if let (Some(a), Some(b)) = (r.report.reliability, r.report.credibility) {
            *count
                .entry((a.as_str().to_string(), b.as_str().to_string()))
                .or_default() += 1;
        }
    }
    if let Some(((a, b), _)) = count.into_iter().max_by_key(|(k, n)| (*n, k.clone())) {
        return Ok((Reliability::parse(&a).ok(), Credibility::parse(&b).ok()));
    }
    if reference.agreement.parties.iter().any(|p| p.id == claimant) {
        return Ok((Reliability::parse("C").ok(), Credibility::parse("3").ok()));
    }
    Ok((None, None))
}

/// The report an accepted candidate becomes. Its key is the statement's log
/// entry and the candidate's place in it, so the same candidate always
/// names the same report.
fn report_of(
    c: &Candidate,
    statement: &truce_store::StoredStatement,
    row: &CandidateRow,
    grading: (Option<Reliability>, Option<Credibility>),
    reference: &Reference,
) -> Result<Report> {
    let tz = reference.timezone();
    let at = truce_model::time::parse_instant(&c.occurred_at, &tz)
        .map_err(|e| Error::BadRequest(format!("time: {e}")))?;
    let location = match (c.latitude, c.longitude) {
        (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
        _ => None,
    };
    let mut extra = vec![
        (
            "statement_entry".to_string(),
            statement.log_index.to_string(),
        ),
        ("candidate".to_string(), row.ordinal.to_string()),
    ];
    if let Some(n) = c.launched {
        extra.push(("launched".into(), n.to_string()));
    }
    if let Some(n) = c.destroyed {
        extra.push(("destroyed".into(), n.to_string()));
    }
    Ok(Report {
        source: statement.source.clone(),
        external_id: format!("statement-{}-{}", statement.log_index, row.ordinal),
        reported_at: Some(statement.published_at),
        occurred_at: at,
        time_precision: c.time_precision,
        occurred: truce_model::time::event_interval(at, c.time_precision, &tz),
        located: if location.is_some() {
            Located::Gazetteer
        } else {
            Located::Unlocated
        },
        location,
        place: c.place.clone(),
        geo_precision: c.geo_precision,
        act: c.act,
        means: c.means,
        means_text: c.means_text.clone(),
        target_class: c.target_class,
        target_name: c.target_name.clone(),
        perpetrator: c.perpetrator.clone(),
        claimant: Some(c.claimant.clone()),
        stance: c.stance,
        reliability: grading.0,
        credibility: grading.1,
        killed: None,
        injured: None,
        text: Some(statement.text.clone()),
        url: statement.url.clone(),
        extra,
    })
}

/// The fields a review entry records, proposed or accepted.
fn fields_json(c: &Candidate) -> serde_json::Value {
    serde_json::json!({
        "place": c.place,
        "place_id": c.place_id,
        "latitude": c.latitude,
        "longitude": c.longitude,
        "geo_precision": c.geo_precision.as_str(),
        "occurred_at": c.occurred_at,
        "time_precision": c.time_precision.as_str(),
        "act": c.act.as_str(),
        "means": c.means.as_str(),
        "means_text": c.means_text,
        "target_class": c.target_class.as_str(),
        "target_name": c.target_name,
        "perpetrator": c.perpetrator,
        "claimant": c.claimant,
        "stance": c.stance.as_str(),
        "launched": c.launched,
        "destroyed": c.destroyed,
    })
}

/// Who reviews.
#[derive(Debug, Clone, Copy)]
pub struct Reviewer<'a> {
    pub name: &'a str,
    pub role: Role,
}

/// What accepting a candidate did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptOutcome {
    pub candidate: i64,
    /// The report it became.
    pub report_id: i64,
    /// The review's entry on the log.
    pub log_index: u64,
    /// The fields corrected.
    pub corrected: Vec<String>,
    /// Its incident, when placement could place it now (else the next
    /// evaluation does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
}

/// What rejecting a candidate did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectOutcome {
    pub candidate: i64,
    /// The review's entry on the log.
    pub log_index: u64,
}

fn pending(store: &dyn Store, id: i64) -> Result<(CandidateRow, truce_store::StoredStatement)> {
    let row = store
        .candidate(id)?
        .ok_or_else(|| Error::NotFound(format!("there is no candidate {id}")))?;
    if row.status != CandidateStatus::Pending {
        return Err(Error::Conflict(format!(
            "candidate {id} was {} already",
            row.status.as_str()
        )));
    }
    let statement = store.statement(row.statement_id)?.ok_or_else(|| {
        Error::Other(anyhow::anyhow!(
            "candidate {id} names a statement that is not stored"
        ))
    })?;
    Ok((row, statement))
}

fn checked_reason(reason: &str, needed: bool) -> Result<&str> {
    let reason = reason.trim();
    if needed && reason.is_empty() {
        return Err(Error::BadRequest("a rejection needs a reason".into()));
    }
    if reason.len() > crate::review::MAX_REASON {
        return Err(Error::BadRequest(format!(
            "the reason is too long ({} bytes; at most {})",
            reason.len(),
            crate::review::MAX_REASON
        )));
    }
    Ok(reason)
}

fn review_refused(e: truce_store::StoreError) -> Error {
    match e {
        truce_store::StoreError::Refused(why) => Error::Conflict(why),
        other => Error::Store(other),
    }
}

/// Accepts a candidate, with the reviewer's corrections: the report it
/// becomes goes through the one intake (logged, stored), then the review is
/// logged with the statement's entry, the spans, and the proposed and the
/// accepted values; then the report is placed into its incident where
/// placement can (`incident_id` in the answer), else it waits for the next
/// evaluation. Should the two writes be cut apart (the process stopped
/// between them), accepting again finds the report stored and records the
/// review.
pub fn accept(
    store: &mut dyn Store,
    reference: &Reference,
    who: Reviewer<'_>,
    id: i64,
    corrections: &serde_json::Map<String, serde_json::Value>,
    reason: &str,
) -> Result<AcceptOutcome> {
    may_review(who.role)?;
    let reason = checked_reason(reason, false)?;
    let (row, statement) = pending(&*store, id)?;
    let original = proposed(&row)?;
    let mut accepted = original.clone();
    let corrected = apply_corrections(&mut accepted, corrections, reference)?;
    let grading = default_grading(&*store, reference, &statement.source, &accepted.claimant)?;
    let report = report_of(&accepted, &statement, &row, grading, reference)?;
    let fingerprint: [u8; 32] =
        sha2::Sha256::digest(serde_json::to_vec(&report).map_err(|e| Error::Other(e.into()))?)
            .into();
    let origin = crate::ingest::Origin::new(
        store,
        format!("statement:{}", statement.log_index),
        format!("candidate {id}"),
        MISSION,
    )?;
    let mut intake = crate::ingest::Intake::new(store, origin);
    let result = intake.push(vec![Ok(Accepted {
        line: u64::from(row.ordinal) + 1,
        report: report.clone(),
        fingerprint,
        signed: None,
    })])?;
    intake.finish()?;
    if let Some(r) = result.refused.first() {
        return Err(Error::Unprocessable(format!(
            "the report cannot be stored: {}",
            r.reason
        )));
    }
    let report_id = store
        .report_id(&report.source, &report.external_id)?
        .ok_or_else(|| Error::Other(anyhow::anyhow!("the accepted report was not stored")))?;
    let report_log_index = store
        .report_row(report_id, &truce_store::Visibility::All)?
        .and_then(|r| r.log_index);
    let at = jiff::Timestamp::now().as_second();
    let body = serde_json::json!({
        "at": at,
        "actor": store.pseudonym(who.name)?,
        "role": who.role.as_str(),
        "action": "accept",
        "candidate": id,
        "statement_entry": statement.log_index,
        "ordinal": row.ordinal,
        "span_unit": truce_ingest::statements::SPAN_UNIT,
        "spans": row.proposed.get("spans"),
        "basis": row.proposed.get("basis"),
        "proposed": fields_json(&original),
        "accepted": fields_json(&accepted),
        "corrected": corrected,
        "report": {"source": report.source, "external_id": report.external_id},
        "report_entry": report_log_index,
        "reason": reason,
        "salt": truce_store::log::salt(),
    });
    let entry = encode_entry(KIND_STATEMENT_REVIEW, body.to_string().as_bytes());
    let log_index = store
        .review_candidate(&CandidateReview {
            candidate: id,
            status: CandidateStatus::Accepted,
            report_id: Some(report_id),
            at,
            entry: &entry,
        })
        .map_err(review_refused)?;
    crate::workspace::sign_checkpoint_if_keyed(store)?;
    let incident_id = match crate::pipeline::place(store)? {
        Some(_) => store.incident_of_report(report_id)?,
        None => None,
    };
    Ok(AcceptOutcome {
        candidate: id,
        report_id,
        log_index,
        corrected: corrected.iter().map(|s| s.to_string()).collect(),
        incident_id,
    })
}

/// Rejects a candidate, for a reason; the rejection is logged with what was
/// proposed and the words it was read from.
pub fn reject(
    store: &mut dyn Store,
    who: Reviewer<'_>,
    id: i64,
    reason: &str,
) -> Result<RejectOutcome> {
    may_review(who.role)?;
    let reason = checked_reason(reason, true)?;
    let (row, statement) = pending(&*store, id)?;
    let original = proposed(&row)?;
    let at = jiff::Timestamp::now().as_second();
    let body = serde_json::json!({
        "at": at,
        "actor": store.pseudonym(who.name)?,
        "role": who.role.as_str(),
        "action": "reject",
        "candidate": id,
        "statement_entry": statement.log_index,
        "ordinal": row.ordinal,
        "span_unit": truce_ingest::statements::SPAN_UNIT,
        "spans": row.proposed.get("spans"),
        "basis": row.proposed.get("basis"),
        "proposed": fields_json(&original),
        "reason": reason,
        "salt": truce_store::log::salt(),
    });
    let entry = encode_entry(KIND_STATEMENT_REVIEW, body.to_string().as_bytes());
    let log_index = store
        .review_candidate(&CandidateReview {
            candidate: id,
            status: CandidateStatus::Rejected,
            report_id: None,
            at,
            entry: &entry,
        })
        .map_err(review_refused)?;
    crate::workspace::sign_checkpoint_if_keyed(store)?;
    Ok(RejectOutcome {
        candidate: id,
        log_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: usize, b: usize) -> Span {
        Span { start: a, end: b }
    }

    #[test]
    fn pieces_cut_at_every_span_and_keep_overlaps() {
        let text = "99 дронів збито над Харковом";
        let means_end = text.find(" збито").unwrap_or(0);
        let place = text.find("Харковом").unwrap_or(0);
        let spans = vec![
            (Field::Launched, span(0, 2)),
            (Field::Means, span(0, means_end)),
            (Field::Place, span(place, text.len())),
            // Inside a character: not cut at, and nothing is lost.
            (Field::Act, span(4, 6)),
        ];
        let p = pieces(text, &spans);
        let joined: String = p.iter().map(|x| x.text).collect();
        assert_eq!(joined, text, "the pieces are the whole text, in order");
        assert_eq!(p[0].text, "99");
        assert_eq!(p[0].fields, vec!["launched", "means"]);
        assert_eq!(p[1].text, " дронів");
        assert_eq!(p[1].fields, vec!["means"]);
        assert!(p[2].fields.is_empty());
        assert_eq!(p.last().map(|x| x.fields.clone()), Some(vec!["place"]));
    }

    #[test]
    fn spans_off_a_character_boundary_or_past_the_end_are_left_out() {
        let text = "Харків";
        let proposed = serde_json::json!({"spans": {"place": [0, 3], "act": [0, 40], "means": [0, 4], "nonsense": [0, 2]}});
        let s = spans_of(&proposed, text);
        assert_eq!(s, vec![(Field::Means, span(0, 4))]);
    }

    #[test]
    fn the_key_changes_with_source_time_or_text() {
        let k = statement_key("ua-airforce", 1, "a");
        assert_eq!(k, statement_key("ua-airforce", 1, "a"));
        assert_ne!(k, statement_key("ua-airforce", 2, "a"));
        assert_ne!(k, statement_key("ua-mod", 1, "a"));
        assert_ne!(k, statement_key("ua-airforce", 1, "b"));
    }
}
