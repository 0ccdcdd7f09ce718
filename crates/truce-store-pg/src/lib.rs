//! The PostgreSQL backend: for several `truce serve` processes (and
//! writers) sharing one database. It implements every storage trait of
//! `truce-store` and passes its conformance suite (`tests/conformance.rs`),
//! with migrations of its own (`schema.rs`).
//!
//! Every transaction that appends to the log first takes one advisory lock
//! (`pg_advisory_xact_lock`), the log's single sequencer: writers from any
//! process take turns, each reads the log's right edge after the one before
//! it committed, so indices are never taken twice and the tree never forks.
//! Reads take no lock.

mod accounts;
mod agreements;
mod audit;
pub mod dump;
pub mod import;
mod log;
mod placement;
mod reports;
mod results;
mod review;
mod schema;
mod statements;
pub mod testing;
mod vessels;
mod webhooks;

pub(crate) use log::{LogBuffer, StoredHashes};
pub(crate) use postgres::{Client, GenericClient, Row, Transaction, types::ToSql};
pub(crate) use schema::MIGRATIONS;
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

use std::cell::{Cell, RefCell, RefMut};

pub(crate) type Result<T> = truce_store::Result<T>;

/// A bound parameter of a query built from a filter.
pub(crate) type Param = Box<dyn ToSql + Sync + Send>;

/// The parameters as the driver takes them.
pub(crate) fn refs(p: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    p.iter()
        .map(|b| b.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// The log's sequencer: the advisory lock every appending transaction
/// holds until it commits.
pub const LOG_LOCK: i64 = 0x7472_7563_655f_6c67; // "truce_lg"

/// Whether a location names a PostgreSQL database rather than a file.
pub fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// PostgreSQL's errors in the store's words.
pub(crate) fn db_error(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(d) => {
            let mut s = d.message().to_string();
            if let Some(detail) = d.detail() {
                s.push_str(": ");
                s.push_str(detail);
            }
            StoreError::Backend(s)
        }
        None => StoreError::Backend(e.to_string()),
    }
}

/// `.db()?` turns a driver result into the store's.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for std::result::Result<T, postgres::Error> {
    fn db(self) -> Result<T> {
        self.map_err(db_error)
    }
}

/// A column of a row, or why it cannot be read (never a panic).
pub(crate) fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T> {
    row.try_get(i).map_err(|e| StoreError::Corrupt {
        what: format!("column {i}"),
        reason: e.to_string(),
    })
}

/// A count or index column as unsigned.
pub(crate) fn get_u64(row: &Row, i: usize) -> Result<u64> {
    Ok(get::<i64>(row, i)?.max(0) as u64)
}

pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub(crate) fn damaged(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.into(),
        reason: e.to_string(),
    }
}

pub struct PgStore {
    /// None only while being dropped.
    client: Option<RefCell<Client>>,
    /// The URL without its password, for people.
    location: String,
    /// The log's right edge as this connection last wrote it.
    frontier: Option<Frontier>,
    /// A read transaction begun by [`PlacementStore::begin_snapshot`].
    snapshot: Cell<bool>,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // The driver closes its connection on its own runtime, which must
        // not happen on an async thread (a server dropping its pool):
        // there it is closed on a thread of its own.
        if let Some(c) = self.client.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            std::thread::spawn(move || drop(c));
        }
    }
}

/// The URL as people may see it: without its password.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}

