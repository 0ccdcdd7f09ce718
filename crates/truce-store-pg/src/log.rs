//! The evidence log in the database: entries, the hashes of every complete
//! subtree, checkpoints, cosignatures, party keys, settings and the log's
//! signing key.

use crate::*;

/// Rows a scan reads at a time: the callback then runs with no statement
/// open, so it may ask the store again.
const SCAN_PAGE: i64 = 4096;

impl LogStore for PgStore {
    fn log_size(&self) -> Result<u64> {
        get_u64(
            &self
                .c()?
                .query_one("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries", &[])
                .db()?,
            0,
        )
    }

    fn log_append(&mut self, kind: &str, entry: &[u8]) -> Result<u64> {
        let (mut tx, mut frontier) = write_tx!(self)?;
        let mut buf = LogBuffer::default();
        let index = buf.append(&mut frontier, kind, entry)?;
        buf.flush(&mut tx)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn log_append_batch(&mut self, kind: &str, entries: &[Vec<u8>]) -> Result<u64> {
        let (mut tx, mut frontier) = write_tx!(self)?;
        let first = frontier.size();
        let mut buf = LogBuffer::default();
        for e in entries {
            buf.append(&mut frontier, kind, e)?;
        }
        buf.flush(&mut tx)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(first)
    }

    fn log_scan(&self, from: u64, f: &mut dyn FnMut(u64, &str, &[u8]) -> bool) -> Result<()> {
        let mut next = from as i64;
        loop {
            let rows = self
                .c()?
                .query(
                    "SELECT idx, kind, data FROM log_entries WHERE idx >= $1 ORDER BY idx LIMIT $2",
                    &[&next, &SCAN_PAGE],
                )
                .db()?;
            let n = rows.len() as i64;
            for row in &rows {
                let idx: i64 = get(row, 0)?;
                let kind: &str = get(row, 1)?;
                let data: &[u8] = get(row, 2)?;
                if !f(idx as u64, kind, &truce_store::log::unpack_entry(data)) {
                    return Ok(());
                }
                next = idx + 1;
            }
            if n < SCAN_PAGE {
                return Ok(());
            }
        }
    }

    fn log_entry(&self, index: u64) -> Result<Option<(String, Vec<u8>)>> {
        self.c()?
            .query_opt(
                "SELECT kind, data FROM log_entries WHERE idx = $1",
                &[&(index as i64)],
            )
            .db()?
            .map(|r| {
                let data: &[u8] = get(&r, 1)?;
                Ok((
                    get(&r, 0)?,
                    truce_store::log::unpack_entry(data).into_owned(),
                ))
            })
            .transpose()
    }

    fn log_nodes(&self, f: &mut dyn FnMut(u32, u64, &[u8]) -> bool) -> Result<()> {
        let mut after: (i64, i64) = (-1, -1);
        loop {
            let rows = self
                .c()?
                .query(
                    "SELECT level, idx, hash FROM log_nodes WHERE (level, idx) > ($1, $2) \
                     ORDER BY level, idx LIMIT $3",
                    &[&after.0, &after.1, &SCAN_PAGE],
                )
                .db()?;
            let n = rows.len() as i64;
            for row in &rows {
                let level: i64 = get(row, 0)?;
                let idx: i64 = get(row, 1)?;
                let hash: &[u8] = get(row, 2)?;
                if !f(level as u32, idx as u64, hash) {
                    return Ok(());
                }
                after = (level, idx);
            }
            if n < SCAN_PAGE {
                return Ok(());
            }
        }
    }

    fn log_root(&self, size: u64) -> Result<truce_ledger::Hash> {
        let have = self.log_size()?;
        let mut c = self.c()?;
        let hashes = StoredHashes::new(&mut *c, have);
        Ok(truce_ledger::root_at(&hashes, size)?)
    }

    fn log_inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<truce_ledger::Hash>> {
        let have = self.log_size()?;
        let mut c = self.c()?;
        let hashes = StoredHashes::new(&mut *c, have);
        Ok(truce_ledger::inclusion_proof(&hashes, index, size)?)
    }

    fn log_consistency_proof(&self, old: u64, new: u64) -> Result<Vec<truce_ledger::Hash>> {
        let have = self.log_size()?;
        let mut c = self.c()?;
        let hashes = StoredHashes::new(&mut *c, have);
        Ok(truce_ledger::consistency_proof(&hashes, old, new)?)
    }

    fn report_of_log_entry(&self, index: u64) -> Result<Option<i64>> {
        self.c()?
            .query_opt(
                "SELECT id FROM reports WHERE log_index = $1 \
                 UNION ALL SELECT report_id FROM report_history WHERE log_index = $1 LIMIT 1",
                &[&(index as i64)],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn put_checkpoint(&mut self, size: u64, note: &str) -> Result<i64> {
        // Under the log's sequencer, so that checkpoints signed by several
        // servers are kept in the order of the sizes they cover: a later
        // row never covers fewer entries than an earlier one.
        let (mut tx, frontier) = write_tx!(self)?;
        let latest = tx
            .query_opt(
                "SELECT id, size FROM log_checkpoints ORDER BY id DESC LIMIT 1",
                &[],
            )
            .db()?;
        if let Some(row) = latest
            && get::<i64>(&row, 1)? as u64 >= size
            && size > 0
        {
            let id: i64 = get(&row, 0)?;
            tx.commit().db()?;
            self.frontier = Some(frontier);
            return Ok(id);
        }
        let id: i64 = get(
            &tx.query_one(
                "INSERT INTO log_checkpoints (size, note, at) VALUES ($1, $2, $3) RETURNING id",
                &[&(size as i64), &note, &now()],
            )
            .db()?,
            0,
        )?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(id)
    }

    fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>> {
        let rows = self
            .c()?
            .query(
                "SELECT id, size, note, at FROM log_checkpoints ORDER BY id",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(StoredCheckpoint {
                    id: get(r, 0)?,
                    size: get_u64(r, 1)?,
                    note: get(r, 2)?,
                    at: get(r, 3)?,
                })
            })
            .collect()
    }

    fn put_cosignature(&mut self, c: &StoredCosignature) -> Result<()> {
        self.c()?
            .execute(
                "INSERT INTO log_cosignatures (size, cosigner, body, line, at) VALUES ($1, $2, $3, $4, $5)",
                &[&(c.size as i64), &c.cosigner, &c.body, &c.line, &c.at],
            )
            .db()?;
        Ok(())
    }

    fn cosignatures(&self) -> Result<Vec<StoredCosignature>> {
        let rows = self
            .c()?
            .query(
                "SELECT size, cosigner, body, line, at FROM log_cosignatures ORDER BY id",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(StoredCosignature {
                    size: get_u64(r, 0)?,
                    cosigner: get(r, 1)?,
                    body: get(r, 2)?,
                    line: get(r, 3)?,
                    at: get(r, 4)?,
                })
            })
            .collect()
    }

    fn add_party_key(&mut self, party: &str, name: &str, vkey: &str) -> Result<u64> {
        let body = serde_json::to_vec(&serde_json::json!({ "party": party, "vkey": vkey }))
            .map_err(|e| damaged("party key", e))?;
        let entry = encode_entry(truce_store::log::KIND_PARTY_KEY, &body);
        let (mut tx, mut frontier) = write_tx!(self)?;
        let mut buf = LogBuffer::default();
        let index = buf.append(&mut frontier, truce_store::log::KIND_PARTY_KEY, &entry)?;
        buf.flush(&mut tx)?;
        tx.execute(
            "INSERT INTO party_keys (name, party, vkey, added_at, log_index) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (name) DO UPDATE SET party = excluded.party, vkey = excluded.vkey, \
             added_at = excluded.added_at, log_index = excluded.log_index",
            &[&name, &party, &vkey, &now(), &(index as i64)],
        )
        .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn party_keys(&self) -> Result<Vec<(String, String)>> {
        let rows = self
            .c()?
            .query("SELECT party, vkey FROM party_keys ORDER BY name", &[])
            .db()?;
        rows.iter().map(|r| Ok((get(r, 0)?, get(r, 1)?))).collect()
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.c()?
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.c()?
            .execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            )
            .db()?;
        Ok(())
    }

    /// The key lives in the database's `secrets` table, which no role but
    /// the owner may read (`REVOKE ALL ... FROM PUBLIC`): every server of
    /// the deployment signs with it, and readers granted the projections
    /// (a party's mirror) never see it.
    fn log_signing_key(&self) -> Result<Option<String>> {
        self.c()?
            .query_opt("SELECT value FROM secrets WHERE name = 'log_key'", &[])
            .db()?
            .map(|r| get::<String>(&r, 0).map(|s| s.trim().to_string()))
            .transpose()
    }

    fn set_log_signing_key(&mut self, key: &str) -> Result<()> {
        let n = self
            .c()?
            .execute(
                "INSERT INTO secrets (name, value, created_at) VALUES ('log_key', $1, $2) \
                 ON CONFLICT (name) DO NOTHING",
                &[&key, &now()],
            )
            .db()?;
        if n == 0 {
            return Err(StoreError::Refused(format!(
                "{} already has a log key; a log key is never replaced",
                self.location
            )));
        }
        Ok(())
    }

    fn log_key_place(&self) -> String {
        format!(
            "the secrets table of {} (readable by the database owner only)",
            self.location
        )
    }
}

/// Entries and the hashes they complete, gathered in order and written in
/// a few multi-row statements.
#[derive(Default)]
pub(crate) struct LogBuffer {
    idx: Vec<i64>,
    kind: Vec<String>,
    data: Vec<Vec<u8>>,
    levels: Vec<i64>,
    nodes: Vec<i64>,
    hashes: Vec<Vec<u8>>,
}

/// Rows a multi-row statement writes at most.
pub(crate) const CHUNK: usize = 5000;

impl LogBuffer {
    /// Appends one entry (in memory until [`LogBuffer::flush`]); returns
    /// its index.
    pub(crate) fn append(
        &mut self,
        frontier: &mut Frontier,
        kind: &str,
        entry: &[u8],
    ) -> Result<u64> {
        self.append_ready(frontier, &truce_store::log::Append::entry(kind, entry)?)
    }

