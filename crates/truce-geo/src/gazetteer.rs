//! A small gazetteer: the countries, regions and settlements that ceasefire
//! reports about the March 2025 partial truce name most often, with their
//! Ukrainian, Russian and former names, so that a report written in any of the
//! three languages (or with a Soviet-era name) lands on the same place.
//!
//! The data is a tab-separated file embedded in the binary; see
//! `data/README.md` for its source and columns.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use thiserror::Error;
use truce_model::{GeoPrecision, LatLon};

/// The embedded gazetteer file.
const EMBEDDED_TSV: &str = include_str!("../data/gazetteer-small.tsv");

/// The header the TSV must start with, in this order.
const COLUMNS: [&str; 11] = [
    "id",
    "kind",
    "name",
    "name_uk",
    "name_ru",
    "other_names",
    "lat",
    "lon",
    "region",
    "country",
    "population",
];

/// A candidate is taken as the answer when it is more than this many times as
/// populous as the next one: a report naming "Mykolaiv" almost always means the
/// oblast centre, not the small town of the same name near Lviv.
const DOMINANCE_RATIO: u64 = 10;

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    Region,
    Settlement,
}

impl PlaceKind {
    /// The precision a location gets when it is known only as this kind of
    /// place.
    pub fn precision(self) -> GeoPrecision {
        match self {
            PlaceKind::Country => GeoPrecision::Country,
            PlaceKind::Region => GeoPrecision::Region,
            PlaceKind::Settlement => GeoPrecision::Settlement,
        }
    }

    /// The word used in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::Settlement => "settlement",
        }
    }

    fn parse(s: &str) -> Option<PlaceKind> {
        match s {
            "country" => Some(PlaceKind::Country),
            "region" => Some(PlaceKind::Region),
            "settlement" => Some(PlaceKind::Settlement),
            _ => None,
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable identifier: ISO 3166 codes for countries and regions (`UA`,
    /// `UA-63`, `RU-KRS`), `ua-…`/`ru-…` slugs for settlements.
    pub id: String,
    pub kind: PlaceKind,
    /// Latin name (Ukrainian places in the national 2010 romanisation).
    pub name: String,
    pub name_uk: String,
    pub name_ru: String,
    /// Former names and other spellings.
    pub other_names: Vec<String>,
    /// The settlement's centre, or the approximate centroid of a region.
    pub point: LatLon,
    /// Id of the region the place lies in, if the gazetteer has it.
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Approximate population before 2022.
    pub population: u64,
}

impl Place {
    /// The precision of a location known only as this place.
    pub fn precision(&self) -> GeoPrecision {
        self.kind.precision()
    }
}

/// The outcome of looking a name up.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'a> {
    /// One place fits, or one is far more populous than every other that does.
    Found(&'a Place),
    /// Several places fit; most populous first.
    Ambiguous(Vec<&'a Place>),
    NotFound,
}

impl<'a> Resolution<'a> {
    /// The place, when the name resolved to exactly one.
    pub fn found(&self) -> Option<&'a Place> {
        match self {
            Resolution::Found(p) => Some(p),
            _ => None,
        }
    }
}

/// Why a gazetteer file could not be read. Every variant names the line (1-based)
/// and, where it applies, the column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GazetteerError {
    #[error("the gazetteer has no header line; it should start with `{}`", COLUMNS.join("\\t"))]
    Empty,
    #[error("line {line}: the header should be `{}`, found `{found}`", COLUMNS.join("\\t"))]
    Header { line: usize, found: String },
    #[error("line {line}: expected {expected} tab-separated columns, found {found}")]
    ColumnCount {
        line: usize,
        expected: usize,
        found: usize,
    },
    #[error("line {line}, column `{column}`: {message}")]
    Field {
        line: usize,
        column: &'static str,
        message: String,
    },
}

/// A set of places indexed by every normalised form of their names.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_key: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
    version: String,
}

