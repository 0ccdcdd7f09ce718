//! `truce bench`: generate data, then time ingest and correlate+evaluate the
//! way a user runs them, and report throughput and peak memory. Results are
//! recorded in `docs/benchmarks.md`.

use crate::Outcome;
use anyhow::{Context, Result};
use serde::Serialize;
use std::time::Instant;
use truce_engine::CorrelateConfig;

#[derive(Serialize)]
struct Run {
    reports: usize,
    generate_s: f64,
    ingest_s: f64,
    ingest_reports_per_s: f64,
    load_s: f64,
    correlate_s: f64,
    evaluate_s: f64,
    correlate_evaluate_s: f64,
    /// Country and region of every incident, on every core.
    locate_s: f64,
    /// Evaluating again while storing (the way `truce evaluate` does it).
    evaluate_and_save_s: f64,
    incidents: usize,
    findings: usize,
    #[serde(flatten)]
    incremental: Incremental,
    peak_rss_mib: f64,
}

/// Times `f` once.
fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let t = Instant::now();
    let v = f()?;
    Ok((v, t.elapsed().as_secs_f64()))
}

/// Ingests a file into the workspace and places its reports, as `truce
/// ingest` does after a first evaluation; returns how many reports the
/// placement rebuilt.
fn ingest_and_place(
    store: &mut dyn truce_store::Store,
    csv: &std::path::Path,
    tz: &jiff::tz::TimeZone,
) -> Result<u64> {
    let mut examples = Vec::new();
    let counts = crate::cmd::ingest::ingest_path(
        store,
        csv,
        truce_ingest::canonical::Format::Csv,
        tz,
        &mut examples,
    )?;
    if counts.accepted == 0 {
        anyhow::bail!("the batch was not accepted: {:?}", examples.first());
    }
    let info = truce_app::pipeline::place(store)?
        .context("the batch could not be placed; a full evaluation was needed")?;
    Ok(info.placed.unwrap_or(0))
}

/// What incremental placement costs after the full run.
#[derive(Serialize)]
struct Incremental {
    /// 1,000 new reports of one day (another seed, the same places) into the
    /// stored workspace, as `truce ingest` places them: parse, log, store,
    /// place, judge, store the incidents that changed.
    batch_1000_s: f64,
    /// Reports whose incidents the batch rebuilt (those it touched).
    batch_1000_rebuilt: u64,
    /// 1,000 new reports spread over the whole period.
    spread_1000_s: f64,
    spread_1000_rebuilt: u64,
    /// One report at a time, as an API submission is handled (without
    /// HTTP): stored, logged, placed, its incident known. Over 100 reports.
    single_p50_ms: f64,
    single_p99_ms: f64,
}

