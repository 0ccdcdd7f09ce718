//! Plain geometry as written in agreement files (GeoJSON order: longitude,
//! latitude). Spatial algorithms live in `truce-geo`; this is only the data.

use serde::{Deserialize, Serialize};

/// The IUGG mean Earth radius, in kilometres.
pub const EARTH_MEAN_RADIUS_KM: f64 = 6371.0088;

/// A point in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Whether both coordinates are finite and within WGS 84 bounds.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }

    /// Great-circle (haversine) distance to `other` in kilometres, on a
    /// sphere of the Earth's mean radius: at the scale of a report's place
    /// the sphere's error against the ellipsoid (under 0.5 %) does not matter.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        // Rounding can push h a hair above 1 for antipodal points.
        2.0 * EARTH_MEAN_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
    }
}

/// A box of longitude and latitude (west, south, east, north, as GeoJSON's
/// `bbox` orders them): the area an agreement is monitored in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    pub fn contains(&self, p: LatLon) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lon)
    }
}

/// The point shown to the public for a report: snapped to the centre of a
/// grid cell of `agreement_deg` degrees (the agreement's public precision), or
/// of a coarser cell when the report itself is less precise than that (its
/// place is only known within `radius_km`), so publishing never suggests more
/// precision than the report has, nor more than the agreement allows.
pub fn public_point(p: LatLon, agreement_deg: f64, radius_km: f64) -> LatLon {
    let step = public_step(agreement_deg, radius_km);
    let snap = |v: f64| ((v / step).floor() + 0.5) * step;
    LatLon::new(
        snap(p.lat).clamp(-90.0, 90.0),
        snap(p.lon).clamp(-180.0, 180.0),
    )
}

/// The cell size [`public_point`] snaps to: the agreement's, doubled until a
/// cell is at least as wide as the place's uncertainty.
pub fn public_step(agreement_deg: f64, radius_km: f64) -> f64 {
    let mut step = if agreement_deg > 0.0 && agreement_deg.is_finite() {
        agreement_deg
    } else {
        0.1
    };
    let needed = radius_km.max(0.0) / 111.0;
    while step < needed && step < 90.0 {
        step *= 2.0;
    }
    step
}

/// A closed ring of `[longitude, latitude]` positions (first equals last).
pub type Ring = Vec<[f64; 2]>;

/// A polygon: an exterior ring followed by zero or more holes.
pub type Polygon = Vec<Ring>;

/// A named area of an agreement (for example the Black Sea), as one or more
/// polygons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Zone {
    pub id: String,
    pub name: String,
    /// The name in other languages, by language code.
    #[serde(
        default,
        skip_serializing_if = "crate::agreement::Translations::is_empty"
    )]
    pub names: crate::agreement::Translations,
    /// Polygons of rings of `[lon, lat]` positions.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Vec<Vec<f64>>>>))]
    pub polygons: Vec<Polygon>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_on_the_sphere() {
        let kyiv = LatLon::new(50.450, 30.524);
        let kharkiv = LatLon::new(49.994, 36.231);
        assert!((kyiv.distance_km(kharkiv) - 409.0).abs() < 3.0);
        assert_eq!(kyiv.distance_km(kharkiv), kharkiv.distance_km(kyiv));
        assert_eq!(kyiv.distance_km(kyiv), 0.0);
        let half = LatLon::new(0.0, 0.0).distance_km(LatLon::new(0.0, 180.0));
        assert!((half - EARTH_MEAN_RADIUS_KM * std::f64::consts::PI).abs() < 1e-6);
    }

    #[test]
    fn public_points_are_coarse() {
        let odesa = LatLon::new(46.4825, 30.7233);
        // An exact report, shown at the agreement's 0.1°: the cell's centre.
        let p = public_point(odesa, 0.1, 1.0);
        assert!(
            (p.lat - 46.45).abs() < 1e-9 && (p.lon - 30.75).abs() < 1e-9,
            "{p:?}"
        );
        // A region-level report is never shown finer than its 150 km.
        let r = public_point(odesa, 0.1, 150.0);
        let cell = 0.1 * 16.0;
        assert!(
            (r.lat / cell - (r.lat / cell).floor() - 0.5).abs() < 1e-9,
            "{r:?}"
        );
        // Every point of one cell maps to the same public point.
        let q = public_point(LatLon::new(46.41, 30.71), 0.1, 1.0);
        assert_eq!(p, q);
    }
}
