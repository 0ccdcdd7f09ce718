//! Crash trials: processes killed with SIGKILL at seeded random moments
//! during ingest, incremental evaluation, review decisions and serving under
//! load, on SQLite and on PostgreSQL. After every kill the log verifies;
//! after the interrupted work is run again, nothing is lost or duplicated and
//! the projections rebuilt from the log equal the store (`truce log replay`).
//!
//! `TRUCE_CRASH_TRIALS=N` runs N trials of each kind (by default a few, ten
//! in all per backend); `scripts/crash-trials` runs a hundred per backend.
//! Each test prints one line `crash trials: KIND on BACKEND: C clean / T ...`
//! and fails if any trial was not clean, or if too few kills landed while
//! the work was under way (a trial that kills only before or after the work
//! proves nothing).

mod common;

use common::{Backend, Server, Workspace, code, stderr, stdout, store_count, store_rows, truce};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Trials of one kind: `TRUCE_CRASH_TRIALS`, or the kind's share of the ten
/// CI runs per backend.
fn trials(default: usize) -> usize {
    std::env::var("TRUCE_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(default)
}

/// A tiny deterministic generator for kill moments (seeded per kind and
/// backend, so a failing trial can be run again).
struct Lcg(u64);
impl Lcg {
    fn new(kind: u64, b: Backend) -> Lcg {
        let seed = std::env::var("TRUCE_CRASH_SEED")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(2026u64);
        Lcg(seed ^ (kind << 8) ^ if b == Backend::Postgres { 0x55 } else { 0 })
    }
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// The tally of one kind's trials: printed for `scripts/crash-trials`, then
/// held to "every trial clean, enough kills mid-work".
struct Tally {
    kind: &'static str,
    backend: Backend,
    total: usize,
    clean: usize,
    mid_work: usize,
    failures: Vec<String>,
    started: Instant,
}

impl Tally {
    fn new(kind: &'static str, backend: Backend) -> Tally {
        Tally {
            kind,
            backend,
            total: 0,
            clean: 0,
            mid_work: 0,
            failures: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Records one trial: `Ok(true)` clean and killed mid-work, `Ok(false)`
    /// clean but killed before or after the work, `Err` what went wrong.
    fn record(&mut self, trial: usize, started: Instant, r: Result<bool, String>) {
        self.total += 1;
        match r {
            Ok(mid) => {
                self.clean += 1;
                self.mid_work += usize::from(mid);
                eprintln!(
                    "crash trial {} {trial} on {}: clean, {} in {:.1} s",
                    self.kind,
                    backend_name(self.backend),
                    if mid {
                        "killed mid-work"
                    } else {
                        "killed before or after the work"
                    },
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                eprintln!(
                    "crash trial {} {trial} on {}: {e}",
                    self.kind,
                    backend_name(self.backend)
                );
                self.failures.push(format!("trial {trial}: {e}"));
            }
        }
    }

    /// Prints the line the script collects and fails unless every trial
    /// was clean and at least a third of the kills landed mid-work.
    fn finish(self) {
        eprintln!(
            "crash trials: {} on {}: {} clean / {} ({} killed mid-work) in {:.1} s",
            self.kind,
            backend_name(self.backend),
            self.clean,
            self.total,
            self.mid_work,
            self.started.elapsed().as_secs_f64()
        );
        assert!(
            self.failures.is_empty(),
            "{} of {} {} trials on {} were not clean:\n{}",
            self.failures.len(),
            self.total,
            self.kind,
            backend_name(self.backend),
            self.failures.join("\n")
        );
        let needed = self.total.div_ceil(3);
        assert!(
            self.mid_work >= needed,
            "only {} of {} kills landed mid-work ({} needed); the kill moments need tuning",
            self.mid_work,
            self.total,
            needed
        );
    }
}

/// Fails the trial (not the test) with what was found.
macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn count(db: &str, sql: &str) -> Result<i64, String> {
    store_count(db, sql)
}

/// `truce log verify` on the workspace: every entry, hash and checkpoint,
/// and the tables against the log.
fn verify(db: &str, when: &str) -> Result<(), String> {
    let out = truce(db, &["log", "verify"], None);
    check!(
        out.status.success(),
        "log verify {when} failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    Ok(())
}

/// `truce log replay`: the projections rebuilt from the log alone give the
/// stored findings.
fn replay(db: &str, when: &str) -> Result<(), String> {
    let out = truce(db, &["log", "replay"], None);
    check!(
        out.status.success(),
        "log replay {when} failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    Ok(())
}

/// Reports stored but not yet placed by an evaluation.
fn pending(db: &str) -> Result<i64, String> {
    count(
        db,
        "SELECT COUNT(*) FROM reports WHERE log_index >= \
         COALESCE((SELECT log_size FROM evaluations ORDER BY id DESC LIMIT 1), 0)",
    )
}

/// Every stored report has its own log entry, and every report entry its
/// report: reports and entries are written in one transaction.
fn reports_match_entries(db: &str) -> Result<i64, String> {
    let reports = count(db, "SELECT COUNT(*) FROM reports")?;
    let entries = count(db, "SELECT COUNT(*) FROM log_entries WHERE kind = 'report'")?;
    check!(
        reports == entries,
        "{reports} reports but {entries} report entries on the log"
    );
    let orphans = count(
        db,
        "SELECT COUNT(*) FROM reports r LEFT JOIN log_entries e ON e.idx = r.log_index \
         WHERE e.idx IS NULL OR e.kind <> 'report'",
    )?;
    check!(orphans == 0, "{orphans} reports point to no report entry");
    Ok(reports)
}

/// Waits up to `limit` for `done`; whether it came.
fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

fn gen_file(w: &Workspace, name: &str, rows: usize, seed: u64) -> String {
    let out = w.truce(&[
        "gen",
        "--reports",
        &rows.to_string(),
        "--seed",
        &seed.to_string(),
        "-o",
        name,
    ]);
    assert_eq!(code(&out), 0, "gen: {}", stderr(&out));
    w.dir.path().join(name).to_string_lossy().into_owned()
}

/// `truce ingest FILE --json` run again after a kill: what it accepted and
/// counted as duplicates.
fn reingest(w: &Workspace, file: &str) -> Result<(u64, u64), String> {
    let out = w.truce(&["ingest", file, "--json"]);
    check!(
        code(&out) == 0,
        "ingest again failed ({}): {}",
        code(&out),
        stderr(&out)
    );
    let s: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("ingest --json is not JSON ({e}): {}", stdout(&out)))?;
    Ok((
        s["accepted"].as_u64().unwrap_or(u64::MAX),
        s["duplicates"].as_u64().unwrap_or(u64::MAX),
    ))
}

fn spawn_ingest(w: &Workspace, file: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["ingest", file])
        .env("TRUCE_DB", w.db())
        .current_dir(w.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start truce ingest")
}

// 1. Ingest ---------------------------------------------------------------

/// Rows a killed ingest is given.
const INGEST_ROWS: u64 = 2_000;
/// A fresh workspace after this many trials, so that the checks after each
/// kill stay quick however many trials run.
const INGEST_PER_WORKSPACE: usize = 5;

on_both!(a_killed_ingest_loses_and_duplicates_nothing);
fn a_killed_ingest_loses_and_duplicates_nothing(b: Backend) {
    let mut w = Workspace::on(b);
    let mut rng = Lcg::new(1, b);
    let mut tally = Tally::new("ingest", b);
    // Kill moments are spread over how long a whole ingest takes here.
    let calibration = gen_file(&w, "calibration.csv", INGEST_ROWS as usize, 99);
    let t = Instant::now();
    let out = w.truce(&["ingest", &calibration]);
    assert_eq!(code(&out), 0, "ingest: {}", stderr(&out));
    let full_ms = t.elapsed().as_millis().max(50) as u64;
    for trial in 0..trials(3) {
        let t0 = Instant::now();
        if trial > 0 && trial % INGEST_PER_WORKSPACE == 0 {
            w = Workspace::on(b);
        }
        let file = gen_file(
            &w,
            &format!("t{trial}.csv"),
            INGEST_ROWS as usize,
            100 + trial as u64,
        );
        let r = ingest_trial(&w, &file, trial, full_ms, &mut rng);
        tally.record(trial, t0, r);
    }
    tally.finish();
}

/// Chunks a streamed ingest is fed in, and the pause between them (longer
/// than the wait after which a batch is committed, so each is a batch).
const STREAM_CHUNKS: usize = 5;
const STREAM_PAUSE: Duration = Duration::from_millis(150);

fn ingest_trial(
    w: &Workspace,
    file: &str,
    trial: usize,
    full_ms: u64,
    rng: &mut Lcg,
) -> Result<bool, String> {
    let db = &w.db();
    let before = count(db, "SELECT COUNT(*) FROM reports")?;
    let mut child;
    if trial % 3 == 2 {
        // `truce ingest FILE` killed at any moment, start-up and evaluation
        // included.
        child = spawn_ingest(w, file);
        std::thread::sleep(Duration::from_millis(rng.next(full_ms + full_ms / 4)));
    } else {
        // The file streamed through standard input as it would come from a
        // feed, a batch at a time; killed after the first batch is
        // committed, so mid-ingest.
        child = std::process::Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["ingest", "-"])
            .env("TRUCE_DB", db)
            .current_dir(w.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start truce ingest");
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default().to_string();
        let rows: Vec<String> = lines.map(str::to_string).collect();
        let mut stdin = child.stdin.take().expect("stdin");
        std::thread::spawn(move || {
            use std::io::Write;
            // A broken pipe once the process is killed ends the feed.
            let _ = writeln!(stdin, "{header}");
            for chunk in rows.chunks(rows.len().div_ceil(STREAM_CHUNKS).max(1)) {
                if writeln!(stdin, "{}", chunk.join("\n"))
                    .and_then(|_| stdin.flush())
                    .is_err()
                {
                    return;
                }
                std::thread::sleep(STREAM_PAUSE);
            }
        });
        wait_until(Duration::from_secs(60), || {
            count(db, "SELECT COUNT(*) FROM reports").is_ok_and(|n| n > before)
        });
        let span = STREAM_PAUSE.as_millis() as u64 * (STREAM_CHUNKS as u64 - 1);
        std::thread::sleep(Duration::from_millis(rng.next(span)));
    }
    let _ = child.kill();
    let _ = child.wait();

    verify(db, "after the kill")?;
    let stored = (reports_match_entries(db)? - before) as u64;
    let (accepted, duplicates) = reingest(w, file)?;
    check!(
        accepted == INGEST_ROWS - stored && duplicates == stored,
        "the killed run stored {stored} of {INGEST_ROWS}; ingesting again accepted {accepted} \
         and found {duplicates} duplicates"
    );
    check!(
        reports_match_entries(db)? - before == INGEST_ROWS as i64,
        "not every row is stored once"
    );
    verify(db, "after ingesting again")?;
    replay(db, "after ingesting again")?;
    Ok(stored > 0 && stored < INGEST_ROWS)
}

// 2. Incremental evaluation ----------------------------------------------

/// Reports the workspace holds before the trials, and the batch each trial
/// places into it.
const BASE_ROWS: usize = 4_000;
const BATCH_ROWS: u64 = 200;

on_both!(a_killed_placement_is_finished_by_the_next_run);
fn a_killed_placement_is_finished_by_the_next_run(b: Backend) {
    let w = Workspace::on(b);
    let db = w.db();
    let mut rng = Lcg::new(2, b);
    let mut tally = Tally::new("evaluation", b);
    let base = gen_file(&w, "base.csv", BASE_ROWS, 7);
    let out = w.truce(&["ingest", &base]);
    assert_eq!(code(&out), 0, "ingest: {}", stderr(&out));
    // How long a small batch takes here from the moment it is seen stored
    // to the end of the run (placement, mostly).
    let calibration = gen_file(&w, "calibration.csv", BATCH_ROWS as usize, 8);
    let before = w.count("SELECT COUNT(*) FROM reports");
    let mut child = spawn_ingest(&w, &calibration);
    wait_until(Duration::from_secs(60), || {
        count(&db, "SELECT COUNT(*) FROM reports").is_ok_and(|n| n > before)
    });
    let t = Instant::now();
    let status = child.wait().expect("wait for truce ingest");
    assert!(status.success(), "ingest: {status}");
    let place_ms = t.elapsed().as_millis().max(20) as u64;
    for trial in 0..trials(3) {
        let t0 = Instant::now();
        let file = gen_file(
            &w,
            &format!("t{trial}.csv"),
            BATCH_ROWS as usize,
            200 + trial as u64,
        );
        let r = placement_trial(&w, &db, &file, place_ms, &mut rng);
        tally.record(trial, t0, r);
    }
    tally.finish();
}

fn placement_trial(
    w: &Workspace,
    db: &str,
    file: &str,
    place_ms: u64,
    rng: &mut Lcg,
) -> Result<bool, String> {
    let before = count(db, "SELECT COUNT(*) FROM reports")?;
    let mut child = spawn_ingest(w, file);
    // Once the batch is stored, placement runs: kill somewhere in it.
    wait_until(Duration::from_secs(60), || {
        count(db, "SELECT COUNT(*) FROM reports").is_ok_and(|n| n > before)
    });
    std::thread::sleep(Duration::from_millis(rng.next(place_ms)));
    let _ = child.kill();
    let _ = child.wait();

    verify(db, "after the kill")?;
    let stored = (reports_match_entries(db)? - before) as u64;
    let waiting = pending(db)?;
    // The next run places what was left, and stores what was not stored.
    let (accepted, duplicates) = reingest(w, file)?;
    check!(
        accepted == BATCH_ROWS - stored && duplicates == stored,
        "the killed run stored {stored} of {BATCH_ROWS}; ingesting again accepted {accepted} \
         and found {duplicates} duplicates"
    );
    let left = pending(db)?;
    check!(
        left == 0,
        "{left} reports are still not placed after the next run"
    );
    verify(db, "after the next run")?;
    replay(db, "after the next run")?;
    Ok(waiting > 0)
}

// HTTP for trials: a refused or cut connection is an answer too ---------

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Who sends a request: an API token, or a signed-in session (its cookie
/// and CSRF token) posting the page's form.
#[derive(Clone)]
enum Client {
    Token(String),
    Session { cookie: String, csrf: String },
}

/// One request; `None` when no answer came (the server was killed).
fn call(
    a: &ureq::Agent,
    method: &str,
    url: &str,
    who: &Client,
    body: Option<&Value>,
) -> Option<(u16, String)> {
    let mut b = ureq::http::Request::builder().method(method).uri(url);
    let data = match who {
        Client::Token(t) => {
            b = b.header("authorization", format!("Bearer {t}"));
            body.map(|v| v.to_string())
        }
        Client::Session { cookie, csrf } => {
            b = b.header("cookie", cookie.trim_start_matches("cookie:"));
            // A form: the JSON object's fields, and the CSRF token.
            body.map(|v| {
                let mut pairs = vec![format!("csrf={}", common::enc(csrf))];
                for (k, x) in v.as_object().into_iter().flatten() {
                    let x = x
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string());
                    pairs.push(format!("{}={}", common::enc(k), common::enc(&x)));
                }
                pairs.join("&")
            })
        }
    };
    if data.is_some() {
        b = b.header(
            "content-type",
            match who {
                Client::Token(_) => "application/json",
                Client::Session { .. } => "application/x-www-form-urlencoded",
            },
        );
    }
    let req = b.body(data.unwrap_or_default()).ok()?;
    let mut r = a.run(req).ok()?;
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().ok()?;
    Some((status, text))
}

fn token(s: &Server, name: &str) -> Client {
    Client::Token(s.token(name).to_string())
}

/// Waits until the first answer came, then kills the server a random moment
/// later; `stop` tells the clients to end.
fn kill_after_first(s: &mut Server, answered: &Mutex<usize>, stop: &AtomicBool, delay_ms: u64) {
    wait_until(Duration::from_secs(60), || {
        answered.lock().map(|n| *n > 0).unwrap_or(true)
    });
    std::thread::sleep(Duration::from_millis(delay_ms));
    s.stop();
    stop.store(true, Ordering::SeqCst);
}

// 3. Review decisions ----------------------------------------------------

/// Findings both adjudicators confirm in one trial.
const VOTED: usize = 8;

/// An open finding and its incident (the form posts to the incident).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Open {
    finding: String,
    incident: String,
}

/// The two adjudicators: the first votes through the API, the second
/// through the incident page's form (signed in again after each restart).
fn voters(s: &Server) -> [(&'static str, Client); 2] {
    let (cookie, csrf) = common::sign_in(s, "t-adj2");
    [
        ("t-adj1", token(s, "t-adj1")),
        ("t-adj2", Client::Session { cookie, csrf }),
    ]
}

/// A vote as sent: its address, body and the status that means "taken".
fn vote(s_base: &str, f: &Open, who: &str, client: &Client) -> (String, Value, u16) {
    let body = json!({ "action": "confirm", "finding": f.finding, "reason": format!("{who}: imagery matches") });
    match client {
        Client::Token(_) => (format!("{s_base}/api/v1/decisions"), body, 200),
        Client::Session { .. } => (
            format!("{s_base}/incidents/{}/decide", f.incident),
            body,
            303,
        ),
    }
}

on_both!(a_killed_server_keeps_every_acknowledged_decision_once);
fn a_killed_server_keeps_every_acknowledged_decision_once(b: Backend) {
    let mut s = Server::demo_on(b);
    let mut rng = Lcg::new(3, b);
    let mut tally = Tally::new("review", b);
    let a = agent();
    let n = trials(2);
    // The demo's findings and more, so that each trial votes on its own.
    let file = s.dir.path().join("more.csv").to_string_lossy().into_owned();
    let rows = (200 * (n + 1)).to_string();
    let out = truce(
        &s.db,
        &["gen", "--reports", &rows, "--seed", "31", "-o", &file],
        None,
    );
    assert_eq!(code(&out), 0, "gen: {}", stderr(&out));
    let out = truce(&s.db, &["ingest", &file], None);
    assert_eq!(code(&out), 0, "ingest: {}", stderr(&out));
    // Open findings (no verdict yet).
    let mut open: Vec<Open> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => s.url(&format!("/api/v1/findings?limit=1000&cursor={c}")),
            None => s.url("/api/v1/findings?limit=1000"),
        };
        let (st, body) = call(&a, "GET", &url, &token(&s, "t-monitor"), None).expect("findings");
        assert_eq!(st, 200, "{body}");
        let page: Value = serde_json::from_str(&body).expect("JSON");
        for f in page["items"].as_array().into_iter().flatten() {
            if ["alleged", "corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or(""))
                && let (Some(id), Some(inc)) = (f["id"].as_str(), f["incident_id"].as_str())
            {
                open.push(Open {
                    finding: id.to_string(),
                    incident: inc.to_string(),
                });
            }
        }
        cursor = page["next"].as_str().map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    assert!(
        open.len() >= (n + 1) * VOTED,
        "{} open findings; {} trials need {}",
        open.len(),
        n,
        (n + 1) * VOTED
    );
    // Calibration: how long one trial's votes take uninterrupted.
    let mut chunks = open.chunks(VOTED);
    let first = chunks.next().expect("findings").to_vec();
    let t = Instant::now();
    for (who, client) in voters(&s) {
        for f in &first {
            let (url, body, taken) = vote(&s.base, f, who, &client);
            let r = call(&a, "POST", &url, &client, Some(&body));
            assert!(
                r.as_ref().is_some_and(|r| r.0 == taken),
                "{who} on {f:?}: {r:?}"
            );
        }
    }
    // The two voters of a trial run side by side, so a trial's work lasts
    // about half this sequential pass (which also ran cold); a kill drawn
    // from the first quarter lands mid-work, where one drawn from the first
    // half fell after the work in two of two trials under CI's load.
    let full_ms = t.elapsed().as_millis().max(20) as u64 / 4;
    for (trial, findings) in chunks.take(n).enumerate() {
        let t0 = Instant::now();
        let r = review_trial(&mut s, findings, full_ms, &mut rng);
        tally.record(trial, t0, r);
    }
    tally.finish();
}

fn review_trial(
    s: &mut Server,
    findings: &[Open],
    full_ms: u64,
    rng: &mut Lcg,
) -> Result<bool, String> {
    let answered = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    // (finding, adjudicator) → the status the server answered, if any, and
    // the status that means "taken".
    type Acks = BTreeMap<(Open, &'static str), (Option<u16>, u16)>;
    let acks: Arc<Mutex<Acks>> = Arc::default();
    let threads: Vec<_> = voters(s)
        .into_iter()
        .map(|(who, client)| {
            let (answered, stop, acks) = (answered.clone(), stop.clone(), acks.clone());
            let (base, findings) = (s.base.clone(), findings.to_vec());
            std::thread::spawn(move || {
                let a = agent();
                for f in findings {
                    let (url, body, taken) = vote(&base, &f, who, &client);
                    let r = if stop.load(Ordering::SeqCst) {
                        None
                    } else {
                        call(&a, "POST", &url, &client, Some(&body))
                    };
                    if r.is_some()
                        && let Ok(mut n) = answered.lock()
                    {
                        *n += 1;
                    }
                    if let Ok(mut m) = acks.lock() {
                        m.insert((f, who), (r.map(|(st, _)| st), taken));
                    }
                }
            })
        })
        .collect();
    kill_after_first(s, &answered, &stop, rng.next(full_ms));
    for t in threads {
        let _ = t.join();
    }
    let acks = acks.lock().map(|m| m.clone()).map_err(|e| e.to_string())?;

    verify(&s.db, "after the kill")?;
    let db = s.db.clone();
    let votes = |f: &Open, who: &str| {
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM decisions WHERE action = 'confirm' AND finding_id = '{}' AND actor = '{who}'",
                f.finding
            ),
        )
    };
    let mut ok = 0;
    for ((f, who), (st, taken)) in &acks {
        let n = votes(f, who)?;
        match st {
            Some(st) if st == taken => {
                ok += 1;
                check!(
                    n == 1,
                    "{who}'s acknowledged vote on {f:?} is stored {n} times"
                );
            }
            Some(other) => return Err(format!("{who}'s vote on {f:?} answered {other}")),
            None => check!(
                n <= 1,
                "{who}'s unanswered vote on {f:?} is stored {n} times"
            ),
        }
    }
    s.restart();
    // Every vote not acknowledged is sent again: taken, or refused as taken
    // already (409); never stored twice.
    let a = agent();
    for (who, client) in voters(s) {
        for ((f, w), (st, taken)) in &acks {
            if *w != who || *st == Some(*taken) {
                continue;
            }
            let (url, body, _) = vote(&s.base, f, who, &client);
            let r = call(&a, "POST", &url, &client, Some(&body));
            check!(
                r.as_ref().is_some_and(|r| r.0 == *taken || r.0 == 409),
                "{who}'s vote on {f:?} sent again: {r:?}"
            );
        }
    }
    for (f, who) in acks.keys() {
        let n = votes(f, who)?;
        check!(n == 1, "{who}'s vote on {f:?} is stored {n} times");
    }
    let list = findings
        .iter()
        .map(|f| format!("'{}'", f.finding))
        .collect::<Vec<_>>()
        .join(",");
    let confirmed = count(
        &s.db,
        &format!(
            "SELECT COUNT(*) FROM verdicts WHERE status = 'confirmed' AND finding_id IN ({list})"
        ),
    )?;
    check!(
        confirmed == findings.len() as i64,
        "{confirmed} of {} findings are confirmed after both votes",
        findings.len()
    );
    verify(&s.db, "after the votes were sent again")?;
    replay(&s.db, "after the votes were sent again")?;
    Ok(ok > 0 && ok < acks.len())
}

// 4. Serving under load --------------------------------------------------

/// Writers, submissions each and reports per submission in one trial.
const WRITERS: usize = 3;
const SUBMISSIONS: usize = 6;
const PER_SUBMISSION: usize = 4;

const PLACES: [(&str, f64, f64); 6] = [
    ("Odesa", 46.48, 30.73),
    ("Kherson", 46.64, 32.61),
    ("Kharkiv", 49.99, 36.23),
    ("Dnipro", 48.46, 35.04),
    ("Mykolaiv", 46.97, 31.99),
    ("Sumy", 50.91, 34.80),
];

/// One submission's reports: its ids are unique to the trial, writer and
/// submission; sent again, it is the same submission.
fn submission(trial: usize, writer: usize, i: usize) -> Value {
    let rows: Vec<Value> = (0..PER_SUBMISSION)
        .map(|j| {
            let k = trial * 131 + writer * 31 + i * 7 + j;
            let (place, lat, lon) = PLACES[k % PLACES.len()];
            json!({
                "source": format!("crash-w{writer}"),
                "external_id": format!("t{trial}-w{writer}-s{i}-r{j}"),
                "occurred_at": format!("2025-04-{:02}T{:02}:{:02}:00+03:00", 1 + k % 28, k % 24, (k * 7) % 60),
                "latitude": lat + (k % 10) as f64 * 0.01,
                "longitude": lon,
                "place": place,
                "act": "strike",
                "means": "Shahed-136",
                "target_class": "energy.substation",
                "perpetrator": "ru",
                "stance": "alleges",
                "text": format!("Strike on a substation near {place}"),
            })
        })
        .collect();
    Value::Array(rows)
}

const WRITER_TOKENS: [&str; WRITERS] = ["t-ua", "t-monitor", "t-adj1"];

on_both!(a_server_killed_under_load_keeps_every_acknowledged_report_once);
fn a_server_killed_under_load_keeps_every_acknowledged_report_once(b: Backend) {
    let mut s = Server::demo_on(b);
    let mut rng = Lcg::new(4, b);
    let mut tally = Tally::new("serving", b);
    // Calibration: one uninterrupted round of submissions.
    let a = agent();
    let t = Instant::now();
    for (w, name) in WRITER_TOKENS.into_iter().enumerate() {
        for i in 0..SUBMISSIONS {
            let r = call(
                &a,
                "POST",
                &s.url("/api/v1/reports"),
                &token(&s, name),
                Some(&submission(1000, w, i)),
            );
            assert!(matches!(r, Some((200, _))), "{r:?}");
        }
    }
    let full_ms = t.elapsed().as_millis().max(20) as u64 / WRITERS as u64;
    for trial in 0..trials(2) {
        let t0 = Instant::now();
        let r = serving_trial(&mut s, trial, full_ms, &mut rng);
        tally.record(trial, t0, r);
    }
    tally.finish();
}

fn serving_trial(
    s: &mut Server,
    trial: usize,
    full_ms: u64,
    rng: &mut Lcg,
) -> Result<bool, String> {
    let answered = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    // (writer, submission) → the answer's status and body, if one came.
    type Acks = BTreeMap<(usize, usize), Option<(u16, String)>>;
    let acks: Arc<Mutex<Acks>> = Arc::default();
    let mut threads = Vec::new();
    for (w, name) in WRITER_TOKENS.into_iter().enumerate() {
        let (answered, stop, acks) = (answered.clone(), stop.clone(), acks.clone());
        let (url, client) = (s.url("/api/v1/reports"), token(s, name));
        threads.push(std::thread::spawn(move || {
            let a = agent();
            for i in 0..SUBMISSIONS {
                let r = if stop.load(Ordering::SeqCst) {
                    None
                } else {
                    call(&a, "POST", &url, &client, Some(&submission(trial, w, i)))
                };
                if r.is_some()
                    && let Ok(mut n) = answered.lock()
                {
                    *n += 1;
                }
                if let Ok(mut m) = acks.lock() {
                    m.insert((w, i), r);
                }
            }
        }));
    }
    // Readers: the lists and the overview, as visitors would ask for them.
    for path in [
        "/api/v1/incidents?limit=100",
        "/api/v1/reports?limit=100",
        "/",
    ] {
        let stop = stop.clone();
        let (url, client) = (s.url(path), token(s, "t-monitor"));
        threads.push(std::thread::spawn(move || {
            let a = agent();
            while !stop.load(Ordering::SeqCst) {
                if call(&a, "GET", &url, &client, None).is_none() {
                    break;
                }
            }
        }));
    }
    kill_after_first(s, &answered, &stop, rng.next(full_ms));
    for t in threads {
        let _ = t.join();
    }
    let acks = acks.lock().map(|m| m.clone()).map_err(|e| e.to_string())?;

    verify(&s.db, "after the kill")?;
    reports_match_entries(&s.db)?;
    let stored = |s: &Server| -> Result<BTreeMap<String, i64>, String> {
        let rows = std::panic::catch_unwind(|| {
            store_rows(
                &s.db,
                &format!(
                    "SELECT external_id, CAST(COUNT(*) AS TEXT) FROM reports \
                     WHERE external_id LIKE 't{trial}-%' GROUP BY external_id"
                ),
            )
        })
        .map_err(|_| "cannot read the stored reports".to_string())?;
        Ok(rows
            .into_iter()
            .map(|r| (r[0].clone(), r[1].parse().unwrap_or(-1)))
            .collect())
    };
    let ids = |w: usize, i: usize| -> Vec<String> {
        (0..PER_SUBMISSION)
            .map(|j| format!("t{trial}-w{w}-s{i}-r{j}"))
            .collect()
    };
    let now = stored(s)?;
    let mut ok = 0;
    for ((w, i), r) in &acks {
        match r {
            Some((200, _)) => {
                ok += 1;
                for id in ids(*w, *i) {
                    let n = now.get(&id).copied().unwrap_or(0);
                    check!(n == 1, "acknowledged report {id} is stored {n} times");
                }
            }
            Some((st, body)) => return Err(format!("submission {w}/{i} answered {st}: {body}")),
            None => {
                for id in ids(*w, *i) {
                    let n = now.get(&id).copied().unwrap_or(0);
                    check!(n <= 1, "unanswered report {id} is stored {n} times");
                }
            }
        }
    }
    s.restart();
    // Every submission sent again: what was acknowledged comes back as
    // duplicates; the rest is stored now, or found stored already.
    let a = agent();
    for ((w, i), r) in &acks {
        let again = call(
            &a,
            "POST",
            &s.url("/api/v1/reports"),
            &token(s, WRITER_TOKENS[*w]),
            Some(&submission(trial, *w, *i)),
        );
        let Some((200, body)) = again else {
            return Err(format!("submission {w}/{i} sent again: {again:?}"));
        };
        let out: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        let (acc, dup) = (out["accepted"].as_u64(), out["duplicates"].as_u64());
        let n = PER_SUBMISSION as u64;
        if matches!(r, Some((200, _))) {
            check!(
                acc == Some(0) && dup == Some(n),
                "acknowledged submission {w}/{i} sent again: {out}"
            );
        } else {
            check!(
                acc.zip(dup).is_some_and(|(a, d)| a + d == n),
                "submission {w}/{i} sent again: {out}"
            );
        }
    }
    let after = stored(s)?;
    check!(
        after.len() == acks.len() * PER_SUBMISSION && after.values().all(|&n| n == 1),
        "after sending again, the trial's reports are stored as {after:?}"
    );
    reports_match_entries(&s.db)?;
    // The evaluation in the background folds in what the kill left unplaced.
    let placed = wait_until(Duration::from_secs(120), || {
        pending(&s.db).is_ok_and(|n| n == 0)
    });
    check!(
        placed,
        "reports are still not placed two minutes after the restart"
    );
    verify(&s.db, "after sending again")?;
    replay(&s.db, "after sending again")?;
    Ok(ok > 0 && ok < acks.len())
}