/// The incremental figures: a day's batch of 1,000, 1,000 spread over the
/// period, then 100 single reports.
fn incremental(
    store: &mut dyn truce_store::Store,
    dir: &std::path::Path,
    seed: u64,
    tz: &jiff::tz::TimeZone,
) -> Result<Incremental> {
    // A day's intake: 1,000 reports of one day in the middle of the
    // period, as a mission receives them.
    // (`truce gen --start 2025-04-01 --days 1` writes the same file.)
    let batch = dir.join("batch-1000.csv");
    crate::cmd::generate::run_dated(1000, seed + 1000, "2025-04-01".into(), 1, &batch)?;
    let (rebuilt, batch_s) = timed(|| ingest_and_place(store, &batch, tz))?;
    // The same number spread over the whole period: the neighbourhoods of
    // a thousand moments to re-correlate.
    let spread = dir.join("batch-spread-1000.csv");
    crate::cmd::generate::run(1000, seed + 3000, &spread)?;
    let (spread_rebuilt, spread_s) = timed(|| ingest_and_place(store, &spread, tz))?;
    let singles = dir.join("singles.csv");
    crate::cmd::generate::run(100, seed + 2000, &singles)?;
    let text = std::fs::read_to_string(&singles)?;
    let mut lines = text.lines();
    let header = lines.next().context("empty file")?;
    let mut times = Vec::with_capacity(100);
    // As the server does: its write-ahead log is copied into the database
    // by a background task, not by the submission that fills it.
    store.defer_checkpoints()?;
    for (i, row) in lines.enumerate() {
        let one = dir.join(format!("single-{i}.csv"));
        std::fs::write(&one, format!("{header}\n{row}\n"))?;
        let (_, s) = timed(|| ingest_and_place(store, &one, tz))?;
        times.push(s * 1000.0);
        store.checkpoint()?;
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    Ok(Incremental {
        batch_1000_s: batch_s,
        batch_1000_rebuilt: rebuilt,
        spread_1000_s: spread_s,
        spread_1000_rebuilt: spread_rebuilt,
        single_p50_ms: at(0.5),
        single_p99_ms: at(0.99),
    })
}
/// Peak resident memory of this process so far, from the kernel.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn run(
    sizes: &[usize],
    seed: u64,
    input: Option<&std::path::Path>,
    json: bool,
    postgres: Option<&str>,
) -> Result<Outcome> {
    let agreement = crate::cmd::demo::shipped_agreement()?;
    let tz = crate::workspace::timezone(&agreement);
    let mut runs = Vec::new();
    let sizes: Vec<usize> = if input.is_some() {
        vec![0]
    } else {
        sizes.to_vec()
    };
    for n in sizes {
        let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
        let (csv, generate_s) = match input {
            Some(path) => (path.to_path_buf(), 0.0),
            None => {
                let csv = dir.path().join(format!("gen-{n}.csv"));
                let t = Instant::now();
                crate::cmd::generate::run(n, seed, &csv)?;
                (csv, t.elapsed().as_secs_f64())
            }
        };

        let db = match postgres {
            Some(url) => format!("{}_{n}", url.trim_end_matches('/')),
            None => dir.path().join("bench.db").to_string_lossy().into_owned(),
        };
        let mut store = crate::workspace::create(&db, crate::cmd::demo::AGREEMENT, &agreement)?;
        let mut examples = Vec::new();
        let t = Instant::now();
        let counts = crate::cmd::ingest::ingest_path(
            &mut *store,
            &csv,
            truce_ingest::canonical::Format::Csv,
            &tz,
            &mut examples,
        )?;
        let ingest_s = t.elapsed().as_secs_f64();
        if input.is_none() && counts.accepted as usize != n {
            anyhow::bail!(
                "ingest accepted {} of {n} generated reports: {:?}",
                counts.accepted,
                examples.first()
            );
        }

        let n = counts.accepted as usize;
        let t = Instant::now();
        let (ids, reports) = store.reports(false)?;
        let load_s = t.elapsed().as_secs_f64();
        let cfg = CorrelateConfig::default();
        let t = Instant::now();
        let mut incidents =
            truce_engine::correlate_ranked(&reports, &truce_app::pipeline::ranks(&ids), &cfg);
        let correlate_s = t.elapsed().as_secs_f64();
        let t_locate = Instant::now();
        crate::cmd::evaluate::locate_incidents(&mut incidents);
        let locate_s = t_locate.elapsed().as_secs_f64();
        // Evaluation alone, on every core, into scratch buffers: the engine's
        // cost without storage.
        let t = Instant::now();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = incidents.len().div_ceil(threads).max(1);
        let findings: usize = std::thread::scope(|s| {
            let handles: Vec<_> = incidents
                .chunks(chunk)
                .map(|part| {
                    let (agreement, reports, cfg) = (&agreement, &reports, &cfg);
                    s.spawn(move || {
                        let ev = truce_engine::Evaluator::new(agreement, cfg.clone());
                        let mut scratch = Vec::new();
                        let mut n = 0;
                        for inc in part {
                            scratch.clear();
                            ev.evaluate(reports, inc, false, &mut scratch);
                            n += scratch.len();
                        }
                        n
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .sum()
        });
        let evaluate_s = t.elapsed().as_secs_f64();
        // What `truce evaluate` logs first, so that placement continues
        // from this evaluation.
        truce_app::pipeline::log_reference_data(&mut *store)?;
        let t = Instant::now();
        let info = truce_store::EvaluationInfo {
            at: 0,
            agreement_version: 1,
            reference_data: crate::cmd::evaluate::reference_data_version(&*store)?,
            reports: reports.len() as u64,
            incidents: incidents.len() as u64,
            findings: 0,
            log_size: Some(store.log_size()?),
            placed: None,
        };
        crate::cmd::evaluate::evaluate_and_store(
            &mut *store,
            &agreement,
            &reports,
            truce_app::pipeline::Members {
                report_ids: &ids,
                groups: &truce_app::pipeline::groups(&ids, &incidents),
            },
            &incidents,
            &cfg,
            &info,
        )?;
        let save_s = t.elapsed().as_secs_f64();
        let inc = incremental(&mut *store, dir.path(), seed, &tz)?;
        let run = Run {
            reports: n,
            generate_s,
            ingest_s,
            ingest_reports_per_s: n as f64 / ingest_s,
            load_s,
            correlate_s,
            evaluate_s,
            correlate_evaluate_s: correlate_s + evaluate_s,
            locate_s,
            evaluate_and_save_s: save_s,
            incidents: incidents.len(),
            findings,
            incremental: inc,
            peak_rss_mib: peak_rss_mib(),
        };
        if !json {
            eprintln!(
                "{n} reports: ingest {ingest_s:.2} s ({:.0} reports/s); load {load_s:.2} s; correlate {correlate_s:.2} s + evaluate {evaluate_s:.2} s = {:.2} s; evaluate and save {save_s:.2} s; {} incidents, {} findings; peak memory {:.0} MiB",
                run.ingest_reports_per_s,
                run.correlate_evaluate_s,
                run.incidents,
                run.findings,
                run.peak_rss_mib
            );
            let i = &run.incremental;
            eprintln!(
                "  then incrementally: a day's 1,000 new reports placed in {:.3} s (rebuilding the incidents of {} reports); 1,000 spread over the period {:.3} s ({} rebuilt); one report at a time: p50 {:.1} ms, p99 {:.1} ms",
                i.batch_1000_s,
                i.batch_1000_rebuilt,
                i.spread_1000_s,
                i.spread_1000_rebuilt,
                i.single_p50_ms,
                i.single_p99_ms
            );
        }
        runs.push(run);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&runs)?);
    }
    Ok(Outcome::Ok)
}

#[derive(Serialize)]
struct LogRun {
    entries: u64,
    entry_bytes: usize,
    append_s: f64,
    appends_per_s: f64,
    prove_us: f64,
    verify_proof_us: f64,
    verify_log_s: f64,
    peak_rss_mib: f64,
}

/// Durable appends in batches of 8,192 entries (one transaction and fsync
/// each), then 1,000 inclusion proofs at random positions, produced from the
/// stored hashes and verified, then a full `truce log verify`.
pub fn run_log(entries: u64, json: bool) -> Result<Outcome> {
    // Entries of a kind no projection is kept of: the log alone is measured.
    use truce_store::log::{KIND_REFERENCE, encode_entry};
    let agreement = crate::cmd::demo::shipped_agreement()?;
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let db = dir.path().join("log.db").to_string_lossy().into_owned();
    let mut store = crate::workspace::create(&db, crate::cmd::demo::AGREEMENT, &agreement)?;
    // Entries the size of a typical report entry (about 600 bytes).
    let filler = "x".repeat(520);
    let make = |i: u64| {
        encode_entry(
            KIND_REFERENCE,
            format!("{{\"n\":{i},\"pad\":\"{filler}\"}}").as_bytes(),
        )
    };
    let entry_bytes = make(0).len();
    let bar = super::progress_bar(
        entries,
        "appending [{bar:30}] {pos}/{len} entries ({eta})",
        true,
    );
    let t = Instant::now();
    let mut done = 0u64;
    while done < entries {
        let n = (entries - done).min(8192);
        let batch: Vec<Vec<u8>> = (done..done + n).map(make).collect();
        store.log_append_batch(KIND_REFERENCE, &batch)?;
        done += n;
        bar.set_position(done);
    }
    let append_s = t.elapsed().as_secs_f64();
    bar.finish_and_clear();
    crate::workspace::sign_checkpoint(&mut *store)?;
    let size = store.log_size()?;
    let root = store.log_root(size)?;

    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut prove = std::time::Duration::ZERO;
    let mut check = std::time::Duration::ZERO;
    for _ in 0..1000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let i = x % size;
        let t = Instant::now();
        let mut leaf = None;
        store.log_scan(i, &mut |_, _, d| {
            leaf = Some(truce_ledger::leaf_hash(d));
            false
        })?;
        let proof = store.log_inclusion_proof(i, size)?;
        prove += t.elapsed();
        let leaf = leaf.context("entry missing")?;
        let t = Instant::now();
        truce_ledger::verify_inclusion(&leaf, i, size, &proof, &root)
            .map_err(|e| anyhow::anyhow!("proof for entry {i} fails: {e}"))?;
        check += t.elapsed();
    }
    drop(store);
    let t = Instant::now();
    crate::cmd::log::verify(&db, &[])?;
    let verify_log_s = t.elapsed().as_secs_f64();
    let run = LogRun {
        entries: size,
        entry_bytes,
        append_s,
        appends_per_s: entries as f64 / append_s,
        prove_us: prove.as_secs_f64() * 1e6 / 1000.0,
        verify_proof_us: check.as_secs_f64() * 1e6 / 1000.0,
        verify_log_s,
        peak_rss_mib: peak_rss_mib(),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&run)?);
    } else {
        eprintln!(
            "{} entries of {} bytes: {:.0} durable appends/s; inclusion proof {:.0} µs to produce, {:.1} µs to verify; full verify {:.1} s; peak memory {:.0} MiB",
            run.entries,
            run.entry_bytes,
            run.appends_per_s,
            run.prove_us,
            run.verify_proof_us,
            run.verify_log_s,
            run.peak_rss_mib
        );
    }
    Ok(Outcome::Ok)
}

