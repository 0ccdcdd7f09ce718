//! Correlation: grouping the reports that describe the same real event into
//! incidents.
//!
//! Each report says the event lies in a time interval (from its time precision)
//! and within a radius of a point (from its place precision). Reports are taken
//! in time order; a report joins the open incident it is most compatible with,
//! or starts a new one. An incident keeps the intersection of its members' time
//! intervals and the point of its most precise member (its *anchor*), and a new
//! report is compared with those, not with any single member: this keeps
//! incidents from chaining across a whole day of nearby strikes, which is what
//! single-linkage clustering (and DBSCAN) do on dense data.
//!
//! Incidents are indexed in a grid by anchor point, per anchor precision, and
//! closed once no later report can overlap them in time, so the cost is
//! O(n log n) for the sort plus a bounded neighbourhood search per report.

use crate::names::{name_tokens, names_agree};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use truce_geo::haversine_km;
use truce_model::{Act, GeoPrecision, Incident, LatLon, Means, Period, Report, TargetClass};

/// The correlator's windows. The defaults are documented in `docs/formats.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelateConfig {
    /// Added to both ends of every report's time interval before comparing.
    pub time_slack_secs: i64,
    /// Added to the sum of two reports' radii before comparing distances.
    pub distance_slack_km: f64,
    /// Radius in km within which an event lies, per place precision (exact,
    /// settlement, near-settlement, region, country).
    pub radius_km: [f64; 5],
    /// When both reports name the target and the names agree, distance and time
    /// windows are multiplied by this (a named facility is strong evidence).
    pub named_target_widening: f64,
}

impl Default for CorrelateConfig {
    fn default() -> Self {
        CorrelateConfig {
            time_slack_secs: 3600,
            distance_slack_km: 2.0,
            radius_km: [
                GeoPrecision::Exact.radius_km(),
                GeoPrecision::Settlement.radius_km(),
                GeoPrecision::NearSettlement.radius_km(),
                GeoPrecision::Region.radius_km(),
                GeoPrecision::Country.radius_km(),
            ],
            named_target_widening: 1.5,
        }
    }
}

impl CorrelateConfig {
    pub fn radius(&self, p: GeoPrecision) -> f64 {
        self.radius_km[precision_index(p)]
    }
}

fn precision_index(p: GeoPrecision) -> usize {
    match p {
        GeoPrecision::Exact => 0,
        GeoPrecision::Settlement => 1,
        GeoPrecision::NearSettlement => 2,
        GeoPrecision::Region => 3,
        GeoPrecision::Country => 4,
    }
}

/// Which acts can describe the same event. Interceptions and launches are
/// events of their own; the destructive acts may be described differently by
/// each side (one says shelling, the other sabotage).
fn act_group(a: Act) -> u8 {
    match a {
        Act::Interception => 1,
        Act::Launch => 2,
        Act::Other => 0,
        _ => 3,
    }
}

fn acts_compatible(a: Act, b: Act) -> bool {
    let (x, y) = (act_group(a), act_group(b));
    x == 0 || y == 0 || x == y
}

fn targets_compatible(a: TargetClass, b: TargetClass) -> bool {
    a == TargetClass::Unknown || b == TargetClass::Unknown || a.family() == b.family()
}

/// What the correlator keeps of a report.
struct Item {
    interval: Period,
    point: Option<LatLon>,
    radius: f64,
    act: Act,
    means: Means,
    target: TargetClass,
    tokens: Vec<String>,
}

struct Open {
    /// Intersection of the members' widened intervals.
    window: Period,
    anchor: Option<LatLon>,
    anchor_radius: f64,
    /// Grid the anchor is filed in (None: not located precisely enough).
    grid: Option<usize>,
    /// Bumped when the anchor moves, so stale grid entries can be skipped.
    version: u32,
    act: Act,
    means: Means,
    target: TargetClass,
    tokens: Vec<String>,
    members: Vec<u32>,
    /// Located members' points and radii: a report that would become the new
    /// anchor must be within reach of every one of them, so the anchor cannot
    /// drift away from earlier members.
    points: Vec<(LatLon, f64)>,
    closed: bool,
}

