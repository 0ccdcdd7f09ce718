//! Issue 15: every documented (list, filter) pair narrows its list as
//! docs/web.md says, on the demo data, checked against a computation of
//! our own from the unfiltered lists; every unknown value is refused with
//! the field and the values it takes; an export equals the paged list with
//! the same filters, row for row, for the mission and for the public; and
//! `truce export` writes what the API's export does.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Every row of a list visible to `auth`, through the cursor, in order.
fn all(s: &Server, auth: Option<&str>, list: &str, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = get(
            &s.url(&format!("/api/v1/{list}?limit=97&{query}{cursor}")),
            auth,
        );
        assert_eq!(r.status, 200, "{list}?{query}: {}", r.body);
        let v = r.json();
        let items = v["items"].as_array().expect("items");
        assert!(items.len() <= 97, "a page holds at most its limit");
        out.extend(items.iter().cloned());
        match v["next"].as_str() {
            Some(n) => cursor = format!("&cursor={n}"),
            None => return out,
        }
    }
}

fn id(v: &Value) -> String {
    match &v["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or("")
}

/// The lists unfiltered, and what each row is, for our own filtering.
struct Data {
    incidents: Vec<Value>,
    findings: Vec<Value>,
    reports: Vec<Value>,
    /// Incident id → its findings.
    findings_of: HashMap<String, Vec<Value>>,
    /// Incident id → its reports.
    reports_of: HashMap<String, Vec<Value>>,
    incident: HashMap<String, Value>,
}

fn data(s: &Server, auth: Option<&str>) -> Data {
    let incidents = all(s, auth, "incidents", "");
    let findings = all(s, auth, "findings", "");
    let reports = all(s, auth, "reports", "");
    let mut findings_of: HashMap<String, Vec<Value>> = HashMap::new();
    for f in &findings {
        findings_of
            .entry(s_(f, "incident_id"))
            .or_default()
            .push(f.clone());
    }
    let mut reports_of: HashMap<String, Vec<Value>> = HashMap::new();
    for r in &reports {
        reports_of
            .entry(s_(r, "incident_id"))
            .or_default()
            .push(r.clone());
    }
    let incident = incidents.iter().map(|i| (id(i), i.clone())).collect();
    Data {
        incidents,
        findings,
        reports,
        findings_of,
        reports_of,
        incident,
    }
}

fn s_(v: &Value, k: &str) -> String {
    s(v, k).to_string()
}

/// Our own reading of `q=обстріл` on a report: a word of its text, place
/// or target begins so, in any case.
fn has_word_starting_obstril(r: &Value) -> bool {
    ["text", "place", "target_name"].iter().any(|k| {
        s(r, k)
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.to_lowercase().starts_with("обстріл"))
    })
}

/// A condition on a row.
type OnRow = Box<dyn Fn(&Value) -> bool>;
/// A condition on an incident row, which may look at its reports.
type OnIncident = Box<dyn Fn(&Value, &Data) -> bool>;

/// One filter: its query, and our own reading of it on each kind of row.
struct Case {
    query: String,
    /// On a finding row: does this finding match the finding conditions?
    finding: OnRow,
    /// On an incident row: do its own conditions hold (place, time, id,
    /// sources of its reports)?
    incident: OnIncident,
    /// On a report row, where the filter is on the report itself (source,
    /// claimant, time, box); None where it is on the report's incident.
    report: Option<OnRow>,
}

fn always() -> OnRow {
    Box::new(|_| true)
}

fn always_incident() -> OnIncident {
    Box::new(|_, _| true)
}

