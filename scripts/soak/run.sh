#!/usr/bin/env bash
# Soak test: `truce serve` under a paced mix of reads, submissions and
# decisions for a long time, with its memory and open files sampled.
#
#   scripts/soak/run.sh [DURATION]        (default 30m; e.g. 1m for a trial)
#
# Builds nothing. Uses the binary $TRUCE (default target/release/truce of this
# repository). Builds once a template workspace of $REPORTS generated reports
# (SQLite, gen + init + ingest) and copies it for every run, so each run
# starts from the same state and its reports and votes are new to it. Adds a
# monitor and two adjudicators, starts the server on a free loopback port,
# collects incident ids and $NFINDINGS undecided finding ids through the API,
# then runs wrk with scripts/soak/mixed.lua at $RATE requests/s over $CONNS
# connections (one per thread) for DURATION, while the server's resident
# memory (VmRSS) and open file descriptors are sampled every $EVERY seconds.
# Writes into $SOAK_DATA/runs/<time>/: samples.csv, wrk.txt, summary.txt and
# soak.svg (memory and open files over time).
#
# Settings (environment):
#   TRUCE=path        binary (default: <repo>/target/release/truce)
#   TRUCE_COMMIT=sha  the commit the binary was built from (for the record)
#   SOAK_DATA=dir     work files (default /work/soak-data)
#   REPORTS=20000     reports in the template workspace
#   RATE=40           requests/s, all connections together
#   CONNS=4           wrk connections (and threads)
#   WEIGHTS="list=30,detail=25,page=30,submit=10,decide=5"
#   NFINDINGS=4000    findings to vote on (two votes each); enough for
#                     30 minutes at the default rate and weights
#   EVERY=10          seconds between samples
set -euo pipefail

