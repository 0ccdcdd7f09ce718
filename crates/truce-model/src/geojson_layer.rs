//! GeoJSON (RFC 7946) as every Truce reader of areas and places takes it: zone
//! files, region boundaries, the occupation layer, site lists and the basemap.
//! The `geojson` crate reads each object; this module opens a
//! FeatureCollection feature by feature, turns Polygons into Truce's
//! [`Polygon`]s, and puts the crate's refusals in plain words.

use geojson::{GeoJson, Geometry, GeometryValue, Position};
use serde::Deserialize;
use serde_json::Value;

use crate::geometry::{Polygon, Ring};

/// Why a text could not be opened as a FeatureCollection. Each reader words
/// these in its own terms (naming its file or layer).
#[derive(Debug)]
pub enum CollectionError {
    /// Not JSON at all; serde_json's error carries the line and column.
    Json(serde_json::Error),
    /// JSON whose `type` is not `FeatureCollection`.
    NotFeatureCollection,
    /// A FeatureCollection without a `features` list.
    NoFeatures,
}

/// The features of a FeatureCollection, in file order, each still to be read
/// (with [`feature`]). The collection is opened here rather than by the crate
/// because the crate reads a collection whole: one bad feature would hide all
/// the good ones, and Truce's readers skip or name bad features one by one.
pub fn features(text: &str) -> Result<Vec<Value>, CollectionError> {
    let mut root: Value = serde_json::from_str(text).map_err(CollectionError::Json)?;
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(CollectionError::NotFeatureCollection);
    }
    match root.get_mut("features").map(Value::take) {
        Some(Value::Array(features)) => Ok(features),
        _ => Err(CollectionError::NoFeatures),
    }
}

/// One feature, read by the crate; why not, in plain words (naming the
/// geometry when the fault is in it).
pub fn feature(v: &Value) -> Result<geojson::Feature, String> {
    geojson::Feature::deserialize(v).map_err(|e| {
        match v.get("geometry").filter(|g| !g.is_null()).map(geometry) {
            Some(Err(why)) => format!("the geometry: {why}"),
            _ => plain(&e),
        }
    })
}

/// One geometry, read by the crate; why not, in plain words.
pub fn geometry(v: &Value) -> Result<Geometry, String> {
    Geometry::deserialize(v).map_err(|e| plain(&e))
}

/// A geometry, Feature or FeatureCollection, read by the crate; why not, in
/// plain words.
pub fn geojson(v: &Value) -> Result<GeoJson, String> {
    GeoJson::deserialize(v).map_err(|e| plain(&e))
}

/// The polygons of a Polygon or MultiPolygon as `[longitude, latitude]` rings;
/// `None` for any other geometry. Rings are not checked here (each reader has
/// its own rules), only that every position has its two numbers: the crate
/// checks that for a Point but not inside rings.
pub fn polygons(g: &GeometryValue) -> Option<Result<Vec<Polygon>, String>> {
    match g {
        GeometryValue::Polygon { coordinates } => Some(polygon(coordinates).map(|p| vec![p])),
        GeometryValue::MultiPolygon { coordinates } => {
            Some(coordinates.iter().map(|p| polygon(p)).collect())
        }
        _ => None,
    }
}

fn polygon(rings: &[Vec<Position>]) -> Result<Polygon, String> {
    rings
        .iter()
        .map(|ring| ring.iter().map(position).collect::<Result<Ring, String>>())
        .collect()
}

/// A position's longitude and latitude (an altitude after them is ignored).
pub fn position(p: &Position) -> Result<[f64; 2], String> {
    match p.as_slice() {
        [lon, lat, ..] => Ok([*lon, *lat]),
        other => Err(format!(
            "a position must be [longitude, latitude], found {other:?}"
        )),
    }
}

/// What a Polygon's (and so on) `coordinates` must be.
fn needs_coordinates(kind: &str) -> String {
    let shape = match kind {
        "Point" => "[longitude, latitude]",
        "LineString" | "MultiPoint" => "a list of [longitude, latitude] positions",
        "Polygon" | "MultiLineString" => "a list of rings",
        "MultiPolygon" => "a list of polygons",
        _ => "a list",
    };
    format!("a {kind} needs \"coordinates\": {shape}")
}

