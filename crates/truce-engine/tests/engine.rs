//! The engine against the shipped agreement: correlation of opposite claims,
//! the two readings of the energy commitment, the air truce's scope, the Black
//! Sea zone, and corroboration rules.

use proptest::prelude::*;
use std::collections::BTreeSet;
use truce_engine::{CorrelateConfig, correlate, run};
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

/// A report with the fields the engine looks at.
#[allow(clippy::too_many_arguments)]
fn rep(
    source: &str,
    id: &str,
    when: &str,
    tp: TimePrecision,
    at: Option<(f64, f64)>,
    gp: GeoPrecision,
    act: Act,
    means: Means,
    target: TargetClass,
    perpetrator: Option<&str>,
    claimant: &str,
    stance: Stance,
) -> Report {
    let t = parse_instant(when, &kyiv()).expect("time");
    Report {
        source: source.into(),
        external_id: id.into(),
        reported_at: None,
        occurred_at: t,
        time_precision: tp,
        occurred: event_interval(t, tp, &kyiv()),
        location: at.map(|(lat, lon)| LatLon::new(lat, lon)),
        place: None,
        geo_precision: gp,
        located: if at.is_some() {
            Located::Given
        } else {
            Located::Unlocated
        },
        act,
        means,
        means_text: None,
        target_class: target,
        target_name: None,
        perpetrator: perpetrator.map(str::to_string),
        claimant: Some(claimant.into()),
        stance,
        reliability: None,
        credibility: None,
        killed: None,
        injured: None,
        text: None,
        url: None,
        extra: Vec::new(),
    }
}

fn status_of(
    findings: &[Finding],
    incident: &str,
    c: &str,
    r: &str,
    party: &str,
) -> Option<Status> {
    findings
        .iter()
        .find(|f| {
            f.incident_id == incident
                && f.commitment_id == c
                && f.reading_id == r
                && f.party == party
        })
        .map(|f| f.status)
}

const SUDZHA: (f64, f64) = (51.19, 35.27);

fn sudzha_claims() -> Vec<Report> {
    let mut ru = rep(
        "ru-mod",
        "ru-1",
        "2025-03-21",
        TimePrecision::Day,
        Some(SUDZHA),
        GeoPrecision::Settlement,
        Act::Sabotage,
        Means::Explosive,
        TargetClass::EnergyGasMetering,
        Some("ВСУ"),
        "ru",
        Stance::Alleges,
    );
    ru.target_name = Some("ГИС «Суджа»".into());
    let mut ua = rep(
        "ua-genstaff",
        "ua-1",
        "2025-03-21T09:00:00+02:00",
        TimePrecision::Hour,
        Some((51.20, 35.28)),
        GeoPrecision::Exact,
        Act::Shelling,
        Means::Artillery,
        TargetClass::EnergyGasMetering,
        Some("Russia"),
        "ua",
        Stance::Alleges,
    );
    ua.target_name = Some("Sudzha gas metering station".into());
    let mut deny = rep(
        "ua-mfa",
        "ua-2",
        "2025-03-21",
        TimePrecision::Day,
        None,
        GeoPrecision::Country,
        Act::Sabotage,
        Means::Unknown,
        TargetClass::EnergyGasMetering,
        Some("ua"),
        "ua",
        Stance::Denies,
    );
    deny.target_name = Some("ГВС Суджа".into());
    vec![ru, ua, deny]
}

