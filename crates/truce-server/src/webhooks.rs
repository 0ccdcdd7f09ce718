//! Webhooks over HTTP: the administrators' API (`/api/v1/webhooks`) and
//! page (`/admin/webhooks`), and the dispatcher that sends the outbox.
//!
//! The dispatcher is a task of `truce serve`: it notices that the workspace
//! changed (the log grew, an evaluation was stored, a subscription was
//! added) and has `truce-app` queue the events each subscription may see;
//! then it leases the due deliveries, POSTs each one signed as the Standard
//! Webhooks say, and records the result: delivered on a 2xx, else due again
//! after `base × 2^attempts` (at most an hour), given up after
//! [`MAX_ATTEMPTS`] attempts. Leases outlive a send's timeout; a server that
//! dies mid-send leaves a lease that runs out, and the delivery is sent again
//! (at least once: receivers dedupe by `webhook-id`).

use crate::app::{AppError, AppState, P, Q};
use crate::auth::Viewer;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use truce_store::Role;
use truce_store::webhooks::{Delivery, EVENT_KINDS, MAX_ATTEMPTS, NewWebhook, Settled, Webhook};

type St = State<Arc<AppState>>;

const ADMIN: &[Role] = &[Role::Administrator];

/// How long one POST may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a leased delivery is held: longer than a send may take.
const LEASE_MS: i64 = 3 * SEND_TIMEOUT.as_millis() as i64;
/// The longest wait between two attempts.
const MAX_BACKOFF_MS: u64 = 3_600_000;
/// Deliveries leased at once.
const BATCH: u64 = 16;
/// The longest a response body is kept in a delivery's last error.
const MAX_ERROR: usize = 300;

/// A new subscription's secret: 24 random bytes, `whsec_<base64>`.
pub fn new_secret() -> Result<String, AppError> {
    use base64::Engine;
    let mut key = [0u8; 24];
    getrandom::fill(&mut key)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness for a secret: {e}")))?;
    Ok(format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    ))
}

/// The `webhook-signature` header's value: `v1,` and the base64 of
/// HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the secret's
/// bytes (the base64 after `whsec_`).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    use base64::Engine;
    use hmac::{KeyInit, Mac};
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|e| format!("the subscription's secret is not base64: {e}"))?;
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key)
        .map_err(|e| format!("the subscription's secret cannot key HMAC: {e}"))?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Ok(format!("v1,{}", b64.encode(mac.finalize().into_bytes())))
}

/// The wait before the next attempt, after `attempts` attempts failed.
pub fn backoff_ms(base_ms: u64, attempts: u32) -> u64 {
    let shift = attempts.saturating_sub(1).min(40);
    base_ms
        .saturating_mul(1u64 << shift)
        .clamp(1, MAX_BACKOFF_MS)
}

/// What became of one POST.
enum Sent {
    Ok(u16),
    Refused(u16, String),
    Failed(String),
}

fn send(agent: &ureq::Agent, url: &str, d: &Delivery, secret: &str) -> Sent {
    let ts = jiff::Timestamp::now().as_second();
    let sig = match sign(secret, &d.id, ts, &d.payload) {
        Ok(s) => s,
        Err(e) => return Sent::Failed(e),
    };
    let r = agent
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", "Truce-Webhooks/1")
        .header("webhook-id", &d.id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", sig)
        .send(d.payload.as_bytes());
    match r {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            if (200..300).contains(&status) {
                Sent::Ok(status)
            } else {
                let text = resp
                    .body_mut()
                    .with_config()
                    .limit(4096)
                    .read_to_string()
                    .unwrap_or_default();
                let text: String = text.chars().take(MAX_ERROR).collect();
                Sent::Refused(status, format!("HTTP {status} {}", text.trim()))
            }
        }
        Err(e) => Sent::Failed(format!("{e}")),
    }
}

/// Where systems keep the certificate authorities they trust, in PEM
/// (`SSL_CERT_FILE` first, as OpenSSL reads it).
const CA_BUNDLES: [&str; 4] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
    "/usr/local/share/certs/ca-root-nss.crt",
];

