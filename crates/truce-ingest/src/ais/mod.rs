//! AIS (the Automatic Identification System ships broadcast) as monitors
//! receive it: NMEA 0183 `!AIVDM`/`!AIVDO` sentences, one per line.
//!
//! - [`nmea`] reads a line: tag block, talker, checksum, fragment fields.
//! - [`Decoder`] puts multi-sentence messages back together, keyed by
//!   (message id, channel) so that interleaved messages on both channels
//!   each find their fragments; a message whose fragment is lost is dropped
//!   and counted, and a half-assembled one expires after
//!   [`Limits::stale_lines`] lines. Buffers are bounded ([`Limits`]).
//! - [`payload`] reads the fields of types 1–5, 18, 19, 21, 24 (A and B)
//!   and 27 into Truce's own [`AisMessage`], scaled, with "not available"
//!   as `None`. Other types are counted, not decoded.
//!
//! Nothing in here panics on any input, and no line is fatal: a bad line is
//! counted by [`Reason`] and kept as a [`Problem`] with its line number.
//! The output fields, units and limits are written down in
//! `docs/formats.md` ("AIS").

pub mod nmea;
pub mod payload;

use payload::Bits;
use serde::Serialize;
use std::io::BufRead;

/// One decoded AIS message, in Truce's terms (independent of any decoding
/// library). Positions are WGS 84 degrees, speeds knots, courses and
/// headings degrees from true north, dimensions metres. A field the message
/// type does not carry, or that the sender marked "not available", is
/// `None`. The twelve fields named in `docs/formats.md` are always written
/// in JSON (as `null` when absent); the others only when present.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AisMessage {
    #[serde(rename = "type")]
    pub msg_type: u8,
    pub mmsi: u32,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub speed: Option<f64>,
    pub course: Option<f64>,
    pub heading: Option<u16>,
    pub shiptype: Option<u8>,
    pub shipname: Option<String>,
    pub callsign: Option<String>,
    pub imo: Option<u32>,
    pub destination: Option<String>,

    pub repeat: u8,
    /// The radio channel the message came on (`A`, `B`; `1`, `2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<char>,
    /// Received as `VDO`: the receiving station's own vessel.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub own: bool,
    /// When the receiver got it (tag block `c:`), RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
    /// Navigational status 0–14 (0 under way using engine, 1 at anchor,
    /// 5 moored, 7 fishing…); 15 "not defined" is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u8>,
    /// Rate of turn in degrees per minute (negative: to port).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn: Option<f64>,
    /// Position accuracy flag: true is better than 10 m.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raim: Option<bool>,
    /// The UTC second at which the position was fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
    /// A base station's UTC time (type 4), RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Type of position-fixing device (1 GPS, 2 GLONASS, … 15 internal GNSS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epfd: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ais_version: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_bow: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_stern: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_starboard: Option<u8>,
    /// Estimated time of arrival (UTC, no year), each part when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_day: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_hour: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_minute: Option<u8>,
    /// Draught in metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draught: Option<f64>,
    /// Type 24: which half of the static data this is (`A` name, `B` the rest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<char>,
    /// Type 24 B from an auxiliary craft: its mother ship.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mothership_mmsi: Option<u32>,
    /// Type 21: the kind of aid to navigation (1 reference point … 31).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aid_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_position: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_aid: Option<bool>,
}

/// Why a line (or a message spread over lines) was not decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Longer than [`Limits::max_line`].
    TooLong,
    /// Not a VDM/VDO sentence (another NMEA sentence, or no sentence).
    NotAis,
    /// The sentence's fields are not what NMEA 0183 says.
    Malformed,
    /// The checksum does not match.
    Checksum,
    /// A payload character outside the six-bit armour.
    BadPayload,
    /// A later fragment whose earlier ones were not seen.
    Orphan,
    /// A message whose later fragments never came (lost, or expired).
    Incomplete,
    /// A message longer than any AIS message can be.
    TooLarge,
    /// Fewer bits than its type needs.
    TooShort,
    /// A field with a value the standard does not define (type 24 part 2).
    BadField,
}

impl Reason {
    pub const ALL: [Reason; 10] = [
        Reason::TooLong,
        Reason::NotAis,
        Reason::Malformed,
        Reason::Checksum,
        Reason::BadPayload,
        Reason::Orphan,
        Reason::Incomplete,
        Reason::TooLarge,
        Reason::TooShort,
        Reason::BadField,
    ];

