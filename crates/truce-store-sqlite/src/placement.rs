//! Incremental placement: placed reports by time and place, by group and by
//! id, and the write of a placement's incidents.

use crate::results::{PLACEMENT_MARK, replace_incidents_in};
use crate::*;
use rusqlite::OptionalExtension;
use truce_store::{IndexChunk, IndexChunkWrite, Placed, PlacementWrite};

/// The lean columns of a report, then its id, log index and group.
fn placed_select(wh: &str) -> String {
    format!(
        "SELECT {}, r.id, r.log_index, x.corr FROM incident_reports x \
         JOIN reports r ON r.id = x.report_id WHERE x.corr IS NOT NULL AND {wh}",
        qualified(REPORT_COLUMNS_LEAN, "r")
    )
}

fn placed_from_row(row: &Row<'_>) -> rusqlite::Result<Placed> {
    Ok(Placed {
        report: report_from_row(row, 0)?,
        id: row.get(27)?,
        log_index: row.get::<_, Option<i64>>(28)?.unwrap_or(0).max(0) as u64,
        group: row.get(29)?,
    })
}

/// The placed reports whose ids are in the JSON array `?1`.
fn by_ids() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| placed_select("x.report_id IN (SELECT value FROM json_each(?1))"))
}

/// The placed reports of the groups in the JSON array `?1`.
fn by_groups() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| placed_select("x.corr IN (SELECT value FROM json_each(?1))"))
}

impl SqliteStore {
    /// Placed reports by keys, a few hundred keys a statement: one
    /// statement per key costs more than the rows it reads.
    fn placed_where(&self, sql: &str, keys: &[i64]) -> Result<Vec<Placed>> {
        let mut st = self.conn.prepare_cached(sql).db()?;
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(512) {
            let list = serde_json::to_string(chunk).map_err(|e| damaged("placement keys", e))?;
            let rows = st.query_map([list], placed_from_row).db()?;
            for row in rows {
                out.push(row.db()?);
            }
        }
        Ok(out)
    }
}

/// Writes the whole placement index anew.
pub(crate) fn replace_index(tx: &Connection, chunks: &[IndexChunk]) -> Result<()> {
    tx.execute("DELETE FROM placement_index", []).db()?;
    let mut ins = tx
        .prepare_cached("INSERT INTO placement_index (class, bucket, data) VALUES (?1, ?2, ?3)")
        .db()?;
    for ((class, bucket), data) in chunks {
        ins.execute(params![class, bucket, data]).db()?;
    }
    Ok(())
}

/// Writes (or deletes) some chunks of the placement index.
fn write_chunks(tx: &Connection, chunks: &[IndexChunkWrite]) -> Result<()> {
    let mut put = tx
        .prepare_cached(
            "INSERT INTO placement_index (class, bucket, data) VALUES (?1, ?2, ?3) \
             ON CONFLICT (class, bucket) DO UPDATE SET data = excluded.data",
        )
        .db()?;
    let mut del = tx
        .prepare_cached("DELETE FROM placement_index WHERE class = ?1 AND bucket = ?2")
        .db()?;
    for ((class, bucket), data) in chunks {
        match data {
            Some(d) => put.execute(params![class, bucket, d]).db()?,
            None => del.execute(params![class, bucket]).db()?,
        };
    }
    Ok(())
}

impl PlacementStore for SqliteStore {
    fn placement_mark(&self) -> Result<Option<u64>> {
        Ok(self
            .meta(PLACEMENT_MARK)?
            .and_then(|v| v.parse::<u64>().ok()))
    }

