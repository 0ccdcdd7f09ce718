//! SVG drawing for the web pages and the period report: the incident map (basemap,
//! agreement zones, markers) and stacked daily bar charts.
//!
//! The pages run under a strict Content Security Policy, so nothing here
//! writes `style` attributes or `<style>` elements: every element carries CSS
//! classes for the page's stylesheet and, at most, default presentation
//! attributes (`fill`, `stroke`, ...) that the stylesheet overrides.
//!
//! Everything is plain string building with no panics on any input: numbers
//! that are not finite are skipped, all text is escaped, and characters that
//! XML cannot carry are replaced.

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use geojson::GeometryValue;
use serde_json::Value;
use truce_model::Zone;
use truce_model::geojson_layer::{self, CollectionError};

/// One incident drawn on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub lat: f64,
    pub lon: f64,
    /// A status word such as "confirmed", "corroborated", "alleged",
    /// "disputed", "insufficient", "outside-period", "not-covered", "none";
    /// becomes the CSS class `st-<status>` on the marker.
    pub status: String,
    /// Shown as the marker's tooltip (`<title>`), plain text.
    pub label: String,
    /// Link target of the marker.
    pub href: String,
    /// Days since 1970-01-01 of the incident's start, written as `data-day`
    /// so a small script can filter the map by date without a new request.
    pub day: i64,
    /// Uncertainty radius in km (precision of the place), drawn as a faint
    /// circle so a coarse location is not mistaken for an exact one.
    pub radius_km: f64,
}

/// One stacked series of a daily chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// CSS class suffix, e.g. "confirmed" -> class "st-confirmed".
    pub status: String,
    /// One count per day from the chart's start.
    pub counts: Vec<u32>,
}

/// Bounds as `[min_lon, min_lat, max_lon, max_lat]`: Ukraine, the Black Sea
/// and the neighbouring Russian regions.
pub const DEFAULT_BOUNDS: [f64; 4] = [22.0, 43.5, 41.5, 53.0];

/// Width of the map's viewBox in pixels; the height follows the bounds.
const MAP_WIDTH: f64 = 960.0;
/// The height is kept within these so extreme bounds still give a usable
/// picture (the bounds are then centred in the view).
const MAP_MIN_HEIGHT: f64 = 60.0;
const MAP_MAX_HEIGHT: f64 = 3.0 * MAP_WIDTH;
/// Kilometres per degree of latitude (mean), to size uncertainty circles.
const KM_PER_DEG: f64 = 111.32;
/// Marker radius in viewBox pixels.
const MARKER_R: f64 = 4.0;
/// Vertices closer than this (in pixels) to the previous kept one are
/// dropped: invisible at any sensible zoom and they make the page heavy.
const MIN_VERTEX_DIST: f64 = 0.5;

/// Distinct ids for the `<title>` of each drawing, so two drawings on one
/// page never share an `aria-labelledby` target.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id(kind: &str) -> String {
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    format!("truce-{kind}-{n}")
}

// ---------------------------------------------------------------------------
// Basemap
// ---------------------------------------------------------------------------

/// The embedded basemap (regions and countries), parsed once.
#[derive(Debug, Default)]
pub struct Basemap {
    /// Countries first, then regions, so regions are drawn on top.
    features: Vec<Feature>,
    /// The rendered basemap group for [`DEFAULT_BOUNDS`], built on first use
    /// so most map requests only pay for their points.
    default_group: OnceLock<String>,
}

#[derive(Debug)]
struct Feature {
    id: String,
    name: String,
    country: String,
    is_country: bool,
    /// Polygons of rings of `[lon, lat]`, all finite.
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// `[min_lon, min_lat, max_lon, max_lat]` of all polygons.
    bbox: [f64; 4],
}

impl Basemap {
    /// Parsed from `truce_geo::basemap_geojson()` once. Never panics: if the
    /// embedded data were unreadable the map would just have no basemap.
    pub fn embedded() -> &'static Basemap {
        static EMBEDDED: OnceLock<Basemap> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Basemap::from_geojson(truce_geo::basemap_geojson()).unwrap_or_default())
    }

    /// From a GeoJSON FeatureCollection text (Polygon and MultiPolygon
    /// features with properties `id`, `name`, `country`, `kind` = "region" |
    /// "country"). Features that cannot be read are skipped rather than
    /// failing the whole map; only a text that is not a FeatureCollection is
    /// an error.
    pub fn from_geojson(text: &str) -> Result<Basemap, String> {
        let list = geojson_layer::features(text).map_err(|e| match e {
            CollectionError::Json(e) => format!("the basemap is not valid JSON: {e}"),
            CollectionError::NotFeatureCollection => {
                "the basemap is not a GeoJSON FeatureCollection".to_string()
            }
            CollectionError::NoFeatures => {
                "the basemap FeatureCollection has no features array".to_string()
            }
        })?;
        let mut features: Vec<Feature> = list
            .iter()
            .filter_map(|f| parse_feature(&geojson_layer::feature(f).ok()?))
            .collect();
        // Stable: keeps the file's order within each kind.
        features.sort_by_key(|f| !f.is_country);
        Ok(Basemap {
            features,
            default_group: OnceLock::new(),
        })
    }

    /// The `<g class="basemap">` group for a projection; cached for the
    /// default bounds.
    fn group(&self, proj: &Projection) -> std::borrow::Cow<'_, str> {
        if proj.is_default {
            std::borrow::Cow::Borrowed(
                self.default_group
                    .get_or_init(|| render_basemap(self, proj))
                    .as_str(),
            )
        } else {
            std::borrow::Cow::Owned(render_basemap(self, proj))
        }
    }
}

fn parse_feature(f: &geojson::Feature) -> Option<Feature> {
    let prop = |k: &str| -> String {
        f.property(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = match &f.geometry.as_ref()?.value {
        GeometryValue::Polygon { coordinates } => parse_polygon(coordinates).into_iter().collect(),
        GeometryValue::MultiPolygon { coordinates } => coordinates
            .iter()
            .filter_map(|p| parse_polygon(p))
            .collect(),
        _ => return None,
    };
    if polygons.is_empty() {
        return None;
    }
    let bbox = bbox_of(polygons.iter().flatten().flatten())?;
    Some(Feature {
        id: prop("id"),
        name: prop("name"),
        country: prop("country"),
        is_country: prop("kind") == "country",
        polygons,
        bbox,
    })
}

/// A polygon's rings, keeping only finite positions; `None` when the
/// exterior ring is unusable (a polygon without its exterior is meaningless).
fn parse_polygon(rings: &[Vec<geojson::Position>]) -> Option<Vec<Vec<[f64; 2]>>> {
    let mut out = Vec::new();
    for (i, ring) in rings.iter().enumerate() {
        let pts: Vec<[f64; 2]> = ring
            .iter()
            .filter_map(|p| geojson_layer::position(p).ok())
            .filter(|[lon, lat]| lon.is_finite() && lat.is_finite())
            .collect();
        if pts.len() >= 3 {
            out.push(pts);
        } else if i == 0 {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn bbox_of<'a>(pts: impl IntoIterator<Item = &'a [f64; 2]>) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for &[lon, lat] in pts {
        if lon.is_finite() && lat.is_finite() {
            b = [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)];
        }
    }
    (b[0] <= b[2] && b[1] <= b[3]).then_some(b)
}

fn bbox_overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

fn render_basemap(base: &Basemap, proj: &Projection) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(
        "<g class=\"basemap\" fill=\"#eeeeea\" stroke=\"#9a9a9a\" stroke-width=\"0.6\" \
         stroke-linejoin=\"round\" fill-rule=\"evenodd\">",
    );
    let mut d = String::new();
    for f in &base.features {
        if !bbox_overlaps(&f.bbox, &proj.bounds) {
            continue;
        }
        d.clear();
        for poly in &f.polygons {
            // Parts of a multipolygon far outside the view (Russia's east)
            // cost bytes for nothing.
            if let Some(pb) = bbox_of(poly.iter().take(1).flatten())
                && !bbox_overlaps(&pb, &proj.bounds)
            {
                continue;
            }
            for ring in poly {
                push_ring(&mut d, ring, proj);
            }
        }
        if d.is_empty() {
            continue;
        }
        out.push_str("<path class=\"");
        out.push_str(if f.is_country { "country" } else { "region" });
        let cc = class_token(&f.country, false);
        if !cc.is_empty() {
            out.push_str(" c-");
            out.push_str(&cc);
        }
        out.push_str("\" data-id=\"");
        push_escaped(&mut out, &f.id);
        out.push_str("\" d=\"");
        out.push_str(&d);
        out.push_str("\"><title>");
        push_escaped(&mut out, &f.name);
        out.push_str("</title></path>");
    }
    out.push_str("</g>");
    out
}

// ---------------------------------------------------------------------------
// Projection
// ---------------------------------------------------------------------------

/// Equirectangular, with longitudes scaled by cos(mid-latitude) so shapes at
/// these latitudes are not squashed; good enough over a few hundred km and
/// far cheaper than a real conformal projection.
#[derive(Debug, Clone, PartialEq)]
struct Projection {
    /// The bounds actually fitted (sanitised).
    bounds: [f64; 4],
    /// Pixels per degree of latitude.
    scale: f64,
    /// cos(mid-latitude).
    k: f64,
    x0: f64,
    y0: f64,
    width: f64,
    height: f64,
    is_default: bool,
}

impl Projection {
    fn new(bounds: Option<[f64; 4]>) -> Projection {
        let b = sanitize_bounds(bounds.unwrap_or(DEFAULT_BOUNDS));
        let k = ((b[1] + b[3]) / 2.0).to_radians().cos().max(0.01);
        let lon_span = (b[2] - b[0]) * k;
        let lat_span = b[3] - b[1];
        let mut scale = MAP_WIDTH / lon_span;
        let mut height = lat_span * scale;
        let (mut x0, mut y0) = (0.0, 0.0);
        if height > MAP_MAX_HEIGHT {
            // Too tall: fit the height instead and centre horizontally.
            scale = MAP_MAX_HEIGHT / lat_span;
            height = MAP_MAX_HEIGHT;
            x0 = (MAP_WIDTH - lon_span * scale) / 2.0;
        } else if height < MAP_MIN_HEIGHT {
            // A thin strip: keep the scale, centre it in a minimal height.
            y0 = (MAP_MIN_HEIGHT - height) / 2.0;
            height = MAP_MIN_HEIGHT;
        }
        Projection {
            bounds: b,
            scale,
            k,
            x0,
            y0,
            width: MAP_WIDTH,
            height,
            is_default: b == DEFAULT_BOUNDS,
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.x0 + (lon - self.bounds[0]) * self.k * self.scale,
            self.y0 + (self.bounds[3] - lat) * self.scale,
        )
    }

    fn contains(&self, lon: f64, lat: f64) -> bool {
        lon >= self.bounds[0]
            && lon <= self.bounds[2]
            && lat >= self.bounds[1]
            && lat <= self.bounds[3]
    }

    fn px_per_km(&self) -> f64 {
        self.scale / KM_PER_DEG
    }
}

/// Bounds that can be projected: finite, ordered, latitudes within ±85°
/// (the scale factor explodes at the poles), at least 0.05° wide so a
/// single-incident map still has a sensible scale. Unusable bounds fall back
/// to the default rather than failing the page.
fn sanitize_bounds(b: [f64; 4]) -> [f64; 4] {
    if b.iter().any(|v| !v.is_finite()) || b[0] > b[2] || b[1] > b[3] {
        return DEFAULT_BOUNDS;
    }
    let mut b = [
        b[0].clamp(-180.0, 180.0),
        b[1].clamp(-85.0, 85.0),
        b[2].clamp(-180.0, 180.0),
        b[3].clamp(-85.0, 85.0),
    ];
    const MIN_SPAN: f64 = 0.05;
    for (lo, hi) in [(0, 2), (1, 3)] {
        if b[hi] - b[lo] < MIN_SPAN {
            let mid = (b[lo] + b[hi]) / 2.0;
            b[lo] = mid - MIN_SPAN / 2.0;
            b[hi] = mid + MIN_SPAN / 2.0;
        }
    }
    b
}

/// Appends one ring as a closed subpath, dropping vertices too close to the
/// previous kept one; writes nothing when fewer than three remain.
fn push_ring(d: &mut String, ring: &[[f64; 2]], proj: &Projection) {
    let start = d.len();
    let mut kept = 0usize;
    let mut last = (f64::NAN, f64::NAN);
    for &[lon, lat] in ring {
        if !lon.is_finite() || !lat.is_finite() {
            continue;
        }
        let (x, y) = proj.project(lon, lat);
        if kept > 0 {
            let (dx, dy) = (x - last.0, y - last.1);
            if dx * dx + dy * dy < MIN_VERTEX_DIST * MIN_VERTEX_DIST {
                continue;
            }
        }
        match kept {
            0 => d.push('M'),
            1 => d.push('L'),
            _ => d.push(' '),
        }
        push_num(d, x);
        d.push(' ');
        push_num(d, y);
        last = (x, y);
        kept += 1;
    }
    if kept >= 3 {
        d.push('Z');
    } else {
        d.truncate(start);
    }
}

// ---------------------------------------------------------------------------
// Map
// ---------------------------------------------------------------------------

/// What a map label names; decides its style and how early it appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Country,
    Sea,
    Region,
    City,
}

