//! Truce's engine: correlate reports into incidents, then judge every incident
//! against every commitment reading. Pure and deterministic: the same reports,
//! agreement and reference data give the same incidents and findings, with the
//! same ids, on any machine.

pub mod correlate;
pub mod evaluate;
pub mod index;
pub mod maritime;
pub mod names;
pub mod place;
pub mod regroup;
pub mod sensors;

pub use correlate::{
    CorrelateConfig, SweepKey, correlate, correlate_ranked, degrees_within, incident_id,
    incident_of, interacts, sweep_key, usable_point,
};
pub use evaluate::{Evaluator, UNKNOWN_PARTY, finding_id};
pub use index::{ChunkError, ChunkKey, Record, SpanClass};
pub use place::{Change, Known, PlaceStats, PlacedIndex, Placement, place};
pub use regroup::{Regroup, regroup};
pub use sensors::SensorConfig;

use truce_model::{Agreement, Finding, Incident, Report};

/// Everything one run of the engine produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub incidents: Vec<Incident>,
    pub findings: Vec<Finding>,
}

/// Correlates and evaluates. Evaluation is split across the available cores;
/// the findings come out in incident order whatever the split.
pub fn run(
    agreement: &Agreement,
    reports: &[Report],
    cfg: &CorrelateConfig,
    trace: bool,
) -> Outcome {
    let incidents = correlate(reports, cfg);
    let findings = evaluate_all(agreement, reports, &incidents, cfg, trace);
    Outcome {
        incidents,
        findings,
    }
}

/// Evaluates every incident (see [`Evaluator::evaluate`]).
pub fn evaluate_all(
    agreement: &Agreement,
    reports: &[Report],
    incidents: &[Incident],
    cfg: &CorrelateConfig,
    trace: bool,
) -> Vec<Finding> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || incidents.len() < 10_000 {
        let ev = Evaluator::new(agreement, cfg.clone());
        let mut out = Vec::with_capacity(incidents.len() * 4);
        for inc in incidents {
            ev.evaluate(reports, inc, trace, &mut out);
        }
        return out;
    }
    let chunk = incidents.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = incidents
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let ev = Evaluator::new(agreement, cfg.clone());
                    let mut out = Vec::with_capacity(part.len() * 4);
                    for inc in part {
                        ev.evaluate(reports, inc, trace, &mut out);
                    }
                    out
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            // A panic in a worker is a bug in the engine; surface it.
            match h.join() {
                Ok(part) => all.extend(part),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        all
    })
}
