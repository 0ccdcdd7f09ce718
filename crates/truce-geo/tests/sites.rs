//! Protected sites: import (Truce CSV, Global Power Plant Database CSV,
//! GeoJSON), nearest-site search against a brute-force scan, and linking
//! reports to sites.

use proptest::prelude::*;
use truce_geo::sites::{
    InvalidSite, Site, SiteLocation, SiteRegistry, classes_compatible, default_radius_km,
    read_sites_csv, read_sites_geojson,
};
use truce_geo::{KM_PER_DEGREE_LAT, haversine_km};
use truce_model::{LatLon, TargetClass};

const GPPD_SAMPLE: &str = include_str!("data/gppd-sample.csv");
const DEMO_SITES: &str = include_str!("../../../agreements/sites/demo-sites.csv");

/// A point `km` kilometres north of `p`.
fn north(p: LatLon, km: f64) -> LatLon {
    LatLon::new(p.lat + km / KM_PER_DEGREE_LAT, p.lon)
}

fn gppd_registry() -> SiteRegistry {
    let (sites, _) = read_sites_csv(GPPD_SAMPLE.as_bytes(), "gppd-sample.csv");
    SiteRegistry::from_sites(sites).unwrap()
}

/// SplitMix64: a small seeded generator for reproducible random sites.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

#[test]
fn gppd_rows_get_classes_radii_and_extras() {
    let (sites, problems) = read_sites_csv(GPPD_SAMPLE.as_bytes(), "gppd-sample.csv");
    assert_eq!(sites.len(), 6, "{problems:#?}");
    let by_id = |id: &str| sites.iter().find(|s| s.id == id).unwrap();

    let znpp = by_id("TEST0000001");
    assert_eq!(znpp.name, "Zaporizhzhia Nuclear Power Plant");
    assert_eq!(znpp.class, TargetClass::EnergyNuclear);
    assert_eq!(znpp.radius_km, 3.0);
    assert_eq!(znpp.point, LatLon::new(47.5119, 34.5858));
    assert_eq!(znpp.extra["capacity_mw"], "6000");
    assert_eq!(znpp.extra["primary_fuel"], "Nuclear");
    assert_eq!(znpp.extra["country"], "UKR");
    assert_eq!(znpp.extra["gppd_source"], "Sample");
    assert_eq!(znpp.source, "Global Power Plant Database");

    let dnipro = by_id("TEST0000002");
    assert_eq!(dnipro.class, TargetClass::EnergyHydro);
    assert_eq!(dnipro.radius_km, 2.0);

    // Coal, 2400 MW: a power plant, widened to 2 km for its size.
    let burshtyn = by_id("TEST0000003");
    assert_eq!(burshtyn.class, TargetClass::EnergyPowerPlant);
    assert_eq!(burshtyn.radius_km, 2.0);

    // Solar, 10.5 MW: the class default.
    let solar = by_id("TEST0000004");
    assert_eq!(solar.class, TargetClass::EnergyPowerPlant);
    assert_eq!(
        solar.radius_km,
        default_radius_km(TargetClass::EnergyPowerPlant)
    );
    assert!(
        !solar.extra.contains_key("owner"),
        "empty columns are not kept"
    );

    // A quoted name with a comma.
    assert_eq!(by_id("TEST0000005").name, "Kyiv CHP-6, Kyivteploenergo");
    assert_eq!(by_id("TEST0000008").class, TargetClass::EnergyHydro);
}

#[test]
fn gppd_bad_rows_are_reported_with_line_numbers() {
    let (_, problems) = read_sites_csv(GPPD_SAMPLE.as_bytes(), "gppd-sample.csv");
    assert_eq!(problems.len(), 2, "{problems:#?}");

    assert_eq!(problems[0].file, "gppd-sample.csv");
    assert_eq!(problems[0].line_or_feature, SiteLocation::Line(7));
    assert_eq!(problems[0].field.as_deref(), Some("latitude"));
    assert_eq!(problems[0].reason, "latitude 95 is outside -90..90");
    assert_eq!(
        problems[0].to_string(),
        "gppd-sample.csv, line 7: latitude 95 is outside -90..90"
    );

    assert_eq!(problems[1].line_or_feature, SiteLocation::Line(8));
    assert_eq!(problems[1].field.as_deref(), Some("capacity_mw"));
    assert_eq!(problems[1].reason, "capacity_mw \"n/a\" is not a number");
}

