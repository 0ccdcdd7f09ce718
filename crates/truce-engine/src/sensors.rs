//! Sensor evidence: fires seen from orbit (reports whose act is `fire`, such
//! as NASA FIRMS detections) are not claims about an event, so they are not
//! correlated like reports. A fire says *something burned here, then*; it
//! corroborates a reported strike only where the strike was: at a protected
//! site the strike is linked to, shortly after it.
//!
//! After correlation, each fire detection is placed by one rule:
//!
//! 1. It *corroborates* an incident when it lies within
//!    [`SensorConfig::site_km`] plus its own pixel size of a protected site
//!    that one of the incident's located reports is linked to (the link the
//!    evaluator makes, [`SiteRegistry::link`]), and it was seen from the
//!    incident's start until [`SensorConfig::after_secs`] after its end. It
//!    then joins the incident as a member: a neutral observation by a voice
//!    of its own (the satellite's operator), so it counts towards
//!    corroboration like any independent source. Of several such incidents
//!    it joins the one that began last before it (the strike it most likely
//!    followed), ties to the smaller id.
//! 2. Otherwise, near a protected site it is a *lead*: detections at one
//!    site less than `after_secs` apart form one incident of their own (act
//!    `fire`), which the review queue lists for a monitor to look into.
//! 3. Anywhere else it belongs to no incident (fields, forests and the front
//!    burn every day); it stays in the store and on the log.
//!
//! The incidents' own time, place and kind stay those of their reports: a
//! detection never narrows or moves an incident.

use crate::CorrelateConfig;
use crate::correlate::incident_of;
use std::collections::BTreeMap;
use truce_geo::SiteRegistry;
use truce_model::{Act, Incident, Report};

/// The sensor rule's distances and window. The defaults are documented in
/// `docs/formats.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct SensorConfig {
    /// How far from a site's point a detection may be, before adding its
    /// pixel size, and still be at that site.
    pub site_km: f64,
    /// How long after a reported strike a fire still corroborates it.
    pub after_secs: i64,
    /// The pixel size assumed when a detection does not give one (km).
    pub default_pixel_km: f64,
}

impl Default for SensorConfig {
    fn default() -> Self {
        SensorConfig {
            site_km: 2.0,
            after_secs: 48 * 3600,
            default_pixel_km: 1.0,
        }
    }
}

/// Whether a report is sensor evidence rather than a claim.
pub fn is_detection(r: &Report) -> bool {
    r.act == Act::Fire
}

/// A detection's pixel size in km: the larger of FIRMS's `scan` and `track`
/// (kept with the report), or the default.
pub fn pixel_km(r: &Report, cfg: &SensorConfig) -> f64 {
    let get = |k: &str| {
        r.extra
            .iter()
            .find(|(name, _)| name == k)
            .and_then(|(_, v)| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0 && *v < 50.0)
    };
    match (get("scan"), get("track")) {
        (Some(a), Some(b)) => a.max(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => cfg.default_pixel_km,
    }
}

/// How far from a site a detection may be and still count as at it.
pub fn reach_km(r: &Report, cfg: &SensorConfig) -> f64 {
    cfg.site_km + pixel_km(r, cfg)
}

/// The protected site a detection is at: the nearest one, if it lies within
/// [`reach_km`] of it.
pub fn detection_site<'a>(
    r: &Report,
    sites: &'a SiteRegistry,
    cfg: &SensorConfig,
) -> Option<&'a str> {
    let reach = reach_km(r, cfg);
    r.location
        .and_then(|p| sites.nearest(p).filter(|(_, d)| *d <= reach))
        .map(|(site, _)| site.id.as_str())
}

/// The protected site a report (not a detection) ties its incident to, for
/// the sensor rule: the evaluator's link from its place, within its own
/// uncertainty.
pub fn linked_site(
    r: &Report,
    sites: &SiteRegistry,
    correlate: &CorrelateConfig,
) -> Option<String> {
    let p = r.location?;
    sites
        .link(p, correlate.radius(r.geo_precision), r.target_class)
        .map(|l| l.site_id)
}