impl LabelKind {
    fn class(self) -> &'static str {
        match self {
            LabelKind::Country => "country-label",
            LabelKind::Sea => "sea-label",
            LabelKind::Region => "region-label",
            LabelKind::City => "city-label",
        }
    }
}

/// A place name on the map: countries, seas, regions and cities.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    pub lat: f64,
    pub lon: f64,
    pub text: String,
    pub kind: LabelKind,
    /// People living there (cities) or any size rank: bigger first.
    pub rank: u64,
}

/// Neighbouring countries and seas, placed where they read well in the
/// default view (a country's own centroid may lie far outside it).
pub fn neighbour_labels() -> Vec<MapLabel> {
    neighbour_labels_in("en")
}

/// [`neighbour_labels`] in a language (`en`, `uk` or `ru`; others read as
/// English).
pub fn neighbour_labels_in(lang: &str) -> Vec<MapLabel> {
    // Names in English, Ukrainian and Russian; latitude, longitude.
    const NEIGHBOURS: [([&str; 3], f64, f64, LabelKind); 8] = [
        (
            ["UKRAINE", "УКРАЇНА", "УКРАИНА"],
            49.2,
            31.0,
            LabelKind::Country,
        ),
        (
            ["RUSSIA", "РОСІЯ", "РОССИЯ"],
            51.9,
            38.6,
            LabelKind::Country,
        ),
        (
            ["BELARUS", "БІЛОРУСЬ", "БЕЛАРУСЬ"],
            52.6,
            27.6,
            LabelKind::Country,
        ),
        (
            ["MOLDOVA", "МОЛДОВА", "МОЛДОВА"],
            47.4,
            28.5,
            LabelKind::Country,
        ),
        (
            ["ROMANIA", "РУМУНІЯ", "РУМЫНИЯ"],
            45.6,
            24.6,
            LabelKind::Country,
        ),
        (
            ["POLAND", "ПОЛЬЩА", "ПОЛЬША"],
            52.2,
            22.9,
            LabelKind::Country,
        ),
        (
            ["Black Sea", "Чорне море", "Чёрное море"],
            43.9,
            34.0,
            LabelKind::Sea,
        ),
        (
            ["Sea of Azov", "Азовське море", "Азовское море"],
            46.15,
            36.6,
            LabelKind::Sea,
        ),
    ];
    let which = match lang {
        "uk" => 1,
        "ru" => 2,
        _ => 0,
    };
    NEIGHBOURS
        .iter()
        .map(|(names, lat, lon, kind)| MapLabel {
            lat: *lat,
            lon: *lon,
            text: names[which].to_string(),
            kind: *kind,
            rank: 0,
        })
        .collect()
}

/// Screen pixels per viewBox pixel at which each label level appears; app.js
/// marks the map `at0`…`at6` as the view reaches them (the same numbers are
/// in app.js). Labels are placed so that none overlaps another at the level
/// where it appears.
pub const LABEL_LEVELS: [f64; 7] = [0.35, 0.7, 1.4, 2.8, 5.6, 11.2, 22.4];
/// Label font size in screen pixels (the stylesheet keeps it constant while
/// zooming) and the rough width of one character, for placement.
const LABEL_FONT: f64 = 12.0;
const LABEL_CHAR_W: f64 = 6.6;

struct PlacedLabel<'a> {
    x: f64,
    y: f64,
    label: &'a MapLabel,
    level: usize,
}

/// The level a label may first appear at, before collisions.
fn base_level(l: &MapLabel) -> usize {
    match l.kind {
        LabelKind::Country => 0,
        LabelKind::Sea => 1,
        LabelKind::Region => 2,
        LabelKind::City => match l.rank {
            r if r >= 1_000_000 => 0,
            r if r >= 300_000 => 1,
            r if r >= 100_000 => 2,
            r if r >= 40_000 => 3,
            r if r >= 15_000 => 4,
            _ => 5,
        },
    }
}

/// The label's box in screen pixels at `scale` screen pixels per viewBox
/// pixel: cities sit right of their dot, other names centred on the point.
fn label_box(x: f64, y: f64, l: &MapLabel, scale: f64) -> [f64; 4] {
    let w = l.text.chars().count() as f64 * LABEL_CHAR_W + 4.0;
    let h = LABEL_FONT + 2.0;
    let (sx, sy) = (x * scale, y * scale);
    match l.kind {
        LabelKind::City => [sx - 3.0, sy - h / 2.0, sx + 5.0 + w, sy + h / 2.0],
        _ => [sx - w / 2.0, sy - h / 2.0, sx + w / 2.0, sy + h / 2.0],
    }
}

/// Greedy placement: in order of importance, each label takes the first
/// level (from its base level on) where it overlaps no label already shown
/// there; labels that never fit are left out.
fn place_labels<'a>(labels: &'a [MapLabel], proj: &Projection) -> Vec<PlacedLabel<'a>> {
    let mut order: Vec<&MapLabel> = labels
        .iter()
        .filter(|l| {
            l.lat.is_finite()
                && l.lon.is_finite()
                && proj.contains(l.lon, l.lat)
                && !l.text.trim().is_empty()
        })
        .collect();
    let prio = |l: &MapLabel| match l.kind {
        LabelKind::Country => 0u8,
        LabelKind::City if l.rank >= 1_000_000 => 1,
        LabelKind::Sea => 2,
        LabelKind::City if l.rank >= 300_000 => 3,
        LabelKind::Region => 4,
        LabelKind::City => 5,
    };
    order.sort_by(|a, b| prio(a).cmp(&prio(b)).then(b.rank.cmp(&a.rank)));
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for l in order.into_iter().take(2000) {
        let (x, y) = proj.project(l.lon, l.lat);
        let free = |level: usize| {
            let s = LABEL_LEVELS[level];
            let b = label_box(x, y, l, s);
            // At the levels that show the whole map (a phone, a desktop),
            // a name must fit inside it, not be cut at the edge.
            if level <= 1
                && (b[0] < 0.0 || b[1] < 0.0 || b[2] > proj.width * s || b[3] > proj.height * s)
            {
                return false;
            }
            placed.iter().filter(|p| p.level <= level).all(|p| {
                let o = label_box(p.x, p.y, p.label, s);
                b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3]
            })
        };
        if let Some(level) = (base_level(l)..LABEL_LEVELS.len()).find(|&lv| free(lv)) {
            placed.push(PlacedLabel {
                x,
                y,
                label: l,
                level,
            });
        }
    }
    placed
}

/// A whole `<svg>` element (no XML declaration) drawing the basemap, the
/// agreement's zones, place names and the points, fitted to `bounds` (or
/// [`DEFAULT_BOUNDS`] when `None`). Points outside the bounds or with
/// non-finite coordinates are not drawn; points whose day lies outside
/// `days` (inclusive) are drawn hidden (class `off`), so the page's script
/// can show them again when the date range widens.
///
/// Each marker is a link holding a wide transparent hit circle (for
/// fingers), the visible dot, and its uncertainty circle, which the
/// stylesheet shows only while that marker is hovered, focused or selected.
pub fn map_svg(
    base: &Basemap,
    zones: &[Zone],
    points: &[MapPoint],
    labels: &[MapLabel],
    bounds: Option<[f64; 4]>,
    days: Option<(i64, i64)>,
) -> String {
    map_svg_words(base, zones, points, labels, &[], bounds, days, None)
}

/// A vessel's track to draw under the markers: its positions as
/// (longitude, latitude), in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct MapTrack {
    pub label: String,
    pub military: bool,
    pub points: Vec<(f64, f64)>,
}

/// [`map_svg`] in a reader's language, with ships' tracks drawn under the
/// markers: what a screen reader says of the map (its `<title>` and
/// `<desc>`, the messages `map-svg-title` and `map-svg-desc`) and the
/// zones' names come from `words`.
#[allow(clippy::too_many_arguments)]
pub fn map_svg_in(
    base: &Basemap,
    zones: &[Zone],
    points: &[MapPoint],
    labels: &[MapLabel],
    tracks: &[MapTrack],
    bounds: Option<[f64; 4]>,
    days: Option<(i64, i64)>,
    words: &dyn crate::claims::Words,
) -> String {
    map_svg_words(
        base,
        zones,
        points,
        labels,
        tracks,
        bounds,
        days,
        Some(words),
    )
}

