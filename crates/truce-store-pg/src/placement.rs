//! Incremental placement: placed reports by group and by id, the placement
//! index in chunks, and the write of a placement's incidents.

use crate::log::CHUNK;
use crate::results::{PLACEMENT_MARK, replace_incidents_in};
use crate::*;
use truce_store::{IndexChunk, IndexChunkWrite, Placed, PlacementWrite};

/// The lean columns of a report, then its id, log index and group.
fn placed_select(wh: &str) -> String {
    format!(
        "SELECT {}, r.id, r.log_index, x.corr FROM incident_reports x \
         JOIN reports r ON r.id = x.report_id WHERE x.corr IS NOT NULL AND {wh}",
        qualified(REPORT_COLUMNS_LEAN, "r")
    )
}

fn placed_from_row(row: &Row) -> Result<Placed> {
    Ok(Placed {
        report: report_from_row(row, 0)?,
        id: get(row, 27)?,
        log_index: get::<Option<i64>>(row, 28)?.unwrap_or(0).max(0) as u64,
        group: get(row, 29)?,
    })
}

impl PgStore {
    /// Placed reports by keys, a few thousand keys a statement.
    fn placed_where(&self, sql: &str, keys: &[i64]) -> Result<Vec<Placed>> {
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(CHUNK) {
            for row in self.c()?.query(sql, &[&chunk]).db()? {
                out.push(placed_from_row(&row)?);
            }
        }
        Ok(out)
    }
}

/// Writes the whole placement index anew.
pub(crate) fn replace_index(tx: &mut Transaction<'_>, chunks: &[IndexChunk]) -> Result<()> {
    tx.execute("DELETE FROM placement_index", &[]).db()?;
    for part in chunks.chunks(500) {
        let class: Vec<i64> = part.iter().map(|((c, _), _)| *c).collect();
        let bucket: Vec<i64> = part.iter().map(|((_, b), _)| *b).collect();
        let data: Vec<&[u8]> = part.iter().map(|(_, d)| d.as_slice()).collect();
        tx.execute(
            "INSERT INTO placement_index (class, bucket, data) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])",
            &[&class, &bucket, &data],
        )
        .db()?;
    }
    Ok(())
}

/// Writes (or deletes) some chunks of the placement index.
fn write_chunks(tx: &mut Transaction<'_>, chunks: &[IndexChunkWrite]) -> Result<()> {
    for ((class, bucket), data) in chunks {
        match data {
            Some(d) => tx
                .execute(
                    "INSERT INTO placement_index (class, bucket, data) VALUES ($1, $2, $3) \
                     ON CONFLICT (class, bucket) DO UPDATE SET data = excluded.data",
                    &[class, bucket, d],
                )
                .db()?,
            None => tx
                .execute(
                    "DELETE FROM placement_index WHERE class = $1 AND bucket = $2",
                    &[class, bucket],
                )
                .db()?,
        };
    }
    Ok(())
}

impl PlacementStore for PgStore {
    fn placement_mark(&self) -> Result<Option<u64>> {
        Ok(self
            .meta(PLACEMENT_MARK)?
            .and_then(|v| v.parse::<u64>().ok()))
    }

