//! The JSON API under `/api/v1`. Every list takes the same filters, pages
//! with an opaque cursor, and downloads as CSV or GeoJSON (`format=`),
//! streamed. What a caller sees depends on who they are (see [`Viewer`]).

use crate::app::{AppError, AppState};
use crate::app::{P, Q};
use crate::auth::Viewer;
use crate::review::{self, DecisionRequest};
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use truce_app::export::{Export, Format, Kind};
use truce_model::Status;
use truce_store::prelude::*;
use truce_store::{FindingFilter, FindingRow, IncidentRow};
use truce_store::{ReportFilter, ReportRow, Role};

type St = State<Arc<AppState>>;

/// The API's routes, each with its OpenAPI description taken from the
/// handler's `#[utoipa::path]`, and the document they make: a route and its
/// documentation are one declaration.
pub fn routes() -> (Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    use utoipa_axum::{router::OpenApiRouter, routes};
    let (router, doc) = OpenApiRouter::with_openapi(crate::openapi::base())
        .routes(routes!(openapi))
        .routes(routes!(me))
        .routes(routes!(agreement))
        .routes(routes!(summary))
        .routes(routes!(sources))
        .routes(routes!(list_reports, submit_reports))
        .routes(routes!(get_report))
        .routes(routes!(list_incidents))
        .routes(routes!(get_incident))
        .routes(routes!(assign, release))
        .routes(routes!(add_note))
        .routes(routes!(list_findings))
        .routes(routes!(get_finding))
        .routes(routes!(export))
        .routes(routes!(list_decisions, post_decision))
        .routes(routes!(queue))
        .routes(routes!(rejections))
        .routes(routes!(places))
        .routes(routes!(checkpoint))
        .routes(routes!(log_entry))
        .routes(routes!(inclusion))
        .routes(routes!(consistency))
        .split_for_parts();
    (router.route("/healthz", get(healthz)), doc)
}

const STAFF: &[Role] = &[Role::Administrator, Role::Monitor, Role::Adjudicator];
const REVIEWERS: &[Role] = &[Role::Monitor, Role::Adjudicator];
const SUBMITTERS: &[Role] = &[Role::Monitor, Role::Adjudicator, Role::Liaison];

/// The most serious status first: an incident is drawn in the colour of the
/// most serious of its findings.
pub const STATUS_ORDER: [Status; 8] = [
    Status::Confirmed,
    Status::Corroborated,
    Status::Disputed,
    Status::Alleged,
    Status::Insufficient,
    Status::Rejected,
    Status::OutsidePeriod,
    Status::NotCovered,
];

pub fn status_rank(s: Status) -> usize {
    STATUS_ORDER.iter().position(|x| *x == s).unwrap_or(99)
}

/// The list filters, as query parameters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub commitment: Option<String>,
    pub reading: Option<String>,
    pub party: Option<String>,
    #[param(schema_with = crate::openapi::status_param)]
    pub status: Option<String>,
    /// A date (`2025-03-25`, in the agreement's zone) or an RFC 3339 instant:
    /// incidents ending after it.
    #[param(schema_with = crate::openapi::when_param)]
    pub from: Option<String>,
    /// A date (inclusive) or an instant: incidents starting before it.
    #[param(schema_with = crate::openapi::when_param)]
    pub to: Option<String>,
    /// `west,south,east,north` in degrees (RFC 7946); a west edge east of the
    /// east edge crosses the antimeridian; south beyond north is refused (422).
    #[param(schema_with = crate::openapi::bbox_param)]
    pub bbox: Option<String>,
    pub region: Option<String>,
    pub source: Option<String>,
    pub claimant: Option<String>,
    pub incident: Option<String>,
    /// Words to find in the reports' text, place or target name: each word
    /// matches the start of a word, in any case and script, and every word
    /// must match (the public, not shown the text, searches the names only).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// From the previous page's `next`.
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
    /// `json` (default), `csv` or `geojson`: the latter two stream the whole
    /// filtered list as a download.
    #[param(schema_with = crate::openapi::format_param)]
    pub format: Option<String>,
}

fn empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 1000;

impl ListQuery {
    pub fn limit(&self) -> u64 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }

    /// Refuses a page size outside 1..=MAX_LIMIT rather than quietly
    /// answering with another (`limit=0` is refused, not an empty page).
    pub fn check_limit(&self) -> Result<(), AppError> {
        match self.limit {
            Some(l) if !(1..=MAX_LIMIT).contains(&l) => Err(AppError::BadRequest(format!(
                "limit: {l} is not a page size from 1 to {MAX_LIMIT}"
            ))),
            _ => Ok(()),
        }
    }

    /// The filters as written.
    pub fn params(&self) -> truce_app::filters::ListParams {
        truce_app::filters::ListParams {
            commitment: self.commitment.clone(),
            reading: self.reading.clone(),
            party: self.party.clone(),
            status: self.status.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            bbox: self.bbox.clone(),
            region: self.region.clone(),
            source: self.source.clone(),
            claimant: self.claimant.clone(),
            incident: self.incident.clone(),
            q: self.q.clone(),
        }
    }

    /// The filters of every list, checked (truce-app reads them for every
    /// door): unknown values are errors naming the field, not empty lists.
    pub async fn filters(
        &self,
        state: &Arc<AppState>,
        viewer: &Viewer,
    ) -> Result<truce_app::filters::Filters, AppError> {
        self.check_limit()?;
        let p = self.params();
        let v = viewer.visibility();
        let st = state.clone();
        state
            .read(move |s| Ok(truce_app::filters::parse(s, &st.reference, &v, &p)?))
            .await
    }

    /// The incident list's filter: the filters with this page's size and
    /// cursor.
    pub async fn filter(
        &self,
        state: &Arc<AppState>,
        viewer: &Viewer,
    ) -> Result<FindingFilter, AppError> {
        let mut f = self.filters(state, viewer).await?.findings;
        f.limit = Some(self.limit());
        f.after = match empty(&self.cursor) {
            None => None,
            Some(c) => Some(parse_cursor(c)?),
        };
        Ok(f)
    }
}

