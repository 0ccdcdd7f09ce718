//! The review of statements in a real browser (headless Debian Chromium,
//! as in `browser.rs`): a monitor reads a statement with the words of each
//! proposed field marked, accepts one candidate with a corrected place (it
//! joins the incident of the same strike) and rejects another. Screenshots
//! at desktop and phone width land in `target/browser-artifacts/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` packages.

mod common;
mod webdriver;

use common::{Backend, PASSWORD, Server};
use serde_json::json;
use webdriver::Browser;

/// Signs in through the login form; staff land on the review queue.
fn sign_in(b: &Browser, s: &Server, name: &str) {
    b.goto(&s.url("/login"));
    let form = b.find("main form[action='/login']");
    let field = form.find("input[name=name]");
    field.clear();
    field.send_keys(name);
    form.find("input[name=password]").send_keys(PASSWORD);
    form.find("button[type=submit]").click();
    b.wait_until(&format!("{name} to be signed in"), |b| {
        b.try_js(
            "const s = document.querySelector('header .who span'); return s ? s.textContent : '';",
        )
        .is_some_and(|t| t.as_str().unwrap_or("").contains(name))
    });
}

/// The page fits the screen: no sideways scroll (as in `browser.rs`).
fn no_horizontal_scroll(b: &Browser, page: &str, screen: i64) {
    let v = b.js(
        "const d = document.documentElement; return [d.scrollWidth, window.innerWidth, d.clientWidth];",
        vec![],
    );
    let (sw, iw, cw) = (
        v[0].as_i64().unwrap_or(-1),
        v[1].as_i64().unwrap_or(-1),
        v[2].as_i64().unwrap_or(-1),
    );
    let limit = iw.min(cw).min(screen);
    let wide = b.js(
        "const w = document.documentElement.clientWidth; const out = []; \
         for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect(); \
           if (r.right > w + 1 && r.width > 0) out.push(e.tagName.toLowerCase() + '.' + (e.className || '') + ' right=' + Math.round(r.right)); \
           if (out.length >= 12) break; } return out;",
        vec![],
    );
    assert!(
        sw <= iw + 1 && sw <= limit + 1,
        "{page} scrolls sideways on a {screen} px screen: scrollWidth {sw}, innerWidth {iw}, clientWidth {cw}; too wide: {wide}"
    );
}

/// Opens the listed candidate from `source` by clicking it; returns its path.
fn open_candidate(b: &Browser, s: &Server, source: &str) -> String {
    b.goto(&s.url("/review/statements"));
    let links = b.find_all("ul.candidates a");
    let link = links
        .iter()
        .find(|a| a.text().contains(source))
        .unwrap_or_else(|| panic!("no pending candidate from {source} is listed"));
    let href = link.attr("href").expect("a candidate link has an href");
    let path = href
        .find("/review/")
        .map_or(href.clone(), |i| href[i..].to_string());
    link.click();
    b.wait_until(&format!("the page of {path}"), |b| b.url().ends_with(&path));
    b.wait_for("blockquote.words");
    path
}

