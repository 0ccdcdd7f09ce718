//! The list filters, read once for every door: the API's lists and
//! exports, and `truce export`. Every filter applies to every list (see
//! docs/web.md, "Filters"); a value that names nothing is refused with the
//! field and the values it may take, never answered with an empty list.

use crate::{Error, Reference, Result};
use truce_model::Status;
use truce_store::prelude::*;
use truce_store::{FindingFilter, ReportFilter, Visibility};

/// The filters as written (query parameters, command-line flags).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct ListParams {
    pub commitment: Option<String>,
    pub reading: Option<String>,
    pub party: Option<String>,
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub bbox: Option<String>,
    pub region: Option<String>,
    pub source: Option<String>,
    pub claimant: Option<String>,
    pub incident: Option<String>,
    /// Words to find in the reports (see [`truce_store::TextQuery`]).
    pub q: Option<String>,
}

/// The filters read, for each kind of list. Limits and cursors are the
/// caller's.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub findings: FindingFilter,
    pub reports: ReportFilter,
}

/// A filter value that names nothing: which field, and what it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub field: String,
    pub message: String,
    /// The values the field takes (empty where they cannot be listed, such
    /// as dates).
    pub allowed: Vec<String>,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)?;
        if !self.allowed.is_empty() {
            // Long lists (regions) are cut in the words, not in `allowed`.
            let shown: Vec<&str> = self.allowed.iter().take(40).map(String::as_str).collect();
            let more = self.allowed.len().saturating_sub(shown.len());
            write!(f, "; allowed: {}", shown.join(", "))?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
        }
        Ok(())
    }
}

