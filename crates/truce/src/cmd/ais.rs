//! `truce ais`: ship positions. `decode` reads NMEA AIVDM/AIVDO sentences
//! and prints the messages (JSON Lines with `--json`), streaming with
//! constant memory; `gen` writes invented traffic or the demo file.

use crate::Outcome;
use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use truce_ingest::ais::{self, AisMessage, Decoder, Problem, Stats};

/// Inputs larger than this show a progress bar (on a terminal).
const PROGRESS_BYTES: u64 = 4 << 20;
/// Problems named one by one on standard error; the rest are counted.
const SHOWN_PROBLEMS: usize = 10;

struct Counting<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// Opens a file or standard input (`-`) with its name as shown and a
/// progress bar over its bytes.
pub fn open(path: &Path) -> Result<(String, Box<dyn BufRead>, indicatif::ProgressBar)> {
    if path.as_os_str() == "-" {
        let input = BufReader::with_capacity(1 << 16, std::io::stdin());
        return Ok((
            "standard input".into(),
            Box::new(input),
            indicatif::ProgressBar::hidden(),
        ));
    }
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
    if meta.is_dir() {
        anyhow::bail!("{shown} is a folder, not a file");
    }
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let size = meta.len();
    let bar = super::progress_bar(
        size,
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
        meta.is_file() && size > PROGRESS_BYTES,
    );
    bar.set_message(shown.clone());
    let reader = Counting {
        inner: f,
        bar: bar.clone(),
    };
    Ok((
        shown,
        Box::new(BufReader::with_capacity(1 << 16, reader)),
        bar,
    ))
}

/// Decodes a file with `on_message` and writes the summary to standard
/// error; returns the decoder's counts.
pub fn decode_with(
    path: &Path,
    mut on_message: impl FnMut(AisMessage) -> std::io::Result<()>,
) -> Result<Stats> {
    let (shown, input, bar) = open(path)?;
    let mut decoder = Decoder::default();
    let mut shown_problems: Vec<Problem> = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    ais::read(input, &mut decoder, |m, d| {
        if write_error.is_none()
            && let Err(e) = on_message(m)
        {
            write_error = Some(e);
        }
        if shown_problems.len() < SHOWN_PROBLEMS {
            let room = SHOWN_PROBLEMS - shown_problems.len();
            shown_problems.extend(d.take_problems().into_iter().take(room));
        } else {
            // Counted in the stats; only the first few are named.
            drop(d.take_problems());
        }
    })
    .with_context(|| format!("cannot read {shown}"))?;
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e).context("cannot write the output");
    }
    let room = SHOWN_PROBLEMS.saturating_sub(shown_problems.len());
    shown_problems.extend(decoder.take_problems().into_iter().take(room));
    let stats = decoder.stats().clone();
    summarise(&shown, &stats, &shown_problems);
    Ok(stats)
}

fn summarise(shown: &str, s: &Stats, problems: &[Problem]) {
    let types: Vec<String> = s
        .by_type
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("type {t}: {n}"))
        .collect();
    eprintln!(
        "{shown}: {} lines, {} sentences, {} messages decoded{}{}",
        s.lines,
        s.sentences,
        s.messages,
        if s.other_types > 0 {
            format!(", {} of other types counted", s.other_types)
        } else {
            String::new()
        },
        if types.is_empty() {
            String::new()
        } else {
            format!(" ({})", types.join(", "))
        },
    );
    let bad = s.bad_total();
    if bad == 0 {
        return;
    }
    let reasons: Vec<String> = s
        .bad_by_reason()
        .map(|(r, n)| format!("{n} {r} ({})", r.id()))
        .collect();
    eprintln!("{bad} not decoded: {}", reasons.join(", "));
    for p in problems {
        eprintln!("  {shown}: {p}");
    }
    if bad > problems.len() as u64 {
        eprintln!("  … and {} more", bad - problems.len() as u64);
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

pub fn decode(path: &Path, json: bool, limit: usize) -> Result<Outcome> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stats = if json {
        decode_with(path, |m| {
            serde_json::to_writer(&mut out, &m)?;
            out.write_all(b"\n")
        })?
    } else {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(vec![
            "Type", "MMSI", "Received", "Lat", "Lon", "Knots", "Course", "Heading", "Ship",
        ]);
        let mut rows = 0usize;
        let stats = decode_with(path, |m| {
            if rows < limit {
                let ship = [
                    m.shipname.clone(),
                    m.shiptype.map(|t| format!("type {t}")),
                    m.callsign.clone(),
                    m.destination.as_ref().map(|d| format!("to {d}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                table.add_row(vec![
                    m.msg_type.to_string(),
                    m.mmsi.to_string(),
                    opt(m.received.as_deref()),
                    opt(m.lat.map(|v| format!("{v:.5}"))),
                    opt(m.lon.map(|v| format!("{v:.5}"))),
                    opt(m.speed),
                    opt(m.course),
                    opt(m.heading),
                    ship,
                ]);
            }
            rows += 1;
            Ok(())
        })?;
        if rows > 0 {
            writeln!(out, "{table}")?;
        }
        if rows > limit {
            writeln!(
                out,
                "{} of {rows} messages shown (--limit N for more, --json for all)",
                limit
            )?;
        }
        stats
    };
    out.flush().context("cannot write the output")?;
    Ok(if stats.bad_total() > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Writes invented traffic (`sentences` lines from `vessels` vessels), or
/// the demo file.
pub fn generate(
    sentences: usize,
    vessels: usize,
    seed: u64,
    demo: bool,
    out: &Path,
) -> Result<Outcome> {
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        if demo {
            truce_synth::ais::demo::write(w)
        } else {
            truce_synth::ais::traffic::write(sentences, vessels, seed, w).map(|_| ())
        }
    };
    if out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        write(&mut lock).context("cannot write to standard output")?;
    } else {
        let mut f = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        write(&mut f).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(Outcome::Ok)
}
