//! `truce sites import FILE...` and `truce sites list`: the protected
//! facilities a mission watches, from its own list, the Global Power Plant
//! Database's CSV, or GeoJSON.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result, bail};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::path::PathBuf;

pub fn import(db: &str, files: &[PathBuf]) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let mut registry = workspace::sites(&*store)?;
    let before = registry.len();
    let mut added = 0usize;
    let mut problems = 0usize;
    for path in files {
        let shown = path.display().to_string();
        let text = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
        let (sites, bad) = if shown.to_ascii_lowercase().ends_with(".csv") {
            truce_geo::read_sites_csv(&text[..], &shown)
        } else if shown.to_ascii_lowercase().ends_with(".geojson")
            || shown.to_ascii_lowercase().ends_with(".json")
        {
            truce_geo::read_sites_geojson(&String::from_utf8_lossy(&text), &shown)
        } else {
            bail!(
                "{shown}: name it .csv (Truce's list or the Global Power Plant Database) or .geojson"
            );
        };
        for p in bad.iter().take(10) {
            eprintln!("  skipped {p}");
        }
        if bad.len() > 10 {
            eprintln!("  … and {} more problems in {shown}.", bad.len() - 10);
        }
        problems += bad.len();
        for s in sites {
            registry
                .insert(s)
                .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
            added += 1;
        }
    }
    store.set_meta(workspace::SITES, &workspace::sites_csv(&registry)?)?;
    println!(
        "Read {added} sites ({problems} rows skipped); the workspace now has {} protected sites (it had {before}).",
        registry.len()
    );
    // The reference data changed: judge again (and log the new version).
    crate::cmd::evaluate::evaluate(&mut *store, false, true)?;
    Ok(if problems > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

pub fn list(db: &str, json: bool) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let registry = workspace::sites(&*store)?;
    let mut sites: Vec<&truce_geo::Site> = registry.iter().collect();
    sites.sort_by(|a, b| a.id.cmp(&b.id));
    if json {
        let out: Vec<serde_json::Value> = sites
            .iter()
            .map(|s| {
                serde_json::json!({"id": s.id, "name": s.name, "class": s.class, "location": s.point,
                    "radius_km": s.radius_km, "source": s.source, "extra": s.extra})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Outcome::Ok);
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["site", "name", "class", "where", "radius"]);
    for s in &sites {
        t.add_row([
            s.id.clone(),
            s.name.clone(),
            s.class.to_string(),
            format!("{:.3}, {:.3}", s.point.lat, s.point.lon),
            format!("{} km", s.radius_km),
        ]);
    }
    println!("{t}");
    println!("{} site(s).", sites.len());
    Ok(Outcome::Ok)
}
