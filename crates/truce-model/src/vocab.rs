//! The controlled vocabularies every file, tool and API of Truce relies on.
//!
//! Identifiers are a public contract: they appear in agreement files, report
//! files, the database, the API and the evidence log. Aliases (other spellings,
//! weapon model names in English, Ukrainian and Russian) are accepted on input and
//! kept here, in one place, so every adapter reads them the same way.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Normalises free text for alias lookup: lower case, letters and digits only.
/// "Shahed-136" and "shahed 136" both become "shahed136"; Cyrillic is kept as is.
pub fn alias_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The closest identifier to `input` among `candidates`, if it is close enough to
/// be a plausible typo (used for "did you mean …?" hints).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.trim().to_lowercase();
    let len = input.chars().count();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        // More than twice as long as a candidate: neither rule below can
        // score it 0.5 (the edit distance is at least the difference in
        // length), so the quadratic distance is not computed.
        if len > 2 * c.chars().count() {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(&input, c);
        // Also credit a candidate whose last segment equals the input ("refinery"
        // for "energy.oil-refinery").
        let tail = c.rsplit(['.', '-']).next().unwrap_or(c);
        let score = if !input.is_empty() && (c.ends_with(&input) || tail.starts_with(&input)) {
            score.max(0.75)
        } else {
            score
        };
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.5).map(|(c, _)| c)
}

/// Why a vocabulary value was not understood, with a suggestion when one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTerm {
    pub kind: &'static str,
    pub value: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // From the reasons' templates, so a page can say it in its reader's
        // language.
        f.write_str(&match self.suggestion {
            Some(s) => crate::reason::english(
                "reason-unknown-term-suggest",
                &[
                    ("kind", self.kind),
                    ("value", &self.value),
                    ("suggestion", s),
                ],
            ),
            None => crate::reason::english(
                "reason-unknown-term",
                &[("kind", self.kind), ("value", &self.value)],
            ),
        })
    }
}

impl std::error::Error for UnknownTerm {}

/// Declares a closed vocabulary: the enum, its identifiers, its aliases, parsing
/// with suggestions, Display and serde as the identifier string.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What the vocabulary is called in messages.
            pub const KIND: &'static str = $kind;

            /// The identifier used in files and the API.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// Every identifier, in declaration order.
            pub fn ids() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|v| v.as_str())
            }

            /// The identifier or alias, if it is one; cheap (no suggestion is
            /// computed), for hot paths.
            pub fn lookup(s: &str) -> Option<Self> {
                let trimmed = s.trim();
                match trimmed {
                    $( $id => return Some($name::$variant), )+
                    _ => {}
                }
                static ALIASES: std::sync::OnceLock<std::collections::HashMap<String, $name>> =
                    std::sync::OnceLock::new();
                let table = ALIASES.get_or_init(|| {
                    let mut m = std::collections::HashMap::new();
                    $(
                        m.insert(alias_key($id), $name::$variant);
                        $( m.insert(alias_key($alias), $name::$variant); )*
                    )+
                    m
                });
                table.get(&alias_key(trimmed)).copied()
            }

            /// Parses an identifier or one of its aliases (case, spaces and
            /// punctuation do not matter); the error suggests the closest
            /// identifier.
            pub fn parse(s: &str) -> Result<Self, UnknownTerm> {
                Self::lookup(s).ok_or_else(|| UnknownTerm {
                    kind: $kind,
                    value: s.trim().to_string(),
                    suggestion: closest(s.trim(), Self::ids()),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownTerm;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::ALL.iter().map(|v| v.as_str())))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// What was done. Follows the distinctions a ceasefire text draws, mapped to
    /// ACLED sub-event types in `docs/formats.md`.
    Act, "act" {
        /// A remote attack (missile, bomb, drone, rocket) that reached a target.
        Strike = "strike" | "attack" | "airstrike" | "air strike" | "drone strike" | "missile strike" | "hit" | "удар" | "атака",
        /// A weapon destroyed in flight.
        Interception = "interception" | "intercept" | "intercepted" | "shot down" | "shootdown" | "збиття" | "перехват",
        /// A launch observed or reported, whatever became of the weapon.
        Launch = "launch" | "launched" | "пуск",
        /// Artillery or mortar fire.
        Shelling = "shelling" | "shelled" | "artillery fire" | "обстріл" | "обстрел",
        /// An assault by ground forces.
        GroundAttack = "ground-attack" | "ground attack" | "assault" | "штурм",
        /// Destruction from the ground, such as demolition or arson.
        Sabotage = "sabotage" | "demolition" | "диверсія" | "диверсия" | "підрив" | "подрыв",
        /// Action by naval forces or naval drones at sea.
        NavalOperation = "naval-operation" | "naval operation" | "naval" | "naval attack",
        /// A fire seen by a sensor (a satellite's thermal anomaly): evidence
        /// that something burned at a place and time, not of what caused it.
        Fire = "fire" | "fire detection" | "thermal anomaly" | "hotspot" | "пожежа" | "пожар",
        Other = "other",
    }
}

