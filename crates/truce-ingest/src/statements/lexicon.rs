//! The words the extractor knows, in English, Ukrainian and Russian, and
//! what each says: a weapon, a target, an act, a party, a time.
//!
//! A phrase is written as its words separated by spaces, in the normalised
//! form of [`super::text`] (lower case, no apostrophes); a word ending in
//! `*` matches any word that starts with it, so one stem covers a noun's
//! cases ("підстанці*": підстанція, підстанції, підстанцію). Short stems
//! that would catch unrelated words are written out case by case instead
//! ("каб", "каби", "кабів", not "каб*", which would take "кабінет").
//!
//! At each token the longest phrase wins ("ударних БпЛА" is a weapon, not
//! the act "удар…"), so no word is read twice.

use super::text::{Kind, Tokens};
use std::collections::HashMap;
use std::sync::OnceLock;
use truce_model::{Means, TargetClass};

/// The two sides the words below can name. An agreement's parties are
/// found by these names (`Ukraine`, `Russia`) through its aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Ukraine,
    Russia,
}

impl Side {
    pub const fn other(self) -> Side {
        match self {
            Side::Ukraine => Side::Russia,
            Side::Russia => Side::Ukraine,
        }
    }

    /// The name the agreement is asked for.
    pub const fn name(self) -> &'static str {
        match self {
            Side::Ukraine => "Ukraine",
            Side::Russia => "Russia",
        }
    }

    /// The gazetteer's country code of its territory.
    pub const fn country(self) -> &'static str {
        match self {
            Side::Ukraine => "UA",
            Side::Russia => "RU",
        }
    }
}

/// How specific a weapon word is: a model outranks a class, a class a
/// generic word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spec {
    Generic,
    Class,
    Model,
}

/// What an act word says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActCue {
    /// Attacked, struck: a launch or a strike, told by its context.
    Attack,
    Shelling,
    Launch,
    /// Shot down, destroyed: an interception when it counts weapons, else
    /// damage.
    Intercept,
    /// Damaged, a fire, debris, casualties: something was hit.
    Damage,
}

/// How a party's name is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A name ("Russia", "ЗСУ"): the attacker when an act word follows.
    Name,
    /// An adjective ("Russian", "українських"): the attacker when a weapon
    /// or forces word follows.
    Adjective,
    /// Always the attacker ("окупанти", "киевский режим").
    Agent,
}

/// Parts of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Night,
    Morning,
    Afternoon,
    Evening,
}

/// Days counted from the statement's publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelDay {
    Today,
    Yesterday,
    DayBefore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Means(Means, Spec),
    Target(TargetClass, Spec),
    Act(ActCue),
    /// A party, and the side whose speakers use this word, when only one does.
    Party(Side, Role, Option<Side>),
    /// "The enemy": the other side from the speaker's; `Some` when only one
    /// side's speakers use the word.
    Enemy(Option<Side>),
    /// The speaker naming itself ("Повітряні сили ЗСУ", "Минобороны России").
    Speaker(Side),
    /// Forces, troops, units: makes a party adjective before it a name.
    Forces,
    Deny,
    /// "not", "не": a denial when an act word follows.
    Negation,
    /// "from the direction of": the place that follows is where weapons
    /// came from, not where they hit.
    Origin,
    /// "near", "поблизу", "под": the place that follows is its surroundings.
    Near,
    /// "as of", "станом на": the time that follows is when the statement
    /// counts, not when anything happened.
    AsOf,
    Month(u8),
    /// A month named alone ("in March", "у березні").
    MonthAlone(u8),
    Weekday(u8),
    Day(RelDay),
    Part(Part),
    /// "у ніч на", "в ночь на", "on the night of": a date follows.
    NightOf,
    /// "over the past day", "за минулу добу".
    PastDay,
    /// People counted: killed, injured, persons.
    People,
    /// "of", "з", "из" between two counts ("57 of 99").
    Of,
}

const MS: Spec = Spec::Model;
const CL: Spec = Spec::Class;
const GE: Spec = Spec::Generic;

use Means as M;
use TargetClass as T;

