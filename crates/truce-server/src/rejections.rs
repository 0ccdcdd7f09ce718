//! Refused rows for the mission's staff: which file (or feed, or API
//! submission) they came from, the line, the field and the reason, and the
//! row as it was read, newest first, so the row can be fixed at its source
//! and sent again. The same rows as `GET /api/v1/rejections` and `truce
//! rejections`, read from the one store.

use crate::app::{AppError, AppState, Q};
use crate::auth::Viewer;
use crate::i18n::Lang;
use crate::pages::{Frame, PageError, fmt_time, html};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use std::sync::Arc;
use truce_store::{RejectionFile, Role, StoredRejection};

/// Rows a page shows.
const PAGE: u64 = 100;
/// Characters of a row's text shown before "show the row".
const EXCERPT: usize = 160;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/rejections", get(page))
}

#[derive(Deserialize, Default)]
struct RejectionsQuery {
    file: Option<String>,
    /// The page after the row with this id.
    before: Option<i64>,
}

struct Row {
    r: StoredRejection,
    when: String,
    excerpt: String,
    /// Why it was refused, in the viewer's language.
    reason: String,
}

#[derive(Template)]
#[template(path = "rejections.html")]
struct RejectionsPage {
    f: Frame,
    /// Each file, when its latest row was refused, and its page.
    files: Vec<(RejectionFile, String, String)>,
    total: u64,
    file: String,
    rows: Vec<Row>,
    /// The query of the next (older) page, when there is one.
    older: Option<String>,
}

async fn page(
    State(state): St,
    viewer: Viewer,
    q: Result<Q<RejectionsQuery>, AppError>,
) -> Result<Response, PageError> {
    viewer.require(&[Role::Administrator, Role::Monitor, Role::Adjudicator])?;
    let Q(q) = q?;
    let file = q
        .file
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty());
    if file.as_ref().is_some_and(|f| f.len() > 1000) {
        return Err(AppError::BadRequest("file: at most 1,000 characters".into()).into());
    }
    let before = q.before;
    let f2 = file.clone();
    let (files, total, mut rows) = state
        .read(move |s| {
            Ok((
                s.rejection_files()?,
                s.rejection_count()?,
                s.rejections_newest(f2.as_deref(), before, PAGE + 1)?,
            ))
        })
        .await?;
    let older = (rows.len() as u64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let mut ser = form_urlencoded::Serializer::new(String::new());
        if let Some(f) = &file {
            ser.append_pair("file", f);
        }
        if let Some(last) = rows.last() {
            ser.append_pair("before", &last.id.to_string());
        }
        ser.finish()
    });
    let zone = crate::pages::viewer_tz(&state, &viewer);
    let rows = rows
        .into_iter()
        .map(|r| {
            let excerpt = if r.rejection.raw.chars().count() > EXCERPT {
                let cut: String = r.rejection.raw.chars().take(EXCERPT).collect();
                format!("{cut}…")
            } else {
                r.rejection.raw.clone()
            };
            Row {
                when: fmt_time(r.at, &zone),
                excerpt,
                reason: reason_in(viewer.lang, &r.rejection.reason),
                r,
            }
        })
        .collect();
    let files = files
        .into_iter()
        .map(|f| {
            let t = fmt_time(f.latest, &zone);
            let href = format!(
                "/rejections?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("file", &f.file)
                    .finish()
            );
            (f, t, href)
        })
        .collect();
    html(RejectionsPage {
        f: Frame::new(&state, &viewer, viewer.lang.t("rejections-title"), "queue"),
        files,
        total,
        file: file.unwrap_or_default(),
        rows,
        older,
    })
}

type St = State<Arc<AppState>>;

/// A reader's reason in `lang`: read back into its template
/// (`truce_model::reason`) and said by the message of that name, the
/// vocabulary's name in words; a reason no template gave stays as written.
pub fn reason_in(lang: Lang, text: &str) -> String {
    let Some((key, values)) = truce_model::reason::read(text) else {
        return text.to_string();
    };
    let args: Vec<(&'static str, FluentValue<'static>)> = values
        .into_iter()
        .map(|(name, v)| {
            let v = match name {
                "kind" => {
                    let term = format!("term-{}", v.replace(' ', "-"));
                    let t = lang.t(&term);
                    if t == term { v } else { t }
                }
                // Who filed a report, as the stores name them.
                "by" | "who" => match v.strip_prefix("party ") {
                    Some(p) => lang.args(
                        "filer-party",
                        &[("party", FluentValue::from(p.to_string()))],
                    ),
                    None if v == "the mission" => lang.t("filer-mission"),
                    None => v,
                },
                // What a JSON field takes, as the canonical reader says it.
                "takes" => match v.as_str() {
                    "text" => lang.t("takes-text"),
                    "a number or text" => lang.t("takes-number"),
                    _ if v.starts_with("a date") => lang.t("takes-date"),
                    _ => v,
                },
                _ => v,
            };
            (name, FluentValue::from(v))
        })
        .collect();
    lang.args(key, &args)
}
