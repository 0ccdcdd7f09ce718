//! ACLED event files for the adapter's benchmark, in ACLED's API column
//! order: strikes, shelling, interceptions, clashes and strategic
//! developments in Ukrainian and Russian border towns, with notes that name
//! weapons and targets the way ACLED's do, all three time and geo precision
//! codes, quoted notes holding commas, and now and then an event coded again
//! later (a newer timestamp). The events are invented.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{self, Write};

/// ACLED's API column order.
pub use truce_ingest::acled::API_COLUMNS as HEADER;

/// (location, admin1, lat, lon, country, iso)
const PLACES: [(&str, &str, f64, f64, &str, &str); 10] = [
    ("Kharkiv", "Kharkiv", 49.9935, 36.2304, "Ukraine", "804"),
    ("Odesa", "Odesa", 46.4825, 30.7233, "Ukraine", "804"),
    (
        "Nikopol",
        "Dnipropetrovsk",
        47.5667,
        34.4061,
        "Ukraine",
        "804",
    ),
    ("Kherson", "Kherson", 46.6354, 32.6169, "Ukraine", "804"),
    (
        "Zaporizhzhia",
        "Zaporizhia",
        47.8388,
        35.1396,
        "Ukraine",
        "804",
    ),
    ("Sumy", "Sumy", 50.9077, 34.7981, "Ukraine", "804"),
    ("Pokrovsk", "Donetsk", 48.2820, 37.1758, "Ukraine", "804"),
    ("Kyiv", "Kyiv City", 50.4501, 30.5234, "Ukraine", "804"),
    ("Sudzha", "Kursk", 51.1917, 35.2719, "Russia", "643"),
    ("Belgorod", "Belgorod", 50.5954, 36.5873, "Russia", "643"),
];

/// (event type, sub-event type, weight)
const KINDS: [(&str, &str, u32); 8] = [
    ("Explosions/Remote violence", "Air/drone strike", 30),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        35,
    ),
    ("Strategic developments", "Disrupted weapons use", 10),
    ("Battles", "Armed clash", 12),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        4,
    ),
    ("Strategic developments", "Looting/property destruction", 3),
    ("Violence against civilians", "Attack", 3),
    ("Strategic developments", "Other", 3),
];

const WEAPONS: [&str; 7] = [
    "Shahed drones",
    "a guided aerial bomb",
    "an Iskander-M ballistic missile",
    "Kalibr cruise missiles",
    "Grad MLRS",
    "FPV drones",
    "artillery",
];
const TARGETS: [&str; 7] = [
    "a residential building",
    "a substation",
    "a thermal power plant",
    "an oil depot",
    "a hospital",
    "a railway station",
    "farmland",
];
const RU: &str = "Military Forces of Russia (2000-)";
const UA: &str = "Military Forces of Ukraine (2019-)";

/// Writes a header and `n` events drawn from `seed`.
pub fn write<W: Write>(n: usize, seed: u64, out: &mut W) -> io::Result<()> {
    let mut wtr = csv::Writer::from_writer(out);
    wtr.write_record(HEADER)?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let total: u32 = KINDS.iter().map(|k| k.2).sum();
    let start = jiff::civil::date(2024, 1, 1);
    let mut row: Vec<String> = vec![String::new(); HEADER.len()];
    for i in 0..n {
        let mut x = rng.gen_range(0..total);
        let kind = KINDS
            .iter()
            .find(|k| {
                if x < k.2 {
                    true
                } else {
                    x -= k.2;
                    false
                }
            })
            .unwrap_or(&KINDS[0]);
        let place = PLACES[rng.gen_range(0..PLACES.len())];
        let day = start
            .checked_add(jiff::Span::new().days(rng.gen_range(0..700)))
            .unwrap_or(start);
        // Every twentieth event is a later coding of the one before it.
        let id = if i > 0 && i % 20 == 0 { i - 1 } else { i };
        let russian_side = place.4 == "Ukraine" || rng.gen_bool(0.1);
        let (attacker, defender) = if russian_side { (RU, UA) } else { (UA, RU) };
        let (actor1, actor2) = match kind.1 {
            "Disrupted weapons use" => (defender, attacker),
            "Armed clash" => (attacker, defender),
            "Attack" => (attacker, "Civilians (Ukraine)"),
            "Remote explosive/landmine/IED" => ("Unidentified Armed Group (Ukraine)", ""),
            _ => (attacker, ""),
        };
        let weapon = WEAPONS[rng.gen_range(0..WEAPONS.len())];
        let target = TARGETS[rng.gen_range(0..TARGETS.len())];
        let killed = if rng.gen_bool(0.7) {
            0
        } else {
            rng.gen_range(1..12)
        };
        let notes = format!(
            "On {day}, forces struck {target} in {}, {} with {weapon}. [size=no report; casualties={killed}]",
            place.0, place.1
        );
        let values: [String; 31] = [
            format!(
                "{}{}",
                if place.5 == "804" { "UKR" } else { "RUS" },
                100_000 + id
            ),
            day.to_string(),
            day.year().to_string(),
            ["1", "1", "1", "2", "3"][rng.gen_range(0..5)].to_string(),
            "Political violence".into(),
            kind.0.into(),
            kind.1.into(),
            actor1.into(),
            String::new(),
            "State forces".into(),
            actor2.into(),
            String::new(),
            if actor2.is_empty() {
                String::new()
            } else {
                "State forces".into()
            },
            "State forces only".into(),
            String::new(),
            place.5.into(),
            "Europe".into(),
            place.4.into(),
            place.1.into(),
            String::new(),
            String::new(),
            place.0.into(),
            format!("{:.4}", place.2 + rng.gen_range(-0.05..0.05)),
            format!("{:.4}", place.3 + rng.gen_range(-0.05..0.05)),
            ["1", "1", "2", "3"][rng.gen_range(0..4)].to_string(),
            [
                "Ukrinform",
                "Suspilne; Ukrainska Pravda",
                "Ministry of Defence of Ukraine",
            ][rng.gen_range(0..3)]
            .into(),
            "National".into(),
            notes,
            killed.to_string(),
            String::new(),
            (1_704_067_200u64 + i as u64 * 60).to_string(),
        ];
        for (slot, v) in row.iter_mut().zip(values) {
            *slot = v;
        }
        wtr.write_record(&row)?;
    }
    wtr.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_rows_and_the_count_asked() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(300, 9, &mut a).expect("write");
        write(300, 9, &mut b).expect("write");
        assert_eq!(a, b);
        let mut r = csv::Reader::from_reader(&a[..]);
        assert_eq!(r.records().count(), 300);
    }
}