fn cases(d: &Data) -> Vec<Case> {
    // Values taken from the data, so each case selects something.
    let some_status = d
        .findings
        .iter()
        .map(|f| s_(f, "status"))
        .find(|st| st == "disputed" || st == "corroborated")
        .unwrap_or_else(|| s_(&d.findings[0], "status"));
    let some_source = s_(&d.reports[d.reports.len() / 2], "source");
    let some_incident = id(&d.incidents[d.incidents.len() / 3]);
    let in_box = |lat: f64, lon: f64| (46.0..=47.0).contains(&lat) && (30.0..=31.5).contains(&lon);
    let (from, to) = ("2025-04-01T00:00:00Z", "2025-04-10T00:00:00Z");
    let st = some_status.clone();
    let src = some_source.clone();
    let src2 = some_source.clone();
    let inc = some_incident.clone();
    vec![
        Case {
            query: "commitment=energy".into(),
            finding: Box::new(|f| s(f, "commitment_id") == "energy"),
            incident: always_incident(),
            report: None,
        },
        Case {
            query: "reading=ua".into(),
            finding: Box::new(|f| s(f, "reading_id") == "ua"),
            incident: always_incident(),
            report: None,
        },
        Case {
            query: "party=ru".into(),
            finding: Box::new(|f| s(f, "party") == "ru"),
            incident: always_incident(),
            report: None,
        },
        Case {
            query: format!("status={some_status}"),
            finding: Box::new(move |f| s(f, "status") == st),
            incident: always_incident(),
            report: None,
        },
        Case {
            query: "commitment=energy&reading=ru&status=disputed".into(),
            finding: Box::new(|f| {
                s(f, "commitment_id") == "energy"
                    && s(f, "reading_id") == "ru"
                    && s(f, "status") == "disputed"
            }),
            incident: always_incident(),
            report: None,
        },
        Case {
            query: "region=UA-63".into(),
            finding: always(),
            incident: Box::new(|i, _| s(i, "region") == "UA-63"),
            report: None,
        },
        Case {
            query: "region=RU".into(),
            finding: always(),
            incident: Box::new(|i, _| s(i, "country") == "RU" || s(i, "region") == "RU"),
            report: None,
        },
        Case {
            query: "bbox=30.0,46.0,31.5,47.0".into(),
            finding: always(),
            incident: Box::new(move |i, _| match (i["lat"].as_f64(), i["lon"].as_f64()) {
                (Some(lat), Some(lon)) => in_box(lat, lon),
                _ => false,
            }),
            report: Some(Box::new(move |r| {
                match (r["location"]["lat"].as_f64(), r["location"]["lon"].as_f64()) {
                    (Some(lat), Some(lon)) => in_box(lat, lon),
                    _ => false,
                }
            })),
        },
        Case {
            query: format!("from={from}&to={to}"),
            finding: always(),
            incident: Box::new(move |i, _| s(i, "end") > from && s(i, "start") < to),
            report: Some(Box::new(move |r| {
                s(&r["occurred"], "end") > from && s(&r["occurred"], "start") < to
            })),
        },
        Case {
            query: format!("source={some_source}"),
            finding: always(),
            incident: Box::new(move |i, d| {
                d.reports_of
                    .get(&id(i))
                    .is_some_and(|rs| rs.iter().any(|r| s(r, "source") == src))
            }),
            report: Some(Box::new(move |r| s(r, "source") == src2)),
        },
        Case {
            query: "claimant=ru".into(),
            finding: always(),
            incident: Box::new(|i, d| {
                d.reports_of
                    .get(&id(i))
                    .is_some_and(|rs| rs.iter().any(|r| s(r, "claimant") == "ru"))
            }),
            report: Some(Box::new(|r| s(r, "claimant") == "ru")),
        },
        Case {
            // Words: a Ukrainian stem in any case finds its inflected forms
            // in the reports' text (and an incident through its reports).
            query: format!("q={}", enc("ОБСТРІЛ")),
            finding: always(),
            incident: Box::new(|i, d| {
                d.reports_of
                    .get(&id(i))
                    .is_some_and(|rs| rs.iter().any(has_word_starting_obstril))
            }),
            report: Some(Box::new(has_word_starting_obstril)),
        },
        Case {
            query: format!("incident={some_incident}"),
            finding: always(),
            incident: Box::new(move |i, _| id(i) == inc),
            report: None,
        },
    ]
}

