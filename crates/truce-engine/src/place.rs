//! Incremental placement: new, changed and removed reports are placed into
//! the incidents correlation already made, touching only what they change.
//! The result is exactly what correlating every report again would give;
//! `tests/place.rs` holds it to that on random reports arriving in random
//! batches.
//!
//! # How
//!
//! Correlation is a sweep in a fixed order ([`sweep_key`]): each report
//! joins the open incident it matches best, as that incident's members so
//! far make it, or starts a new one. Placement *replays* that sweep over the
//! stretch of time a batch concerns, from the placement index (compact
//! [`Record`]s by time, with each report's group from the last run):
//!
//! - a stored report whose choice cannot have changed is not asked again:
//!   it *keeps* its group (joins the incident it joined before, with no
//!   search);
//! - a report of the batch, and a stored report that some *dirty* incident
//!   could be a candidate for, is *decided* as the full sweep decides it.
//!
//! An incident is dirty from the moment its members differ from the last
//! run's: a report of the batch joined it, a report left it for another, or
//! a report of it changed or went away. A stored report is decided when a
//! dirty incident, as it is now, could be a candidate of it (the same checks
//! as the sweep's, from the report and the incident alone), or when it was
//! a member of a dirty incident in the last run. Any other report sees the
//! incidents it saw in the last run, in the states it saw them, except
//! dirty ones it did not join then: those are gone or changed, and a
//! candidate that was not chosen, taken away, changes no choice (the best
//! of the rest is the same); what they are now is watched. So it makes the
//! same choice, which is why keeping it is exact. A report decided
//! differently makes both incidents it concerns dirty, so a change travels
//! as far as it really goes, and no further. A dirty incident's state in the
//! last run (replayed from its members: its *shadow*) tells only until when
//! its members can come.
//!
//! The replay starts [`SHORT_MAX_SECS`] plus twice the time slack before the
//! earliest report of the batch (its new or its placed interval), so that
//! every incident a decided report can join is replayed from its first
//! member: an incident's members all overlap its window, so its short
//! members start after that point and its long ones at most
//! [`LONG_MAX_SECS`] earlier, and those chunks are read. An incident the
//! replay meets part of (its group's earliest short or long member lies
//! before what was read: [`Record::group_short_start`]) provably ends before
//! anything is decided, and is never offered as a candidate. The replay
//! stops when every report of the batch has been swept and no dirty
//! incident is still open: from there on every report sees what it saw
//! before. It also stops earlier when no stored report further on, up to
//! the last one a dirty incident still open could take, would be decided
//! ([`look_ahead`]): dirty incidents change only through such reports, so
//! every later report keeps its group and changes nothing returned. When
//! the only dirty incidents still open are shadows, which take nothing,
//! that report is a later member of a dirty group: the store's groups say
//! where ([`next_member_bucket`]), and the short chunks wholly idle before
//! it are not read ([`mark_skipped`]).
//!
//! Then the monitors' merges and splits are applied again to the incidents
//! that changed and to any a decision links them to, so that the result
//! also equals a full run's after regrouping; and the chunks holding records
//! that changed are re-encoded for the store.

use crate::correlate::{
    CorrelateConfig, Item, Open, Sweep, SweepKey, bbox_of, candidate_score, degrees_within,
    incident_of,
};
use crate::index::{
    ChunkError, ChunkKey, LONG_MAX_SECS, Record, SHORT_MAX_SECS, SpanClass, bucket_of,
    encode_chunk, set_group_starts,
};
use crate::regroup::{Regroup, regroup};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use truce_model::{GeoPrecision, Incident, Period, Report, ReportRef};

/// A placed report, read back whole (for rebuilding incidents).
#[derive(Debug, Clone)]
pub struct Known {
    /// Its id in the store. Ids are given in filing order, so they are also
    /// the filing ranks incidents are named by.
    pub id: i64,
    /// The report as correlation saw it (with the monitors' corrections).
    pub report: Report,
    /// Its correlation group (before merges and splits): the id of the
    /// group's first report in the sweep.
    pub group: i64,
}

/// What placement reads from a store.
pub trait PlacedIndex {
    type Error: From<ChunkError>;
    /// The records of `class` in buckets `from..=to`, by chunk. Chunks are
    /// given whole.
    fn chunks(
        &mut self,
        class: SpanClass,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, Vec<Record>)>, Self::Error>;
    /// The last bucket of any chunk, if there is one.
    fn last_bucket(&mut self) -> Result<Option<i64>, Self::Error>;
    /// Placed reports by id, as placed (lean, with the monitors'
    /// corrections). Ids that are not placed are left out.
    fn reports(&mut self, ids: &[i64]) -> Result<Vec<(i64, Report)>, Self::Error>;
    /// Every placed report of these groups.
    fn members(&mut self, groups: &[i64]) -> Result<Vec<Known>, Self::Error>;
    /// The placed reports with these keys: key, id and group.
    fn named(&mut self, refs: &[ReportRef]) -> Result<Vec<(ReportRef, i64, i64)>, Self::Error>;
}

/// One report of the batch.
#[derive(Debug, Clone)]
pub struct Change {
    pub id: i64,
    /// The report as it is now (with the monitors' corrections); None when
    /// it is gone.
    pub now: Option<Report>,
    /// The interval of the version last placed; None when it never was.
    pub placed: Option<Period>,
}

/// What a batch changed: every report whose incident may differ, and the
/// incidents they now make. The store replaces the incidents that held
/// these reports with `incidents`, and the chunks of the index in `chunks`;
/// nothing else changes.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    pub ids: Vec<i64>,
    /// The reports as they are now (`incidents` index this list).
    pub reports: Vec<Report>,
    /// Each report's correlation group (the id of its first report in the
    /// sweep).
    pub groups: Vec<i64>,
    /// After the monitors' merges and splits; named by the earliest-filed
    /// report, so an incident keeps its id when reports join it.
    pub incidents: Vec<Incident>,
    /// Reports of the batch that are gone.
    pub removed: Vec<i64>,
    /// Chunks of the index to write (None: the chunk is now empty).
    pub chunks: Vec<(ChunkKey, Option<Vec<u8>>)>,
    pub stats: PlaceStats,
}

