//! Synthetic report streams of any size, in the canonical CSV format, for load
//! tests, benchmarks and the demo's background traffic.
//!
//! The model is events → reports. Events are drawn from a weighted mix of what a
//! day of this war is made of: Shahed waves and missile strikes on Ukrainian
//! cities and energy, shelling and FPV strikes along the front line, Ukrainian
//! long-range drone strikes on Russian refineries and oil depots, Black Sea
//! operations, launches and interceptions. Each event is then reported by one to
//! four distinct sources, each in its own language and with its own small
//! differences of time, place, precision and wording, as real reports of one
//! event differ. Places are real towns; the events are invented.
//!
//! Everything is drawn from one seeded generator: a seed always gives the same
//! bytes.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::f64::consts::TAU;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::LazyLock;

/// The canonical CSV header, in order, without the `signature` column:
/// generated and demo rows are unsigned.
pub const HEADER: &[&str] = truce_model::fields::NAMES.as_slice().split_at(22).0;

// Column positions in `HEADER`, so that filling a row reads like the header.
const C_SOURCE: usize = 0;
const C_EXTERNAL_ID: usize = 1;
const C_REPORTED_AT: usize = 2;
const C_OCCURRED_AT: usize = 3;
const C_TIME_PRECISION: usize = 4;
const C_LATITUDE: usize = 5;
const C_LONGITUDE: usize = 6;
const C_PLACE: usize = 7;
const C_GEO_PRECISION: usize = 8;
const C_ACT: usize = 9;
const C_MEANS: usize = 10;
const C_TARGET_CLASS: usize = 11;
const C_TARGET_NAME: usize = 12;
const C_PERPETRATOR: usize = 13;
const C_CLAIMANT: usize = 14;
const C_STANCE: usize = 15;
const C_RELIABILITY: usize = 16;
const C_CREDIBILITY: usize = 17;
const C_KILLED: usize = 18;
const C_INJURED: usize = 19;
const C_TEXT: usize = 20;
const C_URL: usize = 21;

/// One CSV record, its fields in `HEADER` order. The buffers are reused from
/// row to row, so that generation hardly allocates.
pub(crate) type Row = [String; 22];

/// Every generated point lies in this box (Ukraine, western Russia and the
/// northern Black Sea), so a plotted file never shows a stray point.
pub(crate) const LAT_RANGE: (f64, f64) = (44.0, 53.0);
pub(crate) const LON_RANGE: (f64, f64) = (22.0, 42.0);

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    /// Number of reports (data rows) to write, exactly.
    pub reports: usize,
    /// The same seed always gives the same file.
    pub seed: u64,
    /// The first day, `YYYY-MM-DD`, a calendar day in Kyiv.
    pub start: String,
    /// How many days the reports are spread over.
    pub days: u32,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            reports: 10_000,
            seed: 1,
            start: "2025-03-01".into(),
            days: 75,
        }
    }
}

impl GenOptions {
    /// Checks the options, so that a caller can refuse them before it
    /// creates anything; returns the first day's number.
    pub fn check(&self) -> io::Result<i64> {
        let first_day = parse_day(&self.start)?;
        if self.days == 0 && self.reports > 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "reports need at least one day to be spread over",
            ));
        }
        // A report is written within a day or so of its event's day.
        if first_day + i64::from(self.days) + 1 > day_number(Date::MAX) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} days from {} run past 9999-12-31, the last day a report can have",
                    self.days, self.start
                ),
            ));
        }
        Ok(first_day)
    }
}

/// Writes `opts.reports` reports as canonical CSV (header first) to `out`,
/// calling `progress` with the number of rows written after every 10,000 rows.
pub fn generate<W: Write>(
    opts: &GenOptions,
    out: W,
    progress: &mut dyn FnMut(usize),
) -> io::Result<()> {
    let first_day = opts.check()?;
    let mut wtr = csv::Writer::from_writer(out);
    wtr.write_record(HEADER)?;
    let mut g = Gen::new(
        opts.seed,
        Style {
            id_prefix: format!("gen-{}", opts.seed),
            label: false,
            coarse_times: true,
            gazetteer_only: false,
        },
    );
    let quotas = day_quotas(&mut g.rng, opts.reports, opts.days);
    let mut written = 0usize;
    let mut sink = |row: &Row| -> io::Result<()> {
        wtr.write_record(row.iter())?;
        written += 1;
        if written.is_multiple_of(10_000) {
            progress(written);
        }
        Ok(())
    };
    for (d, &quota) in quotas.iter().enumerate() {
        let day = first_day + d as i64;
        let mut left = quota;
        while left > 0 {
            let ev = g.draw_event(day);
            left -= g.emit(&ev, left, &mut sink)?;
        }
    }
    wtr.flush()
}

/// Day number (days since 1970-01-01) of a `YYYY-MM-DD` date.
fn parse_day(s: &str) -> io::Result<i64> {
    let d: Date = s.trim().parse().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("start \"{s}\" is not a date such as 2025-03-01: {e}"),
        )
    })?;
    Ok(day_number(d))
}

/// How many reports each day gets: a slow swell and ebb with day-to-day noise
/// and occasional days of mass attacks, rounded so that the total is exact.
fn day_quotas(rng: &mut SmallRng, total: usize, days: u32) -> Vec<usize> {
    let phase = rng.gen_range(0.0..TAU);
    let weights: Vec<f64> = (0..days)
        .map(|d| {
            let swell = 1.0 + 0.25 * (f64::from(d) / 9.0 * TAU + phase).sin();
            let spike = if rng.gen_bool(0.1) { 1.8 } else { 1.0 };
            swell * spike * rng.gen_range(0.85..1.15)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut acc = 0.0;
    let mut done = 0usize;
    let mut quotas = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        let upto = if i + 1 == weights.len() {
            total
        } else {
            ((acc / sum * total as f64).round() as usize).clamp(done, total)
        };
        quotas.push(upto - done);
        done = upto;
    }
    quotas
}

// ---------------------------------------------------------------------------
// Calendar and geometry. Times are kept as seconds since 1970-01-01T00:00Z and
// days as day numbers (days since 1970-01-01), the units the draws are made
// in; jiff does the calendar and Kyiv's clock changes. Every conversion here
// is total, so generation cannot fail once its days are known to be in range.

pub(crate) const DAY: i64 = 86_400;

/// Moscow time: UTC+3 all year.
const MOSCOW: Offset = jiff::tz::offset(3);

/// Kyiv's time zone, from the system's time zone database or the bundled one
/// (always built in), so it is found; the POSIX rule (the EU's, which Ukraine
/// follows) only keeps generation from failing were it not.
fn kyiv() -> &'static TimeZone {
    static KYIV: LazyLock<TimeZone> = LazyLock::new(|| {
        TimeZone::get("Europe/Kyiv")
            .or_else(|_| TimeZone::posix("EET-2EEST,M3.5.0/3,M10.5.0/4"))
            .unwrap_or(TimeZone::fixed(jiff::tz::offset(2)))
    });
    &KYIV
}

/// The day number of a calendar date.
pub(crate) fn day_number(d: Date) -> i64 {
    // Calendar days have no clock changes: every one is 86,400 s long.
    d.duration_since(jiff::civil::date(1970, 1, 1)).as_secs() / DAY
}

/// The instant `t` seconds after 1970-01-01T00:00Z, saturating at jiff's
/// limits (the years -9999 and 9999); `generate` keeps its days well inside.
fn instant(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap_or(if t < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// Kyiv's UTC offset at instant `t`.
pub(crate) fn kyiv_offset(t: i64) -> Offset {
    kyiv().to_offset(instant(t))
}

/// The instant of Kyiv's midnight that starts day number `day`.
pub(crate) fn kyiv_midnight(day: i64) -> i64 {
    let utc = day.saturating_mul(DAY);
    let midnight = Offset::UTC.to_datetime(instant(utc));
    let offset = match kyiv().to_ambiguous_timestamp(midnight).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        // A midnight skipped or repeated by a clock change (Kyiv's clocks
        // change at 03:00 or 04:00) is read as jiff's "compatible" reads it.
        AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
    };
    utc - i64::from(offset.seconds())
}

fn put_time(s: &mut String, t: i64, off: Offset) {
    let local = off.to_datetime(instant(t));
    let secs = off.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    // Writing into a String cannot fail.
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        secs / 3600,
        secs % 3600 / 60
    );
}