on_both!(a_monitor_accepts_one_candidate_with_a_corrected_place_and_rejects_another);
fn a_monitor_accepts_one_candidate_with_a_corrected_place_and_rejects_another(backend: Backend) {
    let s = Server::demo_on(backend);

    // Liaisons and the public never see candidates.
    let api = s.url("/api/v1/statements/candidates");
    assert_eq!(common::get(&api, None).status, 401);
    assert_eq!(common::get(&api, Some(s.token("t-ua"))).status, 403);
    assert_eq!(common::get(&api, Some(s.token("t-admin"))).status, 403);
    let pending = common::get(&api, Some(s.token("t-monitor"))).json();
    assert_eq!(
        pending["items"].as_array().map(Vec::len),
        Some(3),
        "the demo has three candidates waiting: {pending}"
    );

    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-monitor");
    b.find("header nav a[href='/review/statements']").click();
    b.wait_for("ul.candidates");
    assert_eq!(b.find_all("ul.candidates li").len(), 3);
    b.screenshot("statements-list");

    // The statement with the words of each field marked, beside the fields.
    let accepted = open_candidate(&b, &s, "ua-energy-statements");
    let marks = b.js(
        "return Array.from(document.querySelectorAll('blockquote.words mark')).map(m => [m.className, m.textContent]);",
        vec![],
    );
    let marks = marks.as_array().cloned().unwrap_or_default();
    assert!(
        marks.iter().any(|m| m[0] == "f-act" && m[1] == "атакував"),
        "the act's words are marked: {marks:?}"
    );
    assert!(
        marks
            .iter()
            .any(|m| m[0] == "f-target_class" && m[1] == "підстанцію"),
        "the target's words are marked: {marks:?}"
    );
    let place = b.find("#fld-place");
    assert_eq!(
        place.property("value"),
        json!(""),
        "the statement names no place, so none is proposed"
    );
    b.screenshot("statement-candidate-desktop");

    // A place the gazetteer does not know is refused in words, and the form
    // keeps what was typed.
    place.clear();
    place.send_keys("Atlantis");
    b.find("form.fields button[value=accept]").click();
    b.wait_for("p.error");
    let error = b.find("p.error").text();
    assert!(
        error.contains("place") && error.contains("no place called \"Atlantis\""),
        "the refusal says why: {error}"
    );
    assert_eq!(b.find("#fld-place").property("value"), json!("Atlantis"));
    assert!(b.find("h1 .badge").text().contains("pending"));
    b.screenshot("statement-refused-desktop");

    // Accept with the place corrected: the strike was in Odesa.
    let place = b.find("#fld-place");
    place.clear();
    place.send_keys("Odesa");
    b.find("form.fields button[value=accept]").click();
    b.wait_until("the acceptance to be confirmed", |b| {
        b.try_js("const p = document.querySelector('p.flash'); return p ? p.textContent : '';")
            .is_some_and(|t| t.as_str().unwrap_or("").contains("Accepted"))
    });
    let flash = b.find("p.flash").text();
    assert!(
        flash.contains("place corrected"),
        "the flash says what happened: {flash}"
    );
    let facts = b.find("section.proposal dl.facts").text();
    assert!(
        facts.contains("Odesa") && facts.contains("proposed: none"),
        "the accepted values are shown with the proposed ones: {facts}"
    );
    b.screenshot("statement-accepted-desktop");

    // It joined the incident of the same strike: on that incident's page.
    let link = b.find("main p a[href^='/incidents/']");
    let incident = link.text();
    link.click();
    b.wait_until(&format!("the page of incident {incident}"), |b| {
        b.url().contains(&incident)
    });
    let sources: Vec<String> = b
        .find_all("article.report header strong")
        .iter()
        .map(|e| e.text())
        .collect();
    assert!(
        sources.iter().any(|s| s == "ua-energy-statements"),
        "the accepted report is on {incident}'s page: {sources:?}"
    );
    assert!(
        sources.len() >= 2,
        "it joined other reports of the strike: {sources:?}"
    );
    b.screenshot("statement-incident-desktop");

    // Reject the statement that only repeats an old claim.
    open_candidate(&b, &s, "ru-mod-statements");
    b.find("form.reject textarea[name=reason]")
        .send_keys("Repeats the claim of 21 March, already on record from the same source.");
    b.find("form.reject button").click();
    b.wait_until("the rejection to be confirmed", |b| {
        b.try_js("const p = document.querySelector('p.flash'); return p ? p.textContent : '';")
            .is_some_and(|t| t.as_str().unwrap_or("").contains("Rejected"))
    });
    assert!(b.find("h1 .badge").text().contains("rejected"));

    // One waits; the accepted one is no longer pending.
    let pending = common::get(&api, Some(s.token("t-monitor"))).json();
    assert_eq!(pending["items"].as_array().map(Vec::len), Some(1));
    let done = common::get(
        &format!("{api}?status=accepted"),
        Some(s.token("t-monitor")),
    )
    .json();
    assert_eq!(done["items"][0]["incident_id"].as_str(), Some(&*incident));
    drop(b);

    // The log holds both reviews and still verifies.
    let verify = common::truce(&s.db, &["log", "verify"], None);
    let said = String::from_utf8_lossy(&verify.stdout);
    assert!(
        verify.status.success() && said.contains("2 statement-review"),
        "log verify: {said}{}",
        String::from_utf8_lossy(&verify.stderr)
    );

    // At phone width: the list, a pending candidate and the accepted one fit.
    let p = Browser::start(390, 844);
    p.emulate_phone(390, 844);
    sign_in(&p, &s, "t-monitor");
    p.goto(&s.url("/review/statements"));
    p.wait_for("ul.candidates");
    no_horizontal_scroll(&p, "the list of statements", 390);
    p.screenshot("phone-statements-list");
    let pending_path = open_candidate(&p, &s, "ua-airforce-statements");
    no_horizontal_scroll(&p, &pending_path, 390);
    p.screenshot("phone-statement-candidate");
    p.goto(&s.url(&accepted));
    p.wait_for("blockquote.words");
    no_horizontal_scroll(&p, &accepted, 390);
    p.screenshot("phone-statement-accepted");

    // In Ukrainian: the pending candidate's form names fields and choices
    // in words (the codes stay as the values sent).
    p.goto(&s.url(&format!("/lang?lang=uk&back={pending_path}")));
    p.wait_for("form.fields");
    assert_eq!(p.find("#statement-h").text(), "Заява");
    assert_eq!(p.find("label[for=fld-act]").text(), "дія");
    let act = p.find("#fld-act");
    let shown = p
        .js(
            "return Array.from(arguments[0].options).map(function (o) { return o.value + '=' + o.textContent; });",
            vec![act.json()],
        )
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        shown.iter().any(|o| o.as_str() == Some("strike=удар")),
        "{shown:?}"
    );
    assert_eq!(p.find("form.reject button").text(), "Відхилити");
    // How each field was read, in Ukrainian too.
    let how: Vec<String> = p
        .js(
            "return Array.from(document.querySelectorAll('p.from')).map(function (e) { return e.textContent; });",
            vec![],
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(
        !how.is_empty(),
        "the candidate says how its fields were read"
    );
    for h in &how {
        assert!(
            !["the ", "named", "publication", "speaks for", "implied"]
                .iter()
                .any(|e| h.contains(e)),
            "English in how a field was read: {h}"
        );
    }
    no_horizontal_scroll(&p, "the candidate in Ukrainian", 390);
    p.screenshot("phone-statement-candidate-uk");
    p.goto(&s.url("/review/statements"));
    assert_eq!(p.find("main h1").text(), "Заяви на розгляд");
    // The list says what was read in words, never in codes.
    let list = p.find("ul.candidates").text();
    assert!(
        list.contains("ударний дрон великої дальності") && !list.contains("drone.long-range"),
        "{list}"
    );
}
