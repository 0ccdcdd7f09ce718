//! The period compliance report on the site: the same report, and the same
//! markup, that `truce report` prints, inside the site's frame, with a form
//! to choose the days and the commitment and links to download it as HTML,
//! Markdown, JSON or PDF, all in the viewer's language. Staff see the
//! mission's view (every finding); everyone else, liaison offices included,
//! the public view (published incidents only), as the summary API counts
//! them.

use crate::app::{AppError, AppState, Q};
use crate::auth::Viewer;
use crate::i18n::Lang;
use crate::pages::{Frame, PageError};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use truce_app::report::{self, ComplianceReport};

type St = State<Arc<AppState>>;
type PageResult = Result<Response, PageError>;

/// The longest period one report covers (ten years).
const MAX_DAYS: i64 = 3660;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/reports/period", get(period)).route(
        "/static/report.css",
        get(|| async {
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/css; charset=utf-8"),
                    ),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=3600"),
                    ),
                ],
                report::CSS,
            )
        }),
    )
}

#[derive(Deserialize, Default)]
struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    commitment: Option<String>,
    /// `html`, `md` or `json` to download; none to read the page.
    format: Option<String>,
}

#[derive(Template)]
#[template(path = "period.html")]
struct PeriodPage {
    f: Frame,
    from: String,
    to: String,
    commitment: String,
    commitments: Vec<(String, String)>,
    public: bool,
    downloads: Vec<(&'static str, String)>,
    body: String,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn period(
    State(state): St,
    viewer: Viewer,
    q: Result<Q<PeriodQuery>, AppError>,
) -> PageResult {
    let Q(q) = q?;
    let lang = viewer.lang;
    let bad = |key: &str, field: &'static str, value: &str| {
        PageError::from(AppError::BadRequest(lang.args(
            key,
            &[
                ("field", lang.t(field).into()),
                ("value", value.to_string().into()),
            ],
        )))
    };
    let date = |v: &Option<String>, field: &'static str| match nonempty(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<jiff::civil::Date>()
            .map(Some)
            .map_err(|_| bad("period-bad-date", field, s)),
    };
    let (from, to) = (date(&q.from, "period-from")?, date(&q.to, "period-to")?);
    let format = nonempty(&q.format).map(str::to_string);
    if let Some(f) = &format
        && !["html", "md", "json", "pdf"].contains(&f.as_str())
    {
        return Err(bad("period-bad-format", "period-format", f));
    }
    let commitment = nonempty(&q.commitment).map(str::to_string);
    let commitments: Vec<(String, String)> = state
        .reference
        .agreement
        .commitments
        .iter()
        .map(|c| (c.id.clone(), c.title_in(lang.code()).to_string()))
        .collect();
    if let Some(c) = &commitment
        && !commitments.iter().any(|(id, _)| id == c)
    {
        return Err(bad("period-bad-commitment", "period-commitment", c));
    }
    let public = !viewer.is_staff();
    let st = state.clone();
    let one = commitment.clone();
    let report = state
        .read(move |s| {
            let (from, to) = match (from, to) {
                (Some(a), Some(b)) => (a, b),
                // Without both ends, the last seven days that have data.
                (a, b) => {
                    let last = b.or_else(|| last_day(s, &st, public)).unwrap_or_else(|| {
                        jiff::Zoned::now()
                            .with_time_zone(st.reference.timezone())
                            .date()
                    });
                    (
                        a.unwrap_or_else(|| last.saturating_sub(jiff::Span::new().days(6))),
                        last,
                    )
                }
            };
            Ok((
                from,
                to,
                checked(s, &st, lang, from, to, public, one.as_deref())?,
            ))
        })
        .await;
    let (from, to, report) = match report {
        Ok((from, to, Ok(r))) => (from, to, r),
        Ok((_, _, Err(e))) => return Err(bad(e.0, e.1, &e.2)),
        Err(e) => return Err(e.into()),
    };
    let query = |fmt: Option<&str>| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("from", &from.to_string())
            .append_pair("to", &to.to_string());
        if let Some(c) = &commitment {
            s.append_pair("commitment", c);
        }
        if let Some(f) = fmt {
            s.append_pair("format", f);
        }
        format!("/reports/period?{}", s.finish())
    };
    if format.as_deref() == Some("pdf") {
        return printed(&report, lang).await;
    }
    if let Some(f) = format {
        return download(&report, &f, lang);
    }
    let page = PeriodPage {
        f: Frame::new(&state, &viewer, lang.t("period-title"), "period"),
        from: from.to_string(),
        to: to.to_string(),
        commitment: commitment.clone().unwrap_or_default(),
        commitments,
        public,
        downloads: vec![
            ("HTML", query(Some("html"))),
            ("Markdown", query(Some("md"))),
            ("JSON", query(Some("json"))),
            ("PDF", query(Some("pdf"))),
        ],
        body: report::html_body(&report, &lang),
    };
    let mut r = Html(page.render()?).into_response();
    r.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    Ok(r)
}

