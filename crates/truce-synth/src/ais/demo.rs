//! The demo's AIS file: six invented vessels between 28 March and 8 April
//! 2025, each line with the time it was received (an NMEA tag block), one
//! position an hour and the static data every six hours:
//!
//! - STEPPE HARVEST, a bulk carrier, from Odesa to the Bosporus and back
//!   through the Black Sea zone;
//! - KORSAR 701, ship type 35 (military operations), out of Novorossiysk on
//!   a patrol across the zone;
//! - SEA LANTERN, a tanker bound for the Bosporus that stops transmitting
//!   in the middle of the zone for 32 hours (33 between two positions);
//! - AZOV TRADER, a cargo ship that stays in the Sea of Azov (outside the
//!   zone) the whole time;
//! - KARADENIZ EXPRESS, a cargo ship from Samsun to Constanța and back;
//! - DELFIN 7, a Class B fishing boat working off Varna.
//!
//! Regenerate `crates/truce-synth/data/ais-demo.nmea` with
//! `truce ais gen --demo -o crates/truce-synth/data/ais-demo.nmea`; a test
//! checks that the committed file is what this code writes.

use super::{Point, Ship, bearing, distance_nm, position_bits, static_bits};
use crate::ais::encode::{self, Dimensions};
use std::io::{self, Write};

/// The file as committed.
pub const FILE: &str = include_str!("../../data/ais-demo.nmea");

/// The first and last hour of the demo, seconds since 1970 (UTC).
pub const START: i64 = 1_743_120_000; // 2025-03-28T00:00:00Z
pub const HOURS: i64 = 11 * 24;

/// The demo's vessels, by role: what the tests look for.
pub const BULK_CARRIER: u32 = 636_019_825;
pub const MILITARY: u32 = 273_350_701;
pub const GOES_DARK: u32 = 352_001_234;
pub const AZOV_ONLY: u32 = 273_418_300;
pub const TURKISH_CARGO: u32 = 271_044_512;
pub const FISHING: u32 = 207_830_077;

/// When SEA LANTERN is silent: hours from [`START`], half-open.
pub const DARK_HOURS: (i64, i64) = (84, 116);

struct Scripted {
    ship: Ship,
    /// (hour from START, point): where it is at that hour; in between it
    /// sails in a straight line; before the first and after the last it
    /// lies still (at anchor or in port).
    route: Vec<(i64, Point)>,
    /// Minutes past the hour at which it reports.
    minute: i64,
    /// Hours (from START, half-open) in which it sends nothing.
    silent: Option<(i64, i64)>,
}

fn ship(
    mmsi: u32,
    name: &str,
    callsign: &str,
    imo: u32,
    shiptype: u8,
    len: u16,
    destination: &str,
) -> Ship {
    Ship {
        mmsi,
        name: name.into(),
        callsign: callsign.into(),
        imo,
        shiptype,
        dimensions: Dimensions {
            bow: len * 4 / 5,
            stern: len / 5,
            port: (len / 12).clamp(2, 20) as u8,
            starboard: (len / 12).clamp(2, 20) as u8,
        },
        destination: destination.into(),
        draught_dm: if len > 60 { 95 } else { 25 },
        class_b: shiptype == 30,
    }
}

