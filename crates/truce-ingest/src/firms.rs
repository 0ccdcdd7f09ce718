//! NASA FIRMS active-fire detections: one row per satellite pixel in which a
//! fire was seen. Both layouts FIRMS publishes are read by column name: the
//! archive download (`brightness`, `bright_t31`, an `instrument` column,
//! MODIS confidence 0–100 or VIIRS `l/n/h`) and the near-real-time file
//! (`bright_ti4`, `bright_ti5`, confidence `low/nominal/high`, no instrument:
//! it is VIIRS).
//!
//! A detection is a sensor observation, not a claim: act `fire`, stance
//! `observes`, no perpetrator, the satellite's operator as its voice. The
//! engine's sensor rule (`truce_engine::sensors`) decides whether it
//! corroborates a reported strike at a protected site. Detections outside the
//! agreement's area of interest are skipped (counted, not stored).
//!
//! The mapping is written down in `docs/formats.md` ("NASA FIRMS").

use crate::canonical::{Context, InputError, Row};
use crate::table::{self, Draft, Header, Layout, Mapped, RowView, Summary};
use truce_model::{BBox, LatLon, reason};

pub const NAME: &str = "NASA FIRMS";
/// The report source of every detection: with the pixel's satellite, time and
/// place it identifies a detection across the near-real-time and archive files.
pub const SOURCE: &str = "NASA FIRMS";
/// Why a detection is not stored.
pub const OUTSIDE: &str = "outside the agreement's area of interest";

/// Reads a FIRMS file; detections outside `area` (when given) are skipped.
pub fn read<R: std::io::Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    area: Option<&BBox>,
    summary: &mut Summary,
    on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    table::read(
        input,
        file,
        ctx,
        |h| Firms::from_header(file, h, area.copied()),
        summary,
        on_row,
    )
}

/// Where the columns of a FIRMS file are.
pub struct Firms {
    latitude: usize,
    longitude: usize,
    acq_date: usize,
    acq_time: usize,
    satellite: usize,
    confidence: usize,
    instrument: Option<usize>,
    frp: Option<usize>,
    daynight: Option<usize>,
    /// The near-real-time layout (VIIRS, `bright_ti4`, no instrument column).
    nrt_viirs: bool,
    /// (column, name kept as, lower case) for every other column: the
    /// brightness columns, frp, scan, track, satellite, instrument, version,
    /// daynight, confidence, type.
    kept: Vec<(usize, String)>,
    names: Vec<String>,
    area: Option<BBox>,
}

impl Firms {
    pub fn from_header(file: &str, h: &Header, area: Option<BBox>) -> Result<Firms, InputError> {
        let req = |c: &str| h.require(file, NAME, c);
        let (latitude, longitude) = (req("latitude")?, req("longitude")?);
        let (acq_date, acq_time) = (req("acq_date")?, req("acq_time")?);
        let (satellite, confidence) = (req("satellite")?, req("confidence")?);
        let used = [latitude, longitude, acq_date, acq_time];
        let kept = h
            .names
            .iter()
            .enumerate()
            .filter(|(i, n)| !used.contains(i) && !n.trim().is_empty())
            .map(|(i, n)| (i, table::key(n)))
            .collect::<Vec<_>>();
        Ok(Firms {
            latitude,
            longitude,
            acq_date,
            acq_time,
            satellite,
            confidence,
            instrument: h.find("instrument"),
            frp: h.find("frp"),
            daynight: h.find("daynight"),
            nrt_viirs: h.find("bright_ti4").is_some() && h.find("instrument").is_none(),
            kept,
            names: h.names.clone(),
            area,
        })
    }

    fn name(&self, col: usize) -> &str {
        self.names.get(col).map_or("", |n| n.trim())
    }
}

