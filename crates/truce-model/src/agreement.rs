//! The agreement as data: a TOML file naming the parties, the periods in force,
//! the zones and the commitments, each with one or more readings.
//!
//! Parsing keeps the position of every value so that a mistake is reported as
//! `LINE:COLUMN: message` in the words of the person who wrote the file.

use crate::geojson_layer;
use crate::geometry::{Polygon, Ring, Zone};
use crate::time::{Period, parse_instant};
use crate::vocab::{Act, Means, TargetClass, closest};
use geojson::GeoJson;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// A validated agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub id: String,
    pub title: String,
    /// The title in other languages, by language code ("uk", "ru").
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub titles: Translations,
    pub version: u32,
    /// IANA time zone in which bare dates and local times of the agreement and
    /// of reports are read.
    pub timezone: String,
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub descriptions: Translations,
    pub parties: Vec<Party>,
    /// Periods in force for the agreement as a whole.
    pub periods: Vec<Period>,
    pub zones: Vec<Zone>,
    pub commitments: Vec<Commitment>,
    /// Coordinates shown to the public are rounded to this many degrees.
    pub public_precision_deg: f64,
    /// Where the agreement is monitored: open sensor data (fire detections)
    /// outside it is not stored. None: everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_of_interest: Option<crate::geometry::BBox>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub names: Translations,
    /// Other ways reports name this party ("Russia", "Росія", "RU", …).
    pub aliases: Vec<String>,
}

/// Whether a commitment was agreed by the parties or only proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CommitmentStatus {
    Agreed,
    Announced,
    Proposed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commitment {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub titles: Translations,
    /// The original wording.
    pub text: String,
    /// The wording in other languages; the original stays the one that counts.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub texts: Translations,
    /// Ids of the parties it binds.
    pub binds: Vec<String>,
    pub status: CommitmentStatus,
    pub proposed_by: Option<String>,
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub notes: Translations,
    /// Always at least one. A commitment written without readings gets a single
    /// reading with id `text`: the commitment as written.
    pub readings: Vec<Reading>,
}

/// One way of reading a commitment, with its own period and scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reading {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub titles: Translations,
    /// The party whose reading this is, if any.
    pub party: Option<String>,
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub notes: Translations,
    pub period: Period,
    pub scope: Scope,
}

/// What a commitment prohibits. An empty list means "any".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scope {
    pub acts: Vec<Act>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub means: Vec<Pattern>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub targets: Vec<Pattern>,
    pub zone: Option<String>,
}

/// A vocabulary pattern in a scope: an exact identifier, a family (`energy.*`)
/// or anything (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pattern {
    Any,
    Family(String),
    Exact(String),
}

impl Pattern {
    pub fn matches(&self, id: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::Exact(e) => e == id,
            Pattern::Family(f) => id
                .strip_prefix(f.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.')),
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pattern::Any => f.write_str("*"),
            Pattern::Family(x) => write!(f, "{x}.*"),
            Pattern::Exact(x) => f.write_str(x),
        }
    }
}

impl Serialize for Pattern {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Pattern::from_text(&s))
    }
}

impl Pattern {
    fn from_text(s: &str) -> Pattern {
        let s = s.trim();
        if s == "*" {
            Pattern::Any
        } else if let Some(f) = s.strip_suffix(".*") {
            Pattern::Family(f.to_string())
        } else {
            Pattern::Exact(s.to_string())
        }
    }
}

/// One of the agreement's texts in other languages, by language code: the
/// text as written stays the one that counts, these are for readers.
/// Agreements written without them serialise as before (the maps are left
/// out when empty), so the JSON put on the log does not change.
pub type Translations = BTreeMap<String, String>;

/// `default` in language `lang` ("uk", "uk-UA"): its translation if the
/// agreement gives one, else the text as written.
pub fn text_in<'a>(default: &'a str, translations: &'a Translations, lang: &str) -> &'a str {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    translations
        .get(lang)
        .or_else(|| translations.get(&primary.to_ascii_lowercase()))
        .map_or(default, String::as_str)
}

impl Agreement {
    pub fn title_in(&self, lang: &str) -> &str {
        text_in(&self.title, &self.titles, lang)
    }

    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.description
            .as_deref()
            .map(|d| text_in(d, &self.descriptions, lang))
    }

    /// A party's name in `lang`; the id itself for a party not declared.
    pub fn party_name_in<'a>(&'a self, id: &'a str, lang: &str) -> &'a str {
        self.party(id).map_or(id, |p| p.name_in(lang))
    }

    /// A zone's name in `lang`; the id itself for a zone not declared.
    pub fn zone_name_in<'a>(&'a self, id: &'a str, lang: &str) -> &'a str {
        self.zones
            .iter()
            .find(|z| z.id == id)
            .map_or(id, |z| z.name_in(lang))
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn commitment(&self, id: &str) -> Option<&Commitment> {
        self.commitments.iter().find(|c| c.id == id)
    }

    /// Maps a name used in a report ("Russia", "ЗСУ", "ru") to a party id, using
    /// the ids, names and aliases the agreement declares (case and punctuation
    /// do not matter).
    pub fn party_resolver(&self) -> PartyResolver {
        let mut map = BTreeMap::new();
        for p in &self.parties {
            for name in std::iter::once(&p.id)
                .chain(std::iter::once(&p.name))
                .chain(p.aliases.iter())
            {
                map.insert(crate::vocab::alias_key(name), p.id.clone());
            }
        }
        PartyResolver { map }
    }
}