/// The certificate authorities HTTPS receivers are checked against: the
/// system's. None found, an https address fails with that said.
fn system_roots() -> Vec<ureq::tls::Certificate<'static>> {
    let files = std::env::var("SSL_CERT_FILE")
        .ok()
        .into_iter()
        .chain(CA_BUNDLES.iter().map(|s| s.to_string()));
    for f in files {
        let Ok(pem) = std::fs::read(&f) else {
            continue;
        };
        let certs: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if !certs.is_empty() {
            return certs;
        }
    }
    tracing::warn!(
        "webhooks: no certificate authorities found (set SSL_CERT_FILE); https receivers will fail"
    );
    Vec::new()
}

fn agent() -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .root_certs(ureq::tls::RootCerts::new_with_certs(&system_roots()))
        .build();
    ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(SEND_TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// What says the workspace changed since the dispatcher last looked.
type Mark = (u64, Option<i64>, Vec<i64>);

/// Sends the outbox, for as long as the server runs.
pub async fn dispatcher(state: Arc<AppState>) {
    let base = state.config.webhook_retry_base_ms.max(1);
    let tick = Duration::from_millis(base.clamp(20, 1000));
    let agent = agent();
    let mut seen: Option<Mark> = None;
    loop {
        if let Err(e) = round(&state, &agent, base, &mut seen).await {
            tracing::error!(error = %e.message(), "webhooks: a round failed");
        }
        tokio::time::sleep(tick).await;
    }
}

/// One round: queue what is new, then send what is due.
async fn round(
    state: &Arc<AppState>,
    agent: &ureq::Agent,
    base: u64,
    seen: &mut Option<Mark>,
) -> Result<(), AppError> {
    let mark = state
        .read(|s| {
            let active: Vec<i64> = s
                .webhooks()?
                .iter()
                .filter(|w| w.active)
                .map(|w| w.id)
                .collect();
            if active.is_empty() {
                return Ok(None);
            }
            Ok(Some((
                s.log_size()?,
                s.last_evaluation()?.map(|e| e.at),
                active,
            )))
        })
        .await?;
    let Some(mark) = mark else {
        *seen = None;
        return Ok(());
    };
    if seen.as_ref() != Some(&mark) {
        let queued = state
            .write(|s, st| Ok(truce_app::webhooks::detect(s, &st.reference)?))
            .await?;
        if queued > 0 {
            tracing::info!(queued, "webhooks: events queued");
        }
        *seen = Some(mark);
    }
    loop {
        let now = jiff::Timestamp::now().as_millisecond();
        let leased = state
            .write(move |s, _| Ok(s.lease_deliveries(now, now + LEASE_MS, BATCH)?))
            .await?;
        if leased.is_empty() {
            return Ok(());
        }
        let mut hooks = std::collections::HashMap::new();
        for d in &leased {
            if !hooks.contains_key(&d.webhook_id) {
                let id = d.webhook_id;
                if let Some(w) = state.read(move |s| Ok(s.webhook(id)?)).await? {
                    hooks.insert(id, w);
                }
            }
        }
        let mut sends = tokio::task::JoinSet::new();
        for d in leased {
            let Some(w) = hooks.get(&d.webhook_id) else {
                continue;
            };
            let (url, secret, agent) = (w.url.clone(), w.secret.clone(), agent.clone());
            sends.spawn_blocking(move || {
                let r = send(&agent, &url, &d, &secret);
                (d, r)
            });
        }
        let mut results = Vec::new();
        while let Some(joined) = sends.join_next().await {
            let Ok((d, sent)) = joined else {
                continue;
            };
            let at = jiff::Timestamp::now().as_millisecond();
            let attempts = d.attempts + 1;
            let retry = (attempts < MAX_ATTEMPTS).then(|| at + backoff_ms(base, attempts) as i64);
            results.push(match sent {
                Sent::Ok(status) => Settled::Delivered {
                    id: d.id,
                    status,
                    at_ms: at,
                },
                Sent::Refused(status, why) => {
                    tracing::warn!(delivery = %d.id, status, attempts, "webhooks: refused");
                    Settled::Failed {
                        id: d.id,
                        status: Some(status),
                        error: why,
                        retry_at_ms: retry,
                    }
                }
                Sent::Failed(why) => {
                    tracing::warn!(delivery = %d.id, error = %why, attempts, "webhooks: not sent");
                    Settled::Failed {
                        id: d.id,
                        status: None,
                        error: why,
                        retry_at_ms: retry,
                    }
                }
            });
        }
        // One write for the batch: a commit is a sync to disk.
        state
            .write(move |s, _| Ok(s.settle_deliveries(&results)?))
            .await?;
    }
}

/// The API's routes for webhooks, added to the document `doc`.
pub fn api_routes(
    doc: utoipa::openapi::OpenApi,
) -> (Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    use utoipa_axum::{router::OpenApiRouter, routes};
    OpenApiRouter::with_openapi(doc)
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(delete_webhook))
        .routes(routes!(list_deliveries))
        .split_for_parts()
}

