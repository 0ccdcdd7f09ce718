//! Split: some reports of an incident are an event of their own.

use super::{DecisionOutcome, Taking, report_ref};
use crate::{Error, Result, pipeline};
use truce_engine::Regroup;

pub(super) fn take(t: &mut Taking<'_>, incident: &str, chosen: &[i64]) -> Result<DecisionOutcome> {
    if t.store.incident_published(incident)?.is_none() {
        return Err(Error::NotFound(format!("no incident {incident}")));
    }
    let (ids, reports) = t.store.reports_of_incidents(&[incident])?;
    let mut picked = Vec::new();
    for r in chosen {
        match ids.iter().position(|x| x == r) {
            Some(i) => picked.push(report_ref(&reports[i])),
            None => {
                return Err(Error::Unprocessable(format!(
                    "report {r} is not part of incident {incident}"
                )));
            }
        }
    }
    picked.sort();
    picked.dedup();
    let some_not_all = "choose some, but not all, of the incident's reports to split off";
    // Both are well-formed requests that cannot be carried out: 422, as the
    // API document promises for a decision the incident cannot take.
    if picked.is_empty() || picked.len() == ids.len() {
        return Err(Error::Unprocessable(some_not_all.into()));
    }
    let old = [incident];
    let built = pipeline::rebuild(
        &*t.store,
        t.reference,
        &old,
        Some(Regroup::Split(picked.clone())),
        None,
    )?;
    t.record_regroup(
        Some(incident),
        serde_json::json!({ "reports": picked }),
        &old,
        built,
    )
}
