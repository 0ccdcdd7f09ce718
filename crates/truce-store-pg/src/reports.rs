//! Reports and rejections: ingest with supersession by filer, and the
//! access-limited lists.

use crate::log::CHUNK;
use crate::*;
use std::collections::{HashMap, HashSet};

/// What is stored of a report whose key exists.
struct Existing {
    id: i64,
    fingerprint: Vec<u8>,
    filer: String,
    reported_at: Option<i64>,
}

/// New report rows, column by column, for one multi-row insert.
#[derive(Default)]
struct NewRows {
    keys: Vec<(String, String)>,
    cols: Vec<Vec<Option<String>>>,
    ints: Vec<Vec<Option<i64>>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    fingerprint: Vec<Vec<u8>>,
}

/// The text columns of a report row, in the insert's order.
const TEXT_COLUMNS: [&str; 19] = [
    "source",
    "external_id",
    "time_precision",
    "place",
    "geo_precision",
    "located",
    "act",
    "means",
    "means_text",
    "target_class",
    "target_name",
    "perpetrator",
    "claimant",
    "stance",
    "reliability",
    "credibility",
    "text",
    "url",
    "extra",
];

/// The integer columns, in the insert's order.
const INT_COLUMNS: [&str; 9] = [
    "reported_at",
    "occurred_at",
    "occurred_start",
    "occurred_end",
    "killed",
    "injured",
    "line",
    "ingested_at",
    "log_index",
];

impl NewRows {
    fn push(&mut self, n: &NewReport<'_>, at: i64, log_index: u64) {
        let r = n.report;
        if self.cols.is_empty() {
            self.cols = vec![Vec::new(); TEXT_COLUMNS.len() + 2];
            self.ints = vec![Vec::new(); INT_COLUMNS.len()];
        }
        let texts: [Option<String>; 21] = [
            Some(r.source.clone()),
            Some(r.external_id.clone()),
            Some(r.time_precision.as_str().into()),
            r.place.clone(),
            Some(r.geo_precision.as_str().into()),
            Some(r.located.as_str().into()),
            Some(r.act.as_str().into()),
            Some(r.means.as_str().into()),
            r.means_text.clone(),
            Some(r.target_class.as_str().into()),
            r.target_name.clone(),
            r.perpetrator.clone(),
            r.claimant.clone(),
            Some(r.stance.as_str().into()),
            r.reliability.map(|x| x.as_str().into()),
            r.credibility.map(|x| x.as_str().into()),
            r.text.clone(),
            r.url.clone(),
            extra_json(r),
            Some(n.file.to_string()),
            Some(n.filer.to_string()),
        ];
        for (col, v) in self.cols.iter_mut().zip(texts) {
            col.push(v);
        }
        let ints = [
            r.reported_at,
            Some(r.occurred_at),
            Some(r.occurred.start),
            Some(r.occurred.end),
            r.killed.map(i64::from),
            r.injured.map(i64::from),
            Some(n.line as i64),
            Some(at),
            Some(log_index as i64),
        ];
        for (col, v) in self.ints.iter_mut().zip(ints) {
            col.push(v);
        }
        self.lat.push(r.location.map(|p| p.lat));
        self.lon.push(r.location.map(|p| p.lon));
        self.fingerprint.push(n.fingerprint.to_vec());
        self.keys.push((r.source.clone(), r.external_id.clone()));
    }

