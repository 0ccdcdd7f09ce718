//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`.
//! Written as data beside the routes; the end-to-end tests check that every
//! route is documented and that real responses match the schemas.

use crate::api::ROUTES;
use serde_json::{Value, json};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn page(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": { "type": "array", "items": r(item) },
            "next": { "type": "string", "description": "Pass as `cursor` for the next page; absent on the last." }
        }
    })
}

fn s(t: &str) -> Value {
    json!({ "type": t })
}

fn obj(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": props })
}

/// The query parameters every list accepts; the agreement's own ids are
/// their values.
fn list_params(a: &truce_model::Agreement, cursor: &str, formats: &[&str]) -> Value {
    let p = |name: &str, desc: &str| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": desc });
    // An empty value is no filter, as an HTML form sends a blank field.
    let e = |name: &str, desc: &str, mut values: Vec<String>| {
        values.push(String::new());
        json!({ "name": name, "in": "query", "required": false,
            "schema": { "type": "string", "enum": values }, "description": desc })
    };
    let mut readings: Vec<String> = a
        .commitments
        .iter()
        .flat_map(|c| c.readings.iter().map(|r| r.id.clone()))
        .collect();
    readings.sort();
    readings.dedup();
    let mut parties: Vec<String> = a
        .parties
        .iter()
        .flat_map(|p| std::iter::once(p.id.clone()).chain(p.aliases.iter().cloned()))
        .collect();
    parties.push(truce_engine::UNKNOWN_PARTY.to_string());
    let when = |name: &str, desc: &str| {
        json!({ "name": name, "in": "query", "required": false,
        "schema": { "anyOf": [ { "type": "string", "format": "date" }, { "type": "string", "format": "date-time" },
            { "type": "string", "maxLength": 0 } ] }, "description": desc })
    };
    json!([
        e("commitment", "A commitment of the agreement.", a.commitments.iter().map(|c| c.id.clone()).collect()),
        e("reading", "A reading of the commitment.", readings),
        e("party", "The party alleged responsible (its id or an alias, or `unknown`).", parties),
        e("status", "A finding status.", STATUSES.iter().map(|s| s.to_string()).collect()),
        when("from", "A date (in the agreement's zone) or RFC 3339 instant: incidents ending after it."),
        when("to", "A date (inclusive) or instant: incidents starting before it."),
        { "name": "bbox", "in": "query", "required": false,
          "schema": { "anyOf": [ { "type": "string", "pattern": BBOX_PATTERN }, { "type": "string", "maxLength": 0 } ] },
          "description": "west,south,east,north in degrees (RFC 7946); a west edge east of the east edge crosses the antimeridian; south beyond north is refused (422)." },
        p("region", "A region (UA-63) or country (RU) id."),
        p("source", "Reports: the source."),
        p("claimant", "Reports: the claimant."),
        p("incident", "Only this incident."),
        { "name": "cursor", "in": "query", "required": false, "schema": { "type": "string", "pattern": cursor },
          "description": "From the previous page's `next`." },
        { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 1000 } },
        { "name": "format", "in": "query", "required": false, "schema": { "type": "string", "enum": formats },
          "description": "csv and geojson stream the whole filtered list as a download." }
    ])
}

/// Cursors as the server gives them: a report id; an incident's start and
/// position.
const REPORT_CURSOR: &str = "^([0-9]{1,18})?$";
const INCIDENT_CURSOR: &str = "^(-?[0-9]{1,18}\\.-?[0-9]{1,18})?$";

/// Finding statuses, as the API writes them.
const STATUSES: [&str; 8] = [
    "confirmed",
    "corroborated",
    "alleged",
    "disputed",
    "insufficient",
    "rejected",
    "outside-period",
    "not-covered",
];

