//! The conformance suite: what every backend must do, written against the
//! traits only. A backend's tests call [`run_all`] (or each check) with a
//! function that makes a fresh, empty workspace; each check makes its own.
//! A check panics, naming what the backend got wrong.

use crate::prelude::*;
use crate::{
    Effect, EvaluationInfo, FindingFilter, NewDecision, NewReport, QueueAssigned, QueueFilter,
    QueueOrder, ReportFilter, Role, StoredCosignature, Visibility,
};
use truce_model::{
    Act, Agreement, Confidence, Finding, GeoPrecision, Incident, LatLon, Located, Means, Period,
    Rejection, Report, ReportRef, Stance, Status, TargetClass, TimePrecision,
};

/// Makes a fresh, empty workspace (no agreement yet).
pub type Fresh<'a> = &'a dyn Fn() -> Box<dyn Store>;

/// Every check, in turn.
pub fn run_all(fresh: Fresh<'_>) {
    agreements(fresh);
    reports_and_rejections(fresh);
    idempotency_and_supersession(fresh);
    results_and_paging(fresh);
    list_filters(fresh);
    stale_evaluations_are_not_stored(fresh);
    placement(fresh);
    log_append_and_proofs(fresh);
    decisions_and_verdicts(fresh);
    publication_follows_reports(fresh);
    accounts_and_sessions(fresh);
    assignments_and_notes(fresh);
    vessels(fresh);
    statements_and_candidates(fresh);
    text_search(fresh);
    webhooks_and_deliveries(fresh);
}

const AGREEMENT: &str = r#"
id = "conformance"
title = "Conformance"
version = 1
timezone = "Europe/Kyiv"
public_precision_deg = 0.1

[[parties]]
id = "ua"
name = "Ukraine"

[[parties]]
id = "ru"
name = "Russia"

[[periods]]
start = "2025-03-18"
end = "2025-04-18"

[[commitments]]
id = "energy"
title = "No strikes on energy"
text = "No strikes on energy infrastructure."
binds = ["ua", "ru"]
status = "agreed"

[commitments.scope]
acts = ["strike"]

[[commitments.readings]]
id = "mission"
title = "As the mission reads it"
period = { start = "2025-03-18", days = 30 }
scope.targets = ["energy.power-plant"]
"#;

fn agreement() -> Agreement {
    truce_model::parse_agreement(AGREEMENT, &|_| Err("no zones".into()))
        .unwrap_or_else(|d| panic!("the conformance agreement does not parse: {d:?}"))
}

/// A fresh workspace with the conformance agreement.
fn workspace(fresh: Fresh<'_>) -> Box<dyn Store> {
    let mut s = fresh();
    let v = s
        .put_agreement(AGREEMENT, &agreement())
        .unwrap_or_else(|e| panic!("put_agreement: {e}"));
    assert_eq!(v, 1, "the first agreement version is 1");
    s
}

fn report(source: &str, id: &str, at: i64, text: &str) -> Report {
    Report {
        source: source.into(),
        external_id: id.into(),
        reported_at: None,
        occurred_at: at,
        time_precision: TimePrecision::Hour,
        occurred: Period {
            start: at - at.rem_euclid(3600),
            end: at - at.rem_euclid(3600) + 3600,
        },
        location: Some(LatLon::new(50.45, 30.52)),
        place: Some("Kyiv".into()),
        geo_precision: GeoPrecision::Exact,
        located: Located::Given,
        act: Act::Strike,
        means: Means::Unknown,
        means_text: None,
        target_class: TargetClass::Unknown,
        target_name: None,
        perpetrator: Some("ru".into()),
        claimant: Some("ua".into()),
        stance: Stance::Alleges,
        reliability: None,
        credibility: None,
        killed: Some(1),
        injured: None,
        text: Some(text.into()),
        url: None,
        extra: vec![("note".into(), "kept".into())],
    }
}

fn fingerprint(r: &Report) -> [u8; 32] {
    let json = serde_json::to_vec(r).unwrap_or_default();
    truce_ledger::leaf_hash(&json)
}

/// A report's log entry, as the application makes it.
fn entry(r: &Report, filer: &str) -> Vec<u8> {
    crate::log::report_entry(&crate::log::ReportEntryParts {
        report: r,
        file: "conformance.csv",
        line: 2,
        signed: None,
        filer,
        fingerprint: &fingerprint(r),
    })
    .unwrap_or_else(|e| panic!("report_entry: {e}"))
}

/// Stores reports filed by `filer`, returning what the store did.
fn ingest(s: &mut dyn Store, reports: &[Report], filer: &str) -> crate::IngestResult {
    let entries: Vec<Vec<u8>> = reports.iter().map(|r| entry(r, filer)).collect();
    let stored: Vec<_> = entries.iter().map(|e| crate::log::pack_entry(e)).collect();
    let new: Vec<NewReport<'_>> = reports
        .iter()
        .zip(entries.iter().zip(&stored))
        .enumerate()
        .map(|(i, (r, (e, stored)))| NewReport {
            report: r,
            fingerprint: fingerprint(r),
            file: "conformance.csv",
            line: i as u64 + 2,
            entry: e,
            leaf: truce_ledger::leaf_hash(e),
            stored,
            filer,
        })
        .collect();
    s.ingest(&new, &[])
        .unwrap_or_else(|e| panic!("ingest: {e}"))
}

fn rejection(line: u64) -> Rejection {
    Rejection {
        file: "conformance.csv".into(),
        line,
        field: Some("occurred_at".into()),
        value: Some("yesterday".into()),
        reason: "not a date".into(),
        raw: "x".repeat(5000),
    }
}

/// Agreement versions are kept, and a text loaded twice is one version.
pub fn agreements(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    assert_eq!(
        s.agreement().expect("agreement").agreement.id,
        "conformance"
    );
    let again = s.put_agreement(AGREEMENT, &agreement()).expect("again");
    assert_eq!(again, 1, "the same text is the same version");
    let text = AGREEMENT.replace("Conformance", "Conformance, second");
    let a = truce_model::parse_agreement(&text, &|_| Err("no zones".into())).expect("parse");
    assert_eq!(s.put_agreement(&text, &a).expect("second"), 2);
    assert_eq!(s.agreement_versions().expect("versions").len(), 2);
    assert_eq!(s.agreement().expect("latest").version, 2);
    assert_eq!(s.log_size().expect("size"), 2, "each version is on the log");
}

/// Reports are stored with their entries; rejections are kept, once, and
/// bounded.
pub fn reports_and_rejections(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    let rs = [
        report("ua-mfa", "1", 1_742_500_000, "first"),
        report("ua-mfa", "2", 1_742_503_600, "second"),
    ];
    let before = s.log_size().expect("size");
    let out = ingest(&mut *s, &rs, "ua");
    assert_eq!(out.counts.accepted, 2);
    assert_eq!(s.log_size().expect("size"), before + 2);
    assert_eq!(s.report_count().expect("count"), 2);
    let (ids, stored) = s.reports(true).expect("reports");
    assert_eq!(ids.len(), 2);
    assert_eq!(stored[0], rs[0], "a report comes back as it was stored");
    let (_, lean) = s.reports(false).expect("lean");
    assert!(
        lean[0].text.is_none(),
        "the lean reading leaves the text out"
    );
    assert_eq!(s.report_id("ua-mfa", "2").expect("id"), Some(ids[1]));
    let named = s
        .report_ids(&[ReportRef {
            source: "ua-mfa".into(),
            external_id: "1".into(),
        }])
        .expect("ids");
    assert_eq!(named, vec![ids[0]]);
    for _ in 0..2 {
        let r = s.ingest(&[], &[rejection(7)]).expect("rejections");
        assert_eq!(r.counts.rejected, 1);
    }
    assert_eq!(s.rejection_count().expect("count"), 1, "kept once");
    let kept = s.rejections(None).expect("rejections");
    assert!(kept[0].rejection.raw.len() < 2000, "raw text is bounded");
    assert_eq!(
        s.pending_reports().expect("pending"),
        2,
        "nothing evaluated yet"
    );
    // Newest first, by file, page by page.
    let mut other = rejection(3);
    other.file = "other.csv".into();
    s.ingest(&[], &[rejection(8), other, rejection(9)])
        .expect("more rejections");
    let newest = s.rejections_newest(None, None, 10).expect("newest");
    let lines: Vec<u64> = newest.iter().map(|r| r.rejection.line).collect();
    assert_eq!(lines, vec![9, 3, 8, 7], "newest first");
    let page = s
        .rejections_newest(Some("conformance.csv"), None, 2)
        .expect("page");
    let lines: Vec<u64> = page.iter().map(|r| r.rejection.line).collect();
    assert_eq!(lines, vec![9, 8], "one file's, limited");
    let next = s
        .rejections_newest(Some("conformance.csv"), Some(page[1].id), 2)
        .expect("next page");
    let lines: Vec<u64> = next.iter().map(|r| r.rejection.line).collect();
    assert_eq!(lines, vec![7], "the page after");
    // Default gradings by source: set, replaced, cleared; sources counted.
    let mut d = crate::SourceDefault {
        source: "ua-mfa".into(),
        reliability: Some(truce_model::Reliability::B),
        credibility: Some(truce_model::Credibility::Probable),
        note: "ministry".into(),
        updated_by: "admin".into(),
        updated_at: 5,
    };
    s.set_source_default(&d).expect("set");
    d.credibility = None;
    s.set_source_default(&d).expect("replace");
    assert_eq!(s.source_defaults().expect("defaults"), vec![d.clone()]);
    d.reliability = None;
    s.set_source_default(&d).expect("clear");
    assert!(s.source_defaults().expect("defaults").is_empty());
    assert_eq!(
        s.source_counts().expect("counts"),
        vec![("ua-mfa".to_string(), 2)]
    );
    let files = s.rejection_files().expect("files");
    let files: Vec<(&str, u64)> = files.iter().map(|f| (f.file.as_str(), f.rows)).collect();
    assert_eq!(files, vec![("conformance.csv", 3), ("other.csv", 1)]);
}

