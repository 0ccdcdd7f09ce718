//! Point lookups per second against the embedded region boundaries, over a
//! mix of Ukrainian, Russian, neighbouring and sea points; and the cost of
//! parsing the embedded file.
//!
//! `CARGO_TARGET_DIR=/tmp/target-regions cargo bench -p truce-geo --bench regions`

use divan::counter::ItemsCount;
use truce_geo::Regions;
use truce_model::LatLon;

fn main() {
    divan::main();
}

const POINTS: &[(f64, f64)] = &[
    (44.95, 34.10),
    (44.60, 33.52),
    (46.49, 30.74),
    (49.99, 36.23),
    (50.45, 30.52),
    (48.00, 37.80),
    (47.84, 35.14),
    (51.19, 35.27),
    (50.60, 36.59),
    (47.23, 39.72),
    (47.01, 28.86),
    (53.90, 27.57),
    (43.50, 34.00),
    (46.00, 36.50),
    (55.75, 37.62),
    (49.84, 24.03),
];

/// A grid over the whole covered area (19–45° E, 40–56° N), land and sea.
fn grid() -> Vec<LatLon> {
    let mut out = Vec::new();
    for i in 0..40 {
        for j in 0..25 {
            out.push(LatLon::new(40.0 + 0.4 * i as f64, 19.0 + 1.04 * j as f64));
        }
    }
    out
}

#[divan::bench]
fn locate_cities(bencher: divan::Bencher) {
    let regions = Regions::embedded();
    let points: Vec<LatLon> = POINTS.iter().map(|&(a, b)| LatLon::new(a, b)).collect();
    bencher.counter(ItemsCount::new(points.len())).bench(|| {
        for &p in &points {
            divan::black_box(regions.locate(divan::black_box(p)));
        }
    });
}

#[divan::bench]
fn locate_grid(bencher: divan::Bencher) {
    let regions = Regions::embedded();
    let points = grid();
    bencher.counter(ItemsCount::new(points.len())).bench(|| {
        for &p in &points {
            divan::black_box(regions.locate(divan::black_box(p)));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn parse_embedded() -> Regions {
    Regions::from_geojson(include_str!("../data/regions/regions.geojson")).unwrap()
}
