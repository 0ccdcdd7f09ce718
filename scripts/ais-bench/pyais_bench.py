"""Times pyais decoding an NMEA file, for `truce bench --ais`.

Usage: python pyais_bench.py FILE
Prints one JSON object: the pyais version, the messages decoded, and the
seconds it took (reading and assembling sentences included, as for Truce),
by the clock and in CPU time (which other work on the machine does not
inflate).
"""

import json
import sys
import time

import pyais
from pyais.stream import FileReaderStream


def main() -> None:
    path = sys.argv[1]
    messages = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for nmea in FileReaderStream(path):
        nmea.decode()
        messages += 1
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        json.dumps(
            {
                "version": pyais.__version__,
                "messages": messages,
                "seconds": seconds,
                "cpu_seconds": cpu,
            }
        )
    )


if __name__ == "__main__":
    main()
