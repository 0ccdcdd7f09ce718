//! Zone membership per second: points over the Black Sea region against the
//! shipped Black Sea zone, with a report's uncertainty.

use truce_geo::ZoneIndex;
use truce_model::{LatLon, Zone};

fn main() {
    divan::main();
}

fn black_sea() -> ZoneIndex {
    let text = include_str!("../../../agreements/zones/black-sea.geojson");
    let v: serde_json::Value = serde_json::from_str(text).expect("zone file is JSON");
    let polygons = truce_model::agreement::geojson_polygons(&v).expect("zone file is a polygon");
    ZoneIndex::new(&[Zone {
        id: "black-sea".into(),
        name: "Black Sea".into(),
        names: Default::default(),
        polygons,
    }])
    .expect("valid zone")
}

/// A fixed spread of points from the Danube to the Caucasus, land and sea.
fn points() -> Vec<LatLon> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..1000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let lat = 40.5 + (x % 10_000) as f64 / 10_000.0 * 7.0;
            let lon = 27.0 + ((x >> 20) % 10_000) as f64 / 10_000.0 * 15.0;
            LatLon::new(lat, lon)
        })
        .collect()
}

#[divan::bench(items_count = 1000u32)]
fn membership_5km(b: divan::Bencher) {
    let zones = black_sea();
    let pts = points();
    b.bench(|| {
        pts.iter()
            .filter(|p| {
                matches!(
                    zones.membership("black-sea", **p, 5.0),
                    Some(truce_geo::ZoneMembership::Inside { .. })
                )
            })
            .count()
    });
}

#[divan::bench(items_count = 1000u32)]
fn contains(b: divan::Bencher) {
    let zones = black_sea();
    let pts = points();
    b.bench(|| {
        pts.iter()
            .filter(|p| zones.contains("black-sea", **p) == Some(true))
            .count()
    });
}