pub fn parse_bbox(b: &str) -> Result<[f64; 4], AppError> {
    Ok(truce_app::filters::parse_bbox(b)?)
}

fn parse_cursor(c: &str) -> Result<(i64, i64), AppError> {
    c.split_once('.')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| {
            AppError::BadRequest(format!("cursor: \"{c}\" is not a cursor this server gave"))
        })
}

/// Whether `c` has a finding cursor's shape: two integers, then hex.
fn finding_cursor_shaped(c: &str) -> bool {
    let mut parts = c.splitn(3, '.');
    let int = |p: Option<&str>| p.is_some_and(|p| p.parse::<i64>().is_ok());
    int(parts.next())
        && int(parts.next())
        && parts.next().is_some_and(|h| {
            !h.is_empty() && h.len() % 2 == 0 && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

fn cursor_of(row: &IncidentRow) -> String {
    format!("{}.{}", row.incident.occurred.start, row.seq)
}

fn rfc3339(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// An incident as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentOut {
    pub id: String,
    pub start: String,
    pub end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub geo_precision: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub act: String,
    pub means: String,
    pub target_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub report_count: u64,
    /// The most serious status among its findings.
    pub status: String,
    /// Coordinates were coarsened for the public.
    pub coarsened: bool,
}

impl IncidentOut {
    /// The start's date, for pages.
    pub fn day(&self) -> &str {
        self.start.get(..10).unwrap_or(&self.start)
    }

    /// The start to the minute, for pages.
    pub fn minute(&self) -> String {
        self.start
            .get(..16)
            .unwrap_or(&self.start)
            .replace('T', " ")
    }
}

pub fn incident_out(
    state: &AppState,
    viewer: &Viewer,
    row: &IncidentRow,
    status: Option<Status>,
) -> IncidentOut {
    let i = &row.incident;
    // As every export shows it: coarsened for the public (and then never
    // called more precise than the grid), rounded to what it supports.
    let shown = truce_app::export::shown(
        i.location,
        i.geo_precision,
        viewer.is_public(),
        state.reference.agreement.public_precision_deg,
    );
    let p = shown.point;
    IncidentOut {
        id: i.id.clone(),
        start: rfc3339(i.occurred.start),
        end: rfc3339(i.occurred.end),
        lat: p.map(|p| p.lat),
        lon: p.map(|p| p.lon),
        geo_precision: shown.precision.as_str().into(),
        place: i.place.clone(),
        act: i.act.as_str().into(),
        means: i.means.as_str().into(),
        target_class: i.target_class.as_str().into(),
        target_name: i.target_name.clone(),
        country: i.country.clone(),
        region: i.region.clone(),
        report_count: row.report_count,
        status: status.map_or("none", |s| s.as_str()).into(),
        coarsened: shown.coarsened,
    }
}

/// A report as the API shows it; the public gets no free text, link or extra
/// columns, and coarsened coordinates.
pub fn report_out(state: &AppState, viewer: &Viewer, mut row: ReportRow) -> ReportRow {
    if viewer.is_public() {
        row.report.text = None;
        row.report.url = None;
        row.report.extra.clear();
    }
    let shown = truce_app::export::shown(
        row.report.location,
        row.report.geo_precision,
        viewer.is_public(),
        state.reference.agreement.public_precision_deg,
    );
    row.report.location = shown.point;
    row.report.geo_precision = shown.precision;
    row
}

/// The most serious status of each incident's findings.
pub fn worst_statuses(
    store: &dyn Store,
    ids: &[String],
) -> anyhow::Result<HashMap<String, Status>> {
    let mut out: HashMap<String, Status> = HashMap::new();
    for (id, s) in store.finding_statuses(ids)? {
        let e = out.entry(id).or_insert(s);
        if status_rank(s) < status_rank(*e) {
            *e = s;
        }
    }
    Ok(out)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// `json` (a page) or an export format (the whole filtered list).
fn format_of(q: &ListQuery) -> Result<Option<Format>, AppError> {
    match empty(&q.format).unwrap_or("json") {
        "json" => Ok(None),
        f => Ok(Some(Format::parse(f).map_err(|_| {
            AppError::BadFilter(truce_app::filters::FilterError {
                field: "format".into(),
                message: format!("no format \"{f}\""),
                allowed: std::iter::once("json")
                    .chain(Format::ALL)
                    .map(str::to_string)
                    .collect(),
            })
        })?)),
    }
}

async fn healthz(State(state): St) -> Result<Json<serde_json::Value>, AppError> {
    // The log's length is one index lookup; counting the reports took
    // seconds at ten million on PostgreSQL, too much for a health check.
    let n = state.read(|s| Ok(s.log_size()?)).await?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "log_entries": n }),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    summary = "This document.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    responses((status = 200, description = "OK", body = Object))
)]
async fn openapi(State(state): St, viewer: Viewer) -> Result<Response, AppError> {
    let v = viewer.visibility();
    let sources = state.read(move |s| Ok(s.sources(&v)?)).await?;
    let doc = state
        .openapi
        .get()
        .map(|d| crate::openapi::with_sources(d, &sources))
        .unwrap_or_default();
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        doc.to_string(),
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    summary = "The account behind the request.",
    description = "Who may call it: any signed-in account.",
    responses((status = 200, description = "OK", body = Me))
)]
async fn me(viewer: Viewer) -> Result<Json<Me>, AppError> {
    let u = viewer.user.as_ref().ok_or(AppError::Unauthorized)?;
    Ok(Json(Me {
        name: u.name.clone(),
        role: u.role,
        party: u.party.clone(),
    }))
}

