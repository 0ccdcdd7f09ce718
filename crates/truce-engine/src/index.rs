//! The placement index: what correlation needs of every placed report, kept
//! compact and by time, so that incremental placement reads a few hours'
//! worth of reports instead of the whole workspace.
//!
//! A [`Record`] holds one placed report's sweep key, point, kind, name words
//! and correlation group. Records are kept in *chunks*: by span class (how
//! long the report's interval is) and by the hour bucket its interval
//! starts in. A chunk is written whole, in the encoding of [`encode_chunk`];
//! stores keep chunks as opaque bytes, so every backend keeps the same index.
//! The index is a projection: a full evaluation writes it anew from the
//! reports and the groups correlation made.

use crate::correlate::{CorrelateConfig, Item};
use crate::names::name_tokens;
use compact_str::CompactString;
use truce_model::{Act, GeoPrecision, LatLon, Means, Period, Report, TargetClass};

/// The width of a chunk's time bucket.
pub const BUCKET_SECS: i64 = 3600;

/// The longest interval of a *short* report: a day in any zone (25 hours on
/// the day clocks go back), with room to spare.
pub const SHORT_MAX_SECS: i64 = 25 * 3600;

/// The longest interval of a *long* report: a month in any zone, with room
/// to spare. Longer ones are *very long*, kept in one chunk read whole.
pub const LONG_MAX_SECS: i64 = 32 * 86_400;

/// How long a record's interval is: which chunks it is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpanClass {
    Short = 0,
    Long = 1,
    VeryLong = 2,
}

impl SpanClass {
    pub const ALL: [SpanClass; 3] = [SpanClass::Short, SpanClass::Long, SpanClass::VeryLong];

    pub fn of(interval: Period) -> SpanClass {
        let span = interval.end.saturating_sub(interval.start);
        if span <= SHORT_MAX_SECS {
            SpanClass::Short
        } else if span <= LONG_MAX_SECS {
            SpanClass::Long
        } else {
            SpanClass::VeryLong
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(c: i64) -> Option<SpanClass> {
        SpanClass::ALL.into_iter().find(|s| s.code() == c)
    }
}

/// The bucket a record is kept in within its class (very long records all
/// share bucket 0).
pub fn bucket_of(class: SpanClass, start: i64) -> i64 {
    match class {
        SpanClass::VeryLong => 0,
        _ => start.div_euclid(BUCKET_SECS),
    }
}

/// Where a chunk is: its class and bucket.
pub type ChunkKey = (SpanClass, i64);

/// One placed report as correlation sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its id in the store (also its filing rank).
    pub id: i64,
    pub interval: Period,
    /// Its key. Kept inline when short (as most are): a replay decodes and
    /// drops tens of thousands of records, and their allocations were most
    /// of its time.
    pub source: CompactString,
    pub external_id: CompactString,
    /// Its usable point ([`crate::usable_point`]).
    pub point: Option<LatLon>,
    pub precision: GeoPrecision,
    pub act: Act,
    pub means: Means,
    pub target: TargetClass,
    /// Distinctive words of its target name ([`name_tokens`]).
    pub tokens: crate::names::Words,
    /// Its correlation group: the id of the group's first report in the sweep.
    pub group: i64,
    /// The earliest start among its group's short members, and among its
    /// long ones (`i64::MAX` when none): placement knows from these whether
    /// it read the whole group.
    pub group_short_start: i64,
    pub group_long_start: i64,
}

impl Record {
    /// The record of a report that correlation can place, with its group;
    /// None for a report that can join nothing and that nothing can join
    /// (no usable point, no name) and for sensor evidence, which correlation
    /// leaves out.
    pub fn of(id: i64, r: &Report, group: i64) -> Option<Record> {
        if crate::sensors::is_detection(r) {
            return None;
        }
        let point = crate::usable_point(r);
        let tokens = r
            .target_name
            .as_deref()
            .map(name_tokens)
            .unwrap_or_default();
        if point.is_none() && tokens.is_empty() {
            return None;
        }
        Some(Record {
            id,
            interval: r.occurred,
            source: CompactString::from(r.source.as_str()),
            external_id: CompactString::from(r.external_id.as_str()),
            point,
            precision: r.geo_precision,
            act: r.act,
            means: r.means,
            target: r.target_class,
            tokens,
            group,
            group_short_start: i64::MAX,
            group_long_start: i64::MAX,
        })
    }

