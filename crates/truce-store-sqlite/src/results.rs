//! Incidents and findings: bulk and partial replacement, and the lists.

use crate::*;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

impl ResultStore for SqliteStore {
    fn replace_results(
        &mut self,
        report_ids: &[i64],
        groups: &[i64],
        index: &[truce_store::IndexChunk],
        incidents: &[Incident],
        findings: &mut dyn Iterator<Item = Finding>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>> {
        // Bulk replacement: drop the secondary indexes, insert in key order
        // (appends to the B-trees instead of random inserts), then rebuild the
        // indexes in one sort each. An order of magnitude faster than row-by-row
        // index maintenance at a million findings.
        let mut count = 0u64;
        let (tx, frontier) = self.write()?;
        // Another process may have evaluated newer reports while this
        // evaluation ran: its results stand, these would undo them.
        let newest: Option<i64> = tx
            .query_row("SELECT MAX(log_size) FROM evaluations", [], |r| r.get(0))
            .db()?;
        if let (Some(newest), Some(mine)) = (newest, info.log_size)
            && newest as u64 > mine
        {
            drop(tx);
            self.frontier = Some(frontier);
            return Ok(None);
        }
        // What the old incidents were, for the ids that vanish (aliases) and
        // the verdicts that would detach with them.
        tx.execute_batch(
            "DROP TABLE IF EXISTS temp.old_first;
             CREATE TEMP TABLE old_first AS
                 SELECT i.id AS id, MIN(x.report_id) AS report_id FROM incident_reports x
                 JOIN incidents i ON i.seq = x.seq GROUP BY x.seq;",
        )
        .db()?;
        let decided = decided_on(&tx, None)?;
        tx.execute_batch(
            "DROP INDEX IF EXISTS findings_id;
             DROP INDEX IF EXISTS findings_status;
             DROP INDEX IF EXISTS findings_time;
             DROP INDEX IF EXISTS findings_party;
             DROP INDEX IF EXISTS incident_reports_seq;
             DROP INDEX IF EXISTS incident_reports_corr;
             DROP INDEX IF EXISTS incidents_time;
             DELETE FROM findings; DELETE FROM incident_reports; DELETE FROM incidents;",
        )
        .db()?;
        {
            // In `seq` order, which is every table's key order: appends.
            let mut members: Vec<(i64, i64, Option<i64>)> = Vec::with_capacity(report_ids.len());
            for (seq, inc) in incidents.iter().enumerate() {
                insert_incident(&tx, inc, seq as i64).db()?;
                for &ri in &inc.reports {
                    let id = report_ids
                        .get(ri)
                        .copied()
                        .ok_or_else(|| StoreError::Corrupt {
                            what: "evaluation".into(),
                            reason: format!(
                                "incident {} names report #{ri}, which was not loaded",
                                inc.id
                            ),
                        })?;
                    members.push((id, seq as i64, groups.get(ri).copied()));
                }
            }
            members.sort_unstable();
            let mut member = tx
                .prepare_cached(
                    "INSERT INTO incident_reports (report_id, seq, corr) VALUES (?1, ?2, ?3)",
                )
                .db()?;
            for (id, seq, group) in members {
                member.execute(params![id, seq, group]).db()?;
            }
            // Each finding carries its incident's place in time, so that a
            // list filtered by status walks one index in time order.
            let when: std::collections::HashMap<&str, (i64, i64)> = incidents
                .iter()
                .enumerate()
                .map(|(seq, i)| (i.id.as_str(), (i.occurred.start, seq as i64)))
                .collect();
            let mut f = tx.prepare_cached(
                "INSERT INTO findings (id, commitment_id, reading_id, party, status, confidence, \
                 occurred_start, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            ).db()?;
            for x in findings {
                count += 1;
                let (start, seq) = when.get(x.incident_id.as_str()).copied().unwrap_or((0, -1));
                f.execute(params![
                    x.id,
                    x.commitment_id,
                    x.reading_id,
                    x.party,
                    x.status.as_str(),
                    x.confidence.as_str(),
                    start,
                    seq,
                ])
                .db()?;
            }
            tx.execute_batch(
                concat!(
                    "CREATE UNIQUE INDEX findings_id ON findings (id);
                     CREATE INDEX findings_party ON findings (party, occurred_start, seq);",
                    crate::schema::status_indexes!(),
                    "CREATE INDEX incident_reports_seq ON incident_reports (seq);
                 CREATE INDEX incident_reports_corr ON incident_reports (corr);
                 CREATE INDEX incidents_time ON incidents (occurred_start, seq, occurred_end, lat, lon, region, country);"
                ),
            ).db()?;
            tx.execute(
                "INSERT INTO evaluations (at, agreement_version, reference_data, reports, incidents, findings, log_size) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    info.at,
                    info.agreement_version,
                    info.reference_data,
                    info.reports as i64,
                    info.incidents as i64,
                    count as i64,
                    info.log_size.map(|n| n as i64),
                ],
            ).db()?;
        }
        Self::note_span(&tx, incidents, true)?;
        // Decided statuses outlive the evaluation they were decided on.
        tx.execute(
            "UPDATE findings SET status = v.status FROM verdicts v WHERE v.finding_id = findings.id",
            [],
        ).db()?;
        // Publication follows the reports, whichever incidents now hold them.
        refresh_publications(&tx, None)?;
        tx.execute(
            "INSERT OR REPLACE INTO incident_aliases (alias, report_id, at) \
             SELECT o.id, o.report_id, ?1 FROM old_first o WHERE NOT EXISTS \
             (SELECT 1 FROM incidents i WHERE i.id = o.id)",
            [now()],
        )
        .db()?;
        tx.execute_batch(
            "DELETE FROM incident_aliases WHERE alias IN (SELECT id FROM incidents);
             DROP TABLE temp.old_first;",
        )
        .db()?;
        carry_verdicts(&tx, &decided)?;
        // Placement continues from here when every report has its group.
        tx.execute("DELETE FROM meta WHERE key = ?1", [PLACEMENT_MARK])
            .db()?;
        if let Some(size) = info.log_size
            && groups.len() == report_ids.len()
        {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![PLACEMENT_MARK, size.to_string()],
            )
            .db()?;
            crate::placement::replace_index(&tx, index)?;
        } else {
            tx.execute("DELETE FROM placement_index", []).db()?;
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(Some(count))
    }

    /// Replaces some incidents (and their findings) with others built from
    /// the same reports, as a merge, split or correction decides, in one
    /// transaction. `report_ids[i]` is the database id of report `i` that the
    /// new incidents' member indices point at. Verdicts and publication are
    /// kept for findings and incidents whose ids survive.
    fn replace_incidents(
        &mut self,
        old: &[&str],
        report_ids: &[i64],
        incidents: &[Incident],
        findings: &[Finding],
    ) -> Result<()> {
        let (tx, frontier) = self.write()?;
        replace_incidents_in(&tx, old, report_ids, None, incidents, findings)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn incidents(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>> {
        if crate::finding_order_table(filter) == "f" && filter.newest_first {
            return self.incidents_by_status(filter);
        }
        let filter = &self.bounded(filter)?;
        let (wh, args) = incident_where(filter);
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let order = if filter.newest_first {
            "i.occurred_start DESC, i.seq DESC"
        } else {
            "i.occurred_start, i.seq"
        };
        // A page first picks its ids from the time index, which also holds
        // each incident's end, place, region and country, so filters on
        // those never touch the table; only the page's rows are read in full.
        let sql = if filter.limit.is_some() {
            format!(
                "SELECT {INCIDENT_COLUMNS} FROM incidents i WHERE i.id IN \
                 (SELECT i.id FROM incidents i {wh} ORDER BY {order} LIMIT {limit}) ORDER BY {order}"
            )
        } else {
            format!("SELECT {INCIDENT_COLUMNS} FROM incidents i {wh} ORDER BY {order}")
        };
        let mut st = self.conn.prepare_cached(&sql).db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                let mut row = incident_from_row_seq(r)?;
                row.incident.reports.clear();
                Ok(row)
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn incident(&self, id: &str) -> Result<Option<IncidentRow>> {
        self.conn
            .query_row(
                &format!("SELECT {INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ?1"),
                [id],
                incident_from_row_seq,
            )
            .optional()
            .db()
    }

    fn findings(&self, filter: &FindingFilter) -> Result<Vec<FindingRow>> {
        let filter = &self.bounded(filter)?;
        let (wh, args) = finding_where(filter);
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let t = crate::finding_order_table(filter);
        let order = if filter.newest_first {
            format!("{t}.occurred_start DESC, {t}.seq DESC, f.commitment_id, f.reading_id, f.party")
        } else {
            format!("{t}.occurred_start, {t}.seq, f.commitment_id, f.reading_id, f.party")
        };
        let sql = format!(
            "SELECT f.id, i.id, f.commitment_id, f.reading_id, f.party, f.status, f.confidence \
             FROM findings f JOIN incidents i ON i.seq = f.seq {wh} \
             ORDER BY {order} LIMIT {limit}"
        );
        let mut st = self.conn.prepare(&sql).db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(FindingRow {
                    id: r.get(0)?,
                    incident_id: r.get(1)?,
                    commitment_id: r.get(2)?,
                    reading_id: r.get(3)?,
                    party: r.get(4)?,
                    status: parse_col(r, 5, "status", |s| Status::parse(s).ok())?,
                    confidence: parse_col(r, 6, "confidence", |s| Confidence::parse(s).ok())?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn finding_by_id(&self, id: &str) -> Result<Option<crate::FindingRow>> {
        self.conn
            .prepare_cached(
                "SELECT f.id, i.id, f.commitment_id, f.reading_id, f.party, f.status, f.confidence \
                 FROM findings f JOIN incidents i ON i.seq = f.seq WHERE f.id = ?1",
            )
            .db()?
            .query_row([id], |r| {
                let s: String = r.get(5)?;
                let c: String = r.get(6)?;
                Ok(crate::FindingRow {
                    id: r.get(0)?,
                    incident_id: r.get(1)?,
                    commitment_id: r.get(2)?,
                    reading_id: r.get(3)?,
                    party: r.get(4)?,
                    status: Status::parse(&s).unwrap_or(Status::Insufficient),
                    confidence: truce_model::Confidence::parse(&c)
                        .unwrap_or(truce_model::Confidence::RoughlyEven),
                })
            })
            .optional()
            .db()
    }

    /// The statuses of the findings of these incidents.
    fn finding_statuses(&self, incidents: &[String]) -> Result<Vec<(String, Status)>> {
        let mut out = Vec::new();
        for chunk in incidents.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut st = self
                .conn
                .prepare_cached(&format!(
                    "SELECT i.id, f.status FROM incidents i JOIN findings f ON f.seq = i.seq WHERE i.id IN ({marks})"
                ))
                .db()?;
            let rows = st
                .query_map(rusqlite::params_from_iter(chunk), |r| {
                    let s: String = r.get(1)?;
                    Ok((r.get(0)?, Status::parse(&s).unwrap_or(Status::Insufficient)))
                })
                .db()?;
            for row in rows {
                out.push(row.db()?);
            }
        }
        Ok(out)
    }

    fn last_evaluation(&self) -> Result<Option<EvaluationInfo>> {
        self
            .conn
            .query_row(
                "SELECT at, agreement_version, reference_data, reports, incidents, findings, log_size \
                 FROM evaluations ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(EvaluationInfo {
                        at: r.get(0)?,
                        agreement_version: r.get(1)?,
                        reference_data: r.get(2)?,
                        reports: r.get::<_, i64>(3)? as u64,
                        incidents: r.get::<_, i64>(4)? as u64,
                        findings: r.get::<_, i64>(5)? as u64,
                        log_size: r.get::<_, Option<i64>>(6)?.map(|n| n as u64),
                        placed: None,
                    })
                },
            )
            .optional().db()
    }

    /// Findings per commitment reading, party, status and day of the
    /// incident's start (days counted at `offset_seconds` from UTC).
    ///
    /// Counted here rather than by `GROUP BY`: SQLite sorted every finding
    /// (a million and more) by five columns for some thousands of groups,
    /// three seconds at 1M. Each finding keeps its incident's start, so no
    /// join either.
    fn daily_counts(&self, published_only: bool, offset_seconds: i64) -> Result<Vec<DailyCount>> {
        let wh = if published_only {
            "WHERE EXISTS (SELECT 1 FROM publications p JOIN incidents i ON i.id = p.incident_id \
             WHERE i.seq = f.seq)"
        } else {
            ""
        };
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT f.commitment_id, f.reading_id, f.party, f.status,                  COALESCE(f.occurred_start, (SELECT occurred_start FROM incidents i WHERE i.seq = f.seq))                  FROM findings f {wh}"
            ))
            .db()?;
        let mut rows = st.query([]).db()?;
        // Groups keyed by their four words joined, so that a row allocates
        // nothing unless its group is new.
        let mut groups: std::collections::HashMap<String, usize> = Default::default();
        let mut words: Vec<Vec<String>> = Vec::new();
        let mut by_day: std::collections::HashMap<(usize, i64), u64> = Default::default();
        let mut key = String::new();
        while let Some(r) = rows.next().db()? {
            key.clear();
            for i in 0..4 {
                let v = r.get_ref(i).db()?;
                key.push_str(v.as_str().map_err(rusqlite::Error::from).db()?);
                key.push('\u{1f}');
            }
            let start: i64 = r.get(4).db()?;
            // As SQLite's integer division did: towards zero.
            let day = start.saturating_add(offset_seconds) / 86400;
            let group = match groups.get(key.as_str()) {
                Some(&g) => g,
                None => {
                    words.push(key.split('\u{1f}').take(4).map(str::to_string).collect());
                    groups.insert(key.clone(), words.len() - 1);
                    words.len() - 1
                }
            };
            *by_day.entry((group, day)).or_default() += 1;
        }
        let mut counts: Vec<DailyCount> = by_day
            .into_iter()
            .map(|((group, day), count)| {
                let w = &words[group];
                DailyCount {
                    commitment_id: w[0].clone(),
                    reading_id: w[1].clone(),
                    party: w[2].clone(),
                    status: Status::parse(&w[3]).unwrap_or(Status::Insufficient),
                    day,
                    count,
                }
            })
            .collect();
        counts.sort_by(|a, b| {
            (
                &a.commitment_id,
                &a.reading_id,
                &a.party,
                a.status.as_str(),
                a.day,
            )
                .cmp(&(
                    &b.commitment_id,
                    &b.reading_id,
                    &b.party,
                    b.status.as_str(),
                    b.day,
                ))
        });
        Ok(counts)
    }

    /// Incidents with findings that may be violations and no verdict yet,
    /// oldest first.
    fn queue(&self, q: &QueueFilter) -> Result<Vec<QueueItem>> {
        use rusqlite::types::Value;
        let mut args: Vec<Value> = vec![
            Value::Integer(q.limit.min(i64::MAX as u64) as i64),
            Value::Integer(now() - ASSIGNMENT_SECONDS),
        ];
        let (on_findings, held) = queue_conditions(q, &mut args);
        // Leads (fire at a protected site) have no open finding; a
        // condition on findings leaves them out.
        let lead = if q.on_findings() {
            "0"
        } else {
            "i.act = 'fire'"
        };
        let sql = format!(
            "SELECT i.id, i.occurred_start, i.place, i.region, i.act, i.means, i.target_class, \
                i.target_name, i.report_count, COUNT({rank}), MIN({rank}) AS worst, \
                GROUP_CONCAT(DISTINCT CASE WHEN {rank} IS NOT NULL THEN f.party END), \
                a.user_name, i.act = 'fire' \
             FROM findings f JOIN incidents i ON i.seq = f.seq \
             LEFT JOIN assignments a ON a.incident_id = i.id AND a.at >= ?2 \
             WHERE (({rank}) IS NOT NULL {on_findings} OR {lead}) {held} \
             GROUP BY i.seq ORDER BY {order} LIMIT ?1",
            rank = OPEN_RANK_SQL,
            order = q.order.sql(),
        );
        let mut st = self.conn.prepare_cached(&sql).db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                let parties: Option<String> = r.get(11)?;
                let mut parties: Vec<String> = parties
                    .map(|p| p.split(',').map(str::to_string).collect())
                    .unwrap_or_default();
                parties.sort();
                Ok(QueueItem {
                    incident_id: r.get(0)?,
                    occurred_start: r.get(1)?,
                    place: r.get(2)?,
                    region: r.get(3)?,
                    act: r.get(4)?,
                    means: r.get(5)?,
                    target_class: r.get(6)?,
                    target_name: r.get(7)?,
                    report_count: r.get::<_, i64>(8)? as u64,
                    open_findings: r.get::<_, i64>(9)? as u64,
                    status: open_status_of_rank(r.get(10)?),
                    parties,
                    assigned_to: r.get(12)?,
                    lead: r.get(13)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Whether an incident exists, and whether it is published.
    fn incident_published(&self, incident: &str) -> Result<Option<bool>> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = i.id) \
                 FROM incidents i WHERE i.id = ?1",
            )
            .db()?
            .query_row([incident], |r| r.get(0))
            .optional()
            .db()
    }
}

/// Where placement continues from (a log size), in `meta`.
pub(crate) const PLACEMENT_MARK: &str = "placement_mark";

/// [`ResultStore::replace_incidents`] within the caller's transaction (a
/// decision's, when it regroups, or a placement's). `groups[i]` is report
/// `report_ids[i]`'s correlation group; without them, each report keeps the
/// group it had. An old id that no new incident takes becomes an alias of
/// the incident holding its first report, and its verdicts move there when
/// the same finding there has none.
pub(crate) fn replace_incidents_in(
    tx: &Connection,
    old: &[&str],
    report_ids: &[i64],
    groups: Option<&[i64]>,
    incidents: &[Incident],
    findings: &[Finding],
) -> Result<()> {
    // Only what differs is written: an incident that keeps its id keeps its
    // row (and `seq`), and of its members and findings only those that
    // changed are touched. A batch rebuilds many incidents that end up as
    // they were, and every row rewritten costs pages in the log's
    // transaction, so this is most of what placement costs.
    let mut seq: i64 = tx
        .query_row("SELECT COALESCE(MAX(seq) + 1, 0) FROM incidents", [], |r| {
            r.get(0)
        })
        .db()?;
    // What the old incidents were: each one's row, members (with groups),
    // findings, and first report.
    let mut first: Vec<(String, i64)> = Vec::new();
    let mut old_members: HashMap<i64, (String, Option<i64>)> = HashMap::new();
    let mut old_rows: HashMap<String, OldIncident> = HashMap::new();
    {
        let mut members = tx
            .prepare_cached("SELECT report_id, corr FROM incident_reports WHERE seq = ?1")
            .db()?;
        let mut row = tx
            .prepare_cached(
                "SELECT seq, occurred_start, occurred_end, lat, lon, geo_precision, place, act, means, \
                 target_class, target_name, report_count, country, region FROM incidents WHERE id = ?1",
            )
            .db()?;
        let mut fs = tx
            .prepare_cached(
                "SELECT f.commitment_id, f.reading_id, f.party, f.id, f.status, f.confidence, \
                 v.status IS NOT NULL FROM findings f LEFT JOIN verdicts v ON v.finding_id = f.id \
                 WHERE f.seq = ?1",
            )
            .db()?;
        for id in old {
            let Some((old_seq, values)) = row
                .query_row([id], |r| Ok((r.get::<_, i64>(0)?, OldValues::read(r, 1)?)))
                .optional()
                .db()?
            else {
                continue;
            };
            let mut lowest: Option<i64> = None;
            let rows = members
                .query_map([old_seq], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
                })
                .db()?;
            for m in rows {
                let (report, group) = m.db()?;
                lowest = Some(lowest.map_or(report, |l: i64| l.min(report)));
                old_members.insert(report, (id.to_string(), group));
            }
            if let Some(l) = lowest {
                first.push((id.to_string(), l));
            }
            let mut findings = HashMap::new();
            let rows = fs
                .query_map([old_seq], |r| {
                    Ok((
                        (
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ),
                        (
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(4)?,
                            r.get::<_, String>(5)?,
                            r.get::<_, bool>(6)?,
                        ),
                    ))
                })
                .db()?;
            for f in rows {
                let (k, v) = f.db()?;
                findings.insert(k, v);
            }
            old_rows.insert(
                id.to_string(),
                OldIncident {
                    seq: old_seq,
                    values,
                    findings,
                },
            );
        }
    }
    let decided: Vec<Decided> = decided_on(tx, Some(old))?
        .into_iter()
        .filter_map(|mut d| {
            let (_, report) = first.iter().find(|(i, _)| *i == d.incident)?;
            d.first_report = *report;
            Some(d)
        })
        .collect();
    let new_ids: std::collections::HashSet<&str> =
        incidents.iter().map(|i| i.id.as_str()).collect();

