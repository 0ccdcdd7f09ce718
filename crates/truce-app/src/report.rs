//! The period compliance report: for a span of days, each commitment
//! reading's findings by party and status with the change from the period
//! before, a daily chart per party, a map of the period's incidents, the
//! disputed incidents with each side's claims, the corroborated and
//! confirmed violations with their evidence and log entry numbers, the
//! air-attack tallies, and what the numbers rest on (the methods, the
//! evaluation, the log's checkpoint), as JSON, Markdown or HTML. Everything
//! is named as the agreement and the vocabularies name it, never by code
//! alone. `truce report` prints it; a PDF is the HTML printed by headless
//! Chromium.

use crate::claims::{self, Side, Words};
use crate::svg;
use crate::{Error, Reference, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use truce_model::Status;
use truce_store::prelude::*;
use truce_store::{EvaluationInfo, FindingFilter, Visibility};

/// The most incidents listed under one status (the counts are complete).
pub const NOTABLE_MAX: u64 = 100;

/// The most incidents drawn on the period's map.
pub const MAP_MAX: u64 = 5000;

/// The statuses listed incident by incident, most serious first.
const NOTABLE: [Status; 3] = [Status::Confirmed, Status::Corroborated, Status::Disputed];

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceReport {
    pub agreement_id: String,
    pub agreement: String,
    /// The language the report's words are in (`en`, `uk`, `ru`): the
    /// agreement's texts, the parties', statuses' and places' names.
    pub lang: String,
    /// First and last day, inclusive, in the agreement's time zone.
    pub from: String,
    pub to: String,
    pub timezone: String,
    pub generated_at: String,
    /// `mission` (every finding) or `public` (published incidents only).
    pub view: String,
    /// The one commitment the report keeps, when it keeps one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<EvaluationInfo>,
    /// The statuses in the order the tables show them, with their names.
    pub statuses: Vec<Named>,
    pub readings: Vec<ReadingSummary>,
    pub notable: Vec<Notable>,
    /// The period's incidents (of the one commitment, when one) on a map.
    pub map: PeriodMap,
    /// Weapons launched and destroyed in the period by the party that
    /// launched them and weapon class, from the air-attack tallies; empty
    /// when there are none.
    pub tallies: Vec<TallyRow>,
    /// The evidence log the numbers rest on: its size when the evaluation
    /// ran, the root of the tree of that many entries, and the latest signed
    /// checkpoint that covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogBasis>,
    /// How the agreement and the correlation read the reports, in words.
    pub methods: Vec<String>,
    /// The command that makes this report again (on a workspace whose
    /// `truce log verify --checkpoint` accepts the checkpoint in `log`).
    pub reproduce: String,
}

/// A code and its name in words.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
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
    /// Findings per day, one panel per party, hatched for paper (SVG).
    #[serde(skip)]
    pub chart: String,
    /// The same chart drawn for a phone's width.
    #[serde(skip)]
    pub chart_narrow: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyCounts {
    pub party: String,
    /// The party's name in the agreement.
    pub party_name: String,
    pub counts: BTreeMap<String, u64>,
    pub total: u64,
    /// The counts of the previous period of the same length, by status.
    pub previous: BTreeMap<String, u64>,
    /// The total of the previous period of the same length.
    pub previous_total: u64,
}

/// The findings of one status, incident by incident, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Notable {
    pub status: String,
    pub status_name: String,
    pub total: u64,
    pub findings: Vec<NotableFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotableFinding {
    pub finding_id: String,
    pub incident_id: String,
    pub start: String,
    pub commitment_id: String,
    pub commitment: String,
    pub reading_id: String,
    pub reading: String,
    pub party: String,
    pub party_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    pub target_class: String,
    /// What was hit, in words: its name, else its class's.
    pub target: String,
    /// For a disputed incident: each side's account, side by side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<Side>,
    /// For a corroborated or confirmed violation: the reports it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// For a corroborated or confirmed violation: the decisions taken on
    /// the incident, with their log entries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<LoggedDecision>,
}

/// One report behind a violation.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub report_id: i64,
    /// The evidence log's index of the report's entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
    pub source: String,
    /// The party the report speaks for, by name; none for the independent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    pub stance: String,
    pub start: String,
    /// Where it was published (the mission's view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A decision on an incident, with its log entry.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedDecision {
    /// What was decided, in words.
    pub action: String,
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// The map of the period's incidents.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodMap {
    /// Incidents that started in the period (at most [`MAP_MAX`], the
    /// latest, when `limited`).
    pub incidents: u64,
    /// More incidents started in the period than the map draws.
    pub limited: bool,
    /// Of them, those with a place inside the map's area.
    pub drawn: u64,
    /// The drawing (SVG).
    #[serde(skip)]
    pub svg: String,
}

/// Air-attack tallies over the period, for one party and weapon class.
#[derive(Debug, Clone, Serialize)]
pub struct TallyRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub party_name: String,
    pub means: String,
    pub means_name: String,
    pub launched: u64,
    pub destroyed: u64,
    pub days: u64,
}

