//! Incremental evaluation, end to end through the binary: a file ingested
//! in eleven batches (each placed into the incidents the earlier ones made)
//! gives the workspace one ingest of the whole file gives: the same
//! incidents with the same ids, the same findings, the same report entries
//! on the log in the same order. Superseded reports placed incrementally
//! leave what a full `truce evaluate` leaves.

mod common;

use common::truce;
use std::path::Path;

fn agreement() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../agreements/partial-truce-2025.toml")
        .to_string_lossy()
        .into_owned()
}

fn ok(db: &str, args: &[&str]) -> String {
    let o = truce(db, args, None);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "truce {args:?} failed: {err}");
    err
}

/// Everything a reader can tell of the results, in one comparable text:
/// each report's incident, each incident's fields, each finding's status;
/// and the report entries of the log in order (report key and fingerprint).
fn snapshot(db: &str) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
    // Opened as Truce opens it: a report's fingerprint is read from its
    // log entry (the row leaves it there).
    let store = truce_store_sqlite::SqliteStore::open(db).expect("open");
    let c = store.connection();
    let fingerprint = truce_store_sqlite::column_as_read("reports", "fingerprint")
        .expect("the fingerprint is read from the entry");
    let rows = |sql: &str| -> Vec<String> {
        let mut st = c.prepare(sql).expect("prepare");
        st.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    (
        rows(
            "SELECT r.source || '/' || r.external_id || ' ' || i.id FROM incident_reports x \
             JOIN reports r ON r.id = x.report_id JOIN incidents i ON i.seq = x.seq ORDER BY 1",
        ),
        rows(
            "SELECT json_array(id, occurred_start, occurred_end, lat, lon, geo_precision, place, act, \
             means, target_class, target_name, report_count, country, region) FROM incidents ORDER BY id",
        ),
        rows(
            "SELECT f.id || ' ' || i.id || ' ' || f.status || ' ' || f.confidence FROM findings f \
             JOIN incidents i ON i.seq = f.seq ORDER BY f.id",
        ),
        rows(&format!(
            "SELECT source || '/' || external_id || ' ' || hex({fingerprint}) FROM reports \
             ORDER BY log_index"
        )),
    )
}

/// What placement left equals what `truce evaluate` (every report again)
/// then leaves: members, incidents, findings.
fn assert_as_a_full_evaluation_leaves(db: &str) {
    let placed = snapshot(db);
    ok(db, &["evaluate"]);
    let full = snapshot(db);
    assert_eq!(placed.0, full.0, "reports in other incidents");
    assert_eq!(placed.1, full.1, "incidents differ");
    assert_eq!(placed.2, full.2, "findings differ");
}

