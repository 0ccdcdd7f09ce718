//! Incidents and findings: bulk and partial replacement, and the lists.

use crate::log::CHUNK;
use crate::*;
use std::collections::HashMap;

/// Where placement continues from (a log size), in `meta`.
pub(crate) const PLACEMENT_MARK: &str = "placement_mark";

/// Incident rows, column by column, for multi-row inserts.
#[derive(Default)]
struct IncidentRows {
    seq: Vec<i64>,
    id: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    geo_precision: Vec<String>,
    place: Vec<Option<String>>,
    act: Vec<String>,
    means: Vec<String>,
    target_class: Vec<String>,
    target_name: Vec<Option<String>>,
    report_count: Vec<i64>,
    country: Vec<Option<String>>,
    region: Vec<Option<String>>,
}

impl IncidentRows {
    fn push(&mut self, inc: &Incident, seq: i64) {
        self.seq.push(seq);
        self.id.push(inc.id.clone());
        self.start.push(inc.occurred.start);
        self.end.push(inc.occurred.end);
        self.lat.push(inc.location.map(|p| p.lat));
        self.lon.push(inc.location.map(|p| p.lon));
        self.geo_precision.push(inc.geo_precision.as_str().into());
        self.place.push(inc.place.clone());
        self.act.push(inc.act.as_str().into());
        self.means.push(inc.means.as_str().into());
        self.target_class.push(inc.target_class.as_str().into());
        self.target_name.push(inc.target_name.clone());
        self.report_count.push(inc.reports.len() as i64);
        self.country.push(inc.country.clone());
        self.region.push(inc.region.clone());
    }

    fn flush(&mut self, tx: &mut Transaction<'_>) -> Result<()> {
        if self.seq.is_empty() {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO incidents (seq, id, occurred_start, occurred_end, lat, lon, geo_precision, place, \
             act, means, target_class, target_name, report_count, country, region) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::float8[], \
             $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], \
             $13::bigint[], $14::text[], $15::text[])",
            &[
                &self.seq,
                &self.id,
                &self.start,
                &self.end,
                &self.lat,
                &self.lon,
                &self.geo_precision,
                &self.place,
                &self.act,
                &self.means,
                &self.target_class,
                &self.target_name,
                &self.report_count,
                &self.country,
                &self.region,
            ],
        )
        .db()?;
        *self = IncidentRows::default();
        Ok(())
    }
}

/// Finding rows, column by column.
#[derive(Default)]
struct FindingRows {
    id: Vec<String>,
    incident: Vec<String>,
    commitment: Vec<String>,
    reading: Vec<String>,
    party: Vec<String>,
    status: Vec<String>,
    confidence: Vec<String>,
    start: Vec<i64>,
    seq: Vec<i64>,
}

impl FindingRows {
    fn push(&mut self, x: &Finding, start: i64, seq: i64) {
        self.id.push(x.id.clone());
        self.incident.push(x.incident_id.clone());
        self.commitment.push(x.commitment_id.clone());
        self.reading.push(x.reading_id.clone());
        self.party.push(x.party.clone());
        self.status.push(x.status.as_str().into());
        self.confidence.push(x.confidence.as_str().into());
        self.start.push(start);
        self.seq.push(seq);
    }

    fn len(&self) -> usize {
        self.id.len()
    }

    fn flush(&mut self, tx: &mut Transaction<'_>) -> Result<()> {
        if self.id.is_empty() {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO findings (id, incident_id, commitment_id, reading_id, party, status, confidence, \
             occurred_start, seq) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], \
             $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])",
            &[
                &self.id,
                &self.incident,
                &self.commitment,
                &self.reading,
                &self.party,
                &self.status,
                &self.confidence,
                &self.start,
                &self.seq,
            ],
        )
        .db()?;
        *self = FindingRows::default();
        Ok(())
    }
}