impl Party {
    pub fn name_in(&self, lang: &str) -> &str {
        text_in(&self.name, &self.names, lang)
    }
}

impl Commitment {
    pub fn title_in(&self, lang: &str) -> &str {
        text_in(&self.title, &self.titles, lang)
    }

    pub fn text_in(&self, lang: &str) -> &str {
        text_in(&self.text, &self.texts, lang)
    }

    pub fn note_in(&self, lang: &str) -> Option<&str> {
        self.note.as_deref().map(|n| text_in(n, &self.notes, lang))
    }

    pub fn reading(&self, id: &str) -> Option<&Reading> {
        self.readings.iter().find(|r| r.id == id)
    }
}

/// The title the parser gives the reading of a commitment written without
/// readings, and that title in the interface's other languages: agreements
/// do not write it, so they cannot translate it.
const AS_WRITTEN: (&str, [(&str, &str); 2]) = (
    "As written",
    [("uk", "Як написано"), ("ru", "Как написано")],
);

impl Reading {
    pub fn note_in(&self, lang: &str) -> Option<&str> {
        self.note.as_deref().map(|n| text_in(n, &self.notes, lang))
    }

    pub fn title_in(&self, lang: &str) -> &str {
        if self.id == "text" && self.title == AS_WRITTEN.0 && self.titles.is_empty() {
            let primary = lang.split(['-', '_']).next().unwrap_or(lang);
            return AS_WRITTEN
                .1
                .iter()
                .find(|(l, _)| *l == primary)
                .map_or(AS_WRITTEN.0, |(_, t)| t);
        }
        text_in(&self.title, &self.titles, lang)
    }
}

impl Zone {
    pub fn name_in(&self, lang: &str) -> &str {
        text_in(&self.name, &self.names, lang)
    }
}

/// See [`Agreement::party_resolver`].
#[derive(Debug, Clone, Default)]
pub struct PartyResolver {
    map: BTreeMap<String, String>,
}

impl PartyResolver {
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.map
            .get(&crate::vocab::alias_key(name))
            .map(String::as_str)
    }
}

/// One problem found in an agreement file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Reads zone files referenced by `file = "…"`, relative to the agreement file.
/// Returns the file's text or a message saying why it could not be read.
pub type ZoneLoader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Parses and validates an agreement. On failure, every problem found is
/// returned, in file order.
pub fn parse_agreement(
    text: &str,
    load_zone: ZoneLoader<'_>,
) -> Result<Agreement, Vec<Diagnostic>> {
    let raw: RawAgreement = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            let (line, column) = line_col(text, at);
            return Err(vec![Diagnostic {
                line,
                column,
                message: tidy_toml_message(e.message()),
            }]);
        }
    };
    let mut v = Validator {
        text,
        diags: Vec::new(),
    };
    let agreement = v.agreement(raw, load_zone);
    if v.diags.is_empty() {
        Ok(agreement)
    } else {
        v.diags.sort_by_key(|d| (d.line, d.column));
        Err(v.diags)
    }
}

