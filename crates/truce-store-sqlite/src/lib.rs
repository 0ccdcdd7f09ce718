//! The embedded SQLite backend: one file, WAL mode, migrations on open. It
//! implements every storage trait of `truce-store` and passes its
//! conformance suite (`tests/conformance.rs`).

mod accounts;
mod agreements;
mod audit;
mod log;
mod placement;
mod reports;
mod results;
mod review;
mod rows;
mod schema;
mod statements;
mod vessels;
mod webhooks;
mod words;

pub(crate) use words::report_select;

pub(crate) use log::{StoredHashes, append, append_entry};
pub(crate) use rows::*;
pub(crate) use rusqlite::{Connection, OpenFlags, Row, params};
pub use schema::MIGRATIONS;
pub(crate) use sha2::{Digest, Sha256};
pub(crate) use truce_ledger::Frontier;
pub(crate) use truce_model::{
    Act, Agreement, Confidence, Credibility, Finding, GeoPrecision, Incident, LatLon, Located,
    Means, Period, Rejection, Reliability, Report, Stance, Status, TargetClass, TimePrecision,
};
pub(crate) use truce_store::log::{AgreementEntry, KIND_AGREEMENT, KIND_DECISION, encode_entry};
pub(crate) use truce_store::prelude::*;
pub(crate) use truce_store::{
    ASSIGNMENT_SECONDS, AuditAgreement, AuditHistory, AuditPartyKey, AuditReport, DailyCount,
    Decision, Effect, EvaluationInfo, FindingFilter, FindingRow, IncidentRow, IngestResult,
    NewDecision, NewReport, Note, OPEN_RANK_SQL, QueueAssigned, QueueFilter, QueueItem,
    RejectionFile, ReportFilter, ReportRow, Role, SourceDefault, StoreError, StoredAgreement,
    StoredCheckpoint, StoredCosignature, StoredRejection, User, Visibility, open_status_of_rank,
};

pub(crate) type Result<T> = truce_store::Result<T>;

/// SQLite's errors in the store's words: a busy database is one of its own.
pub(crate) fn db_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy {
                seconds: truce_store::WRITE_WAIT_SECONDS,
            }
        }
        _ => StoreError::Backend(e.to_string()),
    }
}

/// `.db()?` turns a SQLite result into the store's.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for rusqlite::Result<T> {
    fn db(self) -> Result<T> {
        self.map_err(db_error)
    }
}

pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// The log's right edge, loaded on first append.
    frontier: Option<Frontier>,
    /// A read transaction begun by [`PlacementStore::begin_snapshot`].
    snapshot: std::cell::Cell<bool>,
}

