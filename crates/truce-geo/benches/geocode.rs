//! Names resolved per second against the full embedded gazetteer, over a mix
//! of exact, transliterated, declined and unknown names; and the cost of
//! parsing and indexing the embedded file.
//!
//! `CARGO_TARGET_DIR=/tmp/target-geo cargo bench -p truce-geo --bench geocode`

use divan::counter::ItemsCount;
use truce_geo::Gazetteer;

fn main() {
    divan::main();
}

const EXACT: &[&str] = &[
    "Kyiv",
    "Харків",
    "Одесса",
    "Bakhmut",
    "Artemovsk",
    "Kursk",
    "Sudzha",
    "Kherson oblast",
    "Запорожская область",
    "Pokrovsk",
    "Mykolaiv",
    "Izium",
];
const TRANSLITERATED: &[&str] = &[
    "Khmelnitskyi",
    "Zaporizzhia",
    "Ірпінь",
    "Kupyansk",
    "Lugansk",
    "Cherkassy",
    "Odessa",
    "Chuguev",
    "Hlukhov",
    "Kremennaya",
    "Izyum",
    "Vyshgorod",
];
const DECLINED: &[&str] = &[
    "у Харкові",
    "в Одессе",
    "під Києвом",
    "в Курске",
    "Запорожской области",
    "Херсонщини",
    "у Новій Каховці",
    "в Кривом Роге",
    "біля Покровська",
    "около Белгорода",
    "Золочів Львівської області",
    "в Одесской области",
];
const UNKNOWN: &[&str] = &[
    "Atlantis",
    "Kyivv",
    "Нарнія",
    "Dnipro river bank",
    "Zzyzx",
    "Київ Харків",
    "Gotham City",
    "Ленинград",
    "Springfield",
    "Хогвартс",
    "Kherson Krai",
    "Middle-earth",
];

fn run(queries: &[&str], bencher: divan::Bencher) {
    let g = Gazetteer::embedded();
    bencher.counter(ItemsCount::new(queries.len())).bench(|| {
        for q in queries {
            divan::black_box(g.resolve(divan::black_box(q), None));
        }
    });
}

#[divan::bench]
fn exact(bencher: divan::Bencher) {
    run(EXACT, bencher);
}

#[divan::bench]
fn transliterated(bencher: divan::Bencher) {
    run(TRANSLITERATED, bencher);
}

#[divan::bench]
fn declined(bencher: divan::Bencher) {
    run(DECLINED, bencher);
}

#[divan::bench]
fn not_found(bencher: divan::Bencher) {
    run(UNKNOWN, bencher);
}

#[divan::bench]
fn mixed(bencher: divan::Bencher) {
    let all: Vec<&str> = [EXACT, TRANSLITERATED, DECLINED, UNKNOWN].concat();
    run(&all, bencher);
}

/// Startup: parsing and indexing the embedded file (what the first
/// `Gazetteer::embedded()` call costs).
#[divan::bench(sample_count = 10)]
fn parse_and_index() -> Gazetteer {
    Gazetteer::from_tsv(include_str!("../data/gazetteer.tsv")).expect("valid")
}
