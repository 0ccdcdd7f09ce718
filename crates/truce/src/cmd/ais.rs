//! `truce ais`: ship positions. `decode` reads NMEA AIVDM/AIVDO sentences
//! and prints the messages (JSON Lines with `--json`), streaming with
//! constant memory; `observe` prints a file's activity in the zone;
//! `ingest` stores the tracks in the workspace; `gen` writes invented
//! traffic or the demo file.

use crate::Outcome;
use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use truce_ingest::ais::{self, AisMessage, Decoder, Problem, Stats};

/// Inputs larger than this show a progress bar (on a terminal).
const PROGRESS_BYTES: u64 = 4 << 20;
/// Problems named one by one on standard error; the rest are counted.
const SHOWN_PROBLEMS: usize = 10;

struct Counting<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// Opens a file or standard input (`-`) with its name as shown and a
/// progress bar over its bytes.
pub fn open(path: &Path) -> Result<(String, Box<dyn BufRead>, indicatif::ProgressBar)> {
    if path.as_os_str() == "-" {
        let input = BufReader::with_capacity(1 << 16, std::io::stdin());
        return Ok((
            "standard input".into(),
            Box::new(input),
            indicatif::ProgressBar::hidden(),
        ));
    }
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
    if meta.is_dir() {
        anyhow::bail!("{shown} is a folder, not a file");
    }
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let size = meta.len();
    let bar = super::progress_bar(
        size,
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
        meta.is_file() && size > PROGRESS_BYTES,
    );
    bar.set_message(shown.clone());
    let reader = Counting {
        inner: f,
        bar: bar.clone(),
    };
    Ok((
        shown,
        Box::new(BufReader::with_capacity(1 << 16, reader)),
        bar,
    ))
}

/// Decodes a file with `on_message` and writes the summary to standard
/// error; returns the decoder's counts.
pub fn decode_with(
    path: &Path,
    mut on_message: impl FnMut(AisMessage) -> std::io::Result<()>,
) -> Result<Stats> {
    let (shown, input, bar) = open(path)?;
    let mut decoder = Decoder::default();
    let mut shown_problems: Vec<Problem> = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    ais::read(input, &mut decoder, |m, d| {
        if write_error.is_none()
            && let Err(e) = on_message(m)
        {
            write_error = Some(e);
        }
        if shown_problems.len() < SHOWN_PROBLEMS {
            let room = SHOWN_PROBLEMS - shown_problems.len();
            shown_problems.extend(d.take_problems().into_iter().take(room));
        } else {
            // Counted in the stats; only the first few are named.
            drop(d.take_problems());
        }
    })
    .with_context(|| format!("cannot read {shown}"))?;
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e).context("cannot write the output");
    }
    let room = SHOWN_PROBLEMS.saturating_sub(shown_problems.len());
    shown_problems.extend(decoder.take_problems().into_iter().take(room));
    let stats = decoder.stats().clone();
    summarise(&shown, &stats, &shown_problems);
    Ok(stats)
}