/// Where a configuration points, as `host:port`, for error messages.
fn server_of(config: &postgres::Config) -> String {
    use postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

/// Quotes an identifier (a database name) for the statements that cannot
/// bind one as a parameter.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl PgStore {
    /// Opens an existing workspace.
    pub fn open(url: &str) -> Result<PgStore> {
        let store = Self::connect(url, false)?;
        if !store.is_initialised()? {
            return Err(StoreError::NotInitialised {
                path: store.location.clone(),
            });
        }
        Ok(store)
    }

    /// Opens a workspace, creating the database (when the server lets this
    /// user) and the schema if needed.
    pub fn create(url: &str) -> Result<PgStore> {
        let store = Self::connect(url, true)?;
        store
            .c()?
            .execute(
                "INSERT INTO meta (key, value) VALUES ('created_at', $1) ON CONFLICT (key) DO NOTHING",
                &[&now().to_string()],
            )
            .db()?;
        Ok(store)
    }

    fn connect(url: &str, create: bool) -> Result<PgStore> {
        let location = redact(url);
        let config: postgres::Config = url.parse().map_err(|e| StoreError::Open {
            path: location.clone(),
            reason: format!("not a PostgreSQL URL: {e}"),
        })?;
        let server = server_of(&config);
        let cannot = |e: postgres::Error| StoreError::Open {
            path: location.clone(),
            reason: format!(
                "cannot connect to PostgreSQL at {server}: {}",
                db_error(e)
                    .to_string()
                    .trim_start_matches("database error: ")
            ),
        };
        let client = match Self::connect_on_thread(config.clone()) {
            Ok(c) => c,
            Err(e)
                if create && e.code() == Some(&postgres::error::SqlState::INVALID_CATALOG_NAME) =>
            {
                Self::create_database(&config).map_err(cannot)?;
                Self::connect_on_thread(config.clone()).map_err(cannot)?
            }
            Err(e) => return Err(cannot(e)),
        };
        let mut store = PgStore {
            client: Some(RefCell::new(client)),
            location,
            frontier: None,
            snapshot: Cell::new(false),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Connects off any async thread: the driver blocks on a runtime of its
    /// own, which an async thread may not do.
    fn connect_on_thread(config: postgres::Config) -> std::result::Result<Client, postgres::Error> {
        if tokio::runtime::Handle::try_current().is_err() {
            return config.connect(postgres::NoTls);
        }
        std::thread::scope(|s| {
            s.spawn(|| config.connect(postgres::NoTls))
                .join()
                .unwrap_or_else(|_| config.connect(postgres::NoTls))
        })
    }

    /// Creates the database a URL names, through the server's `postgres`
    /// database.
    fn create_database(config: &postgres::Config) -> std::result::Result<(), postgres::Error> {
        let name = config.get_dbname().unwrap_or("postgres").to_string();
        let mut admin = config.clone();
        admin.dbname("postgres");
        let mut c = Self::connect_on_thread(admin)?;
        match c.batch_execute(&format!("CREATE DATABASE {}", quote_ident(&name))) {
            // Another process made it meanwhile.
            Err(e) if e.code() == Some(&postgres::error::SqlState::DUPLICATE_DATABASE) => Ok(()),
            other => other,
        }
    }

    /// The connection, for reads (each statement sees what is committed).
    pub(crate) fn c(&self) -> Result<RefMut<'_, Client>> {
        self.client
            .as_ref()
            .ok_or_else(|| StoreError::Backend("the connection is closed".into()))?
            .try_borrow_mut()
            .map_err(|_| StoreError::Backend("the connection is already in use".into()))
    }

    fn migrate(&mut self) -> Result<()> {
        let location = self.location.clone();
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::MIGRATE_LOCK])
            .db()?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS truce_schema (version BIGINT NOT NULL)")
            .db()?;
        let version: i64 = get(
            &tx.query_one("SELECT COALESCE(MAX(version), 0) FROM truce_schema", &[])
                .db()?,
            0,
        )?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: location,
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).db()?;
            tx.execute("DELETE FROM truce_schema", &[]).db()?;
            tx.execute(
                "INSERT INTO truce_schema (version) VALUES ($1)",
                &[&(i as i64 + 1)],
            )
            .db()?;
        }
        // Decisions name their takers on the log by a keyed pseudonym: the
        // key is made once, with the schema.
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| StoreError::Backend(e.to_string()))?;
        // It lives in `secrets`, which no role but the owner may read: with
        // it, anyone could re-identify decision takers by trying names.
        tx.execute(
            "INSERT INTO secrets (name, value, created_at) VALUES ('actor_salt', $1, $2) \
             ON CONFLICT (name) DO NOTHING",
            &[&hex::encode(salt), &now()],
        )
        .db()?;
        tx.commit().db()?;
        Ok(())
    }

    pub(crate) fn client_mut(&mut self) -> Result<&mut Client> {
        Ok(self
            .client
            .as_mut()
            .ok_or_else(|| StoreError::Backend("the connection is closed".into()))?
            .get_mut())
    }

    fn is_initialised(&self) -> Result<bool> {
        let row = self
            .c()?
            .query_one("SELECT EXISTS (SELECT 1 FROM agreements)", &[])
            .db()?;
        get(&row, 0)
    }

    /// The URL without its password.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Runs statements as given (tests and maintenance).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        self.c()?.batch_execute(sql).db()
    }
}

