//! Agreement versions, each on the log.

use crate::*;
use rusqlite::{OptionalExtension, params};

impl AgreementStore for SqliteStore {
    fn put_agreement(&mut self, text: &str, agreement: &Agreement) -> Result<i64> {
        let sha = hex::encode(Sha256::digest(text.as_bytes()));
        if let Some(v) = self
            .conn
            .query_row(
                "SELECT version FROM agreements WHERE sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .optional()
            .db()?
        {
            return Ok(v);
        }
        let json = serde_json::to_string(agreement).map_err(|e| StoreError::Corrupt {
            what: "agreement".into(),
            reason: e.to_string(),
        })?;
        let body = serde_json::to_vec(&AgreementEntry {
            sha256: sha.clone(),
            text: text.to_string(),
            agreement: agreement.clone(),
        })
        .map_err(|e| StoreError::Corrupt {
            what: "agreement".into(),
            reason: e.to_string(),
        })?;
        let entry = encode_entry(KIND_AGREEMENT, &body);
        if entry.len() > truce_ledger::MAX_ENTRY_LEN {
            return Err(StoreError::Corrupt {
                what: "agreement".into(),
                reason: format!(
                    "it takes {} bytes, more than a log entry can hold ({})",
                    entry.len(),
                    truce_ledger::MAX_ENTRY_LEN
                ),
            });
        }
        let (tx, mut frontier) = self.write()?;
        let index = append_entry(&tx, &mut frontier, KIND_AGREEMENT, &entry)?;
        tx.execute(
            "INSERT INTO agreements (agreement_id, sha256, loaded_at, text, json, log_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![agreement.id, sha, now(), text, json, index as i64],
        ).db()?;
        let version = tx.last_insert_rowid();
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(version)
    }

    fn agreement(&self) -> Result<StoredAgreement> {
        let row = self
            .conn
            .query_row(
                "SELECT version, sha256, loaded_at, text, json FROM agreements ORDER BY version DESC LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional().db()?;
        let Some((version, sha256, loaded_at, text, json)) = row else {
            return Err(StoreError::NotInitialised {
                path: self.path.clone(),
            });
        };
        let agreement = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: format!("agreement version {version}"),
            reason: e.to_string(),
        })?;
        Ok(StoredAgreement {
            version,
            sha256,
            loaded_at,
            text,
            agreement,
        })
    }

    fn agreement_versions(&self) -> Result<Vec<(i64, String, i64)>> {
        let mut st = self
            .conn
            .prepare("SELECT version, sha256, loaded_at FROM agreements ORDER BY version")
            .db()?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }
}