/// Writes memberships (report, incident, seq, group) in multi-row inserts.
fn insert_members(
    tx: &mut Transaction<'_>,
    members: &[(i64, &str, i64, Option<i64>)],
) -> Result<()> {
    for chunk in members.chunks(CHUNK * 4) {
        let report: Vec<i64> = chunk.iter().map(|m| m.0).collect();
        let incident: Vec<&str> = chunk.iter().map(|m| m.1).collect();
        let seq: Vec<i64> = chunk.iter().map(|m| m.2).collect();
        let corr: Vec<Option<i64>> = chunk.iter().map(|m| m.3).collect();
        tx.execute(
            "INSERT INTO incident_reports (report_id, incident_id, seq, corr) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[])",
            &[&report, &incident, &seq, &corr],
        )
        .db()?;
    }
    Ok(())
}

fn record_evaluation(
    tx: &mut Transaction<'_>,
    info: &EvaluationInfo,
    reports: i64,
    incidents: i64,
    findings: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO evaluations (at, agreement_version, reference_data, reports, incidents, findings, log_size) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &info.at,
            &info.agreement_version,
            &info.reference_data,
            &reports,
            &incidents,
            &findings,
            &info.log_size.map(|n| n as i64),
        ],
    )
    .db()?;
    Ok(())
}

