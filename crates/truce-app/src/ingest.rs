//! The one door for reports: a batch of parsed rows (from a file, standard
//! input, the API, or any adapter) is prepared for the log (its entries
//! encoded, each row's filer decided) and stored with its rejections in one
//! transaction; a signed checkpoint follows at most every second and at the
//! end. The command line streams a file through [`stream`]; the API pushes
//! its rows through [`Intake`] directly.

use std::time::{Duration, Instant};
use truce_ingest::canonical::{self, InputError, Row};
use truce_model::Rejection;
use truce_store::prelude::*;
use truce_store::{IngestCounts, IngestResult};

/// Where a batch comes from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The name its entries record: a file's name, `stdin`, `api:<pseudonym>`.
    pub entry_file: String,
    /// How rejections name it for the person who sent it (the path given).
    pub shown: String,
    /// Who files its unsigned rows: a party id, or the mission.
    pub filer: String,
    /// The default gradings by source, read when the input began.
    pub gradings: Gradings,
}

impl Origin {
    /// An origin with the workspace's default gradings by source.
    pub fn new(
        store: &dyn Store,
        entry_file: impl Into<String>,
        shown: impl Into<String>,
        filer: impl Into<String>,
    ) -> anyhow::Result<Origin> {
        Ok(Origin {
            entry_file: entry_file.into(),
            shown: shown.into(),
            filer: filer.into(),
            gradings: Gradings::of(store)?,
        })
    }
}

/// The gradings an administrator set for sources (`/admin/sources`): a row
/// with no reliability or no credibility takes its source's default before
/// its log entry is made, so the entry, the store and a replay agree. Rows
/// already stored keep what they had (the same row again is a duplicate).
#[derive(Debug, Clone, Default)]
pub struct Gradings(std::sync::Arc<std::collections::HashMap<String, Grading>>);

/// A source's default reliability and credibility.
type Grading = (
    Option<truce_model::Reliability>,
    Option<truce_model::Credibility>,
);

impl Gradings {
    pub fn of(store: &dyn Store) -> anyhow::Result<Gradings> {
        Ok(Gradings(std::sync::Arc::new(
            store
                .source_defaults()?
                .into_iter()
                .map(|d| (d.source, (d.reliability, d.credibility)))
                .collect(),
        )))
    }

    /// Fills what the row left out from its source's default.
    pub fn apply(&self, r: &mut truce_model::Report) {
        if let Some((rel, cred)) = self.0.get(&r.source) {
            if r.reliability.is_none() {
                r.reliability = *rel;
            }
            if r.credibility.is_none() {
                r.credibility = *cred;
            }
        }
    }
}

/// A validated row made ready for the store: its log entry and who files it.
pub struct Prepared {
    pub accepted: truce_ingest::canonical::Accepted,
    pub entry: Vec<u8>,
    pub leaf: truce_ledger::Hash,
    /// The entry packed for storage (`truce_store::log::pack_entry`).
    pub stored: Vec<u8>,
    pub filer: String,
}

impl Prepared {
    /// The row as the store takes it; `file` is the name its entry records.
    pub fn new_report<'a>(&'a self, file: &'a str) -> truce_store::NewReport<'a> {
        truce_store::NewReport {
            report: &self.accepted.report,
            fingerprint: self.accepted.fingerprint,
            file,
            line: self.accepted.line,
            entry: &self.entry,
            leaf: self.leaf,
            stored: &self.stored,
            filer: &self.filer,
        }
    }
}

/// Encodes a validated row's log entry, which records it as read from
/// `file`. A signed row is filed by the party whose key signed it; any other
/// by `filer` (the submitting liaison's party, or the mission). A row whose
/// entry would not fit the log is rejected, as read from `shown`.
// A rejection is an ordinary outcome here, as for the readers' rows.
#[allow(clippy::result_large_err)]
pub fn prepare(
    mut a: truce_ingest::canonical::Accepted,
    file: &str,
    shown: &str,
    filer: &str,
    gradings: &Gradings,
) -> std::result::Result<Prepared, truce_model::Rejection> {
    gradings.apply(&mut a.report);
    let signed = a.signed.as_ref().map(|s| truce_store::log::SignedEntry {
        text: s.text.clone(),
        signature: s.signature.clone(),
        party: s.party.clone(),
    });
    let filer = signed
        .as_ref()
        .map_or(filer.to_string(), |s| s.party.clone());
    match truce_store::log::report_entry(&truce_store::log::ReportEntryParts {
        report: &a.report,
        file,
        line: a.line,
        signed: signed.as_ref(),
        filer: &filer,
        fingerprint: &a.fingerprint,
    }) {
        Ok(entry) => Ok(Prepared {
            leaf: truce_ledger::leaf_hash(&entry),
            stored: truce_store::log::pack_entry(&entry).into_owned(),
            entry,
            accepted: a,
            filer,
        }),
        Err(reason) => Err(truce_model::Rejection {
            file: shown.to_string(),
            line: a.line,
            field: None,
            value: None,
            reason: truce_model::reason::english(
                "reason-row-too-large",
                &[("detail", &reason.to_string())],
            ),
            raw: String::new(),
        }),
    }
}

/// How many rows a streamed batch holds at most.
pub const BATCH: usize = 8192;
/// The longest a parsed row waits before its batch is committed.
pub const MAX_BATCH_WAIT: Duration = Duration::from_millis(100);

