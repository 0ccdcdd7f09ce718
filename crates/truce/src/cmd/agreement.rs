//! `truce init`, `truce agreement check|load|show`.

use crate::Outcome;
use crate::workspace::{self, read_agreement};
use anyhow::{Result, bail};
use std::path::Path;
use truce_model::time::format_local;
use truce_model::{Agreement, CommitmentStatus};

pub fn check(file: &Path) -> Result<Outcome> {
    let f = read_agreement(file)?;
    print!("{}", summary(&f.agreement));
    println!("{}: ok", file.display());
    Ok(Outcome::Ok)
}

pub fn init(db: &str, file: &Path) -> Result<Outcome> {
    let f = read_agreement(file)?;
    if (workspace::is_database_url(db) || Path::new(db).exists())
        && let Ok(store) = crate::workspace::open(db)
    {
        let current = store.agreement()?;
        bail!(
            "{} is already a workspace (agreement \"{}\", version {}); use `truce agreement load {}` to add a new version, or choose another --db",
            store.location(),
            current.agreement.id,
            current.version,
            file.display()
        );
    }
    let store = workspace::create(db, &f.text, &f.agreement)?;
    let version = store.agreement()?.version;
    println!(
        "Created workspace {} with agreement \"{}\" (version {version}); the log key is in {}.",
        store.location(),
        f.agreement.id,
        store.log_key_place()
    );
    Ok(Outcome::Ok)
}

pub fn load(db: &str, file: &Path) -> Result<Outcome> {
    let f = read_agreement(file)?;
    let mut store = workspace::open(db)?;
    let before = store.agreement()?;
    if before.agreement.id != f.agreement.id {
        bail!(
            "{} is agreement \"{}\", but this workspace holds \"{}\"; use a new --db for another agreement",
            file.display(),
            f.agreement.id,
            before.agreement.id
        );
    }
    let version = store.put_agreement(&f.text, &f.agreement)?;
    if version == before.version {
        println!("The workspace already has this agreement text (version {version}).");
        return Ok(Outcome::Ok);
    }
    println!(
        "Loaded agreement \"{}\" as version {version}; earlier versions are kept.",
        f.agreement.id
    );
    workspace::sign_checkpoint(&mut *store)?;
    // Findings follow the agreement: judge again under the new version.
    crate::cmd::evaluate::evaluate(&mut *store, false, true)?;
    Ok(Outcome::Ok)
}

pub fn show(db: &str, json: bool) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let current = store.agreement()?;
    if json {
        let versions: Vec<serde_json::Value> = store
            .agreement_versions()?
            .into_iter()
            .map(|(v, sha, at)| serde_json::json!({"version": v, "sha256": sha, "loaded_at": truce_model::time::format_instant(at)}))
            .collect();
        let out = serde_json::json!({"version": current.version, "agreement": current.agreement, "versions": versions});
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", summary(&current.agreement));
        for (v, sha, at) in store.agreement_versions()? {
            println!(
                "version {v}: loaded {}, sha256 {}",
                truce_model::time::format_instant(at),
                &sha[..16]
            );
        }
    }
    Ok(Outcome::Ok)
}

/// A person's summary of an agreement.
pub fn summary(a: &Agreement) -> String {
    use std::fmt::Write;
    let tz = workspace::timezone(a);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} (\"{}\", version {}, times in {})",
        a.title, a.id, a.version, a.timezone
    );
    let parties: Vec<String> = a
        .parties
        .iter()
        .map(|p| format!("{} ({})", p.id, p.name))
        .collect();
    let _ = writeln!(s, "Parties: {}", parties.join(", "));
    for z in &a.zones {
        let n: usize = z
            .polygons
            .iter()
            .map(|p| p.first().map_or(0, |r| r.len()))
            .sum();
        let _ = writeln!(
            s,
            "Zone {}: {} ({} polygon(s), {n} points)",
            z.id,
            z.name,
            z.polygons.len()
        );
    }
    for c in &a.commitments {
        let status = match c.status {
            CommitmentStatus::Agreed => "agreed",
            CommitmentStatus::Announced => "announced",
            CommitmentStatus::Proposed => "proposed",
        };
        let _ = writeln!(
            s,
            "Commitment {}: {} [{status}; binds {}]",
            c.id,
            c.title,
            c.binds.join(", ")
        );
        for r in &c.readings {
            let scope = &r.scope;
            let list = |v: Vec<String>| {
                if v.is_empty() {
                    "any".to_string()
                } else {
                    v.join(", ")
                }
            };
            let _ = writeln!(
                s,
                "  reading {}: {}\n    period {} to {}\n    acts: {}; means: {}; targets: {}{}",
                r.id,
                r.title,
                format_local(r.period.start, &tz),
                format_local(r.period.end, &tz),
                list(scope.acts.iter().map(|a| a.to_string()).collect()),
                list(scope.means.iter().map(|m| m.to_string()).collect()),
                list(scope.targets.iter().map(|t| t.to_string()).collect()),
                scope
                    .zone
                    .as_ref()
                    .map(|z| format!("; zone: {z}"))
                    .unwrap_or_default()
            );
        }
    }
    s
}
