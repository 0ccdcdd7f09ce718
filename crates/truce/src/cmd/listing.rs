//! `truce incidents`, `truce findings`, `truce rejections`: tables for people,
//! `--json` for machines.

use crate::workspace;
use crate::{ListArgs, Outcome};
use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::collections::{BTreeMap, HashSet};
use truce_model::time::{format_instant, format_local, parse_instant};
use truce_model::{Agreement, Finding, Status};
use truce_store::prelude::*;
use truce_store::{FindingFilter, FindingRow};

fn filter(args: &ListArgs, agreement: &Agreement) -> Result<FindingFilter> {
    let tz = workspace::timezone(agreement);
    let when = |s: &Option<String>, what: &str| -> Result<Option<i64>> {
        s.as_deref()
            .map(|v| parse_instant(v, &tz).map_err(|e| anyhow::anyhow!("--{what}: {e}")))
            .transpose()
    };
    if let Some(c) = &args.commitment
        && agreement.commitment(c).is_none()
    {
        let ids: Vec<&str> = agreement
            .commitments
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        anyhow::bail!(
            "--commitment: no commitment \"{c}\"; the agreement has {}",
            ids.join(", ")
        );
    }
    if let Some(r) = &args.reading {
        let known: HashSet<&str> = agreement
            .commitments
            .iter()
            .filter(|c| args.commitment.as_ref().is_none_or(|x| *x == c.id))
            .flat_map(|c| c.readings.iter().map(|r| r.id.as_str()))
            .collect();
        if !known.contains(r.as_str()) {
            let mut ids: Vec<&str> = known.into_iter().collect();
            ids.sort();
            anyhow::bail!(
                "--reading: no reading \"{r}\"; the readings are {}",
                ids.join(", ")
            );
        }
    }
    let status = match &args.status {
        None => None,
        Some(s) => Some(Status::parse(s).map_err(|e| {
            let all: Vec<&str> = Status::ids().collect();
            anyhow::anyhow!("--status: {e} (statuses: {})", all.join(", "))
        })?),
    };
    let region = match &args.region {
        None => None,
        Some(r) => Some(region_id(r, agreement)?),
    };
    let party = args.party.as_ref().map(|p| {
        agreement
            .party_resolver()
            .resolve(p)
            .map(str::to_string)
            .unwrap_or_else(|| p.to_lowercase())
    });
    Ok(FindingFilter {
        commitment: args.commitment.clone(),
        reading: args.reading.clone(),
        party,
        status,
        from: when(&args.from, "from")?,
        to: when(&args.to, "to")?,
        incident: args.incident.clone(),
        region,
        // With an occupation filter the limit applies after filtering.
        limit: if args.occupied || args.not_occupied {
            None
        } else {
            args.limit
        },
        ..FindingFilter::default()
    })
}

/// A region or country id from what a person typed: an id as it is, or a
/// name the gazetteer knows as a region or country.
fn region_id(text: &str, _agreement: &Agreement) -> Result<String> {
    let t = text.trim();
    let looks_like_id = t.len() >= 2
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && t.chars().take(2).all(|c| c.is_ascii_uppercase());
    if looks_like_id {
        return Ok(t.to_string());
    }
    match truce_geo::Gazetteer::embedded().resolve_hint(t) {
        Some(p) => Ok(p.id.clone()),
        None => anyhow::bail!(
            "--region: no region or country \"{t}\"; give an id such as UA-63 or RU, or a name such as \"Kharkiv oblast\""
        ),
    }
}

/// Keeps incidents by whether their place was under occupation at their date,
/// when `--occupied` or `--not-occupied` asks.
struct OccupationFilter {
    layer: Option<truce_geo::OccupationLayer>,
    want: Option<bool>,
    tz: jiff::tz::TimeZone,
}

impl OccupationFilter {
    fn new(store: &dyn Store, args: &ListArgs, agreement: &Agreement) -> Result<OccupationFilter> {
        let want = if args.occupied {
            Some(true)
        } else if args.not_occupied {
            Some(false)
        } else {
            None
        };
        let layer = match want {
            None => None,
            Some(_) => {
                let text = store.meta(OCCUPATION)?.context(
                    "no occupation layer is loaded; load one with `truce occupation load FILE`",
                )?;
                Some(
                    truce_geo::OccupationLayer::from_geojson(&text)
                        .map_err(|e| anyhow::anyhow!("the loaded occupation layer: {e}"))?,
                )
            }
        };
        Ok(OccupationFilter {
            layer,
            want,
            tz: workspace::timezone(agreement),
        })
    }

