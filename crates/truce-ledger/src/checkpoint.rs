//! C2SP tlog-checkpoint: the signed statement "this log had this many entries
//! and this root", which every proof is checked against.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::hash::Hash;
use crate::note::{Note, NoteError, NoteSigner, NoteVerifier, VerifiedNote};

/// Why a checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The body does not end with a newline.
    #[error("the checkpoint does not end with a newline")]
    MissingNewline,
    /// Origin, size and root are all required.
    #[error("the checkpoint has fewer than three lines (origin, size, root)")]
    TooFewLines,
    /// The origin line is empty.
    #[error("the checkpoint origin line is empty")]
    EmptyOrigin,
    /// The size is not plain decimal.
    #[error("the tree size {0:?} is not a decimal number without leading zeros")]
    BadSize(String),
    /// The root is not base64 of 32 bytes.
    #[error("the root hash {0:?} is not the base64 encoding of 32 bytes")]
    BadRoot(String),
    /// An extension line is empty.
    #[error("checkpoint extension lines must not be empty")]
    EmptyExtension,
    /// A line holds a control character (or a newline inside a field).
    #[error("the checkpoint contains a control character")]
    ControlCharacter,
    /// The log key is not named after the origin.
    #[error("the checkpoint origin {origin:?} does not match the log key name {key_name:?}")]
    OriginKeyMismatch {
        /// Origin line.
        origin: String,
        /// Log key name.
        key_name: String,
    },
    /// The note verified, but not by the log's own key.
    #[error("the checkpoint is not signed by the log key")]
    NotSignedByLog,
    /// The signed-note envelope was refused.
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// A log checkpoint: origin, tree size, root hash and optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Identifies the log; the log's signing key has this name.
    pub origin: String,
    /// Number of entries.
    pub size: u64,
    /// RFC 6962 root of the first `size` entries.
    pub root: Hash,
    /// Opaque extra lines, each non-empty. Not auditable; best left empty.
    pub extensions: Vec<String>,
}

/// A checkpoint whose log signature (and possibly cosignatures) verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The checkpoint.
    pub checkpoint: Checkpoint,
    /// The note it came in, with which signatures verified.
    pub note: VerifiedNote,
}

fn check_line(line: &str) -> Result<(), CheckpointError> {
    if line.chars().any(|c| c < ' ') {
        return Err(CheckpointError::ControlCharacter);
    }
    Ok(())
}

fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    let bad = || CheckpointError::BadSize(s.to_owned());
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.into(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// Parses a checkpoint body (the note text, final newline included).
    pub fn parse(body: &str) -> Result<Self, CheckpointError> {
        let body = body
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingNewline)?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(CheckpointError::TooFewLines);
        };
        check_line(origin)?;
        if origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        let size = parse_size(size)?;
        let root: Hash = B64
            .decode(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or_else(|| CheckpointError::BadRoot(root.to_owned()))?;
        let mut extensions = Vec::new();
        for line in lines {
            check_line(line)?;
            if line.is_empty() {
                return Err(CheckpointError::EmptyExtension);
            }
            extensions.push(line.to_owned());
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }

    /// The body: `<origin>\n<size>\n<base64 root>\n` then extension lines.
    pub fn body(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Checks that the fields would survive a round trip through [`Checkpoint::parse`].
    pub fn validate(&self) -> Result<(), CheckpointError> {
        check_line(&self.origin)?;
        if self.origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        for e in &self.extensions {
            check_line(e)?;
            if e.is_empty() {
                return Err(CheckpointError::EmptyExtension);
            }
        }
        Ok(())
    }

    /// Signs the checkpoint with the log key, whose name must be the origin,
    /// and returns the signed note.
    pub fn sign(&self, log_key: &dyn NoteSigner) -> Result<String, CheckpointError> {
        self.validate()?;
        if log_key.name() != self.origin {
            return Err(CheckpointError::OriginKeyMismatch {
                origin: self.origin.clone(),
                key_name: log_key.name().to_owned(),
            });
        }
        let mut note = Note::new(self.body())?;
        note.sign(log_key)?;
        Ok(note.to_string())
    }

    /// Opens a signed checkpoint: the log key (named after the origin) must
    /// have signed it; `cosigners` lists witness keys whose signatures are
    /// checked too (and reported in [`SignedCheckpoint::note`]). Signatures by
    /// other keys are ignored.
    pub fn open(
        signed: impl AsRef<[u8]>,
        log_key: &dyn NoteVerifier,
        cosigners: &[&dyn NoteVerifier],
    ) -> Result<SignedCheckpoint, CheckpointError> {
        let note = Note::parse(signed)?;
        let checkpoint = Self::parse(note.text())?;
        if log_key.name() != checkpoint.origin {
            return Err(CheckpointError::OriginKeyMismatch {
                origin: checkpoint.origin,
                key_name: log_key.name().to_owned(),
            });
        }
        let mut trusted: Vec<&dyn NoteVerifier> = Vec::with_capacity(1 + cosigners.len());
        trusted.push(log_key);
        trusted.extend_from_slice(cosigners);
        let verified = note.verify(&trusted)?;
        let by_log = verified
            .verified
            .iter()
            .any(|s| s.name == log_key.name() && s.key_id == log_key.key_id());
        if !by_log {
            return Err(CheckpointError::NotSignedByLog);
        }
        Ok(SignedCheckpoint {
            checkpoint,
            note: verified,
        })
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        for bad in [
            "",
            "01",
            "1_000",
            "1e3",
            "٣",
            "0x10",
            "18446744073709551616",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }
}
