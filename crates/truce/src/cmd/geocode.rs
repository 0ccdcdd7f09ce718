//! `truce geocode QUERY [--region R] [--json]`: looks a place name up in the
//! embedded gazetteer and says where it is and how precisely.

use anyhow::Result;
use serde_json::{Value, json};
use truce_geo::{Gazetteer, Lookup, Place, Resolution};

use crate::Outcome;

/// Most candidates listed for an ambiguous name.
const MAX_CANDIDATES: usize = 20;

pub fn run(db: &str, query: &str, region: Option<&str>, json: bool) -> Result<Outcome> {
    // A workspace's imported gazetteer when there is one, else the embedded.
    let handle = match crate::workspace::open(db) {
        Ok(store) => crate::workspace::gazetteer(&*store)?,
        Err(_) => crate::workspace::GazetteerHandle::Embedded,
    };
    let g: &Gazetteer = &handle;
    if let Some(r) = region
        && g.resolve_hint(r).is_none()
    {
        anyhow::bail!(
            "--region: no region or country \"{r}\"; give an id such as UA-63 or RU-KRS, or a name such as \"Kharkiv oblast\" or \"Курская область\""
        );
    }
    let lookup = g.lookup(query, region);

    if json {
        println!("{}", serde_json::to_string(&to_json(g, query, &lookup))?);
        return match lookup.resolution {
            Resolution::NotFound => anyhow::bail!("\"{query}\" is not in the gazetteer"),
            _ => Ok(Outcome::Ok),
        };
    }

    match &lookup.resolution {
        Resolution::Found(p) => {
            println!("{}", describe(g, p));
            println!("  precision:  {}", p.precision().as_str());
            if let Some(m) = lookup.matched {
                println!("  matched:    {}", m.as_str());
            }
            if let Some(a) = lookup.area {
                println!("  narrowed by: {} ({})", a.name, a.id);
            }
            Ok(Outcome::Ok)
        }
        Resolution::Ambiguous(candidates) => {
            println!(
                "\"{query}\" is ambiguous: {} places fit{}",
                candidates.len(),
                if lookup.area.is_some() {
                    " (none in the region given)"
                } else {
                    ""
                }
            );
            for p in candidates.iter().take(MAX_CANDIDATES) {
                println!("  {}", describe(g, p));
            }
            if candidates.len() > MAX_CANDIDATES {
                println!("  … and {} more", candidates.len() - MAX_CANDIDATES);
            }
            println!(
                "Name the region to choose one: truce geocode \"{query}\" --region \"<oblast>\", or \"{query}, <oblast>\"."
            );
            Ok(Outcome::Ok)
        }
        Resolution::NotFound => anyhow::bail!(
            "\"{query}\" is not in the gazetteer ({} places of Ukraine and the Russian border regions); check the spelling, or try the Ukrainian or Russian name",
            g.places().len()
        ),
    }
}

/// One line: names in three scripts, id, region, point, population.
fn describe(g: &Gazetteer, p: &Place) -> String {
    let names: Vec<&str> = [&p.name, &p.name_uk, &p.name_ru]
        .into_iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .fold(Vec::new(), |mut v, n| {
            if !v.contains(&n) {
                v.push(n);
            }
            v
        });
    let region = p
        .region
        .as_deref()
        .and_then(|r| g.get(r))
        .map(|r| format!(", {}", r.name))
        .unwrap_or_default();
    format!(
        "{} [{}] {}{region}, {} — {:.4}, {:.4} (pop. {})",
        names.join(" / "),
        p.id,
        p.kind,
        p.country,
        p.point.lat,
        p.point.lon,
        p.population
    )
}

fn place_json(g: &Gazetteer, p: &Place) -> Value {
    json!({
        "id": p.id,
        "kind": p.kind.as_str(),
        "name": p.name,
        "name_uk": p.name_uk,
        "name_ru": p.name_ru,
        "region": p.region,
        "region_name": p.region.as_deref().and_then(|r| g.get(r)).map(|r| r.name.as_str()),
        "country": p.country,
        "lat": p.point.lat,
        "lon": p.point.lon,
        "population": p.population,
        "precision": p.precision().as_str(),
    })
}

fn to_json(g: &Gazetteer, query: &str, lookup: &Lookup<'_>) -> Value {
    let (status, precision, place, candidates) = match &lookup.resolution {
        Resolution::Found(p) => (
            "found",
            Some(p.precision().as_str()),
            place_json(g, p),
            Vec::new(),
        ),
        Resolution::Ambiguous(ps) => (
            "ambiguous",
            None,
            Value::Null,
            ps.iter().map(|p| place_json(g, p)).collect(),
        ),
        Resolution::NotFound => ("not-found", None, Value::Null, Vec::new()),
    };
    json!({
        "query": query,
        "status": status,
        "precision": precision,
        "matched": lookup.matched.map(|m| m.as_str()),
        "area": lookup.area.map(|a| a.id.as_str()),
        "place": place,
        "candidates": candidates,
        "gazetteer": g.version(),
    })
}
