//! Time as Truce reasons about it: instants are Unix seconds (UTC), and every
//! reported time is an interval whose width comes from its precision, so that
//! "on 18 March" is never silently taken to mean "at midnight".

use crate::vocab::TimePrecision;
use jiff::tz::TimeZone;
use jiff::{Timestamp, civil};
use serde::{Deserialize, Serialize};

/// A half-open interval `[start, end)` of Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub start: i64,
    pub end: i64,
}

impl Period {
    /// An empty period, used only where validation already reported an error.
    pub const EMPTY: Period = Period { start: 0, end: 0 };

    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }

    /// The smallest period covering all the given ones.
    pub fn hull(periods: &[Period]) -> Period {
        let start = periods.iter().map(|p| p.start).min().unwrap_or(0);
        let end = periods.iter().map(|p| p.end).max().unwrap_or(0);
        Period { start, end }
    }

    /// How an event interval stands relative to this period.
    pub fn relation(&self, event: &Period) -> PeriodRelation {
        if event.end <= self.start || event.start >= self.end {
            PeriodRelation::Outside
        } else if event.start >= self.start && event.end <= self.end {
            PeriodRelation::Inside
        } else {
            PeriodRelation::Straddles
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRelation {
    Inside,
    Outside,
    /// Part of the event's possible time falls inside, part outside.
    Straddles,
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 2)?;
        st.serialize_field("start", &format_instant(self.start))?;
        st.serialize_field("end", &format_instant(self.end))?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct P {
            start: String,
            end: String,
        }
        let p = P::deserialize(d)?;
        let start = parse_instant(&p.start, &TimeZone::UTC).map_err(serde::de::Error::custom)?;
        let end = parse_instant(&p.end, &TimeZone::UTC).map_err(serde::de::Error::custom)?;
        Ok(Period { start, end })
    }
}

/// Formats Unix seconds as RFC 3339 in UTC (`2025-03-18T00:00:00Z`).
pub fn format_instant(t: i64) -> String {
    match Timestamp::from_second(t) {
        Ok(ts) => ts.to_string(),
        Err(_) => t.to_string(),
    }
}

/// Formats Unix seconds as a date and time in `tz`, to the minute
/// (`2025-03-18 00:00 +02:00`), for people.
pub fn format_local(t: i64, tz: &TimeZone) -> String {
    match Timestamp::from_second(t) {
        Ok(ts) => ts
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M %:z")
            .to_string(),
        Err(_) => t.to_string(),
    }
}

/// Whether a text is a bare calendar date (`2025-03-18`).
pub fn is_bare_date(s: &str) -> bool {
    let s = s.trim();
    s.len() == 10 && s.parse::<civil::Date>().is_ok()
}

/// Parses an instant: RFC 3339 with an offset (seconds optional), a local date
/// and time (read in `tz`), or a bare date (its midnight in `tz`).
pub fn parse_instant(s: &str, tz: &TimeZone) -> Result<i64, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("the date is empty".into());
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.as_second());
    }
    if s.len() > 10
        && let Ok(dt) = s.parse::<civil::DateTime>()
    {
        return dt
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("\"{s}\" is not a valid local time: {e}"));
    }
    if let Ok(d) = s.parse::<civil::Date>() {
        return d
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("\"{s}\" is not a valid date: {e}"));
    }
    Err(format!(
        "\"{s}\" is not a date; write 2025-03-18, or a date and time with its offset such as 2025-03-18T06:30:00+02:00"
    ))
}

/// The zone in which to count days from a written instant: its own offset when
/// it has one ("2025-03-18T00:00+03:00" counts in +03:00, whatever `tz`
/// says), else `tz`. So "30 days from midnight Moscow time" ends at midnight
/// Moscow time even when Kyiv changes its clocks in between.
pub fn zone_of(s: &str, tz: &TimeZone) -> TimeZone {
    let s = s.trim();
    if let (Ok(ts), Ok(dt)) = (s.parse::<Timestamp>(), s.parse::<civil::DateTime>())
        && let Ok(local) = dt.to_zoned(TimeZone::UTC)
        && let Ok(o) =
            jiff::tz::Offset::from_seconds((local.timestamp().as_second() - ts.as_second()) as i32)
    {
        return TimeZone::fixed(o);
    }
    tz.clone()
}

/// `t` plus `days` calendar days in `tz`.
pub fn add_days(t: i64, days: i64, tz: &TimeZone) -> Option<i64> {
    let z = Timestamp::from_second(t).ok()?.to_zoned(tz.clone());
    let later = z.checked_add(jiff::Span::new().try_days(days).ok()?).ok()?;
    Some(later.timestamp().as_second())
}

