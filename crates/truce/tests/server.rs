//! End-to-end tests of the web application: a real `truce serve` over the
//! demo workspace, called over HTTP as each role would.

mod common;

use common::*;
use serde_json::{Value, json};

fn staff(s: &Server) -> String {
    s.token("t-monitor").to_string()
}

/// Every incident visible to `auth`, through the cursor.
fn all_incidents(s: &Server, auth: Option<&str>, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = get(
            &s.url(&format!("/api/v1/incidents?limit=7&{query}{cursor}")),
            auth,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        out.extend(v["items"].as_array().expect("items").iter().cloned());
        match v["next"].as_str() {
            Some(n) => cursor = format!("&cursor={n}"),
            None => return out,
        }
    }
}

on_both!(lists_page_filter_and_download);
fn lists_page_filter_and_download(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let all = all_incidents(&s, Some(&t), "");
    let total = s_json(&s, "/api/v1/incidents?limit=1000", &t)["items"]
        .as_array()
        .expect("items")
        .len();
    assert!(total > 100, "the demo has many incidents: {total}");
    assert_eq!(all.len(), total, "paging returns each incident once");
    let mut ids: Vec<&str> = all.iter().filter_map(|i| i["id"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no incident twice across pages");
    // Newest first.
    let starts: Vec<&str> = all.iter().filter_map(|i| i["start"].as_str()).collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // A bounding box around Odesa: every incident inside it, and some found.
    let odesa = all_incidents(&s, Some(&t), "bbox=30.0,46.0,31.5,47.0");
    assert!(!odesa.is_empty());
    for i in &odesa {
        let (lat, lon) = (
            i["lat"].as_f64().expect("lat"),
            i["lon"].as_f64().expect("lon"),
        );
        assert!(
            (46.0..=47.0).contains(&lat) && (30.0..=31.5).contains(&lon),
            "{i}"
        );
    }
    // A region: only incidents located there.
    let kharkiv = all_incidents(&s, Some(&t), "region=UA-63");
    assert!(!kharkiv.is_empty());
    assert!(kharkiv.iter().all(|i| i["region"] == "UA-63"));
    // A date range in the agreement's zone, both ends inclusive of their days.
    let april = all_incidents(&s, Some(&t), "from=2025-04-01&to=2025-04-10");
    assert!(!april.is_empty() && april.len() < total);
    for i in &april {
        let start = i["start"].as_str().expect("start");
        let end = i["end"].as_str().expect("end");
        assert!(
            end > "2025-03-31T21:00:00Z" && start < "2025-04-10T21:00:00Z",
            "{i}"
        );
    }
    // And every incident in the range is listed (the store bounds its scan
    // by the longest incident; nothing may fall off that bound).
    let expected = all
        .iter()
        .filter(|i| {
            i["end"]
                .as_str()
                .is_some_and(|e| e > "2025-03-31T21:00:00Z")
                && i["start"]
                    .as_str()
                    .is_some_and(|s| s < "2025-04-10T21:00:00Z")
        })
        .count();
    assert_eq!(april.len(), expected);
    // Status, commitment and reading: each listed incident has such a finding.
    let disputed = all_incidents(&s, Some(&t), "commitment=energy&reading=ru&status=disputed");
    assert!(!disputed.is_empty());
    // Paged through the status index, each incident once, as in one page.
    let one_page = s_json(
        &s,
        "/api/v1/incidents?commitment=energy&reading=ru&status=disputed&limit=1000",
        &t,
    )["items"]
        .clone();
    let ids = |v: &[Value]| {
        v.iter()
            .filter_map(|i| i["id"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&disputed), ids(one_page.as_array().expect("items")));
    // The same through the (party, time) index.
    let by_party = all_incidents(&s, Some(&t), "party=ua&reading=ru");
    let party_page =
        s_json(&s, "/api/v1/incidents?party=ua&reading=ru&limit=1000", &t)["items"].clone();
    assert!(!by_party.is_empty());
    assert_eq!(ids(&by_party), ids(party_page.as_array().expect("items")));
    for i in &disputed {
        let d = s_json(
            &s,
            &format!("/api/v1/incidents/{}", i["id"].as_str().expect("id")),
            &t,
        );
        assert!(
            d["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["commitment_id"] == "energy"
                    && f["reading_id"] == "ru"
                    && f["status"] == "disputed"),
            "{}",
            i["id"]
        );
    }
    // Unknown values are errors that name the field, not empty lists.
    for (q, word) in [
        ("status=maybe", "status"),
        ("commitment=nope", "commitment"),
        ("bbox=1,2,3", "bbox"),
        ("from=yesterday", "from"),
        ("cursor=zz", "cursor"),
        ("format=xml", "format"),
        ("limit=many", "limit"),
    ] {
        let r = get(&s.url(&format!("/api/v1/incidents?{q}")), Some(&t));
        assert_eq!(r.status, 400, "{q}");
        assert!(
            r.json()["error"].as_str().expect("error").contains(word),
            "{q}: {}",
            r.body
        );
    }
    // A finding cursor of the right shape that names no finding is well
    // formed (422); a malformed one is a 400.
    let shaped = get(
        &s.url("/api/v1/findings?cursor=104013.429904529.13bf1be05e2a83"),
        Some(&t),
    );
    assert_eq!(shaped.status, 422, "{}", shaped.body);
    assert_eq!(
        get(&s.url("/api/v1/findings?cursor=zz"), Some(&t)).status,
        400
    );
    let r = get(&s.url("/api/v1/reports/not-a-number"), Some(&t));
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].is_string());
    // Downloads stream the whole filtered list.
    let csv = get(
        &s.url("/api/v1/incidents?region=UA-63&format=csv"),
        Some(&t),
    );
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    let mut rdr = csv::Reader::from_reader(csv.body.as_bytes());
    let region = rdr
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "region")
        .expect("a region column");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), kharkiv.len());
    assert!(rows.iter().all(|r| &r[region] == "UA-63"));
    let geo = get(&s.url("/api/v1/incidents?format=geojson"), Some(&t));
    assert_eq!(geo.status, 200);
    let g = geo.json();
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["features"].as_array().expect("features").len(), total);
    let fcsv = get(
        &s.url("/api/v1/findings?format=csv&status=corroborated"),
        Some(&t),
    );
    assert_eq!(fcsv.status, 200);
    assert!(
        fcsv.body
            .lines()
            .skip(1)
            .all(|l| l.contains(",corroborated,"))
    );
    assert!(fcsv.body.lines().count() > 10);
}

fn s_json(s: &Server, path: &str, token: &str) -> Value {
    let r = get(&s.url(path), Some(token));
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// A schema with its `$ref` followed.
fn resolved<'a>(schema: &'a Value, doc: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolved(
            &doc["components"]["schemas"][r.rsplit('/').next().expect("ref name")],
            doc,
        ),
        None => schema,
    }
}

/// An `allOf` as one object schema: every part's properties and required
/// ones (a flattened type's fields are its own).
fn merged(parts: &[Value], doc: &Value) -> Value {
    let mut props = serde_json::Map::new();
    let mut required = Vec::new();
    for p in parts {
        let p = resolved(p, doc);
        let p = match p.get("allOf").and_then(Value::as_array) {
            Some(inner) => merged(inner, doc),
            None => p.clone(),
        };
        if let Some(o) = p.get("properties").and_then(Value::as_object) {
            props.extend(o.clone());
        }
        if let Some(r) = p.get("required").and_then(Value::as_array) {
            required.extend(r.iter().cloned());
        }
    }
    json!({ "type": "object", "properties": props, "required": required })
}

/// A small JSON Schema check, enough for the OpenAPI document's schemas:
/// types, required properties, arrays, enums, `$ref`s, `oneOf`, `anyOf` and
/// `allOf`.
fn check(schema: &Value, v: &Value, doc: &Value, at: &str) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().expect("ref name");
        return check(&doc["components"]["schemas"][name], v, doc, at);
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return check(&merged(parts, doc), v, doc, at);
    }
    if let Some(alts) = schema.get("anyOf").and_then(Value::as_array) {
        assert!(
            alts.iter()
                .any(|a| std::panic::catch_unwind(|| check(a, v, doc, at)).is_ok()),
            "{at}: matches none of anyOf"
        );
        return;
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        assert!(
            alts.iter()
                .any(|a| std::panic::catch_unwind(|| check(a, v, doc, at)).is_ok()),
            "{at}: matches none of oneOf"
        );
        return;
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        assert!(ok, "{at}: expected {types:?}, got {v}");
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(v), "{at}: {v} is not one of {e:?}");
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        for k in req.iter().filter_map(Value::as_str) {
            assert!(v.get(k).is_some(), "{at}: missing required {k} in {v}");
        }
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Value::as_object),
        v.as_object(),
    ) {
        for (k, val) in obj {
            // Every property the server sends is documented.
            let Some(p) = props.get(k) else {
                panic!("{at}: undocumented property {k}");
            };
            check(p, val, doc, &format!("{at}.{k}"));
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate().take(50) {
            check(items, x, doc, &format!("{at}[{i}]"));
        }
    }
}

