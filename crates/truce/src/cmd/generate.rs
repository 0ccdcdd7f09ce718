//! `truce gen`: realistic canonical CSV at any size, for tests and benchmarks.

use crate::Outcome;
use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::Path;
use truce_synth::generate::{GenOptions, generate};

/// Reports over the default period (75 days from 1 March 2025).
pub fn run(reports: usize, seed: u64, out: &Path) -> Result<Outcome> {
    let d = GenOptions::default();
    run_dated(reports, seed, d.start, d.days, out)
}

/// Reports over `days` days from `start` (a day's intake is one day).
pub fn run_dated(
    reports: usize,
    seed: u64,
    start: String,
    days: u32,
    out: &Path,
) -> Result<Outcome> {
    let opts = GenOptions {
        reports,
        seed,
        start,
        days,
    };
    // Refused before the file is created: a bad option leaves nothing.
    opts.check()?;
    let to_stdout = out.as_os_str() == "-";
    let bar = super::progress_bar(
        reports as u64,
        "generating [{bar:30}] {pos}/{len} reports ({eta})",
        reports >= 50_000 && !to_stdout,
    );
    let mut progress = |n: usize| bar.set_position(n as u64);
    if to_stdout {
        let stdout = std::io::stdout();
        let mut w = BufWriter::new(stdout.lock());
        generate(&opts, &mut w, &mut progress)?;
        w.flush()?;
    } else {
        let f = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        generate(&opts, &mut w, &mut progress)
            .with_context(|| format!("writing {}", out.display()))?;
        w.flush()?;
        bar.finish_and_clear();
        eprintln!(
            "Wrote {reports} reports to {} (seed {seed}).",
            out.display()
        );
    }
    Ok(Outcome::Ok)
}