/// Starts a write transaction holding the log's sequencer, with the log's
/// right edge as it is now: the cached edge is kept only if no other
/// process appended since, so two writers never take one index.
pub(crate) fn begin(
    client: &mut Client,
    cached: Option<Frontier>,
) -> Result<(Transaction<'_>, Frontier)> {
    let mut tx = client.transaction().db()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOG_LOCK])
        .db()?;
    let size = get_u64(
        &tx.query_one("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries", &[])
            .db()?,
        0,
    )?;
    let frontier = match cached {
        Some(f) if f.size() == size => f,
        _ => Frontier::load(&StoredHashes::new(&mut tx, size), size)
            .map_err(|e| StoreError::Backend(e.to_string()))?,
    };
    Ok((tx, frontier))
}

/// A write transaction: `let (tx, frontier) = write!(self)?;`.
macro_rules! write_tx {
    ($s:ident) => {{
        let cached = $s.frontier.take();
        let client = $s
            .client
            .as_mut()
            .ok_or_else(|| StoreError::Backend("the connection is closed".into()))?
            .get_mut();
        $crate::begin(client, cached)
    }};
}
pub(crate) use write_tx;

pub(crate) const REPORT_COLUMNS: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, text, url, extra";

/// As [`REPORT_COLUMNS`] without text, link and extra columns, except a
/// fire detection's extra columns (its pixel size matters to correlation).
pub(crate) const REPORT_COLUMNS_LEAN: &str = "source, external_id, reported_at, occurred_at, time_precision, \
    occurred_start, occurred_end, lat, lon, place, geo_precision, located, act, means, means_text, \
    target_class, target_name, perpetrator, claimant, stance, reliability, credibility, killed, \
    injured, NULL::text, NULL::text, CASE WHEN act = 'fire' THEN extra END";

