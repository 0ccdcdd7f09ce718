//! How a field of a candidate was read, as messages: each a key of the
//! site's `locales/*/statements.ftl` with its arguments, so the review page
//! says it in the monitor's language. The English text kept beside it
//! ([`Candidate::basis`](super::Candidate::basis), for the command line and
//! the API) is made here from the same pieces, and a test holds the site's
//! English messages to it.

use super::lexicon::Side;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use truce_geo::Place;

/// One piece of how a field was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why {
    pub key: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl Why {
    pub fn new(key: &str) -> Why {
        Why {
            key: key.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// With a text argument.
    pub fn with(mut self, name: &str, value: impl ToString) -> Why {
        self.args.insert(name.to_string(), value.to_string());
        self
    }

    /// With a side (`side`: `ukraine` or `russia`).
    pub fn side(self, side: Side) -> Why {
        self.with(
            "side",
            match side {
                Side::Ukraine => "ukraine",
                Side::Russia => "russia",
            },
        )
    }

    /// With a place, named in each language the gazetteer names it in
    /// (`place`, `place_uk`, `place_ru`).
    pub fn place(self, p: &Place) -> Why {
        let or = |s: &str| {
            if s.is_empty() {
                p.name.clone()
            } else {
                s.to_string()
            }
        };
        self.with("place", &p.name)
            .with("place_uk", or(&p.name_uk))
            .with("place_ru", or(&p.name_ru))
    }

    fn arg(&self, name: &str) -> &str {
        self.args.get(name).map_or("", String::as_str)
    }

    /// The piece in English.
    pub fn english(&self) -> String {
        let a = |n: &str| self.arg(n);
        let side = || match a("side") {
            "ukraine" => "Ukraine",
            "russia" => "Russia",
            other => other,
        };
        match self.key.as_str() {
            "why-source-speaks-for" => {
                format!("the source \"{}\" speaks for {}", a("source"), a("party"))
            }
            "why-speaker-named" => "the statement names its speaker".into(),
            "why-side-words" => format!("words only {}'s side uses", side()),
            "why-ukrainian-statement" => "a statement in Ukrainian, from the Ukrainian side".into(),
            "why-speaker-unknown" => "the speaker is not known".into(),
            "why-denies-for-itself" => "the speaker denies on its own behalf".into(),
            "why-named-denying" => "named as denying".into(),
            "why-named-doer" => "named as the doer".into(),
            "why-named-doer-elsewhere" => "named as the doer elsewhere in the statement".into(),
            "why-implied-own-ground" => {
                format!("implied: {} reports an attack on its own territory", side())
            }
            "why-implied-other-ground" => format!(
                "implied: {} reports a strike on the other side's territory without naming who struck",
                side()
            ),
            "why-no-party-for-side" => format!("the agreement names no party for {}", side()),
            "why-own-side-doer" => "the speaker names its own side as the doer".into(),
            "why-near" => format!("near {}", a("place")),
            "why-district-of" => format!("a district of {}, named in the statement", a("place")),
            "why-district-around" => format!("the district around {}", a("place")),
            "why-target-named-after" => format!("the target is named after {}", a("place")),
            "why-tally-no-place" => "a tally of weapons over the country: no one place".into(),
            "why-one-weapon" => "the one weapon the statement names".into(),
            "why-several-weapons" => {
                "the statement names several weapons and does not say which hit".into()
            }
            "why-hit-is-strike" => "a target named as hit, without an act word: a strike".into(),
            "why-date" => a("date").to_string(),
            "why-night-ending" => format!("the night ending on {}", a("date")),
            "why-weekday" => format!("{} on or before publication: {}", a("weekday"), a("date")),
            "why-today" => format!("the day of publication: {}", a("date")),
            "why-yesterday" => format!("the day before publication: {}", a("date")),
            "why-day-before-yesterday" => format!("two days before publication: {}", a("date")),
            "why-past-day" => format!("the past day, counted back from publication: {}", a("date")),
            "why-month" => format!("the month {}", a("month")),
            "why-night-ending-publication" => {
                format!("the night ending on the day of publication, {}", a("date"))
            }
            "why-publication-day" => format!("the day of publication, {}", a("date")),
            "why-no-time-words" => format!("no time words: the day of publication, {}", a("date")),
            "why-evening" => "in the evening".into(),
            "why-at" => format!("at {}", a("time")),
            other => other.to_string(),
        }
    }
}

/// Every key [`Why::english`] knows, for the test that each has its
/// message in every language of the site.
pub const KEYS: &[&str] = &[
    "why-source-speaks-for",
    "why-speaker-named",
    "why-side-words",
    "why-ukrainian-statement",
    "why-speaker-unknown",
    "why-denies-for-itself",
    "why-named-denying",
    "why-named-doer",
    "why-named-doer-elsewhere",
    "why-implied-own-ground",
    "why-implied-other-ground",
    "why-no-party-for-side",
    "why-own-side-doer",
    "why-near",
    "why-district-of",
    "why-district-around",
    "why-target-named-after",
    "why-tally-no-place",
    "why-one-weapon",
    "why-several-weapons",
    "why-hit-is-strike",
    "why-date",
    "why-night-ending",
    "why-weekday",
    "why-today",
    "why-yesterday",
    "why-day-before-yesterday",
    "why-past-day",
    "why-month",
    "why-night-ending-publication",
    "why-publication-day",
    "why-no-time-words",
    "why-evening",
    "why-at",
];

/// The pieces in English, one after another ("the day before publication:
/// 2025-03-24, in the evening").
pub fn english(why: &[Why]) -> String {
    why.iter().map(Why::english).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_in_english() {
        for k in KEYS {
            let w = Why::new(k)
                .with("date", "2025-03-24")
                .with("source", "s")
                .with("party", "ua")
                .with("place", "Kharkiv")
                .with("weekday", "monday")
                .with("month", "2025-03")
                .with("time", "22:15")
                .with("side", "russia");
            let e = w.english();
            assert!(!e.is_empty() && e != *k, "{k} has no English text");
        }
    }
}