#[test]
fn truce_csv_rows_and_problems() {
    let csv = "\
# a comment line
id,name,class,latitude,longitude,radius_km,source,operator
a,Plant A,energy.power-plant,50.0,30.0,,,Utility
b,Refinery B,energy.refinry,50.1,30.1,,somewhere,
c,Substation C,substation,50.2,30.2,0.8,survey,

d,Depot D,energy.oil-storage,50.3,abc,,,
e,Depot E,energy.oil-storage,50.3,30.3,500,,
a,Plant A again,energy.power-plant,50.0,30.0,,,
f,Nothing,unknown,50.0,30.0,,,
g,Short row,energy.hydro,50.0
,No id,energy.hydro,50.0,30.0,,,
h,No longitude,energy.hydro,50.0,,,,
i,\"Quoted, name\",energy.hydro,-50.0,-179.5,,,
";
    let (sites, problems) = read_sites_csv(csv.as_bytes(), "my-sites.csv");
    let ids: Vec<&str> = sites.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "i"]);

    assert_eq!(sites[0].source, "my-sites.csv", "empty source is the file");
    assert_eq!(sites[0].radius_km, 1.5);
    assert_eq!(sites[0].extra["operator"], "Utility");
    assert_eq!(
        sites[1].class,
        TargetClass::EnergySubstation,
        "aliases work"
    );
    assert_eq!(sites[1].radius_km, 0.8);
    assert_eq!(sites[1].source, "survey");
    assert!(sites[1].extra.is_empty());
    assert_eq!(sites[2].name, "Quoted, name");

    let found: Vec<(SiteLocation, Option<&str>, &str)> = problems
        .iter()
        .map(|p| (p.line_or_feature, p.field.as_deref(), p.reason.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                SiteLocation::Line(4),
                Some("class"),
                "unknown target class \"energy.refinry\"; did you mean \"energy.oil-refinery\"?"
            ),
            (
                SiteLocation::Line(7),
                Some("longitude"),
                "longitude \"abc\" is not a number"
            ),
            (
                SiteLocation::Line(8),
                Some("radius_km"),
                "radius_km 500 is larger than 50 km; a site is a facility, not an area"
            ),
            (
                SiteLocation::Line(9),
                Some("id"),
                "id \"a\" is already used on line 3"
            ),
            (
                SiteLocation::Line(10),
                Some("class"),
                "class \"unknown\" says nothing about the facility; a site needs a class"
            ),
            (
                SiteLocation::Line(11),
                None,
                "the row has 4 fields but the header has 8"
            ),
            (SiteLocation::Line(12), Some("id"), "id is missing"),
            (
                SiteLocation::Line(13),
                Some("longitude"),
                "longitude is missing"
            ),
        ]
    );
}

#[test]
fn unrecognised_or_empty_files_are_one_problem() {
    let (sites, problems) = read_sites_csv("lat,lon,what\n1,2,3\n".as_bytes(), "x.csv");
    assert!(sites.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line_or_feature, SiteLocation::Line(1));
    assert!(problems[0].reason.contains("neither"), "{}", problems[0]);

    let (sites, problems) = read_sites_csv("".as_bytes(), "empty.csv");
    assert!(sites.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line_or_feature, SiteLocation::File);
    assert_eq!(
        problems[0].to_string(),
        "empty.csv: the file has no header row"
    );

    // A GPPD-looking header without coordinates.
    let (_, problems) = read_sites_csv("name,gppd_idnr,primary_fuel\n".as_bytes(), "g.csv");
    assert_eq!(
        problems[0].reason,
        "the header lacks the column(s) latitude, longitude"
    );
}

#[test]
fn a_byte_order_mark_and_invalid_utf8_do_not_break_the_import() {
    let mut bytes = "\u{feff}ID,Name,Class,Latitude,Longitude\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"a,Plant \xff,energy.hydro,50,30\n");
    bytes.extend_from_slice(b"b,Plant B,energy.hydro,51,31\n");
    let (sites, problems) = read_sites_csv(bytes.as_slice(), "bom.csv");
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0].id, "b");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line_or_feature, SiteLocation::Line(2));
    assert_eq!(problems[0].reason, "the row is not valid UTF-8");
}

