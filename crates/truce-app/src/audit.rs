//! The store checked against the log. The log is the source of truth and
//! the tables are its projections: every report, superseded version,
//! decision, agreement version and party key must be on the log exactly as
//! stored, every report entry must have its row, and what is published and
//! decided must follow from the decisions on the log. Incidents and findings
//! are derived by evaluation; `truce log replay` re-derives and compares them.

use crate::review::{Action, four_eyes};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use truce_store::Decision;
use truce_store::log::{AgreementEntry, KIND_AGREEMENT, KIND_PARTY_KEY, KIND_REPORT, ReportEntry};
use truce_store::log::{KIND_DECISION, KIND_STATEMENT, KIND_STATEMENT_REVIEW};
use truce_store::prelude::*;

/// At most this many differences are described; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// What the check found.
#[derive(Debug, Default)]
pub struct Audit {
    /// Differences, in words, naming the rows and log entries concerned.
    pub differences: Vec<String>,
    /// Differences found beyond [`MAX_SHOWN`].
    pub more: u64,
    pub reports: u64,
    pub versions: u64,
    pub decisions: u64,
    pub statements: u64,
    /// Candidates reviewed (accepted or rejected).
    pub reviews: u64,
}

impl Audit {
    fn differ(&mut self, what: String) {
        if self.differences.len() < MAX_SHOWN {
            self.differences.push(what);
        } else {
            self.more += 1;
        }
    }

    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }
}

fn key(source: &str, external_id: &str) -> [u8; 16] {
    use sha2::Digest;
    let d = sha2::Sha256::new()
        .chain_update(source.as_bytes())
        .chain_update([0x1f])
        .chain_update(external_id.as_bytes())
        .finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

fn body(data: &[u8]) -> &[u8] {
    truce_store::log::decode_entry(data).map_or(&[][..], |(_, b)| b)
}

/// The report's fields as JSON, extra columns in a fixed order, so that two
/// readings of one report compare equal.
fn report_value(r: &truce_model::Report) -> serde_json::Map<String, serde_json::Value> {
    let mut r = r.clone();
    r.extra.sort();
    match serde_json::to_value(&r) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// The fields in which two reports differ.
fn differing_fields(stored: &truce_model::Report, logged: &truce_model::Report) -> Vec<String> {
    let (a, b) = (report_value(stored), report_value(logged));
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| k.to_string())
        .collect()
}

fn words(fields: &[String]) -> String {
    match fields {
        [one] => format!("its {one} differs"),
        _ => format!("its {} differ", fields.join(", ")),
    }
}

/// The log entry a row names, counted as claimed: None (and the difference
/// noted) when it names none, or an entry that holds no report.
fn claim(
    out: &mut Audit,
    matched: &mut [bool],
    entry: &dyn Fn(u64) -> anyhow::Result<Option<ReportEntry>>,
    name: &str,
    log_index: Option<u64>,
) -> anyhow::Result<Option<(u64, ReportEntry)>> {
    let Some(idx) = log_index else {
        out.differ(format!("{name} is not on the log"));
        return Ok(None);
    };
    let Some(e) = entry(idx)? else {
        out.differ(format!(
            "{name} names log entry {idx}, which holds no report"
        ));
        return Ok(None);
    };
    if let Some(m) = matched.get_mut(idx as usize) {
        if *m {
            out.differ(format!(
                "{name} names log entry {idx}, which another row names too"
            ));
        }
        *m = true;
    }
    Ok(Some((idx, e)))
}

/// Where a stored version says it came from, against its entry.
fn provenance(e: &ReportEntry, fingerprint: &[u8], file: &str, line: u64) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(fp) = &e.fingerprint
        && hex::encode(fingerprint) != *fp
    {
        fields.push("fingerprint".into());
    }
    if file != e.file || line != e.line {
        fields.push("file and line".into());
    }
    fields
}

/// A decision as the log records it.
struct LoggedDecision {
    index: u64,
    value: serde_json::Value,
}

impl LoggedDecision {
    fn text(&self, k: &str) -> Option<&str> {
        self.value.get(k).and_then(|v| v.as_str())
    }
}