/// Weapons: names, classes, generic words.
const MEANS: &[(&str, Means, Spec)] = &[
    // Long-range attack drones.
    ("shahed*", M::DroneLongRange, MS),
    ("shaheds", M::DroneLongRange, MS),
    ("geran*", M::DroneLongRange, MS),
    ("gerbera*", M::DroneLongRange, MS),
    ("шахед*", M::DroneLongRange, MS),
    ("шахід*", M::DroneLongRange, MS),
    ("геран*", M::DroneLongRange, MS),
    ("гербер*", M::DroneLongRange, MS),
    ("long-range drone*", M::DroneLongRange, CL),
    ("long-range attack drone*", M::DroneLongRange, CL),
    ("attack drone*", M::DroneLongRange, CL),
    ("strike drone*", M::DroneLongRange, CL),
    ("kamikaze drone*", M::DroneLongRange, CL),
    ("one-way attack drone*", M::DroneLongRange, CL),
    ("attack uav*", M::DroneLongRange, CL),
    ("strike uav*", M::DroneLongRange, CL),
    ("ударн* бпла", M::DroneLongRange, CL),
    ("ударн* безпілотн*", M::DroneLongRange, CL),
    ("ударн* безпілотник*", M::DroneLongRange, CL),
    ("ударн* дрон*", M::DroneLongRange, CL),
    ("ударн* беспилотн*", M::DroneLongRange, CL),
    ("ударн* беспилотник*", M::DroneLongRange, CL),
    ("drone*", M::DroneLongRange, GE),
    ("uav", M::DroneLongRange, GE),
    ("uavs", M::DroneLongRange, GE),
    ("unmanned aerial vehicle*", M::DroneLongRange, GE),
    ("бпла", M::DroneLongRange, GE),
    ("бпла-камікадзе", M::DroneLongRange, CL),
    ("безпілотник*", M::DroneLongRange, GE),
    ("безпілотн* літальн* апарат*", M::DroneLongRange, GE),
    ("беспилотник*", M::DroneLongRange, GE),
    ("беспилотн* летательн* аппарат*", M::DroneLongRange, GE),
    ("дрон*", M::DroneLongRange, GE),
    // Tactical drones.
    ("fpv*", M::DroneTactical, MS),
    ("фпв*", M::DroneTactical, MS),
    ("lancet*", M::DroneTactical, MS),
    ("ланцет*", M::DroneTactical, MS),
    ("quadcopter*", M::DroneTactical, CL),
    ("квадрокоптер*", M::DroneTactical, CL),
    ("fpv-дрон*", M::DroneTactical, MS),
    // Reconnaissance drones.
    ("orlan*", M::DroneReconnaissance, MS),
    ("орлан*", M::DroneReconnaissance, MS),
    ("supercam*", M::DroneReconnaissance, MS),
    ("суперкам*", M::DroneReconnaissance, MS),
    ("reconnaissance drone*", M::DroneReconnaissance, CL),
    ("reconnaissance uav*", M::DroneReconnaissance, CL),
    ("розвідувальн* бпла", M::DroneReconnaissance, CL),
    ("розвідувальн* дрон*", M::DroneReconnaissance, CL),
    ("разведывательн* бпла", M::DroneReconnaissance, CL),
    ("разведывательн* беспилотник*", M::DroneReconnaissance, CL),
    // Naval drones.
    ("naval drone*", M::DroneNaval, CL),
    ("sea drone*", M::DroneNaval, CL),
    ("unmanned surface vessel*", M::DroneNaval, CL),
    ("uncrewed surface vessel*", M::DroneNaval, CL),
    ("magura*", M::DroneNaval, MS),
    ("магура*", M::DroneNaval, MS),
    ("sea baby", M::DroneNaval, MS),
    ("морськ* дрон*", M::DroneNaval, CL),
    ("морск* дрон*", M::DroneNaval, CL),
    ("безекіпажн* катер*", M::DroneNaval, CL),
    ("безекіпажн* човн*", M::DroneNaval, CL),
    ("безэкипажн* катер*", M::DroneNaval, CL),
    ("бэк", M::DroneNaval, MS),
    ("бэка", M::DroneNaval, MS),
    ("бэков", M::DroneNaval, MS),
    // Ballistic missiles.
    ("iskander-k*", M::MissileCruise, MS),
    ("іскандер-к*", M::MissileCruise, MS),
    ("искандер-к*", M::MissileCruise, MS),
    ("iskander*", M::MissileBallistic, MS),
    ("іскандер*", M::MissileBallistic, MS),
    ("искандер*", M::MissileBallistic, MS),
    ("kn-23*", M::MissileBallistic, MS),
    ("kn23", M::MissileBallistic, MS),
    ("кн-23*", M::MissileBallistic, MS),
    ("kinzhal*", M::MissileBallistic, MS),
    ("кинджал*", M::MissileBallistic, MS),
    ("кинжал*", M::MissileBallistic, MS),
    ("х-47*", M::MissileBallistic, MS),
    ("kh-47*", M::MissileBallistic, MS),
    ("atacms", M::MissileBallistic, MS),
    ("атакмс", M::MissileBallistic, MS),
    ("точка-у", M::MissileBallistic, MS),
    ("точки-у", M::MissileBallistic, MS),
    ("tochka-u", M::MissileBallistic, MS),
    ("ballistic missile*", M::MissileBallistic, CL),
    ("ballistic", M::MissileBallistic, CL),
    ("балістичн* ракет*", M::MissileBallistic, CL),
    ("балістичн*", M::MissileBallistic, CL),
    ("баллистическ* ракет*", M::MissileBallistic, CL),
    ("баллистическ*", M::MissileBallistic, CL),
    ("оперативно-тактичн* ракет*", M::MissileBallistic, CL),
    ("оперативно-тактическ* ракет*", M::MissileBallistic, CL),
    // Cruise missiles.
    ("cruise missile*", M::MissileCruise, CL),
    ("крилат* ракет*", M::MissileCruise, CL),
    ("крылат* ракет*", M::MissileCruise, CL),
    ("kalibr*", M::MissileCruise, MS),
    ("калібр*", M::MissileCruise, MS),
    ("калибр*", M::MissileCruise, MS),
    ("kh-101*", M::MissileCruise, MS),
    ("x-101*", M::MissileCruise, MS),
    ("х-101*", M::MissileCruise, MS),
    ("х101*", M::MissileCruise, MS),
    ("kh-555*", M::MissileCruise, MS),
    ("х-555*", M::MissileCruise, MS),
    ("kh-59*", M::MissileCruise, MS),
    ("х-59*", M::MissileCruise, MS),
    ("x-59*", M::MissileCruise, MS),
    ("kh-69*", M::MissileCruise, MS),
    ("х-69*", M::MissileCruise, MS),
    ("storm shadow*", M::MissileCruise, MS),
    ("scalp*", M::MissileCruise, MS),
    ("neptune*", M::MissileCruise, MS),
    ("нептун*", M::MissileCruise, MS),
    ("zircon*", M::MissileCruise, MS),
    ("циркон*", M::MissileCruise, MS),
    // Anti-ship missiles.
    ("anti-ship missile*", M::MissileAntiShip, CL),
    ("протикорабельн* ракет*", M::MissileAntiShip, CL),
    ("противокорабельн* ракет*", M::MissileAntiShip, CL),
    ("kh-22*", M::MissileAntiShip, MS),
    ("х-22*", M::MissileAntiShip, MS),
    ("kh-31*", M::MissileAntiShip, MS),
    ("х-31*", M::MissileAntiShip, MS),
    ("kh-35*", M::MissileAntiShip, MS),
    ("х-35*", M::MissileAntiShip, MS),
    ("oniks*", M::MissileAntiShip, MS),
    ("онікс*", M::MissileAntiShip, MS),
    ("оникс*", M::MissileAntiShip, MS),
    ("harpoon*", M::MissileAntiShip, MS),
    // Other missiles.
    ("s-300*", M::MissileOther, MS),
    ("с-300*", M::MissileOther, MS),
    ("s-400*", M::MissileOther, MS),
    ("с-400*", M::MissileOther, MS),
    ("guided missile*", M::MissileOther, CL),
    ("керован* ракет*", M::MissileOther, CL),
    ("зенітн* керован* ракет*", M::MissileOther, CL),
    ("зенитн* управляем* ракет*", M::MissileOther, CL),
    ("missile*", M::MissileOther, GE),
    ("ракет*", M::MissileOther, GE),
    // Guided bombs.
    ("guided bomb*", M::BombGuided, CL),
    ("guided aerial bomb*", M::BombGuided, CL),
    ("glide bomb*", M::BombGuided, CL),
    ("kab", M::BombGuided, MS),
    ("kabs", M::BombGuided, MS),
    ("kab-*", M::BombGuided, MS),
    ("каб", M::BombGuided, MS),
    ("каби", M::BombGuided, MS),
    ("кабів", M::BombGuided, MS),
    ("кабами", M::BombGuided, MS),
    ("кабом", M::BombGuided, MS),
    ("кабы", M::BombGuided, MS),
    ("кабов", M::BombGuided, MS),
    ("каб-*", M::BombGuided, MS),
    ("umpk*", M::BombGuided, MS),
    ("умпк*", M::BombGuided, MS),
    ("jdam*", M::BombGuided, MS),
    ("керован* авіаційн* бомб*", M::BombGuided, CL),
    ("керован* авіабомб*", M::BombGuided, CL),
    ("управляем* авиабомб*", M::BombGuided, CL),
    ("управляем* авиационн* бомб*", M::BombGuided, CL),
    // Unguided bombs.
    ("fab-*", M::BombUnguided, MS),
    ("фаб-*", M::BombUnguided, MS),
    ("aerial bomb*", M::BombUnguided, GE),
    ("bomb", M::BombUnguided, GE),
    ("bombs", M::BombUnguided, GE),
    ("авіабомб*", M::BombUnguided, GE),
    ("авиабомб*", M::BombUnguided, GE),
    ("авіаційн* бомб*", M::BombUnguided, GE),
    ("авиационн* бомб*", M::BombUnguided, GE),
    // Rocket artillery.
    ("himars", M::RocketMlrs, MS),
    ("хімарс*", M::RocketMlrs, MS),
    ("химарс*", M::RocketMlrs, MS),
    ("mlrs", M::RocketMlrs, CL),
    ("multiple rocket launcher*", M::RocketMlrs, CL),
    ("multiple launch rocket system*", M::RocketMlrs, CL),
    ("рсзв", M::RocketMlrs, CL),
    ("рсзо", M::RocketMlrs, CL),
    ("реактивн* систем* залпов* вогню", M::RocketMlrs, CL),
    ("реактивн* систем* залпов* огня", M::RocketMlrs, CL),
    ("grad", M::RocketMlrs, MS),
    ("grads", M::RocketMlrs, MS),
    ("град", M::RocketMlrs, MS),
    ("градів", M::RocketMlrs, MS),
    ("градами", M::RocketMlrs, MS),
    ("градов", M::RocketMlrs, MS),
    ("uragan*", M::RocketMlrs, MS),
    ("smerch*", M::RocketMlrs, MS),
    ("смерч*", M::RocketMlrs, MS),
    ("tornado-s", M::RocketMlrs, MS),
    ("rocket", M::RocketMlrs, GE),
    ("rockets", M::RocketMlrs, GE),
    ("реактивн* снаряд*", M::RocketMlrs, GE),
    ("торнадо-с", M::RocketMlrs, MS),
    // Guns.
    ("artillery", M::Artillery, CL),
    ("mortar*", M::Artillery, CL),
    ("howitzer*", M::Artillery, CL),
    ("артилері*", M::Artillery, CL),
    ("артиллери*", M::Artillery, CL),
    ("міномет*", M::Artillery, CL),
    ("миномет*", M::Artillery, CL),
    ("гаубиц*", M::Artillery, CL),
];

