//! What the web application keeps besides the projections: accounts, sessions,
//! decisions (each also on the log), verdicts, publication, assignments and
//! notes, and the paged, access-limited queries the API and pages run.

use super::{REPORT_COLUMNS, SqliteStore, now, qualified, report_from_row};
use crate::{Result, StoreError};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use truce_model::{Finding, Incident, Report, Status};

/// How long taking an incident holds it for others (a working day).
pub const ASSIGNMENT_SECONDS: i64 = 8 * 3600;

/// Log entries of kind `decision`.
pub const KIND_DECISION: &str = "decision";

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Administrator,
    Monitor,
    Adjudicator,
    /// A party's liaison office, bound to one party.
    Liaison,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::Monitor,
        Role::Adjudicator,
        Role::Liaison,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Monitor => "monitor",
            Role::Adjudicator => "adjudicator",
            Role::Liaison => "liaison",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "administrator" | "admin" => Some(Role::Administrator),
            "monitor" => Some(Role::Monitor),
            "adjudicator" => Some(Role::Adjudicator),
            "liaison" | "party-liaison" => Some(Role::Liaison),
            _ => None,
        }
    }

    /// Staff of the mission see everything, published or not.
    pub const fn is_staff(self) -> bool {
        !matches!(self, Role::Liaison)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// Whose view a query answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// The mission's staff: everything.
    All,
    /// A party's liaison: its own party's reports and everything published.
    Party(String),
    /// Anyone: published incidents only.
    Published,
}

/// One decision, as kept and as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding_id: Option<String>,
    /// What the action needs: reports merged or split, fields corrected, a status.
    pub body: serde_json::Value,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// A decision about to be taken.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub actor: &'a str,
    pub role: Role,
    pub action: &'a str,
    pub incident_id: Option<&'a str>,
    pub finding_id: Option<&'a str>,
    pub body: serde_json::Value,
    pub reason: &'a str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub incident_id: String,
    pub author: String,
    pub at: i64,
    pub text: String,
}

/// A stored report with what the web shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub id: i64,
    #[serde(flatten)]
    pub report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
    pub ingested_at: i64,
}

/// Filters of the report list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub source: Option<String>,
    pub claimant: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub incident: Option<String>,
    /// Reports with a database id below this (the list runs newest first).
    pub before_id: Option<i64>,
    pub limit: Option<u64>,
}

/// Finding counts of one commitment reading, party, status and day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyCount {
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    pub status: Status,
    /// Days since 1970-01-01 (in the offset given to the query).
    pub day: i64,
    pub count: u64,
}

/// Incidents that wait for a monitor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    pub incident_id: String,
    pub occurred_start: i64,
    pub place: Option<String>,
    pub target_class: String,
    /// Findings that may be violations and have no verdict yet.
    pub open_findings: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.into(),
        reason: e.to_string(),
    }
}

const USER_COLUMNS: &str = "id, name, role, party, password_hash, disabled";

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown role {role:?}").into(),
            )
        })?,
        party: r.get(3)?,
        password_hash: r.get(4)?,
        disabled: r.get::<_, i64>(5)? != 0,
    })
}

pub(crate) fn decision_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    let body: String = r.get(7)?;
    Ok(Decision {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        role: r.get(3)?,
        action: r.get(4)?,
        incident_id: r.get(5)?,
        finding_id: r.get(6)?,
        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        reason: r.get(8)?,
        log_index: r.get::<_, Option<i64>>(9)?.map(|i| i as u64),
    })
}

pub(crate) const DECISION_COLUMNS: &str =
    "id, at, actor, role, action, incident_id, finding_id, body, reason, log_index";

/// Sets a verdict within a transaction.
pub fn set_verdict_in(tx: &rusqlite::Transaction<'_>, finding: &str, status: Status) -> Result<()> {
    tx.execute(
        "INSERT INTO verdicts (finding_id, status, at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (finding_id) DO UPDATE SET status = excluded.status, at = excluded.at",
        params![finding, status.as_str(), now()],
    )?;
    tx.execute(
        "UPDATE findings SET status = ?2 WHERE id = ?1",
        params![finding, status.as_str()],
    )?;
    Ok(())
}