on_both!(the_openapi_document_matches_the_server);
fn the_openapi_document_matches_the_server(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let doc = get(&s.url("/api/v1/openapi.json"), None).json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    let incident = s_json(&s, "/api/v1/incidents?limit=1", &t)["items"][0]["id"]
        .as_str()
        .expect("an incident")
        .to_string();
    let report = s_json(&s, "/api/v1/reports?limit=1", &t)["items"][0]["id"].to_string();
    let finding = s_json(&s, &format!("/api/v1/incidents/{incident}"), &t)["findings"][0]["id"]
        .as_str()
        .expect("a finding")
        .to_string();
    // Webhooks are the administrators': one to read, asked with their token.
    let admin = s.token("t-admin").to_string();
    let hook = post_json(
        &s.url("/api/v1/webhooks"),
        Some(&admin),
        &json!({ "name": "schema", "url": "http://127.0.0.1:9/hook", "events": ["checkpoint.new"] }),
    );
    assert_eq!(hook.status, 201, "{}", hook.body);
    let hook = hook.json()["webhook"]["id"].to_string();
    assert!(doc["components"]["schemas"]["Created"]["properties"]["secret"].is_object());
    check(
        &doc["components"]["schemas"]["Created"],
        &post_json(
            &s.url("/api/v1/webhooks"),
            Some(&admin),
            &json!({ "name": "schema 2", "url": "https://example.org/", "events": ["dispute.opened"], "audience": "party:ua" }),
        )
        .json(),
        &doc,
        "POST /api/v1/webhooks",
    );
    let token_for = |p: &str| {
        if p.contains("webhooks") {
            admin.as_str()
        } else {
            t.as_str()
        }
    };
    let fill = |p: &str| {
        p.replace(
            "{id}",
            if p.contains("webhooks") {
                &hook
            } else if p.contains("candidates") {
                // The demo's first statement candidate.
                "1"
            } else if p.contains("reports") {
                &report
            } else if p.contains("findings") {
                &finding
            } else {
                &incident
            },
        )
        .replace("{index}", "0")
        .replace("{list}", "incidents")
    };
    let query = |p: &str| match p {
        "/api/v1/places" => "?q=Odes",
        "/api/v1/log/proof/inclusion" => "?index=1",
        "/api/v1/log/proof/consistency" => "?old=1",
        _ => "",
    };
    let mut checked = 0;
    for (path, ops) in paths {
        for (method, op) in ops.as_object().expect("operations") {
            assert!(
                op["summary"].as_str().is_some_and(|x| !x.is_empty()),
                "{method} {path} has a summary"
            );
            if method != "get" {
                // Writes are exercised below; the route must exist (not 404/405 for a bad body).
                let r = request(
                    &method.to_uppercase(),
                    &s.url(&fill(path)),
                    Some(token_for(path)),
                    Some(("application/json", "{}")),
                    &[],
                );
                assert!(
                    r.status != 404 && r.status != 405,
                    "{method} {path}: {} {}",
                    r.status,
                    r.body
                );
                continue;
            }
            let url = s.url(&format!("{}{}", fill(path), query(path)));
            let r = get(&url, Some(token_for(path)));
            assert_eq!(r.status, 200, "GET {url}: {}", r.body);
            if path.starts_with("/api/v1/exports/") {
                // A file, not JSON: the documented type.
                assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
                checked += 1;
                continue;
            }
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
            check(schema, &r.json(), &doc, &format!("GET {path}"));
            checked += 1;
        }
    }
    assert!(checked >= 18, "checked {checked} GET operations");
    // Responses to writes match too.
    let body = json!({ "action": "propose", "finding": finding, "status": "confirmed", "reason": "schema check" });
    let r = post_json(&s.url("/api/v1/decisions"), Some(&t), &body);
    assert_eq!(r.status, 200, "{}", r.body);
    check(
        &doc["components"]["schemas"]["DecisionOutcome"],
        &r.json(),
        &doc,
        "POST /api/v1/decisions",
    );
    let r = post_json(
        &s.url("/api/v1/reports"),
        Some(&t),
        &json!({ "external_id": "schema-1", "occurred_at": "2025-04-02", "place": "Odesa" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    check(
        &doc["components"]["schemas"]["SubmitOutcome"],
        &r.json(),
        &doc,
        "POST /api/v1/reports",
    );
    // Errors have the documented shape; unknown routes are not served.
    let e = get(&s.url("/api/v1/incidents/I-000000000000"), Some(&t));
    assert_eq!(e.status, 404);
    check(
        &doc["components"]["schemas"]["Error"],
        &e.json(),
        &doc,
        "404",
    );
    assert_eq!(get(&s.url("/api/v1/nothing-here"), Some(&t)).status, 404);
}

on_both!(authorisation_matrix);
/// Who may call what: every role × every endpoint.
fn authorisation_matrix(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    // A published and an unpublished incident, and a finding of each.
    let published = all_incidents(&s, None, "")[0]["id"]
        .as_str()
        .expect("published")
        .to_string();
    let staff_all = all_incidents(&s, Some(&t), "");
    let public_ids: Vec<String> = all_incidents(&s, None, "")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    let unpublished = staff_all
        .iter()
        .filter_map(|i| i["id"].as_str())
        .find(|id| !public_ids.iter().any(|p| p == id))
        .expect("an unpublished incident")
        .to_string();
    let finding_of = |inc: &str| {
        s_json(&s, &format!("/api/v1/incidents/{inc}"), &t)["findings"][0]["id"]
            .as_str()
            .expect("finding")
            .to_string()
    };
    let pub_finding = finding_of(&published);
    let unpub_finding = finding_of(&unpublished);
    let report_in = |inc: &str| {
        s_json(&s, &format!("/api/v1/reports?incident={inc}&limit=1"), &t)["items"][0]["id"]
            .to_string()
    };
    let pub_report = report_in(&published);
    // An unpublished report that neither liaison's party filed (a party
    // always sees its own; that is tested below).
    let unpub_report = staff_all
        .iter()
        .filter_map(|i| i["id"].as_str())
        .filter(|id| !public_ids.iter().any(|p| p == id))
        .flat_map(|id| {
            s_json(&s, &format!("/api/v1/reports?incident={id}"), &t)["items"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|r| r["claimant"] != "ua" && r["claimant"] != "ru")
        .expect("an unpublished third-party report")["id"]
        .to_string();

    let roles: Vec<(&str, Option<String>)> = std::iter::once(("public", None))
        .chain(
            ACCOUNTS
                .iter()
                .map(|(n, _, _)| (*n, Some(s.token(n).to_string()))),
        )
        .collect();
    // (method, path, body, roles allowed). Others get 401 (public), 403 or 404.
    let everyone = [
        "public",
        "t-admin",
        "t-monitor",
        "t-adj1",
        "t-adj2",
        "t-ua",
        "t-ru",
    ];
    let signed_in = ["t-admin", "t-monitor", "t-adj1", "t-adj2", "t-ua", "t-ru"];
    let staff_only = ["t-admin", "t-monitor", "t-adj1", "t-adj2"];
    let reviewers = ["t-monitor", "t-adj1", "t-adj2"];
    // A statement's log entry: its words are the mission's until reviewed.
    let statement_entry = s_json(&s, "/api/v1/statements/candidates?limit=1", &t)["items"][0]
        ["statement"]["log_index"]
        .as_u64()
        .expect("a demo statement on the log");
    let submitters = ["t-monitor", "t-adj1", "t-adj2", "t-ua", "t-ru"];
    let cases: Vec<(&str, String, Option<Value>, &[&str])> = vec![
        ("GET", "/api/v1/me".into(), None, &signed_in),
        ("GET", "/api/v1/agreement".into(), None, &everyone),
        ("GET", "/api/v1/summary".into(), None, &everyone),
        ("GET", "/api/v1/sources".into(), None, &everyone),
        ("GET", "/api/v1/reports".into(), None, &everyone),
        (
            "GET",
            format!("/api/v1/reports/{pub_report}"),
            None,
            &everyone,
        ),
        (
            "GET",
            format!("/api/v1/reports/{unpub_report}"),
            None,
            &staff_only,
        ),
        ("GET", "/api/v1/incidents".into(), None, &everyone),
        (
            "GET",
            format!("/api/v1/incidents/{published}"),
            None,
            &everyone,
        ),
        (
            "GET",
            format!("/api/v1/incidents/{unpublished}"),
            None,
            &staff_only,
        ),
        ("GET", "/api/v1/findings".into(), None, &everyone),
        (
            "GET",
            format!("/api/v1/findings/{pub_finding}"),
            None,
            &everyone,
        ),
        (
            "GET",
            format!("/api/v1/findings/{unpub_finding}"),
            None,
            &staff_only,
        ),
        ("GET", "/api/v1/decisions".into(), None, &everyone),
        ("GET", "/api/v1/queue".into(), None, &staff_only),
        ("GET", "/api/v1/rejections".into(), None, &staff_only),
        ("GET", "/api/v1/places?q=Kyiv".into(), None, &everyone),
        ("GET", "/api/v1/log/checkpoint".into(), None, &everyone),
        (
            "GET",
            "/api/v1/log/proof/inclusion?index=0".into(),
            None,
            &everyone,
        ),
        (
            "GET",
            "/api/v1/log/proof/consistency?old=1".into(),
            None,
            &everyone,
        ),
        ("GET", "/api/v1/log/entries/0".into(), None, &everyone),
        (
            "GET",
            format!("/api/v1/log/entries/{statement_entry}"),
            None,
            &staff_only,
        ),
        ("GET", "/api/v1/openapi.json".into(), None, &everyone),
        (
            "POST",
            "/api/v1/reports".into(),
            Some(json!({ "occurred_at": "2025-04-03", "place": "Kherson", "act": "shelling" })),
            &submitters,
        ),
        (
            "POST",
            "/api/v1/decisions".into(),
            Some(
                json!({ "action": "propose", "finding": unpub_finding, "status": "rejected", "reason": "matrix" }),
            ),
            &reviewers,
        ),
        (
            "POST",
            "/api/v1/decisions".into(),
            Some(json!({ "action": "publish", "incident": "I-000000000000", "reason": "matrix" })),
            &["t-adj1", "t-adj2"],
        ),
        (
            "POST",
            format!("/api/v1/incidents/{unpublished}/notes"),
            Some(json!({ "text": "matrix note" })),
            &reviewers,
        ),
        (
            "POST",
            format!("/api/v1/incidents/{unpublished}/assignment"),
            None,
            &reviewers,
        ),
        (
            "DELETE",
            format!("/api/v1/incidents/{unpublished}/assignment"),
            None,
            &staff_only,
        ),
        ("GET", "/queue".into(), None, &staff_only),
        ("GET", "/rejections".into(), None, &staff_only),
        // Candidates read from statements: the mission's reviewers only.
        (
            "GET",
            "/api/v1/statements/candidates".into(),
            None,
            &reviewers,
        ),
        (
            "GET",
            "/api/v1/statements/candidates/3".into(),
            None,
            &reviewers,
        ),
        ("GET", "/review/statements".into(), None, &reviewers),
        ("GET", "/review/statements/3".into(), None, &reviewers),
        ("GET", "/reports/new".into(), None, &submitters),
        (
            "GET",
            format!("/incidents/{unpublished}"),
            None,
            &staff_only,
        ),
        ("GET", format!("/incidents/{published}"), None, &everyone),
        ("GET", "/".into(), None, &everyone),
        ("GET", "/map".into(), None, &everyone),
    ];
    let mut n = 0;
    for (method, path, body, allowed) in &cases {
        for (i, (role, token)) in roles.iter().enumerate() {
            // Each submission is a new report; each assignment is taken and released.
            let body = body.clone().map(|mut b| {
                if path == "/api/v1/reports" {
                    b["external_id"] = json!(format!("matrix-{role}-{i}"));
                }
                b
            });
            let r = request(
                method,
                &s.url(path),
                token.as_deref(),
                body.as_ref()
                    .map(|b| ("application/json", b.to_string()))
                    .as_ref()
                    .map(|(c, b)| (*c, b.as_str())),
                &[],
            );
            let ok = allowed.contains(role);
            if ok {
                // Publishing an unknown incident is allowed but not found.
                let expect_ok = if path == "/api/v1/decisions"
                    && body.as_ref().is_some_and(|b| b["action"] == "publish")
                {
                    r.status == 404
                } else {
                    (200..300).contains(&r.status) || r.status == 303
                };
                assert!(
                    expect_ok,
                    "{role} {method} {path}: expected allowed, got {} {}",
                    r.status, r.body
                );
                if method == &"POST" && path.ends_with("/assignment") {
                    let rel = request("DELETE", &s.url(path), token.as_deref(), None, &[]);
                    assert_eq!(rel.status, 204, "{role} releases: {}", rel.body);
                }
            } else {
                let expected: &[u16] = if token.is_none() {
                    &[401, 404]
                } else {
                    &[403, 404]
                };
                assert!(
                    expected.contains(&r.status),
                    "{role} {method} {path}: expected denied, got {} {}",
                    r.status,
                    r.body
                );
            }
            n += 1;
        }
    }
    assert!(n > 200, "{n} checks");
    // A wrong token is refused, not treated as the public.
    assert_eq!(
        get(&s.url("/api/v1/incidents"), Some("not-a-token")).status,
        401
    );
}

on_both!(confirming_a_violation_takes_two_adjudicators);
fn confirming_a_violation_takes_two_adjudicators(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let q = s_json(&s, "/api/v1/queue", &t);
    let inc = q[0]["incident_id"]
        .as_str()
        .expect("queued incident")
        .to_string();
    let d = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t);
    let f = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            ["alleged", "corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or(""))
        })
        .expect("an open finding")
        .clone();
    let fid = f["id"].as_str().expect("id").to_string();
    let before = f["status"].as_str().expect("status").to_string();
    let vote = |who: &str, action: &str| {
        post_json(
            &s.url("/api/v1/decisions"),
            Some(s.token(who)),
            &json!({ "action": action, "finding": fid, "reason": format!("{who} checked the imagery") }),
        )
    };
    // A monitor cannot confirm; nor can an administrator or a liaison.
    for who in ["t-monitor", "t-admin", "t-ua"] {
        assert_eq!(vote(who, "confirm").status, 403, "{who}");
    }
    // No reason, no decision.
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(s.token("t-adj1")),
        &json!({ "action": "confirm", "finding": fid, "reason": " " }),
    );
    assert_eq!(r.status, 400);
    let first = vote("t-adj1", "confirm");
    assert_eq!(first.status, 200, "{}", first.body);
    let first = first.json();
    assert!(first.get("verdict").is_none());
    assert!(
        first["pending"]
            .as_str()
            .expect("pending")
            .contains("second adjudicator")
    );
    assert_eq!(
        s_json(&s, &format!("/api/v1/findings/{fid}"), &t)["status"],
        before.as_str()
    );
    // The same adjudicator again is still one pair of eyes.
    assert_eq!(vote("t-adj1", "confirm").status, 409);
    let second = vote("t-adj2", "confirm");
    assert_eq!(second.status, 200, "{}", second.body);
    let second = second.json();
    assert_eq!(second["verdict"], "confirmed");
    let shown = s_json(&s, &format!("/api/v1/findings/{fid}"), &t);
    assert_eq!(shown["status"], "confirmed");
    assert_eq!(shown["evaluated"], before.as_str());
    // Decided: no more votes.
    assert_eq!(vote("t-adj2", "reject").status, 409);
    // Both decisions are on the log, attributed and reasoned.
    let decisions = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t)["decisions"].clone();
    let votes: Vec<&Value> = decisions
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| d["finding_id"] == fid.as_str() && d["action"] == "confirm")
        .collect();
    assert_eq!(votes.len(), 2);
    for v in votes {
        let ix = v["log_index"].as_u64().expect("log index");
        let e = s_json(&s, &format!("/api/v1/log/entries/{ix}"), &t);
        assert_eq!(e["kind"], "decision");
        let p = s_json(&s, &format!("/api/v1/log/proof/inclusion?index={ix}"), &t);
        assert!(p["proof"].as_array().is_some_and(|x| !x.is_empty()));
    }
    // The log still verifies, and a replay from the log alone gives the
    // same findings, the decided status included.
    let out = truce(&s.db, &["log", "verify"], None);
    assert!(
        out.status.success(),
        "verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = truce(&s.db, &["log", "replay"], None);
    assert!(
        out.status.success(),
        "replay: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // And a full re-evaluation keeps the verdict.
    let out = truce(&s.db, &["evaluate"], None);
    assert!(out.status.success());
    assert_eq!(
        s_json(&s, &format!("/api/v1/findings/{fid}"), &t)["status"],
        "confirmed"
    );
}

on_both!(forms_need_the_sessions_csrf_token_and_sign_in_is_rate_limited);
fn forms_need_the_sessions_csrf_token_and_sign_in_is_rate_limited(b: Backend) {
    let s = Server::demo_on(b);
    let (cookie, csrf) = sign_in(&s, "t-monitor");
    let inc = s_json(&s, "/api/v1/queue", &staff(&s))[0]["incident_id"]
        .as_str()
        .expect("incident")
        .to_string();
    let url = s.url(&format!("/incidents/{inc}/decide"));
    let note = |token: &str, extra: &[(&str, &str)]| {
        post_form(
            &url,
            Some(&cookie),
            &[
                ("csrf", token),
                ("action", "note"),
                ("note", "seen on imagery"),
            ],
            extra,
        )
    };
    assert_eq!(note("wrong", &[]).status, 403);
    assert_eq!(note("", &[]).status, 403);
    // A cross-site post is refused even with the right token.
    assert_eq!(note(&csrf, &[("sec-fetch-site", "cross-site")]).status, 403);
    assert_eq!(
        note(&csrf, &[("origin", "https://evil.example")]).status,
        403
    );
    let ok = note(&csrf, &[("sec-fetch-site", "same-origin")]);
    assert_eq!(ok.status, 303, "{}", ok.body);
    // The session cookie is HttpOnly, SameSite=Strict and Secure, and its
    // `__Host-` name makes the browser hold it to this host and path.
    let r = post_form(
        &s.url("/login"),
        None,
        &[("name", "t-adj1"), ("password", PASSWORD)],
        &[],
    );
    let c = r.set_cookie.join(";");
    assert!(
        c.starts_with("__Host-truce_session=")
            && c.contains("HttpOnly")
            && c.contains("SameSite=Strict")
            && c.contains("Secure")
            && c.contains("Path=/")
            && !c.contains("Domain"),
        "{c}"
    );
    // Signing out ends the session, and the cookie that clears it is
    // Secure too (a browser ignores a `__Host-` cookie without it).
    let out = post_form(&s.url("/logout"), Some(&cookie), &[("csrf", &csrf)], &[]);
    assert_eq!(out.status, 303);
    let cleared = out.set_cookie.join(";");
    assert!(
        cleared.starts_with("__Host-truce_session=;") && cleared.contains("Secure"),
        "{cleared}"
    );
    assert_eq!(get(&s.url("/queue"), Some(&cookie)).status, 401);
    // Five wrong passwords, then even the right one waits.
    for _ in 0..5 {
        let r = post_form(
            &s.url("/login"),
            None,
            &[("name", "t-adj2"), ("password", "wrong password!")],
            &[],
        );
        assert_eq!(r.status, 401);
        assert!(r.body.contains("wrong"));
    }
    let r = post_form(
        &s.url("/login"),
        None,
        &[("name", "t-adj2"), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(r.status, 429, "{}", r.body);
}

on_both!(a_liaison_never_sees_the_other_partys_unpublished_reports);
fn a_liaison_never_sees_the_other_partys_unpublished_reports(b: Backend) {
    let s = Server::demo_on(b);
    let ua = s.token("t-ua").to_string();
    let ru = s.token("t-ru").to_string();
    let t = staff(&s);
    let secret = "Private liaison note 4711";
    let r = post_json(
        &s.url("/api/v1/reports"),
        Some(&ua),
        &json!({ "external_id": "ua-sub-1", "occurred_at": "2025-04-12T10:00:00+03:00", "latitude": "50.01", "longitude": "36.23",
                 "act": "strike", "means": "missile", "target_class": "energy.substation", "perpetrator": "ru", "stance": "alleges", "text": secret }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["accepted"], 1);
    // A liaison cannot file another party's claims.
    let r = post_json(
        &s.url("/api/v1/reports"),
        Some(&ru),
        &json!({ "external_id": "x", "occurred_at": "2025-04-12", "place": "Kyiv", "claimant": "ua" }),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("claimant"));
    let mine = s_json(&s, "/api/v1/reports?claimant=ua&limit=1000", &ua);
    let id = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|x| x["external_id"] == "ua-sub-1")
        .expect("the liaison sees its own report")["id"]
        .as_i64()
        .expect("id");
    let log_index = s_json(&s, &format!("/api/v1/reports/{id}"), &ua)["log_index"]
        .as_u64()
        .expect("logged");
    // By id, through every list and export, and through the log: nothing.
    assert_eq!(
        get(&s.url(&format!("/api/v1/reports/{id}")), Some(&ru)).status,
        404
    );
    assert_eq!(
        get(&s.url(&format!("/api/v1/reports/{id}")), None).status,
        404
    );
    assert_eq!(
        get(
            &s.url(&format!("/api/v1/log/entries/{log_index}")),
            Some(&ru)
        )
        .status,
        404
    );
    assert_eq!(
        get(
            &s.url(&format!("/api/v1/log/entries/{log_index}")),
            Some(&ua)
        )
        .status,
        200
    );
    for path in [
        "/api/v1/reports?limit=1000",
        "/api/v1/reports?format=csv",
        "/api/v1/reports?format=geojson",
        "/api/v1/sources",
        "/api/v1/incidents?format=geojson",
        "/api/v1/decisions?limit=1000",
    ] {
        let r = get(&s.url(path), Some(&ru));
        assert_eq!(r.status, 200, "{path}");
        assert!(
            !r.body.contains("ua-sub-1")
                && !r.body.contains(secret)
                && !r.body.contains("ua-liaison"),
            "{path} leaks the report"
        );
    }
    // Staff see it; once evaluated it joins an incident, which stays hidden
    // from the other party until published.
    let mut incident = None;
    for _ in 0..50 {
        let r = s_json(&s, &format!("/api/v1/reports/{id}"), &t);
        if let Some(i) = r["incident_id"].as_str() {
            incident = Some(i.to_string());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let incident = incident.expect("the report was evaluated into an incident");
    let hidden = get(&s.url(&format!("/api/v1/incidents/{incident}")), Some(&ru));
    if hidden.status == 200 {
        // Already published (it joined a published incident): then it is public.
        assert!(hidden.json()["published"] == true);
    } else {
        assert_eq!(hidden.status, 404);
        assert_eq!(
            get(&s.url(&format!("/incidents/{incident}")), Some(&ru)).status,
            404
        );
    }
    // Internal notes never reach a liaison or the public, even when published.
    let published = all_incidents(&s, None, "")[0]["id"]
        .as_str()
        .expect("published")
        .to_string();
    let note = "Internal: source may be compromised";
    let r = post_json(
        &s.url(&format!("/api/v1/incidents/{published}/notes")),
        Some(&t),
        &json!({ "text": note }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(
        s_json(&s, &format!("/api/v1/incidents/{published}"), &t)
            .to_string()
            .contains(note)
    );
    for who in [Some(ru.as_str()), None] {
        let api = get(&s.url(&format!("/api/v1/incidents/{published}")), who);
        assert_eq!(api.status, 200);
        assert!(!api.body.contains(note) && api.json().get("notes").is_none());
        let page = get(&s.url(&format!("/incidents/{published}")), who);
        assert!(!page.body.contains(note));
    }
    // Outside the mission, decision takers are pseudonyms, on the API and
    // in the log: two different adjudicators are visible, their names not.
    let decided = s_json_public(&s, &format!("/api/v1/incidents/{published}"))["decisions"].clone();
    let first = &decided.as_array().expect("decisions")[0];
    assert!(
        first["actor"]
            .as_str()
            .expect("actor")
            .starts_with("actor-"),
        "{first}"
    );
    let staff_view =
        s_json(&s, &format!("/api/v1/incidents/{published}"), &t)["decisions"][0]["actor"].clone();
    assert_eq!(staff_view, "adjudicator1");
    let entry = get(
        &s.url(&format!("/api/v1/log/entries/{}", first["log_index"])),
        None,
    )
    .json();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(entry["entry"].as_str().expect("entry"))
        .expect("base64");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains(first["actor"].as_str().expect("actor")) && !text.contains("adjudicator1"),
        "{text}"
    );
    for path in [
        "/api/v1/decisions?limit=1000".to_string(),
        format!("/incidents/{published}"),
    ] {
        let r = get(&s.url(&path), Some(&ru));
        assert!(
            !r.body.contains("adjudicator1"),
            "{path} names a mission member"
        );
    }
    // The public: coarsened coordinates, no free text.
    let public = s_json_public(&s, &format!("/api/v1/incidents/{published}"));
    assert_eq!(public["incident"]["coarsened"], true);
    assert!(
        public["reports"]
            .as_array()
            .expect("reports")
            .iter()
            .all(|r| r.get("text").is_none() && r.get("url").is_none())
    );
    let exact = s_json(&s, &format!("/api/v1/incidents/{published}"), &t);
    assert_ne!(exact["incident"]["lat"], public["incident"]["lat"]);
}

fn s_json_public(s: &Server, path: &str) -> Value {
    let r = get(&s.url(path), None);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

on_both!(monitors_merge_split_and_correct_and_the_log_keeps_it);
fn monitors_merge_split_and_correct_and_the_log_keeps_it(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let all = all_incidents(&s, Some(&t), "region=UA-63");
    assert!(all.len() >= 2);
    let (a, b) = (
        all[0]["id"].as_str().expect("a").to_string(),
        all[1]["id"].as_str().expect("b").to_string(),
    );
    let count = |i: &Value| i["report_count"].as_u64().expect("count");
    let total = count(&all[0]) + count(&all[1]);
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "merge", "incident": a, "incidents": [b], "reason": "same strike, two reports of the time" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let merged = r.json()["incidents"][0]
        .as_str()
        .expect("merged id")
        .to_string();
    let m = s_json(&s, &format!("/api/v1/incidents/{merged}"), &t);
    assert_eq!(m["incident"]["report_count"].as_u64(), Some(total));
    let gone = if merged == a { &b } else { &a };
    // The id merged away is an alias: it leads to the merged incident.
    let r = get(&s.url(&format!("/api/v1/incidents/{gone}")), Some(&t));
    assert_eq!(r.status, 308, "{}", r.body);
    // A full re-evaluation keeps the merge: decisions outlive evaluations.
    let out = truce(&s.db, &["evaluate"], None);
    assert!(out.status.success());
    assert_eq!(
        s_json(&s, &format!("/api/v1/incidents/{merged}"), &t)["incident"]["report_count"].as_u64(),
        Some(total)
    );
    // Split one report off again.
    let reports: Vec<i64> = m["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "split", "incident": merged, "reports": [reports[0]], "reason": "different target" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json()["incidents"].as_array().expect("incidents").len(),
        2
    );
    // Splitting none of them is refused with a reason: the request is well
    // formed, the incident cannot take it (422, not 400).
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "split", "incident": merged, "reports": [], "reason": "x" }),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("some, but not all"), "{}", r.body);
    // Correct a report's means: the original stays, the correction is a
    // decision, and the incident (the split-off report alone) is judged on it.
    let rid = reports[0];
    let original = s_json(&s, &format!("/api/v1/reports/{rid}"), &t);
    assert_ne!(original["means"], "missile.cruise");
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "correct", "report": rid, "fields": { "means": "missile.cruise" }, "reason": "debris identified as a Kh-101" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.json();
    assert_eq!(
        d["decision"]["body"]["original"]["means"],
        original["means"]
    );
    assert_eq!(
        s_json(&s, &format!("/api/v1/reports/{rid}"), &t)["means"],
        original["means"],
        "the report itself is unchanged"
    );
    let inc = s_json(&s, &format!("/api/v1/reports/{rid}"), &t)["incident_id"]
        .as_str()
        .expect("incident")
        .to_string();
    let after = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t);
    assert_eq!(after["incident"]["report_count"], 1);
    assert_eq!(
        after["incident"]["means"], "missile.cruise",
        "the incident is judged on the corrected report"
    );
    // And so is it after a full re-evaluation.
    let out = truce(&s.db, &["evaluate"], None);
    assert!(out.status.success());
    let inc = s_json(&s, &format!("/api/v1/reports/{rid}"), &t)["incident_id"]
        .as_str()
        .expect("incident")
        .to_string();
    assert_eq!(
        s_json(&s, &format!("/api/v1/incidents/{inc}"), &t)["incident"]["means"],
        "missile.cruise"
    );
    // Unknown values and fields are refused in words.
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "correct", "report": rid, "fields": { "means": "catapult" }, "reason": "x" }),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("means"));
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(&t),
        &json!({ "action": "correct", "report": rid, "fields": { "source": "me" }, "reason": "x" }),
    );
    assert_eq!(r.status, 400);
    // Every decision verifies on the log and replays to the same findings.
    let out = truce(&s.db, &["log", "replay"], None);
    assert!(
        out.status.success(),
        "replay: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

on_both!(submissions_keep_good_rows_and_are_evaluated);
fn submissions_keep_good_rows_and_are_evaluated(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let rows = json!([
        { "external_id": "m-1", "occurred_at": "2025-04-06T03:10:00+03:00", "latitude": "46.4711", "longitude": "30.7081",
          "act": "strike", "means": "Shahed-136", "target_class": "energy.substation", "target_name": "Odesa substation", "perpetrator": "ru", "stance": "observes" },
        { "external_id": "m-2", "occurred_at": "not a date" },
        { "external_id": "m-3", "occurred_at": "2025-04-06", "latitude": "95", "longitude": "30" }
    ]);
    let r = post_json(&s.url("/api/v1/reports"), Some(&t), &rows);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["accepted"], 1);
    assert_eq!(v["rejected"], 2);
    let rej = v["rejections"].as_array().expect("rejections");
    assert_eq!(rej[0]["line"], 2);
    assert_eq!(rej[0]["field"], "occurred_at");
    assert_eq!(rej[1]["line"], 3);
    assert_eq!(rej[1]["field"], "latitude");
    // The same rows again are duplicates, not new reports.
    let again = post_json(&s.url("/api/v1/reports"), Some(&t), &json!([rows[0]]));
    assert_eq!(again.json()["duplicates"], 1);
    // The report joins the Odesa incident after the background evaluation.
    let id = s_json(&s, "/api/v1/reports?source=monitor-t-monitor&limit=5", &t)["items"][0]["id"]
        .as_i64()
        .expect("id");
    let mut joined = None;
    for _ in 0..50 {
        let r = s_json(&s, &format!("/api/v1/reports/{id}"), &t);
        if let Some(i) = r["incident_id"].as_str() {
            joined = Some(i.to_string());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let joined = joined.expect("evaluated");
    let inc = s_json(&s, &format!("/api/v1/incidents/{joined}"), &t);
    assert!(
        inc["incident"]["report_count"].as_u64().expect("count") > 1,
        "joined the existing incident: {inc}"
    );
    // Malformed and oversized bodies get clear errors.
    let bad = request(
        "POST",
        &s.url("/api/v1/reports"),
        Some(&t),
        Some(("application/json", "{\"external_id\": ")),
        &[],
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.json()["error"]
            .as_str()
            .expect("error")
            .contains("line 1")
    );
    let huge = format!("[{}]", vec!["{\"external_id\":\"x\"}"; 1001].join(","));
    let r = request(
        "POST",
        &s.url("/api/v1/reports"),
        Some(&t),
        Some(("application/json", &huge)),
        &[],
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("1000"));
    // A body over the limit is refused from its length, before it is read.
    use std::io::{Read, Write};
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut c = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        c,
        "POST /api/v1/reports HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n[",
        5 * 1024 * 1024
    )
    .expect("send");
    let mut head = [0u8; 12];
    c.read_exact(&mut head).expect("a response");
    assert_eq!(&head, b"HTTP/1.1 413", "{}", String::from_utf8_lossy(&head));
}

on_both!(pages_are_served_with_a_strict_policy);
fn pages_are_served_with_a_strict_policy(b: Backend) {
    let s = Server::demo_on(b);
    let inc = all_incidents(&s, None, "")[0]["id"]
        .as_str()
        .expect("incident")
        .to_string();
    let health = get(&s.url("/healthz"), None).json();
    assert_eq!(health["status"], "ok");
    assert!(health["log_entries"].as_u64() > Some(300), "{health}");
    for path in [
        "/",
        "/map",
        "/incidents",
        &format!("/incidents/{inc}"),
        "/agreement",
        "/login",
    ] {
        let r = get(&s.url(path), None);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(r.body.len() > 50, "{path}");
        assert!(
            r.csp.contains("default-src 'none'") && r.csp.contains("script-src 'self'"),
            "{path}: {}",
            r.csp
        );
        assert_eq!(r.hsts, "max-age=31536000", "{path}: HTTPS only, for a year");
        // No program internals on a page.
        for internal in ["Exact(", "Family(", "Some(", "None)"] {
            assert!(!r.body.contains(internal), "{path} shows {internal}");
        }
    }
    // One zone on every page, the agreement's, named beside each time.
    let list = get(&s.url("/incidents"), None).body;
    let row = list
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tr>").next())
        .expect("a row");
    assert!(row.contains(" EET") || row.contains(" EEST"), "{row}");
    let r = request("GET", &s.url("/"), None, None, &[]);
    assert!(r.body.contains("<svg"), "the overview draws its charts");
    assert!(!r.body.contains(" style=\""), "no inline styles");
    assert!(!r.body.contains("<script>"), "no inline scripts");
    let map = get(&s.url("/map"), None);
    assert!(map.body.matches("class=\"marker").count() > 5);
    // A page that needs an account says so.
    let q = get(&s.url("/queue"), None);
    assert_eq!(q.status, 401);
    assert!(q.body.contains("Sign in"));
    let missing = get(&s.url("/incidents/I-000000000000"), None);
    assert_eq!(missing.status, 404);
    assert!(missing.content_type.starts_with("text/html"));
}

/// The lowest database id among an incident's reports: the earliest filed,
/// which names the incident.
fn first_report(d: &Value) -> i64 {
    d["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .min()
        .expect("a report")
}

on_both!(a_publication_and_a_verdict_survive_an_earlier_report_joining_and_a_merge);
fn a_publication_and_a_verdict_survive_an_earlier_report_joining_and_a_merge(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let adj = |who: &str, body: Value| {
        let r = post_json(&s.url("/api/v1/decisions"), Some(s.token(who)), &body);
        assert_eq!(r.status, 200, "{who} {body}: {}", r.body);
        r.json()
    };
    // An incident placed somewhere and timed, with an open finding.
    let queue = s_json(&s, "/api/v1/queue?limit=200", &t);
    let (inc, fid, detail) = queue
        .as_array()
        .expect("queue")
        .iter()
        .filter_map(|q| q["incident_id"].as_str())
        .find_map(|id| {
            let d = s_json(&s, &format!("/api/v1/incidents/{id}"), &t);
            d["incident"]["lat"].as_f64()?;
            let f = d["findings"].as_array()?.iter().find(|f| {
                ["alleged", "corroborated", "disputed"]
                    .contains(&f["status"].as_str().unwrap_or(""))
            })?;
            Some((id.to_string(), f["id"].as_str()?.to_string(), d.clone()))
        })
        .expect("a located incident with an open finding");
    let finding = detail["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == fid.as_str())
        .expect("finding")
        .clone();
    let same = |f: &Value| {
        f["commitment_id"] == finding["commitment_id"]
            && f["reading_id"] == finding["reading_id"]
            && f["party"] == finding["party"]
    };
    // Two adjudicators confirm; one publishes.
    for who in ["t-adj1", "t-adj2"] {
        adj(
            who,
            json!({ "action": "confirm", "finding": fid, "reason": "imagery matches" }),
        );
    }
    adj(
        "t-adj1",
        json!({ "action": "publish", "incident": inc, "reason": "decided" }),
    );
    let public = get(&s.url(&format!("/api/v1/incidents/{inc}")), None);
    assert_eq!(public.status, 200, "published: {}", public.body);

    // A monitor's report of the same event, timed 40 minutes before the
    // incident's first report: it joins the incident, which keeps its id.
    let i = &detail["incident"];
    let start = i["start"]
        .as_str()
        .expect("start")
        .parse::<jiff::Timestamp>()
        .expect("time");
    let earlier = start - jiff::SignedDuration::from_mins(40);
    let mut row = json!({
        "external_id": "earlier-sighting",
        "occurred_at": earlier.to_string(),
        "latitude": i["lat"], "longitude": i["lon"],
        "act": i["act"], "means": i["means"], "target_class": i["target_class"],
        "stance": "alleges",
    });
    if let Some(n) = i["target_name"].as_str() {
        row["target_name"] = json!(n);
    }
    let r = post_json(&s.url("/api/v1/reports"), Some(&t), &row);
    assert_eq!(r.status, 200, "{}", r.body);
    let out = r.json();
    let rid = out["reports"][0]["id"]
        .as_i64()
        .expect("the stored report's id");
    // It joins in the background evaluation a moment later.
    let mut joined = Value::Null;
    for _ in 0..300 {
        joined = s_json(&s, &format!("/api/v1/reports/{rid}"), &t)["incident_id"].clone();
        if !joined.is_null() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        joined,
        inc.as_str(),
        "it joins the incident, which keeps its id"
    );
    let d = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t);
    assert_eq!(
        d["incident"]["report_count"].as_u64(),
        i["report_count"].as_u64().map(|n| n + 1),
        "the incident holds the new report"
    );
    assert!(d["incident"]["start"].as_str() < i["start"].as_str());
    let f = s_json(&s, &format!("/api/v1/findings/{fid}"), &t);
    assert_eq!(f["status"], "confirmed", "the verdict holds: {f}");
    assert_eq!(d["published"], true);
    assert_eq!(
        get(&s.url(&format!("/api/v1/incidents/{inc}")), None).status,
        200
    );

    // A merge with an incident whose first report was filed earlier: that
    // one names the merged incident, and `inc` becomes its alias.
    let mine = first_report(&d);
    let other = all_incidents(&s, Some(&t), "")
        .iter()
        .filter_map(|x| x["id"].as_str().map(str::to_string))
        .filter(|x| *x != inc)
        .find(|x| first_report(&s_json(&s, &format!("/api/v1/incidents/{x}"), &t)) < mine)
        .expect("an incident filed earlier");
    let m = adj(
        "t-monitor",
        json!({ "action": "merge", "incident": inc, "incidents": [other], "reason": "one event" }),
    );
    let merged = m["incidents"][0].as_str().expect("merged").to_string();
    assert_eq!(merged, other, "the earliest-filed part names the merge");
    for who in [Some(t.as_str()), None] {
        let r = get(&s.url(&format!("/api/v1/incidents/{inc}")), who);
        assert_eq!(r.status, 308, "the old id still resolves: {}", r.body);
    }
    let page = get(&s.url(&format!("/incidents/{inc}")), None);
    assert_eq!(page.status, 308);
    let d = s_json(&s, &format!("/api/v1/incidents/{merged}"), &t);
    assert_eq!(d["published"], true, "the publication follows its reports");
    let carried = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| same(f))
        .expect("the same finding on the merged incident")
        .clone();
    assert_eq!(
        carried["status"], "confirmed",
        "the verdict follows: {carried}"
    );
    let votes = d["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|x| x["action"] == "confirm")
        .count();
    assert_eq!(votes, 2, "the votes are listed on the merged incident");
    // A decision named by the old id is taken on the merged incident.
    let r = post_json(
        &s.url(&format!("/api/v1/incidents/{inc}/notes")),
        Some(&t),
        &json!({ "text": "checked after the merge" }),
    );
    assert!(r.status < 300, "{}", r.body);
    // And a full evaluation leaves all of it as it is.
    assert!(truce(&s.db, &["evaluate"], None).status.success());
    let again = s_json(&s, &format!("/api/v1/incidents/{merged}"), &t);
    let f = again["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| same(f))
        .expect("finding")
        .clone();
    assert_eq!(f["status"], "confirmed");
    assert_eq!(again["published"], true);
    assert_eq!(
        get(&s.url(&format!("/api/v1/incidents/{inc}")), Some(&t)).status,
        308
    );
}

on_both!(languages_come_from_the_cookie_or_the_header_and_the_switch_stays_home);
fn languages_come_from_the_cookie_or_the_header_and_the_switch_stays_home(b: Backend) {
    let s = Server::demo_on(b);
    let page = |headers: &[(&str, &str)]| request("GET", &s.url("/"), None, None, headers).body;
    let en = page(&[]);
    assert!(en.contains("<html lang=\"en\">") && en.contains("Latest incidents"));
    let uk = page(&[("accept-language", "uk-UA,uk;q=0.9,en;q=0.8")]);
    assert!(uk.contains("<html lang=\"uk\">") && uk.contains("Останні інциденти"));
    let ru = page(&[("accept-language", "de, ru;q=0.5")]);
    assert!(ru.contains("<html lang=\"ru\">") && ru.contains("Последние инциденты"));
    // The switch's cookie wins over the browser's header.
    let chosen = page(&[("accept-language", "ru"), ("cookie", "lang=uk")]);
    assert!(chosen.contains("<html lang=\"uk\">"));

    let switch = |back: &str| get(&s.url(&format!("/lang?lang=uk&back={}", enc(back))), None);
    let r = switch("/incidents?status=alleged");
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/incidents?status=alleged"));
    assert!(
        r.set_cookie
            .iter()
            .any(|c| c.starts_with("lang=uk;") && c.contains("Path=/")),
        "{:?}",
        r.set_cookie
    );
    for off_site in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "/\r\nLocation: https://evil.example/",
    ] {
        let r = switch(off_site);
        assert_eq!(r.location.as_deref(), Some("/"), "back={off_site:?}");
    }
    // A language we do not speak sets nothing.
    let r = get(&s.url("/lang?lang=xx&back=/"), None);
    assert!(
        r.set_cookie.iter().all(|c| !c.starts_with("lang=")),
        "{:?}",
        r.set_cookie
    );

    // A page that is not there says so in the reader's words, naming the
    // address (an incident that is not there, or not published, too).
    for (path, lang, says) in [
        (
            "/no-such-page",
            "uk",
            "За адресою /no-such-page нічого немає",
        ),
        (
            "/incidents/I-nope",
            "ru",
            "По адресу /incidents/I-nope ничего нет",
        ),
        ("/no-such-page", "en", "nothing is at /no-such-page"),
    ] {
        let r = request(
            "GET",
            &s.url(path),
            None,
            None,
            &[("accept-language", lang)],
        );
        assert_eq!(r.status, 404, "{path}");
        assert!(
            r.body.contains(&format!("<html lang=\"{lang}\">")),
            "{path} in {lang}"
        );
        assert!(r.body.contains(says), "{path} in {lang}: {}", r.body);
    }

    // The glossary has an entry for every status a badge can show.
    for lang in ["en", "uk", "ru"] {
        let g = request(
            "GET",
            &s.url("/glossary"),
            None,
            None,
            &[("cookie", &format!("lang={lang}"))],
        );
        assert_eq!(g.status, 200);
        for st in [
            "confirmed",
            "corroborated",
            "disputed",
            "alleged",
            "insufficient",
            "rejected",
            "outside-period",
            "not-covered",
        ] {
            assert!(
                g.body.contains(&format!("id=\"status-{st}\"")),
                "{lang}: {st}"
            );
        }
    }
}

on_both!(the_agreements_own_words_read_in_the_viewers_language);
/// The agreement's own texts (its title and description, the parties', the
/// zone's and the commitments' and readings' names, a commitment's wording)
/// are shown in the viewer's language where the agreement gives them: on
/// the agreement page, an incident page (its findings and rule traces), the
/// overview and the map.
fn the_agreements_own_words_read_in_the_viewers_language(b: Backend) {
    let s = Server::demo_on(b);
    let t = s.token("t-monitor").to_string();
    // (language, how it is asked for)
    let asks = [
        ("en", ("accept-language", "en")),
        ("uk", ("accept-language", "uk-UA,uk;q=0.9,en;q=0.5")),
        ("ru", ("cookie", "lang=ru")),
    ];
    let page = |path: &str, ask: (&str, &str)| {
        let r = request("GET", &s.url(path), Some(&t), None, &[ask]);
        assert_eq!(r.status, 200, "{path} with {ask:?}");
        r.body
    };
    // Each text as written (English) and as the agreement gives it in
    // Ukrainian and Russian.
    let energy = [
        "No attacks on energy or other civilian infrastructure",
        "Жодних атак на енергетичну та іншу цивільну інфраструктуру",
        "Никаких атак на энергетическую и иную гражданскую инфраструктуру",
    ];
    let russian_reading = [
        "Russian reading: five energy facility classes from 18 March",
        "Російське тлумачення: п’ять класів енергетичних об’єктів з 18 березня",
        "Российское толкование: пять классов энергетических объектов с 18 марта",
    ];
    let air = [
        "Air truce: no missiles, bombs or long-range drones",
        "Перемир’я в небі: жодних ракет, бомб і далекобійних дронів",
        "Перемирие в небе: никаких ракет, бомб и дальнобойных дронов",
    ];
    let title = [
        "Partial truce: energy infrastructure, air and Black Sea (March 2025)",
        "Часткове перемир’я: енергетична інфраструктура, небо і Чорне море (березень 2025)",
        "Частичное перемирие: энергетическая инфраструктура, небо и Чёрное море (март 2025)",
    ];
    let russia = [
        "Russian Federation",
        "Російська Федерація",
        "Российская Федерация",
    ];
    let zone = [
        "Black Sea (without the Sea of Azov)",
        "Чорне море (без Азовського моря)",
        "Чёрное море (без Азовского моря)",
    ];
    let check = |what: &str, body: &str, k: usize, texts: &[&[&str; 3]]| {
        for words in texts {
            assert!(body.contains(words[k]), "{what}: {:?} missing", words[k]);
            for (j, other) in words.iter().enumerate() {
                if j != k {
                    assert!(!body.contains(other), "{what} also says {other:?}");
                }
            }
        }
    };

    for (k, (lang, ask)) in asks.iter().enumerate() {
        let a = page("/agreement", *ask);
        check(
            &format!("/agreement in {lang}"),
            &a,
            k,
            &[&energy, &russian_reading, &air, &title, &russia, &zone],
        );
        let wording = [
            "The parties refrain from attacks on energy infrastructure",
            "Сторони утримуються від атак на енергетичну інфраструктуру",
            "Стороны воздерживаются от атак на энергетическую инфраструктуру",
        ];
        let description = [
            "Energy moratorium announced after the calls of 18 March 2025",
            "Енергетичний мораторій оголошено після телефонних розмов 18 березня 2025 року",
            "Энергетический мораторий объявлен после телефонных разговоров 18 марта 2025 года",
        ];
        let as_written = ["As written", "Як написано", "Как написано"];
        check(
            &format!("/agreement in {lang}"),
            &a,
            k,
            &[&wording, &description, &as_written],
        );

        let overview = page("/", *ask);
        check(
            &format!("/ in {lang}"),
            &overview,
            k,
            &[&energy, &russian_reading, &air, &title],
        );

        let map = page("/map", *ask);
        check(
            &format!("/map in {lang}"),
            &map,
            k,
            &[&energy, &zone, &title],
        );
        let svg_title = ["Map of incidents", "Мапа інцидентів", "Карта инцидентов"];
        check(&format!("/map in {lang}"), &map, k, &[&svg_title]);
    }

    // An incident's findings name their commitments and readings in the
    // viewer's words, and its rule traces name the zone.
    let items = s_json(&s, "/api/v1/incidents?limit=40", &t)["items"].clone();
    let ids: Vec<String> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    let with_zone = ids
        .iter()
        .find(|id| trace_text(&page(&format!("/incidents/{id}"), asks[0].1)).contains(zone[0]))
        .expect("an incident whose rule trace names the zone");
    for (k, (lang, ask)) in asks.iter().enumerate() {
        let body = page(&format!("/incidents/{with_zone}"), *ask);
        let what = format!("/incidents/{with_zone} in {lang}");
        check(&what, &body, k, &[&energy, &title]);
        let trace = trace_text(&body);
        check(&format!("{what}, its traces"), &trace, k, &[&zone]);
        assert!(!trace.contains("black-sea"), "{what}: {trace}");
    }
}

on_both!(card_headlines_name_regions_in_words_not_codes);
/// The overview's latest cards tell a disputed incident as its own page does:
/// a heading that takes neither side, then each side's claim, each naming
/// the party it accuses.
fn card_headlines_name_regions_in_words_not_codes(b: Backend) {
    let s = Server::demo_on(b);
    let page = get(&s.url("/"), None).body;
    let headlines: Vec<&str> = page
        .split("<a class=\"card-link\"")
        .skip(1)
        .filter_map(|c| c.split("<strong>").nth(1))
        .filter_map(|c| c.split("</strong>").next())
        .collect();
    assert!(!headlines.is_empty(), "no cards:\n{page}");
    for h in &headlines {
        let code = h.split(" · ").any(|part| {
            let part = part.trim();
            (part.starts_with("UA-") || part.starts_with("RU-")) && part.len() <= 6
        });
        assert!(!code, "a region code in a card's headline: {h:?}");
    }
    // The demo's latest incidents include one known only by its region (UA-43).
    assert!(
        headlines
            .iter()
            .any(|h| h.contains("Autonomous Republic of Crimea")),
        "{headlines:?}"
    );
}

on_both!(overview_cards_name_both_claims_of_a_disputed_incident);
fn overview_cards_name_both_claims_of_a_disputed_incident(b: Backend) {
    let s = Server::demo_on(b);
    let claim = |id: &str, act: &str, means: &str, by: &str| {
        json!([{ "external_id": id, "occurred_at": "2025-05-10T12:00:00+03:00",
                 "latitude": "51.19", "longitude": "35.27", "act": act, "means": means,
                 "target_class": "energy.gas-metering", "target_name": "Sudzha gas metering station",
                 "perpetrator": by, "stance": "alleges" }])
    };
    let ru = post_json(
        &s.url("/api/v1/reports"),
        Some(s.token("t-ru")),
        &claim("c-1", "sabotage", "explosive", "ua"),
    );
    assert_eq!(ru.status, 200, "{}", ru.body);
    let ua = post_json(
        &s.url("/api/v1/reports"),
        Some(s.token("t-ua")),
        &claim("c-2", "shelling", "artillery", "ru"),
    );
    assert_eq!(ua.status, 200, "{}", ua.body);
    // Evaluation runs in the background: wait for both claims on one card.
    let mut card = String::new();
    let mut page = String::new();
    for _ in 0..50 {
        page = get(&s.url("/"), Some(&staff(&s))).body;
        if let Some(c) = page
            .split("<li><a class=\"badge")
            .find(|c| c.contains("Sudzha gas metering station · "))
            && c.contains("Ukraine:")
            && c.contains("Russian Federation:")
        {
            card = c.to_string();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let heading = card
        .split("<strong>")
        .nth(1)
        .and_then(|x| x.split("</strong>").next())
        .unwrap_or_else(|| panic!("no disputed Sudzha card:\n{page}"));
    assert!(
        heading.starts_with("Sudzha gas metering station · "),
        "{heading}"
    );
    for one_sided in ["sabotage", "shelling", "explosive", "artillery"] {
        assert!(
            !heading.contains(one_sided),
            "the card takes a side: {heading}"
        );
    }
    assert!(
        card.contains("Russian Federation: says sabotage by Ukraine (ua) with explosive"),
        "{card}"
    );
    assert!(
        card.contains("Ukraine: says shelling by Russian Federation (ru) with artillery"),
        "{card}"
    );
}

on_both!(a_conflicting_decision_keeps_the_typed_reason_and_the_session);
/// A decision that conflicts with one taken already answers 409 with a page
/// still signed in, giving back the reason as typed.
fn a_conflicting_decision_keeps_the_typed_reason_and_the_session(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let q = s_json(&s, "/api/v1/queue", &t);
    let inc = q[0]["incident_id"]
        .as_str()
        .expect("queued incident")
        .to_string();
    let d = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t);
    let fid = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            ["alleged", "corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or(""))
        })
        .and_then(|f| f["id"].as_str())
        .expect("an open finding")
        .to_string();
    let first = post_json(
        &s.url("/api/v1/decisions"),
        Some(s.token("t-adj1")),
        &json!({ "action": "confirm", "finding": fid, "reason": "first look" }),
    );
    assert_eq!(first.status, 200, "{}", first.body);
    // The same adjudicator again, through the incident page's form.
    let (cookie, csrf) = sign_in(&s, "t-adj1");
    let reason = "Second look: the crater matches the 155 mm pattern, the shadows agree";
    let r = post_form(
        &s.url(&format!("/incidents/{inc}/decide")),
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("finding", &fid),
            ("action", "confirm"),
            ("reason", reason),
        ],
        &[],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body.contains(&format!("readonly>{reason}</textarea>")),
        "the reason is lost: {}",
        r.body
    );
    assert!(r.body.contains("t-adj1"), "not signed in: {}", r.body);
    assert!(r.body.contains("action=\"/logout\""), "{}", r.body);
    assert!(!r.body.contains("href=\"/login\""), "{}", r.body);
    assert!(
        r.body
            .contains(&format!("href=\"/incidents/{inc}#decided\""))
    );
}

on_both!(a_decision_has_a_page_of_its_own);
/// A decision line on the incident page leads to the decision in words, with
/// its log entry and the way to its inclusion proof; the proof answers.
fn a_decision_has_a_page_of_its_own(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let q = s_json(&s, "/api/v1/queue", &t);
    let inc = q[0]["incident_id"]
        .as_str()
        .expect("queued incident")
        .to_string();
    let d = s_json(&s, &format!("/api/v1/incidents/{inc}"), &t);
    let fid = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            ["alleged", "corroborated", "disputed"].contains(&f["status"].as_str().unwrap_or(""))
        })
        .and_then(|f| f["id"].as_str())
        .expect("an open finding")
        .to_string();
    let r = post_json(
        &s.url("/api/v1/decisions"),
        Some(s.token("t-monitor")),
        &json!({ "action": "propose", "finding": fid, "status": "rejected", "reason": "the video is from the day before" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let n = r.json()["decision"]["id"].as_i64().expect("decision id");
    let link = format!("/incidents/{inc}/decisions/{n}");
    let (cookie, _) = sign_in(&s, "t-monitor");
    let page = get(&s.url(&format!("/incidents/{inc}")), Some(&cookie)).body;
    assert!(
        page.contains(&format!("href=\"{link}\"")),
        "no link to the decision: {page}"
    );
    let p = get(&s.url(&link), Some(&cookie));
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(
        p.body.contains("the video is from the day before"),
        "{}",
        p.body
    );
    assert!(p.body.contains("t-monitor (monitor)"), "{}", p.body);
    assert!(p.body.contains(&format!("href=\"/incidents/{inc}\"")));
    let proof = p
        .body
        .split("href=\"/api/v1/log/proof/inclusion?index=")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_else(|| panic!("no proof link: {}", p.body))
        .to_string();
    let j = get(
        &s.url(&format!("/api/v1/log/proof/inclusion?index={proof}")),
        None,
    );
    assert_eq!(j.status, 200, "{}", j.body);
    // Someone else's number on this incident is not a page.
    assert_eq!(
        get(
            &s.url(&format!("/incidents/{inc}/decisions/999999")),
            Some(&cookie)
        )
        .status,
        404
    );
}

on_both!(the_queue_api_filters_sorts_and_names_a_bad_value);
fn the_queue_api_filters_sorts_and_names_a_bad_value(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let all = s_json(&s, "/api/v1/queue?limit=200", &t);
    let all = all.as_array().expect("a list").clone();
    assert!(all.len() > 3, "the demo queues incidents");
    // Each status narrows to rows whose worst open status it is.
    let mut seen = 0;
    for st in ["alleged", "disputed", "corroborated"] {
        let rows = s_json(&s, &format!("/api/v1/queue?limit=200&status={st}"), &t);
        let rows = rows.as_array().expect("a list");
        assert!(rows.iter().all(|r| r["status"] == st), "{st}: {rows:?}");
        seen += rows.len();
    }
    let leads = all.iter().filter(|r| r["lead"] == true).count();
    assert_eq!(
        seen + leads,
        all.len(),
        "every row is a lead or has one open status"
    );
    // A party narrows to rows naming it.
    let ru = s_json(&s, "/api/v1/queue?limit=200&party=ru", &t);
    let ru = ru.as_array().expect("a list");
    assert!(
        !ru.is_empty() && ru.len() < all.len(),
        "{} of {}",
        ru.len(),
        all.len()
    );
    assert!(ru.iter().all(|r| {
        r["parties"]
            .as_array()
            .is_some_and(|p| p.contains(&json!("ru")))
    }));
    // Take one: it leaves `nobody` and is the only one under `me`.
    let inc = all[0]["incident_id"].as_str().expect("id").to_string();
    let r = post_json(
        &s.url(&format!("/api/v1/incidents/{inc}/assignment")),
        Some(&t),
        &json!({}),
    );
    assert!(r.status < 300, "{}", r.body);
    let mine = s_json(&s, "/api/v1/queue?limit=200&assigned=me", &t);
    let mine: Vec<&str> = mine
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["incident_id"].as_str())
        .collect();
    assert_eq!(mine, vec![inc.as_str()]);
    let free = s_json(&s, "/api/v1/queue?limit=200&assigned=nobody", &t);
    let free = free.as_array().expect("a list");
    assert_eq!(free.len(), all.len() - 1);
    assert!(free.iter().all(|r| r["assigned_to"].is_null()));
    // Most reports first.
    let by_reports = s_json(&s, "/api/v1/queue?limit=200&sort=reports", &t);
    let counts: Vec<u64> = by_reports
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["report_count"].as_u64())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // Newest first is oldest first reversed in time.
    let newest = s_json(&s, "/api/v1/queue?limit=200&sort=newest", &t);
    let starts: Vec<i64> = newest
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["occurred_start"].as_i64())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{starts:?}");
    // An unknown value names its field.
    for (q, field) in [
        ("status=confirmed", "status"),
        ("assigned=them", "assigned"),
        ("sort=random", "sort"),
    ] {
        let r = get(&s.url(&format!("/api/v1/queue?{q}")), Some(&t));
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert!(r.body.contains(field), "{q}: {}", r.body);
    }
}

