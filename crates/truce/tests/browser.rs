//! The web app in a real browser: headless Debian Chromium driven through
//! chromedriver (W3C WebDriver). Each test starts its own demo workspace,
//! server and browser; they run one at a time (2-core machines, one Chromium
//! is plenty). Screenshots land in `target/browser-artifacts/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` packages.

mod common;
mod webdriver;

use common::{Backend, PASSWORD, Server, get, post_json};
use serde_json::{Value, json};
use std::sync::{Mutex, MutexGuard};
use webdriver::Browser;

/// One browser test at a time.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The path of a link, whether the driver gives the attribute or the URL.
fn path_of(href: &str) -> String {
    match href
        .strip_prefix("http://")
        .and_then(|r| r.find('/').map(|i| &r[i..]))
    {
        Some(p) => p.to_string(),
        None => href.to_string(),
    }
}

/// Signs in through the login form, typing like a person.
fn sign_in(b: &Browser, s: &Server, name: &str) {
    b.goto(&s.url("/login"));
    let form = b.find("main form[action='/login']");
    let field = form.find("input[name=name]");
    field.clear();
    field.send_keys(name);
    form.find("input[name=password]").send_keys(PASSWORD);
    form.find("button[type=submit]").click();
    b.wait_until(
        &format!("the header to name {name} after signing in"),
        |b| {
            b.try_js("const s = document.querySelector('header .who span'); return s ? s.textContent : '';")
                .is_some_and(|t| t.as_str().unwrap_or("").contains(name))
        },
    );
    // Staff land on the review queue.
    assert!(
        b.url().ends_with("/queue"),
        "{name} should land on /queue, is on {}",
        b.url()
    );
}

/// Signs out with the header's button.
fn sign_out(b: &Browser) {
    b.find("header .who form[action='/logout'] button").click();
    b.wait_until("the Sign in link after signing out", |b| {
        b.try_js("return document.querySelector(\"header .who a[href='/login']\") !== null;")
            == Some(json!(true))
    });
}

/// Opens the first incident listed in the table on `list` by clicking it;
/// returns the incident's path.
fn open_first_incident(b: &Browser, s: &Server, list: &str) -> String {
    b.goto(&s.url(list));
    let link = b.find("table.list tbody a[href^='/incidents/']");
    let path = path_of(&link.attr("href").expect("the incident link has an href"));
    link.click();
    b.wait_until(&format!("the page of {path}"), |b| b.url().contains(&path));
    b.wait_for("main h1");
    path
}

/// Elements sticking out to the right of the viewport, for messages.
const OVERFLOWING: &str = "const w = document.documentElement.clientWidth; const out = []; \
    for (const e of document.querySelectorAll('body *')) { \
      const r = e.getBoundingClientRect(); \
      if (r.right > w + 1 && r.width > 0) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') \
        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '') \
        + ' right=' + Math.round(r.right)); \
      if (out.length >= 12) break; } \
    return out;";

/// The page fits the phone: no sideways scroll. On a phone `innerWidth`
/// grows with content that overflows (the page is zoomed out to fit), so
/// the layout width (`clientWidth`) and the screen width bound it too.
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
    assert!(
        sw <= iw + 1 && sw <= limit + 1,
        "{page} scrolls sideways on a {screen} px screen: scrollWidth {sw}, innerWidth {iw}, clientWidth {cw}; \
         too wide: {}",
        b.js(OVERFLOWING, vec![])
    );
}

/// The phone menu's state: whether entries are hidden past its left and
/// right edges, the edges the script marked (more-left, more-right), and the
/// mask the stylesheet draws from them.
fn menu_edges(b: &Browser) -> Value {
    b.js(
        "const n = document.querySelector('.top nav:not(.langs)'); \
         const s = getComputedStyle(n); \
         return {hidden_left: n.scrollLeft > 1, \
                 hidden_right: n.scrollLeft + n.clientWidth < n.scrollWidth - 1, \
                 left: n.classList.contains('more-left'), right: n.classList.contains('more-right'), \
                 mask: s.maskImage || s.webkitMaskImage || ''};",
        vec![],
    )
}

/// The menu fades out exactly at the edges where it hides entries.
fn menu_fades_where_it_hides(b: &Browser, what: &str) {
    let e = menu_edges(b);
    assert_eq!(e["left"], e["hidden_left"], "{what}: {e}");
    assert_eq!(e["right"], e["hidden_right"], "{what}: {e}");
    let mask = e["mask"].as_str().unwrap_or("");
    let hides = e["left"] == true || e["right"] == true;
    assert_eq!(
        mask.contains("linear-gradient"),
        hides,
        "{what}: mask {mask:?} for {e}"
    );
}

on_both!(overview_draws_charts_and_counts);
fn overview_draws_charts_and_counts(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    b.goto(&s.url("/"));
    assert!(b.title().contains("Truce"), "title: {:?}", b.title());
    let h1 = b.find("main h1").text();
    assert!(!h1.trim().is_empty(), "the overview needs a heading");

    // Charts: SVGs drawn at a real size, with bars of real height (each is
    // drawn twice, wide and narrow, and the narrow one is hidden here).
    let charts = b.find_all("figure.chart svg");
    assert!(
        !charts.is_empty(),
        "the overview should draw at least one chart"
    );
    let drawn = b.js(
        "const out = []; \
         for (const svg of document.querySelectorAll('figure.chart svg')) { \
           const r = svg.getBoundingClientRect(); \
           if (getComputedStyle(svg).display === 'none') continue; \
           const bars = Array.from(svg.querySelectorAll('rect.bar')).filter(function (x) { \
             const q = x.getBoundingClientRect(); return q.width > 0 && q.height > 0.5; }); \
           out.push([Math.round(r.width), Math.round(r.height), svg.querySelectorAll('rect').length, bars.length]); } \
         return out;",
        vec![],
    );
    let drawn = drawn.as_array().expect("a list of charts").clone();
    for (i, c) in drawn.iter().enumerate() {
        assert!(
            c[0].as_i64() > Some(300) && c[1].as_i64() > Some(80),
            "chart {i} is drawn too small: {c}"
        );
        assert!(c[2].as_i64() > Some(0), "chart {i} has no <rect>: {c}");
    }
    assert!(
        drawn.iter().any(|c| c[3].as_i64() > Some(0)),
        "no chart shows a visible bar: {drawn:?}"
    );

    // Tables of counts: a row per party, a column per status, some findings.
    let tables = b.find_all("table.counts");
    assert!(
        !tables.is_empty(),
        "the overview should show tables of counts"
    );
    let heads: Vec<String> = tables[0]
        .find_all("thead th")
        .iter()
        .map(|t| t.text())
        .collect();
    assert!(
        heads.len() >= 3,
        "a party column and status columns, got {heads:?}"
    );
    assert!(
        heads.iter().any(|h| h.contains("alleged")
            || h.contains("corroborated")
            || h.contains("confirmed")),
        "status columns expected, got {heads:?}"
    );
    let rows = tables[0].find_all("tbody tr");
    assert!(
        !rows.is_empty(),
        "the first table of counts has no party row"
    );
    let total = b.js_i64(
        "let n = 0; for (const td of document.querySelectorAll('table.counts tbody td')) \
         { n += parseInt(td.textContent.trim(), 10) || 0; } return n;",
    );
    assert!(total > 0, "the tables count no finding at all");
    // Counts link to the matching incidents.
    assert!(
        !b.find_all("table.counts tbody td a[href^='/incidents?']")
            .is_empty(),
        "non-zero counts should link to the incident list"
    );
    // Each chart's legend names every status its table shows, and no scale
    // stops below 5.
    let mismatch = b.js(
        "const out = [];          for (const sec of document.querySelectorAll('section.reading')) {            const table = sec.querySelector('table.counts'); const svg = sec.querySelector('figure.chart svg.wide');            if (!table || !svg) continue;            const legend = Array.from(svg.querySelectorAll('.legend text')).map(function (t) { return t.textContent.trim(); });            const heads = Array.from(table.querySelectorAll('thead th')).slice(1).map(function (t) { return t.textContent.trim(); });            for (const h of heads) if (!legend.includes(h)) out.push(sec.id + ': ' + h + ' not in ' + legend.join(', '));            const ticks = Array.from(svg.querySelectorAll('.axis text')).map(function (t) { return Number(t.textContent); })              .filter(function (v) { return !isNaN(v); });            if (Math.max.apply(null, ticks) < 5) out.push(sec.id + ': scale tops at ' + Math.max.apply(null, ticks)); }          return out;",
        vec![],
    );
    assert_eq!(
        mismatch,
        json!([]),
        "chart legends and scales against their tables"
    );
    // One date axis for all: the first and last day of every chart agree.
    let spans = b.js(
        "const s = new Set(); for (const svg of document.querySelectorAll('figure.chart svg.wide')) {            const d = Array.from(svg.querySelectorAll('desc')).map(function (x) { return x.textContent.split(';')[0]; });            s.add(d.join()); } return Array.from(s);",
        vec![],
    );
    assert_eq!(
        spans.as_array().map_or(0, Vec::len),
        1,
        "every chart should span the same days: {spans}"
    );
    let shot = b.screenshot("overview");
    eprintln!(
        "overview: {} chart(s), {} table(s), {total} findings; {}",
        drawn.len(),
        tables.len(),
        shot.display()
    );
}

/// The map's viewBox as `[x, y, width, height]`.
fn view_box(b: &Browser) -> Vec<f64> {
    b.js(
        "return document.querySelector('figure.map svg.truce-map').getAttribute('viewBox');",
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .split_whitespace()
    .filter_map(|v| v.parse().ok())
    .collect()
}

/// Incidents the map draws: markers drawn on their own plus those counted
/// in clusters.
const DRAWN: &str = "let n = 0; \
    for (const m of document.querySelectorAll('figure.map circle.marker')) { \
      const r = m.getBoundingClientRect(); if (r.width > 0 && r.height > 0) n++; } \
    for (const c of document.querySelectorAll('figure.map g.cluster')) n += Number(c.getAttribute('data-count')); \
    return n;";

/// Place names shown on the map (drawn with a real size).
const LABELS_SHOWN: &str = "const box = document.querySelector('figure.map svg.truce-map').getBoundingClientRect(); \
    return Array.from(document.querySelectorAll('figure.map text.lbl')) \
    .filter(function (t) { const r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0 \
      && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom; }) \
    .map(function (t) { return t.textContent; });";

/// A query parameter of a URL ("" when absent).
fn param_of(url: &str, k: &str) -> String {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix(&format!("{k}=")))
        .unwrap_or("")
        .to_string()
}

