//! The evidence log's entries as Truce writes them: the header, the body of
//! each kind, and the limits. Every backend keeps the log in the same
//! transactions as the projections, so that a report is stored if and only if
//! its entry is in the log; entries and the hashes of every complete subtree
//! are stored, and roots and proofs are computed from those stored hashes by
//! `truce-ledger`, never by rehashing the leaves.

use crate::{Hash, Result};

mod packed;
pub use packed::{pack_entry, unpack_entry};

/// The kinds of entry, as named in the entry header.
pub const KIND_REPORT: &str = "report";
pub const KIND_AGREEMENT: &str = "agreement";
pub const KIND_REFERENCE: &str = "reference-data";
pub const KIND_PARTY_KEY: &str = "party-key";
pub const KIND_DECISION: &str = "decision";
/// A published statement, as read for review (see [`crate::statements`]).
pub const KIND_STATEMENT: &str = "statement";
/// A monitor's acceptance or rejection of a candidate read from a statement.
pub const KIND_STATEMENT_REVIEW: &str = "statement-review";

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

/// An entry made ready for a backend to append: its kind, leaf hash and the
/// form kept at rest ([`pack_entry`]). Every backend appends through it, so
/// the limit and the packing are the same everywhere.
pub struct Append<'a> {
    pub kind: &'a str,
    pub leaf: Hash,
    pub stored: std::borrow::Cow<'a, [u8]>,
}

impl<'a> Append<'a> {
    /// Hashes and packs `entry`; refuses one longer than [`MAX_ENTRY_BYTES`].
    pub fn entry(kind: &'a str, entry: &'a [u8]) -> Result<Append<'a>> {
        refuse_long(entry.len())?;
        Ok(Append {
            kind,
            leaf: truce_ledger::leaf_hash(entry),
            stored: pack_entry(entry),
        })
    }

    /// A report's entry, whose leaf hash and stored form the caller made in
    /// parallel with storage. Debug builds (the tests) hold them to the
    /// entry; release builds trust them.
    pub fn report(n: &crate::NewReport<'a>) -> Result<Append<'a>> {
        refuse_long(n.entry.len())?;
        debug_assert_eq!(truce_ledger::leaf_hash(n.entry), n.leaf, "line {}", n.line);
        debug_assert_eq!(unpack_entry(n.stored).as_ref(), n.entry, "line {}", n.line);
        Ok(Append {
            kind: KIND_REPORT,
            leaf: n.leaf,
            stored: std::borrow::Cow::Borrowed(n.stored),
        })
    }
}

fn refuse_long(len: usize) -> Result<()> {
    if len > MAX_ENTRY_BYTES {
        return Err(crate::StoreError::Refused(format!(
            "a log entry of {len} bytes is longer than the {MAX_ENTRY_BYTES} an entry may hold"
        )));
    }
    Ok(())
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

/// The evidence log, its checkpoints and cosignatures, the parties' keys,
/// and the workspace's settings.
pub trait LogStore {
    /// Number of entries in the log (read now: another process may append).
    fn log_size(&self) -> Result<u64>;
    /// Appends one entry in its own transaction; returns its index.
    fn log_append(&mut self, kind: &str, entry: &[u8]) -> Result<u64>;
    /// Appends entries of one kind in one transaction (one fsync); returns the
    /// index of the first.
    fn log_append_batch(&mut self, kind: &str, entries: &[Vec<u8>]) -> Result<u64>;
    /// Entries from `from` on, in order, with their index and kind, until `f`
    /// returns false.
    fn log_scan(&self, from: u64, f: &mut dyn FnMut(u64, &str, &[u8]) -> bool) -> Result<()>;
    /// One entry's kind and bytes.
    fn log_entry(&self, index: u64) -> Result<Option<(String, Vec<u8>)>>;
    /// Every stored subtree hash, as (level, index, hash), level by level.
    fn log_nodes(&self, f: &mut dyn FnMut(u32, u64, &[u8]) -> bool) -> Result<()>;
    /// The root of the tree of the first `size` entries.
    fn log_root(&self, size: u64) -> Result<Hash>;
    fn log_inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>>;
    fn log_consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>>;
    /// The database id of the report a log entry holds, if it holds one
    /// (current or superseded).
    fn report_of_log_entry(&self, index: u64) -> Result<Option<i64>>;
    fn put_checkpoint(&mut self, size: u64, note: &str) -> Result<i64>;
    /// Every checkpoint signed, oldest first.
    fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>>;
    fn put_cosignature(&mut self, c: &StoredCosignature) -> Result<()>;
    fn cosignatures(&self) -> Result<Vec<StoredCosignature>>;
    /// Registers a party's submission key (`name+id+key`), on the log too.
    fn add_party_key(&mut self, party: &str, name: &str, vkey: &str) -> Result<u64>;
    /// Registered keys as (party, verifier key string).
    fn party_keys(&self) -> Result<Vec<(String, String)>>;
    fn meta(&self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
    /// The log's private signing key (C2SP form), kept where this backend
    /// keeps secrets: never in what is shared with readers of the store.
    fn log_signing_key(&self) -> Result<Option<String>>;
    /// Keeps the log's signing key; refuses to replace one.
    fn set_log_signing_key(&mut self, key: &str) -> Result<()>;
    /// Where the signing key is kept, in words for the operator.
    fn log_key_place(&self) -> String;
}
