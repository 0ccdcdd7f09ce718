#![no_main]
use libfuzzer_sys::fuzz_target;
use truce_model::agreement::geojson_polygons;
use truce_model::geojson_layer::{feature, features};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A layer, read feature by feature, and a zone file.
    if let Ok(fs) = features(text) {
        for f in &fs {
            let _ = feature(f);
        }
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        let _ = geojson_polygons(&v);
    }
});