/// Presses, moves and releases the mouse over `el`, from `x0` to `x1`
/// (offsets from its centre, in CSS pixels) at height `y`.
fn drag(b: &Browser, el: &webdriver::Element<'_>, (x0, y0): (i64, i64), (x1, y1): (i64, i64)) {
    b.ok(
        "POST",
        "/actions",
        json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "origin": el.json(), "x": x0, "y": y0, "duration": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerMove", "origin": el.json(), "x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "duration": 100},
                {"type": "pointerMove", "origin": el.json(), "x": x1, "y": y1, "duration": 100},
                {"type": "pointerUp", "button": 0}
            ]}]}),
    );
    b.ok("DELETE", "/actions", json!({}));
}

on_both!(map_draws_markers_names_and_the_timeline_brush_filters_them);
fn map_draws_markers_names_and_the_timeline_brush_filters_them(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    b.goto(&s.url("/map"));
    let svg = b.find("figure.map svg.truce-map");
    let size = b.js(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];",
        vec![svg.json()],
    );
    assert!(
        size[0].as_f64() > Some(400.0) && size[1].as_f64() > Some(200.0),
        "the map is drawn too small: {size}"
    );
    let land = b.find_all("figure.map svg path").len();
    assert!(land > 0, "the map has no boundaries (no <path>)");

    let markers = b.js_i64("return document.querySelectorAll('figure.map circle.marker').length;");
    assert!(markers > 0, "the map shows no incident marker");
    let unlinked = b.js(
        "return Array.from(document.querySelectorAll('figure.map circle.marker')) \
           .filter(function (m) { const a = m.closest('a'); \
             return !a || !(a.getAttribute('href') || '').startsWith('/incidents/'); }) \
           .map(function (m) { return m.outerHTML.slice(0, 200); });",
        vec![],
    );
    assert_eq!(
        unlinked,
        json!([]),
        "every marker should link to its incident"
    );
    // Every incident is on the map, alone or in a counted cluster.
    assert_eq!(
        b.js_i64(DRAWN),
        markers,
        "markers drawn plus those counted in clusters should be all the markers"
    );
    // Uncertainty circles only for the incident pointed at: none at rest.
    let halos = b.js_i64(
        "return Array.from(document.querySelectorAll('figure.map .uncertainty')) \
           .filter(function (c) { return c.getBoundingClientRect().width > 0; }).length;",
    );
    assert_eq!(
        halos, 0,
        "no uncertainty circle should be drawn until an incident is pointed at"
    );
    // Names of countries and big cities at the whole-map view.
    let names = b.js(LABELS_SHOWN, vec![]);
    let names: Vec<&str> = names
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    for want in ["Kyiv", "UKRAINE", "RUSSIA"] {
        assert!(
            names.contains(&want),
            "the whole map should name {want}; names: {names:?}"
        );
    }
    let shot = b.screenshot("map");
    eprintln!(
        "map: {markers} markers, names {names:?}; {}",
        shot.display()
    );
    // Pointing at an incident with an uncertain place draws its circle, and
    // only its own.
    let pt = b
        .find_all("figure.map .pt:not(.clustered)")
        .into_iter()
        .find(|p| !p.find_all(".uncertainty").is_empty());
    if let Some(pt) = pt {
        b.ok(
            "POST",
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                "actions": [{"type": "pointerMove", "origin": pt.find("circle.marker").json(), "x": 0, "y": 0, "duration": 0}]}]}),
        );
        let drawn = b.js(
            "const pt = arguments[0]; \
             return Array.from(document.querySelectorAll('figure.map .uncertainty')) \
               .filter(function (c) { return c.getBoundingClientRect().width > 0; }) \
               .map(function (c) { return c.closest('.pt') === pt; });",
            vec![pt.json()],
        );
        assert_eq!(
            drawn,
            json!([true]),
            "pointing at an incident should draw its circle alone"
        );
        b.screenshot("map-pointed");
        b.ok("DELETE", "/actions", json!({}));
    } else {
        eprintln!("note: no marker drawn alone has an uncertainty circle");
    }

    // Brush the first quarter of the timeline.
    let tl = b.find("#timeline svg.truce-timeline");
    let w = b
        .js(
            "return Math.round(arguments[0].getBoundingClientRect().width);",
            vec![tl.json()],
        )
        .as_i64()
        .unwrap_or(0);
    assert!(w > 200, "the timeline is too narrow: {w}");
    drag(&b, &tl, (-w / 2 + 2, 0), (-w / 4, 0));
    let url = b.url();
    let (from, to) = (param_of(&url, "from"), param_of(&url, "to"));
    assert!(
        from.len() == 10 && to.len() == 10 && from <= to,
        "the address should carry the brushed range, is {url}"
    );
    let off = b.js_i64("return document.querySelectorAll('figure.map .pt.off').length;");
    assert!(
        off > 0 && off < markers,
        "brushing the first quarter should hide some but not all of {markers} markers, hid {off}"
    );
    // The hidden ones are exactly those outside the range.
    let wrong = b.js(
        "const a = Date.parse(arguments[0]) / 864e5, z = Date.parse(arguments[1]) / 864e5; \
         return Array.from(document.querySelectorAll('figure.map .pt')).filter(function (p) { \
           const d = Number(p.getAttribute('data-day')); \
           return p.classList.contains('off') === (d >= a && d <= z); }).length;",
        vec![json!(from), json!(to)],
    );
    assert_eq!(
        wrong,
        json!(0),
        "markers hidden or shown against the range {from}..{to}"
    );
    assert_eq!(
        b.js_i64(DRAWN),
        markers - off,
        "hidden markers should be neither drawn nor counted in clusters"
    );
    let caption = b.find("#map-caption").text();
    assert!(
        caption.contains(&format!("{} of {markers}", markers - off))
            && caption.contains(&from)
            && caption.contains(&to),
        "the caption should give the count and the range {from}..{to}: {caption:?}"
    );
    let shot = b.screenshot("map-brushed");

    // The shared address opens the same view, without the brush being drawn
    // by hand: the server hides the same markers.
    b.goto(&url);
    assert_eq!(
        b.js_i64("return document.querySelectorAll('figure.map .pt.off').length;"),
        off,
        "the shared address {url} should hide the same markers"
    );
    assert!(b.find("#map-caption").text().contains(&from));
    b.find("#all-dates").click();
    assert_eq!(
        b.js_i64("return document.querySelectorAll('figure.map .pt.off').length;"),
        0,
        "All dates should show every marker again"
    );
    assert!(
        !b.url().contains("from="),
        "All dates should drop the range from {}",
        b.url()
    );
    // Play steps a one-day range through the days.
    b.find("#play").click();
    let first_step = b.find("#map-caption").text();
    b.wait_until("Play to move on a day", |b| {
        b.try_js("return document.getElementById('map-caption').textContent;")
            .is_some_and(|t| t.as_str().is_some_and(|t| t != first_step))
    });
    b.find("#play").click();
    let url = b.url();
    assert!(
        url.contains("from=") && param_of(&url, "from") == param_of(&url, "to"),
        "Play shows one day at a time: {url}"
    );
    eprintln!(
        "map: {off} of {markers} hidden for {from}..{to}; {}",
        shot.display()
    );
}