#[test]
fn geojson_features_and_problems() {
    let text = r#"{
      "type": "FeatureCollection",
      "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.586, 47.512]},
         "properties": {"id": "znpp", "name": "Zaporizhzhia NPP", "class": "energy.nuclear",
                        "capacity_mw": 6000, "operator": "Energoatom", "note": null}},
        {"type": "Feature", "id": 17, "geometry": {"type": "Point", "coordinates": [30.49, 50.587, 100]},
         "properties": {"name": "Kyiv HPP", "class": "hpp", "radius_km": 2.5, "source": "survey"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.0, 95.0]},
         "properties": {"id": "bad-lat", "name": "x", "class": "energy.hydro"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[30, 50], [31, 51]]},
         "properties": {"id": "line", "name": "x", "class": "energy.oil-pipeline"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.0, 50.0]},
         "properties": {"id": "typo", "name": "x", "class": "energy.refinry"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.0, 50.0]},
         "properties": {"id": "znpp", "name": "again", "class": "energy.nuclear"}},
        {"type": "Feature", "geometry": null, "properties": {"id": "nogeom", "name": "x", "class": "energy.hydro"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["30", "abc"]},
         "properties": {"id": "str", "name": "x", "class": "energy.hydro"}},
        "not a feature"
      ]
    }"#;
    let (sites, problems) = read_sites_geojson(text, "sites.geojson");
    assert_eq!(sites.len(), 2, "{problems:#?}");
    assert_eq!(sites[0].id, "znpp");
    assert_eq!(sites[0].point, LatLon::new(47.512, 34.586));
    assert_eq!(sites[0].radius_km, 3.0);
    assert_eq!(sites[0].source, "sites.geojson");
    assert_eq!(sites[0].extra["capacity_mw"], "6000");
    assert_eq!(sites[0].extra["operator"], "Energoatom");
    assert!(!sites[0].extra.contains_key("note"));
    assert_eq!(sites[1].id, "17", "the feature's own id is used");
    assert_eq!(sites[1].class, TargetClass::EnergyHydro);
    assert_eq!(sites[1].radius_km, 2.5);
    assert_eq!(sites[1].source, "survey");

    let found: Vec<(SiteLocation, Option<&str>, &str)> = problems
        .iter()
        .map(|p| (p.line_or_feature, p.field.as_deref(), p.reason.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                SiteLocation::Feature(2),
                Some("latitude"),
                "latitude 95.0 is outside -90..90"
            ),
            (
                SiteLocation::Feature(3),
                Some("geometry"),
                "the geometry is a LineString, not a Point"
            ),
            (
                SiteLocation::Feature(4),
                Some("class"),
                "unknown target class \"energy.refinry\"; did you mean \"energy.oil-refinery\"?"
            ),
            (
                SiteLocation::Feature(5),
                Some("id"),
                "id \"znpp\" is already used by features[0]"
            ),
            (
                SiteLocation::Feature(6),
                Some("geometry"),
                "the feature has no geometry"
            ),
            (
                SiteLocation::Feature(7),
                Some("latitude"),
                "latitude \"abc\" is not a number"
            ),
            (
                SiteLocation::Feature(8),
                None,
                "the feature is not a JSON object"
            ),
        ]
    );
    assert_eq!(
        problems[0].to_string(),
        "sites.geojson, features[2]: latitude 95.0 is outside -90..90"
    );
}

