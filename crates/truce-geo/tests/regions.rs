//! The embedded region boundaries, the basemap and the occupation layer.

use jiff::civil::date;
use truce_geo::{LayerError, OccupationLayer, RegionHit, Regions, basemap_geojson};
use truce_model::LatLon;

fn locate(lat: f64, lon: f64) -> Option<RegionHit<'static>> {
    Regions::embedded().locate(LatLon::new(lat, lon))
}

fn region(lat: f64, lon: f64) -> (Option<&'static str>, Option<&'static str>) {
    match locate(lat, lon) {
        Some(hit) => (Some(hit.country), hit.region),
        None => (None, None),
    }
}

#[test]
fn crimea_and_sevastopol_are_ukraine() {
    // Simferopol.
    assert_eq!(region(44.95, 34.10), (Some("UA"), Some("UA-43")));
    // Sevastopol.
    assert_eq!(region(44.60, 33.52), (Some("UA"), Some("UA-40")));
    // Kerch, Yevpatoria, Dzhankoi, Yalta.
    assert_eq!(region(45.36, 36.45), (Some("UA"), Some("UA-43")));
    assert_eq!(region(45.20, 33.37), (Some("UA"), Some("UA-43")));
    assert_eq!(region(45.71, 34.39), (Some("UA"), Some("UA-43")));
    assert_eq!(region(44.50, 34.17), (Some("UA"), Some("UA-43")));
}

#[test]
fn no_point_of_crimea_is_russia() {
    let regions = Regions::embedded();
    let mut lat = 44.40;
    while lat <= 46.20 {
        let mut lon = 32.40;
        while lon <= 36.60 {
            if let Some(hit) = regions.locate(LatLon::new(lat, lon)) {
                // Only the Taman peninsula (Krasnodar) lies east of the strait.
                if hit.country == "RU" {
                    assert_eq!(hit.region, Some("RU-KDA"), "{lat},{lon}");
                    assert!(lon > 36.55, "{lat},{lon} is in Russia");
                }
            }
            lon += 0.05;
        }
        lat += 0.05;
    }
}

#[test]
fn ukrainian_regions() {
    // Odesa port.
    assert_eq!(region(46.49, 30.74), (Some("UA"), Some("UA-51")));
    // Kharkiv.
    assert_eq!(region(49.99, 36.23), (Some("UA"), Some("UA-63")));
    // Kyiv (city) and Bila Tserkva (Kyiv Oblast).
    assert_eq!(region(50.45, 30.52), (Some("UA"), Some("UA-30")));
    assert_eq!(region(49.80, 30.11), (Some("UA"), Some("UA-32")));
    // Lviv, Uzhhorod, Donetsk, Luhansk, Zaporizhzhia, Kherson, Mykolaiv.
    assert_eq!(region(49.84, 24.03), (Some("UA"), Some("UA-46")));
    assert_eq!(region(48.62, 22.29), (Some("UA"), Some("UA-21")));
    assert_eq!(region(48.00, 37.80), (Some("UA"), Some("UA-14")));
    assert_eq!(region(48.57, 39.31), (Some("UA"), Some("UA-09")));
    assert_eq!(region(47.84, 35.14), (Some("UA"), Some("UA-23")));
    assert_eq!(region(46.64, 32.61), (Some("UA"), Some("UA-65")));
    assert_eq!(region(46.97, 32.00), (Some("UA"), Some("UA-48")));
    // Zmiinyi (Snake) Island, drawn as a small octagon around its centre.
    assert_eq!(region(45.255, 30.204), (Some("UA"), Some("UA-51")));
    let hit = locate(49.99, 36.23).unwrap();
    assert_eq!(hit.region_name, Some("Kharkiv Oblast"));
}

#[test]
fn russian_border_regions() {
    // Sudzha.
    assert_eq!(region(51.19, 35.27), (Some("RU"), Some("RU-KRS")));
    // Belgorod, Bryansk, Voronezh, Rostov-on-Don, Krasnodar, Novorossiysk.
    assert_eq!(region(50.60, 36.59), (Some("RU"), Some("RU-BEL")));
    assert_eq!(region(53.24, 34.36), (Some("RU"), Some("RU-BRY")));
    assert_eq!(region(51.67, 39.18), (Some("RU"), Some("RU-VOR")));
    assert_eq!(region(47.23, 39.72), (Some("RU"), Some("RU-ROS")));
    assert_eq!(region(45.04, 38.98), (Some("RU"), Some("RU-KDA")));
    assert_eq!(region(44.72, 37.77), (Some("RU"), Some("RU-KDA")));
    // Moscow: the rest of Russia, without a region.
    assert_eq!(region(55.75, 37.62), (Some("RU"), None));
}

