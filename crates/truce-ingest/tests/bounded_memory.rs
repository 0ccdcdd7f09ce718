//! The readers keep a few megabytes whatever the size of a field, a row or a
//! line: a counting allocator measures the peak heap while they read inputs
//! made on the fly, which are never held in memory themselves.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use truce_ingest::canonical::{read_csv, read_jsonl};

mod common;
use common::{Lazy, Part, ctx};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only
// the sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests measure one at a time, or each would count the other's heap.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const BOUND: usize = 32 << 20;
const HUGE: u64 = 300 << 20;

/// Runs `f` and returns what it returned and the most heap it used beyond
/// what was in use before.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst).saturating_sub(base))
}

const HEADER: &str = "source,external_id,reported_at,occurred_at,time_precision,latitude,longitude,place,geo_precision,act,means,target_class,target_name,perpetrator,claimant,stance,reliability,credibility,killed,injured,text,url";

fn csv_row(id: u32) -> String {
    format!("a,{id},,2025-04-01,,,,,,strike,,,,,,,,,,,,\n")
}

fn json_row(id: u32) -> String {
    format!("{{\"source\":\"a\",\"external_id\":\"{id}\",\"occurred_at\":\"2025-04-01\"}}\n")
}

/// (line, accepted) of every row.
type Seen = Vec<(u64, bool)>;

#[test]
fn a_300_megabyte_csv_field_is_read_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = ctx();
    let (seen, peak) = peak_heap(|| {
        let input = Lazy::new(vec![
            Part::Bytes(
                format!(
                    "{HEADER}\n{}a,2,,2025-04-01,,,,,,strike,,,,,,,,,,,",
                    csv_row(1)
                )
                .into_bytes(),
            ),
            Part::Repeat(b'x', HUGE),
            Part::Bytes(format!(",\n{}{}", csv_row(3), csv_row(4)).into_bytes()),
        ]);
        let mut seen = Seen::new();
        read_csv(input, "big.csv", &ctx, |r| {
            seen.push(match r {
                Ok(a) => (a.line, true),
                Err(r) => (r.line, false),
            })
        })
        .expect("readable");
        seen
    });
    assert_eq!(seen, vec![(2, true), (3, false), (4, true), (5, true)]);
    assert!(peak < BOUND, "peak heap {peak} bytes");
    eprintln!("CSV with a {HUGE}-byte field: peak heap {peak} bytes");
}

#[test]
fn a_300_megabyte_quoted_csv_field_over_many_lines_is_read_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = ctx();
    let (seen, peak) = peak_heap(|| {
        // A quote never closed, then 300 MB of lines after it.
        let input = Lazy::new(vec![
            Part::Bytes(
                format!(
                    "{HEADER}\n{}a,2,,2025-04-01,,,,,,strike,,,,,,,,,,,\"",
                    csv_row(1)
                )
                .into_bytes(),
            ),
            Part::Repeat(b'\n', HUGE),
            Part::Bytes(format!("{}{}", csv_row(3), csv_row(4)).into_bytes()),
        ]);
        let mut seen = Seen::new();
        read_csv(input, "big.csv", &ctx, |r| {
            seen.push(match r {
                Ok(a) => (a.line, true),
                Err(r) => (r.line, false),
            })
        })
        .expect("readable");
        seen
    });
    assert_eq!(
        seen,
        vec![(2, true), (3, false), (3 + HUGE, true), (4 + HUGE, true)]
    );
    assert!(peak < BOUND, "peak heap {peak} bytes");
    eprintln!("CSV with an unclosed quote over {HUGE} lines: peak heap {peak} bytes");
}

#[test]
fn a_300_megabyte_json_line_is_read_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = ctx();
    let (seen, peak) = peak_heap(|| {
        let input = Lazy::new(vec![
            Part::Bytes(format!("{}{{\"source\":\"a\",\"text\":\"", json_row(1)).into_bytes()),
            Part::Repeat(b'x', HUGE),
            Part::Bytes(format!("\"}}\n{}{}", json_row(3), json_row(4)).into_bytes()),
        ]);
        let mut seen = Seen::new();
        read_jsonl(input, "big.jsonl", &ctx, |r| {
            seen.push(match r {
                Ok(a) => (a.line, true),
                Err(r) => (r.line, false),
            })
        })
        .expect("readable");
        seen
    });
    assert_eq!(seen, vec![(1, true), (2, false), (3, true), (4, true)]);
    assert!(peak < BOUND, "peak heap {peak} bytes");
    eprintln!("JSON Lines with a {HUGE}-byte line: peak heap {peak} bytes");
}

#[test]
fn ais_decoding_holds_the_same_heap_for_a_thousand_lines_as_for_100_000() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let decode = |lines: usize| {
        // Made before measuring: the input is not the decoder's heap.
        let mut input = Vec::new();
        truce_synth::ais::traffic::write(lines, 300, 3, &mut input).expect("generate");
        let (n, heap) = peak_heap(|| {
            let mut d = truce_ingest::ais::Decoder::default();
            let mut n = 0usize;
            truce_ingest::ais::read(std::io::BufReader::new(&input[..]), &mut d, |_, d| {
                n += 1;
                d.take_problems();
            })
            .expect("read");
            n
        });
        assert!(n > lines / 2);
        heap
    };
    let small = decode(1_000);
    let large = decode(100_000);
    // The reader's buffer, the bit buffer and a few fragment buffers.
    assert!(large < 256 << 10, "{large} bytes for 100,000 lines");
    assert!(
        large <= small + (16 << 10),
        "{small} bytes for 1,000 lines, {large} for 100,000"
    );
}