    fn forget_placement(&mut self) -> Result<()> {
        let (mut tx, frontier) = write_tx!(self)?;
        tx.execute("DELETE FROM meta WHERE key = $1", &[&PLACEMENT_MARK])
            .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn reports_logged_since(&self, from: u64) -> Result<Vec<(i64, Report)>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT id, {REPORT_COLUMNS_LEAN} FROM reports WHERE log_index >= $1 ORDER BY log_index"
                ),
                &[&(from as i64)],
            )
            .db()?;
        // In log order, so the log index is searched rather than every
        // report read; the caller wants them by id.
        let mut out = rows
            .iter()
            .map(|r| Ok((get(r, 0)?, report_from_row(r, 1)?)))
            .collect::<Result<Vec<(i64, Report)>>>()?;
        out.sort_unstable_by_key(|(id, _)| *id);
        Ok(out)
    }

    fn placed_version(&self, id: i64, below: u64) -> Result<Option<(Report, i64)>> {
        let group: Option<i64> = self
            .c()?
            .query_opt(
                "SELECT corr FROM incident_reports WHERE report_id = $1",
                &[&id],
            )
            .db()?
            .map(|r| get::<Option<i64>>(&r, 0))
            .transpose()?
            .flatten();
        let Some(group) = group else {
            return Ok(None);
        };
        let current = self
            .c()?
            .query_opt(
                &format!("SELECT log_index, {REPORT_COLUMNS_LEAN} FROM reports WHERE id = $1"),
                &[&id],
            )
            .db()?;
        let Some(row) = current else {
            return Ok(None);
        };
        let index = get::<Option<i64>>(&row, 0)?.unwrap_or(0);
        if (index as u64) < below {
            return Ok(Some((report_from_row(&row, 1)?, group)));
        }
        // Changed since: the version placed is the newest kept below.
        let json: Option<String> = self
            .c()?
            .query_opt(
                "SELECT json FROM report_history WHERE report_id = $1 AND log_index < $2 \
                 ORDER BY log_index DESC LIMIT 1",
                &[&id, &(below as i64)],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()?;
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

    fn index_chunks(&self, class: i64, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>)>> {
        let rows = self
            .c()?
            .query(
                "SELECT bucket, data FROM placement_index WHERE class = $1 AND bucket BETWEEN $2 AND $3 \
                 ORDER BY bucket",
                &[&class, &from, &to],
            )
            .db()?;
        rows.iter().map(|r| Ok((get(r, 0)?, get(r, 1)?))).collect()
    }

    fn index_last_bucket(&self) -> Result<Option<i64>> {
        get(
            &self
                .c()?
                .query_one(
                    "SELECT MAX(bucket) FROM placement_index WHERE class IN (0, 1)",
                    &[],
                )
                .db()?,
            0,
        )
    }

    fn placed_members(&self, groups: &[i64]) -> Result<Vec<Placed>> {
        self.placed_where(&placed_select("x.corr = ANY($1)"), groups)
    }

    fn placed_reports(&self, ids: &[i64]) -> Result<Vec<Placed>> {
        self.placed_where(&placed_select("x.report_id = ANY($1)"), ids)
    }

    fn begin_snapshot(&self) -> Result<()> {
        // One repeatable-read transaction for all of a placement's
        // questions: one consistent view while other servers write.
        if !self.snapshot.get() {
            self.c()?
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .db()?;
            self.snapshot.set(true);
        }
        Ok(())
    }

    fn end_snapshot(&self) -> Result<()> {
        if self.snapshot.replace(false) {
            self.c()?.batch_execute("COMMIT").db()?;
        }
        Ok(())
    }

    fn apply_placement(
        &mut self,
        w: &PlacementWrite<'_>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>> {
        let (mut tx, frontier) = write_tx!(self)?;
        let mark: Option<u64> = tx
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&PLACEMENT_MARK])
            .db()?
            .map(|r| get::<String>(&r, 0))
            .transpose()?
            .and_then(|v| v.parse().ok());
        if mark != Some(w.since) {
            drop(tx);
            self.frontier = Some(frontier);
            return Ok(None);
        }
        // The incidents that held the batch's reports give way.
        let ids: Vec<i64> = w.report_ids.iter().chain(w.removed).copied().collect();
        let mut old: Vec<String> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            for r in tx
                .query(
                    "SELECT incident_id FROM incident_reports WHERE report_id = ANY($1)",
                    &[&chunk],
                )
                .db()?
            {
                old.push(get(&r, 0)?);
            }
        }
        old.sort_unstable();
        old.dedup();
        let old_findings: i64 = get(
            &tx.query_one(
                "SELECT COUNT(*) FROM findings WHERE seq IN (SELECT seq FROM incidents WHERE id = ANY($1))",
                &[&old],
            )
            .db()?,
            0,
        )?;
        let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
        if !w.removed.is_empty() {
            tx.execute(
                "DELETE FROM incident_reports WHERE report_id = ANY($1)",
                &[&w.removed],
            )
            .db()?;
        }
        replace_incidents_in(
            &mut tx,
            &old_refs,
            w.report_ids,
            Some(w.groups),
            w.incidents,
            w.findings,
        )?;
        write_chunks(&mut tx, w.chunks)?;
        // The evaluation's record, from the last one's counts and what
        // changed.
        let last = tx
            .query_opt(
                "SELECT reports, incidents, findings FROM evaluations ORDER BY id DESC LIMIT 1",
                &[],
            )
            .db()?;
        let (reports, incidents, findings): (i64, i64, i64) = match last {
            Some(r) => (get(&r, 0)?, get(&r, 1)?, get(&r, 2)?),
            None => (0, 0, 0),
        };
        let findings = findings - old_findings + w.findings.len() as i64;
        tx.execute(
            "INSERT INTO evaluations (at, agreement_version, reference_data, reports, incidents, findings, log_size) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &info.at,
                &info.agreement_version,
                &info.reference_data,
                &(reports + w.new_reports as i64 - w.removed.len() as i64),
                &(incidents - old.len() as i64 + w.incidents.len() as i64),
                &findings,
                &info.log_size.map(|n| n as i64),
            ],
        )
        .db()?;
        if let Some(size) = info.log_size {
            tx.execute(
                "UPDATE meta SET value = $2 WHERE key = $1",
                &[&PLACEMENT_MARK, &size.to_string()],
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
            let exists: bool = get(
                &self
                    .c()?
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = $1)",
                        &[&id],
                    )
                    .db()?,
                0,
            )?;
            if exists {
                return Ok(Some(id));
            }
            let next: Option<String> = self
                .c()?
                .query_opt(
                    "SELECT x.incident_id FROM incident_aliases a \
                     JOIN incident_reports x ON x.report_id = a.report_id WHERE a.alias = $1",
                    &[&id],
                )
                .db()?
                .map(|r| get(&r, 0))
                .transpose()?;
            match next {
                Some(n) if n != id => id = n,
                _ => return Ok(None),
            }
        }
        Ok(None)
    }
}
