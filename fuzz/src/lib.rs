//! What the fuzz targets share: a reading context and the checks every
//! row-based reader must pass.

use std::sync::LazyLock;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Row, Signers};

static NO_SIGNERS: LazyLock<Signers> = LazyLock::new(Signers::default);

pub fn ctx() -> Context<'static> {
    Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv").unwrap_or(jiff::tz::TimeZone::UTC),
        gazetteer: Gazetteer::embedded(),
        signers: &NO_SIGNERS,
    }
}

/// Every row, accepted or rejected, names a data line (the header is line 1),
/// and lines come in order.
pub fn check_rows(rows: &[Row], file: &str) {
    let mut last = 1u64;
    for r in rows {
        let line = match r {
            Ok(a) => a.line,
            Err(rej) => {
                assert_eq!(rej.file, file, "a rejection names its file");
                assert!(!rej.reason.is_empty(), "a rejection says why");
                rej.line
            }
        };
        assert!(line >= 2, "a row names a data line, not {line}");
        assert!(line >= last, "rows come in line order ({last} then {line})");
        last = line;
    }
}
