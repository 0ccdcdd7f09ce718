//! The places the partial truce turns on, each with its region and its
//! standing in the Black Sea zone: Crimea and Sevastopol are Ukraine; Odesa's
//! port is ashore, next to the zone; the open sea is in it; the Sea of Azov and
//! the Kerch Strait are not.

use truce_geo::{Regions, ZoneIndex, ZoneMembership};
use truce_model::{LatLon, Zone};

fn black_sea() -> ZoneIndex {
    let text = include_str!("../../../agreements/zones/black-sea.geojson");
    let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    let polygons = truce_model::agreement::geojson_polygons(&v).expect("polygon");
    ZoneIndex::new(&[Zone {
        id: "black-sea".into(),
        name: "Black Sea".into(),
        names: Default::default(),
        polygons,
    }])
    .expect("valid zone")
}

/// What, latitude, longitude, country, region, inside the zone.
type Case = (
    &'static str,
    f64,
    f64,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

#[test]
fn each_place_gets_its_region_and_zone() {
    let zones = black_sea();
    let regions = Regions::embedded();
    let cases: [Case; 7] = [
        (
            "Simferopol, Crimea",
            44.95,
            34.10,
            Some("UA"),
            Some("UA-43"),
            false,
        ),
        ("Sevastopol", 44.60, 33.52, Some("UA"), Some("UA-40"), false),
        ("Odesa port", 46.49, 30.74, Some("UA"), Some("UA-51"), false),
        ("open Black Sea", 43.5, 34.0, None, None, true),
        ("off Odesa", 46.3, 30.9, None, None, true),
        ("Sea of Azov", 46.0, 36.5, None, None, false),
        ("Kerch Strait", 45.3, 36.5, None, None, false),
    ];
    for (what, lat, lon, country, region, inside) in cases {
        let p = LatLon::new(lat, lon);
        let hit = regions.locate(p);
        assert_eq!(hit.as_ref().map(|h| h.country), country, "{what}: country");
        assert_eq!(
            hit.as_ref().and_then(|h| h.region),
            region,
            "{what}: region"
        );
        assert_eq!(zones.contains("black-sea", p), Some(inside), "{what}: zone");
    }
}

#[test]
fn near_the_coast_the_uncertainty_decides() {
    let zones = black_sea();
    // Odesa's port, known only to within 25 km, may be at sea or ashore.
    let port = LatLon::new(46.49, 30.74);
    assert!(matches!(
        zones.membership("black-sea", port, 25.0),
        Some(ZoneMembership::Uncertain { inside: false, .. })
    ));
    // The same place known to within a kilometre is ashore.
    assert!(matches!(
        zones.membership("black-sea", port, 0.5),
        Some(ZoneMembership::Outside { .. }) | Some(ZoneMembership::Uncertain { .. })
    ));
    // The open sea, 90 km from Crimea, is inside even with a 50 km uncertainty.
    assert!(matches!(
        zones.membership("black-sea", LatLon::new(43.5, 34.0), 50.0),
        Some(ZoneMembership::Inside { .. })
    ));
}