    fn keep(&self, inc: &truce_model::Incident) -> bool {
        let (Some(layer), Some(want)) = (&self.layer, self.want) else {
            return true;
        };
        let Some(p) = inc.location else {
            return false;
        };
        let Ok(ts) = jiff::Timestamp::from_second(inc.occurred.start) else {
            return false;
        };
        layer.occupied(p, ts.to_zoned(self.tz.clone()).date()) == want
    }
}

/// Where a loaded occupation layer is kept.
const OCCUPATION: &str = "occupation_geojson";

pub fn load_occupation(db: &str, file: &std::path::Path) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let layer = truce_geo::OccupationLayer::from_geojson(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    store.set_meta(OCCUPATION, &text)?;
    println!(
        "Loaded {} areas from {}; filter with --occupied or --not-occupied.",
        layer.len(),
        file.display()
    );
    Ok(Outcome::Ok)
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t
}

pub fn incidents(db: &str, args: &ListArgs) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let agreement = store.agreement()?.agreement;
    let tz = workspace::timezone(&agreement);
    let f = filter(args, &agreement)?;
    let occupation = OccupationFilter::new(&*store, args, &agreement)?;
    let mut rows = store.incidents(&f)?;
    rows.retain(|r| occupation.keep(&r.incident));
    if let Some(l) = args.limit {
        rows.truncate(l as usize);
    }
    if args.json {
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let inc = &row.incident;
            let reports = store.incident_reports(&inc.id)?;
            let findings = store.findings(&FindingFilter {
                incident: Some(inc.id.clone()),
                ..Default::default()
            })?;
            out.push(serde_json::json!({
                "id": inc.id,
                "occurred": inc.occurred,
                "location": inc.location,
                "geo_precision": inc.geo_precision,
                "place": inc.place,
                "act": inc.act,
                "means": inc.means,
                "target_class": inc.target_class,
                "target_name": inc.target_name,
                "country": inc.country,
                "region": inc.region,
                "reports": reports.iter().map(|r| serde_json::json!({"source": r.source, "external_id": r.external_id, "stance": r.stance, "perpetrator": r.perpetrator})).collect::<Vec<_>>(),
                "findings": findings.iter().map(|x| serde_json::json!({"id": x.id, "commitment_id": x.commitment_id, "reading_id": x.reading_id, "party": x.party, "status": x.status})).collect::<Vec<_>>(),
            }));
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Outcome::Ok);
    }
    let mut t = table();
    t.set_header([
        "incident", "when", "place", "act", "means", "target", "reports",
    ]);
    for row in &rows {
        let inc = &row.incident;
        t.add_row([
            inc.id.clone(),
            format_local(inc.occurred.start, &tz),
            inc.place
                .clone()
                .or_else(|| inc.location.map(|p| format!("{:.2}, {:.2}", p.lat, p.lon)))
                .unwrap_or_else(|| "unlocated".into()),
            inc.act.to_string(),
            inc.means.to_string(),
            match &inc.target_name {
                Some(n) => format!("{} ({n})", inc.target_class),
                None => inc.target_class.to_string(),
            },
            row.report_count.to_string(),
        ]);
    }
    println!("{t}");
    println!("{} incident(s).", rows.len());
    Ok(Outcome::Ok)
}

