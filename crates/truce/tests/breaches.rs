//! Regression tests for what an adversarial probe found: a party's liaison,
//! a monitor, the public, a hostile file and a killed process, each against
//! the real binary and a real server. Each test is named after what it found.

mod common;

use common::*;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn staff(s: &Server) -> String {
    s.token("t-monitor").to_string()
}

fn s_json(s: &Server, path: &str, token: Option<&str>) -> Value {
    let r = get(&s.url(path), token);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// Every incident the mission sees, with whether it is published.
fn incidents_with_publication(s: &Server) -> Vec<(String, bool, Vec<i64>)> {
    let t = staff(s);
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let v = s_json(s, &format!("/api/v1/incidents?limit=200{cursor}"), Some(&t));
        for i in v["items"].as_array().expect("items") {
            let id = i["id"].as_str().expect("id").to_string();
            let d = s_json(s, &format!("/api/v1/incidents/{id}"), Some(&t));
            let reports = d["reports"]
                .as_array()
                .expect("reports")
                .iter()
                .filter_map(|r| r["id"].as_i64())
                .collect();
            out.push((id, d["published"].as_bool().expect("published"), reports));
        }
        match v["next"].as_str() {
            Some(n) => cursor = format!("&cursor={n}"),
            None => return out,
        }
    }
}

// 1. A party's liaison could overwrite the other party's report.
on_both!(a_liaison_cannot_supersede_the_other_partys_report);
fn a_liaison_cannot_supersede_the_other_partys_report(b: Backend) {
    let s = Server::demo_on(b);
    let (ua, ru, t) = (s.token("t-ua"), s.token("t-ru"), staff(&s));
    // A report the Russian liaison filed, then changed: its own to change.
    let mine = json!({ "source": "ru-mod-liaison", "external_id": "ru-claim-1", "occurred_at": "2025-03-28",
        "place": "Sudzha", "act": "sabotage", "means": "explosive", "target_class": "energy.gas-metering",
        "perpetrator": "ua", "text": "first version" });
    let r = post_json(&s.url("/api/v1/reports"), Some(ru), &mine);
    assert_eq!(r.json()["accepted"], 1, "{}", r.body);
    let mut changed = mine.clone();
    changed["text"] = json!("second version, by the same party");
    let r = post_json(&s.url("/api/v1/reports"), Some(ru), &changed);
    assert_eq!(r.json()["superseded"], 1, "{}", r.body);

    // The Ukrainian liaison names the same source and external id, with no
    // claimant: refused, with the reason, and the Russian report unchanged.
    let mut forged = mine.clone();
    forged["text"] = json!("overwritten by the other side");
    let r = post_json(&s.url("/api/v1/reports"), Some(ua), &forged);
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["superseded"], 0);
    assert_eq!(v["rejected"], 1);
    let reason = v["rejections"][0]["reason"].as_str().expect("a reason");
    assert!(
        reason.contains("filed by party ru") && reason.contains("only reports filed by party ua"),
        "{reason}"
    );
    let rows = s_json(
        &s,
        "/api/v1/reports?source=ru-mod-liaison&limit=10",
        Some(&t),
    );
    let row = &rows["items"][0];
    assert_eq!(row["claimant"], "ru");
    assert_eq!(row["text"], "second version, by the same party");

    // Nor may the mission's own ingest rewrite a party's report.
    let csv = "source,external_id,occurred_at,text\nru-mod-liaison,ru-claim-1,2025-03-28,the mission's version\n";
    let path = s.dir.path().join("mission.csv");
    std::fs::write(&path, csv).expect("write");
    let out = truce(&s.db, &["ingest", path.to_str().expect("path")], None);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("filed by party ru"));
    // And every refusal is kept for review, once.
    let rej = s_json(&s, "/api/v1/rejections", Some(&t));
    let n = rej
        .as_array()
        .expect("rejections")
        .iter()
        .filter(|r| r["value"] == "ru-claim-1")
        .count();
    assert_eq!(n, 2, "{rej}");
}

