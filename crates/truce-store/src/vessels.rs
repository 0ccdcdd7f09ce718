//! Ship positions from AIS and the activity they show in the agreement's
//! maritime zones. Positions are sensor data, not claims: they are kept as
//! tracks (one row per vessel and time), and the observations computed from
//! them (a stay in the zone, a military vessel, a watchlisted one, a dark
//! period) are replaced whenever a vessel's track grows.

use crate::Result;

/// What a vessel says it is (AIS static messages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VesselInfo {
    pub mmsi: u32,
    pub name: Option<String>,
    /// AIS ship type (35: military operations).
    pub shiptype: Option<u8>,
    pub callsign: Option<String>,
    pub imo: Option<u32>,
}

/// One position of one vessel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VesselPosition {
    pub mmsi: u32,
    /// When the receiver got it, seconds since 1970 (UTC).
    pub at: i64,
    pub lat: f64,
    pub lon: f64,
    /// Knots, when given.
    pub speed: Option<f64>,
    /// Degrees from true north, when given.
    pub course: Option<f64>,
}

/// One piece of a vessel's activity in a zone, over an interval.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselObservation {
    /// `in-zone`, `military`, `watchlisted` or `dark`.
    pub activity: String,
    pub mmsi: u32,
    pub name: Option<String>,
    pub zone: String,
    pub from: i64,
    pub to: i64,
    /// Where it was at `from` and at `to` (lat, lon).
    pub first: (f64, f64),
    pub last: (f64, f64),
    /// Positions the observation rests on.
    pub positions: u64,
    /// In words, for a monitor.
    pub detail: String,
}

/// A vessel's track within a time window.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselTrack {
    pub vessel: VesselInfo,
    /// In time order.
    pub positions: Vec<VesselPosition>,
}

pub trait VesselStore {
    /// Stores what vessels say they are (the latest wins) and their
    /// positions; a position already stored (same vessel, same time) is not
    /// stored twice. Returns how many positions were new.
    fn add_vessel_positions(
        &mut self,
        vessels: &[VesselInfo],
        positions: &[VesselPosition],
    ) -> Result<u64>;
    /// Every position of these vessels, with what they say they are.
    fn vessel_tracks(&self, mmsis: &[u32]) -> Result<Vec<VesselTrack>>;
    /// The tracks of vessels with a position in the window `[from, to]`
    /// inside the box (south, west, north, east), holding only the
    /// positions in the window.
    fn vessel_tracks_near(
        &self,
        from: i64,
        to: i64,
        bbox: (f64, f64, f64, f64),
    ) -> Result<Vec<VesselTrack>>;
    /// Replaces the observations of these vessels with `observations`.
    fn replace_vessel_observations(
        &mut self,
        mmsis: &[u32],
        observations: &[VesselObservation],
    ) -> Result<()>;
    /// The observations that overlap `[from, to]`, earliest first.
    fn vessel_observations(&self, from: i64, to: i64) -> Result<Vec<VesselObservation>>;
    /// How many vessels and positions are stored.
    fn vessel_counts(&self) -> Result<(u64, u64)>;
}