#[test]
fn opposite_claims_form_one_disputed_incident() {
    let a = agreement();
    let reports = sudzha_claims();
    let out = run(&a, &reports, &CorrelateConfig::default(), true);
    assert_eq!(out.incidents.len(), 1, "{:#?}", out.incidents);
    let id = &out.incidents[0].id;
    assert_eq!(out.incidents[0].reports.len(), 3);
    for party in ["ua", "ru"] {
        assert_eq!(
            status_of(&out.findings, id, "energy", "ru", party),
            Some(Status::Disputed),
            "{party}"
        );
    }
    // Under Ukraine's reading the moratorium had not begun on 21 March.
    assert_eq!(
        status_of(&out.findings, id, "energy", "ua", "ru"),
        Some(Status::OutsidePeriod)
    );
    let f = out
        .findings
        .iter()
        .find(|f| {
            f.incident_id == *id
                && f.commitment_id == "energy"
                && f.reading_id == "ru"
                && f.party == "ua"
        })
        .expect("finding");
    let trace: Vec<&str> = f.trace.iter().map(|s| s.check.as_str()).collect();
    assert!(
        trace.contains(&"period") && trace.contains(&"target") && trace.contains(&"status"),
        "{trace:?}"
    );
    assert!(
        f.reports.iter().any(|r| r.external_id == "ua-2"),
        "the denial is among the reports"
    );
}

#[test]
fn the_two_readings_disagree_on_a_strike_of_20_march() {
    let a = agreement();
    let r = rep(
        "ua-energy",
        "e-1",
        "2025-03-20T03:10:00+02:00",
        TimePrecision::Hour,
        Some((49.99, 36.23)),
        GeoPrecision::Exact,
        Act::Strike,
        Means::DroneLongRange,
        TargetClass::EnergySubstation,
        Some("ru"),
        "ua",
        Stance::Alleges,
    );
    let out = run(&a, &[r], &CorrelateConfig::default(), true);
    let id = &out.incidents[0].id;
    assert_eq!(
        status_of(&out.findings, id, "energy", "ru", "ru"),
        Some(Status::Alleged)
    );
    assert_eq!(
        status_of(&out.findings, id, "energy", "ua", "ru"),
        Some(Status::OutsidePeriod)
    );
    assert_eq!(
        status_of(&out.findings, id, "air", "text", "ru"),
        Some(Status::Alleged)
    );
    assert_eq!(
        status_of(&out.findings, id, "black-sea", "text", "ru"),
        Some(Status::NotCovered)
    );
}

#[test]
fn a_tactical_drone_on_a_power_plant_is_outside_the_air_truce() {
    let a = agreement();
    let r = rep(
        "ua-energy",
        "fpv-1",
        "2025-04-02T11:00:00+03:00",
        TimePrecision::Hour,
        Some((47.57, 34.39)),
        GeoPrecision::Exact,
        Act::Strike,
        Means::DroneTactical,
        TargetClass::EnergyPowerPlant,
        Some("ru"),
        "ua",
        Stance::Alleges,
    );
    let out = run(&a, &[r], &CorrelateConfig::default(), true);
    let id = &out.incidents[0].id;
    assert_eq!(
        status_of(&out.findings, id, "air", "text", "ru"),
        Some(Status::NotCovered)
    );
    assert_eq!(
        status_of(&out.findings, id, "energy", "ru", "ru"),
        Some(Status::Alleged)
    );
    assert_eq!(
        status_of(&out.findings, id, "energy", "ua", "ru"),
        Some(Status::Alleged)
    );
    let f = out
        .findings
        .iter()
        .find(|f| f.commitment_id == "air")
        .expect("air finding");
    let means = f
        .trace
        .iter()
        .find(|s| s.check == "means")
        .expect("means step");
    assert_eq!(means.outcome, "fail");
    assert!(means.detail.contains("drone.tactical"), "{}", means.detail);
}