/// Targets: facilities named by their class.
const TARGETS: &[(&str, TargetClass, Spec)] = &[
    // Power generation.
    ("thermal power plant*", T::EnergyPowerPlant, CL),
    ("thermal power station*", T::EnergyPowerPlant, CL),
    ("combined heat and power plant*", T::EnergyPowerPlant, CL),
    ("power plant*", T::EnergyPowerPlant, CL),
    ("power station*", T::EnergyPowerPlant, CL),
    ("chp", T::EnergyPowerPlant, CL),
    ("тец", T::EnergyPowerPlant, CL),
    ("тец-*", T::EnergyPowerPlant, CL),
    ("тэц", T::EnergyPowerPlant, CL),
    ("тэц-*", T::EnergyPowerPlant, CL),
    ("тес", T::EnergyPowerPlant, CL),
    ("тэс", T::EnergyPowerPlant, CL),
    ("грэс", T::EnergyPowerPlant, CL),
    ("грес", T::EnergyPowerPlant, CL),
    ("теплоелектростанці*", T::EnergyPowerPlant, CL),
    ("теплоелектроцентрал*", T::EnergyPowerPlant, CL),
    ("теплоэлектростанци*", T::EnergyPowerPlant, CL),
    ("теплоэлектроцентрал*", T::EnergyPowerPlant, CL),
    ("електростанці*", T::EnergyPowerPlant, CL),
    ("электростанци*", T::EnergyPowerPlant, CL),
    // Energy in general: read as power generation, as the ACLED notes are.
    ("energy infrastructure", T::EnergyPowerPlant, GE),
    ("energy facilit*", T::EnergyPowerPlant, GE),
    ("energy sector", T::EnergyPowerPlant, GE),
    ("energy system", T::EnergyPowerPlant, GE),
    ("power grid", T::EnergyPowerPlant, GE),
    ("енергетичн* інфраструктур*", T::EnergyPowerPlant, GE),
    ("енергетичн* обєкт*", T::EnergyPowerPlant, GE),
    ("обєкт* енергетик*", T::EnergyPowerPlant, GE),
    ("обєкт* енергетичн* інфраструктур*", T::EnergyPowerPlant, GE),
    ("енергообєкт*", T::EnergyPowerPlant, GE),
    ("енергетик*", T::EnergyPowerPlant, GE),
    ("енергетиц*", T::EnergyPowerPlant, GE),
    ("енергосистем*", T::EnergyPowerPlant, GE),
    ("энергетическ* инфраструктур*", T::EnergyPowerPlant, GE),
    ("энергетическ* объект*", T::EnergyPowerPlant, GE),
    ("объект* энергетик*", T::EnergyPowerPlant, GE),
    (
        "объект* энергетическ* инфраструктур*",
        T::EnergyPowerPlant,
        GE,
    ),
    ("энергообъект*", T::EnergyPowerPlant, GE),
    ("энергосистем*", T::EnergyPowerPlant, GE),
    // Nuclear, hydro.
    ("nuclear power plant*", T::EnergyNuclear, CL),
    ("nuclear power station*", T::EnergyNuclear, CL),
    ("npp", T::EnergyNuclear, CL),
    ("аес", T::EnergyNuclear, CL),
    ("аэс", T::EnergyNuclear, CL),
    ("атомн* електростанці*", T::EnergyNuclear, CL),
    ("атомн* электростанци*", T::EnergyNuclear, CL),
    ("hydroelectric*", T::EnergyHydro, CL),
    ("hydropower plant*", T::EnergyHydro, CL),
    ("hpp", T::EnergyHydro, CL),
    ("dam", T::EnergyHydro, CL),
    ("гес", T::EnergyHydro, CL),
    ("гэс", T::EnergyHydro, CL),
    ("гідроелектростанці*", T::EnergyHydro, CL),
    ("гидроэлектростанци*", T::EnergyHydro, CL),
    ("дамб*", T::EnergyHydro, CL),
    // Transmission.
    ("substation*", T::EnergySubstation, CL),
    ("transformer*", T::EnergySubstation, CL),
    ("підстанці*", T::EnergySubstation, CL),
    ("електропідстанці*", T::EnergySubstation, CL),
    ("подстанци*", T::EnergySubstation, CL),
    ("электроподстанци*", T::EnergySubstation, CL),
    ("трансформатор*", T::EnergySubstation, CL),
    ("power line*", T::EnergyTransmissionLine, CL),
    ("transmission line*", T::EnergyTransmissionLine, CL),
    ("ліні* електропередач*", T::EnergyTransmissionLine, CL),
    ("лэп", T::EnergyTransmissionLine, CL),
    ("леп", T::EnergyTransmissionLine, CL),
    ("лини* электропередач*", T::EnergyTransmissionLine, CL),
    // Heat.
    ("boiler house*", T::EnergyHeating, CL),
    ("boiler room*", T::EnergyHeating, CL),
    ("heating plant*", T::EnergyHeating, CL),
    ("котельн*", T::EnergyHeating, CL),
    ("тепломереж*", T::EnergyHeating, CL),
    ("теплосет*", T::EnergyHeating, CL),
    // Oil and gas.
    ("oil refinery", T::EnergyOilRefinery, CL),
    ("oil refineries", T::EnergyOilRefinery, CL),
    ("refinery", T::EnergyOilRefinery, CL),
    ("refineries", T::EnergyOilRefinery, CL),
    ("нпз", T::EnergyOilRefinery, CL),
    ("нафтопереробн* завод*", T::EnergyOilRefinery, CL),
    ("нафтопереробн*", T::EnergyOilRefinery, CL),
    ("нефтеперерабатывающ* завод*", T::EnergyOilRefinery, CL),
    ("нефтеперерабатывающ*", T::EnergyOilRefinery, CL),
    ("oil pipeline*", T::EnergyOilPipeline, CL),
    ("нафтопровід*", T::EnergyOilPipeline, CL),
    ("нафтопровод*", T::EnergyOilPipeline, CL),
    ("нефтепровод*", T::EnergyOilPipeline, CL),
    ("oil pumping station*", T::EnergyOilPumping, CL),
    ("pumping station*", T::EnergyOilPumping, CL),
    ("нафтоперекачувальн* станці*", T::EnergyOilPumping, CL),
    ("нефтеперекачивающ* станци*", T::EnergyOilPumping, CL),
    ("нпс", T::EnergyOilPumping, CL),
    ("oil depot*", T::EnergyOilStorage, CL),
    ("fuel depot*", T::EnergyOilStorage, CL),
    ("oil storage*", T::EnergyOilStorage, CL),
    ("нафтобаз*", T::EnergyOilStorage, CL),
    ("нефтебаз*", T::EnergyOilStorage, CL),
    ("паливн* склад*", T::EnergyOilStorage, CL),
    ("gas pipeline*", T::EnergyGasPipeline, CL),
    ("газопровід*", T::EnergyGasPipeline, CL),
    ("газопровод*", T::EnergyGasPipeline, CL),
    ("gas metering station*", T::EnergyGasMetering, CL),
    ("gas measuring station*", T::EnergyGasMetering, CL),
    ("газовимірювальн* станці*", T::EnergyGasMetering, CL),
    ("газоизмерительн* станци*", T::EnergyGasMetering, CL),
    ("гис", T::EnergyGasMetering, CL),
    ("gas storage*", T::EnergyGasStorage, CL),
    ("gas storage facilit*", T::EnergyGasStorage, CL),
    ("газосховищ*", T::EnergyGasStorage, CL),
    ("газохранилищ*", T::EnergyGasStorage, CL),
    // Homes.
    ("residential building*", T::CivilianResidential, CL),
    ("residential area*", T::CivilianResidential, CL),
    ("apartment building*", T::CivilianResidential, CL),
    ("apartment block*", T::CivilianResidential, CL),
    ("high-rise*", T::CivilianResidential, CL),
    ("private house*", T::CivilianResidential, CL),
    ("houses", T::CivilianResidential, GE),
    ("house", T::CivilianResidential, GE),
    ("homes", T::CivilianResidential, GE),
    ("житлов* будин*", T::CivilianResidential, CL),
    ("житлов* будинк*", T::CivilianResidential, CL),
    ("житлов* будівл*", T::CivilianResidential, CL),
    ("житлов* сектор*", T::CivilianResidential, CL),
    ("житлов* забудов*", T::CivilianResidential, CL),
    ("багатоповерхів*", T::CivilianResidential, CL),
    ("багатоквартирн* будин*", T::CivilianResidential, CL),
    ("багатоквартирн* будинк*", T::CivilianResidential, CL),
    ("приватн* будин*", T::CivilianResidential, CL),
    ("приватн* будинк*", T::CivilianResidential, CL),
    ("приватн* сектор*", T::CivilianResidential, CL),
    ("будинок", T::CivilianResidential, GE),
    ("будинки", T::CivilianResidential, GE),
    ("будинків", T::CivilianResidential, GE),
    ("будинку", T::CivilianResidential, GE),
    ("жил* дом*", T::CivilianResidential, CL),
    ("жил* сектор*", T::CivilianResidential, CL),
    ("жил* застройк*", T::CivilianResidential, CL),
    ("многоквартирн* дом*", T::CivilianResidential, CL),
    ("многоэтажк*", T::CivilianResidential, CL),
    ("многоэтажн* дом*", T::CivilianResidential, CL),
    ("частн* дом*", T::CivilianResidential, CL),
    ("частн* сектор*", T::CivilianResidential, CL),
    ("дом", T::CivilianResidential, GE),
    ("дома", T::CivilianResidential, GE),
    ("домов", T::CivilianResidential, GE),
    // Health, schools.
    ("hospital*", T::CivilianMedical, CL),
    ("clinic*", T::CivilianMedical, CL),
    ("medical facilit*", T::CivilianMedical, CL),
    ("лікарн*", T::CivilianMedical, CL),
    ("лікарень", T::CivilianMedical, CL),
    ("поліклінік*", T::CivilianMedical, CL),
    ("медичн* заклад*", T::CivilianMedical, CL),
    ("пологов* будин*", T::CivilianMedical, CL),
    ("больниц*", T::CivilianMedical, CL),
    ("госпитал*", T::CivilianMedical, CL),
    ("поликлиник*", T::CivilianMedical, CL),
    ("медицинск* учрежден*", T::CivilianMedical, CL),
    ("school*", T::CivilianEducation, CL),
    ("kindergarten*", T::CivilianEducation, CL),
    ("universit*", T::CivilianEducation, CL),
    ("школ*", T::CivilianEducation, CL),
    ("дитяч* садок", T::CivilianEducation, CL),
    ("дитяч* садк*", T::CivilianEducation, CL),
    ("ліце*", T::CivilianEducation, CL),
    ("університет*", T::CivilianEducation, CL),
    ("навчальн* заклад*", T::CivilianEducation, CL),
    ("детск* сад*", T::CivilianEducation, CL),
    ("университет*", T::CivilianEducation, CL),
    ("учебн* заведени*", T::CivilianEducation, CL),
    // Transport, ports.
    ("railway*", T::CivilianTransport, CL),
    ("railroad*", T::CivilianTransport, CL),
    ("bridge*", T::CivilianTransport, CL),
    ("залізничн*", T::CivilianTransport, CL),
    ("залізниц*", T::CivilianTransport, CL),
    ("вокзал*", T::CivilianTransport, CL),
    ("міст", T::CivilianTransport, CL),
    ("мост", T::CivilianTransport, CL),
    ("моста", T::CivilianTransport, CL),
    ("железнодорожн*", T::CivilianTransport, CL),
    ("железн* дорог*", T::CivilianTransport, CL),
    ("транспортн* інфраструктур*", T::CivilianTransport, CL),
    ("транспортн* инфраструктур*", T::CivilianTransport, CL),
    ("port", T::CivilianPort, CL),
    ("ports", T::CivilianPort, CL),
    ("seaport*", T::CivilianPort, CL),
    ("port infrastructure", T::CivilianPort, CL),
    ("порт", T::CivilianPort, CL),
    ("порту", T::CivilianPort, CL),
    ("порти", T::CivilianPort, CL),
    ("портів", T::CivilianPort, CL),
    ("портов* інфраструктур*", T::CivilianPort, CL),
    ("портов* инфраструктур*", T::CivilianPort, CL),
    ("морськ* порт*", T::CivilianPort, CL),
    ("морск* порт*", T::CivilianPort, CL),
    // Water, telecom, farming.
    ("water supply", T::CivilianWater, CL),
    ("water treatment*", T::CivilianWater, CL),
    ("водоканал*", T::CivilianWater, CL),
    ("водопостачанн*", T::CivilianWater, CL),
    ("водоснабжени*", T::CivilianWater, CL),
    ("mobile tower*", T::CivilianTelecom, CL),
    ("telecom*", T::CivilianTelecom, CL),
    ("телевеж*", T::CivilianTelecom, CL),
    ("grain*", T::CivilianAgriculture, CL),
    ("зерн*", T::CivilianAgriculture, CL),
    ("елеватор*", T::CivilianAgriculture, CL),
    ("элеватор*", T::CivilianAgriculture, CL),
    // Other civilian.
    ("civilian infrastructure", T::CivilianOther, GE),
    ("critical infrastructure", T::CivilianOther, GE),
    ("infrastructure", T::CivilianOther, GE),
    ("shopping centre*", T::CivilianOther, CL),
    ("shopping center*", T::CivilianOther, CL),
    ("supermarket*", T::CivilianOther, CL),
    ("цивільн* інфраструктур*", T::CivilianOther, GE),
    ("критичн* інфраструктур*", T::CivilianOther, GE),
    ("інфраструктур*", T::CivilianOther, GE),
    ("гражданск* инфраструктур*", T::CivilianOther, GE),
    ("критическ* инфраструктур*", T::CivilianOther, GE),
    ("инфраструктур*", T::CivilianOther, GE),
    ("торговельн* центр*", T::CivilianOther, CL),
    ("торгов* центр*", T::CivilianOther, CL),
    ("супермаркет*", T::CivilianOther, CL),
    ("адміністративн* будівл*", T::CivilianOther, CL),
    ("административн* здани*", T::CivilianOther, CL),
    // Military.
    ("military facilit*", T::Military, CL),
    ("military target*", T::Military, CL),
    ("military infrastructure", T::Military, CL),
    ("airfield*", T::Military, CL),
    ("air base*", T::Military, CL),
    ("airbase*", T::Military, CL),
    ("ammunition depot*", T::Military, CL),
    ("аеродром*", T::Military, CL),
    ("аэродром*", T::Military, CL),
    ("військов* обєкт*", T::Military, CL),
    ("військов* інфраструктур*", T::Military, CL),
    ("склад* боєприпас*", T::Military, CL),
    ("военн* объект*", T::Military, CL),
    ("объект* военн* инфраструктур*", T::Military, CL),
    ("военн* инфраструктур*", T::Military, CL),
    ("склад* боеприпас*", T::Military, CL),
];

