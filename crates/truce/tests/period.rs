//! The period compliance report on the site: its tables hold the summary
//! API's counts for the same viewer, staff see the mission's view and
//! everyone else the public one, bad dates get a 400 in the reader's
//! language, and the downloads are the report the CLI prints.

mod common;

use common::*;
use std::collections::BTreeMap;

/// The report's columns, in the order its tables show them.
const COLUMNS: [&str; 8] = [
    "confirmed",
    "corroborated",
    "disputed",
    "alleged",
    "insufficient",
    "rejected",
    "outside-period",
    "not-covered",
];

/// A period holding every demo incident, and none before it.
const ALL: &str = "/reports/period?from=2020-01-01&to=2029-12-31";

type Counts = BTreeMap<(String, String, String), BTreeMap<String, u64>>;

/// `truce report` over the period [`ALL`] names, as JSON, with `extra`
/// options.
fn cli_report(srv: &Server, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "--from", "2020-01-01", "--to", "2029-12-31"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--format", "json"]);
    let out = truce(&srv.db, &args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn summary(s: &Server, auth: Option<&str>) -> Counts {
    let r = get(&s.url("/api/v1/summary"), auth);
    assert_eq!(r.status, 200, "{}", r.body);
    let mut m = Counts::new();
    for row in r.json().as_array().expect("rows") {
        let k = |f: &str| row[f].as_str().expect(f).to_string();
        *m.entry((k("commitment_id"), k("reading_id"), k("party")))
            .or_default()
            .entry(k("status"))
            .or_default() += row["count"].as_u64().expect("count");
    }
    m
}

/// A party's name as the agreement gives it.
fn party_name(p: &str) -> &'static str {
    match p {
        "ua" => "Ukraine (ua)",
        "ru" => "Russian Federation (ru)",
        "us" => "United States (mediator) (us)",
        other => panic!("no party {other} in the demo agreement"),
    }
}

/// Every party row of the page sits under its reading, by name, with the
/// API's numbers (and, as nothing came before 2020, each change equal to
/// the count), and the page has no other party rows.
fn assert_counts(page: &str, want: &Counts, who: &str) {
    assert!(!want.is_empty(), "{who}: the demo has findings");
    for ((c, r, p), counts) in want {
        let marker = format!("data-commitment=\"{c}\" data-reading=\"{r}\">");
        let section = page
            .split_once(&marker)
            .unwrap_or_else(|| panic!("{who}: no section for {c} / {r}"))
            .1;
        let section = section.split("</section>").next().unwrap_or("");
        let mut row = format!("<tr data-party=\"{p}\"><td>{}</td>", party_name(p));
        for s in COLUMNS {
            let n = counts.get(s).copied().unwrap_or(0);
            row += &format!("<td class=\"n\">{n} (+{n})</td>");
        }
        let total = counts.values().sum::<u64>();
        row += &format!("<td class=\"n\">{total} (+{total})</td></tr>");
        assert!(
            section.contains(&row),
            "{who}: {c}/{r}/{p}: want {row} in {section}"
        );
    }
    let rows = page.matches("<tr data-party=").count();
    assert_eq!(rows, want.len(), "{who}: party rows");
}

on_both!(the_period_page_holds_the_apis_counts_for_each_viewer);
fn the_period_page_holds_the_apis_counts_for_each_viewer(b: Backend) {
    let srv = Server::demo_on(b);
    let public = summary(&srv, None);
    let mission = summary(&srv, Some(srv.token("t-monitor")));
    assert_ne!(public, mission, "the mission sees more than the public");

    let page = get(&srv.url(ALL), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("public view"));
    assert!(
        !page.body.contains("<style"),
        "no inline style under the CSP"
    );
    assert!(
        page.body.contains("href=\"/reports/period\""),
        "in the navigation"
    );
    assert_counts(&page.body, &public, "public");

    let staff = get(&srv.url(ALL), Some(srv.token("t-monitor")));
    assert_eq!(staff.status, 200);
    assert!(staff.body.contains("mission view"));
    assert_counts(&staff.body, &mission, "monitor");

    // A liaison office sees the public view, as the summary API counts it.
    let ua = get(&srv.url(ALL), Some(srv.token("t-ua")));
    assert_eq!(ua.status, 200);
    assert!(ua.body.contains("public view"));
    assert_counts(&ua.body, &summary(&srv, Some(srv.token("t-ua"))), "liaison");

    // One commitment: only its readings.
    let (c, _, _) = mission.keys().next().expect("a key").clone();
    let one = get(
        &srv.url(&format!("{ALL}&commitment={c}")),
        Some(srv.token("t-monitor")),
    );
    assert_eq!(one.status, 200);
    let only: Counts = mission
        .iter()
        .filter(|(k, _)| k.0 == c)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_counts(&one.body, &only, "one commitment");
}

on_both!(the_period_page_defaults_downloads_and_refuses_bad_dates);
fn the_period_page_defaults_downloads_and_refuses_bad_dates(b: Backend) {
    let srv = Server::demo_on(b);
    // Without dates: the last seven days that have data.
    let page = get(&srv.url("/reports/period"), None);
    assert_eq!(page.status, 200, "{}", page.body);
    let value = |name: &str| -> String {
        page.body
            .split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("no {name} in the form"))
            .to_string()
    };
    let (from, to): (jiff::civil::Date, jiff::civil::Date) = (
        value("from").parse().expect("a date"),
        value("to").parse().expect("a date"),
    );
    assert_eq!(to.since(from).expect("span").get_days(), 6);
    assert!(
        !page.body.contains("<p>No findings.</p>") || page.body.contains("<td class=\"n\">"),
        "the default period has data"
    );

    // The downloads are the CLI's report.
    let md = get(&srv.url(&format!("{ALL}&format=md")), None);
    assert_eq!(md.status, 200);
    assert!(md.content_type.starts_with("text/markdown"));
    assert!(md.body.starts_with("# Compliance report"));
    let json = get(&srv.url(&format!("{ALL}&format=json")), None);
    assert_eq!(json.json()["view"], "public");
    let cli = cli_report(&srv, &["--public"]);
    assert_eq!(json.json()["readings"], cli["readings"]);
    assert_eq!(json.json()["notable"], cli["notable"]);
    let html = get(&srv.url(&format!("{ALL}&format=html")), None);
    assert!(
        html.body.contains("<style>")
            && html
                .body
                .contains("<article class=\"compliance-report\" lang=\"en\">")
    );

    // Bad input: a 400 naming the field and the value, in the reader's words.
    for (q, needle) in [
        ("from=2025-13-45&to=2025-04-01", "2025-13-45"),
        (
            "from=2025-04-02&to=2025-04-01",
            "ends (2025-04-01) before it starts",
        ),
        ("from=2025-04-01&to=2025-04-02&format=docx", "docx"),
        ("from=2025-04-01&to=2025-04-02&commitment=nope", "nope"),
    ] {
        let r = get(&srv.url(&format!("/reports/period?{q}")), None);
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert!(r.body.contains(needle), "{q}: {}", r.body);
    }
    let uk = request(
        "GET",
        &srv.url("/reports/period?from=soon&to=2025-04-01"),
        None,
        None,
        &[("accept-language", "uk")],
    );
    assert_eq!(uk.status, 400);
    assert!(uk.body.contains("не дата"), "{}", uk.body);
}

