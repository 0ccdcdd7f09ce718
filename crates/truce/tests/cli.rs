//! End-to-end tests: they drive the real `truce` binary on real files and a
//! real SQLite workspace, as a user would.

mod common;

use common::{Backend, Workspace, agreement_path, code, stderr, stdout, store_place};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const HEADER: &str = "source,external_id,reported_at,occurred_at,time_precision,latitude,longitude,place,geo_precision,act,means,target_class,target_name,perpetrator,claimant,stance,reliability,credibility,killed,injured,text,url";

fn csv(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------------------
// Agreement files.

// Store-independent: `truce agreement check` reads a file and opens no workspace.
#[test]
fn the_shipped_agreement_checks() {
    let out = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args([
            "agreement",
            "check",
            agreement_path().to_str().expect("path"),
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    for needle in [
        "Commitment energy",
        "reading ru",
        "reading ua",
        "Commitment air",
        "Commitment black-sea",
        "zone: black-sea",
        "2025-03-17 23:00 +02:00",
        "2025-04-17 00:00 +03:00",
        "2025-03-25 00:00 +02:00",
        "2025-04-24 00:00 +03:00",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in:\n{s}");
    }
}

fn check_broken(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["agreement", "check", p.to_str().expect("path")])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "a broken file must fail: {}", stdout(&out));
    stderr(&out).replace(&p.to_string_lossy().into_owned(), name)
}

const MINIMAL: &str = r#"id = "t"
title = "Test"
version = 1
timezone = "Europe/Kyiv"

[[parties]]
id = "ua"
name = "Ukraine"

[[parties]]
id = "ru"
name = "Russia"

[[commitments]]
id = "energy"
title = "No strikes on energy"
text = "..."
binds = ["ua", "ru"]
period = { start = "2025-03-18", days = 30 }
scope.targets = ["energy.*"]
"#;

// Store-independent: `truce agreement check` reads a file and opens no workspace.
#[test]
fn broken_agreements_point_to_line_and_column() {
    assert!(
        check_broken("ok.toml", "").contains("ok.toml:1:1:"),
        "an empty file fails at 1:1"
    );

    let e = check_broken(
        "party.toml",
        &MINIMAL.replace(r#"binds = ["ua", "ru"]"#, r#"binds = ["ua", "rus"]"#),
    );
    assert!(
        e.contains("party.toml:18:16: unknown party \"rus\" in binds; did you mean \"ru\"?"),
        "{e}"
    );

    let e = check_broken(
        "period.toml",
        &MINIMAL.replace(
            r#"period = { start = "2025-03-18", days = 30 }"#,
            r#"period = { start = "2025-03-18", end = "2025-03-01" }"#,
        ),
    );
    assert!(
        e.contains("period.toml:19:40: the period ends (2025-03-01) before it starts (2025-03-18)"),
        "{e}"
    );

    let e = check_broken(
        "target.toml",
        &MINIMAL.replace(r#"["energy.*"]"#, r#"["energy.refinery"]"#),
    );
    assert!(e.contains("target.toml:20:18: unknown target class \"energy.refinery\"; did you mean \"energy.oil-refinery\"?"), "{e}");

    let zone = format!(
        "{MINIMAL}\n[[zones]]\nid = \"sea\"\nname = \"Sea\"\ngeometry = {{ type = \"Polygon\", coordinates = [[[30.0, 46.0], [31.0, 46.0], [31.0, 45.0]]] }}\n"
    );
    let e = check_broken("zone.toml", &zone);
    assert!(
        e.contains("zone.toml:25:12: zone \"sea\": outer ring: a ring needs at least 4 positions"),
        "{e}"
    );
    let open_ring = zone.replace("[31.0, 45.0]]]", "[31.0, 45.0], [30.5, 45.0]]]");
    let e = check_broken("zone.toml", &open_ring);
    assert!(e.contains("the polygon is not closed: its first position [30, 46] differs from its last [30.5, 45]"), "{e}");

    let e = check_broken("syntax.toml", "id = \"x\"\ntitle = \n");
    assert!(e.contains("syntax.toml:2:"), "{e}");

    let e = check_broken(
        "unknownkey.toml",
        &MINIMAL.replace("title = \"Test\"", "title = \"Test\"\ncolour = \"red\""),
    );
    assert!(
        e.contains("unknownkey.toml:3:1:") && e.contains("colour"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------
// Ingest.

on_both!(bad_rows_are_rejected_and_kept_good_rows_stored);
fn bad_rows_are_rejected_and_kept_good_rows_stored(b: Backend) {
    let w = Workspace::on(b);
    let file = w.write(
        "mixed.csv",
        &csv(&[
            "ua-mod,ok-1,,2025-04-01T03:00:00+03:00,hour,46.48,30.73,,exact,strike,Shahed-136,energy.substation,,ru,ua,alleges,B,2,0,1,text,https://example.org/1",
            "ua-mod,bad-lat,,2025-04-01,day,95,30.7,,,strike,,,,ru,ua,alleges,,,,,,",
            "ua-mod,bad-act,,2025-04-01,day,46.4,30.7,,,bombing,,,,ru,ua,alleges,,,,,,",
            "ua-mod,bad-date,,yesterday,,46.4,30.7,,,strike,,,,ru,ua,alleges,,,,,,",
            "ru-mod,ok-2,,2025-04-02,,,,Харків,,strike,Геранъ,,,,ru,observes,,,,,,",
            "ru-mod,ok-3,,2025-04-02,,,,Nowhereville,,shelling,artillery,civilian.residential,,ua,ru,alleges,,,,,,",
            "ru-mod,bad-grade,,2025-04-02,,,,Kyiv,,strike,,,,ua,ru,alleges,Z,,,,,",
            "ru-mod,ok-4,,2025-04-02,,,,Харьков,,strike,Герань-2,,,,ru,observes,,,,,,",
        ]),
    );
    let out = w.truce(&["ingest", &file, "--json"]);
    assert_eq!(
        code(&out),
        3,
        "some rows rejected → exit 3: {}",
        stderr(&out)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).expect("json summary");
    // "Геранъ" is not a known model: that row is rejected too.
    assert_eq!(
        summary,
        serde_json::json!({"accepted": 3, "rejected": 5, "duplicates": 0, "superseded": 0, "skipped": 0})
    );

    let rej = w.json(&["rejections", "--json"]);
    let rows = rej.as_array().expect("array");
    assert_eq!(rows.len(), 5);
    let find = |line: u64| {
        rows.iter()
            .find(|r| r["line"] == line)
            .unwrap_or_else(|| panic!("line {line}: {rej}"))
    };
    assert_eq!(find(3)["field"], "latitude");
    assert!(
        find(3)["reason"]
            .as_str()
            .is_some_and(|s| s.contains("outside -90..90"))
    );
    assert_eq!(find(4)["field"], "act");
    assert!(
        find(4)["reason"]
            .as_str()
            .is_some_and(|s| s.contains("unknown act \"bombing\""))
    );
    assert_eq!(find(5)["field"], "occurred_at");
    assert_eq!(find(6)["field"], "means");
    assert_eq!(find(8)["field"], "reliability");
    assert!(
        find(8)["raw"]
            .as_str()
            .is_some_and(|s| s.starts_with("ru-mod,bad-grade"))
    );
    assert!(
        find(3)["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("mixed.csv"))
    );

    // The people's view says the same.
    let out = w.truce(&["rejections"]);
    assert!(stdout(&out).contains("latitude 95 is outside -90..90"));

    // The place-name row was geocoded; the unknown place kept, unlocated.
    let inc = w.json(&["incidents", "--json"]);
    let all = inc.as_array().expect("array");
    assert_eq!(all.len(), 3, "{inc:#}");
    assert!(
        all.iter().any(|i| i["location"].is_null()),
        "the unresolvable place stays unlocated"
    );
    let kharkiv = all
        .iter()
        .find(|i| i["reports"][0]["external_id"] == "ok-4")
        .expect("ok-4");
    let lat = kharkiv["location"]["lat"].as_f64().expect("geocoded");
    assert!((lat - 49.99).abs() < 0.1, "Харьков geocoded to {lat}");
    assert_eq!(kharkiv["geo_precision"], "settlement");
}

on_both!(reingest_is_idempotent_and_changes_supersede);
fn reingest_is_idempotent_and_changes_supersede(b: Backend) {
    let w = Workspace::on(b);
    let rows = [
        "mission,m-1,,2025-04-01T03:00:00+03:00,hour,46.48,30.73,,exact,strike,Shahed-136,energy.substation,,ru,mission,observes,A,2,,,Observed.,",
        "ua-mod,u-1,,2025-04-01T03:00:00+03:00,hour,46.48,30.73,,exact,strike,Shahed-136,energy.substation,,ru,ua,alleges,B,2,,,Удар.,",
    ];
    let file = w.write("a.csv", &csv(&rows));
    assert_eq!(w.json(&["ingest", &file, "--json"])["accepted"], 2);
    let again = w.json(&["ingest", &file, "--json"]);
    assert_eq!(
        again,
        serde_json::json!({"accepted": 0, "rejected": 0, "duplicates": 2, "superseded": 0, "skipped": 0})
    );
    let changed = rows[1].replace("Удар.", "Удар по підстанції.");
    let file2 = w.write("b.csv", &csv(&[rows[0], &changed]));
    let out = w.json(&["ingest", &file2, "--json"]);
    assert_eq!(
        out,
        serde_json::json!({"accepted": 0, "rejected": 0, "duplicates": 1, "superseded": 1, "skipped": 0})
    );
    let inc = w.json(&["incidents", "--json"]);
    assert_eq!(inc.as_array().map(Vec::len), Some(1));
    assert_eq!(inc[0]["reports"].as_array().map(Vec::len), Some(2));
}

on_both!(jsonl_is_read_like_csv);
fn jsonl_is_read_like_csv(b: Backend) {
    let w = Workspace::on(b);
    let file = w.write(
        "r.jsonl",
        concat!(
            r#"{"source":"ua-mod","external_id":"j1","occurred_at":"2025-04-01T03:00:00+03:00","latitude":46.48,"longitude":30.73,"act":"strike","means":"Kalibr","target_class":"energy.power-plant","perpetrator":"ru","claimant":"ua","stance":"alleges","killed":2,"note":"kept"}"#,
            "\n",
            r#"{"source":"ua-mod","external_id":"j2","occurred_at":"2025-04-01","latitude":"x","longitude":30.7}"#,
            "\n",
            "not json\n",
        ),
    );
    let out = w.truce(&["ingest", &file, "--json"]);
    assert_eq!(code(&out), 3);
    let s: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(s["accepted"], 1);
    assert_eq!(s["rejected"], 2);
    let rej = w.json(&["rejections", "--json"]);
    assert_eq!(rej[0]["line"], 2);
    assert_eq!(rej[0]["field"], "latitude");
    assert_eq!(rej[1]["line"], 3);
}

on_both!(failures_that_store_nothing_exit_1);
fn failures_that_store_nothing_exit_1(b: Backend) {
    let w = Workspace::on(b);
    let out = w.truce(&["ingest", "missing.csv"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("cannot read missing.csv"),
        "{}",
        stderr(&out)
    );

    let good = w.write(
        "good.csv",
        &csv(&["a,1,,2025-04-01,,,,Kyiv,,strike,,,,ru,ua,alleges,,,,,,"]),
    );
    let out = w.truce(&["ingest", &good, "missing.csv"]);
    assert_eq!(code(&out), 1, "one missing file fails the whole command");
    let bad = w.write("noid.csv", "source,occurred_at\na,2025-04-01\n");
    let out = w.truce(&["ingest", &good, &bad]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("noid.csv: line 1: the header matches no format Truce reads")
            && stderr(&out).contains("needs \"external_id\""),
        "{}",
        stderr(&out)
    );
    let out = w.truce(&["ingest", "notes.txt"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("cannot tell the format"));
    // Nothing from the good file was stored by the failed commands.
    assert_eq!(
        w.json(&["incidents", "--json"]).as_array().map(Vec::len),
        Some(0)
    );

    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args([
            "--db",
            dir.path().join("none.db").to_str().expect("p"),
            "findings",
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("truce init --agreement FILE"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// Incidents and findings.

fn finding<'a>(all: &'a Value, c: &str, r: &str, party: &str) -> &'a Value {
    all.as_array()
        .and_then(|a| {
            a.iter()
                .find(|f| f["commitment_id"] == c && f["reading_id"] == r && f["party"] == party)
        })
        .unwrap_or_else(|| panic!("no finding {c}/{r}/{party} in {all:#}"))
}

on_both!(opposite_claims_about_sudzha_are_one_disputed_incident);
fn opposite_claims_about_sudzha_are_one_disputed_incident(b: Backend) {
    let w = Workspace::on(b);
    let file = w.write(
        "sudzha.csv",
        &csv(&[
            "ru-mod,s-1,2025-03-21T12:00:00+03:00,2025-03-21,day,51.19,35.27,,settlement,sabotage,explosive,energy.gas-metering,ГИС «Суджа»,ВСУ,ru,alleges,C,3,,,Киевский режим уничтожил ГИС «Суджа».,",
            "ua-genstaff,s-2,,2025-03-21T09:00:00+02:00,hour,,,Суджа,,shelling,artillery,energy.gas-metering,ГВС «Суджа»,Росія,ua,alleges,C,3,,,Російська армія обстріляла ГВС «Суджа».,",
            "ua-mfa,s-3,,2025-03-21,day,,,,,sabotage,,energy.gas-metering,Sudzha gas metering station,ua,ua,denies,C,3,,,Ukraine denies the accusation.,",
        ]),
    );
    assert_eq!(code(&w.truce(&["ingest", &file])), 0);
    let inc = w.json(&["incidents", "--json"]);
    assert_eq!(inc.as_array().map(Vec::len), Some(1), "{inc:#}");
    let id = inc[0]["id"].as_str().expect("id").to_string();
    let f = w.json(&["findings", "--json", "--incident", &id]);
    assert_eq!(finding(&f, "energy", "ru", "ua")["status"], "disputed");
    assert_eq!(finding(&f, "energy", "ru", "ru")["status"], "disputed");
    assert_eq!(
        finding(&f, "energy", "ua", "ru")["status"],
        "outside-period"
    );
    let reports = finding(&f, "energy", "ru", "ua")["reports"]
        .as_array()
        .expect("reports")
        .clone();
    assert!(
        reports
            .iter()
            .any(|r| r["source"] == "ua-mfa" && r["external_id"] == "s-3")
    );
    let trace = finding(&f, "energy", "ru", "ua")["trace"]
        .as_array()
        .expect("trace")
        .clone();
    assert!(
        trace.iter().any(|s| s["check"] == "status"
            && s["detail"]
                .as_str()
                .is_some_and(|d| d.contains("denied by ua"))),
        "{trace:#?}"
    );

    // The filters narrow the table.
    let disputed = w.json(&["findings", "--json", "--status", "disputed"]);
    assert!(
        disputed
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|f| f["status"] == "disputed"))
    );
    let out = w.truce(&["findings", "--status", "disputd"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("did you mean \"disputed\""),
        "{}",
        stderr(&out)
    );
}

on_both!(readings_and_scopes_judge_the_same_incident_differently);
fn readings_and_scopes_judge_the_same_incident_differently(b: Backend) {
    let w = Workspace::on(b);
    let file = w.write(
        "two.csv",
        &csv(&[
            // A drone strike on a substation on 20 March: inside the Russian
            // reading's period, before the Ukrainian one began.
            "ukrenergo,k-1,,2025-03-20T03:10:00+02:00,hour,49.99,36.23,,exact,strike,Geran-2,energy.substation,,ru,ua,alleges,B,2,,,Атака на підстанцію.,",
            // An FPV strike on a power plant in April: not the air truce's business.
            "ua-energy,n-1,,2025-04-02T11:00:00+03:00,hour,47.57,34.39,,exact,strike,FPV,energy.power-plant,,ru,ua,alleges,B,2,,,FPV-дрон атакував ТЕС.,",
        ]),
    );
    assert_eq!(code(&w.truce(&["ingest", &file])), 0);
    let ru = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "energy",
        "--reading",
        "ru",
        "--party",
        "Russia",
    ]);
    let ua = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "energy",
        "--reading",
        "ua",
        "--party",
        "ru",
    ]);
    let air = w.json(&["findings", "--json", "--commitment", "air"]);
    let by_incident = |all: &Value, first: bool| -> String {
        let a = all.as_array().expect("array");
        let f = if first { &a[0] } else { &a[1] };
        f["status"].as_str().expect("status").to_string()
    };
    assert_eq!(by_incident(&ru, true), "alleged");
    assert_eq!(by_incident(&ua, true), "outside-period");
    assert_eq!(by_incident(&ru, false), "alleged");
    assert_eq!(by_incident(&ua, false), "alleged");
    assert_eq!(by_incident(&air, true), "alleged");
    assert_eq!(by_incident(&air, false), "not-covered");
    // Date filters.
    let april = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "air",
        "--from",
        "2025-04-01",
    ]);
    assert_eq!(april.as_array().map(Vec::len), Some(1));
    let table = stdout(&w.truce(&["findings", "--commitment", "air"]));
    assert!(
        table.contains("not-covered") && table.contains("air/text"),
        "{table}"
    );
}

on_both!(demo_runs_and_exercises_every_status);
fn demo_runs_and_exercises_every_status(b: Backend) {
    let (_dir, db, _pg) = store_place(b);
    let out = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["demo", "--no-serve", "--out", &db])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.contains("Compliance summary"), "{s}");
    assert!(
        s.contains("illustrative") || s.contains("Illustrative"),
        "{s}"
    );
    let all = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["--db", &db, "findings", "--json"])
        .output()
        .expect("run");
    assert_eq!(code(&all), 0, "{}", stderr(&all));
    let v: Value = serde_json::from_slice(&all.stdout).expect("json");
    let a = v.as_array().expect("array");
    for c in ["energy", "air", "black-sea"] {
        for status in [
            "not-covered",
            "outside-period",
            "alleged",
            "corroborated",
            "disputed",
            "insufficient",
        ] {
            assert!(
                a.iter()
                    .any(|f| f["commitment_id"] == c && f["status"] == status),
                "the demo has no {status} finding for {c}"
            );
        }
    }
    for reading in ["ru", "ua"] {
        for status in [
            "not-covered",
            "outside-period",
            "alleged",
            "corroborated",
            "disputed",
            "insufficient",
        ] {
            assert!(
                a.iter().any(|f| f["commitment_id"] == "energy"
                    && f["reading_id"] == reading
                    && f["status"] == status),
                "the demo has no {status} finding for energy/{reading}"
            );
        }
    }
}

on_both!(a_mission_imports_its_own_geonames_dump);
fn a_mission_imports_its_own_geonames_dump(b: Backend) {
    let w = Workspace::on(b);
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../truce-geo/tests/data/geonames-sample.txt");
    let out = w.truce(&["gazetteer", "import", dump.to_str().expect("path")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Imported"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("skipped"),
        "bad lines are reported with their number: {}",
        stderr(&out)
    );
    // The workspace now geocodes with the imported places: Izium is there,
    // a town only the embedded gazetteer knows is not.
    let found = w.json(&["geocode", "Izium", "--json"]);
    assert_eq!(found["status"], "found");
    let out = w.truce(&["geocode", "Kramatorsk"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let file = w.write(
        "r.csv",
        &csv(&["a,1,,2025-04-01,,,,Izium,,strike,,,,ru,ua,alleges,,,,,,"]),
    );
    assert_eq!(code(&w.truce(&["ingest", &file])), 0);
    let inc = w.json(&["incidents", "--json"]);
    assert!(
        inc[0]["location"]["lat"]
            .as_f64()
            .is_some_and(|lat| (lat - 49.2).abs() < 0.1),
        "{inc}"
    );
    // The change of reference data is on the log.
    let out = w.truce(&["log", "verify"]);
    assert!(
        stdout(&out).contains("1 reference-data"),
        "{}",
        stdout(&out)
    );
}

on_both!(a_report_near_a_protected_site_is_judged_as_concerning_it);
fn a_report_near_a_protected_site_is_judged_as_concerning_it(b: Backend) {
    let w = Workspace::on(b);
    // A drone strike 1 km from Zaporizhzhia NPP whose target nobody named.
    let file = w.write(
        "r.csv",
        &csv(&["ua-energy,z-1,,2025-04-05T04:00:00+03:00,hour,47.52,34.59,,exact,strike,Shahed-136,,,ru,ua,alleges,B,2,,,Удар поблизу станції.,"]),
    );
    assert_eq!(code(&w.truce(&["ingest", &file])), 0);
    let before = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "energy",
        "--reading",
        "ru",
    ]);
    assert_eq!(
        before[0]["status"], "insufficient",
        "no site known yet: {before:#}"
    );

    let gppd =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../truce-geo/tests/data/gppd-sample.csv");
    let out = w.truce(&["sites", "import", gppd.to_str().expect("path")]);
    assert_eq!(
        code(&out),
        3,
        "rows were skipped, the rest kept: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("line 7"),
        "problems are named by line: {}",
        stderr(&out)
    );
    let sites = w.json(&["sites", "list", "--json"]);
    let znpp = sites
        .as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == "TEST0000001"))
        .expect("imported");
    assert_eq!(znpp["class"], "energy.nuclear");

    // Importing re-judges: the report is now about a nuclear plant, which both
    // readings of the energy commitment cover.
    let after = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "energy",
        "--reading",
        "ru",
    ]);
    assert_eq!(after[0]["status"], "alleged", "{after:#}");
    let target = after[0]["trace"]
        .as_array()
        .and_then(|t| t.iter().find(|s| s["check"] == "target"))
        .expect("target step");
    let detail = target["detail"].as_str().expect("detail");
    assert!(
        detail.contains("inferred") && detail.contains("Zaporizhzhia Nuclear Power Plant"),
        "{detail}"
    );
    // The new reference data is on the log, and a replay judges the same.
    assert!(stdout(&w.truce(&["log", "verify"])).contains("2 reference-data"));
    let replay = w.truce(&["log", "replay"]);
    assert_eq!(code(&replay), 0, "{}", stderr(&replay));
    assert!(stdout(&replay).contains("identical"));
}

