//! Incremental evaluation: the reports that wait (new, or superseded since
//! they were placed) are placed into the stored incidents by
//! [`truce_engine::place`], which reads from the store only the reports they
//! can interact with; only the incidents that change are judged again and
//! stored. The result is the one a full evaluation would store
//! (`tests/incremental.rs` holds it to that).

use crate::pipeline::{self, CORRECT, MERGE, SPLIT};
use anyhow::Result;
use std::collections::HashMap;
use truce_engine::{Change, CorrelateConfig, Evaluator, Known, Neighbours};
use truce_model::{Report, ReportRef};
use truce_store::prelude::*;
use truce_store::{EvaluationInfo, NearQuery, PlacementWrite};

/// What [`place_pending`] did.
pub enum Placed {
    Done(EvaluationInfo),
    /// Another process placed meanwhile: look again.
    Retry,
    /// Only a full evaluation can bring the results up to date.
    NeedsFull,
}

/// More waiting reports than this share of the placed ones are cheaper
/// to evaluate in full: a batch's neighbourhood (every report it could
/// interact with, and their incidents) grows with the batch, and at one
/// twentieth of the workspace it holds most of it (docs/benchmarks.md).
const FULL_SHARE: u64 = 20;

/// Nor is a batch larger than this placed: its neighbourhood is most of a
/// workspace of any size this machine class holds.
const MAX_PLACED_BATCH: usize = 5000;

/// Places the reports that wait, when the stored incidents allow it.
pub fn place_pending(store: &mut dyn Store, progress: &dyn Fn(&str)) -> Result<Placed> {
    let Some(mark) = store.placement_mark()? else {
        return Ok(Placed::NeedsFull);
    };
    let stored = store.agreement()?;
    let (reference, changed) = pipeline::log_reference_data(store)?;
    let Some(last) = store.last_evaluation()? else {
        return Ok(Placed::NeedsFull);
    };
    if changed || last.agreement_version != stored.version || last.reference_data != reference {
        return Ok(Placed::NeedsFull);
    }
    // Fire detections are placed by the sensor rule after correlation, over
    // every incident at a site; placement does not follow it yet.
    if store.has_act(truce_model::Act::Fire.as_str())? {
        return Ok(Placed::NeedsFull);
    }
    // One view of the store for every question placement asks.
    store.begin_snapshot()?;
    let ready = place_in_snapshot(&*store, mark, last.reports, &stored.agreement, progress);
    store.end_snapshot()?;
    let Some(Ready {
        placement,
        incidents,
        findings,
        log_size,
        new_reports,
    }) = ready?
    else {
        return Ok(Placed::NeedsFull);
    };
    let info = EvaluationInfo {
        at: jiff::Timestamp::now().as_second(),
        agreement_version: stored.version,
        reference_data: reference,
        reports: 0,
        incidents: 0,
        findings: 0,
        log_size: Some(log_size),
        placed: None,
    };
    let write = PlacementWrite {
        since: mark,
        report_ids: &placement.ids,
        groups: &placement.groups,
        incidents: &incidents,
        findings: &findings,
        removed: &placement.removed,
        new_reports,
    };
    if store.apply_placement(&write, &info)?.is_none() {
        return Ok(Placed::Retry);
    }
    Ok(match store.last_evaluation()? {
        Some(info) => Placed::Done(EvaluationInfo {
            placed: Some(placement.ids.len() as u64),
            ..info
        }),
        None => Placed::Retry,
    })
}

/// What a placement stores: the engine's answer, the incidents it rebuilt
/// (located), their findings; and the log size it read up to.
struct Ready {
    placement: truce_engine::Placement,
    incidents: Vec<truce_model::Incident>,
    findings: Vec<truce_model::Finding>,
    log_size: u64,
    new_reports: u64,
}

/// Reads what waits and places it; `None` when the batch is too large to be
/// worth placing. Only reads.
fn place_in_snapshot(
    store: &dyn Store,
    mark: u64,
    placed_reports: u64,
    agreement: &truce_model::Agreement,
    progress: &dyn Fn(&str),
) -> Result<Option<Ready>> {
    // Read before the reports: every report entry below it is among them.
    let log_size = store.log_size()?;
    progress("placing new reports");
    let waiting = store.reports_logged_since(mark)?;
    if waiting.len() as u64 * FULL_SHARE > placed_reports.max(1) || waiting.len() > MAX_PLACED_BATCH
    {
        return Ok(None);
    }
    let decisions = store.decisions_of(&[CORRECT, MERGE, SPLIT])?;
    let corrections = Corrections::new(&decisions);
    let mut batch = Vec::with_capacity(waiting.len());
    for (id, mut now) in waiting {
        corrections.apply(&mut now);
        let before = store.placed_version(id, mark)?.map(|(mut r, g)| {
            corrections.apply(&mut r);
            (r, g)
        });
        batch.push(Change {
            id,
            now: Some(now),
            before,
        });
    }
    let new_reports = batch.iter().filter(|c| c.before.is_none()).count() as u64;
    let cfg = CorrelateConfig::default();
    let regroups = pipeline::regroupings(&decisions);
    let corrected: Vec<i64> = store.report_ids(&corrections.refs())?;
    let mut near = StoreNeighbours {
        store,
        mark,
        corrections: &corrections,
        corrected: Vec::new(),
        fine: [
            truce_model::GeoPrecision::Exact,
            truce_model::GeoPrecision::Settlement,
            truce_model::GeoPrecision::NearSettlement,
        ]
        .into_iter()
        .map(|p| cfg.radius(p))
        .fold(0.0, f64::max),
        wide: cfg.radius(truce_model::GeoPrecision::Region),
        cfg: &cfg,
        seen: Default::default(),
    };
    near.corrected = near.known(near.store.placed_reports(&corrected)?)?;
    let mut placement = truce_engine::place(&batch, &[], &regroups, &mut near, &cfg)?;
    let mut incidents = std::mem::take(&mut placement.incidents);
    pipeline::locate_incidents(&mut incidents);
    progress("judging the incidents that changed");
    let sites = crate::workspace::sites(store)?;
    let ev = Evaluator::new(agreement, cfg.clone()).with_sites(&sites);
    let mut findings = Vec::new();
    for inc in &incidents {
        ev.evaluate(&placement.reports, inc, false, &mut findings);
    }
    Ok(Some(Ready {
        placement,
        incidents,
        findings,
        log_size,
        new_reports,
    }))
}