on_both!(the_period_report_reads_in_the_viewers_language);
/// The report on the page and in every download is in the viewer's
/// language: its own words, the agreement's titles and the parties' names;
/// the CLI's `--lang` prints the same report.
fn the_period_report_reads_in_the_viewers_language(b: Backend) {
    let srv = Server::demo_on(b);
    let monitor = srv.token("t-monitor");
    let in_lang = |q: &str, lang: &str| {
        let r = request(
            "GET",
            &srv.url(q),
            Some(monitor),
            None,
            &[("accept-language", lang)],
        );
        assert_eq!(r.status, 200, "{q} in {lang}: {}", r.body);
        r
    };
    let article = |body: &str| -> String {
        body.split_once("<article class=\"compliance-report\"")
            .and_then(|(_, a)| a.split_once("</article>"))
            .map(|(a, _)| a.to_string())
            .expect("the report's article")
    };
    // What the English report says in its own words, never on the others.
    let english = [
        "Compliance report",
        "mission view",
        "Evaluation of",
        "No findings",
        "Findings per day",
        "findings per day by party",
        "started in the period",
        "lie within the map",
        "Methods",
        "What this report rests on",
        "root hash",
        "Made again with",
        "Reports are grouped into incidents",
        "binds ",
        "Log entries",
    ];
    let en = article(&in_lang(ALL, "en").body);
    for e in [
        "Compliance report",
        "Methods",
        "Reports are grouped into incidents",
    ] {
        assert!(en.contains(e), "the English report says {e:?}");
    }
    for (lang, title, methods, party) in [
        (
            "uk",
            "Звіт про дотримання: ",
            "<h2>Методи</h2>",
            "Україна (ua)",
        ),
        (
            "ru",
            "Отчёт о соблюдении: ",
            "<h2>Методы</h2>",
            "Украина (ua)",
        ),
    ] {
        let page = in_lang(ALL, lang);
        let body = article(&page.body);
        assert!(
            body.starts_with(&format!(" lang=\"{lang}\"")),
            "{lang}: {}",
            &body[..80.min(body.len())]
        );
        assert!(body.contains(title), "{lang}: the title");
        assert!(body.contains(methods), "{lang}: the methods");
        assert!(body.contains(party), "{lang}: the party's name {party}");
        for e in english {
            assert!(!body.contains(e), "{lang}: English {e:?} in the report");
        }
        // Each commitment's title as the form names it, in this language,
        // heads its sections.
        let options: Vec<&str> = page
            .body
            .split("<option value=\"")
            .skip(2)
            .filter_map(|o| o.split_once('>').and_then(|(_, t)| t.split_once('<')))
            .map(|(t, _)| t)
            .collect();
        assert!(!options.is_empty(), "{lang}: the form's commitments");
        for t in &options {
            assert!(
                body.contains(&format!("<h2>{t} — ")),
                "{lang}: a section of {t}"
            );
        }

        // The downloads, in the same language.
        let md = in_lang(&format!("{ALL}&format=md"), lang);
        assert!(
            md.vary.contains("Accept-Language"),
            "{lang}: a download in the reader's language varies by it: {}",
            md.vary
        );
        assert!(
            md.body.starts_with(&format!("# {title}")),
            "{lang}: {}",
            &md.body[..80]
        );
        for e in english {
            assert!(
                !md.body.contains(e),
                "{lang}: English {e:?} in the Markdown"
            );
        }
        let html = in_lang(&format!("{ALL}&format=html"), lang);
        assert!(
            html.body.contains(&format!("<html lang=\"{lang}\">")),
            "{lang}: the HTML's language"
        );
        let json = in_lang(&format!("{ALL}&format=json"), lang).json();
        assert_eq!(json["lang"], lang);

        // The CLI prints the same report.
        let cli = cli_report(&srv, &["--lang", lang]);
        for k in [
            "agreement",
            "lang",
            "statuses",
            "readings",
            "notable",
            "tallies",
            "methods",
            "reproduce",
        ] {
            assert_eq!(json[k], cli[k], "{lang}: {k} as the CLI has it");
        }
        assert!(
            json["reproduce"]
                .as_str()
                .is_some_and(|c| c.contains(&format!("--lang {lang}"))),
            "{lang}: the command names the language: {}",
            json["reproduce"]
        );
    }
    let bad = truce(
        &srv.db,
        &[
            "report",
            "--from",
            "2025-03-18",
            "--to",
            "2025-03-24",
            "--lang",
            "de",
        ],
        None,
    );
    assert!(!bad.status.success());
    let e = String::from_utf8_lossy(&bad.stderr);
    assert!(
        e.contains("--lang") && e.contains("\"de\"") && e.contains("en, uk or ru"),
        "{e}"
    );
}

