//! What the web application keeps besides the projections: accounts, sessions,
//! decisions (each also on the log), verdicts, publication, assignments and
//! notes, and the paged, access-limited queries the API and pages run.

use crate::*;
use rusqlite::{OptionalExtension, params};

pub(crate) fn damaged(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.into(),
        reason: e.to_string(),
    }
}

pub(crate) const USER_COLUMNS: &str = "id, name, role, party, password_hash, disabled";

pub(crate) fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
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
pub(crate) fn set_verdict_in(tx: &Connection, finding: &str, status: Status) -> Result<()> {
    tx.execute(
        "INSERT INTO verdicts (finding_id, status, at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (finding_id) DO UPDATE SET status = excluded.status, at = excluded.at",
        params![finding, status.as_str(), now()],
    )
    .db()?;
    tx.execute(
        "UPDATE findings SET status = ?2 WHERE id = ?1",
        params![finding, status.as_str()],
    )
    .db()?;
    Ok(())
}

/// Publishes reports within a transaction, and the incidents holding them.
pub(crate) fn publish_in(tx: &Connection, reports: &[i64], decision_id: i64) -> Result<()> {
    let at = now();
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO published_reports (report_id, decision_id, at) VALUES (?1, ?2, ?3)",
    ).db()?;
    for r in reports {
        ins.execute(params![r, decision_id, at]).db()?;
    }
    let mut holders: Vec<String> = Vec::new();
    let mut q = tx.prepare_cached(crate::INCIDENT_OF_REPORT).db()?;
    for r in reports {
        if let Some(i) = q
            .query_row([r], |row| row.get::<_, String>(0))
            .optional()
            .db()?
        {
            holders.push(i);
        }
    }
    holders.sort();
    holders.dedup();
    let ids: Vec<&str> = holders.iter().map(String::as_str).collect();
    crate::refresh_publications(tx, Some(&ids))
}

/// The SQL condition (on `r`, the reports table) for reports a viewer may
/// see: a report is public once an adjudicator published it, whatever
/// incident holds it later (a merge never widens who may see a report).
pub(crate) fn report_visible(
    v: &Visibility,
    args: &mut Vec<rusqlite::types::Value>,
) -> Option<String> {
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
    // Decisions.

    // Reports, as the web lists them.

    pub(crate) fn report_rows(
        &self,
        tail: &str,
        args: Vec<rusqlite::types::Value>,
    ) -> Result<Vec<ReportRow>> {
        let cols = report_select("r.");
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT r.id, xi.id, r.log_index, r.ingested_at, {cols} FROM reports r \
             LEFT JOIN incident_reports x ON x.report_id = r.id \
             LEFT JOIN incidents xi ON xi.seq = x.seq {tail}"
            ))
            .db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(ReportRow {
                    id: r.get(0)?,
                    incident_id: r.get(1)?,
                    log_index: r.get::<_, Option<i64>>(2)?.map(|i| i as u64),
                    ingested_at: r.get(3)?,
                    report: report_from_row(r, 4)?,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
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
