#![no_main]
//! The GeoNames reader (`truce gazetteer import`) and the gazetteer's own
//! TSV: a problem names a line inside the input, and a gazetteer built from
//! GeoNames writes a TSV that reads back as the same places.
use libfuzzer_sys::fuzz_target;
use truce_geo::Gazetteer;

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|b| *b == b'\n').count();
    if let Ok((g, problems)) = Gazetteer::from_geonames(data, |_| true) {
        for p in &problems {
            assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
            assert!(!p.reason.is_empty());
        }
        let tsv = g.to_tsv();
        let again = Gazetteer::from_tsv(&tsv).expect("a written gazetteer reads back");
        assert_eq!(again.places().len(), g.places().len());
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Gazetteer::from_tsv(text);
    }
});