/// One foreign layout's throughput.
#[derive(Serialize)]
struct FeedRun {
    layout: &'static str,
    rows: usize,
    generate_s: f64,
    /// Reading and mapping alone (from memory, no store).
    read_s: f64,
    read_rows_per_s: f64,
    /// As `truce ingest --no-evaluate` runs it: read, map, log, store.
    ingest_s: f64,
    ingest_rows_per_s: f64,
    accepted: u64,
    rejected: u64,
    skipped: u64,
}

/// `truce bench --feeds N`: each adapter on N generated rows of its layout.
pub fn run_feeds(rows: usize, seed: u64, json: bool) -> Result<Outcome> {
    use truce_ingest::table::Summary;
    let agreement = crate::cmd::demo::shipped_agreement()?;
    let tz = crate::workspace::timezone(&agreement);
    let gazetteer = truce_geo::Gazetteer::embedded();
    let signers = truce_ingest::canonical::Signers::default();
    let ctx = truce_ingest::canonical::Context {
        tz: tz.clone(),
        gazetteer: gazetteer.into(),
        signers: &signers,
    };
    type Gen = fn(usize, u64, &mut Vec<u8>) -> std::io::Result<()>;
    let layouts: [(&'static str, Gen); 3] = [
        ("acled", |n, s, o| truce_synth::feeds::acled::write(n, s, o)),
        ("firms", |n, s, o| truce_synth::feeds::firms::write(n, s, o)),
        ("air-tallies", |n, s, o| {
            truce_synth::feeds::tallies::write(n, s, o)
        }),
    ];
    let mut runs = Vec::new();
    for (layout, generate) in layouts {
        let t = Instant::now();
        let mut bytes = Vec::new();
        generate(rows, seed, &mut bytes)?;
        let generate_s = t.elapsed().as_secs_f64();

        let mut summary = Summary::new(layout);
        let mut read = 0u64;
        let count = |_row: truce_ingest::canonical::Row| read += 1;
        let t = Instant::now();
        match layout {
            "acled" => truce_ingest::acled::read(&bytes[..], layout, &ctx, &mut summary, count),
            "firms" => truce_ingest::firms::read(
                &bytes[..],
                layout,
                &ctx,
                agreement.area_of_interest.as_ref(),
                &mut summary,
                count,
            ),
            _ => truce_ingest::tallies::read(&bytes[..], layout, &ctx, &mut summary, count),
        }
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let read_s = t.elapsed().as_secs_f64();

        let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
        let file = dir.path().join(format!("{layout}.csv"));
        std::fs::write(&file, &bytes).context("cannot write the generated file")?;
        drop(bytes);
        let db = dir.path().join("bench.db").to_string_lossy().into_owned();
        let mut store = crate::workspace::create(&db, crate::cmd::demo::AGREEMENT, &agreement)?;
        let mut examples = Vec::new();
        let t = Instant::now();
        let counts = crate::cmd::ingest::ingest_path(
            &mut *store,
            &file,
            truce_ingest::canonical::Format::Csv,
            &tz,
            &mut examples,
        )?;
        let ingest_s = t.elapsed().as_secs_f64();
        runs.push(FeedRun {
            layout,
            rows,
            generate_s,
            read_s,
            read_rows_per_s: rows as f64 / read_s.max(1e-9),
            ingest_s,
            ingest_rows_per_s: rows as f64 / ingest_s.max(1e-9),
            accepted: counts.accepted,
            rejected: counts.rejected,
            skipped: summary.skipped_total(),
        });
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&runs)?);
    } else {
        for r in &runs {
            println!(
                "{:<12} {} rows: read {:.2} s ({:.0} rows/s); ingest {:.2} s ({:.0} rows/s); {} accepted, {} rejected, {} skipped",
                r.layout,
                r.rows,
                r.read_s,
                r.read_rows_per_s,
                r.ingest_s,
                r.ingest_rows_per_s,
                r.accepted,
                r.rejected,
                r.skipped
            );
        }
    }
    Ok(Outcome::Ok)
}

