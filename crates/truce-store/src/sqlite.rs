//! The embedded SQLite backend: one file, WAL mode, migrations on open.

use crate::log::{
    AgreementEntry, Frontier, KIND_AGREEMENT, StoredCheckpoint, StoredCosignature, StoredHashes,
    encode_entry,
};
use crate::schema::MIGRATIONS;
use crate::{
    EvaluationInfo, FindingFilter, FindingRow, IncidentRow, IngestResult, NewReport, Result, Store,
    StoreError, StoredAgreement, StoredRejection,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use sha2::{Digest, Sha256};
use truce_model::{
    Act, Agreement, Confidence, Credibility, Finding, GeoPrecision, Incident, LatLon, Located,
    Means, Period, Rejection, Reliability, Report, Stance, Status, TargetClass, TimePrecision,
};

pub mod audit;
pub mod web;

pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// The log's right edge, loaded on first append.
    frontier: Option<Frontier>,
}

/// SQLite's busy handler: waits a little longer each time (up to 100 ms a
/// try) while another connection holds the write lock, for at most
/// [`crate::WRITE_WAIT_SECONDS`].
fn wait_for_writer(attempt: i32) -> bool {
    let attempt = attempt.max(0) as u64;
    // The first 100 tries wait 1..=100 ms (about 5 s in all), then 100 ms each.
    let waited_ms = if attempt <= 100 {
        attempt * (attempt + 1) / 2
    } else {
        5050 + (attempt - 100) * 100
    };
    if waited_ms >= crate::WRITE_WAIT_SECONDS * 1000 {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis((attempt + 1).min(100)));
    true
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl SqliteStore {
    /// Opens an existing workspace.
    pub fn open(path: &str) -> Result<SqliteStore> {
        if path != ":memory:" && !std::path::Path::new(path).exists() {
            return Err(StoreError::NotInitialised { path: path.into() });
        }
        let store = Self::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        if !store.is_initialised()? {
            return Err(StoreError::NotInitialised { path: path.into() });
        }
        Ok(store)
    }

    /// Opens a workspace, creating the file and schema if needed.
    pub fn create(path: &str) -> Result<SqliteStore> {
        let store = Self::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        store.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?1)",
            [now().to_string()],
        )?;
        Ok(store)
    }

    fn connect(path: &str, flags: OpenFlags) -> Result<SqliteStore> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.into(),
            reason: e.to_string(),
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(open_err)?;
        // WAL lets readers (the server) work while a writer ingests. FULL sync
        // makes every committed batch durable (one fsync per batch of reports
        // and log entries), since the log lives in this file.
        conn.execute_batch(
            "PRAGMA page_size = 16384;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -65536;
             PRAGMA wal_autocheckpoint = 4096;",
        )
        .map_err(open_err)?;
        // Writers take the write lock at the start of their transaction
        // (BEGIN IMMEDIATE) and wait for each other here, so two processes
        // writing one workspace serialise batch by batch instead of failing.
        conn.busy_handler(Some(wait_for_writer)).map_err(open_err)?;
        let mut store = SqliteStore {
            conn,
            path: path.into(),
            frontier: None,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    fn is_initialised(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM agreements", [], |r| {
                r.get::<_, i64>(0)
            })?
            > 0)
    }

    /// Starts a write transaction holding the workspace's write lock, with
    /// the log's right edge as it is now: the cached edge is kept only if no
    /// other process appended since, so two writers never take one index.
    pub(crate) fn write(&mut self) -> Result<(rusqlite::Transaction<'_>, Frontier)> {
        let cached = self.frontier.take();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let size: i64 = tx.query_row(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries",
            [],
            |r| r.get(0),
        )?;
        let frontier = match cached {
            Some(f) if f.size() == size as u64 => f,
            _ => Frontier::load(&tx)?,
        };
        Ok((tx, frontier))
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying connection, for tests and maintenance commands.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

const REPORT_COLUMNS: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, text, url, extra";

const REPORT_COLUMNS_LEAN: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, NULL, NULL, NULL";

/// A filer as people say it.
fn filer_words(filer: &str) -> String {
    if filer == crate::log::MISSION {
        "the mission".into()
    } else {
        format!("party {filer}")
    }
}

/// The most of a rejected row's raw text kept: enough to recognise it.
pub const MAX_RAW_KEPT: usize = 1000;

/// A rejected row's text, cut to [`MAX_RAW_KEPT`] bytes on a character
/// boundary, saying how long it was.
fn bounded_raw(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.len() <= MAX_RAW_KEPT {
        return raw.into();
    }
    let mut end = MAX_RAW_KEPT;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &raw[..end], raw.len()).into()
}

