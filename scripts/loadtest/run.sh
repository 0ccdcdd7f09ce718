#!/usr/bin/env bash
# Load test of `truce serve` with wrk, on a generated workspace.
#
#   scripts/loadtest/run.sh [REPORTS] [DURATION]      (defaults: 1000000 30s)
#   LOADTEST_DB=postgres://postgres@127.0.0.1:5432/bench_10000000 \
#       scripts/loadtest/run.sh 10000000 20s          an existing workspace
#
# Builds nothing. Uses the binary $TRUCE (default target/release/truce of
# this repository); say which commit it was built from with $TRUCE_COMMIT or a
# file $TRUCE.commit. Creates, or reuses when complete, the workspace
# $LOADTEST_DATA/wsREPORTS.db (gen + init + ingest), makes a monitor account
# (its token is kept in wsREPORTS.token and reused), starts the server on a
# free loopback port, collects incident ids through the API (paging with
# cursor), then runs wrk for each scenario:
#   list       GET /api/v1/incidents?<filter>   rotating filter combinations
#   list-html  GET /incidents?<filter>          same filters, HTML list page
#   page       GET /incidents/{id}              incident HTML page, random ids
#   detail     GET /api/v1/incidents/{id}       incident JSON, random ids
# first at saturation (-c $CONNS), then paced at $RATE requests/s, then with
# $LOW_CONNS connection(s) (no queueing). Stops the
# server and prints a table; everything is kept in $LOADTEST_DATA/runs/<time>/.
#
# With LOADTEST_DB set, the workspace it names (a PostgreSQL URL or a SQLite
# file) is used as it is: nothing is generated or ingested, REPORTS only
# names the run, and the monitor account's token is kept in
# $LOADTEST_DATA/ws-<hash of LOADTEST_DB>.token.
#
# Settings (environment):
#   TRUCE=path         binary (default: <repo>/target/release/truce)
#   LOADTEST_DB=url    an existing workspace instead of a generated one
#   LOADTEST_DATA=dir  work files (default /work/loadtest-data)
#   SEED=1             generator seed (a workspace built with another seed is rebuilt)
#   CONNS=16           wrk connections at saturation
#   THREADS=$CONNS     wrk threads; one connection per thread lets the Lua
#                      scripts time every request (the raw_* columns), which
#                      wrk's own, coordinated-omission-corrected percentiles are not
#   RATE=1000          paced pass, requests/s over all threads (0 = skip it)
#   RATE_CONNS=16      connections for the paced pass
#   LOW_CONNS=1        last pass, unpaced with this few connections: the
#                      service time without queueing (0 = skip it)
#   WARMUP=5s          unrecorded wrk run before each scenario (0 = none)
#   NIDS=2000          incident ids to collect
#   SCENARIOS="list list-html page detail"
#   PASSES="sat rate low"  which passes to run (saturation, paced, few connections)
#   LOAD_MAX=1.0       wait while the 1-minute load average is above this ...
#   LOAD_WAIT=900      ... for at most this many seconds, then go on with a warning
#   OTHER_MAX=25       before each scenario, wait (same limit) until other
#                      processes use at most this % of one core over 5 s
#   PORT=0             server port (0 = a free one)
set -euo pipefail