/// A column list with every column qualified by a table alias.
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| match c.trim() {
            "NULL::text" => "NULL::text".to_string(),
            "CASE WHEN act = 'fire' THEN extra END" => {
                format!("CASE WHEN {alias}.act = 'fire' THEN {alias}.extra END")
            }
            c => format!("{alias}.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A filer as people say it.
pub(crate) fn filer_words(filer: &str) -> String {
    if filer == truce_store::log::MISSION {
        "the mission".into()
    } else {
        format!("party {filer}")
    }
}

/// The most of a rejected row's raw text kept: enough to recognise it.
pub const MAX_RAW_KEPT: usize = 1000;

pub(crate) fn bounded_raw(raw: &str) -> String {
    if raw.len() <= MAX_RAW_KEPT {
        return raw.into();
    }
    let mut end = MAX_RAW_KEPT;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &raw[..end], raw.len())
}

pub(crate) fn extra_json(r: &Report) -> Option<String> {
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

fn parse_col<T>(row: &Row, i: usize, what: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
    let s: String = get(row, i)?;
    f(&s).ok_or_else(|| damaged(what, format!("unexpected value \"{s}\"")))
}

fn parse_opt<T>(
    row: &Row,
    i: usize,
    what: &str,
    f: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    match get::<Option<String>>(row, i)? {
        None => Ok(None),
        Some(s) => f(&s)
            .map(Some)
            .ok_or_else(|| damaged(what, format!("unexpected value \"{s}\""))),
    }
}

fn count_col(row: &Row, i: usize) -> Result<Option<u32>> {
    get::<Option<i64>>(row, i)?
        .map(|n| u32::try_from(n).map_err(|e| damaged("count", e)))
        .transpose()
}

/// Reads a report from columns in the order of [`REPORT_COLUMNS`], from `base`.
pub(crate) fn report_from_row(row: &Row, base: usize) -> Result<Report> {
    let lat: Option<f64> = get(row, base + 7)?;
    let lon: Option<f64> = get(row, base + 8)?;
    let extra: Option<String> = get(row, base + 26)?;
    let extra = match extra {
        None => Vec::new(),
        Some(s) => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&s)
            .map_err(|e| damaged("extra columns", e))?
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect(),
    };
    Ok(Report {
        source: get(row, base)?,
        external_id: get(row, base + 1)?,
        reported_at: get(row, base + 2)?,
        occurred_at: get(row, base + 3)?,
        time_precision: parse_col(row, base + 4, "time precision", |s| {
            TimePrecision::parse(s).ok()
        })?,
        occurred: Period {
            start: get(row, base + 5)?,
            end: get(row, base + 6)?,
        },
        location: match (lat, lon) {
            (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
            _ => None,
        },
        place: get(row, base + 9)?,
        geo_precision: parse_col(row, base + 10, "place precision", |s| {
            GeoPrecision::parse(s).ok()
        })?,
        located: parse_col(row, base + 11, "location source", Located::parse)?,
        act: parse_col(row, base + 12, "act", |s| Act::parse(s).ok())?,
        means: parse_col(row, base + 13, "means", |s| Means::parse(s).ok())?,
        means_text: get(row, base + 14)?,
        target_class: parse_col(row, base + 15, "target class", |s| {
            TargetClass::parse(s).ok()
        })?,
        target_name: get(row, base + 16)?,
        perpetrator: get(row, base + 17)?,
        claimant: get(row, base + 18)?,
        stance: parse_col(row, base + 19, "stance", |s| Stance::parse(s).ok())?,
        reliability: parse_opt(row, base + 20, "reliability", |s| {
            Reliability::parse(s).ok()
        })?,
        credibility: parse_opt(row, base + 21, "credibility", |s| {
            Credibility::parse(s).ok()
        })?,
        killed: count_col(row, base + 22)?,
        injured: count_col(row, base + 23)?,
        text: get(row, base + 24)?,
        url: get(row, base + 25)?,
        extra,
    })
}

/// A report's values in the order of [`REPORT_COLUMNS`].
pub(crate) fn report_params(r: &Report) -> Vec<Param> {
    vec![
        Box::new(r.source.clone()),
        Box::new(r.external_id.clone()),
        Box::new(r.reported_at),
        Box::new(r.occurred_at),
        Box::new(r.time_precision.as_str().to_string()),
        Box::new(r.occurred.start),
        Box::new(r.occurred.end),
        Box::new(r.location.map(|p| p.lat)),
        Box::new(r.location.map(|p| p.lon)),
        Box::new(r.place.clone()),
        Box::new(r.geo_precision.as_str().to_string()),
        Box::new(r.located.as_str().to_string()),
        Box::new(r.act.as_str().to_string()),
        Box::new(r.means.as_str().to_string()),
        Box::new(r.means_text.clone()),
        Box::new(r.target_class.as_str().to_string()),
        Box::new(r.target_name.clone()),
        Box::new(r.perpetrator.clone()),
        Box::new(r.claimant.clone()),
        Box::new(r.stance.as_str().to_string()),
        Box::new(r.reliability.map(|x| x.as_str().to_string())),
        Box::new(r.credibility.map(|x| x.as_str().to_string())),
        Box::new(r.killed.map(i64::from)),
        Box::new(r.injured.map(i64::from)),
        Box::new(r.text.clone()),
        Box::new(r.url.clone()),
        Box::new(extra_json(r)),
    ]
}

pub(crate) const INCIDENT_COLUMNS: &str = "i.id, i.seq, i.occurred_start, i.occurred_end, i.lat, i.lon, \
    i.geo_precision, i.place, i.act, i.means, i.target_class, i.target_name, i.report_count, \
    i.country, i.region";

/// An incident row in the order of [`INCIDENT_COLUMNS`].
pub(crate) fn incident_from_row(r: &Row) -> Result<IncidentRow> {
    let lat: Option<f64> = get(r, 4)?;
    let lon: Option<f64> = get(r, 5)?;
    Ok(IncidentRow {
        incident: Incident {
            id: get(r, 0)?,
            reports: Vec::new(),
            occurred: Period {
                start: get(r, 2)?,
                end: get(r, 3)?,
            },
            location: match (lat, lon) {
                (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
                _ => None,
            },
            geo_precision: parse_col(r, 6, "place precision", |s| GeoPrecision::parse(s).ok())?,
            place: get(r, 7)?,
            act: parse_col(r, 8, "act", |s| Act::parse(s).ok())?,
            means: parse_col(r, 9, "means", |s| Means::parse(s).ok())?,
            target_class: parse_col(r, 10, "target class", |s| TargetClass::parse(s).ok())?,
            target_name: get(r, 11)?,
            country: get(r, 13)?,
            region: get(r, 14)?,
        },
        report_count: get_u64(r, 12)?,
        seq: get(r, 1)?,
    })
}

/// The WHERE clause shared by the finding and incident listings, with
/// parameters numbered after `offset` others.
pub(crate) fn finding_where_at(f: &FindingFilter, offset: usize) -> (String, Vec<Param>) {
    let mut clauses = Vec::new();
    let mut args: Vec<Param> = Vec::new();
    let mut add = |clause: &str, v: Param| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("${}", args.len() + offset)));
    };
    if let Some(c) = &f.commitment {
        add("f.commitment_id = ?", Box::new(c.clone()));
    }
    if let Some(r) = &f.reading {
        add("f.reading_id = ?", Box::new(r.clone()));
    }
    if let Some(p) = &f.party {
        add("f.party = ?", Box::new(p.clone()));
    }
    if let Some(s) = f.status {
        add("f.status = ?", Box::new(s.as_str().to_string()));
    }
    if let Some(t) = f.from {
        add("i.occurred_end > ?", Box::new(t));
    }
    if let Some(t) = f.starts_after {
        add("i.occurred_start > ?", Box::new(t));
    }
    if let Some(t) = f.to {
        add("i.occurred_start < ?", Box::new(t));
    }
    if let Some(id) = &f.incident {
        add(
            "f.seq = (SELECT seq FROM incidents WHERE id = ?)",
            Box::new(id.clone()),
        );
    }
    if let Some(r) = &f.region {
        add("(i.region = ? OR i.country = ?)", Box::new(r.clone()));
    }
    if let Some(b) = f.bbox {
        let c = bbox_clause("i", b, f.bbox_grid, &mut args, offset);
        clauses.push(c);
    }
    if f.source.is_some() || f.claimant.is_some() || f.text.is_some() {
        // Incidents holding such a report; outside the mission only a
        // published report counts, so a filter never reveals a report its
        // caller may not see.
        let mut on = Vec::new();
        if let Some(s) = &f.source {
            args.push(Box::new(s.clone()));
            on.push(format!("r.source = ${}", args.len() + offset));
        }
        if let Some(c) = &f.claimant {
            args.push(Box::new(c.clone()));
            on.push(format!("r.claimant = ${}", args.len() + offset));
        }
        if let Some(q) = &f.text {
            args.push(Box::new(q.tsquery()));
            on.push(text_match(q, &format!("${}", args.len() + offset)));
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
        // coarse bound, then the cursor's own incident trimmed.
        let t = finding_order_table(f);
        let (op, op_eq) = if f.newest_first {
            ("<", "<=")
        } else {
            (">", ">=")
        };
        let n = args.len() + offset;
        args.push(Box::new(k.start));
        args.push(Box::new(k.seq));
        args.push(Box::new(k.commitment.clone()));
        args.push(Box::new(k.reading.clone()));
        args.push(Box::new(k.party.clone()));
        clauses.push(format!(
            "({t}.occurred_start, {t}.seq) {op_eq} (${a}, ${b}) AND (({t}.occurred_start, {t}.seq) {op} (${a}, ${b}) \
             OR (f.commitment_id, f.reading_id, f.party) > (${c}, ${d}, ${e}))",
            a = n + 1,
            b = n + 2,
            c = n + 3,
            d = n + 4,
            e = n + 5
        ));
    }
    if let Some((start, seq)) = f.after {
        let op = if f.newest_first { "<" } else { ">" };
        args.push(Box::new(start));
        args.push(Box::new(seq));
        clauses.push(format!(
            "(i.occurred_start, i.seq) {op} (${}, ${})",
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

/// A box's condition on a table's point (`t.lat`, `t.lon`): on the point as
/// stored, or (with `grid`) on the point the public is shown, snapped to the
/// grid as `truce_model::public_point` snaps it, cell by the place's precision.
pub(crate) fn bbox_clause(
    t: &str,
    [x0, y0, x1, y1]: [f64; 4],
    grid: Option<f64>,
    args: &mut Vec<Param>,
    offset: usize,
) -> String {
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
                args.push(Box::new(truce_model::public_step(g, p.radius_km())));
                step.push_str(&format!(
                    " WHEN '{}' THEN ${}::float8",
                    p.as_str(),
                    args.len() + offset
                ));
            }
            step.push_str(" END)");
            let snap = |col: &str, bound: f64| {
                format!(
                    "LEAST(GREATEST((floor({t}.{col} / {step}) + 0.5) * {step}, -{bound}), {bound})"
                )
            };
            (snap("lat", 90.0), snap("lon", 180.0))
        }
    };
    let mut n = |v: f64| {
        args.push(Box::new(v));
        format!("${}::float8", args.len() + offset)
    };
    let (s, north) = (n(y0), n(y1));
    let (w, e) = (n(x0), n(x1));
    // West beyond east: the box crosses the antimeridian (RFC 7946 §5.2).
    let join = if x0 <= x1 { "AND" } else { "OR" };
    format!("({lat} >= {s} AND {lat} <= {north} AND ({lon} >= {w} {join} {lon} <= {e}))")
}

/// Which table's copy of (start, seq) the finding list orders by: the
/// findings' own with a status or party, else the incidents'.
pub(crate) fn finding_order_table(f: &FindingFilter) -> &'static str {
    if f.status.is_some() || f.party.is_some() {
        "f"
    } else {
        "i"
    }
}

/// The condition that report `r` has the words of `q`, the query being
/// parameter `p` (`$3`, or `?` for a caller that numbers it): the expressions are those of the GIN indexes of
/// migration 4, so the planner uses them.
pub(crate) fn text_match(q: &truce_store::TextQuery, p: &str) -> String {
    let words = if q.names_only {
        "coalesce(r.place, '') || ' ' || coalesce(r.target_name, '')"
    } else {
        "coalesce(r.text, '') || ' ' || coalesce(r.place, '') || ' ' || coalesce(r.target_name, '')"
    };
    format!("to_tsvector('simple', {words}) @@ to_tsquery('simple', {p})")
}

/// The WHERE clause of an incident list: conditions on findings become an
/// EXISTS probe, so that a newest-first page walks the time index.
pub(crate) fn incident_where(f: &FindingFilter) -> (String, Vec<Param>) {
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
    let (inc_sql, mut args) = finding_where_at(&on_incident, 0);
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

/// A limit as a parameter: None is no limit (`LIMIT NULL`).
pub(crate) fn limit_param(limit: Option<u64>) -> Param {
    Box::new(limit.map(|l| l.min(i64::MAX as u64) as i64))
}

impl Store for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }
}

