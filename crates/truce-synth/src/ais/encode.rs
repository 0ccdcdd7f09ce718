//! An AIS encoder: message fields (as the integers that go on air) packed
//! into bits at their ITU-R M.1371 offsets, armoured six bits to a
//! character, and split into `!AIVDM` sentences with their checksums.
//!
//! Written independently of Truce's decoder (`truce_ingest::ais`) so that
//! each can check the other: the property tests encode random fields here
//! and expect the decoder to give them back.

/// Bits, most significant first.
#[derive(Debug, Clone, Default)]
pub struct BitWriter {
    bits: Vec<u8>,
}

impl BitWriter {
    pub fn new() -> BitWriter {
        BitWriter::default()
    }

    /// Appends the low `width` bits of `v`.
    pub fn u(&mut self, v: u64, width: usize) -> &mut Self {
        for k in (0..width).rev() {
            self.bits.push(((v >> k) & 1) as u8);
        }
        self
    }

    /// Appends `v` in two's complement on `width` bits.
    pub fn i(&mut self, v: i64, width: usize) -> &mut Self {
        self.u(v as u64, width)
    }

    pub fn flag(&mut self, b: bool) -> &mut Self {
        self.u(u64::from(b), 1)
    }

    /// Appends `chars` six-bit characters of `s` (upper-cased; characters
    /// outside the AIS alphabet become `?`), padded with `@`.
    pub fn text(&mut self, s: &str, chars: usize) -> &mut Self {
        let mut it = s.chars();
        for _ in 0..chars {
            let c = it.next().map_or('@', |c| c.to_ascii_uppercase());
            let v = match c as u32 {
                64..=95 => c as u32 - 64,
                32..=63 => c as u32,
                _ => '?' as u32,
            };
            self.u(u64::from(v), 6);
        }
        self
    }

    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The armoured payload and its fill bits (zeros added to reach a
    /// multiple of six).
    pub fn armour(&self) -> (String, u8) {
        let fill = (6 - self.bits.len() % 6) % 6;
        let mut out = String::with_capacity(self.bits.len() / 6 + 1);
        for chunk in self.bits.chunks(6) {
            let mut v = 0u8;
            for k in 0..6 {
                v = (v << 1) | chunk.get(k).copied().unwrap_or(0);
            }
            let c = if v < 40 { v + 48 } else { v + 56 };
            out.push(char::from(c));
        }
        (out, fill as u8)
    }
}

/// The NMEA checksum: XOR of the characters between `!` and `*`.
pub fn checksum(body: &str) -> u8 {
    body.bytes().fold(0, |a, b| a ^ b)
}

/// `!AIVDM` sentences (without line ends) carrying `bits`, at most
/// `max_chars` payload characters each; `seq` ties the fragments of a
/// multi-sentence message together.
pub fn sentences(bits: &BitWriter, seq: u8, channel: char, max_chars: usize) -> Vec<String> {
    let (payload, fill) = bits.armour();
    let max_chars = max_chars.max(1);
    let parts: Vec<&str> = payload
        .as_bytes()
        .chunks(max_chars)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let count = parts.len();
    parts
        .iter()
        .enumerate()
        .map(|(k, part)| {
            let seq = if count > 1 {
                (seq % 10).to_string()
            } else {
                String::new()
            };
            let f = if k + 1 == count { fill } else { 0 };
            let body = format!("AIVDM,{count},{},{seq},{channel},{part},{f}", k + 1);
            format!("!{body}*{:02X}", checksum(&body))
        })
        .collect()
}

/// An NMEA 4.10 tag block giving the time a sentence was received.
pub fn tag_block(unix_seconds: i64) -> String {
    let body = format!("c:{unix_seconds}");
    format!("\\{body}*{:02X}\\", checksum(&body))
}

/// Types 1, 2 and 3: a Class A position report. Raw units: speed in 1/10
/// knot (1023 not available), lon/lat in 1/10,000 minute (181° and 91° not
/// available), course in 1/10 degree (3600), heading in degrees (511),
/// turn as the encoded ROT (-128 not available).
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub msg_type: u8,
    pub repeat: u8,
    pub mmsi: u32,
    pub status: u8,
    pub turn: i8,
    pub speed: u16,
    pub accuracy: bool,
    pub lon: i32,
    pub lat: i32,
    pub course: u16,
    pub heading: u16,
    pub second: u8,
    pub raim: bool,
}