REPORTS=${1:-1000000}
DURATION=${2:-30s}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
TRUCE=${TRUCE:-$repo/target/release/truce}
[[ $TRUCE == /* ]] || TRUCE=$PWD/$TRUCE
DATA=${LOADTEST_DATA:-/work/loadtest-data}
SEED=${SEED:-1}
CONNS=${CONNS:-16}
THREADS=${THREADS:-$CONNS}
RATE=${RATE:-1000}
RATE_CONNS=${RATE_CONNS:-16}
LOW_CONNS=${LOW_CONNS:-1}
WARMUP=${WARMUP:-5s}
NIDS=${NIDS:-2000}
SCENARIOS=${SCENARIOS:-list list-html page detail}
PASSES=${PASSES:-sat rate low}
LOAD_MAX=${LOAD_MAX:-1.0}
LOAD_WAIT=${LOAD_WAIT:-900}
OTHER_MAX=${OTHER_MAX:-25}
PORT=${PORT:-0}
AGREEMENT=$repo/agreements/partial-truce-2025.toml

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -x $TRUCE ]] || die "no binary at $TRUCE (build it: cargo build --release -p truce, or set TRUCE)"
for t in wrk curl jq; do command -v $t >/dev/null || die "$t is not installed"; done
mkdir -p "$DATA/runs"
run=$DATA/runs/$(date +%Y%m%dT%H%M%S)-$REPORTS
mkdir -p "$run"
say "results go to $run"

# --- Workspace -------------------------------------------------------------
# A URL's password never goes into the run's files.
redact() { sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }
if [[ -n ${LOADTEST_DB:-} ]]; then
    db=$LOADTEST_DB
    ready=
    tokfile=$DATA/ws-$(printf '%s' "$db" | sha256sum | cut -c1-12).token
    if [[ $db == postgres://* || $db == postgresql://* ]]; then
        command -v psql >/dev/null || die "psql is not installed (needed to check $(redact "$db"))"
        psql -X -q -At -c 'SELECT 1' "$db" >/dev/null 2>&1 || die "cannot connect to $(redact "$db")"
    else
        [[ -f $db ]] || die "no workspace at $db"
    fi
    say "using the existing workspace $(redact "$db") as it is"
else
    db=$DATA/ws$REPORTS.db
    ready=$db.ready
    tokfile=$DATA/ws$REPORTS.token
    if [[ -f $db && -f $ready ]] && grep -qx "seed=$SEED" "$ready"; then
        say "reusing $db ($(grep '^built=' "$ready"))"
    else
        rm -f "$db" "$db-wal" "$db-shm" "$ready" "$DATA/ws$REPORTS.token"
        csv=$DATA/reports$REPORTS-seed$SEED.csv
        if [[ ! -s $csv ]]; then
            say "generating $REPORTS reports (seed $SEED) into $csv"
            "$TRUCE" gen --reports "$REPORTS" --seed "$SEED" -o "$csv.part"
            mv "$csv.part" "$csv"
        fi
        say "creating $db"
        "$TRUCE" --db "$db" init --agreement "$AGREEMENT"
        say "ingesting (1M reports take a few minutes)"
        t0=$(date +%s)
        "$TRUCE" --db "$db" ingest "$csv"
        {
            echo "seed=$SEED"
            echo "reports=$REPORTS"
            echo "built=$(date -Is) in $(( $(date +%s) - t0 )) s"
            echo "binary=$("$TRUCE" --version 2>/dev/null || true) sha256=$(sha256sum "$TRUCE" | cut -c1-16)"
        } >"$ready"
    fi
fi

# What the workspace holds and its size on disk, for the facts below.
describe_workspace() {
    if [[ -z $ready ]]; then
        if [[ $db == postgres://* || $db == postgresql://* ]]; then
            psql -X -q -At -F ' ' "$db" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', ' ||
                pg_size_pretty(pg_database_size(current_database())) || ', ' ||
                (SELECT count(*) FROM reports) || ' reports, ' || (SELECT count(*) FROM incidents) || ' incidents'" 2>/dev/null ||
                echo "(size unknown)"
        else
            echo "$(du -h "$db" | cut -f1), existing workspace"
        fi
    else
        echo "$(du -h "$db" | cut -f1), $(tr '\n' ' ' <"$ready")"
    fi
}

# --- Facts -----------------------------------------------------------------
{
    echo "date:      $(date -Is)"
    echo "host:      $(hostname), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "memory:    $(free -g | awk '/^Mem:/ {print $2 " GB"}')"
    echo "kernel:    $(uname -r)"
    if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
        dirty=$(git -C "$repo" status --porcelain | wc -l)
        tree=$(cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 sha256sum 2>/dev/null | sha256sum | cut -c1-16)
        echo "commit:    $(git -C "$repo" rev-parse --short HEAD) ($dirty paths differ from HEAD; source tree sha256 $tree)"
    fi
    echo "binary:    $TRUCE ($("$TRUCE" --version 2>/dev/null || true), sha256 $(sha256sum "$TRUCE" | cut -c1-16), built $(date -r "$TRUCE" -Is))"
    # The commit the binary was built from: $TRUCE_COMMIT, or the file
    # $TRUCE.commit (write it when building), else unknown.
    built_from=${TRUCE_COMMIT:-$(cat "$TRUCE.commit" 2>/dev/null || true)}
    echo "built from: ${built_from:-unknown (set TRUCE_COMMIT or write $TRUCE.commit)}"
    if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 &&
        (( $(date -r "$TRUCE" +%s) < $(git -C "$repo" log -1 --format=%ct) )); then
        echo "WARNING:   the binary is older than HEAD's commit: it may not be HEAD's code"
    fi
    echo "workspace: $(redact "$db") ($(describe_workspace))"
    echo "wrk:       $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), -t$THREADS, -c$CONNS (paced: -c$RATE_CONNS at $RATE req/s; low: -c$LOW_CONNS), -d$DURATION, warm-up $WARMUP"
} | tee "$run/meta.txt" >&2

# --- Server ----------------------------------------------------------------
server_pid=
stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        say "stopping the server (pid $server_pid)"
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

"$TRUCE" --db "$db" serve --addr "127.0.0.1:$PORT" >"$run/server.out" 2>"$run/server.log" &
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

# --- Monitor account -------------------------------------------------------
TRUCE_TOKEN=$(cat "$tokfile" 2>/dev/null || true)
me() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TRUCE_TOKEN" "$base/api/v1/me"; }
if [[ -z $TRUCE_TOKEN || $(me) != 200 ]]; then
    name=loadtest-$(date +%Y%m%d%H%M%S)
    say "adding monitor account $name"
    TRUCE_TOKEN=$("$TRUCE" --db "$db" user add "$name" --role monitor </dev/null |
        sed -n 's/.*keep it secret): *//p')
    [[ -n $TRUCE_TOKEN ]] || die "no token from truce user add"
    (umask 077; printf '%s\n' "$TRUCE_TOKEN" >"$tokfile")
    [[ $(me) == 200 ]] || die "the new token is refused by /api/v1/me"
fi
export TRUCE_TOKEN
auth=(-H "Authorization: Bearer $TRUCE_TOKEN")

# --- Incident ids, through the API ------------------------------------------
# Ten windows a week apart, ending at the newest incident's day and going
# back; in each, page newest-first with the cursor until NIDS/10 ids.
api() { curl -fsS "${auth[@]}" "$base$1"; }
newest=$(api '/api/v1/incidents?limit=1' | jq -r '.items[0].start[0:10]')
[[ $newest =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "no incidents in the workspace"
per=$(( (NIDS + 9) / 10 ))
: >"$run/ids.txt"
: >"$run/sample.jsonl"
for k in $(seq 0 9); do
    day=$(date -d "$newest - $((7 * k)) days" +%F)
    cursor=
    got=0
    while (( got < per )); do
        lim=$(( per - got < 100 ? per - got : 100 ))
        page=$(api "/api/v1/incidents?to=$day&limit=$lim${cursor:+&cursor=$cursor}")
        n=$(jq '.items | length' <<<"$page")
        (( n > 0 )) || break
        jq -c '.items[] | {id, region, status}' <<<"$page" >>"$run/sample.jsonl"
        got=$(( got + n ))
        cursor=$(jq -r '.next // empty' <<<"$page")
        [[ -n $cursor ]] || break
    done
done
jq -r .id "$run/sample.jsonl" | sort -u >"$run/ids.txt"
nids=$(wc -l <"$run/ids.txt")
(( nids > 0 )) || die "collected no incident ids"
say "collected $nids incident ids (newest day $newest) into $run/ids.txt"
export LOADTEST_IDS=$run/ids.txt

# --- Filter mix ------------------------------------------------------------
# status+commitment, region, date range, party+reading: realistic monitor
# queries, default page size (50). Regions are the three most frequent ones
# among the sampled incidents, plus UA-63 (Kharkiv).
mapfile -t regions < <(
    { echo UA-63; jq -r '.region // empty' "$run/sample.jsonl" | sort | uniq -c | sort -rn | awk '{print $2}' | head -3; } |
    awk '!seen[$0]++' | head -3
)
wk1=$(date -d "$newest - 6 days" +%F)
m1=$(date -d "$newest - 30 days" +%F)
m2=$(date -d "$newest - 24 days" +%F)
{
    echo "commitment=energy&status=corroborated"
    echo "commitment=energy&status=alleged"
    echo "commitment=air&status=disputed"
    for r in "${regions[@]}"; do echo "region=$r"; done
    echo "from=$wk1&to=$newest"
    echo "from=$m1&to=$m2"
    echo "party=ru&reading=ua"
    echo "party=ua&reading=ru"
} >"$run/filters.txt"
export LOADTEST_FILTERS=$run/filters.txt

# One request per filter, warm, timed three times: shows a slow combination
# that the mix would average away.
say "checking every filter and one id (median of 3 warm requests)"
timed() { # path -> "code seconds bytes"
    curl -s -o /dev/null "${auth[@]}" -w '%{http_code} %{time_total} %{size_download}\n' "$base$1"
}
probe() { # label path
    timed "$2" >/dev/null
    local out code t bytes
    out=$(for _ in 1 2 3; do timed "$2"; done | sort -k2 -n | sed -n 2p)
    read -r code t bytes <<<"$out"
    printf '  %-60s %s %7.1f ms %8s B\n' "$1" "$code" "$(awk -v t="$t" 'BEGIN{print t*1000}')" "$bytes"
    [[ $code == 2* ]] || { say "$2 answered $code"; return 1; }
}
{
    while read -r q; do
        n=$(api "/api/v1/incidents?$q" | jq '.items | length')
        probe "/api/v1/incidents?$q ($n items)" "/api/v1/incidents?$q"
    done <"$run/filters.txt"
    id=$(head -1 "$run/ids.txt")
    probe "/api/v1/incidents/$id" "/api/v1/incidents/$id"
    probe "/incidents/$id" "/incidents/$id"
} | tee "$run/probe.txt" >&2

# --- Load ------------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }
waited=0
while awk -v l="$(load1)" -v m="$LOAD_MAX" 'BEGIN{exit !(l > m)}'; do
    if (( waited >= LOAD_WAIT )); then
        say "WARNING: load average still $(load1) > $LOAD_MAX after ${LOAD_WAIT}s; going on (numbers may be low)"
        echo "WARNING: started with load average $(load1)" >>"$run/meta.txt"
        break
    fi
    (( waited == 0 )) && { say "load average $(load1) > $LOAD_MAX; waiting (top CPU users:)"; ps -eo pid,pcpu,etime,comm --sort=-pcpu | head -6 >&2; }
    sleep 15
    waited=$(( waited + 15 ))
done
echo "uptime before load: $(uptime) (waited ${waited}s)" | tee -a "$run/meta.txt" >&2

hz=$(getconf CLK_TCK)
# user+nice+system+irq+softirq, all CPUs, in ticks (loopback traffic is
# partly softirq time that the kernel may also charge to the processes).
busy() { awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat; }
srv_ticks() { awk '{print $14+$15}' "/proc/$server_pid/stat"; }
# On PostgreSQL the queries run in the database's backends, local processes
# of their own: their CPU is counted apart (db%), not as other work.
is_pg() { [[ $db == postgres://* || $db == postgresql://* ]]; }
db_pids() {
    is_pg || return 0
    psql -X -q -At "$db" -c "SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()" 2>/dev/null || true
}
db_ticks() { # CPU of the backends listed in $run/.dbpids, in ticks
    local t=0 p
    while read -r p; do
        [[ -r /proc/$p/stat ]] && t=$(( t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
    done <"$run/.dbpids"
    echo "$t"
}
kids_ticks() { # CPU of this shell's children (wrk), from `times`, in ticks
    # (`times` must run in this shell, not in a $(...) subshell.)
    times >"$run/.times"
    tail -1 "$run/.times" | awk -v hz="$hz" '{
        s = 0; for (i = 1; i <= 2; i++) { split($i, a, /m|s/); s += a[1] * 60 + a[2] }; printf "%d\n", s * hz }'
}

# Before each scenario: wait until the rest of the machine is quiet (other
# processes below OTHER_MAX % of one core over 5 s), at most LOAD_WAIT s.
quiet() {
    local b0 s0 other waited=0
    while :; do
        b0=$(busy); s0=$(srv_ticks); sleep 5
        other=$(( ( ($(busy) - b0) - ($(srv_ticks) - s0) ) * 100 / hz / 5 ))
        (( other <= OTHER_MAX )) && break
        if (( waited >= LOAD_WAIT )); then
            say "WARNING: other processes still use ${other}% of a core; going on"
            break
        fi
        (( waited == 0 )) && say "other processes use ${other}% of a core; waiting"
        waited=$(( waited + 5 ))
    done
}

script_of() { case $1 in list|list-html) echo list.lua ;; page) echo page.lua ;; detail) echo detail.lua ;; *) die "unknown scenario $1" ;; esac; }
prefix_of() { case $1 in list-html) echo '/incidents?' ;; *) echo '/api/v1/incidents?' ;; esac; }

results=$run/results.txt
: >"$results"
bench() { # scenario conns rate(0 = unpaced)
    local s=$1 c=$2 r=$3 label=$1 file
    if (( r > 0 )); then label="$s@$r"; elif (( c != CONNS )); then label="$s/c$c"; fi
    file=$run/${label//\//-}
    local t=$THREADS
    if (( c < t )); then t=$c; fi
    local common=(env LOADTEST_NAME="$label" LOADTEST_PREFIX="$(prefix_of "$s")" LOADTEST_THREADS="$t"
        LOADTEST_SEED="$SEED" LOADTEST_RATE="$r")
    local wrkargs=(-t"$t" -c"$c" --timeout 10s -s "$here/$(script_of "$s")" "$base")
    quiet
    if [[ $WARMUP != 0 ]]; then
        "${common[@]}" wrk -d"$WARMUP" "${wrkargs[@]}" >"$file.warmup.txt" 2>&1 || true
    fi
    local b0 s0 k0 d0 b1 s1 k1 d1 secs line
    kids_ticks >"$run/.k0"
    db_pids >"$run/.dbpids"
    b0=$(busy); s0=$(srv_ticks); k0=$(cat "$run/.k0"); d0=$(db_ticks)
    if (( r > 0 )); then say "wrk $label: -t$t -c$c -d$DURATION, paced at $r req/s"; else say "wrk $label: -t$t -c$c -d$DURATION"; fi
    "${common[@]}" wrk -d"$DURATION" --latency "${wrkargs[@]}" 2>&1 | tee "$file.txt" >&2
    kids_ticks >"$run/.k1"
    b1=$(busy); s1=$(srv_ticks); k1=$(cat "$run/.k1"); d1=$(db_ticks)
    secs=$(sed -n 's/.* in \([0-9.]*\) s = .*/\1/p' "$file.txt" | head -1)
    secs=${secs%.*}
    line=$(grep '^RESULT ' "$file.txt" | tail -1) || { say "no RESULT from wrk for $label"; return 0; }
    # CPU in % of one core: the server, wrk, and everything else on the machine.
    echo "$line conns=$c srv_cpu=$(( (s1 - s0) * 100 / hz / secs )) db_cpu=$(( (d1 - d0) * 100 / hz / secs )) wrk_cpu=$(( (k1 - k0) * 100 / hz / secs )) other_cpu=$(( ((b1 - b0) - (s1 - s0) - (k1 - k0) - (d1 - d0)) * 100 / hz / secs )) load1=$(load1)" >>"$results"
}

if [[ " $PASSES " == *" sat "* ]]; then
    for s in $SCENARIOS; do bench "$s" "$CONNS" 0; done
fi
if [[ " $PASSES " == *" rate "* ]] && (( RATE > 0 )); then
    for s in $SCENARIOS; do bench "$s" "$RATE_CONNS" "$RATE"; done
fi
if [[ " $PASSES " == *" low "* ]] && (( LOW_CONNS > 0 )); then
    for s in $SCENARIOS; do bench "$s" "$LOW_CONNS" 0; done
fi

stop_server

# --- Summary ---------------------------------------------------------------
{
    echo
    cat "$run/meta.txt"
    echo
    fmt='%-15s %5s %8s %8s %8s %8s %8s  %8s %8s %7s %6s %6s %6s\n'
    printf "$fmt" scenario conns 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' 'max ms' 'wrk p50' 'wrk p99' errors 'srv%' 'db%' 'other%'
    while read -r line; do
        declare -A f=()
        for kv in $line; do [[ $kv == *=* ]] && f[${kv%%=*}]=${kv#*=}; done
        printf "$fmt" "${f[name]}" "${f[conns]}" "${f[rps]}" "${f[raw_p50_ms]}" "${f[raw_p90_ms]}" "${f[raw_p99_ms]}" "${f[raw_max_ms]}" \
            "${f[p50_ms]}" "${f[p99_ms]}" "$(( f[non2xx] + f[socket_errors] ))" "${f[srv_cpu]}" "${f[db_cpu]:-0}" "${f[other_cpu]}"
        unset f
    done <"$results"
    echo
    echo "p50/p99/max: every request timed by the Lua scripts. wrk p50/p99: wrk's own figures, which add"
    echo "phantom samples for coordinated omission (a few slow requests inflate them; see common.lua)."
    echo "errors = non-2xx responses + wrk socket errors (timeouts > 10 s included); srv% = server CPU,"
    echo "in % of one core (the machine has $(nproc)); db% = the PostgreSQL backends serving it (0 on SQLite);"
    echo "other% = CPU of everything but the server, its database and wrk during the run (approximate, +-20)."
    echo "name@RATE: paced at RATE req/s over $RATE_CONNS connections; name/cN: N connections, unpaced."
} | tee "$run/summary.txt"
