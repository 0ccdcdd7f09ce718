//! The air-attack tally adapter: every quirk of the public tally files is
//! read as documented, row by row; bad values are rejected with their line
//! and column while the other rows go on; and no input makes it panic or
//! lose a row.

mod common;

use common::ctx;
use proptest::prelude::*;
use std::collections::BTreeSet;
use truce_ingest::canonical::{Accepted, read_csv};
use truce_ingest::table::Summary;
use truce_ingest::tallies::{self, day, destroyed, is_tally, launched};
use truce_model::time::parse_instant;
use truce_model::{Act, GeoPrecision, Located, Means, Rejection, Report, Stance, TargetClass};
use truce_model::{Period, TimePrecision};

const HEADER: &str = "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,border_crossing,is_shahed,carrier,affected region,source";

/// One row per quirk; the comment after each is its line number.
const FILE: &str = concat!(
    "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,border_crossing,is_shahed,carrier,affected region,source\n",
    // 2: an overnight tally, one class under a combined name, float counts, trailing spaces.
    "2025-03-20 18:00,2025-03-21 08:00,Shahed-136/131 ,Kursk oblast and Primorsko-Akhtarsk,Ukraine,Odesa oblast ,112.0,80.0,25,,1.0,1.0,,,https://t.me/kpszsu/100\n",
    // 3: an unpadded hour, less than an hour long.
    "2025-03-21 7:00,2025-03-21 7:45,Iskander-M/KN-23,Belgorod oblast,Kharkiv oblast,,2,0,,,,0.0,,,\n",
    // 4: bare dates; one class under names joined by \"and\"; a padded count; a quoted comma.
    "2025-03-22,2025-03-22,X-101/X-555 and Kalibr,Saratov oblast and Black Sea,Ukraine,,  35 ,30,,,,0.0,Tu-95MS  ,\"Kyiv oblast, Lviv oblast\",\n",
    // 5: two classes, one of each name, all destroyed: split.
    "2025-03-23 3:10,2025-03-23 4:30,Iskander-M/KN-23 and Kalibr,Crimea,Odesa oblast,,3,3,0,,,0.0,,,\n",
    // 6: two classes, more than one of each: kept as one mixed report.
    "2025-03-24 19:00,2025-03-25 7:00,X-22 and Iskander-M,Kursk oblast,Ukraine,,10,4,,,,0.0,Tu-22M3,,kpszsu\n",
    // 7: split with a destroyed count that cannot be shared out.
    "2025-03-26 20:00,2025-03-27 06:00,Shahed-136 та Lancet,Kursk oblast,Sumy oblast,,2,1,,,,1.0,,,\n",
    // 8: a Cyrillic name of a tactical drone.
    "2025-03-25 10:00,2025-03-25 11:00,Молнія ,Zaporizhzhia oblast,Zaporizhzhia oblast,,4,4,,,,0.0,,,\n",
    // 9: reconnaissance drones, no destroyed count.
    "2025-03-25,2025-03-25,Orlan-10 and ZALA,Donetsk oblast,east,,3,,,,,,,,\n",
    // 10: a model no rule knows.
    "2025-03-26 12:00,2025-03-26 12:30,Фенікс,Kherson oblast,south,,1,1,,,,0.0,,,\n",
    // 11: a count that is not a number.
    "2025-03-26 13:00,2025-03-26 14:00,Kalibr,Black Sea,Odesa oblast,,about 6,5,,,,0.0,,,\n",
    // 12: a count with a fraction.
    "2025-03-26 15:00,2025-03-26 16:00,Kalibr,Black Sea,Odesa oblast,,6,2.5,,,,0.0,,,\n",
    // 13: a date in another form.
    "31/03/2025,,KAB,Donetsk oblast,east,,12,,,,,0.0,,,\n",
    // 14: a period that ends before it starts.
    "2025-03-27 09:00,2025-03-26 09:00,KAB,Donetsk oblast,east,,12,,,,,0.0,,,\n",
    // 15: six days long, a look-alike Latin C, no time_end on the next row.
    "2025-03-01 00:00,2025-03-07 00:00,C-300,Belgorod oblast,Kharkiv oblast,,40,0,,,,0.0,,,\n",
    // 16: a month-long summary with empty counts and no end.
    "2025-02-01,2025-02-28,Reconnaissance UAV,,,,,,,,,,,,\n",
    // 17: no time_end at all: a day.
    "2025-03-28 22:00,,X-47 Kinzhal,Tambov oblast,Kyiv,,6,5,,1,,0.0,MiG-31K,,\n",
);

