//! Statements under review, over HTTP: the JSON API (`/api/v1/statements/…`)
//! and the pages (`/review/statements`) where a monitor reads a statement
//! with the words each proposed field came from marked, corrects the fields
//! and accepts the candidate, or rejects it. Only monitors and adjudicators
//! see candidates; `truce-app` checks that too.

use crate::app::{AppError, AppState, P, Q};
use crate::auth::Viewer;
use crate::i18n::Lang;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json, Router};
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use truce_app::statements::{self as st, AcceptOutcome, CandidateView, RejectOutcome};
use truce_ingest::statements::Why;
use truce_store::{CandidateStatus, Role};

type St = State<Arc<AppState>>;

const REVIEWERS: &[Role] = &[Role::Monitor, Role::Adjudicator];

/// The API's routes for statements, added to the document `doc`.
pub fn api_routes(
    doc: utoipa::openapi::OpenApi,
) -> (Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    use utoipa_axum::{router::OpenApiRouter, routes};
    OpenApiRouter::with_openapi(doc)
        .routes(routes!(list_candidates))
        .routes(routes!(get_candidate))
        .routes(routes!(accept_candidate))
        .routes(routes!(reject_candidate))
        .split_for_parts()
}

/// The review pages.
pub fn page_routes() -> Router<Arc<AppState>> {
    use axum::routing::get;
    Router::new()
        .route("/review/statements", get(list_page))
        .route(
            "/review/statements/{id}",
            get(candidate_page).post(candidate_form),
        )
}

fn reviewer(viewer: &Viewer) -> Result<(String, Role), AppError> {
    let u = viewer.require(REVIEWERS)?;
    Ok((u.name.clone(), u.role))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CandidatesQuery {
    /// `pending` (the default, also when blank), `accepted` or `rejected`.
    #[param(schema_with = status_schema)]
    status: Option<String>,
    /// Candidates after this id (the previous page's `next`).
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    after: Option<u64>,
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u64>,
}

/// The statuses a list may ask for; blank is the default, as a form sends it.
fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["pending", "accepted", "rejected", ""]))
        .into()
}

/// A page of candidates.
#[derive(Serialize, utoipa::ToSchema)]
struct CandidatePage {
    items: Vec<CandidateView>,
    /// The `after` of the next page, when there may be one.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

fn status_of(s: Option<&str>) -> Result<CandidateStatus, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(CandidateStatus::Pending),
        Some(s) => CandidateStatus::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!(
                "\"{s}\" is not a candidate status; use pending, accepted or rejected"
            ))
        }),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/statements/candidates",
    summary = "Candidate reports read from statements, oldest first, with their statements (pending by default).",
    description = "Who may call it: monitors and adjudicators.",
    params(CandidatesQuery),
    responses((status = 200, description = "OK", body = CandidatePage))
)]
async fn list_candidates(
    State(state): St,
    viewer: Viewer,
    Q(q): Q<CandidatesQuery>,
) -> Result<Json<CandidatePage>, AppError> {
    let (_, role) = reviewer(&viewer)?;
    let status = status_of(q.status.as_deref())?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "limit must be from 1 to 500, not {limit}"
        )));
    }
    let after = match q.after {
        None => None,
        Some(a) => Some(
            i64::try_from(a)
                .map_err(|_| AppError::BadRequest(format!("after: {a} is not a candidate id")))?,
        ),
    };
    let items = state
        .read(move |s| Ok(st::list(s, role, Some(status), after, limit)?))
        .await?;
    let next = (items.len() as u64 == limit)
        .then(|| items.last().map(|c| c.candidate.id.to_string()))
        .flatten();
    Ok(Json(CandidatePage { items, next }))
}

