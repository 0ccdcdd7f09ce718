//! Synthetic AIS: an encoder ([`encode`]), realistic traffic of any size for
//! the decoder's benchmark ([`traffic`]), and the small scripted demo file
//! ([`demo`]). Every vessel, name and number here is invented.

pub mod demo;
pub mod encode;
pub mod traffic;

use encode::{BitWriter, ClassB, Dimensions, Position, StaticVoyage};

/// Nautical miles per degree of latitude.
const NM_PER_DEG: f64 = 60.0;

/// A point at sea, (latitude, longitude) in degrees.
pub type Point = (f64, f64);

/// Distance in nautical miles on a local flat approximation (good enough
/// for a generator moving ships a few miles at a time).
fn distance_nm(a: Point, b: Point) -> f64 {
    let k = ((a.0 + b.0) / 2.0).to_radians().cos();
    let dy = (b.0 - a.0) * NM_PER_DEG;
    let dx = (b.1 - a.1) * NM_PER_DEG * k;
    (dx * dx + dy * dy).sqrt()
}

/// Initial bearing from `a` to `b`, degrees from true north.
fn bearing(a: Point, b: Point) -> f64 {
    let k = ((a.0 + b.0) / 2.0).to_radians().cos();
    let dy = b.0 - a.0;
    let dx = (b.1 - a.1) * k;
    (dx.atan2(dy).to_degrees() + 360.0) % 360.0
}

/// `nm` nautical miles from `a` towards `b` (stopping at `b`).
fn towards(a: Point, b: Point, nm: f64) -> Point {
    let d = distance_nm(a, b);
    if d <= nm || d == 0.0 {
        return b;
    }
    let f = nm / d;
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

/// Degrees as AIS's 1/10,000 minute.
fn raw_deg(v: f64) -> i32 {
    (v * 600_000.0).round() as i32
}

/// What a vessel says about itself.
#[derive(Debug, Clone)]
pub struct Ship {
    pub mmsi: u32,
    pub name: String,
    pub callsign: String,
    pub imo: u32,
    pub shiptype: u8,
    pub dimensions: Dimensions,
    pub destination: String,
    pub draught_dm: u8,
    /// Class B (types 18 and 24) rather than Class A (1–3 and 5).
    pub class_b: bool,
}

/// A vessel's position report at `at` with speed in knots and course in
/// degrees (`None`: not moving, course not available).
fn position_bits(
    ship: &Ship,
    msg_type: u8,
    at: Point,
    knots: f64,
    course: Option<f64>,
    second: u8,
) -> BitWriter {
    let speed = (knots * 10.0).round().clamp(0.0, 1022.0) as u16;
    let (course, heading) = match course {
        Some(c) => (((c * 10.0).round() as u16) % 3600, (c.round() as u16) % 360),
        None => (3600, 511),
    };
    if ship.class_b {
        encode::class_b(&ClassB {
            mmsi: ship.mmsi,
            speed,
            accuracy: false,
            lon: raw_deg(at.1),
            lat: raw_deg(at.0),
            course,
            heading,
            second,
            raim: false,
        })
    } else {
        encode::position(&Position {
            msg_type,
            repeat: 0,
            mmsi: ship.mmsi,
            status: if knots < 0.5 { 1 } else { 0 },
            turn: 0,
            speed,
            accuracy: true,
            lon: raw_deg(at.1),
            lat: raw_deg(at.0),
            course,
            heading,
            second,
            raim: false,
        })
    }
}

/// The static messages of a vessel: one type 5 (two sentences' worth) for
/// Class A, a type 24 A and B for Class B.
fn static_bits(ship: &Ship, eta: (u8, u8, u8, u8)) -> Vec<BitWriter> {
    if ship.class_b {
        vec![
            encode::static_a(ship.mmsi, &ship.name),
            encode::static_b(
                ship.mmsi,
                ship.shiptype,
                "SRT",
                &ship.callsign,
                &ship.dimensions,
                None,
            ),
        ]
    } else {
        vec![encode::static_voyage(&StaticVoyage {
            mmsi: ship.mmsi,
            ais_version: 2,
            imo: ship.imo,
            callsign: ship.callsign.clone(),
            shipname: ship.name.clone(),
            shiptype: ship.shiptype,
            dimensions: ship.dimensions,
            epfd: 1,
            eta,
            draught: ship.draught_dm,
            destination: ship.destination.clone(),
        })]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_towards_a_point_stops_there() {
        let a = (44.0, 30.0);
        let b = (45.0, 30.0);
        assert!((distance_nm(a, b) - 60.0).abs() < 1e-9);
        assert_eq!(towards(a, b, 100.0), b);
        let half = towards(a, b, 30.0);
        assert!((half.0 - 44.5).abs() < 1e-9);
        assert!((bearing(a, b) - 0.0).abs() < 1e-9);
        assert!((bearing(b, a) - 180.0).abs() < 1e-9);
    }
}
