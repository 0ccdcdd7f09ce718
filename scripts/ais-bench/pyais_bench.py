"""Times pyais decoding an NMEA file, for `truce bench --ais`.

Usage: python pyais_bench.py FILE
Prints one JSON object: the pyais version, the messages decoded and the
seconds it took (reading and assembling sentences included, as for Truce).
"""

import json
import sys
import time

import pyais
from pyais.stream import FileReaderStream


def main() -> None:
    path = sys.argv[1]
    messages = 0
    start = time.perf_counter()
    for nmea in FileReaderStream(path):
        nmea.decode()
        messages += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"version": pyais.__version__, "messages": messages, "seconds": seconds}))


if __name__ == "__main__":
    main()