#[utoipa::path(
    get,
    path = "/api/v1/statements/candidates/{id}",
    summary = "One candidate with its statement: the proposed fields, the spans (UTF-8 byte offsets into the text) and what became of it.",
    description = "Who may call it: monitors and adjudicators.",
    params(("id" = u64, Path, description = "The candidate's id", maximum = 9_223_372_036_854_775_807_u64)),
    responses((status = 200, description = "OK", body = CandidateView))
)]
async fn get_candidate(
    State(state): St,
    viewer: Viewer,
    P(id): P<u64>,
) -> Result<Json<CandidateView>, AppError> {
    let (_, role) = reviewer(&viewer)?;
    let id = id.min(i64::MAX as u64) as i64;
    Ok(Json(state.read(move |s| Ok(st::view(s, role, id)?)).await?))
}

/// Accepting: the reviewer's values for the fields to correct (others are
/// kept as proposed), and why, if anything needs saying.
#[derive(Deserialize, Default, utoipa::ToSchema)]
struct AcceptBody {
    /// Field → value: place (a gazetteer name), occurred_at (RFC 3339 or a
    /// local date and time), time_precision, act, means, target_class,
    /// target_name, perpetrator, stance, claimant.
    #[serde(default)]
    #[schema(value_type = AcceptFields)]
    fields: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    reason: String,
}

/// The fields an acceptance may correct, as the API's schema describes them
/// (an absent field, or the proposed value, leaves it as proposed).
#[derive(utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AcceptFields {
    /// A gazetteer name ("Odesa", "Kharkiv oblast"); empty for none.
    #[schema(max_length = 200)]
    place: Option<String>,
    /// RFC 3339, a local date and time, or a date.
    #[schema(max_length = 64)]
    occurred_at: Option<String>,
    time_precision: Option<truce_model::TimePrecision>,
    act: Option<truce_model::Act>,
    means: Option<truce_model::Means>,
    target_class: Option<truce_model::TargetClass>,
    #[schema(max_length = 2000)]
    target_name: Option<String>,
    /// A party of the agreement; empty for none.
    #[schema(max_length = 200)]
    perpetrator: Option<String>,
    stance: Option<truce_model::Stance>,
    #[schema(min_length = 1, max_length = 200)]
    claimant: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct RejectBody {
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    reason: String,
}

/// Accepts for the viewer; wakes the evaluation when placement could not
/// place the new report at once.
async fn accept_as(
    state: &Arc<AppState>,
    viewer: &Viewer,
    id: i64,
    body: AcceptBody,
) -> Result<AcceptOutcome, AppError> {
    let (name, role) = reviewer(viewer)?;
    let out = state
        .write(move |s, app| {
            Ok(st::accept(
                s,
                &app.reference,
                st::Reviewer { name: &name, role },
                id,
                &body.fields,
                &body.reason,
            )?)
        })
        .await?;
    if out.incident_id.is_none() {
        state.reevaluate.notify_one();
    }
    Ok(out)
}

async fn reject_as(
    state: &Arc<AppState>,
    viewer: &Viewer,
    id: i64,
    reason: String,
) -> Result<RejectOutcome, AppError> {
    let (name, role) = reviewer(viewer)?;
    state
        .write(move |s, _| {
            Ok(st::reject(
                s,
                st::Reviewer { name: &name, role },
                id,
                &reason,
            )?)
        })
        .await
}