/// The pyais side of `truce bench --ais`, run by the Python given.
const PYAIS_BENCH: &str = include_str!("../../../../scripts/ais-bench/pyais_bench.py");

#[derive(Serialize)]
struct AisRun {
    sentences: usize,
    messages: usize,
    vessels: usize,
    file_mib: f64,
    generate_s: f64,
    /// Reading, reassembling and decoding, on one core: by the clock, and
    /// in CPU time (which other work on a shared machine does not inflate).
    decode_s: f64,
    decode_cpu_s: f64,
    decode_sentences_per_s: f64,
    decode_sentences_per_cpu_s: f64,
    /// The same, writing every message as JSON Lines (to nowhere), as
    /// `truce ais decode --json` does.
    decode_json_s: f64,
    decode_json_sentences_per_s: f64,
    peak_rss_mib: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pyais: Option<PyaisRun>,
}

#[derive(Serialize, serde::Deserialize)]
struct PyaisRun {
    version: String,
    messages: usize,
    seconds: f64,
    cpu_seconds: f64,
    #[serde(default)]
    sentences_per_s: f64,
    #[serde(default)]
    sentences_per_cpu_s: f64,
    /// How many times faster Truce decoded the same file, in CPU time.
    #[serde(default)]
    truce_speedup: f64,
}

