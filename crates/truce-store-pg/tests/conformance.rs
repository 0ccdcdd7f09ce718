//! The PostgreSQL backend passes the storage conformance suite, each check
//! on fresh databases of its own (created here, dropped at the end).

use truce_store::conformance;
use truce_store::prelude::*;
use truce_store_pg::PgStore;
use truce_store_pg::testing::TestDb;

/// Makes a fresh database for each workspace the check asks for.
fn fresh(dbs: &std::cell::RefCell<Vec<TestDb>>) -> impl Fn() -> Box<dyn Store> + '_ {
    move || {
        let db = TestDb::new().unwrap_or_else(|e| panic!("a test database: {e}"));
        let store = PgStore::create(db.url()).unwrap_or_else(|e| panic!("create: {e}"));
        dbs.borrow_mut().push(db);
        Box::new(store)
    }
}

macro_rules! checks {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let dbs = std::cell::RefCell::new(Vec::new());
                conformance::$name(&fresh(&dbs));
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
