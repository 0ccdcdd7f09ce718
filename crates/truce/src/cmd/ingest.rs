//! `truce ingest FILE...`: validate every row, store the good ones, keep the
//! bad ones as rejections, then re-evaluate.
//!
//! Parsing and storing overlap: a reader thread validates rows in batches while
//! the main thread writes the previous batch, which on two cores roughly halves
//! the time of a large file.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use truce_ingest::canonical::{self, Accepted, Format, Row};

/// A parsed row with its log entry, or a rejection.
type Parsed = Result<(Accepted, Vec<u8>, truce_ledger::Hash), Rejection>;
use truce_model::Rejection;
use truce_store::{IngestCounts, NewReport, SqliteStore, Store};

const BATCH: usize = 8192;
/// The longest a parsed row waits before its batch is committed.
const MAX_BATCH_WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// Files larger than this show a progress bar (a few thousand rows).
const PROGRESS_BYTES: u64 = 512 * 1024;

pub fn run(
    db: &str,
    files: &[PathBuf],
    format: Option<&str>,
    json: bool,
    evaluate: bool,
) -> Result<Outcome> {
    let forced = match format {
        None => None,
        Some(f) => Some(
            Format::parse(f)
                .with_context(|| format!("unknown format \"{f}\"; use csv or jsonl"))?,
        ),
    };
    // Check every file before storing anything, so that a missing file or an
    // unknown format fails the whole command with nothing stored.
    let mut plan = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let fmt = match forced.or_else(|| Format::from_path(&shown)) {
            Some(f) => f,
            None => bail!(
                "{shown}: cannot tell the format from the file name; name it .csv or .jsonl, or pass --format"
            ),
        };
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
        if meta.is_dir() {
            bail!("{shown} is a folder, not a file");
        }
        plan.push((path.clone(), shown, fmt, meta.len()));
    }
    let mut store = workspace::open(db)?;
    let agreement = store.agreement()?.agreement;
    let tz = workspace::timezone(&agreement);

    let mut total = IngestCounts::default();
    let mut examples: Vec<Rejection> = Vec::new();
    for (path, shown, fmt, size) in &plan {
        if *fmt == Format::Csv {
            check_header(path, shown)?;
        }
        let counts = ingest_file(&mut store, db, path, shown, *fmt, *size, &tz, &mut examples)?;
        total += counts;
    }
    if json {
        println!("{}", serde_json::to_string(&total)?);
    } else {
        println!(
            "{} accepted, {} rejected, {} duplicates, {} superseded.",
            total.accepted, total.rejected, total.duplicates, total.superseded
        );
        for r in examples.iter().take(10) {
            eprintln!("  rejected {r}");
        }
        if total.rejected > 10 {
            eprintln!(
                "  … and {} more; `truce rejections` lists them all.",
                total.rejected - 10
            );
        } else if total.rejected > 0 {
            eprintln!("  The rejected rows are kept: `truce rejections` lists them.");
        }
    }
    if evaluate
        && (total.accepted > 0 || total.superseded > 0 || store.last_evaluation()?.is_none())
    {
        crate::cmd::evaluate::evaluate(&mut store, json)?;
    }
    Ok(if total.rejected > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Reads only the header, so a file missing a required column fails before
/// anything from it is stored.
fn check_header(path: &Path, shown: &str) -> Result<()> {
    let f = File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(BufReader::new(f));
    let mut rec = csv::ByteRecord::new();
    if !rdr.read_byte_record(&mut rec).unwrap_or(false) {
        bail!("{shown}: the file is empty; expected a header line");
    }
    let names: Vec<String> = rec
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    for r in canonical::REQUIRED {
        if !names.iter().any(|n| n == r) {
            bail!(
                "{shown}: line 1: the header has no {r} column (required: source, external_id, occurred_at)"
            );
        }
    }
    Ok(())
}

struct Counting<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn ingest_file(
    store: &mut SqliteStore,
    db: &str,
    path: &Path,
    shown: &str,
    fmt: Format,
    size: u64,
    tz: &jiff::tz::TimeZone,
    examples: &mut Vec<Rejection>,
) -> Result<IngestCounts> {
    let file = File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let bar = super::progress_bar(
        size,
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
        size > PROGRESS_BYTES,
    );
    bar.set_message(shown.to_string());
    let reader = Counting {
        inner: BufReader::with_capacity(1 << 20, file),
        bar: bar.clone(),
    };
    let (tx, rx) = mpsc::sync_channel::<Vec<Parsed>>(4);
    let shown_owned = shown.to_string();
    let shown_entry = shown.to_string();
    let tz = tz.clone();
    let keys = store.party_keys()?;
    let gazetteer = crate::workspace::gazetteer(store)?;
    let parser = std::thread::spawn(move || {
        let mut signers = canonical::Signers::default();
        for (party, vkey) in &keys {
            // Keys were checked when registered.
            if let Ok(v) = truce_ledger::Ed25519Verifier::from_vkey(vkey) {
                signers.add(party, v);
            }
        }
        let ctx = canonical::Context {
            tz,
            gazetteer: &gazetteer,
            signers: &signers,
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut last_send = std::time::Instant::now();
        let mut send = |row: Row, batch: &mut Vec<Parsed>| {
            // The log entry is encoded here, beside parsing, not on the
            // storing thread.
            batch.push(row.map(|a| {
                let signed = a.signed.as_ref().map(|s| truce_store::log::SignedEntry {
                    text: s.text.clone(),
                    signature: s.signature.clone(),
                    party: s.party.clone(),
                });
                let entry = truce_store::log::report_entry(
                    &a.report,
                    &shown_entry,
                    a.line,
                    signed.as_ref(),
                );
                let leaf = truce_ledger::leaf_hash(&entry);
                (a, entry, leaf)
            }));
            // A batch is committed (durably) when full, or when it has waited
            // long enough: a slow source still reaches the log promptly.
            if batch.len() >= BATCH
                || (batch.len().is_multiple_of(64) && last_send.elapsed() >= MAX_BATCH_WAIT)
            {
                let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
                // The receiver only goes away on a store error, reported there.
                let _ = tx.send(full);
                last_send = std::time::Instant::now();
            }
        };
        let result = match fmt {
            Format::Csv => canonical::read_csv(reader, &shown_owned, &ctx, |r| send(r, &mut batch)),
            Format::JsonLines => {
                canonical::read_jsonl(reader, &shown_owned, &ctx, |r| send(r, &mut batch))
            }
        };
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
        result
    });
    let mut counts = IngestCounts::default();
    let mut store_error: Option<anyhow::Error> = None;
    let mut last_checkpoint = std::time::Instant::now();
    for batch in rx {
        let mut good: Vec<(Accepted, Vec<u8>, truce_ledger::Hash)> =
            Vec::with_capacity(batch.len());
        let mut bad: Vec<Rejection> = Vec::new();
        for row in batch {
            match row {
                Ok(a) => good.push(a),
                Err(r) => bad.push(r),
            }
        }
        let new: Vec<NewReport<'_>> = good
            .iter()
            .map(|(a, entry, leaf)| NewReport {
                report: &a.report,
                fingerprint: a.fingerprint,
                file: shown,
                line: a.line,
                entry,
                leaf: *leaf,
            })
            .collect();
        match store.ingest(&new, &bad) {
            Ok(c) => {
                counts += c;
                // A signed checkpoint at most every second while entries arrive.
                if last_checkpoint.elapsed() >= std::time::Duration::from_secs(1) {
                    if let Err(e) = crate::workspace::sign_checkpoint(store, db) {
                        store_error = Some(e);
                        break;
                    }
                    last_checkpoint = std::time::Instant::now();
                }
            }
            Err(e) => {
                store_error = Some(e.into());
                break;
            }
        }
        if examples.len() < 10 {
            examples.extend(bad.into_iter().take(10 - examples.len()));
        }
    }
    bar.finish_and_clear();
    let parsed = parser
        .join()
        .map_err(|_| anyhow::anyhow!("reading {shown} failed unexpectedly"))?;
    if let Some(e) = store_error {
        return Err(e).with_context(|| format!("storing reports from {shown}"));
    }
    parsed?;
    crate::workspace::sign_checkpoint(store, db)?;
    Ok(counts)
}
