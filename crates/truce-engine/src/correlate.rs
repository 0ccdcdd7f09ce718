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

use crate::names::{Word, Words, name_tokens, names_agree};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use smallvec::{SmallVec, smallvec};
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

/// What the correlator keeps of a report: small, and laid out in processing
/// order so that the main loop reads memory sequentially.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Who the report is to the caller (an index into its slice).
    pub(crate) index: u32,
    pub(crate) interval: Period,
    pub(crate) point: Option<LatLon>,
    pub(crate) radius: f64,
    pub(crate) act: Act,
    pub(crate) means: Means,
    pub(crate) target: TargetClass,
    pub(crate) tokens: Words,
}

/// A target class's family as a small number, for cheap comparisons
/// (0 = unknown).
fn target_family(t: TargetClass) -> u8 {
    match t.family() {
        "energy" => 1,
        "civilian" => 2,
        "military" => 3,
        _ => 0,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Open {
    /// Intersection of the members' widened intervals.
    pub(crate) window: Period,
    pub(crate) anchor: Option<LatLon>,
    pub(crate) anchor_radius: f64,
    /// Grid the anchor is filed in (None: not located precisely enough).
    grid: Option<usize>,
    /// Bumped when the anchor moves, so stale grid entries can be skipped.
    version: u32,
    pub(crate) act: Act,
    means: Means,
    target: TargetClass,
    /// Cached [`target_family`] and [`act_group`] of the incident.
    family: u8,
    group: u8,
    pub(crate) tokens: Words,
    /// The members, as the callers' indices, in sweep order.
    pub(crate) members: SmallVec<[u32; 4]>,
    /// Located members' points and radii: a report that would become the new
    /// anchor must be within reach of every one of them, so the anchor cannot
    /// drift away from earlier members.
    points: SmallVec<[(LatLon, f64); 2]>,
    closed: bool,
    /// Known to be over before anything the sweep decides (incremental
    /// placement replays incidents whose earliest members it did not load):
    /// never a candidate.
    pub(crate) partial: bool,
}

/// Grids by anchor radius: small cells for precise anchors, larger ones for
/// near-settlement anchors, large ones for region-level anchors. Country-level
/// anchors are filed nowhere. Cell sizes keep the cells searched per report
/// to a handful at the default radii.
const GRIDS: [(f64, f64); 3] = [(0.1, 6.0), (0.5, 30.0), (3.0, 400.0)];
/// Reports less precise than this search only the region grid (and target
/// names): a report that says "Kharkiv oblast" is too vague to be attached to
/// one of the many precise events around it without a name that ties them.
const FINE_REPORT_MAX_RADIUS_KM: f64 = 30.0;
/// Grids are dense arrays over the reports' bounding box; past this many cells
/// the cells grow instead (reports spread over the whole world).
const MAX_CELLS: usize = 1 << 21;

/// A dense grid over the bounding box of the located reports.
struct Grid {
    cell: f64,
    /// Anchors up to this radius are filed here.
    max_radius: f64,
    /// The largest anchor radius filed so far (bounds the search).
    seen_radius: f64,
    lat0: f64,
    lon0: f64,
    rows: i64,
    cols: i64,
    cells: Vec<Vec<Entry>>,
}

impl Grid {
    fn new(cell: f64, max_radius: f64, bbox: (f64, f64, f64, f64)) -> Grid {
        let (lat_min, lat_max, lon_min, lon_max) = bbox;
        let mut cell = cell;
        let size = |c: f64| {
            (
                ((lat_max - lat_min) / c).floor() as i64 + 1,
                ((lon_max - lon_min) / c).floor() as i64 + 1,
            )
        };
        while {
            let (r, c) = size(cell);
            (r * c) as usize > MAX_CELLS
        } {
            cell *= 2.0;
        }
        let (rows, cols) = size(cell);
        Grid {
            cell,
            max_radius,
            seen_radius: 0.0,
            lat0: lat_min,
            lon0: lon_min,
            rows,
            cols,
            cells: (0..rows * cols).map(|_| Vec::new()).collect(),
        }
    }

    fn row(&self, lat: f64) -> i64 {
        (((lat - self.lat0) / self.cell).floor() as i64).clamp(0, self.rows - 1)
    }

    fn col(&self, lon: f64) -> i64 {
        (((lon - self.lon0) / self.cell).floor() as i64).clamp(0, self.cols - 1)
    }
}

/// How far in latitude and longitude (degrees) a point can be from one at
/// `lat` and still lie within `km` of it on the sphere `haversine_km` uses.
/// Bounds, not estimates: from the haversine formula, |Δφ| ≤ d/R and
/// sin(|Δλ|/2) ≤ sin(d/2R) / cos φ for the more poleward latitude φ.
pub fn degrees_within(lat: f64, km: f64) -> (f64, f64) {
    // 111.0 km is less than a degree of latitude (111.19 km), so this errs wide.
    let dlat = km / 111.0;
    let far = (lat.abs() + dlat).to_radians();
    if far >= std::f64::consts::FRAC_PI_2 * 0.999 {
        return (dlat, 360.0);
    }
    let s = (km / (2.0 * truce_model::EARTH_MEAN_RADIUS_KM)).sin() / far.cos();
    let dlon = if s >= 1.0 {
        360.0
    } else {
        2.0 * s.asin().to_degrees() * (1.0 + 1e-9) + 1e-9
    };
    (dlat, dlon)
}

/// A grid entry carries a copy of what rules most candidates out, so that the
/// search reads one cell's memory instead of jumping to every incident. Windows
/// only shrink and unknown acts or targets only become known, so the copy is
/// never stricter than the incident: it can only let through a candidate that
/// the full check then rejects.
#[derive(Clone, Copy)]
struct Entry {
    id: u32,
    version: u32,
    end: i64,
    lat: f32,
    radius: f32,
    group: u8,
    family: u8,
}

/// 64-bit FNV-1a of a report's key: a cheap, content-derived tie-break for
/// the processing order.
fn key_hash(source: &str, external_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes().chain([0x1f]).chain(external_id.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Where a report falls in the sweep: by event start, then end, then a hash
/// of its key, then the key itself, so that the order is total and does not
/// depend on the order reports are given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SweepKey<'a> {
    start: i64,
    end: i64,
    hash: u64,
    source: &'a str,
    external_id: &'a str,
}

impl<'a> SweepKey<'a> {
    /// Start, end, key hash, source and external id.
    pub fn parts(&self) -> (i64, i64, u64, &'a str, &'a str) {
        (
            self.start,
            self.end,
            self.hash,
            self.source,
            self.external_id,
        )
    }
}

/// A report's place in the sweep.
pub fn sweep_key(r: &Report) -> SweepKey<'_> {
    SweepKey::new(r.occurred, &r.source, &r.external_id)
}

impl<'a> SweepKey<'a> {
    /// The place in the sweep of a report with this interval and key.
    pub fn new(interval: Period, source: &'a str, external_id: &'a str) -> SweepKey<'a> {
        SweepKey {
            start: interval.start,
            end: interval.end,
            hash: key_hash(source, external_id),
            source,
            external_id,
        }
    }
}

/// Groups reports into incidents, with every report filed at the same time
/// (see [`correlate_ranked`]).
pub fn correlate(reports: &[Report], cfg: &CorrelateConfig) -> Vec<Incident> {
    correlate_ranked(reports, &[], cfg)
}

/// The filing rank of report `i` (0 when none is given).
fn rank_of(ranks: &[u64], i: usize) -> u64 {
    ranks.get(i).copied().unwrap_or(0)
}

/// Groups reports into incidents. `ranks[i]` says when report `i` was filed
/// (lower is earlier; missing ranks count as 0): an incident is named after
/// its earliest-filed member, so that it keeps its id when reports join it
/// later, even reports of earlier events. Which reports group together does
/// not depend on the ranks, and nothing depends on the order of `reports`.
pub fn correlate_ranked(reports: &[Report], ranks: &[u64], cfg: &CorrelateConfig) -> Vec<Incident> {
    // Fire detections are evidence, not claims: `sensors::attach` places them.
    let mut keys: Vec<(SweepKey<'_>, u32)> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| !crate::sensors::is_detection(r))
        .map(|(i, r)| (sweep_key(r), i as u32))
        .collect();
    keys.sort_unstable();
    let items: Vec<Item> = keys
        .iter()
        .map(|&(_, i)| item_of(&reports[i as usize], i, cfg))
        .collect();
    drop(keys);
    let mut sweep = Sweep::new(cfg, bbox_of(items.iter().filter_map(|i| i.point)));
    for item in items {
        sweep.advance(&item);
        match sweep.search(&item) {
            Some(id) => sweep.join(id, item),
            None => {
                sweep.create(item);
            }
        }
    }
    sweep
        .open
        .into_iter()
        .map(|inc| finish(reports, ranks, inc, cfg))
        .collect()
}

/// What correlation reads of report `r`, known to the caller as `index`.
pub(crate) fn item_of(r: &Report, index: u32, cfg: &CorrelateConfig) -> Item {
    Item {
        index,
        interval: r.occurred,
        point: usable_point(r),
        radius: cfg.radius(r.geo_precision),
        act: r.act,
        means: r.means,
        target: r.target_class,
        tokens: r
            .target_name
            .as_deref()
            .map(name_tokens)
            .unwrap_or_default(),
    }
}

/// The bounding box `(min lat, max lat, min lon, max lon)` of some points.
pub(crate) fn bbox_of(points: impl Iterator<Item = LatLon>) -> (f64, f64, f64, f64) {
    points
        .fold(None, |acc: Option<(f64, f64, f64, f64)>, p| {
            Some(match acc {
                None => (p.lat, p.lat, p.lon, p.lon),
                Some((a, b, c, d)) => (a.min(p.lat), b.max(p.lat), c.min(p.lon), d.max(p.lon)),
            })
        })
        .unwrap_or((0.0, 0.0, 0.0, 0.0))
}

/// The sweep's state: the incidents made so far, open or closed, and the
/// indexes that find the open ones near a report. Reports must be given in
/// sweep order ([`sweep_key`]): [`Sweep::advance`] to the report, then
/// [`Sweep::search`] for the incident it joins, then [`Sweep::join`] it or
/// [`Sweep::create`] a new one. Full correlation always takes the search's
/// answer; incremental placement may impose the answer a report had before.
pub(crate) struct Sweep<'c> {
    cfg: &'c CorrelateConfig,
    grids: [Grid; 3],
    /// Per incident, the number of the last report that considered it: dedupes
    /// candidates without sorting.
    stamp: Vec<u32>,
    /// Open incidents by distinctive target-name word. Each entry carries the
    /// incident's window end when filed (windows only shrink, so expired entries
    /// can be dropped without looking them up).
    by_token: FxHashMap<Word, Vec<(u32, i64)>>,
    /// The same for incidents that have no place (yet); few, so short lists.
    by_token_unplaced: FxHashMap<Word, Vec<(u32, i64)>>,
    /// Every incident, by the order it was made in.
    pub(crate) open: Vec<Open>,
    expiry: BinaryHeap<Reverse<(i64, u32)>>,
    candidates: Vec<u32>,
    /// The number of the report being placed (from 1).
    step: u32,
    /// Its interval, widened by the slack.
    widened: Period,
}

impl<'c> Sweep<'c> {
    /// An empty sweep whose grids cover `bbox` (points outside it fall in the
    /// border cells, which stays correct, only slower).
    pub(crate) fn new(cfg: &'c CorrelateConfig, bbox: (f64, f64, f64, f64)) -> Sweep<'c> {
        Sweep {
            cfg,
            grids: GRIDS.map(|(cell, max_radius)| Grid::new(cell, max_radius, bbox)),
            stamp: Vec::new(),
            by_token: FxHashMap::default(),
            by_token_unplaced: FxHashMap::default(),
            open: Vec::new(),
            expiry: BinaryHeap::new(),
            candidates: Vec::new(),
            step: 0,
            widened: Period { start: 0, end: 0 },
        }
    }

    /// The interval of `item` widened by the time slack.
    pub(crate) fn widened(&self, item: &Item) -> Period {
        Period {
            start: item.interval.start - self.cfg.time_slack_secs,
            end: item.interval.end + self.cfg.time_slack_secs,
        }
    }

    /// Moves the sweep to `item`: incidents that end before it can begin
    /// are closed (reports come in order of start, so nothing later can
    /// overlap them either).
    pub(crate) fn advance(&mut self, item: &Item) {
        self.step += 1;
        self.widened = self.widened(item);
        while let Some(Reverse((end, id))) = self.expiry.peek().copied() {
            if end > self.widened.start {
                break;
            }
            self.expiry.pop();
            // Windows only shrink, so the true end is at or before the queued one.
            self.open[id as usize].closed = true;
        }
    }

    /// The open incident `item` is most compatible with, if any: the lowest
    /// score, ties to the incident made first.
    pub(crate) fn search(&mut self, item: &Item) -> Option<u32> {
        let cfg = self.cfg;
        let step = self.step;
        let widened = self.widened;
        let open = &self.open;
        let stamp = &mut self.stamp;
        let candidates = &mut self.candidates;
        candidates.clear();
        let item_family = target_family(item.target);
        let item_group = act_group(item.act);
        // A report naming its target may match a named incident a little
        // further away, so it searches wider.
        let widen = if item.tokens.is_empty() {
            1.0
        } else {
            cfg.named_target_widening
        };
        if let Some(p) = item.point {
            for (gi, grid) in self.grids.iter_mut().enumerate() {
                if grid.seen_radius == 0.0
                    || (item.radius > FINE_REPORT_MAX_RADIUS_KM && gi + 1 < GRIDS.len())
                {
                    continue;
                }
                let reach = (item.radius + grid.seen_radius + cfg.distance_slack_km) * widen;
                // The cells searched hold every anchor within `reach`: the
                // candidates depend only on the report and each incident,
                // never on what else the grid holds (incremental placement
                // relies on this).
                let (dlat, dlon) = degrees_within(p.lat, reach);
                let (r0, r1) = (grid.row(p.lat - dlat), grid.row(p.lat + dlat));
                let (c0, c1) = if p.lon - dlon < -180.0 || p.lon + dlon > 180.0 {
                    (0, grid.cols - 1)
                } else {
                    (grid.col(p.lon - dlon), grid.col(p.lon + dlon))
                };
                for row in r0..=r1 {
                    for col in c0..=c1 {
                        let cell = &mut grid.cells[(row * grid.cols + col) as usize];
                        // Drop entries that ended before this report begins;
                        // pass on those the copy cannot rule out.
                        cell.retain(|e| {
                            if e.end <= widened.start {
                                return false;
                            }
                            let near = (p.lat - e.lat as f64).abs() * 110.5
                                <= (item.radius + e.radius as f64 + cfg.distance_slack_km) * widen;
                            if near
                                && (item_group == 0 || e.group == 0 || item_group == e.group)
                                && (item_family == 0 || e.family == 0 || item_family == e.family)
                            {
                                // An entry filed before the anchor last moved is
                                // stale: drop it (the incident has a newer one).
                                let inc = &open[e.id as usize];
                                if inc.version != e.version || inc.grid != Some(gi) {
                                    return false;
                                }
                                if stamp[e.id as usize] != step {
                                    stamp[e.id as usize] = step;
                                    candidates.push(e.id);
                                }
                            }
                            true
                        });
                    }
                }
            }
        }
        // A named target ties reports whatever their places: an unlocated
        // report may join any incident of that name, a located one an incident
        // that has no place yet.
        let index = if item.point.is_none() {
            &mut self.by_token
        } else {
            &mut self.by_token_unplaced
        };
        for t in &item.tokens {
            if let Some(list) = index.get_mut(t) {
                list.retain(|&(id, end)| {
                    if end <= widened.start {
                        return false;
                    }
                    if stamp[id as usize] != step {
                        stamp[id as usize] = step;
                        candidates.push(id);
                    }
                    true
                });
            }
        }

        // Choose the most compatible candidate.
        let mut best: Option<(f64, u32)> = None;
        for &id in candidates.iter() {
            let inc = &open[id as usize];
            if inc.partial {
                continue;
            }
            if let Some(score) = candidate_score(item, inc, widened, cfg)
                && best.is_none_or(|(s, b)| score < s || (score == s && id < b))
            {
                best = Some((score, id));
            }
        }
        best.map(|(_, id)| id)
    }

    /// Adds `item` to incident `id`.
    pub(crate) fn join(&mut self, id: u32, item: Item) {
        let inc = &mut self.open[id as usize];
        let fresh = inc.absorb(&item, self.widened);
        for t in fresh {
            self.by_token
                .entry(t.clone())
                .or_default()
                .push((id, inc.window.end));
            if inc.anchor.is_none() && item.point.is_none() {
                self.by_token_unplaced
                    .entry(t)
                    .or_default()
                    .push((id, inc.window.end));
            }
        }
        if inc.absorb_place(&item) {
            file(&mut self.grids, inc, id);
        }
    }

    /// Makes a new incident of `item`; returns its number.
    pub(crate) fn create(&mut self, item: Item) -> u32 {
        let id = self.open.len() as u32;
        let mut inc = Open::of(&item, self.widened);
        for t in &inc.tokens {
            self.by_token
                .entry(t.clone())
                .or_default()
                .push((id, inc.window.end));
            if inc.anchor.is_none() {
                self.by_token_unplaced
                    .entry(t.clone())
                    .or_default()
                    .push((id, inc.window.end));
            }
        }
        file(&mut self.grids, &mut inc, id);
        self.expiry.push(Reverse((inc.window.end, id)));
        self.open.push(inc);
        self.stamp.push(0);
        id
    }
}

impl Open {
    /// An incident of one report, whose interval widened is `widened`.
    pub(crate) fn of(item: &Item, widened: Period) -> Open {
        Open {
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
            family: target_family(item.target),
            group: act_group(item.act),
            members: smallvec![item.index],
            points: item.point.map(|p| (p, item.radius)).into_iter().collect(),
            tokens: item.tokens.clone(),
            closed: false,
            partial: false,
        }
    }

    /// Takes in a member's window, kind and name words (not its place: see
    /// [`Open::absorb_place`]); returns the words that are new to it.
    fn absorb(&mut self, item: &Item, widened: Period) -> Vec<Word> {
        self.members.push(item.index);
        self.window = Period {
            start: self.window.start.max(widened.start),
            end: self.window.end.min(widened.end),
        };
        if self.act == Act::Other {
            self.act = item.act;
            self.group = act_group(item.act);
        }
        if self.means == Means::Unknown {
            self.means = item.means;
        }
        if self.target == TargetClass::Unknown {
            self.target = item.target;
            self.family = target_family(item.target);
        }
        let mut fresh = Vec::new();
        for t in &item.tokens {
            if let Err(at) = self.tokens.binary_search(t) {
                self.tokens.insert(at, t.clone());
                fresh.push(t.clone());
            }
        }
        fresh
    }

    /// Takes in a member's place: the anchor moves to a more precise one.
    /// Returns whether it moved.
    fn absorb_place(&mut self, item: &Item) -> bool {
        if let Some(p) = item.point {
            self.points.push((p, item.radius));
            if self.anchor.is_none() || item.radius < self.anchor_radius {
                self.anchor = Some(p);
                self.anchor_radius = item.radius;
                self.version = self.version.wrapping_add(1);
                return true;
            }
        }
        false
    }

    /// Takes in a member wholly, outside any sweep (the state an incident
    /// had in an earlier placement, which incremental placement replays).
    pub(crate) fn absorb_all(&mut self, item: &Item, widened: Period) {
        self.absorb(item, widened);
        self.absorb_place(item);
    }

    /// Whether nothing from `from` on can join it any more.
    pub(crate) fn over_by(&self, from: i64) -> bool {
        self.window.end <= from
    }
}

/// Whether `item` could join `inc` and how well (lower is better), from the
/// two alone: the time, act group and target family checks, then
/// [`match_score`]. `widened` is the item's widened interval.
pub(crate) fn candidate_score(
    item: &Item,
    inc: &Open,
    widened: Period,
    cfg: &CorrelateConfig,
) -> Option<f64> {
    let item_family = target_family(item.target);
    let item_group = act_group(item.act);
    // Cheap integer checks first: time, act group, target family.
    if inc.closed
        || widened.end.min(inc.window.end) <= widened.start.max(inc.window.start)
        || !(item_group == 0 || inc.group == 0 || item_group == inc.group)
        || !(item_family == 0 || inc.family == 0 || item_family == inc.family)
    {
        return None;
    }
    match_score(item, inc, cfg)
}

/// Files an incident under its anchor in the right grid; an incident without a
/// usable anchor is found through its target name only.
fn file(grids: &mut [Grid; 3], inc: &mut Open, id: u32) {
    inc.grid = None;
    if let Some(p) = inc.anchor {
        for (gi, grid) in grids.iter_mut().enumerate() {
            if inc.anchor_radius <= grid.max_radius {
                grid.seen_radius = grid.seen_radius.max(inc.anchor_radius);
                let at = (grid.row(p.lat) * grid.cols + grid.col(p.lon)) as usize;
                grid.cells[at].push(Entry {
                    id,
                    version: inc.version,
                    end: inc.window.end,
                    lat: p.lat as f32,
                    // Rounded up so the copy never rules out more than the check.
                    radius: inc.anchor_radius as f32 + 0.01,
                    group: inc.group,
                    family: inc.family,
                });
                inc.grid = Some(gi);
                return;
            }
        }
    }
}

/// Lower is better; None when the report cannot belong to the incident.
/// The caller has checked time, act group and target family.
fn match_score(item: &Item, inc: &Open, cfg: &CorrelateConfig) -> Option<f64> {
    let mut score = 0.0;
    // A quick bound on the distance before the exact (and slower) one.
    if let (Some(p), Some(a)) = (item.point, inc.anchor) {
        let most =
            (item.radius + inc.anchor_radius + cfg.distance_slack_km) * cfg.named_target_widening;
        if (p.lat - a.lat).abs() * 110.5 > most {
            return None;
        }
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

/// The point correlation compares a report by: none at country precision,
/// which is too vague to tie events together by place.
pub fn usable_point(r: &Report) -> Option<LatLon> {
    r.location
        .filter(|_| r.geo_precision != GeoPrecision::Country)
}

/// Whether report `a` could ever be a candidate for an incident that holds
/// `b` (or the other way round), whatever else the incident holds: their
/// intervals, widened by the time slack, meet, and either both are placed
/// within reach of each other (with the named-target widening), or they
/// share a distinctive name word and one of them has no place. Joining an
/// incident needs this with one of its members (the anchor, or the member
/// that brought the shared word), so it bounds what a report can change.
/// `ta` and `tb` are the reports' [`name_tokens`].
pub fn interacts(
    a: &Report,
    ta: &[String],
    b: &Report,
    tb: &[String],
    cfg: &CorrelateConfig,
) -> bool {
    let s = cfg.time_slack_secs;
    if a.occurred.start - s >= b.occurred.end + s || b.occurred.start - s >= a.occurred.end + s {
        return false;
    }
    match (usable_point(a), usable_point(b)) {
        (Some(p), Some(q)) => {
            let reach =
                (cfg.radius(a.geo_precision) + cfg.radius(b.geo_precision) + cfg.distance_slack_km)
                    * cfg.named_target_widening.max(1.0);
            // A hair of tolerance so rounding never rules out a candidate.
            haversine_km(p, q) <= reach * (1.0 + 1e-9) + 1e-9
        }
        _ => ta.iter().any(|t| tb.binary_search(t).is_ok()),
    }
}

/// A short stable id from a report's key.
pub fn incident_id(source: &str, external_id: &str) -> String {
    let mut h = Sha256::new();
    h.update(source.as_bytes());
    h.update([0x1f]);
    h.update(external_id.as_bytes());
    short_id("I-", &h.finalize())
}

/// `prefix` and the first 6 bytes of a digest in hex: 48 bits keep ids short
/// for people while collisions stay negligible at millions of incidents.
pub(crate) fn short_id(prefix: &str, digest: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(prefix.len() + 12);
    s.push_str(prefix);
    for b in digest.iter().take(6) {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

fn finish(reports: &[Report], ranks: &[u64], inc: Open, cfg: &CorrelateConfig) -> Incident {
    let members: Vec<usize> = inc.members.iter().map(|&i| i as usize).collect();
    assemble(reports, ranks, members, inc.window, inc.act, cfg)
}

/// An incident made of the given members (indices into `reports`, at least
/// one), as a monitor's merge, split or correction decides. Members that
/// correlation would have grouped get exactly the incident it builds (the
/// window is where their intervals meet with the slack, as during the
/// sweep); members that do not meet even with the slack span their whole
/// time.
/// `ranks` are the filing ranks, as [`correlate_ranked`] takes them.
pub fn incident_of(
    reports: &[Report],
    ranks: &[u64],
    mut members: Vec<usize>,
    cfg: &CorrelateConfig,
) -> Option<Incident> {
    if members.is_empty() {
        return None;
    }
    // Detections among reports join the incident the reports make, without
    // changing its time, place or kind (see `sensors`).
    if members
        .iter()
        .any(|&i| crate::sensors::is_detection(&reports[i]))
        && members
            .iter()
            .any(|&i| !crate::sensors::is_detection(&reports[i]))
    {
        let (mut detections, claims): (Vec<usize>, Vec<usize>) = members
            .into_iter()
            .partition(|&i| crate::sensors::is_detection(&reports[i]));
        let mut inc = incident_of(reports, ranks, claims, cfg)?;
        detections.sort_by_key(|&d| (reports[d].occurred.start, d));
        inc.reports.extend(detections);
        return Some(inc);
    }
    // The sweep's own order: members are listed, and ties in filing rank
    // broken, as correlation does.
    members.sort_by(|&a, &b| sweep_key(&reports[a]).cmp(&sweep_key(&reports[b])));
    let slack = cfg.time_slack_secs;
    let window = Period {
        start: members
            .iter()
            .map(|&i| reports[i].occurred.start - slack)
            .max()
            .unwrap_or(0),
        end: members
            .iter()
            .map(|&i| reports[i].occurred.end + slack)
            .min()
            .unwrap_or(0),
    };
    if window.start < window.end {
        let act = members
            .iter()
            .map(|&i| reports[i].act)
            .find(|a| *a != Act::Other)
            .unwrap_or(reports[members[0]].act);
        return Some(assemble(reports, ranks, members, window, act, cfg));
    }
    let span = Period {
        start: members
            .iter()
            .map(|&i| reports[i].occurred.start)
            .min()
            .unwrap_or(0),
        end: members
            .iter()
            .map(|&i| reports[i].occurred.end)
            .max()
            .unwrap_or(0),
    };
    let act = reports[members[0]].act;
    Some(assemble(reports, ranks, members, span, act, cfg))
}

pub(crate) fn assemble(
    reports: &[Report],
    ranks: &[u64],
    members: Vec<usize>,
    window: Period,
    fallback_act: Act,
    cfg: &CorrelateConfig,
) -> Incident {
    // Named after the earliest-filed member (the first in the sweep among
    // those filed together): later reports, whatever their time, never
    // rename an incident.
    let namer = members
        .iter()
        .copied()
        .min_by_key(|&i| rank_of(ranks, i))
        .unwrap_or(members[0]);
    let first = &reports[namer];
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
        window
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
        .unwrap_or(fallback_act);
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
        country: None,
        region: None,
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