impl ResultStore for PgStore {
    fn replace_results(
        &mut self,
        report_ids: &[i64],
        groups: &[i64],
        index: &[truce_store::IndexChunk],
        incidents: &[Incident],
        findings: &mut dyn Iterator<Item = Finding>,
        info: &EvaluationInfo,
    ) -> Result<Option<u64>> {
        let mut count = 0u64;
        let (mut tx, frontier) = write_tx!(self)?;
        // Another process may have evaluated newer reports while this
        // evaluation ran: its results stand, these would undo them.
        let newest: Option<i64> = get(
            &tx.query_one("SELECT MAX(log_size) FROM evaluations", &[])
                .db()?,
            0,
        )?;
        if let (Some(newest), Some(mine)) = (newest, info.log_size)
            && newest as u64 > mine
        {
            drop(tx);
            self.frontier = Some(frontier);
            return Ok(None);
        }
        // What the old incidents were, for the ids that vanish (aliases) and
        // the verdicts that would detach with them.
        tx.batch_execute(
            "CREATE TEMP TABLE old_first ON COMMIT DROP AS \
                 SELECT incident_id AS id, MIN(report_id) AS report_id FROM incident_reports \
                 GROUP BY incident_id",
        )
        .db()?;
        let decided = decided_on(&mut tx, None)?;
        // Readers on other connections keep seeing the old results until
        // this commits (no table is locked against them).
        tx.batch_execute(
            "DELETE FROM findings; DELETE FROM incident_reports; DELETE FROM incidents;",
        )
        .db()?;
        let mut members: Vec<(i64, &str, i64, Option<i64>)> = Vec::with_capacity(report_ids.len());
        let mut rows = IncidentRows::default();
        for (seq, inc) in incidents.iter().enumerate() {
            rows.push(inc, seq as i64);
            if rows.seq.len() >= CHUNK {
                rows.flush(&mut tx)?;
            }
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
                members.push((id, inc.id.as_str(), seq as i64, groups.get(ri).copied()));
            }
        }
        rows.flush(&mut tx)?;
        members.sort_unstable();
        insert_members(&mut tx, &members)?;
        // Each finding carries its incident's place in time.
        let when: HashMap<&str, (i64, i64)> = incidents
            .iter()
            .enumerate()
            .map(|(seq, i)| (i.id.as_str(), (i.occurred.start, seq as i64)))
            .collect();
        let mut fs = FindingRows::default();
        for x in findings {
            count += 1;
            let (start, seq) = when.get(x.incident_id.as_str()).copied().unwrap_or((0, -1));
            fs.push(&x, start, seq);
            if fs.len() >= CHUNK {
                fs.flush(&mut tx)?;
            }
        }
        fs.flush(&mut tx)?;
        record_evaluation(
            &mut tx,
            info,
            info.reports as i64,
            info.incidents as i64,
            count as i64,
        )?;
        note_span(&mut tx, incidents, true)?;
        // Decided statuses outlive the evaluation they were decided on.
        tx.execute(
            "UPDATE findings SET status = v.status FROM verdicts v WHERE v.finding_id = findings.id",
            &[],
        )
        .db()?;
        // Publication follows the reports, whichever incidents now hold them.
        refresh_publications(&mut tx, None)?;
        tx.execute(
            "INSERT INTO incident_aliases (alias, report_id, at) \
             SELECT o.id, o.report_id, $1 FROM old_first o WHERE NOT EXISTS \
             (SELECT 1 FROM incidents i WHERE i.id = o.id) \
             ON CONFLICT (alias) DO UPDATE SET report_id = excluded.report_id, at = excluded.at",
            &[&now()],
        )
        .db()?;
        tx.execute(
            "DELETE FROM incident_aliases WHERE alias IN (SELECT id FROM incidents)",
            &[],
        )
        .db()?;
        carry_verdicts(&mut tx, &decided)?;
        // Placement continues from here when every report has its group.
        tx.execute("DELETE FROM meta WHERE key = $1", &[&PLACEMENT_MARK])
            .db()?;
        if let Some(size) = info.log_size
            && groups.len() == report_ids.len()
        {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2)",
                &[&PLACEMENT_MARK, &size.to_string()],
            )
            .db()?;
            crate::placement::replace_index(&mut tx, index)?;
        } else {
            tx.execute("DELETE FROM placement_index", &[]).db()?;
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        // Every result was just rewritten, usually after a large ingest:
        // fresh statistics now, or the planner walks a million rows for
        // what an index answers until autovacuum gets round to it
        // (measured: 0.27 s for one placement question, 2 ms after).
        self.c()?
            .batch_execute(
                "ANALYZE reports, incidents, incident_reports, findings, log_entries, placement_index",
            )
            .db()?;
        Ok(Some(count))
    }

    fn replace_incidents(
        &mut self,
        old: &[&str],
        report_ids: &[i64],
        incidents: &[Incident],
        findings: &[Finding],
    ) -> Result<()> {
        let (mut tx, frontier) = write_tx!(self)?;
        replace_incidents_in(&mut tx, old, report_ids, None, incidents, findings)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn incidents(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>> {
        if (filter.status.is_some() || filter.party.is_some()) && filter.newest_first {
            return self.incidents_by_status(filter);
        }
        let filter = &self.bounded(filter)?;
        let (wh, mut args) = incident_where(filter);
        let order = if filter.newest_first {
            "i.occurred_start DESC, i.seq DESC"
        } else {
            "i.occurred_start, i.seq"
        };
        args.push(limit_param(filter.limit));
        let n = args.len();
        let sql =
            format!("SELECT {INCIDENT_COLUMNS} FROM incidents i {wh} ORDER BY {order} LIMIT ${n}");
        let rows = self.c()?.query(&sql, &refs(&args)).db()?;
        rows.iter().map(incident_from_row).collect()
    }

    fn incident(&self, id: &str) -> Result<Option<IncidentRow>> {
        self.c()?
            .query_opt(
                &format!("SELECT {INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1"),
                &[&id],
            )
            .db()?
            .map(|r| incident_from_row(&r))
            .transpose()
    }

    fn findings(&self, filter: &FindingFilter) -> Result<Vec<FindingRow>> {
        let filter = &self.bounded(filter)?;
        let (wh, mut args) = finding_where_at(filter, 0);
        let t = finding_order_table(filter);
        let order = if filter.newest_first {
            format!("{t}.occurred_start DESC, {t}.seq DESC, f.commitment_id, f.reading_id, f.party")
        } else {
            format!("{t}.occurred_start, {t}.seq, f.commitment_id, f.reading_id, f.party")
        };
        args.push(limit_param(filter.limit));
        let n = args.len();
        let sql = format!(
            "SELECT f.id, f.incident_id, f.commitment_id, f.reading_id, f.party, f.status, f.confidence \
             FROM findings f JOIN incidents i ON i.seq = f.seq {wh} \
             ORDER BY {order} LIMIT ${n}"
        );
        let rows = self.c()?.query(&sql, &refs(&args)).db()?;
        rows.iter().map(finding_from_row).collect()
    }

    fn finding_by_id(&self, id: &str) -> Result<Option<FindingRow>> {
        self.c()?
            .query_opt(
                "SELECT id, incident_id, commitment_id, reading_id, party, status, confidence \
                 FROM findings WHERE id = $1",
                &[&id],
            )
            .db()?
            .map(|r| finding_from_row(&r))
            .transpose()
    }

    fn finding_statuses(&self, incidents: &[String]) -> Result<Vec<(String, Status)>> {
        let mut out = Vec::new();
        for chunk in incidents.chunks(CHUNK) {
            let rows = self
                .c()?
                .query(
                    "SELECT incident_id, status FROM findings WHERE seq IN \
                     (SELECT seq FROM incidents WHERE id = ANY($1))",
                    &[&chunk],
                )
                .db()?;
            for r in rows {
                let s: String = get(&r, 1)?;
                out.push((
                    get(&r, 0)?,
                    Status::parse(&s).unwrap_or(Status::Insufficient),
                ));
            }
        }
        Ok(out)
    }

    fn last_evaluation(&self) -> Result<Option<EvaluationInfo>> {
        self.c()?
            .query_opt(
                "SELECT at, agreement_version, reference_data, reports, incidents, findings, log_size \
                 FROM evaluations ORDER BY id DESC LIMIT 1",
                &[],
            )
            .db()?
            .map(|r| {
                Ok(EvaluationInfo {
                    at: get(&r, 0)?,
                    agreement_version: get(&r, 1)?,
                    reference_data: get(&r, 2)?,
                    reports: get_u64(&r, 3)?,
                    incidents: get_u64(&r, 4)?,
                    findings: get_u64(&r, 5)?,
                    log_size: get::<Option<i64>>(&r, 6)?.map(|n| n as u64),
                    placed: None,
                })
            })
            .transpose()
    }

    fn daily_counts(&self, published_only: bool, offset_seconds: i64) -> Result<Vec<DailyCount>> {
        let wh = if published_only {
            "WHERE EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = f.incident_id)"
        } else {
            ""
        };
        // Division truncating toward zero, as the SQLite backend's does.
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT f.commitment_id, f.reading_id, f.party, f.status, \
                     (i.occurred_start + $1::bigint) / 86400 AS day, COUNT(*) \
                     FROM findings f JOIN incidents i ON i.seq = f.seq {wh} \
                     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
                ),
                &[&offset_seconds],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                let s: String = get(r, 3)?;
                Ok(DailyCount {
                    commitment_id: get(r, 0)?,
                    reading_id: get(r, 1)?,
                    party: get(r, 2)?,
                    status: Status::parse(&s).unwrap_or(Status::Insufficient),
                    day: get(r, 4)?,
                    count: get_u64(r, 5)?,
                })
            })
            .collect()
    }

    fn queue(&self, q: &QueueFilter) -> Result<Vec<QueueItem>> {
        let mut args: Vec<Param> = vec![
            Box::new(q.limit.min(i64::MAX as u64) as i64),
            Box::new(now() - ASSIGNMENT_SECONDS),
        ];
        let mut on = String::new();
        let push = |cond: &str, v: Param, args: &mut Vec<Param>| {
            args.push(v);
            format!(" AND {cond} ${}", args.len())
        };
        if let Some(st) = q.status {
            on += &push("f.status =", Box::new(st.as_str().to_string()), &mut args);
        }
        if let Some(p) = &q.party {
            on += &push("f.party =", Box::new(p.clone()), &mut args);
        }
        if let Some(c) = &q.commitment {
            on += &push("f.commitment_id =", Box::new(c.clone()), &mut args);
        }
        let held = match &q.assigned {
            QueueAssigned::Any => String::new(),
            QueueAssigned::Nobody => " AND a.user_name IS NULL".into(),
            QueueAssigned::To(u) => push("a.user_name =", Box::new(u.clone()), &mut args),
        };
        // Leads (fire at a protected site) have no open finding; a
        // condition on findings leaves them out.
        let lead = if q.on_findings() {
            "false"
        } else {
            "i.act = 'fire'"
        };
        let sql = format!(
            "SELECT i.id, i.occurred_start, i.place, i.region, i.act, i.means, i.target_class, \
                i.target_name, i.report_count, COUNT({rank}), MIN({rank}) AS worst, \
                string_agg(DISTINCT CASE WHEN {rank} IS NOT NULL THEN f.party END, ','), \
                a.user_name, i.act = 'fire' \
             FROM findings f JOIN incidents i ON i.seq = f.seq \
             LEFT JOIN assignments a ON a.incident_id = i.id AND a.at >= $2 \
             WHERE (({rank}) IS NOT NULL {on} OR {lead}) {held} \
             GROUP BY i.seq, a.user_name ORDER BY {order} LIMIT $1",
            rank = OPEN_RANK_SQL,
            order = q.order.sql(),
        );
        let rows = self.c()?.query(&sql, &refs(&args)).db()?;
        rows.iter()
            .map(|r| {
                let parties: Option<String> = get(r, 11)?;
                let mut parties: Vec<String> = parties
                    .map(|p| p.split(',').map(str::to_string).collect())
                    .unwrap_or_default();
                parties.sort();
                let worst: Option<i32> = get(r, 10)?;
                Ok(QueueItem {
                    incident_id: get(r, 0)?,
                    occurred_start: get(r, 1)?,
                    place: get(r, 2)?,
                    region: get(r, 3)?,
                    act: get(r, 4)?,
                    means: get(r, 5)?,
                    target_class: get(r, 6)?,
                    target_name: get(r, 7)?,
                    report_count: get_u64(r, 8)?,
                    open_findings: get_u64(r, 9)?,
                    status: open_status_of_rank(worst.map(i64::from)),
                    parties,
                    assigned_to: get(r, 12)?,
                    lead: get(r, 13)?,
                })
            })
            .collect()
    }

    fn incident_published(&self, incident: &str) -> Result<Option<bool>> {
        self.c()?
            .query_opt(
                "SELECT EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = i.id) \
                 FROM incidents i WHERE i.id = $1",
                &[&incident],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }
}