/// Checks every projection against the log.
pub fn audit(store: &dyn Store) -> anyhow::Result<Audit> {
    let mut out = Audit::default();
    // One pass over the log: the latest entry of each report, and the
    // entries of the small kinds in full.
    let mut latest: HashMap<[u8; 16], u64> = HashMap::new();
    let mut report_entries: Vec<u64> = Vec::new();
    let mut decisions: Vec<LoggedDecision> = Vec::new();
    let mut agreements: Vec<(u64, AgreementEntry)> = Vec::new();
    let mut keys: BTreeMap<String, (u64, String, String)> = BTreeMap::new();
    let mut unreadable: Vec<String> = Vec::new();
    let mut statement_entries: Vec<u64> = Vec::new();
    let mut reviews: BTreeMap<u64, serde_json::Value> = BTreeMap::new();
    store.log_scan(0, &mut |idx, kind, data| {
        let b = body(data);
        match kind {
            KIND_REPORT => match serde_json::from_slice::<ReportEntry>(b) {
                Ok(e) => {
                    latest.insert(key(&e.report.source, &e.report.external_id), idx);
                    report_entries.push(idx);
                }
                Err(e) => unreadable.push(format!("log entry {idx} is not a readable report: {e}")),
            },
            KIND_DECISION => match serde_json::from_slice::<serde_json::Value>(b) {
                Ok(value) => decisions.push(LoggedDecision { index: idx, value }),
                Err(e) => {
                    unreadable.push(format!("log entry {idx} is not a readable decision: {e}"))
                }
            },
            KIND_AGREEMENT => match serde_json::from_slice::<AgreementEntry>(b) {
                Ok(a) => agreements.push((idx, a)),
                Err(e) => {
                    unreadable.push(format!("log entry {idx} is not a readable agreement: {e}"))
                }
            },
            KIND_STATEMENT => statement_entries.push(idx),
            KIND_STATEMENT_REVIEW => match serde_json::from_slice::<serde_json::Value>(b) {
                Ok(v) => {
                    reviews.insert(idx, v);
                }
                Err(e) => unreadable.push(format!(
                    "log entry {idx} is not a readable review of a statement: {e}"
                )),
            },
            KIND_PARTY_KEY => {
                let v: serde_json::Value = serde_json::from_slice(b).unwrap_or_default();
                let party = v["party"].as_str().unwrap_or_default().to_string();
                let vkey = v["vkey"].as_str().unwrap_or_default().to_string();
                let name = vkey.split('+').next().unwrap_or_default().to_string();
                keys.insert(name, (idx, party, vkey));
            }
            _ => {}
        }
        true
    })?;
    for u in unreadable {
        out.differ(u);
    }
    let size = store.log_size()?;
    let mut matched = vec![false; size as usize];
    let entry = |idx: u64| -> anyhow::Result<Option<ReportEntry>> {
        Ok(match store.log_entry(idx)? {
            Some((kind, data)) if kind == KIND_REPORT => serde_json::from_slice(body(&data)).ok(),
            _ => None,
        })
    };

    // Current reports: each is the latest entry of its key, field for field.
    let mut keys_of: HashMap<i64, (String, String)> = HashMap::new();
    let mut failure: Option<anyhow::Error> = None;
    store.audit_reports(&mut |row| {
        out.reports += 1;
        let name = format!(
            "report {} ({}/{})",
            row.id, row.report.source, row.report.external_id
        );
        keys_of.insert(
            row.id,
            (row.report.source.clone(), row.report.external_id.clone()),
        );
        let (idx, e) = match claim(&mut out, &mut matched, &entry, &name, row.log_index) {
            Ok(Some(found)) => found,
            Ok(None) => return true,
            Err(e) => {
                failure = Some(e);
                return false;
            }
        };
        if (e.report.source.as_str(), e.report.external_id.as_str())
            != (row.report.source.as_str(), row.report.external_id.as_str())
        {
            out.differ(format!(
                "{name} names log entry {idx}, which holds report {}/{}",
                e.report.source, e.report.external_id
            ));
            return true;
        }
        if let Some(&last) = latest.get(&key(&row.report.source, &row.report.external_id))
            && last != idx
        {
            out.differ(format!(
                "{name} is the version of log entry {idx}, but log entry {last} superseded it"
            ));
        }
        let mut fields = differing_fields(&row.report, &e.report);
        fields.extend(provenance(&e, &row.fingerprint, &row.file, row.line));
        if row.filer != e.filer {
            fields.push("filer".into());
        }
        if !fields.is_empty() {
            out.differ(format!("{name}: {} from log entry {idx}", words(&fields)));
        }
        true
    })?;
    if let Some(e) = failure.take() {
        return Err(e);
    }

    // Superseded versions: each an earlier entry of its report.
    store.audit_history(&mut |row| {
        out.versions += 1;
        let name = format!("the earlier version of report {}", row.report_id);
        let (idx, e) = match claim(&mut out, &mut matched, &entry, &name, row.log_index) {
            Ok(Some(found)) => found,
            Ok(None) => return true,
            Err(e) => {
                failure = Some(e);
                return false;
            }
        };
        let stored: Option<truce_model::Report> = serde_json::from_str(&row.json).ok();
        let mut fields = match &stored {
            Some(r) => differing_fields(r, &e.report),
            None => vec!["content".into()],
        };
        fields.extend(provenance(&e, &row.fingerprint, &row.file, row.line));
        if keys_of.get(&row.report_id)
            != Some(&(e.report.source.clone(), e.report.external_id.clone()))
        {
            fields.push("report".into());
        }
        if !fields.is_empty() {
            out.differ(format!(
                "{name} (log entry {idx}): {} from the log",
                words(&fields)
            ));
        }
        true
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    for idx in report_entries {
        if !matched.get(idx as usize).copied().unwrap_or(false) {
            let what = entry(idx)?
                .map(|e| format!("report {}/{}", e.report.source, e.report.external_id))
                .unwrap_or_else(|| "a report".into());
            out.differ(format!(
                "log entry {idx} holds {what}, which has no row in the store: it was deleted"
            ));
        }
    }

    // Decisions, field for field; the log names takers by pseudonym.
    let rows = store.audit_decisions()?;
    out.decisions = rows.len() as u64;
    let mut by_index: HashMap<u64, &Decision> = HashMap::new();
    for d in &rows {
        match d.log_index {
            Some(i) => {
                if by_index.insert(i, d).is_some() {
                    out.differ(format!(
                        "decision {} names log entry {i}, which another decision names too",
                        d.id
                    ));
                }
            }
            None => out.differ(format!(
                "decision {} ({}) is not on the log",
                d.id, d.action
            )),
        }
    }
    let logged_at: BTreeSet<u64> = decisions.iter().map(|d| d.index).collect();
    for d in &rows {
        if let Some(i) = d.log_index
            && !logged_at.contains(&i)
        {
            out.differ(format!(
                "decision {} ({}) names log entry {i}, which holds no decision",
                d.id, d.action
            ));
        }
    }
    for l in &decisions {
        let Some(d) = by_index.get(&l.index) else {
            out.differ(format!(
                "log entry {} holds a decision ({}) that has no row in the store: it was deleted",
                l.index,
                l.text("action").unwrap_or("?")
            ));
            continue;
        };
        let mut fields = Vec::new();
        if l.text("actor") != Some(store.pseudonym(&d.actor)?.as_str()) {
            fields.push("taker".to_string());
        }
        for (name, stored, logged) in [
            ("role", Some(d.role.as_str()), l.text("role")),
            ("action", Some(d.action.as_str()), l.text("action")),
            ("incident", d.incident_id.as_deref(), l.text("incident")),
            ("finding", d.finding_id.as_deref(), l.text("finding")),
            ("reason", Some(d.reason.as_str()), l.text("reason")),
        ] {
            if stored != logged {
                fields.push(name.to_string());
            }
        }
        if Some(&d.body) != l.value.get("body") {
            fields.push("body".into());
        }
        if l.value.get("at").and_then(|v| v.as_i64()) != Some(d.at) {
            fields.push("time".into());
        }
        if !fields.is_empty() {
            out.differ(format!(
                "decision {} ({}): {} from log entry {}",
                d.id,
                d.action,
                words(&fields),
                l.index
            ));
        }
    }

    // Publication: the reports the publish decisions on the log covered.
    let mut expected: BTreeMap<i64, u64> = BTreeMap::new();
    for l in decisions
        .iter()
        .filter(|l| l.text("action") == Some(Action::Publish.as_str()))
    {
        let refs: Vec<truce_model::ReportRef> = match l.value["body"].get("reports") {
            Some(v) => serde_json::from_value(v.clone()).unwrap_or_default(),
            // Publications taken before they named their reports covered
            // their incident as it then was, which the log does not say.
            None => continue,
        };
        for r in refs {
            if let Some(id) = store.report_id(&r.source, &r.external_id)? {
                expected.entry(id).or_insert(l.index);
            }
        }
    }
    let legacy = decisions.iter().any(|l| {
        l.text("action") == Some(Action::Publish.as_str())
            && l.value["body"].get("reports").is_none()
    });
    let stored: BTreeSet<i64> = store
        .audit_published_reports()?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    for (id, idx) in &expected {
        if !stored.contains(id) {
            out.differ(format!(
                "report {id} was published by the decision at log entry {idx}, but the store does not show it as published"
            ));
        }
    }
    if !legacy {
        for id in stored.iter().filter(|id| !expected.contains_key(id)) {
            out.differ(format!(
                "report {id} is shown as published, but no decision on the log published it"
            ));
        }
    }
    for (incident, what) in store.audit_publications()? {
        out.differ(format!("incident {incident} {what}"));
    }

    // Verdicts: what two adjudicators' votes on the log decide.
    let mut votes: BTreeMap<String, Vec<Decision>> = BTreeMap::new();
    for l in &decisions {
        let action = l.text("action").unwrap_or_default();
        if action != Action::Confirm.as_str() && action != Action::Reject.as_str() {
            continue;
        }
        if let Some(f) = l.text("finding") {
            votes.entry(f.to_string()).or_default().push(Decision {
                id: 0,
                at: 0,
                actor: l.text("actor").unwrap_or_default().to_string(),
                role: l.text("role").unwrap_or_default().to_string(),
                action: action.to_string(),
                incident_id: None,
                finding_id: Some(f.to_string()),
                body: serde_json::Value::Null,
                reason: String::new(),
                log_index: Some(l.index),
            });
        }
    }
    let decided: BTreeMap<String, String> = votes
        .iter()
        .filter_map(|(f, v)| four_eyes(v).map(|s| (f.clone(), s.as_str().to_string())))
        .collect();
    let verdicts: BTreeMap<String, String> = store.audit_verdicts()?.into_iter().collect();
    for (f, s) in &decided {
        match verdicts.get(f) {
            Some(v) if v == s => {}
            Some(v) => out.differ(format!(
                "finding {f}: the votes on the log decide {s}, the store says {v}"
            )),
            None => out.differ(format!(
                "finding {f}: the votes on the log decide {s}, but the store has no verdict"
            )),
        }
    }
    for (f, v) in &verdicts {
        if !decided.contains_key(f) {
            out.differ(format!(
                "finding {f} is stored as {v}, but no two adjudicators' votes on the log decide it"
            ));
        }
    }

    // Agreement versions and party keys.
    let rows = store.audit_agreements()?;
    let by_index: HashMap<u64, &truce_store::AuditAgreement> = rows
        .iter()
        .filter_map(|a| a.log_index.map(|i| (i, a)))
        .collect();
    for a in rows.iter().filter(|a| a.log_index.is_none()) {
        out.differ(format!("agreement version {} is not on the log", a.version));
    }
    for (idx, e) in &agreements {
        match by_index.get(idx) {
            None => out.differ(format!(
                "log entry {idx} holds an agreement version that has no row in the store"
            )),
            Some(a) if a.sha256 != e.sha256 || a.text != e.text => out.differ(format!(
                "agreement version {}: its text differs from log entry {idx}",
                a.version
            )),
            Some(_) => {}
        }
    }
    let stored_keys = store.audit_party_keys()?;
    for k in &stored_keys {
        match keys.get(&k.name) {
            Some((idx, party, vkey))
                if *idx == k.log_index && *party == k.party && *vkey == k.vkey => {}
            Some((idx, ..)) => out.differ(format!(
                "the party key {} differs from its latest registration, log entry {idx}",
                k.name
            )),
            None => out.differ(format!("the party key {} is not on the log", k.name)),
        }
    }
    for (name, (idx, ..)) in &keys {
        if !stored_keys.iter().any(|k| &k.name == name) {
            out.differ(format!(
                "log entry {idx} registers the party key {name}, which the store does not have"
            ));
        }
    }
    audit_statements(store, &mut out, &statement_entries, &reviews)?;
    Ok(out)
}

/// Statements and their reviews: every statement row is its entry, field by
/// field, and every statement entry has its row; every reviewed candidate
/// names its review entry, which says what the store says (the candidate,
/// accepted or rejected, and the report it became), and every review entry
/// is some candidate's.
fn audit_statements(
    store: &dyn Store,
    out: &mut Audit,
    statement_entries: &[u64],
    reviews: &BTreeMap<u64, serde_json::Value>,
) -> anyhow::Result<()> {
    use truce_store::CandidateStatus;
    const PAGE: u64 = 1000;
    let mut seen: BTreeSet<u64> = BTreeSet::new();
    let mut after = None;
    loop {
        let page = store.statements(after, PAGE)?;
        for s in &page {
            out.statements += 1;
            seen.insert(s.log_index);
            let logged = match store.log_entry(s.log_index)? {
                Some((kind, data)) if kind == KIND_STATEMENT => {
                    serde_json::from_slice::<serde_json::Value>(body(&data)).ok()
                }
                _ => None,
            };
            let Some(v) = logged else {
                out.differ(format!(
                    "statement {} names log entry {}, which holds no statement",
                    s.id, s.log_index
                ));
                continue;
            };
            let published = truce_model::time::format_instant(s.published_at);
            let mut fields = Vec::new();
            for (name, stored, logged) in [
                ("source", Some(s.source.as_str()), v["source"].as_str()),
                ("text", Some(s.text.as_str()), v["text"].as_str()),
                ("language", Some(s.lang.as_str()), v["lang"].as_str()),
                ("link", s.url.as_deref(), v["url"].as_str()),
                ("file", Some(s.file.as_str()), v["file"].as_str()),
                (
                    "publication",
                    Some(published.as_str()),
                    v["published_at"].as_str(),
                ),
            ] {
                if stored != logged {
                    fields.push(name.to_string());
                }
            }
            if v["line"].as_u64() != Some(s.line) {
                fields.push("line".into());
            }
            if !fields.is_empty() {
                out.differ(format!(
                    "statement {} differs from its log entry {}: {}",
                    s.id,
                    s.log_index,
                    words(&fields)
                ));
            }
        }
        after = match page.last() {
            Some(s) if page.len() as u64 == PAGE => Some(s.id),
            _ => break,
        };
    }
    for idx in statement_entries {
        if !seen.contains(idx) {
            out.differ(format!(
                "log entry {idx} holds a statement the store does not have"
            ));
        }
    }
    let mut reviewed: BTreeSet<u64> = BTreeSet::new();
    let mut after = None;
    loop {
        let page = store.candidates(None, after, PAGE)?;
        for c in &page {
            let action = match c.status {
                CandidateStatus::Pending => {
                    if let Some(ix) = c.review_log_index {
                        out.differ(format!(
                            "candidate {} waits for review but names the review at log entry {ix}",
                            c.id
                        ));
                    }
                    continue;
                }
                CandidateStatus::Accepted => "accept",
                CandidateStatus::Rejected => "reject",
            };
            out.reviews += 1;
            let Some(ix) = c.review_log_index else {
                out.differ(format!(
                    "candidate {} is {} but its review is not on the log",
                    c.id,
                    c.status.as_str()
                ));
                continue;
            };
            let Some(v) = reviews.get(&ix) else {
                out.differ(format!(
                    "candidate {} names log entry {ix}, which holds no review of a statement",
                    c.id
                ));
                continue;
            };
            reviewed.insert(ix);
            if v["candidate"].as_i64() != Some(c.id) || v["action"].as_str() != Some(action) {
                out.differ(format!(
                    "candidate {} is {}, but its review at log entry {ix} says {} candidate {}",
                    c.id,
                    c.status.as_str(),
                    v["action"].as_str().unwrap_or("nothing of"),
                    v["candidate"]
                ));
                continue;
            }
            if c.status == CandidateStatus::Accepted {
                let row = match c.report_id {
                    Some(r) => store.report_row(r, &truce_store::Visibility::All)?,
                    None => None,
                };
                let same = row.is_some_and(|r| {
                    v["report"]["source"].as_str() == Some(r.report.source.as_str())
                        && v["report"]["external_id"].as_str()
                            == Some(r.report.external_id.as_str())
                });
                if !same {
                    out.differ(format!(
                        "candidate {} was accepted as the report its review at log entry {ix} names, but the store holds another or none",
                        c.id
                    ));
                }
            }
        }
        after = match page.last() {
            Some(c) if page.len() as u64 == PAGE => Some(c.id),
            _ => break,
        };
    }
    for (ix, v) in reviews {
        if !reviewed.contains(ix) {
            out.differ(format!(
                "log entry {ix} reviews candidate {}, which the store does not record as reviewed",
                v["candidate"]
            ));
        }
    }
    Ok(())
}
