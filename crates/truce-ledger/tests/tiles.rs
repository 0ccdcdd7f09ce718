//! Tile paths, the set of tiles for a tree size, tile contents, and entry
//! bundles, checked against the examples in C2SP tlog-tiles.

use std::collections::BTreeSet;

use proptest::prelude::*;
use truce_ledger::{
    HashStore, TileError, TileId, TilePath, Tree, decode_entry_bundle, encode_entry_bundle,
    format_tile_index, leaf_hash, parse_tile_path, partial_width, read_tile, tiles_between,
    tiles_for_size,
};

#[test]
fn tile_index_encoding() {
    assert_eq!(format_tile_index(1234067), "x001/x234/067");
    assert_eq!(format_tile_index(0), "000");
    assert_eq!(format_tile_index(5), "005");
    assert_eq!(format_tile_index(999), "999");
    assert_eq!(format_tile_index(1000), "x001/000");
    assert_eq!(format_tile_index(1_000_000), "x001/x000/000");
    assert_eq!(
        format_tile_index(u64::MAX),
        "x018/x446/x744/x073/x709/x551/615"
    );
}

#[test]
fn tile_paths() {
    let full = TileId::new(0, 1234067, 256).unwrap();
    assert_eq!(full.path(), "tile/0/x001/x234/067");
    assert_eq!(full.entries_path(), "tile/entries/x001/x234/067");
    assert!(!full.is_partial());
    let partial = TileId::new(2, 1234067, 8).unwrap();
    assert_eq!(partial.path(), "tile/2/x001/x234/067.p/8");
    assert!(partial.is_partial());
    assert_eq!(
        TileId::new(0, 0, 255).unwrap().entries_path(),
        "tile/entries/000.p/255"
    );
    assert!(matches!(TileId::new(0, 0, 0), Err(TileError::BadWidth(0))));
    assert!(matches!(
        TileId::new(0, 0, 257),
        Err(TileError::BadWidth(257))
    ));
    assert!(matches!(
        TileId::new(64, 0, 1),
        Err(TileError::BadLevel(64))
    ));
}

