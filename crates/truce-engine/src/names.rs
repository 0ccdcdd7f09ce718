//! Comparing target names across languages: "Sudzha gas metering station",
//! "ГВС «Суджа»" and "ГИС Суджа" must be seen to name the same facility.
//! Names are cut into word tokens, folded to one loose Latin spelling with the
//! gazetteer's transliteration (`truce_geo::translit::fold_latin`), and generic
//! words (station, plant, ТЕС…) are dropped so that only the distinctive ones
//! count.

use std::collections::HashSet;
use std::sync::OnceLock;
use truce_geo::translit::fold_latin;

/// Words that say what kind of thing a target is rather than which one.
const GENERIC: &[&str] = &[
    "ТЕС",
    "ТЕЦ",
    "ТЭС",
    "ТЭЦ",
    "АЕС",
    "АЭС",
    "ГЕС",
    "ГЭС",
    "ГВС",
    "ГИС",
    "ГРС",
    "НПЗ",
    "НПС",
    "станція",
    "станция",
    "підстанція",
    "подстанция",
    "нафтобаза",
    "нефтебаза",
    "область",
    "район",
    "місто",
    "город",
    "село",
    "the",
    "and",
    "of",
    "in",
    "near",
    "station",
    "plant",
    "power",
    "thermal",
    "substation",
    "facility",
    "infrastructure",
    "energy",
    "gas",
    "oil",
    "metering",
    "measuring",
    "pumping",
    "depot",
    "storage",
    "refinery",
    "pipeline",
    "port",
    "city",
    "district",
    "region",
    "oblast",
    "village",
    "town",
    "building",
    "house",
    "site",
    "object",
    "obiekt",
    "obekt",
    "stantsiia",
    "stantsia",
    "pidstantsiia",
    "podstantsiia",
    "tets",
    "tes",
    "ges",
    "aes",
    "gvs",
    "gis",
    "grs",
    "npz",
    "oblast",
    "oblasti",
    "raion",
    "raiona",
    "rainu",
    "misto",
    "gorod",
    "selo",
    "na",
    "v",
    "u",
    "iz",
    "pid",
    "pod",
    "ta",
    "i",
    "ma",
    "chp",
    "tpp",
    "npp",
    "gpp",
    "nps",
    "pss",
    "street",
    "vulitsia",
    "ulitsa",
    "complex",
    "terminal",
    "tanker",
    "vessel",
    "ship",
];

/// A distinctive word of a name. Kept inline when short (as nearly all are):
/// correlation copies a report's words into each incident it makes.
pub type Word = compact_str::CompactString;

/// A name's distinctive words, inline while two or fewer (nearly all names):
/// each step of a replay copies a report's words.
pub type Words = smallvec::SmallVec<[Word; 2]>;

/// Distinctive tokens of a name, transliterated and folded, sorted and
/// deduplicated.
pub fn name_tokens(name: &str) -> Words {
    let generic = generic_words();
    let mut out: Words = name
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == 'ʼ'))
        .filter(|w| !w.is_empty())
        .map(|w| fold_latin(&w.to_lowercase()))
        .filter(|t| t.chars().count() >= 3 && !generic.contains(t.as_str()))
        .map(Word::from)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// [`GENERIC`], folded the way tokens are.
fn generic_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| GENERIC.iter().map(|w| fold_latin(w)).collect())
}

/// Whether two token lists share a distinctive word. Words match when equal
/// or when they share a stem (a common prefix of at least four letters making
/// up most of the shorter word), so that inflected and adjectival forms meet
/// ("Бурштин"/"Бурштинська"). Two names without distinctive words ("substation"
/// and "power plant") give no evidence either way.
pub fn names_agree(a: &[Word], b: &[Word]) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().any(|x| b.iter().any(|y| same_stem(x, y))))
}

fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    common >= 4 && common * 5 >= shorter * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(a: &str, b: &str) -> Option<bool> {
        names_agree(&name_tokens(a), &name_tokens(b))
    }

    #[test]
    fn same_facility_across_scripts() {
        assert_eq!(
            agree("Sudzha gas metering station", "ГВС «Суджа»"),
            Some(true)
        );
        assert_eq!(agree("ГИС Суджа", "ГВС Суджа"), Some(true));
        assert_eq!(agree("Burshtyn TPP", "Бурштинська ТЕС"), Some(true));
        assert_eq!(agree("Chernihiv", "Чернигов"), Some(true));
        assert_eq!(agree("Zaporizhzhia NPP", "Запорізька АЕС"), Some(true));
        assert_eq!(
            agree("Kropotkinskaya pumping station", "НПС Кропоткинская"),
            Some(true)
        );
    }

    #[test]
    fn different_facilities() {
        assert_eq!(
            agree("Sudzha gas metering station", "Kremenchuk refinery"),
            Some(false)
        );
        assert_eq!(agree("substation", "power plant"), None);
        assert_eq!(agree("Kharkiv CHP-5", "Kherson CHP"), Some(false));
    }
}
