//! C2SP signed-note v1.0.0: text signed by one or more keys, the envelope
//! for checkpoints and cosignatures, and the Ed25519 note keys in the
//! string formats used by the Go `note` package, so keys and notes are
//! interchangeable with other transparency-log tools.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use crate::hash::sha256;

/// Signature type byte for plain Ed25519 note signatures.
pub const ALG_ED25519: u8 = 0x01;

/// Most signature lines accepted in one note; the spec asks for at least 16
/// and this bounds the work a hostile note can cause.
pub const MAX_SIGNATURES: usize = 100;

/// The em dash (U+2014) and space that start every signature line.
const SIG_PREFIX: &str = "\u{2014} ";

/// Why a key string or key could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The string does not have the `name+keyid+base64` shape.
    #[error("the key is not of the form name+keyid+base64key")]
    Malformed,
    /// The key name breaks the naming rules.
    #[error("key name {0:?} is empty or contains a space or a plus sign")]
    BadName(String),
    /// The key id is not 8 hexadecimal digits.
    #[error("the key id {0:?} is not 8 hexadecimal digits")]
    BadKeyId(String),
    /// The key id does not belong to this name and key.
    #[error("the key id does not match the key name and public key")]
    KeyIdMismatch,
    /// The key is of a type this code does not handle.
    #[error("key type 0x{0:02x} is not supported here")]
    UnsupportedType(u8),
    /// The key material has the wrong length.
    #[error("the key has the wrong length")]
    BadLength,
    /// The public key is not a usable Ed25519 key.
    #[error("the public key is not a valid Ed25519 key")]
    InvalidPublicKey,
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed: {0}")]
    Random(String),
}

/// Why a note could not be parsed, signed or trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// The bytes are not UTF-8.
    #[error("the note is not valid UTF-8")]
    NotUtf8,
    /// The note holds a control character other than newline.
    #[error("the note contains a control character other than newline")]
    ControlCharacter,
    /// There is no blank line separating the text from the signatures.
    #[error("the note has no blank line before its signatures")]
    NoSignatureBlock,
    /// The blank line is not followed by any signature line.
    #[error("the note has no signature lines")]
    NoSignatures,
    /// The last signature line does not end with a newline.
    #[error("the note does not end with a newline")]
    MissingFinalNewline,
    /// The text to sign does not end with a newline.
    #[error("the note text must end with a newline")]
    TextWithoutNewline,
    /// A signature line is not `— <name> <base64>`.
    #[error("signature line {0} is not of the form \"\u{2014} <key name> <base64 signature>\"")]
    BadSignatureLine(usize),
    /// A signature line names a key with an invalid name.
    #[error("signature line {0} has an invalid key name")]
    BadKeyName(usize),
    /// A signature is not base64, or too short to hold a key id and a signature.
    #[error("signature line {0} is not valid base64 or is too short")]
    BadSignatureEncoding(usize),
    /// More signatures than [`MAX_SIGNATURES`].
    #[error("the note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// Two trusted keys share a name and key id, so a signature is ambiguous.
    #[error("more than one trusted key is named {name} with key id {key_id:08x}")]
    AmbiguousKey {
        /// Key name.
        name: String,
        /// Key id.
        key_id: u32,
    },
    /// A trusted key's signature does not verify.
    #[error("the signature by trusted key {name} ({key_id:08x}) does not verify")]
    InvalidSignature {
        /// Key name.
        name: String,
        /// Key id.
        key_id: u32,
    },
    /// No trusted key signed the note.
    #[error("the note is not signed by any trusted key")]
    NoTrustedSignature,
}

/// Key id of a note key: the first four bytes, big-endian, of
/// `SHA-256(name || 0x0A || key_type || public_key)`.
pub fn key_id(name: &str, key_type: u8, public_key: &[u8]) -> u32 {
    let h = sha256(&[name.as_bytes(), b"\n", &[key_type], public_key]);
    u32::from_be_bytes([h[0], h[1], h[2], h[3]])
}

