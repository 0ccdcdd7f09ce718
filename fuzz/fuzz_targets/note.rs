#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_ledger::Note;

fuzz_target!(|data: &[u8]| {
    if let Ok(n) = Note::parse(data) {
        // The text alone makes a valid unsigned note.
        assert!(
            Note::new(n.text()).is_ok(),
            "a parsed note's text is a valid note"
        );
        let _ = n.verify(&[]);
    }
});