vocabulary! {
    /// The weapon class used.
    Means, "means" {
        MissileBallistic = "missile.ballistic" | "ballistic missile" | "ballistic",
        MissileCruise = "missile.cruise" | "cruise missile" | "cruise",
        MissileAntiShip = "missile.anti-ship" | "anti-ship missile",
        MissileOther = "missile.other" | "missile" | "ракета",
        BombGuided = "bomb.guided" | "guided bomb" | "glide bomb",
        BombUnguided = "bomb.unguided" | "unguided bomb" | "bomb",
        DroneLongRange = "drone.long-range" | "long-range drone" | "attack drone" | "uav",
        DroneTactical = "drone.tactical" | "tactical drone" | "loitering munition",
        DroneNaval = "drone.naval" | "naval drone" | "unmanned surface vessel" | "usv",
        /// Reconnaissance drones (Orlan, Supercam, ZALA, Merlin): they find
        /// targets but carry no warhead, so the air truce does not cover them.
        DroneReconnaissance = "drone.reconnaissance" | "reconnaissance drone" | "reconnaissance uav" | "recon drone" | "розвідувальний бпла",
        Artillery = "artillery" | "mortar" | "артилерія" | "артиллерия",
        RocketMlrs = "rocket.mlrs" | "mlrs" | "rocket" | "multiple rocket launcher",
        Explosive = "explosive" | "explosives" | "ied" | "mine",
        SmallArms = "small-arms" | "small arms" | "gunfire",
        /// Several weapon classes counted together (an air-attack tally for
        /// "Iskander-M and Kalibr"); the report's means text names them.
        Mixed = "mixed" | "several",
        Unknown = "unknown" | "" | "n/a" | "unspecified",
    }
}

