//! The evidence log, kept in the workspace database so that a report is stored
//! if and only if its entry is in the log: both are written in one transaction.
//!
//! Entries and the hashes of every complete subtree (level 0 = leaf hashes) are
//! stored; roots and proofs are computed from those O(log n) stored hashes by
//! `truce-ledger`, never by rehashing the leaves. Appends keep the right edge of
//! the tree (the "frontier") in memory, so an append costs one entry row and on
//! average two hash rows, with no reads.

use crate::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension, params};
use truce_ledger::{Hash, HashStore, node_hash};

/// The kinds of entry, as named in the entry header.
pub const KIND_REPORT: &str = "report";
pub const KIND_AGREEMENT: &str = "agreement";
pub const KIND_REFERENCE: &str = "reference-data";
pub const KIND_PARTY_KEY: &str = "party-key";

/// The first line of every entry: format name, version and kind. Changing the
/// encoding means a new version; readers must reject versions they do not know.
pub const ENTRY_MAGIC: &str = "truce-entry/v1";

/// Builds an entry: `truce-entry/v1 <kind>\n` then the body (canonical JSON).
pub fn encode_entry(kind: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ENTRY_MAGIC.len() + kind.len() + 2 + body.len());
    out.extend_from_slice(ENTRY_MAGIC.as_bytes());
    out.push(b' ');
    out.extend_from_slice(kind.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The most bytes one entry may hold: the entry-bundle limit of C2SP tiles
/// (a `uint16` length), so that every entry can be exported and mirrored.
pub const MAX_ENTRY_BYTES: usize = truce_ledger::MAX_ENTRY_LEN;

/// The body of a report entry: the report as validated at ingest, with where
/// it was read from, who filed it and the fingerprint of the row as given.
/// Field order is fixed by this struct, so the encoding is canonical for a
/// given report.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ReportEntry {
    pub report: truce_model::Report,
    pub file: String,
    pub line: u64,
    /// The submitter's signature when the row was signed: what was signed,
    /// the C2SP signature line, and the party whose key it is. Anyone can
    /// check it against that party's verifier key from the log alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<SignedEntry>,
    /// Who filed the report: a party id, or `mission`. Only the same filer
    /// may supersede it. Entries written before it was recorded read as the
    /// mission's.
    #[serde(default = "mission", skip_serializing_if = "is_mission")]
    pub filer: String,
    /// SHA-256 of the row as given (hex), by which a re-ingest is known as a
    /// duplicate; absent in entries written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// 16 random bytes (hex), so that the leaf hash of an entry that only
    /// some may read cannot be confirmed by guessing its fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

/// The filer of reports the mission itself ingests.
pub const MISSION: &str = "mission";

fn mission() -> String {
    MISSION.to_string()
}

fn is_mission(s: &str) -> bool {
    s == MISSION
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SignedEntry {
    pub text: String,
    pub signature: String,
    pub party: String,
}

/// Random bytes as hex, for entry salts.
pub fn salt() -> Option<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).ok()?;
    Some(hex::encode(b))
}

/// What a report entry is made of.
pub struct ReportEntryParts<'a> {
    pub report: &'a truce_model::Report,
    pub file: &'a str,
    pub line: u64,
    pub signed: Option<&'a SignedEntry>,
    pub filer: &'a str,
    pub fingerprint: &'a [u8; 32],
}

/// The entry for a report, as appended to the log, or why it cannot be
/// appended (it would exceed [`MAX_ENTRY_BYTES`]).
pub fn report_entry(parts: &ReportEntryParts<'_>) -> std::result::Result<Vec<u8>, String> {
    let body = ReportEntryRef {
        report: parts.report,
        file: parts.file,
        line: parts.line,
        signed: parts.signed,
        filer: (parts.filer != MISSION).then_some(parts.filer),
        fingerprint: hex::encode(parts.fingerprint),
        salt: salt().unwrap_or_default(),
    };
    // Serialising plain data to a Vec cannot fail.
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let entry = encode_entry(KIND_REPORT, &json);
    check_entry_len(&entry)?;
    Ok(entry)
}

/// Refuses an entry too long for the log, in words.
pub fn check_entry_len(entry: &[u8]) -> std::result::Result<(), String> {
    if entry.len() > MAX_ENTRY_BYTES {
        return Err(format!(
            "its log entry would be {} bytes; an entry holds at most {MAX_ENTRY_BYTES} bytes (shorten the text or the extra columns)",
            entry.len()
        ));
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct ReportEntryRef<'a> {
    report: &'a truce_model::Report,
    file: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    signed: Option<&'a SignedEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filer: Option<&'a str>,
    fingerprint: String,
    salt: String,
}

/// The body of an agreement entry: the file as loaded and what it parsed to.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct AgreementEntry {
    pub sha256: String,
    pub text: String,
    pub agreement: truce_model::Agreement,
}

