#!/bin/sh
# Exports in bounded memory: a workspace from `truce gen` (REPORTS reports,
# 1,000,000 by default: about 1.15 M findings), then each export format of
# the findings (and the incidents) timed, with the peak resident memory of
# the process (GNU time's %M). Run from the repository's root after
# `cargo build --release -p truce`. Results: docs/benchmarks.md, "Exports".
set -eu
T=${TRUCE:-target/release/truce}
N=${REPORTS:-1000000}
DIR=${DIR:-target/export-bench/$N}
mkdir -p "$DIR"
DB=$DIR/w.db
if [ ! -f "$DB" ]; then
    "$T" gen --reports "$N" --seed 1 -o "$DIR/reports.csv"
    "$T" --db "$DB" init --agreement agreements/partial-truce-2025.toml
    "$T" --db "$DB" ingest --full "$DIR/reports.csv" --json
fi
echo "list format rows seconds peak_kib bytes"
for list in findings incidents; do
    for fmt in csv acled geojson jsonl; do
        out="$DIR/$list.$fmt"
        /usr/bin/time -f "%e %M" -o "$DIR/time" \
            "$T" --db "$DB" export "$list" --format "$fmt" -o "$out" 2>/dev/null
        rows=$(wc -l < "$out")
        case "$fmt" in
            csv | acled) rows=$((rows - 1)) ;;
            geojson) rows=$((rows - 2)) ;;
        esac
        read -r secs kib < "$DIR/time"
        echo "$list $fmt $rows $secs $kib $(wc -c < "$out")"
        rm -f "$out"
    done
done