    pub fn class(&self) -> SpanClass {
        SpanClass::of(self.interval)
    }

    pub fn chunk(&self) -> ChunkKey {
        let c = self.class();
        (c, bucket_of(c, self.interval.start))
    }

    /// What the sweep reads of it, known to the sweep as `index`.
    pub(crate) fn item(&self, index: u32, cfg: &CorrelateConfig) -> Item {
        Item {
            index,
            interval: self.interval,
            point: self.point,
            radius: cfg.radius(self.precision),
            act: self.act,
            means: self.means,
            target: self.target,
            tokens: self.tokens.clone(),
        }
    }
}

/// Sets every record's group starts from the records of its group given.
pub fn set_group_starts(records: &mut [Record]) {
    let mut starts: rustc_hash::FxHashMap<i64, (i64, i64)> = rustc_hash::FxHashMap::default();
    for r in records.iter() {
        let e = starts.entry(r.group).or_insert((i64::MAX, i64::MAX));
        match r.class() {
            SpanClass::Short => e.0 = e.0.min(r.interval.start),
            _ => e.1 = e.1.min(r.interval.start),
        }
    }
    for r in records.iter_mut() {
        let (s, l) = starts[&r.group];
        r.group_short_start = s;
        r.group_long_start = l;
    }
}

/// A chunk that cannot be read: written by another version of Truce, or
/// damaged. A full evaluation writes the index anew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkError(pub String);

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the placement index is unreadable: {}", self.0)
    }
}

impl std::error::Error for ChunkError {}

/// The records as [`encode_records`] lays them out.
const MAGIC: &[u8; 4] = b"TPX1";

/// The records compressed (zstd): what [`encode_chunk`] writes. Chunks of
/// the first form still read, and are written packed when next touched.
const PACKED: &[u8; 4] = b"TPX2";

/// zstd's fastest level: the records are small integers and repeated
/// words, and halve at it; higher levels gain little and slow placement,
/// which writes the chunks it touches.
const LEVEL: i32 = 1;

/// The most a packed chunk may unpack to: more is damage, not data (a
/// chunk holds an hour's reports, a few hundred kilobytes).
const MAX_CHUNK_BYTES: u64 = 256 << 20;

/// A fingerprint of the vocabularies, whose positions the encoding uses: a
/// chunk written under other vocabularies is refused, not misread.
fn vocabulary_fingerprint() -> u64 {
    // Checked for every chunk read (hundreds a placement): computed once.
    static FINGERPRINT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FINGERPRINT.get_or_init(compute_vocabulary_fingerprint)
}

fn compute_vocabulary_fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    Act::ALL.iter().for_each(|a| eat(a.as_str()));
    Means::ALL.iter().for_each(|a| eat(a.as_str()));
    TargetClass::ALL.iter().for_each(|a| eat(a.as_str()));
    GeoPrecision::ALL.iter().for_each(|a| eat(a.as_str()));
    // The chunks' widths: a chunk kept under other widths is refused too.
    eat(&format!("{BUCKET_SECS}/{SHORT_MAX_SECS}/{LONG_MAX_SECS}"));
    h
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn position<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|x| x == v).unwrap_or(0) as u8
}

/// Encodes a chunk's records, packed: the index is a tenth of a workspace's
/// rows, and its records halve under zstd.
pub fn encode_chunk(records: &[Record]) -> Vec<u8> {
    let plain = encode_records(records);
    match zstd::bulk::compress(&plain, LEVEL) {
        Ok(frame) => {
            let mut out = Vec::with_capacity(PACKED.len() + frame.len());
            out.extend_from_slice(PACKED);
            out.extend_from_slice(&frame);
            out
        }
        // Only an allocation can fail here; the plain form reads as well.
        Err(_) => plain,
    }
}

