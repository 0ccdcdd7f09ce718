//! One JSON Lines object, read key by key so that a key given twice is seen
//! (a map would silently keep the last value) and each value keeps its JSON
//! type, which the reader checks against the field.

use super::FIELDS;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A value as JSON gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Text(String),
    /// A number, written as serde_json writes it.
    Number(String),
    Bool(bool),
    /// A list or an object.
    Nested,
}

/// The values of one line: the canonical fields by position, the others in
/// the order given.
#[derive(Debug, Default)]
pub struct Object {
    pub canonical: [Option<Json>; 23],
    pub extra: Vec<(String, Json)>,
}

#[derive(Debug)]
pub enum Parsed {
    Object(Box<Object>),
    NotObject,
    DuplicateKey(String),
    Invalid(serde_json::Error),
}

/// Parses one line's text.
pub fn parse(text: &str) -> Parsed {
    if !text.starts_with('{') {
        return match serde_json::from_str::<IgnoredAny>(text) {
            Ok(_) => Parsed::NotObject,
            Err(e) => Parsed::Invalid(e),
        };
    }
    let mut duplicate = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let res = ObjectSeed {
        duplicate: &mut duplicate,
    }
    .deserialize(&mut de)
    .and_then(|o| de.end().map(|()| o));
    match (res, duplicate) {
        (_, Some(key)) => Parsed::DuplicateKey(key),
        (Ok(o), None) => Parsed::Object(Box::new(o)),
        (Err(e), None) => Parsed::Invalid(e),
    }
}

struct ObjectSeed<'a> {
    duplicate: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Object;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut obj = Object::default();
        let mut others = std::collections::HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let fresh = match &key {
                Key::Canonical(i) => obj.canonical[*i].is_none(),
                Key::Other(k) => others.insert(k.clone()),
            };
            if !fresh {
                *self.duplicate = Some(match key {
                    Key::Canonical(i) => FIELDS[i].to_string(),
                    Key::Other(k) => k,
                });
                return Err(de::Error::custom("a key appears twice"));
            }
            let value: Json = map.next_value_seed(ValueSeed)?;
            match key {
                Key::Canonical(i) => obj.canonical[i] = Some(value),
                Key::Other(k) => obj.extra.push((k, value)),
            }
        }
        Ok(obj)
    }
}

enum Key {
    Canonical(usize),
    Other(String),
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match FIELDS.iter().position(|f| *f == v) {
            Some(i) => Key::Canonical(i),
            None => Key::Other(v.to_string()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match FIELDS.iter().position(|f| *f == v) {
            Some(i) => Key::Canonical(i),
            None => Key::Other(v),
        })
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Json;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Json::Nested)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Json::Nested)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_given_twice_are_seen() {
        assert!(
            matches!(parse(r#"{"source":"a","source":"b"}"#), Parsed::DuplicateKey(k) if k == "source")
        );
        assert!(matches!(parse(r#"{"x":1,"y":2,"x":3}"#), Parsed::DuplicateKey(k) if k == "x"));
        // An escaped key is the same key.
        assert!(matches!(parse(r#"{"x":1,"\u0078":2}"#), Parsed::DuplicateKey(k) if k == "x"));
    }

    #[test]
    fn values_keep_their_type() {
        let Parsed::Object(o) =
            parse(r#"{"source":true,"latitude":46.5,"killed":3,"text":null,"x":[1,{"a":2}]}"#)
        else {
            panic!("an object");
        };
        assert_eq!(o.canonical[0], Some(Json::Bool(true)));
        assert_eq!(o.canonical[5], Some(Json::Number("46.5".into())));
        assert_eq!(o.canonical[18], Some(Json::Number("3".into())));
        assert_eq!(o.canonical[20], Some(Json::Null));
        assert_eq!(o.extra, vec![("x".to_string(), Json::Nested)]);
        assert!(matches!(parse("[1]"), Parsed::NotObject));
        assert!(matches!(parse("{\"a\":1} x"), Parsed::Invalid(_)));
        assert!(matches!(parse("{\"a\":"), Parsed::Invalid(_)));
    }
}
