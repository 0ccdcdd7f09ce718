//! Ship activity in an agreement's maritime zone (the Black Sea of the third
//! commitment), from a vessel's track of AIS positions: when it was inside
//! the zone, whether it is a military vessel (AIS ship type 35) or on the
//! mission's watchlist while in or near the zone, and when it fell silent
//! in or near the zone for longer than a threshold ("went dark"). Each is
//! an [`Observation`] over a time interval.
//!
//! Pure: tracks, zones and the watchlist are handed in; nothing is stored.
//! "Near" is measured to the zone's boundary, so that ports and bays the
//! coarse polygon leaves out (Sevastopol Bay, Novorossiysk's) still count,
//! while the Sea of Azov, far from the boundary, does not.

use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;
use truce_geo::{ZoneIndex, ZoneMembership};
use truce_model::LatLon;

/// The AIS ship type "engaged in military operations".
pub const MILITARY_SHIPTYPE: u8 = 35;

/// One position report: where a vessel was, and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub at: Timestamp,
    pub point: LatLon,
}

/// A vessel's positions in time order, with what it says it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Track {
    pub mmsi: u32,
    pub name: Option<String>,
    /// AIS ship type (from message 5, 19 or 24 B), when known.
    pub shiptype: Option<u8>,
    pub fixes: Vec<Fix>,
}

/// The thresholds of [`observe`].
#[derive(Debug, Clone, PartialEq)]
pub struct MaritimeConfig {
    /// Within this distance of the zone's boundary (outside it) a vessel is
    /// "near" the zone.
    pub near_km: f64,
    /// A silence longer than this, in or near the zone, is a dark period.
    pub dark_after: SignedDuration,
    /// The end of the period looked at: a vessel last heard in or near the
    /// zone more than `dark_after` before it is dark until it. `None`: only
    /// silences between two positions count.
    pub until: Option<Timestamp>,
}

impl Default for MaritimeConfig {
    fn default() -> Self {
        MaritimeConfig {
            near_km: 20.0,
            dark_after: SignedDuration::from_hours(6),
            until: None,
        }
    }
}

/// What an observation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    /// Inside the zone from `from` to `to` (consecutive positions inside).
    InZone,
    /// A vessel of ship type 35 in or near the zone.
    Military,
    /// A vessel on the mission's watchlist in or near the zone.
    Watchlisted,
    /// No transmission for longer than the threshold, in or near the zone.
    Dark,
}

impl Activity {
    pub fn id(self) -> &'static str {
        match self {
            Activity::InZone => "in-zone",
            Activity::Military => "military",
            Activity::Watchlisted => "watchlisted",
            Activity::Dark => "dark",
        }
    }
}

/// One piece of activity of one vessel, over an interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub activity: Activity,
    pub mmsi: u32,
    pub name: Option<String>,
    pub zone: String,
    pub from: Timestamp,
    pub to: Timestamp,
    /// Where the vessel was at `from` and at `to` (for a dark period: last
    /// heard, and heard again; the same point when it was not heard again).
    pub first: LatLon,
    pub last: LatLon,
    /// Positions the observation rests on.
    pub fixes: usize,
    /// In words, for a monitor.
    pub detail: String,
}

/// The zone asked for is not among the agreement's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl std::fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the agreement has no zone \"{}\"", self.0)
    }
}

impl std::error::Error for UnknownZone {}

/// An entry of the mission's watchlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchEntry {
    pub mmsi: u32,
    pub name: String,
    pub note: String,
}

/// The vessels a mission watches, by MMSI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watchlist {
    by_mmsi: BTreeMap<u32, WatchEntry>,
}

/// A line of a watchlist file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistError {
    /// 1-based; 1 is the header.
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for WatchlistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Watchlist {
    /// Reads a CSV file with a header naming `mmsi` and optionally `name`
    /// and `note` (in any order; other columns are ignored). Every bad line
    /// is reported, not only the first.
    pub fn from_csv(text: &str) -> Result<Watchlist, Vec<WatchlistError>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let err = |line: u64, message: String| WatchlistError { line, message };
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(vec![err(1, format!("cannot read the header: {e}"))]),
        };
        let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let Some(mmsi_col) = col("mmsi") else {
            return Err(vec![err(
                1,
                "the header has no \"mmsi\" column (mmsi,name,note)".into(),
            )]);
        };
        let (name_col, note_col) = (col("name"), col("note"));
        let mut list = Watchlist::default();
        let mut errors = Vec::new();
        let mut first_seen: BTreeMap<u32, u64> = BTreeMap::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(err(line, format!("cannot read the line: {e}")));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let field = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
            let raw = field(Some(mmsi_col));
            let mmsi = match raw.parse::<u32>() {
                Ok(m) if raw.len() <= 9 && (1..=999_999_999).contains(&m) => m,
                _ => {
                    errors.push(err(
                        line,
                        format!("mmsi \"{raw}\" is not an MMSI (up to nine digits)"),
                    ));
                    continue;
                }
            };
            if let Some(before) = first_seen.insert(mmsi, line) {
                errors.push(err(
                    line,
                    format!("MMSI {mmsi} is already listed on line {before}"),
                ));
                continue;
            }
            list.by_mmsi.insert(
                mmsi,
                WatchEntry {
                    mmsi,
                    name: field(name_col).to_string(),
                    note: field(note_col).to_string(),
                },
            );
        }
        if errors.is_empty() {
            Ok(list)
        } else {
            Err(errors)
        }
    }

    pub fn get(&self, mmsi: u32) -> Option<&WatchEntry> {
        self.by_mmsi.get(&mmsi)
    }

    pub fn len(&self) -> usize {
        self.by_mmsi.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_mmsi.is_empty()
    }
}