fn put_date(s: &mut String, t: i64, off: Offset) {
    let d = off.to_datetime(instant(t)).date();
    let _ = write!(s, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

/// Degrees to four decimals (about 10 m), through integers: float formatting
/// with a precision would be the slowest step of generation.
fn put_degrees(s: &mut String, deg: f64) {
    let units = (deg * 10_000.0).round() as i64;
    let sign = if units < 0 { "-" } else { "" };
    let units = units.abs();
    let _ = write!(s, "{sign}{}.{:04}", units / 10_000, units % 10_000);
}

/// Great-circle distance in kilometres between two (lat, lon) points, as
/// the rest of Truce measures it.
pub(crate) fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    truce_model::LatLon::new(a.0, a.1).distance_km(truce_model::LatLon::new(b.0, b.1))
}

/// The point `km` away from `p` towards `bearing` (radians from north). A flat
/// approximation, good to metres at the tens of kilometres used here.
fn offset_point(p: (f64, f64), km: f64, bearing: f64) -> (f64, f64) {
    let dlat = km * bearing.cos() / 111.2;
    let dlon = km * bearing.sin() / (111.2 * p.0.to_radians().cos());
    (p.0 + dlat, p.1 + dlon)
}

fn in_box(p: (f64, f64)) -> bool {
    (LAT_RANGE.0..=LAT_RANGE.1).contains(&p.0) && (LON_RANGE.0..=LON_RANGE.1).contains(&p.1)
}

// ---------------------------------------------------------------------------
// Places.

/// Which side holds a place, which decides who attacks it and with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    /// Ukrainian-held, away from the front: drones and missiles.
    UaRear,
    /// Ukrainian-held, within artillery, glide bomb and FPV range.
    UaFront,
    /// Held by Russia since 2022 or earlier.
    Occupied,
    /// Russian regions on the border.
    RuBorder,
    /// Russia beyond the border regions: refineries, depots, airfields.
    RuRear,
    Crimea,
    /// Open water. Names are locative phrases ("in the north-western Black Sea").
    Sea,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Town {
    pub latin: &'static str,
    pub uk: &'static str,
    pub ru: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub area: Area,
    /// Oblast or region, for the names of regional authorities.
    pub region: &'static str,
    /// How often it is hit, relative to other places of its area.
    pub weight: f64,
    /// Has a port (so port strikes are drawn only where there is one).
    pub port: bool,
    /// In the small gazetteer's list of towns (with a name no other place of
    /// the list shares), so that a place name alone can be located.
    pub gazetteer: bool,
    /// Within artillery and FPV range of the other side.
    pub shelled: bool,
    /// On the front line, where ground assaults happen.
    pub line: bool,
}

const PORT: u8 = 1;
const GAZ: u8 = 2;
const SHELLED: u8 = 4;
const LINE: u8 = 8;

#[allow(clippy::too_many_arguments)]
const fn town(
    latin: &'static str,
    uk: &'static str,
    ru: &'static str,
    lat: f64,
    lon: f64,
    area: Area,
    region: &'static str,
    weight: f64,
    flags: u8,
) -> Town {
    Town {
        latin,
        uk,
        ru,
        lat,
        lon,
        area,
        region,
        weight,
        port: flags & PORT != 0,
        gazetteer: flags & GAZ != 0,
        shelled: flags & SHELLED != 0,
        line: flags & LINE != 0,
    }
}

use Area::{Crimea, Occupied, RuBorder, RuRear, Sea, UaFront, UaRear};

/// The places events cluster around (coordinates of the town centre, to ~1 km).
/// Bryansk and Engels lie outside the generated box: they serve the demo's
/// hand-written scenarios and name lookups, and generation skips them.
#[rustfmt::skip]
pub(crate) const TOWNS: &[Town] = &[
    // Ukrainian-held rear.
    town("Kyiv", "Київ", "Киев", 50.4501, 30.5234, UaRear, "kyiv", 5.0, GAZ),
    town("Bila Tserkva", "Біла Церква", "Белая Церковь", 49.7968, 30.1311, UaRear, "kyiv", 1.0, GAZ),
    town("Odesa", "Одеса", "Одесса", 46.4825, 30.7233, UaRear, "odesa", 4.0, PORT | GAZ),
    town("Chornomorsk", "Чорноморськ", "Черноморск", 46.3010, 30.6550, UaRear, "odesa", 1.2, PORT | GAZ),
    town("Pivdenne", "Південне", "Южный", 46.6226, 31.1013, UaRear, "odesa", 1.0, PORT),
    town("Izmail", "Ізмаїл", "Измаил", 45.3510, 28.8370, UaRear, "odesa", 1.5, PORT | GAZ),
    town("Dnipro", "Дніпро", "Днепр", 48.4647, 35.0462, UaRear, "dnipro", 3.5, GAZ),
    town("Kryvyi Rih", "Кривий Ріг", "Кривой Рог", 47.9105, 33.3918, UaRear, "dnipro", 2.5, GAZ),
    town("Pavlohrad", "Павлоград", "Павлоград", 48.5330, 35.8700, UaRear, "dnipro", 1.5, GAZ),
    town("Kamianske", "Кам'янське", "Каменское", 48.5120, 34.6030, UaRear, "dnipro", 1.0, 0),
    town("Poltava", "Полтава", "Полтава", 49.5883, 34.5514, UaRear, "poltava", 1.5, GAZ),
    town("Kremenchuk", "Кременчук", "Кременчуг", 49.0670, 33.4200, UaRear, "poltava", 1.5, GAZ),
    town("Chernihiv", "Чернігів", "Чернигов", 51.4982, 31.2893, UaRear, "chernihiv", 1.5, GAZ),
    town("Uman", "Умань", "Умань", 48.7490, 30.2220, UaRear, "cherkasy", 0.8, GAZ),
    town("Cherkasy", "Черкаси", "Черкассы", 49.4444, 32.0598, UaRear, "cherkasy", 1.0, 0),
    town("Kropyvnytskyi", "Кропивницький", "Кропивницкий", 48.5079, 32.2623, UaRear, "kirovohrad", 1.0, 0),
    town("Vinnytsia", "Вінниця", "Винница", 49.2331, 28.4682, UaRear, "vinnytsia", 1.0, 0),
    town("Ladyzhyn", "Ладижин", "Ладыжин", 48.6840, 29.2360, UaRear, "vinnytsia", 0.8, GAZ),
    town("Burshtyn", "Бурштин", "Бурштын", 49.2580, 24.6270, UaRear, "ivano-frankivsk", 0.8, GAZ),
    town("Ivano-Frankivsk", "Івано-Франківськ", "Ивано-Франковск", 48.9226, 24.7111, UaRear, "ivano-frankivsk", 0.6, 0),
    town("Lviv", "Львів", "Львов", 49.8397, 24.0297, UaRear, "lviv", 1.0, 0),
    town("Ternopil", "Тернопіль", "Тернополь", 49.5535, 25.5948, UaRear, "ternopil", 0.5, 0),
    town("Khmelnytskyi", "Хмельницький", "Хмельницкий", 49.4229, 26.9871, UaRear, "khmelnytskyi", 0.7, 0),
    town("Rivne", "Рівне", "Ровно", 50.6199, 26.2516, UaRear, "rivne", 0.5, 0),
    town("Lutsk", "Луцьк", "Луцк", 50.7472, 25.3254, UaRear, "volyn", 0.4, 0),
    town("Zhytomyr", "Житомир", "Житомир", 50.2547, 28.6587, UaRear, "zhytomyr", 0.8, 0),
    town("Mykolaiv", "Миколаїв", "Николаев", 46.9750, 31.9946, UaRear, "mykolaiv", 2.5, PORT | GAZ),
    town("Ochakiv", "Очаків", "Очаков", 46.6128, 31.5481, UaRear, "mykolaiv", 0.7, PORT),
    town("Yuzhnoukrainsk", "Южноукраїнськ", "Южноукраинск", 47.8167, 31.1786, UaRear, "mykolaiv", 0.5, 0),
    town("Konotop", "Конотоп", "Конотоп", 51.2400, 33.2030, UaRear, "sumy", 1.0, GAZ),
    town("Shostka", "Шостка", "Шостка", 51.8660, 33.4800, UaRear, "sumy", 1.0, GAZ),
    // Ukrainian-held, near the front.
    town("Kharkiv", "Харків", "Харьков", 49.9935, 36.2304, UaFront, "kharkiv", 5.0, GAZ),
    town("Chuhuiv", "Чугуїв", "Чугуев", 49.8360, 36.6860, UaFront, "kharkiv", 1.0, SHELLED),
    town("Kupiansk", "Куп'янськ", "Купянск", 49.7100, 37.6160, UaFront, "kharkiv", 2.0, GAZ | SHELLED | LINE),
    town("Izium", "Ізюм", "Изюм", 49.2120, 37.2570, UaFront, "kharkiv", 1.0, 0),
    town("Balakliia", "Балаклія", "Балаклея", 49.4610, 36.8590, UaFront, "kharkiv", 0.8, 0),
    town("Vovchansk", "Вовчанськ", "Волчанск", 50.2900, 36.9410, UaFront, "kharkiv", 1.0, SHELLED | LINE),
    town("Bohodukhiv", "Богодухів", "Богодухов", 50.1650, 35.5270, UaFront, "kharkiv", 0.7, SHELLED),
    town("Sumy", "Суми", "Сумы", 50.9077, 34.7981, UaFront, "sumy", 3.0, GAZ),
    town("Okhtyrka", "Охтирка", "Ахтырка", 50.3100, 34.8990, UaFront, "sumy", 1.0, 0),
    town("Bilopillia", "Білопілля", "Белополье", 51.1500, 34.3130, UaFront, "sumy", 1.0, SHELLED),
    town("Kramatorsk", "Краматорськ", "Краматорск", 48.7390, 37.5840, UaFront, "donetsk", 2.0, GAZ),
    town("Sloviansk", "Слов'янськ", "Славянск", 48.8520, 37.6060, UaFront, "donetsk", 1.8, GAZ),
    town("Kostiantynivka", "Костянтинівка", "Константиновка", 48.5270, 37.7070, UaFront, "donetsk", 2.0, SHELLED | LINE),
    town("Druzhkivka", "Дружківка", "Дружковка", 48.6200, 37.5280, UaFront, "donetsk", 1.0, SHELLED),
    town("Pokrovsk", "Покровськ", "Покровск", 48.2820, 37.1760, UaFront, "donetsk", 2.5, SHELLED | LINE),
    town("Dobropillia", "Добропілля", "Доброполье", 48.4660, 37.0830, UaFront, "donetsk", 1.0, SHELLED | LINE),
    town("Lyman", "Лиман", "Лиман", 48.9880, 37.8020, UaFront, "donetsk", 1.0, SHELLED | LINE),
    town("Chasiv Yar", "Часів Яр", "Часов Яр", 48.5860, 37.8350, UaFront, "donetsk", 1.2, SHELLED | LINE),
    town("Zaporizhzhia", "Запоріжжя", "Запорожье", 47.8388, 35.1396, UaFront, "zaporizhzhia", 3.5, GAZ),
    town("Orikhiv", "Оріхів", "Орехов", 47.5670, 35.7850, UaFront, "zaporizhzhia", 1.2, SHELLED | LINE),
    town("Huliaipole", "Гуляйполе", "Гуляйполе", 47.6640, 36.2560, UaFront, "zaporizhzhia", 1.0, SHELLED | LINE),
    town("Nikopol", "Нікополь", "Никополь", 47.5670, 34.3960, UaFront, "dnipro", 2.5, GAZ | SHELLED),
    town("Kherson", "Херсон", "Херсон", 46.6354, 32.6169, UaFront, "kherson", 3.5, PORT | GAZ | SHELLED),
    town("Beryslav", "Берислав", "Берислав", 46.8410, 33.4260, UaFront, "kherson", 1.0, SHELLED),
    // Occupied.
    town("Enerhodar", "Енергодар", "Энергодар", 47.4989, 34.6560, Occupied, "zaporizhzhia", 1.0, GAZ | SHELLED),
    town("Vasylivka", "Василівка", "Васильевка", 47.4360, 35.2740, Occupied, "zaporizhzhia", 0.8, SHELLED),
    town("Tokmak", "Токмак", "Токмак", 47.2550, 35.7050, Occupied, "zaporizhzhia", 0.8, SHELLED),
    town("Melitopol", "Мелітополь", "Мелитополь", 46.8490, 35.3650, Occupied, "zaporizhzhia", 1.0, 0),
    town("Berdiansk", "Бердянськ", "Бердянск", 46.7560, 36.7840, Occupied, "zaporizhzhia", 0.7, PORT),
    town("Mariupol", "Маріуполь", "Мариуполь", 47.0970, 37.5430, Occupied, "donetsk", 0.7, PORT),
    town("Donetsk", "Донецьк", "Донецк", 48.0150, 37.8020, Occupied, "donetsk", 1.5, SHELLED),
    town("Horlivka", "Горлівка", "Горловка", 48.3360, 38.0530, Occupied, "donetsk", 1.0, SHELLED),
    town("Nova Kakhovka", "Нова Каховка", "Новая Каховка", 46.7550, 33.3480, Occupied, "kherson", 1.0, SHELLED),
    town("Oleshky", "Олешки", "Алешки", 46.6230, 32.7160, Occupied, "kherson", 1.0, SHELLED),
    town("Skadovsk", "Скадовськ", "Скадовск", 46.1160, 32.9110, Occupied, "kherson", 0.5, PORT),
    town("Luhansk", "Луганськ", "Луганск", 48.5740, 39.3070, Occupied, "luhansk", 0.8, 0),
    town("Sievierodonetsk", "Сєвєродонецьк", "Северодонецк", 48.9480, 38.4930, Occupied, "luhansk", 0.6, 0),
    // Russian border regions.
    town("Sudzha", "Суджа", "Суджа", 51.1910, 35.2700, RuBorder, "kursk", 1.0, GAZ | SHELLED),
    town("Kursk", "Курськ", "Курск", 51.7300, 36.1930, RuBorder, "kursk", 2.0, GAZ),
    town("Rylsk", "Рильськ", "Рыльск", 51.5680, 34.6800, RuBorder, "kursk", 0.8, SHELLED),
    town("Kurchatov", "Курчатов", "Курчатов", 51.6600, 35.6570, RuBorder, "kursk", 0.6, 0),
    town("Belgorod", "Бєлгород", "Белгород", 50.5960, 36.5880, RuBorder, "belgorod", 2.5, GAZ | SHELLED),
    town("Shebekino", "Шебекіно", "Шебекино", 50.4080, 36.8880, RuBorder, "belgorod", 1.2, SHELLED),
    town("Valuyki", "Валуйки", "Валуйки", 50.2110, 38.1000, RuBorder, "belgorod", 0.7, SHELLED),
    town("Unecha", "Унеча", "Унеча", 52.8460, 32.6760, RuBorder, "bryansk", 0.6, 0),
    town("Bryansk", "Брянськ", "Брянск", 53.2430, 34.3630, RuBorder, "bryansk", 1.0, GAZ),
    town("Taganrog", "Таганрог", "Таганрог", 47.2362, 38.8969, RuBorder, "rostov", 1.0, PORT | GAZ),
    // Russia beyond the border regions.
    town("Novorossiysk", "Новоросійськ", "Новороссийск", 44.7240, 37.7680, RuRear, "krasnodar", 1.0, PORT | GAZ),
    town("Tuapse", "Туапсе", "Туапсе", 44.0950, 39.0730, RuRear, "krasnodar", 0.8, PORT | GAZ),
    town("Kropotkin", "Кропоткін", "Кропоткин", 45.4370, 40.5760, RuRear, "krasnodar", 0.7, GAZ),
    town("Krasnodar", "Краснодар", "Краснодар", 45.0350, 38.9750, RuRear, "krasnodar", 1.0, GAZ),
    town("Slavyansk-na-Kubani", "Слов'янськ-на-Кубані", "Славянск-на-Кубани", 45.2600, 38.1260, RuRear, "krasnodar", 0.6, 0),
    town("Tikhoretsk", "Тихорецьк", "Тихорецк", 45.8550, 40.1250, RuRear, "krasnodar", 0.5, 0),
    town("Armavir", "Армавір", "Армавир", 44.9980, 41.1290, RuRear, "krasnodar", 0.4, 0),
    town("Rostov-on-Don", "Ростов-на-Дону", "Ростов-на-Дону", 47.2350, 39.7010, RuRear, "rostov", 1.0, 0),
    town("Novoshakhtinsk", "Новошахтинськ", "Новошахтинск", 47.7570, 39.9350, RuRear, "rostov", 0.6, 0),
    town("Millerovo", "Міллерово", "Миллерово", 48.9220, 40.3980, RuRear, "rostov", 0.5, 0),
    town("Voronezh", "Воронеж", "Воронеж", 51.6610, 39.2000, RuRear, "voronezh", 1.0, 0),
    town("Oryol", "Орел", "Орёл", 52.9680, 36.0690, RuRear, "oryol", 0.5, 0),
    town("Lipetsk", "Липецьк", "Липецк", 52.6030, 39.5710, RuRear, "lipetsk", 0.5, 0),
    town("Tambov", "Тамбов", "Тамбов", 52.7210, 41.4520, RuRear, "tambov", 0.4, 0),
    town("Engels", "Енгельс", "Энгельс", 51.4850, 46.1260, RuRear, "saratov", 1.0, GAZ),
    // Crimea.
    town("Sevastopol", "Севастополь", "Севастополь", 44.6160, 33.5250, Crimea, "sevastopol", 1.5, PORT | GAZ),
    town("Kerch", "Керч", "Керчь", 45.3570, 36.4680, Crimea, "crimea", 0.8, PORT | GAZ),
    town("Feodosia", "Феодосія", "Феодосия", 45.0320, 35.3830, Crimea, "crimea", 0.8, PORT | GAZ),
    town("Simferopol", "Сімферополь", "Симферополь", 44.9520, 34.1020, Crimea, "crimea", 0.8, 0),
    town("Dzhankoi", "Джанкой", "Джанкой", 45.7090, 34.3910, Crimea, "crimea", 0.6, 0),
    town("Yevpatoria", "Євпаторія", "Евпатория", 45.1900, 33.3670, Crimea, "crimea", 0.5, PORT),
    // Open sea, at least 25 km from any coast.
    town("north-western Black Sea", "у північно-західній частині Чорного моря", "в северо-западной части Черного моря", 45.1500, 30.9000, Sea, "black-sea", 1.0, 0),
    town("Black Sea west of Crimea", "у Чорному морі на захід від Криму", "в Черном море западнее Крыма", 45.0000, 32.2000, Sea, "black-sea", 1.0, 0),
    town("Black Sea south-west of Sevastopol", "у Чорному морі на південний захід від Севастополя", "в Черном море юго-западнее Севастополя", 44.3500, 33.1000, Sea, "black-sea", 1.0, 0),
    town("Black Sea south of Crimea", "у Чорному морі на південь від Криму", "в Черном море южнее Крыма", 44.3500, 34.6000, Sea, "black-sea", 0.7, 0),
    town("Black Sea south of the Kerch Strait", "у Чорному морі на південь від Керченської протоки", "в Черном море южнее Керченского пролива", 44.5500, 36.4000, Sea, "black-sea", 0.7, 0),
    town("Black Sea off Novorossiysk", "у Чорному морі біля Новоросійська", "в Черном море у Новороссийска", 44.4000, 37.4000, Sea, "black-sea", 1.0, 0),
];

/// The index of the town named `name` in any of its spellings.
pub(crate) fn find_town(name: &str) -> Option<usize> {
    let name = name.trim();
    TOWNS
        .iter()
        .position(|t| t.area != Sea && (t.latin == name || t.uk == name || t.ru == name))
}

// ---------------------------------------------------------------------------
// Weapons and targets.

/// Source languages, also the index into per-language arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En = 0,
    Uk = 1,
    Ru = 2,
}