on_both!(incidents_filter_by_region_and_occupation);
fn incidents_filter_by_region_and_occupation(b: Backend) {
    let w = Workspace::on(b);
    let file = w.write(
        "r.csv",
        &csv(&[
            "a,kh,,2025-04-01T03:00:00+03:00,hour,49.99,36.23,,exact,strike,Shahed-136,energy.substation,,ru,ua,alleges,,,,,,",
            "a,cr,,2025-04-01T04:00:00+03:00,hour,44.95,34.10,,exact,strike,Neptune,military,,ua,ru,alleges,,,,,,",
            "a,ku,,2025-04-01T05:00:00+03:00,hour,51.19,35.27,,exact,shelling,artillery,energy.gas-metering,,ua,ru,alleges,,,,,,",
        ]),
    );
    assert_eq!(code(&w.truce(&["ingest", &file])), 0);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["incidents", "--json"];
        a.extend_from_slice(args);
        let v = w.json(&a);
        let mut out: Vec<String> = v
            .as_array()
            .expect("array")
            .iter()
            .map(|i| {
                i["reports"][0]["external_id"]
                    .as_str()
                    .expect("id")
                    .to_string()
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(ids(&["--region", "UA-63"]), vec!["kh"]);
    assert_eq!(ids(&["--region", "Kharkiv oblast"]), vec!["kh"]);
    // Crimea is Ukraine.
    assert_eq!(ids(&["--region", "UA"]), vec!["cr", "kh"]);
    assert_eq!(ids(&["--region", "UA-43"]), vec!["cr"]);
    assert_eq!(ids(&["--region", "RU"]), vec!["ku"]);
    let out = w.truce(&["incidents", "--region", "Atlantis"]);
    assert_eq!(code(&out), 1);

    // Occupation: Crimea from 2014, with no end.
    let out = w.truce(&["incidents", "--occupied"]);
    assert_eq!(code(&out), 1, "no layer yet");
    assert!(
        stderr(&out).contains("truce occupation load"),
        "{}",
        stderr(&out)
    );
    let layer = w.write(
        "occ.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"from":"2014-02-27"},
            "geometry":{"type":"Polygon","coordinates":[[[32.4,44.3],[36.7,44.3],[36.7,46.3],[32.4,46.3],[32.4,44.3]]]}}]}"#,
    );
    assert_eq!(code(&w.truce(&["occupation", "load", &layer])), 0);
    assert_eq!(ids(&["--occupied"]), vec!["cr"]);
    assert_eq!(ids(&["--not-occupied"]), vec!["kh", "ku"]);
    let f = w.json(&["findings", "--json", "--occupied", "--commitment", "air"]);
    assert!(f.as_array().is_some_and(|a| !a.is_empty()), "{f}");
}

