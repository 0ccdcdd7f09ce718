//! The NASA FIRMS adapter: both layouts read row by row as documented, the
//! area of interest skips (and counts) what lies outside it, bad values are
//! rejected with line and column while the other rows go on, re-reading is
//! recognised, and no input makes it panic or lose a row.

mod common;

use common::ctx;
use proptest::prelude::*;
use truce_ingest::canonical::Accepted;
use truce_ingest::firms;
use truce_ingest::table::Summary;
use truce_model::{Act, BBox, Credibility, GeoPrecision, Means, Rejection, Reliability, Stance};
use truce_model::{TargetClass, TimePrecision};

const ARCHIVE: &str = "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_t31,frp,daynight,type
48.4512,35.0311,322.4,1.2,1.1,2025-04-02,945,Terra,MODIS,85,6.1,290.2,20.1,D,0
47.8401,35.1402,310.9,2.4,1.5,2025-04-02,5,Aqua,MODIS,12,6.1,288.0,7.5,N,0
49.99001,36.23012,331.15,0.41,0.37,2025-04-03,130,N,VIIRS,n,2,289.44,3.21,N,0
";

const NRT: &str = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight
46.64210,32.61555,367.0,0.52,0.50,2025-04-05,0310,N20,high,2.0NRT,295.1,41.7,N
46.64310,32.61655,340.2,0.52,0.50,2025-04-05,0310,N21,low,2.0NRT,290.4,2.2,N
51.5,31.3,345.0,0.39,0.36,2025-04-06,2359,1,nominal,2.0NRT,291.0,9.9,N
";

fn read(text: &str, area: Option<&BBox>) -> (Vec<Result<Accepted, Rejection>>, Summary) {
    let mut summary = Summary::new(firms::NAME);
    let mut out = Vec::new();
    firms::read(
        text.as_bytes(),
        "fires.csv",
        &ctx(),
        area,
        &mut summary,
        |r| out.push(r),
    )
    .expect("readable");
    (out, summary)
}

fn accepted(rows: &[Result<Accepted, Rejection>]) -> Vec<&Accepted> {
    rows.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn extra<'a>(a: &'a Accepted, k: &str) -> Option<&'a str> {
    a.report
        .extra
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
}

fn at(s: &str) -> i64 {
    jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%z", s)
        .expect("instant")
        .as_second()
}

#[test]
fn the_archive_layout_row_by_row() {
    let (rows, summary) = read(ARCHIVE, None);
    let a = accepted(&rows);
    assert_eq!(a.len(), 3, "{rows:?}");
    for x in &a {
        let r = &x.report;
        assert_eq!(r.source, "NASA FIRMS");
        assert_eq!(r.act, Act::Fire);
        assert_eq!(r.stance, Stance::Observes);
        assert_eq!(r.means, Means::Unknown);
        assert_eq!(r.target_class, TargetClass::Unknown);
        assert_eq!(r.perpetrator, None);
        assert_eq!(r.time_precision, TimePrecision::Minute);
        assert_eq!(r.geo_precision, GeoPrecision::Exact);
        assert_eq!(r.reliability, Some(Reliability::B));
    }
    // Row 2: MODIS on Terra, 09:45 UTC, confidence 85 → high → credibility 2.
    let r = &a[0].report;
    assert_eq!(r.external_id, "Terra:2025-04-02T0945:48.4512:35.0311");
    assert_eq!(r.occurred_at, at("2025-04-02T09:45:00+0000"));
    assert_eq!(r.claimant.as_deref(), Some("NASA"));
    assert_eq!(r.credibility, Some(Credibility::Probable));
    let loc = r.location.expect("located");
    assert!((loc.lat - 48.4512).abs() < 1e-9 && (loc.lon - 35.0311).abs() < 1e-9);
    assert_eq!(extra(a[0], "scan"), Some("1.2"));
    assert_eq!(extra(a[0], "track"), Some("1.1"));
    assert_eq!(extra(a[0], "frp"), Some("20.1"));
    assert_eq!(extra(a[0], "instrument"), Some("MODIS"));
    assert_eq!(extra(a[0], "confidence"), Some("85"));
    assert_eq!(
        r.text.as_deref(),
        Some("Fire detected by MODIS on Terra, 20.1 MW radiative power, high confidence (day)")
    );
    // Row 3: acq_time "5" is 00:05; confidence 12 → low → credibility 5 (weak).
    let r = &a[1].report;
    assert_eq!(r.occurred_at, at("2025-04-02T00:05:00+0000"));
    assert_eq!(r.credibility, Some(Credibility::Improbable));
    assert!(
        !r.adequately_graded(),
        "a low-confidence fire does not corroborate"
    );
    // Row 4: VIIRS on Suomi NPP with "n": 01:30, nominal → 3.
    let r = &a[2].report;
    assert_eq!(r.occurred_at, at("2025-04-03T01:30:00+0000"));
    assert_eq!(r.claimant.as_deref(), Some("NASA"));
    assert_eq!(r.credibility, Some(Credibility::Possible));
    assert_eq!(summary.rows, 3);
    assert_eq!(summary.mapped.get("high confidence"), Some(&1));
    assert_eq!(summary.mapped.get("low confidence"), Some(&1));
    assert_eq!(summary.mapped.get("nominal confidence"), Some(&1));
}