/// The full findings (reports and rule trace) of stored rows, as
/// `truce-app` explains them. The evaluation is deterministic, so this gives
/// the stored statuses back with their reasons; a difference means the
/// workspace needs `truce evaluate`.
pub fn detailed(store: &dyn Store, rows: &[FindingRow]) -> Result<Vec<Finding>> {
    let reference = truce_app::Reference::load(store)?;
    let mut by_incident: BTreeMap<&str, Vec<&FindingRow>> = BTreeMap::new();
    for r in rows {
        by_incident
            .entry(r.incident_id.as_str())
            .or_default()
            .push(r);
    }
    let mut full: BTreeMap<String, truce_app::findings::Explained> = BTreeMap::new();
    for (id, wanted) in by_incident {
        let Some((_, explained)) = truce_app::findings::explain(store, &reference, id)? else {
            continue;
        };
        let ids: HashSet<&str> = wanted.iter().map(|w| w.id.as_str()).collect();
        for f in explained {
            if ids.contains(f.id.as_str()) {
                full.insert(f.id.clone(), f);
            }
        }
    }
    let mut result = Vec::with_capacity(rows.len());
    for r in rows {
        let e = full.remove(&r.id).with_context(|| {
            format!(
                "finding {} cannot be recomputed; run `truce evaluate`",
                r.id
            )
        })?;
        let mut f = Finding {
            id: e.id,
            incident_id: e.incident_id,
            commitment_id: e.commitment_id,
            reading_id: e.reading_id,
            party: e.party,
            status: e.evaluated,
            confidence: e.confidence,
            reports: e.reports,
            trace: e.trace,
        };
        // Two adjudicators' verdict stands in for the rules' status.
        if e.status != e.evaluated && store.verdict(&r.id)? == Some(e.status) {
            f.trace.push(
                truce_model::TraceStep::new(
                    "decision",
                    truce_model::Outcome::Pass,
                    format!(
                        "{} by two adjudicators (the rules say {})",
                        e.status, f.status
                    ),
                )
                .saying([truce_model::Said::new("trace-decided")
                    .arg(
                        "status",
                        truce_model::Arg::Codes("status", vec![e.status.to_string()]),
                    )
                    .arg(
                        "rules",
                        truce_model::Arg::Codes("status", vec![f.status.to_string()]),
                    )]),
            );
            f.status = e.status;
        }
        if f.status != r.status {
            anyhow::bail!(
                "finding {} is stored as {} but evaluates to {} now; run `truce evaluate`",
                r.id,
                r.status,
                f.status
            );
        }
        result.push(f);
    }
    Ok(result)
}

pub fn findings(db: &str, args: &ListArgs) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let agreement = store.agreement()?.agreement;
    let tz = workspace::timezone(&agreement);
    let f = filter(args, &agreement)?;
    let occupation = OccupationFilter::new(&*store, args, &agreement)?;
    let mut rows = store.findings(&f)?;
    if occupation.want.is_some() {
        let mut keep_incident: std::collections::HashMap<String, bool> =
            std::collections::HashMap::new();
        let mut kept = Vec::with_capacity(rows.len());
        for r in rows {
            let keep = match keep_incident.get(&r.incident_id) {
                Some(k) => *k,
                None => {
                    let k = store
                        .incident(&r.incident_id)?
                        .is_some_and(|i| occupation.keep(&i.incident));
                    keep_incident.insert(r.incident_id.clone(), k);
                    k
                }
            };
            if keep {
                kept.push(r);
            }
        }
        rows = kept;
        if let Some(l) = args.limit {
            rows.truncate(l as usize);
        }
    }
    if args.json {
        let full = detailed(&*store, &rows)?;
        println!("{}", serde_json::to_string_pretty(&full)?);
        return Ok(Outcome::Ok);
    }
    let mut t = table();
    t.set_header([
        "finding",
        "incident",
        "when",
        "place",
        "commitment/reading",
        "party",
        "status",
        "confidence",
    ]);
    let mut places: BTreeMap<String, (String, String)> = BTreeMap::new();
    for r in &rows {
        if !places.contains_key(&r.incident_id) {
            let (when, place) = match store.incident(&r.incident_id)? {
                Some(i) => (
                    format_local(i.incident.occurred.start, &tz),
                    i.incident
                        .place
                        .clone()
                        .unwrap_or_else(|| "unlocated".into()),
                ),
                None => (String::new(), String::new()),
            };
            places.insert(r.incident_id.clone(), (when, place));
        }
        let (when, place) = places.get(&r.incident_id).cloned().unwrap_or_default();
        t.add_row([
            r.id.clone(),
            r.incident_id.clone(),
            when,
            place,
            format!("{}/{}", r.commitment_id, r.reading_id),
            r.party.clone(),
            r.status.to_string(),
            r.confidence.to_string(),
        ]);
    }
    println!("{t}");
    println!("{} finding(s).", rows.len());
    Ok(Outcome::Ok)
}

pub fn rejections(db: &str, json: bool, limit: Option<u64>) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let rows = store.rejections(limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(Outcome::Ok);
    }
    if rows.is_empty() {
        println!("No rejected rows.");
        return Ok(Outcome::Ok);
    }
    let mut t = table();
    t.set_header(["file", "line", "field", "value", "reason", "when"]);
    for r in &rows {
        let x = &r.rejection;
        t.add_row([
            x.file.clone(),
            x.line.to_string(),
            x.field.clone().unwrap_or_default(),
            x.value.clone().unwrap_or_default(),
            x.reason.clone(),
            format_instant(r.at),
        ]);
    }
    println!("{t}");
    let total = store.rejection_count()?;
    println!("{} of {total} rejected row(s) shown.", rows.len());
    Ok(Outcome::Ok)
}
