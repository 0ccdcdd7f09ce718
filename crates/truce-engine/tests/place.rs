//! Incremental placement against a full correlation: random reports filed in
//! random batches (with some changed again, some withdrawn, and monitors'
//! merges and splits along the way) must end in exactly the incidents that
//! correlating everything at once gives — same members, same ids, same
//! fields — after every step, not only at the end.

use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use truce_engine::{
    Change, ChunkError, ChunkKey, CorrelateConfig, Known, PlacedIndex, Record, Regroup, SpanClass,
    place,
};
use truce_model::time::event_interval;
use truce_model::*;

fn kyiv() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/Kyiv").expect("tz")
}

/// Places where reports crowd (so that batches keep landing in each other's
/// incidents), strung along a front line about 13 km apart so that a change
/// can travel from one to the next; and names some reports give their
/// targets.
const TOWNS: [(f64, f64); 8] = [
    (50.00, 36.23),
    (50.12, 36.25),
    (50.24, 36.27),
    (50.36, 36.29),
    (50.48, 36.31),
    (50.60, 36.33),
    (50.72, 36.35),
    (47.84, 35.14),
];
const NAMES: [&str; 5] = [
    "Sudzha gas metering station",
    "ГВС «Суджа»",
    "Kharkiv CHP-5",
    "Зміївська ТЕС",
    "substation",
];

#[derive(Debug, Clone)]
struct Spec {
    town: usize,
    jitter: (f64, f64),
    minutes: i64,
    tp: TimePrecision,
    gp: Option<GeoPrecision>,
    act: Act,
    target: TargetClass,
    name: Option<usize>,
}

fn arb_spec() -> impl Strategy<Value = Spec> {
    arb_spec_over(2, false)
}

/// Reports over `days` days; with `long`, some last a week or a month, so
/// that the replay reads long chunks and meets incidents it sees part of.
fn arb_spec_over(days: i64, long: bool) -> impl Strategy<Value = Spec> {
    let precisions = if long {
        prop_oneof![
            3 => Just(TimePrecision::Minute),
            3 => Just(TimePrecision::Hour),
            2 => Just(TimePrecision::Day),
            1 => Just(TimePrecision::Week),
            1 => Just(TimePrecision::Month)
        ]
        .boxed()
    } else {
        prop_oneof![
            3 => Just(TimePrecision::Minute),
            3 => Just(TimePrecision::Hour),
            1 => Just(TimePrecision::Day)
        ]
        .boxed()
    };
    (
        (0usize..TOWNS.len(), -0.04f64..0.04, -0.04f64..0.04),
        0i64..(days * 24 * 60),
        precisions,
        prop_oneof![
            6 => Just(Some(GeoPrecision::Exact)),
            6 => Just(Some(GeoPrecision::Settlement)),
            1 => Just(Some(GeoPrecision::NearSettlement)),
            1 => Just(Some(GeoPrecision::Region)),
            1 => Just(Some(GeoPrecision::Country)),
            1 => Just(None)
        ],
        prop_oneof![
            Just(Act::Strike),
            Just(Act::Shelling),
            Just(Act::Interception),
            Just(Act::Other)
        ],
        prop_oneof![
            Just(TargetClass::EnergySubstation),
            Just(TargetClass::CivilianResidential),
            Just(TargetClass::Unknown)
        ],
        prop_oneof![3 => Just(None), 1 => (0usize..NAMES.len()).prop_map(Some)],
    )
        .prop_map(
            |((town, dlat, dlon), minutes, tp, gp, act, target, name)| Spec {
                town,
                jitter: (dlat, dlon),
                minutes,
                tp,
                gp,
                act,
                target,
                name,
            },
        )
}