/// The same row again is a duplicate; a changed one supersedes it for its
/// own filer only.
pub fn idempotency_and_supersession(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    let r = report("ru-mod", "7", 1_742_500_000, "as first said");
    ingest(&mut *s, std::slice::from_ref(&r), "ru");
    let size = s.log_size().expect("size");
    let out = ingest(&mut *s, std::slice::from_ref(&r), "ru");
    assert_eq!(out.counts.duplicates, 1);
    assert_eq!(
        s.log_size().expect("size"),
        size,
        "a duplicate is not logged"
    );
    let changed = report("ru-mod", "7", 1_742_500_000, "as said later");
    let forged = ingest(&mut *s, std::slice::from_ref(&changed), "ua");
    assert_eq!(
        forged.counts.superseded, 0,
        "another filer may not supersede"
    );
    assert_eq!(forged.refused.len(), 1);
    assert_eq!(forged.counts.rejected, 1);
    assert_eq!(s.log_size().expect("size"), size);
    let own = ingest(&mut *s, std::slice::from_ref(&changed), "ru");
    assert_eq!(own.counts.superseded, 1);
    assert!(s.has_act("strike").expect("has_act"));
    assert!(!s.has_act("fire").expect("has_act"));
    let (_, now) = s.reports(true).expect("reports");
    assert_eq!(now[0].text.as_deref(), Some("as said later"));
    let mut versions = 0;
    s.audit_history(&mut |_| {
        versions += 1;
        true
    })
    .expect("history");
    assert_eq!(versions, 1, "the earlier version is kept");

    // Versions that say when they were reported: a newer one supersedes,
    // an older one arriving late is refused and the newer one stays.
    let mut v2 = report("acled", "UKR1", 1_742_500_000, "updated");
    v2.reported_at = Some(1_742_600_000);
    let mut v1 = report("acled", "UKR1", 1_742_500_000, "first coded");
    v1.reported_at = Some(1_742_550_000);
    ingest(&mut *s, std::slice::from_ref(&v2), "mission");
    let late = ingest(&mut *s, std::slice::from_ref(&v1), "mission");
    assert_eq!(
        late.counts.superseded, 0,
        "an older version does not supersede"
    );
    assert_eq!(late.refused.len(), 1);
    assert_eq!(late.refused[0].field.as_deref(), Some("reported_at"));
    let (_, now) = s.reports(true).expect("reports");
    let kept = now
        .iter()
        .find(|r| r.source == "acled")
        .expect("acled report");
    assert_eq!(kept.text.as_deref(), Some("updated"));
    let mut v3 = v2.clone();
    v3.reported_at = Some(1_742_700_000);
    v3.text = Some("updated again".into());
    let newer = ingest(&mut *s, std::slice::from_ref(&v3), "mission");
    assert_eq!(newer.counts.superseded, 1);
}

fn incident(id: &str, members: Vec<usize>, start: i64) -> Incident {
    Incident {
        id: id.into(),
        reports: members,
        occurred: Period {
            start,
            end: start + 3600,
        },
        location: Some(LatLon::new(50.45, 30.52)),
        geo_precision: GeoPrecision::Exact,
        place: Some("Kyiv".into()),
        act: Act::Strike,
        means: Means::Unknown,
        target_class: TargetClass::Unknown,
        target_name: None,
        country: Some("UA".into()),
        region: Some("UA-30".into()),
    }
}

fn finding(incident: &str, status: Status) -> Finding {
    Finding {
        id: format!("F-{incident}"),
        incident_id: incident.into(),
        commitment_id: "energy".into(),
        reading_id: "mission".into(),
        party: "ru".into(),
        status,
        confidence: Confidence::Likely,
        reports: Vec::new(),
        trace: Vec::new(),
    }
}

fn info(s: &dyn Store, incidents: usize) -> EvaluationInfo {
    EvaluationInfo {
        at: 0,
        agreement_version: 1,
        reference_data: "conformance".into(),
        reports: incidents as u64,
        incidents: incidents as u64,
        findings: 0,
        log_size: Some(s.log_size().expect("size")),
        placed: None,
    }
}

/// A workspace with `n` reports, each its own incident an hour apart, with
/// one finding each.
fn evaluated(fresh: Fresh<'_>, n: usize) -> (Box<dyn Store>, Vec<i64>) {
    let mut s = workspace(fresh);
    let t0 = 1_742_500_000;
    let rs: Vec<Report> = (0..n)
        .map(|i| report("ua-mfa", &i.to_string(), t0 + 3600 * i as i64, "r"))
        .collect();
    ingest(&mut *s, &rs, "ua");
    let (ids, _) = s.reports(false).expect("reports");
    let incidents: Vec<Incident> = (0..n)
        .map(|i| incident(&format!("I-{i:04}"), vec![i], t0 + 3600 * i as i64))
        .collect();
    let mut findings = incidents
        .iter()
        .map(|i| finding(&i.id, Status::Alleged))
        .collect::<Vec<_>>()
        .into_iter();
    let info = info(&*s, n);
    let stored = s
        .replace_results(&ids, &ids, &[], &incidents, &mut findings, &info)
        .expect("replace_results");
    assert_eq!(stored, Some(n as u64));
    (s, ids)
}

/// Results replace each other whole; lists filter and page without
/// duplicates or gaps, newest first.
pub fn results_and_paging(fresh: Fresh<'_>) {
    let (s, ids) = evaluated(fresh, 25);
    assert_eq!(s.pending_reports().expect("pending"), 0);
    assert_eq!(
        s.incident_of_report(ids[3]).expect("of"),
        Some("I-0003".into())
    );
    let all = s
        .incidents(&FindingFilter {
            newest_first: true,
            ..Default::default()
        })
        .expect("incidents");
    assert_eq!(all.len(), 25);
    assert_eq!(all[0].incident.id, "I-0024", "newest first");
    // Daily counts count every finding once, by its incident's start day
    // (in order, days counted at the offset from UTC).
    let start: std::collections::HashMap<&str, i64> = all
        .iter()
        .map(|r| (r.incident.id.as_str(), r.incident.occurred.start))
        .collect();
    // (commitment, reading, party, status, day)
    type Day = (String, String, String, String, i64);
    for offset in [0, 3 * 3600] {
        let mut expected: std::collections::BTreeMap<Day, u64> = Default::default();
        for f in s.findings(&FindingFilter::default()).expect("findings") {
            let day = (start[f.incident_id.as_str()] + offset) / 86400;
            *expected
                .entry((
                    f.commitment_id,
                    f.reading_id,
                    f.party,
                    f.status.to_string(),
                    day,
                ))
                .or_default() += 1;
        }
        let counted: Vec<(Day, u64)> = s
            .daily_counts(false, offset)
            .expect("daily counts")
            .into_iter()
            .map(|c| {
                let key = (
                    c.commitment_id,
                    c.reading_id,
                    c.party,
                    c.status.to_string(),
                    c.day,
                );
                (key, c.count)
            })
            .collect();
        assert!(!counted.is_empty());
        assert_eq!(
            counted,
            expected.into_iter().collect::<Vec<_>>(),
            "offset {offset}"
        );
    }
    // Page by the (start, seq) cursor.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s
            .incidents(&FindingFilter {
                newest_first: true,
                limit: Some(7),
                after,
                ..Default::default()
            })
            .expect("page");
        if page.is_empty() {
            break;
        }
        after = page.last().map(|r| (r.incident.occurred.start, r.seq));
        seen.extend(page.into_iter().map(|r| r.incident.id));
    }
    let expected: Vec<String> = all.iter().map(|r| r.incident.id.clone()).collect();
    assert_eq!(seen, expected, "pages cover the list once, in order");
    let f = s
        .findings(&FindingFilter {
            status: Some(Status::Alleged),
            ..Default::default()
        })
        .expect("findings");
    assert_eq!(f.len(), 25);
    assert!(
        s.findings(&FindingFilter {
            status: Some(Status::Confirmed),
            ..Default::default()
        })
        .expect("none")
        .is_empty()
    );
    // Reports page newest first by id, as the viewer may see them.
    let mut before = None;
    let mut n = 0;
    loop {
        let page = s
            .reports_page(
                &ReportFilter {
                    before_id: before,
                    limit: Some(10),
                    ..Default::default()
                },
                &Visibility::All,
            )
            .expect("reports page");
        if page.is_empty() {
            break;
        }
        n += page.len();
        before = page.last().map(|r| r.id);
    }
    assert_eq!(n, 25);
    assert!(
        s.reports_page(&ReportFilter::default(), &Visibility::Published)
            .expect("public")
            .is_empty(),
        "nothing is public before it is published"
    );
    assert_eq!(
        s.reports_page(&ReportFilter::default(), &Visibility::Party("ua".into()))
            .expect("party")
            .len(),
        25,
        "a party sees its own reports"
    );
}

/// What [`list_filters`] builds: per incident, its reports' (source,
/// claimant) and its findings' (commitment, reading, party, status).
/// Incident id, start, region, country, (lat, lon).
type FixtureIncident = (String, i64, &'static str, &'static str, (f64, f64));

/// A condition on the fixture's row with this index.
type OnRow = Box<dyn Fn(&FilterFixture, usize) -> bool>;

