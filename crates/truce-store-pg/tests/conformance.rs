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

/// The pseudonyms' key is a secret: in `secrets`, which no role but the
/// owner may read, never in `meta`; and it stays the same across opens.
#[test]
fn the_pseudonym_key_is_kept_with_the_secrets() {
    let db = TestDb::new().unwrap_or_else(|e| panic!("a test database: {e}"));
    let store = PgStore::create(db.url()).unwrap_or_else(|e| panic!("create: {e}"));
    let first = store.pseudonym("ana").expect("pseudonym");
    drop(store);
    let mut c = postgres::Client::connect(db.url(), postgres::NoTls).expect("connect");
    let in_meta: i64 = c
        .query_one("SELECT COUNT(*) FROM meta WHERE key = 'actor_salt'", &[])
        .expect("meta")
        .get(0);
    assert_eq!(in_meta, 0, "not in meta");
    let salt: String = c
        .query_one("SELECT value FROM secrets WHERE name = 'actor_salt'", &[])
        .expect("secrets")
        .get(0);
    assert_eq!(salt.len(), 32, "16 random bytes in hex");
    // Opened again (its schema checked once more), the key is the same.
    let again = PgStore::create(db.url()).unwrap_or_else(|e| panic!("again: {e}"));
    assert_eq!(again.pseudonym("ana").expect("pseudonym"), first);
    assert_ne!(again.pseudonym("bob").expect("pseudonym"), first);
}