pub fn position(p: &Position) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(p.msg_type.into(), 6)
        .u(p.repeat.into(), 2)
        .u(p.mmsi.into(), 30)
        .u(p.status.into(), 4)
        .i(p.turn.into(), 8)
        .u(p.speed.into(), 10)
        .flag(p.accuracy)
        .i(p.lon.into(), 28)
        .i(p.lat.into(), 27)
        .u(p.course.into(), 12)
        .u(p.heading.into(), 9)
        .u(p.second.into(), 6)
        .u(0, 2)
        .u(0, 3)
        .flag(p.raim)
        .u(0, 19);
    b
}

/// Type 4: a base station's report of UTC time and its position.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseStation {
    pub mmsi: u32,
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub accuracy: bool,
    pub lon: i32,
    pub lat: i32,
    pub epfd: u8,
    pub raim: bool,
}

pub fn base_station(s: &BaseStation) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(4, 6)
        .u(0, 2)
        .u(s.mmsi.into(), 30)
        .u(s.year.into(), 14)
        .u(s.month.into(), 4)
        .u(s.day.into(), 5)
        .u(s.hour.into(), 5)
        .u(s.minute.into(), 6)
        .u(s.second.into(), 6)
        .flag(s.accuracy)
        .i(s.lon.into(), 28)
        .i(s.lat.into(), 27)
        .u(s.epfd.into(), 4)
        .u(0, 10)
        .flag(s.raim)
        .u(0, 19);
    b
}

/// Dimensions to bow, stern (9 bits), port, starboard (6 bits), metres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dimensions {
    pub bow: u16,
    pub stern: u16,
    pub port: u8,
    pub starboard: u8,
}

fn dims(b: &mut BitWriter, d: &Dimensions) {
    b.u(d.bow.into(), 9)
        .u(d.stern.into(), 9)
        .u(d.port.into(), 6)
        .u(d.starboard.into(), 6);
}

/// Type 5: static and voyage data (424 bits: two sentences). Draught in
/// 1/10 metre; ETA month 0, day 0, hour 24, minute 60 not available.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticVoyage {
    pub mmsi: u32,
    pub ais_version: u8,
    pub imo: u32,
    pub callsign: String,
    pub shipname: String,
    pub shiptype: u8,
    pub dimensions: Dimensions,
    pub epfd: u8,
    pub eta: (u8, u8, u8, u8),
    pub draught: u8,
    pub destination: String,
}

pub fn static_voyage(s: &StaticVoyage) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(5, 6)
        .u(0, 2)
        .u(s.mmsi.into(), 30)
        .u(s.ais_version.into(), 2)
        .u(s.imo.into(), 30)
        .text(&s.callsign, 7)
        .text(&s.shipname, 20)
        .u(s.shiptype.into(), 8);
    dims(&mut b, &s.dimensions);
    b.u(s.epfd.into(), 4)
        .u(s.eta.0.into(), 4)
        .u(s.eta.1.into(), 5)
        .u(s.eta.2.into(), 5)
        .u(s.eta.3.into(), 6)
        .u(s.draught.into(), 8)
        .text(&s.destination, 20)
        .u(0, 1)
        .u(0, 1);
    b
}

/// Type 18 (and the position part of 19): a Class B position report.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassB {
    pub mmsi: u32,
    pub speed: u16,
    pub accuracy: bool,
    pub lon: i32,
    pub lat: i32,
    pub course: u16,
    pub heading: u16,
    pub second: u8,
    pub raim: bool,
}

fn class_b_position(b: &mut BitWriter, msg_type: u8, p: &ClassB) {
    b.u(msg_type.into(), 6)
        .u(0, 2)
        .u(p.mmsi.into(), 30)
        .u(0, 8)
        .u(p.speed.into(), 10)
        .flag(p.accuracy)
        .i(p.lon.into(), 28)
        .i(p.lat.into(), 27)
        .u(p.course.into(), 12)
        .u(p.heading.into(), 9)
        .u(p.second.into(), 6);
}

pub fn class_b(p: &ClassB) -> BitWriter {
    let mut b = BitWriter::new();
    class_b_position(&mut b, 18, p);
    // Regional bits, then the unit's flags: carrier-sense unit, no display,
    // no DSC, whole band, message 22 accepted, autonomous mode.
    b.u(0, 2)
        .u(1, 1)
        .u(0, 1)
        .u(0, 1)
        .u(1, 1)
        .u(1, 1)
        .u(0, 1)
        .flag(p.raim)
        .u(1, 1)
        .u(0b1100000000000000110, 19);
    b
}

