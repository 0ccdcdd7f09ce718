//! Webhooks: what each subscription is told. After a pipeline run, a
//! decision or a new checkpoint, [`detect`] computes the events each active
//! subscription may see now and queues those not yet announced to it.
//!
//! What a subscriber may see is decided by the very code the API's lists
//! use ([`crate::filters::parse`] with the subscription's [`Visibility`],
//! then the store's lists): a party's liaison is told only of what the API
//! shows that party's account, the public only of published incidents.

use crate::filters::{ListParams, parse};
use crate::{Error, Reference, Result};
use std::collections::HashMap;
use truce_model::Status;
use truce_store::prelude::*;
use truce_store::webhooks::{EVENT_KINDS, Webhook, WebhookEvent};
use truce_store::{FindingFilter, IncidentRow, Visibility};

/// The longest URL a subscription may have.
pub const MAX_URL: usize = 2048;

/// A subscription's audience as a viewer: `all`, `party:<id>`, `public`.
pub fn visibility(audience: &str) -> Visibility {
    match audience {
        "all" => Visibility::All,
        a => match a.strip_prefix("party:") {
            Some(p) => Visibility::Party(p.to_string()),
            None => Visibility::Published,
        },
    }
}

/// The audience a visibility is written as.
pub fn audience_of(v: &Visibility) -> String {
    match v {
        Visibility::All => "all".into(),
        Visibility::Party(p) => format!("party:{p}"),
        Visibility::Published => "public".into(),
    }
}

/// A new subscription, as the API takes it.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookBody {
    /// For people: who receives it ("UA liaison office", "newsroom").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Where events are POSTed: http or https, at most 2048 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2048))]
    pub url: String,
    /// Among `finding.corroborated`, `finding.confirmed`, `dispute.opened`,
    /// `incident.published`, `checkpoint.new`.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub events: Vec<String>,
    /// Only findings of this commitment (an id of the agreement's).
    pub commitment: Option<String>,
    /// Only findings about this party.
    pub party: Option<String>,
    /// Only incidents in this region or country (`UA-63`, `RU`).
    pub region: Option<String>,
    /// Whose view the events are filtered by: `public` (the default:
    /// published incidents only), `all` (the mission's staff),
    /// `party:<id>` (that party's liaison), or the name of an account, whose
    /// role and party decide.
    pub audience: Option<String>,
}

/// The longest name a subscription may have, in characters.
pub const MAX_NAME: usize = 200;

/// Reads a subscription's body (`POST /api/v1/webhooks`).
pub fn read_body(body: &[u8]) -> Result<WebhookBody> {
    serde_json::from_slice(body)
        .map_err(|e| Error::BadRequest(format!("the body is not a subscription: {e}")))
}

impl WebhookBody {
    /// What can be checked before the store is read: the name (trimmed),
    /// the URL and the event kinds, as they will be stored.
    pub fn check(&self) -> Result<(String, String, Vec<String>)> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(Error::BadRequest(format!(
                "name: give the subscription a name of 1 to {MAX_NAME} characters"
            )));
        }
        let url = check_url(&self.url)?;
        let events = check_events(&self.events)?;
        Ok((name, url, events))
    }
}

/// An audience as written, checked: `public`, `all` (or `staff`),
/// `party:<id, name or alias>`, or an account's name.
pub fn check_audience(store: &dyn Store, reference: &Reference, a: &str) -> Result<Visibility> {
    let allowed = || {
        let mut v = vec!["public".to_string(), "all".to_string()];
        v.extend(
            reference
                .agreement
                .parties
                .iter()
                .map(|p| format!("party:{}", p.id)),
        );
        v.push("the name of an account".into());
        v
    };
    let refuse = |message: String| {
        Error::Filter(crate::filters::FilterError {
            field: "audience".into(),
            message,
            allowed: allowed(),
        })
    };
    match a {
        "public" => return Ok(Visibility::Published),
        "all" | "staff" => return Ok(Visibility::All),
        _ => {}
    }
    if let Some(p) = a.strip_prefix("party:") {
        return match reference.agreement.party_resolver().resolve(p) {
            Some(id) => Ok(Visibility::Party(id.to_string())),
            None => Err(refuse(format!("no party \"{p}\""))),
        };
    }
    match store.user_by_name(a)? {
        Some(u) => Ok(Visibility::of(Some(&u))),
        None => Err(refuse(format!("no audience or account \"{a}\""))),
    }
}

/// A subscription's filters, checked as the lists check them: the
/// canonical ids of the commitment, party and region given, or a 400 that
/// names the field and its allowed values.
pub fn check_filters(
    store: &dyn Store,
    reference: &Reference,
    commitment: Option<&str>,
    party: Option<&str>,
    region: Option<&str>,
) -> Result<(Option<String>, Option<String>, Option<String>)> {
    let f = parse(
        store,
        reference,
        &Visibility::All,
        &ListParams {
            commitment: commitment.map(str::to_string),
            party: party.map(str::to_string),
            region: region.map(str::to_string),
            ..Default::default()
        },
    )?
    .findings;
    Ok((f.commitment, f.party, f.region))
}

