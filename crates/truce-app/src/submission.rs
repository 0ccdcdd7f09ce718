//! Reports submitted through the API (`POST /api/v1/reports` and the
//! report form): the body read, each row completed with who sent it, and
//! the rows read by the canonical JSON reader. Storing them is
//! [`crate::ingest`]'s; this part needs no store, so the fuzz target
//! `api_submission` runs exactly what the server runs.

use crate::{Error, Result};
use serde::Deserialize;
use std::collections::HashSet;
use truce_ingest::canonical::{Context, Row};
use truce_model::Rejection;

/// One report row as submitted: its canonical fields (docs/formats.md).
pub type Fields = serde_json::Map<String, serde_json::Value>;

/// A submission: one report object or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Submission {
    Many(Vec<Fields>),
    One(Fields),
}

/// The most reports one submission may hold.
pub const MAX_SUBMISSION: usize = 1000;

/// Reads a submission's body: a report object or a list of them.
pub fn read_body(body: &[u8]) -> Result<Vec<Fields>> {
    let sub: Submission = serde_json::from_slice(body).map_err(|e| {
        Error::BadRequest(format!(
            "the body is not a report object or a list of them (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    Ok(match sub {
        Submission::Many(v) => v,
        Submission::One(o) => vec![o],
    })
}

/// Refuses an empty submission and one larger than [`MAX_SUBMISSION`].
pub fn check_count(n: usize) -> Result<()> {
    if n == 0 {
        return Err(Error::BadRequest("no reports in the submission".into()));
    }
    if n > MAX_SUBMISSION {
        return Err(Error::BadRequest(format!(
            "{n} reports in one submission; send at most {MAX_SUBMISSION} at a time"
        )));
    }
    Ok(())
}

/// Who submits: an account's name, and its party when it is a liaison.
#[derive(Debug, Clone, Copy)]
pub struct Submitter<'a> {
    pub name: &'a str,
    pub liaison_of: Option<&'a str>,
}

/// Rows made ready for the canonical reader: one JSON line per row, and
/// the rows refused before reading (a liaison naming another claimant).
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub text: String,
    pub early: Vec<Rejection>,
}

/// Completes each row with its submitter: a liaison's rows are its party's
/// claims (another claimant is refused), a staff member's default to the
/// mission. Row `i` (from 1) stays line `i`, so rejections name the row's
/// position.
pub fn prepare(rows: Vec<Fields>, who: Submitter<'_>, file: &str) -> Prepared {
    let mut text = String::new();
    let mut lines = 0usize;
    let mut early = Vec::new();
    for (i, mut row) in rows.into_iter().enumerate() {
        let line = i as u64 + 1;
        if let Some(party) = who.liaison_of {
            let claimant = row
                .get("claimant")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            match claimant {
                Some(c) if !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case(party) => {
                    early.push(Rejection {
                        file: file.to_string(),
                        line,
                        field: Some("claimant".into()),
                        value: Some(c.clone()),
                        reason: truce_model::reason::english(
                            "reason-liaison-party",
                            &[("party", party)],
                        ),
                        raw: serde_json::Value::Object(row.clone()).to_string(),
                    });
                    continue;
                }
                _ => {
                    row.insert("claimant".into(), party.into());
                }
            }
            row.entry("source")
                .or_insert_with(|| format!("{party}-liaison").into());
        } else {
            row.entry("source")
                .or_insert_with(|| format!("monitor-{}", who.name).into());
            row.entry("claimant").or_insert_with(|| "mission".into());
        }
        // A refused row's line is kept by an empty object, skipped on reading.
        while lines < i {
            text.push_str("{}\n");
            lines += 1;
        }
        text.push_str(&serde_json::Value::Object(row).to_string());
        text.push('\n');
        lines += 1;
    }
    Prepared { text, early }
}

/// Reads prepared rows with the canonical JSON reader: every row once, in
/// line order, accepted or rejected (those refused early last).
pub fn read(prepared: Prepared, file: &str, ctx: &Context<'_>) -> Result<Vec<Row>> {
    let skip: HashSet<u64> = prepared.early.iter().map(|r| r.line).collect();
    let mut rows = Vec::new();
    truce_ingest::canonical::read_jsonl(prepared.text.as_bytes(), file, ctx, |row| {
        let line = match &row {
            Ok(a) => a.line,
            Err(r) => r.line,
        };
        if !skip.contains(&line) {
            rows.push(row);
        }
    })
    .map_err(|e| Error::BadRequest(e.to_string()))?;
    rows.extend(prepared.early.into_iter().map(Err));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzz target `api_submission` (through `api_decision`'s
    /// check): a number of more digits than a double holds was read one
    /// step off the nearest double, so the row written for the reader read
    /// as yet another number, and a report sent through the API differed
    /// from the same row in a file (another content hash, no duplicate).
    #[test]
    fn fuzz_a_long_number_reaches_the_reader_as_sent() {
        let body = br#"{"external_id":"x","occurred_at":"2025-04-01","killed":1155000000000497554224488149446}"#;
        let rows = read_body(body).expect("a report object");
        let who = Submitter {
            name: "m",
            liaison_of: None,
        };
        let p = prepare(rows, who, "api:m");
        let line = p.text.lines().next().expect("one line");
        let written: serde_json::Value = serde_json::from_str(line).expect("JSON");
        let sent: serde_json::Value = serde_json::from_slice(body).expect("JSON");
        assert_eq!(written["killed"], sent["killed"]);
    }
}