fn finding_from_row(r: &Row) -> Result<FindingRow> {
    let s: String = get(r, 5)?;
    let c: String = get(r, 6)?;
    Ok(FindingRow {
        id: get(r, 0)?,
        incident_id: get(r, 1)?,
        commitment_id: get(r, 2)?,
        reading_id: get(r, 3)?,
        party: get(r, 4)?,
        status: Status::parse(&s).map_err(|e| damaged("status", e))?,
        confidence: Confidence::parse(&c).map_err(|e| damaged("confidence", e))?,
    })
}

impl PgStore {
    /// Incidents with a finding of the filter's status or party, newest
    /// first, walking the findings' (status, time) or (party, time) index.
    fn incidents_by_status(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>> {
        let mut f = filter.clone();
        let after = f.after.take();
        let (wh, mut args) = finding_where_at(&f, 0);
        let mut wh = if wh.is_empty() {
            "WHERE TRUE".to_string()
        } else {
            wh
        };
        if let Some((start, seq)) = after {
            args.push(Box::new(start));
            args.push(Box::new(seq));
            wh.push_str(&format!(
                " AND (f.occurred_start, f.seq) < (${}, ${})",
                args.len() - 1,
                args.len()
            ));
        }
        args.push(limit_param(filter.limit));
        let n = args.len();
        let sql = format!(
            "SELECT DISTINCT {INCIDENT_COLUMNS}, f.occurred_start, f.seq FROM findings f \
             JOIN incidents i ON i.seq = f.seq {wh} \
             ORDER BY f.occurred_start DESC, f.seq DESC LIMIT ${n}"
        );
        let rows = self.c()?.query(&sql, &refs(&args)).db()?;
        rows.iter().map(incident_from_row).collect()
    }
}

/// [`ResultStore::replace_incidents`] within the caller's transaction (a
/// decision's, when it regroups, or a placement's), writing only what
/// differs. `groups[i]` is report `report_ids[i]`'s correlation group;
/// without them, each report keeps the group it had. An old id that no new
/// incident takes becomes an alias of the incident holding its first
/// report, and its verdicts move there when the same finding there has none.
pub(crate) fn replace_incidents_in(
    tx: &mut Transaction<'_>,
    old: &[&str],
    report_ids: &[i64],
    groups: Option<&[i64]>,
    incidents: &[Incident],
    findings: &[Finding],
) -> Result<()> {
    let mut seq: i64 = get(
        &tx.query_one("SELECT COALESCE(MAX(seq) + 1, 0) FROM incidents", &[])
            .db()?,
        0,
    )?;
    let mut first: Vec<(String, i64)> = Vec::new();
    let mut old_members: HashMap<i64, (String, Option<i64>)> = HashMap::new();
    let mut old_rows: HashMap<String, OldIncident> = HashMap::new();
    if !old.is_empty() {
        let ids: Vec<&str> = old.to_vec();
        for r in tx
            .query(
                "SELECT id, seq, occurred_start, occurred_end, lat, lon, geo_precision, place, act, means, \
                 target_class, target_name, report_count, country, region FROM incidents WHERE id = ANY($1)",
                &[&ids],
            )
            .db()?
        {
            let id: String = get(&r, 0)?;
            old_rows.insert(
                id,
                OldIncident {
                    seq: get(&r, 1)?,
                    values: OldValues::read(&r, 2)?,
                    findings: HashMap::new(),
                },
            );
        }
        let seqs: Vec<i64> = old_rows.values().map(|o| o.seq).collect();
        let by_seq: HashMap<i64, String> =
            old_rows.iter().map(|(id, o)| (o.seq, id.clone())).collect();
        let mut lowest: HashMap<String, i64> = HashMap::new();
        for r in tx
            .query(
                "SELECT report_id, corr, seq FROM incident_reports WHERE seq = ANY($1)",
                &[&seqs],
            )
            .db()?
        {
            let report: i64 = get(&r, 0)?;
            let group: Option<i64> = get(&r, 1)?;
            let s: i64 = get(&r, 2)?;
            if let Some(id) = by_seq.get(&s) {
                let l = lowest.entry(id.clone()).or_insert(report);
                *l = (*l).min(report);
                old_members.insert(report, (id.clone(), group));
            }
        }
        // In the order named, as the SQLite backend keeps them.
        for id in old {
            if let Some(l) = lowest.get(*id)
                && !first.iter().any(|(i, _)| i == id)
            {
                first.push((id.to_string(), *l));
            }
        }
        for r in tx
            .query(
                "SELECT f.commitment_id, f.reading_id, f.party, f.id, f.status, f.confidence, \
                 v.status IS NOT NULL, f.seq FROM findings f LEFT JOIN verdicts v ON v.finding_id = f.id \
                 WHERE f.seq = ANY($1)",
                &[&seqs],
            )
            .db()?
        {
            let s: i64 = get(&r, 7)?;
            if let Some(o) = by_seq.get(&s).and_then(|id| old_rows.get_mut(id)) {
                o.findings.insert(
                    (get(&r, 0)?, get(&r, 1)?, get(&r, 2)?),
                    (get(&r, 3)?, get(&r, 4)?, get(&r, 5)?, get(&r, 6)?),
                );
            }
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
    let gone_seqs: Vec<i64> = old_rows
        .iter()
        .filter(|(id, _)| !new_ids.contains(id.as_str()))
        .map(|(_, o)| o.seq)
        .collect();
    if !gone_seqs.is_empty() {
        tx.execute("DELETE FROM findings WHERE seq = ANY($1)", &[&gone_seqs])
            .db()?;
        tx.execute("DELETE FROM incidents WHERE seq = ANY($1)", &[&gone_seqs])
            .db()?;
    }

    // Incident rows: new ones appended; kept ones updated where they differ.
    let mut when: HashMap<&str, (i64, i64)> = HashMap::new();
    for inc in incidents {
        match old_rows.get(&inc.id) {
            Some(o) => {
                if o.values != OldValues::of(inc) {
                    update_incident(tx, inc)?;
                    if o.values.occurred_start != inc.occurred.start {
                        tx.execute(
                            "UPDATE findings SET occurred_start = $2 WHERE seq = $1",
                            &[&o.seq, &inc.occurred.start],
                        )
                        .db()?;
                    }
                }
                when.insert(inc.id.as_str(), (inc.occurred.start, o.seq));
            }
            None => {
                insert_incident(tx, inc, seq)?;
                when.insert(inc.id.as_str(), (inc.occurred.start, seq));
                seq += 1;
            }
        }
    }
    note_span(tx, incidents, false)?;

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
    let mut del_report = Vec::new();
    let mut del_incident = Vec::new();
    for (report, (inc, _)) in &old_members {
        if !now_members.contains_key(report) {
            del_report.push(*report);
            del_incident.push(inc.as_str());
        }
    }
    if !del_report.is_empty() {
        tx.execute(
            "DELETE FROM incident_reports x USING unnest($1::bigint[], $2::text[]) AS d(r, i) \
             WHERE x.report_id = d.r AND x.incident_id = d.i",
            &[&del_report, &del_incident],
        )
        .db()?;
    }
    let mut put: Vec<(i64, &str, i64, Option<i64>)> = Vec::new();
    for (report, (inc, group)) in &now_members {
        let same = old_members
            .get(report)
            .is_some_and(|(i, g)| i == inc && g == group);
        if !same {
            let (_, at) = when.get(inc).copied().unwrap_or((0, -1));
            put.push((*report, inc, at, *group));
        }
    }
    put.sort_unstable();
    for chunk in put.chunks(CHUNK) {
        let report: Vec<i64> = chunk.iter().map(|m| m.0).collect();
        let incident: Vec<&str> = chunk.iter().map(|m| m.1).collect();
        let seqs: Vec<i64> = chunk.iter().map(|m| m.2).collect();
        let corr: Vec<Option<i64>> = chunk.iter().map(|m| m.3).collect();
        tx.execute(
            "INSERT INTO incident_reports (report_id, incident_id, seq, corr) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) \
             ON CONFLICT (report_id) DO UPDATE SET incident_id = excluded.incident_id, \
             seq = excluded.seq, corr = excluded.corr",
            &[&report, &incident, &seqs, &corr],
        )
        .db()?;
    }

    // Findings: of a kept incident, only those whose status or confidence
    // changed (a finding with a verdict keeps the verdict's status).
    let mut seen: std::collections::HashSet<(&str, &str, &str, &str)> = Default::default();
    let mut inserts = FindingRows::default();
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
                tx.execute(
                    "UPDATE findings SET status = COALESCE((SELECT status FROM verdicts WHERE finding_id = $1), $2), \
                     confidence = $3 WHERE id = $1",
                    &[&x.id, &x.status.as_str(), &x.confidence.as_str()],
                )
                .db()?;
            }
            _ => {
                if before.is_some() {
                    tx.execute(
                        "DELETE FROM findings WHERE seq = $1 AND commitment_id = $2 \
                         AND reading_id = $3 AND party = $4",
                        &[&seq, &x.commitment_id, &x.reading_id, &x.party],
                    )
                    .db()?;
                }
                inserts.push(x, start, seq);
            }
        }
    }
    inserts.flush(tx)?;
    tx.execute(
        "UPDATE findings f SET status = v.status FROM verdicts v \
         WHERE v.finding_id = f.id AND f.id = ANY($1) AND f.status <> v.status",
        &[&findings.iter().map(|x| x.id.as_str()).collect::<Vec<_>>()],
    )
    .db()?;
    // Findings of kept incidents that the new evaluation no longer makes.
    for (id, o) in &old_rows {
        if !new_ids.contains(id.as_str()) {
            continue;
        }
        for (c, r, party) in o.findings.keys() {
            if !seen.contains(&(id.as_str(), c.as_str(), r.as_str(), party.as_str())) {
                tx.execute(
                    "DELETE FROM findings WHERE seq = $1 AND commitment_id = $2 \
                     AND reading_id = $3 AND party = $4",
                    &[&o.seq, c, r, party],
                )
                .db()?;
            }
        }
    }

