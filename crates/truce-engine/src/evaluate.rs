//! Evaluation: every incident × every commitment reading × every party alleged
//! responsible gives a finding, with a status, a confidence in ICD 203 words and
//! a rule trace that says which check decided it.
//!
//! The rules, in the order they decide:
//! 1. a party the commitment does not bind → `not-covered`;
//! 2. an act, means, target or place the reading's scope excludes → `not-covered`;
//! 3. an event entirely outside the reading's period → `outside-period`;
//! 4. a scope check that cannot be decided (unknown target class, a place near a
//!    zone's edge) or an event time straddling the period's edge, or no report
//!    naming who did it → `insufficient`;
//! 5. a denial concerning the accused, or reports naming different perpetrators
//!    → `disputed`;
//! 6. two or more independent voices (claimants), none graded E/F or 5/6 →
//!    `corroborated`;
//! 7. otherwise → `alleged`.
//!
//! Evaluation is a pure function of the reports, the incident, the agreement
//! and the reference data, so any party can replay it and get the same result.

use crate::correlate::CorrelateConfig;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use truce_geo::{SiteLink, SiteRegistry, ZoneIndex, ZoneMembership};
use truce_model::Arg;
use truce_model::time::format_local;
use truce_model::{
    Act, Agreement, Commitment, Confidence, Incident, Means, Outcome, PartyResolver,
    PeriodRelation, Reading, Report, ReportRef, Said, Stance, Status, TargetClass, TraceStep,
};
use truce_model::{Finding, Pattern};

/// The party name used when no report says who is responsible.
pub const UNKNOWN_PARTY: &str = "unknown";

/// Judges incidents against an agreement.
pub struct Evaluator<'a> {
    agreement: &'a Agreement,
    parties: PartyResolver,
    zones: Arc<ZoneIndex>,
    tz: jiff::tz::TimeZone,
    cfg: CorrelateConfig,
    /// Protected sites: a report whose target is unknown but whose place is
    /// within reach of a site is judged as concerning that site.
    sites: Option<&'a SiteRegistry>,
}

/// Site links of an incident's reports whose target is unknown, by report.
type Inferred = Vec<(*const Report, SiteLink)>;

/// What one party is said to have done in one incident.
struct Accusation<'r> {
    party: String,
    support: Vec<&'r Report>,
    denials: Vec<&'r Report>,
    /// Other parties named as responsible for the same incident.
    others: Vec<String>,
}

struct Check {
    outcome: Outcome,
    step: Option<TraceStep>,
}