on_both!(the_period_pdf_from_the_web_keeps_cyrillic_and_the_root);
/// The PDF behind the page's link reads back (pdftotext) with a Cyrillic
/// place name and the log root the report rests on.
fn the_period_pdf_from_the_web_keeps_cyrillic_and_the_root(b: Backend) {
    let srv = Server::demo_on(b);
    let q = "from=2025-03-18&to=2025-04-16";
    let page = get(&srv.url(&format!("/reports/period?{q}")), None);
    assert_eq!(page.status, 200);
    let link = format!("href=\"/reports/period?{q}&format=pdf\"");
    assert!(
        page.body.replace("&#38;", "&").contains(&link),
        "a PDF link on the page"
    );
    let json = get(&srv.url(&format!("/reports/period?{q}&format=json")), None).json();
    let root = json["log"]["root"].as_str().expect("a root").to_string();
    // Read as bytes: a PDF is not text.
    let mut r = ureq::get(&srv.url(&format!("/reports/period?{q}&format=pdf")))
        .call()
        .expect("the PDF");
    assert_eq!(r.status().as_u16(), 200);
    let bytes = r
        .body_mut()
        .with_config()
        .limit(50 << 20)
        .read_to_vec()
        .expect("bytes");
    assert!(bytes.starts_with(b"%PDF"));
    // Charts hatched with lines, not pattern fills (which print as images):
    // a month's report stays small.
    assert!(
        bytes.len() < 4 << 20,
        "a month's report is {} bytes",
        bytes.len()
    );
    let path = srv.dir.path().join("web.pdf");
    std::fs::write(&path, bytes).expect("write");
    let text = std::process::Command::new("pdftotext")
        .args([path.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) reads the PDF back");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Енгельс"), "Cyrillic lost: {text}");
    assert!(
        text.contains(&root[..16]),
        "the root hash is printed: {text}"
    );
    assert!(text.contains("Made again with"));
}