/// The satellite's operator (the detection's voice) and its usual name.
fn operator(code: &str) -> Option<(&'static str, &'static str)> {
    let k: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match k.as_str() {
        "t" | "terra" => ("NASA", "Terra"),
        "a" | "aqua" => ("NASA", "Aqua"),
        "n" | "npp" | "snpp" | "suominpp" => ("NASA", "Suomi NPP"),
        "1" | "n20" | "noaa20" | "j1" => ("NOAA", "NOAA-20"),
        "2" | "n21" | "noaa21" | "j2" => ("NOAA", "NOAA-21"),
        _ => return None,
    })
}

/// A confidence as written, as (class, Admiralty credibility).
fn confidence(v: &str) -> Option<(&'static str, &'static str)> {
    let class = match v.trim().to_ascii_lowercase().as_str() {
        "h" | "high" => "high",
        "n" | "nominal" => "nominal",
        "l" | "low" => "low",
        other => {
            let n: f64 = other.parse().ok()?;
            if !(0.0..=100.0).contains(&n) {
                return None;
            }
            if n >= 80.0 {
                "high"
            } else if n >= 30.0 {
                "nominal"
            } else {
                "low"
            }
        }
    };
    Some(match class {
        "high" => ("high", "2"),
        "nominal" => ("nominal", "3"),
        // A weak grade: seen, but not counted towards corroboration.
        _ => ("low", "5"),
    })
}

/// `acq_time` as HH:MM: FIRMS writes HHMM in UTC, often without leading
/// zeros (`5` is 00:05, `130` is 01:30); `HH:MM` is read too.
/// The hour and minute, or the key of the reason they are not.
fn clock(v: &str) -> Result<(u32, u32), &'static str> {
    let v = v.trim();
    let (h, m) = match v.split_once(':') {
        Some((h, m)) => (h.parse::<u32>(), m.parse::<u32>()),
        None if !v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u32 = v.parse().unwrap_or(u32::MAX);
            (Ok(n / 100), Ok(n % 100))
        }
        None => return Err("reason-firms-time"),
    };
    match (h, m) {
        (Ok(h), Ok(m)) if h <= 23 && m <= 59 => Ok((h, m)),
        (Ok(_), Ok(_)) => Err("reason-firms-time-of-day"),
        _ => Err("reason-firms-time"),
    }
}

impl Layout for Firms {
    const NAME: &'static str = NAME;
    const ROWS: &'static str = "detections";

