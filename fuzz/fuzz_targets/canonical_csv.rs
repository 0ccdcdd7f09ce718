#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::canonical::read_csv;

fuzz_target!(|data: &[u8]| {
    let mut rows = Vec::new();
    if read_csv(data, "f.csv", &truce_fuzz::ctx(), |r| rows.push(r)).is_ok() {
        truce_fuzz::check_rows(&rows, "f.csv");
    }
});
