//! Agreement zones (for example the Black Sea of the maritime truce): whether a
//! point lies inside, and whether the answer can be trusted given how precisely
//! the point is known.
//!
//! Coordinates are plain longitude/latitude degrees, treated as a flat plane for
//! point-in-polygon tests (as GeoJSON does). Zones crossing the antimeridian are
//! not supported; none of the truce's zones comes near it.

use std::collections::HashMap;

use geo::algorithm::validation::{InvalidPolygon, RingRole};
use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Rect, Validation};
use thiserror::Error;
use truce_model::{LatLon, Polygon, Ring, Zone};

use crate::distance::{KM_PER_DEGREE_LAT, km_per_degree_lon};

/// Where a point lies relative to a zone, with its distance to the zone's
/// boundary in kilometres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZoneMembership {
    /// Inside, farther from the boundary than the point's uncertainty.
    Inside { boundary_km: f64 },
    /// Outside, farther from the boundary than the point's uncertainty.
    Outside { boundary_km: f64 },
    /// Within the point's uncertainty of the boundary: the true position may be
    /// on either side. `inside` tells where the given point itself falls.
    Uncertain { boundary_km: f64, inside: bool },
}

impl ZoneMembership {
    /// The distance from the point to the zone's boundary, in kilometres.
    pub fn boundary_km(&self) -> f64 {
        match *self {
            ZoneMembership::Inside { boundary_km }
            | ZoneMembership::Outside { boundary_km }
            | ZoneMembership::Uncertain { boundary_km, .. } => boundary_km,
        }
    }
}

/// Why a set of zones could not be indexed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ZoneError {
    #[error("zone `{zone}` has no polygons")]
    NoPolygons { zone: String },
    #[error("zone `{zone}`, polygon {polygon}: {message}")]
    InvalidPolygon {
        zone: String,
        /// 1-based.
        polygon: usize,
        message: String,
    },
    #[error("the zone id `{zone}` is used twice")]
    DuplicateId { zone: String },
}

#[derive(Debug, Clone)]
struct IndexedZone {
    id: String,
    name: String,
    shape: MultiPolygon<f64>,
    bbox: Rect<f64>,
}

/// The zones of an agreement, prepared for point queries.
#[derive(Debug, Clone, Default)]
pub struct ZoneIndex {
    zones: Vec<IndexedZone>,
    by_id: HashMap<String, usize>,
}

impl ZoneIndex {
    /// Checks every polygon (see [`validate_polygon`]) and indexes the zones.
    pub fn new(zones: &[Zone]) -> Result<ZoneIndex, ZoneError> {
        let mut index = ZoneIndex::default();
        for zone in zones {
            if index.by_id.contains_key(&zone.id) {
                return Err(ZoneError::DuplicateId {
                    zone: zone.id.clone(),
                });
            }
            if zone.polygons.is_empty() {
                return Err(ZoneError::NoPolygons {
                    zone: zone.id.clone(),
                });
            }
            for (i, p) in zone.polygons.iter().enumerate() {
                validate_polygon(p).map_err(|message| ZoneError::InvalidPolygon {
                    zone: zone.id.clone(),
                    polygon: i + 1,
                    message,
                })?;
            }
            let shape = MultiPolygon::new(zone.polygons.iter().map(to_geo_polygon).collect());
            let Some(bbox) = shape.bounding_rect() else {
                return Err(ZoneError::NoPolygons {
                    zone: zone.id.clone(),
                });
            };
            index.by_id.insert(zone.id.clone(), index.zones.len());
            index.zones.push(IndexedZone {
                id: zone.id.clone(),
                name: zone.name.clone(),
                shape,
                bbox,
            });
        }
        Ok(index)
    }

