//! One NMEA 0183 line: an optional NMEA 4.10 tag block (`\c:1742…*hh\`, whose
//! `c:` gives the time the sentence was received), then a `!AIVDM` or
//! `!AIVDO` sentence from any talker (`AI`, `AB`, `BS`, `SA`…) with its
//! checksum. Text after the checksum (a receiver's own fields, such as
//! `,raishub,1342569600`) is ignored, and so is text before the `!` when
//! there is no tag block (a logger's timestamp).

use super::Reason;

/// The fields of one AIS sentence, borrowed from its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence<'a> {
    /// The two-letter talker (`AI`, `BS`, …).
    pub talker: [u8; 2],
    /// `VDO`: the receiving station's own vessel.
    pub own: bool,
    /// Fragments in the message (1–9) and this one's number (1-based).
    pub count: u8,
    pub number: u8,
    /// The sequential message id (0–9) tying fragments together.
    pub seq: Option<u8>,
    /// The radio channel (`A`, `B`, or `1`, `2`).
    pub channel: Option<u8>,
    pub payload: &'a [u8],
    /// Bits of padding at the end of the payload (0–5).
    pub fill: u8,
    /// Seconds since 1970 from the tag block's `c:` field, when its
    /// checksum is right.
    pub time: Option<i64>,
}

/// Why a line is not a usable sentence, with the details a person needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    pub reason: Reason,
    pub detail: String,
}

fn bad(reason: Reason, detail: impl Into<String>) -> Bad {
    Bad {
        reason,
        detail: detail.into(),
    }
}

/// The NMEA checksum of `bytes`, eight at a time.
fn xor(bytes: &[u8]) -> u8 {
    let mut words = bytes.chunks_exact(8);
    let mut w = 0u64;
    for c in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        w ^= u64::from_le_bytes(b);
    }
    let folded = w.to_le_bytes().iter().fold(0, |a, b| a ^ b);
    words.remainder().iter().fold(folded, |a, b| a ^ b)
}

fn hex2(h: &[u8]) -> Option<u8> {
    let d = |c: u8| (c as char).to_digit(16);
    match h {
        [a, b, ..] => Some((d(*a)? * 16 + d(*b)?) as u8),
        _ => None,
    }
}

/// The `c:` time of a tag block (`c:1742457600,s:r17*5A`), when its checksum
/// is right; a value in milliseconds is read as such.
fn tag_time(tag: &[u8]) -> Option<i64> {
    let star = tag.iter().rposition(|&b| b == b'*')?;
    if hex2(&tag[star + 1..])? != xor(&tag[..star]) {
        return None;
    }
    let c = tag[..star]
        .split(|&b| b == b',')
        .find_map(|f| f.strip_prefix(b"c:"))?;
    let v: i64 = std::str::from_utf8(c).ok()?.parse().ok()?;
    Some(if v > 100_000_000_000 { v / 1000 } else { v })
}

/// Reads one line (without its line ending).
pub fn parse(line: &[u8]) -> Result<Sentence<'_>, Bad> {
    let mut rest = line;
    let mut time = None;
    if let Some(after) = rest.strip_prefix(b"\\") {
        let end = after
            .iter()
            .position(|&b| b == b'\\')
            .ok_or_else(|| bad(Reason::Malformed, "a tag block that is not closed by \\"))?;
        time = tag_time(&after[..end]);
        rest = &after[end + 1..];
    }
    let Some(bang) = rest.iter().position(|&b| b == b'!' || b == b'$') else {
        return Err(bad(Reason::NotAis, "no NMEA sentence (one starts with !)"));
    };
    let s = &rest[bang..];
    if s.len() < 7 || !(&s[3..6] == b"VDM" || &s[3..6] == b"VDO") {
        let name: String = s
            .iter()
            .skip(1)
            .take(5)
            .map(|&b| char::from(b))
            .filter(|c| c.is_ascii_graphic())
            .collect();
        return Err(bad(
            Reason::NotAis,
            format!("\"{name}\" is not an AIS sentence (VDM or VDO)"),
        ));
    }
    let talker = [s[1], s[2]];
    if !talker
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(bad(Reason::Malformed, "the talker is not two letters"));
    }
    let own = &s[3..6] == b"VDO";
    let Some(star) = memchr::memchr(b'*', s) else {
        return Err(bad(Reason::Malformed, "no checksum (*hh)"));
    };
    let body = &s[1..star];
    let Some(given) = hex2(&s[star + 1..]) else {
        return Err(bad(Reason::Malformed, "the checksum is not two hex digits"));
    };
    let computed = xor(body);
    if given != computed {
        return Err(bad(
            Reason::Checksum,
            format!("checksum {given:02X}, but the sentence sums to {computed:02X}"),
        ));
    }
    let mut f = body.split(|&b| b == b',');
    let _address = f.next();
    let fields: [&[u8]; 6] = [
        f.next().unwrap_or(b""),
        f.next().unwrap_or(b""),
        f.next().unwrap_or(b""),
        f.next().unwrap_or(b""),
        f.next().unwrap_or(b""),
        f.next().unwrap_or(b""),
    ];
    if f.next().is_some() || fields[5].is_empty() {
        return Err(bad(
            Reason::Malformed,
            "a VDM sentence has seven fields: !AIVDM,count,number,id,channel,payload,fill",
        ));
    }
    let [count, number, seq, channel, payload, fill] = fields;
    let digit = |v: &[u8]| match v {
        [d] if d.is_ascii_digit() => Some(d - b'0'),
        _ => None,
    };
    let (Some(count), Some(number)) = (digit(count), digit(number)) else {
        return Err(bad(
            Reason::Malformed,
            "the fragment count and number are not digits",
        ));
    };
    if count == 0 || number == 0 || number > count {
        return Err(bad(
            Reason::Malformed,
            format!("fragment {number} of {count} does not exist"),
        ));
    }
    let seq = match seq {
        [] => None,
        v => Some(digit(v).ok_or_else(|| bad(Reason::Malformed, "the message id is not 0–9"))?),
    };
    let channel = match channel {
        [] => None,
        [c] if c.is_ascii_alphanumeric() => Some(*c),
        _ => {
            return Err(bad(
                Reason::Malformed,
                "the channel is not one letter or digit",
            ));
        }
    };
    let fill = match digit(fill) {
        Some(d) if d <= 5 => d,
        _ => return Err(bad(Reason::Malformed, "the fill bits are not 0–5")),
    };
    if payload.is_empty() {
        return Err(bad(Reason::Malformed, "the payload is empty"));
    }
    // A fragment's payload is checked here, so that its own line is named;
    // a single sentence's is checked as it is unarmoured.
    if count > 1
        && let Some(c) = payload
            .iter()
            .find(|&&c| super::payload::sixbit(c).is_none())
    {
        return Err(bad(
            Reason::BadPayload,
            format!(
                "'{}' is not a payload character",
                char::from(*c).escape_default()
            ),
        ));
    }
    Ok(Sentence {
        talker,
        own,
        count,
        number,
        seq,
        channel,
        payload,
        fill,
        time,
    })
}
