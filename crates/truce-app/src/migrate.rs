//! Moving a SQLite workspace into PostgreSQL: every table copied as it is
//! (the log's entries and hashes too, so its roots and signed checkpoints
//! stay valid), the log key moved from its file into the database, then
//! the two compared: same log root, same reports, incidents and findings.

use anyhow::{Context, Result, bail};
use truce_store::FindingFilter;
use truce_store::prelude::*;
use truce_store_pg::import::{Cell, ImportSource, Imported};
use truce_store_pg::{PgStore, quote_ident};
use truce_store_sqlite::SqliteStore;

/// Rows of a SQLite workspace, table by table.
struct SqliteSource<'a> {
    conn: &'a rusqlite::Connection,
}

fn backend(e: rusqlite::Error) -> truce_store::StoreError {
    truce_store::StoreError::Backend(e.to_string())
}

impl ImportSource for SqliteSource<'_> {
    fn columns(&mut self, table: &str) -> truce_store::Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare(&format!("PRAGMA table_info({})", quote_ident(table)))
            .map_err(backend)?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(1))
            .map_err(backend)?;
        let mut columns: Vec<String> = rows.collect::<rusqlite::Result<_>>().map_err(backend)?;
        if !columns.is_empty() {
            columns.extend(
                truce_store_sqlite::columns_not_stored(table)
                    .iter()
                    .map(|c| c.to_string()),
            );
        }
        Ok(columns)
    }

    fn rows(
        &mut self,
        table: &str,
        columns: &[String],
        sink: &mut dyn FnMut(Vec<Cell>) -> truce_store::Result<()>,
    ) -> truce_store::Result<()> {
        // A report's words are kept in its log entry, not its row; a
        // member's incident id is read from its incident.
        let cols: Vec<String> = columns
            .iter()
            .map(|c| truce_store_sqlite::column_as_read(table, c).unwrap_or_else(|| quote_ident(c)))
            .collect();
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM {}",
                cols.join(", "),
                quote_ident(table)
            ))
            .map_err(backend)?;
        let mut rows = st.query([]).map_err(backend)?;
        while let Some(r) = rows.next().map_err(backend)? {
            let mut row = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                use rusqlite::types::ValueRef;
                row.push(match r.get_ref(i).map_err(backend)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(n) => Cell::Int(n),
                    ValueRef::Real(x) => Cell::Real(x),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Cell::Bytes(b.to_vec()),
                });
            }
            sink(row)?;
        }
        Ok(())
    }
}

/// What a move did.
pub struct Moved {
    pub tables: Imported,
    pub log_size: u64,
    pub reports: u64,
    pub findings: usize,
}

/// Copies the SQLite workspace `from` into the PostgreSQL database `to`,
/// then checks that both hold the same log and the same results.
pub fn sqlite_to_postgres(from: &str, to: &str) -> Result<Moved> {
    if !crate::workspace::is_database_url(to) {
        bail!("--to must be a PostgreSQL URL (postgres://…), not {to}");
    }
    if crate::workspace::is_database_url(from) {
        bail!("--from must be a SQLite workspace file, not {from}");
    }
    let source = SqliteStore::open(from)?;
    let mut target = PgStore::create(to)?;
    let tables = target
        .import(&mut SqliteSource {
            conn: source.connection(),
        })
        .with_context(|| format!("cannot copy {from} into {}", target.location()))?;
    match source.log_signing_key()? {
        Some(key) => target.set_log_signing_key(&key)?,
        None => bail!(
            "{from} has no log key beside it ({}); the moved workspace could not sign",
            source.log_key_place()
        ),
    }
    // The same log: size and root; the same projections.
    let size = source.log_size()?;
    if target.log_size()? != size || target.log_root(size)? != source.log_root(size)? {
        bail!(
            "the log in {} differs from the one in {from}",
            target.location()
        );
    }
    if target.report_count()? != source.report_count()? {
        bail!(
            "the reports in {} differ from those in {from}",
            target.location()
        );
    }
    let all = FindingFilter::default();
    let findings = source.findings(&all)?;
    if target.findings(&all)? != findings || target.incidents(&all)? != source.incidents(&all)? {
        bail!(
            "the incidents or findings in {} differ from those in {from}",
            target.location()
        );
    }
    Ok(Moved {
        tables,
        log_size: size,
        reports: target.report_count()?,
        findings: findings.len(),
    })
}
