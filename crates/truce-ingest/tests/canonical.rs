//! The canonical reader: it never panics, whatever the input, and every row
//! becomes exactly one report or one rejection.

use proptest::prelude::*;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Signers, read_csv, read_jsonl};
use truce_model::{GeoPrecision, Located, Means, TimePrecision};

static NO_SIGNERS: std::sync::LazyLock<Signers> = std::sync::LazyLock::new(Signers::default);

fn ctx() -> Context<'static> {
    Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv").expect("tz"),
        gazetteer: Gazetteer::embedded().into(),
        signers: &NO_SIGNERS,
    }
}

const HEADER: &str = "source,external_id,reported_at,occurred_at,time_precision,latitude,longitude,place,geo_precision,act,means,target_class,target_name,perpetrator,claimant,stance,reliability,credibility,killed,injured,text,url";

fn rows(text: &str) -> Vec<Result<truce_ingest::canonical::Accepted, truce_model::Rejection>> {
    let mut out = Vec::new();
    read_csv(text.as_bytes(), "t.csv", &ctx(), |r| out.push(r)).expect("readable");
    out
}

#[test]
fn a_full_row_is_read_field_by_field() {
    let text = format!(
        "{HEADER},note\nua-mod,42,2025-04-01T08:00:00+03:00,2025-04-01T03:12:00+03:00,minute,46.48,30.73,Odesa,exact,strike,Shahed-136,energy.substation,Odesa substation 3,Росія,ua,alleges,b,2,0,3,\"Удар, пожежа\",https://example.org/x,kept\n"
    );
    let r = rows(&text).pop().expect("one row").expect("accepted");
    assert_eq!(r.line, 2);
    let rep = r.report;
    assert_eq!(rep.source, "ua-mod");
    assert_eq!(rep.time_precision, TimePrecision::Minute);
    assert_eq!(rep.occurred.end - rep.occurred.start, 60);
    assert_eq!(rep.means, Means::DroneLongRange);
    assert_eq!(rep.means_text.as_deref(), Some("Shahed-136"));
    assert_eq!(rep.located, Located::Given);
    assert_eq!(rep.geo_precision, GeoPrecision::Exact);
    assert_eq!(rep.perpetrator.as_deref(), Some("Росія"));
    assert_eq!(rep.injured, Some(3));
    assert_eq!(rep.text.as_deref(), Some("Удар, пожежа"));
    assert_eq!(rep.extra, vec![("note".to_string(), "kept".to_string())]);
}

#[test]
fn place_names_are_geocoded_and_unknown_places_kept() {
    let text = format!(
        "{HEADER}\na,1,,2025-04-01,,,,Запорожье,,strike,,,,,,,,,,,,\na,2,,2025-04-01,,,,Kherson oblast,,strike,,,,,,,,,,,,\na,3,,2025-04-01,,,,Hamletville,,strike,,,,,,,,,,,,\n"
    );
    let got: Vec<_> = rows(&text)
        .into_iter()
        .map(|r| r.expect("accepted").report)
        .collect();
    assert_eq!(got[0].located, Located::Gazetteer);
    assert_eq!(got[0].geo_precision, GeoPrecision::Settlement);
    assert!((got[0].location.expect("point").lat - 47.84).abs() < 0.1);
    assert_eq!(got[1].geo_precision, GeoPrecision::Region);
    assert_eq!(got[2].located, Located::Unlocated);
    assert_eq!(got[2].location, None);
    assert_eq!(got[2].place.as_deref(), Some("Hamletville"));
}

