//! Webhook subscriptions, the events announced to each, and the outbox.

use crate::*;
use rusqlite::OptionalExtension;
use truce_store::webhooks::{Delivery, NewWebhook, Settled, Webhook, WebhookEvent, delivery_id};

const WEBHOOK_COLUMNS: &str = "id, name, url, secret, events, commitment, party, region, \
    audience, created_by, created_at, active";

const DELIVERY_COLUMNS: &str = "id, webhook_id, event, payload, attempts, next_attempt_at, \
    lease_until, last_status, last_error, delivered_at, failed, created_at";

const SUCCEEDED: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, \
    last_status = ?2, last_error = NULL, delivered_at = ?3, lease_until = NULL WHERE id = ?1";

const FAILED: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?2, \
    last_error = ?3, lease_until = NULL, next_attempt_at = COALESCE(?4, next_attempt_at), \
    failed = CASE WHEN ?4 IS NULL THEN 1 ELSE 0 END WHERE id = ?1";

fn webhook_from_row(r: &Row) -> rusqlite::Result<Webhook> {
    let events: String = r.get(4)?;
    Ok(Webhook {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        secret: r.get(3)?,
        events: events
            .split(',')
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
        commitment: r.get(5)?,
        party: r.get(6)?,
        region: r.get(7)?,
        audience: r.get(8)?,
        created_by: r.get(9)?,
        created_at: r.get(10)?,
        active: r.get::<_, i64>(11)? != 0,
    })
}

fn delivery_from_row(r: &Row) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        webhook_id: r.get(1)?,
        event: r.get(2)?,
        payload: r.get(3)?,
        attempts: r.get::<_, i64>(4)?.clamp(0, u32::MAX as i64) as u32,
        next_attempt_at: r.get(5)?,
        lease_until: r.get(6)?,
        last_status: r
            .get::<_, Option<i64>>(7)?
            .map(|s| s.clamp(0, u16::MAX as i64) as u16),
        last_error: r.get(8)?,
        delivered_at: r.get(9)?,
        failed: r.get::<_, i64>(10)? != 0,
        created_at: r.get(11)?,
    })
}

impl WebhookStore for SqliteStore {
    fn add_webhook(&mut self, w: &NewWebhook) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO webhooks (name, url, secret, events, commitment, party, region, \
                 audience, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    w.name,
                    w.url,
                    w.secret,
                    w.events.join(","),
                    w.commitment,
                    w.party,
                    w.region,
                    w.audience,
                    w.created_by,
                    now()
                ],
            )
            .db()?;
        Ok(self.conn.last_insert_rowid())
    }

    fn webhooks(&self) -> Result<Vec<Webhook>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id DESC"
            ))
            .db()?;
        let rows = st.query_map([], webhook_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?1"
            ))
            .db()?
            .query_row([id], webhook_from_row)
            .optional()
            .db()
    }

    fn deactivate_webhook(&mut self, id: i64) -> Result<bool> {
        let n = self
            .conn
            .execute(
                "UPDATE webhooks SET active = 0 WHERE id = ?1 AND active = 1",
                [id],
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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        let mut n = 0;
        {
            let mut mark = tx
                .prepare_cached(
                    "INSERT INTO webhook_announced (webhook_id, key) VALUES (?1, ?2) \
                     ON CONFLICT DO NOTHING",
                )
                .db()?;
            let mut queue = tx
                .prepare_cached(
                    "INSERT INTO webhook_deliveries (id, webhook_id, event, payload, \
                     next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) \
                     ON CONFLICT DO NOTHING",
                )
                .db()?;
            for e in events {
                if mark.execute(params![webhook, e.key]).db()? == 0 {
                    continue;
                }
                if deliver {
                    queue
                        .execute(params![
                            delivery_id(webhook, &e.key),
                            webhook,
                            e.kind,
                            e.payload,
                            now_ms
                        ])
                        .db()?;
                }
                n += 1;
            }
        }
        tx.commit().db()?;
        Ok(n)
    }

    fn announced(&self, webhook: i64, keys: &[String]) -> Result<Vec<bool>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM webhook_announced WHERE webhook_id = ?1 AND key = ?2")
            .db()?;
        keys.iter()
            .map(|k| st.exists(params![webhook, k]).db())
            .collect()
    }

    fn lease_deliveries(
        &mut self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u64,
    ) -> Result<Vec<Delivery>> {
        // One statement in a write transaction: the choice and the lease
        // are one step, so two dispatchers never lease one delivery.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        let out = {
            let mut st = tx
                .prepare_cached(&format!(
                    "UPDATE webhook_deliveries SET lease_until = ?2 WHERE id IN (\
                       SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
                       WHERE w.active = 1 AND d.delivered_at IS NULL AND d.failed = 0 \
                         AND d.next_attempt_at <= ?1 \
                         AND (d.lease_until IS NULL OR d.lease_until <= ?1) \
                       ORDER BY d.next_attempt_at, d.id LIMIT ?3) \
                     RETURNING {DELIVERY_COLUMNS}"
                ))
                .db()?;
            let rows = st
                .query_map(
                    params![now_ms, lease_until_ms, limit.min(i64::MAX as u64) as i64],
                    delivery_from_row,
                )
                .db()?;
            rows.collect::<rusqlite::Result<Vec<_>>>().db()?
        };
        tx.commit().db()?;
        Ok(out)
    }

    fn delivery_succeeded(&mut self, id: &str, status: u16, at_ms: i64) -> Result<()> {
        self.conn
            .execute(SUCCEEDED, params![id, status, at_ms])
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
        self.conn
            .execute(FAILED, params![id, status, error, retry_at_ms])
            .db()?;
        Ok(())
    }

    fn settle_deliveries(&mut self, results: &[Settled]) -> Result<()> {
        // One commit (one sync to disk) for a whole batch of attempts.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        for r in results {
            match r {
                Settled::Delivered { id, status, at_ms } => tx
                    .prepare_cached(SUCCEEDED)
                    .db()?
                    .execute(params![id, status, at_ms])
                    .db()?,
                Settled::Failed {
                    id,
                    status,
                    error,
                    retry_at_ms,
                } => tx
                    .prepare_cached(FAILED)
                    .db()?
                    .execute(params![id, status, error, retry_at_ms])
                    .db()?,
            };
        }
        tx.commit().db()
    }

    fn deliveries(&self, webhook: i64, limit: u64) -> Result<Vec<Delivery>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ?1 \
                 ORDER BY created_at DESC, id DESC LIMIT ?2"
            ))
            .db()?;
        let rows = st
            .query_map(
                params![webhook, limit.min(i64::MAX as u64) as i64],
                delivery_from_row,
            )
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }
}
