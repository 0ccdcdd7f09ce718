//! Ship positions into the workspace: AIS messages become vessel tracks in
//! the store, and each vessel whose track grew has its activity in the
//! agreement's maritime zones computed again (`truce_engine::maritime`).
//! The incident page asks here which vessels were near an incident.

use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use truce_engine::maritime::{self, Fix, MaritimeConfig, Track, Watchlist};
use truce_ingest::ais::AisMessage;
use truce_model::LatLon;
use truce_store::prelude::*;
use truce_store::{VesselInfo, VesselObservation, VesselPosition, VesselTrack};

/// Where the mission's watchlist is kept (CSV text), so that later files
/// are judged against the same list.
pub const WATCHLIST: &str = "ais_watchlist";
/// Positions stored per transaction.
const BATCH: usize = 20_000;

/// What an AIS intake stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AisStored {
    pub messages: u64,
    /// Positions new to the store (a position already stored is skipped).
    pub new_positions: u64,
    pub duplicate_positions: u64,
    /// Positions without a reception time (no NMEA tag block): a track
    /// needs the time, so they are left out and counted.
    pub untimed: u64,
    pub vessels: usize,
    /// Observations of the vessels this intake concerned, after it.
    pub observations: usize,
}

/// Collects decoded messages and stores them in batches.
pub struct AisIntake<'a> {
    store: &'a mut dyn Store,
    vessels: BTreeMap<u32, VesselInfo>,
    positions: Vec<VesselPosition>,
    touched: BTreeSet<u32>,
    stored: AisStored,
}