/// Where the longest incident's duration is kept (seconds).
pub(crate) const MAX_SPAN: &str = "max_incident_span";

impl PgStore {
    /// The filter with a lower bound on start times when it has `from`.
    pub(crate) fn bounded(&self, f: &FindingFilter) -> Result<FindingFilter> {
        let mut f = f.clone();
        if let Some(from) = f.from
            && let Some(span) = self.meta(MAX_SPAN)?.and_then(|v| v.parse::<i64>().ok())
        {
            f.starts_after = Some(from.saturating_sub(span).saturating_sub(1));
        }
        Ok(f)
    }
}

/// Records the longest incident, when it is longer than the one recorded
/// (or always, when `replace`).
pub(crate) fn note_span(
    tx: &mut Transaction<'_>,
    incidents: &[Incident],
    replace: bool,
) -> Result<()> {
    let longest = incidents
        .iter()
        .map(|i| i.occurred.end - i.occurred.start)
        .max()
        .unwrap_or(0);
    let sql = if replace {
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    } else {
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = \
         GREATEST(CAST(meta.value AS BIGINT), CAST(excluded.value AS BIGINT))::text"
    };
    tx.execute(sql, &[&MAX_SPAN, &longest.to_string()]).db()?;
    Ok(())
}

/// Recomputes which incidents are published, from the published reports
/// they hold: all of them, or only `incidents`.
pub(crate) fn refresh_publications(
    tx: &mut Transaction<'_>,
    incidents: Option<&[&str]>,
) -> Result<()> {
    const DERIVE: &str = "INSERT INTO publications (incident_id, at, decision_id) \
        SELECT MIN(x.incident_id), MIN(p.at), MIN(p.decision_id) FROM incident_reports x \
        JOIN published_reports p ON p.report_id = x.report_id";
    match incidents {
        None => {
            tx.execute("DELETE FROM publications", &[]).db()?;
            tx.execute(&format!("{DERIVE} GROUP BY x.seq"), &[]).db()?;
        }
        Some(ids) => {
            if ids.is_empty() {
                return Ok(());
            }
            let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            tx.execute(
                "DELETE FROM publications WHERE incident_id = ANY($1)",
                &[&ids],
            )
            .db()?;
            tx.execute(
                &format!(
                    "{DERIVE} WHERE x.seq IN (SELECT seq FROM incidents WHERE id = ANY($1)) GROUP BY x.seq"
                ),
                &[&ids],
            )
            .db()?;
        }
    }
    Ok(())
}

