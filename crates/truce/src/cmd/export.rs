//! `truce export`: a whole filtered list as a file, by the exporter the
//! API's downloads use (truce-app's `export`), with the API's filters.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use truce_app::export::{Export, Format, Kind, PAGE};
use truce_app::filters::ListParams;
use truce_store::Visibility;

/// What `truce export` was asked.
pub struct ExportArgs {
    pub list: String,
    pub format: String,
    pub out: Option<PathBuf>,
    /// `mission` (everything), `public`, or a party id (its liaison's view).
    pub view: String,
    pub params: ListParams,
}

pub fn run(db: &str, a: &ExportArgs) -> Result<Outcome> {
    let kind = Kind::parse(&a.list).map_err(|e| anyhow::anyhow!("{e}"))?;
    let format = Format::parse(&a.format).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let store = workspace::open(db)?;
    let reference = truce_app::Reference::load(store.as_ref())?;
    let viewer = match a.view.trim() {
        "mission" | "" => Visibility::All,
        "public" => Visibility::Published,
        p => match reference.agreement.party_resolver().resolve(p) {
            Some(id) => Visibility::Party(id.to_string()),
            None => anyhow::bail!(
                "--as: \"{p}\" is not mission, public or a party of the agreement ({})",
                reference
                    .agreement
                    .parties
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    // Errors name the field as the flag is spelled.
    let filters = truce_app::filters::parse(store.as_ref(), &reference, &viewer, &a.params)
        .map_err(|e| anyhow::anyhow!("--{e}"))?;
    let ex = Export {
        kind,
        format,
        filters,
        viewer,
        page: PAGE,
    };
    let rows = match &a.out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let n = truce_app::export::write(store.as_ref(), &reference, &ex, &mut lock)?;
            lock.flush()?;
            n
        }
        Some(path) => {
            // Written beside the target and renamed into place, so an
            // interrupted export never leaves a file that looks complete.
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let n = truce_app::export::write(store.as_ref(), &reference, &ex, tmp.as_file_mut())?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "{n} {} written to {} ({})",
                kind.as_str(),
                path.display(),
                a.format
            );
            n
        }
    };
    let _ = rows;
    Ok(Outcome::Ok)
}