/// Publishes reports within a transaction, and the incidents holding them.
pub fn publish_in(tx: &rusqlite::Transaction<'_>, reports: &[i64], decision_id: i64) -> Result<()> {
    let at = now();
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO published_reports (report_id, decision_id, at) VALUES (?1, ?2, ?3)",
    )?;
    for r in reports {
        ins.execute(params![r, decision_id, at])?;
    }
    let mut holders: Vec<String> = Vec::new();
    let mut q =
        tx.prepare_cached("SELECT incident_id FROM incident_reports WHERE report_id = ?1")?;
    for r in reports {
        if let Some(i) = q.query_row([r], |row| row.get::<_, String>(0)).optional()? {
            holders.push(i);
        }
    }
    holders.sort();
    holders.dedup();
    let ids: Vec<&str> = holders.iter().map(String::as_str).collect();
    super::refresh_publications(tx, Some(&ids))
}

/// The SQL condition (on `r`, the reports table) for reports a viewer may
/// see: a report is public once an adjudicator published it, whatever
/// incident holds it later (a merge never widens who may see a report).
fn report_visible(v: &Visibility, args: &mut Vec<rusqlite::types::Value>) -> Option<String> {
    let published = "EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = r.id)";
    match v {
        Visibility::All => None,
        Visibility::Published => Some(published.to_string()),
        Visibility::Party(party) => {
            args.push(rusqlite::types::Value::Text(party.clone()));
            Some(format!("(r.claimant = ?{} OR {published})", args.len()))
        }
    }
}

impl SqliteStore {
    // Accounts.

