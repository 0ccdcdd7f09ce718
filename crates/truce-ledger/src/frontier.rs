//! Appending to a log kept in any storage: the tree's right edge (its
//! "frontier") is enough to compute every complete-subtree hash an append
//! finishes, with no reads. A backend writes the entry and the nodes this
//! returns in its own transaction; the algorithm is the same for all.

use crate::hash::{Hash, node_hash};
use crate::tree::{HashStore, StoreError};

/// The right edge of a tree of `size` leaves: for each set bit `l` of
/// `size`, the hash of the complete subtree at level `l` that ends the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    edge: Vec<Option<Hash>>,
}

impl Frontier {
    /// The edge of the empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// Reads the edge of a stored tree of `size` leaves: O(log size) nodes.
    pub fn load(store: &dyn HashStore, size: u64) -> Result<Frontier, StoreError> {
        let mut edge = vec![None; 64];
        for (level, slot) in edge.iter_mut().enumerate() {
            if size >> level == 0 {
                break;
            }
            if (size >> level) & 1 == 1 {
                *slot = Some(store.get(level as u32, (size >> level) - 1)?);
            }
        }
        Ok(Frontier { size, edge })
    }

    /// Leaves in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf hash. Returns its index, and the nodes to store: the
    /// leaf itself at level 0, then each complete subtree it finishes, as
    /// `(level, index, hash)`.
    pub fn append(&mut self, leaf: Hash) -> (u64, Vec<(u32, u64, Hash)>) {
        let i = self.size;
        if self.edge.len() < 64 {
            self.edge.resize(64, None);
        }
        let mut nodes = vec![(0, i, leaf)];
        let mut cur = leaf;
        let mut level = 0usize;
        // Each set low bit of `i` is a left sibling waiting on the edge.
        while (i >> level) & 1 == 1 {
            let left = self.edge[level].take().unwrap_or_default();
            cur = node_hash(&left, &cur);
            level += 1;
            nodes.push((level as u32, i >> level, cur));
        }
        self.edge[level] = Some(cur);
        self.size = i + 1;
        (i, nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use crate::tree::{MemStore, root_at};

    /// A store that keeps what the frontier says to keep, and nothing else.
    #[derive(Default)]
    struct Kept(std::collections::BTreeMap<(u32, u64), Hash>, u64);

    impl HashStore for Kept {
        fn size(&self) -> u64 {
            self.1
        }
        fn get(&self, level: u32, index: u64) -> Result<Hash, StoreError> {
            self.0
                .get(&(level, index))
                .copied()
                .ok_or(StoreError::Missing { level, index })
        }
        fn append_leaf_hash(&mut self, _: Hash) -> Result<(), StoreError> {
            unreachable!("appends go through the frontier")
        }
    }

    #[test]
    fn the_frontier_keeps_the_nodes_a_full_tree_keeps() {
        let mut mem = MemStore::new();
        let mut kept = Kept::default();
        let mut f = Frontier::new();
        for n in 0..300u64 {
            let leaf = leaf_hash(&n.to_be_bytes());
            mem.append_leaf_hash(leaf).unwrap();
            let (i, nodes) = f.append(leaf);
            assert_eq!(i, n);
            for (l, x, h) in nodes {
                assert_eq!(mem.get(l, x).unwrap(), h, "node ({l}, {x}) after leaf {n}");
                kept.0.insert((l, x), h);
            }
            kept.1 = n + 1;
            assert_eq!(
                root_at(&kept, n + 1).unwrap(),
                root_at(&mem, n + 1).unwrap()
            );
            // A frontier read back from the kept nodes continues the same.
            assert_eq!(Frontier::load(&kept, n + 1).unwrap().edge[..8], f.edge[..8]);
        }
    }
}
