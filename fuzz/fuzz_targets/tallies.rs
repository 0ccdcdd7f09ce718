#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::table::Summary;
use truce_ingest::tallies;

fuzz_target!(|data: &[u8]| {
    let mut summary = Summary::new("tallies");
    let mut rows = Vec::new();
    if tallies::read(data, "f.csv", &truce_fuzz::ctx(), &mut summary, |r| {
        rows.push(r)
    })
    .is_ok()
    {
        truce_fuzz::check_rows(&rows, "f.csv");
    }
});