#[test]
fn neighbouring_countries() {
    // Chișinău, Minsk, Warsaw, Bucharest, Budapest, Košice, Sofia, Tbilisi, Ankara.
    for (lat, lon, country) in [
        (47.01, 28.86, "MD"),
        (53.90, 27.57, "BY"),
        (52.23, 21.01, "PL"),
        (44.43, 26.10, "RO"),
        (47.50, 19.04, "HU"),
        (48.72, 21.26, "SK"),
        (42.70, 23.32, "BG"),
        (41.72, 44.79, "GE"),
        (39.93, 32.86, "TR"),
    ] {
        let hit = locate(lat, lon).unwrap_or_else(|| panic!("{lat},{lon}: nothing"));
        assert_eq!(hit.country, country, "{lat},{lon}");
        assert_eq!(hit.region, None);
        assert_eq!(hit.region_name, None);
    }
}

#[test]
fn seas_are_nowhere() {
    // Open Black Sea, Sea of Azov, the middle of the Kerch Strait between
    // Kerch and the Chushka spit.
    assert_eq!(locate(43.5, 34.0), None);
    assert_eq!(locate(46.0, 36.5), None);
    assert_eq!(locate(45.3, 36.55), None);
    // Off Odesa, and the western Black Sea.
    assert_eq!(locate(46.30, 31.20), None);
    assert_eq!(locate(43.20, 30.50), None);
}

#[test]
fn kerch_strait() {
    // 45.3 N 36.5 E lies in the water of the strait, just off the Kerch
    // peninsula's eastern shore south of Kerch: no region.
    assert_eq!(locate(45.3, 36.5), None);
    // A few kilometres west is the shore: Crimea; east across the strait, the
    // Taman peninsula: Krasnodar Krai.
    assert_eq!(region(45.3, 36.40), (Some("UA"), Some("UA-43")));
    assert_eq!(region(45.2, 36.9), (Some("RU"), Some("RU-KDA")));
}

#[test]
fn invalid_points_are_nowhere() {
    assert_eq!(locate(f64::NAN, 30.0), None);
    assert_eq!(locate(95.0, 30.0), None);
    // Far from the covered countries.
    assert_eq!(locate(48.85, 2.35), None);
}

fn gazetteer_ids() -> std::collections::HashMap<String, (String, String)> {
    let tsv = include_str!("../data/gazetteer-small.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() > 9).then(|| (cols[0].to_owned(), (cols[1].to_owned(), cols[9].to_owned())))
        })
        .collect()
}

#[test]
fn every_region_is_in_the_gazetteer() {
    let ids = gazetteer_ids();
    let regions = Regions::embedded();
    let mut n = 0;
    for id in regions.region_ids() {
        let (kind, country) = ids
            .get(id)
            .unwrap_or_else(|| panic!("region {id} is not in gazetteer-small.tsv"));
        assert_eq!(kind, "region", "{id}");
        assert_eq!(country, &id[..2], "{id}");
        n += 1;
    }
    assert_eq!(n, 27 + 6);
    // And every region of the gazetteer has a shape.
    let shipped: Vec<&str> = regions.region_ids().collect();
    for (id, (kind, _)) in &ids {
        if kind == "region" {
            assert!(shipped.contains(&id.as_str()), "{id} has no shape");
        }
    }
    let mut countries: Vec<&str> = regions.country_ids().collect();
    countries.sort();
    assert_eq!(
        countries,
        ["BG", "BY", "GE", "HU", "MD", "PL", "RO", "RU", "SK", "TR"]
    );
}

#[test]
fn each_region_contains_its_gazetteer_centre() {
    let tsv = include_str!("../data/gazetteer-small.tsv");
    let mut wrong = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 || cols[1] != "region" {
            continue;
        }
        let (lat, lon): (f64, f64) = (cols[6].parse().unwrap(), cols[7].parse().unwrap());
        let found = locate(lat, lon).and_then(|h| h.region);
        if found != Some(cols[0]) {
            wrong.push(format!("{} at {lat},{lon}: {found:?}", cols[0]));
        }
    }
    // The gazetteer's point for Kyiv Oblast (50.3, 30.6) lies inside Kyiv City,
    // which the oblast surrounds; every other centre lies in its own region.
    assert_eq!(wrong, ["UA-32 at 50.3,30.6: Some(\"UA-30\")"]);
}

#[test]
fn the_basemap_is_geojson() {
    let v: serde_json::Value = serde_json::from_str(basemap_geojson()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 27 + 6 + 10);
    for f in features {
        assert_eq!(f["type"], "Feature");
        let kind = f["geometry"]["type"].as_str().unwrap();
        assert!(kind == "Polygon" || kind == "MultiPolygon", "{kind}");
        for key in ["id", "name", "country", "kind"] {
            assert!(f["properties"][key].is_string(), "{key}");
        }
    }
    // The basemap is itself a valid region layer and agrees on Crimea.
    let coarse = Regions::from_geojson(basemap_geojson()).unwrap();
    let hit = coarse.locate(LatLon::new(44.95, 34.10)).unwrap();
    assert_eq!((hit.country, hit.region), ("UA", Some("UA-43")));
    assert!(basemap_geojson().len() < 400_000);
}