fn bad(field: &str, message: String, allowed: Vec<String>) -> Error {
    Error::Filter(FilterError {
        field: field.into(),
        message,
        allowed,
    })
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Reads the filters for a viewer: values are checked against the
/// agreement, the gazetteer and what the viewer may see in the store.
pub fn parse(
    store: &dyn Store,
    reference: &Reference,
    viewer: &Visibility,
    p: &ListParams,
) -> Result<Filters> {
    let a = &reference.agreement;
    let tz = reference.timezone();
    let commitment = match given(&p.commitment) {
        None => None,
        Some(c) => match a.commitments.iter().find(|x| x.id.eq_ignore_ascii_case(c)) {
            Some(x) => Some(x.id.clone()),
            None => {
                return Err(bad(
                    "commitment",
                    format!("no commitment \"{c}\""),
                    a.commitments.iter().map(|c| c.id.clone()).collect(),
                ));
            }
        },
    };
    let reading = match given(&p.reading) {
        None => None,
        Some(r) => {
            let all: Vec<(&str, &str)> = a
                .commitments
                .iter()
                .flat_map(|c| {
                    c.readings
                        .iter()
                        .map(move |x| (c.id.as_str(), x.id.as_str()))
                })
                .collect();
            let Some(id) = all
                .iter()
                .map(|(_, x)| *x)
                .find(|x| x.eq_ignore_ascii_case(r))
            else {
                let mut ids: Vec<String> = all.iter().map(|(_, x)| x.to_string()).collect();
                ids.sort();
                ids.dedup();
                return Err(bad("reading", format!("no reading \"{r}\""), ids));
            };
            if let Some(c) = &commitment
                && !all.iter().any(|(cc, x)| cc == c && *x == id)
            {
                // A reading that exists, of another commitment: the
                // combination cannot hold (422, as documented).
                return Err(Error::Unprocessable(format!(
                    "reading: commitment {c} has no reading \"{id}\"; its readings are {}",
                    all.iter()
                        .filter(|(cc, _)| cc == c)
                        .map(|(_, x)| *x)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            Some(id.to_string())
        }
    };
    let party_ids = || {
        a.parties
            .iter()
            .map(|p| p.id.clone())
            .chain(std::iter::once(truce_engine::UNKNOWN_PARTY.to_string()))
            .collect::<Vec<_>>()
    };
    let party = match given(&p.party) {
        None => None,
        Some(x) if x.eq_ignore_ascii_case(truce_engine::UNKNOWN_PARTY) => {
            Some(truce_engine::UNKNOWN_PARTY.to_string())
        }
        Some(x) => match a.party_resolver().resolve(x) {
            Some(id) => Some(id.to_string()),
            None => {
                return Err(bad(
                    "party",
                    format!("no party \"{x}\" (an id, name or alias)"),
                    party_ids(),
                ));
            }
        },
    };
    let status = match given(&p.status) {
        None => None,
        Some(s) => Some(Status::parse(s).map_err(|_| {
            bad(
                "status",
                format!("no status \"{s}\""),
                Status::ids().map(str::to_string).collect(),
            )
        })?),
    };
    let from = instant(given(&p.from), "from", &tz, false)?;
    let to = instant(given(&p.to), "to", &tz, true)?;
    let bbox = match given(&p.bbox) {
        None => None,
        Some(b) => Some(parse_bbox(b)?),
    };
    let region = match given(&p.region) {
        None => None,
        Some(r) => {
            let g = &reference.gazetteer;
            let areas = || {
                g.places()
                    .iter()
                    .filter(|p| {
                        matches!(
                            p.kind,
                            truce_geo::PlaceKind::Region | truce_geo::PlaceKind::Country
                        )
                    })
                    .map(|p| p.id.clone())
            };
            match areas().find(|id| id.eq_ignore_ascii_case(r)) {
                Some(id) => Some(id),
                None => {
                    let mut ids: Vec<String> = areas().collect();
                    ids.sort();
                    return Err(bad(
                        "region",
                        format!("no region or country \"{r}\" (ISO 3166 codes such as UA-63, RU)"),
                        ids,
                    ));
                }
            }
        }
    };
    // Sources and claimants exist through reports: only those the viewer may
    // see count, so a filter never reveals another's unpublished reports.
    // The known values are listed only when one is refused (a scan of the
    // reports); a value is checked by an index.
    let source = match given(&p.source) {
        None => None,
        Some(x) if store.has_source(x, viewer)? => Some(x.to_string()),
        Some(x) => {
            let mut ids: Vec<String> = store
                .sources(viewer)?
                .into_iter()
                .map(|(s, _, _)| s)
                .collect();
            ids.sort();
            ids.dedup();
            return Err(bad("source", format!("no source \"{x}\""), ids));
        }
    };
    let claimant = match given(&p.claimant) {
        None => None,
        Some(c) => {
            // A party by any of its names, or a claimant as stored.
            let id = a
                .party_resolver()
                .resolve(c)
                .map(str::to_string)
                .unwrap_or_else(|| c.to_string());
            if !store.has_claimant(&id, viewer)? {
                let mut ids: Vec<String> = store
                    .sources(viewer)?
                    .into_iter()
                    .filter_map(|(_, c, _)| c)
                    .collect();
                ids.sort();
                ids.dedup();
                return Err(bad("claimant", format!("no claimant \"{c}\""), ids));
            }
            Some(id)
        }
    };
    // The public is not shown reports' free text, so it searches only the
    // names it is shown: a search must not reveal, word by word, what a
    // page withholds.
    // Longer than the schema allows is malformed (400); within it, too
    // many words cannot be searched (422).
    let text = match given(&p.q) {
        None => None,
        Some(q) if q.chars().count() > truce_store::TextQuery::MAX_CHARS => {
            return Err(bad(
                "q",
                format!(
                    "a search may have at most {} characters",
                    truce_store::TextQuery::MAX_CHARS
                ),
                Vec::new(),
            ));
        }
        Some(q) => truce_store::TextQuery::parse(q, *viewer == Visibility::Published)
            .map_err(|m| Error::Unprocessable(format!("q: {m}")))?,
    };
    let incident = match given(&p.incident) {
        None => None,
        Some(i) => {
            // A merged id names the incident that holds its reports now.
            let id = store.resolve_incident(i)?.unwrap_or_else(|| i.to_string());
            let visible = match store.incident_published(&id)? {
                None => false,
                Some(published) => published || *viewer == Visibility::All,
            };
            if !visible {
                // Ids are no vocabulary: an id that names nothing the
                // viewer may see is not found, as at /incidents/{id}.
                return Err(Error::NotFound(format!(
                    "incident: no incident \"{i}\" (ids are listed by /api/v1/incidents)"
                )));
            }
            Some(id)
        }
    };
    // The public sees places coarsened: a box selects by what it is shown.
    let bbox_grid =
        (*viewer == Visibility::Published).then_some(reference.agreement.public_precision_deg);
    let findings = FindingFilter {
        commitment: commitment.clone(),
        reading: reading.clone(),
        party: party.clone(),
        status,
        from,
        to,
        incident: incident.clone(),
        region: region.clone(),
        bbox,
        bbox_grid,
        source: source.clone(),
        claimant: claimant.clone(),
        text: text.clone(),
        published_only: *viewer != Visibility::All,
        newest_first: true,
        ..FindingFilter::default()
    };
    let reports = ReportFilter {
        commitment,
        reading,
        party,
        status,
        region,
        bbox,
        bbox_grid,
        source,
        act: None,
        claimant,
        from,
        to,
        incident,
        before_id: None,
        limit: None,
        text,
    };
    Ok(Filters { findings, reports })
}

/// A date (in the agreement's zone; as an end, the whole day) or an RFC
/// 3339 instant.
fn instant(s: Option<&str>, name: &str, tz: &jiff::tz::TimeZone, end: bool) -> Result<Option<i64>> {
    let Some(s) = s else { return Ok(None) };
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        let d = if end { d.tomorrow().unwrap_or(d) } else { d };
        return d
            .to_zoned(tz.clone())
            .map(|z| Some(z.timestamp().as_second()))
            .map_err(|e| bad(name, format!("\"{s}\": {e}"), Vec::new()));
    }
    s.parse::<jiff::Timestamp>()
        .map(|t| Some(t.as_second()))
        .map_err(|_| {
            bad(
                name,
                format!("\"{s}\" is not a date (2025-03-25) or an instant (2025-03-25T10:00:00Z)"),
                Vec::new(),
            )
        })
}

/// `west,south,east,north` in degrees (RFC 7946); a west edge east of the
/// east edge crosses the antimeridian; south beyond north cannot hold (422).
pub fn parse_bbox(b: &str) -> Result<[f64; 4]> {
    let v: Vec<f64> = b
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| bad("bbox", format!("\"{b}\" is not four numbers"), Vec::new()))?;
    match v.as_slice() {
        [x0, y0, x1, y1]
            if v.iter().all(|x| x.is_finite())
                && (-180.0..=180.0).contains(x0)
                && (-180.0..=180.0).contains(x1)
                && (-90.0..=90.0).contains(y0)
                && (-90.0..=90.0).contains(y1) =>
        {
            if y0 > y1 {
                return Err(Error::Unprocessable(format!(
                    "bbox: its south edge {y0} lies north of its north edge {y1}"
                )));
            }
            Ok([*x0, *y0, *x1, *y1])
        }
        _ => Err(bad(
            "bbox",
            format!(
                "\"{b}\" must be west,south,east,north in degrees (longitudes -180..180, latitudes -90..90)"
            ),
            Vec::new(),
        )),
    }
}

/// The finding list's cursor as text: the incident's start and seq, then
/// commitment, reading and party in hexadecimal (ids may hold any character).
pub fn finding_cursor(k: &truce_store::FindingKey) -> String {
    let tail = format!("{}\u{1f}{}\u{1f}{}", k.commitment, k.reading, k.party);
    format!("{}.{}.{}", k.start, k.seq, hex::encode(tail))
}

/// Reads [`finding_cursor`]'s text back.
pub fn parse_finding_cursor(c: &str) -> Option<truce_store::FindingKey> {
    let mut parts = c.splitn(3, '.');
    let start = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    let tail = String::from_utf8(hex::decode(parts.next()?).ok()?).ok()?;
    let mut t = tail.split('\u{1f}');
    let (commitment, reading, party) = (t.next()?, t.next()?, t.next()?);
    if t.next().is_some() {
        return None;
    }
    Some(truce_store::FindingKey {
        start,
        seq,
        commitment: commitment.into(),
        reading: reading.into(),
        party: party.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_cursor_reads_back() {
        let k = truce_store::FindingKey {
            start: -5,
            seq: 12,
            commitment: "energy.v2".into(),
            reading: "ua".into(),
            party: "ru".into(),
        };
        assert_eq!(parse_finding_cursor(&finding_cursor(&k)), Some(k));
        assert_eq!(parse_finding_cursor("1.2"), None);
        assert_eq!(parse_finding_cursor("1.2.zz"), None);
    }
}

/// The review queue's filters as written (query parameters).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct QueueParams {
    /// An open status: corroborated, disputed or alleged.
    pub status: Option<String>,
    /// The party an open finding runs against (id, name or alias).
    pub party: Option<String>,
    pub commitment: Option<String>,
    /// `me`, `nobody` or `anyone` (the default).
    pub assigned: Option<String>,
    /// `oldest` (the default), `newest`, `serious` or `reports`.
    pub sort: Option<String>,
}

/// The most incidents a queue page lists.
pub const QUEUE_MAX: u64 = 200;

/// Reads the queue's filters for `me` (who `assigned=me` means), checked
/// as the lists' filters are: a value that names nothing is refused with
/// the values the field takes.
pub fn parse_queue(
    store: &dyn Store,
    reference: &Reference,
    p: &QueueParams,
    me: &str,
) -> Result<truce_store::QueueFilter> {
    use truce_store::{OPEN_STATUSES, QueueAssigned, QueueOrder};
    let list = parse(
        store,
        reference,
        &Visibility::All,
        &ListParams {
            commitment: p.commitment.clone(),
            party: p.party.clone(),
            status: p.status.clone(),
            ..ListParams::default()
        },
    )?
    .findings;
    let open = || {
        OPEN_STATUSES
            .iter()
            .map(|s| s.as_str().to_string())
            .collect()
    };
    if let Some(st) = list.status
        && !OPEN_STATUSES.contains(&st)
    {
        return Err(bad(
            "status",
            format!("\"{}\" does not wait for review", st.as_str()),
            open(),
        ));
    }
    let assigned = match given(&p.assigned) {
        None | Some("anyone") => QueueAssigned::Any,
        Some("me") => QueueAssigned::To(me.to_string()),
        Some("nobody") => QueueAssigned::Nobody,
        Some(x) => {
            return Err(bad(
                "assigned",
                format!("no choice \"{x}\""),
                vec!["anyone".into(), "me".into(), "nobody".into()],
            ));
        }
    };
    let order = match given(&p.sort) {
        None => QueueOrder::Oldest,
        Some(x) => QueueOrder::parse(x).ok_or_else(|| {
            bad(
                "sort",
                format!("no order \"{x}\""),
                QueueOrder::ALL.iter().map(|(n, _)| n.to_string()).collect(),
            )
        })?,
    };
    Ok(truce_store::QueueFilter {
        status: list.status,
        party: list.party,
        commitment: list.commitment,
        assigned,
        order,
        limit: QUEUE_MAX,
    })
}
