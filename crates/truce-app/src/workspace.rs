//! The workspace: opening one on its backend, its log key and checkpoints,
//! its reference data (gazetteer, sites), and reading agreement files — the
//! I/O the pure crates leave to the program.

use anyhow::{Context, Result, bail};
use std::path::Path;
use truce_model::{Agreement, parse_agreement};
use truce_store::prelude::*;
use truce_store_pg::PgStore;
use truce_store_sqlite::SqliteStore;

/// A workspace on whichever backend holds it.
pub type Workspace = Box<dyn Store>;

/// Whether a location is a PostgreSQL URL (`postgres://` or
/// `postgresql://`); anything else is a SQLite file.
pub fn is_database_url(location: &str) -> bool {
    truce_store_pg::is_url(location)
}

/// A location as people may see it: a database URL without its password.
pub fn shown(location: &str) -> String {
    if is_database_url(location) {
        truce_store_pg::redact(location)
    } else {
        location.to_string()
    }
}

/// Opens an existing workspace, with a hint when there is none. A
/// PostgreSQL URL is a workspace in that database; a file path is a SQLite
/// workspace.
pub fn open(location: &str) -> Result<Workspace> {
    if is_database_url(location) {
        return Ok(Box::new(PgStore::open(location)?));
    }
    Ok(Box::new(SqliteStore::open(location)?))
}