fn read_all(text: &str) -> (Vec<Result<Accepted, Rejection>>, Summary) {
    let mut summary = Summary::new(tallies::NAME);
    let mut out = Vec::new();
    tallies::read(text.as_bytes(), "tallies.csv", &ctx(), &mut summary, |r| {
        out.push(r)
    })
    .expect("readable");
    (out, summary)
}

fn ex<'r>(r: &'r Report, key: &str) -> Option<&'r str> {
    r.extra
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn at(local: &str) -> i64 {
    parse_instant(local, &ctx().tz).expect("a test time")
}

fn period(start: &str, end: &str) -> Period {
    Period {
        start: at(start),
        end: at(end),
    }
}

/// What every tally has in common.
fn check_tally(r: &Report) {
    assert_eq!(r.act, Act::Launch, "{}", r.external_id);
    assert_eq!(r.perpetrator.as_deref(), Some("Russian forces"));
    assert_eq!(r.claimant.as_deref(), Some("Armed Forces of Ukraine"));
    assert_eq!(r.stance, Stance::Alleges);
    assert_eq!(r.target_class, TargetClass::Unknown);
    assert_eq!(r.location, None);
    assert_eq!(r.place, None);
    assert_eq!(r.located, Located::Unlocated);
    assert_eq!(r.geo_precision, GeoPrecision::Country);
    assert_eq!(ex(r, "tally"), Some("air-force"));
    assert!(is_tally(r));
}