    fn forget_placement(&mut self) -> Result<()> {
        let (tx, frontier) = self.write()?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [PLACEMENT_MARK])
            .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn reports_logged_since(&self, from: u64) -> Result<Vec<(i64, Report)>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, {REPORT_COLUMNS_LEAN} FROM reports WHERE log_index >= ?1 ORDER BY log_index"
            ))
            .db()?;
        // In log order, so the log index is searched rather than every
        // report read; the caller wants them by id.
        let rows = st
            .query_map([from as i64], |r| Ok((r.get(0)?, report_from_row(r, 1)?)))
            .db()?;
        let mut out: Vec<(i64, Report)> = rows.collect::<rusqlite::Result<_>>().db()?;
        out.sort_unstable_by_key(|(id, _)| *id);
        Ok(out)
    }

    fn placed_version(&self, id: i64, below: u64) -> Result<Option<(Report, i64)>> {
        let group: Option<i64> = self
            .conn
            .prepare_cached("SELECT corr FROM incident_reports WHERE report_id = ?1")
            .db()?
            .query_row([id], |r| r.get(0))
            .optional()
            .db()?
            .flatten();
        let Some(group) = group else {
            return Ok(None);
        };
        let current: Option<(i64, Report)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT log_index, {REPORT_COLUMNS_LEAN} FROM reports WHERE id = ?1"
            ))
            .db()?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    report_from_row(r, 1)?,
                ))
            })
            .optional()
            .db()?;
        match current {
            None => Ok(None),
            Some((index, r)) if (index as u64) < below => Ok(Some((r, group))),
            Some(_) => {
                // Changed since: the version placed is the newest kept below.
                let json: Option<String> = self
                    .conn
                    .prepare_cached(
                        "SELECT json FROM report_history WHERE report_id = ?1 AND log_index < ?2 \
                         ORDER BY log_index DESC LIMIT 1",
                    )
                    .db()?
                    .query_row(params![id, below as i64], |r| r.get(0))
                    .optional()
                    .db()?;
                match json {
                    None => Ok(None),
                    Some(j) => {
                        let mut r: Report =
                            serde_json::from_str(&j).map_err(|e| damaged("report history", e))?;
                        // Placement reads reports lean, as correlation does.
                        r.text = None;
                        r.url = None;
                        r.extra.clear();
                        Ok(Some((r, group)))
                    }
                }
            }
        }
    }

    fn index_chunks(&self, class: i64, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT bucket, data FROM placement_index WHERE class = ?1 AND bucket BETWEEN ?2 AND ?3 \
                 ORDER BY bucket",
            )
            .db()?;
        let rows = st
            .query_map(params![class, from, to], |r| Ok((r.get(0)?, r.get(1)?)))
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn index_last_bucket(&self) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT MAX(bucket) FROM placement_index WHERE class IN (0, 1)")
            .db()?
            .query_row([], |r| r.get(0))
            .db()
    }

    fn placed_members(&self, groups: &[i64]) -> Result<Vec<Placed>> {
        self.placed_where(by_groups(), groups)
    }

    fn placed_reports(&self, ids: &[i64]) -> Result<Vec<Placed>> {
        self.placed_where(by_ids(), ids)
    }

    fn begin_snapshot(&self) -> Result<()> {
        // One read transaction for all of a placement's questions: one
        // consistent view, and the file locked once rather than per query.
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN DEFERRED").db()?;
            self.snapshot.set(true);
        }
        Ok(())
    }

    fn end_snapshot(&self) -> Result<()> {
        if self.snapshot.replace(false) {
            self.conn.execute_batch("COMMIT").db()?;
        }
        Ok(())
    }

    fn apply_placement(
        &mut self,
        w: &PlacementWrite<'_>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>> {
        let (tx, frontier) = self.write()?;
        let mark: Option<u64> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [PLACEMENT_MARK],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .db()?
            .and_then(|v| v.parse().ok());
        if mark != Some(w.since) {
            drop(tx);
            self.frontier = Some(frontier);
            return Ok(None);
        }
        // The incidents that held the batch's reports give way.
        let mut old: Vec<String> = Vec::new();
        {
            let mut st = tx.prepare_cached(crate::INCIDENT_OF_REPORT).db()?;
            for id in w.report_ids.iter().chain(w.removed) {
                if let Some(i) = st
                    .query_row([id], |r| r.get::<_, String>(0))
                    .optional()
                    .db()?
                {
                    old.push(i);
                }
            }
        }
        old.sort_unstable();
        old.dedup();
        let count = |sql: &str, ids: &[String]| -> Result<i64> {
            let mut n = 0;
            let mut st = tx.prepare_cached(sql).db()?;
            for id in ids {
                n += st.query_row([id], |r| r.get::<_, i64>(0)).db()?;
            }
            Ok(n)
        };
        let old_findings = count(
            "SELECT COUNT(*) FROM findings WHERE seq = (SELECT seq FROM incidents WHERE id = ?1)",
            &old,
        )?;
        let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
        for id in w.removed {
            tx.execute("DELETE FROM incident_reports WHERE report_id = ?1", [id])
                .db()?;
        }
        replace_incidents_in(
            &tx,
            &old_refs,
            w.report_ids,
            Some(w.groups),
            w.incidents,
            w.findings,
        )?;
        write_chunks(&tx, w.chunks)?;
        // The evaluation's record, from the last one's counts and what
        // changed.
        let last: Option<(i64, i64, i64)> = tx
            .query_row(
                "SELECT reports, incidents, findings FROM evaluations ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .db()?;
        let (reports, incidents, findings) = last.unwrap_or((0, 0, 0));
        let findings = findings - old_findings + w.findings.len() as i64;
        tx.execute(
            "INSERT INTO evaluations (at, agreement_version, reference_data, reports, incidents, findings, log_size) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                info.at,
                info.agreement_version,
                info.reference_data,
                reports + w.new_reports as i64 - w.removed.len() as i64,
                incidents - old.len() as i64 + w.incidents.len() as i64,
                findings,
                info.log_size.map(|n| n as i64),
            ],
        )
        .db()?;
        if let Some(size) = info.log_size {
            tx.execute(
                "UPDATE meta SET value = ?2 WHERE key = ?1",
                params![PLACEMENT_MARK, size.to_string()],
            )
            .db()?;
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(Some(w.findings.len() as u64))
    }

    fn resolve_incident(&self, id: &str) -> Result<Option<String>> {
        let mut id = id.to_string();
        // An alias resolves through its first report, whose incident may
        // itself have been merged since: a few hops at most.
        for _ in 0..8 {
            let exists: bool = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?1)")
                .db()?
                .query_row([&id], |r| r.get(0))
                .db()?;
            if exists {
                return Ok(Some(id));
            }
            let next: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT i.id FROM incident_aliases a \
                     JOIN incident_reports x ON x.report_id = a.report_id \
                     JOIN incidents i ON i.seq = x.seq WHERE a.alias = ?1",
                )
                .db()?
                .query_row([&id], |r| r.get(0))
                .optional()
                .db()?;
            match next {
                Some(n) if n != id => id = n,
                _ => return Ok(None),
            }
        }
        Ok(None)
    }
}
