//! Webhooks end to end: a real `truce serve` on the demo workspace sends
//! signed POSTs to a receiver in this test, which checks every signature,
//! answers 500 to the first two attempts of each delivery and 200 after,
//! and records what it got. The server is killed and started again in the
//! middle; every event still arrives, under one `webhook-id`, and a party's
//! liaison hears only of what that party may see.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One POST the receiver got.
#[derive(Debug, Clone)]
struct Got {
    path: String,
    id: String,
    timestamp: String,
    signature: String,
    body: String,
    /// The signature held under the subscription's secret.
    verified: bool,
    /// What the receiver answered.
    status: u16,
}

#[derive(Default)]
struct Receiver {
    /// Secrets by path.
    secrets: HashMap<String, String>,
    got: Vec<Got>,
    attempts: HashMap<String, u32>,
}

/// The Standard Webhooks check, written here from the specification (not
/// the server's code): HMAC-SHA256 keyed with the secret's bytes over
/// `{id}.{timestamp}.{body}`, base64, any of the `v1,` signatures.
fn verify(secret: &str, id: &str, timestamp: &str, body: &str, header: &str) -> bool {
    use base64::Engine;
    use hmac::{KeyInit, Mac};
    let b64 = base64::engine::general_purpose::STANDARD;
    let Some(key) = secret
        .strip_prefix("whsec_")
        .and_then(|k| b64.decode(k).ok())
    else {
        return false;
    };
    let Ok(mut mac) = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key) else {
        return false;
    };
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let want = b64.encode(mac.finalize().into_bytes());
    header
        .split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .any(|s| s == want)
}

/// Serves until the test ends: one request per connection.
fn receiver() -> (String, Arc<Mutex<Receiver>>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", l.local_addr().expect("addr"));
    let r = Arc::new(Mutex::new(Receiver::default()));
    let r2 = r.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut conn) = conn else { continue };
            let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(match conn.try_clone() {
                Ok(c) => c,
                Err(_) => continue,
            });
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            let mut headers = HashMap::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                }
            }
            let len: usize = headers
                .get("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; len];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let body = String::from_utf8_lossy(&body).into_owned();
            let h = |k: &str| headers.get(k).cloned().unwrap_or_default();
            let (id, timestamp, signature) = (
                h("webhook-id"),
                h("webhook-timestamp"),
                h("webhook-signature"),
            );
            let status = {
                let mut st = r2.lock().expect("lock");
                let secret = st.secrets.get(&path).cloned().unwrap_or_default();
                let verified = verify(&secret, &id, &timestamp, &body, &signature);
                let n = st.attempts.entry(id.clone()).or_insert(0);
                *n += 1;
                let status = if !verified {
                    400
                } else if *n <= 2 {
                    500
                } else {
                    200
                };
                st.got.push(Got {
                    path: path.clone(),
                    id,
                    timestamp,
                    signature,
                    body,
                    verified,
                    status,
                });
                status
            };
            let reason = if status == 200 { "OK" } else { "No" };
            let _ = write!(
                conn,
                "HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            let _ = conn.flush();
        }
    });
    (base, r)
}

/// Every page of a list, as `token` sees it.
fn all_items(s: &Server, path: &str, token: Option<&str>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit=1000");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={}", enc(c)));
        }
        let r = get(&s.url(&url), token);
        assert_eq!(r.status, 200, "{url}: {}", r.body);
        let v = r.json();
        out.extend(v["items"].as_array().cloned().unwrap_or_default());
        match v["next"].as_str() {
            Some(n) => cursor = Some(n.to_string()),
            None => return out,
        }
    }
}

/// The finding and publication events an audience may see now, by the
/// API's own lists, as event keys.
fn visible_events(s: &Server, token: Option<&str>, kinds: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (kind, status) in [
        ("finding.corroborated", "corroborated"),
        ("finding.confirmed", "confirmed"),
        ("dispute.opened", "disputed"),
    ] {
        if kinds.contains(&kind) {
            for f in all_items(s, &format!("/api/v1/findings?status={status}"), token) {
                out.insert(format!("{kind}:{}", f["id"].as_str().expect("id")));
            }
        }
    }
    // Outside the mission, the incident list is the published incidents.
    if kinds.contains(&"incident.published") && token.is_some_and(|t| t != s.token("t-admin")) {
        for i in all_items(s, "/api/v1/incidents", token) {
            out.insert(format!(
                "incident.published:{}",
                i["id"].as_str().expect("id")
            ));
        }
    }
    if kinds.contains(&"incident.published") && token.is_none() {
        for i in all_items(s, "/api/v1/incidents", None) {
            out.insert(format!(
                "incident.published:{}",
                i["id"].as_str().expect("id")
            ));
        }
    }
    out
}