/// How much work a placement took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceStats {
    /// Times chunks were read.
    pub rounds: u32,
    /// Records read from the index.
    pub loaded: usize,
    /// Reports the replay decided (the rest kept their groups).
    pub decided: usize,
    /// Reports whose incident was rebuilt.
    pub affected: usize,
}

/// What an entry of the replay is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A placed report the batch does not change.
    Stored,
    /// A report of the batch, as it is now.
    New,
    /// A report of the batch, as it was placed: it leaves its group.
    Ghost,
}

/// A dirty incident: of the run being made (by its number in the sweep), or
/// of the last run (by its group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dirty {
    Now(u32),
    Before(i64),
}

/// Grid cell size (degrees) of the map of where dirty incidents may draw
/// reports.
const COVER_DEG: f64 = 0.5;

/// The radius (km) of the least precise report that searches the fine
/// grids: reports up to it are checked against the fine cover.
const FINE_REPORT_KM: f64 = 30.0;

/// Where dirty incidents may have candidates: by cell, for fine and coarse
/// reports, and by name word.
#[derive(Default)]
struct Cover {
    fine: FxHashMap<(i32, i32), Vec<Dirty>>,
    coarse: FxHashMap<(i32, i32), Vec<Dirty>>,
    words: FxHashMap<crate::names::Word, Vec<Dirty>>,
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / COVER_DEG).floor() as i32,
        (lon / COVER_DEG).floor() as i32,
    )
}

impl Cover {
    /// Notes where `state` may draw candidates from: around its anchor (for
    /// the widest report of each kind, named), and by its words.
    fn register(&mut self, d: Dirty, state: &Open, cfg: &CorrelateConfig) {
        if let Some(a) = state.anchor {
            let coarse_km = cfg.radius(GeoPrecision::Region).max(FINE_REPORT_KM);
            for (map, item_km) in [
                (&mut self.fine, FINE_REPORT_KM),
                (&mut self.coarse, coarse_km),
            ] {
                let reach = (item_km + state.anchor_radius + cfg.distance_slack_km)
                    * cfg.named_target_widening.max(1.0);
                let (dlat, dlon) = degrees_within(a.lat, reach);
                let (r0, c0) = cell(a.lat - dlat, a.lon - dlon.min(180.0));
                let (r1, c1) = cell(a.lat + dlat, a.lon + dlon.min(180.0));
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        // Longitudes past ±180 wrap onto the other side.
                        let cc = wrap_col(c);
                        map.entry((r, cc)).or_default().push(d);
                    }
                }
            }
        }
        for t in &state.tokens {
            self.words.entry(t.clone()).or_default().push(d);
        }
    }
}

/// A cover column wrapped into -180..180 degrees.
fn wrap_col(c: i32) -> i32 {
    let n = (360.0 / COVER_DEG) as i32;
    let half = n / 2;
    (c + half).rem_euclid(n) - half
}

/// The replay of a stretch of the sweep.
struct Replay<'a, 'c> {
    cfg: &'c CorrelateConfig,
    sweep: Sweep<'c>,
    /// Every record read, and the batch's reports as records; `roles`
    /// beside it. Sweep items are numbered by their place here.
    recs: Vec<Record>,
    roles: Vec<Role>,
    /// The batch by id.
    changes: &'a FxHashMap<i64, &'a Change>,
    /// Identity of each incident of the run being made: the id of its
    /// first report; and the other way round.
    ident: Vec<i64>,
    by_ident: FxHashMap<i64, u32>,
    /// The members of each group of the last run swept so far.
    old_members: FxHashMap<i64, Vec<u32>>,
    dirty_now: FxHashSet<u32>,
    dirty_before: FxHashMap<i64, Open>,
    cover: Cover,
    /// Dirty incidents that may still be open.
    active: Vec<Dirty>,
    /// No dirty incident in `active` ends before this (windows only shrink,
    /// so this may come late, never early): until then none need be checked.
    active_until: i64,
    /// Reports of the batch (new and as placed) not swept yet.
    waiting: usize,
    /// Replayed incidents whose earlier members were not read start before
    /// this (see the module documentation).
    short_from: i64,
    long_from: i64,
    /// Stored reports that end before this are *idle*: nothing is decided
    /// before the batch's earliest start, and an incident that can still be
    /// a candidate then has a window that every member's widened interval
    /// holds, so none of them ends this early. They are neither swept nor
    /// kept, and an incident of their groups (`idle_groups`) is over before
    /// anything is decided: never a candidate, as a partial one. After the
    /// batch, the same holds with the first bucket the look-ahead finds for
    /// the batch's earliest start (records read between are mostly idle).
    idle_before: i64,
    idle_groups: FxHashSet<i64>,
    /// Idle records are not kept (most of what a long replay reads is
    /// idle): how many there were, and the chunks they were in, which are
    /// read again if they must be rewritten (their idle records unchanged).
    idle: usize,
    idle_chunks: FxHashSet<ChunkKey>,
    decided: usize,
}

impl Replay<'_, '_> {
    fn widened(&self, item: &Item) -> Period {
        self.sweep.widened(item)
    }

    /// Whether some dirty incident, as it is now, could be a candidate of
    /// `item` (shadows are not in the cover: see the module documentation).
    fn near_dirty(&mut self, item: &Item) -> bool {
        if self.active.is_empty() {
            return false;
        }
        self.prune_cover(item);
        self.could_take(item)
    }

    /// Drops from the cover lists `item` looks in the incidents over for it.
    /// Windows only shrink and reports come in time order: an incident over
    /// for this report is over for every later one.
    fn prune_cover(&mut self, item: &Item) {
        let start = self.widened(item).start;
        let sweep = &self.sweep;
        let before = &self.dirty_before;
        let over = |d: &Dirty| match d {
            Dirty::Now(i) => sweep.open[*i as usize].over_by(start),
            Dirty::Before(g) => before.get(g).is_none_or(|inc| inc.over_by(start)),
        };
        if let Some(p) = item.point {
            let map = if item.radius <= FINE_REPORT_KM {
                &mut self.cover.fine
            } else {
                &mut self.cover.coarse
            };
            if let Some(list) = map.get_mut(&cell(p.lat, p.lon)) {
                list.retain(|d| !over(d));
            }
        }
        for t in &item.tokens {
            if let Some(list) = self.cover.words.get_mut(t) {
                list.retain(|d| !over(d));
            }
        }
    }

