//! Incremental evaluation: the reports that wait (new, or superseded since
//! they were placed) are placed into the stored incidents by
//! [`truce_engine::place`], which replays correlation over the stretch of
//! time they concern from the placement index; only the incidents that
//! change are judged again and stored. The result is the one a full
//! evaluation would store (`tests/incremental.rs` holds it to that).

use crate::pipeline::{self, CORRECT, MERGE, SPLIT};
use anyhow::Result;
use std::collections::{BTreeSet, HashMap};
use truce_engine::{Change, CorrelateConfig, Evaluator, Known, PlacedIndex, Record, SpanClass};
use truce_model::{Report, ReportRef};
use truce_store::prelude::*;
use truce_store::{EvaluationInfo, PlacementWrite};

/// Where the sites at which fire detections were seen are kept.
const DETECTION_SITES: &str = "detection_sites";

/// Adds the sites at which detections were seen to the recorded ones. The
/// record only grows: an evaluation that loses to a newer one, or a site
/// whose detections were withdrawn, leaves a site too many, which costs a
/// full evaluation, never a wrong result.
pub fn record_detection_sites(store: &mut dyn Store, found: BTreeSet<String>) -> Result<()> {
    let mut all = detection_sites(&*store)?.unwrap_or_default();
    let before = all.len();
    all.extend(found);
    if all.len() != before || store.meta(DETECTION_SITES)?.is_none() {
        store.set_meta(DETECTION_SITES, &serde_json::to_string(&all)?)?;
    }
    Ok(())
}

/// The sites at which detections were seen, as full evaluations recorded
/// them; None when none was recorded (or the record cannot be read).
fn detection_sites(store: &dyn Store) -> Result<Option<BTreeSet<String>>> {
    Ok(store
        .meta(DETECTION_SITES)?
        .and_then(|v| serde_json::from_str(&v).ok()))
}

/// What [`place_pending`] did.
pub enum Placed {
    Done(EvaluationInfo),
    /// Another process placed meanwhile: look again.
    Retry,
    /// Only a full evaluation can bring the results up to date.
    NeedsFull,
}

