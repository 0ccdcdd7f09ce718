//! The API against its own OpenAPI document, by schemathesis (from PyPI):
//! every operation, generated inputs valid and invalid, stateful sequences,
//! as the public and with a monitor's token. It must find no server error,
//! no response outside the schema, no undocumented status or content type,
//! and no schema-valid request refused (but where
//! `scripts/schemathesis/schemathesis.toml` says why).
//!
//! Schemathesis is taken from `TRUCE_SCHEMATHESIS`, the PATH, or a virtual
//! environment this test makes under the target folder (PyPI must be
//! reachable the first time).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version the test is known to pass with.
const VERSION: &str = "4.32.5";

fn schemathesis() -> PathBuf {
    if let Ok(p) = std::env::var("TRUCE_SCHEMATHESIS") {
        return PathBuf::from(p);
    }
    let on_path = Command::new("schemathesis").arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return PathBuf::from("schemathesis");
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis-venv");
    let bin = venv.join("bin").join("schemathesis");
    if !bin.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs");
        assert!(made.success(), "python3 -m venv {} failed", venv.display());
        let pip = venv.join("bin").join("pip");
        let installed = Command::new(&pip)
            .args(["install", "--quiet", &format!("schemathesis=={VERSION}")])
            .status()
            .expect("pip runs");
        assert!(
            installed.success(),
            "pip install schemathesis=={VERSION} failed; install it, or set TRUCE_SCHEMATHESIS"
        );
    }
    bin
}

fn run(s: &Server, token: Option<&str>) {
    let config =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/schemathesis/schemathesis.toml");
    let mut c = Command::new(schemathesis());
    c.arg("--config-file")
        .arg(&config)
        .args(["--no-color", "run"])
        .arg(s.url("/api/v1/openapi.json"))
        .args(["--checks", "all", "--max-examples", "40", "--seed", "7"]);
    if let Some(t) = token {
        c.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = c.output().expect("schemathesis runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis ({}) found problems:\n{text}\n{}",
        if token.is_some() { "monitor" } else { "public" },
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("passed"), "{text}");
}

// SQLite-only: the API against its document, once is enough (and it needs Python).
#[test]
fn the_api_holds_to_its_openapi_document_under_schemathesis() {
    let s = Server::demo();
    run(&s, None);
    run(&s, Some(s.token("t-monitor")));
}
