#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ingest::ais::{Decoder, Limits, read};

fuzz_target!(|data: &[u8]| {
    let mut decoder = Decoder::new(Limits::default());
    let mut n = 0u64;
    if read(data, &mut decoder, |_, _| n += 1).is_ok() {
        let _ = decoder.take_problems();
    }
});