fn extra_json(r: &Report) -> Option<String> {
    if r.extra.is_empty() {
        None
    } else {
        let map: serde_json::Map<String, serde_json::Value> = r
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        Some(serde_json::Value::Object(map).to_string())
    }
}

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {what} \"{value}\"").into(),
    )
}

fn parse_col<T>(
    row: &Row<'_>,
    i: usize,
    what: &str,
    f: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    f(&s).ok_or_else(|| corrupt(what, &s))
}

fn parse_opt<T>(
    row: &Row<'_>,
    i: usize,
    what: &str,
    f: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(s) => f(&s).map(Some).ok_or_else(|| corrupt(what, &s)),
    }
}

/// Reads a report from columns in the order of [`REPORT_COLUMNS`], from `base`.
fn report_from_row(row: &Row<'_>, base: usize) -> rusqlite::Result<Report> {
    let lat: Option<f64> = row.get(base + 7)?;
    let lon: Option<f64> = row.get(base + 8)?;
    let extra: Option<String> = row.get(base + 26)?;
    let extra = match extra {
        None => Vec::new(),
        Some(s) => match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&s) {
            Ok(m) => m
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
                .collect(),
            Err(_) => return Err(corrupt("extra columns", &s)),
        },
    };
    Ok(Report {
        source: row.get(base)?,
        external_id: row.get(base + 1)?,
        reported_at: row.get(base + 2)?,
        occurred_at: row.get(base + 3)?,
        time_precision: parse_col(row, base + 4, "time precision", |s| {
            TimePrecision::parse(s).ok()
        })?,
        occurred: Period {
            start: row.get(base + 5)?,
            end: row.get(base + 6)?,
        },
        location: match (lat, lon) {
            (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
            _ => None,
        },
        place: row.get(base + 9)?,
        geo_precision: parse_col(row, base + 10, "place precision", |s| {
            GeoPrecision::parse(s).ok()
        })?,
        located: parse_col(row, base + 11, "location source", Located::parse)?,
        act: parse_col(row, base + 12, "act", |s| Act::parse(s).ok())?,
        means: parse_col(row, base + 13, "means", |s| Means::parse(s).ok())?,
        means_text: row.get(base + 14)?,
        target_class: parse_col(row, base + 15, "target class", |s| {
            TargetClass::parse(s).ok()
        })?,
        target_name: row.get(base + 16)?,
        perpetrator: row.get(base + 17)?,
        claimant: row.get(base + 18)?,
        stance: parse_col(row, base + 19, "stance", |s| Stance::parse(s).ok())?,
        reliability: parse_opt(row, base + 20, "reliability", |s| {
            Reliability::parse(s).ok()
        })?,
        credibility: parse_opt(row, base + 21, "credibility", |s| {
            Credibility::parse(s).ok()
        })?,
        killed: row.get(base + 22)?,
        injured: row.get(base + 23)?,
        text: row.get(base + 24)?,
        url: row.get(base + 25)?,
        extra,
    })
}

const INCIDENT_COLUMNS: &str = "i.id, i.seq, i.occurred_start, i.occurred_end, i.lat, i.lon, \
    i.geo_precision, i.place, i.act, i.means, i.target_class, i.target_name, i.report_count, \
    i.country, i.region";

/// Builds the WHERE clause shared by the finding and incident listings.
fn finding_where(f: &FindingFilter) -> (String, Vec<rusqlite::types::Value>) {
    finding_where_at(f, 0)
}