DURATION=${1:-30m}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
TRUCE=${TRUCE:-$repo/target/release/truce}
[[ $TRUCE == /* ]] || TRUCE=$PWD/$TRUCE
DATA=${SOAK_DATA:-/work/soak-data}
REPORTS=${REPORTS:-20000}
RATE=${RATE:-40}
CONNS=${CONNS:-4}
WEIGHTS=${WEIGHTS:-list=30,detail=25,page=30,submit=10,decide=5}
NFINDINGS=${NFINDINGS:-4000}
EVERY=${EVERY:-10}
AGREEMENT=$repo/agreements/partial-truce-2025.toml

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -x $TRUCE ]] || die "no binary at $TRUCE (build it: cargo build --release -p truce, or set TRUCE)"
for t in wrk curl jq python3; do command -v $t >/dev/null || die "$t is not installed"; done
mkdir -p "$DATA/runs"
run=$DATA/runs/$(date +%Y%m%dT%H%M%S)-$DURATION
mkdir -p "$run"
say "results go to $run"

# --- Template workspace and the reports to submit --------------------------
tmpl=$DATA/tmpl$REPORTS.db
if [[ ! -f $tmpl.ready ]]; then
    rm -f "$tmpl" "$tmpl"-* "$tmpl.logkey"
    say "building the template workspace ($REPORTS reports, seed 1)"
    "$TRUCE" gen --reports "$REPORTS" --seed 1 -o "$DATA/reports$REPORTS.csv" >/dev/null
    "$TRUCE" --db "$tmpl" init --agreement "$AGREEMENT" >/dev/null
    "$TRUCE" --db "$tmpl" ingest "$DATA/reports$REPORTS.csv" | tail -1 >&2
    date -Is >"$tmpl.ready"
fi
# Submitted reports come from another seed (external ids gen-2-N, unseen in
# the template), as JSON objects in the canonical fields.
subs=$DATA/submit-seed2.jsonl
if [[ ! -s $subs ]]; then
    "$TRUCE" gen --reports 100000 --seed 2 -o "$DATA/submit-seed2.csv" >/dev/null
    python3 - "$DATA/submit-seed2.csv" "$subs.part" <<'PY'
import csv, json, sys
ints = {"credibility", "killed", "injured"}
floats = {"latitude", "longitude"}
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w") as out:
    for row in csv.DictReader(f):
        obj = {}
        for k, v in row.items():
            if v == "":
                continue
            obj[k] = int(v) if k in ints else float(v) if k in floats else v
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
PY
    mv "$subs.part" "$subs"
fi
db=$run/ws.db
cp "$tmpl" "$db"
cp "$tmpl.logkey" "$db.logkey"

# --- Facts -----------------------------------------------------------------
{
    echo "date:      $(date -Is)"
    echo "host:      $(hostname), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "kernel:    $(uname -r)"
    echo "commit:    $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown) (scripts)"
    echo "binary:    $TRUCE (sha256 $(sha256sum "$TRUCE" | cut -c1-16), built $(date -r "$TRUCE" -Is), from ${TRUCE_COMMIT:-unknown commit})"
    echo "workspace: SQLite copy of $tmpl ($(du -h "$tmpl" | cut -f1), $REPORTS reports)"
    echo "load:      wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), -t$CONNS -c$CONNS, $RATE req/s, $DURATION, weights $WEIGHTS"
    echo "uptime:    $(uptime)"
} | tee "$run/meta.txt" >&2

# --- Accounts --------------------------------------------------------------
token() { "$TRUCE" --db "$db" user add "$1" --role "$2" </dev/null | sed -n 's/.*keep it secret): *//p'; }
TRUCE_TOKEN=$(token soak-monitor monitor)
SOAK_TOKEN_A=$(token soak-adjudicator-a adjudicator)
SOAK_TOKEN_B=$(token soak-adjudicator-b adjudicator)
[[ -n $TRUCE_TOKEN && -n $SOAK_TOKEN_A && -n $SOAK_TOKEN_B ]] || die "no token from truce user add"
export TRUCE_TOKEN SOAK_TOKEN_A SOAK_TOKEN_B

# --- Server ----------------------------------------------------------------
server_pid=
sampler_pid=
stop() {
    [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap stop EXIT
trap 'exit 130' INT TERM

# Made first: the redirection below happens in the background child, which
# may not have opened the file when the loop first reads it.
: >"$run/server.out"
"$TRUCE" --db "$db" serve --addr 127.0.0.1:0 >"$run/server.out" 2>"$run/server.log" &
server_pid=$!
base=
for _ in $(seq 300); do
    base=$(sed -n 's|^Serving .* at \(http://[^/]*\)/.*|\1|p' "$run/server.out" | head -1)
    [[ -n $base ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$run/server.log" >&2; die "the server exited"; }
    sleep 0.2
done
[[ -n $base ]] || die "the server did not start in 60 s"
say "server pid $server_pid at $base"

# --- Ids, through the API ----------------------------------------------------
api() { curl -fsS -H "Authorization: Bearer $TRUCE_TOKEN" "$base$1"; }
api '/api/v1/incidents?limit=1000' | jq -r '.items[].id' >"$run/ids.txt"
newest=$(api '/api/v1/incidents?limit=1' | jq -r '.items[0].start[0:10]')
[[ $newest =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "no incidents in the workspace"
old=$(date -d "$newest - 40 days" +%F)
api "/api/v1/incidents?to=$old&limit=1000" | jq -r '.items[].id' >>"$run/ids.txt"
sort -u -o "$run/ids.txt" "$run/ids.txt"
export LOADTEST_IDS=$run/ids.txt
# Findings to vote on: the newest first, paged with the cursor.
: >"$run/findings.txt"
cursor=
while (( $(wc -l <"$run/findings.txt") < NFINDINGS )); do
    page=$(api "/api/v1/findings?limit=1000${cursor:+&cursor=$cursor}")
    jq -r '.items[].id' <<<"$page" >>"$run/findings.txt"
    cursor=$(jq -r '.next // empty' <<<"$page")
    [[ -n $cursor ]] || break
done
sed -i "$((NFINDINGS + 1)),\$d" "$run/findings.txt"
export SOAK_FINDINGS=$run/findings.txt SOAK_REPORTS=$subs
wk1=$(date -d "$newest - 6 days" +%F)
{
    echo "commitment=energy&status=corroborated"
    echo "commitment=energy&status=alleged"
    echo "commitment=air&status=disputed"
    echo "region=UA-63"
    echo "region=UA-14"
    echo "from=$wk1&to=$newest"
    echo "party=ru&reading=ua"
    echo "party=ua&reading=ru"
} >"$run/filters.txt"
export LOADTEST_FILTERS=$run/filters.txt
say "$(wc -l <"$run/ids.txt") incident ids, $(wc -l <"$run/findings.txt") findings to vote on"

# --- Sampler ---------------------------------------------------------------
# Every EVERY s: seconds since the start, resident memory (KiB), open file
# descriptors, threads of the server.
sample() {
    local t0=$1
    while kill -0 "$server_pid" 2>/dev/null; do
        printf '%s,%s,%s,%s\n' "$(( $(date +%s) - t0 ))" \
            "$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")" \
            "$(ls "/proc/$server_pid/fd" | wc -l)" \
            "$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")"
        sleep "$EVERY"
    done
}
echo "seconds,rss_kib,fds,threads" >"$run/samples.csv"
sample "$(date +%s)" >>"$run/samples.csv" &
sampler_pid=$!

# --- Load ------------------------------------------------------------------
say "wrk: -t$CONNS -c$CONNS -d$DURATION at $RATE req/s ($WEIGHTS)"
LOADTEST_NAME=soak LOADTEST_RATE=$RATE LOADTEST_THREADS=$CONNS SOAK_WEIGHTS=$WEIGHTS \
    wrk -t"$CONNS" -c"$CONNS" -d"$DURATION" --timeout 10s --latency -s "$here/mixed.lua" "$base" \
    >"$run/wrk.txt" 2>"$run/wrk.err" || say "wrk failed: $(tail -3 "$run/wrk.err")"
sleep "$EVERY" # one more sample after the load
stop
# What the workspace holds after the run (the server has closed it).
python3 - "$db" >>"$run/meta.txt" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reports", "incidents", "decisions")}
print(f"after:     {n['reports']} reports, {n['incidents']} incidents, {n['decisions']} decisions")
PY

python3 "$here/chart.py" "$run" | tee "$run/summary.txt"
