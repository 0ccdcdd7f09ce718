//! The server: shared state, the router with its protective layers, errors,
//! and graceful shutdown.

use crate::auth::LoginLimiter;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use truce_app::{Reference, Workspace};
use truce_store::prelude::*;

/// How the server is run.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: String,
    pub addr: SocketAddr,
    /// Mark cookies `Secure` (HTTPS only). Browsers treat loopback as
    /// secure, so this is on by default even for local use.
    pub secure_cookies: bool,
    /// Largest request body accepted (a report batch, a form).
    pub max_body: usize,
    /// Connections to the database kept for reading.
    pub readers: usize,
    /// Proxies whose `X-Forwarded-For` is believed: the client of a request
    /// from one of them is the last address it forwarded for that is not a
    /// proxy itself. Every other peer is its own client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long a connection may take to send a request's headers, and may
    /// stay open between requests.
    pub header_timeout: Duration,
    /// The first wait before a failed webhook delivery is tried again
    /// (doubling with each attempt, at most an hour).
    pub webhook_retry_base_ms: u64,
}

impl Config {
    pub fn new(db: &str, addr: SocketAddr) -> Config {
        Config {
            db: db.into(),
            addr,
            secure_cookies: true,
            max_body: 4 * 1024 * 1024,
            // Reads are short; a few more than the cores keeps them busy
            // while one waits on the disk.
            readers: std::thread::available_parallelism().map_or(2, |n| n.get()) + 2,
            trusted_proxies: Vec::new(),
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            webhook_retry_base_ms: 30_000,
        }
    }

    /// The client behind a request that came from `peer`.
    pub fn client_ip(&self, peer: std::net::IpAddr, forwarded: Option<&str>) -> std::net::IpAddr {
        let trusted = |ip: &std::net::IpAddr| self.trusted_proxies.iter().any(|n| n.contains(ip));
        if !trusted(&peer) {
            return peer;
        }
        // Each proxy appends the address it heard from; walk back past our
        // own proxies to the first address one of them vouches for.
        let mut client = peer;
        for hop in forwarded.unwrap_or_default().rsplit(',') {
            match hop.trim().parse::<std::net::IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !trusted(&ip) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }
}

/// What every request shares.
pub struct AppState {
    pub config: Config,
    readers: Mutex<Vec<Workspace>>,
    /// At most `config.readers` reads run at once, each on a pooled
    /// connection: a burst of requests queues here instead of opening
    /// connections (and their page caches) without bound.
    read_slots: tokio::sync::Semaphore,
    writer: Mutex<Workspace>,
    /// The agreement, sites and gazetteer, loaded once.
    pub reference: Reference,
    pub limiter: LoginLimiter,
    /// Wakes the background evaluation after new reports arrive.
    pub reevaluate: tokio::sync::Notify,
    /// The API's OpenAPI document, made with the router.
    pub openapi: std::sync::OnceLock<serde_json::Value>,
}

impl AppState {
    pub fn open(config: Config) -> anyhow::Result<AppState> {
        let mut writer = truce_app::workspace::open(&config.db)?;
        // Copied into the database by `checkpoints`, not by a request.
        writer.defer_checkpoints()?;
        let reference = Reference::load(writer.as_ref())?;
        // Built when first asked: at start, not in the first request that
        // names a place.
        reference.gazetteer.prepare();
        Ok(AppState {
            readers: Mutex::new(Vec::new()),
            read_slots: tokio::sync::Semaphore::new(config.readers),
            writer: Mutex::new(writer),
            reference,
            limiter: LoginLimiter::new(5, Duration::from_secs(300)),
            reevaluate: tokio::sync::Notify::new(),
            openapi: std::sync::OnceLock::new(),
            config,
        })
    }

    /// The session cookie's name: with the `__Host-` prefix whenever the
    /// cookie is `Secure`, so that the browser refuses it from a sibling
    /// domain or a path below and only this host over HTTPS can set it.
    pub fn session_cookie(&self) -> &'static str {
        if self.config.secure_cookies {
            crate::auth::SESSION_COOKIE_HOST
        } else {
            crate::auth::SESSION_COOKIE
        }
    }

