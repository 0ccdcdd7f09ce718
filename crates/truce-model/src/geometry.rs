//! Plain geometry as written in agreement files (GeoJSON order: longitude,
//! latitude). Spatial algorithms live in `truce-geo`; this is only the data.

use serde::{Deserialize, Serialize};

/// A point in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
}

/// A closed ring of `[longitude, latitude]` positions (first equals last).
pub type Ring = Vec<[f64; 2]>;

/// A polygon: an exterior ring followed by zero or more holes.
pub type Polygon = Vec<Ring>;

/// A named area of an agreement (for example the Black Sea), as one or more
/// polygons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub polygons: Vec<Polygon>,
}