#[test]
fn every_quirk_is_read_row_by_row() {
    let (rows, summary) = read_all(FILE);
    let ok: Vec<(u64, &Report)> = rows
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|a| (a.line, &a.report))
        .collect();
    for (_, r) in &ok {
        check_tally(r);
    }
    let lines: Vec<u64> = ok.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 15, 16, 17]);
    let r = |i: usize| ok[i].1;

    // Line 2: overnight, one class, float counts, trailing spaces.
    let a = r(0);
    assert_eq!(a.source, "https://t.me/kpszsu/100");
    assert_eq!(a.url.as_deref(), Some("https://t.me/kpszsu/100"));
    assert_eq!(
        a.external_id,
        "2025-03-20 18:00|2025-03-21 08:00|Shahed-136/131"
    );
    assert_eq!(a.occurred_at, at("2025-03-20T18:00+02:00"));
    assert_eq!(a.time_precision, TimePrecision::Day);
    // The day of time_start: the morning hours of the 21st lie outside it.
    assert_eq!(
        a.occurred,
        period("2025-03-20T00:00+02:00", "2025-03-21T00:00+02:00")
    );
    assert_eq!(a.means, Means::DroneLongRange);
    assert_eq!(a.means_text.as_deref(), Some("Shahed-136/131"));
    assert_eq!(ex(a, "model"), Some("Shahed-136/131"));
    assert_eq!(ex(a, "launched"), Some("112"));
    assert_eq!(ex(a, "destroyed"), Some("80"));
    assert_eq!(ex(a, "not_reach_goal"), Some("25"));
    assert_eq!(ex(a, "still_attacking"), None);
    assert_eq!(ex(a, "border_crossing"), Some("1.0"));
    assert_eq!(ex(a, "is_shahed"), Some("1.0"));
    assert_eq!(ex(a, "target_main"), Some("Odesa oblast"));
    assert_eq!(
        ex(a, "launch_place"),
        Some("Kursk oblast and Primorsko-Akhtarsk")
    );
    assert_eq!(ex(a, "time_start"), Some("2025-03-20 18:00"));
    assert_eq!(ex(a, "means_split"), None);
    assert_eq!(ex(a, "source"), None, "the source is a field, not an extra");
    assert_eq!(a.killed, None);
    assert_eq!(
        a.text.as_deref(),
        Some(
            "Air Force tally 2025-03-20 18:00 – 2025-03-21 08:00: Shahed-136/131; launched 112, destroyed 80, not reach goal 25"
        )
    );

    // Line 3: H:MM, under an hour.
    let b = r(1);
    assert_eq!(b.source, "air-tallies");
    assert_eq!(b.url, None);
    assert_eq!(b.occurred_at, at("2025-03-21T07:00+02:00"));
    assert_eq!(b.time_precision, TimePrecision::Hour);
    assert_eq!(
        b.occurred,
        period("2025-03-21T07:00+02:00", "2025-03-21T08:00+02:00")
    );
    assert_eq!(b.means, Means::MissileBallistic);
    assert_eq!(b.means_text.as_deref(), Some("Iskander-M/KN-23"));
    assert_eq!((launched(b), destroyed(b)), (Some(2), Some(0)));

    // Line 4: bare dates, one class joined by "and", padded count.
    let c = r(2);
    assert_eq!(
        c.external_id,
        "2025-03-22|2025-03-22|X-101/X-555 and Kalibr"
    );
    assert_eq!(c.occurred_at, at("2025-03-22"));
    assert_eq!(c.time_precision, TimePrecision::Day);
    assert_eq!(c.means, Means::MissileCruise);
    assert_eq!(c.means_text.as_deref(), Some("X-101/X-555 and Kalibr"));
    assert_eq!(launched(c), Some(35));
    assert_eq!(ex(c, "carrier"), Some("Tu-95MS"));
    assert_eq!(ex(c, "affected region"), Some("Kyiv oblast, Lviv oblast"));

    // Line 5: split, one of each, all destroyed.
    let (d1, d2) = (r(3), r(4));
    assert_eq!(
        d1.external_id,
        "2025-03-23 3:10|2025-03-23 4:30|Iskander-M/KN-23 and Kalibr#missile.ballistic"
    );
    assert_eq!(
        d2.external_id,
        "2025-03-23 3:10|2025-03-23 4:30|Iskander-M/KN-23 and Kalibr#missile.cruise"
    );
    assert_eq!(d1.occurred_at, at("2025-03-23T03:10+02:00"));
    assert_eq!(d1.time_precision, TimePrecision::Day);
    assert_eq!(d1.means, Means::MissileBallistic);
    assert_eq!(d1.means_text.as_deref(), Some("Iskander-M, KN-23"));
    assert_eq!(d2.means, Means::MissileCruise);
    assert_eq!(d2.means_text.as_deref(), Some("Kalibr"));
    assert_eq!((launched(d1), destroyed(d1)), (Some(2), Some(2)));
    assert_eq!((launched(d2), destroyed(d2)), (Some(1), Some(1)));
    assert_eq!(ex(d1, "not_reach_goal"), Some("0"));
    for d in [d1, d2] {
        assert_eq!(ex(d, "model"), Some("Iskander-M/KN-23 and Kalibr"));
        assert_eq!(
            ex(d, "means_split"),
            Some("missile.ballistic: Iskander-M, KN-23; missile.cruise: Kalibr")
        );
        assert_eq!(
            ex(d, "row_counts"),
            Some("launched 3, destroyed 3, not_reach_goal 0")
        );
    }

    // Line 6: several classes, counts that cannot be split: mixed.
    let e = r(5);
    assert_eq!(e.source, "kpszsu");
    assert_eq!(
        e.external_id,
        "2025-03-24 19:00|2025-03-25 7:00|X-22 and Iskander-M"
    );
    assert_eq!(e.means, Means::Mixed);
    assert_eq!(e.means_text, None);
    assert_eq!(ex(e, "model"), Some("X-22 and Iskander-M"));
    assert_eq!(
        ex(e, "means_split"),
        Some("missile.anti-ship: X-22; missile.ballistic: Iskander-M")
    );
    assert_eq!((launched(e), destroyed(e)), (Some(10), Some(4)));
    assert_eq!(ex(e, "row_counts"), None);

    // Line 7: split; 1 of 2 destroyed cannot be shared out.
    let (f1, f2) = (r(6), r(7));
    assert_eq!(f1.means, Means::DroneLongRange);
    assert_eq!(f1.means_text.as_deref(), Some("Shahed-136"));
    assert_eq!(f2.means, Means::DroneTactical);
    assert_eq!(f2.means_text.as_deref(), Some("Lancet"));
    for f in [f1, f2] {
        assert_eq!((launched(f), destroyed(f)), (Some(1), None));
        assert_eq!(ex(f, "row_counts"), Some("launched 2, destroyed 1"));
    }

    // Line 8: Cyrillic.
    let g = r(8);
    assert_eq!(g.means, Means::DroneTactical);
    assert_eq!(g.means_text.as_deref(), Some("Молнія"));
    assert_eq!(g.time_precision, TimePrecision::Hour);

    // Line 9: reconnaissance drones; destroyed absent.
    let h = r(9);
    assert_eq!(h.means, Means::DroneReconnaissance);
    assert_eq!(h.means_text.as_deref(), Some("Orlan-10 and ZALA"));
    assert_eq!((launched(h), destroyed(h)), (Some(3), None));

    // Line 10: unknown model kept.
    let i = r(10);
    assert_eq!(i.means, Means::Unknown);
    assert_eq!(i.means_text, None);
    assert_eq!(ex(i, "model"), Some("Фенікс"));

    // Line 15: six days: week; look-alike C read as S-300.
    let j = r(11);
    assert_eq!(j.time_precision, TimePrecision::Week);
    assert_eq!(
        j.occurred,
        period("2025-02-26T00:00+02:00", "2025-03-05T00:00+02:00")
    );
    assert_eq!(j.means, Means::MissileOther);
    assert_eq!(j.means_text, None);
    assert_eq!(ex(j, "model"), Some("C-300"));

    // Line 16: a month; no counts at all.
    let k = r(12);
    assert_eq!(k.time_precision, TimePrecision::Month);
    assert_eq!(k.means, Means::DroneReconnaissance);
    assert_eq!((launched(k), destroyed(k)), (None, None));
    assert_eq!(
        k.text.as_deref(),
        Some("Air Force tally 2025-02-01 – 2025-02-28: Reconnaissance UAV")
    );

    // Line 17: no time_end: a day; a designation and a name.
    let l = r(13);
    assert_eq!(l.time_precision, TimePrecision::Day);
    assert_eq!(l.means, Means::MissileBallistic);
    assert_eq!(l.means_text, None);
    assert_eq!(ex(l, "still_attacking"), Some("1"));
    assert_eq!(ex(l, "time_end"), None);

    // The rejections, by line and column, with the value and a reason.
    let bad: Vec<(u64, Option<&str>, Option<&str>)> = rows
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|r| (r.line, r.field.as_deref(), r.value.as_deref()))
        .collect();
    assert_eq!(
        bad,
        [
            (11, Some("launched"), Some("about 6")),
            (12, Some("destroyed"), Some("2.5")),
            (13, Some("time_start"), Some("31/03/2025")),
            (14, Some("time_end"), Some("2025-03-26 09:00")),
        ]
    );
    let reasons: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|r| r.reason.as_str())
        .collect();
    assert!(reasons[0].contains("not a count"), "{}", reasons[0]);
    assert!(reasons[1].contains("whole number"), "{}", reasons[1]);
    assert!(
        reasons[2].contains("not a date") && reasons[2].contains("2025-03-20 8:00"),
        "{}",
        reasons[2]
    );
    assert!(reasons[3].contains("before time_start"), "{}", reasons[3]);

    // The summary.
    assert_eq!(summary.rows, 16);
    assert_eq!(summary.skipped_total(), 0);
    let mapped: Vec<(&str, u64)> = summary
        .mapped
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        mapped,
        [
            ("drone.long-range", 2),
            ("drone.reconnaissance", 2),
            ("drone.tactical", 2),
            ("missile.ballistic", 3),
            ("missile.cruise", 2),
            ("missile.other", 1),
            ("mixed", 1),
            ("unknown", 1),
        ]
    );
    assert_eq!(
        summary.line("rows"),
        "air-attack tallies: 16 rows → 3 missile.ballistic, 2 drone.long-range, 2 drone.reconnaissance, 2 drone.tactical, 2 missile.cruise, 1 missile.other, 1 mixed, 1 unknown; 1 value(s) no rule knew, kept as given: model: Фенікс ×1"
    );
}

