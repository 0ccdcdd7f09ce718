//! Incremental placement: new, changed and removed reports are placed into
//! the incidents correlation already made, touching only what they can
//! change. The result is exactly what correlating every report again would
//! give; `tests/place.rs` holds it to that on random reports arriving in
//! random batches.
//!
//! Why it can be exact. Correlation is a sweep in a fixed order
//! ([`sweep_key`]) in which a report's choice depends only on the incidents
//! it could join, each as its members so far make it; and a report can join
//! an incident only if it [`interacts`] with one of those members. So the
//! sweep over a set U of whole incidents gives the full sweep's answer for
//! them when (1) every report whose choice may have changed is in U, and (2)
//! so is every incident such a report could join. A report's choice may have
//! changed only if it comes at or after the point where some incident it
//! interacts with first differs between the old result and the new one (the
//! incident's *divergence*), or it is itself new or changed. Every other
//! report in U makes its old choice again: its old incident is in U, as it
//! was, and still the best of what it can see.
//!
//! `place` grows U from the batch — the batch, the old incidents of the
//! reports it changes, and those of the old reports it interacts with —
//! correlates U, finds the incidents that differ, and loads what (1) and (2)
//! still need, until nothing is missing. Then the monitors' merges and
//! splits are applied again to the incidents that differ and to any they
//! link to, so the result also equals a full run's after regrouping.

use crate::correlate::{CorrelateConfig, correlate_ranked};
use crate::names::name_tokens;
use crate::regroup::{Regroup, regroup};
use rustc_hash::{FxHashMap, FxHashSet};
use truce_model::{Incident, Report, ReportRef};

/// A report as the store last placed it.
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

/// What the store can tell about the reports it has placed. Answers may
/// hold more than asked (they are filtered here); they must not hold less.
pub trait Neighbours {
    type Error;
    /// Placed reports that may interact with any of `around`: at least each
    /// one whose interval, widened by twice the time slack, meets one of
    /// theirs, and that either lies within [`reach_km`] of it or has a target
    /// name (or has no usable place and a target name, when the report asked
    /// about has one).
    fn near(&mut self, around: &[&Report]) -> Result<Vec<Known>, Self::Error>;
    /// Every placed report of these groups.
    fn members(&mut self, groups: &[i64]) -> Result<Vec<Known>, Self::Error>;
    /// The placed reports with these keys (those that exist).
    fn named(&mut self, refs: &[ReportRef]) -> Result<Vec<Known>, Self::Error>;
}

/// How far apart (km) two placed reports can be and still interact: the
/// widest window correlation ever uses between them.
pub fn reach_km(a: &Report, b_radius_km: f64, cfg: &CorrelateConfig) -> f64 {
    (cfg.radius(a.geo_precision) + b_radius_km + cfg.distance_slack_km)
        * cfg.named_target_widening.max(1.0)
}

/// One report of the batch.
#[derive(Debug, Clone)]
pub struct Change {
    pub id: i64,
    /// The report as it is now; None when it is gone.
    pub now: Option<Report>,
    /// The report as it was last placed, with its group; None when it never
    /// was.
    pub before: Option<(Report, i64)>,
}

/// What a batch changed: every report whose incident may differ, and the
/// incidents they now make. The store replaces the incidents that held
/// these reports with `incidents`; nothing else changes.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    pub ids: Vec<i64>,
    /// The reports as they are now (`incidents` index this list).
    pub reports: Vec<Report>,
    /// Each report's correlation group (the id of its first report in the
    /// sweep), as [`Known::group`] reads it next time.
    pub groups: Vec<i64>,
    /// After the monitors' merges and splits; named by the earliest-filed
    /// report, so an incident keeps its id when reports join it.
    pub incidents: Vec<Incident>,
    /// Reports of the batch that are gone.
    pub removed: Vec<i64>,
    pub stats: PlaceStats,
}

/// How much work a placement took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceStats {
    /// Times the loaded reports were correlated.
    pub rounds: u32,
    /// Placed reports loaded from the store.
    pub loaded: usize,
    /// Reports whose incident was rebuilt.
    pub affected: usize,
}

/// The placed reports loaded so far, indexed for "which of them interact
/// with this report".
struct Loaded {
    /// By id: the report as last placed, its group, its tokens.
    known: FxHashMap<i64, (Known, Vec<String>)>,
    groups: FxHashSet<i64>,
}

impl Loaded {
    fn add(&mut self, k: Known, batch: &FxHashMap<i64, &Change>) -> Option<i64> {
        // A report of the batch is known here as it was placed (`before`),
        // whatever the store holds now.
        if batch.contains_key(&k.id) || self.known.contains_key(&k.id) {
            return None;
        }
        let tokens = tokens(&k.report);
        let g = k.group;
        self.known.insert(k.id, (k, tokens));
        Some(g)
    }
}

fn tokens(r: &Report) -> Vec<String> {
    r.target_name
        .as_deref()
        .map(name_tokens)
        .unwrap_or_default()
}