impl Lang {
    /// What ends every text of the demo data set, so no one takes it for real.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Lang::En => " [illustrative]",
            Lang::Uk => " [ілюстративно]",
            Lang::Ru => " [иллюстративно]",
        }
    }
}

struct Weapon {
    class: &'static str,
    /// The model name as English, Ukrainian and Russian sources write it; empty
    /// where sources of that language name only the class.
    model: [&'static str; 3],
    /// "(an attack) of …": English plural, Ukrainian and Russian genitive plural.
    words: [&'static str; 3],
}

const SHAHED: usize = 0;
const KH101: usize = 1;
const KALIBR: usize = 2;
const ISKANDER: usize = 3;
const KN23: usize = 4;
const KAB: usize = 5;
const ARTILLERY: usize = 6;
const GRAD: usize = 7;
const FPV: usize = 8;
const LANCET: usize = 9;
const UA_DRONE: usize = 10;
const HIMARS: usize = 11;
const NEPTUNE: usize = 12;
const MAGURA: usize = 13;
const SEA_BABY: usize = 14;
const SMALL_ARMS: usize = 15;
const EXPLOSIVE: usize = 16;

const WEAPONS: [Weapon; 17] = [
    Weapon {
        class: "drone.long-range",
        model: ["Shahed-136", "Шахед", "Герань-2"],
        words: [
            "Shahed-type drones",
            "ударних БпЛА типу «Шахед»",
            "ударных БПЛА «Герань-2»",
        ],
    },
    Weapon {
        class: "missile.cruise",
        model: ["Kh-101", "Х-101", "Х-101"],
        words: [
            "Kh-101 cruise missiles",
            "крилатих ракет Х-101",
            "крылатых ракет Х-101",
        ],
    },
    Weapon {
        class: "missile.cruise",
        model: ["Kalibr", "Калібр", "Калибр"],
        words: [
            "Kalibr cruise missiles",
            "крилатих ракет «Калібр»",
            "крылатых ракет «Калибр»",
        ],
    },
    Weapon {
        class: "missile.ballistic",
        model: ["Iskander-M", "Іскандер-М", "Искандер"],
        words: [
            "Iskander-M ballistic missiles",
            "балістичних ракет «Іскандер-М»",
            "баллистических ракет «Искандер-М»",
        ],
    },
    Weapon {
        class: "missile.ballistic",
        model: ["KN-23", "KN-23", "KN-23"],
        words: [
            "KN-23 ballistic missiles",
            "балістичних ракет KN-23",
            "баллистических ракет KN-23",
        ],
    },
    Weapon {
        class: "bomb.guided",
        model: ["KAB", "КАБ", "КАБ"],
        words: [
            "KAB glide bombs",
            "керованих авіабомб",
            "управляемых авиабомб",
        ],
    },
    Weapon {
        class: "artillery",
        model: ["", "артилерія", "артиллерия"],
        words: ["artillery", "артилерії", "артиллерии"],
    },
    Weapon {
        class: "rocket.mlrs",
        model: ["Grad", "Град", "Град"],
        words: ["Grad rockets", "РСЗВ «Град»", "РСЗО «Град»"],
    },
    Weapon {
        class: "drone.tactical",
        model: ["FPV", "FPV", "FPV"],
        words: ["FPV drones", "FPV-дронів", "FPV-дронов"],
    },
    Weapon {
        class: "drone.tactical",
        model: ["Lancet", "Ланцет", "Ланцет"],
        words: [
            "Lancet loitering munitions",
            "барражуючих боєприпасів «Ланцет»",
            "барражирующих боеприпасов «Ланцет»",
        ],
    },
    Weapon {
        class: "drone.long-range",
        model: ["Liutyi", "Лютий", ""],
        words: [
            "long-range drones",
            "далекобійних дронів",
            "беспилотных летательных аппаратов самолетного типа",
        ],
    },
    Weapon {
        class: "rocket.mlrs",
        model: ["HIMARS", "HIMARS", "HIMARS"],
        words: ["HIMARS rockets", "РСЗВ HIMARS", "РСЗО HIMARS"],
    },
    Weapon {
        class: "missile.cruise",
        model: ["Neptune", "Нептун", "Нептун"],
        words: ["Neptune missiles", "ракет «Нептун»", "ракет «Нептун»"],
    },
    Weapon {
        class: "drone.naval",
        model: ["Magura V5", "Magura V5", ""],
        words: [
            "Magura V5 naval drones",
            "морських дронів Magura V5",
            "безэкипажных катеров",
        ],
    },
    Weapon {
        class: "drone.naval",
        model: ["Sea Baby", "Sea Baby", ""],
        words: [
            "Sea Baby naval drones",
            "морських дронів Sea Baby",
            "безэкипажных катеров",
        ],
    },
    Weapon {
        class: "small-arms",
        model: ["", "", ""],
        words: ["small arms", "стрілецької зброї", "стрелкового оружия"],
    },
    Weapon {
        class: "explosive",
        model: ["", "", ""],
        words: ["explosives", "вибухівки", "взрывчатки"],
    },
];

struct Target {
    class: &'static str,
    /// The noun of `target_name` ("Kharkiv substation"); empty: no name given.
    name: &'static str,
    /// The object of a verb: English with its article, Ukrainian and Russian
    /// accusative.
    words: [&'static str; 3],
}

const T_SUBSTATION: usize = 0;
const T_POWER_PLANT: usize = 1;
const T_LINE: usize = 2;
const T_HEATING: usize = 3;
const T_GAS: usize = 4;
const T_REFINERY: usize = 5;
const T_OIL_DEPOT: usize = 6;
const T_OIL_PUMPING: usize = 7;
const T_HOUSING: usize = 8;
const T_HOUSES: usize = 9;
const T_HOSPITAL: usize = 10;
const T_SCHOOL: usize = 11;
const T_RAIL: usize = 12;
const T_PORT: usize = 13;
const T_GRAIN: usize = 14;
const T_SHOP: usize = 15;
const T_MILITARY: usize = 16;
const T_WARSHIP: usize = 17;
const T_CARGO: usize = 18;
const T_UNKNOWN: usize = 19;

const TARGETS: [Target; 20] = [
    Target {
        class: "energy.substation",
        name: "substation",
        words: ["a substation", "підстанцію", "подстанцию"],
    },
    Target {
        class: "energy.power-plant",
        name: "power plant",
        words: ["a thermal power plant", "ТЕС", "ТЭС"],
    },
    Target {
        class: "energy.transmission-line",
        name: "power line",
        words: ["a power line", "лінію електропередачі", "ЛЭП"],
    },
    Target {
        class: "energy.heating",
        name: "boiler house",
        words: ["a boiler house", "котельню", "котельную"],
    },
    Target {
        class: "energy.gas-pipeline",
        name: "gas pipeline",
        words: [
            "gas transmission infrastructure",
            "газотранспортну інфраструктуру",
            "газотранспортную инфраструктуру",
        ],
    },
    Target {
        class: "energy.oil-refinery",
        name: "oil refinery",
        words: ["an oil refinery", "НПЗ", "НПЗ"],
    },
    Target {
        class: "energy.oil-storage",
        name: "oil depot",
        words: ["an oil depot", "нафтобазу", "нефтебазу"],
    },
    Target {
        class: "energy.oil-pumping",
        name: "oil pumping station",
        words: [
            "an oil pumping station",
            "нафтоперекачувальну станцію",
            "нефтеперекачивающую станцию",
        ],
    },
    Target {
        class: "civilian.residential",
        name: "apartment block",
        words: [
            "an apartment block",
            "багатоповерховий житловий будинок",
            "многоквартирный жилой дом",
        ],
    },
    Target {
        class: "civilian.residential",
        name: "private houses",
        words: ["private houses", "приватні будинки", "частные дома"],
    },
    Target {
        class: "civilian.medical",
        name: "hospital",
        words: ["a hospital", "лікарню", "больницу"],
    },
    Target {
        class: "civilian.education",
        name: "school",
        words: ["a school", "школу", "школу"],
    },
    Target {
        class: "civilian.transport",
        name: "railway station",
        words: [
            "railway infrastructure",
            "залізничну інфраструктуру",
            "железнодорожную инфраструктуру",
        ],
    },
    Target {
        class: "civilian.port",
        name: "port",
        words: [
            "port infrastructure",
            "портову інфраструктуру",
            "портовую инфраструктуру",
        ],
    },
    Target {
        class: "civilian.agriculture",
        name: "grain warehouse",
        words: ["a grain warehouse", "зерносховище", "зернохранилище"],
    },
    Target {
        class: "civilian.other",
        name: "shopping centre",
        words: ["a shopping centre", "торговельний центр", "торговый центр"],
    },
    Target {
        class: "military",
        name: "",
        words: ["a military facility", "військовий об'єкт", "военный объект"],
    },
    Target {
        class: "military",
        name: "naval vessel",
        words: ["a naval vessel", "корабель", "корабль"],
    },
    Target {
        class: "civilian.transport",
        name: "cargo ship",
        words: ["a cargo ship", "цивільне судно", "гражданское судно"],
    },
    Target {
        class: "unknown",
        name: "",
        words: ["an unidentified site", "об'єкт", "объект"],
    },
];

fn family(class: &str) -> &str {
    class.split('.').next().unwrap_or(class)
}

// Who attacks what with what, as (item, weight) lists.
const RU_AIR_REAR_WEAPONS: &[(usize, f64)] = &[
    (SHAHED, 72.0),
    (KH101, 12.0),
    (ISKANDER, 8.0),
    (KALIBR, 5.0),
    (KN23, 3.0),
];
const RU_AIR_FRONT_WEAPONS: &[(usize, f64)] = &[
    (SHAHED, 45.0),
    (KAB, 30.0),
    (ISKANDER, 10.0),
    (KH101, 10.0),
    (KN23, 5.0),
];
const RU_AIR_TARGETS: &[(usize, f64)] = &[
    (T_SUBSTATION, 18.0),
    (T_POWER_PLANT, 6.0),
    (T_LINE, 5.0),
    (T_HEATING, 4.0),
    (T_GAS, 5.0),
    (T_HOUSING, 16.0),
    (T_HOUSES, 9.0),
    (T_RAIL, 6.0),
    (T_PORT, 6.0),
    (T_HOSPITAL, 2.0),
    (T_SCHOOL, 2.0),
    (T_GRAIN, 3.0),
    (T_SHOP, 4.0),
    (T_MILITARY, 5.0),
    (T_UNKNOWN, 9.0),
];
const FRONT_WEAPONS: &[(usize, f64)] =
    &[(ARTILLERY, 45.0), (GRAD, 18.0), (FPV, 30.0), (LANCET, 7.0)];
const FRONT_TARGETS: &[(usize, f64)] = &[
    (T_HOUSES, 25.0),
    (T_HOUSING, 15.0),
    (T_SUBSTATION, 8.0),
    (T_LINE, 6.0),
    (T_SHOP, 6.0),
    (T_RAIL, 6.0),
    (T_GRAIN, 5.0),
    (T_HOSPITAL, 3.0),
    (T_SCHOOL, 3.0),
    (T_MILITARY, 12.0),
    (T_UNKNOWN, 7.0),
];
const RU_INTERCEPTED: &[(usize, f64)] = &[
    (SHAHED, 80.0),
    (KH101, 10.0),
    (KALIBR, 5.0),
    (ISKANDER, 5.0),
];
const RU_LAUNCHED: &[(usize, f64)] = &[(ISKANDER, 70.0), (KN23, 30.0)];
const UA_DEEP_WEAPONS: &[(usize, f64)] = &[(UA_DRONE, 88.0), (NEPTUNE, 12.0)];
const UA_DEEP_TARGETS: &[(usize, f64)] = &[
    (T_REFINERY, 22.0),
    (T_OIL_DEPOT, 20.0),
    (T_OIL_PUMPING, 8.0),
    (T_SUBSTATION, 10.0),
    (T_POWER_PLANT, 3.0),
    (T_MILITARY, 25.0),
    (T_UNKNOWN, 12.0),
];
const UA_SHELL_WEAPONS: &[(usize, f64)] =
    &[(ARTILLERY, 50.0), (HIMARS, 15.0), (FPV, 30.0), (GRAD, 5.0)];
const UA_SHELL_TARGETS: &[(usize, f64)] = &[
    (T_MILITARY, 35.0),
    (T_HOUSES, 15.0),
    (T_HOUSING, 10.0),
    (T_SUBSTATION, 10.0),
    (T_LINE, 8.0),
    (T_SHOP, 8.0),
    (T_RAIL, 6.0),
    (T_UNKNOWN, 8.0),
];
const UA_INTERCEPTED: &[(usize, f64)] = &[(UA_DRONE, 90.0), (NEPTUNE, 10.0)];
const NAVAL_WEAPONS: &[(usize, f64)] = &[(MAGURA, 60.0), (SEA_BABY, 40.0)];
const NAVAL_TARGETS: &[(usize, f64)] = &[(T_WARSHIP, 70.0), (T_CARGO, 30.0)];
const SABOTAGE_TARGETS: &[(usize, f64)] = &[(T_RAIL, 50.0), (T_LINE, 30.0), (T_SUBSTATION, 20.0)];

// ---------------------------------------------------------------------------
// Events.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Russian drones, missiles or glide bombs on a Ukrainian-held town.
    RuAirStrike,
    /// Russian artillery, rockets or FPV drones on a front-line town.
    RuShelling,
    RuGroundAttack,
    /// Russian drones or missiles shot down by Ukrainian air defence.
    RuIntercepted,
    /// Russian ballistic missiles launched from Russia, Crimea or occupied land.
    RuLaunch,
    /// Ukrainian long-range drones or missiles on Russia, Crimea or occupied land.
    UaDeepStrike,
    /// Ukrainian artillery, rockets or FPV drones on occupied or border towns.
    UaShelling,
    /// Ukrainian drones shot down by Russian air defence.
    UaIntercepted,
    /// Ukrainian naval drones against ships at sea.
    Naval,
    /// Kalibr launches from Russian ships at sea.
    SeaLaunch,
    /// Demolition of railways or power lines in Russian border regions.
    Sabotage,
}

const KINDS: [(Kind, f64); 11] = [
    (Kind::RuAirStrike, 24.0),
    (Kind::RuShelling, 26.0),
    (Kind::RuGroundAttack, 3.0),
    (Kind::RuIntercepted, 13.0),
    (Kind::RuLaunch, 1.5),
    (Kind::UaDeepStrike, 9.0),
    (Kind::UaShelling, 9.0),
    (Kind::UaIntercepted, 10.0),
    (Kind::Naval, 2.0),
    (Kind::SeaLaunch, 1.5),
    (Kind::Sabotage, 1.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    Ua,
    Ru,
}

/// One real-world event, before anyone reports it.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: Kind,
    pub perp: Party,
    /// When it happened, Unix seconds.
    pub t: i64,
    pub lat: f64,
    pub lon: f64,
    /// The town it happened in or near (index into `TOWNS`).
    pub town: usize,
    /// How far from the town centre, km.
    pub dist_km: f64,
    act: &'static str,
    weapon: usize,
    target: usize,
    /// How many drones or missiles, for interceptions.
    count: u32,
    killed: u32,
    injured: u32,
}

/// Places drawn with probability proportional to their weight.
struct Pool {
    towns: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Pool {
    fn new(areas: &[Area], gazetteer_only: bool, admits: impl Fn(&Town) -> bool) -> Pool {
        let mut towns = Vec::new();
        let mut cumulative = Vec::new();
        let mut acc = 0.0;
        for (i, t) in TOWNS.iter().enumerate() {
            let located = t.area == Sea || !gazetteer_only || t.gazetteer;
            if areas.contains(&t.area) && located && admits(t) && in_box((t.lat, t.lon)) {
                acc += t.weight;
                towns.push(i);
                cumulative.push(acc);
            }
        }
        Pool { towns, cumulative }
    }

    fn pick(&self, rng: &mut SmallRng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = rng.gen_range(0.0..total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.towns.get(i.min(self.towns.len() - 1)).copied()
    }
}

fn pick<T: Copy>(rng: &mut SmallRng, items: &[(T, f64)]) -> T {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0.0..total);
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// A night of drones: several events on one town within a few hours, as the
/// waves of Shahed attacks come.
struct Wave {
    day: i64,
    town: usize,
    t: i64,
    left: u32,
}

// ---------------------------------------------------------------------------
// Sources.

/// Who reports, in what voice. Roles that speak through one source never both
/// report one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    UaAirForce,
    /// The oblast military administration of the town's region.
    UaRegional,
    UaEnergyMinistry,
    Ukrenergo,
    UaStaffAlleges,
    UaStaffConfirms,
    UaNavyAlleges,
    UaNavyConfirms,
    /// The Centre for Countering Disinformation, denying Russian claims.
    UaCpdDenies,
    RuModAlleges,
    RuModConfirms,
    RuModDenies,
    /// The governor (or the installed head, in occupied land) of the region.
    RuRegional,
    RuMfa,
    Tass,
    Mission,
    Reuters,
    KyivIndependent,
    /// Satellite fire detection: sees a fire, not an attack.
    Firms,
}

impl Role {
    fn lang(self) -> Lang {
        use Role::*;
        match self {
            UaAirForce | UaRegional | UaEnergyMinistry | Ukrenergo | UaStaffAlleges
            | UaStaffConfirms | UaNavyAlleges | UaNavyConfirms | UaCpdDenies => Lang::Uk,
            RuModAlleges | RuModConfirms | RuModDenies | RuRegional | RuMfa | Tass => Lang::Ru,
            Mission | Reuters | KyivIndependent | Firms => Lang::En,
        }
    }

    fn claimant(self) -> &'static str {
        match (self, self.lang()) {
            (_, Lang::Uk) => "ua",
            // TASS is state-owned: it speaks for the Russian side.
            (_, Lang::Ru) => "ru",
            (Role::Mission, _) => "mission",
            (Role::Reuters, _) => "reuters",
            (Role::KyivIndependent, _) => "kyiv-independent",
            _ => "firms",
        }
    }

    fn stance(self) -> &'static str {
        use Role::*;
        match self {
            UaStaffConfirms | UaNavyConfirms | RuModConfirms => "confirms",
            UaCpdDenies | RuModDenies => "denies",
            Mission | Reuters | KyivIndependent | Firms => "observes",
            _ => "alleges",
        }
    }

    /// The source this role speaks through, as a small number.
    fn source_key(self) -> u8 {
        use Role::*;
        match self {
            UaAirForce => 0,
            UaRegional => 1,
            UaEnergyMinistry => 2,
            Ukrenergo => 3,
            UaStaffAlleges | UaStaffConfirms => 4,
            UaNavyAlleges | UaNavyConfirms => 5,
            UaCpdDenies => 6,
            RuModAlleges | RuModConfirms | RuModDenies => 7,
            RuRegional => 8,
            RuMfa => 9,
            Tass => 10,
            Mission => 11,
            Reuters => 12,
            KyivIndependent => 13,
            Firms => 14,
        }
    }

    fn fixed_source(self) -> &'static str {
        use Role::*;
        match self {
            UaAirForce => "ua-air-force",
            UaEnergyMinistry => "ua-energy-ministry",
            Ukrenergo => "ukrenergo",
            UaStaffAlleges | UaStaffConfirms => "ua-general-staff",
            UaNavyAlleges | UaNavyConfirms => "ua-navy",
            UaCpdDenies => "ua-cpd",
            RuModAlleges | RuModConfirms | RuModDenies => "ru-mod",
            RuMfa => "ru-mfa",
            Tass => "tass",
            Mission => "mission-monitor",
            Reuters => "reuters",
            KyivIndependent => "kyiv-independent",
            Firms => "firms",
            // Named per region, see `Gen::regional`.
            UaRegional | RuRegional => "",
        }
    }
}

