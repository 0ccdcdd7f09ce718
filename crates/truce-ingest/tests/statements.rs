//! The statement extractor on statements written in the styles the parties
//! publish in (a ministry's post, a regional governor's message, the air
//! force's morning tally), in English, Ukrainian and Russian.
//!
//! Every case lists every field the extractor should fill, with the words
//! it should have read it from; any other field must stay at its default.
//! So a case fails when a field is wrong, when it points at the wrong
//! words, and when the extractor proposes something the statement does not
//! say.

use proptest::prelude::*;
use serde_json::Value;
use truce_ingest::statements::{Candidate, Extractor, Field, Lang, Statement};

fn agreement() -> truce_model::Agreement {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../agreements/");
    let text = std::fs::read_to_string(format!("{dir}partial-truce-2025.toml"))
        .expect("the shipped agreement");
    let load =
        |name: &str| std::fs::read_to_string(format!("{dir}{name}")).map_err(|e| e.to_string());
    truce_model::parse_agreement(&text, &load).expect("a valid agreement")
}

fn extractor(a: &truce_model::Agreement) -> Extractor<'static> {
    let tz = jiff::tz::TimeZone::get("Europe/Kyiv").expect("bundled tzdb");
    Extractor::new(a, truce_geo::Gazetteer::embedded(), tz)
}

/// `(field, value, words)`: the value as the JSON output writes it (a place
/// as `name/precision`, a time as `instant/precision`), and the words of
/// its span (`None`: no span).
type Expect = (&'static str, &'static str, Option<&'static str>);

struct Case {
    lang: Lang,
    source: &'static str,
    at: &'static str,
    text: &'static str,
    expect: &'static [&'static [Expect]],
}

/// The fields every candidate has, and the default of those that may be
/// left out of an expectation.
const FIELDS: &[(&str, Option<&str>)] = &[
    ("place", Some("-")),
    ("occurred_at", None),
    ("act", None),
    ("means", Some("unknown")),
    ("target_class", Some("unknown")),
    ("target_name", Some("-")),
    ("perpetrator", Some("-")),
    ("claimant", None),
    ("stance", None),
    ("launched", Some("-")),
    ("destroyed", Some("-")),
];

fn field_of(name: &str) -> Field {
    serde_json::from_value(Value::String(name.to_string())).expect("a field name")
}

