//! Ship activity in the Black Sea zone of the shipped agreement: a track
//! entering the zone yields an observation, one staying in the Sea of Azov
//! none; military vessels, the watchlist and dark periods.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use truce_engine::maritime::{
    Activity, Fix, MaritimeConfig, Observation, Track, Watchlist, observe,
};
use truce_geo::ZoneIndex;
use truce_model::{LatLon, parse_agreement};

fn zones() -> ZoneIndex {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../agreements");
    let text =
        std::fs::read_to_string(format!("{dir}/partial-truce-2025.toml")).expect("agreement file");
    let load =
        |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).map_err(|e| e.to_string());
    let agreement = parse_agreement(&text, &load).expect("the shipped agreement is valid");
    ZoneIndex::new(&agreement.zones).expect("zones")
}

const ZONE: &str = "black-sea";

fn t(hour: i64) -> Timestamp {
    Timestamp::from_second(1_743_120_000 + hour * 3600).expect("time")
}

/// A track with one position an hour along `points` (lat, lon).
fn track(mmsi: u32, shiptype: Option<u8>, points: &[(f64, f64)]) -> Track {
    Track {
        mmsi,
        name: Some(format!("VESSEL {mmsi}")),
        shiptype,
        fixes: points
            .iter()
            .enumerate()
            .map(|(h, &(lat, lon))| Fix {
                at: t(h as i64),
                point: LatLon::new(lat, lon),
            })
            .collect(),
    }
}

fn run(tr: &Track, watch: &Watchlist) -> Vec<Observation> {
    observe(tr, &zones(), ZONE, watch, &MaritimeConfig::default()).expect("known zone")
}

fn kinds(obs: &[Observation]) -> Vec<Activity> {
    obs.iter().map(|o| o.activity).collect()
}

/// Out of the Bosporus, north into the Black Sea, and back.
const OUT_OF_THE_BOSPORUS: [(f64, f64); 6] = [
    (41.05, 29.05),
    (41.15, 29.10),
    (41.60, 29.30),
    (42.20, 29.60),
    (41.60, 29.30),
    (41.10, 29.08),
];

/// Berdiansk, Mariupol, Yeysk and the middle of the Sea of Azov.
const SEA_OF_AZOV: [(f64, f64); 5] = [
    (46.60, 36.80),
    (46.95, 37.60),
    (46.75, 38.20),
    (46.15, 36.95),
    (46.60, 36.80),
];

#[test]
fn the_zone_excludes_the_sea_of_azov() {
    let z = zones();
    for (lat, lon) in SEA_OF_AZOV {
        assert_eq!(z.contains(ZONE, LatLon::new(lat, lon)), Some(false));
    }
    // …and the Kerch Strait's northern half, while the open sea is inside.
    assert_eq!(z.contains(ZONE, LatLon::new(45.40, 36.60)), Some(false));
    assert_eq!(z.contains(ZONE, LatLon::new(43.50, 34.00)), Some(true));
}

#[test]
fn a_track_entering_the_zone_yields_an_observation() {
    let obs = run(
        &track(636_019_825, Some(70), &OUT_OF_THE_BOSPORUS),
        &Watchlist::default(),
    );
    assert_eq!(kinds(&obs), [Activity::InZone]);
    let o = &obs[0];
    assert_eq!((o.from, o.to, o.fixes), (t(2), t(4), 3));
    assert_eq!(o.mmsi, 636_019_825);
    assert!(o.detail.starts_with("entered the zone"), "{}", o.detail);
    assert!(o.detail.ends_with("left it"), "{}", o.detail);
}

#[test]
fn a_track_staying_in_the_sea_of_azov_yields_nothing() {
    // Not even as a military vessel on the watchlist that goes silent.
    let mut tr = track(273_418_300, Some(35), &SEA_OF_AZOV);
    tr.fixes[3].at = t(40);
    tr.fixes[4].at = t(80);
    let watch = Watchlist::from_csv("mmsi,name,note\n273418300,AZOV TRADER,test\n").expect("csv");
    let cfg = MaritimeConfig {
        until: Some(t(200)),
        ..MaritimeConfig::default()
    };
    let obs = observe(&tr, &zones(), ZONE, &watch, &cfg).expect("zone");
    assert!(obs.is_empty(), "{obs:#?}");
}

#[test]
fn a_military_vessel_in_the_zone_is_observed_as_such() {
    let obs = run(
        &track(273_350_701, Some(35), &OUT_OF_THE_BOSPORUS),
        &Watchlist::default(),
    );
    // Near the zone (the Bosporus approach) before it is inside.
    assert_eq!(kinds(&obs), [Activity::Military, Activity::InZone]);
    assert!(obs[0].detail.contains("ship type 35"));
    assert!(obs[0].from < obs[1].from && obs[0].to == obs[1].to);
    // The same ship with another type is only inside the zone.
    let obs = run(
        &track(273_350_701, Some(70), &OUT_OF_THE_BOSPORUS),
        &Watchlist::default(),
    );
    assert_eq!(kinds(&obs), [Activity::InZone]);
}

#[test]
fn a_military_vessel_near_the_zone_counts_even_outside_it() {
    // Sevastopol Bay and the roadstead: outside the coarse polygon, a few
    // kilometres from its boundary.
    let z = zones();
    let bay = LatLon::new(44.62, 33.55);
    assert_eq!(z.contains(ZONE, bay), Some(false));
    let obs = run(
        &track(273_000_035, Some(35), &[(44.62, 33.55), (44.62, 33.56)]),
        &Watchlist::default(),
    );
    assert_eq!(kinds(&obs), [Activity::Military]);
    assert!(obs[0].detail.contains("near the zone"), "{}", obs[0].detail);
}

