#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::statements::read::{read_jsonl, read_paragraphs};

fuzz_target!(|data: &[u8]| {
    let tz = jiff::tz::TimeZone::UTC;
    // Both readers; each item names a line from 1, in order, and its index.
    for paragraphs in [false, true] {
        let mut items = Vec::new();
        let done = if paragraphs {
            read_paragraphs(data, "f.txt", "src", "2025-04-01", None, &tz, |i| {
                items.push(i)
            })
        } else {
            read_jsonl(data, "f.jsonl", &tz, |i| items.push(i))
        };
        if done.is_ok() {
            let mut last = 0;
            for (k, i) in items.iter().enumerate() {
                assert_eq!(i.index, k, "items are numbered in order");
                assert!(
                    i.line >= 1 && i.line > last,
                    "lines ascend ({last} then {})",
                    i.line
                );
                last = i.line;
            }
        }
    }
});
