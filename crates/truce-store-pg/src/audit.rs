//! The stored projections as they are, row by row, for checking them against
//! the log they are projections of (`truce log verify`).

use crate::review::{DECISION_COLUMNS, decision_from_row};
use crate::*;

/// Rows a scan reads at a time, so the callback runs with no statement open.
const PAGE: i64 = 4096;

fn index(v: Option<i64>) -> Option<u64> {
    v.map(|i| i as u64)
}

impl AuditStore for PgStore {
    fn audit_reports(&self, f: &mut dyn FnMut(AuditReport) -> bool) -> Result<()> {
        // Keyset pages over (log_index, id); a row without an index sorts
        // last, as it does in the SQLite backend (NULLs first there is not
        // relied on by the verifier, which reads every row).
        let mut after: (i64, i64) = (-1, -1);
        loop {
            let rows = self
                .c()?
                .query(
                    &format!(
                        "SELECT id, log_index, fingerprint, file, line, filer, {REPORT_COLUMNS} FROM reports \
                         WHERE (COALESCE(log_index, -1), id) > ($1, $2) \
                         ORDER BY COALESCE(log_index, -1), id LIMIT $3"
                    ),
                    &[&after.0, &after.1, &PAGE],
                )
                .db()?;
            let n = rows.len() as i64;
            for r in &rows {
                let row = AuditReport {
                    id: get(r, 0)?,
                    log_index: index(get(r, 1)?),
                    fingerprint: get(r, 2)?,
                    file: get(r, 3)?,
                    line: get_u64(r, 4)?,
                    filer: get(r, 5)?,
                    report: report_from_row(r, 6)?,
                };
                after = (row.log_index.map_or(-1, |i| i as i64), row.id);
                if !f(row) {
                    return Ok(());
                }
            }
            if n < PAGE {
                return Ok(());
            }
        }
    }

    fn audit_history(&self, f: &mut dyn FnMut(AuditHistory) -> bool) -> Result<()> {
        let rows = self
            .c()?
            .query(
                "SELECT report_id, log_index, fingerprint, file, line, json FROM report_history \
                 ORDER BY COALESCE(log_index, -1), id",
                &[],
            )
            .db()?;
        for r in &rows {
            let row = AuditHistory {
                report_id: get(r, 0)?,
                log_index: index(get(r, 1)?),
                fingerprint: get(r, 2)?,
                file: get(r, 3)?,
                line: get_u64(r, 4)?,
                json: get(r, 5)?,
            };
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    fn audit_agreements(&self) -> Result<Vec<AuditAgreement>> {
        let rows = self
            .c()?
            .query(
                "SELECT version, sha256, text, log_index FROM agreements ORDER BY version",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(AuditAgreement {
                    version: get(r, 0)?,
                    sha256: get(r, 1)?,
                    text: get(r, 2)?,
                    log_index: index(get(r, 3)?),
                })
            })
            .collect()
    }

    fn audit_party_keys(&self) -> Result<Vec<AuditPartyKey>> {
        let rows = self
            .c()?
            .query(
                "SELECT name, party, vkey, log_index FROM party_keys ORDER BY name",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(AuditPartyKey {
                    name: get(r, 0)?,
                    party: get(r, 1)?,
                    vkey: get(r, 2)?,
                    log_index: get_u64(r, 3)?,
                })
            })
            .collect()
    }

    fn audit_decisions(&self) -> Result<Vec<Decision>> {
        let rows = self
            .c()?
            .query(
                &format!("SELECT {DECISION_COLUMNS} FROM decisions ORDER BY id"),
                &[],
            )
            .db()?;
        rows.iter().map(decision_from_row).collect()
    }

    fn audit_published_reports(&self) -> Result<Vec<(i64, i64)>> {
        let rows = self
            .c()?
            .query(
                "SELECT report_id, decision_id FROM published_reports ORDER BY report_id",
                &[],
            )
            .db()?;
        rows.iter().map(|r| Ok((get(r, 0)?, get(r, 1)?))).collect()
    }

    fn audit_publications(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for r in self
            .c()?
            .query(
                "SELECT DISTINCT x.incident_id FROM incident_reports x \
                 JOIN published_reports p ON p.report_id = x.report_id \
                 WHERE NOT EXISTS (SELECT 1 FROM publications q WHERE q.incident_id = x.incident_id) \
                 ORDER BY 1",
                &[],
            )
            .db()?
        {
            out.push((
                get(&r, 0)?,
                "holds published reports but is not listed as published".to_string(),
            ));
        }
        for r in self
            .c()?
            .query(
                "SELECT q.incident_id FROM publications q WHERE NOT EXISTS \
                 (SELECT 1 FROM incident_reports x JOIN published_reports p ON p.report_id = x.report_id \
                  WHERE x.incident_id = q.incident_id) ORDER BY 1",
                &[],
            )
            .db()?
        {
            out.push((
                get(&r, 0)?,
                "is listed as published but holds no published report".to_string(),
            ));
        }
        Ok(out)
    }

    fn audit_verdicts(&self) -> Result<Vec<(String, String)>> {
        let rows = self
            .c()?
            .query(
                "SELECT finding_id, status FROM verdicts ORDER BY finding_id",
                &[],
            )
            .db()?;
        rows.iter().map(|r| Ok((get(r, 0)?, get(r, 1)?))).collect()
    }
}
