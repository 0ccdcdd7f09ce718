//! The stored projections as they are, row by row, for checking them against
//! the log they are projections of (`truce log verify`).

use crate::*;

fn index(v: Option<i64>) -> Option<u64> {
    v.map(|i| i as u64)
}

impl AuditStore for SqliteStore {
    /// Every current report, in log order, until `f` returns false.
    fn audit_reports(&self, f: &mut dyn FnMut(AuditReport) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT id, log_index, {}, {}, {}, filer, {} FROM reports \
                 ORDER BY log_index, id",
                crate::words::report_column("", "fingerprint"),
                crate::words::report_column("", "file"),
                crate::words::report_column("", "line"),
                report_select("")
            ))
            .db()?;
        let mut rows = st.query([]).db()?;
        while let Some(r) = rows.next().db()? {
            let row = AuditReport {
                id: r.get(0).db()?,
                log_index: index(r.get(1).db()?),
                fingerprint: r.get(2).db()?,
                file: r.get(3).db()?,
                line: r.get::<_, i64>(4).db()? as u64,
                filer: r.get(5).db()?,
                report: report_from_row(r, 6).db()?,
            };
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    /// Every superseded version, in log order.
    fn audit_history(&self, f: &mut dyn FnMut(AuditHistory) -> bool) -> Result<()> {
        let mut st = self
            .conn
            .prepare(
                "SELECT report_id, log_index, fingerprint, file, line, json FROM report_history \
             ORDER BY log_index, id",
            )
            .db()?;
        let mut rows = st.query([]).db()?;
        while let Some(r) = rows.next().db()? {
            let row = AuditHistory {
                report_id: r.get(0).db()?,
                log_index: index(r.get(1).db()?),
                fingerprint: r.get(2).db()?,
                file: r.get(3).db()?,
                line: r.get::<_, i64>(4).db()? as u64,
                json: r.get(5).db()?,
            };
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    fn audit_agreements(&self) -> Result<Vec<AuditAgreement>> {
        let mut st = self
            .conn
            .prepare("SELECT version, sha256, text, log_index FROM agreements ORDER BY version")
            .db()?;
        let rows = st
            .query_map([], |r| {
                Ok(AuditAgreement {
                    version: r.get(0)?,
                    sha256: r.get(1)?,
                    text: r.get(2)?,
                    log_index: index(r.get(3)?),
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn audit_party_keys(&self) -> Result<Vec<AuditPartyKey>> {
        let mut st = self
            .conn
            .prepare("SELECT name, party, vkey, log_index FROM party_keys ORDER BY name")
            .db()?;
        let rows = st
            .query_map([], |r| {
                Ok(AuditPartyKey {
                    name: r.get(0)?,
                    party: r.get(1)?,
                    vkey: r.get(2)?,
                    log_index: r.get::<_, i64>(3)? as u64,
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Every decision row, oldest first.
    fn audit_decisions(&self) -> Result<Vec<crate::Decision>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM decisions ORDER BY id",
                crate::DECISION_COLUMNS
            ))
            .db()?;
        let rows = st.query_map([], crate::decision_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Published reports as (report id, decision id).
    fn audit_published_reports(&self) -> Result<Vec<(i64, i64)>> {
        let mut st = self
            .conn
            .prepare("SELECT report_id, decision_id FROM published_reports ORDER BY report_id")
            .db()?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    /// Incidents whose publication row disagrees with the published reports
    /// they hold: (incident, what is wrong).
    fn audit_publications(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare(
                "SELECT DISTINCT i.id FROM incident_reports x \
             JOIN incidents i ON i.seq = x.seq \
             JOIN published_reports p ON p.report_id = x.report_id \
             WHERE NOT EXISTS (SELECT 1 FROM publications q WHERE q.incident_id = i.id) \
             ORDER BY 1",
            )
            .db()?;
        for id in st.query_map([], |r| r.get::<_, String>(0)).db()? {
            out.push((
                id.db()?,
                "holds published reports but is not listed as published".to_string(),
            ));
        }
        let mut st = self.conn.prepare(
            "SELECT q.incident_id FROM publications q WHERE NOT EXISTS \
             (SELECT 1 FROM incident_reports x JOIN published_reports p ON p.report_id = x.report_id \
              WHERE x.seq = (SELECT seq FROM incidents WHERE id = q.incident_id)) ORDER BY 1",
        ).db()?;
        for id in st.query_map([], |r| r.get::<_, String>(0)).db()? {
            out.push((
                id.db()?,
                "is listed as published but holds no published report".to_string(),
            ));
        }
        Ok(out)
    }

    /// Verdicts as (finding, status).
    fn audit_verdicts(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT finding_id, status FROM verdicts ORDER BY finding_id")
            .db()?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }
}
