//! `truce demo`: a workspace built from the shipped agreement and the
//! illustrative demo data, run through the whole pipeline, then a compliance
//! summary.

use crate::Outcome;
use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::collections::BTreeMap;
use std::path::PathBuf;
use truce_model::{Agreement, Status, parse_agreement};
use truce_store::FindingFilter;
use truce_store::prelude::*;

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

pub fn run(out: Option<PathBuf>, serve: Option<String>) -> Result<Outcome> {
    if let Some(p) = &out
        && p.exists()
    {
        anyhow::bail!(
            "{} already exists; choose a new file for --out",
            p.display()
        );
    }
    let addr: Option<std::net::SocketAddr> =
        match &serve {
            None => None,
            Some(a) => Some(a.parse().with_context(|| {
                format!("--addr: \"{a}\" is not an address like 127.0.0.1:8080")
            })?),
        };
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
    truce_store::LogStore::set_meta(
        &mut *store,
        crate::workspace::SITES,
        &crate::workspace::sites_csv(&registry)?,
    )?;
    drop(store);
    let csv_path = dir.join("demo-reports.csv");
    std::fs::write(&csv_path, truce_synth::demo::demo_csv())
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    println!("Illustrative data: every report in this demo is invented for demonstration.\n");
    crate::cmd::ingest::run(&db, &[csv_path], None, false, true, false)?;
    // Ship positions in the Black Sea over the same days (invented too).
    let ais_path = dir.join("demo-ais.nmea");
    std::fs::write(&ais_path, truce_synth::ais::demo::FILE)
        .with_context(|| format!("cannot write {}", ais_path.display()))?;
    crate::cmd::ais::ingest(&db, &ais_path, None, false)?;
    let accounts = seed_review(&db)?;
    // A few statements wait for review, so the statements page has work.
    let statements_path = dir.join("demo-statements.jsonl");
    std::fs::write(&statements_path, truce_synth::demo::DEMO_STATEMENTS)
        .with_context(|| format!("cannot write {}", statements_path.display()))?;
    crate::cmd::statements::ingest(
        &db,
        &crate::cmd::statements::IngestArgs {
            file: statements_path,
            json: false,
            source: None,
            published_at: None,
            lang: None,
        },
    )?;
    let store = crate::workspace::open(&db)?;
    println!();
    print!("{}", compliance_summary(&*store, &agreement)?);
    drop(store);
    let Some(addr) = addr else {
        if out.is_some() {
            println!(
                "\nThe demo workspace is kept in {db}. Try:\n  truce --db {db} findings --status disputed\n  truce --db {db} serve\n  truce --db {db} log verify"
            );
        }
        return Ok(Outcome::Ok);
    };
    let config = truce_server::Config::new(&db, addr);
    crate::cmd::serve::serve(config, |bound| {
        let say = crate::cmd::serve::say;
        say(&format!(
            "\nThe dashboard is at http://{bound}/ (Ctrl-C to stop)."
        ));
        say("The public view needs no account. Demo accounts (passwords made for this run):");
        for (name, role, password) in &accounts {
            say(&format!("  {name:<14} {role:<26} {password}"));
        }
        if out.is_none() {
            say("The workspace is temporary; keep one with: truce demo --out demo.db");
        }
    })?;
    Ok(Outcome::Ok)
}

/// Creates the demo's accounts and takes a few decisions through the review
/// workflow, as a mission would: the two adjudicators confirm some findings
/// and publish the incidents the rules found corroborated. Returns the
/// accounts as (name, role, password).
fn seed_review(db: &str) -> Result<Vec<(String, String, String)>> {
    use truce_app::review::{self, Action, Actor, DecisionRequest};
    use truce_store::Role;
    let mut store = crate::workspace::open(db)?;
    let specs = [
        ("admin", "administrator", None),
        ("monitor", "monitor", None),
        ("adjudicator1", "adjudicator", None),
        ("adjudicator2", "adjudicator", None),
        ("ua-liaison", "liaison", Some("ua")),
        ("ru-liaison", "liaison", Some("ru")),
    ];
    let mut accounts = Vec::new();
    for (name, role, party) in specs {
        let password = truce_server::auth::random_secret()?[..16].to_string();
        truce_server::accounts::create(&mut *store, name, role, party, Some(&password))?;
        let shown = match party {
            Some(p) => format!("{role} ({p})"),
            None => role.to_string(),
        };
        accounts.push((name.to_string(), shown, password));
    }
    // Corroborated findings, most recent incidents first.
    let corroborated = store.findings(&FindingFilter {
        status: Some(Status::Corroborated),
        ..Default::default()
    })?;
    let mut incidents: Vec<String> = corroborated.iter().map(|f| f.incident_id.clone()).collect();
    incidents.dedup();
    // One confirmed finding per reading that has several corroborated ones,
    // so the demo still shows every status the rules give.
    let mut by_reading: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for f in &corroborated {
        by_reading
            .entry((&f.commitment_id, &f.reading_id))
            .or_default()
            .push(&f.id);
    }
    let confirm: Vec<String> = by_reading
        .values()
        .filter(|ids| ids.len() >= 3)
        .map(|ids| ids[0].to_string())
        .collect();
    let reference = truce_app::Reference::load(&*store)?;
    let mut decide = |who: &str, req: DecisionRequest| -> Result<()> {
        let actor = Actor {
            name: who,
            role: Role::Adjudicator,
        };
        review::decide(&mut *store, &reference, actor, &req)
            .map_err(|e| anyhow::anyhow!("demo decision: {e}"))?;
        Ok(())
    };
    for f in &confirm {
        for who in ["adjudicator1", "adjudicator2"] {
            decide(
                who,
                DecisionRequest {
                    action: Action::Confirm.as_str().into(),
                    finding: Some(f.clone()),
                    reason: "Party, monitor and independent reports agree on time, place and means (demo decision).".into(),
                    ..Default::default()
                },
            )?;
        }
    }
    for i in &incidents {
        decide(
            "adjudicator1",
            DecisionRequest {
                action: Action::Publish.as_str().into(),
                incident: Some(i.clone()),
                reason: "Corroborated by independent sources (demo decision).".into(),
                ..Default::default()
            },
        )?;
    }
    Ok(accounts)
}

/// Findings by commitment reading, party and status.
pub fn compliance_summary(store: &dyn Store, agreement: &Agreement) -> Result<String> {
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