struct FilterFixture {
    incidents: Vec<FixtureIncident>,
    /// Report index → (incident index, source, claimant, (lat, lon)).
    reports: Vec<(usize, &'static str, &'static str, (f64, f64))>,
    /// (incident index, commitment, reading, party, status).
    findings: Vec<(usize, &'static str, &'static str, &'static str, Status)>,
}

fn filter_fixture(fresh: Fresh<'_>) -> (Box<dyn Store>, Vec<i64>, FilterFixture) {
    let mut s = workspace(fresh);
    let t0 = 1_742_500_000;
    let places = [
        ("UA-30", "UA", (50.45, 30.52)),
        ("UA-63", "UA", (49.99, 36.23)),
        ("RU-KRS", "RU", (51.73, 36.19)),
    ];
    let sources = [("ua-mfa", "ua"), ("ru-mod", "ru"), ("monitor", "mission")];
    let statuses = [
        Status::Alleged,
        Status::Disputed,
        Status::Corroborated,
        Status::NotCovered,
    ];
    let mut fx = FilterFixture {
        incidents: Vec::new(),
        reports: Vec::new(),
        findings: Vec::new(),
    };
    let mut rs = Vec::new();
    for k in 0..9usize {
        let (region, country, at) = places[k % 3];
        let start = t0 + 7200 * k as i64;
        fx.incidents
            .push((format!("I-{k:04}"), start, region, country, at));
        // Two reports each, from two of the three sources.
        for j in 0..2 {
            let (source, claimant) = sources[(k + j) % 3];
            let p = (at.0 + 0.01 * j as f64, at.1);
            let mut r = report(source, &format!("{k}-{j}"), start + 60, "r");
            r.claimant = Some(claimant.into());
            r.location = Some(LatLon::new(p.0, p.1));
            fx.reports.push((k, source, claimant, p));
            rs.push(r);
        }
        // Findings under two commitments and readings, against one or both parties.
        fx.findings
            .push((k, "energy", "mission", "ru", statuses[k % 4]));
        fx.findings.push((
            k,
            "air",
            "ua",
            if k % 2 == 0 { "ru" } else { "ua" },
            statuses[(k + 1) % 4],
        ));
        if k % 3 == 0 {
            fx.findings
                .push((k, "energy", "mission", "ua", Status::Disputed));
        }
    }
    ingest(&mut *s, &rs, "mission");
    let (ids, _) = s.reports(false).expect("reports");
    let incidents: Vec<Incident> = fx
        .incidents
        .iter()
        .enumerate()
        .map(|(k, (id, start, region, country, at))| {
            let mut i = incident(id, vec![2 * k, 2 * k + 1], *start);
            i.region = Some((*region).into());
            i.country = Some((*country).into());
            i.location = Some(LatLon::new(at.0, at.1));
            i
        })
        .collect();
    let mut findings = fx
        .findings
        .iter()
        .map(|(k, c, r, p, st)| Finding {
            id: format!("F-{k}-{c}-{r}-{p}"),
            incident_id: fx.incidents[*k].0.clone(),
            commitment_id: (*c).into(),
            reading_id: (*r).into(),
            party: (*p).into(),
            status: *st,
            confidence: Confidence::Likely,
            reports: Vec::new(),
            trace: Vec::new(),
        })
        .collect::<Vec<_>>()
        .into_iter();
    let info = info(&*s, incidents.len());
    s.replace_results(&ids, &ids, &[], &incidents, &mut findings, &info)
        .expect("replace_results");
    (s, ids, fx)
}

/// Every filter narrows every list as it says, alone and combined; the
/// finding list's limit counts findings and its cursor covers the list once.
/// Each expectation is computed from the fixture, not from the store.
pub fn list_filters(fresh: Fresh<'_>) {
    let (s, ids, fx) = filter_fixture(fresh);
    // One case a filter: the fields given, and which findings, incidents
    // and reports it must keep.
    type Pred<'a> = Box<dyn Fn(&FilterFixture, usize, Option<usize>) -> bool + 'a>;
    let finding_pred = |c: Option<&'static str>,
                        r: Option<&'static str>,
                        p: Option<&'static str>,
                        st: Option<Status>|
     -> Pred<'static> {
        Box::new(move |fx, _k, f| {
            let Some(f) = f else { return false };
            let (_, fc, fr, fp, fs) = fx.findings[f];
            c.is_none_or(|c| c == fc)
                && r.is_none_or(|r| r == fr)
                && p.is_none_or(|p| p == fp)
                && st.is_none_or(|st| st == fs)
        })
    };
    struct Case {
        name: &'static str,
        f: FindingFilter,
        r: ReportFilter,
        /// On a finding (incident index, finding index): kept?
        on_finding: Option<Pred<'static>>,
        /// On an incident index: kept?
        on_incident: Option<OnRow>,
        /// On a report index: kept? (for conditions on the report itself)
        on_report: Option<OnRow>,
    }
    let t0 = fx.incidents[0].1;
    let cases = vec![
        Case {
            name: "commitment",
            f: FindingFilter {
                commitment: Some("air".into()),
                ..Default::default()
            },
            r: ReportFilter {
                commitment: Some("air".into()),
                ..Default::default()
            },
            on_finding: Some(finding_pred(Some("air"), None, None, None)),
            on_incident: None,
            on_report: None,
        },
        Case {
            name: "reading",
            f: FindingFilter {
                reading: Some("mission".into()),
                ..Default::default()
            },
            r: ReportFilter {
                reading: Some("mission".into()),
                ..Default::default()
            },
            on_finding: Some(finding_pred(None, Some("mission"), None, None)),
            on_incident: None,
            on_report: None,
        },
        Case {
            name: "party",
            f: FindingFilter {
                party: Some("ua".into()),
                ..Default::default()
            },
            r: ReportFilter {
                party: Some("ua".into()),
                ..Default::default()
            },
            on_finding: Some(finding_pred(None, None, Some("ua"), None)),
            on_incident: None,
            on_report: None,
        },
        Case {
            name: "status",
            f: FindingFilter {
                status: Some(Status::Disputed),
                ..Default::default()
            },
            r: ReportFilter {
                status: Some(Status::Disputed),
                ..Default::default()
            },
            on_finding: Some(finding_pred(None, None, None, Some(Status::Disputed))),
            on_incident: None,
            on_report: None,
        },
        Case {
            name: "commitment, party and status on one finding",
            f: FindingFilter {
                commitment: Some("energy".into()),
                party: Some("ua".into()),
                status: Some(Status::Disputed),
                ..Default::default()
            },
            r: ReportFilter {
                commitment: Some("energy".into()),
                party: Some("ua".into()),
                status: Some(Status::Disputed),
                ..Default::default()
            },
            on_finding: Some(finding_pred(
                Some("energy"),
                None,
                Some("ua"),
                Some(Status::Disputed),
            )),
            on_incident: None,
            on_report: None,
        },
        Case {
            name: "region",
            f: FindingFilter {
                region: Some("UA-63".into()),
                ..Default::default()
            },
            r: ReportFilter {
                region: Some("UA-63".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|fx, k| fx.incidents[k].2 == "UA-63")),
            on_report: None,
        },
        Case {
            name: "country",
            f: FindingFilter {
                region: Some("RU".into()),
                ..Default::default()
            },
            r: ReportFilter {
                region: Some("RU".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|fx, k| fx.incidents[k].3 == "RU")),
            on_report: None,
        },
        Case {
            name: "source",
            f: FindingFilter {
                source: Some("ru-mod".into()),
                ..Default::default()
            },
            r: ReportFilter {
                source: Some("ru-mod".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|fx, k| {
                fx.reports.iter().any(|r| r.0 == k && r.1 == "ru-mod")
            })),
            on_report: Some(Box::new(|fx, i| fx.reports[i].1 == "ru-mod")),
        },
        Case {
            name: "claimant",
            f: FindingFilter {
                claimant: Some("mission".into()),
                ..Default::default()
            },
            r: ReportFilter {
                claimant: Some("mission".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|fx, k| {
                fx.reports.iter().any(|r| r.0 == k && r.2 == "mission")
            })),
            on_report: Some(Box::new(|fx, i| fx.reports[i].2 == "mission")),
        },
        Case {
            name: "a source nobody has",
            f: FindingFilter {
                source: Some("nobody".into()),
                ..Default::default()
            },
            r: ReportFilter {
                source: Some("nobody".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|_, _| false)),
            on_report: Some(Box::new(|_, _| false)),
        },
        Case {
            name: "bbox",
            f: FindingFilter {
                bbox: Some([36.0, 49.0, 37.0, 51.0]),
                ..Default::default()
            },
            r: ReportFilter {
                bbox: Some([36.0, 49.0, 37.0, 50.0]),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|fx, k| {
                let (lat, lon) = fx.incidents[k].4;
                (49.0..=51.0).contains(&lat) && (36.0..=37.0).contains(&lon)
            })),
            on_report: Some(Box::new(|fx, i| {
                let (lat, lon) = fx.reports[i].3;
                (49.0..=50.0).contains(&lat) && (36.0..=37.0).contains(&lon)
            })),
        },
        Case {
            name: "from and to",
            f: FindingFilter {
                from: Some(t0 + 7200 * 3 + 3600),
                to: Some(t0 + 7200 * 6 + 1),
                ..Default::default()
            },
            r: ReportFilter {
                from: Some(t0 + 7200 * 3 + 3600),
                to: Some(t0 + 7200 * 6 + 1),
                ..Default::default()
            },
            on_finding: None,
            // Incidents last an hour from their start, reports an hour from
            // theirs (the hour they fall in).
            on_incident: Some(Box::new(move |fx, k| {
                let st = fx.incidents[k].1;
                st + 3600 > t0 + 7200 * 3 + 3600 && st < t0 + 7200 * 6 + 1
            })),
            on_report: Some(Box::new(move |fx, i| {
                let at = fx.incidents[fx.reports[i].0].1 + 60;
                let st = at - at.rem_euclid(3600);
                st + 3600 > t0 + 7200 * 3 + 3600 && st < t0 + 7200 * 6 + 1
            })),
        },
        Case {
            name: "incident",
            f: FindingFilter {
                incident: Some("I-0004".into()),
                ..Default::default()
            },
            r: ReportFilter {
                incident: Some("I-0004".into()),
                ..Default::default()
            },
            on_finding: None,
            on_incident: Some(Box::new(|_, k| k == 4)),
            on_report: None,
        },
    ];
    for case in &cases {
        let inc_keeps = |k: usize| -> bool {
            case.on_incident.as_ref().is_none_or(|p| p(&fx, k))
                && case.on_finding.as_ref().is_none_or(|p| {
                    fx.findings
                        .iter()
                        .enumerate()
                        .any(|(i, f)| f.0 == k && p(&fx, k, Some(i)))
                })
        };
        // Incidents, newest first.
        let want: Vec<String> = (0..fx.incidents.len())
            .rev()
            .filter(|k| inc_keeps(*k))
            .map(|k| fx.incidents[k].0.clone())
            .collect();
        for paged in [false, true] {
            let got: Vec<String> = s
                .incidents(&FindingFilter {
                    newest_first: true,
                    limit: paged.then_some(1000),
                    ..case.f.clone()
                })
                .unwrap_or_else(|e| panic!("incidents ({}): {e}", case.name))
                .into_iter()
                .map(|r| r.incident.id)
                .collect();
            assert_eq!(got, want, "incidents filtered by {}", case.name);
        }
        // Findings: of the incidents kept, those the finding conditions keep.
        let mut fwant: Vec<String> = Vec::new();
        for k in (0..fx.incidents.len()).rev() {
            if !case.on_incident.as_ref().is_none_or(|p| p(&fx, k)) {
                continue;
            }
            let mut of: Vec<(&str, &str, &str, String)> = fx
                .findings
                .iter()
                .enumerate()
                .filter(|(i, f)| {
                    f.0 == k && case.on_finding.as_ref().is_none_or(|p| p(&fx, k, Some(*i)))
                })
                .map(|(_, f)| (f.1, f.2, f.3, format!("F-{}-{}-{}-{}", f.0, f.1, f.2, f.3)))
                .collect();
            of.sort();
            fwant.extend(of.into_iter().map(|x| x.3));
        }
        let got: Vec<String> = s
            .findings(&FindingFilter {
                newest_first: true,
                ..case.f.clone()
            })
            .unwrap_or_else(|e| panic!("findings ({}): {e}", case.name))
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(got, fwant, "findings filtered by {}", case.name);
        // Reports, newest first (by id): of the incidents kept, those the
        // report's own conditions keep.
        let rwant: Vec<i64> = (0..fx.reports.len())
            .rev()
            .filter(|i| {
                let k = fx.reports[*i].0;
                let own = case.on_report.as_ref();
                match own {
                    Some(p) => p(&fx, *i) && case.on_finding.as_ref().is_none_or(|_| inc_keeps(k)),
                    None => inc_keeps(k),
                }
            })
            .map(|i| ids[i])
            .collect();
        let got: Vec<i64> = s
            .reports_page(&case.r, &Visibility::All)
            .unwrap_or_else(|e| panic!("reports ({}): {e}", case.name))
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(got, rwant, "reports filtered by {}", case.name);
    }
    // A limit counts findings, and the cursor pages through them once, in
    // order, whichever index a filter walks (none, party, status).
    for (party, status) in [
        (None, None),
        (Some("ru".to_string()), None),
        (None, Some(Status::Disputed)),
    ] {
        let base = FindingFilter {
            newest_first: true,
            party: party.clone(),
            status,
            ..Default::default()
        };
        let all: Vec<crate::FindingRow> = s.findings(&base).expect("findings");
        let want_n = fx
            .findings
            .iter()
            .filter(|f| {
                party.as_deref().is_none_or(|p| p == f.3) && status.is_none_or(|st| st == f.4)
            })
            .count();
        assert_eq!(all.len(), want_n, "findings by {party:?} {status:?}");
        for size in [1u64, 2, 4, 5] {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = s
                    .findings(&FindingFilter {
                        limit: Some(size),
                        after_finding: after.clone(),
                        ..base.clone()
                    })
                    .expect("page");
                assert!(
                    page.len() as u64 <= size,
                    "a page of {size} has {}",
                    page.len()
                );
                let Some(last) = page.last() else { break };
                let inc = s
                    .incident(&last.incident_id)
                    .expect("incident")
                    .expect("there");
                after = Some(crate::FindingKey {
                    start: inc.incident.occurred.start,
                    seq: inc.seq,
                    commitment: last.commitment_id.clone(),
                    reading: last.reading_id.clone(),
                    party: last.party.clone(),
                });
                seen.extend(page.into_iter().map(|f| f.id));
            }
            let want: Vec<String> = all.iter().map(|f| f.id.clone()).collect();
            assert_eq!(
                seen, want,
                "findings by {party:?} {status:?} paged {size} at a time"
            );
        }
    }
    // A box for the public selects by the point the public is shown: Kyiv's
    // incidents (30.52 E, exact) are shown at 30.55 E on a 0.1° grid.
    let kyiv: Vec<String> = (0..fx.incidents.len())
        .rev()
        .filter(|k| fx.incidents[*k].2 == "UA-30")
        .map(|k| fx.incidents[k].0.clone())
        .collect();
    for (grid, want) in [(None, Vec::new()), (Some(0.1), kyiv.clone())] {
        let got: Vec<String> = s
            .incidents(&FindingFilter {
                bbox: Some([30.53, 50.0, 31.0, 51.0]),
                bbox_grid: grid,
                newest_first: true,
                ..Default::default()
            })
            .expect("box")
            .into_iter()
            .map(|r| r.incident.id)
            .collect();
        assert_eq!(got, want, "incidents in a box on the grid {grid:?}");
        let reports = s
            .reports_page(
                &ReportFilter {
                    bbox: Some([30.53, 50.0, 31.0, 51.0]),
                    bbox_grid: grid,
                    ..Default::default()
                },
                &Visibility::All,
            )
            .expect("box");
        assert_eq!(
            reports.len(),
            2 * want.len(),
            "reports in a box on the grid {grid:?}"
        );
    }
    assert!(
        s.findings(&FindingFilter {
            limit: Some(0),
            ..Default::default()
        })
        .expect("none")
        .is_empty(),
        "a limit of 0 is no rows"
    );
    // Outside the mission, a source or claimant counts only in a published
    // report, and a report's incident conditions only a published incident:
    // nothing is published here.
    let public = s
        .incidents(&FindingFilter {
            source: Some("ru-mod".into()),
            published_only: true,
            ..Default::default()
        })
        .expect("public");
    assert!(public.is_empty());
    let party_view = s
        .reports_page(
            &ReportFilter {
                status: Some(Status::Disputed),
                ..Default::default()
            },
            &Visibility::Party("mission".into()),
        )
        .expect("liaison");
    assert!(
        party_view.is_empty(),
        "a party's own reports are not selected by an unpublished incident's findings"
    );
}