/// The agreement's zones, indexed once per process: indexing checks every
/// polygon, which took longer than judging the few incidents one placed
/// report changes. Zones were validated with the agreement; a zone that
/// still fails to index is reported by every finding that needs it ("has
/// no shape").
fn zone_index(zones: &[truce_model::Zone]) -> Arc<ZoneIndex> {
    type Cache = Vec<(Vec<truce_model::Zone>, Arc<ZoneIndex>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    if let Ok(cache) = CACHE.lock()
        && let Some((_, index)) = cache.iter().find(|(z, _)| z.as_slice() == zones)
    {
        return Arc::clone(index);
    }
    let index = Arc::new(ZoneIndex::new(zones).unwrap_or_default());
    if let Ok(mut cache) = CACHE.lock() {
        // A server judges under one agreement version at a time, and a
        // test process under a few.
        if cache.len() >= 4 {
            cache.remove(0);
        }
        cache.push((zones.to_vec(), Arc::clone(&index)));
    }
    index
}

impl<'a> Evaluator<'a> {
    pub fn new(agreement: &'a Agreement, cfg: CorrelateConfig) -> Self {
        Evaluator {
            agreement,
            parties: agreement.party_resolver(),
            zones: zone_index(&agreement.zones),
            tz: jiff::tz::TimeZone::get(&agreement.timezone).unwrap_or(jiff::tz::TimeZone::UTC),
            cfg,
            sites: None,
        }
    }

    /// Judges with the given protected sites (see [`SiteRegistry::link`]).
    pub fn with_sites(mut self, sites: &'a SiteRegistry) -> Self {
        self.sites = (!sites.is_empty()).then_some(sites);
        self
    }

    /// Links the incident's located reports to the nearest protected site
    /// within reach whose class is compatible with the report's target (any
    /// site when the target is unknown: then the link is *inferred*).
    fn infer_sites(&self, reports: &[Report], incident: &Incident) -> Inferred {
        let Some(sites) = self.sites else {
            return Vec::new();
        };
        incident
            .reports
            .iter()
            .map(|&i| &reports[i])
            .filter_map(|r| {
                let p = r.location?;
                let link = sites.link(p, self.cfg.radius(r.geo_precision), r.target_class)?;
                Some((r as *const Report, link))
            })
            .collect()
    }

    /// A party id for a name used in a report, or the name itself (lower case)
    /// when the agreement does not know it.
    fn party_of(&self, name: &str) -> String {
        match self.parties.resolve(name) {
            Some(id) => id.to_string(),
            None => name.trim().to_lowercase(),
        }
    }

    fn accusations<'r>(&self, reports: &'r [Report], incident: &Incident) -> Vec<Accusation<'r>> {
        let members: Vec<&Report> = incident.reports.iter().map(|&i| &reports[i]).collect();
        // Each member's accused party, resolved once.
        let perps: Vec<Option<String>> = members
            .iter()
            .map(|r| r.perpetrator.as_deref().map(|p| self.party_of(p)))
            .collect();
        let named: BTreeSet<String> = perps.iter().flatten().cloned().collect();
        let accused: Vec<String> = if named.is_empty() {
            vec![UNKNOWN_PARTY.to_string()]
        } else {
            named.iter().cloned().collect()
        };
        accused
            .into_iter()
            .map(|party| {
                let support = members
                    .iter()
                    .zip(&perps)
                    .filter(|(r, _)| r.stance != Stance::Denies)
                    .filter(|(r, perp)| match perp {
                        Some(p) => *p == party,
                        // Neutral observations support the event whoever did it.
                        None => party == UNKNOWN_PARTY || r.stance != Stance::Alleges,
                    })
                    .map(|(r, _)| *r)
                    .collect();
                let denials = members
                    .iter()
                    .zip(&perps)
                    .filter(|(r, _)| r.stance == Stance::Denies)
                    .filter(|(r, perp)| match perp {
                        Some(p) => *p == party,
                        None => party == UNKNOWN_PARTY || self.party_of(r.voice()) == party,
                    })
                    .map(|(r, _)| *r)
                    .collect();
                let others = named.iter().filter(|p| **p != party).cloned().collect();
                Accusation {
                    party,
                    support,
                    denials,
                    others,
                }
            })
            .collect()
    }

    /// Appends the findings for one incident to `out`. With `trace` false the
    /// rule traces are left empty, which is much cheaper for bulk runs; the
    /// statuses are the same.
    pub fn evaluate(
        &self,
        reports: &[Report],
        incident: &Incident,
        trace: bool,
        out: &mut Vec<Finding>,
    ) {
        let accusations = self.accusations(reports, incident);
        let inferred = self.infer_sites(reports, incident);
        for c in &self.agreement.commitments {
            for reading in &c.readings {
                for acc in &accusations {
                    out.push(self.judge(incident, c, reading, acc, &inferred, trace));
                }
            }
        }
    }

    fn judge(
        &self,
        incident: &Incident,
        c: &Commitment,
        reading: &Reading,
        acc: &Accusation<'_>,
        inferred: &Inferred,
        trace: bool,
    ) -> Finding {
        let mut steps = Vec::new();
        let push = |check: Check, steps: &mut Vec<TraceStep>| {
            if let Some(s) = check.step {
                steps.push(s);
            }
            check.outcome
        };
        // When nothing supports an accusation (only denials), the scope is
        // judged on the denials: they still say what the event was.
        let basis: &[&Report] = if acc.support.is_empty() {
            &acc.denials
        } else {
            &acc.support
        };

        let bound = push(self.check_party(c, acc, trace), &mut steps);
        let period = push(self.check_period(incident, c, reading, trace), &mut steps);
        let act = push(check_act(&reading.scope.acts, basis, trace), &mut steps);
        let means = push(check_means(&reading.scope.means, basis, trace), &mut steps);
        let target = push(
            check_target(&reading.scope.targets, basis, inferred, trace),
            &mut steps,
        );
        let zone = push(self.check_zone(reading, incident, trace), &mut steps);

        let voices: BTreeSet<&str> = acc
            .support
            .iter()
            .filter(|r| r.adequately_graded())
            .map(|r| r.voice())
            .collect();
        let all_voices: BTreeSet<&str> = acc.support.iter().map(|r| r.voice()).collect();
        let deniers: BTreeSet<&str> = acc.denials.iter().map(|r| r.voice()).collect();

        let scope = [act, means, target, zone];
        let (status, why) = if bound == Outcome::Fail {
            (Status::NotCovered, Why::NotBound)
        } else if scope.contains(&Outcome::Fail) {
            (Status::NotCovered, Why::OutOfScope)
        } else if period == Outcome::Fail {
            (Status::OutsidePeriod, Why::OutsidePeriod)
        } else if period == Outcome::Unknown || scope.contains(&Outcome::Unknown) {
            (Status::Insufficient, Why::Undecidable)
        } else if acc.party == UNKNOWN_PARTY {
            (Status::Insufficient, Why::NoParty)
        } else if !acc.denials.is_empty() || !acc.others.is_empty() {
            (Status::Disputed, Why::Disputed)
        } else if voices.len() >= 2 {
            (Status::Corroborated, Why::Agree)
        } else {
            (Status::Alleged, Why::Alleged)
        };
        let confidence = confidence(status, &acc.support, voices.len(), deniers.len());
        if trace {
            let (detail, said) = why.explain(acc, &voices, &all_voices, &deniers);
            let mut sources = Said::new(if deniers.is_empty() {
                "trace-sources"
            } else {
                "trace-sources-denied"
            })
            .arg("support", Arg::Count(acc.support.len() as u64))
            .arg("voices", Arg::Count(all_voices.len() as u64))
            .arg("graded", Arg::Count(voices.len() as u64))
            .arg("denials", Arg::Count(acc.denials.len() as u64));
            if !deniers.is_empty() {
                sources = sources.arg("deniers", voices_arg(&deniers));
            }
            steps.push(
                TraceStep::new(
                    "sources",
                    if voices.len() >= 2 { Outcome::Pass } else { Outcome::Unknown },
                    format!(
                        "{} supporting report(s) from {} voice(s) ({} adequately graded); {} denial(s){}",
                        acc.support.len(),
                        all_voices.len(),
                        voices.len(),
                        acc.denials.len(),
                        if deniers.is_empty() {
                            String::new()
                        } else {
                            format!(" by {}", join(deniers.iter().copied()))
                        }
                    ),
                )
                .saying([sources]),
            );
            steps.push(
                TraceStep::new(
                    "status",
                    Outcome::Pass,
                    format!("{status}: {detail}; confidence: {confidence}"),
                )
                .saying([Said::new("trace-status")
                    .arg("status", Arg::Codes("status", vec![status.to_string()]))
                    .arg("why", Arg::Parts(said))
                    .arg(
                        "confidence",
                        Arg::Codes("confidence", vec![confidence.to_string()]),
                    )]),
            );
        }
        // The reports behind a finding are named only when it is shown in full;
        // bulk runs store statuses and recompute the rest on demand.
        let mut refs: Vec<ReportRef> = Vec::new();
        if trace {
            refs = acc
                .support
                .iter()
                .chain(acc.denials.iter())
                .map(|r| ReportRef {
                    source: r.source.clone(),
                    external_id: r.external_id.clone(),
                })
                .collect();
            refs.sort();
            refs.dedup();
        }
        Finding {
            id: finding_id(&incident.id, &c.id, &reading.id, &acc.party),
            incident_id: incident.id.clone(),
            commitment_id: c.id.clone(),
            reading_id: reading.id.clone(),
            party: acc.party.clone(),
            status,
            confidence,
            reports: refs,
            trace: steps,
        }
    }

    fn check_party(&self, c: &Commitment, acc: &Accusation<'_>, trace: bool) -> Check {
        let outcome = if acc.party == UNKNOWN_PARTY {
            Outcome::Unknown
        } else if c.binds.contains(&acc.party) {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
        let step = trace.then(|| {
            let party = || Arg::Voices(vec![acc.party.clone()]);
            let commitment = || Arg::Commitment(c.id.clone());
            let (detail, said) = match outcome {
                Outcome::Unknown => (
                    "no report names who is responsible".to_string(),
                    Said::new("trace-party-unknown"),
                ),
                Outcome::Pass => (
                    format!("{} is bound by \"{}\"", self.party_name(&acc.party), c.id),
                    Said::new("trace-party-bound")
                        .arg("party", party())
                        .arg("commitment", commitment()),
                ),
                Outcome::Fail => (
                    format!(
                        "{} is not bound by \"{}\" (it binds {})",
                        self.party_name(&acc.party),
                        c.id,
                        join(c.binds.iter().map(String::as_str))
                    ),
                    Said::new("trace-party-not-bound")
                        .arg("party", party())
                        .arg("commitment", commitment())
                        .arg("binds", Arg::Voices(c.binds.clone())),
                ),
            };
            TraceStep::new("party", outcome, detail).saying([said])
        });
        Check { outcome, step }
    }

    fn party_name(&self, id: &str) -> String {
        match self.agreement.party(id) {
            Some(p) => format!("{} ({})", p.id, p.name),
            None => id.to_string(),
        }
    }

    fn check_period(
        &self,
        incident: &Incident,
        c: &Commitment,
        reading: &Reading,
        trace: bool,
    ) -> Check {
        let rel = reading.period.relation(&incident.occurred);
        let outcome = match rel {
            PeriodRelation::Inside => Outcome::Pass,
            PeriodRelation::Outside => Outcome::Fail,
            PeriodRelation::Straddles => Outcome::Unknown,
        };
        let step = trace.then(|| {
            let ev = format!(
                "the event lies between {} and {}",
                format_local(incident.occurred.start, &self.tz),
                format_local(incident.occurred.end, &self.tz)
            );
            let per = format!(
                "reading \"{}\" runs from {} to {}",
                reading.id,
                format_local(reading.period.start, &self.tz),
                format_local(reading.period.end, &self.tz)
            );
            let (verdict, id) = match rel {
                PeriodRelation::Inside => ("inside", "trace-period-inside"),
                PeriodRelation::Outside => ("outside", "trace-period-outside"),
                PeriodRelation::Straddles => (
                    "partly inside, partly outside (the time is not known precisely enough)",
                    "trace-period-straddles",
                ),
            };
            TraceStep::new("period", outcome, format!("{ev}; {per}: {verdict}")).saying([
                Said::new(id)
                    .arg("from", Arg::Time(incident.occurred.start))
                    .arg("to", Arg::Time(incident.occurred.end))
                    .arg("reading", Arg::Reading(c.id.clone(), reading.id.clone()))
                    .arg("start", Arg::Time(reading.period.start))
                    .arg("end", Arg::Time(reading.period.end)),
            ])
        });
        Check { outcome, step }
    }

    fn check_zone(&self, reading: &Reading, incident: &Incident, trace: bool) -> Check {
        let Some(zone) = &reading.scope.zone else {
            return Check {
                outcome: Outcome::Pass,
                step: trace.then(|| {
                    TraceStep::new("zone", Outcome::Pass, "the reading applies anywhere")
                        .saying([Said::new("trace-zone-anywhere")])
                }),
            };
        };
        let Some(p) = incident.location else {
            return Check {
                outcome: Outcome::Unknown,
                step: trace.then(|| {
                    TraceStep::new(
                        "zone",
                        Outcome::Unknown,
                        format!("the incident has no known place, so whether it is in zone \"{zone}\" is unknown"),
                    )
                    .saying([Said::new("trace-zone-no-place").arg("zone", Arg::Zone(zone.clone()))])
                }),
            };
        };
        let radius = self.cfg.radius(incident.geo_precision);
        let membership = self.zones.membership(zone, p, radius);
        let outcome = match membership {
            None => Outcome::Unknown,
            Some(ZoneMembership::Inside { .. }) => Outcome::Pass,
            Some(ZoneMembership::Outside { .. }) => Outcome::Fail,
            Some(ZoneMembership::Uncertain { .. }) => Outcome::Unknown,
        };
        let step = trace.then(|| {
            let place = |id: &'static str, edge: f64| {
                Said::new(id)
                    .arg("lat", Arg::Text(format!("{:.2}", p.lat)))
                    .arg("lon", Arg::Text(format!("{:.2}", p.lon)))
                    .arg("radius", Arg::Text(radius.to_string()))
                    .arg("zone", Arg::Zone(zone.clone()))
                    .arg("edge", Arg::Text(format!("{edge:.1}")))
            };
            let (detail, said) = match membership {
                None => (
                    format!("zone \"{zone}\" has no shape"),
                    Said::new("trace-zone-no-shape").arg("zone", Arg::Zone(zone.clone())),
                ),
                Some(ZoneMembership::Inside { boundary_km }) => (
                    format!(
                        "the place ({:.2}, {:.2}, within {radius} km) is inside zone \"{zone}\", {boundary_km:.1} km from its edge",
                        p.lat, p.lon
                    ),
                    place("trace-zone-inside", boundary_km),
                ),
                Some(ZoneMembership::Outside { boundary_km }) => (
                    format!(
                        "the place ({:.2}, {:.2}, within {radius} km) is outside zone \"{zone}\", {boundary_km:.1} km from its edge",
                        p.lat, p.lon
                    ),
                    place("trace-zone-outside", boundary_km),
                ),
                Some(ZoneMembership::Uncertain {
                    boundary_km,
                    inside,
                }) => (
                    format!(
                        "the place ({:.2}, {:.2}) is {} zone \"{zone}\" but only {boundary_km:.1} km from its edge, less than its uncertainty of {radius} km",
                        p.lat,
                        p.lon,
                        if inside { "inside" } else { "outside" }
                    ),
                    place(
                        if inside {
                            "trace-zone-uncertain-inside"
                        } else {
                            "trace-zone-uncertain-outside"
                        },
                        boundary_km,
                    ),
                ),
            };
            TraceStep::new("zone", outcome, detail).saying([said])
        });
        Check { outcome, step }
    }
}