/// SQLite's busy handler: waits a little longer each time (up to 100 ms a
/// try) while another connection holds the write lock, for at most
/// [`truce_store::WRITE_WAIT_SECONDS`].
fn wait_for_writer(attempt: i32) -> bool {
    let attempt = attempt.max(0) as u64;
    // The first 100 tries wait 1..=100 ms (about 5 s in all), then 100 ms each.
    let waited_ms = if attempt <= 100 {
        attempt * (attempt + 1) / 2
    } else {
        5050 + (attempt - 100) * 100
    };
    if waited_ms >= truce_store::WRITE_WAIT_SECONDS * 1000 {
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
        // The file holds password hashes, session hashes and the salt behind
        // the pseudonyms: readable by its owner only. SQLite gives its WAL and
        // shared-memory files the database file's permissions.
        if path != ":memory:" && !std::path::Path::new(path).exists() {
            owner_only_file(path).map_err(|e| StoreError::Open {
                path: path.into(),
                reason: e.to_string(),
            })?;
        }
        let store = Self::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        store
            .conn
            .execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?1)",
                [now().to_string()],
            )
            .db()?;
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
            "PRAGMA page_size = 4096;
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
        words::register(&conn).map_err(open_err)?;
        let mut store = SqliteStore {
            conn,
            path: path.into(),
            frontier: None,
            snapshot: std::cell::Cell::new(false),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .db()?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().db()?;
            tx.execute_batch(sql).db()?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .db()?;
            tx.commit().db()?;
        }
        Ok(())
    }

    fn is_initialised(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM agreements", [], |r| {
                r.get::<_, i64>(0)
            })
            .db()?
            > 0)
    }

    /// Starts a write transaction holding the workspace's write lock, with
    /// the log's right edge as it is now: the cached edge is kept only if no
    /// other process appended since, so two writers never take one index.
    pub(crate) fn write(&mut self) -> Result<(rusqlite::Transaction<'_>, Frontier)> {
        let cached = self.frontier.take();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        let size: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries",
                [],
                |r| r.get(0),
            )
            .db()?;
        let frontier = match cached {
            Some(f) if f.size() == size as u64 => f,
            _ => Frontier::load(&StoredHashes::new(&tx, size as u64), size as u64)
                .map_err(|e| StoreError::Backend(e.to_string()))?,
        };
        Ok((tx, frontier))
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Where the log's signing key is kept: beside the database.
    pub fn key_path(&self) -> String {
        format!("{}.logkey", self.path)
    }

    /// Writes a consistent copy of the workspace to `dest` (a new file)
    /// while others keep reading and writing: `VACUUM INTO` reads one
    /// snapshot, so the copy holds whole batches only, each report with its
    /// log entry. The log key is not in the database; the caller copies it.
    pub fn backup_into(&self, dest: &str) -> Result<()> {
        if std::path::Path::new(dest).exists() {
            return Err(StoreError::Refused(format!(
                "{dest} already exists; a backup goes to a new file"
            )));
        }
        // VACUUM INTO writes into an empty file that exists: made owner-only
        // first, as the workspace it copies.
        owner_only_file(dest)
            .map_err(|e| StoreError::Backend(format!("cannot write the backup {dest}: {e}")))?;
        self.conn
            .execute("VACUUM INTO ?1", [dest])
            .map_err(|e| StoreError::Backend(format!("cannot write the backup {dest}: {e}")))?;
        Ok(())
    }

    /// The underlying connection, for tests and maintenance commands.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Creates an empty file readable and writable by its owner only.
fn owner_only_file(path: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop)
}

/// The report columns as written, in order. Reads use [`report_select`]:
/// text and link are kept in the report's log entry (see `words.rs`).
pub(crate) const REPORT_COLUMNS: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, text, url, extra";

/// As [`REPORT_COLUMNS`] without text, link and extra columns, except a
/// fire detection's extra columns: its pixel size (`scan`, `track`) sets how
/// far from a site it may be and still corroborate a strike there.
const REPORT_COLUMNS_LEAN: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, NULL, NULL, CASE WHEN act = 'fire' THEN extra END";