/// [`finding_where`] with parameters numbered after `offset` others.
fn finding_where_at(f: &FindingFilter, offset: usize) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut add = |clause: &str, v: Value| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len() + offset)));
    };
    if let Some(c) = &f.commitment {
        add("f.commitment_id = ?", Value::Text(c.clone()));
    }
    if let Some(r) = &f.reading {
        add("f.reading_id = ?", Value::Text(r.clone()));
    }
    if let Some(p) = &f.party {
        add("f.party = ?", Value::Text(p.clone()));
    }
    if let Some(s) = f.status {
        add("f.status = ?", Value::Text(s.as_str().into()));
    }
    if let Some(t) = f.from {
        add("i.occurred_end > ?", Value::Integer(t));
    }
    if let Some(t) = f.starts_after {
        add("i.occurred_start > ?", Value::Integer(t));
    }
    if let Some(t) = f.to {
        add("i.occurred_start < ?", Value::Integer(t));
    }
    if let Some(id) = &f.incident {
        add("f.incident_id = ?", Value::Text(id.clone()));
    }
    if let Some(r) = &f.region {
        // Both placeholders become the same numbered parameter.
        add("(i.region = ? OR i.country = ?)", Value::Text(r.clone()));
    }
    if let Some([x0, y0, x1, y1]) = f.bbox {
        add("i.lat >= ?", Value::Real(y0));
        add("i.lat <= ?", Value::Real(y1));
        if x0 <= x1 {
            add("i.lon >= ?", Value::Real(x0));
            add("i.lon <= ?", Value::Real(x1));
        } else {
            // West beyond east: the box crosses the antimeridian (RFC 7946 §5.2).
            args.push(Value::Real(x0));
            args.push(Value::Real(x1));
            clauses.push(format!(
                "(i.lon >= ?{} OR i.lon <= ?{})",
                args.len() - 1 + offset,
                args.len() + offset
            ));
        }
    }
    if let Some((start, seq)) = f.after {
        let op = if f.newest_first { "<" } else { ">" };
        args.push(Value::Integer(start));
        args.push(Value::Integer(seq));
        clauses.push(format!(
            "(i.occurred_start, i.seq) {op} (?{}, ?{})",
            args.len() - 1 + offset,
            args.len() + offset
        ));
    }
    if f.published_only {
        clauses.push("EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = i.id)".into());
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

/// The WHERE clause of an incident list: conditions on findings become an
/// EXISTS probe of the findings' primary key, so that a newest-first page
/// walks the time index and stops after `limit` matches instead of
/// collecting every matching finding first.
fn incident_where(f: &FindingFilter) -> (String, Vec<rusqlite::types::Value>) {
    let on_findings = FindingFilter {
        commitment: f.commitment.clone(),
        reading: f.reading.clone(),
        party: f.party.clone(),
        status: f.status,
        ..FindingFilter::default()
    };
    let on_incident = FindingFilter {
        commitment: None,
        reading: None,
        party: None,
        status: None,
        ..f.clone()
    };
    let (inc_sql, mut args) = finding_where(&on_incident);
    let mut clauses: Vec<String> = Vec::new();
    if let Some(rest) = inc_sql.strip_prefix("WHERE ") {
        clauses.push(rest.replace("f.incident_id", "i.id"));
    }
    let (f_sql, f_args) = finding_where_at(&on_findings, args.len());
    if let Some(probe) = f_sql.strip_prefix("WHERE ") {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM findings f WHERE f.incident_id = i.id AND {probe})"
        ));
        args.extend(f_args);
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