use ActCue as A;

const ACTS: &[(&str, ActCue)] = &[
    ("attack*", A::Attack),
    ("struck", A::Attack),
    ("strike", A::Attack),
    ("strikes", A::Attack),
    ("striking", A::Attack),
    ("hit", A::Attack),
    ("hits", A::Attack),
    ("targeted", A::Attack),
    ("bombed", A::Attack),
    ("bombarded", A::Attack),
    ("dropped", A::Attack),
    ("атак*", A::Attack),
    ("атакув*", A::Attack),
    ("удар*", A::Attack),
    ("вдари*", A::Attack),
    ("вдарив", A::Attack),
    ("уражен*", A::Attack),
    ("уразил*", A::Attack),
    ("уразив", A::Attack),
    ("бомбардув*", A::Attack),
    ("скину*", A::Attack),
    ("поражен*", A::Attack),
    ("поразил*", A::Attack),
    ("бомбардир*", A::Attack),
    ("сброси*", A::Attack),
    ("shelled", A::Shelling),
    ("shelling*", A::Shelling),
    ("обстріл*", A::Shelling),
    ("обстрілю*", A::Shelling),
    ("обстрел*", A::Shelling),
    ("обстреля*", A::Shelling),
    ("обстреливал*", A::Shelling),
    ("launched", A::Launch),
    ("launch", A::Launch),
    ("launches", A::Launch),
    ("fired", A::Launch),
    ("запусти*", A::Launch),
    ("запустив", A::Launch),
    ("випусти*", A::Launch),
    ("випустив", A::Launch),
    ("запуск*", A::Launch),
    ("пуск*", A::Launch),
    ("выпусти*", A::Launch),
    ("выпустил*", A::Launch),
    ("применил*", A::Launch),
    ("застосува*", A::Launch),
    ("застосовува*", A::Launch),
    ("shot down", A::Intercept),
    ("downed", A::Intercept),
    ("intercepted", A::Intercept),
    ("destroyed", A::Intercept),
    ("neutralised", A::Intercept),
    ("neutralized", A::Intercept),
    ("suppressed", A::Intercept),
    ("eliminated", A::Intercept),
    ("збито", A::Intercept),
    ("збили", A::Intercept),
    ("збиті", A::Intercept),
    ("збитий", A::Intercept),
    ("збита", A::Intercept),
    ("збив", A::Intercept),
    ("знешкоджен*", A::Intercept),
    ("збиття", A::Intercept),
    ("знищення", A::Intercept),
    ("перехоплення", A::Intercept),
    ("перехват*", A::Intercept),
    ("знешкодил*", A::Intercept),
    ("знищен*", A::Intercept),
    ("знищил*", A::Intercept),
    ("подавлен*", A::Intercept),
    ("перехоплен*", A::Intercept),
    ("сбит*", A::Intercept),
    ("сбил*", A::Intercept),
    ("уничтож*", A::Intercept),
    ("перехвач*", A::Intercept),
    ("нейтрализ*", A::Intercept),
    ("damaged", A::Damage),
    ("damage", A::Damage),
    ("caught fire", A::Damage),
    ("fire", A::Damage),
    ("fires", A::Damage),
    ("blaze", A::Damage),
    ("debris", A::Damage),
    ("explosion*", A::Damage),
    ("impact*", A::Damage),
    ("пошкоджен*", A::Damage),
    ("пошкодж*", A::Damage),
    ("пошкоди*", A::Damage),
    ("зруйнован*", A::Damage),
    ("зруйнува*", A::Damage),
    ("руйнуван*", A::Damage),
    ("пожеж*", A::Damage),
    ("загоран*", A::Damage),
    ("уламк*", A::Damage),
    ("вибух*", A::Damage),
    ("влучан*", A::Damage),
    ("влучил*", A::Damage),
    ("влучив", A::Damage),
    ("постраждал*", A::Damage),
    ("поврежд*", A::Damage),
    ("пострадал*", A::Damage),
    ("разрушен*", A::Damage),
    ("разрушил*", A::Damage),
    ("пожар*", A::Damage),
    ("возгоран*", A::Damage),
    ("загорел*", A::Damage),
    ("загорі*", A::Damage),
    ("обломк*", A::Damage),
    ("взрыв*", A::Damage),
    ("попадан*", A::Damage),
];