#[test]
fn a_reread_gives_the_same_fingerprints() {
    let prints = |text: &str| -> Vec<[u8; 32]> {
        read_all(text)
            .0
            .into_iter()
            .filter_map(Result::ok)
            .map(|a| a.fingerprint)
            .collect()
    };
    let first = prints(FILE);
    assert_eq!(first, prints(FILE));
    let distinct: BTreeSet<_> = first.iter().collect();
    assert_eq!(distinct.len(), first.len(), "every report is its own");
    // Spaces around values do not change a report.
    let spaced = FILE.replace(",Молнія ,", ",  Молнія   ,");
    assert_ne!(spaced, FILE);
    assert_eq!(prints(&spaced), first);
}

#[test]
fn the_series_helpers_read_tallies_only() {
    let (rows, _) = read_all(FILE);
    let reports: Vec<Report> = rows
        .into_iter()
        .filter_map(Result::ok)
        .map(|a| a.report)
        .collect();
    let days: Vec<Option<String>> = reports.iter().map(day).collect();
    assert_eq!(days[0].as_deref(), Some("2025-03-20"));
    assert_eq!(days[1].as_deref(), Some("2025-03-21"));
    assert_eq!(days[2].as_deref(), Some("2025-03-22"));
    // Split reports add up to the row.
    let on_23: u64 = reports
        .iter()
        .filter(|r| day(r).as_deref() == Some("2025-03-23"))
        .filter_map(launched)
        .sum();
    assert_eq!(on_23, 3);

    // A launch report that is not a tally.
    let canonical =
        "source,external_id,occurred_at,act,means,launched\nua-mod,1,2025-03-20,launch,Kalibr,4\n";
    let mut other = Vec::new();
    read_csv(canonical.as_bytes(), "c.csv", &ctx(), |r| other.push(r)).expect("readable");
    let other = other.pop().expect("a row").expect("accepted").report;
    assert!(!is_tally(&other));
    assert_eq!(launched(&other), Some(4));
    assert_eq!(day(&other), None);
}