    /// Whether a dirty incident in the cover, as it is now, could be a
    /// candidate of `item`.
    fn could_take(&self, item: &Item) -> bool {
        let w = self.widened(item);
        let check = |d: &Dirty| match d {
            Dirty::Now(i) => {
                let inc = &self.sweep.open[*i as usize];
                !inc.partial && candidate_score(item, inc, w, self.cfg).is_some()
            }
            // Shadows are never in the cover.
            Dirty::Before(_) => false,
        };
        if let Some(p) = item.point {
            let map = if item.radius <= FINE_REPORT_KM {
                &self.cover.fine
            } else {
                &self.cover.coarse
            };
            if map
                .get(&cell(p.lat, p.lon))
                .is_some_and(|list| list.iter().any(check))
            {
                return true;
            }
        }
        item.tokens.iter().any(|t| {
            self.cover
                .words
                .get(t)
                .is_some_and(|list| list.iter().any(check))
        })
    }

    /// Whether sweeping stored record `rec` now could change anything: it
    /// is of the batch or of a dirty group, or a dirty incident could take
    /// it ([`Replay::could_take`]).
    fn touches_dirty(&self, rec: &Record) -> bool {
        if self.changes.contains_key(&rec.id)
            || self.dirty_before.contains_key(&rec.group)
            || self
                .by_ident
                .get(&rec.group)
                .is_some_and(|i| self.dirty_now.contains(i))
        {
            return true;
        }
        !self.active.is_empty() && self.could_take(&rec.item(0, self.cfg))
    }

    /// The last bucket whose reports a dirty incident still open could
    /// take (as [`Replay::open_after`] tells, bucket by bucket).
    fn last_open_bucket(&self) -> i64 {
        let end = |d: &Dirty| window_end(&self.sweep, &self.dirty_before, d);
        let last = self.active.iter().map(end).max().unwrap_or(i64::MIN);
        last.saturating_add(self.cfg.time_slack_secs - 1)
            .div_euclid(crate::index::BUCKET_SECS)
    }

    /// Whether every dirty incident still open for reports of bucket `b`
    /// and later is a shadow (as [`Replay::open_after`] tells which are
    /// open).
    fn only_shadows_open(&self, b: i64) -> bool {
        let from = b * crate::index::BUCKET_SECS - self.cfg.time_slack_secs;
        self.active.iter().all(|d| match d {
            Dirty::Before(_) => true,
            Dirty::Now(_) => window_end(&self.sweep, &self.dirty_before, d) <= from,
        })
    }

    /// Makes incident `i` of the run being made dirty, and with it the group
    /// of the last run it continues (whose later members must be asked).
    fn mark_now(&mut self, i: u32) {
        if self.dirty_now.insert(i) {
            let d = Dirty::Now(i);
            self.cover
                .register(d, &self.sweep.open[i as usize], self.cfg);
            self.active.push(d);
            self.active_until = self
                .active_until
                .min(self.sweep.open[i as usize].window.end);
            let g = self.ident[i as usize];
            self.mark_before(g);
        }
    }

    /// Makes group `g` of the last run dirty: its shadow is replayed from
    /// its members swept so far; and the incident continuing it now, whose
    /// members differ from then.
    fn mark_before(&mut self, g: i64) {
        if self.dirty_before.contains_key(&g) {
            return;
        }
        let Some(members) = self.old_members.get(&g) else {
            return;
        };
        let mut shadow: Option<Open> = None;
        for &k in members {
            let item = self.recs[k as usize].item(k, self.cfg);
            let w = self.widened(&item);
            match &mut shadow {
                None => shadow = Some(Open::of(&item, w)),
                Some(s) => s.absorb_all(&item, w),
            }
        }
        if let Some(s) = shadow {
            let d = Dirty::Before(g);
            self.active_until = self.active_until.min(s.window.end);
            self.dirty_before.insert(g, s);
            self.active.push(d);
        }
        if let Some(&i) = self.by_ident.get(&g) {
            self.mark_now(i);
        }
    }

    /// Notes that report `k` of group `g` of the last run was swept; a dirty
    /// group's shadow takes it in.
    fn sweep_old_member(&mut self, k: u32, g: i64) {
        self.old_members.entry(g).or_default().push(k);
        if let Some(s) = self.dirty_before.get_mut(&g) {
            let item = self.recs[k as usize].item(k, self.cfg);
            let w = self.sweep.widened(&item);
            s.absorb_all(&item, w);
        }
    }

    /// Joins `item` to incident `i` (keeping a dirty one's cover current).
    fn join(&mut self, i: u32, item: Item) {
        let (anchor, words) = {
            let inc = &self.sweep.open[i as usize];
            (inc.anchor, inc.tokens.len())
        };
        self.sweep.join(i, item);
        if self.dirty_now.contains(&i) {
            let inc = &self.sweep.open[i as usize];
            if inc.anchor != anchor || inc.tokens.len() != words {
                let inc = inc.clone();
                self.cover.register(Dirty::Now(i), &inc, self.cfg);
            }
        }
    }

    fn create(&mut self, item: Item, ident: i64) -> u32 {
        let i = self.sweep.create(item);
        self.ident.push(ident);
        self.by_ident.insert(ident, i);
        i
    }

    /// Decides entry `k` as the full sweep would; returns the incident it
    /// is in now.
    fn decide(&mut self, k: u32, item: Item) -> u32 {
        self.decided += 1;
        match self.sweep.search(&item) {
            Some(i) => {
                self.join(i, item);
                i
            }
            None => self.create(item, self.recs[k as usize].id),
        }
    }

