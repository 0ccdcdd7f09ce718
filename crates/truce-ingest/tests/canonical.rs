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
        gazetteer: Gazetteer::embedded(),
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
