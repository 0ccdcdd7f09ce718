//! The evaluation pipeline over a workspace: load the reports, apply the
//! monitors' corrections, correlate, apply merges and splits, locate, judge,
//! store. The command line and the server both run it, so that a finding
//! means the same whichever started the evaluation.

use crate::workspace;
use anyhow::Result;
use std::collections::HashMap;
use std::sync::mpsc;
use truce_engine::{CorrelateConfig, Evaluator, Regroup};
use truce_model::{Act, Agreement, Finding, Incident, Means, Report, ReportRef, TargetClass};
use truce_store::Decision;
use truce_store::EvaluationInfo;
use truce_store::prelude::*;

/// Decision actions that change what the engine sees.
pub const CORRECT: &str = "correct";
pub const MERGE: &str = "merge";
pub const SPLIT: &str = "split";

/// The version of the reference data an evaluation uses, recorded with it.
pub fn reference_data_version(store: &dyn Store) -> Result<String> {
    let gazetteer = workspace::gazetteer_version(store)?;
    Ok(match store.meta(workspace::SITES)? {
        None => format!("gazetteer:{gazetteer}"),
        Some(sites) => {
            use sha2::Digest;
            let d = sha2::Sha256::digest(sites.as_bytes());
            format!(
                "gazetteer:{gazetteer};sites:sha256:{}",
                hex::encode(&d[..8])
            )
        }
    })
}

/// Brings the stored results up to date with the reports and decisions so
/// far: reports that wait are placed into the stored incidents where the
/// store allows (see [`crate::place`]), else every report is evaluated again.
/// `progress` hears what stage it is at. When another process stored a newer
/// evaluation meanwhile, that one stands; this runs again only if reports
/// still wait.
pub fn evaluate(store: &mut dyn Store, progress: &dyn Fn(&str)) -> Result<EvaluationInfo> {
    run(store, progress, false)
}

/// Evaluates every report again (a new agreement version, new reference
/// data, or `truce evaluate`): what incremental placement is held to.
pub fn evaluate_full(store: &mut dyn Store, progress: &dyn Fn(&str)) -> Result<EvaluationInfo> {
    run(store, progress, true)
}

/// Places the reports that wait into the stored incidents; `None` when only a full evaluation can bring the
/// results up to date (the first one, a new agreement version or reference
/// data, a correction, or more waiting reports than placement is worth),
/// which the caller leaves to [`evaluate`] in the background.
pub fn place(store: &mut dyn Store) -> Result<Option<EvaluationInfo>> {
    // Another process placing at the same moment makes a retry; a few
    // suffice, as each one that loses finds the other's results stored.
    for _ in 0..4 {
        match crate::place::place_pending(store, &|_| {})? {
            crate::place::Placed::Done(info) => return Ok(Some(info)),
            crate::place::Placed::NeedsFull => return Ok(None),
            crate::place::Placed::Retry => {
                if store.pending_reports()? == 0 {
                    return Ok(store.last_evaluation()?);
                }
            }
        }
    }
    Ok(None)
}

fn run(store: &mut dyn Store, progress: &dyn Fn(&str), full: bool) -> Result<EvaluationInfo> {
    let info = run_once(store, progress, full)?;
    // What the run found is told to the webhooks' subscribers.
    crate::webhooks::detect_if_subscribed(store)?;
    Ok(info)
}

fn run_once(store: &mut dyn Store, progress: &dyn Fn(&str), full: bool) -> Result<EvaluationInfo> {
    let mut full = full;
    loop {
        let done = if full {
            evaluate_once(store, progress)?
        } else {
            match crate::place::place_pending(store, progress)? {
                crate::place::Placed::Done(info) => Some(info),
                crate::place::Placed::Retry => None,
                crate::place::Placed::NeedsFull => {
                    full = true;
                    continue;
                }
            }
        };
        if let Some(info) = done {
            return Ok(info);
        }
        if store.pending_reports()? == 0
            && let Some(info) = store.last_evaluation()?
        {
            return Ok(info);
        }
    }
}