    /// Sweeps entry `k`.
    fn step(&mut self, k: u32) {
        let role = self.roles[k as usize];
        let item = self.recs[k as usize].item(k, self.cfg);
        self.sweep.advance(&item);
        let (id, g) = (self.recs[k as usize].id, self.recs[k as usize].group);
        match role {
            Role::Ghost => {
                self.waiting -= 1;
                self.sweep_old_member(k, g);
                self.mark_before(g);
            }
            Role::New => {
                self.waiting -= 1;
                let i = self.decide(k, item);
                self.mark_now(i);
            }
            Role::Stored => {
                let ask = self.dirty_before.contains_key(&g) || self.near_dirty(&item);
                self.sweep_old_member(k, g);
                if ask {
                    let i = self.decide(k, item);
                    if self.ident[i as usize] != g {
                        self.mark_now(i);
                        self.mark_before(g);
                    }
                } else if id == g {
                    let rec = &self.recs[k as usize];
                    let partial = rec.group_short_start < self.short_from
                        || rec.group_long_start < self.long_from
                        || self.idle_groups.contains(&g);
                    let i = self.create(item, id);
                    self.sweep.open[i as usize].partial = partial;
                } else {
                    match self.by_ident.get(&g) {
                        Some(&i) => self.join(i, item),
                        None => {
                            // Its group began before what was read: it is
                            // over before anything is decided.
                            let i = self.create(item, g);
                            self.sweep.open[i as usize].partial = true;
                        }
                    }
                }
            }
        }
    }

    /// Whether the replay may stop before entry `k`: the batch is swept and
    /// no dirty incident can take anything from `k` on.
    fn done_before(&mut self, k: u32) -> bool {
        if self.waiting > 0 {
            return false;
        }
        let start = self.recs[k as usize].interval.start - self.cfg.time_slack_secs;
        !self.still_open(start)
    }

    /// Whether reports of bucket `b` and later could still be taken by a
    /// dirty incident, or the batch is not swept yet.
    fn open_after(&mut self, b: i64) -> bool {
        self.waiting > 0
            || self.still_open(b * crate::index::BUCKET_SECS - self.cfg.time_slack_secs)
    }

    /// Whether some dirty incident is open for a report whose widened
    /// interval starts at `from` (dropping those that are not).
    fn still_open(&mut self, from: i64) -> bool {
        if self.active.is_empty() {
            return false;
        }
        if from < self.active_until {
            return true;
        }
        let (sweep, before) = (&self.sweep, &self.dirty_before);
        let end = |d: &Dirty| window_end(sweep, before, d);
        self.active.retain(|d| end(d) > from);
        self.active_until = self.active.iter().map(end).min().unwrap_or(i64::MAX);
        !self.active.is_empty()
    }
}

/// Where a dirty incident's window ends: of the run being made, or of its
/// shadow (none left: over).
fn window_end(sweep: &Sweep<'_>, before: &FxHashMap<i64, Open>, d: &Dirty) -> i64 {
    match d {
        Dirty::Now(i) => sweep.open[*i as usize].window.end,
        Dirty::Before(g) => before.get(g).map_or(i64::MIN, |s| s.window.end),
    }
}

/// Whether a chunk lies in the buckets read, by class.
fn within(ranges: &[(i64, i64); 3], (class, bucket): ChunkKey) -> bool {
    let (from, to) = ranges[class as usize];
    from <= bucket && bucket <= to
}

/// How many buckets an extension of the replay reads at once.
const EXTEND_BUCKETS: i64 = 8;