const OCCUPATION: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"from":"2022-03-02","to":"2022-11-11"},
  "geometry":{"type":"Polygon","coordinates":[[[32.3,46.5],[32.9,46.5],[32.9,46.8],[32.3,46.8],[32.3,46.5]]]}},
 {"type":"Feature","properties":{"from":"2014-02-26"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[32.4,44.3],[36.7,44.3],[36.7,46.2],[32.4,46.2],[32.4,44.3]]]]}}
]}"#;

#[test]
fn occupation_by_date() {
    let layer = OccupationLayer::from_geojson(OCCUPATION).unwrap();
    assert_eq!(layer.len(), 2);
    let kherson = LatLon::new(46.64, 32.61);
    assert!(!layer.occupied(kherson, date(2022, 3, 1)));
    assert!(layer.occupied(kherson, date(2022, 3, 2)));
    assert!(layer.occupied(kherson, date(2022, 11, 11)));
    assert!(!layer.occupied(kherson, date(2022, 11, 12)));
    let simferopol = LatLon::new(44.95, 34.10);
    assert!(!layer.occupied(simferopol, date(2014, 2, 25)));
    assert!(layer.occupied(simferopol, date(2025, 3, 25)));
    assert!(!layer.occupied(LatLon::new(50.45, 30.52), date(2025, 3, 25)));
    assert!(!layer.occupied(LatLon::new(f64::NAN, 34.1), date(2025, 3, 25)));
    assert!(OccupationLayer::default().is_empty());
}

fn occupation_error(props: &str) -> String {
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[
 {{"type":"Feature","properties":{{"from":"2022-01-01"}},
  "geometry":{{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}}},
 {{"type":"Feature","properties":{props},
  "geometry":{{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}}}]}}"#
    );
    let err = OccupationLayer::from_geojson(&text).unwrap_err();
    assert!(
        matches!(err, LayerError::Feature { index: 1, .. }),
        "{err:?}"
    );
    err.to_string()
}

#[test]
fn occupation_errors_name_the_feature_and_problem() {
    let e = occupation_error(r#"{"from":"2022-02-30"}"#);
    assert!(e.starts_with("feature 1"), "{e}");
    assert!(
        e.contains("`from` date `2022-02-30` is not a real date"),
        "{e}"
    );
    let e = occupation_error(r#"{"from":"2022-03-01","to":"1/4/2022"}"#);
    assert!(e.contains("`to` date `1/4/2022`"), "{e}");
    let e = occupation_error(r#"{"to":"2022-03-01"}"#);
    assert!(e.contains("`from` (YYYY-MM-DD) is missing"), "{e}");
    let e = occupation_error(r#"{"from":"2022-03-01","to":"2022-02-01"}"#);
    assert!(e.contains("is before"), "{e}");
    let e = occupation_error(r#"{"from":20220301}"#);
    assert!(e.contains("must be text"), "{e}");

    let point = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"from":"2022-01-01"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
    let e = OccupationLayer::from_geojson(point)
        .unwrap_err()
        .to_string();
    assert!(e.contains("feature 0") && e.contains("Point"), "{e}");
    assert!(matches!(
        OccupationLayer::from_geojson("{"),
        Err(LayerError::Json(_))
    ));
    assert!(matches!(
        OccupationLayer::from_geojson(r#"{"type":"Feature"}"#),
        Err(LayerError::NotFeatureCollection(_))
    ));
}

#[test]
fn layer_geometry_errors_name_the_feature_and_problem() {
    let layer = |geometry: &str| {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
 {{"type":"Feature","properties":{{"from":"2022-01-01"}},"geometry":{geometry}}}]}}"#
        );
        OccupationLayer::from_geojson(&text)
            .map(|l| l.len())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        layer(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#),
        Ok(1)
    );
    assert_eq!(
        layer(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#),
        Err("feature 0 (counting from 0): a ring has 3 positions; at least 4 are needed".into())
    );
    assert_eq!(
        layer(r#"{"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1],[0,0]]]}"#),
        Err(
            "feature 0 (counting from 0): the position [1, 95] is not [longitude, latitude] in degrees"
                .into()
        )
    );
    assert_eq!(
        layer(r#"{"type":"Polygon"}"#),
        Err(
            "feature 0 (counting from 0): the geometry: a Polygon needs \"coordinates\": a list of rings"
                .into()
        )
    );
    assert_eq!(
        layer("null"),
        Err("feature 0 (counting from 0): it has no geometry".into())
    );
    assert_eq!(
        layer(r#"{"type":"MultiPolygon","coordinates":[]}"#),
        Err("feature 0 (counting from 0): the geometry has no polygons".into())
    );
}