    /// A short name, for summaries and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Reason::TooLong => "line-too-long",
            Reason::NotAis => "not-ais",
            Reason::Malformed => "malformed",
            Reason::Checksum => "checksum",
            Reason::BadPayload => "bad-payload",
            Reason::Orphan => "orphan-fragment",
            Reason::Incomplete => "incomplete-message",
            Reason::TooLarge => "message-too-large",
            Reason::TooShort => "message-too-short",
            Reason::BadField => "bad-field",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reason::TooLong => "line too long",
            Reason::NotAis => "not an AIS sentence",
            Reason::Malformed => "malformed sentence",
            Reason::Checksum => "wrong checksum",
            Reason::BadPayload => "bad payload character",
            Reason::Orphan => "fragment without its first part",
            Reason::Incomplete => "message with a lost fragment",
            Reason::TooLarge => "message too large",
            Reason::TooShort => "message too short for its type",
            Reason::BadField => "undefined field value",
        })
    }
}

/// A line that was not decoded, or the first line of a message that was not.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line number in the input.
    pub line: u64,
    pub reason: Reason,
    pub detail: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.reason, self.detail)
    }
}

/// What the decoder has seen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub lines: u64,
    /// Blank lines and `#` comments.
    pub skipped: u64,
    /// Well-formed AIS sentences (checksum right).
    pub sentences: u64,
    /// Complete messages of the decoded types.
    pub messages: u64,
    /// Complete messages of other types (counted, not decoded).
    pub other_types: u64,
    /// Complete messages by type (index = type, 0–63; other types included).
    #[serde(skip)]
    pub by_type: Vec<u64>,
    #[serde(skip)]
    bad: [u64; Reason::ALL.len()],
}

impl Stats {
    /// How many lines (or messages) went wrong for this reason.
    pub fn bad(&self, r: Reason) -> u64 {
        self.bad[r.index()]
    }

    pub fn bad_total(&self) -> u64 {
        self.bad.iter().sum()
    }

    /// The reasons that occurred, with their counts.
    pub fn bad_by_reason(&self) -> impl Iterator<Item = (Reason, u64)> + '_ {
        Reason::ALL
            .into_iter()
            .map(|r| (r, self.bad(r)))
            .filter(|(_, n)| *n > 0)
    }
}

/// Bounds on everything the decoder keeps.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest line read, in bytes (an NMEA sentence is at most 82
    /// characters; tag blocks and receivers' own fields add some).
    pub max_line: usize,
    /// Half-assembled messages kept at once; the oldest is dropped beyond it
    /// (message ids 0–9 on two channels make 20 in normal traffic).
    pub max_pending: usize,
    /// Lines after its latest fragment before a half-assembled message is
    /// given up as lost (fragments follow each other within a few lines).
    pub stale_lines: u64,
    /// Problems kept for the caller to read (beyond it they are only counted).
    pub max_problems: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line: 1024,
            max_pending: 32,
            stale_lines: 100,
            max_problems: 1000,
        }
    }
}

struct Pending {
    seq: Option<u8>,
    channel: Option<u8>,
    own: bool,
    count: u8,
    /// The next fragment number expected.
    next: u8,
    first_line: u64,
    last_line: u64,
    time: Option<i64>,
    /// The armoured payload so far.
    chars: Vec<u8>,
}

/// Puts sentences back together into messages and decodes them. Feed it
/// lines in order with [`Decoder::push`], then call [`Decoder::finish`].
pub struct Decoder {
    limits: Limits,
    pending: Vec<Pending>,
    /// Freed fragment buffers, reused.
    spare: Vec<Vec<u8>>,
    bits: Box<Bits>,
    stats: Stats,
    problems: Vec<Problem>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(Limits::default())
    }
}

