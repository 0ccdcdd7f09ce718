//! Statements as the parties publish them, in English, Ukrainian and
//! Russian (an air force's morning tally, a regional governor's message, a
//! ministry's post), for the statement extractor's benchmark: real towns
//! and weapons in the forms the languages decline them to, invented
//! events. A seed always gives the same statements.

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{self, Write};

/// One generated statement, in the fields `truce statements extract` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub source: &'static str,
    /// RFC 3339 with the Kyiv offset of the day.
    pub published_at: String,
    pub text: String,
    /// `en`, `uk` or `ru`.
    pub lang: &'static str,
}

/// A town in the cases a sentence needs: where (locative, with its
/// preposition), what was attacked (accusative), near what (genitive).
#[derive(Clone, Copy)]
struct Town {
    at: &'static str,
    object: &'static str,
    near: &'static str,
}

const fn town(at: &'static str, object: &'static str, near: &'static str) -> Town {
    Town { at, object, near }
}

const UK_TOWNS: &[Town] = &[
    town("у Харкові", "Харків", "Харкова"),
    town("в Одесі", "Одесу", "Одеси"),
    town("у Запоріжжі", "Запоріжжя", "Запоріжжя"),
    town("у Дніпрі", "Дніпро", "Дніпра"),
    town("у Сумах", "Суми", "Сум"),
    town("у Києві", "Київ", "Києва"),
    town("у Миколаєві", "Миколаїв", "Миколаєва"),
    town("у Херсоні", "Херсон", "Херсона"),
    town("у Кременчуці", "Кременчук", "Кременчука"),
    town("у Чугуєві", "Чугуїв", "Чугуєва"),
    town("у Нікополі", "Нікополь", "Нікополя"),
    town("у Полтаві", "Полтаву", "Полтави"),
    town("у Краматорську", "Краматорськ", "Краматорська"),
    town("у Кривому Розі", "Кривий Ріг", "Кривого Рогу"),
];
const UK_REGIONS: &[&str] = &[
    "на Харківщині",
    "на Сумщині",
    "на Дніпропетровщині",
    "на Одещині",
    "на Київщині",
    "на Полтавщині",
    "у Запорізькій області",
    "у Чернігівській області",
];
const RU_TOWNS: &[Town] = &[
    town("в Белгороде", "Белгород", "Белгорода"),
    town("в Курске", "Курск", "Курска"),
    town("в Энгельсе", "Энгельс", "Энгельса"),
    town("в Брянске", "Брянск", "Брянска"),
    town("в Шебекино", "Шебекино", "Шебекино"),
    town("в Судже", "Суджу", "Суджи"),
    town("в Саратове", "Саратов", "Саратова"),
    town("в Курчатове", "Курчатов", "Курчатова"),
    town("в Харькове", "Харьков", "Харькова"),
    town("в Одессе", "Одессу", "Одессы"),
    town("в Запорожье", "Запорожье", "Запорожья"),
    town("в Херсоне", "Херсон", "Херсона"),
];
const RU_REGIONS: &[&str] = &[
    "над Курской областью",
    "над Брянской областью",
    "над Белгородской областью",
    "над Ростовской областью",
    "над Воронежской областью",
    "над территорией Крыма",
];
const EN_TOWNS: &[&str] = &[
    "Kharkiv",
    "Odesa",
    "Zaporizhzhia",
    "Dnipro",
    "Sumy",
    "Kyiv",
    "Mykolaiv",
    "Kherson",
    "Kremenchuk",
    "Nikopol",
    "Poltava",
    "Kryvyi Rih",
    "Belgorod",
    "Kursk",
    "Engels",
];
const EN_REGIONS: &[&str] = &[
    "Kharkiv oblast",
    "Sumy region",
    "Dnipropetrovsk oblast",
    "Kursk region",
    "Bryansk region",
    "Belgorod region",
];