#[test]
fn geojson_that_is_not_a_feature_collection_is_one_problem() {
    let (sites, problems) = read_sites_geojson("{ not json", "a.geojson");
    assert!(sites.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line_or_feature, SiteLocation::File);
    assert!(problems[0].reason.starts_with("not valid JSON (line 1"));

    let (_, problems) = read_sites_geojson(r#"{"type": "Feature"}"#, "b.geojson");
    assert_eq!(
        problems[0].reason,
        "the file is not a GeoJSON FeatureCollection"
    );
    let (_, problems) = read_sites_geojson(r#"{"type": "FeatureCollection"}"#, "c.geojson");
    assert_eq!(
        problems[0].reason,
        "the FeatureCollection has no features array"
    );
}

#[test]
fn geojson_points_written_as_text_are_still_read() {
    let text = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["30.5", "50.25"]},
       "properties": {"id": "a", "name": "A", "class": "energy.hydro"}},
      {"type": "Point", "coordinates": [30, 50]},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 50]},
       "properties": ["not", "an", "object"]},
      {"type": "Feature", "geometry": {"type": "Circle", "coordinates": [30, 50]},
       "properties": {"id": "c", "name": "C", "class": "energy.hydro"}},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [181, 50]},
       "properties": {"id": "d", "name": "D", "class": "energy.hydro"}}
    ]}"#;
    let (sites, problems) = read_sites_geojson(text, "s.geojson");
    assert_eq!(sites.len(), 1, "{problems:#?}");
    assert_eq!(sites[0].point, LatLon::new(50.25, 30.5));
    let found: Vec<(SiteLocation, Option<&str>, &str)> = problems
        .iter()
        .map(|p| (p.line_or_feature, p.field.as_deref(), p.reason.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                SiteLocation::Feature(1),
                Some("type"),
                "the type is not \"Feature\""
            ),
            (
                SiteLocation::Feature(2),
                Some("properties"),
                "properties is not an object"
            ),
            (
                SiteLocation::Feature(3),
                Some("geometry"),
                "the geometry is a Circle, not a Point"
            ),
            (
                SiteLocation::Feature(4),
                Some("longitude"),
                "longitude 181.0 is outside -180..180"
            ),
        ]
    );
}

#[test]
fn the_demo_list_parses_cleanly() {
    let (sites, problems) = read_sites_csv(DEMO_SITES.as_bytes(), "demo-sites.csv");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(sites.len() >= 20, "{}", sites.len());
    for s in &sites {
        assert_eq!(s.source, "illustrative", "{}", s.id);
        assert_eq!(s.class.family(), "energy", "{}", s.id);
        // Ukraine and the Russian border regions, with the Kuban.
        assert!((44.0..53.0).contains(&s.point.lat), "{}", s.id);
        assert!((22.0..41.0).contains(&s.point.lon), "{}", s.id);
        assert!(s.extra.contains_key("country"), "{}", s.id);
    }
    let registry = SiteRegistry::from_sites(sites).unwrap();
    let class_of = |id: &str| registry.get(id).unwrap().class;
    assert_eq!(class_of("ua-zaporizhzhia-npp"), TargetClass::EnergyNuclear);
    assert_eq!(class_of("ru-kursk-npp"), TargetClass::EnergyNuclear);
    assert_eq!(class_of("ua-kyiv-hpp"), TargetClass::EnergyHydro);
    assert_eq!(class_of("ru-sudzha-gms"), TargetClass::EnergyGasMetering);
    assert_eq!(
        class_of("ru-kropotkinskaya-ops"),
        TargetClass::EnergyOilPumping
    );
    assert_eq!(
        class_of("ua-kremenchuk-refinery"),
        TargetClass::EnergyOilRefinery
    );

    // A strike reported at Enerhodar's nuclear plant, place precision
    // "exact" (1 km), target given as "nuclear power plant".
    let link = registry
        .link(
            LatLon::new(47.508, 34.59),
            1.0,
            TargetClass::parse("nuclear power plant").unwrap(),
        )
        .unwrap();
    assert_eq!(link.site_id, "ua-zaporizhzhia-npp");
    assert!(!link.inferred);
    // No two demo sites are closer than their radii would make ambiguous at
    // a zero uncertainty.
    for s in registry.iter() {
        let (nearest, d) = registry.nearest(s.point).unwrap();
        assert_eq!(nearest.id, s.id);
        assert_eq!(d, 0.0);
    }
}

// ---------------------------------------------------------------------------
// Linking
// ---------------------------------------------------------------------------

#[test]
fn a_point_one_km_from_a_plant_with_unknown_target_links_as_inferred() {
    let registry = gppd_registry();
    let burshtyn = registry.get("TEST0000003").unwrap().point;
    let p = north(burshtyn, 1.0);
    let link = registry.link(p, 0.0, TargetClass::Unknown).unwrap();
    assert_eq!(link.site_id, "TEST0000003");
    assert_eq!(link.site_name, "Burshtyn Thermal Power Plant");
    assert_eq!(link.class, TargetClass::EnergyPowerPlant);
    assert!(link.inferred);
    assert!(
        (link.distance_km - 1.0).abs() < 1e-6,
        "{}",
        link.distance_km
    );

    // With a stated, equal class the link is not inferred.
    let link = registry
        .link(p, 0.0, TargetClass::EnergyPowerPlant)
        .unwrap();
    assert!(!link.inferred);
}

