//! Fresh databases for tests: each test makes its own (a unique name),
//! and drops it when done, never sharing one. The server is the one
//! `TRUCE_TEST_PG` names, by default PostgreSQL on this machine.

use crate::{Result, StoreError, quote_ident};

/// The server tests use, without a database name.
pub fn server_url() -> String {
    std::env::var("TRUCE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
        .trim_end_matches('/')
        .to_string()
}

/// A database made for one test, dropped (with any connection left to it)
/// when this goes out of scope.
pub struct TestDb {
    name: String,
    url: String,
}

impl TestDb {
    /// Creates a database with a name no other test uses.
    pub fn new() -> Result<TestDb> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let mut rnd = [0u8; 4];
        getrandom::fill(&mut rnd).map_err(|e| StoreError::Backend(e.to_string()))?;
        let name = format!(
            "truce_test_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            hex::encode(rnd)
        );
        admin(&format!("CREATE DATABASE {}", quote_ident(&name)))?;
        let url = format!("{}/{name}", server_url());
        Ok(TestDb { name, url })
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&self.name)
        );
        // On a thread of its own: the driver may not block an async thread.
        let _ = std::thread::spawn(move || admin(&sql)).join();
    }
}

/// Runs one statement on the server's `postgres` database.
fn admin(sql: &str) -> Result<()> {
    let url = format!("{}/postgres", server_url());
    let mut c = postgres::Client::connect(&url, postgres::NoTls).map_err(|e| StoreError::Open {
        path: url.clone(),
        reason: format!("cannot connect to PostgreSQL: {e}"),
    })?;
    c.batch_execute(sql).map_err(crate::db_error)
}
