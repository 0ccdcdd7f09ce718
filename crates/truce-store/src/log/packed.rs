//! How log entries are kept at rest: compressed with zstd against a
//! dictionary trained on Truce's own entries, about a quarter of their size
//! (a report's entry is mostly the same field names and vocabulary as every
//! other's). Packing is storage only: leaf hashes, proofs, tiles, exports and
//! replay all see the entry's own bytes, so nothing a verifier checks changes.
//!
//! A packed entry is `0xFF`, the dictionary's version, then one zstd frame.
//! No entry can begin with `0xFF` (every entry begins with
//! [`super::ENTRY_MAGIC`]), so rows stored before packing, and entries that
//! packing would not shrink, are kept as they are and read back unchanged.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};
use zstd::zstd_safe::CParameter;

use super::MAX_ENTRY_BYTES;

/// The first byte of every packed entry.
const PACKED: u8 = 0xFF;
/// The dictionary entries are packed with now. Dictionaries are never
/// changed once shipped (`scripts/log-dictionary/build.sh` made v1); a new
/// one is added beside them under the next number.
const CURRENT: u8 = 1;
static DICTIONARY_V1: &[u8] = include_bytes!("entries-v1.zdict");
/// zstd's default level: levels above it cost twice the time for a few
/// bytes less per entry (measured on generated reports).
const LEVEL: i32 = 3;

static ENCODER: LazyLock<EncoderDictionary<'static>> =
    LazyLock::new(|| EncoderDictionary::copy(DICTIONARY_V1, LEVEL));
static DECODER_V1: LazyLock<DecoderDictionary<'static>> =
    LazyLock::new(|| DecoderDictionary::copy(DICTIONARY_V1));

thread_local! {
    // A compression context holds some hundreds of KB of tables: made once
    // per thread, not per entry.
    static COMPRESSOR: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

fn compressor() -> std::io::Result<Compressor<'static>> {
    let mut c = Compressor::with_prepared_dictionary(&ENCODER)?;
    // The content size lets the reader size its buffer; the dictionary is
    // named by our own version byte, and the leaf hash already checks the
    // content.
    c.set_parameter(CParameter::ContentSizeFlag(true))?;
    c.set_parameter(CParameter::DictIdFlag(false))?;
    c.set_parameter(CParameter::ChecksumFlag(false))?;
    Ok(c)
}

/// The form in which `entry` is stored: packed when that is shorter, else
/// the entry itself.
pub fn pack_entry(entry: &[u8]) -> Cow<'_, [u8]> {
    let frame = COMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = compressor().ok();
        }
        cell.as_mut().and_then(|c| c.compress(entry).ok())
    });
    match frame {
        Some(frame) if frame.len() + 2 < entry.len() => {
            let mut out = Vec::with_capacity(frame.len() + 2);
            out.push(PACKED);
            out.push(CURRENT);
            out.extend_from_slice(&frame);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(entry),
    }
}

/// The entry stored as `stored`. A row that is not packed is the entry. A
/// packed row that cannot be unpacked (damaged, or packed with a dictionary
/// this version does not know) is handed on as stored: it can never match
/// its leaf hash nor read as an entry, so verification names its index.
pub fn unpack_entry(stored: &[u8]) -> Cow<'_, [u8]> {
    match stored {
        [PACKED, 1, frame @ ..] => DECOMPRESSOR
            .with(|cell| {
                let mut cell = cell.borrow_mut();
                if cell.is_none() {
                    *cell = Decompressor::with_prepared_dictionary(&DECODER_V1).ok();
                }
                // At most an entry's limit: a damaged frame cannot claim more.
                cell.as_mut()
                    .and_then(|d| d.decompress(frame, MAX_ENTRY_BYTES).ok())
            })
            .map_or(Cow::Borrowed(stored), Cow::Owned),
        _ => Cow::Borrowed(stored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Vec<u8> {
        super::super::encode_entry(
            super::super::KIND_REPORT,
            format!(
                r#"{{"report":{{"source":"ua-air-force","external_id":"af-1","occurred_at":1742428800,"time_precision":"day","act":"strike","means":"drone.long-range","text":"{text}"}},"file":"a.csv","line":2}}"#
            )
            .as_bytes(),
        )
    }

    #[test]
    fn an_entry_reads_back_as_written_and_is_stored_smaller() {
        let e = entry("Shahed-type drones struck a substation in the Odesa region overnight.");
        let packed = pack_entry(&e);
        assert_eq!(packed[0], PACKED);
        assert!(
            packed.len() * 2 < e.len(),
            "{} of {}",
            packed.len(),
            e.len()
        );
        assert_eq!(unpack_entry(&packed).as_ref(), e.as_slice());
    }

    #[test]
    fn rows_stored_unpacked_read_back_unchanged() {
        let e = entry("x");
        assert_eq!(unpack_entry(&e).as_ref(), e.as_slice());
        // Too short to gain from packing: kept as it is.
        let tiny = super::super::encode_entry("party-key", b"{}");
        assert_eq!(pack_entry(&tiny).as_ref(), tiny.as_slice());
    }

    #[test]
    fn a_damaged_or_unknown_packing_is_handed_on_as_stored() {
        let e = entry("a long enough text to be worth packing, about a power plant");
        let mut packed = pack_entry(&e).into_owned();
        let last = packed.len() - 1;
        packed[last] ^= 0x55;
        let read = unpack_entry(&packed);
        assert_ne!(read.as_ref(), e.as_slice());
        let mut unknown = pack_entry(&e).into_owned();
        unknown[1] = 9;
        assert_eq!(unpack_entry(&unknown).as_ref(), unknown.as_slice());
    }
}
