//! Truce's place names and geometry: an embedded gazetteer (GeoNames and a curated
//! list: Ukraine and the Russian border regions) that turns the
//! place names of reports (in Latin, Ukrainian or Russian spelling) into
//! points with a precision, great-circle distances, and the agreement zones
//! (such as the Black Sea) that decide which clause of the truce an event falls
//! under.
//!
//! Pure logic: no file or network I/O. The gazetteer is embedded at compile time
//! and zones are handed in by the caller, so any party replaying the log gets
//! the same answers.
//!
//! ```
//! use truce_geo::{Gazetteer, Resolution, haversine_km};
//! use truce_model::GeoPrecision;
//!
//! let g = Gazetteer::embedded();
//! let Resolution::Found(bakhmut) = g.resolve("Артемовск", None) else { panic!() };
//! assert_eq!(bakhmut.id, "ua-bakhmut");
//! assert_eq!(bakhmut.precision(), GeoPrecision::Settlement);
//!
//! let kherson = g.resolve("Херсонська обл.", None).found().unwrap();
//! assert_eq!(kherson.id, "UA-65");
//! assert!(haversine_km(bakhmut.point, kherson.point) > 300.0);
//! ```

pub mod distance;
pub mod gazetteer;
pub mod geonames;
pub mod regions;
pub mod sites;
pub mod translit;
pub mod zones;

pub use distance::{EARTH_MEAN_RADIUS_KM, KM_PER_DEGREE_LAT, haversine_km, km_per_degree_lon};
pub use gazetteer::{
    Gazetteer, GazetteerError, GazetteerRef, Lookup, MatchKind, Place, PlaceKind, Resolution,
    normalize,
};
pub use geonames::{GeoNamesRow, ImportProblem};
pub use regions::{LayerError, OccupationLayer, RegionHit, Regions, basemap_geojson};
pub use sites::{
    InvalidSite, Site, SiteLink, SiteLocation, SiteProblem, SiteRegistry, read_sites_csv,
    read_sites_geojson,
};
pub use zones::{
    ZoneError, ZoneIndex, ZoneMembership, ring_is_closed, ring_is_counter_clockwise,
    validate_polygon,
};