    // Incidents no new one takes: gone, with their findings.
    for (id, o) in &old_rows {
        if new_ids.contains(id.as_str()) {
            continue;
        }
        tx.prepare_cached("DELETE FROM findings WHERE seq = ?1")
            .db()?
            .execute([o.seq])
            .db()?;
        tx.prepare_cached("DELETE FROM incidents WHERE seq = ?1")
            .db()?
            .execute([o.seq])
            .db()?;
    }

    // Incident rows: new ones appended; kept ones updated where they differ.
    let mut when: HashMap<&str, (i64, i64)> = HashMap::new();
    for inc in incidents {
        match old_rows.get(&inc.id) {
            Some(o) => {
                if o.values != OldValues::of(inc) {
                    crate::update_incident(tx, inc).db()?;
                    if o.values.occurred_start != inc.occurred.start {
                        tx.prepare_cached("UPDATE findings SET occurred_start = ?2 WHERE seq = ?1")
                            .db()?
                            .execute(params![o.seq, inc.occurred.start])
                            .db()?;
                    }
                }
                when.insert(inc.id.as_str(), (inc.occurred.start, o.seq));
            }
            None => {
                crate::insert_incident(tx, inc, seq).db()?;
                when.insert(inc.id.as_str(), (inc.occurred.start, seq));
                seq += 1;
            }
        }
    }
    SqliteStore::note_span(tx, incidents, false)?;