/// The account behind a request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub name: String,
    pub role: Role,
    pub party: Option<String>,
}

/// One log entry: its bytes (base64) and leaf hash.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LogEntryOut {
    pub index: u64,
    pub kind: String,
    /// SHA-256(0x00 || entry), base64.
    pub leaf_hash: String,
    /// The entry's bytes, base64.
    pub entry: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/agreement",
    summary = "The agreement: parties, commitments, readings, periods, zones.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    responses((status = 200, description = "OK", body = truce_model::Agreement))
)]
async fn agreement(State(state): St) -> Json<truce_model::Agreement> {
    Json(state.reference.agreement.clone())
}

/// Findings by commitment, reading, party and status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SummaryRow {
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    pub status: Status,
    pub count: u64,
}

#[utoipa::path(
    get,
    path = "/api/v1/summary",
    summary = "Findings by commitment, reading, party and status.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    responses((status = 200, description = "OK", body = Vec<SummaryRow>))
)]
async fn summary(State(state): St, viewer: Viewer) -> Result<Json<Vec<SummaryRow>>, AppError> {
    let published = !viewer.is_staff();
    let rows = state
        .read(move |s| Ok(s.daily_counts(published, 0)?))
        .await?;
    let mut map: std::collections::BTreeMap<(String, String, String, Status), u64> =
        Default::default();
    for r in rows {
        *map.entry((r.commitment_id, r.reading_id, r.party, r.status))
            .or_default() += r.count;
    }
    Ok(Json(
        map.into_iter()
            .map(|((c, r, p, s), n)| SummaryRow {
                commitment_id: c,
                reading_id: r,
                party: p,
                status: s,
                count: n,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct SourceOut {
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimant: Option<String>,
    reports: u64,
}

#[utoipa::path(
    get,
    path = "/api/v1/sources",
    summary = "Reports by source and claimant.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    responses((status = 200, description = "OK", body = Vec<SourceOut>))
)]
async fn sources(State(state): St, viewer: Viewer) -> Result<Json<Vec<SourceOut>>, AppError> {
    let v = viewer.visibility();
    let rows = state.read(move |s| Ok(s.sources(&v)?)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(source, claimant, reports)| SourceOut {
                source,
                claimant,
                reports,
            })
            .collect(),
    ))
}

async fn report_filter(
    q: &ListQuery,
    state: &Arc<AppState>,
    viewer: &Viewer,
) -> Result<ReportFilter, AppError> {
    let mut f = q.filters(state, viewer).await?.reports;
    f.before_id = match empty(&q.cursor) {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            AppError::BadRequest(format!("cursor: \"{c}\" is not a cursor this server gave"))
        })?),
    };
    f.limit = Some(q.limit());
    Ok(f)
}