    /// Inserts the rows, in order (ids follow it), and forgets them;
    /// returns each key with its new id.
    fn flush(&mut self, tx: &mut Transaction<'_>) -> Result<Vec<((String, String), i64)>> {
        let mut out = Vec::with_capacity(self.keys.len());
        if self.keys.is_empty() {
            return Ok(out);
        }
        let names: Vec<&str> = TEXT_COLUMNS
            .iter()
            .copied()
            .chain(["file", "filer"])
            .chain(INT_COLUMNS)
            .chain(["lat", "lon", "fingerprint"])
            .collect();
        let types: Vec<&str> = std::iter::repeat_n("text[]", TEXT_COLUMNS.len() + 2)
            .chain(std::iter::repeat_n("bigint[]", INT_COLUMNS.len()))
            .chain(["float8[]", "float8[]", "bytea[]"])
            .collect();
        let unnest: Vec<String> = types
            .iter()
            .enumerate()
            .map(|(i, t)| format!("${}::{t}", i + 1))
            .collect();
        let sql = format!(
            "INSERT INTO reports ({cols}) SELECT {cols} FROM unnest({unnest}) WITH ORDINALITY \
             AS u({cols}, n) ORDER BY n RETURNING id",
            cols = names.join(", "),
            unnest = unnest.join(", ")
        );
        let total = self.keys.len();
        for start in (0..total).step_by(CHUNK) {
            let end = (start + CHUNK).min(total);
            let text_slices: Vec<&[Option<String>]> =
                self.cols.iter().map(|c| &c[start..end]).collect();
            let int_slices: Vec<&[Option<i64>]> =
                self.ints.iter().map(|c| &c[start..end]).collect();
            let lat = &self.lat[start..end];
            let lon = &self.lon[start..end];
            let fp = &self.fingerprint[start..end];
            let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
            for s in &text_slices {
                params.push(s);
            }
            for s in &int_slices {
                params.push(s);
            }
            params.push(&lat);
            params.push(&lon);
            params.push(&fp);
            let rows = tx.query(&sql, &params).db()?;
            if rows.len() != end - start {
                return Err(StoreError::Backend(format!(
                    "{} reports written of {}",
                    rows.len(),
                    end - start
                )));
            }
            // RETURNING gives the rows in the order inserted.
            for (row, key) in rows.iter().zip(&self.keys[start..end]) {
                out.push((key.clone(), get(row, 0)?));
            }
        }
        *self = NewRows::default();
        Ok(out)
    }
}

/// The key a rejection is kept once by.
fn rejection_key(r: &Rejection) -> Vec<u8> {
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
    h.finalize().to_vec()
}