use Role::{Adjective as Adj, Agent, Name};
use Side::{Russia as RU, Ukraine as UA};

/// Parties: (phrase, side, role, the side whose speakers use it).
const PARTIES: &[(&str, Side, Role, Option<Side>)] = &[
    ("russia", RU, Name, None),
    ("russian federation", RU, Name, None),
    ("the russian federation", RU, Name, None),
    ("russian forces", RU, Name, None),
    ("russian troops", RU, Name, None),
    ("russian army", RU, Name, None),
    ("russian military", RU, Name, None),
    ("russian armed forces", RU, Name, None),
    ("russian occupiers", RU, Agent, Some(UA)),
    ("occupiers", RU, Agent, Some(UA)),
    ("occupying forces", RU, Agent, Some(UA)),
    ("russian", RU, Adj, None),
    ("рф", RU, Name, None),
    ("зс рф", RU, Name, None),
    ("вс рф", RU, Name, None),
    ("росія", RU, Name, None),
    ("росії", RU, Name, None),
    ("росією", RU, Name, None),
    ("россия", RU, Name, None),
    ("россии", RU, Name, None),
    ("российская федерация", RU, Name, None),
    ("російськ* військ*", RU, Name, None),
    ("російськ* армі*", RU, Name, None),
    ("російськ* військов*", RU, Name, None),
    ("російськ* окупант*", RU, Agent, Some(UA)),
    ("російськ* терорист*", RU, Agent, Some(UA)),
    ("росіян*", RU, Name, Some(UA)),
    ("окупант*", RU, Agent, Some(UA)),
    ("окупаційн* військ*", RU, Agent, Some(UA)),
    ("рашист*", RU, Agent, Some(UA)),
    ("агресор*", RU, Agent, Some(UA)),
    ("країна-агресор*", RU, Agent, Some(UA)),
    ("загарбник*", RU, Agent, Some(UA)),
    ("російськ*", RU, Adj, None),
    ("вооруженн* сил* российск* федераци*", RU, Name, None),
    ("вооруженн* сил* рф", RU, Name, None),
    ("российск* войск*", RU, Name, None),
    ("российск* арми*", RU, Name, None),
    ("российск* военн*", RU, Name, None),
    ("российск*", RU, Adj, None),
    ("ukraine", UA, Name, None),
    ("ukrainian forces", UA, Name, None),
    ("ukrainian troops", UA, Name, None),
    ("ukrainian army", UA, Name, None),
    ("ukrainian military", UA, Name, None),
    ("ukrainian armed forces", UA, Name, None),
    ("armed forces of ukraine", UA, Name, None),
    ("ukrainian defence forces", UA, Name, None),
    ("ukrainian defense forces", UA, Name, None),
    ("defence forces of ukraine", UA, Name, None),
    ("ukraine defence forces", UA, Name, None),
    ("ukraine defense forces", UA, Name, None),
    ("afu", UA, Name, None),
    ("kyiv regime", UA, Agent, Some(RU)),
    ("kiev regime", UA, Agent, Some(RU)),
    ("the kyiv regime", UA, Agent, Some(RU)),
    ("the kiev regime", UA, Agent, Some(RU)),
    ("ukrainian militants", UA, Agent, Some(RU)),
    ("ukrainian", UA, Adj, None),
    ("україна", UA, Name, None),
    ("україни", UA, Name, None),
    ("україною", UA, Name, None),
    ("зсу", UA, Name, None),
    ("сили оборони", UA, Name, Some(UA)),
    ("сил оборони", UA, Name, Some(UA)),
    ("силами оборони", UA, Name, Some(UA)),
    ("силам оборони", UA, Name, Some(UA)),
    ("українськ* військ*", UA, Name, None),
    ("українськ* військов*", UA, Name, None),
    ("українськ*", UA, Adj, None),
    ("украина", UA, Name, None),
    ("украины", UA, Name, None),
    ("украиной", UA, Name, None),
    ("всу", UA, Name, Some(RU)),
    ("украинск* войск*", UA, Name, None),
    ("украинск* военн*", UA, Name, None),
    ("украинск* формировани*", UA, Agent, Some(RU)),
    ("украинск* боевик*", UA, Agent, Some(RU)),
    ("боевик*", UA, Agent, Some(RU)),
    ("боевик* всу", UA, Agent, Some(RU)),
    ("киевск* режим*", UA, Agent, Some(RU)),
    ("неонацист*", UA, Agent, Some(RU)),
    ("украинск* неонацист*", UA, Agent, Some(RU)),
    ("украинск*", UA, Adj, None),
];

