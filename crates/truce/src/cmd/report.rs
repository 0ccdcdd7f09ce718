//! `truce report`: the period compliance report as JSON, Markdown, HTML, or
//! a PDF printed from the HTML by headless Chromium.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

pub fn run(
    db: &str,
    from: &str,
    to: &str,
    format: &str,
    out: Option<&Path>,
    public: bool,
) -> Result<Outcome> {
    let day = |s: &str, what: &str| {
        s.trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| anyhow::anyhow!("--{what}: \"{s}\" is not a date (2025-03-25)"))
    };
    let (from, to) = (day(from, "from")?, day(to, "to")?);
    let store = workspace::open(db)?;
    let reference = truce_app::Reference::load(store.as_ref())?;
    let report = truce_app::report::build(store.as_ref(), &reference, from, to, public)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = match format {
        "json" => serde_json::to_string_pretty(&report)? + "\n",
        "md" => truce_app::report::markdown(&report),
        "html" => truce_app::report::html(&report),
        "pdf" => {
            let out = out.context("--format pdf needs -o FILE")?;
            pdf(&truce_app::report::html(&report), out)?;
            eprintln!("report written to {}", out.display());
            return Ok(Outcome::Ok);
        }
        other => anyhow::bail!("--format: \"{other}\" is not html, md, json or pdf"),
    };
    match out {
        None => print!("{text}"),
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?;
            eprintln!("report written to {}", p.display());
        }
    }
    Ok(Outcome::Ok)
}

/// Prints the HTML to PDF with headless Chromium (`TRUCE_CHROMIUM`, or
/// `chromium` / `chromium-browser` / `google-chrome` on the path).
fn pdf(html: &str, out: &Path) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let page = dir.path().join("report.html");
    std::fs::write(&page, html)?;
    let candidates: Vec<PathBuf> = match std::env::var_os("TRUCE_CHROMIUM") {
        Some(p) => vec![p.into()],
        None => ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .map(PathBuf::from)
            .collect(),
    };
    let target = std::path::absolute(out)?;
    for bin in &candidates {
        let run = std::process::Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", target.display()))
            .arg(format!("file://{}", page.display()))
            .output();
        match run {
            Ok(o) if o.status.success() && target.exists() => return Ok(()),
            Ok(o) => anyhow::bail!(
                "{} could not print the report: {}",
                bin.display(),
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ),
            Err(_) => continue,
        }
    }
    anyhow::bail!(
        "no Chromium to print the PDF with: install chromium, or set TRUCE_CHROMIUM; `--format html` writes the page to print"
    )
}