on_both!(a_viewer_chooses_the_time_zone_of_the_pages);
fn a_viewer_chooses_the_time_zone_of_the_pages(b: Backend) {
    let s = Server::demo_on(b);
    let row_of = |cookie: Option<&str>| -> (String, String) {
        let list = get(&s.url("/incidents"), cookie).body;
        let row = list
            .split("<tbody>")
            .nth(1)
            .and_then(|b| b.split("</tr>").next())
            .expect("a row")
            .to_string();
        let footer = list.split("<footer>").nth(1).unwrap_or("").to_string();
        (row, footer)
    };
    // By default the agreement's zone, named, with the others offered.
    let (row, footer) = row_of(None);
    assert!(row.contains(" EET") || row.contains(" EEST"), "{row}");
    assert!(footer.contains("Times are in Europe/Kyiv"), "{footer}");
    assert!(footer.contains("/tz?tz=UTC"), "{footer}");
    // Choosing UTC keeps it in a cookie and goes back to the page.
    let r = get(&s.url("/tz?tz=UTC&back=%2Fincidents"), None);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/incidents"));
    let c = r.set_cookie.join(";");
    assert!(c.starts_with("tz=UTC;") && c.contains("Path=/"), "{c}");
    let (row, footer) = row_of(Some("cookie:tz=UTC"));
    assert!(row.contains(" UTC") && !row.contains(" EET"), "{row}");
    assert!(footer.contains("Times are in UTC"), "{footer}");
    // A zone not offered is not kept, and a forged cookie changes nothing
    // and is never written into the page.
    let r = get(&s.url("/tz?tz=Mars%2FOlympus&back=%2F"), None);
    assert!(r.set_cookie.join(";").contains("Max-Age=0"));
    let (row, footer) = row_of(Some("cookie:tz=%3Cb%3EAsia%2FTokyo"));
    assert!(row.contains(" EET") || row.contains(" EEST"), "{row}");
    assert!(
        !footer.contains("Tokyo") && !footer.contains("<b>"),
        "{footer}"
    );
    // Off-site addresses are never followed back.
    let r = get(
        &s.url("/tz?tz=UTC&back=https%3A%2F%2Fevil.example%2F"),
        None,
    );
    assert_eq!(r.location.as_deref(), Some("/"));
}