/// The monitors' corrections by report, in the order taken.
struct Corrections {
    by_key: HashMap<(String, String), Vec<serde_json::Value>>,
}

impl Corrections {
    fn new(decisions: &[truce_store::Decision]) -> Corrections {
        let mut by_key: HashMap<(String, String), Vec<serde_json::Value>> = HashMap::new();
        for d in decisions.iter().filter(|d| d.action == CORRECT) {
            let fields = d.body.get("fields").cloned().unwrap_or_default();
            for r in pipeline::decision_reports(d) {
                by_key
                    .entry((r.source, r.external_id))
                    .or_default()
                    .push(fields.clone());
            }
        }
        Corrections { by_key }
    }

    fn apply(&self, r: &mut Report) {
        if self.by_key.is_empty() {
            return;
        }
        if let Some(all) = self.by_key.get(&(r.source.clone(), r.external_id.clone())) {
            for fields in all {
                pipeline::correct(r, fields);
            }
        }
    }

    fn refs(&self) -> Vec<ReportRef> {
        self.by_key
            .keys()
            .map(|(s, e)| ReportRef {
                source: s.clone(),
                external_id: e.clone(),
            })
            .collect()
    }
}

/// The store as the engine's placement asks it: reports as they were
/// placed, with the corrections correlation saw.
struct StoreNeighbours<'a> {
    store: &'a dyn Store,
    mark: u64,
    corrections: &'a Corrections,
    /// Corrected reports: a correction may give a report a target name the
    /// stored row lacks, so they are offered to every question.
    corrected: Vec<Known>,
    /// The widest radius of a fine point (exact to near a settlement), and
    /// of a region's point.
    fine: f64,
    wide: f64,
    cfg: &'a CorrelateConfig,
    /// Reports already answered to a nearness question.
    seen: std::collections::HashSet<i64>,
}

impl StoreNeighbours<'_> {
    fn known(&self, rows: Vec<truce_store::Placed>) -> Result<Vec<Known>> {
        let mut out = Vec::with_capacity(rows.len());
        for p in rows {
            // Changed since it was placed: the version placed is older.
            let (mut report, group) = if p.log_index >= self.mark {
                match self.store.placed_version(p.id, self.mark)? {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                (p.report, p.group)
            };
            self.corrections.apply(&mut report);
            out.push(Known {
                id: p.id,
                report,
                group,
            });
        }
        Ok(out)
    }
}

impl Neighbours for StoreNeighbours<'_> {
    type Error = anyhow::Error;

    fn near(&mut self, around: &[&Report]) -> Result<Vec<Known>> {
        let slack = 2 * self.cfg.time_slack_secs;
        let mut rows = Vec::new();
        for a in around {
            let named = a
                .target_name
                .as_deref()
                .is_some_and(|n| !truce_engine::names::name_tokens(n).is_empty());
            // A box around the report wide enough for any placed report of
            // the class: fine points (up to near a settlement), then
            // regions' points.
            let point = truce_engine::usable_point(a);
            let around = |radius: f64| {
                point.map(|p| {
                    let reach = truce_engine::place::reach_km(a, radius, self.cfg);
                    let (dlat, dlon) = truce_engine::degrees_within(p.lat, reach);
                    let (lo, hi) = if dlon >= 180.0 || p.lon - dlon < -180.0 || p.lon + dlon > 180.0
                    {
                        (-180.0, 180.0)
                    } else {
                        (p.lon - dlon, p.lon + dlon)
                    };
                    [p.lat - dlat, p.lat + dlat, lo, hi]
                })
            };
            let (fine, wide) = (around(self.fine), around(self.wide));
            if point.is_none() && !named {
                // No place and no name: it can join nothing placed.
                continue;
            }
            let seen = &self.seen;
            let found = self.store.placed_near(
                &NearQuery {
                    from: a.occurred.start.saturating_sub(slack),
                    to: a.occurred.end.saturating_add(slack),
                    fine,
                    wide,
                    any_named: point.is_none(),
                },
                &|id| seen.contains(&id),
            )?;
            // Each report is handed to the engine once: it keeps what it
            // was given, and ignores what it has.
            for p in found {
                if self.seen.insert(p.id) {
                    rows.push(p);
                }
            }
        }
        let mut out = self.known(rows)?;
        out.extend(self.corrected.iter().cloned());
        Ok(out)
    }

    fn members(&mut self, groups: &[i64]) -> Result<Vec<Known>> {
        let rows = self.store.placed_members(groups)?;
        self.seen.extend(rows.iter().map(|p| p.id));
        self.known(rows)
    }

    fn named(&mut self, refs: &[ReportRef]) -> Result<Vec<Known>> {
        let ids = self.store.report_ids(refs)?;
        let rows = self.store.placed_reports(&ids)?;
        self.known(rows)
    }
}