#[test]
fn a_header_without_a_required_column_is_refused() {
    let mut summary = Summary::new(tallies::NAME);
    let text = "time_start,time_end,model,destroyed\n2025-03-20,,Kalibr,1\n";
    let err =
        tallies::read(text.as_bytes(), "t.csv", &ctx(), &mut summary, |_| {}).expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("launched") && msg.contains("air-attack tallies"),
        "{msg}"
    );
}

#[test]
fn a_generated_file_is_read_without_rejections() {
    let mut bytes = Vec::new();
    truce_synth::feeds::tallies::write(2000, 11, &mut bytes).expect("generated");
    let (rows, summary) = read_all(std::str::from_utf8(&bytes).expect("utf-8"));
    let bad: Vec<String> = rows
        .iter()
        .filter_map(|r| r.as_ref().err())
        .take(5)
        .map(|r| r.to_string())
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(summary.rows, 2000);
    assert!(rows.len() >= 2000);
    assert!(rows.iter().flatten().all(|a| is_tally(&a.report)));
    // The generator's quirks reach the adapter: splits, mixed, unknown.
    assert!(summary.mapped.get("mixed").is_some_and(|n| *n > 0));
    assert!(rows.len() > 2000, "some rows are split");
    assert!(summary.unknown.contains_key("model: Фенікс"));
}