impl Gazetteer {
    /// The gazetteer shipped with this crate, parsed on first use.
    pub fn embedded() -> &'static Gazetteer {
        static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Gazetteer::from_tsv(EMBEDDED_TSV).expect(
                "the embedded data/gazetteer-small.tsv is valid (checked by the test suite)",
            )
        })
    }

    /// Parses a gazetteer in the format of `data/gazetteer-small.tsv`: a header
    /// line, then one place per line. Blank lines and lines starting with `#`
    /// are skipped.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));

        let (header_line, header) = lines.next().ok_or(GazetteerError::Empty)?;
        let header = header.strip_prefix('\u{feff}').unwrap_or(header);
        if !header
            .split('\t')
            .map(str::trim)
            .eq(COLUMNS.iter().copied())
        {
            return Err(GazetteerError::Header {
                line: header_line,
                found: header.to_string(),
            });
        }

        let mut places = Vec::new();
        let mut lines_of = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (line, text) in lines {
            let place = parse_row(line, text)?;
            if let Some(&first) = by_id.get(&place.id) {
                return Err(GazetteerError::Field {
                    line,
                    column: "id",
                    message: format!(
                        "the id `{}` is already used on line {}",
                        place.id, lines_of[first]
                    ),
                });
            }
            by_id.insert(place.id.clone(), places.len());
            places.push(place);
            lines_of.push(line);
        }

        // Region references are checked once every row is known, so the file
        // need not list regions before their settlements.
        for (place, &line) in places.iter().zip(&lines_of) {
            if let Some(region) = &place.region {
                match by_id.get(region).map(|&i| &places[i]) {
                    Some(r) if r.kind == PlaceKind::Region => {}
                    Some(r) => {
                        return Err(GazetteerError::Field {
                            line,
                            column: "region",
                            message: format!("`{region}` is a {}, not a region", r.kind),
                        });
                    }
                    None => {
                        return Err(GazetteerError::Field {
                            line,
                            column: "region",
                            message: format!("no region has the id `{region}`"),
                        });
                    }
                }
            }
        }

        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, place) in places.iter().enumerate() {
            for key in index_keys(place) {
                let slot = by_key.entry(key).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }

        Ok(Gazetteer {
            places,
            by_key,
            by_id,
            version: format!("fnv1a64:{:016x}", fnv1a64(text.as_bytes())),
        })
    }

    /// Looks a name up. `region_hint` (a region's name in any language, its id,
    /// or a country) narrows homonyms; a hint that names no known region or
    /// country is ignored. When the hint rules out every candidate the result is
    /// `Ambiguous` with all of them, since the name and the hint disagree.
    pub fn resolve(&self, query: &str, region_hint: Option<&str>) -> Resolution<'_> {
        let key = normalize(query);
        let Some(candidates) = self.by_key.get(&key) else {
            return Resolution::NotFound;
        };
        let hint = region_hint.and_then(|h| self.resolve_hint(h));
        let fits = |p: &Place| match hint {
            None => true,
            Some(h) if h.kind == PlaceKind::Country => p.country == h.id,
            Some(h) => p.region.as_deref() == Some(h.id.as_str()) || p.id == h.id,
        };

        // Best and runner-up by population, without collecting.
        let mut best: Option<&Place> = None;
        let mut second: Option<&Place> = None;
        for p in candidates
            .iter()
            .map(|&i| &self.places[i])
            .filter(|p| fits(p))
        {
            if best.is_none_or(|b| outranks(p, b)) {
                second = best;
                best = Some(p);
            } else if second.is_none_or(|s| outranks(p, s)) {
                second = Some(p);
            }
        }

        match (best, second) {
            (None, _) => self.ambiguous(candidates.iter().map(|&i| &self.places[i])),
            (Some(b), None) => Resolution::Found(b),
            (Some(b), Some(s)) if b.population > s.population.saturating_mul(DOMINANCE_RATIO) => {
                Resolution::Found(b)
            }
            _ => self.ambiguous(
                candidates
                    .iter()
                    .map(|&i| &self.places[i])
                    .filter(|p| fits(p)),
            ),
        }
    }

    fn ambiguous<'a>(&'a self, places: impl Iterator<Item = &'a Place>) -> Resolution<'a> {
        let mut all: Vec<&Place> = places.collect();
        all.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then_with(|| a.id.cmp(&b.id))
        });
        Resolution::Ambiguous(all)
    }

    /// The region or country a hint names: an id, a name, or a bare stem such as
    /// "Kharkiv" (read as "Kharkiv oblast", since the bare name is the city).
    fn resolve_hint(&self, hint: &str) -> Option<&Place> {
        let is_area = |p: &&Place| matches!(p.kind, PlaceKind::Region | PlaceKind::Country);
        if let Some(p) = self.get(hint.trim()).filter(is_area) {
            return Some(p);
        }
        let key = normalize(hint);
        let areas = |key: &str| -> Option<&Place> {
            let mut found = self
                .by_key
                .get(key)?
                .iter()
                .map(|&i| &self.places[i])
                .filter(is_area);
            let first = found.next()?;
            // Two regions under one name would make the hint meaningless.
            found.next().is_none().then_some(first)
        };
        areas(&key).or_else(|| areas(&format!("{key} oblast")))
    }

    /// The place with this id.
    pub fn get(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.places[i])
    }

    /// Every place, in file order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Identifies the data this gazetteer was built from, so that an evaluation
    /// can record which reference data it used: `fnv1a64:` followed by the
    /// 64-bit FNV-1a hash of the file's bytes in 16 hex digits.
    pub fn version(&self) -> String {
        self.version.clone()
    }
}