/// The administrators' page.
pub fn page_routes() -> Router<Arc<AppState>> {
    use axum::routing::{get, post};
    Router::new()
        .route("/admin/webhooks", get(page).post(create_form))
        .route("/admin/webhooks/{id}/delete", post(delete_form))
}

pub use truce_app::webhooks::WebhookBody;

/// A subscription just made, with its secret (shown this once).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub webhook: Webhook,
    /// `whsec_<base64>`: the key of the signatures, shown only now.
    pub secret: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DeliveriesQuery {
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks a new subscription and stores it, with what it may see now
/// recorded as told: it hears of what happens from now on.
async fn create(
    state: &Arc<AppState>,
    creator: String,
    body: WebhookBody,
) -> Result<Created, AppError> {
    let (name, url, events) = body.check()?;
    let secret = new_secret()?;
    state
        .write(move |s, st| {
            let (commitment, party, region) = truce_app::webhooks::check_filters(
                s,
                &st.reference,
                given(&body.commitment),
                given(&body.party),
                given(&body.region),
            )?;
            let audience = truce_app::webhooks::check_audience(
                s,
                &st.reference,
                given(&body.audience).unwrap_or("public"),
            )?;
            let new = NewWebhook {
                name,
                url,
                secret: secret.clone(),
                events,
                commitment,
                party,
                region,
                audience: truce_app::webhooks::audience_of(&audience),
                created_by: creator,
            };
            let id = s.add_webhook(&new)?;
            truce_app::webhooks::seed(s, &st.reference, id)?;
            let webhook = s
                .webhook(id)?
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("webhook {id} vanished")))?;
            Ok(Created { webhook, secret })
        })
        .await
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    summary = "Webhook subscriptions, newest first (their secrets are never shown again).",
    description = "Who may call it: administrators.",
    responses((status = 200, description = "OK", body = Vec<Webhook>))
)]
async fn list_webhooks(State(state): St, viewer: Viewer) -> Result<Json<Vec<Webhook>>, AppError> {
    viewer.require(ADMIN)?;
    Ok(Json(state.read(|s| Ok(s.webhooks()?)).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    summary = "Subscribe an address to events: signed POSTs (Standard Webhooks), retried from a persisted queue. The secret is in this answer only.",
    description = "Who may call it: administrators. An unknown event kind, commitment, party, region or audience is a 400 naming the field and the values it takes. See docs/webhooks.md.",
    request_body = WebhookBody,
    responses((status = 201, description = "Subscribed", body = Created))
)]
async fn create_webhook(
    State(state): St,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = viewer.require(ADMIN)?.name.clone();
    let body = truce_app::webhooks::read_body(&body)?;
    let created = create(&state, user, body).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    summary = "Stop a subscription: nothing more is sent to it; its deliveries stay listed.",
    description = "Who may call it: administrators.",
    params(("id" = u64, Path, description = "The subscription's id", maximum = 9_223_372_036_854_775_807_u64)),
    responses((status = 204, description = "Stopped"))
)]
async fn delete_webhook(
    State(state): St,
    viewer: Viewer,
    P(id): P<u64>,
) -> Result<StatusCode, AppError> {
    viewer.require(ADMIN)?;
    let id = id.min(i64::MAX as u64) as i64;
    if state
        .write(move |s, _| Ok(s.deactivate_webhook(id)?))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(format!("no active subscription {id}")))
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}/deliveries",
    summary = "A subscription's latest deliveries, newest first, each with its attempts and last result.",
    description = "Who may call it: administrators.",
    params(("id" = u64, Path, description = "The subscription's id", maximum = 9_223_372_036_854_775_807_u64), DeliveriesQuery),
    responses((status = 200, description = "OK", body = Vec<Delivery>))
)]
async fn list_deliveries(
    State(state): St,
    viewer: Viewer,
    P(id): P<u64>,
    Q(q): Q<DeliveriesQuery>,
) -> Result<Json<Vec<Delivery>>, AppError> {
    viewer.require(ADMIN)?;
    let id = id.min(i64::MAX as u64) as i64;
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let out = state
        .read(move |s| {
            Ok(match s.webhook(id)? {
                Some(_) => Some(s.deliveries(id, limit)?),
                None => None,
            })
        })
        .await?;
    out.map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no subscription {id}")))
}

