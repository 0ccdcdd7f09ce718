//! `truce report`: the period compliance report as JSON, Markdown, HTML, or
//! a PDF printed from the HTML by headless Chromium.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result};
use std::path::Path;

#[allow(clippy::too_many_arguments)]
pub fn run(
    db: &str,
    from: &str,
    to: &str,
    format: &str,
    out: Option<&Path>,
    public: bool,
    commitment: Option<&str>,
    lang: &str,
) -> Result<Outcome> {
    let words = truce_server::i18n::Lang::ALL
        .into_iter()
        .find(|l| l.code() == lang)
        .with_context(|| {
            format!("--lang: \"{lang}\" is not a language of the report (en, uk or ru)")
        })?;
    let day = |s: &str, what: &str| {
        s.trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| anyhow::anyhow!("--{what}: \"{s}\" is not a date (2025-03-25)"))
    };
    let (from, to) = (day(from, "from")?, day(to, "to")?);
    let store = workspace::open(db)?;
    let reference = truce_app::Reference::load(store.as_ref())?;
    let report = truce_app::report::build(
        store.as_ref(),
        &reference,
        &words,
        from,
        to,
        public,
        commitment,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = match format {
        "json" => serde_json::to_string_pretty(&report)? + "\n",
        "md" => truce_app::report::markdown(&report, &words),
        "html" => truce_app::report::html(&report, &words),
        "pdf" => {
            let out = out.context("--format pdf needs -o FILE")?;
            truce_server::period::pdf(&truce_app::report::html(&report, &words), out)?;
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