/// Weapon model names (English, Ukrainian, Russian spellings) and the class each
/// belongs to. Matched on [`alias_key`] by prefix, longest first, so that
/// "Shahed-136", "Geran-2" and "Х-101" all resolve.
const MEANS_MODELS: &[(&str, Means)] = &[
    ("shahed", Means::DroneLongRange),
    ("шахед", Means::DroneLongRange),
    ("шахід", Means::DroneLongRange),
    ("geran", Means::DroneLongRange),
    ("герань", Means::DroneLongRange),
    ("гербера", Means::DroneLongRange),
    ("gerbera", Means::DroneLongRange),
    ("lyutyi", Means::DroneLongRange),
    ("лютий", Means::DroneLongRange),
    ("liutyi", Means::DroneLongRange),
    ("kh101", Means::MissileCruise),
    ("х101", Means::MissileCruise),
    ("x101", Means::MissileCruise),
    ("kh555", Means::MissileCruise),
    ("х555", Means::MissileCruise),
    ("kh59", Means::MissileCruise),
    ("х59", Means::MissileCruise),
    ("kh69", Means::MissileCruise),
    ("х69", Means::MissileCruise),
    ("kalibr", Means::MissileCruise),
    ("калібр", Means::MissileCruise),
    ("калибр", Means::MissileCruise),
    ("stormshadow", Means::MissileCruise),
    ("scalp", Means::MissileCruise),
    ("neptune", Means::MissileCruise),
    ("нептун", Means::MissileCruise),
    ("iskanderk", Means::MissileCruise),
    ("іскандерк", Means::MissileCruise),
    ("искандерк", Means::MissileCruise),
    ("zircon", Means::MissileCruise),
    ("циркон", Means::MissileCruise),
    ("3m22", Means::MissileCruise),
    ("kh35", Means::MissileAntiShip),
    ("х35", Means::MissileAntiShip),
    ("kh32", Means::MissileAntiShip),
    ("х32", Means::MissileAntiShip),
    ("s400", Means::MissileOther),
    ("с400", Means::MissileOther),
    ("iskander", Means::MissileBallistic),
    ("іскандер", Means::MissileBallistic),
    ("искандер", Means::MissileBallistic),
    ("kn23", Means::MissileBallistic),
    ("kh47", Means::MissileBallistic),
    ("kinzhal", Means::MissileBallistic),
    ("кинджал", Means::MissileBallistic),
    ("кинжал", Means::MissileBallistic),
    ("atacms", Means::MissileBallistic),
    ("kh22", Means::MissileAntiShip),
    ("х22", Means::MissileAntiShip),
    ("kh31", Means::MissileAntiShip),
    ("х31", Means::MissileAntiShip),
    ("oniks", Means::MissileAntiShip),
    ("оникс", Means::MissileAntiShip),
    ("онікс", Means::MissileAntiShip),
    ("harpoon", Means::MissileAntiShip),
    ("s300", Means::MissileOther),
    ("с300", Means::MissileOther),
    ("kab", Means::BombGuided),
    ("каб", Means::BombGuided),
    ("umpk", Means::BombGuided),
    ("умпк", Means::BombGuided),
    ("fab", Means::BombUnguided),
    ("фаб", Means::BombUnguided),
    ("himars", Means::RocketMlrs),
    ("grad", Means::RocketMlrs),
    ("град", Means::RocketMlrs),
    ("uragan", Means::RocketMlrs),
    ("ураган", Means::RocketMlrs),
    ("smerch", Means::RocketMlrs),
    ("смерч", Means::RocketMlrs),
    ("tornado", Means::RocketMlrs),
    ("lancet", Means::DroneTactical),
    ("ланцет", Means::DroneTactical),
    ("fpv", Means::DroneTactical),
    ("фпв", Means::DroneTactical),
    ("molniya", Means::DroneTactical),
    ("молния", Means::DroneTactical),
    ("молнія", Means::DroneTactical),
    ("orlan", Means::DroneReconnaissance),
    ("орлан", Means::DroneReconnaissance),
    ("supercam", Means::DroneReconnaissance),
    ("суперкам", Means::DroneReconnaissance),
    ("zala", Means::DroneReconnaissance),
    ("зала", Means::DroneReconnaissance),
    ("merlin", Means::DroneReconnaissance),
    ("мерлін", Means::DroneReconnaissance),
    ("мерлин", Means::DroneReconnaissance),
    ("reconnaissanceuav", Means::DroneReconnaissance),
    ("eleron", Means::DroneReconnaissance),
    ("елерон", Means::DroneReconnaissance),
    ("элерон", Means::DroneReconnaissance),
    ("granat", Means::DroneReconnaissance),
    ("гранат", Means::DroneReconnaissance),
    ("forpost", Means::DroneReconnaissance),
    ("форпост", Means::DroneReconnaissance),
    ("розвідувальнийбпла", Means::DroneReconnaissance),
    ("magura", Means::DroneNaval),
    ("магура", Means::DroneNaval),
    ("seababy", Means::DroneNaval),
    ("морськамалятко", Means::DroneNaval),
    ("мореськамалятко", Means::DroneNaval),
];

impl Means {
    /// Parses a class identifier, an alias, or a weapon model name.
    pub fn parse_or_model(s: &str) -> Result<Self, UnknownTerm> {
        Self::class_or_model(s).ok_or_else(|| UnknownTerm {
            kind: "means",
            value: s.trim().to_string(),
            suggestion: closest(s, Self::ids()),
        })
    }

    /// As [`Means::parse_or_model`], without looking for a suggestion
    /// (for callers that only ask whether a name is known).
    pub fn class_or_model(s: &str) -> Option<Self> {
        if let Some(m) = Self::lookup(s) {
            return Some(m);
        }
        let key = alias_key(s);
        let mut best: Option<(&str, Means)> = None;
        for (model, class) in MEANS_MODELS {
            if key.starts_with(model) && best.is_none_or(|(b, _)| model.len() > b.len()) {
                best = Some((model, *class));
            }
        }
        best.map(|(_, c)| c)
    }

