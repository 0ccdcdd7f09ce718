//! A registry of protected facilities (power plants, substations, refineries,
//! pipelines' pumping and metering stations…) and the linking of a report's
//! point to the facility it most plausibly concerns.
//!
//! Sites are kept in an R-tree over points on the unit sphere (3-D Cartesian
//! coordinates): the straight-line (chord) distance between two such points
//! grows with the great-circle distance, so the tree's nearest-neighbour order
//! is the great-circle order everywhere, poles and the antimeridian included.
//! Distances handed back are [`haversine_km`], like the rest of the crate.
//!
//! # Linking rule
//!
//! [`SiteRegistry::link`] returns the nearest site that
//!
//! * lies within `site.radius_km + uncertainty_km` of the report's point, and
//! * has a class compatible with the report's target ([`classes_compatible`]):
//!   a report whose target is `unknown` may link to any site (the link is then
//!   marked `inferred`); otherwise the classes must be equal, except that
//!   `energy.power-plant` and `energy.nuclear` / `energy.hydro` are compatible
//!   both ways (reports and lists alike often say "power plant" for a nuclear
//!   or hydro station).
//!
//! Ties in distance go to the smallest site id, so the answer does not depend
//! on the order sites were added.
//!
//! # Import
//!
//! [`read_sites_csv`] reads Truce's own CSV (`id,name,class,latitude,longitude,
//! radius_km,source`) or the Global Power Plant Database CSV, told apart by
//! their header; [`read_sites_geojson`] reads a FeatureCollection of points.
//! A bad row or feature is reported as a [`SiteProblem`] and skipped; the good
//! ones are kept.
//!
//! ```
//! use truce_geo::sites::{Site, SiteRegistry};
//! use truce_model::{LatLon, TargetClass};
//!
//! let mut sites = SiteRegistry::new();
//! sites
//!     .insert(Site::new("znpp", "Zaporizhzhia NPP", TargetClass::EnergyNuclear, LatLon::new(47.512, 34.586)))
//!     .unwrap();
//! let link = sites
//!     .link(LatLon::new(47.52, 34.59), 1.0, TargetClass::Unknown)
//!     .unwrap();
//! assert_eq!(link.site_id, "znpp");
//! assert!(link.inferred);
//! assert!(sites.link(LatLon::new(47.52, 34.59), 1.0, TargetClass::CivilianResidential).is_none());
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use geojson::GeometryValue;
use rstar::RTree;
use rstar::primitives::GeomWithData;
use truce_model::geojson_layer::{self, CollectionError};
use truce_model::{LatLon, TargetClass};

use crate::distance::{EARTH_MEAN_RADIUS_KM, haversine_km};

/// The largest radius a site may have: a site is a facility, not an area.
pub const MAX_SITE_RADIUS_KM: f64 = 50.0;

/// A protected facility.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Stable identifier (`gppd_idnr` for Global Power Plant Database rows).
    pub id: String,
    pub name: String,
    pub class: TargetClass,
    pub point: LatLon,
    /// The facility's extent: a report within this distance (plus the
    /// report's own uncertainty) may concern it.
    pub radius_km: f64,
    /// Where the record comes from.
    pub source: String,
    /// Other attributes kept from the import (capacity, fuel, country…).
    pub extra: BTreeMap<String, String>,
}

impl Site {
    /// A site with the class's default radius, no source and no extras.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        class: TargetClass,
        point: LatLon,
    ) -> Site {
        Site {
            id: id.into(),
            name: name.into(),
            class,
            point,
            radius_km: default_radius_km(class),
            source: String::new(),
            extra: BTreeMap::new(),
        }
    }

    /// Why the site cannot be indexed, if it cannot.
    pub fn validate(&self) -> Result<(), InvalidSite> {
        let reason = if self.id.trim().is_empty() {
            "the id is empty".to_string()
        } else if !self.point.is_valid() {
            format!(
                "point ({}, {}) is not a valid latitude/longitude",
                self.point.lat, self.point.lon
            )
        } else if !(self.radius_km.is_finite()
            && self.radius_km > 0.0
            && self.radius_km <= MAX_SITE_RADIUS_KM)
        {
            format!(
                "radius {} km is not in 0..{MAX_SITE_RADIUS_KM} km",
                self.radius_km
            )
        } else if self.class == TargetClass::Unknown {
            "the class is \"unknown\"; a site needs a class".to_string()
        } else {
            return Ok(());
        };
        Err(InvalidSite {
            id: self.id.clone(),
            reason,
        })
    }
}

