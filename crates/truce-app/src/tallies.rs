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

/// The daily series, by date then class.
pub fn daily(store: &dyn Store, filter: &TallyFilter) -> Result<Vec<DailyTally>> {
    let mut sums: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
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
            let e = sums.entry((date, means.to_string())).or_default();
            e.0 += tallies::launched(r).unwrap_or(0);
            e.1 += tallies::destroyed(r).unwrap_or(0);
        }
    }
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