#[utoipa::path(
    post,
    path = "/api/v1/statements/candidates/{id}/accept",
    summary = "Accept a candidate, with corrections: it becomes a report, is placed into an incident, and the review (statement entry, spans, proposed and accepted values) goes on the log.",
    description = "Who may call it: monitors and adjudicators.",
    params(("id" = u64, Path, description = "The candidate's id", maximum = 9_223_372_036_854_775_807_u64)),
    request_body = AcceptBody,
    responses((status = 200, description = "Accepted, and on the log", body = AcceptOutcome), (status = 409, description = "The candidate was reviewed already", body = crate::openapi::Error), (status = 422, description = "The report cannot be stored (in words)", body = crate::openapi::Error))
)]
async fn accept_candidate(
    State(state): St,
    viewer: Viewer,
    P(id): P<u64>,
    body: axum::body::Bytes,
) -> Result<Json<AcceptOutcome>, AppError> {
    // The body is required, as documented: `{}` accepts as proposed.
    let body: AcceptBody = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadRequest(format!(
            "the body is not an acceptance ({e}); send {{}} to accept as proposed"
        ))
    })?;
    let id = id.min(i64::MAX as u64) as i64;
    Ok(Json(accept_as(&state, &viewer, id, body).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/statements/candidates/{id}/reject",
    summary = "Reject a candidate, for a reason; the rejection goes on the log with what was proposed.",
    description = "Who may call it: monitors and adjudicators.",
    params(("id" = u64, Path, description = "The candidate's id", maximum = 9_223_372_036_854_775_807_u64)),
    request_body = RejectBody,
    responses((status = 200, description = "Rejected, and on the log", body = RejectOutcome), (status = 409, description = "The candidate was reviewed already", body = crate::openapi::Error))
)]
async fn reject_candidate(
    State(state): St,
    viewer: Viewer,
    P(id): P<u64>,
    body: axum::body::Bytes,
) -> Result<Json<RejectOutcome>, AppError> {
    let body: RejectBody = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(format!("the body is not a rejection: {e}")))?;
    let id = id.min(i64::MAX as u64) as i64;
    Ok(Json(reject_as(&state, &viewer, id, body.reason).await?))
}

// Pages.

type PageResult = Result<Response, crate::pages::PageError>;

fn html(t: impl Template) -> PageResult {
    Ok(axum::response::Html(t.render()?).into_response())
}

