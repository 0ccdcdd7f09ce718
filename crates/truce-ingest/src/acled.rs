//! ACLED event data, read by column name: the API order (`event_id_cnty,
//! event_date, year, …, timestamp`, dates `YYYY-MM-DD`) and the Explorer
//! export (`id, iso, event_id_cnty, event_date, …`, dates `DD/MM/YYYY
//! 00:00:00`; older exports write `20 March 2025`).
//!
//! An ACLED event is one voice (ACLED's coding, whatever outlets it cites),
//! a neutral observation naming who did it. Its identity is (`ACLED`,
//! `event_id_cnty`), and its `timestamp` (ACLED's last update) is when it was
//! reported, so a later update supersedes it and an older export imported
//! late does not undo the update.
//!
//! The whole mapping (event types, actors, precisions, targets from the
//! notes) is written down in `docs/formats.md` ("ACLED").

use crate::canonical::{Context, InputError, Row};
use crate::table::{self, Draft, Header, Layout, Mapped, RowView, Summary};
use truce_model::{Act, Means, reason};

pub const NAME: &str = "ACLED";
/// The report source (and voice) of every ACLED event.
pub const SOURCE: &str = "ACLED";

/// ACLED's columns in the order of its API (and of the exports that follow
/// it): what Truce's ACLED export writes and its generator imitates.
pub const API_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// ACLED's columns with a canonical meaning; all others are kept as extras
/// (ACLED's own `source` as `acled_source`).
const MAPPED: [&str; 11] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "latitude",
    "longitude",
    "geo_precision",
    "location",
    "notes",
    "fatalities",
    "timestamp",
    "source",
];

/// Reads an ACLED file, calling `on_row` for every report or rejection.
pub fn read<R: std::io::Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    summary: &mut Summary,
    on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    table::read(
        input,
        file,
        ctx,
        |h| Acled::from_header(file, h),
        summary,
        on_row,
    )
}

/// Where the columns of an ACLED file are.
pub struct Acled {
    id: usize,
    date: usize,
    time_precision: Option<usize>,
    sub_event_type: usize,
    actor1: usize,
    actor2: Option<usize>,
    latitude: usize,
    longitude: usize,
    geo_precision: Option<usize>,
    location: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
    timestamp: Option<usize>,
    source: Option<usize>,
    /// (column, extra name) of every other column.
    kept: Vec<(usize, String)>,
    names: Vec<String>,
}

impl Acled {
    pub fn from_header(file: &str, h: &Header) -> Result<Acled, InputError> {
        let req = |c: &str| h.require(file, NAME, c);
        // Kept as an extra; its sub-event type says what happened.
        req("event_type")?;
        let kept = h
            .names
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                let k = table::key(n);
                !k.is_empty() && !MAPPED.contains(&k.as_str())
            })
            .map(|(i, n)| (i, table::key(n)))
            .collect();
        Ok(Acled {
            id: req("event_id_cnty")?,
            date: req("event_date")?,
            time_precision: h.find("time_precision"),
            sub_event_type: req("sub_event_type")?,
            actor1: req("actor1")?,
            actor2: h.find("actor2"),
            latitude: req("latitude")?,
            longitude: req("longitude")?,
            geo_precision: h.find("geo_precision"),
            location: h.find("location"),
            notes: h.find("notes"),
            fatalities: h.find("fatalities"),
            timestamp: h.find("timestamp"),
            source: h.find("source"),
            kept,
            names: h.names.clone(),
        })
    }

    fn name(&self, col: usize) -> &str {
        self.names.get(col).map_or("", |n| n.trim())
    }
}

/// An ACLED sub-event type as an act (and the means it implies), or None
/// when no rule knows it.
pub fn act_of(sub_event_type: &str) -> Option<(Act, Means)> {
    let k = sub_event_type.trim().to_ascii_lowercase();
    Some(match k.as_str() {
        "air/drone strike" => (Act::Strike, Means::Unknown),
        "shelling/artillery/missile attack" => (Act::Shelling, Means::Artillery),
        "remote explosive/landmine/ied" | "suicide bomb" => (Act::Sabotage, Means::Explosive),
        "grenade" => (Act::GroundAttack, Means::Explosive),
        "chemical weapon" => (Act::Strike, Means::Unknown),
        "armed clash" | "government regains territory" | "non-state actor overtakes territory" => {
            (Act::GroundAttack, Means::Unknown)
        }
        "disrupted weapons use" => (Act::Interception, Means::Unknown),
        "looting/property destruction" => (Act::Sabotage, Means::Unknown),
        "attack" => (Act::GroundAttack, Means::Unknown),
        "abduction/forced disappearance"
        | "sexual violence"
        | "arrests"
        | "agreement"
        | "headquarters or base established"
        | "change to group/activity"
        | "non-violent transfer of territory"
        | "other"
        | "peaceful protest"
        | "protest with intervention"
        | "excessive force against protesters"
        | "violent demonstration"
        | "mob violence" => (Act::Other, Means::Unknown),
        _ => return None,
    })
}