/// When a role reports, given the event's target family.
#[derive(Debug, Clone, Copy)]
enum When {
    Always,
    Energy,
    Civilian,
    Military,
}

impl When {
    fn admits(self, family: &str) -> bool {
        match self {
            When::Always => true,
            When::Energy => family == "energy",
            When::Civilian => family == "civilian",
            When::Military => family == "military",
        }
    }
}

use When::{Always, Civilian, Energy, Military};

type RolePool = &'static [(Role, f64, When)];

const RU_AIR_ROLES: RolePool = &[
    (Role::UaRegional, 4.0, Always),
    (Role::UaAirForce, 1.5, Always),
    (Role::UaEnergyMinistry, 3.0, Energy),
    (Role::Ukrenergo, 2.0, Energy),
    (Role::Mission, 1.2, Always),
    (Role::Reuters, 1.2, Always),
    (Role::KyivIndependent, 1.5, Always),
    (Role::Firms, 0.8, Energy),
    (Role::RuModConfirms, 0.6, Always),
    (Role::RuModDenies, 0.25, Civilian),
];
const RU_SHELLING_ROLES: RolePool = &[
    (Role::UaRegional, 4.0, Always),
    (Role::UaStaffAlleges, 1.5, Always),
    (Role::UaEnergyMinistry, 1.5, Energy),
    (Role::Mission, 1.0, Always),
    (Role::KyivIndependent, 0.8, Always),
    (Role::Reuters, 0.4, Always),
    (Role::RuModConfirms, 0.4, Always),
    (Role::RuModDenies, 0.15, Civilian),
];
const RU_GROUND_ROLES: RolePool = &[
    (Role::UaStaffAlleges, 4.0, Always),
    (Role::RuModConfirms, 3.0, Always),
    (Role::KyivIndependent, 0.5, Always),
    (Role::Reuters, 0.5, Always),
];
const RU_INTERCEPTED_ROLES: RolePool = &[
    (Role::UaAirForce, 5.0, Always),
    (Role::UaRegional, 3.0, Always),
    (Role::KyivIndependent, 0.6, Always),
    (Role::Reuters, 0.4, Always),
];
const RU_LAUNCH_ROLES: RolePool = &[
    (Role::UaAirForce, 5.0, Always),
    (Role::KyivIndependent, 0.6, Always),
    (Role::Reuters, 0.3, Always),
];
const UA_DEEP_ROLES: RolePool = &[
    (Role::RuRegional, 4.0, Always),
    (Role::RuModAlleges, 2.0, Always),
    (Role::Tass, 1.5, Always),
    (Role::RuMfa, 0.5, Energy),
    (Role::UaStaffConfirms, 1.5, Always),
    (Role::UaCpdDenies, 0.25, Energy),
    (Role::Reuters, 1.0, Always),
    (Role::KyivIndependent, 1.0, Always),
    (Role::Firms, 1.0, Energy),
];
const UA_SHELLING_ROLES: RolePool = &[
    (Role::RuRegional, 4.0, Always),
    (Role::RuModAlleges, 1.0, Always),
    (Role::Tass, 1.0, Always),
    (Role::UaStaffConfirms, 0.5, Military),
    (Role::UaCpdDenies, 0.15, Civilian),
    (Role::Reuters, 0.3, Always),
];
const UA_INTERCEPTED_ROLES: RolePool = &[
    (Role::RuModAlleges, 5.0, Always),
    (Role::RuRegional, 3.0, Always),
    (Role::Tass, 1.0, Always),
    (Role::Reuters, 0.3, Always),
];
const NAVAL_ROLES: RolePool = &[
    (Role::RuModAlleges, 3.0, Always),
    (Role::UaNavyConfirms, 2.0, Military),
    (Role::Tass, 1.0, Always),
    (Role::Reuters, 1.0, Always),
    (Role::KyivIndependent, 0.5, Always),
    (Role::UaCpdDenies, 0.3, Civilian),
];
const SEA_LAUNCH_ROLES: RolePool = &[
    (Role::UaNavyAlleges, 3.0, Always),
    (Role::UaAirForce, 2.0, Always),
    (Role::KyivIndependent, 0.6, Always),
    (Role::Reuters, 0.3, Always),
];
const SABOTAGE_ROLES: RolePool = &[
    (Role::RuRegional, 3.0, Always),
    (Role::RuModAlleges, 1.0, Always),
    (Role::Tass, 1.0, Always),
    (Role::UaCpdDenies, 0.4, Always),
];