/// Four decimal numbers with their signs, comma-separated.
const BBOX_PATTERN: &str = "^(-?(180(\\.0{1,6})?|1[0-7][0-9](\\.[0-9]{1,6})?|[0-9]{1,2}(\\.[0-9]{1,6})?)),(-?(90(\\.0{1,6})?|[0-8]?[0-9](\\.[0-9]{1,6})?)),(-?(180(\\.0{1,6})?|1[0-7][0-9](\\.[0-9]{1,6})?|[0-9]{1,2}(\\.[0-9]{1,6})?)),(-?(90(\\.0{1,6})?|[0-8]?[0-9](\\.[0-9]{1,6})?))$";

/// A vocabulary's values (and "", which leaves a field as it is).
fn vocabulary<'a>(values: impl Iterator<Item = &'a str>) -> Value {
    let mut v: Vec<&str> = values.collect();
    v.push("");
    json!({ "type": "string", "enum": v })
}

/// An integer as the server reads it (64-bit, never negative).
fn count() -> Value {
    json!({ "type": "integer", "format": "int64", "minimum": 0, "maximum": i64::MAX })
}

fn schema_of(t: &str) -> Value {
    if t == "integer" { count() } else { s(t) }
}

fn path_param(name: &str, t: &str) -> Value {
    json!([{ "name": name, "in": "path", "required": true, "schema": schema_of(t) }])
}

fn query_param(name: &str, t: &str, required: bool) -> Value {
    json!({ "name": name, "in": "query", "required": required, "schema": schema_of(t) })
}