/// The map; in English where no `words` are given.
#[allow(clippy::too_many_arguments)]
fn map_svg_words(
    base: &Basemap,
    zones: &[Zone],
    points: &[MapPoint],
    labels: &[MapLabel],
    tracks: &[MapTrack],
    bounds: Option<[f64; 4]>,
    days: Option<(i64, i64)>,
    words: Option<&dyn crate::claims::Words>,
) -> String {
    let proj = Projection::new(bounds);
    let id = next_id("map");

    let mut markers = String::with_capacity(points.len() * 260);
    let max_halo = proj.width.min(proj.height) / 4.0;
    let px_per_km = proj.px_per_km();
    let mut shown = 0usize;
    let mut in_range = 0usize;
    for p in points {
        if !p.lat.is_finite() || !p.lon.is_finite() || !proj.contains(p.lon, p.lat) {
            continue;
        }
        shown += 1;
        let off = days.is_some_and(|(a, b)| p.day < a || p.day > b);
        if !off {
            in_range += 1;
        }
        let (x, y) = proj.project(p.lon, p.lat);
        let status = class_token(&p.status, true);
        let status = if status.is_empty() {
            "none".to_string()
        } else {
            status
        };
        let href = safe_href(&p.href);
        markers.push_str(if href.is_some() { "<a" } else { "<g" });
        let _ = write!(
            markers,
            " class=\"pt{}\" data-day=\"{}\" data-x=\"",
            if off { " off" } else { "" },
            p.day
        );
        push_num(&mut markers, x);
        markers.push_str("\" data-y=\"");
        push_num(&mut markers, y);
        markers.push('"');
        if let Some(h) = href {
            markers.push_str(" href=\"");
            push_escaped(&mut markers, h);
            markers.push('"');
        }
        markers.push('>');
        let r = p.radius_km * px_per_km;
        if r.is_finite() && r > 3.0 {
            markers.push_str("<circle class=\"uncertainty st-");
            markers.push_str(&status);
            markers.push_str("\" cx=\"");
            push_num(&mut markers, x);
            markers.push_str("\" cy=\"");
            push_num(&mut markers, y);
            markers.push_str("\" r=\"");
            push_num(&mut markers, r.min(max_halo));
            markers.push_str("\"/>");
        }
        markers.push_str("<circle class=\"hit\" cx=\"");
        push_num(&mut markers, x);
        markers.push_str("\" cy=\"");
        push_num(&mut markers, y);
        markers.push_str("\" r=\"10\" fill=\"none\"/>");
        markers.push_str("<circle class=\"marker st-");
        markers.push_str(&status);
        let _ = write!(markers, "\" data-day=\"{}\" cx=\"", p.day);
        push_num(&mut markers, x);
        markers.push_str("\" cy=\"");
        push_num(&mut markers, y);
        markers.push_str("\" r=\"");
        push_num(&mut markers, MARKER_R);
        markers.push_str("\" fill=\"");
        markers.push_str(status_colour(&status));
        markers.push_str("\"><title>");
        push_escaped(&mut markers, &p.label);
        markers.push_str("</title></circle>");
        markers.push_str(if href.is_some() { "</a>" } else { "</g>" });
    }

    let basemap = base.group(&proj);
    let mut out = String::with_capacity(basemap.len() + markers.len() + 32 * 1024);
    // The projection, for the page's script to turn a place on the map back
    // into longitude and latitude: west, north, x0, y0, pixels per degree of
    // longitude and of latitude.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"truce-map at0 at1\" \
         data-geo=\"{} {} {} {} {} {}\" viewBox=\"0 0 ",
        proj.bounds[0],
        proj.bounds[3],
        proj.x0,
        proj.y0,
        proj.k * proj.scale,
        proj.scale
    );
    push_num(&mut out, proj.width);
    out.push(' ');
    push_num(&mut out, proj.height);
    let [west, east, south, north] = [0, 2, 1, 3].map(|i| format!("{:.2}", proj.bounds[i]));
    let (title, desc) = match words {
        Some(w) => (
            w.t("map-svg-title"),
            w.args(
                "map-svg-desc",
                &[
                    ("in_range", in_range.to_string()),
                    ("total", points.len().to_string()),
                    ("shown", shown.to_string()),
                    ("west", west),
                    ("east", east),
                    ("south", south),
                    ("north", north),
                ],
            ),
        ),
        None => (
            "Map of incidents".to_string(),
            format!(
                "{in_range} of {total} incidents are shown on the map ({shown} lie within its \
                 area); longitude {west} to {east}, latitude {south} to {north}.",
                total = points.len()
            ),
        ),
    };
    let _ = write!(
        out,
        "\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"group\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">"
    );
    push_escaped(&mut out, &title);
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    push_escaped(&mut out, &desc);
    out.push_str("</desc>");
    out.push_str("<rect class=\"sea\" x=\"0\" y=\"0\" width=\"");
    push_num(&mut out, proj.width);
    out.push_str("\" height=\"");
    push_num(&mut out, proj.height);
    out.push_str("\" fill=\"#dce9f2\"/>");
    out.push_str(&basemap);

    out.push_str(
        "<g class=\"zones\" fill=\"#2b6cb0\" fill-opacity=\"0.08\" stroke=\"#2b6cb0\" \
         stroke-width=\"1.5\" stroke-dasharray=\"6 3\" fill-rule=\"evenodd\">",
    );
    let mut d = String::new();
    for z in zones {
        d.clear();
        for poly in &z.polygons {
            match bbox_of(poly.iter().take(1).flatten()) {
                Some(pb) if bbox_overlaps(&pb, &proj.bounds) => {}
                _ => continue,
            }
            for ring in poly {
                push_ring(&mut d, ring, &proj);
            }
        }
        if d.is_empty() {
            continue;
        }
        out.push_str("<path class=\"zone\" data-zone=\"");
        push_escaped(&mut out, &z.id);
        out.push_str("\" d=\"");
        out.push_str(&d);
        out.push_str("\"><title>");
        push_escaped(&mut out, words.map_or(&z.name, |w| z.name_in(w.lang())));
        out.push_str("</title></path>");
    }
    out.push_str("</g>");

    // Place names under the markers, so a name never hides an incident.
    out.push_str(
        "<g class=\"labels\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333333\" \
         pointer-events=\"none\" aria-hidden=\"true\">",
    );
    for p in place_labels(labels, &proj) {
        let class = p.label.kind.class();
        if p.label.kind == LabelKind::City {
            let _ = write!(out, "<circle class=\"city-dot l{}\" cx=\"", p.level);
            push_num(&mut out, p.x);
            out.push_str("\" cy=\"");
            push_num(&mut out, p.y);
            out.push_str("\" r=\"1.5\"/>");
        }
        let _ = write!(out, "<text class=\"lbl {class} l{}\" x=\"", p.level);
        push_num(&mut out, p.x);
        out.push_str("\" y=\"");
        push_num(&mut out, p.y);
        if p.label.kind == LabelKind::City {
            out.push_str("\" dx=\"0.4em\" dy=\"0.35em\">");
        } else {
            out.push_str("\" dy=\"0.35em\" text-anchor=\"middle\">");
        }
        push_escaped(&mut out, &p.label.text);
        out.push_str("</text>");
    }
    out.push_str("</g>");

    if !tracks.is_empty() {
        out.push_str("<g class=\"tracks\" fill=\"none\" stroke-width=\"1.5\">");
        for t in tracks {
            let pts: Vec<(f64, f64)> = t
                .points
                .iter()
                .filter(|(lon, lat)| lon.is_finite() && lat.is_finite())
                .map(|&(lon, lat)| proj.project(lon, lat))
                .collect();
            if pts.is_empty() {
                continue;
            }
            out.push_str(if t.military {
                "<g class=\"track military\" stroke=\"#a3132b\">"
            } else {
                "<g class=\"track\" stroke=\"#4a5560\">"
            });
            out.push_str("<title>");
            push_escaped(&mut out, &t.label);
            out.push_str("</title><polyline points=\"");
            for (i, (x, y)) in pts.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                push_num(&mut out, *x);
                out.push(',');
                push_num(&mut out, *y);
            }
            out.push_str("\"/>");
            // Where it was last heard in the window.
            if let Some((x, y)) = pts.last() {
                out.push_str("<circle class=\"ship\" r=\"3\" cx=\"");
                push_num(&mut out, *x);
                out.push_str("\" cy=\"");
                push_num(&mut out, *y);
                out.push_str("\"/>");
            }
            out.push_str("</g>");
        }
        out.push_str("</g>");
    }
    out.push_str("<g class=\"markers\" stroke=\"#ffffff\" stroke-width=\"1\">");
    out.push_str(&markers);
    out.push_str("</g><g class=\"clusters\"></g></svg>");
    out
}

/// A small bar chart of incidents per day, `first` to `last` inclusive,
/// under the map: the page's script lets a reader brush a date range on it.
/// `counts` are (day, incidents) pairs; days outside the span are ignored.
pub fn timeline_svg(first: i64, last: i64, counts: &[(i64, u32)]) -> String {
    timeline_svg_in(first, last, counts, &Months::EN)
}

/// [`timeline_svg`] with month names in the reader's language.
pub fn timeline_svg_in(first: i64, last: i64, counts: &[(i64, u32)], months: &Months) -> String {
    const W: f64 = 960.0;
    const H: f64 = 64.0;
    const PLOT_TOP: f64 = 6.0;
    const BASE: f64 = 46.0;
    let id = next_id("timeline");
    let (first, last) = if last < first {
        (first, first)
    } else {
        (first, last)
    };
    let n = (last - first + 1).clamp(1, 3660) as usize;
    let last = first + n as i64 - 1;
    let mut per_day = vec![0u64; n];
    for &(d, c) in counts {
        if let Ok(i) = usize::try_from(d - first)
            && i < n
        {
            per_day[i] = per_day[i].saturating_add(u64::from(c));
        }
    }
    let max = per_day.iter().copied().max().unwrap_or(0);
    let (_, y_max) = nice_axis(max);
    let bw = W / n as f64;
    let scale = (BASE - PLOT_TOP) / y_max as f64;
    let mut out = String::with_capacity(1024 + n * 90);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"truce-timeline\" viewBox=\"0 0 {W} {H}\" \
         width=\"100%\" preserveAspectRatio=\"none\" role=\"img\" data-first=\"{first}\" \
         data-last=\"{last}\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">Incidents per day, "
    );
    push_date(&mut out, first, true, months);
    out.push_str(" to ");
    push_date(&mut out, last, true, months);
    let _ = write!(
        out,
        "; at most {max} in a day</title><rect class=\"tl-bg\" x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/><g class=\"tl-bars\" fill=\"#5d6670\">"
    );
    for (i, &c) in per_day.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let h = (c as f64 * scale).max(1.0);
        let _ = write!(
            out,
            "<rect data-day=\"{}\" x=\"",
            first.saturating_add(i as i64)
        );
        push_num(&mut out, i as f64 * bw);
        out.push_str("\" y=\"");
        push_num(&mut out, BASE - h);
        out.push_str("\" width=\"");
        push_num(&mut out, (bw - if bw > 3.0 { 1.0 } else { 0.0 }).max(0.2));
        out.push_str("\" height=\"");
        push_num(&mut out, h);
        out.push_str("\"/>");
    }
    let _ = write!(
        out,
        "</g><line class=\"tl-base\" x1=\"0\" x2=\"{W}\" y1=\"{BASE}\" y2=\"{BASE}\" stroke=\"#5d6670\"/>\
         <rect class=\"brush\" x=\"0\" y=\"0\" width=\"0\" height=\"{BASE}\" fill=\"#1d4f91\" fill-opacity=\"0.15\"/></svg>"
    );
    out
}

/// Script URLs are never linked, whatever the caller passes: the map is
/// embedded in pages and a marker link must not run code. Empty means no
/// link.
fn safe_href(href: &str) -> Option<&str> {
    let h = href.trim();
    if h.is_empty() {
        return None;
    }
    let lower: String = h
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:")
    {
        return None;
    }
    Some(h)
}

/// Default colours (CSS overrides them) so the drawing is readable even
/// without the page's stylesheet.
fn status_colour(status: &str) -> &'static str {
    match status {
        "confirmed" => "#b2182b",
        "corroborated" => "#e66101",
        "alleged" => "#fdb863",
        "disputed" => "#5e3c99",
        "insufficient" => "#9e9e9e",
        "outside-period" => "#7a7a7a",
        "not-covered" => "#c8c8c8",
        "rejected" => "#2f7d4f",
        "none" => "#4d4d4d",
        // Weapon classes, for the air-attack tally chart.
        "m-missile-ballistic" => "#7f0000",
        "m-missile-cruise" => "#d7301f",
        "m-missile-anti-ship" => "#fc8d59",
        "m-missile-other" => "#b35806",
        "m-bomb-guided" => "#542788",
        "m-bomb-unguided" => "#8073ac",
        "m-drone-long-range" => "#1d4f91",
        "m-drone-tactical" => "#4393c3",
        "m-drone-reconnaissance" => "#92c5de",
        "m-mixed" => "#636363",
        _ => "#4d4d4d",
    }
}