/// The records laid out plainly, as the first form of a chunk.
fn encode_records(records: &[Record]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + records.len() * 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&vocabulary_fingerprint().to_le_bytes());
    put_varint(&mut out, records.len() as u64);
    for r in records {
        put_varint(&mut out, zigzag(r.id));
        put_varint(&mut out, zigzag(r.interval.start));
        put_varint(&mut out, zigzag(r.interval.end - r.interval.start));
        put_varint(&mut out, zigzag(r.group - r.id));
        let short = if r.group_short_start == i64::MAX {
            0
        } else {
            1 + zigzag(r.interval.start - r.group_short_start)
        };
        let long = if r.group_long_start == i64::MAX {
            0
        } else {
            1 + zigzag(r.interval.start - r.group_long_start)
        };
        put_varint(&mut out, short);
        put_varint(&mut out, long);
        out.push(u8::from(r.point.is_some()));
        if let Some(p) = r.point {
            out.extend_from_slice(&p.lat.to_le_bytes());
            out.extend_from_slice(&p.lon.to_le_bytes());
        }
        out.push(position(GeoPrecision::ALL, &r.precision));
        out.push(position(Act::ALL, &r.act));
        out.push(position(Means::ALL, &r.means));
        out.push(position(TargetClass::ALL, &r.target));
        put_str(&mut out, &r.source);
        put_str(&mut out, &r.external_id);
        put_varint(&mut out, r.tokens.len() as u64);
        for t in &r.tokens {
            put_str(&mut out, t);
        }
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], ChunkError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| ChunkError("it ends early".into()))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ChunkError> {
        Ok(self.bytes(1)?[0])
    }
    fn varint(&mut self) -> Result<u64, ChunkError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ChunkError("a number is too long".into()))
    }
    fn i64(&mut self) -> Result<i64, ChunkError> {
        Ok(unzigzag(self.varint()?))
    }
    fn f64(&mut self) -> Result<f64, ChunkError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.bytes(8)?);
        Ok(f64::from_le_bytes(a))
    }
    fn text(&mut self) -> Result<&[u8], ChunkError> {
        let n = self.varint()? as usize;
        self.bytes(n)
    }
    fn compact(&mut self) -> Result<CompactString, ChunkError> {
        CompactString::from_utf8(self.text()?).map_err(|_| not_utf8())
    }
    fn pick<T: Copy>(&mut self, all: &[T]) -> Result<T, ChunkError> {
        let i = self.u8()? as usize;
        all.get(i)
            .copied()
            .ok_or_else(|| ChunkError("a value is out of range".into()))
    }
}

fn not_utf8() -> ChunkError {
    ChunkError("a text is not UTF-8".into())
}

thread_local! {
    /// One decompression context per thread: a placement reads hundreds of
    /// chunks, and a context is dearer to make than a chunk to unpack.
    static UNPACK: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Decodes a chunk written by [`encode_chunk`], packed or in the first form.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<Record>, ChunkError> {
    let Some(frame) = bytes.strip_prefix(PACKED) else {
        return decode_records(bytes);
    };
    let size = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(n)) if n <= MAX_CHUNK_BYTES => n as usize,
        Ok(Some(_)) => return Err(ChunkError("it claims to be implausibly large".into())),
        _ => return Err(ChunkError("its compressed frame is damaged".into())),
    };
    let plain = UNPACK.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = zstd::bulk::Decompressor::new().ok();
        }
        match cell.as_mut() {
            Some(d) => d.decompress(frame, size).ok(),
            None => None,
        }
    });
    match plain {
        Some(plain) if plain.len() == size => decode_records(&plain),
        _ => Err(ChunkError("its compressed frame is damaged".into())),
    }
}

