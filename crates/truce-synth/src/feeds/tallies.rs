//! Air-attack tallies in the layout of the public Ukrainian Air Force data
//! sets, for the tally adapter's benchmark: one row per attack period and
//! weapon model, with the quirks of the real files (dates with and without
//! a time, hours written without a leading zero, trailing spaces, combined
//! model names, Cyrillic names, empty counts, counts written as `12.0`, a
//! value holding a comma). The attacks are invented.

use jiff::civil::{Date, date};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The header, in the order of the public files (with the optional columns
/// they grew later).
pub const HEADER: [&str; 16] = [
    "time_start",
    "time_end",
    "model",
    "launch_place",
    "target",
    "target_main",
    "carrier",
    "launched",
    "destroyed",
    "not_reach_goal",
    "still_attacking",
    "border_crossing",
    "is_shahed",
    "affected region",
    "destroyed_details",
    "source",
];

const C_TIME_START: usize = 0;
const C_TIME_END: usize = 1;
const C_MODEL: usize = 2;
const C_LAUNCH_PLACE: usize = 3;
const C_TARGET: usize = 4;
const C_TARGET_MAIN: usize = 5;
const C_CARRIER: usize = 6;
const C_LAUNCHED: usize = 7;
const C_DESTROYED: usize = 8;
const C_NOT_REACH_GOAL: usize = 9;
const C_STILL_ATTACKING: usize = 10;
const C_BORDER_CROSSING: usize = 11;
const C_IS_SHAHED: usize = 12;
const C_AFFECTED_REGION: usize = 13;
const C_DESTROYED_DETAILS: usize = 14;
const C_SOURCE: usize = 15;

/// What a model is launched as: how many at once, how many are shot down,
/// from where and by what.
#[derive(Debug, Clone, Copy)]
struct Kind {
    model: &'static str,
    /// How often it appears, relative to the others.
    weight: f64,
    /// How many are launched in one period (inclusive range).
    launched: (u32, u32),
    /// The share destroyed (inclusive range).
    destroyed: (f64, f64),
    /// How many weapon names the model text holds (for one-of-each rows).
    names: u32,
    shahed: bool,
    places: &'static [&'static str],
    carriers: &'static [&'static str],
}

const DRONE_PLACES: &[&str] = &[
    "Kursk oblast",
    "Primorsko-Akhtarsk",
    "Oryol oblast",
    "Bryansk oblast",
    "Millerovo",
    "Shatalovo",
    "Crimea",
    "Kursk oblast and Bryansk oblast",
    "Primorsko-Akhtarsk and Kursk oblast",
];
const AIR_PLACES: &[&str] = &[
    "Saratov oblast",
    "Engels",
    "Volgodonsk",
    "Caspian Sea",
    "Tambov oblast",
    "Kursk oblast",
];
const SEA_PLACES: &[&str] = &["Black Sea", "Novorossiysk", "Black Sea and Caspian Sea"];
const BALLISTIC_PLACES: &[&str] = &[
    "Belgorod oblast",
    "Voronezh oblast",
    "Kursk oblast",
    "Crimea",
    "Rostov oblast",
];
const FRONT_PLACES: &[&str] = &["Zaporizhzhia oblast", "Donetsk oblast", "Kherson oblast"];
const BOMBERS: &[&str] = &["Tu-95MS", "Tu-95MS and Tu-160", "Tu-22M3", ""];
const SHIPS: &[&str] = &["ships of the Black Sea Fleet", "submarine", ""];
const FIGHTERS: &[&str] = &["Su-34", "Su-35", "MiG-31K", ""];
const NONE: &[&str] = &[""];

const fn kind(
    model: &'static str,
    weight: f64,
    launched: (u32, u32),
    destroyed: (f64, f64),
    names: u32,
    places: &'static [&'static str],
    carriers: &'static [&'static str],
) -> Kind {
    Kind {
        model,
        weight,
        launched,
        destroyed,
        names,
        shahed: false,
        places,
        carriers,
    }
}