/// Places a batch. `seed` names groups whose regrouping must be applied
/// again although no report of theirs changed (a merge or split just
/// decided); `decisions` are all merges and splits, in the order taken.
pub fn place<S: PlacedIndex>(
    batch: &[Change],
    seed: &[i64],
    decisions: &[Regroup],
    store: &mut S,
    cfg: &CorrelateConfig,
) -> Result<Placement, S::Error> {
    let changes: FxHashMap<i64, &Change> = batch.iter().map(|c| (c.id, c)).collect();
    let mut stats = PlaceStats::default();

    // The batch as records: those correlation can place go into the replay;
    // the others (no point, no name) are incidents of their own.
    let mut fresh: Vec<Record> = Vec::new();
    let mut alone: Vec<i64> = Vec::new();
    for c in batch {
        if let Some(r) = &c.now {
            match Record::of(c.id, r, c.id) {
                Some(rec) => fresh.push(rec),
                None => alone.push(c.id),
            }
        }
    }
    let starts = batch.iter().flat_map(|c| {
        c.now
            .as_ref()
            .map(|r| r.occurred.start)
            .into_iter()
            .chain(c.placed.map(|p| p.start))
    });
    let (first, last) = starts.fold((i64::MAX, i64::MIN), |(a, b), s| (a.min(s), b.max(s)));

    let mut replay = Replay {
        cfg,
        sweep: Sweep::new(cfg, (0.0, 0.0, 0.0, 0.0)),
        recs: Vec::new(),
        roles: Vec::new(),
        changes: &changes,
        ident: Vec::new(),
        by_ident: FxHashMap::default(),
        old_members: FxHashMap::default(),
        dirty_now: FxHashSet::default(),
        dirty_before: FxHashMap::default(),
        cover: Cover::default(),
        active: Vec::new(),
        active_until: i64::MIN,
        waiting: 0,
        short_from: i64::MIN,
        long_from: i64::MIN,
        idle_before: i64::MIN,
        idle_groups: FxHashSet::default(),
        idle: 0,
        idle_chunks: FxHashSet::default(),
        decided: 0,
    };
    // Chunks read, and the buckets asked for (chunk or not) by class.
    let mut read: FxHashSet<ChunkKey> = FxHashSet::default();
    let mut ranges: [(i64, i64); 3] = [(1, 0); 3];
    // Groups of the last run that lose a report without a record.
    let mut gone_alone: Vec<i64> = Vec::new();
    if first <= last {
        let short_from = first - SHORT_MAX_SECS - 2 * cfg.time_slack_secs - 1;
        let long_from = short_from - LONG_MAX_SECS;
        replay.short_from = short_from;
        replay.long_from = long_from;
        replay.idle_before = first - 2 * cfg.time_slack_secs - 1;
        let last_bucket = bucket_of(SpanClass::Short, last);
        // Chunk by chunk: records are moved once, into the replay.
        let mut loaded: Vec<Vec<Record>> = Vec::new();
        for (class, from) in [
            (SpanClass::VeryLong, 0),
            (SpanClass::Long, bucket_of(SpanClass::Long, long_from)),
            (SpanClass::Short, bucket_of(SpanClass::Short, short_from)),
        ] {
            let to = if class == SpanClass::VeryLong {
                0
            } else {
                last_bucket
            };
            // A store may answer with more than asked: the rest is not read.
            loaded.extend(
                store
                    .chunks(class, from, to)?
                    .into_iter()
                    .filter(|(b, _)| (from..=to).contains(b) && read.insert((class, *b)))
                    .map(|(_, recs)| recs),
            );
            ranges[class as usize] = (from, to);
        }
        stats.rounds += 1;
        // Every bucket up to the last asked is read, chunk or not.
        let mut read_to = last_bucket;
        let placed_ids: FxHashSet<i64> = loaded.iter().flatten().map(|r| r.id).collect();
        for c in batch {
            if c.placed.is_some() && !placed_ids.contains(&c.id) {
                // Placed without a record: it was an incident of its own.
                gone_alone.push(c.id);
            }
        }
        let mut order = add_entries(&mut replay, loaded, std::mem::take(&mut fresh));
        let end_bucket = store.last_bucket()?.unwrap_or(read_to).max(read_to);
        let mut at = 0usize;
        // Chunks read ahead of the sweep (see `look_ahead`), by bucket.
        let mut ahead: Ahead = BTreeMap::new();
        let mut fetched_to = read_to;
        loop {
            let mut finished = false;
            while at < order.len() {
                let k = order[at];
                if replay.done_before(k) {
                    finished = true;
                    break;
                }
                replay.step(k);
                at += 1;
            }
            // Everything read is swept: read on while something can still
            // change further on.
            if finished || read_to >= end_bucket || !replay.open_after(read_to + 1) {
                break;
            }
            let jumped = replay.waiting == 0;
            let to = if jumped {
                let reach = replay.last_open_bucket().min(end_bucket);
                let next = look_ahead(
                    &replay,
                    store,
                    &read,
                    &mut ahead,
                    (&mut fetched_to, &mut stats.rounds),
                    read_to,
                    reach,
                )?;
                match next {
                    Some(b) => {
                        // Nothing is decided before bucket `b`: what ends
                        // well before it is idle, as in the first round.
                        replay.idle_before =
                            b * crate::index::BUCKET_SECS - 2 * cfg.time_slack_secs - 1;
                        b
                    }
                    // Nothing further on could be decided differently.
                    None => break,
                }
            } else {
                // Reports of the batch are still to come: anything read
                // may be decided.
                replay.idle_before = i64::MIN;
                read_to + EXTEND_BUCKETS
            };
            let from = read_to + 1;
            let mut more: Vec<Vec<Record>> = Vec::new();
            // After a jump, short chunks whose records all end before
            // `idle_before` would only be counted idle: they are not read.
            let mut skipped: Option<(i64, i64)> = None;
            if to > fetched_to {
                let short_from = if jumped {
                    let all_idle_below =
                        bucket_of(SpanClass::Short, replay.idle_before - SHORT_MAX_SECS);
                    all_idle_below.clamp(fetched_to + 1, to)
                } else {
                    fetched_to + 1
                };
                if short_from > fetched_to + 1 {
                    skipped = Some((fetched_to + 1, short_from - 1));
                }
                let froms = [
                    (SpanClass::Long, fetched_to + 1),
                    (SpanClass::Short, short_from),
                ];
                fetch_into(store, &read, &mut ahead, froms, to)?;
                stats.rounds += 1;
                fetched_to = to;
            }
            let rest = ahead.split_off(&(to + 1));
            for (b, chunks) in std::mem::replace(&mut ahead, rest) {
                for (class, recs) in chunks {
                    if (from..=to).contains(&b) && read.insert((class, b)) {
                        more.push(recs);
                    }
                }
            }
            if let Some(buckets) = skipped {
                mark_skipped(&mut replay, store, &more, from, buckets)?;
            }
            read_to = to;
            ranges[SpanClass::Short as usize].1 = to;
            ranges[SpanClass::Long as usize].1 = to;
            order.extend(add_entries(&mut replay, more, Vec::new()));
        }
    }
    stats.loaded = replay.roles.iter().filter(|r| **r != Role::New).count() + replay.idle;
    stats.decided = replay.decided;

    // The groups that changed: of the run made, by their identity (the id
    // of their first report), and of the last run.
    let mut now_members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for &i in &replay.dirty_now {
        let inc = &replay.sweep.open[i as usize];
        now_members.insert(
            replay.ident[i as usize],
            inc.members
                .iter()
                .map(|&k| replay.recs[k as usize].id)
                .collect(),
        );
    }
    for &id in &alone {
        now_members.insert(id, vec![id]);
    }
    let mut before_groups: FxHashSet<i64> = replay.dirty_before.keys().copied().collect();
    before_groups.extend(gone_alone.iter().copied());
    let removed: Vec<i64> = batch
        .iter()
        .filter(|c| c.now.is_none())
        .map(|c| c.id)
        .collect();

    // Every report affected, and its group now.
    let mut group_now: FxHashMap<i64, i64> = FxHashMap::default();
    for (g, members) in &now_members {
        for &m in members {
            group_now.insert(m, *g);
        }
    }
    let mut affected: FxHashSet<i64> = group_now.keys().copied().collect();
    for g in &before_groups {
        for &k in replay.old_members.get(g).into_iter().flatten() {
            let id = replay.recs[k as usize].id;
            affected.insert(id);
        }
        affected.insert(*g);
    }
    // Removed reports stay in: the incidents that held them are replaced,
    // and so must be those a decision links them to.
    affected.extend(removed.iter().copied());

    // Monitors' merges and splits link incidents: an affected report named
    // by a decision brings every report that decision names, with its whole
    // group, until nothing more comes in.
    let named_refs: Vec<ReportRef> = decisions
        .iter()
        .flat_map(|d| match d {
            Regroup::Merge(r) | Regroup::Split(r) => r.iter().cloned(),
        })
        .collect();
    let mut named_ids: FxHashMap<(String, String), (i64, i64)> = FxHashMap::default();
    if !named_refs.is_empty() {
        for (r, id, g) in store.named(&named_refs)? {
            named_ids.insert((r.source, r.external_id), (id, g));
        }
    }
    for c in batch {
        if let Some(r) = &c.now {
            let g = group_now.get(&c.id).copied().unwrap_or(c.id);
            named_ids.insert((r.source.clone(), r.external_id.clone()), (c.id, g));
        }
    }
    // Groups to rebuild whole: changed ones, seeded ones, and those linked.
    let mut rebuild: BTreeMap<i64, Vec<i64>> = now_members.clone();
    let mut pending: Vec<i64> = seed
        .iter()
        .copied()
        .filter(|g| !rebuild.contains_key(g))
        .collect();
    let named: Vec<Vec<(i64, i64)>> = decisions
        .iter()
        .map(|d| {
            let (Regroup::Merge(refs) | Regroup::Split(refs)) = d;
            refs.iter()
                .filter_map(|r| named_ids.get(&(r.source.clone(), r.external_id.clone())))
                .map(|&(id, g)| (id, group_now.get(&id).copied().unwrap_or(g)))
                .collect()
        })
        .collect();
    loop {
        // Reports now in a group to rebuild, and those of the last run's
        // changed groups (wherever they went).
        let mut inside: FxHashSet<i64> = rebuild.values().flatten().copied().collect();
        inside.extend(affected.iter().copied());
        for d in &named {
            if d.iter().any(|(id, _)| inside.contains(id)) {
                for &(_, g) in d {
                    if !rebuild.contains_key(&g) && !pending.contains(&g) {
                        pending.push(g);
                    }
                }
            }
        }
        if pending.is_empty() {
            break;
        }
        let mut groups = std::mem::take(&mut pending);
        // The same group may be named twice (two seeds of one group).
        groups.sort_unstable();
        groups.dedup();
        let mut got: FxHashMap<i64, Vec<i64>> = FxHashMap::default();
        for k in store.members(&groups)? {
            // A report of the batch is where the replay put it.
            if changes.contains_key(&k.id) || group_now.contains_key(&k.id) {
                continue;
            }
            got.entry(k.group).or_default().push(k.id);
        }
        for g in groups {
            let members = got.remove(&g).unwrap_or_default();
            rebuild.insert(g, members);
        }
    }

    // The reports of every group rebuilt, as they are now.
    let mut ids: Vec<i64> = rebuild.values().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let wanted: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !changes.contains_key(id))
        .collect();
    let mut lean: FxHashMap<i64, Report> = store.reports(&wanted)?.into_iter().collect();
    let mut out = Placement {
        removed: removed.clone(),
        stats,
        ..Placement::default()
    };
    let mut at: FxHashMap<i64, usize> = FxHashMap::default();
    for &id in &ids {
        let report = match changes.get(&id) {
            Some(c) => c.now.clone(),
            None => lean.remove(&id),
        };
        if let Some(r) = report {
            at.insert(id, out.ids.len());
            out.ids.push(id);
            out.reports.push(r);
            out.groups.push(0);
        }
    }
    let ranks: Vec<u64> = out.ids.iter().map(|&id| id.max(0) as u64).collect();
    let mut incidents = Vec::with_capacity(rebuild.len());
    for (g, members) in &rebuild {
        let idx: Vec<usize> = members.iter().filter_map(|m| at.get(m).copied()).collect();
        for &i in &idx {
            out.groups[i] = *g;
        }
        incidents.extend(incident_of(&out.reports, &ranks, idx, cfg));
    }
    out.incidents = regroup(&out.reports, &ranks, incidents, decisions, cfg);
    out.stats.affected = out.ids.len();

    // The index: records of the reports whose group changed, of the batch,
    // and of the batch as placed, in the chunks read. Records are cloned
    // only where they are written (the chunks that change) or needed (the
    // members of groups that changed): most of the replay is neither.
    let recs = &replay.recs;
    let live = |k: usize| replay.roles[k] != Role::Ghost;
    let mut touched: FxHashSet<ChunkKey> = FxHashSet::default();
    let mut changed_groups: FxHashSet<i64> = FxHashSet::default();
    let mut group_of: Vec<i64> = Vec::with_capacity(recs.len());
    for (k, rec) in recs.iter().enumerate() {
        let mut g = rec.group;
        if !live(k) {
            touched.insert(rec.chunk());
        } else {
            if let Some(&now) = group_now.get(&rec.id) {
                g = now;
                changed_groups.insert(now);
            }
            if replay.roles[k] == Role::New || g != rec.group {
                touched.insert(rec.chunk());
            }
        }
        group_of.push(g);
    }
    let regrouped = |k: usize| {
        let mut r = recs[k].clone();
        r.group = group_of[k];
        r
    };
    // Group starts for the groups that changed, from their members.
    let mut members_of: Vec<Record> = (0..recs.len())
        .filter(|&k| live(k) && changed_groups.contains(&group_of[k]))
        .map(regrouped)
        .collect();
    set_group_starts(&mut members_of);
    let starts: FxHashMap<i64, (i64, i64)> = members_of
        .iter()
        .map(|r| (r.id, (r.group_short_start, r.group_long_start)))
        .collect();
    let new_starts = |r: &Record| {
        starts
            .get(&r.id)
            .copied()
            .filter(|&st| (r.group_short_start, r.group_long_start) != st)
    };
    for (k, rec) in recs.iter().enumerate() {
        if live(k) && new_starts(rec).is_some() {
            touched.insert(rec.chunk());
        }
    }
    // The chunks that change, whole.
    let mut by_chunk: BTreeMap<ChunkKey, Vec<Record>> = BTreeMap::new();
    for (k, rec) in recs.iter().enumerate() {
        if live(k) && touched.contains(&rec.chunk()) {
            let mut r = regrouped(k);
            if let Some((s, l)) = new_starts(rec) {
                r.group_short_start = s;
                r.group_long_start = l;
            }
            by_chunk.entry(r.chunk()).or_default().push(r);
        }
    }
    let mut keys: Vec<ChunkKey> = touched.into_iter().collect();
    keys.sort_unstable();
    // Idle records were not kept: a chunk that held some is read again for
    // them. They are as stored (never swept, their groups never change: a
    // group with an idle member is over before anything is decided), and
    // they are the chunk's records the replay does not have.
    let again: Vec<ChunkKey> = keys
        .iter()
        .copied()
        .filter(|k| replay.idle_chunks.contains(k))
        .collect();
    if !again.is_empty() {
        let mut have: FxHashMap<ChunkKey, FxHashSet<i64>> =
            again.iter().map(|&k| (k, FxHashSet::default())).collect();
        for r in recs {
            if let Some(ids) = have.get_mut(&r.chunk()) {
                ids.insert(r.id);
            }
        }
        for key in again {
            let (class, bucket) = key;
            let ids = &have[&key];
            for (b, stored) in store.chunks(class, bucket, bucket)? {
                if b == bucket {
                    by_chunk
                        .entry(key)
                        .or_default()
                        .extend(stored.into_iter().filter(|r| !ids.contains(&r.id)));
                }
            }
        }
    }
    for key in keys {
        // A chunk is rewritten whole: every bucket written was read.
        debug_assert!(
            read.contains(&key) || within(&ranges, key),
            "chunk {key:?} changed but was not read"
        );
        match by_chunk.get_mut(&key) {
            Some(recs) if !recs.is_empty() => {
                recs.sort_unstable_by_key(|r| r.id);
                out.chunks.push((key, Some(encode_chunk(recs))));
            }
            _ => out.chunks.push((key, None)),
        }
    }
    Ok(out)
}

