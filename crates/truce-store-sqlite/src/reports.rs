//! Reports and rejections: ingest with supersession by filer, and the
//! access-limited lists.

use crate::*;
use rusqlite::{OptionalExtension, params};

/// What a stored row records beside the report, after [`REPORT_COLUMNS`]:
/// one list for the insert and the update alike. The filer is written once,
/// by the insert (only the filer may supersede).
const WRITTEN_COLUMNS: [&str; 6] = [
    "fingerprint",
    "file",
    "line",
    "ingested_at",
    "log_index",
    "filer",
];

/// The fingerprint, file and line are left to the report's log entry,
/// which holds them (words.rs): the row keeps the empty values that say so.
fn written(n: &NewReport<'_>, at: i64, log_index: u64) -> [rusqlite::types::Value; 6] {
    use rusqlite::types::Value;
    [
        Value::Blob(Vec::new()),
        Value::Text(String::new()),
        Value::Integer(0),
        Value::Integer(at),
        Value::Integer(log_index as i64),
        Value::Text(n.filer.to_string()),
    ]
}

/// Whether a report of an act is stored. Asked for fire detections at every
/// placement: the partial index on them (migration 20) answers it.
pub(crate) const HAS_ACT_SQL: &str = "SELECT EXISTS (SELECT 1 FROM reports WHERE act = ?1)";

fn insert_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let cols = format!("{REPORT_COLUMNS}, {}", WRITTEN_COLUMNS.join(", "));
        let n = cols.split(", ").count();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO reports ({cols}) VALUES ({}) ON CONFLICT (source, external_id) DO NOTHING",
            marks.join(", ")
        )
    })
}

fn update_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        // Every column but the filer, which the supersession check kept.
        let cols: Vec<&str> = REPORT_COLUMNS.split(", ").chain(WRITTEN_COLUMNS).collect();
        let set: Vec<String> = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != "filer")
            .map(|(i, c)| format!("{c} = ?{}", i + 2))
            .collect();
        format!("UPDATE reports SET {} WHERE id = ?1", set.join(", "))
    })
}

/// Gives the search index (`q=`) the words of the report stored as `id`.
/// The index is contentless (migration 19): the row no longer holds the text.
fn search_terms(tx: &rusqlite::Transaction<'_>, id: i64, r: &Report) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reports_fts (rowid, text, place, target_name) VALUES (?1, ?2, ?3, ?4)",
    )
    .db()?
    .execute(params![id, r.text, r.place, r.target_name])
    .db()?;
    Ok(())
}