/// Weapons: (with them, of them).
const UK_WEAPONS: &[(&str, &str)] = &[
    ("ударними БпЛА типу Shahed", "ударних БпЛА"),
    ("балістичними ракетами Іскандер-М", "балістичних ракет"),
    ("крилатими ракетами Х-101", "крилатих ракет"),
    ("керованими авіабомбами", "КАБ"),
    ("дронами-камікадзе", "дронів"),
    ("ракетами Калібр", "ракет"),
];
const RU_WEAPONS: &[(&str, &str)] = &[
    ("беспилотниками", "беспилотников"),
    ("ракетами HIMARS", "ракет HIMARS"),
    ("ракетами ATACMS", "ракет ATACMS"),
    ("FPV-дронами", "FPV-дронов"),
    ("ударными беспилотниками", "ударных беспилотников"),
];
const EN_WEAPONS: &[&str] = &[
    "Shahed drones",
    "Iskander-M ballistic missiles",
    "Kh-101 cruise missiles",
    "guided aerial bombs",
    "attack drones",
    "Kalibr missiles",
];

const UK_TARGETS: &[&str] = &[
    "підстанцію",
    "ТЕЦ",
    "нафтобазу",
    "житловий будинок",
    "лікарню",
    "школу",
    "об'єкт енергетики",
    "газопровід",
    "котельню",
    "лінію електропередачі",
];
const RU_TARGETS: &[&str] = &[
    "подстанция",
    "нефтебаза",
    "жилой дом",
    "линия электропередачи",
    "котельная",
    "газопровод",
    "больница",
];
const RU_TARGETS_TO: &[&str] = &[
    "подстанции",
    "нефтебазе",
    "ТЭЦ",
    "газоизмерительной станции",
    "объектам энергетики",
    "нефтеперекачивающей станции",
];
const EN_TARGETS: &[&str] = &[
    "substation",
    "thermal power plant",
    "oil depot",
    "residential building",
    "hospital",
    "school",
    "gas pipeline",
    "boiler house",
    "power line",
];

const UK_ENEMY: &[&str] = &["ворог", "противник", "окупанти", "російські війська"];
const UK_MONTHS: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];
const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const UK_NOISE: &[&str] = &[
    "Інформація уточнюється.",
    "Обставини встановлюються.",
    "На місці працюють рятувальники.",
    "",
];
const RU_NOISE: &[&str] = &[
    "Информация уточняется.",
    "На месте работают экстренные службы.",
    "",
];
const EN_NOISE: &[&str] = &[
    "Details are being clarified.",
    "Emergency crews are at the scene.",
    "",
];

fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

/// The statements, in a mix of languages and styles.
pub fn generate(n: usize, seed: u64) -> Vec<Generated> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let kyiv = TimeZone::get("Europe/Kyiv").unwrap_or(TimeZone::UTC);
    let first = date(2025, 3, 18);
    (0..n)
        .map(|_| {
            let day = first
                .checked_add(jiff::Span::new().days(rng.gen_range(0..38)))
                .unwrap_or(first);
            let hour = rng.gen_range(6..23);
            let minute = rng.gen_range(0..60);
            let published_at = day
                .at(hour, minute, 0, 0)
                .to_zoned(kyiv.clone())
                .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
                .unwrap_or_else(|_| day.to_string());
            match rng.gen_range(0..9) {
                0 => uk_tally(&mut rng, day, published_at),
                1 | 2 => uk_governor(&mut rng, published_at),
                3 => ru_tally(&mut rng, day, published_at),
                4 => ru_claim(&mut rng, published_at),
                5 => ru_governor(&mut rng, published_at),
                6 => en_tally(&mut rng, day, published_at),
                7 => en_ministry(&mut rng, published_at),
                _ => en_governor(&mut rng, published_at),
            }
        })
        .collect()
}

