#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::canonical::read_jsonl;

fuzz_target!(|data: &[u8]| {
    let mut rows = Vec::new();
    if read_jsonl(data, "f.jsonl", &truce_fuzz::ctx(), |r| rows.push(r)).is_ok() {
        // JSON Lines has no header: the first object is line 1.
        let mut last = 0;
        for r in &rows {
            let line = match r {
                Ok(a) => a.line,
                Err(rej) => {
                    assert!(!rej.reason.is_empty(), "a rejection says why");
                    rej.line
                }
            };
            assert!(
                line >= 1 && line > last,
                "lines ascend from 1 ({last} then {line})"
            );
            last = line;
        }
    }
});