/// A period the form may ask for, as the report sees it, or what is wrong
/// with it (message key, field key, value).
type Checked = Result<ComplianceReport, (&'static str, &'static str, String)>;

fn checked(
    s: &dyn truce_store::Store,
    state: &AppState,
    lang: Lang,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    public: bool,
    commitment: Option<&str>,
) -> anyhow::Result<Checked> {
    if to < from {
        return Ok(Err(("period-bad-order", "period-to", to.to_string())));
    }
    if to
        .since(from)
        .map_or(true, |d| i64::from(d.get_days()) > MAX_DAYS)
    {
        return Ok(Err(("period-too-long", "period-to", to.to_string())));
    }
    match report::build(s, &state.reference, &lang, from, to, public, commitment) {
        Ok(r) => Ok(Ok(r)),
        // A date the agreement's zone cannot place (the calendar's ends).
        Err(truce_app::Error::BadRequest(_)) => {
            Ok(Err(("period-bad-date", "period-to", to.to_string())))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// The latest day with any finding, in the agreement's zone.
fn last_day(
    s: &dyn truce_store::Store,
    state: &AppState,
    public: bool,
) -> Option<jiff::civil::Date> {
    let tz = state.reference.timezone();
    let offset = i64::from(jiff::Zoned::now().with_time_zone(tz).offset().seconds());
    let day = s
        .daily_counts(public, offset)
        .ok()?
        .into_iter()
        .map(|c| c.day)
        .max()?;
    jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .ok()
}

/// One PDF printed at a time: each is a Chromium process, and two cores
/// serve everyone else too.
static PRINTER: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

async fn printed(r: &ComplianceReport, lang: Lang) -> PageResult {
    let page = report::html(r, &lang);
    let name = format!("compliance-report-{}-{}.pdf", r.from, r.to);
    let _turn = PRINTER
        .acquire()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the printer is closed: {e}")))?;
    let bytes = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("report.pdf");
        pdf(&page, &out)?;
        Ok(std::fs::read(&out)?)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("the printing task failed: {e}")))?
    .map_err(AppError::Internal)?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

fn download(r: &ComplianceReport, format: &str, lang: Lang) -> PageResult {
    let (body, ctype, ext) = match format {
        "md" => (
            report::markdown(r, &lang),
            "text/markdown; charset=utf-8",
            "md",
        ),
        "json" => (
            serde_json::to_string_pretty(r).map_err(|e| AppError::Internal(e.into()))? + "\n",
            "application/json",
            "json",
        ),
        _ => (report::html(r, &lang), "text/html; charset=utf-8", "html"),
    };
    let name = format!("compliance-report-{}-{}.{ext}", r.from, r.to);
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    // In the viewer's language: caches keep the languages apart.
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// Prints a report page to PDF with headless Chromium (`TRUCE_CHROMIUM`, or
/// `chromium` / `chromium-browser` / `google-chrome` on the path).
pub fn pdf(html: &str, out: &Path) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let page = dir.path().join("report.html");
    std::fs::write(&page, html)?;
    let candidates: Vec<PathBuf> = match std::env::var_os("TRUCE_CHROMIUM") {
        Some(p) => vec![p.into()],
        None => ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .map(PathBuf::from)
            .collect(),
    };
    let target = std::path::absolute(out)?;
    for bin in &candidates {
        let run = std::process::Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", target.display()))
            .arg(format!("file://{}", page.display()))
            .output();
        match run {
            Ok(o) if o.status.success() && target.exists() => return Ok(()),
            Ok(o) => anyhow::bail!(
                "{} could not print the report: {}",
                bin.display(),
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ),
            Err(_) => continue,
        }
    }
    anyhow::bail!(
        "no Chromium to print the PDF with: install chromium, or set TRUCE_CHROMIUM; `--format html` writes the page to print"
    )
}