impl ReportStore for SqliteStore {
    fn ingest(
        &mut self,
        reports: &[NewReport<'_>],
        rejections: &[Rejection],
    ) -> Result<IngestResult> {
        let at = now();
        let mut out = IngestResult::default();
        let (tx, mut frontier) = self.write()?;
        {
            let mut insert = tx.prepare_cached(insert_sql()).db()?;
            let mut refused = Vec::new();
            for n in reports {
                let r = n.report;
                let changed = insert
                    .execute(rusqlite::params_from_iter(
                        report_values(r)
                            .into_iter()
                            .chain(written(n, at, frontier.size())),
                    ))
                    .db()?;
                if changed == 1 {
                    search_terms(&tx, tx.last_insert_rowid(), r)?;
                    // The index recorded with the report is the one this
                    // append takes.
                    append(&tx, &mut frontier, &truce_store::log::Append::report(n)?)?;
                    out.counts.accepted += 1;
                    continue;
                }
                // The key exists: a duplicate, or a new version of the report.
                let (id, old_fp, old_filer, old_reported): (i64, Vec<u8>, String, Option<i64>) = tx
                    .prepare_cached(
                        &format!(
                            "SELECT id, {}, filer, reported_at FROM reports WHERE source = ?1 AND external_id = ?2",
                            crate::words::report_column("", "fingerprint")
                        ),
                    ).db()?
                    .query_row(params![r.source, r.external_id], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                    }).db()?;
                if old_fp == n.fingerprint {
                    out.counts.duplicates += 1;
                    continue;
                }
                if let (Some(old_at), Some(new_at)) = (old_reported, r.reported_at)
                    && new_at < old_at
                {
                    // An older version arriving late (an old export imported
                    // after a newer one) must not undo the update.
                    refused.push(Rejection {
                        file: n.file.to_string(),
                        line: n.line,
                        field: Some("reported_at".into()),
                        value: Some(truce_model::time::format_instant(new_at)),
                        reason: truce_model::reason::english(
                            "reason-newer-version",
                            &[
                                ("source", &r.source),
                                ("id", &r.external_id),
                                ("at", &truce_model::time::format_instant(old_at)),
                            ],
                        ),
                        raw: String::new(),
                    });
                    continue;
                }
                if old_filer != n.filer {
                    // Only whoever filed a report may replace it: a party must
                    // never overwrite the other party's claims (nor the
                    // mission a party's), whatever source it names.
                    refused.push(Rejection {
                        file: n.file.to_string(),
                        line: n.line,
                        field: Some("external_id".into()),
                        value: Some(r.external_id.clone()),
                        reason: truce_model::reason::english(
                            "reason-filed-by-other",
                            &[
                                ("source", &r.source),
                                ("id", &r.external_id),
                                ("by", &filer_words(&old_filer)),
                                ("who", &filer_words(n.filer)),
                            ],
                        ),
                        raw: String::new(),
                    });
                    continue;
                }
                let (old, old_file, old_line): (Report, String, i64) = tx
                    .prepare_cached(&format!(
                        "SELECT {}, {}, {} FROM reports WHERE id = ?1",
                        report_select(""),
                        crate::words::report_column("", "file"),
                        crate::words::report_column("", "line")
                    ))
                    .db()?
                    .query_row([id], |row| {
                        Ok((report_from_row(row, 0)?, row.get(27)?, row.get(28)?))
                    })
                    .db()?;
                let json = serde_json::to_string(&old).map_err(|e| StoreError::Corrupt {
                    what: "report".into(),
                    reason: e.to_string(),
                })?;
                tx.prepare_cached(
                    "INSERT INTO report_history (report_id, superseded_at, fingerprint, file, line, json, log_index) \
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, log_index FROM reports WHERE id = ?1",
                ).db()?
                .execute(params![id, at, old_fp, old_file, old_line, json]).db()?;
                let index = append(&tx, &mut frontier, &truce_store::log::Append::report(n)?)?;
                tx.prepare_cached(update_sql())
                    .db()?
                    .execute(rusqlite::params_from_iter(
                        std::iter::once(rusqlite::types::Value::Integer(id))
                            .chain(report_values(r))
                            // All but the filer, which stays as it was.
                            .chain(written(n, at, index).into_iter().take(5)),
                    ))
                    .db()?;
                tx.prepare_cached("DELETE FROM reports_fts WHERE rowid = ?1")
                    .db()?
                    .execute([id])
                    .db()?;
                search_terms(&tx, id, r)?;
                out.counts.superseded += 1;
            }
            let mut rej = tx
                .prepare_cached(
                    "INSERT INTO rejections (at, file, line, field, value, reason, raw, key) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO NOTHING",
                )
                .db()?;
            for r in rejections.iter().chain(&refused) {
                // The same row refused for the same reason is kept once,
                // however often its file is ingested again.
                let mut h = Sha256::new();
                for part in [
                    r.file.as_str(),
                    &r.line.to_string(),
                    r.field.as_deref().unwrap_or(""),
                    r.value.as_deref().unwrap_or(""),
                    &r.reason,
                    &r.raw,
                ] {
                    h.update(part.as_bytes());
                    h.update([0x1f]);
                }
                let key: [u8; 32] = h.finalize().into();
                rej.execute(params![
                    at,
                    r.file,
                    r.line as i64,
                    r.field,
                    r.value,
                    r.reason,
                    bounded_raw(&r.raw),
                    &key[..]
                ])
                .db()?;
                out.counts.rejected += 1;
            }
            out.refused = refused;
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(out)
    }

    fn reports(&self, full: bool) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = if full {
            report_select("")
        } else {
            REPORT_COLUMNS_LEAN.to_string()
        };
        let mut st = self
            .conn
            .prepare(&format!("SELECT id, {cols} FROM reports ORDER BY id"))
            .db()?;
        let n = self.report_count()? as usize;
        let mut ids = Vec::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        let mut rows = st.query([]).db()?;
        while let Some(row) = rows.next().db()? {
            ids.push(row.get(0).db()?);
            out.push(report_from_row(row, 1).db()?);
        }
        Ok((ids, out))
    }

