//! Incremental placement: placed reports by time and place, by group and by
//! id, and the write of a placement's incidents.

use crate::results::{PLACEMENT_MARK, replace_incidents_in};
use crate::*;
use rusqlite::OptionalExtension;
use truce_store::{NearQuery, Placed, PlacementWrite};

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

/// Refills `placed_near` with every placed report, as stored now (after a
/// full evaluation, when every report was placed as it is).
pub(crate) fn index_all_placed(tx: &Connection) -> Result<()> {
    tx.execute_batch(&format!(
        "DROP INDEX IF EXISTS placed_near_cell;
         DROP INDEX IF EXISTS placed_near_time;
         DELETE FROM placed_near;
         INSERT INTO placed_near (id, c, s, cell, t0, t1, lat, lon) {}
         FROM reports r JOIN incident_reports x ON x.report_id = r.id
         WHERE x.corr IS NOT NULL AND {NEAR_INDEXED} ORDER BY r.id;
         CREATE INDEX placed_near_cell ON placed_near (c, s, cell, t0, t1);
         CREATE INDEX placed_near_time ON placed_near (s, t0, t1, c, lat, lon);",
        near_row()
    ))
    .db()
}

/// Indexes these reports as placed now (or drops them, when no longer
/// placed or when they can join nothing).
pub(crate) fn index_placed(tx: &Connection, ids: &[i64]) -> Result<()> {
    let mut del = tx
        .prepare_cached("DELETE FROM placed_near WHERE id = ?1")
        .db()?;
    let mut ins = tx
        .prepare_cached(&format!(
            "INSERT INTO placed_near (id, c, s, cell, t0, t1, lat, lon) {} \
             FROM reports r JOIN incident_reports x ON x.report_id = r.id \
             WHERE r.id = ?1 AND x.corr IS NOT NULL AND {NEAR_INDEXED}",
            near_row()
        ))
        .db()?;
    for id in ids {
        del.execute([id]).db()?;
        ins.execute([id]).db()?;
    }
    Ok(())
}

/// Whether report `r` has a usable point (not just its country).
const HAS_POINT: &str =
    "(r.lat IS NOT NULL AND r.lon IS NOT NULL AND r.geo_precision != 'country')";

/// Reports that can interact with anything placed: a point or a name.
const NEAR_INDEXED: &str = "((r.lat IS NOT NULL AND r.lon IS NOT NULL AND r.geo_precision != 'country') \
     OR r.target_name IS NOT NULL)";

/// Grid cells per degree, and cells around the globe.
const CELLS_PER_DEGREE: f64 = 2.0;
const LON_CELLS: i64 = 720;
const LAT_CELLS: i64 = 360;

/// The longest span (seconds) of each span class; the last is unbounded.
const SPAN_CLASSES: [i64; 5] = [3600, 90000, 691200, 2764800, i64::MAX / 4];

/// A box covering more cells than this is asked by time instead.
const MAX_CELLS: usize = 160;

/// The `placed_near` columns of report `r`.
fn near_row() -> String {
    format!(
        "SELECT r.id, \
         CASE WHEN NOT {HAS_POINT} THEN 2 WHEN r.geo_precision = 'region' THEN 1 ELSE 0 END, \
         CASE WHEN r.occurred_end - r.occurred_start <= {} THEN 0 \
              WHEN r.occurred_end - r.occurred_start <= {} THEN 1 \
              WHEN r.occurred_end - r.occurred_start <= {} THEN 2 \
              WHEN r.occurred_end - r.occurred_start <= {} THEN 3 ELSE 4 END, \
         CASE WHEN {HAS_POINT} THEN \
              MIN(MAX(CAST((r.lat + 90.0) * {CELLS_PER_DEGREE} AS INTEGER), 0), {}) * {LON_CELLS} \
              + MIN(MAX(CAST((r.lon + 180.0) * {CELLS_PER_DEGREE} AS INTEGER), 0), {}) \
              ELSE -1 END, \
         r.occurred_start, r.occurred_end, r.lat, r.lon",
        SPAN_CLASSES[0],
        SPAN_CLASSES[1],
        SPAN_CLASSES[2],
        SPAN_CLASSES[3],
        LAT_CELLS - 1,
        LON_CELLS - 1,
    )
}