/// More waiting reports than placed ones are cheaper to evaluate in full
/// (placement replays at least what the batch spans, and reads back every
/// report of every incident it changes).
const FULL_SHARE: u64 = 1;

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
    // every incident tied to the site they were seen at. Placement leaves
    // that rule's results as they are, so it goes ahead only when the batch
    // holds no detection and ties no incident to such a site (checked below).
    let fire_sites = if store.has_act(truce_model::Act::Fire.as_str())? {
        match detection_sites(&*store)? {
            Some(sites) => sites,
            None => return Ok(Placed::NeedsFull),
        }
    } else {
        BTreeSet::new()
    };
    // One view of the store for every question placement asks.
    store.begin_snapshot()?;
    let ready = place_in_snapshot(
        &*store,
        mark,
        last.reports,
        &stored.agreement,
        &fire_sites,
        progress,
    );
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
    let chunks: Vec<truce_store::IndexChunkWrite> = placement
        .chunks
        .iter()
        .map(|((class, bucket), data)| ((class.code(), *bucket), data.clone()))
        .collect();
    let write = PlacementWrite {
        since: mark,
        report_ids: &placement.ids,
        groups: &placement.groups,
        incidents: &incidents,
        findings: &findings,
        removed: &placement.removed,
        new_reports,
        chunks: &chunks,
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
    fire_sites: &BTreeSet<String>,
    progress: &dyn Fn(&str),
) -> Result<Option<Ready>> {
    // Read before the reports: every report entry below it is among them.
    let log_size = store.log_size()?;
    progress("placing new reports");
    let waiting = store.reports_logged_since(mark)?;
    if waiting.len() as u64 * FULL_SHARE > placed_reports.max(1) {
        return Ok(None);
    }
    let decisions = store.decisions_of(&[CORRECT, MERGE, SPLIT])?;
    let corrections = Corrections::new(&decisions);
    let sites = crate::workspace::sites(store)?;
    let cfg = CorrelateConfig::default();
    // Whether the sensor rule could judge a report's incident differently.
    let at_fire_site = |r: &Report| {
        truce_engine::sensors::is_detection(r)
            || (!fire_sites.is_empty()
                && truce_engine::sensors::linked_site(r, &sites, &cfg)
                    .is_some_and(|s| fire_sites.contains(&s)))
    };
    let mut batch = Vec::with_capacity(waiting.len());
    for (id, mut now) in waiting {
        corrections.apply(&mut now);
        let placed = match store.placed_version(id, mark)? {
            Some((mut was, _)) => {
                corrections.apply(&mut was);
                if at_fire_site(&was) {
                    return Ok(None);
                }
                Some(was.occurred)
            }
            None => None,
        };
        if at_fire_site(&now) {
            return Ok(None);
        }
        batch.push(Change {
            id,
            now: Some(now),
            placed,
        });
    }
    let new_reports = batch.iter().filter(|c| c.placed.is_none()).count() as u64;
    let regroups = pipeline::regroupings(&decisions);
    let mut index = StoreIndex {
        store,
        corrections: &corrections,
    };
    let mut placement = match truce_engine::place(&batch, &[], &regroups, &mut index, &cfg) {
        Ok(p) => p,
        // An index this version cannot read: a full evaluation writes it anew.
        Err(e) if e.downcast_ref::<truce_engine::ChunkError>().is_some() => return Ok(None),
        Err(e) => return Err(e),
    };
    // Every report of every incident rebuilt (those it replaces held the
    // same reports, or the batch's earlier versions checked above).
    if placement.reports.iter().any(at_fire_site) {
        return Ok(None);
    }
    let mut incidents = std::mem::take(&mut placement.incidents);
    pipeline::locate_incidents(&mut incidents);
    progress("judging the incidents that changed");
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
}

/// The store as the engine's placement asks it: the index's chunks, and
/// reports as they were placed, with the corrections correlation saw.
struct StoreIndex<'a> {
    store: &'a dyn Store,
    corrections: &'a Corrections,
}

impl PlacedIndex for StoreIndex<'_> {
    type Error = anyhow::Error;

    fn chunks(&mut self, class: SpanClass, from: i64, to: i64) -> Result<Vec<(i64, Vec<Record>)>> {
        let mut out = Vec::new();
        for (bucket, bytes) in self.store.index_chunks(class.code(), from, to)? {
            out.push((bucket, truce_engine::index::decode_chunk(&bytes)?));
        }
        Ok(out)
    }

    fn last_bucket(&mut self) -> Result<Option<i64>> {
        Ok(self.store.index_last_bucket()?)
    }

    fn reports(&mut self, ids: &[i64]) -> Result<Vec<(i64, Report)>> {
        Ok(self
            .store
            .placed_reports(ids)?
            .into_iter()
            .map(|mut p| {
                self.corrections.apply(&mut p.report);
                (p.id, p.report)
            })
            .collect())
    }

    fn members(&mut self, groups: &[i64]) -> Result<Vec<Known>> {
        Ok(self
            .store
            .placed_members(groups)?
            .into_iter()
            .map(|mut p| {
                self.corrections.apply(&mut p.report);
                Known {
                    id: p.id,
                    report: p.report,
                    group: p.group,
                }
            })
            .collect())
    }

    fn named(&mut self, refs: &[ReportRef]) -> Result<Vec<(ReportRef, i64, i64)>> {
        let ids = self.store.report_ids(refs)?;
        Ok(self
            .store
            .placed_reports(&ids)?
            .into_iter()
            .map(|p| {
                (
                    ReportRef {
                        source: p.report.source.clone(),
                        external_id: p.report.external_id.clone(),
                    },
                    p.id,
                    p.group,
                )
            })
            .collect())
    }
}