#[test]
fn rejections_name_the_line_and_field() {
    let text = format!(
        "{HEADER}\na,1,,2025-04-01,,46.4,,,,strike,,,,,,,,,,,,\na,2,,2025-04-01,,,,,,strike,,energy.refinery,,,,,,,,,,\na,3,,2025-04-01,,,,,,strike,,,,,,,,,-3,,,\na,4,,2025-04-01\n,5,,2025-04-01,,,,,,,,,,,,,,,,,,\na,6,,2025-04-01,,,,,,,,,,,,,,,,,,ftp://x\n"
    );
    let got: Vec<_> = rows(&text)
        .into_iter()
        .map(|r| r.expect_err("rejected"))
        .collect();
    let summary: Vec<(u64, Option<&str>)> =
        got.iter().map(|r| (r.line, r.field.as_deref())).collect();
    assert_eq!(
        summary,
        vec![
            (2, Some("longitude")),
            (3, Some("target_class")),
            (4, Some("killed")),
            (5, None),
            (6, Some("source")),
            (7, Some("url")),
        ]
    );
    assert!(
        got[1]
            .reason
            .contains("did you mean \"energy.oil-refinery\""),
        "{}",
        got[1].reason
    );
    assert!(
        got[3]
            .reason
            .contains("the row has 4 fields but the header has 22")
    );
    assert_eq!(got[3].raw, "a,4,,2025-04-01");
}

#[test]
fn same_values_same_fingerprint() {
    let a = format!("{HEADER}\na,1,,2025-04-01,,,,Kyiv,,strike,,,,,,,,,,,,\n");
    let b = format!("{HEADER}\na,1,,2025-04-01,,,,Kyiv,,strike,,,,,,,,,,,x,\n");
    let fa = rows(&a).pop().expect("row").expect("ok").fingerprint;
    let fa2 = rows(&a).pop().expect("row").expect("ok").fingerprint;
    let fb = rows(&b).pop().expect("row").expect("ok").fingerprint;
    assert_eq!(fa, fa2);
    assert_ne!(fa, fb);
}

#[test]
fn an_offset_of_25_hours_rejects_the_row_and_basic_dates_are_days() {
    let text = format!(
        "{HEADER}\na,1,,2025-03-18T00:00+25:00,,,,,,strike,,,,,,,,,,,,\na,2,,20250318,,,,,,strike,,,,,,,,,,,,\na,3,,+002025-03-18,,,,,,strike,,,,,,,,,,,,\n"
    );
    let got = rows(&text);
    let r = got[0].as_ref().expect_err("rejected");
    assert_eq!(r.field.as_deref(), Some("occurred_at"));
    assert!(r.reason.contains("+25:00"), "{}", r.reason);
    for g in &got[1..] {
        let rep = &g.as_ref().expect("accepted").report;
        assert_eq!(rep.time_precision, TimePrecision::Day);
        assert_eq!(rep.occurred.end - rep.occurred.start, 86_400);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_never_panics_and_accounts_for_every_row(body in prop::collection::vec(
        prop::collection::vec(prop_oneof![
            Just(String::new()),
            "[a-z0-9:.+-]{0,12}",
            Just("2025-04-01".to_string()),
            Just("46.5".to_string()),
            Just("strike".to_string()),
            Just("\"q,\"\"x\"".to_string()),
            "\\PC{0,8}",
        ], 0..26).prop_map(|f| f.join(",")),
        0..20,
    )) {
        let text = format!("{HEADER}\n{}\n", body.join("\n"));
        let mut n = 0;
        let res = read_csv(text.as_bytes(), "p.csv", &ctx(), |_| n += 1);
        prop_assert!(res.is_ok());
        let nonblank = body.iter().filter(|l| !l.is_empty()).count();
        // Quoted fields may join lines, so there can be fewer records than lines.
        prop_assert!(n <= nonblank);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut with_header = HEADER.as_bytes().to_vec();
        with_header.push(b'\n');
        with_header.extend_from_slice(&bytes);
        let _ = read_csv(&with_header[..], "b.csv", &ctx(), |_| {});
        let _ = read_csv(&bytes[..], "b.csv", &ctx(), |_| {});
        let _ = read_jsonl(&bytes[..], "b.jsonl", &ctx(), |_| {});
    }
}

mod common;
use common::{Lazy, Part};

fn read_all(
    input: impl std::io::Read,
    jsonl: bool,
) -> Vec<Result<truce_ingest::canonical::Accepted, truce_model::Rejection>> {
    let mut out = Vec::new();
    let res = if jsonl {
        read_jsonl(input, "t.jsonl", &ctx(), |r| out.push(r))
    } else {
        read_csv(input, "t.csv", &ctx(), |r| out.push(r))
    };
    res.expect("readable");
    out
}

fn good_row(id: u32) -> String {
    format!("a,{id},,2025-04-01,,,,,,strike,,,,,,,,,,,,")
}

#[test]
fn a_one_gigabyte_field_rejects_its_row_not_the_file() {
    let input = Lazy::new(vec![
        Part::Bytes(
            format!(
                "{HEADER}\n{}\na,2,,2025-04-01,,,,,,strike,,,,,,,,,,,",
                good_row(1)
            )
            .into_bytes(),
        ),
        Part::Repeat(b'x', 1 << 30),
        Part::Bytes(format!(",\n{}\n", good_row(3)).into_bytes()),
    ]);
    let got = read_all(input, false);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().map(|a| a.line), Ok(2));
    let r = got[1].as_ref().expect_err("rejected");
    assert_eq!((r.line, r.field.as_deref()), (3, Some("text")));
    assert!(r.reason.contains("longer than 20000 bytes"), "{}", r.reason);
    assert!(r.raw.len() < 1200, "{}", r.raw.len());
    assert_eq!(got[2].as_ref().map(|a| a.line), Ok(4));
}

