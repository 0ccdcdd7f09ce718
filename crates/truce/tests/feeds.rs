//! Real feeds through the one door, driven through the real binary: ACLED,
//! NASA FIRMS and air-attack tallies are told from their headers, mapped,
//! stored, re-imported idempotently, and judged; a fire seen at a struck power
//! plant corroborates the strike, the same fire 30 km away does not.

mod common;

use common::{Backend, Workspace, code, stderr};
use serde_json::Value;

const CANONICAL: &str = "source,external_id,occurred_at,time_precision,latitude,longitude,geo_precision,act,means,target_class,perpetrator,claimant,stance";

/// A thermal power plant (made-up, in open country) as a protected site.
const SITES: &str = "id,name,class,latitude,longitude\nTPP-T,Test thermal power plant,energy.power-plant,49.6,34.5\n";

/// A drone strike on that plant, alleged by Ukraine, at 04:00 Kyiv time on
/// 10 April 2025 (inside both readings of the energy moratorium).
fn strike_csv() -> String {
    format!(
        "{CANONICAL}\nua-energy,e-1,2025-04-10T04:00:00+03:00,hour,49.6,34.5,exact,strike,Shahed-136,energy.power-plant,ru,ua,alleges\n"
    )
}

/// A near-real-time VIIRS file with one detection `lat` degrees north of the
/// plant at 03:10 UTC (06:10 Kyiv), after the strike.
fn firms_nrt(lat: f64) -> String {
    format!(
        "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,version,bright_ti5,frp,daynight\n\
         {:.4},34.5000,341.2,0.41,0.37,2025-04-10,0310,N20,nominal,2.0NRT,289.5,14.2,N\n\
         {:.4},34.5030,333.0,0.41,0.37,2025-04-10,0310,N20,nominal,2.0NRT,288.1,9.8,N\n",
        lat,
        lat + 0.002
    )
}

fn energy_ua_status(w: &Workspace) -> String {
    let f = w.json(&[
        "findings",
        "--json",
        "--commitment",
        "energy",
        "--reading",
        "ua",
    ]);
    let all = f.as_array().expect("findings");
    let on_ru: Vec<&Value> = all.iter().filter(|x| x["party"] == "ru").collect();
    assert_eq!(on_ru.len(), 1, "{f:#}");
    on_ru[0]["status"].as_str().expect("status").to_string()
}

fn ingest_json(w: &Workspace, file: &str, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["ingest", "--json", file];
    args.extend_from_slice(extra);
    let out = w.truce(&args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code(&out), v, stderr(&out))
}

on_both!(a_fire_at_the_struck_plant_corroborates_the_strike_and_30_km_away_does_not);
fn a_fire_at_the_struck_plant_corroborates_the_strike_and_30_km_away_does_not(b: Backend) {
    for (km, expected, members) in [(1.0, "corroborated", 3), (30.0, "alleged", 1)] {
        let w = Workspace::on(b);
        let sites = w.write("sites.csv", SITES);
        assert_eq!(code(&w.truce(&["sites", "import", &sites])), 0);
        let strike = w.write("strike.csv", &strike_csv());
        assert_eq!(code(&w.truce(&["ingest", &strike])), 0);
        assert_eq!(energy_ua_status(&w), "alleged", "one voice before the fire");

        let firms = w.write("fires.csv", &firms_nrt(49.6 + km / 111.2));
        let (c, v, err) = ingest_json(&w, &firms, &[]);
        assert_eq!(c, 0, "{err}");
        assert_eq!(v["accepted"], 2, "{v}");
        assert_eq!(energy_ua_status(&w), expected, "{km} km away");

        let incidents = w.json(&["incidents", "--json"]);
        let list = incidents.as_array().expect("incidents");
        let holding = list
            .iter()
            .find(|i| i["act"] == "strike")
            .expect("the strike's incident");
        assert_eq!(
            holding["reports"].as_array().map(Vec::len),
            Some(members),
            "{km} km: {holding:#}"
        );
        if km > 10.0 {
            assert_eq!(
                list.len(),
                1,
                "fires at no site form no incident: {incidents:#}"
            );
        }
    }
}

