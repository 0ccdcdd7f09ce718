//! `truce backup` and `truce restore`, through the real binary: a backup
//! taken while another process ingests is consistent, and a restore into an
//! empty place gives the same log, checkpoints and findings.

mod common;

use common::*;
use std::process::{Command, Stdio};

fn run_ok(w: &Workspace, args: &[&str]) -> String {
    let out = w.truce(args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn on(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(args)
        .env("TRUCE_DB", db)
        .output()
        .expect("run truce")
}

/// Reports stored but not yet evaluated (as a backup taken in the middle of
/// an ingest holds them) are evaluated on restoring, and the restore holds
/// the result to the log, where it used to refuse the backup.
#[test]
fn a_backup_with_reports_not_yet_evaluated_restores_and_evaluates_them() {
    let w = Workspace::new();
    let path = |n: &str| w.dir.path().join(n).to_string_lossy().into_owned();
    let (first, second) = (path("first.csv"), path("second.csv"));
    run_ok(
        &w,
        &["gen", "--reports", "400", "--seed", "5", "-o", &first],
    );
    run_ok(
        &w,
        &["gen", "--reports", "60", "--seed", "6", "-o", &second],
    );
    run_ok(&w, &["ingest", &first]);
    run_ok(&w, &["ingest", "--no-evaluate", &second]);
    let backup = path("backup.db");
    run_ok(&w, &["backup", &backup]);
    let restored = path("restored.db");
    let out = on(&restored, &["restore", &backup]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("60 reports were stored but not yet evaluated")
            && said.contains("replaying it gives the same findings"),
        "{said}"
    );
    // The same findings as the workspace once it has evaluated them too
    // (in full: the same findings, listed in another order).
    run_ok(&w, &["evaluate"]);
    assert_eq!(findings_sorted(&w.db()), findings_sorted(&restored));
}

/// Every finding, one JSON line each, sorted: an evaluation in full and a
/// placement store the same findings but number incidents in other orders.
fn findings_sorted(db: &str) -> Vec<String> {
    let o = on(db, &["export", "findings", "--format", "jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    lines.sort();
    assert!(!lines.is_empty(), "no findings in {db}");
    lines
}

// SQLite-only: `truce backup` copies a SQLite file; PostgreSQL is backed up with its own tools.
#[test]
fn a_backup_taken_during_an_ingest_restores_to_the_same_log_and_findings() {
    let w = Workspace::new();
    let path = |n: &str| w.dir.path().join(n).to_string_lossy().into_owned();
    let (first, second) = (path("first.csv"), path("second.csv"));
    run_ok(
        &w,
        &["gen", "--reports", "3000", "--seed", "5", "-o", &first],
    );
    run_ok(
        &w,
        &["gen", "--reports", "6000", "--seed", "6", "-o", &second],
    );
    run_ok(&w, &["ingest", &first]);
    // Online: another process is ingesting while the copy is made.
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["ingest", &second])
        .env("TRUCE_DB", w.db())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let backup = path("backup.db");
    let said = run_ok(&w, &["backup", &backup]);
    assert!(said.contains("its log verifies"), "{said}");
    assert!(ingest.wait().expect("wait").success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(format!("{backup}.logkey"))
            .expect("the key is copied")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the key is readable by its owner only");
        // The workspace and its copy hold password hashes and the salt behind
        // the pseudonyms: owner-only too, whatever the umask.
        for db in [w.db(), backup.clone()] {
            let mode = std::fs::metadata(&db).expect("stat").permissions().mode();
            assert_eq!(mode & 0o077, 0, "{db} is readable by its owner only");
        }
    }

    // A backup never overwrites, a restore never lands on a workspace.
    let again = w.truce(&["backup", &backup]);
    assert_ne!(code(&again), 0);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let onto = w.truce(&["restore", &backup]);
    assert_ne!(code(&onto), 0);
    assert!(
        stderr(&onto).contains("already exists"),
        "{}",
        stderr(&onto)
    );

    let restored = path("restored.db");
    let out = on(&restored, &["restore", &backup]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the same findings"),
        "{}",
        stdout(&out)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&restored)
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the restored workspace is owner-only");
    }

    // The restored workspace is the backup: same findings, same checkpoints,
    // and it signs new checkpoints with the same key. A backup that caught
    // the ingest between storing a part of its file and evaluating it is
    // evaluated on restoring; the backup is brought up to date the same way
    // before they are compared.
    if stdout(&out).contains("evaluated on restoring") {
        let o = on(&backup, &["evaluate"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    assert_eq!(findings_sorted(&backup), findings_sorted(&restored));
    let checkpoint = |db: &str| {
        let o = on(db, &["log", "checkpoint"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o)
    };
    let (a, b) = (checkpoint(&backup), checkpoint(&restored));
    // The body (origin, size, root) is the same; the signature line differs
    // only if the key did, and Ed25519 signatures are deterministic.
    assert_eq!(a, b);
    // The copy holds whole batches: reports and report entries agree.
    let count = |db: &str, sql: &str| -> i64 {
        rusqlite::Connection::open(db)
            .expect("open")
            .query_row(sql, [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(
        count(&restored, "SELECT COUNT(*) FROM reports"),
        count(
            &restored,
            "SELECT COUNT(*) FROM log_entries WHERE kind = 'report'"
        )
    );
    assert!(count(&restored, "SELECT COUNT(*) FROM reports") >= 3000);
}

/// Findings and a fresh checkpoint of a workspace, as the CLI prints them.
fn findings_and_checkpoint(db: &str) -> (String, String) {
    let run = |args: &[&str]| {
        let o = on(db, args);
        assert_eq!(code(&o), 0, "{args:?} on {db}: {}", stderr(&o));
        stdout(&o)
    };
    (run(&["findings", "--json"]), run(&["log", "checkpoint"]))
}

// PostgreSQL: `truce backup` writes a pg_dump archive of one snapshot, and
// `truce restore` puts it into a new database and checks it against its log.
#[test]
fn a_postgres_backup_taken_during_an_ingest_restores_into_a_new_database() {
    let w = Workspace::on(Backend::Postgres);
    let path = |n: &str| w.dir.path().join(n).to_string_lossy().into_owned();
    let (first, second) = (path("first.csv"), path("second.csv"));
    run_ok(
        &w,
        &["gen", "--reports", "3000", "--seed", "5", "-o", &first],
    );
    run_ok(
        &w,
        &["gen", "--reports", "6000", "--seed", "6", "-o", &second],
    );
    run_ok(&w, &["ingest", &first]);
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["ingest", &second])
        .env("TRUCE_DB", w.db())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let online = path("online.dump");
    let said = run_ok(&w, &["backup", &online]);
    assert!(said.contains("readable by you only"), "{said}");
    assert!(ingest.wait().expect("wait").success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&online)
            .expect("the dump")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the dump holds the log key: owner-only");
    }
    let again = w.truce(&["backup", &online]);
    assert_ne!(code(&again), 0);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    // Never onto a workspace: the restore would mix two histories.
    let onto = w.truce(&["restore", &online]);
    assert_ne!(code(&onto), 0);
    assert!(stderr(&onto).contains("already holds"), "{}", stderr(&onto));

    // The copy taken while the ingest ran holds whole batches and verifies.
    let (_d1, first_copy, _g1) = store_place(Backend::Postgres);
    let out = on(&first_copy, &["restore", &online]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the same findings"),
        "{}",
        stdout(&out)
    );
    let count = |db: &str, sql: &str| store_count(db, sql).unwrap_or_else(|e| panic!("{e}"));
    let reports = count(&first_copy, "SELECT COUNT(*) FROM reports");
    assert!(reports >= 3000, "{reports}");
    assert_eq!(
        reports,
        count(
            &first_copy,
            "SELECT COUNT(*) FROM log_entries WHERE kind = 'report'"
        )
    );

    // Once the writers are done, a restore into an empty database gives
    // the same findings and the same signed checkpoint as the original.
    let quiet = path("quiet.dump");
    run_ok(&w, &["backup", &quiet]);
    let (_d2, second_copy, _g2) = store_place(Backend::Postgres);
    let out = on(&second_copy, &["restore", &quiet]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        findings_and_checkpoint(&w.db()),
        findings_and_checkpoint(&second_copy)
    );
    assert_eq!(
        count(&second_copy, "SELECT COUNT(*) FROM reports"),
        w.count("SELECT COUNT(*) FROM reports")
    );
}
