//! The ACLED adapter: both column orders give the same reports, every
//! sub-event type and actor rule is mapped as documented, bad values are
//! rejected with line and column while the other rows go on, and no input
//! makes it panic or lose a row.

mod common;

use common::ctx;
use proptest::prelude::*;
use truce_ingest::acled;
use truce_ingest::canonical::Accepted;
use truce_ingest::table::Summary;
use truce_model::{
    Act, GeoPrecision, Means, Rejection, Report, Stance, TargetClass, TimePrecision,
};

const API: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

/// (id, date as the API writes it, time precision, event type, sub-event type,
/// actor1, actor2, location, lat, lon, geo precision, notes, fatalities)
type Event = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const EVENTS: [Event; 8] = [
    (
        "UKR1",
        "2025-03-20",
        "1",
        "Explosions/Remote violence",
        "Air/drone strike",
        "Military Forces of Russia (2000-)",
        "Civilians (Ukraine)",
        "Kharkiv",
        "49.9935",
        "36.2304",
        "1",
        "On 20 March 2025, Russian forces struck a residential building in Kharkiv with Shahed drones, killing 2.",
        "2",
    ),
    (
        "UKR2",
        "2025-03-21",
        "2",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Military Forces of Russia (2000-) Air Force",
        "",
        "Nikopol",
        "47.5667",
        "34.4061",
        "2",
        "Russian forces shelled a substation near Nikopol.",
        "0",
    ),
    (
        "UKR3",
        "2025-03-22",
        "1",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Military Forces of Russia (2000-)",
        "",
        "Odesa",
        "46.4825",
        "30.7233",
        "1",
        "An Iskander-M ballistic missile hit a thermal power plant in Odesa.",
        "",
    ),
    (
        "UKR4",
        "2025-03-23",
        "3",
        "Strategic developments",
        "Disrupted weapons use",
        "Military Forces of Ukraine (2019-)",
        "Military Forces of Russia (2000-)",
        "Kyiv",
        "50.4501",
        "30.5234",
        "3",
        "Ukrainian air defence shot down Kalibr missiles over Kyiv oblast.",
        "0",
    ),
    (
        "UKR5",
        "2025-03-24",
        "1",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "Unidentified Armed Group (Ukraine)",
        "Civilians (Ukraine)",
        "Kherson",
        "46.6354",
        "32.6169",
        "1",
        "A landmine exploded near a school in Kherson.",
        "1",
    ),
    (
        "UKR6",
        "2025-03-25",
        "1",
        "Battles",
        "Armed clash",
        "Military Forces of Ukraine (2019-)",
        "Military Forces of Russia (2000-)",
        "Pokrovsk",
        "48.2820",
        "37.1758",
        "2",
        "Clashes near Pokrovsk.",
        "5",
    ),
    (
        "UKR7",
        "2025-03-26",
        "1",
        "Strategic developments",
        "Looting/property destruction",
        "Police Forces of Russia (2000-)",
        "",
        "Melitopol",
        "46.8489",
        "35.3675",
        "1",
        "Property destroyed in Melitopol; it was reported by locals.",
        "0",
    ),
    (
        "UKR8",
        "2025-03-27",
        "1",
        "Strategic developments",
        "Something new",
        "Military Forces of Russia (2000-)",
        "",
        "Sumy",
        "50.9077",
        "34.7981",
        "1",
        "An event of a kind no rule knows.",
        "0",
    ),
];

fn quote(v: &str) -> String {
    format!("\"{}\"", v.replace('"', "\"\""))
}

fn api_file() -> String {
    let mut s = format!("{API}\n");
    for e in EVENTS {
        let row = [
            e.0,
            e.1,
            "2025",
            e.2,
            "Political violence",
            e.3,
            e.4,
            e.5,
            "",
            "",
            e.6,
            "",
            "",
            "",
            "",
            "804",
            "Europe",
            "Ukraine",
            "Oblast",
            "",
            "",
            e.7,
            e.8,
            e.9,
            e.10,
            "Ukrinform; Suspilne",
            "National",
            e.11,
            e.12,
            "",
            "1743000000",
        ];
        s.push_str(&row.iter().map(|v| quote(v)).collect::<Vec<_>>().join(","));
        s.push('\n');
    }
    s
}