impl Decoder {
    pub fn new(limits: Limits) -> Decoder {
        Decoder {
            limits,
            pending: Vec::new(),
            spare: Vec::new(),
            bits: Box::default(),
            stats: Stats {
                by_type: vec![0; 64],
                ..Stats::default()
            },
            problems: Vec::new(),
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The problems recorded since the last call (at most
    /// [`Limits::max_problems`] of them; all are counted in [`Stats`]).
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    fn problem(&mut self, line: u64, reason: Reason, detail: impl Into<String>) {
        self.stats.bad[reason.index()] += 1;
        if self.problems.len() < self.limits.max_problems {
            self.problems.push(Problem {
                line,
                reason,
                detail: detail.into(),
            });
        }
    }

    fn lost(&mut self, p: Pending, why: &str) {
        let detail = format!(
            "fragment {} of {} (message id {}, channel {}) {why}",
            p.next,
            p.count,
            p.seq.map_or("none".to_string(), |s| s.to_string()),
            p.channel.map_or('-', char::from),
        );
        self.problem(p.first_line, Reason::Incomplete, detail);
        self.recycle(p);
    }

    fn recycle(&mut self, mut p: Pending) {
        p.chars.clear();
        if self.spare.len() < self.limits.max_pending {
            self.spare.push(p.chars);
        }
    }

    /// Reads the next line (without or with its line ending) and returns
    /// the message it completes, if any.
    pub fn push(&mut self, line: &[u8]) -> Option<AisMessage> {
        self.stats.lines += 1;
        let n = self.stats.lines;
        if line.len() > self.limits.max_line {
            self.problem(
                n,
                Reason::TooLong,
                format!(
                    "{} bytes; at most {} are read",
                    line.len(),
                    self.limits.max_line
                ),
            );
            return None;
        }
        let line = line.trim_ascii();
        if line.is_empty() || line[0] == b'#' {
            self.stats.skipped += 1;
            return None;
        }
        if !self.pending.is_empty() && n.is_multiple_of(16) {
            self.expire(n);
        }
        let s = match nmea::parse(line) {
            Ok(s) => s,
            Err(b) => {
                self.problem(n, b.reason, b.detail);
                return None;
            }
        };
        self.stats.sentences += 1;
        if s.count == 1 {
            return self.complete(n, &s, s.payload, s.fill, s.time);
        }
        let at = self
            .pending
            .iter()
            .position(|p| p.seq == s.seq && p.channel == s.channel && p.own == s.own);
        if s.number == 1 {
            if let Some(i) = at {
                let old = self.pending.swap_remove(i);
                self.lost(old, "never came: a new message took its id");
            }
            if self.pending.len() >= self.limits.max_pending {
                let oldest = (0..self.pending.len())
                    .min_by_key(|&i| self.pending[i].last_line)
                    .unwrap_or(0);
                let old = self.pending.swap_remove(oldest);
                self.lost(old, "never came: too many messages were half-assembled");
            }
            let mut chars = self.spare.pop().unwrap_or_default();
            chars.extend_from_slice(s.payload);
            self.pending.push(Pending {
                seq: s.seq,
                channel: s.channel,
                own: s.own,
                count: s.count,
                next: 2,
                first_line: n,
                last_line: n,
                time: s.time,
                chars,
            });
            return None;
        }
        let Some(i) = at else {
            self.problem(
                n,
                Reason::Orphan,
                format!(
                    "fragment {} of {} without fragment 1 (lost, or cut off at the start)",
                    s.number, s.count
                ),
            );
            return None;
        };
        if self.pending[i].next != s.number || self.pending[i].count != s.count {
            let old = self.pending.swap_remove(i);
            let expected = (old.next, old.count);
            self.lost(old, "never came");
            self.problem(
                n,
                Reason::Orphan,
                format!(
                    "fragment {} of {} where fragment {} of {} was expected",
                    s.number, s.count, expected.0, expected.1
                ),
            );
            return None;
        }
        let p = &mut self.pending[i];
        if p.chars.len() + s.payload.len() > payload::MAX_PAYLOAD_CHARS {
            let old = self.pending.swap_remove(i);
            self.recycle(old);
            self.problem(
                n,
                Reason::TooLarge,
                format!(
                    "more than {} payload characters",
                    payload::MAX_PAYLOAD_CHARS
                ),
            );
            return None;
        }
        p.chars.extend_from_slice(s.payload);
        p.last_line = n;
        p.time = p.time.or(s.time);
        if s.number < s.count {
            p.next += 1;
            return None;
        }
        let p = self.pending.swap_remove(i);
        let out = self.complete(p.first_line, &s, &p.chars, s.fill, p.time);
        self.recycle(p);
        out
    }

    /// Drops half-assembled messages whose next fragment is overdue.
    fn expire(&mut self, now: u64) {
        let stale = self.limits.stale_lines;
        let mut i = 0;
        while i < self.pending.len() {
            if now.saturating_sub(self.pending[i].last_line) > stale {
                let p = self.pending.swap_remove(i);
                self.lost(p, "never came (expired)");
            } else {
                i += 1;
            }
        }
    }

    /// Call at the end of the input: messages still missing fragments are
    /// counted as incomplete.
    pub fn finish(&mut self) {
        let mut left = std::mem::take(&mut self.pending);
        left.sort_by_key(|p| p.first_line);
        for p in left {
            self.lost(p, "never came (end of input)");
        }
    }

    fn complete(
        &mut self,
        line: u64,
        s: &nmea::Sentence<'_>,
        chars: &[u8],
        fill: u8,
        time: Option<i64>,
    ) -> Option<AisMessage> {
        match self.bits.unarmour(chars, fill) {
            Ok(()) => {}
            Err(payload::Unarmour::TooLarge) => {
                let detail = format!(
                    "{} payload characters; at most {}",
                    chars.len(),
                    payload::MAX_PAYLOAD_CHARS
                );
                self.problem(line, Reason::TooLarge, detail);
                return None;
            }
            Err(payload::Unarmour::BadChar(c)) => {
                let detail = format!(
                    "'{}' is not a payload character",
                    char::from(c).escape_default()
                );
                self.problem(line, Reason::BadPayload, detail);
                return None;
            }
        }
        match decode_bits(&self.bits) {
            Ok(Some(mut m)) => {
                self.stats.messages += 1;
                self.stats.by_type[usize::from(m.msg_type)] += 1;
                m.channel = s.channel.map(char::from);
                m.own = s.own;
                m.received = time.and_then(rfc3339);
                Some(m)
            }
            Ok(None) => {
                self.stats.other_types += 1;
                let t = usize::from(self.bits.u(0, 6) as u8);
                self.stats.by_type[t] += 1;
                None
            }
            Err(r) => {
                let t = self.bits.u(0, 6);
                let detail = format!("type {t}, {} bits", self.bits.len());
                self.problem(line, r, detail);
                None
            }
        }
    }
}

fn rfc3339(secs: i64) -> Option<String> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The message in a bit string: `Ok(None)` for a type Truce does not decode.
pub fn decode_bits(b: &Bits) -> Result<Option<AisMessage>, Reason> {
    if b.len() < 38 {
        return Err(Reason::TooShort);
    }
    let msg_type = b.u(0, 6) as u8;
    if !payload::decoded(msg_type) {
        return Ok(None);
    }
    let mut m = AisMessage {
        msg_type,
        repeat: b.u(6, 2) as u8,
        mmsi: b.u(8, 30),
        ..AisMessage::default()
    };
    payload::decode(b, &mut m)?;
    Ok(Some(m))
}

/// Decodes one line on its own, for tests and fuzzing: a single-sentence
/// message of a decoded type gives `Ok(Some(_))`; a fragment of a longer
/// message, a comment or a message of another type `Ok(None)`; anything
/// wrong `Err`. Never panics.
pub fn decode_line(line: &str) -> Result<Option<AisMessage>, Problem> {
    let mut d = Decoder::new(Limits {
        max_problems: 1,
        ..Limits::default()
    });
    let m = d.push(line.as_bytes());
    match d.take_problems().into_iter().next() {
        Some(p) => Err(p),
        None => Ok(m),
    }
}

/// Reads NMEA lines from `input` with bounded memory (a line longer than
/// [`Limits::max_line`] is skipped to its end, never held), hands each
/// complete message to `on_message`, and counts everything in `decoder`.
/// Calls [`Decoder::finish`] at the end.
pub fn read<R: BufRead>(
    mut input: R,
    decoder: &mut Decoder,
    mut on_message: impl FnMut(AisMessage, &mut Decoder),
) -> std::io::Result<()> {
    let max = decoder.limits.max_line;
    let mut line: Vec<u8> = Vec::with_capacity(max.min(4096));
    // Bytes of an over-long line seen so far, once it passed `max`.
    let mut overflow: Option<usize> = None;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let (chunk, ended) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        let used = chunk.len() + usize::from(ended);
        match overflow.as_mut() {
            Some(seen) => *seen += chunk.len(),
            None if line.is_empty() && ended && chunk.len() <= max => {
                // The common case: the whole line is in the buffer.
                if let Some(m) = decoder.push(chunk) {
                    on_message(m, decoder);
                }
                input.consume(used);
                continue;
            }
            None if line.len() + chunk.len() > max => {
                overflow = Some(line.len() + chunk.len());
                line.clear();
            }
            None => line.extend_from_slice(chunk),
        }
        input.consume(used);
        if ended {
            finish_line(&mut line, &mut overflow, decoder, &mut on_message);
        }
    }
    if !line.is_empty() || overflow.is_some() {
        finish_line(&mut line, &mut overflow, decoder, &mut on_message);
    }
    decoder.finish();
    Ok(())
}

fn finish_line(
    line: &mut Vec<u8>,
    overflow: &mut Option<usize>,
    decoder: &mut Decoder,
    on_message: &mut impl FnMut(AisMessage, &mut Decoder),
) {
    match overflow.take() {
        Some(len) => {
            decoder.stats.lines += 1;
            let n = decoder.stats.lines;
            let max = decoder.limits.max_line;
            decoder.problem(
                n,
                Reason::TooLong,
                format!("{len} bytes; at most {max} are read"),
            );
        }
        None => {
            if let Some(m) = decoder.push(line) {
                on_message(m, decoder);
            }
        }
    }
    line.clear();
}