on_both!(map_zooms_and_pans_and_clusters_open);
fn map_zooms_and_pans_and_clusters_open(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    // Staff see every incident: enough to cluster at the whole-map view.
    sign_in(&b, &s, "t-monitor");
    b.goto(&s.url("/map"));
    let svg = b.find("figure.map svg.truce-map");
    let whole = view_box(&b);
    assert_eq!(whole.len(), 4, "the map needs a viewBox: {whole:?}");
    let names_before = b.js(LABELS_SHOWN, vec![]).as_array().map_or(0, Vec::len);
    b.screenshot("map-staff");

    // The + button halves the width of the view.
    assert!(
        b.find("#zoom-in").displayed(),
        "app.js should show the zoom buttons"
    );
    b.find("#zoom-in").click();
    let v1 = view_box(&b);
    assert!(
        (v1[2] - whole[2] / 2.0).abs() < 1.0,
        "+ should zoom in twice: {whole:?} -> {v1:?}"
    );
    // The wheel zooms in further.
    b.ok(
        "POST",
        "/actions",
        json!({"actions": [{"type": "wheel", "id": "wheel", "actions": [
            {"type": "scroll", "origin": svg.json(), "x": 0, "y": 0, "deltaX": 0, "deltaY": -300, "duration": 0}
        ]}]}),
    );
    b.ok("DELETE", "/actions", json!({}));
    let v2 = view_box(&b);
    assert!(
        v2[2] < v1[2] - 1.0,
        "the wheel should zoom in: {v1:?} -> {v2:?}"
    );
    // Dragging left and up moves the view right and down.
    drag(&b, &svg, (0, 0), (-160, -60));
    let v3 = view_box(&b);
    assert!(
        v3[0] > v2[0] + 1.0 && v3[1] > v2[1] + 1.0 && (v3[2] - v2[2]).abs() < 0.01,
        "a drag should pan without zooming: {v2:?} -> {v3:?}"
    );
    let names_zoomed = b.js(LABELS_SHOWN, vec![]);
    let names_zoomed: Vec<&str> = names_zoomed
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let shot = b.screenshot("map-zoomed");
    // The address keeps the view, and opening it shows the same place.
    b.wait_until("the address to keep the view", |b| {
        b.url().contains("view=")
    });
    let shared = b.url();
    b.goto(&shared);
    let again = view_box(&b);
    assert!(
        again.len() == 4 && again.iter().zip(&v3).all(|(a, b)| (a - b).abs() < 0.5),
        "{shared} should open the view {v3:?}, opens {again:?}"
    );
    // The − button zooms out; Whole map goes back to the start.
    b.find("#zoom-out").click();
    let v4 = view_box(&b);
    assert!(v4[2] > v3[2] * 1.9, "− should zoom out: {v3:?} -> {v4:?}");
    b.find("#zoom-reset").click();
    assert_eq!(
        view_box(&b),
        whole,
        "Whole map should show the whole map again"
    );
    assert!(
        names_zoomed.len() > 3,
        "zoomed in, the map should name places: {names_zoomed:?} (whole map: {names_before})"
    );

    // A cluster shows a count and zooms in when clicked.
    b.wait_until("clusters to zoom into at the whole-map view", |b| {
        b.try_js(
            "return document.querySelectorAll('figure.map g.cluster[data-action=zoom]').length;",
        )
        .and_then(|v| v.as_i64())
            > Some(0)
    });
    // Incidents at one place cannot be zoomed apart: such a cluster lists
    // them, near that place.
    let lists = b.js(
        "return Array.from(document.querySelectorAll('figure.map g.cluster[data-action=list]')) \
           .map(function (c) { return c.getAttribute('data-href'); });",
        vec![],
    );
    for href in lists.as_array().into_iter().flatten() {
        let href = href.as_str().unwrap_or("");
        assert!(
            href.starts_with("/incidents?") && href.contains("bbox="),
            "a cluster at one place should link to the list near it: {href}"
        );
    }
    // The script redraws the clusters when the view settles; a cluster
    // found just before a redraw is gone ("stale") when clicked: find the
    // one drawn now and try again.
    let mut before = view_box(&b);
    let mut count = 0;
    let mut clicked = Err(String::new());
    for _ in 0..5 {
        // Read the count and text in one script call, so both come from the
        // same drawing.
        let c = b.js(
            "const c = document.querySelector('figure.map g.cluster[data-action=zoom]'); \
             return c ? [c.getAttribute('data-count'), c.querySelector('text').textContent.trim()] : null;",
            vec![],
        );
        count = c[0]
            .as_str()
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        assert!(count >= 2, "a cluster counts at least 2 incidents: {c}");
        assert_eq!(
            c[1].as_str().unwrap_or(""),
            count.to_string(),
            "the cluster shows its count"
        );
        before = view_box(&b);
        clicked = b.find("figure.map g.cluster[data-action=zoom]").try_click();
        if clicked.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    if let Err(e) = clicked {
        panic!("a cluster could not be clicked in five tries: {e}");
    }
    b.wait_until("the view to change after clicking a cluster", |b| {
        view_box(b) != before
    });
    let after = view_box(&b);
    assert!(
        after[2] <= before[2] / 2.0 + 0.5,
        "clicking a cluster should zoom in at least twice: {before:?} -> {after:?}"
    );
    assert!(
        path_of(&b.url()).starts_with("/map"),
        "clicking a cluster should not leave the map: {}",
        b.url()
    );
    let shot2 = b.screenshot("map-cluster-opened");
    // A cluster at one place opens the list of its incidents.
    let lists: Vec<String> = lists
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if let Some(href) = lists.first() {
        b.goto(&s.url(href));
        let rows = b.find_all("table.list tbody tr").len();
        assert!(
            rows >= 2,
            "{href} should list the cluster's incidents, lists {rows}"
        );
    }
    eprintln!("{} cluster(s) at one place", lists.len());
    eprintln!(
        "zoom: {whole:?} -> {v3:?}; {} names zoomed in; cluster of {count}: {before:?} -> {after:?}; {} {}",
        names_zoomed.len(),
        shot.display(),
        shot2.display()
    );
}

on_both!(phone_map_and_overview_fit_and_read);
fn phone_map_and_overview_fit_and_read(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(390, 844);
    b.emulate_phone(390, 844);
    b.goto(&s.url("/map"));
    no_horizontal_scroll(&b, "the map", 390);
    // Markers a finger can hit: the link's target is at least 24 px wide.
    let hits = b.js(
        "return Array.from(document.querySelectorAll('figure.map .pt:not(.off):not(.clustered) .hit')) \
           .map(function (c) { return c.getBoundingClientRect().width; }) \
           .filter(function (w) { return w > 0; });",
        vec![],
    );
    let hits: Vec<f64> = hits
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default();
    assert!(
        !hits.is_empty(),
        "some markers should be drawn on their own on a phone"
    );
    let smallest = hits.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(
        smallest >= 23.5,
        "marker touch targets should be at least 24 px, smallest {smallest}"
    );
    let button = b.js(
        "const r = document.getElementById('zoom-in').getBoundingClientRect(); return Math.min(r.width, r.height);",
        vec![],
    );
    assert!(
        button.as_f64() >= Some(40.0),
        "zoom buttons should fit a finger: {button}"
    );
    let shot = b.screenshot("phone-map");

    b.goto(&s.url("/"));
    no_horizontal_scroll(&b, "the overview", 390);
    // Each table's caption reads within the screen, though the table
    // beneath it scrolls sideways (the Ukrainian caption runs longest).
    b.goto(&s.url("/lang?lang=uk&back=/"));
    b.wait_for("table.counts");
    let widest = b.js_i64(
        "let m = 0; for (const c of document.querySelectorAll('table.counts caption span')) \
           { m = Math.max(m, Math.ceil(c.getBoundingClientRect().right)); } return m;",
    );
    assert!(
        widest > 0 && widest <= 390,
        "a caption runs off the phone's screen to {widest} px"
    );
    b.goto(&s.url("/lang?lang=en&back=/"));
    b.wait_for("table.counts");
    // Chart text drawn at least 11 px tall on the phone.
    let smallest = b.js(
        "let m = 1e9, n = 0; for (const svg of document.querySelectorAll('figure.chart svg')) { \
           const r = svg.getBoundingClientRect(); if (!r.width) continue; \
           const k = r.width / svg.viewBox.baseVal.width; \
           for (const t of svg.querySelectorAll('text')) { \
             n++; m = Math.min(m, parseFloat(getComputedStyle(t).fontSize) * k); } } \
         return [m, n];",
        vec![],
    );
    let (px, n) = (
        smallest[0].as_f64().unwrap_or(0.0),
        smallest[1].as_i64().unwrap_or(0),
    );
    assert!(n > 0, "the overview should show chart text on a phone");
    assert!(
        px >= 11.0,
        "chart text on a phone should be at least 11 px, smallest is {px:.1}"
    );
    let shot2 = b.screenshot("phone-overview-charts");
    eprintln!(
        "phone: touch targets >= {smallest_hit:.0} px, chart text >= {px:.1} px; {} {}",
        shot.display(),
        shot2.display(),
        smallest_hit = hits.iter().copied().fold(f64::INFINITY, f64::min)
    );
}

on_both!(incident_page_shows_reports_findings_and_traces);
fn incident_page_shows_reports_findings_and_traces(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    let path = open_first_incident(&b, &s, "/incidents");
    // The heading names the event, not a status or one side's account;
    // the statuses are listed by commitment reading and party.
    let h1 = b.find("main h1");
    assert!(h1.find_all(".badge").is_empty(), "{}", h1.text());
    let summary = b.find_all("ul.finding-summary li");
    assert!(
        summary.iter().all(|li| li.text().contains("against ")),
        "each finding names the party it runs against"
    );
    let reports = b.find_all("article.report");
    assert!(!reports.is_empty(), "{path} shows no report");
    let says = reports[0].text();
    assert!(
        says.contains("Says") && says.contains("Grading"),
        "a report should read as facts: {says:?}"
    );
    let findings = b.find_all("details.finding");
    assert!(!findings.is_empty(), "{path} shows no finding");
    assert_eq!(
        findings[0].property("open"),
        json!(true),
        "the first finding should be open"
    );
    let trace = findings[0].find_all("ol.trace li");
    assert!(!trace.is_empty(), "the first finding has no rule trace");
    assert!(
        trace[0].displayed(),
        "the open finding's trace should be visible"
    );
    assert!(
        !trace[0].text().trim().is_empty(),
        "the first trace step is empty"
    );
    // Every finding has a trace, and a status badge in its summary.
    let bare = b.js_i64(
        "return Array.from(document.querySelectorAll('details.finding')) \
           .filter(function (d) { return !d.querySelector('ol.trace li') || !d.querySelector('summary .badge'); }).length;",
    );
    assert_eq!(bare, 0, "some findings lack a trace or a badge");
    // Reports of one side sit side by side on a wide screen.
    let tops = b.js(
        "const g = Array.from(document.querySelectorAll('div.reports')).find(function (d) { return d.querySelectorAll('article.report').length > 1; }); \
         return g ? Array.from(g.querySelectorAll('article.report')).slice(0, 2) \
           .map(function (a) { return Math.round(a.getBoundingClientRect().top); }) : null;",
        vec![],
    );
    if let Some(t) = tops.as_array() {
        assert_eq!(t[0], t[1], "two reports should sit side by side at 1280 px");
    }
    let shot = b.screenshot("incident");
    eprintln!(
        "incident {path}: {} reports, {} findings; {}",
        reports.len(),
        findings.len(),
        shot.display()
    );
}

/// Fills and submits the review form of `finding` with the confirm button.
fn confirm_through_form(b: &Browser, finding: &str, reason: &str) {
    let details = b.find(&format!("details#finding-{finding}"));
    if details.property("open") != json!(true) {
        details.find("summary").click();
    }
    let form = details.find("form.review-form");
    let text = form.find("textarea[name=reason]");
    text.send_keys(reason);
    assert_eq!(
        text.property("value"),
        json!(reason),
        "the reason should be typed in"
    );
    b.js(
        "document.querySelectorAll('p.flash').forEach(function (p) { p.remove(); });",
        vec![],
    );
    form.find("button[value=confirm]").click();
    b.wait_for("p.flash");
}

fn badge(b: &Browser, finding: &str) -> String {
    b.find(&format!("details#finding-{finding} > summary .badge"))
        .text()
        .trim()
        .to_string()
}

on_both!(two_adjudicators_confirm_a_finding_through_the_form);
fn two_adjudicators_confirm_a_finding_through_the_form(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);

    sign_in(&b, &s, "t-adj1");
    assert!(
        !b.find_all("header nav a[href='/queue']").is_empty(),
        "an adjudicator should see the review queue link"
    );
    let path = open_first_incident(&b, &s, "/queue");
    let forms = b.find_all("form.review-form");
    assert!(
        !forms.is_empty(),
        "{path} is queued but offers no review form"
    );
    let first = &forms[0];
    let finding = first
        .find("input[type=hidden][name=finding]")
        .attr("value")
        .filter(|v| !v.is_empty())
        .expect("the review form names its finding");
    assert_eq!(
        first.find_all("button[value=confirm]").len()
            + first.find_all("button[value=reject]").len(),
        2,
        "an adjudicator's form has confirm and reject buttons"
    );
    let before = badge(&b, &finding);
    assert_ne!(before, "confirmed", "the finding is already confirmed");
    b.screenshot("review-before");

    confirm_through_form(
        &b,
        &finding,
        "Browser test: two independent reports agree on time and place.",
    );
    let flash = b.find("p.flash").text();
    assert!(
        flash.contains("second adjudicator must also confirm"),
        "after one vote the flash should ask for a second adjudicator: {flash:?}"
    );
    assert!(
        b.url().contains(&path),
        "back on {path} after deciding, on {}",
        b.url()
    );
    assert_eq!(
        badge(&b, &finding),
        before,
        "one vote must not change the badge"
    );
    let logged = b.find_all("ol.decisions li").iter().any(|li| {
        let t = li.text();
        t.contains("confirm") && t.contains("t-adj1") && t.contains(&finding)
    });
    assert!(
        logged,
        "the decisions list should show t-adj1's vote on {finding}"
    );
    // No button the rules would refuse: t-adj1 may not vote twice.
    assert!(
        b.find_all(&format!("details#finding-{finding} form.review-form"))
            .is_empty(),
        "a finding t-adj1 voted on offers t-adj1 no second vote"
    );
    // The answer is on screen where the page lands.
    let flash_top = b.js_i64(
        "return Math.round(document.querySelector('p.flash').getBoundingClientRect().top);",
    );
    assert!(
        (0..1000).contains(&flash_top),
        "the confirmation should be in view, it is at {flash_top} px"
    );
    b.screenshot("review-first-vote");

    sign_out(&b);
    sign_in(&b, &s, "t-adj2");
    b.goto(&s.url(&path));
    confirm_through_form(&b, &finding, "Second look: agreed, the trace holds.");
    let flash = b.find("p.flash").text();
    assert!(
        flash.contains("now confirmed"),
        "after two votes the flash should say confirmed: {flash:?}"
    );
    assert_eq!(
        badge(&b, &finding),
        "confirmed",
        "the finding's badge after two adjudicators"
    );
    assert!(
        b.find_all(&format!("details#finding-{finding} form.review-form"))
            .is_empty(),
        "a confirmed finding should offer no review form"
    );
    let shot = b.screenshot("review-after");
    eprintln!(
        "review: finding {finding} on {path} confirmed by t-adj1 and t-adj2; {}",
        shot.display()
    );
}