/// A filer as people say it.
fn filer_words(filer: &str) -> String {
    if filer == truce_store::log::MISSION {
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

/// A report's values in the order of [`REPORT_COLUMNS`], as written: text
/// and link are left out (its log entry holds them), and [`report_from_row`]
/// over [`report_select`] gives the report back whole.
pub(crate) fn report_values(r: &Report) -> [rusqlite::types::Value; 27] {
    use rusqlite::types::Value;
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: &Option<String>| s.as_deref().map_or(Value::Null, text);
    let int = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
    [
        text(&r.source),
        text(&r.external_id),
        int(r.reported_at),
        Value::Integer(r.occurred_at),
        text(r.time_precision.as_str()),
        Value::Integer(r.occurred.start),
        Value::Integer(r.occurred.end),
        real(r.location.map(|p| p.lat)),
        real(r.location.map(|p| p.lon)),
        opt(&r.place),
        text(r.geo_precision.as_str()),
        text(r.located.as_str()),
        text(r.act.as_str()),
        text(r.means.as_str()),
        opt(&r.means_text),
        text(r.target_class.as_str()),
        opt(&r.target_name),
        opt(&r.perpetrator),
        opt(&r.claimant),
        text(r.stance.as_str()),
        r.reliability.map_or(Value::Null, |x| text(x.as_str())),
        r.credibility.map_or(Value::Null, |x| text(x.as_str())),
        int(r.killed.map(i64::from)),
        int(r.injured.map(i64::from)),
        // Kept once, in the report's log entry (words.rs).
        Value::Null,
        Value::Null,
        extra_json(r).map_or(Value::Null, Value::Text),
    ]
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
    // Without a status or party, a list walks the incidents' time index and
    // probes each one's findings by primary key (seq, commitment, reading);
    // the unary `+` keeps SQLite from choosing the (commitment, reading,
    // status) index instead, which would sort every match before the page.
    let plus = if finding_order_table(f) == "i" {
        "+"
    } else {
        ""
    };
    if let Some(c) = &f.commitment {
        add(
            &format!("{plus}f.commitment_id = ?"),
            Value::Text(c.clone()),
        );
    }
    if let Some(r) = &f.reading {
        add(&format!("{plus}f.reading_id = ?"), Value::Text(r.clone()));
    }
    if let Some(p) = &f.party {
        add("f.party = ?", Value::Text(p.clone()));
    }
    if let Some(s) = f.status {
        add(&status_term(s, "f"), Value::Text(s.as_str().into()));
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
        add(
            "f.seq = (SELECT seq FROM incidents WHERE id = ?)",
            Value::Text(id.clone()),
        );
    }
    if let Some(r) = &f.region {
        // Both placeholders become the same numbered parameter.
        add("(i.region = ? OR i.country = ?)", Value::Text(r.clone()));
    }
    if let Some(b) = f.bbox {
        let c = bbox_clause("i", b, f.bbox_grid, &mut args, offset);
        clauses.push(c);
    }
    if f.source.is_some() || f.claimant.is_some() || f.text.is_some() {
        // Incidents holding such a report: the reports' (source, id) and
        // claimant indexes find them, the members' primary key their seq.
        // Outside the mission only a published report counts, so that a
        // filter never reveals a report its caller may not see.
        let mut on = Vec::new();
        if let Some(s) = &f.source {
            args.push(Value::Text(s.clone()));
            on.push(format!("r.source = ?{}", args.len() + offset));
        }
        if let Some(c) = &f.claimant {
            args.push(Value::Text(c.clone()));
            on.push(format!("r.claimant = ?{}", args.len() + offset));
        }
        if let Some(q) = &f.text {
            args.push(Value::Text(q.fts5()));
            on.push(format!(
                "r.id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?{})",
                args.len() + offset
            ));
        }
        if f.published_only {
            on.push("EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = r.id)".into());
        }
        clauses.push(format!(
            "f.seq IN (SELECT x.seq FROM reports r JOIN incident_reports x ON x.report_id = r.id WHERE {})",
            on.join(" AND ")
        ));
    }
    if let Some(k) = &f.after_finding {
        // Incidents run one way, findings within one always ascending: the
        // coarse bound walks the index, the second condition trims the
        // cursor's own incident.
        // The same columns the finding list orders by (see `findings`).
        let t = finding_order_table(f);
        let (op, op_eq) = if f.newest_first {
            ("<", "<=")
        } else {
            (">", ">=")
        };
        let n = args.len() + offset;
        args.push(Value::Integer(k.start));
        args.push(Value::Integer(k.seq));
        args.push(Value::Text(k.commitment.clone()));
        args.push(Value::Text(k.reading.clone()));
        args.push(Value::Text(k.party.clone()));
        clauses.push(format!(
            "({t}.occurred_start, {t}.seq) {op_eq} (?{a}, ?{b}) AND (({t}.occurred_start, {t}.seq) {op} (?{a}, ?{b}) \
             OR (f.commitment_id, f.reading_id, f.party) > (?{c}, ?{d}, ?{e}))",
            a = n + 1,
            b = n + 2,
            c = n + 3,
            d = n + 4,
            e = n + 5
        ));
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

/// A box's condition on a table's point (`t.lat`, `t.lon`), with its
/// parameters numbered after `offset` others: on the point as stored, or
/// (with `grid`) on the point the public is shown, snapped to the grid as
/// `truce_model::public_point` snaps it, cell size by the place's precision.
pub(crate) fn bbox_clause(
    t: &str,
    [x0, y0, x1, y1]: [f64; 4],
    grid: Option<f64>,
    args: &mut Vec<rusqlite::types::Value>,
    offset: usize,
) -> String {
    use rusqlite::types::Value;
    let (lat, lon) = match grid {
        None => (format!("{t}.lat"), format!("{t}.lon")),
        Some(g) => {
            let mut step = format!("(CASE {t}.geo_precision");
            for p in [
                GeoPrecision::Exact,
                GeoPrecision::Settlement,
                GeoPrecision::NearSettlement,
                GeoPrecision::Region,
                GeoPrecision::Country,
            ] {
                args.push(Value::Real(truce_model::public_step(g, p.radius_km())));
                step.push_str(&format!(
                    " WHEN '{}' THEN ?{}",
                    p.as_str(),
                    args.len() + offset
                ));
            }
            step.push_str(" END)");
            // floor(v / step) without SQLite's optional math functions:
            // truncation of a value shifted to be positive.
            let snap = |col: &str, bound: f64| {
                format!(
                    "MIN(MAX(((CAST({t}.{col} / {step} + 1000000 AS INTEGER) - 1000000) + 0.5) * {step}, -{bound}), {bound})"
                )
            };
            (snap("lat", 90.0), snap("lon", 180.0))
        }
    };
    let n = |v: f64, args: &mut Vec<Value>| {
        args.push(Value::Real(v));
        format!("?{}", args.len() + offset)
    };
    let (s, north) = (n(y0, args), n(y1, args));
    let (w, e) = (n(x0, args), n(x1, args));
    // West beyond east: the box crosses the antimeridian (RFC 7946 §5.2).
    let join = if x0 <= x1 { "AND" } else { "OR" };
    format!("({lat} >= {s} AND {lat} <= {north} AND ({lon} >= {w} {join} {lon} <= {e}))")
}

/// Which table's copy of (start, seq) the finding list orders by: with a
/// status or party, the findings' own, so that the (status, time) or
/// (party, time) index yields the order and only the findings of one
/// incident are sorted; otherwise the incidents' time index, walked with
/// each incident's findings in primary-key order, needs no sort at all.
/// A list of `not-covered` findings (most of them) takes the incidents'
/// path too: the status indexes leave those findings out.
pub(crate) fn finding_order_table(f: &FindingFilter) -> &'static str {
    let indexed_status = f.status.is_some_and(|s| s != Status::NotCovered);
    if indexed_status || f.party.is_some() {
        "f"
    } else {
        "i"
    }
}

/// The condition `status = ?` on findings, with its one parameter. The
/// status indexes leave out `not-covered` findings, nearly two thirds of
/// the rows (migration 20). SQLite uses a partial index only where the
/// query states the index's condition in the same words (it does not infer
/// it from `status = ?`), so a condition on any other status states it.
pub(crate) fn status_term(status: Status, alias: &str) -> String {
    if status == Status::NotCovered {
        // No index holds these: the `+` keeps the planner from starting
        // at the findings, as if the condition were selective.
        format!("+{alias}.status = ?")
    } else {
        format!("{alias}.status = ? AND {alias}.status <> '{NOT_COVERED}'")
    }
}

/// The condition of the findings' partial indexes: the same words as in
/// `schema::status_indexes`.
pub(crate) const NOT_COVERED: &str = "not-covered";

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
        clauses.push(rest.replace("f.seq", "i.seq"));
    }
    let (f_sql, f_args) = finding_where_at(&on_findings, args.len());
    if let Some(probe) = f_sql.strip_prefix("WHERE ") {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM findings f WHERE f.seq = i.seq AND {probe})"
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
    fn location(&self) -> String {
        self.path.clone()
    }

    /// A checkpoint copies up to 16 MB and syncs the file; the write that
    /// crossed `wal_autocheckpoint` paid for it (a single report's submission
    /// took 111 ms instead of 25 at 1,000,000 reports). Deferred, the
    /// automatic one stays as a backstop, at 64 times the size, in case the
    /// caller's checkpoints stop.
    fn defer_checkpoints(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_autocheckpoint = 262144;")
            .db()
    }

    fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .db()
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
        conn.execute(sql, params![MAX_SPAN, longest.to_string()])
            .db()?;
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
             JOIN incidents i ON i.seq = f.seq {wh} \
             ORDER BY f.occurred_start DESC, f.seq DESC LIMIT {limit}"
        );
        let mut st = self.conn.prepare_cached(&sql).db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), incident_from_row_seq)
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }
}