#[test]
fn a_point_30_km_away_does_not_link() {
    let registry = gppd_registry();
    let burshtyn = registry.get("TEST0000003").unwrap().point;
    assert!(
        registry
            .link(north(burshtyn, 30.0), 1.0, TargetClass::Unknown)
            .is_none()
    );
    // ...but nearest still finds it.
    let (site, d) = registry.nearest(north(burshtyn, 30.0)).unwrap();
    assert_eq!(site.id, "TEST0000003");
    assert!((d - 30.0).abs() < 1e-6);
}

#[test]
fn an_incompatible_target_does_not_link() {
    let registry = gppd_registry();
    let znpp = registry.get("TEST0000001").unwrap().point;
    let p = north(znpp, 0.5);
    assert!(
        registry
            .link(p, 5.0, TargetClass::CivilianResidential)
            .is_none()
    );
    assert!(
        registry
            .link(p, 5.0, TargetClass::EnergySubstation)
            .is_none()
    );
    assert!(registry.link(p, 5.0, TargetClass::EnergyHydro).is_none());
    // "power plant" covers nuclear and hydro plants.
    let link = registry
        .link(p, 5.0, TargetClass::EnergyPowerPlant)
        .unwrap();
    assert_eq!(link.site_id, "TEST0000001");
    assert_eq!(link.class, TargetClass::EnergyNuclear);
    assert!(!link.inferred);
}

#[test]
fn the_nearest_compatible_site_wins_over_a_nearer_incompatible_one() {
    let centre = LatLon::new(50.0, 30.0);
    let registry = SiteRegistry::from_sites([
        Site::new(
            "sub",
            "Substation",
            TargetClass::EnergySubstation,
            north(centre, 0.2),
        ),
        Site::new(
            "tpp",
            "Plant",
            TargetClass::EnergyPowerPlant,
            north(centre, 1.2),
        ),
    ])
    .unwrap();
    assert_eq!(
        registry
            .link(centre, 0.0, TargetClass::Unknown)
            .unwrap()
            .site_id,
        "sub"
    );
    assert_eq!(
        registry
            .link(centre, 0.0, TargetClass::EnergyPowerPlant)
            .unwrap()
            .site_id,
        "tpp"
    );
}

#[test]
fn uncertainty_widens_the_match() {
    let site = Site::new(
        "sub",
        "Substation",
        TargetClass::EnergySubstation,
        LatLon::new(49.0, 32.0),
    );
    let registry = SiteRegistry::from_sites([site]).unwrap();
    let p = north(LatLon::new(49.0, 32.0), 4.0);
    assert!(registry.link(p, 0.0, TargetClass::Unknown).is_none());
    assert!(registry.link(p, 3.4, TargetClass::Unknown).is_none());
    assert!(registry.link(p, 3.6, TargetClass::Unknown).is_some());
    // A settlement-precision report (5 km) reaches it.
    let u = truce_model::GeoPrecision::Settlement.radius_km();
    assert!(registry.link(p, u, TargetClass::Unknown).is_some());
    // Nonsense uncertainties count as zero.
    assert!(registry.link(p, f64::NAN, TargetClass::Unknown).is_none());
    assert!(registry.link(p, -10.0, TargetClass::Unknown).is_none());
    // Infinite uncertainty reaches anything.
    let far = LatLon::new(-49.0, -148.0);
    assert!(
        registry
            .link(far, f64::INFINITY, TargetClass::Unknown)
            .is_some()
    );
}

#[test]
fn compatibility_rule() {
    use TargetClass::*;
    for &c in TargetClass::ALL {
        assert!(classes_compatible(Unknown, c));
        assert!(classes_compatible(c, c));
    }
    assert!(classes_compatible(EnergyPowerPlant, EnergyNuclear));
    assert!(classes_compatible(EnergyPowerPlant, EnergyHydro));
    assert!(classes_compatible(EnergyNuclear, EnergyPowerPlant));
    assert!(classes_compatible(EnergyHydro, EnergyPowerPlant));
    assert!(!classes_compatible(EnergyNuclear, EnergyHydro));
    assert!(!classes_compatible(EnergyOilRefinery, EnergyOilStorage));
    assert!(!classes_compatible(CivilianResidential, EnergyPowerPlant));
    assert!(!classes_compatible(EnergyPowerPlant, Unknown));
}

