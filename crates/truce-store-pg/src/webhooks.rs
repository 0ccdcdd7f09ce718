//! Webhook subscriptions, the events announced to each, and the outbox.

use crate::*;
use truce_store::webhooks::{Delivery, NewWebhook, Settled, Webhook, WebhookEvent, delivery_id};

const SUCCEEDED: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, \
    last_status = $2, last_error = NULL, delivered_at = $3, lease_until = NULL WHERE id = $1";

const FAILED: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, \
    last_error = $3, lease_until = NULL, next_attempt_at = COALESCE($4, next_attempt_at), \
    failed = ($4::BIGINT IS NULL) WHERE id = $1";

const WEBHOOK_COLUMNS: &str = "id, name, url, secret, events, commitment, party, region, \
    audience, created_by, created_at, active";

const DELIVERY_COLUMNS: &str = "id, webhook_id, event, payload, attempts, next_attempt_at, \
    lease_until, last_status, last_error, delivered_at, failed, created_at";

fn webhook_from_row(r: &Row) -> Result<Webhook> {
    let events: String = get(r, 4)?;
    Ok(Webhook {
        id: get(r, 0)?,
        name: get(r, 1)?,
        url: get(r, 2)?,
        secret: get(r, 3)?,
        events: events
            .split(',')
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
        commitment: get(r, 5)?,
        party: get(r, 6)?,
        region: get(r, 7)?,
        audience: get(r, 8)?,
        created_by: get(r, 9)?,
        created_at: get(r, 10)?,
        active: get(r, 11)?,
    })
}

fn delivery_from_row(r: &Row) -> Result<Delivery> {
    Ok(Delivery {
        id: get(r, 0)?,
        webhook_id: get(r, 1)?,
        event: get(r, 2)?,
        payload: get(r, 3)?,
        attempts: get::<i64>(r, 4)?.clamp(0, u32::MAX as i64) as u32,
        next_attempt_at: get(r, 5)?,
        lease_until: get(r, 6)?,
        last_status: get::<Option<i64>>(r, 7)?.map(|s| s.clamp(0, u16::MAX as i64) as u16),
        last_error: get(r, 8)?,
        delivered_at: get(r, 9)?,
        failed: get(r, 10)?,
        created_at: get(r, 11)?,
    })
}

impl WebhookStore for PgStore {
    fn add_webhook(&mut self, w: &NewWebhook) -> Result<i64> {
        let row = self
            .c()?
            .query_one(
                "INSERT INTO webhooks (name, url, secret, events, commitment, party, region, \
                 audience, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 RETURNING id",
                &[
                    &w.name,
                    &w.url,
                    &w.secret,
                    &w.events.join(","),
                    &w.commitment,
                    &w.party,
                    &w.region,
                    &w.audience,
                    &w.created_by,
                    &now(),
                ],
            )
            .db()?;
        get(&row, 0)
    }

    fn webhooks(&self) -> Result<Vec<Webhook>> {
        self.c()?
            .query(
                &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id DESC"),
                &[],
            )
            .db()?
            .iter()
            .map(webhook_from_row)
            .collect()
    }

    fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        self.c()?
            .query_opt(
                &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1"),
                &[&id],
            )
            .db()?
            .as_ref()
            .map(webhook_from_row)
            .transpose()
    }

    fn deactivate_webhook(&mut self, id: i64) -> Result<bool> {
        let n = self
            .c()?
            .execute(
                "UPDATE webhooks SET active = FALSE WHERE id = $1 AND active",
                &[&id],
            )
            .db()?;
        Ok(n > 0)
    }

    fn announce(
        &mut self,
        webhook: i64,
        events: &[WebhookEvent],
        deliver: bool,
        now_ms: i64,
    ) -> Result<u64> {
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        let mark = tx
            .prepare(
                "INSERT INTO webhook_announced (webhook_id, key) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .db()?;
        let queue = tx
            .prepare(
                "INSERT INTO webhook_deliveries (id, webhook_id, event, payload, \
                 next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $5) \
                 ON CONFLICT DO NOTHING",
            )
            .db()?;
        let mut n = 0;
        for e in events {
            if tx.execute(&mark, &[&webhook, &e.key]).db()? == 0 {
                continue;
            }
            if deliver {
                tx.execute(
                    &queue,
                    &[
                        &delivery_id(webhook, &e.key),
                        &webhook,
                        &e.kind,
                        &e.payload,
                        &now_ms,
                    ],
                )
                .db()?;
            }
            n += 1;
        }
        tx.commit().db()?;
        Ok(n)
    }

    fn announced(&self, webhook: i64, keys: &[String]) -> Result<Vec<bool>> {
        let mut known = std::collections::HashSet::new();
        for chunk in keys.chunks(crate::log::CHUNK) {
            for r in self
                .c()?
                .query(
                    "SELECT key FROM webhook_announced WHERE webhook_id = $1 AND key = ANY($2)",
                    &[&webhook, &chunk],
                )
                .db()?
            {
                known.insert(get::<String>(&r, 0)?);
            }
        }
        Ok(keys.iter().map(|k| known.contains(k)).collect())
    }

    fn lease_deliveries(
        &mut self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u64,
    ) -> Result<Vec<Delivery>> {
        // Rows another dispatcher is leasing right now are skipped, not
        // waited for; the choice and the lease are one statement.
        self.c()?
            .query(
                &format!(
                    "UPDATE webhook_deliveries SET lease_until = $2 WHERE id IN (\
                       SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
                       WHERE w.active AND d.delivered_at IS NULL AND NOT d.failed \
                         AND d.next_attempt_at <= $1 \
                         AND (d.lease_until IS NULL OR d.lease_until <= $1) \
                       ORDER BY d.next_attempt_at, d.id LIMIT $3 \
                       FOR UPDATE OF d SKIP LOCKED) \
                     RETURNING {DELIVERY_COLUMNS}"
                ),
                &[&now_ms, &lease_until_ms, &(limit.min(i64::MAX as u64) as i64)],
            )
            .db()?
            .iter()
            .map(delivery_from_row)
            .collect()
    }

    fn delivery_succeeded(&mut self, id: &str, status: u16, at_ms: i64) -> Result<()> {
        self.c()?
            .execute(SUCCEEDED, &[&id, &i64::from(status), &at_ms])
            .db()?;
        Ok(())
    }

    fn delivery_failed(
        &mut self,
        id: &str,
        status: Option<u16>,
        error: &str,
        retry_at_ms: Option<i64>,
    ) -> Result<()> {
        self.c()?
            .execute(FAILED, &[&id, &status.map(i64::from), &error, &retry_at_ms])
            .db()?;
        Ok(())
    }

    fn settle_deliveries(&mut self, results: &[Settled]) -> Result<()> {
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        for r in results {
            match r {
                Settled::Delivered { id, status, at_ms } => tx
                    .execute(SUCCEEDED, &[id, &i64::from(*status), at_ms])
                    .db()?,
                Settled::Failed {
                    id,
                    status,
                    error,
                    retry_at_ms,
                } => tx
                    .execute(FAILED, &[id, &status.map(i64::from), error, retry_at_ms])
                    .db()?,
            };
        }
        tx.commit().db()
    }

    fn deliveries(&self, webhook: i64, limit: u64) -> Result<Vec<Delivery>> {
        self.c()?
            .query(
                &format!(
                    "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 \
                     ORDER BY created_at DESC, id DESC LIMIT $2"
                ),
                &[&webhook, &(limit.min(i64::MAX as u64) as i64)],
            )
            .db()?
            .iter()
            .map(delivery_from_row)
            .collect()
    }
}
