//! A real workspace and a real `truce serve` for end-to-end tests: the demo
//! data, accounts for every role, and an HTTP client that keeps cookies.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;

pub const PASSWORD: &str = "correct horse battery staple";

/// Every role, as (account name, role, party).
pub const ACCOUNTS: [(&str, &str, Option<&str>); 6] = [
    ("t-admin", "administrator", None),
    ("t-monitor", "monitor", None),
    ("t-adj1", "adjudicator", None),
    ("t-adj2", "adjudicator", None),
    ("t-ua", "liaison", Some("ua")),
    ("t-ru", "liaison", Some("ru")),
];

/// The store a test's workspace lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the server's temporary directory.
    Sqlite,
    /// A fresh PostgreSQL database (`TRUCE_TEST_PG`, by default the server
    /// on this machine), dropped with the server.
    Postgres,
}

/// Runs a test on both backends: `on_both!(name);` before
/// `fn name(b: Backend) { .. }` makes the tests `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::common::Backend::Sqlite)
            }
            #[test]
            fn postgres() {
                super::$name($crate::common::Backend::Postgres)
            }
        }
    };
}

pub struct Server {
    pub dir: tempfile::TempDir,
    /// The workspace: a SQLite file's path or a PostgreSQL URL.
    pub db: String,
    pub base: String,
    /// API tokens by account name.
    pub tokens: std::collections::HashMap<String, String>,
    child: Child,
    /// The flags `truce serve` was given, for a restart.
    args: Vec<String>,
    /// The PostgreSQL database `db` names, dropped after the server stops.
    pg: Option<truce_store_pg::testing::TestDb>,
}

/// The one number a query gives (cast to a 64-bit integer on PostgreSQL),
/// read straight from the store at `db` (a SQLite file or a PostgreSQL URL);
/// what went wrong, and where, if it cannot be read.
pub fn store_count(db: &str, sql: &str) -> Result<i64, String> {
    if db.starts_with("postgres") {
        let sql = format!("SELECT ({sql})::bigint");
        postgres::Client::connect(db, postgres::NoTls)
            .and_then(|mut c| c.query_one(&sql, &[]))
            .map(|r| r.get::<_, i64>(0))
            .map_err(|e| format!("{sql} on {db}: {}", pg_error(&e)))
    } else {
        rusqlite::Connection::open(db)
            .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
            .map_err(|e| format!("{sql} on {db}: {e}"))
    }
}

/// The rows a query gives, every column read as text, straight from the
/// store at `db` (a SQLite file or a PostgreSQL URL).
pub fn store_rows(db: &str, sql: &str) -> Vec<Vec<String>> {
    if db.starts_with("postgres") {
        postgres::Client::connect(db, postgres::NoTls)
            .and_then(|mut c| c.query(sql, &[]))
            .map(|rows| {
                rows.iter()
                    .map(|r| (0..r.len()).map(|i| r.get::<_, String>(i)).collect())
                    .collect()
            })
            .unwrap_or_else(|e| panic!("{sql} on {db}: {}", pg_error(&e)))
    } else {
        let c = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("open {db}: {e}"));
        let mut st = c
            .prepare(sql)
            .unwrap_or_else(|e| panic!("{sql} on {db}: {e}"));
        let n = st.column_count();
        st.query_map([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect())
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_or_else(|e| panic!("{sql} on {db}: {e}"))
    }
}

/// PostgreSQL's own words for an error ("db error" alone says nothing).
pub fn pg_error(e: &postgres::Error) -> String {
    e.as_db_error()
        .map(|d| format!("{} ({})", d.message(), d.detail().unwrap_or("")))
        .unwrap_or_else(|| e.to_string())
}

pub fn truce(db: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    let mut c = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(args)
        .env("TRUCE_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run truce");
    if let Some(s) = stdin
        && let Some(mut i) = c.stdin.take()
    {
        i.write_all(s.as_bytes()).expect("stdin");
    }
    c.wait_with_output().expect("wait")
}

impl Server {
    /// The demo workspace with the test accounts, served on a free port.
    pub fn demo() -> Server {
        Server::demo_with(&[])
    }

    /// [`Server::demo`], with more flags for `truce serve`.
    pub fn demo_with(serve_args: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("demo.db").to_string_lossy().into_owned();
        Server::demo_at(dir, db, serve_args)
    }

    /// [`Server::demo`] on the given backend.
    pub fn demo_on(backend: Backend) -> Server {
        Server::demo_with_on(backend, &[])
    }

