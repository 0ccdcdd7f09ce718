//! The AIS payload: six-bit armouring undone into a bit string, and the
//! fields of each message type read from it at their ITU-R M.1371 offsets
//! (as tabulated in gpsd's "AIVDM/AIVDO protocol decoding"), scaled, with
//! "not available" and out-of-range values turned into `None`.

use super::{AisMessage, Reason};

/// The longest message accepted, in armoured characters: five slots (the
/// most any AIS message may take) are 1,008 bits, 168 characters; the rest
/// is slack for receivers that pad.
pub const MAX_PAYLOAD_CHARS: usize = 256;
const MAX_BYTES: usize = MAX_PAYLOAD_CHARS * 6 / 8;

/// Why a payload could not be unarmoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unarmour {
    TooLarge,
    /// A character outside the six-bit armour.
    BadChar(u8),
}

/// A message's bits, most significant first, as sent.
pub struct Bits {
    // Eight bytes of zeros past the end let `get` read a whole word anywhere.
    buf: [u8; MAX_BYTES + 8],
    len: usize,
}

/// The six-bit values of the armoured payload characters; 0xFF for the rest.
static SIXBIT: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'W' => c as u8 - 48,
            b'`'..=b'w' => c as u8 - 56,
            _ => 0xFF,
        };
        c += 1;
    }
    t
};

/// The six-bit value of an armoured payload character, if it is one.
#[inline]
pub fn sixbit(c: u8) -> Option<u8> {
    let v = SIXBIT[usize::from(c)];
    (v != 0xFF).then_some(v)
}

impl Bits {
    pub fn new() -> Bits {
        Bits {
            buf: [0; MAX_BYTES + 8],
            len: 0,
        }
    }

