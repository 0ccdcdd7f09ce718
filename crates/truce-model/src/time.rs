//! Time as Truce reasons about it: instants are Unix seconds (UTC), and every
//! reported time is an interval whose width comes from its precision, so that
//! "on 18 March" is never silently taken to mean "at midnight".

use crate::vocab::TimePrecision;
use jiff::fmt::temporal::Pieces;
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

/// Written as two RFC 3339 instants, half-open.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let instant = || {
            ObjectBuilder::new().schema_type(Type::String).format(Some(
                utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::DateTime),
            ))
        };
        ObjectBuilder::new()
            .property("start", instant())
            .property("end", instant())
            .required("start")
            .required("end")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Period {}

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

/// How a written instant reads: with an offset, as a local date and time,
/// or as a calendar date alone.
enum Written {
    Instant(Timestamp),
    Local(civil::DateTime),
    Date(civil::Date),
}

/// No place keeps its clocks further from UTC than this (Kiribati is at
/// +14:00, the furthest west at -12:00).
const MAX_OFFSET_SECONDS: i32 = 14 * 3600;

/// Reads `s` (trimmed) as one of the [`Written`] forms.
fn written(s: &str) -> Result<Written, String> {
    let not_a_date = || crate::reason::english("reason-not-a-date", &[("value", s)]);
    let pieces = Pieces::parse(s).map_err(|_| not_a_date())?;
    let Some(time) = pieces.time() else {
        // Any calendar date without a time (2025-03-18, 20250318,
        // +002025-03-18) is a date, whatever its spelling.
        return Ok(Written::Date(pieces.date()));
    };
    let datetime = pieces.date().to_datetime(time);
    let Some(offset) = pieces.to_numeric_offset() else {
        return Ok(Written::Local(datetime));
    };
    if offset.seconds().abs() > MAX_OFFSET_SECONDS {
        let secs = offset.seconds().abs();
        let (h, m, sec) = (secs / 3600, secs / 60 % 60, secs % 60);
        let sign = if offset.is_negative() { '-' } else { '+' };
        let shown = if sec == 0 {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}:{m:02}:{sec:02}")
        };
        return Err(crate::reason::english(
            "reason-offset-too-far",
            &[("value", s), ("offset", &shown)],
        ));
    }
    offset
        .to_timestamp(datetime)
        .map(Written::Instant)
        .map_err(|e| format!("\"{s}\" is not a valid time: {e}"))
}

/// Whether a text is a calendar date without a time (`2025-03-18`, also
/// written `20250318` or `+002025-03-18`): exactly the texts that
/// [`parse_instant`] reads as a date.
pub fn is_bare_date(s: &str) -> bool {
    matches!(written(s.trim()), Ok(Written::Date(_)))
}

/// Parses an instant: RFC 3339 with an offset (seconds optional), a local date
/// and time (read in `tz`), or a bare date (its midnight in `tz`).
pub fn parse_instant(s: &str, tz: &TimeZone) -> Result<i64, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(crate::reason::english("reason-date-empty", &[]));
    }
    match written(s)? {
        Written::Instant(ts) => Ok(ts.as_second()),
        Written::Local(dt) => dt
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("\"{s}\" is not a valid local time: {e}")),
        Written::Date(d) => d
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("\"{s}\" is not a valid date: {e}")),
    }
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
    fn an_offset_beyond_fourteen_hours_is_rejected() {
        let tz = kyiv();
        let e = parse_instant("2025-03-18T00:00+25:00", &tz).expect_err("rejected");
        assert!(e.contains("+25:00") && e.contains("14 hours"), "{e}");
        assert!(parse_instant("2025-03-18T00:00-14:30", &tz).is_err());
        assert!(parse_instant("2025-03-18T00:00:00+14:00:01", &tz).is_err());
        // The real extremes stay.
        assert_eq!(
            parse_instant("2025-03-18T14:00+14:00", &tz).map(format_instant),
            Ok("2025-03-18T00:00:00Z".to_string())
        );
        assert_eq!(
            parse_instant("2025-03-18T00:00-12:00", &tz).map(format_instant),
            Ok("2025-03-18T12:00:00Z".to_string())
        );
    }

    #[test]
    fn basic_format_and_expanded_year_dates_are_bare_dates() {
        let tz = kyiv();
        for s in ["2025-03-18", "20250318", "+002025-03-18", " 2025-03-18 "] {
            assert!(is_bare_date(s), "{s}");
            assert_eq!(
                parse_instant(s, &tz).map(format_instant),
                Ok("2025-03-17T22:00:00Z".to_string()),
                "{s}"
            );
        }
        for s in [
            "2025-03-18T00:00",
            "20250318T0630",
            "2025-03-18T00:00+02:00",
            "2025-03-18T00:00Z",
            "18/03/2025",
            "",
        ] {
            assert!(!is_bare_date(s), "{s}");
        }
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