on_both!(phone_width_has_no_sideways_scroll);
fn phone_width_has_no_sideways_scroll(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(390, 844);
    b.emulate_phone(390, 844);
    b.goto(&s.url("/"));
    let w = b.js_i64("return document.documentElement.clientWidth;");
    assert!(
        (360..=390).contains(&w),
        "the page should be laid out phone-wide, clientWidth is {w}"
    );
    no_horizontal_scroll(&b, "the overview", 390);
    b.screenshot("phone-overview");
    // Not asserted: how small the charts' labels come out on a phone.
    let label = b.js(
        "let m = 1e9; for (const t of document.querySelectorAll('figure.chart svg text')) \
         { const h = t.getBoundingClientRect().height; if (h > 0) m = Math.min(m, h); } \
         return m < 1e9 ? m : null;",
        vec![],
    );
    eprintln!("note: the smallest chart label on the phone is {label} px tall");
    let path = open_first_incident(&b, &s, "/incidents");
    no_horizontal_scroll(&b, &path, 390);
    let shot = b.screenshot("phone-incident");
    eprintln!("phone: / and {path} fit in {w} px; {}", shot.display());
}

/// The response's Content-Security-Policy header.
fn csp_header(url: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let r = agent
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    assert_eq!(r.status().as_u16(), 200, "GET {url}");
    r.headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{url} has no content-security-policy header"))
        .to_string()
}

fn csp_messages(logs: &[(String, String)]) -> Vec<String> {
    logs.iter()
        .filter(|(_, m)| {
            m.contains("Content Security Policy") || m.contains("Content-Security-Policy")
        })
        .map(|(l, m)| format!("{l}: {m}"))
        .collect()
}

on_both!(content_security_policy_holds_in_the_browser);
fn content_security_policy_holds_in_the_browser(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    let mut have_logs = false;
    for page in ["/", "/map"] {
        let url = s.url(page);
        let csp = csp_header(&url);
        for must in [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
        ] {
            assert!(
                csp.contains(must),
                "{page}: the CSP should say {must}: {csp}"
            );
        }
        assert!(
            !csp.contains("unsafe-inline"),
            "{page}: the CSP allows inline code: {csp}"
        );
        b.console(); // forget earlier pages
        b.goto(&url);
        b.find("main h1");
        // What the page carries that a strict CSP would refuse.
        let inline = b.js(
            "return [document.querySelectorAll('script:not([src])').length, \
                     document.querySelectorAll('[style]').length, \
                     document.querySelectorAll('style').length];",
            vec![],
        );
        assert_eq!(
            inline,
            json!([0, 0, 0]),
            "{page}: inline scripts, style attributes, <style> elements"
        );
        // The stylesheet applied (a refused one would leave defaults).
        let styled = b.js(
            "return Array.from(document.styleSheets).some(function (s) { return (s.href || '').endsWith('/static/style.css') && s.cssRules.length > 0; });",
            vec![],
        );
        assert_eq!(
            styled,
            json!(true),
            "{page}: /static/style.css should load and apply"
        );
        if let Some(logs) = b.console() {
            have_logs = true;
            let bad = csp_messages(&logs);
            assert!(
                bad.is_empty(),
                "{page}: Content Security Policy errors in the console: {bad:#?}"
            );
            for (level, m) in logs.iter().filter(|(l, _)| l == "SEVERE") {
                eprintln!("note: {page}: console {level}: {m}");
            }
        }
    }
    if have_logs {
        // The check can fail: a style attribute added now is refused, and said so.
        b.js(
            "document.body.insertAdjacentHTML('beforeend', '<p id=\"csp-canary\" style=\"color: red\">x</p>');",
            vec![],
        );
        let mut seen = Vec::new();
        b.wait_until("the console to report the refused inline style", |b| {
            seen.extend(csp_messages(&b.console().unwrap_or_default()));
            !seen.is_empty()
        });
        eprintln!(
            "csp: console checked on / and /map; canary caught: {}",
            seen[0]
        );
    } else {
        eprintln!("csp: this chromedriver serves no browser log; checked headers and markup only");
    }
}

on_both!(the_report_form_asks_for_every_choice_and_finds_places_in_any_script);
/// The report form classifies nothing by itself, finds places written in
/// any script and declined, and answers in the form's own words.
fn the_report_form_asks_for_every_choice_and_finds_places_in_any_script(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1100);
    sign_in(&b, &s, "t-monitor");
    b.goto(&s.url("/reports/new"));
    for name in ["act", "means", "target_class", "stance"] {
        let v = b.js(
            &format!("return document.querySelector('select[name={name}]').value;"),
            vec![],
        );
        assert_eq!(v, json!(""), "{name} must not come pre-filled");
    }
    // The lookup works before the time is filled, on a declined Ukrainian
    // form, and a result fills the coordinates when clicked.
    b.find("input[name=place]").send_keys("у Харкові");
    b.find("button[name=lookup]").click();
    let pick = b.wait_for("ul.places button[name=pick]");
    assert!(pick.text().contains("Kharkiv"), "{}", pick.text());
    pick.click();
    b.wait_until("the coordinates to be filled", |b| {
        b.try_js("return document.querySelector('input[name=latitude]').value;")
            .is_some_and(|v| v.as_str().is_some_and(|t| t.starts_with("49.9")))
    });
    let place = b.js(
        "return document.querySelector('input[name=place]').value;",
        vec![],
    );
    assert_eq!(place, json!("Kharkiv"));
    b.screenshot("report-form");

    // A blank choice is refused in the form's words (the browser's own
    // check switched off, as an old browser would).
    b.find("input[name=occurred_at]")
        .send_keys("2025-04-06 03:10");
    b.js(
        "for (const e of document.querySelectorAll('#report-form [required]')) e.removeAttribute('required');",
        vec![],
    );
    b.find("#report-form button[type=submit]:not([name])")
        .click();
    let err = b.wait_for("div.error").text();
    assert!(err.contains("What happened: choose a value"), "{err}");
    assert!(
        !err.contains("act:") && !err.contains("occurred_at"),
        "{err}"
    );

    // Filled in, it is filed and links to the incident it joined.
    b.js(
        "const f = document.getElementById('report-form'); \
         f.act.value = 'strike'; f.means.value = 'drone.long-range'; \
         f.target_class.value = 'energy.substation'; f.stance.value = 'alleges'; \
         f.perpetrator.value = 'ru';",
        vec![],
    );
    b.find("#report-form button[type=submit]:not([name])")
        .click();
    let flash = b.wait_for("p.flash");
    assert!(
        flash.text().contains("received and logged"),
        "{}",
        flash.text()
    );
    let link = flash.find("a[href^='/incidents/']");
    link.click();
    b.wait_until("the incident page", |b| b.url().contains("/incidents/I-"));
    assert!(
        b.find("main").text().contains("Kharkiv"),
        "the incident holds the report filed"
    );

    b.emulate_phone(390, 844);
    b.goto(&s.url("/reports/new"));
    no_horizontal_scroll(&b, "/reports/new", 390);
    b.screenshot("phone-report-form");
}