/// Logs the reference data an evaluation uses when it changed, so that a
/// replay knows which gazetteer judged which reports; returns its version
/// and whether it changed.
pub fn log_reference_data(store: &mut dyn Store) -> Result<(String, bool)> {
    let reference = reference_data_version(store)?;
    if store.meta("logged_reference_data")?.as_deref() == Some(reference.as_str()) {
        return Ok((reference, false));
    }
    let body = serde_json::to_vec(&serde_json::json!({ "version": reference }))?;
    store.log_append(
        truce_store::log::KIND_REFERENCE,
        &truce_store::log::encode_entry(truce_store::log::KIND_REFERENCE, &body),
    )?;
    store.set_meta("logged_reference_data", &reference)?;
    workspace::sign_checkpoint_if_keyed(store)?;
    Ok((reference, true))
}

fn evaluate_once(store: &mut dyn Store, progress: &dyn Fn(&str)) -> Result<Option<EvaluationInfo>> {
    let stored = store.agreement()?;
    let (reference, _) = log_reference_data(store)?;
    progress("loading reports");
    // Read before the reports: every report entry below it is among them.
    let log_size = store.log_size()?;
    let (ids, mut reports) = store.reports(false)?;
    let decisions = store.decisions_of(&[CORRECT, MERGE, SPLIT])?;
    apply_corrections(&mut reports, &decisions);
    progress("correlating");
    let cfg = CorrelateConfig::default();
    // Database ids run in filing order: an incident is named by its
    // earliest-filed report, so it keeps its id when later reports join.
    let ranks = ranks(&ids);
    let incidents = truce_engine::correlate_ranked(&reports, &ranks, &cfg);
    let groups = groups(&ids, &incidents);
    let mut incidents =
        truce_engine::regroup(&reports, &ranks, incidents, &regroupings(&decisions), &cfg);
    if reports.iter().any(truce_engine::sensors::is_detection) {
        progress("placing fire detections");
        let sites = workspace::sites(store)?;
        let sensor = truce_engine::SensorConfig::default();
        // Before the results: placement trusts this list once they are stored.
        crate::place::record_detection_sites(
            store,
            truce_engine::sensors::detection_sites(&reports, &sites, &sensor),
        )?;
        truce_engine::sensors::attach(&reports, &ranks, &mut incidents, &sites, &cfg, &sensor);
    }
    locate_incidents(&mut incidents);
    progress("evaluating and saving");
    let mut info = EvaluationInfo {
        at: jiff::Timestamp::now().as_second(),
        agreement_version: stored.version,
        reference_data: reference,
        reports: reports.len() as u64,
        incidents: incidents.len() as u64,
        findings: 0,
        log_size: Some(log_size),
        placed: None,
    };
    let Some(findings) = evaluate_and_store(
        store,
        &stored.agreement,
        &reports,
        Members {
            report_ids: &ids,
            groups: &groups,
        },
        &incidents,
        &cfg,
        &info,
    )?
    else {
        return Ok(None);
    };
    info.findings = findings;
    Ok(Some(info))
}

/// Each report's correlation group, as placement reads it back: the id of
/// the first report (in the sweep) of the correlated incident holding it.
pub fn groups(ids: &[i64], correlated: &[Incident]) -> Vec<i64> {
    let mut out = vec![0; ids.len()];
    for inc in correlated {
        if let Some(&first) = inc.reports.first() {
            for &i in &inc.reports {
                out[i] = ids[first];
            }
        }
    }
    out
}

/// Filing ranks from database ids, which are given in filing order.
pub fn ranks(ids: &[i64]) -> Vec<u64> {
    ids.iter().map(|&id| id.max(0) as u64).collect()
}