fn local(t: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_second(t)
        .map(|ts| {
            ts.to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// A line of the list.
struct Row {
    id: i64,
    source: String,
    published: String,
    summary: String,
    place: String,
    excerpt: String,
    status: &'static str,
    incident: Option<String>,
}

/// A line of the list: what was read, in the viewer's words (the act,
/// the weapon and the target named, never their codes; the place in the
/// viewer's language).
fn row(state: &AppState, lang: Lang, c: &CandidateView, zone: &jiff::tz::TimeZone) -> Row {
    let p = &c.candidate.proposed;
    let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let mut summary = lang.label("act", &text("act"));
    let means = text("means");
    if !means.is_empty() && means != "unknown" {
        summary.push_str(" · ");
        summary.push_str(&lang.label("means", &means));
    }
    let target = text("target_class");
    if !target.is_empty() && target != "unknown" {
        summary.push_str(" · ");
        summary.push_str(&lang.label("target", &target));
    }
    let place = text("place");
    let place = if place.is_empty() {
        place
    } else {
        crate::pages::place_name(state, lang, &place)
    };
    // The statement's beginning: enough to recognise it in a list.
    let mut excerpt: String = c.statement.text.chars().take(160).collect();
    if excerpt.len() < c.statement.text.len() {
        excerpt.push('…');
    }
    Row {
        id: c.candidate.id,
        source: c.statement.source.clone(),
        published: local(c.statement.published_at, zone),
        summary,
        place,
        excerpt,
        status: c.candidate.status.as_str(),
        incident: c.incident_id.clone(),
    }
}

#[derive(Template)]
#[template(path = "statements.html")]
struct ListPage {
    f: crate::pages::Frame,
    status: &'static str,
    rows: Vec<Row>,
    counts: [(&'static str, u64); 3],
    message: String,
}

#[derive(Deserialize, Default)]
struct ListParams {
    status: Option<String>,
}

async fn list_page(
    State(state): St,
    viewer: Viewer,
    q: Result<Q<ListParams>, AppError>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let Q(q) = q?;
    let flash = crate::auth::Flash::take(&headers, &viewer);
    let (_, role) = reviewer(&viewer)?;
    let status = status_of(q.status.as_deref())?;
    let zone = crate::pages::viewer_tz(&state, &viewer);
    let (items, counts) = state
        .read(move |s| {
            let items = st::list(s, role, Some(status), None, 200)?;
            let mut counts = [("pending", 0), ("accepted", 0), ("rejected", 0)];
            for c in &mut counts {
                if let Some(x) = CandidateStatus::parse(c.0) {
                    c.1 = s.candidate_count(x)?;
                }
            }
            Ok((items, counts))
        })
        .await?;
    Ok(flash.shown(html(ListPage {
        f: crate::pages::Frame::new(
            &state,
            &viewer,
            viewer.lang.t("stmt-list-title"),
            "statements",
        ),
        status: status.as_str(),
        rows: items
            .iter()
            .map(|c| row(&state, viewer.lang, c, &zone))
            .collect(),
        counts,
        message: flash.message.clone(),
    })?))
}

/// A piece of the statement, marked when fields were read from it.
struct Mark {
    text: String,
    /// CSS class: the first field's.
    class: String,
    /// The fields, as people name them.
    title: String,
}

/// One field of the form.
struct FieldView {
    name: &'static str,
    label: String,
    value: String,
    /// The value in words (a vocabulary value's label).
    shown: String,
    /// Choices, for a field with a vocabulary (the value is among them):
    /// the code sent and the words shown.
    choices: Vec<(String, String)>,
    /// The words it was read from, and how, when the words do not say.
    words: String,
    basis: String,
    /// The value as proposed, when the accepted one differs.
    proposed: Option<String>,
}

#[derive(Template)]
#[template(path = "statement.html")]
struct ReviewPage {
    f: crate::pages::Frame,
    c: CandidateView,
    published: String,
    marks: Vec<Mark>,
    /// The fields marked in the statement, with their colours' classes.
    legend: Vec<(String, String)>,
    fields: Vec<FieldView>,
    counts: String,
    message: String,
    /// Why the last acceptance was refused.
    error: String,
    pending: bool,
}

/// A field's name in the reader's language.
fn field_label(lang: crate::i18n::Lang, field: &str) -> String {
    let key = format!("stmt-field-{}", field.replace('_', "-"));
    if lang.has(&key) || crate::i18n::Lang::En.has(&key) {
        lang.t(&key)
    } else {
        st::label(field).to_string()
    }
}

/// A field's value in words: a vocabulary value's label, a party's name;
/// anything else as written.
fn value_words(state: &AppState, lang: crate::i18n::Lang, field: &str, value: &str) -> String {
    let kind = match field {
        "act" => "act",
        "means" => "means",
        "target_class" => "target",
        "stance" => "stance",
        "time_precision" => "precision",
        "perpetrator" | "claimant" => {
            return state
                .reference
                .agreement
                .parties
                .iter()
                .find(|p| p.id == value)
                .map_or_else(|| value.to_string(), |p| p.name_in(lang.code()).to_string());
        }
        _ => return value.to_string(),
    };
    if value.is_empty() {
        return String::new();
    }
    lang.label(kind, value)
}

fn choices(field: &str, agreement: &truce_model::Agreement) -> Vec<String> {
    use truce_model::{Act, Means, Stance, TargetClass, TimePrecision};
    let all = |v: &mut dyn Iterator<Item = &'static str>| v.map(str::to_string).collect();
    match field {
        "act" => all(&mut Act::ALL.iter().map(|x| x.as_str())),
        "means" => all(&mut Means::ALL.iter().map(|x| x.as_str())),
        "target_class" => all(&mut TargetClass::ALL.iter().map(|x| x.as_str())),
        "stance" => all(&mut Stance::ALL.iter().map(|x| x.as_str())),
        "time_precision" => all(&mut TimePrecision::ALL.iter().map(|x| x.as_str())),
        "perpetrator" => std::iter::once(String::new())
            .chain(agreement.parties.iter().map(|p| p.id.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

async fn candidate_page(
    State(state): St,
    viewer: Viewer,
    id: Result<P<u64>, AppError>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let P(id) = id?;
    let id = id.min(i64::MAX as u64) as i64;
    let flash = crate::auth::Flash::take(&headers, &viewer);
    Ok(flash.shown(render(&state, &viewer, id, flash.message.clone(), None).await?))
}

/// A refused acceptance, in the reviewer's words, with what they typed.
struct Refused<'a> {
    error: String,
    typed: &'a std::collections::BTreeMap<String, String>,
}

/// The candidate's page; after a refused acceptance, its form keeps what the
/// reviewer typed and says why it was refused.
async fn render(
    state: &Arc<AppState>,
    viewer: &Viewer,
    id: i64,
    message: String,
    refused: Option<Refused<'_>>,
) -> PageResult {
    let (_, role) = reviewer(viewer)?;
    let c = state.read(move |s| Ok(st::view(s, role, id)?)).await?;
    let zone = crate::pages::viewer_tz(state, viewer);
    let agreement = &state.reference.agreement;
    let text = &c.statement.text;
    let spans = st::spans_of(&c.candidate.proposed, text);
    let marks = st::pieces(text, &spans)
        .into_iter()
        .map(|p| Mark {
            text: p.text.to_string(),
            class: p.fields.first().map_or(String::new(), |f| format!("f-{f}")),
            title: p
                .fields
                .iter()
                .map(|f| field_label(viewer.lang, f))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let lang = viewer.lang;
    let mut legend: Vec<(String, String)> = Vec::new();
    for (f, _) in &spans {
        let class = format!("f-{}", f.as_str());
        if !legend.iter().any(|(c, _)| *c == class) {
            legend.push((class, field_label(lang, f.as_str())));
        }
    }
    let proposed = st::proposed(&c.candidate).map_err(AppError::from)?;
    // A decided candidate shows what was accepted: the report's own values.
    let accepted = match c.candidate.report_id {
        Some(r) => {
            state
                .read(move |s| Ok(s.report_row(r, &truce_store::Visibility::All)?))
                .await?
        }
        None => None,
    };
    let fields = st::EDITABLE
        .iter()
        .map(|&name| {
            let words = spans
                .iter()
                .filter(|(f, _)| f.as_str() == name)
                .filter_map(|(_, s)| text.get(s.range()))
                .collect::<Vec<_>>()
                .join(" … ");
            let first = st::proposed_value(&proposed, name);
            let typed = refused.as_ref().and_then(|r| r.typed.get(name));
            let value = match (&accepted, typed) {
                (Some(r), _) => accepted_value(&r.report, name, &zone),
                (None, Some(t)) => t.clone(),
                (None, None) => first.clone(),
            };
            let mut choices = choices(name, agreement);
            if !choices.is_empty() && !choices.contains(&value) {
                choices.insert(0, value.clone());
            }
            let choices = choices
                .into_iter()
                .map(|c| {
                    let words = value_words(state, lang, name, &c);
                    (c, words)
                })
                .collect();
            FieldView {
                name,
                label: field_label(lang, name),
                shown: value_words(state, lang, name, &value),
                proposed: (value != first).then_some(first),
                value,
                choices,
                words,
                basis: how_read(lang, &c.candidate.proposed, name),
            }
        })
        .collect();
    let counts = match (proposed.launched, proposed.destroyed) {
        (None, None) => String::new(),
        (l, d) => lang.args(
            "stmt-counts",
            &[
                ("launched", l.map_or("?".into(), |n| n.to_string()).into()),
                ("destroyed", d.map_or("?".into(), |n| n.to_string()).into()),
            ],
        ),
    };
    html(ReviewPage {
        f: crate::pages::Frame::new(
            state,
            viewer,
            lang.args(
                "stmt-candidate-title",
                &[("id", c.candidate.id.to_string().into())],
            ),
            "statements",
        ),
        published: local(c.statement.published_at, &zone),
        pending: c.candidate.status == CandidateStatus::Pending,
        marks,
        legend,
        fields,
        counts,
        message,
        error: refused.map(|r| r.error).unwrap_or_default(),
        c,
    })
}

/// A stored report's value of an editable field, as the form writes it.
fn accepted_value(r: &truce_model::Report, field: &str, zone: &jiff::tz::TimeZone) -> String {
    match field {
        "place" => r.place.clone().unwrap_or_default(),
        "occurred_at" => st::local_rfc3339(r.occurred_at, zone),
        "time_precision" => r.time_precision.as_str().into(),
        "act" => r.act.as_str().into(),
        "means" => r.means.as_str().into(),
        "target_class" => r.target_class.as_str().into(),
        "target_name" => r.target_name.clone().unwrap_or_default(),
        "perpetrator" => r.perpetrator.clone().unwrap_or_default(),
        "stance" => r.stance.as_str().into(),
        "claimant" => r.claimant.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

#[derive(Deserialize)]
struct ReviewForm {
    csrf: String,
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

async fn candidate_form(
    State(state): St,
    viewer: Viewer,
    id: Result<P<u64>, AppError>,
    form: Result<Form<ReviewForm>, axum::extract::rejection::FormRejection>,
) -> PageResult {
    let P(id) = id?;
    let Form(form) =
        form.map_err(|e| AppError::BadRequest(format!("the form is not valid: {e}")))?;
    viewer.check_csrf(&form.csrf)?;
    let id = id.min(i64::MAX as u64) as i64;
    // The message rides in a flash cookie tied to this session, never in
    // the address, so no link can put words in the banner.
    let back = |msg: &str| -> PageResult {
        Ok(crate::pages::redirect_with_flash(
            &state,
            &viewer,
            &format!("/review/statements/{id}"),
            msg,
        ))
    };
    match form.action.as_str() {
        "accept" => {
            let fields = form
                .fields
                .iter()
                .filter(|(k, _)| st::EDITABLE.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let out = match accept_as(
                &state,
                &viewer,
                id,
                AcceptBody {
                    fields,
                    reason: form.reason.clone(),
                },
            )
            .await
            {
                Ok(out) => out,
                // A value to fix: the form again, as typed, with the reason.
                Err(e @ (AppError::BadRequest(_) | AppError::Unprocessable(_))) => {
                    let status = e.status();
                    let mut page = render(
                        &state,
                        &viewer,
                        id,
                        String::new(),
                        Some(Refused {
                            error: viewer
                                .lang
                                .args("stmt-not-accepted", &[("reason", e.message().into())]),
                            typed: &form.fields,
                        }),
                    )
                    .await?;
                    *page.status_mut() = status;
                    return Ok(page);
                }
                Err(e) => return Err(e.into()),
            };
            let lang = viewer.lang;
            let msg = if out.corrected.is_empty() {
                lang.t("stmt-accepted")
            } else {
                lang.args(
                    "stmt-accepted-corrected",
                    &[(
                        "fields",
                        out.corrected
                            .iter()
                            .map(|f| field_label(lang, f))
                            .collect::<Vec<_>>()
                            .join(", ")
                            .into(),
                    )],
                )
            };
            // The page itself names the report and its incident.
            back(&msg)
        }
        "reject" => {
            reject_as(&state, &viewer, id, form.reason.clone()).await?;
            back(&viewer.lang.t("stmt-rejected"))
        }
        other => Err(AppError::BadRequest(format!(
            "\"{other}\" is not something a review can do; accept or reject"
        ))
        .into()),
    }
}

/// How a field was read, in the viewer's language: its messages (`why`),
/// else, for a candidate stored before they were kept, the English
/// `basis`.
fn how_read(lang: Lang, proposed: &serde_json::Value, field: &str) -> String {
    let why = proposed
        .get("why")
        .and_then(|w| w.get(field))
        .and_then(|w| serde_json::from_value::<Vec<Why>>(w.clone()).ok());
    match why {
        Some(why) => why
            .iter()
            .map(|w| why_words(lang, w))
            .collect::<Vec<_>>()
            .join(", "),
        None => proposed
            .get("basis")
            .and_then(|b| b.get(field))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string(),
    }
}

/// One piece of how a field was read, as the message `why.key` says it.
pub fn why_words(lang: Lang, w: &Why) -> String {
    const NAMES: [&str; 10] = [
        "source", "party", "side", "place", "place_uk", "place_ru", "date", "weekday", "month",
        "time",
    ];
    let args: Vec<(&'static str, FluentValue<'static>)> = w
        .args
        .iter()
        .filter_map(|(k, v)| {
            NAMES
                .iter()
                .find(|n| **n == k.as_str())
                .map(|n| (*n, FluentValue::from(v.clone())))
        })
        .collect();
    lang.args(&w.key, &args)
}
