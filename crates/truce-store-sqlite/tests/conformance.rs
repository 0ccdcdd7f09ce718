//! The SQLite backend passes the storage conformance suite, each check on a
//! fresh workspace file.

use truce_store::conformance;
use truce_store::prelude::*;
use truce_store_sqlite::SqliteStore;

fn fresh(dir: &tempfile::TempDir) -> impl Fn() -> Box<dyn Store> + '_ {
    let n = std::cell::Cell::new(0);
    move || {
        n.set(n.get() + 1);
        let path = dir.path().join(format!("w{}.db", n.get()));
        Box::new(SqliteStore::create(&path.to_string_lossy()).expect("create"))
    }
}

macro_rules! checks {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let dir = tempfile::tempdir().expect("tmp");
                conformance::$name(&fresh(&dir));
            }
        )*
    };
}

checks!(
    agreements,
    reports_and_rejections,
    idempotency_and_supersession,
    results_and_paging,
    list_filters,
    stale_evaluations_are_not_stored,
    placement,
    log_append_and_proofs,
    decisions_and_verdicts,
    publication_follows_reports,
    accounts_and_sessions,
    assignments_and_notes,
    vessels,
    statements_and_candidates,
    text_search,
    webhooks_and_deliveries,
);