/// Why a finding has its status: said only when a trace is asked for, so
/// bulk runs build no text.
#[derive(Clone, Copy)]
enum Why {
    NotBound,
    OutOfScope,
    OutsidePeriod,
    Undecidable,
    NoParty,
    Disputed,
    Agree,
    Alleged,
}

impl Why {
    /// The reason in English (the record) and as messages.
    fn explain(
        self,
        acc: &Accusation<'_>,
        voices: &BTreeSet<&str>,
        all_voices: &BTreeSet<&str>,
        deniers: &BTreeSet<&str>,
    ) -> (String, Vec<Said>) {
        let fixed = |text: &str, id: &'static str| (text.to_string(), vec![Said::new(id)]);
        match self {
            Why::NotBound => fixed(
                "the commitment does not bind this party",
                "trace-why-not-bound",
            ),
            Why::OutOfScope => fixed(
                "the incident is outside what this reading prohibits",
                "trace-why-out-of-scope",
            ),
            Why::OutsidePeriod => fixed(
                "the event happened outside this reading's period",
                "trace-why-outside-period",
            ),
            Why::Undecidable => fixed(
                "what is known cannot decide whether this reading applies",
                "trace-why-undecidable",
            ),
            Why::NoParty => fixed("no report says who is responsible", "trace-why-no-party"),
            Why::Disputed => {
                let mut text = Vec::new();
                let mut said = Vec::new();
                if !deniers.is_empty() {
                    text.push(format!("denied by {}", join(deniers.iter().copied())));
                    said.push(Said::new("trace-why-denied").arg("deniers", voices_arg(deniers)));
                }
                if !acc.others.is_empty() {
                    text.push(format!(
                        "other reports blame {}",
                        join(acc.others.iter().map(String::as_str))
                    ));
                    said.push(
                        Said::new("trace-why-others-blame")
                            .arg("others", Arg::Voices(acc.others.to_vec())),
                    );
                }
                (text.join("; "), said)
            }
            Why::Agree => (
                format!(
                    "{} independent voices agree: {}",
                    voices.len(),
                    join(voices.iter().copied())
                ),
                vec![
                    Said::new("trace-why-agree")
                        .arg("n", Arg::Count(voices.len() as u64))
                        .arg("voices", voices_arg(voices)),
                ],
            ),
            Why::Alleged => match all_voices.len() {
                0 => fixed("no report supports it", "trace-why-no-support"),
                1 => (
                    format!("one voice only: {}", join(all_voices.iter().copied())),
                    vec![Said::new("trace-why-one-voice").arg("voices", voices_arg(all_voices))],
                ),
                _ => (
                    format!(
                        "{} voices, but only {} adequately graded (not E/F, not 5/6)",
                        all_voices.len(),
                        voices.len()
                    ),
                    vec![
                        Said::new("trace-why-poorly-graded")
                            .arg("n", Arg::Count(all_voices.len() as u64))
                            .arg("graded", Arg::Count(voices.len() as u64)),
                    ],
                ),
            },
        }
    }
}

