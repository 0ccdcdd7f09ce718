//! `truce statements extract FILE [--json]`: reads what the parties publish
//! (JSON Lines, one statement a line; or plain text, one a paragraph, with
//! `--source` and `--published-at`) and prints the candidate reports each
//! statement contains, every field with the words it came from. Needs no
//! workspace: the agreement (parties, time zone) is the shipped one unless
//! `--agreement` names another.

use crate::Outcome;
use anyhow::{Context, Result, bail};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use truce_ingest::statements::read::{Item, read_jsonl, read_paragraphs};
use truce_ingest::statements::{Candidate, Extractor, Lang, SPAN_UNIT};
use truce_model::Rejection;

/// Rejections shown one by one; the rest are counted.
const SHOWN_REJECTIONS: usize = 10;

pub struct ExtractArgs {
    pub file: PathBuf,
    pub json: bool,
    pub source: Option<String>,
    pub published_at: Option<String>,
    pub lang: Option<String>,
    pub agreement: Option<PathBuf>,
}

/// One line of `--json` output.
#[derive(Serialize)]
struct Line<'a> {
    /// The statement's place in the input, from 0.
    statement: usize,
    /// The input line it starts on.
    line: u64,
    lang: Lang,
    #[serde(flatten)]
    candidate: &'a Candidate,
    span_unit: &'static str,
}

/// A table row, kept until the input is read.
struct Row {
    statement: usize,
    line: u64,
    candidate: Candidate,
}

