//! Several connections (as several servers would hold) writing one
//! database at once: the log stays one sequence, every report is stored
//! once with the index of its own entry, and the stored tree is the tree of
//! the entries.

use truce_ledger::HashStore;
use truce_model::{
    Act, GeoPrecision, LatLon, Located, Means, Period, Report, Stance, TargetClass, TimePrecision,
};
use truce_store::NewReport;
use truce_store::prelude::*;
use truce_store_pg::PgStore;
use truce_store_pg::testing::TestDb;

const AGREEMENT: &str = r#"
id = "sequencer"
title = "Sequencer"
version = 1
timezone = "Europe/Kyiv"

[[parties]]
id = "ua"
name = "Ukraine"

[[periods]]
start = "2025-03-18"
end = "2025-04-18"

[[commitments]]
id = "energy"
title = "No strikes on energy"
text = "No strikes on energy infrastructure."
binds = ["ua"]
status = "agreed"

[commitments.scope]
acts = ["strike"]
"#;

fn report(writer: usize, i: usize) -> Report {
    let at = 1_742_500_000 + (writer * 1000 + i) as i64 * 60;
    Report {
        source: format!("writer-{writer}"),
        external_id: i.to_string(),
        reported_at: None,
        occurred_at: at,
        time_precision: TimePrecision::Hour,
        occurred: Period {
            start: at,
            end: at + 3600,
        },
        location: Some(LatLon::new(50.45, 30.52)),
        place: None,
        geo_precision: GeoPrecision::Exact,
        located: Located::Given,
        act: Act::Strike,
        means: Means::Unknown,
        means_text: None,
        target_class: TargetClass::Unknown,
        target_name: None,
        perpetrator: None,
        claimant: Some("ua".into()),
        stance: Stance::Alleges,
        reliability: None,
        credibility: None,
        killed: None,
        injured: None,
        text: None,
        url: None,
        extra: Vec::new(),
    }
}

#[test]
fn concurrent_writers_keep_one_log() {
    let db = TestDb::new().expect("a test database");
    {
        let mut s = PgStore::create(db.url()).expect("create");
        let a = truce_model::parse_agreement(AGREEMENT, &|_| Err("no zones".into()))
            .unwrap_or_else(|d| panic!("agreement: {d:?}"));
        s.put_agreement(AGREEMENT, &a).expect("agreement");
    }
    let writers = 4;
    let per_writer = 40;
    std::thread::scope(|scope| {
        for w in 0..writers {
            let url = db.url().to_string();
            scope.spawn(move || {
                let mut s = PgStore::open(&url).expect("open");
                for i in 0..per_writer {
                    let r = report(w, i);
                    let fp = truce_ledger::leaf_hash(r.external_id.as_bytes());
                    let entry =
                        truce_store::log::report_entry(&truce_store::log::ReportEntryParts {
                            report: &r,
                            file: "sequencer.csv",
                            line: i as u64,
                            signed: None,
                            filer: "mission",
                            fingerprint: &fp,
                        })
                        .expect("entry");
                    let n = NewReport {
                        report: &r,
                        fingerprint: fp,
                        file: "sequencer.csv",
                        line: i as u64,
                        entry: &entry,
                        leaf: truce_ledger::leaf_hash(&entry),
                        stored: &truce_store::log::pack_entry(&entry),
                        filer: "mission",
                    };
                    let out = s.ingest(&[n], &[]).expect("ingest");
                    assert_eq!(out.counts.accepted, 1);
                    // Other appends interleave with the reports.
                    let note = truce_store::log::encode_entry("reference-data", b"{}");
                    s.log_append("reference-data", &note).expect("append");
                }
            });
        }
    });
    let s = PgStore::open(db.url()).expect("open");
    let expected = 1 + writers * per_writer * 2;
    assert_eq!(s.log_size().expect("size") as usize, expected);
    // The entries are one gapless sequence, and the stored hashes are the
    // tree of exactly those entries.
    let mut mem = truce_ledger::MemStore::new();
    let mut next = 0;
    let mut report_entries = Vec::new();
    s.log_scan(0, &mut |idx, kind, data| {
        assert_eq!(idx, next, "no gap, no index taken twice");
        next += 1;
        if kind == "report" {
            report_entries.push(idx);
        }
        mem.append_leaf_hash(truce_ledger::leaf_hash(data))
            .expect("mem");
        true
    })
    .expect("scan");
    assert_eq!(next as usize, expected);
    assert_eq!(
        s.log_root(next).expect("root"),
        truce_ledger::root_at(&mem, next).expect("mem root"),
        "the stored tree is the tree of the entries"
    );
    // Every report points at its own report entry, and none is missing.
    assert_eq!(
        s.report_count().expect("count") as usize,
        writers * per_writer
    );
    let mut pointed = Vec::new();
    s.audit_reports(&mut |r| {
        pointed.push(r.log_index.expect("a log index"));
        true
    })
    .expect("audit");
    pointed.sort_unstable();
    assert_eq!(pointed, report_entries, "each report at its own entry");
}