const fn shahed(model: &'static str, weight: f64, launched: (u32, u32), names: u32) -> Kind {
    Kind {
        model,
        weight,
        launched,
        destroyed: (0.6, 0.95),
        names,
        shahed: true,
        places: DRONE_PLACES,
        carriers: NONE,
    }
}

/// The models of the tallies, roughly as often as the real files name them.
#[rustfmt::skip]
const KINDS: &[Kind] = &[
    shahed("Shahed-136/131", 40.0, (6, 180), 2),
    shahed("Shahed-136/131 and Gerbera", 4.0, (20, 300), 3),
    shahed("Шахед-136/131", 1.0, (5, 60), 2),
    kind("X-101/X-555", 5.0, (2, 60), (0.7, 1.0), 2, AIR_PLACES, BOMBERS),
    kind("X-101/X-555 and Kalibr", 3.0, (10, 90), (0.7, 0.95), 3, AIR_PLACES, BOMBERS),
    kind("Kalibr", 3.0, (2, 24), (0.6, 1.0), 1, SEA_PLACES, SHIPS),
    kind("Калібр", 0.5, (2, 12), (0.6, 1.0), 1, SEA_PLACES, SHIPS),
    kind("Iskander-M", 4.0, (1, 8), (0.0, 0.6), 1, BALLISTIC_PLACES, NONE),
    kind("Iskander-M/KN-23", 3.0, (1, 10), (0.0, 0.7), 2, BALLISTIC_PLACES, NONE),
    kind("X-47 Kinzhal", 1.5, (1, 8), (0.2, 1.0), 1, AIR_PLACES, FIGHTERS),
    kind("X-59/X-69", 2.0, (1, 8), (0.3, 1.0), 2, FRONT_PLACES, FIGHTERS),
    kind("X-22", 1.0, (1, 6), (0.0, 0.3), 1, AIR_PLACES, BOMBERS),
    kind("X-31P", 0.5, (1, 4), (0.5, 1.0), 1, FRONT_PLACES, FIGHTERS),
    kind("C-300", 2.0, (1, 12), (0.0, 0.2), 1, BALLISTIC_PLACES, NONE),
    kind("P-800 Oniks", 0.5, (1, 4), (0.0, 0.5), 1, SEA_PLACES, NONE),
    kind("KAB", 2.0, (5, 60), (0.0, 0.1), 1, FRONT_PLACES, FIGHTERS),
    kind("Orlan-10", 3.0, (1, 6), (0.8, 1.0), 1, FRONT_PLACES, NONE),
    kind("Supercam", 1.5, (1, 3), (0.8, 1.0), 1, FRONT_PLACES, NONE),
    kind("ZALA", 1.5, (1, 3), (0.8, 1.0), 1, FRONT_PLACES, NONE),
    kind("Merlin-VR", 0.8, (1, 2), (0.8, 1.0), 1, FRONT_PLACES, NONE),
    kind("Orlan-10 and ZALA", 1.0, (2, 5), (0.8, 1.0), 2, FRONT_PLACES, NONE),
    kind("Reconnaissance UAV", 2.0, (1, 30), (0.5, 1.0), 1, FRONT_PLACES, NONE),
    kind("Lancet", 1.5, (1, 6), (0.5, 1.0), 1, FRONT_PLACES, NONE),
    kind("Молнія", 0.8, (1, 5), (0.5, 1.0), 1, FRONT_PLACES, NONE),
    kind("Фенікс", 0.3, (1, 2), (1.0, 1.0), 1, FRONT_PLACES, NONE),
    kind("Iskander-M and Kalibr", 1.0, (2, 12), (0.3, 0.9), 2, BALLISTIC_PLACES, SHIPS),
    kind("Iskander-M/KN-23 and X-101/X-555", 1.5, (4, 40), (0.4, 0.9), 4, AIR_PLACES, BOMBERS),
    kind("X-22 and Iskander-M", 0.5, (2, 8), (0.0, 0.5), 2, AIR_PLACES, BOMBERS),
    kind("Shahed-136/131 and Lancet", 0.8, (3, 40), (0.5, 0.9), 3, DRONE_PLACES, NONE),
];