/// What the three lists must hold under a case, computed from the
/// unfiltered lists.
fn expected(d: &Data, c: &Case) -> (Vec<String>, Vec<String>, Vec<String>) {
    let keeps_incident = |iid: &str| -> bool {
        let Some(i) = d.incident.get(iid) else {
            return false;
        };
        (c.incident)(i, d)
            && d.findings_of
                .get(iid)
                .is_some_and(|fs| fs.iter().any(|f| (c.finding)(f)))
    };
    let incidents = d
        .incidents
        .iter()
        .filter(|i| keeps_incident(&id(i)))
        .map(id)
        .collect();
    let findings = d
        .findings
        .iter()
        .filter(|f| {
            let iid = s(f, "incident_id");
            (c.finding)(f) && d.incident.get(iid).is_some_and(|i| (c.incident)(i, d))
        })
        .map(id)
        .collect();
    let reports = d
        .reports
        .iter()
        .filter(|r| {
            let iid = s(r, "incident_id");
            match &c.report {
                // The report's own condition, and any finding condition on
                // its incident (none in these cases).
                Some(own) => own(r),
                None => {
                    // Filters on the incident: the source/claimant/box/time
                    // kinds have their own report condition above.
                    keeps_incident(iid)
                }
            }
        })
        .map(id)
        .collect();
    (incidents, findings, reports)
}

on_both!(every_filter_narrows_every_list_and_unknown_values_are_refused);
fn every_filter_narrows_every_list_and_unknown_values_are_refused(b: Backend) {
    let srv = Server::demo_on(b);
    let t = srv.token("t-monitor").to_string();
    for (who, auth) in [("monitor", Some(t.as_str())), ("public", None)] {
        let d = data(&srv, auth);
        assert!(
            !d.incidents.is_empty() && !d.reports.is_empty(),
            "{who}: the demo has data ({} incidents, {} reports)",
            d.incidents.len(),
            d.reports.len()
        );
        for c in cases(&d) {
            let (wi, wf, wr) = expected(&d, &c);
            let gi: Vec<String> = all(&srv, auth, "incidents", &c.query)
                .iter()
                .map(id)
                .collect();
            let gf: Vec<String> = all(&srv, auth, "findings", &c.query)
                .iter()
                .map(id)
                .collect();
            let gr: Vec<String> = all(&srv, auth, "reports", &c.query)
                .iter()
                .map(id)
                .collect();
            assert_eq!(gi, wi, "{who}: incidents?{}", c.query);
            assert_eq!(gf, wf, "{who}: findings?{}", c.query);
            assert_eq!(gr, wr, "{who}: reports?{}", c.query);
            // Each filter selects something and narrows a list (every
            // incident has a finding under every commitment, so a finding
            // condition alone may keep every incident).
            if who == "monitor" {
                assert!(!gf.is_empty(), "findings?{} selects some", c.query);
                assert!(
                    gi.len() < d.incidents.len()
                        || gf.len() < d.findings.len()
                        || gr.len() < d.reports.len(),
                    "?{} narrows some list",
                    c.query
                );
            }
        }
    }

    // Unknown values: 400 naming the field, with the values it takes.
    for list in ["incidents", "findings", "reports"] {
        for (q, field, listed) in [
            ("commitment=nope", "commitment", true),
            ("reading=nope", "reading", true),
            ("party=nope", "party", true),
            ("status=maybe", "status", true),
            ("region=XX-99", "region", true),
            ("source=nobody-at-all", "source", true),
            ("claimant=nobody-at-all", "claimant", true),
            ("from=yesterday", "from", false),
            ("to=2025-13-45", "to", false),
            ("bbox=1,2,3", "bbox", false),
            ("format=xml", "format", true),
            (&*format!("q={}", "a".repeat(201)), "q", false),
        ] {
            let r = get(&srv.url(&format!("/api/v1/{list}?{q}")), Some(&t));
            assert_eq!(r.status, 400, "{list}?{q}: {}", r.body);
            let v = r.json();
            assert_eq!(v["field"], field, "{list}?{q}: {}", r.body);
            assert!(s(&v, "error").starts_with(field), "{list}?{q}: {}", r.body);
            let allowed = v["allowed"].as_array().expect("allowed");
            assert_eq!(!allowed.is_empty(), listed, "{list}?{q}: {}", r.body);
        }
        // Within the schema's length, more words than a search takes cannot
        // be searched: 422, in words.
        let r = get(
            &srv.url(&format!("/api/v1/{list}?q=aa+bb+cc+dd+ee+ff+gg+hh+ii")),
            Some(&t),
        );
        assert_eq!(r.status, 422, "{list}: {}", r.body);
        assert!(r.body.contains("at most 8 words"), "{}", r.body);
        for q in ["limit=0", "limit=1001", "limit=many", "cursor=zz"] {
            let r = get(&srv.url(&format!("/api/v1/{list}?{q}")), Some(&t));
            assert_eq!(r.status, 400, "{list}?{q}: {}", r.body);
        }
        // An incident id is no vocabulary: one that names nothing is not found.
        let r = get(
            &srv.url(&format!("/api/v1/{list}?incident=I-nope")),
            Some(&t),
        );
        assert_eq!(r.status, 404, "{list}?incident=I-nope: {}", r.body);
    }
    // A source the public may not see is unknown to it, not an empty list.
    let d = data(&srv, Some(&t));
    let public = data(&srv, None);
    let seen: HashSet<String> = public.reports.iter().map(|r| s_(r, "source")).collect();
    if let Some(hidden) = d
        .reports
        .iter()
        .map(|r| s_(r, "source"))
        .find(|x| !seen.contains(x))
    {
        let r = get(
            &srv.url(&format!("/api/v1/incidents?source={hidden}")),
            None,
        );
        assert_eq!(r.status, 400, "{}", r.body);
    }
    // The limit counts rows of every list.
    for list in ["incidents", "findings", "reports"] {
        let v = get(&srv.url(&format!("/api/v1/{list}?limit=2")), Some(&t)).json();
        assert_eq!(
            v["items"].as_array().expect("items").len(),
            2,
            "{list}?limit=2"
        );
    }
}