    fn map(&mut self, row: &RowView<'_>, _ctx: &Context<'_>, summary: &mut Summary) -> Mapped {
        let (lat_raw, lon_raw) = (row.get(Some(self.latitude)), row.get(Some(self.longitude)));
        let lat = lat_raw.parse::<f64>();
        let lon = lon_raw.parse::<f64>();
        // Coordinates the canonical validator will judge; the area test only
        // needs them when they read as numbers.
        if let (Ok(lat), Ok(lon), Some(area)) = (&lat, &lon, &self.area)
            && !area.contains(LatLon::new(*lat, *lon))
        {
            return Mapped::Skip(OUTSIDE);
        }
        let date = row.get(Some(self.acq_date));
        let date_col = self.name(self.acq_date);
        if jiff::civil::Date::strptime("%Y-%m-%d", date).is_err() {
            return Mapped::reject(
                date_col,
                date,
                reason::english(
                    "reason-firms-date",
                    &[("column", date_col), ("value", date)],
                ),
            );
        }
        let time_raw = row.get(Some(self.acq_time));
        let time_col = self.name(self.acq_time);
        let (h, m) = match clock(time_raw) {
            Ok(hm) => hm,
            Err(why) => {
                return Mapped::reject(
                    time_col,
                    time_raw,
                    reason::english(why, &[("column", time_col), ("value", time_raw)]),
                );
            }
        };
        let conf_raw = row.get(Some(self.confidence));
        let conf_col = self.name(self.confidence);
        let Some((class, credibility)) = confidence(conf_raw) else {
            return Mapped::reject(
                conf_col,
                conf_raw,
                reason::english(
                    "reason-firms-confidence",
                    &[("column", conf_col), ("value", conf_raw)],
                ),
            );
        };
        let sat_raw = row.get(Some(self.satellite));
        let (claimant, satellite) = match operator(sat_raw) {
            Some(o) => o,
            None => {
                summary.unknown(format!("satellite: {sat_raw}"));
                ("NASA FIRMS", "an unknown satellite")
            }
        };
        let instrument = match row.get(self.instrument) {
            "" if self.nrt_viirs => "VIIRS",
            "" => "an unknown instrument",
            i => i,
        };
        let sat_col = self.name(self.satellite);
        let mut d = Draft::new();
        d.set("source", SOURCE, sat_col)
            .set(
                "external_id",
                format!("{sat_raw}:{date}T{h:02}{m:02}:{lat_raw}:{lon_raw}"),
                sat_col,
            )
            .set("occurred_at", format!("{date}T{h:02}:{m:02}:00Z"), time_col)
            .set("time_precision", "minute", time_col)
            .set("latitude", lat_raw, self.name(self.latitude))
            .set("longitude", lon_raw, self.name(self.longitude))
            .set("geo_precision", "exact", self.name(self.latitude))
            .set("act", "fire", sat_col)
            .set("means", "unknown", sat_col)
            .set("target_class", "unknown", sat_col)
            .set("claimant", claimant, sat_col)
            .set("stance", "observes", sat_col)
            .set("reliability", "B", sat_col)
            .set("credibility", credibility, conf_col);
        let frp = row.get(self.frp);
        let power = if frp.is_empty() {
            String::new()
        } else {
            format!(", {frp} MW radiative power")
        };
        let when = match row.get(self.daynight).to_ascii_uppercase().as_str() {
            "D" => " (day)",
            "N" => " (night)",
            _ => "",
        };
        d.set(
            "text",
            format!(
                "Fire detected by {instrument} on {satellite}{power}, {class} confidence{when}"
            ),
            sat_col,
        );
        for (i, name) in &self.kept {
            d.keep(name, row.raw(*i));
        }
        if self.nrt_viirs {
            d.keep("instrument", "VIIRS");
        }
        summary.count(&format!("{class} confidence"));
        Mapped::One(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_hhmm_without_leading_zeros() {
        assert_eq!(clock("5"), Ok((0, 5)));
        assert_eq!(clock("45"), Ok((0, 45)));
        assert_eq!(clock("130"), Ok((1, 30)));
        assert_eq!(clock("0130"), Ok((1, 30)));
        assert_eq!(clock("23:59"), Ok((23, 59)));
        assert!(clock("2460").is_err());
        assert!(clock("1275").is_err());
        assert!(clock("noon").is_err());
        assert!(clock("").is_err());
    }

    #[test]
    fn confidence_classes_and_grades() {
        assert_eq!(confidence("h"), Some(("high", "2")));
        assert_eq!(confidence("nominal"), Some(("nominal", "3")));
        assert_eq!(confidence("L"), Some(("low", "5")));
        assert_eq!(confidence("80"), Some(("high", "2")));
        assert_eq!(confidence("79"), Some(("nominal", "3")));
        assert_eq!(confidence("29"), Some(("low", "5")));
        assert_eq!(confidence("101"), None);
        assert_eq!(confidence("maybe"), None);
    }

    #[test]
    fn operators_by_satellite_code() {
        assert_eq!(operator("T").map(|o| o.0), Some("NASA"));
        assert_eq!(operator("Aqua").map(|o| o.0), Some("NASA"));
        assert_eq!(operator("N").map(|o| o.1), Some("Suomi NPP"));
        assert_eq!(operator("N20").map(|o| o.0), Some("NOAA"));
        assert_eq!(operator("1").map(|o| o.1), Some("NOAA-20"));
        assert_eq!(operator("NOAA-21").map(|o| o.1), Some("NOAA-21"));
        assert_eq!(operator("X9"), None);
    }
}