    /// The ids of the indexed zones, in the order given.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.zones.iter().map(|z| z.id.as_str())
    }

    /// The display name of a zone.
    pub fn name(&self, zone_id: &str) -> Option<&str> {
        self.zone(zone_id).map(|z| z.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.zones.len()
    }

    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
    }

    fn zone(&self, zone_id: &str) -> Option<&IndexedZone> {
        self.by_id.get(zone_id).map(|&i| &self.zones[i])
    }

    /// Whether the point lies in the zone (a point exactly on the boundary
    /// counts as inside); `None` if the zone is unknown. A point with invalid
    /// coordinates is never inside.
    pub fn contains(&self, zone_id: &str, p: LatLon) -> Option<bool> {
        let zone = self.zone(zone_id)?;
        Some(point_in_zone(zone, p))
    }

    /// Where the point lies relative to the zone, given that its true position
    /// may be up to `uncertainty_km` away (for example
    /// `GeoPrecision::radius_km()`); `None` if the zone is unknown.
    ///
    /// The distance to the boundary is measured in a local equirectangular
    /// projection centred on the point (x scaled by the cosine of the point's
    /// latitude). Near the point, where the distinction matters, it is within
    /// about 1 % of the great-circle distance; for boundaries hundreds of
    /// kilometres away it is only indicative. A point with invalid coordinates
    /// is reported as outside at infinite distance.
    pub fn membership(
        &self,
        zone_id: &str,
        p: LatLon,
        uncertainty_km: f64,
    ) -> Option<ZoneMembership> {
        let zone = self.zone(zone_id)?;
        if !p.is_valid() {
            return Some(ZoneMembership::Outside {
                boundary_km: f64::INFINITY,
            });
        }
        let inside = point_in_zone(zone, p);
        let boundary_km = boundary_distance_km(&zone.shape, p);
        Some(if boundary_km < uncertainty_km {
            ZoneMembership::Uncertain {
                boundary_km,
                inside,
            }
        } else if inside {
            ZoneMembership::Inside { boundary_km }
        } else {
            ZoneMembership::Outside { boundary_km }
        })
    }
}

fn point_in_zone(zone: &IndexedZone, p: LatLon) -> bool {
    if !p.is_valid() {
        return false;
    }
    let c = Coord { x: p.lon, y: p.lat };
    // The bounding box rejects most points before the polygon test.
    zone.bbox.intersects(&c) && zone.shape.intersects(&c)
}

/// Distance in km from `p` to the nearest segment of any ring of the shape, in
/// the equirectangular projection centred on `p`.
fn boundary_distance_km(shape: &MultiPolygon<f64>, p: LatLon) -> f64 {
    let kx = km_per_degree_lon(p.lat);
    let ky = KM_PER_DEGREE_LAT;
    let project = |c: &Coord<f64>| -> (f64, f64) {
        // Wrap so that a zone just across ±180° is still measured the short way.
        let dlon = (c.x - p.lon + 540.0).rem_euclid(360.0) - 180.0;
        (dlon * kx, (c.y - p.lat) * ky)
    };
    shape
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|seg| distance_to_segment(project(&seg.start), project(&seg.end)))
        .fold(f64::INFINITY, f64::min)
}

/// Distance from the origin to the segment a–b in the plane.
fn distance_to_segment(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(a.0 * dx + a.1 * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a.0 + t * dx).hypot(a.1 + t * dy)
}

fn to_geo_ring(r: &Ring) -> LineString<f64> {
    LineString::new(r.iter().map(|&[x, y]| Coord { x, y }).collect())
}

fn to_geo_polygon(p: &Polygon) -> geo::Polygon<f64> {
    let mut rings = p.iter().map(to_geo_ring);
    let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
    geo::Polygon::new(exterior, rings.collect())
}

/// Whether the ring's last position repeats its first, as GeoJSON requires.
pub fn ring_is_closed(r: &Ring) -> bool {
    match (r.first(), r.last()) {
        (Some(first), Some(last)) => r.len() > 1 && first == last,
        _ => false,
    }
}

/// Whether the ring runs counter-clockwise (positive signed area in
/// longitude/latitude), as RFC 7946 asks of exterior rings. Readers should not
/// reject the other orientation, so [`validate_polygon`] does not require it.
pub fn ring_is_counter_clockwise(r: &Ring) -> bool {
    // Shoelace formula.
    let twice_area: f64 = r
        .windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum();
    twice_area > 0.0
}

fn ring_role(i: usize) -> String {
    if i == 0 {
        "the exterior ring".to_string()
    } else {
        format!("hole {i}")
    }
}

fn geo_role(r: RingRole) -> String {
    match r {
        RingRole::Exterior => ring_role(0),
        RingRole::Interior(i) => ring_role(i + 1),
    }
}