    /// Runs `f` on a reading connection, off the async threads.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> anyhow::Result<T> + Send + 'static,
    {
        let permit = self
            .read_slots
            .acquire()
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("the server is stopping: {e}")))?;
        let me = self.clone();
        let out = tokio::task::spawn_blocking(move || {
            let conn = me.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let conn = match conn {
                Some(c) => c,
                None => truce_app::workspace::open(&me.config.db)?,
            };
            let out = f(conn.as_ref());
            me.readers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(conn);
            out
        })
        .await;
        drop(permit);
        out.map_err(|e| AppError::Internal(anyhow::anyhow!("a reading task failed: {e}")))?
            .map_err(AppError::from_anyhow)
    }

    /// Runs `f` on the one writing connection, off the async threads.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store, &AppState) -> Result<T, AppError> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut w = me.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(w.as_mut(), &me)
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("a writing task failed: {e}")))?
    }
}

/// What can go wrong in a request, in words for the person who made it.
#[derive(Debug)]
pub enum AppError {
    BadRequest(String),
    /// A list filter that names nothing: 400, with the field and the
    /// values it takes beside the words.
    BadFilter(truce_app::filters::FilterError),
    Unauthorized,
    Forbidden(String),
    NotFound(String),
    Conflict(String),
    /// Well formed, but it cannot be done: an id that names nothing, a
    /// rule that spans several fields.
    Unprocessable(String),
    TooMany(u64),
    Internal(anyhow::Error),
}

