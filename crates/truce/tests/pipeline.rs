//! One pipeline: what the server shows of a finding (its status, the rules'
//! status and every step of its trace) is what `truce evaluate` stores and
//! what the command line explains, also after monitors corrected the
//! reports it rests on.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn api(s: &Server, path: &str, token: &str) -> Value {
    let r = get(&s.url(path), Some(token));
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// What the server shows of every finding of an incident, by finding id:
/// (status, evaluated, trace).
fn shown(s: &Server, incident: &str, token: &str) -> BTreeMap<String, (Value, Value, Value)> {
    let d = api(s, &format!("/api/v1/incidents/{incident}"), token);
    d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().expect("id").to_string(),
                (
                    f["status"].clone(),
                    f["evaluated"].clone(),
                    f["trace"].clone(),
                ),
            )
        })
        .collect()
}

/// What the store holds, by finding id.
fn stored(s: &Server, incident: &str, token: &str) -> BTreeMap<String, Value> {
    let v = api(
        s,
        &format!("/api/v1/findings?incident={incident}&limit=1000"),
        token,
    );
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().expect("id").to_string(),
                f["status"].clone(),
            )
        })
        .collect()
}

/// What the command line explains, by finding id: (status, trace).
fn explained(s: &Server, incident: &str) -> BTreeMap<String, (Value, Value)> {
    let out = truce(&s.db, &["findings", "--json", "--incident", incident], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().expect("id").to_string(),
                (f["status"].clone(), f["trace"].clone()),
            )
        })
        .collect()
}

fn agree(s: &Server, incident: &str, token: &str) {
    let shown = shown(s, incident, token);
    let stored = stored(s, incident, token);
    let cli = explained(s, incident);
    assert!(!shown.is_empty());
    assert_eq!(
        shown.keys().collect::<Vec<_>>(),
        stored.keys().collect::<Vec<_>>(),
        "the same findings"
    );
    for (id, (status, evaluated, trace)) in &shown {
        assert_eq!(status, &stored[id], "{id}: shown and stored status");
        assert_eq!(
            evaluated, &stored[id],
            "{id}: the rules' status is the stored one (no verdict here)"
        );
        assert_eq!(&cli[id].0, status, "{id}: the command line says the same");
        assert_eq!(&cli[id].1, trace, "{id}: the same reasons, step by step");
    }
}

on_both!(an_explanation_never_contradicts_the_finding_after_corrections);
fn an_explanation_never_contradicts_the_finding_after_corrections(b: Backend) {
    let s = Server::demo_on(b);
    let t = s.token("t-monitor").to_string();
    // A long-range-drone incident the air truce covers.
    let all = api(&s, "/api/v1/incidents?limit=1000", &t);
    let incident = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["means"] == "drone.long-range" && i["report_count"].as_u64() >= Some(2))
        .find_map(|i| {
            let id = i["id"].as_str()?.to_string();
            let f = shown(&s, &id, &t);
            let air = f.values().any(|(st, _, trace)| {
                st != "not-covered" && trace.to_string().contains("drone.long-range")
            });
            air.then_some(id)
        })
        .expect("a long-range drone incident under the air truce");
    agree(&s, &incident, &t);
    // A monitor reads every report as artillery.
    let reports = api(&s, &format!("/api/v1/incidents/{incident}"), &t)["reports"].clone();
    let mut now = incident.clone();
    for r in reports.as_array().expect("reports") {
        let rid = r["id"].as_i64().expect("id");
        let out = post_json(
            &s.url("/api/v1/decisions"),
            Some(&t),
            &json!({ "action": "correct", "report": rid, "fields": { "means": "artillery" },
                     "reason": "craters and fragments are of artillery shells" }),
        );
        assert_eq!(out.status, 200, "{}", out.body);
        now = out.json()["incidents"][0]
            .as_str()
            .expect("the incident holding it")
            .to_string();
    }
    let after = shown(&s, &now, &t);
    for (id, (_, _, trace)) in &after {
        let words = trace.to_string();
        assert!(
            !words.contains("drone.long-range is covered"),
            "{id}: the trace still reasons from the uncorrected means: {words}"
        );
    }
    agree(&s, &now, &t);
    // A full evaluation stores exactly what was shown.
    let before = shown(&s, &now, &t);
    let out = truce(&s.db, &["evaluate"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        shown(&s, &now, &t),
        before,
        "evaluate changes nothing shown"
    );
    agree(&s, &now, &t);
}