fn uk_tally(rng: &mut SmallRng, day: Date, published_at: String) -> Generated {
    let (with, of) = pick(rng, UK_WEAPONS);
    let launched = rng.gen_range(2..150);
    let destroyed = rng.gen_range(0..=launched);
    let month = UK_MONTHS[(day.month() - 1) as usize];
    let mut text = format!(
        "У ніч на {} {month} {} атакував {launched} {with} з напрямку Брянська та Курська. Станом на 09:00 збито {destroyed} {of}.",
        day.day(),
        pick(rng, &["противник", "ворог"]),
    );
    if rng.gen_bool(0.6) {
        text.push_str(&format!(
            " Внаслідок атаки пошкоджено {} {}.",
            pick(rng, UK_TARGETS),
            pick(rng, UK_REGIONS)
        ));
    }
    Generated {
        source: "ua-airforce",
        published_at,
        text,
        lang: "uk",
    }
}

fn uk_governor(rng: &mut SmallRng, published_at: String) -> Generated {
    let (with, _) = pick(rng, UK_WEAPONS);
    let first = pick(rng, UK_TOWNS);
    let second = pick(rng, UK_TOWNS);
    let when = pick(
        rng,
        &[
            "Вночі",
            "Вчора ввечері",
            "Сьогодні вранці",
            "Близько 04:30",
            "Минулої ночі",
        ],
    );
    let mut text = format!(
        "{when} {} атакував {} {with}. {} пошкоджено {}.",
        pick(rng, UK_ENEMY),
        first.object,
        capitalise(first.at),
        pick(rng, UK_TARGETS)
    );
    if rng.gen_bool(0.5) {
        text.push_str(&format!(
            " Також {} зруйновано {}, поранено {} людей.",
            second.at,
            pick(rng, UK_TARGETS),
            rng.gen_range(1..9)
        ));
    }
    if rng.gen_bool(0.3) {
        text.push_str(&format!(
            " Біля {} впали уламки збитого дрона.",
            second.near
        ));
    }
    text.push(' ');
    text.push_str(pick(rng, UK_NOISE));
    Generated {
        source: pick(rng, &["kharkiv-ova", "odesa-ova", "dnipro-ova", "sumy-ova"]),
        published_at,
        text: text.trim_end().to_string(),
        lang: "uk",
    }
}

fn ru_tally(rng: &mut SmallRng, day: Date, published_at: String) -> Generated {
    let n = rng.gen_range(3..60);
    let month = RU_MONTHS[(day.month() - 1) as usize];
    let text = format!(
        "В ночь на {} {month} дежурными средствами ПВО перехвачены и уничтожены {n} украинских беспилотных летательных аппаратов {}.",
        day.day(),
        pick(rng, RU_REGIONS)
    );
    Generated {
        source: "ru-mod",
        published_at,
        text,
        lang: "ru",
    }
}

fn ru_claim(rng: &mut SmallRng, published_at: String) -> Generated {
    let (with, _) = pick(rng, RU_WEAPONS);
    let place = pick(rng, RU_TOWNS);
    let text = if rng.gen_bool(0.8) {
        format!(
            "{} {} нанесли удар {with} по {} {}.",
            pick(rng, &["Вчера", "Сегодня утром", "Ночью", "Вчера вечером"]),
            pick(rng, &["ВСУ", "Киевский режим", "украинские боевики"]),
            pick(rng, RU_TARGETS_TO),
            place.at
        )
    } else {
        format!(
            "Российские войска не наносили ударов по {} {}. Заявления киевского режима являются фейком.",
            pick(rng, RU_TARGETS_TO),
            place.near
        )
    };
    Generated {
        source: "ru-mod",
        published_at,
        text,
        lang: "ru",
    }
}

fn ru_governor(rng: &mut SmallRng, published_at: String) -> Generated {
    let (_, of) = pick(rng, RU_WEAPONS);
    let place = pick(rng, RU_TOWNS);
    let mut text = format!(
        "{} {} в результате атаки {of} ВСУ повреждена {}.",
        pick(rng, &["Вечером", "Сегодня ночью", "Около 14:20", "Вчера"]),
        place.at,
        pick(rng, RU_TARGETS)
    );
    if rng.gen_bool(0.5) {
        text.push_str(&format!(
            " Сбиты {} беспилотников {}.",
            rng.gen_range(1..20),
            pick(rng, RU_REGIONS)
        ));
    }
    text.push(' ');
    text.push_str(pick(rng, RU_NOISE));
    Generated {
        source: pick(rng, &["belgorod-gov", "kursk-gov", "bryansk-gov"]),
        published_at,
        text: text.trim_end().to_string(),
        lang: "ru",
    }
}

