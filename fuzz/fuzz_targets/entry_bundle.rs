#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ledger::tiles::{decode_entry_bundle, encode_entry_bundle};

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = decode_entry_bundle(data) {
        // A decoded bundle encodes back to the same bytes.
        let again = encode_entry_bundle(entries.iter().copied()).expect("decoded entries encode");
        assert_eq!(again, data);
    }
});