    /// Undoes the armouring of `chars` (every fragment's payload, in order)
    /// and drops the `fill` bits the last character carries for padding.
    /// A character outside the armour is returned as the error.
    pub fn unarmour(&mut self, chars: &[u8], fill: u8) -> Result<(), Unarmour> {
        if chars.len() > MAX_PAYLOAD_CHARS {
            return Err(Unarmour::TooLarge);
        }
        let mut out = 0;
        // Four characters make three bytes.
        let mut quads = chars.chunks_exact(4);
        for q in &mut quads {
            let (a, b, c, d) = (
                SIXBIT[usize::from(q[0])],
                SIXBIT[usize::from(q[1])],
                SIXBIT[usize::from(q[2])],
                SIXBIT[usize::from(q[3])],
            );
            if (a | b | c | d) & 0xC0 != 0 {
                let bad = q.iter().find(|&&x| sixbit(x).is_none()).copied();
                return Err(Unarmour::BadChar(bad.unwrap_or(q[0])));
            }
            let v =
                (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
            self.buf[out] = (v >> 16) as u8;
            self.buf[out + 1] = (v >> 8) as u8;
            self.buf[out + 2] = v as u8;
            out += 3;
        }
        let mut acc: u32 = 0;
        let mut nacc = 0;
        for &c in quads.remainder() {
            let v = sixbit(c).ok_or(Unarmour::BadChar(c))?;
            acc = (acc << 6) | u32::from(v);
            nacc += 6;
            if nacc >= 8 {
                nacc -= 8;
                self.buf[out] = (acc >> nacc) as u8;
                out += 1;
                acc &= (1 << nacc) - 1;
            }
        }
        if nacc > 0 {
            self.buf[out] = (acc << (8 - nacc)) as u8;
            out += 1;
        }
        // Reads past the end see zeros.
        self.buf[out..out + 8].fill(0);
        self.len = (chars.len() * 6).saturating_sub(usize::from(fill));
        Ok(())
    }

    /// The message's length in bits.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `width` (≤ 32) bits from bit `start`, unsigned; bits past the end read
    /// as zero.
    #[inline]
    pub fn u(&self, start: usize, width: usize) -> u32 {
        debug_assert!(width <= 32);
        if start >= MAX_BYTES * 8 {
            return 0;
        }
        let i = start / 8;
        let mut w = [0u8; 8];
        w.copy_from_slice(&self.buf[i..i + 8]);
        let word = u64::from_be_bytes(w);
        ((word << (start % 8)) >> (64 - width)) as u32
    }

    /// `width` bits from `start` as a two's-complement signed number.
    #[inline]
    pub fn i(&self, start: usize, width: usize) -> i32 {
        let v = self.u(start, width);
        let shift = 32 - width;
        ((v << shift) as i32) >> shift
    }

    #[inline]
    fn flag(&self, start: usize) -> bool {
        self.u(start, 1) == 1
    }

    /// Up to `chars` six-bit characters from `start` (fewer if the message
    /// ends first), appended to `out` as ASCII.
    fn raw_text(&self, start: usize, chars: usize, out: &mut [u8; 40], n: &mut usize) {
        for k in 0..chars {
            let at = start + 6 * k;
            if at + 6 > self.len || *n == out.len() {
                break;
            }
            let v = self.u(at, 6) as u8;
            out[*n] = if v < 32 { v + 64 } else { v };
            *n += 1;
        }
    }

    /// `chars` six-bit characters from `start` (fewer if the message ends
    /// first), with the padding `@` and the spaces around the text removed;
    /// `None` when nothing is left.
    pub fn text(&self, start: usize, chars: usize) -> Option<String> {
        let (mut s, mut n) = ([0u8; 40], 0);
        self.raw_text(start, chars, &mut s, &mut n);
        clean(&s[..n])
    }

    /// A text field continued by an extension (the aid-to-navigation name:
    /// 20 characters, then up to 14 more after bit 272).
    fn text_extended(
        &self,
        start: usize,
        chars: usize,
        ext: usize,
        ext_chars: usize,
    ) -> Option<String> {
        let (mut s, mut n) = ([0u8; 40], 0);
        self.raw_text(start, chars, &mut s, &mut n);
        self.raw_text(ext, ext_chars, &mut s, &mut n);
        clean(&s[..n])
    }
}

/// The text without its trailing padding (`@`) and surrounding spaces.
fn clean(s: &[u8]) -> Option<String> {
    let t = std::str::from_utf8(s).ok()?;
    let t = t.trim_end_matches(['@', ' ']).trim_start_matches(' ');
    (!t.is_empty()).then(|| t.to_string())
}

impl Default for Bits {
    fn default() -> Self {
        Bits::new()
    }
}

/// The fewest bits each decoded type must have: up to the end of the last
/// field read (the trailing radio status and spare bits are not needed,
/// and receivers often cut them).
fn min_bits(msg_type: u8) -> usize {
    match msg_type {
        1..=3 => 149,
        4 => 149,
        // Up to the draught; the destination is read as far as it goes
        // (many transmitters send 420 rather than 424 bits).
        5 => 302,
        18 => 148,
        19 => 308,
        21 => 272,
        24 => 160,
        27 => 95,
        _ => 38,
    }
}

/// Whether Truce decodes this type's fields (others are counted, not read).
pub fn decoded(msg_type: u8) -> bool {
    matches!(msg_type, 1..=5 | 18 | 19 | 21 | 24 | 27)
}

/// Longitude in 1/10,000 minute (28 bits): 181° means not available, and
/// anything beyond ±180° is not a position either.
fn lon(raw: i32) -> Option<f64> {
    (raw.abs() <= 108_000_000).then(|| f64::from(raw) / 600_000.0)
}

/// Latitude in 1/10,000 minute (27 bits): 91° means not available.
fn lat(raw: i32) -> Option<f64> {
    (raw.abs() <= 54_000_000).then(|| f64::from(raw) / 600_000.0)
}

/// Speed over ground in 1/10 knot: 1023 (102.3) is not available; 1022 is
/// "102.2 knots or more".
fn speed(raw: u32) -> Option<f64> {
    (raw < 1023).then(|| f64::from(raw) / 10.0)
}

/// Course over ground in 1/10 degree: 3600 is not available, above it is
/// not a course.
fn course(raw: u32) -> Option<f64> {
    (raw < 3600).then(|| f64::from(raw) / 10.0)
}

/// True heading in degrees: 511 is not available, 360–510 not a heading.
fn heading(raw: u32) -> Option<u16> {
    (raw < 360).then_some(raw as u16)
}

/// Rate of turn in degrees per minute from its encoded form
/// (ROT_AIS = 4.733 √ROT): ±127 means "turning faster than 5° per 30 s,
/// no turn indicator" and -128 not available; both are `None`.
fn turn(raw: i32) -> Option<f64> {
    (raw.abs() <= 126).then(|| {
        let r = f64::from(raw) / 4.733;
        r * r.abs()
    })
}

/// The UTC second of a position report: 60 not available, 61–63 mark a
/// manual, dead-reckoning or inoperative positioning system.
fn second(raw: u32) -> Option<u8> {
    (raw < 60).then_some(raw as u8)
}

fn nonzero_u8(raw: u32) -> Option<u8> {
    (raw != 0).then_some(raw as u8)
}

fn nonzero_u16(raw: u32) -> Option<u16> {
    (raw != 0).then_some(raw as u16)
}

/// Decodes the fields of a message of one of the types Truce reads into
/// `m` (whose `msg_type`, `repeat` and `mmsi` are already set).
pub fn decode(b: &Bits, m: &mut AisMessage) -> Result<(), Reason> {
    if b.len() < min_bits(m.msg_type) {
        return Err(Reason::TooShort);
    }
    match m.msg_type {
        1..=3 => {
            m.status = (b.u(38, 4) != 15).then_some(b.u(38, 4) as u8);
            m.turn = turn(b.i(42, 8));
            m.speed = speed(b.u(50, 10));
            m.accuracy = Some(b.flag(60));
            m.lon = lon(b.i(61, 28));
            m.lat = lat(b.i(89, 27));
            m.course = course(b.u(116, 12));
            m.heading = heading(b.u(128, 9));
            m.second = second(b.u(137, 6));
            m.raim = Some(b.flag(148));
        }
        4 => {
            m.timestamp = utc(
                b.u(38, 14),
                b.u(52, 4),
                b.u(56, 5),
                b.u(61, 5),
                b.u(66, 6),
                b.u(72, 6),
            );
            m.accuracy = Some(b.flag(78));
            m.lon = lon(b.i(79, 28));
            m.lat = lat(b.i(107, 27));
            m.epfd = nonzero_u8(b.u(134, 4));
            m.raim = Some(b.flag(148));
        }
        5 => {
            m.ais_version = Some(b.u(38, 2) as u8);
            m.imo = (b.u(40, 30) != 0).then_some(b.u(40, 30));
            m.callsign = b.text(70, 7);
            m.shipname = b.text(112, 20);
            m.shiptype = nonzero_u8(b.u(232, 8));
            dimensions(b, 240, m);
            m.epfd = nonzero_u8(b.u(270, 4));
            m.eta_month = (1..=12).contains(&b.u(274, 4)).then_some(b.u(274, 4) as u8);
            m.eta_day = (1..=31).contains(&b.u(278, 5)).then_some(b.u(278, 5) as u8);
            m.eta_hour = (b.u(283, 5) < 24).then_some(b.u(283, 5) as u8);
            m.eta_minute = (b.u(288, 6) < 60).then_some(b.u(288, 6) as u8);
            m.draught = (b.u(294, 8) != 0).then(|| f64::from(b.u(294, 8)) / 10.0);
            m.destination = b.text(302, 20);
        }
        18 => {
            m.speed = speed(b.u(46, 10));
            m.accuracy = Some(b.flag(56));
            m.lon = lon(b.i(57, 28));
            m.lat = lat(b.i(85, 27));
            m.course = course(b.u(112, 12));
            m.heading = heading(b.u(124, 9));
            m.second = second(b.u(133, 6));
            m.raim = Some(b.flag(147));
        }
        19 => {
            m.speed = speed(b.u(46, 10));
            m.accuracy = Some(b.flag(56));
            m.lon = lon(b.i(57, 28));
            m.lat = lat(b.i(85, 27));
            m.course = course(b.u(112, 12));
            m.heading = heading(b.u(124, 9));
            m.second = second(b.u(133, 6));
            m.shipname = b.text(143, 20);
            m.shiptype = nonzero_u8(b.u(263, 8));
            dimensions(b, 271, m);
            m.epfd = nonzero_u8(b.u(301, 4));
            m.raim = Some(b.flag(305));
        }
        21 => {
            m.aid_type = nonzero_u8(b.u(38, 5));
            // The name goes on in the extension after bit 272, when sent.
            m.shipname = b.text_extended(43, 20, 272, 14);
            m.accuracy = Some(b.flag(163));
            m.lon = lon(b.i(164, 28));
            m.lat = lat(b.i(192, 27));
            dimensions(b, 219, m);
            m.epfd = nonzero_u8(b.u(249, 4));
            m.second = second(b.u(253, 6));
            m.off_position = Some(b.flag(259));
            m.raim = Some(b.flag(268));
            m.virtual_aid = Some(b.flag(269));
        }
        24 => match b.u(38, 2) {
            0 => {
                m.part = Some('A');
                m.shipname = b.text(40, 20);
            }
            1 => {
                if b.len() < 162 {
                    return Err(Reason::TooShort);
                }
                m.part = Some('B');
                m.shiptype = nonzero_u8(b.u(40, 8));
                m.callsign = b.text(90, 7);
                // An auxiliary craft (MMSI 98XXXYYYY) names its mother ship
                // where others give their dimensions.
                if m.mmsi / 10_000_000 == 98 {
                    m.mothership_mmsi = nonzero_u32(b.u(132, 30));
                } else {
                    dimensions(b, 132, m);
                }
            }
            _ => return Err(Reason::BadField),
        },
        27 => {
            m.accuracy = Some(b.flag(38));
            m.raim = Some(b.flag(39));
            m.status = (b.u(40, 4) != 15).then_some(b.u(40, 4) as u8);
            // Positions in 1/10 minute: 181° and 91° are 108600 and 54600.
            let (x, y) = (b.i(44, 18), b.i(62, 17));
            m.lon = (x.abs() <= 108_000).then(|| f64::from(x) / 600.0);
            m.lat = (y.abs() <= 54_000).then(|| f64::from(y) / 600.0);
            // Whole knots, 63 not available; whole degrees, 511 not available.
            m.speed = (b.u(79, 6) < 63).then(|| f64::from(b.u(79, 6)));
            m.course = (b.u(85, 9) < 360).then(|| f64::from(b.u(85, 9)));
        }
        _ => {}
    }
    Ok(())
}

fn nonzero_u32(raw: u32) -> Option<u32> {
    (raw != 0).then_some(raw)
}

/// The four distances from the reference point (bow, stern: 9 bits; port,
/// starboard: 6 bits) in metres; 0 is not available.
fn dimensions(b: &Bits, at: usize, m: &mut AisMessage) {
    m.to_bow = nonzero_u16(b.u(at, 9));
    m.to_stern = nonzero_u16(b.u(at + 9, 9));
    m.to_port = nonzero_u8(b.u(at + 18, 6));
    m.to_starboard = nonzero_u8(b.u(at + 24, 6));
}

/// A base station's UTC time as RFC 3339, when every part of it is given
/// (year 0, month 0, day 0, hour 24, minute 60, second 60 are "not
/// available") and it is a real date.
fn utc(year: u32, month: u32, day: u32, hour: u32, minute: u32, sec: u32) -> Option<String> {
    if !(1..=9999).contains(&year) || hour > 23 || minute > 59 || sec > 59 {
        return None;
    }
    let d = jiff::civil::Date::new(year as i16, month as i8, day as i8).ok()?;
    Some(format!("{d}T{hour:02}:{minute:02}:{sec:02}Z"))
}
