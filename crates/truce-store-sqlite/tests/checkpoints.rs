//! Deferred checkpoints: once the server takes them over, a write that fills
//! the write-ahead log no longer copies it into the database; the caller's
//! checkpoint does.

use truce_store::prelude::*;
use truce_store_sqlite::SqliteStore;

/// Bytes that do not compress (packing would otherwise shrink the entries).
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_deferred_checkpoint_waits_for_the_caller() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    let mut s = SqliteStore::create(&path.to_string_lossy()).expect("create");
    s.checkpoint().expect("checkpoint");
    let size = || std::fs::metadata(&path).expect("db").len();
    let before = size();

    s.defer_checkpoints().expect("defer");
    // About 20 MB in one write: past the 4,096 pages (16 MB) at which SQLite
    // copies the log into the database by itself.
    let entries: Vec<Vec<u8>> = (0..330)
        .map(|i| truce_store::log::encode_entry("reference-data", &noise(60_000, i + 1)))
        .collect();
    s.log_append_batch("reference-data", &entries)
        .expect("append");
    assert_eq!(size(), before, "the write copied the log into the database");

    s.checkpoint().expect("checkpoint");
    assert!(
        size() > before + 15_000_000,
        "the checkpoint copied {} bytes",
        size() - before
    );
    assert_eq!(s.log_size().expect("size"), 330);
}