/// Every site at which some detection among `reports` was seen. The sensor
/// rule changes only incidents tied to these sites, so a change elsewhere
/// can be placed without running it again.
pub fn detection_sites(
    reports: &[Report],
    sites: &SiteRegistry,
    cfg: &SensorConfig,
) -> std::collections::BTreeSet<String> {
    reports
        .iter()
        .filter(|r| is_detection(r))
        .filter_map(|r| detection_site(r, sites, cfg))
        .map(str::to_string)
        .collect()
}

/// What became of the detections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detections {
    /// Detections that joined an incident of reports.
    pub corroborating: usize,
    /// Detections in lead incidents (at a site, no report).
    pub leads: usize,
    /// Detections in no incident.
    pub elsewhere: usize,
}

/// Places every detection among `reports` (see the module documentation):
/// appends corroborating detections to their incidents and lead incidents to
/// `incidents`. `incidents` are those correlation built from the other
/// reports; `ranks` are the filing ranks, as correlation takes them.
pub fn attach(
    reports: &[Report],
    ranks: &[u64],
    incidents: &mut Vec<Incident>,
    sites: &SiteRegistry,
    correlate: &CorrelateConfig,
    cfg: &SensorConfig,
) -> Detections {
    let mut placed = Detections::default();
    // Each detection's site, if it is at one.
    let mut at_site: Vec<(usize, String)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        if !is_detection(r) {
            continue;
        }
        match detection_site(r, sites, cfg) {
            Some(site) => at_site.push((i, site.to_string())),
            None => placed.elsewhere += 1,
        }
    }
    if at_site.is_empty() {
        return placed;
    }
    // The incidents linked to each site those detections are at, with their
    // windows: found the way the evaluator links reports to sites.
    let wanted: std::collections::BTreeSet<&str> =
        at_site.iter().map(|(_, s)| s.as_str()).collect();
    let mut by_site: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, inc) in incidents.iter().enumerate() {
        let mut linked: Vec<String> = inc
            .reports
            .iter()
            .map(|&m| &reports[m])
            .filter(|r| !is_detection(r))
            .filter_map(|r| linked_site(r, sites, correlate))
            .filter(|s| wanted.contains(s.as_str()))
            .collect();
        linked.sort();
        linked.dedup();
        for s in linked {
            by_site.entry(s).or_default().push(k);
        }
    }
    let mut joins: Vec<(usize, usize)> = Vec::new();
    let mut unmatched: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, site) in at_site {
        let t = reports[d].occurred.start;
        let best = by_site.get(&site).and_then(|list| {
            list.iter()
                .copied()
                .filter(|&k| {
                    let w = incidents[k].occurred;
                    w.start <= t && t <= w.end.saturating_add(cfg.after_secs)
                })
                .max_by(|&a, &b| {
                    let (ia, ib) = (&incidents[a], &incidents[b]);
                    ia.occurred
                        .start
                        .cmp(&ib.occurred.start)
                        .then_with(|| ib.id.cmp(&ia.id))
                })
        });
        match best {
            Some(k) => joins.push((k, d)),
            None => unmatched.entry(site).or_default().push(d),
        }
    }
    placed.corroborating = joins.len();
    for (k, d) in joins {
        incidents[k].reports.push(d);
    }
    // Leads: the detections at one site, chained while less than the window
    // apart.
    for (_, mut ds) in unmatched {
        ds.sort_by_key(|&d| (reports[d].occurred.start, d));
        let mut group: Vec<usize> = Vec::new();
        let mut last = i64::MIN;
        for d in ds {
            let t = reports[d].occurred.start;
            if !group.is_empty() && t.saturating_sub(last) > cfg.after_secs {
                placed.leads += group.len();
                incidents.extend(incident_of(
                    reports,
                    ranks,
                    std::mem::take(&mut group),
                    correlate,
                ));
            }
            group.push(d);
            last = t;
        }
        if !group.is_empty() {
            placed.leads += group.len();
            incidents.extend(incident_of(reports, ranks, group, correlate));
        }
    }
    placed
}
