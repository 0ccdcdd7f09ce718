//! Decisions (each on the log, with its effect in the same transaction),
//! verdicts, publication by report, assignments and notes.

use crate::*;
use rusqlite::{OptionalExtension, params};

impl ReviewStore for SqliteStore {
    /// The name a decision's taker goes by outside the mission: stable for
    /// one account, unlinkable to its name without the workspace's secret.
    fn pseudonym(&self, actor: &str) -> Result<String> {
        use sha2::Digest;
        let salt = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'actor_salt'")
            .db()?
            .query_row([], |r| r.get::<_, String>(0))
            .optional()
            .db()?
            .unwrap_or_default();
        let d = sha2::Sha256::digest(format!("{salt}\u{1f}{actor}").as_bytes());
        Ok(format!("actor-{}", hex::encode(&d[..5])))
    }

    fn record_decision(&mut self, d: &NewDecision<'_>, effect: Effect<'_>) -> Result<Decision> {
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
            "salt": truce_store::log::salt(),
        });
        let body = serde_json::to_vec(&entry_body).map_err(|e| damaged("decision", e))?;
        let entry = truce_store::log::encode_entry(KIND_DECISION, &body);
        if entry.len() > truce_store::log::MAX_ENTRY_BYTES {
            return Err(StoreError::Refused(format!(
                "this decision would take {} bytes on the log, more than the {} an entry may hold; decide on fewer reports at a time",
                entry.len(),
                truce_store::log::MAX_ENTRY_BYTES
            )));
        }
        let (tx, mut frontier) = self.write()?;
        let index = append_entry(&tx, &mut frontier, KIND_DECISION, &entry)?;
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
        ).db()?;
        let id = tx.last_insert_rowid();
        match effect {
            Effect::None => {}
            Effect::Verdict { finding, status } => set_verdict_in(&tx, finding, status)?,
            Effect::Publish { reports } => publish_in(&tx, reports, id)?,
            Effect::Regroup {
                old,
                report_ids,
                incidents,
                findings,
            } => crate::results::replace_incidents_in(
                &tx, old, report_ids, None, incidents, findings,
            )?,
        }
        tx.commit().db()?;
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

    /// Keeps a decision read back from the log (replay), at its log index.
    fn insert_logged_decision(&mut self, index: u64, body: &[u8]) -> Result<()> {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| damaged("decision entry", e))?;
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
        ).db()?;
        Ok(())
    }

    /// Decisions on these incidents or their findings, oldest first.
    fn decisions_for(&self, incident: &str) -> Result<Vec<Decision>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DECISION_COLUMNS} FROM decisions WHERE incident_id = ?1 \
             OR finding_id IN (SELECT id FROM findings WHERE seq = (SELECT seq FROM incidents WHERE id = ?1)) \
             OR incident_id IN ({ALIASES_OF}) ORDER BY id"
            ))
            .db()?;
        let rows = st.query_map([incident], decision_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn decisions_on_finding(&self, finding: &str) -> Result<Vec<Decision>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DECISION_COLUMNS} FROM decisions WHERE finding_id = ?1 ORDER BY id"
            ))
            .db()?;
        let rows = st.query_map([finding], decision_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Decisions of the given actions, oldest first (for re-evaluation).
    fn decisions_of(&self, actions: &[&str]) -> Result<Vec<Decision>> {
        let list = actions
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "")))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {DECISION_COLUMNS} FROM decisions WHERE action IN ({list}) ORDER BY id"
            ))
            .db()?;
        let rows = st.query_map([], decision_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Decisions newest first, before the given id, limited to published
    /// incidents unless `all`.
    fn decisions_page(&self, all: bool, before: Option<i64>, limit: u64) -> Result<Vec<Decision>> {
        let visible = if all {
            "1"
        } else {
            "(d.incident_id IN (SELECT incident_id FROM publications) OR d.finding_id IN \
             (SELECT f.id FROM publications p JOIN incidents i ON i.id = p.incident_id \
              JOIN findings f ON f.seq = i.seq))"
        };
        let cols = qualified(DECISION_COLUMNS, "d");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM decisions d WHERE {visible} AND d.id < ?1 ORDER BY d.id DESC LIMIT ?2"
        )).db()?;
        let rows = st
            .query_map(
                params![before.unwrap_or(i64::MAX), limit as i64],
                decision_from_row,
            )
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// The decision a log entry holds, if it holds one.
    fn decision_of_log_entry(&self, index: u64) -> Result<Option<Decision>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {DECISION_COLUMNS} FROM decisions WHERE log_index = ?1"
            ))
            .db()?
            .query_row([index as i64], decision_from_row)
            .optional()
            .db()
    }

    /// Sets a finding's decided status, now and after every re-evaluation.
    fn set_verdict(&mut self, finding: &str, status: Status) -> Result<()> {
        let (tx, frontier) = self.write()?;
        set_verdict_in(&tx, finding, status)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn verdict(&self, finding: &str) -> Result<Option<Status>> {
        let s: Option<String> = self
            .conn
            .prepare_cached("SELECT status FROM verdicts WHERE finding_id = ?1")
            .db()?
            .query_row([finding], |r| r.get(0))
            .optional()
            .db()?;
        Ok(s.and_then(|s| Status::parse(&s).ok()))
    }

    /// Publishes the given reports (database ids) by a decision.
    fn publish_reports(&mut self, reports: &[i64], decision_id: i64) -> Result<()> {
        let (tx, frontier) = self.write()?;
        publish_in(&tx, reports, decision_id)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    /// Database ids of an incident's reports that are not published yet.
    fn unpublished_reports(&self, incident: &str) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT x.report_id FROM incident_reports x WHERE x.seq = (SELECT seq FROM incidents WHERE id = ?1) \
             AND NOT EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = x.report_id) \
             ORDER BY x.report_id",
            )
            .db()?;
        let rows = st.query_map([incident], |r| r.get(0)).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn published_at(&self, incident: &str) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT at FROM publications WHERE incident_id = ?1")
            .db()?
            .query_row([incident], |r| r.get(0))
            .optional()
            .db()
    }

    /// Assigns an incident to a user unless someone else holds it; returns
    /// the holder. An assignment older than [`ASSIGNMENT_SECONDS`] lapses, so
    /// an incident left by someone gone home is not locked forever.
    fn assign(&mut self, incident: &str, user: &str) -> Result<String> {
        let t = now();
        self.conn.execute(
            "INSERT INTO assignments (incident_id, user_name, at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (incident_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at \
             WHERE assignments.user_name = excluded.user_name OR assignments.at < ?4",
            params![incident, user, t, t - ASSIGNMENT_SECONDS],
        ).db()?;
        self.conn
            .query_row(
                "SELECT user_name FROM assignments WHERE incident_id = ?1",
                [incident],
                |r| r.get(0),
            )
            .db()
    }

    /// Releases an assignment held by `user` (or by anyone when `force`).
    fn release(&mut self, incident: &str, user: &str, force: bool) -> Result<bool> {
        let n = self
            .conn
            .execute(
                "DELETE FROM assignments WHERE incident_id = ?1 AND (user_name = ?2 OR ?3)",
                params![incident, user, force],
            )
            .db()?;
        Ok(n > 0)
    }

    fn assignee(&self, incident: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT user_name FROM assignments WHERE incident_id = ?1 AND at >= ?2")
            .db()?
            .query_row(params![incident, now() - ASSIGNMENT_SECONDS], |r| r.get(0))
            .optional()
            .db()
    }

    fn add_note(&mut self, incident: &str, author: &str, text: &str) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO notes (incident_id, author, at, text) VALUES (?1, ?2, ?3, ?4)",
                params![incident, author, now(), text],
            )
            .db()?;
        Ok(self.conn.last_insert_rowid())
    }

    fn notes(&self, incident: &str) -> Result<Vec<Note>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, incident_id, author, at, text FROM notes \
             WHERE incident_id = ?1 OR incident_id IN ({ALIASES_OF}) ORDER BY id"
            ))
            .db()?;
        let rows = st
            .query_map([incident], |r| {
                Ok(Note {
                    id: r.get(0)?,
                    incident_id: r.get(1)?,
                    author: r.get(2)?,
                    at: r.get(3)?,
                    text: r.get(4)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }
}

/// The ids merged into incident `?1` (its aliases): what was decided and
/// noted under them belongs to it now.
const ALIASES_OF: &str = "SELECT a.alias FROM incident_aliases a \
    JOIN incident_reports x ON x.report_id = a.report_id WHERE x.seq = (SELECT seq FROM incidents WHERE id = ?1)";