#[test]
fn the_near_real_time_layout_row_by_row() {
    let (rows, summary) = read(NRT, None);
    let a = accepted(&rows);
    assert_eq!(a.len(), 3, "{rows:?}");
    let r = &a[0].report;
    assert_eq!(r.claimant.as_deref(), Some("NOAA"), "NOAA-20");
    assert_eq!(r.credibility, Some(Credibility::Probable));
    assert_eq!(r.occurred_at, at("2025-04-05T03:10:00+0000"));
    assert_eq!(extra(a[0], "bright_ti4"), Some("367.0"));
    assert_eq!(extra(a[0], "bright_ti5"), Some("295.1"));
    assert_eq!(
        extra(a[0], "instrument"),
        Some("VIIRS"),
        "told by the layout"
    );
    assert_eq!(extra(a[0], "version"), Some("2.0NRT"));
    assert!(r.text.as_deref().unwrap_or("").contains("VIIRS on NOAA-20"));
    assert_eq!(a[1].report.claimant.as_deref(), Some("NOAA"), "NOAA-21");
    assert_eq!(a[1].report.credibility, Some(Credibility::Improbable));
    assert_eq!(a[2].report.occurred_at, at("2025-04-06T23:59:00+0000"));
    assert_eq!(a[2].report.external_id, "1:2025-04-06T2359:51.5:31.3");
    assert!(summary.unknown.is_empty(), "{summary:?}");
}

#[test]
fn detections_outside_the_area_are_skipped_and_counted() {
    // A box around the Kherson area only.
    let area = BBox {
        west: 32.0,
        south: 46.0,
        east: 33.5,
        north: 47.0,
    };
    let (rows, summary) = read(NRT, Some(&area));
    assert_eq!(accepted(&rows).len(), 2);
    assert_eq!(
        rows.len(),
        2,
        "a skipped row is neither accepted nor rejected"
    );
    assert_eq!(summary.skipped.get(firms::OUTSIDE), Some(&1));
    assert_eq!(summary.skipped_total(), 1);
    assert!(
        summary
            .line("detections")
            .contains("1 skipped (outside the agreement's area of interest)")
    );
}

#[test]
fn bad_values_are_rejected_with_line_and_column_and_the_rest_go_on() {
    let text = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight
abc,32.6,367.0,0.52,0.50,2025-04-05,0310,N20,high,2.0NRT,295.1,41.7,N
46.6,32.6,367.0,0.52,0.50,2025-04-05,2460,N20,high,2.0NRT,295.1,41.7,N
46.6,32.6,367.0,0.52,0.50,2025-04-05,0310,N20,maybe,2.0NRT,295.1,41.7,N
46.6,32.6,367.0,0.52,0.50,05/04/2025,0310,N20,high,2.0NRT,295.1,41.7,N
46.6,32.6,367.0,0.52,0.50,2025-04-05,0310,X9,high,2.0NRT,295.1,41.7,N
";
    let (rows, summary) = read(text, None);
    let rejected: Vec<&Rejection> = rows.iter().filter_map(|r| r.as_ref().err()).collect();
    let seen: Vec<(u64, Option<&str>)> = rejected
        .iter()
        .map(|r| (r.line, r.field.as_deref()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (2, Some("latitude")),
            (3, Some("acq_time")),
            (4, Some("confidence")),
            (5, Some("acq_date")),
        ]
    );
    assert!(
        rejected[1].reason.contains("2460"),
        "{}",
        rejected[1].reason
    );
    assert!(
        rejected[2].reason.contains("nominal"),
        "{}",
        rejected[2].reason
    );
    let a = accepted(&rows);
    assert_eq!(a.len(), 1, "the unknown satellite is kept");
    assert_eq!(a[0].report.claimant.as_deref(), Some("NASA FIRMS"));
    assert_eq!(summary.unknown.get("satellite: X9"), Some(&1));
}

#[test]
fn reading_again_gives_the_same_fingerprints() {
    let f = |t: &str| -> Vec<[u8; 32]> {
        accepted(&read(t, None).0)
            .iter()
            .map(|a| a.fingerprint)
            .collect()
    };
    assert_eq!(f(ARCHIVE), f(ARCHIVE));
    let mut ids: Vec<String> = accepted(&read(ARCHIVE, None).0)
        .iter()
        .map(|a| a.report.external_id.clone())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[test]
fn generated_files_are_read_without_rejections() {
    for nrt in [false, true] {
        let mut bytes = Vec::new();
        if nrt {
            truce_synth::feeds::firms::write_nrt(2000, 11, &mut bytes).expect("generate");
        } else {
            truce_synth::feeds::firms::write(2000, 11, &mut bytes).expect("generate");
        }
        let text = String::from_utf8(bytes).expect("utf-8");
        let area = BBox {
            west: 21.5,
            south: 41.0,
            east: 50.0,
            north: 58.0,
        };
        let (rows, summary) = read(&text, Some(&area));
        let bad: Vec<&Rejection> = rows.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(bad.is_empty(), "{:?}", bad.first());
        assert_eq!(rows.len(), 2000);
        assert_eq!(summary.skipped_total(), 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_row_is_accepted_rejected_or_skipped_exactly_once(
        cells in proptest::collection::vec("[0-9a-zA-Z:.,\" -]{0,12}", 13),
        lat in -100.0f64..100.0,
        with_area in any::<bool>(),
    ) {
        let mut row: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        row[0] = format!("{lat:.3}");
        let text = format!("{}\n{}\n", NRT.lines().next().unwrap_or_default(), row.join(","));
        let area = BBox { west: 0.0, south: 0.0, east: 60.0, north: 60.0 };
        let (rows, summary) = read(&text, with_area.then_some(&area));
        prop_assert_eq!(summary.rows, 1);
        prop_assert_eq!(rows.len() as u64 + summary.skipped_total(), 1);
    }
}
