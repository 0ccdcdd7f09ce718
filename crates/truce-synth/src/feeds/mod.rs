//! Generated files in the foreign layouts Truce imports (ACLED, NASA FIRMS,
//! air-attack tallies), for the adapters' benchmarks: realistic values and
//! the quirks of real files, at any size, from a seed.

pub mod acled;
pub mod firms;
pub mod tallies;