impl ReportStore for PgStore {
    fn ingest(
        &mut self,
        reports: &[NewReport<'_>],
        rejections: &[Rejection],
    ) -> Result<IngestResult> {
        let at = now();
        let mut out = IngestResult::default();
        let (mut tx, mut frontier) = write_tx!(self)?;
        // The batch's keys that exist already, in one query per chunk.
        let mut existing: HashMap<(String, String), Existing> = HashMap::new();
        for chunk in reports.chunks(CHUNK) {
            let sources: Vec<&str> = chunk.iter().map(|n| n.report.source.as_str()).collect();
            let ids: Vec<&str> = chunk
                .iter()
                .map(|n| n.report.external_id.as_str())
                .collect();
            let rows = tx
                .query(
                    "SELECT r.source, r.external_id, r.id, r.fingerprint, r.filer, r.reported_at \
                     FROM reports r JOIN unnest($1::text[], $2::text[]) AS k(s, e) \
                     ON r.source = k.s AND r.external_id = k.e",
                    &[&sources, &ids],
                )
                .db()?;
            for row in rows {
                existing.insert(
                    (get(&row, 0)?, get(&row, 1)?),
                    Existing {
                        id: get(&row, 2)?,
                        fingerprint: get(&row, 3)?,
                        filer: get(&row, 4)?,
                        reported_at: get(&row, 5)?,
                    },
                );
            }
        }
        let mut log = LogBuffer::default();
        let mut fresh = NewRows::default();
        let mut pending: HashSet<(String, String)> = HashSet::new();
        let mut refused = Vec::new();
        for n in reports {
            let r = n.report;
            let key = (r.source.clone(), r.external_id.clone());
            if pending.contains(&key) {
                // The same key twice in one batch: the first must be stored
                // before the second is weighed against it.
                for (k, id) in fresh.flush(&mut tx)? {
                    if let Some(e) = existing.get_mut(&k) {
                        e.id = id;
                    }
                }
                pending.clear();
            }
            let Some(old) = existing.get_mut(&key) else {
                let index =
                    log.append_ready(&mut frontier, &truce_store::log::Append::report(n)?)?;
                fresh.push(n, at, index);
                existing.insert(
                    key.clone(),
                    Existing {
                        id: 0,
                        fingerprint: n.fingerprint.to_vec(),
                        filer: n.filer.to_string(),
                        reported_at: r.reported_at,
                    },
                );
                pending.insert(key);
                out.counts.accepted += 1;
                continue;
            };
            if old.fingerprint == n.fingerprint {
                out.counts.duplicates += 1;
                continue;
            }
            if let (Some(old_at), Some(new_at)) = (old.reported_at, r.reported_at)
                && new_at < old_at
            {
                // An older version arriving late must not undo the update.
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
            if old.filer != n.filer {
                // Only whoever filed a report may replace it.
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
                            ("by", &filer_words(&old.filer)),
                            ("who", &filer_words(n.filer)),
                        ],
                    ),
                    raw: String::new(),
                });
                continue;
            }
            // A new version: the old one goes to the history, with its log
            // index, and the row takes the new one's.
            let id = old.id;
            let old_fp = std::mem::replace(&mut old.fingerprint, n.fingerprint.to_vec());
            old.reported_at = r.reported_at;
            let row = tx
                .query_one(
                    &format!("SELECT {REPORT_COLUMNS}, file, line FROM reports WHERE id = $1"),
                    &[&id],
                )
                .db()?;
            let previous = report_from_row(&row, 0)?;
            let old_file: String = get(&row, 27)?;
            let old_line: i64 = get(&row, 28)?;
            let json = serde_json::to_string(&previous).map_err(|e| damaged("report", e))?;
            tx.execute(
                "INSERT INTO report_history (report_id, superseded_at, fingerprint, file, line, json, log_index) \
                 SELECT $1, $2, $3, $4, $5, $6, log_index FROM reports WHERE id = $1",
                &[&id, &at, &old_fp, &old_file, &old_line, &json],
            )
            .db()?;
            let index = log.append_ready(&mut frontier, &truce_store::log::Append::report(n)?)?;
            let mut p = vec![Box::new(id) as Param];
            p.extend(report_params(r));
            p.push(Box::new(n.fingerprint.to_vec()));
            p.push(Box::new(n.file.to_string()));
            p.push(Box::new(n.line as i64));
            p.push(Box::new(at));
            p.push(Box::new(index as i64));
            let set: Vec<String> = REPORT_COLUMNS
                .split(", ")
                .chain(["fingerprint", "file", "line", "ingested_at", "log_index"])
                .enumerate()
                .map(|(i, c)| format!("{c} = ${}", i + 2))
                .collect();
            tx.execute(
                &format!("UPDATE reports SET {} WHERE id = $1", set.join(", ")),
                &refs(&p),
            )
            .db()?;
            out.counts.superseded += 1;
        }
        fresh.flush(&mut tx)?;
        log.flush(&mut tx)?;
        let all: Vec<&Rejection> = rejections.iter().chain(&refused).collect();
        for chunk in all.chunks(CHUNK) {
            let file: Vec<&str> = chunk.iter().map(|r| r.file.as_str()).collect();
            let line: Vec<i64> = chunk.iter().map(|r| r.line as i64).collect();
            let field: Vec<Option<&str>> = chunk.iter().map(|r| r.field.as_deref()).collect();
            let value: Vec<Option<&str>> = chunk.iter().map(|r| r.value.as_deref()).collect();
            let reason: Vec<&str> = chunk.iter().map(|r| r.reason.as_str()).collect();
            let raw: Vec<String> = chunk.iter().map(|r| bounded_raw(&r.raw)).collect();
            let key: Vec<Vec<u8>> = chunk.iter().map(|r| rejection_key(r)).collect();
            // The same row refused for the same reason is kept once,
            // however often its file is ingested again.
            tx.execute(
                "INSERT INTO rejections (at, file, line, field, value, reason, raw, key) \
                 SELECT $1, u.file, u.line, u.field, u.value, u.reason, u.raw, u.key FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], \
                 $7::text[], $8::bytea[]) WITH ORDINALITY AS u(file, line, field, value, reason, raw, key, n) \
                 ORDER BY n ON CONFLICT (key) DO NOTHING",
                &[&at, &file, &line, &field, &value, &reason, &raw, &key],
            )
            .db()?;
            out.counts.rejected += chunk.len() as u64;
        }
        out.refused = refused;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(out)
    }

    fn reports(&self, full: bool) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = if full {
            REPORT_COLUMNS
        } else {
            REPORT_COLUMNS_LEAN
        };
        use postgres::fallible_iterator::FallibleIterator;
        let n = self.report_count()? as usize;
        let mut ids = Vec::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        // Row by row as they arrive: a million rows are never held twice.
        let mut c = self.c()?;
        let mut rows = c
            .query_raw(
                &format!("SELECT id, {cols} FROM reports ORDER BY id"),
                std::iter::empty::<i64>(),
            )
            .db()?;
        while let Some(row) = rows.next().db()? {
            ids.push(get(&row, 0)?);
            out.push(report_from_row(&row, 1)?);
        }
        Ok((ids, out))
    }

    fn incident_reports(&self, incident: &str) -> Result<Vec<Report>> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
                     WHERE x.seq = (SELECT seq FROM incidents WHERE id = $1) ORDER BY r.id"
                ),
                &[&incident],
            )
            .db()?;
        rows.iter().map(|r| report_from_row(r, 0)).collect()
    }

    fn reports_of_incidents(&self, incidents: &[&str]) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let sql = format!(
            "SELECT r.id, {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
             WHERE x.seq = (SELECT seq FROM incidents WHERE id = $1) ORDER BY r.id"
        );
        let mut ids = Vec::new();
        let mut out = Vec::new();
        let mut c = self.c()?;
        let st = c.prepare(&sql).db()?;
        for inc in incidents {
            for row in c.query(&st, &[inc]).db()? {
                ids.push(get(&row, 0)?);
                out.push(report_from_row(&row, 1)?);
            }
        }
        Ok((ids, out))
    }

    fn report_count(&self) -> Result<u64> {
        get_u64(
            &self
                .c()?
                .query_one("SELECT COUNT(*) FROM reports", &[])
                .db()?,
            0,
        )
    }

    fn has_act(&self, act: &str) -> Result<bool> {
        get(
            &self
                .c()?
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM reports WHERE act = $1)",
                    &[&act],
                )
                .db()?,
            0,
        )
    }

    fn rejections(&self, limit: Option<u64>) -> Result<Vec<StoredRejection>> {
        let lim = limit_param(limit);
        let rows = self
            .c()?
            .query(
                &format!("{REJECTION_COLUMNS} ORDER BY id LIMIT $1"),
                &refs(std::slice::from_ref(&lim)),
            )
            .db()?;
        rows.iter().map(rejection_row).collect()
    }

    fn rejections_newest(
        &self,
        file: Option<&str>,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StoredRejection>> {
        let p: Vec<Param> = vec![
            Box::new(file.map(str::to_string)),
            Box::new(before),
            limit_param(Some(limit)),
        ];
        let rows = self
            .c()?
            .query(
                &format!(
                    "{REJECTION_COLUMNS} WHERE ($1::text IS NULL OR file = $1) \
                     AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3"
                ),
                &refs(&p),
            )
            .db()?;
        rows.iter().map(rejection_row).collect()
    }

    fn rejection_files(&self) -> Result<Vec<RejectionFile>> {
        let rows = self
            .c()?
            .query(
                "SELECT file, COUNT(*), MAX(at) FROM rejections GROUP BY file ORDER BY MAX(id) DESC",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(RejectionFile {
                    file: get(r, 0)?,
                    rows: get_u64(r, 1)?,
                    latest: get(r, 2)?,
                })
            })
            .collect()
    }

    fn source_defaults(&self) -> Result<Vec<SourceDefault>> {
        let rows = self
            .c()?
            .query(
                "SELECT source, reliability, credibility, note, updated_by, updated_at \
                 FROM source_defaults ORDER BY source",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                let rel: Option<String> = get(r, 1)?;
                let cred: Option<String> = get(r, 2)?;
                Ok(SourceDefault {
                    source: get(r, 0)?,
                    reliability: rel.and_then(|x| truce_model::Reliability::parse(&x).ok()),
                    credibility: cred.and_then(|x| truce_model::Credibility::parse(&x).ok()),
                    note: get(r, 3)?,
                    updated_by: get(r, 4)?,
                    updated_at: get(r, 5)?,
                })
            })
            .collect()
    }

    fn set_source_default(&mut self, d: &SourceDefault) -> Result<()> {
        if d.reliability.is_none() && d.credibility.is_none() {
            self.c()?
                .execute(
                    "DELETE FROM source_defaults WHERE source = $1",
                    &[&d.source],
                )
                .db()?;
            return Ok(());
        }
        let rel = d.reliability.map(|x| x.as_str().to_string());
        let cred = d.credibility.map(|x| x.as_str().to_string());
        self.c()?
            .execute(
                "INSERT INTO source_defaults (source, reliability, credibility, note, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source) DO UPDATE SET \
                 reliability = excluded.reliability, credibility = excluded.credibility, \
                 note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                &[&d.source, &rel, &cred, &d.note, &d.updated_by, &d.updated_at],
            )
            .db()?;
        Ok(())
    }

    fn source_counts(&self) -> Result<Vec<(String, u64)>> {
        let rows = self
            .c()?
            .query(
                "SELECT source, COUNT(*) FROM reports GROUP BY source ORDER BY source",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| Ok((get(r, 0)?, get_u64(r, 1)?)))
            .collect()
    }

    fn rejection_count(&self) -> Result<u64> {
        get_u64(
            &self
                .c()?
                .query_one("SELECT COUNT(*) FROM rejections", &[])
                .db()?,
            0,
        )
    }

    fn pending_reports(&self) -> Result<u64> {
        let last = self.last_evaluation()?;
        let row = match last {
            None => self
                .c()?
                .query_one("SELECT COUNT(*) FROM reports", &[])
                .db()?,
            Some(EvaluationInfo {
                log_size: Some(n), ..
            }) => self
                .c()?
                .query_one(
                    "SELECT COUNT(*) FROM reports WHERE log_index >= $1",
                    &[&(n as i64)],
                )
                .db()?,
            Some(_) => self
                .c()?
                .query_one(
                    "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS \
                     (SELECT 1 FROM incident_reports x WHERE x.report_id = r.id)",
                    &[],
                )
                .db()?,
        };
        get_u64(&row, 0)
    }

    fn reports_page(&self, f: &ReportFilter, v: &Visibility) -> Result<Vec<ReportRow>> {
        let mut args: Vec<Param> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        if let Some(c) = report_visible(v, &mut args) {
            clauses.push(c);
        }
        let mut add = |clause: &str, v: Param, args: &mut Vec<Param>| {
            args.push(v);
            clauses.push(clause.replace('?', &format!("${}", args.len())));
        };
        if let Some(s) = &f.source {
            add("r.source = ?", Box::new(s.clone()), &mut args);
        }
        if let Some(s) = &f.act {
            add("r.act = ?", Box::new(s.clone()), &mut args);
        }
        if let Some(s) = &f.claimant {
            add("r.claimant = ?", Box::new(s.clone()), &mut args);
        }
        if let Some(q) = &f.text {
            add(&crate::text_match(q, "?"), Box::new(q.tsquery()), &mut args);
        }
        if let Some(t) = f.from {
            add("r.occurred_end > ?", Box::new(t), &mut args);
        }
        if let Some(t) = f.to {
            add("r.occurred_start < ?", Box::new(t), &mut args);
        }
        if let Some(i) = &f.incident {
            add(
                "r.id IN (SELECT report_id FROM incident_reports WHERE seq = (SELECT seq FROM incidents WHERE id = ?))",
                Box::new(i.clone()),
                &mut args,
            );
        }
        if let Some(b) = f.bbox {
            let c = crate::bbox_clause("r", b, f.bbox_grid, &mut args, 0);
            clauses.push(c);
        }
        // Conditions on the report's incident and its findings.
        let mut on: Vec<String> = Vec::new();
        let mut probe = |clause: &str, v: Param, args: &mut Vec<Param>| {
            args.push(v);
            on.push(clause.replace('?', &format!("${}", args.len())));
        };
        if let Some(c) = &f.commitment {
            probe("f.commitment_id = ?", Box::new(c.clone()), &mut args);
        }
        if let Some(r) = &f.reading {
            probe("f.reading_id = ?", Box::new(r.clone()), &mut args);
        }
        if let Some(p) = &f.party {
            probe("f.party = ?", Box::new(p.clone()), &mut args);
        }
        if let Some(st) = f.status {
            probe("f.status = ?", Box::new(st.as_str().to_string()), &mut args);
        }
        let on_findings = f.commitment.is_some()
            || f.reading.is_some()
            || f.party.is_some()
            || f.status.is_some();
        if let Some(r) = &f.region {
            probe(
                "(i.region = ? OR i.country = ?)",
                Box::new(r.clone()),
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
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM incident_reports x JOIN incidents i ON i.seq = x.seq{join} \
                 WHERE x.report_id = r.id AND {})",
                on.join(" AND ")
            ));
        }
        if let Some(b) = f.before_id {
            args.push(Box::new(b));
            clauses.push(format!("r.id < ${}", args.len()));
        }
        let wh = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        args.push(limit_param(f.limit));
        let n = args.len();
        self.report_rows(&format!("{wh} ORDER BY r.id DESC LIMIT ${n}"), args)
    }

    fn report_row(&self, id: i64, v: &Visibility) -> Result<Option<ReportRow>> {
        let mut args: Vec<Param> = vec![Box::new(id)];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        Ok(self
            .report_rows(&format!("WHERE r.id = $1{extra}"), args)?
            .pop())
    }

    fn incident_report_rows(&self, incident: &str, v: &Visibility) -> Result<Vec<ReportRow>> {
        let mut args: Vec<Param> = vec![Box::new(incident.to_string())];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        self.report_rows(
            &format!(
                "WHERE r.id IN (SELECT report_id FROM incident_reports WHERE seq = (SELECT seq FROM incidents WHERE id = $1)){extra} \
                 ORDER BY r.occurred_start, r.id"
            ),
            args,
        )
    }

    fn report_id(&self, source: &str, external_id: &str) -> Result<Option<i64>> {
        self.c()?
            .query_opt(
                "SELECT id FROM reports WHERE source = $1 AND external_id = $2",
                &[&source, &external_id],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn report_ids(&self, refs: &[truce_model::ReportRef]) -> Result<Vec<i64>> {
        let sources: Vec<&str> = refs.iter().map(|r| r.source.as_str()).collect();
        let ids: Vec<&str> = refs.iter().map(|r| r.external_id.as_str()).collect();
        let rows = self
            .c()?
            .query(
                "SELECT r.id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(s, e, n) \
                 JOIN reports r ON r.source = k.s AND r.external_id = k.e ORDER BY k.n",
                &[&sources, &ids],
            )
            .db()?;
        rows.iter().map(|r| get(r, 0)).collect()
    }

    fn sources(&self, v: &Visibility) -> Result<Vec<(String, Option<String>, u64)>> {
        let mut args = Vec::new();
        let wh = report_visible(v, &mut args)
            .map(|c| format!("WHERE {c}"))
            .unwrap_or_default();
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT r.source, r.claimant, COUNT(*) FROM reports r {wh} \
                     GROUP BY r.source, r.claimant ORDER BY r.source, r.claimant"
                ),
                &refs(&args),
            )
            .db()?;
        rows.iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?, get_u64(r, 2)?)))
            .collect()
    }

    fn has_source(&self, source: &str, v: &Visibility) -> Result<bool> {
        self.has_report_where("r.source = $1", source, v)
    }

    fn has_claimant(&self, claimant: &str, v: &Visibility) -> Result<bool> {
        self.has_report_where("r.claimant = $1", claimant, v)
    }

    fn incident_of_report(&self, report_id: i64) -> Result<Option<String>> {
        self.c()?
            .query_opt(
                "SELECT incident_id FROM incident_reports WHERE report_id = $1",
                &[&report_id],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }
}