/// The country an ACLED actor name stands for, when it is a state's forces:
/// "Military Forces of Russia (2000-) Air Force" → "Russia". Militias,
/// unidentified groups and civilians stand for no party (better unknown than
/// wrong).
pub fn party_of(actor: &str) -> Option<String> {
    let a = actor.trim();
    for kind in [
        "Military Forces of ",
        "Police Forces of ",
        "Naval Forces of ",
        "Air Forces of ",
    ] {
        if let Some(rest) = a.strip_prefix(kind) {
            // The country runs to the period in parentheses, "(2000-)".
            let country = rest.split('(').next().unwrap_or("").trim();
            if !country.is_empty() {
                return Some(country.to_string());
            }
        }
    }
    None
}

/// Weapon words in the notes, most specific first: the means they name and
/// the words, for the report's means text.
const WEAPONS: &[(&str, Means)] = &[
    ("shahed", Means::DroneLongRange),
    ("geran", Means::DroneLongRange),
    ("long-range drone", Means::DroneLongRange),
    ("long-range uav", Means::DroneLongRange),
    ("guided aerial bomb", Means::BombGuided),
    ("glide bomb", Means::BombGuided),
    ("kab", Means::BombGuided),
    ("iskander-k", Means::MissileCruise),
    ("iskander", Means::MissileBallistic),
    ("kinzhal", Means::MissileBallistic),
    ("ballistic missile", Means::MissileBallistic),
    ("kalibr", Means::MissileCruise),
    ("kh-101", Means::MissileCruise),
    ("cruise missile", Means::MissileCruise),
    ("s-300", Means::MissileOther),
    ("missile", Means::MissileOther),
    ("grad", Means::RocketMlrs),
    ("mlrs", Means::RocketMlrs),
    ("multiple rocket", Means::RocketMlrs),
    ("fpv", Means::DroneTactical),
    ("lancet", Means::DroneTactical),
    ("artillery", Means::Artillery),
    ("mortar", Means::Artillery),
];

/// Target phrases in the notes, most specific first.
const TARGETS: &[(&str, &str)] = &[
    ("nuclear power plant", "energy.nuclear"),
    ("hydroelectric", "energy.hydro"),
    ("thermal power plant", "energy.power-plant"),
    ("combined heat and power", "energy.power-plant"),
    ("power plant", "energy.power-plant"),
    ("power station", "energy.power-plant"),
    ("substation", "energy.substation"),
    ("power line", "energy.transmission-line"),
    ("boiler house", "energy.heating"),
    ("oil refinery", "energy.oil-refinery"),
    ("refinery", "energy.oil-refinery"),
    ("oil depot", "energy.oil-storage"),
    ("fuel depot", "energy.oil-storage"),
    ("oil pumping station", "energy.oil-pumping"),
    ("gas pipeline", "energy.gas-pipeline"),
    ("oil pipeline", "energy.oil-pipeline"),
    ("gas metering station", "energy.gas-metering"),
    ("gas storage", "energy.gas-storage"),
    ("energy infrastructure", "energy.power-plant"),
    ("residential building", "civilian.residential"),
    ("apartment", "civilian.residential"),
    ("private house", "civilian.residential"),
    ("residential", "civilian.residential"),
    ("hospital", "civilian.medical"),
    ("clinic", "civilian.medical"),
    ("school", "civilian.education"),
    ("kindergarten", "civilian.education"),
    ("university", "civilian.education"),
    ("railway", "civilian.transport"),
    ("port", "civilian.port"),
    ("water supply", "civilian.water"),
];