/// The interval in which an event reported at `t` with precision `p` lies.
///
/// * minute, hour: the minute or hour that contains `t`;
/// * day: the local calendar day (in `tz`) that contains `t`;
/// * week: seven days centred on the local day of `t` (three days either side);
/// * month: the local calendar month that contains `t`.
pub fn event_interval(t: i64, p: TimePrecision, tz: &TimeZone) -> Period {
    let fallback = |w: i64| Period {
        start: t - t.rem_euclid(w),
        end: t - t.rem_euclid(w) + w,
    };
    match p {
        TimePrecision::Minute => fallback(60),
        TimePrecision::Hour => fallback(3600),
        TimePrecision::Day | TimePrecision::Week | TimePrecision::Month => {
            let Ok(ts) = Timestamp::from_second(t) else {
                return fallback(86_400);
            };
            let z = ts.to_zoned(tz.clone());
            let day = z.date();
            let (first, last_excl) = match p {
                TimePrecision::Day => (Some(day), day.tomorrow().ok()),
                TimePrecision::Week => (
                    day.checked_sub(jiff::Span::new().days(3)).ok(),
                    day.checked_add(jiff::Span::new().days(4)).ok(),
                ),
                _ => {
                    let f = day.first_of_month();
                    (Some(f), f.checked_add(jiff::Span::new().months(1)).ok())
                }
            };
            let to_sec = |d: civil::Date| {
                d.to_zoned(tz.clone())
                    .ok()
                    .map(|z| z.timestamp().as_second())
            };
            match (first.and_then(to_sec), last_excl.and_then(to_sec)) {
                (Some(start), Some(end)) => Period { start, end },
                _ => fallback(86_400),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kyiv() -> TimeZone {
        TimeZone::get("Europe/Kyiv").expect("bundled tzdb has Europe/Kyiv")
    }

    #[test]
    fn instants() {
        let tz = kyiv();
        // Kyiv is UTC+2 until the last Sunday of March 2025.
        assert_eq!(
            parse_instant("2025-03-25", &tz).map(format_instant),
            Ok("2025-03-24T22:00:00Z".to_string())
        );
        assert_eq!(
            parse_instant("2025-03-18T00:00+03:00", &tz).map(format_instant),
            Ok("2025-03-17T21:00:00Z".to_string())
        );
        assert_eq!(
            parse_instant("2025-04-01T10:00", &tz).map(format_instant),
            Ok("2025-04-01T07:00:00Z".to_string())
        );
        assert!(parse_instant("18/03/2025", &tz).is_err());
        assert!(parse_instant("", &tz).is_err());
    }

    #[test]
    fn days_count_in_the_written_offset() {
        let tz = kyiv();
        let s = "2025-03-18T00:00+03:00";
        let start = parse_instant(s, &tz).unwrap();
        let end = add_days(start, 30, &zone_of(s, &tz)).unwrap();
        assert_eq!(format_instant(end), "2025-04-16T21:00:00Z");
        assert_eq!(zone_of("2025-03-25", &tz), tz);
    }

    #[test]
    fn thirty_days_across_dst() {
        let tz = kyiv();
        let start = parse_instant("2025-03-25", &tz).unwrap();
        let end = add_days(start, 30, &tz).unwrap();
        // Local midnight is kept although the offset changed on 30 March.
        assert_eq!(format_local(end, &tz), "2025-04-24 00:00 +03:00");
    }

    #[test]
    fn intervals() {
        let tz = kyiv();
        let t = parse_instant("2025-03-21T14:37:12+02:00", &tz).unwrap();
        let day = event_interval(t, TimePrecision::Day, &tz);
        assert_eq!(format_local(day.start, &tz), "2025-03-21 00:00 +02:00");
        assert_eq!(day.end - day.start, 86_400);
        let h = event_interval(t, TimePrecision::Hour, &tz);
        assert_eq!(h.end - h.start, 3600);
        assert!(h.contains(t));
        let w = event_interval(t, TimePrecision::Week, &tz);
        assert_eq!(format_local(w.start, &tz), "2025-03-18 00:00 +02:00");
        let m = event_interval(t, TimePrecision::Month, &tz);
        assert_eq!(format_local(m.start, &tz), "2025-03-01 00:00 +02:00");
        assert_eq!(format_local(m.end, &tz), "2025-04-01 00:00 +03:00");
    }

    #[test]
    fn relations() {
        let p = Period {
            start: 100,
            end: 200,
        };
        assert_eq!(
            p.relation(&Period { start: 0, end: 100 }),
            PeriodRelation::Outside
        );
        assert_eq!(
            p.relation(&Period {
                start: 100,
                end: 150
            }),
            PeriodRelation::Inside
        );
        assert_eq!(
            p.relation(&Period {
                start: 150,
                end: 250
            }),
            PeriodRelation::Straddles
        );
        assert_eq!(
            p.relation(&Period {
                start: 200,
                end: 250
            }),
            PeriodRelation::Outside
        );
    }
}
