//! `truce tallies`: the daily series of air-attack tallies (launched and
//! destroyed per day and weapon class), as a table or `--json`.

use crate::Outcome;
use crate::workspace;
use anyhow::{Result, bail};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use truce_app::tallies::{TallyFilter, daily};

fn day(v: Option<&str>, what: &str) -> Result<Option<String>> {
    let Some(v) = v else { return Ok(None) };
    let v = v.trim();
    if jiff::civil::Date::strptime("%Y-%m-%d", v).is_err() {
        bail!("--{what}: \"{v}\" is not a day; write it as 2025-03-20");
    }
    Ok(Some(v.to_string()))
}

pub fn run(
    db: &str,
    from: Option<&str>,
    to: Option<&str>,
    means: Option<&str>,
    json: bool,
) -> Result<Outcome> {
    let filter = TallyFilter {
        from: day(from, "from")?,
        to: day(to, "to")?,
        means: match means {
            None => None,
            Some(m) => {
                let id = m.trim().trim_end_matches(".*");
                let known =
                    truce_model::Means::ids().any(|c| c == id || c.split('.').next() == Some(id));
                if !known {
                    let all: Vec<&str> = truce_model::Means::ids().collect();
                    bail!(
                        "--means: \"{m}\" is not a weapon class or family; the classes are {}",
                        all.join(", ")
                    );
                }
                Some(id.to_string())
            }
        },
    };
    let store = workspace::open(db)?;
    let rows = daily(&*store, &filter)?;
    if json {
        println!("{}", serde_json::to_string(&rows)?);
        return Ok(Outcome::Ok);
    }
    if rows.is_empty() {
        println!("No air-attack tallies match; `truce ingest` reads them (--format air-tallies).");
        return Ok(Outcome::Ok);
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec!["Day", "Weapon class", "Launched", "Destroyed"]);
    let (mut launched, mut destroyed) = (0, 0);
    for r in &rows {
        launched += r.launched;
        destroyed += r.destroyed;
        t.add_row(vec![
            r.date.clone(),
            r.means.clone(),
            r.launched.to_string(),
            r.destroyed.to_string(),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        String::new(),
        launched.to_string(),
        destroyed.to_string(),
    ]);
    println!("{t}");
    Ok(Outcome::Ok)
}
