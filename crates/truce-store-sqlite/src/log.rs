//! The evidence log in the workspace database: entries, the hashes of
//! every complete subtree, checkpoints, cosignatures and party keys.

use crate::*;
use rusqlite::{OptionalExtension, params};
use truce_store::log::Append;

impl LogStore for SqliteStore {
    fn log_size(&self) -> Result<u64> {
        // Always read: another process may have appended since this
        // connection last did.
        Ok(self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries",
                [],
                |r| r.get::<_, i64>(0),
            )
            .db()? as u64)
    }

    fn log_append(&mut self, kind: &str, entry: &[u8]) -> Result<u64> {
        let (tx, mut frontier) = self.write()?;
        let index = append_entry(&tx, &mut frontier, kind, entry)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn log_append_batch(&mut self, kind: &str, entries: &[Vec<u8>]) -> Result<u64> {
        let (tx, mut frontier) = self.write()?;
        let first = frontier.size();
        for e in entries {
            append_entry(&tx, &mut frontier, kind, e)?;
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(first)
    }

    fn log_scan(&self, from: u64, f: &mut dyn FnMut(u64, &str, &[u8]) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT idx, kind, data FROM log_entries WHERE idx >= ?1 ORDER BY idx")
            .db()?;
        let mut rows = st.query([from as i64]).db()?;
        while let Some(row) = rows.next().db()? {
            let idx: i64 = row.get(0).db()?;
            let kind = row
                .get_ref(1)
                .db()?
                .as_str()
                .map_err(rusqlite::Error::from)
                .db()?;
            let data = row
                .get_ref(2)
                .db()?
                .as_blob()
                .map_err(rusqlite::Error::from)
                .db()?;
            if !f(idx as u64, kind, &truce_store::log::unpack_entry(data)) {
                break;
            }
        }
        Ok(())
    }

    /// A log entry's kind and bytes.
    fn log_entry(&self, index: u64) -> Result<Option<(String, Vec<u8>)>> {
        self.conn
            .prepare_cached("SELECT kind, data FROM log_entries WHERE idx = ?1")
            .db()?
            .query_row([index as i64], |r| {
                let data = r.get_ref(1)?.as_blob()?;
                Ok((r.get(0)?, truce_store::log::unpack_entry(data).into_owned()))
            })
            .optional()
            .db()
    }

    fn log_nodes(&self, f: &mut dyn FnMut(u32, u64, &[u8]) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT level, idx, hash FROM log_nodes ORDER BY level, idx")
            .db()?;
        let mut rows = st.query([]).db()?;
        while let Some(row) = rows.next().db()? {
            let level: i64 = row.get(0).db()?;
            let idx: i64 = row.get(1).db()?;
            let hash = row
                .get_ref(2)
                .db()?
                .as_blob()
                .map_err(rusqlite::Error::from)
                .db()?;
            if !f(level as u32, idx as u64, hash) {
                break;
            }
        }
        Ok(())
    }

    fn log_root(&self, size: u64) -> Result<truce_ledger::Hash> {
        let hashes = StoredHashes::new(&self.conn, self.log_size()?);
        Ok(truce_ledger::root_at(&hashes, size)?)
    }

    fn log_inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<truce_ledger::Hash>> {
        let hashes = StoredHashes::new(&self.conn, self.log_size()?);
        Ok(truce_ledger::inclusion_proof(&hashes, index, size)?)
    }

    fn log_consistency_proof(&self, old: u64, new: u64) -> Result<Vec<truce_ledger::Hash>> {
        let hashes = StoredHashes::new(&self.conn, self.log_size()?);
        Ok(truce_ledger::consistency_proof(&hashes, old, new)?)
    }

    /// The database id of the report a log entry holds, if it holds one
    /// (current or superseded).
    fn report_of_log_entry(&self, index: u64) -> Result<Option<i64>> {
        self.conn
            .prepare_cached(
                "SELECT id FROM reports WHERE log_index = ?1 \
                 UNION ALL SELECT report_id FROM report_history WHERE log_index = ?1 LIMIT 1",
            )
            .db()?
            .query_row([index as i64], |r| r.get(0))
            .optional()
            .db()
    }

    fn put_checkpoint(&mut self, size: u64, note: &str) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO log_checkpoints (size, note, at) VALUES (?1, ?2, ?3)",
                params![size as i64, note, now()],
            )
            .db()?;
        Ok(self.conn.last_insert_rowid())
    }

    fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>> {
        let mut st = self
            .conn
            .prepare("SELECT id, size, note, at FROM log_checkpoints ORDER BY id")
            .db()?;
        let rows = st
            .query_map([], |r| {
                Ok(StoredCheckpoint {
                    id: r.get(0)?,
                    size: r.get::<_, i64>(1)? as u64,
                    note: r.get(2)?,
                    at: r.get(3)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn put_cosignature(&mut self, c: &StoredCosignature) -> Result<()> {
        self.conn.execute(
            "INSERT INTO log_cosignatures (size, cosigner, body, line, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![c.size as i64, c.cosigner, c.body, c.line, c.at],
        ).db()?;
        Ok(())
    }

    fn cosignatures(&self) -> Result<Vec<StoredCosignature>> {
        let mut st = self
            .conn
            .prepare("SELECT size, cosigner, body, line, at FROM log_cosignatures ORDER BY id")
            .db()?;
        let rows = st
            .query_map([], |r| {
                Ok(StoredCosignature {
                    size: r.get::<_, i64>(0)? as u64,
                    cosigner: r.get(1)?,
                    body: r.get(2)?,
                    line: r.get(3)?,
                    at: r.get(4)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn add_party_key(&mut self, party: &str, name: &str, vkey: &str) -> Result<u64> {
        let body = serde_json::to_vec(&serde_json::json!({ "party": party, "vkey": vkey }))
            .map_err(|e| StoreError::Corrupt {
                what: "party key".into(),
                reason: e.to_string(),
            })?;
        let entry = encode_entry(truce_store::log::KIND_PARTY_KEY, &body);
        let (tx, mut frontier) = self.write()?;
        let index = append_entry(&tx, &mut frontier, truce_store::log::KIND_PARTY_KEY, &entry)?;
        tx.execute(
            "INSERT INTO party_keys (name, party, vkey, added_at, log_index) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (name) DO UPDATE SET party = excluded.party, vkey = excluded.vkey, \
             added_at = excluded.added_at, log_index = excluded.log_index",
            params![name, party, vkey, now(), index as i64],
        ).db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn party_keys(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT party, vkey FROM party_keys ORDER BY name")
            .db()?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .db()
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        ).db()?;
        Ok(())
    }

    /// The key lives in a file beside the database, readable only by its
    /// owner: a copy of the database (to a mirror, a party) does not carry it.
    fn log_signing_key(&self) -> Result<Option<String>> {
        match std::fs::read_to_string(self.key_path()) {
            Ok(text) => Ok(Some(text.trim().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Open {
                path: self.key_path(),
                reason: e.to_string(),
            }),
        }
    }

    fn log_key_place(&self) -> String {
        self.key_path()
    }

    fn set_log_signing_key(&mut self, key: &str) -> Result<()> {
        use std::io::Write;
        let path = self.key_path();
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let refused = |e: std::io::Error| {
            StoreError::Refused(format!("cannot keep the log key in {path}: {e}"))
        };
        let mut f = opts.open(&path).map_err(refused)?;
        f.write_all(format!("{key}\n").as_bytes())
            .map_err(refused)?;
        Ok(())
    }
}

/// Appends one entry within the caller's transaction, with the hashes it
/// completes (computed by the ledger's frontier); returns its index.
pub(crate) fn append_entry(
    conn: &Connection,
    frontier: &mut Frontier,
    kind: &str,
    entry: &[u8],
) -> Result<u64> {
    append(conn, frontier, &Append::entry(kind, entry)?)
}

/// Appends an entry made ready ([`Append`]) within the caller's transaction.
pub(crate) fn append(conn: &Connection, frontier: &mut Frontier, e: &Append<'_>) -> Result<u64> {
    let (index, nodes) = frontier.append(e.leaf);
    conn.prepare_cached("INSERT INTO log_entries (idx, kind, data) VALUES (?1, ?2, ?3)")
        .db()?
        .execute(params![index as i64, e.kind, e.stored.as_ref()])
        .db()?;
    let mut put = conn
        .prepare_cached("INSERT INTO log_nodes (level, idx, hash) VALUES (?1, ?2, ?3)")
        .db()?;
    for (level, idx, hash) in nodes {
        put.execute(params![level, idx as i64, &hash[..]]).db()?;
    }
    Ok(index)
}

/// Read access to the stored hashes, for roots, proofs and the frontier.
pub(crate) struct StoredHashes<'c> {
    conn: &'c Connection,
    size: u64,
}

impl<'c> StoredHashes<'c> {
    pub(crate) fn new(conn: &'c Connection, size: u64) -> Self {
        StoredHashes { conn, size }
    }
}

impl truce_ledger::HashStore for StoredHashes<'_> {
    fn size(&self) -> u64 {
        self.size
    }

    fn get(
        &self,
        level: u32,
        index: u64,
    ) -> std::result::Result<truce_ledger::Hash, truce_ledger::StoreError> {
        let backend = |e: rusqlite::Error| truce_ledger::StoreError::Backend(Box::new(e));
        let h: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT hash FROM log_nodes WHERE level = ?1 AND idx = ?2")
            .map_err(backend)?
            .query_row(params![level, index as i64], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        match h {
            Some(v) if v.len() == 32 => {
                let mut out = [0u8; 32];
                out.copy_from_slice(&v);
                Ok(out)
            }
            _ => Err(truce_ledger::StoreError::Missing { level, index }),
        }
    }

    fn append_leaf_hash(
        &mut self,
        _leaf: truce_ledger::Hash,
    ) -> std::result::Result<(), truce_ledger::StoreError> {
        Err(truce_ledger::StoreError::Backend(
            "the stored tree is appended to through the store, not through proofs".into(),
        ))
    }
}