/// (summary, who may call it, parameters, request body schema, response schema)
fn operation(
    a: &truce_model::Agreement,
    method: &str,
    path: &str,
) -> (String, &'static str, Value, Option<Value>, Value) {
    let anyone = "Anyone; what is returned depends on who asks (see the description of the API).";
    let staff = "Administrators, monitors and adjudicators.";
    match (method, path) {
        ("get", "/api/v1/openapi.json") => ("This document.".into(), anyone, json!([]), None, s("object")),
        ("get", "/api/v1/me") => ("The account behind the request.".into(), "Any signed-in account.", json!([]), None, r("Me")),
        ("get", "/api/v1/agreement") => ("The agreement: parties, commitments, readings, periods, zones.".into(), anyone, json!([]), None, r("Agreement")),
        ("get", "/api/v1/summary") => ("Findings by commitment, reading, party and status.".into(), anyone, json!([]), None, json!({ "type": "array", "items": r("SummaryRow") })),
        ("get", "/api/v1/sources") => ("Reports by source and claimant.".into(), anyone, json!([]), None, json!({ "type": "array", "items": r("Source") })),
        ("get", "/api/v1/reports") => ("Reports, newest first.".into(), anyone, list_params(a, REPORT_CURSOR, &["json", "csv", "geojson"]), None, page("Report")),
        ("post", "/api/v1/reports") => ("Submit one report or a list of up to 1,000 (canonical fields, docs/formats.md). Good rows are kept; bad ones are returned with their reasons.".into(),
            "Monitors, adjudicators, party liaisons (their own party's reports only).", json!([]),
            Some(json!({ "oneOf": [ s("object"), { "type": "array", "items": s("object"), "minItems": 1, "maxItems": 1000 } ] })), r("SubmitOutcome")),
        ("get", "/api/v1/reports/{id}") => ("One report.".into(), anyone, path_param("id", "integer"), None, r("Report")),
        ("get", "/api/v1/incidents") => ("Incidents, newest first.".into(), anyone, list_params(a, INCIDENT_CURSOR, &["json", "csv", "geojson"]), None, page("Incident")),
        ("get", "/api/v1/incidents/{id}") => ("An incident with its reports, findings (with rule traces) and decisions.".into(), anyone, path_param("id", "string"), None, r("IncidentDetail")),
        ("post", "/api/v1/incidents/{id}/assignment") => ("Take an incident to work on; 409 when someone else has it.".into(), "Monitors and adjudicators.", path_param("id", "string"), None, obj(&["assigned_to"], json!({ "assigned_to": s("string") }))),
        ("delete", "/api/v1/incidents/{id}/assignment") => ("Give an incident back (administrators may release anyone's).".into(), staff, path_param("id", "string"), None, s("null")),
        ("post", "/api/v1/incidents/{id}/notes") => ("Add an internal note (never shown to parties or the public).".into(), "Monitors and adjudicators.", path_param("id", "string"),
            Some(obj(&["text"], json!({ "text": { "type": "string", "minLength": 1, "maxLength": 4000, "pattern": "\\S" } }))), s("null")),
        ("get", "/api/v1/findings") => ("Findings, grouped by incident, newest first.".into(), anyone, list_params(a, INCIDENT_CURSOR, &["json", "csv"]), None, page("Finding")),
        ("get", "/api/v1/findings/{id}") => ("One finding with its rule trace.".into(), anyone, path_param("id", "string"), None, r("FindingDetail")),
        ("get", "/api/v1/decisions") => ("Decisions, newest first.".into(), anyone,
            json!([query_param("cursor", "integer", false),
                { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 1000 } }]), None, page("Decision")),
        ("post", "/api/v1/decisions") => ("Take a decision: merge, split, correct, propose (monitors, adjudicators); confirm, reject (two different adjudicators), publish (adjudicators).".into(),
            "Monitors and adjudicators, by action.", json!([]), Some(r("DecisionRequest")), r("DecisionOutcome")),
        ("get", "/api/v1/queue") => ("Incidents waiting for review.".into(), staff, json!([]), None, json!({ "type": "array", "items": r("QueueItem") })),
        ("get", "/api/v1/rejections") => ("Rows that could not be accepted, with file, line, field and reason.".into(), staff, json!([]), None, json!({ "type": "array", "items": r("Rejection") })),
        ("get", "/api/v1/places") => ("Places whose name starts with `q`, in any script.".into(), anyone, json!([query_param("q", "string", true)]), None, json!({ "type": "array", "items": r("Place") })),
        ("get", "/api/v1/log/checkpoint") => ("The latest signed checkpoint of the evidence log.".into(), anyone, json!([]), None, r("Checkpoint")),
        ("get", "/api/v1/log/entries/{index}") => ("One log entry, for whoever may see everything it holds (404 otherwise: the leaf hash of any entry comes with its inclusion proof).".into(), anyone, path_param("index", "integer"), None, r("LogEntry")),
        ("get", "/api/v1/log/proof/inclusion") => ("An inclusion proof (RFC 9162) of an entry in a tree size (default: the latest checkpoint's).".into(), anyone,
            json!([query_param("index", "integer", true),
                { "name": "size", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 1, "maximum": i64::MAX } }]), None, r("InclusionProof")),
        ("get", "/api/v1/log/proof/consistency") => ("A consistency proof between two tree sizes.".into(), anyone,
            json!([{ "name": "old", "in": "query", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 1, "maximum": i64::MAX } },
                query_param("new", "integer", false)]), None, r("ConsistencyProof")),
        _ => ("".into(), anyone, json!([]), None, s("object")),
    }
}

