//! C2SP tlog-tiles: the log served as immutable static files. Tiles hold
//! 256 consecutive hashes of one tree level (every 8th Merkle level), entry
//! bundles hold the matching 256 entries, so clients compute any proof
//! themselves and the files can be cached forever.

use crate::hash::{HASH_LEN, Hash};
use crate::tree::{HashStore, TreeError};

/// Hashes in a full tile.
pub const TILE_WIDTH: u64 = 256;
/// Merkle levels spanned by one tile level.
pub const TILE_HEIGHT: u32 = 8;
/// Largest entry an entry bundle can hold (its length prefix is 16 bits).
pub const MAX_ENTRY_LEN: usize = u16::MAX as usize;

/// Why a tile, tile path or bundle was refused.
#[derive(Debug, thiserror::Error)]
pub enum TileError {
    /// Not a valid tile or entry-bundle path.
    #[error("{0:?} is not a valid tile path")]
    BadPath(String),
    /// Tile widths are 1 to 256.
    #[error("a tile holds 1 to 256 hashes, not {0}")]
    BadWidth(u16),
    /// Tile levels are 0 to 63.
    #[error("tile level {0} is out of range (0 to 63)")]
    BadLevel(u8),
    /// The tile reaches past the end of the tree.
    #[error("the tile reaches past the {size} entries in the log")]
    BeyondTree {
        /// Entries in the log.
        size: u64,
    },
    /// An entry too long for its 16-bit length prefix.
    #[error("an entry of {0} bytes is too long for an entry bundle (the limit is 65535)")]
    EntryTooLong(usize),
    /// The bundle ends in the middle of an entry.
    #[error("the entry bundle ends in the middle of an entry")]
    Truncated,
    /// The tree could not be read.
    #[error(transparent)]
    Tree(#[from] TreeError),
}

/// One tile: `level` (tile level, Merkle level `8 * level`), `index` within
/// the level, and `width` in hashes (256 for a full tile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    /// Tile level, 0 to 63.
    pub level: u8,
    /// Index of the tile within its level.
    pub index: u64,
    /// Number of hashes, 1 to 256; below 256 means a partial tile.
    pub width: u16,
}

/// A parsed tile path: a hash tile or an entry bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`.
    Hashes(TileId),
    /// `tile/entries/<N>[.p/<W>]`; `level` is always 0.
    Entries(TileId),
}

/// Encodes a tile index in 3-digit path elements, all but the last
/// prefixed with `x`: 1234067 → `x001/x234/067`.
pub fn format_tile_index(index: u64) -> String {
    let mut groups = Vec::new();
    let mut n = index;
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i + 1 < groups.len() {
            out.push_str(&format!("x{g:03}/"));
        } else {
            out.push_str(&format!("{g:03}"));
        }
    }
    out
}

fn width_suffix(width: u16) -> String {
    if u64::from(width) == TILE_WIDTH {
        String::new()
    } else {
        format!(".p/{width}")
    }
}

impl TileId {
    /// A tile, checking the level and width ranges.
    pub fn new(level: u8, index: u64, width: u16) -> Result<Self, TileError> {
        if level > 63 {
            return Err(TileError::BadLevel(level));
        }
        if width == 0 || u64::from(width) > TILE_WIDTH {
            return Err(TileError::BadWidth(width));
        }
        Ok(Self {
            level,
            index,
            width,
        })
    }

    /// Whether the tile holds fewer than 256 hashes.
    pub fn is_partial(&self) -> bool {
        u64::from(self.width) < TILE_WIDTH
    }

    /// Path of the hash tile, `tile/<L>/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!(
            "tile/{}/{}{}",
            self.level,
            format_tile_index(self.index),
            width_suffix(self.width)
        )
    }

    /// Path of the entry bundle with this index and width,
    /// `tile/entries/<N>[.p/<W>]` (the bundle matching a level-0 tile).
    pub fn entries_path(&self) -> String {
        format!(
            "tile/entries/{}{}",
            format_tile_index(self.index),
            width_suffix(self.width)
        )
    }
}

/// A decimal number with no leading zeros (except "0" itself).
fn parse_plain_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

fn parse_tile_index(s: &str) -> Option<u64> {
    let groups: Vec<&str> = s.split('/').collect();
    let last = groups.len() - 1;
    let mut n: u64 = 0;
    for (i, g) in groups.iter().enumerate() {
        let digits = if i < last { g.strip_prefix('x')? } else { g };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // A leading x000 group would give a second spelling of the same index.
        if i == 0 && i < last && digits == "000" {
            return None;
        }
        let v: u64 = digits.parse().ok()?;
        n = n.checked_mul(1000)?.checked_add(v)?;
    }
    Some(n)
}

/// Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (without
/// the log's URL prefix). Only the canonical spelling is accepted.
pub fn parse_tile_path(path: &str) -> Result<TilePath, TileError> {
    let bad = || TileError::BadPath(path.to_owned());
    let rest = path.strip_prefix("tile/").ok_or_else(bad)?;
    let (kind, rest) = rest.split_once('/').ok_or_else(bad)?;
    let (index_part, width) = match rest.split_once(".p/") {
        Some((idx, w)) => {
            let w = parse_plain_decimal(w).ok_or_else(bad)?;
            if w == 0 || w >= TILE_WIDTH {
                return Err(bad());
            }
            (idx, w as u16)
        }
        None => (rest, TILE_WIDTH as u16),
    };
    let index = parse_tile_index(index_part).ok_or_else(bad)?;
    if kind == "entries" {
        return Ok(TilePath::Entries(TileId {
            level: 0,
            index,
            width,
        }));
    }
    let level = parse_plain_decimal(kind).ok_or_else(bad)?;
    if level > 63 {
        return Err(bad());
    }
    Ok(TilePath::Hashes(TileId {
        level: level as u8,
        index,
        width,
    }))
}

/// Width of the partial tile at `level` for a tree of `size` entries:
/// `floor(size / 256^level) mod 256`; 0 means there is none.
pub fn partial_width(level: u8, size: u64) -> u16 {
    let shift = u32::from(level) * TILE_HEIGHT;
    if shift >= 64 {
        return 0;
    }
    ((size >> shift) % TILE_WIDTH) as u16
}

/// Every tile whose contents differ between a tree of `old_size` entries
/// and one of `new_size` entries: what a log must write after growing.
/// With `old_size = 0` this is every tile of the tree. Entry bundles
/// correspond to the level-0 tiles listed.
pub fn tiles_between(old_size: u64, new_size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    if new_size <= old_size {
        return out;
    }
    for level in 0u8..8 {
        let shift = u32::from(level) * TILE_HEIGHT;
        // Hashes present at this tile level (complete subtrees of 256^level entries).
        let old_count = old_size >> shift;
        let new_count = new_size >> shift;
        if new_count == 0 {
            break;
        }
        if new_count == old_count {
            continue;
        }
        let first = old_count / TILE_WIDTH;
        let last = (new_count - 1) / TILE_WIDTH;
        for index in first..=last {
            let width = (new_count - index * TILE_WIDTH).min(TILE_WIDTH) as u16;
            out.push(TileId {
                level,
                index,
                width,
            });
        }
    }
    out
}

/// Every tile (full and partial) of a tree of `size` entries.
pub fn tiles_for_size(size: u64) -> Vec<TileId> {
    tiles_between(0, size)
}

/// The bytes of a tile: its hashes concatenated, read from the store.
///
/// Hash `i` of tile `(L, N)` is the Merkle node at level `8 * L`, position
/// `N * 256 + i`; every one must be a complete subtree inside the tree.
pub fn read_tile<S: HashStore + ?Sized>(store: &S, tile: TileId) -> Result<Vec<u8>, TileError> {
    let tile = TileId::new(tile.level, tile.index, tile.width)?;
    let size = store.size();
    let level = u32::from(tile.level) * TILE_HEIGHT;
    let count = u64::from(tile.width);
    // Overflow anywhere means the tile lies far beyond any possible tree.
    let start = tile.index.checked_mul(TILE_WIDTH);
    let end_leaf = start
        .and_then(|s| s.checked_add(count))
        .and_then(|e| e.checked_mul(1u64.checked_shl(level)?));
    let (Some(start), Some(end_leaf)) = (start, end_leaf) else {
        return Err(TileError::BeyondTree { size });
    };
    if end_leaf > size {
        return Err(TileError::BeyondTree { size });
    }
    let mut out = Vec::with_capacity(tile.width as usize * HASH_LEN);
    for i in start..start + count {
        let h: Hash = store.get(level, i).map_err(TreeError::from)?;
        out.extend_from_slice(&h);
    }
    Ok(out)
}

/// Encodes entries as a bundle: each as a big-endian u16 length then the bytes.
pub fn encode_entry_bundle<I, E>(entries: I) -> Result<Vec<u8>, TileError>
where
    I: IntoIterator<Item = E>,
    E: AsRef<[u8]>,
{
    let mut out = Vec::new();
    for e in entries {
        let e = e.as_ref();
        let len = u16::try_from(e.len()).map_err(|_| TileError::EntryTooLong(e.len()))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Splits a bundle back into its entries.
pub fn decode_entry_bundle(bundle: &[u8]) -> Result<Vec<&[u8]>, TileError> {
    let mut out = Vec::new();
    let mut rest = bundle;
    while !rest.is_empty() {
        let [hi, lo, tail @ ..] = rest else {
            return Err(TileError::Truncated);
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if tail.len() < len {
            return Err(TileError::Truncated);
        }
        let (entry, next) = tail.split_at(len);
        out.push(entry);
        rest = next;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trip() {
        for n in [0, 1, 999, 1000, 1001, 999_999, 1_000_000, 1234067, u64::MAX] {
            assert_eq!(parse_tile_index(&format_tile_index(n)), Some(n), "{n}");
        }
        assert_eq!(parse_tile_index("x000/001"), None);
        assert_eq!(parse_tile_index("x018/x446/x744/x073/x709/x551/616"), None);
    }
}