    let at = now();
    for (id, report) in &first {
        if new_ids.contains(id.as_str()) {
            continue;
        }
        tx.execute(
            "INSERT INTO incident_aliases (alias, report_id, at) VALUES ($1, $2, $3) \
             ON CONFLICT (alias) DO UPDATE SET report_id = excluded.report_id, at = excluded.at",
            &[id, report, &at],
        )
        .db()?;
    }
    // An id that is an incident again is no longer an alias.
    let back: Vec<&str> = new_ids
        .iter()
        .filter(|id| !old_rows.contains_key(**id))
        .copied()
        .collect();
    if !back.is_empty() {
        tx.execute(
            "DELETE FROM incident_aliases WHERE alias = ANY($1)",
            &[&back],
        )
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
    refresh_publications(tx, Some(&touched))?;
    Ok(())
}

type FindingKey = (String, String, String);
type OldFinding = (String, String, String, bool);

struct OldIncident {
    seq: i64,
    values: OldValues,
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
    fn read(r: &Row, at: usize) -> Result<OldValues> {
        Ok(OldValues {
            occurred_start: get(r, at)?,
            occurred_end: get(r, at + 1)?,
            lat: get(r, at + 2)?,
            lon: get(r, at + 3)?,
            geo_precision: get(r, at + 4)?,
            place: get(r, at + 5)?,
            act: get(r, at + 6)?,
            means: get(r, at + 7)?,
            target_class: get(r, at + 8)?,
            target_name: get(r, at + 9)?,
            report_count: get(r, at + 10)?,
            country: get(r, at + 11)?,
            region: get(r, at + 12)?,
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
/// their first reports read from `old_first`).
fn decided_on(tx: &mut Transaction<'_>, incidents: Option<&[&str]>) -> Result<Vec<Decided>> {
    let rows = match incidents {
        None => tx
            .query(
                "SELECT f.id, f.incident_id, f.commitment_id, f.reading_id, f.party, o.report_id \
                 FROM verdicts v JOIN findings f ON f.id = v.finding_id \
                 LEFT JOIN old_first o ON o.id = f.incident_id",
                &[],
            )
            .db()?,
        Some(ids) => {
            let ids: Vec<&str> = ids.to_vec();
            tx.query(
                "SELECT f.id, f.incident_id, f.commitment_id, f.reading_id, f.party, NULL::bigint \
                 FROM findings f JOIN verdicts v ON v.finding_id = f.id \
                 WHERE f.seq IN (SELECT seq FROM incidents WHERE id = ANY($1))",
                &[&ids],
            )
            .db()?
        }
    };
    rows.iter()
        .map(|r| {
            Ok(Decided {
                finding: get(r, 0)?,
                incident: get(r, 1)?,
                commitment: get(r, 2)?,
                reading: get(r, 3)?,
                party: get(r, 4)?,
                first_report: get::<Option<i64>>(r, 5)?.unwrap_or(0),
            })
        })
        .collect()
}

/// A verdict whose finding vanished with its incident follows the
/// incident's first report to the same finding there, unless that one has
/// a verdict of its own.
fn carry_verdicts(tx: &mut Transaction<'_>, decided: &[Decided]) -> Result<()> {
    for d in decided {
        let still: bool = get(
            &tx.query_one(
                "SELECT EXISTS (SELECT 1 FROM findings WHERE id = $1)",
                &[&d.finding],
            )
            .db()?,
            0,
        )?;
        if still || d.first_report == 0 {
            continue;
        }
        let target: Option<String> = tx
            .query_opt(
                "SELECT f.id FROM incident_reports x JOIN findings f ON f.seq = x.seq \
                 WHERE x.report_id = $1 AND f.commitment_id = $2 AND f.reading_id = $3 AND f.party = $4 \
                 AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.finding_id = f.id)",
                &[&d.first_report, &d.commitment, &d.reading, &d.party],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()?;
        if let Some(target) = target {
            tx.execute(
                "UPDATE verdicts SET finding_id = $2 WHERE finding_id = $1",
                &[&d.finding, &target],
            )
            .db()?;
            tx.execute(
                "UPDATE findings SET status = (SELECT status FROM verdicts WHERE finding_id = $1) WHERE id = $1",
                &[&target],
            )
            .db()?;
        }
    }
    Ok(())
}
