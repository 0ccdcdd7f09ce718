//! `truce ais` end to end: decoding the demo file to JSON Lines, standard
//! input and bad lines (exit 3, line numbers on standard error), generated
//! traffic through a pipe, the zone activity the demo file is written to
//! show, and the benchmark mode.

mod common;

use common::truce;
use serde_json::Value;
use std::path::PathBuf;

fn demo_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../truce-synth/data/ais-demo.nmea")
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const FIELDS: [&str; 12] = [
    "type",
    "mmsi",
    "lat",
    "lon",
    "speed",
    "course",
    "heading",
    "shiptype",
    "shipname",
    "callsign",
    "imo",
    "destination",
];

#[test]
fn the_demo_file_decodes_to_json_lines_with_every_field() {
    let file = demo_file();
    let out = truce(
        "unused.db",
        &["ais", "decode", "--json", &file.to_string_lossy()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let msgs = lines(&out.stdout);
    assert!(msgs.len() > 1500, "{}", msgs.len());
    for m in &msgs {
        for k in FIELDS {
            assert!(m.get(k).is_some(), "{k} missing from {m}");
        }
    }
    let korsar = msgs
        .iter()
        .find(|m| m["type"] == 5 && m["shipname"] == "KORSAR 701")
        .expect("the patrol ship's static data");
    assert_eq!(korsar["shiptype"], 35);
    assert_eq!(korsar["imo"], Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2068 lines, 2068 AIS sentences"),
        "{stderr}"
    );
    assert!(!stderr.contains("not decoded"), "{stderr}");
}

#[test]
fn bad_lines_from_standard_input_are_named_and_exit_3() {
    let input = "\
!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A
!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B
!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C
";
    let out = truce("unused.db", &["ais", "decode", "--json", "-"], Some(input));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(lines(&out.stdout).len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("standard input: 3 lines, 2 AIS sentences, 1 message decoded"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 2: wrong checksum: checksum 4B, but the sentence sums to 4A"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: message with a lost fragment: fragment 2 of 2"),
        "{stderr}"
    );
    assert!(stderr.contains("1 wrong checksum (checksum)"), "{stderr}");
}

#[test]
fn generated_traffic_decodes_through_a_pipe_and_as_a_table() {
    let out = truce(
        "unused.db",
        &["ais", "gen", "--sentences", "3000", "--seed", "4"],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(text.lines().count(), 3000);
    let out = truce(
        "unused.db",
        &["ais", "decode", "-", "--limit", "3"],
        Some(&text),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("MMSI") && table.contains("3 of "), "{table}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3000 lines, 3000 AIS sentences"),
        "{stderr}"
    );
}

#[test]
fn the_demo_files_zone_activity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let watch = dir.path().join("watch.csv");
    std::fs::write(
        &watch,
        "mmsi,name,note\n352001234,SEA LANTERN,sanctions list\n",
    )
    .expect("write");
    let file = demo_file();
    let out = truce(
        "unused.db",
        &[
            "ais",
            "observe",
            "--json",
            "--watchlist",
            &watch.to_string_lossy(),
            &file.to_string_lossy(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let obs = lines(&out.stdout);
    let of = |mmsi: u64, activity: &str| {
        obs.iter()
            .filter(|o| o["mmsi"] == mmsi && o["activity"] == activity)
            .collect::<Vec<_>>()
    };
    // STEPPE HARVEST enters the zone from Odesa, and again on the way back.
    assert_eq!(of(636_019_825, "in-zone").len(), 2);
    // KORSAR 701 (ship type 35) is in or near the zone.
    assert!(!of(273_350_701, "military").is_empty());
    // SEA LANTERN goes dark inside the zone, and is on the watchlist.
    let dark = of(352_001_234, "dark");
    assert_eq!(dark.len(), 1, "{obs:#?}");
    assert_eq!(dark[0]["from"], "2025-03-31T11:35:00Z");
    assert_eq!(dark[0]["to"], "2025-04-01T20:35:00Z");
    assert!(!of(352_001_234, "watchlisted").is_empty());
    // AZOV TRADER never leaves the Sea of Azov: nothing.
    assert!(obs.iter().all(|o| o["mmsi"] != 273_418_300), "{obs:#?}");
}

#[test]
fn the_benchmark_mode_runs_without_pyais() {
    let out = truce("unused.db", &["bench", "--ais", "2000", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sentences"], 2000);
    assert!(v["decode_sentences_per_s"].as_f64().unwrap_or(0.0) > 0.0);
}

on_both!(ingested_tracks_are_kept_once_with_their_zone_activity);
/// `truce ais ingest` keeps the demo file's tracks in the workspace (a
/// second read adds nothing) and the activity of its vessels, judged as
/// `observe` judges it: the ship in the Sea of Azov is never in the zone.
fn ingested_tracks_are_kept_once_with_their_zone_activity(b: common::Backend) {
    let w = common::Workspace::on(b);
    let file = demo_file();
    let file = file.to_str().expect("utf-8");
    let first = w.json(&["ais", "ingest", file, "--json"]);
    assert_eq!(first["vessels"], 6, "{first}");
    assert!(first["positions"].as_u64().unwrap_or(0) > 1000, "{first}");
    assert_eq!(first["duplicates"], 0, "{first}");
    let again = w.json(&["ais", "ingest", file, "--json"]);
    assert_eq!(again["positions"], 0, "{again}");
    assert_eq!(again["duplicates"], first["positions"], "{again}");
    assert_eq!(again["observations"], first["observations"], "{again}");
    let activity = |mmsi: u32| -> Vec<String> {
        common::store_rows(
            &w.db(),
            &format!(
                "SELECT activity FROM vessel_observations WHERE mmsi = {mmsi} ORDER BY from_at"
            ),
        )
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
    };
    use truce_synth::ais::demo::{AZOV_ONLY, GOES_DARK, MILITARY};
    assert!(activity(AZOV_ONLY).is_empty(), "{:?}", activity(AZOV_ONLY));
    assert!(activity(MILITARY).contains(&"military".to_string()));
    assert!(activity(GOES_DARK).contains(&"dark".to_string()));
}

on_both!(an_incident_at_sea_lists_the_ships_heard_near_it);
/// The demo's tanker incident off Novorossiysk lists the military vessel
/// that patrolled near it, for the mission; the public does not see ships.
fn an_incident_at_sea_lists_the_ships_heard_near_it(b: common::Backend) {
    let s = common::Server::demo_on(b);
    let token = s.token("t-monitor").to_string();
    let mut cursor = String::new();
    let id = loop {
        let v = common::get(
            &s.url(&format!("/api/v1/incidents?limit=200{cursor}")),
            Some(&token),
        )
        .json();
        let hit = v["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["target_name"].as_str() == Some("tanker off Novorossiysk"));
        if let Some(i) = hit {
            break i["id"].as_str().expect("id").to_string();
        }
        cursor = format!(
            "&cursor={}",
            v["next"].as_str().expect("the tanker incident")
        );
    };
    let (cookie, _) = common::sign_in(&s, "t-monitor");
    let page = common::get(&s.url(&format!("/incidents/{id}")), Some(&cookie)).body;
    let ships = page
        .split("<h2>Ships near it</h2>")
        .nth(1)
        .expect("a list of ships near the incident");
    let ships = ships.split("</table>").next().unwrap_or_default();
    assert!(ships.contains("KORSAR 701"), "{ships}");
    assert!(ships.contains("military"), "{ships}");
    assert!(!ships.contains("AZOV TRADER"), "{ships}");
    let public = common::get(&s.url(&format!("/incidents/{id}")), None);
    assert!(!public.body.contains("Ships near it"));
}

on_both!(a_live_feed_survives_a_lost_connection_and_stops_cleanly);
/// A live TCP feed: the connection is lost half-way and made again, and a
/// SIGTERM stops the listener after it stored what it held. Every position
/// of the file is stored once, as `truce ais ingest` stores it.
fn a_live_feed_survives_a_lost_connection_and_stops_cleanly(b: common::Backend) {
    use std::io::Write;
    let w = common::Workspace::on(b);
    let text = std::fs::read_to_string(demo_file()).expect("demo file");
    let lines: Vec<&str> = text.lines().collect();
    let half = lines.len() / 2;
    let server = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = server.local_addr().expect("addr").to_string();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["ais", "listen", "--tcp", &addr, "--commit-seconds", "1"])
        .env("TRUCE_DB", w.db())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    for part in [&lines[..half], &lines[half..]] {
        let (mut conn, _) = server.accept().expect("the listener connects");
        for l in part {
            writeln!(conn, "{l}").expect("send");
        }
        conn.flush().expect("flush");
        drop(conn);
    }
    // Wait until everything sent is stored, then stop it.
    let started = std::time::Instant::now();
    loop {
        let n = common::store_count(&w.db(), "SELECT COUNT(*) FROM vessel_positions").unwrap_or(0);
        if n >= 1552 || started.elapsed() > std::time::Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // SAFETY: a signal to our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().expect("wait");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("connecting again"), "{said}");
    let ingested = common::Workspace::on(b);
    ingested.json(&[
        "ais",
        "ingest",
        demo_file().to_str().expect("utf-8"),
        "--json",
    ]);
    for sql in [
        "SELECT COUNT(*) FROM vessel_positions",
        "SELECT COUNT(*) FROM vessels",
        "SELECT COUNT(*) FROM vessel_observations",
    ] {
        assert_eq!(w.count(sql), ingested.count(sql), "{sql}");
    }
}

on_both!(a_udp_feed_is_stored_until_stopped);
/// Datagrams, as receivers send them: a few sentences each.
fn a_udp_feed_is_stored_until_stopped(b: common::Backend) {
    let w = common::Workspace::on(b);
    let text = std::fs::read_to_string(demo_file()).expect("demo file");
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["ais", "listen", "--udp", &addr, "--commit-seconds", "1"])
        .env("TRUCE_DB", w.db())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let sender = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let lines: Vec<&str> = text.lines().collect();
    let count = || -> i64 {
        common::store_count(&w.db(), "SELECT COUNT(*) FROM vessel_positions").unwrap_or(0)
    };
    // Until the listener is up, datagrams go nowhere: send the first few
    // lines again until some are stored, then the whole file at a pace a
    // receiver would.
    let started = std::time::Instant::now();
    while count() == 0 && started.elapsed() < std::time::Duration::from_secs(30) {
        let _ = sender.send_to(lines[..40].join("\n").as_bytes(), &addr);
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    for chunk in lines.chunks(20) {
        sender
            .send_to(chunk.join("\n").as_bytes(), &addr)
            .expect("send");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    while count() < 1552 && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // SAFETY: a signal to our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(), 1552, "every position once, however often sent");
}

on_both!(the_map_draws_a_days_ship_tracks_for_the_mission);
/// The map draws the ships' tracks of a chosen day for the mission, the
/// military vessel in red; not for the public, nor over a long range.
fn the_map_draws_a_days_ship_tracks_for_the_mission(b: common::Backend) {
    let s = common::Server::demo_on(b);
    let (cookie, _) = common::sign_in(&s, "t-monitor");
    let day = common::get(&s.url("/map?from=2025-03-31&to=2025-03-31"), Some(&cookie)).body;
    assert!(
        day.contains("class=\"track military\""),
        "no military track"
    );
    assert!(day.contains("KORSAR 701"));
    // The cargo ship in the Sea of Azov is drawn too, as a civilian track.
    assert!(
        day.contains("<g class=\"track\" stroke=\"#4a5560\"><title>AZOV TRADER"),
        "the Sea of Azov ship's track"
    );
    // A track's title says the ship's name, MMSI, kind and positions in the
    // reader's language.
    let title = |body: &str| -> String {
        body.split("<title>KORSAR 701")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or("")
            .to_string()
    };
    assert!(title(&day).contains(", military: "), "{}", title(&day));
    assert!(title(&day).ends_with(" positions"), "{}", title(&day));
    for (lang, military, positions) in [("uk", "військове", "позиці"), ("ru", "военное", "позици")]
    {
        let body = common::get(
            &s.url("/map?from=2025-03-31&to=2025-03-31"),
            Some(&format!("{cookie}; lang={lang}")),
        )
        .body;
        let t = title(&body);
        assert!(t.contains(military) && t.contains(positions), "{lang}: {t}");
    }
    let public = common::get(&s.url("/map?from=2025-03-31&to=2025-03-31"), None).body;
    assert!(!public.contains("class=\"track"));
    let month = common::get(&s.url("/map?from=2025-03-01&to=2025-04-30"), Some(&cookie)).body;
    assert!(!month.contains("class=\"track"));
    assert!(month.contains("up to three days"));
}