const ENEMY: &[(&str, Option<Side>)] = &[
    ("enemy", None),
    ("enemys", None),
    ("the enemy", None),
    ("adversary", None),
    ("ворог*", Some(UA)),
    ("ворож*", Some(UA)),
    ("супротивник*", Some(UA)),
    ("противник*", None),
    ("неприятел*", None),
    ("враг*", Some(UA)),
    ("вражеск*", Some(UA)),
];

/// The speaker naming itself.
const SPEAKERS: &[(&str, Side)] = &[
    ("повітрян* сил*", UA),
    ("повітрян* сил* зсу", UA),
    ("командуван* повітрян* сил*", UA),
    ("генеральн* штаб* зсу", UA),
    ("генштаб* зсу", UA),
    ("міністерств* оборони україни", UA),
    ("міноборони україни", UA),
    ("міноборони", UA),
    ("міноборони росії", RU),
    ("міноборони рф", RU),
    ("міністерств* оборони росії", RU),
    ("обласн* військов* адміністраці*", UA),
    ("міськ* військов* адміністраці*", UA),
    ("ова", UA),
    ("дснс", UA),
    ("ukrainian air force", UA),
    ("air force of ukraine", UA),
    ("ukraine air force", UA),
    ("air force of the armed forces of ukraine", UA),
    ("ukrainian ministry of defence", UA),
    ("ukrainian ministry of defense", UA),
    ("ministry of defence of ukraine", UA),
    ("general staff of the armed forces of ukraine", UA),
    ("ukrainian general staff", UA),
    ("regional military administration", UA),
    ("министерств* оборон* российск* федераци*", RU),
    ("минобороны росси*", RU),
    ("минобороны рф", RU),
    ("мо рф", RU),
    ("russian ministry of defence", RU),
    ("russian ministry of defense", RU),
    ("russian defence ministry", RU),
    ("russian defense ministry", RU),
    ("ministry of defence of the russian federation", RU),
    ("ministry of defense of the russian federation", RU),
];

const FORCES: &[&str] = &[
    "forces",
    "troops",
    "military",
    "army",
    "units",
    "військ*",
    "армі*",
    "підрозділ*",
    "войск*",
    "арми*",
    "подразделени*",
    "формировани*",
    "side",
    "сторона",
    "сторон*",
];

const DENY: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "rejects",
    "refute*",
    "false",
    "fake*",
    "not true",
    "disinformation",
    "фейк*",
    "заперечу*",
    "заперечи*",
    "спростову*",
    "спростува*",
    "неправд*",
    "брехн*",
    "провокаці*",
    "інсцен*",
    "дезінформаці*",
    "опроверг*",
    "отрица*",
    "ложн*",
    "ложь",
    "провокаци*",
    "инсцен*",
    "дезинформаци*",
];