// ---------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------

#[test]
fn insert_replaces_by_id_and_rejects_invalid_sites() {
    let mut registry = SiteRegistry::new();
    assert!(registry.is_empty());
    assert!(registry.nearest(LatLon::new(50.0, 30.0)).is_none());
    let a = Site::new("a", "A", TargetClass::EnergyHydro, LatLon::new(50.0, 30.0));
    assert_eq!(registry.insert(a.clone()), Ok(None));
    let moved = Site::new(
        "a",
        "A moved",
        TargetClass::EnergyHydro,
        LatLon::new(10.0, 10.0),
    );
    assert_eq!(registry.insert(moved), Ok(Some(a)));
    assert_eq!(registry.len(), 1);
    let (s, d) = registry.nearest(LatLon::new(10.0, 10.0)).unwrap();
    assert_eq!((s.name.as_str(), d), ("A moved", 0.0));
    assert!(
        registry
            .link(LatLon::new(50.0, 30.0), 1.0, TargetClass::Unknown)
            .is_none(),
        "the old position is gone from the index"
    );

    let bad_point = Site::new("b", "B", TargetClass::EnergyHydro, LatLon::new(91.0, 0.0));
    let Err(InvalidSite { id, .. }) = registry.insert(bad_point) else {
        panic!()
    };
    assert_eq!(id, "b");
    let mut bad_radius = Site::new("c", "C", TargetClass::EnergyHydro, LatLon::new(1.0, 0.0));
    bad_radius.radius_km = f64::NAN;
    assert!(registry.insert(bad_radius).is_err());
    let unknown = Site::new("d", "D", TargetClass::Unknown, LatLon::new(1.0, 0.0));
    assert!(registry.insert(unknown).is_err());
    assert!(
        SiteRegistry::from_sites([Site::new(
            "",
            "",
            TargetClass::EnergyHydro,
            LatLon::new(0.0, 0.0)
        )])
        .is_err()
    );
    assert_eq!(registry.len(), 1);
    // An invalid query point finds nothing.
    assert!(registry.nearest(LatLon::new(f64::NAN, 0.0)).is_none());
}

#[test]
fn ties_go_to_the_smallest_id_whatever_the_insertion_order() {
    let p = LatLon::new(48.0, 35.0);
    let a = Site::new("b-site", "B", TargetClass::EnergyHydro, north(p, 1.0));
    let b = Site::new("a-site", "A", TargetClass::EnergyHydro, north(p, 1.0));
    for sites in [vec![a.clone(), b.clone()], vec![b.clone(), a.clone()]] {
        let mut registry = SiteRegistry::new();
        for s in sites {
            registry.insert(s).unwrap();
        }
        assert_eq!(registry.nearest(p).unwrap().0.id, "a-site");
        assert_eq!(
            registry.link(p, 0.0, TargetClass::Unknown).unwrap().site_id,
            "a-site"
        );
    }
}

fn brute_nearest(sites: &[Site], p: LatLon) -> f64 {
    sites
        .iter()
        .map(|s| haversine_km(p, s.point))
        .fold(f64::INFINITY, f64::min)
}

fn brute_link(sites: &[Site], p: LatLon, u: f64, target: TargetClass) -> Option<f64> {
    sites
        .iter()
        .filter(|s| classes_compatible(target, s.class))
        .map(|s| (s, haversine_km(p, s.point)))
        .filter(|(s, d)| *d <= s.radius_km + u)
        .map(|(_, d)| d)
        .min_by(f64::total_cmp)
}

const RANDOM_CLASSES: &[TargetClass] = &[
    TargetClass::EnergyPowerPlant,
    TargetClass::EnergyNuclear,
    TargetClass::EnergyHydro,
    TargetClass::EnergySubstation,
    TargetClass::EnergyOilRefinery,
    TargetClass::EnergyGasMetering,
];

