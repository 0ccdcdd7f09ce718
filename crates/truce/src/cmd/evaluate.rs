//! `truce evaluate`: correlate every report into incidents and judge each
//! incident against every commitment reading, replacing the stored results.

use crate::Outcome;
use crate::workspace;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;
use truce_store::EvaluationInfo;
use truce_store::prelude::*;

pub fn run(db: &str, json: bool) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let info = evaluate(&mut *store, json, true)?;
    if json {
        println!("{}", serde_json::to_string(&info)?);
    }
    Ok(Outcome::Ok)
}

pub use truce_app::pipeline::{evaluate_and_store, locate_incidents, reference_data_version};

/// Brings the results up to date: everything evaluated again when `full`,
/// else the waiting reports placed into the stored incidents where the store
/// allows. Quiet when `quiet`, else prints one line.
pub fn evaluate(store: &mut dyn Store, quiet: bool, full: bool) -> Result<EvaluationInfo> {
    // A spinner while a person waits (indicatif draws it only on a
    // terminal). Not decided by counting the reports: at ten million on
    // PostgreSQL the count alone took 2.4 s of a one-report ingest's 5.5 s.
    let spinner = if !quiet {
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
    let info = if full {
        truce_app::pipeline::evaluate_full(store, &say)?
    } else {
        truce_app::pipeline::evaluate(store, &say)?
    };
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    if !quiet {
        match info.placed {
            Some(n) => eprintln!(
                "Placed the new reports into the incidents, rebuilding those of {n} reports: now {} reports, {} incidents, {} findings (agreement version {}).",
                info.reports, info.incidents, info.findings, info.agreement_version
            ),
            None => eprintln!(
                "Evaluated {} reports: {} incidents, {} findings (agreement version {}).",
                info.reports, info.incidents, info.findings, info.agreement_version
            ),
        }
    }
    Ok(info)
}