const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "didnt",
    "no",
    "without",
    "не",
    "ні",
    "ни",
    "нет",
    "немає",
    "нема",
    "без",
];

const ORIGINS: &[&str] = &[
    "from the direction of",
    "from the area of",
    "launched from",
    "з напрямку",
    "з напрямків",
    "з району",
    "з території",
    "з акваторії",
    "с направления",
    "с направлений",
    "из района",
    "с территории",
    "из акватории",
];

const NEAR: &[&str] = &[
    "near",
    "outside",
    "outskirts of",
    "on the outskirts of",
    "поблизу",
    "біля",
    "неподалік",
    "під",
    "на околиц*",
    "околиц*",
    "около",
    "вблизи",
    "возле",
    "под",
    "неподалеку от",
    "в окрестностях",
    "на окраин*",
    "в районе",
    "в районі",
    "у районі",
    "in the area of",
    "in the vicinity of",
];

const AS_OF: &[&str] = &[
    "as of",
    "станом на",
    "по стану на",
    "по состоянию на",
    "на момент",
];

const PEOPLE: &[&str] = &[
    "people",
    "person*",
    "civilian*",
    "children",
    "killed",
    "injured",
    "wounded",
    "dead",
    "людин*",
    "люди",
    "людей",
    "осіб",
    "особ*",
    "поранен*",
    "загибл*",
    "загину*",
    "діт*",
    "дитин*",
    "цивільн*",
    "человек*",
    "ранен*",
    "погиб*",
    "пострадавш*",
    "дет*",
    "ребен*",
    "мирн* жител*",
    "жител*",
    "мешкан*",
];

/// Months in every case a date or a month alone is written in.
const MONTHS: &[(&[&str], &[&str])] = &[
    (
        &["january", "jan", "січня", "января"],
        &["січень", "січні", "январь", "январе"],
    ),
    (
        &["february", "feb", "лютого", "февраля"],
        &["лютий", "лютому", "февраль", "феврале"],
    ),
    (
        &["march", "mar", "березня", "марта"],
        &["березень", "березні", "март", "марте"],
    ),
    (
        &["april", "apr", "квітня", "апреля"],
        &["квітень", "квітні", "апрель", "апреле"],
    ),
    (
        &["may", "травня", "мая"],
        &["травень", "травні", "май", "мае"],
    ),
    (
        &["june", "jun", "червня", "июня"],
        &["червень", "червні", "июнь", "июне"],
    ),
    (
        &["july", "jul", "липня", "июля"],
        &["липень", "липні", "июль", "июле"],
    ),
    (
        &["august", "aug", "серпня", "августа"],
        &["серпень", "серпні", "август", "августе"],
    ),
    (
        &["september", "sep", "sept", "вересня", "сентября"],
        &["вересень", "вересні", "сентябрь", "сентябре"],
    ),
    (
        &["october", "oct", "жовтня", "октября"],
        &["жовтень", "жовтні", "октябрь", "октябре"],
    ),
    (
        &["november", "nov", "листопада", "ноября"],
        &["листопад", "листопаді", "ноябрь", "ноябре"],
    ),
    (
        &["december", "dec", "грудня", "декабря"],
        &["грудень", "грудні", "декабрь", "декабре"],
    ),
];

/// Monday first.
const WEEKDAYS: &[&[&str]] = &[
    &["monday", "понеділок", "понеділка", "понедельник"],
    &["tuesday", "вівторок", "вівторка", "вторник"],
    &["wednesday", "середу", "середа", "среду", "среда"],
    &["thursday", "четвер", "четверга", "четверг"],
    &["friday", "пятницю", "пятниця", "пятницу", "пятница"],
    &["saturday", "суботу", "субота", "субботу", "суббота"],
    &["sunday", "неділю", "неділя", "воскресенье"],
];

const DAYS: &[(&str, RelDay)] = &[
    ("today", RelDay::Today),
    ("сьогодні", RelDay::Today),
    ("сегодня", RelDay::Today),
    ("yesterday", RelDay::Yesterday),
    ("вчора", RelDay::Yesterday),
    ("учора", RelDay::Yesterday),
    ("вчера", RelDay::Yesterday),
    ("the day before yesterday", RelDay::DayBefore),
    ("позавчора", RelDay::DayBefore),
    ("позавчера", RelDay::DayBefore),
];

const PARTS: &[(&str, Part)] = &[
    ("overnight", Part::Night),
    ("last night", Part::Night),
    ("during the night", Part::Night),
    ("at night", Part::Night),
    ("night", Part::Night),
    ("вночі", Part::Night),
    ("уночі", Part::Night),
    ("цієї ночі", Part::Night),
    ("минулої ночі", Part::Night),
    ("протягом ночі", Part::Night),
    ("ночью", Part::Night),
    ("этой ночью", Part::Night),
    ("прошлой ночью", Part::Night),
    ("в течение ночи", Part::Night),
    ("нічн*", Part::Night),
    ("ночн*", Part::Night),
    ("during the day", Part::Afternoon),
    ("протягом дня", Part::Afternoon),
    ("в течение дня", Part::Afternoon),
    ("morning", Part::Morning),
    ("this morning", Part::Morning),
    ("in the morning", Part::Morning),
    ("вранці", Part::Morning),
    ("зранку", Part::Morning),
    ("уранці", Part::Morning),
    ("утром", Part::Morning),
    ("afternoon", Part::Afternoon),
    ("this afternoon", Part::Afternoon),
    ("in the afternoon", Part::Afternoon),
    ("вдень", Part::Afternoon),
    ("удень", Part::Afternoon),
    ("днем", Part::Afternoon),
    ("evening", Part::Evening),
    ("this evening", Part::Evening),
    ("in the evening", Part::Evening),
    ("ввечері", Part::Evening),
    ("увечері", Part::Evening),
    ("вечером", Part::Evening),
];

const NIGHT_OF: &[&str] = &[
    "у ніч на",
    "в ніч на",
    "у ніч з",
    "в ніч з",
    "в ночь на",
    "в ночь с",
    "on the night of",
    "the night of",
    "night of",
    "overnight into",
    "overnight on",
];

const PAST_DAY: &[&str] = &[
    "over the past day",
    "over the past 24 hours",
    "in the past 24 hours",
    "over the last day",
    "over the last 24 hours",
    "за минулу добу",
    "за добу",
    "протягом доби",
    "за минувшие сутки",
    "за прошедшие сутки",
    "за сутки",
    "в течение суток",
];

const OF: &[&str] = &["of", "з", "із", "зі", "из"];

/// One word of a phrase.
#[derive(Debug, Clone, Copy)]
struct Pat {
    stem: &'static str,
    prefix: bool,
}

impl Pat {
    fn matches(self, word: &str) -> bool {
        if self.prefix {
            word.starts_with(self.stem)
        } else {
            word == self.stem
        }
    }
}

struct Entry {
    words: Vec<Pat>,
    /// Letters in the stems: the tie-break between phrases of as many words.
    weight: usize,
    cue: Cue,
}

