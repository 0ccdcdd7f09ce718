//! Decisions (each on the log, with its effect in the same transaction),
//! verdicts, publication by report, assignments and notes.

use crate::*;

pub(crate) const DECISION_COLUMNS: &str =
    "id, at, actor, role, action, incident_id, finding_id, body, reason, log_index";

pub(crate) fn decision_from_row(r: &Row) -> Result<Decision> {
    let body: String = get(r, 7)?;
    Ok(Decision {
        id: get(r, 0)?,
        at: get(r, 1)?,
        actor: get(r, 2)?,
        role: get(r, 3)?,
        action: get(r, 4)?,
        incident_id: get(r, 5)?,
        finding_id: get(r, 6)?,
        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        reason: get(r, 8)?,
        log_index: get::<Option<i64>>(r, 9)?.map(|i| i as u64),
    })
}

/// Sets a verdict within a transaction.
fn set_verdict_in(tx: &mut Transaction<'_>, finding: &str, status: Status) -> Result<()> {
    tx.execute(
        "INSERT INTO verdicts (finding_id, status, at) VALUES ($1, $2, $3) \
         ON CONFLICT (finding_id) DO UPDATE SET status = excluded.status, at = excluded.at",
        &[&finding, &status.as_str(), &now()],
    )
    .db()?;
    tx.execute(
        "UPDATE findings SET status = $2 WHERE id = $1",
        &[&finding, &status.as_str()],
    )
    .db()?;
    Ok(())
}

/// Publishes reports within a transaction, and the incidents holding them.
fn publish_in(tx: &mut Transaction<'_>, reports: &[i64], decision_id: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO published_reports (report_id, decision_id, at) \
         SELECT DISTINCT r, $2::bigint, $3::bigint FROM unnest($1::bigint[]) AS u(r) \
         ON CONFLICT (report_id) DO NOTHING",
        &[&reports, &decision_id, &now()],
    )
    .db()?;
    let holders: Vec<String> = tx
        .query(
            "SELECT DISTINCT incident_id FROM incident_reports WHERE report_id = ANY($1) ORDER BY 1",
            &[&reports],
        )
        .db()?
        .iter()
        .map(|r| get(r, 0))
        .collect::<Result<_>>()?;
    let ids: Vec<&str> = holders.iter().map(String::as_str).collect();
    refresh_publications(tx, Some(&ids))
}

/// The ids merged into incident `$1` (its aliases).
const ALIASES_OF: &str = "SELECT a.alias FROM incident_aliases a \
    JOIN incident_reports x ON x.report_id = a.report_id WHERE x.seq = (SELECT seq FROM incidents WHERE id = $1)";

impl ReviewStore for PgStore {
    fn pseudonym(&self, actor: &str) -> Result<String> {
        let salt: String = match self
            .c()?
            .query_opt("SELECT value FROM secrets WHERE name = 'actor_salt'", &[])
            .db()?
        {
            Some(row) => get(&row, 0)?,
            None => {
                return Err(StoreError::Corrupt {
                    what: "the pseudonyms' key".into(),
                    reason: "missing from the secrets table".into(),
                });
            }
        };
        let d = Sha256::digest(format!("{salt}\u{1f}{actor}").as_bytes());
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
        let (mut tx, mut frontier) = write_tx!(self)?;
        let mut log = LogBuffer::default();
        let index = log.append(&mut frontier, KIND_DECISION, &entry)?;
        log.flush(&mut tx)?;
        let id: i64 = get(
            &tx.query_one(
                "INSERT INTO decisions (at, actor, role, action, incident_id, finding_id, body, reason, log_index) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                &[
                    &at,
                    &d.actor,
                    &d.role.as_str(),
                    &d.action,
                    &d.incident_id,
                    &d.finding_id,
                    &d.body.to_string(),
                    &d.reason,
                    &(index as i64),
                ],
            )
            .db()?,
            0,
        )?;
        match effect {
            Effect::None => {}
            Effect::Verdict { finding, status } => set_verdict_in(&mut tx, finding, status)?,
            Effect::Publish { reports } => publish_in(&mut tx, reports, id)?,
            Effect::Regroup {
                old,
                report_ids,
                incidents,
                findings,
            } => crate::results::replace_incidents_in(
                &mut tx, old, report_ids, None, incidents, findings,
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

    fn insert_logged_decision(&mut self, index: u64, body: &[u8]) -> Result<()> {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| damaged("decision entry", e))?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        self.c()?
            .execute(
                "INSERT INTO decisions (at, actor, role, action, incident_id, finding_id, body, reason, log_index) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &v.get("at").and_then(|x| x.as_i64()).unwrap_or(0),
                    &text("actor").unwrap_or_default(),
                    &text("role").unwrap_or_default(),
                    &text("action").unwrap_or_default(),
                    &text("incident"),
                    &text("finding"),
                    &v.get("body").cloned().unwrap_or_default().to_string(),
                    &text("reason").unwrap_or_default(),
                    &(index as i64),
                ],
            )
            .db()?;
        Ok(())
    }