impl AppError {
    pub fn from_anyhow(e: anyhow::Error) -> AppError {
        let e = match e.downcast::<AppError>() {
            Ok(a) => return a,
            Err(e) => e,
        };
        match e.downcast::<truce_app::Error>() {
            Ok(a) => a.into(),
            Err(e) => AppError::Internal(e),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) | AppError::BadFilter(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self) -> String {
        match self {
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::Unprocessable(m) => m.clone(),
            AppError::BadFilter(f) => f.to_string(),
            AppError::Unauthorized => {
                "sign in first (or send an API token as `Authorization: Bearer …`)".into()
            }
            AppError::TooMany(s) => format!("too many failed sign-ins; try again in {s} s"),
            // Internals go to the log, not to the user.
            AppError::Internal(_) => {
                "something went wrong on the server; the error was logged".into()
            }
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for AppError {}

impl From<truce_store::StoreError> for AppError {
    fn from(e: truce_store::StoreError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<truce_app::Error> for AppError {
    fn from(e: truce_app::Error) -> Self {
        match e {
            truce_app::Error::BadRequest(m) => AppError::BadRequest(m),
            truce_app::Error::Filter(f) => AppError::BadFilter(f),
            truce_app::Error::Forbidden(m) => AppError::Forbidden(m),
            truce_app::Error::NotFound(m) => AppError::NotFound(m),
            truce_app::Error::Conflict(m) => AppError::Conflict(m),
            truce_app::Error::Unprocessable(m) => AppError::Unprocessable(m),
            truce_app::Error::Store(truce_store::StoreError::Refused(m)) => {
                AppError::Unprocessable(m)
            }
            truce_app::Error::Store(e) => AppError::Internal(e.into()),
            truce_app::Error::Other(e) => AppError::from_anyhow(e),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::from_anyhow(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = %format!("{e:#}"), "request failed");
        }
        let body = match &self {
            AppError::BadFilter(f) => serde_json::json!({
                "error": self.message(),
                "field": f.field,
                "allowed": f.allowed,
            }),
            _ => serde_json::json!({ "error": self.message() }),
        };
        let mut r = (self.status(), axum::Json(body)).into_response();
        if let AppError::TooMany(s) = self
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

/// The Content Security Policy of every response: nothing from elsewhere, no
/// inline script or style, forms post only here, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application with its protective layers.
pub fn router(state: Arc<AppState>) -> Router {
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::compression::CompressionLayer;
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    use tower_http::trace::TraceLayer;
    let max_body = state.config.max_body;
    let secure_cookies = state.config.secure_cookies;
    let csrf = tower_http::csrf::CsrfLayer::new();
    let (api, doc) = crate::api::routes();
    let (statements, doc) = crate::statements::api_routes(doc);
    let (webhooks, doc) = crate::webhooks::api_routes(doc);
    let _ = state.openapi.set(crate::openapi::document(
        &doc,
        &state.reference.agreement,
        &crate::openapi::region_ids(&state.reference.gazetteer),
    ));
    Router::new()
        .merge(api)
        .merge(statements)
        .merge(webhooks)
        .merge(crate::webhooks::page_routes())
        .merge(crate::pages::routes())
        .merge(crate::period::routes())
        .merge(crate::rejections::routes())
        .merge(crate::accounts::routes())
        .merge(crate::sources::routes())
        .merge(crate::statements::page_routes())
        .fallback(crate::pages::not_found)
        .layer(axum::middleware::from_fn(crate::pages::localise_errors))
        .layer(csrf)
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // Secure cookies mean the site is reached over HTTPS (directly or
        // through a proxy): the browser is told to keep to it for a year.
        // Browsers ignore the header on plain HTTP, so a local demo is safe.
        .layer(tower::util::option_layer(secure_cookies.then(|| {
            SetResponseHeaderLayer::if_not_present(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            )
        })))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// The address a connection came from, for every request on it.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
/// `ready` hears the bound address (port 0 picks a free one).
///
/// Connections are bounded in number and in time: a client must send a
/// request's headers within `header_timeout`, and one that stays idle as
/// long between requests is closed, so neither idle nor trickling clients
/// can hold the server's file descriptors.
/// Copies the write-ahead log into the database every second, on a reading
/// connection, so that no request waits for it (see
/// [`truce_store::Store::defer_checkpoints`]).
async fn checkpoints(state: Arc<AppState>) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = state.read(|s| Ok(s.checkpoint()?)).await {
            tracing::warn!(error = %e.message(), "checkpoint failed; the next one will retry");
        }
    }
}

pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let addr = config.addr;
    let header_timeout = config.header_timeout;
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    // Opening reads the workspace, which a database driver may do only off
    // the async threads.
    let state = Arc::new(
        tokio::task::spawn_blocking(move || AppState::open(config))
            .await
            .map_err(|e| anyhow::anyhow!("opening the workspace failed: {e}"))??,
    );
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!("{addr} is already in use; choose another address with --addr")
        } else {
            anyhow::anyhow!("cannot listen on {addr}: {e}")
        }
    })?;
    let bound = listener.local_addr()?;
    tokio::spawn(crate::review::background_evaluation(state.clone()));
    tokio::spawn(crate::webhooks::dispatcher(state.clone()));
    tokio::spawn(checkpoints(state.clone()));
    let app = router(state);
    ready(bound);
    tracing::info!(%bound, "serving");
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s?,
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors or similar: wait, do not spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let svc = app.clone().map_request(
            move |mut req: axum::extract::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(Peer(peer));
                req
            },
        );
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(svc),
            );
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection closed");
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!("stopping: finishing the requests in flight");
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(Duration::from_secs(30)) => {
            tracing::warn!("some requests did not finish within 30 s");
        }
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Starts structured logging to standard error: `TRUCE_LOG=debug` adds every
/// request, `TRUCE_LOG_FORMAT=json` writes one JSON object a line.
pub fn init_logging() {
    let level = match std::env::var("TRUCE_LOG").as_deref() {
        Ok("debug") => tracing::Level::DEBUG,
        Ok("warn") => tracing::Level::WARN,
        Ok("error") => tracing::Level::ERROR,
        _ => tracing::Level::INFO,
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        // When nobody reads the log any more (a closed pipe), lose the lines
        // quietly: reporting that on the same stream would panic the server.
        .log_internal_errors(false);
    // One JSON object a line for log collectors; readable lines otherwise.
    let _ = if std::env::var("TRUCE_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Query parameters, refused in the API's own words (and JSON shape) when
/// they do not parse.
pub struct Q<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Q<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Q(q.0))
            .map_err(|e| AppError::BadRequest(format!("the query is not valid: {}", e.body_text())))
    }
}

/// A path parameter, refused in words when it does not parse.
pub struct P<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for P<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| P(p.0))
            .map_err(|e| AppError::NotFound(format!("no such page: {}", e.body_text())))
    }
}