/// The grid cells a box `[min_lat, max_lat, min_lon, max_lon]` touches, or
/// None when they are too many to ask one by one.
fn cells_of(b: [f64; 4]) -> Option<Vec<i64>> {
    let at =
        |x: f64, off: f64, n: i64| (((x + off) * CELLS_PER_DEGREE).floor() as i64).clamp(0, n - 1);
    let (la0, la1) = (at(b[0], 90.0, LAT_CELLS), at(b[1], 90.0, LAT_CELLS));
    let (lo0, lo1) = (at(b[2], 180.0, LON_CELLS), at(b[3], 180.0, LON_CELLS));
    let n = ((la1 - la0 + 1) * (lo1 - lo0 + 1)) as usize;
    if n > MAX_CELLS {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for la in la0..=la1 {
        for lo in lo0..=lo1 {
            out.push(la * LON_CELLS + lo);
        }
    }
    Some(out)
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

    fn placed_near(&self, q: &NearQuery, skip: &dyn Fn(i64) -> bool) -> Result<Vec<Placed>> {
        // First the ids, from the indexes alone; then the rows of those the
        // caller lacks.
        let mut by_cell = self
            .conn
            .prepare_cached(
                "SELECT id FROM placed_near WHERE c = ?1 AND s = ?2 \
                 AND cell IN (SELECT value FROM json_each(?3)) \
                 AND t0 BETWEEN ?4 AND ?5 AND t1 >= ?6",
            )
            .db()?;
        let mut by_time = self
            .conn
            .prepare_cached(
                "SELECT id FROM placed_near WHERE s = ?1 AND t0 BETWEEN ?2 AND ?3 AND t1 >= ?4 \
                 AND c BETWEEN ?5 AND ?6 \
                 AND (c = 2 OR (lat BETWEEN ?7 AND ?8 AND lon BETWEEN ?9 AND ?10))",
            )
            .db()?;
        let whole = [-90.0, 90.0, -180.0, 180.0];
        // (box, first class, last class)
        let mut asks: Vec<([f64; 4], i64, i64)> = Vec::with_capacity(3);
        if q.any_named {
            asks.push((whole, 0, 2));
        } else {
            if let Some(b) = q.fine {
                asks.push((b, 0, 0));
            }
            if let Some(b) = q.wide {
                asks.push((b, 1, 1));
            }
            asks.push((whole, 2, 2));
        }
        let mut ids = Vec::new();
        let mut take = |id: rusqlite::Result<i64>| -> Result<()> {
            let id = id.db()?;
            if !skip(id) {
                ids.push(id);
            }
            Ok(())
        };
        for (b, c0, c1) in asks {
            // A name without a point is in cell -1; a box, in its cells.
            let cells = if (c0, c1) == (2, 2) {
                Some(vec![-1])
            } else if c0 == c1 {
                cells_of(b)
            } else {
                None
            };
            for (s, &longest) in SPAN_CLASSES.iter().enumerate() {
                let lowest = q.from.saturating_sub(longest);
                match &cells {
                    Some(cells) => {
                        let list = serde_json::to_string(cells)
                            .map_err(|e| damaged("placement cells", e))?;
                        let rows = by_cell
                            .query_map(params![c0, s as i64, list, lowest, q.to, q.from], |r| {
                                r.get::<_, i64>(0)
                            })
                            .db()?;
                        for id in rows {
                            take(id)?;
                        }
                    }
                    None => {
                        let rows = by_time
                            .query_map(
                                params![
                                    s as i64, lowest, q.to, q.from, c0, c1, b[0], b[1], b[2], b[3]
                                ],
                                |r| r.get::<_, i64>(0),
                            )
                            .db()?;
                        for id in rows {
                            take(id)?;
                        }
                    }
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        self.placed_reports(&ids)
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
            let mut st = tx
                .prepare_cached("SELECT incident_id FROM incident_reports WHERE report_id = ?1")
                .db()?;
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
        let old_findings = count("SELECT COUNT(*) FROM findings WHERE incident_id = ?1", &old)?;
        let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
        for id in w.removed {
            tx.execute("DELETE FROM incident_reports WHERE report_id = ?1", [id])
                .db()?;
        }
        // Where the batch's reports are found from now on: as placed now.
        index_placed(&tx, w.removed)?;
        replace_incidents_in(
            &tx,
            &old_refs,
            w.report_ids,
            Some(w.groups),
            w.incidents,
            w.findings,
        )?;
        index_placed(&tx, w.report_ids)?;
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
                    "SELECT x.incident_id FROM incident_aliases a \
                     JOIN incident_reports x ON x.report_id = a.report_id WHERE a.alias = ?1",
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
