//! Server-rendered pages: overview, map, incidents, incident, review queue,
//! agreement, report form and sign-in. Little JavaScript (only to enhance a
//! page that already works without it), no third-party files, and every form
//! carries the session's CSRF token.

use crate::api::{self, ListQuery, status_rank};
use crate::app::{AppError, AppState};
use crate::app::{P, Q};
use crate::auth::{self, Viewer};
use crate::i18n::{self, Lang};
use crate::review::{self, DecisionRequest};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use truce_model::Status;
use truce_store::Role;

mod decision;
mod trace;

type St = State<Arc<AppState>>;

const STYLE: &str = include_str!("../static/style.css");
const SCRIPT: &str = include_str!("../static/app.js");
const ICON: &str = include_str!("../static/icon.svg");

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/map", get(map))
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/incidents/{id}/decide", post(decide_form))
        .route("/incidents/{id}/decisions/{n}", get(decision::decision))
        .route("/incidents/{id}/assign", post(assign_form))
        .route("/queue/take", post(queue_take))
        .route("/queue", get(queue))
        .route("/agreement", get(agreement))
        .route("/reports/new", get(report_form).post(report_submit))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang", get(set_lang))
        .route("/tz", get(set_zone))
        .route("/glossary", get(glossary))
        .route(
            "/static/style.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(ICON, "image/svg+xml") }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { asset(ICON, "image/svg+xml") }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
}

