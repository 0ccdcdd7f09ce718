//! Proofs of the evidence log in one format, for the command line and the
//! API alike (docs/ledger.md): RFC 6962 audit paths with hashes in standard
//! base64, as in C2SP checkpoints.

use crate::{Error, Result};
use serde::Serialize;
use truce_ledger::Hash;
use truce_store::prelude::*;

/// A hash as proofs and checkpoints write it.
pub fn b64(h: &Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(h)
}

/// That entry `index` is in the tree of `tree_size` entries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InclusionProof {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub index: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    pub root_hash: String,
    pub proof: Vec<String>,
}

/// That the tree of `new_size` entries extends the tree of `old_size`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsistencyProof {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub old_size: u64,
    pub new_size: u64,
    pub old_root: String,
    pub new_root: String,
    pub proof: Vec<String>,
}

/// The size proofs are given in by default: the latest signed checkpoint's,
/// else the whole log.
pub fn default_size(store: &dyn Store) -> Result<u64> {
    Ok(match store.checkpoints()?.pop() {
        Some(c) => c.size,
        None => store.log_size()?,
    })
}

/// An inclusion proof of entry `index` in the tree of `size` entries
/// (default: [`default_size`]). A tree the log never had, or an entry beyond
/// the tree, has none: not found.
pub fn inclusion(store: &dyn Store, index: u64, size: Option<u64>) -> Result<InclusionProof> {
    let n = store.log_size()?;
    let size = match size {
        Some(s) => s,
        None => default_size(store)?,
    };
    if index >= size || size > n {
        return Err(Error::NotFound(format!(
            "entry {index} is not in a tree of {size} entries (the log has {n}; entries are numbered from 0)"
        )));
    }
    let (_, data) = store
        .log_entry(index)?
        .ok_or_else(|| Error::NotFound(format!("entry {index} is missing from the store")))?;
    Ok(InclusionProof {
        kind: "inclusion",
        index,
        tree_size: size,
        leaf_hash: b64(&truce_ledger::leaf_hash(&data)),
        root_hash: b64(&store.log_root(size)?),
        proof: store
            .log_inclusion_proof(index, size)?
            .iter()
            .map(b64)
            .collect(),
    })
}

/// A consistency proof from the tree of `old` entries to that of `new`
/// (default: the whole log). From the empty tree there is none, by policy.
pub fn consistency(store: &dyn Store, old: u64, new: Option<u64>) -> Result<ConsistencyProof> {
    let n = store.log_size()?;
    let new = new.unwrap_or(n);
    if old == 0 {
        return Err(Error::BadRequest(
            "a consistency proof starts from a tree of at least one entry (every tree extends the empty one)".into(),
        ));
    }
    if old > new || new > n {
        return Err(Error::NotFound(format!(
            "sizes {old} and {new} do not fit a log of {n} entries"
        )));
    }
    Ok(ConsistencyProof {
        kind: "consistency",
        old_size: old,
        new_size: new,
        old_root: b64(&store.log_root(old)?),
        new_root: b64(&store.log_root(new)?),
        proof: store
            .log_consistency_proof(old, new)?
            .iter()
            .map(b64)
            .collect(),
    })
}
