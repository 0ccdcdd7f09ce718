//! Romanisation of Ukrainian and Russian names, and a loose Latin key that
//! lets the many spellings of one name meet.
//!
//! - [`uk_to_latin`]: the Ukrainian national romanisation (Cabinet of
//!   Ministers resolution 55 of 27 January 2010): `зг` → `zgh`, word-initial
//!   `є ї й ю я` → `ye yi y yu ya` (elsewhere `ie i i iu ia`), `ь` and the
//!   apostrophe dropped.
//! - [`ru_to_latin`]: Russian in BGN/PCGN without diacritics (`ё`, `е`
//!   word-initially or after a vowel or a sign → `ye`, `ы` → `y`, `ь ъ`
//!   dropped).
//! - [`fold_latin`]: a lossy key for Latin spellings (kh/h, g/h, y/i/j,
//!   ya/ia/ja, ye/ie/je, yu/iu/ju, zh/z, ts/tz/c, doubled letters, diacritics),
//!   used only when the exact names do not match.
//!
//! Every function takes lower-case input (as made by
//! [`normalize`](crate::normalize)) and returns lower case.

/// Whether `c` is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Whether the text has any Cyrillic letter.
pub fn has_cyrillic(s: &str) -> bool {
    s.chars().any(is_cyrillic)
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| crate::gazetteer::is_alnum(c) || crate::gazetteer::is_apostrophe(c))
}

/// Ukrainian Cyrillic to the national 2010 romanisation. Characters that are
/// not Cyrillic pass through.
pub fn uk_to_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let initial = !is_word_char(prev);
        let piece: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' if prev == Some('з') => "gh",
            'г' => "h",
            'ґ' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'є' if initial => "ye",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' | 'ы' => "y",
            'і' => "i",
            'ї' if initial => "yi",
            'ї' => "i",
            'й' if initial => "y",
            'й' => "i",
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
            'ь' | 'ъ' => "",
            'ю' if initial => "yu",
            'ю' => "iu",
            'я' if initial => "ya",
            'я' => "ia",
            'ё' => "io",
            c if crate::gazetteer::is_apostrophe(c) => "",
            c => {
                out.push(c);
                prev = Some(c);
                continue;
            }
        };
        out.push_str(piece);
        prev = Some(c);
    }
    out
}

/// Russian Cyrillic to BGN/PCGN without diacritics. Characters that are not
/// Cyrillic pass through.
pub fn ru_to_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let after_vowel =
            prev.is_none_or(|p| !crate::gazetteer::is_alnum(p) || "аеёиоуыэюяіїєьъ".contains(p));
        let piece: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ґ' => "g",
            'д' => "d",
            'е' | 'ё' if after_vowel => "ye",
            'е' | 'ё' | 'э' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' => "y",
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
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            c if crate::gazetteer::is_apostrophe(c) => "",
            c => {
                out.push(c);
                prev = Some(c);
                continue;
            }
        };
        out.push_str(piece);
        prev = Some(c);
    }
    out
}

/// Latin letters with diacritics, as their plain spelling in the
/// romanisations that use them (Polish, Czech, German, French, Romanian…).
fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' => "c",
        'č' => "ch",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'ş' | 'ș' => "s",
        'š' => "sh",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ŭ' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' => "z",
        'ž' => "zh",
        _ => return None,
    })
}