fn asset(body: &'static str, ctype: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// What every page's frame needs.
pub struct Frame {
    pub title: String,
    pub nav: &'static str,
    pub user: Option<String>,
    pub role: Option<&'static str>,
    pub party: Option<String>,
    pub csrf: String,
    pub staff: bool,
    /// An administrator (manages accounts and webhooks).
    pub admin: bool,
    /// May review statements (monitors, adjudicators).
    pub reviewer: bool,
    pub can_submit: bool,
    pub agreement_title: String,
    /// Every time on a page is shown in one zone, the viewer's choice or
    /// else the agreement's, and says so.
    pub zone: jiff::tz::TimeZone,
    /// That zone's name ("Europe/Kyiv"), and the agreement's.
    pub zone_name: String,
    pub agreement_zone: String,
    /// The language the page speaks.
    pub lang: Lang,
    /// This page's path and query, where the language switch comes back to.
    pub here: String,
}

impl Frame {
    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with a count, in the page's language's plural form.
    pub fn n(&self, key: &str, n: impl std::borrow::Borrow<u64>) -> String {
        self.lang.n(key, *n.borrow())
    }

    /// A message with one text argument.
    pub fn a1(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        self.lang.args(key, &[(name, value.to_string().into())])
    }

    /// A message with two arguments.
    pub fn a2(
        &self,
        key: &str,
        n1: &'static str,
        v1: impl std::fmt::Display,
        n2: &'static str,
        v2: impl std::fmt::Display,
    ) -> String {
        self.lang.args(
            key,
            &[(n1, v1.to_string().into()), (n2, v2.to_string().into())],
        )
    }

    /// A vocabulary value (act, means, target, stance, status…) in words.
    pub fn label(&self, kind: &str, code: impl std::fmt::Display) -> String {
        self.lang.label(kind, &code.to_string())
    }

    /// The address of the language switch for `l`, coming back here.
    /// The link that shows this page's times in `zone` (empty: the
    /// agreement's).
    pub fn zone_to(&self, zone: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("tz", zone).append_pair("back", &self.here);
        format!("/tz?{}", q.finish())
    }

    pub fn switch_to(&self, code: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("lang", code).append_pair("back", &self.here);
        format!("/lang?{}", q.finish())
    }

    /// An RFC 3339 time from the API, to the minute in the page's zone with
    /// the zone's abbreviation ("2025-03-21 06:00 EET").
    pub fn local_minute(&self, rfc3339: &str) -> String {
        match rfc3339.parse::<jiff::Timestamp>() {
            Ok(t) => t
                .to_zoned(self.zone.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string(),
            Err(_) => rfc3339.to_string(),
        }
    }

    /// The same, to the day.
    pub fn local_day(&self, rfc3339: &str) -> String {
        match rfc3339.parse::<jiff::Timestamp>() {
            Ok(t) => t
                .to_zoned(self.zone.clone())
                .strftime("%Y-%m-%d")
                .to_string(),
            Err(_) => rfc3339.get(..10).unwrap_or(rfc3339).to_string(),
        }
    }

    pub(crate) fn new(
        state: &AppState,
        viewer: &Viewer,
        title: impl Into<String>,
        nav: &'static str,
    ) -> Frame {
        Frame {
            title: title.into(),
            nav,
            user: viewer.name().map(str::to_string),
            role: viewer.role().map(Role::as_str),
            party: viewer.user.as_ref().and_then(|u| u.party.clone()),
            csrf: viewer.csrf.clone().unwrap_or_default(),
            staff: viewer.is_staff(),
            admin: viewer.role() == Some(Role::Administrator),
            reviewer: matches!(viewer.role(), Some(Role::Monitor | Role::Adjudicator)),
            can_submit: matches!(
                viewer.role(),
                Some(Role::Monitor | Role::Adjudicator | Role::Liaison)
            ),
            agreement_title: state
                .reference
                .agreement
                .title_in(viewer.lang.code())
                .to_string(),
            zone: viewer_tz(state, viewer),
            zone_name: viewer.zone.map_or_else(
                || state.reference.agreement.timezone.clone(),
                str::to_string,
            ),
            agreement_zone: state.reference.agreement.timezone.clone(),
            lang: viewer.lang,
            here: viewer.here.clone(),
        }
    }
}

/// An error shown as a page, in the user's words.
pub struct PageError(AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl From<anyhow::Error> for PageError {
    fn from(e: anyhow::Error) -> Self {
        PageError(AppError::from_anyhow(e))
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError(AppError::Internal(anyhow::anyhow!("template: {e}")))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    f: Frame,
    status: u16,
    message: String,
    sign_in: bool,
}

/// What an error page says, kept on the response so that
/// [`localise_errors`] can say it again in the reader's language.
#[derive(Clone)]
struct ErrorShown {
    status: StatusCode,
    message: Option<String>,
    sign_in: bool,
}

impl ErrorShown {
    /// The page in `lang`; given the address `path`, a 404 names it in the
    /// reader's words (the handler's own message is English).
    fn render(&self, lang: Lang, path: Option<&str>) -> Option<String> {
        let code = self.status.as_u16();
        let key = format!("error-{code}");
        let title = if lang.has(&key) {
            lang.t(&key)
        } else {
            self.status.canonical_reason().unwrap_or("Error").into()
        };
        let f = Frame {
            title,
            nav: "",
            user: None,
            role: None,
            party: None,
            csrf: String::new(),
            staff: false,
            admin: false,
            reviewer: false,
            can_submit: false,
            agreement_title: String::new(),
            zone: jiff::tz::TimeZone::UTC,
            zone_name: String::new(),
            agreement_zone: String::new(),
            lang,
            here: "/".into(),
        };
        ErrorPage {
            f,
            status: code,
            // A person reading a page needs no word about API tokens.
            message: match &self.message {
                _ if code == 404 && path.is_some() => lang.args(
                    "error-404-at",
                    &[(
                        "path",
                        FluentValue::from(path.unwrap_or("").chars().take(200).collect::<String>()),
                    )],
                ),
                Some(m) => m.clone(),
                None => lang.t("error-sign-in-needed"),
            },
            sign_in: self.sign_in,
        }
        .render()
        .ok()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self.0 {
            tracing::error!(error = %format!("{e:#}"), "page failed");
        }
        let status = self.0.status();
        let shown = ErrorShown {
            status,
            message: (!matches!(self.0, AppError::Unauthorized)).then(|| self.0.message()),
            sign_in: matches!(self.0, AppError::Unauthorized),
        };
        let mut r = match shown.render(Lang::En, None) {
            Some(html) => (status, Html(html)).into_response(),
            None => (status, self.0.message()).into_response(),
        };
        r.extensions_mut().insert(shown);
        // A person's browser, or their script, learns when to try again.
        if let AppError::TooMany(s) = self.0
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

/// An address nothing answers: the site's own 404 page, in the frame and
/// language of every other page, rather than an empty one; under `/api/`
/// the API's JSON error.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = AppError::NotFound(format!("nothing is at {}", uri.path()));
    if uri.path().starts_with("/api/") {
        e.into_response()
    } else {
        PageError(e).into_response()
    }
}

/// Says an error page again in the language the reader chose (the `lang`
/// cookie, else the browser's `Accept-Language`): a handler that fails
/// knows the error, not the reader.
pub async fn localise_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = Lang::negotiate(
        auth::header_cookie(req.headers(), i18n::COOKIE),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let path = req.uri().path().to_string();
    let mut r = next.run(req).await;
    if lang != Lang::En
        && let Some(shown) = r.extensions_mut().remove::<ErrorShown>()
        && let Some(html) = shown.render(lang, Some(&path))
    {
        let (mut parts, _) = r.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        r = Response::from_parts(parts, axum::body::Body::from(html));
    }
    r
}

type PageResult = Result<Response, PageError>;

pub(crate) fn html(t: impl Template) -> PageResult {
    let mut r = Html(t.render()?).into_response();
    // The same address reads differently by language: caches must keep apart.
    r.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    Ok(r)
}

pub(crate) fn fmt_time(t: i64, tz: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_second(t)
        .map(|ts| {
            ts.to_zoned(tz.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_default()
}

/// The agreement's parties as a form's choices: (id, name).
pub(crate) fn party_choices(state: &AppState, lang: Lang) -> Vec<(String, String)> {
    state
        .reference
        .agreement
        .parties
        .iter()
        .map(|p| (p.id.clone(), p.name_in(lang.code()).to_string()))
        .collect()
}

/// The cookie that keeps a viewer's choice of time zone.
pub const ZONE_COOKIE: &str = "tz";
/// The zones a viewer may choose for the times on pages, besides the
/// agreement's own: UTC, and the capitals of the parties and mediators a
/// mission's readers work from.
pub const ZONES: [&str; 5] = [
    "UTC",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/Brussels",
    "America/New_York",
];

/// `name` if it is one of [`ZONES`] (so a cookie's text never reaches the
/// page or the time zone database unchecked).
pub fn known_zone(name: &str) -> Option<&'static str> {
    ZONES.iter().copied().find(|z| *z == name)
}

/// The zone times are shown in for this viewer: their choice, else the
/// agreement's.
pub(crate) fn viewer_tz(state: &AppState, viewer: &Viewer) -> jiff::tz::TimeZone {
    viewer
        .zone
        .and_then(|z| jiff::tz::TimeZone::get(z).ok())
        .unwrap_or_else(|| tz(state))
}

pub(crate) fn tz(state: &AppState) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(&state.reference.agreement.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
}

// Language switch.

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
    back: Option<String>,
}

/// Keeps the chosen language in a cookie and goes back to the page it was
/// chosen on; works without script (a plain link). Only a path on this site
/// is followed back, never an address elsewhere.
async fn set_lang(State(state): St, q: Q<LangQuery>) -> Response {
    let Q(q) = q;
    let back = i18n::safe_back(q.back.as_deref());
    let mut r = Redirect::to(&back).into_response();
    if let Some(l) = q.lang.as_deref().and_then(Lang::from_code) {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let c = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            i18n::COOKIE,
            l.code()
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[derive(Deserialize)]
struct ZoneQuery {
    tz: Option<String>,
    back: Option<String>,
}

/// Keeps the chosen time zone in a cookie and goes back, as the language
/// switch does; `tz=` (empty) goes back to the agreement's zone.
async fn set_zone(State(state): St, q: Q<ZoneQuery>) -> Response {
    let Q(q) = q;
    let back = i18n::safe_back(q.back.as_deref());
    let mut r = Redirect::to(&back).into_response();
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let c = match q.tz.as_deref().and_then(known_zone) {
        Some(z) => format!("{ZONE_COOKIE}={z}; Path=/; Max-Age=31536000; SameSite=Lax{secure}"),
        None => format!("{ZONE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax{secure}"),
    };
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

// Glossary.

struct GlossaryEntry {
    code: &'static str,
    label: String,
    about: String,
}

#[derive(Template)]
#[template(path = "glossary.html")]
struct GlossaryPage {
    f: Frame,
    statuses: Vec<GlossaryEntry>,
    stances: Vec<GlossaryEntry>,
    reliability: Vec<GlossaryEntry>,
    credibility: Vec<GlossaryEntry>,
    readings: Vec<(String, String, String)>,
}

async fn glossary(State(state): St, viewer: Viewer) -> PageResult {
    let l = viewer.lang;
    let entries = |kind: &str, ids: &mut dyn Iterator<Item = &'static str>| -> Vec<GlossaryEntry> {
        ids.map(|code| GlossaryEntry {
            code,
            label: l.label(kind, code),
            about: l.label(&format!("{kind}-about"), code),
        })
        .collect()
    };
    let statuses = entries("status", &mut STATUS_SHOWN.iter().map(|s| s.as_str()));
    let stances = entries("stance", &mut truce_model::Stance::ids());
    let reliability = entries("reliability", &mut truce_model::Reliability::ids());
    let credibility = entries("credibility", &mut truce_model::Credibility::ids());
    let readings = state
        .reference
        .agreement
        .commitments
        .iter()
        .flat_map(|c| {
            c.readings.iter().map(move |r| {
                (
                    c.id.clone(),
                    c.title_in(l.code()).to_string(),
                    r.title_in(l.code()).to_string(),
                )
            })
        })
        .collect();
    html(GlossaryPage {
        f: Frame::new(&state, &viewer, l.t("nav-glossary"), "glossary"),
        statuses,
        stances,
        reliability,
        credibility,
        readings,
    })
}

// Overview.

struct ReadingBlock {
    commitment: String,
    reading: String,
    title: String,
    /// Per party (name, id): counts by status, in STATUS_SHOWN order.
    parties: Vec<(String, String, Vec<u64>)>,
    chart: String,
    /// The same chart drawn for a phone's width.
    chart_narrow: String,
}

const STATUS_SHOWN: [Status; 8] = [
    Status::Confirmed,
    Status::Corroborated,
    Status::Disputed,
    Status::Alleged,
    Status::Insufficient,
    Status::Rejected,
    Status::OutsidePeriod,
    Status::NotCovered,
];

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    f: Frame,
    statuses: Vec<&'static str>,
    blocks: Vec<ReadingBlock>,
    latest: Vec<CardView>,
    lede: String,
}

/// One of the overview's latest incidents, told as the incident page tells it.
struct CardView {
    i: api::IncidentOut,
    headline: String,
    /// The parties the reports name as having done it.
    alleged: String,
    disputes: Vec<String>,
}

async fn overview(State(state): St, viewer: Viewer) -> PageResult {
    let published = !viewer.is_staff();
    let zone = tz(&state);
    // Charts count days in the agreement's zone; times read in the viewer's.
    let shown = viewer_tz(&state, &viewer);
    let offset = jiff::Timestamp::now()
        .to_zoned(zone.clone())
        .offset()
        .seconds() as i64;
    let filter = ListQuery {
        limit: Some(10),
        ..Default::default()
    }
    .filter(&state, &viewer)
    .await?;
    let visibility = viewer.visibility();
    let (counts, rows, worst, info, reports) = state
        .read(move |s| {
            let counts = s.daily_counts(published, offset)?;
            let rows = s.incidents(&filter)?;
            let ids: Vec<String> = rows.iter().map(|r| r.incident.id.clone()).collect();
            let mut reports = Vec::with_capacity(ids.len());
            for id in &ids {
                reports.push(s.incident_report_rows(id, &visibility)?);
            }
            Ok((
                counts,
                rows,
                api::worst_statuses(s, &ids)?,
                s.last_evaluation()?,
                reports,
            ))
        })
        .await?;
    // One date axis and one count scale for every chart, so commitments,
    // readings and parties can be compared at a glance: the days that have
    // findings, widened to the readings' periods where they are known and
    // not too long (at most 400 days).
    let day = |t: i64| (t + offset).div_euclid(86_400);
    let readings: Vec<_> = state
        .reference
        .agreement
        .commitments
        .iter()
        .flat_map(|c| c.readings.iter())
        .collect();
    let data_first = counts.iter().map(|x| x.day).min();
    let data_last = counts.iter().map(|x| x.day).max();
    let period_first = readings.iter().map(|r| day(r.period.start)).min();
    let period_last = readings
        .iter()
        .map(|r| day(r.period.end.saturating_sub(1)))
        .max();
    let first = match (data_first, period_first) {
        (Some(d), Some(p)) if p <= d && d - p <= 400 => p,
        (Some(d), _) => d,
        (None, Some(p)) => p,
        (None, None) => day(jiff::Timestamp::now().as_second()),
    };
    let mut last = data_last.unwrap_or(first).max(first);
    if let Some(p) = period_last
        && p > last
        && p - first <= 400
    {
        last = p;
    }
    let last = last.min(first + 400);
    let n_days = (last - first + 1).clamp(1, 401) as usize;
    let mut per_panel_day: BTreeMap<(&str, &str, &str, i64), u64> = BTreeMap::new();
    for x in &counts {
        if STATUS_SHOWN.contains(&x.status) {
            *per_panel_day
                .entry((
                    x.commitment_id.as_str(),
                    x.reading_id.as_str(),
                    x.party.as_str(),
                    x.day,
                ))
                .or_default() += x.count;
        }
    }
    let y_top = per_panel_day.values().copied().max().unwrap_or(0);
    let l = viewer.lang;
    let legend: Vec<(String, String)> = STATUS_SHOWN
        .iter()
        .map(|s| (s.as_str().to_string(), l.label("status", s.as_str())))
        .collect();
    let y_title = l.t("chart-per-day");
    let x_title = l.args(
        "chart-day",
        &[("zone", state.reference.agreement.timezone.clone().into())],
    );
    let mut blocks = Vec::new();
    for c in &state.reference.agreement.commitments {
        for r in &c.readings {
            let mine: Vec<_> = counts
                .iter()
                .filter(|x| x.commitment_id == c.id && x.reading_id == r.id)
                .collect();
            let mut parties: BTreeMap<String, Vec<u64>> = BTreeMap::new();
            for x in &mine {
                let row = parties
                    .entry(x.party.clone())
                    .or_insert_with(|| vec![0; STATUS_SHOWN.len()]);
                if let Some(i) = STATUS_SHOWN.iter().position(|s| *s == x.status) {
                    row[i] += x.count;
                }
            }
            let panels: Vec<crate::svg::ChartPanel> = parties
                .keys()
                .map(|party| crate::svg::ChartPanel {
                    label: party_name(&state, l, party),
                    series: STATUS_SHOWN
                        .iter()
                        .map(|st| {
                            let mut v = vec![0u32; n_days];
                            for x in mine.iter().filter(|x| x.status == *st && x.party == *party) {
                                let i = x.day - first;
                                if (0..n_days as i64).contains(&i) {
                                    v[i as usize] = v[i as usize]
                                        .saturating_add(u32::try_from(x.count).unwrap_or(u32::MAX));
                                }
                            }
                            crate::svg::Series {
                                label: l.label("status", st.as_str()),
                                status: st.as_str().into(),
                                counts: v,
                            }
                        })
                        .collect(),
                })
                .collect();
            let title = l.args(
                "chart-title",
                &[
                    ("commitment", c.title_in(l.code()).to_string().into()),
                    ("reading", r.title_in(l.code()).to_string().into()),
                ],
            );
            let chart = |size| {
                crate::svg::party_chart_svg_in(
                    &title,
                    first,
                    n_days,
                    &panels,
                    &legend,
                    y_top,
                    &x_title,
                    &y_title,
                    size,
                    crate::svg::Months::of(viewer.lang.code()),
                )
            };
            blocks.push(ReadingBlock {
                commitment: c.id.clone(),
                reading: r.id.clone(),
                title: format!("{} — {}", c.title_in(l.code()), r.title_in(l.code())),
                parties: parties
                    .into_iter()
                    .map(|(id, n)| (party_name(&state, l, &id), id, n))
                    .collect(),
                chart: chart(crate::svg::ChartSize::Wide),
                chart_narrow: chart(crate::svg::ChartSize::Narrow),
            });
        }
    }
    let out: Vec<api::IncidentOut> = rows
        .iter()
        .map(|r| api::incident_out(&state, &viewer, r, worst.get(&r.incident.id).copied()))
        .collect();
    // The headline names the place itself, so it is made before the places
    // are put into the viewer's language.
    let told: Vec<(String, String, Vec<String>)> = out
        .iter()
        .zip(&reports)
        .map(|(i, rs)| {
            let rs: Vec<&truce_model::Report> = rs.iter().map(|r| &r.report).collect();
            (
                incident_headline(&state, viewer.lang, &shown, i),
                alleged_of(&state, viewer.lang, &rs).join(" / "),
                disputes_of(&state, viewer.lang, &rs),
            )
        })
        .collect();
    let latest = localise_places(&state, viewer.lang, out)
        .into_iter()
        .zip(told)
        .map(|(i, (headline, alleged, disputes))| CardView {
            i,
            headline,
            alleged,
            disputes,
        })
        .collect();
    let (reports, incidents, evaluated) = info
        .map(|i| (i.reports, i.incidents, fmt_time(i.at, &shown)))
        .unwrap_or_default();
    let mut lede = if viewer.is_staff() {
        l.args(
            "overview-lede-staff",
            &[("reports", reports.into()), ("incidents", incidents.into())],
        )
    } else {
        l.t("overview-lede-public")
    };
    if !evaluated.is_empty() {
        lede.push(' ');
        lede.push_str(&l.args("overview-evaluated", &[("when", evaluated.into())]));
    }
    html(OverviewPage {
        f: Frame::new(&state, &viewer, l.t("nav-overview"), "overview"),
        statuses: STATUS_SHOWN.iter().map(|s| s.as_str()).collect(),
        blocks,
        latest,
        lede,
    })
}

// Filters shared by the map and the incident list.

struct FilterForm {
    q: ListQuery,
    commitments: Vec<(String, String)>,
    statuses: Vec<&'static str>,
    parties: Vec<(String, String)>,
}

impl FilterForm {
    fn new(state: &AppState, lang: Lang, q: &ListQuery) -> FilterForm {
        FilterForm {
            q: q.clone(),
            commitments: state
                .reference
                .agreement
                .commitments
                .iter()
                .map(|c| (c.id.clone(), c.title_in(lang.code()).to_string()))
                .collect(),
            statuses: STATUS_SHOWN.iter().map(|s| s.as_str()).collect(),
            parties: party_choices(state, lang),
        }
    }

    fn get(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }

    fn commitment(&self) -> String {
        self.get(&self.q.commitment)
    }
    fn reading(&self) -> String {
        self.get(&self.q.reading)
    }
    fn party(&self) -> String {
        self.get(&self.q.party)
    }
    fn status(&self) -> String {
        self.get(&self.q.status)
    }
    fn from(&self) -> String {
        self.get(&self.q.from)
    }
    fn to(&self) -> String {
        self.get(&self.q.to)
    }
    fn region(&self) -> String {
        self.get(&self.q.region)
    }
    fn search(&self) -> String {
        self.get(&self.q.q)
    }

    /// The filters as a query string (for download links and paging).
    fn query(&self) -> String {
        let mut q = self.q.clone();
        q.cursor = None;
        q.format = None;
        q.limit = None;
        serde_urlencoded_like(&q)
    }
}

/// A query string from the non-empty filters.
fn serde_urlencoded_like(q: &ListQuery) -> String {
    let v = serde_json::to_value(q).unwrap_or_default();
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(m) = v.as_object() {
        for (k, v) in m {
            let s = match v {
                serde_json::Value::String(s) if !s.is_empty() => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => continue,
            };
            query.append_pair(k, &s);
        }
    }
    query.finish()
}

/// A redirect to `to` that shows `msg` once there (see [`auth::flash_set`]).
pub(crate) fn redirect_with_flash(
    state: &AppState,
    viewer: &Viewer,
    to: &str,
    msg: &str,
) -> Response {
    let mut r = Redirect::to(to).into_response();
    if let Some(v) = auth::flash_set(viewer, msg, state.config.secure_cookies)
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

// Map.

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    f: Frame,
    form: FilterForm,
    /// The agreement's readings: (id, titles).
    readings: Vec<(String, String)>,
    svg: String,
    timeline: String,
    /// Located incidents outside the map's area, and incidents with no place.
    outside: usize,
    unplaced: usize,
    list_query: String,
    map_max: u64,
    total_capped: bool,
    first_day: i64,
    last_day: i64,
    /// The date range shown, in words ("from 18 Mar 2025 to 30 Apr 2025").
    range_words: String,
    from_date: String,
    to_date: String,
    first_iso: String,
    last_iso: String,
    statuses: Vec<&'static str>,
    /// Ships' tracks drawn (AIS), for a short range seen by the mission.
    tracks_shown: usize,
    staff_view: bool,
    /// The caption's count in words ("12 of 40 incidents").
    count_words: String,
    /// The words the map's script writes, in the page's language (JSON).
    script_words: String,
}

/// A count in words, `$n` choosing the plural form and `$count` the digits
/// written (or the script's `{n}` placeholder).
fn counted(lang: Lang, key: &str, n: u64, count: &str, shown: &str) -> String {
    lang.args(
        key,
        &[
            ("n", n.into()),
            ("count", count.to_string().into()),
            ("shown", shown.to_string().into()),
        ],
    )
}

/// The words of the map's script, in each plural form the language has,
/// with `{n}`, `{shown}`, `{from}` and `{to}` for the script to fill.
fn map_script_words(lang: Lang) -> String {
    let forms = |key: &str| {
        // 1, 2 and 5 take the "one", "few" and "many" forms where a
        // language has them; 5 is also the "other" form.
        let mut m = serde_json::Map::new();
        for (cat, n) in [("one", 1), ("few", 2), ("many", 5), ("other", 5)] {
            m.insert(cat.into(), counted(lang, key, n, "{n}", "{shown}").into());
        }
        serde_json::Value::Object(m)
    };
    serde_json::json!({
        "lang": lang.code(),
        "all": forms("map-count"),
        "some": forms("map-count-of"),
        "list": forms("map-cluster-list"),
        "zoom": forms("map-cluster-zoom"),
        "range": lang.args("map-range", &[("from", "{from}".into()), ("to", "{to}".into())]),
        "help": lang.t("map-per-day-drag"),
        "play": lang.t("map-play"),
        "pause": lang.t("map-pause"),
    })
    .to_string()
}

/// The most incidents one map draws; a wider filter is asked to narrow.
const MAP_MAX: u64 = 5000;

/// Days since 1970-01-01 of a `from`/`to` filter value (a date, or the date
/// part of an instant); `None` when it is empty or not a date.
fn filter_day(v: &Option<String>) -> Option<i64> {
    let v = v.as_deref()?.trim();
    let d: jiff::civil::Date = v.get(..10)?.parse().ok()?;
    Some(
        d.since(jiff::civil::Date::constant(1970, 1, 1))
            .ok()?
            .get_days()
            .into(),
    )
}

/// A day count as `YYYY-MM-DD`.
fn day_iso(day: i64) -> String {
    jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// City, region and neighbour names for the map, from the gazetteer.
fn map_labels(state: &AppState, lang: Lang) -> Vec<crate::svg::MapLabel> {
    truce_app::report::map_labels_in(&state.reference, lang.code())
}

async fn map(State(state): St, viewer: Viewer, q: Result<Q<ListQuery>, AppError>) -> PageResult {
    let Q(q) = q?;
    // The dates are checked like every filter, but the map loads every date
    // and hides those outside the range, so the timeline under it can widen
    // the range without a new request.
    q.filter(&state, &viewer).await?;
    let all_dates = ListQuery {
        from: None,
        to: None,
        ..q.clone()
    };
    let mut filter = all_dates.filter(&state, &viewer).await?;
    filter.limit = Some(MAP_MAX);
    let bounds = filter.bbox;
    let (rows, worst) = state
        .read(move |s| {
            let rows = s.incidents(&filter)?;
            let ids: Vec<String> = rows.iter().map(|r| r.incident.id.clone()).collect();
            Ok((rows, api::worst_statuses(s, &ids)?))
        })
        .await?;
    let zone = tz(&state);
    let offset = jiff::Timestamp::now()
        .to_zoned(zone.clone())
        .offset()
        .seconds() as i64;
    let mut points = Vec::with_capacity(rows.len());
    for r in &rows {
        let out = api::incident_out(&state, &viewer, r, worst.get(&r.incident.id).copied());
        let (Some(lat), Some(lon)) = (out.lat, out.lon) else {
            continue;
        };
        points.push(crate::svg::MapPoint {
            lat,
            lon,
            status: out.status.clone(),
            // What was hit, where and when, and its status: no side's
            // account of who did it or how, as on the incident's heading.
            label: format!(
                "{} ({})",
                incident_headline(&state, viewer.lang, &zone, &out),
                viewer.lang.label("status", &out.status)
            ),
            href: format!("/incidents/{}", out.id),
            day: (r.incident.occurred.start + offset).div_euclid(86_400),
            radius_km: r.incident.geo_precision.radius_km(),
        });
    }
    let [x0, y0, x1, y1] = bounds.unwrap_or(crate::svg::DEFAULT_BOUNDS);
    let inside: Vec<&crate::svg::MapPoint> = points
        .iter()
        .filter(|p| p.lon >= x0 && p.lon <= x1 && p.lat >= y0 && p.lat <= y1)
        .collect();
    let first_day = inside.iter().map(|p| p.day).min().unwrap_or(0);
    let last_day = inside.iter().map(|p| p.day).max().unwrap_or(0);
    let from = filter_day(&q.from);
    let to = filter_day(&q.to);
    let days = (from.is_some() || to.is_some())
        .then(|| (from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX)));
    let shown = inside
        .iter()
        .filter(|p| days.is_none_or(|(a, b)| p.day >= a && p.day <= b))
        .count();
    let outside = points.len() - inside.len();
    let unplaced = rows.len() - points.len();
    let range_words = {
        let a = from.map_or(first_day, |f| f.max(first_day));
        let b = to.map_or(last_day, |t| t.min(last_day));
        if inside.is_empty() {
            String::new()
        } else {
            viewer.lang.args(
                "map-range",
                &[
                    ("from", day_iso(a).into()),
                    ("to", day_iso(b.max(a)).into()),
                ],
            )
        }
    };
    let mut per_day: BTreeMap<i64, u32> = BTreeMap::new();
    for p in &inside {
        *per_day.entry(p.day).or_default() += 1;
    }
    let per_day: Vec<(i64, u32)> = per_day.into_iter().collect();
    // Ships' tracks, for the mission and the liaisons, when the range is a
    // few days at most (a month of a busy sea would bury the incidents).
    let tracks = match (from, to) {
        (Some(a), Some(b)) if !viewer.is_public() && b >= a && b - a < TRACK_DAYS => {
            let (t0, t1) = (a * 86_400 - offset, (b + 1) * 86_400 - offset - 1);
            let [w, s_, e, n] = bounds.unwrap_or(crate::svg::DEFAULT_BOUNDS);
            let found = state
                .read(move |s| Ok(s.vessel_tracks_near(t0, t1, (s_, w, n, e))?))
                .await?;
            found
                .into_iter()
                .map(|t| crate::svg::MapTrack {
                    label: viewer.lang.args(
                        "map-track",
                        &[
                            (
                                "name",
                                t.vessel
                                    .name
                                    .clone()
                                    .unwrap_or_else(|| viewer.lang.t("ship-no-name"))
                                    .into(),
                            ),
                            ("mmsi", t.vessel.mmsi.to_string().into()),
                            (
                                "military",
                                if t.vessel.shiptype == Some(35) {
                                    "yes"
                                } else {
                                    "no"
                                }
                                .into(),
                            ),
                            ("n", (t.positions.len() as u64).into()),
                        ],
                    ),
                    military: t.vessel.shiptype == Some(35),
                    points: t.positions.iter().map(|p| (p.lon, p.lat)).collect(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let tracks_shown = tracks.len();
    let svg = crate::svg::map_svg_in(
        crate::svg::Basemap::embedded(),
        &state.reference.agreement.zones,
        &points,
        &map_labels(&state, viewer.lang),
        &tracks,
        bounds,
        days,
        &viewer.lang,
    );
    // Readings share ids across commitments ("ru", "ua"): one choice per id,
    // named by its titles.
    let mut readings: Vec<(String, Vec<String>)> = Vec::new();
    for r in state
        .reference
        .agreement
        .commitments
        .iter()
        .flat_map(|c| c.readings.iter())
    {
        match readings.iter_mut().find(|(id, _)| *id == r.id) {
            Some((_, titles)) if !titles.iter().any(|t| t == r.title_in(viewer.lang.code())) => {
                titles.push(r.title_in(viewer.lang.code()).to_string())
            }
            Some(_) => {}
            None => readings.push((
                r.id.clone(),
                vec![r.title_in(viewer.lang.code()).to_string()],
            )),
        }
    }
    let readings = readings
        .into_iter()
        .map(|(id, titles)| (id, titles.join("; ")))
        .collect();
    let lang = viewer.lang;
    let count_words = if shown == inside.len() {
        counted(lang, "map-count", shown as u64, &shown.to_string(), "")
    } else {
        counted(
            lang,
            "map-count-of",
            inside.len() as u64,
            &inside.len().to_string(),
            &shown.to_string(),
        )
    };
    html(MapPage {
        f: Frame::new(&state, &viewer, lang.t("map-title"), "map"),
        count_words,
        script_words: map_script_words(lang),
        form: FilterForm::new(&state, viewer.lang, &q),
        readings,
        svg,
        timeline: crate::svg::timeline_svg_in(
            first_day,
            last_day,
            &per_day,
            crate::svg::Months::of(lang.code()),
        ),
        outside,
        unplaced,
        list_query: FilterForm::new(&state, viewer.lang, &q).query(),
        map_max: MAP_MAX,
        total_capped: rows.len() as u64 >= MAP_MAX,
        first_day,
        last_day,
        range_words,
        from_date: from.map(day_iso).unwrap_or_default(),
        first_iso: day_iso(first_day),
        last_iso: day_iso(last_day),
        to_date: to.map(day_iso).unwrap_or_default(),
        statuses: STATUS_SHOWN.iter().map(|s| s.as_str()).collect(),
        tracks_shown,
        staff_view: !viewer.is_public(),
    })
}

/// Ships' tracks are drawn for a date range of at most this many days.
const TRACK_DAYS: i64 = 3;

// Incident list.

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsPage {
    f: Frame,
    form: FilterForm,
    items: Vec<api::IncidentOut>,
    next: Option<String>,
    query: String,
}

async fn incidents(
    State(state): St,
    viewer: Viewer,
    q: Result<Q<ListQuery>, AppError>,
) -> PageResult {
    let Q(q) = q?;
    let filter = q.filter(&state, &viewer).await?;
    let limit = q.limit();
    let (rows, worst) = state
        .read(move |s| {
            let rows = s.incidents(&filter)?;
            let ids: Vec<String> = rows.iter().map(|r| r.incident.id.clone()).collect();
            Ok((rows, api::worst_statuses(s, &ids)?))
        })
        .await?;
    let next = (rows.len() as u64 == limit)
        .then(|| {
            rows.last()
                .map(|r| format!("{}.{}", r.incident.occurred.start, r.seq))
        })
        .flatten();
    let items = rows
        .iter()
        .map(|r| api::incident_out(&state, &viewer, r, worst.get(&r.incident.id).copied()))
        .collect();
    let items = localise_places(&state, viewer.lang, items);
    let form = FilterForm::new(&state, viewer.lang, &q);
    let query = form.query();
    html(IncidentsPage {
        f: Frame::new(&state, &viewer, viewer.lang.t("nav-incidents"), "incidents"),
        form,
        items,
        next,
        query,
    })
}

// Incident.

struct ReportView {
    row: truce_store::ReportRow,
    occurred: String,
    grading: String,
    /// The grading in words ("usually reliable; probably true").
    grading_words: String,
    place: String,
    /// What the report says, led by its stance in words ("Alleges: …").
    says: String,
}

/// A ship heard near an incident.
struct VesselView {
    name: String,
    mmsi: u32,
    kind: String,
    closest: String,
    activities: String,
}

/// The ships heard near an incident, for incidents at sea or on the coast
/// (within reach of a maritime zone). The public does not see ship
/// movements next to unpublished detail; staff and liaisons do.
async fn vessels_near(
    state: &Arc<AppState>,
    viewer: &Viewer,
    i: &api::IncidentOut,
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<VesselView>, AppError> {
    let (Some(lat), Some(lon)) = (i.lat, i.lon) else {
        return Ok(Vec::new());
    };
    if viewer.is_public() || state.reference.agreement.zones.is_empty() {
        return Ok(Vec::new());
    }
    let start = truce_model_period_start(i);
    let end = truce_model_period_end(i);
    let point = truce_model::LatLon::new(lat, lon);
    let near = state
        .read(move |s| truce_app::vessels::near(s, point, start, end))
        .await?;
    let l = viewer.lang;
    Ok(near
        .into_iter()
        .map(|v| VesselView {
            name: v.vessel.name.clone().unwrap_or_else(|| l.t("ship-no-name")),
            mmsi: v.vessel.mmsi,
            kind: match v.vessel.shiptype {
                Some(35) => l.t("ship-military"),
                Some(t) => l.args("ship-type", &[("t", t.to_string().into())]),
                None => l.t("ship-no-type"),
            },
            closest: format!("{:.1} km, {}", v.closest_km, fmt_time(v.at, zone)),
            activities: v.activities.join(", "),
        })
        .collect())
}

/// The reports of one side: a party's claims, or the independent voices.
struct SideView {
    title: String,
    /// `party-ua`, `party-ru`, `independent`: the card's colour.
    class: String,
    reports: Vec<ReportView>,
}

struct FindingView {
    f: api::FindingOut,
    commitment_title: String,
    reading_title: String,
    votes: Vec<String>,
    /// The party the finding runs against, by name.
    against: String,
    /// The viewer has already voted on it (the rules refuse a second vote).
    voted: bool,
    /// The rules' steps in the viewer's words.
    trace: Vec<trace::TraceLine>,
}

/// A party's name from the agreement ("Ukraine (ua)") for an id or any name
/// reports use for it; else the words as written.
fn party_name(state: &AppState, lang: Lang, raw: &str) -> String {
    truce_app::claims::party_name_in(&state.reference.agreement, raw, lang.code())
}

/// A label that starts a heading: "Жильё", not "жильё".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Incidents with their places named in the viewer's language.
fn localise_places(
    state: &AppState,
    lang: Lang,
    items: Vec<api::IncidentOut>,
) -> Vec<api::IncidentOut> {
    items
        .into_iter()
        .map(|mut i| {
            i.place = i.place.map(|p| place_name(state, lang, &p));
            i
        })
        .collect()
}

/// A gazetteer place's name in the viewer's language ("Kharkiv", "Харків",
/// "Харьков"); a name the gazetteer does not know exactly is kept as it is.
pub(crate) fn place_name(state: &AppState, lang: Lang, name: &str) -> String {
    // A region's or country's code (`UA-43`) reads as its name.
    if let Some(p) = state.reference.gazetteer.get(name).filter(|p| p.id == name) {
        let local = match lang {
            Lang::Uk => &p.name_uk,
            Lang::Ru => &p.name_ru,
            _ => &p.name,
        };
        return if local.is_empty() { &p.name } else { local }.clone();
    }
    if lang == Lang::En {
        return name.to_string();
    }
    let found = state.reference.gazetteer.lookup_strict(name, None);
    match found.resolution.found() {
        Some(p) if p.name == name => {
            let local = if lang == Lang::Uk {
                &p.name_uk
            } else {
                &p.name_ru
            };
            if local.is_empty() {
                name.to_string()
            } else {
                local.clone()
            }
        }
        _ => name.to_string(),
    }
}

/// What a report says, in words that keep its stance: a denial reads as one.
fn report_says(state: &AppState, lang: Lang, r: &truce_model::Report) -> String {
    if r.act == truce_model::Act::Fire {
        return lang.t("says-fire");
    }
    let by = match r.perpetrator.as_deref() {
        Some(p) => party_name(state, lang, p),
        None => lang.t("unnamed-party"),
    };
    let mut means = lang.label("means", r.means.as_str());
    if let Some(m) = r.means_text.as_deref() {
        means = format!("{means} ({m})");
    }
    let mut target = lang.label("target", r.target_class.as_str());
    if let Some(t) = r.target_name.as_deref() {
        target = format!("{t} ({target})");
    }
    let what = lang.args(
        "says-what",
        &[
            ("act", lang.label("act", r.act.as_str()).into()),
            ("by", by.into()),
            ("means", means.into()),
            ("target", target.into()),
        ],
    );
    let key = match r.stance {
        truce_model::Stance::Alleges => "says-alleges",
        truce_model::Stance::Denies => "says-denies",
        truce_model::Stance::Confirms => "says-confirms",
        truce_model::Stance::Observes => "says-observes",
    };
    lang.args(key, &[("what", what.into())])
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    f: Frame,
    d: api::IncidentDetail,
    sides: Vec<SideView>,
    /// The event in neutral words: what was hit, where, when.
    headline: String,
    /// A small map of the incident and its reports' places (SVG), empty
    /// when nothing is located.
    minimap: String,
    /// The incident's region in the viewer's language (its code in the
    /// title), empty when none is known.
    region: String,
    /// Where the claims differ on what happened or who did it.
    disputes: Vec<String>,
    findings: Vec<FindingView>,
    /// Ships heard near the incident around its time (AIS).
    vessels: Vec<VesselView>,
    decisions: Vec<(truce_store::Decision, String)>,
    occurred: String,
    /// The incident's place in the viewer's language, from the gazetteer.
    place: String,
    /// What happened, in words.
    what: String,
    can_review: bool,
    can_adjudicate: bool,
    message: String,
    acts: Vec<&'static str>,
    means: Vec<&'static str>,
    targets: Vec<&'static str>,
}

async fn incident(
    State(state): St,
    viewer: Viewer,
    id: Result<P<String>, AppError>,
    headers: HeaderMap,
) -> PageResult {
    let P(id) = id?;
    let flash = auth::Flash::take(&headers, &viewer);
    let d = api::incident_detail(&state, &viewer, id.clone()).await?;
    if d.incident.id != id {
        // Merged into another: its address is the one to keep.
        return Ok(Redirect::permanent(&format!("/incidents/{}", d.incident.id)).into_response());
    }
    let zone = viewer_tz(&state, &viewer);
    let reports: Vec<ReportView> = d
        .reports
        .iter()
        .map(|r| {
            let p = &r.report;
            ReportView {
                occurred: fmt_time(p.occurred_at, &zone)
                    + &format!(" ({})", viewer.lang.label("tp", p.time_precision.as_str())),
                grading: format!(
                    "{}{}",
                    p.reliability.map(|x| x.as_str()).unwrap_or("–"),
                    p.credibility.map(|x| x.as_str()).unwrap_or("–")
                ),
                grading_words: [
                    p.reliability
                        .map(|x| viewer.lang.label("reliability", x.as_str())),
                    p.credibility
                        .map(|x| viewer.lang.label("credibility", x.as_str())),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; "),
                place: match (&p.place, p.location) {
                    (Some(n), Some(l)) => format!("{n} ({:.3}, {:.3})", l.lat, l.lon),
                    (Some(n), None) => n.clone(),
                    (None, Some(l)) => format!("{:.3}, {:.3}", l.lat, l.lon),
                    (None, None) => viewer.lang.t("not-located"),
                } + &format!(" ± {} km", p.geo_precision.radius_km()),
                says: report_says(&state, viewer.lang, p),
                row: r.clone(),
            }
        })
        .collect();
    let (sides, disputes) = sides_of(&state, viewer.lang, reports);
    let headline = incident_headline(&state, viewer.lang, &zone, &d.incident);
    let minimap = incident_minimap(&state, viewer.lang, &d);
    let mut findings: Vec<FindingView> = d
        .findings
        .iter()
        .map(|f| {
            let c = state.reference.agreement.commitment(&f.commitment_id);
            let votes = d
                .decisions
                .iter()
                .filter(|x| x.finding_id.as_deref() == Some(&f.id))
                .map(|x| {
                    format!(
                        "{} ({}): {}",
                        x.actor,
                        viewer.lang.label("role", &x.role),
                        if matches!(x.action.as_str(), "confirm" | "reject") {
                            viewer.lang.label("vote", &x.action)
                        } else {
                            viewer.lang.label("action", &x.action)
                        }
                    )
                })
                .collect();
            let voted = d.decisions.iter().any(|x| {
                x.finding_id.as_deref() == Some(&f.id)
                    && Some(x.actor.as_str()) == viewer.name()
                    && matches!(x.action.as_str(), "confirm" | "reject")
            });
            FindingView {
                voted,
                trace: trace::lines(&state, viewer.lang, &zone, &f.trace),
                against: party_name(&state, viewer.lang, &f.party),
                commitment_title: c
                    .map(|c| c.title_in(viewer.lang.code()).to_string())
                    .unwrap_or_default(),
                reading_title: c
                    .and_then(|c| c.readings.iter().find(|r| r.id == f.reading_id))
                    .map(|r| r.title_in(viewer.lang.code()).to_string())
                    .unwrap_or_default(),
                f: f.clone(),
                votes,
            }
        })
        .collect();
    findings.sort_by_key(|x| {
        (
            status_rank(x.f.status),
            x.f.commitment_id.clone(),
            x.f.reading_id.clone(),
        )
    });
    let decisions = d
        .decisions
        .iter()
        .map(|x| (x.clone(), fmt_time(x.at, &zone)))
        .collect();
    let vessels = vessels_near(&state, &viewer, &d.incident, &zone).await?;
    let occurred = format!(
        "{} – {}",
        fmt_time(truce_model_period_start(&d.incident), &zone),
        fmt_time(truce_model_period_end(&d.incident), &zone)
    );
    let l = viewer.lang;
    let place = d
        .incident
        .place
        .as_deref()
        .map(|p| place_name(&state, l, p))
        .unwrap_or_default();
    let what = l.args(
        "incident-what",
        &[
            ("act", l.label("act", &d.incident.act).into()),
            ("means", l.label("means", &d.incident.means).into()),
            ("target", l.label("target", &d.incident.target_class).into()),
        ],
    );
    let page = html(IncidentPage {
        f: Frame::new(
            &state,
            &viewer,
            l.args("incident-title", &[("id", d.incident.id.clone().into())]),
            "incidents",
        ),
        occurred,
        place,
        what,
        sides,
        headline,
        minimap,
        region: d
            .incident
            .region
            .as_deref()
            .map(|r| place_name(&state, viewer.lang, r))
            .unwrap_or_default(),
        disputes,
        findings,
        vessels,
        decisions,
        can_review: matches!(viewer.role(), Some(Role::Monitor | Role::Adjudicator)),
        can_adjudicate: viewer.role() == Some(Role::Adjudicator),
        message: flash.message.clone(),
        acts: truce_model::Act::ALL.iter().map(|x| x.as_str()).collect(),
        means: truce_model::Means::ALL.iter().map(|x| x.as_str()).collect(),
        targets: truce_model::TargetClass::ALL
            .iter()
            .map(|x| x.as_str())
            .collect(),
        d,
    })?;
    Ok(flash.shown(page))
}

/// One side's account of an incident: (denies, act, who, means), as codes.
/// The incident on a small map: its place with how precisely it is known
/// (the dashed circle, always drawn here), and each located report's own
/// place, so that two sides placing the event apart can be seen. The same
/// drawing as the main map, framed on the incident.
fn incident_minimap(state: &AppState, lang: Lang, d: &api::IncidentDetail) -> String {
    let i = &d.incident;
    let mut points = Vec::new();
    for r in &d.reports {
        let p = &r.report;
        if let Some(l) = p.location {
            points.push(crate::svg::MapPoint {
                lat: l.lat,
                lon: l.lon,
                status: "report".into(),
                label: format!("{} · {}", p.source, lang.label("stance", p.stance.as_str())),
                href: format!("#report-{}", r.id),
                day: 0,
                radius_km: 0.0,
            });
        }
    }
    if let (Some(lat), Some(lon)) = (i.lat, i.lon) {
        points.push(crate::svg::MapPoint {
            lat,
            lon,
            status: i.status.clone(),
            label: lang.label("status", &i.status),
            href: String::new(),
            day: 0,
            radius_km: {
                let r = truce_model::GeoPrecision::parse(&i.geo_precision)
                    .map_or(0.0, |g| g.radius_km());
                if i.coarsened {
                    // Rounded to a grid for the public: the cell's half-diagonal.
                    r.max(state.reference.agreement.public_precision_deg * 111.0 * 0.71)
                } else {
                    r
                }
            },
        });
    }
    if points.is_empty() {
        return String::new();
    }
    let (mut w, mut s_, mut e, mut n) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    let mut reach_km: f64 = 25.0;
    for p in &points {
        w = w.min(p.lon);
        e = e.max(p.lon);
        s_ = s_.min(p.lat);
        n = n.max(p.lat);
        // A place known only to the country would make the whole country
        // the frame: the small map stays on the region around the point.
        reach_km = reach_km.max((p.radius_km * 1.3).min(300.0));
    }
    // At least the uncertainty circle and some country around it.
    let pad_lat = (reach_km / 111.0).max(0.35);
    let pad_lon = pad_lat / ((s_ + n) / 2.0).to_radians().cos().max(0.2);
    let bounds = [w - pad_lon, s_ - pad_lat, e + pad_lon, n + pad_lat];
    crate::svg::map_svg_in(
        crate::svg::Basemap::embedded(),
        &state.reference.agreement.zones,
        &points,
        &map_labels(state, lang),
        &[],
        Some(bounds),
        None,
        &lang,
    )
}

/// The event in neutral words: what was hit, where, when. The incident page's
/// heading and the overview's cards both take it, so neither takes a side.
fn incident_headline(
    state: &AppState,
    lang: Lang,
    zone: &jiff::tz::TimeZone,
    i: &api::IncidentOut,
) -> String {
    let what = i
        .target_name
        .clone()
        .unwrap_or_else(|| capitalised(&lang.label("target", &i.target_class)));
    let place = i.place.clone().or_else(|| i.region.clone());
    let day = fmt_time(truce_model_period_start(i), zone);
    let day = day.get(..10).unwrap_or(&day).to_string();
    match place {
        Some(p) if !what.contains(p.as_str()) => {
            format!("{what} · {} · {day}", place_name(state, lang, &p))
        }
        _ => format!("{what} · {day}"),
    }
}

/// The parties the reports name as having done it (denials left out), in
/// the agreement's order, then any name the agreement does not know.
fn alleged_of(state: &AppState, lang: Lang, reports: &[&truce_model::Report]) -> Vec<String> {
    let parties = &state.reference.agreement.parties;
    let resolver = state.reference.agreement.party_resolver();
    let mut ids: Vec<String> = reports
        .iter()
        .filter(|r| r.stance != truce_model::Stance::Denies)
        .filter_map(|r| r.perpetrator.as_deref())
        .map(|p| resolver.resolve(p).unwrap_or(p).to_string())
        .collect();
    ids.sort_by_key(|id| {
        (
            parties
                .iter()
                .position(|p| &p.id == id)
                .unwrap_or(usize::MAX),
            id.clone(),
        )
    });
    ids.dedup();
    ids.iter().map(|id| party_name(state, lang, id)).collect()
}

/// The reports grouped by side: each party's claims in the agreement's order,
/// then the independent voices (the mission, sensors, the press); and, where
/// the claims differ on what happened or who did it, each side's account.
fn sides_of(
    state: &AppState,
    lang: Lang,
    reports: Vec<ReportView>,
) -> (Vec<SideView>, Vec<String>) {
    let disputes = disputes_of(
        state,
        lang,
        &reports.iter().map(|r| &r.row.report).collect::<Vec<_>>(),
    );
    let parties = &state.reference.agreement.parties;
    let mut by: Vec<Vec<ReportView>> = (0..=parties.len()).map(|_| Vec::new()).collect();
    for r in reports {
        let k = side_index(state, &r.row.report).unwrap_or(parties.len());
        by[k].push(r);
    }
    let sides = by
        .into_iter()
        .enumerate()
        .filter(|(_, rs)| !rs.is_empty())
        .map(|(k, reports)| match parties.get(k) {
            Some(p) => SideView {
                title: lang.args(
                    "side-claims-by",
                    &[
                        ("name", p.name_in(lang.code()).to_string().into()),
                        ("id", p.id.clone().into()),
                    ],
                ),
                class: format!("party-{}", p.id),
                reports,
            },
            None => SideView {
                title: lang.t("side-independent"),
                class: "independent".into(),
                reports,
            },
        })
        .collect();
    (sides, disputes)
}

/// Where the claims differ on what happened or who did it: each side's
/// account (see [`truce_app::claims`]). Empty when they agree.
fn disputes_of(state: &AppState, lang: Lang, reports: &[&truce_model::Report]) -> Vec<String> {
    truce_app::claims::disputes_of(&state.reference.agreement, &lang, reports)
}

/// The party a report speaks for, as its place in the agreement's list.
fn side_index(state: &AppState, r: &truce_model::Report) -> Option<usize> {
    truce_app::claims::side_index(&state.reference.agreement, r)
}

fn truce_model_period_start(i: &api::IncidentOut) -> i64 {
    i.start
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or(0)
}

fn truce_model_period_end(i: &api::IncidentOut) -> i64 {
    i.end
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or(0)
}

/// The review form: one form per action on the incident page.
#[derive(Deserialize, Default)]
struct DecideForm {
    csrf: String,
    action: String,
    #[serde(default)]
    finding: Option<String>,
    #[serde(default)]
    other: Option<String>,
    /// Split: report ids, comma-separated (checkboxes post one `reports` each).
    #[serde(default)]
    reports: Option<String>,
    #[serde(default)]
    report: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    act: Option<String>,
    #[serde(default)]
    means: Option<String>,
    #[serde(default)]
    target_class: Option<String>,
    #[serde(default)]
    target_name: Option<String>,
    #[serde(default)]
    perpetrator: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    reason: String,
}

/// Refuses a form about an incident that does not exist (or an id no
/// incident could have), before anything is written or redirected to; an id
/// merged away names the incident that holds its reports now.
async fn known_incident(state: &Arc<AppState>, id: &str) -> Result<String, AppError> {
    let well_formed = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let found = if well_formed {
        let id = id.to_string();
        state.read(move |s| Ok(s.resolve_incident(&id)?)).await?
    } else {
        None
    };
    found.ok_or_else(|| AppError::NotFound("no such incident".into()))
}

#[derive(Template)]
#[template(path = "conflict.html")]
struct ConflictPage {
    f: Frame,
    message: String,
    incident: String,
    reason: String,
}

async fn decide_form(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
    Form(form): Form<DecideForm>,
) -> PageResult {
    viewer.check_csrf(&form.csrf)?;
    let id = known_incident(&state, &id).await?;
    let back = |msg: &str, to: &str| -> PageResult {
        Ok(redirect_with_flash(
            &state,
            &viewer,
            &format!("/incidents/{to}#decided"),
            msg,
        ))
    };
    if form.action == "note" {
        let user = viewer
            .require(&[Role::Monitor, Role::Adjudicator])?
            .name
            .clone();
        let text = form.note.clone().unwrap_or_default().trim().to_string();
        if text.is_empty() || text.len() > review::MAX_REASON {
            return Err(
                AppError::BadRequest("a note needs some text (at most 4000 bytes)".into()).into(),
            );
        }
        let inc = id.clone();
        state
            .write(move |s, _| {
                s.add_note(&inc, &user, &text)?;
                Ok(())
            })
            .await?;
        return back(&viewer.lang.t("decided-note"), &id);
    }
    let mut fields = serde_json::Map::new();
    for (k, v) in [
        ("act", &form.act),
        ("means", &form.means),
        ("target_class", &form.target_class),
        ("target_name", &form.target_name),
        ("perpetrator", &form.perpetrator),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            fields.insert(k.into(), serde_json::Value::String(v.into()));
        }
    }
    let parse_id = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| AppError::BadRequest(format!("\"{s}\" is not a report number")))
    };
    let reports = form
        .reports
        .as_deref()
        .unwrap_or("")
        .split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(parse_id)
        .collect::<Result<Vec<_>, _>>()?;
    let req = DecisionRequest {
        action: form.action.clone(),
        incident: Some(id.clone()),
        incidents: form
            .other
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        reports,
        report: form
            .report
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(parse_id)
            .transpose()?,
        fields,
        finding: form.finding.clone(),
        status: form.status.clone(),
        reason: form.reason.clone(),
    };
    let out = match review::decide(&state, &viewer, req).await {
        Ok(out) => out,
        // Someone decided first: the page says so, signed in as before, and
        // gives back the reason typed so that it is not lost.
        Err(AppError::Conflict(message)) => {
            let mut r = html(ConflictPage {
                f: Frame::new(
                    &state,
                    &viewer,
                    viewer.lang.t("conflict-title"),
                    "incidents",
                ),
                message,
                incident: id,
                reason: form.reason.clone(),
            })?;
            *r.status_mut() = StatusCode::CONFLICT;
            return Ok(r);
        }
        Err(e) => return Err(e.into()),
    };
    let lang = viewer.lang;
    let entry = out.decision.log_index.unwrap_or(0).to_string();
    let msg = match (&out.verdict, &out.pending) {
        (Some(v), _) => lang.args(
            "decided-verdict",
            &[
                ("entry", entry.into()),
                ("status", lang.label("status", v.as_str()).into()),
            ],
        ),
        // The other adjudicator's vote is awaited (four eyes).
        (None, Some(_)) => lang.args(
            "decided-awaits",
            &[
                ("entry", entry.into()),
                ("action", lang.label("vote", &form.action).into()),
            ],
        ),
        _ => lang.args("decided-entry", &[("entry", entry.into())]),
    };
    // After a merge or split the incident may have a new id.
    let to = out
        .incidents
        .iter()
        .find(|x| **x == id)
        .or(out.incidents.first())
        .cloned()
        .unwrap_or(id);
    back(&msg, &to)
}

#[derive(Deserialize)]
struct AssignForm {
    csrf: String,
    #[serde(default)]
    release: Option<String>,
}

async fn assign_form(
    State(state): St,
    viewer: Viewer,
    P(id): P<String>,
    Form(form): Form<AssignForm>,
) -> PageResult {
    viewer.check_csrf(&form.csrf)?;
    let user = viewer
        .require(&[Role::Monitor, Role::Adjudicator])?
        .name
        .clone();
    let id = known_incident(&state, &id).await?;
    let inc = id.clone();
    let release = form.release.is_some();
    let lang = viewer.lang;
    let msg = state
        .write(move |s, _| {
            if release {
                s.release(&inc, &user, false)?;
                return Ok(lang.t("assign-released"));
            }
            let holder = s.assign(&inc, &user)?;
            Ok(if holder == user {
                lang.t("assign-mine")
            } else {
                lang.args("assign-held", &[("holder", holder.into())])
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &state,
        &viewer,
        &format!("/incidents/{id}"),
        &msg,
    ))
}

// Review queue.

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    f: Frame,
    rows: Vec<QueueRow>,
    me: String,
    /// What the last "Take" did, shown once.
    message: String,
    /// Rows refused at intake (listed on /rejections).
    refused: u64,
    /// The filters as given, for the form.
    q: truce_app::filters::QueueParams,
    commitments: Vec<(String, String)>,
    parties: Vec<(String, String)>,
    statuses: Vec<&'static str>,
    /// May take incidents (monitors and adjudicators; an administrator
    /// watches the queue).
    can_take: bool,
    /// The query string of the filters (for the take form's way back).
    query: String,
    full: bool,
}

/// One incident of the queue, in words.
struct QueueRow {
    item: truce_store::QueueItem,
    when: String,
    /// Whole days since the event began.
    days: u64,
    place: String,
    against: String,
}

impl QueuePage {
    fn sel(v: &Option<String>, x: &str) -> bool {
        v.as_deref() == Some(x)
    }
}

async fn queue(
    State(state): St,
    viewer: Viewer,
    q: Result<Q<truce_app::filters::QueueParams>, AppError>,
    headers: HeaderMap,
) -> PageResult {
    let user = viewer.require(&[Role::Administrator, Role::Monitor, Role::Adjudicator])?;
    let Q(q) = q?;
    let flash = auth::Flash::take(&headers, &viewer);
    let me = user.name.clone();
    let (p, st, who) = (q.clone(), state.clone(), me.clone());
    let (items, refused) = state
        .read(move |s| {
            let filter = truce_app::filters::parse_queue(s, &st.reference, &p, &who)?;
            Ok((s.queue(&filter)?, s.rejection_count()?))
        })
        .await?;
    let zone = viewer_tz(&state, &viewer);
    let now = jiff::Timestamp::now().as_second();
    let lang = viewer.lang;
    let full = items.len() as u64 >= truce_app::filters::QUEUE_MAX;
    let rows = items
        .into_iter()
        .map(|i| {
            let place = match (&i.place, &i.region) {
                (Some(p), Some(r)) if p != r => format!(
                    "{} · {}",
                    place_name(&state, lang, p),
                    place_name(&state, lang, r)
                ),
                (Some(p), _) => place_name(&state, lang, p),
                (None, Some(r)) => place_name(&state, lang, r),
                (None, None) => lang.t("form-unknown"),
            };
            let against = i
                .parties
                .iter()
                .map(|p| party_name(&state, lang, p))
                .collect::<Vec<_>>()
                .join(", ");
            QueueRow {
                when: fmt_time(i.occurred_start, &zone),
                days: (now.saturating_sub(i.occurred_start) / 86_400).max(0) as u64,
                place,
                against,
                item: i,
            }
        })
        .collect();
    let a = &state.reference.agreement;
    let query = {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("status", &q.status),
            ("party", &q.party),
            ("commitment", &q.commitment),
            ("assigned", &q.assigned),
            ("sort", &q.sort),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                ser.append_pair(k, v);
            }
        }
        ser.finish()
    };
    let page = html(QueuePage {
        f: Frame::new(&state, &viewer, viewer.lang.t("queue-title"), "queue"),
        rows,
        me,
        message: flash.message.clone(),
        refused,
        q,
        commitments: a
            .commitments
            .iter()
            .map(|c| (c.id.clone(), c.title_in(viewer.lang.code()).to_string()))
            .collect(),
        parties: party_choices(&state, viewer.lang),
        statuses: truce_store::OPEN_STATUSES
            .iter()
            .map(|s| s.as_str())
            .collect(),
        can_take: matches!(viewer.role(), Some(Role::Monitor | Role::Adjudicator)),
        query,
        full,
    })?;
    Ok(flash.shown(page))
}

/// Takes the incidents ticked on the queue page, each as the incident page's
/// "Take" does; those another person holds stay theirs, and the message
/// says so.
async fn queue_take(
    State(state): St,
    viewer: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let field = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    viewer.check_csrf(&field("csrf"))?;
    let user = viewer
        .require(&[Role::Monitor, Role::Adjudicator])?
        .name
        .clone();
    let ids: Vec<String> = form
        .iter()
        .filter(|(n, _)| n == "incident")
        .map(|(_, v)| v.clone())
        .take(truce_app::filters::QUEUE_MAX as usize)
        .collect();
    // Back to the queue as it was filtered: only the queue's own fields,
    // encoded again, so the way back cannot lead anywhere else.
    let back = {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(field("back").as_bytes()) {
            if ["status", "party", "commitment", "assigned", "sort"].contains(&k.as_ref())
                && v.len() <= 100
            {
                ser.append_pair(&k, &v);
            }
        }
        format!("/queue?{}", ser.finish())
    };
    let lang = viewer.lang;
    if ids.is_empty() {
        return Ok(redirect_with_flash(
            &state,
            &viewer,
            &back,
            &lang.t("queue-took-none"),
        ));
    }
    let (taken, held) = state
        .write(move |s, _| {
            let (mut taken, mut held) = (0u64, Vec::new());
            for id in &ids {
                if s.incident_published(id)?.is_none() {
                    continue;
                }
                let holder = s.assign(id, &user)?;
                if holder == user {
                    taken += 1;
                } else {
                    held.push(format!("{id} ({holder})"));
                }
            }
            Ok((taken, held))
        })
        .await?;
    let mut msg = lang.n("queue-took", taken);
    if !held.is_empty() {
        msg.push(' ');
        msg.push_str(&lang.args("queue-held", &[("which", held.join(", ").into())]));
    }
    Ok(redirect_with_flash(&state, &viewer, &back, &msg))
}

// Agreement.

struct ReadingView {
    id: String,
    title: String,
    party: String,
    note: String,
    period: String,
    acts: String,
    means: String,
    targets: String,
    zone: String,
}

struct CommitmentView {
    id: String,
    title: String,
    text: String,
    status: String,
    binds: String,
    note: String,
    readings: Vec<ReadingView>,
    /// For a commitment on launches: the air-attack tallies over its period.
    tallies: Option<TallyView>,
}

/// Launched per day by weapon class (a chart), and the totals per class.
struct TallyView {
    chart: String,
    /// Class, launched, destroyed.
    totals: Vec<(String, u64, u64)>,
}

/// The tallies over a commitment's period, when it covers launches.
fn tally_view(
    c: &truce_model::Commitment,
    rows: &[truce_app::tallies::DailyTally],
    zone: &jiff::tz::TimeZone,
    lang: Lang,
) -> Option<TallyView> {
    if !c
        .readings
        .iter()
        .any(|r| r.scope.acts.contains(&truce_model::Act::Launch))
    {
        return None;
    }
    let periods: Vec<truce_model::Period> = c.readings.iter().map(|r| r.period).collect();
    let period = truce_model::Period::hull(&periods);
    let day = |t: i64| {
        jiff::Timestamp::from_second(t)
            .ok()
            .map(|ts| ts.to_zoned(zone.clone()).date())
    };
    let (first, last) = (day(period.start)?, day(period.end - 1)?);
    let n = (first.until(last).ok()?.get_days().max(0) + 1) as usize;
    let mut by_class: std::collections::BTreeMap<&str, (Vec<u32>, u64, u64)> =
        std::collections::BTreeMap::new();
    for r in rows {
        let Ok(d) = jiff::civil::Date::strptime("%Y-%m-%d", &r.date) else {
            continue;
        };
        let Ok(i) = first.until(d).map(|s| s.get_days()) else {
            continue;
        };
        if !(0..n as i32).contains(&i) {
            continue;
        }
        let e = by_class
            .entry(r.means.as_str())
            .or_insert_with(|| (vec![0; n], 0, 0));
        e.0[i as usize] = e.0[i as usize].saturating_add(r.launched.min(u32::MAX as u64) as u32);
        e.1 += r.launched;
        e.2 += r.destroyed;
    }
    if by_class.is_empty() {
        return None;
    }
    let series: Vec<crate::svg::Series> = by_class
        .iter()
        .map(|(class, (counts, _, _))| crate::svg::Series {
            label: lang.label("means", class),
            status: format!("m-{}", class.replace('.', "-")),
            counts: counts.clone(),
        })
        .collect();
    let chart = crate::svg::daily_chart_svg_in(
        &lang.args(
            "agreement-tallies-chart",
            &[("commitment", c.title_in(lang.code()).to_string().into())],
        ),
        first,
        &series,
        crate::svg::Months::of(lang.code()),
    );
    Some(TallyView {
        chart,
        totals: by_class
            .into_iter()
            .map(|(class, (_, l, d))| (lang.label("means", class), l, d))
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    f: Frame,
    description: String,
    parties: Vec<(String, String)>,
    commitments: Vec<CommitmentView>,
}

async fn agreement(State(state): St, viewer: Viewer) -> PageResult {
    let a = &state.reference.agreement;
    let zone = viewer_tz(&state, &viewer);
    let tallies = state
        .read(|s| truce_app::tallies::daily(s, &truce_app::tallies::TallyFilter::default()))
        .await?;
    let lang = viewer.lang;
    let list = |v: Vec<String>| {
        if v.is_empty() {
            lang.t("agreement-any")
        } else {
            v.join(", ")
        }
    };
    let commitments = a
        .commitments
        .iter()
        .map(|c| CommitmentView {
            id: c.id.clone(),
            title: c.title_in(lang.code()).to_string(),
            text: c.text_in(lang.code()).to_string(),
            status: lang.label(
                "commitment-status",
                &format!("{:?}", c.status).to_lowercase(),
            ),
            binds: c
                .binds
                .iter()
                .map(|p| party_name(&state, lang, p))
                .collect::<Vec<_>>()
                .join(", "),
            note: c.note_in(lang.code()).unwrap_or_default().to_string(),
            readings: c
                .readings
                .iter()
                .map(|r| ReadingView {
                    id: r.id.clone(),
                    title: r.title_in(lang.code()).to_string(),
                    party: r
                        .party
                        .as_deref()
                        .map(|p| party_name(&state, lang, p))
                        .unwrap_or_default(),
                    note: r.note_in(lang.code()).unwrap_or_default().to_string(),
                    period: format!(
                        "{} – {}",
                        fmt_time(r.period.start, &zone),
                        fmt_time(r.period.end, &zone)
                    ),
                    acts: list(
                        r.scope
                            .acts
                            .iter()
                            .map(|x| lang.label("act", x.as_str()))
                            .collect(),
                    ),
                    means: list(
                        r.scope
                            .means
                            .iter()
                            .map(|p| pattern_words(lang, "means", p))
                            .collect(),
                    ),
                    targets: list(
                        r.scope
                            .targets
                            .iter()
                            .map(|p| pattern_words(lang, "target", p))
                            .collect(),
                    ),
                    zone: r
                        .scope
                        .zone
                        .as_deref()
                        .map(|z| a.zone_name_in(z, lang.code()).to_string())
                        .unwrap_or_else(|| lang.t("agreement-anywhere")),
                })
                .collect(),
            tallies: tally_view(c, &tallies, &zone, lang),
        })
        .collect();
    html(AgreementPage {
        f: Frame::new(&state, &viewer, lang.t("agreement-title"), "agreement"),
        description: a
            .description_in(lang.code())
            .unwrap_or_default()
            .to_string(),
        parties: party_choices(&state, viewer.lang),
        commitments,
    })
}

/// A scope pattern as a reader says it: "missiles (every kind)", not
/// `Family("missile")`; the code stays for researchers in brackets.
fn pattern_words(lang: Lang, kind: &str, p: &truce_model::Pattern) -> String {
    match p {
        truce_model::Pattern::Any => lang.t("agreement-any"),
        truce_model::Pattern::Family(f) => format!(
            "{} ({f}.*)",
            lang.args(
                "agreement-family",
                &[("family", lang.label("family", f).into())]
            )
        ),
        truce_model::Pattern::Exact(x) => lang.label(kind, x),
    }
}

// Report form.

#[derive(Template)]
#[template(path = "report_form.html")]
struct ReportFormPage {
    f: Frame,
    acts: Vec<&'static str>,
    means: Vec<&'static str>,
    targets: Vec<&'static str>,
    stances: Vec<&'static str>,
    parties: Vec<(String, String)>,
    places: Vec<api::PlaceOut>,
    precisions: Vec<(&'static str, &'static str)>,
    zone: String,
    message: String,
    /// The incident the report filed just now joined.
    joined: Option<String>,
    errors: Vec<String>,
    v: ReportFields,
}

#[derive(Deserialize, Default, Clone)]
struct ReportFields {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    external_id: String,
    #[serde(default)]
    occurred_at: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    act: String,
    #[serde(default)]
    means: String,
    #[serde(default)]
    target_class: String,
    #[serde(default)]
    target_name: String,
    #[serde(default)]
    perpetrator: String,
    #[serde(default)]
    stance: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    time_precision: String,
    /// "Look up the place" instead of submitting.
    #[serde(default)]
    lookup: Option<String>,
    /// A place chosen among the lookup's answers: "lat,lon,name".
    #[serde(default)]
    pick: Option<String>,
}

/// The form's fields in the words the form shows, for errors.
fn form_label(field: &str) -> &str {
    match field {
        "occurred_at" | "time_precision" => "When it happened",
        "latitude" | "longitude" | "place" | "location" => "Where",
        "act" => "What happened",
        "means" => "With what",
        "target_class" => "Against what",
        "target_name" => "Target's name",
        "perpetrator" => "By whom",
        "stance" => "The report",
        "external_id" => "Your reference",
        "text" => "Text",
        "url" => "Source address",
        other => other,
    }
}

fn report_form_page(
    state: &AppState,
    viewer: &Viewer,
    v: ReportFields,
    message: String,
    joined: Option<String>,
    errors: Vec<String>,
) -> PageResult {
    let places = if v.lookup.is_some() {
        api::place_suggestions(state, &v.place, 10)
    } else {
        Vec::new()
    };
    html(ReportFormPage {
        f: Frame::new(state, viewer, viewer.lang.t("nav-report"), "report"),
        acts: truce_model::Act::ALL.iter().map(|x| x.as_str()).collect(),
        means: truce_model::Means::ALL.iter().map(|x| x.as_str()).collect(),
        targets: truce_model::TargetClass::ALL
            .iter()
            .map(|x| x.as_str())
            .collect(),
        stances: truce_model::Stance::ALL
            .iter()
            .map(|x| x.as_str())
            .collect(),
        parties: party_choices(state, viewer.lang),
        places,
        precisions: vec![
            ("minute", "to the minute"),
            ("hour", "within the hour"),
            ("day", "that day"),
            ("week", "that week"),
            ("month", "that month"),
        ],
        zone: state.reference.agreement.timezone.clone(),
        message,
        joined,
        errors,
        v,
    })
}

async fn report_form(State(state): St, viewer: Viewer) -> PageResult {
    viewer.require(&[Role::Monitor, Role::Adjudicator, Role::Liaison])?;
    report_form_page(
        &state,
        &viewer,
        ReportFields::default(),
        String::new(),
        None,
        Vec::new(),
    )
}

async fn report_submit(
    State(state): St,
    viewer: Viewer,
    Form(v): Form<ReportFields>,
) -> PageResult {
    viewer.check_csrf(&v.csrf)?;
    viewer.require(&[Role::Monitor, Role::Adjudicator, Role::Liaison])?;
    if let Some(pick) = v.pick.clone() {
        let mut parts = pick.splitn(3, ',');
        let (lat, lon, name) = (parts.next(), parts.next(), parts.next());
        let mut v = v;
        if let (Some(lat), Some(lon), Some(name)) = (lat, lon, name)
            && lat.parse::<f64>().is_ok()
            && lon.parse::<f64>().is_ok()
        {
            v.latitude = lat.into();
            v.longitude = lon.into();
            v.place = name.into();
        }
        v.pick = None;
        let msg = format!("Place set: {}.", v.place);
        return report_form_page(&state, &viewer, v, msg, None, Vec::new());
    }
    if v.lookup.is_some() {
        let n = api::place_suggestions(&state, &v.place, 10).len();
        let msg = if n == 0 {
            format!(
                "No place starts with \"{}\"; give coordinates instead.",
                v.place
            )
        } else {
            format!("{n} places match; pick one.")
        };
        return report_form_page(&state, &viewer, v, msg, None, Vec::new());
    }
    let mut row = serde_json::Map::new();
    let mut put = |k: &str, val: &str| {
        if !val.trim().is_empty() {
            row.insert(k.into(), serde_json::Value::String(val.trim().into()));
        }
    };
    let external_id = if v.external_id.trim().is_empty() {
        format!("form-{}", jiff::Timestamp::now().as_millisecond())
    } else {
        v.external_id.clone()
    };
    put("external_id", &external_id);
    put("occurred_at", &v.occurred_at);
    put("place", &v.place);
    put("latitude", &v.latitude);
    put("longitude", &v.longitude);
    put("act", &v.act);
    put("means", &v.means);
    put("target_class", &v.target_class);
    put("target_name", &v.target_name);
    put("perpetrator", &v.perpetrator);
    put("stance", &v.stance);
    put("text", &v.text);
    put("url", &v.url);
    put("time_precision", &v.time_precision);
    // A blank choice is not a default: say what is missing, in the form's
    // words, before anything goes on the log.
    let missing: Vec<String> = [
        ("occurred_at", &v.occurred_at),
        ("act", &v.act),
        ("means", &v.means),
        ("target_class", &v.target_class),
        ("stance", &v.stance),
    ]
    .iter()
    .filter(|(_, val)| val.trim().is_empty())
    .map(|(k, _)| {
        format!(
            "{}: choose a value (\"unknown\" where it is not known)",
            form_label(k)
        )
    })
    .collect();
    if !missing.is_empty() {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            report_form_page(&state, &viewer, v, String::new(), None, missing)?,
        )
            .into_response());
    }
    let out = api::submit(&state, &viewer, vec![row]).await?;
    if out.accepted + out.superseded + out.duplicates > 0 {
        let joined = out.reports.first().and_then(|r| r.incident_id.clone());
        let msg = match &joined {
            Some(_) => format!("Report {external_id} received and logged."),
            None => format!(
                "Report {external_id} received and logged; it joins an incident at the next evaluation (a few seconds)."
            ),
        };
        report_form_page(
            &state,
            &viewer,
            ReportFields::default(),
            msg,
            joined,
            Vec::new(),
        )
    } else {
        let errors = out
            .rejections
            .iter()
            .map(|r| match &r.field {
                Some(f) => format!("{}: {}", form_label(f), r.reason),
                None => r.reason.clone(),
            })
            .collect();
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            report_form_page(&state, &viewer, v, String::new(), None, errors)?,
        )
            .into_response())
    }
}

// Sign-in.

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    f: Frame,
    error: String,
    name: String,
}

async fn login_form(State(state): St, viewer: Viewer) -> PageResult {
    html(LoginPage {
        f: Frame::new(&state, &viewer, viewer.lang.t("sign-in"), "login"),
        error: String::new(),
        name: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
}

async fn login(
    State(state): St,
    viewer: Viewer,
    auth::ClientIp(ip): auth::ClientIp,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let name = form.name.trim().to_string();
    let keys = vec![format!("user:{name}"), format!("ip:{ip}")];
    let st = state.clone();
    let asked = keys.clone();
    if let Some(wait) = state.read(move |s| st.limiter.blocked(s, &asked)).await? {
        return Err(AppError::TooMany(wait).into());
    }
    if form.password.len() > 1024 || name.len() > 200 {
        return Err(AppError::BadRequest("the name or password is too long".into()).into());
    }
    let lookup = name.clone();
    let user = state.read(move |s| Ok(s.user_by_name(&lookup)?)).await?;
    let password = form.password.clone();
    // Verify against a dummy hash when the account is unknown, so timing does
    // not tell which names exist.
    let phc = user.as_ref().and_then(|u| u.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || {
        auth::verify_password(&password, &phc.unwrap_or_else(dummy_hash))
    })
    .await
    .unwrap_or(false);
    let user = match user {
        Some(u) if ok && !u.disabled && u.password_hash.is_some() => u,
        _ => {
            let failed = keys.clone();
            state
                .write(move |s, st| Ok(st.limiter.failed(s, &failed)?))
                .await?;
            tracing::warn!(user = %name, "failed sign-in");
            let page = LoginPage {
                f: Frame::new(&state, &viewer, viewer.lang.t("sign-in"), "login"),
                error: "The name or password is wrong.".into(),
                name,
            };
            return Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response());
        }
    };
    let account = keys[..1].to_vec();
    state
        .write(move |s, st| Ok(st.limiter.succeeded(s, &account)?))
        .await?;
    let sid = auth::random_secret()?;
    let csrf = auth::random_secret()?;
    let hash = auth::secret_hash(&sid);
    let expires = jiff::Timestamp::now().as_second() + auth::SESSION_SECONDS;
    let uid = user.id;
    state
        .write(move |s, _| Ok(s.create_session(&hash, uid, &csrf, expires)?))
        .await?;
    tracing::info!(user = %user.name, role = %user.role, "signed in");
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={sid}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        state.session_cookie(),
        auth::SESSION_SECONDS
    );
    let mut r = Redirect::to(if user.role.is_staff() { "/queue" } else { "/" }).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// A valid Argon2id hash of a random password nobody knows, made once.
fn dummy_hash() -> String {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| {
        let secret = auth::random_secret().unwrap_or_else(|_| "unguessable-fallback".into());
        auth::hash_password(&secret).unwrap_or_default()
    })
    .clone()
}

#[derive(Deserialize)]
struct LogoutForm {
    csrf: String,
}

async fn logout(
    State(state): St,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> PageResult {
    viewer.check_csrf(&form.csrf)?;
    let parts_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == state.session_cookie())
        .map(|(_, v)| v.to_string());
    if let Some(sid) = parts_cookie {
        let hash = auth::secret_hash(&sid);
        state
            .write(move |s, _| Ok(s.delete_session(&hash)?))
            .await?;
    }
    let mut r = Redirect::to("/").into_response();
    // A `__Host-` cookie is only replaced by one that is `Secure` too.
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        state.session_cookie()
    )) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_read_back_as_written() {
        let q = ListQuery {
            party: Some("ru".into()),
            region: Some(String::new()),
            source: Some("a&b = c ~ Київ".into()),
            limit: Some(20),
            ..ListQuery::default()
        };
        let text = serde_urlencoded_like(&q);
        let back: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(
            back,
            [
                ("limit".to_string(), "20".to_string()),
                ("party".to_string(), "ru".to_string()),
                ("source".to_string(), "a&b = c ~ Київ".to_string()),
            ]
        );
    }
}
