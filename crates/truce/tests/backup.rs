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
    // and it signs new checkpoints with the same key.
    let findings = |db: &str| {
        let o = on(db, &["findings", "--json"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(findings(&backup), findings(&restored));
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

    let pg = on("postgres://127.0.0.1/truce", &["backup", &path("x.db")]);
    assert_ne!(code(&pg), 0);
    assert!(stderr(&pg).contains("pg_dump"), "{}", stderr(&pg));
}