/// Whether `name` may name a key: non-empty, no Unicode space, no `+`.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// Something that can check note signatures made by one key.
pub trait NoteVerifier {
    /// Key name, as it appears on signature lines.
    fn name(&self) -> &str;
    /// Key id, as it appears in the first four signature bytes.
    fn key_id(&self) -> u32;
    /// Whether `signature` (without the key id) is valid for `text`.
    fn verify(&self, text: &[u8], signature: &[u8]) -> bool;
}

/// Something that can sign notes.
pub trait NoteSigner {
    /// Key name.
    fn name(&self) -> &str;
    /// Key id.
    fn key_id(&self) -> u32;
    /// Signature over `text` (without the key id).
    fn sign(&self, text: &[u8]) -> Vec<u8>;
}

/// The parts of a key string: `name+keyid+base64(type || key)`.
pub(crate) struct KeyParts {
    pub(crate) name: String,
    pub(crate) key_id: u32,
    pub(crate) key_type: u8,
    pub(crate) key: Vec<u8>,
}

/// Parses `name+hexkeyid+base64(type || key)`. The id is returned as
/// written; callers check it against the key once they know how the id is
/// derived for the key type.
pub(crate) fn parse_key_parts(s: &str) -> Result<KeyParts, KeyError> {
    // Names cannot contain '+', but base64 can: split at most twice.
    let mut it = s.splitn(3, '+');
    let (Some(name), Some(id_hex), Some(key64)) = (it.next(), it.next(), it.next()) else {
        return Err(KeyError::Malformed);
    };
    if !is_valid_key_name(name) {
        return Err(KeyError::BadName(name.to_owned()));
    }
    if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::BadKeyId(id_hex.to_owned()));
    }
    let key_id =
        u32::from_str_radix(id_hex, 16).map_err(|_| KeyError::BadKeyId(id_hex.to_owned()))?;
    let raw = B64.decode(key64).map_err(|_| KeyError::Malformed)?;
    let Some((&key_type, key)) = raw.split_first() else {
        return Err(KeyError::Malformed);
    };
    Ok(KeyParts {
        name: name.to_owned(),
        key_id,
        key_type,
        key: key.to_vec(),
    })
}

/// Formats `name+hexkeyid+base64(type || key)`.
pub(crate) fn format_key(name: &str, key_id: u32, key_type: u8, key: &[u8]) -> String {
    let mut raw = Vec::with_capacity(1 + key.len());
    raw.push(key_type);
    raw.extend_from_slice(key);
    format!("{name}+{key_id:08x}+{}", B64.encode(raw))
}

/// The secret-key string prefix used by the Go `note` package.
pub(crate) const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

pub(crate) fn seed_from(key: &[u8]) -> Result<[u8; 32], KeyError> {
    key.try_into().map_err(|_| KeyError::BadLength)
}

pub(crate) fn verifying_key_from(key: &[u8]) -> Result<VerifyingKey, KeyError> {
    let bytes: [u8; 32] = key.try_into().map_err(|_| KeyError::BadLength)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::InvalidPublicKey)
}

pub(crate) fn random_seed() -> Result<[u8; 32], KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(seed)
}

/// Ed25519 verification that also refuses weak (small-order) keys and
/// non-canonical signatures, which no honest signer produces.
pub(crate) fn ed25519_verify(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(bytes) = <[u8; 64]>::try_from(sig) else {
        return false;
    };
    key.verify_strict(msg, &Signature::from_bytes(&bytes))
        .is_ok()
}

/// A named Ed25519 key of one signature type: what a note signer and a
/// cosigner have in common (the key, its name, its id, its text form).
#[derive(Clone)]
pub(crate) struct NamedKey {
    pub(crate) name: String,
    pub(crate) key_id: u32,
    pub(crate) key: SigningKey,
    alg: u8,
}

