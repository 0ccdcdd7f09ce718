// Small enhancements; every page works without them.
"use strict";

// Map: zoom and pan by changing the SVG's viewBox (wheel, drag, pinch, the
// + and − buttons, arrow keys), place names that appear as the view zooms
// in, markers grouped into counted clusters that zoom in when clicked, and
// a timeline under the map whose brushed date range filters the markers and
// is kept in the address (from, to) so the view can be shared.
(function () {
  const fig = document.getElementById("map");
  const svg = fig && fig.querySelector("svg.truce-map");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
  const NS = "http://www.w3.org/2000/svg";
  // Screen pixels per map pixel at which label levels l0..l6 show (svg.rs).
  const LEVELS = [0.35, 0.7, 1.4, 2.8, 5.6, 11.2, 22.4];
  const RANK = ["confirmed", "corroborated", "disputed", "alleged", "insufficient",
    "rejected", "outside-period", "not-covered", "none"];
  const full = svg.viewBox.baseVal;
  const W = full.width, H = full.height;
  const MIN_W = W / 64;
  const view = { x: 0, y: 0, w: W, h: H };
  const clusterLayer = svg.querySelector("g.clusters");
  const caption = document.getElementById("map-caption");
  // The page's words for what the script writes, in each plural form.
  let words = {};
  try { words = JSON.parse(fig.getAttribute("data-words") || "{}"); } catch (e) { words = {}; }
  const plural = new Intl.PluralRules(words.lang || "en");
  const say = function (key, n, fill) {
    const forms = words[key];
    let t = forms ? (forms[plural.select(n)] || forms.other) : null;
    if (typeof t !== "string") return null;
    t = t.split("{n}").join(String(n));
    for (const k in (fill || {})) t = t.split("{" + k + "}").join(String(fill[k]));
    return t;
  };
  const points = Array.from(svg.querySelectorAll("g.markers .pt")).map(function (el) {
    const m = el.querySelector(".marker");
    let status = "none";
    if (m) for (const c of m.classList) if (c.startsWith("st-")) status = c.slice(3);
    return { el: el, x: Number(el.getAttribute("data-x")), y: Number(el.getAttribute("data-y")),
      day: Number(el.getAttribute("data-day")), status: status,
      on: !el.classList.contains("off") };
  });
  const cityNames = Array.from(svg.querySelectorAll("text.city-label")).map(function (el) {
    const x = Number(el.getAttribute("x"));
    return { el: el, x: x, y: Number(el.getAttribute("y")), shown: x };
  });
  svg.classList.add("js");
  svg.setAttribute("tabindex", "0");
  const tools = document.getElementById("map-tools");
  if (tools) tools.hidden = false;

  // --u lives in a rule added to the page's own stylesheet (not a style
  // attribute, which the Content Security Policy refuses).
  let uRule = null;
  try {
    const sheet = Array.from(document.styleSheets).find(function (s) {
      return (s.href || "").endsWith("/static/style.css"); });
    if (sheet) uRule = sheet.cssRules[sheet.insertRule(".map svg.truce-map.js { --u: 1; }", sheet.cssRules.length)];
  } catch (err) { /* sizes stay at the stylesheet's defaults */ }

  // The projection (svg.rs), to name a place on the map in degrees.
  const geo = (svg.getAttribute("data-geo") || "").split(" ").map(Number);
  const geoOk = geo.length === 6 && geo.every(isFinite) && geo[4] > 0 && geo[5] > 0;
  // The incident list for a small box around map points, with the filters.
  function listHref(x0, y0, x1, y1) {
    if (!geoOk) return null;
    const lon = function (x) { return geo[0] + (x - geo[2]) / geo[4]; };
    const lat = function (y) { return geo[1] - (y - geo[3]) / geo[5]; };
    const m = 0.1; // degrees around: public positions are coarsened
    const q = new URLSearchParams(location.search);
    q.delete("view");
    q.set("bbox", [lon(x0) - m, lat(y1) - m, lon(x1) + m, lat(y0) + m]
      .map(function (v) { return v.toFixed(3); }).join(","));
    return "/incidents?" + q.toString();
  }

  let frame = 0;
  function schedule() {
    if (!frame) frame = requestAnimationFrame(function () { frame = 0; redraw(); });
  }
  function setView(x, y, w) {
    w = Math.min(W, Math.max(MIN_W, w));
    const h = w * H / W;
    view.w = w; view.h = h;
    view.x = Math.min(W - w, Math.max(0, x));
    view.y = Math.min(H - h, Math.max(0, y));
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) {
      return Math.round(v * 100) / 100; }).join(" "));
    schedule();
    rememberView();
  }
  // The view is kept in the address too (view=x,y,width in map pixels), a
  // moment after it stops changing, so a shared link opens the same place.
  let viewTimer = null;
  function rememberView() {
    clearTimeout(viewTimer);
    viewTimer = setTimeout(function () {
      const q = new URLSearchParams(location.search);
      if (view.w >= W - 0.01) q.delete("view");
      else q.set("view", [view.x, view.y, view.w].map(function (v) { return v.toFixed(1); }).join(","));
      const s = q.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }, 300);
  }
  // Zoom by `factor` (> 1 zooms in) keeping the map point (px, py) in place.
  function zoomAt(factor, px, py) {
    const w = Math.min(W, Math.max(MIN_W, view.w / factor));
    const k = w / view.w;
    setView(px - (px - view.x) * k, py - (py - view.y) * k, w);
  }
  function toMap(clientX, clientY) {
    const r = svg.getBoundingClientRect();
    return { x: view.x + (clientX - r.left) / r.width * view.w,
      y: view.y + (clientY - r.top) / r.height * view.h };
  }
  function centre() { return { x: view.x + view.w / 2, y: view.y + view.h / 2 }; }

  function redraw() {
    const r = svg.getBoundingClientRect();
    if (!r.width) return;
    const u = view.w / r.width; // map pixels per screen pixel
    if (uRule) uRule.style.setProperty("--u", String(u));
    for (let i = 0; i < LEVELS.length; i++) svg.classList.toggle("at" + i, 1 / u >= LEVELS[i]);
    cluster(u);
  }

  // Markers within about 36 screen pixels of a first one are drawn as one
  // counted circle (greedy, with a grid to find neighbours quickly); at the
  // closest zoom every marker is drawn on its own.
  function cluster(u) {
    const reach = 36 * u;
    const cells = new Map();
    const live = [];
    for (const p of points) {
      p.taken = false;
      if (!p.on) continue;
      if (p.x < view.x - reach || p.x > view.x + view.w + reach ||
          p.y < view.y - reach || p.y > view.y + view.h + reach) continue;
      live.push(p);
      const key = Math.floor(p.x / reach) + ":" + Math.floor(p.y / reach);
      let c = cells.get(key);
      if (!c) { c = []; cells.set(key, c); }
      c.push(p);
    }
    const out = [];
    if (view.w > MIN_W * 1.01) {
      for (const seed of live) {
        if (seed.taken) continue;
        const gx = Math.floor(seed.x / reach), gy = Math.floor(seed.y / reach);
        const g = [];
        for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
          for (const q of cells.get((gx + dx) + ":" + (gy + dy)) || []) {
            if (!q.taken && Math.hypot(q.x - seed.x, q.y - seed.y) <= reach) g.push(q);
          }
        }
        if (g.length < 2) continue;
        for (const q of g) q.taken = true;
        let sx = 0, sy = 0, worst = RANK.length - 1;
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (const p of g) {
          sx += p.x; sy += p.y;
          x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y);
          x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
          const i = RANK.indexOf(p.status);
          if (i >= 0 && i < worst) worst = i;
        }
        const n = g.length;
        const c = document.createElementNS(NS, "g");
        c.setAttribute("class", "cluster st-" + RANK[worst]);
        c.setAttribute("tabindex", "0");
        c.setAttribute("role", "button");
        // Incidents at one place never come apart by zooming: list them.
        const here = geoOk && Math.max(x1 - x0, y1 - y0) < 1.5 ? listHref(x0, y0, x1, y1) : null;
        c.setAttribute("data-action", here ? "list" : "zoom");
        if (here) c.setAttribute("data-href", here);
        const label = say(here ? "list" : "zoom", n) ||
          n + (here ? " incidents at one place: list them" : " incidents here: zoom in");
        c.setAttribute("aria-label", label);
        c.setAttribute("data-count", String(n));
        const cx = sx / n, cy = sy / n;
        c.setAttribute("data-x", String(cx));
        c.setAttribute("data-y", String(cy));
        const rad = (n < 10 ? 13 : n < 100 ? 16 : 19) * u;
        const ring = document.createElementNS(NS, "circle");
        ring.setAttribute("cx", String(cx)); ring.setAttribute("cy", String(cy));
        ring.setAttribute("r", String(rad));
        const t = document.createElementNS(NS, "text");
        t.setAttribute("x", String(cx)); t.setAttribute("y", String(cy));
        t.setAttribute("dy", "0.35em");
        t.setAttribute("text-anchor", "middle");
        t.textContent = String(n);
        const title = document.createElementNS(NS, "title");
        title.textContent = label;
        c.append(title, ring, t);
        c.members = g;
        c.rad = rad;
        out.push(c);
      }
    }
    // A city's name under a cluster moves to the cluster's right side.
    for (const l of cityNames) {
      let x = l.x;
      for (const c of out) {
        const cx = Number(c.getAttribute("data-x")), cy = Number(c.getAttribute("data-y"));
        const rad = c.rad + 2 * u;
        if (Math.abs(l.y - cy) < rad && l.x > cx - rad && l.x < cx + rad) x = Math.max(x, cx + rad);
      }
      if (x !== l.shown) {
        l.shown = x;
        l.el.setAttribute("x", String(x));
      }
    }
    // Touch only the markers whose state changed: a map can hold thousands.
    for (const p of points) {
      if (p.clustered !== p.taken) {
        p.clustered = p.taken;
        p.el.classList.toggle("clustered", p.taken);
      }
    }
    clusterLayer.replaceChildren.apply(clusterLayer, out);
  }
  function openCluster(c) {
    if (c.getAttribute("data-action") === "list") {
      location.href = c.getAttribute("data-href");
      return;
    }
    const g = c.members || [];
    if (!g.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of g) {
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    }
    // Fit the members with room around them: at least twice as close, and
    // at most four times, so the place stays recognisable.
    const w = Math.min(view.w / 2, Math.max(view.w / 4, (x1 - x0) * 1.6, (y1 - y0) * 1.6 * W / H));
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const nw = Math.max(MIN_W, w);
    setView(cx - nw / 2, cy - nw * H / W / 2, nw);
  }
  clusterLayer.addEventListener("click", function (e) {
    const c = e.target.closest && e.target.closest(".cluster");
    if (c) { e.preventDefault(); openCluster(c); }
  });
  clusterLayer.addEventListener("keydown", function (e) {
    const c = e.target.closest && e.target.closest(".cluster");
    if (c && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openCluster(c); svg.focus(); }
  });

  // Buttons and keys.
  function button(id, f) {
    const b = document.getElementById(id);
    if (b) b.addEventListener("click", f);
  }
  button("zoom-in", function () { const c = centre(); zoomAt(2, c.x, c.y); });
  button("zoom-out", function () { const c = centre(); zoomAt(0.5, c.x, c.y); });
  button("zoom-reset", function () { setView(0, 0, W); });
  svg.addEventListener("keydown", function (e) {
    if (e.target !== svg) return;
    const step = view.w / 8, c = centre();
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) setView(view.x + moves[e.key][0], view.y + moves[e.key][1], view.w);
    else if (e.key === "+" || e.key === "=") zoomAt(2, c.x, c.y);
    else if (e.key === "-" || e.key === "_") zoomAt(0.5, c.x, c.y);
    else return;
    e.preventDefault();
  });

  // Wheel zooms about the pointer.
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    const p = toMap(e.clientX, e.clientY);
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(Math.exp(-dy * 0.002), p.x, p.y);
  }, { passive: false });

  // Drag to pan; two fingers to pinch. A drag is not a click on a marker.
  const down = new Map();
  let dragged = false;
  svg.addEventListener("pointerdown", function (e) {
    if (e.button !== undefined && e.button > 0) return;
    down.set(e.pointerId, { x: e.clientX, y: e.clientY, sx: e.clientX, sy: e.clientY });
    if (down.size === 1) dragged = false;
  });
  svg.addEventListener("pointermove", function (e) {
    const p = down.get(e.pointerId);
    if (!p) return;
    const r = svg.getBoundingClientRect();
    if (!dragged && Math.hypot(e.clientX - p.sx, e.clientY - p.sy) < 5 && down.size === 1) return;
    if (!dragged) {
      dragged = true;
      try { svg.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
    }
    if (down.size === 1) {
      setView(view.x - (e.clientX - p.x) / r.width * view.w,
        view.y - (e.clientY - p.y) / r.height * view.h, view.w);
    } else if (down.size === 2) {
      const other = Array.from(down.entries()).find(function (kv) { return kv[0] !== e.pointerId; })[1];
      const d0 = Math.hypot(p.x - other.x, p.y - other.y);
      const d1 = Math.hypot(e.clientX - other.x, e.clientY - other.y);
      if (d0 > 0 && d1 > 0) {
        const m = toMap((e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
        zoomAt(d1 / d0, m.x, m.y);
      }
    }
    p.x = e.clientX; p.y = e.clientY;
  });
  function up(e) { down.delete(e.pointerId); }
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);
  svg.addEventListener("click", function (e) {
    if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
  }, true);
  window.addEventListener("resize", schedule);

  // The timeline: brush a range of days to filter the markers.
  const box = document.getElementById("timeline");
  const tl = box && box.querySelector("svg.truce-timeline");
  const total = points.length;
  const iso = function (d) { return new Date(d * 86400000).toISOString().slice(0, 10); };
  const dayOf = function (s) { const t = Date.parse(s + "T00:00:00Z"); return isNaN(t) ? null : Math.floor(t / 86400000); };
  const form = document.getElementById("map-filters");
  let first = 0, last = 0, range = null;
  function show(a, b, keep) {
    range = a === null ? null : [Math.min(a, b), Math.max(a, b)];
    let n = 0;
    for (const p of points) {
      p.on = !range || (p.day >= range[0] && p.day <= range[1]);
      p.el.classList.toggle("off", !p.on);
      if (p.on) n++;
    }
    const from = range ? range[0] : first, to = range ? range[1] : last;
    if (caption) {
      const count = n === total ? say("all", total) : say("some", total, { shown: n });
      const span = typeof words.range === "string"
        ? words.range.split("{from}").join(iso(from)).split("{to}").join(iso(to))
        : "from " + iso(from) + " to " + iso(to);
      caption.textContent = (count || (n === total ? n : n + " of " + total) + " incidents") + " " + span;
    }
    if (tl) {
      const brush = tl.querySelector(".brush");
      const n = last - first + 1, w = 960 / n;
      brush.setAttribute("x", range ? String((range[0] - first) * w) : "0");
      brush.setAttribute("width", range ? String((range[1] - range[0] + 1) * w) : "0");
      for (const bar of tl.querySelectorAll(".tl-bars rect")) {
        const d = Number(bar.getAttribute("data-day"));
        bar.classList.toggle("out", !!range && (d < range[0] || d > range[1]));
      }
    }
    const all = document.getElementById("all-dates");
    if (all) all.hidden = !range;
    if (form) {
      form.elements.from.value = range ? iso(range[0]) : "";
      form.elements.to.value = range ? iso(range[1]) : "";
    }
    if (!keep) {
      const q = new URLSearchParams(location.search);
      if (range) { q.set("from", iso(range[0])); q.set("to", iso(range[1])); }
      else { q.delete("from"); q.delete("to"); }
      const s = q.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }
    schedule();
  }
  if (box && tl) {
    first = Number(tl.getAttribute("data-first"));
    last = Number(tl.getAttribute("data-last"));
    const f = dayOf(box.getAttribute("data-from")), t = dayOf(box.getAttribute("data-to"));
    if (f !== null || t !== null) show(f === null ? first : f, t === null ? last : t, true);
    const help = document.getElementById("timeline-help");
    if (help) help.textContent = words.help || "Incidents per day: drag across the days to show only those.";
    const dayAt = function (clientX) {
      const r = tl.getBoundingClientRect();
      const i = Math.floor((clientX - r.left) / r.width * (last - first + 1));
      return first + Math.min(last - first, Math.max(0, i));
    };
    let anchor = null;
    tl.addEventListener("pointerdown", function (e) {
      anchor = dayAt(e.clientX);
      try { tl.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      stop();
      show(anchor, anchor, true);
      e.preventDefault();
    });
    tl.addEventListener("pointermove", function (e) {
      if (anchor !== null) show(anchor, dayAt(e.clientX), true);
    });
    const end = function () {
      if (anchor === null) return;
      anchor = null;
      show(range[0], range[1], false);
    };
    tl.addEventListener("pointerup", end);
    tl.addEventListener("pointercancel", end);
    button("all-dates", function () { stop(); show(null, null, false); });
    // The form's date fields move the brush as they change.
    if (form) {
      const typed = function () {
        const a = dayOf(form.elements.from.value), b = dayOf(form.elements.to.value);
        if (a === null && b === null) show(null, null, false);
        else show(a === null ? first : a, b === null ? last : b, false);
      };
      form.elements.from.addEventListener("change", typed);
      form.elements.to.addEventListener("change", typed);
    }
    // Play: the brushed window (or one day) steps forward a day at a time.
    const play = document.getElementById("play");
    let timer = null;
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      if (play) play.textContent = words.play || "Play";
    }
    if (play) {
      play.hidden = false;
      play.addEventListener("click", function () {
        if (timer) { stop(); return; }
        let a = range ? range[0] : first, b = range ? range[1] : first;
        if (!range || b >= last || (a === first && b === last)) { b = b - a + first; a = first; }
        if (a === first && b === last) b = first;
        show(a, b, false);
        play.textContent = words.pause || "Pause";
        timer = setInterval(function () {
          if (range[1] >= last) { stop(); return; }
          show(range[0] + 1, range[1] + 1, false);
        }, 700);
      });
    }
  }
  const asked = (new URLSearchParams(location.search).get("view") || "").split(",").map(Number);
  if (asked.length === 3 && asked.every(isFinite) && asked[2] > 0) setView(asked[0], asked[1], asked[2]);
  redraw();
})();

