"""``python -m bench``: every benchmark in turn (arguments go to each of them)."""

from __future__ import annotations

import sys

from bench import login_burst, scan_burst

BENCHMARKS = (login_burst, scan_burst)


def main(argv: list[str] | None = None) -> int:
    status = 0
    for n, bench in enumerate(BENCHMARKS):
        if n:
            print()
        status = bench.main(argv) or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