/// Stores batches from one origin into one workspace.
pub struct Intake<'s> {
    store: &'s mut dyn Store,
    origin: Origin,
    counts: IngestCounts,
    last_checkpoint: Instant,
    /// The first rejections, for the person who sent the rows.
    pub examples: Vec<Rejection>,
}

impl<'s> Intake<'s> {
    pub fn new(store: &'s mut dyn Store, origin: Origin) -> Intake<'s> {
        Intake {
            store,
            origin,
            counts: IngestCounts::default(),
            last_checkpoint: Instant::now(),
            examples: Vec::new(),
        }
    }

    /// Prepares and stores one batch of parsed rows; returns what became of
    /// them, with every rejection (the readers', the log's, the store's).
    pub fn push(&mut self, rows: Vec<Row>) -> anyhow::Result<IngestResult> {
        let mut ready = Vec::with_capacity(rows.len());
        let mut bad = Vec::new();
        for row in rows {
            match row {
                Ok(a) => match prepare(
                    a,
                    &self.origin.entry_file,
                    &self.origin.shown,
                    &self.origin.filer,
                    &self.origin.gradings,
                ) {
                    Ok(p) => ready.push(p),
                    Err(r) => bad.push(r),
                },
                Err(r) => bad.push(r),
            }
        }
        self.store_prepared(ready, bad)
    }

    /// Stores rows already prepared (where encoding ran beside parsing).
    pub fn store_prepared(
        &mut self,
        ready: Vec<Prepared>,
        mut bad: Vec<Rejection>,
    ) -> anyhow::Result<IngestResult> {
        let new: Vec<truce_store::NewReport<'_>> = ready
            .iter()
            .map(|p| p.new_report(&self.origin.entry_file))
            .collect();
        let mut result = self.store.ingest(&new, &bad)?;
        self.counts += result.counts;
        bad.append(&mut result.refused);
        bad.sort_by_key(|r| r.line);
        if self.examples.len() < 10 {
            let room = 10 - self.examples.len();
            self.examples.extend(bad.iter().take(room).cloned());
        }
        // A signed checkpoint at most every second while entries arrive.
        if self.last_checkpoint.elapsed() >= Duration::from_secs(1) {
            crate::workspace::sign_checkpoint_if_keyed(self.store)?;
            self.last_checkpoint = Instant::now();
        }
        result.refused = bad;
        Ok(result)
    }

    /// Signs a checkpoint over everything stored; returns the totals.
    pub fn finish(self) -> anyhow::Result<(IngestCounts, Vec<Rejection>)> {
        crate::workspace::sign_checkpoint_if_keyed(self.store)?;
        Ok((self.counts, self.examples))
    }
}

/// A parsed, prepared row, or a rejection.
type Parsed = Result<Prepared, Rejection>;

/// Streams one input into the workspace: `read` runs on a thread of its own
/// and hands every row to the sink it is given, which prepares its log entry
/// there; this thread stores batches as they fill (or wait long enough), so
/// parsing and storing overlap. `read` returns an error only when the input
/// as a whole cannot be read.
pub fn stream<R>(
    store: &mut dyn Store,
    origin: Origin,
    read: R,
) -> anyhow::Result<(IngestCounts, Vec<Rejection>)>
where
    R: FnOnce(&mut dyn FnMut(Row)) -> Result<(), InputError> + Send,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(4);
    let o = origin.clone();
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let mut batch: Vec<Parsed> = Vec::with_capacity(BATCH);
            let mut last_send = Instant::now();
            let mut sink = |row: Row| {
                batch.push(match row {
                    Ok(a) => prepare(a, &o.entry_file, &o.shown, &o.filer, &o.gradings),
                    Err(r) => Err(r),
                });
                // A slow source still reaches the log promptly.
                if batch.len() >= BATCH
                    || (batch.len().is_multiple_of(64) && last_send.elapsed() >= MAX_BATCH_WAIT)
                {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // The receiver only goes away on a store error, reported there.
                    let _ = tx.send(full);
                    last_send = Instant::now();
                }
            };
            let result = read(&mut sink);
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            result
        });
        let mut intake = Intake::new(store, origin.clone());
        let mut failed: Option<anyhow::Error> = None;
        for batch in rx.iter() {
            let mut ready = Vec::with_capacity(batch.len());
            let mut bad = Vec::new();
            for p in batch {
                match p {
                    Ok(p) => ready.push(p),
                    Err(r) => bad.push(r),
                }
            }
            if let Err(e) = intake.store_prepared(ready, bad) {
                failed = Some(e);
                break;
            }
        }
        drop(rx);
        let read = parser
            .join()
            .map_err(|_| anyhow::anyhow!("reading {} failed unexpectedly", origin.shown))?;
        if let Some(e) = failed {
            return Err(e.context(format!("storing reports from {}", origin.shown)));
        }
        read?;
        intake.finish()
    })
}

/// The registered keys parties sign their rows with.
pub fn signers(store: &dyn Store) -> anyhow::Result<canonical::Signers> {
    let mut signers = canonical::Signers::default();
    for (party, vkey) in store.party_keys()? {
        // Keys were checked when registered.
        if let Ok(v) = truce_ledger::Ed25519Verifier::from_vkey(&vkey) {
            signers.add(&party, v);
        }
    }
    Ok(signers)
}
