//! Statements and the candidate reports read from them, each statement and
//! each review on the log in the same transaction as its rows.

use crate::*;
use truce_store::log::{KIND_STATEMENT, KIND_STATEMENT_REVIEW};
use truce_store::{
    CandidateReview, CandidateRow, CandidateStatus, NewStatement, StatementStore, StoredStatement,
};

const STATEMENT_COLUMNS: &str =
    "id, log_index, source, published_at, lang, url, text, file, line, ingested_at";
const CANDIDATE_COLUMNS: &str =
    "id, statement_id, ordinal, proposed, status, report_id, review_log_index, decided_at";

fn statement_from_row(r: &Row) -> Result<StoredStatement> {
    Ok(StoredStatement {
        id: get(r, 0)?,
        log_index: get_u64(r, 1)?,
        source: get(r, 2)?,
        published_at: get(r, 3)?,
        lang: get(r, 4)?,
        url: get(r, 5)?,
        text: get(r, 6)?,
        file: get(r, 7)?,
        line: get_u64(r, 8)?,
        ingested_at: get(r, 9)?,
    })
}

fn candidate_from_row(r: &Row) -> Result<CandidateRow> {
    let proposed: String = get(r, 3)?;
    let status: String = get(r, 4)?;
    Ok(CandidateRow {
        id: get(r, 0)?,
        statement_id: get(r, 1)?,
        ordinal: u32::try_from(get::<i64>(r, 2)?).map_err(|e| damaged("candidate", e))?,
        proposed: serde_json::from_str(&proposed).map_err(|e| damaged("candidate fields", e))?,
        status: CandidateStatus::parse(&status)
            .ok_or_else(|| damaged("candidate status", format!("unexpected value \"{status}\"")))?,
        report_id: get(r, 5)?,
        review_log_index: get::<Option<i64>>(r, 6)?.map(|i| i as u64),
        decided_at: get(r, 7)?,
    })
}

impl StatementStore for PgStore {
    fn add_statement(&mut self, s: &NewStatement<'_>) -> Result<Option<i64>> {
        let (mut tx, mut frontier) = write_tx!(self)?;
        // Asked under the sequencer: two servers reading the same statement
        // store it once.
        if tx
            .query_opt("SELECT id FROM statements WHERE key = $1", &[&&s.key[..]])
            .db()?
            .is_some()
        {
            tx.commit().db()?;
            self.frontier = Some(frontier);
            return Ok(None);
        }
        let mut log = LogBuffer::default();
        let index = log.append(&mut frontier, KIND_STATEMENT, s.entry)?;
        log.flush(&mut tx)?;
        let id: i64 = get(
            &tx.query_one(
                "INSERT INTO statements (key, log_index, source, published_at, lang, url, text, file, line, ingested_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                &[
                    &&s.key[..],
                    &(index as i64),
                    &s.source,
                    &s.published_at,
                    &s.lang,
                    &s.url,
                    &s.text,
                    &s.file,
                    &(s.line as i64),
                    &now(),
                ],
            )
            .db()?,
            0,
        )?;
        let ordinals: Vec<i64> = (0..s.candidates.len() as i64).collect();
        let proposed: Vec<String> = s.candidates.iter().map(|c| c.to_string()).collect();
        tx.execute(
            "INSERT INTO statement_candidates (statement_id, ordinal, proposed) \
             SELECT $1, * FROM unnest($2::bigint[], $3::text[])",
            &[&id, &ordinals, &proposed],
        )
        .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(Some(id))
    }

    fn statement(&self, id: i64) -> Result<Option<StoredStatement>> {
        self.c()?
            .query_opt(
                &format!("SELECT {STATEMENT_COLUMNS} FROM statements WHERE id = $1"),
                &[&id],
            )
            .db()?
            .map(|r| statement_from_row(&r))
            .transpose()
    }

    fn statements(&self, after: Option<i64>, limit: u64) -> Result<Vec<StoredStatement>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {STATEMENT_COLUMNS} FROM statements WHERE id > $1 ORDER BY id LIMIT $2"
                ),
                &[
                    &after.unwrap_or(i64::MIN),
                    &(limit.min(i64::MAX as u64) as i64),
                ],
            )
            .db()?;
        rows.iter().map(statement_from_row).collect()
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateRow>> {
        self.c()?
            .query_opt(
                &format!("SELECT {CANDIDATE_COLUMNS} FROM statement_candidates WHERE id = $1"),
                &[&id],
            )
            .db()?
            .map(|r| candidate_from_row(&r))
            .transpose()
    }

    fn candidates(
        &self,
        status: Option<CandidateStatus>,
        after: Option<i64>,
        limit: u64,
    ) -> Result<Vec<CandidateRow>> {
        let rows = self
            .c()?
            .query(
                &format!(
                    "SELECT {CANDIDATE_COLUMNS} FROM statement_candidates \
                     WHERE ($1::text IS NULL OR status = $1) AND id > $2 ORDER BY id LIMIT $3"
                ),
                &[
                    &status.map(CandidateStatus::as_str),
                    &after.unwrap_or(i64::MIN),
                    &(limit.min(i64::MAX as u64) as i64),
                ],
            )
            .db()?;
        rows.iter().map(candidate_from_row).collect()
    }

    fn candidate_count(&self, status: CandidateStatus) -> Result<u64> {
        get_u64(
            &self
                .c()?
                .query_one(
                    "SELECT COUNT(*) FROM statement_candidates WHERE status = $1",
                    &[&status.as_str()],
                )
                .db()?,
            0,
        )
    }

    fn review_candidate(&mut self, r: &CandidateReview<'_>) -> Result<u64> {
        if r.status == CandidateStatus::Pending {
            return Err(StoreError::Refused(
                "a review accepts or rejects a candidate".into(),
            ));
        }
        let (mut tx, mut frontier) = write_tx!(self)?;
        let status: Option<String> = tx
            .query_opt(
                "SELECT status FROM statement_candidates WHERE id = $1",
                &[&r.candidate],
            )
            .db()?
            .map(|row| get(&row, 0))
            .transpose()?;
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
        let mut log = LogBuffer::default();
        let index = log.append(&mut frontier, KIND_STATEMENT_REVIEW, r.entry)?;
        log.flush(&mut tx)?;
        tx.execute(
            "UPDATE statement_candidates SET status = $2, report_id = $3, review_log_index = $4, \
             decided_at = $5 WHERE id = $1",
            &[
                &r.candidate,
                &r.status.as_str(),
                &r.report_id,
                &(index as i64),
                &r.at,
            ],
        )
        .db()?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(index)
    }
}