    fn incident_reports(&self, incident: &str) -> Result<Vec<Report>> {
        let cols = report_select("r.");
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
             WHERE x.seq = (SELECT seq FROM incidents WHERE id = ?1) ORDER BY r.id"
            ))
            .db()?;
        let rows = st
            .query_map([incident], |row| report_from_row(row, 0))
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Database ids of every report of these incidents, and the reports.
    fn reports_of_incidents(&self, incidents: &[&str]) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = report_select("r.");
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT r.id, {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
             WHERE x.seq = (SELECT seq FROM incidents WHERE id = ?1) ORDER BY r.id"
            ))
            .db()?;
        let mut ids = Vec::new();
        let mut out = Vec::new();
        for inc in incidents {
            let mut rows = st.query([inc]).db()?;
            while let Some(row) = rows.next().db()? {
                ids.push(row.get(0).db()?);
                out.push(report_from_row(row, 1).db()?);
            }
        }
        Ok((ids, out))
    }

    fn report_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM reports", [], |r| r.get::<_, i64>(0))
            .db()? as u64)
    }

    fn rejections(&self, limit: Option<u64>) -> Result<Vec<StoredRejection>> {
        let limit = limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let mut st = self
            .conn
            .prepare(&format!("{REJECTION_COLUMNS} ORDER BY id LIMIT ?1"))
            .db()?;
        let rows = st.query_map([limit], rejection_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn rejections_newest(
        &self,
        file: Option<&str>,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StoredRejection>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "{REJECTION_COLUMNS} WHERE (?1 IS NULL OR file = ?1) AND (?2 IS NULL OR id < ?2) \
                 ORDER BY id DESC LIMIT ?3"
            ))
            .db()?;
        let limit = limit.min(i64::MAX as u64) as i64;
        let rows = st
            .query_map(rusqlite::params![file, before, limit], rejection_row)
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn rejection_files(&self) -> Result<Vec<RejectionFile>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT file, COUNT(*), MAX(at) FROM rejections GROUP BY file \
                 ORDER BY MAX(id) DESC",
            )
            .db()?;
        let rows = st
            .query_map([], |r| {
                Ok(RejectionFile {
                    file: r.get(0)?,
                    rows: r.get::<_, i64>(1)? as u64,
                    latest: r.get(2)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn source_defaults(&self) -> Result<Vec<SourceDefault>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT source, reliability, credibility, note, updated_by, updated_at \
                 FROM source_defaults ORDER BY source",
            )
            .db()?;
        let rows = st
            .query_map([], |r| {
                let rel: Option<String> = r.get(1)?;
                let cred: Option<String> = r.get(2)?;
                Ok(SourceDefault {
                    source: r.get(0)?,
                    reliability: rel.and_then(|x| truce_model::Reliability::parse(&x).ok()),
                    credibility: cred.and_then(|x| truce_model::Credibility::parse(&x).ok()),
                    note: r.get(3)?,
                    updated_by: r.get(4)?,
                    updated_at: r.get(5)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn set_source_default(&mut self, d: &SourceDefault) -> Result<()> {
        if d.reliability.is_none() && d.credibility.is_none() {
            self.conn
                .execute("DELETE FROM source_defaults WHERE source = ?1", [&d.source])
                .db()?;
            return Ok(());
        }
        self.conn
            .execute(
                "INSERT INTO source_defaults (source, reliability, credibility, note, updated_by, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (source) DO UPDATE SET \
                 reliability = excluded.reliability, credibility = excluded.credibility, \
                 note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                params![
                    d.source,
                    d.reliability.map(|x| x.as_str()),
                    d.credibility.map(|x| x.as_str()),
                    d.note,
                    d.updated_by,
                    d.updated_at
                ],
            )
            .db()?;
        Ok(())
    }

    fn source_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut st = self
            .conn
            .prepare("SELECT source, COUNT(*) FROM reports GROUP BY source ORDER BY source")
            .db()?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn rejection_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM rejections", [], |r| {
                r.get::<_, i64>(0)
            })
            .db()? as u64)
    }

    fn has_act(&self, act: &str) -> Result<bool> {
        self.conn
            .prepare_cached(HAS_ACT_SQL)
            .db()?
            .query_row([act], |r| r.get(0))
            .db()
    }

    fn pending_reports(&self) -> Result<u64> {
        let sql = match self.last_evaluation()? {
            None => "SELECT COUNT(*) FROM reports".to_string(),
            Some(EvaluationInfo {
                log_size: Some(n), ..
            }) => format!("SELECT COUNT(*) FROM reports WHERE log_index >= {n}"),
            // Before evaluations kept their log size: reports in no incident.
            Some(_) => "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS \
                        (SELECT 1 FROM incident_reports x WHERE x.report_id = r.id)"
                .to_string(),
        };
        Ok(self.conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).db()? as u64)
    }

    /// Reports newest first (by database id), as the viewer may see them.
    fn reports_page(&self, f: &ReportFilter, v: &Visibility) -> Result<Vec<ReportRow>> {
        use rusqlite::types::Value;
        let mut args: Vec<Value> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        if let Some(c) = report_visible(v, &mut args) {
            clauses.push(c);
        }
        let mut add = |clause: &str, v: Value, args: &mut Vec<Value>| {
            args.push(v);
            clauses.push(clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(s) = &f.source {
            add("r.source = ?", Value::Text(s.clone()), &mut args);
        }
        if let Some(s) = &f.act {
            add("r.act = ?", Value::Text(s.clone()), &mut args);
        }
        if let Some(s) = &f.claimant {
            add("r.claimant = ?", Value::Text(s.clone()), &mut args);
        }
        if let Some(q) = &f.text {
            add(
                "r.id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)",
                Value::Text(q.fts5()),
                &mut args,
            );
        }
        if let Some(t) = f.from {
            add("r.occurred_end > ?", Value::Integer(t), &mut args);
        }
        if let Some(t) = f.to {
            add("r.occurred_start < ?", Value::Integer(t), &mut args);
        }
        if let Some(i) = &f.incident {
            add(
                "r.id IN (SELECT report_id FROM incident_reports WHERE seq = (SELECT seq FROM incidents WHERE id = ?))",
                Value::Text(i.clone()),
                &mut args,
            );
        }
        if let Some(b) = f.bbox {
            let c = crate::bbox_clause("r", b, f.bbox_grid, &mut args, 0);
            clauses.push(c);
        }
        // Conditions on the report's incident and its findings. A status or
        // party is selective and indexed: the matching reports are collected
        // through the (status, time) or (party, time) index, then paged. A
        // commitment or reading alone holds for nearly every incident (each
        // is judged under every commitment): each report, newest first, is
        // probed by primary keys until the page is full. A region: collected.
        let mut on: Vec<String> = Vec::new();
        let mut probe = |clause: &str, v: Value, args: &mut Vec<Value>| {
            args.push(v);
            on.push(clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(c) = &f.commitment {
            probe("f.commitment_id = ?", Value::Text(c.clone()), &mut args);
        }
        if let Some(r) = &f.reading {
            probe("f.reading_id = ?", Value::Text(r.clone()), &mut args);
        }
        if let Some(p) = &f.party {
            probe("f.party = ?", Value::Text(p.clone()), &mut args);
        }
        if let Some(st) = f.status {
            probe(
                &crate::status_term(st, "f"),
                Value::Text(st.as_str().into()),
                &mut args,
            );
        }
        let on_findings = f.commitment.is_some()
            || f.reading.is_some()
            || f.party.is_some()
            || f.status.is_some();
        if let Some(r) = &f.region {
            probe(
                "(i.region = ? OR i.country = ?)",
                Value::Text(r.clone()),
                &mut args,
            );
        }
        if !on.is_empty() {
            if *v != Visibility::All {
                // Only what the viewer may see of an incident can select.
                on.push("EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = i.id)".into());
            }
            let join = if on_findings {
                " JOIN findings f ON f.seq = x.seq"
            } else {
                ""
            };
            // Not-covered findings are most rows, and outside the status
            // indexes: probed like a commitment alone.
            let probe = on_findings
                && f.status
                    .is_none_or(|s| s == truce_model::Status::NotCovered)
                && f.party.is_none();
            if probe {
                clauses.push(format!(
                    "EXISTS (SELECT 1 FROM incident_reports x JOIN incidents i ON i.seq = x.seq{join} \
                     WHERE x.report_id = r.id AND {})",
                    on.join(" AND ")
                ));
            } else {
                clauses.push(format!(
                    "r.id IN (SELECT x.report_id FROM incident_reports x JOIN incidents i ON i.seq = x.seq{join} \
                     WHERE {})",
                    on.join(" AND ")
                ));
            }
        }
        if let Some(b) = f.before_id {
            args.push(Value::Integer(b));
            clauses.push(format!("r.id < ?{}", args.len()));
        }
        let wh = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = f.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        self.report_rows(&format!("{wh} ORDER BY r.id DESC LIMIT {limit}"), args)
    }

    /// One report by database id, if the viewer may see it.
    fn report_row(&self, id: i64, v: &Visibility) -> Result<Option<ReportRow>> {
        use rusqlite::types::Value;
        let mut args = vec![Value::Integer(id)];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        Ok(self
            .report_rows(&format!("WHERE r.id = ?1{extra}"), args)?
            .pop())
    }

    /// The reports of one incident, with their ids, that the viewer may see.
    fn incident_report_rows(&self, incident: &str, v: &Visibility) -> Result<Vec<ReportRow>> {
        use rusqlite::types::Value;
        let mut args = vec![Value::Text(incident.into())];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        self.report_rows(
            &format!(
                "WHERE r.id IN (SELECT report_id FROM incident_reports WHERE seq = (SELECT seq FROM incidents WHERE id = ?1)){extra} \
                 ORDER BY r.occurred_start, r.id"
            ),
            args,
        )
    }

    /// The database id of the report with this key, if any.
    fn report_id(&self, source: &str, external_id: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.conn
            .prepare_cached("SELECT id FROM reports WHERE source = ?1 AND external_id = ?2")
            .db()?
            .query_row(params![source, external_id], |r| r.get(0))
            .optional()
            .db()
    }

    /// Database ids of the reports named (those that exist), in the order named.
    fn report_ids(&self, refs: &[truce_model::ReportRef]) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM reports WHERE source = ?1 AND external_id = ?2")
            .db()?;
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            if let Some(id) = st
                .query_row(params![r.source, r.external_id], |row| row.get(0))
                .optional()
                .db()?
            {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Reports by source and claimant, as the viewer may see them.
    fn sources(&self, v: &Visibility) -> Result<Vec<(String, Option<String>, u64)>> {
        let mut args = Vec::new();
        let wh = report_visible(v, &mut args)
            .map(|c| format!("WHERE {c}"))
            .unwrap_or_default();
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT r.source, r.claimant, COUNT(*) FROM reports r {wh} \
             GROUP BY r.source, r.claimant ORDER BY r.source"
            ))
            .db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn has_source(&self, source: &str, v: &Visibility) -> Result<bool> {
        self.has_report_where("r.source = ?1", source, v)
    }

    fn has_claimant(&self, claimant: &str, v: &Visibility) -> Result<bool> {
        self.has_report_where("r.claimant = ?1", claimant, v)
    }

    /// The incident a report belongs to in the current evaluation.
    fn incident_of_report(&self, report_id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached(crate::INCIDENT_OF_REPORT)
            .db()?
            .query_row([report_id], |r| r.get(0))
            .optional()
            .db()
    }
}

impl SqliteStore {
    /// Whether the viewer may see a report meeting `cond` (on `?1`): the
    /// (source, id) or claimant index finds the candidates.
    fn has_report_where(&self, cond: &str, value: &str, v: &Visibility) -> Result<bool> {
        let mut args = vec![rusqlite::types::Value::Text(value.into())];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        self.conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM reports r WHERE {cond}{extra})"
            ))
            .db()?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
            .db()
    }
}

const REJECTION_COLUMNS: &str =
    "SELECT id, at, file, line, field, value, reason, raw FROM rejections";

fn rejection_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRejection> {
    Ok(StoredRejection {
        id: r.get(0)?,
        at: r.get(1)?,
        rejection: Rejection {
            file: r.get(2)?,
            line: r.get::<_, i64>(3)? as u64,
            field: r.get(4)?,
            value: r.get(5)?,
            reason: r.get(6)?,
            raw: r.get(7)?,
        },
    })
}
