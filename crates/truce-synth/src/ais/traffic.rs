//! Realistic AIS traffic for the decoder's benchmark: a few hundred vessels
//! sailing between waypoints of the Black Sea and the Sea of Azov, Class A
//! ships sending types 1 and 3 with a type 5 (two sentences) now and then,
//! Class B craft sending type 18 with types 24 A and B; both channels;
//! message ids cycling as receivers number them. Plain NMEA lines, as
//! aggregators deliver them. The vessels are invented.

use super::{Point, Ship, bearing, distance_nm, position_bits, static_bits, towards};
use crate::ais::encode::{self, Dimensions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{self, Write};

/// Open-water waypoints of the Black Sea: approaches to the ports and
/// straits, and the middle of the sea.
pub const BLACK_SEA: [Point; 14] = [
    (41.40, 29.20), // Bosporus approach
    (44.10, 28.95), // off Constanța
    (43.15, 28.25), // off Varna
    (46.20, 30.95), // off Odesa
    (45.25, 30.25), // Snake Island
    (44.55, 33.25), // off Sevastopol
    (44.55, 37.85), // off Novorossiysk
    (44.90, 36.55), // Kerch Strait, south
    (41.75, 41.45), // off Batumi
    (42.15, 41.45), // off Poti
    (41.45, 36.40), // off Samsun
    (42.15, 35.15), // off Sinop
    (43.50, 34.00), // the middle
    (42.60, 31.50), // south-west
];

/// Waypoints of the Sea of Azov.
pub const AZOV: [Point; 6] = [
    (46.60, 36.80), // off Berdiansk
    (46.95, 37.60), // off Mariupol
    (46.75, 38.20), // off Yeysk
    (46.10, 36.90), // the middle
    (45.45, 36.65), // Kerch Strait, north
    (47.00, 38.60), // Taganrog Bay
];

const MIDS: [u32; 9] = [272, 273, 271, 264, 207, 213, 636, 352, 248];
const FIRST: [&str; 16] = [
    "PONTIC",
    "EUXINE",
    "DNIPRO",
    "DANUBE",
    "KAFFA",
    "SINOP",
    "ARGO",
    "MARINA",
    "NADIA",
    "ZORYA",
    "VOLNA",
    "HALIC",
    "TUNA",
    "OKEAN",
    "DELFIN",
    "KARADENIZ",
];
const SECOND: [&str; 10] = [
    "STAR", "TRADER", "SPIRIT", "GLORY", "EXPRESS", "PIONEER", "HOPE", "WAVE", "BRIDGE", "LIGHT",
];
const PORTS: [&str; 8] = [
    "ODESA",
    "CONSTANTA",
    "VARNA",
    "ISTANBUL",
    "NOVOROSSIYSK",
    "BATUMI",
    "SAMSUN",
    "POTI",
];

struct Sailing {
    ship: Ship,
    at: Point,
    target: Point,
    knots: f64,
    azov: bool,
    /// Seconds since the start when it last reported.
    last: f64,
}

fn invent(i: usize, rng: &mut SmallRng) -> Sailing {
    let azov = rng.gen_bool(0.1);
    let class_b = rng.gen_bool(0.25);
    let mid = MIDS[rng.gen_range(0..MIDS.len())];
    let waypoints: &[Point] = if azov { &AZOV } else { &BLACK_SEA };
    let at = waypoints[rng.gen_range(0..waypoints.len())];
    let at = (
        at.0 + rng.gen_range(-0.1..0.1),
        at.1 + rng.gen_range(-0.1..0.1),
    );
    let target = waypoints[rng.gen_range(0..waypoints.len())];
    let shiptype = if class_b {
        [30, 36, 37, 52][rng.gen_range(0..4)]
    } else {
        [70, 70, 79, 80, 82, 60, 31, 52][rng.gen_range(0..8)]
    };
    let len: u16 = if class_b {
        rng.gen_range(8..25)
    } else {
        rng.gen_range(60..230)
    };
    Sailing {
        ship: Ship {
            mmsi: mid * 1_000_000 + (i as u32 * 7919 + 100_000) % 1_000_000,
            name: format!(
                "{} {}",
                FIRST[rng.gen_range(0..FIRST.len())],
                SECOND[rng.gen_range(0..SECOND.len())]
            ),
            callsign: format!(
                "{}{:04}",
                ["UR", "UB", "TC", "YQ", "LZ", "4L"][i % 6],
                i % 10_000
            ),
            imo: if class_b {
                0
            } else {
                9_000_000 + rng.gen_range(0..999_999)
            },
            shiptype,
            dimensions: Dimensions {
                bow: len * 3 / 4,
                stern: len / 4,
                port: (len / 14).clamp(2, 30) as u8,
                starboard: (len / 14).clamp(2, 30) as u8,
            },
            destination: PORTS[rng.gen_range(0..PORTS.len())].to_string(),
            draught_dm: rng.gen_range(20..140),
            class_b,
        },
        at,
        target,
        knots: if class_b {
            rng.gen_range(3.0..9.0)
        } else {
            rng.gen_range(7.0..15.0)
        },
        azov,
        last: 0.0,
    }
}

/// Writes `sentences` lines of traffic from `vessels` vessels (a few
/// hundred is realistic) and returns how many messages they carry.
pub fn write<W: Write + ?Sized>(
    sentences: usize,
    vessels: usize,
    seed: u64,
    out: &mut W,
) -> io::Result<usize> {
    let mut out = io::BufWriter::new(out);
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut fleet: Vec<Sailing> = (0..vessels.max(1)).map(|i| invent(i, &mut rng)).collect();
    let (mut written, mut messages) = (0usize, 0usize);
    let mut clock = 0.0f64;
    let mut seq = 0u8;
    while written < sentences {
        // Every vessel reports about every ten seconds.
        clock += 10.0 / fleet.len() as f64;
        let v = rng.gen_range(0..fleet.len());
        let s = &mut fleet[v];
        let dt = clock - s.last;
        s.last = clock;
        let step = s.knots * dt / 3600.0;
        let moved = towards(s.at, s.target, step);
        if moved == s.target {
            let waypoints: &[Point] = if s.azov { &AZOV } else { &BLACK_SEA };
            s.target = waypoints[rng.gen_range(0..waypoints.len())];
        }
        let course = (distance_nm(moved, s.target) > 0.0).then(|| bearing(moved, s.target));
        s.at = moved;
        let channel = if rng.gen_bool(0.5) { 'A' } else { 'B' };
        let second = (clock as u64 % 60) as u8;
        let roll = rng.gen_range(0..100);
        let left = sentences - written;
        let bits = if roll < 5 && left >= 2 {
            static_bits(&s.ship, (4, 2, 12, 0))
        } else {
            let msg_type = if roll < 15 { 3 } else { 1 };
            vec![position_bits(
                &s.ship, msg_type, s.at, s.knots, course, second,
            )]
        };
        for b in bits {
            let lines = encode::sentences(&b, seq, channel, 60);
            if lines.len() > 1 {
                seq = (seq + 1) % 10;
            }
            if written + lines.len() > sentences {
                break;
            }
            for l in &lines {
                writeln!(out, "{l}")?;
            }
            written += lines.len();
            messages += 1;
        }
    }
    out.flush()?;
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_exactly_the_lines_asked_for_with_some_multipart_messages() {
        let mut out = Vec::new();
        let messages = write(2000, 300, 7, &mut out).expect("write");
        let text = String::from_utf8(out).expect("ascii");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2000);
        let multipart = lines.iter().filter(|l| l.starts_with("!AIVDM,2,")).count();
        assert!(multipart > 20, "{multipart} multipart sentences");
        assert!(messages < 2000 && messages > 1800, "{messages} messages");
        assert!(
            lines
                .iter()
                .any(|l| l.contains(",B,B") || l.contains(",A,B"))
        );
    }
}