fn roles_for(kind: Kind) -> RolePool {
    match kind {
        Kind::RuAirStrike => RU_AIR_ROLES,
        Kind::RuShelling => RU_SHELLING_ROLES,
        Kind::RuGroundAttack => RU_GROUND_ROLES,
        Kind::RuIntercepted => RU_INTERCEPTED_ROLES,
        Kind::RuLaunch => RU_LAUNCH_ROLES,
        Kind::UaDeepStrike => UA_DEEP_ROLES,
        Kind::UaShelling => UA_SHELLING_ROLES,
        Kind::UaIntercepted => UA_INTERCEPTED_ROLES,
        Kind::Naval => NAVAL_ROLES,
        Kind::SeaLaunch => SEA_LAUNCH_ROLES,
        Kind::Sabotage => SABOTAGE_ROLES,
    }
}

/// How many sources report one event: most events are reported once or twice.
const REPORTS_PER_EVENT: &[(usize, f64)] = &[(1, 34.0), (2, 30.0), (3, 22.0), (4, 14.0)];

// ---------------------------------------------------------------------------
// The generator.

/// How rows are written: plain for load tests, labelled for the demo.
pub(crate) struct Style {
    /// Prefix of external ids, followed by a running number.
    pub id_prefix: String,
    /// End every text with "[illustrative]" in its language.
    pub label: bool,
    /// Allow week and month precision, which widen events to days.
    pub coarse_times: bool,
    /// Draw only towns the small gazetteer knows, so that place-only rows
    /// can be located.
    pub gazetteer_only: bool,
}

pub(crate) struct Gen {
    pub rng: SmallRng,
    style: Style,
    /// Reports written so far, for external ids.
    n: u64,
    row: Row,
    /// Reused for the casualty words of a text.
    scratch: String,
    /// Per town: its Ukrainian and Russian regional authority.
    ua_regional: Vec<String>,
    ru_regional: Vec<String>,
    pools: Pools,
    wave: Option<Wave>,
}

/// Where each kind of event happens.
struct Pools {
    ua_targets: Pool,
    ua_shelled: Pool,
    ua_line: Pool,
    launch_sites: Pool,
    ru_deep: Pool,
    ru_near: Pool,
    ru_border: Pool,
    sea: Pool,
}

impl Pools {
    fn new(g: bool) -> Pools {
        let any = |_: &Town| true;
        Pools {
            ua_targets: Pool::new(&[UaRear, UaFront], g, any),
            ua_shelled: Pool::new(&[UaFront], g, |t| t.shelled),
            ua_line: Pool::new(&[UaFront], g, |t| t.line),
            launch_sites: Pool::new(&[RuBorder, Crimea, Occupied], g, any),
            ru_deep: Pool::new(&[RuRear, RuBorder, Crimea], g, any),
            ru_near: Pool::new(&[Occupied, RuBorder], g, |t| t.shelled),
            ru_border: Pool::new(&[RuBorder], g, any),
            sea: Pool::new(&[Sea], g, any),
        }
    }

    fn get(&self, kind: Kind) -> &Pool {
        match kind {
            Kind::RuAirStrike | Kind::RuIntercepted => &self.ua_targets,
            Kind::RuShelling => &self.ua_shelled,
            Kind::RuGroundAttack => &self.ua_line,
            Kind::RuLaunch => &self.launch_sites,
            Kind::UaDeepStrike | Kind::UaIntercepted => &self.ru_deep,
            Kind::UaShelling => &self.ru_near,
            Kind::Naval | Kind::SeaLaunch => &self.sea,
            Kind::Sabotage => &self.ru_border,
        }
    }
}

/// Events stay this many seconds away from midnight, so that no source's few
/// minutes of difference moves one into another day.
const EDGE: i64 = 600;

impl Gen {
    pub(crate) fn new(seed: u64, style: Style) -> Gen {
        let g = style.gazetteer_only;
        Gen {
            rng: SmallRng::seed_from_u64(seed),
            n: 0,
            row: Default::default(),
            scratch: String::new(),
            ua_regional: TOWNS
                .iter()
                .map(|t| format!("ua-{}-ova", t.region))
                .collect(),
            ru_regional: TOWNS
                .iter()
                .map(|t| match t.area {
                    Occupied => format!("ru-{}-admin", t.region),
                    Crimea if t.region == "crimea" => "ru-crimea-head".to_string(),
                    _ => format!("ru-{}-governor", t.region),
                })
                .collect(),
            pools: Pools::new(g),
            wave: None,
            style,
        }
    }

    /// Draws one event on Kyiv calendar day `day` (days since 1970-01-01).
    pub(crate) fn draw_event(&mut self, day: i64) -> Event {
        let midnight = kyiv_midnight(day);
        // 23 or 25 hours on the days the clocks change.
        let len = kyiv_midnight(day + 1) - midnight;
        let kind = pick(&mut self.rng, &KINDS);
        let wave_kind = matches!(kind, Kind::RuAirStrike | Kind::RuIntercepted);
        let mut in_wave = None;
        if let Some(w) = self
            .wave
            .as_mut()
            .filter(|w| wave_kind && w.day == day && w.left > 0)
        {
            w.left -= 1;
            in_wave = Some((w.town, w.t));
        }
        let (town, t) = match in_wave {
            Some((town, t0)) => {
                let t = t0 + self.rng.gen_range(-5400..5400);
                (town, t.clamp(midnight + EDGE, midnight + len - EDGE))
            }
            None => {
                let t = midnight + self.time_of_day(kind, len);
                let Some(town) = self.pools.get(kind).pick(&mut self.rng) else {
                    // Only when a style leaves an area without places.
                    return self.make_event(Kind::RuAirStrike, 0, t);
                };
                if wave_kind && self.rng.gen_bool(0.6) {
                    let left = self.rng.gen_range(2..12);
                    self.wave = Some(Wave { day, town, t, left });
                }
                (town, t)
            }
        };
        self.make_event(kind, town, t)
    }