/// The same events as the Explorer writes them: its own column order, an
/// `id` first, dates as DD/MM/YYYY 00:00:00.
fn explorer_file() -> String {
    let mut s = String::from(
        "id,iso,event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp\n",
    );
    for (n, e) in EVENTS.iter().enumerate() {
        let (y, m, d) = (&e.1[0..4], &e.1[5..7], &e.1[8..10]);
        let date = format!("{d}/{m}/{y} 00:00:00");
        let id = (n + 1).to_string();
        let row = [
            id.as_str(),
            "804",
            e.0,
            &date,
            "2025",
            e.2,
            "Political violence",
            e.3,
            e.4,
            e.5,
            e.6,
            "Ukraine",
            "Oblast",
            e.7,
            e.8,
            e.9,
            e.10,
            "Ukrinform; Suspilne",
            "National",
            e.11,
            e.12,
            "1743000000",
        ];
        s.push_str(&row.iter().map(|v| quote(v)).collect::<Vec<_>>().join(","));
        s.push('\n');
    }
    s
}

fn read(text: &str) -> (Vec<Result<Accepted, Rejection>>, Summary) {
    let mut summary = Summary::new(acled::NAME);
    let mut out = Vec::new();
    acled::read(text.as_bytes(), "acled.csv", &ctx(), &mut summary, |r| {
        out.push(r)
    })
    .expect("readable");
    (out, summary)
}

fn reports(text: &str) -> Vec<Report> {
    let (rows, _) = read(text);
    rows.into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("rejected: {e}")).report)
        .collect()
}

fn extra<'a>(r: &'a Report, k: &str) -> Option<&'a str> {
    r.extra
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
}

#[test]
fn events_are_mapped_row_by_row() {
    let r = reports(&api_file());
    assert_eq!(r.len(), 8);
    for x in &r {
        assert_eq!(x.source, "ACLED");
        assert_eq!(x.claimant.as_deref(), Some("ACLED"));
        assert_eq!(x.stance, Stance::Observes);
        assert_eq!(extra(x, "acled_source"), Some("Ukrinform; Suspilne"));
        assert_eq!(x.reported_at, Some(1_743_000_000));
    }
    // Air/drone strike, Shahed in the notes, a residential building.
    assert_eq!(r[0].external_id, "UKR1");
    assert_eq!(r[0].act, Act::Strike);
    assert_eq!(r[0].means, Means::DroneLongRange);
    assert_eq!(r[0].means_text.as_deref(), Some("Shahed"));
    assert_eq!(r[0].target_class, TargetClass::CivilianResidential);
    assert_eq!(r[0].perpetrator.as_deref(), Some("Russia"));
    assert_eq!(r[0].killed, Some(2));
    assert_eq!(r[0].time_precision, TimePrecision::Day);
    assert_eq!(r[0].geo_precision, GeoPrecision::Settlement);
    assert_eq!(r[0].place.as_deref(), Some("Kharkiv"));
    assert!(
        r[0].text
            .as_deref()
            .unwrap_or("")
            .starts_with("On 20 March 2025")
    );
    assert_eq!(extra(&r[0], "sub_event_type"), Some("Air/drone strike"));
    // Shelling of a substation: artillery; week precision; near-settlement.
    assert_eq!(r[1].act, Act::Shelling);
    assert_eq!(r[1].means, Means::Artillery);
    assert_eq!(r[1].target_class, TargetClass::EnergySubstation);
    assert_eq!(
        r[1].perpetrator.as_deref(),
        Some("Russia"),
        "suffix after the years"
    );
    assert_eq!(r[1].time_precision, TimePrecision::Week);
    assert_eq!(r[1].geo_precision, GeoPrecision::NearSettlement);
    // A missile named in the notes refines shelling; empty fatalities.
    assert_eq!(r[2].means, Means::MissileBallistic);
    assert_eq!(r[2].target_class, TargetClass::EnergyPowerPlant);
    assert_eq!(r[2].killed, None);
    // Disrupted weapons use: an interception, the weapon actor2's.
    assert_eq!(r[3].act, Act::Interception);
    assert_eq!(r[3].means, Means::MissileCruise);
    assert_eq!(r[3].perpetrator.as_deref(), Some("Russia"));
    assert_eq!(r[3].time_precision, TimePrecision::Month);
    assert_eq!(r[3].geo_precision, GeoPrecision::Region);
    // An IED by an unidentified group: sabotage, explosive, no party.
    assert_eq!(r[4].act, Act::Sabotage);
    assert_eq!(r[4].means, Means::Explosive);
    assert_eq!(r[4].perpetrator, None);
    assert_eq!(r[4].target_class, TargetClass::CivilianEducation);
    assert_eq!(r[5].act, Act::GroundAttack);
    assert_eq!(r[6].act, Act::Sabotage);
    assert_eq!(
        r[6].target_class,
        TargetClass::Unknown,
        "\"reported\" is not a port"
    );
    assert_eq!(r[6].perpetrator.as_deref(), Some("Russia"), "police forces");
    // An unknown sub-event type: kept as other and listed.
    assert_eq!(r[7].act, Act::Other);
    let (_, summary) = read(&api_file());
    assert_eq!(
        summary.unknown.get("sub-event type: Something new"),
        Some(&1)
    );
    assert_eq!(summary.mapped.get("strike"), Some(&1));
    assert_eq!(summary.mapped.get("shelling"), Some(&2));
    let line = summary.line("events");
    assert!(
        line.starts_with("ACLED: 8 events → 2 sabotage, 2 shelling"),
        "{line}"
    );
    assert!(line.contains("sub-event type: Something new ×1"), "{line}");
}

