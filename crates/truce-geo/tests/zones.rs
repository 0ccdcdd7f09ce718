//! The Black Sea zone of the maritime clause, read from the agreement file.

use serde_json::Value;
use truce_geo::{
    Gazetteer, ZoneIndex, ZoneMembership, ring_is_closed, ring_is_counter_clockwise,
    validate_polygon,
};
use truce_model::{GeoPrecision, LatLon, Polygon, Zone};

const BLACK_SEA: &str = include_str!("../../../agreements/zones/black-sea.geojson");

fn number(v: &Value) -> f64 {
    v.as_f64().expect("a coordinate is a number")
}

/// A GeoJSON Feature with a Polygon or MultiPolygon geometry, as a `Zone`.
fn zone_from_feature(text: &str) -> Zone {
    let f: Value = serde_json::from_str(text).expect("the zone file is JSON");
    assert_eq!(f["type"], "Feature");
    let geometry = &f["geometry"];
    let polygon = |p: &Value| -> Polygon {
        p.as_array()
            .expect("a polygon is an array of rings")
            .iter()
            .map(|ring| {
                ring.as_array()
                    .expect("a ring is an array of positions")
                    .iter()
                    .map(|pos| [number(&pos[0]), number(&pos[1])])
                    .collect()
            })
            .collect()
    };
    let polygons = match geometry["type"].as_str() {
        Some("Polygon") => vec![polygon(&geometry["coordinates"])],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .expect("an array of polygons")
            .iter()
            .map(polygon)
            .collect(),
        other => panic!("unexpected geometry type {other:?}"),
    };
    Zone {
        id: f["properties"]["id"].as_str().expect("an id").to_string(),
        name: f["properties"]["name"]
            .as_str()
            .expect("a name")
            .to_string(),
        names: Default::default(),
        polygons,
    }
}

fn black_sea() -> ZoneIndex {
    ZoneIndex::new(&[zone_from_feature(BLACK_SEA)]).expect("the Black Sea zone is valid")
}

#[test]
fn the_file_is_well_formed() {
    let f: Value = serde_json::from_str(BLACK_SEA).expect("JSON");
    let props = &f["properties"];
    assert_eq!(props["id"], "black-sea");
    assert_eq!(props["name"], "Black Sea");
    assert!(props["source"].as_str().is_some_and(|s| s.contains("0.1°")));
    assert_eq!(props["licence"], "CC0");

    let zone = zone_from_feature(BLACK_SEA);
    assert_eq!(zone.polygons.len(), 1);
    let exterior = &zone.polygons[0][0];
    assert!(
        (50..=91).contains(&exterior.len()),
        "{} positions",
        exterior.len()
    );
    assert!(ring_is_closed(exterior));
    assert!(
        ring_is_counter_clockwise(exterior),
        "RFC 7946: exterior counter-clockwise"
    );
    assert_eq!(validate_polygon(&zone.polygons[0]), Ok(()));
    for &[lon, lat] in exterior {
        for c in [lon, lat] {
            assert!(
                ((c * 10.0).round() - c * 10.0).abs() < 1e-9,
                "{c} is not rounded to 0.1°"
            );
        }
    }
}

#[test]
fn sea_points_are_inside() {
    let idx = black_sea();
    for (name, lat, lon) in [
        ("open sea", 43.5, 34.0),
        ("off Odesa", 46.3, 30.9),
        ("off Sevastopol", 44.6, 33.3),
        ("off Novorossiysk", 44.6, 37.7),
        ("west sea", 43.0, 29.5),
        ("centre", 43.0, 35.0),
        ("east", 42.5, 39.0),
        ("near Snake Island", 45.2, 30.3),
        ("north of the Bosphorus", 41.5, 29.1),
        ("off Batumi", 41.8, 41.4),
        ("Karkinit Bay", 45.8, 32.9),
        ("off Constanța", 44.1, 29.0),
        ("off Sinop", 42.3, 35.2),
    ] {
        assert_eq!(
            idx.contains("black-sea", LatLon::new(lat, lon)),
            Some(true),
            "{name}"
        );
    }
}