    /// [`Server::demo_with`] on the given backend.
    pub fn demo_with_on(backend: Backend, serve_args: &[&str]) -> Server {
        match backend {
            Backend::Sqlite => Server::demo_with(serve_args),
            Backend::Postgres => {
                let pg = truce_store_pg::testing::TestDb::new()
                    .unwrap_or_else(|e| panic!("a PostgreSQL test database: {e}"));
                let dir = tempfile::tempdir().expect("temp dir");
                let mut s = Server::demo_at(dir, pg.url().to_string(), serve_args);
                s.pg = Some(pg);
                s
            }
        }
    }

    /// The backend this server's workspace is on.
    pub fn backend(&self) -> Backend {
        if self.pg.is_some() || self.db.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The one number a query such as `SELECT COUNT(*) ..` gives, read
    /// straight from the workspace's store (SQLite or PostgreSQL).
    pub fn count(&self, sql: &str) -> i64 {
        store_count(&self.db, sql).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The rows a query gives, every column read as text, straight from the
    /// workspace's store (SQLite or PostgreSQL).
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        store_rows(&self.db, sql)
    }

    /// [`Server::demo_with`] on a workspace at `db` (a file or a
    /// PostgreSQL URL).
    pub fn demo_at(dir: tempfile::TempDir, db: String, serve_args: &[&str]) -> Server {
        let out = truce(&db, &["demo", "--no-serve", "--out", &db], None);
        assert!(
            out.status.success(),
            "demo: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut tokens = std::collections::HashMap::new();
        for (name, role, party) in ACCOUNTS {
            let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
            if let Some(p) = party {
                args.extend(["--party", p]);
            }
            let out = truce(&db, &args, Some(&format!("{PASSWORD}\n")));
            assert!(
                out.status.success(),
                "user add: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let token = text
                .lines()
                .find_map(|l| l.split_once("): ").map(|(_, t)| t.trim().to_string()))
                .expect("a token line");
            tokens.insert(name.to_string(), token);
        }
        Server::start(dir, db, tokens, serve_args)
    }

    fn start(
        dir: tempfile::TempDir,
        db: String,
        tokens: std::collections::HashMap<String, String>,
        serve_args: &[&str],
    ) -> Server {
        let args: Vec<String> = serve_args.iter().map(|s| s.to_string()).collect();
        let (child, base) = Server::spawn(&db, &args);
        Server {
            dir,
            db,
            base,
            tokens,
            child,
            args,
            pg: None,
        }
    }

    /// Starts `truce serve` on `db`; returns it and its base URL.
    fn spawn(db: &str, serve_args: &[String]) -> (Child, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .args(serve_args)
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
        (child, base)
    }

    /// Kills the server at once (SIGKILL: nothing is finished or flushed).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the server and starts it again on the same workspace with the
    /// same flags (on another free port).
    pub fn restart(&mut self) {
        self.stop();
        let (child, base) = Server::spawn(&self.db, &self.args);
        self.child = child;
        self.base = base;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn token(&self, name: &str) -> &str {
        &self.tokens[name]
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The address it listens on (`127.0.0.1:PORT`).
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The server first: the database is dropped after it (field order).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers we care about, body.
pub struct Resp {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
    pub set_cookie: Vec<String>,
    pub content_type: String,
    pub csp: String,
    pub hsts: String,
    /// The `Vary` header, as sent.
    pub vary: String,
}

impl Resp {
    /// `name=value` of a cookie this response sets, if it sets one.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookie.iter().find_map(|c| {
            c.split(';')
                .next()
                .filter(|kv| kv.starts_with(&prefix))
                .map(str::to_string)
        })
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn agent() -> &'static ureq::Agent {
    static A: OnceLock<ureq::Agent> = OnceLock::new();
    A.get_or_init(|| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into()
    })
}

/// One request. `auth` is a bearer token or a cookie header ("cookie:...").
pub fn request(
    method: &str,
    url: &str,
    auth: Option<&str>,
    body: Option<(&str, &str)>,
    extra: &[(&str, &str)],
) -> Resp {
    let mut b = ureq::http::Request::builder().method(method).uri(url);
    match auth {
        Some(a) if a.starts_with("cookie:") => b = b.header("cookie", &a["cookie:".len()..]),
        Some(t) => b = b.header("authorization", format!("Bearer {t}")),
        None => {}
    }
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    let (ctype, data) = body.unwrap_or(("", ""));
    if !ctype.is_empty() {
        b = b.header("content-type", ctype);
    }
    let req = b.body(data.to_string()).expect("request");
    let mut r = agent()
        .run(req)
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = r.status().as_u16();
    let h = r.headers();
    let location = h
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let set_cookie = h
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    let content_type = h
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let hsts = h
        .get("strict-transport-security")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let vary = h
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ");
    let body = r.body_mut().read_to_string().unwrap_or_default();
    Resp {
        status,
        body,
        location,
        set_cookie,
        content_type,
        csp,
        hsts,
        vary,
    }
}

pub fn get(url: &str, auth: Option<&str>) -> Resp {
    request("GET", url, auth, None, &[])
}

pub fn post_json(url: &str, auth: Option<&str>, body: &serde_json::Value) -> Resp {
    request(
        "POST",
        url,
        auth,
        Some(("application/json", &body.to_string())),
        &[],
    )
}

pub fn post_form(
    url: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> Resp {
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    request(
        "POST",
        url,
        cookie,
        Some(("application/x-www-form-urlencoded", &body)),
        extra,
    )
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Signs in through the form; returns the cookie header value and the CSRF
/// token found in the next page.
pub fn sign_in(s: &Server, name: &str) -> (String, String) {
    let r = post_form(
        &s.url("/login"),
        None,
        &[("name", name), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(r.status, 303, "sign-in of {name}: {}", r.body);
    let cookie = r
        .cookie("__Host-truce_session")
        .or_else(|| r.cookie("truce_session"))
        .expect("a session cookie");
    let page = get(&s.url("/agreement"), Some(&format!("cookie:{cookie}")));
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a CSRF token in the page")
        .to_string();
    (format!("cookie:{cookie}"), csrf)
}

/// A fresh workspace initialised with the shipped agreement, driven through
/// the real binary.
pub fn agreement_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../agreements/partial-truce-2025.toml")
}

pub struct Workspace {
    pub dir: tempfile::TempDir,
    /// The workspace: a SQLite file in `dir`, or a PostgreSQL URL.
    db: String,
    /// The PostgreSQL database `db` names, if any, dropped with this.
    pg: Option<truce_store_pg::testing::TestDb>,
}

impl Workspace {
    /// A SQLite workspace in a temporary directory.
    pub fn new() -> Workspace {
        Workspace::on(Backend::Sqlite)
    }

    /// A workspace on the given backend; files the test writes go to `dir`
    /// either way.
    pub fn on(backend: Backend) -> Workspace {
        let (dir, db, pg) = store_place(backend);
        let w = Workspace { dir, db, pg };
        let out = w.truce(&[
            "init",
            "--agreement",
            agreement_path().to_str().expect("utf-8 path"),
        ]);
        assert_eq!(code(&out), 0, "init failed: {}", stderr(&out));
        w
    }

    pub fn db(&self) -> String {
        self.db.clone()
    }

    /// The one number a query gives, read straight from the store.
    pub fn count(&self, sql: &str) -> i64 {
        store_count(&self.db, sql).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs SQL straight on the workspace's store, behind the binary's back
    /// (to tamper with it).
    pub fn exec(&self, sql: &str) {
        if self.pg.is_some() {
            postgres::Client::connect(&self.db, postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .unwrap_or_else(|e| panic!("{sql} on {}: {}", self.db, pg_error(&e)));
        } else {
            rusqlite::Connection::open(&self.db)
                .and_then(|c| c.execute_batch(sql))
                .unwrap_or_else(|e| panic!("{sql} on {}: {e}", self.db));
        }
    }

    pub fn truce(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(args)
            .env("TRUCE_DB", self.db())
            .current_dir(self.dir.path())
            .output()
            .expect("run truce")
    }

    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.truce(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&out)))
    }
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Where a test's store will be, nothing made yet: a temporary folder,
/// the `--db` value (a file in it, or a fresh PostgreSQL database) and the
/// database's guard, which drops it.
pub fn store_place(
    backend: Backend,
) -> (
    tempfile::TempDir,
    String,
    Option<truce_store_pg::testing::TestDb>,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, pg) = match backend {
        Backend::Sqlite => (
            dir.path().join("truce.db").to_string_lossy().into_owned(),
            None,
        ),
        Backend::Postgres => {
            let pg = truce_store_pg::testing::TestDb::new()
                .unwrap_or_else(|e| panic!("a PostgreSQL test database: {e}"));
            (pg.url().to_string(), Some(pg))
        }
    };
    (dir, db, pg)
}