/// Splits an entry into its kind and body, checking the header.
pub fn decode_entry(entry: &[u8]) -> std::result::Result<(&str, &[u8]), String> {
    let nl = entry
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("the entry has no header line")?;
    let header = std::str::from_utf8(&entry[..nl]).map_err(|_| "the entry header is not text")?;
    let kind = header
        .strip_prefix(ENTRY_MAGIC)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| format!("the entry header \"{header}\" is not {ENTRY_MAGIC} <kind>"))?;
    Ok((kind, &entry[nl + 1..]))
}

/// The right edge of the tree, enough to append without reading.
#[derive(Debug, Clone, Default)]
pub struct Frontier {
    size: u64,
    /// `hashes[l]` is the hash of the complete subtree at level `l` that ends
    /// the tree, when bit `l` of `size` is set.
    hashes: Vec<Hash>,
}

impl Frontier {
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Reads the frontier of the stored tree.
    pub fn load(conn: &Connection) -> Result<Frontier> {
        let size: u64 = conn.query_row(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64;
        let mut hashes = vec![[0u8; 32]; 64];
        let mut st =
            conn.prepare_cached("SELECT hash FROM log_nodes WHERE level = ?1 AND idx = ?2")?;
        for level in 0..64u32 {
            if size >> level == 0 {
                break;
            }
            if (size >> level) & 1 == 1 {
                let idx = (size >> level) - 1;
                let h: Option<Vec<u8>> = st
                    .query_row(params![level, idx as i64], |r| r.get(0))
                    .optional()?;
                hashes[level as usize] = to_hash(h, level, idx)?;
            }
        }
        Ok(Frontier { size, hashes })
    }

    /// Appends one entry within the caller's transaction; returns its index.
    pub fn append(
        &mut self,
        conn: &Connection,
        kind: &str,
        entry: &[u8],
        leaf: Hash,
    ) -> Result<u64> {
        if entry.len() > MAX_ENTRY_BYTES {
            return Err(StoreError::Refused(format!(
                "a log entry of {} bytes is longer than the {MAX_ENTRY_BYTES} an entry may hold",
                entry.len()
            )));
        }
        let i = self.size;
        conn.prepare_cached("INSERT INTO log_entries (idx, kind, data) VALUES (?1, ?2, ?3)")?
            .execute(params![i as i64, kind, entry])?;
        let mut node =
            conn.prepare_cached("INSERT INTO log_nodes (level, idx, hash) VALUES (?1, ?2, ?3)")?;
        node.execute(params![0, i as i64, &leaf[..]])?;
        let mut cur = leaf;
        let mut level = 0usize;
        while (i >> level) & 1 == 1 {
            cur = node_hash(&self.hashes[level], &cur);
            level += 1;
            node.execute(params![level as i64, (i >> level) as i64, &cur[..]])?;
        }
        self.hashes[level] = cur;
        self.size = i + 1;
        Ok(i)
    }
}

fn to_hash(h: Option<Vec<u8>>, level: u32, index: u64) -> Result<Hash> {
    match h {
        Some(v) if v.len() == 32 => {
            let mut out = [0u8; 32];
            out.copy_from_slice(&v);
            Ok(out)
        }
        Some(_) => Err(StoreError::Corrupt {
            what: "log".into(),
            reason: format!("the hash at level {level}, position {index} is not 32 bytes"),
        }),
        None => Err(StoreError::Corrupt {
            what: "log".into(),
            reason: format!("the hash at level {level}, position {index} is missing"),
        }),
    }
}

/// Read access to the stored hashes, for roots and proofs.
pub struct StoredHashes<'c> {
    conn: &'c Connection,
    size: u64,
}

impl<'c> StoredHashes<'c> {
    pub fn new(conn: &'c Connection, size: u64) -> Self {
        StoredHashes { conn, size }
    }
}

impl HashStore for StoredHashes<'_> {
    fn size(&self) -> u64 {
        self.size
    }

    fn get(&self, level: u32, index: u64) -> std::result::Result<Hash, truce_ledger::StoreError> {
        let backend = |e: rusqlite::Error| truce_ledger::StoreError::Backend(Box::new(e));
        let h: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT hash FROM log_nodes WHERE level = ?1 AND idx = ?2")
            .map_err(backend)?
            .query_row(params![level, index as i64], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        match h {
            Some(v) if v.len() == 32 => {
                let mut out = [0u8; 32];
                out.copy_from_slice(&v);
                Ok(out)
            }
            _ => Err(truce_ledger::StoreError::Missing { level, index }),
        }
    }

    fn append_leaf_hash(
        &mut self,
        _leaf: Hash,
    ) -> std::result::Result<(), truce_ledger::StoreError> {
        Err(truce_ledger::StoreError::Backend(
            "the stored tree is appended to through the store, not through proofs".into(),
        ))
    }
}

/// A signed checkpoint as kept in the workspace.
#[derive(Debug, Clone)]
pub struct StoredCheckpoint {
    pub id: i64,
    pub size: u64,
    pub note: String,
    pub at: i64,
}

/// A cosignature as kept in the workspace.
#[derive(Debug, Clone)]
pub struct StoredCosignature {
    pub size: u64,
    pub cosigner: String,
    /// The checkpoint body that was cosigned.
    pub body: String,
    /// The note signature line (`— name base64`).
    pub line: String,
    pub at: i64,
}
