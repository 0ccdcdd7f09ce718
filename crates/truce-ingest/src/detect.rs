//! Which layout a CSV file is in, told from its header. Each layout is known
//! by the columns it cannot do without; a header that has all of one
//! layout's is that layout. A header that matches none is refused with the
//! closest layout named and the columns that differ, so a renamed column is
//! a one-line fix for the person importing.

use crate::table::{Header, key};

/// The layouts `truce ingest` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Truce's own CSV (or JSON Lines).
    Canonical,
    /// ACLED event data, API order or Explorer export.
    Acled,
    /// NASA FIRMS active fire detections, archive or near-real-time.
    Firms,
    /// Air-attack tallies in the layout of the public Ukrainian Air Force data sets.
    AirTallies,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::Canonical,
        Layout::Acled,
        Layout::Firms,
        Layout::AirTallies,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Layout::Canonical => "canonical",
            Layout::Acled => "acled",
            Layout::Firms => "firms",
            Layout::AirTallies => "air-tallies",
        }
    }

    /// The name people know it by, for messages.
    pub const fn title(self) -> &'static str {
        match self {
            Layout::Canonical => "Truce canonical CSV",
            Layout::Acled => "ACLED",
            Layout::Firms => "NASA FIRMS active fires",
            Layout::AirTallies => "air-attack tallies",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        match s.trim().to_ascii_lowercase().as_str() {
            "canonical" | "truce" => Some(Layout::Canonical),
            "acled" => Some(Layout::Acled),
            "firms" | "nasa-firms" => Some(Layout::Firms),
            "air-tallies" | "tallies" | "air_tallies" => Some(Layout::AirTallies),
            _ => None,
        }
    }

    /// The columns a header must have to be read as this layout. FIRMS has
    /// two brightness columns, one per variant; either will do.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Layout::Canonical => &["source", "external_id", "occurred_at"],
            Layout::Acled => &[
                "event_id_cnty",
                "event_date",
                "event_type",
                "sub_event_type",
                "actor1",
                "latitude",
                "longitude",
            ],
            Layout::Firms => &[
                "latitude",
                "longitude",
                "acq_date",
                "acq_time",
                "satellite",
                "confidence",
            ],
            Layout::AirTallies => &["time_start", "model", "launched", "destroyed"],
        }
    }

    /// Columns typical of the layout that it can do without; they count
    /// towards the closest match in an error message.
    fn typical(self) -> &'static [&'static str] {
        match self {
            Layout::Canonical => &[
                "reported_at",
                "time_precision",
                "latitude",
                "longitude",
                "place",
                "act",
                "means",
                "target_class",
                "perpetrator",
                "claimant",
                "stance",
            ],
            Layout::Acled => &[
                "time_precision",
                "disorder_type",
                "actor2",
                "geo_precision",
                "source",
                "notes",
                "fatalities",
                "timestamp",
                "admin1",
                "location",
            ],
            Layout::Firms => &[
                "brightness",
                "bright_ti4",
                "scan",
                "track",
                "instrument",
                "version",
                "frp",
                "daynight",
            ],
            Layout::AirTallies => &[
                "time_end",
                "launch_place",
                "target",
                "target_main",
                "not_reach_goal",
                "still_attacking",
                "border_crossing",
                "is_shahed",
                "source",
            ],
        }
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a header is in no known layout: the closest one, the columns it
/// lacks, and the header's columns that layout does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoLayout {
    pub closest: Layout,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
}

impl std::fmt::Display for NoLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the header matches no format Truce reads; the closest is {} (--format {}), which needs {}",
            self.closest.title(),
            self.closest.as_str(),
            quoted(&self.missing)
        )?;
        if !self.unexpected.is_empty() {
            let shown: Vec<String> = self.unexpected.iter().take(8).cloned().collect();
            let more = if self.unexpected.len() > 8 {
                ", …"
            } else {
                ""
            };
            write!(
                f,
                "; this file has {}{more}, which it does not know",
                quoted(&shown)
            )?;
        }
        Ok(())
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The layout a header is in. Canonical wins when a header has its columns
/// (a Truce export may carry extra columns of any name).
pub fn detect(names: &[String]) -> Result<Layout, NoLayout> {
    let header = Header::new(names.to_vec());
    if let Some(l) = Layout::ALL
        .into_iter()
        .find(|l| header.has_all(l.required()))
    {
        return Ok(l);
    }
    // The closest: most of its known columns present, then fewest missing.
    let score = |l: Layout| {
        let known = l.required().iter().chain(l.typical());
        let present = known.clone().filter(|c| header.find(c).is_some()).count();
        let missing = l
            .required()
            .iter()
            .filter(|c| header.find(c).is_none())
            .count();
        (present, usize::MAX - missing)
    };
    let closest = Layout::ALL
        .into_iter()
        .max_by_key(|l| score(*l))
        .unwrap_or(Layout::Canonical);
    let missing = closest
        .required()
        .iter()
        .filter(|c| header.find(c).is_none())
        .map(|c| c.to_string())
        .collect();
    let known: Vec<String> = closest
        .required()
        .iter()
        .chain(closest.typical())
        .map(|c| key(c))
        .collect();
    let unexpected = names
        .iter()
        .filter(|n| !n.trim().is_empty() && !known.contains(&key(n)))
        .cloned()
        .collect();
    Err(NoLayout {
        closest,
        missing,
        unexpected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        s.split(',').map(|c| c.trim().to_string()).collect()
    }

    #[test]
    fn each_layout_is_told_by_its_header() {
        assert_eq!(
            detect(&names("source,external_id,occurred_at,place")),
            Ok(Layout::Canonical)
        );
        assert_eq!(
            detect(&names(
                "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,latitude,longitude"
            )),
            Ok(Layout::Acled)
        );
        assert_eq!(
            detect(&names(
                "id,iso,event_id_cnty,event_date,year,event_type,sub_event_type,actor1,latitude,longitude"
            )),
            Ok(Layout::Acled)
        );
        assert_eq!(
            detect(&names(
                "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight"
            )),
            Ok(Layout::Firms)
        );
        assert_eq!(
            detect(&names(
                "time_start,time_end,model,launch_place,target,target_main,launched,destroyed"
            )),
            Ok(Layout::AirTallies)
        );
    }

    #[test]
    fn an_unknown_header_names_the_closest_layout_and_what_differs() {
        let e = detect(&names(
            "event_id,event_date,event_type,sub_event_type,actor1,latitude,longitude,notes",
        ))
        .unwrap_err();
        assert_eq!(e.closest, Layout::Acled);
        assert_eq!(e.missing, vec!["event_id_cnty".to_string()]);
        assert_eq!(e.unexpected, vec!["event_id".to_string()]);
        let text = e.to_string();
        assert!(text.contains("ACLED"), "{text}");
        assert!(text.contains("\"event_id_cnty\""), "{text}");
    }
}