// ---------------------------------------------------------------------------
// Daily chart
// ---------------------------------------------------------------------------

const CHART_WIDTH: f64 = 960.0;
const CHART_PLOT_HEIGHT: f64 = 220.0;
const CHART_RIGHT: f64 = 12.0;
const CHART_BOTTOM: f64 = 40.0;
const LEGEND_ROW: f64 = 18.0;
/// Rough width of one character of the 11 px labels, for layout.
const CHAR_W: f64 = 6.5;
/// Month names for the date axes, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months(pub [&'static str; 12]);

impl Months {
    pub const EN: Months = Months([
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]);
    pub const UK: Months = Months([
        "січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру",
    ]);
    pub const RU: Months = Months([
        "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ]);

    /// The names for a language code (`en`, `uk`, `ru`; others: English).
    pub fn of(lang: &str) -> &'static Months {
        match lang {
            "uk" => &Months::UK,
            "ru" => &Months::RU,
            _ => &Months::EN,
        }
    }
}

/// A stacked daily bar chart: x = days from `start` (one bar per day), y =
/// counts, with date ticks thinned to stay readable, y ticks at round
/// numbers, a legend and an accessible title. Series of different lengths
/// are padded with zeros.
pub fn daily_chart_svg(title: &str, start: jiff::civil::Date, series: &[Series]) -> String {
    daily_chart_svg_in(title, start, series, &Months::EN)
}

/// [`daily_chart_svg`] with month names in the reader's language.
pub fn daily_chart_svg_in(
    title: &str,
    start: jiff::civil::Date,
    series: &[Series],
    months: &Months,
) -> String {
    let id = next_id("chart");
    let n_days = series.iter().map(|s| s.counts.len()).max().unwrap_or(0);
    let start_day = days_from_civil(
        i64::from(start.year()),
        i64::from(start.month()),
        i64::from(start.day()),
    );
    let totals: Vec<u64> = (0..n_days)
        .map(|i| {
            series.iter().fold(0u64, |acc, s| {
                acc.saturating_add(u64::from(s.counts.get(i).copied().unwrap_or(0)))
            })
        })
        .collect();
    let max_total = totals.iter().copied().max().unwrap_or(0);
    let grand_total = totals.iter().fold(0u64, |a, &t| a.saturating_add(t));
    let (step, y_max) = nice_axis(max_total);

    // Legend layout first: it decides where the plot starts.
    let mut legend_items: Vec<(f64, f64, &Series)> = Vec::new();
    let (mut lx, mut row) = (0.0f64, 0usize);
    for s in series {
        let w = 16.0 + s.label.chars().count() as f64 * CHAR_W + 16.0;
        if lx > 0.0 && lx + w > CHART_WIDTH - 8.0 {
            lx = 0.0;
            row += 1;
        }
        legend_items.push((8.0 + lx, 14.0 + row as f64 * LEGEND_ROW, s));
        lx += w;
    }
    let legend_rows = if series.is_empty() { 0 } else { row + 1 };
    let top = 12.0 + legend_rows as f64 * LEGEND_ROW;

    let y_labels: Vec<(u64, String)> = (0..=y_max / step)
        .map(|i| {
            let v = i.saturating_mul(step);
            (v, compact_count(v))
        })
        .collect();
    let widest = y_labels.iter().map(|(_, l)| l.len()).max().unwrap_or(1) as f64;
    let left = (widest * CHAR_W + 14.0).max(36.0);
    let plot_w = CHART_WIDTH - left - CHART_RIGHT;
    let base = top + CHART_PLOT_HEIGHT;
    let height = base + CHART_BOTTOM;
    let scale = CHART_PLOT_HEIGHT / y_max as f64;

    let mut out = String::with_capacity(2048 + n_days * series.len() * 120);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"truce-chart\" viewBox=\"0 0 ");
    push_num(&mut out, CHART_WIDTH);
    out.push(' ');
    push_num(&mut out, height);
    let _ = write!(
        out,
        "\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" font-size=\"11\" font-family=\"sans-serif\">\
         <title id=\"{id}-title\">"
    );
    push_escaped(&mut out, title);
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    if n_days == 0 {
        out.push_str("No days to show.");
    } else {
        let _ = write!(out, "{n_days} days from ");
        push_date(&mut out, start_day, true, months);
        let _ = write!(out, " to ");
        push_date(
            &mut out,
            start_day.saturating_add(n_days as i64 - 1),
            true,
            months,
        );
        let _ = write!(
            out,
            "; {grand_total} in total, at most {max_total} in a day."
        );
    }
    out.push_str("</desc>");

    // Grid lines at the y ticks.
    out.push_str("<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">");
    for (v, _) in &y_labels {
        let y = base - *v as f64 * scale;
        out.push_str("<line x1=\"");
        push_num(&mut out, left);
        out.push_str("\" x2=\"");
        push_num(&mut out, left + plot_w);
        out.push_str("\" y1=\"");
        push_num(&mut out, y);
        out.push_str("\" y2=\"");
        push_num(&mut out, y);
        out.push_str("\"/>");
    }
    out.push_str("</g>");

    // Bars: edges are rounded (in tenths of a pixel) from cumulative values,
    // so stacked segments meet without seams and heights stay proportional.
    out.push_str("<g class=\"bars\">");
    let bw = if n_days > 0 {
        plot_w / n_days as f64
    } else {
        0.0
    };
    let gap = if bw >= 3.0 { (bw * 0.2).min(2.0) } else { 0.0 };
    let tenths = |v: f64| -> i64 { (v * 10.0).round() as i64 };
    for i in 0..n_days {
        let x_t = tenths(left + i as f64 * bw + gap / 2.0);
        let x_next = tenths(left + (i + 1) as f64 * bw - gap / 2.0);
        let w_t = (x_next - x_t).max(1);
        let mut cum = 0u64;
        for s in series {
            let c = s.counts.get(i).copied().unwrap_or(0);
            if c == 0 {
                continue;
            }
            let y0 = tenths(base - cum as f64 * scale);
            cum = cum.saturating_add(u64::from(c));
            let y1 = tenths(base - cum as f64 * scale);
            let h = y0 - y1;
            if h <= 0 {
                continue;
            }
            let status = status_class(&s.status);
            out.push_str("<rect class=\"bar st-");
            out.push_str(&status);
            let _ = write!(
                out,
                "\" data-day=\"{}\" x=\"",
                start_day.saturating_add(i as i64)
            );
            push_tenths(&mut out, x_t);
            out.push_str("\" y=\"");
            push_tenths(&mut out, y1);
            out.push_str("\" width=\"");
            push_tenths(&mut out, w_t);
            out.push_str("\" height=\"");
            push_tenths(&mut out, h);
            out.push_str("\" fill=\"");
            out.push_str(status_colour(&status));
            out.push_str("\"><title>");
            push_date(&mut out, start_day.saturating_add(i as i64), true, months);
            out.push_str(": ");
            push_escaped(&mut out, &s.label);
            let _ = write!(out, " {c}</title></rect>");
        }
    }
    out.push_str("</g>");

    // Axes: y labels, the baseline, and thinned date ticks.
    out.push_str("<g class=\"axis\" fill=\"currentColor\" stroke=\"none\">");
    for (v, label) in &y_labels {
        let y = base - *v as f64 * scale;
        out.push_str("<text text-anchor=\"end\" x=\"");
        push_num(&mut out, left - 6.0);
        out.push_str("\" y=\"");
        push_num(&mut out, y + 4.0);
        out.push_str("\">");
        push_escaped(&mut out, label);
        out.push_str("</text>");
    }
    out.push_str("<line stroke=\"currentColor\" stroke-width=\"1\" x1=\"");
    push_num(&mut out, left);
    out.push_str("\" x2=\"");
    push_num(&mut out, left + plot_w);
    out.push_str("\" y1=\"");
    push_num(&mut out, base);
    out.push_str("\" y2=\"");
    push_num(&mut out, base);
    out.push_str("\"/>");
    if n_days == 0 {
        out.push_str("<text text-anchor=\"middle\" x=\"");
        push_num(&mut out, left + plot_w / 2.0);
        out.push_str("\" y=\"");
        push_num(&mut out, top + CHART_PLOT_HEIGHT / 2.0);
        out.push_str("\">No data</text>");
    }
    let mut last_year: Option<i64> = None;
    for i in date_ticks(start_day, n_days, plot_w) {
        let day = start_day.saturating_add(i as i64);
        let x = left + (i as f64 + 0.5) * bw;
        push_day_tick(
            &mut out,
            x,
            base,
            (base + 16.0, base + 30.0),
            day,
            &mut last_year,
            months,
        );
    }
    out.push_str("</g>");

    out.push_str("<g class=\"legend\" fill=\"currentColor\">");
    for (x, y, s) in legend_items {
        let status = status_class(&s.status);
        out.push_str("<rect class=\"bar st-");
        out.push_str(&status);
        out.push_str("\" x=\"");
        push_num(&mut out, x);
        out.push_str("\" y=\"");
        push_num(&mut out, y - 9.0);
        out.push_str("\" width=\"10\" height=\"10\" fill=\"");
        out.push_str(status_colour(&status));
        out.push_str("\"/><text x=\"");
        push_num(&mut out, x + 14.0);
        out.push_str("\" y=\"");
        push_num(&mut out, y);
        out.push_str("\">");
        push_escaped(&mut out, &s.label);
        out.push_str("</text>");
    }
    out.push_str("</g></svg>");
    out
}

/// One party's row of a [`party_chart_svg`]: its findings per day, stacked
/// by status.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPanel {
    /// The party alleged responsible, as the reader knows it.
    pub label: String,
    pub series: Vec<Series>,
}

/// Sizes of a [`party_chart_svg`]: wide for a desktop column, narrow for a
/// phone (its text still at least 11 px when drawn 360 px wide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSize {
    Wide,
    Narrow,
}

/// Findings per day, one panel per party alleged responsible, every panel
/// on the same date axis and the same count scale (`y_top`, rounded up to a
/// round number of at least 5, so one finding never fills a panel). The
/// legend lists `legend` (status class, label) in that order whether or not
/// a status occurs, so it matches the table beside the chart. Both axes
/// carry titles.
#[allow(clippy::too_many_arguments)]
pub fn party_chart_svg(
    title: &str,
    start_day: i64,
    n_days: usize,
    panels: &[ChartPanel],
    legend: &[(String, String)],
    y_top: u64,
    x_title: &str,
    y_title: &str,
    size: ChartSize,
) -> String {
    party_chart_svg_in(
        title,
        start_day,
        n_days,
        panels,
        legend,
        y_top,
        x_title,
        y_title,
        size,
        &Months::EN,
    )
}

/// [`party_chart_svg`] with month names in the reader's language.
#[allow(clippy::too_many_arguments)]
pub fn party_chart_svg_in(
    title: &str,
    start_day: i64,
    n_days: usize,
    panels: &[ChartPanel],
    legend: &[(String, String)],
    y_top: u64,
    x_title: &str,
    y_title: &str,
    size: ChartSize,
    months: &Months,
) -> String {
    party_chart(
        title, start_day, n_days, panels, legend, y_top, x_title, y_title, size, false, months,
    )
}

/// [`party_chart_svg`] for paper: each status is black-and-white hatching
/// of its own (solid, hatched, cross-hatched, dotted…) drawn in the SVG
/// itself, so the bars and the legend read apart printed without colour
/// and no stylesheet can recolour them. Month names in the reader's
/// language.
#[allow(clippy::too_many_arguments)]
pub fn party_chart_svg_printable(
    title: &str,
    start_day: i64,
    n_days: usize,
    panels: &[ChartPanel],
    legend: &[(String, String)],
    y_top: u64,
    x_title: &str,
    y_title: &str,
    size: ChartSize,
    months: &Months,
) -> String {
    party_chart(
        title, start_day, n_days, panels, legend, y_top, x_title, y_title, size, true, months,
    )
}