// Report form: place suggestions as you type, and their coordinates.
(function () {
  const input = document.getElementById("place");
  const list = document.getElementById("place-list");
  const form = document.getElementById("report-form");
  if (!input || !list || !form) return;
  let found = [];
  let timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const q = input.value.trim();
    const hit = found.find(function (p) { return p.name === q; });
    if (hit) {
      form.elements.latitude.value = hit.lat.toFixed(4);
      form.elements.longitude.value = hit.lon.toFixed(4);
      return;
    }
    if (q.length < 2) return;
    timer = setTimeout(function () {
      fetch("/api/v1/places?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (places) {
          found = places;
          list.replaceChildren.apply(list, places.map(function (p) {
            const o = document.createElement("option");
            o.value = p.name;
            o.textContent = [p.name_uk, p.kind, p.region || ""].join(" · ");
            return o;
          }));
        })
        .catch(function () {});
    }, 200);
  });
})();

// On a phone the main menu is one strip that scrolls sideways: bring the
// current page's entry into view, so the reader sees where they are, and
// mark the edges where entries are hidden (more-left, more-right), which
// the stylesheet fades out as a hint that the strip scrolls.
(function () {
  const strip = document.querySelector(".top nav:not(.langs)");
  if (!strip) return;
  const here = strip.querySelector("a[aria-current=page]");
  if (here && strip.scrollWidth > strip.clientWidth) {
    strip.scrollLeft = Math.max(0, here.offsetLeft - strip.offsetLeft - 16);
  }
  const edges = function () {
    // A pixel of slack: scroll positions are fractional on some screens.
    const left = strip.scrollLeft > 1;
    const right = strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1;
    strip.classList.toggle("more-left", left);
    strip.classList.toggle("more-right", right);
  };
  strip.classList.add("strip");
  edges();
  strip.addEventListener("scroll", edges, { passive: true });
  window.addEventListener("resize", edges);
})();