/// The event kinds asked for, checked: at least one, each known.
pub fn check_events(events: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let e = e.trim();
        if !EVENT_KINDS.contains(&e) {
            return Err(Error::Filter(crate::filters::FilterError {
                field: "events".into(),
                message: format!("no event kind \"{e}\""),
                allowed: EVENT_KINDS.iter().map(|k| k.to_string()).collect(),
            }));
        }
        if !out.iter().any(|x| x == e) {
            out.push(e.to_string());
        }
    }
    if out.is_empty() {
        return Err(Error::Filter(crate::filters::FilterError {
            field: "events".into(),
            message: "name at least one event kind".into(),
            allowed: EVENT_KINDS.iter().map(|k| k.to_string()).collect(),
        }));
    }
    Ok(out)
}

/// A subscription's URL, checked: http or https, a host, at most
/// [`MAX_URL`] characters.
pub fn check_url(url: &str) -> Result<String> {
    let url = url.trim();
    let bad = |why: &str| Error::BadRequest(format!("url: {why}"));
    if url.is_empty() {
        return Err(bad("give the address the events are sent to"));
    }
    if url.chars().count() > MAX_URL {
        return Err(bad(&format!(
            "{} characters is longer than the {MAX_URL} allowed",
            url.chars().count()
        )));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            bad(&format!(
                "\"{url}\" does not begin with http:// or https://"
            ))
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err(bad(&format!("\"{url}\" names no host")));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("an address holds no spaces or control characters"));
    }
    Ok(url.to_string())
}