fn schemas() -> Value {
    let str_ = || s("string");
    let int = || s("integer");
    let num = || s("number");
    let nstr = || json!({ "type": ["string", "null"] });
    let status = json!({ "type": "string", "enum": ["confirmed", "corroborated", "alleged", "disputed", "insufficient", "rejected", "outside-period", "not-covered"] });
    // Periods are written as RFC 3339 instants, half-open.
    let period = obj(&["start", "end"], json!({ "start": str_(), "end": str_() }));
    json!({
        "Error": obj(&["error"], json!({ "error": str_() })),
        "Me": obj(&["name", "role"], json!({ "name": str_(), "role": str_(), "party": { "type": ["string", "null"] } })),
        "Agreement": obj(&["id", "title", "timezone", "parties", "commitments", "periods", "zones", "public_precision_deg"], json!({
            "id": str_(), "title": str_(), "timezone": str_(), "version": int(), "description": nstr(),
            "parties": { "type": "array", "items": obj(&["id", "name"], json!({ "id": str_(), "name": str_(), "aliases": { "type": "array", "items": str_() } })) },
            "commitments": { "type": "array", "items": obj(&["id", "title", "text", "binds", "status", "readings"], json!({
                "id": str_(), "title": str_(), "text": str_(), "status": str_(), "proposed_by": nstr(), "note": nstr(),
                "binds": { "type": "array", "items": str_() },
                "readings": { "type": "array", "items": obj(&["id", "title", "period", "scope"], json!({
                    "id": str_(), "title": str_(), "party": nstr(), "note": nstr(), "period": period.clone(), "scope": s("object")
                })) }
            })) },
            "periods": { "type": "array", "items": period.clone() },
            "zones": { "type": "array", "items": obj(&["id", "name", "polygons"], json!({ "id": str_(), "name": str_(), "polygons": s("array") })) },
            "public_precision_deg": num()
        })),
        "SummaryRow": obj(&["commitment_id", "reading_id", "party", "status", "count"], json!({
            "commitment_id": str_(), "reading_id": str_(), "party": str_(), "status": status.clone(), "count": int()
        })),
        "Source": obj(&["source", "reports"], json!({ "source": str_(), "claimant": str_(), "reports": int() })),
        "Report": obj(&["id", "source", "external_id", "occurred_at", "time_precision", "occurred", "geo_precision", "located", "act", "means", "target_class", "stance", "ingested_at"], json!({
            "id": int(), "source": str_(), "external_id": str_(), "reported_at": int(), "occurred_at": int(),
            "time_precision": str_(), "occurred": period.clone(),
            "location": obj(&["lat", "lon"], json!({ "lat": num(), "lon": num() })),
            "place": str_(), "geo_precision": str_(), "located": str_(), "act": str_(), "means": str_(), "means_text": str_(),
            "target_class": str_(), "target_name": str_(), "perpetrator": str_(), "claimant": str_(), "stance": str_(),
            "reliability": str_(), "credibility": str_(), "killed": int(), "injured": int(),
            "text": { "type": "string", "description": "Not shown to the public." },
            "url": str_(), "extra": { "type": "array", "description": "Columns the canonical format does not define, as [name, value] pairs." },
            "incident_id": str_(), "log_index": int(), "ingested_at": int()
        })),
        "Incident": obj(&["id", "start", "end", "geo_precision", "act", "means", "target_class", "report_count", "status", "coarsened"], json!({
            "id": str_(), "start": str_(), "end": str_(), "lat": num(), "lon": num(), "geo_precision": str_(), "place": str_(),
            "act": str_(), "means": str_(), "target_class": str_(), "target_name": str_(), "country": str_(), "region": str_(),
            "report_count": int(), "status": str_(), "coarsened": s("boolean")
        })),
        "Finding": obj(&["id", "incident_id", "commitment_id", "reading_id", "party", "status", "confidence"], json!({
            "id": str_(), "incident_id": str_(), "commitment_id": str_(), "reading_id": str_(), "party": str_(),
            "status": status.clone(), "confidence": str_()
        })),
        "TraceStep": obj(&["check", "outcome", "detail"], json!({ "check": str_(), "outcome": str_(), "detail": str_() })),
        "FindingDetail": obj(&["id", "incident_id", "commitment_id", "reading_id", "party", "status", "evaluated", "confidence", "trace", "reports"], json!({
            "id": str_(), "incident_id": str_(), "commitment_id": str_(), "reading_id": str_(), "party": str_(),
            "status": status.clone(), "evaluated": status.clone(), "confidence": str_(),
            "trace": { "type": "array", "items": r("TraceStep") },
            "reports": { "type": "array", "items": obj(&["source", "external_id"], json!({ "source": str_(), "external_id": str_() })) }
        })),
        "Decision": obj(&["id", "at", "actor", "role", "action", "body", "reason"], json!({
            "id": int(), "at": int(), "actor": str_(), "role": str_(), "action": str_(), "incident_id": str_(),
            "finding_id": str_(), "body": s("object"), "reason": str_(), "log_index": int()
        })),
        "DecisionRequest": obj(&["action", "reason"], json!({
            "action": { "type": "string", "enum": ["merge", "split", "correct", "propose", "confirm", "reject", "publish"] },
            "incident": str_(), "incidents": { "type": "array", "items": str_() },
            "reports": { "type": "array", "items": count() }, "report": count(),
            "fields": { "type": "object", "additionalProperties": false,
                "properties": {
                    "act": vocabulary(truce_model::Act::ALL.iter().map(|v| v.as_str())),
                    "means": vocabulary(truce_model::Means::ALL.iter().map(|v| v.as_str())),
                    "target_class": vocabulary(truce_model::TargetClass::ALL.iter().map(|v| v.as_str())),
                    "target_name": { "type": "string", "maxLength": 2000 },
                    "perpetrator": { "type": "string", "maxLength": 2000 }
                },
                "description": "Correct: new values; an empty one leaves the field as it is." },
            "finding": str_(), "status": { "type": "string", "enum": ["confirmed", "rejected"] },
            "reason": { "type": "string", "minLength": 1, "maxLength": 4000, "pattern": "\\S" }
        })),
        "DecisionOutcome": obj(&["decision"], json!({
            "decision": r("Decision"), "incidents": { "type": "array", "items": str_() },
            "verdict": status.clone(), "pending": str_()
        })),
        "IncidentDetail": obj(&["incident", "published", "reports", "findings", "decisions"], json!({
            "incident": r("Incident"), "published": s("boolean"),
            "reports": { "type": "array", "items": r("Report") },
            "findings": { "type": "array", "items": r("FindingDetail") },
            "decisions": { "type": "array", "items": r("Decision") },
            "notes": { "type": "array", "items": obj(&["id", "author", "at", "text"], json!({ "id": int(), "incident_id": str_(), "author": str_(), "at": int(), "text": str_() })) },
            "assigned_to": str_(),
            "unpublished_reports": { "type": "integer", "description": "Staff only: reports no publication covers yet." },
            "nearby": { "type": "array", "items": r("Incident"), "description": "Staff only: incidents within a day and about 50 km." }
        })),
        "SubmitOutcome": obj(&["accepted", "duplicates", "superseded", "rejected", "rejections"], json!({
            "accepted": int(), "duplicates": int(), "superseded": int(), "rejected": int(),
            "rejections": { "type": "array", "items": r("Rejection") }
        })),
        "Rejection": obj(&["file", "line", "reason", "raw"], json!({
            "id": int(), "at": int(), "file": str_(), "line": int(), "field": { "type": ["string", "null"] },
            "value": { "type": ["string", "null"] }, "reason": str_(), "raw": str_()
        })),
        "QueueItem": obj(&["incident_id", "occurred_start", "target_class", "open_findings"], json!({
            "incident_id": str_(), "occurred_start": int(), "place": { "type": ["string", "null"] }, "target_class": str_(),
            "open_findings": int(), "assigned_to": str_()
        })),
        "Place": obj(&["id", "name", "lat", "lon", "kind"], json!({
            "id": str_(), "name": str_(), "name_uk": str_(), "name_ru": str_(), "lat": num(), "lon": num(), "kind": str_(), "region": str_()
        })),
        "Checkpoint": obj(&["size", "note"], json!({ "size": int(), "note": str_() })),
        "LogEntry": obj(&["index", "kind", "leaf_hash", "entry"], json!({
            "index": int(), "kind": str_(), "leaf_hash": str_(), "entry": { "type": "string", "description": "The entry's bytes, base64." }
        })),
        "InclusionProof": obj(&["type", "index", "tree_size", "leaf_hash", "root_hash", "proof"], json!({
            "type": { "type": "string", "enum": ["inclusion"] }, "index": int(), "tree_size": int(),
            "leaf_hash": str_(), "root_hash": str_(), "proof": { "type": "array", "items": str_() }
        })),
        "ConsistencyProof": obj(&["type", "old_size", "new_size", "old_root", "new_root", "proof"], json!({
            "type": { "type": "string", "enum": ["consistency"] }, "old_size": int(), "new_size": int(),
            "old_root": str_(), "new_root": str_(), "proof": { "type": "array", "items": str_() }
        }))
    })
}