/// How a status is drawn on paper: a fill (black, white or grey) and the
/// hatching over it — lines at a slope (1: rising "/", -1: falling "\\",
/// 0: horizontal, 2: vertical) every so many pixels, or dots.
fn status_ink(status: &str) -> (&'static str, &'static [(i8, f64)], bool) {
    match status {
        // Solid black: the most serious.
        "confirmed" => ("#000", &[], false),
        // Dense rising hatching.
        "corroborated" => ("#fff", &[(1, 3.0)], false),
        // Cross-hatching.
        "disputed" => ("#fff", &[(1, 4.0), (-1, 4.0)], false),
        // Sparse falling hatching.
        "alleged" => ("#fff", &[(-1, 5.0)], false),
        // Dots.
        "insufficient" => ("#fff", &[], true),
        // Horizontal lines.
        "rejected" => ("#fff", &[(0, 3.0)], false),
        // Vertical lines.
        "outside-period" => ("#fff", &[(2, 3.0)], false),
        // White: the outline alone.
        "not-covered" => ("#fff", &[], false),
        _ => ("#888", &[], false),
    }
}

/// The hatching of a status over the box `x, y, w, h`, as path data. Lines
/// lie on one grid for the whole drawing, so stacked boxes of one status
/// continue each other's lines. Drawn as paths, not as SVG patterns:
/// printers turn each pattern fill into an image, and a report of a few
/// charts into tens of megabytes.
fn hatch(status: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    let (_, lines, dots) = status_ink(status);
    let (x1, y1) = (x + w, y + h);
    let mut d = String::new();
    let seg = |d: &mut String, ax: f64, ay: f64, bx: f64, by: f64| {
        if (bx - ax).abs() + (by - ay).abs() < 0.05 {
            return;
        }
        d.push('M');
        push_num(d, ax);
        d.push(' ');
        push_num(d, ay);
        d.push('L');
        push_num(d, bx);
        d.push(' ');
        push_num(d, by);
    };
    for &(slope, step) in lines {
        match slope {
            0 => {
                let mut v = (y / step).ceil() * step;
                while v < y1 {
                    seg(&mut d, x, v, x1, v);
                    v += step;
                }
            }
            2 => {
                let mut v = (x / step).ceil() * step;
                while v < x1 {
                    seg(&mut d, v, y, v, y1);
                    v += step;
                }
            }
            // Rising: x + y = k.
            1 => {
                let mut k = ((x + y) / step).ceil() * step;
                while k < x1 + y1 {
                    let (a, b) = ((k - y1).max(x), (k - y).min(x1));
                    if a < b {
                        seg(&mut d, a, k - a, b, k - b);
                    }
                    k += step;
                }
            }
            // Falling: x - y = k.
            _ => {
                let mut k = ((x - y1) / step).ceil() * step;
                while k < x1 - y {
                    let (a, b) = ((y + k).max(x), (y1 + k).min(x1));
                    if a < b {
                        seg(&mut d, a, a - k, b, b - k);
                    }
                    k += step;
                }
            }
        }
    }
    if dots {
        let step = 3.0;
        let mut cy = (y / step).ceil() * step + 1.0;
        while cy < y1 - 0.5 {
            let mut cx = (x / step).ceil() * step + 1.0;
            while cx < x1 - 0.5 {
                seg(&mut d, cx - 0.5, cy, cx + 0.5, cy);
                cx += step;
            }
            cy += step;
        }
    }
    d
}