/// Grids by anchor radius: fine cells for precise anchors, coarse cells for
/// region-level ones. Country-level anchors are filed nowhere.
const GRID_CELL_DEG: [f64; 2] = [0.25, 2.0];
/// Anchors with a radius above this go to the coarse grid.
const FINE_MAX_RADIUS_KM: f64 = 30.0;
/// Anchors coarser than this are not filed in a grid.
const GRID_MAX_RADIUS_KM: f64 = 400.0;

struct Grid {
    cell: f64,
    max_radius: f64,
    cells: FxHashMap<(i32, i32), Vec<(u32, u32)>>,
}

impl Grid {
    fn key(&self, p: LatLon) -> (i32, i32) {
        (
            (p.lat / self.cell).floor() as i32,
            (p.lon / self.cell).floor() as i32,
        )
    }
}

/// Groups reports into incidents. The result is deterministic: it depends only
/// on the reports and the configuration, not on their order in `reports`.
pub fn correlate(reports: &[Report], cfg: &CorrelateConfig) -> Vec<Incident> {
    let mut order: Vec<u32> = (0..reports.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ra, rb) = (&reports[a as usize], &reports[b as usize]);
        ra.occurred
            .start
            .cmp(&rb.occurred.start)
            .then(ra.occurred.end.cmp(&rb.occurred.end))
            .then_with(|| ra.source.cmp(&rb.source))
            .then_with(|| ra.external_id.cmp(&rb.external_id))
    });

    let mut grids = [
        Grid {
            cell: GRID_CELL_DEG[0],
            max_radius: FINE_MAX_RADIUS_KM,
            cells: FxHashMap::default(),
        },
        Grid {
            cell: GRID_CELL_DEG[1],
            max_radius: GRID_MAX_RADIUS_KM,
            cells: FxHashMap::default(),
        },
    ];
    // Open incidents by distinctive target-name word.
    let mut by_token: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut open: Vec<Open> = Vec::new();
    let mut expiry: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
    let mut candidates: Vec<u32> = Vec::new();
    let slack = cfg.time_slack_secs;

    for &ri in &order {
        let r = &reports[ri as usize];
        let item = Item {
            interval: r.occurred,
            point: r
                .location
                .filter(|_| r.geo_precision != GeoPrecision::Country),
            radius: cfg.radius(r.geo_precision),
            act: r.act,
            means: r.means,
            target: r.target_class,
            tokens: r
                .target_name
                .as_deref()
                .map(name_tokens)
                .unwrap_or_default(),
        };
        let widened = Period {
            start: item.interval.start - slack,
            end: item.interval.end + slack,
        };

        // Close incidents that end before this report can begin: reports come in
        // order of start, so nothing later can overlap them either.
        while let Some(Reverse((end, id))) = expiry.peek().copied() {
            if end > widened.start {
                break;
            }
            expiry.pop();
            // Windows only shrink, so the true end is at or before the queued one.
            open[id as usize].closed = true;
        }

        // Gather candidates near the report.
        candidates.clear();
        if let Some(p) = item.point {
            for (gi, grid) in grids.iter_mut().enumerate() {
                let reach = (item.radius + grid.max_radius + cfg.distance_slack_km)
                    * cfg.named_target_widening;
                let dlat = reach / 111.0;
                let coslat = p.lat.to_radians().cos().max(0.05);
                let dlon = reach / (111.0 * coslat);
                let (la0, lo0) = grid.key(LatLon::new(p.lat - dlat, p.lon - dlon));
                let (la1, lo1) = grid.key(LatLon::new(p.lat + dlat, p.lon + dlon));
                for la in la0..=la1 {
                    for lo in lo0..=lo1 {
                        if let Some(cell) = grid.cells.get_mut(&(la, lo)) {
                            // Drop entries of closed or moved incidents as we go.
                            cell.retain(|&(id, ver)| {
                                let inc = &open[id as usize];
                                !inc.closed && inc.version == ver && inc.grid == Some(gi)
                            });
                            candidates.extend(cell.iter().map(|&(id, _)| id));
                        }
                    }
                }
            }
        }
        // A named target can tie reports whatever their places.
        for t in &item.tokens {
            if let Some(list) = by_token.get_mut(t) {
                list.retain(|&id| !open[id as usize].closed);
                candidates.extend(list.iter().copied());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();

        // Choose the most compatible candidate.
        let mut best: Option<(f64, u32)> = None;
        for &id in &candidates {
            let inc = &open[id as usize];
            if let Some(score) = match_score(&item, &widened, inc, cfg)
                && best.is_none_or(|(s, b)| score < s || (score == s && id < b))
            {
                best = Some((score, id));
            }
        }

        match best {
            Some((_, id)) => {
                let inc = &mut open[id as usize];
                inc.members.push(ri);
                inc.window = Period {
                    start: inc.window.start.max(widened.start),
                    end: inc.window.end.min(widened.end),
                };
                if inc.act == Act::Other {
                    inc.act = item.act;
                }
                if inc.means == Means::Unknown {
                    inc.means = item.means;
                }
                if inc.target == TargetClass::Unknown {
                    inc.target = item.target;
                }
                for t in &item.tokens {
                    if let Err(at) = inc.tokens.binary_search(t) {
                        inc.tokens.insert(at, t.clone());
                        by_token.entry(t.clone()).or_default().push(id);
                    }
                }
                if let Some(p) = item.point {
                    inc.points.push((p, item.radius));
                    if inc.anchor.is_none() || item.radius < inc.anchor_radius {
                        inc.anchor = Some(p);
                        inc.anchor_radius = item.radius;
                        inc.version += 1;
                        file(&mut grids, inc, id);
                    }
                }
            }
            None => {
                let id = open.len() as u32;
                let mut inc = Open {
                    window: widened,
                    anchor: item.point,
                    anchor_radius: if item.point.is_some() {
                        item.radius
                    } else {
                        f64::INFINITY
                    },
                    grid: None,
                    version: 0,
                    act: item.act,
                    means: item.means,
                    target: item.target,
                    tokens: item.tokens,
                    members: vec![ri],
                    points: item.point.map(|p| (p, item.radius)).into_iter().collect(),
                    closed: false,
                };
                for t in &inc.tokens {
                    by_token.entry(t.clone()).or_default().push(id);
                }
                file(&mut grids, &mut inc, id);
                expiry.push(Reverse((inc.window.end, id)));
                open.push(inc);
            }
        }
    }

    open.into_iter()
        .map(|inc| finish(reports, inc, cfg))
        .collect()
}

/// Files an incident under its anchor in the right grid; an incident without a
/// usable anchor is found through its target name only.
fn file(grids: &mut [Grid; 2], inc: &mut Open, id: u32) {
    inc.grid = None;
    if let Some(p) = inc.anchor {
        for (gi, grid) in grids.iter_mut().enumerate() {
            if inc.anchor_radius <= grid.max_radius {
                let key = grid.key(p);
                grid.cells.entry(key).or_default().push((id, inc.version));
                inc.grid = Some(gi);
                return;
            }
        }
    }
}

/// Lower is better; None when the report cannot belong to the incident.
fn match_score(item: &Item, widened: &Period, inc: &Open, cfg: &CorrelateConfig) -> Option<f64> {
    if inc.closed {
        return None;
    }
    if !acts_compatible(item.act, inc.act) || !targets_compatible(item.target, inc.target) {
        return None;
    }
    let names = names_agree(&item.tokens, &inc.tokens);
    if names == Some(false) {
        return None;
    }
    let widen = if names == Some(true) {
        cfg.named_target_widening
    } else {
        1.0
    };
    // Time: the report's widened interval must meet the incident's window.
    let overlap = widened.end.min(inc.window.end) - widened.start.max(inc.window.start);
    if overlap <= 0 {
        return None;
    }
    let mut score = 0.0;
    match (item.point, inc.anchor) {
        (Some(p), Some(a)) => {
            let allowed = (item.radius + inc.anchor_radius + cfg.distance_slack_km) * widen;
            let d = haversine_km(p, a);
            if d > allowed {
                return None;
            }
            score += d / allowed;
            if item.radius < inc.anchor_radius {
                // This report would become the anchor: every located member must
                // be within reach of it too.
                let fits = inc.points.iter().all(|&(q, rq)| {
                    haversine_km(p, q) <= (item.radius + rq + cfg.distance_slack_km) * widen
                });
                if !fits {
                    return None;
                }
            }
        }
        // Without a usable place on one side, only a named target can tie them.
        _ => {
            if names != Some(true) {
                return None;
            }
            score += 1.0;
        }
    }
    if names == Some(true) {
        score -= 1.0;
    }
    if item.act != inc.act && item.act != Act::Other && inc.act != Act::Other {
        score += 0.25;
    }
    if item.means != inc.means && item.means != Means::Unknown && inc.means != Means::Unknown {
        score += if item.means.family() == inc.means.family() {
            0.1
        } else {
            0.5
        };
    }
    Some(score)
}

/// A short stable id from a report's key.
pub fn incident_id(source: &str, external_id: &str) -> String {
    let mut h = Sha256::new();
    h.update(source.as_bytes());
    h.update([0x1f]);
    h.update(external_id.as_bytes());
    let d = h.finalize();
    let mut s = String::with_capacity(14);
    s.push_str("I-");
    for b in &d[..6] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn finish(reports: &[Report], inc: Open, cfg: &CorrelateConfig) -> Incident {
    let members: Vec<usize> = inc.members.iter().map(|&i| i as usize).collect();
    let first = &reports[members[0]];
    // The event's interval: where the members' own intervals all meet; if they
    // only meet thanks to the slack, the window with slack.
    let start = members
        .iter()
        .map(|&i| reports[i].occurred.start)
        .max()
        .unwrap_or(0);
    let end = members
        .iter()
        .map(|&i| reports[i].occurred.end)
        .min()
        .unwrap_or(0);
    let occurred = if start < end {
        Period { start, end }
    } else {
        inc.window
    };
    // The anchor: the most precise located member (first in time on ties).
    let anchor = members
        .iter()
        .map(|&i| &reports[i])
        .filter(|r| r.location.is_some())
        .min_by(|a, b| {
            cfg.radius(a.geo_precision)
                .total_cmp(&cfg.radius(b.geo_precision))
        });
    let most_common = |f: &dyn Fn(&Report) -> Option<u8>| -> Option<u8> {
        let mut counts = [0u32; 64];
        for &i in &members {
            if let Some(v) = f(&reports[i]) {
                counts[v as usize % 64] += 1;
            }
        }
        let (best, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, n)| (**n, Reverse(*i)))?;
        (*n > 0).then_some(best as u8)
    };
    let act = most_common(&|r| (r.act != Act::Other).then(|| act_index(r.act)))
        .map(|i| Act::ALL[i as usize])
        .unwrap_or(inc.act);
    let means = most_common(&|r| (r.means != Means::Unknown).then(|| means_index(r.means)))
        .map(|i| Means::ALL[i as usize])
        .unwrap_or(Means::Unknown);
    let target_class = most_common(&|r| {
        (r.target_class != TargetClass::Unknown).then(|| target_index(r.target_class))
    })
    .map(|i| TargetClass::ALL[i as usize])
    .unwrap_or(TargetClass::Unknown);
    Incident {
        id: incident_id(&first.source, &first.external_id),
        reports: members.clone(),
        occurred,
        location: anchor.and_then(|r| r.location),
        geo_precision: anchor
            .map(|r| r.geo_precision)
            .unwrap_or(GeoPrecision::Country),
        place: anchor
            .and_then(|r| r.place.clone())
            .or_else(|| members.iter().find_map(|&i| reports[i].place.clone())),
        act,
        means,
        target_class,
        target_name: members.iter().find_map(|&i| reports[i].target_name.clone()),
    }
}

fn act_index(a: Act) -> u8 {
    Act::ALL.iter().position(|x| *x == a).unwrap_or(0) as u8
}
fn means_index(m: Means) -> u8 {
    Means::ALL.iter().position(|x| *x == m).unwrap_or(0) as u8
}
fn target_index(t: TargetClass) -> u8 {
    TargetClass::ALL.iter().position(|x| *x == t).unwrap_or(0) as u8
}