/// A column list with every column qualified by a table alias.
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| match c.trim() {
            "NULL" => "NULL".to_string(),
            "CASE WHEN act = 'fire' THEN extra END" => {
                format!("CASE WHEN {alias}.act = 'fire' THEN {alias}.extra END")
            }
            c => format!("{alias}.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// For a copy of the workspace kept elsewhere (a move to PostgreSQL, which
/// keeps every column in its row): the expression reading `column` of
/// `table` as every read here sees it, where that differs from the column
/// as stored (a report's words, file, line and fingerprint, kept in its log
/// entry; a member's or finding's incident id, kept as the incident's
/// `seq`); none for any other column.
pub fn column_as_read(table: &str, column: &str) -> Option<String> {
    match (table, column) {
        ("reports", c) => words::report_column_as_read(c),
        ("incident_reports" | "findings", "incident_id") => Some(format!(
            "(SELECT id FROM incidents WHERE seq = {table}.seq)"
        )),
        _ => None,
    }
}

/// Columns a copy expects of `table` that SQLite no longer stores, each
/// read through [`column_as_read`].
pub fn columns_not_stored(table: &str) -> &'static [&'static str] {
    match table {
        "incident_reports" | "findings" => &["incident_id"],
        _ => &[],
    }
}

/// The incident a report is a member of (its id), for one parameter: the
/// report's database id. Members are kept by the incident's `seq` alone.
pub(crate) const INCIDENT_OF_REPORT: &str =
    "SELECT i.id FROM incident_reports x JOIN incidents i ON i.seq = x.seq WHERE x.report_id = ?1";

/// Recomputes which incidents are published, from the published reports
/// they hold: all of them, or only `incidents`.
pub(crate) fn refresh_publications(conn: &Connection, incidents: Option<&[&str]>) -> Result<()> {
    const DERIVE: &str = "INSERT INTO publications (incident_id, at, decision_id) \
        SELECT MIN(i.id), MIN(p.at), MIN(p.decision_id) FROM incident_reports x \
        JOIN incidents i ON i.seq = x.seq \
        JOIN published_reports p ON p.report_id = x.report_id";
    match incidents {
        None => {
            conn.execute("DELETE FROM publications", []).db()?;
            conn.execute(&format!("{DERIVE} GROUP BY x.seq"), []).db()?;
        }
        Some(ids) => {
            let mut del = conn
                .prepare_cached("DELETE FROM publications WHERE incident_id = ?1")
                .db()?;
            let mut ins = conn
                .prepare_cached(&format!(
                    "{DERIVE} WHERE x.seq = (SELECT seq FROM incidents WHERE id = ?1) GROUP BY x.seq"
                ))
                .db()?;
            for id in ids {
                del.execute([id]).db()?;
                ins.execute([id]).db()?;
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

/// Rewrites an incident row's values in place (its `seq` stays).
pub(crate) fn update_incident(conn: &Connection, inc: &Incident) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE incidents SET occurred_start = ?2, occurred_end = ?3, lat = ?4, lon = ?5, \
         geo_precision = ?6, place = ?7, act = ?8, means = ?9, target_class = ?10, target_name = ?11, \
         report_count = ?12, country = ?13, region = ?14 WHERE id = ?1",
    )?
    .execute(params![
        inc.id,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A query names the partial indexes' condition in `status_term`; if
    /// the index said anything else, SQLite would silently stop using it.
    #[test]
    fn the_status_term_states_the_partial_indexes_condition() {
        let indexes = schema::status_indexes!();
        let stated = status_term(Status::Alleged, "f");
        let condition = stated.rsplit(" AND f.").next().unwrap_or_default();
        assert_eq!(condition, format!("status <> '{NOT_COVERED}'"));
        assert_eq!(indexes.matches(&format!("WHERE {condition}")).count(), 2);
    }

    /// The plan SQLite makes for `sql` with `param` bound.
    fn plan(conn: &Connection, sql: &str, param: &str) -> String {
        let mut st = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare");
        let rows = st
            .query_map([param], |r| r.get::<_, String>(3))
            .expect("plan");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("; ")
    }

    /// Placement asks for fire detections each time: the partial index
    /// answers, because SQLite matches the bound value with the index's.
    #[test]
    fn asking_for_fire_detections_uses_the_partial_act_index() {
        let conn = Connection::open_in_memory().expect("memory database");
        words::register(&conn).expect("functions");
        for m in MIGRATIONS {
            conn.execute_batch(m).expect("migration");
        }
        let fire = plan(&conn, reports::HAS_ACT_SQL, "fire");
        assert!(fire.contains("INDEX reports_act"), "{fire}");
        let strike = plan(&conn, reports::HAS_ACT_SQL, "strike");
        assert!(!strike.contains("reports_act"), "{strike}");
    }
}