/// The key of an event as received.
fn key_of(body: &Value) -> String {
    let kind = body["type"].as_str().unwrap_or("");
    let d = &body["data"];
    let what = match kind {
        "checkpoint.new" => d["size"].to_string(),
        "incident.published" => d["incident_id"].as_str().unwrap_or("").to_string(),
        _ => d["finding_id"].as_str().unwrap_or("").to_string(),
    };
    format!("{kind}:{what}")
}

fn subscribe(s: &Server, body: Value) -> (i64, String) {
    let r = post_json(&s.url("/api/v1/webhooks"), Some(s.token("t-admin")), &body);
    assert_eq!(r.status, 201, "subscribe: {}", r.body);
    let v = r.json();
    let secret = v["secret"].as_str().expect("secret").to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (v["webhook"]["id"].as_i64().expect("id"), secret)
}

fn decide(s: &Server, who: &str, body: Value) {
    let r = post_json(&s.url("/api/v1/decisions"), Some(s.token(who)), &body);
    assert_eq!(r.status, 200, "{who} {body}: {}", r.body);
}

/// Waits until `done` holds of what the receiver got, or fails.
fn wait_for(r: &Arc<Mutex<Receiver>>, what: &str, done: impl Fn(&Receiver) -> bool) {
    let start = Instant::now();
    loop {
        if done(&r.lock().expect("lock")) {
            return;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let st = r.lock().expect("lock");
            let got: Vec<String> = st
                .got
                .iter()
                .map(|g| {
                    format!(
                        "{} {} {} {}",
                        g.path,
                        g.status,
                        g.id,
                        key_of(&serde_json::from_str(&g.body).unwrap_or(Value::Null))
                    )
                })
                .collect();
            panic!("waited 90 s for {what}; got:\n{}", got.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Keys delivered (answered 200) to a path, with their webhook-ids.
fn delivered(st: &Receiver, path: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for g in st.got.iter().filter(|g| g.path == path && g.status == 200) {
        let body: Value = serde_json::from_str(&g.body).expect("a JSON body");
        out.entry(key_of(&body)).or_default().insert(g.id.clone());
    }
    out
}

fn the_webhooks_test(mut s: Server) {
    let admin = s.token("t-admin").to_string();
    let ua = s.token("t-ua").to_string();
    let (rx, got) = receiver();

    // Only administrators manage subscriptions; errors name the field.
    let good = json!({ "name": "x", "url": format!("{rx}/x"), "events": ["checkpoint.new"] });
    let r = post_json(&s.url("/api/v1/webhooks"), None, &good);
    assert_eq!(r.status, 401, "{}", r.body);
    let r = post_json(
        &s.url("/api/v1/webhooks"),
        Some(s.token("t-monitor")),
        &good,
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(get(&s.url("/api/v1/webhooks"), Some(&ua)).status, 403);
    for (bad, field) in [
        (json!({ "events": ["finding.maybe"] }), "events"),
        (json!({ "events": [] }), "events"),
        (json!({ "commitment": "no-such" }), "commitment"),
        (json!({ "party": "atlantis" }), "party"),
        (json!({ "region": "XX-99" }), "region"),
        (json!({ "audience": "party:atlantis" }), "audience"),
        (json!({ "url": "ftp://example.org/" }), "url"),
        (
            json!({ "url": format!("http://example.org/{}", "a".repeat(2048)) }),
            "url",
        ),
    ] {
        let mut body = good.clone();
        for (k, v) in bad.as_object().expect("object") {
            body[k] = v.clone();
        }
        let r = post_json(&s.url("/api/v1/webhooks"), Some(&admin), &body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let v = r.json();
        let named = v["field"].as_str() == Some(field)
            || v["error"]
                .as_str()
                .is_some_and(|e| e.starts_with(&format!("{field}:")));
        assert!(named, "{body}: the error names {field}: {}", r.body);
        if field == "events" {
            assert!(
                v["allowed"].to_string().contains("finding.corroborated"),
                "the allowed values: {}",
                r.body
            );
        }
    }

    // Three subscribers: the mission's staff, Ukraine's liaison (by its
    // account), and the public.
    let everything = [
        "finding.corroborated",
        "finding.confirmed",
        "dispute.opened",
        "incident.published",
        "checkpoint.new",
    ];
    let (all_id, all_secret) = subscribe(
        &s,
        json!({ "name": "mission", "url": format!("{rx}/all"), "events": everything, "audience": "all" }),
    );
    let (ua_id, ua_secret) = subscribe(
        &s,
        json!({ "name": "UA liaison office", "url": format!("{rx}/ua"), "events": everything, "audience": "t-ua" }),
    );
    let public_kinds = ["incident.published", "finding.confirmed"];
    let (_, public_secret) = subscribe(
        &s,
        json!({ "name": "newsroom", "url": format!("{rx}/public"), "events": public_kinds }),
    );
    {
        let mut st = got.lock().expect("lock");
        st.secrets.insert("/all".into(), all_secret.clone());
        st.secrets.insert("/ua".into(), ua_secret.clone());
        st.secrets.insert("/public".into(), public_secret.clone());
    }
    let listed = get(&s.url("/api/v1/webhooks"), Some(&admin)).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(3));
    assert!(
        !listed.to_string().contains(&all_secret),
        "a secret is shown once only"
    );
    assert_eq!(
        listed[1]["audience"], "party:ua",
        "the liaison account's party"
    );
    let before_all = visible_events(&s, Some(&admin), &everything);
    let before_ua = visible_events(&s, Some(&ua), &everything);
    let before_public = visible_events(&s, None, &public_kinds);

    // Two incidents the liaison may not see yet: one whose finding the
    // adjudicators confirm (unpublished: only the staff hear of it), one
    // that is published afterwards (then everyone hears of it).
    let queue = get(&s.url("/api/v1/queue"), Some(&admin)).json();
    let hidden: Vec<(String, Value)> = queue
        .as_array()
        .expect("queue")
        .iter()
        .filter_map(|q| q["incident_id"].as_str())
        .filter(|id| get(&s.url(&format!("/api/v1/incidents/{id}")), Some(&ua)).status == 404)
        .map(|id| {
            let d = get(&s.url(&format!("/api/v1/incidents/{id}")), Some(&admin)).json();
            (id.to_string(), d)
        })
        .filter(|(_, d)| {
            d["findings"].as_array().is_some_and(|f| {
                f.iter().any(|f| {
                    ["alleged", "corroborated", "disputed"]
                        .contains(&f["status"].as_str().unwrap_or(""))
                })
            })
        })
        .collect();
    // The one published has a finding the liaison will then hear of.
    let told = |d: &Value| {
        d["findings"].as_array().is_some_and(|f| {
            f.iter()
                .any(|f| ["corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or("")))
        })
    };
    let p = hidden.iter().position(|(_, d)| told(d)).unwrap_or(0);
    let c = (0..hidden.len())
        .find(|i| *i != p)
        .expect("two unpublished incidents with open findings");
    let (secret_incident, detail) = &hidden[c];
    let finding = detail["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            ["alleged", "corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or(""))
        })
        .and_then(|f| f["id"].as_str())
        .expect("an open finding")
        .to_string();
    for who in ["t-adj1", "t-adj2"] {
        decide(
            &s,
            who,
            json!({ "action": "confirm", "finding": finding, "reason": format!("{who} saw the imagery") }),
        );
    }
    let confirmed = format!("finding.confirmed:{finding}");
    // The staff hear of it; the first two attempts fail. Then the server
    // dies, mid-retry (and, as often as not, with the answer to a POST in
    // flight: its lease must run out first), and comes back.
    wait_for(&got, "a first failed attempt", |st| {
        st.got.iter().any(|g| g.path == "/all" && g.status == 500)
    });
    s.stop();
    // What was begun and not yet taken when it died.
    let pending: BTreeSet<String> = {
        let st = got.lock().expect("lock");
        st.attempts
            .keys()
            .filter(|id| !st.got.iter().any(|g| &g.id == *id && g.status == 200))
            .cloned()
            .collect()
    };
    assert!(
        !pending.is_empty(),
        "the server died with deliveries to retry"
    );
    s.restart();
    assert!(s.alive(), "the server came back");

    let published = &hidden[p].0;
    decide(
        &s,
        "t-adj1",
        json!({ "action": "publish", "incident": published, "reason": "reviewed" }),
    );
    assert_eq!(
        get(&s.url(&format!("/api/v1/incidents/{published}")), Some(&ua)).status,
        200,
        "published: the liaison sees it now"
    );

    // What each audience may see now, less what it saw when it subscribed.
    let after_all = visible_events(&s, Some(&admin), &everything);
    let after_ua = visible_events(&s, Some(&ua), &everything);
    let after_public = visible_events(&s, None, &public_kinds);
    let mut want_all: BTreeSet<String> = after_all.difference(&before_all).cloned().collect();
    want_all.insert(format!("incident.published:{published}"));
    let want_ua: BTreeSet<String> = after_ua.difference(&before_ua).cloned().collect();
    let want_public: BTreeSet<String> = after_public.difference(&before_public).cloned().collect();
    assert!(want_all.contains(&confirmed), "{want_all:?}");
    assert!(!want_ua.contains(&confirmed), "{want_ua:?}");
    assert!(
        want_ua.contains(&format!("incident.published:{published}")),
        "{want_ua:?}"
    );
    assert!(
        want_public.contains(&format!("incident.published:{published}")),
        "{want_public:?}"
    );

    let arrived = |st: &Receiver, path: &str, want: &BTreeSet<String>| {
        let d = delivered(st, path);
        want.iter().all(|k| d.contains_key(k))
    };
    // Every event expected, and every delivery begun taken at last.
    let settled = |st: &Receiver| {
        st.attempts
            .keys()
            .all(|id| st.got.iter().any(|g| &g.id == id && g.status == 200))
    };
    wait_for(&got, "every expected event", |st| {
        arrived(st, "/all", &want_all)
            && arrived(st, "/ua", &want_ua)
            && arrived(st, "/public", &want_public)
            && settled(st)
    });
    // Let any stray delivery come in before the tally.
    std::thread::sleep(Duration::from_millis(1500));
    wait_for(&got, "every delivery taken", settled);
    let st = got.lock().expect("lock");
    eprintln!(
        "expected events: staff {}, liaison {}, public {}; POSTs received {}",
        want_all.len(),
        want_ua.len(),
        want_public.len(),
        st.got.len()
    );

    // Every POST was signed with its subscription's secret.
    assert!(!st.got.is_empty());
    for g in &st.got {
        assert!(g.verified, "a bad signature: {g:?}");
        let ts: i64 = g.timestamp.parse().expect("a unix timestamp");
        assert!(
            (jiff::Timestamp::now().as_second() - ts).abs() < 600,
            "a fresh timestamp"
        );
    }
    // The check can fail: another secret, or another body, is refused.
    let g = &st.got[0];
    assert!(verify(&all_secret, &g.id, &g.timestamp, &g.body, &g.signature) || g.path != "/all");
    let other = if g.path == "/ua" {
        &all_secret
    } else {
        &ua_secret
    };
    assert!(!verify(other, &g.id, &g.timestamp, &g.body, &g.signature));
    let forged = g.body.replacen('"', "\"x", 1);
    let own = st.secrets.get(&g.path).expect("its secret");
    assert!(!verify(own, &g.id, &g.timestamp, &forged, &g.signature));
    assert!(!verify(own, &g.id, "1", &g.body, &g.signature));

    // What was pending when the server died was taken after it came back.
    for id in &pending {
        assert!(
            st.got.iter().any(|g| &g.id == id && g.status == 200),
            "{id} was lost in the restart"
        );
    }
    // Retries: each delivery failed twice before it was taken.
    for (id, n) in &st.attempts {
        assert!(*n >= 3, "{id} was delivered after {n} attempts");
    }
    // Each expected event arrived under one webhook-id, and nothing else
    // arrived, across the restart.
    for (path, want) in [
        ("/all", &want_all),
        ("/ua", &want_ua),
        ("/public", &want_public),
    ] {
        let d = delivered(&st, path);
        for (k, ids) in &d {
            assert_eq!(ids.len(), 1, "{path}: {k} under several ids: {ids:?}");
        }
        let findings_and_publications: BTreeSet<String> = d
            .keys()
            .filter(|k| !k.starts_with("checkpoint.new:"))
            .cloned()
            .collect();
        assert_eq!(&findings_and_publications, want, "{path}");
    }
    // The liaison was told of nothing its party may not see.
    for g in st.got.iter().filter(|g| g.path == "/ua") {
        let body: Value = serde_json::from_str(&g.body).expect("JSON");
        if let Some(i) = body["data"]["incident_id"].as_str() {
            assert_ne!(
                i, secret_incident,
                "the liaison heard of an unpublished incident"
            );
            let r = get(&s.url(&format!("/api/v1/incidents/{i}")), Some(&ua));
            assert_eq!(
                r.status, 200,
                "the liaison was told of {i}, which it may not see"
            );
        }
    }
    // The payload says what happened.
    let one = st
        .got
        .iter()
        .filter(|g| g.path == "/all" && g.status == 200)
        .map(|g| serde_json::from_str::<Value>(&g.body).expect("JSON"))
        .find(|b| key_of(b) == confirmed)
        .expect("the confirmed finding");
    assert_eq!(one["data"]["status"], "confirmed");
    assert_eq!(one["data"]["incident_id"], secret_incident.as_str());
    assert!(one["timestamp"].as_str().is_some());
    drop(st);

    // The deliveries as the administrators see them.
    let ds = get(
        &s.url(&format!("/api/v1/webhooks/{all_id}/deliveries")),
        Some(&admin),
    );
    assert_eq!(ds.status, 200, "{}", ds.body);
    let ds = ds.json();
    assert!(
        ds.as_array()
            .expect("deliveries")
            .iter()
            .all(|d| d["failed"] == false && d["attempts"].as_u64().unwrap_or(0) >= 1)
    );
    let (cookie, _) = sign_in(&s, "t-admin");
    let page = get(&s.url("/admin/webhooks"), Some(&cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("UA liaison office") && page.body.contains("delivered"));
    assert!(
        page.body.contains("href=\"/admin/webhooks\""),
        "the nav link"
    );
    for (lang, words) in [("uk", "Останні доставки"), ("ru", "Последние доставки")]
    {
        let page = request(
            "GET",
            &s.url("/admin/webhooks"),
            Some(&cookie),
            None,
            &[("accept-language", lang)],
        );
        assert!(page.body.contains(words), "{lang}: {}", page.body);
    }
    let (cookie, _) = sign_in(&s, "t-monitor");
    let page = get(&s.url("/admin/webhooks"), Some(&cookie));
    assert_eq!(page.status, 403);
    assert!(!page.body.contains("href=\"/admin/webhooks\""));

    // Stopped, a subscription hears nothing more.
    let r = request(
        "DELETE",
        &s.url(&format!("/api/v1/webhooks/{ua_id}")),
        Some(&admin),
        None,
        &[],
    );
    assert_eq!(r.status, 204, "{}", r.body);
    let r = request(
        "DELETE",
        &s.url(&format!("/api/v1/webhooks/{ua_id}")),
        Some(&admin),
        None,
        &[],
    );
    assert_eq!(r.status, 404);
}

#[test]
fn signed_deliveries_retried_once_each_across_a_restart() {
    the_webhooks_test(Server::demo_with(&["--webhook-retry-base-ms", "300"]));
}

#[test]
fn signed_deliveries_on_postgres() {
    let db =
        truce_store_pg::testing::TestDb::new().unwrap_or_else(|e| panic!("a test database: {e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let s = Server::demo_at(
        dir,
        db.url().to_string(),
        &["--webhook-retry-base-ms", "300"],
    );
    the_webhooks_test(s);
    drop(db);
}

on_both!(a_command_line_ingest_queues_what_the_server_sends_later);
/// An ingest from the command line, with no server running, queues the
/// events it makes (here the log's new checkpoint) in the workspace; the
/// server, started later, sends them.
fn a_command_line_ingest_queues_what_the_server_sends_later(b: Backend) {
    let mut s = Server::demo_with_on(b, &["--webhook-retry-base-ms", "50"]);
    let (rx, got) = receiver();
    let (id, secret) = subscribe(
        &s,
        json!({ "name": "log watch", "url": format!("{rx}/log"), "events": ["checkpoint.new"], "audience": "all" }),
    );
    got.lock()
        .expect("lock")
        .secrets
        .insert("/log".into(), secret);
    s.stop();
    let queued = |s: &Server| -> Vec<(String, String)> {
        s.rows(&format!(
            "SELECT id, payload FROM webhook_deliveries WHERE webhook_id = {id}"
        ))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
    };
    assert!(queued(&s).is_empty(), "nothing new yet");
    let csv = s.dir.path().join("more.csv");
    let out = truce(
        &s.db,
        &[
            "gen",
            "--reports",
            "20",
            "--seed",
            "9",
            "-o",
            &csv.to_string_lossy(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = truce(&s.db, &["ingest", &csv.to_string_lossy()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = queued(&s);
    assert_eq!(
        rows.len(),
        1,
        "the new checkpoint, queued by the ingest: {rows:?}"
    );
    let body: Value = serde_json::from_str(&rows[0].1).expect("JSON");
    assert_eq!(body["type"], "checkpoint.new");
    let size = body["data"]["size"].as_u64().expect("size");
    s.restart();
    let want = rows[0].0.clone();
    wait_for(&got, "the queued checkpoint", |st| {
        st.got.iter().any(|g| g.id == want && g.status == 200)
    });
    let cp = get(&s.url("/api/v1/log/checkpoint"), None).json();
    assert_eq!(
        cp["size"].as_u64(),
        Some(size),
        "the checkpoint sent is the log's latest: {cp}"
    );
}