impl Store for SqliteStore {
    fn put_agreement(&mut self, text: &str, agreement: &Agreement) -> Result<i64> {
        let sha = hex(&Sha256::digest(text.as_bytes()));
        if let Some(v) = self
            .conn
            .query_row(
                "SELECT version FROM agreements WHERE sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .optional()?
        {
            return Ok(v);
        }
        let json = serde_json::to_string(agreement).map_err(|e| StoreError::Corrupt {
            what: "agreement".into(),
            reason: e.to_string(),
        })?;
        let body = serde_json::to_vec(&AgreementEntry {
            sha256: sha.clone(),
            text: text.to_string(),
            agreement: agreement.clone(),
        })
        .map_err(|e| StoreError::Corrupt {
            what: "agreement".into(),
            reason: e.to_string(),
        })?;
        let entry = encode_entry(KIND_AGREEMENT, &body);
        if entry.len() > truce_ledger::MAX_ENTRY_LEN {
            return Err(StoreError::Corrupt {
                what: "agreement".into(),
                reason: format!(
                    "it takes {} bytes, more than a log entry can hold ({})",
                    entry.len(),
                    truce_ledger::MAX_ENTRY_LEN
                ),
            });
        }
        let (tx, mut frontier) = self.write()?;
        let index =
            frontier.append(&tx, KIND_AGREEMENT, &entry, truce_ledger::leaf_hash(&entry))?;
        tx.execute(
            "INSERT INTO agreements (agreement_id, sha256, loaded_at, text, json, log_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![agreement.id, sha, now(), text, json, index as i64],
        )?;
        let version = tx.last_insert_rowid();
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(version)
    }

    fn agreement(&self) -> Result<StoredAgreement> {
        let row = self
            .conn
            .query_row(
                "SELECT version, sha256, loaded_at, text, json FROM agreements ORDER BY version DESC LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((version, sha256, loaded_at, text, json)) = row else {
            return Err(StoreError::NotInitialised {
                path: self.path.clone(),
            });
        };
        let agreement = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: format!("agreement version {version}"),
            reason: e.to_string(),
        })?;
        Ok(StoredAgreement {
            version,
            sha256,
            loaded_at,
            text,
            agreement,
        })
    }

    fn agreement_versions(&self) -> Result<Vec<(i64, String, i64)>> {
        let mut st = self
            .conn
            .prepare("SELECT version, sha256, loaded_at FROM agreements ORDER BY version")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn ingest(
        &mut self,
        reports: &[NewReport<'_>],
        rejections: &[Rejection],
    ) -> Result<IngestResult> {
        let at = now();
        let mut out = IngestResult::default();
        let (tx, mut frontier) = self.write()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO reports (source, external_id, fingerprint, file, line, ingested_at, \
                 reported_at, occurred_at, time_precision, occurred_start, occurred_end, lat, lon, \
                 place, geo_precision, located, act, means, means_text, target_class, target_name, \
                 perpetrator, claimant, stance, reliability, credibility, killed, injured, text, url, extra, log_index, filer) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33) \
                 ON CONFLICT (source, external_id) DO NOTHING",
            )?;
            let mut refused = Vec::new();
            for n in reports {
                let r = n.report;
                let changed = insert.execute(params![
                    r.source,
                    r.external_id,
                    &n.fingerprint[..],
                    n.file,
                    n.line as i64,
                    at,
                    r.reported_at,
                    r.occurred_at,
                    r.time_precision.as_str(),
                    r.occurred.start,
                    r.occurred.end,
                    r.location.map(|p| p.lat),
                    r.location.map(|p| p.lon),
                    r.place,
                    r.geo_precision.as_str(),
                    r.located.as_str(),
                    r.act.as_str(),
                    r.means.as_str(),
                    r.means_text,
                    r.target_class.as_str(),
                    r.target_name,
                    r.perpetrator,
                    r.claimant,
                    r.stance.as_str(),
                    r.reliability.map(|x| x.as_str()),
                    r.credibility.map(|x| x.as_str()),
                    r.killed,
                    r.injured,
                    r.text,
                    r.url,
                    extra_json(r),
                    frontier.size() as i64,
                    n.filer,
                ])?;
                if changed == 1 {
                    // The index recorded with the report is the one this
                    // append takes.
                    frontier.append(
                        &tx,
                        crate::log::KIND_REPORT,
                        n.entry,
                        truce_ledger::leaf_hash(n.entry),
                    )?;
                    out.counts.accepted += 1;
                    continue;
                }
                // The key exists: a duplicate, or a new version of the report.
                let (id, old_fp, old_filer): (i64, Vec<u8>, String) = tx
                    .prepare_cached(
                        "SELECT id, fingerprint, filer FROM reports WHERE source = ?1 AND external_id = ?2",
                    )?
                    .query_row(params![r.source, r.external_id], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })?;
                if old_fp == n.fingerprint {
                    out.counts.duplicates += 1;
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
                        reason: format!(
                            "source \"{}\" already has a report \"{}\" filed by {}; a submission may replace only reports filed by {}; give this report another external_id",
                            r.source,
                            r.external_id,
                            filer_words(&old_filer),
                            filer_words(n.filer)
                        ),
                        raw: String::new(),
                    });
                    continue;
                }
                let (old, old_file, old_line): (Report, String, i64) = tx
                    .prepare_cached(&format!(
                        "SELECT {REPORT_COLUMNS}, file, line FROM reports WHERE id = ?1"
                    ))?
                    .query_row([id], |row| {
                        Ok((report_from_row(row, 0)?, row.get(27)?, row.get(28)?))
                    })?;
                let json = serde_json::to_string(&old).map_err(|e| StoreError::Corrupt {
                    what: "report".into(),
                    reason: e.to_string(),
                })?;
                tx.prepare_cached(
                    "INSERT INTO report_history (report_id, superseded_at, fingerprint, file, line, json, log_index) \
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, log_index FROM reports WHERE id = ?1",
                )?
                .execute(params![id, at, old_fp, old_file, old_line, json])?;
                let index = frontier.append(
                    &tx,
                    crate::log::KIND_REPORT,
                    n.entry,
                    truce_ledger::leaf_hash(n.entry),
                )?;
                tx.prepare_cached(
                    "UPDATE reports SET fingerprint = ?2, file = ?3, line = ?4, ingested_at = ?5, \
                     reported_at = ?6, occurred_at = ?7, time_precision = ?8, occurred_start = ?9, \
                     occurred_end = ?10, lat = ?11, lon = ?12, place = ?13, geo_precision = ?14, \
                     located = ?15, act = ?16, means = ?17, means_text = ?18, target_class = ?19, \
                     target_name = ?20, perpetrator = ?21, claimant = ?22, stance = ?23, \
                     reliability = ?24, credibility = ?25, killed = ?26, injured = ?27, text = ?28, \
                     url = ?29, extra = ?30, log_index = ?31 WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    &n.fingerprint[..],
                    n.file,
                    n.line as i64,
                    at,
                    r.reported_at,
                    r.occurred_at,
                    r.time_precision.as_str(),
                    r.occurred.start,
                    r.occurred.end,
                    r.location.map(|p| p.lat),
                    r.location.map(|p| p.lon),
                    r.place,
                    r.geo_precision.as_str(),
                    r.located.as_str(),
                    r.act.as_str(),
                    r.means.as_str(),
                    r.means_text,
                    r.target_class.as_str(),
                    r.target_name,
                    r.perpetrator,
                    r.claimant,
                    r.stance.as_str(),
                    r.reliability.map(|x| x.as_str()),
                    r.credibility.map(|x| x.as_str()),
                    r.killed,
                    r.injured,
                    r.text,
                    r.url,
                    extra_json(r),
                    index as i64,
                ])?;
                out.counts.superseded += 1;
            }
            let mut rej = tx.prepare_cached(
                "INSERT INTO rejections (at, file, line, field, value, reason, raw, key) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO NOTHING",
            )?;
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
                ])?;
                out.counts.rejected += 1;
            }
            out.refused = refused;
        }
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(out)
    }

    fn reports(&self, full: bool) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = if full {
            REPORT_COLUMNS
        } else {
            REPORT_COLUMNS_LEAN
        };
        let mut st = self
            .conn
            .prepare(&format!("SELECT id, {cols} FROM reports ORDER BY id"))?;
        let n = self.report_count()? as usize;
        let mut ids = Vec::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            ids.push(row.get(0)?);
            out.push(report_from_row(row, 1)?);
        }
        Ok((ids, out))
    }

    fn incident_reports(&self, incident: &str) -> Result<Vec<Report>> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
             WHERE x.incident_id = ?1 ORDER BY r.id"
        ))?;
        let rows = st.query_map([incident], |row| report_from_row(row, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn report_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM reports", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    fn rejections(&self, limit: Option<u64>) -> Result<Vec<StoredRejection>> {
        let mut st = self.conn.prepare(
            "SELECT id, at, file, line, field, value, reason, raw FROM rejections ORDER BY id LIMIT ?1",
        )?;
        let limit = limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let rows = st.query_map([limit], |r| {
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
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn rejection_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM rejections", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    fn replace_results(
        &mut self,
        report_ids: &[i64],
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
        let newest: Option<i64> =
            tx.query_row("SELECT MAX(log_size) FROM evaluations", [], |r| r.get(0))?;
        if let (Some(newest), Some(mine)) = (newest, info.log_size)
            && newest as u64 > mine
        {
            drop(tx);
            self.frontier = Some(frontier);
            return Ok(None);
        }
        tx.execute_batch(
            "DROP INDEX IF EXISTS findings_id;
             DROP INDEX IF EXISTS findings_status;
             DROP INDEX IF EXISTS findings_time;
             DROP INDEX IF EXISTS findings_party;
             DROP INDEX IF EXISTS incident_reports_incident;
             DROP INDEX IF EXISTS incidents_time;
             DELETE FROM findings; DELETE FROM incident_reports; DELETE FROM incidents;",
        )?;
        {
            let mut order: Vec<usize> = (0..incidents.len()).collect();
            order.sort_unstable_by(|&a, &b| incidents[a].id.cmp(&incidents[b].id));
            let mut members: Vec<(i64, &str)> = Vec::with_capacity(report_ids.len());
            for seq in order {
                let inc = &incidents[seq];
                insert_incident(&tx, inc, seq as i64)?;
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
                    members.push((id, inc.id.as_str()));
                }
            }
            members.sort_unstable();
            let mut member = tx.prepare_cached(
                "INSERT INTO incident_reports (report_id, incident_id) VALUES (?1, ?2)",
            )?;
            for (id, inc) in members {
                member.execute(params![id, inc])?;
            }
            // Each finding carries its incident's place in time, so that a
            // list filtered by status walks one index in time order.
            let when: std::collections::HashMap<&str, (i64, i64)> = incidents
                .iter()
                .enumerate()
                .map(|(seq, i)| (i.id.as_str(), (i.occurred.start, seq as i64)))
                .collect();
            let mut f = tx.prepare_cached(
                "INSERT INTO findings (id, incident_id, commitment_id, reading_id, party, status, confidence, \
                 occurred_start, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for x in findings {
                count += 1;
                let (start, seq) = when.get(x.incident_id.as_str()).copied().unwrap_or((0, -1));
                f.execute(params![
                    x.id,
                    x.incident_id,
                    x.commitment_id,
                    x.reading_id,
                    x.party,
                    x.status.as_str(),
                    x.confidence.as_str(),
                    start,
                    seq,
                ])?;
            }
            tx.execute_batch(
                "CREATE UNIQUE INDEX findings_id ON findings (id);
                 CREATE INDEX findings_time ON findings (status, occurred_start, seq);
                 CREATE INDEX findings_party ON findings (party, occurred_start, seq);
                 CREATE INDEX findings_status ON findings (commitment_id, reading_id, status);
                 CREATE INDEX incident_reports_incident ON incident_reports (incident_id);
                 CREATE INDEX incidents_time ON incidents (occurred_start, seq, occurred_end, lat, lon, region, country);",
            )?;
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
            )?;
        }
        Self::note_span(&tx, incidents, true)?;
        // Decided statuses outlive the evaluation they were decided on.
        tx.execute(
            "UPDATE findings SET status = v.status FROM verdicts v WHERE v.finding_id = findings.id",
            [],
        )?;
        // Publication follows the reports, whichever incidents now hold them.
        refresh_publications(&tx, None)?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(Some(count))
    }

    fn incidents(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>> {
        if (filter.status.is_some() || filter.party.is_some()) && filter.newest_first {
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
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            let mut row = incident_from_row_seq(r)?;
            row.incident.reports.clear();
            Ok(row)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn incident(&self, id: &str) -> Result<Option<IncidentRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ?1"),
                [id],
                incident_from_row_seq,
            )
            .optional()?)
    }

    fn findings(&self, filter: &FindingFilter) -> Result<Vec<FindingRow>> {
        let filter = &self.bounded(filter)?;
        let (wh, args) = finding_where(filter);
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let order = if filter.newest_first {
            "i.occurred_start DESC, i.seq DESC, f.commitment_id, f.reading_id, f.party"
        } else {
            "i.occurred_start, i.seq, f.commitment_id, f.reading_id, f.party"
        };
        let sql = format!(
            "SELECT f.id, f.incident_id, f.commitment_id, f.reading_id, f.party, f.status, f.confidence \
             FROM findings f JOIN incidents i ON i.id = f.incident_id {wh} \
             ORDER BY {order} LIMIT {limit}"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(FindingRow {
                id: r.get(0)?,
                incident_id: r.get(1)?,
                commitment_id: r.get(2)?,
                reading_id: r.get(3)?,
                party: r.get(4)?,
                status: parse_col(r, 5, "status", |s| Status::parse(s).ok())?,
                confidence: parse_col(r, 6, "confidence", |s| Confidence::parse(s).ok())?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn last_evaluation(&self) -> Result<Option<EvaluationInfo>> {
        Ok(self
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
                    })
                },
            )
            .optional()?)
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
        Ok(self.conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64)
    }

    fn log_size(&self) -> Result<u64> {
        // Always read: another process may have appended since this
        // connection last did.
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    fn log_append(&mut self, kind: &str, entry: &[u8]) -> Result<u64> {
        let (tx, mut frontier) = self.write()?;
        let index = frontier.append(&tx, kind, entry, truce_ledger::leaf_hash(entry))?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn log_append_batch(&mut self, kind: &str, entries: &[Vec<u8>]) -> Result<u64> {
        let (tx, mut frontier) = self.write()?;
        let first = frontier.size();
        for e in entries {
            frontier.append(&tx, kind, e, truce_ledger::leaf_hash(e))?;
        }
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(first)
    }

    fn log_scan(&self, from: u64, f: &mut dyn FnMut(u64, &str, &[u8]) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT idx, kind, data FROM log_entries WHERE idx >= ?1 ORDER BY idx")?;
        let mut rows = st.query([from as i64])?;
        while let Some(row) = rows.next()? {
            let idx: i64 = row.get(0)?;
            let kind = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let data = row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            if !f(idx as u64, kind, data) {
                break;
            }
        }
        Ok(())
    }

    fn log_nodes(&self, f: &mut dyn FnMut(u32, u64, &[u8]) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT level, idx, hash FROM log_nodes ORDER BY level, idx")?;
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            let level: i64 = row.get(0)?;
            let idx: i64 = row.get(1)?;
            let hash = row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
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

    fn put_checkpoint(&mut self, size: u64, note: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO log_checkpoints (size, note, at) VALUES (?1, ?2, ?3)",
            params![size as i64, note, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>> {
        let mut st = self
            .conn
            .prepare("SELECT id, size, note, at FROM log_checkpoints ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(StoredCheckpoint {
                id: r.get(0)?,
                size: r.get::<_, i64>(1)? as u64,
                note: r.get(2)?,
                at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn put_cosignature(&mut self, c: &StoredCosignature) -> Result<()> {
        self.conn.execute(
            "INSERT INTO log_cosignatures (size, cosigner, body, line, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![c.size as i64, c.cosigner, c.body, c.line, c.at],
        )?;
        Ok(())
    }

    fn cosignatures(&self) -> Result<Vec<StoredCosignature>> {
        let mut st = self
            .conn
            .prepare("SELECT size, cosigner, body, line, at FROM log_cosignatures ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(StoredCosignature {
                size: r.get::<_, i64>(0)? as u64,
                cosigner: r.get(1)?,
                body: r.get(2)?,
                line: r.get(3)?,
                at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_party_key(&mut self, party: &str, name: &str, vkey: &str) -> Result<u64> {
        let body = serde_json::to_vec(&serde_json::json!({ "party": party, "vkey": vkey }))
            .map_err(|e| StoreError::Corrupt {
                what: "party key".into(),
                reason: e.to_string(),
            })?;
        let entry = encode_entry(crate::log::KIND_PARTY_KEY, &body);
        let (tx, mut frontier) = self.write()?;
        let index = frontier.append(
            &tx,
            crate::log::KIND_PARTY_KEY,
            &entry,
            truce_ledger::leaf_hash(&entry),
        )?;
        tx.execute(
            "INSERT INTO party_keys (name, party, vkey, added_at, log_index) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (name) DO UPDATE SET party = excluded.party, vkey = excluded.vkey, \
             added_at = excluded.added_at, log_index = excluded.log_index",
            params![name, party, vkey, now(), index as i64],
        )?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(index)
    }

    fn party_keys(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT party, vkey FROM party_keys ORDER BY name")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

/// Where the longest incident's duration is kept (seconds), for [`SqliteStore::bounded`].
const MAX_SPAN: &str = "max_incident_span";

impl SqliteStore {
    /// The filter with a lower bound on start times when it has `from`: an
    /// incident ending after `from` started at most the longest incident's
    /// duration before it.
    fn bounded(&self, f: &FindingFilter) -> Result<FindingFilter> {
        let mut f = f.clone();
        if let Some(from) = f.from
            && let Some(span) = self.meta(MAX_SPAN)?.and_then(|v| v.parse::<i64>().ok())
        {
            f.starts_after = Some(from.saturating_sub(span).saturating_sub(1));
        }
        Ok(f)
    }

    /// Records the longest incident, when it is longer than the one recorded
    /// (or always, when `replace`).
    fn note_span(conn: &Connection, incidents: &[Incident], replace: bool) -> Result<()> {
        let longest = incidents
            .iter()
            .map(|i| i.occurred.end - i.occurred.start)
            .max()
            .unwrap_or(0);
        let sql = if replace {
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        } else {
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = \
             MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))"
        };
        conn.execute(sql, params![MAX_SPAN, longest.to_string()])?;
        Ok(())
    }

    /// Incidents with a finding of the filter's status or party, newest
    /// first: walks the findings' (status, time) or (party, time) index, so a
    /// rare status or party among a million incidents costs no more than a
    /// common one.
    fn incidents_by_status(&self, filter: &FindingFilter) -> Result<Vec<IncidentRow>> {
        let mut f = filter.clone();
        let after = f.after.take();
        let (wh, mut args) = finding_where(&f);
        let mut wh = if wh.is_empty() {
            "WHERE 1".to_string()
        } else {
            wh
        };
        if let Some((start, seq)) = after {
            args.push(rusqlite::types::Value::Integer(start));
            args.push(rusqlite::types::Value::Integer(seq));
            wh.push_str(&format!(
                " AND (f.occurred_start, f.seq) < (?{}, ?{})",
                args.len() - 1,
                args.len()
            ));
        }
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let sql = format!(
            "SELECT DISTINCT {INCIDENT_COLUMNS}, f.occurred_start, f.seq FROM findings f \
             JOIN incidents i ON i.id = f.incident_id {wh} \
             ORDER BY f.occurred_start DESC, f.seq DESC LIMIT {limit}"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), incident_from_row_seq)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A column list with every column qualified by a table alias.
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Recomputes which incidents are published, from the published reports
/// they hold: all of them, or only `incidents`.
pub(crate) fn refresh_publications(conn: &Connection, incidents: Option<&[&str]>) -> Result<()> {
    const DERIVE: &str = "INSERT INTO publications (incident_id, at, decision_id) \
        SELECT x.incident_id, MIN(p.at), MIN(p.decision_id) FROM incident_reports x \
        JOIN published_reports p ON p.report_id = x.report_id";
    match incidents {
        None => {
            conn.execute("DELETE FROM publications", [])?;
            conn.execute(&format!("{DERIVE} GROUP BY x.incident_id"), [])?;
        }
        Some(ids) => {
            let mut del = conn.prepare_cached("DELETE FROM publications WHERE incident_id = ?1")?;
            let mut ins = conn.prepare_cached(&format!(
                "{DERIVE} WHERE x.incident_id = ?1 GROUP BY x.incident_id"
            ))?;
            for id in ids {
                del.execute([id])?;
                ins.execute([id])?;
            }
        }
    }
    Ok(())
}

/// Writes one incident row (its members are written by the caller).
pub(crate) fn insert_incident(conn: &Connection, inc: &Incident, seq: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO incidents (id, seq, occurred_start, occurred_end, lat, lon, geo_precision, \
         place, act, means, target_class, target_name, report_count, country, region) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        inc.id,
        seq,
        inc.occurred.start,
        inc.occurred.end,
        inc.location.map(|p| p.lat),
        inc.location.map(|p| p.lon),
        inc.geo_precision.as_str(),
        inc.place,
        inc.act.as_str(),
        inc.means.as_str(),
        inc.target_class.as_str(),
        inc.target_name,
        inc.reports.len() as i64,
        inc.country,
        inc.region,
    ])?;
    Ok(())
}

/// Incident rows carry `seq` in column 1; skip it.
fn incident_from_row_seq(r: &Row<'_>) -> rusqlite::Result<IncidentRow> {
    let lat: Option<f64> = r.get(4)?;
    let lon: Option<f64> = r.get(5)?;
    Ok(IncidentRow {
        incident: Incident {
            id: r.get(0)?,
            reports: Vec::new(),
            occurred: Period {
                start: r.get(2)?,
                end: r.get(3)?,
            },
            location: match (lat, lon) {
                (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
                _ => None,
            },
            geo_precision: parse_col(r, 6, "place precision", |s| GeoPrecision::parse(s).ok())?,
            place: r.get(7)?,
            act: parse_col(r, 8, "act", |s| Act::parse(s).ok())?,
            means: parse_col(r, 9, "means", |s| Means::parse(s).ok())?,
            target_class: parse_col(r, 10, "target class", |s| TargetClass::parse(s).ok())?,
            target_name: r.get(11)?,
            country: r.get(13)?,
            region: r.get(14)?,
        },
        report_count: r.get::<_, i64>(12)? as u64,
        seq: r.get(1)?,
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