#[test]
fn a_one_gigabyte_json_line_rejects_its_line_and_the_next_is_read() {
    let good =
        |id: u32| format!(r#"{{"source":"a","external_id":"{id}","occurred_at":"2025-04-01"}}"#);
    let input = Lazy::new(vec![
        Part::Bytes(format!("{}\n{{\"source\":\"a\",\"text\":\"", good(1)).into_bytes()),
        Part::Repeat(b'x', 1 << 30),
        Part::Bytes(format!("\"}}\n{}\n", good(3)).into_bytes()),
    ]);
    let got = read_all(input, true);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().map(|a| a.line), Ok(1));
    let r = got[1].as_ref().expect_err("rejected");
    assert_eq!(r.line, 2);
    assert!(
        r.reason.contains("longer than 1048576 bytes"),
        "{}",
        r.reason
    );
    assert!(r.raw.len() < 1200, "{}", r.raw.len());
    assert_eq!(got[2].as_ref().map(|a| a.line), Ok(3));
}

#[test]
fn a_long_row_over_a_pipe_is_rejected_and_the_rest_read() {
    // Many fields, none over its limit, but a row far over the row limit.
    let mut wide = good_row(2);
    wide.push_str(&",y".repeat(3 << 20));
    let input = Lazy::new(vec![Part::Bytes(
        format!("{HEADER}\n{}\n{wide}\n{}\n", good_row(1), good_row(3)).into_bytes(),
    )]);
    let got = read_all(input, false);
    let lines: Vec<_> = got
        .iter()
        .map(|r| r.as_ref().map(|a| a.line).map_err(|r| r.line))
        .collect();
    assert_eq!(lines, vec![Ok(2), Err(3), Ok(4)]);
}

#[test]
fn an_extra_column_of_a_megabyte_is_rejected_naming_the_column() {
    let text = format!(
        "{HEADER},note\n{},{}\n{},kept\n",
        good_row(1),
        "n".repeat(1 << 20),
        good_row(2)
    );
    let got = rows(&text);
    let r = got[0].as_ref().expect_err("rejected");
    assert_eq!((r.line, r.field.as_deref()), (2, Some("note")));
    assert!(r.reason.contains("longer than 2000 bytes"), "{}", r.reason);
    let ok = got[1].as_ref().expect("accepted");
    assert_eq!(ok.report.extra, vec![("note".into(), "kept".into())]);
    // The same in JSON Lines.
    let jsonl = format!(
        "{{\"source\":\"a\",\"external_id\":\"1\",\"occurred_at\":\"2025-04-01\",\"note\":\"{}\"}}\n",
        "n".repeat(2001)
    );
    let r = read_all(jsonl.as_bytes(), true)
        .pop()
        .expect("row")
        .expect_err("rejected");
    assert_eq!(r.field.as_deref(), Some("note"));
}