/// An evaluation overtaken by a newer one is not stored over it.
pub fn stale_evaluations_are_not_stored(fresh: Fresh<'_>) {
    let (mut s, ids) = evaluated(fresh, 3);
    let mut old = info(&*s, 3);
    old.log_size = old.log_size.map(|n| n - 1);
    let stored = s
        .replace_results(&ids, &ids, &[], &[], &mut std::iter::empty(), &old)
        .expect("stale");
    assert_eq!(stored, None);
    assert_eq!(
        s.incidents(&FindingFilter::default()).expect("kept").len(),
        3
    );
}

/// Placement: the index is written whole by an evaluation and in chunks
/// by a placement; a placement replaces the incidents that held its reports,
/// keeps a vanished id as an alias, and is refused when the mark moved.
pub fn placement(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    let t0 = 1_742_500_000;
    let rs: Vec<Report> = (0..4)
        .map(|i| report("ua-mfa", &i.to_string(), t0 + 3600 * i as i64, "r"))
        .collect();
    ingest(&mut *s, &rs, "ua");
    let (ids, _) = s.reports(false).expect("reports");
    assert_eq!(
        s.placement_mark().expect("mark"),
        None,
        "nothing placed yet"
    );
    let incidents: Vec<Incident> = (0..4)
        .map(|i| incident(&format!("I-{i:04}"), vec![i], t0 + 3600 * i as i64))
        .collect();
    let index = vec![
        ((0, 10), b"short ten".to_vec()),
        ((0, 12), b"short twelve".to_vec()),
        ((1, 9), b"long nine".to_vec()),
        ((2, 0), b"very long".to_vec()),
    ];
    let info0 = info(&*s, 4);
    s.replace_results(
        &ids,
        &ids,
        &index,
        &incidents,
        &mut std::iter::empty(),
        &info0,
    )
    .expect("evaluation");
    let mark = s
        .placement_mark()
        .expect("mark")
        .expect("a mark after an evaluation");
    assert_eq!(Some(mark), info0.log_size);
    assert_eq!(
        s.index_chunks(0, 0, 11).expect("chunks"),
        vec![(10, b"short ten".to_vec())]
    );
    assert_eq!(s.index_chunks(0, 10, 12).expect("chunks").len(), 2);
    assert_eq!(s.index_chunks(2, 0, 0).expect("chunks").len(), 1);
    assert_eq!(
        s.index_last_bucket().expect("last"),
        Some(12),
        "very long aside"
    );
    let placed = s.placed_members(&[ids[1]]).expect("members");
    assert_eq!(placed.len(), 1);
    assert_eq!((placed[0].id, placed[0].group), (ids[1], ids[1]));

    // Reports 0 and 1 now make one incident, named after report 0.
    let merged = incident("I-0000", vec![0, 1], t0);
    let write = crate::PlacementWrite {
        since: mark,
        report_ids: &[ids[0], ids[1]],
        groups: &[ids[0], ids[0]],
        incidents: std::slice::from_ref(&merged),
        findings: &[finding("I-0000", Status::Alleged)],
        removed: &[],
        new_reports: 0,
        chunks: &[((0, 10), Some(b"ten again".to_vec())), ((0, 12), None)],
    };
    let mut later = info(&*s, 3);
    later.log_size = Some(mark);
    // A placement from another mark is refused and changes nothing.
    let stale = crate::PlacementWrite {
        since: mark + 1,
        ..write
    };
    assert_eq!(s.apply_placement(&stale, &later).expect("stale"), None);
    assert_eq!(s.index_chunks(0, 12, 12).expect("kept").len(), 1);
    assert_eq!(s.apply_placement(&write, &later).expect("placed"), Some(1));
    assert_eq!(
        s.index_chunks(0, 0, 100).expect("chunks"),
        vec![(10, b"ten again".to_vec())]
    );
    assert_eq!(
        s.incident_of_report(ids[1]).expect("of"),
        Some("I-0000".into())
    );
    assert_eq!(
        s.resolve_incident("I-0001").expect("alias"),
        Some("I-0000".into()),
        "a vanished id resolves to the incident holding its first report"
    );
    assert_eq!(
        s.incidents(&FindingFilter::default()).expect("list").len(),
        3
    );
    assert_eq!(
        s.placed_members(&[ids[0]]).expect("group").len(),
        2,
        "groups as placed"
    );
}