/// Spelling variants folded together, longest first within a position.
const FOLDS: [(&str, &str); 16] = [
    ("shch", "sc"),
    ("sch", "sc"),
    ("tch", "ch"),
    ("kh", "h"),
    ("gh", "h"),
    ("zh", "z"),
    ("tz", "c"),
    ("ts", "c"),
    ("cz", "ch"),
    ("sz", "sh"),
    ("ck", "k"),
    ("ph", "f"),
    ("g", "h"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
];

/// A loose key for a Latin (or romanised) name: diacritics dropped, common
/// variant spellings made one (Kharkov/Charkov stay apart, but
/// Khmelnitsky/Khmelnytskyi/Khmelnytskyy, Zaporizhia/Zaporizhzhia,
/// Cherkassy/Cherkasy, Lugansk/Luhansk and Kamenskoye/Kamenskoe meet).
/// Cyrillic text is romanised as Ukrainian first; call it on
/// [`ru_to_latin`]'s output for the Russian reading.
pub fn fold_latin(s: &str) -> String {
    let mut ascii = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(p) = plain(c) {
            ascii.push_str(p);
        } else if is_cyrillic(c) {
            ascii.push_str(&uk_to_latin(c.encode_utf8(&mut [0; 4])));
        } else {
            ascii.push(c);
        }
    }
    // Digraphs first, so that `kh` is not read as `k` + `h`.
    let mut s = String::with_capacity(ascii.len());
    let bytes = ascii.as_bytes();
    let mut i = 0;
    'outer: while i < ascii.len() {
        for (from, to) in FOLDS {
            if bytes[i..].starts_with(from.as_bytes()) {
                s.push_str(to);
                i += from.len();
                continue 'outer;
            }
        }
        let Some(c) = ascii[i..].chars().next() else {
            break;
        };
        s.push(match c {
            'y' | 'j' => 'i',
            c => c,
        });
        i += c.len_utf8();
    }
    // ia/ie/iu/io after y/j became i: the glide goes.
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == 'i' && matches!(next, Some('a' | 'e' | 'u' | 'o')) {
            continue;
        }
        // Runs of one letter become one, except a doubled consonant that ends
        // a word (so that "Kyivv" stays a typo rather than Kyiv).
        if out.ends_with(c) && c.is_alphabetic() {
            let word_end = next.is_none_or(|n| !crate::gazetteer::is_alnum(n));
            if !word_end || "aeiou".contains(c) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_national_romanisation() {
        for (uk, latin) in [
            ("київ", "kyiv"),
            ("харків", "kharkiv"),
            ("запоріжжя", "zaporizhzhia"),
            ("згурівка", "zghurivka"),
            ("розгон", "rozghon"),
            ("єнакієве", "yenakiieve"),
            ("їжакевич", "yizhakevych"),
            ("йосипівка", "yosypivka"),
            ("стрий", "stryi"),
            ("юрій", "yurii"),
            ("яготин", "yahotyn"),
            ("костянтин", "kostiantyn"),
            ("знам'янка", "znamianka"),
            ("кам’янське", "kamianske"),
            ("гуляйполе", "huliaipole"),
            ("біла церква", "bila tserkva"),
            ("щорс", "shchors"),
            ("мар'їнка", "marinka"),
            ("ґорґани", "gorgany"),
            ("ізюм", "izium"),
            ("кропивницький", "kropyvnytskyi"),
        ] {
            assert_eq!(uk_to_latin(uk), latin, "{uk}");
        }
    }

    #[test]
    fn russian_bgn_pcgn() {
        for (ru, latin) in [
            ("киев", "kiyev"),
            ("харьков", "kharkov"),
            ("запорожье", "zaporozhye"),
            ("ёлкино", "yelkino"),
            ("орёл", "orel"),
            ("новороссийск", "novorossiysk"),
            ("белгород", "belgorod"),
            ("энергодар", "energodar"),
            ("щёлкино", "shchelkino"),
            ("подъезд", "podyezd"),
        ] {
            assert_eq!(ru_to_latin(ru), latin, "{ru}");
        }
    }

    #[test]
    fn folding_joins_common_variants() {
        let same = |a: &str, b: &str| assert_eq!(fold_latin(a), fold_latin(b), "{a} / {b}");
        same("khmelnytskyi", "khmelnitsky");
        same("khmelnytskyy", "khmelnitskiy");
        same("zaporizhzhia", "zaporizhia");
        same("zaporozhye", "zaporozhe");
        same("cherkassy", "cherkasy");
        same("lugansk", "luhansk");
        same("kamenskoye", "kamenskoe");
        same("odessa", "odesa");
        same("mariupol", "mariupol");
        same("bilopillya", "bilopillia");
        same("kupyansk", "kupiansk");
        same("izyum", "izium");
        same("kostyantynivka", "kostiantynivka");
        same("pokrowsk", "pokrovsk");
        same("mikołajów", "mikolajow");
        same("vuhledar", "vugledar");
        assert_ne!(fold_latin("kyivv"), fold_latin("kyiv"));
        assert_ne!(fold_latin("kharkiv"), fold_latin("kherson"));
    }
}
