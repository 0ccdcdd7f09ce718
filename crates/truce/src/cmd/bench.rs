//! `truce bench`: generate data, then time ingest and correlate+evaluate the
//! way a user runs them, and report throughput and peak memory. Results are
//! recorded in `docs/benchmarks.md`.

use crate::Outcome;
use anyhow::{Context, Result};
use serde::Serialize;
use std::time::Instant;
use truce_engine::CorrelateConfig;
use truce_store::{SqliteStore, Store};

#[derive(Serialize)]
struct Run {
    reports: usize,
    generate_s: f64,
    ingest_s: f64,
    ingest_reports_per_s: f64,
    load_s: f64,
    correlate_s: f64,
    evaluate_s: f64,
    correlate_evaluate_s: f64,
    /// Evaluating again while storing (the way `truce evaluate` does it).
    evaluate_and_save_s: f64,
    incidents: usize,
    findings: usize,
    peak_rss_mib: f64,
}

/// Peak resident memory of this process so far, from the kernel.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn run(
    sizes: &[usize],
    seed: u64,
    input: Option<&std::path::Path>,
    json: bool,
) -> Result<Outcome> {
    let agreement = crate::cmd::demo::shipped_agreement()?;
    let tz = crate::workspace::timezone(&agreement);
    let mut runs = Vec::new();
    let sizes: Vec<usize> = if input.is_some() {
        vec![0]
    } else {
        sizes.to_vec()
    };
    for n in sizes {
        let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
        let (csv, generate_s) = match input {
            Some(path) => (path.to_path_buf(), 0.0),
            None => {
                let csv = dir.path().join(format!("gen-{n}.csv"));
                let t = Instant::now();
                crate::cmd::generate::run(n, seed, &csv)?;
                (csv, t.elapsed().as_secs_f64())
            }
        };

        let db = dir.path().join("bench.db").to_string_lossy().into_owned();
        let mut store = SqliteStore::create(&db)?;
        store.put_agreement(crate::cmd::demo::AGREEMENT, &agreement)?;
        let size = std::fs::metadata(&csv)?.len();
        let shown = csv.display().to_string();
        let mut examples = Vec::new();
        let t = Instant::now();
        let counts = crate::cmd::ingest::ingest_file(
            &mut store,
            &csv,
            &shown,
            truce_ingest::canonical::Format::Csv,
            size,
            &tz,
            &mut examples,
        )?;
        let ingest_s = t.elapsed().as_secs_f64();
        if input.is_none() && counts.accepted as usize != n {
            anyhow::bail!(
                "ingest accepted {} of {n} generated reports: {:?}",
                counts.accepted,
                examples.first()
            );
        }

        let n = counts.accepted as usize;
        let t = Instant::now();
        let (ids, reports) = store.reports(false)?;
        let load_s = t.elapsed().as_secs_f64();
        let cfg = CorrelateConfig::default();
        let t = Instant::now();
        let incidents = truce_engine::correlate(&reports, &cfg);
        let correlate_s = t.elapsed().as_secs_f64();
        // Evaluation alone, on every core, into scratch buffers: the engine's
        // cost without storage.
        let t = Instant::now();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = incidents.len().div_ceil(threads).max(1);
        let findings: usize = std::thread::scope(|s| {
            let handles: Vec<_> = incidents
                .chunks(chunk)
                .map(|part| {
                    let (agreement, reports, cfg) = (&agreement, &reports, &cfg);
                    s.spawn(move || {
                        let ev = truce_engine::Evaluator::new(agreement, cfg.clone());
                        let mut scratch = Vec::new();
                        let mut n = 0;
                        for inc in part {
                            scratch.clear();
                            ev.evaluate(reports, inc, false, &mut scratch);
                            n += scratch.len();
                        }
                        n
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .sum()
        });
        let evaluate_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let info = truce_store::EvaluationInfo {
            at: 0,
            agreement_version: 1,
            reference_data: crate::cmd::evaluate::reference_data_version(),
            reports: reports.len() as u64,
            incidents: incidents.len() as u64,
            findings: 0,
        };
        crate::cmd::evaluate::evaluate_and_store(
            &mut store, &agreement, &reports, &ids, &incidents, &cfg, &info,
        )?;
        let save_s = t.elapsed().as_secs_f64();
        let run = Run {
            reports: n,
            generate_s,
            ingest_s,
            ingest_reports_per_s: n as f64 / ingest_s,
            load_s,
            correlate_s,
            evaluate_s,
            correlate_evaluate_s: correlate_s + evaluate_s,
            evaluate_and_save_s: save_s,
            incidents: incidents.len(),
            findings,
            peak_rss_mib: peak_rss_mib(),
        };
        if !json {
            eprintln!(
                "{n} reports: ingest {ingest_s:.2} s ({:.0} reports/s); load {load_s:.2} s; correlate {correlate_s:.2} s + evaluate {evaluate_s:.2} s = {:.2} s; evaluate and save {save_s:.2} s; {} incidents, {} findings; peak memory {:.0} MiB",
                run.ingest_reports_per_s,
                run.correlate_evaluate_s,
                run.incidents,
                run.findings,
                run.peak_rss_mib
            );
        }
        runs.push(run);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&runs)?);
    }
    Ok(Outcome::Ok)
}
