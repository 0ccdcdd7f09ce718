//! Moving a workspace in from another backend, table by table: the log's
//! entries and hashes as they are (so its roots, proofs and signed
//! checkpoints stay valid), every projection with its ids, the accounts
//! and sessions, and the log key. The backends use the same table and
//! column names, so the copy needs no mapping, only types.

use crate::log::CHUNK;
use crate::*;

/// One value of a row as another backend stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

/// Where the rows come from.
pub trait ImportSource {
    /// The columns the source's table has (none when it has no such table).
    fn columns(&mut self, table: &str) -> Result<Vec<String>>;
    /// Every row of `table`, with `columns` in that order.
    fn rows(
        &mut self,
        table: &str,
        columns: &[String],
        sink: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<()>;
}

/// What an import copied: (table, rows).
pub type Imported = Vec<(String, u64)>;

/// A column's values gathered for one multi-row insert, in its type.
enum Column {
    Int(Vec<Option<i64>>),
    Real(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    Bytes(Vec<Option<Vec<u8>>>),
    Bool(Vec<Option<bool>>),
}

impl Column {
    fn of(pg_type: &str) -> Result<Column> {
        Ok(match pg_type {
            "bigint" | "integer" | "smallint" => Column::Int(Vec::new()),
            "double precision" | "real" => Column::Real(Vec::new()),
            "text" | "character varying" => Column::Text(Vec::new()),
            "bytea" => Column::Bytes(Vec::new()),
            "boolean" => Column::Bool(Vec::new()),
            other => {
                return Err(StoreError::Refused(format!(
                    "cannot import a column of type {other}"
                )));
            }
        })
    }

    fn array_type(&self) -> &'static str {
        match self {
            Column::Int(_) => "bigint[]",
            Column::Real(_) => "float8[]",
            Column::Text(_) => "text[]",
            Column::Bytes(_) => "bytea[]",
            Column::Bool(_) => "boolean[]",
        }
    }

    /// Adds a value, converted as SQLite's loose typing requires.
    fn push(&mut self, v: Cell, what: &str) -> Result<()> {
        let bad = |v: &Cell| StoreError::Corrupt {
            what: what.to_string(),
            reason: format!("the value {v:?} does not fit the column"),
        };
        match self {
            Column::Int(c) => c.push(match v {
                Cell::Null => None,
                Cell::Int(n) => Some(n),
                Cell::Text(ref s) => Some(s.trim().parse().map_err(|_| bad(&v))?),
                other => return Err(bad(&other)),
            }),
            Column::Real(c) => c.push(match v {
                Cell::Null => None,
                Cell::Int(n) => Some(n as f64),
                Cell::Real(x) => Some(x),
                other => return Err(bad(&other)),
            }),
            Column::Text(c) => c.push(match v {
                Cell::Null => None,
                Cell::Text(s) => Some(s),
                Cell::Int(n) => Some(n.to_string()),
                Cell::Real(x) => Some(x.to_string()),
                Cell::Bytes(b) => Some(String::from_utf8(b).map_err(|e| StoreError::Corrupt {
                    what: what.to_string(),
                    reason: e.to_string(),
                })?),
            }),
            Column::Bytes(c) => c.push(match v {
                Cell::Null => None,
                Cell::Bytes(b) => Some(b),
                Cell::Text(s) => Some(s.into_bytes()),
                other => return Err(bad(&other)),
            }),
            Column::Bool(c) => c.push(match v {
                Cell::Null => None,
                Cell::Int(n) => Some(n != 0),
                other => return Err(bad(&other)),
            }),
        }
        Ok(())
    }

    fn len(&self) -> usize {
        match self {
            Column::Int(c) => c.len(),
            Column::Real(c) => c.len(),
            Column::Text(c) => c.len(),
            Column::Bytes(c) => c.len(),
            Column::Bool(c) => c.len(),
        }
    }

    fn clear(&mut self) {
        match self {
            Column::Int(c) => c.clear(),
            Column::Real(c) => c.clear(),
            Column::Text(c) => c.clear(),
            Column::Bytes(c) => c.clear(),
            Column::Bool(c) => c.clear(),
        }
    }

    fn param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Column::Int(c) => c,
            Column::Real(c) => c,
            Column::Text(c) => c,
            Column::Bytes(c) => c,
            Column::Bool(c) => c,
        }
    }
}

