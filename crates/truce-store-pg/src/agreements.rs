//! Agreement versions, each on the log.

use crate::*;

impl AgreementStore for PgStore {
    fn put_agreement(&mut self, text: &str, agreement: &Agreement) -> Result<i64> {
        let sha = hex::encode(Sha256::digest(text.as_bytes()));
        let json = serde_json::to_string(agreement).map_err(|e| damaged("agreement", e))?;
        let body = serde_json::to_vec(&AgreementEntry {
            sha256: sha.clone(),
            text: text.to_string(),
            agreement: agreement.clone(),
        })
        .map_err(|e| damaged("agreement", e))?;
        let entry = encode_entry(KIND_AGREEMENT, &body);
        if entry.len() > truce_ledger::MAX_ENTRY_LEN {
            return Err(damaged(
                "agreement",
                format!(
                    "it takes {} bytes, more than a log entry can hold ({})",
                    entry.len(),
                    truce_ledger::MAX_ENTRY_LEN
                ),
            ));
        }
        let (mut tx, mut frontier) = write_tx!(self)?;
        // Asked under the sequencer, so two servers loading the same text
        // make one version.
        if let Some(r) = tx
            .query_opt("SELECT version FROM agreements WHERE sha256 = $1", &[&sha])
            .db()?
        {
            let v: i64 = get(&r, 0)?;
            tx.commit().db()?;
            self.frontier = Some(frontier);
            return Ok(v);
        }
        let mut log = LogBuffer::default();
        let index = log.append(&mut frontier, KIND_AGREEMENT, &entry)?;
        log.flush(&mut tx)?;
        let version: i64 = get(
            &tx.query_one(
                "INSERT INTO agreements (agreement_id, sha256, loaded_at, text, json, log_index) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING version",
                &[&agreement.id, &sha, &now(), &text, &json, &(index as i64)],
            )
            .db()?,
            0,
        )?;
        tx.commit().db()?;
        self.frontier = Some(frontier);
        Ok(version)
    }

    fn agreement(&self) -> Result<StoredAgreement> {
        let row = self
            .c()?
            .query_opt(
                "SELECT version, sha256, loaded_at, text, json FROM agreements ORDER BY version DESC LIMIT 1",
                &[],
            )
            .db()?;
        let Some(row) = row else {
            return Err(StoreError::NotInitialised {
                path: self.location.clone(),
            });
        };
        let version: i64 = get(&row, 0)?;
        let json: String = get(&row, 4)?;
        let agreement = serde_json::from_str(&json)
            .map_err(|e| damaged(&format!("agreement version {version}"), e))?;
        Ok(StoredAgreement {
            version,
            sha256: get(&row, 1)?,
            loaded_at: get(&row, 2)?,
            text: get(&row, 3)?,
            agreement,
        })
    }

    fn agreement_versions(&self) -> Result<Vec<(i64, String, i64)>> {
        let rows = self
            .c()?
            .query(
                "SELECT version, sha256, loaded_at FROM agreements ORDER BY version",
                &[],
            )
            .db()?;
        rows.iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?, get(r, 2)?)))
            .collect()
    }
}
