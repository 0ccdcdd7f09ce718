//! `truce statements extract` through the real binary: JSON Lines and plain
//! text in, candidates with their spans out, bad lines reported by file,
//! line and field, exit codes as `truce ingest` has them, and no workspace
//! needed.

mod common;

use common::{code, stderr, stdout, truce};
use serde_json::Value;

/// A workspace path that does not exist: the command must not need one.
fn no_db(dir: &tempfile::TempDir) -> String {
    dir.path().join("none.db").to_string_lossy().into_owned()
}

const TALLY: &str = "У ніч на 25 березня противник атакував 99 ударними БпЛА типу Shahed. Станом на 09:00 збито 57 ударних БпЛА. Внаслідок атаки пошкоджено об'єкти енергетики у Харківській та Сумській областях.";
const MOD: &str = "В ночь на 21 марта перехвачены и уничтожены 23 украинских беспилотника над территорией Курской области.";

fn line(source: &str, at: &str, text: &str) -> String {
    serde_json::json!({"source": source, "published_at": at, "text": text}).to_string()
}

// Store-independent: `statements extract` needs no workspace.
#[test]
fn json_lines_in_candidates_with_spans_out_and_bad_lines_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("statements.jsonl");
    let input = [
        line("ua-airforce", "2025-03-25T09:30:00+02:00", TALLY),
        "{not json".to_string(),
        r#"{"source":"ru-mod","published_at":"21.03.2025","text":"x"}"#.to_string(),
        line("ru-mod", "2025-03-21T10:00:00+03:00", MOD),
    ]
    .join("\n");
    std::fs::write(&file, &input).expect("write");
    let path = file.to_string_lossy().into_owned();

    let out = truce(
        &no_db(&dir),
        &["statements", "extract", "--json", &path],
        None,
    );
    assert_eq!(code(&out), 3, "some lines were rejected: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{path}:2:")), "{err}");
    assert!(err.contains(&format!("{path}:3: published_at:")), "{err}");

    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    // The tally, two regions' damage, and the ministry's interceptions.
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let texts = [TALLY, "", "", MOD];
    for l in &lines {
        assert_eq!(l["span_unit"], "utf8-bytes");
        let k = l["statement"].as_u64().expect("statement index") as usize;
        let text = texts[k];
        for (field, span) in l["spans"].as_object().expect("spans") {
            let (a, b) = (span[0].as_u64().unwrap_or(0), span[1].as_u64().unwrap_or(0));
            assert!(
                text.get(a as usize..b as usize).is_some(),
                "{field} {span} outside statement {k}"
            );
        }
    }
    let at = |l: &Value, field: &str| {
        let k = l["statement"].as_u64().unwrap_or(0) as usize;
        let s = &l["spans"][field];
        let (a, b) = (s[0].as_u64().unwrap_or(0), s[1].as_u64().unwrap_or(0));
        texts[k][a as usize..b as usize].to_string()
    };
    let tally = &lines[0];
    assert_eq!(
        (tally["statement"].as_u64(), tally["line"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(tally["act"], "launch");
    assert_eq!(tally["launched"], 99);
    assert_eq!(tally["destroyed"], 57);
    assert_eq!(tally["perpetrator"], "ru");
    assert_eq!(tally["claimant"], "ua");
    assert_eq!(at(tally, "means"), "Shahed");
    assert_eq!(at(tally, "occurred_at"), "У ніч на 25 березня");
    let regions: Vec<(&str, String)> = lines[1..3]
        .iter()
        .map(|l| (l["place_id"].as_str().unwrap_or(""), at(l, "place")))
        .collect();
    assert_eq!(
        regions,
        [
            ("UA-63", "Харківській".to_string()),
            ("UA-59", "Сумській областях".to_string())
        ]
    );
    let ru = &lines[3];
    assert_eq!(
        (ru["statement"].as_u64(), ru["line"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(ru["act"], "interception");
    assert_eq!(ru["perpetrator"], "ua");
    assert_eq!(ru["claimant"], "ru");
    assert_eq!(ru["occurred_at"], "2025-03-21T00:00:00+02:00");
    assert_eq!(at(ru, "place"), "Курской области");
}

// Store-independent: `statements extract` needs no workspace.
#[test]
fn plain_text_from_standard_input_one_statement_a_paragraph() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Вночі ворог атакував Харків ударними БпЛА.\nПошкоджено підстанцію.\n\nУ Сумах пошкоджено лікарню.\n";
    let out = truce(
        &no_db(&dir),
        &[
            "statements",
            "extract",
            "-",
            "--source",
            "sumy-ova",
            "--published-at",
            "2025-03-25T08:00",
        ],
        Some(text),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    for word in ["Kharkiv", "energy.substation", "Sumy", "civilian.medical"] {
        assert!(table.contains(word), "{word} in\n{table}");
    }
    assert!(
        table.contains("2 statements read, 2 candidates, 0 rejected."),
        "{table}"
    );
}

// Store-independent: `statements extract` needs no workspace.
#[test]
fn the_agreement_names_the_parties_and_the_zone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let agreement = dir.path().join("test.toml");
    std::fs::write(
        &agreement,
        r#"id = "test-truce"
title = "A test truce"
version = 1
timezone = "UTC"

[[parties]]
id = "kyiv"
name = "Ukraine"

[[parties]]
id = "moscow"
name = "Russia"

[[periods]]
start = "2025-03-18"
days = 30

[[commitments]]
id = "energy"
title = "No strikes on energy"
text = "No strikes on energy."
binds = ["kyiv", "moscow"]
status = "agreed"
period = { start = "2025-03-18", days = 30 }
"#,
    )
    .expect("write");
    let input = line(
        "kyiv-airforce",
        "2025-03-25T23:30:00+02:00",
        "Вчора о 23:10 ворог атакував Харків ударними БпЛА.",
    );
    let out = truce(
        &no_db(&dir),
        &[
            "statements",
            "extract",
            "-",
            "--json",
            "--agreement",
            &agreement.to_string_lossy(),
        ],
        Some(&input),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).expect("one candidate");
    assert_eq!(v["perpetrator"], "moscow");
    assert_eq!(v["claimant"], "kyiv");
    // Published at 21:30 UTC on the 25th: "yesterday" is the 24th in UTC.
    assert_eq!(v["occurred_at"], "2025-03-24T23:10:00+00:00");
}

// Store-independent: `statements extract` needs no workspace.
#[test]
fn nothing_readable_fails_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = truce(
        &no_db(&dir),
        &["statements", "extract", "-"],
        Some("{\"source\":\"x\"}\n[]\n"),
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("no statement in standard input could be read"),
        "{}",
        stderr(&out)
    );
    let out = truce(
        &no_db(&dir),
        &["statements", "extract", "missing.jsonl"],
        None,
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("cannot read missing.jsonl"),
        "{}",
        stderr(&out)
    );
    let out = truce(
        &no_db(&dir),
        &[
            "statements",
            "extract",
            "-",
            "--source",
            "s",
            "--published-at",
            "soon",
        ],
        Some("text"),
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--published-at"), "{}", stderr(&out));
    // An empty input is no error: nothing to read.
    let out = truce(&no_db(&dir), &["statements", "extract", "-"], Some(""));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        !dir.path().join("none.db").exists(),
        "no workspace was made"
    );
}

/// The number before `label` in `truce log verify`'s summary ("3 statement").
fn entries_of(summary: &str, label: &str) -> u64 {
    let (head, _) = summary
        .split_once(&format!(" {label}"))
        .unwrap_or_else(|| panic!("no {label} entries in: {summary}"));
    head.rsplit(['(', ' '])
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before {label} in: {summary}"))
}

on_both!(ingest_stores_candidates_for_review_apart_from_reports_and_twice_stores_nothing);
fn ingest_stores_candidates_for_review_apart_from_reports_and_twice_stores_nothing(
    b: common::Backend,
) {
    let w = common::Workspace::on(b);
    let file = w.write(
        "statements.jsonl",
        &[
            line("ua-airforce", "2025-03-25T09:30:00+02:00", TALLY),
            "{not json".to_string(),
            line("ru-mod", "2025-03-21T10:00:00+03:00", MOD),
        ]
        .join("\n"),
    );
    let out = w.truce(&["statements", "ingest", "--json", &file]);
    assert_eq!(code(&out), 3, "a bad line makes exit 3: {}", stderr(&out));
    assert!(
        stderr(&out).contains(":2:"),
        "the bad line is named: {}",
        stderr(&out)
    );
    let first: Value = serde_json::from_slice(&out.stdout).expect("JSON counts");
    assert_eq!(first["statements"], 2, "{first}");
    assert_eq!(first["duplicates"], 0);
    assert_eq!(first["rejected"], 1);
    let candidates = first["candidates"].as_u64().unwrap_or(0);
    assert!(candidates >= 2, "both statements propose reports: {first}");

    // On the log as statements; no report, incident or finding yet.
    let verify = w.truce(&["log", "verify"]);
    assert_eq!(code(&verify), 0, "log verify: {}", stderr(&verify));
    let summary = stdout(&verify);
    assert_eq!(entries_of(&summary, "statement"), 2, "{summary}");
    assert!(
        !summary.contains(" report,") && !summary.contains(" report)"),
        "no candidate is a report before review: {summary}"
    );
    let incidents = w.json(&["incidents", "--json"]);
    assert_eq!(
        incidents.as_array().map(Vec::len).unwrap_or(0),
        0,
        "candidates are not in incidents: {incidents}"
    );

    // The same file again stores nothing, on the log or elsewhere.
    let again = w.truce(&["statements", "ingest", "--json", &file]);
    let second: Value = serde_json::from_slice(&again.stdout).expect("JSON counts");
    assert_eq!(second["statements"], 0, "{second}");
    assert_eq!(second["candidates"], 0);
    assert_eq!(second["duplicates"], 2);
    let summary_again = stdout(&w.truce(&["log", "verify"]));
    assert_eq!(
        entries_of(&summary_again, "statement"),
        2,
        "{summary_again}"
    );

    // Plain text, one statement a paragraph, as for extract; replay holds.
    let posts = w.write(
        "posts.txt",
        "Харків: уночі ворог атакував підстанцію, пошкоджено обладнання.\n",
    );
    let out = w.truce(&[
        "statements",
        "ingest",
        &posts,
        "--source",
        "kharkiv-ova",
        "--published-at",
        "2025-03-26T08:00",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 statement stored"),
        "{}",
        stdout(&out)
    );
    let replay = w.truce(&["log", "replay"]);
    assert_eq!(code(&replay), 0, "log replay: {}", stderr(&replay));
    let verify = w.truce(&["log", "verify"]);
    assert!(
        stdout(&verify).contains("3 statements and 0 reviews"),
        "{}",
        stdout(&verify)
    );

    // A statement rewritten in the store, or marked reviewed without a
    // review on the log, is found by verify.
    w.exec(
        "UPDATE statements SET text = 'rewritten' WHERE id = 1;
         UPDATE statement_candidates SET status = 'rejected' WHERE id = 1;",
    );
    let verify = w.truce(&["log", "verify"]);
    assert_ne!(code(&verify), 0, "a tampered store must fail verification");
    let said = stderr(&verify);
    assert!(
        said.contains("statement 1 differs from its log entry")
            && said.contains("its text differs"),
        "{said}"
    );
    assert!(
        said.contains("candidate 1 is rejected but its review is not on the log"),
        "{said}"
    );
}
