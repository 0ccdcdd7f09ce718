//! Nearest-site and link lookups per second among 100,000 sites spread over
//! Ukraine and the Russian border regions; and the cost of building the
//! index.
//!
//! `CARGO_TARGET_DIR=/tmp/target-sites cargo bench -p truce-geo --bench sites`

use std::sync::OnceLock;

use divan::counter::ItemsCount;
use truce_geo::sites::{Site, SiteRegistry};
use truce_model::{LatLon, TargetClass};

fn main() {
    divan::main();
}

const SITES: usize = 100_000;
const QUERIES: usize = 1_000;

/// A small deterministic generator (SplitMix64), so every run measures the
/// same data.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn point(&mut self) -> LatLon {
        LatLon::new(44.0 + 9.0 * self.next_f64(), 22.0 + 19.0 * self.next_f64())
    }
}

const CLASSES: &[TargetClass] = &[
    TargetClass::EnergyPowerPlant,
    TargetClass::EnergySubstation,
    TargetClass::EnergyHydro,
    TargetClass::EnergyOilRefinery,
    TargetClass::EnergyOilPumping,
];

fn sites() -> Vec<Site> {
    let mut rng = SplitMix(7);
    (0..SITES)
        .map(|i| {
            let class = CLASSES[i % CLASSES.len()];
            Site::new(format!("s{i}"), format!("Site {i}"), class, rng.point())
        })
        .collect()
}

fn registry() -> &'static SiteRegistry {
    static R: OnceLock<SiteRegistry> = OnceLock::new();
    R.get_or_init(|| SiteRegistry::from_sites(sites()).unwrap())
}

fn queries() -> Vec<LatLon> {
    let mut rng = SplitMix(99);
    (0..QUERIES).map(|_| rng.point()).collect()
}

#[divan::bench]
fn nearest(bencher: divan::Bencher) {
    let r = registry();
    let q = queries();
    bencher.counter(ItemsCount::new(QUERIES)).bench(|| {
        for p in &q {
            divan::black_box(r.nearest(divan::black_box(*p)));
        }
    });
}

#[divan::bench(args = [TargetClass::Unknown, TargetClass::EnergyHydro, TargetClass::CivilianResidential])]
fn link(bencher: divan::Bencher, target: TargetClass) {
    let r = registry();
    let q = queries();
    bencher.counter(ItemsCount::new(QUERIES)).bench(|| {
        for p in &q {
            divan::black_box(r.link(divan::black_box(*p), 5.0, target));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn build_bulk(bencher: divan::Bencher) {
    bencher
        .counter(ItemsCount::new(SITES))
        .with_inputs(sites)
        .bench_values(|s| SiteRegistry::from_sites(s).unwrap());
}

#[divan::bench(sample_count = 10)]
fn build_by_insert(bencher: divan::Bencher) {
    bencher
        .counter(ItemsCount::new(SITES))
        .with_inputs(sites)
        .bench_values(|s| {
            let mut r = SiteRegistry::new();
            for site in s {
                r.insert(site).unwrap();
            }
            r
        });
}