    /// The weapon names a combined model name lists: "Iskander-M/KN-23 and
    /// Kalibr" names Iskander-M, KN-23 and Kalibr (split at "and" in English,
    /// Ukrainian and Russian, and at `/ , + &`).
    pub fn model_names(text: &str) -> Vec<&str> {
        let mut parts = vec![text];
        for sep in [" and ", " та ", " і ", " и ", " AND ", " And "] {
            parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
        }
        parts
            .into_iter()
            .flat_map(|p| p.split(['/', ',', '+', '&']))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// The distinct classes of the weapons a (combined) model name lists, in
    /// the order first named; names no rule knows are left out.
    pub fn classes_named(text: &str) -> Vec<Means> {
        let mut out = Vec::new();
        for name in Self::model_names(text) {
            if let Some(m) = Self::class_or_model(name)
                && m != Means::Unknown
                && m != Means::Mixed
                && !out.contains(&m)
            {
                out.push(m);
            }
        }
        out
    }

    /// The family before the dot (`missile`, `drone`, …), used to judge whether
    /// two reports could describe the same weapon.
    pub fn family(self) -> &'static str {
        let id = self.as_str();
        id.split('.').next().unwrap_or(id)
    }
}

vocabulary! {
    /// What was hit or targeted.
    TargetClass, "target class" {
        EnergyPowerPlant = "energy.power-plant" | "power plant" | "power station" | "thermal power plant" | "tpp" | "chp",
        EnergyNuclear = "energy.nuclear" | "nuclear power plant" | "npp",
        EnergyHydro = "energy.hydro" | "hydroelectric dam" | "hydro" | "hpp" | "dam",
        EnergySubstation = "energy.substation" | "substation" | "transformer",
        EnergyTransmissionLine = "energy.transmission-line" | "power line" | "transmission line",
        EnergyHeating = "energy.heating" | "boiler house" | "heating plant",
        EnergyOilRefinery = "energy.oil-refinery" | "oil refinery" | "refinery",
        EnergyOilPipeline = "energy.oil-pipeline" | "oil pipeline",
        EnergyOilPumping = "energy.oil-pumping" | "oil pumping station" | "pumping station",
        EnergyOilStorage = "energy.oil-storage" | "oil depot" | "fuel depot" | "oil storage",
        EnergyGasPipeline = "energy.gas-pipeline" | "gas pipeline",
        EnergyGasMetering = "energy.gas-metering" | "gas metering station",
        EnergyGasStorage = "energy.gas-storage" | "gas storage",
        CivilianResidential = "civilian.residential" | "residential" | "housing",
        CivilianMedical = "civilian.medical" | "hospital" | "medical",
        CivilianEducation = "civilian.education" | "school" | "education",
        CivilianTransport = "civilian.transport" | "railway" | "transport" | "bridge",
        CivilianPort = "civilian.port" | "port",
        CivilianWater = "civilian.water" | "water",
        CivilianTelecom = "civilian.telecom" | "telecom",
        CivilianAgriculture = "civilian.agriculture" | "agriculture" | "grain",
        CivilianOther = "civilian.other" | "civilian",
        Military = "military" | "military target" | "military facility",
        Unknown = "unknown" | "" | "n/a" | "unspecified",
    }
}

impl TargetClass {
    /// The family before the dot (`energy`, `civilian`, `military`, `unknown`).
    pub fn family(self) -> &'static str {
        let id = self.as_str();
        id.split('.').next().unwrap_or(id)
    }
}

vocabulary! {
    /// A report's position on the claim it carries.
    Stance, "stance" {
        /// The source says the event happened and names who did it.
        Alleges = "alleges" | "allege" | "alleged" | "claims" | "accuses",
        /// The source (usually the accused) says it did not happen or was not theirs.
        Denies = "denies" | "deny" | "denied" | "rejects",
        /// The source confirms, typically a party acknowledging its own act.
        Confirms = "confirms" | "confirm" | "confirmed" | "acknowledges",
        /// A neutral observation (monitor, sensor, journalist on the spot).
        Observes = "observes" | "observe" | "observed" | "reports",
    }
}

