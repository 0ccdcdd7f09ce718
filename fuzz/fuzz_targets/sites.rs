#![no_main]
//! The monitored sites readers (`truce sites import`): CSV and GeoJSON.
//! Every problem names the file and a place in it; what is read is valid.
use libfuzzer_sys::fuzz_target;
use truce_geo::{SiteLocation, SiteRegistry, read_sites_csv, read_sites_geojson};

fuzz_target!(|data: &[u8]| {
    let (sites, problems) = read_sites_csv(data, "s.csv");
    let lines = data.split(|b| *b == b'\n').count();
    for p in &problems {
        assert_eq!(p.file, "s.csv");
        assert!(!p.reason.is_empty());
        if let SiteLocation::Line(n) = p.line_or_feature {
            assert!(n >= 1 && n <= lines, "a problem on line {n} of {lines}");
        }
    }
    for s in &sites {
        assert!(s.point.lat.abs() <= 90.0 && s.point.lon.abs() <= 180.0);
        assert!(s.radius_km.is_finite() && s.radius_km > 0.0);
    }
    // What `truce sites import` does next: a registry, or a refusal.
    let _ = SiteRegistry::from_sites(sites);
    if let Ok(text) = std::str::from_utf8(data) {
        let (_, problems) = read_sites_geojson(text, "s.geojson");
        for p in &problems {
            assert_eq!(p.file, "s.geojson");
            assert!(!p.reason.is_empty());
        }
    }
});