    // Memberships: each report's incident and group, now and before.
    let mut now_members: HashMap<i64, (&str, Option<i64>)> = HashMap::new();
    for inc in incidents {
        for &ri in &inc.reports {
            let id = report_ids.get(ri).copied().ok_or_else(|| {
                damaged(
                    "regrouping",
                    format!("incident {} names report #{ri}", inc.id),
                )
            })?;
            let group = match groups {
                Some(g) => g.get(ri).copied(),
                None => old_members.get(&id).and_then(|(_, g)| *g),
            };
            now_members.insert(id, (inc.id.as_str(), group));
        }
    }
    for report in old_members.keys() {
        if !now_members.contains_key(report) {
            tx.prepare_cached("DELETE FROM incident_reports WHERE report_id = ?1")
                .db()?
                .execute(params![report])
                .db()?;
        }
    }
    for (report, (inc, group)) in &now_members {
        let same = old_members
            .get(report)
            .is_some_and(|(i, g)| i == inc && g == group);
        if !same {
            let (_, at) = when.get(inc).copied().unwrap_or((0, -1));
            tx.prepare_cached(
                "INSERT OR REPLACE INTO incident_reports (report_id, seq, corr) \
                 VALUES (?1, ?2, ?3)",
            )
            .db()?
            .execute(params![report, at, group])
            .db()?;
        }
    }

