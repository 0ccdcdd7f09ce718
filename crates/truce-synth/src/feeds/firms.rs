//! NASA FIRMS active-fire files for the adapter's benchmark: the archive
//! layout (MODIS with numeric confidence and VIIRS with `l/n/h`, an
//! instrument column) or the near-real-time VIIRS layout (`bright_ti4`,
//! confidence `low/nominal/high`), with acquisition times written without
//! leading zeros as the real files do. Fires cluster in a few burning areas
//! of Ukraine and southern Russia, over a season. The detections are invented.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{self, Write};

pub const ARCHIVE_HEADER: &str = "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_t31,frp,daynight,type";
pub const NRT_HEADER: &str = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight";

/// Centres of burning areas (lat, lon): front-line districts, fields, and
/// energy sites.
const AREAS: [(f64, f64); 8] = [
    (48.02, 37.80),
    (47.84, 35.14),
    (49.99, 36.23),
    (46.64, 32.61),
    (51.50, 31.30),
    (47.10, 37.55),
    (52.72, 41.45),
    (50.60, 36.58),
];

/// Writes `n` archive rows (MODIS and VIIRS mixed) after a header.
pub fn write<W: Write>(n: usize, seed: u64, out: &mut W) -> io::Result<()> {
    write_layout(n, seed, false, out)
}

/// Writes `n` near-real-time VIIRS rows after a header.
pub fn write_nrt<W: Write>(n: usize, seed: u64, out: &mut W) -> io::Result<()> {
    write_layout(n, seed, true, out)
}

fn write_layout<W: Write>(n: usize, seed: u64, nrt: bool, out: &mut W) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    let mut rng = SmallRng::seed_from_u64(seed);
    writeln!(out, "{}", if nrt { NRT_HEADER } else { ARCHIVE_HEADER })?;
    let start = jiff::civil::date(2025, 3, 1);
    for _ in 0..n {
        let (clat, clon) = AREAS[rng.gen_range(0..AREAS.len())];
        let lat = clat + rng.gen_range(-0.4..0.4);
        let lon = clon + rng.gen_range(-0.6..0.6);
        let day = start
            .checked_add(jiff::Span::new().days(rng.gen_range(0..92)))
            .unwrap_or(start);
        // Overpasses: around 01:00, 09:00, 11:00 and 23:00 UTC.
        let pass = [100, 850, 1105, 2310][rng.gen_range(0..4)];
        let t = pass + rng.gen_range(0..40);
        let (h, m) = (t / 100, t % 100);
        let time = h * 100 + m.min(59);
        let daynight = if (3..16).contains(&h) { "D" } else { "N" };
        let frp = rng.gen_range(0.5..120.0f64);
        let modis = !nrt && rng.gen_bool(0.35);
        if nrt {
            let sat = ["N", "N20", "N21"][rng.gen_range(0..3)];
            let conf = ["low", "nominal", "nominal", "high"][rng.gen_range(0..4)];
            writeln!(
                out,
                "{lat:.5},{lon:.5},{:.2},{:.2},{:.2},{day},{time},{sat},{conf},2.0NRT,{:.2},{frp:.2},{daynight}",
                rng.gen_range(300.0..367.0f64),
                rng.gen_range(0.32..0.8f64),
                rng.gen_range(0.36..0.78f64),
                rng.gen_range(270.0..310.0f64),
            )?;
        } else if modis {
            let sat = ["Terra", "Aqua"][rng.gen_range(0..2)];
            writeln!(
                out,
                "{lat:.4},{lon:.4},{:.1},{:.1},{:.1},{day},{time},{sat},MODIS,{},6.03,{:.1},{frp:.1},{daynight},0",
                rng.gen_range(300.0..420.0f64),
                rng.gen_range(1.0..4.8f64),
                rng.gen_range(1.0..2.0f64),
                rng.gen_range(0..=100),
                rng.gen_range(270.0..310.0f64),
            )?;
        } else {
            let sat = ["N", "1"][rng.gen_range(0..2)];
            let conf = ["l", "n", "n", "h"][rng.gen_range(0..4)];
            writeln!(
                out,
                "{lat:.5},{lon:.5},{:.2},{:.2},{:.2},{day},{time},{sat},VIIRS,{conf},2,{:.2},{frp:.2},{daynight},0",
                rng.gen_range(300.0..367.0f64),
                rng.gen_range(0.32..0.8f64),
                rng.gen_range(0.36..0.78f64),
                rng.gen_range(270.0..310.0f64),
            )?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_rows_and_the_count_asked() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(500, 3, &mut a).expect("write");
        write(500, 3, &mut b).expect("write");
        assert_eq!(a, b);
        assert_eq!(a.iter().filter(|&&c| c == b'\n').count(), 501);
        let mut nrt = Vec::new();
        write_nrt(10, 3, &mut nrt).expect("write");
        assert!(nrt.starts_with(NRT_HEADER.as_bytes()));
    }
}