/// Appends, roots and proofs agree with the ledger's own tree; checkpoints
/// and cosignatures are kept.
pub fn log_append_and_proofs(fresh: Fresh<'_>) {
    use truce_ledger::HashStore;
    let mut s = workspace(fresh);
    for i in 0..40u32 {
        let e = crate::log::encode_entry("reference-data", format!("{{\"n\":{i}}}").as_bytes());
        s.log_append("reference-data", &e).expect("append");
    }
    let batch: Vec<Vec<u8>> = (0..9u32)
        .map(|i| crate::log::encode_entry("reference-data", format!("{{\"b\":{i}}}").as_bytes()))
        .collect();
    let first = s.log_append_batch("reference-data", &batch).expect("batch");
    assert_eq!(first, 41);
    let size = s.log_size().expect("size");
    assert_eq!(size, 50);
    let mut mem = truce_ledger::MemStore::new();
    let mut expected = 0;
    s.log_scan(0, &mut |idx, _, data| {
        assert_eq!(idx, expected, "entries in order, none missing");
        expected += 1;
        mem.append_leaf_hash(truce_ledger::leaf_hash(data))
            .expect("mem");
        true
    })
    .expect("scan");
    assert_eq!(mem.size(), size);
    for n in [1, 7, 32, 50] {
        assert_eq!(
            s.log_root(n).expect("root"),
            truce_ledger::root_at(&mem, n).expect("mem root"),
            "root of {n}"
        );
    }
    let root = s.log_root(size).expect("root");
    for i in [0, 13, 49] {
        let proof = s.log_inclusion_proof(i, size).expect("inclusion");
        let (_, data) = s.log_entry(i).expect("entry").expect("present");
        truce_ledger::verify_inclusion(&truce_ledger::leaf_hash(&data), i, size, &proof, &root)
            .unwrap_or_else(|e| panic!("inclusion of {i}: {e}"));
    }
    let proof = s.log_consistency_proof(17, size).expect("consistency");
    truce_ledger::verify_consistency(17, size, &s.log_root(17).expect("old"), &root, &proof)
        .expect("consistent");
    let mut nodes = 0;
    s.log_nodes(&mut |_, _, h| {
        assert_eq!(h.len(), 32);
        nodes += 1;
        true
    })
    .expect("nodes");
    assert!(
        nodes >= size as usize,
        "every leaf and complete subtree is kept"
    );
    s.put_checkpoint(size, "a note\n").expect("checkpoint");
    assert_eq!(s.checkpoints().expect("checkpoints").len(), 1);
    s.put_cosignature(&StoredCosignature {
        size,
        cosigner: "ua-mfa".into(),
        body: "body\n".into(),
        line: "— ua-mfa x".into(),
        at: 1,
    })
    .expect("cosign");
    assert_eq!(s.cosignatures().expect("cosignatures").len(), 1);
    let idx = s
        .add_party_key("ua", "ua-mfa", "ua-mfa+00000000+AQ")
        .expect("party key");
    assert_eq!(idx, size, "a party key is on the log");
    assert_eq!(s.party_keys().expect("keys").len(), 1);
    s.set_meta("k", "v").expect("meta");
    assert_eq!(s.meta("k").expect("meta").as_deref(), Some("v"));
    assert!(s.log_signing_key().expect("no key yet").is_none());
    s.set_log_signing_key("PRIVATE+KEY").expect("key");
    assert_eq!(
        s.log_signing_key().expect("key").as_deref(),
        Some("PRIVATE+KEY")
    );
    assert!(
        s.set_log_signing_key("ANOTHER").is_err(),
        "a log key is never replaced"
    );
}

fn decide(
    s: &mut dyn Store,
    actor: &str,
    action: &str,
    finding: Option<&str>,
    effect: Effect<'_>,
) -> crate::Decision {
    s.record_decision(
        &NewDecision {
            actor,
            role: Role::Adjudicator,
            action,
            incident_id: Some("I-0000"),
            finding_id: finding,
            body: serde_json::json!({}),
            reason: "seen",
        },
        effect,
    )
    .unwrap_or_else(|e| panic!("record_decision: {e}"))
}

/// Decisions go on the log with their effect; verdicts outlive
/// re-evaluation; takers are pseudonymous on the log.
pub fn decisions_and_verdicts(fresh: Fresh<'_>) {
    let (mut s, ids) = evaluated(fresh, 2);
    let size = s.log_size().expect("size");
    let d = decide(&mut *s, "ann", "confirm", Some("F-I-0000"), Effect::None);
    assert_eq!(d.log_index, Some(size));
    let (_, data) = s.log_entry(size).expect("entry").expect("logged");
    let text = String::from_utf8_lossy(&data);
    assert!(!text.contains("\"ann\""), "the log names no one: {text}");
    assert!(text.contains(&s.pseudonym("ann").expect("pseudonym")));
    assert_ne!(
        s.pseudonym("ann").expect("a"),
        s.pseudonym("bob").expect("b")
    );
    decide(
        &mut *s,
        "bob",
        "confirm",
        Some("F-I-0000"),
        Effect::Verdict {
            finding: "F-I-0000",
            status: Status::Confirmed,
        },
    );
    assert_eq!(
        s.verdict("F-I-0000").expect("verdict"),
        Some(Status::Confirmed)
    );
    assert_eq!(s.decisions_on_finding("F-I-0000").expect("votes").len(), 2);
    assert_eq!(s.decisions_of(&["confirm"]).expect("of").len(), 2);
    assert_eq!(
        s.decision_of_log_entry(size)
            .expect("of entry")
            .map(|d| d.id),
        Some(d.id)
    );
    // A new evaluation keeps the decided status.
    let incidents = vec![
        incident("I-0000", vec![0], 1_742_500_000),
        incident("I-0001", vec![1], 1_742_503_600),
    ];
    let mut findings = incidents
        .iter()
        .map(|i| finding(&i.id, Status::Alleged))
        .collect::<Vec<_>>()
        .into_iter();
    let info = info(&*s, 2);
    s.replace_results(&ids, &ids, &[], &incidents, &mut findings, &info)
        .expect("re-evaluate");
    let f = s
        .finding_by_id("F-I-0000")
        .expect("finding")
        .expect("there");
    assert_eq!(f.status, Status::Confirmed);
    assert!(
        s.decisions_page(false, None, 10)
            .expect("public decisions")
            .is_empty(),
        "decisions on unpublished incidents are not public"
    );
    assert_eq!(s.decisions_page(true, None, 10).expect("all").len(), 2);
}

/// A publication covers the reports it names; an incident is published
/// while it holds one; a regrouping never widens who sees a report.
pub fn publication_follows_reports(fresh: Fresh<'_>) {
    let (mut s, ids) = evaluated(fresh, 2);
    assert_eq!(s.incident_published("I-0000").expect("exists"), Some(false));
    assert_eq!(s.incident_published("I-nope").expect("absent"), None);
    let d = decide(
        &mut *s,
        "ann",
        "publish",
        None,
        Effect::Publish { reports: &ids[..1] },
    );
    assert_eq!(
        s.incident_published("I-0000").expect("published"),
        Some(true)
    );
    assert!(s.published_at("I-0000").expect("at").is_some());
    assert!(
        s.report_row(ids[0], &Visibility::Published)
            .expect("row")
            .is_some()
    );
    assert!(
        s.report_row(ids[1], &Visibility::Published)
            .expect("row")
            .is_none()
    );
    // Merge the two incidents: the merged one is published (it holds a
    // published report), the other report stays unpublished.
    let merged = vec![incident("I-0000", vec![0, 1], 1_742_500_000)];
    let findings = vec![finding("I-0000", Status::Alleged)];
    s.record_decision(
        &NewDecision {
            actor: "mo",
            role: Role::Monitor,
            action: "merge",
            incident_id: Some("I-0000"),
            finding_id: None,
            body: serde_json::json!({}),
            reason: "one event",
        },
        Effect::Regroup {
            old: &["I-0000", "I-0001"],
            report_ids: &ids,
            incidents: &merged,
            findings: &findings,
        },
    )
    .expect("merge");
    assert_eq!(s.incident_published("I-0001").expect("gone"), None);
    assert_eq!(s.incident_published("I-0000").expect("kept"), Some(true));
    assert!(
        s.report_row(ids[1], &Visibility::Published)
            .expect("row")
            .is_none(),
        "a merge does not publish a report"
    );
    assert_eq!(
        s.unpublished_reports("I-0000").expect("unpublished"),
        vec![ids[1]]
    );
    assert!(s.audit_publications().expect("audit").is_empty());
    assert_eq!(
        s.audit_published_reports().expect("published"),
        vec![(ids[0], d.id)]
    );
}