impl fmt::Debug for NamedKey {
    // Never print the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

impl NamedKey {
    /// A key from a 32-byte Ed25519 seed (the RFC 8032 private key).
    pub(crate) fn from_seed(name: &str, seed: [u8; 32], alg: u8) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::BadName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(name, alg, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
            alg,
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>` with a
    /// type among `accepted`; the key is of type `alg`, and the key id must
    /// match the type written.
    pub(crate) fn parse(skey: &str, alg: u8, accepted: &[u8]) -> Result<Self, KeyError> {
        let rest = skey
            .strip_prefix(PRIVATE_PREFIX)
            .ok_or(KeyError::Malformed)?;
        let parts = parse_key_parts(rest)?;
        if !accepted.contains(&parts.key_type) {
            return Err(KeyError::UnsupportedType(parts.key_type));
        }
        let k = Self::from_seed(&parts.name, seed_from(&parts.key)?, alg)?;
        let written_id = key_id(
            &parts.name,
            parts.key_type,
            k.key.verifying_key().as_bytes(),
        );
        if written_id != parts.key_id {
            return Err(KeyError::KeyIdMismatch);
        }
        Ok(k)
    }

    /// The secret key string, `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>`.
    pub(crate) fn private_key(&self) -> String {
        format!(
            "{PRIVATE_PREFIX}{}",
            format_key(&self.name, self.key_id, self.alg, self.key.as_bytes())
        )
    }
}

/// An Ed25519 note signing key (signature type 0x01).
#[derive(Clone, Debug)]
pub struct Ed25519Signer(NamedKey);

impl Ed25519Signer {
    /// A signer from a 32-byte Ed25519 seed (the RFC 8032 private key).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        NamedKey::from_seed(name, seed, ALG_ED25519).map(Self)
    }

    /// A new random signer.
    pub fn generate(name: &str) -> Result<Self, KeyError> {
        Self::from_seed(name, random_seed()?)
    }

    /// Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`.
    pub fn from_private_key(skey: &str) -> Result<Self, KeyError> {
        NamedKey::parse(skey, ALG_ED25519, &[ALG_ED25519]).map(Self)
    }

    /// The secret key string, `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`.
    pub fn private_key(&self) -> String {
        self.0.private_key()
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.0.key.verifying_key().to_bytes()
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Ed25519Verifier {
        Ed25519Verifier {
            name: self.0.name.clone(),
            key_id: self.0.key_id,
            key: self.0.key.verifying_key(),
        }
    }
}

impl NoteSigner for Ed25519Signer {
    fn name(&self) -> &str {
        &self.0.name
    }
    fn key_id(&self) -> u32 {
        self.0.key_id
    }
    fn sign(&self, text: &[u8]) -> Vec<u8> {
        self.0.key.sign(text).to_bytes().to_vec()
    }
}

/// An Ed25519 note verifier key (signature type 0x01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Ed25519Verifier {
    /// A verifier for a name and a 32-byte public key.
    pub fn new(name: &str, public_key: &[u8; 32]) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::BadName(name.to_owned()));
        }
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, ALG_ED25519, public_key),
            key: verifying_key_from(public_key)?,
        })
    }

    /// Parses `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub fn from_vkey(vkey: &str) -> Result<Self, KeyError> {
        let parts = parse_key_parts(vkey)?;
        if parts.key_type != ALG_ED25519 {
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

    /// The verifier key string, `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub fn vkey(&self) -> String {
        format_key(&self.name, self.key_id, ALG_ED25519, self.key.as_bytes())
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl fmt::Display for Ed25519Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vkey())
    }
}

impl FromStr for Ed25519Verifier {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        Self::from_vkey(s)
    }
}

