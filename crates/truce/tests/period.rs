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

/// Every party row of the page sits under its reading with the API's
/// numbers, and the page has no other party rows.
fn assert_counts(page: &str, want: &Counts, who: &str) {
    assert!(!want.is_empty(), "{who}: the demo has findings");
    for ((c, r, p), counts) in want {
        let marker = format!("({c} / {r})</span></h2>");
        let section = page
            .split_once(&marker)
            .unwrap_or_else(|| panic!("{who}: no section for {c} / {r}"))
            .1;
        let section = section.split("<h2>").next().unwrap_or("");
        let mut row = format!("<tr><td>{p}</td>");
        for s in COLUMNS {
            row += &format!(
                "<td class=\"n\">{}</td>",
                counts.get(s).copied().unwrap_or(0)
            );
        }
        // Total, and the previous period (before 2020: nothing).
        row += &format!(
            "<td class=\"n\">{}</td><td class=\"n\">0</td></tr>",
            counts.values().sum::<u64>()
        );
        assert!(
            section.contains(&row),
            "{who}: {c}/{r}/{p}: want {row} in {section}"
        );
    }
    let rows = page
        .lines()
        .filter(|l| l.starts_with("<tr><td>") && l.contains("class=\"n\""))
        .count();
    assert_eq!(rows, want.len(), "{who}: party rows");
}

#[test]
fn the_period_page_holds_the_apis_counts_for_each_viewer() {
    let srv = Server::demo();
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

#[test]
fn the_period_page_defaults_downloads_and_refuses_bad_dates() {
    let srv = Server::demo();
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
    let cli = truce(
        &srv.db,
        &[
            "report",
            "--from",
            "2020-01-01",
            "--to",
            "2029-12-31",
            "--public",
            "--format",
            "json",
        ],
        None,
    );
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).expect("JSON");
    assert_eq!(json.json()["readings"], cli["readings"]);
    assert_eq!(json.json()["notable"], cli["notable"]);
    let html = get(&srv.url(&format!("{ALL}&format=html")), None);
    assert!(
        html.body.contains("<style>")
            && html.body.contains("<article class=\"compliance-report\">")
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

/// The PDF behind the page's link reads back (pdftotext) with a Cyrillic
/// place name and the log root the report rests on.
#[test]
fn the_period_pdf_from_the_web_keeps_cyrillic_and_the_root() {
    let srv = Server::demo();
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
