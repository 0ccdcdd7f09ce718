//! Publish: an incident, its findings and the reports it holds now become
//! visible to the parties and the public. Reports that join it later wait
//! for the next publication; a merge or split never publishes a report.

use super::{DecisionOutcome, Taking, report_ref};
use crate::{Error, Result};
use truce_store::prelude::*;
use truce_store::{Decision, Effect, Visibility};

pub(super) fn take(t: &mut Taking<'_>, incident: &str) -> Result<DecisionOutcome> {
    if t.store.incident_published(incident)?.is_none() {
        return Err(Error::NotFound(format!("no incident {incident}")));
    }
    let ids = t.store.unpublished_reports(incident)?;
    if ids.is_empty() {
        return Err(Error::Conflict(format!(
            "incident {incident} and all its reports are already published"
        )));
    }
    let mut refs = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(r) = t.store.report_row(*id, &Visibility::All)? {
            refs.push(report_ref(&r.report));
        }
    }
    let d = t.record(
        Some(incident),
        None,
        serde_json::json!({ "reports": refs }),
        Effect::Publish { reports: &ids },
    )?;
    Ok(DecisionOutcome::of(d))
}

/// The reports (database ids) a publish decision covered: those it names,
/// or, for decisions taken before publications named their reports, those
/// its incident holds.
pub fn published_by(store: &dyn Store, d: &Decision) -> anyhow::Result<Vec<i64>> {
    match d.body.get("reports") {
        Some(_) => Ok(store.report_ids(&crate::pipeline::decision_reports(d))?),
        None => match d.incident_id.as_deref() {
            Some(i) => Ok(store.reports_of_incidents(&[i])?.0),
            None => Ok(Vec::new()),
        },
    }
}
