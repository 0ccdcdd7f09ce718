//! `truce gazetteer import FILE`: a mission loads a full GeoNames dump as its
//! workspace's gazetteer, in place of the embedded one.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result, bail};
use std::io::BufReader;
use std::path::Path;
use truce_geo::Gazetteer;

pub fn import(db: &str, file: &Path) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let f = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (gazetteer, problems) = Gazetteer::from_geonames(BufReader::new(f), |_| true)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    if gazetteer.places().is_empty() {
        bail!(
            "{} holds no populated places or regions (feature class P or ADM1); is it a GeoNames `geoname` table?",
            file.display()
        );
    }
    for p in problems.iter().take(10) {
        eprintln!("  skipped {}:{}: {}", file.display(), p.line, p.reason);
    }
    if problems.len() > 10 {
        eprintln!("  … and {} more lines skipped.", problems.len() - 10);
    }
    // Kept as the gazetteer's own TSV; what is reloaded is what is used.
    let tsv = gazetteer.to_tsv();
    let reloaded = Gazetteer::from_tsv(&tsv)
        .map_err(|e| anyhow::anyhow!("the imported places cannot be kept: {e}"))?;
    store.set_meta(workspace::IMPORTED_GAZETTEER, &tsv)?;
    println!(
        "Imported {} places from {} ({} lines skipped); reports ingested from now on are geocoded with it (version {}).",
        reloaded.places().len(),
        file.display(),
        problems.len(),
        reloaded.version()
    );
    // Judge again: the reference data changed (and goes on the log).
    crate::cmd::evaluate::evaluate(&mut *store, false, true)?;
    Ok(Outcome::Ok)
}
