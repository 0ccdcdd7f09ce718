//! The sensor rule: a fire detected at the protected site a strike report is
//! linked to, soon after, corroborates that incident; the same fire 30 km
//! away, or before the strike, or days later, does not; a fire at a site no
//! report mentions becomes a lead.

use truce_engine::sensors::{attach, reach_km};
use truce_engine::{CorrelateConfig, Evaluator, SensorConfig, correlate_ranked};
use truce_geo::{Site, SiteRegistry};
use truce_model::time::{event_interval, parse_instant};
use truce_model::*;

fn agreement() -> Agreement {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../agreements");
    let text =
        std::fs::read_to_string(format!("{dir}/partial-truce-2025.toml")).expect("agreement file");
    let load =
        |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).map_err(|e| e.to_string());
    parse_agreement(&text, &load).expect("the shipped agreement is valid")
}

fn kyiv() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/Kyiv").expect("tz")
}

/// A thermal power plant (made-up coordinates in open country).
const PLANT: (f64, f64) = (49.60, 34.50);

fn sites() -> SiteRegistry {
    SiteRegistry::from_sites([Site::new(
        "TPP-1",
        "Test thermal power plant",
        TargetClass::EnergyPowerPlant,
        LatLon::new(PLANT.0, PLANT.1),
    )])
    .expect("sites")
}

fn base(source: &str, id: &str, when: &str, tp: TimePrecision, at: (f64, f64)) -> Report {
    let t = parse_instant(when, &kyiv()).expect("time");
    Report {
        source: source.into(),
        external_id: id.into(),
        reported_at: None,
        occurred_at: t,
        time_precision: tp,
        occurred: event_interval(t, tp, &kyiv()),
        location: Some(LatLon::new(at.0, at.1)),
        place: None,
        geo_precision: GeoPrecision::Exact,
        located: Located::Given,
        act: Act::Strike,
        means: Means::DroneLongRange,
        means_text: None,
        target_class: TargetClass::EnergyPowerPlant,
        target_name: None,
        perpetrator: Some("Russia".into()),
        claimant: Some("Ukraine".into()),
        stance: Stance::Alleges,
        reliability: None,
        credibility: None,
        killed: None,
        injured: None,
        text: None,
        url: None,
        extra: Vec::new(),
    }
}

/// A strike on the plant alleged by Ukraine, at 04:00 on 10 April 2025.
fn strike() -> Report {
    base(
        "ua-mod",
        "s-1",
        "2025-04-10T04:00",
        TimePrecision::Hour,
        PLANT,
    )
}

/// A FIRMS-like detection: `km_north` of the plant, at `when` (UTC).
fn fire(id: &str, when: &str, km_north: f64, scan: &str) -> Report {
    let at = (PLANT.0 + km_north / 111.2, PLANT.1);
    let mut r = base("NASA FIRMS", id, when, TimePrecision::Minute, at);
    r.act = Act::Fire;
    r.means = Means::Unknown;
    r.target_class = TargetClass::Unknown;
    r.perpetrator = None;
    r.claimant = Some("NOAA".into());
    r.stance = Stance::Observes;
    r.credibility = Some(Credibility::Possible);
    r.extra = vec![("scan".into(), scan.into()), ("track".into(), "0.4".into())];
    r
}

/// Correlates, places the detections, and returns the incidents and the
/// air-independent energy finding of the incident holding the strike.
fn run(reports: &[Report]) -> (Vec<Incident>, Status) {
    let cfg = CorrelateConfig::default();
    let ranks: Vec<u64> = (0..reports.len() as u64).collect();
    let mut incidents = correlate_ranked(reports, &ranks, &cfg);
    let sites = sites();
    attach(
        reports,
        &ranks,
        &mut incidents,
        &sites,
        &cfg,
        &SensorConfig::default(),
    );
    let a = agreement();
    let ev = Evaluator::new(&a, cfg).with_sites(&sites);
    let holding = incidents
        .iter()
        .find(|i| i.reports.contains(&0))
        .expect("the strike's incident");
    let mut findings = Vec::new();
    ev.evaluate(reports, holding, true, &mut findings);
    let status = findings
        .iter()
        .find(|f| f.commitment_id == "energy" && f.reading_id == "ua" && f.party == "ru")
        .map(|f| f.status)
        .expect("energy finding");
    (incidents, status)
}

#[test]
fn a_fire_at_the_struck_plant_soon_after_corroborates_the_strike() {
    let alone = run(&[strike()]);
    assert_eq!(alone.1, Status::Alleged, "one voice alone");
    let (incidents, status) = run(&[strike(), fire("f-1", "2025-04-10T03:30:00Z", 1.0, "0.4")]);
    assert_eq!(status, Status::Corroborated);
    assert_eq!(incidents.len(), 1);
    assert_eq!(incidents[0].reports, vec![0, 1]);
    // The incident keeps the strike's own time, not the detection's minute.
    assert_eq!(incidents[0].occurred, strike().occurred);
}

#[test]
fn the_same_fire_30_km_away_does_not() {
    let (incidents, status) = run(&[strike(), fire("f-1", "2025-04-10T03:30:00Z", 30.0, "0.4")]);
    assert_eq!(status, Status::Alleged);
    assert_eq!(incidents.len(), 1, "a fire at no site forms no incident");
    assert_eq!(incidents[0].reports, vec![0]);
}

#[test]
fn the_pixel_size_widens_the_reach() {
    // 3 km off: beyond 2 km plus a 0.4 km pixel, within 2 km plus a 1.5 km one.
    let (_, narrow) = run(&[strike(), fire("f-1", "2025-04-10T03:30:00Z", 3.0, "0.4")]);
    assert_eq!(narrow, Status::Alleged);
    let (_, wide) = run(&[strike(), fire("f-1", "2025-04-10T03:30:00Z", 3.0, "1.5")]);
    assert_eq!(wide, Status::Corroborated);
    assert!(
        (reach_km(
            &fire("x", "2025-04-10T00:00:00Z", 0.0, "1.5"),
            &SensorConfig::default()
        ) - 3.5)
            .abs()
            < 1e-9
    );
}

#[test]
fn a_fire_before_the_strike_or_days_later_does_not_corroborate_it_and_is_a_lead() {
    for when in ["2025-04-09T12:00:00Z", "2025-04-14T12:00:00Z"] {
        let (incidents, status) = run(&[strike(), fire("f-1", when, 0.5, "0.4")]);
        assert_eq!(status, Status::Alleged, "{when}");
        assert_eq!(incidents.len(), 2, "{when}: the fire is a lead of its own");
        let lead = incidents
            .iter()
            .find(|i| i.reports == vec![1])
            .expect("lead incident");
        assert_eq!(lead.act, Act::Fire);
    }
}

#[test]
fn fires_at_one_site_close_in_time_form_one_lead() {
    let reports = vec![
        strike(),
        fire("f-1", "2025-04-20T01:00:00Z", 0.3, "0.4"),
        fire("f-2", "2025-04-20T13:00:00Z", 0.6, "0.4"),
        fire("f-3", "2025-04-28T13:00:00Z", 0.6, "0.4"),
    ];
    let (incidents, _) = run(&reports);
    let mut leads: Vec<Vec<usize>> = incidents
        .iter()
        .filter(|i| i.act == Act::Fire)
        .map(|i| i.reports.clone())
        .collect();
    leads.sort();
    assert_eq!(leads, vec![vec![1, 2], vec![3]]);
}