on_both!(a_disputed_incident_reads_as_a_dispute_between_named_claims);
/// An incident whose sides tell opposite stories reads as a dispute between
/// named claims: the heading takes neither side's account, each side's
/// reports are grouped under its name, a denial reads as a denial, and each
/// finding names the party it runs against.
fn a_disputed_incident_reads_as_a_dispute_between_named_claims(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1100);
    sign_in(&b, &s, "t-monitor");
    let mut path = None;
    let mut list = "/incidents?limit=200".to_string();
    while path.is_none() {
        b.goto(&s.url(&list));
        path = b
            .js(
                "const r = Array.from(document.querySelectorAll('table.list tbody tr')).find(function (t) { return t.textContent.includes('Sudzha gas metering station'); }); \
                 return r ? r.querySelector(\"a[href^='/incidents/']\").getAttribute('href') : null;",
                vec![],
            )
            .as_str()
            .map(str::to_string);
        if path.is_none() {
            let next = b.js(
                "const a = document.querySelector('a.button[href*=cursor]'); return a ? a.getAttribute('href') : null;",
                vec![],
            );
            list = next
                .as_str()
                .expect("the Sudzha incident is listed")
                .to_string();
        }
    }
    let path = path.expect("found");
    b.goto(&s.url(&path));
    let h1 = b.find("main h1").text();
    assert!(h1.contains("Sudzha gas metering station"), "{h1}");
    for one_sided in [
        "sabotage",
        "shelling",
        "explosive",
        "artillery",
        "confirmed",
    ] {
        assert!(!h1.contains(one_sided), "the heading takes a side: {h1}");
    }
    let disputed = b.find("dd.disputed").text();
    assert!(
        disputed.contains("Russian Federation: says sabotage by Ukraine (ua) with explosive"),
        "{disputed}"
    );
    assert!(
        disputed.contains("Ukraine: ")
            && disputed.contains("says shelling by Russian Federation (ru) with artillery"),
        "{disputed}"
    );
    assert!(
        disputed.contains("denies sabotage by Ukraine (ua)"),
        "{disputed}"
    );
    let sides: Vec<String> = b.find_all("h3.side").iter().map(|h| h.text()).collect();
    assert!(
        sides
            .iter()
            .any(|t| t.starts_with("Claims by Russian Federation"))
            && sides.iter().any(|t| t.starts_with("Claims by Ukraine")),
        "{sides:?}"
    );
    let denial = b
        .find_all("article.report.party-ua")
        .into_iter()
        .map(|a| a.text())
        .find(|t| t.contains("ua-cpd"))
        .expect("the Ukrainian denial");
    assert!(
        denial.contains("Denies a sabotage by Ukraine (ua)"),
        "{denial}"
    );
    let against: Vec<String> = b
        .find_all("details.finding summary")
        .iter()
        .map(|x| x.text())
        .collect();
    assert!(
        against
            .iter()
            .all(|t| t.contains("against Russian Federation (ru)")
                || t.contains("against Ukraine (ua)")),
        "{against:?}"
    );
    b.screenshot("incident-disputed");
    b.emulate_phone(390, 844);
    b.goto(&s.url(&path));
    no_horizontal_scroll(&b, &path, 390);
    b.screenshot("phone-incident-disputed");
}

/// The Ukrainian plural of "звіт" for `n` (one, few, many), written out
/// here so the test does not trust the code it checks.
fn uk_reports(n: u64) -> String {
    let word = match (n % 10, n % 100) {
        (1, m) if m != 11 => "звіт",
        (2..=4, m) if !(12..=14).contains(&m) => "звіти",
        _ => "звітів",
    };
    format!("{n} {word}")
}

/// The same for Russian "сообщение".
fn ru_reports(n: u64) -> String {
    let word = match (n % 10, n % 100) {
        (1, m) if m != 11 => "сообщение",
        (2..=4, m) if !(12..=14).contains(&m) => "сообщения",
        _ => "сообщений",
    };
    format!("{n} {word}")
}

/// Each card of the overview's latest incidents names its report count in
/// the right plural form of `form`.
fn cards_count_reports(b: &Browser, form: fn(u64) -> String) {
    let cards: Vec<String> = b
        .find_all("ul.cards li a.card-link span.card-count")
        .iter()
        .map(|c| c.text())
        .collect();
    assert!(!cards.is_empty(), "the overview lists its latest incidents");
    for c in &cards {
        let n: u64 = c
            .rsplit(" · ")
            .next()
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count of reports in {c:?}"));
        assert!(c.ends_with(&form(n)), "{c:?} should end with {:?}", form(n));
    }
}

fn html_lang(b: &Browser) -> String {
    b.js("return document.documentElement.lang;", vec![])
        .as_str()
        .unwrap_or("")
        .to_string()
}

on_both!(lang_ukrainian_by_accept_language_then_russian_by_the_switch);
fn lang_ukrainian_by_accept_language_then_russian_by_the_switch(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    b.goto(&s.url("/"));
    b.accept_language("uk-UA,uk;q=0.9,en;q=0.5");
    b.goto(&s.url("/"));
    assert_eq!(html_lang(&b), "uk");
    let nav = b.find("header nav").text();
    assert!(nav.contains("Огляд") && nav.contains("Інциденти"), "{nav}");
    let heads: Vec<String> = b
        .find_all("table.counts thead th")
        .iter()
        .map(|t| t.text())
        .collect();
    assert!(heads.iter().any(|h| h == "Сторона"), "{heads:?}");
    assert!(
        heads.iter().any(|h| h == "Заявлене" || h == "Підкріплено"),
        "status columns in Ukrainian words: {heads:?}"
    );
    let h2s: Vec<String> = b.find_all("main h2").iter().map(|h| h.text()).collect();
    assert!(h2s.iter().any(|h| h == "Останні інциденти"), "{h2s:?}");
    cards_count_reports(&b, uk_reports);
    // A status badge leads to its entry in the glossary, in words.
    let badge = b.find("ul.cards a.badge");
    let href = badge.attr("href").unwrap_or_default();
    assert!(path_of(&href).starts_with("/glossary#status-"), "{href}");
    b.screenshot("lang-uk-overview");

    // An incident page.
    let link = b.find("ul.cards a.card-link");
    let path = path_of(&link.attr("href").expect("an incident link"));
    link.click();
    b.wait_until(&format!("the page of {path}"), |b| b.url().contains(&path));
    let facts: Vec<String> = b.find_all("dl.facts dt").iter().map(|d| d.text()).collect();
    assert!(
        facts.iter().any(|d| d == "Коли") && facts.iter().any(|d| d == "Висновки"),
        "{facts:?}"
    );
    let h2s: Vec<String> = b.find_all("main h2").iter().map(|h| h.text()).collect();
    assert!(h2s.iter().any(|h| h == "Звіти"), "{h2s:?}");
    let badges: Vec<String> = b
        .find_all("details.finding > summary .badge")
        .iter()
        .map(|x| x.text())
        .collect();
    assert!(
        badges.iter().all(|t| t
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))),
        "finding badges in Ukrainian words: {badges:?}"
    );
    b.screenshot("lang-uk-incident");

    // The switch: Russian on this same page, and it stays on the next ones
    // although the browser still asks for Ukrainian.
    b.find("header nav.langs a[lang=ru]").click();
    b.wait_until("the page in Russian", |b| html_lang(b) == "ru");
    assert!(
        b.url().contains(&path),
        "the switch comes back to {path}: {}",
        b.url()
    );
    let facts = b.find("dl.facts").text();
    assert!(
        facts.contains("Когда") && facts.contains("Заключения"),
        "{facts}"
    );
    b.find("header nav a[href='/incidents']").click();
    b.wait_until("the incident list", |b| b.url().ends_with("/incidents"));
    assert_eq!(html_lang(&b), "ru");
    assert_eq!(b.find("main h1").text(), "Инциденты");
    b.goto(&s.url("/"));
    assert_eq!(html_lang(&b), "ru");
    cards_count_reports(&b, ru_reports);
    b.screenshot("lang-ru-overview");

    // The glossary, in Russian, with an entry for every status badge.
    b.goto(&s.url("/glossary"));
    assert_eq!(b.find("main h1").text(), "Глоссарий");
    assert!(b.find("#status-disputed").text().contains("Спорное"));
    b.screenshot("lang-ru-glossary");

    // And back to English: the words the other tests rely on.
    b.find("header nav.langs a[lang=en]").click();
    b.wait_until("the page in English", |b| html_lang(b) == "en");
    assert_eq!(b.find("main h1").text(), "Glossary");
}

on_both!(lang_report_form_in_ukrainian_and_russian);
fn lang_report_form_in_ukrainian_and_russian(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1100);
    b.goto(&s.url("/"));
    b.accept_language("uk");
    sign_in(&b, &s, "t-monitor");
    b.goto(&s.url("/reports/new"));
    assert_eq!(b.find("main h1").text(), "Подати звіт");
    let labels = b.find("#report-form").text();
    assert!(
        labels.contains("Що сталося") && labels.contains("Назва місця"),
        "{labels}"
    );
    // Choices read in words, and the form still sends the codes.
    let sub = b.js(
        "const o = document.querySelector(\"select[name=target_class] option[value='energy.substation']\"); \
         return o ? o.textContent : null;",
        vec![],
    );
    assert_eq!(sub, json!("підстанція"));
    b.screenshot("lang-uk-form");
    b.find("header nav.langs a[lang=ru]").click();
    b.wait_until("the form in Russian", |b| html_lang(b) == "ru");
    assert!(b.url().ends_with("/reports/new"), "{}", b.url());
    assert_eq!(b.find("main h1").text(), "Подать сообщение");
    let sub = b.js(
        "return document.querySelector(\"select[name=target_class] option[value='energy.substation']\").textContent;",
        vec![],
    );
    assert_eq!(sub, json!("подстанция"));
    b.screenshot("lang-ru-form");

    // A monitor's review forms on an incident page, in Russian too.
    let path = open_first_incident(&b, &s, "/incidents");
    assert_eq!(b.find("section#review h2").text(), "Рассмотрение", "{path}");
    let act = b.js(
        "return document.querySelector(\"section#review select[name=act] option[value='shelling']\").textContent;",
        vec![],
    );
    assert_eq!(act, json!("обстрел"));
    b.screenshot("lang-ru-review");
}

on_both!(lang_switch_never_sends_anyone_off_the_site);
fn lang_switch_never_sends_anyone_off_the_site(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1024, 800);
    let home = s.url("/");
    for back in [
        "https://example.org/",
        "//example.org/",
        "/\\example.org/",
        "https:example.org",
    ] {
        let q: String = form_urlencoded_pair("back", back);
        b.goto(&s.url(&format!("/lang?lang=uk&{q}")));
        assert_eq!(b.url(), home, "back={back:?} must land on this site's /");
    }
    assert_eq!(html_lang(&b), "uk", "the choice is kept all the same");
    b.goto(&s.url("/lang?lang=ru&back=/glossary%3Fx%3D1"));
    assert_eq!(b.url(), s.url("/glossary?x=1"));
    assert_eq!(html_lang(&b), "ru");
}

/// `k=v` with `v` percent-encoded.
fn form_urlencoded_pair(k: &str, v: &str) -> String {
    let enc: String = v
        .bytes()
        .map(|c| match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (c as char).to_string(),
            _ => format!("%{c:02X}"),
        })
        .collect();
    format!("{k}={enc}")
}

