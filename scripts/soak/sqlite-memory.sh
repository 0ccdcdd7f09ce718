#!/usr/bin/env bash
# Samples a running `truce serve`'s resident memory and SQLite's own heap
# (memory in use and the part of it held by page caches) every EVERY
# seconds, without any change to the server: gdb reads SQLite's status
# counters (`sqlite3Stat`) from the process. Needs gdb and a binary with
# symbols (the release profile keeps them).
#
#   scripts/soak/sqlite-memory.sh PID [OUT.csv] [EVERY]
#
# Run it beside scripts/soak/run.sh (the server's pid is in its output);
# it stops when the process ends.
set -euo pipefail
pid=${1:?pid of truce serve}
out=${2:-sqlite-memory.csv}
every=${3:-30}
command -v gdb >/dev/null || { echo "gdb is not installed" >&2; exit 1; }
t0=$(date +%s)
echo "seconds,rss_kib,sqlite_memory_bytes,sqlite_page_cache_bytes" >"$out"
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    sql=$(gdb -q -batch -p "$pid" -ex 'print sqlite3Stat.nowValue[0]' \
        -ex 'print sqlite3Stat.nowValue[2]' 2>/dev/null | sed -n 's/^\$[12] = //p' | paste -sd,)
    [[ -n $rss && -n $sql ]] && echo "$(( $(date +%s) - t0 )),$rss,$sql" >>"$out"
    sleep "$every"
done
