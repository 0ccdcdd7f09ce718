//! The log's Merkle tree (RFC 6962 §2.1) over a pluggable store of
//! complete-subtree hashes.
//!
//! Every root and proof is assembled from hashes of *complete* subtrees (those
//! covering `2^level` leaves starting at a multiple of `2^level`). Those hashes
//! never change once written, so they can live in any append-only storage, and
//! any root or proof needs only O(log n) of them: nothing here rehashes leaves.

use crate::hash::{Hash, empty_root, node_hash};

/// Failure reported by a [`HashStore`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store does not hold a hash that a complete tree must have.
    #[error("the log storage has no hash at level {level}, position {index}")]
    Missing {
        /// Height of the subtree (0 for leaves).
        level: u32,
        /// Position of the subtree within its level.
        index: u64,
    },
    /// The storage behind the store failed.
    #[error("the log storage failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Why a root or proof could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// Asked about a tree larger than the log.
    #[error("tree size {requested} is larger than the {available} entries in the log")]
    SizeTooLarge {
        /// Size asked for.
        requested: u64,
        /// Entries the log holds.
        available: u64,
    },
    /// Asked for an inclusion proof of an entry that is not in the tree.
    #[error("entry {index} is not in a tree of {size} entries")]
    IndexOutOfRange {
        /// Entry asked about.
        index: u64,
        /// Size of the tree.
        size: u64,
    },
    /// Asked for a consistency proof from the empty tree, which by policy has none.
    #[error("there is no consistency proof from an empty tree")]
    ConsistencyFromEmpty,
    /// Asked for a consistency proof from a larger tree to a smaller one.
    #[error("the old tree size {old} is larger than the new tree size {new}")]
    SizesReversed {
        /// The claimed older size.
        old: u64,
        /// The claimed newer size.
        new: u64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Append-only storage of complete-subtree hashes.
///
/// The node at `(level, index)` is the Merkle tree hash of leaves
/// `[index * 2^level, (index + 1) * 2^level)`. A store must hold every such
/// node that lies entirely within its current size.
pub trait HashStore {
    /// Number of leaves stored.
    fn size(&self) -> u64;

    /// Hash of the complete subtree at `(level, index)`.
    fn get(&self, level: u32, index: u64) -> Result<Hash, StoreError>;

    /// Appends a leaf hash, and stores the hash of every complete subtree
    /// this leaf finishes: with `i` the new leaf's index, for each level
    /// `l >= 1` while bit `l - 1` of `i` is set, the node
    /// `(l, i >> l) = node_hash((l-1, (i >> (l-1)) - 1), (l-1, i >> (l-1)))`.
    fn append_leaf_hash(&mut self, leaf_hash: Hash) -> Result<(), StoreError>;
}

/// In-memory [`HashStore`] keeping every level; for tests, tools and small logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemStore {
    /// `levels[l][i]` is the node `(l, i)`.
    levels: Vec<Vec<Hash>>,
}

impl MemStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store with room for `leaves` leaves and all the interior
    /// nodes they complete, so that appending that many never reallocates.
    pub fn with_capacity(leaves: usize) -> Self {
        let mut levels = Vec::new();
        let mut n = leaves;
        while n > 0 {
            levels.push(Vec::with_capacity(n));
            n >>= 1;
        }
        Self { levels }
    }
}

impl HashStore for MemStore {
    fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    fn get(&self, level: u32, index: u64) -> Result<Hash, StoreError> {
        let missing = StoreError::Missing { level, index };
        let row = self.levels.get(level as usize).ok_or(missing)?;
        let i = usize::try_from(index).map_err(|_| StoreError::Missing { level, index })?;
        row.get(i)
            .copied()
            .ok_or(StoreError::Missing { level, index })
    }