    // Findings: of a kept incident, only those whose status or confidence
    // changed (a finding with a verdict keeps the verdict's status).
    let mut seen: std::collections::HashSet<(&str, &str, &str, &str)> = Default::default();
    for x in findings {
        seen.insert((
            x.incident_id.as_str(),
            x.commitment_id.as_str(),
            x.reading_id.as_str(),
            x.party.as_str(),
        ));
        let before = old_rows.get(&x.incident_id).and_then(|o| {
            o.findings.get(&(
                x.commitment_id.clone(),
                x.reading_id.clone(),
                x.party.clone(),
            ))
        });
        let (start, seq) = when.get(x.incident_id.as_str()).copied().unwrap_or((0, -1));
        match before {
            Some((id, status, confidence, verdict)) if *id == x.id => {
                let status_same = *verdict || status == x.status.as_str();
                if status_same && confidence == x.confidence.as_str() {
                    continue;
                }
                tx.prepare_cached(
                    "UPDATE findings SET status = COALESCE((SELECT status FROM verdicts WHERE finding_id = ?1), ?2), \
                     confidence = ?3 WHERE id = ?1",
                )
                .db()?
                .execute(params![x.id, x.status.as_str(), x.confidence.as_str()])
                .db()?;
            }
            _ => {
                if before.is_some() {
                    tx.prepare_cached(
                        "DELETE FROM findings WHERE seq = ?1 AND commitment_id = ?2 \
                         AND reading_id = ?3 AND party = ?4",
                    )
                    .db()?
                    .execute(params![seq, x.commitment_id, x.reading_id, x.party])
                    .db()?;
                }
                tx.prepare_cached(
                    "INSERT INTO findings (id, commitment_id, reading_id, party, status, confidence, \
                     occurred_start, seq) VALUES (?1, ?2, ?3, ?4, \
                     COALESCE((SELECT status FROM verdicts WHERE finding_id = ?1), ?5), ?6, ?7, ?8)",
                )
                .db()?
                .execute(params![
                    x.id,
                    x.commitment_id,
                    x.reading_id,
                    x.party,
                    x.status.as_str(),
                    x.confidence.as_str(),
                    start,
                    seq,
                ])
                .db()?;
            }
        }
    }
    // Findings of kept incidents that the new evaluation no longer makes.
    for (id, o) in &old_rows {
        if !new_ids.contains(id.as_str()) {
            continue;
        }
        for (c, r, party) in o.findings.keys() {
            if !seen.contains(&(id.as_str(), c.as_str(), r.as_str(), party.as_str())) {
                tx.prepare_cached(
                    "DELETE FROM findings WHERE seq = ?1 AND commitment_id = ?2 \
                     AND reading_id = ?3 AND party = ?4",
                )
                .db()?
                .execute(params![o.seq, c, r, party])
                .db()?;
            }
        }
    }