fn voices_arg(v: &BTreeSet<&str>) -> Arg {
    Arg::Voices(v.iter().map(|s| s.to_string()).collect())
}

fn check_act(allowed: &[Act], basis: &[&Report], trace: bool) -> Check {
    let known = distinct(
        basis
            .iter()
            .map(|r| r.act)
            // A fire seen from orbit says something burned, not what was done.
            .filter(|a| !matches!(a, Act::Other | Act::Fire))
            .map(Act::as_str),
    );
    scope_check(
        "act",
        &known,
        allowed.is_empty(),
        |id| allowed.iter().any(|a| a.as_str() == id),
        trace,
        || join(allowed.iter().map(|a| a.as_str())),
        || {
            Arg::Codes(
                "act",
                allowed.iter().map(|a| a.as_str().to_string()).collect(),
            )
        },
    )
}

fn check_means(allowed: &[Pattern], basis: &[&Report], trace: bool) -> Check {
    // A tally of several weapon classes counts as each class its text names.
    let known = distinct(
        basis
            .iter()
            .flat_map(|r| match (r.means, r.means_text.as_deref()) {
                (Means::Mixed, Some(text)) => Means::classes_named(text),
                (m, _) => vec![m],
            })
            .filter(|m| !matches!(m, Means::Unknown | Means::Mixed))
            .map(Means::as_str),
    );
    scope_check(
        "means",
        &known,
        allowed.is_empty(),
        |id| allowed.iter().any(|p| p.matches(id)),
        trace,
        || patterns_text(allowed),
        || Arg::Patterns("means", allowed.to_vec()),
    )
}