    /// Seconds after midnight for an event on a day `len` seconds long.
    /// Drones and missiles come mostly at night; shelling goes on all day.
    fn time_of_day(&mut self, kind: Kind, len: i64) -> i64 {
        let night = matches!(
            kind,
            Kind::RuAirStrike
                | Kind::RuIntercepted
                | Kind::UaDeepStrike
                | Kind::UaIntercepted
                | Kind::RuLaunch
                | Kind::SeaLaunch
                | Kind::Naval
        );
        if night && self.rng.gen_bool(0.8) {
            // The last three hours of the day or its first six and a half,
            // so that a night's events keep the date they are reported under.
            let s = self.rng.gen_range(0..(9 * 3600 + 1800));
            if s < 3 * 3600 {
                (len - 3 * 3600 + s).min(len - EDGE)
            } else {
                (s - 3 * 3600).max(EDGE)
            }
        } else {
            self.rng.gen_range(EDGE..len - EDGE)
        }
    }

    fn make_event(&mut self, kind: Kind, town: usize, t: i64) -> Event {
        let rng = &mut self.rng;
        let place = &TOWNS[town];
        let (act, weapon, mut target, perp) = match kind {
            Kind::RuAirStrike => {
                let w = if place.area == UaFront {
                    pick(rng, RU_AIR_FRONT_WEAPONS)
                } else {
                    pick(rng, RU_AIR_REAR_WEAPONS)
                };
                ("strike", w, pick(rng, RU_AIR_TARGETS), Party::Ru)
            }
            Kind::RuShelling => {
                let w = pick(rng, FRONT_WEAPONS);
                (shelling_act(w), w, pick(rng, FRONT_TARGETS), Party::Ru)
            }
            Kind::RuGroundAttack => ("ground-attack", SMALL_ARMS, T_MILITARY, Party::Ru),
            Kind::RuIntercepted => (
                "interception",
                pick(rng, RU_INTERCEPTED),
                T_UNKNOWN,
                Party::Ru,
            ),
            Kind::RuLaunch => ("launch", pick(rng, RU_LAUNCHED), T_UNKNOWN, Party::Ru),
            Kind::UaDeepStrike => (
                "strike",
                pick(rng, UA_DEEP_WEAPONS),
                pick(rng, UA_DEEP_TARGETS),
                Party::Ua,
            ),
            Kind::UaShelling => {
                let w = pick(rng, UA_SHELL_WEAPONS);
                (shelling_act(w), w, pick(rng, UA_SHELL_TARGETS), Party::Ua)
            }
            Kind::UaIntercepted => (
                "interception",
                pick(rng, UA_INTERCEPTED),
                T_UNKNOWN,
                Party::Ua,
            ),
            Kind::Naval => (
                "naval-operation",
                pick(rng, NAVAL_WEAPONS),
                pick(rng, NAVAL_TARGETS),
                Party::Ua,
            ),
            Kind::SeaLaunch => ("launch", KALIBR, T_UNKNOWN, Party::Ru),
            Kind::Sabotage => (
                "sabotage",
                EXPLOSIVE,
                pick(rng, SABOTAGE_TARGETS),
                Party::Ua,
            ),
        };
        if target == T_PORT && !place.port {
            target = T_HOUSING;
        }
        // Spread events over the map: most close to the town, some up to 30 km
        // out (20 km at sea), never outside the box.
        let centre = (place.lat, place.lon);
        let (mut point, mut dist_km) = (centre, 0.0);
        for _ in 0..8 {
            let u: f64 = rng.r#gen();
            let km = if place.area == Sea {
                20.0 * u
            } else {
                30.0 * u * u
            };
            let p = offset_point(centre, km, rng.gen_range(0.0..TAU));
            if in_box(p) {
                (point, dist_km) = (p, km);
                break;
            }
        }
        let heavy = matches!(weapon, ISKANDER | KN23 | KH101 | KALIBR | KAB);
        let (killed, injured) = match family(TARGETS[target].class) {
            "civilian" => {
                let scale = if heavy { 4.0 } else { 1.0 };
                let k = if rng.gen_bool(0.18) {
                    casualties(rng, scale)
                } else {
                    0
                };
                let i = if rng.gen_bool(0.45) {
                    casualties(rng, 2.0 * scale)
                } else {
                    0
                };
                (k, i)
            }
            "energy" | "unknown" if act != "interception" && act != "launch" => (
                0,
                if rng.gen_bool(0.08) {
                    casualties(rng, 1.0)
                } else {
                    0
                },
            ),
            _ => (0, 0),
        };
        let u: f64 = rng.r#gen();
        Event {
            kind,
            perp,
            t,
            lat: point.0,
            lon: point.1,
            town,
            dist_km,
            act,
            weapon,
            target,
            count: 1 + (u * u * 40.0) as u32,
            killed,
            injured,
        }
    }

    /// Writes the reports of `ev` through `sink`: at least one, at most `max`.
    /// Returns how many were written.
    pub(crate) fn emit<E>(
        &mut self,
        ev: &Event,
        max: usize,
        sink: &mut impl FnMut(&Row) -> Result<(), E>,
    ) -> Result<usize, E> {
        if max == 0 {
            return Ok(0);
        }
        let n = pick(&mut self.rng, REPORTS_PER_EVENT).min(max);
        let mut roles = [Role::Mission; 4];
        let k = self.pick_roles(ev, n, &mut roles);
        for &role in &roles[..k] {
            self.fill_row(ev, role);
            sink(&self.row)?;
        }
        Ok(k)
    }

    /// Draws `n` distinct sources for an event, weighted by how often each
    /// reports such events; never one source twice, nor one party both
    /// confirming and denying.
    fn pick_roles(&mut self, ev: &Event, n: usize, out: &mut [Role; 4]) -> usize {
        let pool = roles_for(ev.kind);
        let fam = family(TARGETS[ev.target].class);
        let mut w = [0.0f64; 12];
        for (i, (_, weight, when)) in pool.iter().enumerate().take(w.len()) {
            w[i] = if when.admits(fam) { *weight } else { 0.0 };
        }
        let mut k = 0;
        while k < n.min(out.len()) {
            let total: f64 = w.iter().sum();
            if total <= 0.0 {
                break;
            }
            let mut x = self.rng.gen_range(0.0..total);
            let mut chosen = None;
            for (i, wi) in w.iter().enumerate() {
                if *wi > 0.0 && x < *wi {
                    chosen = Some(i);
                    break;
                }
                x -= wi;
            }
            let Some(c) = chosen.or_else(|| w.iter().rposition(|wi| *wi > 0.0)) else {
                break;
            };
            let role = pool[c].0;
            out[k] = role;
            k += 1;
            for (i, (other, _, _)) in pool.iter().enumerate().take(w.len()) {
                let same_source = other.source_key() == role.source_key();
                let contradicts = other.claimant() == role.claimant()
                    && ((other.stance() == "denies") != (role.stance() == "denies"));
                if same_source || contradicts {
                    w[i] = 0.0;
                }
            }
        }
        if k == 0 {
            out[0] = pool[0].0;
            k = 1;
        }
        k
    }

    fn fill_row(&mut self, ev: &Event, role: Role) {
        self.n += 1;
        let rng = &mut self.rng;
        let r = &mut self.row;
        for f in r.iter_mut() {
            f.clear();
        }
        let place = &TOWNS[ev.town];
        let lang = role.lang();
        let firms = role == Role::Firms;
        // Russia's own account of its strike names a military target; neither
        // side says what military sites of its own were hit.
        let victim_side = matches!(
            (lang, ev.perp),
            (Lang::Uk, Party::Ru) | (Lang::Ru, Party::Ua)
        );
        let target = if role == Role::RuModConfirms && ev.perp == Party::Ru {
            T_MILITARY
        } else if victim_side && ev.target == T_MILITARY && ev.act != "ground-attack" {
            T_UNKNOWN
        } else {
            ev.target
        };

        r[C_SOURCE].push_str(match role {
            Role::UaRegional => &self.ua_regional[ev.town],
            Role::RuRegional => &self.ru_regional[ev.town],
            _ => role.fixed_source(),
        });
        let _ = write!(r[C_EXTERNAL_ID], "{}-{}", self.style.id_prefix, self.n);

        // Time: each source has its own clock and its own care.
        let off = if lang == Lang::Ru {
            MOSCOW
        } else {
            kyiv_offset(ev.t)
        };
        let off_secs = i64::from(off.seconds());
        let t = ev.t + 60 * rng.gen_range(-8..=8);
        let precision = if firms {
            "hour"
        } else if role == Role::UaAirForce && ev.act == "interception" {
            if rng.gen_bool(0.5) { "day" } else { "hour" }
        } else {
            let coarse = if self.style.coarse_times { 0.02 } else { 0.0 };
            pick(
                rng,
                &[
                    ("minute", 0.6 - coarse),
                    ("hour", 0.2),
                    ("day", 0.2),
                    ("week", 0.75 * coarse),
                    ("month", 0.25 * coarse),
                ],
            )
        };
        match precision {
            "minute" => put_time(&mut r[C_OCCURRED_AT], t - t.rem_euclid(60), off),
            "hour" => put_time(
                &mut r[C_OCCURRED_AT],
                t - (t + off_secs).rem_euclid(3600),
                off,
            ),
            // Bare dates are read as Kyiv days.
            _ => put_date(&mut r[C_OCCURRED_AT], ev.t, kyiv_offset(ev.t)),
        }
        r[C_TIME_PRECISION].push_str(precision);
        if !rng.gen_bool(0.02) {
            let u: f64 = rng.r#gen();
            let delay = 60 * (5 + (u * u * u * 480.0) as i64);
            put_time(&mut r[C_REPORTED_AT], t - t.rem_euclid(60) + delay, off);
        }

        // Place: coordinates near the event, or only a town name.
        let region_wide = matches!(role, Role::UaAirForce | Role::RuModAlleges)
            && matches!(ev.act, "interception" | "launch");
        // Mostly names the small gazetteer knows; now and then one it does
        // not, which stays unlocated as such names do.
        let by_name = if place.gazetteer { 0.14 } else { 0.03 };
        if place.area != Sea && !firms && !region_wide && rng.gen_bool(by_name) {
            r[C_PLACE].push_str(match lang {
                Lang::En => place.latin,
                Lang::Uk => place.uk,
                Lang::Ru => place.ru,
            });
            r[C_GEO_PRECISION].push_str(if ev.dist_km <= 4.0 {
                "settlement"
            } else if ev.dist_km <= 22.0 {
                "near-settlement"
            } else {
                "region"
            });
        } else {
            let (p, geo) = if region_wide {
                ((place.lat, place.lon), "region")
            } else {
                let km = rng.gen_range(0.0..2.0);
                let p = offset_point((ev.lat, ev.lon), km, rng.gen_range(0.0..TAU));
                let geo = if place.area == Sea {
                    "near-settlement"
                } else if firms {
                    "exact"
                } else {
                    pick(
                        rng,
                        &[
                            ("exact", 0.5),
                            ("settlement", 0.38),
                            ("near-settlement", 0.12),
                        ],
                    )
                };
                (p, geo)
            };
            // A report's few hundred metres of jitter may cross the box's edge.
            put_degrees(&mut r[C_LATITUDE], p.0.clamp(LAT_RANGE.0, LAT_RANGE.1));
            put_degrees(&mut r[C_LONGITUDE], p.1.clamp(LON_RANGE.0, LON_RANGE.1));
            r[C_GEO_PRECISION].push_str(geo);
        }

        // What happened.
        let weapon = &WEAPONS[ev.weapon];
        if firms {
            r[C_ACT].push_str("other");
            r[C_MEANS].push_str("unknown");
            r[C_TARGET_CLASS].push_str("unknown");
        } else {
            r[C_ACT].push_str(ev.act);
            let model = weapon.model[lang as usize];
            // Some weapons have no model name in some languages, hence more
            // than a third here for about a third of all rows.
            r[C_MEANS].push_str(if !model.is_empty() && rng.gen_bool(0.42) {
                model
            } else {
                weapon.class
            });
            let tg = &TARGETS[target];
            r[C_TARGET_CLASS].push_str(tg.class);
            if !tg.name.is_empty() && rng.gen_bool(0.6) {
                if place.area == Sea {
                    r[C_TARGET_NAME].push_str(tg.name);
                } else {
                    let _ = write!(r[C_TARGET_NAME], "{} {}", place.latin, tg.name);
                }
            }
            if role != Role::Mission || rng.gen_bool(0.75) {
                r[C_PERPETRATOR].push_str(perpetrator(rng, lang, ev.perp));
            }
        }
        r[C_CLAIMANT].push_str(role.claimant());
        r[C_STANCE].push_str(role.stance());
        let (rel, cred) = grade(rng, role);
        r[C_RELIABILITY].push_str(rel);
        r[C_CREDIBILITY].push_str(cred);

        // The attacker's side does not count the other side's casualties.
        let counts_casualties = !firms && (lang == Lang::En || victim_side);
        let (killed, injured) = if counts_casualties {
            (ev.killed, ev.injured)
        } else {
            (0, 0)
        };
        if killed > 0 {
            let _ = write!(r[C_KILLED], "{killed}");
        }
        if injured > 0 {
            let _ = write!(r[C_INJURED], "{injured}");
        }
        let cas = &mut self.scratch;
        cas.clear();
        casualty_words(cas, lang, killed, injured);
        let text = &mut r[C_TEXT];
        write_text(text, rng, role, ev, target, cas);
        if self.style.label {
            text.push_str(lang.label());
        }
        let (ids, url) = r.split_at_mut(C_URL);
        let _ = write!(
            url[0],
            "https://example.org/{}/{}",
            ids[C_SOURCE], ids[C_EXTERNAL_ID]
        );
    }
}