#[test]
fn an_unterminated_quote_rejects_its_row_and_the_rows_after_it_are_read() {
    let text = format!(
        "{HEADER}\n{}\na,2,,2025-04-01,,,,\"Odesa,,strike,,,,,,,,,,,,\n{}\n{}\na,5,,2025-04-01,,,,,,strike,,,,,,,,,,,\"Удар, пожежа\",\n{}\n",
        good_row(1),
        good_row(3),
        good_row(4),
        good_row(6)
    );
    let got = rows(&text);
    let summary: Vec<_> = got
        .iter()
        .map(|r| match r {
            Ok(a) => (a.line, a.report.external_id.clone()),
            Err(r) => (r.line, format!("rejected {:?}", r.field)),
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (2, "1".into()),
            (3, "rejected Some(\"place\")".into()),
            (4, "3".into()),
            (5, "4".into()),
            (6, "5".into()),
            (7, "6".into()),
        ]
    );
    let r = got[1].as_ref().expect_err("rejected");
    assert!(
        r.reason.contains("quote") && r.reason.contains("never closed"),
        "{}",
        r.reason
    );
    assert!(r.reason.contains("line 3"), "{}", r.reason);
    assert!(r.raw.starts_with("a,2,,2025-04-01,,,,\"Odesa"), "{}", r.raw);
    assert!(!r.raw.contains('\n'), "{}", r.raw);

    // At the end of the file, with nothing after it to swallow.
    let text = format!("{HEADER}\n{}\na,2,,2025-04-01,,,,\"Odesa\n", good_row(1));
    let got = rows(&text);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].as_ref().map_err(|r| r.line), Err(3));
}

#[test]
fn quoted_fields_over_several_lines_still_read() {
    let text = format!(
        "{HEADER}\na,1,,2025-04-01,,,,,,strike,,,,,,,,,,,\"first line\nsecond, \"\"quoted\"\"\nthird\",\n{}\n",
        good_row(2)
    );
    let got = rows(&text);
    let first = got[0].as_ref().expect("accepted");
    assert_eq!(first.line, 2);
    assert_eq!(
        first.report.text.as_deref(),
        Some("first line\nsecond, \"quoted\"\nthird")
    );
    assert_eq!(got[1].as_ref().map(|a| a.line), Ok(5));
    assert_eq!(got.len(), 2);
}

#[test]
fn a_fifty_megabyte_row_keeps_about_a_kilobyte_of_raw_text() {
    let input = Lazy::new(vec![
        Part::Bytes(format!("{HEADER}\na,1,,2025-04-01,,,,,,strike,,,,,,,,,,,").into_bytes()),
        Part::Repeat(b'x', 50 << 20),
        Part::Bytes(b",\n".to_vec()),
    ]);
    let r = read_all(input, false)
        .pop()
        .expect("row")
        .expect_err("rejected");
    assert!(r.raw.len() <= 1100, "{}", r.raw.len());
    assert!(r.raw.starts_with("a,1,,2025-04-01"), "{}", r.raw);
    assert!(
        r.raw.ends_with(&format!(
            "[cut: the row is {} bytes long]",
            50 * (1 << 20) + 39
        )),
        "{}",
        &r.raw[r.raw.len() - 60..]
    );
    // Cut on a character boundary.
    let text = format!("{HEADER}\n{}{}\n", good_row(1), "ж".repeat(2000));
    let r = rows(&text).pop().expect("row").expect_err("rejected");
    assert!(r.raw.len() <= 1100 && r.raw.contains("…"), "{}", r.raw);
}

#[test]
fn a_bom_on_the_first_json_line_is_stripped() {
    let text = "\u{feff}{\"source\":\"a\",\"external_id\":\"1\",\"occurred_at\":\"2025-04-01\"}\n";
    let got = read_all(text.as_bytes(), true);
    assert_eq!(got[0].as_ref().map(|a| a.line), Ok(1));
}

