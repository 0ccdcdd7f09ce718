//! Import of a GeoNames `geoname` table dump (`UA.txt`, `allCountries.txt`):
//! 19 tab-separated columns, no header.
//!
//! Populated places (feature class `P`) become settlements and first-order
//! divisions (`A`/`ADM1`) regions; every other row is skipped. Bad lines are
//! reported, not fatal. Ids are `gn-` followed by the geonameid; a
//! settlement's region is the `ADM1` row of the same country and admin1
//! code, when the dump has it.
//!
//! GeoNames' alternate names in this table carry no language tag: a Cyrillic
//! name with Ukrainian letters (і ї є ґ, the apostrophe) is taken as the
//! Ukrainian name, one with Russian letters (ы э ъ ё) as the Russian name, and
//! one with neither fills whichever is still empty.

use std::collections::HashMap;
use std::io::BufRead;

use truce_model::LatLon;

use crate::gazetteer::{FNV_OFFSET, Gazetteer, GazetteerError, Place, PlaceKind, fnv1a64_update};
use crate::translit::has_cyrillic;

/// One row of the `geoname` table.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoNamesRow {
    pub geonameid: u64,
    pub name: String,
    pub asciiname: String,
    pub alternate_names: Vec<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub feature_class: String,
    pub feature_code: String,
    pub country_code: String,
    pub cc2: String,
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    pub admin4: String,
    pub population: u64,
    pub elevation: Option<i64>,
    pub dem: Option<i64>,
    pub timezone: String,
    pub modification_date: String,
}

/// A line of the dump that was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// 1-based line number.
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

const GEONAMES_COLUMNS: usize = 19;

impl GeoNamesRow {
    /// Parses one line of the table.
    pub fn parse(line: &str) -> Result<GeoNamesRow, String> {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != GEONAMES_COLUMNS {
            return Err(format!(
                "expected {GEONAMES_COLUMNS} tab-separated columns, found {}",
                cols.len()
            ));
        }
        let geonameid = cols[0]
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("geonameid `{}` is not a whole number", cols[0]))?;
        let coordinate = |what: &str, value: &str, limit: f64| {
            value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= limit)
                .ok_or_else(|| {
                    format!("{what} `{value}` is not a number between -{limit} and {limit}")
                })
        };
        let latitude = coordinate("latitude", cols[4], 90.0)?;
        let longitude = coordinate("longitude", cols[5], 180.0)?;
        let population = match cols[14].trim() {
            "" => 0,
            p => p
                .parse::<u64>()
                .map_err(|_| format!("population `{p}` is not a whole number"))?,
        };
        let optional_int = |s: &str| s.trim().parse::<i64>().ok();
        let name = cols[1].trim();
        if name.is_empty() {
            return Err("the name is empty".to_string());
        }
        // A name of punctuation only ("||||") would be empty once stored
        // (`|` separates names in the gazetteer's TSV), and the whole
        // import could not be kept.
        if !name.chars().any(char::is_alphanumeric) {
            return Err(format!("the name `{name}` has no letters or digits"));
        }
        Ok(GeoNamesRow {
            geonameid,
            name: name.to_string(),
            asciiname: cols[2].trim().to_string(),
            alternate_names: cols[3]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            latitude,
            longitude,
            feature_class: cols[6].trim().to_string(),
            feature_code: cols[7].trim().to_string(),
            country_code: cols[8].trim().to_string(),
            cc2: cols[9].trim().to_string(),
            admin1: cols[10].trim().to_string(),
            admin2: cols[11].trim().to_string(),
            admin3: cols[12].trim().to_string(),
            admin4: cols[13].trim().to_string(),
            population,
            elevation: optional_int(cols[15]),
            dem: optional_int(cols[16]),
            timezone: cols[17].trim().to_string(),
            modification_date: cols[18].trim().to_string(),
        })
    }

    fn kind(&self) -> Option<PlaceKind> {
        match (self.feature_class.as_str(), self.feature_code.as_str()) {
            ("P", _) => Some(PlaceKind::Settlement),
            ("A", "ADM1") => Some(PlaceKind::Region),
            _ => None,
        }
    }
}

/// Whether a Cyrillic name is Ukrainian, Russian or could be either.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Ukrainian,
    Russian,
    Either,
}

fn cyrillic_script(name: &str) -> Option<Script> {
    // Letters of other Cyrillic alphabets (Serbian, Belarusian, Tatar…).
    if name.chars().any(|c| {
        crate::translit::is_cyrillic(c)
            && !matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | 'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ')
    }) {
        return None;
    }
    let uk = name.chars().any(|c| {
        matches!(c, 'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ')
            || crate::gazetteer::is_apostrophe(c)
    });
    let ru = name
        .chars()
        .any(|c| matches!(c, 'ы' | 'Ы' | 'э' | 'Э' | 'ъ' | 'Ъ' | 'ё' | 'Ё'));
    match (uk, ru) {
        (true, true) => None,
        (true, false) => Some(Script::Ukrainian),
        (false, true) => Some(Script::Russian),
        (false, false) => Some(Script::Either),
    }
}

