//! `truce ingest FILE...`: validate every row, store the good ones, keep the
//! bad ones as rejections, then re-evaluate.
//!
//! A CSV file's layout (canonical, ACLED, FIRMS, air-attack tallies) is told
//! from its header (`truce_ingest::detect`) unless `--format` names it; every
//! layout goes through the same door (`truce_app::ingest::stream`).
//!
//! Every input is opened and its header checked before anything is stored,
//! so a bad file among several stores nothing. Parsing and storing overlap: a
//! reader thread validates rows in batches while the main thread writes the
//! previous batch, which on two cores roughly halves the time of a large file.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use truce_ingest::canonical::{self, Format};
use truce_ingest::detect::{self, Layout};
use truce_ingest::table::Summary;
use truce_model::Rejection;
use truce_store::IngestCounts;
use truce_store::prelude::*;

/// Files larger than this show a progress bar (a few thousand rows).
const PROGRESS_BYTES: u64 = 512 * 1024;
/// How much of an input is read ahead to find its header line.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// One input, opened, with its first line read ahead.
struct Input {
    shown: String,
    /// The name its reports record on the log.
    entry_file: String,
    format: Format,
    layout: Layout,
    /// Its size, when it is a file (standard input and pipes have none).
    size: Option<u64>,
    reader: Box<dyn Read + Send>,
}

/// What `--format` names: an encoding of the canonical fields, or a layout.
fn parse_format(f: &str) -> Result<(Option<Format>, Option<Layout>)> {
    if let Some(enc) = Format::parse(f) {
        return Ok((Some(enc), Some(Layout::Canonical)));
    }
    match Layout::parse(f) {
        Some(Layout::Canonical) => Ok((None, Some(Layout::Canonical))),
        Some(l) => Ok((Some(Format::Csv), Some(l))),
        None => {
            bail!("unknown format \"{f}\"; use canonical, csv, jsonl, acled, firms or air-tallies")
        }
    }
}

/// The `--json` summary: the store's counts, rows a layout's rules did not
/// store (a fire outside the area of interest), and what each foreign file
/// was mapped to.
#[derive(serde::Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    counts: IngestCounts,
    skipped: u64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    files: &'a [Summary],
}