    /// Appends an entry made ready ([`truce_store::log::Append`]).
    pub(crate) fn append_ready(
        &mut self,
        frontier: &mut Frontier,
        e: &truce_store::log::Append<'_>,
    ) -> Result<u64> {
        let (index, nodes) = frontier.append(e.leaf);
        self.idx.push(index as i64);
        self.kind.push(e.kind.to_string());
        self.data.push(e.stored.to_vec());
        for (level, idx, hash) in nodes {
            self.levels.push(i64::from(level));
            self.nodes.push(idx as i64);
            self.hashes.push(hash.to_vec());
        }
        Ok(index)
    }

    pub(crate) fn flush(&mut self, tx: &mut Transaction<'_>) -> Result<()> {
        for start in (0..self.idx.len()).step_by(CHUNK) {
            let end = (start + CHUNK).min(self.idx.len());
            tx.execute(
                "INSERT INTO log_entries (idx, kind, data) \
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])",
                &[
                    &&self.idx[start..end],
                    &&self.kind[start..end],
                    &&self.data[start..end],
                ],
            )
            .db()?;
        }
        for start in (0..self.levels.len()).step_by(CHUNK) {
            let end = (start + CHUNK).min(self.levels.len());
            tx.execute(
                "INSERT INTO log_nodes (level, idx, hash) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])",
                &[
                    &&self.levels[start..end],
                    &&self.nodes[start..end],
                    &&self.hashes[start..end],
                ],
            )
            .db()?;
        }
        *self = LogBuffer::default();
        Ok(())
    }
}

/// Read access to the stored hashes, for roots, proofs and the frontier.
pub(crate) struct StoredHashes<'a, C: GenericClient> {
    conn: RefCell<&'a mut C>,
    size: u64,
}

impl<'a, C: GenericClient> StoredHashes<'a, C> {
    pub(crate) fn new(conn: &'a mut C, size: u64) -> Self {
        StoredHashes {
            conn: RefCell::new(conn),
            size,
        }
    }
}

impl<C: GenericClient> truce_ledger::HashStore for StoredHashes<'_, C> {
    fn size(&self) -> u64 {
        self.size
    }

    fn get(
        &self,
        level: u32,
        index: u64,
    ) -> std::result::Result<truce_ledger::Hash, truce_ledger::StoreError> {
        let backend = |e: postgres::Error| truce_ledger::StoreError::Backend(Box::new(e));
        let row = self
            .conn
            .try_borrow_mut()
            .map_err(|e| truce_ledger::StoreError::Backend(Box::new(e)))?
            .query_opt(
                "SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2",
                &[&i64::from(level), &(index as i64)],
            )
            .map_err(backend)?;
        let h: Option<Vec<u8>> = row.and_then(|r| r.try_get(0).ok());
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
