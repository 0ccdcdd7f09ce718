//! The real `truce` binary on PostgreSQL: the pipeline end to end, and two
//! servers sharing one database under concurrent writers. Each test makes
//! a database of its own and drops it when done.

mod common;

use common::{ACCOUNTS, PASSWORD, code, get, post_form, post_json, stderr, stdout, truce};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use truce_store_pg::testing::TestDb;

/// A `truce serve` on a database, killed when dropped.
struct Serve {
    base: String,
    child: Child,
}

impl Serve {
    fn start(db: &str) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start truce serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the serving line");
        let base = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .map(|a| format!("http://{a}"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Serve { base, child }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ok(o: &std::process::Output, what: &str) -> String {
    assert_eq!(code(o), 0, "{what}: {}{}", stdout(o), stderr(o));
    stdout(o)
}

/// The demo workspace in a fresh database, with the test accounts; returns
/// the API tokens by account name.
fn demo(db: &TestDb) -> std::collections::HashMap<String, String> {
    ok(
        &truce(db.url(), &["demo", "--no-serve", "--out", db.url()], None),
        "demo",
    );
    let mut tokens = std::collections::HashMap::new();
    for (name, role, party) in ACCOUNTS {
        let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
        if let Some(p) = party {
            args.extend(["--party", p]);
        }
        let text = ok(
            &truce(db.url(), &args, Some(&format!("{PASSWORD}\n"))),
            "user add",
        );
        let token = text
            .lines()
            .find_map(|l| l.split_once("): ").map(|(_, t)| t.trim().to_string()))
            .expect("a token line");
        tokens.insert(name.to_string(), token);
    }
    tokens
}

#[test]
fn the_pipeline_on_postgres_gives_the_findings_sqlite_gives() {
    let db = TestDb::new().expect("a test database");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("demo.db").to_string_lossy().into_owned();
    ok(
        &truce(&file, &["demo", "--no-serve", "--out", &file], None),
        "demo on SQLite",
    );
    ok(
        &truce(db.url(), &["demo", "--no-serve", "--out", db.url()], None),
        "demo on PostgreSQL",
    );
    for args in [
        ["findings", "--json"].as_slice(),
        ["incidents", "--json"].as_slice(),
    ] {
        let a = ok(&truce(&file, args, None), "SQLite");
        let b = ok(&truce(db.url(), args, None), "PostgreSQL");
        assert!(a.len() > 1000, "{args:?} lists something");
        assert_eq!(a, b, "{args:?}: the same on both backends");
    }
    let v = ok(&truce(db.url(), &["log", "verify"], None), "log verify");
    assert!(v.contains("The log verifies"), "{v}");
    let r = ok(&truce(db.url(), &["log", "replay"], None), "log replay");
    assert!(r.contains("identical"), "{r}");
    // The key is found in the database: no file beside it.
    let key = ok(&truce(db.url(), &["log", "checkpoint"], None), "checkpoint");
    assert!(!key.is_empty());
    // `init` on a database that holds a workspace refuses.
    let agreement = common::agreement_path();
    let again = truce(
        db.url(),
        &["init", "--agreement", agreement.to_str().expect("utf-8")],
        None,
    );
    assert_ne!(code(&again), 0, "init twice: {}", stdout(&again));
    assert!(
        stderr(&again).contains("already a workspace"),
        "{}",
        stderr(&again)
    );
    // A server that is not there is named in the error.
    let gone = truce("postgres://postgres@127.0.0.1:1/x", &["findings"], None);
    assert_ne!(code(&gone), 0);
    assert!(
        stderr(&gone).contains("cannot connect to PostgreSQL at 127.0.0.1:1"),
        "{}",
        stderr(&gone)
    );
}

fn reports_by_source(s: &Serve, token: &str, source: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut before = String::new();
    loop {
        let r = get(
            &s.url(&format!(
                "/api/v1/reports?source={source}&limit=100{before}"
            )),
            Some(token),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let items = r.json()["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            return out;
        }
        let last = items.last().and_then(|i| i["id"].as_i64()).expect("an id");
        before = format!("&cursor={last}");
        out.extend(items);
    }
}

#[test]
fn two_servers_share_one_database_under_concurrent_writers() {
    let db = TestDb::new().expect("a test database");
    let tokens = demo(&db);
    let a = Serve::start(db.url());
    let b = Serve::start(db.url());
    let monitor = tokens["t-monitor"].clone();

    // A report submitted through one is visible through the other at once.
    let row = json!([{ "external_id": "shared-1", "occurred_at": "2025-04-06T03:10:00+03:00",
        "latitude": "46.4711", "longitude": "30.7081", "act": "strike", "means": "Shahed-136",
        "target_class": "energy.substation", "perpetrator": "ru", "stance": "observes" }]);
    let r = post_json(&a.url("/api/v1/reports"), Some(&monitor), &row);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["accepted"], 1);
    let seen = reports_by_source(&b, &monitor, "monitor-t-monitor");
    assert!(
        seen.iter().any(|i| i["external_id"] == "shared-1"),
        "visible through the other server"
    );

    // A session made on one server is honoured by the other.
    let login = post_form(
        &a.url("/login"),
        None,
        &[("name", "t-adj1"), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(login.status, 303, "{}", login.body);
    let cookie = login
        .cookie("__Host-truce_session")
        .or_else(|| login.cookie("truce_session"))
        .expect("a session cookie");
    let page = get(&b.url("/queue"), Some(&format!("cookie:{cookie}")));
    assert_eq!(page.status, 200, "the other server knows the session");

    // Failed sign-ins on one server count on the other: after five wrong
    // passwords through A, B refuses even the right one for a while.
    for _ in 0..5 {
        let r = post_form(
            &a.url("/login"),
            None,
            &[("name", "t-adj2"), ("password", "wrong")],
            &[],
        );
        assert_eq!(r.status, 401, "{}", r.body);
    }
    let r = post_form(
        &b.url("/login"),
        None,
        &[("name", "t-adj2"), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(
        r.status, 429,
        "the other server knows the failures: {}",
        r.body
    );

    // Concurrent writers on both servers: submissions and decisions.
    let findings = get(&a.url("/api/v1/findings?limit=40"), Some(&monitor)).json();
    let finding_ids: Vec<String> = findings["items"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str().map(str::to_string))
        .collect();
    assert!(finding_ids.len() >= 8, "findings to decide on");
    let bases = [a.base.clone(), b.base.clone()];
    let writers = 4;
    let per_writer = 15;
    std::thread::scope(|scope| {
        for w in 0..writers {
            let base = bases[w % 2].clone();
            let monitor = monitor.clone();
            let adj = tokens["t-adj1"].clone();
            let finding_ids = finding_ids.clone();
            scope.spawn(move || {
                for i in 0..per_writer {
                    let row = json!([{ "external_id": format!("w{w}-{i}"),
                        "occurred_at": "2025-04-07T05:00:00+03:00", "latitude": "50.45",
                        "longitude": "30.52", "act": "strike", "means": "missile",
                        "target_class": "energy.power-plant", "perpetrator": "ru", "stance": "observes" }]);
                    let r = post_json(&format!("{base}/api/v1/reports"), Some(&monitor), &row);
                    assert_eq!(r.status, 200, "submission w{w}-{i}: {}", r.body);
                    assert_eq!(r.json()["accepted"], 1, "w{w}-{i}: {}", r.body);
                    if i % 3 == 0 {
                        let f = &finding_ids[(w * per_writer + i) % finding_ids.len()];
                        let d = json!({ "action": "propose", "finding": f, "status": "rejected",
                            "reason": format!("writer {w} step {i}") });
                        let r = post_json(&format!("{base}/api/v1/decisions"), Some(&adj), &d);
                        assert_eq!(r.status, 200, "decision w{w}-{i}: {}", r.body);
                    }
                }
            });
        }
    });

    // No report lost, none twice, whichever server is asked.
    for s in [&a, &b] {
        let items = reports_by_source(s, &monitor, "monitor-t-monitor");
        let mut ids: Vec<String> = items
            .iter()
            .filter_map(|i| i["external_id"].as_str().map(str::to_string))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "no report twice");
        assert_eq!(n, 1 + writers * per_writer, "every report stored");
    }
    // A decision taken on one is on the log the other shows.
    let decisions_a = get(&a.url("/api/v1/decisions?limit=100"), Some(&monitor)).json();
    let decisions_b = get(&b.url("/api/v1/decisions?limit=100"), Some(&monitor)).json();
    assert_eq!(
        decisions_a, decisions_b,
        "both servers show the same decisions"
    );
    let ours = decisions_b["items"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| {
            d["reason"]
                .as_str()
                .is_some_and(|r| r.starts_with("writer "))
        })
        .count();
    assert_eq!(
        ours,
        writers * per_writer.div_ceil(3),
        "every decision kept"
    );
    drop(a);
    drop(b);
    // One log, which verifies, with no two checkpoints of one size that
    // disagree; and the store matches it.
    let v = ok(&truce(db.url(), &["log", "verify"], None), "log verify");
    assert!(v.contains("The log verifies"), "{v}");
    assert!(v.contains("The store matches the log"), "{v}");
}

#[test]
fn migrate_moves_a_sqlite_workspace_with_its_log_and_findings() {
    let db = TestDb::new().expect("a test database");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("w.db").to_string_lossy().into_owned();
    ok(
        &truce(&file, &["demo", "--no-serve", "--out", &file], None),
        "demo",
    );
    let moved = ok(
        &truce(&file, &["migrate", "--from", &file, "--to", db.url()], None),
        "migrate",
    );
    assert_eq!(
        moved.matches("The log verifies").count(),
        2,
        "verified before and after: {moved}"
    );
    for args in [["findings", "--json"], ["incidents", "--json"]] {
        assert_eq!(
            ok(&truce(&file, &args, None), "SQLite"),
            ok(&truce(db.url(), &args, None), "PostgreSQL"),
            "{args:?} identical after the move"
        );
    }
    // The moved workspace goes on: new reports get new ids and entries,
    // its key signs, and the log still verifies.
    let csv = dir.path().join("more.csv").to_string_lossy().into_owned();
    ok(
        &truce(
            db.url(),
            &["gen", "--reports", "200", "--seed", "7", "--out", &csv],
            None,
        ),
        "gen",
    );
    ok(
        &truce(db.url(), &["ingest", &csv], None),
        "ingest after the move",
    );
    let v = ok(&truce(db.url(), &["log", "verify"], None), "log verify");
    assert!(v.contains("The store matches the log"), "{v}");
    // A second move into the same database is refused.
    let again = truce(&file, &["migrate", "--from", &file, "--to", db.url()], None);
    assert_ne!(code(&again), 0);
    assert!(
        stderr(&again).contains("already holds a workspace"),
        "{}",
        stderr(&again)
    );
}