/// Type 19: an extended Class B report, with name, type and dimensions.
pub fn class_b_extended(
    p: &ClassB,
    shipname: &str,
    shiptype: u8,
    d: &Dimensions,
    epfd: u8,
) -> BitWriter {
    let mut b = BitWriter::new();
    class_b_position(&mut b, 19, p);
    b.u(0, 4).text(shipname, 20).u(shiptype.into(), 8);
    dims(&mut b, d);
    b.u(epfd.into(), 4).flag(p.raim).u(0, 1).u(0, 1).u(0, 4);
    b
}

/// Type 21: an aid to navigation; a name longer than 20 characters goes
/// on in the extension (up to 14 more).
#[derive(Debug, Clone, PartialEq)]
pub struct AidToNavigation {
    pub mmsi: u32,
    pub aid_type: u8,
    pub name: String,
    pub accuracy: bool,
    pub lon: i32,
    pub lat: i32,
    pub dimensions: Dimensions,
    pub epfd: u8,
    pub second: u8,
    pub off_position: bool,
    pub raim: bool,
    pub virtual_aid: bool,
}

pub fn aid_to_navigation(a: &AidToNavigation) -> BitWriter {
    let mut b = BitWriter::new();
    let (head, ext) = a.name.split_at(a.name.len().min(20));
    b.u(21, 6)
        .u(0, 2)
        .u(a.mmsi.into(), 30)
        .u(a.aid_type.into(), 5)
        .text(head, 20)
        .flag(a.accuracy)
        .i(a.lon.into(), 28)
        .i(a.lat.into(), 27);
    dims(&mut b, &a.dimensions);
    b.u(a.epfd.into(), 4)
        .u(a.second.into(), 6)
        .flag(a.off_position)
        .u(0, 8)
        .flag(a.raim)
        .flag(a.virtual_aid)
        .u(0, 1)
        .u(0, 1);
    if !ext.is_empty() {
        let n = ext.chars().count().min(14);
        b.text(ext, n);
    }
    b
}

/// Type 24 part A: the name.
pub fn static_a(mmsi: u32, shipname: &str) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(24, 6)
        .u(0, 2)
        .u(mmsi.into(), 30)
        .u(0, 2)
        .text(shipname, 20)
        .u(0, 8);
    b
}

/// Type 24 part B: type, vendor, call sign, dimensions (or, for an
/// auxiliary craft, its mother ship's MMSI in their place).
pub fn static_b(
    mmsi: u32,
    shiptype: u8,
    vendor: &str,
    callsign: &str,
    d: &Dimensions,
    mothership: Option<u32>,
) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(24, 6)
        .u(0, 2)
        .u(mmsi.into(), 30)
        .u(1, 2)
        .u(shiptype.into(), 8)
        .text(vendor, 3)
        .u(1, 4)
        .u(12345, 20)
        .text(callsign, 7);
    match mothership {
        Some(m) => {
            b.u(m.into(), 30);
        }
        None => dims(&mut b, d),
    }
    b.u(0, 6);
    b
}

/// Type 27: long-range broadcast (satellite reception). Lon/lat in 1/10
/// minute, speed in knots (63 not available), course in degrees (511).
#[derive(Debug, Clone, PartialEq)]
pub struct LongRange {
    pub mmsi: u32,
    pub accuracy: bool,
    pub raim: bool,
    pub status: u8,
    pub lon: i32,
    pub lat: i32,
    pub speed: u8,
    pub course: u16,
    pub gnss: bool,
}

pub fn long_range(p: &LongRange) -> BitWriter {
    let mut b = BitWriter::new();
    b.u(27, 6)
        .u(0, 2)
        .u(p.mmsi.into(), 30)
        .flag(p.accuracy)
        .flag(p.raim)
        .u(p.status.into(), 4)
        .i(p.lon.into(), 18)
        .i(p.lat.into(), 17)
        .u(p.speed.into(), 6)
        .u(p.course.into(), 9)
        .flag(p.gnss)
        .u(0, 1);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armouring_uses_both_ranges_and_pads_with_fill_bits() {
        let mut b = BitWriter::new();
        b.u(0, 6).u(39, 6).u(40, 6).u(63, 6).u(0b11, 2);
        assert_eq!(b.armour(), ("0W`wh".to_string(), 4));
    }

    #[test]
    fn a_sentence_carries_its_checksum() {
        // gpsd's test/sample.aivdm, first type 1: the same payload and
        // checksum come out of the encoder.
        let body = "AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0";
        assert_eq!(format!("{:02X}", checksum(body)), "4A");
    }
}
