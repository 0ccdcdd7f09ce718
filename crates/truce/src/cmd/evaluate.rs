//! `truce evaluate`: correlate every report into incidents and judge each
//! incident against every commitment reading, replacing the stored results.

use crate::Outcome;
use crate::workspace;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::mpsc;
use std::time::Duration;
use truce_engine::CorrelateConfig;
use truce_engine::Evaluator;
use truce_model::{Agreement, Finding, Incident, Report};
use truce_store::{EvaluationInfo, SqliteStore, Store};

pub fn run(db: &str, json: bool) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let info = evaluate(&mut store, json)?;
    if json {
        println!("{}", serde_json::to_string(&info)?);
    }
    Ok(Outcome::Ok)
}

/// The version of the reference data an evaluation uses, recorded with it.
pub fn reference_data_version(store: &SqliteStore) -> Result<String> {
    let gazetteer = crate::workspace::gazetteer(store)?.version();
    Ok(match store.meta(crate::workspace::SITES)? {
        None => format!("gazetteer:{gazetteer}"),
        Some(sites) => {
            use sha2::Digest;
            let d = sha2::Sha256::digest(sites.as_bytes());
            let hex: String = d.iter().take(8).map(|b| format!("{b:02x}")).collect();
            format!("gazetteer:{gazetteer};sites:sha256:{hex}")
        }
    })
}

/// Runs the engine over the whole store. Quiet when `quiet`, else prints one line.
pub fn evaluate(store: &mut SqliteStore, quiet: bool) -> Result<EvaluationInfo> {
    let stored = store.agreement()?;
    let count = store.report_count()?;
    // A spinner only where a person would otherwise wait in silence.
    let spinner = if count > 50_000 && !quiet {
        let pb = ProgressBar::new_spinner();
        pb.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        Some(pb)
    } else {
        None
    };
    let say = |m: &str| {
        if let Some(pb) = &spinner {
            pb.set_message(m.to_string());
        }
    };
    // The reference data an evaluation uses goes on the log when it changes, so
    // that a replay knows which gazetteer judged which reports.
    let reference = reference_data_version(store)?;
    if store.meta("logged_reference_data")?.as_deref() != Some(reference.as_str()) {
        let body = serde_json::to_vec(&serde_json::json!({ "version": reference }))?;
        store.log_append(
            truce_store::log::KIND_REFERENCE,
            &truce_store::log::encode_entry(truce_store::log::KIND_REFERENCE, &body),
        )?;
        store.set_meta("logged_reference_data", &reference)?;
        let db = store.path().to_string();
        if crate::workspace::log_key_path(&db).exists() {
            crate::workspace::sign_checkpoint(store, &db)?;
        }
    }
    say("loading reports");
    let (ids, reports) = store.reports(false)?;
    say("correlating");
    let cfg = CorrelateConfig::default();
    let mut incidents = truce_engine::correlate(&reports, &cfg);
    locate_incidents(&mut incidents);
    say("evaluating and saving");
    let mut info = EvaluationInfo {
        at: jiff::Timestamp::now().as_second(),
        agreement_version: stored.version,
        reference_data: reference.clone(),
        reports: reports.len() as u64,
        incidents: incidents.len() as u64,
        findings: 0,
    };
    info.findings = evaluate_and_store(
        store,
        &stored.agreement,
        &reports,
        &ids,
        &incidents,
        &cfg,
        &info,
    )?;
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    if !quiet {
        eprintln!(
            "Evaluated {} reports: {} incidents, {} findings (agreement version {}).",
            info.reports, info.incidents, info.findings, info.agreement_version
        );
    }
    Ok(info)
}

/// Judges every incident and stores the results in one transaction. One
/// thread evaluates, incident by incident in id order, while the calling
/// thread writes: findings are streamed, never all held in memory.
pub fn evaluate_and_store(
    store: &mut SqliteStore,
    agreement: &Agreement,
    reports: &[Report],
    report_ids: &[i64],
    incidents: &[Incident],
    cfg: &CorrelateConfig,
    info: &EvaluationInfo,
) -> Result<u64> {
    const BATCH: usize = 8192;
    let mut order: Vec<usize> = (0..incidents.len()).collect();
    order.sort_unstable_by(|&a, &b| incidents[a].id.cmp(&incidents[b].id));
    let (tx, rx) = mpsc::sync_channel::<Vec<Finding>>(8);
    let sites = crate::workspace::sites(store)?;
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
        let mut stream = rx.iter().flatten();
        let stored = store.replace_results(report_ids, incidents, &mut stream, info);
        // Drain so the evaluating thread can finish if the store stopped early.
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