#[test]
fn both_column_orders_give_the_same_reports() {
    let api = reports(&api_file());
    let explorer = reports(&explorer_file());
    assert_eq!(api.len(), explorer.len());
    for (a, e) in api.iter().zip(&explorer) {
        assert_eq!(
            (
                a.external_id.as_str(),
                a.occurred_at,
                a.occurred,
                a.act,
                a.means,
                a.target_class
            ),
            (
                e.external_id.as_str(),
                e.occurred_at,
                e.occurred,
                e.act,
                e.means,
                e.target_class
            )
        );
        assert_eq!(
            (
                &a.perpetrator,
                &a.location,
                a.geo_precision,
                a.killed,
                &a.text,
                a.reported_at
            ),
            (
                &e.perpetrator,
                &e.location,
                e.geo_precision,
                e.killed,
                &e.text,
                e.reported_at
            )
        );
    }
}

#[test]
fn dates_written_as_words_are_read() {
    let text = api_file().replacen("\"2025-03-20\"", "\"20 March 2025\"", 1);
    let r = reports(&text);
    assert_eq!(r[0].occurred_at, reports(&api_file())[0].occurred_at);
}

#[test]
fn bad_values_are_rejected_with_line_and_column_and_the_rest_go_on() {
    let text = api_file()
        .replacen("\"2025-03-21\"", "\"31/02/2025 00:00:00\"", 1)
        .replacen("\"46.4825\"", "\"95.0\"", 1)
        .replacen(
            "\"Ukrainian air defence shot down Kalibr missiles over Kyiv oblast.\",\"0\"",
            "\"Ukrainian air defence shot down Kalibr missiles over Kyiv oblast.\",\"many\"",
            1,
        )
        .replacen(
            "\"Kherson\",\"46.6354\",\"32.6169\",\"1\"",
            "\"Kherson\",\"46.6354\",\"32.6169\",\"7\"",
            1,
        );
    let (rows, summary) = read(&text);
    let bad: Vec<(u64, Option<String>)> = rows
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|r| (r.line, r.field.clone()))
        .collect();
    assert_eq!(
        bad,
        vec![
            (3, Some("event_date".to_string())),
            (4, Some("latitude".to_string())),
            (5, Some("fatalities".to_string())),
            (6, Some("geo_precision".to_string())),
        ]
    );
    assert_eq!(rows.iter().filter(|r| r.is_ok()).count(), 4);
    assert_eq!(summary.rows, 8);
    let date = rows[1].as_ref().expect_err("rejected");
    assert!(
        date.reason.contains("20/03/2025 00:00:00"),
        "{}",
        date.reason
    );
}

#[test]
fn a_header_without_event_id_cnty_is_refused() {
    let text = api_file().replacen("event_id_cnty", "event_id", 1);
    let mut s = Summary::new(acled::NAME);
    let e = acled::read(text.as_bytes(), "a.csv", &ctx(), &mut s, |_| {}).expect_err("refused");
    assert!(e.to_string().contains("event_id_cnty"), "{e}");
}

#[test]
fn a_generated_file_is_read_without_rejections() {
    let mut bytes = Vec::new();
    truce_synth::feeds::acled::write(2000, 5, &mut bytes).expect("generate");
    let (rows, summary) = read(&String::from_utf8(bytes).expect("utf-8"));
    let bad: Vec<&Rejection> = rows.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(bad.is_empty(), "{:?}", bad.first());
    assert_eq!(rows.len(), 2000);
    assert!(summary.mapped.len() >= 4, "{summary:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_row_is_accepted_or_rejected_exactly_once(
        cells in proptest::collection::vec("[0-9a-zA-Z/:., ()-]{0,16}", 31),
    ) {
        let row: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        let text = format!("{API}\n{}\n", row.join(","));
        let (rows, summary) = read(&text);
        prop_assert_eq!(summary.rows, 1);
        prop_assert_eq!(rows.len(), 1);
    }
}
