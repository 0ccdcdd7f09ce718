//! A small W3C WebDriver client: Debian's `chromedriver` as a child process
//! driving headless Debian `chromium`, spoken to with JSON over HTTP (`ureq`).
//! Every failure panics with what was expected and where.
#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C name of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long `wait_*` helpers poll before giving up.
pub const WAIT: Duration = Duration::from_secs(15);

/// Where screenshots go: `target/browser-artifacts` at the workspace root.
pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/browser-artifacts"
    ))
}

/// A WebDriver error answer: the W3C error code and chromedriver's message.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

/// One chromedriver, one Chromium, one session; all ended on drop.
pub struct Browser {
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    agent: ureq::Agent,
    driver: Child,
    log: PathBuf,
    // Dropped last, after Chromium has quit.
    _profile: tempfile::TempDir,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// One HTTP exchange with chromedriver; transport failures panic, WebDriver
/// errors come back as `Err`.
fn exchange(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, WdError> {
    let res = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, b) => agent
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .send(b.unwrap_or(&json!({})).to_string()),
    };
    let mut res = res.unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e}"));
    let status = res.status().as_u16();
    let text = res
        .body_mut()
        .with_config()
        .limit(200 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_else(|e| panic!("WebDriver {method} {url}: reading the answer: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("WebDriver {method} {url}: answer is not JSON ({e}): {text:.500}")
    });
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if status >= 400 || value.get("error").is_some_and(|e| e.is_string()) {
        return Err(WdError {
            error: value["error"]
                .as_str()
                .unwrap_or("unknown error")
                .to_string(),
            message: value["message"]
                .as_str()
                .unwrap_or(&text)
                .chars()
                .take(800)
                .collect(),
        });
    }
    Ok(value)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn tail(path: &Path) -> String {
    let mut s = String::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let _ = f.read_to_string(&mut s);
    }
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile and a
    /// window of `width`×`height` CSS pixels.
    pub fn start(width: u32, height: u32) -> Browser {
        for (bin, pkg) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            assert!(
                Path::new(bin).exists(),
                "{bin} is missing: the browser tests need Debian's `chromium` and `chromium-driver` \
                 (apt-get install chromium chromium-driver); package `{pkg}` provides it"
            );
        }
        let profile = tempfile::tempdir().expect("a temp dir for the Chromium profile");
        let log = profile.path().join("chromedriver.log");
        let agent = agent();
        let mut last = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let mut driver = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start {CHROMEDRIVER} (install Debian's `chromium-driver`): {e}")
                });
            let base = format!("http://127.0.0.1:{port}");
            let deadline = Instant::now() + Duration::from_secs(15);
            let mut ready = false;
            while Instant::now() < deadline {
                if let Ok(Some(st)) = driver.try_wait() {
                    last = format!("chromedriver exited early ({st}) on port {port}");
                    break;
                }
                // Connection refused until it listens: poll without panicking.
                let probe = agent.get(format!("{base}/status")).call();
                if let Ok(mut r) = probe
                    && let Ok(t) = r.body_mut().read_to_string()
                    && serde_json::from_str::<Value>(&t)
                        .is_ok_and(|v| v["value"]["ready"] == json!(true))
                {
                    ready = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if !ready {
                let _ = driver.kill();
                let _ = driver.wait();
                if last.is_empty() {
                    last = format!("chromedriver on port {port} not ready within 15 s");
                }
                continue;
            }
            let args = vec![
                "--headless".to_string(),
                "--no-sandbox".into(),
                "--disable-gpu".into(),
                "--disable-background-networking".into(),
                "--disable-component-update".into(),
                "--disable-sync".into(),
                "--no-first-run".into(),
                format!(
                    "--user-data-dir={}",
                    profile.path().join("chromium").display()
                ),
                format!("--window-size={width},{height}"),
            ];
            let caps = json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
                "goog:loggingPrefs": {"browser": "ALL"},
            }}});
            match exchange(&agent, "POST", &format!("{base}/session"), Some(&caps)) {
                Ok(v) => {
                    let id = v["sessionId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("new session: no sessionId in {v}"))
                        .to_string();
                    let b = Browser {
                        session: format!("{base}/session/{id}"),
                        agent,
                        driver,
                        log,
                        _profile: profile,
                    };
                    b.ok(
                        "POST",
                        "/timeouts",
                        json!({"implicit": 0, "pageLoad": 30_000, "script": 15_000}),
                    );
                    return b;
                }
                Err(e) => {
                    let _ = driver.kill();
                    let _ = driver.wait();
                    panic!(
                        "chromedriver could not start {CHROMIUM}: {}: {}\n--- chromedriver log ---\n{}",
                        e.error,
                        e.message,
                        tail(&log)
                    );
                }
            }
        }
        panic!(
            "could not start chromedriver: {last}\n--- chromedriver log ---\n{}",
            tail(&log)
        );
    }

    /// A session command; `Err` carries the WebDriver error.
    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        exchange(
            &self.agent,
            method,
            &format!("{}{path}", self.session),
            body.as_ref(),
        )
    }

    /// A session command that must succeed.
    pub fn ok(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (method == "POST").then_some(body);
        self.cmd(method, path, body).unwrap_or_else(|e| {
            panic!(
                "WebDriver {method} {path} failed on {}: {}: {}",
                self.url_or_unknown(),
                e.error,
                e.message
            )
        })
    }

    fn url_or_unknown(&self) -> String {
        self.cmd("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "an unknown page".into())
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})))
            .unwrap_or_else(|e| panic!("navigating to {url}: {}: {}", e.error, e.message));
    }

    pub fn url(&self) -> String {
        self.ok("GET", "/url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.ok("GET", "/title", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn set_window(&self, width: u32, height: u32) {
        self.ok(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
    }

    /// Sends `langs` as the browser's `Accept-Language` from now on (as a
    /// person's browser set to that language would), through DevTools.
    pub fn accept_language(&self, langs: &str) {
        let ua = self.js("return navigator.userAgent;", vec![]);
        let params = json!({"userAgent": ua, "acceptLanguage": langs});
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Network.setUserAgentOverride", "params": params})),
        )
        .unwrap_or_else(|e| panic!("Accept-Language override: {}: {}", e.error, e.message));
    }

    /// Emulates a phone screen of `width`×`height` CSS pixels (touch-style
    /// viewport, honouring `<meta name=viewport>`), through the DevTools
    /// protocol: desktop Chromium windows cannot be narrower than 500 px.
    pub fn emulate_phone(&self, width: u32, height: u32) {
        let params =
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true});
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": params})),
        )
        .unwrap_or_else(|e| {
            panic!(
                "phone emulation (goog/cdp/execute): {}: {}",
                e.error, e.message
            )
        });
    }

    /// Runs `script` (a function body; use `return`) with `args`.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .unwrap_or_else(|e| {
            panic!(
                "script failed on {}: {}: {}\n{script}",
                self.url_or_unknown(),
                e.error,
                e.message
            )
        })
    }

    /// Like [`Browser::js`] without arguments, but `None` on any error (a
    /// page going away mid-poll, say): for wait conditions.
    pub fn try_js(&self, script: &str) -> Option<Value> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .ok()
    }

    pub fn js_i64(&self, script: &str) -> i64 {
        let v = self.js(script, vec![]);
        v.as_i64()
            .unwrap_or_else(|| panic!("script should return a number, got {v}: {script}"))
    }

    fn elements_from(&self, v: &Value, what: &str) -> Vec<Element<'_>> {
        v.as_array()
            .unwrap_or_else(|| panic!("expected a list of elements for {what}, got {v}"))
            .iter()
            .map(|e| Element::from_json(self, e, what))
            .collect()
    }

    /// All elements matching a CSS selector (maybe none).
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.ok(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        self.elements_from(&v, css)
    }

    /// The first element matching a CSS selector; panics if there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        match self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        ) {
            Ok(v) => Element::from_json(self, &v, css),
            Err(e) => panic!(
                "expected an element `{css}` on {}: {}: {}",
                self.url_or_unknown(),
                e.error,
                e.message
            ),
        }
    }

    /// Polls until `css` matches something, up to [`WAIT`].
    pub fn wait_for(&self, css: &str) -> Element<'_> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(e) = self.find_all(css).into_iter().next() {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for an element `{css}` on {}",
                self.url_or_unknown()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Polls until `cond` holds, up to [`WAIT`]; `what` names it in the panic.
    pub fn wait_until(&self, what: &str, mut cond: impl FnMut(&Browser) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !cond(self) {
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; now on {}",
                self.url_or_unknown()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of the whole page (through the DevTools protocol; the viewport
    /// only if that is unavailable), saved as `<artifacts>/<name>.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let size = self.js(
            "const d = document.documentElement; \
             return [Math.max(d.scrollWidth, window.innerWidth), Math.max(d.scrollHeight, window.innerHeight)];",
            vec![],
        );
        let (w, h) = (
            size[0].as_f64().unwrap_or(800.0),
            size[1].as_f64().unwrap_or(600.0).min(12_000.0),
        );
        let full = self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Page.captureScreenshot", "params": {
                "format": "png", "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1},
            }})),
        );
        let b64 = match full {
            Ok(v) if v["data"].is_string() => v["data"].as_str().unwrap_or_default().to_string(),
            _ => self
                .ok("GET", "/screenshot", Value::Null)
                .as_str()
                .unwrap_or_default()
                .to_string(),
        };
        let png = B64
            .decode(b64.as_bytes())
            .unwrap_or_else(|e| panic!("screenshot {name}: bad base64: {e}"));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "screenshot {name} is not a PNG"
        );
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let dir = dir.canonicalize().unwrap_or(dir);
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// The browser console since the last call, as (level, message), or
    /// `None` when this chromedriver does not serve logs.
    pub fn console(&self) -> Option<Vec<(String, String)>> {
        let body = json!({"type": "browser"});
        let v = self
            .cmd("POST", "/se/log", Some(body.clone()))
            .or_else(|_| self.cmd("POST", "/log", Some(body)))
            .ok()?;
        Some(
            v.as_array()?
                .iter()
                .map(|e| {
                    (
                        e["level"].as_str().unwrap_or("").to_string(),
                        e["message"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect(),
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Quits Chromium; then chromedriver itself goes.
        let _ = exchange(&self.agent, "DELETE", &self.session, None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// An element of the current page.
pub struct Element<'a> {
    b: &'a Browser,
    id: String,
    /// The selector that found it, for messages.
    pub what: String,
}

impl<'a> Element<'a> {
    fn from_json(b: &'a Browser, v: &Value, what: &str) -> Element<'a> {
        let id = v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("expected an element reference for `{what}`, got {v}"))
            .to_string();
        Element {
            b,
            id,
            what: what.to_string(),
        }
    }

    /// The JSON reference, to pass elements to scripts.
    pub fn json(&self) -> Value {
        json!({ ELEMENT: self.id })
    }

    fn ok(&self, method: &str, cmd: &str, body: Value) -> Value {
        let path = format!("/element/{}{cmd}", self.id);
        let body = (method == "POST").then_some(body);
        self.b.cmd(method, &path, body).unwrap_or_else(|e| {
            panic!(
                "element `{}` {method} {cmd}: {}: {}",
                self.what, e.error, e.message
            )
        })
    }

    pub fn find(&self, css: &str) -> Element<'a> {
        let v = self.ok(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        Element::from_json(self.b, &v, &format!("{} {css}", self.what))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'a>> {
        let v = self.ok(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .unwrap_or_else(|| panic!("expected a list for `{} {css}`, got {v}", self.what))
            .iter()
            .map(|e| Element::from_json(self.b, e, &format!("{} {css}", self.what)))
            .collect()
    }

    pub fn click(&self) {
        self.ok("POST", "/click", json!({}));
    }

    /// Clicks, or says why not (a redrawn element is "stale").
    pub fn try_click(&self) -> Result<(), String> {
        let path = format!("/element/{}/click", self.id);
        self.b
            .cmd("POST", &path, Some(json!({})))
            .map(|_| ())
            .map_err(|e| format!("{}: {}", e.error, e.message))
    }

    pub fn clear(&self) {
        self.ok("POST", "/clear", json!({}));
    }

    /// Types `text` as key strokes.
    pub fn send_keys(&self, text: &str) {
        self.ok("POST", "/value", json!({"text": text}));
    }

    /// The rendered text (empty when hidden).
    pub fn text(&self) -> String {
        self.ok("GET", "/text", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        self.ok("GET", &format!("/attribute/{name}"), Value::Null)
            .as_str()
            .map(str::to_string)
    }

    pub fn property(&self, name: &str) -> Value {
        self.ok("GET", &format!("/property/{name}"), Value::Null)
    }

    pub fn displayed(&self) -> bool {
        self.ok("GET", "/displayed", Value::Null)
            .as_bool()
            .unwrap_or(false)
    }
}