/// Where one position lies relative to the zone.
#[derive(Clone, Copy)]
struct Placed {
    fix: Fix,
    inside: bool,
    near: bool,
    boundary_km: f64,
}

fn hours(d: SignedDuration) -> String {
    let m = d.as_secs() / 60;
    format!("{} h {:02} min", m / 60, m % 60)
}

/// The observations one track yields for one zone, in time order.
pub fn observe(
    track: &Track,
    zones: &ZoneIndex,
    zone_id: &str,
    watchlist: &Watchlist,
    cfg: &MaritimeConfig,
) -> Result<Vec<Observation>, UnknownZone> {
    if zones.name(zone_id).is_none() {
        return Err(UnknownZone(zone_id.to_string()));
    }
    let mut fixes: Vec<Fix> = track
        .fixes
        .iter()
        .copied()
        .filter(|f| f.point.is_valid())
        .collect();
    fixes.sort_by_key(|f| f.at);
    let placed: Vec<Placed> = fixes
        .iter()
        .map(|&fix| {
            let m = zones
                .membership(zone_id, fix.point, 0.0)
                .unwrap_or(ZoneMembership::Outside {
                    boundary_km: f64::INFINITY,
                });
            let inside = matches!(
                m,
                ZoneMembership::Inside { .. } | ZoneMembership::Uncertain { inside: true, .. }
            );
            let boundary_km = m.boundary_km();
            Placed {
                fix,
                inside,
                near: inside || boundary_km <= cfg.near_km,
                boundary_km,
            }
        })
        .collect();
    let make = |activity, run: &[Placed], detail: String| Observation {
        activity,
        mmsi: track.mmsi,
        name: track.name.clone(),
        zone: zone_id.to_string(),
        from: run[0].fix.at,
        to: run[run.len() - 1].fix.at,
        first: run[0].fix.point,
        last: run[run.len() - 1].fix.point,
        fixes: run.len(),
        detail,
    };
    let mut out = Vec::new();

    // Stays inside: maximal runs of consecutive positions inside.
    for (start, end) in runs(&placed, |p| p.inside) {
        let entered = if start > 0 {
            "entered the zone"
        } else {
            "inside from its first position"
        };
        let left = if end < placed.len() {
            "left it"
        } else {
            "still inside at its last position"
        };
        let run = &placed[start..end];
        let span = run[run.len() - 1].fix.at.duration_since(run[0].fix.at);
        out.push(make(
            Activity::InZone,
            run,
            format!(
                "{entered}, {} positions over {}, {left}",
                run.len(),
                hours(span)
            ),
        ));
    }

    // What the vessel is, while in or near the zone.
    let military = track.shiptype == Some(MILITARY_SHIPTYPE);
    let watched = watchlist.get(track.mmsi);
    if military || watched.is_some() {
        for (start, end) in runs(&placed, |p| p.near) {
            let run = &placed[start..end];
            let inside = run.iter().filter(|p| p.inside).count();
            let closest = run
                .iter()
                .filter(|p| !p.inside)
                .map(|p| p.boundary_km)
                .fold(f64::INFINITY, f64::min);
            let whereabouts = if inside == run.len() {
                "inside the zone".to_string()
            } else if inside > 0 {
                format!("{inside} of {} positions inside the zone", run.len())
            } else {
                format!("near the zone, {closest:.0} km from it at the closest")
            };
            if military {
                out.push(make(
                    Activity::Military,
                    run,
                    format!("ship type 35 (military operations), {whereabouts}"),
                ));
            }
            if let Some(w) = watched {
                let who = [w.name.as_str(), w.note.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(": ");
                out.push(make(
                    Activity::Watchlisted,
                    run,
                    format!("on the watchlist ({who}), {whereabouts}"),
                ));
            }
        }
    }

    // Silences in or near the zone.
    let describe = |p: &Placed| {
        if p.inside {
            "inside the zone".to_string()
        } else {
            format!("{:.0} km from the zone", p.boundary_km)
        }
    };
    for w in placed.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let gap = b.fix.at.duration_since(a.fix.at);
        if gap > cfg.dark_after && (a.near || b.near) {
            out.push(make(
                Activity::Dark,
                w,
                format!(
                    "silent for {}: last heard {}, heard again {}",
                    hours(gap),
                    describe(a),
                    describe(b)
                ),
            ));
        }
    }
    if let (Some(last), Some(until)) = (placed.last(), cfg.until) {
        let gap = until.duration_since(last.fix.at);
        if last.near && gap > cfg.dark_after {
            let mut o = make(
                Activity::Dark,
                std::slice::from_ref(last),
                format!(
                    "not heard for {} before the end of the period, last heard {}",
                    hours(gap),
                    describe(last)
                ),
            );
            o.to = until;
            out.push(o);
        }
    }
    out.sort_by_key(|o| (o.from, o.activity));
    Ok(out)
}

/// The `[start, end)` ranges of consecutive items for which `pred` holds.
fn runs<T>(items: &[T], pred: impl Fn(&T) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, it) in items.iter().enumerate() {
        match (pred(it), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, items.len()));
    }
    out
}