pub fn run(
    db: &str,
    files: &[PathBuf],
    format: Option<&str>,
    json: bool,
    evaluate: bool,
    full: bool,
) -> Result<Outcome> {
    let forced = match format {
        None => (None, None),
        Some(f) => parse_format(f)?,
    };
    if files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    // Open every input and check its header before storing anything, so
    // that a missing file, an unknown format or a bad header fails the whole
    // command with nothing stored.
    let mut inputs = Vec::with_capacity(files.len());
    for path in files {
        inputs.push(open_input(path, forced)?);
    }
    let mut store = workspace::open(db)?;
    let agreement = store.agreement()?.agreement;
    let tz = workspace::timezone(&agreement);
    let waiting = store.pending_reports()?;

    let mut total = IngestCounts::default();
    let mut examples: Vec<Rejection> = Vec::new();
    let mut summaries: Vec<Summary> = Vec::new();
    for input in inputs {
        let (counts, summary) = ingest_input(&mut *store, input, &tz, &agreement, &mut examples)?;
        total += counts;
        summaries.extend(summary);
    }
    let skipped: u64 = summaries.iter().map(Summary::skipped_total).sum();
    if json {
        let out = JsonSummary {
            counts: total,
            skipped,
            files: &summaries,
        };
        println!("{}", serde_json::to_string(&out)?);
    } else {
        for s in &summaries {
            println!("{}", s.line(feed_rows_word(&s.layout)));
        }
        let skipped = if skipped > 0 {
            format!(", {skipped} skipped")
        } else {
            String::new()
        };
        println!(
            "{} accepted, {} rejected, {} duplicates, {} superseded{skipped}.",
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
    // Reports stored by a run that was interrupted before it evaluated (or
    // by another process) are evaluated now, even if this run added nothing.
    if evaluate {
        if waiting > 0 && !json {
            eprintln!(
                "{waiting} report{} stored earlier had not been evaluated (an interrupted run?); evaluating them now.",
                if waiting == 1 { "" } else { "s" }
            );
        }
        if total.accepted > 0
            || total.superseded > 0
            || store.pending_reports()? > 0
            || store.last_evaluation()?.is_none()
        {
            crate::cmd::evaluate::evaluate(&mut *store, json, full)?;
        }
    }
    Ok(if total.rejected > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Opens one input (`-` is standard input) and, for CSV, reads ahead to its
/// header line, tells its layout and checks it.
fn open_input(path: &Path, forced: (Option<Format>, Option<Layout>)) -> Result<Input> {
    let (forced, forced_layout) = forced;
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let named = forced.or_else(|| Format::from_path(&shown));
    if named.is_none() && !stdin {
        bail!(
            "{shown}: cannot tell the format from the file name; name it .csv or .jsonl, or pass --format"
        );
    }
    let (mut reader, size): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
        if meta.is_dir() {
            bail!("{shown} is a folder, not a file");
        }
        let f = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
        // Pipes and devices (`<(cat file)`) have no useful length.
        let size = meta.is_file().then_some(meta.len());
        (Box::new(f), size)
    };
    // The first line, read ahead (and put back below), tells the format of
    // standard input and holds a CSV file's header.
    let mut head = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    while !head.contains(&b'\n') && head.len() < MAX_HEADER_BYTES {
        let n = reader
            .read(&mut chunk)
            .with_context(|| format!("cannot read {shown}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let format = match named {
        Some(f) => f,
        None => {
            // JSON Lines start with an object; anything else is taken as CSV.
            let first = head
                .iter()
                .copied()
                .find(|b| !(b.is_ascii_whitespace() || [0xef, 0xbb, 0xbf].contains(b)));
            if first == Some(b'{') {
                Format::JsonLines
            } else {
                Format::Csv
            }
        }
    };
    let layout = if format == Format::Csv {
        let names = header_names(&head, &shown)?;
        let layout = match forced_layout {
            Some(l) => l,
            None => detect::detect(&names).map_err(|e| anyhow::anyhow!("{shown}: line 1: {e}"))?,
        };
        if layout == Layout::Canonical {
            check_header(&names, &shown)?;
        }
        layout
    } else {
        Layout::Canonical
    };
    let entry_file = if stdin {
        "stdin".to_string()
    } else {
        workspace::entry_file_name(path)
    };
    Ok(Input {
        shown,
        entry_file,
        format,
        layout,
        size,
        reader: Box::new(std::io::Cursor::new(head).chain(reader)),
    })
}

/// The column names of a CSV header line (read ahead).
fn header_names(head: &[u8], shown: &str) -> Result<Vec<String>> {
    let line = match head.iter().position(|&b| b == b'\n') {
        Some(n) => &head[..n],
        None if head.len() >= MAX_HEADER_BYTES => {
            bail!("{shown}: line 1 is longer than {MAX_HEADER_BYTES} bytes; expected a header line")
        }
        None => head,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let mut rec = csv::ByteRecord::new();
    if !rdr.read_byte_record(&mut rec).unwrap_or(false)
        || rec
            .iter()
            .all(|f| String::from_utf8_lossy(f).trim().is_empty())
    {
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
    let mut seen = std::collections::HashSet::new();
    for n in &names {
        if !n.is_empty() && !seen.insert(n) {
            bail!("{shown}: line 1: the column \"{n}\" appears twice in the header");
        }
    }
    Ok(names)
}

/// Checks a canonical header for the required columns.
fn check_header(names: &[String], shown: &str) -> Result<()> {
    for r in canonical::REQUIRED {
        if !names.iter().any(|n| n == r) {
            bail!(
                "{shown}: line 1: the header has no {r} column (required: source, external_id, occurred_at)"
            );
        }
    }
    Ok(())
}

/// What one row of a foreign layout is called in its summary.
fn feed_rows_word(layout: &str) -> &'static str {
    use truce_ingest::table::Layout as _;
    match layout {
        truce_ingest::acled::Acled::NAME => truce_ingest::acled::Acled::ROWS,
        truce_ingest::firms::Firms::NAME => truce_ingest::firms::Firms::ROWS,
        truce_ingest::tallies::Tallies::NAME => truce_ingest::tallies::Tallies::ROWS,
        _ => "rows",
    }
}

/// Ingests one file of a known format into an open store (for benchmarks).
pub(crate) fn ingest_path(
    store: &mut dyn Store,
    path: &Path,
    format: Format,
    tz: &jiff::tz::TimeZone,
    examples: &mut Vec<Rejection>,
) -> Result<IngestCounts> {
    let agreement = store.agreement()?.agreement;
    let input = open_input(path, (Some(format), None))?;
    Ok(ingest_input(store, input, tz, &agreement, examples)?.0)
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

fn ingest_input(
    store: &mut dyn Store,
    input: Input,
    tz: &jiff::tz::TimeZone,
    agreement: &truce_model::Agreement,
    examples: &mut Vec<Rejection>,
) -> Result<(IngestCounts, Option<Summary>)> {
    let Input {
        shown,
        entry_file,
        format,
        layout,
        size,
        reader,
    } = input;
    let bar = match size {
        Some(size) => super::progress_bar(
            size,
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
            size > PROGRESS_BYTES,
        ),
        None => ProgressBar::hidden(),
    };
    bar.set_message(shown.clone());
    let reader = Counting {
        inner: BufReader::with_capacity(1 << 20, reader),
        bar: bar.clone(),
    };
    let signers = truce_app::ingest::signers(store)?;
    let gazetteer = workspace::gazetteer(store)?;
    let ctx = canonical::Context {
        tz: tz.clone(),
        gazetteer: gazetteer.lazy(),
        signers: &signers,
    };
    // The mission files what it ingests itself.
    let origin = truce_app::ingest::Origin::new(
        &*store,
        entry_file,
        shown.clone(),
        truce_store::log::MISSION,
    )?;
    let mut summary = Summary::new(layout.title());
    let area = agreement.area_of_interest;
    let sum = &mut summary;
    let (counts, first) =
        truce_app::ingest::stream(store, origin, |sink| match (layout, format) {
            (Layout::Canonical, Format::Csv) => canonical::read_csv(reader, &shown, &ctx, sink),
            (Layout::Canonical, Format::JsonLines) => {
                canonical::read_jsonl(reader, &shown, &ctx, sink)
            }
            (Layout::Acled, _) => truce_ingest::acled::read(reader, &shown, &ctx, sum, sink),
            (Layout::Firms, _) => {
                truce_ingest::firms::read(reader, &shown, &ctx, area.as_ref(), sum, sink)
            }
            (Layout::AirTallies, _) => truce_ingest::tallies::read(reader, &shown, &ctx, sum, sink),
        })?;
    bar.finish_and_clear();
    if examples.len() < 10 {
        examples.extend(first.into_iter().take(10 - examples.len()));
    }
    Ok((counts, (layout != Layout::Canonical).then_some(summary)))
}