    let at = now();
    for (id, report) in &first {
        if new_ids.contains(id.as_str()) {
            continue;
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO incident_aliases (alias, report_id, at) VALUES (?1, ?2, ?3)",
        )
        .db()?
        .execute(params![id, report, at])
        .db()?;
    }
    // An id that is an incident again is no longer an alias.
    for id in &new_ids {
        if old_rows.contains_key(*id) {
            continue;
        }
        tx.prepare_cached("DELETE FROM incident_aliases WHERE alias = ?1")
            .db()?
            .execute([id])
            .db()?;
    }
    let gone: Vec<Decided> = decided
        .into_iter()
        .filter(|d| !new_ids.contains(d.incident.as_str()))
        .collect();
    carry_verdicts(tx, &gone)?;
    // Publication follows the reports: only incidents whose members changed
    // (or that are new or gone) can change.
    let mut touched: Vec<&str> = Vec::new();
    for id in old {
        if !new_ids.contains(id) {
            touched.push(id);
        }
    }
    for (report, (inc, _)) in &now_members {
        if old_members.get(report).is_none_or(|(i, _)| i != inc) {
            touched.push(inc);
        }
    }
    for (report, (inc, _)) in &old_members {
        if now_members.get(report).is_none_or(|(i, _)| i != inc) {
            touched.push(inc.as_str());
        }
    }
    touched.sort_unstable();
    touched.dedup();
    crate::refresh_publications(tx, Some(&touched))?;
    Ok(())
}