#[test]
fn a_json_key_given_twice_rejects_the_row() {
    let text = "{\"source\":\"a\",\"external_id\":\"1\",\"occurred_at\":\"2025-04-01\",\"source\":\"b\"}\n\
                {\"source\":\"a\",\"external_id\":\"2\",\"occurred_at\":\"2025-04-01\",\"x\":\"1\",\"x\":\"2\"}\n";
    let got = read_all(text.as_bytes(), true);
    let r = got[0].as_ref().expect_err("rejected");
    assert_eq!((r.line, r.field.as_deref()), (1, Some("source")));
    assert!(
        r.reason.contains("the key \"source\" appears twice"),
        "{}",
        r.reason
    );
    let r = got[1].as_ref().expect_err("rejected");
    assert_eq!((r.line, r.field.as_deref()), (2, Some("x")));
}

#[test]
fn true_is_not_a_source_and_numbers_only_where_they_make_sense() {
    let row = |extra: &str| {
        format!("{{\"source\":\"a\",\"external_id\":\"1\",\"occurred_at\":\"2025-04-01\",{extra}}}")
    };
    let reject = |line: &str| {
        read_all(line.as_bytes(), true)
            .pop()
            .expect("row")
            .expect_err(line)
    };
    let r = reject(r#"{"source":true,"external_id":"1","occurred_at":"2025-04-01"}"#);
    assert_eq!(r.field.as_deref(), Some("source"));
    assert!(r.reason.contains("true"), "{}", r.reason);
    for (field, value) in [
        ("text", "5"),
        ("occurred_at", "20250318"),
        ("act", "1"),
        ("stance", "false"),
    ] {
        let line = if field == "occurred_at" {
            format!("{{\"source\":\"a\",\"external_id\":\"1\",\"occurred_at\":{value}}}")
        } else {
            row(&format!("\"{field}\":{value}"))
        };
        let r = reject(&line);
        assert_eq!(r.field.as_deref(), Some(field), "{line}");
        assert!(r.reason.contains(value), "{}", r.reason);
    }
    let ok = read_all(
        r#"{"source":"a","external_id":17,"occurred_at":"2025-04-01","latitude":46.48,"longitude":30.73,"killed":2,"injured":0,"credibility":2,"note":3}"#
            .as_bytes(),
        true,
    )
    .pop()
    .expect("row")
    .expect("accepted")
    .report;
    assert_eq!(ok.external_id, "17");
    assert_eq!(ok.killed, Some(2));
    assert_eq!(ok.extra, vec![("note".into(), "3".into())]);
}

#[test]
fn nul_and_control_characters_are_rejected_in_every_field() {
    for (field, value) in [
        ("source", "a\0b"),
        ("text", "a\0b"),
        ("text", "a\u{1b}b"),
        ("place", "a\u{85}b"),
        ("note", "a\0b"),
        ("target_name", "a\tb"),
    ] {
        let mut obj =
            serde_json::json!({"source": "a", "external_id": "1", "occurred_at": "2025-04-01"});
        obj[field] = value.into();
        let line = obj.to_string();
        let r = read_all(line.as_bytes(), true)
            .pop()
            .expect("row")
            .expect_err(&line);
        assert_eq!(r.field.as_deref(), Some(field), "{line}");
        assert!(r.reason.contains("control character"), "{}", r.reason);

        let mut cols: Vec<String> = good_row(1).split(',').map(str::to_string).collect();
        cols.push(String::new());
        let header = format!("{HEADER},note");
        let i = header.split(',').position(|h| h == field).expect("column");
        cols[i] = format!("\"{value}\"");
        let csv = format!("{header}\n{}\n", cols.join(","));
        let r = rows(&csv).pop().expect("row").expect_err(&csv);
        assert_eq!(r.field.as_deref(), Some(field), "{csv:?}");
        assert!(r.reason.contains("control character"), "{}", r.reason);
    }
    // Text may hold tabs and line breaks.
    let csv = format!("{HEADER}\na,1,,2025-04-01,,,,,,strike,,,,,,,,,,,\"a\tb\r\nc\",\n");
    let ok = rows(&csv).pop().expect("row").expect("accepted");
    assert_eq!(ok.report.text.as_deref(), Some("a\tb\r\nc"));
}

/// One good row's values for the columns of `HEADER,note`, as written.
fn good_fields() -> impl Strategy<Value = Vec<String>> {
    let text = prop_oneof![
        Just(String::new()),
        "[a-zA-Zа-яА-Я][a-zA-Zа-я ]{0,20}",
        "[a-z][a-z ]{0,8}".prop_map(|s| format!("\"{s}, and more\"")),
        "[a-z][a-z ]{0,8}".prop_map(|s| format!("\"{s}\nover\r\nlines\"")),
        "[a-z][a-z ]{0,8}".prop_map(|s| format!("\"{s} \"\"quoted\"\"\"")),
    ];
    (
        "[a-z]{1,6}",
        prop_oneof![Just(""), Just("2025-04-01T08:00:00+03:00")],
        prop_oneof![
            Just("2025-04-01"),
            Just("2025-04-01T03:12:00+03:00"),
            Just("20250401")
        ],
        any::<bool>(),
        prop_oneof![Just(""), Just("strike"), Just("shelling")],
        text,
        prop_oneof![Just(String::new()), "[a-z]{1,8}"],
    )
        .prop_map(|(source, reported, occurred, located, act, text, note)| {
            let mut f = vec![String::new(); 23];
            f[0] = source;
            f[2] = reported.into();
            f[3] = occurred.into();
            if located {
                f[5] = "46.48".into();
                f[6] = "30.73".into();
            }
            f[9] = act.into();
            f[20] = text;
            f[22] = note;
            f
        })
}

#[derive(Debug, Clone)]
enum Corruption {
    /// A quote opened at the start of this field and never closed.
    UnclosedQuote(usize),
    /// The text, or another field, over its limit by this much.
    TooLong { text: bool, by: usize },
    /// A NUL in this field.
    Nul(usize),
    /// One field fewer, or one more.
    WrongCount { fewer: bool },
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        (0usize..23).prop_map(Corruption::UnclosedQuote),
        (any::<bool>(), 1usize..3000).prop_map(|(text, by)| Corruption::TooLong { text, by }),
        prop_oneof![Just(0usize), Just(7), Just(20), Just(22)].prop_map(Corruption::Nul),
        any::<bool>().prop_map(|fewer| Corruption::WrongCount { fewer }),
    ]
}

