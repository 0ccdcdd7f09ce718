//! The demo scenarios are designed to produce known findings; the engine must
//! produce every one of them. A change to correlation or evaluation that moves
//! any of these shows up here, scenario by scenario.

use truce_engine::{CorrelateConfig, run};
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, read_csv};
use truce_model::parse_agreement;
use truce_synth::demo::{demo_csv, demo_expectations};

#[test]
fn every_demo_scenario_gets_its_expected_findings() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../agreements");
    let text =
        std::fs::read_to_string(format!("{dir}/partial-truce-2025.toml")).expect("agreement");
    let load =
        |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).map_err(|e| e.to_string());
    let agreement = parse_agreement(&text, &load).expect("valid agreement");
    let signers = truce_ingest::canonical::Signers::default();
    let ctx = Context {
        tz: jiff::tz::TimeZone::get(&agreement.timezone).expect("tz"),
        gazetteer: Gazetteer::embedded(),
        signers: &signers,
    };
    let mut reports = Vec::new();
    read_csv(demo_csv().as_bytes(), "demo.csv", &ctx, |row| match row {
        Ok(a) => reports.push(a.report),
        Err(r) => panic!("demo row rejected: {r}"),
    })
    .expect("readable");
    let out = run(&agreement, &reports, &CorrelateConfig::default(), false);
    let incident_of = |source: &str, id: &str| {
        let k = reports
            .iter()
            .position(|r| r.source == source && r.external_id == id)
            .unwrap_or_else(|| panic!("no demo report {source}/{id}"));
        out.incidents
            .iter()
            .find(|i| i.reports.contains(&k))
            .map(|i| i.id.clone())
            .expect("every report is in an incident")
    };
    let expectations = demo_expectations();
    assert!(
        expectations.len() > 150,
        "only {} expectations",
        expectations.len()
    );
    let mut failures = Vec::new();
    for e in &expectations {
        let incident = incident_of(e.source, &e.external_id);
        let matching: Vec<_> = out
            .findings
            .iter()
            .filter(|f| f.incident_id == incident && f.commitment_id == e.commitment)
            .filter(|f| e.reading.is_none_or(|r| f.reading_id == r))
            .filter(|f| e.party.is_none_or(|p| f.party == p))
            .collect();
        if matching.is_empty() {
            failures.push(format!(
                "{}: no finding for {}/{:?}/{:?}",
                e.scenario, e.commitment, e.reading, e.party
            ));
        }
        for f in matching {
            if f.status.as_str() != e.status {
                failures.push(format!(
                    "{}: {}/{}/{} is {}, expected {}",
                    e.scenario, f.commitment_id, f.reading_id, f.party, f.status, e.status
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} expectations failed:\n{}",
        failures.len(),
        expectations.len(),
        failures.join("\n")
    );
}
