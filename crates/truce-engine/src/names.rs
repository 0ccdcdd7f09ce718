//! Comparing target names across languages: "Sudzha gas metering station",
//! "ГВС «Суджа»" and "ГИС Суджа" must be seen to name the same facility.
//! Names are cut into word tokens, transliterated to Latin, and generic words
//! (station, plant, oblast…) are dropped so that only the distinctive ones count.

/// Latin transliteration of one Cyrillic letter (Ukrainian and Russian), chosen
/// so that the Ukrainian and the Russian spelling of a place usually meet:
/// и/і/ы/й all become "i", е/є/э become "e", г/х keep distinct letters.
fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' | 'є' | 'э' | 'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' | 'ы' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' | 'ъ' | '\'' | '’' | 'ʼ' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// Folds Latin spellings the way the Cyrillic table writes them: a lone "h"
/// (Ukrainian г) becomes "g" like Russian г, "kh", "zh", "sh", "ch" stay, and
/// "y" becomes "i", so "Sudzha"/"Суджа" and "Chernihiv"/"Чернигов" meet.
fn fold_latin(s: &mut String) {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            'h' => {
                let prev = if i > 0 { Some(b[i - 1]) } else { None };
                if matches!(prev, Some('k' | 'z' | 's' | 'c')) {
                    out.push('h');
                } else {
                    out.push('g');
                }
            }
            'y' => match next {
                Some('i') => {
                    out.push('i');
                    i += 1;
                }
                Some('e') => {
                    out.push('e');
                    i += 1;
                }
                _ => out.push('i'),
            },
            'x' => out.push_str("ks"),
            'w' => out.push('v'),
            _ => out.push(c),
        }
        i += 1;
    }
    *s = out;
}

/// Words that say what kind of thing a target is rather than which one.
const GENERIC: &[&str] = &[
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

/// Distinctive tokens of a name, transliterated and folded, sorted and
/// deduplicated.
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if cur.is_empty() {
            return;
        }
        let mut t = std::mem::take(cur);
        fold_latin(&mut t);
        if t.chars().count() >= 3 && !GENERIC.contains(&t.as_str()) {
            out.push(t);
        }
    };
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            cur.push(ch);
        } else if let Some(t) = translit(ch) {
            cur.push_str(t);
        } else if ch.is_alphabetic() {
            cur.push(ch);
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Whether two token lists share a distinctive word. Words match when equal
/// or when they share a stem (a common prefix of at least four letters making
/// up most of the shorter word), so that inflected and adjectival forms meet
/// ("Бурштин"/"Бурштинська"). Two names without distinctive words ("substation"
/// and "power plant") give no evidence either way.
pub fn names_agree(a: &[String], b: &[String]) -> Option<bool> {
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
