#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_model::agreement::parse_agreement;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Zones are files beside the agreement; here every zone file is missing.
    let load = |p: &str| -> Result<String, String> { Err(format!("{p}: not found")) };
    if let Err(diags) = parse_agreement(text, &load) {
        let lines = text.split('\n').count();
        for d in diags {
            assert!(
                d.line >= 1 && d.line <= lines,
                "diagnostic line {} of {lines}",
                d.line
            );
        }
    }
});
