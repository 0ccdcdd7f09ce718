//! The period compliance report: for a span of days, each commitment
//! reading's findings by party and status, the incidents that matter most
//! (confirmed, corroborated, disputed), and what the numbers rest on (the
//! evaluation, the agreement version, the log's size), as JSON, Markdown or
//! HTML. `truce report` prints it; a PDF is the HTML printed by headless
//! Chromium.

use crate::{Error, Reference, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use truce_model::Status;
use truce_store::prelude::*;
use truce_store::{EvaluationInfo, FindingFilter};

/// The most incidents listed under one status (the counts are complete).
pub const NOTABLE_MAX: u64 = 100;

/// The statuses listed incident by incident, most serious first.
const NOTABLE: [Status; 3] = [Status::Confirmed, Status::Corroborated, Status::Disputed];

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceReport {
    pub agreement_id: String,
    pub agreement: String,
    /// First and last day, inclusive, in the agreement's time zone.
    pub from: String,
    pub to: String,
    pub timezone: String,
    pub generated_at: String,
    /// `mission` (every finding) or `public` (published incidents only).
    pub view: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<EvaluationInfo>,
    pub readings: Vec<ReadingSummary>,
    pub notable: Vec<Notable>,
    /// The evidence log the numbers rest on: its size when the evaluation
    /// ran, the root of the tree of that many entries, and the latest signed
    /// checkpoint that covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogBasis>,
    /// How the agreement and the correlation read the reports, in words.
    pub methods: Vec<String>,
    /// The command that makes this report again.
    pub reproduce: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogBasis {
    pub size: u64,
    /// The root hash (hex) of the first `size` entries.
    pub root: String,
    /// The latest signed checkpoint (C2SP note) of at least `size` entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<String>,
}

/// One commitment reading: findings of incidents that started in the
/// period, by party judged and status.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingSummary {
    pub commitment_id: String,
    pub commitment: String,
    pub reading_id: String,
    pub reading: String,
    pub parties: Vec<PartyCounts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyCounts {
    pub party: String,
    pub counts: BTreeMap<String, u64>,
    pub total: u64,
    /// The total of the previous period of the same length.
    pub previous_total: u64,
}

/// The findings of one status, incident by incident, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Notable {
    pub status: String,
    pub total: u64,
    pub findings: Vec<NotableFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotableFinding {
    pub finding_id: String,
    pub incident_id: String,
    pub start: String,
    pub commitment_id: String,
    pub reading_id: String,
    pub party: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub target_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
}

/// Builds the report for the days `from` to `to` (inclusive, in the
/// agreement's zone), for the mission or (`public`) as the public sees it.
pub fn build(
    store: &dyn Store,
    reference: &Reference,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    public: bool,
) -> Result<ComplianceReport> {
    if to < from {
        return Err(Error::BadRequest(format!(
            "--to {to} is before --from {from}"
        )));
    }
    let a = &reference.agreement;
    let tz = reference.timezone();
    let start = from
        .to_zoned(tz.clone())
        .map_err(|e| Error::BadRequest(format!("--from: {e}")))?;
    let end = to
        .tomorrow()
        .and_then(|d| d.to_zoned(tz.clone()))
        .map_err(|e| Error::BadRequest(format!("--to: {e}")))?;
    // Days are counted at the zone's offset at the period's start (a day
    // across a clock change is shifted by that hour at most).
    let offset = i64::from(start.offset().seconds());
    let day = |t: i64| (t + offset).div_euclid(86_400);
    let (first_day, last_day) = (
        day(start.timestamp().as_second()),
        day(end.timestamp().as_second() - 1),
    );
    let mut counts: BTreeMap<(String, String, String), BTreeMap<String, u64>> = BTreeMap::new();
    // The previous period of the same length, for the change.
    let length = last_day - first_day + 1;
    let mut previous: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for c in store.daily_counts(public, offset)? {
        if c.day >= first_day - length && c.day < first_day {
            *previous
                .entry((
                    c.commitment_id.clone(),
                    c.reading_id.clone(),
                    c.party.clone(),
                ))
                .or_default() += c.count;
        }
        if c.day < first_day || c.day > last_day {
            continue;
        }
        *counts
            .entry((c.commitment_id, c.reading_id, c.party))
            .or_default()
            .entry(c.status.as_str().to_string())
            .or_default() += c.count;
    }
    let mut readings = Vec::new();
    for c in &a.commitments {
        for r in &c.readings {
            let parties = counts
                .range((c.id.clone(), r.id.clone(), String::new())..)
                .take_while(|((cc, rr, _), _)| *cc == c.id && *rr == r.id)
                .map(|((_, _, p), m)| PartyCounts {
                    party: p.clone(),
                    total: m.values().sum(),
                    counts: m.clone(),
                    previous_total: previous
                        .get(&(c.id.clone(), r.id.clone(), p.clone()))
                        .copied()
                        .unwrap_or(0),
                })
                .collect();
            readings.push(ReadingSummary {
                commitment_id: c.id.clone(),
                commitment: c.title.clone(),
                reading_id: r.id.clone(),
                reading: r.title.clone(),
                parties,
            });
        }
    }
    let mut notable = Vec::new();
    for status in NOTABLE {
        let total: u64 = counts.values().filter_map(|m| m.get(status.as_str())).sum();
        // Incidents that started in the period, as the counts count them.
        let rows = store.findings(&FindingFilter {
            status: Some(status),
            starts_after: Some(start.timestamp().as_second() - 1),
            to: Some(end.timestamp().as_second()),
            published_only: public,
            newest_first: true,
            limit: Some(NOTABLE_MAX),
            ..FindingFilter::default()
        })?;
        let mut findings = Vec::new();
        for f in rows {
            let Some(inc) = store.incident(&f.incident_id)? else {
                continue;
            };
            let i = inc.incident;
            findings.push(NotableFinding {
                finding_id: f.id,
                incident_id: f.incident_id,
                start: truce_model::time::format_local(i.occurred.start, &tz),
                commitment_id: f.commitment_id,
                reading_id: f.reading_id,
                party: f.party,
                place: i.place,
                region: i.region,
                target_class: i.target_class.as_str().to_string(),
                target_name: i.target_name,
            });
        }
        notable.push(Notable {
            status: status.as_str().to_string(),
            total,
            findings,
        });
    }
    let evaluation = store.last_evaluation()?;
    let log = match evaluation.as_ref().and_then(|e| e.log_size) {
        Some(size) if size > 0 => Some(LogBasis {
            size,
            root: hex::encode(store.log_root(size)?),
            checkpoint: store
                .checkpoints()?
                .into_iter()
                .filter(|c| c.size >= size)
                .max_by_key(|c| c.size)
                .map(|c| c.note),
        }),
        _ => None,
    };
    let mut methods = Vec::new();
    for c in &a.commitments {
        for r in &c.readings {
            let words = |v: Vec<String>| {
                if v.is_empty() {
                    "any".to_string()
                } else {
                    v.join(", ")
                }
            };
            methods.push(format!(
                "{} — {}: from {} to {}; acts: {}; means: {}; targets: {}; zone: {}.",
                c.title,
                r.title,
                truce_model::time::format_local(r.period.start, &tz),
                truce_model::time::format_local(r.period.end, &tz),
                words(
                    r.scope
                        .acts
                        .iter()
                        .map(|x| x.as_str().to_string())
                        .collect()
                ),
                words(r.scope.means.iter().map(ToString::to_string).collect()),
                words(r.scope.targets.iter().map(ToString::to_string).collect()),
                r.scope.zone.clone().unwrap_or_else(|| "anywhere".into()),
            ));
        }
    }
    let cfg = truce_engine::CorrelateConfig::default();
    methods.push(format!(
        "Reports are grouped into incidents when their times overlap (each widened by {} min) and their places lie within the sum of their radii plus {} km (radius by place precision: exact {} km, settlement {} km, near a settlement {} km, region {} km); agreeing target names widen both by {}×. A finding is confirmed or rejected only by two adjudicators.",
        cfg.time_slack_secs / 60,
        cfg.distance_slack_km,
        cfg.radius_km[0],
        cfg.radius_km[1],
        cfg.radius_km[2],
        cfg.radius_km[3],
        cfg.named_target_widening
    ));
    Ok(ComplianceReport {
        agreement_id: a.id.clone(),
        agreement: a.title.clone(),
        from: from.to_string(),
        to: to.to_string(),
        timezone: a.timezone.clone(),
        generated_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map_or_else(|_| String::new(), |t| t.to_string()),
        view: if public { "public" } else { "mission" }.into(),
        evaluation,
        readings,
        notable,
        log,
        methods,
        reproduce: format!(
            "truce report --from {from} --to {to}{} --format md (on a workspace whose `truce log verify --checkpoint` accepts the checkpoint above)",
            if public { " --public" } else { "" }
        ),
    })
}

/// Keeps one commitment's readings and incidents; the totals under each
/// status are counted again from what is kept.
pub fn only_commitment(r: &mut ComplianceReport, commitment_id: &str) {
    r.readings.retain(|x| x.commitment_id == commitment_id);
    for n in &mut r.notable {
        n.findings.retain(|f| f.commitment_id == commitment_id);
        n.total = r
            .readings
            .iter()
            .flat_map(|x| &x.parties)
            .filter_map(|p| p.counts.get(&n.status))
            .sum();
    }
}

/// The statuses in the order the tables show them.
const COLUMNS: [Status; 8] = [
    Status::Confirmed,
    Status::Corroborated,
    Status::Disputed,
    Status::Alleged,
    Status::Insufficient,
    Status::Rejected,
    Status::OutsidePeriod,
    Status::NotCovered,
];

fn basis(r: &ComplianceReport) -> String {
    match &r.evaluation {
        Some(e) => format!(
            "Evaluation of {} (agreement version {}, reference data {}, {} reports{}).",
            truce_model::time::format_instant(e.at),
            e.agreement_version,
            e.reference_data,
            e.reports,
            e.log_size
                .map(|n| format!(", evidence log size {n}"))
                .unwrap_or_default()
        ),
        None => "No evaluation has run yet.".into(),
    }
}

/// Markdown, for reading as text and for pasting.
pub fn markdown(r: &ComplianceReport) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "# Compliance report: {}\n\n{} to {} ({}), {} view. Generated {}.\n\n{}\n\n",
        r.agreement,
        r.from,
        r.to,
        r.timezone,
        r.view,
        r.generated_at,
        basis(r)
    ));
    o.push_str("Findings of incidents that started in the period, by party judged and status.\n\n");
    for x in &r.readings {
        o.push_str(&format!(
            "## {} — {} (`{}` / `{}`)\n\n",
            x.commitment, x.reading, x.commitment_id, x.reading_id
        ));
        if x.parties.is_empty() {
            o.push_str("No findings.\n\n");
            continue;
        }
        o.push_str("| party |");
        for s in COLUMNS {
            o.push_str(&format!(" {} |", s.as_str()));
        }
        o.push_str(" total | previous period |\n|---|");
        for _ in COLUMNS {
            o.push_str("---:|");
        }
        o.push_str("---:|---:|\n");
        for p in &x.parties {
            o.push_str(&format!("| {} |", p.party));
            for s in COLUMNS {
                o.push_str(&format!(
                    " {} |",
                    p.counts.get(s.as_str()).copied().unwrap_or(0)
                ));
            }
            o.push_str(&format!(" {} | {} |\n", p.total, p.previous_total));
        }
        o.push('\n');
    }
    for n in &r.notable {
        o.push_str(&format!("## {} ({})\n\n", n.status, n.total));
        if n.findings.is_empty() {
            o.push_str("None.\n\n");
            continue;
        }
        o.push_str("| start | incident | commitment / reading | party | place | target |\n|---|---|---|---|---|---|\n");
        for f in &n.findings {
            o.push_str(&format!(
                "| {} | {} | {} / {} | {} | {} | {} |\n",
                f.start,
                f.incident_id,
                f.commitment_id,
                f.reading_id,
                f.party,
                md(f.place.as_deref().or(f.region.as_deref()).unwrap_or("")),
                md(&match &f.target_name {
                    Some(t) => format!("{t} ({})", f.target_class),
                    None => f.target_class.clone(),
                })
            ));
        }
        if n.total > n.findings.len() as u64 {
            o.push_str(&format!(
                "\n…and {} more (`truce export findings --status {}`).\n",
                n.total - n.findings.len() as u64,
                n.status
            ));
        }
        o.push('\n');
    }
    o.push_str("## Methods\n\n");
    for m in &r.methods {
        o.push_str(&format!("- {}\n", md(m)));
    }
    o.push_str("\n## What this report rests on\n\n");
    match &r.log {
        Some(l) => {
            o.push_str(&format!(
                "The evidence log's first {} entries, root hash `{}`.\n\n",
                l.size, l.root
            ));
            if let Some(c) = &l.checkpoint {
                o.push_str("The latest signed checkpoint covering them:\n\n```\n");
                o.push_str(c);
                if !c.ends_with('\n') {
                    o.push('\n');
                }
                o.push_str("```\n\n");
            }
        }
        None => o.push_str("No evaluation with a recorded log size.\n\n"),
    }
    o.push_str(&format!("Made again with: `{}`.\n", r.reproduce));
    o
}

fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report's own style: a printed page in black and white (borders,
/// weights and words carry the meaning, never colour alone). The CLI's page
/// carries it inline; the site serves it as a file (its pages allow no
/// inline style).
pub const CSS: &str = include_str!("report.css");

/// A self-contained HTML page (its style inline), printable to PDF.
pub fn html(r: &ComplianceReport) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Compliance report: {} ({} to {})</title>\n\
         <style>body{{margin:2em}}{CSS}</style></head><body>\n{}</body></html>\n",
        esc(&r.agreement),
        r.from,
        r.to,
        html_body(r)
    )
}

/// The report itself, without page head: what [`html`] prints and what the
/// site shows inside its frame, the same markup for both.
pub fn html_body(r: &ComplianceReport) -> String {
    let mut o = String::from("<article class=\"compliance-report\">\n");
    o.push_str(&format!(
        "<h1>Compliance report: {}</h1>\n<p>{} to {} ({}), {} view. Generated {}.</p>\n<p class=\"muted\">{}</p>\n\
         <p>Findings of incidents that started in the period, by party judged and status.</p>\n",
        esc(&r.agreement),
        r.from,
        r.to,
        esc(&r.timezone),
        r.view,
        r.generated_at,
        esc(&basis(r))
    ));
    for x in &r.readings {
        o.push_str(&format!(
            "<h2>{} — {} <span class=\"muted\">({} / {})</span></h2>\n",
            esc(&x.commitment),
            esc(&x.reading),
            esc(&x.commitment_id),
            esc(&x.reading_id)
        ));
        if x.parties.is_empty() {
            o.push_str("<p>No findings.</p>\n");
            continue;
        }
        o.push_str("<div class=\"wide\"><table><tr><th>party</th>");
        for s in COLUMNS {
            o.push_str(&format!("<th>{}</th>", s.as_str()));
        }
        o.push_str("<th>total</th><th>previous period</th></tr>\n");
        for p in &x.parties {
            o.push_str(&format!("<tr><td>{}</td>", esc(&p.party)));
            for s in COLUMNS {
                o.push_str(&format!(
                    "<td class=\"n\">{}</td>",
                    p.counts.get(s.as_str()).copied().unwrap_or(0)
                ));
            }
            o.push_str(&format!(
                "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                p.total, p.previous_total
            ));
        }
        o.push_str("</table></div>\n");
    }
    for n in &r.notable {
        o.push_str(&format!("<h2>{} ({})</h2>\n", n.status, n.total));
        if n.findings.is_empty() {
            o.push_str("<p>None.</p>\n");
            continue;
        }
        o.push_str("<div class=\"wide\"><table><tr><th>start</th><th>incident</th><th>commitment / reading</th><th>party</th><th>place</th><th>target</th></tr>\n");
        for f in &n.findings {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&f.start),
                esc(&f.incident_id),
                esc(&f.commitment_id),
                esc(&f.reading_id),
                esc(&f.party),
                esc(f.place.as_deref().or(f.region.as_deref()).unwrap_or("")),
                esc(&match &f.target_name {
                    Some(t) => format!("{t} ({})", f.target_class),
                    None => f.target_class.clone(),
                })
            ));
        }
        o.push_str("</table></div>\n");
        if n.total > n.findings.len() as u64 {
            o.push_str(&format!(
                "<p class=\"muted\">…and {} more.</p>\n",
                n.total - n.findings.len() as u64
            ));
        }
    }
    o.push_str("<h2>Methods</h2>\n<ul>\n");
    for m in &r.methods {
        o.push_str(&format!("<li>{}</li>\n", esc(m)));
    }
    o.push_str("</ul>\n<h2>What this report rests on</h2>\n");
    match &r.log {
        Some(l) => {
            o.push_str(&format!(
                "<p>The evidence log's first {} entries, root hash <code>{}</code>.</p>\n",
                l.size, l.root
            ));
            if let Some(c) = &l.checkpoint {
                o.push_str(&format!(
                    "<p>The latest signed checkpoint covering them:</p>\n<pre>{}</pre>\n",
                    esc(c)
                ));
            }
        }
        None => o.push_str("<p>No evaluation with a recorded log size.</p>\n"),
    }
    o.push_str(&format!(
        "<p>Made again with: <code>{}</code>.</p>\n</article>\n",
        esc(&r.reproduce)
    ));
    o
}