/// Checks that every row is one of accepted / rejected / skipped: results are
/// grouped by line (a split row gives several reports, all accepted).
fn accounts_for_every_row(text: &str) -> Result<(), TestCaseError> {
    let mut summary = Summary::new(tallies::NAME);
    let mut out = Vec::new();
    let read = tallies::read(text.as_bytes(), "p.csv", &ctx(), &mut summary, |r| {
        out.push(r)
    });
    prop_assert!(read.is_ok());
    let mut lines = std::collections::BTreeMap::<u64, (usize, usize)>::new();
    for r in &out {
        let (line, ok) = match r {
            Ok(a) => (a.line, true),
            Err(e) => (e.line, false),
        };
        let e = lines.entry(line).or_default();
        if ok {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    for (line, (ok, bad)) in &lines {
        prop_assert!(
            (*ok >= 1 && *bad == 0) || (*ok == 0 && *bad == 1),
            "line {line}: {ok} accepted and {bad} rejected"
        );
    }
    prop_assert_eq!(summary.rows, lines.len() as u64 + summary.skipped_total());
    Ok(())
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[0-9 .,\"\n-]{0,8}",
        "[а-яіїє /,+&]{0,10}",
        Just(String::new()),
    ]
}

fn value_of(column: usize) -> BoxedStrategy<String> {
    let time = prop_oneof![
        Just("2025-03-20".to_string()),
        Just("2025-03-20 18:00".to_string()),
        Just("2025-03-21 7:05 ".to_string()),
        Just("2025-03-19 23:00".to_string()),
        Just("2025-02-30".to_string()),
        Just(String::new()),
        "[0-9: -]{0,16}",
    ];
    let count = prop_oneof![
        Just(String::new()),
        Just("0".to_string()),
        Just("1".to_string()),
        Just("2".to_string()),
        Just("3.0".to_string()),
        Just(" 12 ".to_string()),
        Just("2.5".to_string()),
        Just("-1".to_string()),
        "[0-9.]{0,8}",
    ];
    let model = prop_oneof![
        Just("Shahed-136/131".to_string()),
        Just("Iskander-M and Kalibr".to_string()),
        Just("Iskander-M/KN-23 and Kalibr".to_string()),
        Just("X-22 та Фенікс".to_string()),
        Just("Молнія, Orlan-10".to_string()),
        Just("/ and ,".to_string()),
        Just(String::new()),
        "[A-Za-zА-я0-9 /+&,-]{0,24}",
    ];
    match column {
        0 | 1 => time.boxed(),
        2 => model.boxed(),
        6..=9 => count.boxed(),
        _ => field().boxed(),
    }
}

/// A CSV field, quoted when it must be.
fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text under the header, well-formed CSV or not.
    #[test]
    fn arbitrary_rows_never_panic_and_each_is_accounted_for(
        rows in prop::collection::vec(prop::collection::vec(field(), 0..18), 0..10)
    ) {
        let mut text = format!("{HEADER}\n");
        for r in &rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        accounts_for_every_row(&text)?;
    }

    /// Rows of the right width with plausible and implausible values; a
    /// split row's launched counts add up to the row's.
    #[test]
    fn plausible_rows_are_read_or_rejected_one_by_one(
        rows in prop::collection::vec(
            (0..15usize).map(value_of).collect::<Vec<_>>(),
            1..8,
        )
    ) {
        let mut text = format!("{HEADER}\n");
        for r in &rows {
            let line: Vec<String> = r.iter().map(|v| csv_field(v)).collect();
            text.push_str(&line.join(","));
            text.push('\n');
        }
        accounts_for_every_row(&text)?;
        let (out, summary) = read_all(&text);
        prop_assert_eq!(summary.rows, rows.len() as u64);
        let mut by_line = std::collections::BTreeMap::<u64, Vec<&Report>>::new();
        for a in out.iter().flatten() {
            prop_assert!(is_tally(&a.report));
            by_line.entry(a.line).or_default().push(&a.report);
        }
        for reports in by_line.values().filter(|r| r.len() > 1) {
            let total: u64 = reports.iter().filter_map(|r| launched(r)).sum();
            let row = reports[0]
                .extra
                .iter()
                .find(|(k, _)| k == "row_counts")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            prop_assert!(row.starts_with(&format!("launched {total}")), "{row} vs {total}");
        }
    }
}