fn corrupt(mut f: Vec<String>, c: &Corruption) -> String {
    // A bad row over several lines is a row per line once its quote is taken
    // as unclosed, so the bad row keeps to one line.
    f[20] = f[20].replace(['\n', '\r'], " ");
    match *c {
        Corruption::UnclosedQuote(i) => f[i] = format!("\"open {}", f[i].replace('"', "")),
        Corruption::TooLong { text: true, by } => f[20] = "x".repeat(20_000 + by),
        Corruption::TooLong { text: false, by } => f[7] = "p".repeat(2_000 + by),
        Corruption::Nul(i) => f[i] = format!("a\0{}", f[i].replace('"', "")),
        Corruption::WrongCount { fewer: true } => {
            f.pop();
        }
        Corruption::WrongCount { fewer: false } => f.push("more".into()),
    }
    f.join(",")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn one_bad_row_costs_only_itself(
        good in prop::collection::vec(good_fields(), 0..25),
        bad in good_fields(),
        at in any::<prop::sample::Index>(),
        how in corruption(),
        crlf in any::<bool>(),
    ) {
        let at = at.index(good.len() + 1);
        let mut records = Vec::new();
        for (i, mut f) in good.into_iter().enumerate() {
            f[1] = format!("g{i}");
            records.push((Some(f[1].clone()), f.join(",")));
        }
        let mut bad = bad;
        bad[1] = "bad".into();
        records.insert(at, (None, corrupt(bad, &how)));
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{HEADER},note{end}");
        let mut expected = Vec::new();
        let mut line = 2u64;
        for (id, record) in &records {
            expected.push((line, id.clone()));
            line += 1 + record.matches('\n').count() as u64;
            text.push_str(record);
            text.push_str(end);
        }
        let mut got = Vec::new();
        read_csv(text.as_bytes(), "p.csv", &ctx(), |r| got.push(match r {
            Ok(a) => (a.line, Some(a.report.external_id)),
            Err(r) => (r.line, None),
        })).expect("readable");
        prop_assert_eq!(got, expected, "{:?}\n{}", how, text);
    }

    #[test]
    fn one_bad_json_line_costs_only_itself(
        good in prop::collection::vec(("[a-z]{1,6}", prop_oneof![Just(String::new()), "[a-zа-я ,\"]{1,20}"]), 0..25),
        at in any::<prop::sample::Index>(),
        how in 0usize..7,
    ) {
        let at = at.index(good.len() + 1);
        let mut lines: Vec<(Option<String>, String)> = good
            .iter()
            .enumerate()
            .map(|(i, (source, text))| {
                let id = format!("g{i}");
                let obj = serde_json::json!({"source": source, "external_id": id, "occurred_at": "2025-04-01", "text": text});
                (Some(id), obj.to_string())
            })
            .collect();
        let base = r#""source":"a","external_id":"bad","occurred_at":"2025-04-01""#;
        let bad = match how {
            0 => format!(r#"{{{base},"source":"b"}}"#),
            1 => format!(r#"{{{base},"place":true}}"#),
            2 => format!(r#"{{{base},"text":5}}"#),
            3 => format!(r#"{{{base},"text":"{}"}}"#, "x".repeat(1 << 20)),
            4 => format!(r#"{{{base},"text":"a\u0000b"}}"#),
            5 => format!(r#"{{{base},"text":"a"#),
            _ => format!(r#"{{{base},"note":"{}"}}"#, "n".repeat(2001)),
        };
        lines.insert(at, (None, bad));
        let mut text = String::from("\u{feff}");
        let mut expected = Vec::new();
        for (i, (id, line)) in lines.iter().enumerate() {
            expected.push((i as u64 + 1, id.clone()));
            text.push_str(line);
            text.push('\n');
        }
        let mut got = Vec::new();
        read_jsonl(text.as_bytes(), "p.jsonl", &ctx(), |r| got.push(match r {
            Ok(a) => (a.line, Some(a.report.external_id)),
            Err(r) => (r.line, None),
        })).expect("readable");
        prop_assert_eq!(got, expected, "{}", how);
    }

    #[test]
    fn quotes_and_line_breaks_never_panic(bytes in prop::collection::vec(
        prop::sample::select(vec![b'"', b',', b'\n', b'\r', b'a', b'1', 0u8, 0xd0, 0xb6, 0xef, 0xbb, 0xbf, b'{', b'}', b':', b'[']),
        0..400,
    )) {
        let mut with_header = format!("{HEADER}\n").into_bytes();
        with_header.extend_from_slice(&bytes);
        let csv = read_csv(&with_header[..], "b.csv", &ctx(), |_| {});
        prop_assert!(csv.is_ok(), "{:?}", csv);
        let _ = read_csv(&bytes[..], "b.csv", &ctx(), |_| {});
        let jsonl = read_jsonl(&bytes[..], "b.jsonl", &ctx(), |_| {});
        prop_assert!(jsonl.is_ok(), "{:?}", jsonl);
    }
}

/// Found by fuzzing: a lone CR ends a record but csv-core counts only LF,
/// so the row after it was numbered line 1, the header's.
#[test]
fn fuzz_a_row_after_a_lone_carriage_return_is_not_numbered_as_the_header() {
    let rows = rows("source,external_id,occurred_at\rc");
    assert_eq!(rows.len(), 1);
    let rej = rows[0]
        .as_ref()
        .expect_err("a row without its required values");
    assert_eq!(rej.line, 2, "{rej}");
    // Rows separated by lone CRs are numbered one a line, as an editor shows them.
    let lines: Vec<u64> =
        rows_lines("source,external_id,occurred_at\ra,1,2025-04-01\ra,2,2025-04-01\ra,3,x\r\n");
    assert_eq!(lines, [2, 3, 4]);
}

fn rows_lines(text: &str) -> Vec<u64> {
    rows(text)
        .iter()
        .map(|r| match r {
            Ok(a) => a.line,
            Err(rej) => rej.line,
        })
        .collect()
}