/// What a candidate says for one field, as the cases write it.
fn actual(c: &Candidate, v: &Value, name: &str) -> String {
    let s = |k: &str| match &v[k] {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match name {
        "place" => match &c.place {
            Some(p) => format!("{p}/{}", c.geo_precision),
            None => "-".to_string(),
        },
        "occurred_at" => format!("{}/{}", c.occurred_at, c.time_precision),
        other => s(other),
    }
}

fn check(case: &Case, x: &Extractor<'_>) {
    let st = Statement {
        source: case.source.to_string(),
        published_at: case.at.to_string(),
        text: case.text.to_string(),
        lang: None,
        url: None,
    };
    let e = x
        .extract(&st)
        .unwrap_or_else(|err| panic!("{}: {err}", case.text));
    assert_eq!(e.lang, case.lang, "language of: {}", case.text);
    let shown = |c: &Candidate| serde_json::to_string_pretty(c).unwrap_or_default();
    assert_eq!(
        e.candidates.len(),
        case.expect.len(),
        "candidates of: {}\n{}",
        case.text,
        e.candidates
            .iter()
            .map(shown)
            .collect::<Vec<_>>()
            .join("\n")
    );
    for c in &e.candidates {
        // How each field was read: a message the site has, in every
        // language, whose English is the `basis` kept beside it.
        assert_eq!(
            c.why.keys().collect::<Vec<_>>(),
            c.basis.keys().collect::<Vec<_>>(),
            "{}",
            case.text
        );
        for (f, why) in &c.why {
            for w in why {
                assert!(
                    truce_ingest::statements::why::KEYS.contains(&w.key.as_str()),
                    "{f:?}: {} is not a known message",
                    w.key
                );
            }
            assert_eq!(
                c.basis.get(f),
                Some(&truce_ingest::statements::why::english(why))
            );
        }
    }
    for (k, (c, expect)) in e.candidates.iter().zip(case.expect).enumerate() {
        let v = serde_json::to_value(c).expect("serialisable");
        for (name, default) in FIELDS {
            let field = field_of(name);
            let got = actual(c, &v, name);
            let words = c.spans.get(&field).map(|s| &case.text[s.range()]);
            match expect.iter().find(|(f, _, _)| f == name) {
                Some((_, value, span)) => {
                    assert_eq!(
                        got,
                        *value,
                        "candidate {k}, {name}, of: {}\n{}",
                        case.text,
                        shown(c)
                    );
                    assert_eq!(
                        words,
                        *span,
                        "candidate {k}, the words of {name}, of: {}\n{}",
                        case.text,
                        shown(c)
                    );
                }
                None => {
                    let default = default.unwrap_or_else(|| {
                        panic!("the case must say what {name} is: {}", case.text)
                    });
                    assert_eq!(
                        got,
                        default,
                        "candidate {k}, {name} should be left unset, of: {}\n{}",
                        case.text,
                        shown(c)
                    );
                    assert_eq!(words, None, "candidate {k}, {name} has words");
                }
            }
        }
        for span in c.spans.values() {
            assert!(case.text.is_char_boundary(span.start) && case.text.is_char_boundary(span.end));
        }
    }
}

fn run(cases: &[Case]) {
    let a = agreement();
    let x = extractor(&a);
    for case in cases {
        check(case, &x);
    }
}

// ---------------------------------------------------------------------------
// Ukrainian.

const UK: &[Case] = &[
    // Air force, morning tally.
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-03-25T09:30:00+02:00",
        text: "У ніч на 25 березня (з 18:00 24 березня) противник атакував 99 ударними БпЛА типу Shahed та дронами-імітаторами різних типів з напрямків: Брянськ, Курськ, Міллерово. Станом на 09:00 підтверджено збиття 57 ударних БпЛА типу Shahed. Ще 32 дрони-імітатори локаційно втрачені.",
        expect: &[&[
            (
                "occurred_at",
                "2025-03-25T00:00:00+02:00/day",
                Some("У ніч на 25 березня"),
            ),
            ("act", "launch", Some("атакував")),
            ("means", "drone.long-range", Some("Shahed")),
            ("perpetrator", "ru", Some("противник")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
            ("launched", "99", Some("99")),
            ("destroyed", "57", Some("57")),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-03-31T09:00:00+03:00",
        text: "У ніч на 31 березня ворог атакував 3 балістичними ракетами Іскандер-М/KN-23 з Курської області та 45 ударними БпЛА типу Shahed. Збито 31 БпЛА. Уражено об'єкт енергетичної інфраструктури на Дніпропетровщині.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-03-31T00:00:00+03:00/day",
                    Some("У ніч на 31 березня"),
                ),
                ("act", "launch", Some("атакував")),
                ("means", "missile.ballistic", Some("Іскандер-М/KN-23")),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "3", Some("3")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-03-31T00:00:00+03:00/day",
                    Some("У ніч на 31 березня"),
                ),
                ("act", "launch", Some("атакував")),
                ("means", "drone.long-range", Some("Shahed")),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "45", Some("45")),
                ("destroyed", "31", Some("31")),
            ],
            &[
                (
                    "place",
                    "Dnipropetrovsk Oblast/region",
                    Some("Дніпропетровщині"),
                ),
                (
                    "occurred_at",
                    "2025-03-31T00:00:00+03:00/day",
                    Some("У ніч на 31 березня"),
                ),
                ("act", "strike", Some("Уражено")),
                ("means", "mixed", Some("Іскандер-М/KN-23")),
                (
                    "target_class",
                    "energy.power-plant",
                    Some("об'єкт енергетичної інфраструктури"),
                ),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-04-02T08:45:00+03:00",
        text: "Протягом ночі противник запустив 5 крилатих ракет Х-101 з району Енгельса та 12 ударних БпЛА. Сили ППО знешкодили 4 ракети та 10 дронів.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-02T00:00:00+03:00/day",
                    Some("Протягом ночі"),
                ),
                ("act", "launch", Some("запустив")),
                ("means", "missile.cruise", Some("Х-101")),
                ("perpetrator", "ru", Some("противник")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "5", Some("5")),
                ("destroyed", "4", Some("4")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-02T00:00:00+03:00/day",
                    Some("Протягом ночі"),
                ),
                ("act", "launch", Some("запустив")),
                ("means", "drone.long-range", Some("ударних БпЛА")),
                ("perpetrator", "ru", Some("противник")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "12", Some("12")),
                ("destroyed", "10", Some("10")),
            ],
        ],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-04-07T09:00:00+03:00",
        text: "Вночі 7 квітня противник завдав комбінованого удару: 6 ракет Х-59/69 та 40 ударних БпЛА. Збито 5 ракет Х-59/69 та 28 БпЛА.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-07T00:00:00+03:00/day",
                    Some("Вночі 7 квітня"),
                ),
                ("act", "launch", Some("удару")),
                ("means", "missile.cruise", Some("Х-59")),
                ("perpetrator", "ru", Some("противник")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "6", Some("6")),
                ("destroyed", "5", Some("5")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-07T00:00:00+03:00/day",
                    Some("Вночі 7 квітня"),
                ),
                ("act", "launch", Some("удару")),
                ("means", "drone.long-range", Some("ударних БпЛА")),
                ("perpetrator", "ru", Some("противник")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "40", Some("40")),
                ("destroyed", "28", Some("28")),
            ],
        ],
    },
    // Governors.
    Case {
        lang: Lang::Uk,
        source: "kharkiv-ova",
        at: "2025-03-25T07:10:00+02:00",
        text: "Вночі ворог атакував Харків ударними БпЛА. У Київському районі пошкоджено підстанцію. У Чугуєві внаслідок удару КАБ зруйновано житловий будинок.",
        expect: &[
            &[
                ("place", "Kharkiv/settlement", Some("Харків")),
                (
                    "occurred_at",
                    "2025-03-25T00:00:00+02:00/day",
                    Some("Вночі"),
                ),
                ("act", "strike", Some("атакував")),
                ("means", "drone.long-range", Some("ударними БпЛА")),
                ("target_class", "energy.substation", Some("підстанцію")),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", Some("ворог")),
                ("stance", "alleges", None),
            ],
            &[
                ("place", "Chuhuiv/settlement", Some("Чугуєві")),
                (
                    "occurred_at",
                    "2025-03-25T00:00:00+02:00/day",
                    Some("Вночі"),
                ),
                ("act", "strike", Some("удару")),
                ("means", "bomb.guided", Some("КАБ")),
                (
                    "target_class",
                    "civilian.residential",
                    Some("житловий будинок"),
                ),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", Some("ворог")),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::Uk,
        source: "zaporizhzhia-ova",
        at: "2025-04-02T20:15:00+03:00",
        text: "Сьогодні ввечері окупанти обстріляли Запоріжжя з РСЗВ «Град». Пошкоджено лінію електропередачі.",
        expect: &[&[
            ("place", "Zaporizhzhia/settlement", Some("Запоріжжя")),
            (
                "occurred_at",
                "2025-04-02T00:00:00+03:00/day",
                Some("Сьогодні ввечері"),
            ),
            ("act", "shelling", Some("обстріляли")),
            ("means", "rocket.mlrs", Some("Град")),
            (
                "target_class",
                "energy.transmission-line",
                Some("лінію електропередачі"),
            ),
            ("perpetrator", "ru", Some("окупанти")),
            ("claimant", "ua", Some("окупанти")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "sumy-ova",
        at: "2025-03-22T11:00:00+02:00",
        text: "Сумщина. Вранці росіяни скинули КАБ на Краснопілля, пошкоджено приватні будинки та лікарню.",
        expect: &[&[
            ("place", "Krasnopillia/settlement", Some("Краснопілля")),
            (
                "occurred_at",
                "2025-03-22T00:00:00+02:00/day",
                Some("Вранці"),
            ),
            ("act", "strike", Some("скинули")),
            ("means", "bomb.guided", Some("КАБ")),
            ("target_class", "civilian.medical", Some("лікарню")),
            ("perpetrator", "ru", Some("росіяни")),
            ("claimant", "ua", Some("росіяни")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "kyiv-ova",
        at: "2025-04-04T06:30:00+03:00",
        text: "Київщина: уламки збитого дрона пошкодили складське приміщення у Броварському районі. Постраждалих немає.",
        expect: &[&[
            (
                "place",
                "Brovary/near-settlement",
                Some("Броварському районі"),
            ),
            ("occurred_at", "2025-04-04T00:00:00+03:00/day", None),
            ("act", "strike", Some("пошкодили")),
            ("means", "drone.long-range", Some("дрона")),
            ("perpetrator", "ru", None),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "mykolaiv-ova",
        at: "2025-03-30T09:10:00+03:00",
        text: "Минулої ночі ворог атакував Миколаїв ударними безпілотниками. Внаслідок влучання в енергооб'єкт без світла залишилися понад 2 тисячі абонентів.",
        expect: &[&[
            ("place", "Mykolaiv/settlement", Some("Миколаїв")),
            // Kyiv moved its clocks on at 03:00 that morning.
            (
                "occurred_at",
                "2025-03-30T00:00:00+02:00/day",
                Some("Минулої ночі"),
            ),
            ("act", "strike", Some("атакував")),
            ("means", "drone.long-range", Some("ударними безпілотниками")),
            ("target_class", "energy.power-plant", Some("енергооб'єкт")),
            ("perpetrator", "ru", Some("ворог")),
            ("claimant", "ua", Some("ворог")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "dnipro-ova",
        at: "2025-04-06T19:00:00+03:00",
        text: "Нікопольщина: протягом дня окупанти атакували Марганецьку громаду FPV-дронами та обстріляли Нікополь з артилерії. Пошкоджено газопровід.",
        expect: &[&[
            ("place", "Nikopol/settlement", Some("Нікополь")),
            (
                "occurred_at",
                "2025-04-06T00:00:00+03:00/day",
                Some("протягом дня"),
            ),
            ("act", "shelling", Some("обстріляли")),
            ("means", "artillery", Some("артилерії")),
            ("target_class", "energy.gas-pipeline", Some("газопровід")),
            ("perpetrator", "ru", Some("окупанти")),
            ("claimant", "ua", Some("окупанти")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "kherson-ova",
        at: "2025-04-08T12:00:00+03:00",
        text: "Херсонщина. Вчора російська армія обстріляла 34 населені пункти області. У Херсоні пошкоджено 5 багатоповерхівок і 12 приватних будинків; поранено 3 людей.",
        expect: &[
            &[
                ("place", "Kherson Oblast/region", Some("Херсонщина")),
                (
                    "occurred_at",
                    "2025-04-07T00:00:00+03:00/day",
                    Some("Вчора"),
                ),
                ("act", "shelling", Some("обстріляла")),
                ("perpetrator", "ru", Some("російська армія")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
            &[
                ("place", "Kherson/settlement", Some("Херсоні")),
                (
                    "occurred_at",
                    "2025-04-07T00:00:00+03:00/day",
                    Some("Вчора"),
                ),
                ("act", "strike", Some("пошкоджено")),
                (
                    "target_class",
                    "civilian.residential",
                    Some("багатоповерхівок"),
                ),
                ("perpetrator", "ru", Some("російська армія")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::Uk,
        source: "chernihiv-ova",
        at: "2025-03-23T13:00:00+02:00",
        text: "Близько 11:20 ворог скинув дві авіабомби на Новгород-Сіверський. Зруйновано адміністративну будівлю.",
        expect: &[&[
            (
                "place",
                "Novhorod-Siverskyi/settlement",
                Some("Новгород-Сіверський"),
            ),
            (
                "occurred_at",
                "2025-03-23T11:20:00+02:00/minute",
                Some("Близько 11:20"),
            ),
            ("act", "strike", Some("скинув")),
            ("means", "bomb.unguided", Some("авіабомби")),
            (
                "target_class",
                "civilian.other",
                Some("адміністративну будівлю"),
            ),
            ("perpetrator", "ru", Some("ворог")),
            ("claimant", "ua", Some("ворог")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "poltava-ova",
        at: "2025-04-12T07:00:00+03:00",
        text: "У Кременчуці внаслідок ракетного удару пошкоджено нафтопереробний завод.",
        expect: &[&[
            ("place", "Kremenchuk/settlement", Some("Кременчуці")),
            ("occurred_at", "2025-04-12T00:00:00+03:00/day", None),
            ("act", "strike", Some("удару")),
            ("means", "missile.other", Some("ракетного")),
            (
                "target_class",
                "energy.oil-refinery",
                Some("нафтопереробний завод"),
            ),
            ("perpetrator", "ru", None),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "odesa-ova",
        at: "2025-04-10T08:00:00+03:00",
        text: "Одеса: вночі ворог атакував місто ударними БпЛА. У Київському районі пошкоджено будинки та автомобілі.",
        expect: &[&[
            ("place", "Odesa/settlement", Some("Одеса")),
            (
                "occurred_at",
                "2025-04-10T00:00:00+03:00/day",
                Some("вночі"),
            ),
            ("act", "strike", Some("атакував")),
            ("means", "drone.long-range", Some("ударними БпЛА")),
            ("target_class", "civilian.residential", Some("будинки")),
            ("perpetrator", "ru", Some("ворог")),
            ("claimant", "ua", Some("ворог")),
            ("stance", "alleges", None),
        ]],
    },
    // Ministries and the general staff.
    Case {
        lang: Lang::Uk,
        source: "ua-mfa",
        at: "2025-03-26T12:00:00+02:00",
        text: "Міністерство закордонних справ України засуджує черговий удар Росії по енергетичній інфраструктурі. Вчора ввечері російські ракети Х-101 влучили в ТЕС у Київській області.",
        expect: &[&[
            ("place", "Kyiv Oblast/region", Some("Київській області")),
            (
                "occurred_at",
                "2025-03-25T00:00:00+02:00/day",
                Some("Вчора ввечері"),
            ),
            ("act", "strike", Some("влучили")),
            ("means", "missile.cruise", Some("Х-101")),
            ("target_class", "energy.power-plant", Some("ТЕС")),
            ("perpetrator", "ru", Some("російські")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-genstaff",
        at: "2025-03-27T10:00:00+02:00",
        text: "Сили оборони України уразили Саратовський НПЗ. Також уражено нафтобазу «Кавказька» в Краснодарському краї.",
        expect: &[
            &[
                ("place", "Saratov/settlement", Some("Саратовський")),
                ("occurred_at", "2025-03-27T00:00:00+02:00/day", None),
                ("act", "strike", Some("уразили")),
                ("target_class", "energy.oil-refinery", Some("НПЗ")),
                ("target_name", "Саратовський НПЗ", Some("Саратовський НПЗ")),
                ("perpetrator", "ua", Some("Сили оборони")),
                ("claimant", "ua", None),
                ("stance", "confirms", None),
            ],
            &[
                (
                    "place",
                    "Krasnodar Krai/region",
                    Some("Краснодарському краї"),
                ),
                ("occurred_at", "2025-03-27T00:00:00+02:00/day", None),
                ("act", "strike", Some("уражено")),
                ("target_class", "energy.oil-storage", Some("нафтобазу")),
                (
                    "target_name",
                    "нафтобазу «Кавказька»",
                    Some("нафтобазу «Кавказька»"),
                ),
                ("perpetrator", "ua", Some("Сили оборони")),
                ("claimant", "ua", None),
                ("stance", "confirms", None),
            ],
        ],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-genstaff",
        at: "2025-03-29T14:00:00+02:00",
        text: "Заява Міноборони Росії про удар ЗСУ по газовимірювальній станції «Суджа» є фейком. Сили оборони не завдавали ударів по енергетичних об'єктах Росії.",
        expect: &[&[
            ("place", "Sudzha/settlement", Some("Суджа")),
            ("occurred_at", "2025-03-29T00:00:00+02:00/day", None),
            ("act", "strike", Some("удар")),
            (
                "target_class",
                "energy.gas-metering",
                Some("газовимірювальній станції"),
            ),
            (
                "target_name",
                "газовимірювальній станції «Суджа»",
                Some("газовимірювальній станції «Суджа»"),
            ),
            ("perpetrator", "ua", Some("ЗСУ")),
            ("claimant", "ua", None),
            ("stance", "denies", Some("фейком")),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-minenergo",
        at: "2025-04-09T10:00:00+03:00",
        text: "Внаслідок нічної атаки дронів пошкоджено обладнання підстанції «Укренерго» на Полтавщині.",
        expect: &[&[
            ("place", "Poltava Oblast/region", Some("Полтавщині")),
            (
                "occurred_at",
                "2025-04-09T00:00:00+03:00/day",
                Some("нічної"),
            ),
            ("act", "strike", Some("атаки")),
            ("means", "drone.long-range", Some("дронів")),
            ("target_class", "energy.substation", Some("підстанції")),
            (
                "target_name",
                "підстанції «Укренерго»",
                Some("підстанції «Укренерго»"),
            ),
            ("perpetrator", "ru", None),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-mfa",
        at: "2025-03-29T10:00:00+02:00",
        text: "28 березня Росія завдала ракетного удару по ТЕЦ у Харкові, порушивши мораторій.",
        expect: &[&[
            ("place", "Kharkiv/settlement", Some("Харкові")),
            (
                "occurred_at",
                "2025-03-28T00:00:00+02:00/day",
                Some("28 березня"),
            ),
            ("act", "strike", Some("удару")),
            ("means", "missile.other", Some("ракетного")),
            ("target_class", "energy.power-plant", Some("ТЕЦ")),
            ("perpetrator", "ru", Some("Росія")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-03-25T09:30:00+02:00",
        text: "Вночі ворог атакував Харків 20 ударними БпЛА. Пошкоджено підстанцію.",
        // In the order the statement names them: the place before the count.
        expect: &[
            &[
                ("place", "Kharkiv/settlement", Some("Харків")),
                (
                    "occurred_at",
                    "2025-03-25T00:00:00+02:00/day",
                    Some("Вночі"),
                ),
                ("act", "strike", Some("Пошкоджено")),
                ("means", "drone.long-range", Some("ударними БпЛА")),
                ("target_class", "energy.substation", Some("підстанцію")),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
            &[
                ("place", "Kharkiv/settlement", Some("Харків")),
                (
                    "occurred_at",
                    "2025-03-25T00:00:00+02:00/day",
                    Some("Вночі"),
                ),
                ("act", "launch", Some("атакував")),
                ("means", "drone.long-range", Some("ударними БпЛА")),
                ("perpetrator", "ru", Some("ворог")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "20", Some("20")),
            ],
        ],
    },
    // Nothing to report: an alert, a meeting.
    Case {
        lang: Lang::Uk,
        source: "ua-airforce",
        at: "2025-04-01T10:00:00+03:00",
        text: "Увага! Загроза застосування балістичного озброєння з півночі.",
        expect: &[],
    },
    Case {
        lang: Lang::Uk,
        source: "ua-president",
        at: "2025-04-01T10:00:00+03:00",
        text: "Президент провів нараду щодо енергетичної безпеки та захисту неба.",
        expect: &[],
    },
];

#[test]
fn ukrainian_statements() {
    assert!(UK.len() >= 20, "{} Ukrainian statements", UK.len());
    run(UK);
}

// ---------------------------------------------------------------------------
// English.

const EN: &[Case] = &[
    // Air force tallies in the parties' English versions.
    Case {
        lang: Lang::En,
        source: "ua-airforce",
        at: "2025-03-25T09:30:00+02:00",
        text: "On the night of 24 to 25 March, the enemy attacked with 99 Shahed attack drones and decoy drones. 57 of 99 drones were shot down; 32 were lost in location.",
        expect: &[&[
            (
                "occurred_at",
                "2025-03-25T00:00:00+02:00/day",
                Some("On the night of 24 to 25 March"),
            ),
            ("act", "launch", Some("attacked")),
            ("means", "drone.long-range", Some("Shahed")),
            ("perpetrator", "ru", Some("the enemy")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
            ("launched", "99", Some("99")),
            ("destroyed", "57", Some("57")),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-airforce",
        at: "2025-04-08T09:00:00+03:00",
        text: "Overnight, Russia launched 3 Kh-101 cruise missiles from Tu-95MS bombers over the Caspian Sea and 40 Shahed drones. Air defence shot down 3 cruise missiles and 25 drones.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-08T00:00:00+03:00/day",
                    Some("Overnight"),
                ),
                ("act", "launch", Some("launched")),
                ("means", "missile.cruise", Some("Kh-101")),
                ("perpetrator", "ru", Some("Russia")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "3", Some("3")),
                ("destroyed", "3", Some("3")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-08T00:00:00+03:00/day",
                    Some("Overnight"),
                ),
                ("act", "launch", Some("launched")),
                ("means", "drone.long-range", Some("Shahed")),
                ("perpetrator", "ru", Some("Russia")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "40", Some("40")),
                ("destroyed", "25", Some("25")),
            ],
        ],
    },
    Case {
        lang: Lang::En,
        source: "ua-airforce",
        at: "2025-04-14T09:00:00+03:00",
        text: "In the night of 14 April, the enemy attacked with 2 Iskander-M ballistic missiles from Kursk region and 4 Kalibr cruise missiles from the Black Sea. All 4 Kalibr missiles were destroyed.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-14T00:00:00+03:00/day",
                    Some("the night of 14 April"),
                ),
                ("act", "launch", Some("attacked")),
                ("means", "missile.ballistic", Some("Iskander-M")),
                ("perpetrator", "ru", Some("the enemy")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "2", Some("2")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-14T00:00:00+03:00/day",
                    Some("the night of 14 April"),
                ),
                ("act", "launch", Some("attacked")),
                ("means", "missile.cruise", Some("Kalibr")),
                ("perpetrator", "ru", Some("the enemy")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "4", Some("4")),
                ("destroyed", "4", Some("4")),
            ],
        ],
    },
    Case {
        lang: Lang::En,
        source: "ru-mod",
        at: "2025-03-21T10:00:00+03:00",
        text: "Overnight, air defence systems intercepted and destroyed 23 Ukrainian UAVs over the Kursk region.",
        expect: &[&[
            ("place", "Kursk Oblast/region", Some("Kursk region")),
            (
                "occurred_at",
                "2025-03-21T00:00:00+02:00/day",
                Some("Overnight"),
            ),
            ("act", "interception", Some("destroyed")),
            ("means", "drone.long-range", Some("UAVs")),
            ("perpetrator", "ua", Some("Ukrainian")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
            ("destroyed", "23", Some("23")),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ru-mod",
        at: "2025-04-05T08:00:00+03:00",
        text: "Between 23:00 and 07:00, air defence means destroyed 41 Ukrainian fixed-wing UAVs: 14 over Belgorod region, 27 over Bryansk region.",
        expect: &[&[
            ("occurred_at", "2025-04-05T00:00:00+03:00/day", None),
            ("act", "interception", Some("destroyed")),
            ("means", "drone.long-range", Some("UAVs")),
            ("perpetrator", "ua", Some("Ukrainian")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
            ("destroyed", "41", Some("41")),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "reuters",
        at: "2025-04-01T07:00:00Z",
        text: "Ukraine's air force said it shot down 120 of 147 drones launched by Russia overnight.",
        expect: &[&[
            (
                "occurred_at",
                "2025-04-01T00:00:00+03:00/day",
                Some("overnight"),
            ),
            ("act", "launch", Some("launched")),
            ("means", "drone.long-range", Some("drones")),
            ("perpetrator", "ru", Some("Russia")),
            ("claimant", "ua", Some("Ukraine's air force")),
            ("stance", "alleges", None),
            ("launched", "147", Some("147")),
            ("destroyed", "120", Some("120")),
        ]],
    },
    // Ministries.
    Case {
        lang: Lang::En,
        source: "ua-mfa",
        at: "2025-03-26T12:00:00+02:00",
        text: "Overnight, Russia attacked Ukraine with 57 of 99 drones shot down. A substation in Kharkiv oblast was damaged, and a residential building was hit in Odesa.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-03-26T00:00:00+02:00/day",
                    Some("Overnight"),
                ),
                ("act", "launch", Some("attacked")),
                ("means", "drone.long-range", Some("drones")),
                ("perpetrator", "ru", Some("Russia")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
                ("launched", "99", Some("99")),
                ("destroyed", "57", Some("57")),
            ],
            &[
                ("place", "Kharkiv Oblast/region", Some("Kharkiv oblast")),
                (
                    "occurred_at",
                    "2025-03-26T00:00:00+02:00/day",
                    Some("Overnight"),
                ),
                ("act", "strike", Some("damaged")),
                ("means", "drone.long-range", Some("drones")),
                ("target_class", "energy.substation", Some("substation")),
                ("perpetrator", "ru", Some("Russia")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
            &[
                ("place", "Odesa/settlement", Some("Odesa")),
                (
                    "occurred_at",
                    "2025-03-26T00:00:00+02:00/day",
                    Some("Overnight"),
                ),
                ("act", "strike", Some("hit")),
                ("means", "drone.long-range", Some("drones")),
                (
                    "target_class",
                    "civilian.residential",
                    Some("residential building"),
                ),
                ("perpetrator", "ru", Some("Russia")),
                ("claimant", "ua", None),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::En,
        source: "ru-mod",
        at: "2025-03-28T11:00:00+03:00",
        text: "The Russian Ministry of Defence denies the Kyiv regime's claims: Russian forces did not strike energy facilities in Kherson.",
        expect: &[&[
            ("place", "Kherson/settlement", Some("Kherson")),
            ("occurred_at", "2025-03-28T00:00:00+02:00/day", None),
            ("act", "strike", Some("strike")),
            (
                "target_class",
                "energy.power-plant",
                Some("energy facilities"),
            ),
            ("perpetrator", "ru", Some("Russian forces")),
            ("claimant", "ru", None),
            ("stance", "denies", Some("denies")),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ru-mod",
        at: "2025-03-30T12:00:00+03:00",
        text: "On March 29, the Kyiv regime attacked the gas metering station in Sudzha with HIMARS rockets.",
        expect: &[&[
            ("place", "Sudzha/settlement", Some("Sudzha")),
            (
                "occurred_at",
                "2025-03-29T00:00:00+02:00/day",
                Some("March 29"),
            ),
            ("act", "strike", Some("attacked")),
            ("means", "rocket.mlrs", Some("HIMARS")),
            (
                "target_class",
                "energy.gas-metering",
                Some("gas metering station"),
            ),
            ("perpetrator", "ua", Some("the Kyiv regime")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-genstaff",
        at: "2025-03-27T10:00:00+02:00",
        text: "Ukraine's Defence Forces struck the Saratov oil refinery overnight, the General Staff said.",
        expect: &[&[
            ("place", "Saratov/settlement", Some("Saratov")),
            (
                "occurred_at",
                "2025-03-27T00:00:00+02:00/day",
                Some("overnight"),
            ),
            ("act", "strike", Some("struck")),
            ("target_class", "energy.oil-refinery", Some("oil refinery")),
            (
                "target_name",
                "Saratov oil refinery",
                Some("Saratov oil refinery"),
            ),
            ("perpetrator", "ua", Some("Ukraine's Defence Forces")),
            ("claimant", "ua", None),
            ("stance", "confirms", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-genstaff",
        at: "2025-03-22T15:00:00+02:00",
        text: "Claims by the Russian Ministry of Defence that Ukrainian forces struck the Sudzha gas metering station are false.",
        expect: &[&[
            ("place", "Sudzha/settlement", Some("Sudzha")),
            ("occurred_at", "2025-03-22T00:00:00+02:00/day", None),
            ("act", "strike", Some("struck")),
            (
                "target_class",
                "energy.gas-metering",
                Some("gas metering station"),
            ),
            (
                "target_name",
                "Sudzha gas metering station",
                Some("Sudzha gas metering station"),
            ),
            ("perpetrator", "ua", Some("Ukrainian forces")),
            ("claimant", "ua", None),
            ("stance", "denies", Some("false")),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-mfa",
        at: "2025-04-02T11:00:00+03:00",
        text: "Yesterday evening, Russian drones hit the Kupiansk water supply station; water supply to the town was cut.",
        expect: &[&[
            ("place", "Kupiansk/settlement", Some("Kupiansk")),
            (
                "occurred_at",
                "2025-04-01T00:00:00+03:00/day",
                Some("Yesterday evening"),
            ),
            ("act", "strike", Some("hit")),
            ("means", "drone.long-range", Some("drones")),
            ("target_class", "civilian.water", Some("water supply")),
            (
                "target_name",
                "Kupiansk water supply",
                Some("Kupiansk water supply"),
            ),
            ("perpetrator", "ru", Some("Russian")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-mfa",
        at: "2025-04-16T13:00:00+03:00",
        text: "Russian artillery shelled Kherson this morning, damaging a hospital.",
        expect: &[&[
            ("place", "Kherson/settlement", Some("Kherson")),
            (
                "occurred_at",
                "2025-04-16T00:00:00+03:00/day",
                Some("this morning"),
            ),
            ("act", "shelling", Some("shelled")),
            ("means", "artillery", Some("artillery")),
            ("target_class", "civilian.medical", Some("hospital")),
            ("perpetrator", "ru", Some("Russian")),
            ("claimant", "ua", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ru-mod",
        at: "2025-04-10T12:00:00+03:00",
        text: "Russian forces delivered a strike with Kinzhal hypersonic missiles on a Ukrainian military airfield.",
        expect: &[&[
            ("occurred_at", "2025-04-10T00:00:00+03:00/day", None),
            ("act", "strike", Some("strike")),
            ("means", "missile.ballistic", Some("Kinzhal")),
            ("target_class", "military", Some("airfield")),
            ("perpetrator", "ru", Some("Russian forces")),
            ("claimant", "ru", None),
            ("stance", "confirms", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "us-state",
        at: "2025-04-13T12:00:00Z",
        text: "The United States received reports that a drone struck a hospital in Kharkiv on 12 April.",
        expect: &[&[
            ("place", "Kharkiv/settlement", Some("Kharkiv")),
            (
                "occurred_at",
                "2025-04-12T00:00:00+03:00/day",
                Some("12 April"),
            ),
            ("act", "strike", Some("struck")),
            ("means", "drone.long-range", Some("drone")),
            ("target_class", "civilian.medical", Some("hospital")),
            ("claimant", "us", None),
            ("stance", "observes", None),
        ]],
    },
    // Governors and news.
    Case {
        lang: Lang::En,
        source: "kharkiv-ova",
        at: "2025-03-24T08:00:00+02:00",
        text: "At 04:15 Russian troops struck Kharkiv with two guided aerial bombs. A boiler house and a school were damaged in the Kyivskyi district.",
        expect: &[&[
            ("place", "Kharkiv/settlement", Some("Kharkiv")),
            (
                "occurred_at",
                "2025-03-24T04:15:00+02:00/minute",
                Some("At 04:15"),
            ),
            ("act", "strike", Some("struck")),
            ("means", "bomb.guided", Some("guided aerial bombs")),
            ("target_class", "energy.heating", Some("boiler house")),
            ("perpetrator", "ru", Some("Russian troops")),
            ("claimant", "kharkiv-ova", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "zaporizhzhia-ova",
        at: "2025-04-03T22:00:00+03:00",
        text: "This evening the occupiers shelled Zaporizhzhia district with MLRS; a power line was damaged near Kushuhum.",
        expect: &[
            &[
                (
                    "place",
                    "Zaporizhzhia/near-settlement",
                    Some("Zaporizhzhia district"),
                ),
                (
                    "occurred_at",
                    "2025-04-03T00:00:00+03:00/day",
                    Some("This evening"),
                ),
                ("act", "shelling", Some("shelled")),
                ("means", "rocket.mlrs", Some("MLRS")),
                ("perpetrator", "ru", Some("occupiers")),
                ("claimant", "ua", Some("occupiers")),
                ("stance", "alleges", None),
            ],
            &[
                ("place", "Kushuhum/near-settlement", Some("Kushuhum")),
                (
                    "occurred_at",
                    "2025-04-03T00:00:00+03:00/day",
                    Some("This evening"),
                ),
                ("act", "strike", Some("damaged")),
                ("means", "rocket.mlrs", Some("MLRS")),
                (
                    "target_class",
                    "energy.transmission-line",
                    Some("power line"),
                ),
                ("perpetrator", "ru", Some("occupiers")),
                ("claimant", "ua", Some("occupiers")),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::En,
        source: "sumy-ova",
        at: "2025-03-19T16:00:00+02:00",
        text: "Sumy region: Russian forces dropped a KAB on Bilopillia at noon; two houses and a shop were destroyed.",
        expect: &[&[
            ("place", "Bilopillia/settlement", Some("Bilopillia")),
            ("occurred_at", "2025-03-19T00:00:00+02:00/day", None),
            ("act", "strike", Some("dropped")),
            ("means", "bomb.guided", Some("KAB")),
            ("target_class", "civilian.residential", Some("houses")),
            ("perpetrator", "ru", Some("Russian forces")),
            ("claimant", "sumy-ova", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "dnipro-ova",
        at: "2025-04-15T10:00:00+03:00",
        text: "Nikopol came under artillery fire twice overnight. A gas pipeline and a private house were damaged. No one was injured.",
        expect: &[&[
            ("place", "Nikopol/settlement", Some("Nikopol")),
            (
                "occurred_at",
                "2025-04-15T00:00:00+03:00/day",
                Some("overnight"),
            ),
            ("act", "shelling", Some("fire")),
            ("means", "artillery", Some("artillery")),
            ("target_class", "energy.gas-pipeline", Some("gas pipeline")),
            ("claimant", "dnipro-ova", None),
            ("stance", "observes", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "reuters",
        at: "2025-03-25T15:00:00Z",
        text: "Russia struck Kryvyi Rih with an Iskander-M ballistic missile on Monday, the regional governor said.",
        expect: &[&[
            ("place", "Kryvyi Rih/settlement", Some("Kryvyi Rih")),
            (
                "occurred_at",
                "2025-03-24T00:00:00+02:00/day",
                Some("Monday"),
            ),
            ("act", "strike", Some("struck")),
            ("means", "missile.ballistic", Some("Iskander-M")),
            ("perpetrator", "ru", Some("Russia")),
            ("claimant", "reuters", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::En,
        source: "ua-mfa",
        at: "2025-04-01T10:00:00+03:00",
        text: "The Ministry of Foreign Affairs calls on partners to strengthen air defence.",
        expect: &[],
    },
];

#[test]
fn english_statements() {
    assert!(EN.len() >= 20, "{} English statements", EN.len());
    run(EN);
}

// ---------------------------------------------------------------------------
// Russian.

const RU: &[Case] = &[
    // The ministry of defence.
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-21T10:00:00+03:00",
        text: "В ночь на 21 марта дежурными средствами ПВО перехвачены и уничтожены 23 украинских беспилотных летательных аппарата над территорией Курской области.",
        expect: &[&[
            ("place", "Kursk Oblast/region", Some("Курской области")),
            (
                "occurred_at",
                "2025-03-21T00:00:00+02:00/day",
                Some("В ночь на 21 марта"),
            ),
            ("act", "interception", Some("уничтожены")),
            (
                "means",
                "drone.long-range",
                Some("беспилотных летательных аппарата"),
            ),
            ("perpetrator", "ua", Some("украинских")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
            ("destroyed", "23", Some("23")),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-21T12:00:00+03:00",
        text: "Киевский режим продолжает удары по объектам энергетики: в районе Суджи ВСУ уничтожили газоизмерительную станцию.",
        expect: &[&[
            ("place", "Sudzha/near-settlement", Some("Суджи")),
            ("occurred_at", "2025-03-21T00:00:00+02:00/day", None),
            ("act", "strike", Some("удары")),
            (
                "target_class",
                "energy.gas-metering",
                Some("газоизмерительную станцию"),
            ),
            ("perpetrator", "ua", Some("Киевский режим")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-24T09:00:00+03:00",
        text: "Минобороны России: с 18:00 до 07:00 дежурные средства ПВО уничтожили 44 беспилотника: 20 над Брянской областью, 14 над Курской, 10 над Белгородской.",
        expect: &[&[
            ("occurred_at", "2025-03-24T00:00:00+02:00/day", None),
            ("act", "interception", Some("уничтожили")),
            ("means", "drone.long-range", Some("беспилотника")),
            ("perpetrator", "ua", None),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
            ("destroyed", "44", Some("44")),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-04-02T14:00:00+03:00",
        text: "За прошедшие сутки средствами ПВО сбиты 4 управляемые авиабомбы JDAM, 2 ракеты ATACMS и 96 беспилотных летательных аппаратов.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-02T00:00:00+03:00/day",
                    Some("За прошедшие сутки"),
                ),
                ("act", "interception", Some("сбиты")),
                ("means", "bomb.guided", Some("JDAM")),
                ("perpetrator", "ua", None),
                ("claimant", "ru", None),
                ("stance", "alleges", None),
                ("destroyed", "4", Some("4")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-02T00:00:00+03:00/day",
                    Some("За прошедшие сутки"),
                ),
                ("act", "interception", Some("сбиты")),
                ("means", "missile.ballistic", Some("ATACMS")),
                ("perpetrator", "ua", None),
                ("claimant", "ru", None),
                ("stance", "alleges", None),
                ("destroyed", "2", Some("2")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-02T00:00:00+03:00/day",
                    Some("За прошедшие сутки"),
                ),
                ("act", "interception", Some("сбиты")),
                (
                    "means",
                    "drone.long-range",
                    Some("беспилотных летательных аппаратов"),
                ),
                ("perpetrator", "ua", None),
                ("claimant", "ru", None),
                ("stance", "alleges", None),
                ("destroyed", "96", Some("96")),
            ],
        ],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-04-09T09:00:00+03:00",
        text: "За сутки сбиты 8 реактивных снарядов HIMARS и 3 управляемые авиабомбы.",
        expect: &[
            &[
                (
                    "occurred_at",
                    "2025-04-08T00:00:00+03:00/day",
                    Some("За сутки"),
                ),
                ("act", "interception", Some("сбиты")),
                ("means", "rocket.mlrs", Some("HIMARS")),
                ("perpetrator", "ua", None),
                ("claimant", "ru", None),
                ("stance", "alleges", None),
                ("destroyed", "8", Some("8")),
            ],
            &[
                (
                    "occurred_at",
                    "2025-04-08T00:00:00+03:00/day",
                    Some("За сутки"),
                ),
                ("act", "interception", Some("сбиты")),
                ("means", "bomb.guided", Some("управляемые авиабомбы")),
                ("perpetrator", "ua", None),
                ("claimant", "ru", None),
                ("stance", "alleges", None),
                ("destroyed", "3", Some("3")),
            ],
        ],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-28T12:00:00+03:00",
        text: "Российские войска не наносили ударов по объектам энергетики Украины. Заявления киевского режима об ударе по Херсонской ТЭЦ являются фейком.",
        expect: &[&[
            ("place", "Kherson/settlement", Some("Херсонской")),
            ("occurred_at", "2025-03-28T00:00:00+02:00/day", None),
            ("act", "strike", Some("ударе")),
            ("target_class", "energy.power-plant", Some("ТЭЦ")),
            ("target_name", "Херсонской ТЭЦ", Some("Херсонской ТЭЦ")),
            ("perpetrator", "ru", Some("Российские войска")),
            ("claimant", "ru", None),
            ("stance", "denies", Some("не наносили ударов")),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-04-10T12:00:00+03:00",
        text: "Вооруженные силы Российской Федерации нанесли удар высокоточным оружием по военным аэродромам.",
        expect: &[&[
            ("occurred_at", "2025-04-10T00:00:00+03:00/day", None),
            ("act", "strike", Some("удар")),
            ("target_class", "military", Some("аэродромам")),
            (
                "perpetrator",
                "ru",
                Some("Вооруженные силы Российской Федерации"),
            ),
            ("claimant", "ru", None),
            ("stance", "confirms", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-04-11T12:00:00+03:00",
        text: "В результате удара ракетами «Искандер» уничтожен пункт временной дислокации ВСУ в районе Краматорска.",
        expect: &[&[
            ("place", "Kramatorsk/near-settlement", Some("Краматорска")),
            ("occurred_at", "2025-04-11T00:00:00+03:00/day", None),
            ("act", "strike", Some("удара")),
            ("means", "missile.ballistic", Some("Искандер")),
            ("perpetrator", "ru", None),
            ("claimant", "ru", None),
            ("stance", "confirms", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-19T11:00:00+03:00",
        text: "Противник атаковал Энгельс тремя беспилотниками, все они уничтожены.",
        expect: &[&[
            ("place", "Engels/settlement", Some("Энгельс")),
            ("occurred_at", "2025-03-19T00:00:00+02:00/day", None),
            ("act", "strike", Some("атаковал")),
            ("means", "drone.long-range", Some("беспилотниками")),
            ("perpetrator", "ua", Some("Противник")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mfa",
        at: "2025-03-26T12:00:00+03:00",
        text: "25 марта ВСУ ударили по Брянской ГРЭС, нарушив договоренность об энергетическом перемирии.",
        expect: &[&[
            ("place", "Bryansk/settlement", Some("Брянской")),
            (
                "occurred_at",
                "2025-03-25T00:00:00+02:00/day",
                Some("25 марта"),
            ),
            ("act", "strike", Some("ударили")),
            ("target_class", "energy.power-plant", Some("ГРЭС")),
            ("target_name", "Брянской ГРЭС", Some("Брянской ГРЭС")),
            ("perpetrator", "ua", Some("ВСУ")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-03-19T09:00:00+03:00",
        text: "Украинская сторона нанесла удар по нефтеперекачивающей станции в Кропоткине.",
        expect: &[&[
            ("place", "Kropotkin/settlement", Some("Кропоткине")),
            ("occurred_at", "2025-03-19T00:00:00+02:00/day", None),
            ("act", "strike", Some("удар")),
            (
                "target_class",
                "energy.oil-pumping",
                Some("нефтеперекачивающей станции"),
            ),
            ("perpetrator", "ua", Some("Украинская")),
            ("claimant", "ru", None),
            ("stance", "alleges", None),
        ]],
    },
    // Governors.
    Case {
        lang: Lang::Ru,
        source: "belgorod-gov",
        at: "2025-03-22T09:00:00+03:00",
        text: "В Шебекино в результате атаки FPV-дрона ВСУ поврежден частный дом. Пострадавших нет.",
        expect: &[&[
            ("place", "Shebekino/settlement", Some("Шебекино")),
            ("occurred_at", "2025-03-22T00:00:00+02:00/day", None),
            ("act", "strike", Some("атаки")),
            ("means", "drone.tactical", Some("FPV-дрона")),
            ("target_class", "civilian.residential", Some("частный дом")),
            ("perpetrator", "ua", Some("ВСУ")),
            ("claimant", "ru", Some("ВСУ")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "kursk-gov",
        at: "2025-03-23T08:30:00+03:00",
        text: "Сегодня ночью над Курской областью сбиты 12 украинских беспилотников. В Рыльске обломками повреждена линия электропередачи.",
        expect: &[
            &[
                ("place", "Kursk Oblast/region", Some("Курской областью")),
                (
                    "occurred_at",
                    "2025-03-23T00:00:00+02:00/day",
                    Some("Сегодня ночью"),
                ),
                ("act", "interception", Some("сбиты")),
                ("means", "drone.long-range", Some("беспилотников")),
                ("perpetrator", "ua", Some("украинских")),
                ("claimant", "kursk-gov", None),
                ("stance", "alleges", None),
                ("destroyed", "12", Some("12")),
            ],
            &[
                ("place", "Ryl’sk/settlement", Some("Рыльске")),
                (
                    "occurred_at",
                    "2025-03-23T00:00:00+02:00/day",
                    Some("Сегодня ночью"),
                ),
                ("act", "strike", Some("обломками")),
                ("means", "drone.long-range", Some("беспилотников")),
                (
                    "target_class",
                    "energy.transmission-line",
                    Some("линия электропередачи"),
                ),
                ("perpetrator", "ua", Some("украинских")),
                ("claimant", "kursk-gov", None),
                ("stance", "alleges", None),
            ],
        ],
    },
    Case {
        lang: Lang::Ru,
        source: "kursk-gov",
        at: "2025-03-26T09:00:00+02:00",
        text: "Вчера в 16:40 ВСУ нанесли удар по Курчатову, повреждена подстанция.",
        expect: &[&[
            ("place", "Kurchatov/settlement", Some("Курчатову")),
            (
                "occurred_at",
                "2025-03-25T16:40:00+02:00/minute",
                Some("Вчера в 16:40"),
            ),
            ("act", "strike", Some("удар")),
            ("target_class", "energy.substation", Some("подстанция")),
            ("perpetrator", "ua", Some("ВСУ")),
            ("claimant", "ru", Some("ВСУ")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "belgorod-gov",
        at: "2025-04-03T21:00:00+03:00",
        text: "Вечером в Белгороде в результате обстрела ВСУ из РСЗО повреждены три многоквартирных дома.",
        expect: &[&[
            ("place", "Belgorod/settlement", Some("Белгороде")),
            (
                "occurred_at",
                "2025-04-03T00:00:00+03:00/day",
                Some("Вечером"),
            ),
            ("act", "shelling", Some("обстрела")),
            ("means", "rocket.mlrs", Some("РСЗО")),
            (
                "target_class",
                "civilian.residential",
                Some("многоквартирных дома"),
            ),
            ("perpetrator", "ua", Some("ВСУ")),
            ("claimant", "ru", Some("ВСУ")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "sevastopol-gov",
        at: "2025-04-06T07:00:00+03:00",
        text: "Сегодня утром силы ПВО отразили атаку на Севастополь, сбиты 6 беспилотников. Повреждений нет.",
        expect: &[&[
            ("place", "Sevastopol/settlement", Some("Севастополь")),
            (
                "occurred_at",
                "2025-04-06T00:00:00+03:00/day",
                Some("Сегодня утром"),
            ),
            ("act", "interception", Some("сбиты")),
            ("means", "drone.long-range", Some("беспилотников")),
            ("claimant", "sevastopol-gov", None),
            ("stance", "observes", None),
            ("destroyed", "6", Some("6")),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "crimea-head",
        at: "2025-04-01T10:00:00+03:00",
        text: "В Джанкое в результате атаки БПЛА загорелась нефтебаза.",
        expect: &[&[
            ("place", "Dzhankoi/settlement", Some("Джанкое")),
            ("occurred_at", "2025-04-01T00:00:00+03:00/day", None),
            ("act", "strike", Some("атаки")),
            ("means", "drone.long-range", Some("БПЛА")),
            ("target_class", "energy.oil-storage", Some("нефтебаза")),
            ("claimant", "crimea-head", None),
            ("stance", "observes", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "zaes",
        at: "2025-04-12T12:00:00+03:00",
        text: "Украинский беспилотник атаковал учебный центр Запорожской АЭС в Энергодаре.",
        expect: &[&[
            ("place", "Enerhodar/settlement", Some("Энергодаре")),
            ("occurred_at", "2025-04-12T00:00:00+03:00/day", None),
            ("act", "strike", Some("атаковал")),
            ("means", "drone.long-range", Some("беспилотник")),
            ("target_class", "energy.nuclear", Some("АЭС")),
            ("target_name", "Запорожской АЭС", Some("Запорожской АЭС")),
            ("perpetrator", "ua", Some("Украинский")),
            ("claimant", "zaes", None),
            ("stance", "alleges", None),
        ]],
    },
    // Ukrainian officials writing in Russian.
    Case {
        lang: Lang::Ru,
        source: "kharkiv-ova",
        at: "2025-04-05T07:30:00+03:00",
        text: "Харьков: ночью враг атаковал город дронами-камикадзе, повреждено здание больницы.",
        expect: &[&[
            ("place", "Kharkiv/settlement", Some("Харьков")),
            (
                "occurred_at",
                "2025-04-05T00:00:00+03:00/day",
                Some("ночью"),
            ),
            ("act", "strike", Some("атаковал")),
            ("means", "drone.long-range", Some("дронами-камикадзе")),
            ("target_class", "civilian.medical", Some("больницы")),
            ("perpetrator", "ru", Some("враг")),
            ("claimant", "ua", Some("враг")),
            ("stance", "alleges", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "odesa-ova",
        at: "2025-04-11T08:00:00+03:00",
        text: "В Одессе в результате ночной атаки ударных беспилотников повреждены объекты портовой инфраструктуры.",
        expect: &[&[
            ("place", "Odesa/settlement", Some("Одессе")),
            (
                "occurred_at",
                "2025-04-11T00:00:00+03:00/day",
                Some("ночной"),
            ),
            ("act", "strike", Some("атаки")),
            ("means", "drone.long-range", Some("ударных беспилотников")),
            (
                "target_class",
                "civilian.port",
                Some("портовой инфраструктуры"),
            ),
            ("claimant", "odesa-ova", None),
            ("stance", "observes", None),
        ]],
    },
    Case {
        lang: Lang::Ru,
        source: "ru-mod",
        at: "2025-04-01T10:00:00+03:00",
        text: "Министр обороны провел совещание о ходе специальной военной операции.",
        expect: &[],
    },
];

#[test]
fn russian_statements() {
    assert!(RU.len() >= 20, "{} Russian statements", RU.len());
    run(RU);
}

// ---------------------------------------------------------------------------
// The rest of the contract.

fn statement(source: &str, at: &str, text: &str) -> Statement {
    Statement {
        source: source.to_string(),
        published_at: at.to_string(),
        text: text.to_string(),
        lang: None,
        url: None,
    }
}

#[test]
fn relative_times_are_read_in_the_zone_given() {
    let a = agreement();
    let text = "Вчора о 23:30 ворог атакував Харків дронами.";
    // 01:00 in Kyiv on the 26th is still the 25th in UTC.
    let st = statement("ua-airforce", "2025-03-25T23:00:00Z", text);
    let kyiv = extractor(&a).candidates(&st).expect("read");
    assert_eq!(kyiv[0].occurred_at, "2025-03-25T23:30:00+02:00");
    let utc = Extractor::new(
        &a,
        truce_geo::Gazetteer::embedded(),
        jiff::tz::TimeZone::UTC,
    );
    let c = utc.candidates(&st).expect("read");
    assert_eq!(c[0].occurred_at, "2025-03-24T23:30:00+00:00");
}

#[test]
fn a_night_clock_time_in_the_evening_falls_on_the_day_before() {
    let a = agreement();
    let x = extractor(&a);
    let st = statement(
        "ua-airforce",
        "2025-03-25T09:00:00+02:00",
        "У ніч на 25 березня о 23:40 ворог атакував Суми ударними БпЛА.",
    );
    let c = x.candidates(&st).expect("read");
    assert_eq!(c[0].occurred_at, "2025-03-24T23:40:00+02:00");
    assert_eq!(
        &st.text[c[0].spans[&Field::OccurredAt].range()],
        "У ніч на 25 березня о 23:40"
    );
}

#[test]
fn a_date_after_publication_is_last_year() {
    let a = agreement();
    let st = statement(
        "ua-mfa",
        "2025-01-02",
        "30 грудня ворог атакував Київ ракетами.",
    );
    let c = extractor(&a).candidates(&st).expect("read");
    assert_eq!(c[0].occurred_at, "2024-12-30T00:00:00+02:00");
}

#[test]
fn the_language_given_is_kept_and_the_script_decides_otherwise() {
    let a = agreement();
    let x = extractor(&a);
    let mut st = statement("mission", "2025-03-25", "Вночі ворог атакував Харків.");
    assert_eq!(x.extract(&st).expect("read").lang, Lang::Uk);
    st.lang = Some(Lang::Ru);
    assert_eq!(x.extract(&st).expect("read").lang, Lang::Ru);
}

#[test]
fn statements_that_cannot_be_read_say_why() {
    let a = agreement();
    let x = extractor(&a);
    let long = "а".repeat(10_001);
    let e = x
        .extract(&statement("ua-mfa", "2025-03-25", &long))
        .expect_err("too long");
    assert_eq!(e.field(), "text");
    assert!(e.to_string().contains("20000"), "{e}");
    let e = x
        .extract(&statement("ua-mfa", "25/03/2025", "Вночі"))
        .expect_err("bad date");
    assert_eq!(e.field(), "published_at");
    let e = x
        .extract(&statement(" ", "2025-03-25", "Вночі"))
        .expect_err("no source");
    assert_eq!(e.field(), "source");
    // Empty text: nothing to read, not an error.
    let e = x
        .extract(&statement("ua-mfa", "2025-03-25", ""))
        .expect("read");
    assert!(e.candidates.is_empty());
}

#[test]
fn an_extraction_keeps_its_statement_and_round_trips_through_json() {
    let a = agreement();
    let mut st = statement(
        "ua-airforce",
        "2025-03-25T09:30:00+02:00",
        "У ніч на 25 березня противник атакував Харків 20 ударними БпЛА.",
    );
    st.url = Some("https://example.org/post/1".to_string());
    let e = extractor(&a).extract(&st).expect("read");
    assert_eq!(e.statement, st);
    assert_eq!(e.span_unit, "utf8-bytes");
    assert_eq!(e.speaker.as_deref(), Some("ua"));
    assert_eq!(
        e.candidates[0].url.as_deref(),
        Some("https://example.org/post/1")
    );
    let json = serde_json::to_string(&e).expect("serialise");
    let back: truce_ingest::statements::Extraction = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, e);
    // Spans are written as [start, end].
    let v: Value = serde_json::from_str(&json).expect("json");
    let span = &v["candidates"][0]["spans"]["place"];
    let (s, t) = (span[0].as_u64().unwrap_or(0), span[1].as_u64().unwrap_or(0));
    assert_eq!(&st.text[s as usize..t as usize], "Харків");
}

#[test]
fn the_same_statement_gives_the_same_candidates() {
    let a = agreement();
    let x = extractor(&a);
    for case in UK.iter().chain(EN).chain(RU) {
        let st = statement(case.source, case.at, case.text);
        assert_eq!(x.candidates(&st), x.candidates(&st), "{}", case.text);
    }
}

mod reading {
    use super::*;
    use truce_ingest::statements::read::{Item, read_jsonl, read_paragraphs};

    fn kyiv() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/Kyiv").expect("bundled tzdb")
    }

    #[test]
    fn json_lines_report_bad_lines_with_their_line_and_field_and_go_on() {
        let input = concat!(
            "{\"source\":\"ua-airforce\",\"published_at\":\"2025-03-25T09:00:00+02:00\",\"text\":\"Вночі ворог атакував Харків.\"}\n",
            "\n",
            "not json\n",
            "{\"source\":\"ua-mfa\",\"text\":\"Вночі\"}\n",
            "{\"source\":\"ua-mfa\",\"published_at\":\"yesterday\",\"text\":\"Вночі\"}\n",
            "{\"source\":\"ua-mfa\",\"published_at\":\"2025-03-25\",\"text\":\"x\",\"lang\":\"de\"}\n",
            "{\"source\":\"ua-mfa\",\"published_at\":\"2025-03-25\",\"text\":7}\n",
            "[1,2]\n",
            "{\"source\":\"ru-mod\",\"published_at\":\"2025-03-25\",\"text\":\"Сбиты 5 беспилотников.\",\"lang\":\"ru\",\"url\":\"https://mil.example/1\"}\n",
        );
        let mut items: Vec<Item> = Vec::new();
        read_jsonl(input.as_bytes(), "in.jsonl", &kyiv(), |i| items.push(i)).expect("read");
        let summary: Vec<(usize, u64, Option<String>)> = items
            .iter()
            .map(|i| {
                (
                    i.index,
                    i.line,
                    i.statement
                        .as_ref()
                        .err()
                        .map(|r| r.field.clone().unwrap_or_default()),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (0, 1, None),
                (1, 3, Some(String::new())),
                (2, 4, Some("published_at".into())),
                (3, 5, Some("published_at".into())),
                (4, 6, Some("lang".into())),
                (5, 7, Some("text".into())),
                (6, 8, Some(String::new())),
                (7, 9, None),
            ]
        );
        let bad = items[2].statement.as_ref().expect_err("missing");
        assert_eq!(bad.file, "in.jsonl");
        assert!(
            bad.reason.contains("published_at is missing"),
            "{}",
            bad.reason
        );
        let last = items[7].statement.as_ref().expect("read");
        assert_eq!(last.lang, Some(Lang::Ru));
        assert_eq!(last.url.as_deref(), Some("https://mil.example/1"));
    }

    #[test]
    fn plain_text_is_one_statement_a_paragraph() {
        let input = "Вночі ворог атакував Харків.\nПошкоджено підстанцію.\n\n\n  \nУ Сумах пошкоджено лікарню.\n";
        let mut items: Vec<Item> = Vec::new();
        read_paragraphs(
            input.as_bytes(),
            "in.txt",
            "kharkiv-ova",
            "2025-03-25T08:00:00+02:00",
            None,
            &kyiv(),
            |i| items.push(i),
        )
        .expect("read");
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].index, items[0].line), (0, 1));
        assert_eq!((items[1].index, items[1].line), (1, 6));
        let first = items[0].statement.as_ref().expect("read");
        assert_eq!(
            first.text,
            "Вночі ворог атакував Харків.\nПошкоджено підстанцію."
        );
        assert_eq!(first.source, "kharkiv-ova");

        // A paragraph over the limit is refused, the next one is read.
        let long = format!("{}\n\nУ Сумах пошкоджено лікарню.\n", "слово ".repeat(4000));
        let mut items: Vec<Item> = Vec::new();
        read_paragraphs(
            long.as_bytes(),
            "in.txt",
            "s",
            "2025-03-25",
            None,
            &kyiv(),
            |i| items.push(i),
        )
        .expect("read");
        let bad = items[0].statement.as_ref().expect_err("too long");
        assert_eq!(bad.field.as_deref(), Some("text"));
        assert!(items[1].statement.is_ok());

        // A bad publication time refuses every paragraph, naming it.
        let mut items: Vec<Item> = Vec::new();
        read_paragraphs(
            "a\n\nb\n".as_bytes(),
            "in.txt",
            "s",
            "soon",
            None,
            &kyiv(),
            |i| items.push(i),
        )
        .expect("read");
        assert!(items.iter().all(
            |i| i.statement.as_ref().err().and_then(|r| r.field.as_deref()) == Some("published_at")
        ));
    }
}

// ---------------------------------------------------------------------------
// Any input.

/// Words the rules know, to reach deep into them with random input.
const PIECES: &[&str] = &[
    "У ніч на 25 березня",
    "в ночь на 21 марта",
    "on the night of 24 to 25 March",
    "вчора",
    "сегодня утром",
    "о 06:40",
    "25.03.2025",
    "2025-03-25",
    "з 18:00",
    "станом на 09:00",
    "противник",
    "ворог",
    "ВСУ",
    "киевский режим",
    "Russian",
    "the enemy",
    "атакував",
    "сбиты",
    "57 of 99",
    "збито 56",
    "99",
    "ударними БпЛА",
    "Shahed-136",
    "Іскандер-М/KN-23",
    "Х-59/69",
    "КАБ",
    "HIMARS",
    "підстанцію",
    "НПЗ",
    "ТЭЦ",
    "«Суджа»",
    "у Харкові",
    "в Энгельсе",
    "по Запоріжжю",
    "у Київському районі",
    "Курской области",
    "Харківській та Сумській областях",
    "з напрямків: Брянськ, Курськ",
    "Kharkiv oblast",
    "не наносили ударов",
    "фейк",
    ".",
    ",",
    ":",
    "\n\n",
    "«",
    "—",
];

fn check_spans(x: &Extractor<'_>, text: &str) -> Result<(), TestCaseError> {
    let st = statement("ua-airforce", "2025-03-25T09:00:00+02:00", text);
    match x.extract(&st) {
        Ok(e) => {
            for c in &e.candidates {
                for (f, s) in &c.spans {
                    prop_assert!(s.start <= s.end && s.end <= text.len(), "{f:?} {s:?}");
                    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
        }
        Err(err) => prop_assert!(text.len() > 20_000, "{err}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_reads_without_panicking_and_spans_stay_inside(text in "\\PC{0,400}") {
        let a = agreement();
        check_spans(&extractor(&a), &text)?;
    }

    #[test]
    fn known_words_in_any_order_read_without_panicking(
        parts in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(PIECES).prop_map(str::to_string),
                1 => "\\PC{0,12}",
            ],
            0..60,
        ),
        glue in prop::sample::select(&[" ", "", "\n", "-", "'"][..]),
    ) {
        let a = agreement();
        check_spans(&extractor(&a), &parts.join(glue))?;
    }
}

#[test]
fn long_statements_are_bounded() {
    let a = agreement();
    let x = extractor(&a);
    // Twenty thousand bytes of capitalised words and place names: read in
    // bounded time, with at most 64 candidates.
    let mut text = String::new();
    while text.len() < 19_900 {
        text.push_str("Харків Суми Одеса пошкоджено підстанцію. ");
    }
    let t = std::time::Instant::now();
    let c = x
        .candidates(&statement("ua-mfa", "2025-03-25", &text))
        .expect("read");
    assert!(c.len() <= 64, "{}", c.len());
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
}
