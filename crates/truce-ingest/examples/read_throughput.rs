//! Throughput of the canonical readers on generated reports:
//! `cargo run --release -p truce-ingest --example read_throughput -- [ROWS] [FILE] [csv|jsonl|all] [RUNS]`.
//! The CSV is generated (or read from FILE if it exists), converted to JSON
//! Lines, and each reader is timed over it in memory.

use std::time::Instant;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Signers, read_csv, read_jsonl};
use truce_synth::generate::{GenOptions, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let reports: usize = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let file = args.next();
    let only = args.next();
    let runs: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let csv_bytes = match &file {
        Some(f) if std::path::Path::new(f).exists() => std::fs::read(f)?,
        _ => {
            let mut out = Vec::new();
            let opts = GenOptions {
                reports,
                ..GenOptions::default()
            };
            generate(&opts, &mut out, &mut |_| {})?;
            if let Some(f) = &file {
                std::fs::write(f, &out)?;
            }
            out
        }
    };
    let jsonl = to_jsonl(&csv_bytes)?;
    let signers = Signers::default();
    let ctx = Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv")?,
        gazetteer: Gazetteer::embedded().into(),
        signers: &signers,
    };
    for (name, bytes) in [("csv", &csv_bytes), ("jsonl", &jsonl)] {
        if only.as_deref().is_some_and(|o| o != name && o != "all") {
            continue;
        }
        let mut best = f64::MAX;
        let (mut ok, mut bad) = (0usize, 0usize);
        for _ in 0..runs {
            (ok, bad) = (0, 0);
            let t = Instant::now();
            let count = |r: Result<_, _>| match r {
                Ok(_) => ok += 1,
                Err(_) => bad += 1,
            };
            if name == "csv" {
                read_csv(&bytes[..], "g.csv", &ctx, count)?;
            } else {
                read_jsonl(&bytes[..], "g.jsonl", &ctx, count)?;
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name:5} {:7.1} MB  {ok} accepted, {bad} rejected  best of {runs}: {:.3} s  {:.0} rows/s  {:.1} MB/s",
            bytes.len() as f64 / 1e6,
            best,
            (ok + bad) as f64 / best,
            bytes.len() as f64 / 1e6 / best
        );
    }
    Ok(())
}

/// The same rows as JSON Lines, every value a string.
fn to_jsonl(csv_bytes: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut rdr = csv::Reader::from_reader(csv_bytes);
    let header = rdr.headers()?.clone();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let obj: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(rec.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        serde_json::to_writer(&mut out, &obj)?;
        out.push(b'\n');
    }
    Ok(out)
}