/// Accounts, tokens and sessions (stored as hashes) come back as made.
pub fn accounts_and_sessions(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    let id = s
        .add_user("ana", Role::Adjudicator, None, Some("$argon2id$x"))
        .expect("user");
    s.add_user("ua-office", Role::Liaison, Some("ua"), None)
        .expect("liaison");
    assert!(
        s.add_user("ana", Role::Monitor, None, None).is_err(),
        "names are unique"
    );
    let u = s.user_by_name("ana").expect("by name").expect("there");
    assert_eq!((u.id, u.role), (id, Role::Adjudicator));
    assert_eq!(s.users().expect("users").len(), 2);
    s.set_password(id, "$argon2id$y").expect("password");
    assert_eq!(
        s.user_by_name("ana")
            .expect("by name")
            .and_then(|u| u.password_hash)
            .as_deref(),
        Some("$argon2id$y")
    );
    s.add_token(id, &[7; 32]).expect("token");
    assert_eq!(
        s.user_by_token(&[7; 32]).expect("token").map(|u| u.id),
        Some(id)
    );
    assert!(s.user_by_token(&[8; 32]).expect("no token").is_none());
    let far = 4_102_444_800; // 2100
    s.create_session(&[1; 32], id, "csrf", far)
        .expect("session");
    let (u, csrf) = s.session(&[1; 32]).expect("session").expect("live");
    assert_eq!((u.id, csrf.as_str()), (id, "csrf"));
    s.create_session(&[2; 32], id, "old", 1).expect("expired");
    assert!(s.session(&[2; 32]).expect("expired").is_none(), "expired");
    s.delete_session(&[1; 32]).expect("delete");
    assert!(s.session(&[1; 32]).expect("deleted").is_none());
    // Disabled: the account says so; enabled again, it works again; its
    // sessions can be ended all at once.
    s.set_user_disabled(id, true).expect("disable");
    assert!(
        s.user_by_name("ana")
            .expect("by name")
            .expect("there")
            .disabled
    );
    assert!(
        s.user_by_token(&[7; 32])
            .expect("token")
            .is_some_and(|u| u.disabled)
    );
    s.set_user_disabled(id, false).expect("enable");
    assert!(
        !s.user_by_name("ana")
            .expect("by name")
            .expect("there")
            .disabled
    );
    s.create_session(&[3; 32], id, "a", far).expect("session");
    s.create_session(&[4; 32], id, "b", far).expect("session");
    let ended = s.end_sessions(id).expect("end");
    assert!(
        (2..=3).contains(&ended),
        "the two live ones (and perhaps the expired one): {ended}"
    );
    assert!(s.session(&[3; 32]).expect("ended").is_none());

    // Failed sign-ins are counted per key within the window, and forgotten.
    let keys = vec!["user:ana".to_string(), "ip:10.0.0.1".to_string()];
    for at in [100, 200, 300] {
        s.note_login_failure(&keys, at, at - 150).expect("failure");
    }
    s.note_login_failure(&keys[1..], 310, 160).expect("failure");
    assert_eq!(
        s.login_failures(&keys, 150).expect("failures"),
        vec![(2, Some(200)), (3, Some(200))],
        "the failure at 100 is forgotten; each key counts its own"
    );
    s.clear_login_failures(&keys[..1]).expect("clear");
    assert_eq!(
        s.login_failures(&keys, 0).expect("failures"),
        vec![(0, None), (3, Some(200))]
    );
}

/// Taking an incident holds it for others; notes are kept in order.
pub fn assignments_and_notes(fresh: Fresh<'_>) {
    let (mut s, _) = evaluated(fresh, 1);
    assert_eq!(s.assign("I-0000", "ann").expect("assign"), "ann");
    assert_eq!(s.assign("I-0000", "bob").expect("held"), "ann");
    assert!(!s.release("I-0000", "bob", false).expect("not bob's"));
    assert_eq!(
        s.assignee("I-0000").expect("assignee").as_deref(),
        Some("ann")
    );
    assert!(s.release("I-0000", "bob", true).expect("forced"));
    assert_eq!(s.assignee("I-0000").expect("none"), None);
    s.add_note("I-0000", "ann", "first").expect("note");
    s.add_note("I-0000", "bob", "second").expect("note");
    let notes = s.notes("I-0000").expect("notes");
    assert_eq!(
        notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["first", "second"]
    );
    let q = |f: QueueFilter| -> Vec<String> {
        s.queue(&QueueFilter { limit: 10, ..f })
            .expect("queue")
            .into_iter()
            .map(|i| i.incident_id)
            .collect()
    };
    assert_eq!(
        q(QueueFilter::default()),
        ["I-0000"],
        "an alleged finding waits"
    );
    assert_eq!(
        q(QueueFilter {
            assigned: QueueAssigned::To("ann".into()),
            ..Default::default()
        }),
        Vec::<String>::new(),
        "released"
    );
    queue_filters_and_orders(&mut *s);
}

/// The queue's filters and orders, on incidents whose open findings differ
/// in status, party and commitment, with one held.
fn queue_filters_and_orders(s: &mut dyn Store) {
    let t0 = 1_742_600_000;
    let rs: Vec<Report> = (0..4)
        .map(|i| report("ua-mfa", &format!("q{i}"), t0 + 3600 * i, "r"))
        .collect();
    ingest(s, &rs, "ua");
    let (ids, _) = s.reports(false).expect("reports");
    // I-0000 (kept from before: alleged against ru under energy), and three
    // more: Q-0 corroborated against ua under air with two reports, Q-1
    // disputed against ru, Q-2 rejected only (not open).
    let mut incidents = vec![incident("I-0000", vec![0], 1_742_500_000)];
    incidents.push(incident("Q-0", vec![1, 2], t0));
    incidents.push(incident("Q-1", vec![3], t0 + 7200));
    incidents.push(incident("Q-2", vec![4], t0 + 9000));
    let f = |inc: &str, c: &str, p: &str, st: Status| Finding {
        id: format!("F-{inc}-{c}-{p}"),
        incident_id: inc.into(),
        commitment_id: c.into(),
        reading_id: "mission".into(),
        party: p.into(),
        status: st,
        confidence: Confidence::Likely,
        reports: Vec::new(),
        trace: Vec::new(),
    };
    let mut findings = vec![
        f("I-0000", "energy", "ru", Status::Alleged),
        f("Q-0", "air", "ua", Status::Corroborated),
        f("Q-0", "energy", "ru", Status::Alleged),
        f("Q-1", "energy", "ru", Status::Disputed),
        f("Q-2", "energy", "ru", Status::Rejected),
    ]
    .into_iter();
    let info = info(&*s, incidents.len());
    s.replace_results(&ids, &ids, &[], &incidents, &mut findings, &info)
        .expect("replace_results");
    assert_eq!(s.assign("Q-1", "ann").expect("assign"), "ann");
    let q = |s: &dyn Store, f: QueueFilter| -> Vec<String> {
        s.queue(&QueueFilter { limit: 10, ..f })
            .expect("queue")
            .into_iter()
            .map(|i| i.incident_id)
            .collect()
    };
    assert_eq!(
        q(s, QueueFilter::default()),
        ["I-0000", "Q-0", "Q-1"],
        "oldest first; nothing open, not queued"
    );
    let all = s
        .queue(&QueueFilter {
            limit: 10,
            ..Default::default()
        })
        .expect("queue");
    let q0 = &all[1];
    assert_eq!(q0.status, Some(Status::Corroborated), "the most serious");
    assert_eq!(q0.parties, ["ru", "ua"]);
    assert_eq!(q0.open_findings, 2);
    assert_eq!(all[2].assigned_to.as_deref(), Some("ann"));
    let order = |o: QueueOrder| {
        q(
            s,
            QueueFilter {
                order: o,
                ..Default::default()
            },
        )
    };
    assert_eq!(order(QueueOrder::Newest), ["Q-1", "Q-0", "I-0000"]);
    assert_eq!(order(QueueOrder::Serious), ["Q-0", "Q-1", "I-0000"]);
    assert_eq!(order(QueueOrder::Reports)[0], "Q-0", "two reports first");
    assert_eq!(
        q(
            s,
            QueueFilter {
                status: Some(Status::Disputed),
                ..Default::default()
            }
        ),
        ["Q-1"]
    );
    assert_eq!(
        q(
            s,
            QueueFilter {
                party: Some("ua".into()),
                ..Default::default()
            }
        ),
        ["Q-0"]
    );
    assert_eq!(
        q(
            s,
            QueueFilter {
                commitment: Some("energy".into()),
                party: Some("ru".into()),
                ..Default::default()
            }
        ),
        ["I-0000", "Q-0", "Q-1"]
    );
    assert_eq!(
        q(
            s,
            QueueFilter {
                assigned: QueueAssigned::To("ann".into()),
                ..Default::default()
            }
        ),
        ["Q-1"]
    );
    assert_eq!(
        q(
            s,
            QueueFilter {
                assigned: QueueAssigned::Nobody,
                ..Default::default()
            }
        ),
        ["I-0000", "Q-0"]
    );
    assert_eq!(
        s.queue(&QueueFilter {
            limit: 1,
            ..Default::default()
        })
        .expect("queue")
        .len(),
        1,
        "the limit counts incidents"
    );
}

