// Small enhancements; every page works without them.
"use strict";

// Map: a date slider that hides incidents after the chosen day.
(function () {
  const box = document.getElementById("timeline");
  const range = document.getElementById("day");
  const label = document.getElementById("day-label");
  if (!box || !range) return;
  box.hidden = false;
  const markers = Array.from(document.querySelectorAll("#map [data-day]"));
  const show = function () {
    const limit = Number(range.value);
    for (const m of markers) {
      const off = Number(m.getAttribute("data-day")) > limit;
      (m.closest("a") || m).classList.toggle("off", off);
    }
    label.textContent = new Date(limit * 86400000).toISOString().slice(0, 10);
  };
  range.addEventListener("input", show);
  show();
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
