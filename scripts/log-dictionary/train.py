"""Trains the log-entry dictionary (see build.sh) from the entries of the
given workspaces. The agreement entry (one per version, 25 KB) is left out:
it is rare, and would crowd out the fields every report repeats. The demo's
entries, fewer but more varied, are weighted four times."""

import sqlite3
import sys

import zstandard

*workspaces, out = sys.argv[1:]
samples = []
for i, path in enumerate(workspaces):
    rows = sqlite3.connect(path).execute(
        "SELECT data FROM log_entries WHERE kind <> 'agreement' ORDER BY idx"
    )
    entries = [bytes(r[0]) for r in rows]
    samples += entries * (1 if i == 0 else 4)
dictionary = zstandard.train_dictionary(16384, samples, level=3)
with open(out, "wb") as f:
    f.write(dictionary.as_bytes())
print(f"{out}: {len(dictionary.as_bytes())} bytes from {len(samples)} samples")
