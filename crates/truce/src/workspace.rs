//! Opening the workspace and reading agreement files: the I/O the pure crates
//! leave to the program.

use anyhow::{Context, Result, bail};
use std::path::Path;
use truce_model::{Agreement, parse_agreement};
use truce_store::SqliteStore;

/// Opens an existing workspace, with a hint when there is none.
pub fn open(db: &str) -> Result<SqliteStore> {
    Ok(SqliteStore::open(db)?)
}

/// An agreement file read and validated, with its text.
pub struct AgreementFile {
    pub text: String,
    pub agreement: Agreement,
}

/// Reads and validates an agreement file. Errors are printed as
/// `FILE:LINE:COLUMN: message`, one per line.
pub fn read_agreement(path: &Path) -> Result<AgreementFile> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {shown}"))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let load_zone = |name: &str| -> std::result::Result<String, String> {
        let p = dir.join(name);
        std::fs::read_to_string(&p).map_err(|e| format!("{} ({e})", p.display()))
    };
    match parse_agreement(&text, &load_zone) {
        Ok(agreement) => Ok(AgreementFile { text, agreement }),
        Err(diags) => {
            let lines: Vec<String> = diags.iter().map(|d| format!("{shown}:{d}")).collect();
            bail!(
                "{} has {} problem{}:\n{}",
                shown,
                diags.len(),
                if diags.len() == 1 { "" } else { "s" },
                lines.join("\n")
            )
        }
    }
}

/// The agreement's time zone (validated when the agreement was parsed).
pub fn timezone(a: &Agreement) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(&a.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
}