fn fleet() -> Vec<Scripted> {
    vec![
        Scripted {
            ship: ship(
                BULK_CARRIER,
                "STEPPE HARVEST",
                "D5XK7",
                9_701_126,
                70,
                190,
                "ISTANBUL",
            ),
            // From the port of Odesa to the Bosporus, and back.
            route: vec![
                (6, (46.49, 30.74)),
                (8, (46.35, 30.85)),
                (16, (45.30, 30.45)),
                (24, (44.20, 29.35)),
                (32, (43.05, 28.70)),
                (42, (41.40, 29.20)),
                (44, (41.12, 29.07)),
                (128, (41.12, 29.07)),
                (130, (41.40, 29.20)),
                (140, (43.05, 28.70)),
                (148, (44.20, 29.35)),
                (156, (45.30, 30.45)),
                (164, (46.35, 30.85)),
                (166, (46.49, 30.74)),
            ],
            minute: 5,
            silent: None,
        },
        Scripted {
            ship: ship(MILITARY, "KORSAR 701", "UBTX", 0, 35, 60, ""),
            route: vec![
                (48, (44.70, 37.78)),
                (60, (44.30, 35.60)),
                (72, (43.80, 33.50)),
                (84, (43.40, 32.00)),
                (96, (43.90, 33.80)),
                (110, (44.40, 36.00)),
                (122, (44.70, 37.78)),
            ],
            minute: 20,
            silent: None,
        },
        Scripted {
            ship: ship(
                GOES_DARK,
                "SEA LANTERN",
                "3FQL8",
                9_615_080,
                80,
                240,
                "ISTANBUL",
            ),
            route: vec![
                (60, (44.55, 37.70)),
                (76, (44.00, 35.20)),
                (120, (43.00, 32.00)),
                (132, (41.40, 29.20)),
            ],
            minute: 35,
            silent: Some(DARK_HOURS),
        },
        Scripted {
            ship: ship(
                AZOV_ONLY,
                "AZOV TRADER",
                "UBAZ3",
                9_354_076,
                70,
                110,
                "YEYSK",
            ),
            route: vec![
                (0, (46.60, 36.80)),
                (20, (46.95, 37.60)),
                (40, (46.75, 38.20)),
                (70, (46.15, 36.95)),
                (100, (46.60, 36.80)),
                (140, (46.95, 37.60)),
                (180, (46.75, 38.20)),
                (220, (46.15, 36.95)),
                (250, (46.60, 36.80)),
            ],
            minute: 45,
            silent: None,
        },
        Scripted {
            ship: ship(
                TURKISH_CARGO,
                "KARADENIZ EXPRESS",
                "TCKE5",
                9_844_203,
                79,
                150,
                "CONSTANTA",
            ),
            // From the port of Samsun to Constanța's, round Cape Sinop, and back.
            route: vec![
                (10, (41.29, 36.34)),
                (12, (41.50, 36.40)),
                (22, (42.45, 35.20)),
                (40, (42.60, 31.50)),
                (56, (44.10, 28.95)),
                (58, (44.17, 28.66)),
                (90, (44.17, 28.66)),
                (92, (44.10, 28.95)),
                (108, (42.60, 31.50)),
                (126, (42.45, 35.20)),
                (136, (41.50, 36.40)),
                (138, (41.29, 36.34)),
            ],
            minute: 50,
            silent: None,
        },
        Scripted {
            ship: ship(FISHING, "DELFIN 7", "LZDF7", 0, 30, 18, ""),
            route: (0..HOURS / 12)
                .map(|k| {
                    let p = if k % 2 == 0 {
                        (43.10, 28.30)
                    } else {
                        (43.00, 28.60)
                    };
                    (k * 12, p)
                })
                .collect(),
            minute: 10,
            silent: None,
        },
    ]
}

/// Where a scripted vessel is at `hour` (fractional), with its speed in
/// knots and course.
fn place(route: &[(i64, Point)], hour: f64) -> (Point, f64, Option<f64>) {
    let Some(first) = route.first() else {
        return ((0.0, 0.0), 0.0, None);
    };
    if hour <= first.0 as f64 {
        return (first.1, 0.0, None);
    }
    for w in route.windows(2) {
        let ((h0, a), (h1, b)) = (w[0], w[1]);
        if hour <= h1 as f64 {
            let f = (hour - h0 as f64) / (h1 - h0) as f64;
            let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            let d = distance_nm(a, b);
            let knots = d / (h1 - h0) as f64;
            return (p, knots, (d > 0.0).then(|| bearing(a, b)));
        }
    }
    (route[route.len() - 1].1, 0.0, None)
}

/// Writes the demo file.
pub fn write<W: Write + ?Sized>(out: &mut W) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    let fleet = fleet();
    let mut lines: Vec<(i64, u32, String)> = Vec::new();
    let mut seq = 0u8;
    for (k, s) in fleet.iter().enumerate() {
        for hour in 0..HOURS {
            if s.silent.is_some_and(|(a, b)| (a..b).contains(&hour)) {
                continue;
            }
            let t = START + hour * 3600 + s.minute * 60;
            let (p, knots, course) = place(&s.route, hour as f64 + s.minute as f64 / 60.0);
            let channel = if (hour + k as i64) % 2 == 0 { 'A' } else { 'B' };
            let bits = position_bits(&s.ship, 1, p, knots, course, (s.minute % 60) as u8);
            let mut msgs = vec![(t, bits)];
            if hour % 6 == 0 {
                let eta = (4, 9, 12, 0);
                for (j, b) in static_bits(&s.ship, eta).into_iter().enumerate() {
                    msgs.push((t + 10 + j as i64, b));
                }
            }
            for (t, b) in msgs {
                let parts = encode::sentences(&b, seq, channel, 60);
                if parts.len() > 1 {
                    seq = (seq + 1) % 10;
                }
                for l in parts {
                    lines.push((t, s.ship.mmsi, format!("{}{l}", encode::tag_block(t))));
                }
            }
        }
    }
    // In the order a receiver would have written them; the sort is stable,
    // so a message's fragments stay together.
    lines.sort_by_key(|(t, mmsi, _)| (*t, *mmsi));
    for (_, _, l) in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_file_is_what_the_generator_writes() {
        let mut out = Vec::new();
        write(&mut out).expect("write");
        let now = String::from_utf8(out).expect("ascii");
        assert!(
            now == FILE,
            "crates/truce-synth/data/ais-demo.nmea is out of date; regenerate it with \
             `truce ais gen --demo -o crates/truce-synth/data/ais-demo.nmea`"
        );
    }
}
