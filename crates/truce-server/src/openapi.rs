//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`.
//! Generated from the handlers (`#[utoipa::path]`) and the types they take
//! and return (`ToSchema`, `IntoParams`), so a route and its documentation
//! cannot drift. What the types cannot know is added here, once, for every
//! operation: the agreement's own ids as the values of the filters that name
//! them, each list's cursor, and the error answers every operation may give.

use serde_json::{Value, json};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, schema::AnyOfBuilder};

/// An error, in words for the person who made the request.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Error {
    pub error: String,
    /// For a filter that names nothing: the field.
    pub field: Option<String>,
    /// For a filter that names nothing: the values the field takes (empty
    /// where they cannot be listed, such as dates).
    pub allowed: Option<Vec<String>>,
}

/// Who now works on an incident.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Assigned {
    pub assigned_to: String,
}

/// One report in the canonical fields (docs/formats.md), or a list of up to
/// 1,000. A liaison's reports are filed with its party as claimant.
#[allow(dead_code)]
pub struct SubmissionBody;

impl utoipa::PartialSchema for SubmissionBody {
    fn schema() -> RefOr<Schema> {
        let one = || ObjectBuilder::new().schema_type(Type::Object);
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(one())
            .item(
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(one())
                    .min_items(Some(1))
                    .max_items(Some(1000)),
            )
            .into()
    }
}

impl utoipa::ToSchema for SubmissionBody {}

/// The document's frame: what the API is, how to authenticate, and the
/// schemas no handler names itself.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Truce API",
        description = "Ceasefire monitoring: the agreement, reports, incidents, findings, decisions and the evidence log. \
            Staff (administrators, monitors, adjudicators) see everything; a party liaison sees its own party's reports and \
            everything published; the public sees published incidents and findings, with coarsened coordinates and no free text. \
            Authenticate machines with `Authorization: Bearer TOKEN` (from `truce user add`)."
    ),
    servers((url = "/")),
    components(schemas(Error))
)]
struct ApiDoc;

/// The frame the handlers' paths are added to.
pub fn base() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    if let Some(c) = doc.components.as_mut() {
        c.add_security_scheme(
            "token",
            utoipa::openapi::security::SecurityScheme::Http(utoipa::openapi::security::Http::new(
                utoipa::openapi::security::HttpAuthScheme::Bearer,
            )),
        );
    }
    doc
}

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
const BBOX_PATTERN: &str = r"^(-?(180(\.0{1,6})?|1[0-7][0-9](\.[0-9]{1,6})?|[0-9]{1,2}(\.[0-9]{1,6})?)),(-?(90(\.0{1,6})?|[0-8]?[0-9](\.[0-9]{1,6})?)),(-?(180(\.0{1,6})?|1[0-7][0-9](\.[0-9]{1,6})?|[0-9]{1,2}(\.[0-9]{1,6})?)),(-?(90(\.0{1,6})?|[0-8]?[0-9](\.[0-9]{1,6})?))$";

/// Cursors as the server gives them: a report id; an incident's start and
/// position.
const REPORT_CURSOR: &str = "^([0-9]{1,18})?$";
const INCIDENT_CURSOR: &str = r"^(-?[0-9]{1,18}\.-?[0-9]{1,18})?$";
/// An incident's start and seq, then commitment, reading and party in hex.
const FINDING_CURSOR: &str = r"^(-?[0-9]{1,18}\.-?[0-9]{1,18}\.([0-9a-f]{2})+)?$";

fn text() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// A blank value is no filter, as an HTML form sends an empty field.
fn blank() -> ObjectBuilder {
    text().max_length(Some(0))
}

fn terms<'a>(values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    text().enum_values(Some(values.into_iter().chain([""])))
}

pub fn status_param() -> RefOr<Schema> {
    terms(STATUSES).into()
}

/// The statuses that wait in the review queue.
pub fn open_status_param() -> RefOr<Schema> {
    terms(["corroborated", "disputed", "alleged"]).into()
}

pub fn assigned_param() -> RefOr<Schema> {
    terms(["anyone", "me", "nobody"]).into()
}

pub fn queue_sort_param() -> RefOr<Schema> {
    terms(["oldest", "newest", "serious", "reports"]).into()
}

pub fn when_param() -> RefOr<Schema> {
    use utoipa::openapi::{KnownFormat, SchemaFormat};
    AnyOfBuilder::new()
        .item(text().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))))
        .item(text().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))))
        .item(blank())
        .into()
}