fn shelling_act(weapon: usize) -> &'static str {
    if matches!(weapon, FPV | LANCET | HIMARS) {
        "strike"
    } else {
        "shelling"
    }
}

/// A casualty count: mostly one or two, now and then many more.
fn casualties(rng: &mut SmallRng, scale: f64) -> u32 {
    let u: f64 = rng.gen_range(0.0..1.0);
    1 + (scale * (-(1.0 - u).ln()) * 1.5) as u32
}

/// How a source names the party it speaks of: mostly its id, sometimes a name
/// the agreement lists as an alias.
fn perpetrator(rng: &mut SmallRng, lang: Lang, party: Party) -> &'static str {
    let names: &[&str] = match (lang, party) {
        (Lang::Uk, Party::Ru) => &[
            "ru",
            "ru",
            "ru",
            "ru",
            "Росія",
            "ЗС РФ",
            "російські війська",
            "окупанти",
        ],
        (Lang::Uk, Party::Ua) => &["ua", "ua", "ЗСУ"],
        (Lang::Ru, Party::Ua) => &["ua", "ua", "ua", "ВСУ", "киевский режим"],
        (Lang::Ru, Party::Ru) => &["ru", "ru", "ВС РФ"],
        (Lang::En, Party::Ru) => &["ru", "ru", "Russia", "Russian forces"],
        (Lang::En, Party::Ua) => &["ua", "ua", "Ukrainian forces", "AFU"],
    };
    names[rng.gen_range(0..names.len())]
}

/// Admiralty grading as an analyst would give it: by kind of source, even-handed
/// between the parties, now and then ungraded or graded weak.
fn grade(rng: &mut SmallRng, role: Role) -> (&'static str, &'static str) {
    let x: f64 = rng.r#gen();
    if x < 0.10 {
        return ("", "");
    }
    if x < 0.13 {
        return [("E", "5"), ("F", "6"), ("D", "5")][rng.gen_range(0..3)];
    }
    let (rel, cred) = match role {
        Role::Mission => ("A", 2),
        Role::Reuters | Role::Firms => ("B", 2),
        Role::KyivIndependent => ("B", 3),
        Role::Tass => ("C", 4),
        _ => ("C", 3),
    };
    let cred = match rng.gen_range(0..8) {
        0 => cred - 1,
        1 => cred + 1,
        _ => cred,
    };
    (
        rel,
        ["1", "2", "3", "4", "5"][(cred as usize).clamp(1, 4) - 1],
    )
}

fn casualty_words(out: &mut String, lang: Lang, killed: u32, injured: u32) {
    let _ = match (lang, killed > 0, injured > 0) {
        (Lang::Uk, true, true) => write!(out, ", загиблих — {killed}, поранених — {injured}"),
        (Lang::Uk, true, false) => write!(out, ", загиблих — {killed}"),
        (Lang::Uk, false, true) => write!(out, ", поранених — {injured}"),
        (Lang::Ru, true, true) => write!(out, ", погибших — {killed}, раненых — {injured}"),
        (Lang::Ru, true, false) => write!(out, ", погибших — {killed}"),
        (Lang::Ru, false, true) => write!(out, ", раненых — {injured}"),
        (Lang::En, true, true) => write!(out, "; {killed} killed, {injured} injured"),
        (Lang::En, true, false) => write!(out, "; {killed} killed"),
        (Lang::En, false, true) => write!(out, "; {injured} injured"),
        (_, false, false) => Ok(()),
    };
}