#[test]
fn corroboration_needs_independent_adequately_graded_voices() {
    let a = agreement();
    let base = |src: &str, id: &str, claimant: &str| {
        rep(
            src,
            id,
            "2025-04-03T02:00:00+03:00",
            TimePrecision::Hour,
            Some((46.48, 30.73)),
            GeoPrecision::Settlement,
            Act::Strike,
            Means::DroneLongRange,
            TargetClass::EnergySubstation,
            Some("ru"),
            claimant,
            Stance::Alleges,
        )
    };
    // Two ministries of one party are one voice.
    let same_side = [base("ua-mod", "1", "ua"), base("ua-energy", "2", "ua")];
    let out = run(&a, &same_side, &CorrelateConfig::default(), false);
    assert_eq!(out.incidents.len(), 1);
    assert_eq!(
        status_of(&out.findings, &out.incidents[0].id, "air", "text", "ru"),
        Some(Status::Alleged)
    );

    // A monitor's observation makes a second voice.
    let mut monitor = base("mission", "3", "mission");
    monitor.stance = Stance::Observes;
    monitor.perpetrator = None;
    let with_monitor = [same_side[0].clone(), same_side[1].clone(), monitor.clone()];
    let out = run(&a, &with_monitor, &CorrelateConfig::default(), false);
    assert_eq!(out.incidents.len(), 1);
    assert_eq!(
        status_of(&out.findings, &out.incidents[0].id, "air", "text", "ru"),
        Some(Status::Corroborated)
    );

    // …unless it is graded E or 5.
    monitor.reliability = Some(Reliability::E);
    let weak = [same_side[0].clone(), monitor];
    let out = run(&a, &weak, &CorrelateConfig::default(), false);
    assert_eq!(
        status_of(&out.findings, &out.incidents[0].id, "air", "text", "ru"),
        Some(Status::Alleged)
    );
}

#[test]
fn black_sea_zone_open_sea_coast_and_land() {
    let a = agreement();
    let naval = |id: &str, lat: f64, lon: f64, gp: GeoPrecision| {
        rep(
            "ru-mod",
            id,
            "2025-03-28T05:00:00+02:00",
            TimePrecision::Hour,
            Some((lat, lon)),
            gp,
            Act::NavalOperation,
            Means::DroneNaval,
            TargetClass::Military,
            Some("ua"),
            "ru",
            Stance::Alleges,
        )
    };
    let open_sea = naval("sea", 43.5, 34.0, GeoPrecision::Exact);
    let odesa_city = naval("land", 46.47, 30.70, GeoPrecision::Exact);
    let near_coast = naval("coast", 46.40, 30.80, GeoPrecision::NearSettlement);
    for (r, want) in [
        (open_sea, Status::Alleged),
        (odesa_city, Status::NotCovered),
        (near_coast, Status::Insufficient),
    ] {
        let id = r.external_id.clone();
        let out = run(&a, &[r], &CorrelateConfig::default(), true);
        let got = status_of(
            &out.findings,
            &out.incidents[0].id,
            "black-sea",
            "text",
            "ua",
        );
        assert_eq!(got, Some(want), "{id}");
    }
}

#[test]
fn unknown_target_is_insufficient_and_unknown_perpetrator_too() {
    let a = agreement();
    let r = rep(
        "news",
        "n-1",
        "2025-04-05T20:00:00+03:00",
        TimePrecision::Hour,
        Some((48.46, 35.04)),
        GeoPrecision::Settlement,
        Act::Strike,
        Means::Unknown,
        TargetClass::Unknown,
        Some("ru"),
        "news",
        Stance::Alleges,
    );
    let out = run(
        &a,
        std::slice::from_ref(&r),
        &CorrelateConfig::default(),
        false,
    );
    assert_eq!(
        status_of(&out.findings, &out.incidents[0].id, "energy", "ua", "ru"),
        Some(Status::Insufficient)
    );
    let mut anon = r;
    anon.perpetrator = None;
    anon.target_class = TargetClass::CivilianResidential;
    anon.stance = Stance::Observes;
    let out = run(&a, &[anon], &CorrelateConfig::default(), false);
    assert_eq!(
        status_of(
            &out.findings,
            &out.incidents[0].id,
            "energy",
            "ua",
            "unknown"
        ),
        Some(Status::Insufficient)
    );
}