/// Alternate names worth indexing: Latin or Cyrillic, no codes, no links, no
/// lower-case romanisations of other scripts.
fn useful_latin(name: &str) -> bool {
    name.chars().count() >= 3
        && !name.contains("http")
        && !name.chars().any(|c| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_alphabetic() && (c as u32) < 0x0250 || " -'’.()".contains(c))
        && name != name.to_lowercase()
        && !(name == name.to_uppercase() && name.chars().count() <= 4)
}

fn place_of(row: &GeoNamesRow, kind: PlaceKind, region: Option<String>) -> Place {
    let mut name_uk = String::new();
    let mut name_ru = String::new();
    let mut either: Vec<&str> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for alt in &row.alternate_names {
        if has_cyrillic(alt) {
            match cyrillic_script(alt) {
                Some(Script::Ukrainian) if name_uk.is_empty() => name_uk = alt.clone(),
                Some(Script::Russian) if name_ru.is_empty() => name_ru = alt.clone(),
                Some(Script::Either) => either.push(alt),
                Some(_) => other.push(alt.clone()),
                None => {}
            }
        } else if useful_latin(alt) && *alt != row.name {
            other.push(alt.clone());
        }
    }
    for alt in either {
        if name_uk.is_empty() {
            name_uk = alt.to_string();
        } else if name_ru.is_empty() {
            name_ru = alt.to_string();
        } else if alt != name_uk && alt != name_ru {
            other.push(alt.to_string());
        }
    }
    if !row.asciiname.is_empty() && row.asciiname != row.name && !other.contains(&row.asciiname) {
        other.push(row.asciiname.clone());
    }
    other.retain(|o| *o != name_uk && *o != name_ru);
    other.dedup();
    Place {
        id: format!("gn-{}", row.geonameid),
        kind,
        name: row.name.clone(),
        name_uk,
        name_ru,
        other_names: other,
        point: LatLon::new(row.latitude, row.longitude),
        region,
        country: row.country_code.clone(),
        population: row.population,
    }
}

impl Gazetteer {
    /// Builds a gazetteer from a GeoNames `geoname` table: the populated
    /// places (class `P`) and first-order divisions (`ADM1`) that `keep`
    /// accepts. Lines that cannot be read are returned as problems, with
    /// their number; only a failure to read the input is an error.
    pub fn from_geonames(
        reader: impl BufRead,
        keep: impl Fn(&GeoNamesRow) -> bool,
    ) -> Result<(Gazetteer, Vec<ImportProblem>), GazetteerError> {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let mut hash = FNV_OFFSET;
        for (i, line) in reader.lines().enumerate() {
            let number = i + 1;
            let line = line.map_err(|e| GazetteerError::Read(format!("line {number}: {e}")))?;
            let line = line.strip_suffix('\r').unwrap_or(&line);
            hash = fnv1a64_update(hash, line.as_bytes());
            hash = fnv1a64_update(hash, b"\n");
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match GeoNamesRow::parse(line) {
                Ok(row) => {
                    let Some(kind) = row.kind() else { continue };
                    if !row.country_code.chars().all(|c| c.is_ascii_uppercase())
                        || row.country_code.len() != 2
                    {
                        problems.push(ImportProblem {
                            line: number,
                            reason: format!(
                                "country code `{}` is not two capital letters",
                                row.country_code
                            ),
                        });
                        continue;
                    }
                    if keep(&row) {
                        rows.push((number, kind, row));
                    }
                }
                Err(reason) => problems.push(ImportProblem {
                    line: number,
                    reason,
                }),
            }
        }

        // Regions first, so that settlements can point at them.
        let mut region_of: HashMap<(String, String), String> = HashMap::new();
        let mut seen = HashMap::new();
        let mut places = Vec::with_capacity(rows.len());
        let mut lines = Vec::with_capacity(rows.len());
        for (number, kind, row) in &rows {
            if *kind == PlaceKind::Region {
                region_of
                    .entry((row.country_code.clone(), row.admin1.clone()))
                    .or_insert_with(|| format!("gn-{}", row.geonameid));
            }
            if let Some(first) = seen.insert(row.geonameid, *number) {
                problems.push(ImportProblem {
                    line: *number,
                    reason: format!(
                        "geonameid {} already appears on line {first}",
                        row.geonameid
                    ),
                });
            }
        }
        let mut taken = std::collections::HashSet::new();
        for (number, kind, row) in rows {
            if !taken.insert(row.geonameid) {
                continue;
            }
            let region = match kind {
                PlaceKind::Settlement => region_of
                    .get(&(row.country_code.clone(), row.admin1.clone()))
                    .cloned(),
                _ => None,
            };
            places.push(place_of(&row, kind, region));
            lines.push(number);
        }
        problems.sort_by_key(|p| p.line);
        let gazetteer = Gazetteer::build(places, &lines, format!("fnv1a64:{hash:016x}"))?;
        Ok((gazetteer, problems))
    }
}
