//! `truce serve`: the web application over a workspace.

use crate::Outcome;
use anyhow::{Context, Result};
use std::net::SocketAddr;

pub fn run(db: &str, addr: &str, http_cookies: bool) -> Result<Outcome> {
    let addr: SocketAddr = addr
        .parse()
        .with_context(|| format!("--addr: \"{addr}\" is not an address like 127.0.0.1:8080"))?;
    // Fail here, in plain words, rather than inside the server.
    crate::workspace::open(db)?;
    let mut config = truce_server::Config::new(db, addr);
    config.secure_cookies = !http_cookies;
    serve(config, |bound| {
        println!("Serving {db} at http://{bound}/ (Ctrl-C to stop)");
    })?;
    Ok(Outcome::Ok)
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn serve(config: truce_server::Config, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    truce_server::app::init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    rt.block_on(truce_server::serve(config, ready))
}