pub fn bbox_param() -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(text().pattern(Some(BBOX_PATTERN)))
        .item(blank())
        .into()
}

pub fn list_param() -> RefOr<Schema> {
    text()
        .enum_values(Some(["incidents", "findings", "reports"]))
        .into()
}

pub fn format_param() -> RefOr<Schema> {
    terms(["json", "csv", "acled", "geojson", "jsonl"]).into()
}

/// The whole document for this agreement: the generated one, with the
/// agreement's ids as the values of the filters that name them, each list's
/// cursor and formats, and the answers every operation may give.
/// The region and country ids the `region` filter takes.
pub fn region_ids(g: &truce_geo::Gazetteer) -> Vec<String> {
    let mut ids: Vec<String> = g
        .places()
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                truce_geo::PlaceKind::Region | truce_geo::PlaceKind::Country
            )
        })
        .map(|p| p.id.clone())
        .collect();
    ids.sort();
    ids
}

/// The document with the `source` and `claimant` filters' values: those of
/// the reports the caller may see, as they stand when the document is asked
/// for (they grow with the reports, so they cannot be fixed at start).
pub fn with_sources(doc: &Value, sources: &[(String, Option<String>, u64)]) -> Value {
    let mut doc = doc.clone();
    let mut source: Vec<String> = sources.iter().map(|(s, _, _)| s.clone()).collect();
    let mut claimant: Vec<String> = sources.iter().filter_map(|(_, c, _)| c.clone()).collect();
    for v in [&mut source, &mut claimant] {
        v.sort();
        v.dedup();
        v.push(String::new());
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for ops in paths.values_mut().filter_map(Value::as_object_mut) {
        for op in ops.values_mut() {
            for p in op
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                let values = match p["name"].as_str() {
                    Some("source") => &source,
                    Some("claimant") => &claimant,
                    _ => continue,
                };
                p["schema"] = json!({ "type": "string", "enum": values });
            }
        }
    }
    doc
}

pub fn document(
    generated: &utoipa::openapi::OpenApi,
    a: &truce_model::Agreement,
    regions: &[String],
) -> Value {
    let mut doc = serde_json::to_value(generated).unwrap_or_else(|_| json!({}));
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
    let with_blank = |mut v: Vec<String>| {
        v.push(String::new());
        json!({ "type": "string", "enum": v })
    };
    let commitment = with_blank(a.commitments.iter().map(|c| c.id.clone()).collect());
    let (reading, party) = (with_blank(readings), with_blank(parties));
    let region = with_blank(regions.to_vec());
    let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for (path, ops) in paths.iter_mut() {
        let Some(ops) = ops.as_object_mut() else {
            continue;
        };
        if path == "/api/v1/exports/{list}" {
            // An export is the whole list: no page size, no cursor.
            for op in ops.values_mut() {
                if let Some(ps) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                    ps.retain(|p| !matches!(p["name"].as_str(), Some("limit" | "cursor")));
                }
            }
        }
        for op in ops.values_mut() {
            for p in op
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                let schema = match p["name"].as_str() {
                    Some("commitment") => commitment.clone(),
                    Some("reading") => reading.clone(),
                    Some("party") => party.clone(),
                    Some("region") => region.clone(),
                    Some("cursor") if path == "/api/v1/reports" => {
                        json!({ "type": ["string", "null"], "pattern": REPORT_CURSOR })
                    }
                    // An export is a file: no `json` page.
                    Some("format") if path == "/api/v1/exports/{list}" => {
                        json!({ "type": "string", "enum": ["csv", "acled", "geojson", "jsonl", ""] })
                    }
                    Some("cursor") if path == "/api/v1/findings" => {
                        json!({ "type": ["string", "null"], "pattern": FINDING_CURSOR })
                    }
                    Some("cursor") if path != "/api/v1/decisions" => {
                        json!({ "type": ["string", "null"], "pattern": INCIDENT_CURSOR })
                    }
                    _ => continue,
                };
                p["schema"] = schema;
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (code, words) in [
                ("400", "The request is malformed; `error` says why."),
                ("401", "Sign in or send a token (or the token is wrong)."),
                ("403", "Not allowed for this role."),
                ("404", "Not found, or not visible to the caller."),
            ] {
                responses.entry(code).or_insert_with(|| err(words));
            }
        }
    }
    doc
}