/// The default extent of a facility of the given class, in kilometres:
/// nuclear 3, hydro 2, power plant 1.5, oil refinery 2, substation 0.5,
/// anything else 1.
pub const fn default_radius_km(class: TargetClass) -> f64 {
    match class {
        TargetClass::EnergyNuclear => 3.0,
        TargetClass::EnergyHydro => 2.0,
        TargetClass::EnergyPowerPlant => 1.5,
        TargetClass::EnergyOilRefinery => 2.0,
        TargetClass::EnergySubstation => 0.5,
        _ => 1.0,
    }
}

/// Whether a report whose target is `report` may concern a site of class
/// `site`: `unknown` matches any site, equal classes match, and
/// `energy.power-plant` matches `energy.nuclear` and `energy.hydro` (both
/// ways). Nothing else does.
pub fn classes_compatible(report: TargetClass, site: TargetClass) -> bool {
    use TargetClass::{EnergyHydro, EnergyNuclear, EnergyPowerPlant, Unknown};
    report == Unknown
        || report == site
        || matches!(
            (report, site),
            (EnergyPowerPlant, EnergyNuclear | EnergyHydro)
                | (EnergyNuclear | EnergyHydro, EnergyPowerPlant)
        )
}

/// A site that could not be added to a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSite {
    pub id: String,
    pub reason: String,
}

impl fmt::Display for InvalidSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "site \"{}\": {}", self.id, self.reason)
    }
}

impl std::error::Error for InvalidSite {}

/// A report linked to a site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteLink {
    pub site_id: String,
    pub site_name: String,
    /// The site's class (which may differ from the report's target, see
    /// [`classes_compatible`]).
    pub class: TargetClass,
    /// Great-circle distance from the report's point to the site, km.
    pub distance_km: f64,
    /// True when the report's target was `unknown` and the class comes from
    /// the site.
    pub inferred: bool,
}

type Entry = GeomWithData<[f64; 3], usize>;

/// Sites with a spatial index.
#[derive(Debug, Clone, Default)]
pub struct SiteRegistry {
    sites: Vec<Site>,
    by_id: HashMap<String, usize>,
    tree: RTree<Entry>,
    /// The largest radius of any site ever inserted (an upper bound: replacing
    /// a site does not lower it).
    max_radius_km: f64,
}

/// The point on the unit sphere.
fn unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord, on the unit sphere, of a great-circle distance in km.
fn chord2_of_km(km: f64) -> f64 {
    let theta = (km / EARTH_MEAN_RADIUS_KM).min(std::f64::consts::PI);
    let c = 2.0 * (theta / 2.0).sin();
    c * c
}

/// Slack on squared chords, far above their rounding error: it only widens
/// the candidates examined (by a few metres at most); the answer is decided on
/// haversine distances.
const CHORD2_SLACK: f64 = 1e-12;

impl SiteRegistry {
    pub fn new() -> SiteRegistry {
        SiteRegistry::default()
    }

