//! Ship tracks and their observations.

use crate::*;
use rusqlite::params;
use truce_store::{VesselInfo, VesselObservation, VesselPosition, VesselStore, VesselTrack};

fn info(r: &rusqlite::Row<'_>) -> rusqlite::Result<VesselInfo> {
    Ok(VesselInfo {
        mmsi: r.get(0)?,
        name: r.get(1)?,
        shiptype: r.get(2)?,
        callsign: r.get(3)?,
        imo: r.get(4)?,
    })
}

fn position(r: &rusqlite::Row<'_>) -> rusqlite::Result<VesselPosition> {
    Ok(VesselPosition {
        mmsi: r.get(0)?,
        at: r.get(1)?,
        lat: r.get(2)?,
        lon: r.get(3)?,
        speed: r.get(4)?,
        course: r.get(5)?,
    })
}

impl SqliteStore {
    /// Groups positions (by vessel, in time order) into tracks.
    fn tracks_of(&self, positions: Vec<VesselPosition>) -> Result<Vec<VesselTrack>> {
        let mut out: Vec<VesselTrack> = Vec::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT mmsi, name, shiptype, callsign, imo FROM vessels WHERE mmsi = ?1",
            )
            .db()?;
        for p in positions {
            if out.last().is_none_or(|t| t.vessel.mmsi != p.mmsi) {
                let vessel = st
                    .query_row([p.mmsi], info)
                    .optional()
                    .db()?
                    .unwrap_or(VesselInfo {
                        mmsi: p.mmsi,
                        ..VesselInfo::default()
                    });
                out.push(VesselTrack {
                    vessel,
                    positions: Vec::new(),
                });
            }
            if let Some(t) = out.last_mut() {
                t.positions.push(p);
            }
        }
        Ok(out)
    }
}

use rusqlite::OptionalExtension;

impl VesselStore for SqliteStore {
    fn add_vessel_positions(
        &mut self,
        vessels: &[VesselInfo],
        positions: &[VesselPosition],
    ) -> Result<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        let mut added = 0u64;
        {
            // What a vessel says it is: a field it did not send keeps the
            // value it sent before.
            let mut v = tx
                .prepare_cached(
                    "INSERT INTO vessels (mmsi, name, shiptype, callsign, imo) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (mmsi) DO UPDATE SET
                       name = COALESCE(excluded.name, name),
                       shiptype = COALESCE(excluded.shiptype, shiptype),
                       callsign = COALESCE(excluded.callsign, callsign),
                       imo = COALESCE(excluded.imo, imo)",
                )
                .db()?;
            for x in vessels {
                v.execute(params![x.mmsi, x.name, x.shiptype, x.callsign, x.imo])
                    .db()?;
            }
            let mut p = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO vessel_positions (mmsi, at, lat, lon, speed, course)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .db()?;
            for x in positions {
                added += p
                    .execute(params![x.mmsi, x.at, x.lat, x.lon, x.speed, x.course])
                    .db()? as u64;
            }
        }
        tx.commit().db()?;
        Ok(added)
    }

    fn vessel_tracks(&self, mmsis: &[u32]) -> Result<Vec<VesselTrack>> {
        let mut positions = Vec::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT mmsi, at, lat, lon, speed, course FROM vessel_positions WHERE mmsi = ?1 ORDER BY at",
            )
            .db()?;
        let mut sorted = mmsis.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        for m in sorted {
            let rows = st.query_map([m], position).db()?;
            for r in rows {
                positions.push(r.db()?);
            }
        }
        self.tracks_of(positions)
    }

    fn vessel_tracks_near(
        &self,
        from: i64,
        to: i64,
        bbox: (f64, f64, f64, f64),
    ) -> Result<Vec<VesselTrack>> {
        let (south, west, north, east) = bbox;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT mmsi, at, lat, lon, speed, course FROM vessel_positions
                 WHERE at BETWEEN ?1 AND ?2 AND lat BETWEEN ?3 AND ?4 AND lon BETWEEN ?5 AND ?6
                 ORDER BY mmsi, at",
            )
            .db()?;
        let rows = st
            .query_map(params![from, to, south, north, west, east], position)
            .db()?;
        let mut positions = Vec::new();
        for r in rows {
            positions.push(r.db()?);
        }
        self.tracks_of(positions)
    }

    fn replace_vessel_observations(
        &mut self,
        mmsis: &[u32],
        observations: &[VesselObservation],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        {
            let mut del = tx
                .prepare_cached("DELETE FROM vessel_observations WHERE mmsi = ?1")
                .db()?;
            for m in mmsis {
                del.execute([m]).db()?;
            }
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO vessel_observations (mmsi, activity, name, zone, from_at, to_at,
                       first_lat, first_lon, last_lat, last_lon, positions, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .db()?;
            for o in observations {
                ins.execute(params![
                    o.mmsi,
                    o.activity,
                    o.name,
                    o.zone,
                    o.from,
                    o.to,
                    o.first.0,
                    o.first.1,
                    o.last.0,
                    o.last.1,
                    o.positions as i64,
                    o.detail
                ])
                .db()?;
            }
        }
        tx.commit().db()
    }

    fn vessel_observations(&self, from: i64, to: i64) -> Result<Vec<VesselObservation>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT activity, mmsi, name, zone, from_at, to_at, first_lat, first_lon,
                        last_lat, last_lon, positions, detail
                 FROM vessel_observations WHERE from_at <= ?2 AND to_at >= ?1
                 ORDER BY from_at, mmsi, activity",
            )
            .db()?;
        let rows = st
            .query_map(params![from, to], |r| {
                Ok(VesselObservation {
                    activity: r.get(0)?,
                    mmsi: r.get(1)?,
                    name: r.get(2)?,
                    zone: r.get(3)?,
                    from: r.get(4)?,
                    to: r.get(5)?,
                    first: (r.get(6)?, r.get(7)?),
                    last: (r.get(8)?, r.get(9)?),
                    positions: r.get::<_, i64>(10)? as u64,
                    detail: r.get(11)?,
                })
            })
            .db()?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.db()?);
        }
        Ok(out)
    }

    fn vessel_counts(&self) -> Result<(u64, u64)> {
        let vessels: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM vessels", [], |r| r.get(0))
            .db()?;
        let positions: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM vessel_positions", [], |r| r.get(0))
            .db()?;
        Ok((vessels as u64, positions as u64))
    }
}
