//! An incident's findings with their rule traces. Bulk evaluation stores
//! statuses only; the reasons are recomputed when a finding is shown, from
//! exactly the inputs the stored evaluation used — the incident as stored,
//! its reports with every monitor's correction, the agreement and the sites
//! — so that the reason a page gives can never contradict the status beside
//! it. The command line and the server both call [`explain`].

use crate::{Reference, pipeline};
use serde::Serialize;
use std::collections::HashMap;
use truce_model::{Confidence, ReportRef, Status, TraceStep};
use truce_store::prelude::*;
use truce_store::{FindingFilter, IncidentRow};

/// A finding with its rule trace and the status shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explained {
    pub id: String,
    pub incident_id: String,
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    /// As shown: the decided status once two adjudicators agreed, else the
    /// rules'.
    pub status: Status,
    /// What the rules say, before any decision.
    pub evaluated: Status,
    pub confidence: Confidence,
    pub trace: Vec<TraceStep>,
    pub reports: Vec<ReportRef>,
}

/// The incident and its findings, explained; None if there is no such
/// incident.
pub fn explain(
    store: &dyn Store,
    reference: &Reference,
    incident: &str,
) -> anyhow::Result<Option<(IncidentRow, Vec<Explained>)>> {
    let Some(row) = store.incident(incident)? else {
        return Ok(None);
    };
    let mut reports = store.incident_reports(incident)?;
    // The corrections a full evaluation applies before correlating.
    let corrections = store.decisions_of(&[pipeline::CORRECT])?;
    pipeline::apply_corrections(&mut reports, &corrections);
    let mut inc = row.incident.clone();
    inc.reports = (0..reports.len()).collect();
    let ev = truce_engine::Evaluator::new(
        &reference.agreement,
        truce_engine::CorrelateConfig::default(),
    )
    .with_sites(&reference.sites);
    let mut judged = Vec::new();
    ev.evaluate(&reports, &inc, true, &mut judged);
    let stored: HashMap<String, Status> = store
        .findings(&FindingFilter {
            incident: Some(incident.to_string()),
            ..Default::default()
        })?
        .into_iter()
        .map(|f| (f.id, f.status))
        .collect();
    let explained = judged
        .into_iter()
        .map(|f| Explained {
            status: stored.get(&f.id).copied().unwrap_or(f.status),
            evaluated: f.status,
            id: f.id,
            incident_id: f.incident_id,
            commitment_id: f.commitment_id,
            reading_id: f.reading_id,
            party: f.party,
            confidence: f.confidence,
            trace: f.trace,
            reports: f.reports,
        })
        .collect();
    Ok(Some((row, explained)))
}
