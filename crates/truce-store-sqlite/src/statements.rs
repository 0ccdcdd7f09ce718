//! Statements and their candidates awaiting review, each statement and each
//! review on the log in the transaction that keeps it.

use crate::*;
use rusqlite::OptionalExtension;
use truce_store::log::{KIND_STATEMENT, KIND_STATEMENT_REVIEW};
use truce_store::{
    CandidateReview, CandidateRow, CandidateStatus, NewStatement, StatementStore, StoredStatement,
};

const STATEMENT_COLUMNS: &str =
    "id, log_index, source, published_at, lang, url, text, file, line, ingested_at";
const CANDIDATE_COLUMNS: &str =
    "id, statement_id, ordinal, proposed, status, report_id, review_log_index, decided_at";

fn statement_from_row(r: &Row<'_>) -> rusqlite::Result<StoredStatement> {
    Ok(StoredStatement {
        id: r.get(0)?,
        log_index: r.get::<_, i64>(1)? as u64,
        source: r.get(2)?,
        published_at: r.get(3)?,
        lang: r.get(4)?,
        url: r.get(5)?,
        text: r.get(6)?,
        file: r.get(7)?,
        line: r.get::<_, i64>(8)? as u64,
        ingested_at: r.get(9)?,
    })
}

fn candidate_from_row(r: &Row<'_>) -> rusqlite::Result<CandidateRow> {
    let proposed: String = r.get(3)?;
    let status: String = r.get(4)?;
    Ok(CandidateRow {
        id: r.get(0)?,
        statement_id: r.get(1)?,
        ordinal: r.get::<_, i64>(2)? as u32,
        proposed: serde_json::from_str(&proposed)
            .map_err(|_| corrupt_value("candidate fields", &proposed))?,
        status: CandidateStatus::parse(&status)
            .ok_or_else(|| corrupt_value("candidate status", &status))?,
        report_id: r.get(5)?,
        review_log_index: r.get::<_, Option<i64>>(6)?.map(|i| i as u64),
        decided_at: r.get(7)?,
    })
}

fn corrupt_value(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("the stored {what} \"{value}\" cannot be read").into(),
    )
}

impl StatementStore for SqliteStore {
    fn add_statement(&mut self, s: &NewStatement<'_>) -> Result<Option<i64>> {
        let (tx, mut frontier) = self.write()?;
        let known: Option<i64> = tx
            .query_row(
                "SELECT id FROM statements WHERE key = ?1",
                [&s.key[..]],
                |r| r.get(0),
            )
            .optional()
            .db()?;
        if known.is_some() {
            // Dropping the transaction rolls back; nothing was written.
            return Ok(None);
        }
        let index = append_entry(&tx, &mut frontier, KIND_STATEMENT, s.entry)?;
        tx.execute(
            "INSERT INTO statements (key, log_index, source, published_at, lang, url, text, file, line, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                &s.key[..],
                index as i64,
                s.source,
                s.published_at,
                s.lang,
                s.url,
                s.text,
                s.file,
                s.line as i64,
                now()
            ],
        )
        .db()?;
        let id = tx.last_insert_rowid();
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO statement_candidates (statement_id, ordinal, proposed) VALUES (?1, ?2, ?3)",
                )
                .db()?;
            for (i, c) in s.candidates.iter().enumerate() {
                put.execute(params![id, i as i64, c.to_string()]).db()?;
            }
        }
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(Some(id))
    }

    fn statement(&self, id: i64) -> Result<Option<StoredStatement>> {
        self.conn
            .query_row(
                &format!("SELECT {STATEMENT_COLUMNS} FROM statements WHERE id = ?1"),
                [id],
                statement_from_row,
            )
            .optional()
            .db()
    }

    fn statements(&self, after: Option<i64>, limit: u64) -> Result<Vec<StoredStatement>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements WHERE id > ?1 ORDER BY id LIMIT ?2"
            ))
            .db()?;
        let rows = st
            .query_map(
                params![after.unwrap_or(i64::MIN), limit.min(i64::MAX as u64) as i64],
                statement_from_row,
            )
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>> {
        self.conn
            .query_row(
                &format!("SELECT {CANDIDATE_COLUMNS} FROM statement_candidates WHERE id = ?1"),
                [id],
                candidate_from_row,
            )
            .optional()
            .db()
    }

    fn candidates(
        &self,
        status: Option<CandidateStatus>,
        after: Option<i64>,
        limit: u64,
    ) -> Result<Vec<CandidateRow>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {CANDIDATE_COLUMNS} FROM statement_candidates \
                 WHERE (?1 IS NULL OR status = ?1) AND id > ?2 ORDER BY id LIMIT ?3"
            ))
            .db()?;
        let rows = st
            .query_map(
                params![
                    status.map(CandidateStatus::as_str),
                    after.unwrap_or(i64::MIN),
                    limit.min(i64::MAX as u64) as i64
                ],
                candidate_from_row,
            )
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn candidate_count(&self, status: CandidateStatus) -> Result<u64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM statement_candidates WHERE status = ?1",
                [status.as_str()],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
            .db()
    }

    fn review_candidate(&mut self, r: &CandidateReview<'_>) -> Result<u64> {
        if r.status == CandidateStatus::Pending {
            return Err(StoreError::Refused(
                "a review accepts or rejects a candidate".into(),
            ));
        }
        let (tx, mut frontier) = self.write()?;
        let status: Option<String> = tx
            .query_row(
                "SELECT status FROM statement_candidates WHERE id = ?1",
                [r.candidate],
                |row| row.get(0),
            )
            .optional()
            .db()?;
        match status.as_deref() {
            None => {
                return Err(StoreError::Refused(format!(
                    "there is no candidate {}",
                    r.candidate
                )));
            }
            Some("pending") => {}
            Some(other) => {
                return Err(StoreError::Refused(format!(
                    "candidate {} was {other} already",
                    r.candidate
                )));
            }
        }
        let index = append_entry(&tx, &mut frontier, KIND_STATEMENT_REVIEW, r.entry)?;
        tx.execute(
            "UPDATE statement_candidates SET status = ?2, report_id = ?3, review_log_index = ?4, decided_at = ?5 \
             WHERE id = ?1",
            params![
                r.candidate,
                r.status.as_str(),
                r.report_id,
                index as i64,
                r.at
            ],
        )
        .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }
}