fn jsonl(body: &str) -> Vec<Value> {
    body.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

on_both!(an_export_is_the_paged_list_row_for_row);
fn an_export_is_the_paged_list_row_for_row(b: Backend) {
    let srv = Server::demo_on(b);
    let t = srv.token("t-monitor").to_string();
    for (who, auth) in [("monitor", Some(t.as_str())), ("public", None)] {
        for q in [
            "",
            "commitment=energy&reading=ua",
            "region=UA-63",
            "status=corroborated",
        ] {
            for list in ["incidents", "findings", "reports"] {
                let paged = all(&srv, auth, list, q);
                let r = get(
                    &srv.url(&format!("/api/v1/exports/{list}?format=jsonl&{q}")),
                    auth,
                );
                assert_eq!(r.status, 200, "{}", r.body);
                assert!(r.content_type.starts_with("application/jsonl"));
                let rows = jsonl(&r.body);
                assert_eq!(
                    rows.iter().map(id).collect::<Vec<_>>(),
                    paged.iter().map(id).collect::<Vec<_>>(),
                    "{who}: export of {list}?{q}"
                );
                for (e, p) in rows.iter().zip(&paged) {
                    match list {
                        "incidents" => {
                            for k in [
                                "start",
                                "end",
                                "lat",
                                "lon",
                                "geo_precision",
                                "coarsened",
                                "status",
                                "region",
                                "report_count",
                            ] {
                                assert_eq!(e[k], p[k], "{who}: {list} {} {k}", id(p));
                            }
                        }
                        "findings" => {
                            assert_eq!(e["perpetrator"], p["party"]);
                            for k in [
                                "incident_id",
                                "commitment_id",
                                "reading_id",
                                "status",
                                "confidence",
                            ] {
                                assert_eq!(e[k], p[k], "{who}: {list} {} {k}", id(p));
                            }
                        }
                        _ => {
                            assert_eq!(e["lat"], p["location"]["lat"], "{who}: report {}", id(p));
                            assert_eq!(e["lon"], p["location"]["lon"]);
                            assert_eq!(e["geo_precision"], p["geo_precision"]);
                            for k in ["source", "external_id", "claimant", "incident_id"] {
                                assert_eq!(e[k], p[k], "{who}: {list} {} {k}", id(p));
                            }
                            if who == "public" {
                                assert!(
                                    e["text"].is_null()
                                        && e["url"].is_null()
                                        && e["extra"].is_null()
                                );
                            }
                        }
                    }
                    if e["coarsened"] == true {
                        assert_ne!(e["geo_precision"], "exact", "{who}: {list} {}", id(p));
                    }
                }
            }
        }
    }
    // The other formats hold the same rows.
    let q = "commitment=energy";
    let n = all(&srv, None, "incidents", q).len();
    let csv = get(
        &srv.url(&format!("/api/v1/exports/incidents?format=csv&{q}")),
        None,
    );
    let mut rdr = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(rdr.records().count(), n);
    let acled = get(
        &srv.url(&format!("/api/v1/exports/incidents?format=acled&{q}")),
        None,
    );
    let mut rdr = csv::Reader::from_reader(acled.body.as_bytes());
    let head: Vec<String> = rdr
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(head[0], "event_id_cnty");
    assert_eq!(head[30], "timestamp");
    assert_eq!(head[31], "truce_id");
    let unique: HashSet<&String> = head.iter().collect();
    assert_eq!(unique.len(), head.len(), "no column name twice");
    assert_eq!(rdr.records().count(), n);
    let geo = get(
        &srv.url(&format!("/api/v1/exports/incidents?format=geojson&{q}")),
        None,
    )
    .json();
    let features = geo["features"].as_array().expect("features");
    assert_eq!(features.len(), n);
    for f in features {
        let c = &f["geometry"]["coordinates"];
        assert_eq!(c[0], f["properties"]["lon"]);
        assert_eq!(c[1], f["properties"]["lat"]);
        for x in [&c[0], &c[1]] {
            // Rounded to what the precision allows: no float noise.
            let text = x.to_string();
            assert!(text.len() <= 9, "coordinate {text}");
        }
    }
    // The lists' format= still downloads (the dashboard's links), by the
    // same exporter.
    let old = get(&srv.url(&format!("/api/v1/incidents?format=csv&{q}")), None);
    assert_eq!(old.status, 200);
    assert_eq!(old.body, csv.body);

    // `truce export` writes what the API's export does, for the mission.
    let out = truce(
        &srv.db,
        &[
            "export", "findings", "--format", "jsonl", "--region", "UA-63",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let api = get(
        &srv.url("/api/v1/exports/findings?format=jsonl&region=UA-63"),
        Some(&t),
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), api.body);
    let out = truce(
        &srv.db,
        &[
            "export",
            "incidents",
            "--as",
            "public",
            "--format",
            "geojson",
        ],
        None,
    );
    assert!(out.status.success());
    let api = get(&srv.url("/api/v1/exports/incidents?format=geojson"), None);
    assert_eq!(String::from_utf8_lossy(&out.stdout), api.body);
    let bad = truce(&srv.db, &["export", "incidents", "--status", "maybe"], None);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--status"));
}

on_both!(the_period_report_counts_what_the_findings_export_holds);
fn the_period_report_counts_what_the_findings_export_holds(b: Backend) {
    let srv = Server::demo_on(b);
    // A period without a change of clocks in Kyiv (UTC+3 throughout).
    let (from, to) = ("2025-04-01", "2025-04-17");
    let (t0, t1) = ("2025-03-31T21:00:00Z", "2025-04-17T21:00:00Z");
    let out = truce(
        &srv.db,
        &["report", "--from", from, "--to", to, "--format", "json"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Our own count, from every finding of the mission's export.
    let out = truce(&srv.db, &["export", "findings", "--format", "jsonl"], None);
    assert!(out.status.success());
    let mut want: HashMap<(String, String, String, String), u64> = HashMap::new();
    for f in jsonl(&String::from_utf8_lossy(&out.stdout)) {
        let start = s(&f, "start");
        if start >= t0 && start < t1 {
            *want
                .entry((
                    s_(&f, "commitment_id"),
                    s_(&f, "reading_id"),
                    s_(&f, "perpetrator"),
                    s_(&f, "status"),
                ))
                .or_default() += 1;
        }
    }
    let mut got: HashMap<(String, String, String, String), u64> = HashMap::new();
    for r in report["readings"].as_array().expect("readings") {
        for p in r["parties"].as_array().expect("parties") {
            for (st, n) in p["counts"].as_object().expect("counts") {
                got.insert(
                    (
                        s_(r, "commitment_id"),
                        s_(r, "reading_id"),
                        s_(p, "party"),
                        st.clone(),
                    ),
                    n.as_u64().expect("count"),
                );
            }
        }
    }
    assert!(!want.is_empty());
    assert_eq!(got, want);
    for n in report["notable"].as_array().expect("notable") {
        let st = s(n, "status");
        let total: u64 = want
            .iter()
            .filter(|(k, _)| k.3 == st)
            .map(|(_, n)| *n)
            .sum();
        assert_eq!(n["total"].as_u64(), Some(total), "{st}");
        assert_eq!(
            n["findings"].as_array().expect("findings").len() as u64,
            total.min(100),
            "{st}"
        );
    }
    for (format, needle) in [
        ("md", "# Compliance report"),
        ("html", "<h1>Compliance report"),
    ] {
        let out = truce(
            &srv.db,
            &["report", "--from", from, "--to", to, "--format", format],
            None,
        );
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(needle),
            "{format}"
        );
    }
    let bad = truce(&srv.db, &["report", "--from", to, "--to", from], None);
    assert!(!bad.status.success(), "a period that ends before it starts");
}

on_both!(the_period_report_as_pdf_keeps_cyrillic_and_names_its_checkpoint);
/// The period report printed to PDF reads back (pdftotext) with its
/// Cyrillic place names intact, the log root and the signed checkpoint it
/// rests on, and the command that makes it again; the root is the log's.
fn the_period_report_as_pdf_keeps_cyrillic_and_names_its_checkpoint(b: Backend) {
    let srv = Server::demo_on(b);
    let (from, to) = ("2025-03-18", "2025-04-16");
    let out = truce(
        &srv.db,
        &["report", "--from", from, "--to", to, "--format", "json"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let size = report["log"]["size"].as_u64().expect("a log size");
    let root = s(&report["log"], "root").to_string();
    // The root is the log's own at that size: a proof between the two
    // agrees (the consistency proof's old root is ours).
    let proof = get(
        &srv.url(&format!("/api/v1/log/proof/consistency?old={size}")),
        None,
    );
    assert_eq!(proof.status, 200, "{}", proof.body);
    assert!(
        proof.body.contains(&root) || {
            use base64::Engine;
            let raw = hex_decode(&root);
            proof
                .body
                .contains(&base64::engine::general_purpose::STANDARD.encode(raw))
        },
        "the report's root {root} is not the log's at size {size}: {}",
        proof.body
    );
    let checkpoint = s(&report["log"], "checkpoint").to_string();
    assert!(checkpoint.lines().count() >= 3, "{checkpoint}");
    // The previous period is there to compare with.
    assert!(report["readings"][0]["parties"][0]["previous_total"].is_u64());
    let pdf = srv.dir.path().join("report.pdf");
    let out = truce(
        &srv.db,
        &[
            "report",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "pdf",
            "-o",
            pdf.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext (Debian's poppler-utils) is needed to read the PDF back");
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Енгельс"), "Cyrillic lost: {text}");
    assert!(text.contains("Compliance report"));
    assert!(text.contains(&root[..16]), "the root hash is printed");
    let origin = checkpoint.lines().next().expect("origin");
    assert!(text.contains(origin), "the checkpoint is printed");
    assert!(text.contains("Made again with"));
}

fn hex_decode(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .filter_map(|i| u8::from_str_radix(&h[i * 2..i * 2 + 2], 16).ok())
        .collect()
}