/// A box of a status on paper: white, black or grey, outlined in black,
/// with its hatching; `title` goes inside the box.
fn push_printed_box(
    out: &mut String,
    status: &str,
    [x, y, w, h]: [f64; 4],
    title: &str,
    day: Option<i64>,
) {
    let (fill, _, dots) = status_ink(status);
    let _ = write!(out, "<rect class=\"bar pat-{status}\"");
    if let Some(day) = day {
        let _ = write!(out, " data-day=\"{day}\"");
    }
    out.push_str(" x=\"");
    push_num(out, x);
    out.push_str("\" y=\"");
    push_num(out, y);
    out.push_str("\" width=\"");
    push_num(out, w);
    out.push_str("\" height=\"");
    push_num(out, h);
    let _ = write!(
        out,
        "\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"0.6\">"
    );
    if !title.is_empty() {
        out.push_str("<title>");
        out.push_str(title);
        out.push_str("</title>");
    }
    out.push_str("</rect>");
    let d = hatch(status, x, y, w, h);
    if !d.is_empty() {
        let _ = write!(
            out,
            "<path class=\"hatch\" d=\"{d}\" fill=\"none\" stroke=\"#000\" stroke-width=\"{}\" stroke-linecap=\"{}\"/>",
            if dots { "1" } else { "0.7" },
            if dots { "round" } else { "butt" }
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn party_chart(
    title: &str,
    start_day: i64,
    n_days: usize,
    panels: &[ChartPanel],
    legend: &[(String, String)],
    y_top: u64,
    x_title: &str,
    y_title: &str,
    size: ChartSize,
    printable: bool,
    months: &Months,
) -> String {
    let id = next_id("chart");
    // How a bar of a status is filled: its class and fill attributes.
    let paint = |status: &str| -> String {
        format!(
            "class=\"bar st-{status}\" fill=\"{}\"",
            status_colour(status)
        )
    };
    let (width, font, panel_h, gap_h) = match size {
        ChartSize::Wide => (960.0, 11.0, 84.0, 32.0),
        ChartSize::Narrow => (360.0, 12.0, 64.0, 30.0),
    };
    let char_w = font * 0.6;
    let (step, y_max) = nice_axis(y_top);
    let y_labels: Vec<u64> = (0..=y_max / step).map(|i| i.saturating_mul(step)).collect();
    // Fewer labelled ticks on a short panel: 0, the top, and the middle
    // when it is a whole number.
    let labelled: Vec<u64> = if y_labels.len() > 3 {
        let mut v = vec![0];
        if y_max % 2 == 0 {
            v.push(y_max / 2);
        }
        v.push(y_max);
        v
    } else {
        y_labels.clone()
    };

    // Legend rows.
    let mut legend_items: Vec<(f64, f64, &str, &str)> = Vec::new();
    let (mut lx, mut row) = (0.0f64, 0usize);
    for (status, label) in legend {
        let w = 14.0 + label.chars().count() as f64 * char_w + 14.0;
        if lx > 0.0 && lx + w > width - 8.0 {
            lx = 0.0;
            row += 1;
        }
        legend_items.push((
            6.0 + lx,
            font + 4.0 + row as f64 * (font + 7.0),
            status,
            label,
        ));
        lx += w;
    }
    let legend_h = if legend.is_empty() {
        0.0
    } else {
        (row + 1) as f64 * (font + 7.0) + 6.0
    };
    let widest = y_labels
        .iter()
        .map(|v| compact_count(*v).len())
        .max()
        .unwrap_or(1) as f64;
    let left = font + 8.0 + widest * char_w + 8.0;
    let right = 8.0;
    let plot_w = width - left - right;
    let top = legend_h + 4.0;
    let n_panels = panels.len().max(1);
    let axis_y = top + n_panels as f64 * (gap_h + panel_h);
    let height = axis_y + 3.0 * font + 18.0;
    let scale = panel_h / y_max as f64;
    let bw = if n_days > 0 {
        plot_w / n_days as f64
    } else {
        0.0
    };
    let gap = if bw >= 3.0 { (bw * 0.2).min(2.0) } else { 0.0 };
    let tenths = |v: f64| -> i64 { (v * 10.0).round() as i64 };

    let mut out = String::with_capacity(4096 + n_days * panels.len() * 60);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"truce-chart {}\" viewBox=\"0 0 ",
        match size {
            ChartSize::Wide => "wide",
            ChartSize::Narrow => "narrow",
        }
    );
    push_num(&mut out, width);
    out.push(' ');
    push_num(&mut out, height);
    let _ = write!(
        out,
        "\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{font}\" font-family=\"sans-serif\">\
         <title id=\"{id}-title\">"
    );
    push_escaped(&mut out, title);
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    if n_days == 0 || panels.is_empty() {
        out.push_str("No findings to show.");
    } else {
        let _ = write!(out, "{n_days} days from ");
        push_date(&mut out, start_day, true, months);
        out.push_str(" to ");
        push_date(
            &mut out,
            start_day.saturating_add(n_days as i64 - 1),
            true,
            months,
        );
        out.push_str("; ");
        for (i, p) in panels.iter().enumerate() {
            let total: u64 = p
                .series
                .iter()
                .flat_map(|s| s.counts.iter())
                .map(|&c| u64::from(c))
                .sum();
            if i > 0 {
                out.push_str(", ");
            }
            push_escaped(&mut out, &p.label);
            let _ = write!(out, " {total}");
        }
        out.push('.');
    }
    out.push_str("</desc>");
    // Legend.
    out.push_str("<g class=\"legend\" fill=\"currentColor\">");
    for (x, y, status, label) in &legend_items {
        let status = status_class(status);
        if printable {
            push_printed_box(
                &mut out,
                &status,
                [*x, y - font + 1.0, 10.0, 10.0],
                "",
                None,
            );
            out.push_str("<text x=\"");
        } else {
            let _ = write!(out, "<rect {} x=\"", paint(&status));
            push_num(&mut out, *x);
            out.push_str("\" y=\"");
            push_num(&mut out, y - font + 1.0);
            out.push_str("\" width=\"10\" height=\"10\"/><text x=\"");
        }
        push_num(&mut out, x + 14.0);
        out.push_str("\" y=\"");
        push_num(&mut out, *y);
        out.push_str("\">");
        push_escaped(&mut out, label);
        out.push_str("</text>");
    }
    out.push_str("</g>");

    // The y-axis title, turned along the axis.
    let mid_y = (top + axis_y) / 2.0;
    out.push_str("<text class=\"axis-title\" text-anchor=\"middle\" fill=\"currentColor\" transform=\"translate(");
    push_num(&mut out, font);
    out.push(' ');
    push_num(&mut out, mid_y);
    out.push_str(") rotate(-90)\">");
    push_escaped(&mut out, y_title);
    out.push_str("</text>");

    for (pi, panel) in panels.iter().enumerate() {
        let ptop = top + pi as f64 * (gap_h + panel_h) + gap_h;
        let base = ptop + panel_h;
        out.push_str("<g class=\"panel\">");
        out.push_str("<text class=\"panel-title\" fill=\"currentColor\" font-weight=\"bold\" x=\"");
        push_num(&mut out, left);
        out.push_str("\" y=\"");
        push_num(&mut out, ptop - 6.0);
        out.push_str("\">");
        push_escaped(&mut out, &panel.label);
        out.push_str("</text><g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">");
        for v in &y_labels {
            let y = base - *v as f64 * scale;
            out.push_str("<line x1=\"");
            push_num(&mut out, left);
            out.push_str("\" x2=\"");
            push_num(&mut out, left + plot_w);
            out.push_str("\" y1=\"");
            push_num(&mut out, y);
            out.push_str("\" y2=\"");
            push_num(&mut out, y);
            out.push_str("\"/>");
        }
        out.push_str("</g><g class=\"bars\">");
        for i in 0..n_days {
            let x_t = tenths(left + i as f64 * bw + gap / 2.0);
            let w_t = (tenths(left + (i + 1) as f64 * bw - gap / 2.0) - x_t).max(1);
            let mut cum = 0u64;
            for s in &panel.series {
                let c = s.counts.get(i).copied().unwrap_or(0);
                if c == 0 {
                    continue;
                }
                let y0 = tenths(base - cum as f64 * scale);
                cum = cum.saturating_add(u64::from(c)).min(y_max);
                let y1 = tenths(base - cum as f64 * scale);
                let h = y0 - y1;
                if h <= 0 {
                    continue;
                }
                let status = status_class(&s.status);
                let day = start_day.saturating_add(i as i64);
                if printable {
                    let mut title = String::new();
                    push_date(&mut title, day, true, months);
                    title.push_str(": ");
                    push_escaped(&mut title, &panel.label);
                    title.push_str(", ");
                    push_escaped(&mut title, &s.label);
                    let _ = write!(title, " {c}");
                    push_printed_box(
                        &mut out,
                        &status,
                        [
                            x_t as f64 / 10.0,
                            y1 as f64 / 10.0,
                            w_t as f64 / 10.0,
                            h as f64 / 10.0,
                        ],
                        &title,
                        Some(day),
                    );
                    continue;
                }
                let _ = write!(out, "<rect {} data-day=\"{day}\" x=\"", paint(&status));
                push_tenths(&mut out, x_t);
                out.push_str("\" y=\"");
                push_tenths(&mut out, y1);
                out.push_str("\" width=\"");
                push_tenths(&mut out, w_t);
                out.push_str("\" height=\"");
                push_tenths(&mut out, h);
                out.push_str("\"><title>");
                push_date(&mut out, day, true, months);
                out.push_str(": ");
                push_escaped(&mut out, &panel.label);
                out.push_str(", ");
                push_escaped(&mut out, &s.label);
                let _ = write!(out, " {c}</title></rect>");
            }
        }
        out.push_str("</g><g class=\"axis\" fill=\"currentColor\" stroke=\"none\">");
        for v in &labelled {
            let y = base - *v as f64 * scale;
            out.push_str("<text text-anchor=\"end\" x=\"");
            push_num(&mut out, left - 5.0);
            out.push_str("\" y=\"");
            push_num(&mut out, y + font * 0.35);
            out.push_str("\">");
            push_escaped(&mut out, &compact_count(*v));
            out.push_str("</text>");
        }
        out.push_str("<line stroke=\"currentColor\" stroke-width=\"1\" x1=\"");
        push_num(&mut out, left);
        out.push_str("\" x2=\"");
        push_num(&mut out, left + plot_w);
        out.push_str("\" y1=\"");
        push_num(&mut out, base);
        out.push_str("\" y2=\"");
        push_num(&mut out, base);
        out.push_str("\"/></g></g>");
    }
    if panels.is_empty() || n_days == 0 {
        out.push_str("<text class=\"axis\" fill=\"currentColor\" text-anchor=\"middle\" x=\"");
        push_num(&mut out, left + plot_w / 2.0);
        out.push_str("\" y=\"");
        push_num(&mut out, top + (gap_h + panel_h) / 2.0);
        out.push_str("\">No findings</text>");
    }

    // The shared date axis under the last panel.
    out.push_str("<g class=\"axis\" fill=\"currentColor\" stroke=\"none\">");
    let per_label = (char_w * 6.0 + 14.0).max(56.0);
    let mut last_year: Option<i64> = None;
    for i in date_ticks(start_day, n_days, plot_w * 56.0 / per_label) {
        let day = start_day.saturating_add(i as i64);
        let x = left + (i as f64 + 0.5) * bw;
        push_day_tick(
            &mut out,
            x,
            axis_y,
            (axis_y + font + 5.0, axis_y + 2.0 * font + 7.0),
            day,
            &mut last_year,
            months,
        );
    }
    out.push_str("<text class=\"axis-title\" text-anchor=\"middle\" x=\"");
    push_num(&mut out, left + plot_w / 2.0);
    out.push_str("\" y=\"");
    push_num(&mut out, axis_y + 3.0 * font + 12.0);
    out.push_str("\">");
    push_escaped(&mut out, x_title);
    out.push_str("</text></g></svg>");
    out
}

/// One day's tick on a date axis at `x`: the mark under the axis line at
/// `axis_y`, the date at `label_y.0`, and the year at `label_y.1` only where
/// it changes, to keep the axis light.
fn push_day_tick(
    out: &mut String,
    x: f64,
    axis_y: f64,
    label_y: (f64, f64),
    day: i64,
    last_year: &mut Option<i64>,
    months: &Months,
) {
    let (year, _, _) = civil_from_days(day);
    out.push_str("<line stroke=\"currentColor\" stroke-width=\"1\" x1=\"");
    push_num(out, x);
    out.push_str("\" x2=\"");
    push_num(out, x);
    out.push_str("\" y1=\"");
    push_num(out, axis_y);
    out.push_str("\" y2=\"");
    push_num(out, axis_y + 4.0);
    out.push_str("\"/><text text-anchor=\"middle\" x=\"");
    push_num(out, x);
    out.push_str("\" y=\"");
    push_num(out, label_y.0);
    out.push_str("\">");
    push_date(out, day, false, months);
    out.push_str("</text>");
    if *last_year != Some(year) {
        out.push_str("<text text-anchor=\"middle\" x=\"");
        push_num(out, x);
        out.push_str("\" y=\"");
        push_num(out, label_y.1);
        let _ = write!(out, "\">{year}</text>");
        *last_year = Some(year);
    }
}

fn status_class(status: &str) -> String {
    let s = class_token(status, true);
    if s.is_empty() { "none".to_string() } else { s }
}

/// A round tick step (1, 2 or 5 × 10ⁿ, at least 1) giving about five ticks,
/// and the axis maximum as a whole number of steps; never below 0–5, so a
/// day with one finding does not fill the chart, and nothing divides by
/// zero.
fn nice_axis(max: u64) -> (u64, u64) {
    if max <= 5 {
        return (1, 5);
    }
    let raw = max as f64 / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = ((nice * mag).round() as u64).max(1);
    let y_max = max.div_ceil(step).saturating_mul(step).max(step);
    (step, y_max)
}

/// Counts as short labels ("950", "12k", "1.5M") so big numbers fit the
/// axis margin.
fn compact_count(v: u64) -> String {
    let (unit, suffix) = if v >= 1_000_000_000 {
        (1e9, "B")
    } else if v >= 1_000_000 {
        (1e6, "M")
    } else if v >= 10_000 {
        (1e3, "k")
    } else {
        return v.to_string();
    };
    let x = ((v as f64 / unit) * 100.0).round() / 100.0;
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{suffix}")
}

/// Which day indexes get a date label: every 1, 2, 7 or 14 days when that
/// fits, otherwise month starts every 1, 2, 3, 6, 12, ... months, so labels
/// (about 56 px each) never overlap.
fn date_ticks(start_day: i64, n_days: usize, plot_w: f64) -> Vec<usize> {
    if n_days == 0 {
        return Vec::new();
    }
    let max_labels = ((plot_w / 56.0).floor() as usize).max(2);
    for step in [1usize, 2, 7, 14] {
        if n_days.div_ceil(step) <= max_labels {
            return (0..n_days).step_by(step).collect();
        }
    }
    let month_starts: Vec<(usize, i64)> = (0..n_days)
        .filter_map(|i| {
            let (y, m, d) = civil_from_days(start_day.saturating_add(i as i64));
            (d == 1).then_some((i, y * 12 + (m - 1)))
        })
        .collect();
    let mut every = 1i64;
    for candidate in [1i64, 2, 3, 6, 12].into_iter().chain((1..).map(|k| 24 * k)) {
        every = candidate;
        let n = month_starts
            .iter()
            .filter(|(_, m)| m.rem_euclid(every) == 0)
            .count();
        if n <= max_labels || candidate > 1_000_000 {
            break;
        }
    }
    month_starts
        .into_iter()
        .filter(|(_, m)| m.rem_euclid(every) == 0)
        .map(|(i, _)| i)
        .collect()
}

/// "18 Mar", or "18 Mar 2025" with the year.
fn push_date(out: &mut String, day: i64, with_year: bool, months: &Months) {
    let (y, m, d) = civil_from_days(day);
    let month = months
        .0
        .get(usize::try_from(m - 1).unwrap_or(0))
        .copied()
        .unwrap_or("?");
    let _ = write!(out, "{d} {month}");
    if with_year {
        let _ = write!(out, " {y}");
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm): plain integer arithmetic, so no date library error paths.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month 1–12, day 1–31).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    // Keep far away from overflow; such dates are nonsense anyway.
    let z = z.clamp(-1_000_000_000_000, 1_000_000_000_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// Escapes text for both element content and attribute values, and replaces
/// characters XML 1.0 cannot carry (most control characters), which would
/// otherwise make the whole page's SVG unparseable.
fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A CSS class token: ASCII letters, digits, `-` and `_` only (anything else
/// becomes `-`), optionally lowercased; so a data value can never break out
/// of the class attribute or inject another class list.
fn class_token(s: &str, lowercase: bool) -> String {
    s.trim()
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                if lowercase { c.to_ascii_lowercase() } else { c }
            } else {
                '-'
            }
        })
        .collect()
}

/// Writes a coordinate rounded to one decimal, without a trailing ".0";
/// one decimal is far below what a screen shows and halves the bytes.
fn push_num(out: &mut String, v: f64) {
    let t = (v * 10.0).round();
    if !t.is_finite() {
        out.push('0');
        return;
    }
    push_tenths(out, t.clamp(-1e15, 1e15) as i64);
}

fn push_tenths(out: &mut String, t: i64) {
    if t < 0 {
        out.push('-');
    }
    let a = t.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if !a.is_multiple_of(10) {
        let _ = write!(out, ".{}", a % 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64, label: &str) -> MapPoint {
        MapPoint {
            lat,
            lon,
            status: "confirmed".into(),
            label: label.into(),
            href: "/incidents/1?a=1&b=2".into(),
            day: 20_000,
            radius_km: 1.0,
        }
    }

    fn assert_valid(svg: &str) -> roxmltree::Document<'_> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid XML: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        for n in doc.descendants() {
            assert!(n.attribute("style").is_none(), "style attribute on {n:?}");
            assert_ne!(n.tag_name().name(), "style");
        }
        doc
    }

    fn markers<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|t| t == "marker"))
            })
            .collect()
    }

    fn attr_f(n: &roxmltree::Node, a: &str) -> f64 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    }

    fn small_base() -> Basemap {
        Basemap::from_geojson(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"X","name":"Ex <&>","country":"UA","kind":"region"},
             "geometry":{"type":"Polygon","coordinates":[[[30,48],[32,48],[32,50],[30,50],[30,48]]]}},
            {"type":"Feature","properties":{"id":"F","name":"Far","country":"ZZ","kind":"country"},
             "geometry":{"type":"Polygon","coordinates":[[[100,10],[101,10],[101,11],[100,10]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{},"geometry":null}
            ]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn map_parses_and_has_no_style() {
        let zones = vec![Zone {
            id: "black-sea".into(),
            name: "Black Sea".into(),
            names: Default::default(),
            polygons: vec![vec![
                vec![
                    [28.0, 41.0],
                    [41.0, 41.0],
                    [41.0, 47.0],
                    [28.0, 47.0],
                    [28.0, 41.0],
                ],
                vec![[33.0, 44.0], [34.0, 44.0], [34.0, 45.0], [33.0, 44.0]],
            ]],
        }];
        let pts = vec![point(46.48, 30.72, "Odesa"), point(50.45, 30.52, "Kyiv")];
        let svg = map_svg(Basemap::embedded(), &zones, &pts, &[], None, None);
        let doc = assert_valid(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some("100%"));
        // A group, not an image: its marker links must stay reachable.
        assert_eq!(root.attribute("role"), Some("group"));
        let title_id = root
            .attribute("aria-labelledby")
            .and_then(|v| v.split(' ').next())
            .unwrap_or("");
        assert!(
            doc.descendants()
                .any(|n| n.has_tag_name("title") && n.attribute("id") == Some(title_id))
        );
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("zone"))
        );
        assert_eq!(markers(&doc).len(), 2);
        // The escaped href round-trips.
        let a = doc
            .descendants()
            .find(|n| n.has_tag_name("a"))
            .and_then(|n| n.attribute("href"));
        assert_eq!(a, Some("/incidents/1?a=1&b=2"));
    }

    #[test]
    fn projection_puts_points_at_expected_pixels() {
        let svg = map_svg(
            &small_base(),
            &[],
            &[point(50.0, 30.0, "p")],
            &[],
            None,
            None,
        );
        let doc = assert_valid(&svg);
        let k = (48.25f64).to_radians().cos();
        let s = 960.0 / (19.5 * k);
        let m = markers(&doc);
        assert_eq!(m.len(), 1);
        let (cx, cy) = (attr_f(&m[0], "cx"), attr_f(&m[0], "cy"));
        assert!((cx - 8.0 * k * s).abs() <= 0.051, "cx {cx}");
        assert!((cx - 393.8).abs() < 1e-9, "cx {cx}");
        assert!((cy - 3.0 * s).abs() <= 0.051, "cy {cy}");
        // The viewBox height follows the aspect of the bounds.
        let vb: Vec<f64> = doc
            .root_element()
            .attribute("viewBox")
            .unwrap_or("")
            .split(' ')
            .filter_map(|v| v.parse().ok())
            .collect();
        assert_eq!(vb.len(), 4);
        assert!((vb[3] - 9.5 * s).abs() <= 0.051, "{vb:?}");
        // Corners of the bounds land on the corners of the view.
        let proj = Projection::new(None);
        let (x, y) = proj.project(22.0, 53.0);
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
        let (x, y) = proj.project(41.5, 43.5);
        assert!((x - 960.0).abs() < 1e-9 && (y - proj.height).abs() < 1e-9);
    }

    #[test]
    fn outside_and_nan_points_are_skipped() {
        let pts = vec![
            point(50.0, 30.0, "in"),
            point(60.0, 30.0, "north"),
            point(50.0, 10.0, "west"),
            point(f64::NAN, 30.0, "nan"),
            point(50.0, f64::INFINITY, "inf"),
        ];
        let svg = map_svg(&small_base(), &[], &pts, &[], None, None);
        let doc = assert_valid(&svg);
        let m = markers(&doc);
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text()),
            Some("in")
        );
        // The far feature is skipped by its bounding box; the near one drawn.
        assert!(!svg.contains("data-id=\"F\""));
        assert!(svg.contains("data-id=\"X\""));
    }

    #[test]
    fn labels_are_escaped_and_round_trip() {
        let label = "a <b> & \"c\" 'd' \u{1}";
        let mut p = point(48.0, 35.0, label);
        p.status = "Alleged\" onload=\"x".into();
        p.href = "/x?q=\"<&>'".into();
        let zones = vec![Zone {
            id: "z\"".into(),
            name: "<zone & co>".into(),
            names: Default::default(),
            polygons: vec![vec![vec![
                [30.0, 45.0],
                [31.0, 45.0],
                [31.0, 46.0],
                [30.0, 45.0],
            ]]],
        }];
        let svg = map_svg(&small_base(), &zones, &[p], &[], None, None);
        let doc = assert_valid(&svg);
        let m = markers(&doc);
        assert_eq!(m.len(), 1);
        let t = m[0]
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(t, Some("a <b> & \"c\" 'd' \u{FFFD}"));
        assert_eq!(
            m[0].attribute("class"),
            Some("marker st-alleged--onload--x")
        );
        assert_eq!(m[0].attribute("onload"), None);
        assert!(doc.descendants().any(|n| n.text() == Some("<zone & co>")));
        assert!(
            doc.descendants()
                .any(|n| n.attribute("href") == Some("/x?q=\"<&>'"))
        );
        assert!(doc.descendants().any(|n| n.text() == Some("Ex <&>")));

        let mut js = point(48.0, 35.0, "js");
        js.href = " JavaScript:alert(1)".into();
        let svg = map_svg(&small_base(), &[], &[js], &[], None, None);
        assert!(!svg.to_ascii_lowercase().contains("javascript"));
    }

    #[test]
    fn uncertainty_circle_only_when_large_enough() {
        let mut small = point(48.0, 35.0, "small");
        small.radius_km = 2.0;
        let mut big = point(48.0, 36.0, "big");
        big.radius_km = 50.0;
        let mut huge = point(48.0, 37.0, "huge");
        huge.radius_km = 1e9;
        let svg = map_svg(&small_base(), &[], &[small, big, huge], &[], None, None);
        let doc = assert_valid(&svg);
        let halos: Vec<_> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("uncertainty"))
            })
            .collect();
        assert_eq!(halos.len(), 2);
        let proj = Projection::new(None);
        let r = attr_f(&halos[0], "r");
        assert!((r - 50.0 * proj.px_per_km()).abs() <= 0.051, "{r}");
        assert!(attr_f(&halos[1], "r") <= proj.height / 4.0 + 0.05);
        // Each circle belongs to its marker's link, shown with it.
        assert_eq!(
            halos[0]
                .parent_element()
                .and_then(|p| p.attribute("data-day")),
            Some("20000")
        );
    }

    #[test]
    fn embedded_basemap_loads() {
        let b = Basemap::embedded();
        assert!(b.features.len() > 30, "{}", b.features.len());
        let svg = map_svg(b, &[], &[], &[], None, None);
        let doc = assert_valid(&svg);
        let classes: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("class"))
            .collect();
        assert!(
            classes
                .iter()
                .any(|c| c.contains("c-UA") && c.contains("region"))
        );
        assert!(classes.iter().any(|c| c.contains("c-RU")));
        assert!(classes.iter().any(|c| c.starts_with("country ")));
        // The cached group is reused, and other bounds still render.
        assert_eq!(map_svg(b, &[], &[], &[], None, None).len(), svg.len());
        let other = map_svg(b, &[], &[], &[], Some([30.0, 46.0, 32.0, 47.0]), None);
        assert_valid(&other);
        assert!(other.contains("c-UA"));
    }

    #[test]
    fn odd_bounds_do_not_panic() {
        let b = small_base();
        for bounds in [
            [f64::NAN, 0.0, 1.0, 1.0],
            [10.0, 10.0, 0.0, 0.0],
            [30.0, 50.0, 30.0, 50.0],
            [-180.0, -90.0, 180.0, 90.0],
            [30.0, -89.0, 30.001, 89.0],
            [-180.0, 50.0, 180.0, 50.001],
        ] {
            let svg = map_svg(&b, &[], &[point(50.0, 30.0, "p")], &[], Some(bounds), None);
            assert_valid(&svg);
        }
        assert!(Basemap::from_geojson("not json").is_err());
        assert!(Basemap::from_geojson("{\"type\":\"Feature\"}").is_err());
    }

    fn date(y: i16, m: i8, d: i8) -> jiff::civil::Date {
        jiff::civil::Date::new(y, m, d).unwrap_or_default()
    }

    fn bars<'a>(doc: &'a roxmltree::Document<'a>, status: &str) -> Vec<roxmltree::Node<'a, 'a>> {
        let class = format!("bar st-{status}");
        doc.descendants()
            .filter(|n| {
                n.parent_element().and_then(|p| p.attribute("class")) == Some("bars")
                    && n.attribute("class") == Some(class.as_str())
            })
            .collect()
    }

    #[test]
    fn chart_bars_are_proportional_and_stacked() {
        let series = vec![
            Series {
                label: "Confirmed <&\"'>".into(),
                status: "confirmed".into(),
                counts: vec![1, 2, 4, 0, 8],
            },
            Series {
                label: "Alleged".into(),
                status: "alleged".into(),
                counts: vec![3, 0, 1, 5, 2],
            },
        ];
        let svg = daily_chart_svg("Incidents <per> day & \"more\"", date(2025, 3, 18), &series);
        let doc = assert_valid(&svg);
        let title = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("Incidents <per> day & \"more\""));
        assert!(
            doc.descendants()
                .any(|n| n.text() == Some("Confirmed <&\"'>"))
        );
        let conf = bars(&doc, "confirmed");
        assert_eq!(conf.len(), 4);
        let heights: Vec<f64> = conf.iter().map(|n| attr_f(n, "height")).collect();
        let unit = heights[0];
        assert!(unit > 0.0);
        for (h, c) in heights.iter().zip([1.0, 2.0, 4.0, 8.0]) {
            assert!((h - unit * c).abs() <= 0.25, "{heights:?}");
        }
        // Stacked: the alleged segment of day 0 sits right on top of the
        // confirmed one, 3 times as tall.
        let al = bars(&doc, "alleged");
        assert_eq!(al.len(), 4);
        assert!((attr_f(&al[0], "height") - 3.0 * unit).abs() <= 0.25);
        let top_of_conf = attr_f(&conf[0], "y");
        assert!((attr_f(&al[0], "y") + attr_f(&al[0], "height") - top_of_conf).abs() < 1e-6);
        assert_eq!(conf[0].attribute("data-day"), Some("20165"));
        assert!(doc.descendants().any(|n| n.text() == Some("18 Mar")));
        assert!(doc.descendants().any(|n| n.text() == Some("2025")));
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("legend"))
        );
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("axis"))
        );
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("grid"))
        );
    }

    #[test]
    fn chart_edge_cases_render() {
        let start = date(2024, 12, 30);
        let mk = |counts: Vec<u32>| {
            vec![Series {
                label: "Confirmed".into(),
                status: "confirmed".into(),
                counts,
            }]
        };
        for series in [
            vec![],
            mk(vec![]),
            mk(vec![0; 30]),
            mk(vec![7]),
            mk((0..400).map(|i| i % 13).collect()),
            mk(vec![u32::MAX; 10]),
            vec![
                Series {
                    label: "a".into(),
                    status: "".into(),
                    counts: vec![u32::MAX; 3],
                },
                Series {
                    label: "b".into(),
                    status: "x y".into(),
                    counts: vec![u32::MAX, 1],
                },
            ],
        ] {
            let svg = daily_chart_svg("t", start, &series);
            let doc = assert_valid(&svg);
            assert!(
                doc.descendants()
                    .any(|n| n.attribute("class") == Some("axis"))
            );
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
        // 400 days: few enough date labels not to overlap.
        let svg = daily_chart_svg("t", start, &mk(vec![1; 400]));
        let doc = assert_valid(&svg);
        let labels = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.text().is_some_and(|t| t.contains(' ')))
            .count();
        assert!((2..=17).contains(&labels), "{labels}");
        assert_eq!(bars(&doc, "confirmed").len(), 400);
        // Very large counts get compact labels.
        let svg = daily_chart_svg("t", start, &mk(vec![3_000_000_000]));
        assert!(svg.contains(">3B<"), "{svg}");
    }

    #[test]
    fn helpers() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2025, 3, 18), 20165);
        for d in [-800_000, -1, 0, 59, 20165, 3_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(nice_axis(0), (1, 5));
        assert_eq!(nice_axis(1), (1, 5));
        assert_eq!(nice_axis(3), (1, 5));
        assert_eq!(nice_axis(10), (2, 10));
        assert_eq!(nice_axis(47), (10, 50));
        assert_eq!(compact_count(1_500_000), "1.5M");
        assert_eq!(compact_count(950), "950");
        let mut s = String::new();
        push_num(&mut s, -0.04);
        s.push(' ');
        push_num(&mut s, 393.846);
        s.push(' ');
        push_num(&mut s, -2.25);
        assert_eq!(s, "0 393.8 -2.3");
    }

    fn label(text: &str, lat: f64, lon: f64, kind: LabelKind, rank: u64) -> MapLabel {
        MapLabel {
            lat,
            lon,
            text: text.into(),
            kind,
            rank,
        }
    }

    /// The level class (`l0`…) of a label's text.
    fn level_of(n: &roxmltree::Node) -> usize {
        n.attribute("class")
            .unwrap_or("")
            .split(' ')
            .find_map(|c| c.strip_prefix('l').and_then(|v| v.parse().ok()))
            .unwrap_or(99)
    }

    #[test]
    fn labels_appear_by_importance_and_never_overlap_where_shown() {
        let mut labels = vec![
            label("Kyiv", 50.45, 30.52, LabelKind::City, 2_900_000),
            label("Brovary", 50.51, 30.79, LabelKind::City, 100_000),
            label("Irpin", 50.52, 30.25, LabelKind::City, 60_000),
            label("Bucha", 50.55, 30.21, LabelKind::City, 37_000),
            label("Kyiv Oblast", 50.3, 30.6, LabelKind::Region, 0),
            label("Lost <&>", 10.0, 10.0, LabelKind::City, 5_000_000),
        ];
        labels.extend(neighbour_labels());
        let svg = map_svg(&small_base(), &[], &[], &labels, None, None);
        let doc = assert_valid(&svg);
        let texts: Vec<_> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("text") && n.attribute("class").is_some_and(|c| c.starts_with("lbl"))
            })
            .collect();
        let by = |t: &str| texts.iter().find(|n| n.text() == Some(t)).map(level_of);
        assert_eq!(by("Kyiv"), Some(0));
        assert_eq!(by("UKRAINE"), Some(0));
        assert_eq!(by("Lost <&>"), None, "outside the bounds");
        // Smaller places come later, and near ones wait until zoomed apart.
        assert!(by("Brovary").is_some_and(|l| l >= 2), "{:?}", by("Brovary"));
        assert!(by("Bucha").unwrap_or(0) > by("Irpin").unwrap_or(99));
        // At every level, the labels shown there do not overlap.
        let proj = Projection::new(None);
        let placed = place_labels(&labels, &proj);
        for (lv, s) in LABEL_LEVELS.iter().enumerate() {
            let shown: Vec<_> = placed.iter().filter(|p| p.level <= lv).collect();
            for (i, a) in shown.iter().enumerate() {
                for b in &shown[i + 1..] {
                    let (p, q) = (
                        label_box(a.x, a.y, a.label, *s),
                        label_box(b.x, b.y, b.label, *s),
                    );
                    assert!(
                        p[2] <= q[0] || p[0] >= q[2] || p[3] <= q[1] || p[1] >= q[3],
                        "{} and {} overlap at level {lv}",
                        a.label.text,
                        b.label.text
                    );
                }
            }
        }
        // Names sit under the markers.
        let labels_at = svg.find("class=\"labels\"").unwrap_or(usize::MAX);
        assert!(labels_at < svg.find("class=\"markers\"").unwrap_or(0));
    }

    #[test]
    fn markers_outside_the_days_are_hidden_and_have_touch_targets() {
        let mut early = point(48.0, 35.0, "early");
        early.day = 100;
        let mut late = point(48.0, 36.0, "late");
        late.day = 200;
        let svg = map_svg(
            &small_base(),
            &[],
            &[early, late],
            &[],
            None,
            Some((150, 250)),
        );
        let doc = assert_valid(&svg);
        let pts: Vec<_> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|t| t == "pt"))
            })
            .collect();
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[0].attribute("class"), Some("pt off"));
        assert_eq!(pts[1].attribute("class"), Some("pt"));
        assert!(
            pts.iter()
                .all(|p| p.children().any(|c| c.attribute("class") == Some("hit")))
        );
        assert!(svg.contains("1 of 2 incidents are shown"));
        assert!(pts[0].attribute("data-x").is_some() && pts[0].attribute("data-y").is_some());
    }

    #[test]
    fn timeline_counts_days() {
        let svg = timeline_svg(
            20_165,
            20_174,
            &[(20_165, 2), (20_170, 5), (20_170, 1), (1, 9)],
        );
        let doc = assert_valid(&svg);
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("data-day").is_some())
            .collect();
        assert_eq!(bars.len(), 2);
        let h: Vec<f64> = bars.iter().map(|b| attr_f(b, "height")).collect();
        assert!((h[1] / h[0] - 3.0).abs() < 0.05, "{h:?}");
        assert_eq!(doc.root_element().attribute("data-first"), Some("20165"));
        assert_eq!(doc.root_element().attribute("data-last"), Some("20174"));
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("brush"))
        );
        assert_valid(&timeline_svg(5, 1, &[]));
    }

    fn panel(label: &str, confirmed: Vec<u32>, alleged: Vec<u32>) -> ChartPanel {
        ChartPanel {
            label: label.into(),
            series: vec![
                Series {
                    label: "confirmed".into(),
                    status: "confirmed".into(),
                    counts: confirmed,
                },
                Series {
                    label: "alleged".into(),
                    status: "alleged".into(),
                    counts: alleged,
                },
            ],
        }
    }

    #[test]
    fn party_chart_is_honest_and_labelled() {
        let legend: Vec<(String, String)> = ["confirmed", "alleged", "rejected", "not-covered"]
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        let panels = vec![
            panel("Russia (ru)", vec![1, 0, 0], vec![0, 0, 0]),
            panel("Ukraine (ua)", vec![0, 0, 0], vec![0, 1, 0]),
        ];
        for size in [ChartSize::Wide, ChartSize::Narrow] {
            let svg = party_chart_svg(
                "t",
                20_165,
                3,
                &panels,
                &legend,
                1,
                "Day (Europe/Kyiv)",
                "Findings per day",
                size,
            );
            let doc = assert_valid(&svg);
            let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
            // Every status of the legend is named, even those without bars.
            for (_, l) in &legend {
                assert!(texts.contains(&l.as_str()), "legend lacks {l}");
            }
            assert!(texts.contains(&"Findings per day"));
            assert!(texts.contains(&"Day (Europe/Kyiv)"));
            assert!(texts.contains(&"Russia (ru)") && texts.contains(&"Ukraine (ua)"));
            // One finding on a 0–5 scale: a fifth of the panel, not all of it.
            let top = texts.contains(&"5");
            assert!(top, "the scale should reach 5: {texts:?}");
            let conf = bars(&doc, "confirmed");
            assert_eq!(conf.len(), 1);
            let panel_h = if size == ChartSize::Wide { 84.0 } else { 64.0 };
            assert!((attr_f(&conf[0], "height") - panel_h / 5.0).abs() < 0.2);
            // Both panels share the day positions.
            let al = bars(&doc, "alleged");
            assert!(attr_f(&al[0], "x") > attr_f(&conf[0], "x"));
            let fs: f64 = doc
                .root_element()
                .attribute("font-size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0);
            assert!(fs >= 11.0);
        }
        let narrow = party_chart_svg(
            "t",
            20_165,
            400,
            &panels,
            &legend,
            3,
            "x",
            "y",
            ChartSize::Narrow,
        );
        assert_valid(&narrow);
        assert!(narrow.contains("viewBox=\"0 0 360 "));
        assert!(!narrow.contains("NaN"));
        let empty = party_chart_svg("t", 20_165, 0, &[], &legend, 0, "x", "y", ChartSize::Wide);
        assert!(
            assert_valid(&empty)
                .descendants()
                .any(|n| n.text() == Some("No findings"))
        );
    }

    /// Timing of a default-bounds map with 5,000 points:
    /// `cargo test --release -p truce-server --lib svg -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_5000_points() {
        let base = Basemap::embedded();
        let _ = map_svg(base, &[], &[], &[], None, None);
        let pts: Vec<MapPoint> = (0..5000)
            .map(|i| {
                let mut p = point(
                    44.0 + (i % 90) as f64 * 0.1,
                    23.0 + (i / 90) as f64 * 0.3,
                    "Incident & co",
                );
                p.radius_km = (i % 50) as f64;
                p
            })
            .collect();
        let runs = 20;
        let t = std::time::Instant::now();
        let mut len = 0;
        for _ in 0..runs {
            len = map_svg(base, &[], &pts, &[], None, None).len();
        }
        let per = t.elapsed() / runs;
        let cold = {
            let t = std::time::Instant::now();
            let _ = render_basemap(base, &Projection::new(None));
            t.elapsed()
        };
        println!(
            "5000-point map: {per:?} per render, {len} bytes; basemap group uncached: {cold:?}"
        );
    }

    #[test]
    fn printable_party_chart_tells_statuses_apart_without_colour() {
        let legend: Vec<(String, String)> = ["confirmed", "corroborated", "disputed", "alleged"]
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        let panels = vec![panel("Russia (ru)", vec![2, 1, 0], vec![0, 3, 1])];
        let svg = party_chart_svg_printable(
            "t",
            20_165,
            3,
            &panels,
            &legend,
            3,
            "Day",
            "Findings per day",
            ChartSize::Wide,
            &Months::EN,
        );
        let doc = assert_valid(&svg);
        // Every bar and legend swatch is outlined in black, filled black,
        // white or grey, and carries no colour class a stylesheet could
        // repaint.
        let rects: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar ")))
            .collect();
        assert_eq!(rects.len(), legend.len() + 4);
        for r in &rects {
            let class = r.attribute("class").unwrap_or("");
            assert!(class.starts_with("bar pat-"), "{class}");
            assert!(["#000", "#fff", "#888"].contains(&r.attribute("fill").unwrap_or("")));
            assert_eq!(r.attribute("stroke"), Some("#000"));
        }
        // The legend's swatches (one size) tell each status apart by what
        // is drawn in them: fill and hatching.
        let swatches: Vec<String> = rects[..legend.len()]
            .iter()
            .map(|r| {
                let hatch = r
                    .next_sibling_element()
                    .filter(|n| n.attribute("class") == Some("hatch"))
                    .and_then(|n| n.attribute("d"))
                    .unwrap_or("");
                format!("{} {hatch}", r.attribute("fill").unwrap_or(""))
            })
            .collect();
        let mut distinct = swatches.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), legend.len(), "{swatches:?}");
        // Hatching stays inside its box.
        for n in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("hatch"))
        {
            let r = n.prev_sibling_element().expect("its box");
            let (x, y) = (attr_f(&r, "x"), attr_f(&r, "y"));
            let (x1, y1) = (x + attr_f(&r, "width"), y + attr_f(&r, "height"));
            let d = n.attribute("d").unwrap_or("");
            let nums: Vec<f64> = d
                .split(['M', 'L', ' '])
                .filter(|t| !t.is_empty())
                .map(|t| t.parse().expect("a number"))
                .collect();
            for p in nums.chunks(2) {
                assert!(p[0] >= x - 0.6 && p[0] <= x1 + 0.6, "{d} outside {x}..{x1}");
                assert!(p[1] >= y - 0.6 && p[1] <= y1 + 0.6, "{d} outside {y}..{y1}");
            }
        }
        assert!(
            !svg.contains("<pattern"),
            "no pattern fills (printers make images of them)"
        );
        assert!(!svg.contains("st-"), "no colour classes");
    }
}