/// A finding's key within its incident: commitment, reading, party.
type FindingKey = (String, String, String);
/// A stored finding: id, status, confidence, and whether a verdict set it.
type OldFinding = (String, String, String, bool);

/// An incident's stored row, before a placement or decision replaces it.
struct OldIncident {
    seq: i64,
    values: OldValues,
    /// Findings by (commitment, reading, party): id, status, confidence,
    /// and whether a verdict decided the status.
    findings: HashMap<FindingKey, OldFinding>,
}

/// An incident row's values, to tell whether a rebuilt incident differs.
#[derive(Debug, PartialEq)]
struct OldValues {
    occurred_start: i64,
    occurred_end: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: String,
    place: Option<String>,
    act: String,
    means: String,
    target_class: String,
    target_name: Option<String>,
    report_count: i64,
    country: Option<String>,
    region: Option<String>,
}

impl OldValues {
    fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<OldValues> {
        Ok(OldValues {
            occurred_start: r.get(at)?,
            occurred_end: r.get(at + 1)?,
            lat: r.get(at + 2)?,
            lon: r.get(at + 3)?,
            geo_precision: r.get(at + 4)?,
            place: r.get(at + 5)?,
            act: r.get(at + 6)?,
            means: r.get(at + 7)?,
            target_class: r.get(at + 8)?,
            target_name: r.get(at + 9)?,
            report_count: r.get(at + 10)?,
            country: r.get(at + 11)?,
            region: r.get(at + 12)?,
        })
    }