vocabulary! {
    /// How precisely a report's time is known.
    TimePrecision, "time precision" {
        Minute = "minute" | "min",
        Hour = "hour" | "h",
        Day = "day" | "d" | "1",
        Week = "week" | "w" | "2",
        Month = "month" | "m" | "3",
    }
}

vocabulary! {
    /// How precisely a report's place is known. ACLED's geo_precision codes map
    /// as: 1 ↔ `exact`/`settlement`, 2 ↔ `near-settlement`, 3 ↔ `region`;
    /// `country` has no ACLED code and exports as 3.
    GeoPrecision, "place precision" {
        Exact = "exact" | "point",
        Settlement = "settlement" | "town" | "city" | "village" | "1",
        NearSettlement = "near-settlement" | "near settlement" | "near" | "2",
        Region = "region" | "oblast" | "province" | "3",
        Country = "country",
    }
}

impl GeoPrecision {
    /// The radius, in kilometres, within which the event is taken to lie around
    /// the given point. These are the defaults of the correlator's distance window.
    pub const fn radius_km(self) -> f64 {
        match self {
            GeoPrecision::Exact => 1.0,
            GeoPrecision::Settlement => 5.0,
            GeoPrecision::NearSettlement => 25.0,
            GeoPrecision::Region => 150.0,
            GeoPrecision::Country => 1500.0,
        }
    }

    /// ACLED's `geo_precision` code for this precision.
    pub const fn acled_code(self) -> u8 {
        match self {
            GeoPrecision::Exact | GeoPrecision::Settlement => 1,
            GeoPrecision::NearSettlement => 2,
            GeoPrecision::Region | GeoPrecision::Country => 3,
        }
    }
}

impl TimePrecision {
    /// ACLED's `time_precision` code (1 day, 2 week, 3 month); finer than a day is 1.
    pub const fn acled_code(self) -> u8 {
        match self {
            TimePrecision::Minute | TimePrecision::Hour | TimePrecision::Day => 1,
            TimePrecision::Week => 2,
            TimePrecision::Month => 3,
        }
    }
}

vocabulary! {
    /// Admiralty scale: reliability of the source.
    Reliability, "source reliability" {
        /// Completely reliable.
        A = "A",
        /// Usually reliable.
        B = "B",
        /// Fairly reliable.
        C = "C",
        /// Not usually reliable.
        D = "D",
        /// Unreliable.
        E = "E",
        /// Reliability cannot be judged.
        F = "F",
    }
}

vocabulary! {
    /// Admiralty scale: credibility of the information.
    Credibility, "information credibility" {
        /// Confirmed by other sources.
        Confirmed = "1",
        /// Probably true.
        Probable = "2",
        /// Possibly true.
        Possible = "3",
        /// Doubtful.
        Doubtful = "4",
        /// Improbable.
        Improbable = "5",
        /// Truth cannot be judged.
        Unjudged = "6",
    }
}

impl Reliability {
    /// E and F do not count towards corroboration.
    pub const fn is_weak(self) -> bool {
        matches!(self, Reliability::E | Reliability::F)
    }
}

impl Credibility {
    /// 5 and 6 do not count towards corroboration.
    pub const fn is_weak(self) -> bool {
        matches!(self, Credibility::Improbable | Credibility::Unjudged)
    }
}

vocabulary! {
    /// The status of a finding: an incident judged against one commitment reading
    /// for one party.
    Status, "status" {
        /// The incident is outside what the reading prohibits.
        NotCovered = "not-covered",
        /// The incident happened outside the reading's period.
        OutsidePeriod = "outside-period",
        /// One source, or sources of one side only, allege a violation.
        Alleged = "alleged",
        /// At least two independent, adequately graded sources agree.
        Corroborated = "corroborated",
        /// Two adjudicators confirmed the violation.
        Confirmed = "confirmed",
        /// The accused denies it, or sources name different perpetrators.
        Disputed = "disputed",
        /// What is known cannot decide it.
        Insufficient = "insufficient",
        /// Two adjudicators rejected the allegation.
        Rejected = "rejected",
    }
}

