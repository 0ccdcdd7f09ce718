#!/usr/bin/env bash
# Runs fuzz targets for SECONDS each, two at a time, and prints one line per
# target: executions, seconds, exec/s, corpus size, crashes.
# usage: fuzz/run.sh SECONDS [TARGET...]   (all targets when none is named)
#   FUZZ_RUNS=N   stop a target after N executions (or SECONDS, if sooner)
#   FUZZ_JOBS=1   one target at a time (default 2)
# The corpus grows in $FUZZ_CORPUS/<target> (default /tmp/truce-fuzz-corpus),
# seeded from fuzz/seeds/<target>; crashes land in fuzz/artifacts/<target>.
set -u
cd "$(dirname "$0")"
secs=${1:?seconds}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(cargo fuzz list)
corpus=${FUZZ_CORPUS:-/tmp/truce-fuzz-corpus}
logs=${FUZZ_LOGS:-/tmp/truce-fuzz-logs}
mkdir -p "$logs"
export RUSTC_BOOTSTRAP=1
# safe Rust: no AddressSanitizer (-s none), several times faster.
cargo fuzz build -s none >/dev/null 2>&1 || { echo "build failed"; exit 1; }
one() {
    local t=$1
    mkdir -p "$corpus/$t"
    nice -n 15 cargo fuzz run -s none "$t" "$corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -print_final_stats=1 -rss_limit_mb=2048 \
        >"$logs/$t.log" 2>&1
    local rc=$?
    local execs time
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$')
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
    if ! [ "${time:-0}" -gt 0 ] 2>/dev/null; then
        # Stopped early (a crash): libFuzzer's own rate gives the time.
        local rate
        rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$')
        time=$(( ${rate:-0} > 0 ? ${execs:-0} / rate : secs ))
        [ "$time" -gt 0 ] || time=1
    fi
    printf '%-16s rc=%s execs=%s secs=%s exec/s=%s corpus=%s files\n' "$t" "$rc" "${execs:-?}" \
        "$time" "$(( ${execs:-0} / time ))" "$(ls "$corpus/$t" | wc -l)"
    return $rc
}
fail=0
if [ "${FUZZ_JOBS:-2}" = 1 ]; then
    for t in "${targets[@]}"; do one "$t" || fail=1; done
    exit $fail
fi
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    one "${targets[i]}" &
    p1=$!
    p2=
    if [ $((i + 1)) -lt ${#targets[@]} ]; then one "${targets[i+1]}" & p2=$!; fi
    wait $p1 || fail=1
    [ -n "$p2" ] && { wait $p2 || fail=1; }
done
exit $fail
