//! `truce demo`: a workspace built from the shipped agreement and the
//! illustrative demo data, run through the whole pipeline, then a compliance
//! summary.

use crate::Outcome;
use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::collections::BTreeMap;
use std::path::PathBuf;
use truce_model::{Agreement, Status, parse_agreement};
use truce_store::{FindingFilter, SqliteStore, Store};

/// The shipped agreement, embedded so that the demo runs from any folder.
pub const AGREEMENT: &str = include_str!("../../../../agreements/partial-truce-2025.toml");
const BLACK_SEA: &str = include_str!("../../../../agreements/zones/black-sea.geojson");
/// The illustrative protected sites, embedded likewise.
const DEMO_SITES: &str = include_str!("../../../../agreements/sites/demo-sites.csv");

/// Parses the embedded agreement.
pub fn shipped_agreement() -> Result<Agreement> {
    let load = |name: &str| -> std::result::Result<String, String> {
        match name {
            "zones/black-sea.geojson" => Ok(BLACK_SEA.to_string()),
            other => Err(format!("{other} is not shipped with the demo")),
        }
    };
    parse_agreement(AGREEMENT, &load).map_err(|d| {
        let lines: Vec<String> = d
            .iter()
            .map(|x| format!("partial-truce-2025.toml:{x}"))
            .collect();
        anyhow::anyhow!("the shipped agreement is invalid:\n{}", lines.join("\n"))
    })
}

pub fn run(out: Option<PathBuf>) -> Result<Outcome> {
    if let Some(p) = &out
        && p.exists()
    {
        anyhow::bail!(
            "{} already exists; choose a new file for --out",
            p.display()
        );
    }
    // The data file (and, without --out, the workspace) live in a temporary
    // folder that goes away with the command.
    let tmp = tempfile::tempdir().context("cannot create a temporary folder")?;
    let dir = tmp.path().to_path_buf();
    let db_path = out.clone().unwrap_or_else(|| dir.join("truce-demo.db"));
    let db = db_path.to_string_lossy().into_owned();
    let agreement = shipped_agreement()?;
    let mut store = crate::workspace::create(&db, AGREEMENT, &agreement)?;
    let (sites, problems) = truce_geo::read_sites_csv(DEMO_SITES.as_bytes(), "demo-sites.csv");
    if let Some(p) = problems.first() {
        anyhow::bail!("the shipped demo sites are invalid: {p}");
    }
    let registry = truce_geo::SiteRegistry::from_sites(sites)
        .map_err(|e| anyhow::anyhow!("demo sites: {e}"))?;
    truce_store::Store::set_meta(
        &mut store,
        crate::workspace::SITES,
        &crate::workspace::sites_csv(&registry)?,
    )?;
    drop(store);
    let csv_path = dir.join("demo-reports.csv");
    std::fs::write(&csv_path, truce_ingest::demo::demo_csv())
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    println!("Illustrative data: every report in this demo is invented for demonstration.\n");
    crate::cmd::ingest::run(&db, &[csv_path], None, false, true)?;
    let store = SqliteStore::open(&db)?;
    println!();
    print!("{}", compliance_summary(&store, &agreement)?);
    if out.is_some() {
        println!(
            "\nThe demo workspace is kept in {db}. Try:\n  truce --db {db} findings --status disputed\n  truce --db {db} findings --json --commitment energy --reading ua --status corroborated\n  truce --db {db} log verify"
        );
    } else {
        println!("\nTo keep the workspace and explore it: truce demo --out demo.db");
    }
    Ok(Outcome::Ok)
}

/// Findings by commitment reading, party and status.
pub fn compliance_summary(store: &SqliteStore, agreement: &Agreement) -> Result<String> {
    let rows = store.findings(&FindingFilter::default())?;
    let mut counts: BTreeMap<(usize, usize, String), BTreeMap<Status, u64>> = BTreeMap::new();
    let pos = |c: &str, r: &str| {
        agreement
            .commitments
            .iter()
            .enumerate()
            .find(|(_, x)| x.id == c)
            .map(|(ci, x)| (ci, x.readings.iter().position(|y| y.id == r).unwrap_or(0)))
            .unwrap_or((usize::MAX, 0))
    };
    for f in &rows {
        let (ci, ri) = pos(&f.commitment_id, &f.reading_id);
        *counts
            .entry((ci, ri, f.party.clone()))
            .or_default()
            .entry(f.status)
            .or_default() += 1;
    }
    let statuses = [
        Status::Confirmed,
        Status::Corroborated,
        Status::Alleged,
        Status::Disputed,
        Status::Insufficient,
        Status::OutsidePeriod,
        Status::NotCovered,
    ];
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec!["commitment / reading".to_string(), "party".to_string()];
    header.extend(statuses.iter().map(|s| s.to_string()));
    t.set_header(header);
    for ((ci, ri, party), by_status) in &counts {
        let Some(c) = agreement.commitments.get(*ci) else {
            continue;
        };
        let r = &c.readings[*ri];
        let mut row = vec![format!("{} / {}", c.id, r.id), party.clone()];
        row.extend(
            statuses
                .iter()
                .map(|s| by_status.get(s).copied().unwrap_or(0).to_string()),
        );
        t.add_row(row);
    }
    let info = store.last_evaluation()?;
    let mut s = format!("Compliance summary: {}\n", agreement.title);
    if let Some(i) = info {
        s.push_str(&format!(
            "{} reports, {} incidents, {} findings; agreement version {}, reference data {}\n",
            i.reports, i.incidents, i.findings, i.agreement_version, i.reference_data
        ));
    }
    s.push_str(&format!("{t}\n"));
    Ok(s)
}