fn tidy_toml_message(m: &str) -> String {
    let m = m.trim();
    // serde's wording for a missing key is clear enough; make field lists readable.
    m.replace("`", "\"")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before
        .get(line_start..)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

// ---------------------------------------------------------------------------
// Raw form, as written in the file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    titles: RawTranslations,
    version: Spanned<i64>,
    #[serde(default)]
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    descriptions: RawTranslations,
    #[serde(default)]
    public_precision_deg: Option<Spanned<f64>>,
    /// `[west, south, east, north]` in degrees.
    #[serde(default)]
    area_of_interest: Option<Spanned<Vec<f64>>>,
    parties: Vec<RawParty>,
    #[serde(default)]
    periods: Vec<RawPeriod>,
    #[serde(default)]
    zones: Vec<RawZone>,
    commitments: Spanned<Vec<RawCommitment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    names: RawTranslations,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: Spanned<String>,
    #[serde(default)]
    end: Option<Spanned<String>>,
    #[serde(default)]
    days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZone {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    names: RawTranslations,
    #[serde(default)]
    file: Option<Spanned<String>>,
    #[serde(default)]
    geometry: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitment {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    titles: RawTranslations,
    text: String,
    #[serde(default)]
    texts: RawTranslations,
    binds: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    status: Option<Spanned<String>>,
    #[serde(default)]
    proposed_by: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    notes: RawTranslations,
    #[serde(default)]
    scope: RawScope,
    #[serde(default)]
    period: Option<Spanned<RawPeriod>>,
    #[serde(default)]
    readings: Vec<RawReading>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    acts: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    means: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    targets: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    zone: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReading {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    titles: RawTranslations,
    #[serde(default)]
    party: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    notes: RawTranslations,
    #[serde(default)]
    period: Option<Spanned<RawPeriod>>,
    #[serde(default)]
    scope: Option<RawScope>,
}

/// `titles = { uk = "…", ru = "…" }`, each key and text with its place.
type RawTranslations = BTreeMap<Spanned<String>, Spanned<String>>;

/// ISO 639-1 language codes: a translation is keyed by one of these,
/// optionally with a region or script (`uk`, `pt-BR`, `sr-Latn`).
const LANGUAGES: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Whether `tag` is a language code we know, with optional subtags of 2 to
/// 8 letters or digits (`uk`, `pt-BR`, `sr-Latn`); lower case for the
/// language, as pages ask for it.
fn language_tag_ok(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(primary) = parts.next() else {
        return false;
    };
    LANGUAGES.contains(&primary)
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------
// Validation.

struct Validator<'t> {
    text: &'t str,
    diags: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = line_col(self.text, span.start);
        self.diags.push(Diagnostic {
            line,
            column,
            message: message.into(),
        });
    }

    /// Checks the translations of one text (`field` as written: "titles",
    /// "names", …) and keeps them by language code.
    fn translations(&mut self, field: &str, raw: RawTranslations) -> Translations {
        let mut out = Translations::new();
        for (lang, text) in raw {
            let tag = lang.get_ref();
            if !language_tag_ok(tag) {
                let lower = tag.to_ascii_lowercase();
                let hint = if lower != *tag && language_tag_ok(&lower) {
                    format!("; write it \"{lower}\"")
                } else {
                    "; use a two-letter ISO 639-1 code such as \"uk\" or \"ru\"".to_string()
                };
                self.err(
                    lang.span(),
                    format!("unknown language \"{tag}\" in {field}{hint}"),
                );
                continue;
            }
            if text.get_ref().trim().is_empty() {
                self.err(
                    text.span(),
                    format!("the \"{tag}\" text in {field} is empty; give the text or leave the language out"),
                );
                continue;
            }
            out.insert(lang.into_inner(), text.into_inner());
        }
        out
    }

    fn identifier(&mut self, what: &str, id: &Spanned<String>) {
        let ok = !id.get_ref().is_empty()
            && id
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        if !ok {
            self.err(
                id.span(),
                format!(
                    "{what} id \"{}\" must be made of letters, digits, '-', '_' or '.'",
                    id.get_ref()
                ),
            );
        }
    }

    fn agreement(&mut self, raw: RawAgreement, load_zone: ZoneLoader<'_>) -> Agreement {
        self.identifier("agreement", &raw.id);
        let version = *raw.version.get_ref();
        if version < 1 || version > u32::MAX as i64 {
            self.err(
                raw.version.span(),
                "version must be a whole number from 1 up",
            );
        }
        let timezone = match &raw.timezone {
            None => "UTC".to_string(),
            Some(tz) => {
                if jiff::tz::TimeZone::get(tz.get_ref()).is_err() {
                    self.err(
                        tz.span(),
                        format!(
                            "unknown time zone \"{}\"; use an IANA name such as \"Europe/Kyiv\" or \"UTC\"",
                            tz.get_ref()
                        ),
                    );
                }
                tz.get_ref().clone()
            }
        };
        let tz = jiff::tz::TimeZone::get(&timezone).unwrap_or(jiff::tz::TimeZone::UTC);

        let public_precision_deg = match &raw.public_precision_deg {
            None => 0.1,
            Some(p) => {
                let v = *p.get_ref();
                if !(v > 0.0 && v <= 10.0) {
                    self.err(
                        p.span(),
                        "public_precision_deg must be more than 0 and at most 10 degrees",
                    );
                }
                v
            }
        };

        let area_of_interest = raw.area_of_interest.as_ref().and_then(|a| {
            let v = a.get_ref();
            let ok = v.len() == 4
                && v.iter().all(|x| x.is_finite())
                && (-180.0..=180.0).contains(&v[0])
                && (-180.0..=180.0).contains(&v[2])
                && (-90.0..=90.0).contains(&v[1])
                && (-90.0..=90.0).contains(&v[3])
                && v[0] < v[2]
                && v[1] < v[3];
            if !ok {
                self.err(
                    a.span(),
                    "area_of_interest takes four numbers, [west, south, east, north] in degrees, with west < east and south < north",
                );
                return None;
            }
            Some(crate::geometry::BBox {
                west: v[0],
                south: v[1],
                east: v[2],
                north: v[3],
            })
        });

        // Parties.
        let mut parties = Vec::new();
        let mut party_ids = HashSet::new();
        for p in raw.parties {
            self.identifier("party", &p.id);
            if !party_ids.insert(p.id.get_ref().clone()) {
                self.err(
                    p.id.span(),
                    format!("party \"{}\" is declared twice", p.id.get_ref()),
                );
            }
            let names = self.translations("names", p.names);
            parties.push(Party {
                id: p.id.into_inner(),
                name: p.name,
                names,
                aliases: p.aliases,
            });
        }
        if parties.is_empty() {
            self.err(
                0..0,
                "the agreement names no parties; add at least one [[parties]] table",
            );
        }
        let party_list: Vec<String> = parties.iter().map(|p| p.id.clone()).collect();

        // Periods.
        let periods: Vec<Period> = raw
            .periods
            .iter()
            .filter_map(|p| self.period(p, &tz))
            .collect();

        // Zones.
        let mut zones = Vec::new();
        let mut zone_ids = HashSet::new();
        for z in raw.zones {
            self.identifier("zone", &z.id);
            if !zone_ids.insert(z.id.get_ref().clone()) {
                self.err(
                    z.id.span(),
                    format!("zone \"{}\" is declared twice", z.id.get_ref()),
                );
            }
            let polygons = self.zone_geometry(&z, load_zone);
            let names = self.translations("names", z.names);
            zones.push(Zone {
                id: z.id.into_inner(),
                name: z.name,
                names,
                polygons,
            });
        }
        let zone_list: Vec<String> = zones.iter().map(|z| z.id.clone()).collect();

        // Commitments.
        let mut commitments = Vec::new();
        let mut commitment_ids = HashSet::new();
        let commitments_span = raw.commitments.span();
        if raw.commitments.get_ref().is_empty() {
            self.err(commitments_span, "the agreement has no commitments");
        }
        for mut c in raw.commitments.into_inner() {
            self.identifier("commitment", &c.id);
            let titles = self.translations("titles", std::mem::take(&mut c.titles));
            let texts = self.translations("texts", std::mem::take(&mut c.texts));
            let notes = self.translations("notes", std::mem::take(&mut c.notes));
            if !commitment_ids.insert(c.id.get_ref().clone()) {
                self.err(
                    c.id.span(),
                    format!("commitment \"{}\" is declared twice", c.id.get_ref()),
                );
            }
            let ctx = Ctx {
                parties: &party_list,
                zones: &zone_list,
            };
            let binds: Vec<String> = c
                .binds
                .get_ref()
                .iter()
                .map(|b| {
                    self.party_ref(&ctx, b, "binds");
                    b.get_ref().clone()
                })
                .collect();
            if binds.is_empty() {
                self.err(
                    c.binds.span(),
                    format!("commitment \"{}\" binds no party", c.id.get_ref()),
                );
            }
            let status = match &c.status {
                None => CommitmentStatus::Agreed,
                Some(s) => match s.get_ref().as_str() {
                    "agreed" => CommitmentStatus::Agreed,
                    "announced" => CommitmentStatus::Announced,
                    "proposed" => CommitmentStatus::Proposed,
                    other => {
                        self.err(
                            s.span(),
                            format!(
                                "unknown commitment status \"{other}\"; use \"agreed\", \"announced\" or \"proposed\""
                            ),
                        );
                        CommitmentStatus::Agreed
                    }
                },
            };
            if let Some(p) = &c.proposed_by {
                self.party_ref(&ctx, p, "proposed_by");
            }
            let scope = self.scope(&ctx, &c.scope, &Scope::default());
            let period = match &c.period {
                Some(p) => self.period(p.get_ref(), &tz),
                None => {
                    if periods.is_empty() {
                        self.err(
                            c.id.span(),
                            format!(
                                "commitment \"{}\" has no period, and the agreement declares none in [[periods]]",
                                c.id.get_ref()
                            ),
                        );
                        None
                    } else {
                        Some(Period::hull(&periods))
                    }
                }
            };
            let period = period.unwrap_or(Period::EMPTY);
            let mut readings = Vec::new();
            let mut reading_ids = HashSet::new();
            for r in &mut c.readings {
                self.identifier("reading", &r.id);
                let rtitles = self.translations("titles", std::mem::take(&mut r.titles));
                let rnotes = self.translations("notes", std::mem::take(&mut r.notes));
                if !reading_ids.insert(r.id.get_ref().clone()) {
                    self.err(
                        r.id.span(),
                        format!(
                            "reading \"{}\" is declared twice in commitment \"{}\"",
                            r.id.get_ref(),
                            c.id.get_ref()
                        ),
                    );
                }
                if let Some(p) = &r.party {
                    self.party_ref(&ctx, p, "party");
                }
                let rperiod = match &r.period {
                    Some(p) => self.period(p.get_ref(), &tz).unwrap_or(Period::EMPTY),
                    None => period,
                };
                let rscope = match &r.scope {
                    Some(s) => self.scope(&ctx, s, &scope),
                    None => scope.clone(),
                };
                readings.push(Reading {
                    id: r.id.get_ref().clone(),
                    title: r.title.clone(),
                    titles: rtitles,
                    party: r.party.as_ref().map(|p| p.get_ref().clone()),
                    note: r.note.clone(),
                    notes: rnotes,
                    period: rperiod,
                    scope: rscope,
                });
            }
            if readings.is_empty() {
                readings.push(Reading {
                    id: "text".to_string(),
                    title: AS_WRITTEN.0.to_string(),
                    titles: Translations::new(),
                    party: None,
                    note: None,
                    notes: Translations::new(),
                    period,
                    scope,
                });
            }
            commitments.push(Commitment {
                id: c.id.into_inner(),
                title: c.title,
                titles,
                text: c.text,
                texts,
                binds,
                status,
                proposed_by: c.proposed_by.map(Spanned::into_inner),
                note: c.note,
                notes,
                readings,
            });
        }

        let titles = self.translations("titles", raw.titles);
        let descriptions = self.translations("descriptions", raw.descriptions);
        Agreement {
            id: raw.id.into_inner(),
            title: raw.title,
            titles,
            version: version.clamp(1, u32::MAX as i64) as u32,
            timezone,
            description: raw.description,
            descriptions,
            parties,
            periods,
            zones,
            commitments,
            public_precision_deg,
            area_of_interest,
        }
    }

    fn party_ref(&mut self, ctx: &Ctx<'_>, p: &Spanned<String>, field: &str) {
        if !ctx.parties.iter().any(|x| x == p.get_ref()) {
            let hint = match closest(p.get_ref(), ctx.parties.iter().map(String::as_str)) {
                Some(s) => format!("; did you mean \"{s}\"?"),
                None => format!("; the parties are {}", quoted_list(ctx.parties)),
            };
            self.err(
                p.span(),
                format!("unknown party \"{}\" in {field}{hint}", p.get_ref()),
            );
        }
    }

    fn period(&mut self, p: &RawPeriod, tz: &jiff::tz::TimeZone) -> Option<Period> {
        let start = match parse_instant(p.start.get_ref(), tz) {
            Ok(t) => t,
            Err(e) => {
                self.err(p.start.span(), format!("start: {e}"));
                return None;
            }
        };
        let end = match (&p.end, &p.days) {
            (Some(_), Some(d)) => {
                self.err(d.span(), "give either end or days for a period, not both");
                return None;
            }
            (None, None) => {
                self.err(
                    p.start.span(),
                    "the period has a start but no end; add end = \"…\" or days = N",
                );
                return None;
            }
            (Some(e), None) => match parse_instant(e.get_ref(), tz) {
                Ok(t) => {
                    if t <= start {
                        self.err(
                            e.span(),
                            format!(
                                "the period ends ({}) before it starts ({})",
                                e.get_ref(),
                                p.start.get_ref()
                            ),
                        );
                        return None;
                    }
                    t
                }
                Err(err) => {
                    self.err(e.span(), format!("end: {err}"));
                    return None;
                }
            },
            (None, Some(d)) => {
                let days = *d.get_ref();
                if !(1..=36_600).contains(&days) {
                    self.err(d.span(), "days must be a whole number from 1 to 36600");
                    return None;
                }
                // Days are calendar days in the agreement's time zone, so a
                // period keeps its local end time across a daylight-saving change.
                match crate::time::add_days(
                    start,
                    days,
                    &crate::time::zone_of(p.start.get_ref(), tz),
                ) {
                    Some(t) => t,
                    None => {
                        self.err(d.span(), "the period ends too far in the future");
                        return None;
                    }
                }
            }
        };
        Some(Period { start, end })
    }

    fn scope(&mut self, ctx: &Ctx<'_>, raw: &RawScope, base: &Scope) -> Scope {
        let acts = match &raw.acts {
            None => base.acts.clone(),
            Some(list) => list
                .iter()
                .filter_map(|a| match Act::parse(a.get_ref()) {
                    Ok(a) => Some(a),
                    Err(e) => {
                        self.err(a.span(), e.to_string());
                        None
                    }
                })
                .collect(),
        };
        let means = match &raw.means {
            None => base.means.clone(),
            Some(list) => list
                .iter()
                .filter_map(|m| self.pattern(m, Means::KIND, &Means::ids().collect::<Vec<_>>()))
                .collect(),
        };
        let targets = match &raw.targets {
            None => base.targets.clone(),
            Some(list) => list
                .iter()
                .filter_map(|t| {
                    self.pattern(
                        t,
                        TargetClass::KIND,
                        &TargetClass::ids().collect::<Vec<_>>(),
                    )
                })
                .collect(),
        };
        let zone = match &raw.zone {
            None => base.zone.clone(),
            Some(z) => {
                if !ctx.zones.iter().any(|x| x == z.get_ref()) {
                    let hint = match closest(z.get_ref(), ctx.zones.iter().map(String::as_str)) {
                        Some(s) => format!("; did you mean \"{s}\"?"),
                        None if ctx.zones.is_empty() => {
                            "; the agreement declares no [[zones]]".to_string()
                        }
                        None => format!("; the zones are {}", quoted_list(ctx.zones)),
                    };
                    self.err(z.span(), format!("unknown zone \"{}\"{hint}", z.get_ref()));
                }
                Some(z.get_ref().clone())
            }
        };
        Scope {
            acts,
            means,
            targets,
            zone,
        }
    }

    fn pattern(
        &mut self,
        p: &Spanned<String>,
        kind: &str,
        ids: &[&'static str],
    ) -> Option<Pattern> {
        let pat = Pattern::from_text(p.get_ref());
        let ok = match &pat {
            Pattern::Any => true,
            Pattern::Exact(e) => ids.contains(&e.as_str()),
            Pattern::Family(f) => ids
                .iter()
                .any(|id| pat.matches(id) && id.starts_with(f.as_str())),
        };
        if ok {
            return Some(pat);
        }
        let hint = match closest(p.get_ref(), ids.iter().copied()) {
            Some(s) => format!("; did you mean \"{s}\"?"),
            None => String::new(),
        };
        self.err(
            p.span(),
            format!("unknown {kind} \"{}\"{hint}", p.get_ref()),
        );
        None
    }

    fn zone_geometry(&mut self, z: &RawZone, load_zone: ZoneLoader<'_>) -> Vec<Polygon> {
        let value: serde_json::Value = match (&z.file, &z.geometry) {
            (Some(_), Some(g)) => {
                self.err(
                    g.span(),
                    "give a zone either a file or an inline geometry, not both",
                );
                return Vec::new();
            }
            (None, None) => {
                self.err(
                    z.id.span(),
                    format!(
                        "zone \"{}\" has no shape; add file = \"zone.geojson\" or geometry = {{ type = \"Polygon\", coordinates = … }}",
                        z.id.get_ref()
                    ),
                );
                return Vec::new();
            }
            (Some(f), None) => {
                let text = match load_zone(f.get_ref()) {
                    Ok(t) => t,
                    Err(e) => {
                        self.err(
                            f.span(),
                            format!("cannot read zone file \"{}\": {e}", f.get_ref()),
                        );
                        return Vec::new();
                    }
                };
                match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        self.err(
                            f.span(),
                            format!(
                                "zone file \"{}\" is not valid GeoJSON: line {}, column {}: {e}",
                                f.get_ref(),
                                e.line(),
                                e.column()
                            ),
                        );
                        return Vec::new();
                    }
                }
            }
            (None, Some(g)) => match serde_json::to_value(g.get_ref()) {
                Ok(v) => v,
                Err(e) => {
                    self.err(g.span(), format!("the zone geometry cannot be read: {e}"));
                    return Vec::new();
                }
            },
        };
        let span = z
            .geometry
            .as_ref()
            .map(|g| g.span())
            .or_else(|| z.file.as_ref().map(|f| f.span()))
            .unwrap_or(0..0);
        match geojson_polygons(&value) {
            Ok(polys) => {
                for (pi, poly) in polys.iter().enumerate() {
                    for (ri, ring) in poly.iter().enumerate() {
                        if let Err(e) = check_ring(ring) {
                            let which = if ri == 0 {
                                "outer ring".to_string()
                            } else {
                                format!("hole {ri}")
                            };
                            let poly_name = if polys.len() > 1 {
                                format!("polygon {} ", pi + 1)
                            } else {
                                String::new()
                            };
                            self.err(
                                span.clone(),
                                format!("zone \"{}\": {poly_name}{which}: {e}", z.id.get_ref()),
                            );
                        }
                    }
                }
                polys
            }
            Err(e) => {
                self.err(span, format!("zone \"{}\": {e}", z.id.get_ref()));
                Vec::new()
            }
        }
    }
}

struct Ctx<'a> {
    parties: &'a [String],
    zones: &'a [String],
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Extracts polygons from a GeoJSON Polygon, MultiPolygon, Feature or
/// FeatureCollection (RFC 7946), in [longitude, latitude] order.
pub fn geojson_polygons(v: &serde_json::Value) -> Result<Vec<Polygon>, String> {
    // A missing or foreign type is named before the crate reads the value:
    // its refusal would list every GeoJSON type, not the two a zone may be.
    match v.get("type").and_then(|t| t.as_str()).unwrap_or("") {
        "" => {
            return Err(
                "the geometry has no \"type\"; expected \"Polygon\" or \"MultiPolygon\"".into(),
            );
        }
        "Polygon" | "MultiPolygon" | "Feature" | "FeatureCollection" => {}
        other => {
            return Err(format!(
                "a zone must be a Polygon or MultiPolygon, not a {other}"
            ));
        }
    }
    match geojson_layer::geojson(v)? {
        GeoJson::Geometry(g) => geometry_polygons(&g),
        GeoJson::Feature(f) => feature_polygons(&f),
        GeoJson::FeatureCollection(fc) => {
            let mut out = Vec::new();
            for f in &fc.features {
                out.extend(feature_polygons(f)?);
            }
            Ok(out)
        }
    }
}

fn feature_polygons(f: &geojson::Feature) -> Result<Vec<Polygon>, String> {
    geometry_polygons(f.geometry.as_ref().ok_or("the Feature has no geometry")?)
}

fn geometry_polygons(g: &geojson::Geometry) -> Result<Vec<Polygon>, String> {
    let polygons = geojson_layer::polygons(&g.value).ok_or_else(|| {
        format!(
            "a zone must be a Polygon or MultiPolygon, not a {}",
            g.value.type_name()
        )
    })??;
    if polygons.iter().any(Vec::is_empty) {
        return Err("the polygon has no rings".into());
    }
    Ok(polygons)
}

fn check_ring(ring: &Ring) -> Result<(), String> {
    for p in ring {
        if !(p[0].is_finite() && (-180.0..=180.0).contains(&p[0])) {
            return Err(format!("longitude {} is outside -180..180", p[0]));
        }
        if !(p[1].is_finite() && (-90.0..=90.0).contains(&p[1])) {
            return Err(format!(
                "latitude {} is outside -90..90 (positions are [longitude, latitude])",
                p[1]
            ));
        }
    }
    if ring.len() < 4 {
        return Err(format!(
            "a ring needs at least 4 positions (the last repeating the first), found {}",
            ring.len()
        ));
    }
    let (first, last) = (ring[0], ring[ring.len() - 1]);
    if first != last {
        return Err(format!(
            "the polygon is not closed: its first position [{}, {}] differs from its last [{}, {}]",
            first[0], first[1], last[0], last[1]
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TRANSLATED: &str = r#"
id = "t"
title = "Truce"
titles = { uk = "Перемир'я", ru = "Перемирие" }
version = 1
description = "Both sides."
descriptions = { uk = "Обидві сторони." }

[[parties]]
id = "ua"
name = "Ukraine"
names = { uk = "Україна", ru = "Украина" }

[[zones]]
id = "sea"
name = "Black Sea"
names = { uk = "Чорне море", ru = "Чёрное море" }
geometry = { type = "Polygon", coordinates = [[[30, 44], [31, 44], [31, 45], [30, 44]]] }

[[commitments]]
id = "c"
title = "No attacks"
titles = { uk = "Жодних атак", ru = "Никаких атак" }
text = "The parties do not attack."
texts = { ru = "Стороны не нападают." }
note = "Disputed."
notes = { uk = "Спірне." }
binds = ["ua"]
period = { start = "2025-03-18", days = 30 }

[[commitments.readings]]
id = "r"
title = "Ukraine's reading"
titles = { uk = "Прочитання України" }
"#;

    fn no_files(_: &str) -> Result<String, String> {
        Err("no files here".into())
    }

    #[test]
    fn translations_are_read_and_fall_back_to_the_text_as_written() {
        let a = parse_agreement(TRANSLATED, &no_files).expect("a valid agreement");
        assert_eq!(a.title_in("uk"), "Перемир'я");
        assert_eq!(a.title_in("ru-RU"), "Перемирие");
        assert_eq!(a.title_in("en"), "Truce");
        assert_eq!(a.description_in("uk"), Some("Обидві сторони."));
        assert_eq!(a.description_in("ru"), Some("Both sides."));
        assert_eq!(a.party_name_in("ua", "ru"), "Украина");
        assert_eq!(a.party_name_in("xx", "ru"), "xx");
        assert_eq!(a.zone_name_in("sea", "uk"), "Чорне море");
        assert_eq!(a.zone_name_in("sea", "de"), "Black Sea");
        let c = &a.commitments[0];
        assert_eq!(c.title_in("uk"), "Жодних атак");
        assert_eq!(c.text_in("ru"), "Стороны не нападают.");
        assert_eq!(c.text_in("uk"), "The parties do not attack.");
        assert_eq!(c.note_in("uk"), Some("Спірне."));
        assert_eq!(c.note_in("ru"), Some("Disputed."));
        assert_eq!(c.readings[0].title_in("uk"), "Прочитання України");
        assert_eq!(c.readings[0].title_in("ru"), "Ukraine's reading");
    }

    #[test]
    fn an_agreement_without_translations_serialises_as_before() {
        // What goes on the log must not change for files written before
        // translations existed: no empty maps in the JSON.
        let plain: String = TRANSLATED
            .lines()
            .filter(|l| !l.starts_with("titles") && !l.starts_with("names"))
            .filter(|l| !l.starts_with("texts") && !l.starts_with("descriptions"))
            .filter(|l| !l.starts_with("notes"))
            .collect::<Vec<_>>()
            .join("\n");
        let a = parse_agreement(&plain, &no_files).expect("a valid agreement");
        let json = serde_json::to_string(&a).expect("json");
        for key in ["titles", "names", "texts", "descriptions", "notes"] {
            assert!(!json.contains(&format!("\"{key}\"")), "{key} in {json}");
        }
        let back: Agreement = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, a);
        assert_eq!(a.commitments[0].title_in("uk"), "No attacks");
        // The reading the parser makes for a commitment without readings
        // has its title in the interface's languages.
        let b = parse_agreement(
            &plain.replace(
                "[[commitments.readings]]\nid = \"r\"\ntitle = \"Ukraine's reading\"",
                "",
            ),
            &no_files,
        )
        .expect("a valid agreement");
        assert_eq!(b.commitments[0].readings[0].title_in("ru"), "Как написано");
        assert_eq!(b.commitments[0].readings[0].title_in("en"), "As written");

        // With translations, they survive the log's JSON.
        let t = parse_agreement(TRANSLATED, &no_files).expect("a valid agreement");
        let back: Agreement =
            serde_json::from_str(&serde_json::to_string(&t).expect("json")).expect("read back");
        assert_eq!(back, t);
    }

    #[test]
    fn a_bad_language_or_an_empty_translation_is_a_diagnostic_at_its_line() {
        let bad = TRANSLATED
            .replace("names = { uk = \"Україна\"", "names = { ukr = \"Україна\"")
            .replace("ru = \"Никаких атак\"", "RU = \"Никаких атак\"")
            .replace(
                "texts = { ru = \"Стороны не нападают.\" }",
                "texts = { ru = \" \" }",
            );
        let diags = parse_agreement(&bad, &no_files).expect_err("refused");
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "12:11: unknown language \"ukr\" in names; use a two-letter ISO 639-1 code such as \"uk\" or \"ru\"",
                "23:32: unknown language \"RU\" in titles; write it \"ru\"",
                "25:16: the \"ru\" text in texts is empty; give the text or leave the language out",
            ]
        );
    }

    #[test]
    fn zone_geometry_from_geojson() {
        let ring = json!([[30, 46], [31, 46], [31, 45], [30, 46]]);
        let polygon = json!({"type": "Polygon", "coordinates": [ring]});
        assert_eq!(geojson_polygons(&polygon).map(|p| p.len()), Ok(1));
        let collection = json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": polygon},
            {"type": "Feature", "properties": null,
             "geometry": {"type": "MultiPolygon", "coordinates": [[ring], [ring]]}}
        ]});
        let polys = geojson_polygons(&collection).expect("three polygons");
        assert_eq!(polys.len(), 3);
        assert_eq!(polys[2][0][1], [31.0, 46.0]);

        let refused = |v: serde_json::Value| geojson_polygons(&v).unwrap_err();
        assert_eq!(
            refused(json!({"coordinates": [ring]})),
            "the geometry has no \"type\"; expected \"Polygon\" or \"MultiPolygon\""
        );
        assert_eq!(
            refused(json!({"type": "LineString", "coordinates": ring})),
            "a zone must be a Polygon or MultiPolygon, not a LineString"
        );
        assert_eq!(
            refused(json!({"type": "Feature", "properties": {},
                           "geometry": {"type": "Point", "coordinates": [30, 46]}})),
            "a zone must be a Polygon or MultiPolygon, not a Point"
        );
        assert_eq!(
            refused(json!({"type": "Feature", "properties": {}})),
            "the Feature has no geometry"
        );
        assert_eq!(
            refused(json!({"type": "Polygon"})),
            "a Polygon needs \"coordinates\": a list of rings"
        );
        assert_eq!(
            refused(json!({"type": "MultiPolygon", "coordinates": [ring]})),
            "a MultiPolygon needs \"coordinates\": a list of polygons"
        );
        assert_eq!(
            refused(json!({"type": "Polygon", "coordinates": []})),
            "the polygon has no rings"
        );
        assert_eq!(
            refused(json!({"type": "Polygon", "coordinates": [[[30, "46"]]]})),
            "a position must hold two numbers, found string \"46\""
        );
    }
}
