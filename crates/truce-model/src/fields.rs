//! The report's fields, declared once: their names in the canonical formats
//! (CSV header, JSON Lines keys, API submissions), what each holds, whether
//! a row must have it, which vocabulary it takes, and its length limit. The
//! canonical reader, the generator, the API's schema and downloads are
//! derived from this table.

use crate::vocab::{
    Act, Credibility, GeoPrecision, Means, Reliability, Stance, TargetClass, TimePrecision,
};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (a name, an id).
    Text,
    /// An instant or a date (RFC 3339, a local date and time, a date).
    Instant,
    /// Decimal degrees.
    Degrees,
    /// A whole number of people.
    Count,
    /// One value of a vocabulary (or an alias of one).
    Term,
    /// An `https://` or `http://` link.
    Link,
    /// A C2SP signature line over the row.
    Signature,
}

/// One canonical field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// A row without it is rejected.
    pub required: bool,
    /// The values a `Term` field takes (its canonical spellings).
    pub vocabulary: Option<fn() -> Vec<&'static str>>,
    /// The longest value accepted, in bytes.
    pub limit: usize,
    /// What it means, for people (the API's schema, docs/formats.md).
    pub about: &'static str,
}

/// The longest id (source, external id) accepted.
pub const MAX_ID_LEN: usize = 200;
/// The longest free text accepted.
pub const MAX_TEXT_LEN: usize = 20_000;
/// The longest value of any other field accepted.
pub const MAX_FIELD_LEN: usize = 2_000;

macro_rules! terms {
    ($t:ty) => {
        Some(|| <$t>::ALL.iter().map(|v| v.as_str()).collect())
    };
}

const fn field(name: &'static str, kind: Kind, about: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        vocabulary: None,
        limit: MAX_FIELD_LEN,
        about,
    }
}

/// The canonical fields, in the order of the canonical CSV header.
pub const FIELDS: [Field; 23] = [
    Field {
        required: true,
        limit: MAX_ID_LEN,
        ..field(
            "source",
            Kind::Text,
            "who reports it: a ministry, a monitor, a feed",
        )
    },
    Field {
        required: true,
        limit: MAX_ID_LEN,
        ..field(
            "external_id",
            Kind::Text,
            "the report's id, unique within its source",
        )
    },
    field("reported_at", Kind::Instant, "when the source reported it"),
    Field {
        required: true,
        ..field("occurred_at", Kind::Instant, "when the event happened")
    },
    Field {
        vocabulary: terms!(TimePrecision),
        ..field(
            "time_precision",
            Kind::Term,
            "how precisely the time is known",
        )
    },
    field("latitude", Kind::Degrees, "WGS 84 latitude"),
    field("longitude", Kind::Degrees, "WGS 84 longitude"),
    field(
        "place",
        Kind::Text,
        "a place name, in any script, found in the gazetteer when there are no coordinates",
    ),
    Field {
        vocabulary: terms!(GeoPrecision),
        ..field(
            "geo_precision",
            Kind::Term,
            "how precisely the place is known",
        )
    },
    Field {
        vocabulary: terms!(Act),
        ..field("act", Kind::Term, "what was done")
    },
    Field {
        vocabulary: terms!(Means),
        ..field(
            "means",
            Kind::Term,
            "the weapon: a class, or a model name such as Shahed-136",
        )
    },
    Field {
        vocabulary: terms!(TargetClass),
        ..field("target_class", Kind::Term, "what was hit")
    },
    field("target_name", Kind::Text, "the facility's name"),
    field("perpetrator", Kind::Text, "who the source says did it"),
    field(
        "claimant",
        Kind::Text,
        "the party or organisation behind the source",
    ),
    Field {
        vocabulary: terms!(Stance),
        ..field(
            "stance",
            Kind::Term,
            "alleges, denies, confirms or observes",
        )
    },
    Field {
        vocabulary: terms!(Reliability),
        ..field(
            "reliability",
            Kind::Term,
            "source reliability, Admiralty A–F",
        )
    },
    Field {
        vocabulary: terms!(Credibility),
        ..field(
            "credibility",
            Kind::Term,
            "information credibility, Admiralty 1–6",
        )
    },
    field("killed", Kind::Count, "people killed"),
    field("injured", Kind::Count, "people injured"),
    Field {
        limit: MAX_TEXT_LEN,
        ..field("text", Kind::Text, "the report's words")
    },
    field("url", Kind::Link, "where it was published"),
    field(
        "signature",
        Kind::Signature,
        "the submitting party's C2SP signature over the row",
    ),
];

/// The fields' names, in header order.
pub const NAMES: [&str; 23] = {
    let mut out = [""; 23];
    let mut i = 0;
    while i < FIELDS.len() {
        out[i] = FIELDS[i].name;
        i += 1;
    }
    out
};

/// The names of the fields a row must have.
pub fn required() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().filter(|f| f.required).map(|f| f.name)
}

/// The field with this name.
pub fn by_name(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The position of a field in the header.
pub const fn index(name: &str) -> usize {
    let mut i = 0;
    while i < NAMES.len() {
        if const_eq(NAMES[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("no such canonical field")
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_each_field_once_and_its_vocabularies() {
        let mut names = NAMES.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FIELDS.len());
        assert_eq!(
            required().collect::<Vec<_>>(),
            ["source", "external_id", "occurred_at"]
        );
        assert_eq!(index("signature"), 22);
        for f in FIELDS.iter().filter(|f| f.kind == Kind::Term) {
            let v = (f.vocabulary.expect("a term has a vocabulary"))();
            assert!(!v.is_empty(), "{}", f.name);
        }
        assert!(by_name("means").is_some_and(|f| f.kind == Kind::Term));
        assert!(by_name("nope").is_none());
    }
}
