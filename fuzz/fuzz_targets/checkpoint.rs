#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ledger::Checkpoint;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Checkpoint::parse(text) {
        // What parses validates, and writes back to a body that parses the same.
        assert!(c.validate().is_ok());
        let body = c.body();
        let again = Checkpoint::parse(&body).expect("a written body parses");
        assert_eq!(again, c);
        assert_eq!(again.body(), body);
    }
});
