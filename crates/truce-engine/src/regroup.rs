//! Monitors' merge and split decisions, applied on top of correlation.
//!
//! Decisions name reports by source and external id, never by incident id, so
//! they keep their meaning when a later evaluation changes which incidents
//! exist. They are applied in the order they were taken; a decision naming
//! reports that no longer exist applies to the ones that still do.

use crate::correlate::{CorrelateConfig, incident_of};
use std::collections::HashMap;
use truce_model::{Incident, Report, ReportRef};

/// One regrouping decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regroup {
    /// The incidents holding these reports are one event.
    Merge(Vec<ReportRef>),
    /// These reports are an event of their own, apart from the rest of
    /// their incidents.
    Split(Vec<ReportRef>),
}

/// Applies `decisions` to the incidents correlation produced. Incidents whose
/// membership does not change are returned as they were; changed ones are
/// rebuilt from their new members ([`incident_of`]), so their ids follow the
/// same rule as correlation's (the earliest-filed report).
pub fn regroup(
    reports: &[Report],
    ranks: &[u64],
    incidents: Vec<Incident>,
    decisions: &[Regroup],
    cfg: &CorrelateConfig,
) -> Vec<Incident> {
    if decisions.is_empty() {
        return incidents;
    }
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for d in decisions {
        let (Regroup::Merge(refs) | Regroup::Split(refs)) = d;
        for r in refs {
            index.insert((r.source.as_str(), r.external_id.as_str()), usize::MAX);
        }
    }
    for (i, r) in reports.iter().enumerate() {
        if let Some(slot) = index.get_mut(&(r.source.as_str(), r.external_id.as_str())) {
            *slot = i;
        }
    }
    let find = |r: &ReportRef| {
        index
            .get(&(r.source.as_str(), r.external_id.as_str()))
            .copied()
            .filter(|&i| i != usize::MAX)
    };
    let mut group_of = vec![usize::MAX; reports.len()];
    let mut members: Vec<Vec<usize>> = Vec::with_capacity(incidents.len());
    for (g, inc) in incidents.iter().enumerate() {
        for &r in &inc.reports {
            if let Some(slot) = group_of.get_mut(r) {
                *slot = g;
            }
        }
        members.push(inc.reports.clone());
    }
    let mut changed = vec![false; incidents.len()];
    for d in decisions {
        match d {
            Regroup::Merge(refs) => {
                let mut groups: Vec<usize> = refs
                    .iter()
                    .filter_map(find)
                    .map(|r| group_of[r])
                    .filter(|&g| g != usize::MAX)
                    .collect();
                groups.sort_unstable();
                groups.dedup();
                let Some((&into, rest)) = groups.split_first() else {
                    continue;
                };
                for &g in rest {
                    let moved = std::mem::take(&mut members[g]);
                    for &r in &moved {
                        group_of[r] = into;
                    }
                    members[into].extend(moved);
                    changed[g] = true;
                }
                if !rest.is_empty() {
                    changed[into] = true;
                }
            }
            Regroup::Split(refs) => {
                let mut picked: Vec<usize> = refs.iter().filter_map(find).collect();
                picked.sort_unstable();
                picked.dedup();
                if picked.is_empty() {
                    continue;
                }
                // Splitting off a whole incident changes nothing.
                let whole = picked.first().map(|&r| group_of[r]).is_some_and(|g| {
                    g != usize::MAX
                        && picked.iter().all(|&r| group_of[r] == g)
                        && members[g].len() == picked.len()
                });
                if whole {
                    continue;
                }
                let new = members.len();
                for &r in &picked {
                    let g = group_of[r];
                    if g != usize::MAX {
                        members[g].retain(|&x| x != r);
                        changed[g] = true;
                    }
                    group_of[r] = new;
                }
                members.push(picked);
                changed.push(true);
            }
        }
    }
    let mut out = Vec::with_capacity(members.len());
    let mut kept = incidents.into_iter();
    for (g, m) in members.into_iter().enumerate() {
        let original = kept.next();
        if !changed[g] {
            if let Some(inc) = original {
                out.push(inc);
            }
        } else if let Some(inc) = incident_of(reports, ranks, m, cfg) {
            out.push(inc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::correlate;
    use truce_ingest_free::report;

    /// Reports built without the ingest crate (the engine does not depend on it).
    mod truce_ingest_free {
        use truce_model::*;
        pub fn report(id: &str, day: i64, lat: f64, lon: f64) -> Report {
            let start = 1_742_428_800 + day * 86_400;
            Report {
                source: "test".into(),
                external_id: id.into(),
                reported_at: None,
                occurred_at: start,
                time_precision: TimePrecision::Day,
                occurred: Period {
                    start,
                    end: start + 86_400,
                },
                location: Some(LatLon::new(lat, lon)),
                place: None,
                geo_precision: GeoPrecision::Exact,
                located: Located::Given,
                act: Act::Strike,
                means: Means::MissileBallistic,
                means_text: None,
                target_class: TargetClass::Unknown,
                target_name: None,
                perpetrator: None,
                claimant: None,
                stance: Stance::Alleges,
                reliability: None,
                credibility: None,
                killed: None,
                injured: None,
                text: None,
                url: None,
                extra: Vec::new(),
            }
        }
    }

    fn key(id: &str) -> ReportRef {
        ReportRef {
            source: "test".into(),
            external_id: id.into(),
        }
    }

    fn groups(incidents: &[Incident], reports: &[Report]) -> Vec<Vec<String>> {
        let mut g: Vec<Vec<String>> = incidents
            .iter()
            .map(|i| {
                let mut v: Vec<String> = i
                    .reports
                    .iter()
                    .map(|&r| reports[r].external_id.clone())
                    .collect();
                v.sort();
                v
            })
            .collect();
        g.sort();
        g
    }

    #[test]
    fn merge_and_split_are_applied_in_order() {
        let cfg = CorrelateConfig::default();
        // a and b are one event; c is far away.
        let reports = vec![
            report("a", 0, 46.48, 30.72),
            report("b", 0, 46.481, 30.721),
            report("c", 0, 50.45, 30.52),
        ];
        let base = correlate(&reports, &cfg);
        assert_eq!(groups(&base, &reports), vec![vec!["a", "b"], vec!["c"]]);
        let merged = regroup(
            &reports,
            &[],
            base.clone(),
            &[Regroup::Merge(vec![key("a"), key("c")])],
            &cfg,
        );
        assert_eq!(groups(&merged, &reports), vec![vec!["a", "b", "c"]]);
        let split = regroup(
            &reports,
            &[],
            base.clone(),
            &[
                Regroup::Merge(vec![key("a"), key("c")]),
                Regroup::Split(vec![key("b")]),
            ],
            &cfg,
        );
        assert_eq!(groups(&split, &reports), vec![vec!["a", "c"], vec!["b"]]);
        // Ids follow the first report of each new group.
        let ids: Vec<&str> = split.iter().map(|i| i.id.as_str()).collect();
        assert!(ids.contains(&crate::incident_id("test", "b").as_str()));
        // Unknown reports and whole-incident splits change nothing.
        let same = regroup(
            &reports,
            &[],
            base.clone(),
            &[
                Regroup::Split(vec![key("c")]),
                Regroup::Merge(vec![key("zz")]),
            ],
            &cfg,
        );
        assert_eq!(same, base);
    }
}