    /// Builds a registry in one go (faster than repeated [`insert`]s).
    /// A later site with the id of an earlier one replaces it.
    ///
    /// [`insert`]: SiteRegistry::insert
    pub fn from_sites(sites: impl IntoIterator<Item = Site>) -> Result<SiteRegistry, InvalidSite> {
        let mut registry = SiteRegistry::new();
        for site in sites {
            site.validate()?;
            registry.max_radius_km = registry.max_radius_km.max(site.radius_km);
            match registry.by_id.get(&site.id) {
                Some(&i) => registry.sites[i] = site,
                None => {
                    registry.by_id.insert(site.id.clone(), registry.sites.len());
                    registry.sites.push(site);
                }
            }
        }
        let entries = registry
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| Entry::new(unit_vector(s.point), i))
            .collect();
        registry.tree = RTree::bulk_load(entries);
        Ok(registry)
    }

    /// Adds a site; a site with the same id is replaced and handed back.
    pub fn insert(&mut self, site: Site) -> Result<Option<Site>, InvalidSite> {
        site.validate()?;
        self.max_radius_km = self.max_radius_km.max(site.radius_km);
        let xyz = unit_vector(site.point);
        match self.by_id.get(&site.id) {
            Some(&i) => {
                let old = std::mem::replace(&mut self.sites[i], site);
                self.tree.remove(&Entry::new(unit_vector(old.point), i));
                self.tree.insert(Entry::new(xyz, i));
                Ok(Some(old))
            }
            None => {
                let i = self.sites.len();
                self.by_id.insert(site.id.clone(), i);
                self.sites.push(site);
                self.tree.insert(Entry::new(xyz, i));
                Ok(None)
            }
        }
    }

    pub fn len(&self) -> usize {
        self.sites.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    /// The site with this id.
    pub fn get(&self, id: &str) -> Option<&Site> {
        self.by_id.get(id).map(|&i| &self.sites[i])
    }

    /// Every site, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Site> {
        self.sites.iter()
    }

    /// The nearest site and its distance in km (ties to the smallest id);
    /// `None` when the registry is empty or the point is not valid.
    pub fn nearest(&self, p: LatLon) -> Option<(&Site, f64)> {
        self.nearest_where(p, f64::INFINITY, |_, _| true)
    }

    /// The nearest site whose distance is at most `site.radius_km +
    /// uncertainty_km` and whose class is compatible with `target` (see the
    /// [module documentation](self)). A negative or NaN uncertainty counts as
    /// zero; an invalid point links to nothing.
    pub fn link(&self, p: LatLon, uncertainty_km: f64, target: TargetClass) -> Option<SiteLink> {
        let u = if uncertainty_km.is_nan() {
            0.0
        } else {
            uncertainty_km.max(0.0)
        };
        let (site, distance_km) = self.nearest_where(p, self.max_radius_km + u, |s, d| {
            classes_compatible(target, s.class) && d <= s.radius_km + u
        })?;
        Some(SiteLink {
            site_id: site.id.clone(),
            site_name: site.name.clone(),
            class: site.class,
            distance_km,
            inferred: target == TargetClass::Unknown,
        })
    }

    /// The nearest site within `limit_km` that passes `accept(site, km)`,
    /// ties to the smallest id.
    fn nearest_where(
        &self,
        p: LatLon,
        limit_km: f64,
        mut accept: impl FnMut(&Site, f64) -> bool,
    ) -> Option<(&Site, f64)> {
        if !p.is_valid() {
            return None;
        }
        let limit2 = chord2_of_km(limit_km) + CHORD2_SLACK;
        let mut best: Option<(usize, f64, f64)> = None; // (index, km, chord²)
        for (entry, d2) in self
            .tree
            .nearest_neighbor_iter_with_distance_2(&unit_vector(p))
        {
            if d2 > limit2 {
                break;
            }
            if let Some((_, _, best2)) = best
                && d2 > best2 + CHORD2_SLACK
            {
                break;
            }
            let site = &self.sites[entry.data];
            let km = haversine_km(p, site.point);
            if !accept(site, km) {
                continue;
            }
            let better = match best {
                None => true,
                Some((bi, bkm, _)) => km < bkm || (km == bkm && site.id < self.sites[bi].id),
            };
            if better {
                best = Some((entry.data, km, d2));
            }
        }
        best.map(|(i, km, _)| (&self.sites[i], km))
    }
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