#[test]
fn land_and_the_sea_of_azov_are_outside() {
    let idx = black_sea();
    for (name, lat, lon) in [
        ("Sea of Azov", 46.0, 36.5),
        ("Kyiv", 50.450, 30.524),
        ("Simferopol", 44.95, 34.10),
        ("Ankara", 39.93, 32.85),
        ("Bucharest", 44.43, 26.10),
        ("Krasnodar", 45.035, 38.975),
        ("Istanbul", 41.01, 28.98),
        ("Varna", 43.21, 27.91),
        ("Burgas", 42.50, 27.47),
        ("Constanța", 44.17, 28.63),
        ("Sinop", 42.03, 35.15),
        ("Samsun", 41.29, 36.33),
        ("Trabzon", 41.00, 39.72),
        ("Batumi", 41.64, 41.64),
        ("Poti", 42.15, 41.67),
        ("Sukhumi", 43.00, 41.02),
        ("Sochi", 43.60, 39.73),
        ("Yalta", 44.50, 34.17),
        ("Arabat Spit", 45.6, 35.2),
    ] {
        assert_eq!(
            idx.contains("black-sea", LatLon::new(lat, lon)),
            Some(false),
            "{name}"
        );
    }
}

#[test]
fn coastal_places_of_the_gazetteer_are_outside() {
    let idx = black_sea();
    let g = Gazetteer::embedded();
    for id in [
        "ua-odesa",
        "ua-chornomorsk",
        "ua-pivdenne",
        "ua-izmail",
        "ua-bilhorod-dnistrovskyi",
        "ua-ochakiv",
        "ua-mykolaiv",
        "ua-kherson",
        "ua-sevastopol",
        "ua-simferopol",
        "ua-yevpatoria",
        "ua-feodosia",
        "ua-kerch",
        "ru-novorossiysk",
        "ru-tuapse",
        "ru-krasnodar",
        "ru-taganrog",
    ] {
        let p = g.get(id).expect("known id");
        assert_eq!(idx.contains("black-sea", p.point), Some(false), "{id}");
    }
    // No place of the gazetteer is at sea.
    for p in g.places() {
        assert_eq!(idx.contains("black-sea", p.point), Some(false), "{}", p.id);
    }
}

#[test]
fn membership_respects_precision() {
    let idx = black_sea();
    let open_sea = LatLon::new(43.5, 34.0);
    let m = idx
        .membership("black-sea", open_sea, GeoPrecision::Settlement.radius_km())
        .expect("known zone");
    assert!(matches!(m, ZoneMembership::Inside { .. }), "{m:?}");
    // About 90 km from Crimea's south coast: a region-wide location could be
    // ashore.
    let m = idx
        .membership("black-sea", open_sea, GeoPrecision::Region.radius_km())
        .expect("known zone");
    assert!(
        matches!(m, ZoneMembership::Uncertain { inside: true, .. }),
        "{m:?}"
    );
    assert!((50.0..130.0).contains(&m.boundary_km()), "{m:?}");

    // A strike reported "in Odesa", known to the settlement, lies ashore but
    // within a near-settlement radius of the sea.
    let odesa = Gazetteer::embedded().get("ua-odesa").expect("Odesa").point;
    let m = idx
        .membership("black-sea", odesa, GeoPrecision::NearSettlement.radius_km())
        .expect("known zone");
    assert!(
        matches!(m, ZoneMembership::Uncertain { inside: false, .. }),
        "{m:?}"
    );

    let kyiv = LatLon::new(50.45, 30.52);
    let m = idx
        .membership("black-sea", kyiv, 150.0)
        .expect("known zone");
    assert!(
        matches!(m, ZoneMembership::Outside { boundary_km } if boundary_km > 350.0),
        "{m:?}"
    );

    assert_eq!(idx.membership("azov", kyiv, 1.0), None);
    assert_eq!(idx.contains("azov", kyiv), None);
}