impl<'a> AisIntake<'a> {
    pub fn new(store: &'a mut dyn Store) -> AisIntake<'a> {
        AisIntake {
            store,
            vessels: BTreeMap::new(),
            positions: Vec::new(),
            touched: BTreeSet::new(),
            stored: AisStored::default(),
        }
    }

    /// Takes one message; stores a batch when one is full.
    pub fn push(&mut self, m: &AisMessage) -> Result<()> {
        self.stored.messages += 1;
        let v = self.vessels.entry(m.mmsi).or_insert_with(|| VesselInfo {
            mmsi: m.mmsi,
            ..VesselInfo::default()
        });
        if m.shiptype.is_some() {
            v.shiptype = m.shiptype;
        }
        // Type 21 (aids to navigation) names a buoy, not a ship.
        if m.shipname.is_some() && m.msg_type != 21 {
            v.name.clone_from(&m.shipname);
        }
        if m.callsign.is_some() {
            v.callsign.clone_from(&m.callsign);
        }
        if m.imo.is_some() {
            v.imo = m.imo;
        }
        if let (Some(lat), Some(lon)) = (m.lat, m.lon) {
            match m
                .received
                .as_deref()
                .and_then(|r| r.parse::<jiff::Timestamp>().ok())
            {
                Some(at) => self.positions.push(VesselPosition {
                    mmsi: m.mmsi,
                    at: at.as_second(),
                    lat,
                    lon,
                    speed: m.speed,
                    course: m.course,
                }),
                None => self.stored.untimed += 1,
            }
        }
        if self.positions.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let vessels: Vec<VesselInfo> = std::mem::take(&mut self.vessels).into_values().collect();
        let positions = std::mem::take(&mut self.positions);
        let added = self.store.add_vessel_positions(&vessels, &positions)?;
        self.stored.new_positions += added;
        self.stored.duplicate_positions += positions.len() as u64 - added;
        self.touched.extend(vessels.iter().map(|v| v.mmsi));
        Ok(())
    }

    /// What has been stored so far.
    pub fn stored(&self) -> &AisStored {
        &self.stored
    }

    /// For a live feed: stores what is pending and brings the activity of
    /// the vessels heard since the last commit up to date, then goes on.
    pub fn commit(&mut self, watchlist: Option<&Watchlist>) -> Result<()> {
        self.flush()?;
        self.observe_touched(watchlist)?;
        self.touched.clear();
        Ok(())
    }

    fn observe_touched(&mut self, watchlist: Option<&Watchlist>) -> Result<()> {
        let kept;
        let watchlist = match watchlist {
            Some(w) => w,
            None => {
                kept = stored_watchlist(&*self.store)?;
                &kept
            }
        };
        let mmsis: Vec<u32> = self.touched.iter().copied().collect();
        let observations = observe(&*self.store, &mmsis, watchlist)?;
        self.stored.observations = observations.len();
        self.store
            .replace_vessel_observations(&mmsis, &observations)?;
        Ok(())
    }

    /// Stores what is left and computes again the activity of every vessel
    /// the intake concerned, judged against `watchlist` (or, when None, the
    /// one the workspace keeps).
    pub fn finish(mut self, watchlist: Option<&Watchlist>) -> Result<AisStored> {
        self.flush()?;
        let kept;
        let watchlist = match watchlist {
            Some(w) => w,
            None => {
                kept = stored_watchlist(&*self.store)?;
                &kept
            }
        };
        self.stored.vessels = self.touched.len();
        self.observe_touched(Some(watchlist))?;
        Ok(self.stored)
    }
}

/// The watchlist the workspace keeps (empty when none was loaded).
pub fn stored_watchlist(store: &dyn Store) -> Result<Watchlist> {
    match store.meta(WATCHLIST)? {
        None => Ok(Watchlist::default()),
        Some(text) => Watchlist::from_csv(&text).map_err(|errors| {
            anyhow::anyhow!(
                "the workspace's watchlist is damaged: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }),
    }
}

/// The activity of these vessels in every zone of the agreement, from their
/// whole stored tracks. A vessel silent at the end of its track counts as
/// dark until the last position heard from any of them.
fn observe(
    store: &dyn Store,
    mmsis: &[u32],
    watchlist: &Watchlist,
) -> Result<Vec<VesselObservation>> {
    let agreement = store.agreement()?.agreement;
    if agreement.zones.is_empty() || mmsis.is_empty() {
        return Ok(Vec::new());
    }
    let zones = truce_geo::ZoneIndex::new(&agreement.zones)
        .map_err(|e| anyhow::anyhow!("the agreement's zones: {e}"))?;
    let tracks = store.vessel_tracks(mmsis)?;
    let last = tracks
        .iter()
        .flat_map(|t| t.positions.last())
        .map(|p| p.at)
        .max();
    let cfg = MaritimeConfig {
        until: last.and_then(|s| jiff::Timestamp::from_second(s).ok()),
        ..MaritimeConfig::default()
    };
    let mut out = Vec::new();
    for t in &tracks {
        let track = engine_track(t);
        for z in &agreement.zones {
            let obs = maritime::observe(&track, &zones, &z.id, watchlist, &cfg)
                .with_context(|| format!("zone {}", z.id))?;
            out.extend(obs.into_iter().map(|o| VesselObservation {
                activity: o.activity.id().to_string(),
                mmsi: o.mmsi,
                name: o.name,
                zone: o.zone,
                from: o.from.as_second(),
                to: o.to.as_second(),
                first: (o.first.lat, o.first.lon),
                last: (o.last.lat, o.last.lon),
                positions: o.fixes as u64,
                detail: o.detail,
            }));
        }
    }
    Ok(out)
}

fn engine_track(t: &VesselTrack) -> Track {
    Track {
        mmsi: t.vessel.mmsi,
        name: t.vessel.name.clone(),
        shiptype: t.vessel.shiptype,
        fixes: t
            .positions
            .iter()
            .filter_map(|p| {
                Some(Fix {
                    at: jiff::Timestamp::from_second(p.at).ok()?,
                    point: LatLon::new(p.lat, p.lon),
                })
            })
            .collect(),
    }
}

/// A vessel near an incident: its closest heard position in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselNear {
    pub vessel: VesselInfo,
    pub closest_km: f64,
    pub at: i64,
    pub positions: usize,
    /// Its observations overlapping the window ("military", "dark"…).
    pub activities: Vec<String>,
}

/// How far and how long around an incident vessels are looked for.
pub const NEAR_KM: f64 = 50.0;
pub const NEAR_SECONDS: i64 = 12 * 3600;

/// The vessels heard within [`NEAR_KM`] of `point` from [`NEAR_SECONDS`]
/// before `start` to as long after `end`, closest first.
pub fn near(store: &dyn Store, point: LatLon, start: i64, end: i64) -> Result<Vec<VesselNear>> {
    let (from, to) = (start - NEAR_SECONDS, end + NEAR_SECONDS);
    let dlat = NEAR_KM / truce_geo::KM_PER_DEGREE_LAT;
    let dlon = NEAR_KM / truce_geo::km_per_degree_lon(point.lat).max(1.0);
    let tracks = store.vessel_tracks_near(
        from,
        to,
        (
            point.lat - dlat,
            point.lon - dlon,
            point.lat + dlat,
            point.lon + dlon,
        ),
    )?;
    if tracks.is_empty() {
        return Ok(Vec::new());
    }
    let observations = store.vessel_observations(from, to)?;
    let mut out: Vec<VesselNear> = tracks
        .into_iter()
        .filter_map(|t| {
            let (d, at) = t
                .positions
                .iter()
                .map(|p| {
                    (
                        truce_geo::haversine_km(point, LatLon::new(p.lat, p.lon)),
                        p.at,
                    )
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))?;
            if d > NEAR_KM {
                return None;
            }
            let mut activities: Vec<String> = observations
                .iter()
                .filter(|o| o.mmsi == t.vessel.mmsi && o.activity != "in-zone")
                .map(|o| o.activity.clone())
                .collect();
            activities.sort();
            activities.dedup();
            Some(VesselNear {
                closest_km: d,
                at,
                positions: t.positions.len(),
                activities,
                vessel: t.vessel,
            })
        })
        .collect();
    out.sort_by(|a, b| a.closest_km.total_cmp(&b.closest_km));
    Ok(out)
}

/// Loads a watchlist file and keeps it in the workspace.
pub fn load_watchlist(store: &mut dyn Store, path: &std::path::Path) -> Result<Watchlist> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let list = Watchlist::from_csv(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{e}", path.display()))
            .collect();
        anyhow::anyhow!("the watchlist has errors:\n{}", lines.join("\n"))
    })?;
    store.set_meta(WATCHLIST, &text)?;
    Ok(list)
}
