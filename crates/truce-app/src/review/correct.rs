//! Correct: a report's classification, as the mission reads it, for
//! judging. The report stays as it was received; the decision keeps the
//! original values.

use super::{DecisionOutcome, Taking, report_ref};
use crate::pipeline::{self, CORRECTABLE};
use crate::{Error, Result};
use truce_store::{Effect, Visibility};

pub(super) fn take(
    t: &mut Taking<'_>,
    rid: i64,
    given: &serde_json::Map<String, serde_json::Value>,
) -> Result<DecisionOutcome> {
    let row = t
        .store
        .report_row(rid, &Visibility::All)?
        .ok_or_else(|| Error::NotFound(format!("no report {rid}")))?;
    let mut fields = serde_json::Map::new();
    for (k, v) in given {
        if !CORRECTABLE.contains(&k.as_str()) {
            return Err(Error::BadRequest(format!(
                "\"{k}\" cannot be corrected; these can: {}",
                CORRECTABLE.join(", ")
            )));
        }
        // Empty form fields mean "leave as it is".
        if v.as_str().is_some_and(|s| !s.trim().is_empty()) {
            fields.insert(k.clone(), v.clone());
        }
    }
    if fields.is_empty() {
        return Err(Error::Unprocessable(
            "a correction needs at least one new value".into(),
        ));
    }
    let fields = serde_json::Value::Object(fields);
    let mut probe = row.report.clone();
    let wrong = pipeline::correct(&mut probe, &fields);
    if !wrong.is_empty() {
        return Err(Error::BadRequest(format!(
            "not a value Truce knows for: {}",
            wrong.join(", ")
        )));
    }
    let original = serde_json::json!({
        "act": row.report.act.as_str(),
        "means": row.report.means.as_str(),
        "target_class": row.report.target_class.as_str(),
        "target_name": row.report.target_name,
        "perpetrator": row.report.perpetrator,
    });
    let r = report_ref(&row.report);
    let body = serde_json::json!({
        "report": r,
        "report_id": rid,
        "fields": fields,
        "original": original,
    });
    // A correction changes what correlation sees of a report, which may
    // move it between incidents beyond its own: the next evaluation is a
    // full one.
    t.store.forget_placement()?;
    let Some(incident) = row.incident_id.as_deref() else {
        // Not yet in an incident: the next evaluation applies it.
        let d = t.record(None, None, body, Effect::None)?;
        return Ok(DecisionOutcome::of(d));
    };
    let old = [incident];
    let built = pipeline::rebuild(&*t.store, t.reference, &old, None, Some((&r, &fields)))?;
    t.record_regroup(Some(incident), body, &old, built)
}