// ---------------------------------------------------------------------------
// Migrations.

/// Migration 19 empties the rows' copy of each report's text and link (the
/// log entry keeps them once); migration 21 their fingerprint, file and
/// line, and the incident id beside each member's and finding's incident.
/// A workspace from before them reads the same afterwards, its search still
/// finds the words, and its log still verifies.
#[test]
fn a_workspace_from_before_the_words_moved_reads_the_same() {
    let w = Workspace::new();
    let ok = |args: &[&str]| {
        let out = w.truce(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&["gen", "--reports", "300", "--seed", "3", "-o", "a.csv"]);
    ok(&["ingest", "a.csv"]);
    let export = || {
        ok(&["export", "reports", "--format", "jsonl"])
            + &ok(&["export", "incidents", "--format", "jsonl"])
            + &ok(&["export", "findings", "--format", "jsonl"])
    };
    let search = |q: &str| export_count(&ok(&["export", "reports", "--format", "jsonl", "--q", q]));
    let before = export();
    let rows: Vec<Value> = before
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|r| r.get("external_id").is_some())
        .collect();
    assert_eq!(rows.len(), 300);
    let thick =
        "SELECT COUNT(*) FROM reports WHERE length(fingerprint) > 0 OR file <> '' OR line <> 0";
    assert_eq!(
        w.count(thick),
        0,
        "the rows leave fingerprint, file and line to the entry"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM reports WHERE text IS NOT NULL OR url IS NOT NULL"),
        0,
        "the rows keep no copy of the words"
    );
    let (found, none) = (search("monitors"), search("zzzqx"));
    assert!(found > 0 && none == 0, "found {found}, none {none}");

    // The workspace as version 18 kept it: the words in the rows, and the
    // search index of migrations 15 and 16 reading them from there (made
    // once the rows hold their words: its triggers would misread them).
    let mut sql = String::from("DROP TRIGGER reports_fts_delete; DROP TABLE reports_fts;\n");
    let quote = |v: &Value| match v.as_str() {
        Some(s) => format!("'{}'", s.replace('\'', "''")),
        None => "NULL".into(),
    };
    for r in &rows {
        sql.push_str(&format!(
            "UPDATE reports SET text = {}, url = {} WHERE id = {};\n",
            quote(&r["text"]),
            quote(&r["url"]),
            r["id"]
        ));
    }
    let migrations = truce_store_sqlite::MIGRATIONS;
    sql.push_str(migrations[14]);
    sql.push_str(migrations[15]);
    // Members and findings named their incident by id as well.
    for table in ["incident_reports", "findings"] {
        sql.push_str(&format!(
            "ALTER TABLE {table} ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';
             UPDATE {table} SET incident_id = (SELECT id FROM incidents WHERE seq = {table}.seq);\n"
        ));
    }
    {
        // The rows' own fingerprint, file and line, as read from each entry
        // (through the reading function only Truce's connection has).
        let store = truce_store_sqlite::SqliteStore::open(&w.db()).expect("open");
        let read = |c: &str| truce_store_sqlite::column_as_read("reports", c).expect(c);
        store
            .connection()
            .execute_batch(&format!(
                "UPDATE reports SET fingerprint = {}, file = {}, line = {};",
                read("fingerprint"),
                read("file"),
                read("line")
            ))
            .expect("rows made thick");
    }
    sql.push_str("PRAGMA user_version = 18;");
    w.exec(&sql);
    assert!(w.count("SELECT COUNT(*) FROM reports WHERE text IS NOT NULL") > 250);
    assert_eq!(w.count(thick), 300);

    // The next command migrates it.
    assert_eq!(export(), before, "the reports read the same");
    assert_eq!(
        w.count("PRAGMA user_version"),
        truce_store_sqlite::MIGRATIONS.len() as i64
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM reports WHERE text IS NOT NULL OR url IS NOT NULL"),
        0
    );
    assert_eq!(w.count(thick), 0);
    assert_eq!((search("monitors"), search("zzzqx")), (found, 0));
    let verify = ok(&["log", "verify"]);
    assert!(verify.contains("The store matches the log"), "{verify}");
}