/// Builds the report for the days `from` to `to` (inclusive, in the
/// agreement's zone), for the mission or (`public`) as the public sees it,
/// of every commitment or of one (its counts, charts, incidents and map),
/// naming everything in `words`.
pub fn build(
    store: &dyn Store,
    reference: &Reference,
    words: &dyn Words,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    public: bool,
    commitment: Option<&str>,
) -> Result<ComplianceReport> {
    if let Some(c) = commitment
        && !reference.agreement.commitments.iter().any(|x| x.id == c)
    {
        let known: Vec<&str> = reference
            .agreement
            .commitments
            .iter()
            .map(|x| x.id.as_str())
            .collect();
        return Err(Error::BadRequest(format!(
            "--commitment: the agreement has no commitment \"{c}\" (it has: {})",
            known.join(", ")
        )));
    }
    let kept = |c: &str| commitment.is_none_or(|x| x == c);
    if to < from {
        return Err(Error::BadRequest(format!(
            "--to {to} is before --from {from}"
        )));
    }
    let a = &reference.agreement;
    let lang = words.lang();
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
    type Key = (String, String, String);
    let mut counts: BTreeMap<Key, BTreeMap<String, u64>> = BTreeMap::new();
    // The previous period of the same length, for the change.
    let length = last_day - first_day + 1;
    let mut previous: BTreeMap<Key, BTreeMap<String, u64>> = BTreeMap::new();
    // Per day, for the charts: (commitment, reading, party) → status → day.
    let mut per_day: BTreeMap<Key, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    let n_days = usize::try_from(length).unwrap_or(0);
    for c in store.daily_counts(public, offset)? {
        if !kept(&c.commitment_id) {
            continue;
        }
        let key = (
            c.commitment_id.clone(),
            c.reading_id.clone(),
            c.party.clone(),
        );
        if c.day >= first_day - length && c.day < first_day {
            *previous
                .entry(key)
                .or_default()
                .entry(c.status.as_str().to_string())
                .or_default() += c.count;
            continue;
        }
        if c.day < first_day || c.day > last_day {
            continue;
        }
        let days = per_day
            .entry(key.clone())
            .or_default()
            .entry(c.status.as_str().to_string())
            .or_insert_with(|| vec![0; n_days]);
        if let Some(d) = usize::try_from(c.day - first_day)
            .ok()
            .and_then(|i| days.get_mut(i))
        {
            *d = d.saturating_add(u32::try_from(c.count).unwrap_or(u32::MAX));
        }
        *counts
            .entry(key)
            .or_default()
            .entry(c.status.as_str().to_string())
            .or_default() += c.count;
    }
    let statuses: Vec<Named> = COLUMNS
        .iter()
        .map(|s| Named {
            id: s.as_str().to_string(),
            name: words.label("status", s.as_str()),
        })
        .collect();
    let legend: Vec<(String, String)> = statuses
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    // One scale for every chart, so their bars compare.
    let y_top = per_day
        .values()
        .flat_map(|m| {
            (0..n_days).map(move |i| {
                m.values()
                    .map(|v| u64::from(v.get(i).copied().unwrap_or(0)))
                    .sum::<u64>()
            })
        })
        .max()
        .unwrap_or(0);
    let mut readings = Vec::new();
    for c in a.commitments.iter().filter(|c| kept(&c.id)) {
        for r in &c.readings {
            let mine = |m: &BTreeMap<Key, BTreeMap<String, u64>>| -> Vec<String> {
                m.range((c.id.clone(), r.id.clone(), String::new())..)
                    .take_while(|((cc, rr, _), _)| *cc == c.id && *rr == r.id)
                    .map(|((_, _, p), _)| p.clone())
                    .collect()
            };
            // Parties with findings now or in the period before.
            let mut names = mine(&counts);
            names.extend(mine(&previous));
            names.sort();
            names.dedup();
            let parties: Vec<PartyCounts> = names
                .iter()
                .map(|p| {
                    let key = (c.id.clone(), r.id.clone(), p.clone());
                    let now = counts.get(&key).cloned().unwrap_or_default();
                    let before = previous.get(&key).cloned().unwrap_or_default();
                    PartyCounts {
                        party: p.clone(),
                        party_name: claims::party_name_in(a, p, lang),
                        total: now.values().sum(),
                        counts: now,
                        previous_total: before.values().sum(),
                        previous: before,
                    }
                })
                .filter(|p| p.total > 0 || p.previous_total > 0)
                .collect();
            let panels: Vec<svg::ChartPanel> = parties
                .iter()
                .map(|p| {
                    let key = (c.id.clone(), r.id.clone(), p.party.clone());
                    let days = per_day.get(&key);
                    svg::ChartPanel {
                        label: p.party_name.clone(),
                        series: COLUMNS
                            .iter()
                            .map(|st| svg::Series {
                                label: words.label("status", st.as_str()),
                                status: st.as_str().into(),
                                counts: days
                                    .and_then(|d| d.get(st.as_str()))
                                    .cloned()
                                    .unwrap_or_else(|| vec![0; n_days]),
                            })
                            .collect(),
                    }
                })
                .collect();
            let chart = |size| {
                if parties.iter().any(|p| p.total > 0) {
                    svg::party_chart_svg_printable(
                        &words.args(
                            "report-chart-title",
                            &[
                                ("commitment", c.title_in(lang).to_string()),
                                ("reading", r.title_in(lang).to_string()),
                            ],
                        ),
                        first_day,
                        n_days,
                        &panels,
                        &legend,
                        y_top,
                        &words.args("report-chart-x", &[("zone", a.timezone.clone())]),
                        &words.t("report-chart-y"),
                        size,
                        svg::Months::of(lang),
                    )
                } else {
                    String::new()
                }
            };
            let (chart, chart_narrow) =
                (chart(svg::ChartSize::Wide), chart(svg::ChartSize::Narrow));
            readings.push(ReadingSummary {
                commitment_id: c.id.clone(),
                commitment: c.title_in(lang).to_string(),
                reading_id: r.id.clone(),
                reading: r.title_in(lang).to_string(),
                parties,
                chart,
                chart_narrow,
            });
        }
    }
    let view = if public {
        Visibility::Published
    } else {
        Visibility::All
    };
    let region_name = |code: &str| -> Option<String> {
        reference
            .gazetteer
            .get(code)
            .filter(|p| p.id == code)
            .map(|p| {
                let local = match lang {
                    "uk" => &p.name_uk,
                    "ru" => &p.name_ru,
                    _ => &p.name,
                };
                if local.is_empty() { &p.name } else { local }.clone()
            })
    };
    let commitment_titles = |c: &str, r: &str| -> (String, String) {
        let cc = a.commitments.iter().find(|x| x.id == c);
        (
            cc.map_or_else(|| c.to_string(), |x| x.title_in(lang).to_string()),
            cc.and_then(|x| x.readings.iter().find(|y| y.id == r))
                .map_or_else(|| r.to_string(), |y| y.title_in(lang).to_string()),
        )
    };
    let mut notable = Vec::new();
    for status in NOTABLE {
        let total: u64 = counts.values().filter_map(|m| m.get(status.as_str())).sum();
        // Incidents that started in the period, as the counts count them.
        let rows = store.findings(&FindingFilter {
            status: Some(status),
            commitment: commitment.map(str::to_string),
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
            let reports = store.incident_report_rows(&f.incident_id, &view)?;
            let (sides, evidence, decisions) = if status == Status::Disputed {
                let rs: Vec<&truce_model::Report> = reports.iter().map(|r| &r.report).collect();
                (claims::accounts(a, words, &rs).0, Vec::new(), Vec::new())
            } else {
                let evidence = reports
                    .iter()
                    .map(|r| Evidence {
                        report_id: r.id,
                        log_index: r.log_index,
                        source: r.report.source.clone(),
                        claimant: claims::side_index(a, &r.report)
                            .and_then(|k| a.parties.get(k))
                            .map(|p| claims::party_name_in(a, &p.id, lang)),
                        stance: words.label("stance", r.report.stance.as_str()),
                        start: truce_model::time::format_local(r.report.occurred.start, &tz),
                        url: if public { None } else { r.report.url.clone() },
                    })
                    .collect();
                let decisions = store
                    .decisions_for(&f.incident_id)?
                    .into_iter()
                    .filter(|d| d.finding_id.as_deref().is_none_or(|x| x == f.id))
                    .map(|d| LoggedDecision {
                        action: words.label("action", &d.action),
                        at: truce_model::time::format_local(d.at, &tz),
                        finding_id: d.finding_id,
                        log_index: d.log_index,
                    })
                    .collect();
                (Vec::new(), evidence, decisions)
            };
            let (commitment, reading) = commitment_titles(&f.commitment_id, &f.reading_id);
            findings.push(NotableFinding {
                party_name: claims::party_name_in(a, &f.party, lang),
                finding_id: f.id,
                incident_id: f.incident_id,
                start: truce_model::time::format_local(i.occurred.start, &tz),
                commitment_id: f.commitment_id,
                commitment,
                reading_id: f.reading_id,
                reading,
                party: f.party,
                place: i.place,
                region_name: i.region.as_deref().and_then(region_name),
                region: i.region,
                target: i
                    .target_name
                    .clone()
                    .unwrap_or_else(|| words.label("target", i.target_class.as_str())),
                target_class: i.target_class.as_str().to_string(),
                sides,
                evidence,
                decisions,
            });
        }
        notable.push(Notable {
            status: status.as_str().to_string(),
            status_name: words.label("status", status.as_str()),
            total,
            findings,
        });
    }
    let map = period_map(reference, words, store, &start, &end, public, commitment)?;
    let tallies = crate::tallies::totals(
        store,
        &crate::tallies::TallyFilter {
            from: Some(from.to_string()),
            to: Some(to.to_string()),
            means: None,
        },
    )?
    .into_iter()
    .map(|t| TallyRow {
        party_name: t.party.as_deref().map_or_else(
            || words.t("report-not-named"),
            |p| claims::party_name_in(a, p, lang),
        ),
        party: t.party,
        means_name: words.label("means", &t.means),
        means: t.means,
        launched: t.launched,
        destroyed: t.destroyed,
        days: t.days,
    })
    .collect();
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
    let methods = methods(reference, words);
    Ok(ComplianceReport {
        agreement_id: a.id.clone(),
        agreement: a.title_in(lang).to_string(),
        lang: lang.to_string(),
        from: from.to_string(),
        to: to.to_string(),
        timezone: a.timezone.clone(),
        generated_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map_or_else(|_| String::new(), |t| t.to_string()),
        view: if public { "public" } else { "mission" }.into(),
        commitment: commitment.map(str::to_string),
        evaluation,
        statuses,
        readings,
        notable,
        map,
        tallies,
        log,
        methods,
        reproduce: reproduce(&from.to_string(), &to.to_string(), public, commitment, lang),
    })
}

fn reproduce(from: &str, to: &str, public: bool, commitment: Option<&str>, lang: &str) -> String {
    format!(
        "truce report --from {from} --to {to}{}{}{} --format md",
        commitment
            .map(|c| format!(" --commitment {c}"))
            .unwrap_or_default(),
        if public { " --public" } else { "" },
        if lang == "en" {
            String::new()
        } else {
            format!(" --lang {lang}")
        }
    )
}

/// The methods section, from the agreement (its periods, each reading's
/// period and scope, in words) and the correlation's settings.
fn methods(reference: &Reference, words: &dyn Words) -> Vec<String> {
    let a = &reference.agreement;
    let lang = words.lang();
    let tz = reference.timezone();
    let span = |start: i64, end: i64| {
        words.args(
            "report-span",
            &[
                ("from", truce_model::time::format_local(start, &tz)),
                ("to", truce_model::time::format_local(end, &tz)),
            ],
        )
    };
    let mut methods = Vec::new();
    let parties: Vec<String> = a
        .parties
        .iter()
        .map(|p| format!("{} ({})", p.name_in(lang), p.id))
        .collect();
    let periods: Vec<String> = a.periods.iter().map(|p| span(p.start, p.end)).collect();
    methods.push(words.args(
        "report-method-agreement",
        &[
            ("title", a.title_in(lang).to_string()),
            ("version", a.version.to_string()),
            ("parties", parties.join(", ")),
            (
                "periods",
                if periods.is_empty() {
                    words.t("report-method-no-period")
                } else {
                    periods.join("; ")
                },
            ),
            ("zone", a.timezone.clone()),
        ],
    ));
    // A code in words; a family (`energy.*`) by its family's name.
    let named = |kind: &str, x: &str| -> String {
        match x.strip_suffix(".*") {
            Some(family) => {
                let key = format!("family-{kind}-{family}");
                let t = words.t(&key);
                if t == key { x.to_string() } else { t }
            }
            None => words.label(kind, x),
        }
    };
    let list = |kind: &str, v: Vec<String>| {
        if v.is_empty() {
            words.t("report-any")
        } else {
            v.iter()
                .map(|x| named(kind, x))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    for c in &a.commitments {
        for r in &c.readings {
            let title = match r.party.as_deref() {
                Some(p) => words.args(
                    "report-reading-of",
                    &[
                        ("commitment", c.title_in(lang).to_string()),
                        ("reading", r.title_in(lang).to_string()),
                        ("party", claims::party_name_in(a, p, lang)),
                    ],
                ),
                None => words.args(
                    "report-reading",
                    &[
                        ("commitment", c.title_in(lang).to_string()),
                        ("reading", r.title_in(lang).to_string()),
                    ],
                ),
            };
            let binds: Vec<String> = c
                .binds
                .iter()
                .map(|p| claims::party_name_in(a, p, lang))
                .collect();
            methods.push(
                words.args(
                    "report-method-reading",
                    &[
                        ("title", title),
                        (
                            "binds",
                            if binds.is_empty() {
                                words.t("report-every-party")
                            } else {
                                binds.join(", ")
                            },
                        ),
                        ("period", span(r.period.start, r.period.end)),
                        (
                            "acts",
                            list(
                                "act",
                                r.scope
                                    .acts
                                    .iter()
                                    .map(|x| x.as_str().to_string())
                                    .collect(),
                            ),
                        ),
                        (
                            "means",
                            list(
                                "means",
                                r.scope.means.iter().map(ToString::to_string).collect(),
                            ),
                        ),
                        (
                            "targets",
                            list(
                                "target",
                                r.scope.targets.iter().map(ToString::to_string).collect(),
                            ),
                        ),
                        (
                            "area",
                            r.scope.zone.as_deref().map_or_else(
                                || words.t("report-anywhere"),
                                |z| a.zone_name_in(z, lang).to_string(),
                            ),
                        ),
                    ],
                ),
            );
        }
    }
    let cfg = truce_engine::CorrelateConfig::default();
    // A decimal in the reader's writing: 1.5 in English, 1,5 in Ukrainian
    // and Russian.
    let n = |v: f64| {
        let s = v.to_string();
        if lang == "en" { s } else { s.replace('.', ",") }
    };
    methods.push(words.args(
        "report-method-correlation",
        &[
            ("slack", (cfg.time_slack_secs / 60).to_string()),
            ("km", n(cfg.distance_slack_km)),
            ("exact", n(cfg.radius_km[0])),
            ("settlement", n(cfg.radius_km[1])),
            ("near", n(cfg.radius_km[2])),
            ("region", n(cfg.radius_km[3])),
            ("widen", n(cfg.named_target_widening)),
        ],
    ));
    methods.push(words.t("report-method-counts"));
    methods
}

/// The places the map names: the neighbouring countries, the regions and
/// the cities of 15,000 people or more, in a language (`en`, `uk` or `ru`):
/// the gazetteer's own names in that language where it has them.
pub fn map_labels_in(reference: &Reference, lang: &str) -> Vec<svg::MapLabel> {
    use svg::{LabelKind, MapLabel};
    use truce_geo::PlaceKind;
    let mut labels = svg::neighbour_labels_in(lang);
    for p in reference.gazetteer.places() {
        let kind = match p.kind {
            PlaceKind::Settlement if p.population >= 15_000 => LabelKind::City,
            // Cities with region status are labelled as cities.
            PlaceKind::Region if !p.name.ends_with(" City") => LabelKind::Region,
            _ => continue,
        };
        let local = match lang {
            "uk" => &p.name_uk,
            "ru" => &p.name_ru,
            _ => &p.name,
        };
        labels.push(MapLabel {
            lat: p.point.lat,
            lon: p.point.lon,
            text: if local.is_empty() { &p.name } else { local }.clone(),
            kind,
            rank: p.population,
        });
    }
    labels
}

/// The incidents that started in the period on the map, each by its most
/// serious status, placed as the viewer may see them.
fn period_map(
    reference: &Reference,
    words: &dyn Words,
    store: &dyn Store,
    start: &jiff::Zoned,
    end: &jiff::Zoned,
    public: bool,
    commitment: Option<&str>,
) -> Result<PeriodMap> {
    let a = &reference.agreement;
    let tz = reference.timezone();
    let rows = store.incidents(&FindingFilter {
        starts_after: Some(start.timestamp().as_second() - 1),
        to: Some(end.timestamp().as_second()),
        published_only: public,
        commitment: commitment.map(str::to_string),
        newest_first: true,
        // One more, to know whether there are more.
        limit: Some(MAP_MAX + 1),
        ..FindingFilter::default()
    })?;
    let mut rows = rows;
    let limited = rows.len() as u64 > MAP_MAX;
    rows.truncate(usize::try_from(MAP_MAX).unwrap_or(usize::MAX));
    let ids: Vec<String> = rows.iter().map(|r| r.incident.id.clone()).collect();
    let mut worst: BTreeMap<String, usize> = BTreeMap::new();
    for (id, st) in store.finding_statuses(&ids)? {
        let rank = COLUMNS
            .iter()
            .position(|s| *s == st)
            .unwrap_or(COLUMNS.len());
        let e = worst.entry(id).or_insert(rank);
        *e = (*e).min(rank);
    }
    let mut points = Vec::new();
    for r in &rows {
        let i = &r.incident;
        let shown =
            crate::export::shown(i.location, i.geo_precision, public, a.public_precision_deg);
        let Some(p) = shown.point else { continue };
        let status = worst
            .get(&i.id)
            .and_then(|k| COLUMNS.get(*k))
            .map_or("none", |s| s.as_str());
        let day = truce_model::time::format_local(i.occurred.start, &tz);
        points.push(svg::MapPoint {
            lat: p.lat,
            lon: p.lon,
            status: status.to_string(),
            label: format!(
                "{} — {} — {}",
                day.get(..10).unwrap_or(&day),
                i.place.as_deref().or(i.region.as_deref()).unwrap_or(""),
                words.label("status", status)
            ),
            href: String::new(),
            day: i.occurred.start.div_euclid(86_400),
            radius_km: shown.precision.radius_km(),
        });
    }
    // The most serious drawn last, on top.
    points.sort_by_key(|p| {
        std::cmp::Reverse(
            COLUMNS
                .iter()
                .position(|s| s.as_str() == p.status)
                .unwrap_or(COLUMNS.len()),
        )
    });
    let [x0, y0, x1, y1] = svg::DEFAULT_BOUNDS;
    let drawn = points
        .iter()
        .filter(|p| p.lon >= x0 && p.lon <= x1 && p.lat >= y0 && p.lat <= y1)
        .count() as u64;
    let svg = svg::map_svg_in(
        svg::Basemap::embedded(),
        &a.zones,
        &points,
        &map_labels_in(reference, words.lang()),
        &[],
        None,
        None,
        words,
    );
    Ok(PeriodMap {
        incidents: rows.len() as u64,
        limited,
        drawn,
        svg,
    })
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

/// A count with its change from the previous period: "12 (+3)".
pub fn with_change(now: u64, before: u64) -> String {
    let d = i128::from(now) - i128::from(before);
    format!("{now} ({d:+})")
}

fn basis(r: &ComplianceReport, w: &dyn Words) -> String {
    match &r.evaluation {
        Some(e) => {
            let mut args = vec![
                ("at", truce_model::time::format_instant(e.at)),
                ("version", e.agreement_version.to_string()),
                ("reference", e.reference_data.to_string()),
            ];
            match e.log_size {
                Some(size) => {
                    args.push(("size", size.to_string()));
                    w.count("report-basis-log", e.reports, &args)
                }
                None => w.count("report-basis", e.reports, &args),
            }
        }
        None => w.t("report-no-evaluation"),
    }
}

/// The line under the title: the days, the zone, the view, when made.
fn period_line(r: &ComplianceReport, w: &dyn Words) -> String {
    w.args(
        "report-period",
        &[
            ("from", r.from.clone()),
            ("to", r.to.clone()),
            ("zone", r.timezone.clone()),
            (
                "view",
                w.t(if r.view == "public" {
                    "report-view-public"
                } else {
                    "report-view-mission"
                }),
            ),
            ("at", r.generated_at.clone()),
        ],
    )
}

/// "Energy infrastructure — Ukraine's reading; against Russia (ru)."
fn finding_line(f: &NotableFinding, w: &dyn Words) -> String {
    w.args(
        "report-finding",
        &[
            ("commitment", f.commitment.clone()),
            ("reading", f.reading.clone()),
            ("party", f.party_name.clone()),
        ],
    )
}

/// "confirmed (2025-03-20 11:06 EET, log entry #12)".
fn decision_text(d: &LoggedDecision, w: &dyn Words) -> String {
    match d.log_index {
        Some(i) => w.args(
            "report-decision-logged",
            &[
                ("action", d.action.clone()),
                ("at", d.at.clone()),
                ("entry", format!("#{i}")),
            ],
        ),
        None => w.args(
            "report-decision",
            &[("action", d.action.clone()), ("at", d.at.clone())],
        ),
    }
}

/// How a code (a hash, a command) inside a message is set.
#[derive(Clone, Copy)]
enum CodeIn {
    /// The message escaped, the code escaped and wrapped in `<code>`.
    Html,
    /// The code in backticks.
    Markdown,
}

/// A message holding a code that the page sets apart from its words.
fn with_code(
    w: &dyn Words,
    key: &str,
    args: &[(&'static str, String)],
    code: &str,
    how: CodeIn,
) -> String {
    // The code goes in after escaping, so that its own markup stays text.
    const MARK: &str = "\u{E000}";
    let mut all = args.to_vec();
    all.push(("code", MARK.to_string()));
    let text = w.args(key, &all);
    match how {
        CodeIn::Html => esc(&text).replace(MARK, &format!("<code>{}</code>", esc(code))),
        CodeIn::Markdown => text.replace(MARK, &format!("`{code}`")),
    }
}

/// "Target · place · time", leaving out what is not known.
fn heading(f: &NotableFinding) -> String {
    let place = place_of(f);
    let mut v = vec![capital(&f.target)];
    if !place.is_empty() {
        v.push(place);
    }
    v.push(f.start.clone());
    v.join(" · ")
}

fn place_of(f: &NotableFinding) -> String {
    match (&f.place, &f.region_name, &f.region) {
        (Some(p), Some(r), _) if p != r => format!("{p}, {r}"),
        (Some(p), _, _) => p.clone(),
        (None, Some(r), _) => r.clone(),
        (None, None, Some(r)) => r.clone(),
        _ => String::new(),
    }
}

fn log_entries(f: &NotableFinding) -> String {
    let mut v: Vec<String> = f
        .evidence
        .iter()
        .filter_map(|e| e.log_index.map(|i| format!("#{i}")))
        .collect();
    v.extend(
        f.decisions
            .iter()
            .filter_map(|d| d.log_index.map(|i| format!("#{i}"))),
    );
    v.join(", ")
}

/// Markdown, for reading as text and for pasting (the charts and the map
/// are in the HTML and the PDF), in the words of `w`.
pub fn markdown(r: &ComplianceReport, w: &dyn Words) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "# {}\n\n{}\n\n{}\n\n{}\n\n",
        w.args("report-title", &[("agreement", r.agreement.clone())]),
        period_line(r, w),
        basis(r, w),
        w.t("report-lede")
    ));
    let independent = w.t("report-independent");
    for x in &r.readings {
        o.push_str(&format!("## {} — {}\n\n", x.commitment, x.reading));
        if x.parties.is_empty() {
            o.push_str(&format!("{}\n\n", w.t("report-no-findings")));
            continue;
        }
        o.push_str(&format!("| {} |", md(&w.t("report-col-party"))));
        for s in &r.statuses {
            o.push_str(&format!(" {} |", md(&s.name)));
        }
        o.push_str(&format!(" {} |\n|---|", md(&w.t("report-col-total"))));
        for _ in &r.statuses {
            o.push_str("---:|");
        }
        o.push_str("---:|\n");
        for p in &x.parties {
            o.push_str(&format!("| {} |", md(&p.party_name)));
            for s in &r.statuses {
                o.push_str(&format!(
                    " {} |",
                    with_change(
                        p.counts.get(&s.id).copied().unwrap_or(0),
                        p.previous.get(&s.id).copied().unwrap_or(0)
                    )
                ));
            }
            o.push_str(&format!(" {} |\n", with_change(p.total, p.previous_total)));
        }
        o.push('\n');
    }
    for n in &r.notable {
        o.push_str(&format!("## {} ({})\n\n", capital(&n.status_name), n.total));
        if n.findings.is_empty() {
            o.push_str(&format!("{}\n\n", w.t("report-none")));
            continue;
        }
        for f in &n.findings {
            o.push_str(&format!(
                "### {}\n\n{} {}\n\n",
                md(&heading(f)),
                md(&finding_line(f, w)),
                with_code(w, "report-incident", &[], &f.incident_id, CodeIn::Markdown)
            ));
            if !f.sides.is_empty() {
                o.push_str("| ");
                for s in &f.sides {
                    o.push_str(&format!("{} | ", md(&s.who)));
                }
                o.push_str("\n|");
                for _ in &f.sides {
                    o.push_str("---|");
                }
                o.push_str("\n| ");
                for s in &f.sides {
                    o.push_str(&format!("{} | ", md(&s.says.join("; "))));
                }
                o.push_str("\n\n");
            }
            if !f.evidence.is_empty() {
                o.push('|');
                for k in EVIDENCE_COLUMNS {
                    o.push_str(&format!(" {} |", md(&w.t(k))));
                }
                o.push_str("\n|---:|---:|---|---|---|---|\n");
                for e in &f.evidence {
                    o.push_str(&format!(
                        "| {} | {} | {} | {} | {} | {} |\n",
                        e.log_index.map(|i| format!("#{i}")).unwrap_or_default(),
                        e.report_id,
                        md(&e.source),
                        md(e.claimant.as_deref().unwrap_or(&independent)),
                        md(&e.stance),
                        e.start
                    ));
                }
                o.push('\n');
            }
            if !f.decisions.is_empty() {
                let d: Vec<String> = f.decisions.iter().map(|d| decision_text(d, w)).collect();
                o.push_str(&md(&w.args("report-decisions", &[("list", d.join("; "))])));
                o.push_str("\n\n");
            }
        }
        if n.total > n.findings.len() as u64 {
            let more = n.total - n.findings.len() as u64;
            o.push_str(&with_code(
                w,
                "report-more-export",
                &[("more", more.to_string())],
                &format!("truce export findings --status {}", n.status),
                CodeIn::Markdown,
            ));
            o.push_str("\n\n");
        }
    }
    o.push_str(&format!(
        "## {}\n\n{}\n\n",
        w.t("report-map-heading"),
        w.args(
            "report-map-drawn-md",
            &[
                ("count", map_count(&r.map, w)),
                ("drawn", r.map.drawn.to_string())
            ]
        )
    ));
    if !r.tallies.is_empty() {
        o.push_str(&format!("## {}\n\n|", w.t("report-tallies")));
        for k in TALLY_COLUMNS {
            o.push_str(&format!(" {} |", md(&w.t(k))));
        }
        o.push_str("\n|---|---|---:|---:|---:|\n");
        for t in &r.tallies {
            o.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&t.party_name),
                md(&t.means_name),
                t.launched,
                t.destroyed,
                t.days
            ));
        }
        o.push('\n');
    }
    o.push_str(&format!("## {}\n\n", w.t("report-methods")));
    for m in &r.methods {
        o.push_str(&format!("- {}\n", md(m)));
    }
    o.push_str(&format!("\n## {}\n\n", w.t("report-rests-on")));
    match &r.log {
        Some(l) => {
            o.push_str(&with_code(
                w,
                "report-log-basis",
                &[("entries", w.count("report-log-entries-first", l.size, &[]))],
                &l.root,
                CodeIn::Markdown,
            ));
            o.push_str("\n\n");
            if let Some(c) = &l.checkpoint {
                o.push_str(&format!("{}\n\n```\n", w.t("report-checkpoint")));
                o.push_str(c);
                if !c.ends_with('\n') {
                    o.push('\n');
                }
                o.push_str("```\n\n");
            }
        }
        None => o.push_str(&format!("{}\n\n", w.t("report-no-log-size"))),
    }
    o.push_str(&with_code(
        w,
        "report-reproduce",
        &[],
        &r.reproduce,
        CodeIn::Markdown,
    ));
    o.push('\n');
    o
}

