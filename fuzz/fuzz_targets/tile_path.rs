#![no_main]
//! Tiles as served: the path a client asks for is read in its one canonical
//! spelling only, and the tile read for it from a log of any size is either
//! refused or exactly its width in hashes.
use libfuzzer_sys::fuzz_target;
use truce_ledger::tiles::{TilePath, parse_tile_path, read_tile};
use truce_ledger::{HashStore, MemStore, leaf_hash};

fuzz_target!(|data: &[u8]| {
    let (size, path) = match data.split_first() {
        Some((n, rest)) => (*n as u64 * 3, rest),
        None => return,
    };
    let Ok(path) = std::str::from_utf8(path) else {
        return;
    };
    let Ok(parsed) = parse_tile_path(path) else {
        return;
    };
    let (tile, spelled) = match parsed {
        TilePath::Hashes(t) => (t, t.path()),
        TilePath::Entries(t) => (t, t.entries_path()),
    };
    assert_eq!(spelled, path, "one spelling per tile");
    let mut tree = MemStore::new();
    for i in 0..size {
        tree.append_leaf_hash(leaf_hash(&i.to_be_bytes()))
            .expect("appending to a memory tree");
    }
    if let Ok(bytes) = read_tile(&tree, tile) {
        assert_eq!(bytes.len(), usize::from(tile.width) * 32);
    }
});