    fn of(inc: &Incident) -> OldValues {
        OldValues {
            occurred_start: inc.occurred.start,
            occurred_end: inc.occurred.end,
            lat: inc.location.map(|p| p.lat),
            lon: inc.location.map(|p| p.lon),
            geo_precision: inc.geo_precision.as_str().to_string(),
            place: inc.place.clone(),
            act: inc.act.as_str().to_string(),
            means: inc.means.as_str().to_string(),
            target_class: inc.target_class.as_str().to_string(),
            target_name: inc.target_name.clone(),
            report_count: inc.reports.len() as i64,
            country: inc.country.clone(),
            region: inc.region.clone(),
        }
    }
}

/// A verdict on a finding of an incident about to be replaced.
struct Decided {
    incident: String,
    finding: String,
    commitment: String,
    reading: String,
    party: String,
    /// The incident's first report (the one its id came from).
    first_report: i64,
}

/// The verdicts on the findings of these incidents (of all, with `None`,
/// their first reports read from `temp.old_first`).
fn decided_on(tx: &Connection, incidents: Option<&[&str]>) -> Result<Vec<Decided>> {
    let row = |r: &rusqlite::Row<'_>| {
        Ok(Decided {
            finding: r.get(0)?,
            incident: r.get(1)?,
            commitment: r.get(2)?,
            reading: r.get(3)?,
            party: r.get(4)?,
            first_report: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
        })
    };
    let mut out = Vec::new();
    match incidents {
        None => {
            let mut st = tx
                .prepare(
                    "SELECT f.id, i.id, f.commitment_id, f.reading_id, f.party, o.report_id \
                     FROM verdicts v JOIN findings f ON f.id = v.finding_id \
                     JOIN incidents i ON i.seq = f.seq \
                     LEFT JOIN old_first o ON o.id = i.id",
                )
                .db()?;
            for d in st.query_map([], row).db()? {
                out.push(d.db()?);
            }
        }
        Some(ids) => {
            let mut st = tx
                .prepare_cached(
                    "SELECT f.id, i.id, f.commitment_id, f.reading_id, f.party, NULL \
                     FROM incidents i JOIN findings f ON f.seq = i.seq \
                     JOIN verdicts v ON v.finding_id = f.id WHERE i.id = ?1",
                )
                .db()?;
            for id in ids {
                for d in st.query_map([id], row).db()? {
                    out.push(d.db()?);
                }
            }
        }
    }
    Ok(out)
}