/// Where in an imported file a problem lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteLocation {
    /// The file as a whole (unreadable, unrecognised header, not GeoJSON…).
    File,
    /// A 1-based line of a CSV file (the line the row starts on).
    Line(usize),
    /// A 0-based index into a GeoJSON FeatureCollection's `features`.
    Feature(usize),
}

impl fmt::Display for SiteLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteLocation::File => Ok(()),
            SiteLocation::Line(n) => write!(f, "line {n}"),
            SiteLocation::Feature(i) => write!(f, "features[{i}]"),
        }
    }
}

/// A row or feature that was skipped, or a file that could not be read, in
/// plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteProblem {
    /// The file name the caller gave.
    pub file: String,
    pub line_or_feature: SiteLocation,
    /// The column or property at fault, when there is one.
    pub field: Option<String>,
    pub reason: String,
}

impl fmt::Display for SiteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_or_feature {
            SiteLocation::File => write!(f, "{}: {}", self.file, self.reason),
            at => write!(f, "{}, {at}: {}", self.file, self.reason),
        }
    }
}

/// The CSV layouts [`read_sites_csv`] understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteCsvFormat {
    /// `id,name,class,latitude,longitude,radius_km,source` (the last two
    /// optional; further columns are kept in `extra`).
    Truce,
    /// The Global Power Plant Database (WRI), v1.3.0 columns.
    Gppd,
}

const TRUCE_REQUIRED: &[&str] = &["id", "name", "class", "latitude", "longitude"];
const GPPD_REQUIRED: &[&str] = &["gppd_idnr", "name", "latitude", "longitude", "primary_fuel"];
/// GPPD columns kept in `extra` when not empty.
const GPPD_EXTRA: &[&str] = &[
    "country",
    "country_long",
    "capacity_mw",
    "primary_fuel",
    "commissioning_year",
    "owner",
    "url",
];
/// The `source` of sites imported from the Global Power Plant Database.
pub const GPPD_SOURCE: &str = "Global Power Plant Database";
/// GPPD capacity from which a plant gets a 2 km radius (if its class's
/// default is smaller).
pub const GPPD_LARGE_PLANT_MW: f64 = 1000.0;

/// Which layout a header row is, from its (trimmed, lower-cased) column names.
pub fn detect_csv_format(header: &[&str]) -> Option<SiteCsvFormat> {
    let has = |c: &&str| header.iter().any(|h| h.trim().eq_ignore_ascii_case(c));
    if has(&"gppd_idnr") && has(&"primary_fuel") {
        Some(SiteCsvFormat::Gppd)
    } else if TRUCE_REQUIRED.iter().all(has) {
        Some(SiteCsvFormat::Truce)
    } else {
        None
    }
}

/// A field-level failure: (field, reason).
type FieldError = (Option<String>, String);

fn field_error(field: &str, reason: String) -> FieldError {
    (Some(field.to_string()), reason)
}

fn parse_coordinate(field: &str, value: &str, limit: f64) -> Result<f64, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(field_error(field, format!("{field} is missing")));
    }
    let x: f64 = value
        .parse()
        .map_err(|_| field_error(field, format!("{field} \"{value}\" is not a number")))?;
    if !x.is_finite() || x < -limit || x > limit {
        return Err(field_error(
            field,
            format!("{field} {value} is outside -{limit}..{limit}"),
        ));
    }
    Ok(x)
}

fn parse_radius(value: &str) -> Result<f64, FieldError> {
    let value = value.trim();
    let r: f64 = value.parse().map_err(|_| {
        field_error(
            "radius_km",
            format!("radius_km \"{value}\" is not a number"),
        )
    })?;
    if !(r.is_finite() && r > 0.0) {
        return Err(field_error(
            "radius_km",
            format!("radius_km {value} is not a positive number of kilometres"),
        ));
    }
    if r > MAX_SITE_RADIUS_KM {
        return Err(field_error(
            "radius_km",
            format!(
                "radius_km {value} is larger than {MAX_SITE_RADIUS_KM} km; a site is a facility, not an area"
            ),
        ));
    }
    Ok(r)
}

