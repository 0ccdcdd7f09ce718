//! Ship tracks and their observations.

use crate::log::CHUNK;
use crate::*;
use truce_store::{VesselInfo, VesselObservation, VesselPosition, VesselStore, VesselTrack};

fn narrow<T: TryFrom<i64>>(v: Option<i64>, what: &str) -> Result<Option<T>> {
    v.map(|n| T::try_from(n).map_err(|_| damaged(what, format!("{n} is out of range"))))
        .transpose()
}

fn info(r: &Row) -> Result<VesselInfo> {
    Ok(VesselInfo {
        mmsi: narrow(Some(get(r, 0)?), "mmsi")?.unwrap_or(0),
        name: get(r, 1)?,
        shiptype: narrow(get(r, 2)?, "ship type")?,
        callsign: get(r, 3)?,
        imo: narrow(get(r, 4)?, "IMO number")?,
    })
}

fn position(r: &Row) -> Result<VesselPosition> {
    Ok(VesselPosition {
        mmsi: narrow(Some(get(r, 0)?), "mmsi")?.unwrap_or(0),
        at: get(r, 1)?,
        lat: get(r, 2)?,
        lon: get(r, 3)?,
        speed: get(r, 4)?,
        course: get(r, 5)?,
    })
}

impl PgStore {
    /// Groups positions (by vessel, in time order) into tracks.
    fn tracks_of(&self, positions: Vec<VesselPosition>) -> Result<Vec<VesselTrack>> {
        let mut mmsis: Vec<i64> = positions.iter().map(|p| i64::from(p.mmsi)).collect();
        mmsis.dedup();
        let mut infos = std::collections::HashMap::new();
        for chunk in mmsis.chunks(CHUNK) {
            for r in self
                .c()?
                .query(
                    "SELECT mmsi, name, shiptype, callsign, imo FROM vessels WHERE mmsi = ANY($1)",
                    &[&chunk],
                )
                .db()?
            {
                let v = info(&r)?;
                infos.insert(v.mmsi, v);
            }
        }
        let mut out: Vec<VesselTrack> = Vec::new();
        for p in positions {
            if out.last().is_none_or(|t| t.vessel.mmsi != p.mmsi) {
                out.push(VesselTrack {
                    vessel: infos.get(&p.mmsi).cloned().unwrap_or(VesselInfo {
                        mmsi: p.mmsi,
                        ..VesselInfo::default()
                    }),
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

impl VesselStore for PgStore {
    fn add_vessel_positions(
        &mut self,
        vessels: &[VesselInfo],
        positions: &[VesselPosition],
    ) -> Result<u64> {
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        // What a vessel says it is: a field it did not send keeps the value
        // it sent before.
        for x in vessels {
            tx.execute(
                "INSERT INTO vessels (mmsi, name, shiptype, callsign, imo) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (mmsi) DO UPDATE SET \
                   name = COALESCE(excluded.name, vessels.name), \
                   shiptype = COALESCE(excluded.shiptype, vessels.shiptype), \
                   callsign = COALESCE(excluded.callsign, vessels.callsign), \
                   imo = COALESCE(excluded.imo, vessels.imo)",
                &[
                    &i64::from(x.mmsi),
                    &x.name,
                    &x.shiptype.map(i64::from),
                    &x.callsign,
                    &x.imo.map(i64::from),
                ],
            )
            .db()?;
        }
        let mut added = 0;
        for chunk in positions.chunks(CHUNK) {
            let mmsi: Vec<i64> = chunk.iter().map(|p| i64::from(p.mmsi)).collect();
            let at: Vec<i64> = chunk.iter().map(|p| p.at).collect();
            let lat: Vec<f64> = chunk.iter().map(|p| p.lat).collect();
            let lon: Vec<f64> = chunk.iter().map(|p| p.lon).collect();
            let speed: Vec<Option<f64>> = chunk.iter().map(|p| p.speed).collect();
            let course: Vec<Option<f64>> = chunk.iter().map(|p| p.course).collect();
            added += tx
                .execute(
                    "INSERT INTO vessel_positions (mmsi, at, lat, lon, speed, course) \
                     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[], \
                     $5::float8[], $6::float8[]) ON CONFLICT (mmsi, at) DO NOTHING",
                    &[&mmsi, &at, &lat, &lon, &speed, &course],
                )
                .db()?;
        }
        tx.commit().db()?;
        Ok(added)
    }

    fn vessel_tracks(&self, mmsis: &[u32]) -> Result<Vec<VesselTrack>> {
        let ids: Vec<i64> = mmsis.iter().map(|m| i64::from(*m)).collect();
        let rows = self
            .c()?
            .query(
                "SELECT mmsi, at, lat, lon, speed, course FROM vessel_positions \
                 WHERE mmsi = ANY($1) ORDER BY mmsi, at",
                &[&ids],
            )
            .db()?;
        let positions = rows.iter().map(position).collect::<Result<Vec<_>>>()?;
        self.tracks_of(positions)
    }

    fn vessel_tracks_near(
        &self,
        from: i64,
        to: i64,
        bbox: (f64, f64, f64, f64),
    ) -> Result<Vec<VesselTrack>> {
        let (south, west, north, east) = bbox;
        let rows = self
            .c()?
            .query(
                "SELECT mmsi, at, lat, lon, speed, course FROM vessel_positions \
                 WHERE at BETWEEN $1 AND $2 AND lat BETWEEN $3 AND $4 AND lon BETWEEN $5 AND $6 \
                 ORDER BY mmsi, at",
                &[&from, &to, &south, &north, &west, &east],
            )
            .db()?;
        let positions = rows.iter().map(position).collect::<Result<Vec<_>>>()?;
        self.tracks_of(positions)
    }

    fn replace_vessel_observations(
        &mut self,
        mmsis: &[u32],
        observations: &[VesselObservation],
    ) -> Result<()> {
        let ids: Vec<i64> = mmsis.iter().map(|m| i64::from(*m)).collect();
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        tx.execute(
            "DELETE FROM vessel_observations WHERE mmsi = ANY($1)",
            &[&ids],
        )
        .db()?;
        for o in observations {
            tx.execute(
                "INSERT INTO vessel_observations (mmsi, activity, name, zone, from_at, to_at, \
                 first_lat, first_lon, last_lat, last_lon, positions, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    &i64::from(o.mmsi),
                    &o.activity,
                    &o.name,
                    &o.zone,
                    &o.from,
                    &o.to,
                    &o.first.0,
                    &o.first.1,
                    &o.last.0,
                    &o.last.1,
                    &(o.positions as i64),
                    &o.detail,
                ],
            )
            .db()?;
        }
        tx.commit().db()
    }

    fn vessel_observations(&self, from: i64, to: i64) -> Result<Vec<VesselObservation>> {
        // In the order stored among equals, as the SQLite backend's rowid
        // order gives them.
        let rows = self
            .c()?
            .query(
                "SELECT activity, mmsi, name, zone, from_at, to_at, first_lat, first_lon, \
                 last_lat, last_lon, positions, detail FROM vessel_observations \
                 WHERE from_at <= $2 AND to_at >= $1 ORDER BY from_at, mmsi, activity, id",
                &[&from, &to],
            )
            .db()?;
        rows.iter()
            .map(|r| {
                Ok(VesselObservation {
                    activity: get(r, 0)?,
                    mmsi: narrow(Some(get(r, 1)?), "mmsi")?.unwrap_or(0),
                    name: get(r, 2)?,
                    zone: get(r, 3)?,
                    from: get(r, 4)?,
                    to: get(r, 5)?,
                    first: (get(r, 6)?, get(r, 7)?),
                    last: (get(r, 8)?, get(r, 9)?),
                    positions: get_u64(r, 10)?,
                    detail: get(r, 11)?,
                })
            })
            .collect()
    }

    fn vessel_counts(&self) -> Result<(u64, u64)> {
        let mut c = self.c()?;
        let v = get_u64(&c.query_one("SELECT COUNT(*) FROM vessels", &[]).db()?, 0)?;
        let p = get_u64(
            &c.query_one("SELECT COUNT(*) FROM vessel_positions", &[])
                .db()?,
            0,
        )?;
        Ok((v, p))
    }
}
