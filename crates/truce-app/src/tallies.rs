//! The daily series of air-attack tallies: launched and destroyed per day
//! and weapon class, from the tally reports in the store. The command line
//! (`truce tallies`) and the air-truce page both read it from here.

use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use truce_ingest::tallies;
use truce_store::prelude::*;
use truce_store::{ReportFilter, Visibility};

/// Launched and destroyed on one day (the day of the tally's start, as the
/// source wrote it) for one weapon class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyTally {
    pub date: String,
    pub means: String,
    pub launched: u64,
    pub destroyed: u64,
}

/// Which tallies to count.
#[derive(Debug, Clone, Default)]
pub struct TallyFilter {
    /// First and last day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// A class (`drone.long-range`) or a family (`missile`, `missile.*`).
    pub means: Option<String>,
}

impl TallyFilter {
    fn keeps(&self, date: &str, means: &str) -> bool {
        self.from.as_deref().is_none_or(|f| date >= f)
            && self.to.as_deref().is_none_or(|t| date <= t)
            && self.means.as_deref().is_none_or(|m| {
                let m = m.trim_end_matches(".*");
                means == m
                    || means
                        .strip_prefix(m)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
    }
}

/// Launched and destroyed over a span of days, by the party that launched
/// them (as the tallies name it) and weapon class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TallyTotal {
    /// The party the tallies say launched them, as written; none when they
    /// do not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub means: String,
    pub launched: u64,
    pub destroyed: u64,
    /// Days with a tally.
    pub days: u64,
}

/// What [`each_tally`] is given for each tally: (day, class, party,
/// launched, destroyed).
type OnTally<'a> = dyn FnMut(String, &str, Option<&str>, u64, u64) + 'a;

/// Each tally the filter keeps.
fn each_tally(store: &dyn Store, filter: &TallyFilter, f: &mut OnTally<'_>) -> Result<()> {
    let mut before = None;
    loop {
        let page = store.reports_page(
            &ReportFilter {
                act: Some(truce_model::Act::Launch.as_str().to_string()),
                before_id: before,
                limit: Some(5000),
                ..Default::default()
            },
            &Visibility::All,
        )?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        for row in &page {
            let r = &row.report;
            if !tallies::is_tally(r) {
                continue;
            }
            let Some(date) = tallies::day(r) else {
                continue;
            };
            let means = r.means.as_str();
            if !filter.keeps(&date, means) {
                continue;
            }
            f(
                date,
                means,
                r.perpetrator.as_deref(),
                tallies::launched(r).unwrap_or(0),
                tallies::destroyed(r).unwrap_or(0),
            );
        }
    }
    Ok(())
}

/// The daily series, by date then class.
pub fn daily(store: &dyn Store, filter: &TallyFilter) -> Result<Vec<DailyTally>> {
    let mut sums: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    each_tally(store, filter, &mut |date, means, _, launched, destroyed| {
        let e = sums.entry((date, means.to_string())).or_default();
        e.0 += launched;
        e.1 += destroyed;
    })?;
    Ok(sums
        .into_iter()
        .map(|((date, means), (launched, destroyed))| DailyTally {
            date,
            means,
            launched,
            destroyed,
        })
        .collect())
}

/// The totals over the filter's days, by party then class.
pub fn totals(store: &dyn Store, filter: &TallyFilter) -> Result<Vec<TallyTotal>> {
    type Sums = (u64, u64, std::collections::BTreeSet<String>);
    let mut sums: BTreeMap<(Option<String>, String), Sums> = BTreeMap::new();
    each_tally(
        store,
        filter,
        &mut |date, means, party, launched, destroyed| {
            let e = sums
                .entry((party.map(str::to_string), means.to_string()))
                .or_default();
            e.0 += launched;
            e.1 += destroyed;
            e.2.insert(date);
        },
    )?;
    Ok(sums
        .into_iter()
        .map(|((party, means), (launched, destroyed, days))| TallyTotal {
            party,
            means,
            launched,
            destroyed,
            days: days.len() as u64,
        })
        .collect())
}