vocabulary! {
    /// ICD 203 estimative language for the likelihood that a violation occurred.
    Confidence, "confidence" {
        AlmostNoChance = "almost no chance",
        VeryUnlikely = "very unlikely",
        Unlikely = "unlikely",
        RoughlyEven = "roughly even chance",
        Likely = "likely",
        VeryLikely = "very likely",
        AlmostCertain = "almost certain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for a in Act::ALL {
            assert_eq!(Act::parse(a.as_str()), Ok(*a));
        }
        for m in Means::ALL {
            assert_eq!(Means::parse(m.as_str()), Ok(*m));
        }
        for t in TargetClass::ALL {
            assert_eq!(TargetClass::parse(t.as_str()), Ok(*t));
        }
    }

    #[test]
    fn weapon_models_in_three_scripts() {
        let cases = [
            ("Shahed-136", Means::DroneLongRange),
            ("Geran-2", Means::DroneLongRange),
            ("Шахед", Means::DroneLongRange),
            ("Герань-2", Means::DroneLongRange),
            ("Kh-101", Means::MissileCruise),
            ("Х-101", Means::MissileCruise),
            ("Kalibr", Means::MissileCruise),
            ("Калібр", Means::MissileCruise),
            ("Калибр", Means::MissileCruise),
            ("Iskander-M", Means::MissileBallistic),
            ("Іскандер-М", Means::MissileBallistic),
            ("Искандер", Means::MissileBallistic),
            ("KN-23", Means::MissileBallistic),
            ("KAB-500", Means::BombGuided),
            ("КАБ", Means::BombGuided),
            ("HIMARS", Means::RocketMlrs),
            ("Lancet", Means::DroneTactical),
            ("Ланцет", Means::DroneTactical),
            ("FPV", Means::DroneTactical),
            ("Magura V5", Means::DroneNaval),
            ("Sea Baby", Means::DroneNaval),
        ];
        for (name, class) in cases {
            assert_eq!(Means::parse_or_model(name), Ok(class), "{name}");
        }
        assert!(Means::parse_or_model("banana").is_err());
        for (name, class) in [
            ("Orlan-10", Means::DroneReconnaissance),
            ("Supercam S350", Means::DroneReconnaissance),
            ("ZALA", Means::DroneReconnaissance),
            ("Merlin-VR", Means::DroneReconnaissance),
            ("Reconnaissance UAV", Means::DroneReconnaissance),
            ("Молнія", Means::DroneTactical),
            ("Lancet", Means::DroneTactical),
        ] {
            assert_eq!(Means::parse_or_model(name), Ok(class), "{name}");
        }
    }

    #[test]
    fn combined_model_names_split_into_their_classes() {
        assert_eq!(
            Means::model_names("Iskander-M/KN-23 and Iskander-K and Kalibr"),
            vec!["Iskander-M", "KN-23", "Iskander-K", "Kalibr"]
        );
        assert_eq!(
            Means::model_names("Шахед та Гербера, Орлан"),
            vec!["Шахед", "Гербера", "Орлан"]
        );
        assert_eq!(
            Means::classes_named("Iskander-M/KN-23 and Kalibr"),
            vec![Means::MissileBallistic, Means::MissileCruise]
        );
        assert_eq!(
            Means::classes_named("Shahed-136/131"),
            vec![Means::DroneLongRange]
        );
        assert!(
            Means::classes_named("Фенікс").is_empty(),
            "unknown names are left out"
        );
    }

    #[test]
    fn suggestions_for_typos() {
        let e = TargetClass::parse("energy.refinery").unwrap_err();
        assert_eq!(e.suggestion, Some("energy.oil-refinery"));
        let e = Act::parse("strik").unwrap_err();
        assert_eq!(e.suggestion, Some("strike"));
        assert_eq!(
            e.to_string(),
            "unknown act \"strik\"; did you mean \"strike\"?"
        );
    }

    #[test]
    fn grading() {
        assert_eq!(Reliability::parse("b"), Ok(Reliability::B));
        assert_eq!(Credibility::parse("2"), Ok(Credibility::Probable));
        assert!(Reliability::parse("G").is_err());
        assert!(Credibility::parse("7").is_err());
        assert!(Reliability::E.is_weak() && !Reliability::D.is_weak());
    }

    #[test]
    fn acled_codes() {
        assert_eq!(GeoPrecision::parse("2"), Ok(GeoPrecision::NearSettlement));
        assert_eq!(GeoPrecision::Region.acled_code(), 3);
        assert_eq!(TimePrecision::Week.acled_code(), 2);
    }
}
