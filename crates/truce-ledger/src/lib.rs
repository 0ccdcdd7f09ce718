//! Truce's evidence ledger primitives: an append-only Merkle log that anyone
//! can audit with standard transparency-log tools.
//!
//! Everything here is pure logic with no I/O, following the public standards:
//! - RFC 6962 / RFC 9162 Merkle trees, inclusion and consistency proofs
//!   ([`tree`], [`proof`]);
//! - C2SP signed-note ([`note`]), tlog-checkpoint ([`checkpoint`]),
//!   tlog-cosignature ([`cosign`]) and tlog-tiles ([`tiles`]).
//!
//! ```
//! use truce_ledger::{Checkpoint, Ed25519Signer, Tree, leaf_hash, verify_inclusion};
//!
//! let mut tree = Tree::new();
//! for report in ["shelling reported at 04:10", "convoy passed checkpoint 3"] {
//!     tree.append(report.as_bytes())?;
//! }
//! let log_key = Ed25519Signer::from_seed("truce.example/ledger", [7; 32])?;
//! let signed = Checkpoint::new("truce.example/ledger", tree.size(), tree.root()?).sign(&log_key)?;
//!
//! // A monitor trusts only the log's public key.
//! let cp = Checkpoint::open(&signed, &log_key.verifier(), &[])?.checkpoint;
//! let proof = tree.inclusion_proof(1, cp.size)?;
//! verify_inclusion(&leaf_hash(b"convoy passed checkpoint 3"), 1, cp.size, &proof, &cp.root)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod checkpoint;
pub mod cosign;
pub mod frontier;
pub mod hash;
pub mod note;
pub mod proof;
pub mod tiles;
pub mod tree;

pub use checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
pub use cosign::{
    ALG_COSIGNATURE_V1, CosignError, CosignatureVerifier, Cosigner, cosignature_message,
    cosignature_timestamp,
};
pub use frontier::Frontier;
pub use hash::{HASH_LEN, Hash, empty_root, leaf_hash, node_hash};
pub use note::{
    ALG_ED25519, Ed25519Signer, Ed25519Verifier, KeyError, MAX_SIGNATURES, Note, NoteError,
    NoteSignature, NoteSigner, NoteVerifier, VerifiedNote, is_valid_key_name, key_id, open_note,
    sign_note,
};
pub use proof::{ProofError, verify_consistency, verify_inclusion};
pub use tiles::{
    MAX_ENTRY_LEN, TILE_HEIGHT, TILE_WIDTH, TileError, TileId, TilePath, decode_entry_bundle,
    encode_entry_bundle, format_tile_index, parse_tile_path, partial_width, read_tile,
    tiles_between, tiles_for_size,
};
pub use tree::{
    HashStore, MemStore, StoreError, Tree, TreeError, consistency_proof, inclusion_proof, root_at,
};