/// CPU time this thread has used, in seconds.
fn thread_cpu_s() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec to the pointer given, which
    // points to a live local.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if ok {
        ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
    } else {
        0.0
    }
}

/// Times AIS decoding on `sentences` generated lines (300 vessels), and
/// pyais on the same file when a Python with pyais is given.
pub fn run_ais(
    sentences: usize,
    seed: u64,
    python: Option<&std::path::Path>,
    json: bool,
) -> Result<Outcome> {
    use truce_ingest::ais::{Decoder, read};
    const VESSELS: usize = 300;
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let file = dir.path().join("traffic.nmea");
    let t = Instant::now();
    let messages = {
        let mut w = std::fs::File::create(&file).context("cannot write the generated file")?;
        truce_synth::ais::traffic::write(sentences, VESSELS, seed, &mut w)?
    };
    let generate_s = t.elapsed().as_secs_f64();
    let file_mib = std::fs::metadata(&file)?.len() as f64 / (1 << 20) as f64;

    let decode = |to_json: bool| -> Result<(usize, f64, f64)> {
        let input = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(&file)?);
        let mut decoder = Decoder::default();
        let mut sink = std::io::BufWriter::new(std::io::sink());
        let mut n = 0usize;
        let cpu = thread_cpu_s();
        let t = Instant::now();
        read(input, &mut decoder, |m, d| {
            n += 1;
            if to_json {
                let _ = serde_json::to_writer(&mut sink, &m);
                let _ = std::io::Write::write_all(&mut sink, b"\n");
            }
            d.take_problems();
        })?;
        let s = t.elapsed().as_secs_f64();
        let cpu = thread_cpu_s() - cpu;
        if decoder.stats().bad_total() > 0 {
            anyhow::bail!("the generated file has bad lines: {:?}", decoder.stats());
        }
        Ok((n, s, cpu))
    };
    // Once to warm the page cache, as pyais will find it warm too; then the
    // fastest of three, the run least disturbed by other work.
    decode(false)?;
    let (mut decoded, mut decode_s, mut decode_cpu_s) = decode(false)?;
    for _ in 0..2 {
        let (n, s, cpu) = decode(false)?;
        decoded = n;
        decode_s = decode_s.min(s);
        decode_cpu_s = decode_cpu_s.min(cpu);
    }
    if decoded != messages {
        anyhow::bail!("decoded {decoded} messages of the {messages} written");
    }
    let (_, decode_json_s, _) = decode(true)?;
    let per_s = |s: f64| sentences as f64 / s.max(1e-9);

    let pyais = match python {
        None => None,
        Some(py) => {
            let script = dir.path().join("pyais_bench.py");
            std::fs::write(&script, PYAIS_BENCH)?;
            let out = std::process::Command::new(py)
                .arg(&script)
                .arg(&file)
                .output()
                .with_context(|| format!("cannot run {}", py.display()))?;
            if !out.status.success() {
                anyhow::bail!(
                    "pyais failed ({}); scripts/ais-bench/run.sh installs it: {}",
                    py.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let mut run: PyaisRun = serde_json::from_slice(&out.stdout)
                .context("cannot read what the pyais script printed")?;
            run.sentences_per_s = per_s(run.seconds);
            run.sentences_per_cpu_s = per_s(run.cpu_seconds);
            run.truce_speedup = run.cpu_seconds / decode_cpu_s.max(1e-9);
            Some(run)
        }
    };
    let run = AisRun {
        sentences,
        messages,
        vessels: VESSELS,
        file_mib,
        generate_s,
        decode_s,
        decode_cpu_s,
        decode_sentences_per_s: per_s(decode_s),
        decode_sentences_per_cpu_s: per_s(decode_cpu_s),
        decode_json_s,
        decode_json_sentences_per_s: per_s(decode_json_s),
        peak_rss_mib: peak_rss_mib(),
        pyais,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&run)?);
        return Ok(Outcome::Ok);
    }
    println!(
        "{} sentences ({} messages, {:.1} MiB) from {} vessels",
        run.sentences, run.messages, run.file_mib, run.vessels
    );
    println!(
        "truce: decode {:.3} s, {:.3} s of CPU ({:.0} sentences per CPU second, one core); with JSON output {:.3} s ({:.0}/s); peak RSS {:.0} MiB",
        run.decode_s,
        run.decode_cpu_s,
        run.decode_sentences_per_cpu_s,
        run.decode_json_s,
        run.decode_json_sentences_per_s,
        run.peak_rss_mib
    );
    match &run.pyais {
        Some(p) => println!(
            "pyais {}: {:.3} s, {:.3} s of CPU ({:.0} sentences per CPU second, {} messages); truce is {:.1}× faster",
            p.version, p.seconds, p.cpu_seconds, p.sentences_per_cpu_s, p.messages, p.truce_speedup
        ),
        None => println!("pyais: not run (pass --python, or use scripts/ais-bench/run.sh)"),
    }
    Ok(Outcome::Ok)
}

