//! Throughput of the air-attack tally adapter on generated rows:
//! `cargo run --release -p truce-ingest --example tallies_throughput -- [ROWS]`
//! (default 1,000,000). The file is generated into memory first; only the
//! reading is timed.

use std::time::Instant;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Signers};
use truce_ingest::table::Summary;
use truce_ingest::tallies;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |s| s.parse())?;
    let mut bytes = Vec::new();
    truce_synth::feeds::tallies::write(rows, 1, &mut bytes)?;
    let signers = Signers::default();
    let ctx = Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv")?,
        gazetteer: Gazetteer::embedded().into(),
        signers: &signers,
    };
    let mut summary = Summary::new(tallies::NAME);
    let (mut ok, mut bad) = (0usize, 0usize);
    let t = Instant::now();
    tallies::read(
        &bytes[..],
        "generated.csv",
        &ctx,
        &mut summary,
        |r| match r {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        },
    )?;
    let secs = t.elapsed().as_secs_f64();
    println!("{}", summary.line("rows"));
    println!(
        "{:.1} MB, {} rows → {ok} reports, {bad} rejected in {secs:.3} s: {:.0} rows/s, {:.1} MB/s",
        bytes.len() as f64 / 1e6,
        summary.rows,
        summary.rows as f64 / secs,
        bytes.len() as f64 / 1e6 / secs
    );
    Ok(())
}