#[test]
fn tile_path_parsing() {
    for (path, want) in [
        (
            "tile/0/x001/x234/067",
            TilePath::Hashes(TileId::new(0, 1234067, 256).unwrap()),
        ),
        (
            "tile/2/x001/x234/067.p/8",
            TilePath::Hashes(TileId::new(2, 1234067, 8).unwrap()),
        ),
        (
            "tile/63/000",
            TilePath::Hashes(TileId::new(63, 0, 256).unwrap()),
        ),
        (
            "tile/entries/000.p/1",
            TilePath::Entries(TileId::new(0, 0, 1).unwrap()),
        ),
        (
            "tile/entries/x001/000",
            TilePath::Entries(TileId::new(0, 1000, 256).unwrap()),
        ),
    ] {
        assert_eq!(parse_tile_path(path).unwrap(), want, "{path}");
        let back = match want {
            TilePath::Hashes(t) => t.path(),
            TilePath::Entries(t) => t.entries_path(),
        };
        assert_eq!(back, path);
    }
    for bad in [
        "",
        "tile",
        "tile/0",
        "tile/0/",
        "tile/00/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/0/67",
        "tile/0/0067",
        "tile/0/x067",
        "tile/0/001/234",
        "tile/0/x000/067",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/08",
        "tile/0/000.p/",
        "tile/0/000.p/8/",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tiles/0/000",
        "/tile/0/000",
        "tile/entries/",
        "tile/entry/000",
    ] {
        assert!(parse_tile_path(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn spec_examples_of_tile_sets() {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles,
    // one partial level 0 tile of width 112, one full level 1 tile, one
    // partial level 1 tile of width 17, and one partial level 2 tile of width 1."
    let tiles = tiles_for_size(70_000);
    let count = |level: u8, full: bool| {
        tiles
            .iter()
            .filter(|t| t.level == level && t.is_partial() != full)
            .count()
    };
    assert_eq!(count(0, true), 273);
    assert_eq!(count(0, false), 1);
    assert_eq!(count(1, true), 1);
    assert_eq!(count(1, false), 1);
    assert_eq!(count(2, false), 1);
    assert_eq!(tiles.len(), 277);
    assert!(tiles.contains(&TileId::new(0, 273, 112).unwrap()));
    assert!(tiles.contains(&TileId::new(1, 1, 17).unwrap()));
    assert!(tiles.contains(&TileId::new(2, 0, 1).unwrap()));
    assert_eq!(partial_width(0, 70_000), 112);
    assert_eq!(partial_width(1, 70_000), 17);
    assert_eq!(partial_width(2, 70_000), 1);
    assert_eq!(partial_width(3, 70_000), 0);

    // "a tree of size 256 will be represented by a full level 0 tile and a
    // partial level 1 tile of width 1."
    assert_eq!(
        tiles_for_size(256),
        vec![
            TileId::new(0, 0, 256).unwrap(),
            TileId::new(1, 0, 1).unwrap()
        ]
    );
    assert!(tiles_for_size(0).is_empty());
    assert_eq!(tiles_for_size(1), vec![TileId::new(0, 0, 1).unwrap()]);
    assert_eq!(partial_width(7, u64::MAX), 255);
    assert_eq!(partial_width(8, u64::MAX), 0);
}

proptest! {
    #[test]
    fn tiles_between_is_what_changed(a in 0u64..200_000, b in 0u64..200_000) {
        let (old, new) = (a.min(b), a.max(b));
        let before: BTreeSet<TileId> = tiles_for_size(old).into_iter().collect();
        let after: BTreeSet<TileId> = tiles_for_size(new).into_iter().collect();
        let want: BTreeSet<TileId> = after.difference(&before).copied().collect();
        let got: BTreeSet<TileId> = tiles_between(old, new).into_iter().collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn entry_bundles_round_trip(entries in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..40)) {
        let bundle = encode_entry_bundle(&entries).unwrap();
        let back = decode_entry_bundle(&bundle).unwrap();
        prop_assert_eq!(back, entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
        // Any proper prefix that cuts an entry short is refused.
        for cut in 0..bundle.len() {
            if let Ok(parts) = decode_entry_bundle(&bundle[..cut]) {
                // Only prefixes ending exactly on an entry boundary decode.
                let reencoded = encode_entry_bundle(&parts).unwrap();
                prop_assert_eq!(reencoded.as_slice(), &bundle[..cut]);
            }
        }
    }
}

#[test]
fn entry_bundle_limits() {
    let max = vec![0xab; 65535];
    let bundle = encode_entry_bundle([max.as_slice(), b"", b"x"]).unwrap();
    assert_eq!(&bundle[..2], &[0xff, 0xff]);
    assert_eq!(
        decode_entry_bundle(&bundle).unwrap(),
        vec![max.as_slice(), b"", b"x"]
    );
    let too_big = vec![0; 65536];
    assert!(matches!(
        encode_entry_bundle([too_big]),
        Err(TileError::EntryTooLong(65536))
    ));
    assert!(decode_entry_bundle(&[]).unwrap().is_empty());
    assert!(matches!(
        decode_entry_bundle(&[0]),
        Err(TileError::Truncated)
    ));
    assert!(matches!(
        decode_entry_bundle(&[0, 5, 1, 2, 3]),
        Err(TileError::Truncated)
    ));
}

#[test]
fn tile_contents_come_from_the_tree() {
    let size = 70_000u64;
    let mut t = Tree::new();
    let mut entries = Vec::new();
    for i in 0..size {
        let e = format!("entry {i}").into_bytes();
        t.append(&e).unwrap();
        entries.push(e);
    }
    let store = t.store();

    // Level 0: leaf hashes, matching the entry bundle.
    let tile = read_tile(store, TileId::new(0, 5, 256).unwrap()).unwrap();
    assert_eq!(tile.len(), 256 * 32);
    let bundle = encode_entry_bundle(&entries[5 * 256..6 * 256]).unwrap();
    for (i, e) in decode_entry_bundle(&bundle).unwrap().iter().enumerate() {
        assert_eq!(&tile[i * 32..(i + 1) * 32], &leaf_hash(e));
    }

    // Level 1: each hash is the root of 256 consecutive entries.
    let subtree_root = |start: usize, len: usize| {
        let mut sub = Tree::new();
        for e in &entries[start..start + len] {
            sub.append(e).unwrap();
        }
        sub.root().unwrap()
    };
    let tile = read_tile(store, TileId::new(1, 1, 17).unwrap()).unwrap();
    assert_eq!(tile.len(), 17 * 32);
    for i in [0usize, 9, 16] {
        let n = 256 + i;
        assert_eq!(&tile[i * 32..(i + 1) * 32], &subtree_root(n * 256, 256));
    }

    // Level 2, width 1: the root of the first 65,536 entries.
    let tile = read_tile(store, TileId::new(2, 0, 1).unwrap()).unwrap();
    assert_eq!(tile, t.root_at(65_536).unwrap().to_vec());

    // Every tile of the tree can be built; none beyond it can.
    for id in tiles_for_size(size) {
        assert_eq!(
            read_tile(store, id).unwrap().len(),
            usize::from(id.width) * 32
        );
    }
    for bad in [
        TileId::new(0, 273, 113).unwrap(),
        TileId::new(0, 274, 1).unwrap(),
        TileId::new(1, 1, 18).unwrap(),
        TileId::new(2, 0, 2).unwrap(),
        TileId::new(3, 0, 1).unwrap(),
        TileId::new(63, u64::MAX, 256).unwrap(),
    ] {
        assert!(
            matches!(read_tile(store, bad), Err(TileError::BeyondTree { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(store.size(), size);
}