#[utoipa::path(
    get,
    path = "/api/v1/reports",
    summary = "Reports, newest first.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(ListQuery),
    responses((status = 200, description = "OK; `format=csv`, `acled`, `geojson` or `jsonl` stream the whole filtered list (as /api/v1/exports)", content((Page<ReportRow> = "application/json"), (String = "text/csv"), (Object = "application/geo+json"), (String = "application/jsonl"))), (status = 422, description = "A filter that cannot hold, such as a box whose south edge lies north of its north edge", body = crate::openapi::Error))
)]
async fn list_reports(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<ListQuery>,
) -> Result<Response, AppError> {
    if let Some(format) = format_of(&q)? {
        return export_response(&state, &viewer, Kind::Reports, format, &q).await;
    }
    let f = report_filter(&q, &state, &viewer).await?;
    let v = viewer.visibility();
    let limit = q.limit();
    let st = state.clone();
    let rows = state.read(move |s| Ok(s.reports_page(&f, &v)?)).await?;
    let next = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    let items = rows
        .into_iter()
        .map(|r| report_out(&st, &viewer, r))
        .collect();
    Ok(Json(Page { items, next }).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    summary = "One report.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(("id" = u64, Path, description = "The report's id")),
    responses((status = 200, description = "OK", body = ReportRow))
)]
async fn get_report(
    State(state): St,
    viewer: Viewer,
    P(id): P<i64>,
) -> Result<Json<ReportRow>, AppError> {
    let v = viewer.visibility();
    let row = state.read(move |s| Ok(s.report_row(id, &v)?)).await?;
    // Not visible and not there look the same: existence is not revealed.
    let row = row.ok_or_else(|| AppError::NotFound(format!("no report {id}")))?;
    Ok(Json(report_out(&state, &viewer, row)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubmitOutcome {
    pub accepted: u64,
    pub duplicates: u64,
    pub superseded: u64,
    pub rejected: u64,
    pub rejections: Vec<truce_model::Rejection>,
    /// Each stored report (accepted, superseding, or a duplicate of one
    /// stored before) and the incident it is in once placed.
    pub reports: Vec<SubmittedReport>,
    /// Whether the new reports were placed into their incidents before the
    /// answer (each report names its incident). False only when a full
    /// evaluation was needed first (a new agreement version or reference
    /// data): it runs in the background, and `GET /api/v1/reports/{id}`
    /// names the incident a moment later.
    pub placed: bool,
}

/// A submitted report and where it went.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubmittedReport {
    /// The row's position in the submission, from 1.
    pub line: u64,
    pub source: String,
    pub external_id: String,
    /// The report's id (`/api/v1/reports/{id}`).
    pub id: i64,
    /// Its incident (`/api/v1/incidents/{id}`); absent until evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
}

/// Stores submitted reports (liaisons only for their own party) and wakes the
/// evaluation. Good rows are kept even when others are rejected.
pub async fn submit(
    state: &Arc<AppState>,
    viewer: &Viewer,
    rows: Vec<serde_json::Map<String, serde_json::Value>>,
) -> Result<SubmitOutcome, AppError> {
    let user = viewer.require(SUBMITTERS)?.clone();
    truce_app::submission::check_count(rows.len())?;
    let file = format!("api:{}", user.name);
    let liaison_of = match user.role {
        Role::Liaison => Some(user.party.clone().unwrap_or_default()),
        _ => None,
    };
    let prepared = truce_app::submission::prepare(
        rows,
        truce_app::submission::Submitter {
            name: &user.name,
            liaison_of: liaison_of.as_deref(),
        },
        &file,
    );
    let filer = match user.role {
        Role::Liaison => user.party.clone().unwrap_or_default(),
        _ => truce_store::log::MISSION.to_string(),
    };
    let counts = state
        .write(move |store, st| {
            // The log names the submitting account by its pseudonym, as it
            // names the takers of decisions.
            let origin = truce_app::ingest::Origin::new(
                store,
                format!("api:{}", store.pseudonym(&user.name)?),
                file.clone(),
                filer,
            )?;
            let signers = truce_app::ingest::signers(store)?;
            let ctx = truce_ingest::canonical::Context {
                tz: st.reference.timezone(),
                gazetteer: st.reference.gazetteer.lazy(),
                signers: &signers,
            };
            let rows = truce_app::submission::read(prepared, &file, &ctx)?;
            let keys: Vec<(u64, String, String)> = rows
                .iter()
                .filter_map(|r| r.as_ref().ok())
                .map(|a| {
                    (
                        a.line,
                        a.report.source.clone(),
                        a.report.external_id.clone(),
                    )
                })
                .collect();
            let mut intake = truce_app::ingest::Intake::new(store, origin);
            let result = intake.push(rows)?;
            intake.finish()?;
            let c = result.counts;
            // New reports are placed into their incidents now, so that the
            // answer names them; where only a full evaluation can (a new
            // agreement version, say), it runs in the background. Duplicates
            // are where they were.
            let placed = c.accepted + c.superseded == 0
                || truce_app::pipeline::place(store)
                    .map_err(AppError::from_anyhow)?
                    .is_some();
            let refused: std::collections::HashSet<u64> =
                result.refused.iter().map(|r| r.line).collect();
            let mut reports = Vec::with_capacity(keys.len());
            for (line, source, external_id) in keys {
                if refused.contains(&line) {
                    continue;
                }
                let Some(id) = store.report_id(&source, &external_id)? else {
                    continue;
                };
                let incident_id = store.incident_of_report(id)?;
                reports.push(SubmittedReport {
                    line,
                    source,
                    external_id,
                    id,
                    incident_id,
                });
            }
            Ok((c, result.refused, reports, placed))
        })
        .await?;
    let (c, bad, reports, placed) = counts;
    if !placed {
        state.reevaluate.notify_one();
    }
    Ok(SubmitOutcome {
        accepted: c.accepted,
        duplicates: c.duplicates,
        superseded: c.superseded,
        rejected: bad.len() as u64,
        rejections: bad,
        reports,
        placed,
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/reports",
    summary = "Submit one report or a list of up to 1,000 (canonical fields, docs/formats.md). Good rows are kept; bad ones are returned with their reasons.",
    description = "Who may call it: monitors, adjudicators, party liaisons (their own party's reports only).",
    request_body(content = crate::openapi::SubmissionBody, content_type = "application/json"),
    responses((status = 200, description = "Some rows were accepted (or were duplicates)", body = SubmitOutcome), (status = 422, description = "No report was accepted; `rejections` says why for each", body = SubmitOutcome), (status = 413, description = "The body is larger than the server accepts (4 MiB)", body = crate::openapi::Error))
)]
async fn submit_reports(
    State(state): St,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    viewer.require(SUBMITTERS)?;
    let rows = truce_app::submission::read_body(&body)?;
    let out = submit(&state, &viewer, rows).await?;
    let status = if out.accepted + out.duplicates + out.superseded == 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(out)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/incidents",
    summary = "Incidents, newest first.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(ListQuery),
    responses((status = 200, description = "OK; `format=csv`, `acled`, `geojson` or `jsonl` stream the whole filtered list (as /api/v1/exports)", content((Page<IncidentOut> = "application/json"), (String = "text/csv"), (Object = "application/geo+json"), (String = "application/jsonl"))), (status = 422, description = "A filter that cannot hold, such as a box whose south edge lies north of its north edge", body = crate::openapi::Error))
)]
async fn list_incidents(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<ListQuery>,
) -> Result<Response, AppError> {
    if let Some(format) = format_of(&q)? {
        return export_response(&state, &viewer, Kind::Incidents, format, &q).await;
    }
    let f = q.filter(&state, &viewer).await?;
    let limit = q.limit();
    let (rows, worst) = state
        .read(move |s| {
            let rows = s.incidents(&f)?;
            let ids: Vec<String> = rows.iter().map(|r| r.incident.id.clone()).collect();
            Ok((rows, worst_statuses(s, &ids)?))
        })
        .await?;
    let next = (rows.len() as u64 == limit)
        .then(|| rows.last().map(cursor_of))
        .flatten();
    let items = rows
        .iter()
        .map(|r| incident_out(&state, &viewer, r, worst.get(&r.incident.id).copied()))
        .collect();
    Ok(Json(Page { items, next }).into_response())
}

/// Everything known about one incident, as the incident page shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IncidentDetail {
    pub incident: IncidentOut,
    pub published: bool,
    pub reports: Vec<ReportRow>,
    pub findings: Vec<FindingOut>,
    pub decisions: Vec<truce_store::Decision>,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<truce_store::Note>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// Staff only: reports of the incident no publication covers yet (they
    /// joined it after it was published, or it never was).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpublished_reports: Option<u64>,
    /// Staff only: incidents within a day and about 50 km, candidates for a merge.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nearby: Vec<IncidentOut>,
}

/// A finding with its rule trace and decided status, as `truce-app`
/// explains it.
pub use truce_app::findings::Explained as FindingOut;

/// Loads what the incident page and `GET /incidents/{id}` show.
pub async fn incident_detail(
    state: &Arc<AppState>,
    viewer: &Viewer,
    id: String,
) -> Result<IncidentDetail, AppError> {
    let v = viewer.visibility();
    let staff = viewer.is_staff();
    let st = state.clone();
    let viewer2 = viewer.clone();
    state
        .read(move |s| {
            // An id merged away answers with the incident holding its
            // reports now (the handlers redirect to its own address).
            let id = s.resolve_incident(&id)?.unwrap_or(id);
            let published = s.published_at(&id)?.is_some();
            let explained = if staff || published {
                truce_app::findings::explain(s, &st.reference, &id)?
            } else {
                None
            };
            let Some((row, findings)) = explained else {
                return Err(AppError::NotFound(format!("no incident {id}")).into());
            };
            let worst = findings
                .iter()
                .map(|f| f.status)
                .min_by_key(|s| status_rank(*s));
            let visible: Vec<ReportRow> = s.incident_report_rows(&id, &v)?;
            Ok(IncidentDetail {
                incident: incident_out(&st, &viewer2, &row, worst),
                published,
                reports: visible
                    .into_iter()
                    .map(|r| report_out(&st, &viewer2, r))
                    .collect(),
                findings,
                decisions: {
                    let mut d = s.decisions_for(&id)?;
                    if !staff {
                        for x in &mut d {
                            x.actor = s.pseudonym(&x.actor)?;
                        }
                    }
                    d
                },
                notes: if staff { Some(s.notes(&id)?) } else { None },
                assigned_to: if staff { s.assignee(&id)? } else { None },
                unpublished_reports: if staff {
                    Some(s.unpublished_reports(&id)?.len() as u64)
                } else {
                    None
                },
                nearby: if staff {
                    nearby(s, &row)?
                        .iter()
                        .map(|r| incident_out(&st, &viewer2, r, None))
                        .collect()
                } else {
                    Vec::new()
                },
            })
        })
        .await
}

/// Incidents near one in time and place: what a monitor considers merging.
fn nearby(s: &dyn Store, row: &IncidentRow) -> anyhow::Result<Vec<IncidentRow>> {
    let i = &row.incident;
    let Some(p) = i.location else {
        return Ok(Vec::new());
    };
    let dlat = 0.45;
    let dlon = 0.45 / p.lat.to_radians().cos().max(0.1);
    let f = FindingFilter {
        bbox: Some([p.lon - dlon, p.lat - dlat, p.lon + dlon, p.lat + dlat]),
        // Incidents starting from a day before to a day after: a candidate
        // for a merge is about as precise in time as this one.
        starts_after: Some(i.occurred.start - 2 * 86_400),
        to: Some(i.occurred.end + 86_400),
        limit: Some(11),
        newest_first: true,
        ..Default::default()
    };
    Ok(s.incidents(&f)?
        .into_iter()
        .filter(|r| r.incident.id != i.id)
        .take(10)
        .collect())
}

#[utoipa::path(
    get,
    path = "/api/v1/incidents/{id}",
    summary = "An incident with its reports, findings (with rule traces) and decisions.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(("id" = String, Path, description = "The incident's id")),
    responses((status = 200, description = "OK", body = IncidentDetail))
)]
async fn get_incident(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
) -> Result<Response, AppError> {
    let d = incident_detail(&state, &viewer, id.clone()).await?;
    if d.incident.id != id {
        let to = format!("/api/v1/incidents/{}", d.incident.id);
        return Ok(axum::response::Redirect::permanent(&to).into_response());
    }
    Ok(Json(d).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/findings",
    summary = "Findings, grouped by incident, newest first.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(ListQuery),
    responses((status = 200, description = "OK; `format=csv`, `acled`, `geojson` or `jsonl` stream the whole filtered list (as /api/v1/exports)", content((Page<FindingRow> = "application/json"), (String = "text/csv"), (Object = "application/geo+json"), (String = "application/jsonl"))), (status = 422, description = "A filter that cannot hold, such as a box whose south edge lies north of its north edge", body = crate::openapi::Error))
)]
async fn list_findings(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<ListQuery>,
) -> Result<Response, AppError> {
    if let Some(format) = format_of(&q)? {
        return export_response(&state, &viewer, Kind::Findings, format, &q).await;
    }
    let mut f = q.filters(&state, &viewer).await?.findings;
    let limit = q.limit();
    // The limit counts findings; the cursor names the last one shown.
    f.limit = Some(limit);
    f.after_finding = match empty(&q.cursor) {
        None => None,
        Some(c) => Some(truce_app::filters::parse_finding_cursor(c).ok_or_else(|| {
            let msg = format!("cursor: \"{c}\" is not a cursor this server gave");
            // Shaped like a cursor (the schema's pattern) but naming no
            // finding: well formed, so 422; anything else is malformed, 400.
            if finding_cursor_shaped(c) {
                AppError::Unprocessable(msg)
            } else {
                AppError::BadRequest(msg)
            }
        })?),
    };
    let (items, next) = state
        .read(move |s| {
            let rows = s.findings(&f)?;
            let next = match rows.last() {
                Some(last) if rows.len() as u64 == limit => {
                    s.incident(&last.incident_id)?.map(|inc| {
                        truce_app::filters::finding_cursor(&truce_app::export::finding_key(
                            last, &inc,
                        ))
                    })
                }
                _ => None,
            };
            Ok((rows, next))
        })
        .await?;
    Ok(Json(Page { items, next }).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/findings/{id}",
    summary = "One finding with its rule trace.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(("id" = String, Path, description = "The finding's id")),
    responses((status = 200, description = "OK", body = FindingOut))
)]
async fn get_finding(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
) -> Result<Json<FindingOut>, AppError> {
    let fid = id.clone();
    let row = state.read(move |s| Ok(s.finding_by_id(&fid)?)).await?;
    let row = row.ok_or_else(|| AppError::NotFound(format!("no finding {id}")))?;
    let detail = incident_detail(&state, &viewer, row.incident_id.clone())
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound(format!("no finding {id}")),
            e => e,
        })?;
    detail
        .findings
        .into_iter()
        .find(|f| f.id == id)
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no finding {id}")))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DecisionsQuery {
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    cursor: Option<u64>,
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/decisions",
    summary = "Decisions, newest first.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(DecisionsQuery),
    responses((status = 200, description = "OK", body = Page<truce_store::Decision>))
)]
async fn list_decisions(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<DecisionsQuery>,
) -> Result<Json<Page<truce_store::Decision>>, AppError> {
    let all = viewer.is_staff();
    ListQuery {
        limit: q.limit,
        ..Default::default()
    }
    .check_limit()?;
    if q.cursor.is_some_and(|c| c > i64::MAX as u64) {
        return Err(AppError::BadRequest(
            "cursor: not a cursor this server gave".into(),
        ));
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let rows = state
        .read(move |s| {
            let before = q.cursor.map(|c| c as i64);
            let mut rows = s.decisions_page(all, before, limit)?;
            // Outside the mission, takers are named by pseudonym only.
            if !all {
                for x in &mut rows {
                    x.actor = s.pseudonym(&x.actor)?;
                }
            }
            Ok(rows)
        })
        .await?;
    let next = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|d| d.id.to_string()))
        .flatten();
    Ok(Json(Page { items: rows, next }))
}