const TARGETS: &[&str] = &[
    "Ukraine",
    "Kyiv oblast",
    "south",
    "east and south",
    "Odesa oblast",
    "Kharkiv oblast",
    "Dnipropetrovsk oblast",
    "north, east and south",
    "Lviv oblast",
    "Mykolaiv oblast",
];
const REGIONS: &[&str] = &[
    "Kyiv oblast",
    "Odesa oblast",
    "Kharkiv oblast",
    "Dnipropetrovsk oblast",
    "Mykolaiv oblast",
    "Sumy oblast",
    "Chernihiv oblast",
    "Zaporizhzhia oblast",
    "Poltava oblast",
    "Lviv oblast",
];

/// Writes a header and `n` tally rows, drawn from `seed` (a seed always gives
/// the same bytes).
pub fn write<W: Write>(n: usize, seed: u64, out: &mut W) -> io::Result<()> {
    write_from(n, seed, date(2022, 10, 1), out)
}

/// As [`write`], with the first day given (the demo's tallies start with the
/// truce it illustrates).
pub fn write_from<W: Write>(n: usize, seed: u64, first: Date, out: &mut W) -> io::Result<()> {
    let mut wtr = csv::Writer::from_writer(out);
    wtr.write_record(HEADER)?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut row: [String; 16] = Default::default();
    let mut day = first;
    let mut written = 0usize;
    let mut today: Vec<usize> = Vec::with_capacity(8);
    while written < n {
        // One to six rows a day, each of a model not yet named that day.
        let rows = rng.gen_range(1..=6).min(n - written);
        today.clear();
        while today.len() < rows {
            let k = pick(&mut rng);
            if !today.contains(&k) {
                today.push(k);
            }
        }
        for &k in &today {
            fill(&mut rng, &mut row, &KINDS[k], day);
            wtr.write_record(row.iter())?;
            written += 1;
        }
        day = day.tomorrow().unwrap_or(date(2022, 10, 1));
    }
    wtr.flush()
}

fn pick(rng: &mut SmallRng) -> usize {
    let total: f64 = KINDS.iter().map(|k| k.weight).sum();
    let mut x = rng.gen_range(0.0..total);
    for (i, k) in KINDS.iter().enumerate() {
        if x < k.weight {
            return i;
        }
        x -= k.weight;
    }
    KINDS.len() - 1
}

fn choose<'a>(rng: &mut SmallRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// A value followed, now and then, by the stray spaces of the real files.
fn put(rng: &mut SmallRng, s: &mut String, v: &str) {
    s.push_str(v);
    if !v.is_empty() && rng.gen_bool(0.05) {
        s.push_str("  ");
    }
}

/// A count, written as pandas writes a column with gaps (`12.0`) in a
/// quarter of the rows.
fn put_count(rng: &mut SmallRng, s: &mut String, n: u32) {
    let _ = write!(s, "{n}");
    if rng.gen_bool(0.25) {
        s.push_str(".0");
    }
}

