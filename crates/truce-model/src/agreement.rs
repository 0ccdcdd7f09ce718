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
    pub version: u32,
    /// IANA time zone in which bare dates and local times of the agreement and
    /// of reports are read.
    pub timezone: String,
    pub description: Option<String>,
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
    /// The original wording.
    pub text: String,
    /// Ids of the parties it binds.
    pub binds: Vec<String>,
    pub status: CommitmentStatus,
    pub proposed_by: Option<String>,
    pub note: Option<String>,
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
    /// The party whose reading this is, if any.
    pub party: Option<String>,
    pub note: Option<String>,
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

impl Agreement {
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
    version: Spanned<i64>,
    #[serde(default)]
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
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
    file: Option<Spanned<String>>,
    #[serde(default)]
    geometry: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitment {
    id: Spanned<String>,
    title: String,
    text: String,
    binds: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    status: Option<Spanned<String>>,
    #[serde(default)]
    proposed_by: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
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
    party: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    period: Option<Spanned<RawPeriod>>,
    #[serde(default)]
    scope: Option<RawScope>,
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
            parties.push(Party {
                id: p.id.into_inner(),
                name: p.name,
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
            zones.push(Zone {
                id: z.id.into_inner(),
                name: z.name,
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
        for c in raw.commitments.into_inner() {
            self.identifier("commitment", &c.id);
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
            for r in &c.readings {
                self.identifier("reading", &r.id);
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
                    party: r.party.as_ref().map(|p| p.get_ref().clone()),
                    note: r.note.clone(),
                    period: rperiod,
                    scope: rscope,
                });
            }
            if readings.is_empty() {
                readings.push(Reading {
                    id: "text".to_string(),
                    title: "As written".to_string(),
                    party: None,
                    note: None,
                    period,
                    scope,
                });
            }
            commitments.push(Commitment {
                id: c.id.into_inner(),
                title: c.title,
                text: c.text,
                binds,
                status,
                proposed_by: c.proposed_by.map(Spanned::into_inner),
                note: c.note,
                readings,
            });
        }

        Agreement {
            id: raw.id.into_inner(),
            title: raw.title,
            version: version.clamp(1, u32::MAX as i64) as u32,
            timezone,
            description: raw.description,
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