/// Tables an import leaves alone: the schema's own record, and secrets
/// (the log key is moved through the trait, where each backend keeps it).
const NOT_COPIED: [&str; 2] = ["truce_schema", "secrets"];

fn flush(tx: &mut Transaction<'_>, sql: &str, cols: &mut [Column]) -> Result<()> {
    if cols.first().is_none_or(|c| c.len() == 0) {
        return Ok(());
    }
    let params: Vec<&(dyn ToSql + Sync)> = cols.iter().map(|c| c.param()).collect();
    tx.execute(sql, &params).db()?;
    for c in cols.iter_mut() {
        c.clear();
    }
    Ok(())
}

impl PgStore {
    /// Copies every table a source has into this database, in one
    /// transaction under the log's sequencer. Refused when this database
    /// already holds a log: an import never merges two histories.
    pub fn import(&mut self, source: &mut dyn ImportSource) -> Result<Imported> {
        let (mut tx, _) = write_tx!(self)?;
        let size: i64 = get(
            &tx.query_one("SELECT COUNT(*) FROM log_entries", &[]).db()?,
            0,
        )?;
        if size > 0 {
            return Err(StoreError::Refused(format!(
                "{} already holds a workspace (its log has {size} entries); import into an empty database",
                self.location
            )));
        }
        let tables: Vec<String> = tx
            .query(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
                &[],
            )
            .db()?
            .iter()
            .map(|r| get(r, 0))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for table in tables {
            if NOT_COPIED.contains(&table.as_str()) {
                continue;
            }
            let pg_cols: Vec<(String, String)> = tx
                .query(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                    &[&table],
                )
                .db()?
                .iter()
                .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
                .collect::<Result<_>>()?;
            let theirs = source.columns(&table)?;
            let common: Vec<(String, String)> = pg_cols
                .into_iter()
                .filter(|(c, _)| theirs.contains(c))
                .collect();
            // What the new database made for itself (a pseudonym key, its
            // creation time) gives way to what the workspace had.
            tx.batch_execute(&format!("DELETE FROM {}", quote_ident(&table)))
                .db()?;
            if common.is_empty() {
                continue;
            }
            let names: Vec<String> = common.iter().map(|(c, _)| c.clone()).collect();
            let mut cols: Vec<Column> = common
                .iter()
                .map(|(_, t)| Column::of(t))
                .collect::<Result<_>>()?;
            let quoted: Vec<String> = names.iter().map(|c| quote_ident(c)).collect();
            let unnest: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("${}::{}", i + 1, c.array_type()))
                .collect();
            let sql = format!(
                "INSERT INTO {} ({}) SELECT * FROM unnest({})",
                quote_ident(&table),
                quoted.join(", "),
                unnest.join(", ")
            );
            let mut n = 0u64;
            source.rows(&table, &names, &mut |row| {
                for ((c, v), name) in cols.iter_mut().zip(row).zip(&names) {
                    c.push(v, &format!("{table}.{name}"))?;
                }
                n += 1;
                if cols[0].len() >= CHUNK {
                    flush(&mut tx, &sql, &mut cols)?;
                }
                Ok(())
            })?;
            flush(&mut tx, &sql, &mut cols)?;
            // Identity columns continue after the ids copied.
            for (col, ty) in &common {
                if ty != "bigint" || !(col == "id" || col == "version") {
                    continue;
                }
                {
                    tx.execute(
                        &format!(
                            "SELECT setval(pg_get_serial_sequence($1, $2), \
                             COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false) \
                             WHERE pg_get_serial_sequence($1, $2) IS NOT NULL",
                            c = quote_ident(col),
                            t = quote_ident(&table)
                        ),
                        &[&table, &col],
                    )
                    .db()?;
                }
            }
            out.push((table, n));
        }
        // A SQLite workspace keeps the pseudonyms' key in `meta`; here it
        // belongs in `secrets`, replacing the one this database made, so
        // decision takers keep their pseudonyms across the move.
        tx.batch_execute(
            "INSERT INTO secrets (name, value, created_at) \
             SELECT 'actor_salt', value, EXTRACT(EPOCH FROM now())::bigint FROM meta WHERE key = 'actor_salt' \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value; \
             DELETE FROM meta WHERE key = 'actor_salt';",
        )
        .db()?;
        tx.commit().db()?;
        self.frontier = None;
        Ok(out)
    }
}
