//! Backups of a PostgreSQL workspace with PostgreSQL's own tools:
//! `pg_dump` copies one consistent snapshot while writers go on, and
//! `pg_restore` puts it into an empty database in one transaction, so a
//! failed restore leaves nothing behind.
//!
//! The tools are given the connection through libpq's environment
//! variables, never on their command line, where any local account could
//! read a password in the process list.

use crate::{PgStore, Result, StoreError, redact};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A PostgreSQL client tool for a URL's database, the connection in its
/// environment.
fn tool(name: &str, config: &postgres::Config) -> Command {
    use postgres::config::{Host, SslMode};
    let mut cmd = Command::new(name);
    for var in [
        "PGHOST",
        "PGHOSTADDR",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
        "PGSERVICE",
        "PGSSLMODE",
    ] {
        cmd.env_remove(var);
    }
    match config.get_hosts().first() {
        Some(Host::Tcp(h)) => {
            cmd.env("PGHOST", h);
        }
        #[cfg(unix)]
        Some(Host::Unix(p)) => {
            cmd.env("PGHOST", p);
        }
        None => {}
    }
    if let Some(p) = config.get_ports().first() {
        cmd.env("PGPORT", p.to_string());
    }
    if let Some(u) = config.get_user() {
        cmd.env("PGUSER", u);
    }
    if let Some(p) = config.get_password() {
        cmd.env("PGPASSWORD", String::from_utf8_lossy(p).as_ref());
    }
    if let Some(d) = config.get_dbname() {
        cmd.env("PGDATABASE", d);
    }
    let ssl = match config.get_ssl_mode() {
        SslMode::Disable => "disable",
        SslMode::Require => "require",
        _ => "prefer",
    };
    cmd.env("PGSSLMODE", ssl);
    cmd
}

fn config_of(url: &str) -> Result<postgres::Config> {
    url.parse().map_err(|e| StoreError::Open {
        path: redact(url),
        reason: format!("not a PostgreSQL URL: {e}"),
    })
}

/// What a tool said on failure, or that it is missing.
fn failed(name: &str, e: std::io::Error) -> StoreError {
    if e.kind() == std::io::ErrorKind::NotFound {
        StoreError::Refused(format!(
            "{name} was not found; install PostgreSQL's client tools (on Debian: apt install postgresql-client) of the server's version or newer"
        ))
    } else {
        StoreError::Backend(format!("cannot run {name}: {e}"))
    }
}

fn said(name: &str, stderr: &[u8]) -> StoreError {
    let text = String::from_utf8_lossy(stderr);
    StoreError::Backend(format!("{name} failed: {}", text.trim()))
}

/// Writes a consistent copy of the workspace at `url` into `file`, a new
/// file readable by its owner only (the copy holds the log key and the
/// accounts' password hashes). The workspace stays in use meanwhile.
pub fn dump(url: &str, file: &Path) -> Result<u64> {
    // The workspace must be one: a dump of an empty database is no backup.
    drop(PgStore::open(url)?);
    let config = config_of(url)?;
    let mut out = new_private_file(file)?;
    let child = tool("pg_dump", &config)
        .args(["--format=custom", "--no-owner", "--no-privileges"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let result = (|| {
        let mut child = child.map_err(|e| failed("pg_dump", e))?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| StoreError::Backend("pg_dump gave no output".into()))?;
        // The error stream is read beside the copy so that neither pipe
        // fills and stops the tool.
        let mut stderr = child
            .stderr
            .take()
            .ok_or_else(|| StoreError::Backend("pg_dump gave no error stream".into()))?;
        let errors = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut stderr, &mut b);
            b
        });
        let n = std::io::copy(&mut stdout, &mut out)
            .map_err(|e| StoreError::Backend(format!("cannot write {}: {e}", file.display())))?;
        let status = child
            .wait()
            .map_err(|e| StoreError::Backend(format!("pg_dump: {e}")))?;
        let errors = errors.join().unwrap_or_default();
        if !status.success() {
            return Err(said("pg_dump", &errors));
        }
        out.flush()
            .and_then(|_| out.sync_all())
            .map_err(|e| StoreError::Backend(format!("cannot write {}: {e}", file.display())))?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(file);
    }
    result
}

/// A new file, owner-only whatever the umask; an existing one is refused.
fn new_private_file(file: &Path) -> Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::Refused(format!(
                "{} already exists; a backup goes to a new file",
                file.display()
            ))
        } else {
            StoreError::Backend(format!("cannot create {}: {e}", file.display()))
        }
    })
}

/// Restores a file written by [`dump`] into the database at `url`, which
/// must not exist yet (it is created) or hold no tables. Nothing is left
/// behind when the restore fails.
pub fn restore(url: &str, file: &Path) -> Result<()> {
    let config = config_of(url)?;
    let location = redact(url);
    let cannot = |e: postgres::Error| StoreError::Open {
        path: location.clone(),
        reason: crate::db_error(e).to_string(),
    };
    let mut client = match PgStore::connect_on_thread(config.clone()) {
        Ok(c) => c,
        Err(e) if e.code() == Some(&postgres::error::SqlState::INVALID_CATALOG_NAME) => {
            PgStore::create_database(&config).map_err(cannot)?;
            PgStore::connect_on_thread(config.clone()).map_err(cannot)?
        }
        Err(e) => return Err(cannot(e)),
    };
    let tables: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()",
            &[],
        )
        .map_err(cannot)?
        .try_get(0)
        .map_err(cannot)?;
    drop(client);
    if tables > 0 {
        return Err(StoreError::Refused(format!(
            "{location} already holds {tables} tables; restore into a new database, then point the servers at it"
        )));
    }
    let out = tool("pg_restore", &config)
        .args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        // pg_restore writes a script unless it is given a database.
        .arg(format!("--dbname={}", config.get_dbname().unwrap_or("")))
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| failed("pg_restore", e))?;
    if !out.status.success() {
        return Err(said("pg_restore", &out.stderr));
    }
    Ok(())
}