fn en_tally(rng: &mut SmallRng, day: Date, published_at: String) -> Generated {
    let weapon = pick(rng, EN_WEAPONS);
    let launched = rng.gen_range(2..150);
    let destroyed = rng.gen_range(0..=launched);
    let month = EN_MONTHS[(day.month() - 1) as usize];
    let mut text = format!(
        "On the night of {} {month}, the enemy attacked with {launched} {weapon}. {destroyed} of {launched} were shot down.",
        day.day()
    );
    if rng.gen_bool(0.5) {
        text.push_str(&format!(
            " A {} was damaged in {}.",
            pick(rng, EN_TARGETS),
            pick(rng, EN_REGIONS)
        ));
    }
    Generated {
        source: "ua-airforce",
        published_at,
        text,
        lang: "en",
    }
}

fn en_ministry(rng: &mut SmallRng, published_at: String) -> Generated {
    let text = format!(
        "{}, Russia struck a {} in {} with {}, in breach of the energy moratorium. {}",
        pick(
            rng,
            &[
                "Overnight",
                "Yesterday evening",
                "This morning",
                "On Monday"
            ]
        ),
        pick(rng, EN_TARGETS),
        pick(rng, EN_TOWNS),
        pick(rng, EN_WEAPONS),
        pick(rng, EN_NOISE)
    );
    Generated {
        source: pick(rng, &["ua-mfa", "ua-minenergo"]),
        published_at,
        text: text.trim_end().to_string(),
        lang: "en",
    }
}

fn en_governor(rng: &mut SmallRng, published_at: String) -> Generated {
    let first = pick(rng, EN_TOWNS);
    let second = pick(rng, EN_TOWNS);
    let text = format!(
        "At {:02}:{:02} Russian troops shelled {first} with artillery; a {} was damaged. Debris fell near {second}, damaging a {}. {}",
        rng.gen_range(0..24),
        rng.gen_range(0..60),
        pick(rng, EN_TARGETS),
        pick(rng, EN_TARGETS),
        pick(rng, EN_NOISE)
    );
    Generated {
        source: pick(rng, &["kharkiv-ova", "zaporizhzhia-ova", "sumy-ova"]),
        published_at,
        text: text.trim_end().to_string(),
        lang: "en",
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A JSON string literal.
fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes `n` statements as JSON Lines, the input of `truce statements
/// extract`.
pub fn write_jsonl(n: usize, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut line = String::new();
    for g in generate(n, seed) {
        line.clear();
        line.push_str("{\"source\":");
        json_string(g.source, &mut line);
        line.push_str(",\"published_at\":");
        json_string(&g.published_at, &mut line);
        line.push_str(",\"lang\":");
        json_string(g.lang, &mut line);
        line.push_str(",\"text\":");
        json_string(&g.text, &mut line);
        line.push_str("}\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_statements_in_every_language() {
        let a = generate(300, 7);
        assert_eq!(a, generate(300, 7));
        assert_ne!(a, generate(300, 8));
        for lang in ["en", "uk", "ru"] {
            assert!(a.iter().filter(|g| g.lang == lang).count() > 50, "{lang}");
        }
        assert!(
            a.iter()
                .all(|g| g.text.len() < 20_000 && !g.text.is_empty())
        );
    }

    #[test]
    fn json_lines_escape_what_json_needs() {
        let mut s = String::new();
        json_string("a \"b\" \\ c\nd\u{1}", &mut s);
        assert_eq!(s, "\"a \\\"b\\\" \\\\ c\\nd\\u0001\"");
        let mut out = Vec::new();
        write_jsonl(3, 1, &mut out).expect("write");
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 3);
    }
}