/// Decodes records laid out by [`encode_records`].
fn decode_records(bytes: &[u8]) -> Result<Vec<Record>, ChunkError> {
    let mut r = Reader { b: bytes, at: 0 };
    if r.bytes(4)? != MAGIC {
        return Err(ChunkError("unknown format".into()));
    }
    let mut fp = [0u8; 8];
    fp.copy_from_slice(r.bytes(8)?);
    if u64::from_le_bytes(fp) != vocabulary_fingerprint() {
        return Err(ChunkError("written with other vocabularies".into()));
    }
    let n = r.varint()? as usize;
    // Each record takes at least 16 bytes: a count beyond that is damage.
    if n > bytes.len() / 8 {
        return Err(ChunkError("the record count is implausible".into()));
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.i64()?;
        let start = r.i64()?;
        let end = start.saturating_add(r.i64()?);
        let group = id.saturating_add(r.i64()?);
        let short = r.varint()?;
        let long = r.varint()?;
        let back = |v: u64| {
            if v == 0 {
                i64::MAX
            } else {
                start.saturating_sub(unzigzag(v - 1))
            }
        };
        let point = match r.u8()? {
            0 => None,
            _ => {
                let lat = r.f64()?;
                let lon = r.f64()?;
                Some(LatLon::new(lat, lon))
            }
        };
        let precision = r.pick(GeoPrecision::ALL)?;
        let act = r.pick(Act::ALL)?;
        let means = r.pick(Means::ALL)?;
        let target = r.pick(TargetClass::ALL)?;
        let source = r.compact()?;
        let external_id = r.compact()?;
        let nt = r.varint()? as usize;
        if nt > 64 {
            return Err(ChunkError("too many name words".into()));
        }
        let mut tokens = crate::names::Words::with_capacity(nt);
        for _ in 0..nt {
            tokens.push(r.compact()?);
        }
        out.push(Record {
            id,
            interval: Period { start, end },
            source,
            external_id,
            point,
            precision,
            act,
            means,
            target,
            tokens,
            group,
            group_short_start: back(short),
            group_long_start: back(long),
        });
    }
    if r.at != bytes.len() {
        return Err(ChunkError("bytes follow the last record".into()));
    }
    Ok(out)
}

/// The whole index of a full evaluation: every report that correlation can
/// place (`reports[i]`, with id `ids[i]` and group `groups[i]`), in chunks,
/// encoded. Built chunk by chunk, so that only the encoded bytes are held.
pub fn chunks_from(reports: &[Report], ids: &[i64], groups: &[i64]) -> Vec<(ChunkKey, Vec<u8>)> {
    let placeable = |i: usize| {
        !crate::sensors::is_detection(&reports[i])
            && (crate::usable_point(&reports[i]).is_some()
                || reports[i]
                    .target_name
                    .as_deref()
                    .is_some_and(|n| !name_tokens(n).is_empty()))
    };
    let n = reports.len().min(ids.len()).min(groups.len());
    let mut starts: rustc_hash::FxHashMap<i64, (i64, i64)> = rustc_hash::FxHashMap::default();
    let mut keys: Vec<(ChunkKey, i64, u32)> = Vec::with_capacity(n);
    for i in (0..n).filter(|&i| placeable(i)) {
        let r = &reports[i];
        let class = SpanClass::of(r.occurred);
        let e = starts.entry(groups[i]).or_insert((i64::MAX, i64::MAX));
        match class {
            SpanClass::Short => e.0 = e.0.min(r.occurred.start),
            _ => e.1 = e.1.min(r.occurred.start),
        }
        keys.push((
            (class, bucket_of(class, r.occurred.start)),
            ids[i],
            i as u32,
        ));
    }
    keys.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    while at < keys.len() {
        let key = keys[at].0;
        let mut recs = Vec::new();
        while at < keys.len() && keys[at].0 == key {
            let i = keys[at].2 as usize;
            if let Some(mut rec) = Record::of(ids[i], &reports[i], groups[i]) {
                let (s, l) = starts[&groups[i]];
                rec.group_short_start = s;
                rec.group_long_start = l;
                recs.push(rec);
            }
            at += 1;
        }
        out.push((key, encode_chunk(&recs)));
    }
    out
}

