//! Administrative regions: which country and first-level region a point lies
//! in, a basemap for web pages, and an occupation layer handed in by the
//! caller.
//!
//! The embedded boundaries come from Natural Earth (public domain), simplified
//! to about 300 m and rounded to 0.001° (see `data/regions/README.md`). They
//! cover Ukraine's 27 first-level regions (24 oblasts, Kyiv City, the
//! Autonomous Republic of Crimea and Sevastopol City), the Russian regions of
//! Belgorod, Bryansk, Kursk, Voronezh, Rostov and Krasnodar, the rest of Russia
//! as one shape, and the outlines of Belarus, Poland, Slovakia, Hungary,
//! Romania, Moldova, Turkey, Georgia and Bulgaria. Crimea and Sevastopol are
//! Ukraine (UN General Assembly resolution 68/262); the Russian shape does not
//! cover them.
//!
//! Coordinates are plain longitude/latitude degrees treated as a flat plane,
//! as GeoJSON does. Near a boundary the answer is only as good as the
//! simplification: within about 300 m of a border or coast it may be wrong.
//!
//! ```
//! use truce_geo::Regions;
//! use truce_model::LatLon;
//!
//! let hit = Regions::embedded().locate(LatLon::new(44.95, 34.10)).unwrap();
//! assert_eq!(hit.country, "UA");
//! assert_eq!(hit.region, Some("UA-43"));
//! assert!(Regions::embedded().locate(LatLon::new(43.5, 34.0)).is_none());
//! ```

use std::sync::OnceLock;

use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon, Rect};
use jiff::civil::Date;
use serde_json::Value;
use thiserror::Error;
use truce_model::LatLon;
use truce_model::geojson_layer::{self, CollectionError};

const REGIONS_GEOJSON: &str = include_str!("../data/regions/regions.geojson");
const BASEMAP_GEOJSON: &str = include_str!("../data/regions/basemap.geojson");

/// A simplified GeoJSON FeatureCollection (about 2 km) of the same regions and
/// countries as [`Regions::embedded`], for drawing maps in web pages. Each
/// feature has the properties `id`, `name`, `country` and `kind` (`"region"`
/// or `"country"`).
pub fn basemap_geojson() -> &'static str {
    BASEMAP_GEOJSON
}

/// Why a GeoJSON layer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LayerError {
    #[error("the layer is not valid JSON: {0}")]
    Json(String),
    #[error("the layer is not a GeoJSON FeatureCollection: {0}")]
    NotFeatureCollection(String),
    #[error("feature {index} (counting from 0): {problem}")]
    Feature {
        /// 0-based position in the `features` array.
        index: usize,
        problem: String,
    },
}

/// Where a point lies: a country (ISO 3166-1 alpha-2, such as `"UA"`) and, for
/// Ukraine and the six Russian border regions, the first-level region (its
/// gazetteer id, such as `"UA-63"`, and display name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionHit<'a> {
    pub country: &'a str,
    pub region: Option<&'a str>,
    pub region_name: Option<&'a str>,
}

#[derive(Debug, Clone)]
struct Area {
    id: String,
    name: String,
    country: String,
    is_region: bool,
}

#[derive(Debug, Clone)]
struct Part {
    bbox: Rect<f64>,
    polygon: Polygon<f64>,
    area: usize,
}

/// Country and region boundaries, prepared for point queries.
#[derive(Debug, Clone)]
pub struct Regions {
    areas: Vec<Area>,
    /// Regions' polygons first, then countries'; within each, smaller bounding
    /// boxes first, so that the first polygon containing a point is the most
    /// specific one.
    parts: Vec<Part>,
}

impl Regions {
    /// The embedded boundaries, parsed once.
    pub fn embedded() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| {
            Regions::from_geojson(REGIONS_GEOJSON).expect("the embedded regions are valid")
        })
    }

    /// Reads a FeatureCollection of Polygon or MultiPolygon features whose
    /// properties have the strings `id`, `name`, `country` and `kind`
    /// (`"region"` or `"country"`; a region's `id` is its gazetteer id, a
    /// country's its ISO 3166-1 alpha-2 code).
    pub fn from_geojson(text: &str) -> Result<Regions, LayerError> {
        let mut areas = Vec::new();
        let mut parts = Vec::new();
        for (index, feature) in features(text)?.iter().enumerate() {
            let problem = |problem: String| LayerError::Feature { index, problem };
            let feature = geojson_layer::feature(feature).map_err(problem)?;
            let props = feature.properties.as_ref();
            let text_prop = |key: &str| -> Result<String, LayerError> {
                props
                    .and_then(|p| p.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| problem(format!("the property `{key}` is missing or not text")))
            };
            let is_region = match text_prop("kind")?.as_str() {
                "region" => true,
                "country" => false,
                other => {
                    return Err(problem(format!(
                        "the kind `{other}` is neither `region` nor `country`"
                    )));
                }
            };
            let area = Area {
                id: text_prop("id")?,
                name: text_prop("name")?,
                country: text_prop("country")?,
                is_region,
            };
            let shape = geometry(&feature).map_err(problem)?;
            for polygon in shape {
                if let Some(bbox) = polygon.bounding_rect() {
                    parts.push(Part {
                        bbox,
                        polygon,
                        area: areas.len(),
                    });
                }
            }
            areas.push(area);
        }
        parts.sort_by(|a, b| {
            let size = |r: &Rect<f64>| r.width() * r.height();
            (!areas[a.area].is_region)
                .cmp(&!areas[b.area].is_region)
                .then(size(&a.bbox).total_cmp(&size(&b.bbox)))
        });
        Ok(Regions { areas, parts })
    }

    /// The country and region the point lies in (a point exactly on a boundary
    /// counts as inside); `None` at sea, outside the covered countries, or for
    /// invalid coordinates.
    pub fn locate(&self, p: LatLon) -> Option<RegionHit<'_>> {
        if !p.is_valid() {
            return None;
        }
        let c = Coord { x: p.lon, y: p.lat };
        let part = self
            .parts
            .iter()
            .find(|part| part.bbox.intersects(&c) && part.polygon.intersects(&c))?;
        let area = &self.areas[part.area];
        Some(if area.is_region {
            RegionHit {
                country: &area.country,
                region: Some(&area.id),
                region_name: Some(&area.name),
            }
        } else {
            RegionHit {
                country: &area.country,
                region: None,
                region_name: None,
            }
        })
    }

    /// The ids of the regions (not the countries), in the order of the data.
    pub fn region_ids(&self) -> impl Iterator<Item = &str> {
        self.areas
            .iter()
            .filter(|a| a.is_region)
            .map(|a| a.id.as_str())
    }

    /// The ISO codes of the countries that have a shape of their own.
    pub fn country_ids(&self) -> impl Iterator<Item = &str> {
        self.areas
            .iter()
            .filter(|a| !a.is_region)
            .map(|a| a.id.as_str())
    }
}