// 2. A monitor could publish by merging.
on_both!(a_merge_by_a_monitor_never_makes_unpublished_reports_public);
fn a_merge_by_a_monitor_never_makes_unpublished_reports_public(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let all = incidents_with_publication(&s);
    let published = all
        .iter()
        .find(|(_, p, _)| *p)
        .expect("a published incident");
    let hidden = all
        .iter()
        .find(|(_, p, r)| !*p && !r.is_empty())
        .expect("an unpublished incident");
    for r in &hidden.2 {
        assert_eq!(
            get(&s.url(&format!("/api/v1/reports/{r}")), None).status,
            404
        );
    }
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "merge", "incident": published.0, "incidents": [hidden.0], "reason": "the same event" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let merged = r.json()["incidents"][0]
        .as_str()
        .expect("merged")
        .to_string();
    // The public still sees the published reports and the incident, but
    // none of the reports no adjudicator published.
    for r in &hidden.2 {
        assert_eq!(
            get(&s.url(&format!("/api/v1/reports/{r}")), None).status,
            404,
            "report {r} became public by a merge"
        );
    }
    for r in &published.2 {
        assert_eq!(
            get(&s.url(&format!("/api/v1/reports/{r}")), None).status,
            200
        );
    }
    let public = s_json(&s, &format!("/api/v1/incidents/{merged}"), None);
    let shown: Vec<i64> = public["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(shown.iter().all(|r| published.2.contains(r)), "{shown:?}");
    // Publishing is an adjudicator's decision, and then covers the rest.
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "publish", "incident": merged, "reason": "reviewed" }),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(s.token("t-adj1")),
        &json!({ "action": "publish", "incident": merged, "reason": "reviewed" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    for r in &hidden.2 {
        assert_eq!(
            get(&s.url(&format!("/api/v1/reports/{r}")), None).status,
            200
        );
    }
    let out = truce(&s.db, &["log", "verify"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = truce(&s.db, &["log", "replay"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// 3. The public log endpoint bypassed redaction.
on_both!(the_public_never_reads_a_reports_log_entry_but_can_check_its_leaf);
fn the_public_never_reads_a_reports_log_entry_but_can_check_its_leaf(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let all = incidents_with_publication(&s);
    let (_, _, reports) = all.iter().find(|(_, p, _)| *p).expect("published");
    let report = s_json(&s, &format!("/api/v1/reports/{}", reports[0]), None);
    assert!(report.get("text").is_none(), "the public gets no text");
    let index = s_json(&s, &format!("/api/v1/reports/{}", reports[0]), Some(&t))["log_index"]
        .as_u64()
        .expect("logged");
    let r = get(&s.url(&format!("/api/v1/log/entries/{index}")), None);
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(!r.body.contains("text"), "{}", r.body);
    // The leaf hash comes with the inclusion proof, for anyone.
    let proof = s_json(
        &s,
        &format!("/api/v1/log/proof/inclusion?index={index}"),
        None,
    );
    let leaf = proof["leaf_hash"].as_str().expect("leaf hash").to_string();
    // The mission reads the entry, and it hashes to that leaf; it names the
    // file it came from, never a path on the server.
    let e = s_json(&s, &format!("/api/v1/log/entries/{index}"), Some(&t));
    assert_eq!(e["leaf_hash"], leaf);
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(e["entry"].as_str().expect("entry"))
        .expect("base64");
    let body: Value = serde_json::from_slice(
        &bytes[bytes.iter().position(|&b| b == b'\n').expect("header") + 1..],
    )
    .expect("json");
    let file = body["file"].as_str().expect("file");
    assert!(!file.contains('/'), "a server path on the log: {file}");
    assert!(
        body["salt"].as_str().is_some_and(|s| s.len() == 32),
        "{body}"
    );
    // A party's liaison reads the entry of a published report.
    assert_eq!(
        get(
            &s.url(&format!("/api/v1/log/entries/{index}")),
            Some(s.token("t-ua"))
        )
        .status,
        200
    );
    // Entries of public kinds (the agreement) are public.
    assert_eq!(get(&s.url("/api/v1/log/entries/0"), None).status, 200);
}

// 4. The login limiter trusted X-Forwarded-For.
on_both!(the_login_limiter_believes_forwarded_addresses_only_from_a_trusted_proxy);
fn the_login_limiter_believes_forwarded_addresses_only_from_a_trusted_proxy(b: Backend) {
    let s = Server::demo_on(b);
    let attempt = |name: &str, forwarded: &str| {
        post_form(
            &s.url("/login"),
            None,
            &[("name", name), ("password", "wrong password, long enough")],
            &[("x-forwarded-for", forwarded)],
        )
    };
    // Rotating the header does not help: the peer is the client.
    for i in 0..5 {
        let r = attempt(&format!("nobody-{i}"), &format!("203.0.113.{i}"));
        assert_eq!(r.status, 401, "{}", r.body);
    }
    let r = attempt("nobody-9", "198.51.100.7");
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(r.body.contains("try again"));
    let retry = request(
        "POST",
        &s.url("/login"),
        None,
        Some((
            "application/x-www-form-urlencoded",
            "name=x&password=yyyyyyyyyyyyyy",
        )),
        &[],
    );
    assert_eq!(retry.status, 429);
    drop(s);

    // Behind a configured proxy, each forwarded client has its own limit,
    // and the proxy's own address is not one.
    let s = Server::demo_with_on(b, &["--trusted-proxy", "127.0.0.0/8"]);
    let attempt = |name: &str, forwarded: &str| {
        post_form(
            &s.url("/login"),
            None,
            &[("name", name), ("password", "wrong password, long enough")],
            &[("x-forwarded-for", forwarded)],
        )
        .status
    };
    for i in 0..5 {
        assert_eq!(attempt(&format!("a-{i}"), "203.0.113.5"), 401);
    }
    assert_eq!(attempt("a-9", "203.0.113.5"), 429);
    // Another client behind the same proxy is not locked out; a spoofed
    // hop before the real client does not change who the client is.
    assert_eq!(attempt("b-1", "203.0.113.6"), 401);
    assert_eq!(attempt("b-2", "10.9.9.9, 203.0.113.5"), 429);
}

/// `truce serve` with its standard output and error as pipes we control.
fn serve_piped(db: &str, extra: &[&str], env: &[(&str, &str)]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while stdout.read(&mut b).map(|n| n == 1).unwrap_or(false) && b[0] != b'\n' {
        line.push(b[0]);
    }
    let line = String::from_utf8_lossy(&line).into_owned();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Whoever read the server's output has gone.
    drop(stdout);
    (child, addr)
}

// 5. The server died of SIGPIPE when its output was a closed pipe.
on_both!(the_server_outlives_a_closed_log_pipe_and_clients_that_hang_up);
fn the_server_outlives_a_closed_log_pipe_and_clients_that_hang_up(b: Backend) {
    let s = Server::demo_on(b);
    let (mut child, addr) = serve_piped(&s.db, &[], &[("TRUCE_LOG", "debug")]);
    drop(child.stderr.take());
    for _ in 0..20 {
        let r = get(&format!("http://{addr}/api/v1/incidents?limit=5"), None);
        assert_eq!(r.status, 200);
    }
    // Clients that hang up in the middle of a download.
    for _ in 0..20 {
        let mut c = std::net::TcpStream::connect(&addr).expect("connect");
        write!(
            c,
            "GET /api/v1/reports?format=csv HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\r\n",
            staff(&s)
        )
        .expect("send");
        let mut buf = [0u8; 64];
        let _ = c.read(&mut buf);
        drop(c);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        matches!(child.try_wait(), Ok(None)),
        "the server stopped: {:?}",
        child.try_wait()
    );
    assert_eq!(get(&format!("http://{addr}/healthz"), None).status, 200);
    let _ = child.kill();
    let _ = child.wait();
}

// 6. Idle and trickled-header connections stayed open.
on_both!(idle_and_trickling_connections_are_closed);
fn idle_and_trickling_connections_are_closed(b: Backend) {
    let s = Server::demo_with_on(b, &["--header-timeout", "1"]);
    let addr = s.addr().to_string();
    let closed_within = |c: &mut std::net::TcpStream, limit: Duration| {
        c.set_read_timeout(Some(limit)).expect("timeout");
        let start = Instant::now();
        let mut buf = [0u8; 512];
        loop {
            match c.read(&mut buf) {
                Ok(0) => return Some(start.elapsed()),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    };
    // A connection that never sends a byte.
    let mut idle = std::net::TcpStream::connect(&addr).expect("connect");
    assert!(
        closed_within(&mut idle, Duration::from_secs(5)).is_some(),
        "an idle connection stayed open"
    );
    // One that trickles its headers a byte at a time.
    let mut slow = std::net::TcpStream::connect(&addr).expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").expect("send");
    let start = Instant::now();
    let mut closed = false;
    while start.elapsed() < Duration::from_secs(5) {
        if slow.write_all(b"X").is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        slow.set_nonblocking(true).expect("nonblocking");
        let mut b = [0u8; 64];
        let gone = matches!(slow.read(&mut b), Ok(0));
        slow.set_nonblocking(false).expect("blocking");
        if gone {
            closed = true;
            break;
        }
    }
    assert!(closed, "a trickling client kept its connection for 5 s");
    // A kept-alive connection left idle after a response is closed too.
    let mut kept = std::net::TcpStream::connect(&addr).expect("connect");
    write!(kept, "GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    assert!(closed_within(&mut kept, Duration::from_secs(5)).is_some());
    // And the server still serves.
    assert_eq!(get(&s.url("/healthz"), None).status, 200);
}

// 17. The API answered 500 or accepted what it should refuse.
on_both!(the_api_refuses_bad_requests_in_words);
fn the_api_refuses_bad_requests_in_words(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let r = get(&s.url("/api/v1/log/proof/consistency?old=0"), None);
    assert_eq!(r.status, 400, "{}", r.body);
    for path in [
        "/api/v1/incidents?limit=0",
        "/api/v1/findings?limit=0",
        "/api/v1/reports?limit=0",
        "/api/v1/decisions?limit=0",
        "/api/v1/incidents?limit=1001",
    ] {
        let r = get(&s.url(path), None);
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(r.json()["error"].as_str().expect("error").contains("limit"));
    }
    // Forms about incidents that do not exist are refused, and write nothing.
    let (cookie, csrf) = sign_in(&s, "t-monitor");
    for id in ["I-000000000000", "I-x%0D%0ASet-Cookie:%20a=b"] {
        let r = post_form(
            &s.url(&format!("/incidents/{id}/decide")),
            Some(&cookie),
            &[("csrf", &csrf), ("action", "note"), ("note", "orphan")],
            &[],
        );
        assert_eq!(r.status, 404, "{id}: {}", r.body);
        let r = post_form(
            &s.url(&format!("/incidents/{id}/assign")),
            Some(&cookie),
            &[("csrf", &csrf)],
            &[],
        );
        assert_eq!(r.status, 404, "{id}: {}", r.body);
    }
    assert_eq!(
        s.count("SELECT COUNT(*) FROM notes WHERE text = 'orphan'"),
        0
    );
    let _ = t;
}

// ---------------------------------------------------------------------------
// The record's integrity, through the command line.

fn agreement_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../agreements/partial-truce-2025.toml")
}

/// A fresh workspace: files in a temporary folder, the store there (SQLite)
/// or in a database of its own (PostgreSQL).
struct Ws {
    dir: tempfile::TempDir,
    db: String,
    pg: Option<truce_store_pg::testing::TestDb>,
}

impl Ws {
    /// An empty folder and where its store will be; nothing made yet.
    fn bare(b: Backend) -> Ws {
        let (dir, db, pg) = common::store_place(b);
        Ws { dir, db, pg }
    }
    fn on(b: Backend) -> Ws {
        let w = Ws::bare(b);
        w.ok(&[
            "init",
            "--agreement",
            agreement_path().to_str().expect("path"),
        ]);
        w
    }
    fn db(&self) -> String {
        self.db.clone()
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_truce"));
        c.args(args)
            .env("TRUCE_DB", self.db())
            .current_dir(self.dir.path());
        c
    }
    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd(args).output().expect("run truce")
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
    fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.path(name), text).expect("write");
        self.path(name)
    }
    fn generate(&self, name: &str, n: usize, seed: u64) -> String {
        let p = self.path(name);
        self.ok(&[
            "gen",
            "--reports",
            &n.to_string(),
            "--seed",
            &seed.to_string(),
            "-o",
            &p,
        ]);
        p
    }
    fn sql(&self, sql: &str) {
        if self.pg.is_some() {
            postgres::Client::connect(&self.db, postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .unwrap_or_else(|e| panic!("{sql}: {}", pg_error(&e)));
        } else {
            rusqlite::Connection::open(self.db())
                .and_then(|c| c.execute_batch(sql))
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
    fn count(&self, sql: &str) -> i64 {
        if self.pg.is_some() {
            let sql = format!("SELECT ({sql})::bigint");
            postgres::Client::connect(&self.db, postgres::NoTls)
                .and_then(|mut c| c.query_one(&sql, &[]))
                .map(|r| r.get::<_, i64>(0))
                .unwrap_or_else(|e| panic!("{sql}: {}", pg_error(&e)))
        } else {
            rusqlite::Connection::open(self.db())
                .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        }
    }
    /// A copy of this workspace (database and log key) in another folder.
    fn copy(&self) -> Ws {
        let w = Ws::bare(Backend::Sqlite);
        rusqlite::Connection::open(self.db())
            .and_then(|c| c.execute("VACUUM INTO ?1", [w.db()]))
            .expect("copy the database");
        std::fs::copy(
            format!("{}.logkey", self.db()),
            format!("{}.logkey", w.db()),
        )
        .expect("copy the key");
        w
    }
    fn verify(&self, extra: &[&str]) -> (bool, String) {
        let mut args = vec!["log", "verify"];
        args.extend(extra);
        let out = self.run(&args);
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }
}

/// The demo workspace, kept.
fn demo_ws() -> Ws {
    let w = Ws::bare(Backend::Sqlite);
    let out = w.run(&["demo", "--no-serve", "--out", &w.db()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    w
}

// 7. Projections were not checked against the log.
// SQLite-only: each case tampers with a copy of the demo made with SQLite's
// VACUUM INTO and its `.logkey` file.
#[test]
fn verify_names_every_row_that_differs_from_the_log() {
    let demo = demo_ws();
    let (ok, text) = demo.verify(&[]);
    assert!(ok, "{text}");
    assert!(text.contains("The store matches the log"), "{text}");
    let cases: [(&str, &str); 10] = [
        (
            "UPDATE reports SET text = 'rewritten' WHERE id = 3",
            "report 3 (",
        ),
        (
            "UPDATE reports SET lat = lat + 0.1 WHERE id = 4 AND lat IS NOT NULL",
            "report 4 (",
        ),
        (
            "UPDATE reports SET act = 'other' WHERE id = 5",
            "its act differs",
        ),
        (
            "UPDATE reports SET fingerprint = zeroblob(32) WHERE id = 6",
            // SQLite: the row now holds its own fingerprint, file and line
            // (words.rs), so all three are compared.
            "its fingerprint",
        ),
        (
            "DELETE FROM reports WHERE id = 7",
            "which has no row in the store",
        ),
        (
            "DELETE FROM publications WHERE incident_id = (SELECT incident_id FROM publications LIMIT 1)",
            "is not listed as published",
        ),
        (
            "DELETE FROM published_reports WHERE report_id = (SELECT report_id FROM published_reports LIMIT 1)",
            "does not show it as published",
        ),
        (
            "UPDATE decisions SET reason = 'changed' WHERE id = 1",
            "its reason differs",
        ),
        (
            "DELETE FROM decisions WHERE id = 2",
            "has no row in the store",
        ),
        (
            "UPDATE verdicts SET status = 'rejected'",
            "the store says rejected",
        ),
    ];
    for (sql, expect) in cases {
        let w = demo.copy();
        w.sql(sql);
        let (ok, text) = w.verify(&[]);
        assert!(!ok, "verify passed after {sql}");
        assert!(text.contains(expect), "after {sql}: {text}");
    }
}

// 8. Cutting the log's tail with its checkpoints passed verify.
on_both!(a_truncated_log_is_found_by_whoever_holds_a_checkpoint);
fn a_truncated_log_is_found_by_whoever_holds_a_checkpoint(b: Backend) {
    let w = Ws::on(b);
    let first = w.generate("a.csv", 300, 1);
    w.ok(&["ingest", &first]);
    w.ok(&["keys", "generate", "--name", "ua-mfa"]);
    let kept = w.path("ua-kept");
    w.ok(&["log", "cosign", "--key", "ua-mfa.key", "--keep", &kept]);
    let cosigned = w.count("SELECT MAX(size) FROM log_checkpoints");
    // The log grows, and the party cosigns again: it only grew.
    let second = w.generate("b.csv", 200, 2);
    w.ok(&["ingest", &second]);
    w.ok(&["log", "cosign", "--key", "ua-mfa.key", "--keep", &kept]);
    assert_eq!(std::fs::read_dir(&kept).expect("kept").count(), 2);
    let (ok, text) = w.verify(&["--checkpoint", &kept]);
    assert!(ok, "{text}");
    // An operator cuts the tail: entries, hashes, checkpoints, cosignatures
    // and the rows, so that what is left is consistent in itself.
    let cut = cosigned - 50;
    w.sql(&format!(
        "DELETE FROM log_entries WHERE idx >= {cut};
         DELETE FROM log_nodes WHERE (idx + 1) * (CAST(1 AS BIGINT) << CAST(level AS INTEGER)) > {cut};
         DELETE FROM log_checkpoints WHERE size > {cut};
         DELETE FROM log_cosignatures;
         DELETE FROM incident_reports WHERE report_id IN (SELECT id FROM reports WHERE log_index >= {cut});
         DELETE FROM reports WHERE log_index >= {cut};"
    ));
    let (ok, text) = w.verify(&[]);
    assert!(ok, "alone, the cut log is consistent: {text}");
    // Whoever holds a checkpoint finds it.
    let (ok, text) = w.verify(&["--checkpoint", &kept]);
    assert!(!ok);
    assert!(text.contains("truncated"), "{text}");
    // And the party will not cosign the shorter log.
    let out = w.run(&["log", "cosign", "--key", "ua-mfa.key", "--keep", &kept]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("truncated"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// 9. A kill between commit and evaluation left reports unevaluated forever.
on_both!(reports_stored_but_not_evaluated_are_evaluated_by_the_next_run);
fn reports_stored_but_not_evaluated_are_evaluated_by_the_next_run(backend: Backend) {
    let w = Ws::on(backend);
    let a = w.generate("a.csv", 2000, 3);
    w.ok(&["ingest", &a]);
    let b = w.generate("b.csv", 1500, 4);
    // The state a kill after commit and before evaluation leaves.
    w.ok(&["ingest", "--no-evaluate", &b]);
    let outside = "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS \
                   (SELECT 1 FROM incident_reports x WHERE x.report_id = r.id)";
    assert!(w.count(outside) > 0);
    // Ingesting the same file again: all duplicates, but the waiting
    // reports are noticed and evaluated.
    let out = w.run(&["ingest", &b]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 accepted"));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("had not been evaluated"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(w.count(outside), 0);
    // And a real kill in the middle of an ingest.
    let c = w.generate("c.csv", 60_000, 5);
    let mut child = w
        .cmd(&["ingest", &c])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ingest");
    let start = Instant::now();
    while w.count("SELECT COUNT(*) FROM reports") < 3500 + 8192
        && start.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    w.ok(&["ingest", &c]);
    assert_eq!(w.count(outside), 0);
    assert_eq!(w.count("SELECT COUNT(*) FROM reports"), 63_500);
    let (ok, text) = w.verify(&[]);
    assert!(ok, "{text}");
}

// 10. An extra column had no length limit; the log could not be exported.
on_both!(an_overlong_row_is_rejected_and_the_log_still_exports);
fn an_overlong_row_is_rejected_and_the_log_still_exports(b: Backend) {
    let w = Ws::on(b);
    let big = "x".repeat(1_000_000);
    let many: Vec<String> = (0..40).map(|i| format!("extra{i}")).collect();
    let values: Vec<String> = (0..40).map(|_| "y".repeat(1_900)).collect();
    let text = format!(
        "source,external_id,occurred_at,note,{}\n\
         a,1,2025-04-01,short,{}\n\
         a,2,2025-04-01,{big},{}\n\
         a,3,2025-04-01,fine,{}\n",
        many.join(","),
        vec![""; 40].join(","),
        vec![""; 40].join(","),
        values.join(","),
    );
    let f = w.write("big.csv", &text);
    let out = w.run(&["ingest", "--json", &f]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["accepted"], 1);
    assert_eq!(v["rejected"], 2);
    let rej: Value = serde_json::from_str(&w.ok(&["rejections", "--json"])).expect("json");
    let lines: Vec<u64> = rej
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(lines, vec![3, 4], "{rej}");
    assert!(rej.to_string().contains("at most 65535 bytes"), "{rej}");
    // What is kept of a rejected row is bounded.
    assert!(w.count("SELECT MAX(LENGTH(raw)) FROM rejections") < 2_000);
    let export = w.path("mirror");
    w.ok(&["log", "export", &export]);
}

// 11. Concurrent ingests clashed on the log's index.
on_both!(two_ingests_at_once_both_finish_and_the_log_verifies);
fn two_ingests_at_once_both_finish_and_the_log_verifies(backend: Backend) {
    for trial in 0..3u64 {
        let w = Ws::on(backend);
        let a = w.generate("a.csv", 20_000, 10 + trial);
        let b = w.generate("b.csv", 20_000, 20 + trial);
        let spawn = |f: &str| {
            w.cmd(&["ingest", "--json", f])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("ingest")
        };
        let (x, y) = (spawn(&a), spawn(&b));
        for child in [x, y] {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(w.count("SELECT COUNT(*) FROM reports"), 40_000);
        let outside = "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS \
                       (SELECT 1 FROM incident_reports x WHERE x.report_id = r.id)";
        assert_eq!(w.count(outside), 0, "trial {trial}: every report evaluated");
        let (ok, text) = w.verify(&[]);
        assert!(ok, "trial {trial}: {text}");
    }
}

// 12. A multi-file ingest stored the first file's rows, then exited 1.
on_both!(a_bad_header_in_a_later_file_stores_nothing);
fn a_bad_header_in_a_later_file_stores_nothing(b: Backend) {
    let w = Ws::on(b);
    let good = w.generate("good.csv", 50, 1);
    let bad = w.write("noid.csv", "source,occurred_at\na,2025-04-01\n");
    let out = w.run(&["ingest", &good, &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("noid.csv: line 1: the header matches no format")
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM reports"), 0);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM log_entries WHERE kind = 'report'"),
        0
    );
}

// 13, 14. One huge field lost the file; an unclosed quote swallowed good rows.
on_both!(a_huge_field_or_an_unclosed_quote_costs_one_row_not_the_file);
fn a_huge_field_or_an_unclosed_quote_costs_one_row_not_the_file(b: Backend) {
    let w = Ws::on(b);
    let huge = "z".repeat(30 * 1024 * 1024);
    let text = format!(
        "source,external_id,occurred_at,text\n\
         a,1,2025-04-01,good\n\
         a,2,2025-04-01,{huge}\n\
         a,3,2025-04-01,\"never closed\n\
         a,4,2025-04-01,good\n\
         a,5,2025-04-01,good\n"
    );
    let f = w.write("hostile.csv", &text);
    let out = w.run(&["ingest", "--json", &f]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["accepted"], 3, "{v}");
    assert_eq!(v["rejected"], 2, "{v}");
    let rej: Value = serde_json::from_str(&w.ok(&["rejections", "--json"])).expect("json");
    let lines: Vec<u64> = rej
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(lines, vec![3, 4], "{rej}");
    // JSON Lines: a byte-order mark is not an error; NUL is.
    let j = w.write(
        "nul.jsonl",
        "\u{feff}{\"source\":\"b\",\"external_id\":\"1\",\"occurred_at\":\"2025-04-01\"}\n\
         {\"source\":\"b\\u0000\",\"external_id\":\"2\",\"occurred_at\":\"2025-04-01\"}\n",
    );
    let out = w.run(&["ingest", "--json", &j]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["accepted"].as_u64(), v["rejected"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
}

// 15. CSV from a pipe always failed.
on_both!(reports_can_come_from_standard_input_or_a_pipe);
fn reports_can_come_from_standard_input_or_a_pipe(b: Backend) {
    let w = Ws::on(b);
    let f = w.generate("g.csv", 40, 6);
    let text = std::fs::read_to_string(&f).expect("read");
    let mut child = w
        .cmd(&["ingest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ingest -");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["accepted"], 40);
    // A named pipe, as `<(cat file)` gives, is read once, header and all.
    let fifo = w.path("reports.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        let more = w.generate("h.csv", 30, 7);
        std::thread::spawn(move || {
            let data = std::fs::read(more).expect("read");
            std::fs::OpenOptions::new()
                .write(true)
                .open(&fifo)
                .and_then(|mut p| p.write_all(&data))
                .expect("write the pipe");
        })
    };
    let out = w.run(&["ingest", "--json", &fifo]);
    writer.join().expect("writer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["accepted"], 30);
}

// 16. Each re-ingest stored its rejections again.
on_both!(rejections_are_kept_once_however_often_a_file_is_read);
fn rejections_are_kept_once_however_often_a_file_is_read(b: Backend) {
    let w = Ws::on(b);
    let f = w.write(
        "bad.csv",
        "source,external_id,occurred_at\na,1,not a date\na,2,2025-04-01T10:00:00+25:00\na,3,2025-04-01\n",
    );
    for _ in 0..3 {
        let out = w.run(&["ingest", &f]);
        assert_eq!(out.status.code(), Some(3));
    }
    assert_eq!(w.count("SELECT COUNT(*) FROM rejections"), 2);
}

// A status banner could be written by anyone: pages showed the text of a
// `?msg=` query, so a link could put any words in the mission's green box.
on_both!(status_messages_come_from_the_server_never_from_the_url);
fn status_messages_come_from_the_server_never_from_the_url(b: Backend) {
    let s = Server::demo_on(b);
    // A published incident, so that the public sees its page too.
    let items = s_json(&s, "/api/v1/incidents?limit=1", None);
    let id = items["items"][0]["id"]
        .as_str()
        .expect("an incident")
        .to_string();
    let (cookie, csrf) = sign_in(&s, "t-monitor");
    let spoof = "Ceasefire%20suspended%20by%20the%20mission";
    for who in [None, Some(cookie.as_str())] {
        let r = get(&s.url(&format!("/incidents/{id}?msg={spoof}")), who);
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(!r.body.contains("Ceasefire suspended"), "{who:?}");
    }
    // The statement review pages too (they once carried their message in
    // the address after a review).
    let cands = s_json(&s, "/api/v1/statements/candidates?limit=1", Some(&cookie));
    let cand = cands
        .as_array()
        .and_then(|a| a.first())
        .or_else(|| cands["items"].as_array().and_then(|a| a.first()))
        .and_then(|c| c["candidate"]["id"].as_i64().or_else(|| c["id"].as_i64()))
        .expect("a candidate in the demo");
    for path in [
        format!("/review/statements?msg={spoof}"),
        format!("/review/statements?status=pending&msg={spoof}"),
        format!("/review/statements/{cand}?msg={spoof}"),
    ] {
        let r = get(&s.url(&path), Some(&cookie));
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(!r.body.contains("Ceasefire suspended"), "{path}");
    }
    // A note: the redirect carries no message; a cookie does, shown once.
    let r = post_form(
        &s.url(&format!("/incidents/{id}/decide")),
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("action", "note"),
            ("note", "seen on site"),
        ],
        &[],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let to = r.location.clone().expect("a redirect");
    assert!(!to.contains("msg"), "{to}");
    let flash = r.cookie("truce_flash").expect("a flash cookie");
    let both = format!("{cookie}; {flash}");
    let page = get(&s.url(&to), Some(&both));
    assert!(page.body.contains("Note added"), "{}", page.body);
    assert!(
        page.set_cookie
            .iter()
            .any(|c| c.starts_with("truce_flash=;")),
        "shown once, then cleared: {:?}",
        page.set_cookie
    );
    // The same cookie means nothing to another session, nor when its text
    // is changed.
    let (other, _) = sign_in(&s, "t-adj1");
    let page = get(&s.url(&to), Some(&format!("{other}; {flash}")));
    assert!(!page.body.contains("Note added"));
    let (body, mac) = flash["truce_flash=".len()..]
        .split_once('.')
        .expect("body.mac");
    assert!(!body.is_empty() && mac.len() == 64);
    use base64::Engine;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("Ceasefire suspended");
    let page = get(
        &s.url(&to),
        Some(&format!("{cookie}; truce_flash={forged}.{mac}")),
    );
    assert!(!page.body.contains("Ceasefire suspended"));
}