/// Records of placed reports, split into chunks and encoded: what a full
/// evaluation writes. `records` get their group starts here.
pub fn chunks_of(mut records: Vec<Record>) -> Vec<(ChunkKey, Vec<u8>)> {
    set_group_starts(&mut records);
    let mut by: std::collections::BTreeMap<ChunkKey, Vec<Record>> = Default::default();
    for r in records {
        by.entry(r.chunk()).or_default().push(r);
    }
    by.into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable_by_key(|r| r.id);
            (k, encode_chunk(&v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: i64, start: i64, span: i64) -> Record {
        Record {
            id,
            interval: Period {
                start,
                end: start + span,
            },
            source: "ua-mod".into(),
            external_id: format!("x-{id}").into(),
            point: (id % 2 == 0).then(|| LatLon::new(50.1 + id as f64 * 1e-4, 36.2)),
            precision: GeoPrecision::Settlement,
            act: Act::Strike,
            means: Means::DroneLongRange,
            target: TargetClass::EnergySubstation,
            tokens: if id % 3 == 0 {
                smallvec::smallvec!["sudzha".into(), "ктц".into()]
            } else {
                crate::names::Words::new()
            },
            group: id - (id % 4),
            group_short_start: start - 7200,
            group_long_start: if id % 5 == 0 {
                start - 86_400 * 9
            } else {
                i64::MAX
            },
        }
    }

    #[test]
    fn chunks_round_trip() {
        let rs: Vec<Record> = (1..200)
            .map(|i| rec(i, 1_742_000_000 + i * 600, 3600))
            .collect();
        let bytes = encode_chunk(&rs);
        assert_eq!(decode_chunk(&bytes).expect("decodes"), rs);
    }

    #[test]
    fn chunks_are_kept_packed_and_the_first_form_still_reads() {
        let rs: Vec<Record> = (1..200)
            .map(|i| rec(i, 1_742_000_000 + i * 600, 3600))
            .collect();
        let packed = encode_chunk(&rs);
        let plain = encode_records(&rs);
        assert!(packed.starts_with(PACKED));
        assert!(
            packed.len() * 3 < plain.len() * 2,
            "packed {} bytes, plain {}",
            packed.len(),
            plain.len()
        );
        assert_eq!(decode_chunk(&plain).expect("the first form decodes"), rs);
    }

    #[test]
    fn damage_is_refused_not_misread() {
        let rs: Vec<Record> = (1..20).map(|i| rec(i, 1_742_000_000, 60)).collect();
        for bytes in [encode_chunk(&rs), encode_records(&rs)] {
            for cut in [0, 3, 12, bytes.len() / 2, bytes.len() - 1] {
                assert!(decode_chunk(&bytes[..cut]).is_err(), "cut at {cut}");
            }
            let mut extra = bytes.clone();
            extra.push(0);
            assert!(decode_chunk(&extra).is_err());
        }
        let mut other = encode_records(&rs);
        other[5] ^= 1;
        assert!(decode_chunk(&other).is_err(), "another vocabulary");
        let other = encode_chunk(&rs);
        let mut inner = zstd::bulk::decompress(&other[4..], 1 << 20).expect("unpacks");
        inner[5] ^= 1;
        let mut repacked = PACKED.to_vec();
        repacked.extend(zstd::bulk::compress(&inner, LEVEL).expect("packs"));
        assert!(
            decode_chunk(&repacked).is_err(),
            "another vocabulary, packed"
        );
    }

    #[test]
    fn classes_by_span() {
        let p = |span| Period {
            start: 0,
            end: span,
        };
        assert_eq!(SpanClass::of(p(3600)), SpanClass::Short);
        assert_eq!(SpanClass::of(p(25 * 3600)), SpanClass::Short);
        assert_eq!(SpanClass::of(p(7 * 86_400)), SpanClass::Long);
        assert_eq!(SpanClass::of(p(31 * 86_400 + 3600)), SpanClass::Long);
        assert_eq!(SpanClass::of(p(40 * 86_400)), SpanClass::VeryLong);
        assert_eq!(bucket_of(SpanClass::Short, -1), -1);
    }
}
