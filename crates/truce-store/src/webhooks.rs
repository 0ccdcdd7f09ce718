//! Webhooks: subscriptions to events, the events already announced to each,
//! and the outbox of deliveries a dispatcher leases, sends and settles.
//!
//! An event is queued for a subscription exactly once: its key (such as
//! `finding.corroborated:F-…`) is recorded as announced in the same
//! transaction that puts the delivery in the outbox. A delivery is leased
//! for a while before it is sent; a lease that runs out (the sender died)
//! makes it due again, so deliveries are at least once.

use crate::Result;
use serde::Serialize;

/// The event kinds a subscription may ask for.
pub const EVENT_KINDS: [&str; 5] = [
    "finding.corroborated",
    "finding.confirmed",
    "dispute.opened",
    "incident.published",
    "checkpoint.new",
];

/// Attempts after which a delivery is given up (`failed`).
pub const MAX_ATTEMPTS: u32 = 12;

/// A subscription as created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub name: String,
    pub url: String,
    /// `whsec_<base64>`, as shown once to its creator.
    pub secret: String,
    /// Among [`EVENT_KINDS`].
    pub events: Vec<String>,
    pub commitment: Option<String>,
    pub party: Option<String>,
    pub region: Option<String>,
    /// Whose view the events are filtered by: `all` (the mission's staff),
    /// `party:<id>` (that party's liaison) or `public`.
    pub audience: String,
    /// The account that created it.
    pub created_by: String,
}

/// A stored subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    pub name: String,
    pub url: String,
    #[serde(skip)]
    pub secret: String,
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub audience: String,
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub active: bool,
}

/// An event to announce: its key (unique per subscription), kind and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub key: String,
    pub kind: String,
    /// The JSON body sent.
    pub payload: String,
}

/// One delivery in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The `webhook-id` header: the same on every attempt.
    pub id: String,
    pub webhook_id: i64,
    pub event: String,
    #[serde(skip)]
    pub payload: String,
    pub attempts: u32,
    /// Unix milliseconds.
    pub next_attempt_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<i64>,
    /// The receiver's HTTP status at the last attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Unix milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<i64>,
    /// Given up after [`MAX_ATTEMPTS`].
    pub failed: bool,
    /// Unix milliseconds.
    pub created_at: i64,
}

impl Delivery {
    /// `delivered`, `failed` or `pending`.
    pub fn state(&self) -> &'static str {
        if self.delivered_at.is_some() {
            "delivered"
        } else if self.failed {
            "failed"
        } else {
            "pending"
        }
    }
}

/// A delivery's id from its subscription and event key: the same event for
/// the same subscription always has the same `webhook-id`.
pub fn delivery_id(webhook: i64, key: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(format!("{webhook}\u{1f}{key}").as_bytes());
    format!("msg_{}", hex::encode(&d[..16]))
}

/// The result of one attempt, as [`WebhookStore::settle_deliveries`]
/// records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Delivered {
        id: String,
        status: u16,
        at_ms: i64,
    },
    /// Due again at `retry_at_ms`, or given up when None.
    Failed {
        id: String,
        status: Option<u16>,
        error: String,
        retry_at_ms: Option<i64>,
    },
}

pub trait WebhookStore {
    fn add_webhook(&mut self, w: &NewWebhook) -> Result<i64>;
    /// Every subscription, active or not, newest first.
    fn webhooks(&self) -> Result<Vec<Webhook>>;
    fn webhook(&self, id: i64) -> Result<Option<Webhook>>;
    /// Stops a subscription (its deliveries are kept, no longer sent).
    /// False when there is no such active subscription.
    fn deactivate_webhook(&mut self, id: i64) -> Result<bool>;
    /// Announces events to a subscription, in one transaction: each event
    /// not yet announced to it is recorded and, when `deliver`, queued as
    /// due at `now_ms`. Returns how many were queued (or, without
    /// `deliver`, newly recorded).
    fn announce(
        &mut self,
        webhook: i64,
        events: &[WebhookEvent],
        deliver: bool,
        now_ms: i64,
    ) -> Result<u64>;
    /// Which of these event keys were announced to a subscription already
    /// (in the order given), so that only new events are built.
    fn announced(&self, webhook: i64, keys: &[String]) -> Result<Vec<bool>>;
    /// Leases up to `limit` due deliveries of active subscriptions (not
    /// delivered, not given up, due by `now_ms`, with no live lease) until
    /// `lease_until_ms`, atomically: two dispatchers never lease one.
    fn lease_deliveries(
        &mut self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u64,
    ) -> Result<Vec<Delivery>>;
    /// Records an attempt that succeeded.
    fn delivery_succeeded(&mut self, id: &str, status: u16, at_ms: i64) -> Result<()>;
    /// Records an attempt that failed: due again at `retry_at_ms`, or given
    /// up when None.
    fn delivery_failed(
        &mut self,
        id: &str,
        status: Option<u16>,
        error: &str,
        retry_at_ms: Option<i64>,
    ) -> Result<()>;
    /// Records the results of several attempts in one transaction.
    fn settle_deliveries(&mut self, results: &[Settled]) -> Result<()> {
        for r in results {
            match r {
                Settled::Delivered { id, status, at_ms } => {
                    self.delivery_succeeded(id, *status, *at_ms)?
                }
                Settled::Failed {
                    id,
                    status,
                    error,
                    retry_at_ms,
                } => self.delivery_failed(id, *status, error, *retry_at_ms)?,
            }
        }
        Ok(())
    }
    /// A subscription's latest deliveries, newest first.
    fn deliveries(&self, webhook: i64, limit: u64) -> Result<Vec<Delivery>>;
}