fn parse_class(value: &str) -> Result<TargetClass, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(field_error("class", "class is missing".to_string()));
    }
    match TargetClass::parse(value) {
        Ok(TargetClass::Unknown) => Err(field_error(
            "class",
            format!("class \"{value}\" says nothing about the facility; a site needs a class"),
        )),
        Ok(class) => Ok(class),
        Err(e) => Err(field_error("class", e.to_string())),
    }
}

fn required<'a>(field: &str, value: &'a str) -> Result<&'a str, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(field_error(field, format!("{field} is missing")))
    } else {
        Ok(value)
    }
}

/// The class of a GPPD plant from its `primary_fuel`.
pub fn gppd_class(primary_fuel: &str) -> TargetClass {
    match primary_fuel.trim().to_ascii_lowercase().as_str() {
        "nuclear" => TargetClass::EnergyNuclear,
        "hydro" => TargetClass::EnergyHydro,
        _ => TargetClass::EnergyPowerPlant,
    }
}

/// The radius of a GPPD plant: its class's default, at least 2 km from
/// [`GPPD_LARGE_PLANT_MW`] up.
pub fn gppd_radius_km(class: TargetClass, capacity_mw: Option<f64>) -> f64 {
    let base = default_radius_km(class);
    match capacity_mw {
        Some(mw) if mw >= GPPD_LARGE_PLANT_MW => base.max(2.0),
        _ => base,
    }
}

/// Column lookup by name over one CSV row.
struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.columns
            .get(name)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

fn truce_row(row: &Row<'_>, names: &[String], file: &str) -> Result<Site, FieldError> {
    let id = required("id", row.get("id"))?;
    let name = required("name", row.get("name"))?;
    let class = parse_class(row.get("class"))?;
    let lat = parse_coordinate("latitude", row.get("latitude"), 90.0)?;
    let lon = parse_coordinate("longitude", row.get("longitude"), 180.0)?;
    let radius_km = match row.get("radius_km") {
        "" => default_radius_km(class),
        r => parse_radius(r)?,
    };
    let source = match row.get("source") {
        "" => file.to_string(),
        s => s.to_string(),
    };
    let extra = names
        .iter()
        .filter(|n| {
            !TRUCE_REQUIRED.contains(&n.as_str())
                && n.as_str() != "radius_km"
                && n.as_str() != "source"
        })
        .filter_map(|n| {
            let v = row.get(n);
            (!v.is_empty()).then(|| (n.clone(), v.to_string()))
        })
        .collect();
    Ok(Site {
        id: id.to_string(),
        name: name.to_string(),
        class,
        point: LatLon::new(lat, lon),
        radius_km,
        source,
        extra,
    })
}

fn gppd_row(row: &Row<'_>) -> Result<Site, FieldError> {
    let id = required("gppd_idnr", row.get("gppd_idnr"))?;
    let name = required("name", row.get("name"))?;
    let lat = parse_coordinate("latitude", row.get("latitude"), 90.0)?;
    let lon = parse_coordinate("longitude", row.get("longitude"), 180.0)?;
    let class = gppd_class(row.get("primary_fuel"));
    let capacity_mw = match row.get("capacity_mw") {
        "" => None,
        c => match c.parse::<f64>() {
            Ok(mw) if mw.is_finite() && mw >= 0.0 => Some(mw),
            Ok(_) => {
                return Err(field_error(
                    "capacity_mw",
                    format!("capacity_mw {c} is not a non-negative number of megawatts"),
                ));
            }
            Err(_) => {
                return Err(field_error(
                    "capacity_mw",
                    format!("capacity_mw \"{c}\" is not a number"),
                ));
            }
        },
    };
    let mut extra: BTreeMap<String, String> = GPPD_EXTRA
        .iter()
        .filter_map(|&n| {
            let v = row.get(n);
            (!v.is_empty()).then(|| (n.to_string(), v.to_string()))
        })
        .collect();
    if !row.get("source").is_empty() {
        extra.insert("gppd_source".to_string(), row.get("source").to_string());
    }
    Ok(Site {
        id: id.to_string(),
        name: name.to_string(),
        class,
        point: LatLon::new(lat, lon),
        radius_km: gppd_radius_km(class, capacity_mw),
        source: GPPD_SOURCE.to_string(),
        extra,
    })
}