/// A verdict whose finding vanished with its incident (merged into another)
/// follows the incident's first report to the same finding (commitment,
/// reading, party) there, unless that one has a verdict of its own: then
/// both stay on record and the surviving finding keeps its own.
fn carry_verdicts(tx: &Connection, decided: &[Decided]) -> Result<()> {
    for d in decided {
        let still: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM findings WHERE id = ?1)")
            .db()?
            .query_row([&d.finding], |r| r.get(0))
            .db()?;
        if still || d.first_report == 0 {
            continue;
        }
        let target: Option<String> = tx
            .prepare_cached(
                "SELECT f.id FROM incident_reports x JOIN findings f ON f.seq = x.seq \
                 WHERE x.report_id = ?1 AND f.commitment_id = ?2 AND f.reading_id = ?3 AND f.party = ?4 \
                 AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.finding_id = f.id)",
            )
            .db()?
            .query_row(params![d.first_report, d.commitment, d.reading, d.party], |r| {
                r.get(0)
            })
            .optional()
            .db()?;
        if let Some(target) = target {
            tx.execute(
                "UPDATE verdicts SET finding_id = ?2 WHERE finding_id = ?1",
                params![d.finding, target],
            )
            .db()?;
            tx.execute(
                "UPDATE findings SET status = (SELECT status FROM verdicts WHERE finding_id = ?1) WHERE id = ?1",
                [&target],
            )
            .db()?;
        }
    }
    Ok(())
}

/// The queue's conditions on open findings (` AND …`, inside the open
/// findings' clause) and on who holds the incident (` AND …`), their
/// parameters appended to `args` (numbered from 3).
fn queue_conditions(q: &QueueFilter, args: &mut Vec<rusqlite::types::Value>) -> (String, String) {
    use rusqlite::types::Value;
    let mut on = String::new();
    let push = |cond: &str, v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!(" AND {cond} ?{}", args.len())
    };
    if let Some(st) = q.status {
        on += &push("f.status =", Value::Text(st.as_str().into()), args);
    }
    if let Some(p) = &q.party {
        on += &push("f.party =", Value::Text(p.clone()), args);
    }
    if let Some(c) = &q.commitment {
        on += &push("f.commitment_id =", Value::Text(c.clone()), args);
    }
    let held = match &q.assigned {
        QueueAssigned::Any => String::new(),
        QueueAssigned::Nobody => " AND a.user_name IS NULL".into(),
        QueueAssigned::To(u) => push("a.user_name =", Value::Text(u.clone()), args),
    };
    (on, held)
}
