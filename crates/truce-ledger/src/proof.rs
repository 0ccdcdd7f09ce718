//! Verification of inclusion and consistency proofs (RFC 9162 §2.1.3.2 and
//! §2.1.4.2), the checks a monitor or witness runs without trusting the log.
//!
//! Edge-case policy, applied before any hashing:
//! - inclusion: `leaf_index >= tree_size` is rejected (so is any proof in
//!   the empty tree, which has no leaves);
//! - consistency: `old_size > new_size` is rejected; a proof from size 0 is
//!   rejected (the empty tree is a prefix of every tree, so such a "proof"
//!   carries no evidence and is more likely a client bug); for equal sizes
//!   only the empty proof is valid, and only when the two roots are equal;
//!   for different sizes an empty proof is rejected.

use crate::hash::{Hash, node_hash};

/// Why a proof did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not inside the tree.
    #[error("entry {index} is not in a tree of {size} entries")]
    IndexOutOfRange {
        /// Leaf index claimed.
        index: u64,
        /// Tree size claimed.
        size: u64,
    },
    /// The proof has too many or too few hashes for the claimed sizes.
    #[error("the proof has the wrong number of hashes for these tree sizes")]
    WrongLength,
    /// The inclusion proof leads to a different root.
    #[error("inclusion proof does not match the checkpoint root")]
    InclusionRootMismatch,
    /// Consistency proofs from the empty tree are refused by policy.
    #[error("a consistency proof cannot start from an empty tree")]
    FromEmptyTree,
    /// The "old" tree is larger than the "new" one.
    #[error("the old tree size {old} is larger than the new tree size {new}")]
    SizesReversed {
        /// Older size claimed.
        old: u64,
        /// Newer size claimed.
        new: u64,
    },
    /// Two trees of the same size have different roots: the log forked.
    #[error("two checkpoints of the same size have different roots")]
    EqualSizesDifferentRoots,
    /// The proof does not reproduce the old root.
    #[error("consistency proof does not match the old checkpoint root")]
    OldRootMismatch,
    /// The proof does not reproduce the new root.
    #[error("consistency proof does not match the new checkpoint root")]
    NewRootMismatch,
}

/// Checks that `leaf_hash` is the leaf at `leaf_index` in the tree of
/// `tree_size` leaves whose root is `root`, given the RFC 6962 audit path
/// `proof` (nearest sibling first).
pub fn verify_inclusion(
    leaf_hash: &Hash,
    leaf_index: u64,
    tree_size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if leaf_index >= tree_size {
        return Err(ProofError::IndexOutOfRange {
            index: leaf_index,
            size: tree_size,
        });
    }
    let mut fnode = leaf_index;
    let mut snode = tree_size - 1;
    let mut r = *leaf_hash;
    for p in proof {
        if snode == 0 {
            return Err(ProofError::WrongLength);
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                // Right border of the tree: skip levels where this node has no sibling.
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(ProofError::WrongLength);
    }
    if r != *root {
        return Err(ProofError::InclusionRootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a
/// prefix of the tree of `new_size` leaves with root `new_root`, given the
/// RFC 6962 consistency proof `proof`. See the module docs for the policy on
/// empty trees, equal sizes and empty proofs.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizesReversed {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 {
        return Err(ProofError::FromEmptyTree);
    }
    if old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        if old_root != new_root {
            return Err(ProofError::EqualSizesDifferentRoots);
        }
        return Ok(());
    }
    let Some((first, rest)) = proof.split_first() else {
        return Err(ProofError::WrongLength);
    };
    // When the old tree is a complete subtree, the proof omits its root,
    // which the verifier already has (RFC 9162 step 2 prepends it).
    let (seed, rest) = if old_size.is_power_of_two() {
        (old_root, proof)
    } else {
        (first, rest)
    };
    let mut fnode = old_size - 1;
    let mut snode = new_size - 1;
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let mut fr = *seed;
    let mut sr = *seed;
    for c in rest {
        if snode == 0 {
            return Err(ProofError::WrongLength);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    if sr != *new_root {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{empty_root, leaf_hash};
    use crate::tree::Tree;

    fn tree(n: u8) -> Tree {
        let mut t = Tree::new();
        for i in 0..n {
            t.append(&[i]).unwrap();
        }
        t
    }

    #[test]
    fn inclusion_policy() {
        let t = tree(4);
        let root = t.root().unwrap();
        let proof = t.inclusion_proof(3, 4).unwrap();
        assert_eq!(
            verify_inclusion(&leaf_hash(&[3]), 3, 4, &proof, &root),
            Ok(())
        );
        assert_eq!(
            verify_inclusion(&leaf_hash(&[3]), 4, 4, &proof, &root),
            Err(ProofError::IndexOutOfRange { index: 4, size: 4 })
        );
        assert_eq!(
            verify_inclusion(&leaf_hash(&[3]), 0, 0, &[], &empty_root()),
            Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
        );
        // A one-leaf tree: the proof is empty and the root is the leaf hash.
        let one = leaf_hash(b"x");
        assert_eq!(verify_inclusion(&one, 0, 1, &[], &one), Ok(()));
        assert_eq!(
            verify_inclusion(&one, 0, 1, &[one], &one),
            Err(ProofError::WrongLength)
        );
        assert_eq!(
            verify_inclusion(&leaf_hash(&[3]), 3, 4, &proof[..1], &root),
            Err(ProofError::WrongLength)
        );
    }

    #[test]
    fn consistency_policy() {
        let t = tree(7);
        let r3 = t.root_at(3).unwrap();
        let r7 = t.root_at(7).unwrap();
        let p = t.consistency_proof(3, 7).unwrap();
        assert_eq!(verify_consistency(3, 7, &r3, &r7, &p), Ok(()));
        assert_eq!(
            verify_consistency(7, 3, &r7, &r3, &p),
            Err(ProofError::SizesReversed { old: 7, new: 3 })
        );
        assert_eq!(
            verify_consistency(0, 7, &empty_root(), &r7, &[]),
            Err(ProofError::FromEmptyTree)
        );
        assert_eq!(
            verify_consistency(0, 0, &empty_root(), &empty_root(), &[]),
            Err(ProofError::FromEmptyTree)
        );
        assert_eq!(verify_consistency(7, 7, &r7, &r7, &[]), Ok(()));
        assert_eq!(
            verify_consistency(7, 7, &r7, &r3, &[]),
            Err(ProofError::EqualSizesDifferentRoots)
        );
        assert_eq!(
            verify_consistency(7, 7, &r7, &r7, &[r7]),
            Err(ProofError::WrongLength)
        );
        assert_eq!(
            verify_consistency(3, 7, &r3, &r7, &[]),
            Err(ProofError::WrongLength)
        );
        assert_eq!(
            verify_consistency(3, 7, &r7, &r7, &p),
            Err(ProofError::OldRootMismatch)
        );
        assert_eq!(
            verify_consistency(3, 7, &r3, &r3, &p),
            Err(ProofError::NewRootMismatch)
        );
    }

    #[test]
    fn error_messages_are_plain() {
        assert_eq!(
            ProofError::InclusionRootMismatch.to_string(),
            "inclusion proof does not match the checkpoint root"
        );
    }
}
