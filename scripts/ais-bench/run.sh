#!/bin/sh
# AIS decoding speed: `truce bench --ais` on a generated file, beside pyais
# (from PyPI, installed into a virtual environment under the target folder
# the first time) decoding the same file in the same run.
#
#   scripts/ais-bench/run.sh [SENTENCES]      # default 1000000
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
version=3.3.1
venv=$target/pyais-venv
if ! "$venv/bin/python" -c "import pyais; assert pyais.__version__ == '$version'" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "pyais==$version"
fi
cargo build --release -p truce --manifest-path "$root/Cargo.toml"
exec "$target/release/truce" bench --ais "${1:-1000000}" --python "$venv/bin/python"