/// The crate's reason for refusing a value, in plain words: the crate and
/// serde speak of variants, structs and dimensions; people write files.
/// Reasons not recognised here are given as the crate words them.
pub fn plain(e: &serde_json::Error) -> String {
    let m = e.to_string();
    // serde_json ends with the place only when it reads text, not a value.
    let m = match m.rfind(" at line ") {
        Some(i) if e.line() > 0 => &m[..i],
        _ => m.as_str(),
    };
    // The crate wraps some of its reasons in this, once or twice.
    let mut m = m;
    while let Some(rest) = m.strip_prefix("Error while deserializing GeoJSON: ") {
        m = rest;
    }
    // `kind` for the crate's `Encountered geometry type: `Polygon` with …`.
    let between = |s: &str, open: &str| -> Option<String> {
        let rest = s.strip_prefix(open)?;
        rest.split_once('`').map(|(k, _)| k.to_string())
    };
    if let Some(kind) = between(m, "Encountered geometry type: `") {
        return needs_coordinates(&kind);
    }
    if let Some(n) = between(m, "A position must contain two or more elements, but got `") {
        return format!("a position must be [longitude, latitude], found {n} number(s)");
    }
    if let Some(field) = between(m, "missing field `") {
        return format!("\"{field}\" is missing");
    }
    if let Some(kind) = between(m, "unknown variant `") {
        return format!("\"{kind}\" is not a GeoJSON type allowed here");
    }
    if let Some((found, expected)) = m
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
    {
        let found = match found {
            "sequence" => "a list",
            "map" => "an object",
            other => other,
        };
        return match expected {
            // The first number of a position, then the others.
            "a coordinate element (number or array)" | "f64" => {
                format!("a position must hold two numbers, found {found}")
            }
            "struct DeserializeFeatureHelper" => {
                format!("a feature must be a JSON object, found {found}")
            }
            "Geometry object" => format!("a geometry must be a JSON object, found {found}"),
            "GeoJson object" => format!("GeoJSON must be a JSON object, found {found}"),
            "a map" => format!("an object was expected, found {found}"),
            _ => m.to_string(),
        };
    }
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_collection_is_opened_feature_by_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[30,50]}},
            {"type":"Feature","geometry":{"type":"Polygon"}},
            "not a feature"
        ]}"#;
        let list = features(text).expect("a collection");
        assert_eq!(list.len(), 3);
        let first = feature(&list[0]).expect("a feature");
        assert_eq!(first.property("n"), Some(&json!(1)));
        assert_eq!(
            feature(&list[1]).unwrap_err(),
            "the geometry: a Polygon needs \"coordinates\": a list of rings"
        );
        assert_eq!(
            feature(&list[2]).unwrap_err(),
            "a feature must be a JSON object, found string \"not a feature\""
        );
        assert!(matches!(features("{"), Err(CollectionError::Json(_))));
        assert!(matches!(
            features(r#"{"type":"Feature"}"#),
            Err(CollectionError::NotFeatureCollection)
        ));
        assert!(matches!(
            features(r#"{"type":"FeatureCollection"}"#),
            Err(CollectionError::NoFeatures)
        ));
    }

    #[test]
    fn polygons_and_their_positions() {
        let g = geometry(&json!({"type": "MultiPolygon", "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 0]]],
            [[[5, 5, 100], [6, 5, 100], [6, 6, 100], [5, 5, 100]]]
        ]}))
        .expect("a MultiPolygon");
        let p = polygons(&g.value).expect("polygons").expect("positions");
        assert_eq!(p.len(), 2);
        assert_eq!(p[1][0][0], [5.0, 5.0], "the altitude is left out");
        let point = geometry(&json!({"type": "Point", "coordinates": [1, 2]})).expect("a Point");
        assert!(polygons(&point.value).is_none());
        // The crate lets a one-number position through inside a ring.
        let short = geometry(&json!({"type": "Polygon", "coordinates": [[[1], [2, 3]]]}))
            .expect("read by the crate");
        assert_eq!(
            polygons(&short.value).expect("a Polygon").unwrap_err(),
            "a position must be [longitude, latitude], found [1.0]"
        );
    }

    #[test]
    fn refusals_in_plain_words() {
        let cases = [
            (
                json!({"type": "MultiPolygon", "coordinates": [[1, 2]]}),
                "a MultiPolygon needs \"coordinates\": a list of polygons",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[["1", 2]]]}),
                "a position must hold two numbers, found string \"1\"",
            ),
            (
                json!({"type": "Point", "coordinates": [1]}),
                "a position must be [longitude, latitude], found 1 number(s)",
            ),
            (json!({"coordinates": [1, 2]}), "\"type\" is missing"),
            (
                json!({"type": "Circle", "coordinates": [1, 2]}),
                "\"Circle\" is not a GeoJSON type allowed here",
            ),
            (
                json!([1, 2]),
                "a geometry must be a JSON object, found a list",
            ),
        ];
        for (v, want) in cases {
            assert_eq!(geometry(&v).unwrap_err(), want, "{v}");
        }
        assert_eq!(
            feature(&json!({"type": "Feature", "properties": "x", "geometry": null})).unwrap_err(),
            "an object was expected, found string \"x\""
        );
        // Read from text, the place is left to the caller.
        let e = serde_json::from_str::<GeoJson>(r#"{"type":"Point","coordinates":["x",1]}"#)
            .unwrap_err();
        assert_eq!(
            plain(&e),
            "a position must hold two numbers, found string \"x\""
        );
    }
}