/// The headers of a violation's evidence table.
const EVIDENCE_COLUMNS: [&str; 6] = [
    "report-col-log-entry",
    "report-col-report",
    "report-col-source",
    "report-col-for",
    "report-col-stance",
    "report-col-time",
];

/// The headers of the tallies' table.
const TALLY_COLUMNS: [&str; 5] = [
    "report-col-launched-by",
    "report-col-weapon",
    "report-col-launched",
    "report-col-destroyed",
    "report-col-days",
];

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report's own style: a printed page in black and white (borders,
/// weights, patterns and words carry the meaning, never colour alone). The
/// CLI's page carries it inline; the site serves it as a file (its pages
/// allow no inline style).
pub const CSS: &str = include_str!("report.css");

/// A self-contained HTML page (its style inline), printable to PDF, in the
/// words of `w`.
pub fn html(r: &ComplianceReport, w: &dyn Words) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} ({} – {})</title>\n\
         <style>body{{margin:2em}}{CSS}</style></head><body>\n{}</body></html>\n",
        esc(&r.lang),
        esc(&w.args("report-title", &[("agreement", r.agreement.clone())])),
        r.from,
        r.to,
        html_body(r, w)
    )
}

/// How many incidents the map is of, in words.
fn map_count(m: &PeriodMap, w: &dyn Words) -> String {
    if m.limited {
        w.count("report-map-count-limited", m.incidents, &[])
    } else {
        w.count("report-map-count", m.incidents, &[])
    }
}