/// Higher population first; ties broken by id so the order never depends on the
/// file's row order.
fn outranks(a: &Place, b: &Place) -> bool {
    a.population > b.population || (a.population == b.population && a.id < b.id)
}

fn parse_row(line: usize, text: &str) -> Result<Place, GazetteerError> {
    let cols: Vec<&str> = text.split('\t').map(str::trim).collect();
    let found = cols.len();
    let Ok(
        [
            id,
            kind,
            name,
            name_uk,
            name_ru,
            other,
            lat,
            lon,
            region,
            country,
            population,
        ],
    ) = <[&str; COLUMNS.len()]>::try_from(cols)
    else {
        return Err(GazetteerError::ColumnCount {
            line,
            expected: COLUMNS.len(),
            found,
        });
    };
    let field = |column: &'static str, message: String| GazetteerError::Field {
        line,
        column,
        message,
    };

    if id.is_empty() || id.chars().any(char::is_whitespace) {
        return Err(field(
            "id",
            format!("`{id}` is not an id: it must be non-empty, without spaces"),
        ));
    }
    let kind = PlaceKind::parse(kind).ok_or_else(|| {
        field(
            "kind",
            format!("`{kind}` is not one of country, region, settlement"),
        )
    })?;
    if name.is_empty() {
        return Err(field("name", "the name is empty".to_string()));
    }
    let coordinate = |column: &'static str, value: &str, limit: f64| {
        value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .ok_or_else(|| {
                field(
                    column,
                    format!("`{value}` is not a number between -{limit} and {limit}"),
                )
            })
    };
    let lat = coordinate("lat", lat, 90.0)?;
    let lon = coordinate("lon", lon, 180.0)?;
    if !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(field(
            "country",
            format!("`{country}` is not a two-letter country code such as UA or RU"),
        ));
    }
    let population = population.parse::<u64>().map_err(|_| {
        field(
            "population",
            format!("`{population}` is not a whole number of people"),
        )
    })?;
    let region = match (kind, region) {
        (_, "") => None,
        (PlaceKind::Settlement, r) => Some(r.to_string()),
        (k, _) => {
            return Err(field(
                "region",
                format!("a {k} row must leave the region empty"),
            ));
        }
    };

    Ok(Place {
        id: id.to_string(),
        kind,
        name: name.to_string(),
        name_uk: name_uk.to_string(),
        name_ru: name_ru.to_string(),
        other_names: other
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        point: LatLon::new(lat, lon),
        region,
        country: country.to_string(),
        population,
    })
}

/// Region designators that mean the same thing: a region listed as "Kherson
/// oblast" is also found as "Kherson region", "Херсонська обл." and so on.
const SUFFIX_GROUPS: [&[&str]; 4] = [
    &["oblast", "region", "province", "obl"],
    &["область", "обл"],
    &["krai", "kray", "region", "territory"],
    &["край"],
];