/// Places a batch. `seed` names groups whose regrouping must be applied
/// again although no report of theirs changed (a merge or split just
/// decided); `decisions` are all merges and splits, in the order taken.
pub fn place<N: Neighbours>(
    batch: &[Change],
    seed: &[i64],
    decisions: &[Regroup],
    store: &mut N,
    cfg: &CorrelateConfig,
) -> Result<Placement, N::Error> {
    let changes: FxHashMap<i64, &Change> = batch.iter().map(|c| (c.id, c)).collect();
    let mut loaded = Loaded {
        known: FxHashMap::default(),
        groups: FxHashSet::default(),
    };
    // What the batch's reports were: their old groups are part of U.
    let mut want_groups: Vec<i64> = seed.to_vec();
    for c in batch {
        if let Some((r, g)) = &c.before {
            let known = Known {
                id: c.id,
                report: r.clone(),
                group: *g,
            };
            loaded.known.insert(c.id, (known, tokens(r)));
            want_groups.push(*g);
        }
    }
    // Reports whose neighbours were asked for: (id, whether the version
    // asked about is the batch's new one).
    let mut asked: FxHashSet<(i64, bool)> = FxHashSet::default();
    let mut want_near: Vec<(i64, bool)> = Vec::new();
    for c in batch {
        if c.before.is_some() {
            want_near.push((c.id, false));
        }
        if c.now.is_some() {
            want_near.push((c.id, true));
        }
    }
    // Every regrouping decision's reports, as placed: whether a decision
    // links an incident of the batch to others is known from these.
    let named_refs: Vec<ReportRef> = decisions
        .iter()
        .flat_map(|d| match d {
            Regroup::Merge(r) | Regroup::Split(r) => r.iter().cloned(),
        })
        .collect();
    let mut named_ids: FxHashMap<(String, String), (i64, i64)> = FxHashMap::default();
    if !named_refs.is_empty() {
        for k in store.named(&named_refs)? {
            named_ids.insert(
                (k.report.source.clone(), k.report.external_id.clone()),
                (k.id, k.group),
            );
        }
    }
    // Reports of the batch are named by their key as they are now.
    for c in batch {
        if let Some(r) = &c.now {
            named_ids
                .entry((r.source.clone(), r.external_id.clone()))
                .or_insert((c.id, c.id));
        }
    }
    let mut stats = PlaceStats::default();
    loop {
        // Load what is wanted, and the whole group of everything loaded.
        loop {
            let nears: Vec<(i64, bool)> =
                want_near.drain(..).filter(|k| asked.insert(*k)).collect();
            if !nears.is_empty() {
                let around: Vec<&Report> = nears
                    .iter()
                    .filter_map(|&(id, new)| version(id, new, &changes, &loaded))
                    .collect();
                let found = store.near(&around)?;
                let mut fresh = Vec::new();
                for k in found {
                    fresh.extend(loaded.add(k, &changes));
                }
                want_groups.extend(fresh);
            }
            let groups: Vec<i64> = want_groups
                .drain(..)
                .filter(|g| loaded.groups.insert(*g))
                .collect();
            if !groups.is_empty() {
                for k in store.members(&groups)? {
                    let g = k.group;
                    if loaded.add(k, &changes).is_some() && !loaded.groups.contains(&g) {
                        want_groups.push(g);
                    }
                }
            }
            if nears.is_empty() && groups.is_empty() && want_groups.is_empty() {
                break;
            }
        }

        // U: every loaded report as it is now, and the batch's new reports.
        let mut ids: Vec<i64> = loaded
            .known
            .keys()
            .copied()
            .chain(batch.iter().filter(|c| c.now.is_some()).map(|c| c.id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| !matches!(changes.get(id), Some(c) if c.now.is_none()));
        let reports: Vec<Report> = ids
            .iter()
            .filter_map(|&id| version(id, true, &changes, &loaded).cloned())
            .collect();
        let ranks: Vec<u64> = ids.iter().map(|&id| id as u64).collect();
        let incidents = correlate_ranked(&reports, &ranks, cfg);
        stats.rounds += 1;
        stats.loaded = loaded.known.len();

        // The groups as they were and as they are now, by first report.
        let mut old_groups: FxHashMap<i64, Vec<i64>> = FxHashMap::default();
        for (id, (k, _)) in &loaded.known {
            old_groups.entry(k.group).or_default().push(*id);
        }
        let mut new_groups: FxHashMap<i64, (usize, Vec<i64>)> = FxHashMap::default();
        let mut group_of: FxHashMap<i64, i64> = FxHashMap::default();
        for (n, inc) in incidents.iter().enumerate() {
            let members: Vec<i64> = inc.reports.iter().map(|&i| ids[i]).collect();
            let key = members[0];
            for &id in &members {
                group_of.insert(id, key);
            }
            new_groups.insert(key, (n, members));
        }
        // Groups that differ: other members, or a member that changed.
        let mut dirty: FxHashSet<i64> = FxHashSet::default();
        for (key, (_, members)) in &new_groups {
            let same = old_groups.get(key).is_some_and(|old| {
                let mut a = old.clone();
                let mut b = members.clone();
                a.sort_unstable();
                b.sort_unstable();
                a == b && !b.iter().any(|id| changes.contains_key(id))
            });
            if !same {
                dirty.insert(*key);
            }
        }
        dirty.extend(old_groups.keys().filter(|k| !new_groups.contains_key(k)));

        // Every member of a group that differs, as it was and as it is, must
        // see every incident it could join: their neighbours, and with them
        // their whole groups.
        for key in &dirty {
            for &id in old_groups.get(key).into_iter().flatten() {
                want_near.push((id, false));
            }
            for &id in new_groups.get(key).into_iter().flat_map(|g| &g.1) {
                want_near.push((id, changes.contains_key(&id)));
            }
        }
        want_near.retain(|k| !asked.contains(k));

        // The reports to rebuild incidents for: those of groups that differ
        // (as they were and as they are) and of seeded groups, and those of
        // every group a merge or split links them to, before or now.
        let mut affected: FxHashSet<i64> = FxHashSet::default();
        // Decisions by the reports they name.
        let mut naming: FxHashMap<i64, Vec<usize>> = FxHashMap::default();
        let named: Vec<Vec<(i64, i64)>> = decisions
            .iter()
            .map(|d| {
                let (Regroup::Merge(refs) | Regroup::Split(refs)) = d;
                refs.iter()
                    .filter_map(|r| named_ids.get(&(r.source.clone(), r.external_id.clone())))
                    .copied()
                    .collect()
            })
            .collect();
        for (n, ids) in named.iter().enumerate() {
            for (id, _) in ids {
                naming.entry(*id).or_default().push(n);
            }
        }
        let mut work: Vec<i64> = Vec::new();
        for key in dirty.iter().chain(seed) {
            work.extend(old_groups.get(key).into_iter().flatten().copied());
            work.extend(
                new_groups
                    .get(key)
                    .into_iter()
                    .flat_map(|g| g.1.iter().copied()),
            );
            work.push(*key);
        }
        while let Some(id) = work.pop() {
            if !affected.insert(id) {
                continue;
            }
            let before = loaded.known.get(&id).map(|(k, _)| k.group);
            if before.is_none() && !changes.contains_key(&id) {
                // Named by a decision but not loaded yet: load its group and
                // look again.
                if let Some(g) = named.iter().flatten().find(|x| x.0 == id) {
                    want_groups.push(g.1);
                }
                continue;
            }
            // Its whole group, as it was and as it is, and whatever a
            // decision names with it.
            if let Some(g) = before {
                work.extend(old_groups.get(&g).into_iter().flatten().copied());
            }
            if let Some(g) = group_of.get(&id) {
                work.extend(
                    new_groups
                        .get(g)
                        .into_iter()
                        .flat_map(|g| g.1.iter().copied()),
                );
            }
            for &n in naming.get(&id).into_iter().flatten() {
                work.extend(named[n].iter().map(|x| x.0));
            }
        }
        // As groups now: every group holding an affected report.
        let affected: FxHashSet<i64> = affected
            .iter()
            .filter_map(|id| group_of.get(id).copied())
            .collect();
        want_groups.retain(|g| !loaded.groups.contains(g));

        if !want_near.is_empty() || !want_groups.is_empty() {
            continue;
        }

        // Nothing is missing: U is enough. Rebuild the affected incidents.
        let mut out = Placement {
            removed: batch
                .iter()
                .filter(|c| c.now.is_none())
                .map(|c| c.id)
                .collect(),
            stats,
            ..Placement::default()
        };
        let mut keys: Vec<i64> = affected.into_iter().collect();
        keys.sort_unstable();
        let mut groups = Vec::with_capacity(keys.len());
        for key in &keys {
            let (n, _) = &new_groups[key];
            let mut inc = incidents[*n].clone();
            let at = out.ids.len();
            for &i in &inc.reports {
                out.ids.push(ids[i]);
                out.reports.push(reports[i].clone());
                out.groups.push(*key);
            }
            inc.reports = (at..at + inc.reports.len()).collect();
            groups.push(inc);
        }
        let ranks: Vec<u64> = out.ids.iter().map(|&id| id as u64).collect();
        out.incidents = regroup(&out.reports, &ranks, groups, decisions, cfg);
        out.stats.affected = out.ids.len();
        return Ok(out);
    }
}

/// A report of U in the version asked for: the batch's new one, or as it
/// was last placed.
fn version<'a>(
    id: i64,
    new: bool,
    changes: &'a FxHashMap<i64, &Change>,
    loaded: &'a Loaded,
) -> Option<&'a Report> {
    if new && let Some(c) = changes.get(&id) {
        return c.now.as_ref();
    }
    loaded.known.get(&id).map(|(k, _)| &k.report)
}