fn check_target(allowed: &[Pattern], basis: &[&Report], inferred: &Inferred, trace: bool) -> Check {
    // A report's own target, or else the class of the site it was linked to.
    let link_of = |r: &Report| {
        inferred
            .iter()
            .find(|(p, _)| std::ptr::eq(*p, r))
            .map(|(_, l)| l)
    };
    let known = distinct(basis.iter().filter_map(|r| match r.target_class {
        TargetClass::Unknown => link_of(r).map(|l| l.class.as_str()),
        t => Some(t.as_str()),
    }));
    let mut check = scope_check(
        "target",
        &known,
        allowed.is_empty(),
        |id| allowed.iter().any(|p| p.matches(id)),
        trace,
        || patterns_text(allowed),
        || Arg::Patterns("target", allowed.to_vec()),
    );
    if let Some(step) = &mut check.step {
        let (links, said): (Vec<String>, Vec<Said>) = basis
            .iter()
            .filter_map(|r| {
                link_of(r).map(|l| {
                    let said = |id: &'static str| {
                        Said::new(id)
                            .arg("report", Arg::Text(format!("{}/{}", r.source, r.external_id)))
                            .arg("km", Arg::Text(format!("{:.1}", l.distance_km)))
                            .arg("site", Arg::Text(format!("{} ({})", l.site_name, l.site_id)))
                            .arg("class", Arg::Codes("target", vec![l.class.as_str().to_string()]))
                    };
                    if l.inferred {
                        (format!(
                            "inferred: {}/{} names no target but lies {:.1} km from {} ({}), a site of class {}",
                            r.source, r.external_id, l.distance_km, l.site_name, l.site_id, l.class
                        ), said("trace-site-inferred"))
                    } else {
                        (format!(
                            "{}/{} is {:.1} km from {} ({})",
                            r.source, r.external_id, l.distance_km, l.site_name, l.site_id
                        ), said("trace-site-near"))
                    }
                })
            })
            .unzip();
        if !links.is_empty() {
            step.detail = format!("{}; {}", step.detail, links.join("; "));
            step.said.extend(said);
        }
    }
    check
}

