//! `truce backup FILE` and `truce restore FILE`: a consistent copy of a
//! workspace taken while it is in use, and its return into an empty place,
//! checked against the log before it is called done. A SQLite workspace is
//! copied with SQLite's `VACUUM INTO` (its key file beside it); a PostgreSQL
//! one with `pg_dump` and `pg_restore` (the key is in its `secrets` table).

use crate::Outcome;
use anyhow::{Context, Result, bail};
use std::path::Path;
use truce_store::prelude::*;
use truce_store_sqlite::SqliteStore;

fn key_of(db: &str) -> String {
    format!("{db}.logkey")
}

fn is_pg(db: &str) -> bool {
    truce_store_pg::is_url(db)
}

/// What a workspace holds, to compare a copy with its original.
#[derive(Debug, PartialEq)]
struct Contents {
    entries: u64,
    checkpoints: Vec<String>,
    reports: u64,
}

fn contents(store: &dyn Store) -> Result<Contents> {
    let mut entries = 0u64;
    store.log_scan(0, &mut |_, _, _| {
        entries += 1;
        true
    })?;
    Ok(Contents {
        entries,
        checkpoints: store.checkpoints()?.into_iter().map(|c| c.note).collect(),
        reports: store.report_count()?,
    })
}

/// Copies the log key beside `to`, readable by its owner only.
fn copy_key(from: &str, to: &str) -> Result<()> {
    let text = std::fs::read_to_string(key_of(from)).with_context(|| {
        format!(
            "cannot read the log key {}; without it the copy could not sign checkpoints",
            key_of(from)
        )
    })?;
    truce_app::workspace::write_secret(Path::new(&key_of(to)), &text)
}

pub fn backup(db: &str, file: &Path) -> Result<Outcome> {
    if is_pg(db) {
        return backup_pg(db, file);
    }
    let dest = file.to_string_lossy().into_owned();
    if file.exists() || Path::new(&key_of(&dest)).exists() {
        bail!("{dest} already exists; a backup goes to a new file");
    }
    let store = SqliteStore::open(db)?;
    store.backup_into(&dest)?;
    copy_key(db, &dest)?;
    drop(store);
    // The copy must stand on its own: its log verifies and its projections
    // are the log's.
    let copy = crate::workspace::open(&dest)?;
    let c = contents(&*copy)?;
    drop(copy);
    check_log(&dest).context("the backup does not verify; it was kept for inspection")?;
    println!(
        "Backed up {db} to {dest} (and its log key to {}, readable by you only): {} log entries, {} reports, {} signed checkpoints; its log verifies.",
        key_of(&dest),
        c.entries,
        c.reports,
        c.checkpoints.len()
    );
    Ok(Outcome::Ok)
}

pub fn restore(db: &str, file: &Path) -> Result<Outcome> {
    let src = file.to_string_lossy().into_owned();
    if !file.exists() {
        bail!("{src} does not exist");
    }
    if is_pg(db) {
        return restore_pg(db, file);
    }
    if Path::new(db).exists() || Path::new(&key_of(db)).exists() {
        bail!(
            "{db} already exists; restore into a new place (--db NEW.db), then move it over the old one"
        );
    }
    let original = {
        let s =
            crate::workspace::open(&src).with_context(|| format!("{src} is not a Truce backup"))?;
        contents(&*s)?
    };
    std::fs::copy(file, db).with_context(|| format!("cannot write {db}"))?;
    copy_key(&src, db)?;
    check_log(db)?;
    let mut store = crate::workspace::open(db)?;
    let restored = contents(&*store)?;
    if restored != original {
        bail!("the restored workspace differs from the backup: {restored:?} against {original:?}");
    }
    let caught_up = evaluate_waiting(&mut *store)?;
    // Everything stored must be what the log says.
    let r = truce_app::replay::replay(&*store)
        .context("the restored projections differ from the log")?;
    println!(
        "Restored {src} into {db}: {} log entries, {} reports, {} findings, {} signed checkpoints; the log verifies and replaying it gives the same findings.{caught_up}",
        restored.entries,
        r.reports,
        r.findings,
        restored.checkpoints.len()
    );
    Ok(Outcome::Ok)
}

/// A PostgreSQL workspace: `pg_dump` reads one snapshot, so writers go on
/// and the copy holds whole transactions only.
fn backup_pg(db: &str, file: &Path) -> Result<Outcome> {
    let shown = truce_store_pg::redact(db);
    let before = contents(&*crate::workspace::open(db)?)?;
    let bytes = truce_store_pg::dump::dump(db, file)?;
    println!(
        "Backed up {shown} to {} ({bytes} bytes, readable by you only; it holds the log key, keep it as safe as the key). It holds at least {} log entries, {} reports and {} signed checkpoints (what the workspace held as the copy began). Restore it with `truce restore {}` into a new database, which verifies its log.",
        file.display(),
        before.entries,
        before.reports,
        before.checkpoints.len(),
        file.display(),
    );
    Ok(Outcome::Ok)
}

/// A backup of a PostgreSQL workspace into a new database, checked the way
/// a SQLite restore is: the log verifies and replaying it gives the stored
/// findings.
fn restore_pg(db: &str, file: &Path) -> Result<Outcome> {
    let shown = truce_store_pg::redact(db);
    truce_store_pg::dump::restore(db, file)
        .with_context(|| format!("cannot restore {} into {shown}", file.display()))?;
    check_log(db)?;
    let mut store = crate::workspace::open(db)?;
    let restored = contents(&*store)?;
    let caught_up = evaluate_waiting(&mut *store)?;
    let r = truce_app::replay::replay(&*store)
        .context("the restored projections differ from the log")?;
    println!(
        "Restored {} into {shown}: {} log entries, {} reports, {} findings, {} signed checkpoints; the log verifies and replaying it gives the same findings.{caught_up}",
        file.display(),
        restored.entries,
        r.reports,
        r.findings,
        restored.checkpoints.len()
    );
    Ok(Outcome::Ok)
}

/// A backup taken while an ingest was under way can hold reports stored
/// but not evaluated yet (the ingest evaluates once its file is stored):
/// they are evaluated now, as the ingest would have, so that the restored
/// workspace is up to date and its findings can be held to the log's.
/// Returns what to add to the summary.
fn evaluate_waiting(store: &mut dyn truce_store::Store) -> Result<String> {
    let waiting = store.pending_reports()?;
    if waiting == 0 {
        return Ok(String::new());
    }
    truce_app::pipeline::evaluate(store, &|_| {})?;
    Ok(format!(
        " {waiting} reports were stored but not yet evaluated when the backup was taken (an ingest was under way); they were evaluated on restoring."
    ))
}

/// `truce log verify` on a workspace (it prints what it checked).
fn check_log(db: &str) -> Result<()> {
    crate::cmd::log::verify(db, &[]).map(|_| ())
}