fn summarise(shown: &str, s: &Stats, problems: &[Problem]) {
    let types: Vec<String> = s
        .by_type
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("type {t}: {n}"))
        .collect();
    let n = |v: u64, one: &str, many: &str| format!("{v} {}", if v == 1 { one } else { many });
    eprintln!(
        "{shown}: {}, {}, {} decoded{}{}",
        n(s.lines, "line", "lines"),
        n(s.sentences, "AIS sentence", "AIS sentences"),
        n(s.messages, "message", "messages"),
        if s.other_types > 0 {
            format!(", {} of other types counted", s.other_types)
        } else {
            String::new()
        },
        if types.is_empty() {
            String::new()
        } else {
            format!(" ({})", types.join(", "))
        },
    );
    let bad = s.bad_total();
    if bad == 0 {
        return;
    }
    let reasons: Vec<String> = s
        .bad_by_reason()
        .map(|(r, n)| format!("{n} {r} ({})", r.id()))
        .collect();
    eprintln!("{bad} not decoded: {}", reasons.join(", "));
    for p in problems {
        eprintln!("  {shown}: {p}");
    }
    if bad > problems.len() as u64 {
        eprintln!("  … and {} more", bad - problems.len() as u64);
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

pub fn decode(path: &Path, json: bool, limit: usize) -> Result<Outcome> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stats = if json {
        decode_with(path, |m| {
            serde_json::to_writer(&mut out, &m)?;
            out.write_all(b"\n")
        })?
    } else {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(vec![
            "Type", "MMSI", "Received", "Lat", "Lon", "Knots", "Course", "Heading", "Ship",
        ]);
        let mut rows = 0usize;
        let stats = decode_with(path, |m| {
            if rows < limit {
                let ship = [
                    m.shipname.clone(),
                    m.shiptype.map(|t| format!("type {t}")),
                    m.callsign.clone(),
                    m.destination.as_ref().map(|d| format!("to {d}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                table.add_row(vec![
                    m.msg_type.to_string(),
                    m.mmsi.to_string(),
                    opt(m.received.as_deref()),
                    opt(m.lat.map(|v| format!("{v:.5}"))),
                    opt(m.lon.map(|v| format!("{v:.5}"))),
                    opt(m.speed),
                    opt(m.course),
                    opt(m.heading),
                    ship,
                ]);
            }
            rows += 1;
            Ok(())
        })?;
        if rows > 0 {
            writeln!(out, "{table}")?;
        }
        if rows > limit {
            writeln!(
                out,
                "{} of {rows} messages shown (--limit N for more, --json for all)",
                limit
            )?;
        }
        stats
    };
    out.flush().context("cannot write the output")?;
    Ok(if stats.bad_total() > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Writes invented traffic (`sentences` lines from `vessels` vessels), or
/// the demo file.
pub fn generate(
    sentences: usize,
    vessels: usize,
    seed: u64,
    demo: bool,
    out: &Path,
) -> Result<Outcome> {
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        if demo {
            truce_synth::ais::demo::write(w)
        } else {
            truce_synth::ais::traffic::write(sentences, vessels, seed, w).map(|_| ())
        }
    };
    if out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        write(&mut lock).context("cannot write to standard output")?;
    } else {
        let mut f = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        write(&mut f).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(Outcome::Ok)
}

/// The options of `truce ais observe`.
pub struct ObserveOptions<'a> {
    pub agreement: Option<&'a Path>,
    pub zone: Option<&'a str>,
    pub watchlist: Option<&'a Path>,
    pub dark_hours: f64,
    pub near_km: f64,
    pub json: bool,
}

/// Builds each vessel's track from a file (positions with their reception
/// time, and the ship type and name its static messages give), and prints
/// the activity each shows in the agreement's maritime zone. Tracks are
/// held in memory: this reads a day or a month of a region, not a feed.
pub fn observe(path: &Path, o: &ObserveOptions<'_>) -> Result<Outcome> {
    use std::collections::BTreeMap;
    use truce_engine::maritime::{self, Fix, MaritimeConfig, Track, Watchlist};
    let agreement = match o.agreement {
        Some(f) => crate::workspace::read_agreement(f)?.agreement,
        None => crate::cmd::demo::shipped_agreement()?,
    };
    let zone = match (o.zone, agreement.zones.as_slice()) {
        (Some(z), _) => z.to_string(),
        (None, [only]) => only.id.clone(),
        (None, zones) => {
            let ids: Vec<&str> = zones.iter().map(|z| z.id.as_str()).collect();
            anyhow::bail!(
                "say which zone with --zone; the agreement has {}",
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            )
        }
    };
    let zones = truce_geo::ZoneIndex::new(&agreement.zones)
        .map_err(|e| anyhow::anyhow!("the agreement's zones: {e}"))?;
    let watchlist = match o.watchlist {
        None => Watchlist::default(),
        Some(f) => {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            Watchlist::from_csv(&text).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}:{e}", f.display()))
                    .collect();
                anyhow::anyhow!("the watchlist has errors:\n{}", lines.join("\n"))
            })?
        }
    };
    let hours_ok = o.dark_hours.is_finite() && o.dark_hours > 0.0;
    let near_ok = o.near_km.is_finite() && o.near_km >= 0.0;
    if !(hours_ok && near_ok) {
        anyhow::bail!("--dark-hours must be more than 0 and --near-km 0 or more");
    }
    let mut tracks: BTreeMap<u32, Track> = BTreeMap::new();
    let mut untimed = 0u64;
    let mut last_heard: Option<jiff::Timestamp> = None;
    let stats = decode_with(path, |m| {
        let t = tracks.entry(m.mmsi).or_insert_with(|| Track {
            mmsi: m.mmsi,
            ..Track::default()
        });
        if m.shiptype.is_some() {
            t.shiptype = m.shiptype;
        }
        if m.shipname.is_some() && m.msg_type != 21 {
            t.name.clone_from(&m.shipname);
        }
        if let (Some(lat), Some(lon)) = (m.lat, m.lon) {
            match m
                .received
                .as_deref()
                .and_then(|r| r.parse::<jiff::Timestamp>().ok())
            {
                Some(at) => {
                    last_heard = last_heard.max(Some(at));
                    t.fixes.push(Fix {
                        at,
                        point: truce_model::LatLon::new(lat, lon),
                    });
                }
                None => untimed += 1,
            }
        }
        Ok(())
    })?;
    if untimed > 0 {
        eprintln!(
            "{untimed} positions without a reception time (an NMEA tag block with c:) were left out"
        );
    }
    let cfg = MaritimeConfig {
        near_km: o.near_km,
        dark_after: jiff::SignedDuration::from_secs_f64(o.dark_hours * 3600.0),
        until: last_heard,
    };
    let mut all = Vec::new();
    for t in tracks.values() {
        all.extend(maritime::observe(t, &zones, &zone, &watchlist, &cfg)?);
    }
    all.sort_by_key(|o| (o.from, o.mmsi, o.activity));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if o.json {
        for ob in &all {
            let v = serde_json::json!({
                "activity": ob.activity.id(),
                "mmsi": ob.mmsi,
                "name": ob.name,
                "zone": ob.zone,
                "from": ob.from.to_string(),
                "to": ob.to.to_string(),
                "first": [ob.first.lat, ob.first.lon],
                "last": [ob.last.lat, ob.last.lon],
                "positions": ob.fixes,
                "detail": ob.detail,
            });
            writeln!(out, "{v}")?;
        }
    } else if all.is_empty() {
        writeln!(
            out,
            "No activity in zone \"{zone}\" among {} vessels.",
            tracks.len()
        )?;
    } else {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(vec!["Activity", "MMSI", "Name", "From", "To", "What"]);
        for ob in &all {
            table.add_row(vec![
                ob.activity.id().to_string(),
                ob.mmsi.to_string(),
                ob.name.clone().unwrap_or_default(),
                ob.from.strftime("%Y-%m-%d %H:%M").to_string(),
                ob.to.strftime("%Y-%m-%d %H:%M").to_string(),
                ob.detail.clone(),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    out.flush().context("cannot write the output")?;
    Ok(if stats.bad_total() > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Stores a file's positions as vessel tracks in the workspace and the
/// activity of the vessels it concerns.
pub fn ingest(db: &str, path: &Path, watchlist: Option<&Path>, json: bool) -> Result<Outcome> {
    let mut store = crate::workspace::open(db)?;
    let list = match watchlist {
        Some(w) => Some(truce_app::vessels::load_watchlist(&mut *store, w)?),
        None => None,
    };
    let mut intake = truce_app::vessels::AisIntake::new(&mut *store);
    let mut failed: Option<anyhow::Error> = None;
    let stats = decode_with(path, |m| {
        if failed.is_none()
            && let Err(e) = intake.push(&m)
        {
            failed = Some(e);
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(e.context("the positions could not be stored"));
    }
    let s = intake.finish(list.as_ref())?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "messages": s.messages,
                "positions": s.new_positions,
                "duplicates": s.duplicate_positions,
                "untimed": s.untimed,
                "vessels": s.vessels,
                "observations": s.observations,
                "bad_lines": stats.bad_total(),
            })
        );
    } else {
        println!(
            "Stored {} new positions of {} vessels ({} already stored, {} without a reception time left out); {} observations of their activity in the zone.",
            s.new_positions, s.vessels, s.duplicate_positions, s.untimed, s.observations
        );
    }
    Ok(if stats.bad_total() > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}

/// Set by SIGINT or SIGTERM: a live feed stores what it holds and stops.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_stop(_: libc::c_int) {
    STOP.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn stopping() -> bool {
    STOP.load(std::sync::atomic::Ordering::SeqCst)
}

/// Where a live feed comes from.
pub enum Source {
    /// A receiver or aggregator serving NMEA over TCP (we connect).
    Tcp(String),
    /// Datagrams sent to this address (we bind).
    Udp(String),
}

/// The options of `truce ais listen`.
pub struct ListenOptions<'a> {
    pub watchlist: Option<&'a Path>,
    /// Store and bring the activity up to date at least this often.
    pub commit_every: std::time::Duration,
    /// Stop when the TCP peer closes, instead of connecting again.
    pub once: bool,
}

/// A TCP stream that, while the feed is quiet, stores what is pending on
/// time, and reads as the end of the feed once asked to stop.
struct Feed<'s, 'i> {
    stream: std::net::TcpStream,
    intake: &'s std::cell::RefCell<truce_app::vessels::AisIntake<'i>>,
    watchlist: Option<&'s truce_engine::maritime::Watchlist>,
    every: std::time::Duration,
    last: std::time::Instant,
    failed: &'s std::cell::RefCell<Option<anyhow::Error>>,
}

impl Feed<'_, '_> {
    fn commit_if_due(&mut self) {
        if self.last.elapsed() < self.every || self.failed.borrow().is_some() {
            return;
        }
        self.last = std::time::Instant::now();
        if let Err(e) = self.intake.borrow_mut().commit(self.watchlist) {
            *self.failed.borrow_mut() = Some(e);
        }
    }
}

impl Read for Feed<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if stopping() || self.failed.borrow().is_some() {
                return Ok(0);
            }
            match self.stream.read(buf) {
                Ok(n) => {
                    self.commit_if_due();
                    return Ok(n);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    self.commit_if_due();
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Takes a live feed of NMEA sentences into the workspace until stopped
/// (Ctrl-C or SIGTERM), connecting again after a lost connection with a
/// growing pause (1 s to 30 s). TCP gives back-pressure: a slow store slows
/// the reading, and the sender's buffer waits. UDP has none: datagrams the
/// kernel cannot hold are lost, as with any UDP feed.
pub fn listen(db: &str, source: &Source, o: &ListenOptions<'_>) -> Result<Outcome> {
    use std::cell::RefCell;
    use std::time::{Duration, Instant};
    // SAFETY: the handler only stores to an atomic, which is
    // async-signal-safe; it is installed before any thread starts.
    unsafe {
        libc::signal(libc::SIGINT, on_stop as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_stop as *const () as libc::sighandler_t);
    }
    let mut store = crate::workspace::open(db)?;
    let list = match o.watchlist {
        Some(w) => Some(truce_app::vessels::load_watchlist(&mut *store, w)?),
        None => Some(truce_app::vessels::stored_watchlist(&*store)?),
    };
    let intake = RefCell::new(truce_app::vessels::AisIntake::new(&mut *store));
    let failed: RefCell<Option<anyhow::Error>> = RefCell::new(None);
    let mut decoder = Decoder::default();
    let mut pause = Duration::from_secs(1);
    match source {
        Source::Tcp(addr) => {
            while !stopping() {
                let stream = match std::net::TcpStream::connect(addr) {
                    Ok(s) => s,
                    Err(e) if o.once => {
                        anyhow::bail!("cannot connect to the AIS feed at {addr}: {e}")
                    }
                    Err(e) => {
                        eprintln!(
                            "cannot connect to the AIS feed at {addr}: {e}; trying again in {} s",
                            pause.as_secs()
                        );
                        sleep_unless_stopped(pause);
                        pause = (pause * 2).min(Duration::from_secs(30));
                        continue;
                    }
                };
                pause = Duration::from_secs(1);
                eprintln!("connected to the AIS feed at {addr}");
                stream
                    .set_read_timeout(Some(Duration::from_secs(1)))
                    .context("cannot set a read timeout")?;
                let feed = Feed {
                    stream,
                    intake: &intake,
                    watchlist: list.as_ref(),
                    every: o.commit_every,
                    last: Instant::now(),
                    failed: &failed,
                };
                let read = ais::read(
                    BufReader::with_capacity(1 << 16, feed),
                    &mut decoder,
                    |m, _| {
                        if failed.borrow().is_none()
                            && let Err(e) = intake.borrow_mut().push(&m)
                        {
                            *failed.borrow_mut() = Some(e);
                        }
                    },
                );
                if let Some(e) = failed.borrow_mut().take() {
                    return Err(e.context("the positions could not be stored"));
                }
                intake.borrow_mut().commit(list.as_ref())?;
                match read {
                    Ok(()) if o.once || stopping() => break,
                    Ok(()) => {
                        eprintln!("the AIS feed at {addr} closed the connection; connecting again")
                    }
                    Err(e) if o.once => anyhow::bail!("the AIS feed at {addr} failed: {e}"),
                    Err(e) => eprintln!("the AIS feed at {addr} failed: {e}; connecting again"),
                }
                sleep_unless_stopped(pause);
            }
        }
        Source::Udp(addr) => {
            let socket = std::net::UdpSocket::bind(addr)
                .with_context(|| format!("cannot listen for AIS datagrams on {addr}"))?;
            socket
                .set_read_timeout(Some(Duration::from_secs(1)))
                .context("cannot set a read timeout")?;
            eprintln!("listening for AIS datagrams on {addr}");
            let mut buf = vec![0u8; 65_536];
            let mut last = Instant::now();
            while !stopping() {
                match socket.recv_from(&mut buf) {
                    Ok((n, _)) => {
                        for line in buf[..n].split(|&b| b == b'\n') {
                            if let Some(m) = decoder.push(line) {
                                intake.borrow_mut().push(&m)?;
                            }
                        }
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock
                                | std::io::ErrorKind::TimedOut
                                | std::io::ErrorKind::Interrupted
                        ) => {}
                    Err(e) => return Err(anyhow::anyhow!("the AIS datagrams on {addr}: {e}")),
                }
                if last.elapsed() >= o.commit_every {
                    last = Instant::now();
                    intake.borrow_mut().commit(list.as_ref())?;
                }
            }
            intake.borrow_mut().commit(list.as_ref())?;
        }
    }
    let s = intake.into_inner().finish(list.as_ref())?;
    let stats = decoder.stats();
    eprintln!(
        "Stored {} new positions ({} already stored, {} without a reception time left out) from {} messages; {} bad lines.",
        s.new_positions,
        s.duplicate_positions,
        s.untimed,
        s.messages,
        stats.bad_total()
    );
    Ok(Outcome::Ok)
}

fn sleep_unless_stopped(d: std::time::Duration) {
    let until = std::time::Instant::now() + d;
    while !stopping() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