/// The first phrase of `table` in `notes` (as whole words; `lower` is the
/// notes in ASCII lower case), if any: the phrase as the notes write it, and
/// its value.
fn find<'n, T: Copy>(notes: &'n str, lower: &str, table: &[(&str, T)]) -> Option<(&'n str, T)> {
    table.iter().copied().find_map(|(phrase, value)| {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase) {
            let start = from + at;
            let end = start + phrase.len();
            let before = lower[..start].chars().next_back();
            let after = lower[end..].chars().next();
            let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            // "port" must not match "reported", nor "kab" "Kabul"; a model
            // may run on ("Shahed-136", "Iskander-M").
            if edge(before) && (edge(after) || after == Some('-')) {
                return notes.get(start..end).map(|w| (w, value));
            }
            from = end;
        }
        None
    })
}

/// `event_date` as `YYYY-MM-DD`: ACLED's API writes that; the Explorer
/// export writes `DD/MM/YYYY 00:00:00`; older files `20 March 2025`.
pub fn date_of(v: &str) -> Option<String> {
    let v = v.trim();
    let day = v.split_whitespace().next().unwrap_or("");
    let parsed = jiff::civil::Date::strptime("%Y-%m-%d", day)
        .or_else(|_| jiff::civil::Date::strptime("%d/%m/%Y", day))
        .or_else(|_| jiff::civil::Date::strptime("%d %B %Y", v))
        .or_else(|_| jiff::civil::Date::strptime("%d-%B-%Y", v))
        .ok()?;
    // A time after the date must be midnight: ACLED dates have no time.
    let rest = v[day.len()..].trim();
    if !rest.is_empty() && !rest.starts_with("00:00") && !rest.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(parsed.to_string())
}

impl Layout for Acled {
    const NAME: &'static str = NAME;
    const ROWS: &'static str = "events";

    fn is_text(&self, col: usize) -> bool {
        Some(col) == self.notes
    }

