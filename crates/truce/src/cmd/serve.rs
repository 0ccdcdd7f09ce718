//! `truce serve`: the web application over a workspace.

use crate::Outcome;
use anyhow::{Context, Result};
use std::net::SocketAddr;

/// How `truce serve` was asked to serve.
pub struct Options {
    pub http_cookies: bool,
    pub trusted_proxies: Vec<String>,
    pub header_timeout: u64,
    pub max_connections: usize,
    pub webhook_retry_base_ms: u64,
}

pub fn run(db: &str, addr: &str, o: Options) -> Result<Outcome> {
    let proxies = &o.trusted_proxies;
    let addr: SocketAddr = addr
        .parse()
        .with_context(|| format!("--addr: \"{addr}\" is not an address like 127.0.0.1:8080"))?;
    let mut trusted = Vec::with_capacity(proxies.len());
    for p in proxies {
        let net = p
            .parse::<ipnet::IpNet>()
            .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .with_context(|| {
                format!("--trusted-proxy: \"{p}\" is not an address (10.0.0.2) or a network (10.0.0.0/8)")
            })?;
        trusted.push(net);
    }
    // Fail here, in plain words, rather than inside the server.
    crate::workspace::open(db)?;
    let mut config = truce_server::Config::new(db, addr);
    config.secure_cookies = !o.http_cookies;
    config.trusted_proxies = trusted;
    if o.header_timeout == 0 {
        anyhow::bail!("--header-timeout: give at least 1 second");
    }
    config.header_timeout = std::time::Duration::from_secs(o.header_timeout);
    config.max_connections = o.max_connections.max(1);
    if o.webhook_retry_base_ms == 0 {
        anyhow::bail!("--webhook-retry-base-ms: give at least 1 millisecond");
    }
    config.webhook_retry_base_ms = o.webhook_retry_base_ms;
    serve(config, |bound| {
        say(&format!(
            "Serving {} at http://{bound}/ (Ctrl-C to stop)",
            crate::workspace::shown(db)
        ));
    })?;
    Ok(Outcome::Ok)
}

/// Prints a line for whoever watches the server; nobody watching (a closed
/// pipe) is no reason to stop.
pub fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn serve(config: truce_server::Config, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    // A reader of the server's output or a client going away is an error
    // on that write only, never a signal that ends the process.
    #[cfg(unix)]
    // SAFETY: changing one signal's action; no handler runs our code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    crate::malloc::limit_arenas(crate::malloc::per_core());
    truce_server::app::init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    rt.block_on(truce_server::serve(config, ready))
}
