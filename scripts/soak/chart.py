#!/usr/bin/env python3
"""Summary and chart of a soak run: reads RUN/samples.csv and RUN/wrk.txt,
writes RUN/soak.svg (memory and open files over time) and prints the
summary. Standard library only, so the chart needs nothing installed."""
import csv
import re
import sys
from pathlib import Path

run = Path(sys.argv[1])
rows = []
with open(run / "samples.csv", newline="") as f:
    for r in csv.DictReader(f):
        try:
            rows.append((int(r["seconds"]), int(r["rss_kib"]) / 1024, int(r["fds"]), int(r["threads"])))
        except (ValueError, KeyError):
            pass  # the last sample may be cut short when the server stops
if not rows:
    sys.exit("no samples in " + str(run / "samples.csv"))

wrk = (run / "wrk.txt").read_text() if (run / "wrk.txt").exists() else ""
result = dict(re.findall(r"(\w+)=(\S+)", next((l for l in wrk.splitlines() if l.startswith("RESULT ")), "")))
took = re.search(r"(\d+) requests in ([0-9.]+) s", wrk)
kinds = next((l for l in wrk.splitlines() if l.startswith("KINDS ")), "")

# --- SVG -------------------------------------------------------------------
W, H, L, R, T, B = 760, 340, 64, 64, 36, 48
pw, ph = W - L - R, H - T - B
tmax = max(rows[-1][0], 1)
mem_max = max(r[1] for r in rows)
fd_max = max(r[2] for r in rows)


def nice(v):
    """A round upper bound for an axis, at least v."""
    for e in range(0, 7):
        for step in (1, 2, 5):
            c = step * 10**e
            if c >= v:
                return c
    return v


mem_top = nice(mem_max * 1.25)
fd_top = nice(fd_max * 1.25)


def x(t):
    return L + pw * t / tmax


def ym(m):
    return T + ph * (1 - m / mem_top)


def yf(n):
    return T + ph * (1 - n / fd_top)


out = [
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
    'font-family="sans-serif" font-size="12">',
    f'<rect width="{W}" height="{H}" fill="white"/>',
    f'<text x="{L}" y="20" font-size="14">truce serve under the soak mix: resident memory and open files, '
    f"sampled every {rows[1][0] - rows[0][0] if len(rows) > 1 else 0} s</text>",
]
for i in range(5):
    yy = T + ph * i / 4
    out.append(f'<line x1="{L}" y1="{yy:.1f}" x2="{L + pw}" y2="{yy:.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#1f5fbf">{mem_top * (1 - i / 4):g}</text>')
    out.append(f'<text x="{L + pw + 6}" y="{yy + 4:.1f}" fill="#c0392b">{fd_top * (1 - i / 4):g}</text>')
minutes = tmax / 60
step = next(s for s in (1, 2, 5, 10, 15, 30, 60, 120) if minutes / s <= 10)
m = 0
while m <= minutes + 1e-9:
    xx = x(m * 60)
    out.append(f'<line x1="{xx:.1f}" y1="{T + ph}" x2="{xx:.1f}" y2="{T + ph + 4}" stroke="#333"/>')
    out.append(f'<text x="{xx:.1f}" y="{T + ph + 18}" text-anchor="middle">{m:g}</text>')
    m += step
out.append(f'<text x="{L + pw / 2}" y="{H - 8}" text-anchor="middle">minutes</text>')
out.append(f'<text x="14" y="{T + ph / 2}" fill="#1f5fbf" transform="rotate(-90 14 {T + ph / 2})" '
           'text-anchor="middle">resident memory, MiB</text>')
out.append(f'<text x="{W - 10}" y="{T + ph / 2}" fill="#c0392b" transform="rotate(90 {W - 10} {T + ph / 2})" '
           'text-anchor="middle">open files</text>')
out.append(f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
mem_pts = " ".join(f"{x(t):.1f},{ym(mm):.1f}" for t, mm, _, _ in rows)
fd_pts = " ".join(f"{x(t):.1f},{yf(n):.1f}" for t, _, n, _ in rows)
out.append(f'<polyline points="{mem_pts}" fill="none" stroke="#1f5fbf" stroke-width="2"/>')
out.append(f'<polyline points="{fd_pts}" fill="none" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 3"/>')
out.append(f'<text x="{L + 8}" y="{T + 16}" fill="#1f5fbf">— memory (VmRSS, MiB)</text>')
out.append(f'<text x="{L + 8}" y="{T + 32}" fill="#c0392b">- - open files (/proc/PID/fd)</text>')
out.append("</svg>")
(run / "soak.svg").write_text("\n".join(out) + "\n")

# --- Summary ---------------------------------------------------------------
def span(i, unit, fmt):
    vals = [r[i] for r in rows]
    return f"start {fmt(vals[0])}{unit}, end {fmt(vals[-1])}{unit}, min {fmt(min(vals))}{unit}, max {fmt(max(vals))}{unit}"


print((run / "meta.txt").read_text().rstrip())
print(f"requests:  {result.get('requests', '?')} in {took.group(2) if took else '?'} s ({result.get('rps', '?')} req/s)")
print(f"errors:    non-2xx {result.get('non2xx', '?')}, socket errors {result.get('socket_errors', '?')}")
print(f"per kind:  {kinds[6:] if kinds else '?'}  (kind=sent/non-2xx)")
print(f"latency:   p50 {result.get('raw_p50_ms', '?')} ms, p90 {result.get('raw_p90_ms', '?')} ms, "
      f"p99 {result.get('raw_p99_ms', '?')} ms, max {result.get('raw_max_ms', '?')} ms (every request timed)")
print(f"memory:    {span(1, ' MiB', lambda v: f'{v:.1f}')}")
print(f"open fds:  {span(2, '', str)}")
print(f"threads:   {span(3, '', str)}")
# The first minute warms the caches; flatness is judged from there on.
warm = [r for r in rows if r[0] >= 60]
if len(warm) >= 2:
    mins = (warm[-1][0] - warm[0][0]) / 60
    print(f"after 1 min: memory {warm[0][1]:.1f} -> {warm[-1][1]:.1f} MiB "
          f"({(warm[-1][1] - warm[0][1]) / mins:+.2f} MiB/min), open files {warm[0][2]} -> {warm[-1][2]}, "
          f"max {max(r[2] for r in warm)}")
print(f"samples:   {len(rows)} -> {run / 'samples.csv'}, chart {run / 'soak.svg'}")