/// Reads sites from a CSV file in Truce's layout or the Global Power Plant
/// Database's, told apart by the header row (see [`SiteCsvFormat`]).
///
/// Truce's layout: `id,name,class,latitude,longitude` are required,
/// `radius_km` defaults to the class's ([`default_radius_km`]), an empty
/// `source` becomes `file`, other columns go to `extra`; lines starting with
/// `#` are comments. GPPD rows: the id is `gppd_idnr`, `primary_fuel` Nuclear
/// is `energy.nuclear`, Hydro `energy.hydro`, anything else
/// `energy.power-plant`; the radius is [`gppd_radius_km`]; country, capacity,
/// fuel, owner, commissioning year and url are kept in `extra`.
///
/// Bad rows (and rows repeating an earlier id) are skipped and reported with
/// their line number; nothing panics.
pub fn read_sites_csv(mut input: impl Read, file: &str) -> (Vec<Site>, Vec<SiteProblem>) {
    let mut sites = Vec::new();
    let mut problems = Vec::new();
    let problem = |at: SiteLocation, field: Option<String>, reason: String| SiteProblem {
        file: file.to_string(),
        line_or_feature: at,
        field,
        reason,
    };
    // Read it all first: the CSV reader's positions count blank lines before
    // a record as part of it, and the bytes are needed to skip them.
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        problems.push(problem(
            SiteLocation::File,
            None,
            format!("the file could not be read: {e}"),
        ));
        return (sites, problems);
    }
    let line_of = |p: &csv::Position| {
        let skipped = bytes
            .get(p.byte() as usize..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .filter(|&&b| b == b'\n')
            .count();
        p.line() as usize + skipped
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes.as_slice());
    let mut records = reader.records();
    let mut format = None;
    let mut names: Vec<String> = Vec::new();
    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    loop {
        let record = match records.next() {
            None => break,
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                let at = e
                    .position()
                    .map_or(SiteLocation::File, |p| SiteLocation::Line(line_of(p)));
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
                    csv::ErrorKind::Io(io) => format!("the file could not be read: {io}"),
                    _ => format!("the row could not be read: {e}"),
                };
                problems.push(problem(at, None, reason));
                if fatal {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, line_of);
        let Some(fmt) = format else {
            names = record
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let h = if i == 0 {
                        h.trim_start_matches('\u{feff}')
                    } else {
                        h
                    };
                    h.trim().to_ascii_lowercase()
                })
                .collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            match detect_csv_format(&refs) {
                Some(f) => {
                    let needed = match f {
                        SiteCsvFormat::Truce => TRUCE_REQUIRED,
                        SiteCsvFormat::Gppd => GPPD_REQUIRED,
                    };
                    let missing: Vec<&str> = needed
                        .iter()
                        .copied()
                        .filter(|c| !names.iter().any(|n| n == c))
                        .collect();
                    if !missing.is_empty() {
                        problems.push(problem(
                            SiteLocation::Line(line),
                            None,
                            format!("the header lacks the column(s) {}", missing.join(", ")),
                        ));
                        return (sites, problems);
                    }
                    for (i, n) in names.iter().enumerate() {
                        columns.entry(n.clone()).or_insert(i);
                    }
                    format = Some(f);
                }
                None => {
                    problems.push(problem(
                        SiteLocation::Line(line),
                        None,
                        format!(
                            "the header is neither Truce's ({}, radius_km, source) nor the Global Power Plant Database's (gppd_idnr, primary_fuel, …)",
                            TRUCE_REQUIRED.join(", ")
                        ),
                    ));
                    return (sites, problems);
                }
            }
            continue;
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != names.len() {
            problems.push(problem(
                SiteLocation::Line(line),
                None,
                format!(
                    "the row has {} fields but the header has {}",
                    record.len(),
                    names.len()
                ),
            ));
            continue;
        }
        let row = Row {
            columns: &columns,
            record: &record,
        };
        let parsed = match fmt {
            SiteCsvFormat::Truce => truce_row(&row, &names, file),
            SiteCsvFormat::Gppd => gppd_row(&row),
        };
        match parsed {
            Ok(site) => {
                if let Some(first) = seen.get(&site.id) {
                    let field = match fmt {
                        SiteCsvFormat::Truce => "id",
                        SiteCsvFormat::Gppd => "gppd_idnr",
                    };
                    problems.push(problem(
                        SiteLocation::Line(line),
                        Some(field.to_string()),
                        format!("id \"{}\" is already used on line {first}", site.id),
                    ));
                } else {
                    seen.insert(site.id.clone(), line);
                    sites.push(site);
                }
            }
            Err((field, reason)) => problems.push(problem(SiteLocation::Line(line), field, reason)),
        }
    }
    if format.is_none() && problems.is_empty() {
        problems.push(problem(
            SiteLocation::File,
            None,
            "the file has no header row".to_string(),
        ));
    }
    (sites, problems)
}