fn fill(rng: &mut SmallRng, row: &mut [String; 16], k: &Kind, day: Date) {
    for f in row.iter_mut() {
        f.clear();
    }
    // The period: a night (evening to morning), a few daytime hours, a
    // single hour, or a whole day written as dates alone.
    let form = rng.gen_range(0..10);
    if form < 2 {
        let _ = write!(row[C_TIME_START], "{day}");
        let _ = write!(row[C_TIME_END], "{day}");
    } else {
        let (h0, m0, h1, m1, next_day) = match form {
            2..=6 => (
                rng.gen_range(17..24),
                0,
                rng.gen_range(6..11),
                rng.gen_range(0..4) * 15,
                true,
            ),
            7 | 8 => {
                let h = rng.gen_range(5..18);
                (
                    h,
                    rng.gen_range(0..4) * 15,
                    h + rng.gen_range(1..6),
                    0,
                    false,
                )
            }
            _ => {
                let h = rng.gen_range(0..23);
                (h, 0, h, rng.gen_range(10..60), false)
            }
        };
        let end_day = if next_day {
            day.tomorrow().unwrap_or(day)
        } else {
            day
        };
        put_clock(rng, &mut row[C_TIME_START], day, h0, m0);
        put_clock(rng, &mut row[C_TIME_END], end_day, h1, m1);
    }
    put(rng, &mut row[C_MODEL], k.model);
    let place = choose(rng, k.places);
    put(rng, &mut row[C_LAUNCH_PLACE], place);
    let target = choose(rng, TARGETS);
    put(rng, &mut row[C_TARGET], target);
    if rng.gen_bool(0.4) {
        let main = choose(rng, REGIONS);
        put(rng, &mut row[C_TARGET_MAIN], main);
    }
    let carrier = choose(rng, k.carriers);
    put(rng, &mut row[C_CARRIER], carrier);
    // A combined model is, now and then, one of each.
    let launched = if k.names > 1 && rng.gen_bool(0.15) {
        k.names
    } else {
        rng.gen_range(k.launched.0..=k.launched.1)
    };
    let share = rng.gen_range(k.destroyed.0..=k.destroyed.1);
    let destroyed = ((f64::from(launched) * share).round() as u32).min(launched);
    put_count(rng, &mut row[C_LAUNCHED], launched);
    if rng.gen_bool(0.9) {
        put_count(rng, &mut row[C_DESTROYED], destroyed);
    }
    if rng.gen_bool(0.3) {
        let lost = rng.gen_range(0..=launched - destroyed);
        put_count(rng, &mut row[C_NOT_REACH_GOAL], lost);
    }
    if rng.gen_bool(0.05) {
        let still = rng.gen_range(0..4);
        put_count(rng, &mut row[C_STILL_ATTACKING], still);
    }
    if rng.gen_bool(0.2) {
        row[C_BORDER_CROSSING].push_str(if rng.gen_bool(0.5) { "1.0" } else { "0.0" });
    }
    row[C_IS_SHAHED].push_str(if k.shahed { "1.0" } else { "0.0" });
    if rng.gen_bool(0.3) {
        // Holds a comma, so the field is quoted.
        let a = choose(rng, REGIONS);
        let b = choose(rng, REGIONS);
        let _ = write!(row[C_AFFECTED_REGION], "{a}, {b}");
    }
    if destroyed > 1 && rng.gen_bool(0.2) {
        let east = rng.gen_range(0..=destroyed);
        let _ = write!(
            row[C_DESTROYED_DETAILS],
            "east: {east}; south: {}",
            destroyed - east
        );
    }
    if rng.gen_bool(0.85) {
        let _ = write!(
            row[C_SOURCE],
            "https://t.me/kpszsu/{}",
            rng.gen_range(1000..30_000)
        );
    }
}

/// `2025-03-20 08:15`, or with the hour unpadded (`8:15`) as some rows have it.
fn put_clock(rng: &mut SmallRng, s: &mut String, day: Date, h: i32, m: i32) {
    if h < 10 && rng.gen_bool(0.5) {
        let _ = write!(s, "{day} {h}:{m:02}");
    } else {
        let _ = write!(s, "{day} {h:02}:{m:02}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_rows_and_the_count_asked() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(500, 7, &mut a).expect("written");
        write(500, 7, &mut b).expect("written");
        assert_eq!(a, b);
        let mut rdr = csv::Reader::from_reader(&a[..]);
        assert_eq!(rdr.headers().expect("header").len(), HEADER.len());
        assert_eq!(rdr.records().count(), 500);
        let mut none = Vec::new();
        write(0, 7, &mut none).expect("written");
        assert_eq!(csv::Reader::from_reader(&none[..]).records().count(), 0);
    }
}
