//! Tokens, sentences and the language of a statement.
//!
//! Every token keeps the byte range it was read from, so that every field
//! the extractor proposes can point back at its words. Tokens are compared
//! in a normalised form: lower case, `ё` read as `е`, apostrophes and
//! stress marks dropped ("Куп'янськ" → "купянськ"), an English possessive
//! `'s` dropped ("Ukraine's" → "ukraine").

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The languages the extractor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Uk,
    Ru,
}

impl Lang {
    pub const fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
        }
    }

    /// `en`, `uk` or `ru` (also `ua`, and the languages' names in English).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Some(Lang::En),
            "uk" | "ua" | "ukr" | "ukrainian" => Some(Lang::Uk),
            "ru" | "rus" | "russian" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// Tells the language from the letters: more Cyrillic than Latin letters
    /// is Ukrainian when the letters only Ukrainian uses (і ї є ґ) outnumber
    /// those only Russian uses (ы э ъ ё), else Russian; otherwise English.
    pub fn detect(text: &str) -> Lang {
        let (mut latin, mut cyrillic, mut uk, mut ru) = (0u32, 0u32, 0u32, 0u32);
        for c in text.chars() {
            if c.is_ascii_alphabetic() {
                latin += 1;
            } else if is_cyrillic(c) {
                cyrillic += 1;
                match c {
                    'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => uk += 1,
                    'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё' => ru += 1,
                    _ => {}
                }
            }
        }
        if cyrillic > latin {
            if uk > ru { Lang::Uk } else { Lang::Ru }
        } else {
            Lang::En
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Letters and digits, with the Latin and Cyrillic blocks answered
/// without Unicode's tables (the common case, and the hot path).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphabetic(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{0400}'..='\u{042F}' => true,
        'a'..='z' | '\u{0430}'..='\u{045F}' => false,
        c if c.is_ascii() => false,
        c => c.is_uppercase(),
    }
}

/// Pushes `c` in lower case, `ё` as `е`.
fn push_lower(out: &mut String, c: char) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        'a'..='z' | '0'..='9' => out.push(c),
        'ё' | 'Ё' => out.push('е'),
        // А–Я, then Ѐ–Џ (Є, І, Ї among them).
        '\u{0410}'..='\u{042F}' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        '\u{0400}'..='\u{040F}' => out.push(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
        '\u{0430}'..='\u{045F}' => out.push(c),
        c => {
            for l in c.to_lowercase() {
                out.push(if l == 'ё' { 'е' } else { l });
            }
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{02B9}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (and digits, hyphens, apostrophes inside them).
    Word,
    /// Digits only.
    Number,
    /// One character of punctuation or a symbol.
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Token {
    /// Bytes of the statement's text.
    pub start: usize,
    pub end: usize,
    /// Bytes of [`Tokens::norm`].
    norm: Range<usize>,
    pub kind: Kind,
    /// The first letter is upper case.
    pub cap: bool,
    /// A line break comes between this token and the one before.
    pub line_before: bool,
    /// An empty line comes between this token and the one before.
    pub paragraph_before: bool,
    /// No space between this token and the one before.
    pub joined: bool,
    /// The word has a Cyrillic letter.
    pub cyrillic: bool,
}

/// A statement cut into tokens.
pub struct Tokens {
    pub list: Vec<Token>,
    norm: String,
}

impl Tokens {
    /// Cuts `text` into tokens. Whitespace separates; a word runs over
    /// letters and digits, and over a hyphen or an apostrophe between two of
    /// them ("Shahed-136", "Х-101", "Куп'янськ"); any other character is a
    /// token of its own.
    pub fn new(text: &str) -> Tokens {
        let mut list = Vec::with_capacity(text.len() / 5);
        let mut norm = String::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        let mut newlines = 0u32;
        let mut space = false;
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                if c == '\n' {
                    newlines += 1;
                }
                space = true;
                continue;
            }
            let line_before = newlines > 0;
            let paragraph_before = newlines > 1;
            let joined = !space && !list.is_empty();
            newlines = 0;
            space = false;
            if !is_word_char(c) {
                let n0 = norm.len();
                norm.push(c);
                list.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                    norm: n0..norm.len(),
                    kind: Kind::Punct(c),
                    cap: false,
                    line_before,
                    paragraph_before,
                    joined,
                    cyrillic: false,
                });
                continue;
            }
            let n0 = norm.len();
            let mut end = i;
            let mut digits_only = true;
            let mut cyrillic = false;
            let cap = is_upper(c);
            let mut cur = Some((i, c));
            while let Some((j, ch)) = cur {
                if is_word_char(ch) {
                    if is_letter(ch) {
                        digits_only = false;
                        if is_cyrillic(ch) {
                            cyrillic = true;
                        }
                    } else if !ch.is_ascii_digit() {
                        digits_only = false;
                    }
                    push_lower(&mut norm, ch);
                    end = j + ch.len_utf8();
                } else if ch == '\u{301}' {
                    end = j + ch.len_utf8();
                } else if is_hyphen(ch) || is_apostrophe(ch) {
                    // Inside a word only when a letter or digit follows.
                    let next_is_word = chars.peek().is_some_and(|&(_, n)| is_word_char(n));
                    if !next_is_word {
                        break;
                    }
                    if is_hyphen(ch) {
                        norm.push('-');
                        digits_only = false;
                    } else {
                        // "Ukraine's": the possessive is not part of the name.
                        let rest = &text[j + ch.len_utf8()..];
                        let mut after = rest.chars();
                        let possessive = !cyrillic
                            && matches!(after.next(), Some('s' | 'S'))
                            && after.next().is_none_or(|n| !is_word_char(n));
                        if possessive {
                            let (k, s) = chars.next().unwrap_or((j, ch));
                            end = k + s.len_utf8();
                            break;
                        }
                    }
                    end = j + ch.len_utf8();
                } else {
                    break;
                }
                match chars.peek() {
                    Some(&(k, n))
                        if is_word_char(n)
                            || n == '\u{301}'
                            || is_hyphen(n)
                            || is_apostrophe(n) =>
                    {
                        chars.next();
                        cur = Some((k, n));
                    }
                    _ => cur = None,
                }
            }
            // A trailing hyphen or apostrophe that was not followed by a
            // letter was never consumed, so `end` ends on a letter or digit.
            list.push(Token {
                start: i,
                end,
                norm: n0..norm.len(),
                kind: if digits_only {
                    Kind::Number
                } else {
                    Kind::Word
                },
                cap,
                line_before,
                paragraph_before,
                joined,
                cyrillic,
            });
        }
        Tokens { list, norm }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn norm(&self, i: usize) -> &str {
        self.list
            .get(i)
            .and_then(|t| self.norm.get(t.norm.clone()))
            .unwrap_or("")
    }

    pub fn get(&self, i: usize) -> Option<&Token> {
        self.list.get(i)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.list.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.list.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// The number a token of digits holds (at most nine digits).
    pub fn number(&self, i: usize) -> Option<u64> {
        let t = self.list.get(i)?;
        if t.kind != Kind::Number || t.end - t.start > 9 {
            return None;
        }
        self.norm(i).parse().ok()
    }

    /// The bytes tokens `a..b` cover (empty for an empty range).
    pub fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        match (
            self.list.get(a),
            b.checked_sub(1).and_then(|l| self.list.get(l)),
        ) {
            (Some(x), Some(y)) if b > a => (x.start, y.end),
            _ => (0, 0),
        }
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "обл", "м", "с", "смт", "р", "г", "вул", "ул", "пгт", "пос", "н", "st", "no", "vs", "a", "p",
    "m", "ст", "тис", "тыс", "млн", "км", "etc", "мр", "gen",
];