on_both!(the_administrator_manages_accounts_in_the_browser_pages);
fn the_administrator_manages_accounts_in_the_browser_pages(b: Backend) {
    let s = Server::demo_on(b);
    let (admin, csrf) = sign_in(&s, "t-admin");
    let post = |form: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(form);
        post_form(&s.url("/admin/accounts"), Some(&admin), &all, &[])
    };
    // Only an administrator sees the page, and only with the form token.
    assert_eq!(get(&s.url("/admin/accounts"), Some(&admin)).status, 200);
    let (monitor, monitor_csrf) = sign_in(&s, "t-monitor");
    assert_eq!(get(&s.url("/admin/accounts"), Some(&monitor)).status, 403);
    let r = post_form(
        &s.url("/admin/accounts"),
        Some(&monitor),
        &[
            ("csrf", &monitor_csrf),
            ("action", "disable"),
            ("name", "t-adj1"),
        ],
        &[],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post_form(
        &s.url("/admin/accounts"),
        Some(&admin),
        &[
            ("csrf", "forged"),
            ("action", "disable"),
            ("name", "t-adj1"),
        ],
        &[],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    // A liaison office for Ukraine: the token is shown once, on the answer.
    let r = post(&[
        ("action", "add"),
        ("name", "ua-office-2"),
        ("role", "liaison"),
        ("party", "ua"),
        ("password", PASSWORD),
    ]);
    assert_eq!(r.status, 200, "{}", r.body);
    let token = r
        .body
        .split("<code class=\"token\">")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .expect("the new token on the page")
        .to_string();
    assert!(token.len() >= 40, "{token}");
    assert!(
        r.set_cookie.iter().all(|c| !c.contains(&token)),
        "never in a cookie"
    );
    assert_eq!(
        get(&s.url("/api/v1/queue"), Some(&token)).status,
        403,
        "a liaison, not staff"
    );
    assert_eq!(get(&s.url("/api/v1/incidents"), Some(&token)).status, 200);
    let (office, _) = sign_in(&s, "ua-office-2");
    assert_eq!(get(&s.url("/reports/new"), Some(&office)).status, 200);
    // Mistakes are said in words, and nothing is made.
    for (form, words) in [
        (
            vec![("action", "add"), ("name", "x y"), ("role", "monitor")],
            "without spaces",
        ),
        (
            vec![("action", "add"), ("name", "lonely"), ("role", "liaison")],
            "bound to one party",
        ),
        (
            vec![
                ("action", "add"),
                ("name", "weak"),
                ("role", "monitor"),
                ("password", "short"),
            ],
            "12 characters",
        ),
        (
            vec![("action", "add"), ("name", "t-adj1"), ("role", "monitor")],
            "already an account",
        ),
        (
            vec![("action", "disable"), ("name", "t-admin")],
            "your own account",
        ),
        (
            vec![("action", "disable"), ("name", "nobody-here")],
            "no account named",
        ),
    ] {
        let r = post(&form);
        assert_eq!(r.status, 422, "{form:?}: {}", r.body);
        assert!(r.body.contains(words), "{form:?} should say {words:?}");
    }
    // Disabled: the session ends and the token is refused; enabled again,
    // the token works.
    let r = post(&[("action", "disable"), ("name", "ua-office-2")]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(get(&s.url("/reports/new"), Some(&office)).status, 401);
    assert_eq!(get(&s.url("/api/v1/incidents"), Some(&token)).status, 401);
    let page = get(&s.url("/admin/accounts"), Some(&admin)).body;
    assert!(page.contains("id=\"account-ua-office-2\"") && page.contains("disabled"));
    post(&[("action", "enable"), ("name", "ua-office-2")]);
    assert_eq!(get(&s.url("/api/v1/incidents"), Some(&token)).status, 200);
    // A new password ends the sessions; the old one no longer signs in.
    let (office, _) = sign_in(&s, "ua-office-2");
    let r = post(&[
        ("action", "password"),
        ("name", "ua-office-2"),
        ("password", "another long enough passphrase"),
    ]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(get(&s.url("/reports/new"), Some(&office)).status, 401);
    let r = post_form(
        &s.url("/login"),
        None,
        &[("name", "ua-office-2"), ("password", PASSWORD)],
        &[],
    );
    assert_ne!(r.status, 303, "the old password is refused");
    // The command line sees the same accounts and disables them the same way.
    let out = truce(&s.db, &["user", "disable", "ua-office-2"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(get(&s.url("/api/v1/incidents"), Some(&token)).status, 401);
    let out = truce(&s.db, &["user", "list"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ua-office-2"));
}

on_both!(a_source_default_grading_applies_to_rows_that_arrive_without_one);
fn a_source_default_grading_applies_to_rows_that_arrive_without_one(b: Backend) {
    let s = Server::demo_on(b);
    let t = staff(&s);
    let row = |id: &str, grading: Option<(&str, &str)>| {
        let mut r = json!({ "external_id": id, "occurred_at": "2025-04-06T03:10:00+03:00", "latitude": "46.4711", "longitude": "30.7081",
            "act": "strike", "means": "Shahed-136", "target_class": "energy.substation", "perpetrator": "ru", "stance": "observes" });
        if let Some((a, b)) = grading {
            r["reliability"] = json!(a);
            r["credibility"] = json!(b);
        }
        r
    };
    let graded = |id: &str| -> (Value, Value) {
        let items = s_json(&s, "/api/v1/reports?source=monitor-t-monitor&limit=50", &t);
        let r = items["items"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["external_id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("report {id}: {items}"));
        (r["reliability"].clone(), r["credibility"].clone())
    };
    let post = |rows: Value| {
        let r = post_json(&s.url("/api/v1/reports"), Some(&t), &rows);
        assert_eq!(r.status, 200, "{}", r.body);
    };
    post(json!([row("g-1", None)]));
    assert_eq!(graded("g-1"), (Value::Null, Value::Null), "no default yet");
    // Only the administrator sets one, and only a grade of the scale.
    let (admin, csrf) = sign_in(&s, "t-admin");
    let (monitor, monitor_csrf) = sign_in(&s, "t-monitor");
    let set = |cookie: &str, csrf: &str, rel: &str, cred: &str| {
        post_form(
            &s.url("/admin/sources"),
            Some(cookie),
            &[
                ("csrf", csrf),
                ("source", "monitor-t-monitor"),
                ("reliability", rel),
                ("credibility", cred),
                ("note", "field team"),
            ],
            &[],
        )
    };
    assert_eq!(set(&monitor, &monitor_csrf, "B", "2").status, 403);
    let bad = set(&admin, &csrf, "Z", "2");
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("reliability"), "{}", bad.body);
    assert_eq!(set(&admin, &csrf, "B", "2").status, 303);
    let page = get(&s.url("/admin/sources"), Some(&admin)).body;
    assert!(page.contains("id=\"source-monitor-t-monitor\"") && page.contains("field team"));
    // From now on: a row without grading takes the default, a graded row
    // keeps its own, and the row stored before keeps none.
    post(json!([row("g-2", None), row("g-3", Some(("D", "4")))]));
    assert_eq!(graded("g-2"), (json!("B"), json!("2")));
    assert_eq!(graded("g-3"), (json!("D"), json!("4")));
    assert_eq!(graded("g-1"), (Value::Null, Value::Null));
    // The log holds the rows as graded: it verifies and replays.
    for args in [["log", "verify"], ["log", "replay"]] {
        let out = truce(&s.db, &args, None);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Cleared: new rows are ungraded again.
    assert_eq!(set(&admin, &csrf, "", "").status, 303);
    post(json!([row("g-4", None)]));
    assert_eq!(graded("g-4"), (Value::Null, Value::Null));
}

#[test]
fn messages_after_a_review_action_speak_the_readers_language() {
    let s = Server::demo();
    let (cookie, csrf) = sign_in(&s, "t-monitor");
    let uk = format!("{cookie}; lang=uk");
    let inc = s_json(&s, "/api/v1/queue", &staff(&s))[0]["incident_id"]
        .as_str()
        .expect("queued")
        .to_string();
    let follow = |r: &common::Resp| -> String {
        let to = r.location.clone().expect("a redirect");
        let flash = r.cookie("truce_flash").expect("a flash cookie");
        get(&s.url(&to), Some(&format!("{uk}; {flash}"))).body
    };
    let r = post_form(
        &s.url(&format!("/incidents/{inc}/assign")),
        Some(&uk),
        &[("csrf", &csrf)],
        &[],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(follow(&r).contains("Цей інцидент доручено вам."));
    let r = post_form(
        &s.url(&format!("/incidents/{inc}/decide")),
        Some(&uk),
        &[("csrf", &csrf), ("action", "note"), ("note", "на місці")],
        &[],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(follow(&r).contains("Примітку додано"));
}

#[test]
fn chart_dates_speak_the_readers_language() {
    let s = Server::demo();
    let page = |cookie: Option<&str>| get(&s.url("/"), cookie).body;
    let en = page(None);
    assert!(en.contains(" Mar</text>"), "English month names by default");
    let uk = page(Some("cookie:lang=uk"));
    assert!(
        uk.contains(" бер</text>") && !uk.contains(" Mar</text>"),
        "Ukrainian month names"
    );
    let ru = page(Some("cookie:lang=ru"));
    assert!(
        ru.contains(" мар</text>") && !ru.contains(" Mar</text>"),
        "Russian month names"
    );
    let map = get(&s.url("/map"), Some("cookie:lang=uk")).body;
    assert!(
        !map.contains(" Mar 2025") && !map.contains(" Apr 2025"),
        "the timeline too"
    );
}

/// The traces of an incident page, as the page shows them.
fn trace_text(html: &str) -> String {
    html.split("<ol class=\"trace\">")
        .skip(1)
        .filter_map(|t| t.split("</ol>").next())
        .collect::<Vec<_>>()
        .join("\n")
}

on_both!(rule_traces_and_decisions_read_in_the_viewers_language);
fn rule_traces_and_decisions_read_in_the_viewers_language(b: Backend) {
    let s = Server::demo_on(b);
    let t = s.token("t-monitor").to_string();
    // Forty incidents, and those two adjudicators decided.
    let mut ids: Vec<String> = Vec::new();
    for q in ["limit=40", "status=confirmed&limit=5"] {
        let items = s_json(&s, &format!("/api/v1/incidents?{q}"), &t)["items"].clone();
        ids.extend(
            items
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string)),
        );
    }
    let mut decided = 0;
    let english = [
        "supporting report",
        "the reading",
        "the event lies",
        "is bound by",
        "adequately graded",
        "confidence:",
        "no report",
        "independent voices",
        " km from ",
        "trace-",
    ];
    let page = |id: &str, lang: &str| {
        let r = request(
            "GET",
            &s.url(&format!("/incidents/{id}")),
            Some(&t),
            None,
            &[("accept-language", lang)],
        );
        assert_eq!(r.status, 200, "/incidents/{id} in {lang}");
        r.body
    };
    let mut seen = 0;
    for id in &ids {
        let en = trace_text(&page(id, "en"));
        assert!(
            en.contains("supporting report"),
            "the English trace of {id} says how many reports support it: {en}"
        );
        for (lang, words) in [("uk", "на підтримку"), ("ru", "в поддержку")] {
            let body = page(id, lang);
            let trace = trace_text(&body);
            assert!(trace.contains(words), "{id} in {lang}: {trace}");
            for e in english {
                assert!(
                    !trace.contains(e),
                    "{id} in {lang} still says {e:?}: {trace}"
                );
            }
            // Decisions are named in words too, not by their codes.
            if let Some(d) = body.split("<ol class=\"decisions\">").nth(1) {
                let d = d.split("</ol>").next().unwrap_or("");
                decided += 1;
                // (The reasons are the decision takers' own words.)
                for code in [
                    ">confirm<",
                    ">reject<",
                    ">publish<",
                    "(adjudicator)",
                    "log entry",
                    "on finding",
                ] {
                    assert!(
                        !d.contains(code),
                        "{id} in {lang}: a decision reads {code:?}: {d}"
                    );
                }
            }
        }
        seen += 1;
    }
    assert!(
        seen >= 20 && decided > 0,
        "only {seen} incidents, {decided} with decisions"
    );
}