#[utoipa::path(
    post,
    path = "/api/v1/decisions",
    summary = "Take a decision: merge, split, correct, propose (monitors, adjudicators); confirm, reject (two different adjudicators), publish (adjudicators).",
    description = "Who may call it: monitors and adjudicators, by action.",
    request_body = DecisionRequest,
    responses((status = 200, description = "Taken, and on the log", body = review::DecisionOutcome), (status = 409, description = "The decision conflicts with what is decided already", body = crate::openapi::Error), (status = 422, description = "The decision cannot be taken on what it names (in words)", body = crate::openapi::Error))
)]
async fn post_decision(
    State(state): St,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Json<review::DecisionOutcome>, AppError> {
    let req = truce_app::review::read_request(&body)?;
    Ok(Json(review::decide(&state, &viewer, req).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/assignment",
    summary = "Take an incident to work on; 409 when someone else has it.",
    description = "Who may call it: monitors and adjudicators.",
    params(("id" = String, Path, description = "The incident's id")),
    responses((status = 200, description = "It is yours", body = crate::openapi::Assigned), (status = 409, description = "Someone else is working on this incident", body = crate::openapi::Error))
)]
async fn assign(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = viewer.require(REVIEWERS)?.name.clone();
    let holder = state
        .write(move |s, _| {
            let Some(id) = s.resolve_incident(&id)? else {
                return Err(AppError::NotFound(format!("no incident {id}")));
            };
            Ok(s.assign(&id, &user)?)
        })
        .await?;
    if Some(holder.as_str()) != viewer.name() {
        return Err(AppError::Conflict(format!(
            "{holder} is already working on this incident"
        )));
    }
    Ok(Json(serde_json::json!({ "assigned_to": holder })))
}

#[utoipa::path(
    delete,
    path = "/api/v1/incidents/{id}/assignment",
    summary = "Give an incident back (administrators may release anyone's).",
    description = "Who may call it: administrators, monitors and adjudicators.",
    params(("id" = String, Path, description = "The incident's id")),
    responses((status = 204, description = "Released (or held by nobody)"), (status = 409, description = "Someone else is working on this incident", body = crate::openapi::Error))
)]
async fn release(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
) -> Result<StatusCode, AppError> {
    let user = viewer.require(STAFF)?.clone();
    let force = user.role == Role::Administrator;
    // Releasing what nobody holds is done already; another's, a conflict.
    state
        .write(move |s, _| {
            if s.release(&id, &user.name, force)? {
                return Ok(());
            }
            match s.assignee(&id)? {
                None => Ok(()),
                Some(other) => Err(AppError::Conflict(format!(
                    "{other} is working on this incident; only they or an administrator can release it"
                ))),
            }
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/notes",
    summary = "Add an internal note (never shown to parties or the public).",
    description = "Who may call it: monitors and adjudicators.",
    params(("id" = String, Path, description = "The incident's id")), request_body = truce_app::review::NoteBody,
    responses((status = 201, description = "The note is kept"))
)]
async fn add_note(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
    body: axum::body::Bytes,
) -> Result<StatusCode, AppError> {
    let note = truce_app::review::read_note(&body)?;
    let user = viewer.require(REVIEWERS)?.name.clone();
    let text = note.text()?.to_string();
    state
        .write(move |s, _| {
            let Some(id) = s.resolve_incident(&id)? else {
                return Err(AppError::NotFound(format!("no incident {id}")));
            };
            s.add_note(&id, &user, &text)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::CREATED)
}

#[utoipa::path(
    get,
    path = "/api/v1/queue",
    summary = "Incidents waiting for review.",
    description = "Who may call it: administrators, monitors and adjudicators.",
    params(QueueQuery),
    responses((status = 200, description = "OK: at most 200 incidents", body = Vec<truce_store::QueueItem>))
)]
async fn queue(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<QueueQuery>,
) -> Result<Json<Vec<truce_store::QueueItem>>, AppError> {
    let me = viewer.require(STAFF)?.name.clone();
    let p = truce_app::filters::QueueParams {
        status: q.status,
        party: q.party,
        commitment: q.commitment,
        assigned: q.assigned,
        sort: q.sort,
    };
    let st = state.clone();
    Ok(Json(
        state
            .read(move |s| {
                let f = truce_app::filters::parse_queue(s, &st.reference, &p, &me)?;
                Ok(s.queue(&f)?)
            })
            .await?,
    ))
}