/// The values of an incident row, for inserts and updates.
pub(crate) fn incident_params(inc: &Incident) -> Vec<Param> {
    vec![
        Box::new(inc.id.clone()),
        Box::new(inc.occurred.start),
        Box::new(inc.occurred.end),
        Box::new(inc.location.map(|p| p.lat)),
        Box::new(inc.location.map(|p| p.lon)),
        Box::new(inc.geo_precision.as_str().to_string()),
        Box::new(inc.place.clone()),
        Box::new(inc.act.as_str().to_string()),
        Box::new(inc.means.as_str().to_string()),
        Box::new(inc.target_class.as_str().to_string()),
        Box::new(inc.target_name.clone()),
        Box::new(inc.reports.len() as i64),
        Box::new(inc.country.clone()),
        Box::new(inc.region.clone()),
    ]
}

/// Writes one incident row (its members are written by the caller).
pub(crate) fn insert_incident(tx: &mut Transaction<'_>, inc: &Incident, seq: i64) -> Result<()> {
    let mut p = incident_params(inc);
    p.push(Box::new(seq));
    tx.execute(
        "INSERT INTO incidents (id, occurred_start, occurred_end, lat, lon, geo_precision, \
         place, act, means, target_class, target_name, report_count, country, region, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &refs(&p),
    )
    .db()?;
    Ok(())
}

/// Rewrites an incident row's values in place (its `seq` stays).
pub(crate) fn update_incident(tx: &mut Transaction<'_>, inc: &Incident) -> Result<()> {
    tx.execute(
        "UPDATE incidents SET occurred_start = $2, occurred_end = $3, lat = $4, lon = $5, \
         geo_precision = $6, place = $7, act = $8, means = $9, target_class = $10, target_name = $11, \
         report_count = $12, country = $13, region = $14 WHERE id = $1",
        &refs(&incident_params(inc)),
    )
    .db()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_shown_without_their_password() {
        assert_eq!(
            redact("postgres://truce:s3cret@db:5432/truce"),
            "postgres://truce@db:5432/truce"
        );
        assert_eq!(redact("postgres://db/truce"), "postgres://db/truce");
        assert!(is_url("postgresql://db/x") && is_url("postgres://db/x"));
        assert!(!is_url("truce.db") && !is_url("/srv/postgres/truce.db"));
    }
}
