//! `truce intake --nats URL --stream S --subject S`: canonical reports from
//! a NATS JetStream stream (each message one or more JSON lines, the
//! canonical JSON form). Delivery is at least once: a batch of messages is
//! stored and logged in one transaction, and only then acknowledged; a
//! message delivered again after a crash holds rows already stored, which
//! the store recognises as duplicates (same source, id and row), so each
//! row is stored once however often it arrives.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result};
use async_nats::jetstream::{self, consumer::pull, stream};
use futures_util::StreamExt;
use std::time::{Duration, Instant};
use truce_ingest::canonical;
use truce_model::Rejection;
use truce_store::IngestCounts;

/// What to read, and how.
pub struct Options {
    pub nats: String,
    pub stream: String,
    pub subject: String,
    /// The durable consumer, whose position the server keeps across restarts.
    pub durable: String,
    /// Messages fetched (and stored in one transaction) at a time.
    pub batch: usize,
    /// Seconds before an unacknowledged message is delivered again.
    pub ack_wait: u64,
    /// Stop after this many seconds without a message (otherwise run until
    /// stopped).
    pub idle_exit: Option<u64>,
    /// Place the new reports into the incidents after each batch.
    pub evaluate: bool,
}

type Consumer = jetstream::consumer::Consumer<pull::Config>;

async fn consumer(o: &Options) -> Result<Consumer> {
    let client = async_nats::connect(&o.nats)
        .await
        .with_context(|| format!("cannot connect to NATS at {}", o.nats))?;
    let js = jetstream::new(client);
    let stream = js
        .get_or_create_stream(stream::Config {
            name: o.stream.clone(),
            subjects: vec![o.subject.clone()],
            ..Default::default()
        })
        .await
        .with_context(|| format!("cannot open the JetStream stream {}", o.stream))?;
    stream
        .get_or_create_consumer(
            &o.durable,
            pull::Config {
                durable_name: Some(o.durable.clone()),
                filter_subject: o.subject.clone(),
                ack_policy: jetstream::consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_secs(o.ack_wait.max(1)),
                ..Default::default()
            },
        )
        .await
        .with_context(|| format!("cannot open the consumer {} on {}", o.durable, o.stream))
}

/// Up to `batch` messages, waiting at most a second for the first.
async fn fetch(c: &Consumer, batch: usize) -> Result<Vec<jetstream::Message>> {
    let mut messages = c
        .fetch()
        .max_messages(batch.max(1))
        .expires(Duration::from_secs(1))
        .messages()
        .await
        .context("cannot fetch from JetStream")?;
    let mut out = Vec::new();
    while let Some(m) = messages.next().await {
        out.push(m.map_err(|e| anyhow::anyhow!("a JetStream message failed: {e}"))?);
    }
    Ok(out)
}

pub fn run(db: &str, o: &Options) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    // Store calls run on this thread, never inside the runtime: a database
    // driver may block there.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the NATS client")?;
    let consumer = rt.block_on(consumer(o))?;
    let signers = truce_app::ingest::signers(&*store)?;
    let gazetteer = workspace::gazetteer(&*store)?;
    let tz = workspace::timezone(&store.agreement()?.agreement);
    let ctx = canonical::Context {
        tz,
        gazetteer: gazetteer.lazy(),
        signers: &signers,
    };
    eprintln!(
        "Reading {} from stream {} at {} into {}.",
        o.subject,
        o.stream,
        o.nats,
        store.location()
    );
    let mut counts = IngestCounts::default();
    let mut messages = 0u64;
    let mut last_message = Instant::now();
    let mut last_checkpoint = Instant::now();
    loop {
        let batch = rt.block_on(fetch(&consumer, o.batch))?;
        if batch.is_empty() {
            if o.idle_exit
                .is_some_and(|s| last_message.elapsed() >= Duration::from_secs(s))
            {
                break;
            }
            continue;
        }
        last_message = Instant::now();
        // Each message's rows are read as a file of their own, named by the
        // message's place in the stream, so that a message delivered again
        // is read exactly as it was the first time.
        let mut ready = Vec::new();
        let mut bad: Vec<Rejection> = Vec::new();
        // Read per batch, so a default set meanwhile applies from the next.
        let gradings = truce_app::ingest::Gradings::of(&*store)?;
        for m in &batch {
            let seq = m.info().map(|i| i.stream_sequence).unwrap_or(0);
            let file = format!("nats:{}#{seq}", o.stream);
            let mut rows = Vec::new();
            let read = canonical::read_jsonl(&m.payload[..], &file, &ctx, |r| rows.push(r));
            if let Err(e) = read {
                bad.push(Rejection {
                    file: file.clone(),
                    line: 0,
                    field: None,
                    value: None,
                    reason: e.to_string(),
                    raw: String::from_utf8_lossy(&m.payload).into_owned(),
                });
            }
            for row in rows {
                match row.map_err(Box::new).and_then(|a| {
                    truce_app::ingest::prepare(
                        a,
                        &file,
                        &file,
                        truce_store::log::MISSION,
                        &gradings,
                    )
                    .map_err(Box::new)
                }) {
                    Ok(p) => ready.push((file.clone(), p)),
                    Err(r) => bad.push(*r),
                }
            }
        }
        let new: Vec<truce_store::NewReport<'_>> =
            ready.iter().map(|(f, p)| p.new_report(f)).collect();
        // Stored and logged in one transaction, then acknowledged.
        let result = store.ingest(&new, &bad)?;
        counts += result.counts;
        rt.block_on(async {
            for m in &batch {
                // An acknowledgement lost here only means the message comes
                // again, and its rows are duplicates then.
                if let Err(e) = m.double_ack().await {
                    eprintln!("warning: an acknowledgement was not confirmed: {e}");
                }
            }
        });
        messages += batch.len() as u64;
        if o.evaluate
            && (result.counts.accepted + result.counts.superseded) > 0
            && truce_app::pipeline::place(store.as_mut())?.is_none()
        {
            truce_app::pipeline::evaluate(store.as_mut(), &|_| {})?;
        }
        if last_checkpoint.elapsed() >= Duration::from_secs(1) {
            workspace::sign_checkpoint_if_keyed(store.as_mut())?;
            last_checkpoint = Instant::now();
        }
    }
    workspace::sign_checkpoint_if_keyed(store.as_mut())?;
    println!(
        "Read {messages} messages: {} reports accepted, {} duplicates, {} superseded, {} rows rejected.",
        counts.accepted, counts.duplicates, counts.superseded, counts.rejected
    );
    Ok(if counts.rejected > 0 {
        Outcome::SomeRejected
    } else {
        Outcome::Ok
    })
}