/// One subscription on the page.
struct Row {
    w: Webhook,
    audience: String,
    filter: String,
    deliveries: Vec<DeliveryRow>,
}

struct DeliveryRow {
    id: String,
    event: String,
    state: &'static str,
    attempts: u32,
    result: String,
    at: String,
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct Page {
    f: crate::pages::Frame,
    rows: Vec<Row>,
    /// Each event kind, and whether it is ticked.
    kinds: Vec<(&'static str, bool)>,
    commitments: Vec<String>,
    parties: Vec<String>,
    /// Set right after a subscription is made: its name and secret.
    created: Option<(String, String)>,
    error: String,
    typed: WebhookForm,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct WebhookForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    url: String,
    /// Each ticked kind, comma-joined by the form reader below.
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    commitment: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    audience: String,
}

fn minute(f: &crate::pages::Frame, ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| f.local_minute(&t.to_string()))
        .unwrap_or_default()
}

async fn render(
    state: &Arc<AppState>,
    viewer: &Viewer,
    created: Option<(String, String)>,
    error: String,
    typed: WebhookForm,
) -> Result<Page, AppError> {
    viewer.require(ADMIN)?;
    let f = crate::pages::Frame::new(state, viewer, viewer.lang.t("webhooks-title"), "webhooks");
    let list = state
        .read(|s| {
            let mut out = Vec::new();
            for w in s.webhooks()? {
                let d = s.deliveries(w.id, 5)?;
                out.push((w, d));
            }
            Ok(out)
        })
        .await?;
    let any = f.t("webhooks-any");
    let rows = list
        .into_iter()
        .map(|(w, ds)| {
            let audience = match w.audience.as_str() {
                "all" => f.t("webhooks-audience-all"),
                "public" => f.t("webhooks-audience-public"),
                a => f.a1(
                    "webhooks-audience-party",
                    "party",
                    a.strip_prefix("party:").unwrap_or(a),
                ),
            };
            let filter = [&w.commitment, &w.party, &w.region]
                .iter()
                .map(|x| (*x).clone().unwrap_or_else(|| any.clone()))
                .collect::<Vec<_>>()
                .join(" · ");
            let deliveries = ds
                .into_iter()
                .map(|d| DeliveryRow {
                    state: d.state(),
                    result: match (&d.last_status, &d.last_error) {
                        (_, Some(e)) => e.clone(),
                        (Some(s), None) => format!("HTTP {s}"),
                        (None, None) => String::new(),
                    },
                    at: minute(&f, d.delivered_at.unwrap_or(d.created_at)),
                    id: d.id,
                    event: d.event,
                    attempts: d.attempts,
                })
                .collect();
            Row {
                w,
                audience,
                filter,
                deliveries,
            }
        })
        .collect();
    let a = &state.reference.agreement;
    Ok(Page {
        rows,
        kinds: EVENT_KINDS
            .iter()
            .map(|k| (*k, typed.events.iter().any(|e| e == k)))
            .collect(),
        commitments: a.commitments.iter().map(|c| c.id.clone()).collect(),
        parties: a.parties.iter().map(|p| p.id.clone()).collect(),
        created,
        error,
        typed,
        f,
    })
}

type PageResult = Result<Response, crate::pages::PageError>;

fn html(t: impl Template, status: StatusCode) -> PageResult {
    Ok((status, axum::response::Html(t.render()?)).into_response())
}

async fn page(State(state): St, viewer: Viewer) -> PageResult {
    let p = render(&state, &viewer, None, String::new(), WebhookForm::default()).await?;
    html(p, StatusCode::OK)
}

/// The form's fields, with each ticked event kind (a repeated field).
fn read_form(body: &[u8]) -> WebhookForm {
    let mut f = WebhookForm::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "csrf" => f.csrf = v,
            "name" => f.name = v,
            "url" => f.url = v,
            "events" => f.events.push(v),
            "commitment" => f.commitment = v,
            "party" => f.party = v,
            "region" => f.region = v,
            "audience" => f.audience = v,
            _ => {}
        }
    }
    f
}