/// (commitment, reading, party, status) → findings, from the API's
/// findings export, of incidents that started in `[t0, t1)` (RFC 3339 UTC).
type Keyed = BTreeMap<(String, String, String, String), u64>;

fn api_findings(s: &Server, auth: Option<&str>) -> Vec<serde_json::Value> {
    let r = get(&s.url("/api/v1/findings?format=jsonl"), auth);
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn count_between(rows: &[serde_json::Value], t0: &str, t1: &str) -> Keyed {
    let mut m = Keyed::new();
    for f in rows {
        let start = f["start"].as_str().expect("start");
        if start >= t0 && start < t1 {
            let k = |x: &str| f[x].as_str().unwrap_or("").to_string();
            *m.entry((
                k("commitment_id"),
                k("reading_id"),
                k("perpetrator"),
                k("status"),
            ))
            .or_default() += 1;
        }
    }
    m
}

/// Days after the clocks changed in Kyiv (UTC+3 throughout the period and
/// the nine days before it, which the report counts at the same offset).
const FROM: &str = "2025-04-08";
const TO: &str = "2025-04-16";
const T_PREV: &str = "2025-03-29T21:00:00Z";
const T0: &str = "2025-04-07T21:00:00Z";
const T1: &str = "2025-04-16T21:00:00Z";

on_both!(the_period_report_counts_and_changes_are_the_apis_and_named);
/// Each count, and its change from the nine days before, is the API's: in
/// the JSON and in the page's cells ("12 (+3)"), for the mission and for
/// the public; the names are the agreement's and the vocabularies', not
/// their codes.
fn the_period_report_counts_and_changes_are_the_apis_and_named(b: Backend) {
    let srv = Server::demo_on(b);
    let q = format!("/reports/period?from={FROM}&to={TO}");
    for auth in [Some(srv.token("t-monitor")), None] {
        let who = if auth.is_some() { "mission" } else { "public" };
        let rows = api_findings(&srv, auth);
        let now = count_between(&rows, T0, T1);
        let before = count_between(&rows, T_PREV, T0);
        assert!(
            !now.is_empty() && !before.is_empty(),
            "{who}: both periods hold findings"
        );
        let json = get(&srv.url(&format!("{q}&format=json")), auth).json();
        let page = get(&srv.url(&q), auth).body;
        let mut got_now = Keyed::new();
        let mut got_before = Keyed::new();
        let mut changed = 0;
        for r in json["readings"].as_array().expect("readings") {
            let (c, rd) = (
                r["commitment_id"].as_str().expect("c"),
                r["reading_id"].as_str().expect("r"),
            );
            let section = page
                .split_once(&format!("data-commitment=\"{c}\" data-reading=\"{rd}\">"))
                .map(|x| x.1.split("</section>").next().unwrap_or(""))
                .unwrap_or_else(|| panic!("{who}: no section for {c}/{rd}"));
            for p in r["parties"].as_array().expect("parties") {
                let party = p["party"].as_str().expect("party");
                assert_eq!(p["party_name"], party_name(party));
                let mut row = format!("<tr data-party=\"{party}\"><td>{}</td>", party_name(party));
                for st in COLUMNS {
                    let n = p["counts"][st].as_u64().unwrap_or(0);
                    let b = p["previous"][st].as_u64().unwrap_or(0);
                    let key = (
                        c.to_string(),
                        rd.to_string(),
                        party.to_string(),
                        st.to_string(),
                    );
                    if n > 0 {
                        got_now.insert(key.clone(), n);
                    }
                    if b > 0 {
                        got_before.insert(key, b);
                    }
                    if n != b {
                        changed += 1;
                    }
                    row += &format!("<td class=\"n\">{n} ({:+})</td>", n as i64 - b as i64);
                }
                assert!(section.contains(&row), "{who}: want {row} in {section}");
            }
        }
        assert_eq!(got_now, now, "{who}: the period's counts");
        assert_eq!(got_before, before, "{who}: the previous period's counts");
        assert!(changed > 0, "{who}: some count changed");
        // Names, not codes: statuses, targets and the methods' scopes.
        let body = page
            .split_once("<article class=\"compliance-report\" lang=\"en\">")
            .expect("the report")
            .1;
        for code in ["energy.", "civilian.", "missile.", "drone.long-range"] {
            let text: String = body
                .split('<')
                .map(|t| t.split_once('>').map_or(t, |x| x.1))
                .collect();
            assert!(
                !text.contains(code),
                "{who}: the code {code} is shown as such"
            );
        }
        assert!(body.contains("<th>outside period</th>") && body.contains("<th>not covered</th>"));
        assert!(
            body.contains("any energy facility"),
            "the Ukrainian reading's scope in words"
        );
    }
}

on_both!(the_period_report_sets_claims_side_by_side_and_numbers_the_evidence);
/// A disputed incident shows each side's claims side by side, each as its
/// reports (from the API) say; a confirmed violation lists its reports and
/// decisions with their log entry numbers, the API's.
fn the_period_report_sets_claims_side_by_side_and_numbers_the_evidence(b: Backend) {
    let srv = Server::demo_on(b);
    let monitor = Some(srv.token("t-monitor"));
    let q = "/reports/period?from=2025-03-18&to=2025-04-16";
    let json = get(&srv.url(&format!("{q}&format=json")), monitor).json();
    let page = get(&srv.url(q), monitor).body;
    let notable = |st: &str| -> Vec<serde_json::Value> {
        json["notable"]
            .as_array()
            .expect("notable")
            .iter()
            .find(|n| n["status"] == st)
            .and_then(|n| n["findings"].as_array().cloned())
            .unwrap_or_default()
    };
    let reports_of = |incident: &str| -> Vec<serde_json::Value> {
        let r = get(
            &srv.url(&format!("/api/v1/reports?incident={incident}&limit=1000")),
            monitor,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["items"].as_array().expect("items").clone()
    };

    // Disputed: both parties' sides, each saying what its reports say.
    let disputed = notable("disputed");
    assert!(!disputed.is_empty(), "the demo has disputed incidents");
    let mut both = 0;
    for f in &disputed {
        let inc = f["incident_id"].as_str().expect("incident");
        let sides = f["sides"].as_array().expect("sides");
        let reports = reports_of(inc);
        for side in sides {
            let party = side["party"].as_str();
            let theirs: Vec<&serde_json::Value> = reports
                .iter()
                .filter(|r| match party {
                    Some(p) => r["claimant"] == p,
                    None => !["ua", "ru", "us"].contains(&r["claimant"].as_str().unwrap_or("")),
                })
                .collect();
            assert!(!theirs.is_empty(), "{inc}: a side without reports: {side}");
            let says = side["says"].to_string();
            let denies = theirs.iter().any(|r| r["stance"] == "denies");
            assert_eq!(says.contains("denies"), denies, "{inc}: {side}");
        }
        let parties: Vec<&str> = sides.iter().filter_map(|s| s["party"].as_str()).collect();
        if parties.contains(&"ua") && parties.contains(&"ru") {
            both += 1;
            let div = page
                .split_once(&format!(
                    "data-finding=\"{}\"",
                    f["finding_id"].as_str().expect("id")
                ))
                .expect("the finding on the page")
                .1;
            let div = div.split("<div class=\"finding\"").next().unwrap_or("");
            let ua = div.find("data-side=\"ua\"").expect("Ukraine's side");
            let ru = div.find("data-side=\"ru\"").expect("Russia's side");
            assert!(ua < ru, "sides in the agreement's order");
            assert!(
                div.contains("<h4>Ukraine</h4>") && div.contains("<h4>Russian Federation</h4>")
            );
        }
    }
    assert!(both > 0, "a dispute between the two parties, side by side");

    // Confirmed: the reports and decisions, with the API's log entries.
    let confirmed = notable("confirmed");
    assert!(!confirmed.is_empty(), "the demo has confirmed violations");
    let decisions = get(&srv.url("/api/v1/decisions?limit=1000"), monitor).json();
    let decisions = decisions["items"].as_array().expect("items");
    for f in &confirmed {
        let inc = f["incident_id"].as_str().expect("incident");
        let fid = f["finding_id"].as_str().expect("finding");
        let mut want: Vec<u64> = reports_of(inc)
            .iter()
            .map(|r| r["log_index"].as_u64().expect("a logged report"))
            .collect();
        let got: Vec<u64> = f["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .map(|e| e["log_index"].as_u64().expect("log index"))
            .collect();
        let mut sorted = got.clone();
        sorted.sort();
        want.sort();
        assert_eq!(sorted, want, "{inc}: the reports' log entries");
        let mut want_d: Vec<u64> = decisions
            .iter()
            .filter(|d| {
                d["incident_id"] == inc && (d["finding_id"].is_null() || d["finding_id"] == fid)
            })
            .filter_map(|d| d["log_index"].as_u64())
            .collect();
        let mut got_d: Vec<u64> = f["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .filter_map(|d| d["log_index"].as_u64())
            .collect();
        want_d.sort();
        got_d.sort();
        assert!(!got_d.is_empty(), "{inc}: a confirmed finding was decided");
        assert_eq!(got_d, want_d, "{inc}: the decisions' log entries");
        // Each entry is the log's: its kind is a report or a decision.
        for i in got.iter().chain(&got_d) {
            let e = get(&srv.url(&format!("/api/v1/log/entries/{i}")), monitor);
            assert_eq!(e.status, 200, "entry {i}: {}", e.body);
        }
        // On the page, under the finding, every number.
        let div = page
            .split_once(&format!("data-finding=\"{fid}\""))
            .expect("the finding on the page")
            .1;
        let div = div.split("<div class=\"finding\"").next().unwrap_or("");
        let line = div
            .split_once("<p class=\"log-entries\">Log entries: ")
            .expect("a line of log entries")
            .1;
        let line = line.split('<').next().unwrap_or("");
        for i in got.iter().chain(&got_d) {
            assert!(line.contains(&format!("#{i}")), "{inc}: #{i} in {line}");
        }
    }
}

on_both!(the_period_report_maps_charts_tallies_and_methods);
/// The map draws each incident that started in the period (the API's
/// incidents list, by its start) as one marker; the charts are hatched
/// for paper; the methods name every reading; and the tallies, once the
/// workspace holds some, are `truce tallies`' sums.
fn the_period_report_maps_charts_tallies_and_methods(b: Backend) {
    let srv = Server::demo_on(b);
    let r = get(
        &srv.url("/api/v1/incidents?format=jsonl"),
        Some(srv.token("t-monitor")),
    );
    assert_eq!(r.status, 200);
    let incidents: Vec<serde_json::Value> = r
        .body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let in_period: Vec<&serde_json::Value> = incidents
        .iter()
        .filter(|i| {
            let s = i["start"].as_str().unwrap_or("");
            (T0..T1).contains(&s)
        })
        .collect();
    let q = format!("/reports/period?from={FROM}&to={TO}");
    let json = get(
        &srv.url(&format!("{q}&format=json")),
        Some(srv.token("t-monitor")),
    )
    .json();
    assert_eq!(
        json["map"]["incidents"].as_u64(),
        Some(in_period.len() as u64)
    );
    let located = in_period.iter().filter(|i| i["lat"].is_f64()).count() as u64;
    let drawn = json["map"]["drawn"].as_u64().expect("drawn");
    assert!(drawn > 0 && drawn <= located, "{drawn} of {located}");
    let page = get(&srv.url(&q), Some(srv.token("t-monitor"))).body;
    let map = page
        .split_once("<section class=\"period-map\">")
        .expect("a map section")
        .1
        .split("</section>")
        .next()
        .unwrap_or("");
    assert_eq!(
        map.matches("<circle class=\"marker st-").count() as u64,
        drawn + 8,
        "one marker per incident drawn, and the key's eight"
    );
    // The charts: one per reading with findings, each status its hatching.
    let charts = page.matches("class=\"truce-chart wide\"").count();
    assert!(charts >= 3, "{charts} charts");
    assert!(page.contains("class=\"hatch\"") && page.contains("class=\"bar pat-confirmed\""));
    // Methods from the agreement: each reading, its scope in words.
    let agreement = get(&srv.url("/api/v1/agreement"), None).json();
    let methods = json["methods"].to_string();
    for c in agreement["commitments"].as_array().expect("commitments") {
        for r in c["readings"].as_array().expect("readings") {
            let title = r["title"].as_str().expect("title");
            assert!(methods.contains(title), "{title} in the methods");
        }
    }
    assert!(methods.contains("widened by"), "the correlation settings");
    assert_eq!(
        json["tallies"],
        serde_json::json!([]),
        "the demo has no tallies"
    );

    // Tallies: what `truce tallies` sums over the period, by party and class.
    let csv = srv.dir.path().join("tallies.csv");
    std::fs::write(
        &csv,
        "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,border_crossing,is_shahed,source\n\
         2025-04-09 18:00,2025-04-10 09:00,Shahed-136/131 ,Kursk oblast,Ukraine,Kyiv,120,70,40,,,1,kpszsu\n\
         2025-04-10 18:00,2025-04-11 09:00,Shahed-136/131 ,Kursk oblast,Ukraine,Kyiv,80,60,10,,,1,kpszsu\n\
         2025-04-10 18:00,2025-04-11 09:00,Iskander-M/KN-23,Belgorod oblast,Ukraine,Kharkiv,2,1,,,,0,kpszsu\n\
         2025-04-20 18:00,2025-04-21 09:00,Shahed-136/131 ,Kursk oblast,Ukraine,Kyiv,50,50,,,,1,kpszsu\n",
    )
    .expect("write");
    let out = truce(&srv.db, &["ingest", csv.to_str().expect("utf-8")], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let series = truce(
        &srv.db,
        &["tallies", "--from", FROM, "--to", TO, "--json"],
        None,
    );
    assert!(
        series.status.success(),
        "{}",
        String::from_utf8_lossy(&series.stderr)
    );
    let series: serde_json::Value = serde_json::from_slice(&series.stdout).expect("JSON");
    let mut want: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for d in series.as_array().expect("rows") {
        let e = want
            .entry(d["means"].as_str().expect("means").into())
            .or_default();
        e.0 += d["launched"].as_u64().expect("launched");
        e.1 += d["destroyed"].as_u64().expect("destroyed");
    }
    assert_eq!(want.get("drone.long-range"), Some(&(200, 130)), "{series}");
    let report = truce(
        &srv.db,
        &["report", "--from", FROM, "--to", TO, "--format", "json"],
        None,
    );
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).expect("JSON");
    let mut got: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for t in report["tallies"].as_array().expect("tallies") {
        let e = got
            .entry(t["means"].as_str().expect("means").into())
            .or_default();
        e.0 += t["launched"].as_u64().expect("launched");
        e.1 += t["destroyed"].as_u64().expect("destroyed");
        assert_ne!(t["means_name"], t["means"], "the class in words");
    }
    assert_eq!(got, want);
    let md = truce(
        &srv.db,
        &["report", "--from", FROM, "--to", TO, "--commitment", "air"],
        None,
    );
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("## Air attacks (tallies)") && md.contains("long-range drone | 200 | 130 |"),
        "{md}"
    );
    assert!(
        md.contains("--commitment air"),
        "the command that makes it again"
    );
    // One commitment: its readings and its incidents only, their totals
    // its own.
    let one = truce(
        &srv.db,
        &[
            "report",
            "--from",
            FROM,
            "--to",
            TO,
            "--commitment",
            "air",
            "--format",
            "json",
        ],
        None,
    );
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(one["commitment"], "air");
    for r in one["readings"].as_array().expect("readings") {
        assert_eq!(r["commitment_id"], "air");
    }
    for n in one["notable"].as_array().expect("notable") {
        let listed = n["findings"].as_array().expect("findings");
        assert!(listed.iter().all(|f| f["commitment_id"] == "air"), "{n}");
        let counted: u64 = one["readings"]
            .as_array()
            .expect("readings")
            .iter()
            .flat_map(|r| r["parties"].as_array().cloned().unwrap_or_default())
            .filter_map(|p| p["counts"][n["status"].as_str().expect("status")].as_u64())
            .sum();
        assert_eq!(n["total"].as_u64(), Some(counted));
        assert_eq!(listed.len() as u64, counted.min(100));
    }
    let bad = truce(
        &srv.db,
        &["report", "--from", FROM, "--to", TO, "--commitment", "nope"],
        None,
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no commitment \"nope\""));
}