fn rfc3339(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn body(kind: &str, now_ms: i64, data: serde_json::Value) -> String {
    let ts = jiff::Timestamp::from_millisecond(now_ms)
        .map(|t| t.to_string())
        .unwrap_or_default();
    serde_json::json!({ "type": kind, "timestamp": ts, "data": data }).to_string()
}

fn incident_data(i: &IncidentRow) -> serde_json::Value {
    let i = &i.incident;
    serde_json::json!({
        "incident_id": i.id,
        "occurred_start": rfc3339(i.occurred.start),
        "occurred_end": rfc3339(i.occurred.end),
        "act": i.act.as_str(),
        "target_class": i.target_class.as_str(),
        "country": i.country,
        "region": i.region,
        "url": format!("/incidents/{}", i.id),
    })
}

/// What an event is about, before its body is built.
enum About {
    Finding(&'static str, truce_store::FindingRow),
    Incident(IncidentRow),
    Checkpoint(truce_store::StoredCheckpoint),
}

/// The events a subscription may see now. With `only_new`, those already
/// announced to it are left out before their bodies are built; without
/// `bodies`, none is built (the keys suffice to record them as told).
pub fn events_for(
    store: &dyn Store,
    reference: &Reference,
    w: &Webhook,
    now_ms: i64,
    only_new: bool,
    bodies: bool,
) -> Result<Vec<WebhookEvent>> {
    let v = visibility(&w.audience);
    let wants = |k: &str| w.events.iter().any(|e| e == k);
    let base: FindingFilter = parse(
        store,
        reference,
        &v,
        &ListParams {
            commitment: w.commitment.clone(),
            party: w.party.clone(),
            region: w.region.clone(),
            ..Default::default()
        },
    )?
    .findings;
    let mut found: Vec<(String, About)> = Vec::new();
    for (kind, status) in [
        ("finding.corroborated", Status::Corroborated),
        ("finding.confirmed", Status::Confirmed),
        ("dispute.opened", Status::Disputed),
    ] {
        if !wants(kind) {
            continue;
        }
        let f = FindingFilter {
            status: Some(status),
            ..base.clone()
        };
        for row in store.findings(&f)? {
            found.push((format!("{kind}:{}", row.id), About::Finding(kind, row)));
        }
    }
    if wants("incident.published") {
        let f = FindingFilter {
            published_only: true,
            ..base.clone()
        };
        for row in store.incidents(&f)? {
            found.push((
                format!("incident.published:{}", row.incident.id),
                About::Incident(row),
            ));
        }
    }
    if wants("checkpoint.new") {
        // The log is public: every subscriber may hear of its checkpoints.
        // The latest one stands for those before it (it is consistent with
        // them, and the API proves it), so a burst of them is one event.
        if let Some(c) = store.checkpoints()?.into_iter().max_by_key(|c| c.size) {
            found.push((format!("checkpoint.new:{}", c.size), About::Checkpoint(c)));
        }
    }
    if only_new {
        let keys: Vec<String> = found.iter().map(|(k, _)| k.clone()).collect();
        let told = store.announced(w.id, &keys)?;
        found = found
            .into_iter()
            .zip(told)
            .filter(|(_, t)| !t)
            .map(|(f, _)| f)
            .collect();
    }
    let mut incidents: HashMap<String, Option<IncidentRow>> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (key, about) in found {
        if !bodies {
            let kind = match &about {
                About::Finding(kind, _) => kind,
                About::Incident(_) => "incident.published",
                About::Checkpoint(_) => "checkpoint.new",
            };
            out.push(WebhookEvent {
                key,
                kind: kind.to_string(),
                payload: String::new(),
            });
            continue;
        }
        let (kind, data) = match about {
            About::Finding(kind, row) => {
                if !incidents.contains_key(&row.incident_id) {
                    let i = store.incident(&row.incident_id)?;
                    incidents.insert(row.incident_id.clone(), i);
                }
                let Some(Some(inc)) = incidents.get(&row.incident_id) else {
                    continue;
                };
                let mut data = incident_data(inc);
                if let Some(o) = data.as_object_mut() {
                    o.insert("finding_id".into(), row.id.clone().into());
                    o.insert("commitment".into(), row.commitment_id.clone().into());
                    o.insert("reading".into(), row.reading_id.clone().into());
                    o.insert("party".into(), row.party.clone().into());
                    o.insert("status".into(), row.status.as_str().into());
                    o.insert("confidence".into(), row.confidence.as_str().into());
                }
                (kind, data)
            }
            About::Incident(row) => ("incident.published", incident_data(&row)),
            About::Checkpoint(c) => (
                "checkpoint.new",
                serde_json::json!({
                    "size": c.size,
                    "at": rfc3339(c.at),
                    "note": c.note,
                    "url": "/api/v1/log/checkpoint",
                }),
            ),
        };
        out.push(WebhookEvent {
            key,
            kind: kind.into(),
            payload: body(kind, now_ms, data),
        });
    }
    Ok(out)
}

/// Records what a new subscription may see now as announced, without
/// sending it: a subscriber hears of what happens after it subscribed.
pub fn seed(store: &mut dyn Store, reference: &Reference, webhook: i64) -> Result<u64> {
    let Some(w) = store.webhook(webhook)? else {
        return Ok(0);
    };
    let now = jiff::Timestamp::now().as_millisecond();
    let events = events_for(store, reference, &w, now, true, false)?;
    Ok(store.announce(w.id, &events, false, now)?)
}

/// Queues, for every active subscription, the events it may see and has
/// not been told of. Returns how many deliveries were queued.
pub fn detect(store: &mut dyn Store, reference: &Reference) -> Result<u64> {
    let hooks: Vec<Webhook> = store.webhooks()?.into_iter().filter(|w| w.active).collect();
    let mut n = 0;
    for w in hooks {
        let now = jiff::Timestamp::now().as_millisecond();
        let events = events_for(store, reference, &w, now, true, true)?;
        n += store.announce(w.id, &events, true, now)?;
    }
    Ok(n)
}

/// [`detect`], with the reference data loaded only when some subscription
/// is active (the pipeline's step after every run).
pub fn detect_if_subscribed(store: &mut dyn Store) -> Result<u64> {
    if !store.webhooks()?.iter().any(|w| w.active) {
        return Ok(0);
    }
    let reference = Reference::load(store)?;
    detect(store, &reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_or_https_with_a_host_and_bounded() {
        assert_eq!(
            check_url(" https://a.example/hook ").ok().as_deref(),
            Some("https://a.example/hook")
        );
        assert!(check_url("http://127.0.0.1:9000/x").is_ok());
        for bad in [
            "",
            "ftp://a.example/",
            "https://",
            "https:///path",
            "http://:80/",
            "https://a.example/with space",
        ] {
            let e = check_url(bad).expect_err(bad).to_string();
            assert!(e.starts_with("url: "), "{bad}: {e}");
        }
        let long = format!("https://a.example/{}", "x".repeat(MAX_URL));
        assert!(check_url(&long).is_err());
    }

    #[test]
    fn event_kinds_are_checked_and_named() {
        assert_eq!(
            check_events(&["checkpoint.new".into(), " checkpoint.new".into()]).ok(),
            Some(vec!["checkpoint.new".to_string()])
        );
        for bad in [vec![], vec!["finding.maybe".to_string()]] {
            match check_events(&bad) {
                Err(Error::Filter(f)) => {
                    assert_eq!(f.field, "events");
                    assert_eq!(f.allowed.len(), EVENT_KINDS.len());
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn audiences_are_viewers() {
        for v in [
            Visibility::All,
            Visibility::Published,
            Visibility::Party("ua".into()),
        ] {
            assert_eq!(visibility(&audience_of(&v)), v);
        }
    }
}