async fn create_form(State(state): St, viewer: Viewer, body: axum::body::Bytes) -> PageResult {
    let user = viewer.require(ADMIN)?.name.clone();
    let form = read_form(&body);
    viewer.check_csrf(&form.csrf)?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let body = WebhookBody {
        name: form.name.clone(),
        url: form.url.clone(),
        events: form.events.clone(),
        commitment: opt(&form.commitment),
        party: opt(&form.party),
        region: opt(&form.region),
        audience: opt(&form.audience),
    };
    match create(&state, user, body).await {
        Ok(c) => {
            let p = render(
                &state,
                &viewer,
                Some((c.webhook.name, c.secret)),
                String::new(),
                WebhookForm::default(),
            )
            .await?;
            html(p, StatusCode::CREATED)
        }
        Err(e @ (AppError::BadRequest(_) | AppError::BadFilter(_))) => {
            let status = e.status();
            let p = render(&state, &viewer, None, e.message(), form).await?;
            html(p, status)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

async fn delete_form(
    State(state): St,
    viewer: Viewer,
    id: Result<P<u64>, AppError>,
    form: Result<Form<DeleteForm>, axum::extract::rejection::FormRejection>,
) -> PageResult {
    viewer.require(ADMIN)?;
    let P(id) = id?;
    let Form(form) =
        form.map_err(|e| AppError::BadRequest(format!("the form is not valid: {e}")))?;
    viewer.check_csrf(&form.csrf)?;
    let id = id.min(i64::MAX as u64) as i64;
    state
        .write(move |s, _| Ok(s.deactivate_webhook(id)?))
        .await?;
    Ok(Redirect::to("/admin/webhooks").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signs_as_the_standard_says() {
        let sig = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            sig.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert!(sign("whsec_not base64!", "m", 1, "{}").is_err());
    }

    #[test]
    fn secrets_are_fresh_and_24_bytes() {
        use base64::Engine;
        let a = new_secret().expect("secret");
        let b = new_secret().expect("secret");
        assert_ne!(a, b);
        let key = base64::engine::general_purpose::STANDARD
            .decode(a.strip_prefix("whsec_").expect("prefix"))
            .expect("base64");
        assert_eq!(key.len(), 24);
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(50, 1), 50);
        assert_eq!(backoff_ms(50, 2), 100);
        assert_eq!(backoff_ms(50, 3), 200);
        assert_eq!(backoff_ms(30_000, 11), 3_600_000);
        assert_eq!(backoff_ms(u64::MAX, 40), 3_600_000);
    }
}