    pub fn add_user(
        &mut self,
        name: &str,
        role: Role,
        party: Option<&str>,
        password_hash: Option<&str>,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO users (name, role, party, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, role.as_str(), party, password_hash, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn set_password(&mut self, user_id: i64, password_hash: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![user_id, password_hash],
        )?;
        Ok(())
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"))?
            .query_row([name], user_from_row)
            .optional()?)
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let rows = st.query_map([], user_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_token(&mut self, user_id: i64, hash: &[u8; 32]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO api_tokens (hash, user_id, created_at) VALUES (?1, ?2, ?3)",
            params![&hash[..], user_id, now()],
        )?;
        Ok(())
    }

    pub fn user_by_token(&self, hash: &[u8; 32]) -> Result<Option<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?1",
                qualified(USER_COLUMNS, "u")
            ))?
            .query_row([&hash[..]], user_from_row)
            .optional()?)
    }

    pub fn create_session(
        &mut self,
        hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<()> {
        let t = now();
        self.conn
            .execute("DELETE FROM sessions WHERE expires_at < ?1", [t])?;
        self.conn.execute(
            "INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![&hash[..], user_id, csrf, t, expires_at],
        )?;
        Ok(())
    }

    /// The live session's user and CSRF token.
    pub fn session(&self, hash: &[u8; 32]) -> Result<Option<(User, String)>> {
        let cols = qualified(USER_COLUMNS, "u");
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {cols}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.hash = ?1 AND s.expires_at > ?2"
            ))?
            .query_row(params![&hash[..], now()], |r| {
                Ok((user_from_row(r)?, r.get(6)?))
            })
            .optional()?)
    }

    pub fn delete_session(&mut self, hash: &[u8; 32]) -> Result<()> {
        self.conn
            .execute("DELETE FROM sessions WHERE hash = ?1", [&hash[..]])?;
        Ok(())
    }

    // Decisions.

    /// The name a decision's taker goes by outside the mission: stable for
    /// one account, unlinkable to its name without the workspace's secret.
    pub fn pseudonym(&self, actor: &str) -> Result<String> {
        use sha2::Digest;
        let salt = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'actor_salt'")?
            .query_row([], |r| r.get::<_, String>(0))
            .optional()?
            .unwrap_or_default();
        let d = sha2::Sha256::digest(format!("{salt}\u{1f}{actor}").as_bytes());
        Ok(format!("actor-{}", super::hex(&d[..5])))
    }

    /// Appends a decision to the log and keeps it, in one transaction. The
    /// log names the taker by [`SqliteStore::pseudonym`].
    pub fn record_decision(&mut self, d: &NewDecision<'_>) -> Result<Decision> {
        self.record_decision_with(d, |_, _| Ok(()))
    }

    /// [`SqliteStore::record_decision`], with what the decision does
    /// (`effect`, given the transaction and the decision's id) written in
    /// the same transaction: a decision is on the log if and only if it took
    /// effect.
    pub fn record_decision_with(
        &mut self,
        d: &NewDecision<'_>,
        effect: impl FnOnce(&rusqlite::Transaction<'_>, i64) -> Result<()>,
    ) -> Result<Decision> {
        let at = now();
        let entry_body = serde_json::json!({
            "at": at,
            "actor": self.pseudonym(d.actor)?,
            "role": d.role.as_str(),
            "action": d.action,
            "incident": d.incident_id,
            "finding": d.finding_id,
            "body": d.body,
            "reason": d.reason,
            // Unguessable, so the leaf hash of a decision only the mission
            // may read cannot be confirmed by trying likely contents.
            "salt": crate::log::salt(),
        });
        let body = serde_json::to_vec(&entry_body).map_err(|e| corrupt("decision", e))?;
        let entry = crate::log::encode_entry(KIND_DECISION, &body);
        if entry.len() > crate::log::MAX_ENTRY_BYTES {
            return Err(StoreError::Refused(format!(
                "this decision would take {} bytes on the log, more than the {} an entry may hold; decide on fewer reports at a time",
                entry.len(),
                crate::log::MAX_ENTRY_BYTES
            )));
        }
        let (tx, mut frontier) = self.write()?;
        let index = frontier.append(&tx, KIND_DECISION, &entry, truce_ledger::leaf_hash(&entry))?;
        tx.execute(
            "INSERT INTO decisions (at, actor, role, action, incident_id, finding_id, body, reason, log_index) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                at,
                d.actor,
                d.role.as_str(),
                d.action,
                d.incident_id,
                d.finding_id,
                d.body.to_string(),
                d.reason,
                index as i64
            ],
        )?;
        let id = tx.last_insert_rowid();
        effect(&tx, id)?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(Decision {
            id,
            at,
            actor: d.actor.into(),
            role: d.role.as_str().into(),
            action: d.action.into(),
            incident_id: d.incident_id.map(str::to_string),
            finding_id: d.finding_id.map(str::to_string),
            body: d.body.clone(),
            reason: d.reason.into(),
            log_index: Some(index),
        })
    }

    /// Decisions on these incidents or their findings, oldest first.
    pub fn decisions_for(&self, incident: &str) -> Result<Vec<Decision>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE incident_id = ?1 \
             OR finding_id IN (SELECT id FROM findings WHERE incident_id = ?1) ORDER BY id"
        ))?;
        let rows = st.query_map([incident], decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn decisions_on_finding(&self, finding: &str) -> Result<Vec<Decision>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE finding_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([finding], decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Decisions of the given actions, oldest first (for re-evaluation).
    pub fn decisions_of(&self, actions: &[&str]) -> Result<Vec<Decision>> {
        let list = actions
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "")))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = self.conn.prepare(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE action IN ({list}) ORDER BY id"
        ))?;
        let rows = st.query_map([], decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Decisions newest first, before the given id, limited to published
    /// incidents unless `all`.
    pub fn decisions_page(
        &self,
        all: bool,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<Decision>> {
        let visible = if all {
            "1"
        } else {
            "(d.incident_id IN (SELECT incident_id FROM publications) OR d.finding_id IN \
             (SELECT f.id FROM findings f JOIN publications p ON p.incident_id = f.incident_id))"
        };
        let cols = qualified(DECISION_COLUMNS, "d");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM decisions d WHERE {visible} AND d.id < ?1 ORDER BY d.id DESC LIMIT ?2"
        ))?;
        let rows = st.query_map(
            params![before.unwrap_or(i64::MAX), limit as i64],
            decision_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a finding's decided status, now and after every re-evaluation.
    pub fn set_verdict(&mut self, finding: &str, status: Status) -> Result<()> {
        let (tx, frontier) = self.write()?;
        set_verdict_in(&tx, finding, status)?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    pub fn verdict(&self, finding: &str) -> Result<Option<Status>> {
        let s: Option<String> = self
            .conn
            .prepare_cached("SELECT status FROM verdicts WHERE finding_id = ?1")?
            .query_row([finding], |r| r.get(0))
            .optional()?;
        Ok(s.and_then(|s| Status::parse(&s).ok()))
    }

    /// Publishes the given reports (database ids) by a decision.
    pub fn publish_reports(&mut self, reports: &[i64], decision_id: i64) -> Result<()> {
        let (tx, frontier) = self.write()?;
        publish_in(&tx, reports, decision_id)?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    /// Database ids of the reports named (those that exist), in the order named.
    pub fn report_ids(&self, refs: &[truce_model::ReportRef]) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM reports WHERE source = ?1 AND external_id = ?2")?;
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            if let Some(id) = st
                .query_row(params![r.source, r.external_id], |row| row.get(0))
                .optional()?
            {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Database ids of an incident's reports that are not published yet.
    pub fn unpublished_reports(&self, incident: &str) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.report_id FROM incident_reports x WHERE x.incident_id = ?1 \
             AND NOT EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = x.report_id) \
             ORDER BY x.report_id",
        )?;
        let rows = st.query_map([incident], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn published_at(&self, incident: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT at FROM publications WHERE incident_id = ?1")?
            .query_row([incident], |r| r.get(0))
            .optional()?)
    }

    // Assignments and notes.

    /// Assigns an incident to a user unless someone else holds it; returns
    /// the holder. An assignment older than [`ASSIGNMENT_SECONDS`] lapses, so
    /// an incident left by someone gone home is not locked forever.
    pub fn assign(&mut self, incident: &str, user: &str) -> Result<String> {
        let t = now();
        self.conn.execute(
            "INSERT INTO assignments (incident_id, user_name, at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (incident_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at \
             WHERE assignments.user_name = excluded.user_name OR assignments.at < ?4",
            params![incident, user, t, t - ASSIGNMENT_SECONDS],
        )?;
        Ok(self.conn.query_row(
            "SELECT user_name FROM assignments WHERE incident_id = ?1",
            [incident],
            |r| r.get(0),
        )?)
    }

    /// Releases an assignment held by `user` (or by anyone when `force`).
    pub fn release(&mut self, incident: &str, user: &str, force: bool) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM assignments WHERE incident_id = ?1 AND (user_name = ?2 OR ?3)",
            params![incident, user, force],
        )?;
        Ok(n > 0)
    }

    pub fn assignee(&self, incident: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT user_name FROM assignments WHERE incident_id = ?1 AND at >= ?2",
            )?
            .query_row(params![incident, now() - ASSIGNMENT_SECONDS], |r| r.get(0))
            .optional()?)
    }

    pub fn add_note(&mut self, incident: &str, author: &str, text: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO notes (incident_id, author, at, text) VALUES (?1, ?2, ?3, ?4)",
            params![incident, author, now(), text],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn notes(&self, incident: &str) -> Result<Vec<Note>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, incident_id, author, at, text FROM notes WHERE incident_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([incident], |r| {
            Ok(Note {
                id: r.get(0)?,
                incident_id: r.get(1)?,
                author: r.get(2)?,
                at: r.get(3)?,
                text: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Incidents with findings that may be violations and no verdict yet,
    /// oldest first.
    pub fn queue(&self, limit: u64) -> Result<Vec<QueueItem>> {
        let mut st = self.conn.prepare_cached(
            "SELECT i.id, i.occurred_start, i.place, i.target_class, COUNT(*), a.user_name \
             FROM findings f JOIN incidents i ON i.id = f.incident_id \
             LEFT JOIN assignments a ON a.incident_id = i.id AND a.at >= ?2 \
             WHERE f.status IN ('alleged', 'corroborated', 'disputed') \
             GROUP BY i.id ORDER BY i.occurred_start, i.seq LIMIT ?1",
        )?;
        let rows = st.query_map(params![limit as i64, now() - ASSIGNMENT_SECONDS], |r| {
            Ok(QueueItem {
                incident_id: r.get(0)?,
                occurred_start: r.get(1)?,
                place: r.get(2)?,
                target_class: r.get(3)?,
                open_findings: r.get::<_, i64>(4)? as u64,
                assigned_to: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // Reports, as the web lists them.

    /// Reports newest first (by database id), as the viewer may see them.
    pub fn reports_page(&self, f: &ReportFilter, v: &Visibility) -> Result<Vec<ReportRow>> {
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
        if let Some(s) = &f.claimant {
            add("r.claimant = ?", Value::Text(s.clone()), &mut args);
        }
        if let Some(t) = f.from {
            add("r.occurred_end > ?", Value::Integer(t), &mut args);
        }
        if let Some(t) = f.to {
            add("r.occurred_start < ?", Value::Integer(t), &mut args);
        }
        if let Some(i) = &f.incident {
            add(
                "r.id IN (SELECT report_id FROM incident_reports WHERE incident_id = ?)",
                Value::Text(i.clone()),
                &mut args,
            );
        }
        if let Some(b) = f.before_id {
            add("r.id < ?", Value::Integer(b), &mut args);
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
    pub fn report_row(&self, id: i64, v: &Visibility) -> Result<Option<ReportRow>> {
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
    pub fn incident_report_rows(&self, incident: &str, v: &Visibility) -> Result<Vec<ReportRow>> {
        use rusqlite::types::Value;
        let mut args = vec![Value::Text(incident.into())];
        let extra = report_visible(v, &mut args)
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        self.report_rows(
            &format!(
                "WHERE r.id IN (SELECT report_id FROM incident_reports WHERE incident_id = ?1){extra} \
                 ORDER BY r.occurred_start, r.id"
            ),
            args,
        )
    }

    fn report_rows(&self, tail: &str, args: Vec<rusqlite::types::Value>) -> Result<Vec<ReportRow>> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT r.id, x.incident_id, r.log_index, r.ingested_at, {cols} FROM reports r \
             LEFT JOIN incident_reports x ON x.report_id = r.id {tail}"
        ))?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(ReportRow {
                id: r.get(0)?,
                incident_id: r.get(1)?,
                log_index: r.get::<_, Option<i64>>(2)?.map(|i| i as u64),
                ingested_at: r.get(3)?,
                report: report_from_row(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Reports by source and claimant, as the viewer may see them.
    pub fn sources(&self, v: &Visibility) -> Result<Vec<(String, Option<String>, u64)>> {
        let mut args = Vec::new();
        let wh = report_visible(v, &mut args)
            .map(|c| format!("WHERE {c}"))
            .unwrap_or_default();
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT r.source, r.claimant, COUNT(*) FROM reports r {wh} \
             GROUP BY r.source, r.claimant ORDER BY r.source"
        ))?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Findings per commitment reading, party, status and day of the
    /// incident's start (days counted at `offset_seconds` from UTC).
    pub fn daily_counts(
        &self,
        published_only: bool,
        offset_seconds: i64,
    ) -> Result<Vec<DailyCount>> {
        let wh = if published_only {
            "WHERE EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = f.incident_id)"
        } else {
            ""
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT f.commitment_id, f.reading_id, f.party, f.status, \
             (i.occurred_start + ?1) / 86400 AS day, COUNT(*) \
             FROM findings f JOIN incidents i ON i.id = f.incident_id {wh} \
             GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
        ))?;
        let rows = st.query_map([offset_seconds], |r| {
            let s: String = r.get(3)?;
            Ok(DailyCount {
                commitment_id: r.get(0)?,
                reading_id: r.get(1)?,
                party: r.get(2)?,
                status: Status::parse(&s).unwrap_or(Status::Insufficient),
                day: r.get(4)?,
                count: r.get::<_, i64>(5)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether an incident exists, and whether it is published.
    pub fn incident_published(&self, incident: &str) -> Result<Option<bool>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM publications p WHERE p.incident_id = i.id) \
                 FROM incidents i WHERE i.id = ?1",
            )?
            .query_row([incident], |r| r.get(0))
            .optional()?)
    }

    /// Database ids of every report of these incidents, and the reports.
    pub fn reports_of_incidents(&self, incidents: &[&str]) -> Result<(Vec<i64>, Vec<Report>)> {
        let cols = qualified(REPORT_COLUMNS, "r");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT r.id, {cols} FROM incident_reports x JOIN reports r ON r.id = x.report_id \
             WHERE x.incident_id = ?1 ORDER BY r.id"
        ))?;
        let mut ids = Vec::new();
        let mut out = Vec::new();
        for inc in incidents {
            let mut rows = st.query([inc])?;
            while let Some(row) = rows.next()? {
                ids.push(row.get(0)?);
                out.push(report_from_row(row, 1)?);
            }
        }
        Ok((ids, out))
    }

    /// Replaces some incidents (and their findings) with others built from
    /// the same reports, as a merge, split or correction decides, in one
    /// transaction. `report_ids[i]` is the database id of report `i` that the
    /// new incidents' member indices point at. Verdicts and publication are
    /// kept for findings and incidents whose ids survive.
    pub fn replace_incidents(
        &mut self,
        old: &[&str],
        report_ids: &[i64],
        incidents: &[Incident],
        findings: &[Finding],
    ) -> Result<()> {
        let (tx, frontier) = self.write()?;
        let mut seq: i64 =
            tx.query_row("SELECT COALESCE(MAX(seq) + 1, 0) FROM incidents", [], |r| {
                r.get(0)
            })?;
        for id in old {
            tx.execute("DELETE FROM findings WHERE incident_id = ?1", [id])?;
            tx.execute("DELETE FROM incident_reports WHERE incident_id = ?1", [id])?;
            tx.execute("DELETE FROM incidents WHERE id = ?1", [id])?;
        }
        for inc in incidents {
            super::insert_incident(&tx, inc, seq)?;
            seq += 1;
            for &ri in &inc.reports {
                let id = report_ids.get(ri).copied().ok_or_else(|| {
                    corrupt(
                        "regrouping",
                        format!("incident {} names report #{ri}", inc.id),
                    )
                })?;
                tx.execute(
                    "INSERT OR REPLACE INTO incident_reports (report_id, incident_id) VALUES (?1, ?2)",
                    params![id, inc.id],
                )?;
            }
        }
        SqliteStore::note_span(&tx, incidents, false)?;
        for x in findings {
            tx.execute(
                "INSERT INTO findings (id, incident_id, commitment_id, reading_id, party, status, confidence, \
                 occurred_start, seq) SELECT ?1, ?2, ?3, ?4, ?5, \
                 COALESCE((SELECT status FROM verdicts WHERE finding_id = ?1), ?6), ?7, i.occurred_start, i.seq \
                 FROM incidents i WHERE i.id = ?2",
                params![
                    x.id,
                    x.incident_id,
                    x.commitment_id,
                    x.reading_id,
                    x.party,
                    x.status.as_str(),
                    x.confidence.as_str(),
                ],
            )?;
        }
        let new: Vec<&str> = incidents.iter().map(|i| i.id.as_str()).collect();
        let mut touched: Vec<&str> = old.iter().copied().chain(new).collect();
        touched.sort_unstable();
        touched.dedup();
        super::refresh_publications(&tx, Some(&touched))?;
        tx.commit()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    /// A log entry's kind and bytes.
    pub fn log_entry(&self, index: u64) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT kind, data FROM log_entries WHERE idx = ?1")?
            .query_row([index as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The database id of the report a log entry holds, if it holds one
    /// (current or superseded).
    pub fn report_of_log_entry(&self, index: u64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM reports WHERE log_index = ?1 \
                 UNION ALL SELECT report_id FROM report_history WHERE log_index = ?1 LIMIT 1",
            )?
            .query_row([index as i64], |r| r.get(0))
            .optional()?)
    }

    /// The decision a log entry holds, if it holds one.
    pub fn decision_of_log_entry(&self, index: u64) -> Result<Option<Decision>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DECISION_COLUMNS} FROM decisions WHERE log_index = ?1"
            ))?
            .query_row([index as i64], decision_from_row)
            .optional()?)
    }
}

impl SqliteStore {
    /// The incident a report belongs to in the current evaluation.
    pub fn incident_of_report(&self, report_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT incident_id FROM incident_reports WHERE report_id = ?1")?
            .query_row([report_id], |r| r.get(0))
            .optional()?)
    }
}

impl SqliteStore {
    pub fn finding_by_id(&self, id: &str) -> Result<Option<crate::FindingRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, incident_id, commitment_id, reading_id, party, status, confidence \
                 FROM findings WHERE id = ?1",
            )?
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
            .optional()?)
    }
}

impl SqliteStore {
    /// The statuses of the findings of these incidents.
    pub fn finding_statuses(&self, incidents: &[String]) -> Result<Vec<(String, Status)>> {
        let mut out = Vec::new();
        for chunk in incidents.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT incident_id, status FROM findings WHERE incident_id IN ({marks})"
            ))?;
            let rows = st.query_map(rusqlite::params_from_iter(chunk), |r| {
                let s: String = r.get(1)?;
                Ok((r.get(0)?, Status::parse(&s).unwrap_or(Status::Insufficient)))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }
}

impl SqliteStore {
    /// Keeps a decision read back from the log (replay), at its log index.
    pub fn insert_logged_decision(&mut self, index: u64, body: &[u8]) -> Result<()> {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| corrupt("decision entry", e))?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        self.conn.execute(
            "INSERT INTO decisions (at, actor, role, action, incident_id, finding_id, body, reason, log_index) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                v.get("at").and_then(|x| x.as_i64()).unwrap_or(0),
                text("actor").unwrap_or_default(),
                text("role").unwrap_or_default(),
                text("action").unwrap_or_default(),
                text("incident"),
                text("finding"),
                v.get("body").cloned().unwrap_or_default().to_string(),
                text("reason").unwrap_or_default(),
                index as i64
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assignment_holds_until_released_or_lapsed() {
        let mut s = SqliteStore::create(":memory:").expect("store");
        assert_eq!(s.assign("I-1", "ann").expect("assign"), "ann");
        assert_eq!(s.assign("I-1", "bob").expect("assign"), "ann");
        assert!(!s.release("I-1", "bob", false).expect("release"));
        assert_eq!(s.assignee("I-1").expect("assignee").as_deref(), Some("ann"));
        // A day later the assignment has lapsed: bob may take it.
        s.conn
            .execute("UPDATE assignments SET at = at - 86400", [])
            .expect("age");
        assert_eq!(s.assignee("I-1").expect("assignee"), None);
        assert_eq!(s.assign("I-1", "bob").expect("assign"), "bob");
        assert!(s.release("I-1", "bob", false).expect("release"));
        assert_eq!(s.assignee("I-1").expect("assignee"), None);
    }

    #[test]
    fn pseudonyms_are_stable_and_distinct() {
        let s = SqliteStore::create(":memory:").expect("store");
        let a = s.pseudonym("ann").expect("p");
        assert_eq!(a, s.pseudonym("ann").expect("p"));
        assert_ne!(a, s.pseudonym("bob").expect("p"));
        assert!(a.starts_with("actor-") && !a.contains("ann"));
        // Another workspace, another secret: the same name is unlinkable.
        let t = SqliteStore::create(":memory:").expect("store");
        assert_ne!(a, t.pseudonym("ann").expect("p"));
    }
}
