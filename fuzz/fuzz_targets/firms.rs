#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::firms;
use truce_ingest::table::Summary;

fuzz_target!(|data: &[u8]| {
    let mut summary = Summary::new(firms::NAME);
    let mut rows = Vec::new();
    if firms::read(data, "f.csv", &truce_fuzz::ctx(), None, &mut summary, |r| {
        rows.push(r)
    })
    .is_ok()
    {
        truce_fuzz::check_rows(&rows, "f.csv");
    }
});