    fn decisions_for(&self, incident: &str) -> Result<Vec<Decision>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {DECISION_COLUMNS} FROM decisions WHERE incident_id = $1 \
                     OR finding_id IN (SELECT id FROM findings WHERE seq = (SELECT seq FROM incidents WHERE id = $1)) \
                     OR incident_id IN ({ALIASES_OF}) ORDER BY id"
                ),
                &[&incident],
            )
            .db()?;
        rows.iter().map(decision_from_row).collect()
    }

    fn decisions_on_finding(&self, finding: &str) -> Result<Vec<Decision>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {DECISION_COLUMNS} FROM decisions WHERE finding_id = $1 ORDER BY id"
                ),
                &[&finding],
            )
            .db()?;
        rows.iter().map(decision_from_row).collect()
    }

    fn decisions_of(&self, actions: &[&str]) -> Result<Vec<Decision>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {DECISION_COLUMNS} FROM decisions WHERE action = ANY($1) ORDER BY id"
                ),
                &[&actions],
            )
            .db()?;
        rows.iter().map(decision_from_row).collect()
    }

    fn decisions_page(&self, all: bool, before: Option<i64>, limit: u64) -> Result<Vec<Decision>> {
        let visible = if all {
            "TRUE"
        } else {
            "(d.incident_id IN (SELECT incident_id FROM publications) OR d.finding_id IN \
             (SELECT f.id FROM findings f JOIN publications p ON p.incident_id = f.incident_id))"
        };
        let cols = qualified(DECISION_COLUMNS, "d");
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {cols} FROM decisions d WHERE {visible} AND d.id < $1 ORDER BY d.id DESC LIMIT $2"
                ),
                &[
                    &before.unwrap_or(i64::MAX),
                    &(limit.min(i64::MAX as u64) as i64),
                ],
            )
            .db()?;
        rows.iter().map(decision_from_row).collect()
    }

    fn decision_of_log_entry(&self, index: u64) -> Result<Option<Decision>> {
        self.c()?
            .query_opt(
                &format!("SELECT {DECISION_COLUMNS} FROM decisions WHERE log_index = $1"),
                &[&(index as i64)],
            )
            .db()?
            .map(|r| decision_from_row(&r))
            .transpose()
    }

    fn set_verdict(&mut self, finding: &str, status: Status) -> Result<()> {
        let (mut tx, frontier) = write_tx!(self)?;
        set_verdict_in(&mut tx, finding, status)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn verdict(&self, finding: &str) -> Result<Option<Status>> {
        let s: Option<String> = self
            .c()?
            .query_opt(
                "SELECT status FROM verdicts WHERE finding_id = $1",
                &[&finding],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()?;
        Ok(s.and_then(|s| Status::parse(&s).ok()))
    }

    fn publish_reports(&mut self, reports: &[i64], decision_id: i64) -> Result<()> {
        let (mut tx, frontier) = write_tx!(self)?;
        publish_in(&mut tx, reports, decision_id)?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(())
    }

    fn unpublished_reports(&self, incident: &str) -> Result<Vec<i64>> {
        let rows = self
            .c()?
            .query(
                "SELECT x.report_id FROM incident_reports x WHERE x.seq = (SELECT seq FROM incidents WHERE id = $1) \
                 AND NOT EXISTS (SELECT 1 FROM published_reports p WHERE p.report_id = x.report_id) \
                 ORDER BY x.report_id",
                &[&incident],
            )
            .db()?;
        rows.iter().map(|r| get(r, 0)).collect()
    }

    fn published_at(&self, incident: &str) -> Result<Option<i64>> {
        self.c()?
            .query_opt(
                "SELECT at FROM publications WHERE incident_id = $1",
                &[&incident],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn assign(&mut self, incident: &str, user: &str) -> Result<String> {
        let t = now();
        let mut c = self.c()?;
        c.execute(
            "INSERT INTO assignments (incident_id, user_name, at) VALUES ($1, $2, $3) \
             ON CONFLICT (incident_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at \
             WHERE assignments.user_name = excluded.user_name OR assignments.at < $4",
            &[&incident, &user, &t, &(t - ASSIGNMENT_SECONDS)],
        )
        .db()?;
        get(
            &c.query_one(
                "SELECT user_name FROM assignments WHERE incident_id = $1",
                &[&incident],
            )
            .db()?,
            0,
        )
    }

    fn release(&mut self, incident: &str, user: &str, force: bool) -> Result<bool> {
        let n = self
            .c()?
            .execute(
                "DELETE FROM assignments WHERE incident_id = $1 AND (user_name = $2 OR $3)",
                &[&incident, &user, &force],
            )
            .db()?;
        Ok(n > 0)
    }

    fn assignee(&self, incident: &str) -> Result<Option<String>> {
        self.c()?
            .query_opt(
                "SELECT user_name FROM assignments WHERE incident_id = $1 AND at >= $2",
                &[&incident, &(now() - ASSIGNMENT_SECONDS)],
            )
            .db()?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn add_note(&mut self, incident: &str, author: &str, text: &str) -> Result<i64> {
        get(
            &self
                .c()?
                .query_one(
                    "INSERT INTO notes (incident_id, author, at, text) VALUES ($1, $2, $3, $4) RETURNING id",
                    &[&incident, &author, &now(), &text],
                )
                .db()?,
            0,
        )
    }

    fn notes(&self, incident: &str) -> Result<Vec<Note>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT id, incident_id, author, at, text FROM notes \
                     WHERE incident_id = $1 OR incident_id IN ({ALIASES_OF}) ORDER BY id"
                ),
                &[&incident],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(Note {
                    id: get(r, 0)?,
                    incident_id: get(r, 1)?,
                    author: get(r, 2)?,
                    at: get(r, 3)?,
                    text: get(r, 4)?,
                })
            })
            .collect()
    }
}