pub fn extract(args: &ExtractArgs) -> Result<Outcome> {
    let lang = match args.lang.as_deref() {
        None => None,
        Some(l) => Some(
            Lang::parse(l).with_context(|| format!("--lang: \"{l}\" is not one of en, uk, ru"))?,
        ),
    };
    let agreement = match &args.agreement {
        Some(path) => crate::workspace::read_agreement(path)?.agreement,
        None => crate::cmd::demo::shipped_agreement()?,
    };
    let tz = crate::workspace::timezone(&agreement);
    if let Some(at) = &args.published_at
        && let Err(e) = truce_model::time::parse_instant(at, &tz)
    {
        bail!("--published-at: {e}");
    }
    let extractor = Extractor::new(&agreement, truce_geo::Gazetteer::embedded(), tz.clone());

    let (shown, input) = open(&args.file)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut rows: Vec<Row> = Vec::new();
    let mut rejected: Vec<Rejection> = Vec::new();
    let (mut read_ok, mut rejected_count, mut candidates) = (0usize, 0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;

    let mut on_item = |item: Item| {
        let st = match item.statement {
            Ok(st) => st,
            Err(r) => {
                rejected_count += 1;
                if rejected.len() < SHOWN_REJECTIONS {
                    rejected.push(r);
                }
                return;
            }
        };
        let e = match extractor.extract(&st) {
            Ok(e) => e,
            Err(err) => {
                // The reader checks what the extractor refuses; kept for
                // safety, reported the same way.
                rejected_count += 1;
                if rejected.len() < SHOWN_REJECTIONS {
                    rejected.push(Rejection {
                        file: shown.clone(),
                        line: item.line,
                        field: Some(err.field().to_string()),
                        value: None,
                        reason: err.to_string(),
                        raw: String::new(),
                    });
                }
                return;
            }
        };
        read_ok += 1;
        candidates += e.candidates.len();
        if args.json {
            for c in &e.candidates {
                let line = Line {
                    statement: item.index,
                    line: item.line,
                    lang: e.lang,
                    candidate: c,
                    span_unit: SPAN_UNIT,
                };
                let written = serde_json::to_writer(&mut out, &line)
                    .map_err(std::io::Error::other)
                    .and_then(|()| out.write_all(b"\n"));
                if let Err(err) = written
                    && write_error.is_none()
                {
                    write_error = Some(err);
                }
            }
        } else {
            rows.extend(e.candidates.into_iter().map(|candidate| Row {
                statement: item.index,
                line: item.line,
                candidate,
            }));
        }
    };
    let result = match (&args.source, &args.published_at) {
        (Some(source), Some(at)) => {
            read_paragraphs(input, &shown, source, at, lang, &tz, &mut on_item)
        }
        (None, None) => read_jsonl(input, &shown, &tz, &mut on_item),
        _ => bail!("--source and --published-at go together, for plain text"),
    };
    result.with_context(|| format!("cannot read {shown}"))?;
    if let Some(e) = write_error {
        return Err(e).context("cannot write the output");
    }

    if !args.json {
        print_table(&mut out, &rows)?;
        writeln!(
            out,
            "{read_ok} statement{} read, {candidates} candidate{}, {rejected_count} rejected.",
            if read_ok == 1 { "" } else { "s" },
            if candidates == 1 { "" } else { "s" },
        )?;
    }
    out.flush().context("cannot write the output")?;
    for r in &rejected {
        eprintln!("  rejected {r}");
    }
    if rejected_count > rejected.len() {
        eprintln!("  … and {} more", rejected_count - rejected.len());
    }
    if read_ok == 0 && rejected_count > 0 {
        bail!("no statement in {shown} could be read");
    }
    Ok(if rejected_count > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

fn open(path: &Path) -> Result<(String, Box<dyn Read>)> {
    if path.as_os_str() == "-" {
        return Ok(("standard input".to_string(), Box::new(std::io::stdin())));
    }
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
    if meta.is_dir() {
        bail!("{shown} is a folder, not a file");
    }
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
    Ok((shown, Box::new(f)))
}

fn print_table(out: &mut impl Write, rows: &[Row]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec![
        "#", "Line", "Place", "When", "Act", "Means", "Target", "By", "Claimant", "Stance",
        "Counts",
    ]);
    for r in rows {
        let c = &r.candidate;
        let place = match &c.place {
            Some(p) => format!("{p} ({})", c.geo_precision),
            None => "—".to_string(),
        };
        let means = match &c.means_text {
            Some(text) => format!("{} ({text})", c.means),
            None => c.means.to_string(),
        };
        let target = match &c.target_name {
            Some(name) => format!("{} ({name})", c.target_class),
            None => c.target_class.to_string(),
        };
        let counts = match (c.launched, c.destroyed) {
            (None, None) => String::new(),
            (l, d) => format!(
                "{} launched, {} destroyed",
                l.map_or("?".to_string(), |n| n.to_string()),
                d.map_or("?".to_string(), |n| n.to_string())
            ),
        };
        t.add_row(vec![
            r.statement.to_string(),
            r.line.to_string(),
            place,
            format!("{} ({})", c.occurred_at, c.time_precision),
            c.act.to_string(),
            means,
            target,
            c.perpetrator.clone().unwrap_or_else(|| "—".to_string()),
            c.claimant.clone(),
            c.stance.to_string(),
            counts,
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}

pub struct IngestArgs {
    pub file: PathBuf,
    pub json: bool,
    pub source: Option<String>,
    pub published_at: Option<String>,
    pub lang: Option<String>,
}

/// `truce statements ingest FILE`: stores every statement read, with its
/// candidates awaiting a monitor's review (`/review/statements`). The
/// statement goes on the log; the candidates become reports only when
/// accepted. A statement stored before is skipped, so a file can be ingested
/// again safely.
pub fn ingest(db: &str, args: &IngestArgs) -> Result<Outcome> {
    let lang = match args.lang.as_deref() {
        None => None,
        Some(l) => Some(
            Lang::parse(l).with_context(|| format!("--lang: \"{l}\" is not one of en, uk, ru"))?,
        ),
    };
    let mut store = crate::workspace::open(db)?;
    let reference = truce_app::Reference::load(store.as_ref())?;
    let tz = reference.timezone();
    if let Some(at) = &args.published_at
        && let Err(e) = truce_model::time::parse_instant(at, &tz)
    {
        bail!("--published-at: {e}");
    }
    let extractor = Extractor::new(&reference.agreement, &reference.gazetteer, tz.clone());
    let (shown, input) = open(&args.file)?;
    // The log records a file's name, never where it was on this machine.
    let entry_file = if args.file.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        args.file
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned())
    };
    let mut counts = truce_app::statements::StoredCounts::default();
    let mut rejected: Vec<Rejection> = Vec::new();
    let mut rejected_count = 0usize;
    let mut failed: Option<truce_app::Error> = None;
    let mut on_item = |item: Item| {
        if failed.is_some() {
            return;
        }
        let extracted = match item.statement {
            Ok(st) => extractor.extract(&st).map_err(|err| {
                Box::new(Rejection {
                    file: shown.clone(),
                    line: item.line,
                    field: Some(err.field().to_string()),
                    value: None,
                    reason: err.to_string(),
                    raw: String::new(),
                })
            }),
            Err(r) => Err(Box::new(r)),
        };
        let e = match extracted {
            Ok(e) => e,
            Err(r) => {
                let r = *r;
                rejected_count += 1;
                if rejected.len() < SHOWN_REJECTIONS {
                    rejected.push(r);
                }
                return;
            }
        };
        match truce_app::statements::store_statement(
            store.as_mut(),
            &reference,
            &e,
            &entry_file,
            item.line,
        ) {
            Ok(Some(_)) => {
                counts.statements += 1;
                counts.candidates += e.candidates.len() as u64;
            }
            Ok(None) => counts.duplicates += 1,
            Err(err) => failed = Some(err),
        }
    };
    let result = match (&args.source, &args.published_at) {
        (Some(source), Some(at)) => {
            read_paragraphs(input, &shown, source, at, lang, &tz, &mut on_item)
        }
        (None, None) => read_jsonl(input, &shown, &tz, &mut on_item),
        _ => bail!("--source and --published-at go together, for plain text"),
    };
    result.with_context(|| format!("cannot read {shown}"))?;
    if let Some(e) = failed {
        return Err(anyhow::Error::new(e).context(format!("storing statements from {shown}")));
    }
    crate::workspace::sign_checkpoint_if_keyed(store.as_mut())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({
                "statements": counts.statements,
                "candidates": counts.candidates,
                "duplicates": counts.duplicates,
                "rejected": rejected_count,
            }),
        )?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} statement{} stored, {} candidate{} awaiting review, {} already stored, {} rejected.",
            counts.statements,
            if counts.statements == 1 { "" } else { "s" },
            counts.candidates,
            if counts.candidates == 1 { "" } else { "s" },
            counts.duplicates,
            rejected_count,
        )?;
        if counts.candidates > 0 {
            writeln!(
                out,
                "Review them at /review/statements (truce serve) or through /api/v1/statements/candidates."
            )?;
        }
    }
    for r in &rejected {
        eprintln!("  rejected {r}");
    }
    if rejected_count > rejected.len() {
        eprintln!("  … and {} more", rejected_count - rejected.len());
    }
    let read_ok = counts.statements + counts.duplicates;
    if read_ok == 0 && rejected_count > 0 {
        bail!("no statement in {shown} could be read");
    }
    Ok(if rejected_count > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}
