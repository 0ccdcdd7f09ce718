//! `truce migrate --from FILE --to URL`: a SQLite workspace into PostgreSQL.

use crate::Outcome;
use anyhow::{Context, Result};

pub fn run(from: &str, to: &str) -> Result<Outcome> {
    println!("Verifying the log of {from}:");
    crate::cmd::log::verify(from, &[]).with_context(|| format!("{from} is not moved"))?;
    let moved = truce_app::migrate::sqlite_to_postgres(from, to)?;
    let rows: u64 = moved.tables.iter().map(|(_, n)| n).sum();
    println!(
        "Copied {rows} rows in {} tables: {} log entries, {} reports, {} findings, identical to {from}.",
        moved.tables.len(),
        moved.log_size,
        moved.reports,
        moved.findings
    );
    println!("Verifying the log in PostgreSQL:");
    crate::cmd::log::verify(to, &[])?;
    println!(
        "Use it with: truce --db '<the URL>' serve (or TRUCE_DB); the log key is now in the database."
    );
    Ok(Outcome::Ok)
}