on_both!(lang_phone_width_in_ukrainian_has_no_sideways_scroll);
fn lang_phone_width_in_ukrainian_has_no_sideways_scroll(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(390, 844);
    b.emulate_phone(360, 740);
    b.goto(&s.url("/lang?lang=uk&back=/"));
    assert_eq!(html_lang(&b), "uk");
    no_horizontal_scroll(&b, "the overview in Ukrainian", 360);
    // Long words keep whole in the table of counts (it scrolls in its
    // frame): no column squeezed to a letter a line.
    let narrowest = b.js_i64(
        "let m = 1e9; for (const th of document.querySelectorAll('table.counts thead th')) \
         m = Math.min(m, th.getBoundingClientRect().width); return Math.round(m);",
    );
    assert!(narrowest >= 60, "a column of counts is {narrowest} px wide");
    b.screenshot("lang-uk-phone-overview");
    let path = open_first_incident(&b, &s, "/incidents");
    no_horizontal_scroll(&b, &path, 360);
    b.screenshot("lang-uk-phone-incident");
    b.goto(&s.url("/glossary"));
    no_horizontal_scroll(&b, "the glossary in Ukrainian", 360);
    b.screenshot("lang-uk-phone-glossary");
}

on_both!(period_report_reads_at_desktop_and_phone_width);
/// The period report reads at desktop and phone width: the page itself
/// never scrolls sideways (wide tables scroll in their own box), and it
/// carries nothing a strict CSP refuses.
fn period_report_reads_at_desktop_and_phone_width(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let url = s.url("/reports/period?from=2025-03-18&to=2025-04-16");
    for (w, h) in [(1280, 1000), (390, 844)] {
        let b = Browser::start(w, h);
        if w < 500 {
            b.emulate_phone(w, h);
        }
        // The mission's view: the most the report holds (the public one
        // has no disputed incident in the demo).
        sign_in(&b, &s, "t-monitor");
        b.goto(&url);
        b.find("article.compliance-report h1");
        no_horizontal_scroll(&b, "the period report", w as i64);
        let inline = b.js(
            "return [document.querySelectorAll('script:not([src])').length, \
                     document.querySelectorAll('[style]').length, \
                     document.querySelectorAll('style').length];",
            vec![],
        );
        assert_eq!(inline, json!([0, 0, 0]), "inline code at {w} px");
        let styled = b.js(
            "return Array.from(document.styleSheets).some(function (s) { return (s.href || '').endsWith('/static/report.css') && s.cssRules.length > 0; });",
            vec![],
        );
        assert_eq!(styled, json!(true), "/static/report.css applies at {w} px");
        // Every section is there; the chart drawn for the width is the one
        // shown, and the map and charts fit the column.
        let seen = b.js(
            "var vis = function (e) { return e && e.getBoundingClientRect().width > 0; }; \
             var col = document.querySelector('article.compliance-report').getBoundingClientRect().width; \
             var over = function (sel) { return Array.from(document.querySelectorAll(sel)).filter(vis).filter(function (e) { return e.getBoundingClientRect().width > col + 1; }).map(function (e) { return sel + ' ' + Math.round(e.getBoundingClientRect().width) + ' > ' + Math.round(col); }); }; \
             return { \
               wide: Array.from(document.querySelectorAll('.chart svg.wide')).filter(vis).length, \
               narrow: Array.from(document.querySelectorAll('.chart svg.narrow')).filter(vis).length, \
               map: vis(document.querySelector('.period-map svg.truce-map')), \
               sides: document.querySelectorAll('.notable .sides .side').length, \
               logged: document.querySelectorAll('.notable .log-entries').length, \
               over: over('.chart svg').concat(over('.period-map svg.truce-map'), over('.sides')), \
               labels: Array.from(document.querySelectorAll('.period-map .lbl')).filter(vis).length \
             };",
            vec![],
        );
        let phone = w < 500;
        assert!(
            seen["map"] == json!(true),
            "the map shows at {w} px: {seen}"
        );
        assert_eq!(
            seen["over"],
            json!([]),
            "drawings fit the column at {w} px: {seen}"
        );
        assert!(
            seen["sides"].as_u64() > Some(1),
            "claims side by side: {seen}"
        );
        assert!(seen["logged"].as_u64() > Some(0), "log entries: {seen}");
        assert!(
            seen["labels"].as_u64() > Some(0),
            "the map names places: {seen}"
        );
        let (shown, hidden) = if phone {
            ("narrow", "wide")
        } else {
            ("wide", "narrow")
        };
        assert!(
            seen[shown].as_u64() >= Some(3),
            "{shown} charts at {w} px: {seen}"
        );
        assert_eq!(
            seen[hidden],
            json!(0),
            "{hidden} charts hidden at {w} px: {seen}"
        );
        let shot = b.screenshot(&format!("period-report-{w}"));
        eprintln!("period report at {w} px: {}", shot.display());
    }
}

