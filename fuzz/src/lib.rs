//! What the fuzz targets share: a reading context and the checks every
//! row-based reader must pass.

use std::sync::LazyLock;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Row, Signers};

static NO_SIGNERS: LazyLock<Signers> = LazyLock::new(Signers::default);

pub fn ctx() -> Context<'static> {
    Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv").unwrap_or(jiff::tz::TimeZone::UTC),
        gazetteer: Gazetteer::embedded().into(),
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

/// A workspace for the API's targets, made once per process: the shipped
/// agreement, a few reports evaluated into incidents, and an account of
/// each role, in SQLite in a temporary directory.
pub struct Api {
    _dir: tempfile::TempDir,
    pub store: truce_app::workspace::Workspace,
    pub reference: truce_app::Reference,
}

const AGREEMENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../agreements/partial-truce-2025.toml"
);
const REPORTS: &[u8] = include_bytes!("../seeds/canonical_csv/full.csv");

impl Api {
    fn new() -> Api {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("api.db").to_string_lossy().into_owned();
        let file = truce_app::workspace::read_agreement(std::path::Path::new(AGREEMENT))
            .expect("the shipped agreement");
        let mut store =
            truce_app::workspace::create(&db, &file.text, &file.agreement).expect("a workspace");
        for (name, role, party) in [
            ("admin", truce_store::Role::Administrator, None),
            ("mon", truce_store::Role::Monitor, None),
            ("adj", truce_store::Role::Adjudicator, None),
            ("ua-liaison", truce_store::Role::Liaison, Some("ua")),
        ] {
            store.add_user(name, role, party, None).expect("an account");
        }
        let reference = truce_app::Reference::load(&*store).expect("the reference data");
        let signers = truce_app::ingest::signers(&*store).expect("signers");
        let ctx = truce_ingest::canonical::Context {
            tz: reference.timezone(),
            gazetteer: reference.gazetteer.lazy(),
            signers: &signers,
        };
        let origin = truce_app::ingest::Origin::new(&*store, "seed.csv", "seed.csv", "mission")
            .expect("an origin");
        truce_app::ingest::stream(&mut *store, origin, |sink| {
            truce_ingest::canonical::read_csv(REPORTS, "seed.csv", &ctx, sink)
        })
        .expect("the seed reports are stored");
        truce_app::pipeline::evaluate(&mut *store, &|_| {}).expect("an evaluation");
        Api {
            _dir: dir,
            store,
            reference,
        }
    }
}

thread_local! {
    static API: Api = Api::new();
}

/// Runs `f` with the API's workspace (libFuzzer runs one input at a time).
pub fn with_api<R>(f: impl FnOnce(&Api) -> R) -> R {
    API.with(f)
}
