//! The administrator's page of sources (`/admin/sources`): every source
//! with stored reports or a default, and the grading its rows get at intake
//! when they carry none (applied by `truce_app::ingest::Gradings`, for
//! files, feeds, submissions and statements alike).

use crate::app::{AppError, AppState};
use crate::auth::{self, Viewer};
use crate::pages::{Frame, PageError};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use std::collections::BTreeMap;
use std::sync::Arc;
use truce_model::{Credibility, Reliability};
use truce_store::{Role, SourceDefault};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/admin/sources", get(page).post(save))
}

type St = State<Arc<AppState>>;

struct SourceRow {
    source: String,
    reports: u64,
    reliability: String,
    credibility: String,
    note: String,
    /// Who set the default, and when (empty when none is set).
    set_by: String,
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesPage {
    f: Frame,
    rows: Vec<SourceRow>,
    reliabilities: Vec<&'static str>,
    credibilities: Vec<&'static str>,
    message: String,
}

async fn page(State(state): St, viewer: Viewer, headers: HeaderMap) -> Result<Response, PageError> {
    viewer.require(&[Role::Administrator])?;
    let (defaults, counts) = state
        .read(|s| Ok((s.source_defaults()?, s.source_counts()?)))
        .await?;
    let zone = crate::pages::viewer_tz(&state, &viewer);
    let mut rows: BTreeMap<String, SourceRow> = BTreeMap::new();
    for (source, reports) in counts {
        rows.insert(
            source.clone(),
            SourceRow {
                source,
                reports,
                reliability: String::new(),
                credibility: String::new(),
                note: String::new(),
                set_by: String::new(),
            },
        );
    }
    for d in defaults {
        let row = rows.entry(d.source.clone()).or_insert_with(|| SourceRow {
            source: d.source.clone(),
            reports: 0,
            reliability: String::new(),
            credibility: String::new(),
            note: String::new(),
            set_by: String::new(),
        });
        row.reliability = d
            .reliability
            .map(|x| x.as_str().to_string())
            .unwrap_or_default();
        row.credibility = d
            .credibility
            .map(|x| x.as_str().to_string())
            .unwrap_or_default();
        row.note = d.note;
        row.set_by = format!(
            "{} · {}",
            d.updated_by,
            crate::pages::fmt_time(d.updated_at, &zone)
        );
    }
    let flash = auth::Flash::take(&headers, &viewer);
    let page = crate::pages::html(SourcesPage {
        f: Frame::new(&state, &viewer, viewer.lang.t("sources-title"), "sources"),
        rows: rows.into_values().collect(),
        reliabilities: Reliability::ALL.iter().map(|x| x.as_str()).collect(),
        credibilities: Credibility::ALL.iter().map(|x| x.as_str()).collect(),
        message: flash.message.clone(),
    })?;
    Ok(flash.shown(page))
}

#[derive(serde::Deserialize, Default)]
struct SourceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    reliability: String,
    #[serde(default)]
    credibility: String,
    #[serde(default)]
    note: String,
}

async fn save(
    State(state): St,
    viewer: Viewer,
    form: Result<Form<SourceForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) =
        form.map_err(|e| AppError::BadRequest(format!("the form is not valid: {e}")))?;
    viewer.check_csrf(&form.csrf)?;
    let admin = viewer.require(&[Role::Administrator])?.name.clone();
    let source = form.source.trim().to_string();
    if source.is_empty() || source.len() > 200 || source.chars().any(char::is_control) {
        return Err(AppError::Unprocessable("source: 1 to 200 characters".into()).into());
    }
    let grade = |v: &str| Some(v.trim().to_string()).filter(|x| !x.is_empty());
    let reliability = match grade(&form.reliability) {
        None => None,
        Some(x) => Some(Reliability::parse(&x).map_err(|_| {
            AppError::Unprocessable(format!(
                "reliability: \"{x}\" is not one of A, B, C, D, E, F"
            ))
        })?),
    };
    let credibility = match grade(&form.credibility) {
        None => None,
        Some(x) => Some(Credibility::parse(&x).map_err(|_| {
            AppError::Unprocessable(format!(
                "credibility: \"{x}\" is not one of 1, 2, 3, 4, 5, 6"
            ))
        })?),
    };
    if form.note.len() > 1000 {
        return Err(AppError::Unprocessable("note: at most 1,000 characters".into()).into());
    }
    let d = SourceDefault {
        source: source.clone(),
        reliability,
        credibility,
        note: form.note.trim().to_string(),
        updated_by: admin,
        updated_at: jiff::Timestamp::now().as_second(),
    };
    state
        .write(move |s, _| Ok(s.set_source_default(&d)?))
        .await?;
    let lang = viewer.lang;
    let msg = if reliability.is_none() && credibility.is_none() {
        lang.args("sources-cleared", &[("source", source.into())])
    } else {
        lang.args("sources-saved", &[("source", source.into())])
    };
    Ok(crate::pages::redirect_with_flash(
        &state,
        &viewer,
        "/admin/sources",
        &msg,
    ))
}