/// One sentence in the source's language. Ukrainian and Russian templates put
/// town names after "м." / "г." / "н.п." or before a colon, as official
/// statements often do, so names never need declining.
fn write_text(
    out: &mut String,
    rng: &mut SmallRng,
    role: Role,
    ev: &Event,
    target: usize,
    cas: &str,
) {
    let place = &TOWNS[ev.town];
    let lang = role.lang();
    let sea = place.area == Sea;
    let town = match lang {
        // "in the north-western Black Sea", as the other languages' names read.
        Lang::En if sea => &*format!("in the {}", place.latin),
        Lang::En => place.latin,
        Lang::Uk => place.uk,
        Lang::Ru => place.ru,
    };
    let w = WEAPONS[ev.weapon].words[lang as usize];
    let x = TARGETS[target].words[lang as usize];
    let unknown = target == T_UNKNOWN;
    let variant = rng.gen_range(0..2);
    let n = ev.count;
    let adj = match ev.perp {
        Party::Ru => "Russian",
        Party::Ua => "Ukrainian",
    };
    use Role::*;
    let _ = match (role, ev.act) {
        (Firms, _) => write!(
            out,
            "Satellite fire detection flagged a thermal anomaly near {town}, consistent with a large fire."
        ),

        // Ukrainian sources on Russian attacks.
        (UaAirForce | UaRegional | UaStaffAlleges, "interception") => {
            write!(out, "Сили ППО знешкодили {n} од. {w} у районі м. {town}.")
        }
        (UaAirForce | UaNavyAlleges, "launch") if sea => {
            write!(out, "Зафіксовано пуски {w} з кораблів {town}.")
        }
        (UaAirForce | UaNavyAlleges, "launch") => write!(
            out,
            "Повітряні сили: зафіксовано пуски {w} з району н.п. {town}."
        ),
        (UaStaffAlleges, "ground-attack") => {
            write!(
                out,
                "Генштаб ЗСУ: противник штурмував позиції Сил оборони в районі н.п. {town}, атаку відбито."
            )
        }
        (UaRegional | UaAirForce | UaStaffAlleges | UaEnergyMinistry | Ukrenergo, "shelling") => {
            if variant == 0 {
                write!(
                    out,
                    "{town}: унаслідок обстрілу із застосуванням {w} пошкоджено {x}{cas}."
                )
            } else {
                write!(
                    out,
                    "Окупанти обстріляли м. {town} із застосуванням {w}, пошкоджено {x}{cas}."
                )
            }
        }
        (UaRegional | UaAirForce | UaStaffAlleges, _) if unknown => {
            write!(
                out,
                "{town}: ворог атакував місто із застосуванням {w}, інформація про наслідки уточнюється{cas}."
            )
        }
        (UaEnergyMinistry, _) => {
            write!(
                out,
                "Міненерго: унаслідок атаки {w} у м. {town} пошкоджено {x}, частина споживачів знеструмлена."
            )
        }
        (Ukrenergo, _) => {
            write!(
                out,
                "Укренерго: через атаку {w} у м. {town} пошкоджено {x}, тривають аварійно-відновлювальні роботи."
            )
        }
        (UaAirForce, _) => write!(
            out,
            "Повітряні сили: ворог атакував м. {town} із застосуванням {w}, є влучання в {x}{cas}."
        ),
        (UaRegional | UaStaffAlleges, _) => {
            if variant == 0 {
                write!(out, "{town}: унаслідок атаки {w} пошкоджено {x}{cas}.")
            } else {
                write!(
                    out,
                    "Ворог завдав удару по м. {town} із застосуванням {w}, пошкоджено {x}{cas}."
                )
            }
        }

        // Ukrainian sources on Ukrainian operations.
        (UaNavyConfirms | UaStaffConfirms, "naval-operation") => {
            write!(out, "ВМС ЗСУ: унаслідок атаки {w} уражено {x} {town}.")
        }
        (UaStaffConfirms | UaNavyConfirms, _) if unknown => {
            write!(
                out,
                "Генштаб ЗСУ: Сили оборони уразили ціль у районі н.п. {town}."
            )
        }
        (UaStaffConfirms | UaNavyConfirms, _) => write!(
            out,
            "Генштаб ЗСУ: Сили оборони уразили {x} у районі н.п. {town}."
        ),
        (UaCpdDenies, _) if sea => {
            write!(
                out,
                "ЦПД: заяви рф про атаку ЗСУ на {x} {town} не відповідають дійсності."
            )
        }
        (UaCpdDenies, _) => write!(
            out,
            "ЦПД: заяви рф про атаку ЗСУ на {x} у м. {town} не відповідають дійсності."
        ),
        (UaNavyAlleges, _) => write!(out, "ВМС ЗСУ: зафіксовано атаку {w} {town}."),

        // Russian sources on Ukrainian attacks.
        (RuModAlleges | RuRegional | Tass, "interception") => match role {
            RuModAlleges => write!(
                out,
                "Минобороны России: над районом г. {town} дежурными средствами ПВО уничтожено {n} ед. {w} ВСУ."
            ),
            RuRegional => write!(
                out,
                "{town}: силами ПВО уничтожено {n} ед. {w}, пострадавших нет."
            ),
            _ => write!(
                out,
                "ТАСС: над районом г. {town} уничтожено {n} ед. {w} ВСУ."
            ),
        },
        (RuModAlleges | Tass | RuRegional, "naval-operation") => {
            let who = if role == Tass {
                "ТАСС"
            } else {
                "Минобороны России"
            };
            write!(
                out,
                "{who}: силами Черноморского флота {town} уничтожены безэкипажные катера ВСУ, пытавшиеся атаковать {x}."
            )
        }
        (RuModAlleges | Tass | RuRegional, "sabotage") => {
            write!(out, "{town}: ВСУ совершили диверсию, подорвав {x}.")
        }
        (RuModAlleges | RuRegional | Tass | RuMfa, _) if unknown => {
            write!(
                out,
                "{town}: зафиксирована атака {w} ВСУ, информация о последствиях уточняется{cas}."
            )
        }
        (RuMfa, _) => write!(
            out,
            "МИД России: атака ВСУ на {x} в г. {town} — очередное нарушение договорённостей о прекращении ударов по энергетике."
        ),
        (Tass, _) => write!(
            out,
            "ТАСС: ВСУ атаковали {x} в г. {town}, сообщили местные власти{cas}."
        ),
        (RuModAlleges, "shelling") => write!(
            out,
            "Минобороны России: ВСУ обстреляли {x} в г. {town} с применением {w}{cas}."
        ),
        (RuModAlleges, _) => write!(
            out,
            "Минобороны России: ВСУ атаковали {x} в г. {town} с применением {w}{cas}."
        ),
        (RuRegional, "shelling") => {
            write!(out, "{town}: ВСУ обстреляли {x} с применением {w}{cas}.")
        }
        (RuRegional, _) => write!(out, "{town}: ВСУ атаковали {x} с применением {w}{cas}."),

        // Russian sources on Russian operations.
        (RuModConfirms, "ground-attack") => {
            write!(
                out,
                "Минобороны России: подразделения ВС РФ атаковали позиции ВСУ в районе н.п. {town}."
            )
        }
        (RuModConfirms, _) => write!(
            out,
            "Минобороны России: нанесён удар по объекту военной инфраструктуры ВСУ в районе н.п. {town}, цель поражена."
        ),
        (RuModDenies, _) => write!(
            out,
            "Минобороны России: удары по гражданским объектам в г. {town} не наносились, заявления киевского режима не соответствуют действительности."
        ),

        // Monitors and news.
        (_, "interception") => {
            let defender = if ev.perp == Party::Ru {
                "Ukraine"
            } else {
                "Russia"
            };
            write!(
                out,
                "{defender}'s air defences shot down {n} {adj} {w} over the {town} area overnight, the military said."
            )
        }
        (_, "launch") if sea => write!(
            out,
            "Ukraine's air force reported launches of {w} from ships {town}."
        ),
        (_, "launch") => write!(
            out,
            "Ukraine's air force reported launches of {w} from the {town} area."
        ),
        (_, "naval-operation") => write!(
            out,
            "{adj} {w} attacked {x} {town}, officials on both sides said."
        ),
        (_, "ground-attack") => write!(
            out,
            "{adj} forces attacked positions near {town}, military officials said."
        ),
        (_, "sabotage") => write!(
            out,
            "An explosion damaged {x} near {town}; officials blamed {adj} saboteurs."
        ),
        (Mission, _) if unknown => write!(
            out,
            "Monitors recorded explosions in {town} after an attack with {w}; the target could not be established{cas}."
        ),
        (Mission, "shelling") => write!(
            out,
            "Monitors documented damage to {x} in {town} from {adj} shelling with {w}{cas}."
        ),
        (Mission, _) => write!(
            out,
            "Monitors recorded damage to {x} in {town} after an attack with {w}{cas}."
        ),
        (Reuters, "shelling") => write!(
            out,
            "{adj} shelling damaged {x} in {town}, local officials said{cas}."
        ),
        (Reuters, _) => write!(out, "{adj} {w} struck {x} in {town}, officials said{cas}."),
        (_, "shelling") => write!(out, "{town}: {x} damaged by {adj} shelling{cas}."),
        (_, _) => write!(out, "{town}: {x} hit in a {adj} attack with {w}{cas}."),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use truce_model::{
        Act, Credibility, GeoPrecision, Means, Reliability, Stance, TargetClass, TimePrecision,
    };

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn run(opts: &GenOptions) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        generate(opts, &mut out, &mut |_| {})?;
        Ok(out)
    }

    fn small(reports: usize, seed: u64) -> GenOptions {
        GenOptions {
            reports,
            seed,
            ..GenOptions::default()
        }
    }

    #[test]
    fn header_and_exact_row_count() -> TestResult {
        for n in [0, 1, 7, 12_345] {
            let out = run(&small(n, 3))?;
            let mut rdr = csv::Reader::from_reader(out.as_slice());
            assert_eq!(rdr.headers()?.iter().collect::<Vec<_>>(), HEADER);
            let mut rows = 0;
            for rec in rdr.records() {
                assert_eq!(rec?.len(), 22);
                rows += 1;
            }
            assert_eq!(rows, n);
        }
        Ok(())
    }

    #[test]
    fn deterministic_per_seed() -> TestResult {
        let a = run(&small(5_000, 42))?;
        assert_eq!(a, run(&small(5_000, 42))?);
        assert_ne!(a, run(&small(5_000, 43))?);
        Ok(())
    }

    #[test]
    fn progress_every_ten_thousand_rows() -> TestResult {
        let mut seen = Vec::new();
        generate(&small(35_000, 1), io::sink(), &mut |n| seen.push(n))?;
        assert_eq!(seen, [10_000, 20_000, 30_000]);
        Ok(())
    }

    #[test]
    fn bad_options_are_errors() {
        let bad_start = GenOptions {
            start: "1 March".into(),
            ..small(10, 1)
        };
        assert!(generate(&bad_start, io::sink(), &mut |_| {}).is_err());
        let no_days = GenOptions {
            days: 0,
            ..small(10, 1)
        };
        assert!(generate(&no_days, io::sink(), &mut |_| {}).is_err());
    }

    #[test]
    fn days_past_the_year_9999_are_an_error() {
        let late = GenOptions {
            start: "9999-12-01".into(),
            days: 40,
            ..small(10, 1)
        };
        let e = generate(&late, io::sink(), &mut |_| {}).map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err(
                "40 days from 9999-12-01 run past 9999-12-31, the last day a report can have"
                    .into()
            )
        );
        let last_month = GenOptions { days: 29, ..late };
        assert!(generate(&last_month, io::sink(), &mut |_| {}).is_ok());
    }

    #[test]
    fn rows_are_valid_canonical_reports() -> TestResult {
        let out = run(&small(30_000, 7))?;
        let mut rdr = csv::Reader::from_reader(out.as_slice());
        let tz = jiff::tz::TimeZone::get("Europe/Kyiv")?;
        let (first, last) = (parse_day("2025-03-01")?, parse_day("2025-05-14")?);
        let mut ids = HashSet::new();
        let mut stances = HashSet::new();
        let mut acts = HashSet::new();
        let (mut place_only, mut models) = (0, 0);
        for rec in rdr.records() {
            let rec = rec?;
            let f = |c: usize| rec.get(c).unwrap_or("");
            assert!(ids.insert((f(C_SOURCE).to_string(), f(C_EXTERNAL_ID).to_string())));
            // Coordinates in the box, or a place name.
            if f(C_LATITUDE).is_empty() {
                assert!(
                    f(C_LONGITUDE).is_empty() && !f(C_PLACE).is_empty(),
                    "{rec:?}"
                );
                place_only += 1;
            } else {
                let lat: f64 = f(C_LATITUDE).parse()?;
                let lon: f64 = f(C_LONGITUDE).parse()?;
                assert!(in_box((lat, lon)), "{rec:?}");
            }
            // Every vocabulary field parses.
            acts.insert(Act::parse(f(C_ACT))?);
            let means = Means::parse_or_model(f(C_MEANS))?;
            if Means::parse(f(C_MEANS)).is_err() {
                models += 1;
            }
            assert!(WEAPONS.iter().any(|w| w.class == means.as_str()) || means == Means::Unknown);
            TargetClass::parse(f(C_TARGET_CLASS))?;
            stances.insert(Stance::parse(f(C_STANCE))?);
            TimePrecision::parse(f(C_TIME_PRECISION))?;
            GeoPrecision::parse(f(C_GEO_PRECISION))?;
            if !f(C_RELIABILITY).is_empty() {
                Reliability::parse(f(C_RELIABILITY))?;
                Credibility::parse(f(C_CREDIBILITY))?;
            }
            for c in [C_KILLED, C_INJURED] {
                if !f(c).is_empty() {
                    f(c).parse::<u32>()?;
                }
            }
            // Times parse, and fall within the requested days.
            let occurred = truce_model::time::parse_instant(f(C_OCCURRED_AT), &tz)?;
            let day = (occurred + i64::from(kyiv_offset(occurred).seconds())).div_euclid(DAY);
            assert!((first..=last).contains(&day), "{rec:?}");
            if !f(C_REPORTED_AT).is_empty() {
                truce_model::time::parse_instant(f(C_REPORTED_AT), &tz)?;
            }
            assert!(!f(C_TEXT).is_empty() && f(C_URL).starts_with("https://example.org/"));
        }
        assert_eq!(stances.len(), 4);
        assert_eq!(acts.len(), 8);
        assert!(place_only > 1_000 && place_only < 8_000, "{place_only}");
        assert!(models > 3_000, "{models}");
        Ok(())
    }

    #[test]
    fn events_stay_within_their_day_when_clocks_change() {
        let mut g = Gen::new(
            9,
            Style {
                id_prefix: "t".into(),
                label: false,
                coarse_times: true,
                gazetteer_only: false,
            },
        );
        for (y, m, d) in [(2025, 3, 29), (2025, 3, 30), (2025, 3, 31), (2025, 10, 26)] {
            let day = day_number(jiff::civil::date(y, m, d));
            let (start, end) = (kyiv_midnight(day), kyiv_midnight(day + 1));
            for _ in 0..2_000 {
                let t = g.draw_event(day).t;
                assert!(t >= start + EDGE && t < end - EDGE + 1, "{y}-{m}-{d}: {t}");
            }
        }
    }

    #[test]
    fn degrees_to_four_decimals() {
        for (deg, want) in [
            (50.45012, "50.4501"),
            (-0.5, "-0.5000"),
            (30.99996, "31.0000"),
            (0.0, "0.0000"),
        ] {
            let mut s = String::new();
            put_degrees(&mut s, deg);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn kyiv_offsets_match_the_time_zone_database() -> TestResult {
        let tz = jiff::tz::TimeZone::get("Europe/Kyiv")?;
        let day = |y, m, d| day_number(jiff::civil::date(y, m, d));
        let mut t = jiff::Timestamp::from_second(day(2024, 1, 1) * DAY)?.as_second();
        while t < day(2027, 1, 1) * DAY {
            let want = tz.to_offset(jiff::Timestamp::from_second(t)?).seconds();
            assert_eq!(
                i64::from(kyiv_offset(t).seconds()),
                i64::from(want),
                "at {t}"
            );
            t += 1800;
        }
        let d = day(2025, 3, 30);
        assert_eq!(
            Offset::UTC.to_datetime(instant(d * DAY)).date(),
            jiff::civil::date(2025, 3, 30)
        );
        assert_eq!(
            kyiv_midnight(d),
            jiff::civil::date(2025, 3, 30)
                .to_zoned(tz.clone())?
                .timestamp()
                .as_second()
        );
        assert_eq!(
            kyiv_midnight(d + 1),
            jiff::civil::date(2025, 3, 31)
                .to_zoned(tz)?
                .timestamp()
                .as_second()
        );
        Ok(())
    }

    #[test]
    fn towns_are_where_they_say() {
        for t in TOWNS {
            assert!(
                t.lat > 43.0 && t.lat < 54.0 && t.lon > 22.0 && t.lon < 47.0,
                "{}",
                t.latin
            );
        }
        // Spot checks of distances known from maps, to within a few km.
        let d = |a: &str, b: &str| {
            let (a, b) = (
                find_town(a).map(|i| &TOWNS[i]),
                find_town(b).map(|i| &TOWNS[i]),
            );
            match (a, b) {
                (Some(a), Some(b)) => distance_km((a.lat, a.lon), (b.lat, b.lon)),
                _ => f64::NAN,
            }
        };
        assert!((d("Kyiv", "Kharkiv") - 410.0).abs() < 15.0);
        assert!((d("Odesa", "Mykolaiv") - 111.0).abs() < 8.0);
        assert!((d("Enerhodar", "Nikopol") - 19.0).abs() < 4.0);
        assert!((d("Суджа", "Курск") - 82.0).abs() < 8.0);
    }

    #[test]
    fn every_kind_can_be_drawn_in_every_style() {
        for gazetteer_only in [false, true] {
            let g = Gen::new(
                1,
                Style {
                    id_prefix: "t".into(),
                    label: false,
                    coarse_times: false,
                    gazetteer_only,
                },
            );
            for (kind, _) in KINDS {
                assert!(!g.pools.get(kind).towns.is_empty(), "{kind:?}");
                assert!(
                    roles_for(kind)
                        .iter()
                        .any(|(_, w, when)| *w > 0.0 && matches!(when, When::Always))
                );
            }
        }
    }
}
