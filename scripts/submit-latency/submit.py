"""Sends each row of a canonical CSV as its own `POST /api/v1/reports`, one
after the other on one keep-alive connection; times each until its answer
arrives, checks that the answer names the report's incident, and prints the
percentiles (all times in ms, written to the last argument as CSV)."""

import csv
import http.client
import json
import sys
import time
from urllib.parse import urlparse

base, token, rows_path, out_path = sys.argv[1:]
u = urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
headers = {
    "Authorization": f"Bearer {token}",
    "Content-Type": "application/json",
}
ints = {"credibility", "killed", "injured"}
floats = {"latitude", "longitude"}
times, unplaced = [], 0
with open(rows_path, newline="") as f:
    rows = list(csv.DictReader(f))
for row in rows:
    obj = {
        k: (int(v) if k in ints else float(v) if k in floats else v)
        for k, v in row.items()
        if v != ""
    }
    body = json.dumps(obj, ensure_ascii=False).encode()
    t = time.perf_counter()
    conn.request("POST", "/api/v1/reports", body, headers)
    resp = conn.getresponse()
    answer = resp.read()
    ms = (time.perf_counter() - t) * 1000
    if resp.status != 200:
        sys.exit(f"HTTP {resp.status}: {answer[:300]!r}")
    a = json.loads(answer)
    if not a.get("placed") or not all(r.get("incident_id") for r in a["reports"]):
        unplaced += 1
    times.append(ms)
with open(out_path, "w") as out:
    out.write("ms\n" + "".join(f"{t:.2f}\n" for t in times))
s = sorted(times)
at = lambda q: s[round((len(s) - 1) * q)]
print(
    f"{len(s)} submissions: p50 {at(0.5):.1f} ms, p90 {at(0.9):.1f} ms, "
    f"p99 {at(0.99):.1f} ms, max {s[-1]:.1f} ms; {unplaced} answered without an incident"
)