on_both!(a_fire_at_a_site_no_report_mentions_is_a_lead_in_the_queue);
fn a_fire_at_a_site_no_report_mentions_is_a_lead_in_the_queue(b: Backend) {
    let w = Workspace::on(b);
    let sites = w.write("sites.csv", SITES);
    assert_eq!(code(&w.truce(&["sites", "import", &sites])), 0);
    let firms = w.write("fires.csv", &firms_nrt(49.601));
    let (c, v, err) = ingest_json(&w, &firms, &[]);
    assert_eq!(c, 0, "{err}");
    assert_eq!(v["accepted"], 2);
    let incidents = w.json(&["incidents", "--json"]);
    let list = incidents.as_array().expect("incidents");
    assert_eq!(list.len(), 1, "{incidents:#}");
    assert_eq!(list[0]["act"], "fire");
    assert_eq!(
        list[0]["reports"].as_array().map(Vec::len),
        Some(2),
        "both pixels in one lead"
    );
}

on_both!(detections_outside_the_area_of_interest_are_skipped_and_counted);
fn detections_outside_the_area_of_interest_are_skipped_and_counted(b: Backend) {
    let w = Workspace::on(b);
    // One row in Ukraine, one in the Atlantic (outside the agreement's area).
    let text = "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_t31,frp,daynight\n\
                48.4,35.0,320.5,1.1,1.0,2025-04-02,945,Terra,MODIS,77,6.1,290.2,20.1,D\n\
                40.0,-30.0,310.0,1.0,1.0,2025-04-02,945,Terra,MODIS,80,6.1,290.0,10.0,D\n";
    let f = w.write("archive.csv", text);
    let (c, v, err) = ingest_json(&w, &f, &[]);
    assert_eq!(c, 0, "{err}");
    assert_eq!(v["accepted"], 1, "{v}");
    assert_eq!(v["skipped"], 1, "{v}");
    let again = ingest_json(&w, &f, &[]).1;
    assert_eq!(
        again["accepted"], 0,
        "a second import adds nothing: {again}"
    );
    assert_eq!(again["duplicates"], 1, "{again}");
}

const ACLED_API: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

fn acled_row(id: &str, sub: &str, event: &str, notes: &str, ts: u64) -> String {
    format!(
        "{id},2025-04-05,2025,1,Political violence,{event},{sub},Military Forces of Russia (2000-),,State forces,Civilians (Ukraine),,Civilians,State forces-Civilians,Civilian targeting,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.9935,36.2304,1,Ukrinform,National,\"{notes}\",2,,{ts}"
    )
}

on_both!(acled_is_read_from_its_header_and_an_update_supersedes_an_older_version);
fn acled_is_read_from_its_header_and_an_update_supersedes_an_older_version(b: Backend) {
    let w = Workspace::on(b);
    let v1 = format!(
        "{ACLED_API}\n{}\n{}\n",
        acled_row(
            "UKR100",
            "Air/drone strike",
            "Explosions/Remote violence",
            "On 5 April 2025, Russian forces struck a residential building in Kharkiv with Shahed drones.",
            1_743_900_000
        ),
        acled_row(
            "UKR101",
            "Shelling/artillery/missile attack",
            "Explosions/Remote violence",
            "On 5 April 2025, Russian forces shelled Kharkiv.",
            1_743_900_000
        ),
    );
    let f1 = w.write("acled-v1.csv", &v1);
    let (c, v, err) = ingest_json(&w, &f1, &[]);
    assert_eq!(c, 0, "{err}");
    assert_eq!(v["accepted"], 2, "{v}");
    let again = ingest_json(&w, &f1, &[]).1;
    assert_eq!(again["accepted"], 0, "{again}");
    assert_eq!(again["duplicates"], 2, "{again}");

    // ACLED updated UKR100 later (a newer timestamp, more fatalities).
    let v2 = format!(
        "{ACLED_API}\n{}\n",
        acled_row(
            "UKR100",
            "Air/drone strike",
            "Explosions/Remote violence",
            "On 5 April 2025, Russian forces struck a residential building in Kharkiv with Shahed drones; three killed.",
            1_744_000_000
        )
        .replace(",2,,1744000000", ",3,,1744000000"),
    );
    let f2 = w.write("acled-v2.csv", &v2);
    let up = ingest_json(&w, &f2, &[]).1;
    assert_eq!(up["superseded"], 1, "{up}");
    // The old export imported again: refused, the update stays.
    let (c, old, _) = ingest_json(&w, &f1, &[]);
    assert_eq!(c, 3, "some rows refused");
    assert_eq!(old["superseded"], 0, "{old}");
    assert_eq!(old["rejected"], 1, "{old}");
    let rej = w.json(&["rejections", "--json"]);
    assert!(rej.to_string().contains("newer version"), "{rej:#}");
}

