//! C2SP tlog-cosignature (Ed25519, `cosignature/v1`): a witness's timestamped
//! statement that it saw a checkpoint and checked it is consistent with every
//! earlier one it saw. Cosignatures are what stop a log from showing different
//! histories to different people.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signer as _, VerifyingKey};

use crate::checkpoint::Checkpoint;
use crate::note::{
    ALG_ED25519, KeyError, NamedKey, NoteSignature, NoteVerifier, ed25519_verify, format_key,
    is_valid_key_name, key_id, parse_key_parts, random_seed, verifying_key_from,
};

/// Signature type byte for timestamped Ed25519 cosignatures.
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

/// Length of an encoded cosignature: 8-byte timestamp, 64-byte signature.
const COSIG_LEN: usize = 8 + 64;

/// Why a cosignature could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CosignError {
    /// The spec caps timestamps at 2^63 - 1.
    #[error("the timestamp {0} is too large (the limit is 2^63 - 1)")]
    TimestampTooLarge(u64),
    /// The signature is not 72 bytes.
    #[error("a cosignature must be 72 bytes (timestamp and signature), not {0}")]
    BadLength(usize),
}

/// The message an Ed25519 cosigner signs:
/// `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint body.
pub fn cosignature_message(timestamp: u64, checkpoint_body: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{checkpoint_body}").into_bytes()
}

/// The timestamp inside a cosignature line (verify it first: this only reads it).
pub fn cosignature_timestamp(sig: &NoteSignature) -> Result<u64, CosignError> {
    let bytes: [u8; COSIG_LEN] = sig
        .signature
        .as_slice()
        .try_into()
        .map_err(|_| CosignError::BadLength(sig.signature.len()))?;
    let mut ts = [0u8; 8];
    ts.copy_from_slice(&bytes[..8]);
    Ok(u64::from_be_bytes(ts))
}

/// A witness's Ed25519 cosigning key.
#[derive(Clone, Debug)]
pub struct Cosigner(NamedKey);

impl Cosigner {
    /// A cosigner from a 32-byte Ed25519 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        NamedKey::from_seed(name, seed, ALG_COSIGNATURE_V1).map(Self)
    }

    /// A new random cosigner.
    pub fn generate(name: &str) -> Result<Self, KeyError> {
        Self::from_seed(name, random_seed()?)
    }

    /// Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>` with
    /// type 0x04, or 0x01 (a plain Ed25519 note key reused for cosigning, as
    /// other witness software allows). The key id must match the type written.
    pub fn from_private_key(skey: &str) -> Result<Self, KeyError> {
        NamedKey::parse(skey, ALG_COSIGNATURE_V1, &[ALG_COSIGNATURE_V1, ALG_ED25519]).map(Self)
    }

    /// The secret key string, `PRIVATE+KEY+<name>+<hex key id>+<base64(0x04 || seed)>`.
    pub fn private_key(&self) -> String {
        self.0.private_key()
    }

    /// Key name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Key id (type 0x04).
    pub fn key_id(&self) -> u32 {
        self.0.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier {
            name: self.0.name.clone(),
            key_id: self.0.key_id,
            key: self.0.key.verifying_key(),
        }
    }

    /// Cosigns a checkpoint at `timestamp` (Unix seconds), giving the
    /// signature line to append to the checkpoint note.
    pub fn cosign(
        &self,
        checkpoint: &Checkpoint,
        timestamp: u64,
    ) -> Result<NoteSignature, CosignError> {
        if timestamp > i64::MAX as u64 {
            return Err(CosignError::TimestampTooLarge(timestamp));
        }
        let msg = cosignature_message(timestamp, &checkpoint.body());
        let mut signature = Vec::with_capacity(COSIG_LEN);
        signature.extend_from_slice(&timestamp.to_be_bytes());
        signature.extend_from_slice(&self.0.key.sign(&msg).to_bytes());
        Ok(NoteSignature {
            name: self.0.name.clone(),
            key_id: self.0.key_id,
            signature,
        })
    }
}

/// A witness's cosignature verifier key (signature type 0x04).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// A verifier for a name and 32-byte public key.
    pub fn new(name: &str, public_key: &[u8; 32]) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::BadName(name.to_owned()));
        }
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, ALG_COSIGNATURE_V1, public_key),
            key: verifying_key_from(public_key)?,
        })
    }

    /// Parses `<name>+<hex key id>+<base64(0x04 || public key)>`.
    pub fn from_vkey(vkey: &str) -> Result<Self, KeyError> {
        let parts = parse_key_parts(vkey)?;
        if parts.key_type != ALG_COSIGNATURE_V1 {
            return Err(KeyError::UnsupportedType(parts.key_type));
        }
        let public: [u8; 32] = parts
            .key
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::BadLength)?;
        let v = Self::new(&parts.name, &public)?;
        if v.key_id != parts.key_id {
            return Err(KeyError::KeyIdMismatch);
        }
        Ok(v)
    }

    /// The verifier key string, `<name>+<hex key id>+<base64(0x04 || public key)>`.
    pub fn vkey(&self) -> String {
        format_key(
            &self.name,
            self.key_id,
            ALG_COSIGNATURE_V1,
            self.key.as_bytes(),
        )
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl fmt::Display for CosignatureVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vkey())
    }
}

impl FromStr for CosignatureVerifier {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        Self::from_vkey(s)
    }
}

impl NoteVerifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.key_id
    }
    /// `text` is the checkpoint body; `signature` is timestamp || Ed25519 signature.
    fn verify(&self, text: &[u8], signature: &[u8]) -> bool {
        if signature.len() != COSIG_LEN {
            return false;
        }
        let mut ts = [0u8; 8];
        ts.copy_from_slice(&signature[..8]);
        let timestamp = u64::from_be_bytes(ts);
        if timestamp > i64::MAX as u64 {
            return false;
        }
        let Ok(body) = std::str::from_utf8(text) else {
            return false;
        };
        ed25519_verify(
            &self.key,
            &cosignature_message(timestamp, body),
            &signature[8..],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let c = Cosigner::from_seed("w", [42; 32]).unwrap();
        assert!(!format!("{c:?}").contains("42"));
    }

    #[test]
    fn message_has_no_leading_zeros() {
        assert_eq!(
            cosignature_message(0, "o\n0\nX\n"),
            b"cosignature/v1\ntime 0\no\n0\nX\n".to_vec()
        );
    }
}