#[test]
fn nearby_strikes_do_not_chain_into_one_incident() {
    // Ten precise strikes 8 km apart in a line within one hour: single-linkage
    // clustering would make one incident of them all.
    let reports: Vec<Report> = (0..10)
        .map(|i| {
            rep(
                "firms",
                &format!("f-{i}"),
                "2025-04-01T03:00:00+03:00",
                TimePrecision::Hour,
                Some((48.0, 35.0 + i as f64 * 0.108)),
                GeoPrecision::Exact,
                Act::Strike,
                Means::Unknown,
                TargetClass::Unknown,
                None,
                "firms",
                Stance::Observes,
            )
        })
        .collect();
    let incidents = correlate(&reports, &CorrelateConfig::default());
    assert!(
        incidents.len() >= 5,
        "chained into {} incidents",
        incidents.len()
    );
    assert!(incidents.iter().all(|i| i.reports.len() <= 2));
}

#[test]
fn different_days_or_places_stay_apart() {
    let a = rep(
        "a",
        "1",
        "2025-04-01",
        TimePrecision::Day,
        Some((50.45, 30.52)),
        GeoPrecision::Settlement,
        Act::Strike,
        Means::Unknown,
        TargetClass::Unknown,
        None,
        "a",
        Stance::Observes,
    );
    let mut b = a.clone();
    b.external_id = "2".into();
    b.occurred = event_interval(
        parse_instant("2025-04-03", &kyiv()).unwrap_or(0),
        TimePrecision::Day,
        &kyiv(),
    );
    let mut c = a.clone();
    c.external_id = "3".into();
    c.location = Some(LatLon::new(49.99, 36.23));
    let incidents = correlate(&[a, b, c], &CorrelateConfig::default());
    assert_eq!(incidents.len(), 3);
}

fn arb_report() -> impl Strategy<Value = Report> {
    (
        0u32..40,
        0i64..(10 * 86_400),
        prop_oneof![
            Just(TimePrecision::Minute),
            Just(TimePrecision::Hour),
            Just(TimePrecision::Day)
        ],
        (46.0f64..48.0, 30.0f64..33.0),
        prop_oneof![
            Just(GeoPrecision::Exact),
            Just(GeoPrecision::Settlement),
            Just(GeoPrecision::NearSettlement),
            Just(GeoPrecision::Region)
        ],
        prop_oneof![
            Just(Act::Strike),
            Just(Act::Shelling),
            Just(Act::Interception),
            Just(Act::Other)
        ],
        prop_oneof![
            Just(TargetClass::EnergySubstation),
            Just(TargetClass::CivilianResidential),
            Just(TargetClass::Unknown)
        ],
        prop_oneof![Just(None), Just(Some("ru")), Just(Some("ua"))],
        any::<u64>(),
    )
        .prop_map(|(src, dt, tp, (lat, lon), gp, act, target, perp, id)| {
            let t = 1_742_860_800 + dt;
            let mut r = rep(
                &format!("s{src}"),
                &format!("{id}"),
                "2025-03-25",
                tp,
                Some((lat, lon)),
                gp,
                act,
                Means::Unknown,
                target,
                perp,
                &format!("c{}", src % 5),
                Stance::Alleges,
            );
            r.occurred_at = t;
            r.occurred = event_interval(t, tp, &kyiv());
            r
        })
}