fn patterns_text(allowed: &[Pattern]) -> String {
    allowed
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The distinct identifiers, sorted (a small vector beats a set here).
fn distinct(ids: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A scope list check: pass if any known value is in scope, fail if values are
/// known and none is, unknown if nothing is known. The explanation is written
/// only when a trace is asked for.
fn scope_check(
    check: &'static str,
    known: &[&str],
    any_allowed: bool,
    in_scope: impl Fn(&str) -> bool,
    trace: bool,
    allowed_text: impl Fn() -> String,
    allowed_arg: impl Fn() -> Arg,
) -> Check {
    let outcome = if any_allowed {
        Outcome::Pass
    } else if known.is_empty() {
        Outcome::Unknown
    } else if known.iter().any(|k| in_scope(k)) {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    let step = trace.then(|| {
        let what = || Arg::Codes("check", vec![check.to_string()]);
        let codes = |v: &[&str]| Arg::Codes(check, v.iter().map(|c| c.to_string()).collect());
        let (detail, said) = if any_allowed {
            (
                format!("the reading covers any {check}"),
                Said::new("trace-scope-any").arg("check", what()),
            )
        } else {
            match outcome {
                Outcome::Unknown => (
                    format!(
                        "the reports do not say which {check}; the reading covers only {}",
                        allowed_text()
                    ),
                    Said::new("trace-scope-unknown")
                        .arg("check", what())
                        .arg("allowed", allowed_arg()),
                ),
                Outcome::Pass => {
                    let matching: Vec<&str> =
                        known.iter().copied().filter(|k| in_scope(k)).collect();
                    (
                        format!(
                            "{check} {} is covered ({})",
                            matching.join(", "),
                            allowed_text()
                        ),
                        Said::new("trace-scope-covered")
                            .arg("check", what())
                            .arg("known", codes(&matching))
                            .arg("allowed", allowed_arg()),
                    )
                }
                Outcome::Fail => (
                    format!(
                        "{check} {} is not among {}",
                        known.join(", "),
                        allowed_text()
                    ),
                    Said::new("trace-scope-not-among")
                        .arg("check", what())
                        .arg("known", codes(known))
                        .arg("allowed", allowed_arg()),
                ),
            }
        };
        TraceStep::new(check, outcome, detail).saying([said])
    });
    Check { outcome, step }
}

/// ICD 203 words for how likely it is that the party violated this reading.
fn confidence(status: Status, support: &[&Report], voices: usize, deniers: usize) -> Confidence {
    let strong = support.iter().any(|r| {
        r.adequately_graded()
            && matches!(
                r.reliability,
                Some(truce_model::Reliability::A | truce_model::Reliability::B)
            )
            && matches!(
                r.credibility,
                Some(truce_model::Credibility::Confirmed | truce_model::Credibility::Probable)
            )
    });
    match status {
        Status::NotCovered | Status::OutsidePeriod | Status::Rejected => Confidence::AlmostNoChance,
        Status::Insufficient => Confidence::RoughlyEven,
        Status::Confirmed => Confidence::AlmostCertain,
        Status::Alleged => {
            if voices == 0 {
                Confidence::Unlikely
            } else if strong {
                Confidence::Likely
            } else {
                Confidence::RoughlyEven
            }
        }
        Status::Disputed => {
            if voices >= deniers + 2 {
                Confidence::Likely
            } else if voices == 0 {
                Confidence::Unlikely
            } else {
                Confidence::RoughlyEven
            }
        }
        Status::Corroborated => match (voices, strong) {
            (v, true) if v >= 4 => Confidence::AlmostCertain,
            (v, _) if v >= 3 => Confidence::VeryLikely,
            (_, true) => Confidence::VeryLikely,
            _ => Confidence::Likely,
        },
    }
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// A short stable id for a finding.
pub fn finding_id(incident: &str, commitment: &str, reading: &str, party: &str) -> String {
    let mut h = Sha256::new();
    for part in [incident, commitment, reading, party] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    crate::correlate::short_id("F-", &h.finalize())
}