    fn map(&mut self, row: &RowView<'_>, _ctx: &Context<'_>, summary: &mut Summary) -> Mapped {
        let id = row.get(Some(self.id));
        let date_raw = row.get(Some(self.date));
        let date_col = self.name(self.date);
        let Some(date) = date_of(date_raw) else {
            return Mapped::reject(
                date_col,
                date_raw,
                reason::english(
                    "reason-acled-date",
                    &[("column", date_col), ("value", date_raw)],
                ),
            );
        };
        let tp_raw = row.get(self.time_precision);
        let tp_col = self
            .time_precision
            .map_or("time_precision", |c| self.name(c));
        let precision = match tp_raw {
            "" | "1" => "day",
            "2" => "week",
            "3" => "month",
            _ => {
                return Mapped::reject(
                    tp_col,
                    tp_raw,
                    reason::english(
                        "reason-acled-time-precision",
                        &[("column", tp_col), ("value", tp_raw)],
                    ),
                );
            }
        };
        let gp_raw = row.get(self.geo_precision);
        let gp_col = self.geo_precision.map_or("geo_precision", |c| self.name(c));
        let geo = match gp_raw {
            "" | "1" => "settlement",
            "2" => "near-settlement",
            "3" => "region",
            _ => {
                return Mapped::reject(
                    gp_col,
                    gp_raw,
                    reason::english(
                        "reason-acled-geo-precision",
                        &[("column", gp_col), ("value", gp_raw)],
                    ),
                );
            }
        };
        let ts_raw = row.get(self.timestamp);
        let ts_col = self.timestamp.map_or("timestamp", |c| self.name(c));
        let reported = if ts_raw.is_empty() {
            None
        } else {
            match ts_raw
                .parse::<i64>()
                .ok()
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
            {
                Some(t) => Some(t.to_string()),
                None => {
                    return Mapped::reject(
                        ts_col,
                        ts_raw,
                        reason::english(
                            "reason-acled-timestamp",
                            &[("column", ts_col), ("value", ts_raw)],
                        ),
                    );
                }
            }
        };

        let sub = row.get(Some(self.sub_event_type));
        let sub_col = self.name(self.sub_event_type);
        let (act, mut means) = match act_of(sub) {
            Some(am) => am,
            None => {
                summary.unknown(format!("sub-event type: {sub}"));
                (Act::Other, Means::Unknown)
            }
        };
        let notes = row.get(self.notes);
        let lower = notes.to_ascii_lowercase();
        let mut means_text = None;
        if matches!(act, Act::Strike | Act::Shelling | Act::Interception)
            && let Some((word, m)) = find(notes, &lower, WEAPONS)
        {
            // Shelling stays artillery unless a missile or rocket is named.
            if act != Act::Shelling || matches!(m.family(), "missile" | "rocket") {
                means = m;
                // The words as written become the means text when they name
                // the class by themselves ("Shahed", "Kalibr").
                means_text = (Means::class_or_model(word) == Some(m)).then_some(word);
            }
        }
        let target = find(notes, &lower, TARGETS).map_or("unknown", |(_, t)| t);

        // Who did it: actor1 attacks; a disrupted weapon was actor2's.
        let perpetrator_col = if act == Act::Interception {
            self.actor2
        } else {
            Some(self.actor1)
        };
        let perpetrator = party_of(row.get(perpetrator_col));

        let mut d = Draft::new();
        let id_col = self.name(self.id);
        d.set("source", SOURCE, id_col)
            .set("external_id", id, id_col)
            .set("occurred_at", date, date_col)
            .set("time_precision", precision, tp_col)
            .set(
                "latitude",
                row.get(Some(self.latitude)),
                self.name(self.latitude),
            )
            .set(
                "longitude",
                row.get(Some(self.longitude)),
                self.name(self.longitude),
            )
            .set("geo_precision", geo, gp_col)
            .set("act", act.as_str(), sub_col)
            .set("means", means_text.unwrap_or(means.as_str()), "notes")
            .set("target_class", target, "notes")
            .set("claimant", SOURCE, id_col)
            .set("stance", "observes", sub_col);
        if let Some(r) = reported {
            d.set("reported_at", r, ts_col);
        }
        if let Some(p) = perpetrator {
            let col = perpetrator_col.map_or("actor2", |c| self.name(c));
            d.set("perpetrator", p, col);
        }
        if let Some(c) = self.location {
            d.set("place", row.get(Some(c)), self.name(c));
        }
        if let Some(c) = self.notes {
            d.set("text", notes, self.name(c));
        }
        if let Some(c) = self.fatalities {
            d.set("killed", row.get(Some(c)), self.name(c));
        }
        if let Some(c) = self.source {
            d.keep("acled_source", row.raw(c));
        }
        for (i, name) in &self.kept {
            d.keep(name, row.raw(*i));
        }
        summary.count(act.as_str());
        Mapped::One(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_form() {
        assert_eq!(date_of("2025-03-20").as_deref(), Some("2025-03-20"));
        assert_eq!(
            date_of("20/03/2025 00:00:00").as_deref(),
            Some("2025-03-20")
        );
        assert_eq!(date_of("20/03/2025").as_deref(), Some("2025-03-20"));
        assert_eq!(date_of("20 March 2025").as_deref(), Some("2025-03-20"));
        assert_eq!(date_of("31/02/2025 00:00:00"), None);
        assert_eq!(date_of("20/03/2025 14:00:00"), None);
        assert_eq!(date_of("yesterday"), None);
    }

    #[test]
    fn actors_of_state_forces_name_their_country() {
        assert_eq!(
            party_of("Military Forces of Russia (2000-)").as_deref(),
            Some("Russia")
        );
        assert_eq!(
            party_of("Military Forces of Russia (2000-) Air Force").as_deref(),
            Some("Russia")
        );
        assert_eq!(
            party_of("Police Forces of Ukraine (2019-)").as_deref(),
            Some("Ukraine")
        );
        assert_eq!(party_of("Unidentified Armed Group (Ukraine)"), None);
        assert_eq!(party_of("Civilians (Ukraine)"), None);
        assert_eq!(party_of(""), None);
    }

    #[test]
    fn phrases_match_whole_words_most_specific_first() {
        let t = |s: &str| find(s, &s.to_ascii_lowercase(), TARGETS).map(|(_, c)| c);
        assert_eq!(
            t("Drones hit the Zaporizhzhia nuclear power plant"),
            Some("energy.nuclear")
        );
        assert_eq!(
            t("a thermal power plant was hit"),
            Some("energy.power-plant")
        );
        assert_eq!(
            t("it was reported that a substation burned"),
            Some("energy.substation")
        );
        assert_eq!(t("it was reported"), None, "not a port");
        let w = |s: &str| find(s, &s.to_ascii_lowercase(), WEAPONS).map(|(_, m)| m);
        assert_eq!(w("with Shahed drones"), Some(Means::DroneLongRange));
        assert_eq!(w("an Iskander-K missile"), Some(Means::MissileCruise));
        assert_eq!(w("in Kabul"), None);
    }
}