/// Every phrase, indexed by the first two characters of its first word.
pub struct Lexicon {
    entries: Vec<Entry>,
    buckets: HashMap<(char, char), Vec<u32>>,
}

/// A phrase found in the text: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

fn key(word: &str) -> Option<(char, char)> {
    let mut c = word.chars();
    Some((c.next()?, c.next().unwrap_or(' ')))
}

impl Lexicon {
    /// The lexicon, built on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let mut all: Vec<(&'static str, Cue)> = Vec::with_capacity(1200);
        all.extend(MEANS.iter().map(|&(p, m, s)| (p, Cue::Means(m, s))));
        all.extend(TARGETS.iter().map(|&(p, t, s)| (p, Cue::Target(t, s))));
        all.extend(ACTS.iter().map(|&(p, a)| (p, Cue::Act(a))));
        all.extend(PARTIES.iter().map(|&(p, s, r, u)| (p, Cue::Party(s, r, u))));
        all.extend(ENEMY.iter().map(|&(p, u)| (p, Cue::Enemy(u))));
        all.extend(SPEAKERS.iter().map(|&(p, s)| (p, Cue::Speaker(s))));
        all.extend(FORCES.iter().map(|&p| (p, Cue::Forces)));
        all.extend(DENY.iter().map(|&p| (p, Cue::Deny)));
        all.extend(NEGATIONS.iter().map(|&p| (p, Cue::Negation)));
        all.extend(ORIGINS.iter().map(|&p| (p, Cue::Origin)));
        all.extend(NEAR.iter().map(|&p| (p, Cue::Near)));
        all.extend(AS_OF.iter().map(|&p| (p, Cue::AsOf)));
        all.extend(PEOPLE.iter().map(|&p| (p, Cue::People)));
        for (m, (dated, alone)) in MONTHS.iter().enumerate() {
            let m = m as u8 + 1;
            all.extend(dated.iter().map(|&p| (p, Cue::Month(m))));
            all.extend(alone.iter().map(|&p| (p, Cue::MonthAlone(m))));
        }
        for (d, names) in WEEKDAYS.iter().enumerate() {
            all.extend(names.iter().map(|&p| (p, Cue::Weekday(d as u8))));
        }
        all.extend(DAYS.iter().map(|&(p, d)| (p, Cue::Day(d))));
        all.extend(PARTS.iter().map(|&(p, d)| (p, Cue::Part(d))));
        all.extend(NIGHT_OF.iter().map(|&p| (p, Cue::NightOf)));
        all.extend(PAST_DAY.iter().map(|&p| (p, Cue::PastDay)));
        all.extend(OF.iter().map(|&p| (p, Cue::Of)));

        let mut entries = Vec::with_capacity(all.len());
        let mut buckets: HashMap<(char, char), Vec<u32>> = HashMap::new();
        for (phrase, cue) in all {
            let words: Vec<Pat> = phrase
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| match w.strip_suffix('*') {
                    Some(stem) => Pat { stem, prefix: true },
                    None => Pat {
                        stem: w,
                        prefix: false,
                    },
                })
                .collect();
            let Some(k) = words.first().and_then(|w| key(w.stem)) else {
                continue;
            };
            let weight = words.iter().map(|w| w.stem.len()).sum();
            buckets.entry(k).or_default().push(entries.len() as u32);
            entries.push(Entry { words, weight, cue });
        }
        Lexicon { entries, buckets }
    }

    /// Every phrase in the text, longest first at each token, none
    /// overlapping another. Only word tokens (and numbers inside a name
    /// such as "с-300") start or continue a phrase.
    pub fn scan(&self, t: &Tokens) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(t.len() / 3);
        let mut i = 0;
        while i < t.len() {
            match self.longest_at(t, i) {
                Some((end, cue)) => {
                    hits.push(Hit { start: i, end, cue });
                    i = end;
                }
                None => i += 1,
            }
        }
        hits
    }

    fn longest_at(&self, t: &Tokens, i: usize) -> Option<(usize, Cue)> {
        if !t.is_word(i) {
            return None;
        }
        let word = t.norm(i);
        let bucket = self.buckets.get(&key(word)?)?;
        let mut best: Option<(usize, usize, Cue)> = None;
        for &e in bucket {
            let entry = &self.entries[e as usize];
            let n = entry.words.len();
            if i + n > t.len() {
                continue;
            }
            let fits = entry.words.iter().enumerate().all(|(k, p)| {
                let tok = &t.list[i + k];
                matches!(tok.kind, Kind::Word | Kind::Number)
                    && (k == 0 || !tok.line_before)
                    && p.matches(t.norm(i + k))
            });
            if fits && best.is_none_or(|(bn, bw, _)| (n, entry.weight) > (bn, bw)) {
                best = Some((n, entry.weight, entry.cue));
            }
        }
        best.map(|(n, _, cue)| (i + n, cue))
    }
}

/// Every weapon name the lexicon knows, with its class, for checking the
/// lexicon against the vocabulary's model names.
#[cfg(test)]
pub fn weapon_models() -> impl Iterator<Item = (&'static str, Means)> {
    MEANS
        .iter()
        .filter(|(_, _, s)| *s == Spec::Model)
        .map(|&(p, m, _)| (p.trim_end_matches('*'), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<(String, Cue)> {
        let t = Tokens::new(text);
        Lexicon::get()
            .scan(&t)
            .into_iter()
            .map(|h| {
                let (a, b) = t.bytes(h.start, h.end);
                (text[a..b].to_string(), h.cue)
            })
            .collect()
    }

    #[test]
    fn longest_phrase_wins() {
        let c = cues("Збито 56 ударних БпЛА типу Shahed, удар по підстанції");
        assert_eq!(
            c,
            vec![
                ("Збито".into(), Cue::Act(ActCue::Intercept)),
                (
                    "ударних БпЛА".into(),
                    Cue::Means(Means::DroneLongRange, Spec::Class)
                ),
                (
                    "Shahed".into(),
                    Cue::Means(Means::DroneLongRange, Spec::Model)
                ),
                ("удар".into(), Cue::Act(ActCue::Attack)),
                (
                    "підстанції".into(),
                    Cue::Target(TargetClass::EnergySubstation, Spec::Class)
                ),
            ]
        );
    }

    #[test]
    fn short_stems_do_not_swallow_other_words() {
        assert!(cues("Кабінет міністрів").is_empty());
        assert!(cues("gradually, the fabric").is_empty());
        assert_eq!(
            cues("КАБ-500"),
            vec![("КАБ-500".into(), Cue::Means(Means::BombGuided, Spec::Model))]
        );
    }

    #[test]
    fn the_lexicon_agrees_with_the_vocabulary_on_weapon_models() {
        // Where the vocabulary knows a model name too, both must give it the
        // same class: one source of truth for what a Shahed is.
        let mut checked = 0;
        for (name, class) in weapon_models() {
            if let Ok(v) = Means::parse_or_model(name) {
                assert_eq!(v, class, "{name}");
                checked += 1;
            }
        }
        assert!(checked > 30, "only {checked} names checked");
    }
}
