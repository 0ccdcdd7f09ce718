#!/usr/bin/env bash
# Builds the dictionary with which the workspace stores log entries
# compressed (crates/truce-store/src/log/entries-v1.zdict). It is trained on
# entries Truce itself writes: the demo workspace (the shipped agreement and
# its illustrative reports, decisions and statements) and 5,000 generated
# reports (`truce gen --seed 11`). Both are the project's own data, under the
# project's licence.
#
# A dictionary, once shipped, is never changed: stored entries name the
# version they were packed with. A better one becomes v2, beside v1.
#
# Usage: scripts/log-dictionary/build.sh [path/to/truce] [out.zdict]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
truce="${1:-$root/target/release/truce}"
out="${2:-$root/crates/truce-store/src/log/entries-v1.zdict}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$truce" demo --out "$work/demo.db" --no-serve >/dev/null
"$truce" gen --reports 5000 --seed 11 -o "$work/gen.csv" >/dev/null
"$truce" --db "$work/gen.db" init --agreement "$root/agreements/partial-truce-2025.toml" >/dev/null
"$truce" --db "$work/gen.db" ingest "$work/gen.csv" >/dev/null

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q 'zstandard==0.23.0'
"$work/venv/bin/python" "$here/train.py" "$work/gen.db" "$work/demo.db" "$out"
