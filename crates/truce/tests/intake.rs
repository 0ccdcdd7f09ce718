//! `truce intake` from NATS JetStream into PostgreSQL: the process killed
//! mid-stream and started again stores every message exactly once. Needs a
//! JetStream server (TRUCE_TEST_NATS, by default nats://127.0.0.1:4222).
#![cfg(feature = "nats")]

mod common;

use async_nats::jetstream::{self, stream};
use common::{code, stderr, stdout, truce};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use truce_store::prelude::*;
use truce_store_pg::PgStore;
use truce_store_pg::testing::TestDb;

fn nats_url() -> String {
    std::env::var("TRUCE_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".into())
}

/// One canonical report as a JSON line.
fn row(id: usize) -> String {
    serde_json::json!({
        "source": "feed", "external_id": format!("r-{id}"),
        "occurred_at": format!("2025-03-{:02}T10:00:00+02:00", 18 + id % 10),
        "latitude": format!("{:.4}", 46.0 + (id % 50) as f64 * 0.05),
        "longitude": format!("{:.4}", 30.0 + (id % 40) as f64 * 0.05),
        "act": "strike", "means": "Shahed-136", "target_class": "energy.substation",
        "perpetrator": "ru", "claimant": "ua", "stance": "alleges"
    })
    .to_string()
}

fn intake(db: &str, stream: &str, subject: &str, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_truce"))
        .args([
            "--db",
            db,
            "intake",
            "--nats",
            &nats_url(),
            "--stream",
            stream,
        ])
        .args([
            "--subject",
            subject,
            "--batch",
            "20",
            "--ack-wait",
            "2",
            "--no-evaluate",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start truce intake")
}

fn report_entries(store: &PgStore) -> u64 {
    let mut n = 0;
    store
        .log_scan(0, &mut |_, kind, _| {
            n += u64::from(kind == "report");
            true
        })
        .expect("scan");
    n
}

#[test]
fn an_intake_killed_mid_stream_stores_every_message_once() {
    let db = TestDb::new().expect("a test database");
    let agreement = common::agreement_path();
    let out = truce(
        db.url(),
        &["init", "--agreement", agreement.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code(&out), 0, "init: {}", stderr(&out));
    let mut tag = [0u8; 4];
    getrandom::fill(&mut tag).expect("random");
    let tag = hex::encode(tag);
    let stream_name = format!("TRUCE_TEST_{tag}");
    let subject = format!("truce.test.{tag}");

    // 2000 messages, every tenth holding two reports.
    let messages = 2000;
    let mut expected = 0;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let js = rt.block_on(async {
        let client = async_nats::connect(nats_url())
            .await
            .expect("connect to NATS");
        let js = jetstream::new(client);
        js.get_or_create_stream(stream::Config {
            name: stream_name.clone(),
            subjects: vec![subject.clone()],
            ..Default::default()
        })
        .await
        .expect("stream");
        js
    });
    rt.block_on(async {
        let mut acks = Vec::new();
        for i in 0..messages {
            let mut body = row(i);
            if i % 10 == 0 {
                body = format!("{body}\n{}", row(100_000 + i));
            }
            acks.push(
                js.publish(subject.clone(), body.into())
                    .await
                    .expect("publish"),
            );
        }
        for a in acks {
            a.await.expect("stored by JetStream");
        }
    });
    expected += messages + messages.div_ceil(10);

    // Killed (SIGKILL) once some, not all, are stored.
    let mut first = intake(db.url(), &stream_name, &subject, &[]);
    let store = PgStore::open(db.url()).expect("open");
    let started = Instant::now();
    let at_kill = loop {
        let n = store.report_count().expect("count");
        if n >= 300 {
            first.kill().expect("kill");
            break n;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60) && matches!(first.try_wait(), Ok(None)),
            "the intake stored {n} reports and stopped"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = first.wait();
    let after_kill = store.report_count().expect("count");
    assert!(
        (after_kill as usize) < expected,
        "killed mid-stream ({at_kill} then {after_kill} of {expected})"
    );

    // Started again, it goes on (messages unacknowledged at the kill come
    // again) and stops when the stream has been idle.
    let second = intake(db.url(), &stream_name, &subject, &["--idle-exit", "4"]);
    let out = second.wait_with_output().expect("wait");
    assert_eq!(
        code(&out),
        0,
        "second intake: {}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        store.report_count().expect("count") as usize,
        expected,
        "every report stored: {}",
        stdout(&out)
    );
    assert_eq!(
        report_entries(&store) as usize,
        expected,
        "each on the log once"
    );
    let v = truce(db.url(), &["log", "verify"], None);
    assert_eq!(code(&v), 0, "log verify: {}", stderr(&v));
    assert!(
        stdout(&v).contains("The store matches the log"),
        "{}",
        stdout(&v)
    );
    rt.block_on(async {
        let _ = js.delete_stream(&stream_name).await;
    });
}