fn partition(
    incidents: &[Incident],
    reports: &[Report],
) -> BTreeSet<(String, Vec<(String, String)>)> {
    incidents
        .iter()
        .map(|i| {
            let mut keys: Vec<(String, String)> = i
                .reports
                .iter()
                .map(|&k| (reports[k].source.clone(), reports[k].external_id.clone()))
                .collect();
            keys.sort();
            (i.id.clone(), keys)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every report lands in exactly one incident, and the grouping and ids do
    /// not depend on the order reports arrive in.
    #[test]
    fn correlation_is_a_partition_independent_of_input_order(
        mut reports in prop::collection::vec(arb_report(), 1..120),
        seed in any::<u64>(),
    ) {
        // Keys must be unique, as the store guarantees.
        for (i, r) in reports.iter_mut().enumerate() {
            r.external_id = format!("{}-{i}", r.external_id);
        }
        let cfg = CorrelateConfig::default();
        let a = correlate(&reports, &cfg);
        let mut seen = vec![0u32; reports.len()];
        for i in &a {
            for &k in &i.reports {
                seen[k] += 1;
            }
        }
        prop_assert!(seen.iter().all(|&n| n == 1));

        let mut shuffled = reports.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let b = correlate(&shuffled, &cfg);
        prop_assert_eq!(partition(&a, &reports), partition(&b, &shuffled));
    }

    /// An incident rebuilt from its members (as a correction or a decision
    /// rebuilds it, without running the whole correlation) is the incident
    /// correlation made: same id, interval, place, act, means and target.
    #[test]
    fn an_incident_rebuilt_from_its_members_is_the_one_correlation_made(
        mut reports in prop::collection::vec(arb_report(), 1..120),
    ) {
        for (i, r) in reports.iter_mut().enumerate() {
            r.external_id = format!("{}-{i}", r.external_id);
        }
        let cfg = CorrelateConfig::default();
        for inc in correlate(&reports, &cfg) {
            let again = truce_engine::incident_of(&reports, &[], inc.reports.clone(), &cfg);
            prop_assert_eq!(again.as_ref(), Some(&inc));
        }
    }

    /// Members of one incident overlap in time and lie within their combined
    /// radii of the incident's place.
    #[test]
    fn incidents_respect_the_windows(reports in prop::collection::vec(arb_report(), 1..120)) {
        let cfg = CorrelateConfig::default();
        for inc in correlate(&reports, &cfg) {
            let slack = cfg.time_slack_secs;
            let start = inc.reports.iter().map(|&k| reports[k].occurred.start - slack).max();
            let end = inc.reports.iter().map(|&k| reports[k].occurred.end + slack).min();
            prop_assert!(start < end, "members do not share a time");
            if let Some(anchor) = inc.location {
                for &k in &inc.reports {
                    let r = &reports[k];
                    if let Some(p) = r.location {
                        let d = truce_geo::haversine_km(p, anchor);
                        let allowed = (cfg.radius(r.geo_precision) + cfg.radius(inc.geo_precision) + cfg.distance_slack_km) * cfg.named_target_widening;
                        prop_assert!(d <= allowed + 1e-9, "{d} km > {allowed} km");
                    }
                }
            }
        }
    }
}

#[test]
fn reports_keep_joining_after_the_anchor_moves() {
    // A day-level report opens the incident; a precise one becomes its anchor;
    // further precise reports of the same strike must still find it.
    let coarse = rep(
        "news",
        "n",
        "2025-04-13",
        TimePrecision::Day,
        Some((50.9077, 34.7981)),
        GeoPrecision::Settlement,
        Act::Strike,
        Means::MissileBallistic,
        TargetClass::CivilianOther,
        Some("ru"),
        "news",
        Stance::Observes,
    );
    let precise = |src: &str, lat: f64| {
        rep(
            src,
            "p",
            "2025-04-13T10:15:00+03:00",
            TimePrecision::Minute,
            Some((lat, 34.803)),
            GeoPrecision::Exact,
            Act::Strike,
            Means::MissileBallistic,
            TargetClass::CivilianOther,
            Some("ru"),
            src,
            Stance::Alleges,
        )
    };
    let reports = [
        coarse,
        precise("a", 50.9110),
        precise("b", 50.9112),
        precise("c", 50.9111),
    ];
    let incidents = correlate(&reports, &CorrelateConfig::default());
    assert_eq!(incidents.len(), 1, "{incidents:#?}");
}

#[test]
fn opposite_claims_meet_whichever_comes_first() {
    // Same-start reports are taken in an order set by their keys; whichever of
    // the three Sudzha claims comes first, they form one incident.
    let a = agreement();
    for k in 0..24 {
        let mut reports = sudzha_claims();
        for r in &mut reports {
            r.external_id = format!("{}-{k}", r.external_id);
        }
        let out = run(&a, &reports, &CorrelateConfig::default(), false);
        assert_eq!(
            out.incidents.len(),
            1,
            "keys suffixed {k}: {:#?}",
            out.incidents
        );
    }
}