/// The review queue's filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Incidents with an open finding of this status.
    #[param(schema_with = crate::openapi::open_status_param)]
    pub status: Option<String>,
    /// … against this party (id, name or alias).
    pub party: Option<String>,
    /// … under this commitment.
    pub commitment: Option<String>,
    /// Held by the caller (`me`), by `nobody`, or by `anyone` (the default).
    #[param(schema_with = crate::openapi::assigned_param)]
    pub assigned: Option<String>,
    /// `oldest` (the default), `newest`, `serious` (corroborated, then
    /// disputed, then alleged) or `reports` (most first).
    #[param(schema_with = crate::openapi::queue_sort_param)]
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/rejections",
    summary = "Rows that could not be accepted, with file, line, field and reason.",
    description = "Who may call it: administrators, monitors and adjudicators.",
    responses((status = 200, description = "OK", body = Vec<truce_store::StoredRejection>))
)]
async fn rejections(
    State(state): St,
    viewer: Viewer,
) -> Result<Json<Vec<truce_store::StoredRejection>>, AppError> {
    viewer.require(STAFF)?;
    Ok(Json(state.read(|s| Ok(s.rejections(Some(1000))?)).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PlaceQuery {
    q: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlaceOut {
    pub id: String,
    pub name: String,
    pub name_uk: String,
    pub name_ru: String,
    pub lat: f64,
    pub lon: f64,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Places whose name (in any script) starts with the query: for the report form.
pub fn place_suggestions(state: &AppState, q: &str, max: usize) -> Vec<PlaceOut> {
    let key = truce_geo::translit::fold_latin(q.trim());
    if key.len() < 2 {
        return Vec::new();
    }
    let mut hits: Vec<&truce_geo::Place> = state
        .reference
        .gazetteer
        .places()
        .iter()
        .filter(|p| {
            std::iter::once(&p.name)
                .chain([&p.name_uk, &p.name_ru])
                .chain(p.other_names.iter())
                .any(|n| truce_geo::translit::fold_latin(n).starts_with(&key))
        })
        .collect();
    hits.sort_by_key(|p| std::cmp::Reverse(p.population));
    if hits.is_empty() {
        // Not the start of a name: a declined or prefixed form ("у Харкові",
        // "в Энгельсе") is what the gazetteer's own lookup reads.
        hits = match state.reference.gazetteer.resolve(q.trim(), None) {
            truce_geo::Resolution::Found(p) => vec![p],
            truce_geo::Resolution::Ambiguous(ps) => ps,
            truce_geo::Resolution::NotFound => Vec::new(),
        };
    }
    hits.into_iter()
        .take(max)
        .map(|p| PlaceOut {
            id: p.id.clone(),
            name: p.name.clone(),
            name_uk: p.name_uk.clone(),
            name_ru: p.name_ru.clone(),
            lat: p.point.lat,
            lon: p.point.lon,
            kind: p.kind.as_str().into(),
            region: p.region.clone(),
        })
        .collect()
}

#[utoipa::path(
    get,
    path = "/api/v1/places",
    summary = "Places whose name starts with `q`, in any script.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(PlaceQuery),
    responses((status = 200, description = "OK", body = Vec<PlaceOut>))
)]
async fn places(State(state): St, Q(q): Q<PlaceQuery>) -> Result<Json<Vec<PlaceOut>>, AppError> {
    if q.q.len() > 200 {
        return Err(AppError::BadRequest("q: at most 200 bytes".into()));
    }
    Ok(Json(place_suggestions(&state, &q.q, 10)))
}

#[derive(Serialize, utoipa::ToSchema)]
struct CheckpointOut {
    size: u64,
    /// The signed note (C2SP checkpoint), as text.
    note: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/log/checkpoint",
    summary = "The latest signed checkpoint of the evidence log.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    responses((status = 200, description = "OK", body = CheckpointOut))
)]
async fn checkpoint(State(state): St) -> Result<Json<CheckpointOut>, AppError> {
    let c = state.read(|s| Ok(s.checkpoints()?.pop())).await?;
    let c = c.ok_or_else(|| AppError::NotFound("the log has no signed checkpoint yet".into()))?;
    Ok(Json(CheckpointOut {
        size: c.size,
        note: c.note,
    }))
}

/// One log entry, for whoever may see everything it holds: a report's
/// entry carries its text, exact place and link, which the public never
/// sees. Anyone may have any entry's leaf hash, with its inclusion proof
/// (entries are salted, so a leaf hash cannot be confirmed by guessing what
/// the entry holds).
#[utoipa::path(
    get,
    path = "/api/v1/log/entries/{index}",
    summary = "One log entry, for whoever may see everything it holds (404 otherwise: the leaf hash of any entry comes with its inclusion proof).",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(("index" = u64, Path, description = "The entry, numbered from 0")),
    responses((status = 200, description = "OK", body = LogEntryOut))
)]
async fn log_entry(
    State(state): St,
    viewer: Viewer,
    P(index): P<u64>,
) -> Result<Json<LogEntryOut>, AppError> {
    let v = viewer.visibility();
    let staff = viewer.is_staff();
    let public = viewer.is_public();
    let out = state
        .read(move |s| {
            let Some((kind, data)) = s.log_entry(index)? else {
                return Ok(None);
            };
            let visible = match kind.as_str() {
                truce_store::log::KIND_REPORT => {
                    staff
                        || (!public
                            && match s.report_of_log_entry(index)? {
                                Some(id) => s.report_row(id, &v)?.is_some(),
                                None => false,
                            })
                }
                truce_store::log::KIND_DECISION => {
                    staff
                        || s.decision_of_log_entry(index)?
                            .and_then(|d| d.incident_id)
                            .map(|i| s.published_at(&i))
                            .transpose()?
                            .flatten()
                            .is_some()
                }
                // A statement and its reviews hold words and candidates that
                // only the mission reads until a report is accepted.
                truce_store::log::KIND_STATEMENT | truce_store::log::KIND_STATEMENT_REVIEW => staff,
                _ => true,
            };
            if !visible {
                return Ok(None);
            }
            use base64::Engine;
            Ok(Some(LogEntryOut {
                index,
                leaf_hash: truce_app::proofs::b64(&truce_ledger::leaf_hash(&data)),
                entry: base64::engine::general_purpose::STANDARD.encode(&data),
                kind,
            }))
        })
        .await?;
    out.map(Json).ok_or_else(|| {
        AppError::NotFound(format!(
            "no log entry {index} that you may read; its leaf hash comes with its inclusion proof"
        ))
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct InclusionQuery {
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    index: u64,
    #[param(minimum = 1, maximum = 9_223_372_036_854_775_807_u64)]
    size: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/log/proof/inclusion",
    summary = "An inclusion proof (RFC 9162) of an entry in a tree size (default: the latest checkpoint's).",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(InclusionQuery),
    responses((status = 200, description = "OK", body = truce_app::proofs::InclusionProof))
)]
async fn inclusion(
    State(state): St,
    Q(q): Q<InclusionQuery>,
) -> Result<Json<truce_app::proofs::InclusionProof>, AppError> {
    Ok(Json(
        state
            .read(move |s| Ok(truce_app::proofs::inclusion(s, q.index, q.size)?))
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ConsistencyQuery {
    #[param(minimum = 1, maximum = 9_223_372_036_854_775_807_u64)]
    old: u64,
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    new: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/log/proof/consistency",
    summary = "A consistency proof between two tree sizes.",
    description = "Who may call it: anyone; what is returned depends on who asks (see the description of the API).",
    params(ConsistencyQuery),
    responses((status = 200, description = "OK", body = truce_app::proofs::ConsistencyProof))
)]
async fn consistency(
    State(state): St,
    Q(q): Q<ConsistencyQuery>,
) -> Result<Json<truce_app::proofs::ConsistencyProof>, AppError> {
    Ok(Json(
        state
            .read(move |s| Ok(truce_app::proofs::consistency(s, q.old, q.new)?))
            .await?,
    ))
}

impl AppState {
    /// [`AppState::read`] for code already off the async threads.
    pub fn read_blocking<T>(
        &self,
        f: impl FnOnce(&dyn Store) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let conn = truce_app::workspace::open(&self.config.db)?;
        f(conn.as_ref())
    }
}

/// An export of a list, streamed as it is written: truce-app's exporter
/// (the one `truce export` runs) writes on a blocking thread into chunks
/// that go out as they fill, so a million rows are never held at once. The
/// filters are checked before the answer starts, so a bad one is a 400.
pub async fn export_response(
    state: &Arc<AppState>,
    viewer: &Viewer,
    kind: Kind,
    format: Format,
    q: &ListQuery,
) -> Result<Response, AppError> {
    // An export is the whole list: a page's size and cursor do not apply
    // (a size outside the documented range is still refused).
    q.check_limit()?;
    let q = ListQuery {
        limit: None,
        cursor: None,
        ..q.clone()
    };
    let filters = q.filters(state, viewer).await?;
    let ex = Export {
        kind,
        format,
        filters,
        viewer: viewer.visibility(),
        page: truce_app::export::PAGE,
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(4);
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut out = ChunkWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let result = truce_app::workspace::open(&st.config.db)
            .map_err(truce_app::Error::Other)
            .and_then(|conn| truce_app::export::write(conn.as_ref(), &st.reference, &ex, &mut out));
        if let Err(e) = result {
            // The status line is gone: the body ends in error, so the client
            // sees an incomplete download rather than a short one.
            tracing::error!(error = %format!("{e:#}"), "export failed");
            let _ = tx.blocking_send(Err(std::io::Error::other("the export failed")));
        }
    });
    let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"truce-{}.{}\"",
        kind.as_str(),
        format.extension()
    )) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

const CHUNK: usize = 64 * 1024;

/// Bytes to the response body, a chunk at a time; a client gone is a
/// broken pipe, which stops the export.
struct ChunkWriter {
    tx: tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(chunk.into()))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl std::io::Write for ChunkWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
struct ExportPath {
    /// `incidents`, `findings` or `reports`.
    #[param(schema_with = crate::openapi::list_param)]
    list: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/exports/{list}",
    summary = "A whole filtered list as a download: CSV in Truce's columns (format=csv, the default), CSV in ACLED's column order (acled), GeoJSON (geojson) or JSON Lines (jsonl); streamed. Columns: docs/export.md.",
    description = "Who may call it: anyone; what is returned depends on who asks, exactly as the lists (see the description of the API).",
    params(ExportPath, ListQuery),
    responses((status = 200, description = "The export, streamed", content((String = "text/csv"), (Object = "application/geo+json"), (String = "application/jsonl"))), (status = 422, description = "A filter that cannot hold, such as a box whose south edge lies north of its north edge", body = crate::openapi::Error))
)]
async fn export(
    State(state): St,
    viewer: Viewer,
    P(path): P<ExportPath>,
    Q(q): Q<ListQuery>,
) -> Result<Response, AppError> {
    let kind = Kind::parse(&path.list).map_err(|_| {
        AppError::NotFound(format!(
            "no list \"{}\"; the lists are incidents, findings and reports",
            path.list
        ))
    })?;
    let format = match format_of(&q)? {
        Some(f) => f,
        None if empty(&q.format).is_none() => Format::Csv,
        None => {
            return Err(AppError::BadFilter(truce_app::filters::FilterError {
                field: "format".into(),
                message: "an export is a file: json is a list's page".into(),
                allowed: Format::ALL.iter().map(|s| s.to_string()).collect(),
            }));
        }
    };
    export_response(&state, &viewer, kind, format, &q).await
}