/// Chunks read ahead of the sweep: by bucket, each chunk with its class.
type Ahead = BTreeMap<i64, Vec<(SpanClass, Vec<Record>)>>;

/// Once every report of the batch is swept, the replay goes on only for the
/// dirty incidents still open, and a stored report further on is decided
/// only if it could change one: it is of a dirty group, or one of them
/// could take it. The incidents' states change only through such reports,
/// so until the first of them every report keeps its group and changes
/// nothing the placement returns. This reads on (through `fetch`, into
/// the chunks read ahead) up to `reach`, the last bucket a dirty incident
/// could take reports from, and returns the first bucket after `read_to`
/// holding such a report; None when there is none, and the replay may stop.
/// An incident open for a month (a report dated only by its month) would
/// otherwise have the whole month swept again, to ask a handful of reports.
fn look_ahead<S: PlacedIndex>(
    replay: &Replay<'_, '_>,
    store: &mut S,
    read: &FxHashSet<ChunkKey>,
    ahead: &mut Ahead,
    (fetched_to, rounds): (&mut i64, &mut u32),
    read_to: i64,
    reach: i64,
) -> Result<Option<i64>, S::Error> {
    // Read in steps of a day: what is read past a report that changes
    // something stays for the next look.
    const LOOK_BUCKETS: i64 = 24;
    for b in read_to + 1..=reach {
        if replay.only_shadows_open(b) {
            return next_member_bucket(replay, store, b, reach);
        }
        if b > *fetched_to {
            let to = (b + LOOK_BUCKETS - 1).min(reach);
            fetch_into(
                store,
                read,
                ahead,
                [(SpanClass::Long, b), (SpanClass::Short, b)],
                to,
            )?;
            *rounds += 1;
            *fetched_to = to;
        }
        let changes = |chunks: &Vec<(SpanClass, Vec<Record>)>| {
            chunks
                .iter()
                .any(|(_, recs)| recs.iter().any(|r| replay.touches_dirty(r)))
        };
        if ahead.get(&b).is_some_and(changes) {
            return Ok(Some(b));
        }
    }
    Ok(None)
}

