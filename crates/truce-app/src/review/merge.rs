//! Merge: the incidents are one event. The decision names every report they
//! hold, so it keeps its meaning through any later evaluation.

use super::{DecisionOutcome, Taking, report_ref};
use crate::{Error, Result, pipeline};
use truce_engine::Regroup;

pub(super) fn take(t: &mut Taking<'_>, ids: &[String]) -> Result<DecisionOutcome> {
    for id in ids {
        if t.store.incident_published(id)?.is_none() {
            return Err(Error::NotFound(format!("no incident {id}")));
        }
    }
    let old: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (_, reports) = t.store.reports_of_incidents(&old)?;
    let refs: Vec<_> = reports.iter().map(report_ref).collect();
    let built = pipeline::rebuild(
        &*t.store,
        t.reference,
        &old,
        Some(Regroup::Merge(refs.clone())),
        None,
    )?;
    let body = serde_json::json!({ "incidents": ids, "reports": refs });
    t.record_regroup(Some(&ids[0]), body, &old, built)
}
