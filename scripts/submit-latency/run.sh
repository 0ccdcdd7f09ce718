#!/usr/bin/env bash
# One report at a time through the API, into a large workspace: the time
# from sending `POST /api/v1/reports` to the answer that names the incident
# the report joined (the incremental issue's "API submission" figure).
#
#   scripts/submit-latency/run.sh [REPORTS] [SUBMISSIONS]   (defaults: 1000000 200)
#
# Uses the binary $TRUCE (default target/release/truce). Builds, or reuses,
# the workspace $DATA/wsREPORTS.db (`truce gen --seed 7`, init, ingest),
# copies it, adds a monitor account, starts `truce serve` on a free loopback
# port, then sends SUBMISSIONS reports of another seed (never seen by the
# workspace), one after the other on one connection, and prints the
# percentiles. Everything is kept in $DATA/submit-<time>/.
set -euo pipefail
REPORTS=${1:-1000000}
N=${2:-200}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
TRUCE=${TRUCE:-$repo/target/release/truce}
DATA=${DATA:-/work/submit-latency-data}
mkdir -p "$DATA"
tmpl=$DATA/ws$REPORTS.db
if [[ ! -e $tmpl.ready ]]; then
    rm -f "$tmpl" "$tmpl.logkey"
    "$TRUCE" gen --reports "$REPORTS" --seed 7 -o "$DATA/gen$REPORTS.csv" >/dev/null
    "$TRUCE" --db "$tmpl" init --agreement "$repo/agreements/partial-truce-2025.toml" >/dev/null
    "$TRUCE" --db "$tmpl" ingest "$DATA/gen$REPORTS.csv" | tail -1
    date -Is >"$tmpl.ready"
fi
run=$DATA/submit-$(date +%Y%m%dT%H%M%S)
mkdir -p "$run"
cp "$tmpl" "$run/ws.db"
cp "$tmpl.logkey" "$run/ws.db.logkey"
"$TRUCE" gen --reports "$N" --seed 2007 -o "$run/submit.csv" >/dev/null
token=$("$TRUCE" --db "$run/ws.db" user add submit-monitor --role monitor </dev/null |
    sed -n 's/.*keep it secret): *//p')
[[ -n $token ]] || { echo "no token from truce user add" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$TRUCE" --db "$run/ws.db" serve --addr "127.0.0.1:$port" >"$run/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
{
    echo "date:    $(date -Is)"
    echo "host:    $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "commit:  $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$run/meta.txt"
python3 "$here/submit.py" "http://127.0.0.1:$port" "$token" "$run/submit.csv" "$run/times.csv"