/// The report a decision names, from its body's `report` or `reports`.
pub fn decision_reports(d: &Decision) -> Vec<ReportRef> {
    let one = d.body.get("report").cloned().into_iter();
    let many = d
        .body
        .get("reports")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    one.chain(many)
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// Merge and split decisions in the order they were taken.
pub fn regroupings(decisions: &[Decision]) -> Vec<Regroup> {
    decisions
        .iter()
        .filter_map(|d| match d.action.as_str() {
            MERGE => Some(Regroup::Merge(decision_reports(d))),
            SPLIT => Some(Regroup::Split(decision_reports(d))),
            _ => None,
        })
        .collect()
}

/// Classification fields a correction may change.
pub const CORRECTABLE: [&str; 5] = ["act", "means", "target_class", "target_name", "perpetrator"];

/// Applies one correction's fields to a report; returns the fields it could
/// not apply (an unknown value), which validation should have refused.
pub fn correct(report: &mut Report, fields: &serde_json::Value) -> Vec<String> {
    let mut bad = Vec::new();
    let Some(map) = fields.as_object() else {
        return bad;
    };
    for (k, v) in map {
        let s = v.as_str().map(str::trim).unwrap_or_default();
        let ok = match k.as_str() {
            "act" => Act::parse(s).map(|x| report.act = x).is_ok(),
            "means" => Means::parse(s).map(|x| report.means = x).is_ok(),
            "target_class" => TargetClass::parse(s)
                .map(|x| report.target_class = x)
                .is_ok(),
            "target_name" => {
                report.target_name = (!s.is_empty()).then(|| s.to_string());
                true
            }
            "perpetrator" => {
                report.perpetrator = (!s.is_empty()).then(|| s.to_string());
                true
            }
            _ => false,
        };
        if !ok {
            bad.push(k.clone());
        }
    }
    bad
}

/// Applies every correction, in the order taken, to the reports it names.
pub fn apply_corrections(reports: &mut [Report], decisions: &[Decision]) {
    let corrections: Vec<&Decision> = decisions.iter().filter(|d| d.action == CORRECT).collect();
    if corrections.is_empty() {
        return;
    }
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for d in &corrections {
        for r in decision_reports(d) {
            at.insert((r.source, r.external_id), usize::MAX);
        }
    }
    for (i, r) in reports.iter().enumerate() {
        if let Some(slot) = at.get_mut(&(r.source.clone(), r.external_id.clone())) {
            *slot = i;
        }
    }
    for d in corrections {
        let fields = d.body.get("fields").cloned().unwrap_or_default();
        for r in decision_reports(d) {
            if let Some(&i) = at.get(&(r.source, r.external_id))
                && let Some(rep) = reports.get_mut(i)
            {
                correct(rep, &fields);
            }
        }
    }
}

/// What ties the incidents' members to the store: the database id of each
/// report (in the order of the reports given), and its correlation group.
#[derive(Clone, Copy)]
pub struct Members<'a> {
    pub report_ids: &'a [i64],
    pub groups: &'a [i64],
}

/// Judges every incident and stores the results in one transaction. One
/// thread evaluates, incident by incident in order, while the calling
/// thread writes: findings are streamed, never all held in memory.
pub fn evaluate_and_store(
    store: &mut dyn Store,
    agreement: &Agreement,
    reports: &[Report],
    members: Members<'_>,
    incidents: &[Incident],
    cfg: &CorrelateConfig,
    info: &EvaluationInfo,
) -> Result<Option<u64>> {
    const BATCH: usize = 8192;
    // In the order the store keys them by (`seq`), so that it appends.
    let order: Vec<usize> = (0..incidents.len()).collect();
    // The placement index, as correlation saw the reports (corrected).
    let index: Vec<truce_store::IndexChunk> =
        truce_engine::index::chunks_from(reports, members.report_ids, members.groups)
            .into_iter()
            .map(|((class, bucket), data)| ((class.code(), bucket), data))
            .collect();
    let (tx, rx) = mpsc::sync_channel::<Vec<Finding>>(8);
    let sites = workspace::sites(store)?;
    let sites = &sites;
    std::thread::scope(|s| {
        s.spawn(move || {
            let ev = Evaluator::new(agreement, cfg.clone()).with_sites(sites);
            let mut batch = Vec::with_capacity(BATCH + 64);
            for &i in &order {
                ev.evaluate(reports, &incidents[i], false, &mut batch);
                if batch.len() >= BATCH {
                    // The receiver stops only on a store error, reported below.
                    if tx
                        .send(std::mem::replace(
                            &mut batch,
                            Vec::with_capacity(BATCH + 64),
                        ))
                        .is_err()
                    {
                        return;
                    }
                }
            }
            let _ = tx.send(batch);
        });
        let mut stream = rx.into_iter().flatten();
        let stored = store.replace_results(
            members.report_ids,
            members.groups,
            &index,
            incidents,
            &mut stream,
            info,
        );
        // Dropping the receiver lets the evaluating thread finish when the
        // store stopped early (an error, or a newer evaluation stored).
        drop(stream);
        Ok(stored?)
    })
}

