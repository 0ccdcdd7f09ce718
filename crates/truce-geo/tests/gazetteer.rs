//! Place-name resolution against the curated small gazetteer
//! (`Gazetteer::small()`); `geocode.rs` covers the full embedded one.

use truce_geo::{Gazetteer, GazetteerError, PlaceKind, Resolution, haversine_km};
use truce_model::{GeoPrecision, LatLon};

use GeoPrecision::{Country, Region, Settlement};

/// (query, region hint, expected id, expected precision)
const CASES: &[(&str, Option<&str>, &str, GeoPrecision)] = &[
    // Capital, in every spelling.
    ("Kyiv", None, "ua-kyiv", Settlement),
    ("Kiev", None, "ua-kyiv", Settlement),
    ("Київ", None, "ua-kyiv", Settlement),
    ("Киев", None, "ua-kyiv", Settlement),
    ("м. Київ", None, "ua-kyiv", Settlement),
    ("KYIV", None, "ua-kyiv", Settlement),
    ("Kyiv’s", None, "ua-kyiv", Settlement),
    ("Kyiv city", None, "UA-30", Region),
    ("Kyiv oblast", None, "UA-32", Region),
    ("Київська область", None, "UA-32", Region),
    ("Київщина", None, "UA-32", Region),
    // Oblast centres with Russian and Soviet-era names.
    ("Kharkiv", None, "ua-kharkiv", Settlement),
    ("Kharkov", None, "ua-kharkiv", Settlement),
    ("Харків", None, "ua-kharkiv", Settlement),
    ("Харьков", None, "ua-kharkiv", Settlement),
    ("Zaporizhzhia", None, "ua-zaporizhzhia", Settlement),
    ("Zaporozhye", None, "ua-zaporizhzhia", Settlement),
    ("Запоріжжя", None, "ua-zaporizhzhia", Settlement),
    ("Запорожье", None, "ua-zaporizhzhia", Settlement),
    ("Mykolaiv", None, "ua-mykolaiv", Settlement),
    ("Nikolaev", None, "ua-mykolaiv", Settlement),
    ("Миколаїв", None, "ua-mykolaiv", Settlement),
    ("Николаев", None, "ua-mykolaiv", Settlement),
    ("Dnipro", None, "ua-dnipro", Settlement),
    ("Dnepropetrovsk", None, "ua-dnipro", Settlement),
    ("Дніпро", None, "ua-dnipro", Settlement),
    ("Днепр", None, "ua-dnipro", Settlement),
    ("Днепропетровск", None, "ua-dnipro", Settlement),
    ("Kropyvnytskyi", None, "ua-kropyvnytskyi", Settlement),
    ("Kirovohrad", None, "ua-kropyvnytskyi", Settlement),
    ("Кировоград", None, "ua-kropyvnytskyi", Settlement),
    ("Одеса", None, "ua-odesa", Settlement),
    ("Одесса", None, "ua-odesa", Settlement),
    ("Odessa", None, "ua-odesa", Settlement),
    ("Ivano-Frankivsk", None, "ua-ivano-frankivsk", Settlement),
    ("ivano frankivsk", None, "ua-ivano-frankivsk", Settlement),
    ("Luhans'k", None, "ua-luhansk", Settlement),
    ("Donetsk", None, "ua-donetsk", Settlement),
    ("Lvov", None, "ua-lviv", Settlement),
    // Front-line towns renamed in 2016.
    ("Bakhmut", None, "ua-bakhmut", Settlement),
    ("Artemivsk", None, "ua-bakhmut", Settlement),
    ("Артемовск", None, "ua-bakhmut", Settlement),
    ("Pokrovsk", None, "ua-pokrovsk", Settlement),
    ("Красноармейск", None, "ua-pokrovsk", Settlement),
    ("Krasnoarmeisk", None, "ua-pokrovsk", Settlement),
    ("Toretsk", None, "ua-toretsk", Settlement),
    ("Дзержинск", None, "ua-toretsk", Settlement),
    ("Kamianske", None, "ua-kamianske", Settlement),
    ("Кам’янське", None, "ua-kamianske", Settlement),
    ("Днепродзержинск", None, "ua-kamianske", Settlement),
    ("Sloviansk", None, "ua-sloviansk", Settlement),
    ("Славянск", None, "ua-sloviansk", Settlement),
    ("Chornomorsk", None, "ua-chornomorsk", Settlement),
    ("Ильичёвск", None, "ua-chornomorsk", Settlement),
    ("Ильичевск", None, "ua-chornomorsk", Settlement),
    ("Kryvyi Rih", None, "ua-kryvyi-rih", Settlement),
    ("Krivoy Rog", None, "ua-kryvyi-rih", Settlement),
    ("Кривий Ріг", None, "ua-kryvyi-rih", Settlement),
    ("Enerhodar", None, "ua-enerhodar", Settlement),
    ("Энергодар", None, "ua-enerhodar", Settlement),
    (
        "Bilhorod-Dnistrovskyi",
        None,
        "ua-bilhorod-dnistrovskyi",
        Settlement,
    ),
    ("Nova Kakhovka", None, "ua-nova-kakhovka", Settlement),
    ("смт Ладижин", None, "ua-ladyzhyn", Settlement),
    ("Yuzhne", None, "ua-pivdenne", Settlement),
    // Crimea.
    ("Sevastopol", None, "ua-sevastopol", Settlement),
    ("Севастополь", None, "ua-sevastopol", Settlement),
    ("Crimea", None, "UA-43", Region),
    ("Крым", None, "UA-43", Region),
    ("Feodosiya", None, "ua-feodosia", Settlement),
    ("Евпатория", None, "ua-yevpatoria", Settlement),
    // Regions in every form.
    ("Kherson oblast", None, "UA-65", Region),
    ("Kherson Region", None, "UA-65", Region),
    ("Херсонська область", None, "UA-65", Region),
    ("Херсонская область", None, "UA-65", Region),
    ("Херсонська обл.", None, "UA-65", Region),
    ("Kherson", None, "ua-kherson", Settlement),
    ("Zaporizhzhia oblast", None, "UA-23", Region),
    ("Запорожская обл.", None, "UA-23", Region),
    ("Dnipropetrovsk oblast", None, "UA-12", Region),
    ("Dnipro region", None, "UA-12", Region),
    ("Донеччина", None, "UA-14", Region),
    ("Sumy region", None, "UA-59", Region),
    ("Сумщина", None, "UA-59", Region),
    ("Odesa oblast", None, "UA-51", Region),
    ("Одесская область", None, "UA-51", Region),
    // Russia.
    ("Sudzha", None, "ru-sudzha", Settlement),
    ("Суджа", None, "ru-sudzha", Settlement),
    ("Kursk oblast", None, "RU-KRS", Region),
    ("Курская область", None, "RU-KRS", Region),
    ("Курщина", None, "RU-KRS", Region),
    ("Belgorod", None, "ru-belgorod", Settlement),
    ("Бєлгород", None, "ru-belgorod", Settlement),
    ("Белгородская обл", None, "RU-BEL", Region),
    ("Krasnodar Krai", None, "RU-KDA", Region),
    ("Краснодарский край", None, "RU-KDA", Region),
    ("Krasnodar", None, "ru-krasnodar", Settlement),
    ("Rostov", None, "ru-rostov-on-don", Settlement),
    ("Rostov-on-Don", None, "ru-rostov-on-don", Settlement),
    ("Ростов-на-Дону", None, "ru-rostov-on-don", Settlement),
    ("Novorossiysk", None, "ru-novorossiysk", Settlement),
    ("Новороссийск", None, "ru-novorossiysk", Settlement),
    ("Орёл", None, "ru-oryol", Settlement),
    ("Orel", None, "ru-oryol", Settlement),
    ("Engels", None, "ru-engels", Settlement),
    ("г. Энгельс", None, "ru-engels", Settlement),
    // Countries.
    ("Ukraine", None, "UA", Country),
    ("Україна", None, "UA", Country),
    ("Russia", None, "RU", Country),
    ("Российская Федерация", None, "RU", Country),
    // Homonyms: the large one wins alone; a hint picks the other.
    (
        "Mykolaiv",
        Some("Lviv oblast"),
        "ua-mykolaiv-lviv",
        Settlement,
    ),
    (
        "Mykolaiv",
        Some("Львівська область"),
        "ua-mykolaiv-lviv",
        Settlement,
    ),
    ("Mykolaiv", Some("Lviv"), "ua-mykolaiv-lviv", Settlement),
    ("Mykolaiv", Some("UA-46"), "ua-mykolaiv-lviv", Settlement),
    (
        "Mykolaiv",
        Some("Mykolaiv oblast"),
        "ua-mykolaiv",
        Settlement,
    ),
    ("Pivdenne", Some("Odesa oblast"), "ua-pivdenne", Settlement),
    (
        "Південне",
        Some("Харківщина"),
        "ua-pivdenne-kharkiv",
        Settlement,
    ),
    // A hint that names nothing known is ignored.
    ("Kharkiv", Some("Atlantis"), "ua-kharkiv", Settlement),
    // A country as hint.
    ("Kursk", Some("Russia"), "ru-kursk", Settlement),
];