fn export_count(jsonl: &str) -> usize {
    jsonl.lines().filter(|l| !l.trim().is_empty()).count()
}

/// `truce gen --start D --days 1` writes one day's intake, every report on
/// (or about) that day; a start that is not a date is refused before the
/// file is created.
#[test]
fn gen_writes_one_days_intake_and_refuses_a_bad_start_before_writing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("w.db");
    let db = db.to_str().expect("utf-8 path");
    let day = dir.path().join("day.csv");
    let day_s = day.to_str().expect("utf-8 path");
    let args = [
        "gen",
        "--reports",
        "200",
        "--seed",
        "3",
        "--start",
        "2025-04-01",
    ];
    let out = common::truce(
        db,
        &[&args[..], &["--days", "1", "-o", day_s]].concat(),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&day).expect("read the day's file");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let at = rdr
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "occurred_at")
        .expect("an occurred_at column");
    let mut rows = 0;
    for row in rdr.records() {
        let row = row.expect("a row");
        // Every event is of the day asked for (in Kyiv, whatever its
        // precision: a week-long one is dated by the day it begins).
        let when = &row[at];
        assert!(when.starts_with("2025-04-01"), "{when}");
        rows += 1;
    }
    assert_eq!(rows, 200);

    let bad = dir.path().join("bad.csv");
    let bad_s = bad.to_str().expect("utf-8 path");
    let out = common::truce(
        db,
        &[
            "gen",
            "--reports",
            "10",
            "--start",
            "2025-13-01",
            "-o",
            bad_s,
        ],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2025-13-01") && err.contains("not a date"),
        "{err}"
    );
    assert!(!bad.exists(), "a refused gen left {}", bad.display());
}
