//! The interface's languages: English, Ukrainian and Russian. Every word a
//! page says lives in `locales/{en,uk,ru}/*.ftl` (Fluent), so plural forms
//! follow each language's rules (1 звіт, 2 звіти, 5 звітів) and the labels of
//! the vocabularies, statuses and stances are kept in one place.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around every argument would show up in
        // copied text and break the English pages' exact wording.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that keeps a viewer's choice of language.
pub const COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Uk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Uk, Lang::Ru];

    /// The BCP 47 code, as in `<html lang>` and the cookie.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
        }
    }

    /// The language's own name, for the switch.
    pub const fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Uk => "Українська",
            Lang::Ru => "Русский",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Uk => langid!("uk"),
            Lang::Ru => langid!("ru"),
        }
    }

    /// The viewer's language: the cookie if it names one we speak, else the
    /// best of `Accept-Language` by quality, else English.
    pub fn negotiate(cookie: Option<&str>, accept: Option<&str>) -> Lang {
        if let Some(l) = cookie.and_then(Lang::from_code) {
            return l;
        }
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.unwrap_or("").split(',') {
            let mut bits = part.split(';');
            let Some(l) = bits.next().and_then(Lang::from_code) else {
                continue;
            };
            let q = bits
                .filter_map(|b| b.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // The first of equal quality wins, as the header lists them.
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// The message `key`; its English text where this language lacks it, and
    /// the key itself where no language has it (a test catches those).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with arguments; a number argument picks the plural.
    pub fn args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with a count `n`.
    pub fn n(self, key: &str, n: u64) -> String {
        self.args(key, &[("n", FluentValue::from(n))])
    }

    /// A vocabulary value in words: `label("target", "energy.substation")`
    /// is "substation" / "підстанція" / "подстанция"; an unknown code reads
    /// as itself.
    pub fn label(self, kind: &str, code: &str) -> String {
        let key = label_key(kind, code);
        LOCALES
            .try_lookup(&self.id(), &key)
            .unwrap_or_else(|| code.to_string())
    }

    /// Whether a message exists in this very language (not by fallback).
    pub fn has(self, key: &str) -> bool {
        LOCALES
            .lookup_single_language::<&str>(&self.id(), key, None)
            .is_ok()
    }
}

/// Fluent identifiers allow letters, digits, `-` and `_`: `energy.oil-refinery`
/// becomes `target-energy-oil-refinery`.
pub fn label_key(kind: &str, code: &str) -> String {
    let code: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{kind}-{code}")
}

/// A path on this site to send the viewer back to: only a local absolute
/// path, so the switch cannot become an open redirect (`//evil`, `/\evil`,
/// `https://evil`, control characters).
pub fn safe_back(back: Option<&str>) -> String {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b.starts_with("//")
                && !b.contains('\\')
                && !b.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            b.to_string()
        }
        _ => "/".to_string(),
    }
}

/// The shared layer's words (disputes, the period report) in this language.
impl truce_app::claims::Words for Lang {
    fn label(&self, kind: &str, code: &str) -> String {
        Lang::label(*self, kind, code)
    }

    fn t(&self, key: &str) -> String {
        Lang::t(*self, key)
    }