/// Every normalised key a place is found under.
fn index_keys(place: &Place) -> Vec<String> {
    let mut keys: Vec<String> = [&place.name, &place.name_uk, &place.name_ru]
        .into_iter()
        .chain(&place.other_names)
        .map(|n| normalize(n))
        .filter(|k| !k.is_empty())
        .collect();
    if place.kind == PlaceKind::Region {
        let mut extra = Vec::new();
        for key in &keys {
            for group in SUFFIX_GROUPS {
                for suffix in group {
                    if let Some(stem) = key.strip_suffix(suffix).and_then(|s| s.strip_suffix(' '))
                        && !stem.is_empty()
                    {
                        extra.extend(group.iter().map(|s| format!("{stem} {s}")));
                    }
                }
            }
        }
        keys.extend(extra);
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Leading words that say what kind of place follows ("м. Київ", "г. Курск",
/// "с. Південне", "смт Ладижин", "city of Kharkiv"); they are dropped.
const PREFIXES: [&str; 6] = ["м ", "г ", "с ", "смт ", "пгт ", "city of "];

/// The key a name is looked up under: lower case, `ё` read as `е`, apostrophes
/// and stress marks removed, an English possessive `'s` dropped, any run of
/// punctuation, hyphens or spaces turned into one space, a leading "м."/"г."/
/// "с."/"смт"/"пгт"/"city of" removed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_apostrophe(c) {
            // "Kyiv's" → "kyiv": an apostrophe, an `s`, then the end of the word,
            // after a Latin letter.
            let rest = &s[i + c.len_utf8()..];
            let mut after = rest.chars();
            let possessive = matches!(after.next(), Some('s' | 'S'))
                && after.next().is_none_or(|n| !n.is_alphanumeric())
                && out
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphabetic());
            if possessive {
                chars.next();
            }
            continue;
        }
        if c == '\u{301}' {
            continue;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(if l == 'ё' { 'е' } else { l });
            }
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    if let Some(p) = PREFIXES.iter().find(|p| out.starts_with(**p)) {
        out.drain(..p.len());
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{02B9}'
    )
}

/// 64-bit FNV-1a: enough to tell two versions of a small file apart, without a
/// dependency.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_punctuation_and_apostrophes() {
        assert_eq!(normalize("  Kyiv  "), "kyiv");
        assert_eq!(normalize("Ivano-Frankivsk"), "ivano frankivsk");
        assert_eq!(normalize("Rostov-on-Don"), "rostov on don");
        assert_eq!(normalize("Кам’янське"), "камянське");
        assert_eq!(normalize("Кам'янське"), "камянське");
        assert_eq!(normalize("Орёл"), "орел");
        assert_eq!(normalize("Харько\u{301}в"), "харьков");
        assert_eq!(normalize("м. Київ"), "київ");
        assert_eq!(normalize("г.Курск"), "курск");
        assert_eq!(normalize("смт Ладижин"), "ладижин");
        assert_eq!(normalize("City of Kharkiv"), "kharkiv");
        assert_eq!(normalize("Kyiv’s"), "kyiv");
        assert_eq!(normalize("Kharkiv's outskirts"), "kharkiv outskirts");
        assert_eq!(normalize("Luhans'k"), "luhansk");
        assert_eq!(normalize("Херсонська обл."), "херсонська обл");
        assert_eq!(normalize("kherson__oblast"), "kherson oblast");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("'’ -"), "");
        assert_eq!(normalize("м."), "м");
    }

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn region_keys_cover_designator_variants() {
        let g = Gazetteer::embedded();
        let keys = index_keys(g.get("UA-65").expect("Kherson oblast"));
        for k in [
            "kherson oblast",
            "kherson region",
            "kherson province",
            "херсонська область",
            "херсонська обл",
            "херсонская обл",
            "khersonska oblast",
        ] {
            assert!(keys.iter().any(|x| x == k), "missing {k} in {keys:?}");
        }
        assert!(
            !keys.iter().any(|x| x == "kherson"),
            "the bare stem is the city"
        );
    }
}