/// Ship positions: stored once per vessel and time, what a vessel says it
/// is merged over messages, tracks in time order, the window and box
/// questions, and observations replaced by vessel.
pub fn vessels(fresh: Fresh<'_>) {
    use crate::{VesselInfo, VesselObservation, VesselPosition};
    let mut s = workspace(fresh);
    let pos = |mmsi: u32, at: i64, lat: f64, lon: f64| VesselPosition {
        mmsi,
        at,
        lat,
        lon,
        speed: Some(10.5),
        course: None,
    };
    let named = VesselInfo {
        mmsi: 273_000_001,
        name: Some("KORSAR".into()),
        shiptype: Some(35),
        callsign: None,
        imo: None,
    };
    let batch = [
        pos(273_000_001, 1_000, 44.0, 33.0),
        pos(273_000_001, 4_600, 44.1, 33.2),
        pos(271_000_002, 2_000, 41.2, 29.1),
    ];
    assert_eq!(
        s.add_vessel_positions(std::slice::from_ref(&named), &batch)
            .expect("add"),
        3
    );
    // The same again adds nothing; a later message without a name keeps it.
    let unnamed = VesselInfo {
        mmsi: 273_000_001,
        callsign: Some("UBTX".into()),
        ..VesselInfo::default()
    };
    assert_eq!(
        s.add_vessel_positions(&[unnamed], &batch[..2])
            .expect("add"),
        0,
        "a position already stored is not stored twice"
    );
    assert_eq!(s.vessel_counts().expect("counts"), (1, 3));
    let t = s.vessel_tracks(&[273_000_001]).expect("tracks");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].vessel.name.as_deref(), Some("KORSAR"));
    assert_eq!(t[0].vessel.callsign.as_deref(), Some("UBTX"));
    assert_eq!(t[0].vessel.shiptype, Some(35));
    assert_eq!(
        t[0].positions.iter().map(|p| p.at).collect::<Vec<_>>(),
        [1_000, 4_600]
    );
    assert_eq!(t[0].positions[0].speed, Some(10.5));
    // Near: the window and the box both narrow.
    let near = s
        .vessel_tracks_near(0, 3_000, (43.5, 32.5, 44.5, 33.5))
        .expect("near");
    assert_eq!(near.len(), 1, "{near:?}");
    assert_eq!(
        near[0].positions.len(),
        1,
        "only the positions in the window"
    );
    assert!(
        s.vessel_tracks_near(5_000, 9_000, (43.5, 32.5, 44.5, 33.5))
            .expect("near")
            .is_empty()
    );
    let unnamed_track = s
        .vessel_tracks_near(0, 9_000, (41.0, 29.0, 41.5, 29.5))
        .expect("near");
    assert_eq!(unnamed_track.len(), 1);
    assert_eq!(unnamed_track[0].vessel.mmsi, 271_000_002);
    assert_eq!(unnamed_track[0].vessel.name, None);
    // Observations: replaced by vessel, found by overlap.
    let ob = |mmsi: u32, activity: &str, from: i64, to: i64| VesselObservation {
        activity: activity.into(),
        mmsi,
        name: None,
        zone: "black-sea".into(),
        from,
        to,
        first: (44.0, 33.0),
        last: (44.1, 33.2),
        positions: 2,
        detail: "test".into(),
    };
    s.replace_vessel_observations(
        &[273_000_001, 271_000_002],
        &[
            ob(273_000_001, "military", 1_000, 4_600),
            ob(271_000_002, "in-zone", 2_000, 2_000),
        ],
    )
    .expect("replace");
    s.replace_vessel_observations(&[273_000_001], &[ob(273_000_001, "in-zone", 1_000, 4_600)])
        .expect("replace");
    let all = s.vessel_observations(0, 10_000).expect("observations");
    let got: Vec<(u32, &str)> = all.iter().map(|o| (o.mmsi, o.activity.as_str())).collect();
    assert_eq!(got, [(273_000_001, "in-zone"), (271_000_002, "in-zone")]);
    assert_eq!(all[0].first, (44.0, 33.0));
    assert_eq!(
        s.vessel_observations(3_000, 3_500)
            .expect("observations")
            .len(),
        1,
        "only those overlapping the window"
    );
}

/// A statement is kept once, with its entry on the log and its candidates
/// pending; candidates stay out of the reports; a review is on the log,
/// is taken once, and sets the candidate's status and report.
pub fn statements_and_candidates(fresh: Fresh<'_>) {
    use crate::{CandidateReview, CandidateStatus, NewStatement};
    let mut s = workspace(fresh);
    let text = "Уночі ворог атакував Харків.";
    let entry = crate::log::encode_entry(crate::log::KIND_STATEMENT, br#"{"text":"..."}"#);
    let candidates = vec![
        serde_json::json!({"act": "strike", "spans": {"act": [20, 36]}}),
        serde_json::json!({"act": "launch"}),
    ];
    let new = NewStatement {
        key: [7; 32],
        source: "ua-airforce",
        published_at: 1_742_882_400,
        lang: "uk",
        url: Some("https://example.org/1"),
        text,
        file: "statements.jsonl",
        line: 3,
        entry: &entry,
        candidates: &candidates,
    };
    let before = s.log_size().unwrap_or_else(|e| panic!("log_size: {e}"));
    let id = s
        .add_statement(&new)
        .unwrap_or_else(|e| panic!("add_statement: {e}"))
        .unwrap_or_else(|| panic!("a new statement is stored"));
    assert_eq!(
        s.log_size().ok(),
        Some(before + 1),
        "the statement is on the log"
    );
    let stored = s
        .statement(id)
        .unwrap_or_else(|e| panic!("statement: {e}"))
        .unwrap_or_else(|| panic!("the statement is kept"));
    assert_eq!(stored.text, text, "the text is kept as given");
    assert_eq!(stored.log_index, before);
    assert_eq!((stored.file.as_str(), stored.line), ("statements.jsonl", 3));
    assert_eq!(stored.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(
        s.statements(None, 10).ok(),
        Some(vec![stored.clone()]),
        "the statement is listed"
    );
    assert_eq!(s.statements(Some(id), 10).map(|v| v.len()).ok(), Some(0));
    let logged = s
        .log_entry(before)
        .unwrap_or_else(|e| panic!("log_entry: {e}"));
    assert_eq!(
        logged,
        Some((crate::log::KIND_STATEMENT.to_string(), entry.clone())),
        "the log holds the statement's entry as given"
    );
    // The same statement again: nothing is written, not even to the log.
    assert_eq!(
        s.add_statement(&new)
            .unwrap_or_else(|e| panic!("add again: {e}")),
        None,
        "a statement with a stored key is a duplicate"
    );
    assert_eq!(
        s.log_size().ok(),
        Some(before + 1),
        "a duplicate is not logged"
    );

    let pending = s
        .candidates(Some(CandidateStatus::Pending), None, 10)
        .unwrap_or_else(|e| panic!("candidates: {e}"));
    assert_eq!(pending.len(), 2, "both candidates wait for review");
    assert_eq!(pending[0].ordinal, 0);
    assert_eq!(pending[1].ordinal, 1);
    assert_eq!(
        pending[0].proposed, candidates[0],
        "proposed fields kept as given"
    );
    assert!(pending.iter().all(|c| c.statement_id == id));
    assert_eq!(
        s.candidates(None, Some(pending[0].id), 10)
            .map(|v| v.len())
            .ok(),
        Some(1),
        "paging after an id"
    );
    assert_eq!(s.candidate_count(CandidateStatus::Pending).ok(), Some(2));
    assert_eq!(s.report_count().ok(), Some(0), "candidates are not reports");

    // Accept the first (its report stored first, as the application does).
    let r = report("ua-airforce", "stmt-1", 1_742_860_800, text);
    ingest(s.as_mut(), std::slice::from_ref(&r), crate::log::MISSION);
    let rid = s
        .report_id("ua-airforce", "stmt-1")
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("the accepted report is stored"));
    let review = crate::log::encode_entry(crate::log::KIND_STATEMENT_REVIEW, b"{}");
    let at = 1_742_900_000;
    let idx = s
        .review_candidate(&CandidateReview {
            candidate: pending[0].id,
            status: CandidateStatus::Accepted,
            report_id: Some(rid),
            at,
            entry: &review,
        })
        .unwrap_or_else(|e| panic!("review_candidate: {e}"));
    assert_eq!(
        s.log_entry(idx).ok().flatten().map(|(k, _)| k).as_deref(),
        Some(crate::log::KIND_STATEMENT_REVIEW),
        "the review is on the log"
    );
    let c = s
        .candidate(pending[0].id)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("the candidate is kept"));
    assert_eq!(c.status, CandidateStatus::Accepted);
    assert_eq!(c.report_id, Some(rid));
    assert_eq!(c.review_log_index, Some(idx));
    assert_eq!(c.decided_at, Some(at));
    // A second review of the same candidate is refused and writes nothing.
    let size = s.log_size().unwrap_or_default();
    assert!(
        s.review_candidate(&CandidateReview {
            candidate: pending[0].id,
            status: CandidateStatus::Rejected,
            report_id: None,
            at,
            entry: &review,
        })
        .is_err(),
        "a candidate is reviewed once"
    );
    assert!(
        s.review_candidate(&CandidateReview {
            candidate: 999_999,
            status: CandidateStatus::Rejected,
            report_id: None,
            at,
            entry: &review,
        })
        .is_err(),
        "no review of a candidate that does not exist"
    );
    assert_eq!(
        s.log_size().ok(),
        Some(size),
        "a refused review is not logged"
    );
    s.review_candidate(&CandidateReview {
        candidate: pending[1].id,
        status: CandidateStatus::Rejected,
        report_id: None,
        at,
        entry: &review,
    })
    .unwrap_or_else(|e| panic!("reject: {e}"));
    assert_eq!(s.candidate_count(CandidateStatus::Pending).ok(), Some(0));
    assert_eq!(s.candidate_count(CandidateStatus::Rejected).ok(), Some(1));
    assert_eq!(
        s.candidates(Some(CandidateStatus::Accepted), None, 10)
            .map(|v| v.iter().map(|c| c.id).collect::<Vec<_>>())
            .ok(),
        Some(vec![pending[0].id])
    );
    assert_eq!(s.statement(id + 1000).ok(), Some(None));
    assert_eq!(s.candidate(pending[1].id + 1000).ok(), Some(None));
}