    fn args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&'static str, FluentValue<'static>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.clone())))
            .collect();
        Lang::args(*self, key, &args)
    }

    fn count(&self, key: &str, n: u64, args: &[(&'static str, String)]) -> String {
        let mut all: Vec<(&'static str, FluentValue<'static>)> = vec![("n", FluentValue::from(n))];
        all.extend(args.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))));
        Lang::args(*self, key, &all)
    }

    fn lang(&self) -> &str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_we_speak() {
        assert_eq!(Lang::negotiate(None, None), Lang::En);
        assert_eq!(
            Lang::negotiate(None, Some("uk-UA,uk;q=0.9,en;q=0.8")),
            Lang::Uk
        );
        assert_eq!(
            Lang::negotiate(None, Some("de,ru;q=0.5,en;q=0.4")),
            Lang::Ru
        );
        assert_eq!(Lang::negotiate(None, Some("en;q=0.3, ru;q=0.7")), Lang::Ru);
        assert_eq!(Lang::negotiate(None, Some("fr, de")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("ru;q=0")), Lang::En);
        // The switch's cookie wins over the browser's header.
        assert_eq!(Lang::negotiate(Some("ru"), Some("uk")), Lang::Ru);
        assert_eq!(Lang::negotiate(Some("xx"), Some("uk")), Lang::Uk);
    }

    #[test]
    fn plurals_follow_each_language() {
        let reports = |l: Lang| -> Vec<String> {
            [1, 2, 5, 11, 21, 22, 25]
                .iter()
                .map(|n| l.n("n-reports", *n))
                .collect()
        };
        assert_eq!(
            reports(Lang::Uk),
            [
                "1 звіт",
                "2 звіти",
                "5 звітів",
                "11 звітів",
                "21 звіт",
                "22 звіти",
                "25 звітів"
            ]
        );
        assert_eq!(
            reports(Lang::Ru),
            [
                "1 сообщение",
                "2 сообщения",
                "5 сообщений",
                "11 сообщений",
                "21 сообщение",
                "22 сообщения",
                "25 сообщений"
            ]
        );
        assert_eq!(reports(Lang::En)[..2], ["1 report", "2 reports"]);
    }

    #[test]
    fn every_vocabulary_value_has_a_label_in_every_language() {
        use truce_model::*;
        let mut missing = Vec::new();
        let mut check = |kind: &str, code: &str| {
            for l in Lang::ALL {
                if !l.has(&label_key(kind, code)) {
                    missing.push(format!("{}: {}", l.code(), label_key(kind, code)));
                }
            }
        };
        Act::ids().for_each(|c| check("act", c));
        Means::ids().for_each(|c| check("means", c));
        TargetClass::ids().for_each(|c| check("target", c));
        Stance::ids().for_each(|c| check("stance", c));
        Status::ids().for_each(|c| {
            check("status", c);
            check("status-about", c);
        });
        TimePrecision::ids().for_each(|c| check("tp", c));
        GeoPrecision::ids().for_each(|c| check("known", c));
        Confidence::ids().for_each(|c| check("confidence", c));
        Reliability::ids().for_each(|c| {
            check("reliability", c);
            check("reliability-about", c);
        });
        Credibility::ids().for_each(|c| check("credibility-about", c));
        Stance::ids().for_each(|c| check("stance-about", c));
        Credibility::ids().for_each(|c| check("credibility", c));
        truce_app::review::Action::ALL
            .iter()
            .for_each(|a| check("action", a.as_str()));
        // The families an agreement's scope may name (`energy.*`).
        for (kind, ids) in [
            ("target", TargetClass::ids().collect::<Vec<_>>()),
            ("means", Means::ids().collect::<Vec<_>>()),
        ] {
            let mut families: Vec<&str> = ids
                .iter()
                .filter_map(|c| c.split_once('.'))
                .map(|x| x.0)
                .collect();
            families.dedup();
            for f in families {
                check("family", &format!("{kind}-{f}"));
            }
        }
        assert!(missing.is_empty(), "missing labels: {missing:#?}");
    }

    #[test]
    fn labels_read_in_words() {
        assert_eq!(Lang::En.label("target", "energy.substation"), "substation");
        assert_eq!(Lang::Uk.label("target", "energy.substation"), "підстанція");
        assert_eq!(Lang::Ru.label("target", "energy.substation"), "подстанция");
        assert_eq!(Lang::Uk.label("status", "disputed"), "Спірне");
        assert_eq!(Lang::Ru.label("target", "no.such"), "no.such");
    }

    #[test]
    fn the_way_back_stays_on_this_site() {
        assert_eq!(
            safe_back(Some("/incidents?status=alleged")),
            "/incidents?status=alleged"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "evil.example",
            "/\r\nSet-Cookie: x=1",
            "",
        ] {
            assert_eq!(safe_back(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_back(None), "/");
    }

    /// Every message of the English pages is in Ukrainian and Russian, and
    /// no other: a page never falls back to another language.
    #[test]
    fn every_language_has_every_message() {
        fn keys(text: &str) -> std::collections::BTreeSet<&str> {
            text.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
                .collect()
        }
        // Each file of each language: the pages, the vocabularies, the rules'
        // explanations, the period report, how statements were read, why rows
        // were refused.
        let files = [
            [
                include_str!("../locales/en/pages.ftl"),
                include_str!("../locales/uk/pages.ftl"),
                include_str!("../locales/ru/pages.ftl"),
            ],
            [
                include_str!("../locales/en/vocab.ftl"),
                include_str!("../locales/uk/vocab.ftl"),
                include_str!("../locales/ru/vocab.ftl"),
            ],
            [
                include_str!("../locales/en/trace.ftl"),
                include_str!("../locales/uk/trace.ftl"),
                include_str!("../locales/ru/trace.ftl"),
            ],
            [
                include_str!("../locales/en/report.ftl"),
                include_str!("../locales/uk/report.ftl"),
                include_str!("../locales/ru/report.ftl"),
            ],
            [
                include_str!("../locales/en/statements.ftl"),
                include_str!("../locales/uk/statements.ftl"),
                include_str!("../locales/ru/statements.ftl"),
            ],
            [
                include_str!("../locales/en/reasons.ftl"),
                include_str!("../locales/uk/reasons.ftl"),
                include_str!("../locales/ru/reasons.ftl"),
            ],
        ];
        assert!(keys(files[0][0]).contains("webhooks-title"));
        // A message defined twice in one language (in one file or across
        // its files, which load into one bundle) would say only one of its
        // texts, whichever loaded last.
        for (i, lang) in ["en", "uk", "ru"].into_iter().enumerate() {
            let mut seen = std::collections::BTreeSet::new();
            for text in files.iter().map(|f| f[i]) {
                for l in text.lines() {
                    if let Some((k, _)) = l
                        .split_once(" =")
                        .filter(|_| l.starts_with(|c: char| c.is_ascii_lowercase()))
                    {
                        assert!(seen.insert(k.trim()), "{} twice in {lang}", k.trim());
                    }
                }
            }
        }
        for [en, uk, ru] in files {
            let en = keys(en);
            for (lang, text) in [("uk", uk), ("ru", ru)] {
                let other = keys(text);
                assert_eq!(
                    en.difference(&other).collect::<Vec<_>>(),
                    Vec::<&&str>::new(),
                    "missing in {lang}"
                );
                assert_eq!(
                    other.difference(&en).collect::<Vec<_>>(),
                    Vec::<&&str>::new(),
                    "only in {lang}"
                );
            }
        }
    }

    /// How a statement's field was read: the site's English says exactly
    /// what the reader's own English (`Why::english`, kept as `basis`)
    /// says, and Ukrainian and Russian say it with the place's own name.
    #[test]
    fn statement_readings_say_on_the_site_what_the_reader_says() {
        use truce_ingest::statements::why::{KEYS, Why};
        for key in KEYS {
            for (side, weekday) in [("ukraine", "monday"), ("russia", "sunday")] {
                let w = Why::new(key)
                    .with("source", "ua-mod")
                    .with("party", "ua")
                    .with("side", side)
                    .with("place", "Kharkiv")
                    .with("place_uk", "Харків")
                    .with("place_ru", "Харьков")
                    .with("date", "2025-03-24")
                    .with("weekday", weekday)
                    .with("month", "2025-03")
                    .with("time", "22:15");
                assert_eq!(
                    crate::statements::why_words(Lang::En, &w),
                    w.english(),
                    "{key}"
                );
                for (lang, place) in [(Lang::Uk, "Харків"), (Lang::Ru, "Харьков")] {
                    let t = crate::statements::why_words(lang, &w);
                    assert_ne!(&t, key, "{key} in {}", lang.code());
                    assert!(
                        !t.contains("Kharkiv") && !t.contains("the "),
                        "{key} in {}: {t}",
                        lang.code()
                    );
                    if w.english().contains("Kharkiv") {
                        assert!(t.contains(place), "{key} in {}: {t}", lang.code());
                    }
                }
            }
        }
    }

    /// Why a row was refused: every reader's template reads back from its
    /// English text into the same English on the site, and into Ukrainian
    /// and Russian with the vocabulary named in words.
    #[test]
    fn refusal_reasons_read_in_the_viewers_language() {
        use crate::rejections::reason_in;
        use truce_model::reason::{TEMPLATES, english};
        for (key, template) in TEMPLATES {
            let values: Vec<(&str, &str)> = [
                "kind",
                "value",
                "suggestion",
                "limit",
                "field",
                "key",
                "offset",
                "line",
                "fields",
                "width",
                "len",
                "detail",
                "column",
                "start",
                "max",
                "source",
                "id",
                "at",
                "by",
                "who",
                "party",
                "takes",
                "value2",
                "code",
            ]
            .into_iter()
            .filter(|n| template.contains(&format!("{{{n}}}")))
            .map(|n| (n, if n == "kind" { "target class" } else { "v7" }))
            .collect();
            let text = english(key, &values);
            assert_eq!(reason_in(Lang::En, &text), text, "{key}");
            for lang in [Lang::Uk, Lang::Ru] {
                let t = reason_in(lang, &text);
                assert!(
                    t != text && !t.starts_with(key),
                    "{key} in {}: {t}",
                    lang.code()
                );
                assert!(!t.contains("target class"), "{key} in {}: {t}", lang.code());
                for (n, v) in &values {
                    if *n != "kind" {
                        assert!(t.contains(v), "{key} in {}: {n} in {t}", lang.code());
                    }
                }
            }
        }
        // Who filed a report, in words.
        let t = english(
            "reason-filed-by-other",
            &[
                ("source", "s"),
                ("id", "r-1"),
                ("by", "party ru"),
                ("who", "the mission"),
            ],
        );
        let uk = reason_in(Lang::Uk, &t);
        assert!(
            uk.contains("поданий: сторона ru") && uk.contains("подані: місія"),
            "{uk}"
        );
        // What a JSON field takes, in words.
        let t = english(
            "reason-not-yes-no",
            &[
                ("field", "occurred_at"),
                ("value", "true"),
                ("takes", "a date written as text, such as \"2025-03-18\""),
            ],
        );
        assert_eq!(reason_in(Lang::En, &t), t);
        let ru = reason_in(Lang::Ru, &t);
        assert!(ru.contains("принимает дату, записанную как текст"), "{ru}");
        // What no template gave stays as written.
        let odd = "the header has more than 100 columns";
        assert_eq!(reason_in(Lang::Uk, odd), odd);
        // A vocabulary's own refusal, as a reader writes it.
        let e = truce_model::Act::parse("strik")
            .expect_err("not an act")
            .to_string();
        assert!(
            reason_in(Lang::Uk, &e).starts_with("невідоме значення поля «дія»"),
            "{e}"
        );
    }
}