/// The SQL condition (on `r`, the reports table) for reports a viewer may
/// see: a report is public once published, whatever incident holds it.
pub(crate) fn report_visible(v: &Visibility, args: &mut Vec<Param>) -> Option<String> {
    let published = "EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = r.id)";
    match v {
        Visibility::All => None,
        Visibility::Published => Some(published.to_string()),
        Visibility::Party(party) => {
            args.push(Box::new(party.clone()));
            Some(format!("(r.claimant = ${} OR {published})", args.len()))
        }
    }
}

impl PgStore {
    /// Whether the viewer may see a report meeting `cond` (on `$1`).
    fn has_report_where(&self, cond: &str, value: &str, v: &Visibility) -> Result<bool> {
        let mut args: Vec<Param> = vec![Box::new(value.to_string())];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        get(
            &self
                .c()?
                .query_one(
                    &format!("SELECT EXISTS (SELECT 1 FROM reports r WHERE {cond}{extra})"),
                    &refs(&args),
                )
                .db()?,
            0,
        )
    }

    pub(crate) fn report_rows(&self, tail: &str, args: Vec<Param>) -> Result<Vec<ReportRow>> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT r.id, x.incident_id, r.log_index, r.ingested_at, {cols} FROM reports r \
                     LEFT JOIN incident_reports x ON x.report_id = r.id {tail}"
                ),
                &refs(&args),
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(ReportRow {
                    id: get(r, 0)?,
                    incident_id: get(r, 1)?,
                    log_index: get::<Option<i64>>(r, 2)?.map(|i| i as u64),
                    ingested_at: get(r, 3)?,
                    report: report_from_row(r, 4)?,
                })
            })
            .collect()
    }
}

const REJECTION_COLUMNS: &str =
    "SELECT id, at, file, line, field, value, reason, raw FROM rejections";

fn rejection_row(r: &postgres::Row) -> Result<StoredRejection> {
    Ok(StoredRejection {
        id: get(r, 0)?,
        at: get(r, 1)?,
        rejection: Rejection {
            file: get(r, 2)?,
            line: get_u64(r, 3)?,
            field: get(r, 4)?,
            value: get(r, 5)?,
            reason: get(r, 6)?,
            raw: get(r, 7)?,
        },
    })
}