fn report(key: usize, s: &Spec) -> Report {
    let t = 1_742_860_800 + s.minutes * 60;
    let (lat, lon) = TOWNS[s.town];
    let location =
        s.gp.map(|_| LatLon::new(lat + s.jitter.0, lon + s.jitter.1));
    Report {
        source: format!("s{}", key % 7),
        external_id: format!("r{key}"),
        reported_at: None,
        occurred_at: t,
        time_precision: s.tp,
        occurred: event_interval(t, s.tp, &kyiv()),
        location,
        place: None,
        geo_precision: s.gp.unwrap_or(GeoPrecision::Country),
        located: if location.is_some() {
            Located::Given
        } else {
            Located::Unlocated
        },
        act: s.act,
        means: Means::Unknown,
        means_text: None,
        target_class: s.target,
        target_name: s.name.map(|n| NAMES[n].to_string()),
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

/// What a store keeps of placed reports and their incidents, and the
/// placement index (decoded chunks, as a store would keep them encoded).
#[derive(Default)]
struct Model {
    reports: BTreeMap<i64, Report>,
    group: HashMap<i64, i64>,
    incident_of: HashMap<i64, String>,
    incidents: BTreeMap<String, (Vec<i64>, Incident)>,
    chunks: BTreeMap<ChunkKey, Vec<u8>>,
    /// Answer every chunk question with every chunk (more than asked),
    /// which placement must ignore.
    generous: bool,
}

impl PlacedIndex for Model {
    type Error = ChunkError;
    fn chunks(
        &mut self,
        class: SpanClass,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, Vec<Record>)>, ChunkError> {
        let mut out = Vec::new();
        for ((c, b), bytes) in &self.chunks {
            if *c == class && (self.generous || (from..=to).contains(b)) {
                out.push((*b, truce_engine::index::decode_chunk(bytes)?));
            }
        }
        Ok(out)
    }
    fn last_bucket(&mut self) -> Result<Option<i64>, ChunkError> {
        Ok(self
            .chunks
            .keys()
            .filter(|(c, _)| *c != SpanClass::VeryLong)
            .map(|(_, b)| *b)
            .max())
    }
    fn reports(&mut self, ids: &[i64]) -> Result<Vec<(i64, Report)>, ChunkError> {
        Ok(ids
            .iter()
            .filter(|id| self.group.contains_key(id))
            .filter_map(|id| self.reports.get(id).map(|r| (*id, r.clone())))
            .collect())
    }
    fn members(&mut self, groups: &[i64]) -> Result<Vec<Known>, ChunkError> {
        Ok(self
            .reports
            .iter()
            .filter(|(id, _)| self.group.get(id).is_some_and(|g| groups.contains(g)))
            .map(|(id, r)| Known {
                id: *id,
                report: r.clone(),
                group: self.group[id],
            })
            .collect())
    }
    fn named(&mut self, refs: &[ReportRef]) -> Result<Vec<(ReportRef, i64, i64)>, ChunkError> {
        Ok(self
            .reports
            .iter()
            .filter(|(id, _)| self.group.contains_key(id))
            .filter_map(|(id, r)| {
                refs.iter()
                    .find(|x| x.source == r.source && x.external_id == r.external_id)
                    .map(|x| (x.clone(), *id, self.group[id]))
            })
            .collect())
    }
}

impl Model {
    /// Stores a batch and places it, as a store and the pipeline do.
    fn file(&mut self, batch: Vec<(i64, Option<Report>)>, seed: &[i64], decisions: &[Regroup]) {
        let cfg = CorrelateConfig::default();
        let changes: Vec<Change> = batch
            .into_iter()
            .map(|(id, now)| Change {
                id,
                placed: self
                    .reports
                    .get(&id)
                    .filter(|_| self.group.contains_key(&id))
                    .map(|r| r.occurred),
                now,
            })
            .collect();
        let p = match place(&changes, seed, decisions, self, &cfg) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        for c in &changes {
            if let Some(r) = &c.now {
                self.reports.insert(c.id, r.clone());
            }
        }
        // The incidents replaced are exactly those that held these reports;
        // none of them may hold a report the placement did not rebuild.
        let mut gone = Vec::new();
        for id in p.ids.iter().chain(&p.removed) {
            if let Some(inc) = self.incident_of.remove(id) {
                gone.push(inc);
            }
        }
        gone.sort();
        gone.dedup();
        for inc in gone {
            if let Some((members, _)) = self.incidents.remove(&inc) {
                for m in members {
                    assert!(
                        p.ids.contains(&m) || p.removed.contains(&m),
                        "incident {inc} held report {m}, which the placement left out"
                    );
                }
            }
        }
        for id in &p.removed {
            self.reports.remove(id);
            self.group.remove(id);
        }
        for (i, id) in p.ids.iter().enumerate() {
            self.group.insert(*id, p.groups[i]);
        }
        for inc in &p.incidents {
            let mut members: Vec<i64> = inc.reports.iter().map(|&i| p.ids[i]).collect();
            members.sort_unstable();
            for m in &members {
                self.incident_of.insert(*m, inc.id.clone());
            }
            let mut fields = inc.clone();
            fields.reports.clear();
            let before = self.incidents.insert(inc.id.clone(), (members, fields));
            assert!(before.is_none(), "two incidents named {}", inc.id);
        }
        for (key, bytes) in p.chunks {
            match bytes {
                Some(b) => {
                    self.chunks.insert(key, b);
                }
                None => {
                    self.chunks.remove(&key);
                }
            }
        }
        // Every placed report is in exactly one incident.
        for id in self.reports.keys() {
            assert!(
                self.incident_of.contains_key(id),
                "report {id} is in no incident"
            );
        }
    }

    /// Everything correlated at once, with the same ranks and decisions;
    /// and the index a full run writes.
    #[allow(clippy::type_complexity)]
    fn full(
        &self,
        decisions: &[Regroup],
    ) -> (
        BTreeMap<String, (Vec<i64>, Incident)>,
        BTreeMap<ChunkKey, Vec<u8>>,
    ) {
        let cfg = CorrelateConfig::default();
        let ids: Vec<i64> = self.reports.keys().copied().collect();
        let reports: Vec<Report> = self.reports.values().cloned().collect();
        let ranks: Vec<u64> = ids.iter().map(|&i| i as u64).collect();
        let incidents = truce_engine::correlate_ranked(&reports, &ranks, &cfg);
        let mut groups = vec![0; ids.len()];
        for inc in &incidents {
            for &i in &inc.reports {
                groups[i] = ids[inc.reports[0]];
            }
        }
        let chunks = truce_engine::index::chunks_from(&reports, &ids, &groups)
            .into_iter()
            .collect();
        let incidents = truce_engine::regroup(&reports, &ranks, incidents, decisions, &cfg);
        let incidents = incidents
            .into_iter()
            .map(|inc| {
                let mut members: Vec<i64> = inc.reports.iter().map(|&i| ids[i]).collect();
                members.sort_unstable();
                let mut fields = inc.clone();
                fields.reports.clear();
                (inc.id.clone(), (members, fields))
            })
            .collect();
        (incidents, chunks)
    }
}

/// One step of a mission's day.
#[derive(Debug, Clone)]
enum Step {
    /// These reports are filed (indices into the specs).
    File(Vec<usize>),
    /// An earlier report is filed again, changed.
    Change(usize, Spec),
    /// An earlier report is withdrawn.
    Remove(usize),
    /// Monitors merge (or split off) the incidents of these filed reports.
    Merge(usize, usize),
    Split(usize),
}

fn arb_day() -> impl Strategy<Value = (Vec<Spec>, Vec<Step>)> {
    arb_steps(prop::collection::vec(arb_spec(), 1..120).boxed())
}

/// A month and more of reports, some of them week- or month-long.
fn arb_month() -> impl Strategy<Value = (Vec<Spec>, Vec<Step>)> {
    arb_steps(prop::collection::vec(arb_spec_over(45, true), 1..200).boxed())
}

fn arb_steps(specs: BoxedStrategy<Vec<Spec>>) -> impl Strategy<Value = (Vec<Spec>, Vec<Step>)> {
    specs.prop_flat_map(|specs| {
        let n = specs.len();
        let order = Just((0..n).collect::<Vec<usize>>()).prop_shuffle();
        let cuts = prop::collection::vec(0..n, 0..6);
        let extras = prop::collection::vec(
            prop_oneof![
                3 => (0..n, arb_spec()).prop_map(|(i, s)| Step::Change(i, s)),
                1 => (0..n).prop_map(Step::Remove),
                2 => (0..n, 0..n).prop_map(|(a, b)| Step::Merge(a, b)),
                1 => (0..n).prop_map(Step::Split),
            ],
            0..6,
        );
        (Just(specs), order, cuts, extras, any::<u64>()).prop_map(
            |(specs, order, mut cuts, extras, seed)| {
                // Batches in filing order, cut at random places, with the
                // extra steps slipped in between them.
                cuts.push(0);
                cuts.push(order.len());
                cuts.sort_unstable();
                cuts.dedup();
                let mut steps: Vec<Step> = cuts
                    .windows(2)
                    .map(|w| Step::File(order[w[0]..w[1]].to_vec()))
                    .collect();
                let mut s = seed | 1;
                for e in extras {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    let at = 1 + (s % steps.len() as u64) as usize;
                    steps.insert(at.min(steps.len()), e);
                }
                (specs, steps)
            },
        )
    })
}

fn run_day(specs: &[Spec], steps: &[Step], generous: bool) -> Result<(), TestCaseError> {
    let mut m = Model {
        generous,
        ..Model::default()
    };
    // Filing order gives ids; a report keeps its id when filed again.
    let mut id_of: HashMap<usize, i64> = HashMap::new();
    let mut next = 1i64;
    let mut decisions: Vec<Regroup> = Vec::new();
    let key_of = |m: &Model, i: &usize, id_of: &HashMap<usize, i64>| {
        id_of
            .get(i)
            .and_then(|id| m.reports.get(id))
            .map(|r| ReportRef {
                source: r.source.clone(),
                external_id: r.external_id.clone(),
            })
    };
    for step in steps {
        match step {
            Step::File(batch) => {
                let mut rows = Vec::new();
                for &i in batch {
                    let id = *id_of.entry(i).or_insert_with(|| {
                        next += 1;
                        next - 1
                    });
                    rows.push((id, Some(report(i, &specs[i]))));
                }
                m.file(rows, &[], &decisions);
            }
            Step::Change(i, spec) => {
                if let Some(&id) = id_of.get(i)
                    && m.reports.contains_key(&id)
                {
                    m.file(vec![(id, Some(report(*i, spec)))], &[], &decisions);
                }
            }
            Step::Remove(i) => {
                if let Some(id) = id_of.get(i).copied()
                    && m.reports.contains_key(&id)
                {
                    m.file(vec![(id, None)], &[], &decisions);
                }
            }
            Step::Merge(a, b) => {
                let (Some(ka), Some(kb)) = (key_of(&m, a, &id_of), key_of(&m, b, &id_of)) else {
                    continue;
                };
                decisions.push(Regroup::Merge(vec![ka, kb]));
                let seed: Vec<i64> = [a, b]
                    .iter()
                    .filter_map(|i| id_of.get(i).and_then(|id| m.group.get(id)))
                    .copied()
                    .collect();
                m.file(Vec::new(), &seed, &decisions);
            }
            Step::Split(a) => {
                let Some(ka) = key_of(&m, a, &id_of) else {
                    continue;
                };
                decisions.push(Regroup::Split(vec![ka]));
                let seed: Vec<i64> = id_of
                    .get(a)
                    .and_then(|id| m.group.get(id))
                    .copied()
                    .into_iter()
                    .collect();
                m.file(Vec::new(), &seed, &decisions);
            }
        }
        let (full, chunks) = m.full(&decisions);
        prop_assert_eq!(&m.incidents, &full, "after {:?}", step);
        prop_assert!(
            m.chunks == chunks,
            "the index differs from a full run's after {:?}",
            step
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Placing batch after batch ends where one full correlation does.
    #[test]
    fn placing_batches_equals_correlating_everything((specs, steps) in arb_day()) {
        run_day(&specs, &steps, false)?;
    }

    /// Over weeks, with week- and month-long reports among them.
    #[test]
    fn placing_over_weeks_equals_correlating_everything((specs, steps) in arb_month()) {
        run_day(&specs, &steps, false)?;
    }

    /// A store may answer with more than it is asked for.
    #[test]
    fn more_neighbours_than_asked_change_nothing((specs, steps) in arb_day()) {
        run_day(&specs, &steps, true)?;
    }
}

#[test]
fn an_earlier_report_joining_keeps_the_incident_id() {
    let strike = |key: usize, minutes: i64| {
        report(
            key,
            &Spec {
                town: 0,
                jitter: (0.0, 0.0),
                minutes,
                tp: TimePrecision::Hour,
                gp: Some(GeoPrecision::Exact),
                act: Act::Strike,
                target: TargetClass::EnergySubstation,
                name: None,
            },
        )
    };
    let mut m = Model::default();
    m.file(vec![(1, Some(strike(1, 600)))], &[], &[]);
    let first: Vec<String> = m.incidents.keys().cloned().collect();
    // A report of the same strike, filed later, that puts it earlier.
    m.file(vec![(2, Some(strike(2, 580)))], &[], &[]);
    let after: Vec<String> = m.incidents.keys().cloned().collect();
    assert_eq!(first, after, "the incident was renamed");
    assert_eq!(m.incidents[&first[0]].0, vec![1, 2]);
}

#[test]
fn a_merge_after_a_split_is_applied_to_incidents_placed_since() {
    let specs = vec![
        Spec {
            town: 0,
            jitter: (0.020081194598147327, 0.01018087552055258),
            minutes: 2509,
            tp: TimePrecision::Day,
            gp: Some(GeoPrecision::NearSettlement),
            act: Act::Other,
            target: TargetClass::EnergySubstation,
            name: Some(4),
        },
        Spec {
            town: 6,
            jitter: (0.01618701148820123, 0.03627237959367525),
            minutes: 2445,
            tp: TimePrecision::Minute,
            gp: Some(GeoPrecision::Exact),
            act: Act::Strike,
            target: TargetClass::EnergySubstation,
            name: None,
        },
        Spec {
            town: 0,
            jitter: (0.025639799772314013, -0.013671661355303595),
            minutes: 2105,
            tp: TimePrecision::Day,
            gp: Some(GeoPrecision::Exact),
            act: Act::Shelling,
            target: TargetClass::Unknown,
            name: None,
        },
        Spec {
            town: 4,
            jitter: (0.03517396438320577, 0.02552808644965219),
            minutes: 2874,
            tp: TimePrecision::Hour,
            gp: Some(GeoPrecision::Exact),
            act: Act::Interception,
            target: TargetClass::EnergySubstation,
            name: None,
        },
        Spec {
            town: 6,
            jitter: (0.025049263563591582, 0.017370484408481136),
            minutes: 138,
            tp: TimePrecision::Minute,
            gp: Some(GeoPrecision::Settlement),
            act: Act::Interception,
            target: TargetClass::Unknown,
            name: None,
        },
        Spec {
            town: 1,
            jitter: (0.03229397845655141, 0.012578574168878717),
            minutes: 1357,
            tp: TimePrecision::Minute,
            gp: Some(GeoPrecision::Exact),
            act: Act::Shelling,
            target: TargetClass::EnergySubstation,
            name: None,
        },
        Spec {
            town: 5,
            jitter: (0.03471338330614381, 0.027970285379315334),
            minutes: 2695,
            tp: TimePrecision::Hour,
            gp: Some(GeoPrecision::NearSettlement),
            act: Act::Strike,
            target: TargetClass::CivilianResidential,
            name: None,
        },
        Spec {
            town: 4,
            jitter: (0.02896594846886403, -0.011595250194675569),
            minutes: 2702,
            tp: TimePrecision::Day,
            gp: Some(GeoPrecision::Exact),
            act: Act::Shelling,
            target: TargetClass::CivilianResidential,
            name: None,
        },
        Spec {
            town: 2,
            jitter: (-0.013391782863716466, -0.02558315300199436),
            minutes: 1154,
            tp: TimePrecision::Hour,
            gp: Some(GeoPrecision::Region),
            act: Act::Interception,
            target: TargetClass::Unknown,
            name: Some(3),
        },
        Spec {
            town: 7,
            jitter: (-0.00040381506413893014, -0.02957489435779474),
            minutes: 1317,
            tp: TimePrecision::Day,
            gp: Some(GeoPrecision::Settlement),
            act: Act::Other,
            target: TargetClass::Unknown,
            name: Some(2),
        },
        Spec {
            town: 7,
            jitter: (-9.95314107771683e-5, 0.01113205294387061),
            minutes: 2613,
            tp: TimePrecision::Hour,
            gp: Some(GeoPrecision::Settlement),
            act: Act::Strike,
            target: TargetClass::Unknown,
            name: None,
        },
        Spec {
            town: 0,
            jitter: (0.028590410847749437, 0.02985094966050259),
            minutes: 208,
            tp: TimePrecision::Minute,
            gp: Some(GeoPrecision::Exact),
            act: Act::Shelling,
            target: TargetClass::EnergySubstation,
            name: None,
        },
    ];
    let steps = vec![
        Step::File(vec![0, 1, 2, 3, 4, 5]),
        Step::Change(
            2,
            Spec {
                town: 0,
                jitter: (0.0, 0.0),
                minutes: 0,
                tp: TimePrecision::Minute,
                gp: Some(GeoPrecision::Exact),
                act: Act::Strike,
                target: TargetClass::EnergySubstation,
                name: None,
            },
        ),
        Step::Split(5),
        Step::File(vec![6]),
        Step::File(vec![7, 8, 9, 10, 11]),
        Step::Merge(0, 5),
    ];
    run_day(&specs, &steps, false).expect("placement equals a full run");
}

/// A chunk rewritten keeps the reports in it that the replay left idle: a
/// day-long report of Sunday shares its hour's chunk with a brief one far
/// away that ended long before the batch; a week-long report of the next
/// week joins the day's incident, which changes the day report's record
/// (its group's earliest long member), so the chunk is written again.
#[test]
fn a_rewritten_chunk_keeps_the_reports_left_idle() {
    let spec = |town: usize, minutes: i64, tp: TimePrecision| Spec {
        town,
        jitter: (0.0, 0.0),
        minutes,
        tp,
        gp: Some(GeoPrecision::Exact),
        act: Act::Strike,
        target: TargetClass::EnergySubstation,
        name: None,
    };
    // Minutes from Tuesday 25 March 2025, 02:00 in Kyiv (UTC+2).
    let specs = vec![
        // Sunday 23 March, 00:10 in Kyiv, far from the others.
        spec(7, -2990, TimePrecision::Minute),
        // Sunday 23 March, the whole day.
        spec(0, -2160, TimePrecision::Day),
        // A week (three days before its day, four after) from Monday 24
        // March, 00:00: it begins as Sunday ends.
        spec(0, 3480, TimePrecision::Week),
    ];
    let steps = vec![Step::File(vec![0, 1]), Step::File(vec![2])];
    if let Err(e) = run_day(&specs, &steps, false) {
        panic!("{e}");
    }
}