/// Checks that a polygon can be used as a zone: at least one ring; every ring
/// has at least four positions, is closed, and has finite coordinates within
/// WGS 84 bounds; no ring crosses itself or another; holes lie inside the
/// exterior. The message says what is wrong in plain words.
pub fn validate_polygon(p: &Polygon) -> Result<(), String> {
    if p.is_empty() {
        return Err("the polygon has no rings".to_string());
    }
    for (i, ring) in p.iter().enumerate() {
        let role = ring_role(i);
        if ring.len() < 4 {
            return Err(format!(
                "{role} has {} positions; a ring needs at least 4 (three corners and the first one repeated at the end)",
                ring.len()
            ));
        }
        for (j, &[lon, lat]) in ring.iter().enumerate() {
            if !lon.is_finite() || !lat.is_finite() {
                return Err(format!(
                    "{role}, position {}: ({lon:?}, {lat:?}) is not a pair of finite numbers",
                    j + 1
                ));
            }
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                return Err(format!(
                    "{role}, position {}: ({lon:?}, {lat:?}) is off the globe; positions are (longitude between -180 and 180, latitude between -90 and 90)",
                    j + 1
                ));
            }
        }
        if !ring_is_closed(ring) {
            let ([x0, y0], [x1, y1]) = (ring[0], ring[ring.len() - 1]);
            return Err(format!(
                "{role} is not closed: its first point ({x0:?}, {y0:?}) differs from its last ({x1:?}, {y1:?})"
            ));
        }
    }
    to_geo_polygon(p).check_validation().map_err(|e| match e {
        InvalidPolygon::TooFewPointsInRing(r) => {
            format!("{} has fewer than three distinct corners", geo_role(r))
        }
        InvalidPolygon::SelfIntersection(r) => {
            format!("{} crosses or touches itself", geo_role(r))
        }
        InvalidPolygon::NonFiniteCoord(r, idx) => {
            format!(
                "{}, position {}: not a finite number",
                geo_role(r),
                idx.0 + 1
            )
        }
        InvalidPolygon::InteriorRingNotContainedInExteriorRing(r) => {
            format!("{} is not inside the exterior ring", geo_role(r))
        }
        InvalidPolygon::IntersectingRingsOnALine(a, b)
        | InvalidPolygon::IntersectingRingsOnAnArea(a, b) => {
            format!("{} and {} cross each other", geo_role(a), geo_role(b))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Ring {
        vec![
            [x0, y0],
            [x0 + side, y0],
            [x0 + side, y0 + side],
            [x0, y0 + side],
            [x0, y0],
        ]
    }

    fn zone(id: &str, polygons: Vec<Polygon>) -> Zone {
        Zone {
            id: id.to_string(),
            name: id.to_string(),
            names: Default::default(),
            polygons,
        }
    }

    #[test]
    fn closed_rings() {
        assert!(ring_is_closed(&square(0.0, 0.0, 1.0)));
        assert!(!ring_is_closed(&vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]));
        assert!(!ring_is_closed(&vec![[0.0, 0.0]]));
        assert!(!ring_is_closed(&vec![]));
    }

    #[test]
    fn orientation() {
        let ccw = square(0.0, 0.0, 1.0);
        let mut cw = ccw.clone();
        cw.reverse();
        assert!(ring_is_counter_clockwise(&ccw));
        assert!(!ring_is_counter_clockwise(&cw));
    }

    #[test]
    fn validation_messages() {
        assert_eq!(validate_polygon(&vec![square(30.0, 45.0, 1.0)]), Ok(()));
        assert_eq!(
            validate_polygon(&vec![]).unwrap_err(),
            "the polygon has no rings"
        );

        let open = vec![vec![[30.1, 46.2], [31.0, 46.0], [31.5, 45.0], [31.0, 44.0]]];
        assert_eq!(
            validate_polygon(&open).unwrap_err(),
            "the exterior ring is not closed: its first point (30.1, 46.2) differs from its last (31.0, 44.0)"
        );

        let short = vec![vec![[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]];
        assert!(
            validate_polygon(&short)
                .unwrap_err()
                .contains("has 3 positions")
        );

        let off = vec![vec![[0.0, 0.0], [200.0, 0.0], [0.0, 1.0], [0.0, 0.0]]];
        assert!(
            validate_polygon(&off)
                .unwrap_err()
                .contains("position 2: (200.0, 0.0) is off the globe")
        );

        let nan = vec![vec![[0.0, 0.0], [f64::NAN, 0.0], [0.0, 1.0], [0.0, 0.0]]];
        assert!(
            validate_polygon(&nan)
                .unwrap_err()
                .contains("not a pair of finite numbers")
        );

        let bowtie = vec![vec![
            [0.0, 0.0],
            [1.0, 1.0],
            [1.0, 0.0],
            [0.0, 1.0],
            [0.0, 0.0],
        ]];
        assert_eq!(
            validate_polygon(&bowtie).unwrap_err(),
            "the exterior ring crosses or touches itself"
        );

        let stray_hole = vec![square(0.0, 0.0, 1.0), square(5.0, 5.0, 1.0)];
        assert_eq!(
            validate_polygon(&stray_hole).unwrap_err(),
            "hole 1 is not inside the exterior ring"
        );

        let unclosed_hole = vec![
            square(0.0, 0.0, 10.0),
            vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]],
        ];
        assert!(
            validate_polygon(&unclosed_hole)
                .unwrap_err()
                .starts_with("hole 1 is not closed")
        );
    }

    #[test]
    fn index_rejects_bad_zones() {
        let bad = zone(
            "z",
            vec![vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]]],
        );
        let err = ZoneIndex::new(&[bad]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("zone `z`, polygon 1: the exterior ring is not closed")
        );
        assert_eq!(
            ZoneIndex::new(&[zone("z", vec![])]).unwrap_err(),
            ZoneError::NoPolygons { zone: "z".into() }
        );
        let ok = zone("z", vec![vec![square(0.0, 0.0, 1.0)]]);
        assert_eq!(
            ZoneIndex::new(&[ok.clone(), ok]).unwrap_err(),
            ZoneError::DuplicateId { zone: "z".into() }
        );
    }

    #[test]
    fn contains_with_holes_and_several_polygons() {
        let z = zone(
            "z",
            vec![
                vec![square(30.0, 44.0, 2.0), square(30.5, 44.5, 1.0)],
                vec![square(40.0, 40.0, 1.0)],
            ],
        );
        let idx = ZoneIndex::new(&[z]).expect("valid zone");
        assert_eq!(idx.contains("z", LatLon::new(44.2, 30.2)), Some(true));
        assert_eq!(
            idx.contains("z", LatLon::new(45.0, 31.0)),
            Some(false),
            "in the hole"
        );
        assert_eq!(idx.contains("z", LatLon::new(40.5, 40.5)), Some(true));
        assert_eq!(idx.contains("z", LatLon::new(50.0, 30.0)), Some(false));
        assert_eq!(
            idx.contains("z", LatLon::new(44.0, 31.0)),
            Some(true),
            "on the boundary"
        );
        assert_eq!(idx.contains("z", LatLon::new(f64::NAN, 31.0)), Some(false));
        assert_eq!(idx.contains("other", LatLon::new(44.2, 30.2)), None);
        assert_eq!(idx.ids().collect::<Vec<_>>(), ["z"]);
        assert_eq!(idx.name("z"), Some("z"));
    }

    #[test]
    fn membership_near_the_boundary() {
        // A 1° square at 45°N: its west edge is at 30°E.
        let idx =
            ZoneIndex::new(&[zone("z", vec![vec![square(30.0, 44.5, 1.0)]])]).expect("valid zone");
        let kx = km_per_degree_lon(45.0);

        // 0.1° of longitude inside the west edge: about 7.9 km.
        let m = idx
            .membership("z", LatLon::new(45.0, 30.1), 5.0)
            .expect("known zone");
        match m {
            ZoneMembership::Inside { boundary_km } => {
                assert!((boundary_km - 0.1 * kx).abs() < 0.01, "{boundary_km}")
            }
            other => panic!("{other:?}"),
        }
        let m = idx
            .membership("z", LatLon::new(45.0, 30.1), 25.0)
            .expect("known zone");
        assert!(
            matches!(m, ZoneMembership::Uncertain { inside: true, .. }),
            "{m:?}"
        );

        let m = idx
            .membership("z", LatLon::new(45.0, 29.9), 25.0)
            .expect("known zone");
        assert!(
            matches!(m, ZoneMembership::Uncertain { inside: false, .. }),
            "{m:?}"
        );
        let m = idx
            .membership("z", LatLon::new(45.0, 29.0), 25.0)
            .expect("known zone");
        assert!(matches!(m, ZoneMembership::Outside { .. }), "{m:?}");
        assert!((m.boundary_km() - kx).abs() < 0.01);

        // Nearest to a corner, not an edge line.
        let m = idx
            .membership("z", LatLon::new(44.0, 29.0), 0.0)
            .expect("known zone");
        assert!(matches!(m, ZoneMembership::Outside { .. }));
        let expected = (0.5 * KM_PER_DEGREE_LAT).hypot(km_per_degree_lon(44.0));
        assert!((m.boundary_km() - expected).abs() < 0.01);

        assert_eq!(idx.membership("nope", LatLon::new(45.0, 30.5), 1.0), None);
        assert_eq!(
            idx.membership("z", LatLon::new(95.0, 30.5), 1.0),
            Some(ZoneMembership::Outside {
                boundary_km: f64::INFINITY
            })
        );
    }

    #[test]
    fn segment_distance() {
        assert_eq!(distance_to_segment((1.0, -1.0), (1.0, 1.0)), 1.0);
        assert_eq!(distance_to_segment((3.0, 4.0), (3.0, 4.0)), 5.0);
        assert_eq!(distance_to_segment((1.0, 1.0), (2.0, 1.0)), 2f64.sqrt());
    }
}