#[test]
fn embedded_gazetteer_parses() {
    let g = Gazetteer::from_tsv(include_str!("../data/gazetteer-small.tsv"))
        .expect("the embedded gazetteer parses");
    assert_eq!(g.places().len(), Gazetteer::small().places().len());
    assert!(g.places().len() > 120);
}

#[test]
fn resolves_the_table() {
    assert!(CASES.len() >= 60);
    let g = Gazetteer::small();
    let mut failures = Vec::new();
    for &(query, hint, id, precision) in CASES {
        match g.resolve(query, hint) {
            Resolution::Found(p) if p.id == id && p.precision() == precision => {}
            other => failures.push(format!(
                "{query:?} (hint {hint:?}): expected {id} at {precision:?}, got {:?}",
                summary(&other)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn summary(r: &Resolution<'_>) -> String {
    match r {
        Resolution::Found(p) => format!("Found({}, {:?})", p.id, p.precision()),
        Resolution::Ambiguous(ps) => {
            format!(
                "Ambiguous({:?})",
                ps.iter().map(|p| &p.id).collect::<Vec<_>>()
            )
        }
        Resolution::NotFound => "NotFound".to_string(),
    }
}

#[test]
fn nonsense_is_not_found() {
    let g = Gazetteer::small();
    for q in [
        "",
        "   ",
        "Atlantis",
        "Kyivv",
        "Kharkiv oblast oblast",
        "м.",
        "'’`",
        "Kherson Krai",
        "🚀",
        "Київ Харків",
        "Dnipro river bank",
    ] {
        assert_eq!(g.resolve(q, None), Resolution::NotFound, "{q:?}");
    }
}

#[test]
fn comparable_homonyms_are_ambiguous_most_populous_first() {
    let g = Gazetteer::small();
    // Both towns were once called Южный.
    for q in ["Pivdenne", "Південне", "pivdenne", "Южный"] {
        match g.resolve(q, None) {
            Resolution::Ambiguous(ps) => {
                let ids: Vec<&str> = ps.iter().map(|p| p.id.as_str()).collect();
                assert_eq!(ids, ["ua-pivdenne", "ua-pivdenne-kharkiv"]);
            }
            other => panic!("{q}: {}", summary(&other)),
        }
    }
}

#[test]
fn a_hint_that_rules_out_every_candidate_leaves_them_all() {
    let g = Gazetteer::small();
    match g.resolve("Mykolaiv", Some("Kharkiv oblast")) {
        Resolution::Ambiguous(ps) => {
            let ids: Vec<&str> = ps.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(ids, ["ua-mykolaiv", "ua-mykolaiv-lviv"]);
        }
        other => panic!("{}", summary(&other)),
    }
    match g.resolve("Kursk", Some("Ukraine")) {
        Resolution::Ambiguous(ps) => assert_eq!(ps.len(), 1),
        other => panic!("{}", summary(&other)),
    }
}

#[test]
fn places_are_consistent() {
    let g = Gazetteer::small();
    let ua_regions = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Region && p.country == "UA")
        .count();
    // 24 oblasts, Kyiv, Crimea, Sevastopol.
    assert_eq!(ua_regions, 27);
    for p in g.places() {
        assert!(p.point.is_valid(), "{}", p.id);
        assert!(p.population > 0, "{}", p.id);
        assert_eq!(p.kind == PlaceKind::Country, p.id == p.country, "{}", p.id);
        // The Latin, Ukrainian and Russian names all lead back to the place,
        // unless a much larger homonym shadows them.
        for name in [&p.name, &p.name_uk, &p.name_ru] {
            match g.resolve(name, None) {
                Resolution::Found(q) if q.id == p.id => {}
                Resolution::Ambiguous(qs) if qs.iter().any(|q| q.id == p.id) => {}
                Resolution::Found(q) if q.population > 10 * p.population => {}
                other => panic!("{name:?} for {}: {}", p.id, summary(&other)),
            }
        }
        // Settlements lie within their region's reach.
        if let Some(r) = p.region.as_deref().and_then(|r| g.get(r)) {
            let d = haversine_km(p.point, r.point);
            assert!(
                d < 300.0,
                "{} is {d:.0} km from the centre of {}",
                p.id,
                r.id
            );
            assert_eq!(p.country, r.country, "{}", p.id);
        }
    }
    // Spot checks against well-known great-circle distances (km, ±3 %).
    for (a, b, km) in [
        ("ua-kyiv", "ua-kharkiv", 409.0),
        ("ua-kyiv", "ua-lviv", 469.0),
        ("ua-kyiv", "ua-odesa", 442.0),
        ("ru-kursk", "ru-belgorod", 128.0),
    ] {
        let d = haversine_km(g.get(a).expect(a).point, g.get(b).expect(b).point);
        assert!(
            (d - km).abs() <= km * 0.03,
            "{a}–{b}: {d:.1} km, expected about {km}"
        );
    }
}

#[test]
fn version_identifies_the_data() {
    let g = Gazetteer::small();
    let v = g.version();
    assert!(v.starts_with("fnv1a64:") && v.len() == 8 + 16, "{v}");
    assert_eq!(v, Gazetteer::small().version());
    let text = include_str!("../data/gazetteer-small.tsv");
    let changed = text.replacen("41400000", "41400001", 1);
    assert_ne!(
        Gazetteer::from_tsv(&changed)
            .expect("still valid")
            .version(),
        v
    );
    // Known without building: evaluations record it, and a workspace whose
    // version seemed to change would be evaluated in full every time.
    assert_eq!(Gazetteer::version_of_tsv(text), v);
    assert_eq!(
        Gazetteer::version_of_tsv(&changed),
        Gazetteer::from_tsv(&changed).expect("valid").version()
    );
    assert_eq!(
        Gazetteer::embedded_version(),
        Gazetteer::embedded().version()
    );
}

const HEADER: &str =
    "id\tkind\tname\tname_uk\tname_ru\tother_names\tlat\tlon\tregion\tcountry\tpopulation\n";

fn parse(body: &str) -> Result<Gazetteer, GazetteerError> {
    Gazetteer::from_tsv(&format!("{HEADER}{body}"))
}

#[test]
fn from_tsv_errors_point_at_the_line_and_column() {
    let region =
        "R1\tregion\tTest Oblast\tТестова область\tТестовая область\t\t48.0\t30.0\t\tUA\t1000\n";
    let town = |lat: &str, region: &str, pop: &str| {
        format!("t1\tsettlement\tTest\tТест\tТест\tTestograd\t{lat}\t30.0\t{region}\tUA\t{pop}\n")
    };

    let ok = parse(&format!(
        "{region}# a comment\n\n{}",
        town("48.1", "R1", "50")
    ))
    .expect("valid");
    assert_eq!(ok.places().len(), 2);
    assert_eq!(
        ok.resolve("Testograd", None).found().map(|p| p.id.as_str()),
        Some("t1")
    );
    assert_eq!(
        ok.resolve("Test region", None)
            .found()
            .map(|p| p.id.as_str()),
        Some("R1")
    );

    let err = parse(&format!("{region}{}", town("north", "R1", "50"))).unwrap_err();
    assert_eq!(
        err,
        GazetteerError::Field {
            line: 3,
            column: "lat",
            message: "`north` is not a number between -90 and 90".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "line 3, column `lat`: `north` is not a number between -90 and 90"
    );

    let err = parse(&format!("{region}{}", town("91", "R1", "50"))).unwrap_err();
    assert!(
        matches!(
            err,
            GazetteerError::Field {
                line: 3,
                column: "lat",
                ..
            }
        ),
        "{err}"
    );

    let err = parse(&format!("{region}{}", town("48.1", "R1", "many"))).unwrap_err();
    assert!(
        matches!(
            err,
            GazetteerError::Field {
                line: 3,
                column: "population",
                ..
            }
        ),
        "{err}"
    );

    let err = parse(&format!("{region}\n\n{}", town("48.1", "R9", "50"))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 5, column `region`: no region has the id `R9`"
    );

    let err = parse(&format!("{region}{}", town("48.1", "t1", "50"))).unwrap_err();
    assert!(
        err.to_string()
            .contains("`t1` is a settlement, not a region"),
        "{err}"
    );

    let err = parse(&format!("{region}{region}")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3, column `id`: the id `R1` is already used on line 2"
    );

    let err = parse(&format!("{region}t1\tsettlement\tTest\n")).unwrap_err();
    assert_eq!(
        err,
        GazetteerError::ColumnCount {
            line: 3,
            expected: 11,
            found: 3
        }
    );

    let err = parse(&region.replace("region\tTest", "oblast\tTest")).unwrap_err();
    assert!(
        matches!(
            err,
            GazetteerError::Field {
                line: 2,
                column: "kind",
                ..
            }
        ),
        "{err}"
    );

    let err = parse(&region.replace("\tUA\t", "\tUkraine\t")).unwrap_err();
    assert!(
        matches!(
            err,
            GazetteerError::Field {
                line: 2,
                column: "country",
                ..
            }
        ),
        "{err}"
    );

    let err = Gazetteer::from_tsv("id\tname\n").unwrap_err();
    assert!(
        matches!(err, GazetteerError::Header { line: 1, .. }),
        "{err}"
    );
    assert_eq!(
        Gazetteer::from_tsv("\n# nothing\n").unwrap_err(),
        GazetteerError::Empty
    );
}

#[test]
fn precision_follows_the_kind() {
    assert_eq!(PlaceKind::Settlement.precision(), Settlement);
    assert_eq!(PlaceKind::Region.precision(), Region);
    assert_eq!(PlaceKind::Country.precision(), Country);
}

#[test]
fn resolving_does_not_panic_on_odd_input() {
    let g = Gazetteer::small();
    for q in [
        "Kyiv’s",
        "’s",
        "'s",
        "s'",
        "\u{301}",
        "Ё",
        "\0",
        "a\u{301}'s",
        "ǅ",
        "İstanbul",
        "ß",
        "--",
        "\t\n",
    ] {
        let _ = g.resolve(q, Some(q));
    }
    let _ = g.resolve("Kyiv", Some(""));
    let _ = g.resolve(&"x".repeat(100_000), None);
    let _ = LatLon::new(0.0, 0.0);
}