fn split(all: &str, dir: &Path, cuts: &[f64]) -> Vec<String> {
    let mut lines = all.lines();
    let header = lines.next().expect("header");
    let body: Vec<&str> = lines.collect();
    let mut out = Vec::new();
    let mut from = 0;
    for (k, &cut) in cuts.iter().chain([1.0].iter()).enumerate() {
        let to = (body.len() as f64 * cut) as usize;
        let path = dir.join(format!("batch{k}.csv"));
        let mut text = format!("{header}\n");
        for l in &body[from..to] {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(&path, text).expect("write batch");
        out.push(path.to_string_lossy().into_owned());
        from = to;
    }
    out
}

// SQLite-only: its snapshots are SQLite SQL (json_array, hex) read through rusqlite (not yet ported).
#[test]
fn many_batches_give_what_one_ingest_gives() {
    let dir = tempfile::tempdir().expect("tmp");
    let all = dir.path().join("all.csv").to_string_lossy().into_owned();
    let one = dir.path().join("one.db").to_string_lossy().into_owned();
    let many = dir.path().join("many.db").to_string_lossy().into_owned();
    ok(
        &one,
        &["gen", "--reports", "3000", "--seed", "5", "-o", &all],
    );
    let text = std::fs::read_to_string(&all).expect("generated");
    // The generated rows are roughly in time order, with jitter: the later
    // batches bring reports that join incidents of the earlier ones, some
    // earlier in time than the incident's first report.
    // Then ten batches of 0.6 % each (placement takes batches up to a
    // twentieth of the workspace; larger ones are evaluated in full). Small
    // batches cut events apart: a report finds its event's earlier reports
    // only where the earlier batches were placed.
    let cuts: Vec<f64> = (0..10).map(|k| 0.94 + 0.006 * k as f64).collect();
    let batches = split(&text, dir.path(), &cuts);

    ok(&one, &["init", "--agreement", &agreement()]);
    let said = ok(&one, &["ingest", &all]);
    assert!(said.contains("Evaluated 3000 reports"), "{said}");

    ok(&many, &["init", "--agreement", &agreement()]);
    let said = ok(&many, &["ingest", &batches[0]]);
    assert!(said.contains("Evaluated 2820 reports"), "{said}");
    for b in &batches[1..] {
        let said = ok(&many, &["ingest", "--place", b]);
        assert!(
            said.contains("Placed the new reports into the incidents"),
            "a small batch is placed, not evaluated in full: {said}"
        );
    }

    let (a_members, a_incidents, a_findings, a_log) = snapshot(&one);
    let (b_members, b_incidents, b_findings, b_log) = snapshot(&many);
    assert_eq!(a_members.len(), 3000);
    assert!(a_findings.len() > 3000);
    assert_eq!(a_members, b_members, "reports in other incidents");
    assert_eq!(a_incidents, b_incidents, "incidents differ");
    assert_eq!(a_findings, b_findings, "findings differ");
    assert_eq!(
        a_log, b_log,
        "report entries differ or come in another order"
    );
}

// SQLite-only: its snapshots are SQLite SQL (json_array, hex) read through rusqlite (not yet ported).
#[test]
fn superseded_reports_placed_incrementally_match_a_full_evaluation() {
    let dir = tempfile::tempdir().expect("tmp");
    let all = dir.path().join("all.csv").to_string_lossy().into_owned();
    let db = dir.path().join("w.db").to_string_lossy().into_owned();
    ok(
        &db,
        &["gen", "--reports", "2000", "--seed", "9", "-o", &all],
    );
    ok(&db, &["init", "--agreement", &agreement()]);
    ok(&db, &["ingest", &all]);
    // New versions of 50 reports, moved 20 km north and a day later, so
    // each leaves its incident and may join others.
    let text = std::fs::read_to_string(&all).expect("generated");
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers().expect("header").clone();
    let col = |n: &str| headers.iter().position(|h| h == n).expect(n);
    let (lat, at) = (col("latitude"), col("occurred_at"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).expect("header");
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.expect("row");
        if i % 40 != 0 {
            continue;
        }
        let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
        if let Ok(x) = row[lat].parse::<f64>() {
            row[lat] = format!("{:.4}", x + 0.18);
        }
        if row[at].len() >= 10 {
            // 2025-03-DD…: the next day (the generated month has room).
            let day: u32 = row[at][8..10].parse().unwrap_or(1);
            if day < 28 {
                row[at] = format!("{}{:02}{}", &row[at][..8], day + 1, &row[at][10..]);
            }
        }
        w.write_record(&row).expect("row");
    }
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, w.into_inner().expect("csv")).expect("write");
    let o = truce(
        &db,
        &["ingest", "--place", &changed.to_string_lossy()],
        None,
    );
    let (out, said) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{said}");
    assert!(!out.contains(" 0 superseded"), "{out}");
    assert!(said.contains("Placed the new reports"), "{said}");
    assert_as_a_full_evaluation_leaves(&db);
}

// SQLite-only: its snapshots are SQLite SQL (json_array, hex) read through rusqlite (not yet ported).
/// A dense region with day-, week- and month-long reports and region
/// precision: placing 11 reports into 689 gives what a full evaluation gives
/// (a grid index that read one cell too few failed here).
#[test]
fn placement_matches_a_full_evaluation_on_a_dense_region() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db").to_string_lossy().into_owned();
    // Reports of generated data inside one box (Khmelnytskyi to Lviv).
    let region = |seed: &str, n: &str, name: &str| -> String {
        let all = dir.path().join(format!("{name}-all.csv"));
        ok(
            &db,
            &[
                "gen",
                "--reports",
                n,
                "--seed",
                seed,
                "-o",
                &all.to_string_lossy(),
            ],
        );
        let text = std::fs::read_to_string(&all).expect("generated");
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let headers = rd.headers().expect("header").clone();
        let col = |c: &str| headers.iter().position(|h| h == c).expect(c);
        let (la, lo) = (col("latitude"), col("longitude"));
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).expect("header");
        for rec in rd.records() {
            let rec = rec.expect("row");
            let (Ok(x), Ok(y)) = (rec[la].parse::<f64>(), rec[lo].parse::<f64>()) else {
                continue;
            };
            if (47.0..=51.5).contains(&x) && (21.0..=28.0).contains(&y) {
                w.write_record(&rec).expect("row");
            }
        }
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, w.into_inner().expect("csv")).expect("write");
        path.to_string_lossy().into_owned()
    };
    let base = region("11", "30000", "base");
    let more = region("12", "1000", "more");
    ok(&db, &["init", "--agreement", &agreement()]);
    ok(&db, &["ingest", &base]);
    let said = ok(&db, &["ingest", "--place", &more]);
    assert!(said.contains("Placed the new reports"), "{said}");
    let placed = snapshot(&db);
    ok(&db, &["evaluate"]);
    let full = snapshot(&db);
    assert_eq!(placed.0, full.0, "reports in other incidents");
}

