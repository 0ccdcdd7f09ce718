//! How many arenas glibc's allocator may keep. It gives each thread that
//! allocates while others do an arena of its own, up to eight per core, and
//! keeps what each arena once held; memory freed into one arena is not
//! reused by allocations from another.
//!
//! - A batch command (`truce ingest`) parses and encodes rows on worker
//!   threads, then evaluates on the main one: with one arena, the evaluation
//!   reuses what the parsing freed. The 1,000,000-report ingest peaked at
//!   1,028 MiB with glibc's default and at less with one arena
//!   (docs/benchmarks.md); at 100,000 reports, 273 against 226 MB, in the
//!   same time.
//! - The server's runtime and blocking threads (15 in the soak) grew its
//!   resident memory by about 3.5 MiB a minute under writes with the default;
//!   with one arena per core, all but SQLite's page caches stay flat
//!   (docs/reliability.md, "Soak").
//!
//! `MALLOC_ARENA_MAX`, when set, is left to rule.

/// Allows at most `arenas` arenas from now on.
pub fn limit_arenas(arenas: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        let arenas = libc::c_int::try_from(arenas.max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets a tunable of the allocator.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = arenas;
}

/// One arena per core (at least two): for the server.
pub fn per_core() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}