#[test]
fn nearest_among_100000_sites_equals_a_brute_force_scan() {
    let mut rng = SplitMix(20250318);
    let sites: Vec<Site> = (0..100_000)
        .map(|i| {
            let class = RANDOM_CLASSES[i % RANDOM_CLASSES.len()];
            let p = LatLon::new(rng.range(44.0, 53.0), rng.range(22.0, 41.0));
            Site::new(format!("s{i}"), format!("Site {i}"), class, p)
        })
        .collect();
    let registry = SiteRegistry::from_sites(sites.clone()).unwrap();
    assert_eq!(registry.len(), 100_000);
    for _ in 0..200 {
        let p = LatLon::new(rng.range(43.0, 54.0), rng.range(21.0, 42.0));
        let (site, d) = registry.nearest(p).unwrap();
        let expected = brute_nearest(&sites, p);
        assert_eq!(d, expected, "at {p:?}");
        assert_eq!(haversine_km(p, site.point), d);

        let target = [
            TargetClass::Unknown,
            TargetClass::EnergyPowerPlant,
            TargetClass::EnergyGasMetering,
        ][rng.next_u64() as usize % 3];
        let u = rng.range(0.0, 3.0);
        let got = registry.link(p, u, target).map(|l| l.distance_km);
        assert_eq!(
            got,
            brute_link(&sites, p, u, target),
            "at {p:?}, {target}, {u}"
        );
    }
}

#[test]
fn sites_inserted_one_by_one_answer_like_a_bulk_load() {
    let mut rng = SplitMix(7);
    let sites: Vec<Site> = (0..5_000)
        .map(|i| {
            let p = LatLon::new(rng.range(44.0, 53.0), rng.range(22.0, 41.0));
            Site::new(format!("s{i}"), "x", TargetClass::EnergyHydro, p)
        })
        .collect();
    let bulk = SiteRegistry::from_sites(sites.clone()).unwrap();
    let mut one_by_one = SiteRegistry::new();
    for s in sites {
        one_by_one.insert(s).unwrap();
    }
    for _ in 0..500 {
        let p = LatLon::new(rng.range(44.0, 53.0), rng.range(22.0, 41.0));
        let (a, da) = bulk.nearest(p).unwrap();
        let (b, db) = one_by_one.nearest(p).unwrap();
        assert_eq!((&a.id, da), (&b.id, db));
    }
}

fn any_point() -> impl Strategy<Value = LatLon> {
    (-90.0..=90.0f64, -180.0..=180.0f64).prop_map(|(lat, lon)| LatLon::new(lat, lon))
}

/// Points crowded near the poles and the antimeridian, where a flat
/// projection would go wrong.
fn awkward_point() -> impl Strategy<Value = LatLon> {
    prop_oneof![
        any_point(),
        (85.0..=90.0f64, -180.0..=180.0f64).prop_map(|(lat, lon)| LatLon::new(lat, lon)),
        (
            -10.0..=10.0f64,
            prop_oneof![-180.0..-175.0f64, 175.0..=180.0f64]
        )
            .prop_map(|(lat, lon)| LatLon::new(lat, lon)),
    ]
}

proptest! {
    #[test]
    fn nearest_and_link_match_brute_force_anywhere_on_earth(
        points in prop::collection::vec((awkward_point(), 0usize..6, 0.1..20.0f64), 1..60),
        queries in prop::collection::vec((awkward_point(), 0.0..500.0f64), 1..20),
    ) {
        let sites: Vec<Site> = points
            .iter()
            .enumerate()
            .map(|(i, (p, c, r))| {
                let mut s = Site::new(format!("s{i}"), "x", RANDOM_CLASSES[*c], *p);
                s.radius_km = *r;
                s
            })
            .collect();
        let registry = SiteRegistry::from_sites(sites.clone()).unwrap();
        for (q, u) in queries {
            let (_, d) = registry.nearest(q).unwrap();
            prop_assert!((d - brute_nearest(&sites, q)).abs() < 1e-9);
            for target in [TargetClass::Unknown, TargetClass::EnergyHydro, TargetClass::EnergyPowerPlant] {
                let got = registry.link(q, u, target).map(|l| l.distance_km);
                let want = brute_link(&sites, q, u, target);
                prop_assert_eq!(got.is_some(), want.is_some());
                if let (Some(g), Some(w)) = (got, want) {
                    prop_assert!((g - w).abs() < 1e-9);
                }
            }
        }
    }
}