/// Splits the tokens into sentences: `[start, end)` token ranges. A
/// sentence ends at `!`, `?`, `;`, `…`, at a line break, and at a full stop
/// that is not inside a number (25.03) or after an abbreviation ("обл.",
/// "м.") and is followed by a capital letter, a quote or the end.
pub fn sentences(t: &Tokens) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let n = t.len();
    for i in 0..n {
        let tok = &t.list[i];
        if i > start && tok.line_before {
            out.push((start, i));
            start = i;
        }
        let end_here = match tok.kind {
            Kind::Punct('!' | '?' | ';' | '…') => true,
            Kind::Punct('.') => {
                let prev_abbrev = i > 0
                    && t.list[i - 1].kind == Kind::Word
                    && tok.joined
                    && ABBREVIATIONS.contains(&t.norm(i - 1));
                let next = t.list.get(i + 1);
                let in_number = i > 0
                    && t.list[i - 1].kind == Kind::Number
                    && next.is_some_and(|x| x.joined && x.kind == Kind::Number);
                let next_starts = next.is_none_or(|x| {
                    x.cap
                        || x.line_before
                        || matches!(x.kind, Kind::Punct('"' | '«' | '“' | '(' | '—' | '-'))
                        || (x.kind == Kind::Number && !x.joined)
                });
                !prev_abbrev && !in_number && next_starts
            }
            _ => false,
        };
        if end_here {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, &str)> {
        let t = Tokens::new(text);
        (0..t.len())
            .map(|i| (t.norm(i).to_string(), &text[t.list[i].start..t.list[i].end]))
            .collect()
    }

    #[test]
    fn words_keep_hyphens_and_drop_apostrophes() {
        let w = words("Shahed-136, Х-101 у Куп'янську; Ukraine's Іскандер-М/KN-23 -");
        let norms: Vec<&str> = w.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            norms,
            [
                "shahed-136",
                ",",
                "х-101",
                "у",
                "купянську",
                ";",
                "ukraine",
                "іскандер-м",
                "/",
                "kn-23",
                "-"
            ]
        );
        assert_eq!(w[4].1, "Куп'янську");
        assert_eq!(w[6].1, "Ukraine's");
    }

    #[test]
    fn sentences_end_where_people_end_them() {
        let text = "У Харківській обл. пошкоджено 2 будинки. Збито 25.03 о 06:40!\nДалі";
        let t = Tokens::new(text);
        let s = sentences(&t);
        let shown: Vec<&str> = s
            .iter()
            .map(|&(a, b)| {
                let (x, y) = t.bytes(a, b);
                &text[x..y]
            })
            .collect();
        assert_eq!(
            shown,
            [
                "У Харківській обл. пошкоджено 2 будинки.",
                "Збито 25.03 о 06:40!",
                "Далі"
            ]
        );
    }

    #[test]
    fn the_fast_letter_tests_agree_with_unicode() {
        for c in ('\u{0}'..='\u{0500}').chain(['ẞ', 'Ω', 'ω', '٣', '\u{301}']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            let mut fast = String::new();
            push_lower(&mut fast, c);
            let slow: String = c
                .to_lowercase()
                .map(|l| if l == 'ё' { 'е' } else { l })
                .collect();
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::detect("Вночі ворог атакував Київ"), Lang::Uk);
        assert_eq!(Lang::detect("Ночью противник атаковал Энгельс"), Lang::Ru);
        assert_eq!(Lang::detect("Overnight, Russia attacked"), Lang::En);
        assert_eq!(Lang::detect(""), Lang::En);
    }
}