// SQLite-only: its snapshots are SQLite SQL (json_array, hex) read through rusqlite (not yet ported).
/// Fire detections are placed by the sensor rule over every incident tied to
/// the site they were seen at. A batch that ties no incident to such a site
/// is still placed; one that does, or that brings a detection, is evaluated
/// in full. Either way the result is what a full evaluation gives.
#[test]
fn with_fires_seen_only_batches_at_their_sites_are_evaluated_in_full() {
    const SITE: (f64, f64) = (51.0, 25.0);
    const CANONICAL: &str = "source,external_id,occurred_at,time_precision,latitude,longitude,geo_precision,act,means,target_class,perpetrator,claimant,stance";
    const FIRMS: &str = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight";
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db").to_string_lossy().into_owned();
    let file = |name: &str, text: &str| -> String {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    };
    // Generated reports, none within a degree of the site, so that only the
    // reports written here are tied to it.
    let all = dir.path().join("all.csv").to_string_lossy().into_owned();
    ok(
        &db,
        &["gen", "--reports", "2000", "--seed", "5", "-o", &all],
    );
    let text = std::fs::read_to_string(&all).expect("generated");
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers().expect("header").clone();
    let col = |c: &str| headers.iter().position(|h| h == c).expect(c);
    let (la, lo) = (col("latitude"), col("longitude"));
    let mut rows = Vec::new();
    for rec in rd.records() {
        let rec = rec.expect("row");
        let near = match (rec[la].parse::<f64>(), rec[lo].parse::<f64>()) {
            (Ok(x), Ok(y)) => (x - SITE.0).abs() < 1.0 && (y - SITE.1).abs() < 1.5,
            _ => false,
        };
        if !near {
            rows.push(rec);
        }
    }
    let cut = rows.len() * 19 / 20;
    let write_rows = |name: &str, part: &[csv::StringRecord]| -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).expect("header");
        for r in part {
            w.write_record(r).expect("row");
        }
        file(
            name,
            &String::from_utf8(w.into_inner().expect("csv")).expect("utf-8"),
        )
    };
    let base = write_rows("base.csv", &rows[..cut]);
    let later = write_rows("later.csv", &rows[cut..]);

    ok(&db, &["init", "--agreement", &agreement()]);
    let sites = file(
        "sites.csv",
        &format!(
            "id,name,class,latitude,longitude\nTPP-V,Test power plant,energy.power-plant,{},{}\n",
            SITE.0, SITE.1
        ),
    );
    ok(&db, &["sites", "import", &sites]);
    ok(&db, &["ingest", &base]);
    let strike = |id: &str, at: &str| {
        file(
            &format!("{id}.csv"),
            &format!(
                "{CANONICAL}\nua-energy,{id},{at},hour,{},{},exact,strike,Shahed-136,energy.power-plant,ru,ua,alleges\n",
                SITE.0, SITE.1
            ),
        )
    };
    let said = ok(
        &db,
        &[
            "ingest",
            "--place",
            &strike("s-1", "2025-03-20T04:00:00+02:00"),
        ],
    );
    assert!(
        said.contains("Placed the new reports"),
        "no fires yet: {said}"
    );
    // A fire at the site two hours after the strike, and one three weeks
    // later that no report explains (a lead).
    let fires = file(
        "fires.csv",
        &format!(
            "{FIRMS}\n{:.4},{:.4},341.2,0.41,0.37,2025-03-20,0410,N20,nominal,2.0NRT,289.5,14.2,N\n\
             {:.4},{:.4},333.0,0.41,0.37,2025-04-10,0310,N20,nominal,2.0NRT,288.1,9.8,N\n",
            SITE.0 + 0.003,
            SITE.1,
            SITE.0,
            SITE.1 + 0.004
        ),
    );
    let said = ok(&db, &["ingest", "--place", &fires]);
    assert!(said.contains("Evaluated "), "a batch of detections: {said}");
    let incidents = snapshot(&db).1;
    assert_eq!(
        incidents.iter().filter(|i| i.contains("\"fire\"")).count(),
        1,
        "the later fire is a lead of its own: {incidents:?}"
    );

    // Reports far from the site: placed, as if there were no fires.
    let said = ok(&db, &["ingest", "--place", &later]);
    assert!(
        said.contains("Placed the new reports"),
        "far from the site: {said}"
    );
    assert_as_a_full_evaluation_leaves(&db);

    // A strike at the site just before the lead's fire: the sensor rule
    // decides again, so the whole workspace is evaluated, and the fire now
    // corroborates the strike instead of standing alone.
    let said = ok(
        &db,
        &[
            "ingest",
            "--place",
            &strike("s-2", "2025-04-10T04:00:00+03:00"),
        ],
    );
    let after = snapshot(&db);
    let leads: Vec<&String> = after.1.iter().filter(|i| i.contains("\"fire\"")).collect();
    assert!(leads.is_empty(), "no lead is left: {leads:?}");
    assert!(said.contains("Evaluated "), "a strike at the site: {said}");
    ok(&db, &["evaluate"]);
    assert_eq!(after, snapshot(&db), "what a full evaluation gives");
}