fn json_scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        other => Some(other.to_string()),
    }
}

fn geojson_feature(feature: &serde_json::Value, file: &str) -> Result<Site, FieldError> {
    use serde_json::Value;
    let Some(obj) = feature.as_object() else {
        return Err((None, "the feature is not a JSON object".to_string()));
    };
    // The crate reads the feature without its geometry, and the geometry on
    // its own once the properties are read, so that a feature's problems are
    // named in the order of its fields: type, properties, id, name, class,
    // then the place.
    let mut shell = obj.clone();
    let raw_geometry = shell.remove("geometry");
    let shell = geojson_layer::feature(&Value::Object(shell)).map_err(|why| {
        if obj.get("type").and_then(Value::as_str) != Some("Feature") {
            field_error("type", "the type is not \"Feature\"".to_string())
        } else if !matches!(
            obj.get("properties"),
            None | Some(Value::Null | Value::Object(_))
        ) {
            field_error("properties", "properties is not an object".to_string())
        } else if !matches!(
            obj.get("id"),
            None | Some(Value::Null | Value::String(_) | Value::Number(_))
        ) {
            field_error(
                "id",
                "the feature's id is neither text nor a number".to_string(),
            )
        } else {
            (None, why)
        }
    })?;
    let props = shell.properties.unwrap_or_default();
    let text = |key: &str| props.get(key).and_then(json_scalar).unwrap_or_default();
    let id = match text("id") {
        s if !s.is_empty() => s,
        _ => match shell.id {
            Some(geojson::feature::Id::String(s)) => s.trim().to_string(),
            Some(geojson::feature::Id::Number(n)) => n.to_string(),
            None => String::new(),
        },
    };
    let id = required("id", &id)?.to_string();
    let name = required("name", &text("name"))?.to_string();
    let class = match props.get("class") {
        Some(Value::String(s)) => parse_class(s)?,
        None | Some(Value::Null) => parse_class("")?,
        Some(_) => return Err(field_error("class", "class is not a string".to_string())),
    };
    let geometry = raw_geometry
        .filter(Value::is_object)
        .ok_or_else(|| field_error("geometry", "the feature has no geometry".to_string()))?;
    let (lon, lat) = match geojson_layer::geometry(&geometry) {
        Ok(g) => match &g.value {
            GeometryValue::Point { coordinates } => {
                let [lon, lat] = geojson_layer::position(coordinates)
                    .map_err(|why| field_error("geometry", why))?;
                // Debug keeps a written "95.0" as "95.0" in the message.
                (
                    parse_coordinate("longitude", &format!("{lon:?}"), 180.0)?,
                    parse_coordinate("latitude", &format!("{lat:?}"), 90.0)?,
                )
            }
            other => {
                return Err(field_error(
                    "geometry",
                    format!("the geometry is a {}, not a Point", other.type_name()),
                ));
            }
        },
        Err(why) => point_as_written(&geometry, why)?,
    };
    let radius_km = match props.get("radius_km") {
        None | Some(Value::Null) => default_radius_km(class),
        Some(Value::Number(n)) => parse_radius(&n.to_string())?,
        Some(Value::String(s)) => parse_radius(s)?,
        Some(_) => {
            return Err(field_error(
                "radius_km",
                "radius_km is not a number".to_string(),
            ));
        }
    };
    let source = match text("source") {
        s if s.is_empty() => file.to_string(),
        s => s,
    };
    let extra = props
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "name" | "class" | "radius_km" | "source"))
        .filter_map(|(k, v)| json_scalar(v).map(|v| (k.clone(), v)))
        .collect();
    Ok(Site {
        id,
        name,
        class,
        point: LatLon::new(lat, lon),
        radius_km,
        source,
        extra,
    })
}