impl NoteVerifier for Ed25519Verifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.key_id
    }
    fn verify(&self, text: &[u8], signature: &[u8]) -> bool {
        ed25519_verify(&self.key, text, signature)
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// Key name.
    pub name: String,
    /// Key id (first four bytes of the encoded signature).
    pub key_id: u32,
    /// The signature proper, after the key id.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The line as it appears in a note, newline included.
    pub fn line(&self) -> String {
        let mut raw = Vec::with_capacity(4 + self.signature.len());
        raw.extend_from_slice(&self.key_id.to_be_bytes());
        raw.extend_from_slice(&self.signature);
        format!("{SIG_PREFIX}{} {}\n", self.name, B64.encode(raw))
    }
}

/// A note: text plus signatures, not yet checked against any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

/// A note with at least one signature by a trusted key that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNote {
    /// The signed text, final newline included.
    pub text: String,
    /// Signatures by trusted keys, all of which verified (one per key).
    pub verified: Vec<NoteSignature>,
    /// Signatures by keys not in the trusted set, left unchecked.
    pub unverified: Vec<NoteSignature>,
}

fn check_chars(s: &str) -> Result<(), NoteError> {
    if s.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::ControlCharacter);
    }
    Ok(())
}

impl Note {
    /// An unsigned note. The text must end with a newline and contain no
    /// control characters other than newline.
    pub fn new(text: impl Into<String>) -> Result<Self, NoteError> {
        let text = text.into();
        check_chars(&text)?;
        if !text.ends_with('\n') {
            return Err(NoteError::TextWithoutNewline);
        }
        Ok(Self {
            text,
            signatures: Vec::new(),
        })
    }

    /// Parses a signed note's syntax without checking any signature.
    ///
    /// The text ends at the last blank line; everything after it must be
    /// signature lines, each ending in a newline.
    pub fn parse(msg: impl AsRef<[u8]>) -> Result<Self, NoteError> {
        let msg = std::str::from_utf8(msg.as_ref()).map_err(|_| NoteError::NotUtf8)?;
        check_chars(msg)?;
        let split = msg.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
        let (text, sigs) = (&msg[..split + 1], &msg[split + 2..]);
        if sigs.is_empty() {
            return Err(NoteError::NoSignatures);
        }
        let sigs = sigs
            .strip_suffix('\n')
            .ok_or(NoteError::MissingFinalNewline)?;
        let mut signatures = Vec::new();
        for (i, line) in sigs.split('\n').enumerate() {
            let n = i + 1;
            if signatures.len() == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures);
            }
            let body = line
                .strip_prefix(SIG_PREFIX)
                .ok_or(NoteError::BadSignatureLine(n))?;
            let (name, b64) = body.split_once(' ').ok_or(NoteError::BadSignatureLine(n))?;
            if !is_valid_key_name(name) {
                return Err(NoteError::BadKeyName(n));
            }
            let raw = B64
                .decode(b64)
                .map_err(|_| NoteError::BadSignatureEncoding(n))?;
            if raw.len() < 5 {
                return Err(NoteError::BadSignatureEncoding(n));
            }
            signatures.push(NoteSignature {
                name: name.to_owned(),
                key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
                signature: raw[4..].to_vec(),
            });
        }
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The text, final newline included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The signatures, in order.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Adds an already made signature line (for example a cosignature),
    /// replacing any earlier one by the same key.
    pub fn add_signature(&mut self, sig: NoteSignature) -> Result<(), NoteError> {
        if !is_valid_key_name(&sig.name) {
            return Err(NoteError::BadKeyName(self.signatures.len() + 1));
        }
        if sig.signature.is_empty() {
            return Err(NoteError::BadSignatureEncoding(self.signatures.len() + 1));
        }
        self.signatures
            .retain(|s| !(s.name == sig.name && s.key_id == sig.key_id));
        if self.signatures.len() == MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        self.signatures.push(sig);
        Ok(())
    }

    /// Signs the text, replacing any earlier signature by the same key.
    pub fn sign(&mut self, signer: &dyn NoteSigner) -> Result<(), NoteError> {
        let sig = NoteSignature {
            name: signer.name().to_owned(),
            key_id: signer.key_id(),
            signature: signer.sign(self.text.as_bytes()),
        };
        self.add_signature(sig)
    }

    /// Checks the signatures against a set of trusted keys.
    ///
    /// Signatures by keys not in `trusted` (matched on name *and* key id)
    /// are ignored; every signature by a trusted key must verify; at least
    /// one must be present. Two trusted keys with the same name and id make
    /// any signature by them ambiguous, which is an error.
    pub fn verify(&self, trusted: &[&dyn NoteVerifier]) -> Result<VerifiedNote, NoteError> {
        let mut verified: Vec<NoteSignature> = Vec::new();
        let mut unverified: Vec<NoteSignature> = Vec::new();
        for sig in &self.signatures {
            let mut matching = trusted
                .iter()
                .filter(|v| v.name() == sig.name && v.key_id() == sig.key_id);
            let Some(v) = matching.next() else {
                if !unverified.contains(sig) {
                    unverified.push(sig.clone());
                }
                continue;
            };
            if matching.next().is_some() {
                return Err(NoteError::AmbiguousKey {
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                });
            }
            if !v.verify(self.text.as_bytes(), &sig.signature) {
                return Err(NoteError::InvalidSignature {
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                });
            }
            if !verified
                .iter()
                .any(|s| s.name == sig.name && s.key_id == sig.key_id)
            {
                verified.push(sig.clone());
            }
        }
        if verified.is_empty() {
            return Err(NoteError::NoTrustedSignature);
        }
        Ok(VerifiedNote {
            text: self.text.clone(),
            verified,
            unverified,
        })
    }
}