/// When every dirty incident still open for bucket `b` is a shadow, no
/// report further on can be taken by one (shadows are never candidates):
/// only a later member of a dirty group can change anything. Those are
/// found from the store's groups, not by reading every chunk up to them (a
/// group dated only by its month would have the month read to find a
/// handful). Returns the first bucket from `b` holding one, as
/// [`look_ahead`] does.
fn next_member_bucket<S: PlacedIndex>(
    replay: &Replay<'_, '_>,
    store: &mut S,
    b: i64,
    reach: i64,
) -> Result<Option<i64>, S::Error> {
    let from = b * crate::index::BUCKET_SECS - replay.cfg.time_slack_secs;
    // A group's members overlap its window widened by the slack, and a
    // shadow's window only shrinks: a shadow over by `from` has no member
    // from bucket `b` on.
    let mut groups: Vec<i64> = replay
        .dirty_before
        .iter()
        .filter(|(_, s)| s.window.end >= from)
        .map(|(g, _)| *g)
        .collect();
    // A dirty incident's identity names the group of the last run it
    // continues, which is asked too (when that group was not swept yet, it
    // is not among the shadows). A new report's id names no such group.
    for &i in &replay.dirty_now {
        let g = replay.ident[i as usize];
        let fresh = replay.changes.get(&g).is_some_and(|c| c.placed.is_none());
        if !fresh && !replay.dirty_before.contains_key(&g) {
            groups.push(g);
        }
    }
    let next = member_chunks(store, groups)?
        .into_iter()
        // Very long records are all read in the first round.
        .filter(|(_, (class, bucket))| *class != SpanClass::VeryLong && *bucket >= b)
        .map(|(_, (_, bucket))| bucket)
        .min();
    Ok(next.filter(|&n| n <= reach))
}

/// The chunk of every placed member of `groups`, with its group.
fn member_chunks<S: PlacedIndex>(
    store: &mut S,
    mut groups: Vec<i64>,
) -> Result<Vec<(i64, ChunkKey)>, S::Error> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    groups.sort_unstable();
    groups.dedup();
    Ok(store
        .members(&groups)?
        .iter()
        .filter_map(|k| Record::of(k.id, &k.report, k.group))
        .map(|r| (r.group, r.chunk()))
        .collect())
}

/// Short chunks not read after a jump (buckets `skipped`, from the first
/// bucket of this round `from`) hold only idle records: nothing is decided
/// before the jump's bucket, and they end before `idle_before`. An idle
/// record's effect on the replay is made here without it: its group's
/// incident is over before anything is decided, so it is never a candidate
/// (made partial, now or when its first report comes).
///
/// Which groups can have such a member is known without reading: an
/// incident with a short member read before this round is over by then
/// anyway (its window ends within a short span of that member, and the
/// skip begins only past that), so only incidents of long members, still
/// open at the round's first bucket, and groups whose first report is a
/// long one of this round, are asked; their members come from the store.
fn mark_skipped<S: PlacedIndex>(
    replay: &mut Replay<'_, '_>,
    store: &mut S,
    more: &[Vec<Record>],
    from: i64,
    (first, last): (i64, i64),
) -> Result<(), S::Error> {
    // A member from bucket `from` on leaves its group's window open until
    // at least its start less the slack.
    let open_at = from * crate::index::BUCKET_SECS - replay.cfg.time_slack_secs;
    let recs = &replay.recs;
    let mut groups: Vec<i64> = replay
        .sweep
        .open
        .iter()
        .enumerate()
        .filter(|(i, inc)| {
            !inc.partial
                && inc.window.end >= open_at
                && !replay.dirty_now.contains(&(*i as u32))
                && inc
                    .members
                    .iter()
                    .all(|&k| recs[k as usize].class() != SpanClass::Short)
        })
        .map(|(i, _)| replay.ident[i])
        .collect();
    groups.extend(
        more.iter()
            .flatten()
            .filter(|r| r.class() == SpanClass::Long && r.id == r.group)
            .map(|r| r.group),
    );
    for (g, (class, bucket)) in member_chunks(store, groups)? {
        if class == SpanClass::Short && (first..=last).contains(&bucket) {
            replay.idle_groups.insert(g);
            if let Some(&i) = replay.by_ident.get(&g) {
                debug_assert!(!replay.dirty_now.contains(&i));
                replay.sweep.open[i as usize].partial = true;
            }
        }
    }
    Ok(())
}