/// A geometry the crate refused, looked at again to name what is wrong in
/// the terms of a site list: its type, or the coordinate at fault. A Point
/// whose numbers are written as text (as some exporters write them) is still
/// read, as it always was.
fn point_as_written(geometry: &serde_json::Value, why: String) -> Result<(f64, f64), FieldError> {
    use serde_json::Value;
    match geometry.get("type").and_then(Value::as_str) {
        Some("Point") => {}
        Some(t) => {
            return Err(field_error(
                "geometry",
                format!("the geometry is a {t}, not a Point"),
            ));
        }
        None => {
            return Err(field_error(
                "geometry",
                "the geometry has no type".to_string(),
            ));
        }
    }
    let scalar = |v: &Value| match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    match geometry
        .get("coordinates")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([lon, lat, ..]) => match (scalar(lon), scalar(lat)) {
            (Some(lon), Some(lat)) => Ok((
                parse_coordinate("longitude", &lon, 180.0)?,
                parse_coordinate("latitude", &lat, 90.0)?,
            )),
            _ => Err(field_error("geometry", why)),
        },
        _ => Err(field_error("geometry", why)),
    }
}

/// Reads sites from a GeoJSON FeatureCollection of Points whose properties
/// carry `id` (or the feature's own `id`), `name`, `class` and optionally
/// `radius_km` and `source`; other properties go to `extra`. Bad features
/// (and features repeating an earlier id) are skipped and reported by their
/// index in `features`.
pub fn read_sites_geojson(text: &str, file: &str) -> (Vec<Site>, Vec<SiteProblem>) {
    let mut sites = Vec::new();
    let mut problems = Vec::new();
    let problem = |at: SiteLocation, field: Option<String>, reason: String| SiteProblem {
        file: file.to_string(),
        line_or_feature: at,
        field,
        reason,
    };
    let features = match geojson_layer::features(text) {
        Ok(features) => features,
        Err(e) => {
            let (field, reason) = match e {
                CollectionError::Json(e) => (
                    None,
                    format!(
                        "not valid JSON (line {}, column {}): {e}",
                        e.line(),
                        e.column()
                    ),
                ),
                CollectionError::NotFeatureCollection => (
                    Some("type".to_string()),
                    "the file is not a GeoJSON FeatureCollection".to_string(),
                ),
                CollectionError::NoFeatures => (
                    Some("features".to_string()),
                    "the FeatureCollection has no features array".to_string(),
                ),
            };
            problems.push(problem(SiteLocation::File, field, reason));
            return (sites, problems);
        }
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, feature) in features.iter().enumerate() {
        match geojson_feature(feature, file) {
            Ok(site) => {
                if let Some(first) = seen.get(&site.id) {
                    problems.push(problem(
                        SiteLocation::Feature(i),
                        Some("id".to_string()),
                        format!("id \"{}\" is already used by features[{first}]", site.id),
                    ));
                } else {
                    seen.insert(site.id.clone(), i);
                    sites.push(site);
                }
            }
            Err((field, reason)) => problems.push(problem(SiteLocation::Feature(i), field, reason)),
        }
    }
    (sites, problems)
}
