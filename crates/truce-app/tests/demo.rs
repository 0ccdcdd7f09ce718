//! The demo scenarios are designed to produce known findings; the pipeline
//! users get (the workspace, the one ingest, correction, correlation,
//! regrouping, locating, protected sites, evaluation and storing) must
//! produce every one of them. A change anywhere along it that moves any of
//! these shows up here, scenario by scenario.

use truce_app::{ingest, pipeline, workspace};
use truce_synth::demo::{demo_csv, demo_expectations};

fn agreements() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../agreements")
}

#[test]
fn every_demo_scenario_gets_its_expected_findings() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db").to_string_lossy().into_owned();
    let file = workspace::read_agreement(&agreements().join("partial-truce-2025.toml"))
        .expect("the shipped agreement");
    let mut store = workspace::create(&db, &file.text, &file.agreement).expect("workspace");
    let sites_text =
        std::fs::read_to_string(agreements().join("sites/demo-sites.csv")).expect("demo sites");
    let (sites, problems) = truce_geo::read_sites_csv(sites_text.as_bytes(), "demo-sites.csv");
    assert!(problems.is_empty(), "{problems:?}");
    let registry = truce_geo::SiteRegistry::from_sites(sites).expect("sites");
    store
        .set_meta(
            workspace::SITES,
            &workspace::sites_csv(&registry).expect("csv"),
        )
        .expect("sites stored");

    let signers = ingest::signers(&*store).expect("signers");
    let gazetteer = workspace::gazetteer(&*store).expect("gazetteer");
    let ctx = truce_ingest::canonical::Context {
        tz: workspace::timezone(&file.agreement),
        gazetteer: gazetteer.lazy(),
        signers: &signers,
    };
    let origin = ingest::Origin::new(&*store, "demo.csv", "demo.csv", truce_store::log::MISSION)
        .expect("origin");
    let csv = demo_csv();
    let (counts, rejected) = ingest::stream(&mut *store, origin, |sink| {
        truce_ingest::canonical::read_csv(csv.as_bytes(), "demo.csv", &ctx, sink)
    })
    .expect("ingest");
    assert!(rejected.is_empty(), "demo rows rejected: {rejected:?}");
    assert!(counts.accepted > 300);
    pipeline::evaluate(&mut *store, &|_| {}).expect("evaluate");

    let findings = store.findings(&Default::default()).expect("findings");
    let incident_of = |source: &str, id: &str| {
        let rid = store
            .report_id(source, id)
            .expect("lookup")
            .unwrap_or_else(|| panic!("no demo report {source}/{id}"));
        store
            .incident_of_report(rid)
            .expect("lookup")
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
        let matching: Vec<_> = findings
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