/// `q=`: words found in reports' text, place and target name in any case
/// and script, each word as the start of a word, all words required; the
/// names only for the public; a superseded text no longer found; incidents
/// found through their reports, published ones only outside the mission.
pub fn text_search(fresh: Fresh<'_>) {
    let mut s = workspace(fresh);
    let t0 = 1_742_500_000;
    let texts = [
        "Нічний обстріл підстанції в Сумах, пошкоджено трансформатор",
        "Ночной обстрел подстанции, повреждён трансформатор",
        "Drone strike on the Sudzha gas metering station",
        "A quiet night",
    ];
    let mut rs: Vec<Report> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| report("ua-mfa", &i.to_string(), t0 + 3600 * i as i64, t))
        .collect();
    rs[3].place = Some("Херсон".into());
    rs[3].target_name = Some("Kherson thermal plant".into());
    ingest(&mut *s, &rs, "ua");
    let (ids, _) = s.reports(false).expect("reports");
    let find = |s: &dyn Store, q: &str, names_only: bool| -> Vec<i64> {
        let mut got: Vec<i64> = s
            .reports_page(
                &ReportFilter {
                    text: crate::TextQuery::parse(q, names_only).expect("query"),
                    ..Default::default()
                },
                &Visibility::All,
            )
            .unwrap_or_else(|e| panic!("search {q:?}: {e}"))
            .into_iter()
            .map(|r| r.id)
            .collect();
        got.sort();
        got
    };
    assert_eq!(
        find(&*s, "обстріл", false),
        vec![ids[0]],
        "a Ukrainian word"
    );
    assert_eq!(
        find(&*s, "ОБСТРЕЛ", false),
        vec![ids[1]],
        "case folds in Cyrillic"
    );
    assert_eq!(
        find(&*s, "трансформатор", false),
        vec![ids[0], ids[1]],
        "a word both languages share"
    );
    assert_eq!(
        find(&*s, "підстан", false),
        vec![ids[0]],
        "a stem finds its forms"
    );
    assert_eq!(find(&*s, "обстріл трансформатор", false), vec![ids[0]]);
    assert_eq!(
        find(&*s, "обстріл quiet", false),
        Vec::<i64>::new(),
        "every word must match"
    );
    assert_eq!(find(&*s, "sudzha METERING", false), vec![ids[2]]);
    assert_eq!(
        find(&*s, "eter", false),
        Vec::<i64>::new(),
        "a word's start, not its middle"
    );
    assert_eq!(
        find(&*s, "херсон", false),
        vec![ids[3]],
        "the place is searched"
    );
    assert_eq!(
        find(&*s, "thermal", false),
        vec![ids[3]],
        "the target is searched"
    );
    assert_eq!(
        find(&*s, "thermal", true),
        vec![ids[3]],
        "names for the public"
    );
    assert_eq!(
        find(&*s, "обстріл", true),
        Vec::<i64>::new(),
        "the public does not search the text it is not shown"
    );
    // A superseded text is searched as it now reads.
    let mut changed = rs[2].clone();
    changed.text = Some("Artillery shelling of the metering station".into());
    let out = ingest(&mut *s, std::slice::from_ref(&changed), "ua");
    assert_eq!(out.counts.superseded, 1);
    assert_eq!(
        find(&*s, "drone", false),
        Vec::<i64>::new(),
        "the old text is gone"
    );
    assert_eq!(find(&*s, "artillery", false), vec![ids[2]]);
    // A later batch: a new report and a new version of an old one, together.
    let mut again = rs[3].clone();
    again.text = Some("Quiet again after the shelling".into());
    let fresh_one = report("ua-mfa", "9", t0, "Shahed wreckage found near Izium");
    let out = ingest(&mut *s, &[again, fresh_one], "ua");
    assert_eq!((out.counts.accepted, out.counts.superseded), (1, 1));
    let (ids, _) = s.reports(false).expect("reports");
    assert_eq!(
        find(&*s, "izium", false),
        vec![ids[4]],
        "a later batch is searched"
    );
    assert_eq!(
        find(&*s, "shelling", false),
        vec![ids[2], ids[3]],
        "each report once, as it now reads"
    );
    let rs: Vec<Report> = rs.into_iter().take(4).collect();
    // Incidents and findings, through their reports.
    let incidents: Vec<Incident> = (0..rs.len())
        .map(|i| incident(&format!("I-{i:04}"), vec![i], t0 + 3600 * i as i64))
        .collect();
    let mut findings = incidents
        .iter()
        .map(|i| finding(&i.id, Status::Alleged))
        .collect::<Vec<_>>()
        .into_iter();
    let info = info(&*s, incidents.len());
    s.replace_results(&ids, &ids, &[], &incidents, &mut findings, &info)
        .expect("replace_results");
    let incidents_of = |s: &dyn Store, q: &str, published_only: bool| -> Vec<String> {
        s.incidents(&FindingFilter {
            text: crate::TextQuery::parse(q, false).expect("query"),
            published_only,
            ..Default::default()
        })
        .expect("incidents")
        .into_iter()
        .map(|r| r.incident.id)
        .collect()
    };
    let mut both = incidents_of(&*s, "трансформатор", false);
    both.sort();
    assert_eq!(both, ["I-0000", "I-0001"]);
    let findings_of: Vec<String> = s
        .findings(&FindingFilter {
            text: crate::TextQuery::parse("artillery", false).expect("query"),
            ..Default::default()
        })
        .expect("findings")
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(findings_of, ["F-I-0002"]);
    assert!(
        incidents_of(&*s, "трансформатор", true).is_empty(),
        "outside the mission only published reports are searched"
    );
}

/// Webhooks: subscriptions kept and stopped, each event queued once per
/// subscription, leases taken atomically and expiring, deliveries settled
/// as delivered, retried or given up.
pub fn webhooks_and_deliveries(fresh: Fresh<'_>) {
    use crate::webhooks::{NewWebhook, WebhookEvent, delivery_id};
    let mut s = workspace(fresh);
    let new = NewWebhook {
        name: "ua office".into(),
        url: "https://example.org/hook".into(),
        secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0".into(),
        events: vec!["finding.corroborated".into(), "checkpoint.new".into()],
        commitment: Some("energy".into()),
        party: None,
        region: Some("UA-63".into()),
        audience: "party:ua".into(),
        created_by: "admin".into(),
    };
    let a = s.add_webhook(&new).expect("webhook");
    let b = s
        .add_webhook(&NewWebhook {
            name: "newsroom".into(),
            audience: "public".into(),
            commitment: None,
            region: None,
            ..new.clone()
        })
        .expect("webhook");
    let got = s.webhook(a).expect("webhook").expect("there");
    assert_eq!(
        (
            got.name.as_str(),
            got.secret.as_str(),
            got.events.clone(),
            got.commitment.as_deref(),
            got.party.as_deref(),
            got.region.as_deref(),
            got.audience.as_str(),
            got.active
        ),
        (
            "ua office",
            new.secret.as_str(),
            new.events.clone(),
            Some("energy"),
            None,
            Some("UA-63"),
            "party:ua",
            true
        )
    );
    assert_eq!(
        s.webhooks()
            .expect("webhooks")
            .iter()
            .map(|w| w.id)
            .collect::<Vec<_>>(),
        vec![b, a],
        "newest first"
    );
    let ev = |k: &str| WebhookEvent {
        key: k.into(),
        kind: "finding.corroborated".into(),
        payload: format!("{{\"key\":\"{k}\"}}"),
    };
    // Seeding records without queueing; announcing again queues nothing.
    assert_eq!(s.announce(a, &[ev("old")], false, 1_000).expect("seed"), 1);
    assert_eq!(
        s.announce(a, &[ev("old"), ev("e1"), ev("e2")], true, 1_000)
            .expect("announce"),
        2
    );
    assert_eq!(
        s.announce(a, &[ev("e1"), ev("e2")], true, 1_000)
            .expect("again"),
        0,
        "an event is queued once per subscription"
    );
    assert_eq!(
        s.announce(b, &[ev("e1")], true, 5_000).expect("other"),
        1,
        "another subscription hears it too"
    );
    assert_eq!(
        s.announced(a, &["e1".into(), "nope".into(), "old".into()])
            .expect("announced"),
        vec![true, false, true]
    );
    assert_eq!(
        s.announced(b, &["old".into()]).expect("announced"),
        vec![false],
        "per subscription"
    );
    // Leases: only what is due, never twice while the lease lives.
    let leased = s.lease_deliveries(2_000, 12_000, 10).expect("lease");
    let mut ids: Vec<String> = leased.iter().map(|d| d.id.clone()).collect();
    ids.sort();
    let mut want = vec![delivery_id(a, "e1"), delivery_id(a, "e2")];
    want.sort();
    assert_eq!(ids, want, "the due deliveries of subscription a");
    assert!(leased[0].payload.starts_with("{\"key\":"), "the payload");
    assert!(
        s.lease_deliveries(3_000, 13_000, 10)
            .expect("lease")
            .iter()
            .all(|d| d.webhook_id == b),
        "leased deliveries are not leased again"
    );
    // One succeeds, one fails and is due again later.
    let e1 = delivery_id(a, "e1");
    let e2 = delivery_id(a, "e2");
    // Settled together, in one transaction.
    s.settle_deliveries(&[
        crate::webhooks::Settled::Delivered {
            id: e1.clone(),
            status: 204,
            at_ms: 3_500,
        },
        crate::webhooks::Settled::Failed {
            id: e2.clone(),
            status: Some(500),
            error: "HTTP 500".into(),
            retry_at_ms: Some(20_000),
        },
    ])
    .expect("settled");
    assert!(
        s.lease_deliveries(15_000, 25_000, 10)
            .expect("lease")
            .iter()
            .all(|d| d.webhook_id == b),
        "not due before its retry time (b's lease ran out)"
    );
    let again = s.lease_deliveries(20_000, 30_000, 10).expect("lease");
    assert_eq!(
        again.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        [e2.as_str()]
    );
    assert_eq!(again[0].attempts, 1);
    // A lease that runs out (the sender died) makes it due again.
    let after = s.lease_deliveries(30_001, 40_000, 10).expect("lease");
    assert!(after.iter().any(|d| d.id == e2), "an expired lease");
    s.delivery_failed(&e2, None, "connection refused", None)
        .expect("give up");
    let list = s.deliveries(a, 10).expect("deliveries");
    let d1 = list.iter().find(|d| d.id == e1).expect("e1");
    let d2 = list.iter().find(|d| d.id == e2).expect("e2");
    assert_eq!(
        (d1.state(), d1.attempts, d1.last_status, d1.delivered_at),
        ("delivered", 1, Some(204), Some(3_500))
    );
    assert_eq!(
        (
            d2.state(),
            d2.attempts,
            d2.last_status,
            d2.last_error.as_deref()
        ),
        ("failed", 2, None, Some("connection refused"))
    );
    assert!(
        s.lease_deliveries(99_000, 100_000, 10)
            .expect("lease")
            .iter()
            .all(|d| d.webhook_id == b),
        "delivered and given-up deliveries are never leased"
    );
    // A stopped subscription's deliveries are kept and no longer sent.
    assert!(s.deactivate_webhook(b).expect("stop"));
    assert!(!s.deactivate_webhook(b).expect("stopped already"));
    assert!(!s.webhook(b).expect("b").expect("kept").active);
    assert!(
        s.lease_deliveries(200_000, 210_000, 10)
            .expect("lease")
            .is_empty()
    );
    assert_eq!(s.deliveries(b, 10).expect("kept").len(), 1);
    assert!(s.webhook(9_999).expect("none").is_none());
}