/// Fills in each incident's country and first-level region from its place,
/// on every core.
pub fn locate_incidents(incidents: &mut [Incident]) {
    let regions = truce_geo::Regions::embedded();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = incidents.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for part in incidents.chunks_mut(chunk) {
            s.spawn(move || {
                for inc in part {
                    if let Some(hit) = inc.location.and_then(|p| regions.locate(p)) {
                        inc.country = Some(hit.country.to_string());
                        inc.region = hit.region.map(str::to_string);
                    }
                }
            });
        }
    });
}

/// Incidents rebuilt after a merge, split or correction, ready to replace
/// the old ones (in the decision's own transaction).
pub struct Rebuilt {
    /// Database ids of the reports the incidents' members point at.
    pub report_ids: Vec<i64>,
    pub incidents: Vec<Incident>,
    pub findings: Vec<Finding>,
}

/// Rebuilds the given incidents without re-running the whole evaluation:
/// their reports, with every correction so far (and `correction`, not yet
/// recorded), are regrouped by `regroup` and judged again.
pub fn rebuild(
    store: &dyn Store,
    reference: &crate::Reference,
    old: &[&str],
    regroup: Option<Regroup>,
    correction: Option<(&ReportRef, &serde_json::Value)>,
) -> Result<Rebuilt> {
    let cfg = CorrelateConfig::default();
    let mut report_ids = Vec::new();
    let mut reports = Vec::new();
    let mut current = Vec::new();
    // Start from the incidents as they are.
    for id in old {
        let (ids, rs) = store.reports_of_incidents(&[id])?;
        let members: Vec<usize> = (reports.len()..reports.len() + rs.len()).collect();
        report_ids.extend(ids);
        reports.extend(rs);
        current.push(members);
    }
    // Every correction so far applies to these reports, as in a full run.
    let corrections = store.decisions_of(&[CORRECT])?;
    apply_corrections(&mut reports, &corrections);
    if let Some((r, fields)) = correction
        && let Some(rep) = reports
            .iter_mut()
            .find(|x| x.source == r.source && x.external_id == r.external_id)
    {
        correct(rep, fields);
    }
    let ranks = ranks(&report_ids);
    let current = current
        .into_iter()
        .filter_map(|m| truce_engine::incident_of(&reports, &ranks, m, &cfg))
        .collect();
    // Built from the corrected reports, the incidents already follow a
    // correction; a merge or split regroups them.
    let mut incidents = match regroup {
        Some(g) => truce_engine::regroup(&reports, &ranks, current, &[g], &cfg),
        None => current,
    };
    locate_incidents(&mut incidents);
    let ev = Evaluator::new(&reference.agreement, cfg.clone()).with_sites(&reference.sites);
    let mut findings = Vec::new();
    for inc in &incidents {
        ev.evaluate(&reports, inc, false, &mut findings);
    }
    Ok(Rebuilt {
        report_ids,
        incidents,
        findings,
    })
}