#[test]
fn a_watchlisted_vessel_is_named_with_the_missions_note() {
    let watch = Watchlist::from_csv(
        "mmsi,name,note\n352001234,SEA LANTERN,\"seen loading at Novorossiysk, 2025-03-20\"\n",
    )
    .expect("csv");
    assert_eq!(watch.len(), 1);
    let obs = run(&track(352_001_234, Some(80), &OUT_OF_THE_BOSPORUS), &watch);
    assert_eq!(kinds(&obs), [Activity::Watchlisted, Activity::InZone]);
    assert!(
        obs[0].detail.starts_with(
            "on the watchlist (SEA LANTERN: seen loading at Novorossiysk, 2025-03-20), 3 of 4 positions inside the zone"
        ),
        "{}",
        obs[0].detail
    );
}

#[test]
fn a_silence_in_the_zone_longer_than_the_threshold_is_a_dark_period() {
    let mut tr = track(352_001_234, Some(80), &OUT_OF_THE_BOSPORUS);
    // Silent from hour 3 (inside) to hour 13.
    for f in &mut tr.fixes[4..] {
        f.at += SignedDuration::from_hours(9);
    }
    let obs = run(&tr, &Watchlist::default());
    assert_eq!(kinds(&obs), [Activity::InZone, Activity::Dark]);
    let dark = &obs[1];
    assert_eq!((dark.from, dark.to), (t(3), t(13)));
    assert_eq!(dark.first, LatLon::new(42.20, 29.60));
    assert!(
        dark.detail.starts_with("silent for 10 h 00 min"),
        "{}",
        dark.detail
    );
    // Under the threshold: nothing.
    let cfg = MaritimeConfig {
        dark_after: SignedDuration::from_hours(12),
        ..MaritimeConfig::default()
    };
    let obs = observe(&tr, &zones(), ZONE, &Watchlist::default(), &cfg).expect("zone");
    assert_eq!(kinds(&obs), [Activity::InZone]);
}

#[test]
fn a_vessel_not_heard_again_is_dark_until_the_end_of_the_period() {
    let tr = track(352_001_234, None, &OUT_OF_THE_BOSPORUS[..4]);
    let cfg = MaritimeConfig {
        until: Some(t(20)),
        ..MaritimeConfig::default()
    };
    let obs = observe(&tr, &zones(), ZONE, &Watchlist::default(), &cfg).expect("zone");
    assert_eq!(kinds(&obs), [Activity::InZone, Activity::Dark]);
    assert_eq!((obs[1].from, obs[1].to), (t(3), t(20)));
    assert!(obs[0].detail.ends_with("still inside at its last position"));
}

#[test]
fn a_silence_far_from_the_zone_is_not_dark() {
    // In the Aegean, far from the Black Sea.
    let tr = track(1, None, &[(38.0, 25.0), (38.1, 25.1)]);
    let mut tr = tr;
    tr.fixes[1].at = t(100);
    assert!(run(&tr, &Watchlist::default()).is_empty());
}

#[test]
fn an_unknown_zone_is_an_error() {
    let e = observe(
        &Track::default(),
        &zones(),
        "red-sea",
        &Watchlist::default(),
        &MaritimeConfig::default(),
    );
    assert_eq!(
        e.map_err(|e| e.to_string()),
        Err("the agreement has no zone \"red-sea\"".to_string())
    );
}

#[test]
fn watchlist_errors_name_their_lines() {
    let errors = Watchlist::from_csv(
        "name,mmsi,note\nA,272000001,\nB,27200000X,\nC,1234567890,\nD,272000001,again\n",
    )
    .expect_err("bad lines");
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        lines,
        [
            "line 3: mmsi \"27200000X\" is not an MMSI (up to nine digits)",
            "line 4: mmsi \"1234567890\" is not an MMSI (up to nine digits)",
            "line 5: MMSI 272000001 is already listed on line 2",
        ]
    );
    let e = Watchlist::from_csv("vessel,name\n1,A\n").expect_err("no mmsi column");
    assert_eq!(e[0].line, 1);
    let w = Watchlist::from_csv("MMSI\n273350701\n").expect("only the MMSI column");
    assert_eq!(w.get(273_350_701).map(|e| e.name.as_str()), Some(""));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the track, every position inside the zone belongs to exactly
    /// one stay, intervals run forwards, and dark periods exceed the threshold.
    #[test]
    fn observations_account_for_every_position_inside(
        points in prop::collection::vec((40.5f64..47.5, 27.0f64..42.0, 0i64..30), 0..40),
    ) {
        let z = zones();
        let mut hour = 0;
        let fixes: Vec<Fix> = points
            .iter()
            .map(|&(lat, lon, gap)| {
                hour += gap;
                Fix { at: t(hour), point: LatLon::new(lat, lon) }
            })
            .collect();
        let inside = fixes
            .iter()
            .filter(|f| z.contains(ZONE, f.point) == Some(true))
            .count();
        let tr = Track { mmsi: 7, name: None, shiptype: Some(35), fixes };
        let cfg = MaritimeConfig::default();
        let obs = observe(&tr, &z, ZONE, &Watchlist::default(), &cfg).expect("zone");
        let stays: usize = obs
            .iter()
            .filter(|o| o.activity == Activity::InZone)
            .map(|o| o.fixes)
            .sum();
        prop_assert_eq!(stays, inside);
        for o in &obs {
            prop_assert!(o.from <= o.to);
            if o.activity == Activity::Dark {
                prop_assert!(o.to.duration_since(o.from) > cfg.dark_after);
            }
        }
        // A military stay covers at least the positions inside.
        let military: usize = obs
            .iter()
            .filter(|o| o.activity == Activity::Military)
            .map(|o| o.fixes)
            .sum();
        prop_assert!(military >= inside);
    }
}