/// What an operation answers besides 200 with JSON, and how.
fn responses(method: &str, path: &str, ok: Value) -> Value {
    let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": r("Error") } } });
    let mut out = json!({
        "200": { "description": "OK", "content": { "application/json": { "schema": ok.clone() } } },
        "400": err("The request is malformed; `error` says why."),
        "401": err("Sign in or send a token (or the token is wrong)."),
        "403": err("Not allowed for this role."),
        "404": err("Not found, or not visible to the caller.")
    });
    let lists = ["/api/v1/reports", "/api/v1/incidents", "/api/v1/findings"];
    if method == "get" && lists.contains(&path) {
        out["200"]["content"]["text/csv"] = json!({ "schema": s("string") });
        if path != "/api/v1/findings" {
            out["200"]["content"]["application/geo+json"] = json!({ "schema": s("object") });
        }
        out["422"] = err(
            "A filter that cannot hold, such as a box whose south edge lies north of its north edge.",
        );
    }
    match (method, path) {
        ("post", "/api/v1/reports") => {
            out["422"] = json!({ "description": "No report was accepted; `rejections` says why for each.",
                "content": { "application/json": { "schema": ok } } });
            out["413"] = err("The body is larger than the server accepts (4 MiB).");
        }
        ("post", "/api/v1/decisions") => {
            out["409"] = err("The decision conflicts with what is decided already.");
            out["422"] = err("The decision cannot be taken on what it names (in words).");
        }
        ("post", "/api/v1/incidents/{id}/assignment") => {
            out["409"] = err("Someone else is working on this incident.");
        }
        ("delete", "/api/v1/incidents/{id}/assignment") => {
            if let Some(o) = out.as_object_mut() {
                o.remove("200");
            }
            out["204"] = json!({ "description": "Released (or held by nobody)." });
            out["409"] = err("Someone else is working on this incident.");
        }
        ("post", "/api/v1/incidents/{id}/notes") => {
            if let Some(o) = out.as_object_mut() {
                o.remove("200");
            }
            out["201"] = json!({ "description": "The note is kept." });
        }
        _ => {}
    }
    out
}

/// The whole document, for this agreement.
pub fn document(a: &truce_model::Agreement) -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path) in ROUTES {
        let (summary, who, params, body, response) = operation(a, method, path);
        let mut op = json!({
            "summary": summary,
            "description": format!("Who may call it: {who}"),
            "parameters": params,
            "responses": responses(method, path, response)
        });
        if let Some(b) = body {
            op["requestBody"] =
                json!({ "required": true, "content": { "application/json": { "schema": b } } });
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Truce API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Ceasefire monitoring: the agreement, reports, incidents, findings, decisions and the evidence log. \
                Staff (administrators, monitors, adjudicators) see everything; a party liaison sees its own party's reports and \
                everything published; the public sees published incidents and findings, with coarsened coordinates and no free text. \
                Authenticate machines with `Authorization: Bearer TOKEN` (from `truce user add`)."
        },
        "servers": [{ "url": "/" }],
        "components": {
            "schemas": schemas(),
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } }
        },
        "paths": paths
    })
}
