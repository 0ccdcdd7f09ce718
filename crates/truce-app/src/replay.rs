//! Replay: rebuild every projection from the log alone, evaluate, and check
//! that the findings are the current ones. Any party holding a copy of the
//! log can run it; a difference means the store and its log disagree.

use anyhow::{Context, Result, bail};
use truce_store::NewReport;
use truce_store::log::{
    AgreementEntry, KIND_AGREEMENT, KIND_DECISION, KIND_REPORT, ReportEntry, decode_entry,
};
use truce_store::prelude::*;
use truce_store_sqlite::SqliteStore;

/// What a replay rebuilt.
#[derive(Debug, Clone, Copy)]
pub struct Replayed {
    pub entries: u64,
    pub reports: u64,
    pub findings: u64,
}

/// The fingerprint a report entry records, or (for entries written before
/// they recorded it) one derived from the entry itself.
pub fn entry_fingerprint(e: &ReportEntry, data: &[u8]) -> [u8; 32] {
    e.fingerprint
        .as_deref()
        .and_then(|h| hex::decode(h).ok())
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .unwrap_or_else(|| truce_ledger::leaf_hash(data))
}

/// Rebuilds every projection from the log alone into a fresh workspace,
/// then compares its findings with the current ones.
pub fn replay(store: &dyn Store) -> Result<Replayed> {
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let fresh_path = dir.path().join("replay.db").to_string_lossy().into_owned();
    let mut fresh: Box<dyn Store> = Box::new(SqliteStore::create(&fresh_path)?);
    let mut err: Option<anyhow::Error> = None;
    let mut batch: Vec<(ReportEntry, Vec<u8>)> = Vec::new();
    let mut entries = 0u64;
    let flush = |fresh: &mut dyn Store, batch: &mut Vec<(ReportEntry, Vec<u8>)>| -> Result<()> {
        let stored: Vec<_> = batch
            .iter()
            .map(|(_, data)| truce_store::log::pack_entry(data))
            .collect();
        let new: Vec<NewReport<'_>> = batch
            .iter()
            .zip(&stored)
            .map(|((e, data), stored)| NewReport {
                report: &e.report,
                fingerprint: entry_fingerprint(e, data),
                file: &e.file,
                line: e.line,
                entry: data,
                leaf: truce_ledger::leaf_hash(data),
                stored,
                filer: &e.filer,
            })
            .collect();
        fresh.ingest(&new, &[])?;
        batch.clear();
        Ok(())
    };
    store.log_scan(0, &mut |idx, kind, data| {
        entries += 1;
        let body = match decode_entry(data) {
            Ok((_, body)) => body,
            Err(e) => {
                err = Some(anyhow::anyhow!("entry {idx}: {e}"));
                return false;
            }
        };
        let step = match kind {
            KIND_REPORT => match serde_json::from_slice::<ReportEntry>(body) {
                Ok(e) => {
                    batch.push((e, data.to_vec()));
                    if batch.len() >= 8192 {
                        flush(fresh.as_mut(), &mut batch)
                    } else {
                        Ok(())
                    }
                }
                Err(e) => Err(anyhow::anyhow!("entry {idx}: not a report entry: {e}")),
            },
            KIND_AGREEMENT => match serde_json::from_slice::<AgreementEntry>(body) {
                Ok(a) => flush(fresh.as_mut(), &mut batch).and_then(|_| {
                    fresh
                        .put_agreement(&a.text, &a.agreement)
                        .map(|_| ())
                        .map_err(Into::into)
                }),
                Err(e) => Err(anyhow::anyhow!("entry {idx}: not an agreement entry: {e}")),
            },
            // Decisions are kept as well as logged, so the evaluation below
            // applies them as the original did.
            KIND_DECISION => flush(fresh.as_mut(), &mut batch).and_then(|_| {
                let index = fresh.log_append(kind, data)?;
                fresh.insert_logged_decision(index, body)?;
                Ok(())
            }),
            // Other kinds (reference data, party keys) are appended as they are.
            other => flush(fresh.as_mut(), &mut batch).and_then(|_| {
                fresh
                    .log_append(other, data)
                    .map(|_| ())
                    .map_err(Into::into)
            }),
        };
        if let Err(e) = step {
            err = Some(e);
            return false;
        }
        true
    })?;
    if let Some(e) = err {
        return Err(e);
    }
    flush(fresh.as_mut(), &mut batch)?;
    // The rebuilt log must be the same log.
    let (size, fresh_size) = (store.log_size()?, fresh.log_size()?);
    if size != fresh_size || store.log_root(size)? != fresh.log_root(fresh_size)? {
        bail!(
            "replaying the log did not rebuild the same log ({size} entries vs {fresh_size}); the store and its log disagree"
        );
    }
    // Reference data is on the log by version (its hash); its content comes
    // from this workspace and must match the version the log last recorded.
    for key in [
        crate::workspace::SITES,
        crate::workspace::IMPORTED_GAZETTEER,
    ] {
        if let Some(v) = store.meta(key)? {
            fresh.set_meta(key, &v)?;
        }
    }
    let mut logged_reference = None;
    store.log_scan(0, &mut |_, kind, data| {
        if kind == truce_store::log::KIND_REFERENCE
            && let Ok((_, body)) = decode_entry(data)
            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(body)
        {
            logged_reference = v["version"].as_str().map(str::to_string);
        }
        true
    })?;
    let ours = crate::pipeline::reference_data_version(fresh.as_ref())?;
    if let Some(logged) = &logged_reference
        && *logged != ours
    {
        bail!(
            "the log's last reference data is {logged}, but this workspace holds {ours}; replay needs the reference data the log names"
        );
    }
    fresh.set_meta("logged_reference_data", &ours)?;
    crate::pipeline::evaluate(fresh.as_mut(), &|_| {})?;
    crate::review::restore_decided(fresh.as_mut())?;
    let current = store.findings(&Default::default())?;
    let replayed = fresh.findings(&Default::default())?;
    let key = |f: &truce_store::FindingRow| (f.id.clone(), f.status);
    let a: std::collections::BTreeSet<_> = current.iter().map(key).collect();
    let b: std::collections::BTreeSet<_> = replayed.iter().map(key).collect();
    if a != b {
        let missing: Vec<_> = a
            .difference(&b)
            .take(5)
            .map(|(id, s)| format!("{id} ({s})"))
            .collect();
        let extra: Vec<_> = b
            .difference(&a)
            .take(5)
            .map(|(id, s)| format!("{id} ({s})"))
            .collect();
        bail!(
            "the replayed findings differ from the current ones: {} only now [{}], {} only in the replay [{}]; run `truce evaluate` if the workspace was not evaluated since its last change",
            a.difference(&b).count(),
            missing.join(", "),
            b.difference(&a).count(),
            extra.join(", ")
        );
    }
    Ok(Replayed {
        entries,
        reports: fresh.report_count()?,
        findings: replayed.len() as u64,
    })
}