    fn append_leaf_hash(&mut self, leaf_hash: Hash) -> Result<(), StoreError> {
        let mut level = 0;
        let mut hash = leaf_hash;
        loop {
            if self.levels.len() <= level {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[level];
            row.push(hash);
            let len = row.len();
            // An even length means the new node is a right child: its parent is now complete.
            if !len.is_multiple_of(2) {
                return Ok(());
            }
            hash = node_hash(&row[len - 2], &row[len - 1]);
            level += 1;
        }
    }
}

/// Largest power of two strictly below `n` (RFC 6962's split point `k`); `n >= 2`.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// Merkle tree hash of leaves `[start, end)`, for ranges that arise in the
/// RFC 6962 recursion: `start` is a multiple of the largest power of two not
/// above `end - start`. The range is the concatenation of complete subtrees,
/// largest first, which the RFC's left-leaning split folds from the right.
fn range_hash<S: HashStore + ?Sized>(store: &S, start: u64, end: u64) -> Result<Hash, StoreError> {
    debug_assert!(start < end);
    let mut parts: Vec<Hash> = Vec::with_capacity(64);
    let mut pos = start;
    while pos < end {
        let level = 63 - (end - pos).leading_zeros();
        debug_assert_eq!(pos % (1 << level), 0, "unaligned range [{start}, {end})");
        parts.push(store.get(level, pos >> level)?);
        pos += 1 << level;
    }
    let mut acc = parts.pop().ok_or(StoreError::Missing {
        level: 0,
        index: start,
    })?;
    while let Some(left) = parts.pop() {
        acc = node_hash(&left, &acc);
    }
    Ok(acc)
}

fn check_size<S: HashStore + ?Sized>(store: &S, size: u64) -> Result<(), TreeError> {
    let available = store.size();
    if size > available {
        return Err(TreeError::SizeTooLarge {
            requested: size,
            available,
        });
    }
    Ok(())
}

/// Root hash of the first `size` leaves (RFC 6962 MTH).
pub fn root_at<S: HashStore + ?Sized>(store: &S, size: u64) -> Result<Hash, TreeError> {
    check_size(store, size)?;
    if size == 0 {
        return Ok(empty_root());
    }
    Ok(range_hash(store, 0, size)?)
}

/// Inclusion proof of leaf `index` in the tree of the first `size` leaves
/// (RFC 6962 §2.1.1 PATH), nearest sibling first.
pub fn inclusion_proof<S: HashStore + ?Sized>(
    store: &S,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, TreeError> {
    check_size(store, size)?;
    if index >= size {
        return Err(TreeError::IndexOutOfRange { index, size });
    }
    // Walk from the root down to the leaf; the RFC lists siblings leaf-upwards.
    let (mut lo, mut hi, mut m) = (0u64, size, index);
    let mut proof = Vec::new();
    while hi - lo > 1 {
        let k = split_point(hi - lo);
        if m < k {
            proof.push(range_hash(store, lo + k, hi)?);
            hi = lo + k;
        } else {
            proof.push(range_hash(store, lo, lo + k)?);
            lo += k;
            m -= k;
        }
    }
    proof.reverse();
    Ok(proof)
}

/// Consistency proof from the tree of the first `old_size` leaves to the tree
/// of the first `new_size` leaves (RFC 6962 §2.1.2 PROOF/SUBPROOF).
///
/// Policy: equal sizes give the empty proof; a proof from size 0 is refused
/// (the empty tree is trivially a prefix, so such a proof proves nothing and
/// verifiers reject it); `old_size > new_size` is refused.
pub fn consistency_proof<S: HashStore + ?Sized>(
    store: &S,
    old_size: u64,
    new_size: u64,
) -> Result<Vec<Hash>, TreeError> {
    check_size(store, new_size)?;
    if old_size > new_size {
        return Err(TreeError::SizesReversed {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 {
        return Err(TreeError::ConsistencyFromEmpty);
    }
    let (mut lo, mut hi, mut m) = (0u64, new_size, old_size);
    // `whole_old`: the current range still starts at leaf 0, so the old root
    // itself is known to the verifier and need not be sent.
    let mut whole_old = true;
    let mut proof = Vec::new();
    loop {
        let n = hi - lo;
        if m == n {
            if !whole_old {
                proof.push(range_hash(store, lo, hi)?);
            }
            break;
        }
        let k = split_point(n);
        if m <= k {
            proof.push(range_hash(store, lo + k, hi)?);
            hi = lo + k;
        } else {
            proof.push(range_hash(store, lo, lo + k)?);
            lo += k;
            m -= k;
            whole_old = false;
        }
    }
    proof.reverse();
    Ok(proof)
}

/// A Merkle tree over a [`HashStore`].
#[derive(Debug, Clone, Default)]
pub struct Tree<S = MemStore> {
    store: S,
}

impl Tree<MemStore> {
    /// An empty in-memory tree.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S: HashStore> Tree<S> {
    /// A tree over an existing store (which may already hold leaves).
    pub fn with_store(store: S) -> Self {
        Self { store }
    }

    /// The underlying store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives back the underlying store.
    pub fn into_store(self) -> S {
        self.store
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.store.size()
    }

    /// Appends an entry, returning its index.
    pub fn append(&mut self, entry: &[u8]) -> Result<u64, StoreError> {
        self.append_leaf_hash(crate::hash::leaf_hash(entry))
    }

    /// Appends an already computed leaf hash, returning its index.
    pub fn append_leaf_hash(&mut self, leaf_hash: Hash) -> Result<u64, StoreError> {
        let index = self.store.size();
        self.store.append_leaf_hash(leaf_hash)?;
        Ok(index)
    }

    /// Leaf hash at `index`.
    pub fn leaf_hash(&self, index: u64) -> Result<Hash, TreeError> {
        let size = self.size();
        if index >= size {
            return Err(TreeError::IndexOutOfRange { index, size });
        }
        Ok(self.store.get(0, index)?)
    }

    /// Root hash of the whole tree.
    pub fn root(&self) -> Result<Hash, TreeError> {
        root_at(&self.store, self.size())
    }

    /// Root hash of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, TreeError> {
        root_at(&self.store, size)
    }

    /// See [`inclusion_proof`].
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        inclusion_proof(&self.store, index, size)
    }

    /// See [`consistency_proof`].
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<Hash>, TreeError> {
        consistency_proof(&self.store, old_size, new_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use std::cell::Cell;

    /// Counts reads so the O(log n) promise is checked, not just stated.
    struct Counting {
        inner: MemStore,
        reads: Cell<u64>,
    }

    impl HashStore for Counting {
        fn size(&self) -> u64 {
            self.inner.size()
        }
        fn get(&self, level: u32, index: u64) -> Result<Hash, StoreError> {
            self.reads.set(self.reads.get() + 1);
            self.inner.get(level, index)
        }
        fn append_leaf_hash(&mut self, h: Hash) -> Result<(), StoreError> {
            self.inner.append_leaf_hash(h)
        }
    }

    #[test]
    fn split_point_is_largest_power_below() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(8), 4);
        assert_eq!(split_point(9), 8);
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn mem_store_keeps_complete_levels() {
        let mut s = MemStore::with_capacity(5);
        for i in 0..5u8 {
            s.append_leaf_hash(leaf_hash(&[i])).unwrap();
        }
        assert_eq!(s.size(), 5);
        assert_eq!(
            s.levels.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![5, 2, 1]
        );
        assert!(s.get(1, 2).is_err());
        assert!(s.get(3, 0).is_err());
        assert_eq!(
            s.get(1, 1).unwrap(),
            node_hash(&leaf_hash(&[2]), &leaf_hash(&[3]))
        );
    }

    #[test]
    fn with_capacity_does_not_reallocate() {
        let mut s = MemStore::with_capacity(1000);
        let caps: Vec<usize> = s.levels.iter().map(Vec::capacity).collect();
        for i in 0..1000u32 {
            s.append_leaf_hash(leaf_hash(&i.to_be_bytes())).unwrap();
        }
        let after: Vec<usize> = s.levels.iter().map(Vec::capacity).collect();
        assert_eq!(caps, after);
    }

    #[test]
    fn reads_are_logarithmic() {
        let mut store = Counting {
            inner: MemStore::new(),
            reads: Cell::new(0),
        };
        let n: u64 = 5000;
        for i in 0..n {
            store.append_leaf_hash(leaf_hash(&i.to_be_bytes())).unwrap();
        }
        // log2(5000) < 13; each operation reads at most a few times that.
        let bound = 3 * 13;
        for size in [1, 2, 3, 1000, 4095, 4096, 4097, 4999, 5000] {
            store.reads.set(0);
            root_at(&store, size).unwrap();
            assert!(store.reads.get() <= 13, "root {size}");
            for index in [0, size / 3, size - 1] {
                store.reads.set(0);
                inclusion_proof(&store, index, size).unwrap();
                assert!(store.reads.get() <= bound, "inclusion {index}/{size}");
            }
            for old in [1, size / 2 + 1, size] {
                store.reads.set(0);
                consistency_proof(&store, old.min(size), size).unwrap();
                assert!(store.reads.get() <= bound, "consistency {old}/{size}");
            }
        }
    }

    #[test]
    fn policy_errors() {
        let mut t = Tree::new();
        for i in 0..4u8 {
            t.append(&[i]).unwrap();
        }
        assert!(matches!(
            t.root_at(5),
            Err(TreeError::SizeTooLarge {
                requested: 5,
                available: 4
            })
        ));
        assert!(matches!(
            t.inclusion_proof(4, 4),
            Err(TreeError::IndexOutOfRange { .. })
        ));
        assert!(matches!(
            t.inclusion_proof(0, 0),
            Err(TreeError::IndexOutOfRange { .. })
        ));
        assert!(matches!(
            t.consistency_proof(0, 3),
            Err(TreeError::ConsistencyFromEmpty)
        ));
        assert!(matches!(
            t.consistency_proof(3, 2),
            Err(TreeError::SizesReversed { old: 3, new: 2 })
        ));
        assert!(t.consistency_proof(3, 3).unwrap().is_empty());
        assert_eq!(t.root_at(0).unwrap(), empty_root());
        assert!(t.leaf_hash(4).is_err());
        assert_eq!(t.leaf_hash(2).unwrap(), leaf_hash(&[2]));
    }
}