#[derive(Debug, Clone)]
struct Occupation {
    from: Date,
    to: Option<Date>,
    bbox: Rect<f64>,
    shape: MultiPolygon<f64>,
}

/// Areas under occupation over time, from a GeoJSON FeatureCollection of
/// Polygon or MultiPolygon features whose properties give `from` and, if the
/// occupation ended, `to` (both `YYYY-MM-DD`, both days included).
#[derive(Debug, Clone, Default)]
pub struct OccupationLayer {
    areas: Vec<Occupation>,
}

impl OccupationLayer {
    pub fn from_geojson(text: &str) -> Result<OccupationLayer, LayerError> {
        let mut areas = Vec::new();
        for (index, feature) in features(text)?.iter().enumerate() {
            let problem = |problem: String| LayerError::Feature { index, problem };
            let feature = geojson_layer::feature(feature).map_err(problem)?;
            let props = feature.properties.as_ref();
            let date = |key: &str| -> Result<Option<Date>, LayerError> {
                match props.and_then(|p| p.get(key)) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => parse_date(s).map(Some).ok_or_else(|| {
                        problem(format!(
                            "the `{key}` date `{s}` is not a real date written YYYY-MM-DD"
                        ))
                    }),
                    Some(other) => Err(problem(format!(
                        "the `{key}` date must be text written YYYY-MM-DD, not {other}"
                    ))),
                }
            };
            let from = date("from")?
                .ok_or_else(|| problem("the property `from` (YYYY-MM-DD) is missing".into()))?;
            let to = date("to")?;
            if let Some(to) = to
                && to < from
            {
                return Err(problem(format!("`to` ({to}) is before `from` ({from})")));
            }
            let shape = geometry(&feature).map_err(problem)?;
            let Some(bbox) = shape.bounding_rect() else {
                return Err(problem("the geometry has no polygons".into()));
            };
            areas.push(Occupation {
                from,
                to,
                bbox,
                shape,
            });
        }
        Ok(OccupationLayer { areas })
    }

    /// Whether the point lay in an occupied area on that day (a point exactly
    /// on a boundary counts as inside). A point with invalid coordinates never
    /// does.
    pub fn occupied(&self, p: LatLon, date: Date) -> bool {
        if !p.is_valid() {
            return false;
        }
        let c = Coord { x: p.lon, y: p.lat };
        self.areas.iter().any(|a| {
            a.from <= date
                && a.to.is_none_or(|to| date <= to)
                && a.bbox.intersects(&c)
                && a.shape.intersects(&c)
        })
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
}

/// Strictly `YYYY-MM-DD`, a real calendar day.
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year: i16 = s[0..4].parse().ok()?;
    let month: i8 = s[5..7].parse().ok()?;
    let day: i8 = s[8..10].parse().ok()?;
    Date::new(year, month, day).ok()
}

fn features(text: &str) -> Result<Vec<Value>, LayerError> {
    geojson_layer::features(text).map_err(|e| match e {
        CollectionError::Json(e) => LayerError::Json(e.to_string()),
        CollectionError::NotFeatureCollection => {
            LayerError::NotFeatureCollection("its `type` is not `FeatureCollection`".into())
        }
        CollectionError::NoFeatures => {
            LayerError::NotFeatureCollection("it has no `features` list".into())
        }
    })
}

fn geometry(feature: &geojson::Feature) -> Result<MultiPolygon<f64>, String> {
    let Some(geometry) = &feature.geometry else {
        return Err("it has no geometry".into());
    };
    let polygons = geojson_layer::polygons(&geometry.value).ok_or_else(|| {
        format!(
            "the geometry is a {}; only Polygon and MultiPolygon are accepted",
            geometry.value.type_name()
        )
    })??;
    Ok(MultiPolygon::new(
        polygons.iter().map(polygon).collect::<Result<_, _>>()?,
    ))
}

fn polygon(rings: &truce_model::Polygon) -> Result<Polygon<f64>, String> {
    let mut rings = rings.iter().map(ring);
    let exterior = rings.next().ok_or("a polygon has no rings")??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn ring(points: &truce_model::Ring) -> Result<LineString<f64>, String> {
    if points.len() < 4 {
        return Err(format!(
            "a ring has {} positions; at least 4 are needed",
            points.len()
        ));
    }
    let coords = points
        .iter()
        .map(|&[x, y]| {
            if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
                Ok(Coord { x, y })
            } else {
                Err(format!(
                    "the position [{x}, {y}] is not [longitude, latitude] in degrees"
                ))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LineString::new(coords))
}