/// Reads the chunks not read yet into `ahead`: of each class, from its
/// bucket in `froms` to `to`.
fn fetch_into<S: PlacedIndex>(
    store: &mut S,
    read: &FxHashSet<ChunkKey>,
    ahead: &mut Ahead,
    froms: [(SpanClass, i64); 2],
    to: i64,
) -> Result<(), S::Error> {
    for (class, from) in froms {
        // A store may answer with more than asked: the rest is not read.
        for (b, recs) in store.chunks(class, from, to)? {
            if (from..=to).contains(&b) && !read.contains(&(class, b)) {
                ahead.entry(b).or_default().push((class, recs));
            }
        }
    }
    Ok(())
}

/// Adds records read (and the batch's reports) to the replay, and returns
/// their entries in sweep order. Everything added starts after every entry
/// added before, except in the first call.
fn add_entries(
    replay: &mut Replay<'_, '_>,
    loaded: Vec<Vec<Record>>,
    fresh: Vec<Record>,
) -> Vec<u32> {
    let first = replay.recs.len();
    // Sized once: tens of thousands of records grown by doubling were
    // copied again at every step.
    let n = loaded.iter().map(Vec::len).sum::<usize>() + fresh.len();
    replay.recs.reserve(n);
    replay.roles.reserve(n);
    for rec in loaded.into_iter().flatten() {
        let role = if replay.changes.contains_key(&rec.id) {
            replay.waiting += 1;
            Role::Ghost
        } else if rec.interval.end < replay.idle_before {
            replay.idle += 1;
            replay.idle_chunks.insert(rec.chunk());
            replay.idle_groups.insert(rec.group);
            // Its group's incident, begun earlier, would have too wide a
            // window without it; it is over before anything is decided
            // (never dirty: a report of a dirty group is not idle).
            if let Some(&i) = replay.by_ident.get(&rec.group) {
                debug_assert!(!replay.dirty_now.contains(&i));
                replay.sweep.open[i as usize].partial = true;
            }
            continue;
        } else {
            Role::Stored
        };
        replay.recs.push(rec);
        replay.roles.push(role);
    }
    for rec in fresh {
        replay.waiting += 1;
        replay.recs.push(rec);
        replay.roles.push(Role::New);
    }
    if first == 0 {
        // The grids cover what is swept; points outside fall in border cells.
        let bbox = bbox_of(replay.recs.iter().filter_map(|r| r.point));
        replay.sweep = Sweep::new(replay.cfg, widen_box(bbox));
    }
    let recs = &replay.recs;
    // The sweep's key with its hash computed once (the strings compared only
    // on a tie of start, end and hash); a report and its placed version:
    // the placed one first.
    let mut keyed: Vec<(SweepKey<'_>, bool, u32)> = (first..recs.len())
        .map(|k| {
            let r = &recs[k];
            (
                SweepKey::new(r.interval, &r.source, &r.external_id),
                replay.roles[k] == Role::New,
                k as u32,
            )
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, k)| k).collect()
}

/// A bounding box grown by a few degrees, so that reports read later in the
/// replay mostly fall inside the grids.
fn widen_box(b: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    (
        (b.0 - 3.0).max(-90.0),
        (b.1 + 3.0).min(90.0),
        (b.2 - 5.0).max(-180.0),
        (b.3 + 5.0).min(180.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use truce_model::{Act, LatLon, Means, TargetClass};

    fn item(lat: f64, lon: f64, radius: f64, named: bool) -> Item {
        Item {
            index: 0,
            interval: Period {
                start: 0,
                end: 3600,
            },
            point: Some(LatLon::new(lat, lon)),
            radius,
            act: Act::Strike,
            means: Means::Unknown,
            target: TargetClass::Unknown,
            tokens: if named {
                smallvec::smallvec!["sudzha".into()]
            } else {
                crate::names::Words::new()
            },
        }
    }

    proptest! {
        /// Every report a dirty incident could take lies in a cell its
        /// cover notes it in, wherever on the globe.
        #[test]
        fn the_cover_holds_every_candidate(
            a in (-80.0f64..80.0, -180.0f64..180.0),
            ra in prop::sample::select(vec![1.0, 5.0, 25.0, 150.0]),
            d in (-3.0f64..3.0, -4.0f64..4.0),
            ri in prop::sample::select(vec![1.0, 5.0, 25.0, 150.0]),
            named in any::<bool>(),
        ) {
            let cfg = CorrelateConfig::default();
            let anchor = item(a.0, a.1, ra, named);
            let w = Period { start: -3600, end: 7200 };
            let state = Open::of(&anchor, w);
            let mut cover = Cover::default();
            cover.register(Dirty::Before(7), &state, &cfg);
            let lon = (a.1 + d.1 + 540.0).rem_euclid(360.0) - 180.0;
            let it = item((a.0 + d.0).min(89.0), lon, ri, named);
            if candidate_score(&it, &state, w, &cfg).is_some() {
                let map = if ri <= FINE_REPORT_KM { &cover.fine } else { &cover.coarse };
                let p = it.point.expect("a point");
                prop_assert!(
                    map.get(&cell(p.lat, p.lon)).is_some_and(|l| l.contains(&Dirty::Before(7))),
                    "a candidate at {:?} outside the cover of {:?}", p, a
                );
            }
        }
    }
}
