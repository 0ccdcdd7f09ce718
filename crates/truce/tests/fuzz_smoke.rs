//! The short fuzz pass: every target of `fuzz/` for 10 seconds from its
//! seeds (`fuzz/run.sh 10`), so that a parser change that crashes on a seed
//! or soon after fails the test run. It needs cargo-fuzz (`.ci/run`
//! installs it); without it the test fails rather than passing unnoticed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Seconds each target runs.
const SECONDS: &str = "10";

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The fuzz crate builds into its own `fuzz/target`: the workspace's target
/// directory is locked by the `cargo test` that runs this test, so building
/// there would wait on that lock for ever.
fn cargo_fuzz(cmd: &mut Command) -> &mut Command {
    cmd.env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("RUSTC_BOOTSTRAP", "1")
}

#[test]
fn every_fuzz_target_runs_ten_seconds_without_a_crash() {
    let list = cargo_fuzz(Command::new("cargo").args(["fuzz", "list"]))
        .current_dir(fuzz_dir())
        .output();
    let names = match list {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => panic!(
            "cargo-fuzz is missing, so the fuzz targets cannot run: \
             install it with `cargo install cargo-fuzz --locked` (.ci/run does)"
        ),
    };
    let expected = names.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(expected > 0, "cargo fuzz list names no target");
    let work = tempfile::tempdir().expect("a temporary directory");
    let logs = work.path().join("logs");
    let out = cargo_fuzz(&mut Command::new(fuzz_dir().join("run.sh")))
        .arg(SECONDS)
        // A fresh corpus: each run starts from the seeds kept in the
        // repository, so a result does not depend on an earlier run.
        .env("FUZZ_CORPUS", work.path().join("corpus"))
        .env("FUZZ_LOGS", &logs)
        .current_dir(fuzz_dir())
        .output()
        .expect("fuzz/run.sh starts");
    let report = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        // Each failed target's log ends with what crashed and where its
        // input was saved (fuzz/artifacts/<target>/).
        let mut tails = String::new();
        for line in report.lines().filter(|l| !l.contains(" rc=0 ")) {
            let target = line.split_whitespace().next().unwrap_or_default();
            let log =
                std::fs::read_to_string(logs.join(format!("{target}.log"))).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            tails.push_str(&format!("--- {target}\n{}\n", tail.join("\n")));
        }
        panic!(
            "fuzz/run.sh {SECONDS} failed ({}):\n{report}{}\n{tails}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ran = report.lines().filter(|l| l.contains(" rc=0 ")).count();
    assert_eq!(ran, expected, "every target runs once:\n{report}");
    println!("{report}");
}
