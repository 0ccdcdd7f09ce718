//! The stored projections as they are, row by row, for checking them against
//! the log they are projections of (`truce log verify`).

use super::{REPORT_COLUMNS, SqliteStore, report_from_row};
use crate::Result;
use rusqlite::params;
use truce_model::Report;

/// A current report row, with what it records beside the report.
#[derive(Debug, Clone)]
pub struct AuditReport {
    pub id: i64,
    pub log_index: Option<u64>,
    pub fingerprint: Vec<u8>,
    pub file: String,
    pub line: u64,
    pub filer: String,
    pub report: Report,
}

/// An earlier version of a report, kept when a new one superseded it.
#[derive(Debug, Clone)]
pub struct AuditHistory {
    pub report_id: i64,
    pub log_index: Option<u64>,
    pub fingerprint: Vec<u8>,
    pub file: String,
    pub line: u64,
    /// The report as it was (JSON).
    pub json: String,
}

/// A stored agreement version.
#[derive(Debug, Clone)]
pub struct AuditAgreement {
    pub version: i64,
    pub sha256: String,
    pub text: String,
    pub log_index: Option<u64>,
}

/// A registered party key.
#[derive(Debug, Clone)]
pub struct AuditPartyKey {
    pub name: String,
    pub party: String,
    pub vkey: String,
    pub log_index: u64,
}

fn index(v: Option<i64>) -> Option<u64> {
    v.map(|i| i as u64)
}

impl SqliteStore {
    /// Every current report, in log order, until `f` returns false.
    pub fn audit_reports(&self, f: &mut dyn FnMut(AuditReport) -> bool) -> Result<()> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, log_index, fingerprint, file, line, filer, {REPORT_COLUMNS} FROM reports \
             ORDER BY log_index, id"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let row = AuditReport {
                id: r.get(0)?,
                log_index: index(r.get(1)?),
                fingerprint: r.get(2)?,
                file: r.get(3)?,
                line: r.get::<_, i64>(4)? as u64,
                filer: r.get(5)?,
                report: report_from_row(r, 6)?,
            };
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    /// Every superseded version, in log order.
    pub fn audit_history(&self, f: &mut dyn FnMut(AuditHistory) -> bool) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT report_id, log_index, fingerprint, file, line, json FROM report_history \
             ORDER BY log_index, id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let row = AuditHistory {
                report_id: r.get(0)?,
                log_index: index(r.get(1)?),
                fingerprint: r.get(2)?,
                file: r.get(3)?,
                line: r.get::<_, i64>(4)? as u64,
                json: r.get(5)?,
            };
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    pub fn audit_agreements(&self) -> Result<Vec<AuditAgreement>> {
        let mut st = self
            .conn
            .prepare("SELECT version, sha256, text, log_index FROM agreements ORDER BY version")?;
        let rows = st.query_map([], |r| {
            Ok(AuditAgreement {
                version: r.get(0)?,
                sha256: r.get(1)?,
                text: r.get(2)?,
                log_index: index(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn audit_party_keys(&self) -> Result<Vec<AuditPartyKey>> {
        let mut st = self
            .conn
            .prepare("SELECT name, party, vkey, log_index FROM party_keys ORDER BY name")?;
        let rows = st.query_map([], |r| {
            Ok(AuditPartyKey {
                name: r.get(0)?,
                party: r.get(1)?,
                vkey: r.get(2)?,
                log_index: r.get::<_, i64>(3)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every decision row, oldest first.
    pub fn audit_decisions(&self) -> Result<Vec<super::web::Decision>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {} FROM decisions ORDER BY id",
            super::web::DECISION_COLUMNS
        ))?;
        let rows = st.query_map([], super::web::decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Published reports as (report id, decision id).
    pub fn audit_published_reports(&self) -> Result<Vec<(i64, i64)>> {
        let mut st = self
            .conn
            .prepare("SELECT report_id, decision_id FROM published_reports ORDER BY report_id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Incidents whose publication row disagrees with the published reports
    /// they hold: (incident, what is wrong).
    pub fn audit_publications(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT DISTINCT x.incident_id FROM incident_reports x \
             JOIN published_reports p ON p.report_id = x.report_id \
             WHERE NOT EXISTS (SELECT 1 FROM publications q WHERE q.incident_id = x.incident_id) \
             ORDER BY 1",
        )?;
        for id in st.query_map([], |r| r.get::<_, String>(0))? {
            out.push((
                id?,
                "holds published reports but is not listed as published".to_string(),
            ));
        }
        let mut st = self.conn.prepare(
            "SELECT q.incident_id FROM publications q WHERE NOT EXISTS \
             (SELECT 1 FROM incident_reports x JOIN published_reports p ON p.report_id = x.report_id \
              WHERE x.incident_id = q.incident_id) ORDER BY 1",
        )?;
        for id in st.query_map([], |r| r.get::<_, String>(0))? {
            out.push((
                id?,
                "is listed as published but holds no published report".to_string(),
            ));
        }
        Ok(out)
    }

    /// Verdicts as (finding, status).
    pub fn audit_verdicts(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT finding_id, status FROM verdicts ORDER BY finding_id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The database id of the report with this key, if any.
    pub fn report_id(&self, source: &str, external_id: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM reports WHERE source = ?1 AND external_id = ?2")?
            .query_row(params![source, external_id], |r| r.get(0))
            .optional()?)
    }
}