/// One language's share of a statement run.
#[derive(Serialize)]
struct StatementRun {
    lang: &'static str,
    statements: usize,
    bytes: usize,
    candidates: usize,
    extract_s: f64,
    statements_per_s: f64,
}

/// `truce bench --statements N`: the statement extractor on N generated
/// statements (English, Ukrainian and Russian, in the styles of an air
/// force tally, a governor's message and a ministry's post), on this
/// thread alone: one core.
pub fn run_statements(n: usize, seed: u64, json: bool) -> Result<Outcome> {
    use truce_ingest::statements::{Extractor, Lang, Statement};
    if n == 0 {
        anyhow::bail!("--statements: give a number of statements above 0");
    }
    let agreement = crate::cmd::demo::shipped_agreement()?;
    let tz = crate::workspace::timezone(&agreement);
    let t = Instant::now();
    let generated = truce_synth::statements::generate(n, seed);
    let generate_s = t.elapsed().as_secs_f64();
    let statements: Vec<Statement> = generated
        .into_iter()
        .map(|g| Statement {
            source: g.source.to_string(),
            published_at: g.published_at,
            text: g.text,
            lang: Lang::parse(g.lang),
            url: None,
        })
        .collect();
    // The gazetteer and the lexicon are built on first use: not part of
    // what a statement costs.
    let t = Instant::now();
    let extractor = Extractor::new(&agreement, truce_geo::Gazetteer::embedded(), tz);
    let _ = extractor.candidates(&statements[0]);
    let start_s = t.elapsed().as_secs_f64();

    let mut runs = Vec::new();
    let mut total = StatementRun {
        lang: "all",
        statements: 0,
        bytes: 0,
        candidates: 0,
        extract_s: 0.0,
        statements_per_s: 0.0,
    };
    for lang in [Lang::En, Lang::Uk, Lang::Ru] {
        let batch: Vec<&Statement> = statements.iter().filter(|s| s.lang == Some(lang)).collect();
        let bytes = batch.iter().map(|s| s.text.len()).sum();
        let mut candidates = 0;
        let t = Instant::now();
        for st in &batch {
            candidates += extractor
                .candidates(st)
                .map_err(|e| anyhow::anyhow!("a generated statement was refused: {e}"))?
                .len();
        }
        let extract_s = t.elapsed().as_secs_f64();
        total.statements += batch.len();
        total.bytes += bytes;
        total.candidates += candidates;
        total.extract_s += extract_s;
        runs.push(StatementRun {
            lang: lang.as_str(),
            statements: batch.len(),
            bytes,
            candidates,
            extract_s,
            statements_per_s: batch.len() as f64 / extract_s.max(1e-9),
        });
    }
    total.statements_per_s = total.statements as f64 / total.extract_s.max(1e-9);
    runs.push(total);
    if json {
        #[derive(Serialize)]
        struct Out<'a> {
            generate_s: f64,
            start_s: f64,
            runs: &'a [StatementRun],
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&Out {
                generate_s,
                start_s,
                runs: &runs,
            })?
        );
    } else {
        println!(
            "{n} statements generated in {generate_s:.2} s; gazetteer and lexicon ready in {start_s:.2} s; one core:"
        );
        for r in &runs {
            println!(
                "  {:<4} {:>8} statements ({:.1} MB): {:.2} s, {:.0} statements/s, {} candidates",
                r.lang,
                r.statements,
                r.bytes as f64 / 1e6,
                r.extract_s,
                r.statements_per_s,
                r.candidates
            );
        }
    }
    Ok(Outcome::Ok)
}