on_both!(an_unknown_header_names_the_closest_format_and_what_differs);
fn an_unknown_header_names_the_closest_format_and_what_differs(b: Backend) {
    let w = Workspace::on(b);
    let f = w.write(
        "odd.csv",
        "event_id,event_date,event_type,sub_event_type,actor1,latitude,longitude,notes\nx,2025-04-01,Battles,Armed clash,A,48,37,n\n",
    );
    let out = w.truce(&["ingest", &f]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("ACLED"), "{err}");
    assert!(err.contains("\"event_id_cnty\""), "{err}");
    assert!(err.contains("\"event_id\""), "{err}");
    // Forcing another layout names what that layout lacks.
    let forced = w.truce(&["ingest", "--format", "firms", &f]);
    assert_eq!(code(&forced), 1);
    assert!(stderr(&forced).contains("acq_date"), "{}", stderr(&forced));
    let none = w.json(&["incidents", "--json"]);
    assert_eq!(
        none.as_array().map(Vec::len),
        Some(0),
        "nothing stored: {none:#}"
    );
}

const TALLIES: &str = "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,border_crossing,is_shahed,source\n\
2025-04-01 18:00,2025-04-02 09:00,Shahed-136/131 ,Kursk oblast,Ukraine,Kyiv,120,70,40,,,1,kpszsu\n\
2025-04-01 18:00,2025-04-02 09:00,Iskander-M/KN-23,Belgorod oblast,Ukraine,Kharkiv,2,1,,,,0,kpszsu\n\
2025-04-02,2025-04-02,Orlan-10,,Ukraine,,5,5,,,,0,kpszsu\n\
2025-04-03 9:30,2025-04-03 11:00,Фенікс,,Ukraine,,1,1,,,,0,kpszsu\n";

on_both!(tallies_make_a_daily_series_and_covered_launches_are_alleged);
fn tallies_make_a_daily_series_and_covered_launches_are_alleged(b: Backend) {
    let w = Workspace::on(b);
    let f = w.write("tallies.csv", TALLIES);
    let (c, v, err) = ingest_json(&w, &f, &[]);
    assert_eq!(c, 0, "{err}");
    assert_eq!(v["accepted"], 4, "{v}");
    let series = w.json(&["tallies", "--json"]);
    let rows = series.as_array().expect("array");
    let find = |date: &str, means: &str| {
        rows.iter()
            .find(|r| r["date"] == date && r["means"] == means)
            .unwrap_or_else(|| panic!("{date} {means}: {series:#}"))
    };
    assert_eq!(find("2025-04-01", "drone.long-range")["launched"], 120);
    assert_eq!(find("2025-04-01", "drone.long-range")["destroyed"], 70);
    assert_eq!(find("2025-04-01", "missile.ballistic")["launched"], 2);
    assert_eq!(find("2025-04-02", "drone.reconnaissance")["launched"], 5);
    assert_eq!(
        find("2025-04-03", "unknown")["launched"],
        1,
        "an unknown model is kept"
    );
    let missiles = w.json(&[
        "tallies",
        "--json",
        "--means",
        "missile",
        "--from",
        "2025-04-01",
        "--to",
        "2025-04-01",
    ]);
    assert_eq!(missiles.as_array().map(Vec::len), Some(1), "{missiles:#}");
    let bad = w.truce(&["tallies", "--from", "1 April"]);
    assert_eq!(code(&bad), 1);
    assert!(stderr(&bad).contains("2025-03-20"), "{}", stderr(&bad));

    // The air truce: a covered weapon launched inside the period is alleged
    // against the launching party; reconnaissance drones are not covered.
    let air = w.json(&["findings", "--json", "--commitment", "air"]);
    let statuses: Vec<(String, String)> = air
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["party"].as_str().unwrap_or("").to_string(),
                f["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        statuses.iter().any(|(p, s)| p == "ru" && s == "alleged"),
        "{air:#}"
    );
    assert!(statuses.iter().any(|(_, s)| s == "not-covered"), "{air:#}");
    // Re-import is idempotent.
    let again = ingest_json(&w, &f, &[]).1;
    assert_eq!(again["accepted"], 0, "{again}");
}