/// Opens a workspace's database, creating it (and its schema) if needed,
/// without an agreement yet.
pub fn create_empty(location: &str) -> Result<Workspace> {
    if is_database_url(location) {
        return Ok(Box::new(PgStore::create(location)?));
    }
    Ok(Box::new(SqliteStore::create(location)?))
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

/// Writes a secret to a new file readable only by its owner.
pub fn write_secret(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Creates a workspace: the database, the log key, and the agreement as the
/// log's first entry, with a first signed checkpoint.
pub fn create(location: &str, text: &str, agreement: &Agreement) -> Result<Workspace> {
    let mut store = create_empty(location)?;
    if store.meta("log_vkey")?.is_none() {
        let mut rnd = [0u8; 4];
        getrandom::fill(&mut rnd)
            .map_err(|e| anyhow::anyhow!("no randomness for the log key: {e}"))?;
        let origin = format!("truce/{}/{}", agreement.id, hex::encode(rnd));
        let signer = truce_ledger::Ed25519Signer::generate(&origin)
            .map_err(|e| anyhow::anyhow!("cannot make the log key: {e}"))?;
        store.set_log_signing_key(&signer.private_key())?;
        store.set_meta("log_origin", &origin)?;
        store.set_meta("log_vkey", &signer.verifier().vkey())?;
    }
    store.put_agreement(text, agreement)?;
    sign_checkpoint(store.as_mut())?;
    Ok(store)
}

/// The log's verifier key (`name+id+key`), as recorded at `truce init`.
pub fn log_verifier(store: &dyn Store) -> Result<truce_ledger::Ed25519Verifier> {
    let vkey = store
        .meta("log_vkey")?
        .context("this workspace has no log key; it was made before the log existed")?;
    truce_ledger::Ed25519Verifier::from_vkey(&vkey)
        .map_err(|e| anyhow::anyhow!("the recorded log key is unreadable: {e}"))
}

/// Loads the log signing key.
pub fn log_signer(store: &dyn Store) -> Result<truce_ledger::Ed25519Signer> {
    let text = store.log_signing_key()?.with_context(|| {
        format!(
            "{} has no log signing key here; only the machine that keeps it can sign",
            store.location()
        )
    })?;
    truce_ledger::Ed25519Signer::from_private_key(text.trim())
        .map_err(|e| anyhow::anyhow!("the log key of {} is unreadable: {e}", store.location()))
}

/// Signs a checkpoint of the current log and keeps it, unless the latest kept
/// checkpoint already covers every entry. Returns the latest signed note.
pub fn sign_checkpoint(store: &mut dyn Store) -> Result<String> {
    let size = store.log_size()?;
    if let Some(last) = store.checkpoints()?.pop()
        && last.size == size
    {
        return Ok(last.note);
    }
    let signer = log_signer(store)?;
    let origin = store
        .meta("log_origin")?
        .context("this workspace has no log origin")?;
    let root = store.log_root(size)?;
    let note = truce_ledger::Checkpoint::new(origin, size, root)
        .sign(&signer)
        .map_err(|e| anyhow::anyhow!("cannot sign the checkpoint: {e}"))?;
    store.put_checkpoint(size, &note)?;
    Ok(note)
}

/// Signs a checkpoint when this workspace holds the log key (a reader's
/// copy does not): after every change that appends.
pub fn sign_checkpoint_if_keyed(store: &mut dyn Store) -> Result<()> {
    if store.log_signing_key()?.is_some() {
        sign_checkpoint(store)?;
    }
    Ok(())
}

/// The gazetteer a workspace geocodes with: the embedded one (built on
/// first use), or one the mission imported (`truce gazetteer import`).
#[derive(Clone)]
pub enum GazetteerHandle {
    Embedded,
    Imported(std::sync::Arc<truce_geo::Gazetteer>),
}

impl GazetteerHandle {
    /// The gazetteer, for a reader that asks it only when it must.
    pub fn lazy(&self) -> truce_geo::GazetteerRef<'_> {
        match self {
            GazetteerHandle::Embedded => truce_geo::GazetteerRef::Embedded,
            GazetteerHandle::Imported(g) => truce_geo::GazetteerRef::Of(g),
        }
    }
}

impl std::ops::Deref for GazetteerHandle {
    type Target = truce_geo::Gazetteer;
    fn deref(&self) -> &truce_geo::Gazetteer {
        match self {
            GazetteerHandle::Embedded => truce_geo::Gazetteer::embedded(),
            GazetteerHandle::Imported(g) => g,
        }
    }
}

/// Where an imported gazetteer is kept in the workspace.
pub const IMPORTED_GAZETTEER: &str = "gazetteer_tsv";

pub fn gazetteer(store: &dyn Store) -> Result<GazetteerHandle> {
    match store.meta(IMPORTED_GAZETTEER)? {
        None => Ok(GazetteerHandle::Embedded),
        Some(tsv) => {
            let g = truce_geo::Gazetteer::from_tsv(&tsv).map_err(|e| {
                anyhow::anyhow!("the workspace's imported gazetteer is damaged: {e}")
            })?;
            Ok(GazetteerHandle::Imported(std::sync::Arc::new(g)))
        }
    }
}

/// The version of the workspace's gazetteer, without building it (as
/// [`truce_geo::Gazetteer::version`] gives).
pub fn gazetteer_version(store: &dyn Store) -> Result<String> {
    Ok(match store.meta(IMPORTED_GAZETTEER)? {
        None => truce_geo::Gazetteer::embedded_version(),
        Some(tsv) => truce_geo::Gazetteer::version_of_tsv(&tsv),
    })
}

/// Where the workspace's protected sites are kept (Truce's site CSV).
pub const SITES: &str = "sites_csv";

/// The workspace's protected sites (none until `truce sites import`).
pub fn sites(store: &dyn Store) -> Result<truce_geo::SiteRegistry> {
    let Some(text) = store.meta(SITES)? else {
        return Ok(truce_geo::SiteRegistry::new());
    };
    let (sites, problems) = truce_geo::read_sites_csv(text.as_bytes(), "workspace sites");
    if let Some(p) = problems.first() {
        bail!("the workspace's sites are damaged: {p}");
    }
    truce_geo::SiteRegistry::from_sites(sites)
        .map_err(|e| anyhow::anyhow!("the workspace's sites are damaged: {e}"))
}

/// Sites as Truce's own CSV (`id,name,class,latitude,longitude,radius_km,source`
/// and any extra columns), the form they are kept in.
pub fn sites_csv(registry: &truce_geo::SiteRegistry) -> Result<String> {
    let mut extra: Vec<String> = registry
        .iter()
        .flat_map(|s| s.extra.keys().cloned())
        .collect();
    extra.sort();
    extra.dedup();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "name",
        "class",
        "latitude",
        "longitude",
        "radius_km",
        "source",
    ];
    header.extend(extra.iter().map(String::as_str));
    w.write_record(&header)?;
    let mut sites: Vec<&truce_geo::Site> = registry.iter().collect();
    sites.sort_by(|a, b| a.id.cmp(&b.id));
    for s in sites {
        let mut row = vec![
            s.id.clone(),
            s.name.clone(),
            s.class.to_string(),
            s.point.lat.to_string(),
            s.point.lon.to_string(),
            s.radius_km.to_string(),
            s.source.clone(),
        ];
        row.extend(
            extra
                .iter()
                .map(|k| s.extra.get(k).cloned().unwrap_or_default()),
        );
        w.write_record(&row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the sites: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The name a file's reports record on the log: its file name, not the
/// path on the machine that read it.
pub fn entry_file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