impl fmt::Display for Note {
    /// The signed-note encoding: text, blank line, signature lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        f.write_str("\n")?;
        for s in &self.signatures {
            f.write_str(&s.line())?;
        }
        Ok(())
    }
}

/// Parses a signed note and checks it against trusted keys in one step.
pub fn open_note(
    msg: impl AsRef<[u8]>,
    trusted: &[&dyn NoteVerifier],
) -> Result<VerifiedNote, NoteError> {
    Note::parse(msg)?.verify(trusted)
}

/// Signs `text` with every signer and returns the encoded note.
pub fn sign_note(text: &str, signers: &[&dyn NoteSigner]) -> Result<String, NoteError> {
    let mut note = Note::new(text)?;
    for s in signers {
        note.sign(*s)?;
    }
    if note.signatures.is_empty() {
        return Err(NoteError::NoSignatures);
    }
    Ok(note.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_parts_allow_plus_in_base64() {
        let p = parse_key_parts("n+0000abcd+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").unwrap();
        assert_eq!(p.name, "n");
        assert_eq!(p.key_id, 0xabcd);
        assert_eq!(p.key_type, 0x01);
        assert_eq!(p.key.len(), 32);
    }

    #[test]
    fn key_id_accepts_either_hex_case() {
        assert_eq!(
            parse_key_parts("n+ABCDEF01+AQ==").unwrap().key_id,
            0xabcdef01
        );
        assert!(parse_key_parts("n+abcdef0+AQ==").is_err());
        assert!(parse_key_parts("n+abcdef012+AQ==").is_err());
        assert!(parse_key_parts("n+abcdef01+").is_err());
    }

    #[test]
    fn signature_line_format() {
        let s = NoteSignature {
            name: "k".into(),
            key_id: 0x01020304,
            signature: vec![5],
        };
        assert_eq!(s.line(), "\u{2014} k AQIDBAU=\n");
    }

    #[test]
    fn debug_hides_the_secret() {
        let s = Ed25519Signer::from_seed("k", [42; 32]).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("42"), "{shown}");
        assert!(shown.contains("\"k\""));
    }
}