/// The map's key: each status's marker as the map draws it.
fn map_key(r: &ComplianceReport) -> String {
    let mut o = String::from("<ul class=\"map-key\">");
    for s in &r.statuses {
        o.push_str(&format!(
            "<li><svg class=\"truce-map\" viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" aria-hidden=\"true\"><circle class=\"marker st-{}\" cx=\"6\" cy=\"6\" r=\"4\"/></svg> {}</li>",
            esc(&s.id),
            esc(&s.name)
        ));
    }
    o.push_str("</ul>\n");
    o
}

/// The report itself, without page head: what [`html`] prints and what the
/// site shows inside its frame, the same markup for both.
pub fn html_body(r: &ComplianceReport, w: &dyn Words) -> String {
    let t = |key: &str| esc(&w.t(key));
    let independent = w.t("report-independent");
    let mut o = format!(
        "<article class=\"compliance-report\" lang=\"{}\">\n",
        esc(&r.lang)
    );
    o.push_str(&format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p class=\"muted\">{}</p>\n<p>{}</p>\n",
        esc(&w.args("report-title", &[("agreement", r.agreement.clone())])),
        esc(&period_line(r, w)),
        esc(&basis(r, w)),
        t("report-lede")
    ));
    for x in &r.readings {
        o.push_str(&format!(
            "<section class=\"reading\" data-commitment=\"{}\" data-reading=\"{}\">\n<h2>{} — {}</h2>\n",
            esc(&x.commitment_id),
            esc(&x.reading_id),
            esc(&x.commitment),
            esc(&x.reading),
        ));
        if x.parties.is_empty() {
            o.push_str(&format!("<p>{}</p>\n</section>\n", t("report-no-findings")));
            continue;
        }
        o.push_str(&format!(
            "<div class=\"wide\"><table><tr><th>{}</th>",
            t("report-col-party")
        ));
        for s in &r.statuses {
            o.push_str(&format!("<th>{}</th>", esc(&s.name)));
        }
        o.push_str(&format!("<th>{}</th></tr>\n", t("report-col-total")));
        for p in &x.parties {
            o.push_str(&format!(
                "<tr data-party=\"{}\"><td>{}</td>",
                esc(&p.party),
                esc(&p.party_name)
            ));
            for s in &r.statuses {
                o.push_str(&format!(
                    "<td class=\"n\">{}</td>",
                    with_change(
                        p.counts.get(&s.id).copied().unwrap_or(0),
                        p.previous.get(&s.id).copied().unwrap_or(0)
                    )
                ));
            }
            o.push_str(&format!(
                "<td class=\"n\">{}</td></tr>\n",
                with_change(p.total, p.previous_total)
            ));
        }
        o.push_str("</table></div>\n");
        if !x.chart.is_empty() {
            o.push_str(&format!(
                "<figure class=\"chart\">{}{}</figure>\n",
                x.chart, x.chart_narrow
            ));
        }
        o.push_str("</section>\n");
    }
    o.push_str(&format!(
        "<section class=\"period-map\">\n<h2>{}</h2>\n<p>{}</p>\n<figure class=\"map\">{}</figure>\n{}</section>\n",
        t("report-map-heading"),
        esc(&w.args(
            "report-map-drawn",
            &[
                ("count", map_count(&r.map, w)),
                ("drawn", r.map.drawn.to_string())
            ]
        )),
        r.map.svg,
        map_key(r)
    ));
    for n in &r.notable {
        o.push_str(&format!(
            "<section class=\"notable\" data-status=\"{}\">\n<h2>{} ({})</h2>\n",
            esc(&n.status),
            esc(&capital(&n.status_name)),
            n.total
        ));
        if n.findings.is_empty() {
            o.push_str(&format!("<p>{}</p>\n</section>\n", t("report-none")));
            continue;
        }
        for f in &n.findings {
            o.push_str(&format!(
                "<div class=\"finding\" data-incident=\"{}\" data-finding=\"{}\">\n<h3>{}</h3>\n<p>{} <span class=\"muted\">{}</span></p>\n",
                esc(&f.incident_id),
                esc(&f.finding_id),
                esc(&heading(f)),
                esc(&finding_line(f, w)),
                esc(&w.args("report-incident", &[("code", f.incident_id.clone())]))
            ));
            if !f.sides.is_empty() {
                o.push_str("<div class=\"sides\">");
                for s in &f.sides {
                    o.push_str(&format!(
                        "<div class=\"side\" data-side=\"{}\"><h4>{}</h4><ul>",
                        esc(s.party.as_deref().unwrap_or("independent")),
                        esc(&s.who)
                    ));
                    for said in &s.says {
                        o.push_str(&format!("<li>{}</li>", esc(said)));
                    }
                    o.push_str("</ul></div>");
                }
                o.push_str("</div>\n");
            }
            if !f.evidence.is_empty() {
                o.push_str("<div class=\"wide\"><table class=\"evidence\"><tr>");
                for k in EVIDENCE_COLUMNS {
                    o.push_str(&format!("<th>{}</th>", t(k)));
                }
                o.push_str("</tr>\n");
                for e in &f.evidence {
                    let source = match &e.url {
                        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
                            format!("<a href=\"{}\">{}</a>", esc(u), esc(&e.source))
                        }
                        _ => esc(&e.source),
                    };
                    o.push_str(&format!(
                        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        e.log_index.map(|i| format!("#{i}")).unwrap_or_default(),
                        e.report_id,
                        source,
                        esc(e.claimant.as_deref().unwrap_or(&independent)),
                        esc(&e.stance),
                        esc(&e.start)
                    ));
                }
                o.push_str("</table></div>\n");
            }
            if !f.decisions.is_empty() {
                let d: Vec<String> = f.decisions.iter().map(|d| decision_text(d, w)).collect();
                o.push_str(&format!(
                    "<p class=\"decisions\">{}</p>\n",
                    esc(&w.args("report-decisions", &[("list", d.join("; "))]))
                ));
            }
            let entries = log_entries(f);
            if !entries.is_empty() {
                o.push_str(&format!(
                    "<p class=\"log-entries\">{}</p>\n",
                    esc(&w.args("report-log-entries", &[("list", entries)]))
                ));
            }
            o.push_str("</div>\n");
        }
        if n.total > n.findings.len() as u64 {
            o.push_str(&format!(
                "<p class=\"muted\">{}</p>\n",
                esc(&w.count("report-more", n.total - n.findings.len() as u64, &[]))
            ));
        }
        o.push_str("</section>\n");
    }
    if !r.tallies.is_empty() {
        o.push_str(&format!(
            "<section class=\"tallies\">\n<h2>{}</h2>\n<div class=\"wide\"><table><tr>",
            t("report-tallies")
        ));
        for k in TALLY_COLUMNS {
            o.push_str(&format!("<th>{}</th>", t(k)));
        }
        o.push_str("</tr>\n");
        for x in &r.tallies {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&x.party_name),
                esc(&x.means_name),
                x.launched,
                x.destroyed,
                x.days
            ));
        }
        o.push_str("</table></div>\n</section>\n");
    }
    o.push_str(&format!("<h2>{}</h2>\n<ul>\n", t("report-methods")));
    for m in &r.methods {
        o.push_str(&format!("<li>{}</li>\n", esc(m)));
    }
    o.push_str(&format!("</ul>\n<h2>{}</h2>\n", t("report-rests-on")));
    match &r.log {
        Some(l) => {
            o.push_str(&format!(
                "<p>{}</p>\n",
                with_code(
                    w,
                    "report-log-basis",
                    &[("entries", w.count("report-log-entries-first", l.size, &[]))],
                    &l.root,
                    CodeIn::Html,
                )
            ));
            if let Some(c) = &l.checkpoint {
                o.push_str(&format!(
                    "<p>{}</p>\n<pre>{}</pre>\n",
                    t("report-checkpoint"),
                    esc(c)
                ));
            }
        }
        None => o.push_str(&format!("<p>{}</p>\n", t("report-no-log-size"))),
    }
    o.push_str(&format!(
        "<p>{}</p>\n</article>\n",
        with_code(w, "report-reproduce", &[], &r.reproduce, CodeIn::Html)
    ));
    o
}