/// Rows of the incident list's table, as text.
fn list_rows(b: &Browser) -> Vec<String> {
    b.js(
        "return Array.from(document.querySelectorAll('table.list tbody tr')).map(function (r) { return r.textContent; });",
        vec![],
    )
    .as_array()
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

on_both!(search_finds_a_report_by_a_cyrillic_word_in_its_text);
fn search_finds_a_report_by_a_cyrillic_word_in_its_text(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-monitor");
    b.goto(&s.url("/incidents"));
    let all = list_rows(&b).len();
    // The Kherson oblast administration's report says "обстріляла" (shelled)
    // in its text only; a monitor types the word in capitals.
    let field = b.find("form.filters input[name=q]");
    field.send_keys("ОБСТРІЛЯЛА");
    b.find("form.filters button[type=submit]").click();
    b.wait_until("the list filtered by the search", |b| {
        b.url().contains("q=")
    });
    let rows = list_rows(&b);
    assert!(
        !rows.is_empty() && rows.len() < all,
        "the search narrows the list to something: {} of {all}",
        rows.len()
    );
    assert!(
        rows.iter().all(|r| r.contains("Kherson")),
        "every incident found holds the Kherson report: {rows:?}"
    );
    assert_eq!(
        b.find("form.filters input[name=q]").property("value"),
        json!("ОБСТРІЛЯЛА"),
        "the search box keeps what was typed"
    );
    b.screenshot("search-desktop");
    b.emulate_phone(390, 844);
    b.goto(&b.url());
    no_horizontal_scroll(&b, "the searched incident list", 390);
    b.screenshot("search-phone");
    // The public is not shown the reports' text, so a word of it finds
    // nothing, while the filter form says the public searches names.
    sign_out(&b);
    b.goto(&s.url(&format!("/incidents?q={}", common::enc("обстріляла"))));
    assert!(
        list_rows(&b).iter().all(|r| !r.contains("Kherson")),
        "the public's search does not reach the text it is not shown"
    );
    let hint = b
        .find("form.filters input[name=q]")
        .attr("placeholder")
        .unwrap_or_default();
    assert!(hint.contains("place"), "{hint}");
}

/// The queue's rows: (status badge, against, assigned).
fn queue_rows(b: &Browser) -> Vec<(String, String, String)> {
    b.js(
        "return Array.from(document.querySelectorAll('table.list tbody tr')).map(function (r) { \
           const c = r.querySelectorAll('td'); const badge = r.querySelector('.badge'); \
           return [badge ? badge.textContent : '', c[c.length - 4].textContent, c[c.length - 1].textContent]; });",
        vec![],
    )
    .as_array()
    .map(|a| {
        a.iter()
            .map(|r| {
                let s = |i: usize| r[i].as_str().unwrap_or("").trim().to_string();
                (s(0), s(1), s(2))
            })
            .collect()
    })
    .unwrap_or_default()
}

on_both!(queue_filters_sorts_and_takes_several_at_once);
fn queue_filters_sorts_and_takes_several_at_once(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-monitor");
    let all = queue_rows(&b);
    assert!(all.len() > 3, "the demo queues incidents: {all:?}");
    assert!(
        all.iter()
            .any(|(_, against, _)| against.contains("Russian Federation (ru)")),
        "rows name the party in words: {all:?}"
    );
    // Disputed only: every badge says so, and fewer rows.
    let form = b.find("main form.filters");
    b.js(
        "document.querySelector('main form.filters select[name=status]').value = 'disputed';",
        vec![],
    );
    form.find("button[type=submit]").click();
    b.wait_until("the queue filtered by status", |b| {
        b.url().contains("status=disputed")
    });
    let disputed = queue_rows(&b);
    assert!(
        !disputed.is_empty() && disputed.len() < all.len(),
        "{} of {}",
        disputed.len(),
        all.len()
    );
    assert!(
        disputed.iter().all(|(st, _, _)| st == "disputed"),
        "{disputed:?}"
    );
    // Most serious first: no corroborated row after a disputed or alleged one.
    b.goto(&s.url("/queue?sort=serious"));
    let rank = |st: &str| match st {
        "corroborated" => 0,
        "disputed" => 1,
        "alleged" => 2,
        _ => 3,
    };
    let serious: Vec<i32> = queue_rows(&b).iter().map(|(st, _, _)| rank(st)).collect();
    assert!(serious.windows(2).all(|w| w[0] <= w[1]), "{serious:?}");
    // Tick two free incidents and take them at once.
    b.goto(&s.url("/queue?assigned=nobody"));
    let boxes = b.find_all("table.list input[type=checkbox][name=incident]");
    assert!(boxes.len() >= 2, "free incidents have boxes");
    let picked: Vec<String> = boxes
        .iter()
        .take(2)
        .map(|c| c.attr("value").expect("value"))
        .collect();
    boxes[0].click();
    boxes[1].click();
    b.find("form.queue-take button[type=submit]").click();
    b.wait_for("p.flash");
    let flash = b.find("p.flash").text();
    assert!(flash.contains("Took 2 incidents"), "{flash}");
    assert!(
        b.url().contains("assigned=nobody"),
        "back to the queue as filtered: {}",
        b.url()
    );
    b.goto(&s.url("/queue?assigned=me"));
    let mine: Vec<String> = b
        .js(
            "return Array.from(document.querySelectorAll('table.list tbody tr a[href^=\"/incidents/\"]')).map(function (a) { return a.getAttribute('href').slice(11); });",
            vec![],
        )
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let (mut m, mut p) = (mine.clone(), picked.clone());
    m.sort();
    p.sort();
    assert_eq!(m, p, "the two taken are mine");
    assert!(queue_rows(&b).iter().all(|(_, _, a)| a == "t-monitor"));
    // At desktop width the queue is a table: each column's cells start
    // under its heading (a class shared with the overview's cards once
    // turned it into a grid with the rows drawn over the headings).
    let misaligned = b.js_i64(
        "const t = document.querySelector('table.list'); const h = t.tHead.rows[0].cells; let bad = 0; for (const r of t.tBodies[0].rows) { for (let i = 0; i < r.cells.length; i++) { if (Math.abs(r.cells[i].getBoundingClientRect().left - h[i].getBoundingClientRect().left) > 1) bad++; } } return bad;",
    );
    assert_eq!(misaligned, 0, "cells of the queue not under their headings");
    b.screenshot("queue-desktop");
    // On a phone each row is a card: nothing off the right edge.
    b.emulate_phone(390, 844);
    b.goto(&s.url("/queue"));
    no_horizontal_scroll(&b, "the queue", 390);
    b.screenshot("queue-phone");
    b.goto(&s.url("/incidents"));
    no_horizontal_scroll(&b, "the incident list", 390);
    let right = b.js_i64(
        "let m = 0; document.querySelectorAll('table.list td').forEach(function (t) { m = Math.max(m, t.getBoundingClientRect().right); }); return Math.round(m);",
    );
    assert!(
        right <= 390,
        "every cell of the incident list is on the screen: {right}"
    );
    b.screenshot("incidents-phone");
}

on_both!(refused_rows_show_where_they_came_from_and_why);
fn refused_rows_show_where_they_came_from_and_why(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    // A monitor's submission with one good row and two bad ones, one with
    // a long unbroken value that must wrap on a phone.
    let long = "x".repeat(400);
    let rows = json!([
        { "external_id": "r-1", "occurred_at": "2025-04-06T03:10:00+03:00", "latitude": "46.4711", "longitude": "30.7081",
          "act": "strike", "means": "Shahed-136", "target_class": "energy.substation", "perpetrator": "ru", "stance": "observes" },
        { "external_id": "r-2", "occurred_at": "вчора" },
        { "external_id": "r-3", "occurred_at": "2025-04-06", "latitude": "95", "longitude": "30", "text": long }
    ]);
    let r = post_json(&s.url("/api/v1/reports"), Some(s.token("t-monitor")), &rows);
    assert_eq!(r.status, 200, "{}", r.body);
    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-monitor");
    // The queue says rows were refused and links to them.
    let note = b.find("p.refused");
    assert!(
        note.text().contains("2 rows were refused"),
        "{}",
        note.text()
    );
    note.find("a").click();
    b.wait_until("the refused rows page", |b| {
        b.url().ends_with("/rejections")
    });
    let cells = |b: &Browser| -> Vec<Vec<String>> {
        b.js(
            "return Array.from(document.querySelectorAll('table.rejections tbody tr')).map(function (r) { return Array.from(r.cells).map(function (c) { return c.textContent.trim(); }); });",
            vec![],
        )
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|c| c.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let rows = cells(&b);
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Newest first: line 3 (latitude) above line 2 (the Cyrillic date).
    assert!(
        rows[0][1].contains("line 3") && rows[0][2].contains("latitude"),
        "{rows:?}"
    );
    assert!(
        rows[1][1].contains("line 2") && rows[1][2].contains("occurred_at"),
        "{rows:?}"
    );
    assert!(rows[1][2].contains("вчора"), "the value as sent: {rows:?}");
    assert!(!rows[1][3].is_empty(), "a reason: {rows:?}");
    // The file's own list.
    b.find("table.rejection-files tbody a").click();
    b.wait_until("one file's rows", |b| b.url().contains("file="));
    assert_eq!(cells(&b).len(), 2);
    b.screenshot("rejections-desktop");
    // In Ukrainian, and on a phone with nothing off the right edge.
    b.goto(&s.url("/lang?lang=uk&back=/rejections"));
    assert_eq!(b.find("main h1").text(), "Відхилені рядки");
    // The reader's reason too, where one of its templates gave it.
    let uk = cells(&b);
    assert!(
        uk[0][3].contains("широта 95 поза межами -90..90")
            && uk[1][3].contains("«вчора» — не дата"),
        "{uk:?}"
    );
    b.emulate_phone(390, 844);
    b.goto(&s.url("/rejections"));
    no_horizontal_scroll(&b, "the refused rows", 390);
    b.screenshot("rejections-phone");
    // Nobody outside the mission's staff sees them.
    let liaison = get(&s.url("/rejections"), Some(s.token("t-ua")));
    assert_eq!(liaison.status, 403, "{}", liaison.body);
}

on_both!(the_map_the_agreement_and_the_error_pages_speak_ukrainian);
fn the_map_the_agreement_and_the_error_pages_speak_ukrainian(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    b.goto(&s.url("/lang?lang=uk&back=%2Fmap%3Ffrom%3D2025-03-18%26to%3D2025-03-25"));
    b.wait_for("#map-caption");
    assert_eq!(b.find("main h1").text(), "Мапа");
    // The server's caption: a part of the incidents, the range in words.
    let caption = b.find("#map-caption").text();
    assert!(
        caption.contains(" з ")
            && caption.contains("інцидент")
            && caption.contains("з 2025-03-18 по 2025-03-25"),
        "{caption:?}"
    );
    let legend = b.find("p.legend").text();
    assert!(
        legend.contains("Підкріплено") && legend.contains("Спірне"),
        "{legend:?}"
    );
    // The map's own names: cities from the gazetteer, countries and seas.
    let names = b
        .js(
            "return Array.from(document.querySelectorAll('figure.map svg text')).map(function (t) { return t.textContent; }).join('|');",
            vec![],
        )
        .as_str()
        .unwrap_or("")
        .to_string();
    for name in ["Київ", "Одеса", "РОСІЯ", "Чорне море"] {
        assert!(names.contains(name), "the map should name {name}: {names}");
    }
    let shown: Vec<&str> = names.split('|').collect();
    assert!(
        !shown.contains(&"Kyiv") && !shown.contains(&"RUSSIA"),
        "{names}"
    );
    // The script's words: every date again, clusters, play.
    b.find("#all-dates").click();
    let caption = b.find("#map-caption").text();
    assert!(
        caption.contains("інцидент") && !caption.contains(" of ") && !caption.contains("incident"),
        "{caption:?}"
    );
    let clusters = b
        .js(
            "return Array.from(document.querySelectorAll('figure.map .cluster')).map(function (c) { return c.getAttribute('aria-label'); });",
            vec![],
        )
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        clusters
            .iter()
            .all(|c| c.as_str().is_some_and(|c| c.contains("інцидент"))),
        "{clusters:?}"
    );
    let play = b.find("#play");
    assert_eq!(play.text(), "Відтворити");
    play.click();
    assert_eq!(b.find("#play").text(), "Пауза");
    b.find("#play").click();
    b.screenshot("map-uk");
    // The agreement: headings, scopes and statuses in words, no codes.
    b.goto(&s.url("/agreement"));
    assert_eq!(b.find("main h2").text(), "Сторони");
    let text = b.find("main").text();
    for words in [
        "Засоби",
        "Цілі",
        "ракети (усі види)",
        "енергетичні об’єкти (усі види)",
        "удар",
        "Зобов’язує:",
    ] {
        assert!(text.contains(words), "the agreement page lacks {words:?}");
    }
    for english in ["Binds ", "Period", "any missile", "reads it"] {
        assert!(
            !text.contains(english),
            "the agreement page still says {english:?}"
        );
    }
    b.screenshot("agreement-uk");
    // An error page in the reader's language, in Russian too.
    b.goto(&s.url("/incidents/I-000000000000"));
    let h1 = b.find("main h1").text();
    assert!(
        h1.starts_with("404") && h1.contains("Не знайдено"),
        "{h1:?}"
    );
    assert_eq!(b.find("main p a[href='/']").text(), "Повернутися до огляду");
    b.goto(&s.url("/lang?lang=ru&back=%2Fqueue"));
    let h1 = b.find("main h1").text();
    assert!(h1.starts_with("401") && h1.contains("Войдите"), "{h1:?}");
    assert!(b.find("main p.error").text().contains("войдите"));
    b.screenshot("error-ru");
}

on_both!(an_incident_page_draws_its_place_and_its_reports_places_on_a_small_map);
fn an_incident_page_draws_its_place_and_its_reports_places_on_a_small_map(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-monitor");
    let path = open_first_incident(&b, &s, "/incidents");
    let map = b.find("figure.minimap svg.truce-map");
    // One filled marker for the incident, its uncertainty circle drawn
    // without pointing at it, and a ring for each located report.
    let (incident, halo, rings) = (
        b.js_i64("return document.querySelectorAll('figure.minimap .marker:not(.st-report)').length;"),
        b.js_i64(
            "const c = document.querySelector('figure.minimap .uncertainty'); return c && getComputedStyle(c).display !== 'none' ? 1 : 0;",
        ),
        b.js_i64("return document.querySelectorAll('figure.minimap .marker.st-report').length;"),
    );
    assert_eq!(incident, 1, "{path}: one incident marker");
    let located = b.js_i64(
        "return Array.from(document.querySelectorAll('article.report')).filter(function (a) { return /\\d+\\.\\d{3}, \\d+\\.\\d{3}/.test(a.textContent); }).length;",
    );
    assert_eq!(rings, located, "{path}: a ring per located report");
    assert_eq!(halo, 1, "{path}: the place's precision is drawn");
    // A ring says whose report it is and leads to its card.
    if rings > 0 {
        let href = b
            .js("return document.querySelector('figure.minimap a.pt[href^=\"#report-\"]').getAttribute('href');", vec![])
            .as_str()
            .map(str::to_string)
            .expect("a report ring links to its card");
        assert!(
            b.js_i64(&format!(
                "return document.getElementById('{}') ? 1 : 0;",
                &href[1..]
            )) == 1,
            "{href}"
        );
    }
    assert!(map.attr("viewBox").is_some());
    b.screenshot("incident-minimap-desktop");
    b.emulate_phone(390, 844);
    b.goto(&s.url(&path));
    no_horizontal_scroll(&b, &path, 390);
    b.screenshot("incident-minimap-phone");
}

/// Waits until the page's flash message says `words` (read afresh each
/// time: the page may be replaced meanwhile).
fn wait_for_flash(b: &Browser, words: &str) {
    b.wait_until(&format!("a flash message saying {words:?}"), |b| {
        b.try_js("const f = document.querySelector('p.flash'); return f ? f.textContent : '';")
            .is_some_and(|t| t.as_str().unwrap_or("").contains(words))
    });
}

on_both!(the_administrator_adds_and_disables_an_account_through_the_page);
fn the_administrator_adds_and_disables_an_account_through_the_page(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let b = Browser::start(1280, 1000);
    sign_in(&b, &s, "t-admin");
    b.find("header nav a[href='/admin/accounts']").click();
    b.wait_until("the accounts page", |b| {
        b.url().ends_with("/admin/accounts")
    });
    let form = b.find("form.account-add");
    form.find("input[name=name]").send_keys("field-monitor-7");
    form.find("input[name=password]")
        .send_keys("a long enough passphrase");
    form.find("button[type=submit]").click();
    b.wait_for("div.secret code.token");
    let token = b.find("div.secret code.token").text();
    assert!(token.len() >= 40, "{token}");
    wait_for_flash(&b, "field-monitor-7");
    let row = b.find("tr#account-field-monitor-7");
    assert!(
        row.text().contains("monitor") && row.text().contains("active"),
        "{}",
        row.text()
    );
    b.screenshot("accounts-desktop");
    row.find("button[value=disable]").click();
    // The page before the click has a flash too: wait for the new one.
    wait_for_flash(&b, "disabled");
    assert!(
        b.find("tr#account-field-monitor-7")
            .attr("class")
            .is_some_and(|c| c.contains("disabled"))
    );
    assert_eq!(get(&s.url("/api/v1/queue"), Some(&token)).status, 401);
    // In Ukrainian, on a phone: rows are cards, nothing off the edge.
    b.goto(&s.url("/lang?lang=uk&back=%2Fadmin%2Faccounts"));
    assert_eq!(b.find("main h1").text(), "Облікові записи");
    b.emulate_phone(390, 844);
    b.goto(&s.url("/admin/accounts"));
    no_horizontal_scroll(&b, "the accounts", 390);
    b.screenshot("accounts-phone-uk");
    // The sources page: each source's default grading in a form that fits.
    b.goto(&s.url("/admin/sources"));
    assert_eq!(b.find("main h1").text(), "Джерела та їхні типові оцінки");
    assert!(
        b.find_all("table.sources tbody tr").len() > 3,
        "the demo's sources are listed"
    );
    no_horizontal_scroll(&b, "the sources", 390);
    b.screenshot("sources-phone-uk");
}

on_both!(webhooks_page_subscribes_through_the_form_at_phone_width);
/// The administrators' webhooks page: a subscription made through its form
/// (with the CSRF token, as every form), its secret shown once, in
/// Ukrainian, at phone width without sideways scroll even with a long
/// address.
fn webhooks_page_subscribes_through_the_form_at_phone_width(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let long = format!("https://liaison.example/{}", "hooks/".repeat(40));
    let r = common::post_json(
        &s.url("/api/v1/webhooks"),
        Some(s.token("t-admin")),
        &json!({ "name": "Офіс зв'язку", "url": long, "events": ["incident.published"], "audience": "party:ua" }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let b = Browser::start(390, 844);
    b.emulate_phone(360, 740);
    sign_in(&b, &s, "t-admin");
    b.goto(&s.url("/lang?lang=uk&back=/admin/webhooks"));
    assert_eq!(html_lang(&b), "uk");
    assert!(b.url().ends_with("/admin/webhooks"), "{}", b.url());
    no_horizontal_scroll(&b, "the webhooks page in Ukrainian", 360);
    let form = b.find("main form[action='/admin/webhooks']");
    form.find("input[name=name]").send_keys("Редакція");
    form.find("input[name=url]")
        .send_keys("http://127.0.0.1:9/newsroom");
    form.find("input[name=events][value='checkpoint.new']")
        .click();
    form.find("button[type=submit]").click();
    b.wait_until("the secret, shown once", |b| {
        b.try_js("const c = document.querySelector('code.secret'); return c ? c.textContent : '';")
            .is_some_and(|t| t.as_str().unwrap_or("").starts_with("whsec_"))
    });
    no_horizontal_scroll(&b, "the webhooks page with a secret", 360);
    let text = b.js("return document.querySelector('main').textContent;", vec![]);
    let text = text.as_str().unwrap_or("");
    assert!(
        text.contains("Редакція") && text.contains("Вебхуки"),
        "{text}"
    );
    b.screenshot("webhooks-phone-uk");
}

// Every page a person can reach, at desktop and at phone width, for each
// kind of reader (the public, a monitor, the administrator): none scrolls
// sideways on a phone, the menu stays one strip there, and each is saved as
// a screenshot (`every-{width}-{reader}-{page}.png`) to be looked at.
on_both!(every_page_at_desktop_and_phone_width);
fn every_page_at_desktop_and_phone_width(backend: Backend) {
    let _one = one_at_a_time();
    let s = Server::demo_on(backend);
    let t = s.token("t-monitor").to_string();
    // An incident with decisions, for the incident and decision pages.
    let items = get(
        &s.url("/api/v1/incidents?status=confirmed&limit=5"),
        Some(&t),
    )
    .json()["items"]
        .clone();
    let (incident, decision) = items
        .as_array()
        .expect("incidents")
        .iter()
        .filter_map(|i| {
            let id = i["id"].as_str()?.to_string();
            let d = get(&s.url(&format!("/api/v1/incidents/{id}")), Some(&t)).json();
            let n = d["decisions"].as_array()?.first()?["id"].as_i64()?;
            Some((id, n))
        })
        .next()
        .expect("the demo has a confirmed incident with decisions");
    let public = get(&s.url("/api/v1/incidents?limit=1"), None).json()["items"][0]["id"]
        .as_str()
        .expect("a published incident")
        .to_string();
    let inc = format!("/incidents/{incident}");
    let dec = format!("/incidents/{incident}/decisions/{decision}");
    let pub_inc = format!("/incidents/{public}");
    let readers: [(&str, Option<&str>, Vec<&str>); 3] = [
        (
            "public",
            None,
            vec![
                "/",
                "/map",
                "/incidents",
                &pub_inc,
                "/agreement",
                "/glossary",
                "/reports/period",
                "/login",
                "/no-such-page",
            ],
        ),
        (
            "monitor",
            Some("t-monitor"),
            vec![
                &inc,
                &dec,
                "/queue",
                "/rejections",
                "/review/statements",
                "/reports/new",
                "/incidents?q=%D0%95%D0%BD%D0%B3%D0%B5%D0%BB%D1%8C%D1%81",
            ],
        ),
        (
            "admin",
            Some("t-admin"),
            vec!["/", "/admin/accounts", "/admin/sources", "/admin/webhooks"],
        ),
    ];
    let mut shots = 0;
    for (w, h) in [(1280u32, 1000u32), (390, 844)] {
        let b = Browser::start(w, h);
        if w < 500 {
            b.emulate_phone(w, h);
        }
        for (who, account, pages) in &readers {
            if let Some(name) = account {
                sign_in(&b, &s, name);
            }
            for page in pages {
                b.goto(&s.url(page));
                b.wait_for("main");
                let title = b.title();
                assert!(
                    !title.is_empty() && !b.find("main").text().trim().is_empty(),
                    "{page} as {who} at {w} px is empty"
                );
                if w < 500 {
                    no_horizontal_scroll(&b, &format!("{page} as {who}"), i64::from(w));
                    // The menu is one strip, however many entries it has.
                    let rows = b.js_i64(
                        "const n = document.querySelector('.top nav:not(.langs)'); \
                         const a = n.querySelector('a'); \
                         return Math.round(n.getBoundingClientRect().height / a.getBoundingClientRect().height);",
                    );
                    assert!(
                        rows <= 2,
                        "the menu of {page} as {who} takes {rows} lines on a phone"
                    );
                    menu_fades_where_it_hides(&b, &format!("{page} as {who}"));
                }
                let slug: String = page
                    .trim_start_matches('/')
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                let slug = if slug.is_empty() {
                    "overview".to_string()
                } else {
                    slug
                };
                b.screenshot(&format!("every-{w}-{who}-{slug}"));
                shots += 1;
            }
            if *who == "admin" {
                // The agreement's own words and the period report in
                // Ukrainian and Russian, which run longer than the English.
                for lang in ["uk", "ru"] {
                    for page in ["/agreement", "/map", "/", "/reports/period"] {
                        b.goto(&s.url(&format!("/lang?lang={lang}&back={page}")));
                        b.wait_for("main");
                        if w < 500 {
                            no_horizontal_scroll(&b, &format!("{page} in {lang}"), i64::from(w));
                        }
                        let slug = page.trim_start_matches('/').replace('/', "-");
                        let slug = if slug.is_empty() {
                            "overview".to_string()
                        } else {
                            slug
                        };
                        b.screenshot(&format!("every-{w}-admin-{slug}-{lang}"));
                        shots += 1;
                    }
                }
                b.goto(&s.url("/lang?lang=en&back=/"));
                b.wait_for("main");
                if w < 500 {
                    // An administrator's menu is wider than a phone: it
                    // fades on the right at first, on both sides once
                    // scrolled to the middle, and on the left at its end.
                    let e = menu_edges(&b);
                    assert!(
                        e["right"] == true && e["left"] == false,
                        "the admin menu at first: {e}"
                    );
                    for (to, left, right) in [("middle", true, true), ("end", true, false)] {
                        b.js(
                            "const n = document.querySelector('.top nav:not(.langs)'); \
                             n.scrollLeft = arguments[0] == 'end' ? n.scrollWidth : (n.scrollWidth - n.clientWidth) / 2;",
                            vec![Value::from(to)],
                        );
                        // The scroll event reaches the script after this call.
                        let mut e = menu_edges(&b);
                        for _ in 0..50 {
                            if e["left"] == left && e["right"] == right {
                                break;
                            }
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            e = menu_edges(&b);
                        }
                        assert!(
                            e["left"] == left && e["right"] == right,
                            "the admin menu scrolled to its {to}: {e}"
                        );
                        menu_fades_where_it_hides(&b, &format!("the admin menu at its {to}"));
                        b.screenshot(&format!("every-{w}-admin-menu-{to}"));
                        shots += 1;
                    }
                }
            }
            if account.is_some() {
                sign_out(&b);
            }
        }
    }
    eprintln!(
        "{shots} screenshots of every page in {}",
        webdriver::artifacts_dir().display()
    );
}
